"""Every screen fits a 1024×768 window (#17, item 8): projectors mirrored at 1024×768 are common in
meeting halls. No screen needs a horizontal scroll bar, and the window never asks for more than that."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QScrollArea

from ui.main_window import MainWindow


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_every_screen_fits(window: MainWindow, size: tuple[int, int]) -> None:
    window.resize(1366, 768)
    window.work.setSizes([330, 1036])  # the split a 1366-px screen starts with
    window.show()
    QApplication.processEvents()
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
        # Nor a vertical one: the scanning screen needed 18 px more than a 768-px window has.
        assert not scroller.verticalScrollBar().isVisible(), (type(screen).__name__, screen.minimumSizeHint())
        # A panel inside a screen that scrolls only up and down shows its whole width (the poll editor was cut).
        for panel in screen.findChildren(QScrollArea):
            inner = panel.widget()
            if panel.isVisible() and inner is not None:
                assert inner.width() <= panel.viewport().width(), (type(screen).__name__, inner.width())
        # The steps keep their words' width beside every screen (the poll screen squeezed them to 70 px).
        assert window.nav.width() >= window.nav.sizeHintForColumn(0), (type(screen).__name__, window.nav.width())


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


# A 1024×768 screen with a 28-px panel: what a projector mirror or a small laptop leaves the window.
SMALL = QRect(0, 0, 1024, 740)


def _inside(free: QRect, window: MainWindow) -> None:
    frame = window.frameGeometry()
    assert free.contains(frame), (free, frame)
    bar = window.statusBar()
    assert free.contains(QRect(window.mapToGlobal(bar.geometry().topLeft()), bar.size())), "status bar off screen"


def test_the_window_comes_back_as_it_was_closed_inside_a_smaller_screen(qtbot: object) -> None:
    """Saved on a 1366×768 screen, restored on a 1024×768 one: the window, and its status bar, lie inside."""
    first = MainWindow()
    qtbot.addWidget(first)  # type: ignore[attr-defined]
    first.setGeometry(QRect(200, 100, 1366, 768))
    first.work.setSizes([300, 1066])
    first.close()  # closing saves the window's state
    second = MainWindow()
    qtbot.addWidget(second)  # type: ignore[attr-defined]
    assert second.work.sizes()[0] == 300  # the split comes back
    second.restore_window_state(SMALL)
    _inside(SMALL, second)


def test_a_window_off_the_free_area_is_moved_and_shrunk_into_it(window: MainWindow) -> None:
    window.setGeometry(QRect(600, 400, 1000, 700))
    window.fit_to_screen(SMALL)
    _inside(SMALL, window)
    assert (window.width(), window.height()) == (1000, 700)  # it fitted: moved, not shrunk
    window.setGeometry(QRect(-50, -20, 1366, 768))
    window.fit_to_screen(SMALL)
    _inside(SMALL, window)


def test_the_poll_editor_fits_1024_for_every_kind_of_poll(window: MainWindow) -> None:
    """Each poll kind brings its own fields (criteria, levels…): none is cut on the right of a 1024-px window."""
    from ui.screens.polls import PollsScreen

    window.resize(1366, 768)
    window.work.setSizes([330, 1036])
    window.show()
    QApplication.processEvents()
    window.resize(1024, 768)
    screen = next(s for s in window.screens if isinstance(s, PollsScreen))
    window.go_to(window.screens.index(screen))
    for poll in window.context.polls():
        window.context.select_poll(poll.code)
        QApplication.processEvents()
        for tab in range(screen.tabs.count()):
            screen.tabs.setCurrentIndex(tab)
            QApplication.processEvents()
            for panel in screen.findChildren(QScrollArea):
                inner = panel.widget()
                if panel.isVisible() and inner is not None:
                    assert inner.width() <= panel.viewport().width(), (poll.code, tab, inner.width())
