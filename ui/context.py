"""The open meeting as the GUI sees it: one MeetingFile, the current poll, and signals on change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from sqlalchemy.orm import Session

from app.errors import KiemPhieuError
from app.services import backups, meetings, polls
from app.services.polls import PollSummary
from app.store.db import MeetingFile, open_meeting_file

T = TypeVar("T")
MAX_RECENT = 8
BACKUP_EVERY_MS = 5 * 60 * 1000


class MeetingContext(QObject):
    """Holds the open meeting file; every screen reads and writes through it.

    `changed` fires after every write, so screens can refresh; there is no "Save": each write is
    its own committed transaction.
    """

    opened = Signal()
    closed = Signal()
    changed = Signal()
    poll_selected = Signal(str)
    backup_failed = Signal(str)  # why the rotating backup could not be made (the meeting file is unaffected)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.meeting_file: MeetingFile | None = None
        self.current_poll: str | None = None
        self.operator = str(QSettings().value("operator", "") or "")
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_EVERY_MS)
        self.backup_timer.timeout.connect(self.backup_now)

    @property
    def is_open(self) -> bool:
        """Whether a meeting file is open."""
        return self.meeting_file is not None

    @property
    def path(self) -> Path | None:
        """The open file's path."""
        return self.meeting_file.path if self.meeting_file else None

    def actor(self) -> str:
        """Who is acting, as recorded in the audit log."""
        return self.operator or "người dùng"

    def open(self, path: Path) -> None:
        """Open an existing meeting file (raises MeetingFileError with a Vietnamese message)."""
        meeting_file = open_meeting_file(path)
        self._replace(meeting_file)

    def adopt(self, meeting_file: MeetingFile) -> None:
        """Take over a meeting file opened or created elsewhere (e.g. the demo builder)."""
        self._replace(meeting_file)

    def _replace(self, meeting_file: MeetingFile) -> None:
        self.close()
        self.meeting_file = meeting_file
        self.current_poll = None
        self._remember(meeting_file.path)
        self.backup_timer.start()
        summaries = self.read(polls.list_polls)
        if summaries:
            self.current_poll = summaries[0].code
        self.opened.emit()

    def close(self) -> None:
        """Close the open file (SQLite folds its journal back into the file)."""
        if self.meeting_file is not None:
            self.backup_timer.stop()
            self.backup_now()
            self.meeting_file.close()
            self.meeting_file = None
            self.current_poll = None
            self.closed.emit()

    def read(self, fn: Callable[[Session], T]) -> T:
        """Run a read-only service call."""
        assert self.meeting_file is not None, "no meeting open"
        with self.meeting_file.reading() as session:
            return fn(session)

    def write(self, fn: Callable[[Session], T]) -> T:
        """Run a service call in one transaction, then tell the screens."""
        assert self.meeting_file is not None, "no meeting open"
        with self.meeting_file.transaction() as session:
            result = fn(session)
        self.changed.emit()
        return result

    def select_poll(self, code: str | None) -> None:
        """Make `code` the poll the print, entry, results and minutes screens work on."""
        if code != self.current_poll:
            self.current_poll = code
            self.poll_selected.emit(code or "")

    def polls(self) -> list[PollSummary]:
        """Every poll of the meeting."""
        return self.read(polls.list_polls) if self.is_open else []

    def info(self) -> meetings.MeetingInfo:
        """The meeting."""
        return self.read(meetings.meeting_info)

    def backup_folder(self) -> Path | None:
        """Where the rotating copies go: a folder beside the meeting file."""
        return backups.backup_folder(self.path) if self.path else None

    def backup_now(self) -> Path | None:
        """Make a rotating backup of the open file (`app.services.backups`).

        A backup that cannot be made (full disk, read-only folder) never interrupts the work: the
        meeting file itself is unaffected, and the next attempt comes with the next timer tick.
        """
        if self.meeting_file is None:
            return None
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
