"""app.services.spec: the meeting spec (TOML) parses, and every bad input is a SpecError saying where."""

from __future__ import annotations

import copy
import datetime as dt
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.errors import SpecError
from app.rules.model import PollKind
from app.services.demo import example_spec_path
from app.services.spec import ItemSpec, parse_spec, read_spec
from app.store.db import MeetingFile
from app.store.orm import PollItem

BASE: dict[str, Any] = {
    "meeting": {
        "title": "Đại hội Chi bộ Thôn Đông",
        "organization": "CHI BỘ THÔN ĐÔNG",
        "place": "Thôn Đông",
        "date": dt.date(2025, 6, 20),
    },
    "attendance": {"convened": 20, "present": 18},
    "polls": [
        {
            "id": "chi-uy",
            "kind": "election",
            "title": "Bầu Chi ủy",
            "seats": 3,
            "candidates": ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"],
        },
        {
            "id": "tn",
            "kind": "confidence",
            "title": "Lấy phiếu tín nhiệm",
            "subjects": ["Nguyễn Văn An"],
        },
    ],
}


def spec(**changes: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """A deep copy of BASE; `change` callables edit it in place."""
    data = copy.deepcopy(BASE)
    for change in changes.values():
        change(data)
    return data


def election(data: dict[str, Any]) -> dict[str, Any]:
    return data["polls"][0]


def refused(data: dict[str, Any], *fragments: str) -> str:
    with pytest.raises(SpecError) as info:
        parse_spec(data, "spec.toml")
    message = str(info.value)
    assert message.startswith("spec.toml"), message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


# --- good specs ---------------------------------------------------------------------------------


def test_example_spec_parses_with_nine_polls_and_no_warnings() -> None:
    result = read_spec(example_spec_path())
    assert [p.code for p in result.polls] == [
        "bch",
        "bi-thu",
        "ubkt",
        "dai-bieu",
        "tin-nhiem",
        "danh-gia",
        "cham-diem",
        "nghi-quyet",
        "gioi-thieu",
    ]
    assert result.warnings == ()
    assert result.convened == 150
    assert result.present == 146
    assert sum(c for _, c in result.exclusions) == 3
    assert result.date == dt.date(2025, 6, 20)
    assert result.committee[0] == ("Nguyễn Văn Hùng", "Trưởng ban")
    bch = result.polls[0]
    assert bch.kind is PollKind.ELECTION
    assert bch.profile == "party-election"
    assert bch.seats == 7
    assert bch.issued == 146
    assert len(bch.items) == 9
    assert bch.items[0] == ItemSpec(name="Nguyễn Văn An", birth_year=1972, position="Bí thư Đảng ủy xã")
    scoring = result.polls[6]
    assert [c.max_halves for c in scoring.criteria] == [60, 140]
    evaluation = result.polls[5]
    assert evaluation.collective_level == 2
    assert evaluation.items[0].is_head is True
    nomination = result.polls[8]
    assert nomination.kind is PollKind.NOMINATION
    assert nomination.seats == 2


def test_base_spec_parses_with_defaults() -> None:
    result = parse_spec(spec(), "spec.toml")
    assert result.warnings == ()
    assert result.exclusions == ()
    assert result.committee == ()
    tn = result.polls[1]
    assert tn.profile == "party-confidence"
    assert tn.seats == 0
    assert tn.round_no == 1
    assert tn.rules == {}


def test_date_as_string_and_datetime_are_accepted() -> None:
    as_text = spec(d=lambda d: d["meeting"].update(date="2025-06-21"))
    assert parse_spec(as_text, "spec.toml").date == dt.date(2025, 6, 21)
    as_datetime = spec(d=lambda d: d["meeting"].update(date=dt.datetime(2025, 6, 22, 8, 0)))
    assert parse_spec(as_datetime, "spec.toml").date == dt.date(2025, 6, 22)


def test_committee_role_defaults_to_uy_vien() -> None:
    data = spec(c=lambda d: d.update(committee=[{"name": "Lê Thị Mai"}, {"name": "Hùng", "role": "Trưởng ban"}]))
    assert parse_spec(data, "spec.toml").committee == (("Lê Thị Mai", "Ủy viên"), ("Hùng", "Trưởng ban"))


def test_valid_rules_override_is_kept() -> None:
    data = spec(r=lambda d: election(d).update(rules={"row_fault": "invalidate_ballot"}))
    assert parse_spec(data, "spec.toml").polls[0].rules == {"row_fault": "invalidate_ballot"}


# --- missing parts and wrong types ----------------------------------------------------------------


def test_missing_meeting_table() -> None:
    refused(spec(m=lambda d: d.pop("meeting")), "[meeting]")


def test_missing_attendance_table() -> None:
    refused(spec(m=lambda d: d.pop("attendance")), "[attendance]")


@pytest.mark.parametrize("key", ["title", "organization", "place"])
def test_missing_meeting_key(key: str) -> None:
    refused(spec(m=lambda d: d["meeting"].pop(key)), "[meeting]", f"thiếu '{key}'")


def test_missing_date() -> None:
    refused(spec(m=lambda d: d["meeting"].pop("date")), "[meeting]", "'date'")


def test_blank_meeting_title_is_empty_not_missing() -> None:
    refused(spec(m=lambda d: d["meeting"].update(title="   ")), "[meeting]", "'title' không được để trống")


@pytest.mark.parametrize("key", ["convened", "present"])
def test_missing_attendance_key(key: str) -> None:
    refused(spec(m=lambda d: d["attendance"].pop(key)), "[attendance]", f"thiếu '{key}'")


@pytest.mark.parametrize("key", ["id", "kind", "title"])
def test_missing_poll_key(key: str) -> None:
    refused(spec(m=lambda d: election(d).pop(key)), "[[polls]] 1", f"thiếu '{key}'")


def test_missing_seats_for_an_election() -> None:
    refused(spec(m=lambda d: election(d).pop("seats")), "[[polls]] 1 ('chi-uy')", "thiếu 'seats'")


def test_seats_as_text() -> None:
    refused(
        spec(m=lambda d: election(d).update(seats="4")),
        "[[polls]] 1 ('chi-uy')",
        "'seats' phải là số nguyên",
        "chuỗi",
    )


def test_seats_as_bool() -> None:
    refused(spec(m=lambda d: election(d).update(seats=True)), "('chi-uy')", "'seats' phải là số nguyên")


def test_seats_zero() -> None:
    refused(spec(m=lambda d: election(d).update(seats=0)), "('chi-uy')", "'seats' phải từ 1")


def test_convened_as_float() -> None:
    refused(spec(m=lambda d: d["attendance"].update(convened=1.5)), "[attendance]", "'convened' phải là số nguyên")


def test_negative_present() -> None:
    refused(spec(m=lambda d: d["attendance"].update(present=-1)), "[attendance]", "'present'")


def test_title_as_number() -> None:
    refused(spec(m=lambda d: d["meeting"].update(title=3)), "[meeting]", "'title' phải là chuỗi ký tự")


def test_poll_title_as_number() -> None:
    refused(spec(m=lambda d: election(d).update(title=3)), "('chi-uy')", "'title' phải là chuỗi ký tự")


def test_polls_not_a_list() -> None:
    refused(spec(m=lambda d: d.update(polls={"id": "x"})), "'polls'", "danh sách")


def test_poll_not_a_table() -> None:
    refused(spec(m=lambda d: d["polls"].append("bch")), "[[polls]] 3", "bảng")


def test_candidates_not_a_list() -> None:
    refused(spec(m=lambda d: election(d).update(candidates="An, Bình")), "('chi-uy')", "'candidates'")


def test_candidate_of_wrong_type() -> None:
    refused(spec(m=lambda d: election(d)["candidates"].append(1.5)), "candidates[5]", "phải là tên")


def test_birth_year_out_of_range() -> None:
    item = {"name": "Đỗ Minh Đức", "birth_year": 1850}
    refused(spec(m=lambda d: election(d)["candidates"].append(item)), "candidates[5]", "'birth_year'")
    item = {"name": "Đỗ Minh Đức", "birth_year": 2200}
    refused(spec(m=lambda d: election(d)["candidates"].append(item)), "candidates[5]", "2200")


def test_head_not_a_bool() -> None:
    refused(
        spec(m=lambda d: d["polls"][1].update(subjects=[{"name": "An", "head": "yes"}])),
        "[[polls]] 2 ('tn')",
        "subjects[1]",
        "'head'",
    )


# --- unknown keys at every level ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(extra=1), "spec.toml: khóa không hợp lệ 'extra'"),
        (lambda d: d["meeting"].update(venue="x"), "[meeting]: khóa không hợp lệ 'venue'"),
        (lambda d: d["attendance"].update(absent=2), "[attendance]: khóa không hợp lệ 'absent'"),
        (
            lambda d: d["attendance"].update(excluded=[{"reason": "Ốm", "count": 1, "note": "x"}]),
            "excluded[1]: khóa không hợp lệ 'note'",
        ),
        (
            lambda d: d.update(committee=[{"name": "Hùng", "role": "Trưởng ban", "phone": "1"}]),
            "[[committee]] 1: khóa không hợp lệ 'phone'",
        ),
        (
            lambda d: election(d).update(candidate=["An"]),
            "[[polls]] 1 ('chi-uy'): khóa không hợp lệ 'candidate'",
        ),
        (
            lambda d: election(d).update(subjects=["An"]),
            "[[polls]] 1 ('chi-uy'): khóa không hợp lệ 'subjects'",
        ),
        (lambda d: election(d).update(binding=True), "[[polls]] 1 ('chi-uy'): khóa không hợp lệ 'binding'"),
        (lambda d: election(d).update(criteria=[]), "[[polls]] 1 ('chi-uy'): khóa không hợp lệ 'criteria'"),
        (
            lambda d: election(d)["candidates"].append({"name": "Đỗ Minh Đức", "age": 50}),
            "candidates[5]: khóa không hợp lệ 'age'",
        ),
    ],
)
def test_unknown_key_is_refused_with_its_place(change: Callable[[dict[str, Any]], None], where: str) -> None:
    refused(spec(c=change), where)


