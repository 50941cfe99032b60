"""The reconciliation gate, closing a poll (a minutes revision) and reopening it with a reason.

The gate refuses the minutes while any identity fails (docs/regulations.md §7): collected ≤ issued; the
printed sheets add up (printed = issued + unused + spoiled); every
collected ballot entered exactly once; no scanned page still waits for a person (the review queue is
empty); double-entry passes agree; for elections with surplus, names
kept + names struck = candidates × valid ballots.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import clock, limits
from app.errors import EntryError, StateError
from app.rules.common import quorum_met
from app.rules.model import Context, Layout
from app.services import audit, passes, roles, sheets
from app.services.ballots import CorruptMarksError
from app.services.meetings import get_meeting
from app.services.polls import get_poll, poll_def
from app.services.scanning.review import unfinished
from app.services.tallying import OUTCOME_LABELS, PollTally, tally_json, tally_poll
from app.store.orm import AuditEntry, BallotRecord, Mark, MinutesRecord, Poll


@dataclass(frozen=True)
class GateProblem:
    """An identity that fails, with what to do about it."""

    code: str
    message: str


@dataclass(frozen=True)
class Closure:
    """A finalised revision of a poll's minutes."""

    code: str
    revision: int
    closed_at: dt.datetime
    closed_by: str
    digest: str
    reopen_reason: str | None
    changes: tuple[str, ...]
    tally: dict[str, Any]
    result: PollTally | None = None  # the tally just computed, when this call computed one


@dataclass(frozen=True)
class Reconciliation:
    """What `kiemphieu check` and the minutes screen show of a poll: the identities that fail, and the ballots
    the committee took without a code in a poll printed with codes (#15), listed though they fail nothing."""

    problems: tuple[GateProblem, ...]
    without_code: tuple[sheets.CodelessBallot, ...]

    @property
    def ready(self) -> bool:
        """Whether final minutes may be made."""
        return not self.problems


def reconcile(session: Session, code: str) -> Reconciliation:
    """The reconciliation of poll `code`: `check_gate`'s problems and the ballots taken without a code."""
    return Reconciliation(tuple(check_gate(session, code)), sheets.codeless_ballots(session, get_poll(session, code)))


