"""Ballot records: entering, overriding and loading returned ballots. One ballot, one transaction."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app import clock, dates, limits
from app.errors import EntryError, ImportFileError, MeetingFileError, NotFoundError, StateError
from app.printing import ballot_code
from app.rules import points
from app.rules import tally as rules
from app.rules.model import Ballot, Layout, Override, PollDef
from app.rules.words import vietnamese, vietnamese_or_none
from app.services import audit, roles
from app.services.polls import get_poll, poll_def
from app.services.sheets import resolve_serial
from app.sources import BallotSource, source_of
from app.store.db import MeetingFile
from app.store.orm import AuditEntry, BallotRecord, BallotSheet, Mark, Poll
from app.text import nfc, serial_key

ENTRY_KEYS = {"serial", "struck", "choices", "scores", "names", "physical_invalid"}
UNDO_WINDOW = dt.timedelta(minutes=10)  # an operator takes back a ballot just keyed; later, a PIN correction
MAX_SCORE = points.MAX_POINTS  # beyond any scale; larger numbers are typing accidents, not scores


@dataclass(frozen=True)
class EntryDraft:
    """A ballot as typed or read, before it is stored: its serial (None = numbered by the app) and marks."""

    serial: str | None
    ballot: Ballot


@dataclass(frozen=True)
class BallotSaved:
    """What the operator sees after a ballot is stored (the reason in the words of the minutes)."""

    key: str
    valid: bool
    reason: str | None


@dataclass(frozen=True)
class EntryReport:
    """The outcome of entering a file of ballots."""

    accepted: tuple[BallotSaved, ...]
    rejected: tuple[tuple[int, str], ...]

    @property
    def valid(self) -> int:
        """Accepted ballots that count."""
        return sum(1 for b in self.accepted if b.valid)


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise EntryError(f"{what} phải là số nguyên, không phải {json.dumps(value, ensure_ascii=False)}")
    return value


def _halves(value: Any, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise EntryError(f"{what} phải là một số điểm hoặc null, không phải {json.dumps(value, ensure_ascii=False)}")
    try:
        return points.halves_of_number(value)
    except points.PointsError as exc:
        raise EntryError(f"{what}: {exc}") from None


class _TooManyDigits(ValueError):
    """An integer with more digits than an entry may hold (JSON reads it, the bound refuses it)."""


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > limits.MAX_INT_DIGITS:
        raise _TooManyDigits(text)
    return int(text)


def parse_json_line(line: str) -> Any:
    """One line of an entries file (or a typed entry) as JSON, bounded in nesting and number size."""
    if not limits.json_depth_ok(line):
        raise EntryError(f"dữ liệu lồng nhau quá {limits.MAX_JSON_DEPTH} tầng, không phải một phiếu")
    try:
        return json.loads(line, parse_int=_bounded_int)
    except json.JSONDecodeError as exc:
        raise EntryError(f"không phải JSON hợp lệ ({exc.msg}, cột {exc.colno})") from None
    except _TooManyDigits:
        raise EntryError(f"có số dài quá {limits.MAX_INT_DIGITS} chữ số, không phải một phiếu") from None
    except RecursionError:
        raise EntryError("dữ liệu lồng nhau quá sâu, không phải một phiếu") from None


def parse_entry(data: Any) -> EntryDraft:
    """Turn one JSON object (a line of an entries file) into an EntryDraft, or raise EntryError."""
    if not isinstance(data, dict):
        raise EntryError("mỗi dòng phải là một đối tượng JSON { ... }")
    unknown = sorted(set(data) - ENTRY_KEYS)
    if unknown:
        raise EntryError(f"khóa không hợp lệ '{unknown[0]}' (được phép: {', '.join(sorted(ENTRY_KEYS))})")
    serial = data.get("serial")
    if serial is not None:
        if not isinstance(serial, str) or not nfc(serial):
            raise EntryError("'serial' phải là chuỗi ký tự không rỗng")
        serial = serial_key(serial)
        if not serial:
            raise EntryError("'serial' phải là chuỗi ký tự không rỗng")
        if len(serial) > 64 or serial.startswith("#"):
            raise EntryError("'serial' dài quá 64 ký tự hoặc bắt đầu bằng '#' (dành cho số thứ tự do máy đánh)")
    marks = [k for k in ("struck", "choices", "scores", "names") if k in data]
    physical = data.get("physical_invalid")
    if physical is not None and (not isinstance(physical, str) or not nfc(physical)):
        raise EntryError("'physical_invalid' phải là lý do (chuỗi ký tự không rỗng)")
    if physical is not None and len(physical) > limits.MAX_TEXT_CHARS:
        raise EntryError(f"'physical_invalid' dài quá {limits.MAX_TEXT_CHARS} ký tự")
    if len(marks) > 1:
        raise EntryError(f"một phiếu chỉ ghi một trong 'struck', 'choices', 'scores', 'names' (có: {marks})")
    if not marks and physical is None:
        raise EntryError("thiếu nội dung phiếu: 'struck', 'choices', 'scores', 'names' hoặc 'physical_invalid'")
    fields: dict[str, Any] = {
        "physical_invalid": nfc(physical) if physical else None,
        "marks_entered": bool(marks),
    }
    for key in marks:
        value = data[key]
        if not isinstance(value, list):
            raise EntryError(f"'{key}' phải là một danh sách [ ... ]")
        if key == "struck":
            rows = [_int(v, "số thứ tự gạch tên") for v in value]
            if len(set(rows)) != len(rows):
                raise EntryError("một số thứ tự bị gạch được ghi hai lần trong 'struck'")
            fields["struck"] = frozenset(rows)
        elif key == "choices":
            choices = []
            for i, row in enumerate(value, start=1):
                cols = [_int(c, f"dòng {i}") for c in (row if isinstance(row, list) else [row])]
                choices.append(frozenset(c for c in cols if c != 0))
            fields["choices"] = tuple(choices)
        elif key == "scores":
            scores = []
            for i, row in enumerate(value, start=1):
                if not isinstance(row, list):
                    raise EntryError(f"'scores' dòng {i} phải là danh sách điểm theo tiêu chí")
                scores.append(tuple(_halves(v, f"'scores' dòng {i}") for v in row))
            fields["scores"] = tuple(scores)
        else:
            if not all(isinstance(n, str) for n in value):
                raise EntryError("'names' phải là danh sách họ tên (chuỗi ký tự)")
            if len(value) > limits.MAX_STORED_NAMES:
                raise EntryError(f"'names' có {len(value)} tên, quá {limits.MAX_STORED_NAMES}: không phải một phiếu")
            fields["names"] = tuple(nfc(n) for n in value if nfc(n))
    return EntryDraft(serial=serial, ballot=Ballot(key=serial or "", **fields))


def entry_json(ballot: Ballot, layout: Layout, serial: str | None = None) -> dict[str, Any]:
    """The entries-file line of a ballot (the inverse of parse_entry)."""
    data: dict[str, Any] = {} if serial is None else {"serial": serial}
    if ballot.marks_entered:
        if layout is Layout.STRIKE:
            data["struck"] = sorted(ballot.struck)
        elif layout in (Layout.GRID, Layout.SINGLE):
            data["choices"] = [sorted(c) if len(c) > 1 else (next(iter(c)) if c else 0) for c in ballot.choices]
        elif layout is Layout.SCORES:
            data["scores"] = [[None if v is None else v / 2 for v in row] for row in ballot.scores]  # JSON numbers
        else:
            data["names"] = list(ballot.names)
    if ballot.physical_invalid is not None:
        data["physical_invalid"] = ballot.physical_invalid
    return data


def _marks(ballot: Ballot) -> list[Mark]:
    if ballot.struck:
        return [Mark(row=r, col=0) for r in sorted(ballot.struck)]
    if ballot.choices:
        return [Mark(row=r, col=c) for r, cols in enumerate(ballot.choices, 1) for c in sorted(cols)]
    if ballot.scores:
        return [Mark(row=r, col=c, value=v) for r, row in enumerate(ballot.scores, 1) for c, v in enumerate(row, 1)]
    return [Mark(row=r, col=0, text=name) for r, name in enumerate(ballot.names, 1)]


def ballot_key(record: BallotRecord) -> str:
    """How a ballot is named to people: its serial, or '#n' for an app number."""
    return record.serial if record.serial is not None else f"#{record.app_number}"


def _check_serial(session: Session, poll: Poll, serial: str, pass_no: int) -> None:
    earlier = session.scalar(
        select(BallotRecord).where(
            BallotRecord.poll_id == poll.id, BallotRecord.pass_no == pass_no, BallotRecord.serial == serial
        )
    )
    if earlier is not None:
        raise EntryError(
            f"phiếu số {ballot_code.shown_serial(serial)} đã được nhập lúc "
            f"{dates.moment(earlier.entered_at, seconds=True, on_day=True)} "
            f"tại máy {earlier.station} (người nhập: {earlier.operator})"
        )
    # The registry is consulted whether or not this poll has printed ballots (#14): a serial printed for
    # another poll, another round, a test deck or a spoiled sheet is refused even in a poll keyed by hand.
    sheet = session.scalar(select(BallotSheet).where(BallotSheet.serial == serial))
    if sheet is None:
        has_registry = session.scalar(select(BallotSheet.id).where(BallotSheet.poll_id == poll.id).limit(1))
        if has_registry is None:
            return
        raise EntryError(f"phiếu số {serial} không có trong sổ phiếu đã in của hội nghị")
    if sheet.poll_id != poll.id:
        other = session.get(Poll, sheet.poll_id)
        if other is not None and other.id in rounds_of(session, poll):
            raise EntryError(
                f"phiếu số {serial} là phiếu của lần bầu khác (lần {other.round_no}, không phải lần {poll.round_no})"
            )
        raise EntryError(f"phiếu số {serial} là phiếu của nội dung bỏ phiếu khác")
    if sheet.status != "issued":
        labels = {"spoiled": "đã hủy (đổi phiếu)", "unused": "chưa phát (phiếu thừa)", "test": "là phiếu thử"}
        raise EntryError(f"phiếu số {serial} {labels.get(sheet.status, sheet.status)}, không được tính")


WITHOUT_CODE_REFUSED = (
    "phiếu không có mã trong nội dung đã in phiếu có mã QR: chỉ nhận khi Ban kiểm phiếu xác nhận phiếu này "
    "(kiemphieu enter --without-code, hoặc xác nhận trên màn hình nhập phiếu)"
)


def has_printed_sheets(session: Session, poll: Poll) -> bool:
    """Whether ballots of `poll` were printed here with a code (a test deck does not count)."""
    return (
        session.scalar(
            select(BallotSheet.id).where(BallotSheet.poll_id == poll.id, BallotSheet.status != "test").limit(1)
        )
        is not None
    )


def rounds_of(session: Session, poll: Poll) -> set[int]:
    """The ids of every round of the ballot `poll` belongs to (linked by previous_id), itself included."""
    links: dict[int, int | None] = {pid: prev for pid, prev in session.execute(select(Poll.id, Poll.previous_id))}
    children: dict[int, list[int]] = defaultdict(list)
    for child, parent in links.items():
        if parent is not None:
            children[parent].append(child)
    root = poll.id
    seen = {root}
    while links.get(root) is not None and links[root] not in seen:
        root = links[root] or root
        seen.add(root)
    found, queue = {root}, [root]
    while queue:
        for child in children[queue.pop()]:
            if child not in found:
                found.add(child)
                queue.append(child)
    return found


def record_ballot(
    session: Session,
    *,
    poll: Poll,
    pdef: PollDef,
    draft: EntryDraft,
    operator: str,
    station: str,
    source: BallotSource = BallotSource.KEYED,
    pass_no: int = 1,
    at: dt.datetime | None = None,
    app_number: int | None = None,
    without_code: bool = False,
) -> BallotSaved:
    """Store one returned ballot with its marks and its audit entry; raise EntryError if it cannot be
    (store_ballot, without the stored row)."""
    return store_ballot(
        session,
        poll=poll,
        pdef=pdef,
        draft=draft,
        operator=operator,
        station=station,
        source=source,
        pass_no=pass_no,
        at=at,
        app_number=app_number,
        without_code=without_code,
    )[1]


def store_ballot(
    session: Session,
    *,
    poll: Poll,
    pdef: PollDef,
    draft: EntryDraft,
    operator: str,
    station: str,
    source: BallotSource = BallotSource.KEYED,
    pass_no: int = 1,
    at: dt.datetime | None = None,
    app_number: int | None = None,
    without_code: bool = False,
) -> tuple[BallotRecord, BallotSaved]:
    """Store one returned ballot with its marks and its audit entry; raise EntryError if it cannot be. Returns
    the stored row (a scanned sheet's pages point to it) and what the operator is shown.

    A ballot without a serial gets the next app number, or `app_number` when one is given (a pass
    imported from another station keeps its numbers, so importing it twice is caught). In a poll whose
    ballots were printed with a code, a new ballot without one is taken only when `without_code` says the
    committee accepted it (#15); the minutes list it.
    """
    if poll.status == "closed":
        raise StateError(f"Nội dung “{poll.title}” đã kết thúc kiểm phiếu, không nhập thêm phiếu được.")
    problem = rules.shape_error(pdef, draft.ballot)
    if problem:
        raise EntryError(vietnamese(problem))
    at = at or clock.now()
    serial = draft.serial
    if serial is not None:
        app_number = None
        # A scanned QR text or a typed check code names its sheet's serial.
        serial = resolve_serial(session, poll, serial)
        _check_serial(session, poll, serial, pass_no)
    elif app_number is not None:
        taken = session.scalar(
            select(BallotRecord.id).where(
                BallotRecord.poll_id == poll.id, BallotRecord.pass_no == pass_no, BallotRecord.app_number == app_number
            )
        )
        if taken is not None:
            raise EntryError(f"phiếu #{app_number} của lượt nhập {pass_no} đã có")
    else:
        if not without_code and has_printed_sheets(session, poll):
            raise EntryError(WITHOUT_CODE_REFUSED)
        app_number = 1 + (
            session.scalar(
                select(func.max(BallotRecord.app_number)).where(
                    BallotRecord.poll_id == poll.id, BallotRecord.pass_no == pass_no
                )
            )
            or 0
        )
    verdict = rules.check(pdef, draft.ballot)
    record = BallotRecord(
        poll_id=poll.id,
        pass_no=pass_no,
        serial=serial,
        app_number=app_number,
        source=source,
        operator=operator,
        station=station,
        entered_at=at,
        physical_invalid=draft.ballot.physical_invalid,
        marks_entered=draft.ballot.marks_entered,
        auto_valid=verdict.valid,
        auto_reason=vietnamese_or_none(verdict.reason),
    )
    session.add(record)
    session.flush()
    for mark in _marks(draft.ballot):
        mark.ballot_id = record.id
        session.add(mark)
    key = ballot_key(record)
    audit.record(
        session,
        action="ballot.entered",
        actor=operator,
        at=at,
        poll_id=poll.id,
        subject=key,
        details={
            "source": source,
            "station": station,
            "pass": pass_no,
            "marks": record_marks(draft.ballot),
            "physical_invalid": draft.ballot.physical_invalid,
            "valid": verdict.valid,
            "reason": vietnamese_or_none(verdict.reason),
        },
    )
    if poll.status in ("draft", "issued"):
        poll.status = "counting"
    return record, BallotSaved(key=key, valid=verdict.valid, reason=vietnamese_or_none(verdict.reason))


def enter_file(
    meeting_file: MeetingFile,
    *,
    code: str,
    path: Path,
    operator: str,
    pass_no: int = 1,
    without_code: bool = False,
) -> EntryReport:
    """Enter a JSON-lines file of ballots into poll `code`.

    Each line is stored whole or rejected with its line number and reason; the accepted lines
    are committed together at the end, so a crash part-way stores none of the file and
    re-running it cannot count a ballot twice. Lines without a serial in a poll printed with codes are
    refused unless `without_code` (the committee accepted those ballots).
    """
    station = clock.station()
    accepted: list[BallotSaved] = []
    rejected: list[tuple[int, str]] = []
    try:
        handle = limits.open_regular(path, "tệp phiếu")
    except FileNotFoundError:
        raise ImportFileError(f"{path}: không tìm thấy tệp phiếu.") from None
    with handle, meeting_file.transaction() as session:
        poll = get_poll(session, code)
        pdef = poll_def(poll)
        # Lines end at "\n" only, as in every editor: str.splitlines() would also split at U+0085 or U+2028,
        # which json.dumps(ensure_ascii=False) leaves raw inside a name. Each line is read with a bound.
        try:
            for number, raw in limits.bounded_lines(handle, limits.MAX_ENTRY_LINE_BYTES, limits.MAX_ENTRY_LINES):
                if raw is None:
                    rejected.append((number, f"dòng dài quá {limits.MAX_ENTRY_LINE_BYTES // 1024} KB, không đọc"))
                    continue
                if number == 1:
                    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a BOM is not part of line 1
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    if number == 1:  # the whole file is in another encoding (UTF-16, a Windows code page)
                        raise ImportFileError(f"{path.name}: tệp phải được lưu với mã UTF-8.") from None
                    rejected.append((number, "dòng không được lưu với mã UTF-8"))
                    continue
                if not line.strip():
                    continue
                try:
                    data = parse_json_line(line)
                except EntryError as exc:
                    rejected.append((number, str(exc)))
                    continue
                savepoint = session.begin_nested()
                try:
                    draft = parse_entry(data)
                    accepted.append(
                        record_ballot(
                            session,
                            poll=poll,
                            pdef=pdef,
                            draft=draft,
                            operator=operator,
                            station=station,
                            pass_no=pass_no,
                            without_code=without_code,
                        )
                    )
                    savepoint.commit()
                except EntryError as exc:
                    savepoint.rollback()
                    audit.forget_cached_hash(session)
                    rejected.append((number, str(exc)))
        except limits.InputLimitError as exc:
            raise ImportFileError(f"{path.name}: {exc}") from None
        except OSError as exc:
            raise ImportFileError(f"{path}: không đọc được tệp ({exc.strerror}).") from None
    return EntryReport(accepted=tuple(accepted), rejected=tuple(rejected))


def find_ballot(session: Session, poll: Poll, key: str, pass_no: int = 1) -> BallotRecord:
    """The ballot named `key` (a serial, or '#n' for an app number) in `poll`."""
    query = select(BallotRecord).where(BallotRecord.poll_id == poll.id, BallotRecord.pass_no == pass_no)
    if key.startswith("#") and key[1:].isdigit():
        query = query.where(BallotRecord.app_number == int(key[1:]))
    else:
        query = query.where(BallotRecord.serial == serial_key(key))
    record = session.scalar(query)
    if record is None:
        raise NotFoundError(f"Không có phiếu '{key}' trong nội dung “{poll.title}”.")
    return record


def override_validity(
    session: Session, *, code: str, key: str, valid: bool, reason: str, actor: str, pin: str | None = None
) -> BallotSaved:
    """Record the counting committee's ruling on a ballot's validity, with its reason (190-QĐ/TW Art. 8)."""
    reason = nfc(reason)
    if not reason:
        raise EntryError("Phải ghi lý do khi Ban kiểm phiếu thay đổi kết luận về phiếu.")
    limits.typed_reason(reason)
    head = roles.require_head(session, pin, "Kết luận lại một phiếu")
    poll = get_poll(session, code)
    if poll.status == "closed":
        raise StateError(f"Nội dung “{poll.title}” đã kết thúc kiểm phiếu; phải mở lại trước khi sửa.")
    if not (key.startswith("#") and key[1:].isdigit()):
        key = resolve_serial(session, poll, key)  # a typed check code or a scanned QR names its serial
    record = find_ballot(session, poll, key)
    if valid and not record.marks_entered:
        raise EntryError(
            f"Phiếu {key} chỉ được ghi là không hợp lệ về hình thức, chưa nhập các dấu trên phiếu: "
            "không thể kết luận hợp lệ khi chưa có nội dung để tính."
        )
    at = clock.now()
    audit.record(
        session,
        action="ballot.override",
        actor=actor,
        at=at,
        poll_id=poll.id,
        subject=key,
        details={
            "head_pin": head,
            "automatic": [record.auto_valid, record.auto_reason],
            "before": record.override_valid,
            "valid": valid,
            "reason": reason,
        },
    )
    record.override_valid = valid
    record.override_reason = reason
    record.override_by = actor
    record.override_at = at
    return BallotSaved(key=key, valid=valid, reason=None if valid else reason)


def load_ballots(session: Session, poll: Poll, pdef: PollDef, pass_no: int = 1) -> list[Ballot]:
    """Every stored ballot of `poll` as the rules' plain Ballot, in entry order (two queries)."""
    records = session.execute(
        select(
            BallotRecord.id,
            BallotRecord.serial,
            BallotRecord.app_number,
            BallotRecord.physical_invalid,
            BallotRecord.marks_entered,
            BallotRecord.override_valid,
            BallotRecord.override_reason,
        )
        .where(BallotRecord.poll_id == poll.id, BallotRecord.pass_no == pass_no)
        .order_by(BallotRecord.id)
    ).all()
    marks: dict[int, list[tuple[int, int, int | None, str | None]]] = defaultdict(list)
    for ballot_id, row, col, value, text in session.execute(
        select(Mark.ballot_id, Mark.row, Mark.col, Mark.value, Mark.text)
        .join(BallotRecord, BallotRecord.id == Mark.ballot_id)
        .where(BallotRecord.poll_id == poll.id, BallotRecord.pass_no == pass_no)
        .order_by(Mark.ballot_id, Mark.row, Mark.col)
    ):
        marks[ballot_id].append((row, col, value, text))
    layout = pdef.layout
    n, k = len(pdef.items), len(pdef.criteria)
    result = []
    for rid, serial, app_number, physical, entered, override_valid, override_reason in records:
        key = serial if serial is not None else f"#{app_number}"
        ballot = Ballot(
            key=key,
            physical_invalid=physical,
            marks_entered=entered,
            override=Override(override_valid, override_reason or "") if override_valid is not None else None,
        )
        if entered:
            ballot = replace(ballot, **_layout_fields(layout, marks.get(rid, []), n, k, key))
        result.append(ballot)
    return result


class CorruptMarksError(MeetingFileError):
    """Stored marks that no entry through the app could have made (edited behind its back)."""


def with_records(session: Session, poll: Poll, pdef: PollDef, pass_no: int = 1) -> list[tuple[Ballot, BallotRecord]]:
    """Every ballot of one pass with its stored record (who, where, when, rulings), in entry order."""
    records = {
        ballot_key(r): r
        for r in session.scalars(
            select(BallotRecord).where(BallotRecord.poll_id == poll.id, BallotRecord.pass_no == pass_no)
        )
    }
    return [(ballot, records[ballot.key]) for ballot in load_ballots(session, poll, pdef, pass_no)]


def _layout_fields(
    layout: Layout, rows: list[tuple[int, int, int | None, str | None]], n: int, k: int, key: str = ""
) -> dict[str, Any]:
    # Marks outside the ballot's rows or columns can only come from an edit made outside the app;
    # count nothing from such a ballot and say so (style: never a silent skip).
    limit_col = k if layout is Layout.SCORES else 0 if layout in (Layout.STRIKE, Layout.NAMES) else None
    for r, c, _, _ in rows:
        bad_row = not 1 <= r <= (n if layout is not Layout.NAMES else limits.MAX_STORED_NAMES)
        bad_col = (c != 0) if limit_col == 0 else (not 1 <= c <= limit_col) if limit_col else c < 1
        if bad_row or bad_col:
            raise CorruptMarksError(
                f"Phiếu {key} có dấu ở dòng {r}, cột {c} không có trên phiếu: dữ liệu đã bị sửa ngoài chương trình "
                "(kiểm tra bằng kiemphieu verify, hoặc khôi phục từ bản sao lưu)."
            )
    if layout is Layout.STRIKE:
        return {"struck": frozenset(r for r, _, _, _ in rows)}
    if layout in (Layout.GRID, Layout.SINGLE):
        cells: list[set[int]] = [set() for _ in range(n)]
        for r, c, _, _ in rows:
            cells[r - 1].add(c)
        return {"choices": tuple(frozenset(c) for c in cells)}
    if layout is Layout.SCORES:
        grid: list[list[int | None]] = [[None] * k for _ in range(n)]
        for r, c, v, _ in rows:
            grid[r - 1][c - 1] = v
        return {"scores": tuple(tuple(r) for r in grid)}
    return {"names": tuple(t or "" for _, _, _, t in rows)}


def check_sheet(session: Session, *, code: str, text: str, pass_no: int = 1) -> str:
    """The serial a scanned or typed code names, if it may be entered now into poll `code`.

    Raises EntryError with the reason it may not (another meeting, poll or round, forged, test
    ballot, spoiled or unused sheet, not in the registry, or already entered — when and where).
    Nothing is written: the entry screen calls this the moment a code is scanned.
    """
    poll = get_poll(session, code)
    if poll.status == "closed":
        raise StateError(f"Nội dung “{poll.title}” đã kết thúc kiểm phiếu, không nhập thêm phiếu được.")
    serial = resolve_serial(session, poll, text)
    _check_serial(session, poll, serial, pass_no)
    return serial


def record_marks(ballot: Ballot) -> list[list[Any]]:
    """The marks of a ballot as the audit log writes them: [row, col, value, text] each."""
    return [[m.row, m.col, m.value, m.text] for m in _marks(ballot)]


def stored_ballot(session: Session, poll: Poll, record: BallotRecord) -> Ballot:
    """The rules' Ballot of one stored record."""
    pdef = poll_def(poll)
    rows = [
        (row, col, value, text)
        for row, col, value, text in session.execute(
            select(Mark.row, Mark.col, Mark.value, Mark.text)
            .where(Mark.ballot_id == record.id)
            .order_by(Mark.row, Mark.col)
        )
    ]
    ballot = Ballot(
        key=ballot_key(record), physical_invalid=record.physical_invalid, marks_entered=record.marks_entered
    )
    if record.marks_entered:
        ballot = replace(ballot, **_layout_fields(pdef.layout, rows, len(pdef.items), len(pdef.criteria), ballot.key))
    return ballot


def undo_last_ballot(session: Session, *, code: str, station: str, actor: str, pass_no: int = 1) -> BallotSaved:
    """Take back the last ballot entered at `station` in this pass, once, within UNDO_WINDOW of entering it;
    the audit log keeps what it was. Anything older is a correction under the head's PIN (`verify` refuses an
    undo of any other ballot that is not signed by the head)."""
    poll = get_poll(session, code)
    if poll.status == "closed":
        raise StateError(f"Nội dung “{poll.title}” đã kết thúc kiểm phiếu; phải mở lại trước khi sửa.")
    record = session.scalar(
        select(BallotRecord)
        .where(BallotRecord.poll_id == poll.id, BallotRecord.pass_no == pass_no, BallotRecord.station == station)
        .order_by(BallotRecord.id.desc())
        .limit(1)
    )
    if record is None:
        raise NotFoundError("Máy này chưa nhập phiếu nào trong nội dung này: không có gì để hoàn tác.")
    key = ballot_key(record)
    if _last_entered_key(session, poll, station, pass_no) != key:
        raise StateError(
            "Phiếu vừa nhập ở máy này đã được hoàn tác. Các phiếu nhập trước đó chỉ sửa được bằng chức năng sửa phiếu, "
            "với mã PIN của Trưởng ban kiểm phiếu."
        )
    if clock.now() - record.entered_at > UNDO_WINDOW:
        raise StateError(
            f"Phiếu {key} đã nhập lúc {record.entered_at:%H:%M}, quá {UNDO_WINDOW.seconds // 60} phút: chỉ sửa được "
            "bằng chức năng sửa phiếu, với mã PIN của Trưởng ban kiểm phiếu."
        )
    ballot = stored_ballot(session, poll, record)
    audit.record(
        session,
        action="ballot.undone",
        actor=actor,
        at=clock.now(),
        poll_id=poll.id,
        subject=key,
        details={
            "pass": pass_no,
            "station": station,
            "entered_at": record.entered_at.isoformat(),
            "operator": record.operator,
            "marks": record_marks(ballot),
            "physical_invalid": record.physical_invalid,
        },
    )
    session.delete(record)
    session.flush()
    return BallotSaved(key=key, valid=record.auto_valid, reason=record.auto_reason)


def _last_entered_key(session: Session, poll: Poll, station: str, pass_no: int) -> str | None:
    """The key of the last ballot entered at `station` in this pass, as the log has it."""
    for subject, details in session.execute(
        select(AuditEntry.subject, AuditEntry.details)
        .where(AuditEntry.poll_id == poll.id, AuditEntry.action == "ballot.entered")
        .order_by(AuditEntry.id.desc())
    ):
        if details.get("station") == station and int(details.get("pass", 1)) == pass_no:
            return str(subject)
    return None


def correct_ballot(
    session: Session,
    *,
    code: str,
    key: str,
    draft: EntryDraft,
    reason: str,
    actor: str,
    pass_no: int = 1,
    pin: str | None = None,
) -> BallotSaved:
    """Replace the marks of an entered ballot, with a reason; the audit log keeps the original."""
    reason = nfc(reason)
    if not reason:
        raise EntryError("Phải ghi lý do khi sửa một phiếu đã nhập.")
    limits.typed_reason(reason)
    head = roles.require_head(session, pin, "Sửa một phiếu đã nhập")
    poll = get_poll(session, code)
    if poll.status == "closed":
        raise StateError(f"Nội dung “{poll.title}” đã kết thúc kiểm phiếu; phải mở lại trước khi sửa.")
    pdef = poll_def(poll)
    problem = rules.shape_error(pdef, draft.ballot)
    if problem:
        raise EntryError(vietnamese(problem))
    record = find_ballot(session, poll, key, pass_no)
    before = stored_ballot(session, poll, record)
    verdict = rules.check(pdef, draft.ballot)
    session.execute(delete(Mark).where(Mark.ballot_id == record.id))
    for mark in _marks(draft.ballot):
        mark.ballot_id = record.id
        session.add(mark)
    record.physical_invalid = draft.ballot.physical_invalid
    record.marks_entered = draft.ballot.marks_entered
    record.auto_valid, record.auto_reason = verdict.valid, vietnamese_or_none(verdict.reason)
    audit.record(
        session,
        action="ballot.corrected",
        actor=actor,
        at=clock.now(),
        poll_id=poll.id,
        subject=key,
        details={
            "reason": reason,
            "head_pin": head,
            "pass": pass_no,
            "before": {"marks": record_marks(before), "physical_invalid": before.physical_invalid},
            "after": {"marks": record_marks(draft.ballot), "physical_invalid": draft.ballot.physical_invalid},
            "valid": verdict.valid,
        },
    )
    valid = record.override_valid if record.override_valid is not None else verdict.valid
    ruled = record.override_reason if record.override_valid is not None else vietnamese_or_none(verdict.reason)
    return BallotSaved(key=key, valid=valid, reason=None if valid else ruled)


def enter_ballot(
    session: Session,
    *,
    code: str,
    serial: str | None,
    ballot: Ballot,
    operator: str,
    station: str,
    source: BallotSource = BallotSource.KEYED,
    pass_no: int = 1,
    without_code: bool = False,
) -> BallotSaved:
    """Store one ballot of poll `code` as the entry screen has it (one transaction per call)."""
    poll = get_poll(session, code)
    return record_ballot(
        session,
        poll=poll,
        pdef=poll_def(poll),
        draft=EntryDraft(serial, ballot),
        operator=operator,
        station=station,
        source=source,
        pass_no=pass_no,
        without_code=without_code,
    )


def ballot_by_key(session: Session, *, code: str, key: str, pass_no: int = 1) -> Ballot:
    """The stored marks of ballot `key` (serial, check code or '#n') of poll `code`."""
    poll = get_poll(session, code)
    if not (key.startswith("#") and key[1:].isdigit()):
        key = resolve_serial(session, poll, key)
    return stored_ballot(session, poll, find_ballot(session, poll, key, pass_no))


@dataclass(frozen=True)
class RecentEntry:
    """A line of the entry log shown beside the form."""

    key: str
    valid: bool
    reason: str | None
    operator: str
    station: str
    at: dt.datetime
    corrected: bool
    source: BallotSource | None = BallotSource.KEYED  # None: a source of another version of the program


def recent_entries(
    session: Session, *, code: str, limit: int = 12, pass_no: int = 1, station: str | None = None
) -> list[RecentEntry]:
    """The last ballots entered in poll `code` (newest first, only `station`'s if given), with whether
    each was corrected. With station and limit=1: the ballot undo_last_ballot would take back."""
    poll = get_poll(session, code)
    query = select(BallotRecord).where(BallotRecord.poll_id == poll.id, BallotRecord.pass_no == pass_no)
    if station is not None:
        query = query.where(BallotRecord.station == station)
    records = session.scalars(query.order_by(BallotRecord.id.desc()).limit(limit)).all()
    keys = [ballot_key(r) for r in records]
    corrected = set(
        session.scalars(
            select(AuditEntry.subject).where(
                AuditEntry.poll_id == poll.id, AuditEntry.action == "ballot.corrected", AuditEntry.subject.in_(keys)
            )
        )
    )
    return [
        RecentEntry(
            key=key,
            valid=r.override_valid if r.override_valid is not None else r.auto_valid,
            reason=r.override_reason if r.override_valid is not None else r.auto_reason,
            operator=r.operator,
            station=r.station,
            at=r.entered_at,
            corrected=key in corrected,
            source=source_of(r.source),
        )
        for key, r in zip(keys, records, strict=True)
    ]
