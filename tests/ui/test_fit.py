"""Every screen fits a 1024×768 window (#17, item 8): projectors mirrored at 1024×768 are common in
meeting halls. No screen needs a horizontal scroll bar, and the window never asks for more than that."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea

from ui.main_window import MainWindow


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_every_screen_fits(window: MainWindow, size: tuple[int, int]) -> None:
    window.resize(*size)
    window.show()
    QApplication.processEvents()
    hint = window.minimumSizeHint()
    assert hint.width() <= 1024
    assert hint.height() <= 768
    for row, screen in enumerate(window.screens):
        window.go_to(row)
        QApplication.processEvents()
        assert window.current_screen() is screen
        scroller = window.stack.currentWidget()
        assert isinstance(scroller, QScrollArea)
        assert window.width() == size[0], type(screen).__name__
        assert not scroller.horizontalScrollBar().isVisible(), (type(screen).__name__, screen.minimumSizeHint())


def test_the_window_is_never_larger_than_the_screen(window: MainWindow) -> None:
    free = window.screen().availableGeometry()
    window.resize(1366, 768)
    window.fit_to_screen()
    assert window.width() <= free.width()
    assert window.height() <= free.height()


def test_a_narrow_window_drops_the_status_column_of_the_poll_list(window: MainWindow) -> None:
    from ui.models import PollTableModel

    window.show()
    window.resize(1024, 768)
    QApplication.processEvents()
    assert window.poll_view.isColumnHidden(PollTableModel.COL_STATUS)
    window.resize(1366, 768)
    QApplication.processEvents()
    assert not window.poll_view.isColumnHidden(PollTableModel.COL_STATUS)
