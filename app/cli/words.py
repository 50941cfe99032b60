"""argparse's own words in Vietnamese: its usage line, help headings and error messages.

argparse looks each of its messages up through `gettext` (the module-level `_` and `ngettext` of argparse), so the
CLI lends it these words while it builds its parser and reads the command line (`vietnamese_argparse`), and gives
the hook back afterwards: another parser in the same process keeps its English. Only the standard library is
imported, so that `kiemphieu --help` stays fast.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

# argparse's messages (Python 3.11–3.13) a person can meet; the rest are programming errors of the CLI itself.
WORDS = {
    "usage: ": "Cách dùng: ",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "positional arguments": "Đối số",
    "options": "Tùy chọn",
    "subcommands": "Lệnh",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "the following arguments are required: %s": "thiếu đối số bắt buộc: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "không có lựa chọn %(value)r (chọn một trong: %(choices)s)",
    "unrecognized arguments: %s": "không hiểu đối số: %s",
    "argument %(argument_name)s: %(message)s": "đối số %(argument_name)s: %(message)s",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s chưa rõ: có thể là %(matches)s",
    "invalid %(type)s value: %(value)r": "giá trị %(type)s sai: %(value)r",
    "not allowed with argument %s": "không dùng cùng với %s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị: %r",
    "one of the arguments %s is required": "cần một trong các đối số %s",
    "unexpected option string: %s": "không hiểu tùy chọn: %s",
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "không có lệnh %(parser_name)r (chọn một trong: %(choices)s)"
    ),
}
PLURALS = {("expected %s argument", "expected %s arguments"): "cần %s giá trị"}
VERSION_HELP = "in số phiên bản rồi thoát"


def gettext(message: str) -> str:
    """argparse's message in Vietnamese (itself when it has none: a programming error, or None)."""
    return WORDS.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """argparse's counted message in Vietnamese (one form for any number)."""
    found = PLURALS.get((singular, plural))
    if found is not None:
        return found
    return singular if n == 1 else plural


@contextmanager
def vietnamese_argparse() -> Iterator[None]:
    """argparse speaks Vietnamese inside the block (it looks `_` and `ngettext` up in its module on each use)."""
    module: Any = argparse
    before: tuple[Callable[[str], str], Callable[[str, str, int], str]] = (module._, module.ngettext)
    module._, module.ngettext = gettext, ngettext
    try:
        yield
    finally:
        module._, module.ngettext = before
