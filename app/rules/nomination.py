"""Nomination ballots: up to N written-in names, counted per name.

docs/regulations.md §6: names are compared after normalising case, spaces and Unicode composition; a name
that is not on the eligible list is flagged; more names than N makes the ballot invalid (per
profile). The cut-off is decided by the meeting, so no one is "elected" here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from app.rules import common
from app.rules.model import VALID, Ballot, Context, ItemResult, PollDef, Tally, Verdict
from app.rules.reasons import Code, Reason
from app.text import collation_key, name_key, nfc, percent


def distinct_names(ballot: Ballot) -> list[str]:
    """The names on a ballot, normalised, blanks dropped, each person once."""
    seen: dict[str, str] = {}
    for raw in ballot.names:
        name = nfc(raw)
        if name and name_key(name) not in seen:
            seen[name_key(name)] = name
    return list(seen.values())


def _capitalised(name: str) -> bool:
    return all(word[:1].isupper() for word in name.split(" "))


def check(poll: PollDef, ballot: Ballot) -> Verdict:
    """More distinct names than seats invalidates the ballot (per profile)."""
    names = distinct_names(ballot)
    if len(names) > poll.seats and poll.profile.too_many_names_invalid:
        return Verdict(valid=False, reason=common.TOO_MANY_NAMES)
    if len(names) < len([n for n in ballot.names if nfc(n)]):
        return Verdict(valid=True, warnings=(Reason(Code.NAME_REPEATED),))
    return VALID


def tally(poll: PollDef, ballots: Iterable[Ballot], context: Context) -> Tally:
    """Count a nomination poll: votes per name, most votes first."""
    classified = common.classify(poll, ballots, context, check)
    base = classified.base
    eligible = {name_key(item.name): item.name for item in poll.items}
    votes: Counter[str] = Counter()
    spelling: dict[str, Counter[str]] = {}
    for entry in classified.counted:
        for name in distinct_names(entry.ballot):
            key = name_key(name)
            votes[key] += 1
            spelling.setdefault(key, Counter())[name] += 1

    def shown(key: str) -> str:
        if key in eligible:
            return eligible[key]
        # The most frequent spelling; on a tie, the capitalised one, then the first in sort order,
        # so the minutes do not depend on the order ballots were entered.
        return min(spelling[key].items(), key=lambda kv: (-kv[1], not _capitalised(kv[0]), kv[0]))[0]

    ranked = sorted(votes, key=lambda k: (-votes[k], collation_key(shown(k))))
    items = []
    for position, key in enumerate(ranked, start=1):
        on_list = key in eligible if eligible else None
        items.append(
            ItemResult(
                position=position,
                name=shown(key),
                outcome="nominated",
                votes=votes[key],
                percent=percent(votes[key], base),
                eligible=on_list,
                notes=(Reason(Code.NOT_ELIGIBLE),) if on_list is False else (),
            )
        )
    return classified.tally(poll, tuple(items), columns=())
