"""From a page image to fill scores per marking region, aligned to the printed template.

Alignment needs no guesswork: the QR code's four corners (zxing-cpp reports them in the symbol's own
orientation, so a page scanned upside down is handled the same way) give a first transform from the
template to the image; the four registration marks, looked for where that transform puts them, give
the final homography. A page whose marks cannot all be found is refused, never guessed (anchors.md
§7.2). Scores are fractions of dark pixels inside each box, sampled well inside its printed border, so
only new ink counts. Deciding what a score means is left to the caller (named thresholds below).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import zxingcpp
from PIL import Image, ImageFilter

MM_PT = 72 / 25.4
DARK = 128  # grey level below which a pixel is ink (8-bit grey)
MARKED = 0.07  # fill at or above: a mark (VxSuite's definite threshold, anchors.md §1.2)
EMPTY = 0.03  # fill below: empty; between the two: a person looks at it
SEARCH_MM = 6.0  # how far from where the QR says it is a registration mark is looked for
SAMPLES = 16  # samples per side inside a box
STRUCK = 0.5  # share of a name row's width crossed by new ink, at or above: struck out
NOT_STRUCK = 0.15  # below: not struck; between: a person looks at it
NAME_COLUMNS = 80  # columns sampled across a name row


@dataclass(frozen=True)
class BoxScore:
    """How much new ink one box holds."""

    row: int
    col: int
    fill: float

    @property
    def state(self) -> str:
        """marked / empty / review, by the named thresholds."""
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
class SheetReading:
    """A page read against its template."""

    code: str
    transform: tuple[tuple[float, ...], ...]  # template points (top-left origin) → image pixels
    boxes: tuple[BoxScore, ...]
    names: tuple[StrikeScore, ...] = ()


@dataclass(frozen=True)
class Unreadable:
    """A page that cannot be read, and why (it goes to a person, never silently away)."""

    reason: str


def find_code(image: Image.Image) -> tuple[str, np.ndarray] | None:
    """The first QR code on the page: its text and its corners (top-left, top-right, bottom-right, bottom-left)."""
    for result in zxingcpp.read_barcodes(image):
        if result.format != zxingcpp.BarcodeFormat.QRCode:
            continue
        p = result.position
        corners = np.array(
            [
                [p.top_left.x, p.top_left.y],
                [p.top_right.x, p.top_right.y],
                [p.bottom_right.x, p.bottom_right.y],
                [p.bottom_left.x, p.bottom_left.y],
            ],
            dtype=float,
        )
        return result.text, corners
    return None


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


def _find_mark(grey: np.ndarray, guess: np.ndarray, radius: float, size: float) -> np.ndarray | None:
    """The centre of the solid dark square nearest `guess` (image pixels), or None."""
    height, width = grey.shape
    x0, x1 = int(max(guess[0] - radius, 0)), int(min(guess[0] + radius, width))
    y0, y1 = int(max(guess[1] - radius, 0)), int(min(guess[1] + radius, height))
    if x1 - x0 < 3 or y1 - y0 < 3:
        return None
    window = grey[y0:y1, x0:x1] < DARK
    area = window.sum()
    # A registration mark is a solid square: about size² dark pixels, and little else nearby.
    if area < 0.5 * size * size or area > 2.0 * size * size:
        return None
    ys, xs = np.nonzero(window)
    return np.array([xs.mean() + x0, ys.mean() + y0])


class Blank:
    """The printed artwork of a template page, rendered without marks: what is not new ink.

    `image` is the blank page rendered at `dpi` (template points × dpi / 72 = pixels); its ink is
    widened by a pixel or two so a scan's slight blur of the printed lines does not count as new ink.
    """

    def __init__(self, image: Image.Image, dpi: float) -> None:
        self.scale = dpi / 72
        widened = image.convert("L").filter(ImageFilter.MinFilter(5))
        self.ink = np.asarray(widened) < DARK

    def printed(self, points: np.ndarray) -> np.ndarray:
        """For template points, whether the blank page has ink there."""
        pixels = np.rint(points * self.scale).astype(int)
        height, width = self.ink.shape
        xs = np.clip(pixels[:, 0], 0, width - 1)
        ys = np.clip(pixels[:, 1], 0, height - 1)
        result: np.ndarray = self.ink[ys, xs]
        return result


def _strike(grey: np.ndarray, transform: np.ndarray, rect: Sequence[float], blank: Blank) -> float:
    """Share of a name row's columns (those the printed name leaves visible) where new ink crosses the row's middle."""
    x, y, w, h = rect
    columns = np.linspace(x + 0.02 * w, x + 0.98 * w, NAME_COLUMNS)
    rows = np.linspace(y + 0.2 * h, y + 0.8 * h, 12)
    points = np.array([[cx, cy] for cx in columns for cy in rows])
    mapped = np.rint(apply(transform, points)).astype(int)
    mapped[:, 0] = np.clip(mapped[:, 0], 0, grey.shape[1] - 1)
    mapped[:, 1] = np.clip(mapped[:, 1], 0, grey.shape[0] - 1)
    printed = blank.printed(points).reshape(NAME_COLUMNS, rows.size)
    new_ink = ((grey[mapped[:, 1], mapped[:, 0]] < DARK).reshape(NAME_COLUMNS, rows.size)) & ~printed
    # Columns mostly covered by the printed name cannot show a line; measure over the others.
    visible = printed.mean(axis=1) < 0.5
    if not visible.any():
        return 0.0
    return float(new_ink.any(axis=1)[visible].mean())


def read_page(image: Image.Image, page: dict[str, Any], blank: Blank | None = None) -> SheetReading | Unreadable:
    """Read one page image against one page of the exported template (see app.printing.layout.template).

    Boxes are scored without help (their insides are blank paper); name rows need `blank`, the page as
    printed, to tell a line through a name from the name itself.
    """
    grey_image = image.convert("L")
    found = find_code(grey_image)
    if found is None:
        return Unreadable("không tìm thấy mã QR trên trang")
    code, qr_corners = found
    first = fit_affine(_corners(page["qr"]), qr_corners)
    grey = np.asarray(grey_image)
    scale = float(np.linalg.norm(qr_corners[1] - qr_corners[0]) / page["qr"][2])  # pixels per point
    marks_template = np.array([_centre(r) for r in page["registration"]])
    marks_image = []
    for centre, rect in zip(marks_template, page["registration"], strict=True):
        guess = apply(first, centre[None, :])[0]
        mark = _find_mark(grey, guess, SEARCH_MM * MM_PT * scale, rect[2] * scale)
        if mark is None:
            return Unreadable("không thấy đủ bốn dấu định vị ở bốn góc (trang bị cắt, gập hoặc lệch quá)")
        marks_image.append(mark)
    transform = fit_homography(np.vstack([marks_template, _corners(page["qr"])]), np.vstack([marks_image, qr_corners]))
    boxes = []
    for region in page["regions"]:
        if region["kind"] != "box":
            continue
        x, y, w, h = region["rect"]
        inset_x, inset_y = w * 0.2, h * 0.2
        grid = np.linspace(0.0, 1.0, SAMPLES)
        xs = x + inset_x + grid * (w - 2 * inset_x)
        ys = y + inset_y + grid * (h - 2 * inset_y)
        points = np.array([[px, py] for py in ys for px in xs])
        mapped = np.rint(apply(transform, points)).astype(int)
        inside = (
            (mapped[:, 0] >= 0) & (mapped[:, 0] < grey.shape[1]) & (mapped[:, 1] >= 0) & (mapped[:, 1] < grey.shape[0])
        )
        if not inside.all():
            return Unreadable("một phần vùng đánh dấu nằm ngoài ảnh quét")
        values = grey[mapped[:, 1], mapped[:, 0]]
        boxes.append(BoxScore(region["row"], region["col"], float((values < DARK).mean())))
    names = []
    if blank is not None:
        for region in page["regions"]:
            if region["kind"] == "name":
                names.append(StrikeScore(region["row"], _strike(grey, transform, region["rect"], blank)))
    return SheetReading(
        code=code,
        transform=tuple(tuple(float(v) for v in row) for row in transform),
        boxes=tuple(boxes),
        names=tuple(names),
    )
