"""Benchmark: enter 10,000 ballots of a 30-candidate election, then time `tally` (service and CLI).

Run on demand: `.venv/bin/python benchmarks/bench_tally.py [--ballots N]`. Prints its figures.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from app import clock
from app.rules.model import Ballot
from app.services import ballots, meetings, tallying
from app.services.ballots import EntryDraft
from app.services.polls import get_poll, poll_def
from app.services.spec import parse_spec

SPEC = """
[meeting]
title = "Đại hội đại biểu (đo hiệu năng)"
organization = "ĐẢNG BỘ TỈNH MẪU"
place = "Hà Nội"
date = 2025-10-01
[attendance]
convened = {n}
present = {n}
[[polls]]
id = "bch"
kind = "election"
title = "Bầu Ban Chấp hành khóa mới"
seats = 25
candidates = [{names}]
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=10_000)
    args = parser.parse_args()
    n = args.ballots
    names = ", ".join(f'"Ứng cử viên số {i:02d}"' for i in range(1, 31))
    spec = parse_spec(tomllib.loads(SPEC.format(n=n, names=names)), "bench")
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.kiemphieu"
        meeting_file = meetings.create_meeting(path, spec, actor="bench")
        started = time.perf_counter()
        with meeting_file.transaction() as session:
            poll = get_poll(session, "bch")
            pdef = poll_def(poll)
            for i in range(n):
                struck = frozenset(rng.sample(range(1, 31), k=rng.randint(5, 8)))
                ballots.record_ballot(
                    session,
                    poll=poll,
                    pdef=pdef,
                    draft=EntryDraft(serial=f"S{i:06d}", ballot=Ballot(key="", struck=struck)),
                    operator="bench",
                    station=clock.station(),
                )
        entered = time.perf_counter() - started
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
