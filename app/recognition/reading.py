"""From a page image to ink scores per marking region, aligned to the printed template.

Alignment needs no guesswork: the QR code's four corners (zxing-cpp reports them in the symbol's own
orientation, so a page scanned sideways or upside down is handled the same way) give a first transform
from the template to the image; the four registration marks, looked for where that transform puts them
(nearest the QR first, each one found sharpening the guess for the next), give the final homography. A page
whose marks cannot all be found, that is skewed, bent or printed at the wrong scale beyond the limits below,
is refused, never guessed (docs/recognition.md §1).

Every score counts only *new* ink: pixels dark on the scan where the blank printed ballot (`Blank`, the
same page drawn by the printing code without a QR) has none. A streak left by dirt on the scanner glass
is not ink. Deciding what a score means is done with the named thresholds below; everything between a
"yes" and a "no" threshold goes to a person, and so does a region that reads empty but holds traces of
pale ink.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import zxingcpp
from PIL import Image, ImageFilter

from app.recognition.outcomes import Reason, ReasonCode

MM_PT = 72 / 25.4
DARK = 128  # grey level below which a pixel of the clean blank render is ink (8-bit grey)
INK_SHARE = 0.72  # on a scan, darker than this share of the paper's own grey is ink (pale pens included)
# Fainter still is a trace of pale ink: darker than this share of the paper's grey and than its grain allows
# (TRACE_SIGMAS standard deviations of the paper's noise below its middle grey). A trace is never read as a
# mark, but a box, name row or writing area whose traces pass the "empty" threshold is not certainly empty:
# a person looks. On a noisy scan the grain leaves no room for traces, and only ink counts.
TRACE_SHARE = 0.85
TRACE_SIGMAS = 5.0
SEARCH_MM = 6.0  # how far from where the QR says it is a registration mark is looked for
WIDE_SEARCH_MM = 12.0  # failing that, how far a solid square of the mark's size is looked for
SQUARE_SOLID = 0.85  # share of dark pixels inside a window that makes it a solid square (a mark, not a QR)
SETTLE = 0.85  # then its centre is taken again from a window this many mark widths either side of the first find
# A scanner streak (see streaks): an image column darker than the columns STREAK_GAP..STREAK_NEAR pixels away by
# STREAK_CONTRAST of the paper's grey, along STREAK_ALONG of its length and most of its first and last STREAK_ENDS.
STREAK_CONTRAST = 0.06
STREAK_GAP = 4
STREAK_NEAR = 12
STREAK_ALONG = 0.6
STREAK_ENDS = 0.08
STREAK_PAD = 2  # pixels either side of a streak column also set aside (its soft edges)
# A fold crease (see find_creases): a straight line darker than CREASE_SHARE of the paper's grey that crosses the
# blank strips CREASE_EDGE_MM from the sheet's edges (over CREASE_ACROSS of the strip's width) and runs on,
# faint along CREASE_ALONG of its unprinted length (at least CREASE_MIN_MM). Within CREASE_BAND_MM of it only what
# is darker than the crease itself by CREASE_MARGIN of the paper's grey is ink.
CREASE_SHARE = 0.88
CREASE_EDGE_MM = (3.0, 14.0)
CREASE_ACROSS = 0.45
CREASE_ALONG = 0.5
CREASE_MIN_MM = 60.0
CREASE_BAND_MM = 0.9
CREASE_MARGIN = 0.12
CREASE_GRAIN_MM = 0.12  # the grey looked at is averaged over this reach (a noisy scan's grain is not a crease)
CREASE_RUNS_ON = 0.3  # share of the margin on either side along which a line through a name runs on: a crease
CREASE_RUNS_ON_WEAK = 0.08  # the same for a line that only a second reading sees whole: a 1-bit scan may keep a
# crease as a line one pixel wide in the name and as sparse dots in the margin (a pen line that overshoots the table
# leaves 3-11 % of it, but the plain reading sees such a line whole)
CREASE_SIDE_MM = 5.0  # the least margin looked at on each side
PALE_LINE = 0.6  # a line no darker than this share of the paper's grey where it crosses paper: as pale as a crease
PALE_REACH_MM = 0.6  # its darkest is looked for this far either side of where it was found
PALE_STEP_MM = 0.1
PALE_LEAST = 4  # samples along it clear of print, at least, to judge
# A 1-bit scanner keeps a pale crease as a line one or two pixels wide (only its core is darker than the cut); a pen
# line, even a fine one (0.3 mm), comes out two pixels wide at 150 dpi, three and more at 300
THIN_MM = 0.25  # a line on a 1-bit scan narrower than this is thinner than any pen
THIN_SLACK = 0.05  # grey (a share of the paper's) allowed below a thin line's own
THIN_EVEN = 0.06  # and how much its darkest may vary along it (the spread of the middle half): an even line
SMOOTHED_BILEVEL = np.array([k * 255 // 9 for k in range(10)], dtype=np.uint8)  # a smoothed 1-bit scan's greys
_SMOOTHED_BILEVEL_GREY = np.isin(np.arange(256), SMOOTHED_BILEVEL)  # for each grey, whether it is one of them
CREASE_STEP_MM = 0.25  # samples along the margin this far apart (a 1-bit scan cuts a crease into dots 2-5 px apart)
CREASE_TILT = 0.03  # how much steeper or flatter than measured over the name the line is carried on
CREASE_CANDIDATES = 24  # more faint crossings than this along the edges: a dark or dirty page, not creases
# slopes (along the strip per unit across it) a crease is looked for at: up to 70° off square to the strip, in
# steps that keep a crease within the pooled reach along half the strip's width (a steeper one crosses the next
# strip less steeply)
CREASE_SLOPES = tuple(round(0.25 * k, 2) for k in range(-11, 12))
CREASE_SAME_MM = 3.0  # crossings of an edge strip closer than this are one

# Named thresholds. Between each pair lies the review band: a person decides.
MARKED = 0.07  # box fill at or above: a mark (VxSuite's definite threshold; docs/recognition.md)
EMPTY = 0.03  # box fill below: empty
HALO = 0.5  # share of the directions round a box with new ink just outside it, at or above: circled or scribbled
STRUCK = 0.8  # share of the printed name (first letter to last) crossed by a pen line, at or above: struck out
NOT_STRUCK = 0.04  # below (and no line elsewhere in the cell): not struck; between: partly struck, a person decides
WRITTEN = 0.02  # share of a score cell or name line holding new ink, at or above: something is written
UNWRITTEN = 0.006  # below: left blank
STAMPED = 0.02  # share of the stamp zone holding new ink, at or above: stamped (a seal inks 3–10 % of it)
UNSTAMPED = 0.01  # below: no stamp
SEAL_MM_MAX = 45  # the widest round seal a committee presses (they are 30–40 mm across)
SEAL_RADII_MM = (12.0, 22.0)  # a seal's border (outer or inner ring) is a circle of such a radius
SEAL_STEP_MM = 0.5  # samples of ink looked at for the border
SEAL_BORDER_SAMPLES = 60  # and how many at least for there to be a border to look for
SEAL_VOTERS = 800  # about how many of them vote for where the border is
SEAL_RING_SECTORS = 36  # directions round a seal's middle in which its border is looked for
SEAL_RING = 0.7  # share of the directions (on the image, clear of print) with ink for a seal's border
SEAL_RING_PART = 0.6  # or this share, with STAMPED of the zone inked (a seal pressed unevenly, part of it pale)
SEAL_SAMPLES = 12  # new-ink samples (1 mm apart) in the stamp zone for there to be a seal to look for
EXTRA = 8  # new-ink samples (1.5 mm apart) outside every region, at or above: writing on the ballot

# Stated limits of what is read at all.
MAX_SKEW_DEG = 8.0  # off the nearest quarter turn
PRINT_SCALE = (0.95, 1.05)  # printed size against the template, when the scan's dpi is known
MAX_FIT_MM = 1.2  # worst distance between a found registration point and where the fitted page puts it

SAMPLES = 16  # samples per side inside a box
LINE_THIN_MM = 0.4  # a box's ink all within this of one straight line (nine in ten samples): a line, not a mark
LINE_SPAN = 0.4  # and along this share of the line's way across the box's inside at least
LINE_ON_MM = (0.8, 6.0)  # how far beyond a box's border a line across it is followed, on each side
LINE_ON_SHARE = 0.2  # share of the blank paper along which it runs on, on both sides: a crease, not a mark
LINE_ON_LEAST_MM = 1.5  # the least blank paper looked at on each side
# A pen line through a name row is looked for as a line (see _strike): samples STROKE_STEP_PT apart down the row
# (finer than the finest pen line), grouped STROKE_BIN across into columns about half a millimetre wide.
STROKE_STEP_PT = 0.5
STROKE_BIN = 3
DEEP_SHARE = 0.55  # darker than this share of the paper's grey: ink, even in the halo of a blurred print
STROKE_INSET_MM = 0.6  # clear of the row's top and bottom rules (and their blur)
STROKE_PRINTED = -0.1  # a line may run hidden behind printed letters, at a small cost per column
STROKE_HALO = -0.12  # the blurred edge of print, paler than a pen: neither ink nor plain paper
STROKE_PAPER = -0.6  # plain paper breaks a line (a pen skips a little, so not at once)
STROKE_TURN = 0.08  # cost per row a line moves up or down from one column to the next
STROKE_CLIMB = 2  # rows a line may move per column (slope up to about 2:3 for wavy lines)
STROKE_LINE = 5.0  # score of a line (about 5 columns of visible pen ink, net of gaps) for its columns to be crossed
STROKE_SHORT = 2.5  # score of a short line through part of a name (visible only between and inside its letters):
# a name it crosses is not certainly kept. Only thin new ink counts for it (STROKE_THICK_MM at most, upright): the
# edge of a letter's stem a blurred or misregistered scan shows beside the print is as tall as the letter
STROKE_THICK_MM = 1.2
STROKE_HIDDEN_MM = 2.5  # how close to the name's first or last letter a line's end is carried on to it (hidden
# behind about one letter; 4 mm read a line over the middle 60-80 % of a name as a certain strike)
FINE_BLUR = 0.8  # a scan's blur of the print, in its own pixels (a standard deviation; see FinePrint), to fit with
FINE_BLURS = (0.3, 0.55, 0.8, 1.1, 1.5)  # and those tried to find the scan's own
FINE_REACH = 0.5  # and how far off (in its pixels) the print may lie after the fit
FINE_BILEVEL_REACH = 0.5  # and further on a 1-bit page cut at a grey (not dithered): its letters grow
FINE_SHIFT_PT = 1.0  # how far each name cell's fine print is moved (from where the letters lay it) to fit the scan
FINE_OUTLIER = 0.5  # darkness off the print's by more than this: not the letters (left out of the fit)
FINE_SOLID = 0.8  # print cover at or above: the print's own grey on the scan is measured there
FINE_DARK = 0.35  # darkness (0 paper, 1 print) at or above: ink on the scan
FINE_EXCESS = 0.3  # darker than the print explains by at least this: new ink
FINE_MAPS_KEPT = 12  # blurred prints kept per page drawn finely (a scan's few sharpnesses and reaches; ~7 MB each)
FINE_CREASE_MM = 2.5  # either side of a found crease, its shadow: only what is darker than the crease is ink
FINE_EDGE = 0.8  # how much of the print's change over a pixel, down the cell, new ink must exceed it by
FINE_HALO = 0.15  # print cover at or above (and below half): the blurred edge of print
FINE_GAP_ROWS = 1  # rows above and below a line's height that must show plain paper for a gap (see _NameCells.gaps)
FINE_GAP_DARK = 0.2  # darkness below this (0 paper, 1 print): plain paper, where a line would show (a thin pale line
# at 150 dpi, read between two pixels, is 0.3); or below FINE_GAP_SHARE of the cell's new ink (up to FINE_DARK)
FINE_GAP_SHARE = 0.4
GAP_FREE = 0.1  # share of a name at either end over which a line is still carried across paper: a line that stops
# that close to the name's end is drawn to about its last letter (one letter of a long name; see _hidden_ends)
UNSEEN_MM = 18.0  # millimetres of a name along which a line read as striking it shows none of its ink, at or above:
# not certain (see measure)
UNSEEN_DOUBT_MM = 12.0  # the same where the fine reading does not find the line across the name
UNSEEN_REACH_MM = 0.5  # a line's own ink is looked for this far above and below its path (see _readings)
CARRY_DOUBT = 0.1  # share of a name struck only by carrying the line on where it is not seen, at or above: see measure
KEPT_INK = 0.05  # share of the printed name's columns holding new ink (plain or faint reading), at or above: a name
# is not certainly kept, whatever line is or is not found (pale pencil hatching; see measure)
NEAR_INK_MM = 2.5  # new ink this far outside a name's first or last letter is counted with it (_Line.near_mm)
NEAR_INK_LEAST_MM = 1.0  # millimetres of such columns holding new ink, at or above: not certainly kept (not 1-bit)
TRACE_FINE = 1.5  # score of a line the fine reading finds through a name read kept (_Line.best), at or above, with
TRACE_EDGES = 1.0  # the reading without the halo finding this, or that reading alone
TRACE_ALONE = 2.0  # this: not certainly kept (not 1-bit; see measure)
FINE_CONFIRM = 0.4  # share of the name along which the plain reading finds a line (certain or short), at or above:
# the fine reading may confirm a strike
FINE_ALONE_MM = 6.0  # millimetres at one end of a name where neither the plain reading nor the one without the halo
# sees the line, at or above: there the fine reading confirms a strike only where it crosses FINE_ALONE_SHARE
FINE_ALONE_SHARE = 0.98  # of the name (see measure)
FINE_CARRIED_MM = 3.5  # millimetres at one end where neither sees it, at or above: the fine reading confirms a strike
FINE_CARRIED_UNSEEN_MM = 3.0  # only where its line shows its own ink along the name with no gap this long or longer,
FINE_CARRIED_SURE = 0.87  # and this share of the name's columns lie on its line where it scores STROKE_SHORT at least
FINE_SURE = 0.83  # share of a name's columns on the fine reading's line where it scores STROKE_SHORT, below which that
# reading carried its line too far on unseen to strike the name, whatever the others see (see measure)
FINE_NEARLY_MM = 3.5  # millimetres of a name the fine reading may leave at its ends together, at most, and
FINE_NEARLY_PART = 0.12  # this share of it, where the reading without the halo crosses it whole (see _fine_confirms)
BROKEN_SHORT_MM = 4.0  # millimetres before a name's first or last letter where the fine reading loses a line that the
# plain reading strikes the name with only by joining pieces (_Line.broken), at or above: not certain (_broken_alone)
CARRIED_PAGE = 4  # names on one page the fine reading alone carries a line across (_fine_carried), at or above, on
CARRIED_PAGE_PX = 2.5  # a page of fewer scan pixels a template point than this: the fine reading strikes nothing there
PLAIN_ALONE_SEEN = 0.3  # share of a name along which the fine reading and the one without the halo each see a line
# the plain reading strikes it with, at or above: where both lose it FINE_ALONE_MM before one end, not certain
NEARLY_WHOLE = 0.83  # share of a name each of three readings crosses, at or above, with at most
NEARLY_WHOLE_MM = 4.0  # millimetres of it left at its two ends together, and at most
NEARLY_WHOLE_PART = 0.17  # of it: struck, the line ending in its first or last letter (see _nearly_whole)
NEARLY_WHOLE_NAME_MM = 26.0  # on a name this long at least: on a shorter one, a fifth of it is a letter or two
NEARLY_WHOLE_BILEVEL_MM = 3.5  # NEARLY_WHOLE_MM on a 1-bit page, where the readings carry a line further (measure)
FINE_PRINTED = -0.3  # a line hidden behind a letter: finely, a line through letters shows in their gaps
NAME_SHIFT_PT = 1.0  # how far each name cell's print may be moved to lie on the scan's letters
NAME_SHIFT_STEP = 0.25
STRAY_MM = 2.0  # millimetres of line in a name cell off the printed name, at or above: a person looks
EXTRA_STEP_MM = 1.5
# The ring round a box where a circle or a scribble shows: from just outside the printed border (whose blur is
# not new ink) to where a circle drawn round the box runs; samples closer to another box belong to that one.
HALO_NEAR_MM = 0.6
HALO_FAR_MM = 4.5
HALO_STEP_MM = 0.25
HALO_SECTORS = 36  # directions round a box
HALO_SECTOR_INK = 2  # new-ink samples in one direction for it to count as inked


@dataclass(frozen=True)
class BoxScore:
    """How much new ink one box holds, and how much lies in a ring just outside it."""

    row: int
    col: int
    fill: float
    halo: float = 0.0
    line: bool = False  # its ink is one thin straight line that runs on beyond it on both sides (_line_across)

    @property
    def state(self) -> str:
        """marked / empty / review, by the named thresholds."""
        if self.halo >= HALO:
            return "review"  # a circle round the box, or a mark scribbled out past it
        if self.line:
            return "review"  # a crease through the row, most likely: never a mark by itself
        if self.fill >= MARKED:
            return "marked"
        if self.fill < EMPTY:
            return "empty"
        return "review"


@dataclass(frozen=True)
class StrikeScore:
    """How much of a printed name a pen line crosses (election with surplus), and how much line lies in its cell
    away from the name (a line beside the name, or in the empty part of the cell: a person says what it means)."""

    row: int
    coverage: float  # share of the printed name, from its first letter to its last, that a line crosses
    stray_mm: float = 0.0
    ends: bool = True  # the line reaches the name's first letter and its last (a millimetre short at most)

    @property
    def state(self) -> str:
        """struck / kept / review, by the named thresholds. A line across most of the name that leaves its first
        or last letters clear is not a certain strike: a person decides."""
        if self.coverage >= STRUCK:
            return "struck" if self.ends else "review"
        if self.coverage < NOT_STRUCK and self.stray_mm < STRAY_MM:
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
    seal_ring: float | None = None  # share of a round seal's border showing ink (_seal_border); None: not measured
    extra: int = 0  # new-ink samples outside every region
    extra_at: tuple[float, float] | None = None  # template point (pt) of the densest extra writing
    skew: float = 0.0  # degrees off the nearest quarter turn
    print_scale: float | None = None  # printed size / template size, when the scan's dpi is known

    @property
    def stamp_state(self) -> str:
        """stamped / missing / review / unknown."""
        if self.stamp is None:
            return "unknown"
        if self.seal_ring is None:  # measured before the seal's border was looked for
            if self.stamp >= STAMPED:
                return "stamped"
            return "missing" if self.stamp < UNSTAMPED else "review"
        if self.stamp > 0 and self.seal_ring >= SEAL_RING:
            return "stamped"  # a round seal's border all round, however little of its ink is in the zone
        if self.stamp >= STAMPED and self.seal_ring >= SEAL_RING_PART:
            return "stamped"  # a seal pressed unevenly: much of its ink in the zone, most of its border
        if self.stamp < UNSTAMPED:
            return "missing"
        return "review"  # ink in the zone but no round seal's border (a signature over the name): a person decides


@dataclass(frozen=True)
class Unreadable:
    """A page that cannot be read, and why (it goes to a person, never silently away)."""

    reason: Reason


@dataclass(frozen=True)
class FoundCode:
    """The QR codes found on a page: the first one's text and corners, and how many there were."""

    text: str
    corners: np.ndarray
    count: int


