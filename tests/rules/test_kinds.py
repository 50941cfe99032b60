"""Unit tests for each ballot kind of app/rules: validity, counts, outcomes, overrides and shapes."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from fractions import Fraction

import pytest

from app.errors import RulesError
from app.profiles import get_profile
from app.rules import common, confidence, election, evaluation, motion, nomination, scoring
from app.rules.model import (
    AGREE_COLUMNS,
    BINDING_COLUMNS,
    LEVEL_COLUMNS,
    MOTION_COLUMNS,
    Ballot,
    Context,
    Criterion,
    Item,
    Layout,
    Override,
    PollDef,
    PollKind,
    Totals,
    faulty_rows,
)
from app.rules.profile import Base, Profile, with_overrides
from app.rules.reasons import Reason
from app.rules.tally import check, shape_error, tally
from app.rules.words import vietnamese

CTX = Context(convened=10, present=10, excluded=0)


def shape_text(p: PollDef, b: Ballot) -> str | None:
    """Why `b` cannot belong to `p`, in Vietnamese words, or None."""
    problem = shape_error(p, b)
    return None if problem is None else vietnamese(problem)


def words(reasons: Iterable[Reason]) -> tuple[str, ...]:
    """Reasons or notes in their Vietnamese words."""
    return tuple(vietnamese(r) for r in reasons)


def profile(profile_id: str, **overrides: object) -> Profile:
    base = get_profile(profile_id)
    return with_overrides(base, overrides, "test") if overrides else base


def poll(kind: PollKind, names: Sequence[str], seats: int = 0, prof: Profile | None = None, **kw: object) -> PollDef:
    default = {
        PollKind.ELECTION: "party-election",
        PollKind.CONFIDENCE: "party-confidence",
        PollKind.EVALUATION: "evaluation",
        PollKind.SCORING: "scoring",
        PollKind.MOTION: "motion",
        PollKind.NOMINATION: "nomination",
    }[kind]
    return PollDef(
        kind=kind,
        seats=seats,
        items=tuple(Item(n) for n in names),
        profile=prof or get_profile(default),
        **kw,  # type: ignore[arg-type]
    )


def grid(key: str, *rows: Sequence[int]) -> Ballot:
    return Ballot(key=key, choices=tuple(frozenset(r) for r in rows))


def struck(key: str, *rows: int, **kw: object) -> Ballot:
    return Ballot(key=key, struck=frozenset(rows), **kw)  # type: ignore[arg-type]


# =========================================================================== elections


class TestNoSurplusElection:
    """3 candidates for 3 seats: Đồng ý / Không đồng ý per row."""

    def make(self, **prof: object) -> PollDef:
        return poll(PollKind.ELECTION, ["An", "Bình", "Cường"], seats=3, prof=profile("party-election", **prof))

    def test_layout_and_columns(self) -> None:
        p = self.make()
        assert p.layout is Layout.GRID
        assert p.columns == AGREE_COLUMNS == ("Đồng ý", "Không đồng ý")

    def test_faulty_row_is_skipped_and_the_ballot_stays_valid(self) -> None:
        p = self.make()
        both = grid("both", [1, 2], [1], [2])
        neither = grid("neither", [1], [], [1])
        v = election.check(p, both)
        assert v.valid
        assert v.skipped_rows == frozenset({1})
        assert election.check(p, neither).skipped_rows == frozenset({2})
        assert election.check(p, grid("ok", [1], [1], [2])).skipped_rows == frozenset()

    def test_counts_and_percents_per_column(self) -> None:
        p = self.make()
        ballots = [
            grid("1", [1], [1], [2]),
            grid("2", [1], [2], [2]),
            grid("3", [1, 2], [1], [1]),  # row 1 both: not counted for An
            grid("4", [1], [], [1]),  # row 2 neither: not counted for Bình
            grid("5", [2], [1], [1]),
        ]
        ctx = Context(convened=6, present=5, excluded=0)
        result = tally(p, ballots, ctx)
        assert (result.totals.valid, result.totals.invalid) == (5, 0)
        assert result.base == result.majority_base == 6
        assert [i.counts for i in result.items] == [(3, 1), (3, 1), (3, 2)]
        assert [i.votes for i in result.items] == [3, 3, 3]
        assert [i.percents for i in result.items] == [
            ("50,00", "16,67"),
            ("50,00", "16,67"),
            ("50,00", "33,33"),
        ]
        assert [i.percent for i in result.items] == ["50,00"] * 3
        # 2·3 = 6 is not more than 6: nobody elected, three seats open.
        assert result.elected == ()
        assert result.open_seats == 3
        assert [i.outcome for i in result.items] == ["not_elected"] * 3

    def test_majority_elects_all_who_pass(self) -> None:
        p = self.make()
        ballots = [grid(str(k), [1], [1], [2]) for k in range(4)]
        result = tally(p, ballots, Context(convened=7, present=4, excluded=0))
        assert result.elected == ("An", "Bình")
        assert result.open_seats == 1

    def test_row_fault_invalidate_ballot_variant(self) -> None:
        p = self.make(row_fault="invalidate_ballot")
        v = election.check(p, grid("x", [1, 2], [1], [1]))
        assert not v.valid
        assert v.reason == common.ROW_FAULT
        assert v.skipped_rows == frozenset({1})


class TestSingleNameElection:
    def make(self, **prof: object) -> PollDef:
        return poll(PollKind.ELECTION, ["Bí thư"], seats=1, prof=profile("party-election", **prof))

    def test_layout(self) -> None:
        p = self.make()
        assert p.layout is Layout.SINGLE
        assert p.columns == AGREE_COLUMNS

    @pytest.mark.parametrize("marks", [[1, 2], []])
    def test_both_or_neither_is_invalid(self, marks: list[int]) -> None:
        p = self.make()
        v = election.check(p, grid("x", marks))
        assert not v.valid
        assert v.reason == common.SINGLE_FAULT

    def test_count(self) -> None:
        p = self.make()
        ballots = [grid("1", [1]), grid("2", [1]), grid("3", [2]), grid("4", [1, 2]), grid("5", [])]
        result = tally(p, ballots, Context(convened=5, present=5, excluded=0))
        assert (result.totals.valid, result.totals.invalid) == (3, 2)
        assert result.totals.invalid_reasons == ((common.SINGLE_FAULT, 2),)
        assert result.items[0].counts == (2, 1)
        assert result.items[0].votes == 2
        assert result.items[0].percent == "40,00"
        assert result.elected == ()  # 2·2 = 4 ≤ 5
        assert result.open_seats == 1

    def test_single_fault_skip_row_variant_keeps_ballot(self) -> None:
        p = self.make(single_fault="skip_row")
        v = election.check(p, grid("x", [1, 2]))
        assert v.valid
        assert v.skipped_rows == frozenset({1})


class TestSurplusElection:
    def make(self, **prof: object) -> PollDef:
        return poll(PollKind.ELECTION, ["An", "Bình", "Cường"], seats=2, prof=profile("party-election", **prof))

    def test_all_struck_is_invalid_under_party_election(self) -> None:
        p = self.make()
        v = election.check(p, struck("x", 1, 2, 3))
        assert not v.valid
        assert v.reason == common.ALL_STRUCK

    def test_all_struck_is_valid_when_the_profile_says_so(self) -> None:
        p = self.make(all_struck_invalid=False)
        assert election.check(p, struck("x", 1, 2, 3)).valid
        result = tally(p, [struck("x", 1, 2, 3), struck("y", 3)], Context(convened=3, present=2, excluded=0))
        assert (result.totals.valid, result.totals.invalid) == (2, 0)
        assert [i.votes for i in result.items] == [1, 1, 0]

    def test_too_many_kept(self) -> None:
        p = self.make()
        v = election.check(p, struck("x"))
        assert not v.valid
        assert v.reason == common.TOO_MANY_KEPT
        assert election.check(p, struck("y", 1)).valid
        assert election.check(p, struck("z", 1, 2)).valid  # fewer than the seats is fine

    def test_votes_and_percent_over_election_base(self) -> None:
        p = self.make()
        ballots = [struck("1", 3), struck("2", 3), struck("3", 2), struck("4", 1, 2), struck("5", 2)]
        ctx = Context(convened=6, present=5, excluded=1)
        result = tally(p, ballots, ctx)
        assert result.base == 5
        assert [i.votes for i in result.items] == [4, 2, 3]
        assert [i.percent for i in result.items] == ["80,00", "40,00", "60,00"]
        assert result.elected == ("An", "Cường")
        assert [i.outcome for i in result.items] == ["elected", "not_elected", "elected"]

    def test_three_way_tie_for_two_seats_under_older_rule(self) -> None:
        prof = profile("state-election")
        items = (Item("An", birth_year=1970), Item("Bình", birth_year=1960), Item("Cường", birth_year=1970))
        p = PollDef(kind=PollKind.ELECTION, seats=2, items=items, profile=prof)
        ballots = [struck("1", 3), struck("2", 1), struck("3", 2)]
        result = tally(p, ballots, Context(convened=3, present=3, excluded=0))
        assert [i.votes for i in result.items] == [2, 2, 2]
        # Bình is oldest and takes one seat; An and Cường (same year) tie for the other.
        assert result.elected == ("Bình",)
        assert result.revote is not None
        assert result.revote.names == ("An", "Cường")
        assert result.revote.seats == 1
        assert [i.outcome for i in result.items] == ["tie", "elected", "tie"]

    def test_decide_more_passers_than_seats_takes_the_highest(self) -> None:
        p = poll(PollKind.ELECTION, ["A", "B", "C", "D"], seats=2)
        outcome, elected, revote = election.decide(p, [9, 7, 8, 6], majority_base=10)
        assert outcome == ["elected", "not_elected", "elected", "not_elected"]
        assert elected == [0, 2]
        assert revote is None

    def test_decide_tie_with_both_fitting_elects_both(self) -> None:
        p = poll(PollKind.ELECTION, ["A", "B", "C", "D"], seats=3)
        outcome, elected, revote = election.decide(p, [9, 7, 7, 6], majority_base=10)
        assert outcome == ["elected", "elected", "elected", "not_elected"]
        assert elected == [0, 1, 2]
        assert revote is None

    def test_decide_strict_majority(self) -> None:
        p = poll(PollKind.ELECTION, ["A", "B"], seats=1)
        assert election.decide(p, [5, 0], majority_base=10)[1] == []
        assert election.decide(p, [6, 0], majority_base=10)[1] == [0]
        assert election.decide(p, [5, 0], majority_base=9)[1] == [0]


class TestBaseIssued:
    def test_issued_base_without_issued_raises(self) -> None:
        p = poll(PollKind.ELECTION, ["An", "Bình"], seats=1, prof=profile("party-election", percent_base="issued"))
        with pytest.raises(RulesError, match="phiếu phát ra"):
            tally(p, [struck("1", 1)], Context(convened=3, present=3, excluded=0))

    def test_issued_base_majority_without_issued_raises(self) -> None:
        p = poll(PollKind.MOTION, ["Nghị quyết"], prof=profile("motion", majority_base="issued"))
        with pytest.raises(RulesError):
            tally(p, [grid("1", [1])], Context(convened=3, present=3, excluded=0))

    def test_issued_base_with_issued(self) -> None:
        p = poll(PollKind.ELECTION, ["An", "Bình"], seats=1, prof=profile("party-election", percent_base="issued"))
        result = tally(p, [struck("1", 1)], Context(convened=3, present=3, excluded=0, issued=4))
        assert result.base == 4
        assert result.items[1].percent == "25,00"

    def test_totals_base_values(self) -> None:
        totals = Totals(issued=None, collected=9, entered=8, valid=7, invalid=1, invalid_reasons=())
        ctx = Context(convened=12, present=11, excluded=2)
        assert totals.base(Base.VALID, ctx) == 7
        assert totals.base(Base.COLLECTED, ctx) == 9
        assert totals.base(Base.PRESENT, ctx) == 11
        assert totals.base(Base.CONVENED, ctx) == 12
        assert totals.base(Base.ELECTION_BASE, ctx) == 10
        with pytest.raises(RulesError):
            totals.base(Base.ISSUED, ctx)


# =========================================================================== confidence


class TestConfidence:
    def test_three_levels_columns(self) -> None:
        p = poll(PollKind.CONFIDENCE, ["X"])
        assert p.layout is Layout.GRID
        assert p.columns == ("Tín nhiệm cao", "Tín nhiệm", "Tín nhiệm thấp")

    def test_binding_vote_two_columns(self) -> None:
        # A binding vote has one threshold: more than half of the binding base vote Không tín nhiệm (#15).
        # council-confidence measures it over all deputies (those convened): 12 here.
        p = poll(PollKind.CONFIDENCE, ["X", "Y"], binding=True, prof=profile("council-confidence"))
        assert p.columns == BINDING_COLUMNS == ("Tín nhiệm", "Không tín nhiệm")
        ballots = [grid(str(k), [2], [1]) for k in range(7)] + [grid(f"b{k}", [1], [2]) for k in range(3)]
        ballots.append(grid("bad", [1, 2], [1]))
        result = tally(p, ballots, Context(convened=12, present=11, excluded=0))
        assert result.columns == BINDING_COLUMNS
        assert result.binding
        assert (result.totals.valid, result.totals.invalid) == (10, 1)
        assert result.base == result.majority_base == 12  # convened
        x, y = result.items
        assert x.counts == (3, 7)
        assert x.percents == ("25,00", "58,33")
        assert x.outcome == "no_confidence"  # 2·7 > 12
        assert words(x.notes) == ("Quá nửa không tín nhiệm",)
        assert y.counts == (7, 3)
        assert y.outcome == "none"
        assert words(y.notes) == ()

    def test_binding_has_one_threshold_not_the_two_thirds_band(self) -> None:
        p = poll(PollKind.CONFIDENCE, ["X", "Y"], binding=True, prof=profile("council-confidence"))
        ballots = [grid(str(k), [2], [2]) for k in range(3)] + [grid(f"a{k}", [1], [2]) for k in range(3)]
        result = tally(p, ballots, Context(convened=6, present=6, excluded=0))
        # X: 3 of 6, exactly half, is not more than half; Y: 6 of 6 is simply "no confidence".
        assert [i.outcome for i in result.items] == ["none", "no_confidence"]
        assert all("2/3" not in note for i in result.items for note in words(i.notes))

    @pytest.mark.parametrize(
        ("low", "base", "expected"),
        [
            (0, 0, "none"),
            (5, 10, "none"),
            (6, 10, "low_over_half"),
            (6, 9, "low_two_thirds"),
            (20, 30, "low_two_thirds"),
            (19, 30, "low_over_half"),
            (23, 46, "none"),
            (31, 46, "low_two_thirds"),
            (30, 46, "low_over_half"),
        ],
    )
    def test_band(self, low: int, base: int, expected: str) -> None:
        assert confidence.band(low, base) == expected

    def test_party_confidence_bad_row_voids_ballot(self) -> None:
        p = poll(PollKind.CONFIDENCE, ["X", "Y"])
        v = confidence.check(p, grid("x", [1], []))
        assert not v.valid
        assert v.reason == common.ROW_FAULT


# =========================================================================== evaluation


def eval_poll(names: Sequence[str] = ("S",), items: Sequence[Item] | None = None, **prof: object) -> PollDef:
    return PollDef(
        kind=PollKind.EVALUATION,
        seats=0,
        items=tuple(items) if items is not None else tuple(Item(n) for n in names),
        profile=profile("evaluation", **prof),
    )


def column_ballots(columns: Sequence[int]) -> list[Ballot]:
    """One single-row ballot per entry, marking that column (0 = blank row)."""
    return [grid(str(k), [c] if c else []) for k, c in enumerate(columns)]


class TestEvaluation:
    def test_columns(self) -> None:
        assert eval_poll().columns == LEVEL_COLUMNS
        assert len(LEVEL_COLUMNS) == 4

    def test_cumulative_majority(self) -> None:
        # counts (2, 1, 1, 1) over 5: level 1 has 2 (not > half); 1–2 has 3 → level 2.
        result = tally(eval_poll(), column_ballots([1, 1, 2, 3, 4]), CTX)
        item = result.items[0]
        assert item.counts == (2, 1, 1, 1)
        assert item.percents == ("40,00", "20,00", "20,00", "20,00")
        assert item.level == 2
        assert item.outcome == "rated"
        assert words(item.notes) == ()

    def test_plurality(self) -> None:
        result = tally(eval_poll(level_rule="plurality"), column_ballots([1, 1, 2, 3, 4]), CTX)
        assert result.items[0].level == 1

    def test_plurality_tie_gives_no_level(self) -> None:
        result = tally(eval_poll(level_rule="plurality"), column_ballots([1, 2, 2, 3, 3]), CTX)
        item = result.items[0]
        assert item.level is None
        assert item.outcome == "undetermined"
        assert words(item.notes) == ("Không mức nào đạt đa số: tập thể xem xét, quyết định.",)

    def test_cumulative_majority_with_blank_rows_may_give_no_level(self) -> None:
        # 4 valid ballots, only one marks the row: 2·1 ≤ 4 at every level.
        result = tally(eval_poll(), column_ballots([1, 0, 0, 0]), CTX)
        assert result.totals.valid == 4  # skip_row: the ballot stays valid
        assert result.items[0].counts == (1, 0, 0, 0)
        assert result.items[0].level is None
        assert result.items[0].outcome == "undetermined"

    @pytest.mark.parametrize(
        ("counts", "base", "rule", "expected"),
        [
            ((3, 0, 0, 0), 5, "cumulative_majority", 1),
            ((2, 0, 1, 0), 5, "cumulative_majority", 3),
            ((0, 0, 0, 5), 5, "cumulative_majority", 4),
            ((0, 0, 0, 0), 5, "cumulative_majority", None),
            ((0, 0, 0, 0), 5, "plurality", None),
            ((0, 3, 1, 1), 5, "plurality", 2),
            ((0, 2, 2, 1), 5, "plurality", None),
        ],
    )
    def test_level_of(self, counts: tuple[int, ...], base: int, rule: str, expected: int | None) -> None:
        assert evaluation.level_of(counts, base, rule) == expected

    def test_max_level_caps_the_voted_level(self) -> None:
        items = (Item("Đủ điều kiện"), Item("Chưa đủ điều kiện", max_level=2))
        p = eval_poll(items=items)
        ballots = [grid(str(k), [1], [1]) for k in range(3)]
        result = tally(p, ballots, CTX)
        assert [i.level for i in result.items] == [1, 2]
        assert words(result.items[1].notes) == ("Chưa đủ điều kiện của mức 1: xếp mức 2.",)
        assert words(result.items[0].notes) == ()
        # The cap check sees the capped levels.
        assert result.cap_check is not None
        assert (result.cap_check.excellent, result.cap_check.good_or_better) == (1, 2)

    def test_max_level_does_not_raise_a_worse_vote(self) -> None:
        p = eval_poll(items=(Item("S", max_level=2),))
        result = tally(p, column_ballots([3, 3, 3]), CTX)
        assert result.items[0].level == 3

    def test_cap_not_exceeded_has_no_note(self) -> None:
        result = tally(eval_poll(), column_ballots([2, 2, 2]), CTX)
        assert result.cap_check is not None
        assert result.cap_check.exceeded is False
        assert words(result.notes) == ()


# =========================================================================== scoring

CRITERIA = (Criterion("Tiêu chí chung", 60), Criterion("Kết quả thực hiện nhiệm vụ", 140))  # 30 + 70 points


def score_poll(names: Sequence[str] = ("S",), items: Sequence[Item] | None = None, **prof: object) -> PollDef:
    return PollDef(
        kind=PollKind.SCORING,
        seats=0,
        items=tuple(items) if items is not None else tuple(Item(n) for n in names),
        profile=profile("scoring", **prof),
        criteria=CRITERIA,
    )


def scores(key: str, *rows: tuple[int | None, ...]) -> Ballot:
    return Ballot(key=key, scores=tuple(rows))


class TestScoring:
    def test_layout_and_columns(self) -> None:
        p = score_poll()
        assert p.layout is Layout.SCORES
        result = tally(p, [scores("1", (60, 140))], CTX)
        assert result.columns == ("Tiêu chí chung", "Kết quả thực hiện nhiệm vụ")

    def test_half_points_mean(self) -> None:
        # 25 + 60,5 = 85,5 points and 30 + 70 = 100 points → mean 92,75.
        ballots = [scores("1", (50, 121)), scores("2", (60, 140))]
        result = tally(score_poll(), ballots, CTX)
        item = result.items[0]
        assert item.mean == Fraction(371, 4)
        assert item.scored == 2
        assert item.level == 1
        assert item.outcome == "rated"
        assert words(item.notes) == ()

    def test_median_odd_and_even(self) -> None:
        p = score_poll(aggregate="median")
        three = [scores("1", (60, 140)), scores("2", (40, 100)), scores("3", (20, 20))]
        assert tally(p, three, CTX).items[0].mean == Fraction(70)
        four = [*three, scores("4", (51, 100))]
        assert tally(p, four, CTX).items[0].mean == Fraction(291, 4)  # (70 + 75,5) / 2

    def test_trimmed_mean_drops_highest_and_lowest(self) -> None:
        p = score_poll(aggregate="trimmed_mean")
        ballots = [
            scores("1", (60, 140)),  # 100
            scores("2", (40, 100)),  # 70
            scores("3", (40, 101)),  # 70,5
            scores("4", (0, 0)),  # 0
        ]
        item = tally(p, ballots, CTX).items[0]
        assert item.mean == Fraction(281, 4)  # (70 + 70,5) / 2
        assert words(item.notes) == ()
        assert item.level == 2

    def test_trimmed_mean_with_two_trims(self) -> None:
        p = score_poll(aggregate="trimmed_mean", trim=2)
        totals = [Fraction(v) for v in (10, 20, 30, 40, 90)]
        assert scoring.aggregate(totals, "trimmed_mean", 2) == (Fraction(30), None)
        five = [scores(str(k), (0, int(2 * v))) for k, v in enumerate((10, 20, 30, 40, 70))]
        assert tally(p, five, CTX).items[0].mean == Fraction(30)

    def test_trimmed_mean_too_few_ballots_uses_the_mean_with_a_note(self) -> None:
        p = score_poll(aggregate="trimmed_mean")
        ballots = [scores("1", (60, 140)), scores("2", (20, 80))]
        item = tally(p, ballots, CTX).items[0]
        assert item.mean == Fraction(75)
        assert words(item.notes) == ("Ít hơn 3 phiếu chấm: dùng trung bình cộng, không loại điểm cao nhất, thấp nhất.",)

    def test_aggregate_empty(self) -> None:
        assert scoring.aggregate([], "mean", 1) == (None, None)

    @pytest.mark.parametrize(
        ("row", "reason"),
        [
            ((61, 0), common.SCORE_OUT_OF_RANGE),
            ((0, 141), common.SCORE_OUT_OF_RANGE),
            ((-1, 0), common.SCORE_OUT_OF_RANGE),
        ],
    )
    def test_out_of_range_is_invalid(self, row: tuple[int, int], reason: str) -> None:
        p = score_poll(names=("S", "T"))
        v = scoring.check(p, scores("x", (10, 10), row))
        assert not v.valid
        assert v.reason == reason
        result = tally(p, [scores("x", (10, 10), row), scores("y", (10, 10), (10, 10))], CTX)
        assert (result.totals.valid, result.totals.invalid) == (1, 1)
        assert result.totals.invalid_reasons == ((reason, 1),)

    def test_bounds_are_inclusive(self) -> None:
        assert scoring.check(score_poll(), scores("x", (0, 140))).valid
        assert scoring.check(score_poll(), scores("x", (60, 0))).valid

    def test_bad_step_is_invalid(self) -> None:
        p = score_poll(score_step_halves=2)  # whole points only
        v = scoring.check(p, scores("x", (51, 100)))
        assert not v.valid
        assert v.reason == common.SCORE_BAD_STEP
        assert scoring.check(p, scores("y", (50, 100))).valid
        # Half points are fine under the shipped profile.
        assert scoring.check(score_poll(), scores("z", (51, 101))).valid

    def test_blank_criterion_means_not_scored_with_a_note(self) -> None:
        p = score_poll(names=("S", "T"))
        ballots = [
            scores("1", (60, 140), (None, 100)),
            scores("2", (40, 100), (50, 100)),
        ]
        v = scoring.check(p, ballots[0])
        assert v.valid
        assert words(v.warnings) == ("1 người chưa được chấm đủ tiêu chí",)
        result = tally(p, ballots, CTX)
        assert (result.totals.valid, result.totals.invalid) == (2, 0)
        s, t = result.items
        assert s.scored == 2
        assert s.mean == Fraction(85)
        assert t.scored == 1
        assert t.mean == Fraction(75)
        assert t.level == 2
        assert words(t.notes) == ("1 phiếu chấm thiếu tiêu chí, không tính cho người này.",)

    def test_subject_scored_by_nobody(self) -> None:
        p = score_poll()
        result = tally(p, [scores("1", (None, None)), scores("2", (60, None))], CTX)
        item = result.items[0]
        assert item.outcome == "unscored"
        assert item.level is None
        assert item.mean is None
        assert item.scored == 0
        assert words(item.notes) == ("2 phiếu chấm thiếu tiêu chí, không tính cho người này.",)

    @pytest.mark.parametrize(
        ("halves", "level"),
        [
            ((60, 120), 1),  # 90
            ((60, 119), 2),  # 89,5
            ((60, 80), 2),  # 70
            ((60, 79), 3),  # 69,5
            ((40, 60), 3),  # 50
            ((40, 59), 4),  # 49,5
            ((0, 0), 4),
            ((60, 140), 1),
        ],
    )
    def test_level_thresholds_exactly_at_90_70_50(self, halves: tuple[int, int], level: int) -> None:
        result = tally(score_poll(), [scores("1", halves)], CTX)
        assert result.items[0].mean == Fraction(sum(halves), 2)
        assert result.items[0].level == level

    def test_level_of_is_a_share_of_the_maximum(self) -> None:
        assert scoring.level_of(Fraction(45), Fraction(50), (90, 70, 50)) == 1
        assert scoring.level_of(Fraction(89, 2), Fraction(50), (90, 70, 50)) == 2
        assert scoring.level_of(Fraction(25), Fraction(50), (90, 70, 50)) == 3
        assert scoring.level_of(Fraction(24), Fraction(50), (90, 70, 50)) == 4

    def test_max_level_caps_the_score_level(self) -> None:
        p = score_poll(items=(Item("S", max_level=2),))
        result = tally(p, [scores("1", (60, 140))], CTX)
        assert result.items[0].level == 2


# =========================================================================== motion


class TestMotion:
    def make(self, *names: str, **prof: object) -> PollDef:
        return poll(PollKind.MOTION, names or ("Nghị quyết",), prof=profile("motion", **prof))

    def test_columns(self) -> None:
        assert self.make().columns == MOTION_COLUMNS == ("Đồng ý", "Không đồng ý", "Ý kiến khác")

    @pytest.mark.parametrize(("agree", "outcome"), [(10, "rejected"), (11, "passed"), (9, "rejected")])
    def test_more_than_half_of_the_base(self, agree: int, outcome: str) -> None:
        p = self.make()
        ballots = column_ballots([1] * agree + [2] * (18 - agree))
        result = tally(p, ballots, Context(convened=21, present=18, excluded=1))
        assert result.base == result.majority_base == 20
        item = result.items[0]
        assert item.votes == agree
        assert item.counts == (agree, 18 - agree, 0)
        assert item.percents is not None
        assert item.percent == item.percents[0]
        assert item.outcome == outcome

    def test_counts_percents_and_skipped_rows(self) -> None:
        p = self.make("NQ 1", "NQ 2")
        ballots = [
            grid("1", [1], [3]),
            grid("2", [1], [2]),
            grid("3", [2], [1, 2]),
            grid("4", [3], []),
        ]
        result = tally(p, ballots, Context(convened=8, present=4, excluded=0))
        assert (result.totals.valid, result.totals.invalid) == (4, 0)
        assert [i.counts for i in result.items] == [(2, 1, 1), (0, 1, 1)]
        assert [i.percents for i in result.items] == [("25,00", "12,50", "12,50"), ("0,00", "12,50", "12,50")]
        assert [i.outcome for i in result.items] == ["rejected", "rejected"]

    def test_motion_check(self) -> None:
        assert motion.check(self.make(), grid("x", [1, 3])).skipped_rows == frozenset({1})


# =========================================================================== nomination

NFC_NAME = unicodedata.normalize("NFC", "Nguyễn Thị Thúy")
NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Thị Thúy")


def nom_poll(seats: int = 2, eligible: Sequence[str] = (), **prof: object) -> PollDef:
    return poll(PollKind.NOMINATION, eligible, seats=seats, prof=profile("nomination", **prof))


def names(key: str, *written: str) -> Ballot:
    return Ballot(key=key, names=written)


class TestNomination:
    def test_layout(self) -> None:
        assert nom_poll().layout is Layout.NAMES
        assert nom_poll().columns == ()

    def test_normalisation_makes_one_name(self) -> None:
        assert NFC_NAME != NFD_NAME
        ballots = [
            names("1", NFC_NAME),
            names("2", NFD_NAME),
            names("3", "  nguyễn   THỊ thúy "),
            names("4", "NGUYỄN THỊ THÚY", "Trần Văn Bình"),
        ]
        result = tally(nom_poll(eligible=[NFC_NAME, "Trần Văn Bình"]), ballots, CTX)
        assert [(i.name, i.votes, i.eligible) for i in result.items] == [
            (NFC_NAME, 4, True),
            ("Trần Văn Bình", 1, True),
        ]
        assert result.items[0].percent == "100,00"
        assert result.items[1].percent == "25,00"
        assert [i.position for i in result.items] == [1, 2]
        assert all(i.outcome == "nominated" for i in result.items)

    def test_duplicate_on_one_ballot_counts_once(self) -> None:
        b = names("1", NFC_NAME, NFD_NAME.upper())
        v = nomination.check(nom_poll(seats=1), b)
        assert v.valid  # one distinct name for one place
        assert words(v.warnings) == ("Một tên được ghi nhiều lần trên phiếu: chỉ tính một lần.",)
        result = tally(nom_poll(seats=1), [b], CTX)
        assert [(i.name, i.votes) for i in result.items] == [(NFC_NAME, 1)]

    def test_blank_names_are_dropped(self) -> None:
        b = names("1", "   ", "", "An")
        assert nomination.distinct_names(b) == ["An"]
        assert nomination.check(nom_poll(seats=1), b).valid

    def test_too_many_names_is_invalid(self) -> None:
        b = names("1", "An", "Bình", "Cường")
        v = nomination.check(nom_poll(seats=2), b)
        assert not v.valid
        assert v.reason == common.TOO_MANY_NAMES
        result = tally(nom_poll(seats=2), [b, names("2", "An")], CTX)
        assert (result.totals.valid, result.totals.invalid) == (1, 1)
        assert [(i.name, i.votes) for i in result.items] == [("An", 1)]

    def test_too_many_names_counted_when_the_profile_allows(self) -> None:
        p = nom_poll(seats=2, too_many_names_invalid=False)
        result = tally(p, [names("1", "An", "Bình", "Cường")], CTX)
        assert result.totals.valid == 1
        assert [i.name for i in result.items] == ["An", "Bình", "Cường"]

    def test_not_eligible_flag(self) -> None:
        ballots = [names("1", "Lê Văn Tám", "Trần Văn Bình"), names("2", "Lê Văn Tám")]
        result = tally(nom_poll(eligible=["Trần Văn Bình"]), ballots, CTX)
        assert [(i.name, i.votes, i.eligible, words(i.notes)) for i in result.items] == [
            ("Lê Văn Tám", 2, False, ("Không có trong danh sách đủ điều kiện",)),
            ("Trần Văn Bình", 1, True, ()),
        ]

    def test_without_eligible_list_nobody_is_flagged(self) -> None:
        result = tally(nom_poll(), [names("1", "Lê Văn Tám")], CTX)
        assert result.items[0].eligible is None
        assert words(result.items[0].notes) == ()

    def test_equal_votes_in_vietnamese_order(self) -> None:
        ballots = [names("1", "Trần Văn Đức", "Nguyễn Văn Dũng"), names("2", "Lê Văn An")]
        result = tally(nom_poll(), ballots, CTX)
        assert [i.name for i in result.items] == ["Lê Văn An", "Nguyễn Văn Dũng", "Trần Văn Đức"]

    def test_eligible_spelling_wins(self) -> None:
        result = tally(nom_poll(eligible=["Trần Văn Bình"]), [names("1", "trần văn bình")], CTX)
        assert result.items[0].name == "Trần Văn Bình"

    def test_off_list_spelling_does_not_depend_on_ballot_order(self) -> None:
        a = names("1", "nguyễn văn an")
        b = names("2", "Nguyễn Văn An")
        first = tally(nom_poll(), [a, b], CTX)
        second = tally(nom_poll(), [b, a], CTX)
        assert first.items == second.items


# =========================================================================== overrides


class TestOverrides:
    def make(self) -> PollDef:
        return poll(PollKind.ELECTION, ["An", "Bình", "Cường"], seats=2)

    def test_overrides_change_totals_and_are_recorded(self) -> None:
        p = self.make()
        ballots = [
            struck("1", 3),
            struck("2", 2),
            struck("keeps-all", override=Override(valid=True, reason="Ban kiểm phiếu kết luận hợp lệ")),
            struck("marked", 1, override=Override(valid=False, reason="Phiếu có dấu hiệu nhận biết")),
            struck("agree", 1, override=Override(valid=True, reason="Xác nhận")),  # no change: no record
        ]
        result = tally(p, ballots, Context(convened=5, present=5, excluded=0))
        t = result.totals
        assert (t.entered, t.valid, t.invalid) == (5, 4, 1)
        assert [(vietnamese(r), n) for r, n in t.invalid_reasons] == [("Phiếu có dấu hiệu nhận biết", 1)]
        assert [i.votes for i in result.items] == [3, 3, 3]
        assert len(result.overrides) == 2
        first, second = result.overrides
        assert (first.key, first.automatic_valid, first.automatic_reason, first.valid, first.reason) == (
            "keeps-all",
            False,
            common.TOO_MANY_KEPT,
            True,
            "Ban kiểm phiếu kết luận hợp lệ",
        )
        assert (second.key, second.automatic_valid, second.automatic_reason, second.valid, second.reason) == (
            "marked",
            True,
            None,
            False,
            "Phiếu có dấu hiệu nhận biết",
        )

    def test_without_overrides(self) -> None:
        p = self.make()
        ballots = [struck("1", 3), struck("2", 2), struck("keeps-all"), struck("marked", 1)]
        result = tally(p, ballots, Context(convened=5, present=5, excluded=0))
        assert (result.totals.valid, result.totals.invalid) == (3, 1)
        assert [i.votes for i in result.items] == [2, 2, 2]
        assert result.overrides == ()

    def test_physical_fault_overridden_valid_counts_the_marks(self) -> None:
        p = self.make()
        b = struck("1", 3, physical_invalid="torn", override=Override(valid=True, reason="Rách nhẹ, đọc được"))
        result = tally(p, [b], Context(convened=3, present=3, excluded=0))
        assert result.totals.valid == 1
        assert [i.votes for i in result.items] == [1, 1, 0]
        assert result.overrides[0].automatic_reason == common.physical_reason("torn")

    def test_override_on_a_grid_poll(self) -> None:
        p = poll(PollKind.CONFIDENCE, ["X"])
        b = grid("1", [1, 2])
        ov = Ballot(key="2", choices=(frozenset({1, 2}),), override=Override(valid=True, reason="Ý chí rõ"))
        result = tally(p, [b, ov, grid("3", [3])], CTX)
        assert (result.totals.valid, result.totals.invalid) == (2, 1)
        # The overridden ballot counts, but its row with two marks still counts for nobody.
        assert result.items[0].counts == (0, 0, 1)

    def test_markless_physical_ballot_overridden_valid_strike(self) -> None:
        p = poll(PollKind.ELECTION, ["An", "Bình", "Cường"], seats=1)
        b = Ballot(
            key="1",
            physical_invalid="no_stamp",
            override=Override(valid=True, reason="Có dấu"),
            marks_entered=False,
        )
        if shape_error(p, b) is None:
            result = tally(p, [b], Context(convened=3, present=3, excluded=0))
            assert sum(i.votes or 0 for i in result.items) <= p.seats

    def test_markless_physical_ballot_overridden_valid_scoring(self) -> None:
        p = score_poll()
        b = Ballot(
            key="1",
            physical_invalid="no_stamp",
            override=Override(valid=True, reason="Có dấu"),
            marks_entered=False,
        )
        if shape_error(p, b) is None:
            tally(p, [b], CTX)


# =========================================================================== physical faults


class TestPhysicalFaults:
    @pytest.mark.parametrize("code", sorted(common.PHYSICAL_REASONS))
    def test_codes_give_the_minutes_wording(self, code: str) -> None:
        p = poll(PollKind.ELECTION, ["An", "Bình"], seats=1)
        v = check(p, Ballot(key="x", struck=frozenset({1}), physical_invalid=code))
        assert not v.valid
        assert v.reason is not None
        assert vietnamese(v.reason) == common.PHYSICAL_REASONS[code]

    def test_free_text_is_kept(self) -> None:
        assert vietnamese(common.physical_reason("  Phiếu viết bằng bút chì ")) == "Phiếu viết bằng bút chì"
        assert common.physical_reason(" no_stamp ") == common.physical_reason("no_stamp")

    @pytest.mark.parametrize("kind", list(PollKind))
    def test_physical_fault_first_for_every_kind(self, kind: PollKind) -> None:
        p = poll(kind, ["A"], seats=1) if kind is not PollKind.SCORING else score_poll()
        result = tally(p, [Ballot(key="x", physical_invalid="torn")], CTX)
        assert (result.totals.valid, result.totals.invalid) == (0, 1)
        assert result.totals.invalid_reasons == ((common.physical_reason("torn"), 1),)

    def test_tally_check_dispatches_by_kind(self) -> None:
        p = poll(PollKind.ELECTION, ["An", "Bình"], seats=1)
        assert check(p, struck("x")).reason == common.TOO_MANY_KEPT
        assert check(p, struck("y", 1)).valid


# =========================================================================== shapes


class TestShapeError:
    def test_strike(self) -> None:
        p = poll(PollKind.ELECTION, ["An", "Bình", "Cường"], seats=2)
        assert shape_text(p, struck("ok", 1, 3)) is None
        assert shape_text(p, struck("none")) is None
        assert "4" in (shape_text(p, struck("x", 4)) or "")
        assert "0" in (shape_text(p, struck("x", 0)) or "")
        assert shape_text(p, grid("x", [1], [1], [1])) is not None
        assert shape_text(p, Ballot(key="x", names=("An",))) is not None

    def test_grid_rows_and_columns(self) -> None:
        p = poll(PollKind.CONFIDENCE, ["X", "Y"])
        assert shape_text(p, grid("ok", [1], [3])) is None
        assert shape_text(p, grid("ok", [], [1, 2, 3])) is None
        assert shape_text(p, grid("x", [1])) == "phiếu có 2 dòng nhưng 'choices' có 1 phần tử"
        assert shape_text(p, grid("x", [1], [1], [1])) is not None
        assert (shape_text(p, grid("x", [1], [4])) or "").startswith("dòng 2: cột 4")
        assert (shape_text(p, grid("x", [0], [1])) or "").startswith("dòng 1: cột 0")
        assert shape_text(p, Ballot(key="x", struck=frozenset({1}))) is not None

    def test_binding_has_two_columns(self) -> None:
        p = poll(PollKind.CONFIDENCE, ["X"], binding=True)
        assert shape_text(p, grid("ok", [2])) is None
        assert shape_text(p, grid("x", [3])) is not None

    def test_single_and_no_surplus(self) -> None:
        single = poll(PollKind.ELECTION, ["An"], seats=1)
        assert shape_text(single, grid("ok", [1, 2])) is None
        assert shape_text(single, grid("x", [3])) is not None
        assert shape_text(single, struck("x", 1)) is not None

    def test_scores(self) -> None:
        p = score_poll(names=("S", "T"))
        assert shape_text(p, scores("ok", (1, 2), (None, 3))) is None
        assert shape_text(p, scores("x", (1, 2))) == "phiếu có 2 người được chấm nhưng 'scores' có 1 dòng"
        assert (shape_text(p, scores("x", (1, 2), (1,))) or "").startswith("dòng 2: cần 2 điểm")
        assert shape_text(p, grid("x", [1], [1])) is not None

    def test_names(self) -> None:
        p = nom_poll()
        assert shape_text(p, names("ok", "An")) is None
        assert shape_text(p, names("ok")) is None
        assert shape_text(p, Ballot(key="x", names=("An",), choices=(frozenset({1}),))) is not None

    def test_physical(self) -> None:
        p = poll(PollKind.CONFIDENCE, ["X", "Y"])
        assert shape_text(p, Ballot(key="x", physical_invalid="torn")) is None
        assert shape_text(p, Ballot(key="x", physical_invalid="   ")) is not None
        # A physically invalid ballot with marks must still have the poll's shape.
        assert shape_text(p, Ballot(key="x", physical_invalid="torn", choices=(frozenset({1}),))) is not None


def test_faulty_rows() -> None:
    assert faulty_rows([frozenset({1}), frozenset(), frozenset({1, 2}), frozenset({3})]) == frozenset({2, 3})
    assert faulty_rows([]) == frozenset()


def test_percents_helper() -> None:
    assert common.percents([1, 2, 0], 3) == ("33,33", "66,67", "0,00")
    assert common.percents([1], 0) == ("0,00",)
