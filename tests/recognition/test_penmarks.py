"""The pen marks and scanner wear of benchmarks/penmarks.py, on a synthetic page built here (no app needed)."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image, ImageChops, ImageDraw

from benchmarks.penmarks import (
    AMBIGUOUS_BOX,
    AMBIGUOUS_STRIKE,
    BOX_STYLES,
    STRIKE_STYLES,
    Degradation,
    Hand,
    degrade,
    draw_box,
    draw_digits,
    draw_name,
    draw_signature,
    draw_stamp,
    draw_strike,
    heavy,
    moderate,
    random_hand,
)

DPI = 200
K = DPI / 72  # pixels per point
MM = DPI / 25.4  # pixels per millimetre
LIGHT = Hand(width_mm=0.35, ink=125, wobble=0.3)  # a pale fine ballpoint in a shaky hand
FELT = Hand(width_mm=1.0, ink=20, wobble=0.1)
HANDS = (LIGHT, FELT)

BOX = [300.0, 250.0, 17.0, 17.0]
NAME = [150.0, 400.0, 330.0, 24.0]  # a long, low name cell, as on an election ballot
TALL_NAME = [80.0, 480.0, 224.0, 36.0]  # name and title, as on a grid ballot
SCORE = [350.0, 560.0, 90.0, 25.0]
LINE = [100.0, 620.0, 440.0, 31.0]


def _page_dict() -> dict:
    return {
        "page": 1,
        "pages": 1,
        "size": [595.28, 841.89],
        "registration": [
            [17.01, 17.01, 14.17, 14.17],
            [564.09, 17.01, 14.17, 14.17],
            [17.01, 810.71, 14.17, 14.17],
            [564.09, 810.71, 14.17, 14.17],
        ],
        "qr": [476.22, 734.17, 68.03, 68.03],
        "stamp": [51.02, 39.69, 226.89, 119.06],
        "regions": [
            {"kind": "box", "row": 1, "col": 1, "rect": BOX},
            {"kind": "box", "row": 1, "col": 2, "rect": [360.0, 250.0, 17.0, 17.0]},
            {"kind": "name", "row": 1, "col": 0, "rect": NAME},
            {"kind": "name", "row": 2, "col": 0, "rect": TALL_NAME},
            {"kind": "score", "row": 1, "col": 1, "rect": SCORE},
            {"kind": "line", "row": 1, "col": 0, "rect": LINE},
        ],
    }


def _px(rect: list[float], grow_mm: float = 0.0) -> tuple[int, int, int, int]:
    x, y, w, h = (v * K for v in rect)
    g = grow_mm * MM
    return round(x - g), round(y - g), round(x + w + g), round(y + h + g)


@pytest.fixture(scope="module")
def blank() -> tuple[Image.Image, dict]:
    """A white A4 page at 200 dpi: corner squares (the top-left one larger, to tell the page's way up),
    a filled block for the QR code, and the outlines of every region.
    """
    page = _page_dict()
    image = Image.new("L", (round(595.28 * K), round(841.89 * K)), 255)
    draw = ImageDraw.Draw(image)
    for i, rect in enumerate(page["registration"]):
        x0, y0, x1, y1 = _px(rect, 2.0 if i == 0 else 0.0)
        draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=0)
    qx0, qy0, qx1, qy1 = _px(page["qr"])
    for i in range(qx0, qx1, 12):  # a chequer standing in for the code
        for j in range(qy0, qy1, 12):
            if (i + j) // 12 % 2:
                draw.rectangle((i, j, i + 11, j + 11), fill=0)
    for region in page["regions"]:
        x0, y0, x1, y1 = _px(region["rect"])
        draw.rectangle((x0, y0, x1, y1), outline=0, width=2)
    return image, page


Box = tuple[int, int, int, int]


def _inked(before: Image.Image, after: Image.Image, box: Box) -> np.ndarray:
    """Where, within `box`, ink went onto the page: darker by more than 25 grey levels."""
    a = np.asarray(before.crop(box), dtype=np.int16)
    b = np.asarray(after.crop(box), dtype=np.int16)
    return (a - b) > 25


def _ink_box(before: Image.Image, after: Image.Image) -> Box:
    """The bounding box (x0, y0, x1, y1, exclusive) of all the ink put on the page."""
    where = ImageChops.subtract(before, after).point(lambda v: 255 if v > 25 else 0).getbbox()
    assert where is not None, "no ink at all"
    return where


def _within(inner: Box, outer: Box) -> bool:
    return inner[0] >= outer[0] and inner[1] >= outer[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def _inner(rect: list[float]) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = _px(rect)
    return x0 + 3, y0 + 3, x1 - 2, y1 - 2  # inside the printed outline


# ------------------------------------------------------------------------------------------------ boxes


@pytest.mark.parametrize("style", BOX_STYLES)
@pytest.mark.parametrize("hand", HANDS, ids=("light", "felt"))
def test_each_clear_mark_inks_the_box_and_stays_near_it(blank, style: str, hand: Hand) -> None:
    image, _ = blank
    least = {"cross": 0.04, "tick": 0.03, "fill": 0.5, "dot_fill": 0.3, "spill_cross": 0.04}[style]
    for seed in range(6):
        marked = image.copy()
        draw_box(marked, BOX, DPI, style, hand, random.Random(seed))
        inside = _inked(image, marked, _inner(BOX)).mean()
        assert inside >= least, (style, seed, inside)
        where = _ink_box(image, marked)
        if style == "spill_cross":  # past the border, by up to about 2 mm
            assert not _within(where, _px(BOX, 0.5)), seed
            assert _within(where, _px(BOX, 3.5)), seed
        else:
            assert _within(where, _px(BOX, 1.2)), (style, seed)


def test_fill_and_dot_fill_cover_what_they_promise(blank) -> None:
    image, _ = blank
    for seed in range(6):
        for hand in HANDS:
            filled = image.copy()
            draw_box(filled, BOX, DPI, "fill", hand, random.Random(seed))
            assert 0.5 <= _inked(image, filled, _inner(BOX)).mean() <= 0.97
            dotted = image.copy()
            draw_box(dotted, BOX, DPI, "dot_fill", hand, random.Random(seed))
            x0, y0, x1, y1 = _inner(BOX)
            centre = _inked(
                image, dotted, (x0 + (x1 - x0) // 4, y0 + (y1 - y0) // 4, x1 - (x1 - x0) // 4, y1 - (y1 - y0) // 4)
            )
            assert centre.mean() > 0.9  # a solid blob over the middle
            assert _inked(image, dotted, _inner(BOX)).mean() >= 0.35


@pytest.mark.parametrize("hand", HANDS, ids=("light", "felt"))
def test_a_circled_box_stays_empty_inside_with_a_ring_around_it(blank, hand: Hand) -> None:
    image, _ = blank
    for seed in range(6):
        marked = image.copy()
        draw_box(marked, BOX, DPI, "circled", hand, random.Random(seed))
        assert _inked(image, marked, _px(BOX, 0.2)).sum() == 0, seed  # not even on the printed border
        x0, y0, x1, y1 = _px(BOX)
        ring = 4 * MM
        sides = {
            "above": (x0, round(y0 - ring), x1, y0),
            "below": (x0, y1, x1, round(y1 + ring)),
            "left": (round(x0 - ring), y0, x0, y1),
            "right": (x1, y0, round(x1 + ring), y1),
        }
        for side, box in sides.items():
            assert _inked(image, marked, box).sum() > 10, (seed, side)
        assert _within(_ink_box(image, marked), _px(BOX, 5.0))


def test_a_scribbled_box_is_heavy_and_runs_well_past_the_border(blank) -> None:
    image, _ = blank
    for seed in range(4):
        for hand in HANDS:
            marked = image.copy()
            draw_box(marked, BOX, DPI, "scribbled", hand, random.Random(seed))
            assert _inked(image, marked, _inner(BOX)).mean() > 0.5
            x0, y0, x1, y1 = _px(BOX)
            beyond = MM
            for box in (
                (x0, 0, x1, round(y0 - beyond)),
                (x0, round(y1 + beyond), x1, image.height),
                (0, y0, round(x0 - beyond), y1),
                (round(x1 + beyond), y0, image.width, y1),
            ):
                assert _inked(image, marked, box).sum() > 0, (seed, box)


def test_a_faint_dot_is_tiny_and_paler_than_the_pen(blank) -> None:
    image, _ = blank
    for seed in range(8):
        hand = random_hand(random.Random(seed))
        marked = image.copy()
        draw_box(marked, BOX, DPI, "faint_dot", hand, random.Random(seed))
        ink = _inked(image, marked, _inner(BOX))
        assert 0 < ink.mean() < 0.05
        assert _within(_ink_box(image, marked), _inner(BOX))
        x0, y0, x1, y1 = _inner(BOX)
        darkest = int(np.asarray(marked)[y0:y1, x0:x1].min())
        assert darkest >= hand.ink + 0.25 * (255 - hand.ink) - 2


def test_unknown_styles_are_refused(blank) -> None:
    image, _ = blank
    with pytest.raises(ValueError, match="box style"):
        draw_box(image.copy(), BOX, DPI, "smiley", LIGHT, random.Random(0))
    with pytest.raises(ValueError, match="strike style"):
        draw_strike(image.copy(), NAME, DPI, "zigzag", LIGHT, random.Random(0))


# ------------------------------------------------------------------------------------------------ strikes


def _columns(image: Image.Image, marked: Image.Image, rect: list[float]) -> float:
    """The share of the cell's width that has ink somewhere in the cell's height."""
    x0, y0, x1, y1 = _inner(rect)
    return float(_inked(image, marked, (x0, y0, x1, y1)).any(axis=0).mean())


@pytest.mark.parametrize("style", STRIKE_STYLES + AMBIGUOUS_STRIKE)
@pytest.mark.parametrize("rect", [NAME, TALL_NAME], ids=("low", "tall"))
def test_a_strike_covers_the_name_and_keeps_to_its_row(blank, style: str, rect: list[float]) -> None:
    image, _ = blank
    for seed in range(8):
        hand = (LIGHT, FELT, random_hand(random.Random(seed)))[seed % 3]
        marked = image.copy()
        draw_strike(marked, rect, DPI, style, hand, random.Random(seed))
        covered = _columns(image, marked, rect)
        if style == "partial":
            assert 0.25 <= covered <= 0.45, (seed, covered)
        else:
            assert covered >= 0.85, (seed, covered)
        where = _ink_box(image, marked)
        x, y, w, h = (v * K for v in rect)
        assert where[1] >= y + 0.1 * h, (seed, where)  # clear of the row above
        assert where[3] <= y + 0.9 * h, (seed, where)  # and of the row below
        middle = where[1] + np.nonzero(_inked(image, marked, where).any(axis=1))[0].mean()
        assert y + 0.25 * h <= middle <= y + 0.75 * h
        if style == "past_row":
            assert where[0] <= x - 4.5 * MM
            assert where[2] >= x + w + 4.5 * MM
        else:
            assert where[0] >= x - 0.1 * w
            assert where[2] <= x + 1.1 * w


def _centres(image: Image.Image, marked: Image.Image, rect: list[float]) -> np.ndarray:
    """Per column of the cell, the mean height of the ink (nan where there is none)."""
    x0, y0, x1, y1 = _inner(rect)
    ink = _inked(image, marked, (x0, y0, x1, y1))
    ys = np.arange(ink.shape[0])[:, None]
    with np.errstate(invalid="ignore"):
        return (ink * ys).sum(axis=0) / ink.sum(axis=0)


def test_slanted_wavy_and_double_strikes_have_their_shapes(blank) -> None:
    image, _ = blank
    for seed in range(5):
        rng = random.Random(seed)
        slanted = image.copy()
        draw_strike(slanted, TALL_NAME, DPI, "slanted", FELT, rng)
        c = _centres(image, slanted, TALL_NAME)
        quarter = len(c) // 4
        assert abs(np.nanmean(c[:quarter]) - np.nanmean(c[-quarter:])) > 1.5 * MM  # 2-4 degrees over 79 mm

        straight = image.copy()
        draw_strike(straight, TALL_NAME, DPI, "straight", FELT, random.Random(seed))
        wavy = image.copy()
        draw_strike(wavy, TALL_NAME, DPI, "wavy", FELT, random.Random(seed))
        assert np.nanstd(_centres(image, wavy, TALL_NAME)) > 0.45 * MM > np.nanstd(_centres(image, straight, TALL_NAME))

        double = image.copy()
        draw_strike(double, TALL_NAME, DPI, "double", LIGHT, random.Random(seed))
        x0, y0, x1, y1 = _inner(TALL_NAME)
        column = _inked(image, double, (x0, y0, x1, y1))[:, (x1 - x0) // 2]
        runs = np.count_nonzero(np.diff(column.astype(np.int8)) == 1)
        assert runs == 2, seed  # two separate lines across the middle of the cell


# ------------------------------------------------------------------------------------------------ writing


def test_digits_and_names_are_written_inside_their_areas(blank) -> None:
    image, _ = blank
    for seed in range(5):
        hand = random_hand(random.Random(seed))
        marked = image.copy()
        draw_digits(marked, SCORE, DPI, ("8,5", "10", "7", "9,5", "0")[seed], hand, random.Random(seed))
        where = _ink_box(image, marked)
        assert _within(where, _inner(SCORE)), where
        assert where[2] - where[0] > 1.5 * MM
        assert _inked(image, marked, where).sum() > 50

        named = image.copy()
        draw_name(named, LINE, DPI, "Nguyễn Thị Phương Thảo", hand, random.Random(seed))
        where = _ink_box(image, named)
        assert _within(where, _px(LINE, 1.0)), where
        assert where[2] - where[0] > 35 * MM  # a whole name, not a blot
        assert where[3] - where[1] > 4 * MM
        assert _inked(image, named, where).any(axis=0).mean() > 0.6  # joined-up: few gaps along the line


def test_the_seal_lands_on_the_stamp_zone_in_red_ink_grey(blank) -> None:
    image, page = blank
    for seed in range(5):
        marked = image.copy()
        draw_stamp(marked, page["stamp"], DPI, random.Random(seed))
        where = _ink_box(image, marked)
        assert _within(where, _px(page["stamp"], 6.0)), where
        assert _inked(image, marked, _px(page["registration"][0], 4.0)).sum() == 0
        span = max(where[2] - where[0], where[3] - where[1])
        assert 30 * MM <= span <= 44 * MM  # a round seal 34-42 mm across
        ink = _inked(image, marked, where)
        assert ink.sum() > 2000
        seal = np.asarray(marked.crop(where))[ink & (np.asarray(image.crop(where)) == 255)]
        assert 70 <= np.percentile(seal, 2) <= 130  # a red seal scans mid-grey, never black


def test_the_signature_keeps_clear_of_everything_printed(blank) -> None:
    image, page = blank
    for seed in range(5):
        marked = image.copy()
        draw_signature(marked, page, DPI, random_hand(random.Random(seed)), random.Random(seed))
        where = _ink_box(image, marked)
        assert _inked(image, marked, where).sum() > 200
        assert where[1] > image.height * 0.45
        assert where[2] - where[0] > 20 * MM
        for rect in [page["qr"], page["stamp"], *page["registration"], *(r["rect"] for r in page["regions"])]:
            assert _inked(image, marked, _px(rect, 2.0)).sum() == 0, rect


def _voter(image: Image.Image, seed: int) -> Image.Image:
    rng = random.Random(seed)
    hand = random_hand(rng)
    page = _page_dict()
    marked = image.copy()
    draw_box(marked, BOX, DPI, rng.choice(BOX_STYLES + AMBIGUOUS_BOX), hand, rng)
    draw_strike(marked, NAME, DPI, rng.choice(STRIKE_STYLES + AMBIGUOUS_STRIKE), hand, rng)
    draw_digits(marked, SCORE, DPI, "8,5", hand, rng)
    draw_name(marked, LINE, DPI, "Lê Văn Cường", hand, rng)
    draw_stamp(marked, page["stamp"], DPI, rng)
    draw_signature(marked, page, DPI, hand, rng)
    return degrade(marked, heavy(rng), rng)


def test_one_seed_always_gives_the_same_bytes(blank) -> None:
    image, _ = blank
    small = image.resize((image.width // 2, image.height // 2))  # degrading is the slow part
    first = _voter(small, 11)
    assert first.tobytes() == _voter(small, 11).tobytes()
    assert first.tobytes() != _voter(small, 12).tobytes()
    assert image.tobytes() == blank[0].tobytes()  # drawing works on copies; the fixture is untouched


# ------------------------------------------------------------------------------------------------ scanning


def _corner_blobs(scan: Image.Image) -> dict[str, tuple[int, tuple[int, int, int, int]]]:
    """Solid dark blobs (thin lines and text filtered away) per quadrant: (area, bounding box)."""
    dark = np.asarray(scan) < 110
    table = np.pad(dark.astype(np.int32).cumsum(axis=0).cumsum(axis=1), ((1, 0), (1, 0)))
    n = 9  # a pixel is solid when the whole n x n square from it is dark
    window = table[n:, n:] - table[:-n, n:] - table[n:, :-n] + table[:-n, :-n]
    solid = window == n * n
    h, w = solid.shape
    blobs = {}
    for name, (ys, xs) in {
        "top-left": (slice(0, h // 2), slice(0, w // 2)),
        "top-right": (slice(0, h // 2), slice(w // 2, w)),
        "bottom-left": (slice(h // 2, h), slice(0, w // 2)),
        "bottom-right": (slice(h // 2, h), slice(w // 2, w)),
    }.items():
        part = solid[ys, xs]
        rows, cols = np.nonzero(part)
        assert len(rows), name
        box = (cols.min() + xs.start, rows.min() + ys.start, cols.max() + xs.start, rows.max() + ys.start)
        blobs[name] = (len(rows), box)
    return blobs


@pytest.mark.parametrize("jpeg", [None, 55], ids=("lossless", "jpeg"))
def test_a_page_turned_upside_down_keeps_every_corner_mark(blank, jpeg: int | None) -> None:
    image, _ = blank
    wear = Degradation(
        angle=182.5, scale=0.97, perspective=0.01, blur=1.2, noise=12, jpeg=jpeg, streak=True, background=226
    )
    scan = degrade(image, wear, random.Random(3))
    assert scan.mode == "L"
    assert scan.width > image.width * 0.97
    assert scan.height > image.height * 0.97
    blobs = _corner_blobs(scan)
    side = 14.17 * K
    # the clean page's corner squares, eroded by the filter; the top-left one is the larger
    for name, (area, (x0, y0, x1, y1)) in blobs.items():
        assert 0.3 * side**2 < area < 3.0 * side**2, name
        assert min(x0, y0, scan.width - 1 - x1, scan.height - 1 - y1) > 0.01 * scan.width, name  # nothing cut off
    assert max(blobs, key=lambda name: blobs[name][0]) == "bottom-right"  # turned round
    centre = np.asarray(scan)[scan.height // 2 - 40 : scan.height // 2 + 40, 60:200]  # blank paper, left margin
    assert abs(float(np.median(centre)) - 226 * (1 - 0.03 / 2)) < 6


def test_jpeg_and_lossless_scans_differ_only_by_the_compression(blank) -> None:
    image, _ = blank
    small = image.resize((image.width // 2, image.height // 2))
    wear = Degradation(
        angle=1.0, scale=1.0, perspective=0.0, blur=0.0, noise=0.0, jpeg=None, streak=False, background=240
    )
    lossless = degrade(small, wear, random.Random(5))
    lossy = degrade(small, replace(wear, jpeg=50), random.Random(5))
    assert lossless.size == lossy.size
    assert lossy.mode == "L"
    difference = np.abs(np.asarray(lossless, dtype=np.int16) - np.asarray(lossy, dtype=np.int16))
    assert 0 < difference.mean() < 3


def test_upright_scans_keep_their_way_up(blank) -> None:
    image, _ = blank
    small = image.resize((image.width // 2, image.height // 2))
    scan = degrade(small, replace(moderate(random.Random(1)), angle=-1.5), random.Random(2))
    blobs = _corner_blobs(scan)
    assert max(blobs, key=lambda name: blobs[name][0]) == "top-left"


def test_the_presets_stay_within_their_ranges() -> None:
    rng = random.Random(0)
    for preset, limits in (
        (moderate, {"tilt": 2.0, "scale": 0.02, "perspective": 0.004, "blur": 0.8, "noise": 6, "q": 70}),
        (heavy, {"tilt": 3.0, "scale": 0.03, "perspective": 0.01, "blur": 1.2, "noise": 12, "q": 50}),
    ):
        samples = [preset(rng) for _ in range(400)]
        for d in samples:
            tilt = d.angle - 180 if d.angle > 90 else d.angle
            assert abs(tilt) <= limits["tilt"]
            assert abs(d.scale - 1) <= limits["scale"]
            assert 0 <= d.perspective <= limits["perspective"]
            assert 0 <= d.blur <= limits["blur"]
            assert 0 <= d.noise <= limits["noise"]
            assert d.jpeg is None or limits["q"] <= d.jpeg <= 90
            assert 225 <= d.background <= 250
        upside_down = sum(d.angle > 90 for d in samples) / len(samples)
        assert 0.04 < upside_down < 0.25
        assert any(d.jpeg is None for d in samples)
        assert any(d.jpeg for d in samples)
        assert 0.03 < sum(d.streak for d in samples) / len(samples) < 0.45


def test_random_hands_span_light_and_heavy_pens() -> None:
    rng = random.Random(0)
    hands = [random_hand(rng) for _ in range(500)]
    assert all(0.3 <= h.width_mm <= 1.2 and 10 <= h.ink <= 140 and 0 <= h.wobble <= 0.6 for h in hands)
    assert any(h.ink > 120 for h in hands)
    assert any(h.ink < 25 for h in hands)
    assert any(h.width_mm < 0.4 for h in hands)
    assert any(h.width_mm > 1.0 for h in hands)
    assert any(h.wobble > 0.4 for h in hands)
    assert sum(h.wobble < 0.25 for h in hands) > 250  # most hands are steady
