"""Rules that decide a name from its readings, on the readings' own figures (benchmarks/bench_voters.py
--trace): when the fine reading may confirm a strike the plain reading sees along part of a name
(reading._fine_confirms), and when a line all three readings lose inside the name's first or last letter is a
strike (reading._nearly_whole).

The first: two partial strikes (60-80 % of the name) on dithered 1-bit 150 dpi pages, seed 95, that the fine reading
carried on to the name's end, were read struck with certainty; true strikes of the same runs were not. A run with
many partial strikes (seed 102, --partials 0.6, 150 dpi) then found ten more, carried 7.9-13.2 mm by the fine reading
across 0.96-1.0 of the name, but with no ink of its own along 3.2-8.5 mm of it; and two on short 1-bit names that all
three readings read nearly whole. Then (stop 26) true strikes stopped inside the last letter, which the reading without
the halo crosses whole and the fine one all but 2.1-3.2 mm, went to a person on every run: confirmed now, off 1-bit
pages, where the nearest partial strike left 4.8 mm."""

from __future__ import annotations

import pytest

from app.recognition.reading import (
    BROKEN_SHORT_MM,
    FINE_ALONE_MM,
    FINE_CARRIED_MM,
    FINE_CARRIED_SURE,
    FINE_CARRIED_UNSEEN_MM,
    FINE_NEARLY_MM,
    FINE_NEARLY_PART,
    NEARLY_WHOLE_BILEVEL_MM,
    NEARLY_WHOLE_MM,
    NEARLY_WHOLE_NAME_MM,
    _both_cross,
    _broken_alone,
    _fine_carried,
    _fine_confirms,
    _Line,
    _nearly_whole,
    _plain_alone,
)


