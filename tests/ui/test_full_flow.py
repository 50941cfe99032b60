"""One walk through the whole flow with the widgets: create a meeting → a poll and its list → print
ballots → enter a few by scanning and keys → record the counts → make the minutes."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from app.printing import ballot_code
from app.rules.model import PollKind
from app.services import editing, meetings, tallying
from app.services.sheets import list_sheets
from app.services.spec import PollSpec
from app.store.orm import Meeting
from ui.main_window import MainWindow, NewMeetingDialog
from ui.screens.entry import EntryScreen
from ui.screens.minutes import MinutesScreen
from ui.screens.polls import PollsScreen
from ui.screens.printing import PrintingScreen


def _screen(window: MainWindow, cls: type) -> object:
    screen = next(s for s in window.screens if isinstance(s, cls))
    window.go_to(window.screens.index(screen))
    return screen


def test_new_meeting_to_minutes_through_the_widgets(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.context.operator = "Thư ký Lan"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QApplication, "beep", lambda: None)
    rejections: list[str] = []
    monkeypatch.setattr(EntryScreen, "reject", lambda self, message: rejections.append(message))

    # 1. A new meeting from the short form.
    def fill_and_accept(dialog: NewMeetingDialog) -> int:
        dialog.title.setText("Đại hội Chi bộ Thôn Đông lần thứ XV, nhiệm kỳ 2025–2027")
        dialog.organization.setText("CHI BỘ THÔN ĐÔNG")
        dialog.superior.setText("ĐẢNG BỘ XÃ AN BÌNH")
        dialog.place.setText("Thôn Đông")
        dialog.date.setDate(QDate(2025, 5, 10))
        dialog.convened.setValue(12)
        dialog.present.setValue(12)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(NewMeetingDialog, "exec", fill_and_accept)
    meeting_path = tmp_path / "thon-dong.kiemphieu"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(meeting_path), ""))
    window.new_meeting()
    assert window.context.path == meeting_path
    assert window.pages.currentWidget() is window.work

    # 2. A poll (through the poll screen's own path) and its list, sorted in ABC order.
    polls_screen = _screen(window, PollsScreen)
    assert isinstance(polls_screen, PollsScreen)
    spec = PollSpec(
        code="chi-uy", kind=PollKind.ELECTION, profile="party-election", title="Bầu Chi ủy khóa XV", seats=2, items=()
    )
    assert polls_screen.create_poll(spec)
    polls_screen.items_model.set_rows(
        [{"name": n} for n in ("Trần Văn Đức", "Lê Thị An", "Nguyễn Văn Dũng")], dirty=True
    )
    assert polls_screen.save_items()
    polls_screen.sort_button.click()
    names = [i.name for i in window.context.read(lambda s: editing.item_specs(s, "chi-uy"))]
    assert names == ["Lê Thị An", "Nguyễn Văn Dũng", "Trần Văn Đức"]

    # 3. Print 12 ballots to PDF.
    printing_screen = _screen(window, PrintingScreen)
    assert isinstance(printing_screen, PrintingScreen)
    printing_screen.copies.setValue(12)
    pdf = tmp_path / "phieu.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    printing_screen.save_pdf()
    assert len(pypdfium2.PdfDocument(str(pdf))) == 12
    sheets = window.context.read(lambda s: list_sheets(s, "chi-uy"))
    assert [s.status for s in sheets] == ["issued"] * 12

    # 4. Enter every ballot: scan its QR (typed into whatever has the focus), strike with keys, Enter.
    entry = _screen(window, EntryScreen)
    assert isinstance(entry, EntryScreen)
    meeting = window.context.read(lambda s: s.get(Meeting, 1))
    codes = [
        ballot_code.encode(
            ballot_code.SheetCode(ballot_code.fingerprint_bytes(meeting.fingerprint), 1, 1, 1, 1, False, sheet.serial),
            meeting.secret,
        )
        for sheet in sheets
    ]
    strikes = [Qt.Key.Key_3] * 7 + [Qt.Key.Key_2] * 4 + [Qt.Key.Key_1]  # kept: An 11, Dũng 8, Đức 5
    for code, key in zip(codes, strikes, strict=True):
        entry.scan.setText(code)
        entry.take_scan()
        assert entry.sheet_ready
        qtbot.keyClick(entry.editor.view, key)
        qtbot.keyClick(entry.editor.view, Qt.Key.Key_Return)
    assert rejections == []
    entry.scan.setText(codes[0])
    entry.take_scan()
    assert "đã được nhập lúc" in rejections[0]
    entry.collected.setValue(12)
    entry.save_counts()

    # 5. The minutes, PDF and workbook, in one action.
    minutes_screen = _screen(window, MinutesScreen)
    assert isinstance(minutes_screen, MinutesScreen)
    out = tmp_path / "bien-ban.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    minutes_screen.make_final()
    assert out.exists()
    assert out.with_suffix(".xlsx").exists()
    text = " ".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(str(out)))
    assert "BIÊN BẢN KIỂM PHIẾU" in " ".join(text.split())
    tally = window.context.read(lambda s: tallying.tally_poll(s, "chi-uy")).tally
    assert [i.votes for i in tally.items] == [11, 8, 5]
    assert tally.elected == ("Lê Thị An", "Nguyễn Văn Dũng")
    info = window.context.read(meetings.meeting_info)
    assert info.polls[0].status == "closed"
