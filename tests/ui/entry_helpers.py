"""Helpers shared by the GUI tests that press keys."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from app.services import tallying
from ui.main_window import MainWindow
from ui.screens.entry import EntryScreen


def entry_screen(window: MainWindow, code: str) -> EntryScreen:
    """The entry screen of `window` on poll `code`, shown and active, as an operator reaches it."""
    window.context.select_poll(code)
    screen = next(s for s in window.screens if isinstance(s, EntryScreen))
    window.go_to(window.screens.index(screen))
    window.show()
    window.activateWindow()
    QApplication.processEvents()
    screen.refresh()
    return screen


def key(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press sent where a person's keyboard sends it: to the widget that has the focus."""
    QTest.keyClick(QApplication.focusWidget(), key, modifier)


def type_text(text: str) -> None:
    """Text typed a character at a time into the focused widget (each to whatever has the focus then)."""
    for char in text:
        QTest.keyClicks(QApplication.focusWidget(), char)


def entered(window: MainWindow, code: str) -> int:
    """How many ballots poll `code` holds."""
    return window.context.read(lambda s: tallying.tally_poll(s, code)).tally.totals.entered


def focus_in(qtbot: object, window: QWidget) -> QWidget:
    """Make `window` the active window and wait until the keyboard focus is inside it; return the focus widget.

    Waiting only for *some* focus widget let a key go to a window that an earlier test on the same worker had left
    behind (CI after stop 25: Ctrl+O reached no open_meeting, and the test saw no refusal)."""
    window.raise_()
    window.activateWindow()

    def inside() -> bool:
        widget = QApplication.focusWidget()
        return widget is not None and widget.window() is window

    qtbot.waitUntil(inside)  # type: ignore[attr-defined]
    return QApplication.focusWidget()
