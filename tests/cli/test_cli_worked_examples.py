"""docs/regulations.md §8, the worked examples, end to end through the command line:
`kiemphieu new` → `kiemphieu enter` → `kiemphieu tally --json` (and `next-round` for Example 2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

TOO_MANY_KEPT = "Bầu quá số lượng cần bầu"
ELECTION_ITEM_KEYS = ("position", "name", "votes", "percent", "outcome")


def pick(item: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: item[k] for k in keys}


def election_items(tally: dict[str, Any]) -> list[dict[str, Any]]:
    return [pick(item, *ELECTION_ITEM_KEYS) for item in tally["items"]]


def row(position: int, name: str, votes: int, percent: str, outcome: str) -> dict[str, Any]:
    return {"position": position, "name": name, "votes": votes, "percent": percent, "outcome": outcome}


# --------------------------------------------------------------------------- Example 1

EXAMPLE_1 = """
    [meeting]
    title = "Đại hội Chi bộ Khu phố 3 nhiệm kỳ 2025–2027"
    organization = "CHI BỘ KHU PHỐ 3"
    superior = "ĐẢNG BỘ PHƯỜNG AN BÌNH"
    place = "An Bình"
    date = 2025-05-10

    [attendance]
    convened = 25
    present = 21
    excluded = [
      { reason = "Đảng viên được miễn công tác và sinh hoạt đảng không có mặt", count = 1 },
      { reason = "Đảng viên đang bị tạm giam", count = 1 },
      { reason = "Vắng mặt suốt thời gian đại hội có lý do được chấp nhận", count = 1 },
    ]

    [[committee]]
    name = "Nguyễn Văn Hùng"
    role = "Trưởng ban"

    [[polls]]
    id = "chi-uy"
    kind = "election"
    profile = "party-election"
    title = "Bầu Chi ủy Chi bộ Khu phố 3"
    seats = 3
    issued = 21
    candidates = ["An", "Bình", "Cường", "Dũng"]
