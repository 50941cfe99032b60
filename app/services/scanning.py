"""Scanning returned ballots: files and folders of scanned pages in, counted ballots and a review queue out.

Each page is read in a worker (app.recognition.pipeline: QR, alignment, ink per region) and then stored
here in its own transaction together with its audit entry: a page read with certainty becomes a ballot
(source "scan") through the same `record_ballot` as keyed entry, so the same rejections apply; a page with
anything uncertain waits in the review queue for a person; every other page is kept with its outcome
(blank back, unreadable, foreign, duplicate, unissued, test, closed) and reported — never skipped.

The scanned file itself is copied beside the meeting file (`<name>.scans/<sha256>.<ext>`) before any
page of it is stored, so every page can be shown again, recounted and archived. A page already stored
(same file bytes, same page) is reported as a duplicate and left alone: a re-run, or a watched folder,
never overwrites what a person decided.
"""

from __future__ import annotations

import concurrent.futures
import concurrent.futures.process
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app import clock
from app.errors import EntryError, NotFoundError, ScanFileError, StateError
from app.printing import ballot_code
from app.printing.ballot_pdf import blank_page
from app.printing.layout import template
from app.recognition.images import SUFFIXES, count_pages, scan_inputs
from app.recognition.interpret import Cell, assemble
from app.recognition.pipeline import Context, PageResult, PollTemplate, recognise
from app.rules.model import PollDef
from app.services import audit, roles
from app.services.ballots import EntryDraft, entry_json, record_ballot
from app.services.meetings import get_meeting
from app.services.polls import poll_def
from app.services.printing import poll_layout
from app.store.db import MeetingFile
from app.store.orm import BallotRecord, BallotSheet, Poll, ScannedPage

PAPERS = ("A4", "A5")

OUTCOME_LABELS = {
    "read": "đọc được, đã tính",
    "review": "cần người xem",
    "blank": "trang trắng",
    "unreadable": "không đọc được",
    "foreign": "không phải phiếu của hội nghị này",
    "duplicate": "trùng",
    "unissued": "không có trong sổ phiếu đã phát",
    "test": "phiếu thử",
    "closed": "nội dung đã kết thúc",
}
# What becomes of a page with each outcome: counted / pending (a person must decide) / waiting (the other
# pages of its sheet) / turned_away (kept and reported, never counted) / done (blank backs).
STATUS_LABELS = {
    "counted": "đã tính",
    "pending": "chờ người xem",
    "waiting": "chờ trang còn lại của tờ phiếu",
    "turned_away": "không tính",
    "done": "trang trắng",
    "dismissed": "đã xử lý, không tính",
}


@dataclass(frozen=True)
class PageOutcome:
    """What became of one scanned page, as reported to the user."""

    file: str
    page_no: int
    outcome: str
    status: str
    reasons: tuple[str, ...] = ()
    serial: str | None = None
    poll: str | None = None
    ballot: str | None = None  # the ballot it was counted as
    valid: bool | None = None
    cells: tuple[Cell, ...] = ()
    page_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        """The page as `kiemphieu scan --json` prints it."""
        return {
            "file": self.file,
            "page": self.page_no,
            "outcome": self.outcome,
            "status": self.status,
            "serial": self.serial,
            "poll": self.poll,
            "ballot": self.ballot,
            "valid": self.valid,
            "reasons": list(self.reasons),
            "readings": [c.as_list() for c in self.cells],
        }


@dataclass
class ScanReport:
    """Every page of a scan batch, in order, and the totals by outcome."""

    pages: list[PageOutcome] = field(default_factory=list)
    seconds: float = 0.0
    cancelled: bool = False  # stopped by the user part-way: the pages listed are stored, the rest not read

    @property
    def totals(self) -> dict[str, int]:
        """Pages per outcome."""
        return dict(Counter(p.outcome for p in self.pages))

    @property
    def counted(self) -> int:
        """Ballots counted by this batch."""
        return sum(1 for p in self.pages if p.ballot is not None)


def scans_folder(meeting_file: MeetingFile) -> Path:
    """Where the scanned files of a meeting are kept: beside the meeting file."""
    return meeting_file.path.with_name(meeting_file.path.stem + ".scans")


def stored_file(meeting_file: MeetingFile, sha256: str, file_name: str) -> Path:
    """The kept copy of a scanned file."""
    return scans_folder(meeting_file) / f"{sha256}{Path(file_name).suffix.lower()}"


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes (read in blocks); ScanFileError naming the file if it cannot be read."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise ScanFileError(f"{path.name}: không đọc được tệp ({exc.strerror}).") from None
    return digest.hexdigest()


