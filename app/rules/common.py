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
from app.text import percent, translatable

# Reasons a ballot is invalid, in the wording of the minutes.
TOO_MANY_KEPT = "Bầu quá số lượng cần bầu"
ALL_STRUCK = "Gạch hết tên trong danh sách bầu cử"
SINGLE_FAULT = "Không đánh dấu hoặc đánh dấu cả hai ô (phiếu bầu một người)"
ROW_FAULT = "Có người không được đánh dấu ô nào hoặc được đánh dấu nhiều ô"
SCORE_OUT_OF_RANGE = "Có điểm ngoài thang điểm của tiêu chí"
SCORE_BAD_STEP = "Có điểm không đúng bước chấm điểm"
TOO_MANY_NAMES = "Ghi quá số người được giới thiệu"
OVERRIDE_WITHOUT_MARKS = "Ban kiểm phiếu kết luận hợp lệ nhưng chưa nhập nội dung phiếu"

# Physical faults the committee records by code (docs/regulations.md §2.3, §3); any other text is kept as typed.
PHYSICAL_REASONS: dict[str, str] = {
    "not_issued": translatable("reasons", "Không phải phiếu do Ban kiểm phiếu phát ra"),
    "no_stamp": translatable("reasons", "Phiếu không có dấu của cấp ủy (tổ chức) triệu tập"),
    "torn": translatable("reasons", "Phiếu bị rách, không còn nguyên vẹn"),
    "signed": translatable("reasons", "Phiếu có ký tên hoặc đánh dấu ký hiệu"),
    "extra_names": translatable("reasons", "Ghi thêm tên người ngoài danh sách hoặc nội dung khác"),
    "name_crossed": translatable("reasons", "Gạch xóa họ tên người được in trên phiếu"),
}


def physical_reason(text: str) -> str:
    """The minutes wording for a physical fault given by code or as free text."""
    return PHYSICAL_REASONS.get(text.strip(), text.strip())


@dataclass(frozen=True)
class Counted:
    """A ballot that counts, with the rows its verdict leaves out."""

    ballot: Ballot
    verdict: Verdict


ZERO_BASE = (
    "Mẫu số để tính kết quả bằng 0 (ví dụ mọi người được triệu tập đều thuộc trường hợp không tính) mà vẫn có "
    "phiếu hợp lệ: không công bố được kết quả trên mẫu số 0 — hãy kiểm tra lại số liệu tham dự."
)


@dataclass(frozen=True)
class Classified:
    """Ballots split into the ones that count, the totals of the tally and its two bases."""

    counted: tuple[Counted, ...]
    totals: Totals
    overrides: tuple[OverrideRecord, ...]
    invalid_ballots: tuple[tuple[str, str], ...]
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
                f"SỐ LIỆU CHƯA KHỚP: đã nhập {totals.entered} phiếu nhưng chỉ thu về {totals.collected} phiếu; "
                "các tỷ lệ và kết quả trên chưa dùng được.",
                *extra.get("notes", ()),
            )
        if totals.issued is not None and totals.collected > totals.issued:
            extra["notes"] = (
                f"SỐ LIỆU CHƯA KHỚP: thu về {totals.collected} phiếu nhưng chỉ phát ra {totals.issued} phiếu; "
                "các tỷ lệ và kết quả trên chưa dùng được.",
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
    reasons: Counter[str] = Counter()
    overrides: list[OverrideRecord] = []
    invalid: list[tuple[str, str]] = []
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
            final_reason = ballot.override.reason or final_reason
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
            final_reason = None if final_valid else ballot.override.reason
            if final_valid and not ballot.marks_entered:
                # Nothing to count: the ballot stays out until its marks are entered.
                final_valid, final_reason = False, OVERRIDE_WITHOUT_MARKS
        if final_valid:
            counted.append(Counted(ballot, verdict))
        else:
            reasons[final_reason or "Không hợp lệ"] += 1
            invalid.append((ballot.key, final_reason or "Không hợp lệ"))
    totals = Totals(
        issued=context.issued,
        collected=context.collected if context.collected is not None else entered,
        entered=entered,
        valid=len(counted),
        invalid=entered - len(counted),
        invalid_reasons=tuple(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
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


def quorum_met(poll: PollDef, context: Context | None) -> bool:
    """Whether enough of those convened are present under the profile's quorum (exact integers)."""
    if context is None:
        return True
    num, den = poll.profile.quorum
    return context.present * den >= num * context.convened


def quorum_note(poll: PollDef, context: Context | None) -> str:
    """The line the tally and the minutes carry when the quorum is not met."""
    num, den = poll.profile.quorum
    present, convened = (context.present, context.convened) if context is not None else (0, 0)
    return (
        f"Số có mặt ({present}/{convened}) chưa đạt {num}/{den} số được triệu tập theo "
        f"{poll.profile.quorum_basis}: biên bản chính thức cần Trưởng ban xác nhận."
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


def grid_fault_verdict(poll: PollDef, ballot: Ballot, fault: str, reason: str) -> Verdict:
    """Verdict for a grid ballot whose rows must carry one mark each, by the profile's `fault` rule."""
    bad = faulty_rows(ballot.choices)
    if not bad:
        return Verdict(valid=True)
    if fault == "invalidate_ballot":
        return Verdict(valid=False, reason=reason, skipped_rows=bad)
    return Verdict(valid=True, skipped_rows=bad)


def percents(counts: Sequence[int], base: int) -> tuple[str, ...]:
    """Each count as a percentage of `base` (decimal comma)."""
    return tuple(percent(c, base) for c in counts)
