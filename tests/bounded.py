"""What the bounds tests share (tests/cli/test_cli_bounds.py, tests/services/test_input_bounds.py): a call that
must come back, run so that a regression fails the test instead of hanging the suite."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def with_timeout(seconds: float, call: Callable[[], T]) -> T:
    """Run `call` in a thread and return what it returns (or raise what it raises); fail if it has not come back
    after `seconds` (a guard against hanging, not a measure of speed)."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # handed to the test's thread below
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"did not return within {seconds} s"
    error = box.get("error")
    if isinstance(error, BaseException):
        raise error
    return box["value"]  # type: ignore[return-value]
