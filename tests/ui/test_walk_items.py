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


def test_saving_a_poll_names_it_by_its_title(window, qtbot) -> None:
    """The status line said "Đã ghi danh sách của nội dung 'bch-moi'": a person knows the poll by its title."""
    from app.rules.model import PollKind
    from tests.ui.test_polls_screen import add_draft
    from ui.screens.polls import PollsScreen

    screen = next(s for s in window.screens if isinstance(s, PollsScreen))
    window.go_to(window.screens.index(screen))
    add_draft(screen, PollKind.ELECTION, "bch-moi", seats=1)
    screen.items_editor.add_button.click()
    screen.items_view.commit_pending()
    screen.items_model.setData(screen.items_model.index(screen.items_view.current_row(), 0), "Nguyễn Văn An")
    assert screen.save_items()
    message = window.statusBar().currentMessage()
    assert message == "Đã ghi danh sách của nội dung “Nội dung bch-moi”."
    assert screen.save_settings()
    assert window.statusBar().currentMessage() == "Đã ghi thiết lập của nội dung “Nội dung bch-moi”."
