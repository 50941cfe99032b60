"""Round trip: print a test deck with the app, rasterise it, disturb it as a scanner would, read the boxes back."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from PIL import Image, ImageFilter

from app.printing import ballot_code
from app.recognition.images import load_pages
from app.recognition.outcomes import Reason, ReasonCode
from app.recognition.reading import SheetReading, Unreadable, read_page
from app.services import printing
from app.store.orm import Meeting
from tests.recognition.conftest import expected_marks


@pytest.fixture(scope="module")
def deck(evaluation_deck) -> tuple[list[Image.Image], dict, list, Meeting]:
    images = [page.image for page in load_pages(evaluation_deck.pdf)]  # as a scanned PDF would come in
    report = evaluation_deck.report
    return images, report.template["pages"][0], list(report.expected), evaluation_deck.meeting


def _scan(image: Image.Image, angle: float = 0.0, scale: float = 1.0, shift: tuple[int, int] = (0, 0)) -> Image.Image:
    out = image.convert("L")
    if scale != 1.0:
        out = out.resize((round(out.width * scale), round(out.height * scale)))
    if angle:
        out = out.rotate(angle, expand=True, fillcolor=235)
    canvas = Image.new("L", (out.width + 80, out.height + 80), 235)
    canvas.paste(out, (40 + shift[0], 40 + shift[1]))
    return canvas.filter(ImageFilter.GaussianBlur(0.7))


@pytest.mark.parametrize(
    ("angle", "scale", "shift"),
    [(0.0, 1.0, (0, 0)), (2.0, 0.98, (25, -15)), (-1.5, 1.02, (-30, 20)), (180.0, 1.0, (0, 0))],
)
def test_every_box_of_the_test_deck_reads_back(deck, angle: float, scale: float, shift: tuple[int, int]) -> None:
    images, page, expected, meeting = deck
    for image, entry in zip(images, expected, strict=True):
        reading = read_page(_scan(image, angle, scale, shift), page)
        assert isinstance(reading, SheetReading), reading
        decoded = ballot_code.decode(
            reading.code, fingerprint=ballot_code.fingerprint_bytes(meeting.fingerprint), secret=meeting.secret
        )
        assert decoded.code is not None
        assert decoded.code.serial == entry["serial"]
        marked = {(b.row, b.col) for b in reading.boxes if b.state == "marked"}
        assert marked == expected_marks(entry), entry["label"]
        assert all(b.state != "review" for b in reading.boxes)


def test_a_page_without_its_corners_is_refused_not_guessed(deck) -> None:
    images, page, _, _ = deck
    cropped = images[0].crop((120, 120, images[0].width, images[0].height))  # the top-left mark is cut off
    result = read_page(cropped, page)
    assert isinstance(result, Unreadable)
    assert result.reason == Reason(ReasonCode.MARKS_MISSING)


def test_a_blank_page_is_unreadable(deck) -> None:
    _, page, _, _ = deck
    result = read_page(Image.new("L", (1654, 2339), 250), page)
    assert isinstance(result, Unreadable)
    assert result.reason == Reason(ReasonCode.NO_QR)


@pytest.fixture(scope="module")
def strike_deck_pdf(strike_deck) -> Path:
    """The test deck's PDF behind `strike_deck`, to render it at another resolution."""
    return _DECK_PDF[0]


_DECK_PDF: list[Path] = []


@pytest.fixture(scope="module")
def strike_deck(tmp_path_factory: pytest.TempPathFactory):
    """The election's test deck rendered at 200 dpi, from a meeting whose secret and serials are drawn from a
    seeded generator: the QR codes, and so the pages, are the same in every run (a QR's pattern moves the page's
    fit by a few hundredths of a pixel, which may tip a reading near its limits; the tests below sweep such
    shifts themselves, in fixed steps)."""
    import random
    import secrets

    from app.recognition.pipeline import blank_reference
    from app.services import meetings
    from app.services.demo import example_spec_path
    from app.services.spec import read_spec
    from app.store.db import open_meeting_file

    folder = tmp_path_factory.mktemp("strike")
    path = folder / "m.kiemphieu"
    seeded = random.Random(1307)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(secrets, "token_bytes", lambda n=32: seeded.randbytes(n))
        patch.setattr(secrets, "token_hex", lambda n=32: seeded.randbytes(n).hex())
        meetings.create_meeting(path, read_spec(example_spec_path()), actor="kiem-thu").close()
        with open_meeting_file(path) as meeting_file:
            report = printing.print_ballots(
                meeting_file, code="bch", copies=0, out=folder / "d.pdf", actor="t", test_deck=True
            )
            printing.print_ballots(meeting_file, code="bch", copies=1, out=folder / "blank.pdf", actor="t")
    _DECK_PDF[:] = [folder / "d.pdf"]
    deck_pdf = pypdfium2.PdfDocument(str(folder / "d.pdf"))
    images = [deck_pdf[i].render(scale=200 / 72, grayscale=True).to_pil() for i in range(len(deck_pdf))]
    # the blank reference as the scanning pipeline makes it (its name cells drawn finer too)
    blank = blank_reference((folder / "blank.pdf").read_bytes(), report.template["pages"][0])
    return images, report.template["pages"][0], list(report.expected), blank


