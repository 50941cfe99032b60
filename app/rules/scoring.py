"""Scoring ballots: points per criterion per subject, aggregated across raters, mapped to a level.

docs/regulations.md §4, §5: 0 ≤ score ≤ max, half points allowed; an out-of-range score makes the
ballot invalid; a blank criterion means "not scored" (the subject's row is left out of that
subject's aggregate, with a note), not an invalid ballot, or counts 0 points (`blank_criterion`).
A row left wholly blank is always "not scored". Aggregate: mean (default), trimmed
mean or median. Level from the share of the maximum: ≥ 90 % HTXS, ≥ 70 % HTT, ≥ 50 % HT, else
KHT — capped by the level the subject's conditions allow. All arithmetic is exact (fractions).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from app.rules import common
from app.rules.model import VALID, Ballot, Context, ItemResult, PollDef, Tally, Verdict
from app.rules.points import format_mean
from app.rules.profile import BlankCriterion
from app.rules.reasons import Code, Reason, reason


def check(poll: PollDef, ballot: Ballot) -> Verdict:
    """Invalid when any score is outside 0…max or not on the allowed step."""
    step = poll.profile.score_step_halves or 1
    for row in ballot.scores:
        for criterion, score in zip(poll.criteria, row, strict=True):
            if score is None:
                continue
            if score < 0 or score > criterion.max_halves:
                return Verdict(valid=False, reason=common.SCORE_OUT_OF_RANGE)
            if score % step:
                return Verdict(valid=False, reason=common.SCORE_BAD_STEP)
    blanks = sum(1 for row in ballot.scores if any(s is None for s in row))
    if blanks:
        return Verdict(valid=True, warnings=(reason(Code.SUBJECTS_UNSCORED, count=blanks),))
    return VALID


def aggregate(totals: Sequence[Fraction], rule: str, trim: int) -> tuple[Fraction | None, Reason | None]:
    """Combine the raters' totals for one subject; returns (value, note)."""
    if not totals:
        return None, None
    ordered = sorted(totals)
    if rule == "median":
        mid = len(ordered) // 2
        if len(ordered) % 2:
            return ordered[mid], None
        return (ordered[mid - 1] + ordered[mid]) / 2, None
    if rule == "trimmed_mean":
        if len(ordered) > 2 * trim:
            kept = ordered[trim : len(ordered) - trim]
            return sum(kept, Fraction(0)) / len(kept), None
        note = reason(Code.FEW_SCORERS, least=2 * trim + 1)
        return sum(ordered, Fraction(0)) / len(ordered), note
    return sum(ordered, Fraction(0)) / len(ordered), None


def level_of(score: Fraction, maximum: Fraction, thresholds: tuple[int, int, int]) -> int:
    """Level 1–4 from the score as a share of the maximum, compared exactly (≥ 90 % → 1 …)."""
    for level, threshold in enumerate(thresholds, start=1):
        if 100 * score >= threshold * maximum:
            return level
    return 4


def tally(poll: PollDef, ballots: Iterable[Ballot], context: Context) -> Tally:
    """Count a scoring poll."""
    profile = poll.profile
    classified = common.classify(poll, ballots, context, check)
    maximum = Fraction(sum(c.max_halves for c in poll.criteria), 2)
    items = []
    for i, item in enumerate(poll.items):
        subject_totals: list[Fraction] = []
        unscored = 0
        for entry in classified.counted:
            row = entry.ballot.scores[i]
            if profile.blank_criterion is BlankCriterion.ZERO and any(s is not None for s in row):
                row = tuple(0 if s is None else s for s in row)  # a blank criterion counts 0 (#15)
            if any(s is None for s in row):
                unscored += 1
                continue
            subject_totals.append(Fraction(sum(s for s in row if s is not None), 2))
        value, note = aggregate(subject_totals, profile.aggregate, profile.trim)
        notes: list[Reason] = [note] if note else []
        if unscored:
            notes.append(reason(Code.SCORES_INCOMPLETE, count=unscored))
        level = None
        shown = None
        if value is not None:
            level = max(level_of(value, maximum, profile.level_thresholds), item.max_level)
            shown = format_mean(value, [Fraction(t) * maximum / 100 for t in profile.level_thresholds])
        items.append(
            ItemResult(
                position=i + 1,
                name=item.name,
                outcome="rated" if level is not None else "unscored",
                mean=value,
                mean_text=shown,
                level=level,
                scored=len(subject_totals),
                notes=tuple(notes),
            )
        )
    return classified.tally(poll, tuple(items), columns=tuple(c.name for c in poll.criteria))
