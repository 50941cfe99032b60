"""Files written under a temporary name beside their final one and renamed when complete (issue #14).

A run killed part-way (power cut, SIGKILL) leaves only `.NAME.xxxxxxxx.tmp`, never a partial file under the
final name; the next run writing NAME removes such leftovers first.
"""

from __future__ import annotations

import glob
import secrets
from pathlib import Path


def temporary(path: Path) -> Path:
    """A fresh temporary name beside `path`."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


def clear_stale(path: Path) -> None:
    """Remove what killed runs writing `path` left behind (their temporary files and SQLite journals)."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp*"):
        stale.unlink(missing_ok=True)