def _keep(meeting_file: MeetingFile, path: Path, sha256: str) -> Path:
    """Copy a scanned file beside the meeting file under its hash (durably, before any page is stored)."""
    target = stored_file(meeting_file, sha256, path.name)
    if target.exists():
        return target
    folder = target.parent
    temporary = folder / f".{target.name}.tmp"
    try:
        folder.mkdir(exist_ok=True)
        shutil.copyfile(path, temporary)
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ScanFileError(
            f"{path.name}: không chép được ảnh quét vào {folder} ({exc.strerror}); chưa trang nào được ghi."
        ) from None
    return target


def build_context(session: Session, *, stamp_check: bool = True) -> Context:
    """The meeting's key and every poll that has printed sheets, with its templates and blank pages."""
    meeting = get_meeting(session)
    polls: dict[int, PollTemplate] = {}
    printed = set(session.scalars(select(BallotSheet.poll_id).distinct()))
    for poll in session.scalars(select(Poll).where(Poll.id.in_(printed)).order_by(Poll.ordinal)):
        pages: dict[str, tuple[dict[str, Any], ...]] = {}
        blanks: dict[str, tuple[bytes, ...]] = {}
        for paper in PAPERS:
            _, layout = poll_layout(session, poll.code, paper)
            pages[paper] = tuple(template(poll.code, paper, layout)["pages"])
            blanks[paper] = tuple(blank_page(p) for p in layout)
        polls[poll.id] = PollTemplate(poll.id, poll.code, poll.round_no, poll_def(poll), pages, blanks)
    return Context(
        fingerprint=ballot_code.fingerprint_bytes(meeting.fingerprint),
        secret=meeting.secret,
        polls=polls,
        stamp_check=stamp_check,
    )


_worker_context: Context | None = None


def _init_worker(context: Context) -> None:
    global _worker_context
    _worker_context = context


def _work(job: tuple[Path, int]) -> PageResult:
    assert _worker_context is not None
    return recognise(job[0], job[1], _worker_context)


@dataclass(frozen=True)
class _Job:
    stored: Path
    name: str
    sha256: str
    page_no: int


def _named(result: PageResult, job: _Job) -> PageResult:
    """The result as the user knows the file: by the name they gave it, not the kept copy's hash."""
    reasons = tuple(r.replace(job.stored.name, job.name) for r in result.reasons)
    return replace(result, file=job.name, reasons=reasons)


def _results(jobs: Sequence[_Job], context: Context, workers: int) -> Iterator[tuple[_Job, PageResult]]:
    """Recognition results in job order; with more than one worker, pages are read in parallel processes."""
    if workers <= 1 or len(jobs) < 2:
        for job in jobs:
            yield job, _named(recognise(job.stored, job.page_no, context), job)
        return
    # spawn, not fork: the GUI process has Qt threads that a forked child must not inherit.
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(context,),
    )
    try:
        ahead = 4 * workers
        pending: list[tuple[_Job, concurrent.futures.Future[PageResult]]] = []
        queue = iter(jobs)
        for job in queue:
            pending.append((job, pool.submit(_work, (job.stored, job.page_no))))
            if len(pending) >= ahead:
                break
        while pending:
            job, future = pending.pop(0)
            nxt = next(queue, None)
            if nxt is not None:
                pending.append((nxt, pool.submit(_work, (nxt.stored, nxt.page_no))))
            try:
                result = future.result()
            except concurrent.futures.process.BrokenProcessPool:
                raise ScanFileError(
                    f"{job.name}, trang {job.page_no}: tiến trình đọc ảnh bị dừng đột ngột (thiếu bộ nhớ, hoặc tệp làm "
                    "hỏng bộ giải mã). Các trang trước đã được ghi; chạy lại để đọc tiếp, hoặc quét lại trang này."
                ) from None
            yield job, _named(result, job)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def scan_files(
    meeting_file: MeetingFile,
    paths: Sequence[Path],
    *,
    operator: str,
    pass_no: int = 1,
    workers: int = 1,
    stamp_check: bool = True,
    progress: Callable[[int, int], None] | None = None,
    on_page: Callable[[PageOutcome], None] | None = None,
) -> ScanReport:
    """Read every page of `paths` (files, or folders of them) and store what each page says.

    Each page is its own transaction: a crash or a cancel (`progress(done, total)` raising) keeps every
    page stored before it, and running the same files again carries on where it stopped.
    """
    started = time.perf_counter()
    files = scan_inputs(paths)
    with meeting_file.reading() as session:
        context = build_context(session, stamp_check=stamp_check)
        seen = {
            (sha, page): (name, at)
            for sha, page, name, at in session.execute(
                select(ScannedPage.file_sha256, ScannedPage.page_no, ScannedPage.file_name, ScannedPage.scanned_at)
            )
        }
    report = ScanReport()
    jobs: list[_Job] = []
    for path in files:
        sha = file_sha256(path)
        stored = _keep(meeting_file, path, sha)
        for page_no in range(1, count_pages([stored]) + 1):
            earlier = seen.get((sha, page_no))
            if earlier is not None:
                again = PageOutcome(
                    path.name,
                    page_no,
                    "duplicate",
                    "done",
                    (f"trang này đã quét lúc {earlier[1]:%H:%M:%S %d/%m/%Y} (tệp {earlier[0]}); bỏ qua",),
                )
                report.pages.append(again)
                if on_page is not None:
                    on_page(again)
                continue
            jobs.append(_Job(stored, path.name, sha, page_no))
    total = len(jobs)
    station = clock.station()
    for done, (job, result) in enumerate(_results(jobs, context, workers), start=1):
        outcome = _store(meeting_file, job, result, context, operator=operator, station=station, pass_no=pass_no)
        report.pages.append(outcome)
        if on_page is not None:
            on_page(outcome)
        if progress is not None:
            progress(done, total)
    report.seconds = time.perf_counter() - started
    return report


