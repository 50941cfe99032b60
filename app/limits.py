"""Every bound on what the app reads, in one place (README "Giới hạn"), and opening input files safely.

An input beyond a bound is refused with one Vietnamese line; nothing is read without a bound on time and
memory: a FIFO, a device such as /dev/zero or a directory named as a file is refused before it is read.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from app.errors import EntryError, KiemPhieuError

# People and ballots.
MAX_PEOPLE = 1_000_000  # convened, present, excluded, issued, collected, copies: a conference is far smaller
MAX_SEATS = 1_000  # seats to fill, and items on one ballot
MAX_ITEMS = 1_000  # candidates / subjects / motions on one ballot
MAX_CRITERIA = 100  # scoring criteria
MAX_CRITERION_POINTS = 10_000  # the maximum of one scoring criterion, in points
MAX_NAME_CHARS = 200  # a person's name (the longest Vietnamese names are under 60 characters)
MAX_TEXT_CHARS = 2_000  # a title, a reason, a note
MAX_EXTRA_NAMES = 50  # a nomination ballot may hold this many names beyond its seats (then it is invalid)
MAX_STORED_NAMES = 10_000  # names of one stored ballot (more can only come from an edit outside the app)

# Files.
MAX_SPEC_BYTES = 10 * 1024 * 1024  # a meeting spec (TOML)
MAX_TOML_DEPTH = 20  # nesting of tables and arrays in a spec
MAX_ENTRY_LINE_BYTES = 1024 * 1024  # one line of an entries file (a ballot)
MAX_ENTRY_LINES = 200_000  # lines of one entries file
MAX_JSON_DEPTH = 10  # nesting in one entries line (a ballot needs 3)
MAX_INT_DIGITS = 18  # digits of any whole number read from a file or typed
MAX_XLSX_BYTES = 50 * 1024 * 1024  # an Excel list, unpacked
MAX_XLSX_ROWS = 5_000  # rows of a list read before giving up (a list has hundreds)
MAX_PASS_BYTES = 200 * 1024 * 1024  # an exported entry pass (.json)
MAX_EXPECTED_BYTES = 50 * 1024 * 1024  # a test deck's expected results


class InputLimitError(KiemPhieuError):
    """An input is beyond a documented bound, or is not a regular file."""


def typed_reason(text: str) -> str:
    """A reason someone typed (a ruling, a correction, reopening, setting pages aside), refused beyond
    MAX_TEXT_CHARS: it is printed in the minutes and kept in the log, a sentence, not a document."""
    if len(text) > MAX_TEXT_CHARS:
        raise EntryError(f"Lý do dài {len(text)} ký tự, quá {MAX_TEXT_CHARS} ký tự: hãy ghi ngắn gọn hơn.")
    return text


def open_regular(path: Path, what: str = "tệp") -> io.BufferedReader:
    """Open `path` for reading in binary, refusing anything that is not a regular file.

    A FIFO is opened without blocking so that it can be refused rather than waited on.
    Raises FileNotFoundError (for the caller's own message) or InputLimitError.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise InputLimitError(f"{path}: là một thư mục, không phải {what}.") from None
    except OSError as exc:
        raise InputLimitError(f"{path}: không mở được {what} ({exc.strerror}).") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = "thư mục" if stat.S_ISDIR(mode) else "ống dẫn (FIFO)" if stat.S_ISFIFO(mode) else "thiết bị"
            raise InputLimitError(f"{path}: là {kind}, không phải {what} thông thường; không đọc.")
        if getattr(os, "O_NONBLOCK", 0):  # POSIX: reads of a regular file block as usual
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def check_regular(path: Path, what: str = "tệp") -> int:
    """The size of `path` if it is a regular file; InputLimitError otherwise (FileNotFoundError passes)."""
    with open_regular(path, what) as handle:
        return os.fstat(handle.fileno()).st_size


def read_bounded(path: Path, limit: int, what: str = "tệp") -> bytes:
    """The whole of a regular file of at most `limit` bytes."""
    with open_regular(path, what) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputLimitError(f"{path.name}: {what} lớn quá {limit // (1024 * 1024)} MB; không đọc.")
    return data


def bounded_lines(handle: BinaryIO, max_bytes: int, max_lines: int) -> Iterator[tuple[int, bytes | None]]:
    """The lines of `handle` (without the line end) with their numbers; a line longer than `max_bytes`
    is given as None (its rest is skipped unread into memory). More than `max_lines` lines: InputLimitError."""
    number = 0
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if number > max_lines:
            raise InputLimitError(f"tệp có hơn {max_lines} dòng; hãy chia nhỏ.")
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:  # skip the rest of the long line, a bounded piece at a time
                rest = handle.readline(max_bytes + 1)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, line.removesuffix(b"\n").removesuffix(b"\r")


def json_depth_ok(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the brackets of a JSON text nest at most `limit` deep (strings are skipped)."""
    depth = 0
    in_string = escape = False
    for ch in text:
        if in_string:
            if escape:
                escape = False
            elif ch == "\\":
                escape = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return False
        elif ch in "]}":
            depth -= 1
    return True
