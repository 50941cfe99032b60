"""Every input bounded and answered (#15): the spec, the candidate workbook and the scan files. Each bad input is
one Vietnamese message from the project's own errors; nothing is read without a bound on time and memory."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Any

import pytest
from bounded import with_timeout

from app import limits
from app.errors import KiemPhieuError, SpecError
from app.services.spec import read_spec

SPEC = """
    [meeting]
    title = "Hội nghị"
    organization = "CHI BỘ 1"
    place = "An Bình"
    date = 2025-06-20

    [attendance]
    convened = {convened}
    present = 9

    [[polls]]
    id = "bch"
    kind = "election"
    title = "Bầu Chi ủy"
    seats = {seats}
    candidates = ["An", "Bình", "Cường"]

    [[polls]]
    id = "cd"
    kind = "scoring"
    title = "Chấm điểm"
    subjects = ["An"]
    criteria = [{{ name = "Chung", max = {maximum} }}]
"""


def _spec(tmp_path: Path, convened: str = "10", seats: str = "2", maximum: str = "30") -> Path:
    path = tmp_path / "spec.toml"
    path.write_text(textwrap.dedent(SPEC.format(convened=convened, seats=seats, maximum=maximum)), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- spec


def test_a_good_spec_still_reads(tmp_path: Path) -> None:
    assert read_spec(_spec(tmp_path)).convened == 10


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("convened", "1" + "0" * 20, "convened"),
        ("seats", "1" + "0" * 20, "seats"),
        ("seats", "5000", "seats"),
        ("maximum", "nan", "max"),
        ("maximum", "inf", "max"),
        ("maximum", "1e308", "max"),
        ("maximum", "8.3", "max"),
        ("maximum", "20000", "max"),
    ],
)
def test_numbers_out_of_bounds_are_refused(tmp_path: Path, field: str, value: str, fragment: str) -> None:
    with pytest.raises(SpecError, match=fragment):
        read_spec(_spec(tmp_path, **{field: value}))


def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")

    with pytest.raises(SpecError, match="lồng nhau"):
        read_spec(path)


def test_a_spec_larger_than_the_bound_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_SPEC_BYTES", 100)
    with pytest.raises(SpecError, match="lớn quá"):
        read_spec(_spec(tmp_path))


def test_a_name_longer_than_a_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "spec.toml"
    path.write_text(_spec(tmp_path).read_text(encoding="utf-8").replace('"Cường"', '"' + "x" * 300 + '"'))
    with pytest.raises(SpecError, match="dài quá"):
        read_spec(path)


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_a_spec_that_is_not_a_regular_file_is_refused_not_waited_on(tmp_path: Path, kind: str) -> None:
    path = {"device": Path("/dev/zero"), "folder": tmp_path}.get(kind, tmp_path / "spec.fifo")
    if kind == "fifo":
        os.mkfifo(path)

    with pytest.raises(KiemPhieuError, match=r"thư mục|FIFO|thiết bị"):
        with_timeout(20, lambda: read_spec(path))


# --------------------------------------------------------------------------- candidate workbook


def _workbook(path: Path, names: list[str]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên"])
    for name in names:
        sheet.append([name])
    book.save(path)
    return path


def test_a_workbook_with_more_rows_than_a_list_stops_early(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 3 M rows reached 3.3 GB before #15; reading stops at MAX_XLSX_ROWS (monkeypatched small here).
    from app.errors import ImportFileError
    from app.services.importing import read_items_xlsx

    monkeypatch.setattr(limits, "MAX_XLSX_ROWS", 50)
    monkeypatch.setattr(limits, "MAX_ITEMS", 1000)
    path = _workbook(tmp_path / "lon.xlsx", [f"Người số {chr(65 + i % 26)}{i}" for i in range(200)])

    with pytest.raises(ImportFileError, match="đã đọc 50 dòng"):
        read_items_xlsx(path)


def test_a_list_longer_than_a_ballot_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.errors import ImportFileError
    from app.services.importing import read_items_xlsx

    monkeypatch.setattr(limits, "MAX_ITEMS", 10)
    path = _workbook(tmp_path / "dai.xlsx", [f"Người {chr(65 + i)}" for i in range(11)])

    with pytest.raises(ImportFileError, match="quá 10 người"):
        read_items_xlsx(path)


def test_a_workbook_that_unpacks_beyond_the_bound_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.errors import ImportFileError
    from app.services.importing import read_items_xlsx

    monkeypatch.setattr(limits, "MAX_XLSX_BYTES", 1000)
    path = _workbook(tmp_path / "bom.xlsx", ["An", "Bình"])

    with pytest.raises(ImportFileError, match="giải nén"):
        read_items_xlsx(path)


def test_a_fifo_named_as_the_workbook_is_refused(tmp_path: Path) -> None:
    from app.errors import ImportFileError
    from app.services.importing import read_items_xlsx

    fifo = tmp_path / "ds.xlsx"
    os.mkfifo(fifo)
    with pytest.raises(ImportFileError, match="FIFO"):
        with_timeout(20, lambda: read_items_xlsx(fifo))


# --------------------------------------------------------------------------- scans


def _blank_pages(path: Path, count: int) -> Path:
    from PIL import Image

    frames = [Image.new("L", (300, 400), 255) for _ in range(count)]
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=(200, 200))
    return path


def test_a_multi_frame_tiff_is_read_page_by_page_without_starting_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before #15 each page walked every frame before it (page 5,000 alone 0.38 s; 2,000 frames took 517 s
    # one by one, 4 s after): the file stays open and each page seeks from the frames already passed.
    from PIL import TiffImagePlugin

    from app.recognition import images

    path = _blank_pages(tmp_path / "nhieu.tif", 40)

    tiff_seek = TiffImagePlugin.TiffImageFile.seek
    walked: list[int] = []

    def tiff_counting(self: Any, frame: int) -> None:
        walked.append(frame)
        tiff_seek(self, frame)

    monkeypatch.setattr(TiffImagePlugin.TiffImageFile, "seek", tiff_counting)
    images._OpenImage.close()
    for number in range(1, 41):
        assert images.load_page(path, number).number == number
    # One seek per page (the first page is read straight from the opened file); not 1 + 2 + … + 40.
    assert len(walked) <= 41, len(walked)
    images._OpenImage.close()


def test_a_file_of_more_pages_than_the_cap_is_refused_before_any_page_is_read(
    example_meeting: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.errors import ScanFileError
    from app.services import scanning
    from app.services.scanning import ingest

    monkeypatch.setattr(ingest, "MAX_PAGES", 5)
    path = _blank_pages(tmp_path / "dai.tif", 6)
    read: list[Any] = []
    monkeypatch.setattr(ingest, "recognise", lambda *a: read.append(a))

    with pytest.raises(ScanFileError, match="6 trang, quá 5 trang"):
        scanning.scan_files(example_meeting, [path], operator="quet")
    assert read == []


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_fifo_or_device_named_as_a_scan_is_refused_not_waited_on(
    example_meeting: Any, tmp_path: Path, kind: str
) -> None:
    from app.errors import ScanFileError
    from app.services import scanning

    path = Path("/dev/zero") if kind == "device" else tmp_path / "quet.png"
    if kind == "fifo":
        os.mkfifo(path)

    with pytest.raises(ScanFileError, match="không phải tệp thông thường"):
        with_timeout(20, lambda: scanning.scan_files(example_meeting, [path], operator="quet"))


def test_identical_files_and_a_file_named_twice_are_duplicates_not_an_integrity_error(
    example_meeting: Any, tmp_path: Path
) -> None:
    from app.recognition.outcomes import Outcome
    from app.services import scanning

    first = _blank_pages(tmp_path / "a.tif", 2)
    second = tmp_path / "b.tif"
    second.write_bytes(first.read_bytes())

    report = scanning.scan_files(example_meeting, [first, second, first], operator="quet")

    outcomes = [(p.file, p.page_no, p.outcome) for p in report.pages]
    assert [o for f, _, o in outcomes if f == "b.tif"] == [Outcome.DUPLICATE] * 2
    assert sum(1 for _, _, o in outcomes if o is Outcome.DUPLICATE) == 4
    assert len(outcomes) == 6


def test_two_scans_of_one_folder_at_once_store_each_page_once(example_meeting: Any, tmp_path: Path) -> None:
    # The second scan's page reaches store_page after the first stored it (the check runs under the write lock).
    from app.recognition.outcomes import Outcome
    from app.recognition.pipeline import PageResult
    from app.services.scanning.storage import store_page

    result = PageResult("a.png", 1, Outcome.BLANK, ())
    kwargs: dict[str, Any] = {
        "file_name": "a.png", "sha256": "ab" * 32, "page_no": 1, "operator": "quet", "station": "m", "pass_no": 1,
    }  # fmt: skip
    assert store_page(example_meeting, result, **kwargs).outcome is Outcome.BLANK
    again = store_page(example_meeting, result, **kwargs)
    assert again.outcome is Outcome.DUPLICATE
    assert again.page_id is None


def _inked_pages(path: Path, count: int) -> Path:
    from PIL import Image, ImageDraw

    frames = []
    for i in range(count):
        image = Image.new("L", (400, 500), 255)
        ImageDraw.Draw(image).rectangle((50, 50 + i, 350, 450), fill=0)  # ink, and no ballot code
        frames.append(image)
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=(200, 200))
    return path


def test_the_head_sets_aside_a_whole_file_or_every_page_without_a_code(example_meeting: Any, tmp_path: Path) -> None:
    # A long PDF of non-ballots left one unreadable page per sheet, each dismissed by hand (~2 hours for 10,000).
    from app.errors import AccessError
    from app.services import roles, scanning
    from app.services.scanning import review

    scanning.scan_files(example_meeting, [_inked_pages(tmp_path / "nham.tif", 3)], operator="q")
    scanning.scan_files(example_meeting, [_inked_pages(tmp_path / "nham-2.tif", 2)], operator="q")
    with example_meeting.transaction() as session:
        roles.set_head_pin(session, new_pin="2468", current_pin=None, actor="truong-ban")
        assert len(review.review_queue(session)) == 5

    with pytest.raises(AccessError):
        review.dismiss_many(example_meeting, note="quét nhầm", actor="q", file_name="nham.tif")
    assert review.dismiss_many(example_meeting, note="quét nhầm", actor="tb", file_name="nham.tif", pin="2468") == 3
    with example_meeting.reading() as session:
        assert [q.file for q in review.review_queue(session)] == ["nham-2.tif"] * 2
    assert review.dismiss_many(example_meeting, note="không phải phiếu", actor="tb", pin="2468") == 2
    with example_meeting.reading() as session:
        assert review.review_queue(session) == []
