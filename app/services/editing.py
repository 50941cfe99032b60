"""Editing a meeting after it was created: details, attendance, committee, polls and their lists.

Every change is one transaction with its audit entry; polls can be edited only while no ballot
has been printed or entered (draft), except their title.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app import clock
from app.errors import EntryError, StateError
from app.profiles import get_profile
from app.rules.model import PollKind
from app.rules.profile import with_overrides
from app.services import audit
from app.services.meetings import get_meeting
from app.services.polls import STATUS_LABELS, PollSummary, get_poll, summarize
from app.services.spec import CriterionSpec, ItemSpec
from app.store.orm import BallotRecord, BallotSheet, CommitteeMember, Exclusion, MinutesRecord, Poll, PollItem
from app.text import nfc


@dataclass(frozen=True)
class MeetingDetails:
    """The editable facts of a meeting and its attendance."""

    title: str
    organization: str
    superior: str | None
    congress: str | None
    term: str | None
    place: str
    date: dt.date
    electorate: str
    convened: int
    present: int


def _text(value: str | None, label: str, *, required: bool = True) -> str | None:
    cleaned = nfc(value or "")
    if required and not cleaned:
        raise EntryError(f"Chưa nhập {label}.")
    return cleaned or None


def meeting_details(session: Session) -> MeetingDetails:
    """The meeting's current details."""
    m = get_meeting(session)
    return MeetingDetails(
        m.title, m.organization, m.superior, m.congress, m.term, m.place, m.date, m.electorate, m.convened, m.present
    )


def update_meeting(session: Session, details: MeetingDetails, *, actor: str) -> MeetingDetails:
    """Change the meeting's details and attendance."""
    if details.convened < 0 or details.present < 0:
        raise EntryError("Số người không được âm.")
    if details.present > details.convened:
        raise EntryError(f"Số có mặt ({details.present}) lớn hơn số được triệu tập ({details.convened}).")
    excluded = session.scalar(select(func.coalesce(func.sum(Exclusion.count), 0))) or 0
    if excluded > details.convened:
        raise EntryError(f"Số không tính vào tổng số ({excluded}) lớn hơn số được triệu tập ({details.convened}).")
    m = get_meeting(session)
    before = meeting_details(session)
    m.title = _text(details.title, "tên hội nghị") or ""
    m.organization = _text(details.organization, "tên tổ chức (cấp ủy)") or ""
    m.superior = _text(details.superior, "", required=False)
    m.congress = _text(details.congress, "", required=False)
    m.term = _text(details.term, "", required=False)
    m.place = _text(details.place, "địa điểm") or ""
    m.date = details.date
    m.electorate = _text(details.electorate, "cách gọi người được triệu tập") or "đại biểu"
    m.convened, m.present = details.convened, details.present
    after = meeting_details(session)
    changed = {
        k: [str(getattr(before, k)), str(getattr(after, k))]
        for k in after.__dataclass_fields__
        if getattr(before, k) != getattr(after, k)
    }
    if changed:
        audit.record(session, action="meeting.updated", actor=actor, at=clock.now(), details=changed)
    return after


def set_exclusions(session: Session, rows: list[tuple[str, int]], *, actor: str) -> None:
    """Replace the categories that leave the election base (docs/regulations.md §2.4)."""
    cleaned = []
    for i, (reason, count) in enumerate(rows, start=1):
        text = _text(reason, f"lý do ở dòng {i}")
        if count < 1:
            raise EntryError(f"Số người ở dòng {i} phải từ 1 trở lên.")
        cleaned.append((text or "", count))
    convened = get_meeting(session).convened
    if sum(c for _, c in cleaned) > convened:
        raise EntryError(f"Tổng số không tính ({sum(c for _, c in cleaned)}) lớn hơn số được triệu tập ({convened}).")
    session.execute(delete(Exclusion))
    for i, (reason, count) in enumerate(cleaned, start=1):
        session.add(Exclusion(ordinal=i, reason=reason, count=count))
    audit.record(
        session,
        action="meeting.exclusions_set",
        actor=actor,
        at=clock.now(),
        details={"rows": [list(r) for r in cleaned]},
    )


def set_committee(session: Session, members: list[tuple[str, str]], *, actor: str) -> bool:
    """Replace the counting committee (name, role) in order; the first "Trưởng ban" signs for it.

    Returns whether anything changed: the same list, in the same order, is not written again (no transaction
    content, no audit entry — a Ctrl+S on an unchanged list must not grow the log, #17).
    """
    cleaned = []
    for i, (name, role) in enumerate(members, start=1):
        cleaned.append((_text(name, f"họ tên ở dòng {i}") or "", _text(role, "", required=False) or "Ủy viên"))
    stored = [(m.name, m.role) for m in session.scalars(select(CommitteeMember).order_by(CommitteeMember.ordinal))]
    if cleaned == stored:
        return False
    session.execute(delete(CommitteeMember))
    for i, (name, role) in enumerate(cleaned, start=1):
        session.add(CommitteeMember(ordinal=i, name=name, role=role))
    audit.record(
        session, action="committee.set", actor=actor, at=clock.now(), details={"members": [list(m) for m in cleaned]}
    )
    return True


@dataclass(frozen=True)
class PollSettings:
    """The editable settings of a poll."""

    title: str
    seats: int
    profile: str
    binding: bool = False
    collective_level: int | None = None
    issued: int | None = None
    rules: dict[str, Any] | None = None


