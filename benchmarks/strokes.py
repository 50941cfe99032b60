"""Strikes a voter may draw that benchmarks/voters.py does not: diagonals, crosses, hatching, in pens of other
kinds, drawn by a renderer of its own (not penmarks' stroke renderer, so nothing is shared with the earlier
benchmarks but the printed page's measurements).

Used by benchmarks/bench_strokes.py. Every stroke is placed from the printed name's own extent (voters.NameLine:
first and last letter, baseline, x-height, capital top, the table rules round the row), never from the
reader's template cells. The regulations count a name as struck when the whole name is struck, by lines
drawn across it horizontally, diagonally, slanted or vertically; a line over only part of the name is for a
person to judge.

Styles (STYLES): horizontal ones (`middle`, `low`, `high`, `slanted`, `exact`, `past`, `double`), and
`diagonal` (one line from below the baseline at the first letter to above the letters' top at the last, or
top-left to bottom-right, 8-25 degrees or whatever the row allows), `cross` (an X of two such diagonals),
`hatch` (steep or vertical strokes from the first letter to the last) and `zigzag` (one back-and-forth
stroke up and down along the whole name). Partial styles (PARTIAL_STYLES, truth: a person): an X or a
diagonal over only the last word or the first half of the name.

Pens (PENS): `ballpoint` (this module's plain pen, for comparison), `pencil` (graphite grey 110-170 with
grainy dropouts), `marker` (1.5-2.5 mm wide, very dark, bleeding edges), `ruler` (a ballpoint along a ruler:
perfectly straight, crisp, 0.3-0.5 mm, no tremor) and `skipping` (a ballpoint leaving gaps of 0.5-2 mm every
3-10 mm).

Units: the printed page in points from its top-left corner; drawing on images rendered at `dpi`, in pixels.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass

import numpy as np
import voters as vt
from PIL import Image, ImageFilter

HORIZONTAL = ("middle", "low", "high", "slanted", "exact", "past", "double")
STEEP = ("diagonal", "cross", "hatch", "zigzag")
STYLES = HORIZONTAL + STEEP
PARTIAL_STYLES = ("cross-last-word", "cross-first-half", "diagonal-last-word", "diagonal-first-half")
PENS = ("ballpoint", "pencil", "marker", "ruler", "skipping")
REACH = 0.6  # mm: how far a diagonal's ends may go past the row's rules

Point = tuple[float, float]


# ------------------------------------------------------------------------------------------ pens


@dataclass(frozen=True)
class PenModel:
    """One pen as this module draws it."""

    kind: str  # PENS
    width_mm: float
    ink: int  # grey of solid ink, 0 (black) .. 255
    colour: str  # black / blue (voters.Ink absorbs); pencil is always black (graphite)
    tremor_mm: float  # sideways drift of the hand, 0 for a ruler
    grain: float  # pencil: share of the stroke's pixels the paper's tooth leaves bare
    bleed_mm: float  # marker: how far the ink bleeds past its edge
    gap_mm: tuple[float, float] = (0.0, 0.0)  # skipping: gaps this long
    every_mm: tuple[float, float] = (0.0, 0.0)  # skipping: a gap every this far

    @property
    def absorb(self) -> tuple[float, float, float]:
        return vt.BLUE if self.colour == "blue" else vt.BLACK


def make_pen(kind: str, rng: random.Random, colour: str) -> PenModel:
    if kind == "pencil":
        return PenModel(kind, rng.uniform(0.35, 0.7), rng.randint(110, 170), "black", rng.uniform(0.05, 0.3),
                        rng.uniform(0.1, 0.3), 0.0)  # fmt: skip
    if kind == "marker":
        return PenModel(kind, rng.uniform(1.5, 2.5), rng.randint(5, 30), colour, rng.uniform(0.05, 0.3), 0.0,
                        rng.uniform(0.08, 0.2))  # fmt: skip
    if kind == "ruler":
        return PenModel(kind, rng.uniform(0.3, 0.5), rng.randint(20, 90), colour, 0.0, 0.0, 0.0)
    if kind == "skipping":
        return PenModel(kind, rng.uniform(0.3, 0.6), rng.randint(30, 110), colour, rng.uniform(0.05, 0.3), 0.0, 0.0,
                        (0.5, 2.0), (3.0, 10.0))  # fmt: skip
    if kind == "ballpoint":
        return PenModel(kind, rng.uniform(0.3, 0.7), rng.randint(20, 110), colour, rng.uniform(0.05, 0.3), 0.0, 0.0)
    raise ValueError(f"unknown pen {kind!r}")


def _wobble(s: np.ndarray, amp: float, ppm: float, rng: random.Random) -> np.ndarray:
    """A slow sideways drift along arclength `s` (px), at most about `amp` px: two sines of 6-25 mm."""
    if amp <= 0:
        return np.zeros_like(s)
    out = np.zeros_like(s)
    for wavelength in (rng.uniform(12, 25), rng.uniform(5, 11)):
        out += rng.uniform(0.4, 0.6) * np.sin(2 * math.pi * s / (wavelength * ppm) + rng.uniform(0, 2 * math.pi))
    return amp * out


def _polyline(points: list[Point], step: float) -> np.ndarray:
    """The straight segments through `points`, sampled every `step` px."""
    out = [np.asarray(points[0], dtype=float)[None, :]]
    for a, b in itertools.pairwise(points):
        n = max(1, math.ceil(math.hypot(b[0] - a[0], b[1] - a[1]) / step))
        t = np.linspace(0, 1, n + 1)[1:, None]
        out.append(np.asarray(a) + t * (np.asarray(b) - np.asarray(a)))
    return np.vstack(out)


def stroke(canvas: Image.Image, points: list[Point], dpi: float, pen: PenModel, rng: random.Random) -> None:
    """Draw one pen stroke through `points` (px, straight between them) on `canvas` (mode "L", white 255),
    laid as a filter (ink over ink darker)."""
    ppm = dpi / 25.4
    path = _polyline(points, max(1.0, 0.5 * ppm))
    seg = np.diff(path, axis=0)
    s_nodes = np.concatenate([[0.0], np.cumsum(np.hypot(seg[:, 0], seg[:, 1]))])
    if pen.tremor_mm > 0:  # the hand drifts sideways; a ruler does not
        normal = np.column_stack([-seg[:, 1], seg[:, 0]])
        normal = np.vstack([normal, normal[-1:]])
        normal /= np.hypot(normal[:, 0], normal[:, 1])[:, None] + 1e-9
        path = path + normal * _wobble(s_nodes, pen.tremor_mm * ppm, ppm, rng)[:, None]
        seg = np.diff(path, axis=0)
        s_nodes = np.concatenate([[0.0], np.cumsum(np.hypot(seg[:, 0], seg[:, 1]))])
    half = pen.width_mm * ppm / 2
    margin = half + pen.bleed_mm * ppm * 3 + 3
    x0 = max(0, math.floor(path[:, 0].min() - margin))
    y0 = max(0, math.floor(path[:, 1].min() - margin))
    x1 = min(canvas.width, math.ceil(path[:, 0].max() + margin))
    y1 = min(canvas.height, math.ceil(path[:, 1].max() + margin))
    if x1 <= x0 or y1 <= y0:
        return
    ys, xs = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    ys += 0.5
    xs += 0.5
    dist = np.full(xs.shape, np.inf, dtype=np.float32)
    along = np.zeros(xs.shape, dtype=np.float32)
    for i in range(len(seg)):
        ax, ay = path[i]
        dx, dy = seg[i]
        length2 = dx * dx + dy * dy
        if length2 < 1e-9:
            continue
        t = np.clip(((xs - ax) * dx + (ys - ay) * dy) / length2, 0, 1)
        d = np.hypot(xs - (ax + t * dx), ys - (ay + t * dy))
        closer = d < dist
        dist = np.where(closer, d, dist)
        along = np.where(closer, s_nodes[i] + t * math.sqrt(length2), along)
    edge = np.full(xs.shape, half, dtype=np.float32)
    nrng = np.random.default_rng(rng.getrandbits(64))
    if pen.kind == "marker":  # felt edges: the width varies a little, fibres leave a ragged rim
        edge += (0.12 * half * np.sin(along / (rng.uniform(1.5, 4) * ppm) + rng.uniform(0, 6.3))).astype(np.float32)
        edge += nrng.normal(0, 0.05 * ppm, xs.shape).astype(np.float32)
    alpha = np.clip(edge + 0.5 - dist, 0, 1)
    total = s_nodes[-1]
    # where the pen lands and lifts, a short fade (none on a ruler's crisp line)
    if pen.kind != "ruler":
        ends = max(1.0, 0.6 * ppm)
        alpha *= np.clip(0.55 + 0.45 * np.minimum(along, total - along) / ends, 0.55, 1)
    if pen.kind == "skipping":  # the ball skips: gaps of 0.5-2 mm every 3-10 mm
        keep = np.ones(xs.shape, dtype=np.float32)
        s = rng.uniform(*pen.every_mm) * ppm * rng.uniform(0.2, 1.0)
        while s < total:
            gap = rng.uniform(*pen.gap_mm) * ppm
            keep *= np.clip(np.maximum(s - along, along - (s + gap)), 0, 1)
            s += gap + rng.uniform(*pen.every_mm) * ppm
        alpha *= np.clip(keep, 0, 1)
        # a drying ball also lays its ink unevenly
        alpha *= np.clip(0.75 + 0.25 * np.sin(along / (rng.uniform(0.8, 2) * ppm)), 0, 1).astype(np.float32)
    if pen.kind == "pencil":  # graphite on the paper's tooth: grainy, specks of paper left bare
        tooth = nrng.random(xs.shape).astype(np.float32)
        grain = Image.fromarray((tooth * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.04 * ppm + 0.3))
        tooth = np.asarray(grain, dtype=np.float32)
        cut = np.quantile(tooth, pen.grain)
        alpha *= np.clip((tooth - cut) / 6, 0, 1) * (0.85 + 0.15 * nrng.random(xs.shape).astype(np.float32))
        # pressure comes and goes a little
        alpha *= (0.92 + 0.08 * np.sin(along / (rng.uniform(4, 10) * ppm) + rng.uniform(0, 6.3))).astype(np.float32)
    if pen.bleed_mm > 0:  # the marker's ink creeps into the paper past its edge
        blurred = Image.fromarray((alpha * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(pen.bleed_mm * ppm))
        alpha = np.maximum(alpha, np.asarray(blurred, dtype=np.float32) / 255 * 0.85)
    box = (x0, y0, x1, y1)
    region = np.asarray(canvas.crop(box), dtype=np.float32)
    region *= 1.0 - alpha * (1.0 - pen.ink / 255.0)
    canvas.paste(Image.fromarray(np.clip(region + 0.5, 0, 255).astype(np.uint8)), box[:2])


# ------------------------------------------------------------------------------------------ where the strokes go


def _frame(line: vt.NameLine, k: float) -> dict[str, float]:
    """The name's extent in px: first/last letter, baseline, x-top, cap top, the row's rules."""
    return {
        "a": line.first * k,
        "b": line.last * k,
        "base": line.baseline * k,
        "xtop": line.x_top * k,
        "cap": line.cap_top * k,
        "top": line.band[0] * k,
        "bottom": line.band[1] * k,
        "letter": line.letter * k,
    }


def _diagonal(
    f: dict[str, float], x0: float, x1: float, mm: float, rng: random.Random, down: bool, reach: float
) -> list[Point]:
    """A line across [x0, x1] from below the baseline to above the capitals' top (or back), 8-25 degrees when
    the row allows it: the rise is at least the letters' height plus a little, and at most what 25 degrees
    gives and what keeps the line's ends (its centre) within `reach` mm past the row's rules."""
    width = max(x1 - x0, 1.0)
    middle = (f["base"] + f["cap"]) / 2 + rng.uniform(-0.3, 0.3) * mm
    least = (f["base"] - f["cap"]) + rng.uniform(0.6, 1.6) * mm
    room = 2 * min(f["bottom"] + reach * mm - middle, middle - f["top"] + reach * mm)
    most = min(room, width * math.tan(math.radians(25)))
    want = width * math.tan(math.radians(rng.uniform(8, 25)))
    rise = min(max(least, want), most) if most >= least else most
    low, high = middle + rise / 2, middle - rise / 2
    return [(x0, high), (x1, low)] if down else [(x0, low), (x1, high)]


def _ends(f: dict[str, float], mm: float, rng: random.Random) -> tuple[float, float]:
    """From a little before the first letter to a little past the last."""
    return f["a"] - rng.uniform(0, 1.2) * mm, f["b"] + rng.uniform(0, 1.5) * mm


def strike_paths(
    line: vt.NameLine, dpi: float, style: str, pen: PenModel, rng: random.Random, reach: float = REACH
) -> list[list[Point]]:
    """The strokes (lists of points, px) that strike the name `line` in `style`."""
    k = dpi / 72
    mm = dpi / 25.4
    f = _frame(line, k)
    xh = f["base"] - f["xtop"]
    mid = f["base"] - xh / 2
    x0, x1 = _ends(f, mm, rng)
    ruler = pen.kind == "ruler"
    tilt = 0.0 if ruler else math.tan(math.radians(rng.uniform(-1, 1)))
    if style in HORIZONTAL:
        y = mid + xh * rng.uniform(-0.1, 0.1)
        if style == "low":
            y = f["base"] - xh * rng.uniform(0.15, 0.35)
        elif style == "high":
            y = f["base"] - xh * rng.uniform(0.6, 0.85)
        elif style == "slanted":
            tilt = math.tan(math.radians(rng.uniform(2.5, 5) * rng.choice((-1, 1))))
        elif style == "exact":
            x0, x1 = f["a"] + rng.uniform(-0.15, 0.15) * mm, f["b"] + rng.uniform(-0.15, 0.15) * mm
        elif style == "past":
            x0, x1 = f["a"] - rng.uniform(0, 3) * mm, f["b"] + rng.uniform(1.5, 8) * mm
        c = (x0 + x1) / 2
        ys = [y]
        if style == "double":
            gap = rng.uniform(0.6, 1.4) * mm
            ys = [mid - gap / 2, mid + gap / 2]
        return [[(x0, yy + (x0 - c) * tilt), (x1, yy + (x1 - c) * tilt)] for yy in ys]
    if style == "diagonal":
        return [_diagonal(f, x0, x1, mm, rng, rng.random() < 0.4, reach)]
    if style == "cross":
        first = _diagonal(f, x0, x1, mm, rng, False, reach)
        xa, xb = _ends(f, mm, rng)
        return [first, _diagonal(f, xa, xb, mm, rng, True, reach)]
    over = f["cap"] - rng.uniform(0.3, 1.2) * mm  # steep strokes from above the capitals to below the baseline
    under = f["base"] + rng.uniform(0.3, 1.2) * mm
    if style == "hatch":
        lean = 0.0 if ruler or rng.random() < 0.4 else math.tan(math.radians(rng.uniform(-30, 30)))
        spacing = f["letter"] * rng.uniform(0.5, 1.1)
        xs = np.arange(f["a"] + rng.uniform(0, 0.4) * f["letter"], f["b"] + 1, spacing)
        if xs[-1] < f["b"] - 0.3 * f["letter"]:  # the last letter struck too
            xs = np.append(xs, f["b"] - rng.uniform(0, 0.3) * f["letter"])
        h = under - over
        return [
            [(x - lean * h / 2 + rng.uniform(-0.2, 0.2) * mm, over), (x + lean * h / 2, under)] for x in xs.tolist()
        ]
    if style == "zigzag":  # one back-and-forth stroke: down, up, down... from the first letter to the last
        step = f["letter"] * rng.uniform(0.4, 1.0)
        points: list[Point] = []
        x = f["a"] - rng.uniform(0, 0.5) * mm
        up = rng.random() < 0.5
        while x < f["b"] + step / 2:
            points.append((min(x, f["b"] + 0.5 * mm), over if up else under))
            up = not up
            x += step
        return [points]
    raise ValueError(f"unknown strike style {style!r}")


def partial_paths(
    line: vt.NameLine, dpi: float, style: str, pen: PenModel, rng: random.Random, reach: float = REACH
) -> list[list[Point]]:
    """An X or a diagonal over only part of the name: its last word or its first half (PARTIAL_STYLES)."""
    k = dpi / 72
    mm = dpi / 25.4
    f = _frame(line, k)
    shape, _, part = style.partition("-")
    words = line.text.split()
    if part == "last-word" and len(words) > 1:
        share = len(words[-1]) / max(1, len(line.text.replace(" ", "")))
        xa, xb = f["b"] - share * (f["b"] - f["a"]) - rng.uniform(0, 0.5) * mm, f["b"] + rng.uniform(0, 1) * mm
    else:  # the first half
        xa = f["a"] - rng.uniform(0, 1) * mm
        xb = f["a"] + (f["b"] - f["a"]) * rng.uniform(0.4, 0.55)
    first = _diagonal(f, xa, xb, mm, rng, rng.random() < 0.5, reach)
    if shape == "cross":
        return [first, _diagonal(f, xa, xb, mm, rng, first[0][1] > first[1][1], reach)]
    return [first]


def draw(
    canvas: Image.Image,
    line: vt.NameLine,
    dpi: float,
    style: str,
    pen: PenModel,
    rng: random.Random,
    reach: float = REACH,
) -> None:
    """Strike the name in `style` (STYLES or PARTIAL_STYLES) with `pen`; diagonals end at most `reach` mm
    past the row's rules (the line's centre; a wide pen's ink goes further by half its width)."""
    paths = (partial_paths if style in PARTIAL_STYLES else strike_paths)(line, dpi, style, pen, rng, reach)
    for points in paths:
        if rng.random() < 0.2 and len(points) == 2:  # some draw from right to left
            points = points[::-1]
        stroke(canvas, points, dpi, pen, rng)
