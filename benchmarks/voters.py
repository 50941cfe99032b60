"""What voters put on a ballot paper, placed from the printed page itself, and what a scanner makes of it.

Used by benchmarks/bench_voters.py. Nothing here reads the ballot template's regions: where a name, a box or
the organisation's name is printed is found on the issued PDF itself, from its text (pypdfium2's character
boxes: a name from its first letter to its last, its baseline and x-height) and from the ink of the page
rendered blank (table rules, the square outlines of the boxes, the score cells). The marks are then drawn
where a voter would draw them: a strike through the printed letters, not across the reader's cell.

Pens come from benchmarks/penmarks.py (hands, stroke rendering, box marks, digits, the seal's drawing); this
module adds strikes placed on the printed name, fold creases, the seal pressed over the organisation's name,
coloured ink, and a scanner that delivers colour, greyscale or bilevel images, upright, upside down or
sideways on the feeder's grey backing.

Units: the printed page is measured in points (72 per inch) from its top-left corner, y downwards; drawing
happens on images rendered at `dpi` (point (x, y) at pixel (x * dpi / 72, y * dpi / 72)).
"""

from __future__ import annotations

import dataclasses
import math
import random
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import penmarks as pm
import pypdfium2
from PIL import Image, ImageChops, ImageFilter

MM = 72 / 25.4  # points per millimetre

FULL_STRIKES = (
    "middle",  # through the middle of the letters (x-height centre)
    "low",  # through the lower part of the letters, just above the baseline
    "high",  # a little above the middle
    "slanted",  # 2.5-5 degrees across the name
    "wavy",  # a small wave
    "double",  # two lines
    "from_stt",  # starting in the row-number column
    "exact",  # from the first letter to the last, no further
    "short",  # stopping (or starting) up to half a letter short
    "past",  # running a little past the name
    "cell",  # across the whole name cell (the old style)
    "row",  # across the whole row, from the row number to the cell's end
)
PARTIAL_BANDS = {"10-30": (0.10, 0.30), "35-60": (0.35, 0.60), "60-80": (0.60, 0.80)}
PARTIAL_FROM = ("start", "end", "middle")
CLEAR_BOXES = pm.BOX_STYLES  # cross, tick, fill, dot_fill, spill_cross: a clear mark
PERSON_BOXES = ("circled", "scribbled")  # only a person may say what these mean
CREASE_KINDS = ("box-h", "box-v", "box-d", "name")


# ------------------------------------------------------------------------------------------ the printed page


@dataclass(frozen=True)
class NameLine:
    """A printed name in a table row, as found on the page (points from the top-left)."""

    row: int  # the printed row number (STT)
    text: str
    first: float  # left edge of the first letter
    last: float  # right edge of the last letter
    baseline: float
    x_top: float  # top of the x-height
    cap_top: float
    letters: int
    stt: tuple[float, float, float, float] | None  # the row number's ink box (x0, y0, x1, y1)
    cell: tuple[float, float]  # x of the table rules left and right of the name
    table_left: float  # x of the table's leftmost rule on this row
    band: tuple[float, float]  # y of the table rules above and below the row

    @property
    def x_height(self) -> float:
        return self.baseline - self.x_top

    @property
    def middle(self) -> float:
        return self.baseline - self.x_height / 2

    @property
    def letter(self) -> float:
        """The average width of a letter of the name."""
        return (self.last - self.first) / max(self.letters, 1)


@dataclass(frozen=True)
class BoxAt:
    """A printed outline (a square box, or a score cell): its row and column by position, its outer edge."""

    row: int
    col: int
    rect: tuple[float, float, float, float]  # x, y, w, h in points

    @property
    def centre(self) -> tuple[float, float]:
        x, y, w, h = self.rect
        return x + w / 2, y + h / 2


@dataclass(frozen=True)
class Sheet:
    """Where things are printed on one ballot sheet."""

    width: float
    height: float
    names: tuple[NameLine, ...]
    boxes: tuple[BoxAt, ...]
    scores: tuple[BoxAt, ...]
    organisation: tuple[float, float, float, float]  # the organisation's name (x0, y0, x1, y1)