def check_gate(session: Session, code: str, result: PollTally | None = None) -> list[GateProblem]:
    """Every identity that fails for poll `code` (empty when the minutes may be made)."""
    poll = get_poll(session, code)
    if result is None:
        try:
            result = tally_poll(session, code)
        except CorruptMarksError as exc:
            return [GateProblem("corrupt_marks", str(exc).rstrip("."))]
    totals = result.tally.totals
    problems: list[GateProblem] = []
    if totals.issued is None:
        problems.append(
            GateProblem(
                "issued_unknown",
                "chưa có số phiếu phát ra (in phiếu từ chương trình, hoặc ghi số phiếu phát ra)",
            )
        )
    if poll.collected is None:
        problems.append(
            GateProblem(
                "collected_unknown",
                "chưa ghi số phiếu thu về do Ban kiểm phiếu đếm được",
            )
        )
    if totals.issued is not None and totals.collected > totals.issued:
        problems.append(
            GateProblem(
                "collected_over_issued",
                f"số phiếu thu về ({totals.collected}) lớn hơn số phiếu phát ra ({totals.issued})",
            )
        )
    registry = sheets.sheet_counts(session, poll)
    if registry is not None and registry.unaccounted != 0:
        problems.append(GateProblem("printed_unaccounted", sheets.unaccounted_words(registry)))
    if poll.collected is not None and totals.entered != poll.collected:
        missing = poll.collected - totals.entered
        what = f"còn {missing} phiếu chưa nhập" if missing > 0 else f"nhập thừa {-missing} phiếu"
        problems.append(
            GateProblem(
                "entered_not_collected",
                f"đã nhập {totals.entered} phiếu nhưng thu về {poll.collected} phiếu ({what})",
            )
        )
    if totals.valid > 0 and (result.tally.base <= 0 or result.tally.majority_base <= 0):
        problems.append(
            GateProblem(
                "base_zero",
                f"có {totals.valid} phiếu hợp lệ nhưng mẫu số để tính kết quả bằng 0: không công bố được kết quả; "
                "hãy kiểm tra số được triệu tập và các trường hợp không tính",
            )
        )
    meeting = get_meeting(session)
    present = meeting.present
    pdef = poll_def(poll)
    if not quorum_met(pdef, Context(meeting.convened, present, 0)) and not _quorum_confirmed(session, poll):
        num, den = pdef.profile.quorum
        problems.append(
            GateProblem(
                "quorum",
                f"số có mặt ({present}/{meeting.convened}) chưa đạt {num}/{den} số được triệu tập theo "
                f"{pdef.profile.quorum_basis}; Trưởng ban phải xác nhận vẫn lập biên bản (kiemphieu minutes "
                "--below-quorum LÝ_DO)",
            )
        )
    if totals.issued is not None and totals.issued > present:
        problems.append(
            GateProblem(
                "issued_over_present",
                f"số phiếu phát ra ({totals.issued}) lớn hơn số người có mặt ({present})",
            )
        )
    pending, waiting = unfinished(session, poll)
    if pending:
        problems.append(
            GateProblem(
                "scan_review",
                f"còn {pending} trang quét chờ người xem (màn hình Quét phiếu, hoặc kiemphieu review)",
            )
        )
    if waiting:
        problems.append(
            GateProblem(
                "scan_incomplete",
                f"{waiting} trang quét đang chờ các trang còn lại của cùng tờ phiếu; hãy quét nốt",
            )
        )
    mismatches = [m.key for m in passes.compare_passes(session, code=code)]
    if mismatches:
        shown = ", ".join(mismatches[:5]) + (" …" if len(mismatches) > 5 else "")
        problems.append(
            GateProblem(
                "passes_disagree",
                f"{len(mismatches)} phiếu nhập các lượt không khớp nhau ({shown}); hãy đối chiếu với phiếu giấy",
            )
        )
    if pdef.layout is Layout.STRIKE:
        struck = (
            session.scalar(
                select(func.count())
                .select_from(Mark)
                .join(BallotRecord, BallotRecord.id == Mark.ballot_id)
                .where(
                    BallotRecord.poll_id == poll.id,
                    BallotRecord.pass_no == 1,
                    Mark.col == 0,
                    BallotRecord.id.in_(_counted_ids(session, poll, result)),
                )
            )
            or 0
        )
        kept = sum(item.votes or 0 for item in result.tally.items)
        if kept + struck != len(pdef.items) * totals.valid:
            problems.append(
                GateProblem(
                    "kept_struck",
                    f"số tên giữ lại ({kept}) cộng số tên bị gạch ({struck}) khác số ứng cử viên × "
                    f"số phiếu hợp lệ ({len(pdef.items)} × {totals.valid})",
                )
            )
    return problems


def is_provisional(session: Session, code: str, result: PollTally | None = None) -> bool:
    """Whether the tally of poll `code` (`result`, counted here when None) is a count in progress: the poll is not
    closed and its numbers do not reconcile yet (`check_gate`: ballots still to enter, the ballots collected not
    recorded, scans waiting, passes disagreeing …). Such a tally gives votes only, no outcome: the results screen,
    the projector and `kiemphieu tally` say "Kết quả tạm thời" and announce no one elected, nothing passed."""
    if get_poll(session, code).status == "closed":
        return False
    return bool(check_gate(session, code, result))


def _counted_ids(session: Session, poll: Poll, result: PollTally) -> list[int]:
    invalid = {key for key, _ in result.tally.invalid_ballots}
    rows = session.execute(
        select(BallotRecord.id, BallotRecord.serial, BallotRecord.app_number).where(
            BallotRecord.poll_id == poll.id, BallotRecord.pass_no == 1
        )
    ).all()
    return [rid for rid, serial, number in rows if (serial if serial is not None else f"#{number}") not in invalid]


