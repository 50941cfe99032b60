"""One parser and one formatter of points (#15): a score is a whole or half point, anything else refused (never
rounded); a mean shows half up with two decimals, the same in the CLI, the GUI and the minutes."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.rules.points import PointsError, format_mean, format_points, halves_of_number, parse_points


@pytest.mark.parametrize(
    ("text", "halves"),
    [
        ("8", 16),
        ("8,5", 17),
        ("8.5", 17),
        (" 8,50 ", 17),
        ("8,0", 16),
        ("0", 0),
        ("", None),
        ("  ", None),
        ("-1,5", -3),
    ],
)
def test_whole_and_half_points_are_read(text: str, halves: int | None) -> None:
    assert parse_points(text) == halves


@pytest.mark.parametrize(
    "text", ["8,3", "8,25", "8,55", "1e308", "nan", "inf", "8,5,5", "tám", "١٢", "8 5", "99999999"]
)
def test_anything_else_is_refused_not_rounded(text: str) -> None:
    with pytest.raises(PointsError):
        parse_points(text)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 1e308, 8.3, 10**20, True])
def test_numbers_from_files_are_refused_unless_half_points(value: float) -> None:
    with pytest.raises(PointsError):
        halves_of_number(value)


def test_numbers_from_files() -> None:
    assert [halves_of_number(v) for v in (8, 8.5, 0, -1.5)] == [16, 17, 0, -3]


@given(st.integers(min_value=-20_000, max_value=20_000))
def test_format_and_parse_round_trip(halves: int) -> None:
    assert parse_points(format_points(halves)) == halves


def test_format_points() -> None:
    assert [format_points(h) for h in (16, 17, -3, 0, None)] == ["8", "8,5", "-1,5", "0", ""]


def test_mean_is_half_up_as_in_the_minutes() -> None:
    # The entry side panel showed 65/8 as "8,12" (float formatting) while the minutes printed "8,13".
    assert format_mean(Fraction(65, 8)) == "8,13"
    assert format_mean(Fraction(1, 8)) == "0,13"
