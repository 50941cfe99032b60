"""A full disk under the meeting file (#9): SQLite refuses the write with SQLITE_FULL, simulated here with
`PRAGMA max_page_count` (the same error path as a full disk). The action is refused with a Vietnamese
message that says it was not saved; everything saved before stays, and work resumes once there is room."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from app.errors import MeetingFileError
from app.rules.model import Ballot
from app.services import audit, ballots, integrity
from app.store.db import MeetingFile, storage_error
from app.store.orm import BallotRecord, Mark


def _enter(meeting_file: MeetingFile, serial: str) -> None:
    with meeting_file.transaction() as session:
        ballots.enter_ballot(
            session,
            code="bch",
            serial=serial,
            ballot=Ballot(key="", struck=frozenset({1, 2})),
            operator="may",
            station="may-1",
        )


def test_entries_on_a_full_disk_are_refused_saying_so_and_nothing_saved_is_lost(
    example_meeting: MeetingFile,
    full_disk: Any,  # tests/conftest.py FullDisk
) -> None:
    with example_meeting.reading() as session:
        before = session.scalar(select(func.count()).select_from(BallotRecord))
    full_disk.fill(example_meeting)
    saved = 0
    with pytest.raises(MeetingFileError) as refused:  # noqa: PT012 — the disk fills after some ballots
        for i in range(5000):
            _enter(example_meeting, f"F-{i:05d}")
            saved += 1
    message = str(refused.value)
    assert "CHƯA được ghi" in message
    assert "ổ đĩa đã đầy" in message
    with example_meeting.reading() as session:
        records = session.scalar(select(func.count()).select_from(BallotRecord))
        serials = set(session.scalars(select(BallotRecord.serial).where(BallotRecord.serial.like("F-%"))))
        assert audit.verify_chain(session) == []
    assert records == before + saved  # every ballot reported saved is there, the refused one is not
    assert serials == {f"F-{i:05d}" for i in range(saved)}

    # Room again (the cap lifted): the refused ballot goes in, and the file verifies.
    full_disk.free()
    _enter(example_meeting, f"F-{saved:05d}")
    with example_meeting.reading() as session:
        last = session.scalars(select(BallotRecord).where(BallotRecord.serial == f"F-{saved:05d}")).one()
        marks = session.scalar(select(func.count()).select_from(Mark).where(Mark.ballot_id == last.id))
        findings = integrity.verify(session)
    assert marks == 2
    assert findings == []


@pytest.mark.parametrize(
    ("errorname", "words"),
    [
        ("SQLITE_FULL", "ổ đĩa đã đầy"),
        ("SQLITE_BUSY", "đang ghi vào tệp quá lâu"),
        ("SQLITE_READONLY", "chỉ cho đọc"),
        ("SQLITE_IOERR_WRITE", "lỗi đọc/ghi ổ đĩa"),
        ("SQLITE_CORRUPT", "CHƯA được ghi"),
    ],
)
def test_every_refused_write_gets_a_message_saying_it_was_not_saved(errorname: str, words: str) -> None:
    orig = sqlite3.OperationalError("disk I/O")
    orig.sqlite_errorname = errorname  # type: ignore[attr-defined]
    error = storage_error(Path("hoinghi.kiemphieu"), OperationalError("INSERT", {}, orig))
    assert str(error).startswith("hoinghi.kiemphieu: thao tác vừa rồi CHƯA được ghi")
    assert words in str(error)
