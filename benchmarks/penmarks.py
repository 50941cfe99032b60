"""Pen marks on rendered ballot pages, and the wear an office scanner or copier adds to a page.

Used by the recognition accuracy harness and by tests. Everything is drawn from a `random.Random` the caller
passes in, so one seed always gives the same bytes. Pure: PIL, numpy and the standard library only.

Units: rectangles come from a ballot template in points (72 per inch, origin at the top-left corner of the
sheet, y downwards); an image rendered at `dpi` has the point (x, y) at pixel (x * dpi / 72, y * dpi / 72).
Images are mode "L". Inside this module lengths are pixels unless a name says `_mm`.

Strokes are drawn the way a pen leaves them: a smooth path through a few jittered control points, bent a
little, shaken by the hand's tremor, with round ends, thinner and lighter where the pen lands and lifts,
anti-aliased (drawn at 3x and box-filtered down) and laid on the paper as a filter (ink over print stays
dark, two strokes crossing are darker than one).
"""

from __future__ import annotations

import io
import math
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

Point = tuple[float, float]

BOX_STYLES = ("cross", "tick", "fill", "dot_fill", "spill_cross")
STRIKE_STYLES = ("straight", "slanted", "wavy", "double", "past_row")
AMBIGUOUS_BOX = ("circled", "scribbled", "faint_dot")
AMBIGUOUS_STRIKE = ("partial",)

_SUPERSAMPLE = 3


# --------------------------------------------------------------------------------------------- hands


@dataclass(frozen=True)
class Hand:
    """One voter's pen and habits."""

    width_mm: float  # pen stroke width, 0.3 (fine ballpoint) .. 1.2 (felt tip)
    ink: int  # grey level of the ink where the stroke is solid, 10 (heavy) .. 140 (light ballpoint)
    wobble: float  # hand tremor amplitude in mm, 0 .. 0.6


def random_hand(rng: random.Random) -> Hand:
    """A voter: mostly ballpoints (blue ones scan mid-grey), some gel or felt pens, a few faint pens."""
    kind = rng.random()
    if kind < 0.55:  # ballpoint, black or blue
        width, ink = rng.uniform(0.3, 0.6), rng.randint(25, 110)
    elif kind < 0.8:  # gel pen or felt tip
        width, ink = rng.uniform(0.55, 1.2), rng.randint(10, 60)
    else:  # a drying ballpoint, or a pale blue one
        width, ink = rng.uniform(0.3, 0.5), rng.randint(100, 140)
    wobble = min(0.6, rng.triangular(0.0, 0.6, 0.08))  # most hands are steady, a few shake
    return Hand(width, ink, wobble)


# ------------------------------------------------------------------------------------------ geometry


def _px(rect_pt: Sequence[float], dpi: float) -> tuple[float, float, float, float]:
    k = dpi / 72
    x, y, w, h = rect_pt
    return x * k, y * k, w * k, h * k


def _resample(points: np.ndarray, step: float) -> np.ndarray:
    """The polyline through `points` as evenly spaced points about `step` apart."""
    if len(points) < 2:
        return points
    keep = np.concatenate([[True], np.hypot(*np.diff(points, axis=0).T) > 1e-9])
    points = points[keep]
    if len(points) < 2:
        return points
    s = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(points, axis=0).T))])
    u = np.linspace(0.0, s[-1], max(2, math.ceil(s[-1] / step) + 1))
    return np.column_stack([np.interp(u, s, points[:, 0]), np.interp(u, s, points[:, 1])])


def _spline(ctrl: Sequence[Point], step: float) -> np.ndarray:
    """A Catmull-Rom curve through the control points, resampled every `step` pixels."""
    p = np.asarray(ctrl, dtype=float)
    if len(p) < 3:
        return _resample(p, step)
    ext = np.vstack([2 * p[0] - p[1], p, 2 * p[-1] - p[-2]])
    parts = []
    for i in range(len(p) - 1):
        p0, p1, p2, p3 = ext[i : i + 4]
        n = max(2, int(np.hypot(*(p2 - p1)) / step) + 1)
        t = np.linspace(0.0, 1.0, n, endpoint=False)[:, None]
        parts.append(
            0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2 + (3 * p1 - p0 - 3 * p2 + p3) * t**3)
        )
    parts.append(p[-1:])
    return _resample(np.vstack(parts), step)


def _arclength(path: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(path, axis=0).T))])


def _waves(s: np.ndarray, wavelengths: Sequence[float], rng: random.Random) -> np.ndarray:
    """Smooth noise in [-1, 1] along `s`: a few sines of the given wavelengths with random phases."""
    total = np.zeros_like(s)
    weight = 0.0
    for wavelength in wavelengths:
        w = rng.uniform(0.5, 1.0)
        total += w * np.sin(2 * math.pi * s / max(wavelength, 1e-6) + rng.uniform(0, 2 * math.pi))
        weight += w
    return total / weight if weight else total


def _normals(path: np.ndarray) -> np.ndarray:
    d = np.gradient(path, axis=0)
    n = np.column_stack([-d[:, 1], d[:, 0]])
    return n / (np.hypot(n[:, 0], n[:, 1])[:, None] + 1e-9)


def _tremble(path: np.ndarray, amp: float, ppm: float, rng: random.Random) -> np.ndarray:
    """The path as a shaking hand draws it: slow sideways drift plus a little fast tremor, at most `amp`."""
    if amp <= 0 or len(path) < 3:
        return path
    s = _arclength(path)
    drift = _waves(s, (rng.uniform(8, 20) * ppm, rng.uniform(4, 9) * ppm), rng)
    shake = _waves(s, (rng.uniform(0.8, 1.4) * ppm, rng.uniform(1.5, 2.6) * ppm, rng.uniform(2.8, 4) * ppm), rng)
    comes_and_goes = 0.5 + 0.5 * _waves(s, (rng.uniform(3, 8) * ppm,), rng)
    return path + _normals(path) * (amp * (0.55 * drift + 0.45 * shake * comes_and_goes))[:, None]


def _bow(a: Point, b: Point, bend: float, rng: random.Random, hook: float = 0.0) -> list[Point]:
    """Control points of a nearly straight stroke from a to b, bent sideways by `bend` x its length.

    With `hook` > 0 the pen lands with a small curl of that size before the stroke, as ballpoints often do.
    """
    (ax, ay), (bx, by) = a, b
    length = math.hypot(bx - ax, by - ay) or 1.0
    nx, ny = -(by - ay) / length, (bx - ax) / length
    sag = bend * length
    ctrl = [
        (ax, ay),
        (ax + (bx - ax) * 0.5 + nx * sag, ay + (by - ay) * 0.5 + ny * sag),
        (bx, by),
    ]
    if hook > 0:
        angle = rng.uniform(0, 2 * math.pi)
        ctrl.insert(0, (ax + hook * math.cos(angle), ay + hook * math.sin(angle)))
    return ctrl


# ------------------------------------------------------------------------------------------------ ink


def _layer_box(image: Image.Image, points: np.ndarray, margin: float) -> tuple[int, int, int, int] | None:
    x0 = max(0, math.floor(points[:, 0].min() - margin))
    y0 = max(0, math.floor(points[:, 1].min() - margin))
    x1 = min(image.width, math.ceil(points[:, 0].max() + margin))
    y1 = min(image.height, math.ceil(points[:, 1].max() + margin))
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def _lay(image: Image.Image, box: tuple[int, int, int, int], alpha: np.ndarray, ink: float) -> None:
    """Lay ink of grey `ink` with coverage `alpha` (0..1) over the image, as a filter: dark stays dark."""
    region = np.asarray(image.crop(box), dtype=np.float32)
    region *= 1.0 - alpha * (1.0 - ink / 255.0)
    image.paste(Image.fromarray(np.clip(region + 0.5, 0, 255).astype(np.uint8)), box[:2])


