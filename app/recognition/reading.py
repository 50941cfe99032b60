"""From a page image to ink scores per marking region, aligned to the printed template.

Alignment needs no guesswork: the QR code's four corners (zxing-cpp reports them in the symbol's own
orientation, so a page scanned sideways or upside down is handled the same way) give a first transform
from the template to the image; the four registration marks, looked for where that transform puts them,
give the final homography. A page whose marks cannot all be found, that is skewed, bent or printed at the
wrong scale beyond the limits below, is refused, never guessed (anchors.md §7.2).

Every score counts only *new* ink: pixels dark on the scan where the blank printed ballot (`Blank`, the
same page drawn by the printing code without a QR) has none. Deciding what a score means is done with
the named thresholds below; everything between a "yes" and a "no" threshold goes to a person.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import zxingcpp
from PIL import Image, ImageFilter

MM_PT = 72 / 25.4
DARK = 128  # grey level below which a pixel of the clean blank render is ink (8-bit grey)
INK_SHARE = 0.72  # on a scan, darker than this share of the paper's own grey is ink (pale pens included)
SEARCH_MM = 6.0  # how far from where the QR says it is a registration mark is looked for

# Named thresholds. Between each pair lies the review band: a person decides.
MARKED = 0.07  # box fill at or above: a mark (VxSuite's definite threshold, anchors.md §1.2)
EMPTY = 0.03  # box fill below: empty
HALO = 0.12  # ink in the ring just outside a box, at or above: circled or scribbled out → a person looks
STRUCK = 0.5  # share of a name row's width crossed by new ink, at or above: struck out
NOT_STRUCK = 0.15  # below: not struck
WRITTEN = 0.02  # share of a score cell or name line holding new ink, at or above: something is written
UNWRITTEN = 0.006  # below: left blank
STAMPED = 0.03  # share of the stamp zone holding new ink, at or above: stamped
UNSTAMPED = 0.012  # below: no stamp
EXTRA = 14  # new-ink samples (1.5 mm apart) outside every region, at or above: writing on the ballot

# Stated limits of what is read at all.
MAX_SKEW_DEG = 8.0  # off the nearest quarter turn
PRINT_SCALE = (0.95, 1.05)  # printed size against the template, when the scan's dpi is known
MAX_FIT_MM = 1.2  # worst distance between a found registration point and where the fitted page puts it

SAMPLES = 16  # samples per side inside a box
NAME_COLUMNS = 80  # columns sampled across a name row
EXTRA_STEP_MM = 1.5


@dataclass(frozen=True)
class BoxScore:
    """How much new ink one box holds, and how much lies in a ring just outside it."""

    row: int
    col: int
    fill: float
    halo: float = 0.0

    @property
    def state(self) -> str:
        """marked / empty / review, by the named thresholds."""
        if self.halo >= HALO:
            return "review"  # a circle round the box, or a mark scribbled out past it
        if self.fill >= MARKED:
            return "marked"
        if self.fill < EMPTY:
            return "empty"
        return "review"


@dataclass(frozen=True)
class StrikeScore:
    """How much of a name row a line of new ink crosses (election with surplus)."""

    row: int
    coverage: float

    @property
    def state(self) -> str:
        """struck / kept / review, by the named thresholds."""
        if self.coverage >= STRUCK:
            return "struck"
        if self.coverage < NOT_STRUCK:
            return "kept"
        return "review"


@dataclass(frozen=True)
class WritingScore:
    """How much new ink a handwriting region holds (a score cell or a name line)."""

    kind: str  # "score" or "line"
    row: int
    col: int
    ink: float

    @property
    def state(self) -> str:
        """written / blank / review."""
        if self.ink >= WRITTEN:
            return "written"
        if self.ink < UNWRITTEN:
            return "blank"
        return "review"


@dataclass(frozen=True)
class SheetReading:
    """A page read against its template."""

    code: str
    transform: tuple[tuple[float, ...], ...]  # template points (top-left origin) → image pixels
    boxes: tuple[BoxScore, ...]
    names: tuple[StrikeScore, ...] = ()
    writing: tuple[WritingScore, ...] = ()
    stamp: float | None = None  # share of the stamp zone with new ink; None: not measured (no blank)
    extra: int = 0  # new-ink samples outside every region
    extra_at: tuple[float, float] | None = None  # template point (pt) of the densest extra writing
    skew: float = 0.0  # degrees off the nearest quarter turn
    print_scale: float | None = None  # printed size / template size, when the scan's dpi is known

    @property
    def stamp_state(self) -> str:
        """stamped / missing / review / unknown."""
        if self.stamp is None:
            return "unknown"
        if self.stamp >= STAMPED:
            return "stamped"
        if self.stamp < UNSTAMPED:
            return "missing"
        return "review"


@dataclass(frozen=True)
class Unreadable:
    """A page that cannot be read, and why (it goes to a person, never silently away)."""

    reason: str


@dataclass(frozen=True)
class FoundCode:
    """The QR codes found on a page: the first one's text and corners, and how many there were."""

    text: str
    corners: np.ndarray
    count: int