def _poll(session: Session, poll_id: int) -> Poll | None:
    return session.scalar(select(Poll).where(Poll.id == poll_id).options(selectinload(Poll.items)))


def _registry_problem(session: Session, poll: Poll, serial: str, pass_no: int) -> tuple[str, str] | None:
    """(outcome, reason) when the sheet may not be counted now; None when it may."""
    if poll.status == "closed":
        return "closed", f"nội dung '{poll.code}' đã kết thúc kiểm phiếu, không tính thêm phiếu"
    sheet = session.scalar(select(BallotSheet).where(BallotSheet.serial == serial))
    if sheet is None or sheet.poll_id != poll.id:
        return "unissued", f"phiếu số {serial} không có trong sổ phiếu đã in của nội dung này"
    if sheet.status == "test":
        return "test", "phiếu thử (phiếu kiểm tra máy), không được tính"
    if sheet.status != "issued":
        label = {"spoiled": "đã hủy (đổi phiếu)", "unused": "chưa phát (phiếu thừa)"}.get(sheet.status, sheet.status)
        return "unissued", f"phiếu số {serial} {label}, không được tính"
    earlier = session.scalar(
        select(BallotRecord).where(
            BallotRecord.poll_id == poll.id, BallotRecord.pass_no == pass_no, BallotRecord.serial == serial
        )
    )
    if earlier is not None:
        how = "quét" if earlier.source == "scan" else "nhập"
        return "duplicate", (
            f"phiếu số {serial} đã {how} lúc {earlier.entered_at:%H:%M:%S %d/%m/%Y} tại máy {earlier.station} "
            f"(người {how}: {earlier.operator})"
        )
    return None


def _store(
    meeting_file: MeetingFile,
    job: _Job,
    result: PageResult,
    context: Context,
    *,
    operator: str,
    station: str,
    pass_no: int,
) -> PageOutcome:
    """Store one page and what it says (one transaction, with its audit entry); count its sheet if complete."""
    with meeting_file.transaction() as session:
        at = clock.now()
        outcome, reasons = result.outcome, result.reasons
        poll = _poll(session, result.poll_id) if result.poll_id is not None else None
        if poll is not None and result.serial is not None and outcome in ("read", "review", "unreadable"):
            problem = _registry_problem(session, poll, result.serial, pass_no)
            if problem is None:
                twin = session.scalar(
                    select(ScannedPage).where(
                        ScannedPage.serial == result.serial,
                        ScannedPage.pass_no == pass_no,
                        ScannedPage.sheet_page == result.sheet_page,
                        ScannedPage.status.in_(["pending", "waiting"]),
                    )
                )
                if twin is not None and twin.outcome == "unreadable" and outcome != "unreadable":
                    # The sheet scanned again, and read this time: the page nothing could be read from gives way.
                    twin.status, twin.reviewed_by, twin.reviewed_at = "dismissed", operator, at
                    twin.review_note = f"đã quét lại: {job.name}, trang {job.page_no}"
                    audit.record(
                        session,
                        action="scan.superseded",
                        actor=operator,
                        at=at,
                        poll_id=poll.id,
                        subject=result.serial,
                        details={"file": twin.file_name, "page": twin.page_no, "by": job.name, "by_page": job.page_no},
                    )
                elif twin is not None:
                    problem = (
                        "duplicate",
                        f"trang này của phiếu số {result.serial} đã quét ({twin.file_name}, trang {twin.page_no}) "
                        "và đang chờ xử lý",
                    )
            if problem is not None:
                outcome, reasons = problem[0], (problem[1],)
        status = {
            "read": "waiting",
            "review": "pending",
            "unreadable": "pending",
            "blank": "done",
        }.get(outcome, "turned_away")
        page = ScannedPage(
            file_name=job.name,
            file_sha256=job.sha256,
            page_no=job.page_no,
            scanned_at=at,
            operator=operator,
            station=station,
            outcome=outcome,
            status=status,
            reasons={"list": list(reasons)},
            poll_id=poll.id if poll is not None else None,
            pass_no=pass_no,
            serial=result.serial,
            sheet_page=result.sheet_page,
            sheet_pages=result.sheet_pages,
            cells={
                "cells": [c.as_list() for c in result.cells],
                "checks": _checks(reasons) if outcome == "review" else [],
                **result.details,
            },
        )
        session.add(page)
        session.flush()
        audit.record(
            session,
            action="scan.page",
            actor=operator,
            at=at,
            poll_id=page.poll_id,
            subject=result.serial or f"{job.name}#{job.page_no}",
            details={
                "file": job.name,
                "sha256": job.sha256,
                "page": job.page_no,
                "outcome": outcome,
                "pass": pass_no,
                "reasons": list(reasons),
            },
        )
        saved = _count_sheet(session, page, operator=operator, station=station) if status == "waiting" else None
        return _outcome(page, poll, saved, result.cells)


