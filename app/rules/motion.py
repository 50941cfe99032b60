"""Motions (Đồng ý / Không đồng ý / Ý kiến khác): passed when more than half of the base approve.

docs/regulations.md §6: Party Charter — a resolution needs more than half of the members of the body.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.rules import common
from app.rules.model import Ballot, Context, ItemResult, PollDef, Tally, Verdict
from app.text import percent


def check(poll: PollDef, ballot: Ballot) -> Verdict:
    """A motion row with no box or several boxes is not counted (or voids the ballot, per profile)."""
    return common.grid_fault_verdict(poll, ballot, poll.profile.row_fault, common.ROW_FAULT)


def tally(poll: PollDef, ballots: Iterable[Ballot], context: Context) -> Tally:
    """Count a motion ballot."""
    classified = common.classify(poll, ballots, context, check)
    base, majority_base = classified.base, classified.majority_base
    grid = common.grid_counts(poll, classified.counted)
    items = tuple(
        ItemResult(
            position=i + 1,
            name=item.name,
            outcome="passed" if majority_base > 0 and 2 * grid[i][0] > majority_base else "rejected",
            votes=grid[i][0],
            percent=percent(grid[i][0], base),
            counts=tuple(grid[i]),
            percents=common.percents(grid[i], base),
        )
        for i, item in enumerate(poll.items)
    )
    return classified.tally(poll, items)
