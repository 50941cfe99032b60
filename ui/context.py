"""The open meeting as the GUI sees it: one MeetingFile, the current poll, and signals on change."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, QSettings, QStandardPaths, QThread, QTimer, Signal
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from app.errors import KiemPhieuError, MeetingFileError
from app.services import backups, integrity, meetings, polls, roles, witness
from app.services.polls import PollSummary
from app.store import sharing
from app.store.db import MeetingFile, open_for_work, storage_error
from ui import workers
from ui.i18n import tr

T = TypeVar("T")
MAX_RECENT = 8
BACKUP_EVERY_MS = 5 * 60 * 1000
# The open marker beside the file tells other computers this one writes it (app/store/sharing.py).
MARK_EVERY_MS = int(sharing.REFRESH_EVERY.total_seconds() * 1000)


@dataclass(frozen=True)
class Changes:
    """What one write changed, so that each screen refreshes only what it touches (ui/ops.py).

    `polls`: the polls whose ballots, counts, sheets or state changed (their line in the poll list too);
    `poll_list`: polls added, removed, renamed or reordered; `meeting`: the meeting's own details; `committee`:
    the counting committee; `everything`: a write that did not say (every screen refreshes all of it)."""

    polls: frozenset[str] = frozenset()
    poll_list: bool = False
    meeting: bool = False
    committee: bool = False
    everything: bool = False

    @classmethod
    def all(cls) -> Changes:
        """A change whose reach is not known: everything is refreshed."""
        return cls(everything=True)

    @classmethod
    def poll(cls, code: str) -> Changes:
        """The ballots, counts or state of poll `code` changed."""
        return cls(polls=frozenset({code}))

    def touches_poll(self, code: str | None) -> bool:
        """Whether poll `code` (its ballots, counts, state) may have changed."""
        return self.everything or self.poll_list or (code is not None and code in self.polls)

    @property
    def touches_polls(self) -> bool:
        """Whether the poll list at a glance (titles, states, counts) may have changed."""
        return self.everything or self.poll_list or bool(self.polls)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.polls | other.polls,
            self.poll_list or other.poll_list,
            self.meeting or other.meeting,
            self.committee or other.committee,
            self.everything or other.everything,
        )


class MeetingContext(QObject):
    """Holds the open meeting file; every screen reads and writes through it.

    `changes` (a `Changes`) fires after every write, saying what it changed, then `changed`; screens refresh
    what it touches. There is no "Save": each write is its own committed transaction.
    """

    opened = Signal()
    closed = Signal()
    changes = Signal(object)
    changed = Signal()
    poll_selected = Signal(str)
    backup_failed = Signal(str)  # why the rotating backup could not be made (the meeting file is unaffected)
    witness_failed = Signal(str)  # why the anchor code could not be written to the witness file
    # Another computer may have taken the file over while this one slept (app.store.sharing.lost): from now on
    # this window only reads it (`meeting_file.lost` says why).
    write_lost = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.meeting_file: MeetingFile | None = None
        self.current_poll: str | None = None
        # Whether head-only actions ask for the head's PIN, as last read off the UI thread (None: not read yet).
        # Only what to ask: the services check the PIN itself, in the write (app.services.roles.require_head).
        self.head_pin_set: bool | None = None
        self.operator = str(QSettings().value("operator", "") or "")
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_EVERY_MS)
        # Every few minutes a backup, and the anchor code to the witness file (docs/integrity.md), off the UI thread.
        self.backup_timer.timeout.connect(self._every_few_minutes)
        self.mark_timer = QTimer(self)
        self.mark_timer.setInterval(MARK_EVERY_MS)
        self.mark_timer.timeout.connect(self._keep_marked)
        self._lost_told = False

    @property
    def is_open(self) -> bool:
        """Whether a meeting file is open."""
        return self.meeting_file is not None

    @property
    def path(self) -> Path | None:
        """The open file's path."""
        return self.meeting_file.path if self.meeting_file else None

    def start_folder(self) -> Path:
        """Where a file dialog opens: the meeting file's folder, else the user's documents (never the folder the
        program happened to be started from)."""
        if self.meeting_file is not None:
            return self.meeting_file.path.parent
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def actor(self) -> str:
        """Who is acting, as recorded in the audit log."""
        return self.operator or tr("context", "người dùng")

    def open(self, path: Path) -> None:
        """Open an existing meeting file (raises MeetingFileError with a Vietnamese message)."""
        # A copy nobody can write (read-only file or folder, write-protected stick) or a file on a network share
        # opens for reading (#15): information, results and verification work; every write says the file is
        # read-only. Any other file opens for writing, with this computer's open marker beside it (#14).
        meeting_file = open_for_work(path)
        self._replace(meeting_file)

    def adopt(self, meeting_file: MeetingFile) -> None:
        """Take over a meeting file opened or created elsewhere (e.g. the demo builder)."""
        self._replace(meeting_file)

    def _replace(self, meeting_file: MeetingFile) -> None:
        self.close()
        self.meeting_file = meeting_file
        self.current_poll = None
        self._lost_told = False
        self._remember(meeting_file.path)
        if not meeting_file.read_only:
            self.backup_timer.start()
            self.mark_timer.start()
        # The first poll and whether there is a head's PIN, read off the UI thread (#17) as a QueryOp would; queued
        # first on the reading thread, it arrives before any screen's read asked after `opened`.
        opened = False

        def first(result: tuple[str | None, bool]) -> None:
            code, self.head_pin_set = result
            if self.current_poll is None and code is not None:
                if opened:
                    self.select_poll(code)
                else:  # read inline (the tests' synchronous jobs): the screens start with it
                    self.current_poll = code

        self._read_off(_first_poll_and_pin, first)
        opened = True
        self.opened.emit()

    def close(self) -> None:
        """Close the open file (SQLite folds its journal back into the file)."""
        if self.meeting_file is not None:
            workers.wait_for_writes()  # a write still queued (ui/ops.py) is made before the file closes
            self.backup_timer.stop()
            self.mark_timer.stop()
            self.backup_now()
            self.witness_now(witness.Event.FILE_CLOSED)
            self.meeting_file.close()
            self.meeting_file = None
            self.current_poll = None
            self.head_pin_set = None
            self.closed.emit()

    def read(self, fn: Callable[[Session], T]) -> T:
        """Run a read-only service call."""
        assert self.meeting_file is not None, "no meeting open"
        with self.meeting_file.reading() as session:
            return fn(session)

    def write(self, fn: Callable[[Session], T], changes: Changes | None = None) -> T:
        """Run a service call in one transaction on this thread, then tell the screens (`announce`). Screens write
        through ui.ops.CollectionOp, off the UI thread; this is for the few writes that must be done before the
        next line runs (the close prompt's last save)."""
        result = self.transact(fn)
        self.announce(changes or Changes.all())
        return result

    def transact(self, fn: Callable[[Session], T]) -> T:
        """Run a service call in one transaction, on whatever thread calls it; tells nobody (`announce` does, on the
        UI thread). A refusal because the file is no longer this window's turns the window read-only."""
        assert self.meeting_file is not None, "no meeting open"
        try:
            with self.meeting_file.transaction() as session:
                return fn(session)
        except MeetingFileError:
            if QThread.currentThread() is self.thread():
                self._tell_if_lost()
            else:  # on the UI thread, after this write's failure is delivered there
                QTimer.singleShot(0, self, self._tell_if_lost)
            raise

    def announce(self, changes: Changes) -> None:
        """Tell the screens what a write changed (on the UI thread): `changes`, then `changed`. Nothing once the file
        is closed: a background job's outcome that comes back after (the minutes made as the file was closed) would
        have the screens read a file no longer open."""
        if self.meeting_file is None:
            return
        if changes.meeting or changes.everything:
            self._read_head_pin()
        self.changes.emit(changes)
        self.changed.emit()

    def _read_head_pin(self) -> None:
        """Read again, off the UI thread, whether the meeting has a head's PIN (`head_pin_set`)."""

        def keep(value: bool) -> None:
            self.head_pin_set = value

        self._read_off(roles.pin_required, keep)

    def _read_off(self, fn: Callable[[Session], T], deliver: Callable[[T], None]) -> None:
        """The context's own read, as ui.ops.QueryOp runs a screen's (which is built on this class, so cannot be
        used here): `fn` in a snapshot on the reading thread, `deliver(result)` on the UI thread unless the file was
        closed or replaced meanwhile; nothing with no file open. A failure is left to the screens' own reads, which say
        it."""
        meeting_file = self.meeting_file
        if meeting_file is None:
            return

        def read(job: workers.Job) -> T:
            with meeting_file.reading() as session:  # the file asked about, even if another is open by then
                return fn(session)

        def done(result: T) -> None:
            if self.meeting_file is meeting_file:
                deliver(result)

        workers.run_in_background(None, read, done, lambda _exc: None, writes=False)

    def select_poll(self, code: str | None) -> None:
        """Make `code` the poll the print, entry, results and minutes screens work on."""
        if code != self.current_poll:
            self.current_poll = code
            self.poll_selected.emit(code or "")

    def polls(self) -> list[PollSummary]:
        """Every poll of the meeting, read on the calling thread (tests and scripts: a screen reads through ui.ops)."""
        return self.read(polls.list_polls) if self.is_open else []

    def info(self) -> meetings.MeetingInfo:
        """The meeting."""
        return self.read(meetings.meeting_info)

    # ------------------------------------------------------------ anchors

    def anchor(self) -> str | None:
        """The anchor code of the open file's log now (None when no file is open)."""
        if self.meeting_file is None:
            return None
        try:
            return self.read(integrity.anchor_code)
        except (KiemPhieuError, DatabaseError):
            return None

    def _witness_key(self) -> str:
        assert self.path is not None
        return "witness/" + hashlib.sha256(str(self.path.resolve()).encode()).hexdigest()[:16]

    def witness_path(self) -> Path | None:
        """Where the anchor codes of the open file are written: the head's choice (a USB stick), else beside it."""
        if self.path is None:
            return None
        chosen = QSettings().value(self._witness_key(), "") or ""
        return Path(str(chosen)) if chosen else witness.default_path(self.path)

    def set_witness_path(self, path: Path) -> None:
        """Write the anchor codes of the open file to `path` from now on, starting with the current one (off the UI
        thread)."""
        QSettings().setValue(self._witness_key(), str(path))
        self.witness_soon(witness.Event.BY_HAND)

    def witness_now(self, event: witness.Event) -> str | None:
        """Append the current anchor code to the witness file, on this thread (closing the file: it closes right
        after); a failure (stick pulled out) is said, never in the way of the work."""
        path = self.witness_path()
        if self.meeting_file is None or path is None:
            return None
        code, problem = _record_witness(self.meeting_file, path, event)
        if problem is not None:
            self.witness_failed.emit(problem)
        return code

    def witness_soon(self, event: witness.Event) -> None:
        """`witness_now` on the writer thread (#17: the witness file is read, appended and synced to the disk, often a
        USB stick, which may take a while); a failure is said when it comes back."""
        path, meeting_file = self.witness_path(), self.meeting_file
        if meeting_file is None or path is None:
            return

        def done(outcome: tuple[str | None, str | None]) -> None:
            if outcome[1] is not None and self.meeting_file is meeting_file:
                self.witness_failed.emit(outcome[1])

        workers.run_in_background(None, lambda job: _record_witness(meeting_file, path, event), done, writes=True)

    def _every_few_minutes(self) -> None:
        """The backup timer's tick: a rotating backup (a copy of the whole file) and the anchor code to the witness
        file, one after the other on the writer thread (#17), never beside a write; a failure is said after."""
        path, meeting_file = self.witness_path(), self.meeting_file
        if meeting_file is None:
            return

        def work(job: workers.Job) -> tuple[str | None, str | None]:
            not_backed_up = None
            if not meeting_file.read_only:
                try:
                    backups.rotating_backup(meeting_file)
                except KiemPhieuError as exc:
                    not_backed_up = str(exc)
            not_witnessed = _record_witness(meeting_file, path, witness.Event.PERIODIC)[1] if path else None
            return not_backed_up, not_witnessed

        def done(problems: tuple[str | None, str | None]) -> None:
            if self.meeting_file is not meeting_file:
                return
            if problems[0] is not None:
                self.backup_failed.emit(problems[0])
            if problems[1] is not None:
                self.witness_failed.emit(problems[1])

        workers.run_in_background(None, work, done, writes=True)

    def _keep_marked(self) -> None:
        """Every minute (and first thing on waking from sleep): refresh the open marker, or find the file lost."""
        if self.meeting_file is not None:
            self.meeting_file.keep_marked(force=True)
            self._tell_if_lost()

    def _tell_if_lost(self) -> None:
        """Once the file is no longer this window's to write: stop the timers that write and tell the screens."""
        if self.meeting_file is None or self.meeting_file.lost is None or self._lost_told:
            return
        self._lost_told = True
        self.backup_timer.stop()
        self.mark_timer.stop()
        self.write_lost.emit()

    def backup_folder(self) -> Path | None:
        """Where the rotating copies go: a folder beside the meeting file."""
        return backups.backup_folder(self.path) if self.path else None

    def backup_now(self) -> Path | None:
        """Make a rotating backup of the open file (`app.services.backups`).

        A backup that cannot be made (full disk, read-only folder) never interrupts the work: the
        meeting file itself is unaffected, and the next attempt comes with the next timer tick.
        """
        if self.meeting_file is None or self.meeting_file.read_only:
            return None  # nothing can change in a read-only file
        try:
            return backups.rotating_backup(self.meeting_file)
        except KiemPhieuError as exc:
            self.backup_failed.emit(str(exc))
            return None

    # ------------------------------------------------------------ recent files

    @staticmethod
    def recent_files() -> list[Path]:
        """Recently opened meeting files that still exist, newest first."""
        stored = QSettings().value("recent", []) or []
        values = [stored] if isinstance(stored, str) else list(stored) if isinstance(stored, list | tuple) else []
        return [Path(str(v)) for v in values if Path(str(v)).exists()]

    def _remember(self, path: Path) -> None:
        recent = [str(path.resolve())] + [str(p) for p in self.recent_files() if p.resolve() != path.resolve()]
        QSettings().setValue("recent", recent[:MAX_RECENT])


def _first_poll_and_pin(session: Session) -> tuple[str | None, bool]:
    """The first poll's code (None: no poll yet) and whether head-only actions need the PIN."""
    codes = polls.poll_codes(session)
    return (codes[0] if codes else None), roles.pin_required(session)


def _record_witness(meeting_file: MeetingFile, path: Path, event: witness.Event) -> tuple[str | None, str | None]:
    """The current anchor code appended to the witness file at `path` (None: it was there already), and what went
    wrong in words (None: nothing), on whatever thread calls it."""
    try:
        with meeting_file.reading() as session:
            return witness.record(session, path, event), None
    except KiemPhieuError as exc:
        return None, str(exc)
    except DatabaseError as exc:  # the meeting file itself unreadable (its disk gone): said, never a crash
        return None, str(storage_error(meeting_file.path, exc))
