"""The rules a count applied, one Vietnamese line each with where it comes from (#15).

Each edge the regulations leave open is a profile setting (docs/regulations.md §9); the minutes, the
workbook and `kiemphieu tally` print these lines so a reader sees which choice was made and on what basis
("không tìm thấy văn bản quy định" when no text was found, with its decision record in docs/decisions/).
"""

from __future__ import annotations

from app.rules.model import PollKind, Tally
from app.rules.profile import (
    BASE_LABELS,
    CAP_POOL_LABELS,
    BlankCriterion,
    FaultRule,
    LevelRule,
    Rounding,
)

ROUNDING_WORDS = {Rounding.FLOOR: "làm tròn xuống", Rounding.HALF_UP: "làm tròn", Rounding.CEIL: "làm tròn lên"}
GRID_KINDS = (PollKind.CONFIDENCE, PollKind.EVALUATION, PollKind.MOTION)
BANDED_BINDING_RULE = (
    "Biên bản được lập theo quy tắc cũ (trước khi bỏ phiếu tín nhiệm có quy tắc hai mức riêng): bỏ phiếu tín "
    "nhiệm được chia mức như lấy phiếu tín nhiệm — quá nửa đến dưới 2/3, từ 2/3 trở lên số phiếu Không tín nhiệm; "
    "kết quả tính lại theo đúng quy tắc đó. Mở lại nội dung để lập bản sửa theo quy tắc hiện hành (quyết định 0013)."
)


def _basis(text: str) -> str:
    """The citation after a rule: "— theo <text>", or the "không tìm thấy …" words as they stand."""
    return f" — {text}" if text.startswith("không tìm thấy") else f" — theo {text}"


def applied_rules(tally: Tally) -> tuple[str, ...]:
    """What the count behind `tally` decided at each open edge, and on what basis."""
    p = tally.profile
    lines: list[str] = []
    if tally.binding_as_bands:
        lines.append(BANDED_BINDING_RULE)
    if tally.kind is PollKind.CONFIDENCE and tally.binding:
        lines.append(
            "Bỏ phiếu tín nhiệm (hai mức): người có quá một nửa "
            f"{BASE_LABELS[p.binding_base]} bỏ phiếu Không tín nhiệm là không được tín nhiệm; tỷ lệ % cũng "
            f"tính trên {BASE_LABELS[p.binding_base]}{_basis(p.binding_basis)}."
        )
    else:
        if p.percent_base == p.majority_base:
            bases = f"Tỷ lệ % và các ngưỡng tính trên {BASE_LABELS[p.majority_base]}"
        else:
            bases = (
                f"Tỷ lệ % tính trên {BASE_LABELS[p.percent_base]}; ngưỡng quá một nửa tính trên "
                f"{BASE_LABELS[p.majority_base]}"
            )
        lines.append(f"{bases}{_basis(p.base_basis)}.")
    if p.quorum[0] > 0:
        lines.append(f"Số có mặt tối thiểu: {p.quorum[0]}/{p.quorum[1]} số được triệu tập{_basis(p.quorum_basis)}.")
    if tally.kind in GRID_KINDS:
        fault = (
            "cả phiếu không hợp lệ"
            if p.row_fault is FaultRule.INVALIDATE_BALLOT
            else "chỉ không tính dòng đó, phiếu vẫn hợp lệ"
        )
        lines.append(
            f"Phiếu có một dòng không đánh dấu ô nào hoặc đánh dấu nhiều ô: {fault}{_basis(p.row_fault_basis)}."
        )
    if tally.kind is PollKind.EVALUATION:
        level = (
            "đa số cộng dồn (mức cao nhất mà số phiếu cho mức đó và các mức cao hơn quá một nửa "
            f"{BASE_LABELS[p.majority_base]})"
            if p.level_rule is LevelRule.CUMULATIVE_MAJORITY
            else "mức có nhiều phiếu nhất (bằng phiếu thì chưa xác định)"
        )
        lines.append(f"Mức xếp loại theo {level}{_basis(p.level_rule_basis)}.")
        lines.append(
            f"Số Hoàn thành xuất sắc nhiệm vụ không quá {p.excellent_cap_percent}% "
            f"{CAP_POOL_LABELS[p.cap_pool]}, {ROUNDING_WORDS[p.cap_rounding]}{_basis(p.cap_basis)}."
        )
    if tally.kind is PollKind.SCORING:
        blank = (
            "người đó không được tính điểm trên phiếu ấy"
            if p.blank_criterion is BlankCriterion.LEFT_OUT
            else "tiêu chí đó tính 0 điểm"
        )
        lines.append(f"Tiêu chí để trống trên phiếu chấm điểm: {blank}{_basis(p.blank_criterion_basis)}.")
    return tuple(lines)
