"""Importing candidate or subject lists from Excel (.xlsx) with clear, located errors."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from app import limits
from app.errors import ImportFileError
from app.services.spec import ItemSpec
from app.text import name_key, nfc, search_key

# Header spellings accepted for each column, compared without diacritics or case.
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("ho va ten", "ho ten", "ten", "ho va ten ung cu vien", "name"),
    "birth_year": ("nam sinh", "birth year", "birth_year"),
    "position": ("chuc vu", "chuc vu, don vi cong tac", "position"),
    "note": ("ghi chu", "note"),
    "number": ("stt", "tt", "so thu tu"),
}
HEADER_SEARCH_ROWS = 10
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _column_for(header: Any) -> str | None:
    if not isinstance(header, str):
        return None
    key = search_key(header).strip(" :*")
    for column, spellings in HEADERS.items():
        if key in spellings:
            return column
    return None


def _open_workbook(path: Path) -> Any:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with limits.open_regular(path, "tệp Excel") as handle:
            magic = handle.read(8)
    except FileNotFoundError:
        raise ImportFileError(f"{path}: không tìm thấy tệp Excel.") from None
    except limits.InputLimitError as exc:
        raise ImportFileError(str(exc)) from None
    except OSError as exc:
        raise ImportFileError(f"{path}: không đọc được tệp ({exc.strerror}).") from None
    if magic == _OLE_MAGIC:
        raise ImportFileError(
            f"{path.name}: tệp được đặt mật khẩu hoặc là định dạng Excel cũ (.xls). "
            "Hãy bỏ mật khẩu và lưu lại dưới dạng .xlsx."
        )
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        unpacked = 0  # openpyxl below says what is wrong with it
    if unpacked > limits.MAX_XLSX_BYTES:
        raise ImportFileError(
            f"{path.name}: tệp Excel giải nén ra {unpacked // (1024 * 1024)} MB, quá "
            f"{limits.MAX_XLSX_BYTES // (1024 * 1024)} MB; một danh sách chỉ vài trăm dòng — hãy chép danh sách "
            "sang một tệp mới."
        )
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise ImportFileError(
            f"{path.name}: không phải tệp Excel .xlsx hợp lệ (tệp hỏng hoặc bị cắt dở). "
            "Hãy mở bằng Excel và lưu lại dưới dạng .xlsx."
        ) from None


def read_items_xlsx(path: Path, sheet: str | None = None) -> tuple[ItemSpec, ...]:
    """Read a list of people from `path`: a header row with "Họ và tên" (required), and optionally
    "Năm sinh", "Chức vụ", "Ghi chú"; one person a row, in ballot order."""
    workbook = _open_workbook(path)
    try:
        if sheet is not None:
            if sheet not in workbook.sheetnames:
                known = ", ".join(workbook.sheetnames)
                raise ImportFileError(f"{path.name}: không có trang tính '{sheet}'. Các trang có: {known}.")
            worksheet = workbook[sheet]
        else:
            worksheet = workbook.worksheets[0]
        rows = worksheet.iter_rows(values_only=True)
        columns: dict[str, int] = {}
        header_row = 0
        probable_header = 0
        seen_content = False
        # The header is the first row with a name column; title rows above it are common.
        for number, row in enumerate(rows, start=1):
            found: dict[str, int] = {}
            for index, cell in enumerate(row):
                column = _column_for(cell)
                if column and column not in found:
                    found[column] = index
            seen_content = seen_content or any(cell not in (None, "") for cell in row)
            if "name" in found:
                columns, header_row = found, number
                break
            if found and not probable_header:
                probable_header = number
            if number >= HEADER_SEARCH_ROWS:
                break
        where = f"{path.name}, trang '{worksheet.title}'"
        if "name" not in columns:
            if not seen_content:
                raise ImportFileError(f"{where}: trang tính trống.")
            place = (
                f"ở dòng tiêu đề (dòng {probable_header})"
                if probable_header
                else (f"trong {HEADER_SEARCH_ROWS} dòng đầu")
            )
            raise ImportFileError(
                f"{where}: không tìm thấy cột 'Họ và tên' {place}; cần một dòng tiêu đề có các ô "
                "'Họ và tên', 'Năm sinh', 'Chức vụ', 'Ghi chú'."
            )
        items: list[ItemSpec] = []
        seen: dict[tuple[str, int | None], int] = {}
        for number, row in enumerate(rows, start=header_row + 1):
            if number > limits.MAX_XLSX_ROWS:
                raise ImportFileError(
                    f"{where}: đã đọc {limits.MAX_XLSX_ROWS} dòng mà trang tính vẫn còn; một danh sách có tối đa "
                    f"{limits.MAX_ITEMS} người — hãy xóa các dòng thừa hoặc chép danh sách sang trang tính mới."
                )

            def cell(column: str, row: tuple[Any, ...] = row) -> Any:
                index = columns.get(column)
                return row[index] if index is not None and index < len(row) else None

            if not any(value not in (None, "") for value in row):
                continue
            raw_name = cell("name")
            if raw_name is None or (isinstance(raw_name, str) and not nfc(raw_name)):
                raise ImportFileError(f"{where}, dòng {number}: thiếu họ và tên.")
            if not isinstance(raw_name, str) or nfc(raw_name).replace(".", "", 1).isdigit():
                raise ImportFileError(
                    f"{where}, dòng {number}: ô họ và tên chứa số ({raw_name}), không phải tên người."
                )
            name = nfc(raw_name)
            birth_year = _birth_year(cell("birth_year"), f"{where}, dòng {number}")
            key = (name_key(name), birth_year)
            if key in seen:
                raise ImportFileError(
                    f"{where}, dòng {number}: '{name}' trùng với dòng {seen[key]}. "
                    "Nếu là hai người trùng họ tên, hãy ghi năm sinh để phân biệt."
                )
            seen[key] = number
            if len(items) >= limits.MAX_ITEMS:
                raise ImportFileError(f"{where}, dòng {number}: danh sách quá {limits.MAX_ITEMS} người.")
            if len(name) > limits.MAX_NAME_CHARS:
                raise ImportFileError(f"{where}, dòng {number}: họ và tên dài quá {limits.MAX_NAME_CHARS} ký tự.")
            position, note = cell("position"), cell("note")
            items.append(
                ItemSpec(
                    name=name,
                    birth_year=birth_year,
                    position=nfc(str(position)) or None if position is not None else None,
                    note=nfc(str(note)) or None if note is not None else None,
                )
            )
        if not items:
            raise ImportFileError(f"{where}: không có người nào dưới dòng tiêu đề.")
        return tuple(items)
    finally:
        workbook.close()


def _birth_year(value: Any, where: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if hasattr(value, "year"):  # a date cell
        return int(value.year)
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit() or not 1900 <= int(text) <= 2100:
        raise ImportFileError(f"{where}: năm sinh '{value}' không hợp lệ (ghi 4 chữ số, ví dụ 1975).")
    return int(text)
