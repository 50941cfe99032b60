"""One scanned page from file to proposal, with no database: what a worker process runs.

The caller (app.services.scanning) gives a `Context` (the meeting's key and, for every poll with printed
ballots, its template pages and blank pages) and gets back a `PageResult` of plain values. Checks that need
the registry or the entered ballots (issued? already counted?) are the caller's, in the same transaction
that stores the page. Nothing here raises for a bad page: every page ends as an Outcome with typed Reasons
(app.recognition.outcomes), and a read page keeps its Measures (where it lies on the image, stamp, extra ink).
"""

from __future__ import annotations

import functools
import io
import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageFilter

from app.errors import ScanFileError
from app.printing import ballot_code
from app.recognition.images import PDF_DPI, load_page
from app.recognition.interpret import Cell, propose
from app.recognition.outcomes import CODE_PROBLEMS, Outcome, Reason, ReasonCode
from app.recognition.reading import (
    Blank,
    FinePrint,
    FoundCode,
    Scan,
    Unreadable,
    align,
    apply,
    find_code,
    measure,
    streaks,
)
from app.rules.model import Layout, PollDef

BLANK_DPI = 150  # the blank reference is drawn once per poll page at this resolution
QR_STREAK_ALONG = 0.3  # a streak looked for through a QR that does not read: darker along this share of its length
FINE_DPI = 300  # and its name cells again at this one (reading.FinePrint)
FINE_MARGIN_PT = 6.0
#: A developer's trace: when this environment variable names a file, every name row read is appended to it as a
#: JSON line (its serial, row, state and each reading's figures). benchmarks/trace_names.py joins it to the paper.
TRACE_ENV = "KIEMPHIEU_TRACE_NAMES"
BLANK_PAGE_INK = 0.002  # a page without a code and with less ink than this is the blank back of a sheet


@dataclass(frozen=True)
class PollTemplate:
    """A poll as the reader needs it: its rules' definition and, per paper size, its pages and blank pages."""

    poll_id: int
    code: str
    round_no: int
    pdef: PollDef
    pages: dict[str, tuple[dict[str, Any], ...]]  # paper → template pages
    blanks: dict[str, tuple[bytes, ...]]  # paper → one-page PDFs without QR


@dataclass(frozen=True)
class Context:
    """Everything a worker needs to read pages of one meeting."""

    fingerprint: bytes
    secret: bytes
    polls: dict[int, PollTemplate]
    stamp_check: bool = True


@dataclass(frozen=True)
class Measures:
    """How the reader placed and measured a page, kept with it: the transform outlines the regions for a person,
    the stamp and extra ink say why a page-level question was asked, skew and scale explain a refusal."""

    paper: str
    transform: tuple[tuple[float, ...], ...]  # template points → image pixels
    stamp: float | None  # share of the stamp zone with new ink
    extra: int  # new-ink samples outside every region
    extra_at: tuple[float, float] | None  # template point of the densest extra writing
    skew: float  # degrees
    print_scale: float | None
    size: tuple[int, int]  # image width, height (pixels)

    def as_json(self) -> dict[str, Any]:
        """Stored form (plain JSON values)."""
        return {
            "paper": self.paper,
            "transform": [list(row) for row in self.transform],
            "stamp": None if self.stamp is None else round(self.stamp, 4),
            "extra": self.extra,
            "extra_at": None if self.extra_at is None else list(self.extra_at),
            "skew": round(self.skew, 2),
            "print_scale": None if self.print_scale is None else round(self.print_scale, 4),
            "size": list(self.size),
        }

    @staticmethod
    def from_json(data: Any) -> Measures | None:
        """The inverse of as_json; None when nothing was measured (the page was not read)."""
        if not isinstance(data, dict) or not data.get("transform"):
            return None
        extra_at = data.get("extra_at")
        size = data.get("size") or (0, 0)
        return Measures(
            paper=str(data.get("paper", "")),
            transform=tuple(tuple(float(v) for v in row) for row in data["transform"]),
            stamp=None if data.get("stamp") is None else float(data["stamp"]),
            extra=int(data.get("extra") or 0),
            extra_at=None if not extra_at else (float(extra_at[0]), float(extra_at[1])),
            skew=float(data.get("skew") or 0.0),
            print_scale=None if data.get("print_scale") is None else float(data["print_scale"]),
            size=(int(size[0]), int(size[1])),
        )


