"""Polls: reading them as plain data, adding them, their ballot counts and their next rounds."""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload

from app import clock, limits
from app.errors import EntryError, NotFoundError, StateError
from app.minutes_data import PollSummary as PollSummary
from app.profiles import get_profile
from app.rules.model import Criterion, Item, PollDef, PollKind
from app.rules.profile import with_overrides
from app.services import audit
from app.services.spec import ItemSpec, PollSpec
from app.store.orm import BallotRecord, BallotSheet, Poll, PollItem
from app.text import collation_key, name_key, nfc

STATUS_LABELS = {
    "draft": "Đang soạn",
    "issued": "Đã in phiếu",
    "counting": "Đang kiểm phiếu",
    "closed": "Đã kết thúc",
}


def get_poll(session: Session, code: str) -> Poll:
    """The poll with id `code`, its items loaded; NotFoundError lists the ids that exist."""
    poll = session.scalar(select(Poll).where(Poll.code == code).options(selectinload(Poll.items)))
    if poll is None:
        codes = session.scalars(select(Poll.code).order_by(Poll.ordinal)).all()
        known = ", ".join(codes) if codes else "(chưa có)"
        raise NotFoundError(f"Không có nội dung bỏ phiếu '{code}'. Các mã hiện có: {known}.")
    return poll


def poll_def(poll: Poll) -> PollDef:
    """The rules' view of a stored poll (profile with the poll's own rule changes applied)."""
    profile = with_overrides(get_profile(poll.profile_id), poll.rules, f"nội dung '{poll.code}'")
    items = tuple(
        Item(
            name=i.name,
            birth_year=i.birth_year,
            position=i.position,
            note=i.note,
            is_head=i.is_head,
            max_level=i.max_level,
        )
        for i in poll.items
        if i.role == "item"
    )
    criteria = tuple(Criterion(name=i.name, max_halves=i.max_halves or 0) for i in poll.items if i.role == "criterion")
    return PollDef(
        kind=PollKind(poll.kind),
        seats=poll.seats,
        items=items,
        profile=profile,
        criteria=criteria,
        binding=poll.binding,
        collective_level=poll.collective_level,
    )


def definition(session: Session, code: str) -> PollDef:
    """Poll `code` as the rules see it (plain data, safe to hand to the GUI)."""
    return poll_def(get_poll(session, code))


def issued_count(session: Session, poll: Poll) -> int | None:
    """Ballots issued: the number entered by the committee, else the registry's issued sheets."""
    if poll.issued is not None:
        return poll.issued
    counts = dict(
        session.execute(
            select(BallotSheet.status, func.count()).where(BallotSheet.poll_id == poll.id).group_by(BallotSheet.status)
        ).all()
    )
    if not any(status != "test" for status in counts):
        return None  # no registry (or only a test deck): the number is not known yet
    return int(counts.get("issued", 0))


def summarize(session: Session, poll: Poll) -> PollSummary:
    """The PollSummary of `poll` (items must be loaded)."""
    final_valid = func.coalesce(BallotRecord.override_valid, BallotRecord.auto_valid)
    entered, valid = session.execute(
        select(func.count(), func.coalesce(func.sum(case((final_valid, 1), else_=0)), 0)).where(
            BallotRecord.poll_id == poll.id, BallotRecord.pass_no == 1
        )
    ).one()
    return PollSummary(
        code=poll.code,
        kind=poll.kind,
        title=poll.title,
        round_no=poll.round_no,
        seats=poll.seats,
        profile=poll.profile_id,
        status=poll.status,
        items=tuple(i.name for i in poll.items if i.role == "item"),
        issued=issued_count(session, poll),
        collected=poll.collected,
        entered=entered,
        valid=valid,
        invalid=entered - valid,
    )


def summary(session: Session, code: str) -> PollSummary:
    """The PollSummary of poll `code`."""
    return summarize(session, get_poll(session, code))


