"""Benchmark for #17's "nothing frozen": how long the UI thread is blocked while a 10,000-ballot poll is shown
on the results screen, the projector and the entry screen (each re-reads the tally on a timer or after a
change); target: never more than 100 ms.

A 5 ms heartbeat timer runs on the UI thread; the longest gap between two beats is the longest block. Offscreen
Qt, the real main window and screens, background jobs as in the program (not inline).

While it watches, a ballot is entered every `--write-every` seconds (default 1; 0: none) through the window's
operations layer (ui/ops.py), as the entry screen does: each one is announced, so the results screen, the
projector and the entry screen really read the tally again (with nothing written they re-read nothing: they look
only whether the file changed).

With `--stacks`, a sampling thread looks at the UI thread's Python stack every 4 ms while a beat is late, and
each block over 70 ms is printed with the stacks seen most (how the entry screen's and the projector's blocks were
found). A stack the sampler could not take (the sampler itself waiting for the interpreter) counts as missed.

Run on demand: `.venv/bin/python benchmarks/bench_ui_refresh.py [--ballots N] [--seconds S] [--write-every S]
[--stacks]`. Prints its figures, and the time of a full garbage collection on the UI thread at the end (one
comes every few minutes, ui/collector.py).
"""

from __future__ import annotations

import argparse
import collections
import gc
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from fixtures import election_with_ballots
from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.rules.model import Ballot
from app.services import ballots
from ui.app import make_application
from ui.main_window import SCREEN_ORDER, MainWindow
from ui.ops import Changes, CollectionOp


class Heartbeat:
    """Beats every 5 ms on the UI thread; remembers the longest gap between two beats."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.beat)
        self.last = 0
        self.gaps: list[int] = []

    def start(self) -> None:
        self.gaps = []
        self.clock.start()
        self.last = 0
        self.timer.start()

    def beat(self) -> None:
        now = self.clock.elapsed()
        self.gaps.append(now - self.last)
        self.last = now

    def stop(self) -> tuple[int, int]:
        """(longest gap, gaps over 100 ms) in ms."""
        self.timer.stop()
        return max(self.gaps, default=0), sum(1 for g in self.gaps if g > 100)


class StackSampler:
    """Samples the UI thread's Python stack while the heartbeat is late; prints each block over 70 ms."""

    def __init__(self, heart: Heartbeat) -> None:
        self.ui = threading.get_ident()
        self.samples: collections.Counter[tuple[str, ...]] = collections.Counter()
        self.last = time.perf_counter()
        original = heart.beat

        def beat() -> None:
            now = time.perf_counter()
            if now - self.last > 0.07:
                self.report(now - self.last)
            self.samples = collections.Counter()
            self.last = now
            original()

        heart.timer.timeout.disconnect(heart.beat)
        heart.timer.timeout.connect(beat)
        threading.Thread(target=self.sample, daemon=True).start()

    def sample(self) -> None:
        while True:
            time.sleep(0.004)
            if time.perf_counter() - self.last < 0.02:
                continue
            frame = sys._current_frames().get(self.ui)
            stack: list[str] = []
            while frame is not None and len(stack) < 8:
                code = frame.f_code
                stack.append(f"{os.path.basename(code.co_filename)}:{frame.f_lineno}:{code.co_name}")
                frame = frame.f_back
            self.samples[tuple(stack)] += 1

    def report(self, gap: float) -> None:
        taken = sum(self.samples.values())
        missed = max(0, int((gap - 0.02) / 0.004) - taken)
        print(f"  block {gap * 1000:.0f} ms: {taken} stacks, {missed} missed")
        for stack, n in self.samples.most_common(4):
            print(f"    [{n}] " + " <- ".join(stack))


def watch(heart: Heartbeat, seconds: float) -> tuple[int, int]:
    heart.start()
    QTest.qWait(int(seconds * 1000))
    return heart.stop()


class Entering:
    """Enters a ballot of the poll shown every few seconds, off the UI thread, as the entry screen saves one."""

    def __init__(self, window: MainWindow, every: float) -> None:
        self.window = window
        self.count = 0
        self.timer = QTimer()
        self.timer.setInterval(int(every * 1000))
        self.timer.timeout.connect(self.enter)
        if every > 0:
            self.timer.start()

    def enter(self) -> None:
        self.count += 1
        struck = frozenset({1 + self.count % 30, 1 + (self.count * 7) % 30})

        def write(session: object) -> object:
            return ballots.enter_ballot(
                session,  # type: ignore[arg-type]
                code="bch",
                serial=None,
                ballot=Ballot(key="", struck=struck),
                operator="bench",
                station="bench",
                without_code=True,
            )

        CollectionOp(self.window, self.window.context, write, Changes.poll("bch")).run()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=7.0)
    parser.add_argument("--write-every", type=float, default=1.0)
    parser.add_argument("--stacks", action="store_true", help="print the UI thread's stacks in each long block")
    args = parser.parse_args()
    app = make_application([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.kiemphieu"
        started = time.perf_counter()
        election_with_ballots(path, args.ballots)[0].close()
        print(f"{args.ballots} ballots of a 30-candidate election stored in {time.perf_counter() - started:.1f} s")
        window = MainWindow()
        window.resize(1366, 768)
        window.show()
        window.context.open(path)
        window.context.select_poll("bch")
        heart = Heartbeat()
        if args.stacks:
            StackSampler(heart)
        entering = Entering(window, args.write_every)
        print(
            f"a ballot entered every {args.write_every:g} s while watching" if args.write_every else "nothing entered"
        )
        for name in ("results", "entry"):
            window.go_to(SCREEN_ORDER.index(name))
            QApplication.processEvents()
            longest, over = watch(heart, args.seconds)
            print(f"{name} screen shown {args.seconds:.0f} s: longest UI-thread block {longest} ms, {over} over 100 ms")
        results = window.screens[SCREEN_ORDER.index("results")]
        window.go_to(SCREEN_ORDER.index("results"))
        heart.start()
        results.open_projector()  # type: ignore[attr-defined]
        QTest.qWait(1500)
        longest, over = heart.stop()
        print(f"opening the projector (first 1.5 s): longest UI-thread block {longest} ms, {over} over 100 ms")
        longest, over = watch(heart, args.seconds)
        print(f"results + projector {args.seconds:.0f} s: longest UI-thread block {longest} ms, {over} over 100 ms")
        entering.timer.stop()
        print(f"{entering.count} ballots entered meanwhile")
        # The one block left by design: ui/collector.py collects every object made since start every few minutes,
        # on the UI thread (the young ones every half second, a few milliseconds each).
        started = time.perf_counter()
        gc.collect()
        took = (time.perf_counter() - started) * 1000
        print(f"a full garbage collection on the UI thread (every few minutes): {took:.0f} ms")
        window.context.close()
        window.close()
    del app


if __name__ == "__main__":
    main()
