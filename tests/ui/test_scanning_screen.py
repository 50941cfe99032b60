"""The scanning screen: scan a folder, see each page's outcome, decide the uncertain pages from the keyboard."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.printing.layout import template
from app.rules.model import Ballot
from app.services import ballots, closing, printing, scanning
from app.store.orm import ScannedPage
from benchmarks import penmarks
from benchmarks.filled import filled_sheets
from ui.context import MeetingContext
from ui.screens import scanning as screen_module
from ui.screens.scanning import ScanningScreen


@pytest.fixture
def scan_context(example_meeting, tmp_path: Path) -> Iterator[tuple[MeetingContext, Path, list[str]]]:
    """A confidence poll with three sheets scanned: one clear, one with a faint dot, one with handwriting elsewhere."""
    empty = Ballot(key="", choices=(frozenset(), frozenset(), frozenset()))
    sheets = filled_sheets(example_meeting, "tin-nhiem", [empty] * 3, tmp_path)
    with example_meeting.reading() as session:
        _, layout = printing.poll_layout(session, "tin-nhiem", "A4")
    page = template("tin-nhiem", "A4", layout)["pages"][0]
    boxes = {(r["row"], r["col"]): r["rect"] for r in page["regions"] if r["kind"] == "box"}
    rng = random.Random(7)
    hand = penmarks.Hand(0.5, 30, 0.05)
    folder = tmp_path / "quet"
    folder.mkdir()
    for n, (_, images) in enumerate(sheets):
        image = images[0]
        for row in (1, 2, 3):
            style = "faint_dot" if (n, row) == (1, 2) else "cross"
            penmarks.draw_box(image, boxes[(row, 2)], 200, style, hand, rng)
        image.save(folder / f"p{n + 1}.png", dpi=(200, 200))
    path = example_meeting.path
    example_meeting.close()
    ctx = MeetingContext()
    ctx.operator = "Lê Thị Mai"
    ctx.open(path)
    ctx.select_poll("tin-nhiem")
    yield ctx, folder, [s for s, _ in sheets]
    ctx.close()


def test_scanning_a_folder_counts_the_clear_pages_and_queues_the_faint_one(qtbot, scan_context, monkeypatch) -> None:
    ctx, folder, serials = scan_context
    monkeypatch.setattr(screen_module, "WORKERS", 1)
    screen = ScanningScreen(ctx)
    qtbot.addWidget(screen)
    screen.refresh()
    ctx.changed.connect(screen.refresh)
    screen.scan([folder])
    table = screen.pages_table
    assert table.rowCount() == 3
    outcomes = [table.item(r, 3).text() for r in range(3)]
    assert outcomes == ["đọc được, đã tính", "cần người xem", "đọc được, đã tính"]
    assert "đã tính 2 phiếu" in screen.totals_label.text()
    assert screen.tabs.currentIndex() == 1  # straight to the queue
    assert screen.queue_list.count() == 1
    assert serials[1] in screen.queue_list.item(0).text()
    # The uncertain cell comes first, its crop is shown, and X marks it from the keyboard.
    cells = screen.cells_table
    assert cells.item(0, 0).text().startswith("Dòng 2")
    assert not screen.crop_label.pixmap().isNull()
    assert cells.item(0, 2).checkState() == Qt.CheckState.Unchecked
    cells.setFocus()
    qtbot.keyClick(cells, Qt.Key.Key_X)
    assert cells.item(0, 2).checkState() == Qt.CheckState.Checked
    qtbot.keyClick(cells, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert screen.queue_list.count() == 0
    with ctx.meeting_file.reading() as session:  # type: ignore[union-attr]
        stored = ballots.ballot_by_key(session, code="tin-nhiem", key=serials[1])
        assert stored.choices == (frozenset({2}), frozenset({2}), frozenset({2}))
        assert "scan_review" not in {p.code for p in closing.check_gate(session, "tin-nhiem")}


def test_the_bulk_view_clears_one_option_across_pages(qtbot, scan_context, monkeypatch) -> None:
    ctx, folder, serials = scan_context
    monkeypatch.setattr(screen_module, "WORKERS", 1)
    screen = ScanningScreen(ctx)
    qtbot.addWidget(screen)
    screen.refresh()
    ctx.changed.connect(screen.refresh)
    screen.scan([folder])
    assert screen.option_box.count() == 1
    assert "Tín nhiệm" in screen.option_box.itemText(0)
    assert len(screen.crop_boxes) == 1
    crop, check = screen.crop_boxes[0]
    assert crop.serial == serials[1]
    check.setChecked(False)  # looked at it: a speck, not a mark
    screen._apply_bulk()
    with ctx.meeting_file.reading() as session:  # type: ignore[union-attr]
        stored = ballots.ballot_by_key(session, code="tin-nhiem", key=serials[1])
        assert stored.choices == (frozenset({2}), frozenset(), frozenset({2}))
        assert scanning.review_queue(session) == []


def test_an_unreadable_page_is_set_aside_by_the_head_with_a_reason(qtbot, scan_context, monkeypatch, tmp_path) -> None:
    from PIL import Image, ImageDraw

    ctx, _, _ = scan_context
    monkeypatch.setattr(screen_module, "WORKERS", 1)
    page = Image.new("L", (1654, 2339), 250)
    ImageDraw.Draw(page).text((200, 200), "ghi chep", fill=0)
    ImageDraw.Draw(page).rectangle((300, 400, 1300, 1200), outline=0, width=10)
    page.save(tmp_path / "nhap.png")
    screen = ScanningScreen(ctx)
    qtbot.addWidget(screen)
    ctx.changed.connect(screen.refresh)
    screen.scan([tmp_path / "nhap.png"])
    assert screen.queue_list.count() == 1
    assert not screen.confirm_button.isEnabled()  # nothing to decide cell by cell
    monkeypatch.setattr(
        "ui.screens.scanning.QInputDialog.getText", lambda *a, **k: ("giấy nháp của thư ký, không phải phiếu", True)
    )
    screen._dismiss()
    assert screen.queue_list.count() == 0
    with ctx.meeting_file.reading() as session:  # type: ignore[union-attr]
        assert scanning.review_queue(session) == []


def test_watching_the_scanner_folder_reads_files_once_they_stop_growing(
    qtbot, scan_context, monkeypatch, tmp_path
) -> None:
    import shutil

    ctx, folder, _ = scan_context
    monkeypatch.setattr(screen_module, "WORKERS", 1)
    inbox = tmp_path / "hop-may-quet"
    inbox.mkdir()
    monkeypatch.setattr("ui.screens.scanning.QFileDialog.getExistingDirectory", lambda *a, **k: str(inbox))
    screen = ScanningScreen(ctx)
    qtbot.addWidget(screen)
    ctx.changed.connect(screen.refresh)
    screen.watch_button.setChecked(True)
    assert screen.watch_timer.isActive()
    assert "hop-may-quet" in screen.watch_button.text()
    shutil.copyfile(folder / "p1.png", inbox / "p1.png")
    screen._watch_tick()  # first look: the file may still be growing
    assert screen.pages_table.rowCount() == 0
    screen._watch_tick()  # unchanged since: taken
    assert screen.pages_table.rowCount() == 1
    assert screen.pages_table.item(0, 3).text() == "đọc được, đã tính"
    screen._watch_tick()  # never read twice
    assert "p1.png" in screen.pages_table.item(0, 0).text()
    screen.watch_button.setChecked(False)
    assert not screen.watch_timer.isActive()


def test_cancelling_a_scan_keeps_the_pages_already_stored_and_the_screen_usable(
    qtbot, scan_context, monkeypatch
) -> None:
    from ui import workers

    ctx, folder, _ = scan_context
    monkeypatch.setattr(screen_module, "WORKERS", 1)
    real = workers.run_in_background

    def cancel_after_first_page(parent, fn, on_success, on_failure=None, **kwargs):
        def first_page_then_stop(job):
            original = job.progress

            def progress(done, total, text=""):
                job.cancel()  # the user presses Hủy while the first page is being stored
                original(done, total, text)

            job.progress = progress
            return fn(job)

        return real(parent, first_page_then_stop, on_success, on_failure, **kwargs)

    monkeypatch.setattr(screen_module, "run_in_background", cancel_after_first_page)
    screen = ScanningScreen(ctx)
    qtbot.addWidget(screen)
    ctx.changed.connect(screen.refresh)
    screen.scan([folder])
    assert screen.pages_table.rowCount() == 1
    assert "Đã dừng theo yêu cầu" in screen.totals_label.text()
    with ctx.meeting_file.reading() as session:  # type: ignore[union-attr]
        assert len(session.scalars(select(ScannedPage)).all()) == 1
    monkeypatch.setattr(screen_module, "run_in_background", real)
    screen.scan([folder])  # not stuck: the rest is read, the first page is a duplicate
    outcomes = [screen.pages_table.item(r, 3).text() for r in range(screen.pages_table.rowCount())]
    assert outcomes[0] == "trùng"
    assert len(outcomes) == 3


def test_before_any_scan_the_screen_says_what_the_file_already_holds(qtbot, scan_context, monkeypatch) -> None:
    ctx, folder, _ = scan_context
    screen = ScanningScreen(ctx)
    qtbot.addWidget(screen)
    screen.refresh()
    assert screen.totals_label.text() == "Chưa quét trang nào vào tệp hội nghị này."
    scanning.scan_files(ctx.meeting_file, [folder], operator="may-khac")  # type: ignore[arg-type]
    fresh = ScanningScreen(ctx)
    qtbot.addWidget(fresh)
    fresh.refresh()
    assert fresh.totals_label.text() == "Tệp hội nghị đã có 3 trang quét (đã tính: 2; chờ người xem: 1)."


def test_the_head_sets_aside_a_whole_file_of_non_ballots(qtbot, scan_context, monkeypatch, tmp_path) -> None:
    """#15: a file of pages that are not ballots leaves every page in the queue; one action sets them aside."""
    from PIL import Image, ImageDraw

    ctx, _, _ = scan_context
    monkeypatch.setattr(screen_module, "WORKERS", 1)
    pages = []
    for n in range(3):
        page = Image.new("L", (1654, 2339), 250)
        ImageDraw.Draw(page).text((200, 200 + 40 * n), f"trang nhap {n}", fill=0)
        ImageDraw.Draw(page).rectangle((300, 400, 1300, 1200 + 50 * n), outline=0, width=10)
        pages.append(page)
    pages[0].save(tmp_path / "nham.tif", save_all=True, append_images=pages[1:])
    screen = ScanningScreen(ctx)
    qtbot.addWidget(screen)
    ctx.changed.connect(screen.refresh)
    screen.scan([tmp_path / "nham.tif"])
    assert screen.queue_list.count() == 3
    assert screen.dismiss_file_button.isEnabled()
    asked: list[str] = []
    monkeypatch.setattr(
        "ui.screens.scanning.QInputDialog.getText",
        lambda parent, title, label, *a, **k: (asked.append(label), ("quét nhầm tập giấy nháp", True))[1],
    )
    screen.dismiss_file_button.click()
    assert "nham.tif" in asked[0]
    assert screen.queue_list.count() == 0
    assert not screen.dismiss_file_button.isEnabled()
    with ctx.meeting_file.reading() as session:  # type: ignore[union-attr]
        assert scanning.review_queue(session) == []
        statuses = session.scalars(select(ScannedPage.status).where(ScannedPage.file_name == "nham.tif")).all()
    assert statuses == ["dismissed"] * 3


