"""The `kiemphieu` command: no arguments or `gui` open the window, anything else is the CLI.

Qt is imported only when the window opens, so the command-line tools work without a display; the CLI imports
the services only inside each command, so `kiemphieu --help` prints at once (benchmarks/bench_cli_help.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from app import cli


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    if getattr(sys, "frozen", False):
        # A frozen build (PyInstaller) starts its scan worker processes through this same entry point;
        # elsewhere freeze_support() does nothing, and multiprocessing is not imported before `--help` prints.
        import multiprocessing

        multiprocessing.freeze_support()
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] != "gui":
        return cli.main(args)
    parser = argparse.ArgumentParser(prog="kiemphieu gui", description="Mở giao diện KiểmPhiếu.")
    parser.add_argument("file", nargs="?", help="tệp hội nghị (.kiemphieu) cần mở")
    parser.add_argument("--demo", action="store_true", help="dựng và mở hội nghị mẫu")
    parser.add_argument("--self-test", action="store_true", help="mở cửa sổ không hiển thị, in phiên bản rồi thoát")
    options = parser.parse_args(args[1:])
    try:
        from ui.app import run
    except ImportError as exc:
        print(f"Lỗi: không mở được giao diện ({exc}). Hãy cài PySide6-Essentials và các thư viện Qt.", file=sys.stderr)
        return 1
    if options.self_test:
        from ui.app import self_test

        return self_test()
    return run(Path(options.file) if options.file else None, demo=options.demo)


if __name__ == "__main__":
    raise SystemExit(main())
