"""Reading a batch of scanned files: keep each file, read its pages (in worker processes), store each page."""

from __future__ import annotations

import concurrent.futures
import concurrent.futures.process
import contextlib
import multiprocessing
import os
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.errors import ScanFileError
from app.printing import ballot_code
from app.printing.ballot_pdf import blank_page
from app.printing.layout import template
from app.recognition import worker
from app.recognition.images import MAX_PAGES, count_pages, scan_inputs
from app.recognition.outcomes import Outcome, Reason, ReasonCode, Status
from app.recognition.pipeline import Context, PageResult, PollTemplate, recognise
from app.services.meetings import get_meeting
from app.services.polls import poll_def
from app.services.printing import poll_layout
from app.services.scanning.kept import file_sha256, keep
from app.services.scanning.storage import PageOutcome, store_page
from app.store.db import MeetingFile
from app.store.orm import BallotSheet, Poll, ScannedPage

PAPERS = ("A4", "A5")


@dataclass
class ScanReport:
    """Every page of a scan batch, in order, and the totals by outcome."""

    pages: list[PageOutcome] = field(default_factory=list)
    seconds: float = 0.0
    cancelled: bool = False  # stopped by the user part-way: the pages listed are stored, the rest not read

    @property
    def totals(self) -> dict[Outcome, int]:
        """Pages per outcome."""
        return dict(Counter(p.outcome for p in self.pages))

    @property
    def counted(self) -> int:
        """Ballots counted by this batch."""
        return sum(1 for p in self.pages if p.ballot is not None)


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


@dataclass(frozen=True)
class _Job:
    stored: Path
    name: str
    sha256: str
    page_no: int


@dataclass(frozen=True)
class _File:
    """A file of the batch, hashed and counted: its pages not stored before become jobs once it is kept."""

    path: Path
    sha256: str
    pages: int
    fresh: tuple[int, ...]  # its pages not stored before


def _named(result: PageResult, job: _Job) -> PageResult:
    """The result as the user knows the file: by the name they gave it, not the kept copy's hash."""
    reasons = tuple(r.renamed(job.stored.name, job.name) for r in result.reasons)
    return replace(result, file=job.name, reasons=reasons)


def _start_pool(context: Context, workers: int) -> concurrent.futures.ProcessPoolExecutor:
    """The worker processes of a batch, started at once in the background (each start takes a while: a fresh
    interpreter imports the reader), so they are ready when the first page is."""
    # One linear-algebra thread per worker: the workers already fill the cores, and numpy's OpenBLAS threads,
    # started for every small product, wait spinning (a fifth of a strike page's processor time). Set in this
    # process's environment, which a spawned worker copies before it loads numpy; a user's own setting stands.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # spawn, not fork: the GUI process has Qt threads that a forked child must not inherit.
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=worker.start,
        initargs=(context,),
    )

    def warm() -> None:
        with contextlib.suppress(Exception):  # a pool that cannot start says so at the first page, in words
            # each submission with no idle worker starts one more process: all submitted before any is waited
            # for (a started worker that has answered is idle, and the next submission would start none)
            for started in [pool.submit(worker.ready) for _ in range(workers)]:
                started.result()

    threading.Thread(target=warm, name="kiemphieu-scan-workers", daemon=True).start()
    return pool


def _kept_jobs(meeting_file: MeetingFile, files: Sequence[_File]) -> Iterator[_Job]:
    """The pages to read, in order; each file kept (copied beside the meeting file) only when its first page is
    wanted, so the copying of later files overlaps the reading of earlier ones. Every file is kept, whether or
    not any of its pages is read, before the next one's pages are."""
    for file in files:
        stored = keep(meeting_file, file.path, file.sha256)
        for page_no in file.fresh:
            yield _Job(stored, file.path.name, file.sha256, page_no)


def _results(
    jobs: Iterator[_Job], context: Context, pool: concurrent.futures.ProcessPoolExecutor | None, workers: int
) -> Iterator[tuple[_Job, PageResult]]:
    """Recognition results in job order; with a pool of `workers` processes, pages are read in parallel."""
    if pool is None:
        for job in jobs:
            yield job, _named(recognise(job.stored, job.page_no, context), job)
        return
    ahead = 4 * workers
    pending: list[tuple[_Job, concurrent.futures.Future[PageResult]]] = []
    for job in jobs:
        pending.append((job, pool.submit(worker.read, (job.stored, job.page_no))))
        if len(pending) >= ahead:
            break
    while pending:
        job, future = pending.pop(0)
        nxt = next(jobs, None)
        if nxt is not None:
            pending.append((nxt, pool.submit(worker.read, (nxt.stored, nxt.page_no))))
        try:
            result = future.result()
        except concurrent.futures.process.BrokenProcessPool:
            raise ScanFileError(
                f"{job.name}, trang {job.page_no}: tiến trình đọc ảnh bị dừng đột ngột (thiếu bộ nhớ, hoặc tệp làm "
                "hỏng bộ giải mã). Các trang trước đã được ghi; chạy lại để đọc tiếp, hoặc quét lại trang này."
            ) from None
        yield job, _named(result, job)


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
    batch: list[_File] = []
    pool = None
    try:
        # Every file hashed and counted first: the page cap is applied before any page is read or stored. The
        # worker processes start as soon as two pages are known to need reading, while the rest are hashed.
        fresh = 0
        for path in files:
            sha = file_sha256(path)
            pages = count_pages([path])
            if pages > MAX_PAGES:
                raise ScanFileError(
                    f"{path.name}: {pages} trang, quá {MAX_PAGES} trang trong một tệp; hãy chia nhỏ. "
                    "Chưa trang nào được ghi."
                )
            batch.append(_File(path, sha, pages, tuple(n for n in range(1, pages + 1) if (sha, n) not in seen)))
            fresh += len(batch[-1].fresh)
            if pool is None and workers > 1 and fresh >= 2:
                pool = _start_pool(context, workers)
        for file in batch:
            for page_no in range(1, file.pages + 1):
                earlier = seen.get((file.sha256, page_no))
                if earlier is not None:
                    again = PageOutcome(
                        file.path.name,
                        page_no,
                        Outcome.DUPLICATE,
                        Status.DONE,
                        (Reason(ReasonCode.SCANNED_BEFORE, at=earlier[1], file=earlier[0]),),
                    )
                    report.pages.append(again)
                    if on_page is not None:
                        on_page(again)
        station = clock.station()
        jobs = _kept_jobs(meeting_file, batch)
        for done, (job, result) in enumerate(_results(jobs, context, pool, workers), start=1):
            outcome = store_page(
                meeting_file,
                result,
                file_name=job.name,
                sha256=job.sha256,
                page_no=job.page_no,
                operator=operator,
                station=station,
                pass_no=pass_no,
            )
            report.pages.append(outcome)
            if on_page is not None:
                on_page(outcome)
            if progress is not None:
                progress(done, fresh)
        # the files after the last page read (every page stored before) are kept all the same: the jobs run out
        deque(jobs, maxlen=0)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    report.seconds = time.perf_counter() - started
    return report
