"""Minutes of every poll kind: the meeting `kiemphieu demo` builds (9 polls), each closed with its minutes.

The demo is built once for the module (frozen clock) and every poll's minutes written once; the tests
read the PDFs (pypdfium2) and workbooks (openpyxl) and compare them with `kiemphieu tally --json`.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from app import clock
from app.cli import main
from app.profiles import get_profile

POLLS = ("bch", "bi-thu", "ubkt", "dai-bieu", "tin-nhiem", "danh-gia", "cham-diem", "nghi-quyet", "gioi-thieu")
FROZEN_NOW = dt.datetime(2025, 6, 20, 9, 30, 0)
BASE14 = (b"Helvetica", b"Times-Roman", b"Times-Bold", b"Times-Italic", b"Courier", b"Symbol", b"ZapfDingbats")
FOOTER = re.compile(r"Mã kiểm tra kết quả \((?:bản \d+|bản nháp)\): [0-9a-f]{32}\s+Trang (\d+)/(\d+)")
PARTY_MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
STATE_MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
KIND_WORDS = {
    "election": ("(Lần bầu thứ 1)", "SỐ PHIẾU BẦU CHO TỪNG NGƯỜI", "Số phiếu bầu", "NGƯỜI TRÚNG CỬ"),
    "confidence": ("KẾT QUẢ ĐỐI VỚI TỪNG NGƯỜI", "Tín nhiệm cao", "Tín nhiệm thấp", "IV. KẾT LUẬN"),
    "evaluation": ("KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI", "Mức xếp loại", "Hoàn thành xuất sắc nhiệm vụ", "đa số cộng dồn"),
    "scoring": ("KẾT QUẢ CHẤM ĐIỂM", "Số phiếu chấm", "Điểm", "Mức xếp loại", "trung bình cộng"),
    "motion": ("KẾT QUẢ BIỂU QUYẾT", "Đồng ý", "Không đồng ý", "Ý kiến khác", "Thông qua", "IV. KẾT LUẬN"),
    "nomination": ("KẾT QUẢ GIỚI THIỆU", "xếp theo số phiếu từ cao xuống thấp", "Số phiếu"),
}
LEVEL_SHORT = {1: "HTXS", 2: "HTT", 3: "HT", 4: "KHT"}


@dataclass(frozen=True)
class Written:
    """One poll of the demo meeting with its minutes."""

    code: str
    tally: dict[str, Any]
    report: dict[str, Any]
    pdf: Path
    xlsx: Path
    pages: list[str]

    @property
    def body(self) -> str:
        return " ".join(" ".join(FOOTER.sub(" ", page) for page in self.pages).split())


def _run(*args: object) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = main([str(a) for a in args])
    assert rc == 0, args
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Written]:
    """`kiemphieu demo`, then `kiemphieu minutes` for each of its polls (read-only for the tests)."""
    folder = tmp_path_factory.mktemp("demo-minutes")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(clock, "now", lambda: FROZEN_NOW)
        mp.setattr(clock, "station", lambda: "may-kiem-thu")
        mp.setenv("XDG_STATE_HOME", str(folder / "state"))
        mp.setenv("KIEMPHIEU_OPERATOR", "thu-ky")
        meeting = folder / "demo.kiemphieu"
        built = json.loads(_run("demo", meeting, "--json"))
        assert [t["poll"] for t in built["tallies"]] == list(POLLS)
        written = {}
        for code in POLLS:
            tally = json.loads(_run("tally", meeting, "--poll", code, "--json"))
            pdf, xlsx = folder / f"{code}.pdf", folder / f"{code}.xlsx"
            report = json.loads(_run("minutes", meeting, "--poll", code, "--pdf", pdf, "--xlsx", xlsx, "--json"))
            document = pdfium.PdfDocument(pdf)
            pages = [str(page.get_textpage().get_text_range()) for page in document]
            document.close()
            written[code] = Written(code, tally, report, pdf, xlsx, pages)
        info = json.loads(_run("info", meeting, "--json"))
        assert {p["id"]: p["status"] for p in info["polls"]} == dict.fromkeys(POLLS, "closed")
    return written


def used_fonts(pdf: Path) -> set[tuple[str, bool]]:
    """(base font name, embedded) of every text object of every page."""
    found = set()
    document = pdfium.PdfDocument(pdf)
    for page in document:
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=8):
            font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
            buffer = ctypes.create_string_buffer(256)
            pdfium_c.FPDFFont_GetBaseFontName(font, buffer, 256)
            found.add((buffer.value.decode("latin-1"), bool(pdfium_c.FPDFFont_GetIsEmbedded(font))))
    document.close()
    return found


def section(text: str, start: str, end: str | None = None) -> str:
    assert start in text, start
    rest = text.split(start, 1)[1]
    return rest.split(end, 1)[0] if end and end in rest else rest


@pytest.mark.parametrize("code", POLLS)
def test_every_page_is_numbered_x_of_y(demo: dict[str, Written], code: str) -> None:
    written = demo[code]
    total = len(written.pages)
    assert total >= 2  # the minutes and at least the entry-log annex
    assert written.report["pages"] == total
    assert written.report["revision"] == 1
    for number, page in enumerate(written.pages, start=1):
        footers = FOOTER.findall(page)
        assert footers == [(str(number), str(total))], page[-200:]
    digests = {re.search(r"\): ([0-9a-f]{32})", page).group(1) for page in written.pages}
    assert digests == {written.report["digest"][:32]}


@pytest.mark.parametrize("code", POLLS)
def test_fonts_are_embedded_liberation_serif(demo: dict[str, Written], code: str) -> None:
    written = demo[code]
    fonts = used_fonts(written.pdf)
    assert fonts
    for name, embedded in fonts:
        assert embedded, f"font {name} is not embedded"
        assert re.fullmatch(r"([A-Z]{6}\+)?LiberationSerif(-\w+)?", name), name
    data = written.pdf.read_bytes()
    assert data.count(b"/FontFile2") >= 3  # regular, bold, italic


@pytest.mark.parametrize("code", ["bch", "cham-diem"])
def test_no_base14_font_is_declared(demo: dict[str, Written], code: str) -> None:
    data = demo[code].pdf.read_bytes()
    for name in BASE14:
        assert b"/BaseFont /" + name not in data, name
        assert b"/BaseFont/" + name not in data, name


@pytest.mark.parametrize("code", POLLS)
def test_text_says_what_the_kind_of_poll_needs(demo: dict[str, Written], code: str) -> None:
    written = demo[code]
    tally = written.tally
    text = written.body
    for page in written.pages:
        assert unicodedata.normalize("NFC", page) == page
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert tally["title"] in text
    motto = PARTY_MOTTO if get_profile(tally["profile"]).wording == "party" else STATE_MOTTO
    assert motto in text
    for word in KIND_WORDS[tally["kind"]]:
        assert word in text, word
    if tally["kind"] != "election":
        assert "Lần bầu thứ" not in text
    assert f"- Số phiếu phát ra: {tally['issued']}" in text
    assert f"- Số phiếu thu về: {tally['collected']}" in text
    assert f"- Số phiếu hợp lệ: {tally['valid']}" in text
    assert f"- Số phiếu không hợp lệ: {tally['invalid']}" in text
    for reason, count in tally["invalid_reasons"].items():
        assert f"+ {reason}: {count} phiếu" in text
    assert "Biên bản lập xong vào hồi 9 giờ 30 phút, ngày 20/06/2025" in text
    for name in ("Nguyễn Văn Hùng", "Lê Thị Mai", "Trần Quốc Toản"):
        assert name in section(text, "CÁC THÀNH VIÊN BAN KIỂM PHIẾU")


CONFIDENCE_NOTES = {"none": "", "low_over_half": "Quá nửa đến dưới 2/3 thấp", "low_two_thirds": "Từ 2/3 trở lên thấp"}


def expected_row(kind: str, item: dict[str, Any]) -> str:
    """An item's row of the results table as the PDF's text shows it (white space normalised)."""
    start = f"{item['position']} {item['name']}"
    if kind in ("election", "nomination"):
        return f"{start} {item['votes']} {item['percent']}"
    if kind == "scoring":
        mean = item["mean"] if item["mean"] is not None else "—"
        return f"{start} {item['scored']} {mean} {LEVEL_SHORT.get(item['level'] or 0, '—')}"
    cells = " ".join(f"{n} – {p}%" for n, p in zip(item["counts"], item["percents"], strict=True))
    if kind == "confidence":
        last = CONFIDENCE_NOTES[item["outcome"]]
    elif kind == "evaluation":
        last = LEVEL_SHORT.get(item["level"] or 0, "Chưa xác định")
    else:
        last = "Thông qua" if item["outcome"] == "passed" else "Không thông qua"
    return f"{start} {cells} {last}".rstrip()


@pytest.mark.parametrize("code", POLLS)
def test_every_item_row_carries_its_numbers(demo: dict[str, Written], code: str) -> None:
    written = demo[code]
    tally = written.tally
    table = section(written.body, "III. ", "Biên bản lập xong")
    for item in tally["items"]:
        assert expected_row(tally["kind"], item) in table, item["name"]
    if tally["kind"] == "election":
        winners = section(written.body, "IV. NGƯỜI TRÚNG CỬ", "Biên bản lập xong")
        by_name = {item["name"]: item for item in tally["items"]}
        listed = " ".join(
            f"{i} {name} {by_name[name]['votes']} {by_name[name]['percent']}"
            for i, name in enumerate(tally["elected"], start=1)
        )
        assert listed in winners
        assert ("Không có người nào trúng cử." in winners) == (not tally["elected"])
    if tally["kind"] == "nomination":
        off_list = [item["name"] for item in tally["items"] if item.get("eligible") is False]
        assert ("Ngoài danh sách" in table) == bool(off_list)


@pytest.mark.parametrize("code", POLLS)
def test_annex_lists_every_invalid_ballot(demo: dict[str, Written], code: str) -> None:
    written = demo[code]
    wb = openpyxl.load_workbook(written.xlsx)
    rows = list(wb["Từng phiếu"].iter_rows(values_only=True))
    header = rows[0]
    ballots = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert len(ballots) == written.tally["entered"]
    invalid = [(b["Số phiếu"], b["Lý do không hợp lệ"]) for b in ballots if b["Hợp lệ"] == "không"]
    assert len(invalid) == written.tally["invalid"]
    text = written.body
    if not invalid:
        assert "PHỤ LỤC 1" not in text
        return
    annex = section(text, "PHỤ LỤC 1. DANH SÁCH PHIẾU KHÔNG HỢP LỆ", "PHỤ LỤC")
    expected = " ".join(f"{i} {key} {reason}" for i, (key, reason) in enumerate(invalid, start=1))
    assert annex.strip() == f"STT Số phiếu Lý do {expected}"


@pytest.mark.parametrize("code", POLLS)
def test_workbook_matches_the_tally(demo: dict[str, Written], code: str, checks: Any) -> None:
    written = demo[code]
    wb = openpyxl.load_workbook(written.xlsx)
    assert wb.sheetnames == ["Tổng hợp", "Từng phiếu", "Nhật ký"]
    checks.summary_matches(wb["Tổng hợp"], written.tally)
    assert wb["Từng phiếu"].freeze_panes == "C2"
    assert wb["Từng phiếu"].print_title_rows == "$1:$1"
    assert wb["Nhật ký"].print_title_rows == "$1:$1"
    first = wb["Tổng hợp"].cell(row=4, column=1).value
    assert first.startswith(f"Bản số 1; lập lúc 09:30 ngày 20/06/2025; mã kiểm tra {written.report['digest']}")


def test_an_off_list_write_in_is_marked_in_the_nomination_minutes(cli: Any, checks: Any) -> None:
    from app.services.demo import example_spec_path

    meeting = cli.meeting(example_spec_path().read_text(encoding="utf-8"))
    lines = [
        {"serial": "GT-0001", "names": ["Lê Văn Cường", "Phạm Thị Dung"]},
        {"serial": "GT-0002", "names": ["lê văn cường", "Trần Văn Tâm"]},
        {"serial": "GT-0003", "names": ["Trần Văn Tâm"]},
        {"serial": "GT-0004", "names": ["Lê Văn Cường", "Phạm Thị Dung", "Đỗ Minh Đức"]},  # 3 names for 2
        {"serial": "GT-0005", "physical_invalid": "signed"},
    ]
    cli.enter(meeting, "gioi-thieu", lines)
    cli.ok("counts", meeting, "--poll", "gioi-thieu", "--issued", 6, "--collected", 5)
    tally = cli.tally(meeting, "gioi-thieu")
    assert [(i["name"], i["votes"], i["eligible"]) for i in tally["items"]] == [
        ("Lê Văn Cường", 2, True),
        ("Trần Văn Tâm", 2, False),
        ("Phạm Thị Dung", 1, True),
    ]

    minutes = cli.minutes(meeting, "gioi-thieu")

    table = section(minutes.text, "III. KẾT QUẢ GIỚI THIỆU", "Biên bản lập xong")
    assert "Tỷ lệ % so với số phiếu hợp lệ (3)" in table
    assert "1 Lê Văn Cường 2 66,67 2 Trần Văn Tâm 2 66,67 Ngoài danh sách 3 Phạm Thị Dung 1 33,33" in table
    annex = section(minutes.text, "PHỤ LỤC 1. DANH SÁCH PHIẾU KHÔNG HỢP LỆ", "PHỤ LỤC")
    assert "GT-0004 Ghi quá số người được giới thiệu" in annex
    assert "GT-0005" in annex
    wb = minutes.workbook()
    checks.summary_matches(wb["Tổng hợp"], tally)
    outcomes = {row[1]: row[-1] for row in checks.table(wb["Tổng hợp"])[1]}
    assert outcomes["Trần Văn Tâm"] == "Ngoài danh sách"
    _, rows = checks.ballots(wb)
    assert [(r["Số phiếu"], r["Tên 1"], r["Tên 2"]) for r in rows[:3]] == [
        ("GT-0001", "Lê Văn Cường", "Phạm Thị Dung"),
        ("GT-0002", "lê văn cường", "Trần Văn Tâm"),
        ("GT-0003", "Trần Văn Tâm", None),
    ]