def list_polls(session: Session) -> list[PollSummary]:
    """Every poll of the meeting, in order."""
    polls = session.scalars(select(Poll).order_by(Poll.ordinal).options(selectinload(Poll.items))).all()
    return [summarize(session, p) for p in polls]


def poll_codes(session: Session) -> list[str]:
    """The polls' codes in order (without counting their ballots, as `list_polls` does)."""
    return list(session.scalars(select(Poll.code).order_by(Poll.ordinal)))


def _item_rows(items: tuple[ItemSpec, ...]) -> list[PollItem]:
    return [
        PollItem(
            role="item",
            ordinal=i,
            name=item.name,
            birth_year=item.birth_year,
            position=item.position,
            note=item.note,
            is_head=item.is_head,
            max_level=item.max_level,
        )
        for i, item in enumerate(items, start=1)
    ]


def add_poll(session: Session, spec: PollSpec, *, actor: str, previous: Poll | None = None) -> Poll:
    """Store a new poll from its spec and log it (the spec is checked again: the GUI builds specs too)."""
    from app.services.spec import POLL_CODE

    if not POLL_CODE.match(spec.code):
        raise EntryError(f"Mã '{spec.code}' chỉ gồm chữ không dấu, số, '-', '_' hoặc '.' (tối đa 64 ký tự).")
    if session.scalar(select(Poll.id).where(Poll.code == spec.code)) is not None:
        raise EntryError(f"Mã nội dung bỏ phiếu '{spec.code}' đã có trong hội nghị.")
    if spec.kind.value not in get_profile(spec.profile).kinds:
        raise EntryError(f"Hồ sơ quy tắc '{spec.profile}' không dùng cho loại phiếu này.")
    if spec.kind in (PollKind.ELECTION, PollKind.NOMINATION) and spec.seats < 1:
        raise EntryError("Số cần bầu (số tên tối đa) phải từ 1 trở lên.")
    if not spec.title.strip():
        raise EntryError("Chưa nhập tên nội dung bỏ phiếu.")
    ordinal = (session.scalar(select(func.max(Poll.ordinal))) or 0) + 1
    rows = _item_rows(spec.items)
    rows += [
        PollItem(role="criterion", ordinal=i, name=c.name, max_halves=c.max_halves)
        for i, c in enumerate(spec.criteria, start=1)
    ]
    at = clock.now()
    poll = Poll(
        code=spec.code,
        ordinal=ordinal,
        kind=spec.kind.value,
        title=spec.title,
        round_no=spec.round_no,
        seats=spec.seats,
        profile_id=spec.profile,
        rules=dict(spec.rules),
        binding=spec.binding,
        collective_level=spec.collective_level,
        status="draft",
        issued=spec.issued,
        collected=spec.collected,
        previous_id=previous.id if previous else None,
        created_at=at,
        items=rows,
    )
    session.add(poll)
    session.flush()
    audit.record(
        session,
        action="poll.created",
        actor=actor,
        at=at,
        poll_id=poll.id,
        subject=spec.code,
        details={
            "kind": spec.kind.value,
            "title": spec.title,
            "round": spec.round_no,
            "seats": spec.seats,
            "profile": spec.profile,
            "items": [i.name for i in spec.items],
        },
    )
    return poll


