"""Showing and printing the PDFs the core writes (docs/architecture.md §4): QtPdf renders each page, QPainter puts it
on a QPrinter chosen in the system print dialog.

QtPdf comes in the PySide6-Pdf wheel, which PySide6-Essentials does not include. Without it the PDF is
opened in the system's PDF viewer instead, and there is no preview.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRect, QSize, QSizeF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog, QWidget

from ui.i18n import tr

try:  # PySide6-Pdf is optional: Essentials alone has no QtPdf
    from PySide6.QtPdf import QPdfDocument
except ImportError:  # pragma: no cover - depends on the installed wheels
    QPdfDocument = None  # type: ignore[assignment,misc]

# Raster resolution of printed pages: enough for QR codes and 9 pt text (~0.2 s per page).
PRINT_DPI = 300


def have_qtpdf() -> bool:
    """Whether PDFs can be previewed and printed from inside the program."""
    return QPdfDocument is not None


def _load(path: Path) -> QPdfDocument | None:
    if QPdfDocument is None:
        return None
    doc = QPdfDocument()
    if doc.load(str(path)) != QPdfDocument.Error.None_ or doc.pageCount() < 1:
        return None
    return doc


def _on_white(image: QImage, fmt: QImage.Format = QImage.Format.Format_RGB32) -> QImage:
    """`image` flattened onto white paper.

    QtPdf renders on a transparent background, and converting that straight to grayscale turns every
    blank pixel black (a black page on the printer).
    """
    flat = QImage(image.size(), QImage.Format.Format_RGB32)
    flat.setDevicePixelRatio(image.devicePixelRatio())
    flat.fill(Qt.GlobalColor.white)
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    return flat if fmt == QImage.Format.Format_RGB32 else flat.convertToFormat(fmt)


def render_page(path: Path, page: int = 0, *, width: int = 420) -> QImage | None:
    """Page `page` of the PDF at `path` as an image `width` pixels wide, or None when it cannot be drawn."""
    doc = _load(path)
    if doc is None or not 0 <= page < doc.pageCount():
        return None
    points = doc.pagePointSize(page)
    if points.width() <= 0:
        return None
    height = round(width * points.height() / points.width())
    image = doc.render(page, QSize(width, height))
    return None if image.isNull() else _on_white(image)


def open_externally(path: Path) -> bool:
    """Open `path` in the system's viewer (for a PDF: where the user can print it)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def choose_printer(
    parent: QWidget | None,
    *,
    title: str,
    path: Path | None = None,
    paper: QPageSize | None = None,
    landscape: bool = False,
    ballots: bool = False,
) -> QPrinter | None:
    """Ask for a printer in the system print dialog; None when the user cancels.

    The paper offered first is `paper` (turned to `landscape`), else the size of page 1 of `path`.
    With `ballots`, copies and page ranges are switched off: every sheet has its own serial, so a sheet
    printed twice would be two ballots with one serial.
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setFullPage(True)
    printer.setResolution(PRINT_DPI)
    doc = _load(path) if path is not None and paper is None else None
    if doc is not None:
        size = doc.pagePointSize(0)
        landscape = size.width() > size.height()
        paper = QPageSize(
            QSizeF(min(size.width(), size.height()), max(size.width(), size.height())), QPageSize.Unit.Point
        )
    if paper is not None:
        printer.setPageSize(paper)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    option = QAbstractPrintDialog.PrintDialogOption
    options = option.PrintToFile | option.PrintShowPageSize
    if not ballots:
        options |= option.PrintPageRange | option.PrintCollateCopies
    dialog.setOptions(options)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    if ballots:
        printer.setCopyCount(1)
        printer.setPrintRange(QPrinter.PrintRange.AllPages)
    return printer


@dataclass(frozen=True)
class PrintOutcome:
    """How a print run ended."""

    printed: int
    total: int
    cancelled: bool
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Every page went to the printer."""
        return not self.cancelled and self.error is None and self.printed == self.total


def print_pdf(parent: QWidget | None, path: Path, printer: QPrinter, *, label: str) -> PrintOutcome:
    """Render every page of `path` (or the range chosen in the dialog) onto `printer`, with a progress dialog.

    Pages are drawn at their true size from the top-left corner of the paper: ballots are read back
    by position, so they must never be scaled to fit.
    """
    doc = _load(path)
    if doc is None:
        return PrintOutcome(0, 0, False, tr("printer", "Không đọc được tệp PDF {path}.").format(path=path))
    first, last = 0, doc.pageCount() - 1
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(0, printer.fromPage() - 1)
        last = min(last, max(first, printer.toPage() - 1))
    pages = list(range(first, last + 1))
    progress = QProgressDialog(label, tr("printer", "Dừng in"), 0, len(pages), parent)
    progress.setWindowTitle(tr("printer", "Đang in"))
    progress.setMinimumDuration(500)
    painter = QPainter()
    if not painter.begin(printer):
        progress.deleteLater()
        return PrintOutcome(0, len(pages), False, tr("printer", "Không mở được máy in."))
    device_dpi = printer.resolution()
    render_dpi = min(PRINT_DPI, device_dpi)
    printed = 0
    cancelled = False
    try:
        for n, page in enumerate(pages):
            if progress.wasCanceled():
                cancelled = True
                printer.abort()
                break
            progress.setValue(n)
            progress.setLabelText(
                tr("printer", "{label}\nTrang {n}/{total}").format(label=label, n=n + 1, total=len(pages))
            )
            QApplication.processEvents()
            if n:
                printer.newPage()
            points = doc.pagePointSize(page)
            image = _on_white(
                doc.render(
                    page, QSize(round(points.width() * render_dpi / 72), round(points.height() * render_dpi / 72))
                ),
                QImage.Format.Format_Grayscale8,
            )
            target = QRect(0, 0, round(points.width() * device_dpi / 72), round(points.height() * device_dpi / 72))
            painter.drawImage(target, image)
            printed += 1
    finally:
        painter.end()
        progress.setValue(len(pages))
        progress.deleteLater()
    return PrintOutcome(printed, len(pages), cancelled)
