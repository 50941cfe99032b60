"""Rule profiles: the regulation-dependent choices of a count, as data loaded from TOML."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from enum import StrEnum
from typing import Any

from app.errors import RulesError


class Base(StrEnum):
    """What a percentage or a majority is measured against (docs/regulations.md §2.4, §9, "mẫu số")."""

    ELECTION_BASE = "election_base"  # convened minus the categories that leave the base
    CONVENED = "convened"
    PRESENT = "present"
    ISSUED = "issued"
    COLLECTED = "collected"
    VALID = "valid"


BASE_LABELS: dict[Base, str] = {
    Base.ELECTION_BASE: "tổng số được triệu tập trừ các trường hợp không tính",
    Base.CONVENED: "tổng số được triệu tập",
    Base.PRESENT: "số có mặt",
    Base.ISSUED: "số phiếu phát ra",
    Base.COLLECTED: "số phiếu thu về",
    Base.VALID: "số phiếu hợp lệ",
}


class TieRule(StrEnum):
    """A tie for the last seat (docs/regulations.md §2.5)."""

    REVOTE = "revote"  # nobody is picked; a next round among the tied (Party)
    OLDER = "older"  # the older candidate wins (State)


class FaultRule(StrEnum):
    """A row marked in both boxes or in none (docs/regulations.md §2.3, §3)."""

    INVALIDATE_BALLOT = "invalidate_ballot"
    SKIP_ROW = "skip_row"


class LevelRule(StrEnum):
    """How an evaluation vote picks a level (docs/regulations.md §4)."""

    CUMULATIVE_MAJORITY = "cumulative_majority"
    PLURALITY = "plurality"


class Rounding(StrEnum):
    """How the HTXS cap is rounded to whole people."""

    FLOOR = "floor"
    HALF_UP = "half_up"
    CEIL = "ceil"


class Aggregate(StrEnum):
    """How scores from several raters are combined (docs/regulations.md §5)."""

    MEAN = "mean"
    TRIMMED_MEAN = "trimmed_mean"
    MEDIAN = "median"


class BlankCriterion(StrEnum):
    """A criterion left blank on a scoring ballot (docs/regulations.md §5)."""

    LEFT_OUT = "left_out"  # the subject is not scored on that ballot: left out of that subject's aggregate
    ZERO = "zero"  # the blank criterion counts as 0 points


class CapPool(StrEnum):
    """What the HTXS cap is a percentage of (docs/regulations.md §4)."""

    GOOD_OR_BETTER = "good_or_better"  # those rated Hoàn thành tốt nhiệm vụ or better
    RATED = "rated"  # everyone given a level


CAP_POOL_LABELS: dict[CapPool, str] = {
    CapPool.GOOD_OR_BETTER: "số được xếp loại từ Hoàn thành tốt nhiệm vụ trở lên",
    CapPool.RATED: "tổng số được xếp loại",
}

NO_TEXT_FOUND = "không tìm thấy văn bản quy định; Ban kiểm phiếu áp dụng mặc định của chương trình"


class Wording(StrEnum):
    """The minutes' wording."""

    PARTY = "party"
    STATE = "state"
    GENERIC = "generic"


TIE_RULES = tuple(TieRule)
ROW_FAULTS = tuple(FaultRule)
LEVEL_RULES = tuple(LevelRule)
BLANK_CRITERIA = tuple(BlankCriterion)
CAP_POOLS = tuple(CapPool)
ROUNDINGS = tuple(Rounding)
AGGREGATES = tuple(Aggregate)
WORDINGS = tuple(Wording)


@dataclass(frozen=True)
class Profile:
    """One rule profile. Every field has the default a counting committee would expect."""

    id: str
    name: str
    basis: str = ""
    wording: Wording = Wording.GENERIC
    kinds: tuple[str, ...] = ()
    percent_base: Base = Base.VALID
    majority_base: Base = Base.VALID
    tie_rule: TieRule = TieRule.REVOTE
    all_struck_invalid: bool = True
    single_fault: FaultRule = FaultRule.INVALIDATE_BALLOT
    row_fault: FaultRule = FaultRule.SKIP_ROW
    level_rule: LevelRule = LevelRule.CUMULATIVE_MAJORITY
    excellent_cap_percent: int = 20
    cap_rounding: Rounding = Rounding.FLOOR
    aggregate: Aggregate = Aggregate.MEAN
    trim: int = 1
    level_thresholds: tuple[int, int, int] = (90, 70, 50)
    score_step_halves: int = 1  # allowed score step, in half points (1 = 0,5 points)
    too_many_names_invalid: bool = True
    # The share of those convened who must be present (2/3 = [2, 3]); [0, 1] = no quorum checked (#15).
    quorum: tuple[int, int] = (0, 1)
    quorum_basis: str = "không tìm thấy quy định về số người phải có mặt"
    # Where each remaining edge comes from (#15): the citation, or NO_TEXT_FOUND; the minutes print them.
    base_basis: str = NO_TEXT_FOUND  # the percent and majority bases
    binding_base: Base = Base.COLLECTED  # a binding confidence vote: more than half "Không tín nhiệm" of this
    binding_basis: str = NO_TEXT_FOUND
    row_fault_basis: str = NO_TEXT_FOUND
    level_rule_basis: str = NO_TEXT_FOUND
    blank_criterion: BlankCriterion = BlankCriterion.LEFT_OUT
    blank_criterion_basis: str = NO_TEXT_FOUND
    cap_pool: CapPool = CapPool.GOOD_OR_BETTER
    cap_basis: str = NO_TEXT_FOUND

    def describe(self) -> str:
        """One line that says what this profile means for the count, in Vietnamese."""
        parts = [f"tỷ lệ % tính trên {BASE_LABELS[self.percent_base]}"]
        if "election" in self.kinds or "motion" in self.kinds:
            parts.append(f"đạt khi quá một nửa {BASE_LABELS[self.majority_base]}")
        if "election" in self.kinds:
            parts.append(
                "bằng phiếu ở chỉ tiêu cuối thì bầu lại"
                if self.tie_rule == "revote"
                else "bằng phiếu thì người nhiều tuổi hơn trúng cử"
            )
        return f"{self.name}: " + "; ".join(parts) + "."


