"""Closing asks (#17): a marked ballot or typed edits not yet stored are never lost without a word.

Keys go to whatever has the focus (QApplication.focusWidget()), as a person's keyboard does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

import ui.main_window as main_window
from app.services import meetings, tallying
from ui.main_window import MainWindow
from ui.screens.committee import CommitteeScreen
from ui.screens.entry import EntryScreen
from ui.screens.meeting import MeetingScreen
from ui.screens.polls import PollsScreen


def _show(window: MainWindow, cls: type) -> object:
    screen = next(s for s in window.screens if isinstance(s, cls))
    window.go_to(window.screens.index(screen))
    window.show()
    window.activateWindow()
    QApplication.processEvents()
    return screen


def _keys(text: str) -> None:
    """Type `text` into whatever has the focus (letters with diacritics arrive as text, as from an IME)."""
    for char in text:
        if char.isascii():
            QTest.keyClicks(QApplication.focusWidget(), char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(QApplication.focusWidget(), event)


def _key(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), key, modifier)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer the "save before closing?" question with the given words; record what was asked."""
    given: list[str] = []
    asked: list[str] = []

    def ask(_parent: object, what: str) -> str:
        asked.append(what)
        return given.pop(0)

    monkeypatch.setattr(main_window, "ask_save", ask)
    monkeypatch.setattr(QApplication, "beep", lambda: None)
    return given