def set_ballot_counts(
    session: Session, *, code: str, issued: int | None, collected: int | None, actor: str
) -> PollSummary:
    """Record the ballots issued and collected, as counted by the committee before opening the box."""
    poll = get_poll(session, code)
    if poll.status == "closed":
        raise StateError(f"Nội dung “{poll.title}” đã kết thúc, không sửa được số phiếu.")
    new_issued = issued if issued is not None else poll.issued
    new_collected = collected if collected is not None else poll.collected
    for label, value in (("phát ra", new_issued), ("thu về", new_collected)):
        if value is not None and value < 0:
            raise EntryError(f"Số phiếu {label} không được âm.")
        if value is not None and value > limits.MAX_PEOPLE:
            raise EntryError(f"Số phiếu {label} phải từ 0 đến {limits.MAX_PEOPLE}.")
    if new_issued is not None and new_collected is not None and new_collected > new_issued:
        raise EntryError(f"Số phiếu thu về ({new_collected}) lớn hơn số phiếu phát ra ({new_issued}).")
    entered = summarize(session, poll).entered
    if new_collected is not None and new_collected < entered:
        raise EntryError(
            f"Số phiếu thu về ({new_collected}) ít hơn số phiếu đã nhập ({entered}): hãy kiểm tra lại "
            "số phiếu thu về, hoặc các phiếu nhập trùng."
        )
    audit.record(
        session,
        action="poll.counts_set",
        actor=actor,
        at=clock.now(),
        poll_id=poll.id,
        subject=code,
        details={"issued": [poll.issued, new_issued], "collected": [poll.collected, new_collected]},
    )
    poll.issued, poll.collected = new_issued, new_collected
    return summarize(session, poll)


def check_items(items: tuple[ItemSpec, ...]) -> None:
    """Refuse empty names, numbers for names and the same person twice (unless birth years differ)."""
    seen: dict[tuple[str, int | None], int] = {}
    for number, item in enumerate(items, start=1):
        name = nfc(item.name)
        if not name:
            raise EntryError(f"Dòng {number}: chưa có họ tên.")
        if name.replace(".", "", 1).replace(",", "", 1).isdigit():
            raise EntryError(f"Dòng {number}: '{name}' là một con số, không phải họ tên.")
        key = (name_key(name), item.birth_year)
        if key in seen:
            raise EntryError(
                f"Dòng {number}: '{name}' trùng với dòng {seen[key]}; nếu là hai người trùng họ tên, hãy ghi năm sinh."
            )
        seen[key] = number


def replace_items(session: Session, *, code: str, items: tuple[ItemSpec, ...], actor: str) -> PollSummary:
    """Replace a draft poll's list (candidates, subjects …), e.g. from an Excel import."""
    poll = get_poll(session, code)
    if poll.status != "draft":
        raise StateError(
            f"Nội dung “{poll.title}” đã in phiếu hoặc đã nhập phiếu ({STATUS_LABELS[poll.status].lower()}): "
            "không thay danh sách được nữa."
        )
    if not items and poll.kind != PollKind.NOMINATION.value:
        raise EntryError("Danh sách mới không có ai.")
    check_items(items)
    old = [i.name for i in poll.items if i.role == "item"]
    criteria = [i for i in poll.items if i.role == "criterion"]
    poll.items = criteria  # delete the old rows first: (poll, role, ordinal) is unique
    session.flush()
    poll.items = criteria + _item_rows(items)
    session.flush()
    audit.record(
        session,
        action="poll.items_replaced",
        actor=actor,
        at=clock.now(),
        poll_id=poll.id,
        subject=code,
        details={"old": old, "new": [i.name for i in items]},
    )
    return summarize(session, poll)


def sort_items_abc(session: Session, *, code: str, actor: str) -> list[str]:
    """Put a draft poll's list in Vietnamese ABC order (given name, family name, middle names)."""
    poll = get_poll(session, code)
    if poll.status != "draft":
        raise StateError(f"Nội dung “{poll.title}” đã in phiếu hoặc đã nhập phiếu: không đổi thứ tự được nữa.")
    items = [i for i in poll.items if i.role == "item"]
    ordered = sorted(items, key=lambda i: (collation_key(i.name), i.birth_year or 0))
    before = [i.name for i in items]
    for offset, item in enumerate(ordered, start=1):
        item.ordinal = -offset  # two steps: (poll, role, ordinal) is unique
    session.flush()
    for item in ordered:
        item.ordinal = -item.ordinal
    session.flush()
    after = [i.name for i in ordered]
    audit.record(
        session,
        action="poll.sorted_abc",
        actor=actor,
        at=clock.now(),
        poll_id=poll.id,
        subject=code,
        details={"before": before, "after": after},
    )
    session.expire(poll, ["items"])
    return after
