"""One background-work helper for the whole GUI (docs/architecture.md §1).

`run_in_background(parent, fn, on_success, on_failure)` runs `fn(job)` on a thread pool and calls
back on the main thread. `fn` never touches a widget; it gets a `Job` to report progress and to
see whether the user cancelled. Database writes go through a one-thread pool so they are serial; reads
(`writes=False`) through another, so that at most two Python threads compete with the UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.errors import KiemPhieuError

_synchronous = False
_write_pool: QThreadPool | None = None
_read_pool: QThreadPool | None = None


def set_synchronous(value: bool) -> None:
    """Run every job inline (tests): callbacks still come through the same code paths."""
    global _synchronous
    _synchronous = value


class Cancelled(KiemPhieuError):
    """The user cancelled a long job."""

    def __init__(self) -> None:
        super().__init__("Đã hủy theo yêu cầu.")


class Job(QObject):
    """Handed to a background function: report progress, check for cancellation."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()

    def progress(self, done: int, total: int, text: str = "") -> None:
        """Report progress (thread-safe); raises Cancelled if the user asked to stop."""
        self.progressed.emit(done, total, text)
        if self._cancel.is_set():
            raise Cancelled()

    def cancel(self) -> None:
        """Ask the job to stop at its next progress report."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """Whether cancel() was called."""
        return self._cancel.is_set()


class _Runnable(QRunnable):
    def __init__(self, job: Job, fn: Callable[[Job], Any]) -> None:
        super().__init__()
        self.job = job
        self.fn = fn

    def run(self) -> None:
        try:
            result = self.fn(self.job)
        except BaseException as exc:  # the callback decides what the user sees
            with suppress(RuntimeError):  # the job was deleted meanwhile (the window closed): nobody to tell
                self.job.failed.emit(exc)
        else:
            with suppress(RuntimeError):
                self.job.succeeded.emit(result)


def _pool(writes: bool) -> QThreadPool:
    global _write_pool, _read_pool
    if not writes:
        # One reading thread too (#17): under Python's single interpreter lock two reads side by side take as long
        # as one after the other, and every busy Python thread more made the UI thread wait longer for the lock
        # (blocks of 150-200 ms on a loaded two-core machine while a 10,000-ballot tally was read twice at once).
        if _read_pool is None:
            _read_pool = QThreadPool()
            _read_pool.setMaxThreadCount(1)
        return _read_pool
    if _write_pool is None:
        _write_pool = QThreadPool()
        _write_pool.setMaxThreadCount(1)
    return _write_pool


_running: set[Job] = set()


def run_in_background(
    parent: QWidget | None,
    fn: Callable[[Job], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None] | None = None,
    *,
    writes: bool = True,
    progress_title: str | None = None,
) -> Job:
    """Run `fn(job)` off the UI thread; `on_success(result)` / `on_failure(exc)` run on the UI thread.

    Without `on_failure`, errors go to ui.errors.show_error. With `progress_title`, a modal progress
    dialog with a cancel button follows the job's progress reports.
    """
    from ui.errors import show_error

    job = Job()
    _running.add(job)
    dialog: QProgressDialog | None = None
    if progress_title is not None and parent is not None:
        from ui.i18n import tr

        dialog = QProgressDialog(progress_title, tr("workers", "Hủy"), 0, 0, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(job.cancel)
        job.progressed.connect(lambda done, total, text: _show_progress(dialog, done, total, text))

    def finish() -> None:
        _running.discard(job)
        if dialog is not None:
            dialog.reset()
            dialog.deleteLater()

    @Slot(object)
    def succeeded(result: Any) -> None:
        finish()
        on_success(result)

    @Slot(object)
    def failed(exc: BaseException) -> None:
        finish()
        if isinstance(exc, Cancelled):
            return
        (on_failure or (lambda e: show_error(parent, e)))(exc)

    job.succeeded.connect(
        succeeded, Qt.ConnectionType.QueuedConnection if not _synchronous else Qt.ConnectionType.DirectConnection
    )
    job.failed.connect(
        failed, Qt.ConnectionType.QueuedConnection if not _synchronous else Qt.ConnectionType.DirectConnection
    )
    runnable = _Runnable(job, fn)
    if _synchronous:
        runnable.run()
    else:
        _pool(writes).start(runnable)
    return job


def _show_progress(dialog: QProgressDialog, done: int, total: int, text: str) -> None:
    dialog.setMaximum(max(total, 0))
    dialog.setValue(min(done, total) if total else 0)
    if text:
        dialog.setLabelText(text)


def wait_for_writes(timeout_ms: int = 30_000) -> bool:
    """Wait until every queued write has finished (before the meeting file closes)."""
    return _write_pool is None or _write_pool.waitForDone(timeout_ms)


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Wait until every background job has finished (used on close and in tests)."""
    ok = QThreadPool.globalInstance().waitForDone(timeout_ms)
    if _read_pool is not None:
        ok = _read_pool.waitForDone(timeout_ms) and ok
    if _write_pool is not None:
        ok = _write_pool.waitForDone(timeout_ms) and ok
    return ok


class LatestRead(QObject):
    """One read at a time off the UI thread, the latest asked winning (#17: a 10,000-ballot poll's tally took a
    quarter of a second or more on the UI thread, every two seconds on the results screen and the projector).

    ask(read, deliver, failed): `read()` runs on the thread pool, then `deliver(result)` (or `failed(exc)`) on the
    UI thread. Asked again while a read runs, the new ask waits and runs when it ends; asks in between are
    dropped, so a burst of changes costs two reads, not one per change.
    """

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._busy = False
        self._next: tuple[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]] | None = None

    @property
    def busy(self) -> bool:
        """Whether a read is running."""
        return self._busy

    def ask(
        self, read: Callable[[], Any], deliver: Callable[[Any], None], failed: Callable[[BaseException], None]
    ) -> None:
        """Run `read` off the UI thread (after the one running, if any), then `deliver` or `failed` on it."""
        if self._busy:
            self._next = (read, deliver, failed)
            return
        self._busy = True

        def done(result: Any) -> None:
            self._finish(lambda: deliver(result))

        def broke(exc: BaseException) -> None:
            self._finish(lambda: failed(exc))

        run_in_background(None, lambda job: read(), done, broke, writes=False)

    def _finish(self, call: Callable[[], None]) -> None:
        import shiboken6

        self._busy = False
        if not shiboken6.isValid(self):
            return  # the screen went away meanwhile
        call()
        if self._next is not None:
            read, deliver, failed = self._next
            self._next = None
            self.ask(read, deliver, failed)
