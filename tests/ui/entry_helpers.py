"""Helpers shared by the entry-screen tests."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

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
