"""Helpers for the end-to-end CLI tests: run `kiemphieu` in-process or as a real process, write
spec and entries files, and turn target vote counts into ballot lines."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from cli_runner import CliRunner


class Cli(CliRunner):
    """`kiemphieu` run in-process, with the CLI tests' own helpers."""

    def spec(self, text: str, name: str = "spec.toml") -> Path:
        path = self.dir / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def meeting(self, spec_text: str, name: str = "hoinghi.kiemphieu") -> Path:
        """`kiemphieu new` from spec text; returns the meeting file."""
        path = self.dir / name
        spec = self.spec(spec_text, name=f"{path.stem}.toml")
        run = self("new", path, "--spec", spec, "--operator", "thu-ky")
        assert run.rc == 0, run.err
        assert path.exists()
        return path

    def enter(self, meeting: Path, poll: str, lines: Sequence[dict[str, Any] | str]) -> dict[str, Any]:
        """`kiemphieu enter --json`; every line must be accepted."""
        data: dict[str, Any] = self.ok("enter", meeting, "--poll", poll, "--entries", self.entries(lines))
        assert data["rejected"] == []
        assert data["accepted"] == len(lines)
        return data

    def tally(self, meeting: Path, poll: str) -> dict[str, Any]:
        result: dict[str, Any] = self.ok("tally", meeting, "--poll", poll)
        return result


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path, capsys)


@pytest.fixture
def run_process(tmp_path: Path) -> Any:
    """Run `python -m app ARGS` as a real process in tmp_path, logs in a temporary state folder."""

    def run(*args: object) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"), "KIEMPHIEU_OPERATOR": "kiem-thu"}
        return subprocess.run(
            [sys.executable, "-m", "app", *(str(a) for a in args)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )

    return run