def _stroke(
    image: Image.Image,
    path: np.ndarray,
    width: float,
    ink: float,
    rng: random.Random,
    *,
    opacity: float = 1.0,
    taper_in: float = 0.0,
    taper_out: float = 0.0,
    skips: float = 0.0,
    ppm: float = 8.0,
    grain: float = 0.1,
) -> None:
    """Draw one pen stroke along `path` (pixel points, evenly spaced) onto the image, in place."""
    if len(path) == 0:
        return
    if len(path) == 1:
        path = np.vstack([path, path + np.array([0.05, 0.0])])
    s = _arclength(path)
    length = s[-1]
    press = np.ones(len(path))
    if taper_in > 0:
        press = np.minimum(press, 0.4 + 0.6 * np.clip(s / taper_in, 0, 1))
    if taper_out > 0:
        press = np.minimum(press, 0.25 + 0.75 * np.clip((length - s) / taper_out, 0, 1))
    widths = width * (0.6 + 0.4 * press)
    alphas = opacity * (0.6 + 0.4 * press)
    if skips > 0 and length > 0:  # a ballpoint that starts to run dry leaves paler stretches
        dry = _waves(s, (rng.uniform(2, 6) * ppm, rng.uniform(0.6, 1.5) * ppm), rng)
        alphas = alphas * (1 - skips * np.clip(dry, 0, 1))
    box = _layer_box(image, path, widths.max() / 2 + 2)
    if box is None:
        return
    ss = _SUPERSAMPLE
    size = ((box[2] - box[0]) * ss, (box[3] - box[1]) * ss)
    layer = Image.new("L", size, 0)
    draw = ImageDraw.Draw(layer)
    q = (path - [box[0], box[1]]) * ss
    for i in range(len(q)):
        r = widths[i] * ss / 2
        fill = round(255 * float(np.clip(alphas[i], 0, 1)))
        draw.ellipse((q[i, 0] - r, q[i, 1] - r, q[i, 0] + r, q[i, 1] + r), fill=fill)
        if i + 1 < len(q):
            draw.line(
                (float(q[i, 0]), float(q[i, 1]), float(q[i + 1, 0]), float(q[i + 1, 1])),
                fill=fill,
                width=max(1, round(2 * r)),
            )
    alpha = np.asarray(layer.reduce(ss), dtype=np.float32) / 255.0
    if grain > 0:
        alpha *= 1.0 - grain * np.random.default_rng(rng.getrandbits(64)).random(alpha.shape, dtype=np.float32)
    _lay(image, box, alpha, ink)


class _Pen:
    """A hand holding a pen over one image: turns control points (pixels) into pen strokes."""

    def __init__(self, image: Image.Image, dpi: float, hand: Hand, rng: random.Random) -> None:
        if image.mode != "L":
            raise ValueError(f"pen marks are drawn on mode 'L' images, not {image.mode!r}")
        self.image, self.hand, self.rng = image, hand, rng
        self.ppm = dpi / 25.4  # pixels per millimetre
        self.width = max(hand.width_mm * self.ppm, 0.8)

    def mm(self, value: float) -> float:
        return value * self.ppm

    def path(self, ctrl: Sequence[Point], *, smooth: bool = True, wobble: float = 1.0) -> np.ndarray:
        step = max(0.5, self.width * 0.3)
        points = _spline(ctrl, step) if smooth else _resample(np.asarray(ctrl, dtype=float), step)
        return _tremble(points, self.hand.wobble * wobble * self.ppm, self.ppm, self.rng)

    def ink(self, path: np.ndarray, **kwargs: Any) -> None:
        width = self.width * kwargs.pop("width", 1.0)
        ink = kwargs.pop("ink", self.hand.ink)
        kwargs.setdefault("taper_in", self.mm(0.5))
        kwargs.setdefault("taper_out", self.mm(self.rng.uniform(0.6, 1.6)))
        kwargs.setdefault("skips", 0.35 if self.hand.ink > 100 else 0.1)
        kwargs.setdefault("grain", 0.08 + 0.2 * self.hand.ink / 140)
        kwargs.setdefault("ppm", self.ppm)
        _stroke(self.image, path, width, ink, self.rng, **kwargs)

    def write(self, ctrl: Sequence[Point], *, smooth: bool = True, wobble: float = 1.0, **kwargs: Any) -> None:
        self.ink(self.path(ctrl, smooth=smooth, wobble=wobble), **kwargs)

    def line(self, a: Point, b: Point, *, bend: float = 0.03, **kwargs: Any) -> None:
        """A quick straight-ish stroke from a to b, sometimes with a landing curl."""
        rng = self.rng
        hook = self.mm(rng.uniform(0.25, 0.5)) if rng.random() < 0.3 else 0.0
        self.write(_bow(a, b, rng.uniform(-bend, bend), rng, hook), **kwargs)


# ------------------------------------------------------------------------------------------------ boxes


def draw_box(
    image: Image.Image, rect_pt: Sequence[float], dpi: float, style: str, hand: Hand, rng: random.Random
) -> None:
    """Mark the printed box `rect_pt` in place, in one of BOX_STYLES or AMBIGUOUS_BOX."""
    pen = _Pen(image, dpi, hand, rng)
    x, y, w, h = _px(rect_pt, dpi)
    marks = {
        "cross": _cross,
        "tick": _tick,
        "fill": _fill,
        "dot_fill": _dot_fill,
        "spill_cross": _spill_cross,
        "circled": _circled,
        "scribbled": _scribbled,
        "faint_dot": _faint_dot,
    }
    if style not in marks:
        raise ValueError(f"unknown box style {style!r}")
    marks[style](pen, x, y, w, h)


def _cross(pen: _Pen, x: float, y: float, w: float, h: float) -> None:
    rng = pen.rng
    f = rng.uniform(0.7, 0.96)
    cu = 0.5 + rng.uniform(-1, 1) * (1 - f) / 2 * 0.8
    cv = 0.5 + rng.uniform(-1, 1) * (1 - f) / 2 * 0.8

    def at(u: float, v: float) -> Point:
        return x + (u + rng.uniform(-0.035, 0.035)) * w, y + (v + rng.uniform(-0.035, 0.035)) * h

    lo_u, hi_u, lo_v, hi_v = cu - f / 2, cu + f / 2, cv - f / 2, cv + f / 2
    first = [at(lo_u, lo_v), at(hi_u, hi_v)]
    second = [at(hi_u, lo_v), at(lo_u, hi_v)]
    if rng.random() < 0.15:
        first.reverse()
    if rng.random() < 0.35:
        second.reverse()
    for a, b in (first, second):
        pen.line(a, b, bend=0.05)


def _spill_cross(pen: _Pen, x: float, y: float, w: float, h: float) -> None:
    rng = pen.rng
    reach = [pen.mm(rng.uniform(0.2, 2.0)) for _ in range(4)]
    reach[rng.randrange(4)] = pen.mm(rng.uniform(1.2, 2.0))  # at least one end clearly runs past the border
    ends = []
    for (cx, cy, dx, dy), r in zip(
        ((x, y, -1, -1), (x + w, y + h, 1, 1), (x + w, y, 1, -1), (x, y + h, -1, 1)), reach, strict=True
    ):
        jitter = pen.mm(0.4)
        ends.append(
            (
                cx + dx * r / math.sqrt(2) + rng.uniform(-jitter, jitter),
                cy + dy * r / math.sqrt(2) + rng.uniform(-jitter, jitter),
            )
        )
    pen.line(ends[0], ends[1], bend=0.05)
    pen.line(*((ends[2], ends[3]) if rng.random() < 0.6 else (ends[3], ends[2])), bend=0.05)


