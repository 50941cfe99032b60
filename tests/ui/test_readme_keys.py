"""Every shortcut README.md lists, pressed as a person presses it (#17): the key goes to
QApplication.focusWidget() after the steps a person takes, and the test checks what the screen then shows.

Shortcuts tested elsewhere the same way: F1 (test_help), Alt+U and Ctrl+5 (test_entry_keys), Ctrl+O (test_walk_17h,
test_closing), Ctrl+S (test_closing, test_walk_17f, test_readme_table_keys), Ctrl+L (test_walk_17d), Ctrl+M, Enter,
Esc, Tab, strike digits and Ctrl+Z (test_entry_keys, test_small_items), F2 and F3 (test_small_items), Ctrl+Q
(test_closing).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog
from sqlalchemy import select

from app.rules.reasons import stated
from app.services import tallying
from app.services.ballots import recent_entries
from app.store.orm import Meeting
from tests.ui.entry_helpers import entry_screen, key, type_text
from ui.main_window import SCREEN_ORDER, MainWindow, NewMeetingDialog
from ui.projector import ProjectorWindow
from ui.screens.entry import EntryScreen
from ui.screens.results import ResultsScreen

CTRL = Qt.KeyboardModifier.ControlModifier


def _cell(screen: EntryScreen, row: int, column: int) -> str:
    """The text a person sees in a cell of the marking table."""
    model = screen.editor.view.model()
    return str(model.data(model.index(row, column)) or "")


def _row(screen: EntryScreen) -> int:
    return screen.editor.view.currentIndex().row()


# ---------------------------------------------------------------- the window


def test_ctrl_1_to_8_show_each_step_and_its_name_in_the_list(window: MainWindow) -> None:
    """Ctrl+1 … Ctrl+8 from wherever the keyboard is: each shows its screen, the step list marks it."""
    entry_screen(window, "bch")
    assert len(window.screens) == len(SCREEN_ORDER) == 8
    for number in (1, 2, 3, 4, 6, 7, 8, 5, 1):
        assert QApplication.focusWidget() is not None
        key(Qt.Key(Qt.Key.Key_0 + number), CTRL)
        screen = window.screens[number - 1]
        assert window.current_screen() is screen
        assert window.nav.currentRow() == number - 1
        assert window.nav.currentItem().text() == window.nav.item(number - 1).text()
        assert window.stack.currentWidget().isAncestorOf(screen) or window.stack.currentWidget() is screen


def test_ctrl_n_asks_for_the_new_meeting_and_opens_it(window: MainWindow, monkeypatch, tmp_path: Path) -> None:
    """Ctrl+N opens the short form; the facts typed into it (keys to the focused field) make the new file's meeting.
    Only the system's save-file dialog is stood in."""
    entry_screen(window, "bch")
    target = tmp_path / "moi.kiemphieu"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    seen: list[str] = []

    def fill(dialog: NewMeetingDialog) -> int:
        dialog.show()
        dialog.activateWindow()
        dialog.title.setFocus()
        QApplication.processEvents()
        seen.append(dialog.windowTitle())
        assert QApplication.focusWidget() is dialog.title
        type_text("Hoi nghi thu")
        key(Qt.Key.Key_Tab)
        type_text("DANG BO XA A")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(NewMeetingDialog, "exec", fill)
    key(Qt.Key.Key_N, CTRL)
    assert seen == ["Tạo hội nghị mới"]
    assert window.context.path == target
    assert target.exists()
    assert "moi.kiemphieu" in window.windowTitle()
    meeting = window.context.read(lambda s: s.scalar(select(Meeting)))
    assert (meeting.title, meeting.organization) == ("Hoi nghi thu", "DANG BO XA A")


# ---------------------------------------------------------------- the entry screen


def test_strike_list_arrows_and_space_strike_and_unstrike_the_row(window: MainWindow, questions, rejections) -> None:
    """On a strike ballot: ↓ moves down the names, the space bar strikes the name there (again: unstrikes)."""
    screen = entry_screen(window, "bch")
    key(Qt.Key.Key_M, CTRL)
    assert screen.sheet_ready
    assert QApplication.focusWidget() is screen.editor.view
    assert _row(screen) == 0
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Down)
    assert _row(screen) == 2
    key(Qt.Key.Key_Space)
    assert _cell(screen, 2, 2) == "✗ gạch"
    key(Qt.Key.Key_Up)
    assert _row(screen) == 1
    key(Qt.Key.Key_Space)
    assert _cell(screen, 1, 2) == "✗ gạch"
    key(Qt.Key.Key_Space)  # again: the name is no longer struck
    assert _cell(screen, 1, 2) == ""
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Space)
    assert [r for r in range(9) if _cell(screen, r, 2)] == [2, 3]
    before = window.context.read(lambda s: tallying.tally_poll(s, "bch")).tally.totals.entered
    key(Qt.Key.Key_Return)
    assert window.context.read(lambda s: tallying.tally_poll(s, "bch")).tally.totals.entered == before + 1
    assert rejections == []