@pytest.mark.parametrize(("angle", "scale", "shift"), [(0.0, 1.0, (0, 0)), (1.5, 0.99, (20, 10)), (180.0, 1.0, (0, 0))])
def test_struck_names_read_back(strike_deck, angle: float, scale: float, shift: tuple[int, int]) -> None:
    images, page, expected, blank = strike_deck
    for image, entry in zip(images, expected, strict=True):
        reading = read_page(_scan(image, angle, scale, shift), page, blank)
        assert isinstance(reading, SheetReading), reading
        struck = {n.row for n in reading.names if n.state == "struck"}
        assert struck == set(entry["struck"]), (entry["label"], [(n.row, round(n.coverage, 2)) for n in reading.names])
        assert all(n.state != "review" for n in reading.names), [
            (n.row, round(n.coverage, 2)) for n in reading.names if n.state == "review"
        ]


def _name_extent(image: Image.Image, rect: list[float], dpi: float = 200) -> tuple[int, int, int]:
    """The printed name in a name cell of an unmarked page rendered at `dpi`: its first and last inked pixel
    columns and the middle of its letters' height, found from the page's own pixels (not the reader's masks)."""
    import numpy as np

    k = dpi / 72
    x, y, w, h = (round(v * k) for v in rect)
    inner = np.asarray(image.convert("L"))[y + 4 : y + h - 4, x + 4 : x + w - 4] < 128
    columns = np.flatnonzero(inner.any(axis=0))
    rows = np.flatnonzero(inner.any(axis=1))
    return x + 4 + int(columns[0]), x + 4 + int(columns[-1]), y + 4 + int(np.median(rows))


def _read_1_bit(image: Image.Image, page: dict, blank, dpi: int, cut: float = 128) -> SheetReading:
    """The page as a black-and-white scanner with a fixed cut delivers it (1-bit), read as the pipeline reads
    such a scan (smoothed first)."""
    from app.recognition.pipeline import _smoothed_if_bilevel
    from app.recognition.reading import align, find_code, measure

    bilevel = image.point(lambda v: 255 if v >= cut else 0).convert("1").convert("L")
    grey = _smoothed_if_bilevel(np.asarray(bilevel))
    found = find_code(bilevel)
    assert found is not None
    reading = measure(grey, page, found, align(grey, page, found, dpi), blank, dpi)
    assert isinstance(reading, SheetReading), reading
    return reading


@pytest.mark.parametrize(
    ("start", "stop", "state"),
    [
        (-0.02, 1.02, "struck"),  # first letter to last (a line that stops exactly at the last pixel, its end
        # hidden in the last letters over more than STROKE_HIDDEN_MM, goes to a person: they see it)
        (-0.1, 1.15, "struck"),  # from before the name to past it
        (0.0, 0.3, "review"),  # the first word only
        (0.7, 1.0, "review"),  # the last word only
        (0.4, 0.6, "review"),  # a few letters in the middle
        (0.2, 1.1, "review"),  # all but the first letters
        (0.0, 0.78, "review"),  # all but the last letters
    ],
)
def test_a_line_through_part_of_a_name_goes_to_a_person(strike_deck, start: float, stop: float, state: str) -> None:
    from PIL import ImageDraw

    images, page, expected, blank = strike_deck
    unmarked = next(i for i, entry in enumerate(expected) if not entry["struck"])
    rows = {r["row"]: r["rect"] for r in page["regions"] if r["kind"] == "name"}
    for row in (3, 6):
        image = images[unmarked].convert("L")
        first, last, middle = _name_extent(image, rows[row])
        draw = ImageDraw.Draw(image)
        width = last - first
        draw.line([(first + start * width, middle), (first + stop * width, middle + 2)], fill=40, width=4)
        reading = read_page(_scan(image, 0.8, 1.0, (5, -7)), page, blank)
        assert isinstance(reading, SheetReading), reading
        states = {n.row: n.state for n in reading.names}
        assert states[row] == state, (row, start, stop, [(n.row, round(n.coverage, 2)) for n in reading.names])
        assert all(s == "kept" for r, s in states.items() if r != row), states


@pytest.mark.parametrize(
    ("name", "dpi", "struck", "crease"),
    [
        ("crease-dashed-bilevel-200dpi.tif", 200, {2, 3, 4, 5}, 9),
        # the crease slants a little more than the line found through the name: carried on at the name's own
        # slope it missed the dashes in the right margin
        ("crease-dashed-bilevel-300dpi.tif", 300, {1, 2, 4}, 9),
    ],
)
def test_a_crease_cut_into_dashes_by_a_black_and_white_scanner_is_not_a_strike(
    strike_deck, name: str, dpi: int, struck: set[int], crease: int
) -> None:
    """Benchmark pages (1-bit, threshold): a fold crease along a row comes out as dashes across the whole sheet.
    Each was read as a certain strike of that row; the other rows listed are struck with a pen."""
    from app.recognition.pipeline import _smoothed_if_bilevel
    from app.recognition.reading import align, find_code, measure

    _, page, _, blank = strike_deck
    with Image.open(Path(__file__).parents[1] / "data" / name) as scan:
        assert scan.mode == "1"
        grey_image = scan.convert("L")
    found = find_code(grey_image)
    assert found is not None
    grey = _smoothed_if_bilevel(np.asarray(grey_image))
    transform = align(grey, page, found, dpi)
    reading = measure(grey, page, found, transform, blank, dpi)
    assert isinstance(reading, SheetReading), reading
    states = {n.row: n.state for n in reading.names}
    assert {row for row, state in states.items() if state == "struck"} == struck, states
    assert states[crease] != "struck"


def _at_150_dpi(image: Image.Image) -> Image.Image:
    """A 200 dpi rendering as a 150 dpi office scan would deliver it: averaged down, a little soft."""
    from PIL import ImageFilter

    small = image.resize((round(image.width * 0.75), round(image.height * 0.75)), Image.Resampling.BOX)
    return small.filter(ImageFilter.GaussianBlur(0.6))


