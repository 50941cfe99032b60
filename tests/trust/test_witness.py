"""Issue #14: the witness file keeps anchor codes outside the meeting file; `verify --witness` requires the
file's log to extend every one of them."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from cli_runner import CliRunner

from app.services import polls
from app.services.demo import build_demo
from app.store.db import open_meeting_file

LINE = re.compile(r"^2025-06-20 09:30:00\tKPA-[0-9A-F]{8}-\d+-[0-9A-F]{20}\tghi theo lệnh$")


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> CliRunner:
    return CliRunner(tmp_path, capsys)


def _issue(path: Path, issued: int) -> None:
    with open_meeting_file(path) as meeting_file, meeting_file.transaction() as session:
        polls.set_ballot_counts(session, code="bch", issued=issued, collected=None, actor="thu-ky")


def _codes(witness: Path) -> list[str]:
    return [line.split("\t")[1] for line in witness.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]


def test_anchors_are_appended_once_each_and_a_file_with_later_entries_passes(
    original: Path, tmp_path: Path, cli: CliRunner
) -> None:
    usb = tmp_path / "usb" / "demo.neo.txt"
    usb.parent.mkdir()
    first = cli("anchor", original, "--witness", usb)
    assert first.rc == 0
    assert cli("anchor", original, "--witness", usb).rc == 0  # nothing new in the log: no second line
    _issue(original, 300)
    assert cli("anchor", original, "--witness", usb).rc == 0
    lines = usb.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# KiểmPhiếu — mã neo nhật ký của hội nghị: ")
    assert all(LINE.match(line) for line in lines[2:]), lines
    assert len(lines) == 4
    assert _codes(usb)[0] == first.out.strip()
    _issue(original, 301)
    passed = cli("verify", original, "--witness", usb)
    assert passed.rc == 0, passed.err
    assert "Đủ 2 mã neo trong demo.neo.txt" in passed.out
    assert "thêm 2 bản ghi sau đó" in passed.out  # the change and the rows it changed


def test_an_older_copy_put_back_is_refused_naming_the_line(original: Path, tmp_path: Path, cli: CliRunner) -> None:
    usb = tmp_path / "demo.neo.txt"
    older = tmp_path / "ban-cu.kiemphieu"
    shutil.copyfile(original, older)
    assert cli("anchor", original, "--witness", usb).rc == 0
    _issue(original, 300)
    assert cli("anchor", original, "--witness", usb).rc == 0
    line = cli("verify", older, "--witness", usb).one_error_line()
    assert "demo.neo.txt, dòng 4" in line
    assert "ngắn hơn lúc lấy mã neo" in line


def test_a_rebuilt_file_is_refused(original: Path, tmp_path: Path, cli: CliRunner) -> None:
    usb = tmp_path / "demo.neo.txt"
    assert cli("anchor", original, "--witness", usb).rc == 0
    rebuilt = tmp_path / "dung-lai.kiemphieu"
    build_demo(rebuilt, seed=7).close()
    assert "không có mã neo nào của hội nghị này" in cli("verify", rebuilt, "--witness", usb).one_error_line()
    # With the original's identity copied in with the shell, the chain still differs at the anchor.
    with sqlite3.connect(original) as source:
        fingerprint = source.execute("SELECT fingerprint FROM meeting").fetchone()[0]
    source.close()
    with sqlite3.connect(rebuilt) as connection:
        connection.execute("UPDATE meeting SET fingerprint = ?", (fingerprint,))
    connection.close()
    line = cli("verify", rebuilt, "--witness", usb).one_error_line()
    assert "dòng 3" in line
    assert "dựng lại" in line


def test_codes_written_by_hand_count_and_other_text_is_ignored(original: Path, tmp_path: Path, cli: CliRunner) -> None:
    code = cli("anchor", original).out.strip()
    hand = tmp_path / "so-tay.txt"
    hand.write_text(
        f"# ghi chép của Trưởng ban\nLúc 9 giờ: {code.lower()} (chép từ màn hình)\nKPA-khong-phai-ma\n",
        encoding="utf-8",
    )
    passed = cli("verify", original, "--witness", hand)
    assert passed.rc == 0, passed.err
    assert "Đủ 1 mã neo" in passed.out
    # The same code behind a comment mark is not an anchor.
    hand.write_text(f"# {code}\n", encoding="utf-8")
    assert "không có mã neo nào" in cli("verify", original, "--witness", hand).one_error_line()
    assert (
        "không tìm thấy tệp mã neo" in cli("verify", original, "--witness", tmp_path / "khong-co.txt").one_error_line()
    )