"""


def test_example_1_exactly_half_of_the_base_is_not_elected(cli: Any, ballots: Any) -> None:
    meeting = cli.meeting(EXAMPLE_1)
    lines = ballots.strike(4, [18, 12, 11, 10], count=19, seats=3, prefix="CU")
    lines.insert(7, {"serial": "CU-9001", "struck": []})  # keeps all 4 names for 3 seats
    lines.insert(15, {"serial": "CU-9002", "physical_invalid": "extra_names"})
    entered = cli.enter(meeting, "chi-uy", lines)
    assert (entered["accepted"], entered["valid"], entered["invalid"]) == (21, 19, 2)

    tally = cli.tally(meeting, "chi-uy")

    assert pick(tally, "poll", "kind", "layout", "round", "seats", "profile") == {
        "poll": "chi-uy",
        "kind": "election",
        "layout": "strike",
        "round": 1,
        "seats": 3,
        "profile": "party-election",
    }
    assert pick(tally, "issued", "collected", "entered", "valid", "invalid") == {
        "issued": 21,
        "collected": 21,
        "entered": 21,
        "valid": 19,
        "invalid": 2,
    }
    reasons = tally["invalid_reasons"]
    assert len(reasons) == 2
    assert reasons[TOO_MANY_KEPT] == 1
    assert sum(reasons.values()) == 2
    # Base = 25 convened − 3 who leave the base; the one absent without a reason stays in it.
    assert (tally["base"], tally["base_kind"]) == (22, "election_base")
    assert (tally["majority_base"], tally["majority_base_kind"]) == (22, "election_base")
    assert election_items(tally) == [
        row(1, "An", 18, "81,82", "elected"),
        row(2, "Bình", 12, "54,55", "elected"),
        row(3, "Cường", 11, "50,00", "not_elected"),
        row(4, "Dũng", 10, "45,45", "not_elected"),
    ]
    assert tally["elected"] == ["An", "Bình"]
    assert tally["revote"] is None
    assert tally["open_seats"] == 1
    # Traps: over valid ballots Cường would be 57,89 %; over ballots collected 52,38 %.
    assert "57,89" not in str(tally)
    assert "52,38" not in str(tally)

    # The seat left open goes to a next round (bầu tiếp) among those not elected, for 1 seat.
    created = cli.ok("next-round", meeting, "--poll", "chi-uy")
    assert (created["round_no"], created["seats"], created["items"]) == (2, 1, ["Cường", "Dũng"])


def test_a_tally_mid_count_says_it_is_provisional_and_announces_no_outcome(cli: Any, ballots: Any) -> None:
    """#17: `kiemphieu tally` mid-count says "KẾT QUẢ TẠM THỜI" as the results screen does (the same fact,
    app.services.closing.is_provisional): votes only, no "Trúng cử" / "Không trúng cử", no one elected."""
    meeting = cli.meeting(EXAMPLE_1)
    every = ballots.strike(4, [18, 12, 11, 10], count=19, seats=3, prefix="CU")
    outcomes = ("Trúng cử", "Không trúng cử")

    cli.enter(meeting, "chi-uy", every[:12])
    run = cli("tally", meeting, "--poll", "chi-uy")  # the committee has not recorded the ballots collected
    assert run.rc == 0, run.err
    banner = next(line for line in run.out.splitlines() if line.startswith("KẾT QUẢ TẠM THỜI"))
    assert "đã nhập 12 phiếu" in banner
    assert "chưa ghi số phiếu thu về" in banner
    assert not any(word in run.out for word in outcomes)

    cli.ok("counts", meeting, "--poll", "chi-uy", "--collected", 19)
    run = cli("tally", meeting, "--poll", "chi-uy")
    assert "KẾT QUẢ TẠM THỜI — đang kiểm phiếu: đã nhập 12/19 phiếu." in run.out
    assert not any(word in run.out for word in outcomes)
    an = next(line for line in run.out.splitlines() if line.lstrip().startswith("1.") and "An" in line)
    assert an.rstrip().endswith("%")  # the votes and their share, and nothing after them
    # The JSON stays the tally JSON (its digest is the one the minutes print): the outcome is data there.
    assert "provisional" not in cli.tally(meeting, "chi-uy")

    cli.enter(meeting, "chi-uy", every[12:])  # the last ballot collected entered: the outcome stands
    run = cli("tally", meeting, "--poll", "chi-uy")
    assert "KẾT QUẢ TẠM THỜI" not in run.out
    assert "Trúng cử (theo số phiếu từ cao xuống thấp): An" in run.out


def test_example_1_info_and_readable_tally(cli: Any, ballots: Any) -> None:
    meeting = cli.meeting(EXAMPLE_1)
    info = cli.ok("info", meeting)
    assert (info["convened"], info["present"], info["excluded"], info["election_base"]) == (25, 21, 3, 22)
    assert [e["count"] for e in info["exclusions"]] == [1, 1, 1]
    cli.enter(meeting, "chi-uy", ballots.strike(4, [18, 12, 11, 10], count=19, seats=3, prefix="CU"))
    cli.ok("counts", meeting, "--poll", "chi-uy", "--collected", 19)  # every ballot collected entered

    run = cli("tally", meeting, "--poll", "chi-uy")

    assert run.rc == 0
    assert run.err == ""
    lines = run.out.splitlines()
    cuong = next(line for line in lines if "Cường" in line and "phiếu" in line)
    assert "11" in cuong
    assert "50,00" in cuong
    assert "Không trúng cử" in cuong
    an = next(line for line in lines if line.lstrip().startswith("1.") and "An" in line)
    assert "81,82" in an
    assert "Trúng cử" in an
    base_line = next(line for line in lines if line.startswith("Tỷ lệ % tính trên"))
    assert "được triệu tập" in base_line
    assert base_line.endswith(": 22")
    assert "Số phiếu hợp lệ: 19" in run.out
    assert any("An, Bình" in line for line in lines if line.startswith("Trúng cử"))


# --------------------------------------------------------------------------- Example 2

EXAMPLE_2 = """
    [meeting]
    title = "Đại hội đại biểu Đảng bộ xã An Bình lần thứ XX, nhiệm kỳ 2025–2030"
    organization = "ĐẢNG BỘ XÃ AN BÌNH"
    place = "An Bình"
    date = 2025-06-20

    [attendance]
    convened = 150
    present = 146
    excluded = [
      { reason = "Cấp ủy viên cấp triệu tập đại hội vắng mặt suốt thời gian đại hội", count = 1 },
      { reason = "Đại biểu chính thức vắng mặt, không có đại biểu dự khuyết thay thế", count = 2 },
    ]

    [[polls]]
    id = "dai-bieu"
    kind = "election"
    profile = "party-election"
    title = "Bầu đại biểu chính thức dự Đại hội Đảng bộ huyện"
    seats = 4
    issued = 146
    candidates = ["A", "B", "C", "D", "E", "F"]