# Where a 200 dpi rendering's pixels fall against the 150 dpi scan's (fractions of a pixel across, down): a line
# 2–3 pixels wide at 150 dpi shows in a letter's gaps or not by such fractions.
_PHASES = [(x, y) for x in (0.0, 0.25, 0.5, 0.75) for y in (0.0, 0.5)]


def _phase(image: Image.Image, across: float, down: float) -> Image.Image:
    return image.transform(
        image.size, Image.Transform.AFFINE, (1, 0, across, 0, 1, down), Image.Resampling.BILINEAR, fillcolor=255
    )


_SHORT_LINES = [
    (row, start, stop) for row in (2, 7) for start, stop in ((0.0, 0.12), (0.25, 0.4), (0.45, 0.6), (0.86, 1.0))
]
# (7, 0.86, 1.0), "Hà": the line lies on the H's crossbar and the a's bowl, and at 150 dpi two columns show. It was
# read kept (a known limit) until the trace of a short line that the fine reading and the one without the halo find
# sent a name to a person (reading._short_trace, stop 28).


@pytest.mark.parametrize(("row", "start", "stop"), _SHORT_LINES)
def test_a_short_thin_line_mostly_hidden_in_the_letters_goes_to_a_person(
    strike_deck, row: int, start: float, stop: float
) -> None:
    """A thin ballpoint line (0.38 mm) through a few letters or one word, at the letters' middle, scanned at
    150 dpi: at that size it shows only in the letters' counters and the narrow gaps between them. It was read
    as certainly kept (a silent error) before the name cells were compared with the print drawn finely. Read at
    eight sub-pixel phases: in none is it kept, nor struck."""
    from PIL import ImageDraw

    images, page, expected, blank = strike_deck
    unmarked = next(i for i, entry in enumerate(expected) if not entry["struck"])
    rows = {r["row"]: r["rect"] for r in page["regions"] if r["kind"] == "name"}
    read: dict[tuple[float, float], str] = {}
    for phase in _PHASES:
        image = _phase(images[unmarked].convert("L"), *phase)
        first, last, middle = _name_extent(image, rows[row])
        width = last - first
        line = [(first + start * width, middle + 1), (first + stop * width, middle)]
        ImageDraw.Draw(image).line(line, fill=80, width=3)
        reading = read_page(_at_150_dpi(image), page, blank, 150)
        assert isinstance(reading, SheetReading), reading
        states = {n.row: n.state for n in reading.names}
        assert all(s == "kept" for r, s in states.items() if r != row), (phase, states)
        read[phase] = states[row]
    assert "struck" not in read.values(), read
    assert set(read.values()) == {"review"}, read


def test_a_thin_line_through_a_whole_name_at_150_dpi_is_a_strike(strike_deck) -> None:
    """The same thin ballpoint line from the name's first letter to its last: mostly hidden in the letters at
    150 dpi; the fine reading follows it from end to end. Struck at every one of eight sub-pixel phases (at one,
    the plain reading lost it in the letters' blurred edges, and a person was asked)."""
    from PIL import ImageDraw

    images, page, expected, blank = strike_deck
    unmarked = next(i for i, entry in enumerate(expected) if not entry["struck"])
    rows = {r["row"]: r["rect"] for r in page["regions"] if r["kind"] == "name"}
    for phase in _PHASES:
        image = _phase(images[unmarked].convert("L"), *phase)
        for row in (2, 5, 8):
            first, last, middle = _name_extent(image, rows[row])
            ImageDraw.Draw(image).line([(first - 2, middle + 1), (last + 2, middle)], fill=80, width=3)
        reading = read_page(_at_150_dpi(image), page, blank, 150)
        assert isinstance(reading, SheetReading), reading
        states = {n.row: n.state for n in reading.names}
        assert {r for r, s in states.items() if s == "struck"} == {2, 5, 8}, (
            phase,
            [(n.row, round(n.coverage, 2), n.ends) for n in reading.names],
        )


def test_thin_lines_through_whole_names_at_150_dpi_are_strikes_whatever_their_ends(strike_deck) -> None:
    """Thin ballpoint lines at 150 dpi, at eight sub-pixel phases: from the first letter exactly to the last, on
    names that end in a g (its tail has no print at the line's height: the line's end is not short of it), and
    across the whole cell from just inside its left rule to just inside its right one (a line off the name on
    both sides: its ends are plain). Never kept; the cell-wide lines struck at every phase, the others at six
    of eight: at two, no plain reading sees the line through "Lê Văn Cường" at all and only the fine one follows
    it, and a page where the fine reading crosses a name that the plain ones find clean is a page where the fine
    reading strikes nothing (on strongly worn 150 dpi pages it drew lines through names nobody marked), so a
    person is asked for both names."""
    from PIL import ImageDraw

    images, page, expected, blank = strike_deck
    unmarked = next(i for i, entry in enumerate(expected) if not entry["struck"])
    rows = {r["row"]: r["rect"] for r in page["regions"] if r["kind"] == "name"}
    k = 200 / 72
    struck = 0
    for phase in _PHASES:
        image = _phase(images[unmarked].convert("L"), *phase)
        draw = ImageDraw.Draw(image)
        for row in (3, 4):  # Lê Văn Cường, Phạm Thị Dung
            first, last, middle = _name_extent(image, rows[row])
            draw.line([(first, middle + 1), (last, middle)], fill=80, width=3)
        for row in (6, 9):
            x, _, w, _ = rows[row]
            _, _, middle = _name_extent(image, rows[row])
            draw.line([((x + 3) * k, middle), ((x + w - 3) * k, middle + 2)], fill=80, width=3)
        reading = read_page(_at_150_dpi(image), page, blank, 150)
        assert isinstance(reading, SheetReading), reading
        states = {n.row: n.state for n in reading.names}
        assert {r for r, s in states.items() if s == "struck"} - {3, 4} == {6, 9}, (phase, states)
        assert {states[3], states[4]} <= {"struck", "review"}, (phase, states)
        struck += sum(states[r] == "struck" for r in (3, 4))
        assert all(s == "kept" for r, s in states.items() if r not in (3, 4, 6, 9)), (phase, states)
    assert struck >= 12, struck  # of 16