def _outcome(
    page: ScannedPage, poll: Poll | None, saved: tuple[str, bool] | None, cells: tuple[Cell, ...]
) -> PageOutcome:
    """A stored page as reported to the user (with the ballot it was counted as, if it was)."""
    return PageOutcome(
        file=page.file_name,
        page_no=page.page_no,
        outcome=page.outcome,
        status=page.status,
        reasons=tuple(page.reasons.get("list", [])),
        serial=page.serial,
        poll=poll.code if poll is not None else None,
        ballot=saved[0] if saved else None,
        valid=saved[1] if saved else None,
        cells=cells,
        page_id=page.id,
    )


def _checks(reasons: Iterable[str]) -> list[str]:
    """Page-level questions for a person, beyond the cells: the stamp and writing outside the regions."""
    checks = []
    for reason in reasons:
        if "dấu đóng" in reason:
            checks.append("stamp")
        elif "ngoài các ô" in reason:
            checks.append("extra")
    return checks


def _cells(page: ScannedPage) -> list[Cell]:
    return [Cell.from_list(c) for c in page.cells.get("cells", [])]


def _count_sheet(session: Session, page: ScannedPage, *, operator: str, station: str) -> tuple[str, bool] | None:
    """Once every page of a sheet is decided, store the ballot they make; (key, valid), or None if not yet."""
    assert page.poll_id is not None
    assert page.serial is not None
    pages = list(
        session.scalars(
            select(ScannedPage)
            .where(
                ScannedPage.serial == page.serial,
                ScannedPage.pass_no == page.pass_no,
                ScannedPage.status == "waiting",
            )
            .order_by(ScannedPage.sheet_page)
        )
    )
    if {p.sheet_page for p in pages} != set(range(1, (page.sheet_pages or 1) + 1)):
        return None
    poll = _poll(session, page.poll_id)
    assert poll is not None
    pdef = poll_def(poll)
    cells = [c for p in pages for c in _cells(p)]
    physical = next((p.cells.get("physical_invalid") for p in pages if p.cells.get("physical_invalid")), None)
    ballot = replace(assemble(pdef, cells, page.serial), physical_invalid=physical)
    problem = _registry_problem(session, poll, page.serial, page.pass_no)
    if problem is not None:
        for p in pages:
            p.status, p.outcome = "turned_away", problem[0]
            p.reasons = {"list": [*p.reasons.get("list", []), problem[1]]}
        return None
    try:
        saved = record_ballot(
            session,
            poll=poll,
            pdef=pdef,
            draft=EntryDraft(serial=page.serial, ballot=ballot),
            operator=operator,
            station=station,
            source="scan",
            pass_no=page.pass_no,
        )
    except EntryError as exc:
        for p in pages:
            p.status = "pending"
            p.reasons = {"list": [*p.reasons.get("list", []), str(exc)]}
        return None
    record = session.scalar(
        select(BallotRecord).where(
            BallotRecord.poll_id == poll.id, BallotRecord.pass_no == page.pass_no, BallotRecord.serial == page.serial
        )
    )
    assert record is not None
    for p in pages:
        p.status = "counted"
        p.ballot_id = record.id
    return saved.key, saved.valid


# ---------------------------------------------------------------- review


@dataclass(frozen=True)
class QueueItem:
    """A page waiting for a person."""

    page_id: int
    file: str
    page_no: int
    outcome: str
    serial: str | None
    poll: str | None
    reasons: tuple[str, ...]
    uncertain: int  # cells still undecided


