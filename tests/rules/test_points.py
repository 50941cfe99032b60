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


def test_a_mean_never_shows_across_its_levels_boundary() -> None:
    # 101 raters, mean 89,995 (#15): "90,00 điểm … Hoàn thành tốt" contradicted itself.
    mean = Fraction(9_089_495, 101_000)
    assert format_mean(mean) == "90,00"  # without the boundaries: half up
    assert format_mean(mean, [Fraction(90), Fraction(70), Fraction(50)]) == "89,995"
    assert format_mean(Fraction(90), [Fraction(90)]) == "90,00"
    assert format_mean(Fraction(8999999999, 100_000_000), [Fraction(90)]) == "89,999999"  # cut, never 90


def test_the_scoring_tally_prints_the_mean_that_agrees_with_its_level() -> None:
    from app.profiles import get_profile
    from app.rules import tally as rules
    from app.rules.model import Ballot, Context, Criterion, Item, PollDef, PollKind

    poll = PollDef(
        kind=PollKind.SCORING,
        seats=0,
        items=(Item(name="An"),),
        profile=get_profile("scoring"),
        criteria=(Criterion(name="Chung", max_halves=200),),
    )
    # 100 ballots of 90 and one of 89,5 → 9089,5 / 101 = 89,995… < 90
    ballots = [Ballot(key=str(i), scores=((180,),)) for i in range(100)] + [Ballot(key="x", scores=((179,),))]
    result = rules.tally(poll, ballots, Context(convened=101, present=101, excluded=0, collected=101))
    item = result.items[0]
    assert item.mean is not None
    assert item.mean < 90
    assert item.level == 2
    assert not item.mean_text.startswith("90")  # type: ignore[union-attr]
