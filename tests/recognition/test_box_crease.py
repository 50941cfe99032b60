"""A fold crease through a row of boxes that the crease search misses is never read as a mark.

A black-and-white scanner (threshold) cuts a faint crease into sparse dots, too few along the sheet's edges for
the crease search to find it there. Through an empty box those dots gave a box fill of 0.1 and the box was read
as certainly marked (a silent error on a 300 dpi benchmark page). Here the crease is drawn independently of the
reader: straight across the whole sheet through a box row, at several heights in the box, slopes and densities.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from PIL import Image

from app.recognition.pipeline import _smoothed_if_bilevel
from app.recognition.reading import SheetReading, align, find_code, measure

DPI = 200


def _dotted_crease(
    image: Image.Image, at: float, slope: float, density: tuple[float, float], seed: int, *, down: bool = False
) -> Image.Image:
    """`image` with a crease as a thresholding scanner leaves it: dots 1–3 px long along a straight line across
    the whole sheet (down it with `down`), sparser at its start (`density[0]` of the positions) than at its end
    (`density[1]`), as under a lamp that lights one side less; then made black and white."""
    rng = random.Random(seed)
    pixels = np.asarray(image, dtype=np.uint8).copy()
    plane = pixels.T if down else pixels  # a view: the crease runs along the plane's rows
    height, width = plane.shape
    x = 0
    while x < width:
        share = density[0] + (density[1] - density[0]) * x / width
        length = rng.randint(1, 3)
        if rng.random() < share:
            row = round(at + slope * x + rng.choice((-0.4, 0.0, 0.4)))
            if 0 <= row < height - 1:
                plane[row : row + 2, x : x + length] = 0
        x += length
    bilevel = np.where(pixels > 150, 255, 0).astype(np.uint8)
    return Image.fromarray(bilevel, "L").convert("1").convert("L")


def _read(image: Image.Image, page: dict, blank) -> SheetReading:
    found = find_code(image)
    assert found is not None
    grey = _smoothed_if_bilevel(np.asarray(image))
    transform = align(grey, page, found, DPI)
    assert not hasattr(transform, "reason"), transform
    reading = measure(grey, page, found, transform, blank, DPI)
    assert isinstance(reading, SheetReading), reading
    return reading


@pytest.mark.parametrize(
    ("down", "line", "at", "slope", "density"),
    [
        (False, 1, 0.5, 0.0, (0.1, 0.5)),  # along box row 1, through the middle of its boxes
        (False, 1, 0.3, 0.003, (0.15, 0.45)),
        (False, 2, 0.65, -0.002, (0.1, 0.6)),
        (False, 2, 0.45, 0.0015, (0.3, 0.3)),
        (True, 1, 0.5, 0.0, (0.1, 0.5)),  # down box column 1
        (True, 2, 0.35, 0.002, (0.2, 0.4)),
        (True, 3, 0.6, -0.001, (0.45, 0.15)),
    ],
)
def test_a_dotted_crease_through_a_line_of_boxes_is_not_a_mark(
    evaluation_pages, down: bool, line: int, at: float, slope: float, density: tuple[float, float]
) -> None:
    images, page, expected, blank = evaluation_pages
    boxes = {(r["row"], r["col"]): r["rect"] for r in page["regions"] if r["kind"] == "box"}
    crossed = sorted(key for key in boxes if key[1 if down else 0] == line)
    scale = DPI / 72
    checked = 0
    for sheet, (image, marks) in enumerate(zip(images, expected, strict=True)):
        if all(key in marks for key in crossed):
            continue
        x, y, w, h = boxes[crossed[0]]
        start = (x + at * w) * scale - slope * y * scale if down else (y + at * h) * scale - slope * x * scale
        creased = _dotted_crease(image, start, slope, density, seed=line * 100 + checked, down=down)
        reading = _read(creased, page, blank)
        states = {(b.row, b.col): b.state for b in reading.boxes}
        for key in crossed:
            if key not in marks:
                assert states[key] != "marked", (sheet, key, [b for b in reading.boxes if b.state != "empty"])
        for key in marks:  # what the voter marked is still read as marked
            assert states[key] == "marked", (sheet, key)
        checked += 1
    assert checked >= 2
