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


def codeless_meeting(cli: Any, ballots: Any) -> Path:
    """19 sheets printed and entered, and two ballots on blank forms the committee took without a code
    (21 issued to the 21 present), one entered by each of two operators."""
    meeting = cli.meeting(SPEC + "    issued = 21\n    collected = 21\n")
    cli.ok("print", meeting, "--poll", POLL, "--copies", 19, "--out", cli.dir / "phieu.pdf")
    serials = [row["serial"] for row in cli.ok("ballots", meeting, "--poll", POLL)]
    lines = ballots.strike(4, [18, 12, 11, 10], count=19, seats=3, prefix="CU")
    for line, serial in zip(lines, serials, strict=True):
        line["serial"] = serial
    cli.enter(meeting, POLL, lines)
    for operator, line in (("Lê Thị Mai", {"struck": [4]}), ("Phạm Văn Khoa", {"struck": [3, 4]})):
        cli.ok(
            "enter", meeting, "--poll", POLL, "--entries", cli.entries([line]), "--without-code", "--operator", operator
        )
    return meeting


def test_check_lists_the_ballots_taken_without_a_code(cli: Any, ballots: Any) -> None:
    """#15: `check` names the code-less ballots of a poll printed with codes: how many, their numbers, who
    entered each, where and when, whether or not the counts reconcile."""
    meeting = codeless_meeting(cli, ballots)

    data = cli("check", meeting, "--poll", POLL, "--json").data()
    assert data["ready"] is True
    assert data["without_code"] == [
        {"ballot": "#1", "operator": "Lê Thị Mai", "station": "may-kiem-thu", "entered_at": "2025-06-20T09:30:00"},
        {"ballot": "#2", "operator": "Phạm Văn Khoa", "station": "may-kiem-thu", "entered_at": "2025-06-20T09:30:00"},
    ]
    run = cli("check", meeting, "--poll", POLL)
    assert run.rc == 0
    assert run.out.splitlines() == [
        "Các số liệu khớp nhau: có thể lập biên bản.",
        "Phiếu không có mã QR được Ban kiểm phiếu xác nhận nhận vào: 2 (#1, #2)",
        "  – phiếu #1: nhập lúc 09:30:00 ngày 20/06/2025 tại máy may-kiem-thu (người nhập: Lê Thị Mai)",
        "  – phiếu #2: nhập lúc 09:30:00 ngày 20/06/2025 tại máy may-kiem-thu (người nhập: Phạm Văn Khoa)",
    ]

    # The list stays under the problems when the counts do not reconcile.
    cli.ok("print", meeting, "--poll", POLL, "--copies", 1, "--out", cli.dir / "them.pdf")
    refused = cli("check", meeting, "--poll", POLL)
    assert refused.rc == 1
    assert refused.out.splitlines()[:2] == [
        "Chưa lập được biên bản:",
        "  – đã in 20 phiếu: phát ra 21, chưa phát 0, hủy (đổi phiếu) 0, phiếu không có mã 2 — còn 1 phiếu đã in "
        "chưa rõ đi đâu; hãy ghi từng phiếu chưa phát (kiemphieu unused, hoặc nút Ghi phiếu chưa phát/hủy) hoặc "
        "phiếu hủy khi đổi phiếu (kiemphieu spoil)",
    ]
    assert "Phiếu không có mã QR được Ban kiểm phiếu xác nhận nhận vào: 2 (#1, #2)" in refused.out