@pytest.mark.parametrize("row", [3, 4])
@pytest.mark.parametrize(("start", "stop"), [(0.0, 0.75), (0.25, 1.0), (0.12, 0.88)])
def test_a_thin_line_through_three_quarters_of_a_name_at_150_dpi_goes_to_a_person(
    strike_deck, row: int, start: float, stop: float
) -> None:
    """The same thin line through three quarters of the name (its first or last quarter, or an eighth at each
    end, left clear), at eight sub-pixel phases: never a strike, never kept."""
    from PIL import ImageDraw

    images, page, expected, blank = strike_deck
    unmarked = next(i for i, entry in enumerate(expected) if not entry["struck"])
    rows = {r["row"]: r["rect"] for r in page["regions"] if r["kind"] == "name"}
    read = {}
    for phase in _PHASES:
        image = _phase(images[unmarked].convert("L"), *phase)
        first, last, middle = _name_extent(image, rows[row])
        width = last - first
        ImageDraw.Draw(image).line(
            [(first + start * width, middle + 1), (first + stop * width, middle)], fill=80, width=3
        )
        reading = read_page(_at_150_dpi(image), page, blank, 150)
        assert isinstance(reading, SheetReading), reading
        read[phase] = {n.row: n.state for n in reading.names}[row]
    assert set(read.values()) == {"review"}, read


@pytest.mark.parametrize(("row", "slant"), [(3, 0.002), (6, 0.002), (9, 0.008)])
def test_a_crease_along_a_name_that_the_crease_search_misses_is_not_a_strike(
    strike_deck, row: int, slant: float
) -> None:
    """A fold crease along a name row, cut by a black-and-white scanner into sparse dashes, runs across the
    sheet from margin to margin: a line through the name that runs on across both margins is paper, not a
    pen. Drawn from the page's own pixels (the name's middle), scanned at 200 dpi, 1-bit threshold."""
    from PIL import ImageDraw

    images, page, expected, blank = strike_deck
    unmarked = next(i for i, entry in enumerate(expected) if not entry["struck"])
    rows = {r["row"]: r["rect"] for r in page["regions"] if r["kind"] == "name"}
    image = images[unmarked].convert("L")
    _, _, middle = _name_extent(image, rows[row])
    draw = ImageDraw.Draw(image)
    rng = np.random.default_rng(row)
    x = 20
    while x < image.width - 20:  # dashes of 3–9 px with gaps of 4–12 px, the line slightly slanted
        length = int(rng.integers(3, 10))
        y = middle + 3 + (x - image.width / 2) * slant
        draw.line([(x, y), (x + length, y)], fill=0, width=2)
        x += length + int(rng.integers(4, 13))
    reading = _read_1_bit(image, page, blank, 200)
    states = {n.row: n.state for n in reading.names}
    assert states[row] != "struck", [(n.row, round(n.coverage, 2)) for n in reading.names]
    assert all(s == "kept" for r, s in states.items() if r != row), states


@pytest.mark.parametrize(("row", "slant", "past"), [(3, 0.0, 0.05), (6, 0.001, 0.08), (9, -0.001, 0.12)])
def test_a_crease_through_a_name_cell_off_the_name_is_not_a_line_for_a_person(
    strike_deck, row: int, slant: float, past: float
) -> None:
    """A pale fold crease along a name row on a 1-bit scan, which comes out (darker than the scanner's cut) only
    on the side of the sheet the lamp lit less, from `past` of the sheet's width beyond the name's last letter:
    in the name cell it runs through the empty part past the name, and on across the margin. It crosses no
    letter, and a line off the name that runs on across the margin is paper: the name is certainly kept. On four
    bench seeds 12 such rows went to a person as a line in the cell off the name, 11 of them on 1-bit pages."""
    images, page, expected, blank = strike_deck
    unmarked = next(i for i, entry in enumerate(expected) if not entry["struck"])
    rows = {r["row"]: r["rect"] for r in page["regions"] if r["kind"] == "name"}
    image = images[unmarked].convert("L")
    first, last, middle = _name_extent(image, rows[row])
    creased = _fading_crease(image, middle, slant, last + past * image.width, -1)
    cut = _CUT * 255
    columns = np.arange(image.width)
    at = np.round(middle + 3 + (columns - image.width / 2) * slant).astype(int), columns
    along = (np.asarray(creased)[at] < cut) & (np.asarray(image)[at] >= 250)  # dark only by the crease, on paper
    assert not along[first - 20 : last + 10].any()  # nothing of it shows along the name
    assert along[-int(0.1 * image.width) :].mean() > 0.9  # and it shows across the right margin
    reading = _read_1_bit(creased, page, blank, 200, cut)
    states = {n.row: n.state for n in reading.names}
    assert all(s == "kept" for s in states.values()), [(n.row, n.state, round(n.stray_mm, 1)) for n in reading.names]


