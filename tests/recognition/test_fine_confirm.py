"""When the fine reading may confirm a strike the plain reading sees along part of a name (reading._fine_confirms).
The figures are the three readings of names traced by benchmarks/bench_voters.py (--trace): two partial strikes
(60-80 % of the name) on dithered 1-bit 150 dpi pages, seed 95, that the fine reading carried on to the name's end
and that were read struck with certainty, and true strikes of the same runs."""

from __future__ import annotations

import pytest

from app.recognition.reading import FINE_ALONE_MM, _fine_confirms, _Line


def _line(share: float, lead: float, tail: float, *, ends: bool = False, short: float = 0.0) -> _Line:
    return _Line(share, 0.0, short, ends, lead_mm=lead, tail_mm=tail)


@pytest.mark.parametrize(
    ("plain", "edges", "fine", "confirmed"),
    [
        # partial 60-80 % from the end, 150 dpi moderate: plain and edges leave 9 mm of the name's start
        (_line(0.507, 12.7, 6.9), _line(0.773, 9.0, 0.0), _line(0.947, 0.0, 0.0, ends=True), False),
        # partial 60-80 % from the middle, 150 dpi strong: 9.5 mm left by both
        (_line(0.70, 9.5, 3.2), _line(0.70, 9.5, 3.2), _line(0.912, 0.0, 0.0, ends=True), False),
        # true strikes whose line plain and edges lose 8.5-10.6 mm before the end: the fine reading sees it throughout
        (_line(0.704, 0.0, 11.1), _line(0.718, 0.0, 10.6), _line(1.0, 0.0, 0.0, ends=True), True),
        (_line(0.649, 0.5, 12.7), _line(0.784, 0.0, 8.5), _line(1.0, 0.0, 0.0, ends=True), True),
        # a line both others see to within a few millimetres of the ends: the fine reading's gaps do not matter
        (_line(0.68, 0.0, 4.2), _line(0.75, 0.0, 3.0), _line(0.93, 0.0, 0.0, ends=True), True),
        # the plain reading's line along less than FINE_CONFIRM of the name: never confirmed
        (_line(0.30, 0.0, 20.0), _line(0.9, 0.0, 0.0, ends=True), _line(1.0, 0.0, 0.0, ends=True), False),
        # the fine reading not reaching both ends: never confirmed
        (_line(0.70, 0.0, 3.0), _line(0.75, 0.0, 2.0), _line(0.95, 0.0, 1.5), False),
    ],
)
def test_the_fine_reading_confirms_only_what_it_sees_where_the_others_lose_the_line(
    plain: _Line, edges: _Line, fine: _Line, confirmed: bool
) -> None:
    assert _fine_confirms(plain, edges, fine) is confirmed


def test_only_one_reading_losing_the_line_leaves_the_fine_reading_free() -> None:
    # the plain reading stops 12 mm short, the reading without the halo reaches the end: not the fine reading alone
    assert _fine_confirms(_line(0.6, 0.0, 12.0), _line(0.8, 0.0, FINE_ALONE_MM - 0.5), _line(0.9, 0.0, 0.0, ends=True))
    assert not _fine_confirms(_line(0.6, 0.0, 12.0), _line(0.8, 0.0, FINE_ALONE_MM), _line(0.9, 0.0, 0.0, ends=True))
