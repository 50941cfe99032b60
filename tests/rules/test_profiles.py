"""Rule profiles: the shipped TOML files, parse_profile validation and with_overrides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.errors import RulesError
from app.profiles import get_profile, load_profiles, profiles_dir
from app.rules.model import PollKind
from app.rules.profile import (
    AGGREGATES,
    LEVEL_RULES,
    ROUNDINGS,
    ROW_FAULTS,
    TIE_RULES,
    WORDINGS,
    Base,
    Profile,
    parse_profile,
    with_overrides,
)

SHIPPED = (
    "party-election",
    "state-election",
    "party-confidence",
    "council-confidence",
    "evaluation",
    "scoring",
    "motion",
    "nomination",
)


def test_every_shipped_profile_loads() -> None:
    profiles = load_profiles()
    assert set(profiles) == set(SHIPPED)
    for profile_id in SHIPPED:
        assert get_profile(profile_id) == profiles[profile_id]


@pytest.mark.parametrize("profile_id", SHIPPED)
def test_shipped_profile_is_well_formed(profile_id: str) -> None:
    profile = get_profile(profile_id)
    assert profile.id == profile_id
    assert (profiles_dir() / f"{profile_id}.toml").is_file()
    assert profile.name.strip()
    assert profile.basis.startswith("Căn cứ")
    assert profile.wording in WORDINGS
    assert profile.kinds
    assert all(kind in {k.value for k in PollKind} for kind in profile.kinds)
    assert isinstance(profile.percent_base, Base)
    assert isinstance(profile.majority_base, Base)
    assert profile.tie_rule in TIE_RULES
    assert profile.single_fault in ROW_FAULTS
    assert profile.row_fault in ROW_FAULTS
    assert profile.level_rule in LEVEL_RULES
    assert profile.cap_rounding in ROUNDINGS
    assert profile.aggregate in AGGREGATES
    description = profile.describe()
    assert description.startswith(profile.name + ": ")
    assert description.endswith(".")


def test_get_profile_unknown_id_names_the_known_ones() -> None:
    with pytest.raises(RulesError, match="party-election") as exc:
        get_profile("no-such-profile")
    assert "no-such-profile" in str(exc.value)


def test_party_election() -> None:
    p = get_profile("party-election")
    assert p.kinds == ("election",)
    assert p.wording == "party"
    assert p.percent_base is Base.ELECTION_BASE  # §2.10: % over the election base
    assert p.majority_base is Base.ELECTION_BASE  # §2.4: more than half of convened minus exclusions
    assert p.tie_rule == "revote"  # §2.5: never the State "older wins"
    assert p.all_struck_invalid is True  # §2.3: default invalid
    assert p.single_fault == "invalidate_ballot"
    assert p.row_fault == "skip_row"  # 190 Art. 30: row not counted, ballot valid
    assert "bầu lại" in p.describe()


def test_state_election() -> None:
    p = get_profile("state-election")
    assert p.kinds == ("election",)
    assert p.wording == "state"
    assert p.percent_base is Base.VALID
    assert p.majority_base is Base.VALID
    assert p.tie_rule == "older"
    assert p.all_struck_invalid is True
    assert p.row_fault == "skip_row"
    assert "nhiều tuổi hơn" in p.describe()


@pytest.mark.parametrize("profile_id", ["party-confidence", "council-confidence"])
def test_confidence_profiles(profile_id: str) -> None:
    p = get_profile(profile_id)
    assert p.kinds == ("confidence",)
    assert p.percent_base is Base.COLLECTED  # §3.2: over ballots collected
    assert p.majority_base is Base.COLLECTED
    assert p.row_fault == "invalidate_ballot"  # §3.1: default = whole ballot invalid


def test_council_confidence_wording() -> None:
    assert get_profile("council-confidence").wording == "state"
    assert get_profile("party-confidence").wording == "party"


def test_evaluation() -> None:
    p = get_profile("evaluation")
    assert p.kinds == ("evaluation",)
    assert p.percent_base is Base.VALID
    assert p.majority_base is Base.VALID
    assert p.level_rule == "cumulative_majority"
    assert p.excellent_cap_percent == 20  # §4.2
    assert p.cap_rounding == "floor"  # §4.2: 3,2 → 3
    assert p.row_fault == "skip_row"


def test_scoring() -> None:
    p = get_profile("scoring")
    assert p.kinds == ("scoring",)
    assert p.aggregate == "mean"  # §5: arithmetic mean by default
    assert p.trim == 1
    assert p.level_thresholds == (90, 70, 50)  # §4.1
    assert p.score_step_halves == 1  # half points allowed


def test_motion() -> None:
    p = get_profile("motion")
    assert p.kinds == ("motion",)
    assert p.percent_base is Base.ELECTION_BASE  # §6: more than half of the members
    assert p.majority_base is Base.ELECTION_BASE
    assert p.row_fault == "skip_row"
    assert "quá một nửa" in p.describe()


def test_nomination() -> None:
    p = get_profile("nomination")
    assert p.kinds == ("nomination",)
    assert p.percent_base is Base.VALID
    assert p.too_many_names_invalid is True


# --------------------------------------------------------------------------- parse_profile


def test_parse_minimal_profile_has_defaults() -> None:
    p = parse_profile({"id": "x", "name": "X"}, "x.toml")
    assert p == Profile(id="x", name="X")
    assert p.percent_base is Base.VALID
    assert p.tie_rule == "revote"
    assert p.level_thresholds == (90, 70, 50)


def test_parse_full_profile() -> None:
    p = parse_profile(
        {
            "id": "x",
            "name": "X",
            "basis": "Căn cứ …",
            "wording": "state",
            "kinds": ["election", "motion"],
            "percent_base": "issued",
            "majority_base": "present",
            "tie_rule": "older",
            "all_struck_invalid": False,
            "single_fault": "skip_row",
            "row_fault": "invalidate_ballot",
            "level_rule": "plurality",
            "excellent_cap_percent": 15,
            "cap_rounding": "ceil",
            "aggregate": "median",
            "trim": 2,
            "level_thresholds": [85, 65, 45],
            "score_step_halves": 2,
            "too_many_names_invalid": False,
        },
        "x.toml",
    )
    assert p.kinds == ("election", "motion")
    assert p.percent_base is Base.ISSUED
    assert p.majority_base is Base.PRESENT
    assert p.level_thresholds == (85, 65, 45)
    assert (p.tie_rule, p.all_struck_invalid, p.single_fault, p.row_fault) == (
        "older",
        False,
        "skip_row",
        "invalidate_ballot",
    )
    assert (p.level_rule, p.excellent_cap_percent, p.cap_rounding) == ("plurality", 15, "ceil")
    assert (p.aggregate, p.trim, p.score_step_halves, p.too_many_names_invalid) == ("median", 2, 2, False)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"colour": "red"}, "khóa không hợp lệ 'colour'"),
        ({"percent_base": "delegates"}, "percent_base"),
        ({"majority_base": 3}, "majority_base"),
        ({"tie_rule": "abc"}, "tie_rule"),
        ({"tie_rule": "younger"}, "revote, older"),
        ({"row_fault": "ignore"}, "row_fault"),
        ({"single_fault": "ignore"}, "single_fault"),
        ({"level_rule": "mode"}, "level_rule"),
        ({"cap_rounding": "bankers"}, "cap_rounding"),
        ({"aggregate": "geometric"}, "aggregate"),
        ({"wording": "military"}, "wording"),
        ({"all_struck_invalid": "yes"}, "all_struck_invalid"),
        ({"all_struck_invalid": 1}, "all_struck_invalid"),
        ({"too_many_names_invalid": "true"}, "too_many_names_invalid"),
        ({"trim": -1}, "trim"),
        ({"trim": 1.5}, "trim"),
        ({"trim": True}, "trim"),
        ({"excellent_cap_percent": "20"}, "excellent_cap_percent"),
        ({"score_step_halves": -2}, "score_step_halves"),
        ({"level_thresholds": [90, 70]}, "level_thresholds"),
        ({"level_thresholds": [50, 70, 90]}, "level_thresholds"),
        ({"level_thresholds": [110, 70, 50]}, "level_thresholds"),
        ({"level_thresholds": [90, 70, -1]}, "level_thresholds"),
        ({"level_thresholds": [90, 70.5, 50]}, "level_thresholds"),
        ({"level_thresholds": [True, False, False]}, "level_thresholds"),
        ({"level_thresholds": "90,70,50"}, "level_thresholds"),
        ({"kinds": "election"}, "kinds"),
        ({"kinds": ["election", 3]}, "kinds"),
        ({"basis": 12}, "basis"),
    ],
)
def test_parse_rejects_bad_keys_and_values(extra: dict[str, Any], message: str) -> None:
    with pytest.raises(RulesError, match=message) as exc:
        parse_profile({"id": "x", "name": "X", **extra}, "x.toml")
    assert str(exc.value).startswith("x.toml: ")


@pytest.mark.parametrize("data", [{"id": "x"}, {"name": "X"}, {}])
def test_parse_requires_id_and_name(data: dict[str, Any]) -> None:
    with pytest.raises(RulesError, match="'id' và 'name'"):
        parse_profile(data, "x.toml")


def test_parse_accepts_boundary_values() -> None:
    p = parse_profile(
        {"id": "x", "name": "X", "trim": 0, "level_thresholds": [100, 100, 0], "excellent_cap_percent": 0},
        "x.toml",
    )
    assert (p.trim, p.level_thresholds, p.excellent_cap_percent) == (0, (100, 100, 0), 0)


# --------------------------------------------------------------------------- with_overrides


def test_with_overrides_changes_only_what_is_given() -> None:
    base = get_profile("scoring")
    changed = with_overrides(base, {"aggregate": "median", "trim": 2}, "poll 3")
    assert (changed.aggregate, changed.trim) == ("median", 2)
    assert changed.id == base.id
    assert changed.name == base.name
    assert changed.level_thresholds == base.level_thresholds
    # The shipped profile itself is untouched.
    assert get_profile("scoring").aggregate == "mean"


def test_with_overrides_coerces_values() -> None:
    changed = with_overrides(get_profile("party-election"), {"majority_base": "valid"}, "poll 1")
    assert changed.majority_base is Base.VALID
    thresholds = with_overrides(get_profile("scoring"), {"level_thresholds": [80, 60, 40]}, "poll 1")
    assert thresholds.level_thresholds == (80, 60, 40)


def test_with_overrides_empty_is_identity() -> None:
    base = get_profile("motion")
    assert with_overrides(base, {}, "poll 1") == base


@pytest.mark.parametrize("key", ["id", "name", "kinds"])
def test_with_overrides_refuses_identity_keys(key: str) -> None:
    value: Any = ["motion"] if key == "kinds" else "other"
    with pytest.raises(RulesError, match=f"không thể đổi '{key}'") as exc:
        with_overrides(get_profile("motion"), {key: value}, "poll 7")
    assert str(exc.value).startswith("poll 7: ")


@pytest.mark.parametrize(
    "overrides",
    [{"aggregate": "mode"}, {"unknown": 1}, {"majority_base": "everyone"}, {"trim": -1}],
)
def test_with_overrides_rejects_bad_values(overrides: dict[str, Any]) -> None:
    with pytest.raises(RulesError):
        with_overrides(get_profile("scoring"), overrides, "poll 2")


# --------------------------------------------------------------------------- load_profiles from a folder


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def test_load_profiles_from_a_folder(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", 'id = "a"\nname = "A"\nmajority_base = "present"\n')
    write(tmp_path, "b.toml", 'id = "b"\nname = "B"\n')
    write(tmp_path, "notes.txt", "not a profile")
    profiles = load_profiles(tmp_path)
    assert set(profiles) == {"a", "b"}
    assert profiles["a"].majority_base is Base.PRESENT


def test_load_profiles_bad_toml(tmp_path: Path) -> None:
    write(tmp_path, "broken.toml", 'id = "a"\nname = \n')
    with pytest.raises(RulesError, match=r"broken\.toml: không đọc được hồ sơ quy tắc"):
        load_profiles(tmp_path)


def test_load_profiles_bad_value_names_the_file(tmp_path: Path) -> None:
    write(tmp_path, "bad.toml", 'id = "a"\nname = "A"\ntie_rule = "coin"\n')
    with pytest.raises(RulesError, match=r"^bad\.toml: 'tie_rule'"):
        load_profiles(tmp_path)


def test_load_profiles_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "latin.toml").write_bytes('id = "a"\nname = "Bầu"\n'.encode("utf-16"))
    with pytest.raises(RulesError, match=r"latin\.toml"):
        load_profiles(tmp_path)