@dataclass(frozen=True)
class PageResult:
    """What one page says, before the register is consulted."""

    file: str
    page_no: int
    outcome: Outcome  # read / review / blank / unreadable / foreign / test
    reasons: tuple[Reason, ...] = ()
    serial: str | None = None
    poll_id: int | None = None
    sheet_page: int | None = None
    sheet_pages: int | None = None
    cells: tuple[Cell, ...] = ()
    measures: Measures | None = None


BLANKS_KEPT = 64  # blank references kept per process (a meeting has a few polls × pages × 2 papers)


def _blank(template: PollTemplate, paper: str, page: int) -> Blank:
    """The blank reference of one poll page, drawn once per process. Keyed by the drawing itself (its bytes),
    so another meeting, or a poll whose list changed, never gets a reference drawn for something else."""
    return blank_reference(template.blanks[paper][page - 1], template.pages[paper][page - 1])


def blank_reference(data: bytes, page: dict[str, Any]) -> Blank:
    """The blank reference of a template page from its drawing (a PDF whose first page is the blank ballot
    page), its name cells drawn finer (see reading.FinePrint)."""
    names = [r["rect"] for r in page["regions"] if r["kind"] == "name"]
    area = None
    if names:
        area = (
            min(x for x, _, _, _ in names) - FINE_MARGIN_PT,
            min(y for _, y, _, _ in names) - FINE_MARGIN_PT,
            max(x + w for x, _, w, _ in names) + FINE_MARGIN_PT,
            max(y + h for _, y, _, h in names) + FINE_MARGIN_PT,
        )
    return _blank_of(data, area)


