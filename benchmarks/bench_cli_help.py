"""Benchmark: `kiemphieu --help` and `python -m app --help`, each in fresh processes (target: under 0.15 s).

Run on demand: `.venv/bin/python benchmarks/bench_cli_help.py [--runs N]`. Prints the median wall and processor
time of each, beside a bare `python -c pass` on the same machine at the same moment (what no program can go below),
and whether `import app.cli` loads any of the heavy libraries a `--help` does not need.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.15
HEAVY = ("sqlalchemy", "numpy", "reportlab", "openpyxl", "zxingcpp", "alembic", "PIL", "PySide6")


def timed(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall time and median processor time (user + system) of `command` over `runs` fresh processes.

    The processor time is the steadier figure on a busy machine: it leaves out the time spent waiting for a core.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    bare, bare_cpu = timed([sys.executable, "-c", "pass"], runs)
    print(f"python -c pass (the floor): median {bare:.3f} s (processor {bare_cpu:.3f} s) over {runs} runs")
    commands = {
        "python -m app --help": [sys.executable, "-m", "app", "--help"],
        "kiemphieu --help (ui.launcher)": [sys.executable, "-m", "ui.launcher", "--help"],
        "kiemphieu scan --help": [sys.executable, "-m", "ui.launcher", "scan", "--help"],
    }
    for name, command in commands.items():
        median, cpu = timed(command, runs)
        verdict = "ok" if median < TARGET else f"OVER the {TARGET:.2f} s target"
        print(
            f"{name}: median {median:.3f} s ({median - bare:+.3f} s above the floor; processor {cpu:.3f} s) — {verdict}"
        )
    check = "import sys, app.cli; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    loaded = subprocess.run(
        [sys.executable, "-c", check], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout.split()
    heavy = [m for m in HEAVY if m in loaded]
    print(f"import app.cli loads {len(loaded)} top-level modules; heavy ones: {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()
