"""Rotating backups while a meeting is open: a copy every few minutes into a folder beside the meeting file,
keeping the newest copies (the GUI's timer calls `rotating_backup`)."""

from __future__ import annotations

from pathlib import Path

from app.errors import OutputFileError
from app.services import integrity
from app.store.db import MeetingFile

BACKUPS_KEPT = 12


def backup_folder(path: Path) -> Path:
    """Where the rotating copies of the meeting file `path` go: `<name>.saoluu` beside it."""
    return path.with_name(f"{path.stem}.saoluu")


def rotating_backup(meeting_file: MeetingFile) -> Path:
    """Copy the meeting file into its backup folder (SQLite online backup), then delete all but the newest
    BACKUPS_KEPT copies. OutputFileError when the copy cannot be made; the meeting file itself is unaffected."""
    folder = backup_folder(meeting_file.path)
    try:
        folder.mkdir(exist_ok=True)
        copy = integrity.backup(meeting_file, folder)
    except OSError as exc:
        raise OutputFileError(f"{folder}: {exc.strerror}") from None
    copies = sorted(folder.glob(f"*{meeting_file.path.suffix}"), key=lambda p: p.stat().st_mtime)
    for old in copies[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)
    return copy
