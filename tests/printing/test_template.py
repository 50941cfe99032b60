"""The exported scanner template (top-left origin, points) against the PDF that was actually printed."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from typing import Any

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from app.printing import ballot_code
from app.printing.ballot_code import SheetCode
from app.printing.ballot_pdf import SheetCodes, render
from app.printing.layout import MM, PAPERS, BallotHeader, build_layout
from app.profiles import get_profile
from app.rules.model import Item, PollDef, PollKind

POLLS = (
    "bch",
    "bi-thu",
    "ubkt",
    "dai-bieu",
    "tin-nhiem",
    "danh-gia",
    "cham-diem",
    "nghi-quyet",
    "gioi-thieu",
)
BOX_DPI = 100
QR_DPI = 200
TOLERANCE = 0.5  # pt: pdfium's glyph boxes vs the layout's arithmetic

Rect = list[float]  # [x, y, w, h], top-left origin


# --- helpers ------------------------------------------------------------------------------------------


def inside(inner: Rect, outer: Rect, tolerance: float = TOLERANCE) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return x >= ox - tolerance and y >= oy - tolerance and x + w <= ox + ow + tolerance and y + h <= oy + oh + tolerance


def intersect(a: Rect, b: Rect) -> bool:
    """Overlap with positive area (sharing an edge is not an overlap)."""
    eps = 0.01
    return (
        a[0] < b[0] + b[2] - eps and b[0] < a[0] + a[2] - eps and a[1] < b[1] + b[3] - eps and b[1] < a[1] + a[3] - eps
    )


def grow(rect: Rect, by: float) -> Rect:
    return [rect[0] - by, rect[1] - by, rect[2] + 2 * by, rect[3] + 2 * by]


def chars_top_left(page: pdfium.PdfPage) -> tuple[str, list[Rect | None]]:
    """The page text with white space runs collapsed to one space, and each kept character's box."""
    height = page.get_height()
    textpage = page.get_textpage()
    raw = textpage.get_text_range()
    text: list[str] = []
    boxes: list[Rect | None] = []
    for index in range(textpage.count_chars()):
        ch = raw[index] if index < len(raw) else " "
        if ch.isspace():
            if text and text[-1] != " ":
                text.append(" ")
                boxes.append(None)
            continue
        left, bottom, right, top = textpage.get_charbox(index)
        text.append(ch)
        boxes.append([left, height - top, right - left, top - bottom])
    return "".join(text), boxes


def occurrences(text: str, needle: str) -> Iterator[int]:
    start = text.find(needle)
    while start != -1:
        yield start
        start = text.find(needle, start + 1)


def to_px(rect: Rect, dpi: int) -> tuple[float, float, float, float]:
    s = dpi / 72
    return rect[0] * s, rect[1] * s, (rect[0] + rect[2]) * s, (rect[1] + rect[3]) * s


def darkest_along(image: Image.Image, points: list[tuple[int, int]], spread: int = 1) -> int:
    """The lightest of the darkest pixels found within `spread` px of each point (a dashed edge fails)."""
    pixels = image.load()
    assert pixels is not None
    worst = 0
    for x, y in points:
        near = [pixels[x + dx, y + dy] for dx in range(-spread, spread + 1) for dy in range(-spread, spread + 1)]
        worst = max(worst, min(near))
    return worst


@pytest.fixture(scope="module")
def first_sheets(printed_example) -> Iterator[dict[str, list[pdfium.PdfPage]]]:
    """The pages of the first printed sheet of every poll."""
    documents = {code: pdfium.PdfDocument(printed_example.polls[code].pdf) for code in POLLS}
    yield {
        code: [document[i] for i in range(printed_example.polls[code].report.pages_per_sheet)]
        for code, document in documents.items()
    }
    for document in documents.values():
        document.close()


def template_pages(printed_example, code: str) -> list[dict[str, Any]]:
    template = printed_example.polls[code].report.template
    assert template["units"] == "pt"
    assert template["origin"] == "top-left"
    assert template["poll"] == code
    return template["pages"]


# --- geometry of the template itself ---------------------------------------------------------------------


