"""Python's cyclic garbage collection on the UI thread only (#17, ui/collector.py): a reading thread never
finalises garbage (a Qt object in a cycle would be destroyed on a thread that is not Qt's) nor holds the interpreter
lock for a whole collection while the UI thread waits."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QApplication

from ui.collector import Collector


class _Cycle:
    """Garbage only the cyclic collector finds (it refers to itself); says on which thread it was finalised."""

    def __init__(self, seen: list[bool]) -> None:
        self.me = self
        self.seen = seen

    def __del__(self) -> None:
        self.seen.append(threading.current_thread() is threading.main_thread())


def test_cyclic_garbage_made_on_a_reading_thread_is_collected_on_the_ui_thread(
    app_in: Callable[[str | None], QApplication], qtbot: Any
) -> None:
    app = app_in(None)
    collector = app.findChild(Collector)
    assert collector is not None
    assert not gc.isenabled()
    finalised: list[bool] = []

    def read() -> None:
        for _ in range(500):
            _Cycle(finalised)
        kept = [[] for _ in range(50_000)]  # allocations enough to cross every automatic threshold many times
        assert kept

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    assert not finalised  # nothing collected on the reading thread
    qtbot.waitUntil(lambda: len(finalised) == 500, timeout=5_000)  # the next tick of the UI thread's timer
    assert all(finalised)


def test_a_full_collection_comes_every_few_minutes_and_young_ones_in_between(
    app_in: Callable[[str | None], QApplication], monkeypatch: Any
) -> None:
    app = app_in(None)
    collector = app.findChild(Collector)
    assert collector is not None
    asked: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: asked.append(generation) or 0)
    collector._ticks = 0
    for _ in range(collector._full_every):
        collector.tick()
    assert asked == [1] * (collector._full_every - 1) + [2]
