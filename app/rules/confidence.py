"""Confidence polls (Tín nhiệm cao / Tín nhiệm / Tín nhiệm thấp) and binding votes.

A binding vote (bỏ phiếu tín nhiệm) has two columns: Tín nhiệm / Không tín nhiệm, and one threshold: more
than half of the profile's `binding_base` vote "Không tín nhiệm" (#15); its percentages are over that base too.
Before #15 it was banded like the three-level poll; a binding vote whose minutes were made then is counted that
way again (`PollDef.binding_as_bands`, decision record 0013) so that its minutes reproduce.

docs/regulations.md §3: per person, count and % of each level over the profile's base (ballots collected
under NQ 96/2023/QH15 and QĐ 96-QĐ/TW); bands on the last column: more than half to under 2/3,
and 2/3 or more. Exact integers: 2·low > base, 3·low ≥ 2·base.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from app.rules import common
from app.rules.model import Ballot, Context, ItemResult, PollDef, Tally, Verdict
from app.rules.reasons import Code, Reason, reason


def check(poll: PollDef, ballot: Ballot) -> Verdict:
    """A person with no box or several boxes marked: the whole ballot or that row, per profile."""
    return common.grid_fault_verdict(poll, ballot, poll.profile.row_fault, common.ROW_FAULT)


def band(low: int, base: int) -> str:
    """The consequence band of `low` votes for the lowest level over `base`."""
    if 3 * low >= 2 * base and base > 0:
        return "low_two_thirds"
    if 2 * low > base:
        return "low_over_half"
    return "none"


BAND_NOTES = {
    "low_over_half": Code.BAND_OVER_HALF,
    "low_two_thirds": Code.BAND_TWO_THIRDS,
}


def binding_outcome(no_confidence: int, base: int) -> str:
    """A binding vote: "no_confidence" when more than half of `base` voted Không tín nhiệm."""
    return "no_confidence" if base > 0 and 2 * no_confidence > base else "none"


def tally(poll: PollDef, ballots: Iterable[Ballot], context: Context) -> Tally:
    """Count a confidence poll or a binding confidence vote."""
    classified = common.classify(poll, ballots, context, check)
    if poll.binding and not poll.binding_as_bands:
        return _binding(poll, classified, context)
    low_label = poll.columns[-1]

    def judged(no: int) -> tuple[str, Reason | None]:
        outcome = band(no, classified.majority_base)
        return outcome, reason(BAND_NOTES[outcome], column=low_label) if outcome in BAND_NOTES else None

    # A binding vote closed before #15 was banded like this, over the profile's percent and majority bases.
    return classified.tally(poll, _items(poll, classified, judged), binding_as_bands=poll.binding)


def _binding(poll: PollDef, classified: common.Classified, context: Context) -> Tally:
    base = classified.totals.base(poll.profile.binding_base, context)
    classified = replace(classified, base=base, majority_base=base)

    def judged(no: int) -> tuple[str, Reason | None]:
        outcome = binding_outcome(no, base)
        return outcome, reason(Code.NO_CONFIDENCE) if outcome == "no_confidence" else None

    return classified.tally(poll, _items(poll, classified, judged), binding=True)


def _items(
    poll: PollDef, classified: common.Classified, judged: Callable[[int], tuple[str, Reason | None]]
) -> tuple[ItemResult, ...]:
    """Each person's counts and percentages over the poll's base, with the outcome and note `judged` gives
    the count of the last column (Tín nhiệm thấp / Không tín nhiệm)."""
    grid = common.grid_counts(poll, classified.counted)
    items = []
    for i, item in enumerate(poll.items):
        counts = tuple(grid[i])
        outcome, note = judged(counts[-1])
        items.append(
            ItemResult(
                position=i + 1,
                name=item.name,
                outcome=outcome,
                counts=counts,
                percents=common.percents(counts, classified.base),
                notes=(note,) if note else (),
            )
        )
    return tuple(items)
