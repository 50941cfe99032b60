"""Elections: with surplus (cross out names), without surplus (Đồng ý / Không đồng ý), single name.

docs/regulations.md §2.2–2.5: results are counted on valid ballots; a candidate needs more than half of
the profile's majority base (2·votes > base, never a rounded percentage); the highest fill the
seats; a tie for the last seat is a re-vote among the tied (Party) or goes to the older
candidate (State); seats left open go to a next round.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.rules import common
from app.rules.model import (
    VALID,
    Ballot,
    Context,
    ItemResult,
    Layout,
    PollDef,
    Revote,
    Tally,
    Verdict,
)
from app.rules.reasons import Code, Reason, reason
from app.text import percent


def check(poll: PollDef, ballot: Ballot) -> Verdict:
    """The automatic validity ruling on an election ballot."""
    profile = poll.profile
    layout = poll.layout
    if layout is Layout.STRIKE:
        kept = len(poll.items) - len(ballot.struck)
        if kept == 0 and profile.all_struck_invalid:
            return Verdict(valid=False, reason=common.ALL_STRUCK)
        if kept > poll.seats:
            return Verdict(valid=False, reason=common.TOO_MANY_KEPT)
        return VALID
    if layout is Layout.SINGLE:
        return common.grid_fault_verdict(poll, ballot, profile.single_fault, common.SINGLE_FAULT)
    # No surplus: a row with both boxes or none does not count for that person and the
    # ballot stays valid (190-QĐ/TW Art. 30); the profile may say otherwise.
    return common.grid_fault_verdict(poll, ballot, profile.row_fault, common.ROW_FAULT)


def _votes(poll: PollDef, classified: common.Classified) -> list[int]:
    if poll.layout is Layout.STRIKE:
        votes = [len(classified.counted)] * len(poll.items)
        for entry in classified.counted:
            for row in entry.ballot.struck:
                votes[row - 1] -= 1
        return votes
    return [row[0] for row in common.grid_counts(poll, classified.counted)]


def decide(poll: PollDef, votes: list[int], majority_base: int) -> tuple[list[str], list[int], Revote | None]:
    """Outcome per candidate (elected / not_elected / tie), the elected rows in vote order, the re-vote.

    Pure integer arithmetic: a candidate passes when 2·votes > majority_base.
    """
    n = len(poll.items)
    outcome = ["not_elected"] * n
    # On a base of 0 nobody can have more than half of it: no result is declared (#15).
    passers = sorted(
        (i for i in range(n) if majority_base > 0 and 2 * votes[i] > majority_base), key=lambda i: (-votes[i], i)
    )
    elected: list[int] = []
    revote: Revote | None = None
    if len(passers) <= poll.seats:
        elected = passers
    else:
        cutoff = votes[passers[poll.seats - 1]]
        above = [i for i in passers if votes[i] > cutoff]
        at = [i for i in passers if votes[i] == cutoff]
        open_seats = poll.seats - len(above)
        elected = list(above)
        if len(at) == open_seats:
            elected += at
        else:
            chosen, tied = _break_tie(poll, at, open_seats)
            elected += chosen
            if tied:
                seats_left = open_seats - len(chosen)
                for i in tied:
                    outcome[i] = "tie"
                revote = Revote(names=tuple(poll.items[i].name for i in sorted(tied)), seats=seats_left)
    for i in elected:
        outcome[i] = "elected"
    return outcome, elected, revote


def _break_tie(poll: PollDef, tied: list[int], seats: int) -> tuple[list[int], list[int]]:
    """Apply the profile's tie rule: (elected, still tied). "revote" elects nobody from the tie."""
    if poll.profile.tie_rule != "older":
        return [], tied
    # State law: the older candidate wins. Without a birth year the tie cannot be broken.
    if any(poll.items[i].birth_year is None for i in tied):
        return [], tied
    chosen: list[int] = []
    by_year: dict[int, list[int]] = {}
    for i in tied:
        by_year.setdefault(poll.items[i].birth_year or 0, []).append(i)
    for year in sorted(by_year):
        group = by_year[year]
        left = seats - len(chosen)
        if left == 0:
            return chosen, []
        if len(group) <= left:
            chosen += group
        else:
            return chosen, group
    return chosen, []


def tally(poll: PollDef, ballots: Iterable[Ballot], context: Context) -> Tally:
    """Count an election."""
    classified = common.classify(poll, ballots, context, check)
    base, majority_base = classified.base, classified.majority_base
    votes = _votes(poll, classified)
    outcome, elected, revote = decide(poll, votes, majority_base)
    grid = None if poll.layout is Layout.STRIKE else common.grid_counts(poll, classified.counted)
    items = tuple(
        ItemResult(
            position=i + 1,
            name=item.name,
            outcome=outcome[i],
            votes=votes[i],
            percent=percent(votes[i], base),
            counts=tuple(grid[i]) if grid is not None else None,
            percents=common.percents(grid[i], base) if grid is not None else None,
        )
        for i, item in enumerate(poll.items)
    )
    notes: list[Reason] = []
    open_seats = poll.seats - len(elected)
    if revote is not None:
        notes.append(reason(Code.REVOTE, names=revote.names, seats=revote.seats))
    if open_seats > (revote.seats if revote else 0):
        notes.append(reason(Code.SEATS_OPEN, count=open_seats - (revote.seats if revote else 0)))
    return classified.tally(
        poll,
        items,
        elected=tuple(poll.items[i].name for i in elected),
        revote=revote,
        open_seats=open_seats,
        notes=tuple(notes),
    )
