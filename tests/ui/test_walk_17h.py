"""#17 (the counting-day walk repeated in a real window, walk 17h): what it found."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from app import clock
from app.store import sharing
from tests.ui.entry_helpers import focus_in
from ui.errors import sentence
from ui.main_window import MainWindow


def test_a_refusal_that_starts_with_the_file_name_keeps_the_name_as_it_is_spelt(
    qtbot, demo_path: Path, monkeypatch
) -> None:
    """The walk opened a file another window had open (Ctrl+O): the refusal began 'Hn1.kiemphieu: …' for the file
    hn1.kiemphieu — the message box's capital went onto the file name, which is another file's on Linux."""
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        sharing.marker_path(demo_path).write_text(
            json.dumps({"may": sharing.computer(), "mo": "ab12", "pid": other.pid, "luc": clock.now().isoformat()}),
            encoding="utf-8",
        )
        messages: list[str] = []
        monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *args: messages.append(text))
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(demo_path), ""))
        win = MainWindow()
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        qtbot.keyClick(focus_in(qtbot, win), Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
        assert not win.context.is_open
        assert len(messages) == 1
        assert messages[0].startswith(f"{demo_path.name}: tệp đang được mở để ghi"), messages[0]
    finally:
        other.kill()
        other.wait()


def test_a_sentence_starts_with_a_capital_unless_it_starts_with_a_file_name() -> None:
    assert sentence("phiếu số AB12C-DE34F đã được nhập lúc 08:00") == "Phiếu số AB12C-DE34F đã được nhập lúc 08:00"
    assert sentence("mã kiểm tra 'X' sai (gõ nhầm)") == "Mã kiểm tra 'X' sai (gõ nhầm)"
    assert sentence("hn1.kiemphieu: tệp chỉ cho đọc.") == "hn1.kiemphieu: tệp chỉ cho đọc."
    assert sentence("danh-sach.xlsx: không phải tệp Excel .xlsx hợp lệ.") == (
        "danh-sach.xlsx: không phải tệp Excel .xlsx hợp lệ."
    )
    assert sentence("anh-quet.pdf, trang 3: ảnh bị cắt dở.") == "anh-quet.pdf, trang 3: ảnh bị cắt dở."
    assert sentence("/tmp/x: thư mục không tồn tại.") == "/tmp/x: thư mục không tồn tại."
    assert sentence("") == ""


def test_the_grid_entry_hint_names_the_columns_in_english_in_the_english_ui(
    app_in: object, qtbot, demo_path: Path, questions: list[str]
) -> None:
    """The walk in English: the confidence poll's table said 'High confidence / Confidence / Low confidence' over
    its columns and, under it, 'One key per row: 1 = Tín nhiệm cao, 2 = Tín nhiệm, 3 = Tín nhiệm thấp'."""
    from ui.screens.entry import EntryScreen

    app_in("en")  # type: ignore[operator]
    window = MainWindow()
    qtbot.addWidget(window)
    window.context.operator = "Tester"
    window.context.open(demo_path)
    try:
        window.show()
        qtbot.waitExposed(window)
        qtbot.keyClick(focus_in(qtbot, window), Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
        entry = next(s for s in window.screens if isinstance(s, EntryScreen))
        qtbot.waitUntil(lambda: window.pages.currentWidget() is window.work and entry.isVisible())
        for code, words, vietnamese in (
            ("tin-nhiem", ["1 = High confidence", "2 = Confidence", "3 = Low confidence"], "Tín nhiệm"),
            ("danh-gia", ["1 = Excellently fulfilled duties", "4 = Did not fulfil duties"], "Hoàn thành"),
        ):
            window.context.select_poll(code)
            qtbot.waitUntil(lambda code=code: entry.code == code and entry.editor is not None, timeout=10_000)
            entry.scan.setFocus()
            qtbot.waitUntil(lambda: QApplication.focusWidget() is entry.scan)
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
            qtbot.waitUntil(lambda: entry.editor is not None and entry.editor.isEnabled(), timeout=10_000)
            hint = entry.editor.help.text()  # type: ignore[union-attr]
            assert hint.startswith("One key per row:"), hint
            for word in words:
                assert word in hint, hint
            assert vietnamese not in hint, hint
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    finally:
        window.context.close()


def test_the_new_poll_title_example_follows_the_kind_chosen(qtbot) -> None:
    """The walk added a confidence poll: its title field still offered 'Bầu Ban Chấp hành Đảng bộ … khóa …' as the
    example, an election's title."""
    from ui.screens.polls import AddPollDialog

    dialog = AddPollDialog(set())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.kind.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.kind)
    assert dialog.title_edit.placeholderText().startswith("Bầu Ban Chấp hành")
    seen = {dialog.kind_value(): dialog.title_edit.placeholderText()}
    for _ in range(dialog.kind.count() - 1):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
        seen[dialog.kind_value()] = dialog.title_edit.placeholderText()
    assert seen["confidence"].startswith("Lấy phiếu tín nhiệm"), seen
    assert seen["evaluation"].startswith("Đánh giá, xếp loại"), seen
    assert seen["motion"].startswith("Biểu quyết"), seen
    assert len(set(seen.values())) == len(seen), seen  # one example for each kind


