"""Benchmark: tally + minutes PDF (target < 1 s) and the per-ballot workbook (target < 10 s) for 10,000
ballots of a 30-candidate election.

Run on demand: `.venv/bin/python benchmarks/bench_minutes.py [--ballots N]`. Prints its figures.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from fixtures import election_with_ballots

from app.services import minutes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=10_000)
    n = parser.parse_args().ballots
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.kiemphieu"
        meeting_file, _ = election_with_ballots(path, n)
        with meeting_file:
            pdf = Path(folder) / "minutes.pdf"
            started = time.perf_counter()
            report = minutes.make_minutes(meeting_file, code="bch", actor="bench", pdf=pdf, draft=True)
            elapsed = time.perf_counter() - started
            print(f"tally + minutes PDF ({n} ballots × 30 candidates, {report.pages} pages): {elapsed:.3f} s")
            started = time.perf_counter()
            report = minutes.make_minutes(meeting_file, code="bch", actor="bench", pdf=pdf)
            elapsed = time.perf_counter() - started
            print(f"final minutes (gate + close + tally + PDF): {elapsed:.3f} s")
            xlsx = Path(folder) / "results.xlsx"
            started = time.perf_counter()
            minutes.make_minutes(meeting_file, code="bch", actor="bench", xlsx=xlsx)
            elapsed = time.perf_counter() - started
            size = xlsx.stat().st_size / 1e6
            print(f"workbook (summary + {n} ballot rows × 30 columns + audit): {elapsed:.2f} s, {size:.1f} MB")


if __name__ == "__main__":
    main()
