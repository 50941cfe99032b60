"""The fonts every PDF uses: Liberation Serif 2.x (Times New Roman metrics, full Vietnamese), shipped
in resources/fonts/ with its licence and embedded as subsets. Never a base-14 font."""

from __future__ import annotations

import functools

from reportlab.lib.fonts import addMapping
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.resources import resources_dir

SERIF = "KPSerif"
SERIF_BOLD = "KPSerif-Bold"
SERIF_ITALIC = "KPSerif-Italic"
SERIF_BOLD_ITALIC = "KPSerif-BoldItalic"

_FILES = {
    SERIF: "LiberationSerif-Regular.ttf",
    SERIF_BOLD: "LiberationSerif-Bold.ttf",
    SERIF_ITALIC: "LiberationSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}


@functools.cache
def register_fonts() -> None:
    """Register the shipped fonts with ReportLab once per process."""
    folder = resources_dir() / "fonts"
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    addMapping(SERIF, 0, 0, SERIF)
    addMapping(SERIF, 1, 0, SERIF_BOLD)
    addMapping(SERIF, 0, 1, SERIF_ITALIC)
    addMapping(SERIF, 1, 1, SERIF_BOLD_ITALIC)


def text_width(text: str, font: str, size: float) -> float:
    """Width of `text` in points (fonts must be registered)."""
    return float(pdfmetrics.stringWidth(text, font, size))


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break `text` into lines no wider than `width` (a single over-long word stays whole): ReportLab's
    `simpleSplit`, with one empty line for empty text."""
    lines: list[str] = simpleSplit(text, font, size, width)
    return lines or [""]
