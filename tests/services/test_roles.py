"""Roles: once the head sets a PIN, rulings, corrections, closing and reopening need it — checked in the
services (and so in the CLI and the GUI alike); entering ballots never does."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.services.demo import build_demo


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.kiemphieu"
    build_demo(path).close()
    return path


def test_without_a_pin_nobody_is_asked(demo: Path) -> None:
    assert main(["override", str(demo), "--poll", "bch", "--ballot", "BCH-0001", "--invalid", "--reason", "x"]) == 0


def _pin(monkeypatch: pytest.MonkeyPatch, pin: str | None, new: str | None = None) -> None:
    for name, value in (("KIEMPHIEU_PIN", pin), ("KIEMPHIEU_NEW_PIN", new)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)


def test_head_only_actions_need_the_pin(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    f = str(demo)
    _pin(monkeypatch, None, "2468")
    assert main(["set-pin", f]) == 0
    assert "lần đầu" in capsys.readouterr().out
    _pin(monkeypatch, None)
    override = ["override", f, "--poll", "bch", "--ballot", "BCH-0001", "--invalid", "--reason", "Có ký tên"]
    assert main(override) == 1
    assert "cần mã PIN của Trưởng ban" in capsys.readouterr().err
    _pin(monkeypatch, "1111")
    assert main(override) == 1
    assert "Mã PIN không đúng" in capsys.readouterr().err
    _pin(monkeypatch, "2468")
    assert main(override) == 0
    correct = ["correct", f, "--poll", "bch", "--ballot", "BCH-0002", "--entry", '{"struck": [1, 2]}', "--reason", "x"]
    _pin(monkeypatch, None)
    assert main(correct) == 1
    _pin(monkeypatch, "2468")
    assert main(correct) == 0
    pdf = str(tmp_path / "m.pdf")
    _pin(monkeypatch, None)
    assert main(["minutes", f, "--poll", "bch", "--pdf", pdf]) == 1
    assert main(["minutes", f, "--poll", "bch", "--pdf", pdf, "--draft"]) == 0  # a draft closes nothing
    _pin(monkeypatch, "2468")
    assert main(["minutes", f, "--poll", "bch", "--pdf", pdf]) == 0
    _pin(monkeypatch, None)
    assert main(["reopen", f, "--poll", "bch", "--reason", "Sửa"]) == 1
    _pin(monkeypatch, "2468")
    assert main(["reopen", f, "--poll", "bch", "--reason", "Sửa"]) == 0
    # Operators still enter ballots without the PIN.
    _pin(monkeypatch, None)
    entries = tmp_path / "e.jsonl"
    entries.write_text('{"serial": "NEW-1", "struck": [1, 2]}\n', encoding="utf-8")
    assert main(["enter", f, "--poll", "bch", "--entries", str(entries)]) == 0
    with sqlite3.connect(demo) as connection:
        assert connection.execute("SELECT count(*) FROM audit_log WHERE action = 'roles.pin_set'").fetchone() == (1,)
    connection.close()
    assert main(["verify", f]) == 0


def test_a_pin_on_the_command_line_is_refused(
    demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    f = str(demo)
    assert main(["set-pin", f, "--new-pin", "2468"]) == 1
    assert "Không ghi mã PIN trên dòng lệnh" in capsys.readouterr().err
    _pin(monkeypatch, None, "2468")
    assert main(["set-pin", f]) == 0
    assert main(["reopen", f, "--poll", "bch", "--reason", "x", "--pin", "2468"]) == 1
    assert "KIEMPHIEU_PIN" in capsys.readouterr().err


def test_changing_the_pin_needs_the_current_one(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = str(demo)
    _pin(monkeypatch, None, "12")
    assert main(["set-pin", f]) == 1  # too short
    _pin(monkeypatch, None, "2468")
    assert main(["set-pin", f]) == 0
    _pin(monkeypatch, None, "1357")
    assert main(["set-pin", f]) == 1
    _pin(monkeypatch, "2468", "1357")
    assert main(["set-pin", f]) == 0
    assert main(["override", f, "--poll", "bch", "--ballot", "BCH-0001", "--invalid", "--reason", "x"]) == 1
    _pin(monkeypatch, "1357")
    assert main(["override", f, "--poll", "bch", "--ballot", "BCH-0001", "--invalid", "--reason", "x"]) == 0
    assert main(["verify", f]) == 0
