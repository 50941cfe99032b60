"""Roles: once the head sets a PIN, rulings, corrections, closing and reopening need it — checked in the
services (and so in the CLI and the GUI alike); entering ballots never does."""

from __future__ import annotations

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


def test_head_only_actions_need_the_pin(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = str(demo)
    assert main(["set-pin", f, "--new-pin", "2468"]) == 0
    capsys.readouterr()
    override = ["override", f, "--poll", "bch", "--ballot", "BCH-0001", "--invalid", "--reason", "Có ký tên"]
    assert main(override) == 1
    assert "cần mã PIN của Trưởng ban" in capsys.readouterr().err
    assert main([*override, "--pin", "1111"]) == 1
    assert "Mã PIN không đúng" in capsys.readouterr().err
    assert main([*override, "--pin", "2468"]) == 0
    correct = ["correct", f, "--poll", "bch", "--ballot", "BCH-0002", "--entry", '{"struck": [1, 2]}', "--reason", "x"]
    assert main(correct) == 1
    assert main([*correct, "--pin", "2468"]) == 0
    pdf = str(tmp_path / "m.pdf")
    assert main(["minutes", f, "--poll", "bch", "--pdf", pdf]) == 1
    assert main(["minutes", f, "--poll", "bch", "--pdf", pdf, "--draft"]) == 0  # a draft closes nothing
    assert main(["minutes", f, "--poll", "bch", "--pdf", pdf, "--pin", "2468"]) == 0
    assert main(["reopen", f, "--poll", "bch", "--reason", "Sửa"]) == 1
    assert main(["reopen", f, "--poll", "bch", "--reason", "Sửa", "--pin", "2468"]) == 0
    # Operators still enter ballots without the PIN.
    entries = tmp_path / "e.jsonl"
    entries.write_text('{"serial": "NEW-1", "struck": [1, 2]}\n', encoding="utf-8")
    assert main(["enter", f, "--poll", "bch", "--entries", str(entries)]) == 0


def test_changing_the_pin_needs_the_current_one(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = str(demo)
    assert main(["set-pin", f, "--new-pin", "12"]) == 1  # too short
    assert main(["set-pin", f, "--new-pin", "2468"]) == 0
    assert main(["set-pin", f, "--new-pin", "1357"]) == 1
    monkeypatch.setenv("KIEMPHIEU_PIN", "2468")
    assert main(["set-pin", f, "--new-pin", "1357"]) == 0
    assert main(["override", f, "--poll", "bch", "--ballot", "BCH-0001", "--invalid", "--reason", "x"]) == 1
    monkeypatch.setenv("KIEMPHIEU_PIN", "1357")
    assert main(["override", f, "--poll", "bch", "--ballot", "BCH-0001", "--invalid", "--reason", "x"]) == 0