@pytest.mark.parametrize(("row", "start_mm", "length_mm"), [(3, 4.0, 20.0), (6, 8.0, 40.0), (9, 3.0, 12.0)])
def test_a_pen_line_in_a_name_cell_off_the_name_still_goes_to_a_person(
    strike_deck, row: int, start_mm: float, length_mm: float
) -> None:
    """The counterpart of the crease off the name: a pen line in the empty part of the cell past the name, which
    stops inside the cell, is a voter's mark that a person looks at (1-bit, 200 dpi)."""
    from PIL import ImageDraw

    images, page, expected, blank = strike_deck
    unmarked = next(i for i, entry in enumerate(expected) if not entry["struck"])
    rows = {r["row"]: r["rect"] for r in page["regions"] if r["kind"] == "name"}
    image = images[unmarked].convert("L")
    _, last, middle = _name_extent(image, rows[row])
    px = 200 / 25.4
    start = last + round(start_mm * px)
    ImageDraw.Draw(image).line([(start, middle), (start + round(length_mm * px), middle + 2)], fill=35, width=3)
    reading = _read_1_bit(image, page, blank, 200)
    states = {n.row: n.state for n in reading.names}
    assert states[row] == "review", [(n.row, n.state, round(n.stray_mm, 1)) for n in reading.names]
    assert all(s == "kept" for r, s in states.items() if r != row), states


_CUT = 0.76  # a black-and-white scanner's cut, as a share of the paper's grey


def _fading_crease(image: Image.Image, middle: float, slant: float, vanish: float, towards: int) -> Image.Image:
    """A fold crease along the row through `middle` (a pixel row of the page), as a grey scanner sees it: a soft
    line about 0.3 mm across that darkens the paper by about a quarter at most, the lamp lighting one side less,
    so that towards the `towards` side (-1 left, +1 right) of pixel column `vanish` it is paler than a 1-bit
    scanner's cut, a little uneven along its length. Drawn from the page's own pixels, not the reader's masks."""
    grey = np.asarray(image.convert("L"), dtype=np.float32)
    height, width = grey.shape
    xs = np.arange(width, dtype=np.float32)
    centre = middle + 3 + (xs - width / 2) * slant
    across = np.arange(height, dtype=np.float32)[:, None] - centre[None, :]
    sigma = 0.3 / 2.355 * 200 / 25.4
    depth = np.clip((1 - _CUT) + 0.5 * (vanish - xs) * towards / width, 0.1, 0.31)
    depth = depth * (1 + 0.025 * np.sin(xs / 37.0) + 0.015 * np.sin(xs / 5.3))
    factor = 1 - depth[None, :] * np.exp(-0.5 * (across / sigma) ** 2)
    return Image.fromarray(np.clip(grey * factor + 0.5, 0, 255).astype(np.uint8))


@pytest.mark.parametrize(("row", "towards"), [(3, 1), (6, -1), (8, 1), (9, -1)])
def test_a_crease_a_black_and_white_scanner_keeps_on_one_side_only_is_not_a_strike(
    strike_deck, row: int, towards: int
) -> None:
    """A pale crease along a name row on a 1-bit (threshold) scan: only its core, where darker than the
    scanner's cut, comes out, one or two pixels wide; where the lamp lit the sheet less it vanishes, so it runs
    on across one margin only. Three such bench pages (150, 200 and 300 dpi) were read as certain strikes."""

    images, page, expected, blank = strike_deck
    unmarked = next(i for i, entry in enumerate(expected) if not entry["struck"])
    rows = {r["row"]: r["rect"] for r in page["regions"] if r["kind"] == "name"}
    image = images[unmarked].convert("L")
    first, last, middle = _name_extent(image, rows[row])
    vanish = last + 0.08 * image.width if towards > 0 else first - 0.06 * image.width
    creased = _fading_crease(image, middle, 0.002, vanish, towards)
    cut = _CUT * 255
    columns = np.arange(image.width)
    along = np.asarray(creased)[np.round(middle + 3 + (columns - image.width / 2) * 0.002).astype(int), columns] < cut
    margin = int(0.1 * image.width)
    # the crease shows all along the name and across one margin only
    assert along[first:last].all()
    assert along[:margin].mean() > 0.9 if towards > 0 else along[-margin:].mean() > 0.9
    assert not (along[-margin:] if towards > 0 else along[:margin]).any()
    reading = _read_1_bit(creased, page, blank, 200, cut)
    states = {n.row: n.state for n in reading.names}
    assert states[row] != "struck", [(n.row, round(n.coverage, 2)) for n in reading.names]
    assert all(s == "kept" for r, s in states.items() if r != row), states


@pytest.mark.parametrize(
    ("dpi", "row", "width", "dots"),
    [(150, 6, 1, 0.2), (150, 3, 1, 0.0), (200, 3, 1, 0.15), (200, 9, 1, 0.0), (300, 6, 2, 0.0), (300, 1, 1, 0.1)],
)
def test_a_crease_a_1_bit_scan_keeps_thinner_than_a_pen_is_not_a_strike(
    strike_deck, strike_deck_pdf: Path, dpi: int, row: int, width: int, dots: float
) -> None:
    """A pale crease on a 1-bit (threshold) scan kept as a crisp line `width` pixels wide through the name cell
    (thinner than any pen: a fine 0.3 mm ballpoint is 2 pixels at 150 dpi, 3.5 at 300) and as sparse dots (a
    share `dots` of the pixels) along the margin on one side, near the table, or not at all: a strong 150 dpi
    bench page read such a crease as a certain strike."""
    from PIL import ImageDraw

    images, page, expected, blank = strike_deck
    unmarked = next(i for i, entry in enumerate(expected) if not entry["struck"])
    rows = {r["row"]: r["rect"] for r in page["regions"] if r["kind"] == "name"}
    image = images[unmarked].convert("L")
    _, last, middle = (round(v * dpi / 200) for v in _name_extent(image, rows[row]))
    if dpi != 200:
        image = pypdfium2.PdfDocument(str(strike_deck_pdf))[unmarked].render(scale=dpi / 72, grayscale=True).to_pil()
    k = dpi / 72
    table = round(min(r["rect"][0] for r in page["regions"] if r["kind"] == "name") * k) - round(30 * k)
    draw = ImageDraw.Draw(image)
    y = middle + 1
    for down in range(width):
        draw.line([(table, y + down), (last + round(10 / 25.4 * dpi), y + down)], fill=0, width=1)
    rng = np.random.default_rng(row)
    for x in range(table - round(20 / 25.4 * dpi), table):  # dots over 20 mm of the margin next to the table
        if rng.random() < dots:
            draw.point((x, y), fill=0)
    reading = _read_1_bit(image, page, blank, dpi)
    states = {n.row: n.state for n in reading.names}
    assert states[row] != "struck", [(n.row, round(n.coverage, 2)) for n in reading.names]
    assert all(s == "kept" for r, s in states.items() if r != row), states


