"""The issued-ballot registry: listing sheets, spoiled and unused sheets, and reading sheet codes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import clock
from app.errors import EntryError, NotFoundError, StateError
from app.minutes_data import SheetCounts as SheetCounts
from app.printing import ballot_code
from app.printing.ballot_code import CodeProblem
from app.services import audit
from app.services.meetings import get_meeting
from app.services.polls import get_poll, issued_count
from app.store.orm import BallotRecord, BallotSheet, Poll
from app.text import serial_key

STATUS_LABELS = {
    "issued": "đã phát",
    "spoiled": "đã hủy (đổi phiếu)",
    "unused": "chưa phát",
    "test": "phiếu thử",
}


@dataclass(frozen=True)
class SheetInfo:
    """A sheet in the registry."""

    serial: str
    check: str
    status: str
    entered: bool


def list_sheets(session: Session, code: str) -> list[SheetInfo]:
    """Every sheet of poll `code` in the registry, sorted by serial (never by print order)."""
    poll = get_poll(session, code)
    secret = get_meeting(session).secret
    entered = set(
        session.scalars(
            select(BallotRecord.serial).where(BallotRecord.poll_id == poll.id, BallotRecord.serial.is_not(None))
        )
    )
    sheets = session.scalars(select(BallotSheet).where(BallotSheet.poll_id == poll.id).order_by(BallotSheet.serial))
    return [
        SheetInfo(s.serial, ballot_code.check_code(s.serial, secret), s.status, s.serial in entered) for s in sheets
    ]


@dataclass(frozen=True)
class CodelessBallot:
    """A ballot the committee took without a code in a poll printed with codes (#15): its number, who
    entered it, at which station and when."""

    key: str  # "#n", the number the app gave it (the minutes list it by this number)
    operator: str
    station: str
    entered_at: dt.datetime


def codeless_ballots(session: Session, poll: Poll) -> tuple[CodelessBallot, ...]:
    """The ballots of `poll` entered without a code although its ballots were printed here with codes, in
    the order of their numbers (first entry pass; none when no ballot of the poll was printed here)."""
    printed = session.scalar(
        select(BallotSheet.id).where(BallotSheet.poll_id == poll.id, BallotSheet.status != "test").limit(1)
    )
    if printed is None:
        return ()
    rows = session.execute(
        select(BallotRecord.app_number, BallotRecord.operator, BallotRecord.station, BallotRecord.entered_at)
        .where(BallotRecord.poll_id == poll.id, BallotRecord.pass_no == 1, BallotRecord.serial.is_(None))
        .order_by(BallotRecord.app_number)
    )
    return tuple(CodelessBallot(f"#{number}", operator, station, at) for number, operator, station, at in rows)


def sheet_counts(session: Session, poll: Poll) -> SheetCounts | None:
    """Printed, issued, unused and spoiled sheets of `poll` (None when no ballot was printed here)."""
    counts = dict(
        session.execute(
            select(BallotSheet.status, func.count()).where(BallotSheet.poll_id == poll.id).group_by(BallotSheet.status)
        ).all()
    )
    printed = sum(int(n) for status, n in counts.items() if status != "test")
    if printed == 0:
        return None
    issued = issued_count(session, poll)
    without_code = session.scalars(
        select(BallotRecord.app_number)
        .where(BallotRecord.poll_id == poll.id, BallotRecord.pass_no == 1, BallotRecord.serial.is_(None))
        .order_by(BallotRecord.app_number)
    )
    return SheetCounts(
        printed=printed,
        issued=issued if issued is not None else int(counts.get("issued", 0)),
        unused=int(counts.get("unused", 0)),
        spoiled=int(counts.get("spoiled", 0)),
        without_code=tuple(f"#{number}" for number in without_code),
    )


def registry(session: Session, code: str) -> SheetCounts | None:
    """`sheet_counts` of poll `code`."""
    return sheet_counts(session, get_poll(session, code))


def unaccounted_words(counts: SheetCounts) -> str:
    """Why the printed sheets do not add up, in Vietnamese (empty when they do)."""
    figures = (
        f"đã in {counts.printed} phiếu: phát ra {counts.issued}, chưa phát {counts.unused}, "
        f"hủy (đổi phiếu) {counts.spoiled}"
        + (f", phiếu không có mã {len(counts.without_code)}" if counts.without_code else "")
    )
    if counts.unaccounted > 0:
        return (
            f"{figures} — còn {counts.unaccounted} phiếu đã in chưa rõ đi đâu; hãy ghi từng phiếu chưa phát "
            "(kiemphieu unused, hoặc nút Ghi phiếu chưa phát/hủy) hoặc phiếu hủy khi đổi phiếu (kiemphieu spoil)"
        )
    if counts.unaccounted < 0:
        return (
            f"{figures} — phát ra, chưa phát và hủy cộng lại nhiều hơn số đã in {-counts.unaccounted} phiếu; "
            "hãy kiểm tra lại số phiếu phát ra"
        )
    return ""


def registry_words(counts: SheetCounts) -> str:
    """The printed sheets as the minutes account for them, in Vietnamese, always with how many are unaccounted
    for (#15): the line `print` and `ballots` end with."""
    words = unaccounted_words(counts)
    if words:
        return f"Sổ phiếu: {words}."
    return (
        f"Sổ phiếu: đã in {counts.printed} phiếu: phát ra {counts.issued}, chưa phát {counts.unused}, "
        f"hủy (đổi phiếu) {counts.spoiled}"
        + (f", phiếu không có mã {len(counts.without_code)}" if counts.without_code else "")
        + " — mọi phiếu đã in đều đã rõ (chưa rõ đi đâu: 0)."
    )


def registry_json(counts: SheetCounts) -> dict[str, int]:
    """The same figures for --json."""
    return {
        "printed": counts.printed,
        "issued": counts.issued,
        "unused": counts.unused,
        "spoiled": counts.spoiled,
        "without_code": len(counts.without_code),
        "unaccounted": counts.unaccounted,
    }


def _sheet(session: Session, text: str) -> BallotSheet:
    meeting = get_meeting(session)
    serial = ballot_code.parse_check_code(text, meeting.secret) or serial_key(text)
    if len(text.strip()) == 47:  # the QR text, as a handheld scanner types it
        decoded = ballot_code.decode(
            text.strip(), fingerprint=ballot_code.fingerprint_bytes(meeting.fingerprint), secret=meeting.secret
        )
        if decoded.problem is not None or decoded.code is None:
            raise EntryError(ballot_code.PROBLEM_MESSAGES[decoded.problem or CodeProblem.MALFORMED])
        serial = decoded.code.serial
    sheet = session.scalar(select(BallotSheet).where(BallotSheet.serial == serial))
    if sheet is None:
        raise NotFoundError(f"Không có phiếu số {text} trong sổ phiếu đã in của hội nghị.")
    return sheet


def _set_status(session: Session, texts: list[str], *, status: str, action: str, actor: str) -> list[str]:
    done = []
    for text in texts:
        sheet = _sheet(session, text)
        if sheet.status != "issued":
            raise StateError(f"Phiếu số {sheet.serial} {STATUS_LABELS.get(sheet.status, sheet.status)}.")
        was_entered = session.scalar(
            select(func.count())
            .select_from(BallotRecord)
            .where(BallotRecord.poll_id == sheet.poll_id, BallotRecord.serial == sheet.serial)
        )
        if was_entered:
            raise StateError(f"Phiếu số {sheet.serial} đã được nhập kết quả, không thể hủy hay thu hồi.")
        sheet.status = status
        audit.record(session, action=action, actor=actor, at=clock.now(), poll_id=sheet.poll_id, subject=sheet.serial)
        done.append(sheet.serial)
    return done


def spoil_sheets(session: Session, *, serials: list[str], actor: str) -> list[str]:
    """Void spoiled sheets taken back in an exchange (đổi phiếu); the delegate gets a spare issued sheet."""
    return _set_status(session, serials, status="spoiled", action="sheet.spoiled", actor=actor)


def return_unused(session: Session, *, serials: list[str], actor: str) -> list[str]:
    """Record sheets that were printed but never handed out (phiếu thừa), so they are not "issued"."""
    return _set_status(session, serials, status="unused", action="sheet.unused", actor=actor)


def resolve_serial(session: Session, poll: Poll, text: str) -> str:
    """The serial named by what an operator scanned or typed: a QR text, a check code or a serial.

    Raises EntryError saying why a code from another meeting, poll or round, a forged code or a
    test ballot cannot be entered into `poll`.
    """
    cleaned = text.strip()
    if len(cleaned) != 47:  # a QR text is read by the scanner as it is; a typed code or serial is folded
        cleaned = serial_key(cleaned)
    if len(cleaned) == 47:
        meeting = get_meeting(session)
        decoded = ballot_code.decode(
            cleaned, fingerprint=ballot_code.fingerprint_bytes(meeting.fingerprint), secret=meeting.secret
        )
        if decoded.problem is not None or decoded.code is None:
            raise EntryError(ballot_code.PROBLEM_MESSAGES[decoded.problem or CodeProblem.MALFORMED])
        if decoded.code.poll_id != poll.id:
            other = session.get(Poll, decoded.code.poll_id)
            if other is not None and other.title == poll.title and other.round_no != poll.round_no:
                raise EntryError(f"Phiếu của lần bầu khác (lần {other.round_no}, không phải lần {poll.round_no}).")
            name = f" ({other.title})" if other is not None else ""
            raise EntryError(ballot_code.PROBLEM_MESSAGES[CodeProblem.WRONG_POLL].rstrip(".") + name + ".")
        if decoded.code.round_no != poll.round_no:
            raise EntryError(ballot_code.PROBLEM_MESSAGES[CodeProblem.WRONG_ROUND])
        if decoded.code.test:
            raise EntryError(ballot_code.PROBLEM_MESSAGES[CodeProblem.TEST])
        return decoded.code.serial
    if len("".join(ch for ch in cleaned if ch.isalnum())) == 14:
        serial = ballot_code.parse_check_code(cleaned, get_meeting(session).secret)
        if serial is None:
            raise EntryError(_wrong_check_code(session, cleaned))
        return serial
    # A printed serial typed as the screen and the sheet show it, in groups ("F6UFE-RI46Q"), is that sheet.
    printed = cleaned.replace("-", "")
    grouped = printed != cleaned and ballot_code.shown_serial(printed) == cleaned
    if grouped and session.scalar(select(BallotSheet.id).where(BallotSheet.serial == printed)) is not None:
        return printed
    return cleaned


def _near(a: str, b: str) -> bool:
    """Whether `b` is `a` with one or two characters mistyped, or two neighbours swapped."""
    if len(a) != len(b):
        return False
    return sum(x != y for x, y in zip(a, b, strict=True)) <= 2


def _wrong_check_code(session: Session, cleaned: str) -> str:
    """Why a typed check code is refused. The check characters are keyed by this meeting's secret, so a
    code of another meeting never checks out; told apart from a typing slip by its serial: a slip leaves
    the serial equal or next to one in this meeting's registry, another meeting's serial is nowhere near."""
    typed = "".join(ch for ch in cleaned.upper() if ch.isalnum()).replace("0", "O").replace("1", "I")[:10]
    serials = session.scalars(select(BallotSheet.serial))
    if any(_near(typed, serial) for serial in serials):
        return f"Mã kiểm tra '{cleaned}' sai (gõ nhầm): hãy gõ lại mã in ngay trên mã QR."
    return (
        ballot_code.PROBLEM_MESSAGES[CodeProblem.FOREIGN].rstrip(".")
        + f": mã kiểm tra '{cleaned}' không có trong sổ phiếu của hội nghị này."
    )
