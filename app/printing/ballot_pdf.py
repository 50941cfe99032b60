"""Drawing ballot sheets with ReportLab's canvas at the coordinates `layout` computed.

Each page's fixed content is drawn once as a PDF form and reused by every sheet, so a thousand
sheets cost a thousand QR codes, not a thousand ballots.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO

import qrcode
import qrcode.constants
import qrcode.util
from reportlab.pdfgen.canvas import Canvas

from app.printing.fonts import SERIF, SERIF_BOLD, register_fonts, text_width
from app.printing.layout import MM, PageLayout, Rect, Text
from app.rules.model import Ballot
from app.rules.points import format_points


@dataclass(frozen=True)
class SheetCodes:
    """What differs between two sheets of one ballot: the QR text of each page and the check code.

    Test-deck sheets also carry the marks printed on them and a label saying what they test.
    """

    qr_texts: tuple[str, ...]
    check: str
    test: bool = False
    marks: Ballot | None = None
    label: str | None = None


def qr_matrix(text: str, *, version: int | None = 4) -> list[list[bool]]:
    """The modules of a QR code (alphanumeric mode, error correction H, no quiet zone).

    Version 4 holds our 47-character ballot payload at level H; `version=None` picks the smallest
    that fits. The mask is fixed: any mask decodes, and trying all eight costs ten times more than
    making the code (measured on 1,000 codes).
    """
    code = qrcode.QRCode(version=version, error_correction=qrcode.constants.ERROR_CORRECT_H, border=0, mask_pattern=2)
    code.add_data(qrcode.util.QRData(text, mode=qrcode.util.MODE_ALPHA_NUM))
    code.make(fit=version is None)
    return [list(row) for row in code.get_matrix()]


def draw_qr(canvas: Canvas, text: str, box: Rect, *, version: int | None = 4) -> None:
    """Draw the QR code of `text` filling `box`, as vector rectangles (one per horizontal run).

    The path is written in module units (whole numbers) under a scaling transform.
    """
    matrix = qr_matrix(text, version=version)
    n = len(matrix)
    ops = []
    for r, row in enumerate(matrix):
        y = n - 1 - r
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                ops.append(f"{start} {y} {c - start} 1 re")
            else:
                c += 1
    canvas.saveState()
    canvas.translate(box.x, box.y)
    canvas.scale(box.w / n, box.h / n)
    canvas.addLiteral("\n".join(ops) + "\nf")
    canvas.restoreState()


def _text(canvas: Canvas, t: Text) -> None:
    # NFC before drawing: ReportLab does not shape text, so decomposed marks would land beside
    # their letters (docs/architecture.md §4).
    text = unicodedata.normalize("NFC", t.text)
    canvas.setFont(t.font, t.size)
    if t.align == "center":
        canvas.drawCentredString(t.x, t.y, text)
    elif t.align == "right":
        canvas.drawRightString(t.x, t.y, text)
    else:
        canvas.drawString(t.x, t.y, text)


def draw_static(canvas: Canvas, page: PageLayout) -> None:
    """Everything on a page that is the same on every sheet."""
    canvas.setFillGray(0)
    canvas.setStrokeGray(0)
    for solid in page.solids:
        canvas.rect(solid.x, solid.y, solid.w, solid.h, stroke=0, fill=1)
    for segment in page.segments:
        canvas.setLineWidth(segment.width)
        canvas.line(segment.x1, segment.y1, segment.x2, segment.y2)
    canvas.setLineWidth(1.0)
    for box in page.outlines:
        canvas.rect(box.x, box.y, box.w, box.h, stroke=1, fill=0)
    for text in page.texts:
        _text(canvas, text)


def draw_variable(canvas: Canvas, page: PageLayout, qr_text: str, sheet: SheetCodes) -> None:
    """The QR code, the check code above it and, on test ballots, the words and marks that say so."""
    draw_qr(canvas, qr_text, page.qr)
    size = 9.5
    while size > 6 and text_width(sheet.check, SERIF_BOLD, size) > page.qr.w + 4 * MM:
        size -= 0.25
    canvas.setFont(SERIF_BOLD, size)
    canvas.drawCentredString(page.check_at[0], page.check_at[1], sheet.check)
    if sheet.test:
        # Between the bottom-left registration mark and the QR code, shrunk to fit on A5.
        left = page.solids[2].x + page.solids[2].w + 4 * MM
        room = page.qr.x - 4 * MM - left
        canvas.saveState()
        canvas.setFillGray(0.45)
        banner = "PHIẾU THỬ — KHÔNG TÍNH"
        size = 20.0
        while size > 8 and text_width(banner, SERIF_BOLD, size) > room:
            size -= 0.5
        canvas.setFont(SERIF_BOLD, size)
        canvas.drawString(left, page.qr.y + page.qr.h / 2, banner)
        if sheet.label:
            small = 11.0
            while small > 6 and text_width(sheet.label, SERIF, small) > room:
                small -= 0.5
            canvas.setFont(SERIF, small)
            canvas.drawString(left, page.qr.y + page.qr.h / 2 - size - 2, sheet.label)
        canvas.restoreState()
    if sheet.marks is not None:
        draw_marks(canvas, page, sheet.marks)


def _points(halves: int) -> str:
    return format_points(halves)


def draw_marks(canvas: Canvas, page: PageLayout, marks: Ballot) -> None:
    """Pen-like marks of a test ballot: strokes through struck names, X in boxes, written scores, names."""
    canvas.saveState()
    canvas.setStrokeColorRGB(0.05, 0.1, 0.45)
    canvas.setFillColorRGB(0.05, 0.1, 0.45)
    canvas.setLineWidth(1.3)
    canvas.setLineCap(1)
    for region in page.regions:
        r = region.rect
        if region.kind == "name" and region.row in marks.struck:
            y = r.y + r.h * 0.5
            canvas.line(r.x + 4, y - 1.2, r.x + r.w * 0.8, y + 1.2)
        elif region.kind == "box" and marks.choices and region.col in marks.choices[region.row - 1]:
            inset = r.w * 0.12
            canvas.line(r.x + inset, r.y + inset, r.x + r.w - inset, r.y + r.h - inset)
            canvas.line(r.x + inset, r.y + r.h - inset, r.x + r.w - inset, r.y + inset)
        elif region.kind == "score" and marks.scores:
            value = marks.scores[region.row - 1][region.col - 1]
            if value is not None:
                canvas.setFont(SERIF, 14)
                canvas.drawCentredString(r.x + r.w / 2, r.y + r.h / 2 - 5, _points(value))
        elif region.kind == "line" and region.row <= len(marks.names):
            canvas.setFont(SERIF, 13)
            canvas.drawString(r.x + 6, r.y + r.h * 0.3, marks.names[region.row - 1])
    canvas.restoreState()


def render(
    out: str | BinaryIO,
    pages: tuple[PageLayout, ...],
    sheets: Iterable[SheetCodes],
    *,
    title: str,
    two_up: bool = False,
    invariant: bool = False,
    progress: Callable[[int, int], None] | None = None,
    total: int = 0,
) -> int:
    """Write one PDF with every page of every sheet; returns the number of PDF pages written.

    With `two_up`, two sheet pages (A5) share one landscape page of twice their width (A4),
    each keeping its own registration marks and QR code; a dashed line shows where to cut.
    `progress(done, total)` is called every 25 sheets (it may raise to cancel the job).
    """
    register_fonts()
    width, height = pages[0].width, pages[0].height
    size = (2 * width, height) if two_up else (width, height)
    # initialFontName: the font each page starts with; otherwise ReportLab names Helvetica on every page.
    canvas = Canvas(out, pagesize=size, invariant=1 if invariant else 0, initialFontName=SERIF)
    canvas.setTitle(title)
    canvas.setAuthor("KiểmPhiếu")
    canvas.setCreator("KiểmPhiếu")
    canvas.setFont(SERIF, 12)  # never let ReportLab fall back to a base-14 font
    for page in pages:
        canvas.beginForm(f"page{page.page}")
        draw_static(canvas, page)
        canvas.endForm()
    written = 0
    slot = 0
    for done, sheet in enumerate(sheets):
        if progress is not None and done % 25 == 0:
            progress(done, total)
        for page, qr_text in zip(pages, sheet.qr_texts, strict=True):
            canvas.saveState()
            if slot == 1:
                canvas.translate(width, 0)
            canvas.doForm(f"page{page.page}")
            draw_variable(canvas, page, qr_text, sheet)
            canvas.restoreState()
            if two_up and slot == 0:
                slot = 1
                continue
            _end_page(canvas, two_up, width, height)
            slot = 0
            written += 1
    if slot == 1:
        _end_page(canvas, two_up, width, height)
        written += 1
    canvas.save()
    return written


def _end_page(canvas: Canvas, two_up: bool, width: float, height: float) -> None:
    if two_up:
        canvas.saveState()
        canvas.setDash(4, 4)
        canvas.setLineWidth(0.4)
        canvas.line(width, 0, width, height)
        canvas.restoreState()
    canvas.showPage()
    canvas.setFont(SERIF, 12)


def blank_page(page: PageLayout) -> bytes:
    """One page of the ballot as printed but without its QR code, check code or marks: the reference a
    scanned page is compared with, so only the ink a voter added counts."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(page.width, page.height), invariant=1, initialFontName=SERIF)
    canvas.setFont(SERIF, 12)
    draw_static(canvas, page)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
