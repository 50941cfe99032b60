"""The operations layer (#17; after Anki's QueryOp and CollectionOp): how a screen calls a service.

    QueryOp(parent, context, lambda s: polls.summary(s, code)).success(show).run()
    CollectionOp(parent, context, lambda s: ballots.enter_ballot(s, ...), Changes.poll(code)).success(done).run()
    FileOp(parent, context, lambda f: passes.export_pass(f, ...)).success(done).run()

A read runs on the thread pool in its own read-only snapshot; a write runs on the single writer thread (writes
never run side by side, and never on the UI thread) in one transaction. The result comes back to the UI thread
by signal: `success(result)`, or `failure(exc)` — without a failure callback a user's mistake is shown as its
Vietnamese message and anything else as the crash dialog (ui/errors.py), never a traceback in the window.
A write that succeeded is announced first (`MeetingContext.announce`) with the `Changes` it made, so every
screen refreshes what it touches before the caller's callback runs.

A result that arrives after the meeting file was closed or replaced, or after its parent widget went away, is
dropped: it belongs to a file nobody looks at any more.

A service that takes the whole meeting file and opens its own transactions (a pass exported or taken in, the entry
log printed) runs as a `FileOp`, on the writer thread too: it may write, and never beside another write.

Tests run the jobs inline (`ui.workers.set_synchronous`): the callbacks run before `run()` returns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtWidgets import QWidget
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from app.errors import KiemPhieuError
from app.store.db import MeetingFile
from ui.context import Changes, MeetingContext
from ui.errors import show_error
from ui.workers import run_in_background

T = TypeVar("T")

__all__ = ["Changes", "CollectionOp", "FileOp", "QueryOp", "in_words"]


class _Op(Generic[T]):
    def __init__(self, parent: QWidget | None, context: MeetingContext) -> None:
        self._parent = parent
        self._context = context
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None

    def success(self, callback: Callable[[T], None]) -> Any:
        """Call `callback(result)` on the UI thread when the operation succeeds."""
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Any:
        """Call `callback(exc)` on the UI thread when it fails (instead of showing the error)."""
        self._failure = callback
        return self

    def _alive(self, meeting_file: object) -> bool:
        parent = self._parent
        if parent is not None and not shiboken6.isValid(parent):
            return False
        return self._context.meeting_file is meeting_file

    def _failed(self, exc: BaseException) -> None:
        if self._failure is not None:
            self._failure(exc)
            return
        show_error(self._parent, in_words(self._context, exc))


def in_words(context: MeetingContext, exc: BaseException) -> BaseException:
    """A storage failure in words (disk full, file gone): a KiemPhieuError the window shows as its message."""
    from app.store.db import storage_error

    if isinstance(exc, DatabaseError) and context.meeting_file is not None:
        return storage_error(context.meeting_file.path, exc)
    return exc


class QueryOp(_Op[T]):
    """A read off the UI thread: `read(session)` in a snapshot of the open meeting file."""

    def __init__(self, parent: QWidget | None, context: MeetingContext, read: Callable[[Session], T]) -> None:
        super().__init__(parent, context)
        self._read = read

    def run(self) -> None:
        """Start the read (nothing happens when no meeting file is open)."""
        meeting_file = self._context.meeting_file
        if meeting_file is None:
            return
        context, read = self._context, self._read

        def done(result: T) -> None:
            if self._alive(meeting_file) and self._success is not None:
                self._success(result)

        def broke(exc: BaseException) -> None:
            if self._alive(meeting_file):
                self._failed(exc)

        run_in_background(None, lambda job: context.read(read), done, broke, writes=False)


class CollectionOp(_Op[T]):
    """A write on the single writer thread: `write(session)` in one transaction, then `changes` announced (a
    `Changes`, or a function of the result that says what changed)."""

    def __init__(
        self,
        parent: QWidget | None,
        context: MeetingContext,
        write: Callable[[Session], T],
        changes: Changes | Callable[[T], Changes] | None = None,
    ) -> None:
        super().__init__(parent, context)
        self._write = write
        self._changes = changes

    def _announce(self, result: T) -> None:
        changes = self._changes(result) if callable(self._changes) else self._changes
        self._context.announce(changes or Changes.all())

    def run(self) -> None:
        """Queue the write on the writer thread (nothing happens when no meeting file is open)."""
        meeting_file = self._context.meeting_file
        if meeting_file is None:
            return
        context, write = self._context, self._write

        def done(result: T) -> None:
            if context.meeting_file is meeting_file:
                self._announce(result)
            if self._alive(meeting_file) and self._success is not None:
                self._success(result)

        def broke(exc: BaseException) -> None:
            if self._alive(meeting_file):
                self._failed(exc)

        run_in_background(None, lambda job: context.transact(write), done, broke, writes=True)

    def run_here(self) -> bool:
        """Run the write on this (the UI) thread and return once it is done: only where the next line needs its
        outcome (the close prompt's last save: the window closes right after). True when it succeeded."""
        if self._context.meeting_file is None:
            return False
        try:
            result = self._context.transact(self._write)
        except (KiemPhieuError, DatabaseError) as exc:
            self._failed(exc)
            return False
        self._announce(result)
        if self._success is not None:
            self._success(result)
        return True


class FileOp(_Op[T]):
    """A service given the whole meeting file (`work(meeting_file)`: it opens its own reads and transactions, and
    may write a file on disk), on the writer thread; `changes`, if any, announced when it succeeded."""

    def __init__(
        self,
        parent: QWidget | None,
        context: MeetingContext,
        work: Callable[[MeetingFile], T],
        changes: Changes | Callable[[T], Changes] | None = None,
    ) -> None:
        super().__init__(parent, context)
        self._work = work
        self._changes = changes

    def run(self) -> None:
        """Queue the work on the writer thread (nothing happens when no meeting file is open)."""
        meeting_file = self._context.meeting_file
        if meeting_file is None:
            return
        context, work, changes = self._context, self._work, self._changes

        def done(result: T) -> None:
            if context.meeting_file is meeting_file and changes is not None:
                context.announce(changes(result) if callable(changes) else changes)
            if self._alive(meeting_file) and self._success is not None:
                self._success(result)

        def broke(exc: BaseException) -> None:
            if self._alive(meeting_file):
                self._failed(exc)

        run_in_background(None, lambda job: work(meeting_file), done, broke, writes=True)
