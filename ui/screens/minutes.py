"""Biên bản: the reconciliation gate, the minutes (PDF + Excel, draft or final), printing them, reopening a poll."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QFont, QPageSize
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app import dates
from app.errors import KiemPhieuError
from app.services import closing, witness
from app.services.closing import Closure, GateProblem, Reconciliation
from app.services.minutes import MinutesReport, make_minutes
from app.services.polls import PollSummary, get_poll, list_polls
from app.services.sheets import CodelessBallot
from ui import printer as pdf_printer
from ui.context import Changes, MeetingContext
from ui.errors import show_error
from ui.i18n import tr
from ui.models import STATUS_COLOURS, status_label
from ui.ops import CollectionOp, QueryOp
from ui.screens.base import Screen, heading, hint
from ui.workers import Job, run_in_background


def problem_text(problem: GateProblem) -> str:
    """A gate problem as a sentence for the committee (the GUI's words where the service names CLI commands)."""
    gui_words = {
        "issued_unknown": tr(
            "minutes", "Chưa có số phiếu phát ra: in phiếu từ chương trình, hoặc ghi số phiếu phát ra của nội dung này."
        ),
        "collected_unknown": tr("minutes", "Chưa ghi số phiếu thu về do Ban kiểm phiếu đếm trước khi mở hòm phiếu."),
    }
    if problem.code in gui_words:
        return gui_words[problem.code]
    message = problem.message.strip()
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


class MinutesScreen(Screen):
    """Check that the counts reconcile, make the minutes, print them, and reopen a closed poll."""

    title = str(QT_TRANSLATE_NOOP("nav", "Biên bản"))  # str: the stubs say object

    def __init__(self, context: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.summary: PollSummary | None = None
        self.problems: list[GateProblem] = []
        self.without_code: tuple[CodelessBallot, ...] = ()
        self.closure: Closure | None = None
        self.revisions = 0  # the minutes revisions made of the chosen poll so far
        self._made: dict[str, MinutesReport] = {}
        self._asked = 0  # reads of the poll asked for (the newest wins)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("minutes", "Biên bản kiểm phiếu")))
        self.poll_label = QLabel()
        self.poll_label.setWordWrap(True)
        layout.addWidget(self.poll_label)
        layout.addWidget(
            hint(
                tr(
                    "minutes",
                    "Biên bản chính thức chỉ lập được khi các số liệu khớp nhau. Lập biên bản sẽ kết thúc kiểm phiếu "
                    "nội dung này: phiếu được khóa, không nhập hay in thêm. Bản nháp không kết thúc gì và ghi rõ "
                    "“bản nháp” trên mọi trang.",
                )
            )
        )

        status_box = QGroupBox(tr("minutes", "Trạng thái"))
        status_layout = QHBoxLayout(status_box)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        status_layout.addWidget(self.status_label, 1)
        self.reopen_button = QPushButton(tr("minutes", "&Mở lại để sửa…"))
        self.reopen_button.setToolTip(
            tr("minutes", "Mở lại nội dung đã kết thúc để sửa; biên bản lập sau đó là bản sửa, ghi lý do mở lại.")
        )
        status_layout.addWidget(self.reopen_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(status_box)

        gate_box = QGroupBox(tr("minutes", "Đối chiếu số liệu"))
        gate_layout = QVBoxLayout(gate_box)
        self.gate_label = QLabel()
        self.gate_label.setWordWrap(True)
        self.gate_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        gate_layout.addWidget(self.gate_label)
        layout.addWidget(gate_box)

        buttons = QHBoxLayout()
        self.make_button = QPushButton(tr("minutes", "&Lập biên bản (PDF + Excel)…"))
        self.make_button.setDefault(True)
        self.draft_button = QPushButton(tr("minutes", "Bản &nháp…"))
        self.print_button = QPushButton(tr("minutes", "In &biên bản…"))
        for button in (self.make_button, self.draft_button, self.print_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        made_box = QGroupBox(tr("minutes", "Biên bản đã lập"))
        made_layout = QVBoxLayout(made_box)
        self.made_label = QLabel()
        self.made_label.setWordWrap(True)
        self.made_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        made_layout.addWidget(self.made_label)
        self.digest_label = QLabel()
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.digest_label.setFont(mono)
        self.digest_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.digest_label.setWordWrap(True)
        made_layout.addWidget(self.digest_label)
        open_row = QHBoxLayout()
        open_row.addStretch(1)
        self.open_button = QPushButton(tr("minutes", "Mở tệp &PDF"))
        open_row.addWidget(self.open_button)
        made_layout.addLayout(open_row)
        layout.addWidget(made_box)
        layout.addStretch(1)

        self.make_button.clicked.connect(self.make_final)
        self.draft_button.clicked.connect(self.make_draft)
        self.print_button.clicked.connect(self.print_minutes)
        self.reopen_button.clicked.connect(self.reopen)
        self.open_button.clicked.connect(self.open_pdf)

    # ------------------------------------------------------------------ state

    def refresh(self) -> None:
        code = self.context.current_poll if self.context.is_open else None
        self._asked += 1
        asked = self._asked
        if code is None:
            self._show(_MinutesView(None, None, None, None))
            return
        # The poll, its reconciliation and its minutes in one read off the UI thread; the newest ask wins.
        QueryOp(self, self.context, lambda s: _read_minutes(s, code)).success(
            lambda view: self._show(view) if asked == self._asked else None
        ).run()

    def _show(self, view: _MinutesView) -> None:
        self.summary = summary = view.summary
        enabled = summary is not None
        for button in (self.make_button, self.draft_button, self.print_button):
            button.setEnabled(enabled)
        if summary is None:
            self.poll_label.setText(tr("minutes", "Chưa chọn nội dung bỏ phiếu (chọn ở danh sách bên trái)."))
            self.status_label.clear()
            self.gate_label.clear()
            self.reopen_button.hide()
            self._show_made()
            return
        round_text = tr("minutes", ", lần {n}").format(n=summary.round_no) if summary.round_no > 1 else ""
        self.poll_label.setText(
            tr("minutes", "<b>{title}</b>{round} — mã {code}").format(
                title=summary.title, round=round_text, code=summary.code
            )
        )
        if view.refused is not None:
            show_error(self, view.refused)
        found = view.reconciliation
        self.problems = list(found.problems) if found is not None else []
        self.without_code = found.without_code if found is not None else ()
        self.closure = view.closure
        self.revisions = view.revisions
        self._show_status(summary)
        self._show_gate()
        self._show_made()

    def _show_status(self, summary: PollSummary) -> None:
        closed = summary.status == "closed"
        colour = STATUS_COLOURS.get(summary.status, "#000000")
        text = tr("minutes", "<b style='color:{colour}'>{status}</b>").format(
            colour=colour, status=status_label(summary.status)
        )
        counts = tr("minutes", " — đã nhập {entered} phiếu, thu về {collected}, phát ra {issued}.").format(
            entered=summary.entered,
            collected=summary.collected if summary.collected is not None else "—",
            issued=summary.issued if summary.issued is not None else "—",
        )
        text += counts
        if closed:
            closure = self.closure
            if closure is not None:
                text += "<br>" + tr("minutes", "Biên bản (bản số {revision}) lập lúc {at} (người lập: {who}).").format(
                    revision=closure.revision,
                    at=dates.moment(closure.closed_at, on_day=True),
                    who=closure.closed_by,
                )
                if closure.reopen_reason:
                    text += "<br>" + tr("minutes", "Lý do mở lại lần trước: {reason}").format(
                        reason=closure.reopen_reason
                    )
            text += "<br>" + tr(
                "minutes",
                "Muốn sửa số liệu hay phiếu phải <b>mở lại</b> nội dung này và ghi lý do; biên bản lập sau đó là "
                "bản sửa, có số bản mới.",
            )
        self.status_label.setText(text)
        self.reopen_button.setVisible(closed)

    def _show_gate(self) -> None:
        if not self.problems:
            closed = self.summary is not None and self.summary.status == "closed"
            text = tr("minutes", "<span style='color:#2e7d32'>✓ <b>Số liệu đã khớp</b></span>") + (
                tr("minutes", " — biên bản đã lập.") if closed else tr("minutes", " — có thể lập biên bản.")
            )
        else:
            items = "".join(f"<li>{problem_text(p)}</li>" for p in self.problems)
            text = (
                tr("minutes", "<span style='color:#a33'>✗ <b>Chưa lập được biên bản:</b></span>")
                + f"<ul style='margin-top:4px'>{items}</ul>"
            )
        self.gate_label.setText(text + self._codeless_text())

    def _codeless_text(self) -> str:
        """The ballots taken without a code in a poll printed with codes (#15): how many, their numbers, who
        entered each and when (the minutes list them too)."""
        if not self.without_code:
            return ""
        rows = "".join(
            "<li>"
            + tr("minutes", "Phiếu {key}: nhập lúc {at} tại máy {station} (người nhập: {operator})").format(
                key=b.key,
                at=dates.moment(b.entered_at, seconds=True),
                station=b.station,
                operator=b.operator,
            )
            + "</li>"
            for b in self.without_code
        )
        return (
            "<br>"
            + tr("minutes", "Phiếu không có mã QR được Ban kiểm phiếu xác nhận nhận vào: <b>{n}</b> ({keys})").format(
                n=len(self.without_code), keys=", ".join(b.key for b in self.without_code)
            )
            + f"<ul style='margin-top:4px'>{rows}</ul>"
        )

    def _show_made(self) -> None:
        code = self.context.current_poll or ""
        report = self._made.get(code)
        if report is None:
            if self.closure is not None:
                self.made_label.setText(
                    tr(
                        "minutes",
                        "Biên bản (bản số {revision}) đã lập. Tệp chưa được lưu trong phiên làm việc này: bấm Lập "
                        "biên bản để lưu lại bản này (không đổi số bản).",
                    ).format(revision=self.closure.revision)
                )
                self._show_digest(self.closure.digest)
            else:
                self.made_label.setText(tr("minutes", "Chưa lập biên bản trong phiên làm việc này."))
                self.digest_label.clear()
                self.digest_label.setToolTip("")
            self.open_button.setEnabled(False)
            return
        what = (
            tr("minutes", "Bản nháp (không có số bản)")
            if report.revision is None
            else tr("minutes", "Biên bản (bản số {n})").format(n=report.revision)
        )
        lines = [what + (tr("minutes", ", {pages} trang") if report.pdf else "").format(pages=report.pages)]
        if report.pdf is not None:
            lines.append(tr("minutes", "Tệp PDF: {path}").format(path=report.pdf))
        if report.xlsx is not None:
            lines.append(tr("minutes", "Tệp Excel: {path}").format(path=report.xlsx))
        self.made_label.setText("\n".join(lines))
        self._show_digest(report.digest)
        self.open_button.setEnabled(report.pdf is not None)

    def _show_digest(self, digest: str) -> None:
        # The minutes print the first 32 hex digits in every page's footer: show the same, the rest after.
        self.digest_label.setText(
            tr("minutes", "Mã kiểm tra kết quả (in ở chân mỗi trang biên bản): <b>{head}</b>{tail}").format(
                head=digest[:32], tail=f"<span style='color:#888'>{digest[32:]}</span>"
            )
        )
        self.digest_label.setToolTip(digest)

    # ------------------------------------------------------------------ actions

    def _refuse_if_gate_fails(self) -> bool:
        """Tell the user why the minutes cannot be made; True when refused."""
        self.refresh()
        if not self.problems:
            return False
        QMessageBox.warning(
            self,
            tr("minutes", "Chưa lập được biên bản"),
            tr("minutes", "Các số liệu chưa khớp:")
            + "\n"
            + "\n".join(f"– {problem_text(p)}" for p in self.problems)
            + "\n\n"
            + tr("minutes", "Có thể lập bản nháp để đối chiếu."),
        )
        return True

    def _confirm_closing(self) -> bool:
        """Ask before final minutes close an open poll; a closed poll needs no question."""
        if self.summary is None:
            return False
        if self.summary.status == "closed":
            return True
        answer = QMessageBox.question(
            self,
            tr("minutes", "Lập biên bản chính thức"),
            tr(
                "minutes",
                "Lập biên bản sẽ kết thúc kiểm phiếu “{title}”: không nhập thêm, không in thêm phiếu. Muốn sửa sau "
                "đó phải mở lại và ghi lý do.\n\nTiếp tục?",
            ).format(title=self.summary.title),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _run(
        self, *, pdf: Path | None, xlsx: Path | None, draft: bool, then: Callable[[Any], object] | None = None
    ) -> None:
        code = self.context.current_poll
        if code is None or self.context.meeting_file is None:
            return
        pin = None
        if not draft:
            go_on, pin = self.ask_head_pin()
            if not go_on:
                return
        meeting_file = self.context.meeting_file
        actor = self.context.actor()
        title = tr("minutes", "Đang lập bản nháp biên bản…") if draft else tr("minutes", "Đang lập biên bản…")

        def work(job: Job) -> MinutesReport:
            job.progress(0, 0, title)
            return make_minutes(meeting_file, code=code, actor=actor, pdf=pdf, xlsx=xlsx, draft=draft, pin=pin)

        def done(report: MinutesReport) -> None:
            self._made[code] = report
            if not draft:
                self.context.witness_soon(witness.Event.POLL_CLOSED)  # on the writer thread
            # make_minutes writes through its own transactions (closing, audit): tell the other screens.
            self.context.announce(Changes.all())
            self.refresh()
            if then is not None:
                then(report)

        run_in_background(self, work, done, progress_title=title)

    def _ask_pdf(self, caption: str, name: str) -> Path | None:
        folder = self.context.start_folder()
        path, _ = QFileDialog.getSaveFileName(self, caption, str(folder / name), tr("minutes", "Tệp PDF (*.pdf)"))
        if not path:
            return None
        return Path(path if path.lower().endswith(".pdf") else path + ".pdf")

    def make_final(self) -> None:
        """Make the final minutes (PDF, and the Excel workbook beside it with the same name)."""
        code = self.context.current_poll
        if code is None or self._refuse_if_gate_fails() or not self._confirm_closing():
            return
        # A revision gets a name of its own (walk 17h: 'bien-ban-tn.pdf' again, the signed first one's name).
        revision = self.closure.revision if self.closure is not None else self.revisions + 1
        name = f"bien-ban-{code}.pdf" if revision <= 1 else f"bien-ban-{code}-ban-{revision}.pdf"
        pdf = self._ask_pdf(tr("minutes", "Lưu biên bản (tệp Excel tổng hợp được lưu cạnh, cùng tên)"), name)
        if pdf is not None:
            self._run(pdf=pdf, xlsx=pdf.with_suffix(".xlsx"), draft=False, then=self._said)

    def make_draft(self) -> None:
        """Make a draft of the minutes (nothing is closed; every page says "bản nháp")."""
        code = self.context.current_poll
        if code is None:
            return
        pdf = self._ask_pdf(tr("minutes", "Lưu bản nháp biên bản"), f"bien-ban-nhap-{code}.pdf")
        if pdf is not None:
            self._run(pdf=pdf, xlsx=None, draft=True, then=self._said)

    def _said(self, report: MinutesReport) -> None:
        window = self.window()
        if hasattr(window, "statusBar"):
            what = (
                tr("minutes", "bản nháp biên bản")
                if report.revision is None
                else tr("minutes", "biên bản (bản số {n})").format(n=report.revision)
            )
            window.statusBar().showMessage(tr("minutes", "Đã lưu {what}.").format(what=what), 8000)

    def print_minutes(self) -> None:
        """Print the final minutes: make them (closing the poll if it is open), then the system print dialog."""
        code = self.context.current_poll
        if code is None or self._refuse_if_gate_fails() or not self._confirm_closing():
            return
        out = Path(tempfile.mkdtemp(prefix="kiemphieu-bien-ban-")) / f"bien-ban-{code}.pdf"
        if not pdf_printer.have_qtpdf():
            self._run(pdf=out, xlsx=None, draft=False, then=lambda report: pdf_printer.open_externally(out))
            return
        chosen = pdf_printer.choose_printer(
            self,
            title=tr("minutes", "Biên bản {title}").format(title=self.summary.title if self.summary else code),
            paper=QPageSize(QPageSize.PageSizeId.A4),
        )
        if chosen is None:
            return

        def send(report: MinutesReport) -> None:
            outcome = pdf_printer.print_pdf(self, out, chosen, label=tr("minutes", "Đang in biên bản…"))
            if not outcome.ok:
                QMessageBox.warning(
                    self,
                    tr("minutes", "In chưa xong"),
                    (
                        outcome.error
                        or tr("minutes", "Đã dừng sau {n}/{total} trang.").format(
                            n=outcome.printed, total=outcome.total
                        )
                    )
                    + "\n"
                    + tr("minutes", "Tệp PDF của biên bản: {path}").format(path=out),
                )

        self._run(pdf=out, xlsx=None, draft=False, then=send)

    def reopen(self) -> None:
        """Reopen a closed poll for a correction, with the reason (recorded and printed on the next revision)."""
        summary = self.summary
        if summary is None or summary.status != "closed":
            return
        reason, ok = QInputDialog.getText(
            self,
            tr("minutes", "Mở lại để sửa"),
            tr("minutes", "Lý do mở lại “{title}” (ghi vào nhật ký và in trên biên bản sửa):").format(
                title=summary.title
            ),
        )
        if not ok:
            return
        code = summary.code
        go_on, pin = self.ask_head_pin()
        if not go_on:
            return

        def reopened(_result: object) -> None:
            self._made.pop(code, None)
            self.refresh()

        actor = self.context.actor()
        CollectionOp(
            self,
            self.context,
            lambda s: closing.reopen_poll(s, code=code, reason=reason, actor=actor, pin=pin),
            Changes.poll(code),
        ).success(reopened).run()

    def open_pdf(self) -> None:
        """Open the last minutes PDF of this poll in the system viewer."""
        report = self._made.get(self.context.current_poll or "")
        if report is not None and report.pdf is not None:
            pdf_printer.open_externally(report.pdf)


@dataclass(frozen=True)
class _MinutesView:
    """What the minutes screen shows of the chosen poll, read in one snapshot off the UI thread."""

    summary: PollSummary | None  # None: no poll chosen, or it is gone
    reconciliation: Reconciliation | None
    closure: Closure | None  # the current minutes of a closed poll
    refused: KiemPhieuError | None  # why the reconciliation could not be made (said to the user)
    revisions: int = 0  # the minutes revisions made so far (a reopened poll's next one is revisions + 1)


def _read_minutes(session: Session, code: str) -> _MinutesView:
    summary = next((p for p in list_polls(session) if p.code == code), None)
    if summary is None:
        return _MinutesView(None, None, None, None)
    try:
        found: Reconciliation | None = closing.reconcile(session, code)
        closure = closing.current_closure(session, code) if summary.status == "closed" else None
        latest = closing.latest_closure(session, get_poll(session, code))
    except KiemPhieuError as exc:
        return _MinutesView(summary, None, None, exc)
    return _MinutesView(summary, found, closure, None, latest.revision if latest is not None else 0)


SCREEN = MinutesScreen
