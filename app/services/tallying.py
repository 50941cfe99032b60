"""Tallies: counting a stored poll under its profile, as data, JSON and readable text."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.minutes_data import LEVEL_SHORT as LEVEL_SHORT
from app.minutes_data import OUTCOME_LABELS as OUTCOME_LABELS
from app.minutes_data import PollTally as PollTally
from app.rules import tally as rules
from app.rules.applied import applied_rules
from app.rules.common import NUMBER_WARNINGS
from app.rules.model import KIND_LABELS, Context, PollKind
from app.rules.points import format_mean
from app.rules.profile import BASE_LABELS
from app.rules.words import vietnamese, vietnamese_or_none
from app.services import ballots, meetings
from app.services.polls import get_poll, issued_count, poll_def
from app.store.orm import MinutesRecord, Poll


def closed_under_bands(session: Session, poll: Poll) -> bool:
    """Whether `poll` is a closed binding confidence vote whose minutes were made under the rule before #15, when a
    binding vote was banded like the three-level poll (decision record 0013).

    The rule in force at closing is the one the stored minutes record: since #15 the tally of every binding vote
    says `"binding": true`; a binding vote's minutes without it were made under the bands. The stored tally is in
    the log (state entries), so this cannot be changed without `verify` seeing it."""
    if not poll.binding or poll.status != "closed":
        return False
    stored = session.scalar(
        select(MinutesRecord.tally)
        .where(MinutesRecord.poll_id == poll.id)
        .order_by(MinutesRecord.revision.desc())
        .limit(1)
    )
    return isinstance(stored, dict) and "binding" not in stored


def tally_poll(session: Session, code: str, pass_no: int = 1, *, rules_of_today: bool = False) -> PollTally:
    """Count every stored ballot of poll `code` under its profile (the first entry pass by default;
    another pass only shows that pass's own partial count to its operator).

    A closed poll is counted under the rule its minutes were made under (`closed_under_bands`), so that its
    minutes reproduce; `rules_of_today` counts it under today's rules instead (what a new revision would say)."""
    poll = get_poll(session, code)
    pdef = poll_def(poll)
    if not rules_of_today and closed_under_bands(session, poll):
        pdef = replace(pdef, binding_as_bands=True)
    meeting = meetings.get_meeting(session)
    context = Context(
        convened=meeting.convened,
        present=meeting.present,
        excluded=sum(count for _, count in meetings.exclusions(session)),
        issued=issued_count(session, poll),
        collected=poll.collected,
    )
    result = rules.tally(pdef, ballots.load_ballots(session, poll, pdef, pass_no), context)
    return PollTally(code=poll.code, title=poll.title, round_no=poll.round_no, seats=poll.seats, tally=result)


def _item_json(kind: PollKind, item: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"position": item.position, "name": item.name}
    if item.votes is not None:
        out["votes"] = item.votes
        out["percent"] = item.percent
    if item.counts is not None:
        out["counts"] = list(item.counts)
        out["percents"] = list(item.percents or ())
    if kind is PollKind.SCORING:
        out["mean"] = (item.mean_text or format_mean(item.mean)) if item.mean is not None else None
        out["scored"] = item.scored
    if kind in (PollKind.SCORING, PollKind.EVALUATION):
        out["level"] = item.level
    if item.eligible is not None:
        out["eligible"] = item.eligible
    out["outcome"] = item.outcome
    if item.notes:
        out["notes"] = [vietnamese(note) for note in item.notes]
    return out


def tally_json(result: PollTally) -> dict[str, Any]:
    """The tally in the JSON shape `kiemphieu tally --json` promises (README, "Tally JSON")."""
    t = result.tally
    data: dict[str, Any] = {
        "poll": result.code,
        "title": result.title,
        "kind": t.kind.value,
        "layout": t.layout.value,
        "round": result.round_no,
        "seats": result.seats,
        "profile": t.profile.id,
        "profile_name": t.profile.name,
        "issued": t.totals.issued,
        "collected": t.totals.collected,
        "entered": t.totals.entered,
        "valid": t.totals.valid,
        "invalid": t.totals.invalid,
        "invalid_reasons": {vietnamese(reason): count for reason, count in t.totals.invalid_reasons},
        "base": t.base,
        "base_kind": (t.profile.binding_base if t.binding else t.profile.percent_base).value,
        "majority_base": t.majority_base,
        "majority_base_kind": (t.profile.binding_base if t.binding else t.profile.majority_base).value,
        "columns": list(t.columns),
        "items": [_item_json(t.kind, item) for item in t.items],
    }
    if t.kind is PollKind.ELECTION:
        data["elected"] = list(t.elected)
        data["revote"] = {"names": list(t.revote.names), "seats": t.revote.seats} if t.revote else None
        data["open_seats"] = t.open_seats
    if t.cap_check is not None:
        c = t.cap_check
        data["cap_check"] = {
            "excellent": c.excellent,
            "good_or_better": c.good_or_better,
            "cap": c.cap,
            "exceeded": c.exceeded,
        }
        data["head_checks"] = [
            {"name": h.name, "level": h.level, "collective_level": h.collective_level, "violated": h.violated}
            for h in t.head_checks
        ]
    data["overrides"] = [
        {
            "ballot": o.key,
            "automatic_valid": o.automatic_valid,
            "automatic_reason": vietnamese_or_none(o.automatic_reason),
            "valid": o.valid,
            "reason": o.reason,
        }
        for o in t.overrides
    ]
    data["notes"] = [vietnamese(note) for note in t.notes]
    if t.binding:
        data["binding"] = True
    return data


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - len(text))