def find_code(image: Image.Image) -> FoundCode | None:
    """The QR codes on the page: the first one's text and corners (TL, TR, BR, BL in the symbol's frame)."""
    found = [r for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode and r.valid]
    if not found:
        return None
    p = found[0].position
    corners = np.array(
        [
            [p.top_left.x, p.top_left.y],
            [p.top_right.x, p.top_right.y],
            [p.bottom_right.x, p.bottom_right.y],
            [p.bottom_left.x, p.bottom_left.y],
        ],
        dtype=float,
    )
    return FoundCode(found[0].text, corners, len(found))


def fit_homography(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The 3×3 homography taking `source` points to `target` points (least squares, ≥ 4 points)."""
    rows = []
    for (x, y), (u, v) in zip(source, target, strict=True):
        rows.append([-x, -y, -1, 0, 0, 0, u * x, u * y, u])
        rows.append([0, 0, 0, -x, -y, -1, v * x, v * y, v])
    _, _, vt = np.linalg.svd(np.asarray(rows, dtype=float))
    h: np.ndarray = vt[-1].reshape(3, 3)
    normalised: np.ndarray = h / h[2, 2]
    return normalised


def fit_affine(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The 3×3 affine transform taking `source` to `target` (least squares). Steadier than a homography
    from four close points when it must reach across the whole page."""
    design = np.hstack([source, np.ones((source.shape[0], 1))])
    solution, *_ = np.linalg.lstsq(design, target, rcond=None)
    affine: np.ndarray = np.vstack([solution.T, [0.0, 0.0, 1.0]])
    return affine


def apply(h: np.ndarray, points: np.ndarray) -> np.ndarray:
    """`points` (N×2) through homography `h`."""
    ones = np.ones((points.shape[0], 1))
    mapped: np.ndarray = np.hstack([points, ones]) @ h.T
    result: np.ndarray = mapped[:, :2] / mapped[:, 2:3]
    return result


def _corners(rect: Sequence[float]) -> np.ndarray:
    x, y, w, h = rect
    return np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], dtype=float)


def _centre(rect: Sequence[float]) -> np.ndarray:
    x, y, w, h = rect
    return np.array([x + w / 2, y + h / 2], dtype=float)


def ink_level(grey: np.ndarray) -> float:
    """The grey level below which a scanned pixel is ink: a share of the paper's grey (its bright end), so a
    pale ballpoint on white paper and a dark pen on a grey copier background both count."""
    paper = float(np.percentile(grey[::8, ::8], 90))
    return float(np.clip(paper * INK_SHARE, 110, 190))


def _find_mark(grey: np.ndarray, guess: np.ndarray, radius: float, size: float, level: float) -> np.ndarray | None:
    """The centre of the solid dark square nearest `guess` (image pixels), or None."""
    height, width = grey.shape
    x0, x1 = int(max(guess[0] - radius, 0)), int(min(guess[0] + radius, width))
    y0, y1 = int(max(guess[1] - radius, 0)), int(min(guess[1] + radius, height))
    if x1 - x0 < 3 or y1 - y0 < 3:
        return None
    window = grey[y0:y1, x0:x1] < level
    area = window.sum()
    # A registration mark is a solid square: about size² dark pixels, and little else nearby.
    if area < 0.5 * size * size or area > 2.0 * size * size:
        return None
    ys, xs = np.nonzero(window)
    return np.array([xs.mean() + x0, ys.mean() + y0])


