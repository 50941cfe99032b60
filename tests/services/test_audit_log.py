"""app.services.audit: every write is logged in its own transaction; the log is append-only and chained."""

from __future__ import annotations

import itertools
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import exc, select, text

from app.errors import EntryError
from app.rules.model import Ballot
from app.services import audit, ballots, polls
from app.services.ballots import EntryDraft
from app.services.rounds import create_next_round
from app.services.spec import ItemSpec
from app.store.db import MeetingFile
from app.store.orm import AuditEntry, BallotRecord


def actions(meeting_file: MeetingFile) -> list[str]:
    with meeting_file.reading() as session:
        # The state record each transaction ends with (the rows it changed) is tested in tests/trust.
        query = select(AuditEntry.action).where(AuditEntry.action != audit.STATE).order_by(AuditEntry.id)
        return list(session.scalars(query))


def enter(meeting_file: MeetingFile, code: str, *ballot_list: Ballot, operator: str = "Lê Thị Mai") -> None:
    with meeting_file.transaction() as session:
        poll = polls.get_poll(session, code)
        pdef = polls.poll_def(poll)
        for ballot in ballot_list:
            draft = EntryDraft(serial=ballot.key or None, ballot=ballot)
            ballots.record_ballot(session, poll=poll, pdef=pdef, draft=draft, operator=operator, station="may-1")


def use_normally(meeting_file: MeetingFile, tmp_path: Path) -> None:
    """A morning at the counting table: counts, ballots, a file with bad lines, an override, a new round."""
    with meeting_file.transaction() as session:
        polls.set_ballot_counts(session, code="dai-bieu", issued=None, collected=3, actor="Lê Thị Mai")
    enter(
        meeting_file,
        "dai-bieu",
        Ballot(key="DB-1", struck=frozenset({6})),
        Ballot(key="DB-2", struck=frozenset({5})),
    )
    path = tmp_path / "phieu.jsonl"
    path.write_text(
        '{"serial": "DB-3", "struck": [4]}\n'
        '{"serial": "DB-1", "struck": [1]}\n'  # duplicate: rolled back to its savepoint
        "not json\n"
        '{"struck": [7]}\n'  # shape error
        '{"struck": [6]}\n',
        encoding="utf-8",
    )
    report = ballots.enter_file(meeting_file, code="dai-bieu", path=path, operator="Trần Quốc Toản")
    assert len(report.accepted) == 2
    assert len(report.rejected) == 3
    with meeting_file.transaction() as session:
        ballots.override_validity(session, code="dai-bieu", key="DB-2", valid=False, reason="Có ký tên", actor="x")
        polls.replace_items(session, code="bch", items=(ItemSpec("Nguyễn Văn An"), ItemSpec("Lê Văn Bé")), actor="x")
    with meeting_file.transaction() as session:
        create_next_round(session, code="dai-bieu", actor="Nguyễn Văn Hùng")


# --- what gets logged -----------------------------------------------------------------------------------


def test_creation_is_logged(example_meeting: MeetingFile) -> None:
    assert actions(example_meeting) == ["meeting.created"] + ["poll.created"] * 9
    with example_meeting.reading() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action != audit.STATE).order_by(AuditEntry.id)
        ).all()
        created = entries[0]
        assert (created.actor, created.poll_id) == ("kiem-thu", None)
        assert created.details["convened"] == 150
        assert created.details["exclusions"][1][1] == 2
        assert [e.subject for e in entries[1:]][:3] == ["bch", "bi-thu", "ubkt"]
        assert entries[1].details["items"][0] == "Nguyễn Văn An"
        assert entries[1].details["seats"] == 7
        assert all(e.poll_id is not None for e in entries[1:])


def test_every_write_is_logged(example_meeting: MeetingFile, tmp_path: Path) -> None:
    use_normally(example_meeting, tmp_path)
    logged = Counter(actions(example_meeting)[10:])
    assert logged == {
        "poll.counts_set": 1,
        "ballot.entered": 4,
        "ballot.override": 1,
        "poll.items_replaced": 1,
        "poll.created": 1,
    }
    with example_meeting.reading() as session:
        entered = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "ballot.entered").order_by(AuditEntry.id)
        ).all()
        assert [e.subject for e in entered] == ["DB-1", "DB-2", "DB-3", "#1"]
        assert [e.actor for e in entered] == ["Lê Thị Mai", "Lê Thị Mai", "Trần Quốc Toản", "Trần Quốc Toản"]
        assert entered[2].details["station"] == "may-kiem-thu"
        assert entered[0].details["marks"] == [[6, 0, None, None]]
        stored = session.execute(text("SELECT count(*) FROM ballot")).scalar_one()
    assert stored == len(entered)