def test_a_wide_window_with_a_narrow_left_column_keeps_the_poll_titles_readable(window: MainWindow, qtbot) -> None:
    """The walk closed a 900-px window and opened the next one 1366 px wide: the left column kept the quarter of the
    small window (225 px) and the poll list, the window being wide, kept its status column — the titles were one
    word a line and the header read 'ội dun'. Now a wider window gives the column back the width a narrow one took,
    after a restart too, and a list narrowed by hand drops its status column, however wide the window."""
    from ui.models import PollTableModel

    view = window.poll_view
    window.resize(900, 640)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    assert window.work.sizes()[0] <= 225
    window.resize(1366, 768)
    QApplication.processEvents()
    assert window.work.sizes()[0] == 330
    assert not view.isColumnHidden(PollTableModel.COL_STATUS)
    assert view.columnWidth(PollTableModel.COL_TITLE) >= 150, view.columnWidth(PollTableModel.COL_TITLE)

    window.work.setSizes([225, window.width() - 225])  # the user drags the split: a narrow list on a wide window
    window.work.splitterMoved.emit(225, 1)
    QApplication.processEvents()
    assert view.isColumnHidden(PollTableModel.COL_STATUS)
    assert view.columnWidth(PollTableModel.COL_TITLE) >= 120, view.columnWidth(PollTableModel.COL_TITLE)
    window.resize(1360, 768)
    QApplication.processEvents()
    assert window.work.sizes()[0] == 225  # chosen by hand: it stays
    window.work.setSizes([340, window.width() - 340])
    window.work.splitterMoved.emit(340, 1)
    QApplication.processEvents()
    assert not view.isColumnHidden(PollTableModel.COL_STATUS)

    window.resize(900, 640)  # closed while small: the next start, on a wide screen, gives the column back
    QApplication.processEvents()
    window.save_window_state()
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    second.resize(1366, 768)
    QApplication.processEvents()
    assert second.work.sizes()[0] >= 300, second.work.sizes()
    assert not second.poll_view.isColumnHidden(PollTableModel.COL_STATUS)


def test_ctrl_z_with_nothing_to_take_back_is_not_titled_as_a_refused_ballot(
    window: MainWindow, qtbot, monkeypatch
) -> None:
    """The walk pressed Ctrl+Z on a poll just reopened: 'Chỉ hoàn tác được phiếu vừa ghi…' came in a box titled
    'Không nhận phiếu này' (this ballot is not accepted) — no ballot was offered; the undo was refused."""
    from tests.ui.entry_helpers import entry_screen

    boxes: list[tuple[str, str]] = []
    monkeypatch.setattr(QApplication, "beep", lambda: None)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append((box.windowTitle(), box.text())) or 0)
    screen = entry_screen(window, "bch")
    qtbot.waitUntil(lambda: screen.editor is not None, timeout=10_000)
    screen.scan.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.scan)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(boxes), timeout=10_000)
    title, text = boxes[0]
    assert text.startswith("Chỉ hoàn tác được phiếu vừa ghi"), text
    assert title == "Không hoàn tác được", title


