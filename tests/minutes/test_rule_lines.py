"""The minutes say which rule decided each open edge, and on what basis (#15).

A binding confidence vote has its own heading and one threshold over its own base; a motion's base is the
Charter's; the open edges of evaluation and scoring each print a line. Read back from the PDF text
(pypdfium2) and the workbook (openpyxl).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

SPEC = """
    [meeting]
    title = "Kỳ họp thứ 12 Hội đồng nhân dân xã An Bình"
    organization = "HỘI ĐỒNG NHÂN DÂN XÃ AN BÌNH"
    place = "An Bình"
    date = 2025-06-20

    [attendance]
    convened = 30
    present = 24

    [[committee]]
    name = "Nguyễn Văn Hùng"
    role = "Trưởng ban"

    [[polls]]
    id = "bo-phieu"
    kind = "confidence"
    profile = "council-confidence"
    title = "Bỏ phiếu tín nhiệm Chủ tịch Ủy ban nhân dân xã"
    binding = true
    subjects = ["Bùi Quang Huy", "Lê Thị Lan"]
    issued = 24
    collected = 24

    [[polls]]
    id = "lay-phieu"
    kind = "confidence"
    profile = "council-confidence"
    title = "Lấy phiếu tín nhiệm"
    subjects = ["Bùi Quang Huy"]
    issued = 24
    collected = 24

    [[polls]]
    id = "nghi-quyet"
    kind = "motion"
    title = "Biểu quyết thông qua Nghị quyết"
    motions = ["Nghị quyết về kế hoạch năm 2026"]
    issued = 24
    collected = 24

    [[polls]]
    id = "danh-gia"
    kind = "evaluation"
    title = "Đánh giá, xếp loại"
    subjects = ["Trần Thị Bình"]
    issued = 24
    collected = 24

    [[polls]]
    id = "cham-diem"
    kind = "scoring"
    title = "Chấm điểm"
    subjects = ["Trần Thị Bình"]
    criteria = [ { name = "Tiêu chí chung", max = 30 }, { name = "Kết quả thực hiện nhiệm vụ", max = 70 } ]
    issued = 24
    collected = 24
