"""Helpers for the minutes tests: run `kiemphieu` in-process, write spec and entries files, turn the
vote counts of an example into ballot lines, and read back the minutes PDF and workbook.

The golden references of tests/minutes/test_minutes_golden.py reuse the `--update-golden` option that
tests/printing/conftest.py registers (defining it twice would make pytest fail). Register it by naming
that conftest on the command line:

    pytest tests/printing/conftest.py tests/minutes/test_minutes_golden.py --update-golden
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pypdfium2 as pdfium
import pytest
from cli_runner import CliRunner

OPERATOR = "thu-ky"
# The footer drawn on every page: "Mã kiểm tra kết quả (bản 1): <32 hex> Trang x/y Mã neo nhật ký: KPA-…".
FOOTER = re.compile(
    r"Mã kiểm tra kết quả \((?:bản \d+|bản nháp)\): [0-9a-f]{32}\s+Trang \d+/\d+"
    r"(?:\s+Mã neo nhật ký: KPA-[0-9A-F]{8}-\d+-[0-9A-F]{20})?"
)
LEVEL_SHORT = {1: "HTXS", 2: "HTT", 3: "HT", 4: "KHT"}


def flat(text: str) -> str:
    """Text with every run of white space (line breaks included) as one space."""
    return " ".join(text.split())


@dataclass
class MinutesFiles:
    """The minutes of one poll as written by `kiemphieu minutes`: the PDF's text per page, the workbook."""

    pdf: Path | None
    xlsx: Path | None
    report: dict[str, Any]
    pages: list[str] = field(default_factory=list)
    pdf_bytes: bytes = b""

    @property
    def text(self) -> str:
        """All pages' text without their footers, white space normalised."""
        return flat(" ".join(FOOTER.sub(" ", page) for page in self.pages))

    @property
    def footers(self) -> list[str]:
        """The footer of every page: result check code, page number and anchor code."""
        return [" ".join(flat(m.group(0)) for m in FOOTER.finditer(page)) for page in self.pages]

    def workbook(self) -> Any:
        assert self.xlsx is not None
        return openpyxl.load_workbook(self.xlsx)


def read_pdf(path: Path) -> list[str]:
    """The text of every page of a PDF (pypdfium2)."""
    document = pdfium.PdfDocument(path)
    try:
        return [str(page.get_textpage().get_text_range()) for page in document]
    finally:
        document.close()


class Cli(CliRunner):
    """`kiemphieu` run in-process, with the minutes tests' own helpers."""

    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        super().__init__(tmp_path, capsys)
        self._files = 0

    def meeting(self, spec_text: str, name: str = "hoinghi.kiemphieu") -> Path:
        """`kiemphieu new` from spec text; returns the meeting file."""
        path = self.dir / name
        spec = self.dir / f"{path.stem}.toml"
        spec.write_text(textwrap.dedent(spec_text), encoding="utf-8")
        run = self("new", path, "--spec", spec)
        assert run.rc == 0, run.err
        return path

    def enter(self, meeting: Path, poll: str, lines: Sequence[dict[str, Any]]) -> dict[str, Any]:
        """`kiemphieu enter --json`; every line must be accepted."""
        data: dict[str, Any] = self.ok("enter", meeting, "--poll", poll, "--entries", self.entries(lines))
        assert data["rejected"] == []
        assert data["accepted"] == len(lines)
        return data

    def tally(self, meeting: Path, poll: str) -> dict[str, Any]:
        result: dict[str, Any] = self.ok("tally", meeting, "--poll", poll)
        return result

    def minutes(self, meeting: Path, poll: str, *extra: object, name: str | None = None) -> MinutesFiles:
        """`kiemphieu minutes --pdf --xlsx --json` (must succeed); the files read back."""
        self._files += 1
        stem = name or f"bien-ban-{poll}-{self._files}"
        pdf, xlsx = self.dir / f"{stem}.pdf", self.dir / f"{stem}.xlsx"
        report = self.ok("minutes", meeting, "--poll", poll, "--pdf", pdf, "--xlsx", xlsx, *extra)
        assert report["pdf"] == str(pdf)
        assert report["xlsx"] == str(xlsx)
        pages = read_pdf(pdf)
        assert report["pages"] == len(pages)
        return MinutesFiles(pdf=pdf, xlsx=xlsx, report=report, pages=pages, pdf_bytes=pdf.read_bytes())


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("KIEMPHIEU_OPERATOR", OPERATOR)
    return Cli(tmp_path, capsys)


# --------------------------------------------------------------------------- workbook checks