def _marked_ballot(window: MainWindow) -> EntryScreen:
    window.context.select_poll("nghi-quyet")
    screen = _show(window, EntryScreen)
    assert isinstance(screen, EntryScreen)
    screen.refresh()
    _key(Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # Phiếu không có mã
    assert screen.sheet_ready
    _key(Qt.Key.Key_1)
    _key(Qt.Key.Key_2)
    assert screen.editor.has_marks()
    return screen


def _entered(window: MainWindow) -> int:
    return window.context.read(lambda s: tallying.tally_poll(s, "nghi-quyet")).tally.totals.entered


def test_close_with_a_marked_ballot_and_cancel_keeps_the_window_and_the_ballot(window: MainWindow, answers) -> None:
    screen = _marked_ballot(window)
    before = _entered(window)
    answers.append("cancel")
    assert window.close() is False
    assert window.isVisible()
    assert window.context.is_open
    assert screen.sheet_ready
    assert screen.editor.has_marks()
    assert _entered(window) == before


def test_ctrl_q_with_a_marked_ballot_and_save_stores_it_then_quits(window: MainWindow, answers) -> None:
    _marked_ballot(window)
    before = _entered(window)
    path = window.context.path
    answers.append("save")
    _key(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert not window.isVisible()
    assert not window.context.is_open
    assert _entered_in_file(path) == before + 1


def _entered_in_file(path: Path) -> int:
    from app.store.db import open_meeting_file

    meeting_file = open_meeting_file(path)
    try:
        with meeting_file.reading() as session:
            return tallying.tally_poll(session, "nghi-quyet").tally.totals.entered
    finally:
        meeting_file.close()


def test_close_with_a_marked_ballot_and_dont_save_drops_it(window: MainWindow, answers) -> None:
    _marked_ballot(window)
    before = _entered(window)
    path = window.context.path
    answers.append("discard")
    assert window.close() is True
    assert not window.context.is_open
    assert answers == []
    assert _entered_in_file(path) == before


def test_the_real_question_names_the_ballot_and_its_buttons_are_vietnamese(window: MainWindow) -> None:
    """The box itself (not a stand-in): Ghi / Không ghi / Hủy; Hủy keeps the window open."""
    screen = _marked_ballot(window)
    seen: dict[str, object] = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text()
        seen["buttons"] = sorted(b.text() for b in box.findChildren(QPushButton))
        cancel = next(b for b in box.findChildren(QPushButton) if b.text() == "&Hủy")
        cancel.click()

    QTimer.singleShot(0, answer)
    assert window.close() is False
    assert "Phiếu không có mã" in str(seen["text"])
    assert "chưa được ghi" in str(seen["text"])
    assert seen["buttons"] == ["&Ghi", "&Hủy", "&Không ghi"]
    assert window.isVisible()
    assert screen.sheet_ready


def test_close_after_saving_asks_nothing(window: MainWindow, answers) -> None:
    screen = _marked_ballot(window)
    _key(Qt.Key.Key_Return)
    assert not screen.sheet_ready
    assert window.close() is True  # `answers` is empty: a question would fail the test


def test_ctrl_q_with_unsaved_meeting_edits_asks_and_saves(window: MainWindow, answers) -> None:
    screen = _show(window, MeetingScreen)
    assert isinstance(screen, MeetingScreen)
    screen.title_edit.setFocus()
    _key(Qt.Key.Key_End)
    _keys(" (sửa)")
    assert "Có thay đổi chưa ghi" in screen.status.text()
    answers.append("cancel")
    _key(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert window.isVisible()
    assert window.context.is_open
    answers.append("save")
    _key(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.context.is_open


def test_opening_another_file_with_unsaved_meeting_edits_asks(window: MainWindow, answers, tmp_path: Path) -> None:
    screen = _show(window, MeetingScreen)
    assert isinstance(screen, MeetingScreen)
    screen.title_edit.setFocus()
    _key(Qt.Key.Key_End)
    _keys(" X")
    path = window.context.path
    answers.append("cancel")
    window.open_path(tmp_path / "other.kiemphieu")
    assert window.context.path == path
    assert screen.dirty
    answers.append("save")
    window.close_meeting()
    assert not window.context.is_open
    from app.store.db import open_meeting_file

    meeting_file = open_meeting_file(path)
    try:
        with meeting_file.reading() as session:
            assert meetings.meeting_info(session).title.endswith(" X")
    finally:
        meeting_file.close()


def test_ctrl_s_on_the_committee_screen_keeps_the_name_being_typed(window: MainWindow, answers) -> None:
    screen = _show(window, CommitteeScreen)
    assert isinstance(screen, CommitteeScreen)
    screen.add_button.setFocus()
    _key(Qt.Key.Key_Space)  # Thêm người: a new row, its name cell open for typing
    _keys("Phạm Thị Thu")
    assert screen.table.state() == screen.table.State.EditingState
    _key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    info = window.context.read(meetings.meeting_info)
    assert ("Phạm Thị Thu", "Ủy viên") in info.committee
    assert "Đã ghi danh sách Ban kiểm phiếu." in window.statusBar().currentMessage()
    assert window.close() is True  # nothing left unsaved: no question


def test_closing_with_an_unsaved_committee_row_asks(window: MainWindow, answers) -> None:
    screen = _show(window, CommitteeScreen)
    assert isinstance(screen, CommitteeScreen)
    screen.add_button.setFocus()
    _key(Qt.Key.Key_Space)
    _keys("Đỗ Văn Nam")
    answers.append("cancel")
    assert window.close() is False
    assert "Đỗ Văn Nam" in [name for name, _ in screen.members()]  # added after the selected row
    answers.append("save")
    path = window.context.path
    assert window.close() is True
    from app.store.db import open_meeting_file

    meeting_file = open_meeting_file(path)
    try:
        with meeting_file.reading() as session:
            assert ("Đỗ Văn Nam", "Ủy viên") in meetings.meeting_info(session).committee
    finally:
        meeting_file.close()


def test_alt_n_adds_people_and_a_role_typed_over_the_default_replaces_it(window: MainWindow, answers, qtbot) -> None:
    """The walk at the keyboard (#17): Alt+T, the add button's key, also opened the Tệp menu every other press
    (the next letters of a name chose Thoát); a role typed into the cell was added to "Ủy viên"
    ("Ủy viênTrưởng ban"). Now Alt+N adds a person every time and typing replaces the default role."""
    screen = _show(window, CommitteeScreen)
    assert isinstance(screen, CommitteeScreen)
    before = screen.model.rowCount()
    people = (("Nguyễn Văn Hùng", "Trưởng ban"), ("Lê Thị Hoa", None), ("Trần Quốc Bảo", "Thư ký"))
    for added, (name, role) in enumerate(people, start=1):
        _key(Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # Thêm &người
        # a button's Alt+letter presses it the way a click looks (after 100 ms; later on a busy machine)
        qtbot.waitUntil(lambda added=added: screen.model.rowCount() == before + added, timeout=5_000)
        assert QApplication.activePopupWidget() is None  # no menu opened
        _keys(name)
        if role is not None:
            _key(Qt.Key.Key_Tab)
            _keys(role)
        _key(Qt.Key.Key_Return)
    assert screen.model.rowCount() == before + 3
    _key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    committee = window.context.read(meetings.meeting_info).committee
    assert ("Nguyễn Văn Hùng", "Trưởng ban") in committee
    assert ("Lê Thị Hoa", "Ủy viên") in committee
    assert ("Trần Quốc Bảo", "Thư ký") in committee


def _stored_poll_title(path: Path, code: str) -> str:
    from app.services.polls import get_poll
    from app.store.db import open_meeting_file

    meeting_file = open_meeting_file(path)
    try:
        with meeting_file.reading() as session:
            return get_poll(session, code).title
    finally:
        meeting_file.close()


@pytest.mark.parametrize("answer", ["cancel", "discard", "save"])
def test_ctrl_q_with_an_unsaved_poll_edit_asks_and_does_as_answered(window: MainWindow, answers, answer: str) -> None:
    """The poll screen (Ctrl+3): a poll's title typed and not saved; Ctrl+Q asks, naming the poll; Hủy keeps the
    window and the typing, Không ghi closes and the file keeps the old title, Ghi closes with the new one stored."""
    window.context.select_poll("bch")
    _show(window, MeetingScreen)
    _key(Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    screen = window.current_screen()
    assert isinstance(screen, PollsScreen)
    old = screen.title_edit.text()
    screen.title_edit.setFocus()  # a click in the title field
    _key(Qt.Key.Key_End)
    _keys(" (sửa)")
    assert screen.title_edit.text() == old + " (sửa)"
    what = screen.pending_work()  # the sentence the question shows
    assert what is not None
    assert "Nội dung bỏ phiếu có thay đổi chưa ghi" in what
    assert old in what
    path = window.context.path
    answers.append(answer)
    _key(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert answers == []  # asked once
    if answer == "cancel":
        assert window.isVisible()
        assert window.context.is_open
        assert window.current_screen() is screen
        assert screen.title_edit.text() == old + " (sửa)"
        return
    assert not window.isVisible()
    assert not window.context.is_open
    assert path is not None
    assert _stored_poll_title(path, "bch") == (old + " (sửa)" if answer == "save" else old)


@pytest.mark.parametrize("answer", ["cancel", "discard", "save"])
def test_ctrl_o_with_a_marked_ballot_asks_and_does_as_answered(
    window: MainWindow, answers, answer: str, demo_template: Path, tmp_path: Path, monkeypatch
) -> None:
    """Opening another file by its key, Ctrl+O, with a marked ballot not yet saved: asked before the file dialog
    (only the dialog is stood in); Hủy keeps the file and the marks, Không ghi opens the other file with the ballot
    dropped, Ghi stores the ballot first."""
    from PySide6.QtWidgets import QFileDialog

    other = tmp_path / "khac" / "khac.kiemphieu"
    other.parent.mkdir()
    other.write_bytes(demo_template.read_bytes())
    chosen: list[str] = []

    def choose(*_a: object, **_k: object) -> tuple[str, str]:
        chosen.append(str(other))
        return str(other), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    screen = _marked_ballot(window)
    assert QApplication.focusWidget() is screen.editor.view
    before = _entered(window)
    path = window.context.path
    assert path is not None
    answers.append(answer)
    _key(Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert answers == []  # asked once
    if answer == "cancel":
        assert chosen == []  # no file dialog: the ballot comes first
        assert window.context.path == path
        assert window.current_screen() is screen
        assert screen.sheet_ready
        assert screen.editor.has_marks()
        assert _entered(window) == before
        return
    assert chosen == [str(other)]
    assert window.context.path == other
    assert "khac.kiemphieu" in window.windowTitle()
    assert _entered_in_file(path) == before + (1 if answer == "save" else 0)


@pytest.mark.parametrize("answer", ["cancel", "discard", "save"])
def test_a_close_event_from_the_window_system_with_a_marked_ballot_asks(
    window: MainWindow, answers, answer: str
) -> None:
    """Alt+F4. The program binds no Alt+F4 of its own: on Windows the system turns it into a close request
    (WM_CLOSE), which Qt hands to the window as a spontaneous QCloseEvent — the same path as the title bar's close
    button. The offscreen platform has no window manager to turn the key into that request, so the test sends the
    QCloseEvent to the window's native window (QWindow) as the platform does, rather than calling close()."""
    from PySide6.QtGui import QCloseEvent

    screen = _marked_ballot(window)
    before = _entered(window)
    path = window.context.path
    assert path is not None
    answers.append(answer)
    handle = window.windowHandle()
    assert handle is not None
    event = QCloseEvent()
    QApplication.sendEvent(handle, event)
    assert answers == []  # asked once
    if answer == "cancel":
        assert not event.isAccepted()
        assert window.isVisible()
        assert window.context.is_open
        assert screen.sheet_ready
        assert screen.editor.has_marks()
        return
    assert event.isAccepted()
    assert not window.isVisible()
    assert not window.context.is_open
    assert _entered_in_file(path) == before + (1 if answer == "save" else 0)


def test_ctrl_w_with_a_marked_ballot_asks_before_closing_the_meeting(window: MainWindow, answers) -> None:
    """The key sheet's Ctrl+W (Đóng hội nghị): with a marked ballot it asks; Hủy keeps it, Không ghi closes."""
    screen = _marked_ballot(window)
    before = _entered(window)
    path = window.context.path
    assert path is not None
    answers.append("cancel")
    _key(Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert answers == []
    assert window.context.is_open
    assert screen.editor.has_marks()
    answers.append("discard")
    _key(Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert answers == []
    assert not window.context.is_open
    assert window.isVisible()  # back to the start page
    assert _entered_in_file(path) == before


def test_ctrl_n_with_a_marked_ballot_asks_before_the_new_meeting_form(window: MainWindow, answers, monkeypatch) -> None:
    """Ctrl+N leaves the open meeting too: with a marked ballot it asks first; Hủy shows no form and keeps the marks."""
    formed: list[object] = []
    monkeypatch.setattr(main_window.NewMeetingDialog, "exec", lambda self: formed.append(self) or 0)
    screen = _marked_ballot(window)
    path = window.context.path
    answers.append("cancel")
    _key(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert answers == []
    assert formed == []
    assert window.context.path == path
    assert screen.editor.has_marks()
