"""A fold crease at any angle across the sheet is paper, not ink: through an empty box it leaves the box empty
(with certainty, not "faint"), through a marked box the mark still reads.

The creases are drawn here (a thin grey core with a soft shadow on one side, across the whole sheet), not by the
benchmark, and laid through the boxes found from the test deck's own expected marks."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PIL import Image, ImageFilter

from app.recognition.reading import SheetReading, read_page

DPI = 200
K = DPI / 72  # pixels per point
MM = DPI / 25.4  # pixels per millimetre


def _creased(image: Image.Image, through: tuple[float, float], angle: float, depth: float, side: int) -> Image.Image:
    """`image` with a crease across the whole sheet through `through` (pixels) at `angle` degrees: a core of
    0.3 mm darkened by `depth` of the paper, and a shadow 2 mm wide on one side, half as deep."""
    grey = np.asarray(image, dtype=np.float32)
    rows, cols = np.indices(grey.shape, dtype=np.float32)
    theta = math.radians(angle)
    across = ((rows - through[1]) * math.cos(theta) - (cols - through[0]) * math.sin(theta)) / MM  # mm, signed
    core = np.exp(-0.5 * (across / 0.13) ** 2)
    shadow = np.where(across * side > 0, np.exp(-np.abs(across) / 1.0), 0.0)
    factor = 1 - depth * (0.7 * core + 0.3 * shadow)
    out = Image.fromarray(np.clip(grey * factor, 0, 255).astype(np.uint8))
    return out.filter(ImageFilter.GaussianBlur(0.6))


def _centre(page: dict, row: int, col: int) -> tuple[float, float]:
    region = next(r for r in page["regions"] if r["kind"] == "box" and (r["row"], r["col"]) == (row, col))
    x, y, w, h = region["rect"]
    return (x + w / 2) * K, (y + h / 2) * K


@pytest.mark.parametrize("angle", [-70.0, -60.0, -45.0, -30.0, -20.0, 20.0, 35.0, 50.0, 65.0, 80.0])
def test_a_crease_at_a_slant_through_an_empty_box_leaves_it_certainly_empty(evaluation_pages, angle: float) -> None:
    images, page, marks, blank = evaluation_pages
    boxes = sorted((r["row"], r["col"]) for r in page["regions"] if r["kind"] == "box")
    for sheet in (0, 1):
        empty = [b for b in boxes if b not in marks[sheet]]
        marked = sorted(marks[sheet])
        for target in (empty[len(empty) // 2], *(marked[:1])):
            creased = _creased(images[sheet], _centre(page, *target), angle, depth=0.26, side=1 if angle > 0 else -1)
            reading = read_page(creased, page, blank)
            assert isinstance(reading, SheetReading), reading
            states = {(b.row, b.col): b.state for b in reading.boxes}
            wanted = {b: ("marked" if b in marks[sheet] else "empty") for b in boxes}
            assert states == wanted, (angle, sheet, target, {b: s for b, s in states.items() if s != wanted[b]})
