"""docs/regulations.md §8, the worked examples, as minutes: `kiemphieu minutes F --poll ID --pdf … --xlsx …`.

Each example is built through the command line (spec, `enter`, `counts`), then the minutes' PDF text
(pypdfium2) and workbook (openpyxl) are checked against the example and against `tally --json`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

TOO_MANY_KEPT = "Bầu quá số lượng cần bầu"
EXTRA_NAMES = "Ghi thêm tên người ngoài danh sách hoặc nội dung khác"
ROW_FAULT = "Có người không được đánh dấu ô nào hoặc được đánh dấu nhiều ô"
SHEETS = ["Tổng hợp", "Từng phiếu", "Nhật ký"]
COMMITTEE = """
    [[committee]]
    name = "Nguyễn Văn Hùng"
    role = "Trưởng ban"

    [[committee]]
    name = "Lê Thị Mai"
    role = "Ủy viên"

    [[committee]]
    name = "Trần Quốc Toản"
    role = "Ủy viên"
"""
HEAD, MEMBERS = "Nguyễn Văn Hùng", ("Lê Thị Mai", "Trần Quốc Toản")


def between(text: str, start: str, end: str) -> str:
    """The part of `text` after the first `start` and before the next `end`."""
    assert start in text, start
    rest = text.split(start, 1)[1]
    assert end in rest, end
    return rest.split(end, 1)[0].strip()


def assert_common(minutes: Any, checks: Any, title: str) -> None:
    """What every final minutes says: title, time of the frozen clock, pages, committee signatures."""
    text = minutes.text
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert title in text
    assert "Biên bản lập xong vào hồi 9 giờ 30 phút, ngày 20/06/2025" in text
    total = len(minutes.pages)
    footer = f"Mã kiểm tra kết quả (bản 1): {minutes.report['digest'][:32]}"
    assert [f.startswith(footer) for f in minutes.footers] == [True] * total
    assert checks.pages(minutes.pages) == [(n, total) for n in range(1, total + 1)]
    assert "Trang 1/" in minutes.pages[0]
    assert minutes.report["revision"] == 1
    # The signature block: the head under "T/M BAN KIỂM PHIẾU – TRƯỞNG BAN", the members on the left.
    signatures = text.split("CÁC THÀNH VIÊN BAN KIỂM PHIẾU", 1)[1].split("PHỤ LỤC", 1)[0].strip()
    assert "T/M BAN KIỂM PHIẾU TRƯỞNG BAN" in signatures
    for name in (HEAD, *MEMBERS):
        assert name in signatures
    # The head's name is level with the first member's, so it comes right after it in the text.
    assert f"{MEMBERS[0]} {HEAD}" in signatures
    # The committee is listed at the top too.
    assert f"1. Đồng chí {HEAD} – Trưởng ban" in text
    assert f"2. Đồng chí {MEMBERS[0]} – Ủy viên" in text


def assert_workbook(minutes: Any, checks: Any, tally: dict[str, Any]) -> Any:
    wb = minutes.workbook()
    assert wb.sheetnames == SHEETS
    checks.summary_matches(wb["Tổng hợp"], tally)
    ballots = wb["Từng phiếu"]
    assert ballots.freeze_panes == "C2"
    assert ballots.print_title_rows == "$1:$1"
    log = wb["Nhật ký"]
    assert log.freeze_panes == "A2"
    assert log.print_title_rows == "$1:$1"
    actions = [row[3] for row in log.iter_rows(min_row=2, values_only=True)]
    assert "Kết thúc kiểm phiếu (biên bản chính thức)" in actions
    assert actions.count("Nhập phiếu") == tally["entered"]
    details = [row[5] for row in log.iter_rows(min_row=2, values_only=True)]
    assert not any(str(d).startswith("{") for d in details)  # words, not JSON
    return wb


def assert_strike_rows(wb: Any, checks: Any, lines: list[dict[str, Any]], names: list[str], invalid: dict[str, str]):
    """One "Từng phiếu" row per entered ballot, in entry order: key, validity, 1 kept / 0 struck."""
    header, rows = checks.ballots(wb)
    assert header[:9] == [
        "STT",
        "Số phiếu",
        "Nguồn",
        "Người nhập",
        "Máy",
        "Thời gian",
        "Hợp lệ",
        "Lý do không hợp lệ",
        "Kết luận lại",
    ]
    assert header[9:] == names
    assert len(rows) == len(lines)
    for number, (row, line) in enumerate(zip(rows, lines, strict=True), start=1):
        assert row["STT"] == number
        assert row["Số phiếu"] == line["serial"]
        assert row["Người nhập"] == "thu-ky"
        assert row["Nguồn"] == "nhập tay"
        if line["serial"] in invalid:
            assert (row["Hợp lệ"], row["Lý do không hợp lệ"]) == ("không", invalid[line["serial"]])
        else:
            assert (row["Hợp lệ"], row["Lý do không hợp lệ"]) == ("có", None)
        marks = [row[name] for name in names]
        if "struck" in line:
            assert marks == [0 if i in line["struck"] else 1 for i in range(1, len(names) + 1)]
        else:
            assert marks == [None] * len(names)


# --------------------------------------------------------------------------- Example 1

EXAMPLE_1 = (
    """
    [meeting]
    title = "Đại hội Chi bộ Khu phố 3 nhiệm kỳ 2025–2027"
    organization = "CHI BỘ KHU PHỐ 3"
    superior = "ĐẢNG BỘ PHƯỜNG AN BÌNH"
    electorate = "đảng viên chính thức"
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
    """
    + COMMITTEE
    + """
    [[polls]]
    id = "chi-uy"
    kind = "election"
    profile = "party-election"
    title = "Bầu Chi ủy Chi bộ Khu phố 3"
    seats = 3
    issued = 21
    collected = 21
    candidates = ["An", "Bình", "Cường", "Dũng"]
    """
)


def test_example_1_minutes(cli: Any, ballots: Any, checks: Any) -> None:
    meeting = cli.meeting(EXAMPLE_1)
    lines = ballots.strike(4, [18, 12, 11, 10], count=19, seats=3, prefix="CU")
    lines.insert(7, {"serial": "CU-9001", "struck": []})  # keeps all 4 names for 3 seats
    lines.insert(15, {"serial": "CU-9002", "physical_invalid": "extra_names"})
    cli.enter(meeting, "chi-uy", lines)
    tally = cli.tally(meeting, "chi-uy")

    minutes = cli.minutes(meeting, "chi-uy")

    text = minutes.text
    assert_common(minutes, checks, "Bầu Chi ủy Chi bộ Khu phố 3")
    assert "(Lần bầu thứ 1)" in text
    assert "Căn cứ số lượng cần bầu đã được thông qua: 3 đồng chí" in text
    assert "- Tổng số đảng viên chính thức được triệu tập: 25" in text
    assert "- Số đảng viên chính thức có mặt: 21; vắng mặt: 4" in text
    assert "- Số không tính vào tổng số làm căn cứ tính kết quả: 3, gồm:" in text
    assert "+ Đảng viên đang bị tạm giam: 1" in text
    assert "- Tổng số làm căn cứ tính kết quả (quá một nửa): 22" in text
    counts = between(text, "II. KẾT QUẢ KIỂM PHIẾU", "III.")
    assert counts == (
        "- Số phiếu phát ra: 21 - Số phiếu thu về: 21 - Số phiếu hợp lệ: 19 - Số phiếu không hợp lệ: 2, trong đó: "
        f"+ {TOO_MANY_KEPT}: 1 phiếu + {EXTRA_NAMES}: 1 phiếu"
    )
    results = between(text, "III. SỐ PHIẾU BẦU CHO TỪNG NGƯỜI", "IV.")
    assert results == (
        "(theo thứ tự trong danh sách bầu cử) "
        "Tỷ lệ % so với tổng số được triệu tập trừ các trường hợp không tính (22) "
        "STT Họ và tên Số phiếu bầu Tỷ lệ % Ghi chú "
        "1 An 18 81,82 Trúng cử 2 Bình 12 54,55 Trúng cử 3 Cường 11 50,00 4 Dũng 10 45,45"
    )
    winners = between(text, "IV. NGƯỜI TRÚNG CỬ (xếp theo số phiếu bầu từ cao xuống thấp)", "- ")
    assert winners == "STT Họ và tên Số phiếu bầu Tỷ lệ % 1 An 18 81,82 2 Bình 12 54,55"
    # Cường has exactly half of the base: not elected; the seat goes to a next round.
    assert "- Còn 1 chỉ tiêu chưa bầu đủ: đề nghị đại hội xem xét, quyết định việc bầu tiếp (lần bầu thứ 2)." in text
    assert "cần bầu lại" not in text
    # Traps: over valid ballots Cường would be 57,89 %, over ballots collected 52,38 %.
    assert "57,89" not in text
    assert "52,38" not in text
    annex = between(text, "PHỤ LỤC 1. DANH SÁCH PHIẾU KHÔNG HỢP LỆ", "PHỤ LỤC 3")
    assert annex == f"STT Số phiếu Lý do 1 CU-9001 {TOO_MANY_KEPT} 2 CU-9002 {EXTRA_NAMES}"
    assert "PHỤ LỤC 2" not in text  # no committee ruling
    assert "thu-ky may-kiem-thu nhập tay 21" in text  # the entry log: operator, station, how, how many

    wb = assert_workbook(minutes, checks, tally)
    assert_strike_rows(
        wb,
        checks,
        lines,
        ["An", "Bình", "Cường", "Dũng"],
        {"CU-9001": TOO_MANY_KEPT, "CU-9002": EXTRA_NAMES},
    )
    facts = checks.facts(wb["Tổng hợp"])
    assert facts["Tổng số làm căn cứ tính kết quả"] == 22
    assert facts["Tổng số đảng viên chính thức được triệu tập"] == 25
    summary = [row for row in wb["Tổng hợp"].iter_rows(values_only=True)]
    elected_at = next(i for i, row in enumerate(summary) if row[1] == "Trúng cử (theo số phiếu từ cao xuống thấp)")
    assert [row[:2] for row in summary[elected_at + 1 : elected_at + 3]] == [(1, "An"), (2, "Bình")]


# --------------------------------------------------------------------------- Example 2

EXAMPLE_2 = (
    """
    [meeting]
    title = "Đại hội đại biểu Đảng bộ xã An Bình lần thứ XX, nhiệm kỳ 2025–2030"
    organization = "ĐẢNG BỘ XÃ AN BÌNH"
    electorate = "đại biểu chính thức"
    place = "An Bình"
    date = 2025-06-20

    [attendance]
    convened = 150
    present = 146
    excluded = [
      { reason = "Cấp ủy viên cấp triệu tập đại hội vắng mặt suốt thời gian đại hội", count = 1 },
      { reason = "Đại biểu chính thức vắng mặt, không có đại biểu dự khuyết thay thế", count = 2 },
    ]
    """
    + COMMITTEE
    + """
    [[polls]]
    id = "dai-bieu"
    kind = "election"
    profile = "party-election"
    title = "Bầu đại biểu chính thức dự Đại hội Đảng bộ huyện"
    seats = 4
    issued = 146
    candidates = ["A", "B", "C", "D", "E", "F"]
    """
)
EX2_VOTES = [130, 110, 95, 80, 80, 73]
NO_STAMP = "Phiếu không có dấu của cấp ủy (tổ chức) triệu tập"


def example_2_round_1(cli: Any, ballots: Any) -> tuple[Path, list[dict[str, Any]]]:
    meeting = cli.meeting(EXAMPLE_2)
    lines = ballots.strike(6, EX2_VOTES, count=143, seats=4, prefix="DB")
    lines.insert(40, {"serial": "DB-9001", "physical_invalid": "no_stamp"})
    lines.insert(90, {"serial": "DB-9002", "struck": [6]})  # keeps 5 names for 4 seats
    cli.enter(meeting, "dai-bieu", lines)
    # 146 issued, 145 collected (1 not returned): counted by the committee.
    cli.ok("counts", meeting, "--poll", "dai-bieu", "--collected", 145)
    return meeting, lines


def test_example_2_minutes_tie_for_the_last_seat(cli: Any, ballots: Any, checks: Any) -> None:
    meeting, lines = example_2_round_1(cli, ballots)
    tally = cli.tally(meeting, "dai-bieu")

    minutes = cli.minutes(meeting, "dai-bieu")

    text = minutes.text
    assert_common(minutes, checks, "Bầu đại biểu chính thức dự Đại hội Đảng bộ huyện")
    assert "(Lần bầu thứ 1)" in text
    assert "- Tổng số làm căn cứ tính kết quả (quá một nửa): 147" in text
    counts = between(text, "II. KẾT QUẢ KIỂM PHIẾU", "III.")
    assert counts.startswith(
        "- Số phiếu phát ra: 146 - Số phiếu thu về: 145 - Số phiếu hợp lệ: 143 - Số phiếu không hợp lệ: 2, trong đó:"
    )
    assert f"+ {TOO_MANY_KEPT}: 1 phiếu" in counts
    assert f"+ {NO_STAMP}: 1 phiếu" in counts
    results = between(text, "STT Họ và tên Số phiếu bầu Tỷ lệ % Ghi chú", "IV.")
    assert results == (
        "1 A 130 88,44 Trúng cử 2 B 110 74,83 Trúng cử 3 C 95 64,63 Trúng cử "
        "4 D 80 54,42 Bằng phiếu 5 E 80 54,42 Bằng phiếu 6 F 73 49,66"
    )
    winners = between(text, "IV. NGƯỜI TRÚNG CỬ (xếp theo số phiếu bầu từ cao xuống thấp)", "- ")
    assert winners == "STT Họ và tên Số phiếu bầu Tỷ lệ % 1 A 130 88,44 2 B 110 74,83 3 C 95 64,63"
    assert "- Chưa xác định – cần bầu lại giữa D và E cho 1 chỉ tiêu (bằng phiếu nhau ở chỉ tiêu cuối)." in text
    # The seat in the re-vote is the only open one: no separate "bầu tiếp" line.
    assert "chỉ tiêu chưa bầu đủ" not in text
    # Traps: over the 143 valid ballots F would have 51,05 % and A 90,91 %.
    assert "51,05" not in text
    assert "90,91" not in text
    annex = between(text, "PHỤ LỤC 1. DANH SÁCH PHIẾU KHÔNG HỢP LỆ", "PHỤ LỤC 3")
    assert annex == f"STT Số phiếu Lý do 1 DB-9001 {NO_STAMP} 2 DB-9002 {TOO_MANY_KEPT}"

    wb = assert_workbook(minutes, checks, tally)
    assert_strike_rows(
        wb, checks, lines, ["A", "B", "C", "D", "E", "F"], {"DB-9001": NO_STAMP, "DB-9002": TOO_MANY_KEPT}
    )
    outcomes = {row[1]: row[-1] for row in checks.table(wb["Tổng hợp"])[1]}
    assert outcomes == {
        "A": "Trúng cử",
        "B": "Trúng cử",
        "C": "Trúng cử",
        "D": "Bằng phiếu – bầu lại",
        "E": "Bằng phiếu – bầu lại",
        "F": "Không trúng cử",
    }


@pytest.mark.parametrize(
    ("d_votes", "e_votes", "rows", "winners", "open_note"),
    [
        (80, 65, "1 D 80 54,42 Trúng cử 2 E 65 44,22", "1 D 80 54,42", None),
        (
            73,
            72,
            "1 D 73 49,66 2 E 72 48,98",
            None,
            "- Còn 1 chỉ tiêu chưa bầu đủ: đề nghị đại hội xem xét, quyết định việc bầu tiếp (lần bầu thứ 3).",
        ),
    ],
    ids=["D80-E65-elected", "D73-E72-seat-stays-open"],
)
def test_example_2_round_two_minutes(
    cli: Any,
    ballots: Any,
    checks: Any,
    d_votes: int,
    e_votes: int,
    rows: str,
    winners: str | None,
    open_note: str | None,
) -> None:
    meeting, _ = example_2_round_1(cli, ballots)
    cli.minutes(meeting, "dai-bieu")  # round 1 is closed with its minutes
    code = cli.ok("next-round", meeting, "--poll", "dai-bieu")["code"]
    lines = ballots.strike(2, [d_votes, e_votes], count=145, seats=1, prefix="V2")
    cli.enter(meeting, code, lines)
    cli.ok("counts", meeting, "--poll", code, "--issued", 146, "--collected", 145)
    tally = cli.tally(meeting, code)

    minutes = cli.minutes(meeting, code)

    text = minutes.text
    assert_common(minutes, checks, "Bầu đại biểu chính thức dự Đại hội Đảng bộ huyện")
    assert "(Lần bầu thứ 2)" in text
    assert "Căn cứ số lượng cần bầu đã được thông qua: 1 đồng chí" in text
    assert "- Số phiếu phát ra: 146 - Số phiếu thu về: 145 - Số phiếu hợp lệ: 145 - Số phiếu không hợp lệ: 0" in text
    # The same base as round 1 (147), not the 145 valid ballots.
    assert "Tỷ lệ % so với tổng số được triệu tập trừ các trường hợp không tính (147)" in text
    assert between(text, "STT Họ và tên Số phiếu bầu Tỷ lệ % Ghi chú", "IV.") == rows
    section_iv = between(text, "IV. NGƯỜI TRÚNG CỬ (xếp theo số phiếu bầu từ cao xuống thấp)", "Biên bản lập xong")
    if winners:
        assert section_iv == f"STT Họ và tên Số phiếu bầu Tỷ lệ % {winners}"
    else:
        assert section_iv == f"Không có người nào trúng cử. {open_note}"
    assert "cần bầu lại" not in text
    assert "PHỤ LỤC 1" not in text  # no invalid ballot
    wb = assert_workbook(minutes, checks, tally)
    assert_strike_rows(wb, checks, lines, ["D", "E"], {})


# --------------------------------------------------------------------------- Example 3

EXAMPLE_3 = (
    """
    [meeting]
    title = "Kỳ họp thứ 9 Hội đồng nhân dân huyện Yên Lạc khóa XX"
    organization = "HỘI ĐỒNG NHÂN DÂN HUYỆN YÊN LẠC"
    place = "Yên Lạc"
    date = 2025-07-15

    [attendance]
    convened = 50
    present = 46
    """
    + COMMITTEE
    + """
    [[polls]]
    id = "tin-nhiem"
    kind = "confidence"
    profile = "council-confidence"
    title = "Lấy phiếu tín nhiệm đối với người giữ chức vụ do HĐND bầu"
    issued = 46
    collected = 46
    subjects = [
      { name = "Hoàng Văn X", position = "Chủ tịch UBND huyện" },
      { name = "Đặng Thị Y", position = "Phó Chủ tịch UBND huyện" },
    ]
    """
)


@pytest.mark.parametrize(
    ("y_counts", "y_cells", "y_note", "consequence"),
    [
        (
            [5, 9, 31],
            "5 – 10,87% 9 – 19,57% 31 – 67,39% Từ 2/3 trở lên thấp",
            "Từ 2/3 trở lên thấp",
            "- Đồng chí Đặng Thị Y: có từ 2/3 trở lên số phiếu tín nhiệm thấp; cơ quan, người có thẩm quyền xem xét, "
            "đề nghị miễn nhiệm (cho thôi giữ chức vụ) theo quy định.",
        ),
        (
            [5, 10, 30],
            "5 – 10,87% 10 – 21,74% 30 – 65,22% Quá nửa đến dưới 2/3 thấp",
            "Quá nửa đến dưới 2/3 thấp",
            "- Đồng chí Đặng Thị Y: có quá nửa đến dưới 2/3 số phiếu tín nhiệm thấp; có thể xin từ chức, nếu không "
            "xin từ chức thì cơ quan có thẩm quyền trình bỏ phiếu tín nhiệm (Nghị quyết 96/2023/QH15).",
        ),
    ],
    ids=["Y-31-two-thirds", "Y-30-over-half"],
)
def test_example_3_minutes_confidence_over_ballots_collected(
    cli: Any, ballots: Any, checks: Any, y_counts: list[int], y_cells: str, y_note: str, consequence: str
) -> None:
    meeting = cli.meeting(EXAMPLE_3)
    lines = ballots.grid([[10, 12, 23], y_counts], prefix="TN")
    lines.insert(20, {"serial": "TN-9001", "choices": [[1, 3], 2]})  # two levels for X: whole ballot invalid
    cli.enter(meeting, "tin-nhiem", lines)
    tally = cli.tally(meeting, "tin-nhiem")

    minutes = cli.minutes(meeting, "tin-nhiem")

    text = minutes.text
    assert_common(minutes, checks, "Lấy phiếu tín nhiệm đối với người giữ chức vụ do HĐND bầu")
    assert "Lần bầu thứ" not in text
    # A People's Council poll: State wording, not the Party's.
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text
    assert between(text, "II. KẾT QUẢ KIỂM PHIẾU", "III.") == (
        "- Số phiếu phát ra: 46 - Số phiếu thu về: 46 - Số phiếu hợp lệ: 45 - Số phiếu không hợp lệ: 1, trong đó: "
        f"+ {ROW_FAULT}: 1 phiếu"
    )
    assert "Tỷ lệ % so với số phiếu thu về (46)" in text
    table = between(text, "III. KẾT QUẢ ĐỐI VỚI TỪNG NGƯỜI", "IV. KẾT LUẬN")
    assert "Tín nhiệm cao Tín nhiệm Tín nhiệm thấp Ghi chú" in re.sub(r"ST T|STT", "", table)
    # X: 23 of 46 is exactly half, not more than half: no note, no consequence (51,11 % over the 45 valid).
    assert "Hoàng Văn X 10 – 21,74% 12 – 26,09% 23 – 50,00% 2 Đặng Thị Y" in table
    assert table.endswith(f"Đặng Thị Y {y_cells}")
    assert y_note in table
    conclusion = between(text, "IV. KẾT LUẬN", "Biên bản lập xong")
    assert conclusion == consequence
    assert "51,11" not in text
    assert "Hoàng Văn X:" not in text
    annex = between(text, "PHỤ LỤC 1. DANH SÁCH PHIẾU KHÔNG HỢP LỆ", "PHỤ LỤC 3")
    assert annex == f"STT Số phiếu Lý do 1 TN-9001 {ROW_FAULT}"

    wb = assert_workbook(minutes, checks, tally)
    header, rows = checks.ballots(wb)
    assert header[9:] == ["Hoàng Văn X", "Đặng Thị Y"]
    assert [row["Số phiếu"] for row in rows] == [line["serial"] for line in lines]
    bad = next(row for row in rows if row["Số phiếu"] == "TN-9001")
    assert (bad["Hợp lệ"], bad["Lý do không hợp lệ"], bad["Hoàng Văn X"], bad["Đặng Thị Y"]) == (
        "không",
        ROW_FAULT,
        "1+3",
        2,
    )
    for row, line in zip(rows, lines, strict=True):
        if row["Số phiếu"] != "TN-9001":
            assert row["Hợp lệ"] == "có"
            assert [row["Hoàng Văn X"], row["Đặng Thị Y"]] == line["choices"]


# --------------------------------------------------------------------------- Bonus: evaluation caps

GIVEN_NAMES = ["An", "Bình", "Cường", "Dung", "Đức", "Giang", "Hà", "Huy"]
GIVEN_NAMES += ["Khoa", "Lan", "Loan", "Minh", "Nam", "Phúc", "Quang", "Sơn"]


def evaluation_spec() -> str:
    subjects = ",\n      ".join(
        f'{{ name = "Nguyễn Văn {g}", head = true }}' if g == "An" else f'"Nguyễn Văn {g}"' for g in GIVEN_NAMES
    )
    return (
        """
    [meeting]
    title = "Hội nghị Ban Chấp hành Đảng bộ xã An Bình"
    organization = "ĐẢNG BỘ XÃ AN BÌNH"
    place = "An Bình"
    date = 2025-12-15

    [attendance]
    convened = 7
    present = 7
    """
        + COMMITTEE
        + f"""
    [[polls]]
    id = "danh-gia"
    kind = "evaluation"
    title = "Đánh giá, xếp loại chất lượng cán bộ năm 2025"
    issued = 7
    collected = 7
    collective_level = 2
    subjects = [
      {subjects}
    ]
    """
    )


@pytest.mark.parametrize(
    ("excellent", "cap_sentence", "head_sentence"),
    [
        (
            range(0, 5),
            "- Số Hoàn thành xuất sắc nhiệm vụ: 5, vượt mức tối đa 3 (20% của 16 người từ Hoàn thành tốt nhiệm vụ "
            "trở lên); tập thể phải xem xét, chọn lại.",
            "- Đồng chí Nguyễn Văn An là người đứng đầu, không được xếp loại cao hơn mức của tập thể (Hoàn thành "
            "tốt nhiệm vụ): phải xem xét lại.",
        ),
        (
            range(1, 4),
            "- Số Hoàn thành xuất sắc nhiệm vụ: 3, không vượt mức tối đa 3 (20% của 16 người từ Hoàn thành tốt "
            "nhiệm vụ trở lên).",
            None,
        ),
    ],
    ids=["five-excellent-cap-exceeded", "three-excellent-at-the-cap"],
)
def test_bonus_evaluation_cap_in_the_minutes(
    cli: Any, ballots: Any, checks: Any, excellent: range, cap_sentence: str, head_sentence: str | None
) -> None:
    meeting = cli.meeting(evaluation_spec())
    rows = [[5, 2, 0, 0] if i in excellent else [1, 5, 1, 0] for i in range(16)]
    lines = ballots.grid(rows, prefix="DG")
    cli.enter(meeting, "danh-gia", lines)
    tally = cli.tally(meeting, "danh-gia")

    minutes = cli.minutes(meeting, "danh-gia")

    text = minutes.text
    assert_common(minutes, checks, "Đánh giá, xếp loại chất lượng cán bộ năm 2025")
    assert "Lần bầu thứ" not in text
    assert "Tỷ lệ % so với số phiếu hợp lệ (7)" in text
    assert "Mức xếp loại" in text
    conclusion = between(text, "IV. KẾT LUẬN", "Biên bản lập xong")
    assert conclusion.startswith("Mức xếp loại xác định theo nguyên tắc đa số cộng dồn.")
    for i, given in enumerate(GIVEN_NAMES):
        level = "Hoàn thành xuất sắc nhiệm vụ" if i in excellent else "Hoàn thành tốt nhiệm vụ"
        assert f"- Đồng chí Nguyễn Văn {given}: {level}." in conclusion
    assert cap_sentence in conclusion
    if head_sentence:
        assert conclusion.endswith(head_sentence)
    else:
        assert conclusion.endswith(cap_sentence)
        assert "người đứng đầu" not in conclusion
    # Table rows: counts and % over the 7 valid ballots, and the level.
    first = "1 Nguyễn Văn An " + (
        "5 – 71,43% 2 – 28,57% 0 – 0,00% 0 – 0,00% HTXS"
        if 0 in excellent
        else "1 – 14,29% 5 – 71,43% 1 – 14,29% 0 – 0,00% HTT"
    )
    assert first in text

    wb = assert_workbook(minutes, checks, tally)
    header, body = checks.table(wb["Tổng hợp"])
    assert header[-2:] == ["Mức xếp loại", "Kết quả"]
    assert [row[-2] for row in body] == ["HTXS" if i in excellent else "HTT" for i in range(16)]
    notes = checks.notes(wb["Tổng hợp"])
    if head_sentence:
        assert len(notes) == 2
        assert notes[0].startswith("Số xếp loại Hoàn thành xuất sắc (5) vượt 20% số Hoàn thành tốt trở lên (16)")
        assert "tối đa 3" in notes[0]
        assert notes[1].startswith("Nguyễn Văn An là người đứng đầu")
    else:
        assert notes == []
    _, ballot_rows = checks.ballots(wb)
    assert len(ballot_rows) == 7
    for row, line in zip(ballot_rows, lines, strict=True):
        assert [row[f"Nguyễn Văn {g}"] for g in GIVEN_NAMES] == line["choices"]
