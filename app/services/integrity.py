"""Trust: re-checking a meeting file (audit chain, ballots against their log, tallies against the minutes),
online backups and sealed archives for the 6-month retention (docs/regulations.md §2.9)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app import clock, dates
from app.errors import EntryError, OutputFileError
from app.rules.profile import BASE_LABELS
from app.services import audit, ballots, closing, minutes, signing, tempfiles
from app.services.scanning import trail
from app.services.scanning.kept import file_sha256, scans_folder
from app.services.tallying import closed_under_bands, tally_json, tally_poll
from app.store import tracking
from app.store.db import MeetingFile
from app.store.orm import AuditEntry, BallotRecord, Mark, Meeting, MinutesRecord, Poll, ScannedPage


@dataclass(frozen=True)
class Finding:
    """Something in the file that does not agree with its own records."""

    where: str
    problem: str


def _expected_ballots(session: Session) -> dict[tuple[int, int, str], dict[str, Any]]:
    """What the audit log says each ballot holds now: (poll, pass, key) → marks, physical, override."""
    expected: dict[tuple[int, int, str], dict[str, Any]] = {}
    for entry in session.scalars(
        select(AuditEntry)
        .where(AuditEntry.action.in_(["ballot.entered", "ballot.corrected", "ballot.undone", "ballot.override"]))
        .order_by(AuditEntry.id)
    ):
        if entry.poll_id is None or entry.subject is None:
            continue
        key = (entry.poll_id, int(entry.details.get("pass", 1)), entry.subject)
        if entry.action == "ballot.entered":
            expected[key] = {
                "marks": entry.details.get("marks", []),
                "physical": entry.details.get("physical_invalid"),
                "override": None,
            }
        elif entry.action == "ballot.corrected" and key in expected:
            after = entry.details.get("after", {})
            expected[key].update(marks=after.get("marks", []), physical=after.get("physical_invalid"))
        elif entry.action == "ballot.undone":
            expected.pop(key, None)
        elif entry.action == "ballot.override" and key in expected:
            expected[key]["override"] = [entry.details.get("valid"), entry.details.get("reason")]
    return expected


Rows = dict[str, dict[int, dict[str, Any]]]


@dataclass
class Replay:
    """The tables as the log says they are, and the log's own problems found while replaying it."""

    rows: Rows
    findings: list[Finding]


def replay(session: Session) -> Rows:
    """Every table as the audit log says it is now: its state records replayed from the first one."""
    return replay_log(session).rows


def replay_log(session: Session) -> Replay:
    """Replay the log from its first entry: the tables it describes, and every state entry that makes a change
    only the head may make (correct, undo an older ballot, rule, close, reopen, change or drop the PIN) without
    the head's signature, once the meeting has a signing key (docs/integrity.md)."""
    expected: Rows = {}
    findings: list[Finding] = []
    key: bytes | None = None
    pending_key: bytes | None = None
    last_entered: dict[tuple[Any, Any, Any], int] = {}
    scans: list[trail.Record] = []  # the scanned-page records since the last state entry (this transaction's)
    for entry_id, action, actor, at, prev_hash, details in session.execute(
        select(
            AuditEntry.id, AuditEntry.action, AuditEntry.actor, AuditEntry.at, AuditEntry.prev_hash, AuditEntry.details
        ).order_by(AuditEntry.id)
    ):
        details = details if isinstance(details, dict) else {}
        if action in trail.ACTIONS:
            scans.append(trail.Record(entry_id, action, actor, at, details))
            continue
        if action == "roles.pin_set" and "public_key" in details:
            try:
                pending_key = bytes.fromhex(str(details["public_key"]))
            except ValueError:
                findings.append(Finding(f"nhật ký, bản ghi số {entry_id}", "khóa công khai của Trưởng ban hỏng"))
            continue
        if action not in (audit.STATE, audit.BASELINE):
            continue
        tables = details.get("rows", {})
        if not isinstance(tables, dict):
            continue
        if action == audit.BASELINE:
            expected, scans = {}, []  # records before a baseline: a file of an earlier version, taken as it was
        else:
            findings += [Finding(where, problem) for where, problem in trail.check(expected, tables, scans)]
            scans = []
        signed = key is not None and _signed(key, prev_hash, tables, details.get("head_signature"))
        if action == audit.STATE and key is not None:
            reasons = _head_only(expected, tables, at, last_entered)
            if reasons and not signed:
                findings.append(
                    Finding(
                        f"nhật ký, bản ghi số {entry_id}",
                        f"{'; '.join(reasons)} mà không có chữ ký (mã PIN) của Trưởng ban kiểm phiếu: bản ghi "
                        "không do chương trình ghi",
                    )
                )
        if pending_key is not None:
            # A new key counts only with the PIN change it came with, signed by the key it replaces (if any).
            if _changes_pin(expected, tables) and (key is None or signed):
                key = pending_key
            else:
                findings.append(
                    Finding(
                        f"nhật ký, bản ghi số {entry_id}",
                        "khóa mới của Trưởng ban không đi kèm việc đặt mã PIN có chữ ký: không được công nhận",
                    )
                )
            pending_key = None
        for table, rows in tables.items():
            current = expected.setdefault(str(table), {})
            for rowid, row in rows.items():
                if row is None:
                    current.pop(int(rowid), None)
                    continue
                current[int(rowid)] = dict(row)
        for rowid, row in tables.get("ballot", {}).items():
            if row is not None:
                who = (row.get("poll_id"), row.get("pass_no"), row.get("station"))
                if last_entered.get(who, -1) < int(rowid):
                    last_entered[who] = int(rowid)
    # Records after the last state entry changed nothing: they must agree with the pages as they are.
    findings += [Finding(where, problem) for where, problem in trail.check(expected, {}, scans)]
    return Replay(expected, findings)


