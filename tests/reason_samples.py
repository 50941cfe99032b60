"""One reason of every code, with its parameters, and its words in Vietnamese and in English (issue #13).

Shared by tests/recognition/test_outcomes.py (the Vietnamese words, the stored form) and
tests/ui/test_scan_words.py (the English UI, through the compiled translation).
"""

from __future__ import annotations

import datetime as dt

from app.recognition.outcomes import Reason, ReasonCode, Region

AT = dt.datetime(2026, 6, 20, 9, 5, 7)

#: (reason, Vietnamese, English) — one for each ReasonCode.
SAMPLES: list[tuple[Reason, str, str]] = [
    (
        Reason(ReasonCode.BOX_FAINT, region=Region.BOX, row=2, col=3, column="Không tín nhiệm"),
        "dòng 2, ô 'Không tín nhiệm': dấu mờ hoặc nhỏ",
        "row 2, box 'Không tín nhiệm': faint or small mark",
    ),
    (
        Reason(ReasonCode.BOX_HALO, region=Region.BOX, row=1, col=1, column="Tín nhiệm cao"),
        "dòng 1, ô 'Tín nhiệm cao': nét quanh ô (khoanh tròn hoặc gạch xóa)",
        "row 1, box 'Tín nhiệm cao': strokes around the box (circled or scribbled out)",
    ),
    (
        Reason(ReasonCode.BOX_LINE, region=Region.BOX, row=1, col=2, column="Đồng ý"),
        "dòng 1, ô 'Đồng ý': một đường thẳng chạy qua ô và ra hai bên (có thể là nếp gấp)",
        "row 1, box 'Đồng ý': one straight line through the box and on beyond it on both sides (a fold, most likely)",
    ),
    (
        Reason(ReasonCode.NAME_PARTLY_STRUCK, region=Region.NAME, row=3, col=0, share=0.45),
        "dòng 3 (tên): gạch một phần tên (45%)",
        "row 3 (name): name partly struck out (45%)",
    ),
    (
        Reason(ReasonCode.NAME_STRAY_LINE, region=Region.NAME, row=4, col=0, mm=6.25),
        "dòng 4 (tên): có nét bút cạnh tên, không qua chữ in (6.2 mm)",
        "row 4 (name): a pen line beside the name, not through the printed letters (6.2 mm)",
    ),
    (
        Reason(ReasonCode.SCORE_WRITTEN, region=Region.SCORE, row=2, col=1),
        "người thứ 2, tiêu chí 1: điểm viết tay — cần người đọc",
        "person 2, criterion 1: handwritten score — a person must read it",
    ),
    (
        Reason(ReasonCode.NAME_WRITTEN, region=Region.LINE, row=1, col=0),
        "dòng tên 1: tên viết tay — cần người đọc",
        "name line 1: handwritten name — a person must read it",
    ),
    (
        Reason(ReasonCode.STAMP_UNCLEAR),
        "không thấy rõ dấu đóng trên phiếu (góc trên bên trái)",
        "the committee's stamp is not clearly seen on the ballot (top left corner)",
    ),
    (
        Reason(ReasonCode.OUTSIDE_MARKS),
        "có nét viết hoặc ký hiệu ngoài các ô đánh dấu (có thể làm phiếu không hợp lệ)",
        "writing or signs outside the marking boxes (may make the ballot invalid)",
    ),
    (
        Reason(ReasonCode.FILE_FAULT, text="hong.png: không đọc được ảnh"),
        "hong.png: không đọc được ảnh",
        "hong.png: không đọc được ảnh",  # the file loader's own words, kept as they are
    ),
    (
        Reason(ReasonCode.BLANK_BACK),
        "trang trắng (mặt sau của tờ phiếu)",
        "blank page (the back of a ballot sheet)",
    ),
    (Reason(ReasonCode.NO_QR), "không tìm thấy mã QR trên trang", "no QR code found on the page"),
    (
        Reason(ReasonCode.MANY_QR, count=2),
        "trang có 2 mã QR: mỗi trang quét chỉ được một phiếu",
        "the page has 2 QR codes: one ballot per scanned page",
    ),
    (
        Reason(ReasonCode.CODE_MALFORMED),
        "Mã trên phiếu không đọc được hoặc không phải mã phiếu KiểmPhiếu.",
        "The code on the ballot cannot be read or is not a KiểmPhiếu ballot code.",
    ),
    (
        Reason(ReasonCode.CODE_WRONG_VERSION),
        "Mã phiếu thuộc phiên bản khác của chương trình.",
        "The ballot code belongs to another version of the program.",
    ),
    (
        Reason(ReasonCode.CODE_FOREIGN),
        "Phiếu của hội nghị khác (không phải phiếu in cho hội nghị này).",
        "A ballot of another meeting (not printed for this meeting).",
    ),
    (
        Reason(ReasonCode.CODE_FORGED),
        "Mã phiếu bị sửa hoặc giả mạo (chữ ký số không khớp).",
        "The ballot code was altered or forged (the digital signature does not match).",
    ),
    (Reason(ReasonCode.CODE_WRONG_ROUND), "Phiếu của lần bầu khác.", "A ballot of another round."),
    (
        Reason(ReasonCode.POLL_GONE),
        "phiếu của nội dung không còn trong tệp hội nghị",
        "a ballot of a poll no longer in the meeting file",
    ),
    (
        Reason(ReasonCode.TEST_SHEET),
        "phiếu thử (phiếu kiểm tra máy), không được tính",
        "test ballot (for checking the scanner), never counted",
    ),
    (
        Reason(ReasonCode.ALIGN_FAULT, text="LinAlgError"),
        "không căn được trang theo mẫu phiếu (LinAlgError); hãy quét lại trang này",
        "the page could not be aligned with the ballot template (LinAlgError); scan this page again",
    ),
    (
        Reason(ReasonCode.PAGES_MISMATCH),
        "mẫu phiếu không khớp số trang trên mã QR",
        "the ballot template does not match the page count in the QR code",
    ),
    (
        Reason(ReasonCode.MARKS_MISSING),
        "không thấy đủ bốn dấu định vị ở bốn góc (trang bị cắt, gập, lệch quá hoặc in sai khổ)",
        "the four registration marks in the corners are not all found (page cut off, folded, too far askew or "
        "printed on the wrong paper size)",
    ),
    (
        Reason(ReasonCode.PAGE_WARPED, mm=1.84),
        "trang bị cong hoặc gập (lệch 1.8 mm so với mẫu phiếu)",
        "the page is bent or folded (1.8 mm off the ballot template)",
    ),
    (
        Reason(ReasonCode.PAGE_SKEWED, degrees=11.6, max_degrees=8.0),
        "trang bị xoay lệch 12° (giới hạn 8°); hãy quét lại cho thẳng",
        "the page is turned 12° (limit 8°); scan it again straight",
    ),
    (
        Reason(ReasonCode.PRINT_SCALE, share=0.94, low=0.95, high=1.05),
        "phiếu in sai tỉ lệ (94% cỡ thật; giới hạn 95%–105%): hãy in phiếu đúng 100 %, không 'vừa trang'",
        "the ballot was printed at the wrong scale (94% of true size; limits 95%–105%): print ballots at exactly "
        "100 %, not 'fit to page'",
    ),
    (
        Reason(ReasonCode.REGION_OUTSIDE),
        "một phần vùng đánh dấu nằm ngoài ảnh quét",
        "part of the marking area lies outside the scanned image",
    ),
    (
        Reason(ReasonCode.UNREADABLE, text="trang bị cong"),
        "trang bị cong",
        "trang bị cong",  # reading.py's words until it gives codes
    ),
    (
        Reason(ReasonCode.POLL_CLOSED, poll="bch"),
        "nội dung 'bch' đã kết thúc kiểm phiếu, không tính thêm phiếu",
        "poll 'bch' has finished counting; no more ballots are counted",
    ),
    (
        Reason(ReasonCode.NOT_IN_REGISTER, serial="K7Q2M"),
        "phiếu số K7Q2M không có trong sổ phiếu đã in của nội dung này",
        "ballot K7Q2M is not in this poll's register of printed ballots",
    ),
    (
        Reason(ReasonCode.SHEET_SPOILED, serial="K7Q2M"),
        "phiếu số K7Q2M đã hủy (đổi phiếu), không được tính",
        "ballot K7Q2M was spoiled (exchanged), never counted",
    ),
    (
        Reason(ReasonCode.SHEET_UNUSED, serial="K7Q2M"),
        "phiếu số K7Q2M chưa phát (phiếu thừa), không được tính",
        "ballot K7Q2M was not issued (left over), never counted",
    ),
    (
        Reason(ReasonCode.ALREADY_SCANNED, serial="K7Q2M", at=AT, station="may-2", by="lan"),
        "phiếu số K7Q2M đã quét lúc 09:05:07 20/06/2026 tại máy may-2 (người quét: lan)",
        "ballot K7Q2M was already scanned at 09:05:07 20/06/2026 on station may-2 (scanned by lan)",
    ),
    (
        Reason(ReasonCode.ALREADY_KEYED, serial="K7Q2M", at=AT, station="may-1", by="an"),
        "phiếu số K7Q2M đã nhập lúc 09:05:07 20/06/2026 tại máy may-1 (người nhập: an)",
        "ballot K7Q2M was already keyed in at 09:05:07 20/06/2026 on station may-1 (keyed in by an)",
    ),
    (
        Reason(ReasonCode.TWIN_PENDING, serial="K7Q2M", file="quet-3.png", page=2),
        "trang này của phiếu số K7Q2M đã quét (quet-3.png, trang 2) và đang chờ xử lý",
        "this page of ballot K7Q2M was already scanned (quet-3.png, page 2) and is waiting to be dealt with",
    ),
    (
        Reason(ReasonCode.SCANNED_BEFORE, at=AT, file="quet-3.png"),
        "trang này đã quét lúc 09:05:07 20/06/2026 (tệp quet-3.png); bỏ qua",
        "this page was already scanned at 09:05:07 20/06/2026 (file quet-3.png); skipped",
    ),
    (
        Reason(ReasonCode.ENTRY_REFUSED, text="Phiếu số K7Q2M đã hủy."),
        "phiếu không ghi được: Phiếu số K7Q2M đã hủy.",
        "the ballot could not be recorded: Phiếu số K7Q2M đã hủy.",
    ),
    (
        Reason(ReasonCode.LEGACY, text="dòng 3 (tên): gạch một phần tên (45%)"),
        "dòng 3 (tên): gạch một phần tên (45%)",
        "dòng 3 (tên): gạch một phần tên (45%)",  # stored as text by an earlier version: shown as stored
    ),
]
