"""Issue #14: an anchor code written outside the file proves that the file's log extends the anchored one."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.services import audit, polls
from app.services.demo import build_demo
from app.store.db import open_meeting_file


def _anchor(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["anchor", str(path)]) == 0
    return capsys.readouterr().out.strip()


def _check(path: Path, code: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    rc = main(["verify", str(path), "--anchor", code])
    captured = capsys.readouterr()
    return rc, (captured.out + captured.err).strip()


def test_the_same_file_with_later_entries_extends_its_anchor(
    original: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _anchor(original, capsys)
    assert code.startswith("KPA-")
    with open_meeting_file(original) as meeting_file, meeting_file.transaction() as session:
        polls.set_ballot_counts(session, code="bch", issued=300, collected=None, actor="thu-ky")
    rc, out = _check(original, code, capsys)
    assert rc == 0
    assert "nối tiếp mã neo" in out
    assert _anchor(original, capsys) != code
    assert _check(original, code.lower(), capsys)[0] == 0  # typed in lower case


def test_a_file_rebuilt_from_the_same_spec_is_refused(
    original: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _anchor(original, capsys)
    rebuilt = tmp_path / "dung-lai.kiemphieu"
    build_demo(rebuilt, seed=7).close()
    rc, out = _check(rebuilt, code, capsys)
    assert rc == 1
    assert "không phải của hội nghị trong tệp này" in out
    # The same, with the original's identity copied into it: the chain still differs.
    with sqlite3.connect(original) as source:
        fingerprint = source.execute("SELECT fingerprint FROM meeting").fetchone()[0]
    source.close()
    with sqlite3.connect(rebuilt) as connection:
        connection.execute("UPDATE meeting SET fingerprint = ?", (fingerprint,))
    connection.close()
    rc, out = _check(rebuilt, code, capsys)
    assert rc == 1
    assert "dựng lại" in out
    assert out.count("\n") == 0  # one clear line


def test_a_consistent_rewrite_before_the_anchor_is_refused(original: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = _anchor(original, capsys)
    with sqlite3.connect(original) as connection:
        connection.execute("DROP TRIGGER audit_log_no_update")
        prev = audit.GENESIS
        rows = connection.execute(
            "SELECT id, at, actor, action, poll_id, subject, details FROM audit_log ORDER BY id"
        ).fetchall()
        for entry_id, at, actor, action, poll_id, subject, details in rows:
            data = json.loads(details)
            if entry_id == 3:
                actor = "nguoi-khac"
            digest = audit._digest(prev, dt.datetime.fromisoformat(at), actor, action, poll_id, subject, data)
            connection.execute(
                "UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE id = ?", (actor, prev, digest, entry_id)
            )
            prev = digest
    connection.close()
    assert main(["verify", str(original)]) == 0  # consistent: the file alone cannot tell
    capsys.readouterr()
    rc, out = _check(original, code, capsys)
    assert rc == 1
    assert "viết lại" in out


def test_a_malformed_or_shorter_anchor_is_refused(original: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = _anchor(original, capsys)
    prefix, identity, seq, digest = code.split("-")
    assert _check(original, "xyz", capsys)[0] == 1
    rc, out = _check(original, f"{prefix}-{identity}-{int(seq) + 5}-{digest}", capsys)
    assert rc == 1
    assert "ngắn hơn" in out
