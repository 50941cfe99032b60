"""Finding a registration mark when something else dark lies in the search window."""

from __future__ import annotations

import numpy as np

from app.recognition.reading import SEARCH_MM, WIDE_SEARCH_MM, _find_mark, _find_square, _Ink


def test_a_sheet_edge_shadow_beside_the_mark_is_not_taken_for_it() -> None:
    """A strongly worn sideways 300 dpi scoring page was refused ("marks missing"): the first search window
    round a poorly predicted mark held part of the mark and the dark shadow along the sheet's edge, in all about
    a mark's worth of dark pixels, and their middle (between the two) was taken as the mark; the next mark,
    predicted from it, was then not found. The middle of dark pixels is a mark only where a solid square is."""
    grey = np.full((300, 300), 250, dtype=np.uint8)
    grey[90:110, 60:80] = 20  # the mark: 20 px square, centre (70, 100)
    grey[60:140, 118:123] = 90  # the shadow along the sheet's edge, 5 px wide
    ink = _Ink(grey, 180.0, np.zeros(300, dtype=bool))
    guess = np.array([110.0, 100.0])  # 40 px off: the window [70, 150) holds a tenth of the mark and the shadow
    assert _find_mark(ink, guess, 40, 20) is None
    found = _find_square(ink, guess, 40 * WIDE_SEARCH_MM / SEARCH_MM, 20)  # the wider search
    assert found is not None
    assert np.allclose(found, [70, 100], atol=2)


def test_a_clean_mark_is_found_at_its_middle() -> None:
    grey = np.full((200, 200), 245, dtype=np.uint8)
    grey[40:60, 130:150] = 30
    ink = _Ink(grey, 176.0, np.zeros(200, dtype=bool))
    found = _find_mark(ink, np.array([135.0, 45.0]), 30, 20)
    assert found is not None
    assert np.allclose(found, [139.5, 49.5], atol=1)


def test_a_mark_with_a_scanner_streak_through_it_is_still_a_mark() -> None:
    """Dirt on the scanner's glass darkens a few image columns along the whole feed, through a mark: those
    columns are not ink, and the mark is judged solid on the columns beside them (a 300 dpi page was refused)."""
    grey = np.full((200, 200), 245, dtype=np.uint8)
    grey[40:60, 130:150] = 30
    streak = np.zeros(200, dtype=bool)
    streak[136:143] = True  # seven columns of a streak, padded
    ink = _Ink(grey, 176.0, streak)
    found = _find_mark(ink, np.array([138.0, 52.0]), 30, 20)
    assert found is not None
    assert np.allclose(found, [139.5, 49.5], atol=2)