def test_entries_are_chained(example_meeting: MeetingFile, tmp_path: Path) -> None:
    use_normally(example_meeting, tmp_path)
    with example_meeting.reading() as session:
        rows = session.execute(select(AuditEntry.prev_hash, AuditEntry.hash).order_by(AuditEntry.id)).all()
    assert rows[0][0] == audit.GENESIS
    for (_, previous), (link, _) in itertools.pairwise(rows):
        assert link == previous
    assert len({h for _, h in rows}) == len(rows)


def test_verify_chain_is_clean_after_normal_use(example_meeting: MeetingFile, tmp_path: Path) -> None:
    with example_meeting.reading() as session:
        assert audit.verify_chain(session) == []
    use_normally(example_meeting, tmp_path)
    with example_meeting.reading() as session:
        assert audit.verify_chain(session) == []


def test_failing_transaction_leaves_no_entry(example_meeting: MeetingFile) -> None:
    before = actions(example_meeting)

    def power_cut() -> None:
        with example_meeting.transaction() as session:
            poll = polls.get_poll(session, "bch")
            pdef = polls.poll_def(poll)
            draft = EntryDraft(serial="BCH-1", ballot=Ballot(key="BCH-1", struck=frozenset({8, 9})))
            ballots.record_ballot(session, poll=poll, pdef=pdef, draft=draft, operator="x", station="y")
            polls.set_ballot_counts(session, code="bch", issued=146, collected=140, actor="x")
            session.flush()
            last = session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1))
            assert last == "poll.counts_set"
            raise RuntimeError("mất điện")

    with pytest.raises(RuntimeError, match="mất điện"):
        power_cut()
    assert actions(example_meeting) == before
    with example_meeting.reading() as session:
        assert session.scalar(select(BallotRecord.id)) is None
        assert polls.get_poll(session, "bch").collected is None
        assert audit.verify_chain(session) == []


def test_refused_service_call_leaves_no_entry(example_meeting: MeetingFile) -> None:
    before = actions(example_meeting)
    with pytest.raises(EntryError), example_meeting.transaction() as session:
        polls.set_ballot_counts(session, code="bch", issued=10, collected=11, actor="x")
    with pytest.raises(EntryError), example_meeting.transaction() as session:
        ballots.override_validity(session, code="bch", key="BCH-1", valid=False, reason="", actor="x")
    assert actions(example_meeting) == before


def test_chain_continues_after_a_failed_transaction(example_meeting: MeetingFile) -> None:
    def fail_after_counts() -> None:
        with example_meeting.transaction() as session:
            polls.set_ballot_counts(session, code="bch", issued=146, collected=140, actor="x")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_after_counts()
    with example_meeting.transaction() as session:
        polls.set_ballot_counts(session, code="bch", issued=146, collected=145, actor="x")
    with example_meeting.reading() as session:
        assert audit.verify_chain(session) == []
        last = session.scalar(
            select(AuditEntry).where(AuditEntry.action != audit.STATE).order_by(AuditEntry.id.desc()).limit(1)
        )
        assert last is not None
        assert last.details["collected"] == [None, 145]


# --- append-only ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET actor = 'ke-gian' WHERE id = 1",
        "UPDATE audit_log SET details = '{}'",
        "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
        "DELETE FROM audit_log",
    ],
)
def test_raw_update_or_delete_is_refused(example_meeting: MeetingFile, statement: str) -> None:
    before = actions(example_meeting)
    with pytest.raises(exc.DBAPIError, match="append-only"), example_meeting.transaction() as session:
        session.execute(text(statement))
    assert actions(example_meeting) == before
    with example_meeting.reading() as session:
        assert audit.verify_chain(session) == []