"""


def facts(files: Any) -> dict[str, Any]:
    return {row[1]: row[2] for row in files.workbook()["Tổng hợp"].iter_rows(values_only=True) if len(row) > 2}


def meeting(cli: Any) -> Path:
    path: Path = cli.meeting(SPEC)
    # Huy: 16 of the 30 deputies vote Không tín nhiệm (more than half of all deputies, though only 24 came);
    # Lan: 15 of 30, exactly half, is not more than half.
    huy = [2] * 16 + [1] * 8
    lan = [2] * 15 + [1] * 9
    cli.enter(path, "bo-phieu", [{"choices": [h, n]} for h, n in zip(huy, lan, strict=True)])
    return path


def test_a_binding_vote_has_its_own_heading_threshold_and_base(cli: Any) -> None:
    path = meeting(cli)
    files = cli.minutes(path, "bo-phieu", "--draft")
    text = files.text
    assert "KẾT QUẢ BỎ PHIẾU TÍN NHIỆM ĐỐI VỚI TỪNG NGƯỜI" in text
    assert "Tỷ lệ % so với tổng số được triệu tập (30)" in text
    assert (
        "Đồng chí Bùi Quang Huy: có 16 phiếu không tín nhiệm, quá một nửa tổng số được triệu tập (30): "
        "không được tín nhiệm" in text
    )
    assert "Đồng chí Lê Thị Lan: có 15 phiếu không tín nhiệm, không quá một nửa tổng số được triệu tập (30)." in text
    assert "2/3" not in text.replace("2/3 số được triệu tập", "")
    assert "tín nhiệm thấp" not in text
    assert (
        "Bỏ phiếu tín nhiệm (hai mức): người có quá một nửa tổng số được triệu tập bỏ phiếu Không tín nhiệm là "
        "không được tín nhiệm; tỷ lệ % cũng tính trên tổng số được triệu tập — theo Nghị quyết 96/2023/QH15" in text
    )
    sheet = facts(files)
    assert sheet["Mẫu số tính tỷ lệ (tổng số được triệu tập)"] == 30
    assert sheet["Quy tắc áp dụng 1"].startswith("Bỏ phiếu tín nhiệm (hai mức)")
    tally = cli.tally(path, "bo-phieu")
    assert (tally["binding"], tally["base"], tally["base_kind"]) == (True, 30, "convened")
    assert [item["outcome"] for item in tally["items"]] == ["no_confidence", "none"]
    run = cli("tally", path, "--poll", "bo-phieu")
    assert (
        run.out.splitlines()[0]
        == "Bỏ phiếu tín nhiệm Chủ tịch Ủy ban nhân dân xã — Bỏ phiếu tín nhiệm, lần 1 (mã: bo-phieu)"
    )


def test_the_motion_base_cites_the_charter(cli: Any) -> None:
    path = meeting(cli)
    cli.enter(path, "nghi-quyet", [{"choices": [1]}] * 16 + [{"choices": [2]}] * 8)
    files = cli.minutes(path, "nghi-quyet", "--draft")
    assert (
        "Tỷ lệ % và các ngưỡng tính trên tổng số được triệu tập trừ các trường hợp không tính — theo Điều lệ "
        "Đảng, Điều 9 khoản 5: nghị quyết chỉ có giá trị thi hành khi có hơn một nửa số thành viên trong cơ quan "
        "tán thành; số thành viên trừ các trường hợp không tính theo Quy định 24-QĐ/TW năm 2021, mục 9.3."
    ) in files.text
    assert "Phiếu có một dòng không đánh dấu ô nào hoặc đánh dấu nhiều ô: chỉ không tính dòng đó" in files.text


def test_the_minutes_say_whether_the_quorum_is_met(cli: Any) -> None:
    """#15: a profile with a quorum (motion: 2/3 of those convened, the Party Charter) says in the minutes whether
    those present reach it; a profile without one (council-confidence) says nothing of it."""
    path = meeting(cli)
    cli.enter(path, "nghi-quyet", [{"choices": [1]}] * 24)
    files = cli.minutes(path, "nghi-quyet", "--draft")
    assert "- Số có mặt (24/30) đạt mức tối thiểu 2/3 số được triệu tập" in files.text
    assert facts(files)["Số có mặt so với mức tối thiểu"] == "Số có mặt (24/30) đạt mức tối thiểu 2/3 số được triệu tập"
    assert "mức tối thiểu" not in cli.minutes(path, "bo-phieu", "--draft").text


def test_evaluation_and_scoring_say_their_open_edges(cli: Any) -> None:
    path = meeting(cli)
    cli.enter(path, "danh-gia", [{"choices": [2]}] * 24)
    text = cli.minutes(path, "danh-gia", "--draft").text
    assert "Mức xếp loại theo đa số cộng dồn" in text
    assert "Số Hoàn thành xuất sắc nhiệm vụ không quá 20% số được xếp loại từ Hoàn thành tốt nhiệm vụ trở lên" in text
    cli.enter(path, "cham-diem", [{"scores": [[25, 60]]}] * 24)
    files = cli.minutes(path, "cham-diem", "--draft")
    line = (
        "Tiêu chí để trống trên phiếu chấm điểm: người đó không được tính điểm trên phiếu ấy — không tìm thấy "
        "văn bản quy định (quyết định 0012)."
    )
    assert line in files.text
    assert line in facts(files).values()


def test_the_three_level_poll_states_its_base_and_citation(cli: Any) -> None:
    """#15: "the same for the base of the three-level council poll": ballots collected, NQ 96/2023/QH15 Art. 19.3,
    for percentages and bands alike, printed in the minutes and the workbook."""
    path = meeting(cli)
    cli.enter(path, "lay-phieu", [{"choices": [3]}] * 13 + [{"choices": [1]}] * 11)
    files = cli.minutes(path, "lay-phieu", "--draft")
    line = "Tỷ lệ % và các ngưỡng tính trên số phiếu thu về — theo Nghị quyết 96/2023/QH15, Điều 19.3"
    assert line in files.text
    assert facts(files)["Quy tắc áp dụng 1"].startswith(line)
    assert "Tỷ lệ % so với số phiếu thu về (24)" in files.text
