"""Helpers for the double/triple entry tests: run `kiemphieu` in-process as one of several stations,
write entries files, make real meeting files from data/example-spec.toml and read them back."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from cli_runner import CliRunner
from sqlalchemy.orm import Session

from app import clock
from app.services.demo import example_spec_path
from app.store.db import open_meeting_file


class Cli(CliRunner):
    """`kiemphieu` run in-process through app.cli.main, as the station named by `station`."""

    def __init__(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, template: Path
    ) -> None:
        super().__init__(tmp_path, capsys)
        self._template = template
        self._monkeypatch = monkeypatch

    def station(self, name: str) -> None:
        """From now on, commands run on the computer called `name`."""
        self._monkeypatch.setattr(clock, "station", lambda: name)

    def new(self, name: str) -> Path:
        """`kiemphieu new` from data/example-spec.toml (a meeting with its own secret)."""
        path = self.dir / name
        run = self("new", path, "--spec", example_spec_path(), "--operator", "thu-ky")
        assert run.rc == 0, run.err
        return path

    def meeting(self, name: str) -> Path:
        """A copy of the session's meeting file made from data/example-spec.toml (fast; shares its secret)."""
        path = self.dir / name
        shutil.copyfile(self._template, path)
        return path

    def enter(
        self, meeting: Path, poll: str, lines: Sequence[dict[str, Any] | str], *, pass_no: int = 1, operator: str = "A"
    ) -> dict[str, Any]:
        """`kiemphieu enter --json`; every line must be accepted."""
        data: dict[str, Any] = self.ok(
            "enter",
            meeting,
            "--poll",
            poll,
            "--entries",
            self.entries(lines),
            "--pass",
            pass_no,
            "--operator",
            operator,
        )
        assert data["rejected"] == []
        assert data["accepted"] == len(lines)
        return data

    # Reading meeting files and PDFs back (test modules reach these through the `cli` fixture).
    def reading(self, meeting: Path) -> AbstractContextManager[Session]:
        """A read session on a meeting file."""
        return reading(meeting)

    def writing(self, meeting: Path) -> AbstractContextManager[Session]:
        """One committed transaction on a meeting file."""
        return writing(meeting)

    def state(self, meeting: Path) -> tuple[int, int, int]:
        """Ballot, mark and audit rows of a meeting file."""
        return file_state(meeting)

    def pdf_text(self, path: Path) -> str:
        """All the text of a PDF, white space flattened."""
        return pdf_text(path)


@contextmanager
def reading(meeting: Path) -> Iterator[Session]:
    """A read session on a meeting file (closed afterwards)."""
    with open_meeting_file(meeting) as meeting_file, meeting_file.reading() as session:
        yield session


@contextmanager
def writing(meeting: Path) -> Iterator[Session]:
    """One transaction on a meeting file (committed afterwards)."""
    with open_meeting_file(meeting) as meeting_file, meeting_file.transaction() as session:
        yield session


def table_rows(meeting: Path, table: str) -> int:
    """Rows of one table, read with plain sqlite3 (no app code in between)."""
    with sqlite3.connect(f"file:{meeting}?mode=ro", uri=True) as connection:
        (count,) = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(count)


def file_state(meeting: Path) -> tuple[int, int, int]:
    """Ballot, mark and audit rows: what a refused import must leave as it was."""
    return table_rows(meeting, "ballot"), table_rows(meeting, "mark"), table_rows(meeting, "audit_log")


def flat(text: str) -> str:
    """Text with every run of white space (line breaks included) as one space."""
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    """All the text of a PDF, pages joined, white space flattened."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        parts = []
        for page in pdf:
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return flat(" ".join(parts))
    finally:
        pdf.close()


@pytest.fixture
def cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, _example_template: Path
) -> Cli:
    return Cli(tmp_path, capsys, monkeypatch, _example_template)
