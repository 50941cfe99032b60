"""`kiemphieu scan` and `kiemphieu review` end to end, on filled ballots of real issued sheets."""

from __future__ import annotations

from pathlib import Path

from app.rules.model import Ballot
from app.store.db import MeetingFile
from benchmarks.filled import filled_sheets


def _scans(meeting_file: MeetingFile, folder: Path) -> list[str]:
    folder.mkdir()
    grid = [Ballot(key="", choices=(frozenset({1}), frozenset({2}), frozenset({3})))]
    scores = [Ballot(key="", scores=((17, 18), (20, 11)))]
    serials = []
    for code, marks in (("tin-nhiem", grid), ("cham-diem", scores)):
        for serial, images in filled_sheets(meeting_file, code, marks, folder.parent):
            images[0].save(folder / f"{code}.png", dpi=(200, 200))
            serials.append(serial)
    return serials


def test_scan_reports_every_page_and_review_decides_the_uncertain_one(cli, example_meeting, tmp_path) -> None:
    serials = _scans(example_meeting, tmp_path / "quet")
    path = example_meeting.path
    example_meeting.close()
    data = cli.ok("scan", path, tmp_path / "quet", "--workers", "1", "--operator", "may-quet")
    assert data["totals"] == {"read": 1, "review": 1}
    assert data["counted"] == 1
    assert data["review_queue"] == 1
    pages = {p["file"]: p for p in data["pages"]}
    read = pages["tin-nhiem.png"]
    assert read["serial"] == serials[0]
    assert read["valid"] is True
    marked = sorted((r[1], r[2]) for r in read["readings"] if r[0] == "box" and r[4] is True)
    assert marked == [(1, 1), (2, 2), (3, 3)]
    assert all(r[5] for r in read["readings"])  # every box read with certainty, each with its score
    assert read["reasons"] == []
    # Each reason as its code, its parameters and its words.
    scores = pages["cham-diem.png"]
    assert (scores["outcome"], scores["status"]) == ("review", "pending")
    assert scores["reasons"][0] == {
        "code": "score_written",
        "params": {"region": "score", "row": 1, "col": 1},
        "text": "người thứ 1, tiêu chí 1: điểm viết tay — cần người đọc",
    }
    assert [(r["params"]["row"], r["params"]["col"]) for r in scores["reasons"]] == [(1, 1), (1, 2), (2, 1), (2, 2)]
    text = cli("scan", path, tmp_path / "quet", "--workers", "1")
    assert text.rc == 0
    assert "tin-nhiem.png, trang 1:" in text.out
    assert "trùng" in text.out
    assert "· trang này đã quét lúc " in text.out  # the reason's words, for a person reading the terminal
    again = cli.ok("scan", path, tmp_path / "quet", "--workers", "1")
    assert {p["reasons"][0]["code"] for p in again["pages"]} == {"scanned_before"}
    assert {p["reasons"][0]["params"]["file"] for p in again["pages"]} == {"tin-nhiem.png", "cham-diem.png"}
    queue = cli.ok("review", path)
    assert [q["serial"] for q in queue] == [serials[1]]
    assert [r["code"] for r in queue[0]["reasons"]] == ["score_written"] * 4
    assert queue[0]["reasons"][3]["text"] == "người thứ 2, tiêu chí 2: điểm viết tay — cần người đọc"
    listed = cli("review", path)
    assert "    · người thứ 1, tiêu chí 1: điểm viết tay — cần người đọc" in listed.out
    page_id = queue[0]["page_id"]
    bad = cli("review", path, "--page", page_id, "--set", "score:1:1=abc")
    assert "không phải một số điểm" in bad.one_error_line()
    decided = cli.ok(
        "review", path, "--page", page_id, "--operator", "chi",
        "--set", "score:1:1=8,5", "--set", "score:1:2=9", "--set", "score:2:1=10", "--set", "score:2:2=5,5",
    )  # fmt: skip
    assert decided["ballot"] == serials[1]
    assert cli.ok("review", path) == []
    tally = cli.ok("tally", path, "--poll", "cham-diem")
    assert tally["valid"] == 1


def test_scan_refuses_a_missing_path_in_one_line(cli, example_meeting, tmp_path) -> None:
    path = example_meeting.path
    example_meeting.close()
    run = cli("scan", path, tmp_path / "khong-co")
    assert "không tìm thấy" in run.one_error_line()
    run = cli("scan", path, tmp_path, "--watch", "--idle-exit", "0.1")  # a folder with nothing: waits, then stops
    assert run.rc == 0
    run = cli("scan", path, tmp_path / "a.png", tmp_path / "b.png", "--watch")
    assert "--watch" in run.one_error_line()


def test_a_scanned_test_deck_is_checked_against_its_expected_readings(cli, example_meeting, tmp_path) -> None:
    path = example_meeting.path
    example_meeting.close()
    for poll in ("tin-nhiem", "bch", "nghi-quyet"):
        deck = tmp_path / f"thu-{poll}.pdf"
        cli.ok("print", path, "--poll", poll, "--test-deck", "--out", deck)
        data = cli.ok("scan", path, deck, "--workers", "1", "--expected", deck.with_suffix(".expected.jsonl"))
        assert data["counted"] == 0  # test ballots never count
        assert {p["outcome"] for p in data["pages"]} == {"test"}
        verdicts = {d["label"]: d["verdict"] for d in data["test_deck"]}
        assert set(verdicts.values()) == {"right"}, verdicts  # a typed code; the words beside it
        assert {d["verdict_text"] for d in data["test_deck"]} == {"đúng"}
    # Without the stamp check, the sheet left unstamped on purpose is not caught: the deck says so.
    deck = tmp_path / "thu-lai.pdf"
    cli.ok("print", path, "--poll", "tin-nhiem", "--test-deck", "--out", deck)
    run = cli(
        "scan", path, deck, "--workers", "1", "--no-stamp-check", "--expected", deck.with_suffix(".expected.jsonl")
    )
    assert run.rc == 0
    assert "KHÔNG ĐÓNG DẤU phiếu này): SAI" in run.out
