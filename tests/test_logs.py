"""One log for the command line and the GUI: unexpected errors with their traceback, in a file that rotates."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from app import logs


def _boom() -> RuntimeError:
    try:
        raise RuntimeError("hỏng giữa chừng")
    except RuntimeError as exc:
        return exc


def test_unexpected_errors_go_to_one_rotating_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "a"))
    path = logs.log_unexpected(_boom())
    assert path == tmp_path / "a" / "kiemphieu" / "kiemphieu.log"
    assert "RuntimeError: hỏng giữa chừng" in path.read_text(encoding="utf-8")
    logs.log_unexpected(_boom())
    handlers = [h for h in logging.getLogger(logs.LOGGER).handlers if isinstance(h, RotatingFileHandler)]
    assert len(handlers) == 1
    assert (handlers[0].maxBytes, handlers[0].backupCount) == (logs.MAX_BYTES, logs.BACKUPS)
    # Another per-user folder (another test, another user): the handler moves, it is not doubled.
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "b"))
    assert logs.log_unexpected(_boom()) == tmp_path / "b" / "kiemphieu" / "kiemphieu.log"
    handlers = [h for h in logging.getLogger(logs.LOGGER).handlers if isinstance(h, RotatingFileHandler)]
    assert [Path(h.baseFilename) for h in handlers] == [(tmp_path / "b" / "kiemphieu" / "kiemphieu.log").resolve()]


def test_a_log_that_cannot_be_written_is_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "file"))
    assert logs.log_unexpected(_boom()) is None
