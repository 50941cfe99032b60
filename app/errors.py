"""The one hierarchy of errors a user can cause; each carries a Vietnamese message."""

from __future__ import annotations


class KiemPhieuError(Exception):
    """An error the user can understand and act on. `str(exc)` is the message to show."""


class SpecError(KiemPhieuError):
    """A meeting specification file is malformed or inconsistent."""


class MeetingFileError(KiemPhieuError):
    """A meeting file cannot be created or opened."""


class NotFoundError(KiemPhieuError):
    """A poll, ballot or other record named by the user does not exist."""


class EntryError(KiemPhieuError):
    """A ballot entry cannot be stored as given (malformed, duplicate, wrong shape)."""


class RulesError(KiemPhieuError):
    """A rule profile is malformed, or a poll cannot be counted under its profile."""


class ImportFileError(KiemPhieuError):
    """An input file (Excel list, entries file, pass file, a test deck's expected readings) cannot be read or
    imported: missing, unreadable, too large, not in its format, or not for this meeting."""


class OutputFileError(KiemPhieuError):
    """A file the program writes (ballot PDF, template, minutes, workbook, entry log, pass file, backup,
    archive) cannot be written where asked: the folder is missing, the file exists, or the disk refuses."""


class StateError(KiemPhieuError):
    """The action is not allowed in the poll's current state (e.g. a closed poll)."""


class AccessError(KiemPhieuError):
    """The action needs the counting committee head's PIN (missing or wrong)."""


class ScanFileError(KiemPhieuError):
    """A scanned image or PDF cannot be read (not an image, truncated, too large, no pages)."""