def test_a_score_typed_in_the_review_table_is_a_whole_or_half_point_never_rounded(qtbot, context) -> None:
    """#15: the review table read "8,3" as 8,5 (as `review --set` did); it now uses the one parser of points and
    refuses what is not a whole or half point, saying so."""
    from PySide6.QtWidgets import QTableWidgetItem

    from app.errors import KiemPhieuError

    screen = ScanningScreen(context)
    qtbot.addWidget(screen)
    table = screen.cells_table
    table.setRowCount(1)
    where = QTableWidgetItem("Người 1 · tiêu chí 2")
    where.setData(Qt.ItemDataRole.UserRole, ("score", 1, 2))
    table.setItem(0, 0, where)
    table.setItem(0, 2, QTableWidgetItem("8,5"))
    assert screen.decisions() == {("score", 1, 2): 17}
    table.item(0, 2).setText("8.0")
    assert screen.decisions() == {("score", 1, 2): 16}
    table.item(0, 2).setText("")
    assert screen.decisions() == {("score", 1, 2): None}  # left blank
    for typed in ("8,3", "1e308", "nan", "8,25"):
        table.item(0, 2).setText(typed)
        with pytest.raises(KiemPhieuError) as refused:
            screen.decisions()
        assert str(refused.value) == (
            f"Điểm “{typed}” ở Người 1 · tiêu chí 2 không phải điểm nguyên hoặc nửa điểm (ví dụ 8 hoặc 8,5): hãy gõ "
            "lại, chương trình không làm tròn."
        )