def _require_draft(poll: Poll) -> None:
    if poll.status != "draft":
        raise StateError(
            f"Nội dung “{poll.title}” {STATUS_LABELS[poll.status].lower()}: "
            "chỉ sửa được khi chưa in phiếu và chưa nhập phiếu."
        )


def poll_settings(session: Session, code: str) -> PollSettings:
    """A poll's current settings."""
    p = get_poll(session, code)
    return PollSettings(p.title, p.seats, p.profile_id, p.binding, p.collective_level, p.issued, dict(p.rules))


def update_poll(session: Session, *, code: str, settings: PollSettings, actor: str) -> PollSummary:
    """Change a draft poll's title, seats, rule profile and options."""
    poll = get_poll(session, code)
    title = _text(settings.title, "tên nội dung bỏ phiếu") or ""
    current = poll_settings(session, code)
    # Once ballots exist only the title may still change: it is printed, nothing is counted from it.
    rules_wanted = settings.rules if settings.rules is not None else current.rules
    wanted = replace(settings, title=current.title, rules=rules_wanted)
    if poll.status != "draft" and wanted != current:
        _require_draft(poll)
    profile = get_profile(settings.profile)
    if poll.kind not in profile.kinds:
        raise EntryError(f"Hồ sơ quy tắc '{settings.profile}' không dùng cho loại phiếu này.")
    rules = dict(settings.rules if settings.rules is not None else poll.rules)
    with_overrides(profile, rules, f"nội dung '{code}'")
    if poll.kind in (PollKind.ELECTION.value, PollKind.NOMINATION.value) and settings.seats < 1:
        raise EntryError("Số cần bầu (số tên tối đa) phải từ 1 trở lên.")
    if settings.collective_level is not None and not 1 <= settings.collective_level <= 4:
        raise EntryError("Mức xếp loại của tập thể phải từ 1 đến 4.")
    if settings.issued is not None and settings.issued < 0:
        raise EntryError("Số phiếu phát ra không được âm.")
    before = poll_settings(session, code)
    poll.title, poll.seats, poll.profile_id = title, settings.seats, settings.profile
    poll.binding, poll.collective_level, poll.issued, poll.rules = (
        settings.binding,
        settings.collective_level,
        settings.issued,
        rules,
    )
    audit.record(
        session,
        action="poll.updated",
        actor=actor,
        at=clock.now(),
        poll_id=poll.id,
        subject=code,
        details={"before": repr(before), "after": repr(poll_settings(session, code))},
    )
    return summarize(session, poll)


def replace_criteria(session: Session, *, code: str, criteria: list[CriterionSpec], actor: str) -> None:
    """Replace a draft scoring poll's criteria and their maxima."""
    poll = get_poll(session, code)
    _require_draft(poll)
    if poll.kind != PollKind.SCORING.value:
        raise EntryError("Chỉ phiếu chấm điểm mới có tiêu chí.")
    if not criteria:
        raise EntryError("Phiếu chấm điểm cần ít nhất một tiêu chí.")
    for i, c in enumerate(criteria, start=1):
        if not nfc(c.name):
            raise EntryError(f"Tiêu chí ở dòng {i} chưa có tên.")
        if c.max_halves < 1:
            raise EntryError(f"Điểm tối đa của tiêu chí ở dòng {i} phải lớn hơn 0.")
    items = [i for i in poll.items if i.role == "item"]
    poll.items = items
    session.flush()
    poll.items = items + [
        PollItem(role="criterion", ordinal=i, name=nfc(c.name), max_halves=c.max_halves)
        for i, c in enumerate(criteria, start=1)
    ]
    session.flush()
    audit.record(
        session,
        action="poll.criteria_set",
        actor=actor,
        at=clock.now(),
        poll_id=poll.id,
        subject=code,
        details={"criteria": [[c.name, c.max_halves / 2] for c in criteria]},
    )


def delete_poll(session: Session, *, code: str, actor: str) -> None:
    """Delete a poll that has no printed sheets, no ballots and no minutes."""
    poll = get_poll(session, code)
    for table, label in ((BallotRecord, "phiếu đã nhập"), (BallotSheet, "phiếu đã in"), (MinutesRecord, "biên bản")):
        if session.scalar(select(func.count()).select_from(table).where(table.poll_id == poll.id)):
            raise StateError(f"Nội dung “{poll.title}” đã có {label}: không xóa được.")
    if session.scalar(select(Poll.id).where(Poll.previous_id == poll.id)) is not None:
        raise StateError(f"Nội dung “{poll.title}” đã có lần bầu tiếp theo: không xóa được.")
    audit.record(session, action="poll.deleted", actor=actor, at=clock.now(), poll_id=poll.id, subject=code)
    session.delete(poll)


def item_specs(session: Session, code: str) -> list[ItemSpec]:
    """A poll's list as ItemSpecs (for editing)."""
    poll = get_poll(session, code)
    return [
        ItemSpec(i.name, i.birth_year, i.position, i.note, i.is_head, i.max_level)
        for i in poll.items
        if i.role == "item"
    ]


def criterion_specs(session: Session, code: str) -> list[CriterionSpec]:
    """A scoring poll's criteria."""
    poll = get_poll(session, code)
    return [CriterionSpec(i.name, i.max_halves or 0) for i in poll.items if i.role == "criterion"]