def _signed(key: bytes, prev_hash: str, tables: dict[str, Any], signature: Any) -> bool:
    """Whether a state entry carries the head's signature of its rows and the entry before it."""
    if not isinstance(signature, str):
        return False
    try:
        return signing.verify(key, audit.state_message(prev_hash, tables), bytes.fromhex(signature))
    except ValueError:
        return False


def _changes_pin(before: Rows, tables: dict[str, Any]) -> bool:
    """Whether a state entry sets the meeting's PIN (its hash changes to a value)."""
    old_rows = before.get("meeting", {})
    for rowid, row in tables.get("meeting", {}).items():
        old = old_rows.get(int(rowid)) or {}
        if row is not None and row.get("head_pin") is not None and row.get("head_pin") != old.get("head_pin"):
            return True
    return False


def _head_only(
    before: Rows, tables: dict[str, Any], at: dt.datetime, last_entered: dict[tuple[Any, Any, Any], int]
) -> list[str]:
    """What in one state entry only the head may do."""
    reasons: list[str] = []
    old_pin = before.get("meeting", {})
    for rowid, row in tables.get("meeting", {}).items():
        old = old_pin.get(int(rowid))
        if (
            old is not None
            and old.get("head_pin") is not None
            and (row is None or row.get("head_pin") != old["head_pin"])
        ):
            reasons.append("đổi hoặc bỏ mã PIN")
    undone: set[int] = set()
    ballots_before = before.get("ballot", {})
    for rowid, row in tables.get("ballot", {}).items():
        old = ballots_before.get(int(rowid))
        if old is None:
            continue
        if row is None and _may_undo(int(rowid), old, at, last_entered):
            undone.add(int(rowid))
        elif row is None:
            reasons.append("xóa một phiếu đã nhập (không phải phiếu vừa nhập ở máy đó)")
        else:
            reasons.append("sửa một phiếu đã nhập hoặc kết luận lại phiếu")
    marks_before = before.get("mark", {})
    for rowid, row in tables.get("mark", {}).items():
        old = marks_before.get(int(rowid))
        if old is not None and not (row is None and old.get("ballot_id") in undone):
            reasons.append("sửa dấu trên phiếu đã nhập")
            break
    minutes_before = before.get("minutes_record", {})
    if any(int(rowid) not in minutes_before or row is None for rowid, row in tables.get("minutes_record", {}).items()):
        reasons.append("lập hoặc xóa biên bản chính thức")
    polls_before = before.get("poll", {})
    for rowid, row in tables.get("poll", {}).items():
        old = polls_before.get(int(rowid))
        if old is not None and old.get("status") == "closed" and (row is None or row.get("status") != "closed"):
            reasons.append("mở lại nội dung đã kết thúc")
    reasons += trail.head_only(before, tables)
    return sorted(set(reasons))


def _may_undo(rowid: int, old: dict[str, Any], at: dt.datetime, last_entered: dict[tuple[Any, Any, Any], int]) -> bool:
    """An operator may take back the last ballot entered at their station, once, soon after entering it."""
    if last_entered.get((old.get("poll_id"), old.get("pass_no"), old.get("station"))) != rowid:
        return False
    try:
        entered = dt.datetime.fromisoformat(str(old.get("entered_at")))
    except ValueError:
        return False
    return dt.timedelta(0) <= at - entered <= ballots.UNDO_WINDOW