def test_a_review_decision_is_written_on_the_writer_thread_and_the_queue_follows(
    qtbot, scan_context, monkeypatch
) -> None:
    """#17: Ctrl+Enter's decision goes through the operations layer: written off the UI thread, then announced, and
    the queue read again; a refusal is said in Vietnamese, never a traceback."""
    import threading

    from app.services.scanning import review
    from ui import workers

    ctx, folder, serials = scan_context
    monkeypatch.setattr(screen_module, "WORKERS", 1)
    screen = ScanningScreen(ctx)
    qtbot.addWidget(screen)
    screen.refresh()
    ctx.changed.connect(screen.refresh)
    screen.scan([folder])
    assert screen.queue_list.count() == 1
    threads: list[threading.Thread] = []
    decide = review.decide

    def recorded(*args, **kwargs):
        threads.append(threading.current_thread())
        return decide(*args, **kwargs)

    monkeypatch.setattr(review, "decide", recorded)
    queue_reads: list[threading.Thread] = []
    queue = review.review_queue

    def queue_recorded(*args, **kwargs):
        queue_reads.append(threading.current_thread())
        return queue(*args, **kwargs)

    monkeypatch.setattr(review, "review_queue", queue_recorded)
    said: list[str] = []
    monkeypatch.setattr("ui.ops.show_error", lambda _parent, exc: said.append(str(exc)))
    workers.set_synchronous(False)
    try:
        decided = screen.shown
        screen.cells_table.setFocus()
        qtbot.keyClick(screen.cells_table, Qt.Key.Key_X)
        qtbot.keyClick(screen.cells_table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: screen.queue_list.count() == 0, timeout=10_000)
        assert len(threads) == 1
        assert threads[0] is not threading.main_thread()
        assert queue_reads  # the queue was read again after the change, off the UI thread too
        assert threading.main_thread() not in queue_reads
        # The page decided is set aside again: refused, in Vietnamese.
        monkeypatch.setattr("ui.screens.scanning.QInputDialog.getText", lambda *a, **k: ("quét lại", True))
        monkeypatch.setattr(ScanningScreen, "ask_head_pin", lambda self: (True, None))
        screen.shown = decided
        screen._dismiss()
        qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    finally:
        workers.wait_for_all()
        workers.set_synchronous(True)
    assert said == ["Trang 1 của p2.png không chờ người xem."]
    with ctx.meeting_file.reading() as session:  # type: ignore[union-attr]
        stored = ballots.ballot_by_key(session, code="tin-nhiem", key=serials[1])
        assert stored.choices == (frozenset({2}), frozenset({2}), frozenset({2}))


