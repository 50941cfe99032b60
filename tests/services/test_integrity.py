"""`kiemphieu verify` catches edits made behind the app's back; backups and sealed archives."""

from __future__ import annotations

import hashlib
import sqlite3
import zipfile
from pathlib import Path

import pytest

from app.cli import main
from app.services.demo import build_demo


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.kiemphieu"
    build_demo(path).close()
    return path


def _verify(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["verify", str(path)])
    return code, capsys.readouterr().out


def test_a_clean_file_verifies(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _verify(demo, capsys)
    assert code == 0
    assert "Tệp toàn vẹn" in out


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("UPDATE mark SET row = 3 WHERE id = (SELECT min(id) FROM mark)", "các dấu trên phiếu khác với nhật ký"),
        ("DELETE FROM mark WHERE id = (SELECT max(id) FROM mark)", "các dấu trên phiếu khác với nhật ký"),
        ("UPDATE ballot SET physical_invalid = 'torn' WHERE serial = 'BCH-0001'", "BCH-0001"),
        ("UPDATE ballot SET override_valid = 0, override_reason = 'x' WHERE serial = 'BCH-0002'", "kết luận của Ban"),
        ("DELETE FROM ballot WHERE serial = 'BCH-0003'", "đã mất khỏi tệp"),
    ],
)
def test_an_edit_with_the_sqlite3_shell_is_found_with_where_it_is(
    demo: Path, capsys: pytest.CaptureFixture[str], sql: str, expected: str
) -> None:
    with sqlite3.connect(demo) as connection:
        connection.execute(sql)
    code, out = _verify(demo, capsys)
    assert code == 1
    assert expected in out


def test_an_edited_audit_entry_breaks_the_chain(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(demo) as connection:
        connection.execute("DROP TRIGGER audit_log_no_update")
        connection.execute("UPDATE audit_log SET actor = 'ai-do' WHERE id = 5")
    code, out = _verify(demo, capsys)
    assert code == 1
    assert "nhật ký, bản ghi số 5" in out


def test_results_changed_after_the_minutes_are_found(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["minutes", str(demo), "--poll", "bch", "--pdf", str(tmp_path / "m.pdf")]) == 0
    assert _verify(demo, capsys)[0] == 0
    with sqlite3.connect(demo) as connection:
        # Change the stored tally of the minutes record: its digest no longer matches.
        connection.execute("UPDATE minutes_record SET tally = json_set(tally, '$.valid', 1)")
    code, out = _verify(demo, capsys)
    assert code == 1
    assert "biên bản 'bch' bản 1" in out


def test_backup_and_archive(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "saoluu"
    folder.mkdir()
    assert main(["backup", str(demo), str(folder)]) == 0
    copies = list(folder.iterdir())
    assert len(copies) == 1
    assert main(["verify", str(copies[0])]) == 0
    assert main(["minutes", str(demo), "--poll", "bi-thu", "--pdf", str(tmp_path / "m.pdf")]) == 0
    capsys.readouterr()
    out = tmp_path / "luu-tru.zip"
    assert main(["archive", str(demo), str(out)]) == 0
    with zipfile.ZipFile(out) as bundle:
        names = set(bundle.namelist())
        manifest = bundle.read("MANIFEST.sha256").decode()
        assert {"demo.kiemphieu", "bien-ban-bi-thu.pdf", "tong-hop-bi-thu.xlsx", "MANIFEST.sha256"} <= names
        for line in manifest.splitlines():
            digest, name = line.split("  ")
            assert hashlib.sha256(bundle.read(name)).hexdigest() == digest
    assert main(["archive", str(demo), str(out)]) == 1


def test_the_qr_on_printed_minutes_matches_the_file(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pypdfium2
    import zxingcpp

    pdf = tmp_path / "m.pdf"
    assert main(["minutes", str(demo), "--poll", "bch", "--pdf", str(pdf)]) == 0
    image = pypdfium2.PdfDocument(str(pdf))[0].render(scale=200 / 72).to_pil()
    codes = [r.text for r in zxingcpp.read_barcodes(image) if r.text.startswith("KPMIN:")]
    assert len(codes) == 1
    capsys.readouterr()
    assert main(["verify", str(demo), "--code", codes[0]]) == 0
    assert "biên bản 'bch' bản 1 (bản mới nhất)" in capsys.readouterr().out
    assert main(["verify", str(demo), "--code", "KPMIN:" + "0" * 64]) == 1
    assert "không khớp" in capsys.readouterr().err
