"""Property tests of the counting rules: order independence, consistency of counts, bases and outcomes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.profiles import get_profile
from app.rules import common
from app.rules.model import Ballot, Context, Item, Layout, Override, PollDef, PollKind, Tally
from app.rules.profile import Base, Profile, with_overrides
from app.rules.reasons import Code, Reason
from app.rules.tally import shape_error, tally
from app.rules.words import vietnamese
from app.text import name_key, percent

SETTINGS = settings(max_examples=100, deadline=None)


def words(reasons: Iterable[Reason]) -> tuple[str, ...]:
    """Reasons or notes in their Vietnamese words."""
    return tuple(vietnamese(r) for r in reasons)


def variant(profile_id: str, **overrides: Any) -> Profile:
    base = get_profile(profile_id)
    return with_overrides(base, overrides, "test") if overrides else base


ELECTION_PROFILES = [
    variant("party-election"),
    variant("state-election"),
    variant("party-election", all_struck_invalid=False, row_fault="invalidate_ballot", single_fault="skip_row"),
    variant("party-election", majority_base="collected", percent_base="collected"),
    variant("state-election", percent_base="present", majority_base="convened"),
]
CONFIDENCE_PROFILES = [
    variant("party-confidence"),
    variant("council-confidence", row_fault="skip_row"),
    variant("council-confidence", percent_base="valid", majority_base="election_base"),
]
EVALUATION_PROFILES = [
    variant("evaluation"),
    variant("evaluation", level_rule="plurality", row_fault="invalidate_ballot"),
    variant("evaluation", majority_base="collected", cap_rounding="ceil"),
]
MOTION_PROFILES = [
    variant("motion"),
    variant("motion", row_fault="invalidate_ballot", majority_base="valid", percent_base="valid"),
    variant("motion", majority_base="collected", percent_base="collected"),
]
PHYSICAL = st.sampled_from([*sorted(common.PHYSICAL_REASONS), "Phiếu viết bằng bút chì"])


@dataclass(frozen=True)
class Case:
    poll: PollDef
    ballots: list[Ballot]
    context: Context


def draw_context(draw: st.DrawFn, entered: int) -> Context:
    """A context near the number of ballots, so that majorities are sometimes reached and sometimes not."""
    convened = draw(st.integers(max(0, entered - 3), entered + 6))
    return Context(
        convened=convened,
        present=draw(st.integers(0, convened)),
        excluded=draw(st.integers(0, min(3, convened))),
        issued=draw(st.one_of(st.none(), st.integers(entered, entered + 2))),
    )


overrides = st.one_of(
    st.none(),
    st.none(),
    st.none(),
    st.builds(Override, valid=st.booleans(), reason=st.sampled_from(["Ban kiểm phiếu kết luận", "Có ký hiệu"])),
)


def make_items(draw: st.DrawFn, n: int, kind: PollKind) -> tuple[Item, ...]:
    year = st.one_of(st.none(), st.integers(1960, 1962), st.integers(1960, 1964), st.integers(1940, 1990))
    years = draw(st.lists(year, min_size=n, max_size=n))
    heads = draw(st.lists(st.booleans(), min_size=n, max_size=n)) if kind is PollKind.EVALUATION else [False] * n
    max_levels = draw(st.lists(st.integers(1, 4), min_size=n, max_size=n)) if kind is PollKind.EVALUATION else [1] * n
    return tuple(
        Item(f"Ứng viên {i + 1}", birth_year=years[i], is_head=heads[i], max_level=max_levels[i]) for i in range(n)
    )


def finish(draw: st.DrawFn, marks: list[dict[str, Any]]) -> list[Ballot]:
    """Turn drawn marks into ballots with unique keys, some physically invalid, some overridden."""
    ballots = []
    for i, m in enumerate(marks):
        physical = draw(st.one_of(st.none(), st.none(), st.none(), st.none(), PHYSICAL))
        ballots.append(Ballot(key=f"b{i:03d}", physical_invalid=physical, override=draw(overrides), **m))
    return ballots


def draw_marks(draw: st.DrawFn, marks: st.SearchStrategy[Any]) -> list[Any]:
    """A few ballot templates, each repeated, plus a few one-offs: concentrated votes reach majorities
    and tie far more often than independent random ballots do."""
    templates = draw(st.lists(marks, min_size=1, max_size=4))
    repeats = draw(st.lists(st.integers(0, 8), min_size=len(templates), max_size=len(templates)))
    out = [t for t, k in zip(templates, repeats, strict=True) for _ in range(k)]
    return out + draw(st.lists(marks, max_size=5))


@st.composite
def surplus_elections(draw: st.DrawFn) -> Case:
    n = draw(st.integers(2, 6))
    seats = draw(st.integers(1, n - 1))
    poll = PollDef(
        kind=PollKind.ELECTION,
        seats=seats,
        items=make_items(draw, n, PollKind.ELECTION),
        profile=draw(st.sampled_from(ELECTION_PROFILES)),
    )
    # Bias towards valid ballots: keep between 1 and `seats` names most of the time.
    kept_sets = st.one_of(
        st.frozensets(st.integers(1, n), min_size=1, max_size=seats),
        st.frozensets(st.integers(1, n), min_size=1, max_size=seats),
        st.frozensets(st.integers(1, n)),
    )
    kept = draw_marks(draw, kept_sets)
    everyone = frozenset(range(1, n + 1))
    ballots = finish(draw, [{"struck": everyone - k} for k in kept])
    return Case(poll, ballots, draw_context(draw, len(ballots)))


@st.composite
def constructed_elections(draw: st.DrawFn) -> Case:
    """Surplus elections built from a vote vector with few distinct values, so ties at the boundary,
    more passers than seats and the older-candidate rule come up often."""
    n = draw(st.integers(3, 6))
    seats = draw(st.integers(1, n - 1))
    valid = draw(st.integers(2, 30))
    levels = draw(st.lists(st.integers(0, valid), min_size=1, max_size=3))
    votes = draw(st.lists(st.sampled_from(levels), min_size=n, max_size=n))
    assume(valid <= sum(votes) <= seats * valid)
    kept: list[set[int]] = [set() for _ in range(valid)]
    slot = 0
    for row, v in enumerate(votes, start=1):
        for _ in range(v):
            kept[slot % valid].add(row)
            slot += 1
    everyone = frozenset(range(1, n + 1))
    poll = PollDef(
        kind=PollKind.ELECTION,
        seats=seats,
        items=make_items(draw, n, PollKind.ELECTION),
        profile=draw(st.sampled_from(ELECTION_PROFILES)),
    )
    ballots = [Ballot(key=f"c{i:03d}", struck=everyone - k) for i, k in enumerate(kept)]
    case = Case(poll, ballots, draw_context(draw, len(ballots)))
    assert [sum(1 for b in ballots if r not in b.struck) for r in range(1, n + 1)] == votes
    return case


def row_marks(ncols: int) -> st.SearchStrategy[frozenset[int]]:
    one = st.integers(1, ncols).map(lambda c: frozenset({c}))
    return st.one_of(one, one, one, st.frozensets(st.integers(1, ncols), max_size=ncols))


@st.composite
def grid_polls(draw: st.DrawFn, kind: PollKind) -> Case:
    if kind is PollKind.ELECTION:
        n = draw(st.integers(1, 4))
        seats = draw(st.integers(n, n + 1))
        profile = draw(st.sampled_from(ELECTION_PROFILES))
    else:
        n = draw(st.integers(1, 4))
        seats = 0
        profile = draw(
            st.sampled_from(
                {
                    PollKind.CONFIDENCE: CONFIDENCE_PROFILES,
                    PollKind.EVALUATION: EVALUATION_PROFILES,
                    PollKind.MOTION: MOTION_PROFILES,
                }[kind]
            )
        )
    evaluation = kind is PollKind.EVALUATION
    poll = PollDef(
        kind=kind,
        seats=seats,
        items=make_items(draw, n, kind),
        profile=profile,
        binding=draw(st.booleans()) if kind is PollKind.CONFIDENCE else False,
        collective_level=draw(st.one_of(st.none(), st.integers(1, 4))) if evaluation else None,
    )
    ncols = len(poll.columns)
    rows = draw_marks(draw, st.tuples(*[row_marks(ncols)] * n))
    ballots = finish(draw, [{"choices": r} for r in rows])
    return Case(poll, ballots, draw_context(draw, len(ballots)))


any_case = st.one_of(
    surplus_elections(),
    constructed_elections(),
    grid_polls(PollKind.ELECTION),
    grid_polls(PollKind.CONFIDENCE),
    grid_polls(PollKind.EVALUATION),
    grid_polls(PollKind.MOTION),
)


# --------------------------------------------------------------------------- independent oracles


def auto_valid(poll: PollDef, ballot: Ballot) -> bool:
    """Validity by the rules of docs/regulations.md, written independently of app/rules."""
    if ballot.physical_invalid is not None:
        return False
    profile = poll.profile
    if poll.layout is Layout.STRIKE:
        kept = len(poll.items) - len(ballot.struck)
        if kept == 0:
            return not profile.all_struck_invalid
        return kept <= poll.seats
    fault = profile.single_fault if poll.layout is Layout.SINGLE else profile.row_fault
    return fault == "skip_row" or all(len(row) == 1 for row in ballot.choices)


def final_valid(poll: PollDef, ballot: Ballot) -> bool:
    return ballot.override.valid if ballot.override is not None else auto_valid(poll, ballot)


def base_value(which: Base, case: Case, valid: int) -> int | None:
    ctx = case.context
    return {
        Base.VALID: valid,
        Base.COLLECTED: len(case.ballots),
        Base.ISSUED: ctx.issued,
        Base.PRESENT: ctx.present,
        Base.CONVENED: ctx.convened,
        Base.ELECTION_BASE: ctx.convened - ctx.excluded,
    }[which]


def comparable(result: Tally) -> tuple[object, ...]:
    """Everything in a tally except the order of the override records."""
    return (
        result.kind,
        result.layout,
        result.profile,
        result.totals,
        result.base,
        result.majority_base,
        result.columns,
        result.items,
        Counter(result.overrides),
        result.elected,
        result.revote,
        result.open_seats,
        result.cap_check,
        result.head_checks,
        words(result.notes),
    )


# --------------------------------------------------------------------------- properties for every kind


@SETTINGS
@given(case=any_case)
def test_generated_ballots_have_the_right_shape(case: Case) -> None:
    assert all(shape_error(case.poll, b) is None for b in case.ballots)


@SETTINGS
@given(case=any_case, data=st.data())
def test_ballot_order_never_changes_the_tally(case: Case, data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(case.ballots))
    assert comparable(tally(case.poll, shuffled, case.context)) == comparable(
        tally(case.poll, case.ballots, case.context)
    )


@SETTINGS
@given(case=any_case)
def test_recount_is_idempotent_and_accepts_an_iterator(case: Case) -> None:
    first = tally(case.poll, case.ballots, case.context)
    assert tally(case.poll, case.ballots, case.context) == first
    assert tally(case.poll, iter(case.ballots), case.context) == first
    assert tally(case.poll, (b for b in case.ballots), case.context) == first


@SETTINGS
@given(case=any_case)
def test_totals_and_bases(case: Case) -> None:
    result = tally(case.poll, case.ballots, case.context)
    t = result.totals
    expected_valid = sum(final_valid(case.poll, b) for b in case.ballots)
    assert t.entered == len(case.ballots)
    assert t.collected == len(case.ballots)
    assert t.issued == case.context.issued
    assert t.valid == expected_valid
    assert t.invalid == t.entered - t.valid
    assert sum(n for _, n in t.invalid_reasons) == t.invalid
    assert all(n > 0 for _, n in t.invalid_reasons)
    profile = case.poll.profile
    binding = case.poll.kind is PollKind.CONFIDENCE and case.poll.binding  # one base of its own (#15)
    assert result.base == base_value(profile.binding_base if binding else profile.percent_base, case, t.valid)
    assert result.majority_base == base_value(profile.binding_base if binding else profile.majority_base, case, t.valid)
    assert result.columns == case.poll.columns
    assert result.layout is case.poll.layout
    assert [i.position for i in result.items] == list(range(1, len(case.poll.items) + 1))
    assert [i.name for i in result.items] == [item.name for item in case.poll.items]
    flipped = {b.key for b in case.ballots if b.override and b.override.valid != auto_valid(case.poll, b)}
    assert {o.key for o in result.overrides} == flipped
    assert all(o.automatic_valid != o.valid for o in result.overrides)


@SETTINGS
@given(case=any_case)
def test_counts_are_within_valid_ballots_and_percents_agree(case: Case) -> None:
    result = tally(case.poll, case.ballots, case.context)
    valid = result.totals.valid
    for item in result.items:
        if item.votes is not None:
            assert 0 <= item.votes <= valid
            assert item.percent == percent(item.votes, result.base)
        if item.counts is not None:
            assert len(item.counts) == len(result.columns)
            assert all(c >= 0 for c in item.counts)
            assert sum(item.counts) <= valid
            assert item.percents == tuple(percent(c, result.base) for c in item.counts)


@SETTINGS
@given(case=any_case)
def test_grid_counts_match_an_independent_count(case: Case) -> None:
    if case.poll.layout is Layout.STRIKE:
        return
    result = tally(case.poll, case.ballots, case.context)
    counted = [b for b in case.ballots if final_valid(case.poll, b)]
    for row, item in enumerate(result.items):
        expected = tuple(
            sum(1 for b in counted if b.choices[row] == frozenset({col}))
            for col in range(1, len(case.poll.columns) + 1)
        )
        assert item.counts == expected
        if case.poll.kind in (PollKind.ELECTION, PollKind.MOTION):
            assert item.votes == expected[0]


@SETTINGS
@given(case=any_case, code=PHYSICAL, data=st.data())
def test_one_more_physically_invalid_ballot(case: Case, code: str, data: st.DataObject) -> None:
    extra = Ballot(key="extra", physical_invalid=code)
    at = data.draw(st.integers(0, len(case.ballots)))
    before = tally(case.poll, case.ballots, case.context)
    after = tally(case.poll, [*case.ballots[:at], extra, *case.ballots[at:]], case.context)

    b, a = before.totals, after.totals
    assert (a.issued, a.valid) == (b.issued, b.valid)
    assert (a.entered, a.collected, a.invalid) == (b.entered + 1, b.collected + 1, b.invalid + 1)
    reason = common.physical_reason(code)
    assert Counter(dict(a.invalid_reasons)) == Counter(dict(b.invalid_reasons)) + Counter({reason: 1})
    assert after.overrides == before.overrides

    # Votes and counts never move: only valid ballots count.
    assert [(i.votes, i.counts) for i in after.items] == [(i.votes, i.counts) for i in before.items]

    profile = case.poll.profile
    binding = case.poll.kind is PollKind.CONFIDENCE and case.poll.binding
    percent_base = profile.binding_base if binding else profile.percent_base
    majority_base = profile.binding_base if binding else profile.majority_base
    if percent_base is Base.COLLECTED:
        assert after.base == before.base + 1
        for item in after.items:
            if item.votes is not None:
                assert item.percent == percent(item.votes, after.base)
    else:
        assert after.base == before.base
        assert [(i.percent, i.percents) for i in after.items] == [(i.percent, i.percents) for i in before.items]
    if majority_base is Base.COLLECTED:
        assert after.majority_base == before.majority_base + 1
    else:
        assert after.majority_base == before.majority_base
        assert [i.outcome for i in after.items] == [i.outcome for i in before.items]
        assert [i.level for i in after.items] == [i.level for i in before.items]
        assert (after.elected, after.revote, after.open_seats) == (
            before.elected,
            before.revote,
            before.open_seats,
        )
        # One more ballot than collected is said as a mismatch of the counts (#15); nothing else changes.
        assert (after.cap_check, after.head_checks, _rule_notes(after.notes)) == (
            before.cap_check,
            before.head_checks,
            _rule_notes(before.notes),
        )
    if Base.COLLECTED not in (percent_base, majority_base):
        assert after.items == before.items


# --------------------------------------------------------------------------- elections


@SETTINGS
@given(case=st.one_of(surplus_elections(), constructed_elections()))
def test_surplus_kept_plus_struck_is_candidates_times_valid(case: Case) -> None:
    result = tally(case.poll, case.ballots, case.context)
    counted = [b for b in case.ballots if final_valid(case.poll, b)]
    n = len(case.poll.items)
    kept = sum(i.votes or 0 for i in result.items)
    struck = sum(len(b.struck) for b in counted)
    assert kept + struck == n * result.totals.valid
    for row, item in enumerate(result.items, start=1):
        assert item.votes == sum(1 for b in counted if row not in b.struck)
        assert item.counts is None
        assert item.percents is None


@SETTINGS
@given(case=st.one_of(surplus_elections(), constructed_elections(), grid_polls(PollKind.ELECTION)))
def test_election_outcomes(case: Case) -> None:
    result = tally(case.poll, case.ballots, case.context)
    seats = case.poll.seats
    mb = result.majority_base
    votes = {i.name: i.votes or 0 for i in result.items}
    outcome = {i.name: i.outcome for i in result.items}
    passers = {name for name, v in votes.items() if mb > 0 and 2 * v > mb}  # nobody passes on a base of 0 (#15)

    assert len(result.elected) <= seats
    assert len(set(result.elected)) == len(result.elected)
    assert set(result.elected) <= passers
    assert all(2 * votes[name] > mb for name in result.elected)
    assert {n for n, o in outcome.items() if o == "elected"} == set(result.elected)
    assert set(outcome.values()) <= {"elected", "not_elected", "tie"}
    assert result.open_seats == seats - len(result.elected)
    # Elected in vote order, and nobody left out has more votes than someone elected.
    elected_votes = [votes[name] for name in result.elected]
    assert elected_votes == sorted(elected_votes, reverse=True)
    left_out = passers - set(result.elected)
    if result.elected and left_out:
        assert min(elected_votes) >= max(votes[name] for name in left_out)

    tied = {n for n, o in outcome.items() if o == "tie"}
    if result.revote is None:
        assert not tied
        assert len(result.elected) == min(seats, len(passers))
    else:
        assert set(result.revote.names) == tied
        assert tied <= passers
        assert len({votes[name] for name in tied}) == 1
        tie_votes = votes[result.revote.names[0]]
        assert 1 <= result.revote.seats < len(tied)
        assert len(result.elected) + result.revote.seats == seats
        assert all(votes[name] >= tie_votes for name in result.elected)
        years = {item.name: item.birth_year for item in case.poll.items}
        for name in left_out - tied:
            if votes[name] < tie_votes:
                continue
            # Left out with the tied number of votes: only under "older", for being younger than those still tied
            # (they were born in one year, the rest of the tie broken by age).
            assert case.poll.profile.tie_rule == "older"
            assert votes[name] == tie_votes
            assert all(years[t] is not None for t in tied)
            assert years[name] is not None
            assert all(years[name] > (years[t] or 0) for t in tied)
        names_in_order = [item.name for item in case.poll.items]
        assert list(result.revote.names) == [n for n in names_in_order if n in tied]
        if case.poll.profile.tie_rule == "revote":
            assert all(votes[name] > tie_votes for name in result.elected)
        else:
            # "older": the tie stays only when a year is missing or the rest were born in the same year.
            years = {item.name: item.birth_year for item in case.poll.items}
            tied_years = [years[name] for name in tied]
            assert None in tied_years or len(set(tied_years)) == 1

    if case.poll.profile.tie_rule == "older":
        years = {item.name: item.birth_year for item in case.poll.items}
        for winner in result.elected:
            for loser in left_out - tied:
                if votes[winner] == votes[loser]:
                    winner_year, loser_year = years[winner], years[loser]
                    assert winner_year is not None
                    assert loser_year is not None
                    assert winner_year <= loser_year


# --------------------------------------------------------------------------- other kinds


@SETTINGS
@given(case=grid_polls(PollKind.CONFIDENCE))
def test_confidence_bands(case: Case) -> None:
    result = tally(case.poll, case.ballots, case.context)
    mb = result.majority_base
    for item in result.items:
        assert item.counts is not None
        low = item.counts[-1]
        if case.poll.binding:  # one threshold: more than half Không tín nhiệm (#15)
            assert item.outcome == ("no_confidence" if mb > 0 and 2 * low > mb else "none")
        elif mb > 0 and 3 * low >= 2 * mb:
            assert item.outcome == "low_two_thirds"
        elif 2 * low > mb:
            assert item.outcome == "low_over_half"
        else:
            assert item.outcome == "none"
            assert words(item.notes) == ()


@SETTINGS
@given(case=grid_polls(PollKind.EVALUATION))
def test_evaluation_levels_and_caps(case: Case) -> None:
    result = tally(case.poll, case.ballots, case.context)
    profile = case.poll.profile
    mb = result.majority_base
    for item, spec in zip(result.items, case.poll.items, strict=True):
        assert item.counts is not None
        assert (item.level is None) == (item.outcome == "undetermined")
        if item.level is not None:
            assert spec.max_level <= item.level <= 4
        if profile.level_rule == "cumulative_majority":
            cumulative = [sum(item.counts[:k]) for k in range(1, 5)]
            voted = next((k + 1 for k, c in enumerate(cumulative) if 2 * c > mb), None)
        else:
            best = max(item.counts)
            winners = [k + 1 for k, c in enumerate(item.counts) if c == best]
            voted = winners[0] if best > 0 and len(winners) == 1 else None
        assert item.level == (None if voted is None else max(voted, spec.max_level))
    levels = [i.level for i in result.items]
    cap = result.cap_check
    assert cap is not None
    assert cap.excellent == levels.count(1)
    assert cap.good_or_better == levels.count(1) + levels.count(2)
    assert cap.exceeded == (cap.excellent > cap.cap)
    assert cap.cap <= cap.good_or_better
    heads = [(item.name, lv) for item, lv in zip(case.poll.items, levels, strict=True) if item.is_head]
    if case.poll.collective_level is None:
        assert result.head_checks == ()
    else:
        assert [(h.name, h.level) for h in result.head_checks] == heads
        for h in result.head_checks:
            assert h.violated == (h.level is not None and h.level < case.poll.collective_level)


@SETTINGS
@given(case=grid_polls(PollKind.MOTION))
def test_motion_outcome(case: Case) -> None:
    result = tally(case.poll, case.ballots, case.context)
    for item in result.items:
        assert item.counts is not None
        assert item.votes == item.counts[0]
        assert item.outcome == ("passed" if 0 < result.majority_base < 2 * item.counts[0] else "rejected")


# --------------------------------------------------------------------------- nomination

SPELLINGS = [
    ["Nguyễn Thị Thúy", "nguyễn thị thúy", "NGUYỄN  THỊ THÚY"],
    ["Trần Văn Đức", " trần văn đức "],
    ["Lê Văn An"],
    ["Phạm Hùng", "phạm hùng"],
    ["Phạm Hưng"],
]


@st.composite
def nominations(draw: st.DrawFn) -> Case:
    seats = draw(st.integers(1, 3))
    eligible = draw(st.lists(st.sampled_from([s[0] for s in SPELLINGS]), unique=True))
    profile = draw(st.sampled_from([variant("nomination"), variant("nomination", too_many_names_invalid=False)]))
    poll = PollDef(kind=PollKind.NOMINATION, seats=seats, items=tuple(Item(n) for n in eligible), profile=profile)
    written = st.lists(st.sampled_from(SPELLINGS).flatmap(st.sampled_from), max_size=4)
    ballots = finish(draw, [{"names": tuple(w)} for w in draw_marks(draw, written)])
    return Case(poll, ballots, draw_context(draw, len(ballots)))


@SETTINGS
@given(case=nominations(), data=st.data())
def test_nomination_votes_per_person_do_not_depend_on_order(case: Case, data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(case.ballots))
    first = tally(case.poll, case.ballots, case.context)
    second = tally(case.poll, shuffled, case.context)
    assert first.totals == second.totals
    assert Counter({name_key(i.name): i.votes for i in first.items}) == Counter(
        {name_key(i.name): i.votes for i in second.items}
    )


@SETTINGS
@given(case=nominations())
def test_nomination_counts(case: Case) -> None:
    result = tally(case.poll, case.ballots, case.context)
    keys = [name_key(i.name) for i in result.items]
    assert len(keys) == len(set(keys))
    votes = [i.votes or 0 for i in result.items]
    assert votes == sorted(votes, reverse=True)
    assert all(0 < v <= result.totals.valid for v in votes)
    eligible = {name_key(item.name) for item in case.poll.items}
    for item in result.items:
        assert item.percent == percent(item.votes or 0, result.base)
        if eligible:
            assert item.eligible == (name_key(item.name) in eligible)
        else:
            assert item.eligible is None

    # Independent oracle: a ballot counts unless it is physically invalid or, under the profile,
    # carries more distinct names than places; the committee's override has the last word.
    def counts(b: Ballot) -> bool:
        if b.override is not None:
            return b.override.valid
        distinct = {name_key(n) for n in b.names if n.strip()}
        too_many = len(distinct) > case.poll.seats and case.poll.profile.too_many_names_invalid
        return b.physical_invalid is None and not too_many

    counted = [b for b in case.ballots if counts(b)]
    assert result.totals.valid == len(counted)
    expected = Counter(key for b in counted for key in {name_key(n) for n in b.names if n.strip()})
    assert dict(zip(keys, votes, strict=True)) == dict(expected)


def _rule_notes(notes: tuple[Reason, ...]) -> tuple[Reason, ...]:
    """The notes a rule wrote, without the ones that say the ballot counts do not match."""
    return tuple(n for n in notes if n.code not in (Code.ENTERED_OVER_COLLECTED, Code.COLLECTED_OVER_ISSUED))
