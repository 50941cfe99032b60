"""The printed PDF of every example poll: pages, embedded fonts, Vietnamese text and readable QR codes."""

from __future__ import annotations

import ctypes
import re
import textwrap
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp
from sqlalchemy.orm import Session

from app.printing import ballot_code
from app.printing.ballot_code import CodeProblem
from app.printing.layout import MM
from app.services import printing, sheets
from app.services.meetings import get_meeting
from app.services.polls import get_poll
from app.store.db import MeetingFile

POLLS = (
    "bch",
    "bi-thu",
    "ubkt",
    "dai-bieu",
    "tin-nhiem",
    "danh-gia",
    "cham-diem",
    "nghi-quyet",
    "gioi-thieu",
)
TITLES = {
    "election": "PHIẾU BẦU CỬ",
    "confidence": "PHIẾU TÍN NHIỆM",
    "evaluation": "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG",
    "scoring": "PHIẾU CHẤM ĐIỂM",
    "motion": "PHIẾU BIỂU QUYẾT",
    "nomination": "PHIẾU GIỚI THIỆU NHÂN SỰ",
}
PARTY_MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
STATE_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
CHECK = re.compile(r"\b[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{4}\b")
BASE14 = (
    b"Helvetica",
    b"Times-Roman",
    b"Times-Bold",
    b"Times-Italic",
    b"Courier",
    b"Symbol",
    b"ZapfDingbats",
)
QR_DPI = 200


# --- helpers ------------------------------------------------------------------------------------------


def flat(text: str) -> str:
    """Text with every run of white space (line breaks included) as one space."""
    return " ".join(text.split())


def page_text(page: pdfium.PdfPage) -> str:
    return str(page.get_textpage().get_text_range())


def read_qr(page: pdfium.PdfPage, dpi: int = QR_DPI) -> list[zxingcpp.Barcode]:
    return list(zxingcpp.read_barcodes(page.render(scale=dpi / 72).to_pil()))


def qr_center_x(barcode: zxingcpp.Barcode, dpi: int = QR_DPI) -> float:
    """Centre of a found QR code, in points from the left edge."""
    p = barcode.position
    return (p.top_left.x + p.top_right.x + p.bottom_left.x + p.bottom_right.x) / 4 * 72 / dpi


def used_fonts(page: pdfium.PdfPage) -> set[tuple[str, bool]]:
    """(base font name, embedded) of every text object on the page, inside forms too."""
    found = set()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=8):
        font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
        buffer = ctypes.create_string_buffer(256)
        pdfium_c.FPDFFont_GetBaseFontName(font, buffer, 256)
        found.add((buffer.value.decode("latin-1"), bool(pdfium_c.FPDFFont_GetIsEmbedded(font))))
    return found


def char_boxes(page: pdfium.PdfPage) -> Iterator[tuple[str, tuple[float, float, float, float]]]:
    """Every visible character with its box (left, bottom, right, top) in PDF points."""
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    for index in range(textpage.count_chars()):
        if index < len(text) and not text[index].isspace():
            yield text[index], textpage.get_charbox(index)


def overlaps(box: tuple[float, float, float, float], rect: list[float], page_height: float) -> bool:
    """Does a PDF box (bottom-left origin) overlap a template rect [x, y, w, h] (top-left origin)?"""
    left, bottom, right, top = box
    x, y, w, h = rect
    top_down = (page_height - top, page_height - bottom)
    return left < x + w and right > x and top_down[0] < y + h and top_down[1] > y


def meeting_keys(session: Session) -> tuple[bytes, bytes]:
    """The meeting's fingerprint bytes (as in the QR) and its secret."""
    meeting = get_meeting(session)
    return ballot_code.fingerprint_bytes(meeting.fingerprint), meeting.secret