_CHOICES: dict[str, type[StrEnum]] = {
    "tie_rule": TieRule,
    "single_fault": FaultRule,
    "row_fault": FaultRule,
    "level_rule": LevelRule,
    "cap_rounding": Rounding,
    "aggregate": Aggregate,
    "wording": Wording,
    "blank_criterion": BlankCriterion,
    "cap_pool": CapPool,
}
_FIELD_TYPES = {f.name: f.type for f in fields(Profile)}


def _coerce(key: str, value: Any, where: str) -> Any:
    if key not in _FIELD_TYPES:
        raise RulesError(f"{where}: khóa không hợp lệ '{key}'.")
    if key in ("percent_base", "majority_base", "binding_base"):
        try:
            return Base(value)
        except ValueError:
            allowed = ", ".join(b.value for b in Base)
            raise RulesError(f"{where}: '{key}' phải là một trong: {allowed}.") from None
    if key in _CHOICES:
        choices = _CHOICES[key]
        if not isinstance(value, str) or value not in {c.value for c in choices}:
            raise RulesError(f"{where}: '{key}' phải là một trong: {', '.join(c.value for c in choices)}.")
        return choices(value)
    if key in ("all_struck_invalid", "too_many_names_invalid"):
        if not isinstance(value, bool):
            raise RulesError(f"{where}: '{key}' phải là true hoặc false.")
        return value
    if key in ("excellent_cap_percent", "trim", "score_step_halves"):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise RulesError(f"{where}: '{key}' phải là số nguyên không âm.")
        return value
    if key == "level_thresholds":
        if (
            not isinstance(value, list | tuple)
            or len(value) != 3
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
            or not (100 >= value[0] >= value[1] >= value[2] >= 0)
        ):
            raise RulesError(f"{where}: 'level_thresholds' phải là 3 số nguyên giảm dần, ví dụ [90, 70, 50].")
        return tuple(value)
    if key == "quorum":
        if (
            not isinstance(value, list | tuple)
            or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
            or not 0 <= value[0] <= value[1]
            or value[1] < 1
        ):
            raise RulesError(f"{where}: 'quorum' phải là phân số [tử, mẫu] không quá 1, ví dụ [2, 3].")
        return tuple(value)
    if key == "kinds":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RulesError(f"{where}: 'kinds' phải là danh sách tên loại phiếu.")
        return tuple(value)
    if not isinstance(value, str):
        raise RulesError(f"{where}: '{key}' phải là chuỗi ký tự.")
    return value


def parse_profile(data: dict[str, Any], where: str) -> Profile:
    """Build a Profile from a TOML table, refusing unknown keys and wrong values."""
    if "id" not in data or "name" not in data:
        raise RulesError(f"{where}: hồ sơ quy tắc phải có 'id' và 'name'.")
    values = {key: _coerce(key, value, where) for key, value in data.items()}
    return Profile(**values)


# The citation each open rule rests on (app/rules/applied.py prints it beside the rule).
BASIS_OF = {
    "percent_base": "base_basis",
    "majority_base": "base_basis",
    "binding_base": "binding_basis",
    "quorum": "quorum_basis",
    "row_fault": "row_fault_basis",
    "level_rule": "level_rule_basis",
    "blank_criterion": "blank_criterion_basis",
    "cap_pool": "cap_basis",
    "excellent_cap_percent": "cap_basis",
    "cap_rounding": "cap_basis",
}
OWN_SETTING = "thiết lập riêng của nội dung bỏ phiếu này (rules trong tệp mô tả), không phải căn cứ của hồ sơ quy tắc"


def with_overrides(profile: Profile, overrides: dict[str, Any], where: str) -> Profile:
    """Return `profile` with some rules changed for one poll (e.g. `aggregate = "median"`).

    A rule changed for one poll no longer rests on the profile's citation: unless the change gives its own
    (`base_basis = "…"`), the minutes say it is the poll's own setting (#15)."""
    forbidden = {"id", "name", "kinds"} & overrides.keys()
    if forbidden:
        raise RulesError(f"{where}: không thể đổi '{sorted(forbidden)[0]}' của hồ sơ quy tắc.")
    values = {key: _coerce(key, value, where) for key, value in overrides.items()}
    for key, value in list(values.items()):
        basis = BASIS_OF.get(key)
        if basis is not None and basis not in values and value != getattr(profile, key):
            values[basis] = OWN_SETTING
    return replace(profile, **values)