def _show(value: Any) -> str:
    if isinstance(value, dict) and "sha256" in value:
        return "(mã băm " + str(value["sha256"])[:8] + "…)"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def verify_state(session: Session) -> list[Finding]:
    """Every table against the log, field by field: a row, a column or a value the log does not account for."""
    replayed = replay_log(session)
    expected = replayed.rows
    actual = tracking.snapshot(session.connection())
    findings: list[Finding] = list(replayed.findings)
    for table in sorted(expected.keys() | actual.keys()):
        want, have = expected.get(table, {}), actual.get(table, {})
        for rowid in sorted(want.keys() | have.keys()):
            where = f"bảng {table}, dòng {rowid}"
            if rowid not in have:
                findings.append(Finding(where, "có trong nhật ký nhưng đã mất khỏi tệp"))
                continue
            if rowid not in want:
                findings.append(Finding(where, "có trong tệp nhưng không có trong nhật ký (thêm ngoài chương trình)"))
                continue
            for column in sorted(want[rowid].keys() | have[rowid].keys()):
                if column not in have[rowid]:
                    findings.append(Finding(where, f"cột {column} có trong nhật ký nhưng không có trong tệp"))
                elif column not in want[rowid]:
                    findings.append(Finding(where, f"cột {column} không có trong nhật ký"))
                elif _canonical(want[rowid][column]) != _canonical(have[rowid][column]):
                    findings.append(
                        Finding(
                            where,
                            f"cột {column}: theo nhật ký là {_show(want[rowid][column])}, "
                            f"trong tệp là {_show(have[rowid][column])} (đã bị sửa ngoài chương trình)",
                        )
                    )
    return findings