@pytest.mark.parametrize("code", POLLS)
def test_regions_lie_on_the_page_and_do_not_collide(printed_example, code: str) -> None:
    for page in template_pages(printed_example, code):
        width, height = page["size"]
        assert (width, height) == pytest.approx(PAPERS["A4"], abs=0.01)
        sheet = [0.0, 0.0, width, height]
        fixed = [page["qr"], page["stamp"], *page["registration"]]
        regions = page["regions"]
        assert regions, "a ballot page without a single region"
        for rect in fixed + [r["rect"] for r in regions]:
            assert inside(rect, sheet, 0), rect
        for a, b in itertools.combinations(page["registration"] + [page["qr"]], 2):
            assert not intersect(a, b)
        for region in regions:
            for other in [page["qr"], page["stamp"], *page["registration"]]:
                assert not intersect(region["rect"], other), region
        by_kind: dict[str, list[dict[str, Any]]] = {}
        for region in regions:
            by_kind.setdefault(region["kind"], []).append(region)
        for same in by_kind.values():
            for a, b in itertools.combinations(same, 2):
                assert not intersect(a["rect"], b["rect"]), (a, b)
        keys = [(r["kind"], r["row"], r["col"]) for r in regions]
        assert len(set(keys)) == len(keys)
        for region in by_kind.get("box", []):
            _, _, w, h = region["rect"]
            assert w == pytest.approx(h)  # mark boxes are squares
            assert w >= 5 * MM
        # Every box sits inside its row's name band (same row, to the right of the name).
        names = {r["row"]: r["rect"] for r in by_kind.get("name", [])}
        for region in by_kind.get("box", []):
            name = names[region["row"]]
            x, y, _, h = region["rect"]
            assert x >= name[0] + name[2]
            assert name[1] <= y
            assert y + h <= name[1] + name[3]


def test_template_kinds_per_layout(printed_example) -> None:
    def kinds(code: str) -> set[str]:
        return {r["kind"] for p in template_pages(printed_example, code) for r in p["regions"]}

    assert kinds("bch") == {"name"}
    assert kinds("dai-bieu") == {"name"}
    for code in ("bi-thu", "ubkt", "tin-nhiem", "danh-gia", "nghi-quyet"):
        assert kinds(code) == {"name", "box"}
    assert kinds("cham-diem") == {"score"}
    assert kinds("gioi-thieu") == {"line"}
    boxes = [r for r in template_pages(printed_example, "danh-gia")[0]["regions"] if r["kind"] == "box"]
    assert sorted((r["row"], r["col"]) for r in boxes) == [(row, col) for row in range(1, 6) for col in range(1, 5)]
    scores = [r for r in template_pages(printed_example, "cham-diem")[0]["regions"]]
    assert sorted((r["row"], r["col"]) for r in scores) == [(1, 1), (1, 2), (2, 1), (2, 2)]


# --- the template against the PDF -----------------------------------------------------------------------


@pytest.mark.parametrize("code", [c for c in POLLS if c not in ("cham-diem", "gioi-thieu")])
def test_each_name_is_printed_inside_its_region(printed_example, first_sheets, code: str) -> None:
    names = printed_example.polls[code].names
    for page, layout in zip(first_sheets[code], template_pages(printed_example, code), strict=True):
        text, boxes = chars_top_left(page)
        regions = [r for r in layout["regions"] if r["kind"] == "name"]
        assert len(regions) == len(names)
        for region in regions:
            name = " ".join(names[region["row"] - 1].split())
            placed = []
            for start in occurrences(text, name):
                glyphs = [b for b in boxes[start : start + len(name)] if b is not None]
                placed.append(all(inside(g, region["rect"]) for g in glyphs))
            assert placed, f"{name} not found on the page"
            assert any(placed), f"{name} is not inside its region {region['rect']}"
            for other, other_name in enumerate(names, start=1):
                if other == region["row"] or other_name in name:
                    continue
                for start in occurrences(text, other_name):
                    glyphs = [b for b in boxes[start : start + len(other_name)] if b is not None]
                    assert not all(inside(g, region["rect"]) for g in glyphs), (other_name, region)


@pytest.mark.parametrize("code", ["ubkt", "bi-thu", "tin-nhiem", "danh-gia", "cham-diem", "nghi-quyet"])
def test_each_box_region_is_a_drawn_empty_box(printed_example, first_sheets, code: str) -> None:
    for page, layout in zip(first_sheets[code], template_pages(printed_example, code), strict=True):
        image = page.render(scale=BOX_DPI / 72, grayscale=True).to_pil().convert("L")
        boxes = [r for r in layout["regions"] if r["kind"] in ("box", "score")]
        assert boxes
        for region in boxes:
            left, top, right, bottom = to_px(region["rect"], BOX_DPI)
            xs = range(round(left) + 3, round(right) - 2, 2)
            ys = range(round(top) + 3, round(bottom) - 2, 2)
            edges = {
                "top": [(x, round(top)) for x in xs],
                "bottom": [(x, round(bottom)) for x in xs],
                "left": [(round(left), y) for y in ys],
                "right": [(round(right), y) for y in ys],
            }
            for edge, points in edges.items():
                assert darkest_along(image, points) < 128, (region, edge)
            interior = image.crop((round(left) + 3, round(top) + 3, round(right) - 2, round(bottom) - 2))
            assert interior.getextrema()[0] > 235, (region, "interior is not blank")
            # Just outside the box, half a box away, the paper is blank too (no stray border).
            inset = 2
            outside = image.crop((round(left) - 6, round(top) + inset + 2, round(left) - 3, round(bottom) - inset - 2))
            assert outside.getextrema()[0] > 200, (region, "something drawn right beside the box")


