"""Màn hình chiếu: one poll's results full screen in large type for the hall's projector.

PgDn / → / ↓ / Space show the next poll, PgUp / ← / ↑ the previous one, Home / End the first and last;
Esc (or F11) closes. Choosing a poll in the main window shows it here too.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication, QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QLayout, QTableView, QVBoxLayout, QWidget

from app.errors import KiemPhieuError, NotFoundError
from app.services.polls import poll_codes
from ui.context import Changes, MeetingContext
from ui.i18n import tr
from ui.tally_view import (
    REFRESH_MS,
    TallyRead,
    TallyTableModel,
    collected_text,
    is_provisional,
    read_tally_since,
    summary_lines,
    unreadable,
)
from ui.workers import LatestRead

NEXT_KEYS = {Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Space}
PREVIOUS_KEYS = {Qt.Key.Key_PageUp, Qt.Key.Key_Left, Qt.Key.Key_Up}


class ProjectorWindow(QWidget):
    """A full-screen window showing one poll's tally in large type; elected names are highlighted."""

    def __init__(self, context: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.context = context
        self.code: str | None = context.current_poll
        self._tally: dict[str, Any] | None = None
        self._codes: list[str] = []  # every poll in order, as last read
        self._seen: tuple[str, int] | None = None  # the poll and the file's version of the tally shown
        self._fitted: tuple[int, int, int, int] | None = None  # window size and table shape the type was fitted to
        self._table_size = 0  # the table's type size now (a style sheet set again re-lays the whole table)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(tr("projector", "KiểmPhiếu — Màn hình chiếu"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName("projector")
        self.setStyleSheet("#projector { background: white; }QLabel { color: #111; }")
        layout = QVBoxLayout(self)
        # The window is the screen's size, never its content's: a table fitted to its rows would otherwise raise the
        # layout's minimum, Qt would make the window taller, and the type would be fitted again, and again (#17).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(48, 32, 48, 24)
        layout.setSpacing(12)
        self.meeting_label = QLabel()
        self.meeting_label.setStyleSheet("color: #555;")
        self.meeting_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.meeting_label.setWordWrap(True)
        self.title_label = QLabel()
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title_label.setWordWrap(True)
        self.totals_label = QLabel()
        self.totals_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.totals_label.setWordWrap(True)
        self.model = TallyTableModel(compact=True)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setWordWrap(True)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.footer = QLabel()
        self.footer.setStyleSheet("color: #888;")
        self.footer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.meeting_label)
        layout.addWidget(self.title_label)
        layout.addWidget(self.totals_label)
        layout.addWidget(self.table)
        layout.addWidget(self.summary_label)
        layout.addStretch(1)
        layout.addWidget(self.footer)
        self.reader = LatestRead(self)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.context.changes.connect(self._changed)
        self.context.poll_selected.connect(self.show_poll)
        self.context.closed.connect(self.close)
        self._scale_fonts()

    # ------------------------------------------------------------------ showing

    def show_on_projector(self) -> None:
        """Go full screen on a second screen when there is one (the projector), else on this one."""
        screens = QGuiApplication.screens()
        parent = self.parentWidget()
        here = parent.screen() if parent is not None else None
        others = [s for s in screens if s is not here]
        target = others[-1] if others else (here or QGuiApplication.primaryScreen())
        if target is not None:
            self.setGeometry(target.geometry())
        self.refresh()
        self.showFullScreen()
        self.timer.start()
        self.raise_()
        self.activateWindow()
        self.setFocus()

    def codes(self) -> list[str]:
        """The polls that can be shown, in order, as last read with the tally (off the UI thread, #17; none before
        the first read)."""
        return self._codes

    def _changed(self, changes: Changes) -> None:
        """A write: the tally is read again when it touched the poll shown (or the poll list)."""
        if changes.touches_poll(self.code):
            self._seen = None
            self.refresh()

    def show_poll(self, code: str) -> None:
        """Show poll `code`."""
        if code:
            self.code = code
            self.refresh()

    def step(self, delta: int) -> None:
        """Show the poll `delta` places after (negative: before) the one shown, stopping at the ends."""
        codes = self.codes()
        if not codes:
            return
        here = codes.index(self.code) if self.code in codes else 0
        self.show_poll(codes[max(0, min(len(codes) - 1, here + delta))])

    def refresh(self) -> None:
        """Re-read the tally of the poll shown."""
        if not self.context.is_open:
            return
        if self.code is None:
            self._first_poll()
            return
        code, context, meeting_file = self.code, self.context, self.context.meeting_file
        seen = self._seen[1] if self._seen is not None and self._seen[0] == code else None

        def deliver(read: TallyRead) -> None:
            if context.meeting_file is not meeting_file or self.code != code:
                return
            self._codes = list(read.codes)
            if code not in self._codes:
                self.code = None
                self.refresh()  # the poll is gone: show the first
                return
            self.footer.setText(
                tr("projector", "Nội dung {n}/{total}  ·  PgUp / PgDn: đổi nội dung  ·  Esc: đóng").format(
                    n=self._codes.index(code) + 1, total=len(self._codes)
                )
            )
            if read.tally is not None:
                self.meeting_label.setText(read.meeting)
                self._set(read.tally, None)
                self._seen = (code, read.version)

        def failed(exc: BaseException) -> None:
            if context.meeting_file is meeting_file and self.code == code:
                self._seen = None
                if isinstance(exc, NotFoundError):  # the poll was removed: the first one is shown
                    self._codes, self.code = [], None
                    self._first_poll(gone=(code, exc))
                    return
                self._set(None, str(exc) if isinstance(exc, KiemPhieuError) else unreadable(exc))

        # Off the UI thread, the latest ask winning (a 10,000-ballot poll takes a quarter of a second or more), the
        # tally read only when the file changed since the one shown.
        self.reader.ask(lambda: read_tally_since(context, code, seen), deliver, failed)

    def _first_poll(self, gone: tuple[str, NotFoundError] | None = None) -> None:
        """No poll chosen: read the polls off the UI thread, then show the first (or say there is none). `gone`: the
        poll whose read was refused as not found, and why (still listed: said, not read again and again)."""
        context, meeting_file = self.context, self.context.meeting_file

        def deliver(codes: list[str]) -> None:
            if context.meeting_file is not meeting_file or self.code is not None:
                return
            self._codes = codes
            if gone is not None and gone[0] in codes:
                self.code = gone[0]
                self._set(None, str(gone[1]))
            elif codes:
                self.show_poll(codes[0])
            else:
                self._set(None, tr("projector", "Hội nghị chưa có nội dung bỏ phiếu."))

        def failed(exc: BaseException) -> None:
            if context.meeting_file is meeting_file and self.code is None:
                self._set(None, str(exc) if isinstance(exc, KiemPhieuError) else unreadable(exc))

        self.reader.ask(lambda: context.read(poll_codes), deliver, failed)

    def _set(self, tally: dict[str, Any] | None, error: str | None) -> None:
        if tally == self._tally and tally is not None:
            return
        self._tally = tally
        relaid = not self.model.same_shape_as_shown(tally)  # new numbers only: the type and table stay as they are
        if relaid and tally is not None:
            # New rows: the table takes their type size while empty (a style sheet set on a filled table polishes
            # every cell, a tenth of a second on the UI thread, #17).
            self.model.set_tally(None)
            self._style_table(self._table_type_size(len(tally["items"])))
        self.model.set_tally(tally)
        if tally is None:
            self.title_label.setText(error or "")
            self.totals_label.clear()
            self.summary_label.clear()
            return
        round_text = tr("projector", " (lần {n})").format(n=tally["round"]) if tally["round"] > 1 else ""
        provisional = (
            "<br><span style='color:#b36b00'>{}</span>".format(tr("projector", "KẾT QUẢ TẠM THỜI — đang kiểm phiếu"))
            if is_provisional(tally)
            else ""
        )
        self.title_label.setText(f"<b>{tally['title']}{round_text}</b>{provisional}")
        issued = tally["issued"] if tally["issued"] is not None else "—"
        self.totals_label.setText(
            tr(
                "projector",
                "Phát ra <b>{issued}</b>  ·  Thu về <b>{collected}</b>  ·  Hợp lệ <b>{valid}</b>  ·  "
                "Không hợp lệ <b>{invalid}</b>",
            ).format(issued=issued, collected=collected_text(tally), valid=tally["valid"], invalid=tally["invalid"])
        )
        self.summary_label.setText("<br>".join(summary_lines(tally)))
        header = self.table.horizontalHeader()
        name = self.model.column_of("name")
        for column in range(self.model.columnCount()):
            mode = QHeaderView.ResizeMode.Stretch if column == name else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(column, mode)
        if relaid:
            self._scale_fonts()

    # ------------------------------------------------------------------ type size

    def _scale_fonts(self) -> None:
        """Type sized to the window, the table's as large as its rows allow (up to 1.6 times the body text)."""
        # Only when the window's size or the table's rows changed: fitting lays out the whole table (#17), and
        # fitting the table's height made Qt resize the window again, which fitted again.
        key = (self.width(), self.height(), self.model.rowCount(), self.model.columnCount())
        if key == self._fitted:
            return
        if not self.isVisible():
            # Fitted on a hidden window, the table measured its rows at columns not laid out yet (a tally read before
            # the window showed: "Không trúng cử" wrapped over three lines, every row 100 px at 1366×768 and the
            # table scrolled); fitted when shown (showEvent).
            return
        self._fitted = key
        unit = self._unit()
        for widget, factor, bold in (
            (self.meeting_label, 0.8, False),
            (self.title_label, 1.5, True),
            (self.totals_label, 1.0, False),
            (self.summary_label, 0.95, False),
            (self.footer, 0.6, False),
        ):
            font = QFont(widget.font())
            font.setPixelSize(max(10, round(unit * factor)))
            font.setBold(bold)
            widget.setFont(font)
        size = self._table_type_size(self.model.rowCount())
        self._style_table(size)
        # Numbers never wrap, names may: keep for the names what their longest needs, up to a third of the width
        # (walk 17h: a confidence poll of two short names kept a third for them, its type fell to 12 px at 1024).
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else None
        width = self.width() - (margins.left() + margins.right() if margins is not None else 0)
        while size > 12 and self._number_columns_width() + self._names_width(width) > width:
            size = max(12, int(size * 0.9))
            self._style_table(size)
        self._fit_table(self._table_room())

    def _unit(self) -> int:
        return max(14, self.height() // 34)

    def _table_room(self) -> int:
        """What the other lines leave for the table: title (up to two lines), totals, summary, footer, margins."""
        unit = self._unit()
        return max(unit * 4, self.height() - unit * 13)

    def _table_type_size(self, rows: int) -> int:
        """The table's type size for `rows` rows in this window: as large as the rows allow, up to 1.6 units."""
        unit = self._unit()
        return max(12, min(round(unit * 1.6), int(self._table_room() / ((max(1, rows) + 1) * 1.7))))

    def _style_table(self, size: int) -> None:
        if size == self._table_size:
            return  # setting the same style sheet again would polish and lay out the whole table again (#17)
        self._table_size = size
        # Style sheets, not setFont: a style sheet on the window would otherwise win over the header's font.
        self.table.setStyleSheet(
            f"QTableView {{ border: none; gridline-color: #ccc; background: white; color: #111; font-size: {size}px; }}"
            "QTableView::item { padding: 0 6px; }"
            "QHeaderView::section { background: #1f3b6e; color: white; border: none; padding: 4px 8px;"
            f" font-size: {max(11, round(size * 0.8))}px; font-weight: bold; }}"
        )

    def _number_columns_width(self) -> int:
        header = self.table.horizontalHeader()
        name = self.model.column_of("name")
        return sum(
            max(self.table.sizeHintForColumn(c), header.sectionSizeHint(c))
            for c in range(self.model.columnCount())
            if c != name
        )

    def _names_width(self, width: int) -> int:
        """The names' room: their longest on one line, at most 35% of `width` (they wrap beyond it)."""
        name = self.model.column_of("name")
        if name < 0:
            return int(width * 0.35)
        return min(int(width * 0.35), self.table.sizeHintForColumn(name))

    def _fit_table(self, room: int) -> None:
        """Make the table exactly as tall as its rows (no blank band inside it), at most `room`."""
        self.table.resizeRowsToContents()
        header = self.table.horizontalHeader()
        height = header.sizeHint().height() + sum(self.table.rowHeight(r) for r in range(self.model.rowCount()))
        self.table.setFixedHeight(min(room, height + 2 * self.table.frameWidth() + 2))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scale_fonts()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._scale_fonts()

    # ------------------------------------------------------------------ keys

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Escape, Qt.Key.Key_F11):
            self.close()
        elif key in NEXT_KEYS:
            self.step(1)
        elif key in PREVIOUS_KEYS:
            self.step(-1)
        elif key == Qt.Key.Key_Home:
            self.step(-len(self.codes()))
        elif key == Qt.Key.Key_End:
            self.step(len(self.codes()))
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.timer.stop()
        super().closeEvent(event)
