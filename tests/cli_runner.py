"""Running `kiemphieu` in-process for the end-to-end tests (shared by tests/cli, tests/minutes, tests/passes)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.cli import main


@dataclass(frozen=True)
class Run:
    """What one `kiemphieu` run returned and printed."""

    rc: int
    out: str
    err: str

    def data(self) -> Any:
        """Stdout parsed as JSON (the run must have had --json)."""
        return json.loads(self.out)

    def one_error_line(self) -> str:
        """The single Vietnamese error line on stderr of a failed run (no traceback)."""
        assert self.rc == 1, (self.rc, self.out, self.err)
        return one_error_line(self.err)


def one_error_line(err: str) -> str:
    """stderr holds exactly one line, a 'Lỗi: …' message, no traceback and not the unexpected-error message."""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Lỗi: "), err
    assert "không mong đợi" not in lines[0], err
    return lines[0]


class CliRunner:
    """`kiemphieu` run in-process through app.cli.main, with files written under tmp_path."""

    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.dir = tmp_path
        self._capsys = capsys
        self._entries = 0

    def __call__(self, *args: object) -> Run:
        self._capsys.readouterr()
        try:
            rc = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors, --help, --version
            rc = exc.code if isinstance(exc.code, int) else 1
        out, err = self._capsys.readouterr()
        return Run(rc, out, err)

    def partly(self, *args: object) -> Any:
        """Run `enter` with --json where some lines are refused: exit code 1, the count on one stderr line
        ("N ghi, M từ chối"), the report on stdout."""
        run = self(*args, "--json")
        assert run.rc == 1, (run.rc, run.err)
        data = run.data()
        assert run.one_error_line() == f"Lỗi: {data['accepted']} ghi, {len(data['rejected'])} từ chối."
        return data

    def ok(self, *args: object) -> Any:
        """Run with --json, require exit code 0 and nothing on stderr, return the parsed JSON."""
        run = self(*args, "--json")
        assert run.rc == 0, run.err
        assert run.err == ""
        return run.data()

    def entries(self, lines: Sequence[dict[str, Any] | str], name: str | None = None) -> Path:
        """A JSON Lines file: dicts are dumped, strings are written as they are."""
        if name is None:
            self._entries += 1
            name = f"phieu-{self._entries}.jsonl"
        path = self.dir / name
        text = "".join(
            (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n" for line in lines
        )
        path.write_text(text, encoding="utf-8")
        return path