def _chars(textpage: pypdfium2.PdfTextPage, height: float) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every character of the page with its tight ink box (x0, y0, x1, y1), y from the top."""
    out = []
    for i in range(textpage.count_chars()):
        left, bottom, right, top = textpage.get_charbox(i)
        out.append((textpage.get_text_range(i, 1), (left, height - top, right, height - bottom)))
    return out


def _base(char: str) -> tuple[str, bool]:
    """The base letter of `char` and whether it carries a mark."""
    nfd = unicodedata.normalize("NFD", char)
    return nfd[:1], len(nfd) > 1


def _groups(flags: np.ndarray) -> list[tuple[int, int]]:
    """Runs of True in a 1-D array: (first index, last index + 1)."""
    padded = np.concatenate([[False], flags, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _find_text(
    chars: list[tuple[str, tuple[float, float, float, float]]], text: str
) -> list[tuple[str, tuple[float, float, float, float]]] | None:
    """The characters of the first occurrence of `text` on the page (the text layer's own order)."""
    flat = "".join(c for c, _ in chars)
    at = flat.find(text)
    if at < 0:
        at = unicodedata.normalize("NFC", flat).find(unicodedata.normalize("NFC", text))
    if at < 0:
        return None
    return chars[at : at + len(text)]


def _union(boxes: Sequence[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _outlines(dark: np.ndarray, k: float) -> list[tuple[float, float, float, float]]:
    """Closed rectangular outlines 3-35 mm wide and 3-20 mm tall standing on their own (not table cells):
    (x, y, w, h) in points, the outer edge of the printed line."""
    ppm = k * MM
    lo, hi = round(3 * ppm), round(35 * ppm)
    padded = np.pad(dark, ((0, 0), (1, 1))).astype(np.int8)
    d = np.diff(padded, axis=1)
    ys, starts = np.nonzero(d == 1)
    _, ends = np.nonzero(d == -1)
    length = ends - starts
    keep = (length >= lo) & (length <= hi)
    runs: dict[tuple[int, int], list[int]] = {}
    for y, x0, x1 in zip(ys[keep].tolist(), starts[keep].tolist(), ends[keep].tolist(), strict=True):
        runs.setdefault((x0, x1), []).append(y)
    # horizontal edges: the same run (give or take a pixel) on consecutive pixel rows
    edges: list[tuple[int, int, int, int]] = []  # x0, x1, y0, y1
    for (x0, x1), rows in sorted(runs.items()):
        for a, b in _groups(np.isin(np.arange(min(rows), max(rows) + 1), rows)):
            edges.append((x0, x1, min(rows) + a, min(rows) + b))
    merged: list[list[int]] = []
    for x0, x1, y0, y1 in sorted(edges, key=lambda e: (e[2], e[0])):
        for m in merged:
            if abs(m[0] - x0) <= 2 and abs(m[1] - x1) <= 2 and y0 <= m[3] + 1 and y1 >= m[2] - 1:
                m[0], m[1], m[2], m[3] = min(m[0], x0), max(m[1], x1), min(m[2], y0), max(m[3], y1)
                break
        else:
            merged.append([x0, x1, y0, y1])
    found = []
    used: set[int] = set()
    for i, (x0, x1, y0, y1) in enumerate(merged):
        if i in used:
            continue
        for j, (u0, u1, v0, v1) in enumerate(merged):
            if j == i or j in used or abs(u0 - x0) > 2 or abs(u1 - x1) > 2:
                continue
            tall = v1 - y0
            if not 3 * ppm <= tall <= 20 * ppm or v0 <= y1:
                continue
            line = max(1, y1 - y0)
            sides = [dark[y0:v1, x : x + line + 1].any(axis=1).mean() for x in (min(x0, u0), max(x1, u1) - line - 1)]
            if min(sides) < 0.95:
                continue
            left, right = min(x0, u0), max(x1, u1)
            inset = max(line + 2, round(0.2 * min(right - left, tall)))
            if dark[y0 + inset : v1 - inset, left + inset : right - inset].mean() > 0.03:
                continue  # not an empty outline (a QR code's finder pattern, a letter)
            found.append((left / k, y0 / k, (right - left) / k, tall / k))
            used.update((i, j))
            break
    return found


def _ranks(values: Sequence[float], gap: float) -> list[int]:
    """1-based rank of each value's cluster (values less than `gap` apart share one)."""
    starts: list[float] = []
    prev = None
    for v in sorted(values):
        if prev is None or v - prev > gap:
            starts.append(v)
        prev = v
    return [sum(1 for s in starts if s <= v) for v in values]


def find_sheet(
    pdf: str, index: int, *, names: Sequence[str], organisation: str, criteria: int = 0, dpi: int = 200
) -> Sheet:
    """Measure sheet `index` of `pdf`: the printed names (strike ballots), square boxes (grids), score cells,
    and the organisation's name, from the PDF's text and the ink of the page rendered blank."""
    document = pypdfium2.PdfDocument(pdf)
    page = document[index]
    width, height = page.get_size()
    chars = _chars(page.get_textpage(), height)
    k = dpi / 72
    grey = np.asarray(page.render(scale=k, grayscale=True).to_pil().convert("L"))
    dark = grey < 128
    document.close()

    def to_px(v: float) -> int:
        return round(v * k)

    lines = []
    for name in names:
        found = _find_text(chars, name)
        if found is None:
            continue
        ink = [(c, b) for c, b in found if not c.isspace()]
        first, last = min(b[0] for _, b in ink), max(b[2] for _, b in ink)
        bottoms = [
            b[3] for c, b in ink if _base(c)[0] not in "gjpqyQ" and "\u0323" not in unicodedata.normalize("NFD", c)
        ]
        baseline = statistics.median(bottoms or [b[3] for _, b in ink])
        tops = [b[1] for c, b in ink if _base(c) == (c, False) and c in "acemnorsuvwxz"]
        caps = [b[1] for c, b in ink if c.isupper() and not _base(c)[1]]
        cap_top = statistics.median(caps) if caps else min(b[1] for _, b in ink)
        x_top = statistics.median(tops) if tops else baseline - 0.68 * (baseline - cap_top)
        # the table round the name, from the blank page's ink: vertical rules beside it, horizontal ones
        # above and below it
        band = dark[to_px(x_top) : to_px(baseline), :]
        rules = [(a + b - 1) / 2 / k for a, b in _groups(band.mean(axis=0) > 0.97)]
        left = max((r for r in rules if r < first), default=first - 4)
        right = min((r for r in rules if r > last), default=width - 40)
        table_left = min((r for r in rules if r < first), default=left)
        inside = dark[:, to_px(left) + 3 : to_px(right) - 2]
        across = [(a + b - 1) / 2 / k for a, b in _groups(inside.mean(axis=1) > 0.9)]
        top = max((r for r in across if r < cap_top), default=cap_top - 6)
        bottom = min((r for r in across if r > baseline), default=baseline + 8)
        digits = [
            (c, b) for c, b in chars if c.isdigit() and b[2] <= first and top < (b[1] + b[3]) / 2 < bottom and b[0] > 0
        ]
        digits.sort(key=lambda cb: cb[1][0])
        stt = _union([b for _, b in digits]) if digits else None
        row = int("".join(c for c, _ in digits)) if digits else 0
        lines.append(
            NameLine(
                row=row,
                text=name,
                first=first,
                last=last,
                baseline=baseline,
                x_top=x_top,
                cap_top=cap_top,
                letters=sum(1 for c, _ in ink),
                stt=stt,
                cell=(left, right),
                table_left=table_left,
                band=(top, bottom),
            )
        )
    if lines and any(line.row == 0 for line in lines):  # no printed row numbers: rows by position
        ranks = _ranks([line.baseline for line in lines], 3.0)
        lines = [NameLine(**{**line.__dict__, "row": rank}) for line, rank in zip(lines, ranks, strict=True)]
    outlines = _outlines(dark, k)
    squares = [r for r in outlines if 0.8 < r[2] / r[3] < 1.25 and r[2] < 10 * MM]
    cells = [r for r in outlines if r[2] / r[3] >= 1.6]
    boxes = []
    if squares:
        side = statistics.median(r[2] for r in squares)
        rows = _ranks([r[1] + r[3] / 2 for r in squares], side / 2)
        cols = _ranks([r[0] + r[2] / 2 for r in squares], side / 2)
        boxes = [BoxAt(rr, cc, r) for r, rr, cc in zip(squares, rows, cols, strict=True)]
    scores = []
    if cells and criteria:
        for i, r in enumerate(sorted(cells, key=lambda r: (r[1], r[0]))):
            scores.append(BoxAt(i // criteria + 1, i % criteria + 1, r))
    org = _find_text(chars, organisation)
    if org is None:  # the first line of the page
        first_line = [b for c, b in chars if not c.isspace() and b[1] < chars[0][1][3] + 2]
        org_box = _union(first_line)
    else:
        org_box = _union([b for c, b in org if not c.isspace()])
    return Sheet(
        width=width,
        height=height,
        names=tuple(sorted(lines, key=lambda line: line.row)),
        boxes=tuple(sorted(boxes, key=lambda b: (b.row, b.col))),
        scores=tuple(scores),
        organisation=org_box,
    )


# ------------------------------------------------------------------------------------------ ink and colour


# How much of each channel a coloured ink takes away, against its grey (luma) darkness on a grey scan.
BLACK = (1.0, 1.0, 1.0)
BLUE = (1.25, 1.1, 0.45)
RED_SEAL = (0.15, 1.1, 0.95)


@dataclass(frozen=True)
class Pen:
    hand: pm.Hand
    colour: str  # black / blue

    @property
    def absorb(self) -> tuple[float, float, float]:
        return BLUE if self.colour == "blue" else BLACK


def random_pen(rng: random.Random, colour: str | None = None, palest: int = 140) -> Pen:
    """A voter's pen (penmarks.random_hand: 0.3-1.2 mm, ink grey 10-140, some tremor), black or blue; its ink
    no paler than `palest` (a black-and-white scanner drops a paler pen altogether: no reader could see it)."""
    hand = pm.random_hand(rng)
    if hand.ink > palest:
        hand = dataclasses.replace(hand, ink=palest)
    return Pen(hand, colour or rng.choice(("black", "blue")))


class Ink:
    """The ink laid on one sheet, kept apart by colour (one white "L" canvas per ink), so a colour scan can
    show blue pens and a red seal while a grey scan sees each at its grey darkness."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.size = size
        self.canvases: dict[tuple[float, float, float], Image.Image] = {}

    def canvas(self, absorb: tuple[float, float, float]) -> Image.Image:
        if absorb not in self.canvases:
            self.canvases[absorb] = Image.new("L", self.size, 255)
        return self.canvases[absorb]

    def lay_on(self, page: Image.Image, crease: Image.Image | None = None) -> Image.Image:
        """The page (mode "L", the blank print) with every ink over it, as an RGB image."""
        out = page.convert("RGB")
        if crease is not None:
            out = ImageChops.multiply(out, Image.merge("RGB", (crease, crease, crease)))
        for absorb, canvas in self.canvases.items():
            bands = []
            for a in absorb:
                lut = [max(0, min(255, round(255 - (255 - v) * a))) for v in range(256)]
                bands.append(canvas.point(lut))
            out = ImageChops.multiply(out, Image.merge("RGB", bands))
        return out


# ------------------------------------------------------------------------------------------ strikes


def _span(line: NameLine, k: float) -> tuple[float, float, float, float, float]:
    return line.first * k, line.last * k, line.baseline * k, line.x_height * k, line.letter * k


def draw_strike(canvas: Image.Image, line: NameLine, dpi: float, style: str, hand: pm.Hand, rng: random.Random) -> None:
    """Strike out the printed name `line` with one of FULL_STRIKES, in place."""
    k = dpi / 72
    pen = pm._Pen(canvas, dpi, hand, rng)
    mm = pen.mm
    a, b, base, xh, letter = _span(line, k)
    mid = base - xh / 2
    x0, x1 = a + mm(rng.uniform(-0.6, 0.3)), b + mm(rng.uniform(-0.2, 0.8))
    y = mid + xh * rng.uniform(-0.1, 0.1)
    slope = math.tan(math.radians(rng.uniform(-1, 1)))
    wave = 0.0
    ys = [y]
    if style == "low":
        ys = [base - xh * rng.uniform(0.15, 0.35)]  # through the letters' lower part, not under them
    elif style == "high":
        ys = [base - xh * rng.uniform(0.6, 0.85)]
    elif style == "slanted":
        slope = math.tan(math.radians(rng.uniform(2.5, 5) * rng.choice((-1, 1))))
    elif style == "wavy":
        wave = mm(rng.uniform(0.3, 0.8))
    elif style == "double":
        gap = mm(rng.uniform(0.6, 1.4))
        ys = [mid - gap / 2, mid + gap / 2]
    elif style == "from_stt":
        stt_x0, stt_x1 = (line.stt[0], line.stt[2]) if line.stt else (line.table_left + 8, line.table_left + 14)
        x0 = k * rng.uniform(max(line.table_left + 2, stt_x0 - 1.5 * MM), stt_x1 + 1.5 * MM)
        x1 = b + mm(rng.uniform(-0.2, 1.5))
    elif style == "exact":
        x0, x1 = a + mm(rng.uniform(-0.15, 0.15)), b + mm(rng.uniform(-0.15, 0.15))
    elif style == "short":
        which = rng.random()
        if which < 0.5:
            x1 = b - letter * rng.uniform(0.2, 0.5)
        elif which < 0.8:
            x0 = a + letter * rng.uniform(0.2, 0.5)
        else:
            x0, x1 = a + letter * rng.uniform(0.1, 0.3), b - letter * rng.uniform(0.1, 0.3)
    elif style == "past":
        x0, x1 = a - mm(rng.uniform(0, 3)), b + mm(rng.uniform(1.5, 8))
    elif style == "cell":
        x0 = line.cell[0] * k + mm(rng.uniform(0.5, 4))
        x1 = line.cell[1] * k + mm(rng.uniform(-4, 1.5))
    elif style == "row":
        x0 = line.table_left * k + mm(rng.uniform(-1.5, 3))
        x1 = line.cell[1] * k + mm(rng.uniform(-3, 5))
    elif style != "middle":
        raise ValueError(f"unknown strike style {style!r}")
    if rng.random() < 0.15:  # some draw from right to left
        x0, x1 = x1, x0
    for i, yy in enumerate(ys):
        shift = mm(rng.uniform(-1, 1)) if len(ys) > 1 else 0.0
        xs = (x0 + shift, x1 + shift) if i else (x0, x1)
        path = pm._strike_line(pen, xs[0], xs[1], yy, slope + rng.uniform(-0.004, 0.004) * (len(ys) > 1), wave)
        pen.ink(path, taper_out=pen.mm(rng.uniform(1.5, 4.0)))


def draw_partial(
    canvas: Image.Image, line: NameLine, dpi: float, band: str, where: str, hand: pm.Hand, rng: random.Random
) -> float:
    """A line through part of the printed name: `band` of its length (PARTIAL_BANDS), from its `where`
    (start / end / middle). Returns the share of the name it crosses."""
    k = dpi / 72
    pen = pm._Pen(canvas, dpi, hand, rng)
    a, b, base, xh, _ = _span(line, k)
    lo, hi = PARTIAL_BANDS[band]
    share = rng.uniform(lo, hi)
    length = share * (b - a)
    if where == "start":
        x0 = a + pen.mm(rng.uniform(-0.5, 0.1))
        x1 = a + length
    elif where == "end":
        x1 = b + pen.mm(rng.uniform(-0.1, 0.5))
        x0 = b - length
    else:
        x0 = a + (b - a - length) * rng.uniform(0.2, 0.8)
        x1 = x0 + length
    if rng.random() < 0.15:
        x0, x1 = x1, x0
    y = base - xh * rng.uniform(0.35, 0.65)
    path = pm._strike_line(pen, x0, x1, y, math.tan(math.radians(rng.uniform(-1.5, 1.5))), 0.0)
    pen.ink(path, taper_out=pen.mm(rng.uniform(1.0, 2.5)))
    return share


# ------------------------------------------------------------------------------------------ fold creases


@dataclass(frozen=True)
class Crease:
    """A fold line across the whole sheet, through (x, y) points, at `angle` degrees (0: horizontal)."""

    x: float
    y: float
    angle: float
    core_mm: float  # 0.2-0.5
    darkest: int  # grey of the core on paper of 250: 170-195
    shadow_mm: float  # 1-3, on one side
    side: int  # +1 / -1: which side the shadow falls


def random_crease(rng: random.Random, x: float, y: float, angle: float) -> Crease:
    return Crease(
        x=x,
        y=y,
        angle=angle,
        core_mm=rng.uniform(0.2, 0.5),
        darkest=rng.randint(170, 195),
        shadow_mm=rng.uniform(1.0, 3.0),
        side=rng.choice((-1, 1)),
    )


def crease_layer(size: tuple[int, int], dpi: float, crease: Crease, rng: random.Random) -> Image.Image:
    """An "L" layer (255: untouched) darkening the page along the crease, to multiply the page by."""
    w, h = size
    ppm = dpi / 25.4
    k = dpi / 72
    theta = math.radians(crease.angle)
    ux, uy = math.cos(theta), math.sin(theta)
    ys, xs = np.ogrid[0:h, 0:w]
    dx = xs.astype(np.float32) - np.float32(crease.x * k)
    dy = ys.astype(np.float32) - np.float32(crease.y * k)
    across_all = (dy * np.float32(ux / ppm)) - dx * np.float32(uy / ppm)  # mm, signed
    near = np.abs(across_all) < crease.shadow_mm * 6 + 2  # beyond this the crease leaves no trace
    across = across_all[near]
    along = (
        np.broadcast_to(dx, (h, w))[near] * np.float32(ux) + np.broadcast_to(dy, (h, w))[near] * np.float32(uy)
    ) / np.float32(ppm)
    total = 1 - crease.darkest / 250
    shadow_share = rng.uniform(0.25, 0.45)
    core_depth, shadow_depth = total * (1 - shadow_share), total * shadow_share
    sigma = max(crease.core_mm / 2.355, 0.6 / ppm)  # at least ~half a pixel: a thin core still shows
    core = np.exp(-0.5 * (across / np.float32(sigma)) ** 2)
    s = across * np.float32(crease.side)
    shadow = np.exp(-np.maximum(s, 0) / np.float32(crease.shadow_mm / 2)) * np.exp(np.minimum(s, 0) / np.float32(sigma))
    phase = [rng.uniform(0, 2 * math.pi) for _ in range(2)]
    vary = (
        1
        + 0.08 * np.sin(along / np.float32(rng.uniform(20, 60)) + phase[0])
        + 0.05 * np.sin(along / np.float32(rng.uniform(3, 8)) + phase[1])
    )
    factor = np.ones((h, w), dtype=np.float32)
    factor[near] = 1 - vary * (core_depth * core + shadow_depth * shadow)
    return Image.fromarray(np.clip(factor * 255 + 0.5, 0, 255).astype(np.uint8))


def crosses(crease: Crease, rect: tuple[float, float, float, float], margin: float = 0.0) -> bool:
    """Whether the crease line passes through the rectangle (points), grown by `margin`."""
    x, y, w, h = rect
    theta = math.radians(crease.angle)
    ux, uy = math.cos(theta), math.sin(theta)
    corners = [(x - margin, y - margin), (x + w + margin, y - margin), (x - margin, y + h + margin)]
    corners.append((x + w + margin, y + h + margin))
    ds = [(cy - crease.y) * ux - (cx - crease.x) * uy for cx, cy in corners]
    return min(ds) <= 0 <= max(ds)


# ------------------------------------------------------------------------------------------ the seal


def draw_seal(
    canvas: Image.Image, centre: tuple[float, float], diameter_mm: float, dpi: float, rng: random.Random
) -> None:
    """Press the committee's round seal (penmarks' drawing: rings, lettering, star) `diameter_mm` across,
    centred at `centre` (points), onto `canvas` in place. Parts off the sheet do not print."""
    ppm = dpi / 25.4
    side = math.ceil(48 * ppm)
    stamp = Image.new("L", (side, side), 255)
    middle = side / 2 * 72 / dpi
    pm.draw_stamp(stamp, (middle - 0.5, middle - 0.5, 1.0, 1.0), dpi, rng)
    ink = np.asarray(stamp) < 235
    ys, xs = np.nonzero(ink)
    native = max(np.ptp(xs), np.ptp(ys)) + 1
    cx0, cy0 = (xs.min() + xs.max()) / 2, (ys.min() + ys.max()) / 2
    factor = diameter_mm * ppm / native
    size = max(1, round(side * factor))
    stamp = stamp.resize((size, size), Image.Resampling.BICUBIC)
    k = dpi / 72
    left = round(centre[0] * k - cx0 * factor)
    top = round(centre[1] * k - cy0 * factor)
    box = (max(0, left), max(0, top), min(canvas.width, left + size), min(canvas.height, top + size))
    if box[2] <= box[0] or box[3] <= box[1]:
        return
    part = stamp.crop((box[0] - left, box[1] - top, box[2] - left, box[3] - top))
    canvas.paste(ImageChops.multiply(canvas.crop(box), part), box[:2])


# ------------------------------------------------------------------------------------------ the scanner


@dataclass(frozen=True)
class Scanner:
    """One pass of a sheet through an office scanner."""

    turn: int  # 0 / 90 / 180 / 270: how the sheet went in (counter-clockwise as the image shows it)
    skew: float  # degrees, counter-clockwise
    scale: float
    perspective: float  # how far a corner may move, as a share of the page size
    blur: float  # Gaussian radius, px
    noise: float  # std of the pixel noise
    fade: float  # the lamp lights one side less by up to this share
    streak: bool  # a vertical dirt streak in the image
    paper: int  # paper grey, 225-252
    tint: tuple[float, float, float]  # the paper's colour cast, per channel
    backing: int | None  # the feeder's grey backing round the sheet (170-215), None: a white lid
    mode: str  # grey / colour / bilevel
    bilevel: str | None  # threshold / dither
    jpeg: int | None  # quality, None: lossless
    suffix: str  # .png / .jpg / .tif


def random_scanner(rng: random.Random, wear: str, *, turn: int, mode: str) -> Scanner:
    """A moderate or strong scan of a sheet fed at `turn`, delivered as `mode`."""
    strong = wear == "strong"
    skew = rng.uniform(-3, 3) if strong else rng.uniform(-1.5, 1.5)
    backing = None
    if turn in (90, 270) or rng.random() < (0.4 if strong else 0.25):
        backing = rng.randint(170, 215)
    bilevel = rng.choice(("threshold", "dither")) if mode == "bilevel" else None
    if mode == "colour" or (mode == "grey" and rng.random() < 0.6):
        jpeg, suffix = rng.randint(50, 85) if strong else rng.randint(70, 92), ".jpg"
    elif mode == "bilevel" and rng.random() < 0.5:
        jpeg, suffix = None, ".tif"
    else:
        jpeg, suffix = None, ".png"
    warm = rng.uniform(0, 0.03)
    blur = rng.uniform(0.3, 1.3) if strong else rng.uniform(0, 0.8)
    noise = rng.uniform(3, 12) if strong else rng.uniform(0, 5)
    if mode == "bilevel":  # the scanner's firmware sharpens and smooths before it makes the page black and white
        blur, noise = min(blur, 0.8), noise * 0.5
    return Scanner(
        turn=turn,
        skew=skew,
        scale=rng.uniform(0.97, 1.03) if strong else rng.uniform(0.985, 1.015),
        perspective=rng.uniform(0, 0.008) if strong else rng.uniform(0, 0.003),
        blur=blur,
        noise=noise,
        fade=rng.uniform(0.02, 0.08) if strong else rng.uniform(0, 0.03),
        streak=rng.random() < (0.3 if strong else 0.1),
        paper=rng.randint(225, 248) if strong else rng.randint(235, 252),
        tint=(1.0, 1.0 - warm * 0.4, 1.0 - warm),
        backing=backing,
        mode=mode,
        bilevel=bilevel,
        jpeg=jpeg,
        suffix=suffix,
    )


def _homography(src: Sequence[tuple[float, float]], dst: Sequence[tuple[float, float]]) -> np.ndarray:
    """The 3x3 matrix taking each src[i] to dst[i]."""
    c = pm._perspective_coefficients(src, dst)  # maps its first argument to its second
    return np.array([[c[0], c[1], c[2]], [c[3], c[4], c[5]], [c[6], c[7], 1.0]])


def apply(matrix: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Points (n, 2) through a 3x3 homography."""
    p = np.column_stack([points, np.ones(len(points))]) @ np.asarray(matrix).T
    return p[:, :2] / p[:, 2:3]


def scan(page: Image.Image, s: Scanner, rng: random.Random) -> tuple[Image.Image, np.ndarray]:
    """The sheet (RGB, white paper at 255) as the scanner delivers it, and the 3x3 homography from the
    sheet's pixels to the image's."""
    width, height = page.size
    colour = s.mode == "colour"
    if colour:
        paper = [s.paper * t for t in s.tint]
        page = Image.merge(
            "RGB",
            [band.point([round(v * p / 255) for v in range(256)]) for band, p in zip(page.split(), paper, strict=True)],
        )
        fill: Any = (s.backing,) * 3 if s.backing is not None else tuple(round(p) for p in paper)
    else:  # the scanner's grey: luma of the colour page (a red seal scans mid-grey, blue ink darker)
        page = page.convert("L").point([round(v * s.paper / 255) for v in range(256)])
        fill = s.backing if s.backing is not None else s.paper
    theta = math.radians(s.turn + s.skew)
    cos, sin = math.cos(theta), math.sin(theta)
    src = [(0.0, 0.0), (float(width), 0.0), (float(width), float(height)), (0.0, float(height))]
    moved = []
    for px, py in src:
        dx, dy = (px - width / 2) * s.scale, (py - height / 2) * s.scale
        moved.append(
            (
                cos * dx + sin * dy + rng.uniform(-1, 1) * s.perspective * width,
                -sin * dx + cos * dy + rng.uniform(-1, 1) * s.perspective * height,
            )
        )
    span_x = max(p[0] for p in moved) - min(p[0] for p in moved)
    span_y = max(p[1] for p in moved) - min(p[1] for p in moved)
    pads = [rng.uniform(0.012, 0.035) * span for span in (span_x, span_x, span_y, span_y)]  # left right top bottom
    min_x, min_y = min(p[0] for p in moved), min(p[1] for p in moved)
    out_w = math.ceil(span_x + pads[0] + pads[1])
    out_h = math.ceil(span_y + pads[2] + pads[3])
    dst = [(mx - min_x + pads[0], my - min_y + pads[2]) for mx, my in moved]
    image = page.transform(
        (out_w, out_h),
        Image.Transform.PERSPECTIVE,
        pm._perspective_coefficients(dst, src),
        resample=Image.Resampling.BICUBIC,
        fillcolor=fill,
    )
    if s.blur > 0:
        image = image.filter(ImageFilter.GaussianBlur(s.blur))
    pixels = np.asarray(image, dtype=np.float32)
    if not colour:
        pixels = pixels[:, :, None]
    towards = rng.uniform(0, 2 * math.pi)
    ramp = (
        np.linspace(-0.5, 0.5, out_w, dtype=np.float32)[None, :] * math.cos(towards)
        + np.linspace(-0.5, 0.5, out_h, dtype=np.float32)[:, None] * math.sin(towards)
        + 0.5
    )
    pixels *= (1 - s.fade * ramp)[:, :, None]
    if s.streak:
        column, wide = rng.randrange(out_w), rng.randint(1, 3)
        depth = rng.uniform(0.15, 0.35)
        along = np.linspace(0, 1, out_h)
        strength = depth * (0.8 + 0.2 * pm._waves(along, (rng.uniform(0.1, 0.5), rng.uniform(0.02, 0.08)), rng))
        for i, col in enumerate(range(column - 1, column + wide + 1)):
            if 0 <= col < out_w:
                edge = 0.4 if i in (0, wide + 1) else 1.0
                pixels[:, col, :] *= (1 - edge * strength)[:, None].astype(np.float32)
    if s.noise > 0:
        nrng = np.random.default_rng(rng.getrandbits(64))
        if colour:
            common = nrng.standard_normal((out_h, out_w, 1), dtype=np.float32)
            pixels += s.noise * (0.8 * common + 0.45 * nrng.standard_normal((out_h, out_w, 3), dtype=np.float32))
        else:
            pixels += s.noise * nrng.standard_normal((out_h, out_w, 1), dtype=np.float32)
    values = np.clip(pixels + 0.5, 0, 255).astype(np.uint8)
    out = Image.fromarray(values, "RGB") if colour else Image.fromarray(values[:, :, 0], "L")
    if s.mode == "bilevel":
        white = s.paper * (1 - s.fade) - 2.5 * s.noise - 4  # the paper itself comes out white
        if s.bilevel == "threshold":
            cut = s.paper * rng.uniform(0.62, 0.78)
            out = out.point(lambda v: 255 if v > cut else 0).convert("1", dither=Image.Dither.NONE)
        else:
            black = rng.uniform(20, 50)
            out = out.point(lambda v: max(0, min(255, round((v - black) / (white - black) * 255)))).convert("1")
    return out, _homography(src, dst)


def save(image: Image.Image, s: Scanner, path: Path, dpi: int) -> Path:
    """Write the scan as the scanner would: JPEG, PNG, or (bilevel) CCITT G4 TIFF."""
    path = path.with_suffix(s.suffix)
    if s.suffix == ".jpg":
        image.save(path, "JPEG", quality=s.jpeg, dpi=(dpi, dpi))
    elif s.suffix == ".tif":
        image.save(path, "TIFF", compression="group4" if image.mode == "1" else "tiff_lzw", dpi=(dpi, dpi))
    else:
        image.save(path, "PNG", compress_level=1, dpi=(dpi, dpi))
    return path