def test_a_page_chosen_for_review_is_read_off_the_ui_thread(qtbot, scan_context, monkeypatch) -> None:
    """#17: the page's row and its picture are read in the background; meanwhile nothing can be decided on it."""
    import threading

    from ui import workers

    ctx, folder, _serials = scan_context
    monkeypatch.setattr(screen_module, "WORKERS", 1)
    screen = ScanningScreen(ctx)
    qtbot.addWidget(screen)
    screen.refresh()
    ctx.changed.connect(screen.refresh)
    screen.scan([folder])
    assert screen.queue_list.count() == 1
    seen: list[str] = []
    real_page, real_image = scanning.review.review_page, screen_module.page_image

    def spy_page(*args, **kwargs):
        seen.append(threading.current_thread().name)
        return real_page(*args, **kwargs)

    def spy_image(*args, **kwargs):
        seen.append(threading.current_thread().name)
        return real_image(*args, **kwargs)

    monkeypatch.setattr(scanning.review, "review_page", spy_page)
    monkeypatch.setattr(screen_module, "page_image", spy_image)
    workers.set_synchronous(False)
    try:
        screen.queue_list.setCurrentRow(-1)
        screen.queue_list.setCurrentRow(0)
        assert screen.shown is None  # not yet read: the page before cannot be decided meanwhile
        assert not screen.confirm_button.isEnabled()
        qtbot.waitUntil(lambda: screen.shown is not None, timeout=10_000)
    finally:
        workers.wait_for_all()
        workers.set_synchronous(True)
    assert len(seen) == 2
    assert threading.main_thread().name not in seen
    assert screen.cells_table.rowCount() > 0
    assert screen.confirm_button.isEnabled()
    assert not screen.crop_label.pixmap().isNull()


