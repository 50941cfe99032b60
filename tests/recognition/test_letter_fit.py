"""A letter that lies a pixel off its place in the name is print, not a pen line: a known limit at 150 dpi.

A renderer or a printer places each letter on its own grid: at 150 dpi the "Đ" of "Đặng Mỹ Ưng" (bench seed 151)
lay about a pixel right of where the fit of the whole name put it, and the fine reading took the sliver along
its stem and bowl for a short line: an unmarked name went to a person on 7 of 51 pages. Here a letter of each
name is moved by a pixel on the page as printed (its columns found from the page's own ink, not from the
reader's template), and every name must still read kept with certainty; a full strike through the names of the
same page still reads struck. Stop 27 fitted each letter on its own and passed this at 150 dpi, but on two
partial-strike stress runs that lost two partial strikes the misfit had kept in view (one then read struck): it
was withdrawn, and the 150 dpi case is a strict xfail (docs/recognition.md)."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

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


@pytest.mark.parametrize(
    "dpi",
    [
        pytest.param(
            150,
            marks=pytest.mark.xfail(
                strict=True, reason="known limit: at 150 dpi a letter a pixel off reads as a short line (a person)"
            ),
        ),
        200,
    ],
)
def test_a_letter_a_pixel_off_is_print(elections, dpi: int) -> None:
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
