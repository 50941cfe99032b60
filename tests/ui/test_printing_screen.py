"""The print screen: options, saving ballots as PDF, the registry, the test deck, printing through a printer."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from app.services import closing, sheets
from ui import printer as pdf_printer
from ui import workers
from ui.context import MeetingContext
from ui.main_window import MainWindow
from ui.screens.printing import PrintingScreen, default_copies


def pdf_pages(path: Path) -> int:
    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def statuses(context: MeetingContext, code: str) -> Counter[str]:
    return Counter(s.status for s in context.read(lambda s: sheets.list_sheets(s, code)))


@pytest.fixture
def screen(qtbot, context: MeetingContext) -> PrintingScreen:
    widget = PrintingScreen(context)
    qtbot.addWidget(widget)
    context.select_poll("bch")
    widget.refresh()
    return widget


@pytest.fixture
def save_to(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """Answer the save dialog with tmp_path/<suggested name>; the list collects the answers."""
    answers: list[Path] = []

    def answer(parent, caption, suggested, filters):
        path = tmp_path / Path(suggested).name
        answers.append(path)
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return answers


class FakePrintDialog:
    """Stands in for the system print dialog: "prints" into a PDF file (or is cancelled)."""

    target: Path | None = None
    accept = True
    seen: list[QPrinter] = []  # noqa: RUF012 - shared on purpose: the test reads what the screen passed

    def __init__(self, printer: QPrinter, parent=None) -> None:
        self.printer = printer
        FakePrintDialog.seen.append(printer)

    def setWindowTitle(self, title: str) -> None:
        pass

    def setOptions(self, options) -> None:
        self.options = options

    def exec(self) -> int:
        if not self.accept:
            return QDialog.DialogCode.Rejected
        self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer.setOutputFileName(str(self.target))
        self.printer.setCopyCount(3)  # the user asks for copies: ballots must still print once
        return QDialog.DialogCode.Accepted


def test_default_copies_and_options(screen: PrintingScreen) -> None:
    assert screen.copies.value() == default_copies(146) == 151
    assert "146 người có mặt + 5 phiếu dự phòng" in screen.copies_hint.text()
    assert not screen.two_up.isEnabled()
    screen.paper.setCurrentIndex(screen.paper.findData("A5"))
    assert screen.two_up.isEnabled()
    screen.two_up.setChecked(True)
    screen.paper.setCurrentIndex(screen.paper.findData("A4"))
    assert not screen.two_up.isChecked()
    screen.test_deck.setChecked(True)
    assert not screen.copies.isEnabled()
    assert "Chưa in phiếu nào" in screen.registry_label.text()


def test_copies_reset_only_when_the_poll_changes(screen: PrintingScreen, context: MeetingContext) -> None:
    screen.copies.setValue(40)
    screen.refresh()
    assert screen.copies.value() == 40
    context.select_poll("ubkt")
    screen.refresh()
    assert screen.copies.value() == 151
    assert "Bầu Ủy ban Kiểm tra" in screen.poll_label.text()


def test_save_pdf_writes_the_ballots_and_records_the_sheets(
    screen: PrintingScreen, context: MeetingContext, save_to: list[Path]
) -> None:
    changes: list[bool] = []
    context.changed.connect(lambda: changes.append(True))
    screen.copies.setValue(7)
    screen.save_pdf()
    out = save_to[0]
    assert out.name == "phieu-bch.pdf"
    assert pdf_pages(out) == 7
    assert statuses(context, "bch") == {"issued": 7}
    template = out.with_suffix(".template.json")
    assert json.loads(template.read_text(encoding="utf-8"))["poll"] == "bch"
    assert str(out) in screen.result_label.text()
    assert str(template) in screen.result_label.text()
    # The anchor code once the sheets are registered (made here from the file with sqlite3).
    assert context.path is not None
    with sqlite3.connect(context.path) as connection:
        fingerprint = connection.execute("SELECT fingerprint FROM meeting").fetchone()[0]
        last_id, last_hash = connection.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    connection.close()
    anchor = f"KPA-{fingerprint[:8].upper()}-{last_id}-{last_hash[:20].upper()}"
    assert f"Mã neo nhật ký sau lần in (ghi ra giấy): {anchor}" in screen.result_label.text()
    assert "Đã phát: <b>7</b>" in screen.registry_label.text()
    assert changes  # the other screens hear about the new sheets
    if pdf_printer.have_qtpdf():
        assert not screen.preview.pixmap().isNull()
        assert screen.open_button.isEnabled()


def test_two_a5_ballots_on_one_a4_sheet(screen: PrintingScreen, context: MeetingContext, save_to: list[Path]) -> None:
    screen.paper.setCurrentIndex(screen.paper.findData("A5"))
    screen.two_up.setChecked(True)
    screen.copies.setValue(5)
    screen.save_pdf()
    assert pdf_pages(save_to[0]) == 3
    assert statuses(context, "bch") == {"issued": 5}
    assert "hai phiếu trên một tờ A4" in screen.result_label.text()


def test_test_deck(screen: PrintingScreen, context: MeetingContext, save_to: list[Path]) -> None:
    screen.test_deck.setChecked(True)
    screen.save_pdf()
    out = save_to[0]
    assert out.name == "phieu-thu-bch.pdf"
    counts = statuses(context, "bch")
    assert set(counts) == {"test"}
    assert pdf_pages(out) == counts["test"]
    expected = out.with_suffix(".expected.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(expected) == counts["test"]
    assert all("label" in json.loads(line) for line in expected)
    assert "phiếu thử: <b>{}</b>".format(counts["test"]) in screen.registry_label.text()
    assert "Kết quả mong đợi của bộ phiếu thử" in screen.result_label.text()


def test_cancelled_save_dialog_prints_nothing(
    screen: PrintingScreen, context: MeetingContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args: ("", "")))
    screen.save_pdf()
    assert statuses(context, "bch") == {}


def test_print_renders_every_page_on_the_printer(
    screen: PrintingScreen, context: MeetingContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if not pdf_printer.have_qtpdf():
        pytest.skip("PySide6-Pdf (QtPdf) is not installed")
    FakePrintDialog.target = tmp_path / "printer-output.pdf"
    FakePrintDialog.accept = True
    FakePrintDialog.seen = []
    monkeypatch.setattr(pdf_printer, "QPrintDialog", FakePrintDialog)
    screen.copies.setValue(4)
    screen.print_ballots()
    assert statuses(context, "bch") == {"issued": 4}
    assert pdf_pages(FakePrintDialog.target) == 4
    assert FakePrintDialog.seen[0].copyCount() == 1  # one print per serial, whatever the dialog said
    assert "kiemphieu-in-" in screen.result_label.text()


def test_two_up_prints_on_landscape_a4(
    screen: PrintingScreen, context: MeetingContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if not pdf_printer.have_qtpdf():
        pytest.skip("PySide6-Pdf (QtPdf) is not installed")
    FakePrintDialog.target = tmp_path / "printer-output.pdf"
    FakePrintDialog.accept = True
    monkeypatch.setattr(pdf_printer, "QPrintDialog", FakePrintDialog)
    screen.paper.setCurrentIndex(screen.paper.findData("A5"))
    screen.two_up.setChecked(True)
    screen.copies.setValue(4)
    screen.print_ballots()
    doc = pdfium.PdfDocument(str(FakePrintDialog.target))
    try:
        assert len(doc) == 2
        width, height = doc[0].get_size()
        assert (round(width), round(height)) in {(842, 595), (841, 595)}  # A4 landscape, in points
    finally:
        doc.close()


def test_cancelled_print_dialog_records_nothing(
    screen: PrintingScreen, context: MeetingContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not pdf_printer.have_qtpdf():
        pytest.skip("PySide6-Pdf (QtPdf) is not installed")
    FakePrintDialog.accept = False
    monkeypatch.setattr(pdf_printer, "QPrintDialog", FakePrintDialog)
    try:
        screen.print_ballots()
    finally:
        FakePrintDialog.accept = True
    assert statuses(context, "bch") == {}


def test_without_qtpdf_the_pdf_opens_in_the_system_viewer(
    screen: PrintingScreen, context: MeetingContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(pdf_printer, "QPdfDocument", None)
    monkeypatch.setattr(pdf_printer, "open_externally", lambda path: opened.append(path) or True)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *args: QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: pytest.fail("no print dialog without QtPdf"))
    screen.copies.setValue(2)
    screen.print_ballots()
    assert len(opened) == 1
    assert pdf_pages(opened[0]) == 2
    assert statuses(context, "bch") == {"issued": 2}
    assert "PySide6-Pdf" in screen.preview.text()


def test_a_closed_poll_prints_no_more_ballots(screen: PrintingScreen, context: MeetingContext) -> None:
    context.write(lambda s: closing.close_poll(s, code="bch", actor="Người kiểm thử"))
    screen.refresh()
    assert not screen.save_button.isEnabled()
    assert not screen.print_button.isEnabled()
    assert "đã kết thúc" in screen.closed_label.text()


def test_the_main_window_shows_the_print_screen(window: MainWindow) -> None:
    screen = next(s for s in window.screens if isinstance(s, PrintingScreen))
    window.go_to(window.screens.index(screen))
    assert window.current_screen() is screen
    assert screen.copies.value() == 151
    assert window.context.current_poll in screen.poll_label.text()


SMALL_SPEC = """
[meeting]
title = "Đại hội Chi bộ Khu phố 3"
organization = "CHI BỘ KHU PHỐ 3"
place = "An Bình"
date = 2025-05-10

