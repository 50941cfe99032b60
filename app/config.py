"""Per-user paths (the log file) without a third-party dependency."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def state_dir() -> Path:
    """Where KiểmPhiếu keeps its log: %LOCALAPPDATA%\\KiemPhieu on Windows, XDG state dir elsewhere."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "KiemPhieu"
    base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / "kiemphieu"


def log_path() -> Path:
    """The log file unexpected errors are written to."""
    return state_dir() / "kiemphieu.log"
