"""Issue #14: the minutes carry the anchor code of the log at their closing, as text and in their QR; a reprint
carries the same code; `verify --code` checks the digest and the anchor. Expected codes are made here with
sqlite3 from the closing's log entry, not with the app's own function."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium
import pytest
import zxingcpp
from cli_runner import CliRunner


def closing_anchor_by_hand(path: Path, code: str) -> str:
    with sqlite3.connect(path) as connection:
        fingerprint = connection.execute("SELECT fingerprint FROM meeting").fetchone()[0]
        entry_id, digest = connection.execute(
            "SELECT a.id, a.hash FROM audit_log a JOIN poll p ON p.id = a.poll_id "
            "WHERE a.action = 'poll.closed' AND p.code = ? ORDER BY a.id DESC LIMIT 1",
            (code,),
        ).fetchone()
    connection.close()
    return f"KPA-{fingerprint[:8].upper()}-{entry_id}-{digest[:20].upper()}"


def first_page(pdf: Path) -> tuple[str, list[str]]:
    page = pdfium.PdfDocument(str(pdf))[0]
    textpage = page.get_textpage()
    text = " ".join(textpage.get_text_range().split())
    return text, [r.text for r in zxingcpp.read_barcodes(page.render(scale=300 / 72).to_pil())]


def test_the_minutes_carry_the_anchor_of_their_closing_and_a_reprint_the_same(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = CliRunner(tmp_path, capsys)
    assert cli("minutes", demo, "--poll", "bch", "--pdf", tmp_path / "bien-ban.pdf").rc == 0
    expected = closing_anchor_by_hand(demo, "bch")
    text, codes = first_page(tmp_path / "bien-ban.pdf")
    assert f"Mã neo nhật ký: {expected}" in text
    assert len(codes) == 1
    assert codes[0].startswith("KPMIN:")
    assert codes[0].endswith(f" {expected}")
    # Later entries (another poll's counts), then a reprint: the same code, text and QR.
    assert cli("counts", demo, "--poll", "bi-thu", "--issued", "146").rc == 0
    xlsx = tmp_path / "in-lai.xlsx"
    assert cli("minutes", demo, "--poll", "bch", "--pdf", tmp_path / "in-lai.pdf", "--xlsx", xlsx).rc == 0
    assert first_page(tmp_path / "in-lai.pdf") == (text, codes)
    cells = [str(c.value) for row in openpyxl.load_workbook(xlsx).worksheets[0].iter_rows() for c in row if c.value]
    assert any(cell.endswith(f"; mã neo nhật ký {expected}") for cell in cells)
    checked = cli("verify", demo, "--code", codes[0])
    assert checked.rc == 0, checked.err
    assert "nối tiếp mã neo in trên biên bản" in checked.out
    assert cli("verify", demo, "--anchor", expected).rc == 0


def test_a_minutes_code_whose_anchor_the_log_does_not_extend_is_refused(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = CliRunner(tmp_path, capsys)
    assert cli("minutes", demo, "--poll", "bch", "--pdf", tmp_path / "bien-ban.pdf").rc == 0
    _, codes = first_page(tmp_path / "bien-ban.pdf")
    digest, anchor = codes[0].split(" ")
    prefix, number, chain = anchor.rsplit("-", 2)
    for forged in (f"{prefix}-{number}-{'0' * 20}", f"{prefix}-{int(number) + 10_000}-{chain}"):
        line = cli("verify", demo, "--code", f"{digest} {forged}").one_error_line()
        assert "mã neo in trên biên bản không khớp" in line


def test_a_draft_carries_the_anchor_of_the_log_when_it_was_made(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = CliRunner(tmp_path, capsys)
    now = cli("anchor", demo).out.strip()
    assert cli("minutes", demo, "--poll", "bch", "--pdf", tmp_path / "nhap.pdf", "--draft").rc == 0
    text, codes = first_page(tmp_path / "nhap.pdf")
    assert f"Mã neo nhật ký: {now}" in text
    assert codes[0].endswith(f" {now}")
