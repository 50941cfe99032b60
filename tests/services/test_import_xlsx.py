"""app.services.importing.read_items_xlsx on real workbooks written with openpyxl, then replace_items."""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from app.errors import ImportFileError, StateError
from app.rules.model import Ballot, Layout
from app.services import polls
from app.services.ballots import EntryDraft, record_ballot
from app.services.importing import read_items_xlsx
from app.services.spec import ItemSpec
from app.store.db import MeetingFile

HEADER = ["Họ và tên", "Năm sinh", "Chức vụ", "Ghi chú"]


def workbook(path: Path, *sheets: tuple[str, Sequence[Sequence[Any]]]) -> Path:
    """Write an .xlsx with the given sheets; each row list is written from row 1 (None = empty cell)."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(row=r, column=c, value=value)
    book.save(path)
    return path


def sheet_file(tmp_path: Path, rows: Sequence[Sequence[Any]], name: str = "danhsach.xlsx") -> Path:
    return workbook(tmp_path / name, ("Trang 1", rows))


def refused(path: Path, *fragments: str, sheet: str | None = None) -> str:
    with pytest.raises(ImportFileError) as info:
        read_items_xlsx(path, sheet)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


# --- good workbooks ----------------------------------------------------------------------------------------


def test_standard_header(tmp_path: Path) -> None:
    path = sheet_file(
        tmp_path,
        [
            HEADER,
            ["Nguyễn Văn An", 1972, "Bí thư Đảng ủy xã", None],
            ["Trần Thị Bình", 1978, "Phó Bí thư", "Tái cử"],
            ["Lê Văn Cường", None, None, None],
        ],
    )
    assert read_items_xlsx(path) == (
        ItemSpec(name="Nguyễn Văn An", birth_year=1972, position="Bí thư Đảng ủy xã"),
        ItemSpec(name="Trần Thị Bình", birth_year=1978, position="Phó Bí thư", note="Tái cử"),
        ItemSpec(name="Lê Văn Cường"),
    )


def test_names_are_nfc_and_trimmed(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Thúy")
    path = sheet_file(
        tmp_path,
        [HEADER, [f"  {nfd}  ", None, unicodedata.normalize("NFD", " Chủ tịch  Hội Phụ nữ "), None]],
    )
    [item] = read_items_xlsx(path)
    assert item.name == "Nguyễn Thị Thúy"
    assert unicodedata.is_normalized("NFC", item.name)
    assert item.position == "Chủ tịch Hội Phụ nữ"


def test_birth_years_from_int_float_date_and_text(tmp_path: Path) -> None:
    path = sheet_file(
        tmp_path,
        [
            HEADER,
            ["Nguyễn Văn An", 1975, None, None],
            ["Trần Thị Bình", 1975.0, None, None],
            ["Lê Văn Cường", dt.date(1980, 5, 17), None, None],
            ["Phạm Thị Dung", dt.datetime(1983, 1, 2, 0, 0), None, None],
            ["Đỗ Minh Đức", " 1986 ", None, None],
            ["Vũ Thị Hà", "", None, None],
        ],
    )
    years = [i.birth_year for i in read_items_xlsx(path)]
    assert years == [1975, 1975, 1980, 1983, 1986, None]
    assert all(type(y) is int for y in years[:5])


def test_upper_case_header_not_on_row_one_with_extra_columns(tmp_path: Path) -> None:
    path = sheet_file(
        tmp_path,
        [
            [],
            [],
            ["STT", "HỌ TÊN", "Quê quán", "NĂM SINH", "Ghi chú", "Chức vụ, đơn vị công tác"],
            [1, "Hoàng Văn Giang", "Yên Lạc", 1986, None, "Chỉ huy trưởng Quân sự"],
            [],
            [2, "Bùi Quang Huy", "Vĩnh Phúc", 1979, "Dự kiến", None],
            [3, "Ngô Thị Lan", None, None, None, "Chủ tịch Hội Phụ nữ"],
        ],
    )
    assert read_items_xlsx(path) == (
        ItemSpec(name="Hoàng Văn Giang", birth_year=1986, position="Chỉ huy trưởng Quân sự"),
        ItemSpec(name="Bùi Quang Huy", birth_year=1979, note="Dự kiến"),
        ItemSpec(name="Ngô Thị Lan", position="Chủ tịch Hội Phụ nữ"),
    )


@pytest.mark.parametrize("header", ["Họ và tên", "HỌ VÀ TÊN", "Họ tên", "Ho va ten", "Họ và tên:", "Tên", "Name"])
def test_header_spellings(tmp_path: Path, header: str) -> None:
    path = sheet_file(tmp_path, [[header], ["Nguyễn Văn An"]])
    assert read_items_xlsx(path) == (ItemSpec(name="Nguyễn Văn An"),)


def test_same_name_with_different_birth_years(tmp_path: Path) -> None:
    path = sheet_file(tmp_path, [HEADER, ["Nguyễn Văn An", 1970], ["Nguyễn Văn An", 1985]])
    assert [(i.name, i.birth_year) for i in read_items_xlsx(path)] == [
        ("Nguyễn Văn An", 1970),
        ("Nguyễn Văn An", 1985),
    ]


def test_chosen_sheet(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "hai-trang.xlsx",
        ("Bìa", [["Danh sách ứng cử viên"]]),
        ("BCH", [HEADER, ["Nguyễn Văn An", 1972], ["Trần Thị Bình", 1978]]),
    )
    assert [i.name for i in read_items_xlsx(path, "BCH")] == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_title_row_above_the_header(tmp_path: Path) -> None:
    path = sheet_file(
        tmp_path,
        [
            ["DANH SÁCH NHÂN SỰ ỨNG CỬ BAN CHẤP HÀNH ĐẢNG BỘ XÃ KHÓA XX"],
            [],
            ["STT", "Họ và tên", "Năm sinh"],
            [1, "Nguyễn Văn An", 1972],
        ],
    )
    assert read_items_xlsx(path) == (ItemSpec(name="Nguyễn Văn An", birth_year=1972),)


# --- broken files ------------------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "khong-co.xlsx"
    refused(path, str(path), "không tìm thấy")


def test_text_file_renamed_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "vanban.xlsx"
    path.write_text("Họ và tên\nNguyễn Văn An\n", encoding="utf-8")
    refused(path, "vanban.xlsx", "không phải tệp Excel .xlsx hợp lệ")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "rong.xlsx"
    path.write_bytes(b"")
    refused(path, "rong.xlsx", ".xlsx")


def test_truncated_xlsx(tmp_path: Path) -> None:
    good = sheet_file(tmp_path, [HEADER, ["Nguyễn Văn An", 1972]], name="du.xlsx")
    data = good.read_bytes()
    path = tmp_path / "cat-do.xlsx"
    path.write_bytes(data[: len(data) // 2])
    refused(path, "cat-do.xlsx", "hỏng hoặc bị cắt dở")


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "nen.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "không phải Excel")
    refused(path, "nen.xlsx", ".xlsx")


def test_ole_file_encrypted_or_old_xls(tmp_path: Path) -> None:
    path = tmp_path / "mat-khau.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00junk" * 100)
    refused(path, "mat-khau.xlsx", "mật khẩu", ".xls")


def test_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = workbook(tmp_path / "hai-trang.xlsx", ("Bìa", [["x"]]), ("BCH", [HEADER, ["Nguyễn Văn An"]]))
    refused(path, "hai-trang.xlsx", "'Trang 9'", "Bìa, BCH", sheet="Trang 9")


# --- bad contents ------------------------------------------------------------------------------------------


def test_no_name_column(tmp_path: Path) -> None:
    path = sheet_file(tmp_path, [[], ["STT", "Năm sinh", "Chức vụ"], [1, 1972, "Bí thư"]])
    refused(path, "danhsach.xlsx", "'Trang 1'", "'Họ và tên'", "dòng 2")


def test_empty_sheet(tmp_path: Path) -> None:
    path = sheet_file(tmp_path, [])
    refused(path, "danhsach.xlsx", "'Trang 1'", "trống")


def test_header_without_people(tmp_path: Path) -> None:
    path = sheet_file(tmp_path, [HEADER, [], []])
    refused(path, "danhsach.xlsx", "không có người nào")


@pytest.mark.parametrize("number", [123, 45.5, "123", "12.5"])
def test_number_in_the_name_cell(tmp_path: Path, number: Any) -> None:
    path = sheet_file(tmp_path, [HEADER, ["Nguyễn Văn An", 1972], [number, 1978]])
    refused(path, "danhsach.xlsx", "dòng 3", "chứa số", str(number))


def test_empty_name_in_a_row_with_other_data(tmp_path: Path) -> None:
    path = sheet_file(tmp_path, [HEADER, ["Nguyễn Văn An", 1972], [None, 1978, "Phó Bí thư"]])
    refused(path, "danhsach.xlsx", "'Trang 1'", "dòng 3", "thiếu họ và tên")
    blank = sheet_file(tmp_path, [HEADER, ["   ", 1978]], name="trang.xlsx")
    refused(blank, "trang.xlsx", "dòng 2", "thiếu họ và tên")


def test_duplicate_names(tmp_path: Path) -> None:
    path = sheet_file(
        tmp_path,
        [
            HEADER,
            ["Nguyễn Văn An", 1972],
            ["Trần Thị Bình"],
            [unicodedata.normalize("NFD", "nguyễn  văn an"), 1972],
        ],
    )
    refused(path, "danhsach.xlsx", "dòng 4", "trùng với dòng 2", "năm sinh")


@pytest.mark.parametrize("year", ["19x2", 1850, 2200, 75, "1972-1973", 1975.5, True])
def test_bad_birth_year(tmp_path: Path, year: Any) -> None:
    path = sheet_file(tmp_path, [HEADER, ["Nguyễn Văn An", 1972], ["Trần Thị Bình", year]])
    refused(path, "danhsach.xlsx", "dòng 3", "năm sinh")


def test_row_numbers_count_blank_rows(tmp_path: Path) -> None:
    path = sheet_file(tmp_path, [[], HEADER, [], ["Nguyễn Văn An"], [], [], ["Trần Thị Bình", "năm"]])
    refused(path, "dòng 7")


# --- into a poll -------------------------------------------------------------------------------------------


def test_replace_items_with_the_imported_list(example_meeting: MeetingFile, tmp_path: Path) -> None:
    path = sheet_file(
        tmp_path,
        [
            HEADER,
            ["Nguyễn Văn An", 1972, "Bí thư Đảng ủy xã", None],
            ["Trần Thị Bình", 1978.0, "Phó Bí thư", None],
            ["Lê Văn Cường", dt.date(1975, 3, 1), "Chủ tịch UBND xã", "Tái cử"],
            ["Phạm Thị Dung", None, None, None],
        ],
    )
    items = read_items_xlsx(path)
    with example_meeting.transaction() as session:
        summary = polls.replace_items(session, code="bch", items=items, actor="Lê Thị Mai")
    assert summary.items == ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung")
    assert summary.seats == 7
    with example_meeting.reading() as session:
        poll = polls.get_poll(session, "bch")
        stored = [(i.ordinal, i.name, i.birth_year, i.position, i.note) for i in poll.items]
        pdef = polls.poll_def(poll)
    assert stored == [
        (1, "Nguyễn Văn An", 1972, "Bí thư Đảng ủy xã", None),
        (2, "Trần Thị Bình", 1978, "Phó Bí thư", None),
        (3, "Lê Văn Cường", 1975, "Chủ tịch UBND xã", "Tái cử"),
        (4, "Phạm Thị Dung", None, None, None),
    ]
    assert pdef.layout is Layout.GRID  # 4 names for 7 seats: no surplus any more


def test_import_refused_once_counting_started(example_meeting: MeetingFile, tmp_path: Path) -> None:
    with example_meeting.transaction() as session:
        poll = polls.get_poll(session, "bch")
        draft = EntryDraft(serial="BCH-1", ballot=Ballot(key="BCH-1", struck=frozenset({8, 9})))
        record_ballot(session, poll=poll, pdef=polls.poll_def(poll), draft=draft, operator="x", station="y")
    items = read_items_xlsx(sheet_file(tmp_path, [HEADER, ["Nguyễn Văn An"]]))
    with pytest.raises(StateError, match="“Bầu Ban Chấp hành"), example_meeting.transaction() as session:
        polls.replace_items(session, code="bch", items=items, actor="x")
    with example_meeting.reading() as session:
        assert len(polls.get_poll(session, "bch").items) == 9
