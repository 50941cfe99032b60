"""Shared fixtures: a frozen clock, an isolated log folder and real meeting files from a spec."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import textwrap
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from app import clock
from app.services import meetings
from app.services.demo import example_spec_path
from app.services.spec import parse_spec, read_spec
from app.store.db import MeetingFile, open_meeting_file

FROZEN_NOW = dt.datetime(2025, 6, 20, 9, 30, 0)


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Services read the clock through app.clock; tests see a fixed time and station."""
    monkeypatch.setattr(clock, "now", lambda: FROZEN_NOW)
    monkeypatch.setattr(clock, "station", lambda: "may-kiem-thu")


@pytest.fixture(autouse=True)
def _isolated_state(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Logs of unexpected errors go to a temporary folder, never the developer's home."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))


@pytest.fixture(scope="session")
def _example_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One meeting file built from data/example-spec.toml per session; tests get copies."""
    path = tmp_path_factory.mktemp("template") / "example.kiemphieu"
    meetings.create_meeting(path, read_spec(example_spec_path()), actor="kiem-thu").close()
    return path


@pytest.fixture
def example_meeting(_example_template: Path, tmp_path: Path) -> Iterator[MeetingFile]:
    """A fresh copy of the example meeting (every poll kind, no ballots yet)."""
    path = tmp_path / "example.kiemphieu"
    shutil.copyfile(_example_template, path)
    meeting_file = open_meeting_file(path)
    yield meeting_file
    meeting_file.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo meeting (every poll kind, ballots entered), built once per session: tests take copies."""
    from app.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.kiemphieu"
    build_demo(path).close()
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo meeting of the test's own (`demo.kiemphieu` in its folder)."""
    path = tmp_path / "demo.kiemphieu"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def make_meeting(tmp_path: Path) -> Iterator[Callable[[str], MeetingFile]]:
    """Build a meeting file from TOML text (dedented); closes what it opened."""
    opened: list[MeetingFile] = []

    def build(toml_text: str, name: str = "meeting.kiemphieu") -> MeetingFile:
        import tomllib

        spec = parse_spec(tomllib.loads(textwrap.dedent(toml_text)), "spec.toml")
        meeting_file = meetings.create_meeting(tmp_path / name, spec, actor="kiem-thu")
        opened.append(meeting_file)
        return meeting_file

    yield build
    for meeting_file in opened:
        meeting_file.close()


class Ballots:
    """Ballot lines (dicts for an entries file) built from the vote counts an example states."""

    @staticmethod
    def strike(names: int, votes: Sequence[int], count: int, seats: int, prefix: str) -> list[dict[str, Any]]:
        """`count` valid strike ballots giving name i exactly votes[i], each keeping 1…seats names.

        The kept names are dealt round-robin over the ballots, so no ballot keeps a name twice
        (every vote count ≤ count) and the number of names kept per ballot differs by at most one.
        """
        assert all(0 <= v <= count for v in votes)
        kept: list[set[int]] = [set() for _ in range(count)]
        slot = 0
        for row, v in enumerate(votes, start=1):
            for _ in range(v):
                kept[slot % count].add(row)
                slot += 1
        everyone = set(range(1, names + 1))
        lines = []
        for i, k in enumerate(kept, start=1):
            assert 1 <= len(k) <= seats, "these vote counts cannot be cast on valid ballots"
            lines.append({"serial": f"{prefix}-{i:04d}", "struck": sorted(everyone - k)})
        totals = [sum(1 for line in lines if row not in line["struck"]) for row in range(1, names + 1)]
        assert totals == list(votes)
        return lines

    @staticmethod
    def grid(rows: Sequence[Sequence[int]], prefix: str) -> list[dict[str, Any]]:
        """One ballot per voter: rows[r][c] voters mark column c+1 in row r (every row sums alike)."""
        sizes = {sum(row) for row in rows}
        assert len(sizes) == 1, "every row must account for the same number of ballots"
        columns = [[c for c, n in enumerate(row, start=1) for _ in range(n)] for row in rows]
        return [{"serial": f"{prefix}-{j + 1:04d}", "choices": [col[j] for col in columns]} for j in range(sizes.pop())]


@pytest.fixture
def ballots() -> type[Ballots]:
    """Builders of ballot lines (entries-file dicts) from the vote counts a worked example states."""
    return Ballots


class FullDisk:
    """Make a meeting file unable to grow by a page, as on a full disk (SQLite answers SQLITE_FULL), and undo it."""

    def __init__(self) -> None:
        self._capped: list[tuple[MeetingFile, Callable[[sqlite3.Connection, Any], None]]] = []

    def fill(self, meeting_file: MeetingFile) -> None:
        def cap(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

        event.listen(meeting_file.engine, "connect", cap)
        meeting_file.engine.dispose()  # new connections get the cap
        self._capped.append((meeting_file, cap))

    def free(self) -> None:
        while self._capped:
            meeting_file, cap = self._capped.pop()
            event.remove(meeting_file.engine, "connect", cap)
            meeting_file.engine.dispose()


@pytest.fixture
def full_disk() -> Iterator[FullDisk]:
    """`full_disk.fill(meeting_file)` fills the disk under it; `full_disk.free()` makes room again."""
    disk = FullDisk()
    yield disk
    disk.free()
