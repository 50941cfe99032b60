"""Quét phiếu: read scanned ballots (files, a folder, a watched folder) and review every uncertain page.

The screen is thin: scanning runs `app.services.scanning.ingest.scan_files` in a background job with a progress
dialog (cancel keeps the pages already stored); the review panel shows the page with every region outlined
and lets the operator decide the uncertain cells from the keyboard; the bulk tab shows every undecided cell
of one option, least ink first, so many marginal marks are cleared at once.
"""

from __future__ import annotations

import html
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, QPoint, QPointF, QRect, QSize, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.errors import KiemPhieuError
from app.recognition.interpret import Cell
from app.recognition.outcomes import Outcome, Reason, Status
from app.recognition.pipeline import crop_region, page_image, region_outline
from app.recognition.words import OUTCOME_WORDS, REASON_TEMPLATES, STATUS_WORDS, params
from app.rules.points import PointsError, format_points, parse_points
from app.services.polls import poll_codes
from app.services.scanning import ingest, review, storage
from app.services.scanning.folder import FolderWatch
from ui.context import Changes, MeetingContext
from ui.errors import show_error
from ui.i18n import tr
from ui.ops import FileOp, QueryOp, in_words
from ui.screens.base import Screen, heading, hint
from ui.workers import Cancelled, Job, run_in_background

if TYPE_CHECKING:
    from app.store.db import MeetingFile

WORKERS = 2  # reader processes (both cores of the reference machine)
PAGE_WIDTH = 340  # pixels the page image is about as wide in the review panel (it fits the room it has)
CROP_HEIGHT = 90
MAX_CROPS = 120


def words(value: Reason | Outcome | Status) -> str:
    """A reason, an outcome or a status in the UI language (the Vietnamese catalogs of app.recognition.words,
    through Qt's tr; they are marked `translatable` there, so pyside6-lupdate puts them in the .ts)."""
    if isinstance(value, Reason):
        return tr("scan_reasons", REASON_TEMPLATES[value.code]).format(**params(value))
    if isinstance(value, Outcome):
        return tr("scanning", OUTCOME_WORDS[value])
    return tr("scanning", STATUS_WORDS[value])


def to_pixmap(image: Image.Image) -> QPixmap:
    """A grey PIL image as a QPixmap."""
    grey = image.convert("L")
    data = grey.tobytes()
    qimage = QImage(data, grey.width, grey.height, grey.width, QImage.Format.Format_Grayscale8)
    return QPixmap.fromImage(qimage.copy())


def cell_label(cell: Cell, columns: tuple[str, ...]) -> str:
    """Where a cell is, in words."""
    if cell.kind == "box":
        column = columns[cell.col - 1] if 0 < cell.col <= len(columns) else str(cell.col)
        return tr("scanning", "Dòng {row} · {column}").format(row=cell.row, column=column)
    if cell.kind == "name":
        return tr("scanning", "Dòng {row} · gạch tên").format(row=cell.row)
    if cell.kind == "score":
        return tr("scanning", "Người {row} · tiêu chí {col}").format(row=cell.row, col=cell.col)
    return tr("scanning", "Dòng tên {row}").format(row=cell.row)


def value_text(cell: Cell) -> str:
    """A cell's value as the table shows it."""
    if cell.kind in ("box", "name"):
        return tr("scanning", "có dấu") if cell.value else tr("scanning", "không")
    if cell.kind == "score":
        return "" if cell.value is None else format_points(int(cell.value))
    return str(cell.value or "")