def _line(
    share: float,
    lead: float,
    tail: float,
    *,
    ends: bool = False,
    short: float | None = None,
    name: float = 40.0,
    stray_mm: float = 0.0,
    unseen: float = 0.0,
    **more: bool,
) -> _Line:
    # (a reading's line scores STROKE_SHORT along as much of the name as it crosses, unless told)
    sure = share if short is None else short
    return _Line(share, stray_mm, sure, ends, lead_mm=lead, tail_mm=tail, name_mm=name, unseen_mm=unseen, **more)


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
        # seed 102, 150 dpi: partial strikes 60-80 % from the end or middle that the fine reading carried across the
        # rest of the name (0.96-1.0 of it) through 3.2-8.5 mm without ink of its own
        (_line(0.686, 11.6, 0.0), _line(0.743, 9.5, 0.0), _line(1.0, 0.0, 0.0, ends=True, unseen=4.8), False),
        (_line(0.787, 8.5, 0.0), _line(0.8, 7.9, 0.0), _line(1.0, 0.0, 0.0, ends=True, unseen=3.2), False),
        (_line(0.762, 4.2, 8.5), _line(0.921, 4.2, 0.0), _line(0.96, 0.0, 0.0, ends=True, unseen=4.2), False),
        # seed 103, 150 dpi 1-bit, and seed 102, a 19.6 mm name: partial strikes 60-80 % that the fine reading
        # carried 6.9 and 4.8 mm with its ink showing, but scoring STROKE_SHORT along only 0.81 and 0.865 of the name
        (_line(0.75, 6.9, 0.0), _line(0.75, 6.9, 0.0), _line(1.0, 0.0, 0.0, ends=True, unseen=2.6, short=0.81), False),
        (
            _line(0.757, 4.8, 0.0),
            _line(0.757, 4.8, 0.0),
            _line(0.89, 0.0, 0.0, ends=True, unseen=1.6, short=0.865),
            False,
        ),
        # seed 104, 150 dpi 1-bit: a partial strike 60-80 % from the middle that plain and edges lose 3.7 mm before
        # its end, carried there by the fine reading scoring along 0.82 of the name
        (_line(0.69, 5.3, 3.7), _line(0.87, 0.0, 3.7), _line(0.93, 0.0, 0.0, ends=True, unseen=2.1, short=0.82), False),
        # true strikes the same way: the fine reading's own ink shows along the name with no gap of 3 mm
        (_line(0.704, 0.0, 11.1), _line(0.718, 0.0, 10.6), _line(1.0, 0.0, 0.0, ends=True, unseen=2.6), True),
        (_line(0.76, 0.0, 4.8), _line(0.80, 0.0, 4.2), _line(0.95, 0.0, 0.0, ends=True, unseen=2.1), True),
        # a line both others see to within a few millimetres of the ends: the fine reading's gaps do not matter
        (_line(0.68, 0.0, 3.9), _line(0.75, 0.0, 3.0), _line(0.93, 0.0, 0.0, ends=True, unseen=5.0), True),
        # seed 108, 200 dpi colour: "Đặng H|à" struck but for its last letter; the plain reading finds short lines only
        # (0.79 of the name), the reading without the halo 0.88 from 2.1 mm after the start, and the fine reading
        # carries the line to both ends scoring along 0.82 of the name: under FINE_SURE
        (
            _line(0.0, 17.5, 17.5, short=0.79, name=17.5),
            _line(0.88, 2.1, 0.0, name=17.5),
            _line(1.0, 0.0, 0.0, ends=True, short=0.818, name=17.5),
            False,
        ),
        # the same with the fine reading's own line along 0.9 of the name
        (
            _line(0.0, 17.5, 17.5, short=0.79, name=17.5),
            _line(0.88, 2.1, 0.0, name=17.5),
            _line(1.0, 0.0, 0.0, ends=True, short=0.9, name=17.5),
            True,
        ),
        # the plain reading's line along less than FINE_CONFIRM of the name: never confirmed
        (_line(0.30, 0.0, 20.0), _line(0.9, 0.0, 0.0, ends=True), _line(1.0, 0.0, 0.0, ends=True), False),
        # the fine reading not reaching both ends, nor the reading without the halo: never confirmed
        (_line(0.70, 0.0, 3.0), _line(0.75, 0.0, 2.0), _line(0.95, 0.0, 1.5), False),
    ],
)
def test_the_fine_reading_confirms_only_what_it_sees_where_the_others_lose_the_line(
    plain: _Line, edges: _Line, fine: _Line, confirmed: bool
) -> None:
    assert _fine_confirms(plain, edges, fine) is confirmed


def test_where_the_others_lose_the_line_the_fine_reading_must_show_its_ink_along_the_name() -> None:
    plain, edges = _line(0.7, 0.0, 9.0), _line(0.75, 0.0, FINE_CARRIED_MM)
    seen = _line(1.0, 0.0, 0.0, ends=True, unseen=FINE_CARRIED_UNSEEN_MM - 0.1)
    unseen = _line(1.0, 0.0, 0.0, ends=True, unseen=FINE_CARRIED_UNSEEN_MM)
    assert _fine_confirms(plain, edges, seen)
    assert not _fine_confirms(plain, edges, unseen)
    unsure = _line(1.0, 0.0, 0.0, ends=True, short=FINE_CARRIED_SURE - 0.01)
    assert not _fine_confirms(plain, edges, unsure)
    # nearer the end than FINE_CARRIED_MM, the fine reading's gaps do not matter
    assert _fine_confirms(plain, _line(0.75, 0.0, FINE_CARRIED_MM - 0.1), unseen)


def test_only_one_reading_losing_the_line_leaves_the_fine_reading_free() -> None:
    # the plain reading stops 12 mm short, the reading without the halo reaches the end: not the fine reading alone
    assert _fine_confirms(_line(0.6, 0.0, 12.0), _line(0.8, 0.0, FINE_ALONE_MM - 0.5), _line(0.9, 0.0, 0.0, ends=True))
    assert not _fine_confirms(_line(0.6, 0.0, 12.0), _line(0.8, 0.0, FINE_ALONE_MM), _line(0.9, 0.0, 0.0, ends=True))