def find_code(image: Image.Image | np.ndarray) -> FoundCode | None:
    """The QR codes on the page: the first one's text and corners (TL, TR, BR, BL in the symbol's frame). A grey
    array is read in place (an image is copied out first)."""
    # Only QR codes, dark on light: looking for every other symbology as well took ten times as long.
    # (Built per call: a module-level zxing object outlives its module at exit, and nanobind reports a leak.)
    qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    codes = zxingcpp.read_barcodes(image, formats=qr_only, try_invert=False)
    found = [r for r in codes if r.format == zxingcpp.BarcodeFormat.QRCode and r.valid]
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
    xs, ys = points[:, 0], points[:, 1]
    w = h[2, 0] * xs + h[2, 1] * ys + h[2, 2]
    result: np.ndarray = np.empty((points.shape[0], 2))
    result[:, 0] = (h[0, 0] * xs + h[0, 1] * ys + h[0, 2]) / w
    result[:, 1] = (h[1, 0] * xs + h[1, 1] * ys + h[1, 2]) / w
    return result


CLAMP_IN_ONE_PASS = 20_000  # indices, above which np.clip is the faster way to clamp (see _clamp)


def _clamp(indices: np.ndarray, top: int) -> None:
    """Pixel indices held within 0..top, in place. On a few thousand indices np.clip costs more in its checks than
    in the work, and the reader calls this tens of thousands of times a page: two passes then; on the name
    cells' hundred thousand samples np.clip's one pass is three times faster."""
    if indices.size > CLAMP_IN_ONE_PASS:
        np.clip(indices, 0, top, out=indices)
    else:
        np.maximum(indices, 0, out=indices)
        np.minimum(indices, top, out=indices)


def _corners(rect: Sequence[float]) -> np.ndarray:
    x, y, w, h = rect
    return np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], dtype=float)


def _centre(rect: Sequence[float]) -> np.ndarray:
    x, y, w, h = rect
    return np.array([x + w / 2, y + h / 2], dtype=float)


def paper_grey(grey: np.ndarray) -> float:
    """The grey of the paper on a scan: the bright end of its pixels."""
    return grey_percentiles(grey[::8, ::8], (90,))[0]


def grey_percentiles(grey: np.ndarray, percents: Sequence[float]) -> list[float]:
    """`np.percentile` (its linear way) of an array of 8-bit greys, the same numbers to the last bit, from the
    greys' histogram: one counting pass instead of a partition of every sample for each percentile."""
    ends = np.cumsum(np.bincount(grey.ravel(), minlength=256))  # ends[v]: how many samples are v or darker
    n = int(ends[-1])
    out = []
    for percent in percents:
        virtual = (n - 1) * (percent / 100)  # where numpy's linear way finds it among the sorted samples
        previous = float(np.floor(virtual))
        a = float(np.searchsorted(ends, previous, side="right"))  # the sorted sample at `previous`, and the next
        b = float(np.searchsorted(ends, min(previous + 1, n - 1), side="right"))
        t, diff = virtual - previous, b - a
        out.append(b - diff * (1 - t) if t >= 0.5 else a + diff * t)  # (numpy's _lerp, term for term)
    return out


def ink_level(grey: np.ndarray, paper: float | None = None) -> float:
    """The grey level below which a scanned pixel is ink: a share of the paper's grey (its bright end), so a
    pale ballpoint on white paper and a dark pen on a grey copier background both count."""
    paper = paper_grey(grey) if paper is None else paper
    return float(np.clip(paper * INK_SHARE, 110, 190))


class _Ink:
    """A page's ink as a boolean image (dark, and not on a streak), worked out only for the windows asked for."""

    def __init__(self, grey: np.ndarray, level: float, streak: np.ndarray) -> None:
        self.grey, self.level, self.streak = grey, level, streak
        self.shape: tuple[int, ...] = grey.shape

    def __getitem__(self, window: tuple[slice, slice]) -> np.ndarray:
        rows, columns = window
        ink: np.ndarray = (self.grey[rows, columns] < self.level) & ~self.streak[columns][None, :]
        return ink


def _find_mark(ink: _Ink, guess: np.ndarray, radius: float, size: float) -> np.ndarray | None:
    """The centre of the solid dark square nearest `guess` (image pixels) on the page's ink (a boolean image),
    or None."""
    height, width = ink.shape
    x0, x1 = int(max(guess[0] - radius, 0)), int(min(guess[0] + radius, width))
    y0, y1 = int(max(guess[1] - radius, 0)), int(min(guess[1] + radius, height))
    if x1 - x0 < 3 or y1 - y0 < 3:
        return None
    window = ink[y0:y1, x0:x1]
    area = window.sum()
    # A registration mark is a solid square: about size² dark pixels, and little else nearby.
    if area < 0.5 * size * size or area > 2.0 * size * size:
        return None
    ys, xs = np.nonzero(window)
    centre = np.array([xs.mean() + x0, ys.mean() + y0])
    # The dark pixels' middle is a mark only if a solid square stands there: a feeder's grey backing or the
    # shadow along the sheet's edge, caught in the window beside part of the mark, is not (the wider search
    # for a square standing alone then finds the mark).
    # A streak through the mark is not ink: only the columns off streaks are looked at.
    half = max(round(size * 0.4), 1)
    cx, cy = round(centre[0]), round(centre[1])
    rows, columns = slice(max(cy - half, 0), cy + half), slice(max(cx - half, 0), cx + half)
    off_streak = ~ink.streak[columns]
    core = (ink.grey[rows, columns] < ink.level)[:, off_streak]
    if core.size == 0 or core.mean() < SQUARE_SOLID:
        return None
    return centre


def _find_square(ink: _Ink, guess: np.ndarray, radius: float, size: float) -> np.ndarray | None:
    """The centre of a solid dark square of side `size` (pixels) within `radius` of `guess`, standing alone
    (paper round it), or None: a registration mark that the first search cut off or missed.

    Every place in the window is tried, not only the darkest: a feeder's grey backing darker than the ink
    level is solid "ink" too, and beyond the image's edge there is no paper, so a square of backing cut off
    by the edge never stands alone, and the mark beside it is still found."""
    height, width = ink.shape
    side = max(round(size * 0.8), 3)  # a little inside the mark, whatever the blur at its edges
    pad = round(size * 0.5)
    x0, x1 = int(max(guess[0] - radius, 0)), int(min(guess[0] + radius, width))
    y0, y1 = int(max(guess[1] - radius, 0)), int(min(guess[1] + radius, height))
    if x1 - x0 <= 3 * side or y1 - y0 <= 3 * side:
        return None
    # The window and a border of `pad` round it, what lies outside the image counted as dark.
    top, left = y0 - pad, x0 - pad
    dark = np.ones((y1 - y0 + 2 * pad, x1 - x0 + 2 * pad), dtype=np.int32)
    inside_top, inside_left = max(top, 0), max(left, 0)
    inside_bottom, inside_right = min(y1 + pad, height), min(x1 + pad, width)
    dark[inside_top - top : inside_bottom - top, inside_left - left : inside_right - left] = ink[
        inside_top:inside_bottom, inside_left:inside_right
    ]
    total = np.zeros((dark.shape[0] + 1, dark.shape[1] + 1), dtype=np.int32)
    total[1:, 1:] = dark.cumsum(axis=0).cumsum(axis=1)

    def sums(k: int) -> np.ndarray:
        result: np.ndarray = total[k:, k:] - total[:-k, k:] - total[k:, :-k] + total[:-k, :-k]
        return result

    # By the top-left corner of the square's surroundings (2 × pad wider than the square): the ink round
    # it, and the ink in the square itself, `pad` further in.
    around = sums(side + 2 * pad)
    inner = sums(side)[pad : pad + around.shape[0], pad : pad + around.shape[1]]
    # Standing alone: the surroundings hold little ink besides the mark.
    good = (inner >= SQUARE_SOLID * side * side) & (around <= 1.6 * size * size)
    if not good.any():
        return None
    score = np.where(good, inner, -1)
    row, col = np.unravel_index(int(np.argmax(score)), score.shape)
    return np.array([x0 + col + side / 2, y0 + row + side / 2])


def _settle(ink: _Ink, mark: np.ndarray, size: float) -> np.ndarray:
    """The mark's centre again, from a window just round it: the first search window may have cut the mark
    off at one side (pulling its centre inwards) or held other ink besides."""
    for _ in range(3):
        again = _find_mark(ink, mark, SETTLE * size, size)
        if again is None:
            break
        moved = float(np.linalg.norm(again - mark))
        mark = again
        if moved < 0.25:
            break
    return mark


