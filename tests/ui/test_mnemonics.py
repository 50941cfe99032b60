"""Alt+letter reaches one thing (found in the walk at the keyboard, #17): on the committee screen Alt+T was both
"&Thêm người" and the menu "&Tệp", so Qt took turns — the first press put the focus on the button, the second
opened the menu, where the next letters typed (a member's name) chose "Tạo hội nghị mới…" or "Thoát". The
menu "&Đi tới" had a mnemonic no keyboard without an input method types."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTabBar, QWidget

from ui.main_window import MainWindow


def mnemonic(text: str) -> str | None:
    """The letter after a single '&' in `text` (lower case), or None."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] == "&":
                i += 2
                continue
            return text[i + 1].lower()
        i += 1
    return None


def shown_mnemonics(page: QWidget) -> list[tuple[str, str]]:
    """(letter, text) of every visible button, labelled field and tab on `page`."""
    found: list[tuple[str, str]] = []
    for button in page.findChildren(QAbstractButton):
        if button.isVisible() and (letter := mnemonic(button.text())):
            found.append((letter, button.text()))
    for label in page.findChildren(QLabel):
        if label.isVisible() and label.buddy() is not None and (letter := mnemonic(label.text())):
            found.append((letter, label.text()))
    for bar in page.findChildren(QTabBar):
        if bar.isVisible():
            found += [(letter, bar.tabText(i)) for i in range(bar.count()) if (letter := mnemonic(bar.tabText(i)))]
    return found


def assert_one_each(menus: list[tuple[str, str]], page: list[tuple[str, str]], where: str) -> None:
    for letter, text in menus + page:
        assert letter.isascii(), (where, text)  # typed on any keyboard, no input method
        assert letter.isalnum(), (where, text)
    seen: dict[str, str] = {}
    for letter, text in menus + page:
        assert letter not in seen, (where, text, seen[letter])
        seen[letter] = text


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_alt_letter_reaches_one_thing_on_every_screen(
    app_in: Callable[[str], object], qtbot: object, demo_path: Path, language: str
) -> None:
    app_in(language)
    window = MainWindow()
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    QApplication.processEvents()
    menus = [(letter, a.text()) for a in window.menuBar().actions() if (letter := mnemonic(a.text()))]
    assert len(menus) == len(window.menuBar().actions())  # every menu opens with Alt+letter
    assert_one_each(menus, shown_mnemonics(window.start), "start")
    window.context.open(demo_path)
    try:
        for row, screen in enumerate(window.screens):
            window.go_to(row)
            QApplication.processEvents()
            assert_one_each(menus, shown_mnemonics(screen), type(screen).__name__)
    finally:
        window.context.close()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_items_of_each_menu_have_their_own_letters(
    app_in: Callable[[str], object], qtbot: object, language: str
) -> None:
    app_in(language)
    window = MainWindow()
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    for top in window.menuBar().actions():
        menu = top.menu()
        assert menu is not None
        letters = [(letter, a.text()) for a in menu.actions() if (letter := mnemonic(a.text()))]
        assert_one_each([], letters, top.text())