[attendance]
convened = 6
present = 5

[[polls]]
id = "chi-uy"
kind = "election"
title = "Bầu Chi ủy"
seats = 1
issued = 5
candidates = ["An", "Bình"]
"""


@pytest.fixture
def small_context(tmp_path: Path) -> Iterator[MeetingContext]:
    """A meeting whose committee counted 5 ballots issued, no sheet printed yet."""
    import tomllib

    from app.services.meetings import create_meeting
    from app.services.spec import parse_spec

    path = tmp_path / "chi-bo.kiemphieu"
    create_meeting(path, parse_spec(tomllib.loads(SMALL_SPEC), "spec.toml"), actor="t").close()
    ctx = MeetingContext()
    ctx.operator = "Người kiểm thử"
    ctx.open(path)
    yield ctx
    ctx.close()


def test_the_registry_shows_the_sheets_not_yet_accounted_for(
    qtbot, small_context: MeetingContext, save_to: list[Path]
) -> None:
    """#15: printed 7, the committee counted 5 issued: 2 printed sheets are unaccounted for until each is recorded
    unused or spoiled; the screen says how many, as `check` and the minutes do."""
    context = small_context
    screen = PrintingScreen(context)
    qtbot.addWidget(screen)
    context.select_poll("chi-uy")
    screen.refresh()
    assert "Chưa rõ đi đâu" not in screen.registry_label.text()  # nothing printed: no sheet to account for
    screen.copies.setValue(7)
    screen.save_pdf()
    text = screen.registry_label.text()
    assert "Đã in <b>7</b>: phát ra 5 · chưa phát 0 · hủy (đổi phiếu) 0" in text
    assert "Chưa rõ đi đâu: <b>2</b> phiếu đã in." in text

    serials = [s.serial for s in context.read(lambda s: sheets.list_sheets(s, "chi-uy"))]
    context.write(lambda s: sheets.return_unused(s, serials=serials[:1], actor="t"))
    screen.refresh()
    assert "Đã in <b>7</b>: phát ra 5 · chưa phát 1 · hủy (đổi phiếu) 0" in screen.registry_label.text()
    assert "Chưa rõ đi đâu: <b>1</b> phiếu đã in." in screen.registry_label.text()

    context.write(lambda s: sheets.spoil_sheets(s, serials=serials[1:2], actor="t"))
    screen.refresh()
    text = screen.registry_label.text()
    assert "Đã in <b>7</b>: phát ra 5 · chưa phát 1 · hủy (đổi phiếu) 1" in text
    assert "Chưa rõ đi đâu: <b>0</b> phiếu — mọi phiếu đã in đều đã rõ." in text
    assert "color:#a33" not in text
    unaccounted = context.read(lambda s: sheets.registry(s, "chi-uy"))
    assert unaccounted is not None
    assert unaccounted.unaccounted == 0


def test_a_poll_being_prepared_says_before_printing_that_printing_locks_its_list(
    screen: PrintingScreen, context: MeetingContext
) -> None:
    """#17, item 12: the first print locked the candidate list without a word before."""
    from app.rules.model import PollKind
    from app.services import polls
    from app.services.spec import ItemSpec, PollSpec

    spec = PollSpec(
        code="bau-moi",
        kind=PollKind.ELECTION,
        profile="party-election",
        title="Bầu Ban Thường vụ",
        seats=1,
        items=(ItemSpec("Nguyễn Văn An", 1972, "Bí thư"), ItemSpec("Trần Thị Bình", 1978, "Phó Bí thư")),
    )
    context.write(lambda s: polls.add_poll(s, spec, actor="t"))
    context.select_poll("bau-moi")
    screen.refresh()
    assert not screen.lock_label.isHidden()
    assert "bị khóa" in screen.lock_label.text()
    context.select_poll("bch")  # printed and counting: nothing left to lock
    screen.refresh()
    assert screen.lock_label.isHidden()


def test_the_registry_is_read_off_the_ui_thread_and_the_newest_poll_wins(
    qtbot, screen: PrintingScreen, context: MeetingContext, monkeypatch: pytest.MonkeyPatch, background: None
) -> None:
    """#17: the poll, the attendance and its sheets are read in one snapshot off the UI thread; asked for two polls
    in a row, the screen shows the second."""
    import threading

    threads: list[threading.Thread] = []
    registry = sheets.registry

    def recorded(session, code):
        threads.append(threading.current_thread())
        return registry(session, code)

    monkeypatch.setattr(sheets, "registry", recorded)
    codes = [p.code for p in context.polls()]
    context.select_poll(codes[0])
    screen.refresh()
    context.select_poll(codes[1])
    screen.refresh()
    second = next(p for p in context.polls() if p.code == codes[1])
    qtbot.waitUntil(lambda: f"mã {codes[1]}" in screen.poll_label.text(), timeout=10_000)
    assert workers.wait_for_all()
    qtbot.wait(10)  # the first poll's answer, had it come last, would be shown by now
    assert second.title in screen.poll_label.text()
    assert threads
    assert threading.main_thread() not in threads
    assert "Số phiếu phát ra dùng trong kết quả" in screen.registry_label.text()
