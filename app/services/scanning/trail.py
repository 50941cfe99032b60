"""What the audit log must show for each change of a scanned page: `verify`'s replay checks it (issue #14).

Every transaction ends with a `state.rows` record holding the new row of each page it changed. The scanning
service writes, in the same transaction, the record that says why, carrying the same values:

* `scan.reviewed` — a person decided the page: who (`actor`), when (`at`), the cells changed (`cells`, the tail of
  the page's `decisions`), the physical reason it is invalid, the note, whether it is now decided;
* `scan.dismissed` — the head set the page aside (the PIN: the state record is signed): who, when, the note;
* `scan.superseded` — the app set an unreadable page aside because a new scan of the same sheet was read (a page
  stored in the same transaction): who scanned it, when, which file and page.

`check` holds one transaction's changes of pages against those records, and the records against the pages:
a page decided, set aside, counted or changed after it was finished without the record (or the ballot) that
accounts for it, and a record whose page did not change the way it says, are named. `head_only` says which
changes need the head's signature. The words are Vietnamese findings, as `integrity.Finding` carries them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from app.recognition.outcomes import Outcome, Status
from app.sources import BallotSource
from app.text import serial_key

Rows = dict[str, dict[int, dict[str, Any]]]
TABLE = "scanned_page"

REVIEWED = "scan.reviewed"
DISMISSED = "scan.dismissed"
SUPERSEDED = "scan.superseded"
ACTIONS = frozenset({REVIEWED, DISMISSED, SUPERSEDED})

# A page in one of these is finished: the app never changes it again.
FINISHED: Mapping[str, str] = {
    Status.COUNTED: "được tính",
    Status.DISMISSED: "bỏ khỏi hàng chờ",
    Status.DONE: "xong (không cần xử lý)",
    Status.TURNED_AWAY: "bị từ chối",
}
# What a page is and what was decided about it (the reader's measures and reasons are how it was read).
DECISION_COLUMNS = (
    "status",
    "ballot_id",
    "cells",
    "decisions",
    "checks",
    "physical_invalid",
    "reviewed_by",
    "reviewed_at",
    "review_note",
    "serial",
    "poll_id",
    "pass_no",
    "sheet_page",
    "sheet_pages",
)
# What a person's decision writes (decide): only with a `scan.reviewed` record.
REVIEW_COLUMNS = ("cells", "decisions", "checks", "physical_invalid", "reviewed_by", "reviewed_at", "review_note")
# The statuses an unfinished page may move to within one transaction (deciding, counting, setting aside).
MOVES: Mapping[str, frozenset[str]] = {
    Status.PENDING: frozenset({Status.PENDING, Status.WAITING, Status.COUNTED, Status.TURNED_AWAY, Status.DISMISSED}),
    Status.WAITING: frozenset({Status.WAITING, Status.PENDING, Status.COUNTED, Status.TURNED_AWAY, Status.DISMISSED}),
}


@dataclass(frozen=True)
class Record:
    """One `scan.*` record of the log, as the replay reads it."""

    entry_id: int
    action: str
    actor: str
    at: dt.datetime
    details: Mapping[str, Any]


def superseded_note(file_name: str, page_no: int) -> str:
    """The note of a page set aside because its sheet was scanned again (`file_name`, page `page_no`)."""
    return f"đã quét lại: {file_name}, trang {page_no}"


def _pages(tables: Mapping[str, Any]) -> dict[int, dict[str, Any] | None]:
    rows = tables.get(TABLE, {})
    return {int(rowid): row for rowid, row in rows.items()} if isinstance(rows, dict) else {}


def _json(value: Any) -> Any:
    """A JSON column as stored (text) or as the log holds it."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _time(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _where(row: Mapping[str, Any]) -> str:
    return f"trang quét {row.get('file_name')}, trang {row.get('page_no')}"