class FinePrint:
    """Part of the blank page (the name cells) rendered finer, as the share of each pixel the print covers, and
    that cover as a scan of a given sharpness would show it: blurred over the scan's pixel, then the most of it
    within a small reach (the fit of print to scan is good to a fraction of a pixel, not exactly). Laid against
    the scan's own darkness it shows a pen line inside a letter's counters and in the narrow gaps between
    letters, where the widened masks of `Blank` see only print.

    Every map is kept with a border of one pixel holding its value off the drawn part (1 for the print's cover,
    0 for its slope, false for its reach), so a point is read with one gather: a point off the drawn part is held
    to the border."""

    def __init__(self, image: Image.Image, dpi: float, origin: tuple[float, float]) -> None:
        self.scale = dpi / 72
        self.origin = np.asarray(origin, dtype=float)  # template points of the image's top-left corner
        self.cover = Image.eval(image.convert("L"), lambda v: 255 - v)
        self._width = self.cover.size[0] + 2  # a row of the bordered maps
        self._seen: dict[tuple[float, int], np.ndarray] = {}
        self._slopes: dict[tuple[str, float], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._reached: dict[tuple[float, int], np.ndarray] = {}

    def expected(self, points: np.ndarray, blur: float, reach: float, index: np.ndarray | None = None) -> np.ndarray:
        """For template points, the print's cover (0–1) a scan would show there: blurred by `blur` (a standard
        deviation) and the most of it within `reach` (both in template points). Outside the drawn part: 1.
        `index`: `self.index(points)`, when already known."""
        shown = self._shown(blur, reach)
        result: np.ndarray = shown[index if index is not None else self.index(points)]
        return result

    def index(self, points: np.ndarray) -> np.ndarray:
        """Where `points` fall in the bordered maps (flat pixel indices; a point off the drawn part on the border)."""
        return self._index(points[:, 0] - self.origin[0], points[:, 1] - self.origin[1])

    def _index(self, columns: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """`index` from the points' offsets from the origin, across and down (template points; worked in place)."""
        height, width = self.cover.size[1], self.cover.size[0]
        columns *= self.scale
        rows *= self.scale
        # (x - origin) · scale rounded to a pixel, one more for the border; off the drawn part: on the border
        at: np.ndarray = np.rint(columns, out=columns).astype(np.intp)
        at += 1
        _clamp(at, width + 1)
        row = np.rint(rows, out=rows).astype(np.intp)
        row += 1
        _clamp(row, height + 1)
        row *= self._width
        at += row
        return at

    def slope(
        self, points: np.ndarray, blur: float, index: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """`expected` (without reach) and how it changes per template point across and down, at `points`
        (0 outside the drawn part)."""
        key = ("slope", round(blur * self.scale * 4) / 4)
        maps = self._slopes.get(key)
        if maps is None:
            shown = self._shown(blur, 0.0).reshape(-1, self._width)[1:-1, 1:-1]
            down, across = np.gradient(shown)
            bordered = [
                np.pad(m, 1).ravel()
                for m in (shown, (across * self.scale).astype(np.float32), (down * self.scale).astype(np.float32))
            ]
            maps = (bordered[0], bordered[1], bordered[2])
            self._slopes[key] = maps
            if len(self._slopes) > FINE_MAPS_KEPT // 2:
                del self._slopes[next(iter(self._slopes))]  # the least recently used
        else:
            self._slopes[key] = self._slopes.pop(key)
        at = index if index is not None else self.index(points)
        value: np.ndarray = maps[0][at]
        return value, maps[1][at], maps[2][at]

    def reached(self, points: np.ndarray, blur: float, reach: float) -> np.ndarray:
        """Which points the print, blurred by `blur`, covers at all (or its slope is not flat) when moved by up to
        `reach` (template points) along each axis: elsewhere `slope` is 0 under any such shift."""
        # a square reach: a shift is bounded along each axis; +1 pixel for rounding to pixels, +1 for the slope's
        # central difference
        result: np.ndarray = self._touched(blur, reach)[self.index(points)]
        return result

    def _touched(self, blur: float, reach: float) -> np.ndarray:
        """The map `reached` reads (flat, bordered with false)."""
        key = (round(blur * self.scale * 4) / 4, math.ceil(reach * self.scale) + 2)
        touched = self._reached.get(key)
        if touched is None:
            shown = self._shown(blur, 0.0).reshape(-1, self._width)[1:-1, 1:-1]
            touched = np.pad(_widen(shown > 0, key[1]), 1).ravel()
            self._reached[key] = touched
            if len(self._reached) > FINE_MAPS_KEPT // 2:
                del self._reached[next(iter(self._reached))]  # the least recently used
        else:
            self._reached[key] = self._reached.pop(key)
        return touched

    def _shown(self, blur: float, reach: float) -> np.ndarray:
        """The print's cover as a scan of sharpness `blur` would show it, within `reach`: flat, bordered with 1."""
        key = (round(blur * self.scale * 4) / 4, max(0, round(reach * self.scale)))
        shown = self._seen.get(key)
        if shown is None:
            image = self.cover.filter(ImageFilter.GaussianBlur(key[0])) if key[0] > 0 else self.cover
            if key[1]:
                image = image.filter(ImageFilter.MaxFilter(2 * key[1] + 1))
            shown = np.pad(np.asarray(image, dtype=np.float32) / 255, 1, constant_values=1.0).ravel()
            self._seen[key] = shown
            if len(self._seen) > FINE_MAPS_KEPT:
                del self._seen[next(iter(self._seen))]  # the least recently used
        else:
            self._seen[key] = self._seen.pop(key)
        return shown


class Blank:
    """The printed artwork of a template page, rendered without marks and without a QR: what is not new ink.

    `image` is the blank page rendered at `dpi` (template points × dpi / 72 = pixels). Its ink is widened
    by a pixel or two (`ink`) so a scan's slight blur of the printed lines does not count as new ink, and
    by more (`near`) for the search for writing anywhere on the page, where a small misregistration of
    printed text must not look like a signature.
    """

    def __init__(self, image: Image.Image, dpi: float, fine: FinePrint | None = None) -> None:
        self.scale = dpi / 72
        printed = np.asarray(image.convert("L")) < DARK
        self.bare = printed
        self.ink = _widen(printed, 2)
        self.halo = _widen(self.ink, 2)
        self.near = _widen(self.ink, 3)
        self.fine = fine
        # the four masks as bits of one flat array, so a sample reads all four at once (see all_masks)
        # (in bytes throughout: shifted as booleans, numpy widens them to 64-bit integers, a page of them a time)
        bits = self.ink.astype(np.uint8)
        for shift, mask in ((1, self.near), (2, self.halo), (3, self.bare)):
            bits |= mask.astype(np.uint8) << shift
        self._bits = bits.ravel()

    def printed(self, points: np.ndarray, *, near: bool = False, bare: bool = False, halo: bool = False) -> np.ndarray:
        """For template points, whether the blank page has ink there (or close by, with `near`; or just round
        it, where a blurred scan spreads the print, with `halo`; or exactly there, not widened, with `bare`)."""
        mask = self.bare if bare else self.near if near else self.halo if halo else self.ink
        result: np.ndarray = mask[self._pixels(points)]
        return result

    def all_masks(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """`printed` for the same points four ways at once: (ink, near, halo, bare)."""
        rows, columns = self._pixels(points)
        bits = self._bits[rows * self.bare.shape[1] + columns]
        return (bits & 1).astype(bool), (bits & 2).astype(bool), (bits & 4).astype(bool), (bits & 8).astype(bool)

    def bare_moved(self, points: np.ndarray, shifts: np.ndarray) -> np.ndarray:
        """`printed(points + shift, bare=True)` for each of `shifts` (K × N × 2: a shift for each point): K × N."""
        # (as `_pixels` for the points moved, each coordinate apart: shifts × points, contiguous)
        height, width = self.bare.shape
        columns = np.rint((points[:, 0][None, :] + shifts[:, :, 0]) * self.scale).astype(np.intp)
        rows = np.rint((points[:, 1][None, :] + shifts[:, :, 1]) * self.scale).astype(np.intp)
        _clamp(rows, height - 1)
        _clamp(columns, width - 1)
        rows *= width
        rows += columns
        on: np.ndarray = (self._bits[rows] & 8).astype(bool)
        return on

    def _pixels(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # each coordinate rounded apart (contiguous, not strided columns of one N × 2 array)
        rows = np.rint(points[:, 1] * self.scale).astype(np.intp)
        columns = np.rint(points[:, 0] * self.scale).astype(np.intp)
        height, width = self.bare.shape
        _clamp(rows, height - 1)
        _clamp(columns, width - 1)
        return rows, columns


def _widen(mask: np.ndarray, radius: int) -> np.ndarray:
    """`mask` grown by `radius` pixels in every direction (a square): what a min filter of 2·radius + 1 darkens."""
    out = mask.copy()
    for axis in (0, 1):
        grown = out.copy()
        length = out.shape[axis]
        for shift in range(1, min(radius, length - 1) + 1):
            if axis == 0:
                grown[shift:] |= out[:-shift]
                grown[:-shift] |= out[shift:]
            else:
                grown[:, shift:] |= out[:, :-shift]
                grown[:, :-shift] |= out[:, shift:]
        out = grown
    return out


def _run_sums(values: np.ndarray, n: int) -> np.ndarray:
    """The sums of every run of `n` neighbouring columns of `values` (rows × columns - n + 1), from runs of 1, 2,
    4… columns doubled: a few whole-array sums, where numpy's running sum along a row adds one number at a time.
    For whole numbers (greys) the sums are exact in float32 whatever the order they are added in."""
    length = values.shape[1] - n + 1
    total: np.ndarray | None = None
    done, block, size = 0, values, 1  # block[:, j]: the sum of values[:, j : j + size]
    while size <= n:
        if n & size:
            piece = block[:, done : done + length]
            total = piece.copy() if total is None else total + piece
            done += size
        if 2 * size <= n:
            block = block[:, :-size] + block[:, size:]
        size *= 2
    assert total is not None
    return total


def streaks(grey: np.ndarray, paper: float, *, along: float = STREAK_ALONG, both_ends: bool = True) -> np.ndarray:
    """For each image column, whether it is a streak from dirt on the scanner glass.

    A streak lies in the scanner's own frame: an image column, darker than the columns beside it along the
    whole length of the feed, the sheet's margins and the backing round the sheet included. Nothing on a
    ballot is: a pen line or a printed rule darkens only part of a column, and the grey backing of a feeder
    darkens the columns beside it as much. So a column is a streak only where it is darker than its
    neighbours (STREAK_CONTRAST of the paper's grey) along STREAK_ALONG of its length, and along most of both
    its first and its last STREAK_ENDS (where no ballot is printed). A streak's depth wavers, so where it is
    darkest it would pass for ink: its pixels are not read as ink at all. (`along` and `both_ends` loosen this
    for a last look for the QR code, see pipeline.recognise: a 1-bit scanner cuts a streak into dashes, and a
    dark backing hides one of its ends.)
    """
    if grey.shape[1] < 4 * STREAK_NEAR or grey.shape[0] < 64:
        return np.zeros(grey.shape[1], dtype=bool)
    rows = grey[::6].astype(np.float32)
    height, width = rows.shape
    # The grey of the columns either side (STREAK_GAP to STREAK_NEAR pixels away), row by row.
    padded = np.pad(rows, ((0, 0), (STREAK_NEAR, STREAK_NEAR)), mode="edge")
    span = STREAK_NEAR - STREAK_GAP + 1
    total = _run_sums(padded, span)
    # padded column j is image column j - NEAR; the window [i - NEAR, i - GAP] is padded [i, i + span)
    left = total[:, :width] / span
    start = STREAK_NEAR + STREAK_GAP  # image column i + GAP in padded columns
    right = total[:, start : start + width] / span
    darker = rows < np.maximum(left, right) - STREAK_CONTRAST * paper
    ends = max(1, round(STREAK_ENDS * height))
    first, last = darker[:ends].mean(axis=0) >= 0.5, darker[-ends:].mean(axis=0) >= 0.5
    column: np.ndarray = (darker.mean(axis=0) >= along) & ((first & last) if both_ends else (first | last))
    if column.any():
        column = _widen(column[None, :], STREAK_PAD)[0]
    return column


@dataclass(frozen=True)
class Crease:
    """A straight line across the sheet that is paper, not ink: a fold crease (or a feeder's streak at an
    angle), from one edge region of the sheet to another. Template points; `grey` is its own darkness."""

    start: tuple[float, float]
    end: tuple[float, float]
    grey: float


class Scan:
    """A grey page's own figures, worked out once for its alignment and its reading: the paper's grey, the level
    below which a pixel is ink, the paler limit for traces of ink, and the columns a scanner streaked."""

    def __init__(self, grey: np.ndarray, *, dithered: bool = False) -> None:
        self.grey = grey
        self.dithered = dithered  # a 1-bit scan whose greys the scanner dithered (see pipeline), not cut at one grey
        low, middle, paper = grey_percentiles(grey[::8, ::8], (10, 50, 90))
        self.paper = paper
        self.level = ink_level(grey, paper)
        grain = (paper - low) / 2.56  # the paper's noise as a standard deviation (10th to 90th percentile)
        self.trace = max(self.level, min(TRACE_SHARE * paper, middle - TRACE_SIGMAS * grain))
        # the same limit for the grey averaged over nine pixels (its grain a third of one pixel's)
        self.smooth_trace = max(self.level, min(TRACE_SHARE * paper, middle - TRACE_SIGMAS * grain / 3))
        self.streak = streaks(grey, paper)
        # a 1-bit scan, as the pipeline smooths it (each pixel the mean of nine black or white ones): only ten greys
        sample = grey[::7, ::7]
        self.bilevel = bool(sample.size) and bool(_SMOOTHED_BILEVEL_GREY[sample].all())


class _Page:
    """A grey page and its transform: samples template points as ink / not ink."""

    def __init__(self, scan: Scan, transform: np.ndarray) -> None:
        self.grey = scan.grey
        self.transform = transform
        self.paper, self.level, self.trace, self.streak = scan.paper, scan.level, scan.trace, scan.streak
        self.smooth_trace = scan.smooth_trace
        self.bilevel, self.dithered = scan.bilevel, scan.dithered
        self.creases: tuple[Crease, ...] = ()
        self._clear: tuple[np.ndarray, np.ndarray] | None = None

    def clear(self) -> np.ndarray:
        """The grey page with its streak columns as paper (255), flattened: what the samplers read."""
        if self._clear is None or self._clear[0] is not self.streak:
            if self.streak.any():
                clear = self.grey.copy()
                clear[:, self.streak] = 255
            else:  # nothing to clear: the page itself, read only (a view, not a copy of a few megabytes)
                clear = self.grey.view()
                clear.flags.writeable = False
            self._clear = (self.streak, clear.ravel())
        return self._clear[1]

    def grey_at(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The scan's grey at template points (nearest pixel), and whether each fell inside the image."""
        return self.grey_px(apply(self.transform, points))

    def grey_mean(self, points: np.ndarray, reach: float) -> tuple[np.ndarray, np.ndarray]:
        """`grey_at`, averaged over nine samples within `reach` template points of each point (the paper's grain
        and a scanner's noise averaged out), and whether each point fell inside the image. The points are mapped
        once; the nine samples are taken round each at `reach` turned into pixels."""
        mapped = apply(self.transform, points)
        if not len(points):
            return np.zeros(0), np.zeros(0, dtype=bool)
        moved = apply(self.transform, np.add(points, (reach, 0.0)))
        moved -= mapped
        moved *= moved  # (each distance as np.linalg.norm works it out, without its sum along an axis of two)
        step = float(np.median(np.sqrt(moved[:, 0] + moved[:, 1])))
        height, width = self.grey.shape
        inside = np.ones(len(points), dtype=bool)
        columns, rows = [], []
        for offset in (-step, 0.0, step):  # the three columns and three rows the nine samples lie on
            column = np.rint(mapped[:, 0] + offset).astype(np.intp)
            row = np.rint(mapped[:, 1] + offset).astype(np.intp)
            inside &= (column >= 0) & (column < width) & (row >= 0) & (row < height)
            _clamp(column, width - 1)
            _clamp(row, height - 1)
            columns.append(column)
            rows.append(row * width)
        clear = self.clear()
        total = np.zeros(len(points), dtype=np.int32)
        for column in columns:
            for row in rows:
                total += clear[row + column]
        return total / 9, inside

    def grey_between(self, points: np.ndarray, mapped: np.ndarray | None = None) -> np.ndarray:
        """The scan's grey at template points, read between its pixels (bilinear), streak columns as paper and
        points off the image as 255: where exactly a point falls within a pixel matters to the fine reading.
        `mapped`: the points already through the page's transform."""
        if mapped is None:
            mapped = apply(self.transform, points)
        height, width = self.grey.shape
        x = np.clip(mapped[:, 0], 0, width - 1.001)
        y = np.clip(mapped[:, 1], 0, height - 1.001)
        x0, y0 = x.astype(np.intp), y.astype(np.intp)
        fx, fy = x - x0, y - y0
        clear = self.clear()
        at = y0 * width + x0
        # the four pixels round each point, gathered from views of the page one pixel right, one down, both
        left = 1 - fx
        top = clear[at] * left + clear[1:][at] * fx
        bottom = clear[width:][at] * left + clear[width + 1 :][at] * fx
        inside = (mapped[:, 0] >= 0) & (mapped[:, 0] <= width - 1) & (mapped[:, 1] >= 0) & (mapped[:, 1] <= height - 1)
        result: np.ndarray = top * (1 - fy) + bottom * fy
        result[~inside] = 255.0  # (few: cheaper than np.where over them all)
        return result

    def grey_px(self, mapped: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # each coordinate rounded apart (contiguous, not strided columns of one N × 2 array)
        xs, ys = np.rint(mapped[:, 0]).astype(np.intp), np.rint(mapped[:, 1]).astype(np.intp)
        height, width = self.grey.shape
        inside = (xs >= 0) & (xs < width) & (ys >= 0) & (ys < height)
        _clamp(xs, width - 1)
        _clamp(ys, height - 1)
        ys *= width
        ys += xs
        grey: np.ndarray = self.clear()[ys]
        return grey, inside

    def dark(self, points: np.ndarray, *, faint: bool = False, deep: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """Whether each template point is dark on the scan (with `faint`: holds at least a trace of ink; with
        `deep`: darker than a print's blurred edge gets, DEEP_SHARE of the paper's grey), and whether it fell
        inside the image at all. On a crease, only what is clearly darker than the crease is."""
        grey, inside = self.grey_at(points)
        result: np.ndarray = grey < self.limit(points, faint=faint, deep=deep)
        return result & inside, inside

    def smoothed_dark(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Whether each template point holds a trace of ink where the scan's grey is averaged over the nine pixels
        round it (Scan.smooth_trace; on a crease, darker than the crease), and whether it fell inside the image. A
        pale tick on a grainy page (grey 160-200 on paper of 223, a strongly worn scanner's noise) lies above the
        page's trace limit pixel by pixel: a box holding it was read certainly empty (bench seed 111, 150 dpi)."""
        pixel = 1.0 / _pixels_per_point(self.transform, points)
        grey, inside = self.grey_mean(points, pixel)
        result: np.ndarray = grey < self._limit(points, self.smooth_trace, self._on_creases(points))
        return result & inside, inside

    def limit(self, points: np.ndarray, *, faint: bool = False, deep: bool = False) -> np.ndarray:
        """The grey below which each template point is dark (see `dark`)."""
        level = self.trace if faint else self.level
        return self._limit(points, min(level, DEEP_SHARE * self.paper) if deep else level, self._on_creases(points))

    def limits(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """`limit` three ways at once: plain, faint and deep."""
        on = self._on_creases(points)
        deep = min(self.level, DEEP_SHARE * self.paper)
        return self._limit(points, self.level, on), self._limit(points, self.trace, on), self._limit(points, deep, on)

    def _on_creases(self, points: np.ndarray) -> list[tuple[np.ndarray, float]]:
        band = CREASE_BAND_MM * MM_PT
        return [(_near_line(points, c.start, c.end, band), c.grey - CREASE_MARGIN * self.paper) for c in self.creases]

    @staticmethod
    def _limit(points: np.ndarray, level: float, on_creases: list[tuple[np.ndarray, float]]) -> np.ndarray:
        if not on_creases:  # one level for every point: a read-only view, nothing filled
            same: np.ndarray = np.broadcast_to(np.float64(level), (len(points),))
            return same
        limit = np.full(len(points), level)
        for on, below in on_creases:
            limit[on] = np.minimum(limit[on], below)
        return limit


def _near_line(points: np.ndarray, start: tuple[float, float], end: tuple[float, float], reach: float) -> np.ndarray:
    """Which points lie within `reach` of the straight line through `start` and `end`."""
    direction = np.subtract(end, start, dtype=float)
    length = float(np.hypot(*direction))
    if length == 0:
        return np.zeros(len(points), dtype=bool)
    normal = np.array([-direction[1], direction[0]]) / length
    result: np.ndarray = np.abs((points - np.asarray(start)) @ normal) <= reach
    return result


def _edge_crossings(page: _Page, template: dict[str, Any], blank: Blank) -> list[tuple[float, float]]:
    """Points where a faint straight line crosses one of the four blank strips along the sheet's edges."""
    width, height = template["size"]
    near, far = CREASE_EDGE_MM[0] * MM_PT, CREASE_EDGE_MM[1] * MM_PT
    along_step, across_step = 0.35 * MM_PT, 1.0 * MM_PT
    found: list[tuple[float, float]] = []
    strips = (  # (fixed axis, across range, along length)
        (0, (near, far), height),
        (0, (width - far, width - near), height),
        (1, (near, far), width),
        (1, (height - far, height - near), width),
    )
    for axis, (lo, hi), length in strips:
        along = np.arange(near, length - near, along_step)
        across = np.arange(lo, hi, across_step)
        ga, gc = np.meshgrid(along, across)  # across × along
        points = np.column_stack([gc.ravel(), ga.ravel()] if axis == 0 else [ga.ravel(), gc.ravel()])
        grey, inside = page.grey_mean(points, CREASE_GRAIN_MM * MM_PT)
        usable = inside & ~blank.printed(points, near=True)
        faint = (grey < CREASE_SHARE * page.paper) & usable
        faint = faint.reshape(across.size, along.size)
        usable = usable.reshape(across.size, along.size)
        across_middle = float(np.mean([lo, hi]))
        # a thin line at a slant crosses neighbouring positions along the strip: pool them
        pooled = faint | np.roll(faint, 1, axis=1) | np.roll(faint, -1, axis=1)
        size = along.size
        # A crease crosses the strip at any angle: the strip is read along each slope, position j of a slope
        # reading each row at j + its shift (off the strip: nothing), all slopes at once.
        shifts = np.rint((across - across_middle)[None, :] * np.array(CREASE_SLOPES)[:, None] / along_step)
        shifts = shifts.astype(np.intp)  # slopes × rows
        pad = int(np.abs(shifts).max())
        # both counts in one padded array: faint in the low 16 bits, usable above them
        both = np.zeros((across.size, size + 2 * pad), dtype=np.int32)
        both[:, pad : pad + size] = pooled.astype(np.int32) + (usable.astype(np.int32) << 16)
        # (each row's positions from pad + shift on, taken as whole runs: rows × shifts × positions, a view)
        windows = np.lib.stride_tricks.sliding_window_view(both, size, axis=1)
        summed = windows[np.arange(across.size)[None, :], pad + shifts].sum(axis=1)  # slopes × positions
        faint_counts, seens = summed & 0xFFFF, summed >> 16
        shares = faint_counts / np.maximum(seens, 1)
        crossings: list[tuple[float, float]] = []  # (share, position along the strip) of each crossing found
        hit_all = (shares >= CREASE_ACROSS) & (seens >= across.size // 2)
        for index in np.flatnonzero(hit_all.any(axis=1)).tolist():
            share = shares[index]
            hits = np.flatnonzero(hit_all[index])
            runs = np.split(hits, np.flatnonzero(np.diff(hits) > 1) + 1)
            for run in runs:  # one crossing per run of neighbouring hits, at its middle
                crossings.append((float(share[run].max()), float(np.average(along[run], weights=share[run]))))
        kept: list[float] = []
        for _, middle in sorted(crossings, reverse=True):  # the same crossing seen at neighbouring slants: once
            if all(abs(middle - other) > CREASE_SAME_MM * MM_PT for other in kept):
                kept.append(middle)
                found.append((across_middle, middle) if axis == 0 else (middle, across_middle))
    return found


def find_creases(page: _Page, template: dict[str, Any], blank: Blank) -> tuple[Crease, ...]:
    """Fold creases (and streaks at an angle) across the sheet: straight lines of low, even contrast that run
    through the blank strips along the sheet's edges and on across margins, rules and regions alike.

    Candidates are where a faint line crosses an edge strip; a pair of them is a crease when the straight line
    between them is faint along CREASE_ALONG of its length wherever the blank page is not printed. A pen line
    is drawn inside a row or a box, never from one edge of the sheet to another.
    """
    crossings = _edge_crossings(page, template, blank)
    if len(crossings) < 2 or len(crossings) > CREASE_CANDIDATES:
        return ()
    width, height = template["size"]
    edge = CREASE_EDGE_MM[0] * MM_PT
    creases: list[Crease] = []
    for i, a in enumerate(crossings):
        for b in crossings[i + 1 :]:
            if float(np.hypot(a[0] - b[0], a[1] - b[1])) < min(width, height) / 2:
                continue
            direction = np.subtract(b, a, dtype=float)
            direction /= np.hypot(*direction)
            normal = np.array([-direction[1], direction[0]])
            # the whole line across the sheet, not just between the two crossings
            reach = float(np.hypot(width, height))
            steps = np.arange(-reach, reach, 0.5 * MM_PT)
            line = np.asarray(a) + steps[:, None] * direction
            on_sheet = (
                (line[:, 0] >= edge)
                & (line[:, 0] <= width - edge)
                & (line[:, 1] >= edge)
                & (line[:, 1] <= height - edge)
            )
            line = line[on_sheet]
            offsets = np.arange(-0.5, 0.51, 0.25) * MM_PT
            points = (line[:, None, :] + offsets[None, :, None] * normal[None, None, :]).reshape(-1, 2)
            grey, inside = page.grey_mean(points, CREASE_GRAIN_MM * MM_PT)
            grey = np.where(inside, grey, 255).reshape(len(line), offsets.size)
            printed = blank.printed(points, near=True).reshape(len(line), offsets.size).any(axis=1)
            core = grey.min(axis=1)[~printed]
            if core.size < CREASE_MIN_MM / 0.5:
                continue
            faint = core < CREASE_SHARE * page.paper
            if faint.mean() >= CREASE_ALONG:
                creases.append(
                    Crease(
                        (float(a[0]), float(a[1])), (float(b[0]), float(b[1])), float(np.percentile(core[faint], 20))
                    )
                )
    return tuple(creases)


def _grid(rect: Sequence[float], inset: float, nx: int, ny: int) -> np.ndarray:
    x, y, w, h = rect
    xs = np.linspace(x + inset * w, x + (1 - inset) * w, nx)
    ys = np.linspace(y + inset * h, y + (1 - inset) * h, ny)
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()])


def _chord(centre: np.ndarray, direction: np.ndarray, rect: Sequence[float]) -> tuple[float, float]:
    """Where the straight line through `centre` along `direction` (a unit vector) enters and leaves `rect`, as
    distances along it from `centre` (the centre lies inside)."""
    x, y, w, h = rect
    low, high = -np.inf, np.inf
    for axis, (start, size) in enumerate(((x, w), (y, h))):
        if abs(direction[axis]) > 1e-9:
            ends = sorted(((start - centre[axis]) / direction[axis], (start + size - centre[axis]) / direction[axis]))
            low, high = max(low, ends[0]), min(high, ends[1])
    return float(low), float(high)


def _line_across(
    page: _Page, blank: Blank, rect: Sequence[float], inner: np.ndarray, dark: np.ndarray, *, smoothed: bool = False
) -> bool:
    """Whether a box's ink is one thin straight line across it that runs on beyond the box on both sides: a fold
    crease or a feeder's streak through the row that the crease search missed (a black-and-white scanner cuts a
    faint crease into sparse dots, too few along the sheet's edges to be found there), not a voter's mark. A
    cross, a tick or a filling is not one thin line; a pen line drawn through a box stays in its row. With
    `smoothed`, ink beyond the box is looked for as `dark` was found: in the grey averaged over nine pixels."""
    points = inner[dark]
    if len(points) < 6:
        return False
    centre = points.mean(axis=0)
    _, _, axes = np.linalg.svd(points - centre, full_matrices=False)
    direction, normal = axes[0], axes[1]
    if float(np.percentile(np.abs((points - centre) @ normal), 90)) > LINE_THIN_MM * MM_PT:
        return False
    along = (points - centre) @ direction
    x, y, w, h = (float(v) for v in rect)
    inside = (x + 0.2 * w, y + 0.2 * h, 0.6 * w, 0.6 * h)  # where `inner` samples
    enter, leave = _chord(centre, direction, inside)
    if float(along.max() - along.min()) < LINE_SPAN * (leave - enter):
        return False
    first_edge, last_edge = _chord(centre, direction, rect)  # where the line crosses the box's border
    step = 0.2 * MM_PT
    distances = np.arange(LINE_ON_MM[0] * MM_PT, LINE_ON_MM[1] * MM_PT, step)
    offsets = np.arange(-0.3, 0.31, 0.15) * MM_PT
    for side, edge in ((1.0, last_edge), (-1.0, first_edge)):
        line = centre + (edge + side * distances)[:, None] * direction  # positions × 2
        band = (line[:, None, :] + offsets[None, :, None] * normal[None, None, :]).reshape(-1, 2)
        inked, seen = page.smoothed_dark(band) if smoothed else page.dark(band, faint=True)
        printed = blank.printed(band, near=True)
        inked = (inked & ~printed).reshape(len(line), offsets.size).any(axis=1)
        blank_paper = (seen & ~printed).reshape(len(line), offsets.size).all(axis=1)
        if int(blank_paper.sum()) * step < LINE_ON_LEAST_MM * MM_PT:
            return False
        if float(inked[blank_paper].mean()) < LINE_ON_SHARE:
            return False
    return True


def _halo_ring(w: float, h: float) -> tuple[np.ndarray, np.ndarray]:
    """Sample points (relative to a w × h box's centre) from HALO_NEAR_MM to HALO_FAR_MM outside its border,
    and the direction (sector) of each from the centre."""
    return _halo_ring_of(round(w, 2), round(h, 2))


@functools.cache
def _halo_ring_of(w: float, h: float) -> tuple[np.ndarray, np.ndarray]:
    near, far, step = HALO_NEAR_MM * MM_PT, HALO_FAR_MM * MM_PT, HALO_STEP_MM * MM_PT
    xs = np.arange(-(w / 2 + far), w / 2 + far + step / 2, step)
    ys = np.arange(-(h / 2 + far), h / 2 + far + step / 2, step)
    gx, gy = np.meshgrid(xs, ys)
    gx, gy = gx.ravel(), gy.ravel()
    out = np.hypot(np.maximum(np.abs(gx) - w / 2, 0), np.maximum(np.abs(gy) - h / 2, 0))
    keep = (out >= near) & (out <= far)
    angle = np.arctan2(gy[keep], gx[keep])
    sector = np.floor((angle + math.pi) / (2 * math.pi) * HALO_SECTORS).astype(int) % HALO_SECTORS
    return np.column_stack([gx[keep], gy[keep]]), sector


def _halos(page: _Page, rects: Sequence[Sequence[float]], blank: Blank) -> list[float]:
    """For each box, the share of the directions round it in which new ink lies just outside its border.

    A mark inside a box leaves the ring clean but for a stroke running out at a corner or two; a circle
    round the box, or a mark scribbled out past it, shows in nearly every direction.
    """
    if not rects:
        return []
    pad = HALO_NEAR_MM * MM_PT
    reach = HALO_FAR_MM * MM_PT
    points: list[np.ndarray] = []
    slots: list[np.ndarray] = []
    for index, rect in enumerate(rects):
        x, y, w, h = rect
        ring, sector = _halo_ring(w, h)
        at = ring + _centre(rect)
        keep = np.ones(len(at), dtype=bool)
        for other, (ox, oy, ow, oh) in enumerate(rects):
            if other == index or ox > x + w + reach + pad or ox + ow < x - reach - pad:
                continue
            if oy > y + h + reach + pad or oy + oh < y - reach - pad:
                continue
            keep &= ~(
                (at[:, 0] >= ox - pad)
                & (at[:, 0] <= ox + ow + pad)
                & (at[:, 1] >= oy - pad)
                & (at[:, 1] <= oy + oh + pad)
            )
        points.append(at[keep])
        slots.append(index * HALO_SECTORS + sector[keep])
    at = np.vstack(points)
    slot = np.concatenate(slots)
    dark, _ = page.dark(at)
    new_ink = dark & ~blank.printed(at)
    size = len(rects) * HALO_SECTORS
    inked = np.bincount(slot, weights=new_ink, minlength=size).reshape(len(rects), HALO_SECTORS)
    sampled = np.bincount(slot, minlength=size).reshape(len(rects), HALO_SECTORS)
    covered = (inked >= HALO_SECTOR_INK).sum(axis=1)
    seen = np.maximum((sampled > 0).sum(axis=1), 1)
    return [float(c) for c in covered / seen]


class _NameCells:
    """The name cells of a page sampled once: a grid over each cell's inside (STROKE_BIN-sample-wide columns of
    STROKE_STEP_PT, rows STROKE_STEP_PT apart, clear of its top and bottom rules), with the scan's grey and its
    ink limits and the blank page's print at every sample. The readings of the names (plain, faint, with the
    print's blurred edges taken as ink) all read these samples."""

    def __init__(self, page: _Page, rects: Sequence[Sequence[float]], blank: Blank) -> None:
        step, inset = STROKE_STEP_PT, STROKE_INSET_MM * MM_PT
        self.grids = []
        for x, y, w, h in rects:
            xs = np.arange(x + 1.0, x + w - 1.0, step)
            xs = xs[: (xs.size // STROKE_BIN) * STROKE_BIN]
            ys = np.arange(y + inset, y + h - inset + step / 2, step)
            self.grids.append((xs, ys))
        sizes = [xs.size * ys.size for xs, ys in self.grids]
        self.starts = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
        points = np.vstack([np.column_stack([g.ravel() for g in np.meshgrid(xs, ys)]) for xs, ys in self.grids])
        mapped = apply(page.transform, points)
        grey, inside = page.grey_px(mapped)
        plain, faint, deep = page.limits(points)
        self.dark = (grey < plain) & inside
        self.trace = (grey < faint) & inside
        self.deep = (grey < deep) & inside
        # The page's fit is good to a fraction of a millimetre; letters are finer. Each cell's print is laid where
        # it best covers the scan's ink (a shift of up to NAME_SHIFT_PT), so a letter's edge is not new ink.
        shifts = _best_shifts(points, self.dark, self.starts, blank)
        if shifts.any():
            points += np.repeat(shifts, np.diff(self.starts), axis=0)
            mapped = apply(page.transform, points)
        self.printed, self.near, self.halo, self.bare = blank.all_masks(points)
        self._bins: dict[tuple[int, str, bool, bool], np.ndarray] = {}
        # Finer: the scan's darkness beyond what the print explains, sample by sample (see FinePrint).
        self.expected: np.ndarray | None = None
        self.excess = np.zeros(len(points))
        self.fine_dark = np.zeros(len(points), dtype=bool)
        self.darkness = np.zeros(len(points))
        if blank.fine is not None and len(points):
            fine = blank.fine
            pixel = 1.0 / _pixels_per_point(page.transform, points)
            blur, reach = FINE_BLUR * pixel, FINE_REACH * pixel
            between = page.grey_between(points, mapped)
            solid = fine.expected(points, blur, reach, fine.index(points)) >= FINE_SOLID
            ink = float(np.percentile(between[solid & inside], 10)) if np.count_nonzero(solid & inside) >= 20 else 0.0
            darkness = np.where(inside, (page.paper - between) / max(page.paper - min(ink, page.level), 1.0), 0.0)
            shifted = points + np.repeat(
                _fine_shifts(points, darkness, self.starts, fine, blur), np.diff(self.starts), axis=0
            )
            # How sharp this scan is: the blur under which the print, laid where it fits, differs least from it
            # (a sharp scan's letters have hard edges that a blurred print would leave as a line of "new ink"
            # along their baseline).
            index = fine.index(shifted)
            some = slice(None, None, 3)
            index_some = index[some]
            blur = min(
                (share * pixel for share in FINE_BLURS),
                key=lambda b: float(np.abs(darkness[some] - fine.expected(shifted[some], b, 0.0, index_some)).sum()),
            )
            if page.bilevel and not page.dithered:
                # A 1-bit scanner's cut grows every letter by up to a pixel round its strokes (the paler the cut,
                # the bolder): read finely against the print, that rim is new ink no taller than a pen line along
                # the letters' tops and feet. The print may lie FINE_BILEVEL_REACH of a pixel further off here.
                reach += FINE_BILEVEL_REACH * pixel
            self.expected = fine.expected(shifted, blur, reach, index)
            # Where the print's cover changes fast from one row to the next (the letters' feet along the baseline,
            # their tops along the x-height) a tenth of a pixel's misfit is a line of false "new ink" along the
            # whole name: new ink there must be darker by FINE_EDGE of what the print changes over a pixel. A pen
            # line through the letters shows in their gaps and counters, where the print changes across, not down.
            _, _, down = fine.slope(shifted, blur, index)
            self.excess = darkness - self.expected - FINE_EDGE * np.abs(down) * pixel
            # On a fold crease found on the page, and in the shadow beside it, only what is darker than the crease
            # is ink (as in `_Page.limit`, over a wider band: finely, the shadow's grey is "more than print").
            self.darkness = darkness
            self.fine_dark = darkness >= FINE_DARK
            for crease in page.creases:
                on = _near_line(points, crease.start, crease.end, FINE_CREASE_MM * MM_PT)
                self.fine_dark[on] &= between[on] < crease.grey - CREASE_MARGIN * page.paper

    def evidence(
        self, cells: Sequence[int], *, faint: bool, halo: bool = True, thin: bool = False, fine: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """The chosen cells as grids of evidence for a pen line, and which of their columns hold the printed
        name. Cells of other sizes are padded with paper. A sample is +1 where the scan holds new ink (dark where
        the blank page is not printed), STROKE_PRINTED where the blank page is printed (a line may run hidden
        behind a letter), STROKE_HALO in the blurred edge of print unless deep ink shows there (with `halo`
        false that edge is read as any other paper), STROKE_PAPER where it plainly shows paper. With `faint`,
        traces of ink count, looked for only clear of the print and its blur (as pale as they). With `thin`,
        new ink counts only where it is no taller than a pen line (STROKE_THICK_MM), not a letter's stem."""
        columns = max(self.grids[i][0].size for i in cells) // STROKE_BIN
        rows = max(self.grids[i][1].size for i in cells)
        evidence = np.full((len(cells), columns, rows), STROKE_PAPER)
        name = np.zeros((len(cells), columns), dtype=bool)
        thick = max(1, round(STROKE_THICK_MM * MM_PT / STROKE_STEP_PT))
        # Cells that follow one another and are of one size are read together (run × columns × rows): each
        # sample is read as in a cell of its own, with a few numpy calls for them all.
        for first, run in self._runs(cells):
            xs, ys = self.grids[run[0]]
            cols = xs.size // STROKE_BIN
            at = (slice(first, first + len(run)), slice(None, cols), slice(None, ys.size))
            # The printed name: columns of the cell (clear of its side rules) holding the blank page's own ink.
            name[at[:2]] = self._binned_run(run, "name").any(axis=2)
            if fine and self.expected is not None:
                new_bins = self._binned_run(run, "fine new").copy()
                # a pen line, not a letter's stem drawn bolder by the scanner: no taller than a pen line
                new_bins &= _runs_at_most(new_bins.reshape(-1, ys.size), thick).reshape(new_bins.shape)
                printed_bins = self._binned_run(run, "fine printed")
                unknown = self._binned_run(run, "fine halo")
                evidence[at] = np.where(
                    new_bins, 1.0, np.where(printed_bins, FINE_PRINTED, np.where(unknown, STROKE_HALO, STROKE_PAPER))
                )
                continue
            new_bins = self._binned_run(run, "new", faint=faint, halo=halo)
            if thin:
                new_bins = new_bins & _runs_at_most(new_bins.reshape(-1, ys.size), thick).reshape(new_bins.shape)
            printed_bins = self._binned_run(run, "printed", faint=faint)
            if halo:
                unknown = self._binned_run(run, "halo", faint=faint)
                evidence[at] = np.where(
                    new_bins, 1.0, np.where(printed_bins, STROKE_PRINTED, np.where(unknown, STROKE_HALO, STROKE_PAPER))
                )
            else:
                evidence[at] = np.where(new_bins, 1.0, np.where(printed_bins, STROKE_PRINTED, STROKE_PAPER))
        return evidence, name

    def gaps(self, cells: Sequence[int]) -> np.ndarray | None:
        """Where a pen line would show and none does (cells × columns × rows, padded as `evidence`): a column
        holds a gap at a row when one of its samples shows plain paper there and for FINE_GAP_ROWS above and below
        (the scan read between its pixels, darkness below FINE_GAP_DARK, or below FINE_GAP_SHARE of the cell's
        own pen ink if that is more, up to FINE_DARK): between two letters, or between a letter's stems.
        Whatever is printed, a line through there would darken it. A line's end is not carried on behind letters
        across such a gap (see _hidden_ends), and read finely a line does not run through one near its ends.
        None when the page is not read finely."""
        if self.expected is None:
            return None
        columns = max(self.grids[i][0].size for i in cells) // STROKE_BIN
        rows = max(self.grids[i][1].size for i in cells)
        out = np.zeros((len(cells), columns, rows), dtype=bool)
        reach = FINE_GAP_ROWS
        for index, cell in enumerate(cells):
            xs, ys = self.grids[cell]
            part = slice(self.starts[cell], self.starts[cell + 1])
            # paper is paper against the line in this cell: a dark line's gaps may be greyer than a pale line's
            new = (self.excess[part] >= FINE_EXCESS) & self.fine_dark[part]
            line = float(np.percentile(self.darkness[part][new], 75)) if np.count_nonzero(new) >= 8 else 0.0
            open_ = self.darkness[part] < min(max(FINE_GAP_SHARE * line, FINE_GAP_DARK), FINE_DARK)
            grid = open_.reshape(ys.size, xs.size)
            if ys.size <= 2 * reach:
                continue
            # open over the rows from `reach` above to `reach` below each row (rows too near the edge: not a gap)
            tall = np.ones((ys.size - 2 * reach, xs.size), dtype=bool)
            for k in range(2 * reach + 1):
                tall &= grid[k : k + ys.size - 2 * reach]
            binned = tall.reshape(tall.shape[0], xs.size // STROKE_BIN, STROKE_BIN).any(axis=2)
            out[index, : binned.shape[1], reach : ys.size - reach] = binned.T
        return out

    def _runs(self, cells: Sequence[int]) -> list[tuple[int, list[int]]]:
        """The chosen cells as runs of cells that follow one another on the page and are of one size: (where the
        run starts among `cells`, its cells)."""
        runs: list[tuple[int, list[int]]] = []
        for index, cell in enumerate(cells):
            if runs:
                last = runs[-1][1][-1]
                (xs, ys), (last_xs, last_ys) = self.grids[cell], self.grids[last]
                if cell == last + 1 and xs.size == last_xs.size and ys.size == last_ys.size:
                    runs[-1][1].append(cell)
                    continue
            runs.append((index, [cell]))
        return runs

    def _binned_run(self, run: Sequence[int], what: str, *, faint: bool = False, halo: bool = True) -> np.ndarray:
        """`_binned` for a run of cells that follow one another and are of one size, at once: run × columns × rows
        (see `_runs`); worked out once, not to be changed in place."""
        key = (run[0], f"{what} ×{len(run)}", faint, halo)  # (the run's first cell, the mask and its length)
        found = self._bins.get(key)
        if found is not None:
            return found
        part = slice(self.starts[run[0]], self.starts[run[-1] + 1])
        xs, ys = self.grids[run[0]]
        bins = self._mask(part, what, faint=faint, halo=halo).reshape(
            len(run), ys.size, xs.size // STROKE_BIN, STROKE_BIN
        )
        any_ = bins[..., 0].copy()
        for k in range(1, STROKE_BIN):  # (faster than .any(axis=3) over so short an axis)
            any_ |= bins[..., k]
        binned: np.ndarray = any_.transpose(0, 2, 1)  # run × columns × rows
        self._bins[key] = binned
        return binned

    def _mask(self, part: slice, what: str, *, faint: bool = False, halo: bool = True) -> np.ndarray:
        """One of the masks `_binned` bins, for the samples `part`."""
        mask: np.ndarray
        if what == "name":
            mask = self.bare[part]
        elif what == "fine new":
            mask = (self.excess[part] >= FINE_EXCESS) & self.fine_dark[part]
        elif what in ("fine printed", "fine halo"):
            assert self.expected is not None
            mask = self.expected[part] >= (0.5 if what == "fine printed" else FINE_HALO)
        else:
            printed = (self.near if faint else self.printed)[part]
            dark = (self.trace if faint else self.dark)[part]
            ring = self.halo[part] & ~printed
            if halo:  # just round the print, a blurred scan spreads the letters' edges: only deep ink is a pen there
                dark = (dark & ~ring) | (self.deep[part] & ring)
            mask = printed if what == "printed" else dark & ~printed if what == "new" else ring & ~dark
        return mask

    def _binned(self, cell: int, what: str, *, faint: bool = False, halo: bool = True) -> np.ndarray:
        """One of a cell's masks binned to columns (columns × rows: any of a column's STROKE_BIN samples), worked
        out once for every way of reading that uses it (see `evidence`); not to be changed in place.
        - "name": the blank page's own ink (not widened);
        - "printed": the print as the plain masks take it (widened; `faint`: widened more);
        - "new": new ink (dark off the print; `faint`: traces of ink; with `halo`, just round the print only
          deep ink, see `evidence`);
        - "halo": with `halo`, the blurred edge of print where no ink that counts shows;
        - "fine new", "fine printed", "fine halo": the same, read finely (see FinePrint)."""
        binned: np.ndarray = self._binned_run([cell], what, faint=faint, halo=halo)[0]
        return binned


def _pixels_per_point(transform: np.ndarray, points: np.ndarray) -> float:
    """How many scan pixels one template point spans, round `points` (their middle)."""
    middle = np.array([points[:, 0].mean(), points[:, 1].mean()])  # (ten times faster than .mean(axis=0))
    ends = apply(transform, middle + np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]]))
    return float((np.linalg.norm(ends[1] - ends[0]) + np.linalg.norm(ends[2] - ends[0])) / 20.0)


def _fine_shifts(
    points: np.ndarray, darkness: np.ndarray, starts: np.ndarray, fine: FinePrint, blur: float
) -> np.ndarray:
    """For each name cell (samples `starts[k]` to `starts[k + 1]` of `points`), the shift (template points, at most
    FINE_SHIFT_PT) under which the print, as the scan would show it, best matches the scan's darkness there: a few
    steps of least squares on the print's slope (Lucas and Kanade), the first on a blurrier print so that a shift
    of a stroke's width is still seen. Samples that differ by more than print can (a pen line, a crease) are left
    out of each step, so the letters decide it. Every cell is fitted at once; a cell whose fit has settled (or
    has nothing to fit) keeps its shift while the others go on. Returns cells × 2."""
    cells = len(starts) - 1
    shifts = np.zeros((cells, 2))
    # every other sample of each cell, counted from its first
    take = np.concatenate([np.arange(starts[k], starts[k + 1], 2) for k in range(cells)]).astype(np.intp)
    owner = np.repeat(np.arange(cells), [(starts[k + 1] - starts[k] + 1) // 2 for k in range(cells)])
    # only where the (widest) blurred print reaches under any shift the fit may make: elsewhere its slope is 0,
    # and such samples are left out of every step anyway
    index = fine.index(points[take])  # (where the first step reads the print: it starts unshifted)
    near = fine._touched(blur * 2.0, FINE_SHIFT_PT)[index]
    take, owner, index = take[near], owner[near], index[near]
    xs, ys, seen = points[take, 0], points[take, 1], darkness[take]
    active = np.ones(cells, dtype=bool)
    half = FINE_SHIFT_PT / 2
    for step, widen in enumerate((2.0, 1.0, 1.0, 1.0)):
        if step:
            going = active[owner]
            if not going.all():
                xs, ys, seen, owner = xs[going], ys[going], seen[going], owner[going]
            index = fine._index((xs + shifts[owner, 0]) - fine.origin[0], (ys + shifts[owner, 1]) - fine.origin[1])
        value, across, down = fine.slope(points, blur * widen, index)
        rest = seen - value
        use = (np.abs(rest) < FINE_OUTLIER) & ((across != 0) | (down != 0))
        a, d, r, at = across[use].astype(float), down[use].astype(float), rest[use], owner[use]
        # each cell's sums (plain sums, not BLAS dot products: the same page reads the same whatever the threads)
        aa, ad, dd = (np.bincount(at, weights=w, minlength=cells) for w in (a * a, a * d, d * d))
        ar, dr = (np.bincount(at, weights=w, minlength=cells) for w in (a * r, d * r))
        for k in np.flatnonzero(active).tolist():  # the 2 × 2 systems solved by hand, cell by cell
            det = aa[k] * dd[k] - ad[k] * ad[k]
            if det <= 1e-9 * max((aa[k] + dd[k]) ** 2, 1e-12):
                active[k] = False
                continue
            step_x = min(max((dd[k] * ar[k] - ad[k] * dr[k]) / det, -half), half)
            step_y = min(max((aa[k] * dr[k] - ad[k] * ar[k]) / det, -half), half)
            shifts[k, 0] = min(max(shifts[k, 0] + step_x, -FINE_SHIFT_PT), FINE_SHIFT_PT)
            shifts[k, 1] = min(max(shifts[k, 1] + step_y, -FINE_SHIFT_PT), FINE_SHIFT_PT)
            if max(abs(step_x), abs(step_y)) < 0.02:
                active[k] = False
        if not active.any():
            break
    return shifts


def _best_shifts(points: np.ndarray, dark: np.ndarray, starts: np.ndarray, blank: Blank) -> np.ndarray:
    """For each name cell (samples `starts[k]` to `starts[k + 1]` of `points`), the shift of the blank page's print
    (template points, within NAME_SHIFT_PT, on a NAME_SHIFT_STEP grid, coarse then fine) under which the most of
    the print lies on the scan's ink; no shift when it is no better. A pen line runs through and between the
    letters whatever the shift, so the letters decide it. Every cell is counted at once. Returns cells × 2."""
    cells = len(starts) - 1
    best = np.zeros((cells, 2))
    # the scan's ink (every other sample of each cell's is enough)
    take = [np.flatnonzero(dark[starts[k] : starts[k + 1]])[::2] + starts[k] for k in range(cells)]
    owner = np.repeat(np.arange(cells), [t.size for t in take])
    if not owner.size:
        return best
    at = points[np.concatenate(take)]
    best_count = np.bincount(owner, weights=blank.printed(at, bare=True), minlength=cells)
    for step in (2 * NAME_SHIFT_STEP, NAME_SHIFT_STEP):
        around = [(dx, dy) for dx in (-step, 0.0, step) for dy in (-step, 0.0, step) if dx or dy]
        shifts = best[None, :, :] + np.asarray(around)[:, None, :]  # shifts × cells × 2, in the order tried
        allowed = np.abs(shifts).max(axis=2) <= NAME_SHIFT_PT
        on_print = blank.bare_moved(at, shifts[:, owner])  # shifts × samples
        counts = np.stack([np.bincount(owner, weights=row, minlength=cells) for row in on_print])
        counts[~allowed] = -1
        first = counts.argmax(axis=0)  # the first best wins, as when counted one by one
        better = counts[first, np.arange(cells)] > best_count
        best_count = np.where(better, counts[first, np.arange(cells)], best_count)
        best = np.where(better[:, None], shifts[first, np.arange(cells)], best)
    return best


def _runs_at_most(mask: np.ndarray, length: int) -> np.ndarray:
    """For a columns × rows mask, which samples lie in a run along the rows no longer than `length`."""
    columns, rows = mask.shape
    starts = mask & ~np.pad(mask, ((0, 0), (1, 0)))[:, :-1]
    runs = np.cumsum(starts, axis=1) * mask + (np.arange(columns) * (rows + 1))[:, None]  # a number per run
    sizes = np.bincount(runs.ravel(), minlength=columns * (rows + 1))
    result: np.ndarray = mask & (sizes[runs] <= length)
    return result


def _sweep(evidence: np.ndarray) -> np.ndarray:
    """Best score of a pen line ending at each sample (cells × columns × rows), coming from the left; local: a
    line starts anywhere. A line moves at most STROKE_CLIMB rows per column, paying STROKE_TURN per row."""
    cells, columns, rows = evidence.shape
    score = np.empty_like(evidence)
    # the previous column's scores with STROKE_CLIMB rows of -inf above and below (no line comes from there)
    climb = STROKE_CLIMB
    previous = np.full((cells, rows + 2 * climb), -np.inf)
    previous[:, climb:-climb] = 0.0
    middle = previous[:, climb:-climb]
    best = np.empty((cells, rows))
    near = np.empty((cells, rows))
    for c in range(columns):
        np.maximum(middle, 0.0, out=best)
        for shift in range(1, climb + 1):
            # from `shift` rows above or below, at a cost per row (the larger of the two, less the cost: the same
            # as the larger of each less the cost)
            np.maximum(
                previous[:, climb - shift : climb - shift + rows],
                previous[:, climb + shift : climb + shift + rows],
                out=near,
            )
            near -= STROKE_TURN * shift
            np.maximum(best, near, out=best)
        np.add(evidence[:, c], best, out=score[:, c])
        middle[...] = score[:, c]
    return score


def _hidden_ends(
    crossed: np.ndarray,
    rows: np.ndarray,
    cell: np.ndarray,
    first: int,
    last: int,
    reach: int,
    printed: float = STROKE_PRINTED,
    overhang: int = 0,
    gaps: np.ndarray | None = None,
    free: int = 0,
) -> np.ndarray:
    """A line's ends hidden behind the name's first or last letters: a line that starts at the first letter
    shows its first ink only after it. A crossed run whose end lies within `reach` columns of the name's first
    (or last) column, with only print between at the line's height (never paper, nor the blurred edge of print
    in a gap between words), is carried on to it. A run that ends further inside the name is not: it stops in
    the middle of the name, and the name is only partly struck. The name's first or last columns that hold no
    print at the line's height (the tail of a g or a y below it, an accent above; at most `overhang` columns)
    are not a letter it must cross. `gaps` (columns × rows, read finely; see _NameCells.gaps): where a line
    at that height would show and none does; a line is not carried across one (a short name struck all but
    its last letter, the gap between the letters or the letter's own stems showing no line, was read struck),
    unless what is carried is at most `free` columns: a line that stops that close to the name's end (GAP_FREE
    of it) is drawn to about its last letter."""
    crossed = crossed.copy()
    runs = np.flatnonzero(np.diff(np.concatenate([[0], crossed.astype(np.int8), [0]])))
    for start, stop in zip(runs[::2], runs[1::2], strict=True):
        for end, target in ((int(start), first), (int(stop) - 1, last)):
            if end == target or abs(end - target) > reach or not first <= end <= last:
                continue
            row = int(rows[end])
            band = slice(max(row - 2, 0), row + 3)
            between = list(range(target, end) if target < end else range(end + 1, target + 1))
            shown = [bool(np.isin(cell[column, band], (1.0, printed)).any()) for column in between]
            open_ = [gaps is not None and bool(gaps[column, row]) for column in between]
            if target > end:  # from the name's end inwards
                shown, open_ = shown[::-1], open_[::-1]
            clear = next((i for i, seen in enumerate(shown) if seen), len(shown))
            crossing_paper = any(open_[clear:]) and len(between) > free
            if clear <= overhang and clear < len(shown) and all(shown[clear:]) and not crossing_paper:
                crossed[between] = True
    return crossed


@dataclass(frozen=True)
class _Line:
    """What one reading finds in one name cell (see _readings)."""

    share: float  # of the printed name's columns, crossed by a line
    stray_mm: float  # line in the cell off the name
    short: float  # of the name's columns on a line too short to be certain of (STROKE_SHORT)
    ends: bool  # the crossing reaches the name's first and last columns (within a millimetre)
    path: tuple[float, float, float, float] | None = None  # the crossing line (template points: x, y, x, y)
    around: bool = False  # line off the name on both sides of it (a line across the cell)
    broken: bool = False  # the crossing stops inside the name for longer than a line hides behind letters
    unseen_mm: float = 0.0  # the longest stretch of the crossing, inside the name, along which no ink shows
    ink_share: float = 0.0  # of the printed name's columns, those holding new ink at any height, line or not
    near_mm: float = 0.0  # the same in millimetres, over the name and NEAR_INK_MM either side of it
    lead_mm: float = 0.0  # millimetres of the name before the crossing starts (all of it: no crossing)
    tail_mm: float = 0.0  # and after it ends
    name_mm: float = 0.0  # the printed name's length, first letter to last (0: nothing printed in the cell)
    best: float = 0.0  # the score of the best line through the name or NEAR_INK_MM either side (STROKE_LINE, ...)


@dataclass(frozen=True)
class _Reading:
    """One way of reading the name cells' samples (see _NameCells.evidence)."""

    faint: bool = False
    halo: bool = True
    thin: bool = False
    fine: bool = False


def _readings(samples: _NameCells, cells: Sequence[int], ways: Sequence[_Reading]) -> list[list[_Line]]:
    """For each way of reading and each name cell, how much of the printed name a pen line crosses, and how
    long a line runs in the cell away from the name.

    The line is found as a line: a path across the cell, at most gently climbing, along which new ink shows
    wherever the blank page is not printed. Where it runs through a letter it is hidden behind the letter's
    own ink, so a path may cross printed samples (at a small cost) but not plain paper (at a large one). A
    column is crossed when the best path through it scores STROKE_LINE and has pen ink on both sides, so a
    line is measured from where its ink starts to where it ends, whatever the cell's width. The share is taken
    of the printed name's own width (first letter to last), not of the cell: a strike that runs from the
    name's first letter to its last crosses it all.

    Returns, for each way and each of the chosen cells, a _Line: the share of the name's columns crossed, the
    millimetres of line in the cell off the name, the share of the name's columns on a line scoring at least
    STROKE_SHORT (a line too short to be certain of, through part of the name), and whether the crossing
    reaches both ends of the name.
    """
    if not cells:
        return [[] for _ in ways]
    grids = [samples.evidence(cells, faint=way.faint, halo=way.halo, thin=way.thin, fine=way.fine) for way in ways]
    gaps = samples.gaps(cells)
    evidence = np.concatenate([grid for grid, _ in grids])
    names = np.concatenate([name for _, name in grids])
    # The best line through each sample: its score from both sides, counting the sample once; a sample is on a
    # line only if the line has gathered ink before it and goes on to more after it (both sides positive). No
    # line has gathered ink before the first column holding new ink, nor goes on to any after the last: only
    # the columns between are swept (left to right and right to left at once).
    through = np.zeros_like(evidence)
    inked = np.flatnonzero((evidence > 0).any(axis=(0, 2)))
    if inked.size:
        span = slice(int(inked[0]), int(inked[-1]) + 1)
        part = evidence[:, span]
        both = _sweep(np.concatenate([part, part[:, ::-1]]))
        forward, backward = both[: len(part)], both[len(part) :, ::-1]
        through[:, span] = np.where((forward > 0) & (backward > 0), forward + backward - part, 0.0)
    best = through.max(axis=2)
    crossed_all = best >= STROKE_LINE
    rows_all = through.argmax(axis=2)
    column_mm = STROKE_STEP_PT * STROKE_BIN / MM_PT
    slack = max(1, round(1.0 / column_mm))  # a line's ends may stop a millimetre short or run on past the name
    hidden = max(1, round(STROKE_HIDDEN_MM / column_mm))
    reach = max(1, round(UNSEEN_REACH_MM * MM_PT / STROKE_STEP_PT))
    near_ink = max(1, round(NEAR_INK_MM / column_mm))
    around_row = np.arange(-reach, reach + 1)  # the rows within UNSEEN_REACH_MM of a line's row (see unseen below)
    out = []
    for index, (crossed, name, rows, cell, score) in enumerate(
        zip(crossed_all, names, rows_all, evidence, best, strict=True)
    ):
        if not name.any():  # nothing printed in the cell: measure against the cell
            share = 1.0 if crossed.mean() >= STRUCK else float(crossed.mean())
            out.append(_Line(share, 0.0, float((score >= STROKE_SHORT).mean()), True))
            continue
        first, last = int(np.argmax(name)), int(name.size - 1 - np.argmax(name[::-1]))
        short = float((score[first : last + 1] >= STROKE_SHORT).mean())
        finely = ways[index // len(cells)].fine
        printed = FINE_PRINTED if finely else STROKE_PRINTED
        gap = gaps[index % len(cells)] if gaps is not None else None
        # Read finely, a column near the crossing's ends (within a letter's width: where a letter's edge or a
        # speck may be taken for the line's start or end) where the scan shows plain paper at the line's height is
        # not on it. (The plain readings' best row in a column may lie on a letter beside the line: there only a
        # line's carried ends stop at such a gap; and along a wavy line the best row strays from the line.)
        # Paper within GAP_FREE of the name's ends is forgiven: a line drawn to about the first or last letter.
        free = int(GAP_FREE * (last - first + 1))
        gapped = np.zeros_like(crossed)
        if gap is not None and finely and crossed.any():
            on = np.flatnonzero(crossed)
            columns = np.arange(crossed.size)
            near = (np.abs(columns - on[0]) <= hidden) | (np.abs(columns - on[-1]) <= hidden)
            near &= (columns >= first + free) & (columns <= last - free)
            gapped = gap[columns, _steady_rows(rows, crossed)] & crossed & near
        crossed = _hidden_ends(
            crossed & ~gapped, rows, cell, first, last, hidden, printed, overhang=slack, gaps=gap, free=free
        )
        share = float(crossed[first : last + 1].mean())
        # A line hidden behind letters is carried through them (above); a crossing that stops inside the name for
        # longer than that (STROKE_HIDDEN_MM) is two lines, or a line and a speck the reading took for one: not
        # one line from the name's first letter to its last. Nor is one with plain paper across it (read finely).
        inside = np.flatnonzero(crossed[first : last + 1])
        broken = bool(inside.size > 1 and int(np.diff(inside).max()) - 1 > hidden)
        if inside.size > 1:
            broken |= bool(gapped[first + int(inside[0]) : first + int(inside[-1]) + 1].any())
        off = crossed.copy()
        off[max(first - slack, 0) : last + slack + 1] = False
        ends = bool(crossed[first : first + slack + 1].any() and crossed[max(last - slack, 0) : last + 1].any())
        around = bool(off[: max(first - slack, 0)].any() and off[last + slack + 1 :].any())
        path = _path(samples, cells, index, crossed, rows)
        # where along the crossing, inside the name, its own ink shows (new ink at its row): a line through the
        # letters shows between them and in their counters; one carried between two inks, only at its ends
        # (within UNSEEN_REACH_MM of its row: the best row may lie on a letter beside the line)
        near = np.clip(rows[:, None] + around_row[None, :], 0, cell.shape[1] - 1)
        shown = (cell[np.arange(cell.shape[0])[:, None], near] > 0).any(axis=1)
        within = crossed[first : last + 1]
        dark = ~(within & ~shown[first : last + 1])
        unseen = float(_longest_false(dark) * column_mm) if within.any() else 0.0
        inked_columns = (cell[max(first - near_ink, 0) : last + near_ink + 1] > 0).any(axis=1)
        ink = float(inked_columns[min(first, near_ink) :][: last - first + 1].mean())
        near = float(inked_columns.sum() * column_mm)
        lead = float((inside[0] if inside.size else last - first + 1) * column_mm)
        tail = float((last - first - inside[-1] if inside.size else last - first + 1) * column_mm)
        out.append(
            _Line(
                share,
                float(off.sum() * column_mm),
                short,
                ends,
                path,
                around,
                broken,
                unseen,
                ink,
                near,
                lead,
                tail,
                float((last - first + 1) * column_mm),
                float(score[max(first - near_ink, 0) : last + near_ink + 1].max()),
            )
        )
    return [out[i * len(cells) : (i + 1) * len(cells)] for i in range(len(ways))]


def _longest_false(mask: np.ndarray) -> int:
    """The longest run of False in a 1-d mask."""
    edges = np.flatnonzero(np.diff(np.concatenate([[True], mask, [True]]).astype(np.int8)))
    return int((edges[1::2] - edges[::2]).max()) if edges.size else 0


def _steady_rows(rows: np.ndarray, crossed: np.ndarray, reach: int = 3) -> np.ndarray:
    """The line's row at each column: the median of the best rows of the crossed columns within `reach` of it
    (a column where the line hides behind a letter may have its best row on the letter, beside the line)."""
    steady = rows.copy()
    on = np.flatnonzero(crossed)
    if not on.size:
        return steady
    # every crossed column's window at once: the rows of its crossed neighbours, sorted, those not crossed last
    near = on[:, None] + np.arange(-reach, reach + 1)[None, :]
    inside = (near >= 0) & (near < crossed.size)
    near = np.clip(near, 0, crossed.size - 1)
    inside &= crossed[near]
    values = np.sort(np.where(inside, rows[near], np.iinfo(np.int64).max), axis=1)
    count = inside.sum(axis=1)
    at = np.arange(on.size)
    low, high = values[at, (count - 1) // 2], values[at, count // 2]
    steady[on] = ((low + high) / 2).astype(np.int64)  # np.median's mean of the middle two, truncated as int() does
    return steady


def _path(
    samples: _NameCells, cells: Sequence[int], index: int, crossed: np.ndarray, rows: np.ndarray
) -> tuple[float, float, float, float] | None:
    """The straight line through the crossed columns' best rows of the `index`-th read cell (a reading's cells
    repeat once per way), in template points from its first crossed column to its last; None if none."""
    columns = np.flatnonzero(crossed)
    if columns.size < 2:
        return None
    xs, ys = samples.grids[cells[index % len(cells)]]
    x = xs[np.minimum(columns * STROKE_BIN + STROKE_BIN // 2, xs.size - 1)]
    y = ys[np.minimum(rows[columns], ys.size - 1)]
    slope, offset = np.polyfit(x, y, 1)
    return float(x[0]), float(slope * x[0] + offset), float(x[-1]), float(slope * x[-1] + offset)


def _runs_on(
    page: _Page,
    template: dict[str, Any],
    blank: Blank,
    path: tuple[float, float, float, float],
    least: float = CREASE_RUNS_ON,
) -> bool:
    """Whether a line found through a name runs on, straight, across the sheet's margin on either side: a fold
    crease along the row (a pen line stays in its row; a crease runs from one edge of the sheet to the other).
    One side is enough: a black-and-white scanner keeps only the parts of a pale crease darker than its cut, and
    the lamp lights one side of the sheet less, so a crease may vanish on one side of the table (three of four
    creases read as strikes on 1-bit bench pages showed in one margin only). A voter's line that overshoots the
    table stops within a few millimetres; this one must run on along `least` of the margin (CREASE_RUNS_ON, or
    CREASE_RUNS_ON_WEAK for a line only a second reading sees whole).
    The line is carried on beyond the printed table to CREASE_EDGE_MM from the sheet's edges, through the middle
    of the line found, at its slope or up to CREASE_TILT steeper or flatter, in steps that move its far end by
    half a millimetre (a slope measured over a short name, or over a thin line a fine reading follows from row
    to row, was seen off by 1°); it runs on where a faint trace lies within a millimetre of it, on blank paper,
    along `least` of the margin on a side."""
    x0, y0, x1, y1 = path
    if x1 - x0 < 1.0:
        return False
    slope = (y1 - y0) / (x1 - x0)
    middle = ((x0 + x1) / 2, (y0 + y1) / 2)
    width, _ = template["size"]
    edge, step = CREASE_EDGE_MM[0] * MM_PT, CREASE_STEP_MM * MM_PT
    xs = np.arange(edge, width - edge, step)
    offsets = np.arange(-1.0, 1.01, 0.5) * MM_PT

    def band(tilts: np.ndarray, where: np.ndarray) -> np.ndarray:
        """The samples along the line at each of `tilts` over the part `where` of `xs`, `offsets` across each
        sample: tilts × samples × offsets points, flattened."""
        along = xs[where]
        ys = middle[1] + tilts[:, None] * (along - middle[0])[None, :]
        ys = ys[:, :, None] + offsets[None, None, :]
        return np.column_stack([np.broadcast_to(along[None, :, None], ys.shape).ravel(), ys.ravel()])

    everywhere = np.ones(xs.size, dtype=bool)
    printed = np.asarray(
        blank.printed(band(np.array([slope]), everywhere), near=True).reshape(xs.size, offsets.size).any(axis=1)
    )
    if not printed.any():
        return False
    first, last = int(np.argmax(printed)), int(printed.size - 1 - np.argmax(printed[::-1]))
    sides = (np.arange(xs.size) < first, np.arange(xs.size) > last)
    for side in sides:
        samples = int(side.sum())
        if samples * CREASE_STEP_MM < CREASE_SIDE_MM:
            continue
        far = float(np.abs(xs[side] - middle[0]).max())
        steps = int(np.ceil(2 * CREASE_TILT * far / (0.5 * MM_PT))) + 1
        tilts = slope + np.linspace(-CREASE_TILT, CREASE_TILT, steps)
        points = band(tilts, side)  # every tilt at once
        grey, inside = page.grey_mean(points, CREASE_GRAIN_MM * MM_PT)
        paper = inside & ~blank.printed(points, near=True)
        core = np.where(paper, grey, 255.0).reshape(steps, samples, offsets.size).min(axis=2)
        if float((core < CREASE_SHARE * page.paper).mean(axis=1).max()) >= least:
            return True
    return False


def _crease_like(
    page: _Page, template: dict[str, Any], blank: Blank, path: tuple[float, float, float, float], whole: bool
) -> bool:
    """Whether a line read as striking a name may be a fold crease along the row, for a person to decide:
    - on a 1-bit scan, it is thinner than any pen and even (`_thin_grey`, THIN_EVEN);
    - it runs on across a margin (`_runs_on`) along CREASE_RUNS_ON of it, or along CREASE_RUNS_ON_WEAK where
      the evidence is weaker: the plain reading does not see the line `whole` by itself (a second reading
      confirmed it), or the line is as pale as a crease (PALE_LINE)."""
    found = _darkest(page, blank, path)
    darkest, spread = found if found is not None else (0.0, 0.0)
    # (a crease's core a 1-bit scanner keeps is one even line; a dithered pen line is dots, grey by turns)
    if page.bilevel and darkest >= _thin_grey(page, path) * page.paper and spread <= THIN_EVEN * page.paper:
        return True
    pale = darkest >= PALE_LINE * page.paper
    return _runs_on(page, template, blank, path, CREASE_RUNS_ON if whole and not pale else CREASE_RUNS_ON_WEAK)


def _crease_left_out(
    page: _Page, template: dict[str, Any], blank: Blank, line: _Line, judged: dict[tuple[float, ...], bool]
) -> _Line:
    """`line` without its length off the name where all of it is off the name (it crosses less than NOT_STRUCK
    of it) and it is crease-like (`_crease_like`, as for a line seen whole: a line as dark as a pen must run on
    along CREASE_RUNS_ON of a margin, not a few millimetres past the table's rule): see measure. `judged`: the
    paths already judged on this page (the readings of a name often find the same line)."""
    if line.stray_mm < STRAY_MM or line.share >= NOT_STRUCK or line.path is None:
        return line
    crease = judged.get(line.path)
    if crease is None:
        crease = judged[line.path] = _crease_like(page, template, blank, line.path, whole=True)
    return replace(line, stray_mm=0.0) if crease else line


def _thin_grey(page: _Page, path: tuple[float, float, float, float]) -> float:
    """The least grey (a share of the paper's) of a line thinner than THIN_MM on a 1-bit scan as the pipeline
    smooths it (each pixel the mean of its 3 × 3 neighbourhood): a line k pixels wide is at its darkest
    1 - k/3 of the paper's grey; a line as wide as THIN_MM or wider, darker."""
    x0, y0, _, _ = path
    ends = apply(page.transform, np.array([[x0, y0], [x0 + MM_PT, y0]]))
    per_mm = float(np.hypot(*(ends[1] - ends[0])))
    widest = max(1, math.ceil(THIN_MM * per_mm) - 1)  # the widest line, in whole pixels, thinner than THIN_MM
    return 1 - widest / 3 - THIN_SLACK


def _darkest(page: _Page, blank: Blank, path: tuple[float, float, float, float]) -> tuple[float, float] | None:
    """How dark a line found through a name is where it crosses blank paper (between and beside the letters):
    the median along it of its darkest grey across, within PALE_REACH_MM of its path, and how much that varies
    along it (the spread of its middle half); None where too little of it (PALE_LEAST samples) lies clear of
    print."""
    x0, y0, x1, y1 = path
    if x1 - x0 < 1.0:
        return None
    xs = np.arange(x0, x1, PALE_STEP_MM * MM_PT)
    across = np.arange(-PALE_REACH_MM, PALE_REACH_MM + 1e-9, PALE_STEP_MM) * MM_PT
    ys = y0 + (xs - x0) * ((y1 - y0) / (x1 - x0))
    points = np.column_stack([np.repeat(xs, across.size), (ys[:, None] + across[None, :]).ravel()])
    grey, inside = page.grey_at(points)
    clear = (inside & ~blank.printed(points, near=True)).reshape(xs.size, across.size).all(axis=1)
    if int(clear.sum()) < PALE_LEAST:
        return None
    darkest = grey.reshape(xs.size, across.size)[clear].min(axis=1)
    low, middle, high = np.percentile(darkest, (25, 50, 75))
    return float(middle), float(high - low)


def _crossed(line: _Line, *, off_one_side: bool = False) -> bool:
    """Whether a second reading's line strikes the name: across it from its first letter to its last, as one
    line (see _Line.broken), and no line off the name unless on both sides of it (a line across the cell) or
    `off_one_side`. A line that runs on past one end of the name only may start inside it: where it enters the
    letters a second reading may see it start early."""
    off = off_one_side or line.stray_mm < STRAY_MM or line.around
    return not line.broken and line.share >= STRUCK and line.ends and off


def _both_whole(edge: _Line, finely: _Line) -> bool:
    """Whether the reading without the halo and the fine one both cross the name from its first letter to its
    last as one line, whatever runs on past it on one side: a line drawn from the name's first letter on to the
    cell's right rule. Neither sees a line that starts inside the name start early at once (see measure)."""
    return _crossed(edge, off_one_side=True) and _crossed(finely, off_one_side=True)


def _both_short_mm(a: _Line, b: _Line) -> float:
    """How far before the same end of the name two readings both lose their line: the larger, over the name's two
    ends, of the nearer of their two stops (millimetres)."""
    return max(min(a.lead_mm, b.lead_mm), min(a.tail_mm, b.tail_mm))


def _fine_confirms(line: _Line, edge: _Line, finely: _Line, *, bilevel: bool = False) -> bool:
    """Whether the fine reading (`finely`) confirms as a strike a line the plain reading (`line`) finds along
    FINE_CONFIRM of a name or more: it crosses the name from its first letter to its last (or, where the reading
    without the halo does, all but the last or first few millimetres: _fine_nearly), and where the plain
    reading and the one without the halo (`edge`) both stop FINE_ALONE_MM or more short of one end, it sees the
    line in FINE_ALONE_SHARE of the name's columns; where they stop FINE_CARRIED_MM or more short, its line shows
    its own ink along the name with no gap of FINE_CARRIED_UNSEEN_MM and scores STROKE_SHORT along FINE_CARRIED_SURE
    of it. On a 1-bit page (`bilevel`) the reading without the halo vouches for nothing: where the plain reading
    alone stops short, the same holds, and the fine reading must reach both ends. Whatever the others see, the fine
    reading's line scores STROKE_SHORT along FINE_SURE of the name (see measure)."""
    short = max(line.lead_mm, line.tail_mm) if bilevel else _both_short_mm(line, edge)
    both = _both_whole(edge, finely)
    return (
        max(line.share, line.short) >= FINE_CONFIRM
        and finely.short >= FINE_SURE
        and (line.stray_mm < STRAY_MM or line.around or both)
        and (_crossed(finely) or both or (not bilevel and _crossed(edge) and _fine_nearly(finely)))
        and (short < FINE_ALONE_MM or finely.share >= FINE_ALONE_SHARE)
        and (
            short < FINE_CARRIED_MM or (finely.unseen_mm < FINE_CARRIED_UNSEEN_MM and finely.short >= FINE_CARRIED_SURE)
        )
    )


def _fine_nearly(finely: _Line) -> bool:
    """Whether the fine reading's line crosses a name all but its last or first few millimetres: _whole_but
    FINE_NEARLY_MM and FINE_NEARLY_PART of it. The fine reading loses a line's end inside the last letter (2.1-3.2 mm
    early on true strikes), where the letter's own strokes hide it (see measure)."""
    return _whole_but(finely, FINE_NEARLY_MM, FINE_NEARLY_PART)


def _whole_but(line: _Line, mm: float, part: float) -> bool:
    """Whether a reading's line crosses NEARLY_WHOLE of a name as one line, with no line off the name unless on both
    sides, leaving at most `mm` millimetres and `part` of the name at its two ends together."""
    left = line.lead_mm + line.tail_mm
    return (
        line.share >= NEARLY_WHOLE
        and not line.broken
        and (line.stray_mm < STRAY_MM or line.around)
        and left <= mm
        and left <= part * line.name_mm
    )


def _both_cross(edge: _Line, finely: _Line, *, bilevel: bool = False) -> bool:
    """Whether the reading without the halo (`edge`) and the fine one (`finely`) both cross a name the plain reading
    keeps: the first from its first letter to its last, the fine one too or, off a 1-bit page, all but the last or
    first few millimetres (_fine_nearly; see measure)."""
    return _both_whole(edge, finely) or (_crossed(edge) and not bilevel and _fine_nearly(finely))


def _fine_carried(line: _Line, edge: _Line, finely: _Line) -> bool:
    """Whether the fine reading crosses a name (STRUCK of it, to both ends) the plain reading (`line`) does not strike,
    carrying its line FINE_CARRIED_MM or more past where the plain reading and the one without the halo (`edge`) both
    lose it (see measure)."""
    return finely.share >= STRUCK and finely.ends and _both_short_mm(line, edge) >= FINE_CARRIED_MM


def _plain_alone(edge: _Line, finely: _Line) -> bool:
    """Whether, of a line the plain reading strikes a name with, the reading without the halo (`edge`) and the fine
    one (`finely`) both see PLAIN_ALONE_SEEN of the name or more and both lose it FINE_ALONE_MM or more before the
    same end: the plain reading alone carries it there (see measure)."""
    return min(edge.share, finely.share) >= PLAIN_ALONE_SEEN and _both_short_mm(edge, finely) >= FINE_ALONE_MM


def _broken_alone(line: _Line, finely: _Line) -> bool:
    """Whether the plain reading strikes a name (`line`) only by joining pieces of line (_Line.broken) that the fine
    reading (`finely`) does not see reach one of its ends: it loses the line BROKEN_SHORT_MM or more before the name's
    first or last letter (see measure)."""
    return line.broken and max(finely.lead_mm, finely.tail_mm) >= BROKEN_SHORT_MM


def _short_trace(edge: _Line, finely: _Line) -> bool:
    """Whether the reading without the halo (`edge`) and the fine one (`finely`) find a trace of a short line
    through a name that no reading finds a line through: the fine reading a line scoring TRACE_FINE (two columns of
    its ink, net of the print it runs behind) where the other finds TRACE_EDGES (a column of new ink), or the other
    alone TRACE_ALONE: a pale line in the blurred edges of the letters, which the fine reading does not take for ink
    (see measure)."""
    return (finely.best >= TRACE_FINE and edge.best >= TRACE_EDGES) or edge.best >= TRACE_ALONE


def _nearly_whole(line: _Line, *, bilevel: bool = False) -> bool:
    """Whether a reading's line crosses a name from about its first letter to its last without reaching both ends:
    _whole_but NEARLY_WHOLE_MM (NEARLY_WHOLE_BILEVEL_MM on a 1-bit page) and NEARLY_WHOLE_PART of it, on a name
    NEARLY_WHOLE_NAME_MM long at least (a line stopped, or faded out, inside the first or last letter; see measure)."""
    limit = NEARLY_WHOLE_BILEVEL_MM if bilevel else NEARLY_WHOLE_MM
    return line.name_mm >= NEARLY_WHOLE_NAME_MM and _whole_but(line, limit, NEARLY_WHOLE_PART)


def _traced(line: _Line) -> dict[str, Any]:
    """A reading of one name as plain data, for a trace (see measure)."""
    fields = dict(vars(line))
    fields.pop("path")
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in fields.items()}


def _clean(line: _Line) -> bool:
    """Whether a reading finds no line at all through the name, certain or short."""
    return line.share < NOT_STRUCK and line.short < NOT_STRUCK


def _doubtful(coverage: float) -> float:
    """A share struck that only a second reading sees: within the band where a person decides."""
    return max(min(coverage, STRUCK - 0.01), NOT_STRUCK)


def _new_ink(page: _Page, points: np.ndarray, blank: Blank | None, *, near: bool = False, faint: bool = False) -> float:
    dark, _ = page.dark(points, faint=faint)
    if blank is None:
        return float(dark.mean())
    free = ~blank.printed(points, near=near)
    if not free.any():
        return 0.0
    return float((dark & free).sum() / free.sum())


def _seal(page: _Page, template: dict[str, Any], blank: Blank) -> tuple[tuple[float, float], float] | None:
    """Where the committee's seal is, as a disc (centre and radius in points), or None if there is none.

    A seal is round, SEAL_MM_MAX across at most, and pressed over the stamp zone (the organisation's name at the
    top left), often running past it (above it, over the page's header). Its ink is found around the zone:
    the new ink there, gathered round its middle, gives the disc; ink further out is not the seal.
    """
    x, y, w, h = template["stamp"]
    reach = SEAL_MM_MAX / 2 * MM_PT
    step = 1.0 * MM_PT
    width, height = template["size"]
    xs = np.arange(max(x - reach, 0), min(x + w + reach, width), step)
    ys = np.arange(max(y - reach, 0), min(y + h + reach, height), step)
    gx, gy = np.meshgrid(xs, ys)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    dark, inside = page.dark(points)
    ink = points[dark & inside & ~blank.printed(points, near=True)]
    in_zone = (ink[:, 0] >= x) & (ink[:, 0] <= x + w) & (ink[:, 1] >= y) & (ink[:, 1] <= y + h)
    if in_zone.sum() < SEAL_SAMPLES:
        return None
    centre = np.median(ink[in_zone], axis=0)
    for _ in range(3):  # settle on the disc: the ink within a seal's reach of its middle
        near = ink[np.hypot(*(ink - centre).T) <= reach]
        if len(near) < SEAL_SAMPLES:
            return None
        centre = (near.min(axis=0) + near.max(axis=0)) / 2  # a ring's middle is the middle of its extent
    near = ink[np.hypot(*(ink - centre).T) <= reach]
    radius = float(np.percentile(np.hypot(*(near - centre).T), 98)) + 1.5 * MM_PT
    return (float(centre[0]), float(centre[1])), min(radius, reach + 1.5 * MM_PT)


def _seal_border(page: _Page, template: dict[str, Any], blank: Blank) -> tuple[float, tuple[float, float] | None]:
    """How much of a round seal's border shows round the stamp zone (0 when there is no round seal), and the
    border's centre (None when none was measured).

    The border is found as a circle (SEAL_RADII_MM) through the new ink round the zone (traces count: a red seal
    is pale on a grey scan): each sample of ink votes for the centres of the circles of each radius through it,
    and the circle with the most votes is the seal's border (its outer ring, or the inner one). Its share is the
    share of SEAL_RING_SECTORS directions round the centre, among those where the circle lies on the image clear
    of the print, that hold ink within a millimetre of it. A seal's border is a circle all round; a signature, an
    underline or a circle drawn by hand round the organisation's name is not.
    """
    x, y, w, h = template["stamp"]
    low, high = (r * MM_PT for r in SEAL_RADII_MM)
    step = SEAL_STEP_MM * MM_PT
    width, height = template["size"]
    xs = np.arange(max(x - high, 0), min(x + w + high, width), step)
    ys = np.arange(max(y - high, 0), min(y + h + high, height), step)
    gx, gy = np.meshgrid(xs, ys)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    dark, inside = page.dark(points, faint=True)
    ink = points[dark & inside & ~blank.printed(points, near=True)]
    if len(ink) < SEAL_BORDER_SAMPLES:
        return 0.0, None
    # votes: for each radius, the centres on a circle of that radius round each sample (cells of 2 steps)
    radii = np.arange(low, high + step, 2 * step)
    turns = np.linspace(0, 2 * math.pi, 48, endpoint=False)
    cell = 2 * step
    columns, rows = math.ceil((xs[-1] - xs[0] + 2 * high) / cell) + 1, math.ceil((ys[-1] - ys[0] + 2 * high) / cell) + 1
    origin = np.array([xs[0] - high, ys[0] - high])
    offsets = (radii[:, None, None] * np.stack([np.cos(turns), np.sin(turns)], axis=-1)[None]).reshape(-1, 2)
    radius_of = np.repeat(np.arange(radii.size), turns.size)
    voters = ink[:: max(1, len(ink) // SEAL_VOTERS)]
    # each axis apart (voters × votes), worked in place: numpy is slow along a last axis of two
    along = []
    for axis, top in ((0, columns - 1), (1, rows - 1)):
        where = np.ascontiguousarray(voters[:, axis])[:, None] + np.ascontiguousarray(offsets[:, axis])[None, :]
        where -= origin[axis]
        where /= cell
        at = np.floor(where, out=where).astype(np.intp)
        _clamp(at, top)  # (a rounding at the grid's edge must not fall off it)
        along.append(at)
    votes = along[1]
    votes += radius_of[None, :] * rows
    votes *= columns
    votes += along[0]
    tally = np.bincount(votes.ravel(), minlength=radii.size * rows * columns)
    best = int(np.argmax(tally))
    which, rest = divmod(best, rows * columns)
    row, column = divmod(rest, columns)
    centre = origin + (np.array([column, row]) + 0.5) * cell
    radius = float(radii[which])
    # the border's share: directions round the centre holding ink within a millimetre of the circle
    per_sector = 4
    angles = np.arange(SEAL_RING_SECTORS * per_sector) * (2 * math.pi / (SEAL_RING_SECTORS * per_sector))
    band = radius + np.linspace(-1.0, 1.0, 7) * MM_PT
    ga, gr = np.meshgrid(angles, band)  # band × angles
    ring = np.column_stack([centre[0] + (gr * np.cos(ga)).ravel(), centre[1] + (gr * np.sin(ga)).ravel()])
    dark, inside = page.dark(ring, faint=True)
    clear = inside & ~blank.printed(ring, near=True)
    sector = np.tile(np.arange(angles.size) // per_sector, band.size)
    seen = np.bincount(sector, weights=clear, minlength=SEAL_RING_SECTORS) > 0
    inked = np.bincount(sector, weights=dark & clear, minlength=SEAL_RING_SECTORS) > 0
    if seen.sum() < SEAL_RING_SECTORS // 2:
        return 0.0, None
    return float(inked.sum() / seen.sum()), (float(centre[0]), float(centre[1]))


def _extra(
    page: _Page,
    template: dict[str, Any],
    blank: Blank,
    seal: tuple[tuple[float, float], float] | None,
    ring: tuple[tuple[float, float], float] | None = None,
) -> tuple[int, tuple[float, float] | None]:
    """New ink outside every region, the QR, the marks and the stamp zone: writing added to the ballot. `seal`:
    the seal's disc (_seal); `ring`: its border, where one was found round most of it (_seal_border): all within
    half the widest seal's width of the border's middle is the seal.

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
    grid_keep = keep.reshape(ys.size, xs.size)  # (a view: the points are the grid's rows one after another)

    def clear(rect: Sequence[float], pad_x: float, pad_y: float) -> None:
        # the points within the rectangle are a block of the grid: xs and ys rise
        x, y, w, h = rect
        left, right = np.searchsorted(xs, x - pad_x, "left"), np.searchsorted(xs, x + w + pad_x, "right")
        top, bottom = np.searchsorted(ys, y - pad_y, "left"), np.searchsorted(ys, y + h + pad_y, "right")
        grid_keep[top:bottom, left:right] = False

    for rect in template["registration"]:
        clear(rect, pad, pad)
    clear(template["qr"], 12 * MM_PT, 10 * MM_PT)  # the QR and the check code printed above it
    clear(template["stamp"], pad, pad)
    for disc in (seal, ring):  # the committee's round seal, pressed over the stamp zone and past it
        if disc is not None:
            (cx, cy), radius = disc
            keep[np.hypot(points[:, 0] - cx, points[:, 1] - cy) <= radius] = False
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
    image: Image.Image | np.ndarray,
    page: dict[str, Any],
    found: FoundCode,
    dpi: float | None = None,
    *,
    scan: Scan | None = None,
) -> np.ndarray | Unreadable:
    """The homography from template points to image pixels, or why the page cannot be aligned. `scan`: the
    page's own figures, when already worked out (see Scan)."""
    grey = np.asarray(image) if isinstance(image, Image.Image) else image
    scan = scan if scan is not None and scan.grey is grey else Scan(grey)
    first = fit_affine(_corners(page["qr"]), found.corners)
    scale = float(np.linalg.norm(found.corners[1] - found.corners[0]) / page["qr"][2])  # pixels per point
    marks_template = np.array([_centre(r) for r in page["registration"]])
    ink = _Ink(grey, scan.level, scan.streak)  # a streak would pull a mark's centre
    # The QR alone predicts the far corners poorly on a page scanned in perspective: look for the marks
    # nearest the QR first, and let every mark found sharpen the prediction of the next.
    nearest = np.argsort(np.linalg.norm(marks_template - _centre(page["qr"]), axis=1))
    found_marks: dict[int, np.ndarray] = {}
    guide = first
    for index in (int(i) for i in nearest):
        size = page["registration"][index][2] * scale
        guess = apply(guide, marks_template[index][None, :])[0]
        mark = _find_mark(ink, guess, SEARCH_MM * MM_PT * scale, size)
        if mark is None:  # further off than the search reaches, or other ink close by: look wider for the square
            mark = _find_square(ink, guess, WIDE_SEARCH_MM * MM_PT * scale, size)
        if mark is None:
            return Unreadable(Reason(ReasonCode.MARKS_MISSING))
        found_marks[index] = _settle(ink, mark, size)
        done = list(found_marks)
        guide = fit_affine(
            np.vstack([_corners(page["qr"]), marks_template[done]]),
            np.vstack([found.corners, np.asarray([found_marks[i] for i in done])]),
        )
    marks_image = [found_marks[i] for i in range(len(marks_template))]
    source = np.vstack([marks_template, _corners(page["qr"])])
    target = np.vstack([np.asarray(marks_image), found.corners])
    transform = fit_homography(source, target)
    misfit = float(np.max(np.linalg.norm(apply(transform, source) - target, axis=1))) / scale / MM_PT
    if misfit > MAX_FIT_MM:
        return Unreadable(Reason(ReasonCode.PAGE_WARPED, mm=round(misfit, 1)))
    skew = _skew(transform)
    if skew > MAX_SKEW_DEG:
        return Unreadable(Reason(ReasonCode.PAGE_SKEWED, degrees=round(skew, 1), max_degrees=MAX_SKEW_DEG))
    if dpi is not None:
        across = float(np.linalg.norm(np.asarray(marks_image[1]) - np.asarray(marks_image[0])))
        expected = float(np.linalg.norm(marks_template[1] - marks_template[0])) * dpi / 72
        ratio = across / expected
        if not PRINT_SCALE[0] <= ratio <= PRINT_SCALE[1]:
            return Unreadable(Reason(ReasonCode.PRINT_SCALE, share=ratio, low=PRINT_SCALE[0], high=PRINT_SCALE[1]))
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
    *,
    strikes: bool = True,
    scan: Scan | None = None,
    trace: list[dict[str, Any]] | None = None,
) -> SheetReading | Unreadable:
    """Score every region of an aligned page. Without `blank`, only boxes are scored (their insides are
    blank paper); name rows, writing, the stamp and extra ink need the page as printed. With `strikes` false
    (a grid ballot, where the names are only printed rows and a line through one is not a vote), name rows
    are not measured. `scan`: the page's own figures, when already worked out (see Scan). `trace`: a list to
    which each name row's readings are added, as plain data (see pipeline.TRACE_ENV)."""
    grey = np.asarray(image) if isinstance(image, Image.Image) else image
    sheet = _Page(scan if scan is not None and scan.grey is grey else Scan(grey), transform)
    if blank is not None:
        sheet.creases = find_creases(sheet, page, blank)
    boxes: list[BoxScore] = []
    names: list[StrikeScore] = []
    writing: list[WritingScore] = []
    box_regions = [r for r in page["regions"] if r["kind"] == "box"]
    halos = _halos(sheet, [r["rect"] for r in box_regions], blank) if blank is not None else [0.0] * len(box_regions)
    for region, halo in zip(box_regions, halos, strict=True):
        inner = _grid(region["rect"], 0.2, SAMPLES, SAMPLES)
        dark, inside = sheet.dark(inner)
        if not inside.all():
            return Unreadable(Reason(ReasonCode.REGION_OUTSIDE))
        fill = float(dark.mean())
        if fill < EMPTY and float(sheet.dark(inner, faint=True)[0].mean()) >= EMPTY:
            fill = EMPTY  # pale ink, too faint to read: not certainly empty
        elif fill < EMPTY and not sheet.bilevel and blank is not None:
            # pale ink on a grainy scan, seen where the grey is averaged over nine pixels: the same, unless it is
            # one thin line running on beyond the box (a crease or a streak the searches for them missed)
            pale = sheet.smoothed_dark(inner)[0]
            if float(pale.mean()) >= EMPTY and not _line_across(
                sheet, blank, region["rect"], inner, pale, smoothed=True
            ):
                fill = EMPTY
        # A crease through the row that the crease search missed: a person decides, whatever its fill.
        across = fill >= EMPTY and blank is not None and _line_across(sheet, blank, region["rect"], inner, dark)
        boxes.append(BoxScore(region["row"], region["col"], fill, halo, across))
    name_regions = [r for r in page["regions"] if r["kind"] == "name"] if blank is not None and strikes else []
    if blank is not None and name_regions:
        samples = _NameCells(sheet, [r["rect"] for r in name_regions], blank)
        every = range(len(name_regions))
        # Every way of reading every name at once (a line is swept along the cells once, not once per way); each
        # cell's readings are its own, whatever else is read beside it. Which are looked at is decided below.
        ways = (_Reading(), _Reading(halo=False), _Reading(fine=True), _Reading(thin=True), _Reading(faint=True))
        plain, edges_all, fine_all, thin_all, faint_all = _readings(samples, every, ways)
        # A line in a name cell off the name (a person looks at one: STRAY_MM) that runs on across the sheet's
        # margin is a fold crease along the row that the crease search missed (a 1-bit scanner cuts a pale crease
        # into dashes), not a voter's line: it is left out. A crease slightly aslant runs through the empty part
        # of the cell, past a short name, and 12 such rows on four bench seeds went to a person, 11 on 1-bit pages.
        judged: dict[tuple[float, ...], bool] = {}
        plain, edges_all, fine_all, thin_all, faint_all = (
            [_crease_left_out(sheet, page, blank, line, judged) for line in lines]
            for lines in (plain, edges_all, fine_all, thin_all, faint_all)
        )
        scores = [
            StrikeScore(region["row"], line.share, line.stray_mm, line.ends)
            for region, line in zip(name_regions, plain, strict=True)
        ]
        # A strike the plain reading finds only by carrying its line on where it does not see it (behind letters,
        # over CARRY_DOUBT of the name or more) is not certain when the fine reading, which sees the letters' gaps and
        # counters, finds the line stopping short of the name's first or last letter: a short name struck all but
        # its last letter ("Bùi Â|n") was read struck. A person decides. (Over 914 strikes read by the plain
        # reading on four bench sets, this held for that one name only.)
        doubted = set()  # names sent to a person by the rules that follow: not struck again by another reading
        if samples.expected is not None:
            for i, (score, line, finely) in enumerate(zip(scores, plain, fine_all, strict=True)):
                if score.state == "struck" and line.share - line.short >= CARRY_DOUBT and not finely.ends:
                    scores[i] = StrikeScore(score.row, _doubtful(score.coverage), score.stray_mm)
                    doubted.add(i)
        # A strike the plain reading finds is not certain where its line's own ink shows nowhere along much of
        # the name (`_Line.unseen_mm`): the plain reading, and the one without the halo, carry a line on behind
        # print (the letters, a rule's blurred edge) between inks that need not be one line. The ends of a thick
        # X over the next name, where they cross the rule into this row, were joined along the rule into a strike
        # of an unmarked name: 17.5-24 mm unseen (true strikes on 286 bench names: at most 14, median 4). A person
        # decides where UNSEEN_MM is unseen, or UNSEEN_DOUBT_MM and the fine reading, which sees the letters' gaps
        # and counters, does not find the line across the name (STRUCK of it, to both its ends, as one line; on
        # the X's neighbours it found 0.13-0.22; under a felt-tip X over the first half of a name whose last
        # letters a neighbour's X reaches, 0.84 to both ends but broken in two, with 17 mm unseen). The fine
        # reading alone does not decide: it takes no ink taller than a pen line, and misses hatching, zigzags and
        # felt-tip diagonals that are true strikes.
        # (Such a name is not struck again by the fine reading's confirmation below.)
        for i, score in enumerate(scores):
            finely = fine_all[i]
            unseen = plain[i].unseen_mm
            doubt = samples.expected is not None and not (finely.share >= STRUCK and finely.ends and not finely.broken)
            if score.state == "struck" and ((doubt and unseen >= UNSEEN_DOUBT_MM) or unseen >= UNSEEN_MM):
                scores[i] = StrikeScore(score.row, _doubtful(score.coverage), score.stray_mm)
                doubted.add(i)
        # A strike the plain reading finds is not certain where the reading without the halo and the fine one both
        # see its line but both lose it FINE_ALONE_MM or more before the same end (_plain_alone): the plain reading
        # carried it on there alone. A felt-tip diagonal over the first half of "Âu Minh Sơn" (strike probe, seed 2,
        # 150 dpi colour) was read struck: the plain reading to both ends with 11.6 mm unseen, the other two 0.57
        # and 0.55 of the name, both 11.6 mm short of its end. Of 7,238 true strikes the plain reading struck on six
        # bench_voters runs (seeds 67, 81, 85, 87, 95, 99) and that probe, none had both lose the line so: one
        # ruled hatching neither of them sees at all (0.0) is left to the plain reading, which reads hatching.
        for i, score in enumerate(scores):
            if score.state == "struck" and _plain_alone(edges_all[i], fine_all[i]):
                scores[i] = StrikeScore(score.row, _doubtful(score.coverage), score.stray_mm)
                doubted.add(i)
        # A strike the plain reading finds by joining pieces of line (_Line.broken: the crossing stops inside the name
        # for longer than a line hides behind letters) is not certain where the fine reading loses the line
        # BROKEN_SHORT_MM or more before one of the name's ends (_broken_alone): on a partial-strike run (seed 107,
        # --partials 0.5) two lines through 60-80 % of a name (200 dpi 1-bit and 300 dpi grey, moderate wear) were read
        # struck with certainty, the plain reading joining the line to letters' strokes past it ("Thái Đức| Hải", the
        # H's bar; "Trị|nh Đức Nghĩa"; 0.84 and 0.88 of the name, broken), the fine one losing it 10.1 and 7.9 mm before
        # the end. On the name traces of 95 bench runs, of 491 true strikes the plain reading struck with a broken line,
        # the fine reading lost none more than 2.1 mm before an end; 11 partial strikes read so, 7.9 mm or more.
        for i, score in enumerate(scores):
            if samples.expected is not None and score.state == "struck" and _broken_alone(plain[i], fine_all[i]):
                scores[i] = StrikeScore(score.row, _doubtful(score.coverage), score.stray_mm)
                doubted.add(i)
        # The readings that follow, of every name not read as struck: without the halo and fine. The fine
        # reading may strike a name only on a page where it crosses no name that both the plain reading and the
        # one without the halo find clean: on a worn, blurred or noisy scan it can draw a line through names
        # nobody marked (seen on strongly worn 150 dpi pages), and there it only sends names to a person.
        open_ = [i for i, score in enumerate(scores) if score.state != "struck"]
        edges_of, fine_of = ({i: lines[i] for i in open_} for lines in (edges_all, fine_all))
        # (any line along a clean name counts here, even one broken in two or short of the name's ends: it shows
        # the fine reading unsure on this page. A 1-bit 150 dpi page's fine reading ran along 0.87 of a clean name,
        # short of an end, and on the same page carried a diagonal through one word of another on through the
        # whole of it: struck with certainty.)
        trusted = not any(fine_of[i].share >= STRUCK and _clean(plain[i]) and _clean(edges_of[i]) for i in open_)
        # Nor, on a coarse page (under CARRIED_PAGE_PX scan pixels a point: 150 dpi), where the fine reading alone
        # carries a line FINE_CARRIED_MM or more past where the other two lose it on CARRIED_PAGE names or more
        # (_fine_carried): on a strongly worn 150 dpi colour page of seed 111 (--partials 0.5, not tuned on before)
        # it carried three partial strikes (35-80 % of the name) and a fourth on a grey page to both ends through the
        # scan's noise, scoring along 0.97-1.0 of them, and they were read struck with certainty; the pages had 5 and 4
        # such names. On the name traces of 100 bench runs (19,185 pages at 150 dpi), 828 pages had four or more, most
        # of them pages of the partial-strike runs; 49 true strikes the fine reading struck there now go to a person
        # (on full-mix runs, 10 names on seed 85, all strongly worn), and 6 partial strikes read struck with certainty.
        coarse = _pixels_per_point(sheet.transform, np.zeros((1, 2))) < CARRIED_PAGE_PX
        if coarse and sum(_fine_carried(plain[i], edges_of[i], fine_of[i]) for i in open_) >= CARRIED_PAGE:
            trusted = False
        # A name along most of which the plain reading finds a line, but not certainly a strike (the line hidden
        # behind the letters in places, or its ends), and which the fine reading crosses from the name's first
        # letter to its last, is a strike. Where the plain reading and the one without the halo both stop
        # FINE_ALONE_MM or more short of one end, the fine reading alone carries the line there, and it must see
        # it in FINE_ALONE_SHARE of the name's columns: on a dithered 1-bit 150 dpi page it carried a line through
        # 60-80 % of a name on to its end through the dots round the letters (two names on seed 95, fine 0.91 and
        # 0.95, 9 mm left at an end by both other readings), a silent error. Of 1,322 true strikes struck without
        # the plain reading on five traced runs (seeds 67, 81, 85, 95, 99), 5 go to a person by this rule. Where the
        # two lose it FINE_CARRIED_MM or more early, the fine reading's line must show ink of its own along the name
        # with no gap of FINE_CARRIED_UNSEEN_MM: on a run with many partial strikes (seed 102, 150 dpi) it carried
        # ten of them (60-80 % of the name) across the rest, 0.96-1.0 of it, through 3.2-8.5 mm without any; of 415
        # true strikes confirmed so on nine traced runs, 10 had such a gap and now go to a person. Nor where its line
        # scores STROKE_SHORT along less than FINE_CARRIED_SURE of the name: partial strikes it carried 6.9 and 4.8 mm
        # with ink showing (seed 103, 1-bit; seed 102, a 19.6 mm name) scored so along 0.81 and 0.865 of it; 3 of
        # 466 true strikes confirmed so on ten traced runs scored under 0.87. (FINE_CARRIED_MM was 4 mm until seed
        # 104 read struck a 60-80 % partial strike, 1-bit 150 dpi, that the other two lost 3.7 mm early: fine 0.82.)
        # Where the reading without the halo crosses the name whole, the fine reading may leave FINE_NEARLY_MM and
        # FINE_NEARLY_PART of it at its ends (_fine_nearly): it loses a line's end inside the last letter, 2.1-3.2 mm
        # early, on true strikes stopped there ("short") or drawn through the letters' feet; 60 such on 16 traced
        # runs went to a person. Of the partial strikes that reading carried to both ends, the fine reading left 3.7 mm
        # of a 14.8 mm name (1-bit: a quarter of it), and off 1-bit pages 4.8 mm or more.
        # On a 1-bit page the reading without the halo vouches for nothing: the scanner's cut thickens the letters and
        # closes the gaps between them, and it carried partial strikes to both ends there (26 of the 29 it carried on
        # the traced runs were 1-bit). There the plain reading stopping short is enough for the limits above, and the
        # fine reading must reach both ends: on a fifth partial-strike run (seed 105) a line through the last 35-60 %
        # of a 40.7 mm name, 1-bit 150 dpi, was read struck with certainty, the fine reading carrying it 16 mm with no
        # ink of its own along 5 mm, the reading without the halo to 2.1 mm of the start, the plain one 10.6 mm short.
        # Of 1,333 true strikes confirmed so on 1-bit pages of 18 traced runs, 22 go to a person.
        # A line off the name on one side only (drawn from the first letter on to the cell's right rule) stops none
        # of this where the reading without the halo and the fine one both cross the name whole (_both_whole), on
        # any page: on the name traces of 57 runs, 278 true strikes went to a person for such a line, and no
        # partial strike had both cross its name whole with a line off it on one side.
        # Here, and where the fine reading is one of the readings that strike a name below (_nearly_whole, _both_cross),
        # its own line must score STROKE_SHORT along FINE_SURE of the name or more: "Đặng H|à" (17.5 mm, 200 dpi colour,
        # strong wear, seed 108), struck but for its last letter, was read struck with certainty, the fine reading
        # carrying the line on to the end and scoring along 0.82 of the name. Partial strikes read so on six traced
        # partial-strike runs (seeds 102-105, 108) scored 0.79-0.83; of about 21,700 true strikes struck without the
        # plain reading on 97 traced runs, 9 names (counted once over runs of one seed) scored under 0.83.
        for i in open_:
            if (
                trusted
                and i not in doubted
                and _fine_confirms(plain[i], edges_of[i], fine_of[i], bilevel=sheet.bilevel)
            ):
                scores[i] = StrikeScore(scores[i].row, fine_of[i].share, scores[i].stray_mm)
        # A line that the plain reading, the one without the halo and the fine one each find across NEARLY_WHOLE of
        # a name, stopping inside its first or last letter (a pen lifted half a letter early, or a line whose end
        # fades out), is a strike: "from about its first letter to its last". Where it stops is measured against
        # the name's length as well as in millimetres, so a short name missing a letter still goes to a person.
        # The readings find a line's end by its ink between and inside the letters, and lose it up to two letters
        # early (3.7 mm where a line stops in the "h" of "Minh"). On five traced runs (seeds 67, 81, 85, 95, 99)
        # this would have struck 17 of the 129 true strikes sent to a person, and nothing else: the nearest partial
        # strikes (60-80 % of the name) read 0.79 or less in the weakest of the three readings and left at least
        # 6.3 mm and a fifth of the name (0.206). A new seed (87) then read 0 names struck that were not. On names
        # shorter than NEARLY_WHOLE_NAME_MM it does not hold: lines through the middle 60-80 % of 24.3 and 19.6 mm
        # names (1-bit, 150 dpi, seed 102) read 0.85-0.89 with 2.1-3.7 mm left, as a line stopped in a last letter;
        # and through the middle of a 30 mm name (200 dpi, 1-bit, seed 103) 0.86 with 4.2 mm left by all three, so
        # NEARLY_WHOLE_MM is 4 mm, not 4.5 (18 of 87 true strikes struck so on ten traced runs go to a person).
        # On a 1-bit page 3.5 mm (NEARLY_WHOLE_BILEVEL_MM): a line through the middle 60-80 % of a 29.6 mm name (seed
        # 105, 200 dpi, strong wear) read 0.88 by all three with 3.7 mm left at its start, carried through its last
        # letters to the end; the partial strikes all three carried so were 1-bit (seeds 102, 103, 105). 13 true
        # strikes on 1-bit pages of 18 traced runs, struck so with 3.7 mm left, go to a person.
        for i in open_:
            lines = (plain[i], edges_of[i], fine_of[i])
            nearly = all(_nearly_whole(line, bilevel=sheet.bilevel) for line in lines) and fine_of[i].short >= FINE_SURE
            if trusted and i not in doubted and scores[i].state != "struck" and nearly:
                scores[i] = StrikeScore(scores[i].row, min(line.share for line in lines), scores[i].stray_mm)
        # A line through a name that may be a crease along the row that the crease search missed (cut into
        # sparse dashes, or kept one pixel wide, by a black-and-white scanner; see _crease_like): a person
        # decides. Its path is the plain reading's, or where that saw the line only in part, the fine reading's
        # or the one without the halo, which struck the name.
        for i, score in enumerate(scores):
            path = next((line.path for line in (plain[i], fine_all[i], edges_all[i]) if line.path is not None), None)
            whole = plain[i].share >= STRUCK and plain[i].ends
            if score.state == "struck" and path is not None and _crease_like(sheet, page, blank, path, whole):
                scores[i] = StrikeScore(score.row, _doubtful(score.coverage), score.stray_mm)
                doubted.add(i)
        # A name read as kept is read again four ways; each alone can only leave it not certainly kept, for a
        # person to decide, never struck:
        # - thin: a short line through part of the name (a word, a few letters);
        # - faint: a pale line, too faint to read (a trace that only this reading sees may be a fold's shadow);
        # - without the halo: a pale line hidden in the blurred edges of the letters, read with those edges taken
        #   as ink (on a sharp scan the two readings agree);
        # - fine: against the print drawn finely, a line through a few letters that the plain masks hide.
        # But a name read as kept that both the reading without the halo and the fine one cross from its first
        # letter to its last is struck (where the fine reading is trusted): a thin line at a coarse resolution lies
        # in the letters' blurred edges, where the plain masks take it for print, and each of the two sees it in
        # its own way. Both must reach both ends: stop 22 tried one reaching both ends and the other running along
        # STRUCK of the name, which struck 24 true strikes on three traced runs (1,800 strike pages) that went to
        # a person, and one partial strike (60-80 % from the end, 150 dpi: the reading without the halo carried
        # it to both ends, the fine one ran along 0.82): a silent error. Withdrawn. Off 1-bit pages the fine reading
        # may lose the line inside the last letter here too (_fine_nearly, as where it confirms the plain reading):
        # lines through the letters' feet at 150-300 dpi, which the plain reading does not see at all, went to a
        # person (13 true strikes on 20 traced runs; no partial strike read so).
        for i in open_:
            edge, finely = edges_of[i], fine_of[i]
            if not (trusted and scores[i].state == "kept" and _both_cross(edge, finely, bilevel=sheet.bilevel)):
                continue
            if finely.short < FINE_SURE:
                continue
            if finely.path is None:
                continue
            score = StrikeScore(scores[i].row, finely.share, max(edge.stray_mm, finely.stray_mm))
            crease = _crease_like(sheet, page, blank, finely.path, whole=False)
            scores[i] = StrikeScore(score.row, _doubtful(score.coverage), score.stray_mm) if crease else score
        kept = [i for i, score in enumerate(scores) if score.state == "kept"]
        thin, faint = [thin_all[i] for i in kept], [faint_all[i] for i in kept]
        edges = [edges_of[i] for i in kept]
        fine = [fine_of[i] for i in kept]
        # A name on which the plain or the faint reading finds new ink over KEPT_INK of its columns, in a line
        # or not, is not certainly kept: pale pencil hatching or a pencil X, whose grain breaks every line the
        # readings look for, was read kept (22 names of 3,240 on the strike probe, seed 3, 14 of them with such
        # ink); no unmarked name read kept had it (3,240 names on bench_voters seed 65, 1,794 on the probe, and
        # 68 names with a fold crease along them). On a grey or colour page, so is one with new ink in
        # NEAR_INK_LEAST_MM of columns over the name and NEAR_INK_MM either side: a short line through its first
        # or last letter from just outside it ("Bùi Hữu Sơn" struck through its "B", 4.1 % of its columns, read
        # kept); unmarked names there reached one column (0.5 mm) on 1,200 bench pages, a 1-bit page's two.
        # There too, so is one through which the fine reading and the one without the halo find the trace of a short
        # line (_short_trace), where it is the only such name on the page: a line through one or two letters lies
        # mostly behind them, and shows only in the gaps between them and in their counters. On three partial-strike
        # runs (seeds 107-109, --partials 0.5, 1,800 pages) 12 lines through 10-30 % of a grey or colour name were
        # read kept with certainty ("Ngô Minh Hư|ng|", "|V|ũ Khắc Ưng", "Âu Hữu Kim Khi|êm|"): no reading found a
        # line, the fine one a line scoring 1.0-3.0, the one without the halo 0-2.7; 8 of them score so. A strongly
        # worn 200 dpi page can show such traces on several names nobody marked (full-mix seed 171: up to three a
        # page): where two names or more on a page show one, it is the scan's wear. Of 7,460 unmarked grey and
        # colour names read kept on those runs, a fourth partial-strike run (seed 110) and full-mix seed 171, 7 go to
        # a person so, 5 more would without the page's count; 10 of 17 short partial strikes read kept do. On 1-bit
        # pages 43 of 958 unmarked names showed a trace (seeds 107-109): there the rule does not hold.
        traced = []
        for i, short, *again in zip(kept, thin, faint, edges, fine, strict=True):
            doubts = [line.share for line in again if StrikeScore(0, line.share, line.stray_mm).state != "kept"]
            doubts += [line.short for line in (short, again[-1]) if line.short >= NOT_STRUCK]
            doubts += [line.ink_share for line in (plain[i], again[0]) if line.ink_share >= KEPT_INK]
            if not sheet.bilevel:
                doubts += [line.ink_share for line in (plain[i], again[0]) if line.near_mm >= NEAR_INK_LEAST_MM]
            if doubts:
                stray = max([scores[i].stray_mm, *(line.stray_mm for line in again)])
                scores[i] = StrikeScore(scores[i].row, _doubtful(max(doubts)), stray)
            elif not sheet.bilevel and _short_trace(again[1], again[2]):
                traced.append((i, max(again[1].ink_share, again[2].ink_share)))
        if len(traced) == 1:
            i, ink = traced[0]
            scores[i] = StrikeScore(scores[i].row, _doubtful(ink), scores[i].stray_mm)
        if trace is not None:
            ways_read = {"plain": plain, "edges": edges_all, "fine": fine_all, "thin": thin_all, "faint": faint_all}
            for i, score in enumerate(scores):
                readings = {way: _traced(lines[i]) for way, lines in ways_read.items()}
                trace.append(
                    {"row": score.row, "state": score.state, "trusted": trusted, "doubted": i in doubted, **readings}
                )
        names.extend(scores)
    for region in page["regions"]:
        kind, rect = region["kind"], region["rect"]
        if kind in ("box", "name") or blank is None:
            continue
        if kind in ("score", "line"):
            area = _grid(rect, 0.06, 40, 12)
            ink = _new_ink(sheet, area, blank)
            if ink < UNWRITTEN and _new_ink(sheet, area, blank, near=True, faint=True) >= UNWRITTEN:
                ink = UNWRITTEN  # pale writing: not certainly blank
            writing.append(WritingScore(kind, region["row"], region["col"], ink))
    stamp: float | None = None
    seal_ring: float | None = None
    extra, extra_at = 0, None
    if blank is not None:
        # A red seal on a grey scan is pale (its red passes as paper in the red channel): traces of ink count.
        stamp = _new_ink(sheet, _grid(page["stamp"], 0.04, 48, 26), blank, near=True, faint=True)
        seal = _seal(sheet, page, blank)
        seal_ring, border = _seal_border(sheet, page, blank) if stamp > 0 else (0.0, None)
        # The disc round the seal's ink can sit off its middle where print or stray ink beside it pulls it (a
        # seal's top ring, above the found disc, was "writing outside the boxes" on 3 of 400 bench pages): a
        # border found round most of the seal sets the disc too, as wide as the widest seal.
        ring = None
        if border is not None and seal_ring >= SEAL_RING_PART:
            ring = border, SEAL_MM_MAX / 2 * MM_PT + 1.5 * MM_PT
        extra, extra_at = _extra(sheet, page, blank, seal, ring)
    return SheetReading(
        code=found.text,
        transform=tuple(tuple(float(v) for v in row) for row in transform),
        boxes=tuple(boxes),
        names=tuple(names),
        writing=tuple(writing),
        stamp=stamp,
        seal_ring=seal_ring,
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
        return Unreadable(Reason(ReasonCode.NO_QR))
    grey = np.asarray(grey_image)
    transform = align(grey, page, found, dpi)
    if isinstance(transform, Unreadable):
        return transform
    return measure(grey, page, found, transform, blank, dpi)
