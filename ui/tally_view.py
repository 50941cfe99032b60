"""A poll's tally as the results screen and the projector show it: the table model, the summary lines and
the words for outcomes and levels (below both, so neither imports the other)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from sqlalchemy.orm import Session

from app.rules.common import NUMBER_WARNINGS
from app.services import audit
from app.services.closing import is_provisional as is_count_in_progress
from app.services.meetings import get_meeting
from app.services.polls import get_poll, poll_codes
from app.services.tallying import tally_json, tally_poll
from ui.context import MeetingContext
from ui.i18n import tr
from ui.models import ROW_ROLE, SORT_ROLE
from ui.rule_words import all_words, words

# While the screen is visible it looks this often whether the file changed (one index lookup off the UI thread) and
# re-reads the tally only when it did; the window's own writes are announced at once (ui/ops.py, Changes).
REFRESH_MS = 2000

GOOD_OUTCOMES = {"elected", "passed"}
WARN_OUTCOMES = {"tie", "low_over_half", "low_two_thirds", "no_confidence", "undetermined", "unscored"}
GOOD_BACKGROUND = "#d8f0da"
WARN_BACKGROUND = "#fbe9c6"


def outcome_label(outcome: str, *, binding: bool = False) -> str:
    """An item's outcome in words ("" when the kind has no verdict per row). A confidence poll's "none" (below
    every band) is said in words too: "—" read as a missing result (`binding`: the two-column binding vote)."""
    labels = {
        "elected": tr("results", "Trúng cử"),
        "not_elected": tr("results", "Không trúng cử"),
        "tie": tr("results", "Bằng phiếu – bầu lại"),
        "passed": tr("results", "Thông qua"),
        "rejected": tr("results", "Không thông qua"),
        "low_over_half": tr("results", "Quá nửa đến dưới 2/3 tín nhiệm thấp"),
        "low_two_thirds": tr("results", "Từ 2/3 trở lên tín nhiệm thấp"),
        "no_confidence": tr("results", "Quá nửa không tín nhiệm"),
        "undetermined": tr("results", "Chưa xác định"),
        "unscored": tr("results", "Chưa có điểm"),
        "none": (
            tr("results", "Không quá nửa không tín nhiệm") if binding else tr("results", "Không quá nửa tín nhiệm thấp")
        ),
    }
    return labels.get(outcome, "")


def level_short(level: int | None) -> str:
    """An evaluation or scoring level as the usual abbreviation (HTXS, HTT, HT, KHT)."""
    labels = {
        1: tr("results", "HTXS"),
        2: tr("results", "HTT"),
        3: tr("results", "HT"),
        4: tr("results", "KHT"),
    }
    return labels.get(level or 0, "—")


def level_label(level: int | None) -> str:
    """An evaluation or scoring level in words."""
    labels = {
        1: tr("results", "Hoàn thành xuất sắc nhiệm vụ"),
        2: tr("results", "Hoàn thành tốt nhiệm vụ"),
        3: tr("results", "Hoàn thành nhiệm vụ"),
        4: tr("results", "Không hoàn thành nhiệm vụ"),
    }
    return labels.get(level or 0, tr("results", "Chưa xác định"))


def base_label(kind: str) -> str:
    """What a percentage or a majority is measured against (the profile's "mẫu số")."""
    labels = {
        "election_base": tr("results", "tổng số được triệu tập trừ các trường hợp không tính"),
        "convened": tr("results", "tổng số được triệu tập"),
        "present": tr("results", "số có mặt"),
        "issued": tr("results", "số phiếu phát ra"),
        "collected": tr("results", "số phiếu thu về"),
        "valid": tr("results", "số phiếu hợp lệ"),
    }
    return labels.get(kind, kind)


def read_tally(context: MeetingContext, code: str) -> dict[str, Any]:
    """The tally of poll `code` in the `tally --json` shape (read-only, fast: ~0.2 s for 10,000 ballots),
    with "provisional": True while the count is not finished (see is_provisional), and its reasons and notes
    in the UI language rather than the CLI's Vietnamese."""

    def read(session: Session) -> dict[str, Any]:
        result = tally_poll(session, code)
        data = tally_json(result)
        t = result.tally
        data["invalid_reasons"] = {words(reason): count for reason, count in t.totals.invalid_reasons}
        data["notes"] = all_words(t.notes)
        data["warnings"] = all_words(note for note in t.notes if note.code in NUMBER_WARNINGS)
        if t.binding_as_bands:
            data["notes"].append(
                tr(
                    "results",
                    "Biên bản được lập theo quy tắc cũ: bỏ phiếu tín nhiệm chia mức như lấy phiếu tín nhiệm (quá nửa "
                    "đến dưới 2/3, từ 2/3 trở lên số phiếu Không tín nhiệm); kết quả hiện theo đúng quy tắc đó. Mở lại "
                    "nội dung để lập bản sửa theo quy tắc hiện hành.",
                )
            )
        for shown, item in zip(data["items"], t.items, strict=True):
            if item.notes:
                shown["notes"] = all_words(item.notes)
        for shown, override in zip(data["overrides"], t.overrides, strict=True):
            automatic = override.automatic_reason
            shown["automatic_reason"] = words(automatic) if automatic is not None else None
        data["provisional"] = is_count_in_progress(session, code, result)  # as `kiemphieu tally` says it
        # Not in the tally JSON (its digest is printed on the minutes): whether "collected" is the committee's count
        # or only the ballots entered standing in for it.
        data["collected_recorded"] = t.totals.collected_recorded
        return data

    return context.read(read)


@dataclass(frozen=True)
class TallyRead:
    """One look at a poll off the UI thread: the file's version, and the tally only when the file changed since
    the version the screen last showed (`read_tally_since`)."""

    version: int  # app.services.audit.version
    tally: dict[str, Any] | None  # None: nothing changed since the version asked with
    status: str  # the poll's state
    codes: tuple[str, ...]  # every poll, in order (the projector steps through them)
    meeting: str  # the meeting's title


def read_tally_since(context: MeetingContext, code: str, seen: int | None) -> TallyRead:
    """What the results screen and the projector need on each refresh, read off the UI thread: the tally of poll
    `code` is read (a quarter of a second for 10,000 ballots) only when the file changed since version `seen`."""

    def look(session: Session) -> TallyRead:
        return TallyRead(
            audit.version(session),
            None,
            get_poll(session, code).status,
            tuple(poll_codes(session)),
            get_meeting(session).title,
        )

    first = context.read(look)
    if first.version == seen:
        return first
    # One read for every screen showing the poll (the results screen and the projector look at once after each
    # ballot): the second waits for the first and takes its tally when the file has not changed since.
    key = (id(context.meeting_file), str(context.path), code)
    with _SHARED_LOCK:
        shared = _SHARED.get(key)
        if shared is not None and shared[0] == first.version:
            return replace(first, tally=shared[1])
        # Read after the version: a write in between shows now and is read again on the next look (never missed).
        tally = read_tally(context, code)
        _SHARED.clear()
        _SHARED[key] = (first.version, tally)
    return replace(first, tally=tally)


_SHARED_LOCK = threading.Lock()
_SHARED: dict[tuple[int, str, str], tuple[int, dict[str, Any]]] = {}  # the last tally read, by file and poll


def unreadable(exc: BaseException) -> str:
    """What the results screen and the projector say, in place of the tally, when reading it failed unexpectedly
    (the error goes to the log; the next refresh tries again)."""
    from ui.errors import log_exception

    log_exception(exc)
    return tr("results", "Chưa đọc được kết quả (chi tiết trong nhật ký chương trình); sẽ thử lại.")


def is_provisional(tally: dict[str, Any]) -> bool:
    """Whether `tally` is a count in progress: the poll is not closed and its numbers do not reconcile yet
    (ballots still to enter, counts not recorded, scans waiting, passes disagreeing). Such a tally shows
    votes only: no "Trúng cử" / "Không trúng cử", no level, no highlighted winner."""
    return bool(tally.get("provisional"))


# The columns that announce an outcome; hidden while the count is provisional.
OUTCOME_COLUMNS = ("outcome", "level")

# The table's roles and alignments as plain numbers, looked up once: the model writes them for every cell of every
# tally (an enum operation in PySide6 is a Python call).
DISPLAY_ROLE = int(Qt.ItemDataRole.DisplayRole)
ALIGNMENT_ROLE = int(Qt.ItemDataRole.TextAlignmentRole)
BACKGROUND_ROLE = int(Qt.ItemDataRole.BackgroundRole)
FOREGROUND_ROLE = int(Qt.ItemDataRole.ForegroundRole)
FONT_ROLE = int(Qt.ItemDataRole.FontRole)
TOOLTIP_ROLE = int(Qt.ItemDataRole.ToolTipRole)
CELL_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
ALIGN_NUMBER = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ALIGN_TEXT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_ALIGNMENTS: dict[Any, int] = {
    "name": _ALIGN_TEXT,
    "outcome": _ALIGN_TEXT,
    "level": _ALIGN_TEXT,
    "eligible": int(Qt.AlignmentFlag.AlignCenter),
}


class _Highlight:
    """The colours and the bold type of an outcome's row, made once per tally."""

    def __init__(self) -> None:
        self.good = QBrush(QColor(GOOD_BACKGROUND))
        self.warn = QBrush(QColor(WARN_BACKGROUND))
        self.good_text = QBrush(QColor("#14532d"))
        self.bold = QFont()
        self.bold.setBold(True)


def collected_recorded(tally: dict[str, Any]) -> bool:
    """Whether the committee has recorded the ballots collected (a tally read otherwise counts as recorded)."""
    return bool(tally.get("collected_recorded", True))


def collected_text(tally: dict[str, Any]) -> str:
    """The ballots collected as shown: the committee's count, or "chưa ghi" while it has not recorded one (the
    tally then holds the ballots entered in its place, which is no count of the box)."""
    return str(tally["collected"]) if collected_recorded(tally) else tr("results", "chưa ghi")


def percent_text(value: str | None) -> str:
    """A percentage string from the tally ("54,55") as shown ("54,55%")."""
    return f"{value}%" if value is not None else ""


class TallyTableModel(QStandardItemModel):
    """One row per ballot item of a tally (the `tally --json` dict); columns depend on the ballot layout.

    Column keys: "position", "name", "votes", "percent", ("count", i) for ballot column i, "level",
    "mean", "scored", "eligible", "outcome". SORT_ROLE gives raw numbers, ROW_ROLE the item dict.

    Every cell's answers are written into the model's own (C++) items when a tally arrives, and Python overrides
    none of the model's virtual functions (#17): a table sized to its contents asks every cell for every role again
    and again (4,800 calls for a 30-row tally shown), and each call into Python waited for the interpreter lock
    while a tally was read on the reading thread; the results screen's first show of a poll blocked the UI thread
    for up to 161 ms. Laying out and painting the table now runs no Python at all.
    """

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__()
        # Levels as abbreviations (HTXS …) instead of words: for the projector's large type.
        self.compact = compact
        self._tally: dict[str, Any] | None = None
        self._names: list[Any] = []
        self._columns: list[Any] = []

    # ------------------------------------------------------------------ data

    def set_tally(self, tally: dict[str, Any] | None) -> None:
        """Show `tally` (None clears the table). The same rows and columns with new numbers (a ballot more) are
        updated in place: a reset made the view lay out every row and column again (#17)."""
        same_shape = self.same_shape_as_shown(tally)
        items: list[dict[str, Any]] = list(tally["items"]) if tally else []
        self._tally = tally
        self._columns = self._columns_for(tally) if tally else []
        self._names = [item.get("name") for item in items]
        if not same_shape:
            self.beginResetModel()
        # The items' own signals are not sent: the view hears one reset (new rows or columns) or one change of
        # every cell (new numbers), not one per cell and role.
        blocked = self.blockSignals(True)
        try:
            if not same_shape:
                self.setRowCount(0)
                self.setColumnCount(len(self._columns))
                self.setRowCount(len(items))
                for column in range(len(self._columns)):
                    self.setHorizontalHeaderItem(column, self._header_item(column))
            highlight = _Highlight() if tally is not None and not is_provisional(tally) else None
            for row, item in enumerate(items):
                self._fill_row(row, item, highlight, new=not same_shape)
        finally:
            self.blockSignals(blocked)
        if not same_shape:
            self.endResetModel()
        elif items and self._columns:
            self.dataChanged.emit(self.index(0, 0), self.index(len(items) - 1, len(self._columns) - 1))

    def same_shape_as_shown(self, tally: dict[str, Any] | None) -> bool:
        """Whether `tally` has the rows and columns shown now (only its numbers may differ)."""
        if tally is None or self._tally is None:
            return False
        return self._columns_for(tally) == self._columns and [i.get("name") for i in tally["items"]] == self._names

    @property
    def tally(self) -> dict[str, Any] | None:
        """The tally shown."""
        return self._tally

    def column_keys(self) -> list[Any]:
        """The key of every column, in order."""
        return list(self._columns)

    def column_of(self, key: Any) -> int:
        """The column showing `key`, or -1."""
        return self._columns.index(key) if key in self._columns else -1

    @staticmethod
    def _columns_for(tally: dict[str, Any]) -> list[Any]:
        layout, kind = tally["layout"], tally["kind"]
        columns: list[Any] = ["position", "name"]
        if layout == "strike":
            columns += ["votes", "percent", "outcome"]
        elif layout == "scores":
            columns += ["mean", "scored", "level"]
        elif layout == "names":
            columns += ["votes", "percent", "eligible"]
        else:
            columns += [("count", i) for i in range(len(tally["columns"]))]
            columns += ["level"] if kind == "evaluation" else ["outcome"]
        if is_provisional(tally):
            columns = [c for c in columns if c not in OUTCOME_COLUMNS]
        return columns

    # ------------------------------------------------------------------ the cells' answers

    def _header_item(self, column: int) -> QStandardItem:
        key = self._columns[column]
        tally = self._tally
        header = QStandardItem()
        if isinstance(key, tuple):
            if tally is None:
                return header
            words = tr("columns", tally["columns"][key[1]])
            # The four level columns of an evaluation, best first, as abbreviations; full words in the tooltip.
            header.setText(level_short(key[1] + 1) if tally["kind"] == "evaluation" else words)
            header.setToolTip(words)
            return header
        kind = tally["kind"] if tally else ""
        headers = {
            "position": tr("results", "TT"),
            "name": tr("results", "Nội dung") if kind == "motion" else tr("results", "Họ và tên"),
            "votes": tr("results", "Số phiếu"),
            "percent": tr("results", "Tỷ lệ"),
            "level": tr("results", "Xếp loại"),
            "mean": tr("results", "Điểm bình quân"),
            "scored": tr("results", "Số phiếu chấm"),
            "eligible": tr("results", "Trong danh sách"),
            "outcome": tr("results", "Kết quả"),
        }
        header.setText(headers.get(key, ""))
        return header

    def _fill_row(self, row: int, item: dict[str, Any], highlight: _Highlight | None, *, new: bool) -> None:
        """Write every role of row `row`'s cells from `item` (`new`: the cells are made here; otherwise a role with
        no answer is cleared). `highlight`: the outcome's colours, None while the count is provisional (no winner
        is highlighted before the count is finished)."""
        outcome = item.get("outcome")
        good = highlight is not None and outcome in GOOD_OUTCOMES
        background = foreground = font = None
        if highlight is not None:
            if good:
                background, foreground, font = highlight.good, highlight.good_text, highlight.bold
            elif outcome in WARN_OUTCOMES:
                background = highlight.warn
        notes = "\n".join(item["notes"]) if item.get("notes") else None
        for column, key in enumerate(self._columns):
            answers = (
                (DISPLAY_ROLE, self._display(item, key)),
                (SORT_ROLE, self._sort_value(item, key)),
                (ROW_ROLE, item),
                (BACKGROUND_ROLE, background),
                (FOREGROUND_ROLE, foreground),
                (FONT_ROLE, font),
                (TOOLTIP_ROLE, notes),
            )
            if new:
                cell = QStandardItem()
                cell.setFlags(CELL_FLAGS)
                cell.setData(_ALIGNMENTS.get(key, ALIGN_NUMBER), ALIGNMENT_ROLE)
                for role, answer in answers:
                    if answer is not None:
                        cell.setData(answer, role)
                self.setItem(row, column, cell)
            else:
                cell = self.item(row, column)
                for role, answer in answers:
                    cell.setData(answer, role)

    def _display(self, item: dict[str, Any], key: Any) -> str:
        if isinstance(key, tuple):
            counts, percents = item.get("counts") or [], item.get("percents") or []
            i = key[1]
            if i >= len(counts):
                return ""
            pct = f" ({percent_text(percents[i])})" if i < len(percents) else ""
            return f"{counts[i]}{pct}"
        if key == "position":
            return str(item["position"])
        if key == "name":
            return str(item["name"])
        if key == "votes":
            return str(item.get("votes", ""))
        if key == "percent":
            return percent_text(item.get("percent"))
        if key == "level":
            return level_short(item.get("level")) if self.compact else level_label(item.get("level"))
        if key == "mean":
            return item.get("mean") or "—"
        if key == "scored":
            return str(item.get("scored", ""))
        if key == "eligible":
            return tr("results", "Có") if item.get("eligible") else tr("results", "Không")
        if key == "outcome":
            binding = self._tally is not None and len(self._tally.get("columns") or ()) == 2
            return outcome_label(item.get("outcome", ""), binding=binding)
        return ""

    @staticmethod
    def _sort_value(item: dict[str, Any], key: Any) -> Any:
        if isinstance(key, tuple):
            counts = item.get("counts") or []
            return counts[key[1]] if key[1] < len(counts) else None
        if key in ("percent", "mean"):
            value = item.get(key)
            return float(value.replace(",", ".")) if value else None
        return item.get(key)


def summary_lines(tally: dict[str, Any]) -> list[str]:
    """What the table does not say: who is elected, ties, open seats, the checks and notes (HTML lines)."""
    lines: list[str] = []
    if is_provisional(tally):
        if collected_recorded(tally):
            lines.append(
                tr(
                    "results",
                    "<b>Kết quả tạm thời</b>: đã nhập {entered}/{collected} phiếu. Chỉ có số phiếu; chưa phải kết quả "
                    "trúng cử hay thông qua cho đến khi số liệu khớp (màn hình Biên bản).",
                ).format(entered=tally["entered"], collected=tally["collected"])
            )
        else:
            lines.append(
                tr(
                    "results",
                    "<b>Kết quả tạm thời</b>: đã nhập {entered} phiếu; Ban kiểm phiếu <b>chưa ghi số phiếu thu về</b> "
                    "(màn hình Nhập phiếu, Ghi số phiếu). Chỉ có số phiếu; chưa phải kết quả trúng cử hay thông qua "
                    "cho đến khi số liệu khớp (màn hình Biên bản).",
                ).format(entered=tally["entered"])
            )
        if tally.get("overrides"):
            lines.append(tr("results", "Ban kiểm phiếu đã kết luận lại {n} phiếu.").format(n=len(tally["overrides"])))
        # What is wrong with the numbers is said even mid-count (#15); the outcome notes wait.
        lines += [str(note) for note in tally.get("warnings") or []]
        return lines
    if tally["kind"] == "election":
        elected = tally.get("elected") or []
        lines.append(
            tr("results", "<b>Trúng cử</b> (theo số phiếu từ cao xuống thấp): {names}").format(
                names=", ".join(elected) if elected else tr("results", "không có ai")
            )
        )
        revote = tally.get("revote")
        if revote:
            lines.append(
                tr("results", "<b>Bằng phiếu ở chỉ tiêu cuối:</b> bầu lại giữa {names} cho {seats} chỉ tiêu.").format(
                    names=", ".join(revote["names"]), seats=revote["seats"]
                )
            )
        open_seats = tally.get("open_seats") or 0
        if open_seats:
            lines.append(
                tr("results", "Còn <b>{n}</b>/{seats} chỉ tiêu chưa bầu được.").format(
                    n=open_seats, seats=tally["seats"]
                )
            )
    cap = tally.get("cap_check")
    if cap:
        words = (
            tr("results", "<b>vượt</b> mức tối đa {cap}")
            if cap["exceeded"]
            else tr("results", "trong mức tối đa {cap}")
        ).format(cap=cap["cap"])
        lines.append(
            tr(
                "results", "Số Hoàn thành xuất sắc nhiệm vụ: {n}, {words} (tính trên {good} người từ mức HTT trở lên)."
            ).format(n=cap["excellent"], words=words, good=cap["good_or_better"])
        )
    for check in tally.get("head_checks") or []:
        if check["violated"]:
            lines.append(
                tr("results", "<b>{name}</b> (người đứng đầu) được xếp mức cao hơn mức của tập thể.").format(
                    name=check["name"]
                )
            )
    if tally.get("overrides"):
        lines.append(tr("results", "Ban kiểm phiếu đã kết luận lại {n} phiếu.").format(n=len(tally["overrides"])))
    lines += [str(note) for note in tally.get("notes") or []]
    return lines
