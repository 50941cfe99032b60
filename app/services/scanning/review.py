"""The review queue: pages waiting for a person, what the review screen shows of one, and a person's decisions
(page by page, or one option across many pages), each in its own transaction with its audit entry."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app import clock, limits
from app.errors import EntryError, NotFoundError, StateError
from app.printing.layout import template
from app.recognition.interpret import Cell
from app.recognition.outcomes import Check, Outcome, Reason, Status
from app.recognition.words import vietnamese
from app.rules.model import PollDef
from app.services import audit, roles
from app.services.polls import poll_def
from app.services.printing import poll_layout
from app.services.scanning import trail
from app.services.scanning.ingest import PAPERS
from app.services.scanning.kept import stored_file
from app.services.scanning.storage import (
    Decision,
    PageOutcome,
    cells_of,
    checks_of,
    count_sheet,
    decisions_of,
    measures_of,
    outcome_of,
    page_outcome,
    poll_with_items,
    reasons_of,
    status_of,
    write_cells,
    write_review,
)
from app.store.db import MeetingFile
from app.store.orm import Poll, ScannedPage


@dataclass(frozen=True)
class QueueItem:
    """A page waiting for a person."""

    page_id: int
    file: str
    page_no: int
    outcome: Outcome
    serial: str | None
    poll: str | None
    reasons: tuple[Reason, ...]
    uncertain: int  # cells still undecided


def review_queue(session: Session, code: str | None = None) -> list[QueueItem]:
    """Pages a person must look at (of poll `code` and pages of no known poll, or all), oldest first."""
    query = select(ScannedPage).where(ScannedPage.status == Status.PENDING).order_by(ScannedPage.id)
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
            outcome=outcome_of(p),
            serial=p.serial,
            poll=codes.get(p.poll_id) if p.poll_id is not None else None,
            reasons=reasons_of(p),
            uncertain=sum(1 for c in cells_of(p) if not c.certain),
        )
        for p in session.scalars(query)
    ]


def stored_totals(session: Session) -> dict[Status, int]:
    """Scanned pages kept in the meeting file, by what became of them (status)."""
    rows = session.execute(select(ScannedPage.status, func.count()).group_by(ScannedPage.status))
    return {Status(status): count for status, count in rows}


def unfinished(session: Session, poll: Poll) -> tuple[int, int]:
    """(pages waiting for a person, pages waiting for the rest of their sheet) that concern `poll`."""
    pending = session.scalars(
        select(ScannedPage.id).where(
            ScannedPage.status == Status.PENDING, (ScannedPage.poll_id == poll.id) | (ScannedPage.poll_id.is_(None))
        )
    ).all()
    waiting = session.scalars(
        select(ScannedPage.id).where(ScannedPage.status == Status.WAITING, ScannedPage.poll_id == poll.id)
    ).all()
    return len(pending), len(waiting)


@dataclass(frozen=True)
class ReviewPage:
    """A page as the review screen shows it: the kept file, the template page and where it lies on the image."""

    page_id: int
    image_path: Path
    page_no: int
    file: str
    outcome: Outcome
    status: Status
    serial: str | None
    poll: str | None
    pdef: PollDef | None
    template: dict[str, Any] | None
    transform: tuple[tuple[float, ...], ...] | None
    cells: tuple[Cell, ...]
    reasons: tuple[Reason, ...]
    checks: tuple[Check, ...]
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
    poll = poll_with_items(session, page.poll_id) if page.poll_id is not None else None
    pdef = poll_def(poll) if poll is not None else None
    measures = measures_of(page)
    page_template = None
    if poll is not None and measures is not None and measures.paper in PAPERS and page.sheet_page:
        _, layout = poll_layout(session, poll.code, measures.paper)
        page_template = template(poll.code, measures.paper, layout)["pages"][page.sheet_page - 1]
    return ReviewPage(
        page_id=page.id,
        image_path=stored_file(meeting_file, page.file_sha256, page.file_name),
        page_no=page.page_no,
        file=page.file_name,
        outcome=outcome_of(page),
        status=status_of(page),
        serial=page.serial,
        poll=poll.code if poll is not None else None,
        pdef=pdef,
        template=page_template,
        transform=measures.transform if measures is not None else None,
        cells=cells_of(page),
        reasons=reasons_of(page),
        checks=checks_of(page),
        stamp=measures.stamp if measures is not None else None,
        extra_at=measures.extra_at if measures is not None else None,
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
        status = status_of(page)
        if status is not Status.PENDING:
            raise StateError(f"Trang {page.page_no} của {page.file_name} không chờ người xem ({vietnamese(status)}).")
        cells = list(cells_of(page))
        if page.poll_id is None or not cells:
            raise StateError(
                "Trang này không đọc được vùng đánh dấu nào: hãy nhập tay phiếu giấy (màn hình Nhập phiếu) rồi "
                "đánh dấu trang là đã xử lý."
            )
        poll = poll_with_items(session, page.poll_id)
        assert poll is not None
        pdef = poll_def(poll)
        by_key = {(c.kind, c.row, c.col): c for c in cells}
        changed: list[Decision] = []
        for key, value in values.items():
            cell = by_key.get(key)
            if cell is None:
                raise EntryError(f"Trang này không có vùng {key[0]} dòng {key[1]} cột {key[2]}.")
            checked = _checked_value(cell, value, pdef)
            if checked != cell.value or not cell.certain:
                changed.append(Decision(*key, cell.value, checked, cell.score))
            by_key[key] = replace(cell, value=checked, certain=True)
        cells = list(by_key.values())
        checks = () if checks_done else checks_of(page)
        physical = (physical_invalid or "").strip() or None
        if physical is not None:
            limits.typed_reason(physical)
        if note:
            limits.typed_reason(note.strip())
        write_cells(page, cells)
        write_review(page, checks=checks, physical_invalid=physical, decisions=(*decisions_of(page), *changed))
        at = clock.now()
        page.reviewed_by, page.reviewed_at = actor, at
        page.review_note = (note or "").strip() or page.review_note
        decided = all(c.certain for c in cells) and not checks
        if decided:
            page.status = Status.WAITING
        audit.record(
            session,
            action=trail.REVIEWED,
            actor=actor,
            at=at,
            poll_id=page.poll_id,
            subject=page.serial,
            details={
                "page_id": page.id,
                "file": page.file_name,
                "page": page.page_no,
                "cells": [d.as_list() for d in changed],
                "physical_invalid": physical,
                "checks_done": checks_done,
                "decided": decided,
                "note": page.review_note,
                "status": str(status_of(page)),
            },
        )
        saved = count_sheet(session, page, operator=actor, station=station) if decided else None
        return page_outcome(page, poll, saved, tuple(cells))


def dismiss(meeting_file: MeetingFile, *, page_id: int, note: str, actor: str, pin: str | None = None) -> None:
    """Take a page out of the review queue without counting it (e.g. the ballot was keyed in by hand, or the
    page was scanned again). Head of the committee only: it sets a possible ballot aside."""
    if not note.strip():
        raise EntryError("Hãy ghi lý do (ví dụ: đã nhập tay phiếu số …, đã quét lại).")
    limits.typed_reason(note.strip())
    with meeting_file.transaction() as session:
        roles.require_head(session, pin, "bỏ một trang quét khỏi hàng chờ")
        page = _page(session, page_id)
        if status_of(page) is not Status.PENDING:
            raise StateError(f"Trang {page.page_no} của {page.file_name} không chờ người xem.")
        _dismiss(session, page, actor, clock.now(), note.strip())


def dismiss_many(
    meeting_file: MeetingFile,
    *,
    note: str,
    actor: str,
    file_name: str | None = None,
    pin: str | None = None,
) -> int:
    """Set aside, in one step, every page waiting for a person of scanned file `file_name` or, without a file
    name, every waiting page that carries no ballot code (a batch of pages that are not ballots). Head of the
    committee only; each page keeps its own audit entry, as if dismissed one by one. Returns how many."""
    if not note.strip():
        raise EntryError("Hãy ghi lý do (ví dụ: tệp quét nhầm, không phải phiếu của hội nghị).")
    limits.typed_reason(note.strip())
    with meeting_file.transaction() as session:
        roles.require_head(session, pin, "bỏ nhiều trang quét khỏi hàng chờ")
        query = select(ScannedPage).where(ScannedPage.status == Status.PENDING).order_by(ScannedPage.id)
        if file_name is not None:
            query = query.where(ScannedPage.file_name == file_name)
        else:
            query = query.where(ScannedPage.serial.is_(None))
        pages = list(session.scalars(query))
        if not pages:
            where = f"của tệp {file_name}" if file_name is not None else "không có mã phiếu"
            raise NotFoundError(f"Không có trang nào {where} đang chờ người xem.")
        at = clock.now()
        for page in pages:
            _dismiss(session, page, actor, at, note.strip(), together=len(pages))
        return len(pages)


def _dismiss(session: Session, page: ScannedPage, actor: str, at: dt.datetime, note: str, **details: Any) -> None:
    """Set one waiting page aside, with its own audit entry."""
    page.status, page.reviewed_by, page.reviewed_at, page.review_note = Status.DISMISSED, actor, at, note
    audit.record(
        session,
        action=trail.DISMISSED,
        actor=actor,
        at=at,
        poll_id=page.poll_id,
        subject=page.serial or f"{page.file_name}#{page.page_no}",
        details={
            "page_id": page.id,
            "file": page.file_name,
            "page": page.page_no,
            "note": note,
            "status": str(Status.DISMISSED),
            **details,
        },
    )


@dataclass(frozen=True)
class Crop:
    """One pending cell of one option across the queue, for the bulk view."""

    page_id: int
    serial: str | None
    cell: Cell


def _pending_pages(session: Session, code: str) -> Sequence[ScannedPage]:
    poll = session.scalar(select(Poll).where(Poll.code == code))
    if poll is None:
        raise NotFoundError(f"Không có nội dung '{code}'.")
    return session.scalars(
        select(ScannedPage).where(ScannedPage.status == Status.PENDING, ScannedPage.poll_id == poll.id)
    ).all()


def option_cells(session: Session, *, code: str, kind: str, row: int, col: int) -> list[Crop]:
    """Every undecided cell of one option (kind, row, col) in poll `code`'s queue, least ink first."""
    crops = []
    for page in _pending_pages(session, code):
        for cell in cells_of(page):
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
    counts: Counter[tuple[str, int, int]] = Counter()
    for page in _pending_pages(session, code):
        for cell in cells_of(page):
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