def test_unknown_key_in_criteria() -> None:
    scoring = {
        "id": "cd",
        "kind": "scoring",
        "title": "Chấm điểm",
        "subjects": ["An"],
        "criteria": [{"name": "Chung", "max": 30, "weight": 2}],
    }
    refused(spec(c=lambda d: d["polls"].append(scoring)), "[[polls]] 3 ('cd')", "criteria[1]", "'weight'")


def test_scoring_without_criteria() -> None:
    scoring = {"id": "cd", "kind": "scoring", "title": "Chấm điểm", "subjects": ["An"]}
    refused(spec(c=lambda d: d["polls"].append(scoring)), "[[polls]] 3 ('cd')", "'criteria'")


def test_criterion_max_not_half_points() -> None:
    scoring = {
        "id": "cd",
        "kind": "scoring",
        "title": "Chấm điểm",
        "subjects": ["An"],
        "criteria": [{"name": "Chung", "max": 30.25}],
    }
    refused(spec(c=lambda d: d["polls"].append(scoring)), "criteria[1]", "0,5")


# --- kinds, profiles and rules --------------------------------------------------------------------


def test_unknown_kind() -> None:
    message = refused(spec(c=lambda d: election(d).update(kind="vote")), "[[polls]] 1 ('chi-uy')", "'vote'")
    assert "election" in message
    assert "nomination" in message


