"""Watching a scanner's folder: each file is read once the scanner has finished writing it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from app.errors import ScanFileError
from app.recognition.images import SUFFIXES
from app.services.scanning.ingest import ScanReport, scan_files
from app.services.scanning.storage import PageOutcome
from app.store.db import MeetingFile


class FolderWatch:
    """The files a scanner has finished writing into a folder: each is handed out once, after its size and time
    stayed the same between two looks (so a file still being written is never read half-done)."""

    def __init__(self, folder: Path) -> None:
        if not folder.is_dir():
            raise ScanFileError(f"{folder}: không có thư mục này để theo dõi.")
        self.folder = folder
        self._last: dict[Path, tuple[int, int]] = {}
        self._taken: set[Path] = set()

    def ready(self) -> list[Path]:
        """The scans that stopped changing since the previous look and were not handed out before."""
        try:
            entries = sorted(self.folder.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            raise ScanFileError(
                f"{self.folder}: không xem được thư mục ({exc.strerror}); hãy kiểm tra ổ đĩa hoặc chọn lại thư mục."
            ) from None
        ready = []
        for path in entries:
            if path in self._taken or path.name.startswith(".") or path.suffix.lower() not in SUFFIXES:
                continue
            try:
                stat = path.stat()
            except OSError:
                continue  # moved away between listing and looking
            if not path.is_file():
                continue
            state = (stat.st_size, stat.st_mtime_ns)
            if stat.st_size > 0 and self._last.get(path) == state:
                ready.append(path)
            self._last[path] = state
        self._taken.update(ready)
        return ready


def watch(
    meeting_file: MeetingFile,
    folder: Path,
    *,
    operator: str,
    should_stop: Callable[[], bool],
    pass_no: int = 1,
    workers: int = 1,
    stamp_check: bool = True,
    interval: float = 2.0,
    idle_exit: float | None = None,
    on_page: Callable[[PageOutcome], None] | None = None,
) -> ScanReport:
    """Read pages as a scanner drops them into `folder`, until `should_stop()` (or `idle_exit` seconds with
    nothing new). A file is taken once its size and time have stayed the same for one `interval`, so a file
    the scanner is still writing is never read half-done."""
    inbox = FolderWatch(folder)
    report = ScanReport()
    started = time.perf_counter()
    quiet_since = time.monotonic()
    while not should_stop():
        ready = inbox.ready()
        if ready:
            part = scan_files(
                meeting_file,
                ready,
                operator=operator,
                pass_no=pass_no,
                workers=workers,
                stamp_check=stamp_check,
                on_page=on_page,
            )
            report.pages.extend(part.pages)
            quiet_since = time.monotonic()
        elif idle_exit is not None and time.monotonic() - quiet_since >= idle_exit:
            break
        time.sleep(interval)
    report.seconds = time.perf_counter() - started
    return report