def review_queue(session: Session, code: str | None = None) -> list[QueueItem]:
    """Pages a person must look at (of poll `code` and pages of no known poll, or all), oldest first."""
    query = select(ScannedPage).where(ScannedPage.status == "pending").order_by(ScannedPage.id)
    if code is not None:
        poll = session.scalar(select(Poll).where(Poll.code == code))
        if poll is None:
            raise NotFoundError(f"Không có nội dung '{code}'.")
        query = query.where((ScannedPage.poll_id == poll.id) | (ScannedPage.poll_id.is_(None)))
    codes = {poll_id: code for poll_id, code in session.execute(select(Poll.id, Poll.code))}
    return [
        QueueItem(
            page_id=p.id,
            file=p.file_name,
            page_no=p.page_no,
            outcome=p.outcome,
            serial=p.serial,
            poll=codes.get(p.poll_id) if p.poll_id is not None else None,
            reasons=tuple(p.reasons.get("list", [])),
            uncertain=sum(1 for c in _cells(p) if not c.certain),
        )
        for p in session.scalars(query)
    ]


def stored_totals(session: Session) -> dict[str, int]:
    """Scanned pages kept in the meeting file, by what became of them (status)."""
    rows = session.execute(select(ScannedPage.status, func.count()).group_by(ScannedPage.status))
    return {status: count for status, count in rows}


def unfinished(session: Session, poll: Poll) -> tuple[int, int]:
    """(pages waiting for a person, pages waiting for the rest of their sheet) that concern `poll`."""
    pending = session.scalars(
        select(ScannedPage.id).where(
            ScannedPage.status == "pending", (ScannedPage.poll_id == poll.id) | (ScannedPage.poll_id.is_(None))
        )
    ).all()
    waiting = session.scalars(
        select(ScannedPage.id).where(ScannedPage.status == "waiting", ScannedPage.poll_id == poll.id)
    ).all()
    return len(pending), len(waiting)


@dataclass(frozen=True)
class ReviewPage:
    """A page as the review screen shows it: the kept file, the template page and where it lies on the image."""

    page_id: int
    image_path: Path
    page_no: int
    file: str
    outcome: str
    status: str
    serial: str | None
    poll: str | None
    pdef: PollDef | None
    template: dict[str, Any] | None
    transform: list[list[float]] | None
    cells: tuple[Cell, ...]
    reasons: tuple[str, ...]
    checks: tuple[str, ...]
    stamp: float | None
    extra_at: tuple[float, float] | None


def _page(session: Session, page_id: int) -> ScannedPage:
    page = session.get(ScannedPage, page_id)
    if page is None:
        raise NotFoundError(f"Không có trang quét số {page_id}.")
    return page


def review_page(meeting_file: MeetingFile, session: Session, page_id: int) -> ReviewPage:
    """Everything the review screen needs about one page."""
    page = _page(session, page_id)
    poll = _poll(session, page.poll_id) if page.poll_id is not None else None
    pdef = poll_def(poll) if poll is not None else None
    page_template = None
    paper = page.cells.get("paper")
    if poll is not None and paper in PAPERS and page.sheet_page:
        _, layout = poll_layout(session, poll.code, paper)
        page_template = template(poll.code, paper, layout)["pages"][page.sheet_page - 1]
    extra_at = page.cells.get("extra_at")
    return ReviewPage(
        page_id=page.id,
        image_path=stored_file(meeting_file, page.file_sha256, page.file_name),
        page_no=page.page_no,
        file=page.file_name,
        outcome=page.outcome,
        status=page.status,
        serial=page.serial,
        poll=poll.code if poll is not None else None,
        pdef=pdef,
        template=page_template,
        transform=page.cells.get("transform"),
        cells=tuple(_cells(page)),
        reasons=tuple(page.reasons.get("list", [])),
        checks=tuple(page.cells.get("checks", [])),
        stamp=page.cells.get("stamp"),
        extra_at=tuple(extra_at) if extra_at else None,
    )


def _checked_value(cell: Cell, value: Any, pdef: PollDef) -> bool | int | str | None:
    """A person's value for a cell, checked against what the cell can hold."""
    where = f"dòng {cell.row}" + (f", cột {cell.col}" if cell.col else "")
    if cell.kind in ("box", "name"):
        if not isinstance(value, bool):
            raise EntryError(f"{where}: chỉ chọn có dấu hoặc không có dấu.")
        return value
    if cell.kind == "score":
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise EntryError(f"{where}: điểm phải là số không âm (tính theo nửa điểm).")
        return value
    text = "" if value is None else str(value).strip()
    if len(text) > 200:
        raise EntryError(f"{where}: tên quá dài.")
    return text


