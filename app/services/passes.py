"""Independent double and triple entry (docs/regulations.md §7: every ballot entered on two or three
computers): comparing passes per ballot, and moving a pass between stations as a signed file."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app import clock, limits
from app.errors import EntryError, ImportFileError, NotFoundError, OutputFileError, StateError
from app.printing.ballot_code import fingerprint_bytes, shown_serial
from app.rules.points import format_points
from app.rules.reasons import physical
from app.rules.words import vietnamese
from app.services import audit, ballots
from app.services.meetings import get_meeting
from app.services.polls import get_poll, poll_def
from app.sources import BallotSource, source_words
from app.store.db import MeetingFile
from app.store.orm import BallotRecord

FORMAT = "kiemphieu-pass"
VERSION = 1


@dataclass(frozen=True)
class PassCounts:
    """Ballots of one entry pass."""

    pass_no: int
    entered: int
    valid: int


@dataclass(frozen=True)
class Mismatch:
    """A ballot whose passes disagree: what each pass has (None = not entered in that pass)."""

    key: str
    entries: tuple[tuple[int, str | None], ...]


def pass_counts(session: Session, *, code: str) -> list[PassCounts]:
    """Entered and valid ballots per pass."""
    poll = get_poll(session, code)
    final_valid = func.coalesce(BallotRecord.override_valid, BallotRecord.auto_valid)
    rows = session.execute(
        select(BallotRecord.pass_no, func.count(), func.coalesce(func.sum(case((final_valid, 1), else_=0)), 0))
        .where(BallotRecord.poll_id == poll.id)
        .group_by(BallotRecord.pass_no)
        .order_by(BallotRecord.pass_no)
    ).all()
    return [PassCounts(p, n, v) for p, n, v in rows]


def _describe(entry: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in entry.items() if k != "serial"}, ensure_ascii=False)


def compare_passes(session: Session, *, code: str) -> list[Mismatch]:
    """Ballots (matched by serial, or by '#n' for ballots without a code) whose passes differ."""
    poll = get_poll(session, code)
    pdef = poll_def(poll)
    passes = sorted(set(session.scalars(select(BallotRecord.pass_no).where(BallotRecord.poll_id == poll.id))))
    if len(passes) < 2:
        return []
    seen: dict[int, dict[str, str]] = {
        p: {b.key: _describe(ballots.entry_json(b, pdef.layout)) for b in ballots.load_ballots(session, poll, pdef, p)}
        for p in passes
    }
    keys = sorted(set().union(*(set(v) for v in seen.values())))
    mismatches = []
    for key in keys:
        values = tuple((p, seen[p].get(key)) for p in passes)
        if len({v for _, v in values}) > 1:
            mismatches.append(Mismatch(key, values))
    return mismatches


def _mac(secret: bytes, body: dict[str, Any]) -> str:
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hmac.new(secret, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def export_pass(meeting_file: MeetingFile, *, code: str, pass_no: int, out: Path, actor: str) -> int:
    """Write this station's ballots of one pass to `out`, signed with the meeting's secret; returns the count."""
    with meeting_file.reading() as session:
        poll = get_poll(session, code)
        pdef = poll_def(poll)
        meeting = get_meeting(session)
        rows = []
        for ballot, record in ballots.with_records(session, poll, pdef, pass_no):
            rows.append(
                {
                    **ballots.entry_json(ballot, pdef.layout, record.serial),
                    "app_number": record.app_number,
                    "operator": record.operator,
                    "station": record.station,
                    "entered_at": record.entered_at.isoformat(),
                }
            )
        body = {
            "format": FORMAT,
            "version": VERSION,
            "meeting": meeting.fingerprint,
            "poll": poll.code,
            "round": poll.round_no,
            "pass": pass_no,
            "exported_at": clock.now().isoformat(),
            "exported_by": actor,
            # The anchor code of the exporting station's own log (signed with the rest); the receiving file's log
            # keeps it, so the exporting file can later be checked against it (verify --anchor).
            "anchor": audit.anchor(session),
            "ballots": rows,
        }
        document = {**body, "mac": _mac(meeting.secret, body)}
    if not rows:
        raise EntryError(f"Lượt nhập {pass_no} của “{poll.title}” chưa có phiếu nào để xuất.")
    try:
        out.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError as exc:
        raise OutputFileError(f"{out}: không ghi được tệp ({exc.strerror}).") from None
    return len(rows)


def import_pass(meeting_file: MeetingFile, *, path: Path, actor: str) -> tuple[str, int, int]:
    """Take in a pass exported by another station (all of it or nothing); returns (poll, pass, count).

    The file must be signed with this meeting's secret: a file of another meeting, or one changed
    after export, is refused.
    """
    try:
        document = json.loads(limits.read_bounded(path, limits.MAX_PASS_BYTES, "tệp lượt nhập").decode("utf-8-sig"))
    except FileNotFoundError:
        raise ImportFileError(f"{path}: không tìm thấy tệp lượt nhập.") from None
    except limits.InputLimitError as exc:
        raise ImportFileError(str(exc)) from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):  # ValueError: bad JSON, or a 5,000-digit number
        raise ImportFileError(
            f"{path.name}: không phải tệp lượt nhập của KiểmPhiếu (hỏng hoặc sai định dạng)."
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportFileError(f"{path.name}: không phải tệp lượt nhập của KiểmPhiếu.")
    if document.get("version") != VERSION:
        raise ImportFileError(f"{path.name}: tệp lượt nhập của phiên bản khác ({document.get('version')}).")
    mac = document.pop("mac", None)
    with meeting_file.transaction() as session:
        meeting = get_meeting(session)
        if document.get("meeting") != meeting.fingerprint:
            raise ImportFileError(f"{path.name}: tệp lượt nhập của hội nghị khác.")
        if not isinstance(mac, str) or not hmac.compare_digest(mac, _mac(meeting.secret, document)):
            raise ImportFileError(f"{path.name}: chữ ký của tệp không khớp (tệp đã bị sửa sau khi xuất).")
        code, pass_no = str(document["poll"]), int(document["pass"])
        try:
            poll = get_poll(session, code)
        except NotFoundError:
            raise ImportFileError(
                f"{path.name}: tệp của nội dung bỏ phiếu '{code}', hội nghị này không có nội dung đó."
            ) from None
        if poll.status == "closed":
            raise StateError(f"{path.name}: nội dung '{code}' đã kết thúc; phải mở lại trước khi nhận thêm phiếu.")
        if int(document.get("round", 0)) != poll.round_no:
            raise ImportFileError(f"{path.name}: tệp của lần bầu khác.")
        pdef = poll_def(poll)
        count = 0
        for number, row in enumerate(document.get("ballots", []), start=1):
            fields = {k: v for k, v in row.items() if k in ballots.ENTRY_KEYS}
            try:
                draft = ballots.parse_entry(fields)
                if draft.serial is None and row.get("app_number") is None:
                    raise EntryError("thiếu số phiếu")
                ballots.record_ballot(
                    session,
                    poll=poll,
                    pdef=pdef,
                    draft=draft,
                    operator=str(row.get("operator") or "?"),
                    station=str(row.get("station") or "?"),
                    source=BallotSource.IMPORT,
                    pass_no=pass_no,
                    at=dt.datetime.fromisoformat(str(row["entered_at"])),
                    app_number=None if draft.serial is not None else int(row["app_number"]),
                )
            except (EntryError, KeyError, ValueError) as exc:
                raise EntryError(
                    f"{path.name}: phiếu thứ {number} không nhận được ({exc}); không nhập phiếu nào."
                ) from None
            count += 1
        audit.record(
            session,
            action="pass.imported",
            actor=actor,
            at=clock.now(),
            poll_id=poll.id,
            subject=code,
            details={
                "pass": pass_no,
                "ballots": count,
                "file": path.name,
                "fingerprint": fingerprint_bytes(meeting.fingerprint).hex(),
                "source_anchor": document.get("anchor") if isinstance(document.get("anchor"), str) else None,
            },
        )
    return code, pass_no, count


EVENT_WORDS = {
    "ballot.corrected": "Sửa phiếu",
    "ballot.undone": "Hoàn tác (xóa) phiếu",
    "ballot.override": "Ban kiểm phiếu kết luận lại phiếu",
}


def write_entry_log(meeting_file: MeetingFile, *, code: str, out: Path, pass_no: int = 1) -> int:
    """Print the entry log of one pass of poll `code` to a PDF; returns the number of pages."""
    from app.printing.entry_log_pdf import LogEvent, LogRow, render_entry_log
    from app.store.orm import AuditEntry

    with meeting_file.reading() as session:
        poll = get_poll(session, code)
        pdef = poll_def(poll)
        rows = []
        for ballot, record in ballots.with_records(session, poll, pdef, pass_no):
            valid = record.override_valid if record.override_valid is not None else record.auto_valid
            reason = record.override_reason if record.override_valid is not None else record.auto_reason
            marks = json_marks(ballots.entry_json(ballot, pdef.layout))
            rows.append(
                LogRow(
                    key=shown_serial(ballot.key),  # as printed on the sheet (walk 17h)
                    marks=marks,
                    verdict="hợp lệ" if valid else f"không hợp lệ: {reason}",
                    operator=record.operator,
                    station=record.station,
                    source=source_words(record.source),
                    at=record.entered_at,
                )
            )
        events = [
            LogEvent(
                e.at,
                e.actor,
                f"{EVENT_WORDS[e.action]} {shown_serial(e.subject or '')}: {e.details.get('reason', '')}".rstrip(": "),
            )
            for e in session.scalars(
                select(AuditEntry)
                .where(AuditEntry.poll_id == poll.id, AuditEntry.action.in_(EVENT_WORDS))
                .order_by(AuditEntry.id)
            )
            if int(e.details.get("pass", 1)) == pass_no  # committee rulings concern the counted first pass
        ]
        title = poll.title + (f" (lần bầu thứ {poll.round_no})" if poll.round_no > 1 else "")
        subtitle = f"{get_meeting(session).title} — lượt nhập {pass_no}, {len(rows)} phiếu"
        anchor = audit.anchor(session)
    try:
        return render_entry_log(
            out, title=title, subtitle=subtitle, rows=rows, events=events, printed_at=clock.now(), anchor=anchor
        )
    except OSError as exc:
        raise OutputFileError(f"{out}: không ghi được tệp ({exc.strerror}).") from None


def json_marks(entry: dict[str, Any]) -> str:
    """The marks of an entries-file line in words, for people."""
    parts = []
    if "struck" in entry:
        parts.append("gạch: " + (", ".join(map(str, entry["struck"])) or "không gạch tên nào"))
    if "choices" in entry:
        parts.append(
            "dấu từng dòng: "
            + " ".join("+".join(map(str, c)) if isinstance(c, list) else str(c) for c in entry["choices"])
        )
    if "scores" in entry:
        # As the committee writes them, 8,5 (walk 17h: '8.5, 9'); so " · " parts one criterion from the next.
        parts.append(
            "điểm: "
            + "; ".join(
                " · ".join("—" if v is None else format_points(round(float(v) * 2)) for v in row)
                for row in entry["scores"]
            )
        )
    if "names" in entry:
        parts.append("tên: " + (", ".join(entry["names"]) or "không ghi tên nào"))
    if "physical_invalid" in entry:
        parts.append("không hợp lệ về hình thức: " + vietnamese(physical(str(entry["physical_invalid"]))))
    return "; ".join(parts)