def digest_of(tally: dict[str, Any]) -> str:
    """SHA-256 of the tally JSON in canonical form: printed on the minutes, re-checked by `verify`."""
    canonical = json.dumps(tally, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


LEVEL_WORDS = {1: "Hoàn thành xuất sắc", 2: "Hoàn thành tốt", 3: "Hoàn thành", 4: "Không hoàn thành"}


def _words(key: str, value: Any) -> str:
    if value is None:
        return "—"
    if key == "outcome":
        return OUTCOME_LABELS.get(str(value)) or "không"
    if key == "level":
        return LEVEL_WORDS.get(int(value), str(value))
    if key == "counts":
        return " / ".join(str(v) for v in value)
    return str(value)


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What changed from one revision's tally to the next, one line each, in Vietnamese."""
    lines = []
    labels = {
        "issued": "Số phiếu phát ra",
        "collected": "Số phiếu thu về",
        "valid": "Số phiếu hợp lệ",
        "invalid": "Số phiếu không hợp lệ",
    }
    for key, label in labels.items():
        if before.get(key) != after.get(key):
            lines.append(f"{label}: {_words(key, before.get(key))} → {_words(key, after.get(key))}")
    old_items = {item["name"]: item for item in before.get("items", [])}
    fields = (
        ("votes", "số phiếu"),
        ("counts", "số phiếu từng cột"),
        ("mean", "điểm"),
        ("level", "mức"),
        ("outcome", "kết quả"),
    )
    for item in after.get("items", []):
        old = old_items.get(item["name"], {})
        for key, label in fields:
            if key in item and old.get(key) != item.get(key):
                lines.append(f"{item['name']}: {label} {_words(key, old.get(key))} → {_words(key, item.get(key))}")
    if before.get("elected") != after.get("elected") and "elected" in after:
        lines.append("Danh sách trúng cử thay đổi: " + (", ".join(after["elected"]) or "không có ai"))
    return lines


def latest_closure(session: Session, poll: Poll) -> MinutesRecord | None:
    """The newest minutes revision of `poll`, if it was ever closed."""
    return session.scalar(
        select(MinutesRecord).where(MinutesRecord.poll_id == poll.id).order_by(MinutesRecord.revision.desc()).limit(1)
    )


def _closure(record: MinutesRecord, code: str, previous: MinutesRecord | None) -> Closure:
    changes = tuple(changes_between(previous.tally, record.tally)) if previous is not None else ()
    return Closure(
        code,
        record.revision,
        record.closed_at,
        record.closed_by,
        record.digest,
        record.reopen_reason,
        changes,
        record.tally,
    )


def current_closure(session: Session, code: str) -> Closure | None:
    """The poll's latest minutes revision without changing anything (None if never closed)."""
    poll = get_poll(session, code)
    latest = latest_closure(session, poll)
    if latest is None:
        return None
    previous = session.scalar(
        select(MinutesRecord).where(MinutesRecord.poll_id == poll.id, MinutesRecord.revision == latest.revision - 1)
    )
    return _closure(latest, code, previous)


def _quorum_confirmed(session: Session, poll: Poll) -> bool:
    return quorum_confirmation(session, poll) is not None


def quorum_confirmation(session: Session, poll: Poll) -> str | None:
    """The reason the head gave, last, for making `poll`'s minutes below the quorum (None if never confirmed)."""
    details = session.scalar(
        select(AuditEntry.details)
        .where(AuditEntry.poll_id == poll.id, AuditEntry.action == "poll.quorum_confirmed")
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    if details is None:
        return None
    reason = details.get("reason") if isinstance(details, dict) else None
    return str(reason) if reason else "—"


def confirm_below_quorum(session: Session, *, code: str, reason: str, actor: str, pin: str | None = None) -> None:
    """The head's explicit, recorded decision to make final minutes although fewer than the quorum are present."""
    reason = reason.strip()
    if not reason:
        raise EntryError("Hãy ghi lý do vẫn lập biên bản khi số có mặt chưa đạt mức tối thiểu.")
    limits.typed_reason(reason)
    head = roles.require_head(session, pin, "Xác nhận lập biên bản khi số có mặt chưa đạt mức tối thiểu")
    poll = get_poll(session, code)
    meeting = get_meeting(session)
    audit.record(
        session,
        action="poll.quorum_confirmed",
        actor=actor,
        at=clock.now(),
        poll_id=poll.id,
        subject=code,
        details={"head_pin": head, "reason": reason, "present": meeting.present, "convened": meeting.convened},
    )


def close_poll(session: Session, *, code: str, actor: str, pin: str | None = None) -> Closure:
    """Finalise poll `code`: check the gate, lock its ballots and record a new minutes revision.

    Closing a poll that is already closed returns its current revision unchanged.
    """
    poll = get_poll(session, code)
    latest = latest_closure(session, poll)
    if poll.status == "closed" and latest is not None:
        previous = session.scalar(
            select(MinutesRecord).where(MinutesRecord.poll_id == poll.id, MinutesRecord.revision == latest.revision - 1)
        )
        return _closure(latest, code, previous)
    head = roles.require_head(session, pin, "Lập biên bản chính thức, kết thúc kiểm phiếu")
    try:
        result = tally_poll(session, code)
    except CorruptMarksError as exc:
        raise StateError(f"Chưa lập được biên bản: {exc}") from None
    problems = check_gate(session, code, result)
    if problems:
        raise StateError("Chưa lập được biên bản: " + "; ".join(p.message for p in problems) + ".")
    tally = tally_json(result)
    at = clock.now()
    reopen_reason = _last_reopen_reason(session, poll) if latest is not None else None
    record = MinutesRecord(
        poll_id=poll.id,
        revision=(latest.revision + 1) if latest is not None else 1,
        closed_at=at,
        closed_by=actor,
        reopen_reason=reopen_reason,
        tally=tally,
        digest=digest_of(tally),
    )
    session.add(record)
    poll.status = "closed"
    audit.record(
        session,
        action="poll.closed",
        actor=actor,
        at=at,
        poll_id=poll.id,
        subject=code,
        details={"revision": record.revision, "digest": record.digest, "head_pin": head},
    )
    return replace(_closure(record, code, latest), result=result)


def closing_anchor(session: Session, code: str, revision: int) -> str | None:
    """The anchor code of the log at the entry that closed revision `revision` of poll `code`: printed on those
    minutes, the same on every reprint (None for a file whose log has no such entry)."""
    poll = get_poll(session, code)
    entries = session.execute(
        select(AuditEntry.id, AuditEntry.details)
        .where(AuditEntry.action == "poll.closed", AuditEntry.poll_id == poll.id)
        .order_by(AuditEntry.id.desc())
    )
    for entry_id, details in entries:
        if isinstance(details, dict) and details.get("revision") == revision:
            return audit.anchor(session, entry_id)
    return None


def _last_reopen_reason(session: Session, poll: Poll) -> str | None:
    details = session.scalar(
        select(AuditEntry.details)
        .where(AuditEntry.poll_id == poll.id, AuditEntry.action == "poll.reopened")
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    return None if details is None else str(details.get("reason") or "") or None


def reopen_poll(session: Session, *, code: str, reason: str, actor: str, pin: str | None = None) -> None:
    """Reopen a closed poll for a correction; the next minutes will be the next revision."""
    reason = " ".join(reason.split())
    if not reason:
        raise EntryError("Phải ghi lý do mở lại nội dung bỏ phiếu đã kết thúc.")
    limits.typed_reason(reason)
    poll = get_poll(session, code)
    if poll.status != "closed":
        raise StateError(f"Nội dung “{poll.title}” chưa kết thúc, không cần mở lại.")
    roles.require_head(session, pin, "Mở lại nội dung đã kết thúc")
    poll.status = "counting"
    audit.record(
        session,
        action="poll.reopened",
        actor=actor,
        at=clock.now(),
        poll_id=poll.id,
        subject=code,
        details={"reason": reason},
    )
