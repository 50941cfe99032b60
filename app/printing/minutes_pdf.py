"""The minutes (biên bản kiểm phiếu) as PDF: ReportLab platypus, page templates, "Trang x/y".

Wording follows docs/regulations.md §2.8 and the poll's profile (Party / State / generic).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app import dates
from app.minutes_data import MinutesData, quorum_words
from app.printing.ballot_code import shown_serial
from app.printing.ballot_pdf import draw_qr
from app.printing.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts
from app.printing.layout import Rect
from app.rules.applied import applied_rules
from app.rules.common import NUMBER_WARNINGS
from app.rules.model import LEVEL_COLUMNS, PollKind
from app.rules.points import format_mean
from app.rules.profile import BASE_LABELS, Base, CapPool
from app.rules.words import vietnamese
from app.sources import SOURCE_LEGEND, source_words
from app.text import join_names

LEVEL_NAMES = dict(enumerate(LEVEL_COLUMNS, start=1))
DIGEST_PREFIX = "KPMIN:"  # the minutes' QR: prefix + the SHA-256 of the tally, in capitals


def minutes_code(data: MinutesData) -> str:
    """What the minutes' QR holds: the prefix, the tally's SHA-256 in capitals and, after a space, the anchor
    code of the log at the closing (`kiemphieu verify --code` checks both)."""
    code = DIGEST_PREFIX + data.digest.upper()
    return f"{code} {data.anchor}" if data.anchor else code


AGGREGATE_LABELS = {
    "mean": "trung bình cộng",
    "trimmed_mean": "trung bình cộng sau khi bỏ điểm cao nhất và thấp nhất",
    "median": "trung vị",
}


def _p(text: str) -> str:
    """Escape for a Paragraph and normalise to NFC."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Styles:
    def __init__(self) -> None:
        base = ParagraphStyle("body", fontName=SERIF, fontSize=13, leading=17, alignment=TA_JUSTIFY)
        self.body = base
        self.item = ParagraphStyle("item", parent=base, leftIndent=8 * mm, firstLineIndent=-4 * mm)
        self.center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
        self.center_bold = ParagraphStyle("cb", parent=self.center, fontName=SERIF_BOLD)
        self.title = ParagraphStyle("title", parent=self.center_bold, fontSize=15, leading=20, spaceBefore=10)
        self.italic_center = ParagraphStyle("ic", parent=self.center, fontName=SERIF_ITALIC)
        self.heading = ParagraphStyle("h", parent=base, fontName=SERIF_BOLD, spaceBefore=8, spaceAfter=2)
        self.cell = ParagraphStyle("cell", fontName=SERIF, fontSize=11.5, leading=14, alignment=TA_LEFT)
        self.cell_center = ParagraphStyle("cellc", parent=self.cell, alignment=TA_CENTER)
        self.cell_head = ParagraphStyle("cellh", parent=self.cell_center, fontName=SERIF_BOLD)
        self.small = ParagraphStyle("small", parent=base, fontSize=10, leading=12.5)
        self.header = ParagraphStyle("hdr", parent=self.center, fontSize=12.5, leading=15.5)
        self.header_bold = ParagraphStyle("hdrb", parent=self.header, fontName=SERIF_BOLD)


