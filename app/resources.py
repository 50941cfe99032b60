"""Where the shipped resources (rule profiles, fonts) live, in a checkout or a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """Return the `resources/` folder: beside `app/` in a checkout, inside the bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def data_dir() -> Path:
    """Return the `data/` folder with the example spec and demo material."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "data"
    return Path(__file__).resolve().parent.parent / "data"


def guide_dir() -> Path:
    """The folder holding README.md (the user guide) and docs/screens/ (its pictures): the repository root in
    a checkout, the bundle when frozen (packaging/kiemphieu.spec ships both)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


GUIDE_HEADING = "## Hướng dẫn sử dụng (giao diện)"


def user_guide() -> str:
    """The user guide: README.md's section on the window, in Markdown, its pictures relative to guide_dir()
    ("" when the README is not there)."""
    readme = guide_dir() / "README.md"
    try:
        text = readme.read_text(encoding="utf-8")
    except OSError:
        return ""
    start = text.find(GUIDE_HEADING)
    if start < 0:
        return ""
    end = text.find("\n## ", start + len(GUIDE_HEADING))
    return text[start : end if end >= 0 else len(text)].strip() + "\n"