def _canonical(value: Any) -> str:
    """Type and value: 1, 1.0 and "1" differ, as SQLite keeps them apart."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def verify(session: Session, scans: Path | None = None) -> list[Finding]:
    """Every disagreement between the stored data and the records the app keeps of it.

    Checks the hash chain of the audit log; every stored ballot against the log of how it was
    entered, corrected and ruled on; each minutes revision against its digest; and the latest
    revision of each closed poll against a tally recomputed from the stored ballots. A change made
    behind the app's back (e.g. with the sqlite3 shell) shows up with where it is. Scanned pages are
    checked against their log entries and, given the folder they are kept in (`scans`), each kept file
    against its SHA-256.
    """
    findings = [Finding(f"nhật ký, bản ghi số {p.entry_id}", p.problem) for p in audit.verify_chain(session)]
    findings += verify_state(session)
    try:
        findings += _verify_records(session)
    except (LookupError, ValueError, TypeError) as exc:
        # A value no entry through the app could have stored (the field-by-field check above names it).
        findings.append(Finding("tệp", f"có dữ liệu không đọc được ({type(exc).__name__}: {exc})"))
    findings.extend(_verify_scans(session, scans))
    return findings


def _verify_records(session: Session) -> list[Finding]:
    """Ballots against their entry log, minutes against their digest and against a recount."""
    findings: list[Finding] = []
    expected = _expected_ballots(session)
    polls = {p.id: p for p in session.scalars(select(Poll).options(selectinload(Poll.items)))}
    seen: set[tuple[int, int, str]] = set()
    stored_marks: dict[int, list[tuple[int, int, int | None, str | None]]] = {}
    for ballot_id, row, col, value, text in session.execute(
        select(Mark.ballot_id, Mark.row, Mark.col, Mark.value, Mark.text).order_by(Mark.ballot_id, Mark.row, Mark.col)
    ):
        stored_marks.setdefault(ballot_id, []).append((row, col, value, text))
    for record in session.scalars(select(BallotRecord).order_by(BallotRecord.id)):
        poll = polls[record.poll_id]
        key = (record.poll_id, record.pass_no, ballots.ballot_key(record))
        where = f"phiếu {key[2]} (nội dung '{poll.code}', lượt {record.pass_no})"
        seen.add(key)
        if key not in expected:
            findings.append(Finding(where, "có trong tệp nhưng không có trong nhật ký nhập phiếu"))
            continue
        marks = [list(m) for m in stored_marks.get(record.id, [])]
        if marks != expected[key]["marks"] or record.physical_invalid != expected[key]["physical"]:
            findings.append(Finding(where, "các dấu trên phiếu khác với nhật ký (đã bị sửa ngoài chương trình)"))
        override = [record.override_valid, record.override_reason] if record.override_valid is not None else None
        if override != expected[key]["override"]:
            findings.append(Finding(where, "kết luận của Ban kiểm phiếu khác với nhật ký"))
    for key in expected.keys() - seen:
        findings.append(
            Finding(
                f"phiếu {key[2]} (nội dung '{polls[key[0]].code}', lượt {key[1]})",
                "có trong nhật ký nhưng đã mất khỏi tệp",
            )
        )
    for revision in session.scalars(select(MinutesRecord).order_by(MinutesRecord.id)):
        poll = polls[revision.poll_id]
        where = f"biên bản '{poll.code}' bản {revision.revision}"
        if closing.digest_of(revision.tally) != revision.digest:
            findings.append(Finding(where, "số liệu lưu của biên bản không khớp mã kiểm tra in trên biên bản"))
        latest = closing.latest_closure(session, poll)
        if poll.status == "closed" and latest is not None and latest.id == revision.id:
            try:
                now = closing.digest_of(tally_json(tally_poll(session, poll.code)))
            except ballots.CorruptMarksError:
                continue  # already reported above
            if now != revision.digest:
                findings.append(
                    Finding(
                        where,
                        f"kết quả tính lại từ các phiếu đã lưu theo quy tắc cũ mà biên bản được lập ({BANDED_RULE}) "
                        "khác với kết quả trên biên bản"
                        if closed_under_bands(session, poll)
                        else "kết quả tính lại từ các phiếu đã lưu khác với kết quả trên biên bản",
                    )
                )
    return findings


BANDED_RULE = "bỏ phiếu tín nhiệm chia mức như lấy phiếu tín nhiệm: quá nửa đến dưới 2/3, từ 2/3 trở lên"


def notes(session: Session) -> list[Finding]:
    """What a reader of the file should know though nothing disagrees (#15): each closed binding confidence vote
    whose minutes were made under the earlier three-level banding — recounted under that rule, it reproduces its
    minutes (`verify` checks it) — and what today's rule would conclude, should the poll be reopened."""
    found = []
    for poll in session.scalars(select(Poll).where(Poll.binding.is_(True)).order_by(Poll.id)):
        if not closed_under_bands(session, poll):
            continue
        latest = closing.latest_closure(session, poll)
        if latest is None:
            continue
        try:
            today = tally_poll(session, poll.code, rules_of_today=True)
        except ballots.CorruptMarksError:
            continue  # verify reports it
        changes = closing.changes_between(latest.tally, tally_json(today))
        profile = today.tally.profile
        found.append(
            Finding(
                f"biên bản '{poll.code}' bản {latest.revision}",
                f"được lập theo quy tắc cũ ({BANDED_RULE}); verify tính lại theo đúng quy tắc đó. Theo quy tắc hiện "
                f"hành (quá một nửa {BASE_LABELS[profile.binding_base]} bỏ phiếu Không tín nhiệm) "
                + (f"kết quả sẽ khác: {'; '.join(changes)}" if changes else "kết quả không đổi")
                + ". Muốn lập biên bản theo quy tắc hiện hành: mở lại nội dung (kiemphieu reopen) và lập bản sửa.",
            )
        )
    return found


def _verify_scans(session: Session, scans: Path | None) -> list[Finding]:
    """Scanned pages against the log (a page row added or deleted behind the app's back) and the kept files
    against their hashes (a scan replaced or lost)."""
    findings = []
    logged = {
        (entry.details.get("sha256"), entry.details.get("page"))
        for entry in session.scalars(select(AuditEntry).where(AuditEntry.action == "scan.page"))
    }
    rows = session.execute(select(ScannedPage.file_sha256, ScannedPage.page_no, ScannedPage.file_name)).all()
    stored = {(sha, page) for sha, page, _ in rows}
    for sha, page, name in rows:
        if (sha, page) not in logged:
            findings.append(Finding(f"trang quét {name}, trang {page}", "có trong tệp nhưng không có trong nhật ký"))
    for lost_sha, lost_page in sorted(logged - stored, key=str):
        findings.append(
            Finding(f"trang quét (SHA-256 {str(lost_sha)[:12]}…), trang {lost_page}", "có trong nhật ký nhưng đã mất")
        )
    if scans is None:
        return findings
    for sha, name in sorted({(sha, name) for sha, _, name in rows}):
        kept = scans / f"{sha}{Path(name).suffix.lower()}"
        if not kept.exists():
            findings.append(Finding(f"ảnh quét {name}", f"không còn trong {scans} (cần để kiểm lại)"))
            continue
        if file_sha256(kept) != sha:
            findings.append(Finding(f"ảnh quét {name}", "tệp ảnh đã bị thay đổi sau khi quét (SHA-256 khác)"))
    return findings


def backup(meeting_file: MeetingFile, destination: Path) -> Path:
    """Copy the meeting file with SQLite's online backup (safe while the app is writing to it).

    `destination` may be a folder (the copy is named after the file and the time) or a file path.
    """
    if destination.is_dir():
        stamp = dates.file_stamp(clock.now())
        destination = destination / f"{meeting_file.path.stem}-{stamp}{meeting_file.path.suffix}"
    if destination.exists():
        raise OutputFileError(f"{destination}: đã có tệp này; hãy chọn tên khác.")
    if not destination.parent.is_dir():
        raise OutputFileError(f"{destination}: thư mục {destination.parent} không tồn tại.")
    # Written under a temporary name and renamed when complete: a killed run never leaves a partial copy under
    # the final name (which would make a re-run refuse); its leftovers are removed by the next run (#14).
    tempfiles.clear_stale(destination)
    temporary = tempfiles.temporary(destination)
    raw = meeting_file.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        target = sqlite3.connect(temporary)
        try:
            source.backup(target)
        finally:
            target.close()
        os.replace(temporary, destination)
    except (sqlite3.Error, OSError) as exc:
        raise OutputFileError(f"{destination}: không sao lưu được ({exc}).") from None
    finally:
        raw.close()
        temporary.unlink(missing_ok=True)
    return destination


@dataclass(frozen=True)
class ArchiveReport:
    """What went into a sealed archive."""

    path: Path
    files: tuple[str, ...]
    manifest_sha256: str


def archive(meeting_file: MeetingFile, out: Path, *, actor: str) -> ArchiveReport:
    """A sealed archive for retention: a backup of the meeting file, the minutes of every closed poll, the
    scanned images (kept under their SHA-256), and MANIFEST.sha256 listing the SHA-256 of each file (the
    manifest's own hash is returned)."""
    if out.exists():
        raise OutputFileError(f"{out}: đã có tệp này; hãy chọn tên khác.")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        files: list[Path] = [backup(meeting_file, work / meeting_file.path.name)]
        with meeting_file.reading() as session:
            closed = [
                p.code for p in session.scalars(select(Poll).where(Poll.status == "closed").order_by(Poll.ordinal))
            ]
        for code in closed:
            pdf = work / f"bien-ban-{code}.pdf"
            minutes.make_minutes(meeting_file, code=code, actor=actor, pdf=pdf, xlsx=work / f"tong-hop-{code}.xlsx")
            files += [pdf, work / f"tong-hop-{code}.xlsx"]
        folder_name = f"{meeting_file.path.stem}.scans"
        kept = scans_folder(meeting_file)
        scans = sorted(p for p in kept.iterdir() if p.is_file() and not p.name.startswith(".")) if kept.is_dir() else []
        entries = [(f, f.name) for f in files] + [(f, f"{folder_name}/{f.name}") for f in scans]
        lines = [f"{file_sha256(f)}  {name}" for f, name in entries]
        manifest = "\n".join(lines) + "\n"
        (work / "MANIFEST.sha256").write_text(manifest, encoding="utf-8")
        tempfiles.clear_stale(out)
        temporary = tempfiles.temporary(out)
        try:
            with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
                for f, name in [*entries, (work / "MANIFEST.sha256", "MANIFEST.sha256")]:
                    bundle.write(f, name)
                bundle.writestr(
                    "README.txt",
                    "Lưu trữ kết quả kiểm phiếu (KiểmPhiếu). Kiểm tra: sha256sum -c MANIFEST.sha256\n"
                    f"Lập lúc {dates.moment(clock.now())} bởi {actor}.\n",
                )
            os.replace(temporary, out)
        except OSError as exc:
            raise OutputFileError(f"{out}: không ghi được tệp lưu trữ ({exc.strerror}).") from None
        finally:
            temporary.unlink(missing_ok=True)
    return ArchiveReport(out, tuple(name for _, name in entries), hashlib.sha256(manifest.encode()).hexdigest())


ANCHOR_PREFIX = audit.ANCHOR_PREFIX


def anchor_code(session: Session) -> str:
    """The anchor of the log as it is now: meeting identity, sequence number and chain hash of the last entry.

    Written down outside the file (on paper, on another medium), it proves later that the file's log extends
    this one: `check_anchor`.
    """
    code = audit.anchor(session)
    if code is None:
        raise EntryError("Tệp hội nghị chưa có nhật ký: chưa có mã neo.")
    return code


def anchored_entry(session: Session, code: str) -> int:
    """The sequence number of the entry `code` anchors, when the file's log holds that entry with that hash;
    EntryError (one line) for another meeting, a shorter log, or a log that differs up to the anchor."""
    parts = "".join(ch for ch in code.strip().upper() if not ch.isspace()).split("-")
    if len(parts) != 4 or parts[0] != ANCHOR_PREFIX or not parts[2].isdigit():
        raise EntryError(f"'{code}' không phải mã neo (dạng {ANCHOR_PREFIX}-XXXXXXXX-số-mã).")
    _, identity, seq, digest = parts
    meeting = session.scalar(select(Meeting).limit(1))
    if meeting is None or meeting.fingerprint[:8].upper() != identity:
        raise EntryError("Mã neo không phải của hội nghị trong tệp này (tệp khác, hoặc tệp được dựng lại từ đầu).")
    entry = session.execute(select(AuditEntry.hash).where(AuditEntry.id == int(seq))).scalar()
    if entry is None:
        raise EntryError(
            f"Nhật ký của tệp ngắn hơn lúc lấy mã neo (không có bản ghi số {seq}): tệp là bản cũ hơn, "
            "hoặc đã bị dựng lại."
        )
    if not entry.upper().startswith(digest) or len(digest) < 16:
        raise EntryError(
            f"Nhật ký đến bản ghi số {seq} khác với lúc lấy mã neo: nhật ký đã bị viết lại, hoặc tệp được dựng lại."
        )
    return int(seq)


def check_anchor(session: Session, code: str) -> str:
    """Whether the file's log extends the one `code` was taken from (one line); raise EntryError if it does not.

    A file rebuilt from scratch (another meeting identity or another chain) or a log rewritten before the
    anchor is refused; the same file with entries added after the anchor passes.
    """
    seq = anchored_entry(session, code)
    if audit.verify_chain(session):
        raise EntryError("Nhật ký không liền mạch sau điểm neo: hãy chạy kiemphieu verify để xem chỗ hỏng.")
    later = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.id > seq)) or 0
    return f"Nhật ký của tệp nối tiếp mã neo (bản ghi số {seq}), thêm {later} bản ghi sau đó."