def toml_names(names: list[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def one_election(make_meeting: Callable[..., MeetingFile], names: list[str], seats: int) -> MeetingFile:
    return make_meeting(
        textwrap.dedent(
            """
            [meeting]
            title = "Đại hội Chi bộ Thôn Đông lần thứ V"
            organization = "Chi bộ Thôn Đông"
            superior = "Đảng bộ xã An Bình"
            place = "An Bình"
            date = 2025-06-20

            [attendance]
            convened = 120
            present = 118

            [[polls]]
            id = "ds"
            kind = "election"
            title = "Bầu Chi ủy khóa V"
            """
        )
        + f"seats = {seats}\ncandidates = [{toml_names(names)}]\n"
    )


def vietnamese_names(count: int) -> list[str]:
    families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
    givens = ["Ánh", "Bảo", "Cường", "Dũng", "Đức", "Giang", "Hạnh", "Khánh", "Lộc", "Mỹ"]
    names = [f"{family} {'Văn' if g % 2 else 'Thị'} {givens[g]}" for g in range(len(givens)) for family in families][
        :count
    ]
    assert len(set(names)) == count
    return names


# --- every poll of the example meeting ------------------------------------------------------------------


@pytest.fixture(scope="module")
def documents(printed_example) -> Iterator[dict[str, pdfium.PdfDocument]]:
    opened = {code: pdfium.PdfDocument(printed_example.polls[code].pdf) for code in POLLS}
    yield opened
    for document in opened.values():
        document.close()


@pytest.mark.parametrize("code", POLLS)
def test_page_count(printed_example, documents, code: str) -> None:
    poll = printed_example.polls[code]
    report = poll.report
    assert poll.pdf.is_file()
    assert report.sheets == 2
    assert report.pages_per_sheet == 1  # every example ballot fits on one A4 page
    assert len(documents[code]) == report.sheets * report.pages_per_sheet == report.pdf_pages
    for page in documents[code]:
        assert page.get_size() == pytest.approx((210 * MM, 297 * MM), abs=0.01)
    assert not list(poll.pdf.parent.glob(".*.tmp")), "the temporary PDF was left behind"


@pytest.mark.parametrize("code", POLLS)
def test_every_font_used_is_embedded(documents, code: str) -> None:
    for page in documents[code]:
        fonts = used_fonts(page)
        assert fonts, "no text objects found"
        for name, embedded in fonts:
            assert embedded, f"font {name} is not embedded"
            assert name.startswith("LiberationSerif"), name


@pytest.mark.parametrize("code", POLLS)
def test_every_font_in_the_file_is_an_embedded_truetype(printed_example, code: str) -> None:
    """Each TrueType font has its file embedded as a subset (the base-14 check is the xfail below)."""
    data = printed_example.polls[code].pdf.read_bytes()
    truetype = re.findall(rb"/BaseFont\s*/([^\s/<>\[\]]+)[^>]*?/Subtype\s*/TrueType", data)
    assert len(truetype) >= 3  # regular, bold, italic
    for name in truetype:
        assert re.fullmatch(rb"[A-Z]{6}\+LiberationSerif(-\w+)?", name), name
    assert data.count(b"/FontFile2 ") == len(truetype)
    assert b"/Subtype /Type0" not in data
    assert b"/Subtype /Type3" not in data


def test_no_base14_font_anywhere(printed_example) -> None:
    data = printed_example.polls["bch"].pdf.read_bytes()
    for name in BASE14:
        assert b"/BaseFont /" + name not in data, name
        assert b"/BaseFont/" + name not in data, name


@pytest.mark.parametrize("code", POLLS)
def test_text_is_nfc_vietnamese(printed_example, documents, code: str) -> None:
    poll = printed_example.polls[code]
    for page in documents[code]:
        text = page_text(page)
        assert unicodedata.normalize("NFC", text) == text
        assert not any(unicodedata.combining(ch) for ch in text), "decomposed diacritics in the PDF"
        words = flat(text)
        assert TITLES[poll.kind] in words
        assert printed_example.organization.upper() in words
        assert printed_example.superior is not None
        assert printed_example.superior.upper() in words
        assert flat(poll.title) in words
        assert flat(printed_example.title) in words
        if poll.kind == "election":
            assert f"Lần bầu thứ {poll.round_no}" in words
        if poll.kind != "nomination":  # write-in lines: the eligible list is not printed
            for name in poll.names:
                assert name in words, name
        for criterion in poll.criteria:
            assert flat(criterion) in words, criterion
        if poll.kind == "nomination":
            assert words.count("Họ và tên:") == 2


@pytest.mark.parametrize("code", POLLS)
def test_motto_follows_the_profile_wording(printed_example, documents, code: str) -> None:
    poll = printed_example.polls[code]
    words = flat(page_text(documents[code][0]))
    if poll.wording == "party":
        assert PARTY_MOTTO in words
        assert STATE_MOTTO[0] not in words
    else:
        assert all(m in words for m in STATE_MOTTO)
        assert PARTY_MOTTO not in words


@pytest.mark.parametrize(
    "code",
    [c for c in POLLS],
)
def test_party_congress_ballots_carry_the_party_motto(documents, code: str) -> None:
    words = flat(page_text(documents[code][0]))
    assert PARTY_MOTTO in words


@pytest.mark.parametrize("code", POLLS)
def test_qr_codes_verify_and_match_the_registry(printed_example, documents, code: str) -> None:
    poll = printed_example.polls[code]
    per_sheet = poll.report.pages_per_sheet
    registry = {s.serial: s for s in poll.sheets}
    assert len(registry) == poll.report.sheets
    assert all(s.status == "issued" and not s.entered for s in poll.sheets)
    seen = []
    for index, page in enumerate(documents[code]):
        found = read_qr(page)
        assert len(found) == 1, f"page {index + 1}: {len(found)} QR codes"
        assert found[0].format == zxingcpp.BarcodeFormat.QRCode
        decoded = ballot_code.decode(
            found[0].text, fingerprint=printed_example.fingerprint, secret=printed_example.secret
        )
        assert decoded.problem is None
        sheet = decoded.code
        assert sheet is not None
        assert (sheet.poll_id, sheet.round_no, sheet.test) == (poll.poll_id, poll.round_no, False)
        assert (sheet.page, sheet.pages) == (index % per_sheet + 1, per_sheet)
        assert sheet.serial in registry
        checks = CHECK.findall(page_text(page))
        assert len(checks) == 1
        assert ballot_code.parse_check_code(checks[0], printed_example.secret) == sheet.serial
        assert checks[0] == registry[sheet.serial].check
        seen.append(sheet.serial)
    assert set(seen) == set(registry)  # each printed sheet is in the registry and vice versa
    assert len(set(seen)) == len(seen) // per_sheet


# --- paper, two-up and long lists -------------------------------------------------------------------------


def test_a5_ballot(example_meeting: MeetingFile, tmp_path: Path) -> None:
    out = tmp_path / "bch-a5.pdf"
    report = printing.print_ballots(example_meeting, code="bch", copies=1, out=out, actor="kt", paper="A5")
    assert report.paper == "A5"
    assert report.template["paper"] == "A5"
    document = pdfium.PdfDocument(out)
    assert len(document) == 1
    assert document[0].get_size() == pytest.approx((148 * MM, 210 * MM), abs=0.01)
    found = read_qr(document[0])
    assert len(found) == 1
    with example_meeting.reading() as session:
        fingerprint, secret = meeting_keys(session)
        decoded = ballot_code.decode(found[0].text, fingerprint=fingerprint, secret=secret)
        assert decoded.problem is None
        assert decoded.code is not None
        assert [s.serial for s in sheets.list_sheets(session, "bch")] == [decoded.code.serial]
    assert "Nguyễn Văn An" in flat(page_text(document[0]))
    document.close()


def test_two_up_a5_puts_two_sheets_on_a_landscape_page(example_meeting: MeetingFile, tmp_path: Path) -> None:
    out = tmp_path / "two-up.pdf"
    report = printing.print_ballots(
        example_meeting, code="tin-nhiem", copies=3, out=out, actor="kt", paper="A5", two_up=True
    )
    assert report.two_up
    assert report.sheets == 3
    assert report.pdf_pages == 2
    document = pdfium.PdfDocument(out)
    assert len(document) == 2
    width, height = document[0].get_size()
    assert (width, height) == pytest.approx((2 * 148 * MM, 210 * MM), abs=0.01)
    with example_meeting.reading() as session:
        fingerprint, secret = meeting_keys(session)
        registry = {s.serial: s.check for s in sheets.list_sheets(session, "tin-nhiem")}
    serials = []
    for page, expected in zip(document, (2, 1), strict=True):
        found = sorted(read_qr(page), key=qr_center_x)
        assert len(found) == expected
        centres = [qr_center_x(b) for b in found]
        assert centres[0] < width / 2
        if expected == 2:
            assert centres[1] > width / 2
        checks = CHECK.findall(page_text(page))
        assert len(checks) == expected
        for barcode in found:
            decoded = ballot_code.decode(barcode.text, fingerprint=fingerprint, secret=secret)
            assert decoded.problem is None
            assert decoded.code is not None
            assert registry[decoded.code.serial] in checks
            serials.append(decoded.code.serial)
        assert flat(page_text(page)).count("Đào Văn Nam") == expected
    assert sorted(serials) == sorted(registry)
    document.close()


def test_sixty_candidates_spread_over_two_pages(make_meeting, tmp_path: Path) -> None:
    names = vietnamese_names(60)
    meeting_file = one_election(make_meeting, names, seats=45)
    out = tmp_path / "sixty.pdf"
    report = printing.print_ballots(meeting_file, code="ds", copies=2, out=out, actor="kt")
    assert report.pages_per_sheet == 2
    assert report.pdf_pages == 4
    rows = [[r["row"] for r in page["regions"]] for page in report.template["pages"]]
    assert sorted(rows[0] + rows[1]) == list(range(1, 61))
    assert rows[0]
    assert rows[1]
    assert max(rows[0]) < min(rows[1])
    document = pdfium.PdfDocument(out)
    with meeting_file.reading() as session:
        fingerprint, secret = meeting_keys(session)
        registry = {s.serial for s in sheets.list_sheets(session, "ds")}
    by_sheet: dict[int, list[str]] = {0: [], 1: []}
    for index, page in enumerate(document):
        found = read_qr(page)
        assert len(found) == 1
        decoded = ballot_code.decode(found[0].text, fingerprint=fingerprint, secret=secret)
        assert decoded.problem is None
        assert decoded.code is not None
        assert (decoded.code.page, decoded.code.pages) == (index % 2 + 1, 2)
        by_sheet[index // 2].append(decoded.code.serial)
        words = flat(page_text(page))
        assert f"Trang {index % 2 + 1}/2" in words
        on_page = [n for n in names if n in words]
        assert len(on_page) == len(rows[index % 2])
        assert words.count("HỌ VÀ TÊN") == 2  # two columns, header repeated on each page
    for pages in by_sheet.values():
        assert len(set(pages)) == 1  # both pages of a sheet carry its one serial
    assert {pages[0] for pages in by_sheet.values()} == registry
    all_words = flat(" ".join(page_text(page) for page in document))
    assert all(all_words.count(n) == 2 for n in names)  # once per sheet
    document.close()


def test_thirty_candidates_fit_on_one_page_in_two_columns(make_meeting, tmp_path: Path) -> None:
    names = vietnamese_names(30)
    meeting_file = one_election(make_meeting, names, seats=25)
    out = tmp_path / "thirty.pdf"
    report = printing.print_ballots(meeting_file, code="ds", copies=1, out=out, actor="kt")
    assert report.pages_per_sheet == 1
    assert report.pdf_pages == 1
    regions = report.template["pages"][0]["regions"]
    assert sorted(r["row"] for r in regions) == list(range(1, 31))
    columns = sorted({r["rect"][0] for r in regions})
    assert len(columns) == 2
    assert sum(1 for r in regions if r["rect"][0] == columns[0]) == 15
    document = pdfium.PdfDocument(out)
    words = flat(page_text(document[0]))
    assert all(n in words for n in names)
    assert "Trang 1/" not in words
    assert len(read_qr(document[0])) == 1
    document.close()


# --- the test deck -------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["bch", "danh-gia", "cham-diem", "gioi-thieu"])
def test_test_deck_is_marked_and_flagged(example_meeting: MeetingFile, tmp_path: Path, code: str) -> None:
    out = tmp_path / f"{code}-deck.pdf"
    report = printing.print_ballots(example_meeting, code=code, copies=0, out=out, actor="kt", test_deck=True)
    assert report.test
    assert report.sheets == len(report.expected) >= 4
    with example_meeting.reading() as session:
        fingerprint, secret = meeting_keys(session)
        registry = {s.serial: s.status for s in sheets.list_sheets(session, code)}
    document = pdfium.PdfDocument(out)
    assert len(document) == report.sheets
    for number, (page, expected) in enumerate(zip(document, report.expected, strict=True), start=1):
        words = flat(page_text(page))
        assert "PHIẾU THỬ — KHÔNG TÍNH" in words
        assert f"Phiếu thử {number}/{report.sheets}: {expected['label']}" in words
        found = read_qr(page)
        assert len(found) == 1
        decoded = ballot_code.decode(found[0].text, fingerprint=fingerprint, secret=secret)
        assert decoded.problem is CodeProblem.TEST
        assert decoded.code is not None
        assert decoded.code.serial == expected["serial"]
        assert registry[expected["serial"]] == "test"
    document.close()


@pytest.mark.parametrize(
    "paper",
    [
        "A4",
        "A5",
    ],
)
def test_test_deck_words_stay_off_the_qr_code(example_meeting: MeetingFile, tmp_path: Path, paper: str) -> None:
    out = tmp_path / "deck.pdf"
    report = printing.print_ballots(
        example_meeting, code="bch", copies=0, out=out, actor="kt", test_deck=True, paper=paper
    )
    page_height = report.template["pages"][0]["size"][1]
    qr = report.template["pages"][0]["qr"]
    document = pdfium.PdfDocument(out)
    intruders = [
        (number, ch)
        for number, page in enumerate(document, start=1)
        for ch, box in char_boxes(page)
        if overlaps(box, qr, page_height)
    ]
    assert intruders == []
    unreadable = [number for number, page in enumerate(document, start=1) if len(read_qr(page)) != 1]
    assert unreadable == []
    document.close()


def test_printed_poll_status_and_registry_from_the_fixture(printed_example) -> None:
    with printed_example.meeting_file.reading() as session:
        for code in POLLS:
            assert get_poll(session, code).status == "issued"
            assert len(sheets.list_sheets(session, code)) == 2
