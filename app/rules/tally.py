"""One entry point for every ballot kind: shape checks, validity and the tally."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import ModuleType

from app import limits
from app.rules import confidence, election, evaluation, motion, nomination, scoring
from app.rules.model import Ballot, Context, Layout, PollDef, PollKind, Tally, Verdict
from app.rules.reasons import Code, Reason, physical, reason

_MODULES: dict[PollKind, ModuleType] = {
    PollKind.ELECTION: election,
    PollKind.CONFIDENCE: confidence,
    PollKind.EVALUATION: evaluation,
    PollKind.SCORING: scoring,
    PollKind.MOTION: motion,
    PollKind.NOMINATION: nomination,
}


def shape_error(poll: PollDef, ballot: Ballot) -> Reason | None:
    """Why `ballot` cannot belong to `poll` at all (wrong rows, columns, scores), or None.

    A shape error is an entry mistake to reject, not an invalid ballot to count.
    """
    n = len(poll.items)
    layout = poll.layout
    if ballot.physical_invalid is not None:
        if not ballot.physical_invalid.strip():
            return Reason(Code.EMPTY_PHYSICAL)
        if not (ballot.struck or ballot.choices or ballot.scores or ballot.names):
            return None
    if layout is Layout.STRIKE:
        bad = sorted(r for r in ballot.struck if not 1 <= r <= n)
        if bad:
            return reason(Code.STRUCK_NOT_LISTED, row=bad[0], count=n)
        if ballot.choices or ballot.scores or ballot.names:
            return Reason(Code.STRUCK_ONLY)
        return None
    if layout in (Layout.GRID, Layout.SINGLE):
        if ballot.struck or ballot.scores or ballot.names:
            return Reason(Code.CHOICES_ONLY)
        if len(ballot.choices) != n:
            return reason(Code.CHOICES_ROWS, rows=n, given=len(ballot.choices))
        ncols = len(poll.columns)
        for row, marks in enumerate(ballot.choices, start=1):
            bad = sorted(c for c in marks if not 1 <= c <= ncols)
            if bad:
                return reason(Code.NO_SUCH_COLUMN, row=row, column=bad[0], columns=ncols)
        return None
    if layout is Layout.SCORES:
        if ballot.struck or ballot.choices or ballot.names:
            return Reason(Code.SCORES_ONLY)
        if len(ballot.scores) != n:
            return reason(Code.SCORES_ROWS, rows=n, given=len(ballot.scores))
        k = len(poll.criteria)
        for row, scores in enumerate(ballot.scores, start=1):
            if len(scores) != k:
                return reason(Code.SCORES_PER_ROW, row=row, needed=k, given=len(scores))
        return None
    if ballot.struck or ballot.choices or ballot.scores:
        return Reason(Code.NAMES_ONLY)
    if len(ballot.names) > max_names(poll):
        return reason(Code.TOO_MANY_WRITTEN, given=len(ballot.names), seats=poll.seats, most=max_names(poll))
    long = next((n for n in ballot.names if len(n) > limits.MAX_NAME_CHARS), None)
    if long is not None:
        return reason(Code.NAME_TOO_LONG, length=len(long), most=limits.MAX_NAME_CHARS)
    return None


def max_names(poll: PollDef) -> int:
    """The most names one nomination ballot may hold to be entered (more than seats makes it invalid)."""
    return min(poll.seats + limits.MAX_EXTRA_NAMES, limits.MAX_STORED_NAMES)


def check(poll: PollDef, ballot: Ballot) -> Verdict:
    """The automatic validity ruling on one ballot (physical faults first)."""
    if ballot.physical_invalid is not None:
        return Verdict(valid=False, reason=physical(ballot.physical_invalid))
    checker: Callable[[PollDef, Ballot], Verdict] = _MODULES[poll.kind].check
    return checker(poll, ballot)


def tally(poll: PollDef, ballots: Iterable[Ballot], context: Context) -> Tally:
    """Count `ballots` of `poll` under its profile."""
    counter: Callable[[PollDef, Iterable[Ballot], Context], Tally] = _MODULES[poll.kind].tally
    return counter(poll, ballots, context)