def match_minutes_code(session: Session, text: str) -> str:
    """Which minutes a scanned or typed code (the QR on a printed copy, or its digest) belongs to.

    Raises EntryError when no minutes revision of this meeting file carries that digest: the paper
    copy is not of this file, or the file's results were changed after it was printed.
    """
    # The QR of minutes printed since #14 holds the anchor code of the log at the closing after a space.
    digest, _, anchored = text.strip().upper().removeprefix("KPMIN:").partition(" ")
    digest = digest.lower()
    for revision in session.scalars(select(MinutesRecord).order_by(MinutesRecord.id)):
        if revision.digest == digest or (len(digest) >= 16 and revision.digest.startswith(digest)):
            poll = session.get(Poll, revision.poll_id)
            latest = closing.latest_closure(session, poll) if poll is not None else None
            state = "bản mới nhất" if latest is not None and latest.id == revision.id else "đã có bản sửa sau"
            named = f"biên bản '{poll.code if poll else revision.poll_id}' bản {revision.revision}"
            findings = verify(session)
            if findings:
                # The digest alone is no proof: the file may have been changed behind the app's back since (#14).
                raise EntryError(
                    f"Mã trùng với {named}, nhưng tệp có {len(findings)} chỗ không khớp với nhật ký: không xác nhận "
                    "được. Hãy chạy kiemphieu verify."
                )
            if anchored.strip():
                try:
                    anchored_entry(session, anchored.strip())
                except EntryError as exc:
                    raise EntryError(f"Mã trùng với {named}, nhưng mã neo in trên biên bản không khớp: {exc}") from None
                return f"{named} ({state}); nhật ký của tệp nối tiếp mã neo in trên biên bản"
            return f"{named} ({state})"
    raise EntryError("Mã này không khớp biên bản nào đã lập từ tệp hội nghị này.")