def decide(
    meeting_file: MeetingFile,
    *,
    page_id: int,
    values: dict[tuple[str, int, int], Any],
    actor: str,
    physical_invalid: str | None = None,
    checks_done: bool = True,
    note: str | None = None,
) -> PageOutcome:
    """A person's decision on a page: the value of each cell they set (others keep the reading), and
    whether they looked at the stamp and the writing outside the regions (`checks_done`), with a physical
    reason the ballot is invalid if there is one. The page is counted once nothing is left undecided and
    the rest of its sheet is in. One transaction with its audit entry (every changed cell, before and after)."""
    station = clock.station()
    with meeting_file.transaction() as session:
        page = _page(session, page_id)
        if page.status != "pending":
            raise StateError(
                f"Trang {page.page_no} của {page.file_name} không chờ người xem ({STATUS_LABELS[page.status]})."
            )
        if page.poll_id is None or not page.cells.get("cells"):
            raise StateError(
                "Trang này không đọc được vùng đánh dấu nào: hãy nhập tay phiếu giấy (màn hình Nhập phiếu) rồi "
                "đánh dấu trang là đã xử lý."
            )
        poll = _poll(session, page.poll_id)
        assert poll is not None
        pdef = poll_def(poll)
        cells = _cells(page)
        by_key = {(c.kind, c.row, c.col): c for c in cells}
        changed = []
        for key, value in values.items():
            cell = by_key.get(key)
            if cell is None:
                raise EntryError(f"Trang này không có vùng {key[0]} dòng {key[1]} cột {key[2]}.")
            checked = _checked_value(cell, value, pdef)
            if checked != cell.value or not cell.certain:
                changed.append([*key, cell.value, checked, round(cell.score, 4)])
            by_key[key] = replace(cell, value=checked, certain=True)
        cells = list(by_key.values())
        checks = [] if checks_done else list(page.cells.get("checks", []))
        physical = (physical_invalid or "").strip() or None
        page.cells = {
            **page.cells,
            "cells": [c.as_list() for c in cells],
            "checks": checks,
            "physical_invalid": physical,
            "decided": [*page.cells.get("decided", []), *changed],
        }
        at = clock.now()
        page.reviewed_by, page.reviewed_at = actor, at
        page.review_note = (note or "").strip() or page.review_note
        decided = all(c.certain for c in cells) and not checks
        if decided:
            page.status = "waiting"
        audit.record(
            session,
            action="scan.reviewed",
            actor=actor,
            at=at,
            poll_id=page.poll_id,
            subject=page.serial,
            details={
                "file": page.file_name,
                "page": page.page_no,
                "cells": changed,
                "physical_invalid": physical,
                "checks_done": checks_done,
                "decided": decided,
            },
        )
        saved = _count_sheet(session, page, operator=actor, station=station) if decided else None
        return _outcome(page, poll, saved, tuple(cells))


def dismiss(meeting_file: MeetingFile, *, page_id: int, note: str, actor: str, pin: str | None = None) -> None:
    """Take a page out of the review queue without counting it (e.g. the ballot was keyed in by hand, or the
    page was scanned again). Head of the committee only: it sets a possible ballot aside."""
    if not note.strip():
        raise EntryError("Hãy ghi lý do (ví dụ: đã nhập tay phiếu số …, đã quét lại).")
    with meeting_file.transaction() as session:
        roles.require_head(session, pin, "bỏ một trang quét khỏi hàng chờ")
        page = _page(session, page_id)
        if page.status != "pending":
            raise StateError(f"Trang {page.page_no} của {page.file_name} không chờ người xem.")
        at = clock.now()
        page.status, page.reviewed_by, page.reviewed_at, page.review_note = "dismissed", actor, at, note.strip()
        audit.record(
            session,
            action="scan.dismissed",
            actor=actor,
            at=at,
            poll_id=page.poll_id,
            subject=page.serial or f"{page.file_name}#{page.page_no}",
            details={"file": page.file_name, "page": page.page_no, "note": note.strip()},
        )


@dataclass(frozen=True)
class Crop:
    """One pending cell of one option across the queue, for the bulk view."""

    page_id: int
    serial: str | None
    cell: Cell


def option_cells(session: Session, *, code: str, kind: str, row: int, col: int) -> list[Crop]:
    """Every undecided cell of one option (kind, row, col) in poll `code`'s queue, least ink first."""
    poll = session.scalar(select(Poll).where(Poll.code == code))
    if poll is None:
        raise NotFoundError(f"Không có nội dung '{code}'.")
    crops = []
    for page in session.scalars(
        select(ScannedPage).where(ScannedPage.status == "pending", ScannedPage.poll_id == poll.id)
    ):
        for cell in _cells(page):
            if not cell.certain and (cell.kind, cell.row, cell.col) == (kind, row, col):
                crops.append(Crop(page.id, page.serial, cell))
    return sorted(crops, key=lambda c: c.cell.score)


