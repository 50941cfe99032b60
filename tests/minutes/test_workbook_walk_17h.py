"""Found in #17's walk (17h): the workbook's log sheet gave a ballot's marks as the stored rows,
'dấu: [6, 0, —, —, 7, 0, —, —]' for names 6 and 7 struck out — a committee cannot read that."""

from __future__ import annotations

from app.excel.workbook import _detail_text


def test_the_marks_in_the_log_sheet_are_words() -> None:
    struck = _detail_text({"pass": 1, "marks": [[6, 0, None, None], [7, 0, None, None]], "valid": True})
    assert struck == "lượt nhập: 1; dấu: gạch dòng 6, gạch dòng 7; hợp lệ: có"
    grid = _detail_text({"marks": [[1, 1, None, None], [2, 3, None, None]]})
    assert grid == "dấu: dòng 1 ô 1, dòng 2 ô 3"
    scores = _detail_text({"marks": [[1, 1, 17, None], [1, 2, 18, None]]})
    assert scores == "dấu: dòng 1 tiêu chí 1 = 8,5 điểm, dòng 1 tiêu chí 2 = 9 điểm"
    names = _detail_text({"marks": [[1, 0, None, "Nguyễn Văn An"]]})
    assert names == "dấu: tên 1 = Nguyễn Văn An"
    assert _detail_text({"marks": []}) == "dấu: không có dấu nào"
    corrected = _detail_text({"before": {"marks": [[5, 0, None, None]]}, "after": {"marks": [[4, 0, None, None]]}})
    assert "[" not in corrected
    assert "gạch dòng 5" in corrected
    assert "gạch dòng 4" in corrected


def test_the_counts_recorded_read_from_old_to_new() -> None:
    """The log sheet said 'phát ra: —, —; thu về: —, 26' for the committee recording 26 ballots collected."""
    text = _detail_text({"issued": [None, None], "collected": [None, 26]})
    assert text == "phát ra: — (không đổi); thu về: — → 26"
    assert _detail_text({"issued": [146, 150], "collected": [145, 145]}) == (
        "phát ra: 146 → 150; thu về: 145 (không đổi)"
    )
