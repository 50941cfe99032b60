"""Kết quả: the live tally of the current poll (totals, one row per name, who is elected), and the projector."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import dates
from app.errors import KiemPhieuError
from ui.context import Changes, MeetingContext
from ui.i18n import tr
from ui.models import kind_label, status_label
from ui.projector import ProjectorWindow  # imported with the screen: compiled on the first F11 it took ~20 ms (#17)
from ui.screens.base import Screen, heading
from ui.tally_view import (
    REFRESH_MS,
    TallyRead,
    TallyTableModel,
    base_label,
    collected_recorded,
    collected_text,
    is_provisional,
    read_tally_since,
    summary_lines,
    unreadable,
)
from ui.workers import LatestRead


def stat_box(caption: str) -> tuple[QFrame, QLabel]:
    """A framed box with a large number over a small caption; returns the box and the number's label."""
    box = QFrame()
    box.setFrameShape(QFrame.Shape.StyledPanel)
    box.setStyleSheet("QFrame { background: #f6f7f9; border-radius: 4px; }")
    layout = QVBoxLayout(box)
    layout.setContentsMargins(10, 6, 10, 6)
    layout.setSpacing(0)
    number = QLabel("—")
    font = number.font()
    font.setPointSizeF(font.pointSizeF() * 1.7)
    font.setBold(True)
    number.setFont(font)
    label = QLabel(caption)
    label.setStyleSheet("color: #555;")
    layout.addWidget(number)
    layout.addWidget(label)
    return box, number


