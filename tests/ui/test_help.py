"""Help inside the program (#17, item 11): F1 and Trợ giúp open the user guide with its screenshots and the
key sheet, from files shipped with the program (packaging/kiemphieu.spec). Keys go to focusWidget()."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QPixmap, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.resources import guide_dir, user_guide
from ui.help import HelpWindow, fit_pictures, shortcut_sheet
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def _shown(window: MainWindow, row: int) -> None:
    window.show()
    window.activateWindow()
    window.go_to(row)
    QApplication.processEvents()


def test_f1_opens_the_user_guide_with_its_pictures(window: MainWindow) -> None:
    _shown(window, 4)  # Nhập phiếu: the keyboard is in the code field
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F1)
    help_window = window.help_window
    assert isinstance(help_window, HelpWindow)
    assert help_window.isVisible()
    assert help_window.tabs.currentIndex() == 0
    text = help_window.guide.toPlainText()
    assert "Nhập phiếu" in text
    assert "Ctrl+Z" in text
    pictures = re.findall(r"\(docs/screens/([^)]+\.png)\)", user_guide())
    assert len(pictures) >= 10
    image = help_window.guide.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl(f"docs/screens/{pictures[0]}")
    )
    assert isinstance(image, QImage | QPixmap)
    assert not image.isNull()
    assert fit_pictures(help_window.guide.document(), 10_000) == 0  # already drawn at most PICTURE_WIDTH wide
    # F1 again, from the help window itself: the same window, not a second one.
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F1)
    assert window.findChildren(HelpWindow) == [help_window]


def test_the_help_menu_opens_the_key_sheet(window: MainWindow) -> None:
    _shown(window, 0)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "Trợ &giúp")
    assert menu is not None
    assert [a.text() for a in menu.actions() if a.text()] == ["&Hướng dẫn sử dụng", "&Phím tắt", "&Giới thiệu"]
    next(a for a in menu.actions() if a.text() == "&Phím tắt").trigger()
    help_window = window.help_window
    assert help_window is not None
    assert help_window.tabs.currentIndex() == 1
    assert "Hoàn tác phiếu vừa ghi" in help_window.keys.toPlainText()


def test_every_key_the_guide_names_is_on_the_key_sheet() -> None:
    sheet = shortcut_sheet()
    named = set(re.findall(r"\b(Ctrl\+(?:[A-Z0-9]|Enter)|F\d+|PgDn|PgUp|Home|End|Esc|Backspace|Tab)\b", user_guide()))
    assert named
    for key in named:
        assert key in sheet, key


def test_the_guide_and_its_pictures_are_shipped_in_the_one_folder_build() -> None:
    spec = (ROOT / "packaging" / "kiemphieu.spec").read_text(encoding="utf-8")
    assert '(str(root / "README.md"), ".")' in spec
    assert '(str(root / "docs" / "screens"), "docs/screens")' in spec
    assert (guide_dir() / "README.md").exists()
    for name in re.findall(r"\(docs/screens/([^)]+\.png)\)", user_guide()):
        assert (guide_dir() / "docs" / "screens" / name).exists(), name


def test_the_key_sheet_names_each_place_once() -> None:
    """The sheet wrote "Nhập phiếu" on each of its fifteen rows; each place now heads its group of keys."""
    import re

    from ui.help import SHORTCUTS

    sheet = shortcut_sheet()
    places = [where for where, _rows in SHORTCUTS]
    assert len(places) == len(set(places))
    cells = re.findall(r"<td rowspan='(\d+)' valign='top'>([^<]*)</td>", sheet)
    assert [place for _n, place in cells] == places
    assert [int(n) for n, _place in cells] == [len(rows) for _where, rows in SHORTCUTS]
    assert sheet.count("<tr>") == sum(len(rows) for _where, rows in SHORTCUTS) + 1  # the heading's row
    assert sum(len(rows) for _where, rows in SHORTCUTS) == 28  # every key of the sheet before the grouping
