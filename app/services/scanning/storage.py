"""Storing scanned pages: the register checks, one page per transaction with its audit entry, counting a sheet
once every page of it is decided — and the one typed reader and writer of a stored page's JSON columns
(reasons, cells, measures, checks, decisions): no other code reads or writes them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import clock
from app.errors import EntryError
from app.recognition.interpret import Cell, assemble
from app.recognition.outcomes import (
    Check,
    Outcome,
    Reason,
    ReasonCode,
    Status,
    first_status,
    reasons_from_json,
    reasons_json,
)
from app.recognition.pipeline import Measures, PageResult
from app.services import audit
from app.services.ballots import EntryDraft, store_ballot
from app.services.polls import poll_def
from app.services.scanning import trail
from app.sources import BallotSource
from app.store.db import MeetingFile
from app.store.orm import BallotRecord, BallotSheet, Poll, ScannedPage

# ---------------------------------------------------------------- the stored page, typed


@dataclass(frozen=True)
class Decision:
    """One cell a person set: where, what the reader proposed, what they decided, and the ink measured."""

    kind: str
    row: int
    col: int
    before: bool | int | str | None
    after: bool | int | str | None
    score: float

    def as_list(self) -> list[Any]:
        """Stored form (also the audit entry's): [kind, row, col, before, after, score]."""
        return [self.kind, self.row, self.col, self.before, self.after, round(self.score, 4)]

    @staticmethod
    def from_list(data: Any) -> Decision:
        """The inverse of as_list."""
        kind, row, col, before, after, score = data
        return Decision(str(kind), int(row), int(col), before, after, float(score))


def outcome_of(page: ScannedPage) -> Outcome:
    """What the page is."""
    return Outcome(page.outcome)


def status_of(page: ScannedPage) -> Status:
    """What was done with the page."""
    return Status(page.status)


def reasons_of(page: ScannedPage) -> tuple[Reason, ...]:
    """Why the page needs a person or was turned away (texts of earlier versions as LEGACY reasons)."""
    return reasons_from_json(page.reasons)


def cells_of(page: ScannedPage) -> tuple[Cell, ...]:
    """Every region's reading, with a person's values once decided."""
    return tuple(Cell.from_list(c) for c in page.cells)


def measures_of(page: ScannedPage) -> Measures | None:
    """How the reader placed and measured the page; None when it was not read."""
    return Measures.from_json(page.measures)


def checks_of(page: ScannedPage) -> tuple[Check, ...]:
    """The page-level questions still open."""
    return tuple(Check(c) for c in page.checks)


def decisions_of(page: ScannedPage) -> tuple[Decision, ...]:
    """What people changed on the page, in order."""
    return tuple(Decision.from_list(d) for d in page.decisions)


def write_reasons(page: ScannedPage, reasons: Iterable[Reason]) -> None:
    """Store the page's reasons (codes and parameters)."""
    page.reasons = reasons_json(reasons)


def write_cells(page: ScannedPage, cells: Iterable[Cell]) -> None:
    """Store the page's cells."""
    page.cells = [c.as_list() for c in cells]


def write_review(
    page: ScannedPage, *, checks: Iterable[Check], physical_invalid: str | None, decisions: Iterable[Decision]
) -> None:
    """Store what a person decided beyond the cells: the questions left open, a physical reason the ballot is
    invalid, and the history of changed cells."""
    page.checks = [str(c) for c in checks]
    page.physical_invalid = physical_invalid
    page.decisions = [d.as_list() for d in decisions]


def page_checks(reasons: Iterable[Reason]) -> tuple[Check, ...]:
    """The page-level questions a person must answer, from the page's reasons (the stamp, writing outside)."""
    return tuple(dict.fromkeys(r.check for r in reasons if r.check is not None))


# ---------------------------------------------------------------- what the user is told


@dataclass(frozen=True)
class PageOutcome:
    """What became of one scanned page, as reported to the user."""

    file: str
    page_no: int
    outcome: Outcome
    status: Status
    reasons: tuple[Reason, ...] = ()
    serial: str | None = None
    poll: str | None = None
    ballot: str | None = None  # the ballot it was counted as
    valid: bool | None = None
    cells: tuple[Cell, ...] = ()
    page_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        """The page as plain values (reasons as codes and parameters; the CLI adds their words)."""
        return {
            "file": self.file,
            "page": self.page_no,
            "outcome": str(self.outcome),
            "status": str(self.status),
            "serial": self.serial,
            "poll": self.poll,
            "ballot": self.ballot,
            "valid": self.valid,
            "reasons": [r.as_json() for r in self.reasons],
            "readings": [c.as_list() for c in self.cells],
        }


def page_outcome(
    page: ScannedPage, poll: Poll | None, saved: tuple[str, bool] | None, cells: tuple[Cell, ...]
) -> PageOutcome:
    """A stored page as reported to the user (with the ballot it was counted as, if it was)."""
    return PageOutcome(
        file=page.file_name,
        page_no=page.page_no,
        outcome=outcome_of(page),
        status=status_of(page),
        reasons=reasons_of(page),
        serial=page.serial,
        poll=poll.code if poll is not None else None,
        ballot=saved[0] if saved else None,
        valid=saved[1] if saved else None,
        cells=cells,
        page_id=page.id,
    )


# ---------------------------------------------------------------- the register


def poll_with_items(session: Session, poll_id: int) -> Poll | None:
    """A poll with its items loaded (for its rules' definition)."""
    return session.scalar(select(Poll).where(Poll.id == poll_id).options(selectinload(Poll.items)))


def registry_problem(session: Session, poll: Poll, serial: str, pass_no: int) -> tuple[Outcome, Reason] | None:
    """(outcome, reason) when the sheet may not be counted now; None when it may."""
    if poll.status == "closed":
        return Outcome.CLOSED, Reason(ReasonCode.POLL_CLOSED, poll=poll.code)
    sheet = session.scalar(select(BallotSheet).where(BallotSheet.serial == serial))
    if sheet is None or sheet.poll_id != poll.id:
        return Outcome.UNISSUED, Reason(ReasonCode.NOT_IN_REGISTER, serial=serial)
    if sheet.status == "test":
        return Outcome.TEST, Reason(ReasonCode.TEST_SHEET)
    if sheet.status != "issued":
        code = {"spoiled": ReasonCode.SHEET_SPOILED, "unused": ReasonCode.SHEET_UNUSED}.get(sheet.status)
        return Outcome.UNISSUED, Reason(code or ReasonCode.NOT_IN_REGISTER, serial=serial)
    earlier = session.scalar(
        select(BallotRecord).where(
            BallotRecord.poll_id == poll.id, BallotRecord.pass_no == pass_no, BallotRecord.serial == serial
        )
    )
    if earlier is not None:
        code = ReasonCode.ALREADY_SCANNED if earlier.source == BallotSource.SCAN else ReasonCode.ALREADY_KEYED
        reason = Reason(code, serial=serial, at=earlier.entered_at, station=earlier.station, by=earlier.operator)
        return Outcome.DUPLICATE, reason
    return None


# ---------------------------------------------------------------- storing


def store_page(
    meeting_file: MeetingFile,
    result: PageResult,
    *,
    file_name: str,
    sha256: str,
    page_no: int,
    operator: str,
    station: str,
    pass_no: int,
) -> PageOutcome:
    """Store one page and what it says (one transaction, with its audit entry); count its sheet if complete."""
    with meeting_file.transaction() as session:
        at = clock.now()
        # The same bytes stored already (an identical file earlier in the batch, the same file named twice, or
        # another scan of the folder running at the same time): the write lock is held, so this check is exact.
        earlier = session.scalar(
            select(ScannedPage).where(ScannedPage.file_sha256 == sha256, ScannedPage.page_no == page_no)
        )
        if earlier is not None:
            return PageOutcome(
                file_name,
                page_no,
                Outcome.DUPLICATE,
                Status.DONE,
                (Reason(ReasonCode.SCANNED_BEFORE, at=earlier.scanned_at, file=earlier.file_name),),
            )
        outcome, reasons = result.outcome, result.reasons
        poll = poll_with_items(session, result.poll_id) if result.poll_id is not None else None
        readable = (Outcome.READ, Outcome.REVIEW, Outcome.UNREADABLE)
        if poll is not None and result.serial is not None and outcome in readable:
            problem = registry_problem(session, poll, result.serial, pass_no)
            if problem is None:
                twin = session.scalar(
                    select(ScannedPage).where(
                        ScannedPage.serial == result.serial,
                        ScannedPage.pass_no == pass_no,
                        ScannedPage.sheet_page == result.sheet_page,
                        ScannedPage.status.in_([Status.PENDING, Status.WAITING]),
                    )
                )
                if twin is not None and outcome_of(twin) is Outcome.UNREADABLE and outcome is not Outcome.UNREADABLE:
                    # The sheet scanned again, and read this time: the page nothing could be read from gives way.
                    twin.status, twin.reviewed_by, twin.reviewed_at = Status.DISMISSED, operator, at
                    twin.review_note = trail.superseded_note(file_name, page_no)
                    audit.record(
                        session,
                        action=trail.SUPERSEDED,
                        actor=operator,
                        at=at,
                        poll_id=poll.id,
                        subject=result.serial,
                        details={
                            "page_id": twin.id,
                            "file": twin.file_name,
                            "page": twin.page_no,
                            "status": str(Status.DISMISSED),
                            "by": file_name,
                            "by_page": page_no,
                        },
                    )
                elif twin is not None:
                    problem = (
                        Outcome.DUPLICATE,
                        Reason(ReasonCode.TWIN_PENDING, serial=result.serial, file=twin.file_name, page=twin.page_no),
                    )
            if problem is not None:
                outcome, reasons = problem[0], (problem[1],)
        status = first_status(outcome)
        page = ScannedPage(
            file_name=file_name,
            file_sha256=sha256,
            page_no=page_no,
            scanned_at=at,
            operator=operator,
            station=station,
            outcome=outcome,
            status=status,
            poll_id=poll.id if poll is not None else None,
            pass_no=pass_no,
            serial=result.serial,
            sheet_page=result.sheet_page,
            sheet_pages=result.sheet_pages,
            measures=result.measures.as_json() if result.measures is not None else None,
        )
        write_reasons(page, reasons)
        write_cells(page, result.cells)
        checks = page_checks(reasons) if outcome is Outcome.REVIEW else ()
        write_review(page, checks=checks, physical_invalid=None, decisions=())
        session.add(page)
        session.flush()
        audit.record(
            session,
            action="scan.page",
            actor=operator,
            at=at,
            poll_id=page.poll_id,
            subject=result.serial or f"{file_name}#{page_no}",
            details={
                "file": file_name,
                "sha256": sha256,
                "page": page_no,
                "outcome": str(outcome),
                "pass": pass_no,
                "reasons": reasons_json(reasons),
            },
        )
        # (WAITING only when the register allowed it above, in this same transaction: not checked again)
        saved = (
            count_sheet(session, page, operator=operator, station=station, poll=poll, registry_checked=True)
            if status is Status.WAITING
            else None
        )
        return page_outcome(page, poll, saved, result.cells)


def count_sheet(
    session: Session,
    page: ScannedPage,
    *,
    operator: str,
    station: str,
    poll: Poll | None = None,
    registry_checked: bool = False,
) -> tuple[str, bool] | None:
    """Once every page of a sheet is decided, store the ballot they make; (key, valid), or None if not yet.
    `poll`: the page's poll with its items, when the caller has it; `registry_checked`: the caller found the
    register allows this sheet, in this transaction."""
    assert page.poll_id is not None
    assert page.serial is not None
    pages = list(
        session.scalars(
            select(ScannedPage)
            .where(
                ScannedPage.serial == page.serial,
                ScannedPage.pass_no == page.pass_no,
                ScannedPage.status == Status.WAITING,
            )
            .order_by(ScannedPage.sheet_page)
        )
    )
    if {p.sheet_page for p in pages} != set(range(1, (page.sheet_pages or 1) + 1)):
        return None
    if poll is None or poll.id != page.poll_id:
        poll = poll_with_items(session, page.poll_id)
    assert poll is not None
    pdef = poll_def(poll)
    cells = [c for p in pages for c in cells_of(p)]
    physical = next((p.physical_invalid for p in pages if p.physical_invalid), None)
    ballot = replace(assemble(pdef, cells, page.serial), physical_invalid=physical)
    problem = None if registry_checked else registry_problem(session, poll, page.serial, page.pass_no)
    if problem is not None:
        for p in pages:
            p.status, p.outcome = Status.TURNED_AWAY, problem[0]
            write_reasons(p, (*reasons_of(p), problem[1]))
        return None
    try:
        record, saved = store_ballot(
            session,
            poll=poll,
            pdef=pdef,
            draft=EntryDraft(serial=page.serial, ballot=ballot),
            operator=operator,
            station=station,
            source=BallotSource.SCAN,
            pass_no=page.pass_no,
        )
    except EntryError as exc:
        for p in pages:
            p.status = Status.PENDING
            write_reasons(p, (*reasons_of(p), Reason(ReasonCode.ENTRY_REFUSED, text=str(exc))))
        return None
    for p in pages:
        p.status = Status.COUNTED
        p.ballot_id = record.id
    return saved.key, saved.valid
