"""One entry point for every ballot kind: shape checks, validity and the tally."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import ModuleType

from app import limits
from app.rules import confidence, election, evaluation, motion, nomination, scoring
from app.rules.model import Ballot, Context, Layout, PollDef, PollKind, Tally, Verdict

_MODULES: dict[PollKind, ModuleType] = {
    PollKind.ELECTION: election,
    PollKind.CONFIDENCE: confidence,
    PollKind.EVALUATION: evaluation,
    PollKind.SCORING: scoring,
    PollKind.MOTION: motion,
    PollKind.NOMINATION: nomination,
}


def shape_error(poll: PollDef, ballot: Ballot) -> str | None:
    """Why `ballot` cannot belong to `poll` at all (wrong rows, columns, scores), or None.

    A shape error is an entry mistake to reject, not an invalid ballot to count.
    """
    n = len(poll.items)
    layout = poll.layout
    if ballot.physical_invalid is not None:
        if not ballot.physical_invalid.strip():
            return "lý do phiếu không hợp lệ không được để trống"
        if not (ballot.struck or ballot.choices or ballot.scores or ballot.names):
            return None
    if layout is Layout.STRIKE:
        bad = sorted(r for r in ballot.struck if not 1 <= r <= n)
        if bad:
            return f"số thứ tự gạch tên {bad[0]} không có trong danh sách (1–{n})"
        if ballot.choices or ballot.scores or ballot.names:
            return "phiếu bầu có số dư chỉ ghi các số thứ tự bị gạch ('struck')"
        return None
    if layout in (Layout.GRID, Layout.SINGLE):
        if ballot.struck or ballot.scores or ballot.names:
            return "phiếu này ghi lựa chọn theo từng dòng ('choices')"
        if len(ballot.choices) != n:
            return f"phiếu có {n} dòng nhưng 'choices' có {len(ballot.choices)} phần tử"
        ncols = len(poll.columns)
        for row, marks in enumerate(ballot.choices, start=1):
            bad = sorted(c for c in marks if not 1 <= c <= ncols)
            if bad:
                return f"dòng {row}: cột {bad[0]} không có (phiếu có {ncols} cột đánh dấu, 0 = để trống)"
        return None
    if layout is Layout.SCORES:
        if ballot.struck or ballot.choices or ballot.names:
            return "phiếu chấm điểm ghi điểm từng người theo từng tiêu chí ('scores')"
        if len(ballot.scores) != n:
            return f"phiếu có {n} người được chấm nhưng 'scores' có {len(ballot.scores)} dòng"
        k = len(poll.criteria)
        for row, scores in enumerate(ballot.scores, start=1):
            if len(scores) != k:
                return f"dòng {row}: cần {k} điểm (một điểm cho mỗi tiêu chí) nhưng có {len(scores)}"
        return None
    if ballot.struck or ballot.choices or ballot.scores:
        return "phiếu giới thiệu chỉ ghi tên người được giới thiệu ('names')"
    if len(ballot.names) > max_names(poll):
        return (
            f"phiếu ghi {len(ballot.names)} tên; một phiếu giới thiệu {poll.seats} người không thể ghi quá "
            f"{max_names(poll)} tên — hãy kiểm tra lại dòng này"
        )
    long = next((n for n in ballot.names if len(n) > limits.MAX_NAME_CHARS), None)
    if long is not None:
        return f"một tên dài {len(long)} ký tự (quá {limits.MAX_NAME_CHARS}), không phải họ tên"
    return None


def max_names(poll: PollDef) -> int:
    """The most names one nomination ballot may hold to be entered (more than seats makes it invalid)."""
    return min(poll.seats + limits.MAX_EXTRA_NAMES, limits.MAX_STORED_NAMES)


def check(poll: PollDef, ballot: Ballot) -> Verdict:
    """The automatic validity ruling on one ballot (physical faults first)."""
    if ballot.physical_invalid is not None:
        from app.rules.common import physical_reason

        return Verdict(valid=False, reason=physical_reason(ballot.physical_invalid))
    checker: Callable[[PollDef, Ballot], Verdict] = _MODULES[poll.kind].check
    return checker(poll, ballot)


def tally(poll: PollDef, ballots: Iterable[Ballot], context: Context) -> Tally:
    """Count `ballots` of `poll` under its profile."""
    counter: Callable[[PollDef, Iterable[Ballot], Context], Tally] = _MODULES[poll.kind].tally
    return counter(poll, ballots, context)
