"""Plain data the counting rules work on: poll definitions, ballots, verdicts and results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from app.errors import RulesError
from app.rules.profile import Base, Profile
from app.rules.reasons import Reason
from app.text import translatable


class PollKind(StrEnum):
    """The ballot kinds a conference uses (docs/regulations.md §2–§6)."""

    ELECTION = "election"
    CONFIDENCE = "confidence"
    EVALUATION = "evaluation"
    SCORING = "scoring"
    MOTION = "motion"
    NOMINATION = "nomination"


class Layout(StrEnum):
    """How a ballot is marked, derived from the poll kind and its list."""

    STRIKE = "strike"  # election with surplus: cross out the names not chosen
    GRID = "grid"  # one X per row in one of several columns
    SINGLE = "single"  # one name, Đồng ý / Không đồng ý
    SCORES = "scores"  # points per criterion per subject
    NAMES = "names"  # write-in names


KIND_LABELS: dict[PollKind, str] = {
    PollKind.ELECTION: "Bầu cử",
    PollKind.CONFIDENCE: "Lấy phiếu tín nhiệm",
    PollKind.EVALUATION: "Đánh giá, xếp loại",
    PollKind.SCORING: "Chấm điểm",
    PollKind.MOTION: "Biểu quyết",
    PollKind.NOMINATION: "Giới thiệu nhân sự",
}

# The mark columns, as the ballot and the minutes print them; the GUI translates them (context "columns").
AGREE_COLUMNS = (translatable("columns", "Đồng ý"), translatable("columns", "Không đồng ý"))
CONFIDENCE_COLUMNS = (
    translatable("columns", "Tín nhiệm cao"),
    translatable("columns", "Tín nhiệm"),
    translatable("columns", "Tín nhiệm thấp"),
)
BINDING_COLUMNS = (translatable("columns", "Tín nhiệm"), translatable("columns", "Không tín nhiệm"))
LEVEL_COLUMNS = (
    translatable("columns", "Hoàn thành xuất sắc nhiệm vụ"),
    translatable("columns", "Hoàn thành tốt nhiệm vụ"),
    translatable("columns", "Hoàn thành nhiệm vụ"),
    translatable("columns", "Không hoàn thành nhiệm vụ"),
)
MOTION_COLUMNS = (
    translatable("columns", "Đồng ý"),
    translatable("columns", "Không đồng ý"),
    translatable("columns", "Ý kiến khác"),
)


@dataclass(frozen=True)
class Item:
    """One row of a ballot: a candidate, a subject, a motion or an eligible name."""

    name: str
    birth_year: int | None = None
    position: str | None = None
    note: str | None = None
    is_head: bool = False  # evaluation: the head of the collective (head ≤ collective)
    max_level: int = 1  # evaluation/scoring: best level the subject's conditions allow


@dataclass(frozen=True)
class Criterion:
    """One scoring criterion with its maximum, in half points (60 points = 120)."""

    name: str
    max_halves: int


@dataclass(frozen=True)
class PollDef:
    """Everything the rules need to know about a poll."""

    kind: PollKind
    seats: int
    items: tuple[Item, ...]
    profile: Profile
    criteria: tuple[Criterion, ...] = ()
    binding: bool = False  # confidence: binding vote (Tín nhiệm / Không tín nhiệm)
    collective_level: int | None = None  # evaluation: the level of the collective the head leads
    # A binding vote whose minutes were made before #15, when it was banded like the three-level poll: counted
    # under that rule again so that its minutes reproduce (decision record 0013).
    binding_as_bands: bool = False

    @property
    def layout(self) -> Layout:
        """The way this poll's ballot is marked."""
        if self.kind is PollKind.ELECTION:
            if len(self.items) > self.seats:
                return Layout.STRIKE
            return Layout.SINGLE if len(self.items) == 1 else Layout.GRID
        if self.kind is PollKind.SCORING:
            return Layout.SCORES
        if self.kind is PollKind.NOMINATION:
            return Layout.NAMES
        return Layout.GRID

    @property
    def columns(self) -> tuple[str, ...]:
        """The mark columns of a grid or single-name ballot, left to right."""
        if self.kind is PollKind.ELECTION:
            return AGREE_COLUMNS if self.layout is not Layout.STRIKE else ()
        if self.kind is PollKind.CONFIDENCE:
            return BINDING_COLUMNS if self.binding else CONFIDENCE_COLUMNS
        if self.kind is PollKind.EVALUATION:
            return LEVEL_COLUMNS
        if self.kind is PollKind.MOTION:
            return MOTION_COLUMNS
        return ()


@dataclass(frozen=True)
class Override:
    """A counting-committee ruling on a ballot's validity, with its reason."""

    valid: bool
    reason: str