def test_reconcile_lists_code_less_ballots_only_where_ballots_were_printed(make_meeting: Any, tmp_path: Path) -> None:
    """The service behind `check` and the minutes screen: a poll keyed by hand has numbered ballots, not
    code-less ones; a test deck is not a printing; the second entry pass is not listed twice."""
    from app.rules.model import Ballot
    from app.services import ballots, closing, printing
    from app.services.polls import get_poll

    meeting_file = make_meeting(SPEC)

    def enter(pass_no: int = 1) -> None:
        with meeting_file.transaction() as session:
            ballots.enter_ballot(
                session,
                code=POLL,
                serial=None,
                ballot=Ballot(key="", struck=frozenset({4})),
                operator="Lê Thị Mai",
                station="may-1",
                pass_no=pass_no,
                without_code=True,
            )

    enter()  # keyed by hand before anything was printed: numbered, not "without a code"
    with meeting_file.reading() as session:
        assert closing.reconcile(session, POLL).without_code == ()
    printing.print_ballots(meeting_file, code=POLL, copies=0, out=tmp_path / "thu.pdf", actor="t", test_deck=True)
    with meeting_file.reading() as session:
        assert closing.reconcile(session, POLL).without_code == ()
    printing.print_ballots(meeting_file, code=POLL, copies=3, out=tmp_path / "phieu.pdf", actor="t")
    enter()
    enter(pass_no=2)
    # Once the poll's ballots are printed with codes, every ballot without one is listed, the earlier one too
    # (the printed sheets count it as issued without being printed: SheetCounts.unaccounted).
    with meeting_file.reading() as session:
        found = closing.reconcile(session, POLL)
        assert [(b.key, b.operator, b.station) for b in found.without_code] == [
            ("#1", "Lê Thị Mai", "may-1"),
            ("#2", "Lê Thị Mai", "may-1"),
        ]
        assert {p.code for p in found.problems} == set(p.code for p in closing.check_gate(session, POLL))
        assert found.ready is False
        assert get_poll(session, POLL).status == "counting"


def test_print_and_ballots_say_how_many_printed_sheets_are_unaccounted_for(cli: Any) -> None:
    """#15: after printing, `print` and `ballots` end with the registry as the minutes account for it."""
    meeting = cli.meeting(SPEC + "    issued = 21\n")
    run = cli("print", meeting, "--poll", POLL, "--copies", 24, "--out", cli.dir / "phieu.pdf")
    assert run.rc == 0
    assert run.out.splitlines()[-1] == (
        "Sổ phiếu: đã in 24 phiếu: phát ra 21, chưa phát 0, hủy (đổi phiếu) 0 — còn 3 phiếu đã in chưa rõ đi đâu; "
        "hãy ghi từng phiếu chưa phát (kiemphieu unused, hoặc nút Ghi phiếu chưa phát/hủy) hoặc phiếu hủy khi "
        "đổi phiếu (kiemphieu spoil)."
    )
    serials = [row["serial"] for row in cli.ok("ballots", meeting, "--poll", POLL)]
    cli.ok("unused", meeting, "--serial", *serials[:2])
    listed = cli("ballots", meeting, "--poll", POLL)
    assert listed.out.splitlines()[-2:] == [
        "Tổng 24 phiếu — đã phát: 22, chưa phát: 2",
        "Sổ phiếu: đã in 24 phiếu: phát ra 21, chưa phát 2, hủy (đổi phiếu) 0 — còn 1 phiếu đã in chưa rõ đi đâu; "
        "hãy ghi từng phiếu chưa phát (kiemphieu unused, hoặc nút Ghi phiếu chưa phát/hủy) hoặc phiếu hủy khi "
        "đổi phiếu (kiemphieu spoil).",
    ]
    cli.ok("spoil", meeting, "--serial", serials[2])
    assert cli("ballots", meeting, "--poll", POLL).out.splitlines()[-1] == (
        "Sổ phiếu: đã in 24 phiếu: phát ra 21, chưa phát 2, hủy (đổi phiếu) 1 — mọi phiếu đã in đều đã rõ "
        "(chưa rõ đi đâu: 0)."
    )
    again = cli.ok("print", meeting, "--poll", POLL, "--copies", 1, "--out", cli.dir / "them.pdf")
    assert again["registry"] == {
        "printed": 25,
        "issued": 21,
        "unused": 2,
        "spoiled": 1,
        "without_code": 0,
        "unaccounted": 1,
    }
