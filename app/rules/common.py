"""What every ballot kind shares: reasons, validity with overrides, totals and grid counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.rules.model import (
    Ballot,
    Context,
    ItemResult,
    OverrideRecord,
    PollDef,
    Tally,
    Totals,
    Verdict,
    faulty_rows,
)
from app.rules.reasons import PHYSICAL, Code, Reason, physical, reason, stated
from app.rules.words import TEMPLATES, vietnamese
from app.text import percent

# Reasons a ballot is invalid (their words: app.rules.words).
TOO_MANY_KEPT = Reason(Code.TOO_MANY_KEPT)
ALL_STRUCK = Reason(Code.ALL_STRUCK)
SINGLE_FAULT = Reason(Code.SINGLE_FAULT)
ROW_FAULT = Reason(Code.ROW_FAULT)
SCORE_OUT_OF_RANGE = Reason(Code.SCORE_OUT_OF_RANGE)
SCORE_BAD_STEP = Reason(Code.SCORE_BAD_STEP)
TOO_MANY_NAMES = Reason(Code.TOO_MANY_NAMES)
OVERRIDE_WITHOUT_MARKS = Reason(Code.OVERRIDE_WITHOUT_MARKS)
INVALID = Reason(Code.INVALID)

# Physical faults the committee records by code (docs/regulations.md §2.3, §3); any other text is kept as typed.
PHYSICAL_REASONS: dict[str, str] = {str(code): TEMPLATES[code] for code in PHYSICAL}


def physical_reason(text: str) -> Reason:
    """The reason for a physical fault given by code or as free text."""
    return physical(text)


@dataclass(frozen=True)
class Counted:
    """A ballot that counts, with the rows its verdict leaves out."""

    ballot: Ballot
    verdict: Verdict


ZERO_BASE = Reason(Code.ZERO_BASE)
# Notes about a poll's numbers rather than its outcome (#15): shown wherever the tally is, a provisional one too,
# and never folded into a kind's own conclusion lines.
NUMBER_WARNINGS = frozenset(
    {Code.ZERO_BASE, Code.QUORUM_NOT_MET, Code.ENTERED_OVER_COLLECTED, Code.COLLECTED_OVER_ISSUED}
)


@dataclass(frozen=True)
class Classified:
    """Ballots split into the ones that count, the totals of the tally and its two bases."""

    counted: tuple[Counted, ...]
    totals: Totals
    overrides: tuple[OverrideRecord, ...]
    invalid_ballots: tuple[tuple[str, Reason], ...]
    base: int = 0  # what percentages are measured against (the profile's percent_base)
    majority_base: int = 0  # what a majority is measured against (the profile's majority_base)
    context: Context | None = None

    def tally(self, poll: PollDef, items: Iterable[ItemResult], **extra: Any) -> Tally:
        """The Tally of `poll` with these ballot counts, `items` and any kind-specific fields."""
        if self.counted and (self.base <= 0 or self.majority_base <= 0):
            extra["notes"] = (ZERO_BASE, *extra.get("notes", ()))
        totals = self.totals
        if not quorum_met(poll, self.context):
            extra["notes"] = (quorum_note(poll, self.context), *extra.get("notes", ()))
        if totals.entered > totals.collected:
            extra["notes"] = (
                reason(Code.ENTERED_OVER_COLLECTED, entered=totals.entered, collected=totals.collected),
                *extra.get("notes", ()),
            )
        if totals.issued is not None and totals.collected > totals.issued:
            extra["notes"] = (
                reason(Code.COLLECTED_OVER_ISSUED, collected=totals.collected, issued=totals.issued),
                *extra.get("notes", ()),
            )
        return Tally(
            kind=poll.kind,
            layout=poll.layout,
            profile=poll.profile,
            totals=self.totals,
            base=self.base,
            majority_base=self.majority_base,
            columns=extra.pop("columns", poll.columns),
            items=tuple(items),
            overrides=self.overrides,
            invalid_ballots=self.invalid_ballots,
            **extra,
        )


def classify(
    poll: PollDef,
    ballots: Iterable[Ballot],
    context: Context,
    check: Callable[[PollDef, Ballot], Verdict],
) -> Classified:
    """Rule on every ballot (physical faults, then the kind's rules, then overrides) and count them."""
    counted: list[Counted] = []
    reasons: Counter[Reason] = Counter()
    overrides: list[OverrideRecord] = []
    invalid: list[tuple[str, Reason]] = []
    entered = 0
    for ballot in ballots:
        entered += 1
        if ballot.physical_invalid is not None:
            verdict = Verdict(valid=False, reason=physical_reason(ballot.physical_invalid))
        else:
            verdict = check(poll, ballot)
        final_valid, final_reason = verdict.valid, verdict.reason
        if ballot.override is not None and not ballot.override.valid and not verdict.valid:
            # The committee confirmed an invalid ballot with its own reason: the minutes give theirs.
            final_reason = _ruling(ballot.override.reason) or final_reason
        if ballot.override is not None and ballot.override.valid != verdict.valid:
            overrides.append(
                OverrideRecord(
                    key=ballot.key,
                    automatic_valid=verdict.valid,
                    automatic_reason=verdict.reason,
                    valid=ballot.override.valid,
                    reason=ballot.override.reason,
                )
            )
            final_valid = ballot.override.valid
            final_reason = None if final_valid else _ruling(ballot.override.reason)
            if final_valid and not ballot.marks_entered:
                # Nothing to count: the ballot stays out until its marks are entered.
                final_valid, final_reason = False, OVERRIDE_WITHOUT_MARKS
        if final_valid:
            counted.append(Counted(ballot, verdict))
        else:
            reasons[final_reason or INVALID] += 1
            invalid.append((ballot.key, final_reason or INVALID))
    totals = Totals(
        issued=context.issued,
        collected=context.collected if context.collected is not None else entered,
        entered=entered,
        valid=len(counted),
        invalid=entered - len(counted),
        invalid_reasons=tuple(sorted(reasons.items(), key=lambda kv: (-kv[1], vietnamese(kv[0])))),
        collected_recorded=context.collected is not None,
    )
    profile = poll.profile
    return Classified(
        tuple(counted),
        totals,
        tuple(overrides),
        tuple(invalid),
        base=totals.base(profile.percent_base, context),
        majority_base=totals.base(profile.majority_base, context),
        context=context,
    )


def _ruling(text: str) -> Reason | None:
    """The committee's own reason for ruling a ballot invalid, or None when they gave none."""
    return stated(text) if text.strip() else None


def quorum_met(poll: PollDef, context: Context | None) -> bool:
    """Whether enough of those convened are present under the profile's quorum (exact integers)."""
    if context is None:
        return True
    num, den = poll.profile.quorum
    return context.present * den >= num * context.convened


def quorum_note(poll: PollDef, context: Context | None) -> Reason:
    """The note the tally and the minutes carry when the quorum is not met."""
    num, den = poll.profile.quorum
    present, convened = (context.present, context.convened) if context is not None else (0, 0)
    return reason(
        Code.QUORUM_NOT_MET, present=present, convened=convened, num=num, den=den, basis=poll.profile.quorum_basis
    )


def grid_counts(poll: PollDef, counted: Sequence[Counted]) -> list[list[int]]:
    """Per row, per column: the ballots whose row carries exactly that one mark.

    A row with no mark or several marks never counts for anyone, whatever the verdict said.
    """
    ncols = len(poll.columns)
    table = [[0] * ncols for _ in poll.items]
    for entry in counted:
        for row, marks in enumerate(entry.ballot.choices):
            if len(marks) == 1:
                (col,) = marks
                table[row][col - 1] += 1
    return table


def grid_fault_verdict(poll: PollDef, ballot: Ballot, fault: str, why: Reason) -> Verdict:
    """Verdict for a grid ballot whose rows must carry one mark each, by the profile's `fault` rule."""
    bad = faulty_rows(ballot.choices)
    if not bad:
        return Verdict(valid=True)
    if fault == "invalidate_ballot":
        return Verdict(valid=False, reason=why, skipped_rows=bad)
    return Verdict(valid=True, skipped_rows=bad)


def percents(counts: Sequence[int], base: int) -> tuple[str, ...]:
    """Each count as a percentage of `base` (decimal comma)."""
    return tuple(percent(c, base) for c in counts)
