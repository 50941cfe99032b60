"""Qt table models over service DTOs (docs/architecture.md §1): named columns, a sort role, a row role."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.services.polls import PollSummary
from ui.i18n import tr

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

STATUS_COLOURS = {"draft": "#777777", "issued": "#1f5fa8", "counting": "#b36b00", "closed": "#2e7d32"}


def status_label(status: str) -> str:
    """The poll status in words."""
    labels = {
        "draft": tr("status", "Đang soạn"),
        "issued": tr("status", "Đã in phiếu"),
        "counting": tr("status", "Đang kiểm phiếu"),
        "closed": tr("status", "Đã kết thúc"),
    }
    return labels.get(status, status)


def kind_label(kind: str) -> str:
    """The poll kind in words."""
    labels = {
        "election": tr("kind", "Bầu cử"),
        "confidence": tr("kind", "Tín nhiệm"),
        "evaluation": tr("kind", "Đánh giá, xếp loại"),
        "scoring": tr("kind", "Chấm điểm"),
        "motion": tr("kind", "Biểu quyết"),
        "nomination": tr("kind", "Giới thiệu nhân sự"),
    }
    return labels.get(kind, kind)


class PollTableModel(QAbstractTableModel):
    """The meeting's polls at a glance: title, kind, round, status and ballot counts."""

    COL_TITLE, COL_KIND, COL_STATUS, COL_BALLOTS = range(4)

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[PollSummary] = []

    def set_rows(self, rows: list[PollSummary]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def update_rows(self, rows: list[PollSummary]) -> bool:
        """Put `rows` in place of the rows of the same polls (the others stay); False when one is not shown."""
        places = [self.row_of(r.code) for r in rows]
        if -1 in places:
            return False
        for place, row in zip(places, rows, strict=True):
            self._rows[place] = row
            self.dataChanged.emit(self.index(place, 0), self.index(place, self.columnCount() - 1))
        return True

    def row_of(self, code: str) -> int:
        """The row of poll `code`, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.code == code), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [tr("polls", "Nội dung"), tr("polls", "Loại"), tr("polls", "Trạng thái"), tr("polls", "Phiếu")][
                section
            ]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == ROW_ROLE:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if col == self.COL_TITLE:
                suffix = tr("polls", " (lần {n})").format(n=row.round_no) if row.round_no > 1 else ""
                return row.title + suffix
            if col == self.COL_KIND:
                return kind_label(row.kind)
            if col == self.COL_STATUS:
                return status_label(row.status)
            if role == SORT_ROLE:
                return row.entered
            issued = row.issued if row.issued is not None else "—"
            return f"{row.entered}/{issued}"
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_STATUS:
            return QBrush(QColor(STATUS_COLOURS.get(row.status, "#000000")))
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr("polls", "{title}\n{kind} · mã: {code} · hợp lệ {valid}, không hợp lệ {invalid}").format(
                title=row.title, kind=kind_label(row.kind), code=row.code, valid=row.valid, invalid=row.invalid
            )
        return None
