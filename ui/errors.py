"""How errors reach the user: a Vietnamese message for what they can fix, a crash dialog with the log
path for anything else (docs/architecture.md §1). Nothing is lost: every action is its own transaction."""

from __future__ import annotations

import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from app.config import log_path
from app.errors import KiemPhieuError
from app.logs import log_unexpected
from ui.i18n import tr


def log_exception(exc: BaseException) -> None:
    """Write `exc` with its traceback to the log file."""
    log_unexpected(exc)


def sentence(text: str) -> str:
    """`text` as a sentence on its own: the core words its refusals to follow "dòng 3: …" in the command line,
    in lower case ("phiếu số … đã được nhập"); a message box starts with a capital (#17, item 12) — unless it
    starts with a file's name or path ("hn1.kiemphieu: …", "anh-quet.pdf, trang 3: …"), spelt as it is (walk 17h:
    'Hn1.kiemphieu' names another file)."""
    head = text.split(maxsplit=1)[0].rstrip(":,;") if text.strip() else ""
    if any(mark in head for mark in "./\\"):
        return text
    return text[:1].upper() + text[1:]


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Tell the user what went wrong: their own mistakes plainly, bugs with the log's path."""
    if isinstance(exc, KiemPhieuError):
        QMessageBox.warning(parent, tr("errors", "Không thực hiện được"), sentence(str(exc)))
        return
    show_crash(parent, exc)


def show_crash(parent: QWidget | None, exc: BaseException) -> None:
    """An unexpected error: log it, then say so with the log path and a button to copy the details."""
    log_exception(exc)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(tr("errors", "Lỗi không mong đợi"))
    box.setText(
        tr(
            "errors",
            "Chương trình gặp lỗi không mong đợi. Dữ liệu đã ghi trước đó không bị mất.\n"
            "Chi tiết đã được ghi vào: {path}",
        ).format(path=log_path())
    )
    details = "".join(traceback.format_exception(exc))
    box.setDetailedText(details)
    copy = box.addButton(tr("errors", "Chép chi tiết"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is copy:
        QGuiApplication.clipboard().setText(details)


def install_excepthooks() -> None:
    """Route uncaught exceptions (main thread and others) to the log and the crash dialog."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        QTimer.singleShot(0, lambda: show_crash(None, exc))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            exc = args.exc_value
            QTimer.singleShot(0, lambda: show_crash(None, exc))

    sys.excepthook = hook
    threading.excepthook = thread_hook
