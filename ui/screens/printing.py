"""In phiếu: print the current poll's ballots to a PDF or a printer, and keep the issued-ballot registry."""

from __future__ import annotations

import math
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QPageSize, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.errors import KiemPhieuError
from app.services import printing, sheets
from app.services.meetings import meeting_info
from app.services.polls import PollSummary, list_polls
from app.store.db import MeetingFile
from ui import printer as pdf_printer
from ui.context import Changes, MeetingContext
from ui.errors import show_error
from ui.i18n import tr
from ui.models import status_label
from ui.ops import QueryOp
from ui.screens.base import Screen, heading, hint
from ui.workers import Job, run_in_background

# Spare sheets printed beyond the delegates present, for exchanging spoiled ballots (đổi phiếu).
MIN_SPARES = 5
SPARE_PERCENT = 3
PREVIEW_WIDTH = 300


def default_copies(present: int) -> int:
    """Sheets to print by default: one per delegate present plus a few spares."""
    return max(1, present + max(MIN_SPARES, math.ceil(present * SPARE_PERCENT / 100)))


@dataclass(frozen=True)
class PrintOptions:
    """What the user asked for, copied before it crosses to the worker thread."""

    code: str
    copies: int
    paper: str
    two_up: bool
    test_deck: bool


@dataclass(frozen=True)
class PrintResult:
    """A finished print job: the service's report and the files written beside the PDF."""

    report: printing.PrintReport
    template: Path
    expected: Path | None


def make_pdf(
    meeting_file: MeetingFile,
    options: PrintOptions,
    out: Path,
    actor: str,
    progress: Callable[[int, int], None] | None = None,
) -> PrintResult:
    """Print the ballots into `out`, then save the scanner template (and a test deck's expected reads) beside it."""
    report = printing.print_ballots(
        meeting_file,
        code=options.code,
        copies=options.copies,
        out=out,
        actor=actor,
        paper=options.paper,
        two_up=options.two_up,
        test_deck=options.test_deck,
        progress=progress,
    )
    template = out.with_suffix(".template.json")
    printing.write_template(report, template)
    expected = None
    if report.expected:
        expected = out.with_suffix(".expected.jsonl")
        printing.write_expected(report, expected)
    return PrintResult(report, template, expected)