def _whole(name: float = 40.0, **more: float | bool) -> _Line:
    """A reading's line across the whole of a name."""
    return _line(1.0, 0.0, 0.0, ends=True, name=name, **more)


@pytest.mark.parametrize(
    ("plain", "edges", "fine", "confirmed"),
    [
        # true strikes ("short", "from_stt": stopped up to half a letter short) that the reading without the halo
        # crosses whole, the plain reading loses 5.8-6.3 mm early and the fine one 2.1-2.6 mm inside the last letter
        # (seed 81, 200 dpi; seed 121, 150 dpi colour)
        (_line(0.76, 0.0, 6.3, name=26.0), _whole(26.0), _line(0.92, 0.0, 2.1, name=26.0), True),
        (_line(0.81, 0.0, 5.8, name=31.0), _whole(31.0), _line(0.92, 0.0, 2.6, name=31.0), True),
        (
            _line(0.86, 4.2, 0.0, name=31.0),
            _line(0.93, 0.0, 0.0, ends=True, name=31.0),
            _line(0.93, 2.1, 0.0, name=31.0),
            True,
        ),
        # the nearest partial strikes (60-80 % of the name) on the traced runs, which the reading without the halo
        # carried to both ends: the fine reading left 4.2, 4.7 and 5.3 mm (seeds 101 and 102, 1-bit 150 dpi and colour
        # 300 dpi)
        (_line(0.80, 0.0, 5.8, name=30.0), _whole(30.0), _line(0.86, 0.0, 4.2, name=30.0), False),
        (_line(0.76, 0.0, 5.3, name=22.0), _whole(22.0), _line(0.78, 2.1, 2.6, name=22.0), False),
        (_line(0.70, 0.0, 5.8, name=20.0), _whole(20.0), _line(0.73, 0.0, 5.3, name=20.0), False),
        # at the limits: FINE_NEARLY_MM in all, and FINE_NEARLY_PART of the name
        (_line(0.8, 0.0, 6.0), _whole(), _line(0.9, 0.0, FINE_NEARLY_MM), True),
        (_line(0.8, 0.0, 6.0), _whole(), _line(0.9, 0.0, FINE_NEARLY_MM + 0.1), False),
        (_line(0.8, 0.0, 6.0, name=20.0), _whole(20.0), _line(0.9, 0.0, 2.6, name=20.0), False),
        # the fine reading broken in two, or the reading without the halo short of an end itself: not confirmed
        (_line(0.8, 0.0, 6.0), _whole(), _line(0.9, 0.0, 2.1, broken=True), False),
        (_line(0.8, 0.0, 6.0), _line(0.95, 0.0, 1.0), _line(0.93, 0.0, 2.1), False),
        (_line(0.8, 0.0, 6.0), _line(1.0, 0.0, 0.0, ends=True, broken=True), _line(0.93, 0.0, 2.1), False),
    ],
)
def test_the_fine_reading_may_lose_the_line_in_the_last_letter_where_the_reading_without_the_halo_crosses_it(
    plain: _Line, edges: _Line, fine: _Line, confirmed: bool
) -> None:
    assert FINE_NEARLY_PART * 20.0 < 2.6 <= FINE_NEARLY_MM
    assert _fine_confirms(plain, edges, fine) is confirmed


