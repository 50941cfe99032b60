"""A print job reports its progress and can be cancelled without leaving a file or registry entries."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.services import printing
from app.store.db import MeetingFile
from app.store.orm import BallotSheet


class Stop(Exception):
    pass


def test_progress_is_reported_and_cancel_records_nothing(example_meeting: MeetingFile, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= 50:
            raise Stop

    out = tmp_path / "ballots.pdf"
    with pytest.raises(Stop):
        printing.print_ballots(example_meeting, code="bch", copies=120, out=out, actor="t", progress=progress)
    assert seen == [(0, 120), (25, 120), (50, 120)]
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if "ballots" in p.name]  # no temporary file left behind
    with example_meeting.reading() as session:
        assert session.scalar(select(func.count()).select_from(BallotSheet)) == 0

    report = printing.print_ballots(example_meeting, code="bch", copies=30, out=out, actor="t", progress=progress)
    assert report.sheets == 30
    assert out.exists()
