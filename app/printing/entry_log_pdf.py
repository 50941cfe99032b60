"""The entry log ("Nhật ký nhập phiếu") as PDF: every ballot of a pass with its marks, operator,
station and time, then every correction and undo from the audit log — printed and archived."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle

from app import dates
from app.printing.ballot_pdf import draw_qr
from app.printing.fonts import SERIF, SERIF_BOLD, register_fonts
from app.printing.layout import Rect


@dataclass(frozen=True)
class LogRow:
    """One ballot as entered."""

    key: str
    marks: str
    verdict: str
    operator: str
    station: str
    source: str
    at: dt.datetime


@dataclass(frozen=True)
class LogEvent:
    """A correction, undo or committee ruling."""

    at: dt.datetime
    actor: str
    what: str


def render_entry_log(
    out: Path,
    *,
    title: str,
    subtitle: str,
    rows: Iterable[LogRow],
    events: Iterable[LogEvent],
    printed_at: dt.datetime,
    anchor: str | None = None,
) -> int:
    """Write the entry log PDF; returns the number of pages. `anchor`, the anchor code of the meeting's log when
    it was printed, goes on every page as text and as a QR (docs/integrity.md)."""
    register_fonts()
    body = ParagraphStyle("b", fontName=SERIF, fontSize=9.5, leading=11.5)
    head = ParagraphStyle("h", parent=body, fontName=SERIF_BOLD)
    big = ParagraphStyle("t", fontName=SERIF_BOLD, fontSize=14, leading=18, alignment=1)
    small = ParagraphStyle("s", parent=body, alignment=1)
    story: list[object] = [
        Paragraph("NHẬT KÝ NHẬP PHIẾU", big),
        Paragraph(title, ParagraphStyle("t2", parent=big, fontSize=12)),
        Paragraph(subtitle + f" — in lúc {dates.moment(printed_at, on_day=True)}", small),
        Spacer(1, 4 * mm),
    ]
    table_rows: list[list[object]] = [
        [
            Paragraph(h, head)
            for h in (
                "STT",
                "Số phiếu",
                "Các dấu trên phiếu",
                "Kết luận",
                "Người nhập",
                "Máy",
                "Cách nhập",
                "Thời gian",
            )
        ]
    ]
    for i, row in enumerate(rows, start=1):
        table_rows.append(
            [
                Paragraph(str(i), body),
                Paragraph(row.key, body),
                Paragraph(row.marks, body),
                Paragraph(row.verdict, body),
                Paragraph(row.operator, body),
                Paragraph(row.station, body),
                Paragraph(row.source, body),
                Paragraph(dates.moment(row.at, seconds=True, year=False), body),
            ]
        )
    width = landscape(A4)[0] - 24 * mm
    widths = [w * width for w in (0.05, 0.12, 0.33, 0.16, 0.1, 0.09, 0.07, 0.08)]
    style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
            ("FONTNAME", (0, 0), (-1, -1), SERIF),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ]
    )
    table = Table(table_rows, colWidths=widths, repeatRows=1)
    table.setStyle(style)
    story.append(table)
    events = list(events)
    if events:
        story += [Spacer(1, 6 * mm), Paragraph("Các lần sửa, hoàn tác và kết luận của Ban kiểm phiếu", head)]
        event_rows: list[list[object]] = [[Paragraph(h, head) for h in ("Thời gian", "Người", "Nội dung")]]
        for event in events:
            event_rows.append(
                [
                    Paragraph(dates.moment(event.at, seconds=True, year=False), body),
                    Paragraph(event.actor, body),
                    Paragraph(event.what, body),
                ]
            )
        events_table = Table(event_rows, colWidths=[0.12 * width, 0.14 * width, 0.74 * width], repeatRows=1)
        events_table.setStyle(style)
        story.append(events_table)

    def footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.setFont(SERIF, 8)
        canvas.drawRightString(doc.pagesize[0] - 12 * mm, 7 * mm, f"Trang {doc.page}")
        if anchor:
            canvas.drawString(12 * mm, 7 * mm, f"Mã neo nhật ký lúc in: {anchor}")
            draw_qr(canvas, anchor, Rect(doc.pagesize[0] - 40 * mm, 1.5 * mm, 11 * mm, 11 * mm), version=None)

    doc = BaseDocTemplate(
        str(out),
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title="Nhật ký nhập phiếu",
        creator="KiểmPhiếu",
        initialFontName=SERIF,
    )
    doc.addPageTemplates(
        [PageTemplate(frames=[Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height)], onPage=footer)]
    )
    doc.build(story)
    return int(doc.page)