def test_grid_digits_zero_ctrl_digit_and_backspace(window: MainWindow, questions, rejections) -> None:
    """A confidence ballot: one key per row (1…k, 0 blank) moves on; Ctrl+digit adds a second mark to the same
    row (shown as a spoilt row); Backspace goes back a row to put it right."""
    code = "tin-nhiem"
    screen = entry_screen(window, code)
    key(Qt.Key.Key_M, CTRL)
    assert QApplication.focusWidget() is screen.editor.view
    key(Qt.Key.Key_1)
    assert _cell(screen, 0, 2) == "X"
    assert _row(screen) == 1
    key(Qt.Key.Key_0)  # blank: nothing marked on row 2, on to row 3
    assert [_cell(screen, 1, c) for c in range(2, screen.editor.model.columnCount())] == [""] * (
        screen.editor.model.columnCount() - 2
    )
    assert _row(screen) == 2
    key(Qt.Key.Key_Backspace)
    assert _row(screen) == 1
    key(Qt.Key.Key_2)
    assert _cell(screen, 1, 3) == "X"
    assert _row(screen) == 2
    key(Qt.Key.Key_Backspace)
    key(Qt.Key.Key_1, CTRL)  # a second mark on row 2: the person marked two columns
    assert _row(screen) == 1
    assert (_cell(screen, 1, 2), _cell(screen, 1, 3)) == ("X", "X")
    assert "Không hợp lệ" in screen.validity.text()
    key(Qt.Key.Key_1, CTRL)  # again: the second mark goes
    assert (_cell(screen, 1, 2), _cell(screen, 1, 3)) == ("", "X")
    key(Qt.Key.Key_Return)
    rows = window.context.read(lambda s: recent_entries(s, code=code))
    assert rows[0].key.startswith("#")
    # Ctrl with a digit that names no column is still the window's: from the marking table, Ctrl+7 shows Kết quả.
    key(Qt.Key.Key_M, CTRL)
    assert QApplication.focusWidget() is screen.editor.view
    assert screen.editor.model.columnCount() - 2 < 7
    key(Qt.Key.Key_7, CTRL)
    assert isinstance(window.current_screen(), ResultsScreen)


def test_f4_rules_on_an_entered_ballot(window: MainWindow, monkeypatch, rejections) -> None:
    """F4 from the code field: the committee's ruling, asked in the program's boxes (stood in), is stored and named."""
    screen = entry_screen(window, "bch")
    assert QApplication.focusWidget() is screen.scan
    answers = iter([("BCH-0005", True), ("Phiếu có ký tên", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    monkeypatch.setattr("ui.screens.entry.ask_text", lambda *a, **k: next(answers))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Không hợp lệ", True))
    before = window.context.read(lambda s: tallying.tally_poll(s, "bch")).tally.totals.invalid
    key(Qt.Key.Key_F4)
    tally = window.context.read(lambda s: tallying.tally_poll(s, "bch")).tally
    assert tally.totals.invalid == before + 1
    assert (stated("Phiếu có ký tên"), 1) in tally.totals.invalid_reasons
    assert "BCH-0005" in screen.sheet_label.text()


# ---------------------------------------------------------------- the projector


@pytest.fixture
def results(window: MainWindow) -> ResultsScreen:
    """The results screen reached with Ctrl+7, as a person reaches it."""
    codes = [p.code for p in window.context.polls()]
    entry_screen(window, codes[0])
    key(Qt.Key.Key_7, CTRL)
    screen = window.current_screen()
    assert isinstance(screen, ResultsScreen)
    return screen


def _f11_opens_the_projector(results, qtbot) -> ProjectorWindow:
    """F11 from the results screen (keys to the focused widget): the projector, shown, with the keyboard."""
    key(Qt.Key.Key_F11)
    projector = results.projector
    assert isinstance(projector, ProjectorWindow)
    qtbot.waitExposed(projector)
    projector.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and QApplication.focusWidget().window() is projector)
    return projector


def test_f11_opens_the_projector_its_keys_step_and_f11_closes_it(window: MainWindow, results, qtbot) -> None:
    codes = [p.code for p in window.context.polls()]
    projector = _f11_opens_the_projector(results, qtbot)
    assert projector.code == codes[0]
    assert projector.isFullScreen()
    steps = [
        (Qt.Key.Key_PageDown, 1),
        (Qt.Key.Key_Right, 2),
        (Qt.Key.Key_Down, 3),
        (Qt.Key.Key_Space, 4),
        (Qt.Key.Key_PageUp, 3),
        (Qt.Key.Key_Left, 2),
        (Qt.Key.Key_Up, 1),
        (Qt.Key.Key_End, len(codes) - 1),
        (Qt.Key.Key_Home, 0),
        (Qt.Key.Key_Up, 0),  # already the first: stays there
    ]
    for pressed, index in steps:
        key(pressed)
        assert projector.code == codes[index], pressed
        assert f"Nội dung {index + 1}/{len(codes)}" in projector.footer.text()
    key(Qt.Key.Key_F11)
    assert not projector.isVisible()
    qtbot.waitUntil(lambda: results.projector is None)


def test_esc_closes_the_projector(window: MainWindow, results, qtbot) -> None:
    projector = _f11_opens_the_projector(results, qtbot)
    key(Qt.Key.Key_Escape)
    assert not projector.isVisible()
    qtbot.waitUntil(lambda: results.projector is None)