def _tick(pen: _Pen, x: float, y: float, w: float, h: float) -> None:
    rng = pen.rng

    def at(u: float, v: float) -> Point:
        return x + u * w, y + v * h

    start = (rng.uniform(0.1, 0.25), rng.uniform(0.42, 0.6))
    low = (rng.uniform(0.35, 0.47), rng.uniform(0.8, 0.9))
    end = (rng.uniform(0.8, 0.94), rng.uniform(0.05, 0.16))
    ctrl = [
        at(*start),
        at(start[0] + (low[0] - start[0]) * 0.6, start[1] + (low[1] - start[1]) * 0.6),
        at(*low),
        at(low[0] + (end[0] - low[0]) * 0.35 + rng.uniform(-0.03, 0.03), low[1] + (end[1] - low[1]) * 0.35),
        at(*end),
    ]
    pen.write(ctrl, taper_out=pen.mm(rng.uniform(1.2, 2.5)))


def _clip_line(origin: np.ndarray, direction: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[float, float] | None:
    """Parameter range where origin + t * direction lies inside the axis-aligned rectangle lo..hi."""
    t0, t1 = -math.inf, math.inf
    for axis in range(2):
        if abs(direction[axis]) < 1e-12:
            if not lo[axis] <= origin[axis] <= hi[axis]:
                return None
            continue
        a = (lo[axis] - origin[axis]) / direction[axis]
        b = (hi[axis] - origin[axis]) / direction[axis]
        t0, t1 = max(t0, min(a, b)), min(t1, max(a, b))
    return (t0, t1) if t1 > t0 else None


def _zigzag(
    pen: _Pen, lo: np.ndarray, hi: np.ndarray, angle: float, spacing: float, shrink: float
) -> list[list[Point]]:
    """Back-and-forth passes at `angle` covering the rectangle lo..hi, `spacing` apart, in a few pen-downs."""
    rng = pen.rng
    centre = (lo + hi) / 2
    direction = np.array([math.cos(angle), math.sin(angle)])
    normal = np.array([-direction[1], direction[0]])
    reach = float(np.hypot(*(hi - lo))) / 2
    passes = []
    offset = -reach + spacing / 2
    while offset < reach:
        origin = centre + normal * offset
        span = _clip_line(origin, direction, lo, hi)
        if span is not None:
            t0, t1 = span
            cut = (t1 - t0) * shrink
            a = origin + direction * (t0 + rng.uniform(0, cut))
            b = origin + direction * (t1 - rng.uniform(0, cut))
            passes.append((a, b) if len(passes) % 2 == 0 else (b, a))
        offset += spacing * rng.uniform(0.85, 1.15)
    strokes: list[list[Point]] = [[]]
    for a, b in passes:
        if strokes[-1] and rng.random() < 0.12:  # the pen lifts now and then
            strokes.append([])
        strokes[-1].extend([(float(a[0]), float(a[1])), (float(b[0]), float(b[1]))])
    return [s for s in strokes if len(s) >= 2]


def _fill(pen: _Pen, x: float, y: float, w: float, h: float) -> None:
    rng = pen.rng
    side = rng.uniform(0.78, 0.94)  # how much of the box the ink covers, pen width included
    cu, cv = 0.5 + rng.uniform(-0.03, 0.03), 0.5 + rng.uniform(-0.03, 0.03)
    inset = min(pen.width * 0.45, side * min(w, h) * 0.3)
    lo = np.array([x + (cu - side / 2) * w + inset, y + (cv - side / 2) * h + inset])
    hi = np.array([x + (cu + side / 2) * w - inset, y + (cv + side / 2) * h - inset])
    angle = math.radians(rng.choice((rng.uniform(-30, 30), rng.uniform(35, 60), rng.uniform(-60, -35))))
    spacing = pen.width * rng.uniform(0.7, 1.05)
    for ctrl in _zigzag(pen, lo, hi, angle, spacing, 0.06):
        pen.write(ctrl, smooth=False, taper_out=pen.mm(0.5))


def _dot_fill(pen: _Pen, x: float, y: float, w: float, h: float) -> None:
    rng = pen.rng
    side = min(w, h)
    radius = side * math.sqrt(rng.uniform(0.42, 0.58) / math.pi)
    aspect = rng.uniform(0.88, 1.12)
    cx, cy = x + w / 2 + rng.uniform(-0.05, 0.05) * w, y + h / 2 + rng.uniform(-0.05, 0.05) * h
    pitch = pen.width * rng.uniform(0.55, 0.8)
    turns = max(1.5, radius / pitch)
    start = rng.uniform(0, 2 * math.pi)
    sense = rng.choice((-1, 1))
    theta = np.linspace(0, 2 * math.pi * turns, max(24, int(turns * 24)))
    r = radius - pen.width / 2 - (radius - pen.width / 2) * theta / theta[-1]
    ctrl = [
        (cx + rr * aspect * math.cos(start + sense * t), cy + rr / aspect * math.sin(start + sense * t))
        for rr, t in zip(r, theta, strict=True)
    ]
    pen.write(ctrl, smooth=False, wobble=0.5, taper_out=pen.mm(0.3), skips=0.0)
    core = radius * 0.45  # a few small loops go round the middle again: the blob is solid there
    curl = [
        (cx + core * rng.uniform(0.3, 1) * math.cos(a), cy + core * rng.uniform(0.3, 1) * math.sin(a))
        for a in np.linspace(0, 2 * math.pi * rng.uniform(1.5, 2.5), 12) + rng.uniform(0, 2 * math.pi)
    ]
    pen.write(curl, wobble=0.3, taper_out=pen.mm(0.3), skips=0.0)


def _circled(pen: _Pen, x: float, y: float, w: float, h: float) -> None:
    """A ring drawn around the box, clear of its border: the box itself stays empty."""
    rng = pen.rng
    clear = math.hypot(w, h) / 2 + pen.width / 2 + pen.mm(pen.hand.wobble + 0.35)
    rx = clear + pen.mm(rng.uniform(0.1, 1.0))
    ry = max(clear, rx * rng.uniform(0.85, 1.1))
    cx, cy = x + w / 2, y + h / 2
    start = rng.uniform(0, 2 * math.pi)
    sweep = 2 * math.pi + rng.uniform(0.15, 0.7)
    sense = rng.choice((-1, 1))
    drift = pen.mm(rng.uniform(0, 0.6))  # the pen does not come back to where it started
    n = 40
    ctrl = []
    for i in range(n + 1):
        t = i / n
        grow = drift * t
        a = start + sense * sweep * t
        ctrl.append((cx + (rx + grow) * math.cos(a), cy + (ry + grow) * math.sin(a)))
    pen.write(ctrl, taper_out=pen.mm(1.0))


def _scribbled(pen: _Pen, x: float, y: float, w: float, h: float) -> None:
    """A mark made, then scribbled out hard, the scribble running well past the box."""
    rng = pen.rng
    if rng.random() < 0.6:
        _cross(pen, x, y, w, h)
    else:
        _tick(pen, x, y, w, h)
    heavy = max(10, round(pen.hand.ink * 0.7))
    out_x, out_y = pen.mm(rng.uniform(1.2, 2.5)), pen.mm(rng.uniform(1.2, 2.5))
    lo = np.array([x - out_x, y - out_y])
    hi = np.array([x + w + out_x, y + h + out_y])
    # coils: loop after loop, row by row, none quite like the last
    rows = rng.randint(3, 5)
    row_h = (hi[1] - lo[1]) / rows
    ctrl: list[Point] = []
    for row in range(rows):
        cy = lo[1] + (row + 0.5 + rng.uniform(-0.25, 0.25)) * row_h
        forward = row % 2 == 0
        px = lo[0] + row_h * 0.5 if forward else hi[0] - row_h * 0.5
        while lo[0] + row_h * 0.3 <= px <= hi[0] - row_h * 0.3:
            r = row_h * rng.uniform(0.4, 0.8)
            squash = rng.uniform(0.6, 1.2)
            for k in range(4):
                a = k * math.pi / 2 + rng.uniform(-0.35, 0.35)
                ctrl.append(
                    (
                        px + r * squash * math.cos(a),
                        cy + r * math.sin(a) * (1 if forward else -1) + rng.uniform(-0.1, 0.1) * row_h,
                    )
                )
            px += (1 if forward else -1) * row_h * rng.uniform(0.35, 0.8)
    ctrl = [(min(max(cx, lo[0]), hi[0]), min(max(cy, lo[1]), hi[1])) for cx, cy in ctrl]  # loops flatten at the edge
    pen.write(ctrl, ink=heavy, width=1.15, taper_out=pen.mm(0.8), skips=0.0)
    angle = math.radians(rng.uniform(-70, 70))
    for zig in _zigzag(pen, lo, hi, angle, pen.width * rng.uniform(1.5, 3.0), 0.15):
        pen.write(zig, smooth=False, ink=heavy, width=1.15, skips=0.0)


def _faint_dot(pen: _Pen, x: float, y: float, w: float, h: float) -> None:
    """The pen touched the box and lifted: a tiny pale dot."""
    rng = pen.rng
    cx, cy = x + w * rng.uniform(0.3, 0.7), y + h * rng.uniform(0.3, 0.7)
    ink = pen.hand.ink + (255 - pen.hand.ink) * rng.uniform(0.3, 0.55)
    d = pen.mm(rng.uniform(0.45, 0.9))
    length = pen.mm(rng.uniform(0.0, 0.25))
    angle = rng.uniform(0, 2 * math.pi)
    path = _resample(np.array([(cx, cy), (cx + length * math.cos(angle), cy + length * math.sin(angle))]), 0.5)
    _stroke(pen.image, path, d, ink, rng, grain=0.25)


# ------------------------------------------------------------------------------------------------ strikes


def draw_strike(
    image: Image.Image, rect_pt: Sequence[float], dpi: float, style: str, hand: Hand, rng: random.Random
) -> None:
    """Strike out the name cell `rect_pt` in place, in one of STRIKE_STYLES or AMBIGUOUS_STRIKE.

    The ink stays inside the cell's vertical band (12-88 % of its height) so it never reaches the next row;
    where a slant or a wave would not fit that band (a long, low cell), it is flattened until it does.
    """
    if style not in STRIKE_STYLES + AMBIGUOUS_STRIKE:
        raise ValueError(f"unknown strike style {style!r}")
    pen = _Pen(image, dpi, hand, rng)
    x, y, w, h = _px(rect_pt, dpi)
    yc = y + h * rng.uniform(0.38, 0.62)  # the middle third
    if style == "partial":
        frac = rng.uniform(0.28, 0.42)
        x0 = x + w * rng.uniform(0.02, min(0.3, 0.98 - frac))
        x1 = x0 + w * frac
    elif style == "past_row":
        x0, x1 = x - pen.mm(rng.uniform(5, 15)), x + w + pen.mm(rng.uniform(5, 15))
    else:
        frac = rng.uniform(0.87, 1.04)
        slack = 1 - frac
        x0 = x + w * slack * (rng.uniform(0.15, 0.85) if slack > 0 else rng.uniform(0.3, 0.7))
        x1 = x0 + w * frac
    if rng.random() < 0.15:  # some draw right to left
        x0, x1 = x1, x0
    slope = math.tan(
        math.radians(rng.uniform(2, 4) * rng.choice((-1, 1)) if style == "slanted" else rng.uniform(-1, 1))
    )
    lines = []
    if style == "double":
        gap = min(pen.mm(rng.uniform(1.0, 2.0)), h * 0.3)
        for dy in (-gap / 2, gap / 2):
            shift = pen.mm(rng.uniform(-3, 3))
            lines.append(_strike_line(pen, x0 + shift, x1 + shift, yc + dy, slope + rng.uniform(-0.004, 0.004), 0.0))
        if rng.random() < 0.5:
            lines[1] = lines[1][::-1]
    else:
        wave = pen.mm(rng.uniform(0.8, 1.2)) if style == "wavy" else 0.0
        lines.append(_strike_line(pen, x0, x1, yc, slope, wave))
    _fit_band(lines, y + h * 0.12 + pen.width * 0.6 + 1, y + h * 0.88 - pen.width * 0.6 - 1)
    for path in lines:
        pen.ink(path, taper_out=pen.mm(rng.uniform(1.5, 4.0)))


def _strike_line(pen: _Pen, x0: float, x1: float, yc: float, slope: float, wave: float) -> np.ndarray:
    rng = pen.rng
    xm = (x0 + x1) / 2
    length = abs(x1 - x0)
    bow = pen.mm(rng.uniform(-0.5, 0.5))
    n = max(8, int(length / pen.mm(0.8 if wave else 1.5)))
    t = np.linspace(0.0, 1.0, n + 1)
    px = x0 + (x1 - x0) * t
    py = yc + slope * (px - xm) + bow * np.sin(math.pi * t)
    if wave:  # a hand-made wave: its loops neither all the same height nor all the same length
        along = np.abs(px - x0)
        wavelength = pen.mm(rng.uniform(5, 10)) * (1 + 0.2 * _waves(along, (pen.mm(rng.uniform(15, 30)),), rng))
        phase = np.cumsum(np.concatenate([[0.0], np.diff(along) / wavelength[1:]])) * 2 * math.pi
        height = wave * (0.85 + 0.2 * _waves(along, (pen.mm(rng.uniform(10, 25)),), rng))
        py = py + height * np.sin(phase + rng.uniform(0, 2 * math.pi))
    return pen.path(list(zip(px.tolist(), py.tolist(), strict=True)), wobble=1.0)


def _fit_band(paths: list[np.ndarray], lo: float, hi: float) -> None:
    """Squeeze (vertically, about their middle) and shift the paths together until they lie within lo..hi."""
    top = min(float(p[:, 1].min()) for p in paths)
    bottom = max(float(p[:, 1].max()) for p in paths)
    mid = (top + bottom) / 2
    room = max(hi - lo, 1.0)
    factor = min(1.0, room / max(bottom - top, 1e-6))
    shift = 0.0
    if mid - (bottom - top) * factor / 2 < lo:
        shift = lo - (mid - (bottom - top) * factor / 2)
    elif mid + (bottom - top) * factor / 2 > hi:
        shift = hi - (mid + (bottom - top) * factor / 2)
    for p in paths:
        p[:, 1] = mid + (p[:, 1] - mid) * factor + shift


# ------------------------------------------------------------------------------------------------ writing


def _glyph(spec: str) -> list[list[Point]]:
    """Strokes from "x,y x,y | x,y x,y": points of each stroke, strokes split by "|"."""
    return [
        [(float(a), float(b)) for a, b in (pair.split(",") for pair in stroke.split())] for stroke in spec.split("|")
    ]


# Digits in a unit cell: u rightwards 0..1, v downwards 0..1 (a comma hangs below).
_DIGITS = {
    key: _glyph(spec)
    for key, spec in {
        "0": ".55,0 .15,.15 .02,.55 .3,1 .75,.9 .97,.45 .8,.05 .45,.03",
        "1": ".15,.25 .55,0 .5,1",
        "2": ".05,.25 .35,.02 .8,.05 .88,.32 .55,.62 .05,1 .5,.96 1,.97",
        "3": ".08,.12 .5,0 .88,.18 .72,.4 .38,.48 .85,.62 .9,.85 .55,1 .05,.88",
        "4": ".62,0 .3,.38 .02,.68 .5,.66 1,.63 | .72,.28 .7,1",
        "5": ".2,.02 .12,.45 .5,.38 .88,.56 .85,.86 .5,1 .05,.9 | .2,.02 .92,0",
        "6": ".85,.05 .45,.12 .12,.5 .2,.9 .55,1 .88,.78 .7,.52 .35,.52 .12,.72",
        "7": "0,.05 .95,0 .62,.45 .38,1",
        "8": ".85,.14 .5,0 .15,.15 .25,.38 .75,.6 .85,.86 .5,1 .15,.85 .25,.6 .75,.38 .85,.14",
        "9": ".88,.3 .55,.45 .15,.32 .2,.05 .6,0 .88,.25 .8,.6 .65,1",
        ",": ".5,.88 .45,1.05 .28,1.2",
        ".": ".45,.96 .47,.98",
        "-": ".1,.55 .9,.5",
        "/": ".85,0 .15,1",
    }.items()
}
_NARROW = {",": 0.35, ".": 0.3, "-": 0.7, "/": 0.7, "1": 0.6}


def draw_digits(
    image: Image.Image, rect_pt: Sequence[float], dpi: float, text: str, hand: Hand, rng: random.Random
) -> None:
    """Write the number `text` (digits and , . - /) by hand inside `rect_pt`, in place."""
    pen = _Pen(image, dpi, hand, rng)
    x, y, w, h = _px(rect_pt, dpi)
    chars = [c for c in text if c in _DIGITS or c == " "]
    if not chars:
        return
    # keep clear of the printed border: half the pen, the tremor, the jitter of the shapes
    margin = pen.width / 2 + pen.mm(hand.wobble) + 2
    x, y, w, h = x + margin, y + margin, max(w - 2 * margin, 1.0), max(h - 2 * margin, 1.0)
    hang = 1.25 if "," in chars else 1.05  # a comma hangs below the line
    height = h / hang * rng.uniform(0.6, 0.92)
    aspect = rng.uniform(0.5, 0.62)
    shear = rng.uniform(0.05, 0.3)
    gaps = [rng.uniform(0.15, 0.4) for _ in chars]
    widths = [_NARROW.get(c, 1.0) * rng.uniform(0.9, 1.1) for c in chars]
    total = (sum(widths) * 1.1 + sum(gaps[:-1])) * aspect * height + shear * height * 1.05
    if total > w:
        height *= w / total
        total = w
    left = x + (w - total) / 2 * (1 + rng.uniform(-0.6, 0.6))
    top = y + 0.05 * height + (h - hang * height) / 2 * (1 + rng.uniform(-0.5, 0.5))
    tilt = rng.uniform(-0.04, 0.04)  # the baseline climbs or sinks a little
    cursor = left
    for c, cw, gap in zip(chars, widths, gaps, strict=True):
        cell = cw * aspect * height
        if c != " ":
            scale = rng.uniform(0.92, 1.0)
            for stroke in _DIGITS[c]:
                ctrl = []
                for u, v in stroke:
                    uu, vv = u + rng.uniform(-0.05, 0.05), v + rng.uniform(-0.04, 0.04)
                    ctrl.append(
                        (
                            cursor + uu * cell + shear * (1 - vv) * height * scale,
                            top + (1 - scale) * height + vv * height * scale + tilt * (cursor - left),
                        )
                    )
                pen.write(ctrl, taper_out=pen.mm(rng.uniform(0.4, 1.0)))
        cursor += cell + gap * aspect * height


# Joined-up letters in x-heights: x rightwards from where the letter starts, y upwards negative (0 the baseline,
# -1 the x-height, about -2.1 an ascender, +0.9 a descender), and the advance to the next letter. A lower-case
# letter is one stretch of the word's single stroke: it starts near where the previous one left the baseline.
_BOWL = ".75,-.8 .42,-1 .08,-.6 .25,0 .62,-.3"
_LOOP_UP = ".1,-.3 .45,-1.9 .3,-2.15 .15,-1.8"
_DOWN_LOOP = ".7,.9 .35,.95 .32,.55 .9,-.15"
_LETTERS: dict[str, tuple[list[Point], float]] = {
    key: (_glyph(spec)[0], advance)
    for key, (spec, advance) in {
        "a": (f"{_BOWL} .75,-1 .72,-.1 .95,-.15", 1.0),
        "o": (".7,-.9 .35,-1 .08,-.5 .35,.02 .7,-.45 .6,-.95 .95,-.85", 1.0),
        "c": (".75,-.85 .4,-1 .08,-.5 .35,.02 .8,-.2", 0.85),
        "e": (".15,-.4 .65,-.72 .45,-1 .1,-.6 .3,0 .75,-.2", 0.8),
        "d": (f"{_BOWL} .8,-2.1 .75,-.1 .95,-.15", 1.0),
        "g": (f"{_BOWL} .75,-1 {_DOWN_LOOP}", 1.0),
        "q": (f"{_BOWL} .75,-1 .72,.9 .8,.3 .95,-.1", 1.0),
        "l": (f"{_LOOP_UP} .2,0 .55,-.2", 0.6),
        "b": (f"{_LOOP_UP} .15,0 .6,-.1 .7,-.8 .3,-.75 .9,-.85", 1.0),
        "h": (f"{_LOOP_UP} .15,0 .3,-.8 .6,-1 .72,-.5 .72,0 .95,-.2", 1.0),
        "k": (f"{_LOOP_UP} .15,0 .3,-.8 .7,-.95 .35,-.5 .72,0 .95,-.2", 1.0),
        "t": (".1,-.2 .38,-1.8 .3,0 .6,-.2", 0.65),
        "i": (".1,-.3 .35,-1 .3,0 .55,-.2", 0.55),
        "u": (".1,-.3 .3,-1 .25,-.1 .55,-.05 .75,-1 .75,0 .95,-.2", 1.0),
        "n": (".05,-.3 .25,-1 .2,0 .3,-.75 .55,-1 .75,-.6 .75,0 .95,-.2", 1.0),
        "m": (".05,-.3 .2,-1 .18,0 .25,-.8 .45,-1 .6,-.6 .6,0 .7,-.8 .9,-1 1.05,-.6 1.05,0 1.3,-.2", 1.35),
        "r": (".05,-.3 .2,-1 .2,0 .3,-.8 .55,-1 .75,-.85", 0.75),
        "v": (".05,-.8 .2,-1 .45,0 .75,-1 .9,-.9", 0.9),
        "y": (f".05,-.3 .25,-1 .25,-.1 .55,-.05 .75,-1 {_DOWN_LOOP}", 1.0),
        "s": (".1,-.2 .55,-1 .4,-.9 .35,-.6 .7,-.3 .5,0 .15,-.1 .75,-.2", 0.8),
        "p": (".05,-.3 .25,-1 .2,.95 .25,-.7 .6,-1 .8,-.5 .45,0 .2,-.2 .95,-.15", 1.0),
        "x": (".05,-.9 .3,-1 .55,-.5 .7,0 .95,-.2", 0.9),
    }.items()
}
_LETTER_ALIAS = {"f": "l", "j": "y", "w": "u", "z": "s", "đ": "d"}
# Capitals stand apart from the rest of the word: strokes of their own.
_CAPITALS: dict[str, tuple[list[list[Point]], float]] = {
    key: (_glyph(spec), advance)
    for key, (spec, advance) in {
        "N": ("0,0 .15,-2.2 .75,0 .9,-2.3 1.1,-2", 1.1),
        "T": ("-.1,-2 .5,-2.25 1.3,-2.15 | .6,-2.2 .5,-.6 .4,0 .1,-.2", 1.0),
        "L": (".6,-1.9 .5,-2.25 .35,-1.7 .25,-.3 .05,0 .4,.05 1,-.1", 1.0),
        "P": (".2,0 .25,-2.2 | .1,-2 .7,-2.25 .95,-1.7 .5,-1.2 .2,-1.3", 1.0),
        "H": (".1,0 .2,-2.2 | .9,-2.2 .85,0 | .1,-1.1 .9,-1.15", 1.1),
        "V": ("0,-2.2 .45,0 .95,-2.3", 1.0),
        "Đ": (".25,0 .3,-2.2 | .15,-2.1 .8,-1.9 .95,-1 .6,-.1 .05,0 | 0,-1.1 .6,-1.15", 1.1),
        "D": (".25,0 .3,-2.2 | .15,-2.1 .8,-1.9 .95,-1 .6,-.1 .05,0", 1.05),
        "B": (".2,0 .25,-2.2 | .1,-2.1 .75,-2 .6,-1.2 .25,-1.15 .9,-.8 .7,-.05 .1,0", 1.0),
        "M": ("0,0 .1,-2.2 .55,-.6 .95,-2.2 1.05,0", 1.25),
        "G": (".9,-1.9 .5,-2.2 .05,-1.2 .35,0 .9,-.4 .85,-1 .55,-.95", 1.05),
        "C": (".9,-1.9 .5,-2.2 .05,-1.2 .35,0 .95,-.3", 1.0),
        "Q": (".5,-2.2 .05,-1.2 .4,0 .9,-1.1 .55,-2.2 | .5,-.4 1,.1", 1.05),
        "A": ("0,0 .5,-2.25 .95,0 | .2,-.9 .8,-.95", 1.0),
        "K": (".15,0 .2,-2.2 | .9,-2.2 .25,-1 .9,0", 1.0),
        "S": (".9,-1.9 .45,-2.2 .15,-1.7 .8,-.9 .6,0 .05,-.2", 0.95),
        "X": ("0,-2.2 .95,0 | .9,-2.2 .05,0", 1.0),
        "Y": ("0,-2.2 .5,-1.1 .95,-2.3 | .5,-1.1 .45,0", 1.0),
        "E": (".9,-2 .3,-2.2 .1,-1.2 .6,-1.15 | .1,-1.2 0,0 .95,-.05", 1.0),
        "U": ("0,-2.2 .05,-.4 .45,0 .85,-.4 .9,-2.2", 1.0),
        "O": (".5,-2.2 .05,-1.2 .4,0 .9,-1.1 .55,-2.2 .3,-2", 1.0),
        "R": (".2,0 .25,-2.2 | .1,-2 .7,-2.25 .95,-1.7 .5,-1.2 .2,-1.3 .9,0", 1.0),
        "I": (".3,-2.2 .25,0", 0.5),
    }.items()
}
# Vietnamese marks (from NFD) in x-heights around the middle of their letter; above it, but for the dot below.
_MARKS: dict[str, list[Point]] = {
    key: _glyph(spec)[0]
    for key, spec in {
        "\u0300": "-.1,-1.75 .2,-1.35",  # huyền
        "\u0301": ".25,-1.8 -.05,-1.35",  # sắc
        "\u0303": "-.25,-1.4 -.05,-1.62 .15,-1.42 .35,-1.62",  # ngã
        "\u0309": "-.1,-1.7 .1,-1.88 .22,-1.65 .05,-1.48 .05,-1.38",  # hỏi
        "\u0323": "0,.45 .03,.48",  # nặng
        "\u0302": "-.25,-1.2 .05,-1.55 .35,-1.2",  # mũ
        "\u0306": "-.25,-1.55 .05,-1.22 .35,-1.55",  # trăng
        "\u031b": ".35,-.95 .65,-1.25 .55,-1.4",  # móc
        "\u0307": "0,-1.55 .03,-1.58",  # the dot of i
    }.items()
}
_HATS = ("\u0302", "\u0306")
_TONES_ABOVE = ("\u0300", "\u0301", "\u0303", "\u0309")


def _graphemes(text: str) -> list[tuple[str, list[str]]]:
    """Each letter of `text` with the combining marks that follow it in NFD."""
    out: list[tuple[str, list[str]]] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and out:
            out[-1][1].append(char)
        else:
            out.append((char, []))
    return out


def _advance(base: str) -> float:
    if base.isspace():
        return 1.0
    if base in _CAPITALS:
        return _CAPITALS[base][1]
    key = _LETTER_ALIAS.get(base.lower(), base.lower())
    return _LETTERS[key][1] if key in _LETTERS else 0.9


def _text_width(text: str) -> float:
    """Rough width of `text` in x-heights, before the random spread of each letter."""
    return sum(_advance(base) for base, _ in _graphemes(text))


def _handwriting(
    pen: _Pen,
    text: str,
    left: float,
    baseline: float,
    xh: float,
    shear: float,
    squeeze: float = 1.0,
    climb: float = 0.2,
) -> float:
    """Write `text` as a joined-up scrawl from (left, baseline), x-height `xh` px; returns where it ends.

    The line of writing climbs or sinks by up to `climb` x-heights from its first letter to its last.
    """
    rng = pen.rng
    drift = rng.uniform(-climb, climb) / max(_text_width(text), 1.0)
    cursor = 0.0  # in x-heights from `left`
    joined: list[Point] = []
    apart: list[list[Point]] = []

    def place(px: float, py: float) -> Point:
        return left + (px - shear * py) * xh * squeeze, baseline + py * xh + drift * px * xh

    def lift() -> None:
        if len(joined) >= 2:
            pen.write(joined, wobble=0.7, taper_out=pen.mm(rng.uniform(0.6, 2.0)))
        joined.clear()

    for base, marks in _graphemes(text):
        if base.isspace():
            lift()
            cursor += rng.uniform(0.7, 1.2)
            continue
        spread = rng.uniform(0.85, 1.15)
        tall = rng.uniform(0.9, 1.1)
        if base in _CAPITALS:
            lift()
            strokes, advance = _CAPITALS[base]
            for stroke in strokes:
                apart.append(
                    [
                        place(cursor + (u + rng.uniform(-0.06, 0.06)) * spread, v * tall + rng.uniform(-0.06, 0.06))
                        for u, v in stroke
                    ]
                )
        else:
            key = _LETTER_ALIAS.get(base.lower(), base.lower())
            points, advance = _LETTERS.get(key, _LETTERS["o"])
            lift_y = 2.0 if base.isupper() else 1.0  # a capital without a shape of its own: a large lower-case one
            joined.extend(
                place(cursor + (u + rng.uniform(-0.06, 0.06)) * spread, v * tall * lift_y + rng.uniform(-0.06, 0.06))
                for u, v in points
            )
            if base.lower() == "đ":
                apart.append([place(cursor + 0.45 * spread, -1.55), place(cursor + 1.05 * spread, -1.6)])
            if base in "ij":
                marks = [*marks, "\u0307"]
        if base == "t":
            apart.append([place(cursor - 0.05, -1.05), place(cursor + 0.65 * spread, -1.1)])
        middle = cursor + advance * spread * 0.45
        raise_by = -0.4 if any(m in _HATS for m in marks) else 0.0
        for mark in marks:
            if mark in _MARKS:
                lift_mark = raise_by if mark in _TONES_ABOVE else 0.0
                apart.append(
                    [
                        place(middle + u + rng.uniform(-0.05, 0.05), v + lift_mark + rng.uniform(-0.05, 0.05))
                        for u, v in _MARKS[mark]
                    ]
                )
        cursor += advance * spread + rng.uniform(-0.05, 0.1)
    lift()
    for stroke in apart:  # dots, crossbars and marks go on after the letters, as they are written
        pen.write(stroke, wobble=0.4, taper_in=0.0, taper_out=pen.mm(0.3))
    return left + cursor * xh * squeeze


def draw_name(
    image: Image.Image, rect_pt: Sequence[float], dpi: float, text: str, hand: Hand, rng: random.Random
) -> None:
    """Write `text` by hand on the ruled line whose writing area is `rect_pt` (the line is near its bottom)."""
    pen = _Pen(image, dpi, hand, rng)
    x, y, w, h = _px(rect_pt, dpi)
    baseline = y + h * rng.uniform(0.62, 0.7)
    margin = pen.width / 2 + pen.mm(hand.wobble) + 1  # ascenders and descenders stay inside the rect
    climb = 0.2  # x-heights the writing may drift up or down along the line
    xh = min(
        pen.mm(rng.uniform(2.2, 3.2)),
        (y + h - baseline - margin) / (1.15 + climb),
        (baseline - y - margin) / (2.45 + climb),
    )
    shear = rng.uniform(0.05, 0.35)
    left = x + pen.mm(rng.uniform(2, 10))
    room = x + w - pen.mm(2) - left
    natural = (_text_width(text) * 1.05 + shear * 2.2) * xh
    squeeze = min(1.0, room / natural) if natural > 0 else 1.0
    _handwriting(pen, text, left, baseline, xh, shear, squeeze, climb)


# ------------------------------------------------------------------------------------------ stamp and signature


def draw_stamp(image: Image.Image, rect_pt: Sequence[float], dpi: float, rng: random.Random) -> None:
    """Press the organiser's round seal over the stamp zone `rect_pt`, in place, as a red seal scans in grey.

    The seal (34-42 mm across: a heavy ring, a thin inner ring, lettering between them, a star and two lines
    of lettering in the middle) lands at a random spot, mostly within the zone, unevenly inked.
    """
    if image.mode != "L":
        raise ValueError(f"the seal is drawn on mode 'L' images, not {image.mode!r}")
    ppm = dpi / 25.4
    x, y, w, h = _px(rect_pt, dpi)
    radius = ppm * rng.uniform(17, 21)
    inner = radius * rng.uniform(0.66, 0.72)
    cx = rng.uniform(x + 0.8 * radius, x + w - 0.8 * radius) if w > 1.6 * radius else x + w / 2
    cy = rng.uniform(y + 0.8 * radius, y + h - 0.8 * radius) if h > 1.6 * radius else y + h / 2
    cx = min(max(cx, radius + 2), image.width - radius - 2)
    cy = min(max(cy, radius + 2), image.height - radius - 2)
    ink = rng.uniform(80, 120)
    box = _layer_box(image, np.array([[cx - radius, cy - radius], [cx + radius, cy + radius]]), 3)
    if box is None:
        return
    ss = _SUPERSAMPLE
    layer = Image.new("L", ((box[2] - box[0]) * ss, (box[3] - box[1]) * ss), 0)
    draw = ImageDraw.Draw(layer)
    ox, oy = (cx - box[0]) * ss, (cy - box[1]) * ss

    def ring(r: float, width: float) -> None:
        r *= ss
        draw.ellipse((ox - r, oy - r, ox + r, oy + r), outline=255, width=max(1, round(width * ss)))

    def bar(a: Point, b: Point, width: float) -> None:
        draw.line(
            (ox + a[0] * ss, oy + a[1] * ss, ox + b[0] * ss, oy + b[1] * ss), fill=255, width=max(1, round(width * ss))
        )

    outer_w = ppm * rng.uniform(0.8, 1.2)
    ring(radius - outer_w / 2, outer_w)
    ring(inner, ppm * rng.uniform(0.3, 0.45))
    # lettering round the ring: little clusters of bars standing on the inner ring, a gap at the bottom
    band = radius - outer_w - inner
    letter_h = band * 0.55
    text_r = inner + band * 0.22
    pitch = letter_h * 0.8 / (text_r + letter_h / 2)
    start = math.pi / 2 + rng.uniform(0.5, 0.7)  # just past the bottom (y points down)
    stop = start + 2 * math.pi - 2 * rng.uniform(0.5, 0.7)
    angle = start
    stroke_w = ppm * 0.35
    while angle < stop:
        radial = np.array([math.cos(angle), math.sin(angle)])
        along = np.array([-radial[1], radial[0]])
        base = radial * text_r
        if rng.random() < 0.12:  # a space between words
            angle += pitch * 0.8
            continue
        for _ in range(rng.randint(1, 3)):
            u0, u1 = rng.uniform(-0.3, 0.3), rng.uniform(-0.3, 0.3)
            v0, v1 = rng.uniform(0.0, 0.3), rng.uniform(0.7, 1.0)
            a = base + along * u0 * letter_h + radial * v0 * letter_h
            b = base + along * u1 * letter_h + radial * v1 * letter_h
            bar((float(a[0]), float(a[1])), (float(b[0]), float(b[1])), stroke_w)
        angle += pitch
    # a star, and two lines of small lettering under it
    star_r = inner * rng.uniform(0.22, 0.3)
    star_cy = -inner * 0.35
    spin = rng.uniform(-0.15, 0.15)
    star = [
        (
            ox + ss * (star_r if i % 2 == 0 else star_r * 0.4) * math.cos(-math.pi / 2 + spin + i * math.pi / 5),
            oy
            + ss
            * (star_cy + (star_r if i % 2 == 0 else star_r * 0.4) * math.sin(-math.pi / 2 + spin + i * math.pi / 5)),
        )
        for i in range(10)
    ]
    draw.polygon(star, fill=255)
    for row, half in ((0.12, 0.75), (0.45, 0.55)):
        yy = inner * row
        xx = -inner * half
        small = letter_h * 0.7
        while xx < inner * half:
            if rng.random() < 0.15:
                xx += small * 0.8
                continue
            bar((xx, yy), (xx + rng.uniform(-0.2, 0.2) * small, yy + small), stroke_w)
            if rng.random() < 0.5:
                bar((xx, yy + rng.uniform(0, 1) * small), (xx + small * 0.5, yy + rng.uniform(0, 1) * small), stroke_w)
            xx += small * 0.75
    alpha = np.asarray(layer.reduce(ss).filter(ImageFilter.GaussianBlur(0.5)), dtype=np.float32) / 255.0
    # the seal is pressed unevenly: one side harder, blotchy ink, specks where the rubber missed the paper
    nrng = np.random.default_rng(rng.getrandbits(64))
    hh, ww = alpha.shape
    tilt = rng.uniform(0, 2 * math.pi)
    yy_grid, xx_grid = np.mgrid[0:hh, 0:ww].astype(np.float32)
    side = ((xx_grid - ww / 2) * math.cos(tilt) + (yy_grid - hh / 2) * math.sin(tilt)) / max(ww, hh)
    blotch_small = nrng.random((6, 6)).astype(np.float32)
    blotch = (
        np.asarray(
            Image.fromarray((blotch_small * 255).astype(np.uint8)).resize((ww, hh), Image.Resampling.BICUBIC),
            dtype=np.float32,
        )
        / 255.0
    )
    press = np.clip(1.15 + rng.uniform(0.2, 0.6) * side - 0.4 * blotch, 0.3, 1.0)
    specks = 1.0 - 0.6 * (nrng.random(alpha.shape, dtype=np.float32) ** 6)
    _lay(image, box, alpha * press * specks, ink)


def draw_signature(image: Image.Image, page: dict[str, Any], dpi: float, hand: Hand, rng: random.Random) -> None:
    """Sign the page: a scrawl in an empty area of its lower half, clear of every region, the QR code, the
    stamp zone, the corner marks and anything already printed or written. Does nothing if there is no room.
    """
    pen = _Pen(image, dpi, hand, rng)
    k = dpi / 72
    xh = pen.mm(rng.uniform(3.5, 5.0))
    shear = rng.uniform(0.25, 0.55)
    squeeze = rng.uniform(0.7, 1.0)
    capital = rng.choice(sorted(_CAPITALS))
    tail = "".join(rng.choice("aeinmoruvlhs") for _ in range(rng.randint(5, 9)))
    name = capital + tail
    natural = (_text_width(name) * squeeze + shear * 2.2) * xh
    sig_w, above, below = natural + pen.mm(6), 2.5 * xh, 1.8 * xh
    blocked = [page.get("qr"), page.get("stamp"), *page.get("registration", []), *(r["rect"] for r in page["regions"])]
    keep_out = [(bx * k, by * k, (bx + bw) * k, (by + bh) * k) for bx, by, bw, bh in (b for b in blocked if b)]
    margin = pen.mm(3)
    small = np.asarray(image.reduce(4), dtype=np.uint8)
    spots = []
    for _ in range(300):
        left = rng.uniform(pen.mm(12), image.width - pen.mm(12) - sig_w)
        top = rng.uniform(image.height * 0.5, image.height - pen.mm(12) - above - below)
        right, bottom = left + sig_w, top + above + below
        if any(
            left < bx1 + margin and right > bx0 - margin and top < by1 + margin and bottom > by0 - margin
            for bx0, by0, bx1, by1 in keep_out
        ):
            continue
        patch = small[max(0, int(top / 4) - 2) : int(bottom / 4) + 3, max(0, int(left / 4) - 2) : int(right / 4) + 3]
        if patch.size and patch.min() < 235:
            continue
        spots.append((top, left))
    if not spots:
        return
    spots.sort()
    top, left = rng.choice(spots[len(spots) // 2 :])  # nearer the bottom
    baseline = top + above
    end = _handwriting(pen, name, left + pen.mm(1), baseline, xh, shear, squeeze, climb=0.3)
    # the flourish: out from the last letter, down and back under the name
    flourish = [
        (end, baseline - 0.2 * xh),
        (end + pen.mm(rng.uniform(1, 3)), baseline + 0.6 * xh),
        ((left + end) / 2, baseline + rng.uniform(1.0, 1.5) * xh),
        (left + pen.mm(rng.uniform(-1, 4)), baseline + rng.uniform(0.6, 1.2) * xh),
    ]
    pen.write(flourish, taper_out=pen.mm(rng.uniform(3, 6)))


# ------------------------------------------------------------------------------------------------ scanning


@dataclass(frozen=True)
class Degradation:
    """What one pass through a scanner or copier does to a page."""

    angle: float  # degrees, counter-clockwise; 0-3 either way, or 180 plus or minus that
    scale: float  # 0.97-1.03
    perspective: float  # 0 .. 0.01: how far (as a fraction of the page size) a corner may move
    blur: float  # Gaussian radius in px, 0 .. 1.2
    noise: float  # std of Gaussian pixel noise, 0 .. 12
    jpeg: int | None  # JPEG quality 50-90, or None for lossless
    streak: bool  # a vertical grey streak from dirty scanner glass, 1-3 px wide
    background: int  # paper grey, 225-250


def moderate(rng: random.Random) -> Degradation:
    """A moderately degraded scan: small skew, 1 page in 10 upside down, mild blur and noise."""
    angle = rng.uniform(-2, 2) + (180 if rng.random() < 0.1 else 0)
    return Degradation(
        angle=angle,
        scale=rng.uniform(0.98, 1.02),
        perspective=rng.uniform(0, 0.004),
        blur=rng.uniform(0, 0.8),
        noise=rng.uniform(0, 6),
        jpeg=rng.randint(70, 90) if rng.random() < 0.6 else None,
        streak=rng.random() < 0.1,
        background=rng.randint(232, 250),
    )


def heavy(rng: random.Random) -> Degradation:
    """A badly degraded scan: anywhere in the full ranges of `Degradation`."""
    angle = rng.uniform(-3, 3) + (180 if rng.random() < 0.15 else 0)
    return Degradation(
        angle=angle,
        scale=rng.uniform(0.97, 1.03),
        perspective=rng.uniform(0, 0.01),
        blur=rng.uniform(0, 1.2),
        noise=rng.uniform(0, 12),
        jpeg=rng.randint(50, 90) if rng.random() < 0.75 else None,
        streak=rng.random() < 0.3,
        background=rng.randint(225, 250),
    )


def _perspective_coefficients(dst: Sequence[Point], src: Sequence[Point]) -> tuple[float, ...]:
    """PIL's PERSPECTIVE data taking each output point dst[i] back to the input point src[i]."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -x * u, -y * u])
        rows.append([0, 0, 0, x, y, 1, -x * v, -y * v])
        rhs.extend([u, v])
    return tuple(float(c) for c in np.linalg.solve(np.array(rows, dtype=float), np.array(rhs, dtype=float)))


def degrade(image: Image.Image, d: Degradation, rng: random.Random) -> Image.Image:
    """A new "L" image: the page as scanned. The canvas grows so no part of the page is lost (about 3 % of
    background on each side) and the page lands at a small random offset on it.
    """
    page = image.convert("L")
    width, height = page.size
    page = page.point(lambda v: round(v * d.background / 255))  # white paper scans as light grey
    turn = math.radians(d.angle)
    cos, sin = math.cos(turn), math.sin(turn)
    src = [(0.0, 0.0), (float(width), 0.0), (float(width), float(height)), (0.0, float(height))]
    moved = []
    for px, py in src:
        dx, dy = (px - width / 2) * d.scale, (py - height / 2) * d.scale
        moved.append(
            (
                cos * dx + sin * dy + rng.uniform(-1, 1) * d.perspective * width,
                -sin * dx + cos * dy + rng.uniform(-1, 1) * d.perspective * height,
            )
        )
    pad_x, pad_y = 0.03 * width, 0.03 * height
    off_x, off_y = rng.uniform(-0.5, 0.5) * pad_x, rng.uniform(-0.5, 0.5) * pad_y
    min_x, min_y = min(p[0] for p in moved), min(p[1] for p in moved)
    out_w = math.ceil(max(p[0] for p in moved) - min_x + 2 * pad_x)
    out_h = math.ceil(max(p[1] for p in moved) - min_y + 2 * pad_y)
    dst = [(mx - min_x + pad_x + off_x, my - min_y + pad_y + off_y) for mx, my in moved]
    scan = page.transform(
        (out_w, out_h),
        Image.Transform.PERSPECTIVE,
        _perspective_coefficients(dst, src),
        resample=Image.Resampling.BICUBIC,
        fillcolor=d.background,
    )
    nrng = np.random.default_rng(rng.getrandbits(64))
    pixels = np.asarray(scan, dtype=np.float32)
    # the lamp lights one side of the glass a little less
    fade = rng.uniform(0, 0.03)
    towards = rng.uniform(0, 2 * math.pi)
    ramp_x = np.linspace(-0.5, 0.5, out_w, dtype=np.float32)[None, :] * math.cos(towards)
    ramp_y = np.linspace(-0.5, 0.5, out_h, dtype=np.float32)[:, None] * math.sin(towards)
    pixels = pixels * (1 - fade * (ramp_x + ramp_y + 0.5))
    if d.streak:
        column = rng.randrange(out_w)
        wide = rng.randint(1, 3)
        depth = rng.uniform(0.15, 0.4)
        along = np.linspace(0, 1, out_h)
        strength = depth * (0.8 + 0.2 * _waves(along, (rng.uniform(0.1, 0.5), rng.uniform(0.02, 0.08)), rng))
        for i, col in enumerate(range(column - 1, column + wide + 1)):
            if 0 <= col < out_w:
                edge = 0.4 if i == 0 or i == wide + 1 else 1.0  # soft sides
                pixels[:, col] *= 1 - edge * strength
    scan = Image.fromarray(np.clip(pixels + 0.5, 0, 255).astype(np.uint8))
    if d.blur > 0:
        scan = scan.filter(ImageFilter.GaussianBlur(d.blur))
    if d.noise > 0:
        noisy = np.asarray(scan, dtype=np.float32) + d.noise * nrng.standard_normal((out_h, out_w), dtype=np.float32)
        scan = Image.fromarray(np.clip(noisy + 0.5, 0, 255).astype(np.uint8))
    if d.jpeg is not None:
        buffer = io.BytesIO()
        scan.save(buffer, "JPEG", quality=d.jpeg)
        buffer.seek(0)
        with Image.open(buffer) as decoded:
            scan = decoded.convert("L")
    return scan