def test_more_ballots_entered_than_collected_is_said_in_words_not_as_a_negative_count(
    window: MainWindow, qtbot
) -> None:
    """The walk entered an eleventh ballot on a poll whose committee had counted 10 collected: the counters read
    'Đã nhập 11 / thu về 10 (còn -1)'."""
    from app.services.polls import get_poll
    from app.services.tallying import tally_json, tally_poll
    from tests.ui.entry_helpers import entry_screen

    entered = int(window.context.read(lambda s: tally_json(tally_poll(s, "bch")))["entered"])

    def fewer(session) -> None:
        get_poll(session, "bch").collected = entered - 1  # setting up the state only

    window.context.write(fewer)
    screen = entry_screen(window, "bch")
    qtbot.waitUntil(lambda: f"Đã nhập <b>{entered}</b>" in screen.counters.text(), timeout=10_000)
    text = screen.counters.text()
    assert "-1" not in text, text
    assert "thừa <b>1</b>" in text, text


def test_the_pass_comparison_names_a_ballot_as_printed_on_the_sheet(window: MainWindow, qtbot, monkeypatch) -> None:
    """The ballots whose passes disagree are looked up on paper: by the serial as printed (ABCDE-FGHIJ)."""
    from app.services import passes
    from tests.ui.entry_helpers import entry_screen

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text() + "\n" + box.detailedText()) or 0)
    screen = entry_screen(window, "bch")
    mismatch = passes.Mismatch(key="DCK34QA7LE", entries=((1, '{"struck": [1]}'), (2, None)))
    screen._show_mismatches([mismatch])
    assert shown
    assert "DCK34-QA7LE" in shown[0], shown[0]
    assert "DCK34QA7LE" not in shown[0], shown[0]


def test_the_file_and_operator_come_back_to_the_status_bar_after_a_passing_message(window: MainWindow, qtbot) -> None:
    """The walk saw 'Tệp: … Người thao tác: …' gone for good after 'Đã lưu biên bản (bản số 1).' (a message of 8 s):
    the line was itself a message, and the passing one left the bar blank — who is keying is on every save."""
    from ui.screens.committee import CommitteeScreen

    window.show()
    qtbot.waitExposed(window)
    bar = window.statusBar()

    def file_line_shown() -> bool:
        texts = [label.text() for label in bar.findChildren(QLabel) if label.isVisible()]
        return any("Người thao tác: Người kiểm thử" in text for text in [*texts, bar.currentMessage()])

    qtbot.waitUntil(file_line_shown, timeout=5_000)
    screen = next(s for s in window.screens if isinstance(s, CommitteeScreen))
    window.go_to(window.screens.index(screen))
    screen.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bar.currentMessage() == "Không có thay đổi để ghi.", timeout=5_000)
    bar.clearMessage()  # the message's time is up
    assert file_line_shown(), [label.text() for label in bar.findChildren(QLabel)]


