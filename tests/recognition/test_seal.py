"""The committee's seal: a round seal over the organisation's name is the stamp, however little of its ink falls
inside the stamp zone; ink near the zone that is not a round seal (a scribble, an underline, a circle drawn by
hand round the name, part of a ring) is never taken for one.

The seals here are drawn by this test with PIL (two rings, radial lettering, a star), not by the benchmark's
seal, and placed from the stamp zone's printed text on the blank page."""

from __future__ import annotations

import math
import random
import shutil
from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from app.recognition.pipeline import blank_reference
from app.recognition.reading import SheetReading, read_page
from app.services import printing
from app.store.db import open_meeting_file

DPI = 200
K = DPI / 72  # pixels per point
MM = DPI / 25.4  # pixels per millimetre


@pytest.fixture(scope="module")
def sheet(_example_template: Path, tmp_path_factory: pytest.TempPathFactory):
    """One issued confidence-vote sheet rendered at 200 dpi (unmarked, unstamped), its template page, its blank
    reference, and the box round the printed text of its stamp zone (pixels)."""
    folder = tmp_path_factory.mktemp("seal")
    path = folder / "m.kiemphieu"
    shutil.copyfile(_example_template, path)
    with open_meeting_file(path) as meeting_file:
        report = printing.print_ballots(meeting_file, code="tin-nhiem", copies=1, out=folder / "one.pdf", actor="t")
    page = report.template["pages"][0]
    pdf = pypdfium2.PdfDocument(str(folder / "one.pdf"))
    image = pdf[0].render(scale=K, grayscale=True).to_pil().convert("L")
    blank = blank_reference((folder / "one.pdf").read_bytes(), page)
    x, y, w, h = (v * K for v in page["stamp"])
    zone = np.asarray(image)[round(y) : round(y + h), round(x) : round(x + w)] < 128
    rows, cols = np.nonzero(zone)
    text = (x + cols.min(), y + rows.min(), x + cols.max(), y + rows.max())
    return image, page, blank, text


def _seal(size: int, diameter_mm: float, ink: int, rng: random.Random) -> Image.Image:
    """A round seal `diameter_mm` across on a white square: an outer ring, an inner ring, radial lettering
    between them and a star in the middle, in ink of grey `ink` (a red seal scans mid-grey)."""
    seal = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(seal)
    c = size / 2
    outer = diameter_mm / 2 * MM
    width = max(2, round(rng.uniform(0.7, 1.1) * MM))
    draw.ellipse((c - outer, c - outer, c + outer, c + outer), outline=ink, width=width)
    inner = outer * rng.uniform(0.68, 0.76)
    draw.ellipse((c - inner, c - inner, c + inner, c + inner), outline=ink, width=max(1, width // 2))
    for k in range(40):  # lettering: short strokes along the band between the rings
        if rng.random() < 0.15:
            continue
        a = 2 * math.pi * k / 40
        r0, r1 = inner + 0.25 * (outer - inner), outer - 0.3 * (outer - inner)
        draw.line((c + r0 * math.cos(a), c + r0 * math.sin(a), c + r1 * math.cos(a), c + r1 * math.sin(a)), fill=ink)
    star = [
        (
            c + (0.22 if i % 2 == 0 else 0.09) * outer * math.cos(math.pi / 2 + i * math.pi / 5),
            c - (0.22 if i % 2 == 0 else 0.09) * outer * math.sin(math.pi / 2 + i * math.pi / 5),
        )
        for i in range(10)
    ]
    draw.polygon(star, fill=ink)
    return seal


def _worn(seal: Image.Image, gaps: int, share: float, rng: random.Random) -> Image.Image:
    """The seal pressed unevenly: `gaps` arcs, `share` of the way round in all, where it left no ink."""
    size = seal.width
    rows, cols = np.indices((size, size))
    angle = np.degrees(np.arctan2(rows - size / 2, cols - size / 2)) % 360
    lost = np.zeros((size, size), dtype=bool)
    for _ in range(gaps):
        start, width = rng.uniform(0, 360), 360 * share / gaps
        lost |= (angle - start) % 360 < width
    out = np.asarray(seal).copy()
    out[lost] = 255
    return Image.fromarray(out)


def _press(image: Image.Image, mark: Image.Image, centre: tuple[float, float]) -> Image.Image:
    out = image.copy()
    left, top = round(centre[0] - mark.width / 2), round(centre[1] - mark.height / 2)
    box = (max(0, left), max(0, top), min(out.width, left + mark.width), min(out.height, top + mark.height))
    part = mark.crop((box[0] - left, box[1] - top, box[2] - left, box[3] - top))
    out.paste(ImageChops.multiply(out.crop(box), part), box[:2])
    return out


def _scanned(image: Image.Image, rng: random.Random) -> Image.Image:
    noisy = np.asarray(image.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.9))), dtype=float)
    noisy = noisy * rng.uniform(0.9, 0.97) + np.random.default_rng(rng.randrange(1 << 30)).normal(0, 3, noisy.shape)
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))


