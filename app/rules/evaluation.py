"""Evaluation and classification ballots: four levels per subject, one X per row.

docs/regulations.md §4: counts and % per level; the level by cumulative majority (the best level L whose
votes for L or better are more than half the base) or by plurality; then the caps: HTXS at most
20 % of those rated HTT or better (rounded down by default), and the head no higher than the
collective they lead.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.rules import common
from app.rules.model import (
    Ballot,
    CapCheck,
    Context,
    HeadCheck,
    ItemResult,
    PollDef,
    Tally,
    Verdict,
)
from app.rules.profile import CapPool
from app.rules.reasons import Code, Reason, reason

#: The 20 % cap's pool (profile `cap_pool`), each with its own note.
CAP_NOTES = {CapPool.GOOD_OR_BETTER: Code.CAP_EXCEEDED, CapPool.RATED: Code.CAP_EXCEEDED_RATED}


def check(poll: PollDef, ballot: Ballot) -> Verdict:
    """A subject with no level or several levels marked: that row, or the ballot, per profile."""
    return common.grid_fault_verdict(poll, ballot, poll.profile.row_fault, common.ROW_FAULT)


def level_of(counts: tuple[int, ...], base: int, rule: str) -> int | None:
    """The level (1 = Hoàn thành xuất sắc … 4 = Không hoàn thành) the votes give, or None."""
    if rule == "plurality":
        best = max(counts)
        winners = [i for i, c in enumerate(counts) if c == best]
        return winners[0] + 1 if best > 0 and len(winners) == 1 else None
    cumulative = 0
    for i, c in enumerate(counts):
        cumulative += c
        if 2 * cumulative > base:
            return i + 1
    return None


def cap_of(pool: int, percent: int, rounding: str) -> int:
    """`percent` % of `pool`, rounded as the profile says (3,2 → 3 with "floor")."""
    numerator = pool * percent
    if rounding == "ceil":
        return -(-numerator // 100)
    if rounding == "half_up":
        return (2 * numerator + 100) // 200
    return numerator // 100


def cap_check(
    levels: Iterable[int | None], percent: int, rounding: str, pool_rule: CapPool = CapPool.GOOD_OR_BETTER
) -> CapCheck:
    """HTXS ≤ `percent` % of those rated HTT or better (HTXS are chosen among them), or of all rated."""
    levels = list(levels)
    excellent = sum(1 for lv in levels if lv == 1)
    worst = 2 if pool_rule is CapPool.GOOD_OR_BETTER else 4
    pool = sum(1 for lv in levels if lv is not None and lv <= worst)
    cap = cap_of(pool, percent, rounding)
    return CapCheck(excellent=excellent, good_or_better=pool, cap=cap, exceeded=excellent > cap)


def head_checks(poll: PollDef, levels: list[int | None]) -> tuple[HeadCheck, ...]:
    """The head's level may not be better (a smaller number) than the collective's."""
    collective = poll.collective_level
    if collective is None:
        return ()
    checks = []
    for item, level in zip(poll.items, levels, strict=True):
        if item.is_head:
            violated = level is not None and level < collective
            checks.append(HeadCheck(item.name, level, collective, violated))
    return tuple(checks)


def tally(poll: PollDef, ballots: Iterable[Ballot], context: Context) -> Tally:
    """Count an evaluation poll and run the cap checks."""
    profile = poll.profile
    classified = common.classify(poll, ballots, context, check)
    base, majority_base = classified.base, classified.majority_base
    grid = common.grid_counts(poll, classified.counted)
    items: list[ItemResult] = []
    levels: list[int | None] = []
    for i, item in enumerate(poll.items):
        counts = tuple(grid[i])
        voted = level_of(counts, majority_base, profile.level_rule)
        notes: list[Reason] = []
        level = voted
        if voted is not None and voted < item.max_level:
            level = item.max_level
            notes.append(reason(Code.LEVEL_NOT_QUALIFIED, voted=voted, level=level))
        if voted is None:
            notes.append(reason(Code.NO_MAJORITY_LEVEL))
        levels.append(level)
        items.append(
            ItemResult(
                position=i + 1,
                name=item.name,
                outcome="undetermined" if level is None else "rated",
                counts=counts,
                percents=common.percents(counts, base),
                level=level,
                notes=tuple(notes),
            )
        )
    cap = cap_check(levels, profile.excellent_cap_percent, profile.cap_rounding, profile.cap_pool)
    heads = head_checks(poll, levels)
    tally_notes: list[Reason] = []
    if cap.exceeded:
        tally_notes.append(
            reason(
                CAP_NOTES[profile.cap_pool],
                excellent=cap.excellent,
                percent=profile.excellent_cap_percent,
                good=cap.good_or_better,
                cap=cap.cap,
            )
        )
    tally_notes += [
        reason(Code.HEAD_ABOVE_COLLECTIVE, name=h.name, level=h.collective_level) for h in heads if h.violated
    ]
    return classified.tally(poll, tuple(items), cap_check=cap, head_checks=heads, notes=tuple(tally_notes))
