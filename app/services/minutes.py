"""Minutes (biên bản kiểm phiếu): gathering what they say, and producing the PDF and the workbook."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import clock
from app.errors import EntryError, OutputFileError, StateError
from app.minutes_data import EntryLogRow as EntryLogRow
from app.minutes_data import MinutesData as MinutesData
from app.minutes_data import OverrideRow as OverrideRow
from app.rules import tally as rules
from app.rules.words import vietnamese_or_none
from app.services import audit, ballots, closing, meetings, sheets, tempfiles
from app.services.closing import Closure
from app.services.polls import get_poll, poll_def
from app.services.scanning.annex import reviewed_rows
from app.services.tallying import tally_json, tally_poll
from app.store.db import MeetingFile
from app.store.orm import AuditEntry, BallotRecord


@dataclass(frozen=True)
class MinutesReport:
    """What `make_minutes` wrote."""

    code: str
    revision: int | None
    digest: str
    pdf: Path | None
    xlsx: Path | None
    pages: int


def _verdict_text(valid: bool, reason: str | None) -> str:
    return "hợp lệ" if valid else f"không hợp lệ ({reason})" if reason else "không hợp lệ"


def override_rows(session: Session, poll_id: int) -> tuple[OverrideRow, ...]:
    """Ballots on which the committee's ruling differs from the automatic one."""
    rows = session.scalars(
        select(BallotRecord)
        .where(
            BallotRecord.poll_id == poll_id,
            BallotRecord.pass_no == 1,
            BallotRecord.override_valid.is_not(None),
        )
        .order_by(BallotRecord.id)
    )
    return tuple(
        OverrideRow(
            key=ballots.ballot_key(r),
            automatic=_verdict_text(r.auto_valid, r.auto_reason),
            final="hợp lệ" if r.override_valid else "không hợp lệ",
            reason=r.override_reason or "",
            by=r.override_by or "",
            at=r.override_at,
        )
        for r in rows
        if r.override_valid != r.auto_valid
    )


def entry_log(session: Session, poll_id: int) -> tuple[EntryLogRow, ...]:
    """The entry log summary: who entered how many ballots, where, from what, and when."""
    rows = session.execute(
        select(
            BallotRecord.operator,
            BallotRecord.station,
            BallotRecord.source,
            func.count(),
            func.min(BallotRecord.entered_at),
            func.max(BallotRecord.entered_at),
        )
        .where(BallotRecord.poll_id == poll_id)
        .group_by(BallotRecord.operator, BallotRecord.station, BallotRecord.source)
        .order_by(func.min(BallotRecord.entered_at))
    ).all()
    return tuple(EntryLogRow(*row) for row in rows)


def minutes_data(
    session: Session, code: str, *, closure: Closure | None, now: dt.datetime | None = None
) -> MinutesData:
    """Gather the minutes of poll `code`: final (from `closure`) or a draft when `closure` is None."""
    poll = get_poll(session, code)
    result = closure.result if closure is not None and closure.result is not None else tally_poll(session, code)
    tally = closure.tally if closure is not None else tally_json(result)
    if closure is not None and closing.digest_of(tally_json(result)) != closure.digest:
        # A reprint reproduces the recorded minutes; it never prints other numbers beside their digest (#14).
        raise StateError(
            f"Các phiếu đã lưu không còn khớp biên bản “{poll.title}” bản {closure.revision} đã lập (mã "
            f"{closure.digest[:12]}…): không in lại. Hãy chạy kiemphieu verify để xem chỗ bị sửa."
        )
    return MinutesData(
        meeting=meetings.meeting_info(session),
        result=result,
        completed_at=closure.closed_at if closure is not None else (now or clock.now()),
        draft=closure is None,
        revision=closure.revision if closure is not None else None,
        digest=closure.digest if closure is not None else closing.digest_of(tally),
        reopen_reason=closure.reopen_reason if closure is not None else None,
        changes=closure.changes if closure is not None else (),
        overrides=override_rows(session, poll.id),
        entry_log=entry_log(session, poll.id),
        reviewed=reviewed_rows(session, poll.id),
        sheets=sheets.sheet_counts(session, poll),
        anchor=closing.closing_anchor(session, code, closure.revision)
        if closure is not None
        else audit.anchor(session),
        quorum_confirmed=closing.quorum_confirmation(session, poll),
    )