def _numbered_canvas(data: MinutesData) -> type[Canvas]:
    """A canvas that knows the page count when it draws each footer ("Trang x/y")."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width, _ = self._pagesize
            self.setFont(SERIF_ITALIC, 10)
            self.drawCentredString(width / 2, 10 * mm, f"Trang {self._pageNumber}/{total}")
            self.setFont(SERIF, 7.5)
            revision = f"bản {data.revision}" if data.revision else "bản nháp"
            self.drawString(20 * mm, 10 * mm, f"Mã kiểm tra kết quả ({revision}): {data.digest[:32]}")
            if data.anchor:
                self.drawString(20 * mm, 6.5 * mm, f"Mã neo nhật ký: {data.anchor}")
            # The whole digest and the anchor as a small QR, so a printed copy can be checked against the file
            # (kiemphieu verify --code).
            draw_qr(self, minutes_code(data), Rect(width - 35 * mm, 3 * mm, 15 * mm, 15 * mm), version=None)
            if data.draft:
                self.saveState()
                self.setFillColor(colors.Color(0.6, 0.6, 0.6, alpha=0.35))
                self.setFont(SERIF_BOLD, 54)
                self.translate(width / 2, 140 * mm)
                self.rotate(35)
                self.drawCentredString(0, 0, "BẢN NHÁP")
                self.restoreState()

    return NumberedCanvas


# Share of the page's width for an annex's serial column: the widest serial ("WWWWW-WWWWW", 112 pt at the cells'
# 11.5 pt) on one line with the cell's padding (0.2 broke serials with wide letters across two lines).
SERIAL_COLUMN = 0.27


def _table(rows: list[list[Any]], widths: list[float], header_rows: int = 1) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=header_rows, hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                # Tables name a default font for every cell (Helvetica) even when cells are Paragraphs.
                ("FONTNAME", (0, 0), (-1, -1), SERIF),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


CAP_POOL_WORDS = {CapPool.GOOD_OR_BETTER: "từ Hoàn thành tốt nhiệm vụ trở lên", CapPool.RATED: "được xếp loại"}


class _Builder:
    def __init__(self, data: MinutesData) -> None:
        self.data = data
        self.s = _Styles()
        self.story: list[Any] = []
        self.tally = data.result.tally
        self.party = self.tally.profile.wording == "party"
        self.width = A4[0] - 40 * mm

    def para(self, text: str, style: ParagraphStyle | None = None) -> None:
        if style is self.s.heading:
            # A section heading never ends a page without the start of its section.
            self.story.append(CondPageBreak(35 * mm))
        self.story.append(Paragraph(text, style or self.s.body))

    def add_table(self, table: Table, rows: int) -> None:
        """A short table stays on one page; a long one splits with its header repeated."""
        self.story.append(KeepTogether([table]) if rows <= 16 else table)

    def cell(self, text: Any, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(_p(str(text)), style or self.s.cell)

    def build(self) -> list[Any]:
        self.header()
        self.title()
        self.basis()
        self.attendance()
        self.ballot_counts()
        self.results()
        self.revision()
        self.closing()
        self.annexes()
        return self.story

    # ------------------------------------------------------------------ parts

    def header(self) -> None:
        m = self.data.meeting
        left = [Paragraph(_p(m.superior.upper()), self.s.header)] if m.superior else []
        left += [
            Paragraph(_p(m.organization.upper()), self.s.header_bold),
            Paragraph("BAN KIỂM PHIẾU", self.s.header_bold),
            Paragraph("*", self.s.header),
        ]
        if self.party:
            right = [Paragraph("<u>ĐẢNG CỘNG SẢN VIỆT NAM</u>", self.s.header_bold)]
        else:
            motto = ParagraphStyle("motto", parent=self.s.header_bold, fontSize=12)
            right = [
                Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", motto),
                Paragraph("<u>Độc lập - Tự do - Hạnh phúc</u>", motto),
            ]
        day = self.data.completed_at
        right.append(Spacer(1, 3 * mm))
        right.append(
            Paragraph(
                _p(f"{m.place}, ngày {day.day} tháng {day.month} năm {day.year}"),
                ParagraphStyle("date", parent=self.s.header, fontName=SERIF_ITALIC),
            )
        )
        table = Table([[left, right]], colWidths=[self.width * 0.42, self.width * 0.58])
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("FONTNAME", (0, 0), (-1, -1), SERIF),
                ]
            )
        )
        self.story.append(table)

    def title(self) -> None:
        r = self.data.result
        self.para("BIÊN BẢN KIỂM PHIẾU", self.s.title)
        self.para(_p(r.title), self.s.center_bold)
        if self.tally.kind is PollKind.ELECTION:
            self.para(f"(Lần bầu thứ {r.round_no})", self.s.center_bold)
        self.para(_p(self.data.meeting.title), self.s.italic_center)
        if self.data.revision and self.data.revision > 1:
            self.para(f"Bản sửa lần thứ {self.data.revision - 1} (thay thế các bản trước)", self.s.italic_center)
        self.story.append(Spacer(1, 4 * mm))

    def basis(self) -> None:
        profile = self.tally.profile
        if profile.basis:
            self.para(_p(f"- {profile.basis};"), self.s.item)
        if self.tally.kind is PollKind.ELECTION:
            self.para(
                f"- Căn cứ số lượng cần bầu đã được thông qua: <b>{self.data.result.seats}</b> đồng chí;",
                self.s.item,
            )
        # A binding vote has a base of its own: the line under this one says it, not the profile's poll base.
        rule = _p(f"{profile.name}." if self.tally.binding else profile.describe())
        self.para(f"- Quy tắc kiểm phiếu áp dụng: {rule}", self.s.item)
        for line in applied_rules(self.tally):
            self.para(_p(f"+ {line}"), ParagraphStyle("sub", parent=self.s.item, leftIndent=14 * mm))
        committee = self.data.meeting.committee
        if committee:
            self.para("Ban kiểm phiếu gồm các đồng chí:")
            for i, (name, role) in enumerate(committee, start=1):
                self.para(_p(f"{i}. Đồng chí {name} – {role}"), self.s.item)
        self.para("Ban kiểm phiếu đã tiến hành kiểm phiếu và xác nhận kết quả như sau:")

    def attendance(self) -> None:
        m = self.data.meeting
        who = m.electorate
        self.para("I. TÌNH HÌNH THAM DỰ", self.s.heading)
        self.para(_p(f"- Tổng số {who} được triệu tập: {m.convened}"), self.s.item)
        self.para(_p(f"- Số {who} có mặt: {m.present}; vắng mặt: {m.convened - m.present}"), self.s.item)
        if m.exclusions:
            self.para(_p(f"- Số không tính vào tổng số làm căn cứ tính kết quả: {m.excluded}, gồm:"), self.s.item)
            for reason, count in m.exclusions:
                self.para(
                    _p(f"+ {reason}: {count}"),
                    ParagraphStyle("sub", parent=self.s.item, leftIndent=14 * mm),
                )
        quorum = quorum_words(self.data)
        if quorum is not None:
            self.para(_p(f"- {quorum}"), self.s.item)
        self.para(
            _p(f"- Tổng số làm căn cứ tính kết quả (quá một nửa): {m.election_base}")
            if self.tally.profile.majority_base.value == "election_base" and not self.tally.binding
            else _p(f"- Tỷ lệ và các ngưỡng tính trên {BASE_LABELS[self._threshold_base()]}"),
            self.s.item,
        )

    def ballot_counts(self) -> None:
        t = self.tally.totals
        self.para("II. KẾT QUẢ KIỂM PHIẾU", self.s.heading)
        self.para(f"- Số phiếu phát ra: <b>{t.issued if t.issued is not None else '—'}</b>", self.s.item)
        printed = self.data.sheets
        if printed is not None:
            self.para(
                f"- Số phiếu đã in: <b>{printed.printed}</b> (phát ra {printed.issued}"
                + (f", gồm {len(printed.without_code)} phiếu không có mã" if printed.without_code else "")
                + f"; in thừa, không phát "
                f"{printed.unused}; hủy khi đổi phiếu {printed.spoiled}"
                + (f"; chưa rõ {printed.unaccounted}" if printed.unaccounted else "")
                + ")",
                self.s.item,
            )
            if printed.without_code:
                self.para(
                    _p(
                        f"- Số phiếu không có mã QR được Ban kiểm phiếu xác nhận nhận vào: "
                        f"{len(printed.without_code)} ({', '.join(printed.without_code)})"
                    ),
                    self.s.item,
                )
        if t.collected_recorded:
            self.para(f"- Số phiếu thu về: <b>{t.collected}</b>", self.s.item)
        else:  # only a draft: the final minutes wait for the committee's count (closing.check_gate)
            self.para(
                f"- Số phiếu thu về: <b>chưa ghi</b> (Ban kiểm phiếu chưa ghi số phiếu đếm được; đã nhập {t.entered} "
                "phiếu)",
                self.s.item,
            )
        self.para(f"- Số phiếu hợp lệ: <b>{t.valid}</b>", self.s.item)
        tail = ", trong đó:" if t.invalid_reasons else ""
        self.para(f"- Số phiếu không hợp lệ: <b>{t.invalid}</b>{tail}", self.s.item)
        for reason, count in t.invalid_reasons:
            self.para(
                _p(f"+ {vietnamese(reason)}: {count} phiếu"),
                ParagraphStyle("sub", parent=self.s.item, leftIndent=14 * mm),
            )
        if self.tally.overrides:
            self.para(
                f"- Ban kiểm phiếu đã xem xét, kết luận lại {len(self.tally.overrides)} phiếu (Phụ lục 2).",
                self.s.item,
            )

    def _threshold_base(self) -> Base:
        profile = self.tally.profile
        return profile.binding_base if self.tally.binding else profile.majority_base

    def _base_note(self) -> str:
        profile = self.tally.profile
        which = profile.binding_base if self.tally.binding else profile.percent_base
        return f"Tỷ lệ % so với {BASE_LABELS[which]} ({self.tally.base})"

    def results(self) -> None:
        kind = self.tally.kind
        if kind is PollKind.ELECTION:
            self.election()
        elif kind is PollKind.CONFIDENCE:
            self.confidence()
        elif kind is PollKind.EVALUATION:
            self.evaluation()
        elif kind is PollKind.SCORING:
            self.scoring()
        elif kind is PollKind.MOTION:
            self.motion()
        else:
            self.nomination()
        for note in self.tally.notes:
            self.para(_p(vietnamese(note)), self.s.item)

    def election(self) -> None:
        t = self.tally
        h = self.s.cell_head
        c = self.s.cell_center
        self.para("III. SỐ PHIẾU BẦU CHO TỪNG NGƯỜI (theo thứ tự trong danh sách bầu cử)", self.s.heading)
        self.para(_p(self._base_note()), self.s.small)
        labels = {"elected": "Trúng cử", "not_elected": "", "tie": "Bằng phiếu"}
        rows: list[list[Any]] = [
            [
                self.cell("STT", h),
                self.cell("Họ và tên", h),
                self.cell("Số phiếu bầu", h),
                self.cell("Tỷ lệ %", h),
                self.cell("Ghi chú", h),
            ]
        ]
        for item in t.items:
            rows.append(
                [
                    self.cell(item.position, c),
                    self.cell(item.name),
                    self.cell(item.votes, c),
                    self.cell(item.percent, c),
                    self.cell(labels.get(item.outcome, ""), c),
                ]
            )
        w = self.width
        self.add_table(_table(rows, [0.08 * w, 0.44 * w, 0.16 * w, 0.14 * w, 0.18 * w]), len(rows))
        self.para("IV. NGƯỜI TRÚNG CỬ (xếp theo số phiếu bầu từ cao xuống thấp)", self.s.heading)
        if t.elected:
            by_name = {item.name: item for item in t.items}
            rows = [
                [
                    self.cell("STT", h),
                    self.cell("Họ và tên", h),
                    self.cell("Số phiếu bầu", h),
                    self.cell("Tỷ lệ %", h),
                ]
            ]
            for i, name in enumerate(t.elected, start=1):
                item = by_name[name]
                rows.append([self.cell(i, c), self.cell(name), self.cell(item.votes, c), self.cell(item.percent, c)])
            self.add_table(_table(rows, [0.1 * w, 0.5 * w, 0.2 * w, 0.2 * w]), len(rows))
        else:
            self.para("Không có người nào trúng cử.", self.s.item)
        self.story.append(Spacer(1, 2 * mm))
        if t.revote is not None:
            self.para(
                _p(
                    f"- Chưa xác định – cần bầu lại giữa {join_names(t.revote.names)} cho {t.revote.seats} "
                    "chỉ tiêu (bằng phiếu nhau ở chỉ tiêu cuối)."
                ),
                self.s.item,
            )
        unfilled = t.open_seats - (t.revote.seats if t.revote else 0)
        if unfilled > 0:
            self.para(
                f"- Còn {unfilled} chỉ tiêu chưa bầu đủ: đề nghị đại hội xem xét, quyết định việc bầu tiếp "
                f"(lần bầu thứ {self.data.result.round_no + 1}).",
                self.s.item,
            )
        # The notes of an election say the same as the two lines above.
        self.tally = _without_notes(t)

    def _grid(self, heading: str, columns: tuple[str, ...], extra: str | None, outcome: Any) -> None:
        t = self.tally
        h = self.s.cell_head
        c = self.s.cell_center
        self.para(heading, self.s.heading)
        self.para(_p(self._base_note()), self.s.small)
        head = [
            self.cell("STT", h),
            self.cell("Họ và tên" if t.kind is not PollKind.MOTION else "Nội dung", h),
        ]
        head += [self.cell(col, h) for col in columns]
        if extra:
            head.append(self.cell(extra, h))
        sub = [self.cell("", h), self.cell("", h)] + [
            self.cell("Số phiếu – Tỷ lệ %", self.s.cell_center) for _ in columns
        ]
        if extra:
            sub.append(self.cell("", h))
        rows: list[list[Any]] = [head, sub]
        for item in t.items:
            row = [self.cell(item.position, c), self.cell(item.name)]
            row += [self.cell(f"{n} – {p}%", c) for n, p in zip(item.counts or (), item.percents or (), strict=True)]
            if extra:
                row.append(self.cell(outcome(item), c))
            rows.append(row)
        w = self.width
        name_w = 0.27 * w if len(columns) >= 4 else 0.33 * w
        rest = (w - 0.09 * w - name_w) / (len(columns) + (1 if extra else 0))
        table = _table(rows, [0.09 * w, name_w] + [rest] * (len(columns) + (1 if extra else 0)), header_rows=2)
        table.setStyle(
            TableStyle(
                [("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1))] + ([("SPAN", (-1, 0), (-1, 1))] if extra else [])
            )
        )
        self.add_table(table, len(rows))

    def confidence(self) -> None:
        if self.tally.binding:
            self.binding()
            return
        labels = {
            "none": "",
            "low_over_half": "Quá nửa đến dưới 2/3 thấp",
            "low_two_thirds": "Từ 2/3 trở lên thấp",
        }
        self._grid("III. KẾT QUẢ ĐỐI VỚI TỪNG NGƯỜI", self.tally.columns, "Ghi chú", lambda i: labels[i.outcome])
        flagged = [i for i in self.tally.items if i.outcome != "none"]
        self.para("IV. KẾT LUẬN", self.s.heading)
        if not flagged:
            self.para("Không có người nào có quá nửa số phiếu ở mức thấp nhất.", self.s.item)
        for item in flagged:
            self.para(_p(f"- Đồng chí {item.name}: {self._consequence(item.outcome)}"), self.s.item)

    def binding(self) -> None:
        """A binding vote (bỏ phiếu tín nhiệm): one threshold, more than half Không tín nhiệm (#15)."""
        t = self.tally
        self._grid(
            "III. KẾT QUẢ BỎ PHIẾU TÍN NHIỆM ĐỐI VỚI TỪNG NGƯỜI",
            t.columns,
            "Ghi chú",
            lambda i: "Quá nửa không tín nhiệm" if i.outcome == "no_confidence" else "",
        )
        self.para("IV. KẾT LUẬN", self.s.heading)
        base = BASE_LABELS[t.profile.binding_base]
        for item in t.items:
            against = (item.counts or (0, 0))[-1]
            if item.outcome == "no_confidence":
                verdict = (
                    f"có {against} phiếu không tín nhiệm, quá một nửa {base} ({t.base}): không được tín nhiệm; "
                    "cơ quan, người có thẩm quyền xem xét miễn nhiệm, cho thôi giữ chức vụ theo quy định."
                )
            else:
                verdict = f"có {against} phiếu không tín nhiệm, không quá một nửa {base} ({t.base})."
            self.para(_p(f"- Đồng chí {item.name}: {verdict}"), self.s.item)
        self.tally = _without_notes(t)

    def _consequence(self, band: str) -> str:
        low = self.tally.columns[-1].lower()
        if band == "low_two_thirds":
            return (
                f"có từ 2/3 trở lên số phiếu {low}; cơ quan, người có thẩm quyền xem xét, đề nghị miễn nhiệm "
                "(cho thôi giữ chức vụ) theo quy định."
            )
        if self.party:
            return (
                f"có trên 1/2 đến dưới 2/3 số phiếu {low}; xem xét đưa ra khỏi quy hoạch chức vụ cao hơn, cho thôi "
                "giữ chức vụ, bố trí công tác khác, cho từ chức hoặc bỏ phiếu tín nhiệm (Quy định 96-QĐ/TW)."
            )
        return (
            f"có quá nửa đến dưới 2/3 số phiếu {low}; có thể xin từ chức, nếu không xin từ chức thì cơ quan có "
            "thẩm quyền trình bỏ phiếu tín nhiệm (Nghị quyết 96/2023/QH15)."
        )

    def evaluation(self) -> None:
        short = {1: "HTXS", 2: "HTT", 3: "HT", 4: "KHT"}
        self._grid(
            "III. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI ĐỐI VỚI TỪNG NGƯỜI",
            self.tally.columns,
            "Mức xếp loại",
            lambda i: short.get(i.level, "Chưa xác định"),
        )
        self.para("IV. KẾT LUẬN", self.s.heading)
        rule = "đa số cộng dồn" if self.tally.profile.level_rule == "cumulative_majority" else "nhiều phiếu nhất"
        self.para(_p(f"Mức xếp loại xác định theo nguyên tắc {rule}."), self.s.small)
        for item in self.tally.items:
            level = LEVEL_NAMES.get(item.level or 0, "chưa xác định được mức xếp loại")
            self.para(_p(f"- Đồng chí {item.name}: {level}."), self.s.item)
        cap = self.tally.cap_check
        if cap is not None:
            verdict = "vượt" if cap.exceeded else "không vượt"
            then = "; tập thể phải xem xét, chọn lại." if cap.exceeded else "."
            self.para(
                _p(
                    f"- Số Hoàn thành xuất sắc nhiệm vụ: {cap.excellent}, {verdict} mức tối đa {cap.cap} "
                    f"({self.tally.profile.excellent_cap_percent}% của {cap.good_or_better} người "
                    f"{CAP_POOL_WORDS[self.tally.profile.cap_pool]}){then}"
                ),
                self.s.item,
            )
        for check in self.tally.head_checks:
            if check.violated:
                self.para(
                    _p(
                        f"- Đồng chí {check.name} là người đứng đầu, không được xếp loại cao hơn mức của tập thể "
                        f"({LEVEL_NAMES[check.collective_level]}): phải xem xét lại."
                    ),
                    self.s.item,
                )
        # The tally's notes say the same as the lines above.
        self.tally = _without_notes(self.tally)

    def scoring(self) -> None:
        t = self.tally
        h = self.s.cell_head
        c = self.s.cell_center
        short = {1: "HTXS", 2: "HTT", 3: "HT", 4: "KHT"}
        rule = AGGREGATE_LABELS.get(t.profile.aggregate, t.profile.aggregate)
        self.para("III. KẾT QUẢ CHẤM ĐIỂM ĐỐI VỚI TỪNG NGƯỜI", self.s.heading)
        self.para(
            _p(f"Điểm của mỗi người là {rule} tổng điểm trên các phiếu hợp lệ chấm đủ tiêu chí."),
            self.s.small,
        )
        rows: list[list[Any]] = [
            [
                self.cell("STT", h),
                self.cell("Họ và tên", h),
                self.cell("Số phiếu chấm", h),
                self.cell("Điểm", h),
                self.cell("Mức xếp loại", h),
            ]
        ]
        for item in t.items:
            mean = (item.mean_text or format_mean(item.mean)) if item.mean is not None else "—"
            rows.append(
                [
                    self.cell(item.position, c),
                    self.cell(item.name),
                    self.cell(item.scored, c),
                    self.cell(mean, c),
                    self.cell(short.get(item.level or 0, "—"), c),
                ]
            )
        w = self.width
        self.add_table(_table(rows, [0.08 * w, 0.42 * w, 0.16 * w, 0.16 * w, 0.18 * w]), len(rows))

    def motion(self) -> None:
        self._grid(
            "III. KẾT QUẢ BIỂU QUYẾT",
            self.tally.columns,
            "Kết quả",
            lambda i: "Thông qua" if i.outcome == "passed" else "Không thông qua",
        )
        self.para("IV. KẾT LUẬN", self.s.heading)
        for item in self.tally.items:
            verdict = "được thông qua" if item.outcome == "passed" else "không được thông qua"
            self.para(_p(f"- {item.name}: {verdict} ({item.votes} phiếu đồng ý, {item.percent}%)."), self.s.item)

    def nomination(self) -> None:
        t = self.tally
        h = self.s.cell_head
        c = self.s.cell_center
        self.para("III. KẾT QUẢ GIỚI THIỆU (xếp theo số phiếu từ cao xuống thấp)", self.s.heading)
        self.para(_p(self._base_note()), self.s.small)
        rows: list[list[Any]] = [
            [
                self.cell("STT", h),
                self.cell("Họ và tên", h),
                self.cell("Số phiếu", h),
                self.cell("Tỷ lệ %", h),
                self.cell("Ghi chú", h),
            ]
        ]
        for item in t.items:
            note = "Ngoài danh sách" if item.eligible is False else ""
            rows.append(
                [
                    self.cell(item.position, c),
                    self.cell(item.name),
                    self.cell(item.votes, c),
                    self.cell(item.percent, c),
                    self.cell(note, c),
                ]
            )
        if not t.items:
            rows.append(
                [
                    self.cell("", c),
                    self.cell("Không có người nào được giới thiệu"),
                    self.cell(""),
                    self.cell(""),
                    self.cell(""),
                ]
            )
        w = self.width
        self.add_table(_table(rows, [0.08 * w, 0.44 * w, 0.14 * w, 0.14 * w, 0.20 * w]), len(rows))

    def revision(self) -> None:
        d = self.data
        if not d.revision or d.revision < 2:
            return
        self.para("V. NỘI DUNG ĐIỀU CHỈNH SO VỚI BẢN TRƯỚC", self.s.heading)
        if d.reopen_reason:
            self.para(_p(f"- Lý do mở lại: {d.reopen_reason}"), self.s.item)
        for change in d.changes or ("Không có thay đổi về số liệu.",):
            self.para(_p(f"- {change}"), self.s.item)

    def closing(self) -> None:
        at = self.data.completed_at
        sentence = Paragraph(
            f"Biên bản lập xong vào {dates.spoken(at)}, "
            "để công bố trước hội nghị; các thành viên Ban kiểm phiếu nhất trí ký tên.",
            self.s.body,
        )
        committee = self.data.meeting.committee
        head = next(
            (name for name, role in committee if "trưởng" in role.lower()),
            committee[0][0] if committee else "",
        )
        members = [name for name, _ in committee if name != head]
        # One row per signature line, so the head's name sits level with the first member's.
        rows: list[list[Any]] = [
            [
                Paragraph("<b>CÁC THÀNH VIÊN BAN KIỂM PHIẾU</b>" if members else "", self.s.center),
                [Paragraph("<b>T/M BAN KIỂM PHIẾU</b>", self.s.center), Paragraph("<b>TRƯỞNG BAN</b>", self.s.center)],
            ]
        ]
        for i in range(max(1, len(members))):
            left_name = Paragraph(_p(members[i]) if i < len(members) else "", self.s.center_bold)
            right_name = Paragraph(_p(head) if i == 0 else "", self.s.center_bold)
            rows.append([[Spacer(1, 18 * mm), left_name], [Spacer(1, 18 * mm), right_name]])
        table = Table(rows, colWidths=[self.width / 2] * 2)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), SERIF)]))
        # The closing sentence never leaves the signatures behind on another page.
        self.story.append(KeepTogether([Spacer(1, 3 * mm), sentence, Spacer(1, 4 * mm), table]))

    def annexes(self) -> None:
        d = self.data
        h = self.s.cell_head
        c = self.s.cell_center
        w = self.width
        if self.tally.invalid_ballots or d.overrides or d.entry_log or d.reviewed:
            self.story.append(PageBreak())
        if self.tally.invalid_ballots:
            self.para("PHỤ LỤC 1. DANH SÁCH PHIẾU KHÔNG HỢP LỆ", self.s.title)
            rows: list[list[Any]] = [[self.cell("STT", h), self.cell("Số phiếu", h), self.cell("Lý do", h)]]
            for i, (key, reason) in enumerate(self.tally.invalid_ballots, start=1):
                rows.append([self.cell(i, c), self.cell(shown_serial(key), c), self.cell(vietnamese(reason))])
            self.add_table(_table(rows, [0.08 * w, SERIAL_COLUMN * w, 0.65 * w]), len(rows))
        if d.overrides:
            self.story.append(CondPageBreak(40 * mm))
            self.para("PHỤ LỤC 2. CÁC PHIẾU BAN KIỂM PHIẾU KẾT LUẬN LẠI", self.s.title)
            rows = [
                [
                    self.cell(x, h)
                    for x in (
                        "Số phiếu",
                        "Máy đề xuất",
                        "Ban kiểm phiếu kết luận",
                        "Lý do",
                        "Người, thời gian",
                    )
                ]
            ]
            for o in d.overrides:
                when = f"{o.by}, {dates.moment(o.at)}" if o.at else o.by
                rows.append(
                    [
                        self.cell(shown_serial(o.key), c),
                        self.cell(o.automatic),
                        self.cell(o.final, c),
                        self.cell(o.reason),
                        self.cell(when),
                    ]
                )
            # The serial's column holds it on one line, as printed on the sheet (walk 17h: "ZJQAZ-HT" / "XBU").
            self.add_table(_table(rows, [SERIAL_COLUMN * w, 0.16 * w, 0.15 * w, 0.23 * w, 0.19 * w]), len(rows))
        if d.entry_log:
            self.story.append(CondPageBreak(40 * mm))
            self.para("PHỤ LỤC 3. TÓM TẮT NHẬT KÝ NHẬP PHIẾU", self.s.title)
            rows = [[self.cell(x, h) for x in ("Người nhập", "Máy", "Cách nhập", "Số phiếu", "Từ", "Đến")]]
            for e in d.entry_log:
                rows.append(
                    [
                        self.cell(e.operator),
                        self.cell(e.station),
                        self.cell(source_words(e.source)),
                        self.cell(e.count, c),
                        self.cell(dates.moment(e.first, seconds=True, year=False), c),
                        self.cell(dates.moment(e.last, seconds=True, year=False), c),
                    ]
                )
            self.add_table(_table(rows, [0.18 * w, 0.2 * w, 0.16 * w, 0.12 * w, 0.17 * w, 0.17 * w]), len(rows))
            self.para(_p(SOURCE_LEGEND), self.s.small)  # what "nhập tay" covers: the QR read by a scanner too
        if d.reviewed:
            self.story.append(CondPageBreak(40 * mm))
            self.para("PHỤ LỤC 4. PHIẾU QUÉT DO NGƯỜI XEM XÁC NHẬN", self.s.title)
            rows = [
                [self.cell(x, h) for x in ("Số phiếu", "Máy đọc chưa chắc", "Người xem xác nhận", "Người, thời gian")]
            ]
            for r in d.reviewed:
                when = f"{r.by}, {dates.moment(r.at)}" if r.at else r.by
                rows.append(
                    [
                        [self.cell(shown_serial(r.key), c), self.cell(r.file, c)],
                        [self.cell(f"- {x}") for x in r.reason_words],
                        [self.cell(f"- {x}") for x in r.decisions],
                        self.cell(when),
                    ]
                )
            self.add_table(_table(rows, [SERIAL_COLUMN * w, 0.28 * w, 0.28 * w, 0.17 * w]), len(rows))


def _without_notes(tally: Any) -> Any:
    """`tally` without the notes its kind's conclusion lines already say; the warnings about its numbers stay
    (an inconsistent count, a base of 0, a quorum not met: #15)."""
    from dataclasses import replace

    return replace(tally, notes=tuple(note for note in tally.notes if note.code in NUMBER_WARNINGS))


def render_minutes(out: Path, data: MinutesData) -> int:
    """Write the minutes PDF to `out`; returns the number of pages."""
    register_fonts()
    doc = BaseDocTemplate(
        str(out),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=f"Biên bản kiểm phiếu – {data.result.title}",
        author="Ban kiểm phiếu",
        creator="KiểmPhiếu",
        invariant=1,
        initialFontName=SERIF,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    builder = _Builder(data)
    story = builder.build()
    canvasmaker = _numbered_canvas(data)
    doc.build(story, canvasmaker=canvasmaker)
    return int(doc.page)
