"""A page refused for "no QR" with its four registration marks in view (seed 151, 300 dpi, 1-bit, fed sideways): a
line the scanner drew down the whole page ran through the code's left columns. The 1-bit cut left it in dashes,
darker than the columns beside it along under half the page, and the page's dark backing hid one of its ends, so
the streak search (which the pipeline fills in before a second look for the code) did not take it for a streak.
The last look loosens both (pipeline.QR_STREAK_ALONG, one end enough); only the code's own checks decide what reads.
"""

from __future__ import annotations

import numpy as np
import pytest
import qrcode

from app.recognition.pipeline import QR_STREAK_ALONG, _code_past_streaks
from app.recognition.reading import Scan, find_code, streaks

TEXT = "3N2RT-SPJVM-I4IM"


def _page(duty: float, seed: int) -> np.ndarray:
    """A 1-bit page (as grey, 0 or 255) with a QR code, a dark backing along its top, and a dashed line through the
    code's finder patterns from the top of the page to the bottom, inked along `duty` of it (and along most of its
    last tenth, as on the refused page: 77 %)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_L, box_size=6, border=4)
    code.add_data(TEXT)
    symbol = np.asarray(code.make_image().convert("L"))
    page = np.full((1800, 1300), 255, dtype=np.uint8)
    top, left = 1300, 150
    page[top : top + symbol.shape[0], left : left + symbol.shape[1]] = symbol
    page[:60] = 0  # the feeder's dark backing beyond the sheet's top edge
    rng = np.random.default_rng(seed)
    column = left + (4 + 3) * 6 + 1  # down the code's fourth column of modules (the finder patterns' middle)
    y = 0
    while y < page.shape[0]:
        length = int(rng.integers(6, 30))
        if rng.random() < (duty if y < 0.9 * page.shape[0] else min(1.0, 2 * duty)):
            page[y : y + length, column : column + 3] = 0  # 3 pixels wide, as the scanner's line
        y += length
    return page


@pytest.mark.parametrize("duty", [0.35, 0.45, 0.55])
def test_a_dashed_streak_through_the_code_is_filled_in_for_the_last_look(duty: float) -> None:
    for seed in range(4):
        page = _page(duty, seed)
        scan = Scan(page)
        assert find_code(page) is None
        assert _code_past_streaks(page, scan.streak) is None  # the ordinary streak search does not see it
        loose = streaks(page, scan.paper, along=QR_STREAK_ALONG, both_ends=False)
        found = _code_past_streaks(page, loose)
        assert found is not None
        assert found.text == TEXT


def test_nothing_is_filled_in_on_a_page_without_a_streak() -> None:
    page = _page(0.0, 0)
    scan = Scan(page)
    assert not streaks(page, scan.paper, along=QR_STREAK_ALONG, both_ends=False)[150:400].any()
    found = find_code(page)
    assert found is not None
    assert found.text == TEXT