def poll_columns(session: Session, code: str) -> tuple[str, ...]:
    """The mark columns of poll `code` (for naming a box to a person)."""
    poll = session.scalar(select(Poll).where(Poll.code == code).options(selectinload(Poll.items)))
    if poll is None:
        raise NotFoundError(f"Không có nội dung '{code}'.")
    return poll_def(poll).columns


def uncertain_options(session: Session, *, code: str) -> list[tuple[tuple[str, int, int], int]]:
    """The options with undecided cells in poll `code`'s queue, and how many each has."""
    poll = session.scalar(select(Poll).where(Poll.code == code))
    if poll is None:
        raise NotFoundError(f"Không có nội dung '{code}'.")
    counts: Counter[tuple[str, int, int]] = Counter()
    for page in session.scalars(
        select(ScannedPage).where(ScannedPage.status == "pending", ScannedPage.poll_id == poll.id)
    ):
        for cell in _cells(page):
            if not cell.certain and cell.kind in ("box", "name"):
                counts[(cell.kind, cell.row, cell.col)] += 1
    return sorted(counts.items())


def decide_cells(
    meeting_file: MeetingFile, *, decisions: Sequence[tuple[int, str, int, int, bool]], actor: str
) -> list[PageOutcome]:
    """The bulk view's decisions: (page, kind, row, col, marked) for many pages at once, each page in its own
    transaction. A page whose stamp or outside writing still needs a look stays in the queue."""
    by_page: dict[int, dict[tuple[str, int, int], Any]] = {}
    for page_id, kind, row, col, value in decisions:
        by_page.setdefault(page_id, {})[(kind, row, col)] = value
    outcomes = []
    for page_id, values in by_page.items():
        outcomes.append(decide(meeting_file, page_id=page_id, values=values, actor=actor, checks_done=False))
    return outcomes


def describe_decision(decided: Sequence[Any], pdef: PollDef) -> str:
    """One person's decision on one cell, in words: "dòng 2, ô 'Tín nhiệm': có dấu (mực 5 %)"."""
    kind, row, col, _before, after, score = decided
    if kind == "box":
        column = pdef.columns[int(col) - 1] if 0 < int(col) <= len(pdef.columns) else f"cột {col}"
        where, value = f"dòng {row}, ô '{column}'", "có dấu" if after else "không có dấu"
    elif kind == "name":
        where, value = f"dòng {row} (tên)", "gạch" if after else "không gạch"
    elif kind == "score":
        points = "để trống" if after is None else f"{int(after) / 2:g}".replace(".", ",") + " điểm"
        where, value = f"người {row}, tiêu chí {col}", points
    else:
        where, value = f"dòng tên {row}", f"'{after}'" if after else "để trống"
    return f"{where}: {value} (mực {float(score):.0%})"


@dataclass(frozen=True)
class ReviewedRow:
    """A scanned page a person decided, as the minutes' annex lists it."""

    key: str
    file: str
    reasons: tuple[str, ...]
    decisions: tuple[str, ...]
    by: str
    at: dt.datetime | None


def reviewed_rows(session: Session, poll_id: int) -> tuple[ReviewedRow, ...]:
    """Pages of a poll a person decided (counted or set aside): what was uncertain, what they decided, who, when."""
    poll = _poll(session, poll_id)
    if poll is None:
        return ()
    pdef = poll_def(poll)
    rows = []
    for page in session.scalars(
        select(ScannedPage)
        .where(ScannedPage.poll_id == poll_id, ScannedPage.reviewed_by.is_not(None))
        .order_by(ScannedPage.reviewed_at, ScannedPage.id)
    ):
        decisions = [describe_decision(d, pdef) for d in page.cells.get("decided", [])]
        if page.cells.get("physical_invalid"):
            decisions.append(f"không hợp lệ: {page.cells['physical_invalid']}")
        if page.status == "dismissed":
            decisions.append(f"không tính: {page.review_note}")
        elif not decisions:
            decisions.append("giữ nguyên kết quả máy đọc")
        rows.append(
            ReviewedRow(
                key=page.serial or f"{page.file_name}#{page.page_no}",
                file=f"{page.file_name}, trang {page.page_no}",
                reasons=tuple(page.reasons.get("list", [])),
                decisions=tuple(decisions),
                by=page.reviewed_by or "",
                at=page.reviewed_at,
            )
        )
    return tuple(rows)


