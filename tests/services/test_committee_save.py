"""#17: saving the counting committee unchanged writes nothing; a change is one transaction with its audit record."""

from __future__ import annotations

from sqlalchemy import select

from app.services import audit, editing, meetings
from app.store.db import MeetingFile
from app.store.orm import AuditEntry


def _actions(meeting_file: MeetingFile) -> list[str]:
    with meeting_file.reading() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_the_same_committee_again_writes_nothing(example_meeting: MeetingFile) -> None:
    with example_meeting.reading() as session:
        stored = list(meetings.meeting_info(session).committee)
    assert stored
    before = _actions(example_meeting)
    with example_meeting.transaction() as session:
        # As the screen has it: the role cell left empty reads as "Ủy viên", names as typed (spaces trimmed).
        typed = [(f"  {name} ", "" if role == "Ủy viên" else role) for name, role in stored]
        assert editing.set_committee(session, typed, actor="Thư ký") is False
    assert _actions(example_meeting) == before


def test_a_changed_committee_is_one_transaction_with_its_audit_record(example_meeting: MeetingFile) -> None:
    with example_meeting.reading() as session:
        stored = list(meetings.meeting_info(session).committee)
    before = _actions(example_meeting)
    with example_meeting.transaction() as session:
        assert editing.set_committee(session, [*stored, ("Phạm Thị Thu", "Thư ký")], actor="Thư ký") is True
    # The action, then the rows the transaction changed (the state entry `verify` replays): one transaction.
    assert _actions(example_meeting)[len(before) :] == ["committee.set", audit.STATE]
    with example_meeting.reading() as session:
        assert meetings.meeting_info(session).committee[-1] == ("Phạm Thị Thu", "Thư ký")
