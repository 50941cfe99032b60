"""Where scan_files spends processor time, and what it stores: pages drawn once, read as often as wanted.

    .venv/bin/python benchmarks/bench_ingest.py prepare /tmp/ingest --pages 200 --dpi 200 --seed 3
    .venv/bin/python benchmarks/bench_ingest.py scan /tmp/ingest --workers 2 --rows /tmp/a.json [--profile]
    .venv/bin/python benchmarks/bench_ingest.py pages /tmp/ingest          # worker processor ms/page per kind
    .venv/bin/python benchmarks/bench_ingest.py compare /tmp/a.json /tmp/b.json

`prepare` draws and scans sheets as bench_voters.py does and keeps the meeting file as it was before any page
was read. `scan` reads them with scan_files into a fresh copy of it and prints wall-clock pages/s (with the
load average: the machine may be shared), the main process's processor time per page and the workers' (their
rusage, once the pool has ended); `--profile` adds the main process's cProfile; `--rows` writes every stored
page (outcome, status, reasons, cells, measures) and ballot to compare the readings of two versions of the
code. `pages` reads every page in this process, one at a time, and prints processor ms/page by poll kind.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

PRISTINE = "pristine.kiemphieu"


def prepare(folder: Path, pages: int, dpi: int, seed: int, wear: str) -> None:
    # not at the top: a spawned worker imports this (the main) file, and must load no more than the app's workers do
    import bench_voters as bv

    folder.mkdir(parents=True, exist_ok=True)
    work = folder / "work"
    work.mkdir()
    prepared = bv.prepare(
        work, dpi=dpi, wears=[w.strip() for w in wear.split(",")], pages=pages, seed=seed, gen_workers=2, names=True
    )
    prepared.meeting_file.close()
    shutil.copyfile(work / "bench.kiemphieu", folder / PRISTINE)
    shutil.move(str(prepared.scans), folder / "scans")
    shutil.rmtree(work)
    print(f"{len(prepared.drawn)} pages in {folder / 'scans'}")


def _kind(file_name: str) -> str:
    import bench_voters as bv

    return bv._poll_kind(file_name.split("-", 1)[1].rsplit("-", 1)[0])


def _rows(meeting_file: Any) -> dict[str, Any]:
    from sqlalchemy import select

    from app.store.orm import AuditEntry, BallotRecord, Mark, ScannedPage

    with meeting_file.reading() as session:
        pages = [
            {
                "file": p.file_name,
                "page": p.page_no,
                "sha": p.file_sha256,
                "outcome": p.outcome,
                "status": p.status,
                "serial": p.serial,
                "poll": p.poll_id,
                "sheet_page": p.sheet_page,
                "reasons": p.reasons,
                "cells": p.cells,
                "measures": p.measures,
                "checks": p.checks,
            }
            for p in session.scalars(select(ScannedPage).order_by(ScannedPage.file_name, ScannedPage.page_no))
        ]
        marks = defaultdict(list)
        for m in session.scalars(select(Mark).order_by(Mark.row, Mark.col)):
            marks[m.ballot_id].append([m.row, m.col, m.value, m.text])
        ballots = sorted(
            [r.poll_id, r.serial, r.pass_no, r.app_number, r.auto_valid, r.auto_reason, marks[r.id]]
            for r in session.scalars(select(BallotRecord))
        )
        audit = sorted(
            [e.action, e.subject, json.dumps({k: v for k, v in e.details.items() if k not in ("at",)}, sort_keys=True)]
            for e in session.scalars(select(AuditEntry).where(AuditEntry.action.like("scan%")))
        )
    return {"pages": pages, "ballots": ballots, "audit": audit}


def scan(folder: Path, workers: int, rows: Path | None, profile: bool) -> None:
    from app.services import scanning
    from app.store.db import open_meeting_file

    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        path = Path(tmp) / "bench.kiemphieu"
        shutil.copyfile(folder / PRISTINE, path)
        meeting_file = open_meeting_file(path)
        load = os.getloadavg()
        profiler = cProfile.Profile(time.process_time) if profile else None
        cpu, wall = time.process_time(), time.perf_counter()
        if profiler is not None:
            profiler.enable()
        report = scanning.scan_files(meeting_file, [folder / "scans"], operator="bench", workers=workers)
        if profiler is not None:
            profiler.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        n = len(report.pages)
        print(
            f"{n} pages, {workers} workers: {wall:.2f} s = {n / wall:.1f} pages/s "
            f"(load average before {load[0]:.2f} {load[1]:.2f}, after {os.getloadavg()[0]:.2f})"
        )
        print(f"  main process: {1000 * cpu / n:.1f} ms/page processor time")
        spent = children.ru_utime + children.ru_stime
        print(f"  workers (all children, incl. their start): {1000 * spent / n:.1f} ms/page processor time")
        if rows is not None:
            rows.write_text(json.dumps(_rows(meeting_file), ensure_ascii=False, sort_keys=True))
        meeting_file.close()
        if profiler is not None:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


def pages(folder: Path, limit: int | None, profile: bool, kinds: str | None = None) -> None:
    from app.recognition.pipeline import recognise
    from app.services.scanning.ingest import build_context
    from app.store.db import open_meeting_file

    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        path = Path(tmp) / "bench.kiemphieu"
        shutil.copyfile(folder / PRISTINE, path)
        meeting_file = open_meeting_file(path)
        with meeting_file.reading() as session:
            context = build_context(session)
        meeting_file.close()
    files = sorted(f for f in (folder / "scans").iterdir() if kinds is None or _kind(f.name) in kinds.split(","))
    files = files[:limit]
    recognise(files[0], 1, context)  # the blank references drawn once, as in a worker
    spent: dict[str, list[float]] = defaultdict(list)
    profiler = cProfile.Profile(time.process_time) if profile else None
    for file in files:
        if profiler is not None:
            profiler.enable()
        start = time.process_time()
        recognise(file, 1, context)
        spent[_kind(file.name)].append(time.process_time() - start)
        if profiler is not None:
            profiler.disable()
    every = [t for ts in spent.values() for t in ts]
    for kind, ts in sorted(spent.items()):
        print(f"  {kind:<7} {len(ts):>4} pages {1000 * sum(ts) / len(ts):6.1f} ms/page")
    print(f"  all     {len(every):>4} pages {1000 * sum(every) / len(every):6.1f} ms/page")
    if profiler is not None:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(40)


def _close(a: Any, b: Any, path: str, out: list[str]) -> None:
    if isinstance(a, float) or isinstance(b, float):
        if not isinstance(a, int | float) or not isinstance(b, int | float) or abs(a - b) > 1e-9:
            out.append(f"{path}: {a!r} ≠ {b!r}")
    elif isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            out.append(f"{path}: keys {sorted(a)} ≠ {sorted(b)}")
        for key in a.keys() & b.keys():
            _close(a[key], b[key], f"{path}.{key}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items ≠ {len(b)}")
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            _close(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append(f"{path}: {a!r} ≠ {b!r}")


def compare(first: Path, second: Path) -> None:
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    out: list[str] = []
    _close(a, b, "", out)
    for line in out[:40]:
        print(line)
    print(f"{len(a['pages'])} pages, {len(a['ballots'])} ballots compared: {len(out)} differences")
    if out:
        sys.exit(1)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("folder", type=Path)
    p.add_argument("--pages", type=int, default=200)
    p.add_argument("--dpi", type=int, default=200)
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--wear", default="moderate,strong")
    s = sub.add_parser("scan")
    s.add_argument("folder", type=Path)
    s.add_argument("--workers", type=int, default=2)
    s.add_argument("--rows", type=Path)
    s.add_argument("--profile", action="store_true")
    g = sub.add_parser("pages")
    g.add_argument("folder", type=Path)
    g.add_argument("--limit", type=int)
    g.add_argument("--profile", action="store_true")
    g.add_argument("--kinds", help="poll kinds, comma-separated (strike, grid, score)")
    c = sub.add_parser("compare")
    c.add_argument("first", type=Path)
    c.add_argument("second", type=Path)
    args = parser.parse_args(argv)
    if args.command == "prepare":
        prepare(args.folder, args.pages, args.dpi, args.seed, args.wear)
    elif args.command == "scan":
        scan(args.folder, args.workers, args.rows, args.profile)
    elif args.command == "pages":
        pages(args.folder, args.limit, args.profile, args.kinds)
    else:
        compare(args.first, args.second)


if __name__ == "__main__":
    main()