class FolderWatch:
    """The files a scanner has finished writing into a folder: each is handed out once, after its size and time
    stayed the same between two looks (so a file still being written is never read half-done)."""

    def __init__(self, folder: Path) -> None:
        if not folder.is_dir():
            raise ScanFileError(f"{folder}: không có thư mục này để theo dõi.")
        self.folder = folder
        self._last: dict[Path, tuple[int, int]] = {}
        self._taken: set[Path] = set()

    def ready(self) -> list[Path]:
        """The scans that stopped changing since the previous look and were not handed out before."""
        try:
            entries = sorted(self.folder.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            raise ScanFileError(
                f"{self.folder}: không xem được thư mục ({exc.strerror}); hãy kiểm tra ổ đĩa hoặc chọn lại thư mục."
            ) from None
        ready = []
        for path in entries:
            if path in self._taken or path.name.startswith(".") or path.suffix.lower() not in SUFFIXES:
                continue
            try:
                stat = path.stat()
            except OSError:
                continue  # moved away between listing and looking
            if not path.is_file():
                continue
            state = (stat.st_size, stat.st_mtime_ns)
            if stat.st_size > 0 and self._last.get(path) == state:
                ready.append(path)
            self._last[path] = state
        self._taken.update(ready)
        return ready


def watch(
    meeting_file: MeetingFile,
    folder: Path,
    *,
    operator: str,
    should_stop: Callable[[], bool],
    pass_no: int = 1,
    workers: int = 1,
    stamp_check: bool = True,
    interval: float = 2.0,
    idle_exit: float | None = None,
    on_page: Callable[[PageOutcome], None] | None = None,
) -> ScanReport:
    """Read pages as a scanner drops them into `folder`, until `should_stop()` (or `idle_exit` seconds with
    nothing new). A file is taken once its size and time have stayed the same for one `interval`, so a file
    the scanner is still writing is never read half-done."""
    inbox = FolderWatch(folder)
    report = ScanReport()
    started = time.perf_counter()
    quiet_since = time.monotonic()
    while not should_stop():
        ready = inbox.ready()
        if ready:
            part = scan_files(
                meeting_file,
                ready,
                operator=operator,
                pass_no=pass_no,
                workers=workers,
                stamp_check=stamp_check,
                on_page=on_page,
            )
            report.pages.extend(part.pages)
            quiet_since = time.monotonic()
        elif idle_exit is not None and time.monotonic() - quiet_since >= idle_exit:
            break
        time.sleep(interval)
    report.seconds = time.perf_counter() - started
    return report


@dataclass(frozen=True)
class DeckCheck:
    """One test-deck sheet: what it should read as, what the scanner read, and whether they agree."""

    serial: str
    label: str
    expected: str
    read: str
    verdict: str  # "đúng" / "SAI" / "chưa chắc" (the reader would have asked a person) / "thiếu" (not scanned)


def _entry_text(entry: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in entry.items() if k not in ("serial", "label", "unstamped")}, ensure_ascii=False)


def check_test_deck(meeting_file: MeetingFile, report: ScanReport, expected: Path) -> list[DeckCheck]:
    """Compare the test-deck pages of a scan with the `*.expected.jsonl` printed beside the deck: the
    committee's proof, on its own printer and scanner, that every kind of mark reads back right."""
    try:
        lines = [json.loads(line) for line in expected.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EntryError(f"{expected.name}: không đọc được tệp kết quả mong đợi của bộ phiếu thử ({exc}).") from None
    pages = {p.serial: p for p in report.pages if p.outcome == "test" and p.serial}
    checks = []
    with meeting_file.reading() as session:
        for line in lines:
            serial = str(line.get("serial", ""))
            sheet = session.scalar(select(BallotSheet).where(BallotSheet.serial == serial))
            page = pages.get(serial)
            want = _entry_text(line)
            if sheet is None or page is None or not page.cells:
                checks.append(DeckCheck(serial, str(line.get("label", "")), want, "", "thiếu"))
                continue
            poll = _poll(session, sheet.poll_id)
            assert poll is not None
            pdef = poll_def(poll)
            got = _entry_text(entry_json(assemble(pdef, page.cells, serial), pdef.layout, serial))
            stamp_flagged = any("dấu đóng" in r for r in page.reasons)
            unsure = any(not c.certain for c in page.cells)
            verdict = "chưa chắc" if unsure else "đúng" if got == want else "SAI"
            if verdict == "đúng" and bool(line.get("unstamped")) and not stamp_flagged:
                verdict = "SAI"  # the sheet left unstamped on purpose must be caught
            checks.append(DeckCheck(serial, str(line.get("label", "")), want, got, verdict))
    return checks
