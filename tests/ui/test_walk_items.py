"""The smaller things a later walk at the keyboard found (#17). Keys go to QApplication.focusWidget()."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ui.context import MeetingContext


def _key(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), key, modifier)


def test_the_english_ui_names_an_unnamed_operator_in_english(app_in, demo_path: Path) -> None:
    app_in("en")
    context = MeetingContext()
    assert context.operator == ""
    assert context.actor() == "user"


def test_the_vietnamese_ui_names_an_unnamed_operator_in_vietnamese(app_in) -> None:
    app_in("vi")
    assert MeetingContext().actor() == "người dùng"