@pytest.mark.parametrize(
    ("line", "struck"),
    [
        # "strike short" on bench pages (41.8 and 40.2 mm names): every reading 3.7 mm short of the last letter
        (_line(0.911, 0.0, 3.7, name=41.8), True),
        (_line(0.908, 0.0, 3.7, name=40.2), True),
        # "Phạm Minh" (23.3 mm), a line stopped in its "h", read 3.7 mm short: 0.16 of it; but a line through the
        # middle 60-80 % of a 24.3 mm name on a 1-bit page (seed 102) read 0.85 with 3.7 mm left, the same: on
        # names shorter than NEARLY_WHOLE_NAME_MM a person decides
        (_line(0.84, 0.0, 3.7, name=23.3), False),
        (_line(0.848, 0.0, 3.7, name=24.3), False),
        # a line through the middle 60-80 % of a 30 mm name (seed 103, 200 dpi, 1-bit) read 0.86 with 4.2 mm left by
        # all three readings: more than NEARLY_WHOLE_MM
        (_line(0.86, 4.2, 0.0, name=30.0), False),
        (_line(0.84, 0.0, 3.7, name=NEARLY_WHOLE_NAME_MM), True),
        # the same 3.7 mm on "Kha Nhi" (16.9 mm) is more than a fifth of it: a person decides
        (_line(0.78, 0.0, 3.7, name=16.9), False),
        # the nearest partial strikes on the bench: 6.3-6.9 mm and a fifth of the name left
        (_line(0.79, 0.0, 6.9, name=33.3), False),
        (_line(0.79, 3.5, 3.4, name=32.8), False),
        # short at both ends, together within the limits
        (_line(0.9, 1.6, 2.1, name=38.0), True),
        (_line(0.86, 2.4, NEARLY_WHOLE_MM - 2.4 + 0.1, name=40.0), False),
        # broken in two, a line off the name on one side, nothing printed: never
        (_line(0.9, 0.0, 2.0, broken=True), False),
        (_line(0.9, 0.0, 2.0, stray_mm=3.0), False),
        (_line(0.9, 0.0, 2.0, stray_mm=3.0, around=True), True),
        (_line(1.0, 0.0, 0.0, name=0.0), False),
    ],
)
def test_a_line_lost_inside_the_first_or_last_letter_is_nearly_whole(line: _Line, struck: bool) -> None:
    assert _nearly_whole(line) is struck


@pytest.mark.parametrize(
    ("edges", "fine", "alone"),
    [
        # a felt-tip diagonal over the first half of "Âu Minh Sơn" (strike probe, seed 2, 150 dpi colour): the plain
        # reading struck it to both ends; the other two see 0.57 and 0.55 of it, both 11.6 mm short of its end
        (_line(0.569, 0.0, 11.6), _line(0.549, 0.0, 11.6), True),
        # at the start, the same
        (_line(0.6, 9.0, 0.0), _line(0.7, FINE_ALONE_MM, 0.0), True),
        # one of the two reaches the end: the plain reading is not alone there
        (_line(0.6, 0.0, 11.6), _line(0.95, 0.0, 1.0), False),
        # they lose it at different ends
        (_line(0.6, 0.0, 11.6), _line(0.6, 11.6, 0.0), False),
        # a ruled hatching neither of them reads at all: left to the plain reading
        (_line(0.0, 38.1, 38.1), _line(0.0, 38.1, 38.1), False),
        # short of the end by less than FINE_ALONE_MM
        (_line(0.85, 0.0, FINE_ALONE_MM - 0.5), _line(0.85, 0.0, FINE_ALONE_MM - 0.5), False),
    ],
)
def test_a_strike_the_plain_reading_carries_on_alone_is_not_certain(edges: _Line, fine: _Line, alone: bool) -> None:
    assert _plain_alone(edges, fine) is alone


