"""argparse's own words in Vietnamese (#17): `kiemphieu --help` and a mistyped command spoke English
("usage:", "error:", "invalid choice", "the following arguments are required", "options")."""

from __future__ import annotations

import argparse
import re

ENGLISH = (
    "usage",
    "error",
    "invalid choice",
    "choose from",
    "the following arguments are required",
    "show this help message",
    "show program's version",
    "positional arguments",
    "options:",
    "unrecognized arguments",
    "expected one argument",
    "invalid",
)


def _english(text: str) -> list[str]:
    return [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}", text)]


def test_the_help_is_vietnamese(cli) -> None:
    run = cli("--help")
    assert run.rc == 0
    assert not _english(run.out), run.out
    assert run.out.startswith("Cách dùng: kiemphieu")
    assert "in hướng dẫn này rồi thoát" in run.out


def test_a_command_s_help_is_vietnamese(cli) -> None:
    run = cli("tally", "--help")
    assert run.rc == 0
    assert not _english(run.out), run.out
    assert "Đối số:" in run.out
    assert "Tùy chọn:" in run.out


def test_an_unknown_command_is_refused_in_vietnamese(cli) -> None:
    run = cli("bogus")
    assert run.rc == 2
    assert not _english(run.err), run.err
    assert "kiemphieu: lỗi: đối số LỆNH: không có lựa chọn 'bogus'" in run.err


def test_a_missing_argument_is_named_in_vietnamese(cli) -> None:
    run = cli("tally")
    assert run.rc == 2
    assert not _english(run.err), run.err
    assert "thiếu đối số bắt buộc: file, --poll" in run.err


def test_an_unknown_option_and_a_missing_value_are_refused_in_vietnamese(cli, tmp_path) -> None:
    for args in (("info", tmp_path / "x.kiemphieu", "--bogus"), ("tally", tmp_path / "x.kiemphieu", "--poll")):
        run = cli(*args)
        assert run.rc == 2
        assert not _english(run.err), run.err
        assert ": lỗi: " in run.err


def test_argparse_is_left_as_it_was(cli) -> None:
    """The words are lent to argparse for the CLI's run only: another parser in the process is untouched."""
    cli("--help")
    assert "usage:" in argparse.ArgumentParser(prog="x").format_help()
