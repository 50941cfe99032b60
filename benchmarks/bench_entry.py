"""Benchmark for keyed entry: the time from Enter to ready-for-the-next-scan, through the real entry
screen (offscreen Qt), with 5,000 ballots already in the file (target < 50 ms); and the keystrokes
per ballot the keyboard scheme needs for the demo polls (target: the scan, at most one key per
mark, and Enter).

Run on demand: `.venv/bin/python benchmarks/bench_entry.py`. Prints its figures.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from fixtures import election_with_ballots
from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.rules.model import Ballot, Layout, PollDef
from app.services import ballots, demo, polls
from ui import workers
from ui.app import make_application
from ui.main_window import MainWindow
from ui.screens.entry import EntryScreen


def figures(seconds: list[float]) -> str:
    """Timings in words: median, 90th and 95th percentiles (nearest rank), longest; in milliseconds."""
    ms = sorted(1000 * t for t in seconds)
    p90, p95 = ms[int(len(ms) * 0.9)], ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return (
        f"median {statistics.median(ms):.1f} ms, 90th percentile {p90:.1f} ms, 95th percentile {p95:.1f} ms, "
        f"max {ms[-1]:.1f} ms"
    )


def keystrokes(pdef: PollDef, ballot: Ballot) -> int:
    """Keys the entry screen needs for `ballot`, the scan counted as one action and Enter as one key."""
    n = len(pdef.items)
    keys = 1 + 1  # the scan, Enter
    if pdef.layout is Layout.STRIKE:
        for row in sorted(ballot.struck):
            digits = len(str(row))
            keys += digits + (1 if row * 10 <= n else 0)  # a separator only when a longer number could follow
    elif pdef.layout in (Layout.GRID, Layout.SINGLE):
        last = max((i for i, c in enumerate(ballot.choices) if c), default=-1)
        keys += sum(len(c) or 1 for c in ballot.choices[: last + 1])  # trailing blank rows need no key
    elif pdef.layout is Layout.SCORES:
        for row in ballot.scores:
            for value in row:
                keys += (len(f"{value / 2:g}") if value is not None else 0) + 1  # the digits, then Tab
    else:
        keys += sum(len(name) + 1 for name in ballot.names)
    return keys


def main() -> None:
    app = make_application([])
    workers.set_synchronous(True)
    QMessageBox.question = lambda *a, **k: QMessageBox.StandardButton.Yes  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.kiemphieu"
        election_with_ballots(path, 5000)[0].close()
        window = MainWindow()
        window.resize(1366, 768)
        window.show()
        window.context.open(path)
        window.context.select_poll("bch")
        screen = next(s for s in window.screens if isinstance(s, EntryScreen))
        window.go_to(window.screens.index(screen))
        QApplication.processEvents()
        timings = []
        for i in range(60):
            screen.scan.setText(f"N-{i:05d}")
            screen.take_scan()
            for key in (Qt.Key.Key_2, Qt.Key.Key_5, Qt.Key.Key_Space, Qt.Key.Key_1, Qt.Key.Key_7, Qt.Key.Key_Space):
                QTest.keyClick(screen.editor.view, key)
            started = time.perf_counter()
            QTest.keyClick(screen.editor.view, Qt.Key.Key_Return)
            QApplication.processEvents()
            timings.append(time.perf_counter() - started)
            assert screen.scan.hasFocus() or not window.isActiveWindow()
        inline = figures(timings)
        print(f"save → ready for the next scan, 5,000 ballots in the file (GUI, offscreen, jobs inline): {inline}")
        # As in the program: the save on the writer thread (ui/ops.py). Ready for the next scan is when the code
        # field has the focus again; saved is when "Đã ghi" is on screen (the write returned, the screen told).
        workers.set_synchronous(False)
        ready, saved, checked = [], [], []
        for i in range(60, 120):
            screen.scan.setText(f"N-{i:05d}")
            began = time.perf_counter()
            screen.take_scan()
            # The code is checked off the UI thread (#17): keys typed meanwhile into the focused widget are held and
            # replayed; these go straight to the editor, so they wait until the sheet is ready for its marks.
            while not screen.sheet_ready:
                QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            checked.append(time.perf_counter() - began)
            for key in (Qt.Key.Key_2, Qt.Key.Key_5, Qt.Key.Key_Space, Qt.Key.Key_1, Qt.Key.Key_7, Qt.Key.Key_Space):
                QTest.keyClick(screen.editor.view, key)
            started = time.perf_counter()
            QTest.keyClick(screen.editor.view, Qt.Key.Key_Return)
            assert screen.scan.hasFocus() or not window.isActiveWindow()
            ready.append(time.perf_counter() - started)
            while not screen.sheet_label.text().startswith("Đã ghi"):
                # Sleeping until an event comes, as the event loop does (a busy loop here held the interpreter lock
                # the writer thread needs).
                QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            saved.append(time.perf_counter() - started)
            workers.wait_for_all()
            QApplication.processEvents()
        workers.set_synchronous(True)
        window.context.close()
        print(f"scan → sheet ready for its marks, code checked on the reading thread: {figures(checked)}")
        for what, values in (("ready for the next scan", ready), ("saved and said", saved)):
            print(f"Enter → {what}, save on the writer thread: {figures(values)}")
        demo_path = Path(folder) / "demo.kiemphieu"
        with demo.build_demo(demo_path) as meeting_file, meeting_file.reading() as session:
            for summary in polls.list_polls(session):
                pdef = polls.definition(session, summary.code)
                poll = polls.get_poll(session, summary.code)
                stored = [b for b in ballots.load_ballots(session, poll, pdef) if b.marks_entered]
                counts = [keystrokes(pdef, b) for b in stored]
                marks = [
                    len(b.struck) if pdef.layout is Layout.STRIKE else sum(len(c) for c in b.choices) for b in stored
                ]
                extra = (
                    f", marks {statistics.mean(marks):.2f}"
                    if pdef.layout in (Layout.STRIKE, Layout.GRID, Layout.SINGLE)
                    else ""
                )
                mean = statistics.mean(counts)
                print(f"keystrokes per ballot [{summary.code}] ({pdef.layout.value}): mean {mean:.2f}{extra}")
    del app


if __name__ == "__main__":
    main()
