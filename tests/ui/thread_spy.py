"""Which thread a service call ran on: the off-thread tests of #17 (every screen's reads and writes through the
operations layer, never on the UI thread)."""

from __future__ import annotations

import importlib
import threading
from typing import Any

import pytest


def threads(monkeypatch: pytest.MonkeyPatch, module: str, name: str) -> list[bool]:
    """Record, for every call of `module.name`, whether it ran on the UI thread."""
    target = importlib.import_module(module)
    original = getattr(target, name)
    seen: list[bool] = []

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(threading.current_thread() is threading.main_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, spy)
    return seen


def gated(
    monkeypatch: pytest.MonkeyPatch, module: str, name: str, *, open_: bool = False
) -> tuple[list[bool], threading.Event]:
    """Like `threads`, and each call waits (up to 10 s) for the returned gate: a read still running. With `open_`,
    the gate starts open."""
    target = importlib.import_module(module)
    original = getattr(target, name)
    seen: list[bool] = []
    gate = threading.Event()
    if open_:
        gate.set()

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(threading.current_thread() is threading.main_thread())
        gate.wait(10)
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, spy)
    return seen, gate


def settle(qtbot: Any, until: Any) -> None:
    """Wait (up to 10 s) until `until()` holds, the event loop running."""
    qtbot.waitUntil(until, timeout=10_000)