@functools.lru_cache(maxsize=BLANKS_KEPT)
def _blank_of(data: bytes, names: tuple[float, float, float, float] | None = None) -> Blank:
    """The blank page drawn at BLANK_DPI and, where it has name cells (`names`, the template points round them:
    left, top, right, bottom), those drawn again at FINE_DPI (see reading.FinePrint)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(io.BytesIO(data))
    try:
        image = document[0].render(scale=BLANK_DPI / 72, grayscale=True).to_pil()
        fine = None
        if names is not None:
            width, height = document[0].get_size()
            left, top = max(names[0], 0.0), max(names[1], 0.0)
            right, bottom = min(names[2], width), min(names[3], height)
            # pdfium crops in points from each edge of the page (left, bottom, right, top)
            crop = (left, height - bottom, width - right, top)
            drawn = document[0].render(scale=FINE_DPI / 72, grayscale=True, crop=crop).to_pil()
            fine = FinePrint(drawn, FINE_DPI, (left, top))
    finally:
        document.close()
    return Blank(image, BLANK_DPI, fine)


def _ink(grey: np.ndarray) -> float:
    small = grey[::4, ::4]
    return float((small < 128).mean())


def _smoothed_if_bilevel(grey: np.ndarray) -> np.ndarray:
    """A 1-bit scan (only black and white pixels, often dithered) as grey: each pixel the mean of its 3 × 3
    neighbourhood. Dithering draws a pale fold crease or a grey seal as scattered black dots, which read as
    ink; averaged, they are the pale grey they stand for, and a pen line stays dark."""
    sample = grey[::7, ::7]
    if sample.size == 0 or np.count_nonzero((sample != 0) & (sample != 255)):
        return grey
    padded = np.pad(grey.astype(np.uint16), 1, mode="edge")
    # the 3 × 3 sum as a sum of three across, then of three of those down (whole numbers: the same sum)
    across = padded[:, :-2] + padded[:, 1:-1]
    across += padded[:, 2:]
    total = across[:-2] + across[1:-1]
    total += across[2:]
    smoothed: np.ndarray = (total // 9).astype(np.uint8)
    return smoothed


DITHERED_DOTS = 0.005  # share of a 1-bit page's black pixels standing alone, at or above: the scanner dithered


def _dithered(bilevel: np.ndarray) -> bool:
    """Whether a 1-bit page (0 and 255) was dithered rather than cut at one grey: a dithered scan draws every
    grey, the blurred edges of the letters included, as scattered dots, many of them single black pixels with no
    black pixel above, below or beside them; a cut leaves the letters solid and only a speck of dirt alone. On
    105 bench pages the two kinds fell apart: 0-0.26 % and 1.2-69 % of black pixels alone. Counted on every
    fourth row of the page (with the rows above and below it)."""
    middle = bilevel[1:-1:4] < 128
    rows = middle.shape[0]
    alone = middle[:, 1:-1] & ~middle[:, :-2]
    alone &= ~middle[:, 2:]
    alone &= bilevel[0:-2:4][:rows, 1:-1] >= 128
    alone &= bilevel[2::4][:rows, 1:-1] >= 128
    return int(np.count_nonzero(alone)) >= DITHERED_DOTS * max(int(np.count_nonzero(middle[:, 1:-1])), 1)


def _streaks_filled(grey: np.ndarray, streak: np.ndarray) -> np.ndarray:
    """The page with each run of streak columns filled in from the columns either side of it (their mean)."""
    filled = grey.copy()
    columns = np.flatnonzero(streak)
    runs = np.split(columns, np.flatnonzero(np.diff(columns) > 1) + 1)
    last = grey.shape[1] - 1
    for run in runs:
        left, right = max(int(run[0]) - 1, 0), min(int(run[-1]) + 1, last)
        side = (grey[:, left].astype(np.uint16) + grey[:, right]) // 2
        filled[:, run[0] : run[-1] + 1] = side.astype(np.uint8)[:, None]
    return filled


def _code_past_streaks(grey: np.ndarray, streak: np.ndarray) -> FoundCode | None:
    """The QR code of a page whose `streak` columns (if any) are filled in from the columns beside them. Only the
    code's own checks decide that what is read is a code: a column filled wrongly just fails to read."""
    return find_code(_streaks_filled(grey, streak)) if streak.any() else None


def _code_thinned(bilevel: np.ndarray) -> FoundCode | None:
    """The QR code of a 1-bit page read with every dark run thinned by a pixel on each side (a 3×3 maximum): a
    scanner that cuts its black at a high grey grows each module by about a pixel, and at 150 dpi (three pixels a
    module) the modules run together. Only the code's own checks decide that what is read is a code."""
    return find_code(np.asarray(Image.fromarray(bilevel).filter(ImageFilter.MaxFilter(3))))


