"""What the minutes say, as plain frozen data: the meeting, a poll's tally and the annex rows.

The services gather it (`app/services/minutes.py`); the renderers (`app/printing/minutes_pdf.py`,
`app/excel/workbook.py`) only read it, so they need no service and the import graph has no circle
(docs/architecture.md §1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.rules.model import Tally

if TYPE_CHECKING:
    from app.recognition.outcomes import Reason

OUTCOME_LABELS = {
    "elected": "Trúng cử",
    "not_elected": "Không trúng cử",
    "tie": "Bằng phiếu – bầu lại",
    "passed": "Thông qua",
    "rejected": "Không thông qua",
    "none": "",
    "low_over_half": "Quá nửa đến dưới 2/3 tín nhiệm thấp",
    "low_two_thirds": "Từ 2/3 trở lên tín nhiệm thấp",
    "no_confidence": "Quá nửa không tín nhiệm",
    "rated": "",
    "undetermined": "Chưa xác định",
    "unscored": "Chưa có điểm",
    "nominated": "",
}
LEVEL_SHORT = {1: "HTXS", 2: "HTT", 3: "HT", 4: "KHT"}


@dataclass(frozen=True)
class PollSummary:
    """A poll at a glance: what it is, where it stands and how many ballots it has."""

    code: str
    kind: str
    title: str
    round_no: int
    seats: int
    profile: str
    status: str
    items: tuple[str, ...]
    issued: int | None
    collected: int | None
    entered: int
    valid: int
    invalid: int


@dataclass(frozen=True)
class SheetCounts:
    """The printed-sheet registry of a poll: printed = issued + unused + spoiled when every sheet is
    accounted for (docs/regulations.md §7); test sheets are never counted."""

    printed: int
    issued: int  # the ballots issued as the tally uses them (the committee's count, else the registry)
    unused: int
    spoiled: int
    without_code: tuple[str, ...] = ()  # ballots taken without a code although the poll was printed with codes

    @property
    def unaccounted(self) -> int:
        """Printed sheets neither issued, returned unused nor spoiled (negative: more issued than printed).

        Ballots taken without a code were issued without being printed here, so they are not drawn from
        the printed sheets."""
        return self.printed + len(self.without_code) - self.issued - self.unused - self.spoiled


@dataclass(frozen=True)
class MeetingInfo:
    """The meeting, its attendance and base, its counting committee and its polls."""

    title: str
    organization: str
    superior: str | None
    congress: str | None
    term: str | None
    place: str
    date: dt.date
    convened: int
    present: int
    electorate: str
    exclusions: tuple[tuple[str, int], ...]
    committee: tuple[tuple[str, str], ...]
    polls: tuple[PollSummary, ...]

    @property
    def excluded(self) -> int:
        """People who leave the election base."""
        return sum(count for _, count in self.exclusions)

    @property
    def election_base(self) -> int:
        """Convened minus the exclusions (docs/regulations.md §2.4)."""
        return self.convened - self.excluded


@dataclass(frozen=True)
class PollTally:
    """A poll's identity and its tally."""

    code: str
    title: str
    round_no: int
    seats: int
    tally: Tally


@dataclass(frozen=True)
class OverrideRow:
    """A committee ruling as the annex lists it."""

    key: str
    automatic: str
    final: str
    reason: str
    by: str
    at: dt.datetime | None


@dataclass(frozen=True)
class EntryLogRow:
    """Ballots entered by one operator at one station from one source."""

    operator: str
    station: str
    source: str
    count: int
    first: dt.datetime
    last: dt.datetime


@dataclass(frozen=True)
class ReviewedRow:
    """A scanned page a person decided, as the minutes' annex lists it."""

    key: str
    file: str
    reasons: tuple[Reason, ...]
    decisions: tuple[str, ...]
    by: str
    at: dt.datetime | None
    reason_words: tuple[str, ...] = ()  # `reasons` in Vietnamese, as the minutes print them


@dataclass(frozen=True)
class MinutesData:
    """Everything the minutes say, as plain data."""

    meeting: MeetingInfo
    result: PollTally
    completed_at: dt.datetime
    draft: bool
    revision: int | None
    digest: str
    reopen_reason: str | None
    changes: tuple[str, ...]
    overrides: tuple[OverrideRow, ...]
    entry_log: tuple[EntryLogRow, ...]
    reviewed: tuple[ReviewedRow, ...] = ()  # scanned pages a person decided
    sheets: SheetCounts | None = None  # the printed-sheet registry, when the ballots were printed here
    # The anchor code of the log (docs/integrity.md): at the closing of this revision, or now for a draft.
    anchor: str | None = None
    quorum_confirmed: str | None = None  # the head's reason for making the minutes below the quorum (#15)


def quorum_words(data: MinutesData) -> str | None:
    """Whether those present reach the profile's quorum, as the minutes say it (#15); None when the profile sets
    none. Below it, the head's recorded confirmation and its reason follow."""
    num, den = data.result.tally.profile.quorum
    if num <= 0:
        return None
    m = data.meeting
    share = f"({m.present}/{m.convened}) {{}} mức tối thiểu {num}/{den} số được triệu tập"
    if m.present * den >= num * m.convened:
        return "Số có mặt " + share.format("đạt")
    text = "Số có mặt " + share.format("chưa đạt")
    if data.quorum_confirmed:
        text += f"; Trưởng ban xác nhận vẫn lập biên bản, lý do: {data.quorum_confirmed}"
    return text