def summary_facts(ws: Any) -> dict[str, Any]:
    """The label → value rows of the "Tổng hợp" sheet (column B label, column C value)."""
    facts: dict[str, Any] = {}
    for row in ws.iter_rows(values_only=True):
        if row[0] is None and len(row) > 2 and isinstance(row[1], str) and row[2] is not None:
            facts[row[1]] = row[2]
    return facts


def summary_table(ws: Any) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The results table of the "Tổng hợp" sheet: its header and its item rows."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "STT")
    header = [h for h in rows[start] if h is not None]
    body = []
    for row in rows[start + 1 :]:
        if not isinstance(row[0], int) or row[1] is None or len([v for v in row if v is not None]) < 3:
            break
        body.append(row[: len(header)])
    return header, body


def summary_notes(ws: Any) -> list[str]:
    """The notes under the results table of the "Tổng hợp" sheet."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "STT")
    return [
        row[1]
        for row in rows[start + 1 :]
        if row[0] is None
        and isinstance(row[1], str)
        and all(v is None for v in row[2:])
        and not row[1].startswith("Trúng cử (")
    ]


def _decimal(text: str) -> Fraction:
    return Fraction(text.replace(",", "."))


def assert_summary_matches(ws: Any, tally: dict[str, Any]) -> None:
    """The "Tổng hợp" sheet holds the same numbers as `kiemphieu tally --json`."""
    facts = summary_facts(ws)
    assert facts["Số phiếu phát ra"] == tally["issued"]
    assert facts["Số phiếu thu về"] == tally["collected"]
    assert facts["Số phiếu hợp lệ"] == tally["valid"]
    assert facts["Số phiếu không hợp lệ"] == tally["invalid"]
    reasons = {label.strip().removeprefix("– "): v for label, v in facts.items() if label.startswith("  – ")}
    assert reasons == tally["invalid_reasons"]
    base = next(v for label, v in facts.items() if label.startswith("Mẫu số tính tỷ lệ"))
    assert base == tally["base"]
    assert summary_notes(ws) == tally["notes"]
    header, body = summary_table(ws)
    assert len(body) == len(tally["items"])
    columns = tally["columns"]
    for row, item in zip(body, tally["items"], strict=True):
        cells = dict(zip(header, row, strict=True))
        assert cells["STT"] == item["position"]
        assert cells[header[1]] == item["name"]
        if "Số phiếu" in cells:
            assert cells["Số phiếu"] == item["votes"]
            assert abs(cells["Tỷ lệ"] - item["votes"] / tally["base"]) < 1e-9
            assert round(Fraction(cells["Tỷ lệ"]) * 100, 2) == round(_decimal(item["percent"]), 2)
        for i, column in enumerate(columns if "counts" in item else ()):
            assert cells[column] == item["counts"][i]
            assert abs(cells[f"{column} (%)"] - item["counts"][i] / tally["base"]) < 1e-9
        if "Số phiếu chấm" in cells:
            assert cells["Số phiếu chấm"] == item["scored"]
            if item["mean"] is None:
                assert cells["Điểm"] is None
            else:
                # The cell holds the exact mean (shown with 2 decimals); the tally rounds half up.
                assert abs(Fraction(cells["Điểm"]) - _decimal(item["mean"])) <= Fraction(1, 200)
        if "Mức xếp loại" in cells:
            if item["level"]:
                assert cells["Mức xếp loại"] == LEVEL_SHORT[item["level"]]
            else:
                assert cells["Mức xếp loại"] in (None, "", "Chưa xác định")


def ballot_sheet(wb: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """The "Từng phiếu" sheet: its header and one dict per ballot row."""
    rows = list(wb["Từng phiếu"].iter_rows(values_only=True))
    header = list(rows[0])
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


PAGE_NUMBER = re.compile(r"Trang (\d+)/(\d+)")


def page_numbers(pages: Sequence[str]) -> list[tuple[int, int]]:
    """The "Trang x/y" of every page (exactly one per page)."""
    found = []
    for text in pages:
        numbers = PAGE_NUMBER.findall(text)
        assert len(numbers) == 1, numbers
        found.append((int(numbers[0][0]), int(numbers[0][1])))
    return found


@pytest.fixture
def checks() -> Any:
    """The workbook helpers as a namespace (conftest modules cannot be imported by test modules)."""

    class Checks:
        facts = staticmethod(summary_facts)
        table = staticmethod(summary_table)
        notes = staticmethod(summary_notes)
        summary_matches = staticmethod(assert_summary_matches)
        ballots = staticmethod(ballot_sheet)
        pages = staticmethod(page_numbers)
        read_pdf = staticmethod(read_pdf)

    return Checks
