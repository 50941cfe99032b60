"""Meetings: creating a meeting file from a spec and reading what it holds."""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.errors import MeetingFileError
from app.minutes_data import MeetingInfo as MeetingInfo
from app.services import audit, polls
from app.services.spec import MeetingSpec
from app.store.db import MeetingFile, create_meeting_file
from app.store.orm import CommitteeMember, Exclusion, Meeting


def get_meeting(session: Session) -> Meeting:
    """The meeting row; a file without one is damaged."""
    meeting = session.scalar(select(Meeting).limit(1))
    if meeting is None:
        raise MeetingFileError("Tệp hội nghị không có thông tin hội nghị (tệp hỏng hoặc chưa tạo xong).")
    return meeting


def exclusions(session: Session) -> tuple[tuple[str, int], ...]:
    """The categories that leave the election base, in order."""
    rows = session.scalars(select(Exclusion).order_by(Exclusion.ordinal)).all()
    return tuple((r.reason, r.count) for r in rows)


def meeting_info(session: Session) -> MeetingInfo:
    """Everything `kiemphieu info` shows."""
    meeting = get_meeting(session)
    committee = session.scalars(select(CommitteeMember).order_by(CommitteeMember.ordinal)).all()
    return MeetingInfo(
        title=meeting.title,
        organization=meeting.organization,
        superior=meeting.superior,
        congress=meeting.congress,
        term=meeting.term,
        place=meeting.place,
        date=meeting.date,
        convened=meeting.convened,
        present=meeting.present,
        electorate=meeting.electorate,
        exclusions=exclusions(session),
        committee=tuple((m.name, m.role) for m in committee),
        polls=tuple(polls.list_polls(session)),
    )


def populate(session: Session, spec: MeetingSpec, *, actor: str) -> None:
    """Write a whole spec (meeting, attendance, committee, polls) into an empty meeting file."""
    at = clock.now()
    session.add(
        Meeting(
            title=spec.title,
            organization=spec.organization,
            superior=spec.superior,
            congress=spec.congress,
            term=spec.term,
            place=spec.place,
            date=spec.date,
            convened=spec.convened,
            present=spec.present,
            electorate=spec.electorate,
            fingerprint=secrets.token_hex(8),
            secret=secrets.token_bytes(32),
            created_at=at,
        )
    )
    for i, (reason, count) in enumerate(spec.exclusions, start=1):
        session.add(Exclusion(ordinal=i, reason=reason, count=count))
    for i, (name, role) in enumerate(spec.committee, start=1):
        session.add(CommitteeMember(ordinal=i, name=name, role=role))
    audit.record(
        session,
        action="meeting.created",
        actor=actor,
        at=at,
        subject=spec.title,
        details={
            "organization": spec.organization,
            "place": spec.place,
            "date": spec.date.isoformat(),
            "convened": spec.convened,
            "present": spec.present,
            "exclusions": [list(e) for e in spec.exclusions],
            "committee": [list(c) for c in spec.committee],
        },
    )
    for poll_spec in spec.polls:
        polls.add_poll(session, poll_spec, actor=actor)


def default_electorate(organization: str, title: str) -> str:
    """How the minutes name the people convened, guessed from the organisation and the meeting's name: the
    members of a Chi bộ meet as "đảng viên chính thức", a committee's conference as "ủy viên", a congress of
    delegates as "đại biểu chính thức" (#17, item 12: a Chi bộ's meeting said "đại biểu"). Editable afterwards."""
    organization, title = organization.casefold(), title.casefold()
    if organization.startswith("chi bộ") or "đại hội chi bộ" in title or "đảng viên" in title:
        return "đảng viên chính thức"
    if "ban chấp hành" in title or "ban thường vụ" in title or title.startswith("hội nghị cấp ủy"):
        return "ủy viên"
    if "đại biểu" in title:
        return "đại biểu chính thức"
    return "đại biểu"


def create_meeting(path: Path, spec: MeetingSpec, *, actor: str) -> MeetingFile:
    """Create the meeting file `path` from `spec` in one transaction; on failure no file is left."""
    meeting_file = create_meeting_file(path)
    try:
        with meeting_file.transaction() as session:
            populate(session, spec, actor=actor)
        meeting_file.checkpoint()  # the new meeting is in the file itself, not only in its WAL
    except BaseException:
        meeting_file.close()
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    return meeting_file