class Blank:
    """The printed artwork of a template page, rendered without marks and without a QR: what is not new ink.

    `image` is the blank page rendered at `dpi` (template points × dpi / 72 = pixels). Its ink is widened
    by a pixel or two (`ink`) so a scan's slight blur of the printed lines does not count as new ink, and
    by more (`near`) for the search for writing anywhere on the page, where a small misregistration of
    printed text must not look like a signature.
    """

    def __init__(self, image: Image.Image, dpi: float) -> None:
        self.scale = dpi / 72
        grey = image.convert("L")
        self.ink = np.asarray(grey.filter(ImageFilter.MinFilter(5))) < DARK
        self.near = np.asarray(grey.filter(ImageFilter.MinFilter(11))) < DARK

    def printed(self, points: np.ndarray, *, near: bool = False) -> np.ndarray:
        """For template points, whether the blank page has ink there (or close by, with `near`)."""
        mask = self.near if near else self.ink
        pixels = np.rint(points * self.scale).astype(int)
        height, width = mask.shape
        xs = np.clip(pixels[:, 0], 0, width - 1)
        ys = np.clip(pixels[:, 1], 0, height - 1)
        result: np.ndarray = mask[ys, xs]
        return result


class _Page:
    """A grey page and its transform: samples template points as ink / not ink."""

    def __init__(self, grey: np.ndarray, transform: np.ndarray) -> None:
        self.grey = grey
        self.transform = transform
        self.level = ink_level(grey)

    def dark(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Whether each template point is dark on the scan, and whether it fell inside the image at all."""
        mapped = np.rint(apply(self.transform, points)).astype(int)
        height, width = self.grey.shape
        inside = (mapped[:, 0] >= 0) & (mapped[:, 0] < width) & (mapped[:, 1] >= 0) & (mapped[:, 1] < height)
        xs = np.clip(mapped[:, 0], 0, width - 1)
        ys = np.clip(mapped[:, 1], 0, height - 1)
        result: np.ndarray = self.grey[ys, xs] < self.level
        return result & inside, inside


def _grid(rect: Sequence[float], inset: float, nx: int, ny: int) -> np.ndarray:
    x, y, w, h = rect
    xs = np.linspace(x + inset * w, x + (1 - inset) * w, nx)
    ys = np.linspace(y + inset * h, y + (1 - inset) * h, ny)
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()])


def _ring(rect: Sequence[float]) -> np.ndarray:
    """Points on square rings from about 0.6 to 2.3 mm outside a box: where a circle round it would run."""
    cx, cy = _centre(rect)
    half = rect[2] / 2
    points: list[list[float]] = []
    for factor in (1.2, 1.33, 1.46, 1.6):
        r = half * factor
        edge = np.linspace(-r, r, 14, endpoint=False)
        points.extend([cx + t, cy - r] for t in edge)
        points.extend([cx + r, cy + t] for t in edge)
        points.extend([cx - t, cy + r] for t in edge)
        points.extend([cx - r, cy - t] for t in edge)
    return np.asarray(points, dtype=float)


def _strike(page: _Page, rect: Sequence[float], blank: Blank) -> float:
    """Share of a name row's columns (those the printed name leaves visible) where new ink crosses the row's middle."""
    x, y, w, h = rect
    columns = np.linspace(x + 0.02 * w, x + 0.98 * w, NAME_COLUMNS)
    rows = np.linspace(y + 0.2 * h, y + 0.8 * h, 12)
    gx, gy = np.meshgrid(rows, columns)  # column-major: one block of `rows` per column
    points = np.column_stack([gy.ravel(), gx.ravel()])
    dark, _ = page.dark(points)
    printed = blank.printed(points).reshape(NAME_COLUMNS, rows.size)
    new_ink = dark.reshape(NAME_COLUMNS, rows.size) & ~printed
    # Columns mostly covered by the printed name cannot show a line; measure over the others.
    visible = printed.mean(axis=1) < 0.5
    if not visible.any():
        return 0.0
    return float(new_ink.any(axis=1)[visible].mean())


def _new_ink(page: _Page, points: np.ndarray, blank: Blank | None, *, near: bool = False) -> float:
    dark, _ = page.dark(points)
    if blank is None:
        return float(dark.mean())
    free = ~blank.printed(points, near=near)
    if not free.any():
        return 0.0
    return float((dark & free).sum() / free.sum())


def _extra(page: _Page, template: dict[str, Any], blank: Blank) -> tuple[int, tuple[float, float] | None]:
    """New ink outside every region, the QR, the marks and the stamp zone: writing added to the ballot.

    Rows and columns of samples that are dark nearly end to end are a scanner streak, not writing.
    """
    width, height = template["size"]
    step = EXTRA_STEP_MM * MM_PT
    margin = 6 * MM_PT
    xs = np.arange(margin, width - margin, step)
    ys = np.arange(margin, height - margin, step)
    gx, gy = np.meshgrid(xs, ys)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    keep = np.ones(len(points), dtype=bool)
    pad = 4 * MM_PT

    def clear(rect: Sequence[float], pad_x: float, pad_y: float) -> None:
        x, y, w, h = rect
        keep[
            (points[:, 0] >= x - pad_x)
            & (points[:, 0] <= x + w + pad_x)
            & (points[:, 1] >= y - pad_y)
            & (points[:, 1] <= y + h + pad_y)
        ] = False

    for rect in template["registration"]:
        clear(rect, pad, pad)
    clear(template["qr"], 12 * MM_PT, 10 * MM_PT)  # the QR and the check code printed above it
    clear(template["stamp"], pad, pad)
    for region in template["regions"]:
        if region["kind"] == "name":  # a strike may run past the row, to the page's edges
            _, y, _, h = region["rect"]
            clear([0, y, width, h], 0, 1 * MM_PT)
        else:
            clear(region["rect"], pad, pad)
    dark, inside = page.dark(points)
    ink = dark & keep & inside & ~blank.printed(points, near=True)
    grid = ink.reshape(ys.size, xs.size)
    streak_cols = grid.mean(axis=0) > 0.3
    streak_rows = grid.mean(axis=1) > 0.3
    grid = grid & ~streak_cols[None, :] & ~streak_rows[:, None]
    count = int(grid.sum())
    if count == 0:
        return 0, None
    iy, ix = np.nonzero(grid)
    return count, (float(xs[int(np.median(ix))]), float(ys[int(np.median(iy))]))


def _skew(transform: np.ndarray) -> float:
    """Degrees between the page's x axis on the scan and the nearest quarter turn."""
    dx, dy = transform[0, 0], transform[1, 0]
    angle = math.degrees(math.atan2(dy, dx)) % 90.0
    return min(angle, 90.0 - angle)


def align(
    image: Image.Image | np.ndarray, page: dict[str, Any], found: FoundCode, dpi: float | None = None
) -> np.ndarray | Unreadable:
    """The homography from template points to image pixels, or why the page cannot be aligned."""
    grey = np.asarray(image) if isinstance(image, Image.Image) else image
    first = fit_affine(_corners(page["qr"]), found.corners)
    scale = float(np.linalg.norm(found.corners[1] - found.corners[0]) / page["qr"][2])  # pixels per point
    marks_template = np.array([_centre(r) for r in page["registration"]])
    marks_image = []
    level = ink_level(grey)
    for centre, rect in zip(marks_template, page["registration"], strict=True):
        guess = apply(first, centre[None, :])[0]
        mark = _find_mark(grey, guess, SEARCH_MM * MM_PT * scale, rect[2] * scale, level)
        if mark is None:
            return Unreadable("không thấy đủ bốn dấu định vị ở bốn góc (trang bị cắt, gập, lệch quá hoặc in sai khổ)")
        marks_image.append(mark)
    source = np.vstack([marks_template, _corners(page["qr"])])
    target = np.vstack([np.asarray(marks_image), found.corners])
    transform = fit_homography(source, target)
    misfit = float(np.max(np.linalg.norm(apply(transform, source) - target, axis=1))) / scale / MM_PT
    if misfit > MAX_FIT_MM:
        return Unreadable(f"trang bị cong hoặc gập (lệch {misfit:.1f} mm so với mẫu phiếu)")
    skew = _skew(transform)
    if skew > MAX_SKEW_DEG:
        return Unreadable(f"trang bị xoay lệch {skew:.0f}° (giới hạn {MAX_SKEW_DEG:.0f}°); hãy quét lại cho thẳng")
    if dpi is not None:
        across = float(np.linalg.norm(np.asarray(marks_image[1]) - np.asarray(marks_image[0])))
        expected = float(np.linalg.norm(marks_template[1] - marks_template[0])) * dpi / 72
        ratio = across / expected
        if not PRINT_SCALE[0] <= ratio <= PRINT_SCALE[1]:
            return Unreadable(
                f"phiếu in sai tỉ lệ ({ratio:.0%} cỡ thật; giới hạn {PRINT_SCALE[0]:.0%}–{PRINT_SCALE[1]:.0%}): "
                "hãy in phiếu đúng 100 %, không 'vừa trang'"
            )
    return transform


def print_scale(transform: np.ndarray, page: dict[str, Any], dpi: float | None) -> float | None:
    """Printed size against the template, from the registration marks, when the scan's dpi is known."""
    if dpi is None:
        return None
    marks = np.array([_centre(r) for r in page["registration"]])
    mapped = apply(transform, marks[:2])
    return float(np.linalg.norm(mapped[1] - mapped[0]) / (np.linalg.norm(marks[1] - marks[0]) * dpi / 72))


def measure(
    image: Image.Image | np.ndarray,
    page: dict[str, Any],
    found: FoundCode,
    transform: np.ndarray,
    blank: Blank | None = None,
    dpi: float | None = None,
) -> SheetReading | Unreadable:
    """Score every region of an aligned page. Without `blank`, only boxes are scored (their insides are
    blank paper); name rows, writing, the stamp and extra ink need the page as printed."""
    grey = np.asarray(image) if isinstance(image, Image.Image) else image
    sheet = _Page(grey, transform)
    boxes: list[BoxScore] = []
    names: list[StrikeScore] = []
    writing: list[WritingScore] = []
    for region in page["regions"]:
        kind, rect = region["kind"], region["rect"]
        if kind == "box":
            dark, inside = sheet.dark(_grid(rect, 0.2, SAMPLES, SAMPLES))
            if not inside.all():
                return Unreadable("một phần vùng đánh dấu nằm ngoài ảnh quét")
            halo = _new_ink(sheet, _ring(rect), blank) if blank is not None else 0.0
            boxes.append(BoxScore(region["row"], region["col"], float(dark.mean()), halo))
        elif blank is None:
            continue
        elif kind == "name":
            names.append(StrikeScore(region["row"], _strike(sheet, rect, blank)))
        elif kind in ("score", "line"):
            ink = _new_ink(sheet, _grid(rect, 0.06, 40, 12), blank)
            writing.append(WritingScore(kind, region["row"], region["col"], ink))
    stamp: float | None = None
    extra, extra_at = 0, None
    if blank is not None:
        stamp = _new_ink(sheet, _grid(page["stamp"], 0.04, 48, 26), blank, near=True)
        extra, extra_at = _extra(sheet, page, blank)
    return SheetReading(
        code=found.text,
        transform=tuple(tuple(float(v) for v in row) for row in transform),
        boxes=tuple(boxes),
        names=tuple(names),
        writing=tuple(writing),
        stamp=stamp,
        extra=extra,
        extra_at=extra_at,
        skew=_skew(transform),
        print_scale=print_scale(transform, page, dpi),
    )


def read_page(
    image: Image.Image, page: dict[str, Any], blank: Blank | None = None, dpi: float | None = None
) -> SheetReading | Unreadable:
    """Read one page image against one page of the exported template (see app.printing.layout.template)."""
    grey_image = image.convert("L")
    found = find_code(grey_image)
    if found is None:
        return Unreadable("không tìm thấy mã QR trên trang")
    grey = np.asarray(grey_image)
    transform = align(grey, page, found, dpi)
    if isinstance(transform, Unreadable):
        return transform
    return measure(grey, page, found, transform, blank, dpi)