@pytest.mark.parametrize(("dpi", "row", "width"), [(150, 3, 2), (150, 9, 2), (200, 6, 3), (300, 3, 4), (300, 8, 4)])
def test_a_fine_pen_line_on_a_1_bit_scan_is_still_a_strike(
    strike_deck, strike_deck_pdf: Path, dpi: int, row: int, width: int
) -> None:
    """The counterpart of the thin crease: a fine ballpoint line (about 0.3 mm: 2 pixels at 150 dpi, 4 at 300)
    from before the name's first letter to past its last, on a 1-bit scan, is a strike."""
    from PIL import ImageDraw

    images, page, expected, blank = strike_deck
    unmarked = next(i for i, entry in enumerate(expected) if not entry["struck"])
    rows = {r["row"]: r["rect"] for r in page["regions"] if r["kind"] == "name"}
    first, last, middle = (round(v * dpi / 200) for v in _name_extent(images[unmarked], rows[row]))
    image = pypdfium2.PdfDocument(str(strike_deck_pdf))[unmarked].render(scale=dpi / 72, grayscale=True).to_pil()
    reach = round(1.5 / 25.4 * dpi)
    draw = ImageDraw.Draw(image)
    for down in range(width):  # (PIL draws a sloping line two pixels wide one pixel wide)
        draw.line([(first - reach, middle + 1 + down), (last + reach, middle + down)], fill=0, width=1)
    reading = _read_1_bit(image, page, blank, dpi)
    states = {n.row: n.state for n in reading.names}
    assert states[row] == "struck", [(n.row, round(n.coverage, 2)) for n in reading.names]
    assert all(s == "kept" for r, s in states.items() if r != row), states


@pytest.mark.parametrize(
    ("dpi", "row", "start", "stop"),
    [(300, 1, 0.06, 0.78), (300, 4, 0.1, 0.75), (300, 8, 0.05, 0.8), (200, 1, 0.06, 0.78), (150, 8, 0.05, 0.8)],
)
def test_a_line_short_of_a_names_last_letters_on_a_1_bit_scan_goes_to_a_person(
    strike_deck, strike_deck_pdf: Path, dpi: int, row: int, start: float, stop: float
) -> None:
    """A pen line from the name's first letters to three or so letters before its end, on a 1-bit scan, goes
    to a person. (A 300 dpi bench page, "Tạ Văn Thanh Khá|nh" drawn with the bench's tapered pen, is still read
    as a certain strike, the fine reading carrying the line on through the last letters' stems: a known limit in
    docs/recognition.md. These crisp lines guard the class.) The name's extent comes from the page's pixels."""
    from PIL import ImageDraw

    images, page, expected, blank = strike_deck
    unmarked = next(i for i, entry in enumerate(expected) if not entry["struck"])
    rows = {r["row"]: r["rect"] for r in page["regions"] if r["kind"] == "name"}
    first, last, middle = (v * dpi / 200 for v in _name_extent(images[unmarked], rows[row]))
    image = pypdfium2.PdfDocument(str(strike_deck_pdf))[unmarked].render(scale=dpi / 72, grayscale=True).to_pil()
    width = last - first
    draw = ImageDraw.Draw(image)
    for down in range(max(2, round(0.45 / 25.4 * dpi))):
        draw.line([(first + start * width, middle + down), (first + stop * width, middle + down + 1)], fill=30)
    reading = _read_1_bit(image, page, blank, dpi, 180)
    states = {n.row: n.state for n in reading.names}
    assert states[row] == "review", [(n.row, round(n.coverage, 2)) for n in reading.names]
    assert all(s == "kept" for r, s in states.items() if r != row), states


_FIRST, _MIDDLE, _LAST = (-0.01, 0.1), (0.46, 0.58), (0.88, 1.01)  # of the name's width, from its first inked column


def _kept_at_200(row: int, why: str) -> object:
    """A pale 0.3 mm line through the last letters of the name in `row` at 200 dpi: read kept, a known limit."""
    return pytest.param(200, 0.3, 140, row, *_LAST, marks=pytest.mark.xfail(strict=True, reason=f"known limit: {why}"))