def test_unknown_profile() -> None:
    message = refused(
        spec(c=lambda d: election(d).update(profile="bau-cu-xyz")), "[[polls]] 1 ('chi-uy')", "'bau-cu-xyz'"
    )
    assert "party-election" in message  # lists the profiles that exist


def test_profile_for_the_wrong_kind() -> None:
    message = refused(
        spec(c=lambda d: election(d).update(profile="party-confidence")),
        "[[polls]] 1 ('chi-uy')",
        "'party-confidence'",
        "'election'",
    )
    assert "confidence" in message


def test_rules_with_unknown_key() -> None:
    refused(spec(c=lambda d: election(d).update(rules={"tiebreak": "older"})), "('chi-uy')", "'tiebreak'")


def test_rules_with_wrong_value() -> None:
    refused(spec(c=lambda d: election(d).update(rules={"tie_rule": "coin"})), "('chi-uy')", "'tie_rule'")


def test_rules_with_wrong_type() -> None:
    refused(
        spec(c=lambda d: election(d).update(rules={"all_struck_invalid": "yes"})),
        "('chi-uy')",
        "'all_struck_invalid'",
    )


def test_rules_cannot_change_the_profile_identity() -> None:
    refused(spec(c=lambda d: election(d).update(rules={"kinds": ["motion"]})), "('chi-uy')", "'kinds'")


