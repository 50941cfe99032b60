"""Successive election rounds (lần bầu 2, 3 …): seats left open go to a new ballot with its own list."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import EntryError
from app.rules.model import PollKind
from app.services.polls import PollSummary, add_poll, get_poll, summarize
from app.services.spec import POLL_CODE, ItemSpec, PollSpec
from app.services.tallying import tally_poll
from app.store.orm import Poll
from app.text import name_key, nfc


def _next_code(session: Session, code: str, round_no: int) -> str:
    root = re.sub(r"-\d+$", "", code) if round_no > 2 else code
    candidate = f"{root}-{round_no}"
    suffix = 1
    while session.scalar(select(Poll.id).where(Poll.code == candidate)) is not None:
        suffix += 1
        candidate = f"{root}-{round_no}-{suffix}"
    return candidate


def create_next_round(
    session: Session,
    *,
    code: str,
    actor: str,
    new_code: str | None = None,
    names: list[str] | None = None,
    seats: int | None = None,
) -> PollSummary:
    """Create the next round of election `code` for the seats still open.

    Without `names`, the list is the tied candidates when the round ended in a tie for exactly
    the open seats, else every candidate not elected; the congress may decide otherwise
    (docs/regulations.md §2.5), so both the list and the seats can be given.
    """
    previous = get_poll(session, code)
    if previous.kind != PollKind.ELECTION.value:
        raise EntryError(f"“{previous.title}” không phải cuộc bầu cử: chỉ bầu cử mới có lần bầu tiếp theo.")
    later = session.scalar(select(Poll.code).where(Poll.previous_id == previous.id))
    if later is not None:
        raise EntryError(f"Lần bầu tiếp theo của “{previous.title}” đã được tạo (mã '{later}').")
    result = tally_poll(session, code).tally
    if result.totals.entered == 0:
        raise EntryError(f"“{previous.title}” chưa có phiếu nào: hãy kiểm phiếu lần này trước khi bầu tiếp.")
    open_seats = seats if seats is not None else result.open_seats
    if open_seats <= 0:
        raise EntryError(f"“{previous.title}” đã bầu đủ {previous.seats} chỉ tiêu, không cần bầu tiếp.")
    if names is None:
        if result.revote is not None and result.revote.seats == open_seats:
            names = list(result.revote.names)
        else:
            names = [item.name for item in result.items if item.outcome != "elected"]
    by_key = {name_key(i.name): i for i in previous.items if i.role == "item"}
    items = []
    for raw in names:
        name = nfc(raw)
        if not name:
            raise EntryError("Tên người trong danh sách bầu tiếp không được để trống.")
        old = by_key.get(name_key(name))
        items.append(
            ItemSpec(name=name, birth_year=old.birth_year, position=old.position, note=old.note)
            if old
            else ItemSpec(name=name)
        )
    if not items:
        raise EntryError("Danh sách bầu tiếp không có ai.")
    round_no = previous.round_no + 1
    code_new = new_code or _next_code(session, previous.code, round_no)
    if not POLL_CODE.match(code_new):
        raise EntryError(f"Mã '{code_new}' chỉ gồm chữ không dấu, số, '-', '_' hoặc '.'.")
    spec = PollSpec(
        code=code_new,
        kind=PollKind.ELECTION,
        profile=previous.profile_id,
        title=previous.title,
        seats=open_seats,
        items=tuple(items),
        round_no=round_no,
        rules=dict(previous.rules),
    )
    poll = add_poll(session, spec, actor=actor, previous=previous)
    return summarize(session, get_poll(session, poll.code))