class ResultsScreen(Screen):
    """The current poll's tally, live: totals, the table, the summary; the projector on F11."""

    title = str(QT_TRANSLATE_NOOP("nav", "Kết quả"))  # str: the stubs say object

    def __init__(self, context: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._shown: tuple[str | None, dict[str, Any] | None] = (None, None)
        self._seen: tuple[str, int] | None = None  # the poll and the file's version of the tally shown
        self._status = ""  # the state of the poll shown
        self.projector: QWidget | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading(tr("results", "Kết quả")))
        top.addStretch(1)
        self.projector_button = QPushButton(tr("results", "Màn &hình chiếu (F11)"))
        self.projector_button.setToolTip(
            tr("results", "Mở kết quả toàn màn hình cho máy chiếu; PgUp/PgDn đổi nội dung, Esc để đóng.")
        )
        top.addWidget(self.projector_button)
        layout.addLayout(top)
        self.poll_label = QLabel()
        self.poll_label.setWordWrap(True)
        layout.addWidget(self.poll_label)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #a33;")
        self.error_label.hide()
        layout.addWidget(self.error_label)

        stats = QGridLayout()
        stats.setHorizontalSpacing(8)
        self.stat: dict[str, QLabel] = {}
        for column, (key, caption) in enumerate(
            (
                ("issued", tr("results", "Phát ra")),
                ("collected", tr("results", "Thu về")),
                ("entered", tr("results", "Đã nhập")),
                ("valid", tr("results", "Hợp lệ")),
                ("invalid", tr("results", "Không hợp lệ")),
            )
        ):
            box, number = stat_box(caption)
            self.stat[key] = number
            stats.addWidget(box, 0, column)
        layout.addLayout(stats)
        self.reasons_label = QLabel()
        self.reasons_label.setWordWrap(True)
        self.reasons_label.setStyleSheet("color: #555;")
        layout.addWidget(self.reasons_label)

        self.model = TallyTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.table, 1)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout.addWidget(self.summary_label)
        self.updated_label = QLabel()
        self.updated_label.setStyleSheet("color: #777;")
        layout.addWidget(self.updated_label)

        self.reader = LatestRead(self)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(self.refresh)
        # The main window hands the visible screen every change (apply); this covers a change while it is hidden.
        self.context.changes.connect(self._changed)
        self.context.opened.connect(self._forget)
        self.projector_button.clicked.connect(self.open_projector)
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self.open_projector)

    # ------------------------------------------------------------------ refresh

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.timer.stop()

    def _forget(self) -> None:
        """Another file: its versions say nothing about the tally shown."""
        self._seen = None

    def _changed(self, changes: Changes) -> None:
        if changes.touches_poll(self.context.current_poll):
            self._seen = None  # the next refresh reads the tally whatever the file's version
            if self.isVisible():
                self._soon.start()

    def apply(self, changes: Changes) -> None:
        """Handled by `_changed` (also while hidden): a ballot of another poll leaves the tally as it is."""

    def refresh(self) -> None:
        self._soon.stop()
        code = self.context.current_poll if self.context.is_open else None
        if code is None:
            self._show(None, None, tr("results", "Chưa chọn nội dung bỏ phiếu (chọn ở danh sách bên trái)."))
            return
        meeting_file = self.context.meeting_file
        context = self.context
        seen = self._seen[1] if self._seen is not None and self._seen[0] == code else None

        def deliver(read: TallyRead) -> None:
            if context.meeting_file is meeting_file and context.current_poll == code:
                if read.tally is not None:
                    self._status = read.status
                    self._show(code, read.tally, None)
                    self._seen = (code, read.version)
                else:
                    self._show_time()

        def failed(exc: BaseException) -> None:
            if context.meeting_file is not meeting_file or context.current_poll != code:
                return  # another file or poll meanwhile: its own read follows
            self._seen = None
            # Timer-driven: say it on the screen, never in a modal every two seconds.
            self._show(code, None, str(exc) if isinstance(exc, KiemPhieuError) else unreadable(exc))

        # Off the UI thread, the latest ask winning: a 10,000-ballot poll takes a quarter of a second or more, and is
        # read only when the file changed since the tally shown.
        self.reader.ask(lambda: read_tally_since(context, code, seen), deliver, failed)

    def _show_time(self) -> None:
        self.updated_label.setText(
            tr("results", "Cập nhật lúc {time} · tự cập nhật mỗi {s} giây khi đang xem").format(
                time=dates.time(dt.datetime.now(), seconds=True), s=REFRESH_MS // 1000
            )
        )

    def _show(self, code: str | None, tally: dict[str, Any] | None, error: str | None) -> None:
        self._show_time()
        self.error_label.setVisible(error is not None)
        self.error_label.setText(error or "")
        if (code, tally) == self._shown and tally is not None:
            return  # nothing new: keep the selection and the scroll position
        self._shown = (code, tally)
        relaid = not self.model.same_shape_as_shown(tally)  # new rows or columns: sized again; new numbers: not
        self.model.set_tally(tally)
        if tally is None:
            self.poll_label.setText("" if error else tr("results", "Chưa có kết quả."))
            for number in self.stat.values():
                number.setText("—")
            self.reasons_label.clear()
            self.summary_label.clear()
            return
        status = self._status
        round_text = tr("results", ", lần {n}").format(n=tally["round"]) if tally["round"] > 1 else ""
        self.poll_label.setText(
            (
                tr("results", "<span style='color:#b36b00'><b>KẾT QUẢ TẠM THỜI</b></span> · ")
                if is_provisional(tally)
                else ""
            )
            + tr("results", "<b>{title}</b> — {kind}{round}, {status}. Tỷ lệ % tính trên {base} ({n}).").format(
                title=tally["title"],
                kind=tr("results", "bỏ phiếu tín nhiệm") if tally.get("binding") else kind_label(tally["kind"]).lower(),
                round=round_text,
                status=status_label(status).lower(),
                base=base_label(tally["base_kind"]),
                n=tally["base"],
            )
        )
        for key, number in self.stat.items():
            value = tally[key]
            number.setText("—" if value is None else str(value))
        # Until the committee records the ballots collected, the tally holds the ballots entered in its place:
        # never shown as the count of the box (#17).
        collected = self.stat["collected"]
        recorded = collected_recorded(tally)
        collected.setText(collected_text(tally))
        collected.setStyleSheet("" if recorded else "color: #b36b00;")
        collected.setToolTip(
            ""
            if recorded
            else tr("results", "Ban kiểm phiếu chưa ghi số phiếu thu về (màn hình Nhập phiếu, nút Ghi số phiếu).")
        )
        reasons = tally["invalid_reasons"]
        self.reasons_label.setText(
            tr("results", "Không hợp lệ vì: {reasons}").format(
                reasons="; ".join(f"{reason} ({count})" for reason, count in reasons.items())
            )
            if reasons
            else ""
        )
        self.reasons_label.setVisible(bool(reasons))
        if relaid:
            self._size_columns()
        lines = summary_lines(tally)
        self.summary_label.setText("<br>".join(lines))
        self.summary_label.setVisible(bool(lines))

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        name = self.model.column_of("name")
        for column in range(self.model.columnCount()):
            mode = QHeaderView.ResizeMode.Stretch if column == name else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(column, mode)
        self.table.resizeRowsToContents()

    # ------------------------------------------------------------------ projector

    def open_projector(self) -> None:
        """Show the results full screen for the projector (one poll at a time)."""
        if not self.context.is_open:
            return
        if self.projector is None:
            self.projector = ProjectorWindow(self.context, self)
            self.projector.destroyed.connect(lambda: setattr(self, "projector", None))
        self.projector.show_on_projector()  # type: ignore[attr-defined]


SCREEN = ResultsScreen
