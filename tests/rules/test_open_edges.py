"""The edges the regulations leave open, each a profile setting the minutes state (#15).

The binding confidence vote (one threshold over its own base), the base of each kind with its citation,
a blank scoring criterion (left out or 0), the pool of the 20 % HTXS cap, and the lines that say which
rule was applied. Expected values are worked out by hand here, not by the code under test.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import RulesError
from app.profiles import get_profile, load_profiles
from app.rules.applied import applied_rules
from app.rules.model import Ballot, Context, Criterion, Item, PollDef, PollKind
from app.rules.profile import NO_TEXT_FOUND, Base, BlankCriterion, CapPool, parse_profile, with_overrides
from app.rules.tally import tally


def grid(key: str, *rows: list[int]) -> Ballot:
    return Ballot(key=key, choices=tuple(frozenset(r) for r in rows))


def confidence_poll(profile_id: str, names: tuple[str, ...] = ("X",), binding: bool = True, **rules: object) -> PollDef:
    profile = with_overrides(get_profile(profile_id), rules, "test") if rules else get_profile(profile_id)
    return PollDef(
        kind=PollKind.CONFIDENCE, seats=0, items=tuple(Item(n) for n in names), profile=profile, binding=binding
    )


# --------------------------------------------------------------------------- binding confidence vote


@pytest.mark.parametrize(
    ("profile_id", "against", "convened", "collected", "expected_base", "outcome"),
    [
        # council-confidence: more than half of all deputies (convened), whoever came.
        ("council-confidence", 26, 50, 40, 50, "no_confidence"),
        ("council-confidence", 25, 50, 40, 50, "none"),  # 25 of 50 is half, not more
        # party-confidence: more than half of the ballots collected.
        ("party-confidence", 21, 50, 40, 40, "no_confidence"),
        ("party-confidence", 20, 50, 40, 40, "none"),
    ],
)
def test_binding_vote_threshold_and_base(
    profile_id: str, against: int, convened: int, collected: int, expected_base: int, outcome: str
) -> None:
    p = confidence_poll(profile_id)
    ballots = [grid(f"n{k}", [2]) for k in range(against)] + [grid(f"y{k}", [1]) for k in range(collected - against)]
    result = tally(p, ballots, Context(convened=convened, present=collected, excluded=0))
    assert result.binding
    assert result.base == result.majority_base == expected_base
    assert result.items[0].outcome == outcome


@given(
    against=st.integers(0, 60),
    extra=st.integers(0, 60),
    absent=st.integers(0, 30),
    which=st.sampled_from([Base.COLLECTED, Base.CONVENED, Base.PRESENT, Base.VALID]),
)
def test_binding_vote_is_more_than_half_of_its_base(against: int, extra: int, absent: int, which: Base) -> None:
    collected = against + extra
    convened = collected + absent
    p = confidence_poll("party-confidence", binding_base=which.value)
    ballots = [grid(f"n{k}", [2]) for k in range(against)] + [grid(f"y{k}", [1]) for k in range(extra)]
    result = tally(p, ballots, Context(convened=convened, present=collected, excluded=0))
    base = {Base.COLLECTED: collected, Base.CONVENED: convened, Base.PRESENT: collected, Base.VALID: collected}[which]
    assert result.base == base
    over_half = base > 0 and Fraction(against, base) > Fraction(1, 2)
    assert result.items[0].outcome == ("no_confidence" if over_half else "none")
    assert result.items[0].outcome not in ("low_over_half", "low_two_thirds")


def test_the_three_level_poll_keeps_its_two_bands() -> None:
    p = confidence_poll("council-confidence", binding=False)
    ballots = [grid(f"l{k}", [3]) for k in range(31)] + [grid(f"h{k}", [1]) for k in range(15)]
    result = tally(p, ballots, Context(convened=50, present=46, excluded=0))
    assert not result.binding
    assert result.base == 46  # collected (NQ 96/2023/QH15 Art. 19.3)
    assert result.items[0].outcome == "low_two_thirds"  # docs/regulations.md §8 example 3: 3·31 ≥ 92


def test_binding_base_is_a_checked_setting() -> None:
    with pytest.raises(RulesError, match="'binding_base' phải là một trong"):
        parse_profile({"id": "x", "name": "x", "binding_base": "half"}, "x.toml")


# --------------------------------------------------------------------------- scoring: a blank criterion

CRITERIA = (Criterion("Tiêu chí chung", 60), Criterion("Kết quả thực hiện nhiệm vụ", 140))


def score_poll(blank: BlankCriterion) -> PollDef:
    profile = with_overrides(get_profile("scoring"), {"blank_criterion": blank.value}, "test")
    return PollDef(kind=PollKind.SCORING, seats=0, items=(Item("S"),), profile=profile, criteria=CRITERIA)


SCORED = [
    Ballot(key="1", scores=((60, 140),)),  # 30 + 70 = 100 points
    Ballot(key="2", scores=((None, 120),)),  # general criterion left blank; 60 points on the other
    Ballot(key="3", scores=((None, None),)),  # nothing scored for S
]


def test_a_blank_criterion_left_out() -> None:
    item = tally(score_poll(BlankCriterion.LEFT_OUT), SCORED, Context(10, 10, 0)).items[0]
    assert (item.scored, item.mean) == (1, Fraction(100))


def test_a_blank_criterion_as_zero() -> None:
    item = tally(score_poll(BlankCriterion.ZERO), SCORED, Context(10, 10, 0)).items[0]
    # (100 + 60) / 2; a row with nothing scored at all is still left out.
    assert (item.scored, item.mean) == (2, Fraction(80))


# --------------------------------------------------------------------------- the HTXS cap pool


def test_the_cap_pool() -> None:
    # Ten subjects: rows voted HTXS ×3, HTT ×2, HT ×5 by one rater each.
    names = tuple(f"S{k}" for k in range(10))
    levels = [1, 1, 1, 2, 2, 3, 3, 3, 3, 3]
    ballot = Ballot(key="1", choices=tuple(frozenset({lv}) for lv in levels))
    for pool, expected_pool, cap in ((CapPool.GOOD_OR_BETTER, 5, 1), (CapPool.RATED, 10, 2)):
        profile = with_overrides(get_profile("evaluation"), {"cap_pool": pool.value}, "test")
        p = PollDef(kind=PollKind.EVALUATION, seats=0, items=tuple(Item(n) for n in names), profile=profile)
        check = tally(p, [ballot], Context(1, 1, 0)).cap_check
        assert check is not None
        assert (check.good_or_better, check.cap, check.exceeded) == (expected_pool, cap, True)


# --------------------------------------------------------------------------- the lines the minutes print


def test_every_shipped_profile_cites_its_base() -> None:
    for profile in load_profiles().values():
        if profile.id in ("party-election", "state-election", "motion", "party-confidence", "council-confidence"):
            assert profile.base_basis != NO_TEXT_FOUND, profile.id


def test_applied_rule_lines() -> None:
    binding = tally(confidence_poll("council-confidence"), [grid("1", [2])], Context(3, 3, 0))
    assert applied_rules(binding)[0] == (
        "Bỏ phiếu tín nhiệm (hai mức): người có quá một nửa tổng số được triệu tập bỏ phiếu Không tín nhiệm là "
        "không được tín nhiệm; tỷ lệ % cũng tính trên tổng số được triệu tập — theo Nghị quyết 96/2023/QH15 "
        "(quá nửa tổng số đại biểu Quốc hội, Hội đồng nhân dân bỏ phiếu không tín nhiệm; quyết định 0011)."
    )
    assert (
        "Phiếu có một dòng không đánh dấu ô nào hoặc đánh dấu nhiều ô: cả phiếu không hợp lệ — theo "
        "Quy định 262-QĐ/TW mục 7.2 về phiếu không hợp lệ (quyết định 0004)." in applied_rules(binding)
    )
    motion = PollDef(kind=PollKind.MOTION, seats=0, items=(Item("Nghị quyết"),), profile=get_profile("motion"))
    lines = applied_rules(tally(motion, [grid("1", [1])], Context(3, 3, 0)))
    assert lines[0].startswith(
        "Tỷ lệ % và các ngưỡng tính trên tổng số được triệu tập trừ các trường hợp không tính — theo Điều lệ Đảng, "
        "Điều 9 khoản 5"
    )
    assert lines[1] == (
        "Số có mặt tối thiểu: 2/3 số được triệu tập — theo Điều lệ Đảng (ít nhất 2/3 số được triệu tập có mặt)."
    )
    evaluation = PollDef(kind=PollKind.EVALUATION, seats=0, items=(Item("S"),), profile=get_profile("evaluation"))
    lines = applied_rules(tally(evaluation, [grid("1", [2])], Context(3, 3, 0)))
    assert "Mức xếp loại theo đa số cộng dồn" in " ".join(lines)
    assert any(
        line.startswith(
            "Số Hoàn thành xuất sắc nhiệm vụ không quá 20% số được xếp loại từ Hoàn thành tốt nhiệm vụ trở lên, "
            "làm tròn xuống — theo Hướng dẫn 21-HD/BTCTW"
        )
        for line in lines
    )
    scoring = score_poll(BlankCriterion.LEFT_OUT)
    lines = applied_rules(tally(scoring, [SCORED[0]], Context(3, 3, 0)))
    assert lines[-1] == (
        "Tiêu chí để trống trên phiếu chấm điểm: người đó không được tính điểm trên phiếu ấy — không "
        "tìm thấy văn bản quy định (quyết định 0012)."
    )


# --------------------------------------------------------------------------- quorum


@pytest.mark.parametrize(
    ("profile_id", "quorum", "basis"),
    [
        ("party-election", (2, 3), "Điều lệ Đảng"),
        ("motion", (2, 3), "Điều lệ Đảng"),
        ("party-confidence", (2, 3), "Quy định 96-QĐ/TW"),
        ("state-election", (0, 1), "không tìm thấy"),
        ("council-confidence", (0, 1), "không tìm thấy"),
    ],
)
def test_the_quorum_is_a_cited_profile_setting(profile_id: str, quorum: tuple[int, int], basis: str) -> None:
    profile = get_profile(profile_id)
    assert (profile.quorum, profile.quorum_basis.startswith(basis)) == (quorum, True)


@pytest.mark.parametrize(("present", "met"), [(20, True), (19, False), (30, True), (0, False)])
def test_the_quorum_is_two_thirds_of_those_convened_in_exact_integers(present: int, met: bool) -> None:
    """QĐ 96-QĐ/TW and the Party Charter: at least 2/3 of the 30 convened, so 20 (not 19,99…) is enough."""
    from app.rules.common import quorum_met
    from app.rules.reasons import Code

    poll = confidence_poll("party-confidence", binding=False)
    result = tally(poll, [grid("1", [1])], Context(convened=30, present=present, excluded=0))
    assert quorum_met(poll, Context(convened=30, present=present, excluded=0)) is met
    assert (Code.QUORUM_NOT_MET in {note.code for note in result.notes}) is (not met)
    assert any(line.startswith("Số có mặt tối thiểu: 2/3 số được triệu tập — theo") for line in applied_rules(result))


def test_the_quorum_can_be_changed_for_one_poll_and_is_checked() -> None:
    poll = confidence_poll("council-confidence", binding=False, quorum=[1, 2])
    result = tally(poll, [grid("1", [1])], Context(convened=30, present=14, excluded=0))
    assert [note.code.value for note in result.notes] == ["quorum_not_met"]
    with pytest.raises(RulesError, match="'quorum' phải là phân số"):
        with_overrides(get_profile("motion"), {"quorum": [3, 2]}, "test")


# --------------------------------------------------------------------------- motion base


@pytest.mark.parametrize(("base", "expected_base", "outcome"), [(None, 46, "passed"), ("convened", 50, "rejected")])
def test_the_motion_base_is_the_members_less_the_exclusions_a_visible_setting(
    base: str | None, expected_base: int, outcome: str
) -> None:
    """The issue's case: 24 of 50 convened agree, 4 excluded. Over the Charter's base (members less those not
    counted, QĐ 24-QĐ/TW 9.3) 24 > 46/2 passes; a profile measuring over all 50 would reject it."""
    profile = get_profile("motion")
    if base is not None:
        profile = with_overrides(profile, {"percent_base": base, "majority_base": base}, "test")
    motion = PollDef(kind=PollKind.MOTION, seats=0, items=(Item("Nghị quyết"),), profile=profile)
    ballots = [grid(f"y{k}", [1]) for k in range(24)] + [grid(f"n{k}", [2]) for k in range(16)]
    result = tally(motion, ballots, Context(convened=50, present=40, excluded=4))
    assert (result.majority_base, result.items[0].outcome) == (expected_base, outcome)
    rule = applied_rules(result)[0]
    if base is None:
        assert rule.endswith("mục 9.3.")
        assert "Điều lệ Đảng, Điều 9 khoản 5" in rule
    else:  # changed for this poll: the Charter's citation no longer applies, and the minutes say so
        assert rule == (
            "Tỷ lệ % và các ngưỡng tính trên tổng số được triệu tập — theo thiết lập riêng của nội dung bỏ phiếu này "
            "(rules trong tệp mô tả), không phải căn cứ của hồ sơ quy tắc."
        )


def test_a_rule_changed_for_one_poll_keeps_the_citation_it_is_given() -> None:
    own = with_overrides(get_profile("council-confidence"), {"row_fault": "skip_row"}, "test")
    assert own.row_fault_basis.startswith("thiết lập riêng của nội dung bỏ phiếu này")
    assert own.base_basis == get_profile("council-confidence").base_basis  # the other rules keep theirs
    cited = with_overrides(
        get_profile("council-confidence"), {"row_fault": "skip_row", "row_fault_basis": "Nghị quyết X"}, "test"
    )
    assert cited.row_fault_basis == "Nghị quyết X"
    same = with_overrides(get_profile("motion"), {"quorum": [2, 3]}, "test")  # no change: the citation stays
    assert same.quorum_basis == get_profile("motion").quorum_basis