@dataclass(frozen=True)
class Ballot:
    """The marks read from one returned ballot, as plain data.

    Only the field matching the poll's layout is used: `struck` (1-based rows crossed out),
    `choices` (per row, the set of 1-based columns marked), `scores` (per subject, per
    criterion, in half points or None when left blank) or `names` (write-ins).
    """

    key: str
    struck: frozenset[int] = frozenset()
    choices: tuple[frozenset[int], ...] = ()
    scores: tuple[tuple[int | None, ...], ...] = ()
    names: tuple[str, ...] = ()
    physical_invalid: str | None = None
    override: Override | None = None
    marks_entered: bool = True  # False: recorded only as physically invalid, marks never entered


@dataclass(frozen=True)
class Verdict:
    """The automatic validity ruling on one ballot."""

    valid: bool
    reason: Reason | None = None
    skipped_rows: frozenset[int] = frozenset()  # 1-based rows not counted (both/neither boxes)
    warnings: tuple[Reason, ...] = ()


VALID = Verdict(valid=True)


@dataclass(frozen=True)
class Context:
    """The counts the bases are drawn from. `collected` defaults to the ballots entered."""

    convened: int
    present: int
    excluded: int
    issued: int | None = None
    collected: int | None = None

    @property
    def election_base(self) -> int:
        """Convened minus the categories that leave the base (docs/regulations.md §2.4)."""
        return self.convened - self.excluded


@dataclass(frozen=True)
class Totals:
    """Ballot counts of one tally."""

    issued: int | None
    collected: int
    entered: int
    valid: int
    invalid: int
    invalid_reasons: tuple[tuple[Reason, int], ...]
    # Whether the committee recorded the ballots collected: when not, `collected` is the ballots entered, a
    # stand-in for the bases that no screen, minutes or workbook may show as the count of the box (#17).
    collected_recorded: bool = True

    def base(self, which: Base, context: Context) -> int:
        """The value of base `which` for this tally."""
        if which is Base.VALID:
            return self.valid
        if which is Base.COLLECTED:
            return self.collected
        if which is Base.ISSUED:
            if self.issued is None:
                raise RulesError(
                    "Hồ sơ quy tắc tính trên số phiếu phát ra nhưng chưa có số phiếu phát ra: "
                    "hãy nhập số phiếu phát ra cho nội dung bỏ phiếu này."
                )
            return self.issued
        if which is Base.PRESENT:
            return context.present
        if which is Base.CONVENED:
            return context.convened
        return context.election_base


@dataclass(frozen=True)
class OverrideRecord:
    """A committee override as it appears in the tally."""

    key: str
    automatic_valid: bool
    automatic_reason: Reason | None
    valid: bool
    reason: str


@dataclass(frozen=True)
class ItemResult:
    """The result for one row of the ballot; only the fields of the poll's kind are set."""

    position: int
    name: str
    outcome: str
    votes: int | None = None
    percent: str | None = None
    counts: tuple[int, ...] | None = None
    percents: tuple[str, ...] | None = None
    mean: Fraction | None = None
    mean_text: str | None = None  # scoring: the mean as printed, never across its level's boundary (#15)
    level: int | None = None
    scored: int | None = None  # scoring: ballots that scored this subject fully
    eligible: bool | None = None  # nomination: on the eligible list
    notes: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class Revote:
    """A tie at the boundary: a new ballot among `names` for `seats` seats."""

    names: tuple[str, ...]
    seats: int


@dataclass(frozen=True)
class CapCheck:
    """The 20 % check: HTXS ≤ cap % of those rated HTT or better (docs/regulations.md §4)."""

    excellent: int
    good_or_better: int
    cap: int
    exceeded: bool


@dataclass(frozen=True)
class HeadCheck:
    """The head's level may not be higher than the collective's (docs/regulations.md §4)."""

    name: str
    level: int | None
    collective_level: int
    violated: bool


@dataclass(frozen=True)
class Tally:
    """The full result of one poll."""

    kind: PollKind
    layout: Layout
    profile: Profile
    totals: Totals
    base: int
    majority_base: int
    columns: tuple[str, ...]
    items: tuple[ItemResult, ...]
    overrides: tuple[OverrideRecord, ...] = ()
    elected: tuple[str, ...] = ()
    revote: Revote | None = None
    open_seats: int = 0
    cap_check: CapCheck | None = None
    head_checks: tuple[HeadCheck, ...] = ()
    notes: tuple[Reason, ...] = field(default_factory=tuple)
    invalid_ballots: tuple[tuple[str, Reason], ...] = ()  # (ballot key, reason) in entry order
    binding: bool = False  # a binding confidence vote: its bases are the profile's binding_base
    binding_as_bands: bool = False  # a binding vote counted under the earlier three-level banding (PollDef's)


def faulty_rows(choices: Sequence[frozenset[int]]) -> frozenset[int]:
    """The 1-based rows that do not carry exactly one mark (none, or several)."""
    return frozenset(i for i, row in enumerate(choices, start=1) if len(row) != 1)
