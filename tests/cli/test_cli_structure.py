"""The shape of `kiemphieu` itself: every subcommand answers `--help`, and the command line starts light
(the services, and the libraries behind them, are imported inside each command; benchmarks/bench_cli_help.py)."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent.parent
HEAVY = ("sqlalchemy", "alembic", "numpy", "PIL", "reportlab", "openpyxl", "zxingcpp", "qrcode", "pypdfium2")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


SUBCOMMANDS = sorted(_subcommands())


def test_the_commands_are_all_there() -> None:
    assert len(SUBCOMMANDS) == 30
    assert {"new", "scan", "review", "minutes", "verify", "set-pin", "profiles"} <= set(SUBCOMMANDS)


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_subcommand_answers_help(cli: Any, name: str) -> None:
    run = cli(name, "--help")

    assert run.rc == 0
    assert run.out.startswith(f"Cách dùng: kiemphieu {name} ")
    assert "--json" in run.out
    assert run.err == ""


def test_the_top_level_help_lists_every_command(cli: Any) -> None:
    run = cli("--help")

    assert run.rc == 0
    for name in SUBCOMMANDS:
        assert re.search(rf"\n    {name}\s", run.out), name


@pytest.mark.parametrize("module", ["app.cli", "ui.launcher"])
def test_the_command_line_imports_no_heavy_library_before_a_command_runs(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules or any(k.startswith(m + '.') for k in sys.modules)]\n"
        "services = sorted(m for m in sys.modules if m.startswith(('app.services', 'app.store', 'app.printing')))\n"
        "print(heavy, services)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)

    assert result.stdout.strip() == "[] []"