_SHORT_PEN = [
    # a pale, thin ballpoint (0.3 mm, grey 140 on paper of 255) through the first or the last letters, at 200 dpi: no
    # reading finds a line; before _short_trace "Bùi Quang Huy" was read kept (the reading without the halo finds a
    # line scoring 3.6-4.6 there, the fine one none)
    (200, 0.3, 140, 8, *_FIRST),
    (200, 0.3, 140, 8, *_LAST),
    (200, 0.3, 140, 2, *_FIRST),
    _kept_at_200(
        2,
        "a pale 0.3 mm line through the last letters of 'Trần Thị Bình' at 200 dpi is read kept (the reading "
        "without the halo finds a line scoring 1.8, under TRACE_ALONE; the fine one none)",
    ),
    # a darker one (0.4 mm, grey 110) through two letters in the middle of three names
    *((200, 0.4, 110, row, *_MIDDLE) for row in (2, 5, 8)),
    # and at 300 dpi, through the first and the last letters of "Đỗ Minh Đức"
    *((300, 0.3, 140, 5, *span) for span in (_FIRST, _LAST)),
    _kept_at_200(5, "a pale 0.3 mm line through the last letters of 'Đỗ Minh Đức' at 200 dpi is read kept"),
]


@pytest.mark.parametrize(("dpi", "mm", "grey", "row", "start", "stop"), _SHORT_PEN)
def test_a_short_pen_line_through_one_or_two_letters_goes_to_a_person(
    strike_deck, strike_deck_pdf: Path, dpi: int, mm: float, grey: int, row: int, start: float, stop: float
) -> None:
    """A ballpoint line through the first letter, two letters in the middle or the last letters of a name, on a
    grey scan (a little soft, as a scanner delivers it), at two sub-pixel phases: it lies mostly behind the letters
    and shows only between them and in their counters. On partial-strike bench runs such lines were read kept
    with certainty ("Ngô Minh Hư|ng|", "|V|ũ Khắc Ưng"). Never kept, nor struck; the page's other names stay kept.
    The name's extent comes from the page's pixels, not the reader's masks."""
    from PIL import ImageDraw, ImageFilter

    images, page, expected, blank = strike_deck
    unmarked = next(i for i, entry in enumerate(expected) if not entry["struck"])
    rows = {r["row"]: r["rect"] for r in page["regions"] if r["kind"] == "name"}
    clean = pypdfium2.PdfDocument(str(strike_deck_pdf))[unmarked].render(scale=dpi / 72, grayscale=True).to_pil()
    first, last, middle = (v * dpi / 200 for v in _name_extent(images[unmarked], rows[row]))
    width = last - first
    read = {}
    for across in (0.0, 0.5):
        image = _phase(clean, across, 0.0)
        line = [(first + start * width, middle + 1), (first + stop * width, middle)]
        ImageDraw.Draw(image).line(line, fill=grey, width=max(2, round(mm / 25.4 * dpi)))
        reading = read_page(image.filter(ImageFilter.GaussianBlur(0.6)), page, blank, dpi)
        assert isinstance(reading, SheetReading), reading
        states = {n.row: n.state for n in reading.names}
        assert all(s == "kept" for r, s in states.items() if r != row), (across, states)
        read[across] = states[row]
    assert set(read.values()) == {"review"}, read


_SPECK_JOINED = pytest.mark.xfail(
    strict=True,
    reason="known limit: on a short name ('Ngô Thị Lan') the speck in its last letters lies within the plain "
    "reading's carry of a line behind print (STROKE_PRINTED per column), which joins the two; the fine reading "
    "sees the gap at some phases only",
)


@pytest.mark.parametrize(
    ("row", "start", "stop", "speck"),
    [
        (3, 0.0, 0.72, 0.97),
        (6, 0.0, 0.72, 0.97),
        pytest.param(9, 0.0, 0.72, 0.97, marks=_SPECK_JOINED),
        (3, 0.28, 1.0, 0.03),
        (6, 0.28, 1.0, 0.03),
        # (the speck in its first letter: plain paper between the speck and the line, where the line would show,
        # stops its carry; until paper gaps were read, a strict xfail too)
        (9, 0.28, 1.0, 0.03),
    ],
)
@pytest.mark.parametrize("dpi", [200, 150])
def test_a_line_through_part_of_a_name_and_a_speck_at_its_other_end_goes_to_a_person(
    strike_deck, row: int, start: float, stop: float, speck: float, dpi: int
) -> None:
    """A line through the first (or last) three quarters of a name, and a speck of ink in the last (or first)
    letter at the line's height, the rest of the name clear: the fine reading may join the two across the
    clear letters, but with a gap longer than letters hide a line that is not one line from the name's first
    letter to its last (seen on a 300 dpi bench page: "Đặng Thế Quốc Khuê" struck to "Quốc" read as struck),
    and it may not confirm a strike. Never a certain strike: a person decides."""
    from PIL import ImageDraw

    images, page, expected, blank = strike_deck
    unmarked = next(i for i, entry in enumerate(expected) if not entry["struck"])
    rows = {r["row"]: r["rect"] for r in page["regions"] if r["kind"] == "name"}
    read = {}
    for phase in _PHASES[::2]:
        image = _phase(images[unmarked].convert("L"), *phase)
        first, last, middle = _name_extent(image, rows[row])
        width = last - first
        draw = ImageDraw.Draw(image)
        draw.line([(first + start * width, middle + 1), (first + stop * width, middle)], fill=60, width=3)
        at = first + speck * width
        draw.ellipse([at - 1.5, middle - 1.5, at + 1.5, middle + 1.5], fill=60)
        reading = read_page(_at_150_dpi(image) if dpi == 150 else image, page, blank, dpi)
        assert isinstance(reading, SheetReading), reading
        read[phase] = {n.row: n.state for n in reading.names}[row]
    assert "struck" not in read.values(), read