"""
EX2_VOTES = [130, 110, 95, 80, 80, 73]


def example_2_round_1(cli: Any, ballots: Any) -> Path:
    meeting = cli.meeting(EXAMPLE_2)
    lines = ballots.strike(6, EX2_VOTES, count=143, seats=4, prefix="DB")
    lines.insert(40, {"serial": "DB-9001", "physical_invalid": "no_stamp"})
    lines.insert(90, {"serial": "DB-9002", "struck": [6]})  # keeps 5 names for 4 seats
    cli.enter(meeting, "dai-bieu", lines)
    return meeting


def test_example_2_tie_for_the_last_seat_needs_a_revote(cli: Any, ballots: Any) -> None:
    meeting = example_2_round_1(cli, ballots)

    tally = cli.tally(meeting, "dai-bieu")

    assert pick(tally, "issued", "collected", "entered", "valid", "invalid", "base", "majority_base") == {
        "issued": 146,
        "collected": 145,
        "entered": 145,
        "valid": 143,
        "invalid": 2,
        "base": 147,
        "majority_base": 147,
    }
    assert len(tally["invalid_reasons"]) == 2
    assert tally["invalid_reasons"][TOO_MANY_KEPT] == 1
    assert election_items(tally) == [
        row(1, "A", 130, "88,44", "elected"),
        row(2, "B", 110, "74,83", "elected"),
        row(3, "C", 95, "64,63", "elected"),
        row(4, "D", 80, "54,42", "tie"),
        row(5, "E", 80, "54,42", "tie"),
        row(6, "F", 73, "49,66", "not_elected"),
    ]
    assert tally["elected"] == ["A", "B", "C"]
    assert tally["revote"] == {"names": ["D", "E"], "seats": 1}
    assert tally["open_seats"] == 1
    # Trap: over the 143 valid ballots F would have 51,05 % and A 90,91 %.
    assert "51,05" not in str(tally)
    assert "90,91" not in str(tally)


@pytest.mark.parametrize(
    ("d_votes", "e_votes", "expected_items", "elected", "open_seats"),
    [
        (
            80,
            65,
            [row(1, "D", 80, "54,42", "elected"), row(2, "E", 65, "44,22", "not_elected")],
            ["D"],
            0,
        ),
        (
            73,
            72,
            [row(1, "D", 73, "49,66", "not_elected"), row(2, "E", 72, "48,98", "not_elected")],
            [],
            1,
        ),
    ],
    ids=["D80-E65-elected", "D73-E72-seat-stays-open"],
)
def test_example_2_round_two_between_the_tied(
    cli: Any,
    ballots: Any,
    d_votes: int,
    e_votes: int,
    expected_items: list[dict[str, Any]],
    elected: list[str],
    open_seats: int,
) -> None:
    meeting = example_2_round_1(cli, ballots)

    created = cli.ok("next-round", meeting, "--poll", "dai-bieu")

    assert (created["round_no"], created["seats"], created["items"]) == (2, 1, ["D", "E"])
    code = created["code"]
    assert code != "dai-bieu"
    info = cli.ok("info", meeting)
    assert [(p["id"], p["round"]) for p in info["polls"]] == [("dai-bieu", 1), (code, 2)]
    # Two names for one seat: a strike ballot; each voter crosses out the name not chosen.
    cli.enter(meeting, code, ballots.strike(2, [d_votes, e_votes], count=145, seats=1, prefix="V2"))

    tally = cli.tally(meeting, code)

    assert pick(tally, "round", "seats", "layout", "valid", "invalid", "base") == {
        "round": 2,
        "seats": 1,
        "layout": "strike",
        "valid": 145,
        "invalid": 0,
        "base": 147,  # the same base as round 1, not the 145 valid ballots
    }
    assert election_items(tally) == expected_items
    assert tally["elected"] == elected
    assert tally["revote"] is None
    assert tally["open_seats"] == open_seats

    again = cli("next-round", meeting, "--poll", code, "--json")
    if open_seats:  # the congress may vote again: round 3, same two names, same seat
        assert again.rc == 0, again.err
        third = again.data()
        assert (third["round_no"], third["seats"], third["items"]) == (3, 1, ["D", "E"])
        assert third["code"] not in ("dai-bieu", code)
    else:
        assert again.rc == 1
        assert again.err.startswith("Lỗi: ")


def test_example_2_congress_may_extend_the_list_for_the_next_round(cli: Any, ballots: Any) -> None:
    meeting = example_2_round_1(cli, ballots)

    created = cli.ok(
        "next-round",
        meeting,
        "--poll",
        "dai-bieu",
        "--id",
        "dai-bieu-bs",
        "--candidates",
        "D",
        "E",
        "G",
        "--seats",
        1,
    )

    assert (created["code"], created["round_no"], created["seats"]) == ("dai-bieu-bs", 2, 1)
    assert created["items"] == ["D", "E", "G"]
    tally = cli.tally(meeting, "dai-bieu-bs")
    assert (tally["layout"], tally["entered"], tally["base"], tally["open_seats"]) == ("strike", 0, 147, 1)


# --------------------------------------------------------------------------- Example 3

EXAMPLE_3 = """
    [meeting]
    title = "Kỳ họp thứ 9 Hội đồng nhân dân huyện Yên Lạc khóa XX"
    organization = "HỘI ĐỒNG NHÂN DÂN HUYỆN YÊN LẠC"
    place = "Yên Lạc"
    date = 2025-07-15

    [attendance]
    convened = 50
    present = 46

    [[polls]]
    id = "tin-nhiem"
    kind = "confidence"
    profile = "council-confidence"
    title = "Lấy phiếu tín nhiệm đối với người giữ chức vụ do HĐND bầu"
    issued = 46
    collected = 46
    subjects = [
      { name = "X", position = "Chủ tịch UBND huyện" },
      { name = "Y", position = "Phó Chủ tịch UBND huyện" },
    ]