def test_rules_not_a_table() -> None:
    refused(spec(c=lambda d: election(d).update(rules="median")), "('chi-uy')", "'rules'")


# --- names ------------------------------------------------------------------------------------------


def test_empty_candidate_list() -> None:
    refused(spec(c=lambda d: election(d).update(candidates=[])), "[[polls]] 1 ('chi-uy')", "'candidates'")


def test_empty_subject_list() -> None:
    refused(spec(c=lambda d: d["polls"][1].update(subjects=[])), "[[polls]] 2 ('tn')", "'subjects'")


def test_nomination_may_have_no_eligible_list() -> None:
    nomination = {"id": "gt", "kind": "nomination", "title": "Giới thiệu", "seats": 2}
    result = parse_spec(spec(c=lambda d: d["polls"].append(nomination)), "spec.toml")
    assert result.polls[2].items == ()


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_empty_name(blank: str) -> None:
    refused(
        spec(c=lambda d: election(d)["candidates"].insert(1, blank)),
        "[[polls]] 1 ('chi-uy'): candidates[2]",
        "không được để trống",
    )


def test_empty_name_in_a_table() -> None:
    refused(
        spec(c=lambda d: election(d)["candidates"].append({"name": " ", "birth_year": 1980})),
        "candidates[5]",
        "'name' không được để trống",
    )


@pytest.mark.parametrize("number", ["123", "12.5", "7,5"])
def test_a_number_is_not_a_name(number: str) -> None:
    refused(spec(c=lambda d: election(d)["candidates"].append(number)), "candidates[5]", f"'{number}'", "con số")


def test_a_number_is_not_a_name_in_a_table_either() -> None:
    item = {"name": "123", "birth_year": 1980}
    refused(spec(c=lambda d: election(d)["candidates"].append(item)), "candidates[5]", "'123'", "con số")


def test_duplicate_names_are_refused() -> None:
    message = refused(
        spec(c=lambda d: election(d)["candidates"].append("  nguyễn  văn an ")),
        "[[polls]] 1 ('chi-uy'): candidates[5]",
        "trùng với mục 1",
    )
    assert "birth_year" in message


def test_duplicate_names_with_same_birth_year_are_refused() -> None:
    def change(d: dict[str, Any]) -> None:
        election(d)["candidates"] = [
            {"name": "Nguyễn Văn An", "birth_year": 1970},
            "Trần Thị Bình",
            {"name": "Nguyễn Văn An", "birth_year": 1970},
        ]

    refused(spec(c=change), "candidates[3]", "trùng với mục 1")


def test_same_name_with_different_birth_years_is_allowed() -> None:
    def change(d: dict[str, Any]) -> None:
        election(d)["candidates"] = [
            {"name": "Nguyễn Văn An", "birth_year": 1970},
            "Trần Thị Bình",
            {"name": "Nguyễn Văn An", "birth_year": 1985},
            "Lê Văn Cường",
        ]

    items = parse_spec(spec(c=change), "spec.toml").polls[0].items
    assert [(i.name, i.birth_year) for i in items] == [
        ("Nguyễn Văn An", 1970),
        ("Trần Thị Bình", None),
        ("Nguyễn Văn An", 1985),
        ("Lê Văn Cường", None),
    ]


def test_hung_and_hung_with_horn_are_different_people() -> None:
    def change(d: dict[str, Any]) -> None:
        election(d)["candidates"] = ["Nguyễn Văn Hùng", "Nguyễn Văn Hưng", "Lê Văn Cường", "Phạm Thị Dung"]

    assert len(parse_spec(spec(c=change), "spec.toml").polls[0].items) == 4


# --- poll ids ---------------------------------------------------------------------------------------