def test_on_a_1_bit_page_the_reading_without_the_halo_vouches_for_nothing() -> None:
    """Seed 105, 1-bit 150 dpi, strong wear: a line through the last 35-60 % of a 40.7 mm name, read struck with
    certainty. The fine reading carried it to the start with no ink of its own along 5 mm, the reading without the
    halo to 2.1 mm of it; the plain reading, broken, stopped 10.6 mm short. On a 1-bit page the plain reading
    stopping short is enough for the fine reading's limits, and the fine reading must reach both ends."""
    plain = _line(0.48, 10.6, 3.2, short=0.62, broken=True, name=40.7)
    edges = _line(0.87, 2.1, 0.0, name=40.7)
    fine = _line(0.92, 0.0, 0.0, ends=True, unseen=5.0, short=0.90, stray_mm=1.1, name=40.7)
    assert _fine_confirms(plain, edges, fine)
    assert not _fine_confirms(plain, edges, fine, bilevel=True)
    # a true strike on a 1-bit page that the plain reading loses near an end is still confirmed
    assert _fine_confirms(
        _line(0.8, 0.0, FINE_CARRIED_MM - 0.5), _line(0.8, 0.0, 9.0), _line(0.95, 0.0, 0.0, ends=True), bilevel=True
    )
    # the fine reading losing the line in the last letter is not enough there, whatever the reading without the halo
    whole = _whole(31.0)
    assert _fine_confirms(_line(0.81, 0.0, 5.8, name=31.0), whole, _line(0.92, 0.0, 2.6, name=31.0))
    assert not _fine_confirms(_line(0.81, 0.0, 5.8, name=31.0), whole, _line(0.92, 0.0, 2.6, name=31.0), bilevel=True)


def test_on_a_1_bit_page_a_line_lost_in_the_end_letters_leaves_less() -> None:
    """Seed 105, 1-bit 200 dpi, strong wear: a line through the middle 60-80 % of a 29.6 mm name read 0.88 by all
    three readings, 3.7 mm left at its start and carried through the last letters to the end: struck with certainty.
    On 1-bit pages NEARLY_WHOLE_BILEVEL_MM is the limit."""
    line = _line(0.88, 3.7, 0.0, name=29.6)
    assert NEARLY_WHOLE_BILEVEL_MM < 3.7 <= NEARLY_WHOLE_MM
    assert _nearly_whole(line)
    assert not _nearly_whole(line, bilevel=True)
    assert _nearly_whole(_line(0.9, 3.2, 0.0, name=29.6), bilevel=True)


def test_a_name_the_plain_reading_keeps_is_struck_where_both_other_readings_cross_it() -> None:
    """Seed 131, 300 dpi grey: lines through the letters' feet ("strike low") that the plain reading does not see
    at all (0.0), the reading without the halo crosses whole and the fine one loses 1.6-2.1 mm before the end."""
    assert _both_cross(_whole(27.5), _line(0.92, 0.0, 2.1, name=27.5))
    assert _both_cross(_whole(31.8), _line(0.95, 0.0, 1.6, name=31.8))
    assert _both_cross(_whole(), _whole())
    # not on a 1-bit page, where the fine reading must reach both ends
    assert not _both_cross(_whole(27.5), _line(0.92, 0.0, 2.1, name=27.5), bilevel=True)
    assert _both_cross(_whole(), _whole(), bilevel=True)
    # stop 22's silent error: a partial strike (60-80 % from the end, 150 dpi) carried to both ends by the reading
    # without the halo, along 0.82 of the name by the fine one
    assert not _both_cross(_whole(30.0), _line(0.82, 5.4, 0.0, name=30.0))
    # the reading without the halo short of an end: never
    assert not _both_cross(_line(0.79, 0.0, 6.9, name=32.3), _whole(32.3))


def test_a_line_run_on_past_the_name_on_one_side_is_a_strike_where_both_other_readings_cross_it_whole() -> None:
    """Seed 161, 200 dpi grey: lines from the name's first letter on to the cell's right rule ("strike cell"),
    77.8-87.8 mm of them off the name on one side. The reading without the halo and the fine one both crossed the
    name whole; the plain one lost its first 9 mm, and a line off the name on one side only stopped every rule
    from confirming it. On the name traces of 57 runs, 278 true strikes went to a person so, and no partial
    strike had both other readings cross its name whole with a line off it on one side."""
    plain = _line(0.64, 9.0, 0.0, stray_mm=87.8, name=25.4)
    edges = _whole(25.4, stray_mm=87.8)
    fine = _whole(25.4, stray_mm=87.8)
    assert _fine_confirms(plain, edges, fine)
    assert _fine_confirms(plain, edges, fine, bilevel=True)
    assert _both_cross(edges, fine)
    assert _both_cross(edges, fine, bilevel=True)
    # one of the two short of the name's first letter, or broken in two: a person decides, as before
    assert not _fine_confirms(plain, _line(0.85, 3.7, 0.0, stray_mm=87.8, name=25.4), fine)
    assert not _both_cross(_line(0.85, 3.7, 0.0, stray_mm=87.8, name=25.4), fine)
    assert not _both_cross(edges, _whole(25.4, stray_mm=87.8, broken=True))