"""


@pytest.mark.parametrize(
    ("y_counts", "y_percents", "y_outcome"),
    [
        ([5, 9, 31], ["10,87", "19,57", "67,39"], "low_two_thirds"),
        ([5, 10, 30], ["10,87", "21,74", "65,22"], "low_over_half"),
    ],
    ids=["Y-31-low-two-thirds", "Y-30-low-over-half"],
)
def test_example_3_confidence_over_ballots_collected(
    cli: Any, ballots: Any, y_counts: list[int], y_percents: list[str], y_outcome: str
) -> None:
    meeting = cli.meeting(EXAMPLE_3)
    lines = ballots.grid([[10, 12, 23], y_counts], prefix="TN")
    lines.insert(20, {"serial": "TN-9001", "choices": [[1, 3], 2]})  # two levels for X
    cli.enter(meeting, "tin-nhiem", lines)

    tally = cli.tally(meeting, "tin-nhiem")

    assert pick(tally, "kind", "layout", "profile", "issued", "collected", "valid", "invalid") == {
        "kind": "confidence",
        "layout": "grid",
        "profile": "council-confidence",
        "issued": 46,
        "collected": 46,
        "valid": 45,
        "invalid": 1,
    }
    assert sum(tally["invalid_reasons"].values()) == 1
    assert (tally["base"], tally["base_kind"]) == (46, "collected")
    assert tally["columns"] == ["Tín nhiệm cao", "Tín nhiệm", "Tín nhiệm thấp"]
    x, y = (pick(item, "position", "name", "counts", "percents", "outcome") for item in tally["items"])
    # X: 23 of 46 is exactly half, not more than half (over the 45 valid it would be 51,11 %).
    assert x == {
        "position": 1,
        "name": "X",
        "counts": [10, 12, 23],
        "percents": ["21,74", "26,09", "50,00"],
        "outcome": "none",
    }
    assert y == {"position": 2, "name": "Y", "counts": y_counts, "percents": y_percents, "outcome": y_outcome}
    assert "51,11" not in str(tally)


def test_example_3_with_the_row_rule_only_that_row_is_left_out(cli: Any, ballots: Any) -> None:
    # docs/decisions/0004 keeps "whole ballot invalid" configurable: rules = { row_fault = "skip_row" }.
    spec = EXAMPLE_3.replace(
        'profile = "council-confidence"',
        'profile = "council-confidence"\n    rules = { row_fault = "skip_row" }',
    )
    meeting = cli.meeting(spec)
    lines = ballots.grid([[10, 12, 23], [5, 9, 31]], prefix="TN")
    lines.insert(20, {"serial": "TN-9001", "choices": [[1, 3], 2]})
    cli.enter(meeting, "tin-nhiem", lines)

    tally = cli.tally(meeting, "tin-nhiem")

    assert (tally["valid"], tally["invalid"], tally["base"]) == (46, 0, 46)
    x, y = tally["items"]
    assert (x["counts"], x["percents"][2], x["outcome"]) == ([10, 12, 23], "50,00", "none")
    assert (y["counts"], y["percents"], y["outcome"]) == (
        [5, 10, 31],
        ["10,87", "21,74", "67,39"],
        "low_two_thirds",
    )


# --------------------------------------------------------------------------- Bonus: evaluation caps

# 16 people: the given names of "Nguyễn Văn …".
GIVEN_NAMES = ["An", "Bình", "Cường", "Dung", "Đức", "Giang", "Hà", "Huy"]
GIVEN_NAMES += ["Khoa", "Lan", "Loan", "Minh", "Nam", "Phúc", "Quang", "Sơn"]


def evaluation_spec(head: str) -> str:
    subjects = ",\n      ".join(
        f'{{ name = "Nguyễn Văn {g}", head = true }}' if g == head else f'"Nguyễn Văn {g}"' for g in GIVEN_NAMES
    )
    return f"""
    [meeting]
    title = "Hội nghị Ban Chấp hành Đảng bộ xã An Bình"
    organization = "ĐẢNG BỘ XÃ AN BÌNH"
    place = "An Bình"
    date = 2025-12-15

    [attendance]
    convened = 7
    present = 7

    [[polls]]
    id = "danh-gia"
    kind = "evaluation"
    title = "Đánh giá, xếp loại chất lượng cán bộ năm 2025"
    collective_level = 2
    subjects = [
      {subjects}
    ]
    """


@pytest.mark.parametrize(
    ("excellent", "cap_check", "head_level", "violated"),
    [
        # 5 HTXS among 16 rated HTT or better: cap 20 % × 16 = 3,2 → 3, exceeded; the head is one of them.
        (range(0, 5), {"excellent": 5, "good_or_better": 16, "cap": 3, "exceeded": True}, 1, True),
        # Exactly 3 HTXS: at the cap, not over it; the head (not among them) is HTT like the collective.
        (range(1, 4), {"excellent": 3, "good_or_better": 16, "cap": 3, "exceeded": False}, 2, False),
    ],
    ids=["five-excellent-cap-exceeded", "three-excellent-at-the-cap"],
)
def test_bonus_evaluation_caps(
    cli: Any,
    ballots: Any,
    excellent: range,
    cap_check: dict[str, Any],
    head_level: int,
    violated: bool,
) -> None:
    head = "Nguyễn Văn An"
    meeting = cli.meeting(evaluation_spec(head="An"))
    # 7 voters. HTXS rows: 5 × level 1, 2 × level 2. The others: 1 × level 1, 5 × level 2, 1 × level 3.
    rows = [[5, 2, 0, 0] if i in excellent else [1, 5, 1, 0] for i in range(16)]
    cli.enter(meeting, "danh-gia", ballots.grid(rows, prefix="DG"))

    tally = cli.tally(meeting, "danh-gia")

    assert (tally["kind"], tally["valid"], tally["base"], tally["base_kind"]) == ("evaluation", 7, 7, "valid")
    levels = [item["level"] for item in tally["items"]]
    assert levels == [1 if i in excellent else 2 for i in range(16)]
    assert tally["items"][0]["percents"] == (
        ["71,43", "28,57", "0,00", "0,00"] if 0 in excellent else ["14,29", "71,43", "14,29", "0,00"]
    )
    assert tally["cap_check"] == cap_check
    assert tally["head_checks"] == [{"name": head, "level": head_level, "collective_level": 2, "violated": violated}]
