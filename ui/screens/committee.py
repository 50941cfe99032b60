"""Ban kiểm phiếu: the counting committee, in order; the first "Trưởng ban" signs the minutes."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QPushButton, QVBoxLayout, QWidget

from app.services import editing, meetings
from ui.context import Changes, MeetingContext
from ui.errors import show_error
from ui.i18n import tr
from ui.ops import CollectionOp, in_words
from ui.screens.base import heading, hint
from ui.screens.stored import StoredForm
from ui.widgets import Column, RowEditor, RowTableModel

# The roles offered when typing one; a role is stored as typed (the minutes look for "Trưởng ban"), so these
# stay Vietnamese in the English UI too.
ROLES = ("Trưởng ban", "Phó Trưởng ban", "Ủy viên", "Thư ký")
MEMBER = "Ủy viên"


def member_columns() -> list[Column]:
    """The two columns of the committee list: name, role."""
    return [
        Column("name", tr("committee", "Họ và tên"), default="", stretch=True),
        Column("role", tr("committee", "Chức danh"), default=MEMBER, suggestions=ROLES),
    ]


class CommitteeScreen(StoredForm):
    """Edit the counting committee: names and roles, add, remove, move."""

    title = str(QT_TRANSLATE_NOOP("nav", "Ban kiểm phiếu"))  # str: the stubs say object

    def __init__(self, context: MeetingContext, parent: QWidget | None = None) -> None:
        # dirty: rows typed, added, removed or moved and not yet stored. The stored committee is read off the UI
        # thread (StoredForm): until it first arrives the list is off, as rows typed before would replace the whole
        # committee when saved.
        super().__init__(context, self.show_info, parent)
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
        self.model = RowTableModel(member_columns(), self)
        self.editor = RowEditor(
            self.model, add_text=tr("committee", "Thêm &người"), remove_text=tr("committee", "&Bớt người")
        )
        self.table = self.editor.view
        self.add_button = self.editor.add_button
        self.save_button = QPushButton(tr("committee", "Ghi &danh sách"))
        self.save_button.setDefault(True)
        self.editor.finish_buttons(self.save_button)
        layout.addWidget(self.editor, 1)
        self.model.edited.connect(self._touched)
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        context.opened.connect(self._forget)

    def _forget(self) -> None:
        """Another meeting was opened: nothing typed for the previous one applies."""
        self.forget_loaded()
        self.drop_pending()

    def show_info(self, info: meetings.MeetingInfo) -> None:
        """The stored committee in the list."""
        self.model.set_rows({"name": name, "role": role} for name, role in info.committee)

    def _touched(self) -> None:
        self.dirty = True  # a user's change: set_rows (refresh) does not report one

    def commit_pending(self) -> None:
        """Store the text of a name cell still being typed in (Ctrl+S, closing)."""
        self.table.commit_pending()

    # ------------------------------------------------------------------ closing

    def pending_work(self) -> str | None:
        self.commit_pending()
        return tr("committee", "Danh sách Ban kiểm phiếu có thay đổi chưa ghi.") if self.dirty else None

    def save_pending(self) -> bool:
        self.save(here=True)
        return not self.dirty

    def drop_pending(self) -> None:
        self.dirty = False
        if self.context.is_open:
            self.refresh()  # show what is stored again

    def add_row(self, name: str, role: str, *, focus: bool = True) -> None:
        """Append a row (name, role)."""
        row = self.model.add_row({"name": name, "role": role})
        if focus and row >= 0:
            self.table.select_row(row)
            self.table.edit(self.model.index(row, 0))

    def remove_row(self) -> None:
        """Remove the selected row."""
        self.table.remove_current()

    def move_row(self, step: int) -> None:
        """Move the selected row up (-1) or down (+1)."""
        self.table.move_current(step)

    def members(self) -> list[tuple[str, str]]:
        """The rows as (name, role)."""
        return [(str(row["name"] or ""), str(row["role"] or "")) for row in self.model.rows()]

    def save(self, *, here: bool = False) -> None:
        """Store the committee (one transaction, logged; off the UI thread, or on it with `here`: closing, done
        when this returns), the cell being typed in included."""
        self.commit_pending()
        members = [(n, r) for n, r in self.members() if n.strip() or r.strip() not in ("", MEMBER)]
        actor = self.context.actor()

        def saved(changed: bool) -> None:
            self.write_answered(True)
            window = self.window()
            if isinstance(window, QMainWindow):
                # The same list again is not written (no audit entry): said as it is, like the meeting screen.
                text = (
                    tr("committee", "Đã ghi danh sách Ban kiểm phiếu.")
                    if changed
                    else tr("committee", "Không có thay đổi để ghi.")
                )
                window.statusBar().showMessage(text, 4000)

        def failed(exc: BaseException) -> None:
            self.write_answered(False)
            show_error(self, in_words(self.context, exc))

        self.write_started()
        op = CollectionOp(
            self, self.context, lambda s: editing.set_committee(s, members, actor=actor), Changes(committee=True)
        )
        op.success(saved).failure(failed)
        if here:
            op.run_here()  # closing: the window closes right after
        else:
            op.run()


SCREEN = CommitteeScreen
