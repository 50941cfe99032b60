"""What every `kiemphieu` command shares: the common options, the meeting file, the PIN, the output, the exit code.

Only the standard library is imported here, so that `kiemphieu --help` prints at once (benchmarks/bench_cli_help.py);
each command imports the services it calls inside its function.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.errors import KiemPhieuError

if TYPE_CHECKING:
    from app.store.db import MeetingFile

Handler = Callable[[argparse.Namespace], int]
"""A command: it reads the parsed arguments and returns the exit code."""

Add = Callable[[str, Handler, str], argparse.ArgumentParser]
"""Declares one subcommand (name, handler, help) with the common options and returns its parser."""

PIN_ON_COMMAND_LINE = (
    "Không ghi mã PIN trên dòng lệnh (nó lưu lại trong lịch sử lệnh và hiện trong danh sách tiến trình): "
    "dùng biến môi trường {env}, hoặc để chương trình hỏi."
)


def subcommands(parser: argparse.ArgumentParser) -> Add:
    """The subcommands of `parser`, each with the options every command takes (--json, --operator)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="in kết quả dạng JSON cho máy đọc")
    common.add_argument("--operator", help="tên người thao tác (mặc định: tên đăng nhập)")
    common.add_argument("--pin", help=argparse.SUPPRESS)  # refused: a PIN comes from KIEMPHIEU_PIN or a prompt
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    return add


# ---------------------------------------------------------------- arguments taken by many commands


def file_argument(p: argparse.ArgumentParser, help_text: str | None = None) -> None:
    """The meeting file, the first positional argument of every command that works on one."""
    p.add_argument("file", help=help_text)


def poll_option(p: argparse.ArgumentParser, help_text: str | None = None, *, required: bool = True) -> None:
    """`--poll CODE`: the poll the command works on."""
    p.add_argument("--poll", required=required, help=help_text)


def pass_option(p: argparse.ArgumentParser, help_text: str | None = None) -> None:
    """`--pass N`: the entry pass (independent passes are compared, see `passes`)."""
    p.add_argument("--pass", dest="pass_no", type=int, default=1, choices=[1, 2, 3], help=help_text)


# ---------------------------------------------------------------- what a command reads and writes


def operator(args: argparse.Namespace) -> str:
    """Who is working: --operator, else KIEMPHIEU_OPERATOR, else the login name."""
    if args.operator:
        return str(args.operator)
    try:
        return os.environ.get("KIEMPHIEU_OPERATOR") or getpass.getuser()
    except (OSError, KeyError):
        return "khong-ro"


def emit(args: argparse.Namespace, data: Any, text: str) -> None:
    """Print the outcome: `data` as JSON with --json, else `text`."""
    if getattr(args, "json", False):
        import json

        print(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))
    else:
        print(text)


def _json_default(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def pin(args: argparse.Namespace) -> str | None:
    """The head of the committee's PIN, from KIEMPHIEU_PIN or a prompt."""
    return secret(args, "pin", "KIEMPHIEU_PIN", "Mã PIN của Trưởng ban (Enter nếu không cần): ")


def secret(args: argparse.Namespace, option: str, env: str, prompt: str) -> str | None:
    """A PIN from the environment or typed at a prompt (never from the command line, issue #14)."""
    if getattr(args, option, None):
        raise KiemPhieuError(PIN_ON_COMMAND_LINE.format(env=env))
    value = os.environ.get(env)
    if value:
        return value
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt) or None
    return None


def open_file(path: str) -> MeetingFile:
    """The meeting file, opened to change it."""
    from pathlib import Path

    from app.store.db import open_meeting_file

    return open_meeting_file(Path(path))


def open_to_read(path: str) -> MeetingFile:
    """For commands that only read: a read-only copy is opened, not refused."""
    from pathlib import Path

    from app.store.db import open_meeting_file

    return open_meeting_file(Path(path), read_only=True)


# ---------------------------------------------------------------- running a command


def run(args: argparse.Namespace) -> int:
    """Run the chosen command; every failure is one line on stderr and an exit code, never a traceback.

    Exit codes: 0 success, 1 any error, 130 stopped by Ctrl+C (2, a usage error, is argparse's).
    """
    handler: Handler = args.handler
    try:
        return int(handler(args))
    except KiemPhieuError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`); the work itself was done.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        return 130
    except Exception as exc:
        from app.logs import log_unexpected

        where = log_unexpected(exc)
        detail = f" Chi tiết đã ghi vào {where}." if where else ""
        print(f"Lỗi không mong đợi: {type(exc).__name__}: {exc}.{detail}", file=sys.stderr)
        return 1
