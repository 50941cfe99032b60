"""The kept copies of scanned files: beside the meeting file, named by their SHA-256."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from app import limits
from app.errors import ScanFileError
from app.store.db import MeetingFile


def scans_folder(meeting_file: MeetingFile) -> Path:
    """Where the scanned files of a meeting are kept: beside the meeting file."""
    return meeting_file.path.with_name(meeting_file.path.stem + ".scans")


def stored_file(meeting_file: MeetingFile, sha256: str, file_name: str) -> Path:
    """The kept copy of a scanned file."""
    return scans_folder(meeting_file) / f"{sha256}{Path(file_name).suffix.lower()}"


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes; ScanFileError naming the file if it cannot be read."""
    try:
        with limits.open_regular(path, "tệp ảnh quét") as handle:  # a FIFO or /dev/zero is refused, not read
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except limits.InputLimitError as exc:
        raise ScanFileError(str(exc)) from None
    except OSError as exc:
        raise ScanFileError(f"{path.name}: không đọc được tệp ({exc.strerror}).") from None


def keep(meeting_file: MeetingFile, path: Path, sha256: str) -> Path:
    """Copy a scanned file beside the meeting file under its hash (durably, before any page is stored)."""
    target = stored_file(meeting_file, sha256, path.name)
    if target.exists():
        return target
    folder = target.parent
    temporary = folder / f".{target.name}.tmp"
    try:
        folder.mkdir(exist_ok=True)
        shutil.copyfile(path, temporary)
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ScanFileError(
            f"{path.name}: không chép được ảnh quét vào {folder} ({exc.strerror}); chưa trang nào của tệp này được "
            "ghi (trang của các tệp trước nó, nếu có, đã được ghi: chạy lại để đọc tiếp)."
        ) from None
    return target