def provisional_words(result: PollTally) -> str:
    """What a count in progress says before its numbers (`kiemphieu tally`; the results screen says the same)."""
    totals = result.tally.totals
    if totals.collected_recorded:
        where = f"đã nhập {totals.entered}/{totals.collected} phiếu"
    else:
        where = (
            f"đã nhập {totals.entered} phiếu; Ban kiểm phiếu chưa ghi số phiếu thu về (kiemphieu counts --collected)"
        )
    return (
        f"KẾT QUẢ TẠM THỜI — đang kiểm phiếu: {where}. Chỉ có số phiếu; chưa phải kết quả trúng cử hay thông qua "
        "cho đến khi số liệu khớp (kiemphieu check)."
    )


def tally_text(result: PollTally, *, provisional: bool = False) -> str:
    """The tally as a readable report for the terminal, in Vietnamese. `provisional` (a count in progress,
    app.services.closing.is_provisional): said first, and the votes only — no outcome, no level, no one elected,
    only the notes about the numbers, as the results screen shows it."""
    t = result.tally
    kind = "Bỏ phiếu tín nhiệm" if t.binding else KIND_LABELS[t.kind]
    base_kind = t.profile.binding_base if t.binding else t.profile.percent_base
    lines = [
        f"{result.title} — {kind}, lần {result.round_no} (mã: {result.code})",
        f"Quy tắc: {t.profile.name + '.' if t.binding else t.profile.describe()}",
        *(f"  – {line}" for line in applied_rules(t)),
        "",
        f"Số phiếu phát ra: {t.totals.issued if t.totals.issued is not None else 'chưa nhập'}",
        f"Số phiếu thu về: {t.totals.collected if t.totals.collected_recorded else 'chưa ghi'}   "
        f"Đã nhập: {t.totals.entered}",
        f"Số phiếu hợp lệ: {t.totals.valid}   Không hợp lệ: {t.totals.invalid}",
    ]
    if provisional:
        lines[2:2] = ["", provisional_words(result)]
    lines += [f"  – {vietnamese(reason)}: {count}" for reason, count in t.totals.invalid_reasons]
    lines.append(f"Tỷ lệ % tính trên {BASE_LABELS[base_kind]}: {t.base}")
    lines.append("")
    width = max([len(i.name) for i in t.items] + [10]) + 2
    for item in t.items:
        label = "" if provisional else OUTCOME_LABELS.get(item.outcome, item.outcome)
        if item.counts is not None and t.kind is not PollKind.ELECTION:
            cells = "  ".join(
                f"{col}: {c} ({p}%)" for col, c, p in zip(t.columns, item.counts, item.percents or (), strict=True)
            )
            level = f"  → {LEVEL_SHORT[item.level]}" if item.level and not provisional else ""
            lines.append(f"{item.position:>3}. {_pad(item.name, width)}{cells}{level}  {label}".rstrip())
        elif item.mean is not None or t.kind is PollKind.SCORING:
            mean = (item.mean_text or format_mean(item.mean)) if item.mean is not None else "—"
            level = "" if provisional else LEVEL_SHORT.get(item.level or 0, "—")
            lines.append(f"{item.position:>3}. {_pad(item.name, width)}{mean} điểm  {level}  {label}".rstrip())
        else:
            votes = f"{item.votes:>6} phiếu  {item.percent:>6}%"
            lines.append(f"{item.position:>3}. {_pad(item.name, width)}{votes}  {label}".rstrip())
        if not provisional:
            lines += [f"       {vietnamese(note)}" for note in item.notes]
    if t.kind is PollKind.ELECTION and not provisional:
        lines.append("")
        lines.append("Trúng cử (theo số phiếu từ cao xuống thấp): " + (", ".join(t.elected) or "không có ai"))
    if t.overrides:
        lines.append("")
        lines.append("Ban kiểm phiếu kết luận lại:")
        for o in t.overrides:
            verdict = "hợp lệ" if o.valid else "không hợp lệ"
            lines.append(f"  – phiếu {o.key}: {verdict} ({o.reason})")
    # Mid-count only the notes about the numbers (#15); the outcome's notes wait for the count to finish.
    notes = [note for note in t.notes if note.code in NUMBER_WARNINGS] if provisional else list(t.notes)
    if notes:
        lines.append("")
        lines += [vietnamese(note) for note in notes]
    return "\n".join(lines)