def _state(sheet, image: Image.Image) -> tuple[str, float | None, float | None]:
    _, page, blank, _ = sheet
    reading = read_page(image, page, blank)
    assert isinstance(reading, SheetReading), reading
    return reading.stamp_state, reading.stamp, reading.seal_ring


def test_a_round_seal_over_the_organisation_name_is_the_stamp_wherever_it_is_pressed(sheet) -> None:
    """... and no part of it is writing outside the boxes: the disc found round its ink can sit off its middle
    (the print over it and ink beside it pull it), and a seal's top ring above that disc was counted as writing
    on 3 of 400 bench pages (seed 101); the border found round most of the seal sets the disc too. (These seals
    did not pull the disc off as the bench's did: the bench run is that case.)"""
    image, page, blank, text = sheet
    left, top, right, bottom = text
    rng = random.Random(41)
    found = []
    for case in range(16):
        diameter = rng.uniform(30, 40)
        seal = _seal(round(46 * MM), diameter, rng.randint(95, 150), rng)
        # over the name's middle or towards its ends, running above it onto the sheet's header or down past it
        cx = rng.uniform(left + 5 * MM, right - 5 * MM)
        cy = rng.uniform(top, bottom + 0.15 * diameter * MM)
        reading = read_page(_scanned(_press(image, seal, (cx, cy)), rng), page, blank)
        assert isinstance(reading, SheetReading), reading
        found.append((case, round(diameter), reading.stamp_state, reading.stamp, reading.seal_ring, reading.extra))
    assert all(state == "stamped" and extra == 0 for _, _, state, _, _, extra in found), found


@pytest.mark.parametrize("kind", ["scribble", "underline", "circled-name", "half-ring", "tick"])
def test_ink_near_the_organisation_name_that_is_no_round_seal_is_not_the_stamp(sheet, kind: str) -> None:
    image, _, _, text = sheet
    left, top, right, bottom = text
    rng = random.Random(kind)
    for _ in range(4):
        mark = Image.new("L", image.size, 255)
        draw = ImageDraw.Draw(mark)
        pen = max(2, round(rng.uniform(0.4, 0.9) * MM))
        ink = rng.randint(20, 120)
        middle = ((left + right) / 2 + rng.uniform(-10, 10) * MM, (top + bottom) / 2 + rng.uniform(-3, 3) * MM)
        if kind == "scribble":  # a signature over the name
            x, y, points = middle[0] - 18 * MM, middle[1], []
            for _ in range(40):
                x += rng.uniform(0, 1.8) * MM
                y = middle[1] + rng.uniform(-5, 5) * MM
                points.append((x, y))
            draw.line(points, fill=ink, width=pen, joint="curve")
        elif kind == "underline":
            y = bottom + rng.uniform(1, 4) * MM
            draw.line((left, y, right, y + rng.uniform(-2, 2) * MM), fill=ink, width=pen)
        elif kind == "circled-name":  # a hand-drawn ellipse round the organisation's name
            draw.ellipse((left - 4 * MM, top - 4 * MM, right + 4 * MM, bottom + 4 * MM), outline=ink, width=pen)
        elif kind == "half-ring":  # a seal's border only in half (a seal pressed askew, half its ink missing)
            r = rng.uniform(15, 20) * MM
            start = rng.choice((0, 90, 180, 270)) + rng.uniform(-20, 20)
            draw.arc(
                (middle[0] - r, middle[1] - r, middle[0] + r, middle[1] + r), start, start + 180, fill=ink, width=pen
            )
        else:  # a large tick over the name
            draw.line(
                (
                    middle[0] - 8 * MM,
                    middle[1],
                    middle[0] - 2 * MM,
                    middle[1] + 6 * MM,
                    middle[0] + 14 * MM,
                    middle[1] - 9 * MM,
                ),
                fill=ink,
                width=pen,
            )
        state = _state(sheet, _scanned(ImageChops.multiply(image, mark), rng))
        assert state[0] != "stamped", (kind, state)


def test_a_seal_pressed_unevenly_with_a_fifth_of_its_border_missing_is_still_the_stamp(sheet) -> None:
    image, _, _, text = sheet
    left, top, right, bottom = text
    rng = random.Random(43)
    found = []
    for case in range(8):
        diameter = rng.uniform(32, 40)
        seal = _worn(_seal(round(46 * MM), diameter, rng.randint(95, 140), rng), rng.choice((1, 2)), 0.2, rng)
        # over the name's middle: much of its ink in the zone
        cx = rng.uniform((left + right) / 2 - 10 * MM, (left + right) / 2 + 10 * MM)
        cy = rng.uniform(top, bottom)
        found.append((case, *_state(sheet, _scanned(_press(image, seal, (cx, cy)), rng))))
    assert all(state == "stamped" for _, state, _, _ in found), found
