"""The name cells' print is laid on the scan cell by cell (reading._best_shifts, reading._fine_shifts), every cell
in one pass since stop 26. Each cell must get the shift it would get read alone: the one-cell-at-a-time search is
written out here as the reference, and the two are compared on drawn cells, shifted by known amounts."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from PIL import Image, ImageDraw

from app.recognition.reading import (
    FINE_OUTLIER,
    FINE_SHIFT_PT,
    NAME_SHIFT_PT,
    NAME_SHIFT_STEP,
    Blank,
    FinePrint,
    _best_shifts,
    _fine_shifts,
)

DPI = 150
FINE_DPI = 300
CELLS = [(40.0 + 3.0 * k, 60.0 + 24.0 * k, 150.0 - 6.0 * k, 16.0) for k in range(6)]  # x, y, w, h in points


def _letters(rng: np.random.Generator, scale: float, size: tuple[int, int]) -> Image.Image:
    """A page with rows of letter-like strokes in the cells, drawn at `scale` pixels a point."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for x, y, w, h in CELLS:
        at = x + 4.0
        while at < x + w - 12.0:
            width = float(rng.uniform(3.0, 7.0))
            top, bottom = y + 4.0, y + h - 4.0
            draw.rectangle([at * scale, top * scale, (at + 0.9) * scale, bottom * scale], fill=0)  # a stem
            draw.rectangle([at * scale, (bottom - 0.9) * scale, (at + width) * scale, bottom * scale], fill=0)
            if rng.random() < 0.5:
                draw.ellipse([at * scale, (top + 2) * scale, (at + width) * scale, bottom * scale], outline=0, width=2)
            at += width + float(rng.uniform(1.0, 2.5))
    return image


def _samples() -> tuple[np.ndarray, np.ndarray]:
    """Every cell's sample grid (as _NameCells lays it: 0.5 pt apart), stacked, and where each cell starts."""
    grids = []
    for x, y, w, h in CELLS:
        xs, ys = np.arange(x + 1.0, x + w - 1.0, 0.5), np.arange(y + 1.7, y + h - 1.7, 0.5)
        grids.append(np.column_stack([g.ravel() for g in np.meshgrid(xs, ys)]))
    starts = np.concatenate([[0], np.cumsum([len(g) for g in grids])]).astype(int)
    return np.vstack(grids), starts


def _best_shift_alone(points: np.ndarray, dark: np.ndarray, blank: Blank) -> np.ndarray:
    """One cell's print shift, searched alone (the reference)."""
    at = points[dark][::2]
    if not at.size:
        return np.zeros(2)
    best, best_count = np.zeros(2), int(blank.printed(at, bare=True).sum())
    for step in (2 * NAME_SHIFT_STEP, NAME_SHIFT_STEP):
        centre = best
        for dx in (-step, 0.0, step):
            for dy in (-step, 0.0, step):
                shift = np.add(centre, (dx, dy))
                if (dx or dy) and np.abs(shift).max() <= NAME_SHIFT_PT:
                    count = int(blank.printed(at + shift, bare=True).sum())
                    if count > best_count:
                        best, best_count = shift, count
    return best


def _fine_shift_alone(points: np.ndarray, darkness: np.ndarray, fine: FinePrint, blur: float) -> np.ndarray:
    """One cell's fine print shift, fitted alone by the same least-squares steps (the reference)."""
    at, seen = points[::2], darkness[::2]
    near = fine._touched(blur * 2.0, FINE_SHIFT_PT)[fine.index(at)]
    at, seen = at[near], seen[near]
    shift = np.zeros(2)
    for widen in (2.0, 1.0, 1.0, 1.0):
        value, across, down = fine.slope(at + shift, blur * widen)
        rest = seen - value
        use = (np.abs(rest) < FINE_OUTLIER) & ((across != 0) | (down != 0))
        a, d, r = across[use].astype(float), down[use].astype(float), rest[use]
        aa, ad, dd, ar, dr = (float(np.sum(u * v)) for u, v in ((a, a), (a, d), (d, d), (a, r), (d, r)))
        det = aa * dd - ad * ad
        if det <= 1e-9 * max((aa + dd) ** 2, 1e-12):
            break
        half = FINE_SHIFT_PT / 2
        step = np.clip([(dd * ar - ad * dr) / det, (aa * dr - ad * ar) / det], -half, half)
        shift = np.clip(shift + step, -FINE_SHIFT_PT, FINE_SHIFT_PT)
        if np.abs(step).max() < 0.02:
            break
    return shift


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_cell_gets_the_print_shift_it_gets_alone(seed: int) -> None:
    rng = np.random.default_rng(seed)
    size = (round(250 * DPI / 72), round(230 * DPI / 72))
    blank = Blank(_letters(np.random.default_rng(seed), DPI / 72, size), DPI)
    points, starts = _samples()
    # the scan: the same letters, each cell's moved by its own amount, and a pen line through one cell
    moved = np.repeat(rng.uniform(-0.8, 0.8, (len(CELLS), 2)), np.diff(starts), axis=0)
    dark = blank.printed(points + moved, bare=True)
    dark[starts[2] : starts[3]] |= np.abs(points[starts[2] : starts[3], 1] - (CELLS[2][1] + 8.0)) < 0.4
    dark[starts[4] : starts[5]] = False  # a cell with no ink at all
    together = _best_shifts(points, dark, starts, blank)
    alone = [_best_shift_alone(points[a:b], dark[a:b], blank) for a, b in itertools.pairwise(starts)]
    assert np.array_equal(together, np.array(alone))
    assert not together[4].any()
    # the letters found where they were moved to, to the search's step
    for cell in (0, 1, 3, 5):
        assert np.abs(together[cell] - moved[starts[cell]]).max() <= NAME_SHIFT_STEP + 1e-9


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_cell_gets_the_fine_shift_it_gets_alone(seed: int) -> None:
    rng = np.random.default_rng(seed)
    scale = FINE_DPI / 72
    size = (round(250 * scale), round(230 * scale))
    fine = FinePrint(_letters(np.random.default_rng(seed), scale, size), FINE_DPI, (0.0, 0.0))
    points, starts = _samples()
    blur = 0.55 * 72 / 200  # a 200 dpi scan's sharpness, in points
    moved = np.repeat(rng.uniform(-0.6, 0.6, (len(CELLS), 2)), np.diff(starts), axis=0)
    darkness = fine.expected(points + moved, blur, 0.0)
    darkness[starts[1] : starts[2]] += 0.9 * (np.abs(points[starts[1] : starts[2], 1] - (CELLS[1][1] + 8.0)) < 0.4)
    together = _fine_shifts(points, darkness, starts, fine, blur)
    alone = [_fine_shift_alone(points[a:b], darkness[a:b], fine, blur) for a, b in itertools.pairwise(starts)]
    assert np.allclose(together, np.array(alone), rtol=0, atol=1e-9)
    for cell in range(len(CELLS)):  # the print laid where the scan's letters are, within a fifth of a point
        assert math.dist(together[cell], moved[starts[cell]]) < 0.2