def _superseded(old: Mapping[str, Any], before: Rows, tables: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The page stored in the same transaction that a page set aside gave way to: a new scan of the same sheet
    page, read, where the old one could not be read (storage.store_page); None when there is none."""
    if old.get("outcome") != Outcome.UNREADABLE or old.get("serial") is None:
        return None
    known = before.get(TABLE, {})
    for rowid, row in _pages(tables).items():
        if (
            row is not None
            and rowid not in known
            and row.get("outcome") != Outcome.UNREADABLE
            and all(row.get(k) == old.get(k) for k in ("serial", "pass_no", "sheet_page"))
        ):
            return row
    return None


def head_only(before: Rows, tables: Mapping[str, Any]) -> list[str]:
    """What in one state record only the head may do: set a page aside (a new scan of its sheet aside)."""
    known = before.get(TABLE, {})
    for rowid, row in _pages(tables).items():
        old = known.get(rowid)
        if (
            old is not None
            and row is not None
            and old.get("status") != Status.DISMISSED
            and row.get("status") == Status.DISMISSED
            and _superseded(old, before, tables) is None
        ):
            return ["bỏ trang quét khỏi hàng chờ"]
    return []


class _After(Mapping[int, dict[str, Any]]):
    """The pages as they are after one state record: the rows it holds over the rows before (no copy)."""

    def __init__(self, known: Mapping[int, dict[str, Any]], changes: Mapping[int, dict[str, Any] | None]) -> None:
        self._known, self._changes = known, changes

    def __getitem__(self, rowid: int) -> dict[str, Any]:
        row = self._changes[rowid] if rowid in self._changes else self._known[rowid]
        if row is None:
            raise KeyError(rowid)
        return row

    def __iter__(self) -> Iterator[int]:
        for rowid in self._known:
            if rowid not in self._changes or self._changes[rowid] is not None:
                yield rowid
        for rowid, row in self._changes.items():
            if rowid not in self._known and row is not None:
                yield rowid

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _page_of(record: Record, after: Mapping[int, Mapping[str, Any]], changed: Iterable[int]) -> int | None:
    """The page a record is about: by its id, or (records of earlier versions) by file name and page number."""
    page_id = record.details.get("page_id")
    if "page_id" in record.details:
        return page_id if isinstance(page_id, int) and page_id in after else None
    named = [
        rowid
        for rowid, row in after.items()
        if row.get("file_name") == record.details.get("file") and row.get("page_no") == record.details.get("page")
    ]
    changed_named = [rowid for rowid in named if rowid in set(changed)]
    return next(iter(changed_named or named), None)


def _review_mismatch(records: list[Record], old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> list[str]:
    """How a page's review fields differ from the `scan.reviewed` records of the transaction (empty: they agree)."""
    last = records[-1]
    wrong = []
    if new.get("reviewed_by") != last.actor:
        wrong.append("người xác nhận")
    if _time(new.get("reviewed_at")) != last.at:
        wrong.append("giờ xác nhận")
    if "note" in last.details and new.get("review_note") != last.details["note"]:
        wrong.append("ghi chú")
    if "physical_invalid" in last.details and new.get("physical_invalid") != last.details["physical_invalid"]:
        wrong.append("lý do phiếu không hợp lệ")
    before = _json(old.get("decisions")) if old is not None else []
    after = _json(new.get("decisions"))
    claimed = [cell for record in records for cell in record.details.get("cells", [])]
    if not isinstance(before, list) or not isinstance(after, list) or after != [*before, *claimed]:
        wrong.append("các ô đã sửa")
    decided = old is not None and old.get("status") == Status.PENDING and new.get("status") != Status.PENDING
    if decided and last.details.get("decided") is not True:
        wrong.append("trang chưa được xác nhận xong")
    return wrong


def check(before: Rows, tables: Mapping[str, Any], records: list[Record]) -> list[tuple[str, str]]:
    """(where, problem) for each change of a page in one state record (`tables`, the rows as they were `before`)
    that the transaction's `scan.*` records do not account for, and each record its page does not bear out."""
    problems: list[tuple[str, str]] = []
    changes = _pages(tables)
    if not changes and not records:
        return problems
    known = before.get(TABLE, {})
    after = _After(known, changes)
    ballots_before = before.get("ballot", {})
    new_ballots = {
        int(rowid): row
        for rowid, row in (tables.get("ballot", {}) or {}).items()
        if row is not None and int(rowid) not in ballots_before
    }
    by_page: dict[int | None, list[Record]] = {}
    for record in records:
        by_page.setdefault(_page_of(record, after, changes), []).append(record)

    for rowid, row in sorted(changes.items()):
        old = known.get(rowid)
        if row is None:
            if old is not None:
                problems.append((_where(old), "bị xóa khỏi tệp: chương trình không bao giờ xóa trang quét"))
            continue
        mine = by_page.get(rowid, [])
        status, was = row.get("status"), old.get("status") if old is not None else None
        if old is None:
            if status == Status.DISMISSED or row.get("reviewed_by") is not None:
                problems.append((_where(row), "trang mới quét đã có kết luận của người xem: chương trình không ghi"))
        elif was in FINISHED:
            edited = [c for c in DECISION_COLUMNS if row.get(c) != old.get(c)]
            if edited:
                problems.append(
                    (
                        _where(row),
                        f"trang đã {FINISHED[str(was)]} nhưng bị sửa ({', '.join(edited)}): chương trình không sửa "
                        "trang đã xử lý xong",
                    )
                )
            continue
        elif status not in MOVES.get(str(was), frozenset()):
            problems.append((_where(row), f"trạng thái đổi từ {was} sang {status}: chương trình không làm vậy"))
        if status == Status.DISMISSED and was != Status.DISMISSED:
            if not _dismissal_recorded(row, old, mine, before, tables):
                problems.append(
                    (
                        _where(row),
                        "bị bỏ khỏi hàng chờ nhưng nhật ký không có bản ghi bỏ trang khớp với nó (người bỏ, giờ, lý "
                        "do): thay đổi không do chương trình ghi",
                    )
                )
        elif old is not None:
            decided = was == Status.PENDING and status != Status.PENDING
            has_record = any(r.action == REVIEWED for r in mine)
            if (decided or any(row.get(c) != old.get(c) for c in REVIEW_COLUMNS)) and not has_record:
                problems.append(
                    (
                        _where(row),
                        "kết luận trên trang bị đổi nhưng nhật ký không có bản ghi xác nhận của người xem: thay đổi "
                        "không do chương trình ghi",
                    )
                )
        if status == Status.COUNTED and was != Status.COUNTED and not _ballot_made(row, new_ballots):
            problems.append(
                (
                    _where(row),
                    "được ghi là đã tính mà không có phiếu nào được nhập từ trang cùng lúc: thay đổi không do "
                    "chương trình ghi",
                )
            )

    for page_id, mine in by_page.items():
        row = after.get(page_id) if page_id is not None else None
        for record in mine:
            what = {REVIEWED: "xác nhận", DISMISSED: "bỏ", SUPERSEDED: "bỏ (quét lại)"}[record.action]
            where = _where(row) if row is not None else f"nhật ký, bản ghi số {record.entry_id}"
            if row is None:
                problems.append((where, f"bản ghi {what} trang quét nói về một trang không có trong tệp"))
            elif record.action != REVIEWED and (
                page_id not in changes
                or row.get("status") != Status.DISMISSED
                or (known.get(page_id) or {}).get("status") == Status.DISMISSED
                or not _dismissal_matches(record, row)
            ):
                problems.append(
                    (
                        where,
                        f"bản ghi {what} trang quét (bản ghi số {record.entry_id}) nhưng trang không được bỏ khỏi hàng "
                        "chờ như bản ghi nói: bản ghi không do chương trình ghi",
                    )
                )
        reviewed = [r for r in mine if r.action == REVIEWED]
        if row is not None and reviewed:
            wrong = _review_mismatch(reviewed, known.get(page_id) if page_id is not None else None, row)
            if wrong:
                numbers = ", ".join(str(r.entry_id) for r in reviewed)
                problems.append(
                    (
                        _where(row),
                        f"bản ghi xác nhận trang quét (bản ghi số {numbers}) không khớp với trang "
                        f"({', '.join(wrong)}): bản ghi hoặc trang không do chương trình ghi",
                    )
                )
    return problems


def _dismissal_matches(record: Record, row: Mapping[str, Any]) -> bool:
    """Whether a `scan.dismissed` or `scan.superseded` record says what the page set aside holds."""
    if record.action == DISMISSED:
        note = record.details.get("note")
    else:
        note = superseded_note(str(record.details.get("by")), int(record.details.get("by_page") or 0))
    return (
        row.get("review_note") == note
        and row.get("reviewed_by") == record.actor
        and _time(row.get("reviewed_at")) == record.at
    )


def _dismissal_recorded(
    row: Mapping[str, Any],
    old: Mapping[str, Any] | None,
    records: list[Record],
    before: Rows,
    tables: Mapping[str, Any],
) -> bool:
    """Whether a page set aside in this transaction has the record that says so (and, set aside for a new scan,
    that scan is stored in the same transaction)."""
    for record in records:
        if record.action == DISMISSED and _dismissal_matches(record, row):
            return True
        if record.action == SUPERSEDED and _dismissal_matches(record, row) and old is not None:
            newer = _superseded(old, before, tables)
            if (
                newer is not None
                and newer.get("file_name") == record.details.get("by")
                and newer.get("page_no") == record.details.get("by_page")
            ):
                return True
    return False


def _ballot_made(row: Mapping[str, Any], new_ballots: Mapping[int, Mapping[str, Any]]) -> bool:
    """Whether the ballot a page is counted as was entered from it in the same transaction."""
    ballot = new_ballots.get(row["ballot_id"]) if isinstance(row.get("ballot_id"), int) else None
    return (
        ballot is not None
        and ballot.get("source") == BallotSource.SCAN
        and ballot.get("poll_id") == row.get("poll_id")
        and ballot.get("pass_no") == row.get("pass_no")
        and isinstance(ballot.get("serial"), str)
        and isinstance(row.get("serial"), str)
        and serial_key(ballot["serial"]) == serial_key(row["serial"])
    )
