"""Two openings of the same meeting file in one program: every write is one BEGIN IMMEDIATE transaction under
SQLite's lock, so both are safe — nothing is lost, nothing counted twice, and a serial entered by one is refused
to the other. (A second program of this computer that would write is refused: tests/store/test_lost_wal.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.errors import EntryError
from app.rules.model import Ballot
from app.services import audit, ballots
from app.services.demo import example_spec_path
from app.services.meetings import create_meeting
from app.services.spec import read_spec
from app.store.db import open_meeting_file
from app.store.orm import BallotRecord


def test_two_open_instances_write_in_turn_and_refuse_each_others_serials(tmp_path: Path) -> None:
    path = tmp_path / "shared.kiemphieu"
    create_meeting(path, read_spec(example_spec_path()), actor="t").close()
    first, second = open_meeting_file(path), open_meeting_file(path)
    try:
        for i in range(20):
            station = first if i % 2 == 0 else second
            with station.transaction() as session:
                ballots.enter_ballot(
                    session,
                    code="bch",
                    serial=f"S-{i:03d}",
                    ballot=Ballot(key="", struck=frozenset({1, 2})),
                    operator="a" if station is first else "b",
                    station="may-1" if station is first else "may-2",
                )
        with pytest.raises(EntryError, match="tại máy may-1"), second.transaction() as session:
            ballots.enter_ballot(
                session,
                code="bch",
                serial="S-000",
                ballot=Ballot(key="", struck=frozenset({1, 2})),
                operator="b",
                station="may-2",
            )
        with first.reading() as session:
            assert session.scalar(select(func.count()).select_from(BallotRecord)) == 20
            assert audit.verify_chain(session) == []
    finally:
        first.close()
        second.close()