def test_the_bulk_views_crops_are_read_off_the_ui_thread(qtbot, scan_context, monkeypatch) -> None:
    """#17: an option's undecided cells, their pages and the pictures the crops are cut from are read in the
    background; until they are shown the bulk decision is off (it would decide nothing, or the option before)."""
    import threading

    from ui import workers

    ctx, folder, serials = scan_context
    monkeypatch.setattr(screen_module, "WORKERS", 1)
    screen = ScanningScreen(ctx)
    qtbot.addWidget(screen)
    screen.refresh()
    ctx.changed.connect(screen.refresh)
    screen.scan([folder])
    assert screen.option_box.count() == 1
    seen: list[bool] = []
    real_cells, real_page, real_image = (
        scanning.review.option_cells,
        scanning.review.review_page,
        screen_module.page_image,
    )

    def spy(real):
        def call(*args, **kwargs):
            seen.append(threading.current_thread() is threading.main_thread())
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(scanning.review, "option_cells", spy(real_cells))
    monkeypatch.setattr(scanning.review, "review_page", spy(real_page))
    monkeypatch.setattr(screen_module, "page_image", spy(real_image))
    workers.set_synchronous(False)
    try:
        screen._show_crops()
        assert not screen.crop_boxes  # not yet read
        assert not screen.mark_selected.isEnabled()
        qtbot.waitUntil(lambda: bool(screen.crop_boxes), timeout=10_000)
    finally:
        workers.wait_for_all()
        workers.set_synchronous(True)
    assert len(seen) == 3
    assert not any(seen)  # never on the UI thread
    assert screen.mark_selected.isEnabled()
    crop, _check = screen.crop_boxes[0]
    assert crop.serial == serials[1]


def test_the_queue_keys_reach_the_table_from_the_focus(qtbot, scan_context, monkeypatch) -> None:
    """README, the review queue: ↑/↓ choose a box, X or the space bar turns its mark on or off, Ctrl+Enter confirms
    the page — each key pressed on whatever has the focus after the scan (#17), as a person's keyboard sends it."""
    from tests.ui.entry_helpers import key

    ctx, folder, serials = scan_context
    monkeypatch.setattr(screen_module, "WORKERS", 1)
    screen = ScanningScreen(ctx)
    qtbot.addWidget(screen)
    ctx.changed.connect(screen.refresh)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.refresh()
    screen.scan([folder])
    assert screen.queue_list.count() == 1
    # The reading showed its progress box; closing it, a window manager hands the window back its activation
    # (the offscreen platform does not: done here, as the window manager would).
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    cells = screen.cells_table
    qtbot.waitUntil(lambda: QApplication.focusWidget() is cells)  # the queue gives the keyboard to the boxes
    assert cells.rowCount() >= 2
    assert cells.currentRow() == 0
    first = cells.item(0, 0).text()
    assert first.startswith("Dòng 2")
    key(Qt.Key.Key_Down)
    assert cells.currentRow() == 1
    assert cells.item(1, 0).text() != first
    key(Qt.Key.Key_Up)
    assert cells.currentRow() == 0
    assert cells.item(0, 2).checkState() == Qt.CheckState.Unchecked
    key(Qt.Key.Key_X)
    assert cells.item(0, 2).checkState() == Qt.CheckState.Checked
    key(Qt.Key.Key_Space)
    assert cells.item(0, 2).checkState() == Qt.CheckState.Unchecked
    key(Qt.Key.Key_Space)
    assert cells.item(0, 2).checkState() == Qt.CheckState.Checked
    key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert screen.queue_list.count() == 0
    with ctx.meeting_file.reading() as session:  # type: ignore[union-attr]
        stored = ballots.ballot_by_key(session, code="tin-nhiem", key=serials[1])
        assert stored.choices == (frozenset({2}), frozenset({2}), frozenset({2}))
