"""Every input bounded and answered (#15): entries files read line by line with a bound, numbers typed on the
command line bounded, and each refusal one Vietnamese line — never a traceback, never a silent skip."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from bounded import with_timeout

from app import limits

SPEC = """
    [meeting]
    title = "Hội nghị Chi bộ"
    organization = "CHI BỘ 1"
    place = "An Bình"
    date = 2025-06-20

    [attendance]
    convened = 10
    present = 9

    [[polls]]
    id = "bch"
    kind = "election"
    title = "Bầu Chi ủy"
    seats = 2
    candidates = ["An", "Bình", "Cường"]

    [[polls]]
    id = "gt"
    kind = "nomination"
    title = "Giới thiệu"
    seats = 3
"""


@pytest.fixture
def meeting(cli: Any) -> Path:
    path: Path = cli.meeting(SPEC)
    return path


# --------------------------------------------------------------------------- entries file


def test_deep_nesting_and_huge_integers_refuse_only_their_line(cli: Any, meeting: Path) -> None:
    entries = cli.entries(
        [
            {"serial": "B-01", "struck": [3]},
            "[" * 100_000 + "]" * 100_000,  # 2: RecursionError before #15
            '{"serial": "B-03", "struck": [' + "9" * 5000 + "]}",  # 3: ValueError (int digits) before #15
            {"serial": "B-04", "struck": [2]},
        ]
    )

    data = cli.partly("enter", meeting, "--poll", "bch", "--entries", entries)

    assert data["accepted"] == 2
    reasons = {r["line"]: r["reason"] for r in data["rejected"]}
    assert sorted(reasons) == [2, 3]
    assert "lồng nhau" in reasons[2]
    assert "chữ số" in reasons[3]
    assert cli.tally(meeting, "bch")["entered"] == 2


def test_a_line_longer_than_the_bound_is_refused_unread(
    cli: Any, meeting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_ENTRY_LINE_BYTES", 1024)
    entries = cli.entries(
        [{"names": ["An"]}, {"names": ["Bình " * 400]}, {"names": ["Cường"]}]  # line 2: ~2 KB
    )

    data = cli.partly("enter", meeting, "--poll", "gt", "--entries", entries)

    assert data["accepted"] == 2
    assert [r["line"] for r in data["rejected"]] == [2]
    assert "dài quá 1 KB" in data["rejected"][0]["reason"]


def test_a_name_longer_than_a_name_is_refused(cli: Any, meeting: Path) -> None:
    entries = cli.entries([{"names": ["An"]}, {"names": ["x" * (limits.MAX_NAME_CHARS + 1)]}])

    data = cli.partly("enter", meeting, "--poll", "gt", "--entries", entries)

    assert data["accepted"] == 1
    assert "không phải họ tên" in data["rejected"][0]["reason"]


def test_a_nomination_line_with_too_many_names_is_refused_and_the_poll_still_counts(cli: Any, meeting: Path) -> None:
    many = [f"Người {i}" for i in range(10_001)]
    entries = cli.entries([{"names": ["An"]}, {"names": many}, {"names": ["An", "Bình", "Cường", "Dũng"]}])

    data = cli.partly("enter", meeting, "--poll", "gt", "--entries", entries)

    # 4 names for 3 seats is stored (an invalid ballot); 10,001 is refused as no ballot at all.
    assert (data["accepted"], data["valid"]) == (2, 1)
    assert [r["line"] for r in data["rejected"]] == [2]
    tally = cli.tally(meeting, "gt")
    assert (tally["entered"], tally["valid"], tally["invalid"]) == (2, 1, 1)
    assert cli("minutes", meeting, "--poll", "gt", "--pdf", cli.dir / "gt.pdf", "--draft").rc == 0
    # `correct` (which failed on the poll before #15) works, and is held to the same bound.
    import json

    refused = cli("correct", meeting, "--poll", "gt", "--ballot", "#2", "--entry", json.dumps({"names": many}),
                  "--reason", "Nhập nhầm")  # fmt: skip
    assert "'names' có 10001 tên, quá 10000: không phải một phiếu" in refused.one_error_line()
    over = json.dumps({"names": many[:54]})  # within what any line may hold, beyond this poll's own bound
    refused = cli("correct", meeting, "--poll", "gt", "--ballot", "#2", "--entry", over, "--reason", "Nhập nhầm")
    assert "phiếu ghi 54 tên; một phiếu giới thiệu 3 người không thể ghi quá 53 tên" in refused.one_error_line()
    fixed = cli.ok("correct", meeting, "--poll", "gt", "--ballot", "#2", "--entry", '{"names": ["Bình"]}',
                   "--reason", "Nhập nhầm")  # fmt: skip
    assert fixed["valid"] is True
    assert cli.tally(meeting, "gt")["valid"] == 2


def test_entries_from_a_fifo_or_a_device_are_refused_not_waited_on(cli: Any, meeting: Path) -> None:
    fifo = cli.dir / "phieu.fifo"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero"), cli.dir):
        run = with_timeout(20, lambda p=path: cli("enter", meeting, "--poll", "bch", "--entries", p))
        line = run.one_error_line()
        assert "không phải tệp phiếu thông thường" in line or "thư mục" in line, line
    assert cli.tally(meeting, "bch")["entered"] == 0


def test_enter_with_refused_lines_says_how_many_and_exits_1(cli: Any, meeting: Path) -> None:
    entries = cli.entries([{"struck": [1]}, {"struck": [9]}, "x", "{", {"struck": [7]}])

    run = cli("enter", meeting, "--poll", "bch", "--entries", entries)

    assert run.rc == 1
    assert run.err == "Lỗi: 1 ghi, 4 từ chối.\n"
    assert "bị từ chối 4 dòng" in run.out


# --------------------------------------------------------------------------- numbers on the command line


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["counts", "--poll", "bch", "--issued", "1" + "0" * 20], "--issued"),
        (["counts", "--poll", "bch", "--collected", "-1"], "--collected"),
        (["counts", "--poll", "bch", "--issued", "١٢"], "--issued"),  # Arabic-Indic digits
        (["review", "--page", "1" + "0" * 20], "--page"),
        (["next-round", "--poll", "bch", "--seats", "1" + "0" * 20], "--seats"),
        (["next-round", "--poll", "bch", "--seats", "0"], "--seats"),
        (["scan", "x", "--watch", "--interval", "nan"], "--interval"),
        (["scan", "x", "--watch", "--interval", "-1"], "--interval"),
        (["scan", "x", "--watch", "--idle-exit", "nan"], "--idle-exit"),
        (["scan", "x", "--watch", "--idle-exit", "inf"], "--idle-exit"),
        (["scan", "x", "--workers", "0"], "--workers"),
    ],
)
def test_out_of_range_numbers_are_usage_errors(cli: Any, meeting: Path, args: list[str], option: str) -> None:
    run = cli(args[0], meeting, *args[1:])

    assert run.rc == 2
    last = run.err.strip().splitlines()[-1]
    assert f"đối số {option}" in last
    assert "phải từ" in last or "quá lớn" in last or "không phải" in last
    assert "Traceback" not in run.err


@pytest.mark.parametrize("score", ["1e308", "8,3", "nan"])
def test_review_score_that_is_not_a_whole_or_half_point_is_refused(cli: Any, meeting: Path, score: str) -> None:
    # Before #15, 8,3 was stored as 8,5 and 1e308 ended in an OverflowError.
    run = cli("review", meeting, "--page", "1", "--set", f"score:1:1={score}")

    assert "điểm" in run.one_error_line()


def test_set_pin_takes_ascii_digits_only(cli: Any, meeting: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIEMPHIEU_NEW_PIN", "١٢٣٤٥٦")  # the PIN never on the command line (#14)
    run = cli("set-pin", meeting)

    assert "0–9" in run.one_error_line()
    for pin in ("123", "1234567890123", "１２３４"):  # 3 and 13 digits; full-width digits
        monkeypatch.setenv("KIEMPHIEU_NEW_PIN", pin)
        assert cli("set-pin", meeting).one_error_line() == "Lỗi: Mã PIN gồm 4 đến 12 chữ số 0–9."
    monkeypatch.setenv("KIEMPHIEU_NEW_PIN", "123456")
    assert cli("set-pin", meeting).rc == 0


def test_correct_to_invalid_names_its_reason_never_none(
    cli: Any, meeting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli.enter(meeting, "bch", [{"serial": "B-01", "struck": [3]}])
    monkeypatch.setenv("KIEMPHIEU_NEW_PIN", "123456")
    assert cli("set-pin", meeting).rc == 0
    monkeypatch.setenv("KIEMPHIEU_PIN", "123456")
    over = cli("override", meeting, "--poll", "bch", "--ballot", "B-01", "--invalid", "--reason", "Rách")
    assert over.rc == 0, over.err

    run = cli(
        "correct", meeting, "--poll", "bch", "--ballot", "B-01", "--entry", '{"struck": [2]}',
        "--reason", "Nhập nhầm",
    )  # fmt: skip

    assert run.rc == 0, run.err
    assert "None" not in run.out
    assert "không hợp lệ (Rách)" in run.out


def test_review_dismiss_without_a_page_sets_aside_a_whole_scan_file(
    cli: Any, meeting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image, ImageDraw

    frames = []
    for i in range(3):
        image = Image.new("L", (400, 500), 255)
        ImageDraw.Draw(image).rectangle((50, 50 + i, 350, 450), fill=0)
        frames.append(image)
    scan = cli.dir / "nham.tif"
    frames[0].save(scan, save_all=True, append_images=frames[1:], dpi=(200, 200))
    assert cli("scan", meeting, scan, "--workers", "1").rc == 0
    monkeypatch.setenv("KIEMPHIEU_NEW_PIN", "2468")
    assert cli("set-pin", meeting).rc == 0
    monkeypatch.setenv("KIEMPHIEU_PIN", "2468")

    data = cli.ok("review", meeting, "--dismiss", "quét nhầm", "--scan-file", "nham.tif")

    assert data == {"dismissed": 3}
    assert cli.ok("review", meeting) == []


# --------------------------------------------------------------------------- paths


def test_a_meeting_name_too_long_for_its_journal_is_refused_and_leaves_nothing(cli: Any, tmp_path: Path) -> None:
    # Before #15: "unable to open database file" and a 0-byte file that blocked a retry.
    spec = cli.spec(SPEC)
    name = "h" * 240 + ".kiemphieu"  # 250 bytes: fits, but "<name>-journal" does not

    run = cli("new", tmp_path / name, "--spec", spec)

    assert "tên tệp dài 250 byte" in run.one_error_line()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spec.toml"]
    assert cli("new", tmp_path / ("h" * 200 + ".kiemphieu"), "--spec", spec).rc == 0


def test_a_read_only_copy_can_still_be_read(cli: Any, meeting: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cli.enter(meeting, "bch", [{"serial": "B-01", "struck": [3]}])
    assert cli("counts", meeting, "--poll", "bch", "--issued", "1", "--collected", "1").rc == 0
    copy = cli.dir / "ban-sao"
    copy.mkdir()
    target = copy / meeting.name
    target.write_bytes(meeting.read_bytes())  # after the CLI closed it, the WAL is folded back in
    import app.store.db as db

    real_access = os.access
    monkeypatch.setattr(db.os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))

    for command in (["info"], ["tally", "--poll", "bch"], ["verify"], ["check", "--poll", "bch"]):
        run = cli(command[0], target, *command[1:])
        assert run.rc == 0, (command, run.err)
        assert run.err == "", (command, run.err)
    assert cli.ok("tally", target, "--poll", "bch")["entered"] == 1
    assert sorted(p.name for p in copy.iterdir()) == [meeting.name]  # no journal, WAL or lock file written
    # A command that writes is still refused, in words.
    entries = cli.entries([{"struck": [1]}])
    assert "chỉ cho đọc" in cli("enter", target, "--poll", "bch", "--entries", entries).one_error_line()


@pytest.mark.parametrize("kind", ["deep", "digits", "fifo"])
def test_import_pass_refuses_deep_huge_or_endless_files_in_words(cli: Any, meeting: Path, kind: str) -> None:
    path = cli.dir / "luot.json"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.write_text("[" * 100_000 + "]" * 100_000 if kind == "deep" else "[" + "9" * 5000 + "]", encoding="utf-8")

    run = with_timeout(20, lambda: cli("import-pass", meeting, path))

    assert "luot.json" in run.one_error_line()


# --------------------------------------------------------------------------- rule edges


def test_on_a_base_of_zero_nobody_is_elected_and_the_tally_says_so(cli: Any) -> None:
    # Before #15: every convened person excluded, one ballot entered, the candidate "elected" at "0,00 %".
    meeting = cli.meeting(
        SPEC.replace("convened = 10", "convened = 1").replace(
            "present = 9", 'present = 1\n    excluded = [{ reason = "Bị tạm đình chỉ sinh hoạt", count = 1 }]'
        )
    )
    cli.enter(meeting, "bch", [{"struck": [3]}])

    tally = cli.tally(meeting, "bch")

    assert tally["elected"] == []
    assert [i["outcome"] for i in tally["items"]] == ["not_elected"] * 3
    assert any("mẫu số 0" in note for note in tally["notes"])
    check = cli("check", meeting, "--poll", "bch")
    assert "mẫu số để tính kết quả bằng 0" in check.out
    # The draft minutes of the election say so (an election's minutes used to drop every note of the tally).
    import pypdfium2 as pdfium

    pdf = cli.dir / "nhap.pdf"
    assert cli("minutes", meeting, "--poll", "bch", "--pdf", pdf, "--draft").rc == 0
    document = pdfium.PdfDocument(str(pdf))
    printed = " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)
    document.close()
    assert "không công bố được kết quả trên mẫu số 0" in printed


def test_a_tally_with_more_ballots_entered_than_collected_says_it_is_inconsistent(cli: Any, meeting: Path) -> None:
    # Before #15 `tally` showed "160,00 %" and the band with no warning (only `check` refused).
    cli.enter(meeting, "bch", [{"struck": [3]}] * 3)
    from app.store.db import open_meeting_file
    from app.store.orm import Poll

    with open_meeting_file(meeting) as meeting_file, meeting_file.transaction() as session:
        for poll in session.query(Poll).filter(Poll.code == "bch"):
            poll.collected = 2  # `counts` refuses this; a file edited elsewhere, or an old file, may hold it

    tally = cli.tally(meeting, "bch")
    text = cli("tally", meeting, "--poll", "bch").out

    assert any("SỐ LIỆU CHƯA KHỚP" in note for note in tally["notes"])
    assert "SỐ LIỆU CHƯA KHỚP: đã nhập 3 phiếu nhưng chỉ thu về 2 phiếu" in text
    # The draft minutes say it too; final minutes are refused (the gate).
    import pypdfium2 as pdfium

    pdf = cli.dir / "nhap.pdf"
    assert cli("minutes", meeting, "--poll", "bch", "--pdf", pdf, "--draft").rc == 0
    document = pdfium.PdfDocument(str(pdf))
    printed = " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)
    document.close()
    assert "SỐ LIỆU CHƯA KHỚP: đã nhập 3 phiếu nhưng chỉ thu về 2 phiếu" in printed
    assert "nhập thừa 1 phiếu" in cli("minutes", meeting, "--poll", "bch", "--pdf", pdf).one_error_line()


def test_below_the_quorum_the_tally_says_so_and_final_minutes_need_the_heads_recorded_confirmation(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before #15 a meeting with 15 of 30 present was accepted silently.
    meeting = cli.meeting(SPEC.replace("convened = 10", "convened = 30").replace("present = 9", "present = 15"))
    cli.enter(meeting, "bch", [{"struck": [3]}, {"struck": [2]}])
    assert cli("counts", meeting, "--poll", "bch", "--issued", "2", "--collected", "2").rc == 0
    monkeypatch.setenv("KIEMPHIEU_NEW_PIN", "2468")
    assert cli("set-pin", meeting).rc == 0
    monkeypatch.setenv("KIEMPHIEU_PIN", "2468")

    notes = cli.tally(meeting, "bch")["notes"]
    assert any("Số có mặt (15/30) chưa đạt 2/3" in n and "Điều lệ Đảng" in n for n in notes)
    problems = cli("check", meeting, "--poll", "bch", "--json").data()["problems"]
    assert [p["code"] for p in problems] == ["quorum"]
    pdf = cli.dir / "bb.pdf"
    assert "chưa đạt 2/3" in cli("minutes", meeting, "--poll", "bch", "--pdf", pdf).one_error_line()

    run = cli("minutes", meeting, "--poll", "bch", "--pdf", pdf, "--below-quorum", "Đại hội quyết định")

    assert run.rc == 0, run.err
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    text = " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)
    document.close()
    assert (
        "- Số có mặt (15/30) chưa đạt mức tối thiểu 2/3 số được triệu tập; Trưởng ban xác nhận vẫn lập biên bản, "
        "lý do: Đại hội quyết định" in text
    )
    from app.store.db import open_meeting_file
    from app.store.orm import AuditEntry

    with open_meeting_file(meeting) as meeting_file, meeting_file.reading() as session:
        actions = [a for (a,) in session.query(AuditEntry.action)]
    assert "poll.quorum_confirmed" in actions


def test_correct_refuses_a_deeply_nested_entry_in_words(cli: Any, meeting: Path) -> None:
    cli.enter(meeting, "bch", [{"serial": "B-01", "struck": [3]}])

    run = cli("correct", meeting, "--poll", "bch", "--ballot", "B-01", "--entry", "[" * 50_000, "--reason", "x")

    assert "lồng nhau" in run.one_error_line()
