"""The minutes screen: the reconciliation gate, final and draft minutes, printing them, reopening a poll."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pypdfium2 as pdfium
import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from app.services import closing, polls
from ui import printer as pdf_printer
from ui.context import MeetingContext
from ui.main_window import MainWindow
from ui.screens.minutes import MinutesScreen


def pdf_pages(path: Path) -> int:
    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def status(context: MeetingContext, code: str) -> str:
    return next(p.status for p in context.polls() if p.code == code)


@pytest.fixture
def screen(qtbot, context: MeetingContext) -> MinutesScreen:
    widget = MinutesScreen(context)
    qtbot.addWidget(widget)
    context.select_poll("bch")
    widget.refresh()
    return widget


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, list]:
    """Answer every dialog the screen may open; the lists record what was asked."""
    asked: dict[str, list] = {"save": [], "question": [], "warning": [], "reason": []}

    def save(parent, caption, suggested, filters):
        path = tmp_path / Path(suggested).name
        asked["save"].append(path)
        return str(path), filters

    def question(parent, title, text, *args):
        asked["question"].append(text)
        return QMessageBox.StandardButton.Yes

    def warning(parent, title, text, *args):
        asked["warning"].append(text)
        return QMessageBox.StandardButton.Ok

    def get_text(parent, title, label, *args, **kwargs):
        asked["reason"].append(label)
        return asked.get("answer", ["Sửa số phiếu thu về"])[0], True

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    return asked


def test_counts_that_reconcile(screen: MinutesScreen) -> None:
    assert screen.problems == []
    assert "Số liệu đã khớp" in screen.gate_label.text()
    assert "Đang kiểm phiếu" in screen.status_label.text()
    assert not screen.reopen_button.isVisible()
    assert "Chưa lập biên bản" in screen.made_label.text()


def test_gate_problems_refuse_the_minutes(
    screen: MinutesScreen, context: MeetingContext, dialogs: dict[str, list], tmp_path: Path
) -> None:
    # bi-thu: 145 ballots entered and collected; the committee now says 146 came back.
    context.write(
        lambda s: polls.set_ballot_counts(s, code="bi-thu", issued=None, collected=146, actor="Người kiểm thử")
    )
    context.select_poll("bi-thu")
    screen.refresh()
    assert [p.code for p in screen.problems] == ["entered_not_collected"]
    assert "Chưa lập được biên bản" in screen.gate_label.text()
    assert "Đã nhập 145 phiếu nhưng thu về 146 phiếu (còn 1 phiếu chưa nhập)." in screen.gate_label.text()
    screen.make_final()
    assert dialogs["save"] == []
    assert "còn 1 phiếu chưa nhập" in dialogs["warning"][0]
    assert status(context, "bi-thu") == "counting"
    # A draft is still possible, and closes nothing.
    screen.make_draft()
    assert dialogs["save"][0].name == "bien-ban-nhap-bi-thu.pdf"
    assert dialogs["save"][0].exists()
    assert status(context, "bi-thu") == "counting"
    assert "Bản nháp" in screen.made_label.text()


def test_make_final_minutes(
    screen: MinutesScreen, context: MeetingContext, dialogs: dict[str, list], tmp_path: Path
) -> None:
    changes: list[bool] = []
    context.changed.connect(lambda: changes.append(True))
    screen.make_final()
    assert "kết thúc kiểm phiếu" in dialogs["question"][0]
    pdf = dialogs["save"][0]
    assert pdf.name == "bien-ban-bch.pdf"
    xlsx = pdf.with_suffix(".xlsx")
    assert pdf_pages(pdf) >= 1
    assert openpyxl.load_workbook(xlsx).sheetnames
    assert status(context, "bch") == "closed"
    assert changes
    closure = context.read(lambda s: closing.close_poll(s, code="bch", actor="x"))  # closed: reads the revision
    assert closure.revision == 1
    assert "Biên bản (bản số 1)" in screen.made_label.text()
    assert str(pdf) in screen.made_label.text()
    assert str(xlsx) in screen.made_label.text()
    assert closure.digest[:32] in screen.digest_label.text()
    assert screen.digest_label.toolTip() == closure.digest
    assert "Đã kết thúc" in screen.status_label.text()
    assert not screen.reopen_button.isHidden()
    assert screen.open_button.isEnabled()
    # The anchor code after the closing is in the witness file (docs/integrity.md).
    witness = context.witness_path()
    assert witness is not None
    last = witness.read_text(encoding="utf-8").splitlines()[-1].split("\t")
    assert last[1:] == [context.anchor(), "lập biên bản"]


def test_reopen_with_a_reason_then_a_second_revision(
    screen: MinutesScreen, context: MeetingContext, dialogs: dict[str, list]
) -> None:
    screen.make_final()
    assert status(context, "bch") == "closed"
    screen.reopen()
    assert "Lý do mở lại" in dialogs["reason"][0]
    assert status(context, "bch") == "counting"
    assert screen.reopen_button.isHidden()
    screen.make_final()
    assert status(context, "bch") == "closed"
    assert "Biên bản (bản số 2)" in screen.made_label.text()
    assert "Sửa số phiếu thu về" in screen.status_label.text()  # the reason, on the new revision


def test_reopen_needs_a_reason(screen: MinutesScreen, context: MeetingContext, dialogs: dict[str, list]) -> None:
    screen.make_final()
    dialogs["answer"] = ["   "]
    screen.reopen()
    assert status(context, "bch") == "closed"
    assert "lý do" in dialogs["warning"][0]


def test_a_closed_poll_shows_its_revision_when_the_screen_opens(qtbot, context: MeetingContext) -> None:
    context.write(lambda s: closing.close_poll(s, code="ubkt", actor="Người kiểm thử"))
    context.select_poll("ubkt")
    widget = MinutesScreen(context)
    qtbot.addWidget(widget)
    widget.refresh()
    assert "Biên bản (bản số 1)" in widget.status_label.text()
    assert "mở lại" in widget.status_label.text()
    assert "Người kiểm thử" in widget.status_label.text()


class FakePrintDialog:
    target: Path | None = None

    def __init__(self, printer: QPrinter, parent=None) -> None:
        self.printer = printer

    def setWindowTitle(self, title: str) -> None:
        pass

    def setOptions(self, options) -> None:
        pass

    def exec(self) -> int:
        self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer.setOutputFileName(str(self.target))
        return QDialog.DialogCode.Accepted


def test_print_the_minutes(
    screen: MinutesScreen,
    context: MeetingContext,
    dialogs: dict[str, list],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    if not pdf_printer.have_qtpdf():
        pytest.skip("PySide6-Pdf (QtPdf) is not installed")
    FakePrintDialog.target = tmp_path / "printer-output.pdf"
    monkeypatch.setattr(pdf_printer, "QPrintDialog", FakePrintDialog)
    screen.print_minutes()
    assert status(context, "bch") == "closed"
    made = screen._made["bch"]
    assert made.revision == 1
    assert made.pdf is not None
    assert pdf_pages(FakePrintDialog.target) == made.pages == pdf_pages(made.pdf)
    # Printing again reprints the same revision.
    screen.print_minutes()
    assert screen._made["bch"].revision == 1
    assert len(dialogs["question"]) == 1  # only the first print closed the poll


def test_print_without_qtpdf_opens_the_viewer(
    screen: MinutesScreen, context: MeetingContext, dialogs: dict[str, list], monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(pdf_printer, "QPdfDocument", None)
    monkeypatch.setattr(pdf_printer, "open_externally", lambda path: opened.append(path) or True)
    screen.print_minutes()
    assert len(opened) == 1
    assert pdf_pages(opened[0]) >= 1
    assert status(context, "bch") == "closed"


def test_the_main_window_shows_the_minutes_screen(window: MainWindow) -> None:
    screen = next(s for s in window.screens if isinstance(s, MinutesScreen))
    window.go_to(window.screens.index(screen))
    assert window.current_screen() is screen
    assert screen.summary is not None
    assert screen.summary.code == window.context.current_poll


def test_the_gate_lists_ballots_taken_without_a_code(
    screen: MinutesScreen, context: MeetingContext, tmp_path: Path
) -> None:
    """#15: the reconciliation view shows what `kiemphieu check` shows of the ballots the committee took
    without a code in a poll printed with codes: how many, their numbers, who entered each and when."""
    from app.rules.model import Ballot
    from app.services import printing
    from app.services.ballots import enter_ballot

    assert context.meeting_file is not None
    assert "không có mã QR" not in screen.gate_label.text()
    printing.print_ballots(context.meeting_file, code="nghi-quyet", copies=2, out=tmp_path / "p.pdf", actor="t")
    for operator in ("Lê Thị Mai", "Phạm Văn Khoa"):
        context.write(
            lambda s, operator=operator: enter_ballot(
                s,
                code="nghi-quyet",
                serial=None,
                ballot=Ballot(key="", choices=(frozenset({1}), frozenset({1}))),
                operator=operator,
                station="may-2",
                without_code=True,
            )
        )
    context.select_poll("nghi-quyet")
    screen.refresh()
    assert [b.key for b in screen.without_code] == ["#1", "#2"]  # the demo's ballots all carry a serial
    text = screen.gate_label.text()
    assert "Phiếu không có mã QR được Ban kiểm phiếu xác nhận nhận vào: <b>2</b> (#1, #2)" in text
    assert "Phiếu #1: nhập lúc 09:30:00 20/06/2025 tại máy may-2 (người nhập: Lê Thị Mai)" in text
    assert "Phiếu #2: nhập lúc 09:30:00 20/06/2025 tại máy may-2 (người nhập: Phạm Văn Khoa)" in text
    # The counts do not reconcile yet (the two printed sheets are not entered): the list stands under the problems.
    assert "Chưa lập được biên bản" in text


def test_reopening_is_written_on_the_writer_thread_and_the_screen_reads_the_poll_off_the_ui_thread(
    qtbot, screen: MinutesScreen, context: MeetingContext, dialogs: dict[str, list], monkeypatch, background: None
) -> None:
    """#17: the minutes screen reads its poll and writes the reopening through the operations layer; a refusal
    (no reason) is said in Vietnamese."""
    import threading

    context.write(lambda s: closing.close_poll(s, code="bch", actor="Người kiểm thử"))
    screen.refresh()
    qtbot.waitUntil(lambda: screen.summary is not None and screen.summary.status == "closed", timeout=10_000)
    assert not screen.reopen_button.isHidden()
    threads: dict[str, list[threading.Thread]] = {"reopen_poll": [], "reconcile": []}
    for name, seen in threads.items():
        original = getattr(closing, name)

        def recorded(*args, _original=original, _seen=seen, **kwargs):
            _seen.append(threading.current_thread())
            return _original(*args, **kwargs)

        monkeypatch.setattr(closing, name, recorded)
    dialogs["answer"] = ["   "]
    screen.reopen()
    qtbot.waitUntil(lambda: bool(dialogs["warning"]), timeout=10_000)
    assert "lý do" in dialogs["warning"][0]
    assert status(context, "bch") == "closed"
    dialogs["answer"] = ["Sửa số phiếu thu về"]
    screen.reopen()
    qtbot.waitUntil(lambda: screen.summary is not None and screen.summary.status == "counting", timeout=10_000)
    assert screen.reopen_button.isHidden()
    assert status(context, "bch") == "counting"
    assert len(threads["reopen_poll"]) == 2
    assert threading.main_thread() not in threads["reopen_poll"]
    assert threads["reconcile"]
    assert threading.main_thread() not in threads["reconcile"]
