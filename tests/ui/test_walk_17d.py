"""Found in #17's walk on a real window (17d): keys go to QApplication.focusWidget(), never straight
to a chosen widget or slot."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.printing.ballot_code import shown_serial
from app.services.ballots import recent_entries
from tests.ui.test_entry_keys import _entered, _key, _screen, _type
from tests.ui.test_entry_screen import _printed
from ui.main_window import MainWindow


def test_ctrl_z_from_the_poll_list_beside_the_entry_screen(
    window: MainWindow, tmp_path: Path, questions, rejections
) -> None:
    """The poll list counts as the entry screen for a scan; it does for Ctrl+Z as well."""
    code = "bch"
    _screen(window, code)
    qr = _printed(window, code, tmp_path)[0]
    before = _entered(window, code)
    _type(qr)
    _key(Qt.Key.Key_Return)
    _key(Qt.Key.Key_2)
    _key(Qt.Key.Key_5)
    _key(Qt.Key.Key_Return)
    assert _entered(window, code) == before + 1
    key = window.context.read(lambda s: recent_entries(s, code=code))[0].key
    _key(Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # Nội d&ung bỏ phiếu
    assert QApplication.focusWidget() is window.poll_view
    _key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(questions) == 1
    assert shown_serial(key) in questions[0]
    assert _entered(window, code) == before


def test_the_screen_keys_work_from_the_poll_list_and_a_typed_code_keeps_its_first_digit(
    window: MainWindow, tmp_path: Path, questions, rejections
) -> None:
    """After choosing a poll with Alt+U and the arrows, Ctrl+L, F3 … are the entry screen's keys
    still, and a check code typed there (it may start with a digit) reaches the code field whole."""
    code = "bch"
    screen = _screen(window, code)
    _key(Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is window.poll_view
    _key(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is screen.scan
    assert screen.scan.text() == ""  # the key, not a letter l typed into the field
    _key(Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    _type("3FXVD")
    assert QApplication.focusWidget() is screen.scan
    assert screen.scan.text() == "3FXVD"