def test_editing_a_ballot_entry_through_the_orm_is_refused(example_meeting: MeetingFile) -> None:
    enter(example_meeting, "bch", Ballot(key="BCH-1", struck=frozenset({8, 9})))

    def tamper(delete: bool) -> None:
        with example_meeting.transaction() as session:
            entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "ballot.entered"))
            assert entry is not None
            if delete:
                session.delete(entry)
            else:
                entry.details = {**entry.details, "valid": False}

    with pytest.raises(exc.DBAPIError, match="append-only"):
        tamper(delete=False)
    with pytest.raises(exc.DBAPIError, match="append-only"):
        tamper(delete=True)
    with example_meeting.reading() as session:
        details = session.scalar(select(AuditEntry.details).where(AuditEntry.action == "ballot.entered"))
        assert details is not None
        assert details["valid"] is True
        assert audit.verify_chain(session) == []


def test_edit_behind_the_apps_back_is_detected(example_meeting: MeetingFile) -> None:
    enter(
        example_meeting,
        "bch",
        Ballot(key="BCH-1", struck=frozenset({8, 9})),
        Ballot(key="BCH-2", struck=frozenset({1, 2})),
    )
    with example_meeting.reading() as session:
        target = session.scalar(
            select(AuditEntry.id).where(AuditEntry.action == "ballot.entered", AuditEntry.subject == "BCH-1")
        )
    path = example_meeting.path
    raw = sqlite3.connect(path)
    try:
        raw.execute("DROP TRIGGER audit_log_no_update")
        raw.execute(
            "UPDATE audit_log SET details = json_set(details, '$.marks', json('[[1, 0, null, null]]')) WHERE id = ?",
            (target,),
        )
        raw.commit()
    finally:
        raw.close()
    with example_meeting.reading() as session:
        details = session.scalar(select(AuditEntry.details).where(AuditEntry.id == target))
        problems = audit.verify_chain(session)
    assert details is not None
    assert details["marks"] == [[1, 0, None, None]]
    assert [(p.entry_id, p.problem) for p in problems] == [(target, "nội dung đã bị sửa sau khi ghi")]


def test_rehashed_edit_breaks_the_link_to_the_next_entry(example_meeting: MeetingFile) -> None:
    enter(
        example_meeting,
        "bch",
        Ballot(key="BCH-1", struck=frozenset({8, 9})),
        Ballot(key="BCH-2", struck=frozenset({1, 2})),
    )
    with example_meeting.reading() as session:
        entry = session.scalar(
            select(AuditEntry).where(AuditEntry.action == "ballot.entered", AuditEntry.subject == "BCH-1")
        )
        assert entry is not None
        target, forged_details = entry.id, {**entry.details, "valid": False}
        forged_hash = audit._digest(
            entry.prev_hash, entry.at, entry.actor, entry.action, entry.poll_id, entry.subject, forged_details
        )
    raw = sqlite3.connect(example_meeting.path)
    try:
        raw.execute("DROP TRIGGER audit_log_no_update")
        raw.execute(
            "UPDATE audit_log SET details = json_set(details, '$.valid', json('false')), hash = ? WHERE id = ?",
            (forged_hash, target),
        )
        raw.commit()
    finally:
        raw.close()
    with example_meeting.reading() as session:
        problems = audit.verify_chain(session)
    assert [(p.entry_id, p.problem) for p in problems] == [(target + 1, "liên kết với bản ghi trước bị sai")]


def test_deleted_entry_is_detected(example_meeting: MeetingFile) -> None:
    enter(example_meeting, "bch", Ballot(key="BCH-1", struck=frozenset({8, 9})))
    with example_meeting.transaction() as session:
        polls.set_ballot_counts(session, code="bch", issued=146, collected=145, actor="x")
    with example_meeting.reading() as session:
        target = session.scalar(select(AuditEntry.id).where(AuditEntry.action == "ballot.entered"))
    raw = sqlite3.connect(example_meeting.path)
    try:
        raw.execute("DROP TRIGGER audit_log_no_delete")
        raw.execute("DELETE FROM audit_log WHERE id = ?", (target,))
        raw.commit()
    finally:
        raw.close()
    with example_meeting.reading() as session:
        problems = audit.verify_chain(session)
    assert [p.problem for p in problems] == ["liên kết với bản ghi trước bị sai"]
    assert problems[0].entry_id > target
