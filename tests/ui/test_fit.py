"""Every screen fits a 1024×768 window (#17, item 8): projectors mirrored at 1024×768 are common in
meeting halls. No screen needs a horizontal scroll bar, and the window never asks for more than that."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QLineEdit, QScrollArea, QWidget

from ui.main_window import MainWindow

SIZES = [(1024, 768), (1366, 768)]


def settle() -> None:
    """Let the layouts finish: a layout asked to redo itself by another (a label's new text) posts its request."""
    for _ in range(3):
        QApplication.processEvents()


def window_in(app_in: Callable[[str], object], language: str, demo_path: Path, qtbot: object) -> MainWindow:
    """The main window in `language` on the demo meeting, started at 1366×768 with the split a 1366-px screen
    starts with (as a person's window is), shown."""
    app_in(language)
    window = MainWindow()
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.context.operator = "Người kiểm thử"
    window.context.open(demo_path)
    window.show()
    settle()
    window.resize(1366, 768)
    window.work.setSizes([330, 1036])  # the split a 1366-px screen starts with
    settle()
    return window


def assert_fits(window: MainWindow, where: object) -> None:
    """The screen shown needs no scroll bar of the main area; its inner panels show their whole width."""
    screen = window.current_screen()
    assert screen is not None
    scroller = window.stack.currentWidget()
    assert isinstance(scroller, QScrollArea)
    name = (type(screen).__name__, where)
    assert not scroller.horizontalScrollBar().isVisible(), (name, screen.minimumSizeHint(), scroller.viewport().size())
    # Nor a vertical one: the scanning screen needed 18 px more than a 768-px window has.
    assert not scroller.verticalScrollBar().isVisible(), (name, screen.minimumSizeHint(), scroller.viewport().size())
    # A panel inside a screen that scrolls only up and down shows its whole width (the poll editor was cut).
    for panel in screen.findChildren(QScrollArea):
        inner = panel.widget()
        if panel.isVisible() and inner is not None:
            assert inner.width() <= panel.viewport().width(), (name, inner.width())
    # The steps keep their words' width beside every screen (the poll screen squeezed them to 70 px).
    assert window.nav.width() >= window.nav.sizeHintForColumn(0), (name, window.nav.width())
    # A screen squeezed to fit still gives every word-wrapped label all of its lines.
    for label in screen.findChildren(QLabel):
        if label.isVisible() and label.wordWrap() and label.text():
            assert label.height() >= label.heightForWidth(label.width()), (name, label.text()[:40], label.height())


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_every_screen_fits_for_every_poll(
    app_in: Callable[[str], object], qtbot: object, demo_path: Path, size: tuple[int, int], language: str
) -> None:
    """Every screen, on every poll of the demo (each kind brings its own fields), in Vietnamese and in English:
    the English poll screen scrolled sideways at 1024 px on the nomination poll."""
    window = window_in(app_in, language, demo_path, qtbot)
    try:
        window.resize(*size)
        settle()
        hint = window.minimumSizeHint()
        assert hint.width() <= 1024
        assert hint.height() <= 768
        for row, screen in enumerate(window.screens):
            window.go_to(row)
            settle()
            assert window.current_screen() is screen
            assert window.width() == size[0], type(screen).__name__
            for poll in window.context.polls():
                window.context.select_poll(poll.code)
                settle()
                assert_fits(window, poll.code)
    finally:
        window.context.close()


def shows_whole_text(widget: QWidget) -> bool:
    """Whether a one-line label or a line edit shows all of its text (a line edit scrolls what does not fit)."""
    metrics = widget.fontMetrics()
    if isinstance(widget, QLabel):
        return widget.wordWrap() or widget.width() >= widget.minimumSizeHint().width()
    assert isinstance(widget, QLineEdit)
    return metrics.horizontalAdvance(widget.text()) + 12 <= widget.width()  # the frame and text margins


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_the_meeting_details_show_their_labels_and_values_whole(
    app_in: Callable[[str], object], qtbot: object, demo_path: Path, size: tuple[int, int], language: str
) -> None:
    """Thông tin hội nghị: no label is cut and every field shows the demo meeting's value whole (the field of
    "Đại hội (lần thứ)" showed "ại biểu lần thứ XX" at 1024 px)."""
    from ui.screens.meeting import MeetingScreen

    window = window_in(app_in, language, demo_path, qtbot)
    try:
        window.resize(*size)
        screen = next(s for s in window.screens if isinstance(s, MeetingScreen))
        window.go_to(window.screens.index(screen))
        settle()
        assert screen.congress.text()  # the demo meeting has one ("Đại hội đại biểu lần thứ XX")
        screen.place.setText("Hội trường Ủy ban nhân dân xã Tân Phú")  # the walk's: cut at 1024 px in its column
        settle()
        for widget in screen.findChildren(QLabel) + screen.findChildren(QLineEdit):
            if widget.isVisible() and not isinstance(widget.parent(), QAbstractScrollArea):
                assert shows_whole_text(widget), (widget.text(), widget.width())
    finally:
        window.context.close()


def waiting_pages(window: MainWindow, folder: Path) -> str:
    """Three ballots of a confidence poll of their own scanned into the demo: one with a faint dot, one with a
    circled box and one with a signature wait for a person. The poll's code."""
    from app.printing.layout import template
    from app.rules.model import Ballot, PollKind
    from app.services import polls, printing
    from app.services.spec import ItemSpec, PollSpec
    from benchmarks import penmarks
    from benchmarks.filled import filled_sheets

    spec = PollSpec(
        code="tin-nhiem-ubkt",
        kind=PollKind.CONFIDENCE,
        profile="party-confidence",
        title="Lấy phiếu tín nhiệm Ủy ban Kiểm tra Đảng ủy xã năm 2025",
        seats=0,
        items=(
            ItemSpec("Lê Văn Cường", 1975, "Chủ nhiệm Ủy ban Kiểm tra"),
            ItemSpec("Bùi Quang Huy", 1980, "Phó Chủ nhiệm Ủy ban Kiểm tra"),
            ItemSpec("Đào Văn Nam", 1984, "Ủy viên Ủy ban Kiểm tra"),
        ),
    )
    meeting_file = window.context.meeting_file
    assert meeting_file is not None
    window.context.write(lambda s: polls.add_poll(s, spec, actor="t"))
    empty = Ballot(key="", choices=(frozenset(), frozenset(), frozenset()))
    sheets = filled_sheets(meeting_file, spec.code, [empty] * 3, folder)
    page = template(spec.code, "A4", window.context.read(lambda s: printing.poll_layout(s, spec.code, "A4"))[1])
    boxes = {(r["row"], r["col"]): r["rect"] for r in page["pages"][0]["regions"] if r["kind"] == "box"}
    rng = random.Random(4)
    scans = folder / "may-quet"
    scans.mkdir()
    for n, (_, images) in enumerate(sheets):
        image = images[0]
        hand = penmarks.Hand(0.5, 40, 0.1)
        for row in (1, 2, 3):
            style = "faint_dot" if (n, row) == (0, 2) else "circled" if (n, row) == (1, 3) else "cross"
            penmarks.draw_box(image, boxes[(row, (row + n) % 3 + 1)], 200, style, hand, rng)
        if n == 2:
            penmarks.draw_signature(image, page["pages"][0], 200, hand, rng)
        image.save(scans / f"quet-{n + 1:03d}.png", dpi=(200, 200))
    return spec.code


def wholly_in_view(widget: QWidget, scroller: QScrollArea) -> bool:
    """Whether all of `widget` lies inside the visible part of the main area."""
    viewport = scroller.viewport()
    corner = widget.mapTo(viewport, widget.rect().topLeft())
    return viewport.rect().contains(QRect(corner, widget.size()))


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_the_scan_review_fits_with_a_page_shown(
    app_in: Callable[[str], object],
    qtbot: object,
    demo_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    language: str,
) -> None:
    """Quét phiếu, Hàng chờ người xem, with a page waiting: the screen fits a 768-px window without scrolling
    the main area; the page picture shrinks to its room, whole, and the decision controls stay in view (the
    confirm button was below the window's edge at 1366×768 and 1024×768)."""
    from ui.screens import scanning as scanning_module
    from ui.screens.scanning import ScanningScreen

    monkeypatch.setattr(scanning_module, "WORKERS", 1)
    window = window_in(app_in, language, demo_path, qtbot)
    try:
        code = waiting_pages(window, tmp_path)
        window.resize(*size)
        screen = next(s for s in window.screens if isinstance(s, ScanningScreen))
        window.context.select_poll(code)
        window.go_to(window.screens.index(screen))
        screen.scan([tmp_path / "may-quet"])
        settle()
        assert screen.tabs.currentIndex() == 1
        assert screen.queue_list.count() >= 2
        for row in range(screen.queue_list.count()):
            screen.queue_list.setCurrentRow(row)
            settle()
            assert_fits(window, row)
            scroller = window.stack.currentWidget()
            assert isinstance(scroller, QScrollArea)
            for widget in (screen.confirm_button, screen.invalid_edit, screen.cells_table, screen.crop_label):
                assert wholly_in_view(widget, scroller), (row, widget)
            # The whole page is drawn inside its frame: no scrolling inside the picture either.
            picture = screen.page_view
            assert picture.drawn().width() <= picture.width()
            assert picture.drawn().height() <= picture.height()
            assert picture.drawn().height() >= 300, picture.drawn()  # still a page one can look at
            assert wholly_in_view(picture, scroller)
    finally:
        window.context.close()


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


def _each_poll_tab_at_1024(window: MainWindow) -> Iterator[tuple[str, int]]:
    """The poll editor in a 1024×768 window, showing each poll's each tab in turn: (poll code, tab)."""
    from ui.screens.polls import PollsScreen

    window.resize(1024, 768)
    screen = next(s for s in window.screens if isinstance(s, PollsScreen))
    window.go_to(window.screens.index(screen))
    for poll in window.context.polls():
        window.context.select_poll(poll.code)
        settle()
        for tab in range(screen.tabs.count()):
            screen.tabs.setCurrentIndex(tab)
            settle()
            yield poll.code, tab


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_poll_editor_fits_1024_for_every_kind_of_poll(
    app_in: Callable[[str], object], qtbot: object, demo_path: Path, language: str
) -> None:
    """Each poll kind brings its own fields (criteria, levels…) and tabs: none is cut on the right of a 1024-px
    window, and none makes the screen scroll sideways."""

    window = window_in(app_in, language, demo_path, qtbot)
    try:
        for poll, tab in _each_poll_tab_at_1024(window):
            assert_fits(window, (poll, tab))
    finally:
        window.context.close()


def test_a_window_manager_frame_known_only_after_showing_is_fitted_then(qtbot: object) -> None:
    """Under a real window manager (the walk, Xvfb + openbox) the title bar is known only once the window is on
    the screen: the first start put a 768-px window below a 20-px title bar and its status bar off the screen.
    Offscreen Qt draws no frame, so the test gives the window one the way the window manager does: late."""
    window = MainWindow()
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    free = window.screen().availableGeometry()
    framed = {"on": False}
    real_frame = window.frameGeometry

    def frame() -> QRect:  # a 20-px title bar and 1-px borders, once the window manager has framed the window
        inner = window.geometry()
        return inner.adjusted(-1, -21, 1, 1) if framed["on"] else real_frame()

    window.frameGeometry = frame  # type: ignore[method-assign]
    window.resize(free.width(), free.height())
    window.show()
    framed["on"] = True
    qtbot.wait(1200)  # type: ignore[attr-defined]
    # The framed window is no larger than the screen's free area: moved inside it, its status bar is in view.
    assert frame().height() <= free.height(), (free, frame())
    assert frame().width() <= free.width(), (free, frame())


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_poll_editor_lists_show_their_column_labels_whole_at_1024(
    app_in: Callable[[str], object], qtbot: object, demo_path: Path, language: str
) -> None:
    """#17: at 1024 px the list's widest label ("Chức vụ, đơn vị công tác") had 90 px and was cut at both ends.
    Every label of every list of the poll editor shows all its words: wrapped at its column's width, each line
    fits the column and the header is tall enough for all of its lines."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QStyle

    from ui.screens.polls import PollsScreen
    from ui.widgets import RowTableView

    window = window_in(app_in, language, demo_path, qtbot)
    try:
        wrapped = 0
        screen = next(s for s in window.screens if isinstance(s, PollsScreen))
        for poll, tab in _each_poll_tab_at_1024(window):
            for view in screen.findChildren(RowTableView):
                if not view.isVisible():
                    continue
                header = view.horizontalHeader()
                margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
                metrics = header.fontMetrics()
                for section in range(header.count()):
                    text = str(view.model().headerData(section, Qt.Orientation.Horizontal))
                    room = header.sectionSize(section) - 2 * margin
                    flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
                    needed = metrics.boundingRect(QRect(0, 0, room, 10_000), flags, text)
                    where = (poll, tab, text, header.sectionSize(section), header.height())
                    assert needed.width() <= room, where  # no word wider than its column
                    assert needed.height() + 2 * margin <= header.height(), where  # every line shown
                    assert header.defaultAlignment() & Qt.TextFlag.TextWordWrap, where
                    wrapped += needed.height() > metrics.height()
        assert wrapped > 0  # the 1024-px window does squeeze a label (else this test tests nothing)
    finally:
        window.context.close()