def recognise(path: Path, page_no: int, context: Context) -> PageResult:
    """Read page `page_no` of `path` into a PageResult; never raises for what is on the page or in the file."""
    name = path.name
    try:
        scanned = load_page(path, page_no, PDF_DPI)
    except ScanFileError as exc:
        return PageResult(name, page_no, Outcome.UNREADABLE, (Reason(ReasonCode.FILE_FAULT, text=str(exc)),))
    raw = np.asarray(scanned.image)
    found = find_code(raw)
    grey = _smoothed_if_bilevel(raw)
    if found is None and grey is not raw:  # a dithered QR's modules are dots; averaged, it reads
        found = find_code(grey)
    if found is None:  # a scanner's streak through the QR breaks its modules; with the streak filled in, it reads
        scan = Scan(grey)
        found = _code_past_streaks(grey, scan.streak)
        if found is None:  # the same, the streak cut into dashes by a 1-bit scanner, one end hidden by the backing
            found = _code_past_streaks(grey, streaks(grey, scan.paper, along=QR_STREAK_ALONG, both_ends=False))
    if found is None and _ink(grey) < BLANK_PAGE_INK:
        return PageResult(name, page_no, Outcome.BLANK, (Reason(ReasonCode.BLANK_BACK),))
    if found is None and grey is not raw:  # a 1-bit page cut dark: its modules run together; thinned, they read
        # (last, and not on a blank back: thinning a whole page costs about 0.1 s)
        found = _code_thinned(raw)
    if found is None:
        return PageResult(name, page_no, Outcome.UNREADABLE, (Reason(ReasonCode.NO_QR),))
    if found.count > 1:
        return PageResult(name, page_no, Outcome.UNREADABLE, (Reason(ReasonCode.MANY_QR, count=found.count),))
    decoded = ballot_code.decode(found.text, fingerprint=context.fingerprint, secret=context.secret)
    code = decoded.code
    if code is None or decoded.problem in (
        ballot_code.CodeProblem.FOREIGN,
        ballot_code.CodeProblem.FORGED,
        ballot_code.CodeProblem.WRONG_VERSION,
    ):
        problem = decoded.problem or ballot_code.CodeProblem.MALFORMED
        return PageResult(name, page_no, Outcome.FOREIGN, (Reason(CODE_PROBLEMS[problem]),))
    template = context.polls.get(code.poll_id)
    where: dict[str, Any] = {
        "serial": code.serial,
        "poll_id": code.poll_id,
        "sheet_page": code.page,
        "sheet_pages": code.pages,
    }
    if template is None:
        return PageResult(name, page_no, Outcome.FOREIGN, (Reason(ReasonCode.POLL_GONE),), **where)
    if code.round_no != template.round_no:
        return PageResult(name, page_no, Outcome.FOREIGN, (Reason(ReasonCode.CODE_WRONG_ROUND),), **where)
    try:
        dithered = grey is not raw and _dithered(raw)
        return _read(
            name, page_no, grey, scanned.dpi, found, code, template, context, where, test=code.test, dithered=dithered
        )
    except Exception as exc:  # at this boundary any fault of the maths means "cannot be read"
        # A degenerate page (e.g. a QR whose corners collapse) must not end the batch: the page waits for a person.
        reason = Reason(ReasonCode.ALIGN_FAULT, text=type(exc).__name__)
        return PageResult(name, page_no, Outcome.TEST if code.test else Outcome.UNREADABLE, (reason,), **where)


def _write_trace(trace: list[dict[str, Any]], **page: Any) -> None:
    """Each name's readings appended to the file TRACE_ENV names, one JSON line each, with the page's serial
    (one write per page: worker processes append to the same file)."""
    lines = "".join(json.dumps({**page, **entry}, ensure_ascii=False) + "\n" for entry in trace)
    fd = os.open(os.environ[TRACE_ENV], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, lines.encode("utf-8"))  # one write, appended whole
    finally:
        os.close(fd)


def _with_test_banner(page: dict[str, Any]) -> dict[str, Any]:
    """A test sheet's page with the words "PHIẾU THỬ — KHÔNG TÍNH" and its label (printed between the bottom-left
    registration mark and the QR code) set aside as printed, so they are not taken for writing on the ballot."""
    mark = page["registration"][2]
    qr = page["qr"]
    left = mark[0] + mark[2]
    banner = [left, qr[1] - 6.0, qr[0] - left, qr[3] + 12.0]
    return {**page, "regions": [*page["regions"], {"kind": "printed", "row": 0, "col": 0, "rect": banner}]}