class PrintingScreen(Screen):
    """Print ballots for the current poll: copies, paper, two-up, test deck; PDF or printer; the registry."""

    title = str(QT_TRANSLATE_NOOP("nav", "In phiếu"))  # str: the stubs say object

    def __init__(self, context: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._shown_poll: str | None = None
        self._summary: PollSummary | None = None
        self._last: dict[str, PrintResult] = {}
        self._asked = 0  # reads of the poll asked for (the newest wins)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("printing", "In phiếu")))
        self.poll_label = QLabel()
        self.poll_label.setWordWrap(True)
        layout.addWidget(self.poll_label)
        layout.addWidget(
            hint(
                tr(
                    "printing",
                    "Mỗi phiếu in ra có số phiếu và mã QR riêng, được ghi vào sổ phiếu là đã phát. "
                    "Bộ phiếu thử có sẵn dấu đánh để chạy thử việc nhập, không bao giờ được đếm.",
                )
            )
        )
        body = QHBoxLayout()
        layout.addLayout(body, 1)
        left = QVBoxLayout()
        body.addLayout(left, 3)

        options = QGroupBox(tr("printing", "Phiếu cần in"))
        form = QFormLayout(options)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.copies = QSpinBox()
        self.copies.setRange(1, printing.MAX_COPIES)
        self.copies.setMinimumWidth(110)
        self.copies_hint = QLabel()
        self.copies_hint.setWordWrap(True)  # fits a 1024-px window
        self.copies_hint.setStyleSheet("color: #555;")
        form.addRow(tr("printing", "Số bản in:"), self.copies)
        # On a row of its own: beside the number, in a row inside the form, its second line was cut.
        form.addRow("", self.copies_hint)
        self.paper = QComboBox()
        self.paper.addItem(tr("printing", "A4"), "A4")
        self.paper.addItem(tr("printing", "A5"), "A5")
        self.paper.setMinimumWidth(110)
        form.addRow(tr("printing", "Khổ giấy:"), self.paper)
        self.two_up = QCheckBox(tr("printing", "In hai phiếu A5 trên một tờ A4 (rồi cắt đôi)"))
        form.addRow("", self.two_up)
        self.test_deck = QCheckBox(tr("printing", "In bộ phiếu thử thay cho phiếu thật"))
        form.addRow("", self.test_deck)
        left.addWidget(options)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(tr("printing", "&Lưu PDF…"))
        self.print_button = QPushButton(tr("printing", "I&n…"))
        self.print_button.setDefault(True)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        left.addLayout(buttons)
        self.closed_label = QLabel()
        self.closed_label.setWordWrap(True)
        self.closed_label.setStyleSheet("color: #a33;")
        left.addWidget(self.closed_label)
        # Said before the first print of a poll being prepared: printing locks its list (#17, item 12).
        self.lock_label = QLabel(
            tr(
                "printing",
                "Lưu ý: khi đã in phiếu thật, danh sách, số cần bầu và quy tắc của nội dung này bị khóa "
                "(chỉ còn sửa được tên nội dung). Hãy kiểm tra danh sách trước khi in.",
            )
        )
        self.lock_label.setWordWrap(True)
        self.lock_label.setStyleSheet("color: #8a5a00;")
        left.addWidget(self.lock_label)

        registry = QGroupBox(tr("printing", "Sổ phiếu của nội dung này"))
        registry_layout = QVBoxLayout(registry)
        self.registry_label = QLabel()
        self.registry_label.setWordWrap(True)
        self.registry_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        registry_layout.addWidget(self.registry_label)
        left.addWidget(registry)

        last = QGroupBox(tr("printing", "Lần in gần nhất"))
        last_layout = QVBoxLayout(last)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        last_layout.addWidget(self.result_label)
        left.addWidget(last)
        left.addStretch(1)

        preview = QGroupBox(tr("printing", "Xem trước trang 1"))
        preview_layout = QVBoxLayout(preview)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview.setWordWrap(True)
        self.preview.setMinimumWidth(PREVIEW_WIDTH)
        self.preview.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        preview_layout.addWidget(self.preview, 1)
        self.open_button = QPushButton(tr("printing", "&Mở tệp PDF"))
        preview_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignRight)
        body.addWidget(preview, 2)

        self.paper.currentIndexChanged.connect(self._sync_options)
        self.test_deck.toggled.connect(self._sync_options)
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_ballots)
        self.open_button.clicked.connect(self.open_pdf)
        self.context.poll_selected.connect(lambda _code: self._reset_for_poll())

    # ------------------------------------------------------------------ state

    def _reset_for_poll(self) -> None:
        self._shown_poll = None

    def _sync_options(self) -> None:
        a5 = self.paper.currentData() == "A5"
        self.two_up.setEnabled(a5)
        if not a5:
            self.two_up.setChecked(False)
        self.copies.setEnabled(not self.test_deck.isChecked())

    def options(self) -> PrintOptions:
        """The print options as chosen on the screen."""
        return PrintOptions(
            code=self.context.current_poll or "",
            copies=self.copies.value(),
            paper=str(self.paper.currentData()),
            two_up=self.two_up.isChecked() and self.paper.currentData() == "A5",
            test_deck=self.test_deck.isChecked(),
        )

    def refresh(self) -> None:
        code = self.context.current_poll if self.context.is_open else None
        self._asked += 1
        asked = self._asked
        if code is None:
            self._show(code, _PrintingView(None, 0, Counter(), 0, None, None))
            return
        # The poll, the attendance and its sheets in one read off the UI thread; the newest ask wins.
        QueryOp(self, self.context, lambda s: _read_printing(s, code)).success(
            lambda view: self._show(code, view) if asked == self._asked else None
        ).run()

    def _show(self, code: str | None, view: _PrintingView) -> None:
        self._summary = summary = view.summary
        if summary is None:
            self.poll_label.setText(tr("printing", "Chưa chọn nội dung bỏ phiếu (chọn ở danh sách bên trái)."))
            self.lock_label.hide()
            for widget in (self.save_button, self.print_button, self.copies, self.test_deck):
                widget.setEnabled(False)
            self.registry_label.clear()
            self._show_last(None)
            return
        present = view.present
        if self._shown_poll != code:
            self._shown_poll = code
            self.copies.setValue(default_copies(present))
            self.test_deck.setChecked(False)
        self.copies_hint.setText(
            tr("printing", "mặc định: {present} người có mặt + {spare} phiếu dự phòng").format(
                present=present, spare=default_copies(present) - present
            )
        )
        round_text = tr("printing", ", lần {n}").format(n=summary.round_no) if summary.round_no > 1 else ""
        self.poll_label.setText(
            tr("printing", "<b>{title}</b>{round} — mã {code}, {status}").format(
                title=summary.title, round=round_text, code=summary.code, status=status_label(summary.status).lower()
            )
        )
        closed = summary.status == "closed"
        self.closed_label.setText(
            tr("printing", "Nội dung này đã kết thúc kiểm phiếu: không in thêm phiếu được.") if closed else ""
        )
        self.closed_label.setVisible(closed)
        self.lock_label.setVisible(summary.status == "draft")
        self.save_button.setEnabled(not closed)
        self.print_button.setEnabled(not closed)
        self.test_deck.setEnabled(not closed)
        self._sync_options()
        self.copies.setEnabled(not closed and not self.test_deck.isChecked())
        self._show_registry(summary, view)
        self._show_last(self._last.get(code) if code is not None else None)

    def _show_registry(self, summary: PollSummary, view: _PrintingView) -> None:
        if view.refused is not None:
            show_error(self, view.refused)
        counts, entered = view.counts, view.entered
        if not counts:
            text = tr("printing", "Chưa in phiếu nào của nội dung này từ chương trình.")
        else:
            text = tr(
                "printing",
                "Đã phát: <b>{issued}</b> · đã hủy (đổi phiếu): <b>{spoiled}</b> · chưa phát: <b>{unused}</b> · "
                "phiếu thử: <b>{test}</b><br>Đã nhập kết quả: {entered} phiếu.",
            ).format(
                issued=counts["issued"],
                spoiled=counts["spoiled"],
                unused=counts["unused"],
                test=counts["test"],
                entered=entered,
            )
        issued = summary.issued if summary.issued is not None else tr("printing", "chưa có")
        text += "<br>" + tr("printing", "Số phiếu phát ra dùng trong kết quả: {issued}.").format(issued=issued)
        printed = view.printed
        if printed is not None:
            text += "<br>" + self._accounting_text(printed)
        self.registry_label.setText(text)

    @staticmethod
    def _accounting_text(printed: sheets.SheetCounts) -> str:
        """The printed sheets as the minutes account for them (#15): issued, unused, spoiled, and how many are
        not yet known as any of those (the final minutes wait for them)."""
        text = tr(
            "printing", "Đã in <b>{printed}</b>: phát ra {issued} · chưa phát {unused} · hủy (đổi phiếu) {spoiled}"
        ).format(printed=printed.printed, issued=printed.issued, unused=printed.unused, spoiled=printed.spoiled)
        if printed.without_code:
            text += tr("printing", " · trong số phát ra có {n} phiếu không có mã").format(n=len(printed.without_code))
        if printed.unaccounted > 0:
            return text + tr(
                "printing",
                "<br><span style='color:#a33'>Chưa rõ đi đâu: <b>{n}</b> phiếu đã in. Ghi từng phiếu chưa phát "
                "hoặc phiếu hủy khi đổi phiếu (màn hình Nhập phiếu, nút Ghi phiếu chưa phát / hủy) trước khi lập "
                "biên bản.</span>",
            ).format(n=printed.unaccounted)
        if printed.unaccounted < 0:
            return text + tr(
                "printing",
                "<br><span style='color:#a33'>Phát ra, chưa phát và hủy cộng lại nhiều hơn số đã in <b>{n}</b> "
                "phiếu: kiểm tra lại số phiếu phát ra.</span>",
            ).format(n=-printed.unaccounted)
        return text + tr("printing", "<br>Chưa rõ đi đâu: <b>0</b> phiếu — mọi phiếu đã in đều đã rõ.")

    def _show_last(self, result: PrintResult | None) -> None:
        self.open_button.setEnabled(result is not None)
        if result is None:
            self.result_label.setText(tr("printing", "Chưa in lần nào trong phiên làm việc này."))
            self.preview.setPixmap(QPixmap())
            self.preview.setText(
                tr("printing", "Trang 1 của phiếu hiện ở đây sau khi lưu PDF hoặc in.")
                if pdf_printer.have_qtpdf()
                else tr(
                    "printing",
                    "Máy này chưa có thành phần xem PDF (gói PySide6-Pdf): dùng nút Mở tệp PDF để xem phiếu.",
                )
            )
            return
        report = result.report
        what = tr("printing", "phiếu thử") if report.test else tr("printing", "phiếu")
        lines = [
            tr("printing", "{n} {what}, khổ {paper}{two_up}, mỗi phiếu {per} trang — {pages} trang PDF.").format(
                n=report.sheets,
                what=what,
                paper=report.paper,
                two_up=tr("printing", " (hai phiếu trên một tờ A4)") if report.two_up else "",
                per=report.pages_per_sheet,
                pages=report.pdf_pages,
            ),
            tr("printing", "Tệp PDF: {path}").format(path=report.out),
            tr("printing", "Mẫu vị trí cho máy quét: {path}").format(path=result.template),
        ]
        if result.expected is not None:
            lines.append(tr("printing", "Kết quả mong đợi của bộ phiếu thử: {path}").format(path=result.expected))
        if report.anchor:
            lines.append(tr("printing", "Mã neo nhật ký sau lần in (ghi ra giấy): {code}").format(code=report.anchor))
        self.result_label.setText("\n".join(lines))
        image = pdf_printer.render_page(report.out, 0, width=PREVIEW_WIDTH * max(1, round(self.devicePixelRatioF())))
        if image is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(tr("printing", "Không xem trước được (thiếu gói PySide6-Pdf): mở tệp PDF để xem."))
            return
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(max(1, round(self.devicePixelRatioF())))
        self.preview.setPixmap(pixmap)

    # ------------------------------------------------------------------ actions

    def _start(self, out: Path, on_done: Callable[[PrintResult], object] | None = None) -> None:
        """Print into `out` in the background, then show the result (and call `on_done(result)`)."""
        options = self.options()
        if not options.code or self.context.meeting_file is None:
            return
        meeting_file = self.context.meeting_file
        actor = self.context.actor()
        title = (
            tr("printing", "Đang tạo bộ phiếu thử…")
            if options.test_deck
            else tr("printing", "Đang tạo {n} phiếu…").format(n=options.copies)
        )

        def work(job: Job) -> PrintResult:
            job.progress(0, 0, title)
            return make_pdf(meeting_file, options, out, actor, lambda done, total: job.progress(done, total, title))

        def done(result: PrintResult) -> None:
            self._last[options.code] = result
            # print_ballots writes through its own transaction: tell the other screens.
            self.context.announce(Changes.all())
            self.refresh()
            if on_done is not None:
                on_done(result)

        run_in_background(self, work, done, progress_title=title)

    def save_pdf(self) -> None:
        """Ask where to save the ballots as PDF, then print them into it."""
        options = self.options()
        if not options.code:
            return
        folder = self.context.start_folder()
        name = f"phieu-thu-{options.code}.pdf" if options.test_deck else f"phieu-{options.code}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, tr("printing", "Lưu phiếu thành tệp PDF"), str(folder / name), tr("printing", "Tệp PDF (*.pdf)")
        )
        if not path:
            return
        out = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        self._start(out, lambda result: self._said(result))

    def _said(self, result: PrintResult) -> None:
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(
                tr("printing", "Đã lưu {n} phiếu vào {path}.").format(n=result.report.sheets, path=result.report.out),
                8000,
            )

    def print_ballots(self) -> None:
        """Choose a printer, make the PDF in a temporary folder, then send every page to the printer."""
        options = self.options()
        if not options.code:
            return
        folder = Path(tempfile.mkdtemp(prefix="kiemphieu-in-"))
        name = f"phieu-thu-{options.code}.pdf" if options.test_deck else f"phieu-{options.code}.pdf"
        out = folder / name
        doc_title = tr("printing", "Phiếu {title}").format(
            title=self._summary.title if self._summary is not None else options.code
        )
        if not pdf_printer.have_qtpdf():
            answer = QMessageBox.question(
                self,
                tr("printing", "In phiếu"),
                tr(
                    "printing",
                    "Máy này chưa có thành phần in trực tiếp (gói PySide6-Pdf). Chương trình sẽ tạo tệp PDF rồi mở "
                    "bằng trình xem PDF của máy để in. Tiếp tục?",
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            self._start(out, lambda result: pdf_printer.open_externally(result.report.out))
            return
        sheet = QPageSize.PageSizeId.A5 if options.paper == "A5" and not options.two_up else QPageSize.PageSizeId.A4
        # Two A5 ballots side by side make a landscape A4 page.
        chosen = pdf_printer.choose_printer(
            self, title=doc_title, paper=QPageSize(sheet), landscape=options.two_up, ballots=True
        )
        if chosen is None:
            return  # nothing printed, nothing recorded

        def send(result: PrintResult) -> None:
            outcome = pdf_printer.print_pdf(
                self,
                result.report.out,
                chosen,
                label=tr("printing", "Đang gửi phiếu tới máy in…"),
            )
            if outcome.ok:
                self._said_printed(result, outcome.printed)
                return
            QMessageBox.warning(
                self,
                tr("printing", "In chưa xong"),
                (
                    outcome.error
                    or tr("printing", "Đã dừng sau {n}/{total} trang.").format(n=outcome.printed, total=outcome.total)
                )
                + "\n\n"
                + tr(
                    "printing",
                    "Các phiếu đã được ghi vào sổ phiếu là đã phát. Tệp PDF vẫn còn ở {path}: in tiếp các trang còn "
                    "lại từ tệp đó, hoặc ghi các phiếu không in được là chưa phát.",
                ).format(path=result.report.out),
            )

        self._start(out, send)

    def _said_printed(self, result: PrintResult, pages: int) -> None:
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(
                tr("printing", "Đã gửi {pages} trang ({n} phiếu) tới máy in.").format(
                    pages=pages, n=result.report.sheets
                ),
                8000,
            )

    def open_pdf(self) -> None:
        """Open the last PDF of this poll in the system viewer."""
        result = self._last.get(self.context.current_poll or "")
        if result is not None:
            pdf_printer.open_externally(result.report.out)


@dataclass(frozen=True)
class _PrintingView:
    """What the printing screen shows of the chosen poll, read in one snapshot off the UI thread."""

    summary: PollSummary | None  # None: no poll chosen, or it is gone
    present: int  # people present (the default number of copies)
    counts: Counter[str]  # the poll's printed sheets by status
    entered: int  # of them, entered
    printed: sheets.SheetCounts | None  # the sheets as the minutes account for them
    refused: KiemPhieuError | None  # why the sheets could not be read (said to the user)


def _read_printing(session: Session, code: str) -> _PrintingView:
    summary = next((p for p in list_polls(session) if p.code == code), None)
    present = meeting_info(session).present
    if summary is None:
        return _PrintingView(None, present, Counter(), 0, None, None)
    try:
        rows = sheets.list_sheets(session, code)
        printed = sheets.registry(session, code)
    except KiemPhieuError as exc:
        return _PrintingView(summary, present, Counter(), 0, None, exc)
    return _PrintingView(
        summary, present, Counter(r.status for r in rows), sum(1 for r in rows if r.entered), printed, None
    )


SCREEN = PrintingScreen
