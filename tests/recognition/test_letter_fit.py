"""A letter that lies a pixel off its place in the name is print, not a pen line (reading._letter_shifts).

A renderer or a printer places each letter on its own grid: at 150 dpi the "Đ" of "Đặng Mỹ Ưng" (bench seed 151)
lay about a pixel right of where the fit of the whole name put it, and the fine reading took the sliver along
its stem and bowl for a short line: an unmarked name went to a person on 7 of 51 pages. Here a letter of each
name is moved by a pixel on the page as printed (its columns found from the page's own ink, not from the
reader's template), and every name must still read kept with certainty; a full strike through the names of the
same page still reads struck, and the part of a name a letter's move is fitted to stays as the letters lie."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from app.recognition import reading
from tests.recognition.test_short_names import LONGER, _election, _letters, _read, _render

D_NAMES = ("Đặng Mỹ Ưng", "Đỗ Đình Đạt", "Ưng Thị Đào", "Đàm Quang Hưng", "Bùi Đức", "Lương Ưu", "Đinh Thị Mỹ")


@pytest.fixture(scope="module")
def elections(tmp_path_factory: pytest.TempPathFactory):
    """The example election with names holding "Đ" and "Ư", and with LONGER names (see test_short_names)."""
    return [_election(tmp_path_factory.mktemp(tag), names) for tag, names in (("d", D_NAMES), ("longer", LONGER))]


def _moved(image: Image.Image, runs: list[tuple[int, int]], which: int, by: int, top: int, bottom: int) -> None:
    """Move the letter (run of inked columns) `which` by `by` pixels across, rows `top` to `bottom`, in place:
    the columns it leaves are paper."""
    first, last = runs[which]
    letter = image.crop((first, top, last + 1, bottom))
    ImageDraw.Draw(image).rectangle([first, top, last, bottom - 1], fill=255)
    image.paste(letter, (first + by, top))


def _letters_moved(pdf: bytes, page: dict, dpi: int, shift: int) -> tuple[Image.Image, dict[int, tuple[int, int]]]:
    """The page at `dpi` with one letter of each name moved `shift` pixels (alternately right and left; the
    first, a middle and the last letter in turn), and where each name's ink lies across (first, last column)."""
    image = _render(pdf, dpi)
    rows = {r["row"]: r["rect"] for r in page["regions"] if r["kind"] == "name"}
    spans = {}
    for row, rect in rows.items():
        runs, _ = _letters(image, rect, dpi, 0.5)
        k = dpi / 72
        top, bottom = round((rect[1] + 2) * k), round((rect[1] + rect[3] - 2) * k)
        which = (0, len(runs) // 2, len(runs) - 1)[row % 3]
        _moved(image, runs, which, shift if row % 2 else -shift, top, bottom)
        spans[row] = (runs[0][0], runs[-1][1])
    return image, spans


@pytest.mark.parametrize("dpi", [150, 200])
def test_a_letter_a_pixel_off_is_print(elections, dpi: int) -> None:
    """(Without the letters' fit, FINE_LETTER_PX 0, a name on these 150 dpi pages goes to a person.)"""
    for pdf, page, blank in elections:
        image, _ = _letters_moved(pdf, page, dpi, 1)
        states = _read(image, page, blank, dpi)
        assert len(states) >= 7
        assert all(s == "kept" for s in states.values()), (dpi, states)


@pytest.mark.parametrize("dpi", [150, 200])
def test_names_struck_through_letters_a_pixel_off_are_struck(elections, dpi: int) -> None:
    pdf, page, blank = elections[0]
    image, spans = _letters_moved(pdf, page, dpi, 1)
    rows = {r["row"]: r["rect"] for r in page["regions"] if r["kind"] == "name"}
    draw = ImageDraw.Draw(image)
    for row, (first, last) in spans.items():
        _, at = _letters(image, rows[row], dpi, 0.5)
        draw.line([(first - 2, at), (last + 2, at + 1)], fill=35, width=max(1, round(0.35 * dpi / 25.4)))
    states = _read(image, page, blank, dpi)
    assert len(states) >= 7
    assert all(s == "struck" for s in states.values()), (dpi, states)


def test_a_pen_line_is_not_fitted_away() -> None:
    """A part of a name is moved only where the move takes away most of what is paler than the print (a letter
    off its place is paler on one side as much as darker on the other): a pen line only darkens, and where a
    line crosses letters that lie in place, no part moves."""
    dpi, fine_dpi = 150, 300
    scale = fine_dpi / 72
    cell = (20.0, 20.0, 120.0, 16.0)
    drawn = Image.new("L", (round(160 * scale), round(56 * scale)), 255)
    draw = ImageDraw.Draw(drawn)
    for k in range(19):  # letter-like stems and bowls, one to each part of the name fitted on its own (6 pt)
        at = cell[0] + 1.5 + reading.FINE_LETTER_PT * k
        draw.rectangle([at * scale, 25 * scale, (at + 0.9) * scale, 33 * scale], fill=0)
        draw.ellipse([(at + 1.5) * scale, 28 * scale, (at + 5.5) * scale, 33 * scale], outline=0, width=3)
    fine = reading.FinePrint(drawn, fine_dpi, (0.0, 0.0))
    xs = np.arange(cell[0] + 1.0, cell[0] + cell[2] - 1.0, 0.5)
    ys = np.arange(cell[1] + 1.7, cell[1] + cell[3] - 1.7, 0.5)
    points = np.column_stack([g.ravel() for g in np.meshgrid(xs, ys)])
    starts = np.array([0, len(points)])
    pixel = 72 / dpi
    blur = reading.FINE_BLUR * pixel
    seen = fine.expected(points, blur, 0.0)
    line = np.abs(points[:, 1] - 30.5) <= 0.5  # a pen line across every letter
    darkness = np.where(line, 1.0, seen)
    offsets = reading._letter_shifts(points, darkness, starts, [(xs, ys)], fine, blur, pixel)
    assert np.abs(offsets).max() == 0.0
    # the letters as printed, one part of the name a pixel right: that part, and only it, is moved back
    moved = points.copy()
    part = (points[:, 0] >= 51.0) & (points[:, 0] < 57.0)
    moved[part, 0] -= pixel
    darkness = fine.expected(moved, blur, 0.0)
    offsets = reading._letter_shifts(points, darkness, starts, [(xs, ys)], fine, blur, pixel)
    assert abs(float(offsets[part].mean()) + pixel) < 0.3 * pixel
    assert np.abs(offsets[(points[:, 0] < 45.0) | (points[:, 0] >= 63.0)]).max() == 0.0
