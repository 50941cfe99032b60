"""Every table editor stores the cell still being typed in when Ctrl+S is pressed (#17): the poll's list, its
criteria and the meeting's exclusions. The cell is opened and typed in by keys sent to the focused widget, and Ctrl+S
goes to that same focused widget (the open cell's editor), with nothing committed by the test."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from app.rules.model import PollKind
from app.services import editing, meetings
from tests.ui.entry_helpers import key
from tests.ui.test_closing import _keys as type_text
from tests.ui.test_polls_screen import add_draft, stored_names
from ui.main_window import MainWindow
from ui.screens.meeting import MeetingScreen
from ui.screens.polls import PollsScreen
from ui.widgets import RowEditor

CTRL = Qt.KeyboardModifier.ControlModifier


def _shown(window: MainWindow, cls: type) -> object:
    screen = next(s for s in window.screens if isinstance(s, cls))
    window.show()
    window.activateWindow()
    window.go_to(window.screens.index(screen))
    QApplication.processEvents()
    return screen


def _add_and_type(editor: RowEditor, text: str) -> None:
    """Tab to the table's Thêm dòng button and press it with the space bar: a row, its first cell open; type."""
    editor.add_button.setFocus()  # as Tab reaches it (the test does not count Tab presses)
    assert QApplication.focusWidget() is editor.add_button
    key(Qt.Key.Key_Space)
    assert editor.view.state() == QAbstractItemView.State.EditingState
    type_text(text)


def test_ctrl_s_stores_the_name_being_typed_in_a_poll_list(window: MainWindow) -> None:
    screen = _shown(window, PollsScreen)
    assert isinstance(screen, PollsScreen)
    add_draft(screen, PollKind.ELECTION, "bch-moi", "Nguyễn Văn An", seats=1)
    _add_and_type(screen.items_editor, "Trần Thị Bình")
    assert screen.items_view.state() == QAbstractItemView.State.EditingState  # not committed
    assert screen.items_view.isAncestorOf(QApplication.focusWidget())
    key(Qt.Key.Key_S, CTRL)
    assert stored_names(window, "bch-moi") == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert not screen.items_model.dirty
    assert screen.pending_work() is None


def test_ctrl_s_stores_the_points_being_typed_in_the_criteria(window: MainWindow) -> None:
    screen = _shown(window, PollsScreen)
    assert isinstance(screen, PollsScreen)
    add_draft(screen, PollKind.SCORING, "cd", "Lê Văn Cường")
    screen.tabs.setCurrentWidget(screen.criteria_editor)  # the Tiêu chí chấm điểm tab, clicked
    QApplication.processEvents()
    _add_and_type(screen.criteria_editor, "Phẩm chất chính trị")
    key(Qt.Key.Key_Tab)  # on to the points: the name is in, the points cell opens
    type_text("8")
    assert screen.criteria_editor.view.state() == QAbstractItemView.State.EditingState  # not committed
    key(Qt.Key.Key_S, CTRL)
    stored = window.context.read(lambda s: editing.criterion_specs(s, "cd"))
    assert [(c.name, c.max_halves) for c in stored][-1] == ("Phẩm chất chính trị", 16)
    assert screen.pending_work() is None


def test_ctrl_s_stores_the_reason_being_typed_in_the_exclusions(window: MainWindow) -> None:
    screen = _shown(window, MeetingScreen)
    assert isinstance(screen, MeetingScreen)
    before = window.context.read(meetings.meeting_info).exclusions
    _add_and_type(screen.exclusion_editor, "Đi công tác")
    key(Qt.Key.Key_Tab)  # on to the count: the reason is in, the count cell opens
    type_text("3")
    assert screen.exclusion_editor.view.state() == QAbstractItemView.State.EditingState  # not committed
    key(Qt.Key.Key_S, CTRL)
    stored = window.context.read(meetings.meeting_info).exclusions
    assert stored == (*before, ("Đi công tác", 3))
    assert screen.pending_work() is None


def test_f2_opens_the_selected_cell_of_a_list(window: MainWindow, qtbot) -> None:
    """The key sheet, Bảng danh sách: F2 opens the chosen cell for editing with its text; Enter puts it in."""
    screen = _shown(window, PollsScreen)
    assert isinstance(screen, PollsScreen)
    add_draft(screen, PollKind.ELECTION, "bch-moi", "Nguyễn Văn An", "Trần Thị Bình", seats=1)
    view = screen.items_view
    view.select_row(1)
    view.setFocus()  # a click on the row
    assert QApplication.focusWidget() is view
    key(Qt.Key.Key_F2)
    assert view.state() == QAbstractItemView.State.EditingState
    key(Qt.Key.Key_End)
    type_text(" (B)")
    key(Qt.Key.Key_Return)
    # The cell editor is closed and its value put in by a queued call (Qt's delegate), as the event loop runs.
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    model = screen.items_model
    assert model.data(model.index(1, 0)) == "Trần Thị Bình (B)"
    key(Qt.Key.Key_S, CTRL)
    assert stored_names(window, "bch-moi") == ["Nguyễn Văn An", "Trần Thị Bình (B)"]