@pytest.mark.parametrize("code", POLLS)
def test_registration_marks_are_solid_black(printed_example, first_sheets, code: str) -> None:
    for page, layout in zip(first_sheets[code], template_pages(printed_example, code), strict=True):
        image = page.render(scale=BOX_DPI / 72, grayscale=True).to_pil().convert("L")
        assert len(layout["registration"]) == 4
        for rect in layout["registration"]:
            left, top, right, bottom = to_px(rect, BOX_DPI)
            solid = image.crop((round(left) + 1, round(top) + 1, round(right) - 1, round(bottom) - 1))
            assert solid.getextrema()[1] < 60, rect
            if rect is layout["registration"][3]:
                continue  # bottom right: the random check code may come close (see the xfail below)
            ring = image.crop((round(left) - 5, round(top) - 5, round(right) + 5, round(bottom) + 5))
            ring_pixels = [
                (0, 0),
                (ring.width - 1, 0),
                (0, ring.height - 1),
                (ring.width - 1, ring.height - 1),
            ]
            assert min(ring.getpixel(p) for p in ring_pixels) > 200, (rect, "the mark has no white surround")
        # One mark near each corner of the sheet.
        width, height = layout["size"]
        centres = sorted((r[0] + r[2] / 2 < width / 2, r[1] + r[3] / 2 < height / 2) for r in layout["registration"])
        assert centres == [(False, False), (False, True), (True, False), (True, True)]


@pytest.mark.parametrize("code", POLLS)
def test_qr_rect_holds_the_qr_code(printed_example, first_sheets, code: str) -> None:
    for page, layout in zip(first_sheets[code], template_pages(printed_example, code), strict=True):
        found = zxingcpp.read_barcodes(page.render(scale=QR_DPI / 72).to_pil())
        assert len(found) == 1
        x, y, w, h = layout["qr"]
        module = w / 33  # version 4
        p = found[0].position
        corners = [
            (p.top_left, (x, y)),
            (p.top_right, (x + w, y)),
            (p.bottom_left, (x, y + h)),
            (p.bottom_right, (x + w, y + h)),
        ]
        for point, (ex, ey) in corners:
            px, py = point.x * 72 / QR_DPI, point.y * 72 / QR_DPI
            assert x - module <= px <= x + w + module
            assert y - module <= py <= y + h + module
            assert abs(px - ex) <= 1.5 * module
            assert abs(py - ey) <= 1.5 * module


# --- the check code under the QR and the registration marks ------------------------------------------------


def _check_code_boxes(paper: str, check: str) -> tuple[list[Rect], list[Rect], float]:
    """Print one sheet with a given check code; return its glyph boxes, the marks and the sheet width."""
    poll = PollDef(
        kind=PollKind.ELECTION,
        seats=1,
        items=(Item("Nguyễn Văn An"), Item("Trần Thị Bình")),
        profile=get_profile("party-election"),
    )
    header = BallotHeader("Chi bộ Thôn Đông", None, "party", "Bầu Bí thư Chi bộ", "Đại hội Chi bộ", 1)
    pages = build_layout(poll, header, paper)
    serial = "AERUKZ4JVM"
    qr = ballot_code.encode(SheetCode(bytes(6), 1, 1, 1, 1, False, serial), b"k" * 32)
    buffer = io.BytesIO()
    render(buffer, pages, [SheetCodes(qr_texts=(qr,), check=check)], title="t", invariant=True)
    document = pdfium.PdfDocument(buffer.getvalue())
    text, boxes = chars_top_left(document[0])
    start = text.index(check)
    glyphs = [b for b in boxes[start : start + len(check)] if b is not None]
    height = pages[0].height
    marks = [r.as_list(height) for r in pages[0].solids]
    document.close()
    return glyphs, marks, pages[0].width


def test_a_typical_a4_check_code_keeps_clear_of_the_registration_marks() -> None:
    glyphs, marks, width = _check_code_boxes("A4", "C5YHX-N7DYU-3FJO")
    for glyph in glyphs:
        assert inside(glyph, [0, 0, width, 1e4], 0)
        for mark in marks:
            assert not intersect(glyph, grow(mark, 1 * MM))


@pytest.mark.parametrize(
    ("paper", "check"),
    [("A5", "A6JHG-4S3E4-MEC5"), ("A4", "WWWWW-MWWWW-WWQW"), ("A5", "WWWWW-MWWWW-WWQW")],
)
def test_check_code_keeps_clear_of_the_registration_marks(paper: str, check: str) -> None:
    glyphs, marks, width = _check_code_boxes(paper, check)
    for glyph in glyphs:
        assert inside(glyph, [0, 0, width, 1e4], 0)
        for mark in marks:
            assert not intersect(glyph, grow(mark, 1 * MM))
