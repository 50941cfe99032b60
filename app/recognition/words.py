"""The words for scanned pages: outcomes, statuses and reasons in Vietnamese (the CLI, the minutes, the default).

The GUI shows the same catalogs through Qt's tr (context "scanning" for outcomes and statuses, "scan_reasons"
for reason templates), so the English UI translates them; each is marked `translatable` for the .ts. A reason's
template names its parameters ({row}, {share}…), filled with `params`, which formats numbers and times the
same way in every language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from app import dates
from app.printing.ballot_code import PROBLEM_MESSAGES, CodeProblem
from app.recognition.outcomes import Outcome, Reason, ReasonCode, Status
from app.text import translatable

OUTCOME_WORDS: Mapping[Outcome, str] = {
    Outcome.READ: translatable("scanning", "đọc được, đã tính"),
    Outcome.REVIEW: translatable("scanning", "cần người xem"),
    Outcome.BLANK: translatable("scanning", "trang trắng"),
    Outcome.UNREADABLE: translatable("scanning", "không đọc được"),
    Outcome.FOREIGN: translatable("scanning", "không phải phiếu của hội nghị này"),
    Outcome.DUPLICATE: translatable("scanning", "trùng"),
    Outcome.UNISSUED: translatable("scanning", "không có trong sổ phiếu đã phát"),
    Outcome.TEST: translatable("scanning", "phiếu thử"),
    Outcome.CLOSED: translatable("scanning", "nội dung đã kết thúc"),
}

STATUS_WORDS: Mapping[Status, str] = {
    Status.COUNTED: translatable("scanning", "đã tính"),
    Status.PENDING: translatable("scanning", "chờ người xem"),
    Status.WAITING: translatable("scanning", "chờ trang còn lại của tờ phiếu"),
    Status.TURNED_AWAY: translatable("scanning", "không tính"),
    Status.DONE: translatable("scanning", "trang trắng"),
    Status.DISMISSED: translatable("scanning", "đã xử lý, không tính"),
}

# Each reason code's words, with its parameters as {placeholders}.
REASON_TEMPLATES: Mapping[ReasonCode, str] = {
    ReasonCode.BOX_FAINT: translatable("scan_reasons", "dòng {row}, ô '{column}': dấu mờ hoặc nhỏ"),
    ReasonCode.BOX_HALO: translatable(
        "scan_reasons", "dòng {row}, ô '{column}': nét quanh ô (khoanh tròn hoặc gạch xóa)"
    ),
    ReasonCode.BOX_LINE: translatable(
        "scan_reasons", "dòng {row}, ô '{column}': một đường thẳng chạy qua ô và ra hai bên (có thể là nếp gấp)"
    ),
    ReasonCode.NAME_PARTLY_STRUCK: translatable("scan_reasons", "dòng {row} (tên): gạch một phần tên ({share})"),
    ReasonCode.NAME_STRAY_LINE: translatable(
        "scan_reasons", "dòng {row} (tên): có nét bút cạnh tên, không qua chữ in ({mm} mm)"
    ),
    ReasonCode.SCORE_WRITTEN: translatable(
        "scan_reasons", "người thứ {row}, tiêu chí {col}: điểm viết tay — cần người đọc"
    ),
    ReasonCode.NAME_WRITTEN: translatable("scan_reasons", "dòng tên {row}: tên viết tay — cần người đọc"),
    ReasonCode.STAMP_UNCLEAR: translatable("scan_reasons", "không thấy rõ dấu đóng trên phiếu (góc trên bên trái)"),
    ReasonCode.OUTSIDE_MARKS: translatable(
        "scan_reasons", "có nét viết hoặc ký hiệu ngoài các ô đánh dấu (có thể làm phiếu không hợp lệ)"
    ),
    ReasonCode.FILE_FAULT: translatable("scan_reasons", "{text}"),
    ReasonCode.BLANK_BACK: translatable("scan_reasons", "trang trắng (mặt sau của tờ phiếu)"),
    ReasonCode.NO_QR: translatable("scan_reasons", "không tìm thấy mã QR trên trang"),
    ReasonCode.MANY_QR: translatable("scan_reasons", "trang có {count} mã QR: mỗi trang quét chỉ được một phiếu"),
    ReasonCode.CODE_MALFORMED: PROBLEM_MESSAGES[CodeProblem.MALFORMED],
    ReasonCode.CODE_WRONG_VERSION: PROBLEM_MESSAGES[CodeProblem.WRONG_VERSION],
    ReasonCode.CODE_FOREIGN: PROBLEM_MESSAGES[CodeProblem.FOREIGN],
    ReasonCode.CODE_FORGED: PROBLEM_MESSAGES[CodeProblem.FORGED],
    ReasonCode.CODE_WRONG_ROUND: PROBLEM_MESSAGES[CodeProblem.WRONG_ROUND],
    ReasonCode.POLL_GONE: translatable("scan_reasons", "phiếu của nội dung không còn trong tệp hội nghị"),
    ReasonCode.TEST_SHEET: translatable("scan_reasons", "phiếu thử (phiếu kiểm tra máy), không được tính"),
    ReasonCode.ALIGN_FAULT: translatable(
        "scan_reasons", "không căn được trang theo mẫu phiếu ({text}); hãy quét lại trang này"
    ),
    ReasonCode.PAGES_MISMATCH: translatable("scan_reasons", "mẫu phiếu không khớp số trang trên mã QR"),
    ReasonCode.MARKS_MISSING: translatable(
        "scan_reasons", "không thấy đủ bốn dấu định vị ở bốn góc (trang bị cắt, gập, lệch quá hoặc in sai khổ)"
    ),
    ReasonCode.PAGE_WARPED: translatable("scan_reasons", "trang bị cong hoặc gập (lệch {mm} mm so với mẫu phiếu)"),
    ReasonCode.PAGE_SKEWED: translatable(
        "scan_reasons", "trang bị xoay lệch {degrees}° (giới hạn {max_degrees}°); hãy quét lại cho thẳng"
    ),
    ReasonCode.PRINT_SCALE: translatable(
        "scan_reasons",
        "phiếu in sai tỉ lệ ({share} cỡ thật; giới hạn {low}–{high}): hãy in phiếu đúng 100 %, không 'vừa trang'",
    ),
    ReasonCode.REGION_OUTSIDE: translatable("scan_reasons", "một phần vùng đánh dấu nằm ngoài ảnh quét"),
    ReasonCode.UNREADABLE: translatable("scan_reasons", "{text}"),
    ReasonCode.POLL_CLOSED: translatable(
        "scan_reasons", "nội dung '{poll}' đã kết thúc kiểm phiếu, không tính thêm phiếu"
    ),
    ReasonCode.NOT_IN_REGISTER: translatable(
        "scan_reasons", "phiếu số {serial} không có trong sổ phiếu đã in của nội dung này"
    ),
    ReasonCode.SHEET_SPOILED: translatable("scan_reasons", "phiếu số {serial} đã hủy (đổi phiếu), không được tính"),
    ReasonCode.SHEET_UNUSED: translatable("scan_reasons", "phiếu số {serial} chưa phát (phiếu thừa), không được tính"),
    ReasonCode.ALREADY_SCANNED: translatable(
        "scan_reasons", "phiếu số {serial} đã quét lúc {at} tại máy {station} (người quét: {by})"
    ),
    ReasonCode.ALREADY_KEYED: translatable(
        "scan_reasons", "phiếu số {serial} đã nhập lúc {at} tại máy {station} (người nhập: {by})"
    ),
    ReasonCode.TWIN_PENDING: translatable(
        "scan_reasons", "trang này của phiếu số {serial} đã quét ({file}, trang {page}) và đang chờ xử lý"
    ),
    ReasonCode.SCANNED_BEFORE: translatable("scan_reasons", "trang này đã quét lúc {at} (tệp {file}); bỏ qua"),
    ReasonCode.ENTRY_REFUSED: translatable("scan_reasons", "phiếu không ghi được: {text}"),
    ReasonCode.LEGACY: translatable("scan_reasons", "{text}"),
}

_PERCENT = frozenset({"share", "low", "high"})


def params(reason: Reason) -> dict[str, str]:
    """A reason's parameters as text for its template: shares as percentages, degrees whole, millimetres to a
    tenth, times as HH:MM:SS dd/mm/yyyy."""
    out = {}
    for name, value in reason.params().items():
        if name in _PERCENT:
            out[name] = f"{value:.0%}"
        elif name in ("degrees", "max_degrees"):
            out[name] = f"{value:.0f}"
        elif name == "mm":
            out[name] = f"{value:.1f}"
        elif isinstance(value, dt.datetime):
            out[name] = dates.moment(value, seconds=True)
        else:
            out[name] = str(value)
    return out


def vietnamese(value: Reason | Outcome | Status) -> str:
    """A reason, an outcome or a status in Vietnamese."""
    if isinstance(value, Reason):
        return REASON_TEMPLATES[value.code].format(**params(value))
    if isinstance(value, Outcome):
        return OUTCOME_WORDS[value]
    return STATUS_WORDS[value]