def test_duplicate_poll_ids() -> None:
    refused(spec(c=lambda d: d["polls"][1].update(id="chi-uy")), "'chi-uy'", "bị trùng")


@pytest.mark.parametrize("code", ["bầu cử", "bau cu", "bầu-cử", "-bch", "a" * 65, "bch/1"])
def test_invalid_poll_id(code: str) -> None:
    refused(spec(c=lambda d: election(d).update(id=code)), "[[polls]] 1", f"('{code}')", "'id'")


@pytest.mark.parametrize("code", ["bch", "BCH_2025", "dai-bieu.1", "a" * 64])
def test_valid_poll_ids(code: str) -> None:
    assert parse_spec(spec(c=lambda d: election(d).update(id=code)), "spec.toml").polls[0].code == code


# --- consistency of the numbers ----------------------------------------------------------------------


def test_present_greater_than_convened() -> None:
    refused(spec(c=lambda d: d["attendance"].update(present=21)), "[attendance]", "(21)", "(20)")


def test_present_equal_to_convened_is_fine() -> None:
    assert parse_spec(spec(c=lambda d: d["attendance"].update(present=20)), "spec.toml").present == 20


def test_exclusions_greater_than_convened() -> None:
    excluded = [{"reason": "Ốm", "count": 15}, {"reason": "Đi công tác", "count": 6}]
    refused(spec(c=lambda d: d["attendance"].update(excluded=excluded)), "[attendance]", "không tính")


def test_exclusions_are_kept_in_order() -> None:
    excluded = [{"reason": "Ốm", "count": 1}, {"reason": "Đi công tác", "count": 2}]
    result = parse_spec(spec(c=lambda d: d["attendance"].update(excluded=excluded)), "spec.toml")
    assert result.exclusions == (("Ốm", 1), ("Đi công tác", 2))


def test_exclusion_count_zero() -> None:
    excluded = [{"reason": "Ốm", "count": 0}]
    refused(spec(c=lambda d: d["attendance"].update(excluded=excluded)), "excluded[1]", "'count'")


def test_collected_greater_than_issued() -> None:
    refused(
        spec(c=lambda d: election(d).update(issued=18, collected=19)),
        "[[polls]] 1 ('chi-uy')",
        "(19)",
        "(18)",
    )


def test_collected_equal_to_issued_is_fine() -> None:
    poll = parse_spec(spec(c=lambda d: election(d).update(issued=18, collected=18)), "spec.toml").polls[0]
    assert (poll.issued, poll.collected) == (18, 18)


@pytest.mark.parametrize("bad", ["2025-13-45", "20/06/2025", "hôm nay"])
def test_bad_date_text(bad: str) -> None:
    refused(spec(c=lambda d: d["meeting"].update(date=bad)), "[meeting]", "'date'", "2025-06-20")


def test_date_of_wrong_type() -> None:
    refused(spec(c=lambda d: d["meeting"].update(date=20250620)), "[meeting]", "'date'")


# --- normalisation and warnings ---------------------------------------------------------------------


def test_nfd_input_is_stored_as_nfc(make_meeting: Callable[[str], MeetingFile]) -> None:
    nfd_name = unicodedata.normalize("NFD", "Nguyễn Thị Thúy")
    nfd_title = unicodedata.normalize("NFD", "Bầu Chi ủy")
    assert nfd_name != "Nguyễn Thị Thúy"

    def change(d: dict[str, Any]) -> None:
        election(d)["candidates"][0] = nfd_name
        election(d)["title"] = nfd_title
        d["meeting"]["place"] = unicodedata.normalize("NFD", "Thôn Đông")

    result = parse_spec(spec(c=change), "spec.toml")
    assert result.polls[0].items[0].name == "Nguyễn Thị Thúy"
    assert result.polls[0].title == "Bầu Chi ủy"
    assert result.place == "Thôn Đông"

    toml_text = f"""
        [meeting]
        title = "Hội nghị"
        organization = "Chi bộ"
        place = "Xã"
        date = 2025-06-20
        [attendance]
        convened = 10
        present = 10
        [[polls]]
        id = "bch"
        kind = "election"
        title = "{nfd_title}"
        seats = 1
        candidates = ["{nfd_name}", "Trần Văn Bình"]
    """
    meeting_file = make_meeting(toml_text)
    with meeting_file.reading() as session:
        names = session.scalars(select(PollItem.name).order_by(PollItem.ordinal)).all()
    assert names == ["Nguyễn Thị Thúy", "Trần Văn Bình"]
    assert all(unicodedata.is_normalized("NFC", n) for n in names)