def test_a_long_file_path_in_the_status_bar_does_not_widen_the_window(qtbot, demo_path: Path) -> None:
    """The file line is a label now: a file deep in a folder must not make a 1024-px window too narrow for it;
    the walk saw such a path run into the anchor code at 1024 px with the operator's name cut off."""
    import shutil

    folder = demo_path.parent / ("Tài liệu đại hội chi bộ nhiệm kỳ 2025–2030 " * 4).strip()
    folder.mkdir()
    path = folder / "hoi-nghi-dai-hoi-chi-bo-phong-to-chuc-nhiem-ky-2025-2030.kiemphieu"
    shutil.copyfile(demo_path, path)
    window = MainWindow()
    qtbot.addWidget(window)
    window.context.operator = "Nguyễn Thị Phương Thảo"
    window.context.open(path)
    try:
        window.resize(1024, 740)
        window.show()
        qtbot.waitExposed(window)
        assert window.minimumSizeHint().width() <= 1024, window.minimumSizeHint()
        assert window.width() <= 1024
        # What is cut at the right is the path, never who is keying.
        assert window.file_label.text().startswith("Người thao tác: Nguyễn Thị Phương Thảo    Tệp: ")
    finally:
        window.context.close()


def test_the_projector_gives_short_names_only_their_room_and_the_type_grows(qtbot, context) -> None:
    """The walk's confidence poll (two short names, three counts with percentages, a long outcome) showed 12-px
    type on a 1024×768 projector — a third of the width was kept for names that needed a fifth."""
    from ui.projector import ProjectorWindow

    context.select_poll("tin-nhiem")
    projector = ProjectorWindow(context)
    qtbot.addWidget(projector)
    projector.resize(1024, 768)
    projector.show()
    qtbot.waitExposed(projector)
    projector.refresh()
    qtbot.waitUntil(lambda: "Hợp lệ" in projector.totals_label.text(), timeout=10_000)
    qtbot.waitUntil(lambda: projector.model.rowCount() > 0, timeout=10_000)
    QApplication.processEvents()
    assert projector._table_size >= 16, projector._table_size
    header = projector.table.horizontalHeader()
    used = sum(header.sectionSize(c) for c in range(projector.model.columnCount()))
    assert used <= projector.table.viewport().width() + 2  # nothing cut off on the right
    name = projector.model.column_of("name")
    assert header.sectionSize(name) >= projector.table.sizeHintForColumn(name) - 2  # the names on one line


def test_the_entry_screen_does_not_call_a_closed_polls_results_provisional(window: MainWindow, qtbot) -> None:
    """The walk looked at a poll whose official minutes were made: the entry screen's panel still said
    'Kết quả tạm thời' (provisional) beside 'Nội dung này đã kết thúc'."""
    from app.services import closing
    from tests.ui.entry_helpers import entry_screen

    def close(session) -> None:
        closing.close_poll(session, code="bch", actor="t")

    screen = entry_screen(window, "bch")
    qtbot.waitUntil(lambda: screen.editor is not None, timeout=10_000)
    assert screen.partial_title.text() == "<b>Kết quả tạm thời</b>"
    window.context.write(close)
    screen.refresh()
    qtbot.waitUntil(lambda: "đã kết thúc" in screen.sheet_label.text(), timeout=10_000)
    assert screen.partial_title.text() == "<b>Kết quả</b> (đã kết thúc)"


def test_a_revised_minutes_is_offered_a_file_name_of_its_own(
    window: MainWindow, qtbot, monkeypatch, questions: list[str]
) -> None:
    """The walk reopened a poll and made its minutes again: the save dialog offered 'bien-ban-tn.pdf', the name of
    the revision already printed and signed — one Enter from overwriting it."""
    from app.services import closing
    from ui.screens.minutes import MinutesScreen

    def closed_then_reopened(session) -> None:
        closing.close_poll(session, code="bch", actor="t")
        closing.reopen_poll(session, code="bch", reason="Kiểm tra lại", actor="t")

    window.context.write(closed_then_reopened)
    offered: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda _parent, _caption, path, *a, **k: (offered.append(path) or "", "")
    )
    window.context.select_poll("bch")
    screen = next(s for s in window.screens if isinstance(s, MinutesScreen))
    window.go_to(window.screens.index(screen))
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: screen.make_button.isEnabled(), timeout=10_000)
    screen.make_button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.make_button)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(offered), timeout=10_000)
    assert Path(offered[0]).name == "bien-ban-bch-ban-2.pdf", offered
