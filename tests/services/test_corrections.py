"""Checking a scanned code before marking, undoing the last ballot, correcting an entered ballot."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app import clock
from app.errors import EntryError, NotFoundError, StateError
from app.rules.model import Ballot
from app.services import ballots, tallying
from app.services.ballots import EntryDraft
from app.services.polls import get_poll, poll_def
from app.store.db import MeetingFile
from app.store.orm import AuditEntry, BallotRecord, Poll


def _enter(meeting_file: MeetingFile, code: str, serial: str | None, ballot: Ballot, station: str = "may-1") -> str:
    with meeting_file.transaction() as session:
        poll = get_poll(session, code)
        return ballots.record_ballot(
            session,
            poll=poll,
            pdef=poll_def(poll),
            draft=EntryDraft(serial, ballot),
            operator="an",
            station=station,
        ).key


def test_check_sheet_says_when_and_where_a_serial_was_entered(example_meeting: MeetingFile) -> None:
    _enter(example_meeting, "bch", "S-1", Ballot(key="", struck=frozenset({1, 2})))
    with example_meeting.reading() as session:
        assert ballots.check_sheet(session, code="bch", text="S-2") == "S-2"
        with pytest.raises(EntryError, match="đã được nhập lúc 09:30:00 ngày 20/06/2025 tại máy may-1"):
            ballots.check_sheet(session, code="bch", text="S-1")


def test_check_sheet_refuses_a_closed_poll(example_meeting: MeetingFile) -> None:
    with example_meeting.transaction() as session:
        session.scalar(select(Poll).where(Poll.code == "bch")).status = "closed"
    with example_meeting.reading() as session, pytest.raises(StateError):
        ballots.check_sheet(session, code="bch", text="S-9")


def test_undo_takes_back_only_this_stations_last_ballot(example_meeting: MeetingFile) -> None:
    _enter(example_meeting, "bch", "S-1", Ballot(key="", struck=frozenset({1, 2})), station="may-1")
    _enter(example_meeting, "bch", "S-2", Ballot(key="", struck=frozenset({3, 4})), station="may-2")
    _enter(example_meeting, "bch", "S-3", Ballot(key="", struck=frozenset({5, 6})), station="may-1")
    with example_meeting.transaction() as session:
        undone = ballots.undo_last_ballot(session, code="bch", station="may-1", actor="an")
    assert undone.key == "S-3"
    with example_meeting.reading() as session:
        serials = set(session.scalars(select(BallotRecord.serial)))
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "ballot.undone"))
    assert serials == {"S-1", "S-2"}
    assert entry is not None
    assert entry.subject == "S-3"
    assert entry.details["marks"] == [[5, 0, None, None], [6, 0, None, None]]
    # Once: S-1, entered before S-3, is not walked back to (#14); it is corrected under the head's PIN.
    with pytest.raises(StateError, match="đã được hoàn tác"), example_meeting.transaction() as session:
        ballots.undo_last_ballot(session, code="bch", station="may-1", actor="an")
    with pytest.raises(NotFoundError), example_meeting.transaction() as session:
        ballots.undo_last_ballot(session, code="bch", station="may-9", actor="an")


def test_undo_is_refused_after_the_window(example_meeting: MeetingFile, monkeypatch: pytest.MonkeyPatch) -> None:
    _enter(example_meeting, "bch", "S-1", Ballot(key="", struck=frozenset({1, 2})), station="may-1")
    later = clock.now() + ballots.UNDO_WINDOW + dt.timedelta(seconds=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    with pytest.raises(StateError, match="quá 10 phút"), example_meeting.transaction() as session:
        ballots.undo_last_ballot(session, code="bch", station="may-1", actor="an")


def test_correction_replaces_marks_keeps_the_original_in_the_audit_log(example_meeting: MeetingFile) -> None:
    _enter(
        example_meeting, "tin-nhiem", "T-1", Ballot(key="", choices=(frozenset({1}), frozenset({1, 2}), frozenset()))
    )
    with example_meeting.reading() as session:
        before = tallying.tally_poll(session, "tin-nhiem").tally
    assert before.totals.invalid == 1
    fixed = Ballot(key="", choices=(frozenset({1}), frozenset({2}), frozenset({3})))
    with example_meeting.transaction() as session:
        saved = ballots.correct_ballot(
            session,
            code="tin-nhiem",
            key="T-1",
            draft=EntryDraft(None, fixed),
            reason="Nhập nhầm dòng 2, 3",
            actor="an",
        )
    assert saved.valid
    with example_meeting.reading() as session:
        after = tallying.tally_poll(session, "tin-nhiem").tally
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "ballot.corrected"))
        count = session.scalar(select(func.count()).select_from(BallotRecord))
    assert after.totals.valid == 1
    assert [i.counts for i in after.items] == [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    assert count == 1
    assert entry is not None
    assert entry.details["reason"] == "Nhập nhầm dòng 2, 3"
    assert entry.details["before"]["marks"] == [[1, 1, None, None], [2, 1, None, None], [2, 2, None, None]]


def test_correction_needs_a_reason_and_a_right_shape(example_meeting: MeetingFile) -> None:
    _enter(example_meeting, "bch", "S-1", Ballot(key="", struck=frozenset({1, 2})))
    with pytest.raises(EntryError, match="lý do"), example_meeting.transaction() as session:
        ballots.correct_ballot(
            session,
            code="bch",
            key="S-1",
            draft=EntryDraft(None, Ballot(key="", struck=frozenset({3}))),
            reason=" ",
            actor="an",
        )
    with pytest.raises(EntryError, match="không có trong danh sách"), example_meeting.transaction() as session:
        ballots.correct_ballot(
            session,
            code="bch",
            key="S-1",
            draft=EntryDraft(None, Ballot(key="", struck=frozenset({99}))),
            reason="x",
            actor="an",
        )
