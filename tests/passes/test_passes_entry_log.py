"""The entry log ("Nhật ký nhập phiếu", PDF): every ballot of one pass with its marks in words, who
entered it and on which computer, then the corrections and undos with their reasons."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from app.services import ballots

PASS_1 = [
    {"serial": "BCH-0001", "struck": [2, 5]},
    {"serial": "BCH-0002", "struck": [1, 9]},
    {"serial": "BCH-0003", "physical_invalid": "no_stamp"},
    {"serial": "BCH-0004", "struck": [3, 4, 6]},
    {"struck": [7, 8]},
    {"serial": "BCH-0009", "struck": [1, 2]},  # entered by mistake, then undone
]
PASS_2 = [
    {"serial": "BCH-0001", "struck": [2, 5]},
    {"serial": "BCH-0007", "struck": [1, 2, 3]},
]
CORRECTION_1 = "Nhập nhầm tên thứ 9, đúng là tên thứ 8"
CORRECTION_2 = "Lượt hai gõ sai phiếu BCH-0007"


def correct(cli: Any, meeting: Path, key: str, entry: dict[str, Any], reason: str, actor: str, pass_no: int) -> None:
    with cli.writing(meeting) as session:
        ballots.correct_ballot(
            session,
            code="bch",
            key=key,
            draft=ballots.parse_entry(entry),
            reason=reason,
            actor=actor,
            pass_no=pass_no,
        )


@pytest.fixture
def logged(cli: Any) -> Path:
    """Pass 1 at station may-A (one correction, one undo), pass 2 at may-B (one correction)."""
    meeting = cli.meeting("hoinghi.kiemphieu")
    cli.station("may-A")
    cli.enter(meeting, "bch", PASS_1, operator="Nguyễn Văn Hùng")
    correct(cli, meeting, "BCH-0002", {"struck": [1, 8]}, CORRECTION_1, "Lê Thị Mai", 1)
    with cli.writing(meeting) as session:
        undone = ballots.undo_last_ballot(session, code="bch", station="may-A", actor="Trần Quốc Toản")
    assert undone.key == "BCH-0009"
    cli.station("may-B")
    cli.enter(meeting, "bch", PASS_2, pass_no=2, operator="Đinh Thị Loan")
    correct(cli, meeting, "BCH-0007", {"struck": [1, 2]}, CORRECTION_2, "Đinh Thị Loan", 2)
    return meeting


def test_the_log_of_pass_1_lists_every_ballot_its_marks_who_and_where_and_the_corrections(
    cli: Any, logged: Path
) -> None:
    pdf = cli.dir / "nhat-ky-luot-1.pdf"
    data = cli.ok("entry-log", logged, "--poll", "bch", "--pdf", pdf)
    assert data["pages"] >= 1
    assert pdf.exists()
    text = cli.pdf_text(pdf)
    assert "NHẬT KÝ NHẬP PHIẾU" in text
    assert "Bầu Ban Chấp hành Đảng bộ xã khóa XX" in text
    assert "lượt nhập 1, 5 phiếu" in text
    for key, marks in [
        ("BCH-0001", "gạch: 2, 5"),
        ("BCH-0002", "gạch: 1, 8"),  # as corrected
        ("BCH-0003", "không hợp lệ về hình thức: Phiếu không có dấu"),
        ("BCH-0004", "gạch: 3, 4, 6"),
        ("#1", "gạch: 7, 8"),
    ]:
        assert f"{key} {marks}" in text, key
    assert "gạch: 1, 9" not in text  # the table shows the ballot as it stands
    assert "Phiếu không có dấu của cấp ủy (tổ chức) triệu tập" in text
    assert text.count("Nguyễn Văn Hùng") == 5
    assert text.count("may-A") == 5
    assert "nhập tay" in text
    assert "may-B" not in text
    assert "Đinh Thị Loan" not in text
    # Corrections and undos, with who made them and why.
    assert "Các lần sửa, hoàn tác và kết luận của Ban kiểm phiếu" in text
    assert f"Lê Thị Mai Sửa phiếu BCH-0002: {CORRECTION_1}" in text
    assert "Trần Quốc Toản Hoàn tác (xóa) phiếu BCH-0009" in text
    assert text.count("BCH-0009") == 1  # undone: an event, no longer a row of the table
    assert CORRECTION_2 not in text


def test_the_log_of_pass_2_lists_only_pass_2(cli: Any, logged: Path) -> None:
    pdf = cli.dir / "nhat-ky-luot-2.pdf"
    assert cli.ok("entry-log", logged, "--poll", "bch", "--pdf", pdf, "--pass", "2")["pdf"] == str(pdf)
    text = cli.pdf_text(pdf)
    assert "lượt nhập 2, 2 phiếu" in text
    assert "BCH-0001 gạch: 2, 5" in text
    assert "BCH-0007 gạch: 1, 2" in text
    for other in ("BCH-0002", "BCH-0003", "BCH-0004", "BCH-0009", "#1", "Nguyễn Văn Hùng", "may-A"):
        assert other not in text, other
    assert text.count("may-B") == 2
    assert f"Sửa phiếu BCH-0007: {CORRECTION_2}" in text
    assert CORRECTION_1 not in text
    assert "Hoàn tác" not in text


def test_the_log_embeds_its_fonts(cli: Any, logged: Path) -> None:
    pdf = cli.dir / "nhat-ky.pdf"
    cli.ok("entry-log", logged, "--poll", "bch", "--pdf", pdf)
    data = pdf.read_bytes()
    assert b"/BaseFont /Helvetica" not in data
    assert b"/FontFile2" in data  # TrueType programs embedded: Vietnamese prints the same everywhere


@pytest.mark.parametrize(
    ("poll", "entry", "words"),
    [
        pytest.param("tin-nhiem", {"choices": [1, [1, 3], 0]}, "dấu từng dòng: 1 1+3 0", id="grid"),
        pytest.param("bi-thu", {"choices": [2]}, "dấu từng dòng: 2", id="single"),
        pytest.param("cham-diem", {"scores": [[25, 60.5], [20, None]]}, "điểm: 25 · 60,5; 20 · —", id="scores"),
        pytest.param(
            "gioi-thieu", {"names": ["Lê Văn Cường", "Phạm Thị Dung"]}, "tên: Lê Văn Cường, Phạm Thị Dung", id="names"
        ),
        pytest.param("gioi-thieu", {"names": []}, "tên: không ghi tên nào", id="no-names"),
        pytest.param("bch", {"struck": []}, "gạch: không gạch tên nào", id="nothing-struck"),
        pytest.param(
            "bch",
            {"struck": [1], "physical_invalid": "torn"},
            "gạch: 1; không hợp lệ về hình thức: Phiếu bị rách",
            id="marks-and-physical",
        ),
    ],
)
def test_the_log_puts_the_marks_of_every_layout_in_words(
    cli: Any, poll: str, entry: dict[str, Any], words: str
) -> None:
    meeting = cli.meeting("hoinghi.kiemphieu")
    cli.enter(meeting, poll, [{"serial": "P-0001", **entry}], operator="Lê Thị Mai")
    pdf = cli.dir / "nhat-ky.pdf"
    cli.ok("entry-log", meeting, "--poll", poll, "--pdf", pdf)
    assert f"P-0001 {words}" in cli.pdf_text(pdf)


def test_a_long_log_runs_over_pages_and_keeps_every_ballot(cli: Any) -> None:
    meeting = cli.meeting("hoinghi.kiemphieu")
    cli.enter(meeting, "bch", [{"serial": f"BCH-{i:04d}", "struck": [1 + i % 9]} for i in range(1, 81)])
    pdf = cli.dir / "nhat-ky.pdf"
    pages = cli.ok("entry-log", meeting, "--poll", "bch", "--pdf", pdf)["pages"]
    assert pages >= 2
    text = cli.pdf_text(pdf)
    assert f"Trang {pages}" in text
    for i in range(1, 81):
        assert f"BCH-{i:04d} gạch: {1 + i % 9}" in text


def test_the_log_of_an_unknown_poll_or_to_an_unwritable_place_is_refused(cli: Any) -> None:
    meeting = cli.meeting("hoinghi.kiemphieu")
    run = cli("entry-log", meeting, "--poll", "khong-co", "--pdf", cli.dir / "x.pdf")
    assert "khong-co" in run.one_error_line()
    target = cli.dir / "khong-co-thu-muc" / "nhat-ky.pdf"
    run = cli("entry-log", meeting, "--poll", "bch", "--pdf", target)
    assert "nhat-ky.pdf" in run.one_error_line()
    assert not target.exists()


def test_the_log_of_an_imported_pass_names_the_station_that_entered_it(cli: Any) -> None:
    a = cli.meeting("hoinghi-A.kiemphieu")
    b = cli.dir / "hoinghi-B.kiemphieu"
    shutil.copyfile(a, b)
    cli.station("may-B")
    cli.enter(b, "bch", PASS_2, pass_no=2, operator="Đinh Thị Loan")
    out = cli.dir / "luot-2.json"
    cli.ok("export-pass", b, "--poll", "bch", "--pass", "2", "--out", out)
    cli.station("may-A")
    cli.ok("import-pass", a, out, "--operator", "Nguyễn Văn Hùng")
    pdf = cli.dir / "nhat-ky-luot-2.pdf"
    cli.ok("entry-log", a, "--poll", "bch", "--pdf", pdf, "--pass", "2")
    text = cli.pdf_text(pdf)
    assert "BCH-0001 gạch: 2, 5" in text
    assert "BCH-0007 gạch: 1, 2, 3" in text
    assert text.count("Đinh Thị Loan") == 2
    assert text.count("may-B") == 2
    assert text.count("nhận từ máy khác") == 2
    assert "may-A" not in text


@pytest.mark.parametrize("command", ["enter", "export-pass", "entry-log", "correct"])
def test_only_passes_1_to_3_exist(cli: Any, command: str) -> None:
    meeting = cli.meeting("hoinghi.kiemphieu")
    extra = {
        "enter": ["--entries", cli.entries([{"struck": [1]}])],
        "export-pass": ["--out", cli.dir / "x.json"],
        "entry-log": ["--pdf", cli.dir / "x.pdf"],
        "correct": ["--ballot", "#1", "--entry", '{"struck": [1]}', "--reason", "thử"],
    }[command]
    before = cli.state(meeting)
    for pass_no in ("0", "4"):
        run = cli(command, meeting, "--poll", "bch", "--pass", pass_no, *extra)
        assert run.rc == 2
        assert "--pass" in run.err
    assert cli.state(meeting) == before


@pytest.fixture
def ruled(cli: Any) -> Path:
    """The committee rules on BCH-0001 (pass 1, the pass that counts); pass 2 has only BCH-0002."""
    meeting = cli.meeting("hoinghi.kiemphieu")
    cli.enter(meeting, "bch", [{"serial": "BCH-0001", "struck": [2, 5]}])
    cli.enter(meeting, "bch", [{"serial": "BCH-0002", "struck": [2, 5]}], pass_no=2)
    cli.ok(
        "override", meeting, "--poll", "bch", "--ballot", "BCH-0001", "--invalid", "--reason", "Phiếu có ký tên",
        "--operator", "Nguyễn Văn Hùng",
    )  # fmt: skip
    return meeting


def test_the_log_of_pass_1_lists_the_committees_rulings(cli: Any, ruled: Path) -> None:
    pdf = cli.dir / "nhat-ky-luot-1.pdf"
    cli.ok("entry-log", ruled, "--poll", "bch", "--pdf", pdf)
    text = cli.pdf_text(pdf)
    assert "BCH-0001 gạch: 2, 5 không hợp lệ: Phiếu có ký tên" in text
    assert "Nguyễn Văn Hùng Ban kiểm phiếu kết luận lại phiếu BCH-0001: Phiếu có ký tên" in text


def test_the_log_of_pass_2_does_not_list_rulings_on_pass_1_ballots(cli: Any, ruled: Path) -> None:
    pdf = cli.dir / "nhat-ky-luot-2.pdf"
    cli.ok("entry-log", ruled, "--poll", "bch", "--pdf", pdf, "--pass", "2")
    text = cli.pdf_text(pdf)
    assert "BCH-0002 gạch: 2, 5" in text
    assert "BCH-0001" not in text