class FitPicture(QWidget):
    """A picture drawn whole inside the room the layout gives it, its proportions kept (or a line of text
    when there is none): the review's page and crop shrink on a 768-px screen instead of pushing the decision
    controls below the window's edge (#17, item 8)."""

    def __init__(self, preferred: QSize, least: QSize, *, top: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap = QPixmap()
        self._scaled = QPixmap()
        self._text = ""
        self._preferred = preferred
        self._top = top
        self.setMinimumSize(least)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # Qt's name
        """The size the picture would like (the layout gives it less on a small screen)."""
        return self._preferred

    def pixmap(self) -> QPixmap:
        """The picture shown (a null pixmap when there is none)."""
        return self._pixmap

    def setPixmap(self, pixmap: QPixmap) -> None:  # Qt's name, as QLabel's
        """Show `pixmap`, scaled to the room."""
        self._pixmap, self._scaled, self._text = pixmap, QPixmap(), ""
        self.update()

    def setText(self, text: str) -> None:  # Qt's name, as QLabel's
        """Show `text` instead of a picture."""
        self._pixmap, self._scaled, self._text = QPixmap(), QPixmap(), text
        self.update()

    def text(self) -> str:
        """The text shown instead of a picture ("" when a picture or nothing is shown)."""
        return self._text

    def clear(self) -> None:
        """Show nothing."""
        self.setText("")

    def drawn(self) -> QRect:
        """Where the picture lies inside the widget (an empty rectangle when there is none)."""
        if self._pixmap.isNull():
            return QRect()
        size = self._pixmap.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        top = 0 if self._top else (self.height() - size.height()) // 2
        return QRect(QPoint((self.width() - size.width()) // 2, top), size)

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt's name
        """The picture scaled to the widget (kept until the size changes), or the text."""
        painter = QPainter(self)
        if not self._pixmap.isNull():
            where = self.drawn()
            if self._scaled.size() != where.size():
                self._scaled = self._pixmap.scaled(
                    where.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            painter.drawPixmap(where.topLeft(), self._scaled)
        elif self._text:
            painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self._text)
        painter.end()


class ScanningScreen(Screen):
    """Scan files or a folder, see what each page became, and review the pages that need a person."""

    title = str(QT_TRANSLATE_NOOP("nav", "Quét phiếu"))  # str: the stubs say object

    def __init__(self, context: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.shown: review.ReviewPage | None = None
        self._asked = 0  # reads of the queue asked for (the newest wins)
        self._page_asked = 0  # pages chosen for review (only the newest one read is shown)
        self.image: Image.Image | None = None
        self.watch_timer = QTimer(self)
        self.watch_timer.setInterval(2000)
        self.watch_timer.timeout.connect(self._watch_tick)
        self.inbox: FolderWatch | None = None
        self._busy = False
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("scanning", "Quét phiếu")))
        layout.addWidget(
            hint(
                tr(
                    "scanning",
                    "Chọn ảnh quét (PNG, JPEG, TIFF nhiều trang, PDF) hoặc cả thư mục. "
                    "Phiếu đọc chắc chắn được tính ngay; dấu mờ, gạch dở, chữ viết tay, thiếu dấu đóng "
                    "hay có chữ viết thêm đều chờ người xem ở dưới. "
                    "Quét lại cùng tệp không tính hai lần.",
                )
            )
        )
        buttons = QHBoxLayout()
        self.files_button = QPushButton(tr("scanning", "Chọn tệp ảnh quét…"))
        self.files_button.clicked.connect(self._choose_files)
        self.folder_button = QPushButton(tr("scanning", "Chọn thư mục…"))
        self.folder_button.clicked.connect(self._choose_folder)
        self.watch_button = QPushButton(tr("scanning", "Theo dõi thư mục máy quét…"))
        self.watch_button.setCheckable(True)
        self.watch_button.toggled.connect(self._toggle_watch)
        self.stamp_box = QCheckBox(tr("scanning", "Kiểm tra dấu đóng"))
        self.stamp_box.setChecked(True)
        self.pass_box = QSpinBox()
        self.pass_box.setRange(1, 3)
        self.pass_box.setPrefix(tr("scanning", "Lượt "))
        self.pass_box.setToolTip(tr("scanning", "Quét vào lượt 2 để đối chiếu với phiếu đã nhập tay ở lượt 1"))
        for widget in (self.files_button, self.folder_button, self.watch_button, self.stamp_box, self.pass_box):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.totals_label = QLabel()
        self.totals_label.setWordWrap(True)
        layout.addWidget(self.totals_label)

        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.pages_table = QTableWidget(0, 5)
        self.pages_table.setHorizontalHeaderLabels(
            [
                tr("scanning", "Tệp, trang"),
                tr("scanning", "Phiếu số"),
                tr("scanning", "Nội dung"),
                tr("scanning", "Kết quả"),
                tr("scanning", "Lý do"),
            ]
        )
        self.pages_table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.pages_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.pages_table.verticalHeader().hide()
        self.tabs.addTab(self.pages_table, tr("scanning", "Lần quét vừa rồi"))
        self.tabs.addTab(self._review_tab(), tr("scanning", "Hàng chờ người xem"))
        self.tabs.addTab(self._bulk_tab(), tr("scanning", "Xem theo ô (hàng loạt)"))

    # ------------------------------------------------------------ building

    def _review_tab(self) -> QWidget:
        tab = QWidget()
        row = QHBoxLayout(tab)
        left = QVBoxLayout()
        self.queue_list = QListWidget()
        self.queue_list.currentItemChanged.connect(lambda item, _prev: self._show_page(item))
        left.addWidget(self.queue_list, 1)
        self.dismiss_button = QPushButton(tr("scanning", "Bỏ trang…"))
        self.dismiss_button.setToolTip(tr("scanning", "Bỏ trang khỏi hàng chờ, không tính (Trưởng ban)"))
        self.dismiss_button.clicked.connect(self._dismiss)
        left.addWidget(self.dismiss_button)
        self.dismiss_file_button = QPushButton(tr("scanning", "Bỏ cả tệp…"))
        self.dismiss_file_button.setToolTip(
            tr("scanning", "Bỏ mọi trang đang chờ của tệp quét này (tệp quét nhầm, không phải phiếu) — Trưởng ban")
        )
        self.dismiss_file_button.clicked.connect(self._dismiss_file)
        left.addWidget(self.dismiss_file_button)
        holder = QWidget()
        holder.setLayout(left)
        holder.setMaximumWidth(160)
        row.addWidget(holder)
        # The whole page, as large as the room allows: on a 768-px screen it shrinks, it never scrolls.
        self.page_view = FitPicture(QSize(PAGE_WIDTH, round(PAGE_WIDTH * 1.414)), QSize(180, 300), top=True)
        row.addWidget(self.page_view, 1)
        right = QVBoxLayout()
        self.reasons_label = QLabel()
        self.reasons_label.setWordWrap(True)
        right.addWidget(self.reasons_label)
        self.crop_label = FitPicture(QSize(240, CROP_HEIGHT * 2), QSize(160, CROP_HEIGHT))
        right.addWidget(self.crop_label, 2)
        self.cells_table = QTableWidget(0, 3)
        self.cells_table.setHorizontalHeaderLabels(
            [tr("scanning", "Vùng"), tr("scanning", "Mực"), tr("scanning", "Có dấu / ghi")]
        )
        self.cells_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.cells_table.verticalHeader().hide()
        self.cells_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.cells_table.currentCellChanged.connect(lambda r, *_: self._show_crop(r))
        right.addWidget(self.cells_table, 3)
        right.addWidget(
            hint(
                tr(
                    "scanning",
                    "Phím: ↑/↓ chọn vùng; Cách hoặc X đổi có dấu/không; gõ điểm hoặc tên rồi Enter; "
                    "Ctrl+Enter xác nhận cả trang.",
                )
            )
        )
        self.checks_box = QCheckBox(tr("scanning", "Đã xem dấu đóng và chữ viết ngoài ô"))
        right.addWidget(self.checks_box)
        self.invalid_edit = QLineEdit()
        self.invalid_edit.setPlaceholderText(tr("scanning", "Phiếu không hợp lệ vì… (để trống nếu hợp lệ)"))
        right.addWidget(self.invalid_edit)
        self.confirm_button = QPushButton(tr("scanning", "Xác nhận trang (Ctrl+Enter)"))
        self.confirm_button.clicked.connect(self._confirm)
        right.addWidget(self.confirm_button)
        side = QWidget()
        side.setLayout(right)
        side.setMinimumWidth(280)
        row.addWidget(side)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), tab).activated.connect(self._confirm)
        self.cells_table.installEventFilter(self)
        return tab

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """X toggles the current box; Ctrl+Enter confirms the page (also while the table has the focus)."""
        if watched is self.cells_table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_X and not event.modifiers():
                self._toggle_current()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                self._confirm()
                return True
        return super().eventFilter(watched, event)

    def _bulk_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("scanning", "Ô cần xem:")))
        self.option_box = QComboBox()
        self.option_box.currentIndexChanged.connect(lambda _i: self._show_crops())
        top.addWidget(self.option_box, 1)
        self.mark_selected = QPushButton(tr("scanning", "Ô đã chọn: CÓ dấu; ô còn lại: KHÔNG"))
        self.mark_selected.clicked.connect(self._apply_bulk)
        top.addWidget(self.mark_selected)
        column.addLayout(top)
        column.addWidget(
            hint(
                tr(
                    "scanning",
                    "Các ô cùng một lựa chọn, ít mực trước. Đánh dấu những ô có dấu thật rồi bấm nút; "
                    "trang còn câu hỏi khác (dấu đóng, chữ viết ngoài ô) vẫn ở hàng chờ.",
                )
            )
        )
        self.crops_area = QScrollArea()
        self.crops_area.setWidgetResizable(True)
        self.crops_holder = QWidget()
        self.crops_grid = QGridLayout(self.crops_holder)
        self.crops_grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.crops_area.setWidget(self.crops_holder)
        column.addWidget(self.crops_area, 1)
        self.crop_boxes: list[tuple[review.Crop, QCheckBox]] = []
        self._crops_asked = 0  # options chosen in the bulk view (only the newest one read is shown)
        return tab

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        if not self.context.is_open:
            return
        code = self.context.current_poll
        self._asked += 1
        asked = self._asked
        # The totals, the queue and the poll's uncertain options in one read off the UI thread; the newest ask wins.
        QueryOp(self, self.context, lambda s: _read_queue(s, code)).success(
            lambda view: self._show_queue(code, view) if asked == self._asked else None
        ).run()

    def _show_queue(self, code: str | None, view: _QueueView) -> None:
        if self.pages_table.rowCount() == 0:  # nothing scanned in this window yet: say what the file holds
            totals = view.totals
            if totals:
                parts = "; ".join(f"{words(k)}: {v}" for k, v in sorted(totals.items()))
                self.totals_label.setText(
                    tr("scanning", "Tệp hội nghị đã có {n} trang quét ({parts}).").format(
                        n=sum(totals.values()), parts=parts
                    )
                )
            else:
                self.totals_label.setText(tr("scanning", "Chưa quét trang nào vào tệp hội nghị này."))
        queue = view.queue
        current = self.queue_list.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.queue_list.blockSignals(True)
        self.queue_list.clear()
        for item in queue:
            text = f"#{item.page_id} {item.file} ({item.page_no})\n" + (
                f"[{item.poll}] {item.serial}" if item.poll else words(item.outcome)
            )
            entry = QListWidgetItem(text, self.queue_list)
            entry.setData(Qt.ItemDataRole.UserRole, item.page_id)
            entry.setToolTip("\n".join(words(r) for r in item.reasons))
        self.queue_list.blockSignals(False)
        self.tabs.setTabText(1, tr("scanning", "Hàng chờ người xem ({n})").format(n=len(queue)))
        rows = [
            i for i in range(self.queue_list.count()) if self.queue_list.item(i).data(Qt.ItemDataRole.UserRole) == keep
        ]
        if self.queue_list.count():
            self.queue_list.setCurrentRow(rows[0] if rows else 0)
        else:
            self._clear_page()
        self._fill_options(code, view)

    def _fill_options(self, code: str | None, view: _QueueView) -> None:
        self.option_box.blockSignals(True)
        self.option_box.clear()
        if code:
            columns = view.columns
            for (kind, row, col), count in view.options:
                column = columns[col - 1] if 0 < col <= len(columns) else str(col)
                what = (
                    tr("scanning", "dòng {row}, gạch tên").format(row=row)
                    if kind == "name"
                    else tr("scanning", "dòng {row}, ô “{column}”").format(row=row, column=column)
                )
                self.option_box.addItem(f"[{code}] {what} — {count}", (kind, row, col))
        self.option_box.blockSignals(False)
        self._show_crops()

    # ------------------------------------------------------------ scanning

    def _choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            tr("scanning", "Chọn ảnh quét"),
            str(self.context.start_folder()),
            tr("scanning", "Ảnh quét (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.pdf)"),
        )
        if files:
            self.scan([Path(f) for f in files])

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, tr("scanning", "Chọn thư mục ảnh quét"), str(self.context.start_folder())
        )
        if folder:
            self.scan([Path(folder)])

    def scan(self, paths: list[Path], *, quiet: bool = False) -> None:
        """Read `paths` in the background, then show what each page became."""
        if not self.context.is_open or self._busy:
            return
        meeting_file = self.context.meeting_file
        assert meeting_file is not None
        operator = self.context.actor()
        options: dict[str, Any] = {"pass_no": self.pass_box.value(), "stamp_check": self.stamp_box.isChecked()}
        self._busy = True

        def work(job: Job) -> ingest.ScanReport:
            stored: list[storage.PageOutcome] = []
            try:
                return ingest.scan_files(
                    meeting_file,
                    paths,
                    operator=operator,
                    workers=WORKERS,
                    on_page=stored.append,
                    progress=lambda done, total: job.progress(
                        done, total, tr("scanning", "Đang đọc trang {done}/{total}…").format(done=done, total=total)
                    ),
                    **options,
                )
            except Cancelled:  # the pages read before the cancel are stored: show them
                return ingest.ScanReport(pages=stored, cancelled=True)

        def done(report: ingest.ScanReport) -> None:
            self._busy = False
            self._show_report(report)
            self.context.announce(Changes.all())

        def failed(exc: BaseException) -> None:
            self._busy = False
            self.context.announce(Changes.all())  # pages stored before an error stay
            show_error(self, exc)

        run_in_background(
            self, work, done, failed, progress_title=None if quiet else tr("scanning", "Đang đọc phiếu quét…")
        )

    def _show_report(self, report: ingest.ScanReport) -> None:
        table = self.pages_table
        table.setRowCount(len(report.pages))
        for r, page in enumerate(report.pages):
            values = [
                f"{page.file}, {page.page_no}",
                page.serial or "",
                page.poll or "",
                words(page.outcome),
                "; ".join(words(r) for r in page.reasons),
            ]
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c == 3 and page.status is Status.PENDING:
                    item.setForeground(QBrush(QColor("#b35c00")))
                table.setItem(r, c, item)
        table.resizeColumnsToContents()
        totals = "; ".join(f"{words(k)}: {v}" for k, v in sorted(report.totals.items()))
        rate = len(report.pages) / report.seconds if report.seconds else 0.0
        text = tr("scanning", "{pages} trang ({totals}); đã tính {counted} phiếu; {rate:.1f} trang/giây.").format(
            pages=len(report.pages), totals=totals or "—", counted=report.counted, rate=rate
        )
        if report.cancelled:
            text = (
                tr("scanning", "Đã dừng theo yêu cầu: các trang dưới đây đã được ghi, quét lại để đọc nốt.")
                + " "
                + text
            )
        self.totals_label.setText(text)
        self.tabs.setCurrentIndex(1 if any(p.status is Status.PENDING for p in report.pages) else 0)

    def _toggle_watch(self, on: bool) -> None:
        if not on:
            self.watch_timer.stop()
            self.inbox = None
            self.watch_button.setText(tr("scanning", "Theo dõi thư mục máy quét…"))
            return
        folder = QFileDialog.getExistingDirectory(
            self, tr("scanning", "Thư mục máy quét lưu ảnh vào"), str(self.context.start_folder())
        )
        if not folder:
            self.watch_button.setChecked(False)
            return
        inbox = self.call(lambda: FolderWatch(Path(folder)))
        if inbox is None:
            self.watch_button.setChecked(False)
            return
        self.inbox = inbox
        self.watch_button.setText(tr("scanning", "Dừng theo dõi {name}").format(name=inbox.folder.name))
        self.watch_timer.start()

    def _watch_tick(self) -> None:
        """Take the files of the watched folder that stopped growing since the last look."""
        if self.inbox is None or self._busy:
            return
        try:
            ready = self.inbox.ready()
        except KiemPhieuError as exc:
            self.watch_button.setChecked(False)
            show_error(self, exc)
            return
        if ready:
            self.scan(ready, quiet=True)

    # ------------------------------------------------------------ review

    def _clear_page(self) -> None:
        self.shown = None
        self.image = None
        self.page_view.setText(tr("scanning", "Không còn trang nào chờ người xem."))
        self.crop_label.clear()
        self.reasons_label.clear()
        self.cells_table.setRowCount(0)
        for widget in (
            self.confirm_button,
            self.dismiss_button,
            self.dismiss_file_button,
            self.checks_box,
            self.invalid_edit,
        ):
            widget.setEnabled(False)

    def _show_page(self, item: QListWidgetItem | None) -> None:
        if item is None or not self.context.is_open:
            self._clear_page()
            return
        page_id = int(item.data(Qt.ItemDataRole.UserRole))
        meeting_file = self.context.meeting_file
        assert meeting_file is not None
        # Off the UI thread (#17): the page's row and its picture (a page of a scanned PDF decoded). Until it is
        # shown nothing can be decided on the page before (its buttons are off); only the newest page chosen shows.
        self._page_asked += 1
        asked = self._page_asked
        self._clear_page()
        self.page_view.setText(tr("scanning", "Đang mở trang…"))

        def read(session: Session) -> tuple[review.ReviewPage, Image.Image | None, str | None]:
            shown = review.review_page(meeting_file, session, page_id)
            try:
                return shown, page_image(shown.image_path, shown.page_no), None
            except KiemPhieuError as exc:
                return shown, None, str(exc)

        def failed(exc: BaseException) -> None:
            if asked == self._page_asked:
                self.page_view.clear()
                show_error(self, in_words(self.context, exc))

        QueryOp(self, self.context, read).success(lambda got: self._show_read_page(asked, *got)).failure(failed).run()

    def _show_read_page(
        self, asked: int, shown: review.ReviewPage, image: Image.Image | None, problem: str | None
    ) -> None:
        """The page chosen, read off the UI thread: its picture, why it waits, its cells (the first one focused)."""
        if asked != self._page_asked:
            return  # another page was chosen meanwhile
        self.shown = shown
        self.image = image
        if problem is not None:
            self.page_view.setText(problem)
        self.reasons_label.setText(
            "<b>"
            + tr("scanning", "Cần xem:")
            + "</b><br>"
            + "<br>".join(f"• {html.escape(words(r))}" for r in shown.reasons)
        )
        columns = shown.pdef.columns if shown.pdef is not None else ()
        cells = sorted(shown.cells, key=lambda c: (c.certain, c.row, c.col))
        self.cells_table.setRowCount(len(cells))
        for r, cell in enumerate(cells):
            where = QTableWidgetItem(cell_label(cell, columns))
            where.setData(Qt.ItemDataRole.UserRole, (cell.kind, cell.row, cell.col))
            where.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            if not cell.certain:
                font = where.font()
                font.setBold(True)
                where.setFont(font)
                where.setForeground(QBrush(QColor("#b35c00")))
            ink = QTableWidgetItem(f"{cell.score:.0%}")
            ink.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            decision = QTableWidgetItem()
            if cell.kind in ("box", "name"):
                decision.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
                )
                decision.setCheckState(Qt.CheckState.Checked if cell.value else Qt.CheckState.Unchecked)
            else:
                decision.setText(value_text(cell))
            self.cells_table.setItem(r, 0, where)
            self.cells_table.setItem(r, 1, ink)
            self.cells_table.setItem(r, 2, decision)
        self.cells_table.resizeColumnsToContents()
        has_cells = bool(cells)
        self.checks_box.setVisible(bool(shown.checks))
        self.checks_box.setChecked(False)
        self.invalid_edit.clear()
        for widget in (self.confirm_button, self.checks_box, self.invalid_edit, self.cells_table):
            widget.setEnabled(has_cells)
        self.dismiss_button.setEnabled(True)
        self.dismiss_file_button.setEnabled(True)
        self._draw_page()
        if cells:
            self.cells_table.setCurrentCell(0, 2)
            self.cells_table.setFocus()
        self._show_crop(0 if cells else -1)  # also when row 0 was already current (no change signal)

    def _draw_page(self, selected: tuple[str, int, int] | None = None) -> None:
        shown, image = self.shown, self.image
        if shown is None or image is None:
            return
        pixmap = to_pixmap(image.convert("L"))
        if shown.template is not None and shown.transform is not None:
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            cells = {(c.kind, c.row, c.col): c for c in shown.cells}
            width = max(2.0, image.width / PAGE_WIDTH * 1.6)
            for region in shown.template["regions"]:
                key = (region["kind"], region["row"], region["col"])
                cell = cells.get(key)
                if cell is None:
                    continue
                colour = (
                    QColor("#e67e00") if not cell.certain else QColor("#1f8a3b") if cell.value else QColor("#8a8a8a")
                )
                if key == selected:
                    colour = QColor("#1565c0")
                painter.setPen(QPen(colour, width * (2 if key == selected else 1)))
                points = [QPointF(x, y) for x, y in region_outline(shown.transform, region["rect"])]
                painter.drawPolygon(QPolygonF(points))
            if shown.extra_at is not None:
                painter.setPen(QPen(QColor("#c62828"), width * 2))
                ((x, y),) = region_outline(shown.transform, [shown.extra_at[0], shown.extra_at[1], 0, 0])[:1]
                radius = image.width / 25
                painter.drawEllipse(QPointF(x, y), radius, radius)
            painter.end()
        self.page_view.setPixmap(pixmap)

    def _current_key(self, row: int) -> tuple[str, int, int] | None:
        item = self.cells_table.item(row, 0) if row >= 0 else None
        return tuple(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _cell_text(self, row: int, column: int) -> str:
        """The text of a cell of the cells table ("" when there is none)."""
        item = self.cells_table.item(row, column)
        return item.text() if item is not None else ""

    def _show_crop(self, row: int) -> None:
        shown, image = self.shown, self.image
        key = self._current_key(row)
        if shown is None or image is None or key is None or shown.template is None or shown.transform is None:
            self.crop_label.clear()
            return
        rect = next((r["rect"] for r in shown.template["regions"] if (r["kind"], r["row"], r["col"]) == key), None)
        if rect is None:
            return
        crop = crop_region(image, shown.transform, rect, margin=0.4 if key[0] == "name" else 0.8)
        self.crop_label.setPixmap(to_pixmap(crop))
        self._draw_page(key)

    def _toggle_current(self) -> None:
        row = self.cells_table.currentRow()
        item = self.cells_table.item(row, 2) if row >= 0 else None
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def decisions(self) -> dict[tuple[str, int, int], Any]:
        """What the table says for every cell (the service keeps only what changed or was uncertain)."""
        values: dict[tuple[str, int, int], Any] = {}
        for row in range(self.cells_table.rowCount()):
            key = self._current_key(row)
            item = self.cells_table.item(row, 2)
            if key is None or item is None:
                continue
            kind = key[0]
            if kind in ("box", "name"):
                values[key] = item.checkState() == Qt.CheckState.Checked
            elif kind == "score":
                try:
                    values[key] = parse_points(item.text())
                except PointsError:
                    raise KiemPhieuError(
                        tr(
                            "scanning",
                            "Điểm “{text}” ở {where} không phải điểm nguyên hoặc nửa điểm (ví dụ 8 hoặc 8,5): "
                            "hãy gõ lại, chương trình không làm tròn.",
                        ).format(text=item.text(), where=self._cell_text(row, 0))
                    ) from None
            else:
                values[key] = item.text().strip()
        return values

    def _confirm(self) -> None:
        shown = self.shown
        if shown is None or not self.confirm_button.isEnabled():
            return
        if shown.checks and not self.checks_box.isChecked():
            show_error(
                self,
                KiemPhieuError(
                    tr("scanning", "Hãy xem dấu đóng và chữ viết ngoài ô trên ảnh, rồi đánh dấu ô “Đã xem”.")
                ),
            )
            return
        try:
            values = self.decisions()
        except KiemPhieuError as exc:
            show_error(self, exc)
            return
        actor, physical_invalid = self.context.actor(), self.invalid_edit.text() or None
        FileOp(
            self,
            self.context,
            lambda f: review.decide(
                f,
                page_id=shown.page_id,
                values=values,
                actor=actor,
                physical_invalid=physical_invalid,
                checks_done=True,
            ),
            Changes.all(),
        ).run()

    def _dismiss(self) -> None:
        shown = self.shown
        if shown is None:
            return
        asked = self._reason_and_pin(
            tr("scanning", "Bỏ trang khỏi hàng chờ"),
            tr("scanning", "Lý do (ví dụ: đã nhập tay phiếu số …, đã quét lại):"),
        )
        if asked is None:
            return
        _meeting_file, note, pin = asked
        actor = self.context.actor()
        FileOp(
            self,
            self.context,
            lambda f: review.dismiss(f, page_id=shown.page_id, note=note, actor=actor, pin=pin),
            Changes.all(),
        ).run()

    def _dismiss_file(self) -> None:
        """Set aside every waiting page of the shown page's file at once (#15): a file of non-ballots."""
        shown = self.shown
        if shown is None:
            return
        asked = self._reason_and_pin(
            tr("scanning", "Bỏ cả tệp khỏi hàng chờ"),
            tr("scanning", "Bỏ mọi trang đang chờ của tệp {file}. Lý do (ví dụ: quét nhầm, không phải phiếu):").format(
                file=shown.file
            ),
        )
        if asked is None:
            return
        _meeting_file, note, pin = asked
        actor = self.context.actor()
        FileOp(
            self,
            self.context,
            lambda f: review.dismiss_many(f, note=note, actor=actor, file_name=shown.file, pin=pin),
            Changes.all(),
        ).run()

    def _reason_and_pin(self, title: str, prompt: str) -> tuple[MeetingFile, str, str | None] | None:
        """Ask why pages are set aside, then the head's PIN: the open file, the reason and the PIN, or None when
        the person cancels either question."""
        note, ok = QInputDialog.getText(self, title, prompt)
        if not ok:
            return None
        go, pin = self.ask_head_pin()
        meeting_file = self.context.meeting_file
        if not go or meeting_file is None:
            return None
        return meeting_file, note, pin

    # ------------------------------------------------------------ bulk

    def _show_crops(self) -> None:
        while self.crops_grid.count():
            taken = self.crops_grid.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.crop_boxes = []
        self._crops_asked += 1
        asked = self._crops_asked
        code = self.context.current_poll
        key = self.option_box.currentData()
        meeting_file = self.context.meeting_file
        self.mark_selected.setEnabled(False)  # on again once the crops of this option are shown
        if not code or key is None or meeting_file is None:
            return

        # Off the UI thread (#17): the option's cells, their pages' pictures (each a page of a scanned PDF decoded)
        # and the crops cut from them; only the newest option chosen shows.
        def failed(exc: BaseException) -> None:
            if asked == self._crops_asked:
                show_error(self, in_words(self.context, exc))

        QueryOp(self, self.context, lambda s: _read_crops(meeting_file, s, code, key)).success(
            lambda crops: self._show_read_crops(asked, crops)
        ).failure(failed).run()

    def _show_read_crops(self, asked: int, crops: list[tuple[review.Crop, Image.Image]]) -> None:
        """The crops of the option chosen, read off the UI thread, each with its check box."""
        if asked != self._crops_asked:
            return  # another option was chosen meanwhile
        for n, (crop, part) in enumerate(crops):
            cell = QWidget()
            box_layout = QVBoxLayout(cell)
            picture = QLabel()
            picture.setPixmap(to_pixmap(part).scaledToHeight(CROP_HEIGHT, Qt.TransformationMode.SmoothTransformation))
            box_layout.addWidget(picture)
            check = QCheckBox(f"{crop.serial or '#' + str(crop.page_id)} · {crop.cell.score:.0%}")
            check.setChecked(bool(crop.cell.value))
            box_layout.addWidget(check)
            self.crops_grid.addWidget(cell, n // 4, n % 4)
            self.crop_boxes.append((crop, check))
        self.mark_selected.setEnabled(True)

    def _apply_bulk(self) -> None:
        meeting_file = self.context.meeting_file
        if meeting_file is None or not self.crop_boxes:
            return
        decisions = [
            (crop.page_id, crop.cell.kind, crop.cell.row, crop.cell.col, check.isChecked())
            for crop, check in self.crop_boxes
        ]
        actor = self.context.actor()
        FileOp(
            self, self.context, lambda f: review.decide_cells(f, decisions=decisions, actor=actor), Changes.all()
        ).run()


@dataclass(frozen=True)
class _QueueView:
    """What the scanning screen shows of the file, read in one snapshot off the UI thread."""

    totals: dict[Status, int]  # pages kept, by what became of them
    queue: list[review.QueueItem]  # pages a person must look at
    columns: tuple[str, ...]  # the chosen poll's mark columns
    options: list[tuple[tuple[str, int, int], int]]  # its options with undecided cells, and how many


def _read_crops(
    meeting_file: MeetingFile, session: Session, code: str, key: tuple[str, int, int]
) -> list[tuple[review.Crop, Image.Image]]:
    """The undecided cells of one option of poll `code` (the first MAX_CROPS, least ink first), each with the part of
    its page around it; a page whose picture cannot be read is left out (its own review says why)."""
    kind, row, col = key
    pages: dict[int, tuple[Image.Image, dict[str, Any], tuple[tuple[float, ...], ...]] | None] = {}
    crops = []
    for crop in review.option_cells(session, code=code, kind=kind, row=row, col=col)[:MAX_CROPS]:
        if crop.page_id not in pages:
            shown = review.review_page(meeting_file, session, crop.page_id)
            pages[crop.page_id] = None
            if shown.template is not None and shown.transform is not None:
                with suppress(KiemPhieuError):
                    pages[crop.page_id] = (page_image(shown.image_path, shown.page_no), shown.template, shown.transform)
        page = pages[crop.page_id]
        if page is None:
            continue
        image, template, transform = page
        rect = next(r["rect"] for r in template["regions"] if (r["kind"], r["row"], r["col"]) == key)
        crops.append((crop, crop_region(image, transform, rect, margin=0.3 if kind == "name" else 0.8)))
    return crops


def _read_queue(session: Session, code: str | None) -> _QueueView:
    known = code is not None and code in poll_codes(session)
    return _QueueView(
        review.stored_totals(session),
        review.review_queue(session),
        review.poll_columns(session, code) if known and code is not None else (),
        review.uncertain_options(session, code=code) if known and code is not None else [],
    )


SCREEN = ScanningScreen
