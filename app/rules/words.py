"""The Vietnamese words of the rules' reasons and notes (the CLI, the minutes, the workbook, the meeting file).

The GUI shows the same templates through Qt's tr (context "rule_reasons", ui/rule_words.py), so the English UI
translates them; tools/i18n.py lists them for the translation. A template names its parameters ({row},
{names}…), filled the way `params` says.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.rules.reasons import Code, Param, Reason
from app.text import join_names, translatable

#: Each code's words, with its parameters as {placeholders}.
TEMPLATES: Mapping[Code, str] = {
    Code.TOO_MANY_KEPT: translatable("rule_reasons", "Bầu quá số lượng cần bầu"),
    Code.ALL_STRUCK: translatable("rule_reasons", "Gạch hết tên trong danh sách bầu cử"),
    Code.SINGLE_FAULT: translatable("rule_reasons", "Không đánh dấu hoặc đánh dấu cả hai ô (phiếu bầu một người)"),
    Code.ROW_FAULT: translatable("rule_reasons", "Có người không được đánh dấu ô nào hoặc được đánh dấu nhiều ô"),
    Code.SCORE_OUT_OF_RANGE: translatable("rule_reasons", "Có điểm ngoài thang điểm của tiêu chí"),
    Code.SCORE_BAD_STEP: translatable("rule_reasons", "Có điểm không đúng bước chấm điểm"),
    Code.TOO_MANY_NAMES: translatable("rule_reasons", "Ghi quá số người được giới thiệu"),
    Code.OVERRIDE_WITHOUT_MARKS: translatable(
        "rule_reasons", "Ban kiểm phiếu kết luận hợp lệ nhưng chưa nhập nội dung phiếu"
    ),
    Code.INVALID: translatable("rule_reasons", "Không hợp lệ"),
    Code.NOT_ISSUED: translatable("rule_reasons", "Không phải phiếu do Ban kiểm phiếu phát ra"),
    Code.NO_STAMP: translatable("rule_reasons", "Phiếu không có dấu của cấp ủy (tổ chức) triệu tập"),
    Code.TORN: translatable("rule_reasons", "Phiếu bị rách, không còn nguyên vẹn"),
    Code.SIGNED: translatable("rule_reasons", "Phiếu có ký tên hoặc đánh dấu ký hiệu"),
    Code.EXTRA_NAMES: translatable("rule_reasons", "Ghi thêm tên người ngoài danh sách hoặc nội dung khác"),
    Code.NAME_CROSSED: translatable("rule_reasons", "Gạch xóa họ tên người được in trên phiếu"),
    Code.STATED: translatable("rule_reasons", "{text}"),
    Code.NAME_REPEATED: translatable("rule_reasons", "Một tên được ghi nhiều lần trên phiếu: chỉ tính một lần."),
    Code.SUBJECTS_UNSCORED: translatable("rule_reasons", "{count} người chưa được chấm đủ tiêu chí"),
    Code.ZERO_BASE: translatable(
        "rule_reasons",
        "Mẫu số để tính kết quả bằng 0 (ví dụ mọi người được triệu tập đều thuộc trường hợp không tính) mà vẫn có "
        "phiếu hợp lệ: không công bố được kết quả trên mẫu số 0 — hãy kiểm tra lại số liệu tham dự.",
    ),
    Code.QUORUM_NOT_MET: translatable(
        "rule_reasons",
        "Số có mặt ({present}/{convened}) chưa đạt {num}/{den} số được triệu tập theo {basis}: "
        "biên bản chính thức cần Trưởng ban xác nhận.",
    ),
    Code.ENTERED_OVER_COLLECTED: translatable(
        "rule_reasons",
        "SỐ LIỆU CHƯA KHỚP: đã nhập {entered} phiếu nhưng chỉ thu về {collected} phiếu; "
        "các tỷ lệ và kết quả trên chưa dùng được.",
    ),
    Code.COLLECTED_OVER_ISSUED: translatable(
        "rule_reasons",
        "SỐ LIỆU CHƯA KHỚP: thu về {collected} phiếu nhưng chỉ phát ra {issued} phiếu; "
        "các tỷ lệ và kết quả trên chưa dùng được.",
    ),
    Code.REVOTE: translatable("rule_reasons", "Chưa xác định – cần bầu lại giữa {names} cho {seats} chỉ tiêu."),
    Code.SEATS_OPEN: translatable(
        "rule_reasons", "Còn {count} chỉ tiêu chưa bầu đủ: đại hội quyết định việc bầu tiếp."
    ),
    Code.CAP_EXCEEDED: translatable(
        "rule_reasons",
        "Số xếp loại Hoàn thành xuất sắc ({excellent}) vượt {percent}% số Hoàn thành tốt trở lên ({good}): "
        "tối đa {cap}; tập thể phải chọn lại.",
    ),
    Code.CAP_EXCEEDED_RATED: translatable(
        "rule_reasons",
        "Số xếp loại Hoàn thành xuất sắc ({excellent}) vượt {percent}% tổng số được xếp loại ({good}): "
        "tối đa {cap}; tập thể phải chọn lại.",
    ),
    Code.HEAD_ABOVE_COLLECTIVE: translatable(
        "rule_reasons", "{name} là người đứng đầu, không được xếp cao hơn mức của tập thể ({level})."
    ),
    Code.BAND_OVER_HALF: translatable("rule_reasons", "Có quá nửa đến dưới 2/3 số phiếu {column}"),
    Code.BAND_TWO_THIRDS: translatable("rule_reasons", "Có từ 2/3 trở lên số phiếu {column}"),
    Code.NO_CONFIDENCE: translatable("rule_reasons", "Quá nửa không tín nhiệm"),
    Code.LEVEL_NOT_QUALIFIED: translatable("rule_reasons", "Chưa đủ điều kiện của mức {voted}: xếp mức {level}."),
    Code.NO_MAJORITY_LEVEL: translatable("rule_reasons", "Không mức nào đạt đa số: tập thể xem xét, quyết định."),
    Code.FEW_SCORERS: translatable(
        "rule_reasons", "Ít hơn {least} phiếu chấm: dùng trung bình cộng, không loại điểm cao nhất, thấp nhất."
    ),
    Code.SCORES_INCOMPLETE: translatable(
        "rule_reasons", "{count} phiếu chấm thiếu tiêu chí, không tính cho người này."
    ),
    Code.NOT_ELIGIBLE: translatable("rule_reasons", "Không có trong danh sách đủ điều kiện"),
    Code.EMPTY_PHYSICAL: translatable("rule_reasons", "lý do phiếu không hợp lệ không được để trống"),
    Code.STRUCK_NOT_LISTED: translatable(
        "rule_reasons", "số thứ tự gạch tên {row} không có trong danh sách (1–{count})"
    ),
    Code.STRUCK_ONLY: translatable("rule_reasons", "phiếu bầu có số dư chỉ ghi các số thứ tự bị gạch ('struck')"),
    Code.CHOICES_ONLY: translatable("rule_reasons", "phiếu này ghi lựa chọn theo từng dòng ('choices')"),
    Code.CHOICES_ROWS: translatable("rule_reasons", "phiếu có {rows} dòng nhưng 'choices' có {given} phần tử"),
    Code.NO_SUCH_COLUMN: translatable(
        "rule_reasons", "dòng {row}: cột {column} không có (phiếu có {columns} cột đánh dấu, 0 = để trống)"
    ),
    Code.SCORES_ONLY: translatable("rule_reasons", "phiếu chấm điểm ghi điểm từng người theo từng tiêu chí ('scores')"),
    Code.SCORES_ROWS: translatable("rule_reasons", "phiếu có {rows} người được chấm nhưng 'scores' có {given} dòng"),
    Code.SCORES_PER_ROW: translatable(
        "rule_reasons", "dòng {row}: cần {needed} điểm (một điểm cho mỗi tiêu chí) nhưng có {given}"
    ),
    Code.NAMES_ONLY: translatable("rule_reasons", "phiếu giới thiệu chỉ ghi tên người được giới thiệu ('names')"),
    Code.TOO_MANY_WRITTEN: translatable(
        "rule_reasons",
        "phiếu ghi {given} tên; một phiếu giới thiệu {seats} người không thể ghi quá {most} tên — "
        "hãy kiểm tra lại dòng này",
    ),
    Code.NAME_TOO_LONG: translatable("rule_reasons", "một tên dài {length} ký tự (quá {most}), không phải họ tên"),
}

#: Parameters holding a mark column's label, shown in lower case inside a sentence.
LOWER = frozenset({"column"})


def params(reason: Reason, join: bool = True) -> dict[str, Param]:
    """A reason's parameters for its template: names joined the Vietnamese way (unless `join` is False),
    a column's label in lower case."""
    out: dict[str, Param] = {}
    for name, value in reason.args:
        if isinstance(value, tuple):
            out[name] = join_names(value) if join else value
        elif name in LOWER and isinstance(value, str):
            out[name] = value.lower()
        else:
            out[name] = value
    return out


def vietnamese(reason: Reason) -> str:
    """A reason in Vietnamese."""
    return TEMPLATES[reason.code].format(**params(reason))


def vietnamese_or_none(reason: Reason | None) -> str | None:
    """A reason in Vietnamese, or None for no reason."""
    return None if reason is None else vietnamese(reason)


__all__ = ["TEMPLATES", "Param", "params", "vietnamese", "vietnamese_or_none"]