def test_extra_spaces_in_names_are_collapsed() -> None:
    result = parse_spec(spec(c=lambda d: election(d)["candidates"].__setitem__(0, "  Nguyễn   Văn  An ")), "x")
    assert result.polls[0].items[0].name == "Nguyễn Văn An"


def test_warning_when_fewer_candidates_than_seats() -> None:
    result = parse_spec(spec(c=lambda d: election(d).update(seats=5)), "spec.toml")
    assert len(result.warnings) == 1
    assert "[[polls]] 1 ('chi-uy')" in result.warnings[0]
    assert "4 người" in result.warnings[0]
    assert "(5)" in result.warnings[0]


def test_warning_when_surplus_exceeds_thirty_percent() -> None:
    names = [f"Ứng viên {chr(ord('A') + i)}" for i in range(9)]
    result = parse_spec(spec(c=lambda d: election(d).update(seats=6, candidates=names)), "spec.toml")
    assert len(result.warnings) == 1
    assert "số dư 3" in result.warnings[0]
    assert "30%" in result.warnings[0]
    assert "('chi-uy')" in result.warnings[0]


def test_no_warning_at_exactly_thirty_percent_surplus() -> None:
    names = [f"Ứng viên {chr(ord('A') + i)}" for i in range(13)]
    result = parse_spec(spec(c=lambda d: election(d).update(seats=10, candidates=names)), "spec.toml")
    assert result.warnings == ()


def test_no_warning_without_surplus() -> None:
    result = parse_spec(spec(c=lambda d: election(d).update(seats=4)), "spec.toml")
    assert result.warnings == ()


# --- read_spec on files -------------------------------------------------------------------------------

GOOD_TOML = """
[meeting]
title = "Hội nghị"
organization = "Chi bộ"
place = "Xã"
date = 2025-06-20

[attendance]
convened = 10
present = 9

[[polls]]
id = "bch"
kind = "election"
title = "Bầu chi ủy"
seats = 1
candidates = ["Nguyễn Văn An"]
"""


def test_read_spec_good_file(tmp_path: Path) -> None:
    path = tmp_path / "hoinghi.toml"
    path.write_text(GOOD_TOML, encoding="utf-8")
    result = read_spec(path)
    assert result.polls[0].code == "bch"
    assert result.present == 9


def test_read_spec_names_the_file_in_errors(tmp_path: Path) -> None:
    path = tmp_path / "hoinghi.toml"
    path.write_text(GOOD_TOML.replace("present = 9", "present = 11"), encoding="utf-8")
    with pytest.raises(SpecError, match=r"^hoinghi\.toml: \[attendance\]"):
        read_spec(path)


def test_read_spec_toml_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "hong.toml"
    path.write_text(GOOD_TOML.replace('title = "Bầu chi ủy"', "title = Bầu chi ủy"), encoding="utf-8")
    with pytest.raises(SpecError) as info:
        read_spec(path)
    assert str(info.value).startswith("hong.toml: lỗi cú pháp TOML")
    assert "line" in str(info.value)


def test_read_spec_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "cp1258.toml"
    path.write_bytes(GOOD_TOML.encode("utf-16"))
    with pytest.raises(SpecError, match=r"^cp1258\.toml: .*UTF-8"):
        read_spec(path)
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'[meeting]\ntitle = "H\xe9i ngh\xef"\n')
    with pytest.raises(SpecError, match="UTF-8"):
        read_spec(latin)


def test_read_spec_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "khong-co.toml"
    with pytest.raises(SpecError) as info:
        read_spec(path)
    assert str(path) in str(info.value)
    assert "không tìm thấy" in str(info.value)


def test_read_spec_on_a_directory(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="thư mục"):
        read_spec(tmp_path)


def test_read_spec_utf8_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(GOOD_TOML.encode("utf-8-sig"))
    assert read_spec(path).polls[0].code == "bch"
