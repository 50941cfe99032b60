"""The worked examples of docs/regulations.md §8 as unit tests of the counting rules (app/rules)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pytest

from app.profiles import get_profile
from app.rules import common, evaluation
from app.rules.model import (
    Ballot,
    Context,
    Item,
    ItemResult,
    Layout,
    PollDef,
    PollKind,
    Revote,
    Tally,
)
from app.rules.profile import Base, with_overrides
from app.rules.reasons import Reason
from app.rules.tally import tally
from app.rules.words import vietnamese

# --------------------------------------------------------------------------- helpers


def words(reasons: Iterable[Reason]) -> tuple[str, ...]:
    """Reasons or notes in their Vietnamese words."""
    return tuple(vietnamese(r) for r in reasons)


def strike_ballots(n_items: int, votes: Sequence[int], count: int, max_kept: int, prefix: str) -> list[Ballot]:
    """`count` valid strike ballots giving row i exactly votes[i] kept marks, each keeping 1…max_kept names.

    Candidates are dealt round-robin over the ballots, so no ballot keeps one name twice
    (every vote count ≤ count) and the names kept per ballot differ by at most one.
    """
    assert all(v <= count for v in votes)
    kept: list[set[int]] = [set() for _ in range(count)]
    slot = 0
    for row, v in enumerate(votes, start=1):
        for _ in range(v):
            kept[slot % count].add(row)
            slot += 1
    everyone = set(range(1, n_items + 1))
    ballots = []
    for i, k in enumerate(kept):
        assert 1 <= len(k) <= max_kept, "the example's data is not feasible with these ballots"
        ballots.append(Ballot(key=f"{prefix}{i + 1:03d}", struck=frozenset(everyone - k)))
    return ballots


def grid_ballots(columns_per_row: Sequence[Sequence[int]], prefix: str) -> list[Ballot]:
    """One ballot per position: ballot j marks column columns_per_row[r][j] in row r."""
    lengths = {len(col) for col in columns_per_row}
    assert len(lengths) == 1
    return [
        Ballot(key=f"{prefix}{j + 1:03d}", choices=tuple(frozenset({row[j]}) for row in columns_per_row))
        for j in range(lengths.pop())
    ]


def by_name(result: Tally) -> dict[str, ItemResult]:
    return {item.name: item for item in result.items}


def levels(*counts: int) -> list[int]:
    """[1]*counts[0] + [2]*counts[1] + …: the column marked on each ballot for one row."""
    out: list[int] = []
    for column, n in enumerate(counts, start=1):
        out += [column] * n
    return out


# --------------------------------------------------------------------------- Example 1

EX1_NAMES = ("An", "Bình", "Cường", "Dũng")
EX1_CONTEXT = Context(convened=25, present=21, excluded=3, issued=21)


def ex1_poll(profile_overrides: dict[str, object] | None = None) -> PollDef:
    profile = get_profile("party-election")
    if profile_overrides:
        profile = with_overrides(profile, profile_overrides, "test")
    return PollDef(
        kind=PollKind.ELECTION,
        seats=3,
        items=tuple(Item(name) for name in EX1_NAMES),
        profile=profile,
    )


def ex1_ballots() -> list[Ballot]:
    ballots = strike_ballots(4, (18, 12, 11, 10), count=19, max_kept=3, prefix="v")
    ballots.append(Ballot(key="keeps-all"))  # keeps all 4 names for 3 seats
    ballots.append(Ballot(key="written-in", struck=frozenset({4}), physical_invalid="extra_names"))
    return ballots


def test_example1_ballots_are_what_the_example_says() -> None:
    ballots = ex1_ballots()
    assert len(ballots) == 21
    valid = [b for b in ballots if b.physical_invalid is None and b.struck]
    assert len(valid) == 19
    assert all(1 <= 4 - len(b.struck) <= 3 for b in valid)


def test_example1_party_cell_threshold_exactly_half() -> None:
    result = tally(ex1_poll(), ex1_ballots(), EX1_CONTEXT)

    assert result.layout is Layout.STRIKE
    assert result.columns == ()
    totals = result.totals
    assert (totals.issued, totals.collected, totals.entered) == (21, 21, 21)
    assert (totals.valid, totals.invalid) == (19, 2)
    assert dict(totals.invalid_reasons) == {
        common.TOO_MANY_KEPT: 1,
        common.physical_reason("extra_names"): 1,
    }
    assert vietnamese(common.TOO_MANY_KEPT) == "Bầu quá số lượng cần bầu"
    assert result.base == 22
    assert result.majority_base == 22

    got = [(i.position, i.name, i.votes, i.percent, i.outcome) for i in result.items]
    assert got == [
        (1, "An", 18, "81,82", "elected"),
        (2, "Bình", 12, "54,55", "elected"),
        (3, "Cường", 11, "50,00", "not_elected"),
        (4, "Dũng", 10, "45,45", "not_elected"),
    ]
    assert all(i.counts is None and i.percents is None for i in result.items)
    assert result.elected == ("An", "Bình")
    assert result.revote is None
    assert result.open_seats == 1
    assert result.overrides == ()
    assert any("Còn 1 chỉ tiêu chưa bầu đủ" in note for note in words(result.notes))


def test_example1_trap_over_valid_ballots_would_elect_cuong() -> None:
    """Same votes, majority measured on valid ballots (19): Cường 2·11 = 22 > 19 would pass."""
    result = tally(ex1_poll({"majority_base": "valid", "percent_base": "valid"}), ex1_ballots(), EX1_CONTEXT)
    assert result.majority_base == 19
    assert by_name(result)["Cường"].percent == "57,89"
    assert by_name(result)["Cường"].outcome == "elected"
    # Dũng also passes (2·10 > 19) but is fourth for three seats.
    assert by_name(result)["Dũng"].outcome == "not_elected"
    assert result.elected == ("An", "Bình", "Cường")
    assert result.open_seats == 0
    assert result.revote is None


def test_example1_trap_over_collected_ballots_would_elect_cuong() -> None:
    result = tally(ex1_poll({"majority_base": "collected", "percent_base": "collected"}), ex1_ballots(), EX1_CONTEXT)
    assert result.majority_base == 21
    assert by_name(result)["Cường"].percent == "52,38"
    assert result.elected == ("An", "Bình", "Cường")


def test_example1_base_is_the_profile_choice() -> None:
    party = tally(ex1_poll(), ex1_ballots(), EX1_CONTEXT)
    valid = tally(ex1_poll({"majority_base": "valid"}), ex1_ballots(), EX1_CONTEXT)
    assert party.profile.majority_base is Base.ELECTION_BASE
    assert valid.profile.majority_base is Base.VALID
    # Only the majority base changed: the votes and the percentages are the same.
    assert [i.votes for i in party.items] == [i.votes for i in valid.items]
    assert [i.percent for i in party.items] == [i.percent for i in valid.items]
    assert "Cường" not in party.elected
    assert "Cường" in valid.elected


# --------------------------------------------------------------------------- Example 2

EX2_NAMES = ("A", "B", "C", "D", "E", "F")
EX2_VOTES = (130, 110, 95, 80, 80, 73)
EX2_CONTEXT = Context(convened=150, present=146, excluded=3, issued=146)


def ex2_poll(profile_id: str = "party-election", birth_years: Sequence[int | None] | None = None) -> PollDef:
    years = birth_years or (None,) * 6
    return PollDef(
        kind=PollKind.ELECTION,
        seats=4,
        items=tuple(Item(name, birth_year=year) for name, year in zip(EX2_NAMES, years, strict=True)),
        profile=get_profile(profile_id),
    )


def ex2_ballots() -> list[Ballot]:
    ballots = strike_ballots(6, EX2_VOTES, count=143, max_kept=4, prefix="v")
    ballots.append(Ballot(key="no-stamp", physical_invalid="no_stamp"))
    ballots.append(Ballot(key="keeps-five", struck=frozenset({6})))
    return ballots


def test_example2_data_is_feasible() -> None:
    assert sum(EX2_VOTES) == 568 <= 4 * 143
    ballots = ex2_ballots()
    assert len(ballots) == 145


def test_example2_tie_at_the_boundary_is_a_revote() -> None:
    result = tally(ex2_poll(), ex2_ballots(), EX2_CONTEXT)

    totals = result.totals
    assert (totals.issued, totals.collected, totals.entered, totals.valid, totals.invalid) == (
        146,
        145,
        145,
        143,
        2,
    )
    assert dict(totals.invalid_reasons) == {
        common.physical_reason("no_stamp"): 1,
        common.TOO_MANY_KEPT: 1,
    }
    assert result.base == result.majority_base == 147

    got = [(i.name, i.votes, i.percent, i.outcome) for i in result.items]
    assert got == [
        ("A", 130, "88,44", "elected"),
        ("B", 110, "74,83", "elected"),
        ("C", 95, "64,63", "elected"),
        ("D", 80, "54,42", "tie"),
        ("E", 80, "54,42", "tie"),
        ("F", 73, "49,66", "not_elected"),
    ]
    assert result.elected == ("A", "B", "C")
    assert result.revote == Revote(names=("D", "E"), seats=1)
    assert result.open_seats == 1
    assert "Chưa xác định – cần bầu lại giữa D và E cho 1 chỉ tiêu." in words(result.notes)
    # The open seat is the re-vote's seat: no extra "bầu tiếp" note.
    assert not any("chưa bầu đủ" in note for note in words(result.notes))


def test_example2_party_tie_ignores_birth_years() -> None:
    """The Party profile must not apply the State "older wins" rule even when birth years are known."""
    result = tally(ex2_poll(birth_years=(1960, 1961, 1962, 1950, 1980, 1970)), ex2_ballots(), EX2_CONTEXT)
    assert result.elected == ("A", "B", "C")
    assert result.revote == Revote(names=("D", "E"), seats=1)


def test_example2_f_passes_over_valid_ballots_but_not_over_the_base() -> None:
    result = tally(ex2_poll(), ex2_ballots(), EX2_CONTEXT)
    f_votes = by_name(result)["F"].votes
    assert f_votes == 73
    assert 2 * f_votes <= result.majority_base
    assert 2 * f_votes > result.totals.valid  # 73/143 = 51,05 % of valid ballots


@pytest.mark.parametrize(
    ("votes", "outcomes", "elected"),
    [
        ((80, 65), ("elected", "not_elected"), ("D",)),
        ((73, 72), ("not_elected", "not_elected"), ()),
    ],
)
def test_example2_round_two(votes: tuple[int, int], outcomes: tuple[str, str], elected: tuple[str, ...]) -> None:
    poll = PollDef(kind=PollKind.ELECTION, seats=1, items=(Item("D"), Item("E")), profile=get_profile("party-election"))
    assert poll.layout is Layout.STRIKE
    ballots = strike_ballots(2, votes, count=145, max_kept=1, prefix="r2-")
    result = tally(poll, ballots, Context(convened=150, present=146, excluded=3, issued=146))
    assert result.totals.valid == 145
    assert result.majority_base == 147
    assert [(i.name, i.votes, i.outcome) for i in result.items] == [
        ("D", votes[0], outcomes[0]),
        ("E", votes[1], outcomes[1]),
    ]
    assert result.elected == elected
    assert result.revote is None
    assert result.open_seats == 1 - len(elected)
    if not elected:
        assert any("Còn 1 chỉ tiêu chưa bầu đủ" in note for note in words(result.notes))


@pytest.mark.parametrize(
    ("years", "winner", "loser"),
    [
        ((1960, 1961, 1962, 1965, 1970, 1950), "D", "E"),
        ((1960, 1961, 1962, 1975, 1970, 1950), "E", "D"),
    ],
)
def test_example2_state_profile_older_wins(years: tuple[int, ...], winner: str, loser: str) -> None:
    result = tally(ex2_poll("state-election", birth_years=years), ex2_ballots(), EX2_CONTEXT)
    assert result.majority_base == 143  # valid ballots
    outcomes = {i.name: i.outcome for i in result.items}
    assert outcomes[winner] == "elected"
    assert outcomes[loser] == "not_elected"
    # F passes over valid ballots (2·73 > 143) but is sixth for four seats.
    assert outcomes["F"] == "not_elected"
    assert result.elected == ("A", "B", "C", winner)
    assert result.revote is None
    assert result.open_seats == 0
    assert by_name(result)["F"].percent == "51,05"


@pytest.mark.parametrize(
    "years",
    [
        (1960, 1961, 1962, 1970, 1970, 1950),  # same birth year
        (1960, 1961, 1962, None, 1970, 1950),  # D's year unknown
        (1960, 1961, 1962, 1965, None, 1950),  # E's year unknown
        None,  # no years at all
    ],
)
def test_example2_state_profile_tie_stays_without_an_older_candidate(
    years: tuple[int | None, ...] | None,
) -> None:
    result = tally(ex2_poll("state-election", birth_years=years), ex2_ballots(), EX2_CONTEXT)
    assert result.elected == ("A", "B", "C")
    assert result.revote == Revote(names=("D", "E"), seats=1)
    assert [i.outcome for i in result.items] == ["elected"] * 3 + ["tie", "tie", "not_elected"]


# --------------------------------------------------------------------------- Example 3

EX3_CONTEXT = Context(convened=50, present=46, excluded=0, issued=46, collected=46)


def ex3_poll(profile_overrides: dict[str, object] | None = None) -> PollDef:
    profile = get_profile("council-confidence")
    if profile_overrides:
        profile = with_overrides(profile, profile_overrides, "test")
    return PollDef(kind=PollKind.CONFIDENCE, seats=0, items=(Item("X"), Item("Y")), profile=profile)


def ex3_ballots(y_counts: tuple[int, int, int] = (5, 9, 31)) -> list[Ballot]:
    ballots = grid_ballots([levels(10, 12, 23), levels(*y_counts)], prefix="v")
    ballots.append(Ballot(key="two-levels-for-x", choices=(frozenset({1, 2}), frozenset({3}))))
    return ballots


def test_example3_council_confidence_over_collected() -> None:
    result = tally(ex3_poll(), ex3_ballots(), EX3_CONTEXT)

    assert result.columns == ("Tín nhiệm cao", "Tín nhiệm", "Tín nhiệm thấp")
    totals = result.totals
    assert (totals.issued, totals.collected, totals.entered) == (46, 46, 46)
    assert (totals.valid, totals.invalid) == (45, 1)
    assert totals.invalid_reasons == ((common.ROW_FAULT, 1),)
    assert result.base == result.majority_base == 46

    x, y = result.items
    assert x.name == "X"
    assert x.counts == (10, 12, 23)
    assert x.percents == ("21,74", "26,09", "50,00")
    assert x.outcome == "none"
    assert words(x.notes) == ()

    assert y.name == "Y"
    assert y.counts == (5, 9, 31)
    assert y.percents == ("10,87", "19,57", "67,39")
    assert y.outcome == "low_two_thirds"
    assert words(y.notes) == ("Có từ 2/3 trở lên số phiếu tín nhiệm thấp",)


def test_example3_thirty_low_votes_is_the_over_half_band() -> None:
    result = tally(ex3_poll(), ex3_ballots(y_counts=(5, 10, 30)), EX3_CONTEXT)
    y = result.items[1]
    assert y.counts == (5, 10, 30)
    assert y.percents == ("10,87", "21,74", "65,22")
    assert y.outcome == "low_over_half"
    assert words(y.notes) == ("Có quá nửa đến dưới 2/3 số phiếu tín nhiệm thấp",)


def test_example3_traps_other_bases() -> None:
    over_valid = tally(ex3_poll({"percent_base": "valid", "majority_base": "valid"}), ex3_ballots(), EX3_CONTEXT)
    assert over_valid.items[0].percents == ("22,22", "26,67", "51,11")
    assert over_valid.items[0].outcome == "low_over_half"  # wrongly triggered on the wrong base

    over_convened = tally(
        ex3_poll({"percent_base": "convened", "majority_base": "convened"}), ex3_ballots(), EX3_CONTEXT
    )
    assert over_convened.items[0].percents == ("20,00", "24,00", "46,00")
    assert over_convened.items[0].outcome == "none"


def test_example3_row_fault_skip_row_keeps_the_ballot() -> None:
    """Configurable: with skip_row the ballot counts for Y, not for X."""
    result = tally(ex3_poll({"row_fault": "skip_row"}), ex3_ballots(), EX3_CONTEXT)
    assert (result.totals.valid, result.totals.invalid) == (46, 0)
    assert result.items[0].counts == (10, 12, 23)
    assert result.items[1].counts == (5, 9, 32)


# --------------------------------------------------------------------------- Bonus: evaluation caps


def test_bonus_cap_check_direct() -> None:
    levels_ = [1] * 5 + [2] * 11 + [3] * 4 + [4] + [None]
    cap = evaluation.cap_check(levels_, 20, "floor")
    assert (cap.excellent, cap.good_or_better, cap.cap, cap.exceeded) == (5, 16, 3, True)
    assert evaluation.cap_check([1] * 3 + [2] * 13, 20, "floor").exceeded is False
    assert evaluation.cap_check([1] * 4 + [2] * 12, 20, "floor").exceeded is True
    # 3,2 → 3 (floor, the default), 3 (half up), 4 (ceiling).
    assert evaluation.cap_of(16, 20, "floor") == 3
    assert evaluation.cap_of(16, 20, "half_up") == 3
    assert evaluation.cap_of(16, 20, "ceil") == 4
    assert evaluation.cap_of(18, 20, "half_up") == 4  # 3,6 → 4
    assert evaluation.cap_of(15, 10, "half_up") == 2  # 1,5 → 2
    assert evaluation.cap_of(15, 10, "floor") == 1


def test_bonus_cap_through_a_full_evaluation_tally() -> None:
    names = [f"Người {i:02d}" for i in range(1, 17)]
    poll = PollDef(
        kind=PollKind.EVALUATION,
        seats=0,
        items=tuple(Item(name) for name in names),
        profile=get_profile("evaluation"),
    )
    # 5 ballots; rows 1–5 get 3×HTXS + 2×HTT (HTXS by cumulative majority), rows 6–16 5×HTT.
    rows = [[1, 1, 1, 2, 2]] * 5 + [[2, 2, 2, 2, 2]] * 11
    result = tally(poll, grid_ballots(rows, prefix="e"), Context(convened=5, present=5, excluded=0))
    assert result.totals.valid == 5
    assert [i.level for i in result.items] == [1] * 5 + [2] * 11
    assert result.items[0].counts == (3, 2, 0, 0)
    assert result.items[0].percents == ("60,00", "40,00", "0,00", "0,00")
    assert result.cap_check is not None
    cap = result.cap_check
    assert (cap.excellent, cap.good_or_better, cap.cap, cap.exceeded) == (5, 16, 3, True)
    assert any("vượt 20%" in note and "tối đa 3" in note for note in words(result.notes))


@pytest.mark.parametrize(("head_level", "violated"), [(1, True), (2, False), (3, False)])
def test_bonus_head_not_above_collective(head_level: int, violated: bool) -> None:
    poll = PollDef(
        kind=PollKind.EVALUATION,
        seats=0,
        items=(Item("Trưởng phòng", is_head=True), Item("Chuyên viên")),
        profile=get_profile("evaluation"),
        collective_level=2,
    )
    ballots = grid_ballots([[head_level] * 3, [1] * 3], prefix="h")
    result = tally(poll, ballots, Context(convened=3, present=3, excluded=0))
    assert len(result.head_checks) == 1
    check = result.head_checks[0]
    assert (check.name, check.level, check.collective_level, check.violated) == (
        "Trưởng phòng",
        head_level,
        2,
        violated,
    )
    head_note = "Trưởng phòng là người đứng đầu, không được xếp cao hơn mức của tập thể (2)."
    assert (head_note in words(result.notes)) is violated


def test_bonus_no_head_checks_without_collective_level() -> None:
    poll = PollDef(
        kind=PollKind.EVALUATION,
        seats=0,
        items=(Item("Trưởng phòng", is_head=True),),
        profile=get_profile("evaluation"),
    )
    result = tally(poll, grid_ballots([[1]], prefix="h"), Context(convened=1, present=1, excluded=0))
    assert result.head_checks == ()
