"""`kiemphieu`: the command-line interface. Each subcommand calls one service.

One module per group of commands, in the order a congress uses them: `meeting` (new, info, demo, profiles),
`polls` (lists and counts), `sheets` (printing and the sheet registry), `entry` (keyboard), `scanning` (scan,
review), `passes` (independent entry passes), `results` (tally, minutes), `trust` (verify, anchor, backup, archive,
PIN). `common` holds what they share. Services are imported inside each command, so `--help` prints at once.

Exit codes: 0 success, 2 usage error, 1 any other error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app import __version__
from app.cli import common, entry, meeting, passes, polls, results, scanning, sheets, trust, words

GROUPS = (meeting, polls, sheets, entry, scanning, passes, results, trust)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `kiemphieu` (subcommands and their options), with argparse's headings in Vietnamese."""
    with words.vietnamese_argparse():
        parser = argparse.ArgumentParser(
            prog="kiemphieu",
            description="KiểmPhiếu — kiểm phiếu bầu cử, tín nhiệm, đánh giá, chấm điểm, biểu quyết (offline).",
        )
        parser.add_argument("--version", action="version", version=f"KiểmPhiếu {__version__}", help=words.VERSION_HELP)
        add = common.subcommands(parser)
        for group in GROUPS:
            group.register(add)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    parser = build_parser()
    with words.vietnamese_argparse():  # argparse's usage line and error messages
        args = parser.parse_args(argv)
        if getattr(args, "handler", None) is None:
            parser.print_help(sys.stderr)
            return 2
    return common.run(args)
