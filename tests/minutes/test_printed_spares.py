"""Printed spares (#15): every sheet printed is issued, returned unused or spoiled before final minutes.

30 sheets printed and 24 issued used to pass the gate, and the minutes said nothing of 6 valid, unissued
codes. Now `check` and `minutes` name how many are unaccounted for, and the minutes state the figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

POLL = "chi-uy"
SPEC = """
    [meeting]
    title = "Đại hội Chi bộ Khu phố 3 nhiệm kỳ 2025–2027"
    organization = "CHI BỘ KHU PHỐ 3"
    place = "An Bình"
    date = 2025-05-10

    [attendance]
    convened = 25
    present = 21
    excluded = [ { reason = "Vắng mặt suốt thời gian đại hội có lý do được chấp nhận", count = 3 } ]

    [[committee]]
    name = "Nguyễn Văn Hùng"
    role = "Trưởng ban"

    [[polls]]
    id = "chi-uy"
    kind = "election"
    profile = "party-election"
    title = "Bầu Chi ủy Chi bộ Khu phố 3"
    seats = 3
    candidates = ["An", "Bình", "Cường", "Dũng"]
"""

PRINTED = 30


def printed_meeting(cli: Any, ballots: Any) -> tuple[Path, list[str]]:
    """Example 1 (21 ballots, 19 valid) on 30 sheets printed by the program; issued counted as 21."""
    meeting = cli.meeting(SPEC + "    issued = 21\n    collected = 21\n")
    cli.ok("print", meeting, "--poll", POLL, "--copies", PRINTED, "--out", cli.dir / "phieu.pdf")
    serials = [row["serial"] for row in cli.ok("ballots", meeting, "--poll", POLL)]
    assert len(serials) == PRINTED
    lines = ballots.strike(4, [18, 12, 11, 10], count=19, seats=3, prefix="CU")
    lines.insert(7, {"serial": "x", "struck": []})
    lines.insert(15, {"serial": "x", "physical_invalid": "extra_names"})
    for line, serial in zip(lines, serials, strict=False):
        line["serial"] = serial
    cli.enter(meeting, POLL, lines)
    return meeting, serials[len(lines) :]


def test_unaccounted_printed_sheets_stop_the_minutes(cli: Any, ballots: Any) -> None:
    meeting, spare = printed_meeting(cli, ballots)
    assert len(spare) == 9

    run = cli("check", meeting, "--poll", POLL)
    assert run.rc == 1
    assert (
        "  – đã in 30 phiếu: phát ra 21, chưa phát 0, hủy (đổi phiếu) 0 — còn 9 phiếu đã in chưa rõ đi đâu; "
        "hãy ghi từng phiếu chưa phát" in run.out
    )
    refused = cli("minutes", meeting, "--poll", POLL, "--pdf", cli.dir / "bb.pdf")
    assert refused.rc == 1
    assert "còn 9 phiếu đã in chưa rõ đi đâu" in refused.err

    cli.ok("unused", meeting, "--serial", *spare[:7])
    still = cli("check", meeting, "--poll", POLL, "--json").data()
    assert [p["code"] for p in still["problems"]] == ["printed_unaccounted"]
    assert "chưa phát 7, hủy (đổi phiếu) 0 — còn 2 phiếu" in still["problems"][0]["message"]

    cli.ok("spoil", meeting, "--serial", *spare[7:])
    assert cli("check", meeting, "--poll", POLL, "--json").data()["ready"] is True

    files = cli.minutes(meeting, POLL)
    assert "Số phiếu đã in: 30 (phát ra 21; in thừa, không phát 7; hủy khi đổi phiếu 2)" in files.text, files.text
    facts = {row[1]: row[2] for row in files.workbook()["Tổng hợp"].iter_rows(values_only=True) if len(row) > 2}
    assert (facts["Số phiếu đã in"], facts["Số phiếu in thừa, không phát"], facts["Số phiếu hủy khi đổi phiếu"]) == (
        30,
        7,
        2,
    )


def test_more_issued_than_printed_is_refused(cli: Any, ballots: Any) -> None:
    meeting, spare = printed_meeting(cli, ballots)
    cli.ok("unused", meeting, "--serial", *spare)
    # The committee's own count says 21 issued; the registry says 30 − 9 unused = 21: it adds up.
    assert cli("check", meeting, "--poll", POLL, "--json").data()["ready"] is True
    # One more counted as issued than the sheets allow.
    cli.ok("counts", meeting, "--poll", POLL, "--issued", 22)
    data = cli("check", meeting, "--poll", POLL, "--json").data()
    messages = [p["message"] for p in data["problems"] if p["code"] == "printed_unaccounted"]
    assert messages == [
        "đã in 30 phiếu: phát ra 22, chưa phát 9, hủy (đổi phiếu) 0 — phát ra, chưa phát và hủy cộng lại "
        "nhiều hơn số đã in 1 phiếu; hãy kiểm tra lại số phiếu phát ra"
    ]


def test_a_poll_issued_from_the_registry_alone_adds_up(cli: Any, ballots: Any) -> None:
    meeting = cli.meeting(SPEC + "    collected = 0\n")
    cli.ok("print", meeting, "--poll", POLL, "--copies", 21, "--out", cli.dir / "phieu.pdf")
    data = cli("check", meeting, "--poll", POLL, "--json").data()
    assert "printed_unaccounted" not in [p["code"] for p in data["problems"]]


def test_a_ballot_without_a_code_needs_the_committee_and_is_listed(cli: Any, ballots: Any) -> None:
    meeting = cli.meeting(SPEC + "    issued = 21\n    collected = 21\n")
    cli.ok("print", meeting, "--poll", POLL, "--copies", 20, "--out", cli.dir / "phieu.pdf")
    serials = [row["serial"] for row in cli.ok("ballots", meeting, "--poll", POLL)]
    lines = ballots.strike(4, [18, 12, 11, 10], count=19, seats=3, prefix="CU")
    lines.insert(7, {"serial": "x", "struck": []})
    for line, serial in zip(lines, serials, strict=True):
        line["serial"] = serial
    cli.enter(meeting, POLL, lines)
    # One ballot handed out on a blank form when the printed ones ran short: no code on it.
    no_code = cli.entries([{"physical_invalid": "extra_names"}])

    refused = cli("enter", meeting, "--poll", POLL, "--entries", no_code, "--json")
    assert refused.rc == 1
    assert refused.data()["rejected"] == [
        {
            "line": 1,
            "reason": "phiếu không có mã trong nội dung đã in phiếu có mã QR: chỉ nhận khi Ban kiểm phiếu xác nhận "
            "phiếu này (kiemphieu enter --without-code, hoặc xác nhận trên màn hình nhập phiếu)",
        }
    ]
    taken = cli.ok("enter", meeting, "--poll", POLL, "--entries", no_code, "--without-code")
    assert (taken["accepted"], taken["rejected"]) == (1, [])

    # 20 printed + 1 without a code = 21 issued: the sheets add up.
    assert cli("check", meeting, "--poll", POLL, "--json").data()["ready"] is True
    files = cli.minutes(meeting, POLL)
    assert (
        "Số phiếu đã in: 20 (phát ra 21, gồm 1 phiếu không có mã; in thừa, không phát 0; hủy khi đổi phiếu 0)"
        in files.text
    )
    assert "Số phiếu không có mã QR được Ban kiểm phiếu xác nhận nhận vào: 1 (#1)" in files.text
    facts = {row[1]: row[2] for row in files.workbook()["Tổng hợp"].iter_rows(values_only=True) if len(row) > 2}
    assert facts["Số phiếu không có mã QR được nhận"] == 1


def test_a_poll_keyed_by_hand_takes_ballots_without_a_code(cli: Any, ballots: Any) -> None:
    meeting = cli.meeting(SPEC)
    taken = cli.ok("enter", meeting, "--poll", POLL, "--entries", cli.entries([{"struck": [4]}]))
    assert (taken["accepted"], taken["rejected"]) == (1, [])
