"""Why a ballot is invalid, refused or warned about, and the notes of a tally: codes with typed parameters,
never prose (issue #17, item 9; like the scan reasons of app.recognition.outcomes).

Words are made only at the edge: `app.rules.words.vietnamese` for the CLI, the minutes, the workbook and what
the meeting file stores; the GUI through Qt's tr (ui/rule_words.py), so the English UI translates them too.
Words a person typed (a physical fault in their own words, a committee's ruling) are a `Code.STATED` reason
that shows them as typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

#: A parameter's value: a count, a number or a word, or names (joined at the edge the language's way).
Param = int | str | tuple[str, ...]


class Code(StrEnum):
    """What a reason says. The physical faults keep the codes the meeting file stores (`physical_invalid`)."""

    # an invalid ballot (Verdict.reason), by the rules of its kind
    TOO_MANY_KEPT = "too_many_kept"
    ALL_STRUCK = "all_struck"
    SINGLE_FAULT = "single_fault"
    ROW_FAULT = "row_fault"
    SCORE_OUT_OF_RANGE = "score_out_of_range"
    SCORE_BAD_STEP = "score_bad_step"
    TOO_MANY_NAMES = "too_many_names"
    OVERRIDE_WITHOUT_MARKS = "override_without_marks"
    INVALID = "invalid"  # ruled invalid without a reason
    # an invalid ballot, on its face (docs/regulations.md §2.3, §3)
    NOT_ISSUED = "not_issued"
    NO_STAMP = "no_stamp"
    TORN = "torn"
    SIGNED = "signed"
    EXTRA_NAMES = "extra_names"
    NAME_CROSSED = "name_crossed"
    STATED = "stated"  # {text}: words a person typed
    # a warning on a valid ballot (Verdict.warnings)
    NAME_REPEATED = "name_repeated"
    SUBJECTS_UNSCORED = "subjects_unscored"  # {count}
    # a note on a tally (Tally.notes)
    ZERO_BASE = "zero_base"
    QUORUM_NOT_MET = "quorum_not_met"  # {present, convened, num, den, basis}
    ENTERED_OVER_COLLECTED = "entered_over_collected"  # {entered, collected}
    COLLECTED_OVER_ISSUED = "collected_over_issued"  # {collected, issued}
    REVOTE = "revote"  # {names, seats}
    SEATS_OPEN = "seats_open"  # {count}
    CAP_EXCEEDED = "cap_exceeded"  # {excellent, percent, good, cap}: the pool is those rated Good or better
    CAP_EXCEEDED_RATED = "cap_exceeded_rated"  # {excellent, percent, good, cap}: the pool is all those rated
    HEAD_ABOVE_COLLECTIVE = "head_above_collective"  # {name, level}
    # a note on one row of a tally (ItemResult.notes)
    BAND_OVER_HALF = "band_over_half"  # {column}: the lowest column's label
    BAND_TWO_THIRDS = "band_two_thirds"  # {column}
    NO_CONFIDENCE = "no_confidence"  # a binding vote: more than half of its base voted Không tín nhiệm
    LEVEL_NOT_QUALIFIED = "level_not_qualified"  # {voted, level}
    NO_MAJORITY_LEVEL = "no_majority_level"
    FEW_SCORERS = "few_scorers"  # {least}
    SCORES_INCOMPLETE = "scores_incomplete"  # {count}
    NOT_ELIGIBLE = "not_eligible"
    # a ballot that cannot belong to its poll at all: refused, never stored (tally.shape_error)
    EMPTY_PHYSICAL = "empty_physical"
    STRUCK_NOT_LISTED = "struck_not_listed"  # {row, count}
    STRUCK_ONLY = "struck_only"
    CHOICES_ONLY = "choices_only"
    CHOICES_ROWS = "choices_rows"  # {rows, given}
    NO_SUCH_COLUMN = "no_such_column"  # {row, column, columns}
    SCORES_ONLY = "scores_only"
    SCORES_ROWS = "scores_rows"  # {rows, given}
    SCORES_PER_ROW = "scores_per_row"  # {row, needed, given}
    NAMES_ONLY = "names_only"
    TOO_MANY_WRITTEN = "too_many_written"  # {given, seats, most}
    NAME_TOO_LONG = "name_too_long"  # {length, most}


#: The physical faults the committee picks from a list (F2), in the list's order.
PHYSICAL: tuple[Code, ...] = (
    Code.NOT_ISSUED,
    Code.NO_STAMP,
    Code.TORN,
    Code.SIGNED,
    Code.EXTRA_NAMES,
    Code.NAME_CROSSED,
)


@dataclass(frozen=True)
class Reason:
    """A code and its parameters (name, value), hashable so a tally can count ballots by reason."""

    code: Code
    args: tuple[tuple[str, Param], ...] = ()

    def params(self) -> Mapping[str, Param]:
        """The parameters by name."""
        return dict(self.args)

    def as_json(self) -> dict[str, object]:
        """The code and its parameters as JSON values."""
        return {"code": str(self.code), "params": {k: list(v) if isinstance(v, tuple) else v for k, v in self.args}}


def reason(code: Code, **params: Param) -> Reason:
    """The reason `code` with `params`."""
    return Reason(code, tuple(params.items()))


def stated(text: str) -> Reason:
    """Words a person typed, kept as typed (trimmed)."""
    return reason(Code.STATED, text=text.strip())


def physical(text: str) -> Reason:
    """A physical fault given by its code, or in a person's own words."""
    key = text.strip()
    return Reason(Code(key)) if key in _PHYSICAL_VALUES else stated(key)


_PHYSICAL_VALUES = frozenset(str(code) for code in PHYSICAL)