@pytest.mark.parametrize(
    ("plain", "fine", "doubted"),
    [
        # seed 107 (--partials 0.5), 200 dpi 1-bit: "Thái Đức| Hải" struck through its first two words; the plain
        # reading joined the line to the H's bar (0.84 of the name, to both ends, broken), the fine one lost it 10.1 mm
        # before the end
        (_line(0.843, 0.0, 0.0, ends=True, broken=True, name=27.0), _line(0.627, 0.0, 10.1, name=27.0), True),
        # 300 dpi grey: "Trị|nh Đức Nghĩa" struck from its second word; the fine reading lost it 7.9 mm after the start
        (_line(0.875, 1.1, 0.0, ends=True, broken=True, name=33.9), _line(0.766, 7.9, 0.0, name=33.9), True),
        # true strikes read with a broken line: the fine reading loses it 2.1 mm before an end at most
        (_line(0.9, 0.0, 0.0, ends=True, broken=True), _line(0.95, 0.0, 2.1), False),
        (_line(0.85, 0.0, 0.0, ends=True, broken=True), _line(1.0, 0.0, 0.0, ends=True), False),
        # at the limit
        (_line(0.85, 0.0, 0.0, ends=True, broken=True), _line(0.8, BROKEN_SHORT_MM, 0.0), True),
        # the plain reading's line whole: the fine reading losing it early alone decides nothing here (_plain_alone
        # asks the reading without the halo too)
        (_line(1.0, 0.0, 0.0, ends=True), _line(0.7, 0.0, 10.0), False),
    ],
)
def test_a_strike_joined_from_pieces_that_the_fine_reading_loses_before_an_end_is_not_certain(
    plain: _Line, fine: _Line, doubted: bool
) -> None:
    assert _broken_alone(plain, fine) is doubted


@pytest.mark.parametrize(
    ("plain", "edges", "fine", "carried"),
    [
        # seed 111 (--partials 0.5), 150 dpi colour, strong wear: partial strikes the fine reading carried to both
        # ends through the scan's noise, 13.2-20.6 mm past where the other two lose them (a page of five such names)
        (_line(0.58, 0.0, 14.8, name=34.9), _line(0.62, 0.0, 13.2, name=34.9), _line(0.985, 0.0, 0.5, ends=True), True),
        (_line(0.51, 16.4, 3.2, name=39.7), _line(0.52, 15.9, 3.2, name=39.7), _line(1.0, 0.0, 0.0, ends=True), True),
        # the other two lose the line at different ends: each sees it somewhere the other does not
        (_line(0.6, 0.0, 14.0), _line(0.6, 14.0, 0.0), _line(1.0, 0.0, 0.0, ends=True), False),
        # the fine reading not across the name
        (_line(0.6, 0.0, 14.0), _line(0.6, 0.0, 14.0), _line(0.7, 0.0, 10.0), False),
        # the others lose it less than FINE_CARRIED_MM before the end
        (_line(0.9, 0.0, FINE_CARRIED_MM - 0.5), _line(0.9, 0.0, 3.0), _line(1.0, 0.0, 0.0, ends=True), False),
    ],
)
def test_a_line_the_fine_reading_alone_carries_across_a_name(
    plain: _Line, edges: _Line, fine: _Line, carried: bool
) -> None:
    """What counts towards CARRIED_PAGE: on a coarse page with that many, the fine reading strikes nothing."""
    assert _fine_carried(plain, edges, fine) is carried
