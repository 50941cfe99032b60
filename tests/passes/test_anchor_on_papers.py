"""Issue #14: the papers and files the app makes carry the anchor code of the log — the entry log (text and QR),
a signed pass file (kept in the receiving file's log), a print job's report. The expected codes are made here
from the file with sqlite3, not with the app's own function."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import zxingcpp

PASS_2 = [{"serial": "BCH-0001", "struck": [2, 5]}, {"serial": "BCH-0002", "struck": [1]}]


def anchor_by_hand(path: Path) -> str:
    """KPA-<first 8 of the meeting fingerprint>-<last entry's id>-<first 20 of its hash>, in capitals."""
    with sqlite3.connect(path) as connection:
        fingerprint = connection.execute("SELECT fingerprint FROM meeting").fetchone()[0]
        entry_id, digest = connection.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    connection.close()
    return f"KPA-{fingerprint[:8].upper()}-{entry_id}-{digest[:20].upper()}"


def qr_codes(pdf: Path) -> list[str]:
    page = pdfium.PdfDocument(str(pdf))[0]
    return [r.text for r in zxingcpp.read_barcodes(page.render(scale=300 / 72).to_pil())]


def test_a_pass_file_carries_its_station_s_anchor_and_the_receiving_log_keeps_it(cli: Any) -> None:
    a = cli.meeting("hoinghi-A.kiemphieu")
    b = cli.dir / "hoinghi-B.kiemphieu"
    shutil.copyfile(a, b)
    cli.station("may-B")
    cli.enter(b, "bch", PASS_2, pass_no=2, operator="Đinh Thị Loan")
    station_b = anchor_by_hand(b)
    out = cli.dir / "luot-2.json"
    cli.ok("export-pass", b, "--poll", "bch", "--pass", "2", "--out", out)
    assert json.loads(out.read_text(encoding="utf-8"))["anchor"] == station_b
    cli.station("may-A")
    cli.ok("import-pass", a, out, "--operator", "Nguyễn Văn Hùng")
    with sqlite3.connect(a) as connection:
        details = connection.execute(
            "SELECT details FROM audit_log WHERE action = 'pass.imported' ORDER BY id DESC LIMIT 1"
        ).fetchone()[0]
    connection.close()
    assert json.loads(details)["source_anchor"] == station_b
    # Station B's own file, later, is checked against the code A's log keeps.
    cli.ok("verify", b, "--anchor", station_b)
    # The anchor is signed with the rest: changed, the file is refused.
    document = json.loads(out.read_text(encoding="utf-8"))
    document["anchor"] = station_b[:-1] + ("0" if station_b[-1] != "0" else "1")
    out.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert "chữ ký" in cli("import-pass", cli.meeting("hoinghi-C.kiemphieu"), out).one_error_line()


def test_the_entry_log_carries_the_anchor_as_text_and_qr(cli: Any) -> None:
    meeting = cli.meeting("hoinghi.kiemphieu")
    cli.enter(meeting, "bch", PASS_2)
    expected = anchor_by_hand(meeting)
    pdf = cli.dir / "nhat-ky.pdf"
    cli.ok("entry-log", meeting, "--poll", "bch", "--pdf", pdf)
    assert f"Mã neo nhật ký lúc in: {expected}" in cli.pdf_text(pdf)
    assert qr_codes(pdf) == [expected]


def test_a_print_job_reports_the_anchor_after_its_sheets_are_registered(cli: Any) -> None:
    meeting = cli.meeting("hoinghi.kiemphieu")
    data = cli.ok("print", meeting, "--poll", "bch", "--copies", "2", "--out", cli.dir / "phieu.pdf")
    assert data["anchor"] == anchor_by_hand(meeting)
    run = cli("print", meeting, "--poll", "bch", "--copies", "1", "--out", cli.dir / "phieu-2.pdf")
    assert f"Mã neo nhật ký sau lần in (ghi ra ngoài tệp): {anchor_by_hand(meeting)}" in run.out
