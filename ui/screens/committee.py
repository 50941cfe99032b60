"""Ban kiểm phiếu: the counting committee, in order; the first "Trưởng ban" signs the minutes."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QMainWindow,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import editing
from ui.context import MeetingContext
from ui.i18n import tr
from ui.screens.base import Screen, heading, hint

ROLES = ["Trưởng ban", "Phó Trưởng ban", "Ủy viên", "Thư ký"]


class CommitteeScreen(Screen):
    """Edit the counting committee: names and roles, add, remove, move."""

    title = "Ban kiểm phiếu"

    def __init__(self, context: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.dirty = False  # rows typed, added, removed or moved and not yet stored
        self._loading = False
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("committee", "Ban kiểm phiếu")))
        layout.addWidget(
            hint(
                tr(
                    "committee",
                    "Các thành viên do đại hội biểu quyết thông qua. Trưởng ban ký biên bản thay mặt Ban kiểm phiếu; "
                    "các thành viên ký ở cột bên trái.",
                )
            )
        )
        # An editable grid of two plain columns is the simplest honest editor for a handful of names.
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([tr("committee", "Họ và tên"), tr("committee", "Chức danh")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(lambda _item: self._touched())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr("committee", "&Thêm người"))
        self.remove_button = QPushButton(tr("committee", "&Bớt người"))
        self.up_button = QPushButton(tr("committee", "Lên"))
        self.down_button = QPushButton(tr("committee", "Xuống"))
        self.save_button = QPushButton(tr("committee", "&Ghi danh sách"))
        self.save_button.setDefault(True)
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(lambda: self.add_row("", "Ủy viên"))
        self.remove_button.clicked.connect(self.remove_row)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(1))
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        context.opened.connect(self.drop_pending)

    def refresh(self) -> None:
        """Show the stored committee, unless the user has changes not yet saved."""
        if self.dirty:
            return
        info = self.context.info()
        self._loading = True
        try:
            self.table.setRowCount(0)
            for name, role in info.committee:
                self.add_row(name, role, focus=False)
        finally:
            self._loading = False
        self.dirty = False

    def _touched(self) -> None:
        if not self._loading:
            self.dirty = True

    def commit_pending(self) -> None:
        """Store the text of a name cell still being typed in (Ctrl+S, closing)."""
        if self.table.state() == QAbstractItemView.State.EditingState:
            editor = self.table.indexWidget(self.table.currentIndex())
            if editor is not None:
                self.table.commitData(editor)
                self.table.closeEditor(editor, QStyledItemDelegate.EndEditHint.NoHint)

    # ------------------------------------------------------------------ closing

    def pending_work(self) -> str | None:
        self.commit_pending()
        return tr("committee", "Danh sách Ban kiểm phiếu có thay đổi chưa ghi.") if self.dirty else None

    def save_pending(self) -> bool:
        self.save()
        return not self.dirty

    def drop_pending(self) -> None:
        self.dirty = False
        if self.context.is_open:
            self.refresh()  # show what is stored again

    def add_row(self, name: str, role: str, *, focus: bool = True) -> None:
        """Append a row (name, role)."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        combo = QComboBox()
        combo.setEditable(True)
        combo.addItems([tr("committee", r) for r in ROLES])
        combo.setCurrentText(role)
        combo.currentTextChanged.connect(lambda _text: self._touched())
        self.table.setCellWidget(row, 1, combo)
        self._touched()
        if focus:
            self.table.setCurrentCell(row, 0)
            item = self.table.item(row, 0)
            if item is not None:
                self.table.editItem(item)

    def remove_row(self) -> None:
        """Remove the selected row."""
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._touched()

    def move_row(self, step: int) -> None:
        """Move the selected row up (-1) or down (+1)."""
        rows = self.members()
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < len(rows):
            return
        rows[row], rows[target] = rows[target], rows[row]
        self.table.setRowCount(0)
        for name, role in rows:
            self.add_row(name, role, focus=False)
        self.table.setCurrentCell(target, 0)
        self._touched()

    def members(self) -> list[tuple[str, str]]:
        """The rows as (name, role)."""
        result = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            combo = self.table.cellWidget(row, 1)
            role = combo.currentText() if isinstance(combo, QComboBox) else ""
            result.append((item.text() if item else "", role))
        return result

    def save(self) -> None:
        """Store the committee (one transaction, logged), the cell being typed in included."""
        self.commit_pending()
        members = [(n, r) for n, r in self.members() if n.strip() or r.strip() not in ("", "Ủy viên")]

        def store() -> bool:
            self.context.write(lambda s: editing.set_committee(s, members, actor=self.context.actor()))
            return True

        self.dirty = False  # the refresh that follows the write shows what is stored
        if self.call(store):
            window = self.window()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(tr("committee", "Đã ghi danh sách Ban kiểm phiếu."), 4000)
        else:
            self.dirty = True


SCREEN = CommitteeScreen