def ballot_rows(session: Session, code: str) -> Iterator[dict[str, Any]]:
    """One row per entered ballot (first pass): who, where, how, the verdict and the marks."""
    poll = get_poll(session, code)
    pdef = poll_def(poll)
    for ballot, record in ballots.with_records(session, poll, pdef):
        verdict = rules.check(pdef, ballot)
        valid = record.override_valid if record.override_valid is not None else verdict.valid
        yield {
            "key": ballot.key,
            "source": record.source,
            "operator": record.operator,
            "station": record.station,
            "entered_at": record.entered_at,
            "valid": valid,
            "reason": None
            if valid
            else (record.override_reason if record.override_valid is not None else vietnamese_or_none(verdict.reason)),
            "override": record.override_reason if record.override_valid is not None else None,
            "ballot": ballot,
        }


def audit_rows(session: Session, poll_id: int | None = None) -> Iterator[AuditEntry]:
    """Audit entries (of one poll, or all), oldest first."""
    query = select(AuditEntry).order_by(AuditEntry.id)
    if poll_id is not None:
        query = query.where(AuditEntry.poll_id == poll_id)
    yield from session.scalars(query)


def _temporary(path: Path) -> Path:
    tempfiles.clear_stale(path)  # a run killed before its rename left these (#14)
    return tempfiles.temporary(path)


def make_minutes(
    meeting_file: MeetingFile,
    *,
    code: str,
    actor: str,
    pdf: Path | None = None,
    xlsx: Path | None = None,
    draft: bool = False,
    pin: str | None = None,
) -> MinutesReport:
    """Produce the minutes of poll `code` as PDF and/or workbook in one action.

    Final minutes first pass the reconciliation gate and close the poll (a new revision when
    something changed since the last one); a draft does neither and says so on every page.
    """
    from app.excel.workbook import write_workbook
    from app.printing.minutes_pdf import render_minutes

    if pdf is None and xlsx is None:
        raise EntryError("Hãy chọn nơi lưu biên bản: tệp PDF và/hoặc tệp Excel.")
    for target in (pdf, xlsx):
        if target is not None and not target.parent.is_dir():
            raise OutputFileError(f"{target}: thư mục {target.parent} không tồn tại.")
    closure = None
    if not draft:
        with meeting_file.transaction() as session:
            closure = closing.close_poll(session, code=code, actor=actor, pin=pin)
    written: list[tuple[Path, Path]] = []
    pages = 0
    try:
        with meeting_file.reading() as session:
            data = minutes_data(session, code, closure=closure)
            if pdf is not None:
                temporary = _temporary(pdf)
                written.append((temporary, pdf))
                pages = render_minutes(temporary, data)
            if xlsx is not None:
                temporary = _temporary(xlsx)
                written.append((temporary, xlsx))
                poll = get_poll(session, code)
                write_workbook(temporary, data, ballot_rows(session, code), audit_rows(session, poll.id))
        with meeting_file.transaction() as session:
            poll = get_poll(session, code)
            audit.record(
                session,
                action="minutes.draft_printed" if draft else "minutes.printed",
                actor=actor,
                at=clock.now(),
                poll_id=poll.id,
                subject=code,
                details={
                    "revision": data.revision,
                    "digest": data.digest,
                    "pdf": bool(pdf),
                    "xlsx": bool(xlsx),
                },
            )
        for temporary, final in written:
            os.replace(temporary, final)
    except OSError as exc:
        raise OutputFileError(f"Không ghi được tệp biên bản ({exc.strerror}: {exc.filename}).") from None
    finally:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
    return MinutesReport(code=code, revision=data.revision, digest=data.digest, pdf=pdf, xlsx=xlsx, pages=pages)