def _read(
    name: str,
    page_no: int,
    grey: np.ndarray,
    dpi: float | None,
    found: FoundCode,
    code: ballot_code.SheetCode,
    template: PollTemplate,
    context: Context,
    where: dict[str, Any],
    *,
    test: bool,
    dithered: bool = False,
) -> PageResult:
    """Align against each paper size the poll was laid out for, then measure and propose."""
    refusal: Unreadable | None = None
    scan = Scan(grey, dithered=dithered)
    for paper, pages in template.pages.items():
        if not 0 < code.page <= len(pages) or len(pages) != code.pages:
            continue
        page = _with_test_banner(pages[code.page - 1]) if test else pages[code.page - 1]
        transform = align(grey, page, found, dpi, scan=scan)
        if isinstance(transform, Unreadable):
            refusal = refusal or transform
            continue
        blank = _blank(template, paper, code.page)
        trace: list[dict[str, Any]] | None = [] if os.environ.get(TRACE_ENV) else None
        reading = measure(
            grey,
            page,
            found,
            transform,
            blank,
            dpi,
            strikes=template.pdef.layout is Layout.STRIKE,
            scan=scan,
            trace=trace,
        )
        if trace:
            _write_trace(trace, serial=code.serial, file=name, page=page_no)
        if isinstance(reading, Unreadable):
            refusal = reading
            continue
        proposal = propose(reading, template.pdef, stamp_check=context.stamp_check)
        measures = Measures(
            paper=paper,
            transform=reading.transform,
            stamp=reading.stamp,
            extra=reading.extra,
            extra_at=reading.extra_at,
            skew=reading.skew,
            print_scale=reading.print_scale,
            size=(int(grey.shape[1]), int(grey.shape[0])),
        )
        if test:
            reasons = (Reason(ReasonCode.TEST_SHEET), *proposal.reasons)
            return PageResult(name, page_no, Outcome.TEST, reasons, cells=proposal.cells, measures=measures, **where)
        outcome = Outcome.REVIEW if proposal.reasons else Outcome.READ
        return PageResult(name, page_no, outcome, proposal.reasons, cells=proposal.cells, measures=measures, **where)
    reason = refusal.reason if refusal is not None else Reason(ReasonCode.PAGES_MISMATCH)
    return PageResult(name, page_no, Outcome.TEST if test else Outcome.UNREADABLE, (reason,), **where)


def page_image(path: Path, page_no: int) -> Image.Image:
    """The page as a person should see it (grey), for review."""
    return load_page(path, page_no, PDF_DPI).image


def region_outline(transform: Sequence[Sequence[float]], rect: Sequence[float]) -> list[tuple[float, float]]:
    """A template rectangle's four corners on the scanned image (pixels), for outlining it on screen."""
    x, y, w, h = rect
    corners = np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], dtype=float)
    mapped = apply(np.asarray(transform, dtype=float), corners)
    return [(float(px), float(py)) for px, py in mapped]


def crop_region(
    image: Image.Image, transform: Sequence[Sequence[float]], rect: Sequence[float], margin: float = 0.5
) -> Image.Image:
    """The part of a scanned page around one region (with `margin` of its size on every side), for a person
    to look at; turned upright when the page was scanned upside down or sideways."""
    x, y, w, h = rect
    grown = [x - margin * w, y - margin * h, w * (1 + 2 * margin), h * (1 + 2 * margin)]
    outline = region_outline(transform, grown)
    xs = [p[0] for p in outline]
    ys = [p[1] for p in outline]
    box = (
        max(0, int(min(xs))),
        max(0, int(min(ys))),
        min(image.width, int(max(xs)) + 1),
        min(image.height, int(max(ys)) + 1),
    )
    part = image.crop(box)
    # Which way the page's x axis points on the image: rotate the crop so it reads left to right.
    dx, dy = outline[1][0] - outline[0][0], outline[1][1] - outline[0][1]
    turns = round(math.degrees(math.atan2(dy, dx)) / 90) % 4
    return part.rotate(90 * turns, expand=True) if turns else part
