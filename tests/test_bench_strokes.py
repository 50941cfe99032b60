"""The strike benchmark's strokes (benchmarks/strokes.py) lie where a voter draws them: from the printed name's
own extent, across the whole of it for a strike, over only part of it for a partial one."""

from __future__ import annotations

import random

import numpy as np
import pytest
import strokes
import voters
from PIL import Image

DPI = 200
K = DPI / 72
MM = DPI / 25.4
LINE = voters.NameLine(
    row=3,
    text="Nguyễn Thị Minh Khai",
    first=120.0,
    last=260.0,
    baseline=300.0,
    x_top=293.0,
    cap_top=290.0,
    letters=17,
    stt=None,
    cell=(110.0, 520.0),
    table_left=60.0,
    band=(284.0, 306.0),
)


def _points(paths: list[list[tuple[float, float]]]) -> np.ndarray:
    return np.array([point for path in paths for point in path])


@pytest.mark.parametrize("style", strokes.STYLES)
@pytest.mark.parametrize("seed", range(6))
def test_a_strike_runs_from_the_names_first_letter_to_its_last_through_its_letters(style: str, seed: int) -> None:
    rng = random.Random(seed)
    pen = strokes.make_pen("ballpoint", rng, "black")
    points = _points(strokes.strike_paths(LINE, DPI, style, pen, rng))
    # (hatching's first and last strokes may fall inside the first and last letters)
    within = 0.5 * MM + (0.5 * LINE.letter * K if style in ("hatch", "zigzag") else 0.0)
    assert points[:, 0].min() <= LINE.first * K + within
    assert points[:, 0].max() >= LINE.last * K - within
    # through the letters' height, and never further than REACH past the row's rules
    assert points[:, 1].min() <= LINE.baseline * K
    assert points[:, 1].max() >= LINE.cap_top * K
    assert points[:, 1].min() >= LINE.band[0] * K - (strokes.REACH + 1.2) * MM
    assert points[:, 1].max() <= LINE.band[1] * K + (strokes.REACH + 1.2) * MM


@pytest.mark.parametrize("style", strokes.PARTIAL_STYLES)
@pytest.mark.parametrize("seed", range(6))
def test_a_partial_strike_leaves_part_of_the_name_clear(style: str, seed: int) -> None:
    rng = random.Random(seed)
    pen = strokes.make_pen("marker", rng, "black")
    points = _points(strokes.partial_paths(LINE, DPI, style, pen, rng))
    covered = points[:, 0].max() - points[:, 0].min()
    assert covered <= 0.75 * (LINE.last - LINE.first) * K


@pytest.mark.parametrize("kind", strokes.PENS)
def test_every_pen_leaves_ink_on_the_page(kind: str) -> None:
    rng = random.Random(kind)
    canvas = Image.new("L", (round(600 * K), round(400 * K)), 255)
    pen = strokes.make_pen(kind, rng, "black")
    strokes.stroke(canvas, [(LINE.first * K, 297 * K), (LINE.last * K, 297 * K)], DPI, pen, rng)
    row = np.asarray(canvas)[round(297 * K) - 3 : round(297 * K) + 4, round(LINE.first * K) : round(LINE.last * K)]
    assert row.min() < 200  # the darkest pencil is grey 170 on paper, at its grain's darkest darker
