"""#17 walk 17h: the minutes' annexes and the entry log print a ballot's serial as on the sheet, whole
("ZJQAZ-HTXBU")."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium

from app.printing.ballot_code import shown_serial
from app.rules.model import Ballot
from app.services import ballots, minutes, passes, scanning
from app.store.db import MeetingFile
from benchmarks.filled import filled_sheets


def _lines(pdf: Path) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [line.strip() for page in document for line in str(page.get_textpage().get_text_range()).splitlines()]
    finally:
        document.close()


def _annex(lines: list[str], title: str) -> list[str]:
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("PHỤ LỤC")), len(lines))
    return lines[start:end]


def _scanned_then_ruled(example_meeting: MeetingFile, tmp_path: Path) -> str:
    """A scoring ballot read from a scan, decided by a person, then ruled invalid by the committee: its serial."""
    pages = filled_sheets(example_meeting, "cham-diem", [Ballot(key="", scores=((17, 18), (20, 12)))], tmp_path)
    folder = tmp_path / "quet"
    folder.mkdir()
    for n, (_, images) in enumerate(pages):
        for k, image in enumerate(images, start=1):
            image.save(folder / f"p-{n}-{k}.png", dpi=(200, 200))
    report = scanning.scan_files(example_meeting, [folder], operator="quet")
    serial = pages[0][0]
    scanning.decide(
        example_meeting,
        page_id=report.pages[0].page_id,
        values={("score", 1, 1): 17, ("score", 1, 2): 18, ("score", 2, 1): 20, ("score", 2, 2): 12},
        actor="chi",
    )
    with example_meeting.transaction() as session:
        ballots.override_validity(
            session, code="cham-diem", key=serial, valid=False, reason="Phiếu có ký tên", actor="Trưởng ban"
        )
    return serial


def test_annexes_2_and_4_print_the_serial_as_on_the_sheet_on_one_line(
    example_meeting: MeetingFile, tmp_path: Path
) -> None:
    """The walk's revised minutes had 'ZJQAZ-HT' / 'XBU' in annex 2 (the serial broken across two lines of its
    narrow column); annex 4 printed a scanned page's serial without its dash ('ZJQAZHTXBU')."""
    serial = _scanned_then_ruled(example_meeting, tmp_path)
    pdf = tmp_path / "bb.pdf"
    minutes.make_minutes(example_meeting, code="cham-diem", actor="t", pdf=pdf, draft=True)
    lines = _lines(pdf)
    printed = shown_serial(serial)
    assert re.fullmatch(r"[A-Z2-7]{5}-[A-Z2-7]{5}", printed)
    for title in ("PHỤ LỤC 2", "PHỤ LỤC 4"):
        annex = _annex(lines, title)
        assert any(printed in line for line in annex), (title, annex)


def test_the_entry_log_prints_the_serial_as_on_the_sheet(example_meeting: MeetingFile, tmp_path: Path) -> None:
    """The walk's 'Nhật ký…' listed 'DCK34QA7LE' and 'Ban kiểm phiếu kết luận lại phiếu ZJQAZHTXBU' — the sheet
    says DCK34-QA7LE."""
    serial = _scanned_then_ruled(example_meeting, tmp_path)
    pdf = tmp_path / "nhat-ky.pdf"
    passes.write_entry_log(example_meeting, code="cham-diem", out=pdf)
    text = " ".join(_lines(pdf))
    printed = shown_serial(serial)
    assert serial not in text, text
    assert text.count(printed) == 2, text  # its row and the committee's ruling


def test_the_entry_log_writes_half_points_with_a_decimal_comma(example_meeting: MeetingFile, tmp_path: Path) -> None:
    """The walk's entry log of a scoring ballot read 'điểm: 8.5, 9; 10, 6' — a committee writes 8,5 (the screens
    and the minutes do), and the comma then could not also part one criterion from the next."""
    _scanned_then_ruled(example_meeting, tmp_path)
    pdf = tmp_path / "nhat-ky.pdf"
    passes.write_entry_log(example_meeting, code="cham-diem", out=pdf)
    text = " ".join(_lines(pdf))
    assert "8.5" not in text, text
    assert "điểm: 8,5 · 9; 10 · 6" in text, text


def test_the_annexes_serial_column_holds_the_widest_serial_on_one_line() -> None:
    """A serial is five and five letters of A-Z and 2-7: the one of the widest letters fits its column with
    the cell's padding (6 pt a side) at the cells' size. Serials with a W or an M broke across two lines."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    from app.printing import fonts
    from app.printing.minutes_pdf import SERIAL_COLUMN

    fonts.register_fonts()
    widest = max("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", key=lambda c: fonts.text_width(c, fonts.SERIF, 11.5))
    serial = f"{widest * 5}-{widest * 5}"
    assert fonts.text_width(serial, fonts.SERIF, 11.5) + 12 <= SERIAL_COLUMN * (A4[0] - 40 * mm)
