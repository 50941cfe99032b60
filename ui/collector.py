"""Python's cyclic garbage collector, run on the UI thread only and in small steps (#17).

Left automatic, the collector runs on whichever thread happens to allocate when a threshold is crossed. With the
reads off the UI thread (ui/ops.py) that was mostly the reading thread, and two things followed:

- a full collection (150,000 objects with a 10,000-ballot poll on screen) held the interpreter lock 110-160 ms
  while the UI thread waited for it: the blocks of benchmarks/bench_ui_refresh.py that no stack explained
  ("0 stacks, 25 missed") were these collections, one for one;
- garbage found there is finalised there: a Qt object in a reference cycle (a closed dialog, a screen's widget)
  would be destroyed on a thread that is not Qt's (the tests saw a segmentation fault in list_polls while
  "Garbage-collecting", tests/ui/conftest.py `background`).

So automatic collection is off and a timer on the UI thread collects (the usual fix in Python Qt programs; Anki
and pyqtgraph do the same): the young generations every half second (10-16 ms on a loaded two-core machine: only
what was made since and is still alive), everything every few minutes. What the program is made of when the
application is made (its modules, Qt's wrappers) is frozen out of the collector's sight first (`gc.freeze`), so a
full collection looks only at what was made since: 18 ms with a 10,000-ballot poll shown on the results screen and
the projector (benchmarks/bench_ui_refresh.py prints it).

Objects without cycles are freed at once by their reference count, on any thread, as always: only cycles wait.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

YOUNG_EVERY_MS = 500
FULL_EVERY_MS = 5 * 60 * 1000


class Collector(QObject):
    """Turns automatic collection off and collects on the UI thread from a timer (start with the event loop)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ticks = 0
        self._full_every = max(1, FULL_EVERY_MS // YOUNG_EVERY_MS)
        gc.disable()
        # What the program is made of by now (its modules, Qt's wrappers) lives for the whole run.
        gc.collect()
        gc.freeze()
        self.timer = QTimer(self)
        self.timer.setInterval(YOUNG_EVERY_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        """Collect the young generations; everything every few minutes."""
        self._ticks += 1
        if self._ticks % self._full_every == 0:
            gc.collect()
        else:
            gc.collect(1)

    def stop(self) -> None:
        """Back to Python's automatic collection (tests that made an application undo it)."""
        self.timer.stop()
        gc.unfreeze()
        gc.enable()
