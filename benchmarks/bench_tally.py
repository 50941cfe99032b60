"""Benchmark: enter 10,000 ballots of a 30-candidate election, then time `tally` (service and CLI).

Run on demand: `.venv/bin/python benchmarks/bench_tally.py [--ballots N]`. Prints its figures.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fixtures import election_with_ballots

from app.services import tallying


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=10_000)
    n = parser.parse_args().ballots
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.kiemphieu"
        meeting_file, entered = election_with_ballots(path, n)
        print(f"entry: {n} ballots in one transaction: {entered:.2f} s ({1000 * entered / n:.2f} ms/ballot)")
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            with meeting_file.reading() as session:
                result = tallying.tally_poll(session, "bch")
            timings.append(time.perf_counter() - started)
        meeting_file.close()
        assert result.tally.totals.entered == n
        print(
            f"tally (service, load + count, {n} ballots × 30 candidates): best {min(timings):.3f} s, "
            f"median {sorted(timings)[2]:.3f} s"
        )
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "app", "tally", str(path), "--poll", "bch", "--json"],
            check=True,
            capture_output=True,
        )
        elapsed = time.perf_counter() - started
        print(f"kiemphieu tally --json (whole process, incl. Python start-up): {elapsed:.3f} s")


if __name__ == "__main__":
    main()