def _perspective_coefficients(output: list[tuple[float, float]], source: list[tuple[float, float]]) -> list[float]:
    """PIL's eight coefficients taking each `output` corner to its `source` corner."""
    rows, values = [], []
    for (x, y), (u, v) in zip(output, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values += [u, v]
    return [float(c) for c in np.linalg.solve(np.array(rows, dtype=float), np.array(values, dtype=float))]


def _fed_in_perspective(image: Image.Image, turn: int, backing: int, pull: float, corner: int) -> Image.Image:
    """The page as a document feeder with a dark grey backing delivers it: turned by `turn` degrees, corner
    `corner` pulled `pull` of the page's size out of square (a homography), the backing close round the sheet."""
    grey = image.convert("L").rotate(turn, expand=True)
    width, height = grey.size
    margin = round(0.012 * width)
    corners = [(0.0, 0.0), (float(width), 0.0), (float(width), float(height)), (0.0, float(height))]
    output = [(x + margin, y + margin) for x, y in corners]
    sign_x, sign_y = (1 if corner in (1, 2) else -1), (1 if corner in (2, 3) else -1)
    output[corner] = (output[corner][0] + sign_x * pull * width, output[corner][1] + sign_y * pull * height)
    shift_x = pull * width if sign_x < 0 else 0.0
    shift_y = pull * height if sign_y < 0 else 0.0
    output = [(x + shift_x, y + shift_y) for x, y in output]
    size = (width + 2 * margin + round(pull * width), height + 2 * margin + round(pull * height))
    return grey.transform(
        size,
        Image.Transform.PERSPECTIVE,
        _perspective_coefficients(output, corners),
        resample=Image.Resampling.BICUBIC,
        fillcolor=backing,
    ).filter(ImageFilter.GaussianBlur(0.6))


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
@pytest.mark.parametrize("corner", [0, 1, 2, 3])
def test_a_mark_beside_a_dark_feeder_backing_is_found_where_the_qr_predicts_it_poorly(
    deck, turn: int, corner: int
) -> None:
    """A 300 dpi scoring page fed sideways was refused as warped: the far marks, predicted from the QR and the
    near marks, lay 3 mm from where they were looked for, the first search window held the feeder's backing
    (darker than the ink level) too, and the wider search took a square of backing cut off by the image's edge
    for the mark. Beyond the edge there is no paper: such a square does not stand alone."""
    images, page, expected, _ = deck
    scanned = _fed_in_perspective(images[0], turn, backing=150, pull=0.012, corner=corner)
    reading = read_page(scanned, page)
    assert isinstance(reading, SheetReading), reading
    marked = {(b.row, b.col) for b in reading.boxes if b.state == "marked"}
    assert marked == expected_marks(expected[0])


def _rules_beside(image: Image.Image, x: int, top: int, bottom: int) -> list[int]:
    """The printed table's horizontal rules crossing pixel column `x` between rows `top` and `bottom` of an
    unmarked page: the middle row of each run of dark pixels (found from the page's pixels, not the template)."""
    column = np.asarray(image.convert("L"))[top:bottom, x] < 128
    rows = np.flatnonzero(column)
    runs = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1) if rows.size else []
    return [top + int(run.mean()) for run in runs if run.size]


@pytest.mark.parametrize(("row", "below"), [(3, True), (6, True), (7, False)])
@pytest.mark.parametrize("past_mm", [0.5, 1.2])
def test_a_thick_x_whose_ends_cross_the_rule_strikes_only_its_own_name(
    strike_deck, row: int, below: bool, past_mm: float
) -> None:
    """A felt-tip X drawn over a name, its ends running past the row's rules into the rows above and below, at the
    first and last letters of one of them (`neighbour`): the X's name is struck or goes to a person, the names
    beside it are never read as struck (the plain reading joined two ends along the rule into a strike of an
    unmarked name)."""
    from PIL import ImageDraw

    images, page, expected, blank = strike_deck
    unmarked = next(i for i, entry in enumerate(expected) if not entry["struck"])
    rows = {r["row"]: r["rect"] for r in page["regions"] if r["kind"] == "name"}
    neighbour = row + 1 if below else row - 1
    image = images[unmarked].convert("L")
    first, last, middle = _name_extent(image, rows[row])
    other_first, other_last, other_middle = _name_extent(image, rows[neighbour])
    left, right = min(first, other_first), max(last, other_last)
    # the rules above and below the name, from the page's own pixels, just right of both names
    rules = _rules_beside(image, right + 30, min(middle, other_middle) - 120, max(middle, other_middle) + 120)
    above = max(r for r in rules if r < middle)
    under = min(r for r in rules if r > middle)
    past = past_mm * 200 / 25.4
    top, bottom = above - past, under + past
    draw = ImageDraw.Draw(image)
    width = round(2.0 * 200 / 25.4)  # a 2 mm felt tip
    for (x0, y0), (x1, y1) in (((left, bottom), (right, top)), ((left, top), (right, bottom))):
        draw.line([(x0, y0), (x1, y1)], fill=20, width=width)
        for x, y in ((x0, y0), (x1, y1)):  # the felt tip's round ends
            draw.ellipse([x - width / 2, y - width / 2, x + width / 2, y + width / 2], fill=20)
    reading = read_page(_scan(image, 0.6, 1.0, (4, -3)), page, blank)
    assert isinstance(reading, SheetReading), reading
    states = {n.row: n.state for n in reading.names}
    detail = [(n.row, n.state, round(n.coverage, 2)) for n in reading.names]
    assert states[row] in ("struck", "review"), detail
    # (the X's other two ends cross the row's other rule, into the row on that side)
    assert states[row - 1] != "struck", detail
    assert states[row + 1] != "struck", detail
    assert all(state == "kept" for r, state in states.items() if abs(r - row) > 1), detail
