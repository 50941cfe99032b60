"""Election ballots struck in ways bench_voters.py does not draw: diagonals, crosses, hatching, zigzags, and
horizontal strikes in pencil, marker, along a ruler or with a skipping ballpoint; read and checked name by name.

Meeting, printing, scanner wear and reading are bench_voters.py's (`prepare` with this module's `draw`,
`scanning.scan_files`); the strokes are benchmarks/strokes.py's, placed from the printed name's own extent
(first and last letter, baseline, x-height), with a pen renderer of its own. Every page is stamped and has no
crease, so a page needing no person (no partial strike on it) ought to be counted without one.

For each page: one pen model, one style for all its struck names, some names left unmarked, and now and then
(--partial) one name struck over only part of it (an X or a diagonal over the last word or the first half:
only a person may say). Each name is compared with the paper: read struck with certainty, sent to a person,
read kept with certainty. A silent error is a certain reading unlike the paper (a struck name read certainly
kept, an unmarked one read certainly struck, a partial one read certainly either way), or a counted ballot
whose stored strikes differ from the paper.

    .venv/bin/python benchmarks/bench_strokes.py --pages 120 --dpi 200
    .venv/bin/python benchmarks/bench_strokes.py --styles diagonal,cross --pens pencil,ruler --modes bilevel
    .venv/bin/python benchmarks/bench_strokes.py --look /tmp/strokes-look   # draw sheets to look at only

Tables per style × pen × dpi × scan mode × wear (and summaries per style × pen, per pen × mode); the silent
errors one by one (page file, name, style, pen, what was read), their scans saved under --out.
Run on demand, not by pytest.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bench_voters as bv
import strokes as st
import voters as vt
from PIL import Image

from app.services import scanning

CODE = "bch"


def _split_style(text: str) -> tuple[str, str]:
    """ "style@pen" (a strike) or "style@pen@reach" (the page's style) -> (style, pen)."""
    style, _, pen = text.partition("@")
    return style, pen.partition("@")[0]


# ------------------------------------------------------------------------------------------ plans


def plans(
    *,
    n: int,
    dpi: int,
    styles: Sequence[str],
    partials: Sequence[str],
    pens: Sequence[str],
    modes: Sequence[str],
    wears: Sequence[str],
    rows: Sequence[int],
    seats: int,
    partial: float,
    seed: int,
    reach: float = st.REACH,
) -> list[bv.Plan]:
    """`n` strike pages: each (style, pen, scan mode, wear) in turn, shuffled; a style is
    written "style@pen" in Plan.strikes and Plan.partial (Plan.pen is the ink's colour)."""
    rng = random.Random(f"strokes-{seed}-{dpi}")
    combos = [(s, p, m, w) for s in styles for p in pens for m in modes for w in wears]
    out = []
    for i in range(n):
        if i % len(combos) == 0:
            rng.shuffle(combos)
        style, pen, mode, wear = combos[i % len(combos)]
        least = max(1, len(rows) - seats)
        k = min(len(rows) - 1, rng.choice([least, least, least + 1, least + 2, len(rows) // 2 + 1]))
        struck = sorted(rng.sample(list(rows), max(1, k)))
        free = [r for r in rows if r not in struck]
        part: tuple[tuple[int, str, str], ...] = ()
        if partials and free and rng.random() < partial:
            row = rng.choice(free)
            part = ((row, f"{rng.choice(list(partials))}@{pen}", ""),)
        out.append(
            bv.Plan(
                code=CODE,
                kind="strike",
                dpi=dpi,
                wear=wear,
                turn=bv._weighted(rng, {0: 85, 180: 5, 90: 5, 270: 5}),
                mode=mode,
                stamped=True,
                pen="black" if pen == "pencil" else rng.choice(("black", "blue")),
                seed=f"strokes-{seed}-{dpi}-{i}",
                style=f"{style}@{pen}@{reach}",
                strikes=tuple((r, f"{style}@{pen}") for r in struck),
                partial=part,
                file=f"{i:04d}-{style}-{pen}-{mode}-{wear}",
            )
        )
    return out


# ------------------------------------------------------------------------------------------ drawing (workers)


def draw(job: bv.Job) -> bv.Drawn:
    """Render the blank sheet, strike its names as planned with strokes.py's pens, stamp it, scan it, save it."""
    plan, sheet = job.plan, job.sheet
    dpi = plan.dpi
    blank, rng, ink = bv.start_page(job)
    names = {line.row: line for line in sheet.names}
    _, kind = _split_style(plan.style)
    reach = float(plan.style.split("@")[2])
    pen = st.make_pen(kind, rng, plan.pen)
    for row, text in plan.strikes:
        style, _ = _split_style(text)
        st.draw(ink.canvas(pen.absorb), names[row], dpi, style, pen, rng, reach)
    for row, text, _ in plan.partial:
        style, _ = _split_style(text)
        st.draw(ink.canvas(pen.absorb), names[row], dpi, style, pen, rng, reach)
    x0, y0, x1, y1 = sheet.organisation
    vt.draw_seal(
        ink.canvas(vt.RED_SEAL),
        ((x0 + x1) / 2 + rng.uniform(-4, 4) * vt.MM, (y0 + y1) / 2 + rng.uniform(-1, 9) * vt.MM),
        rng.uniform(30, 40),
        dpi,
        rng,
    )
    name, scanner, to_points = bv.scan_page(job, ink.lay_on(blank), rng)
    return bv.Drawn(name, plan, scanner, to_points)


# ------------------------------------------------------------------------------------------ checking


@dataclass
class Tally:
    names: int = 0
    struck: int = 0  # read struck, certain
    person: int = 0  # left to a person
    kept: int = 0  # read kept, certain
    unread: int = 0  # no reading (page refused...)
    silent: int = 0

    def add(self, other: Tally) -> None:
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass
class Checked:
    tallies: dict[tuple[str, ...], Tally] = field(default_factory=dict)  # (truth, style, pen, dpi, mode, wear)
    errors: list[str] = field(default_factory=list)
    pages: int = 0
    clear: int = 0  # pages needing no person
    clear_review: int = 0
    refused: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _paper(plan: bv.Plan, row: int) -> tuple[bool | None, str]:
    """What is on the paper of a name row: struck (True), partly struck (None: a person decides) or unmarked
    (False), and the style that did it."""
    struck = dict(plan.strikes)
    partial = {r: text for r, text, _ in plan.partial}
    if row in struck:
        return True, _split_style(struck[row])[0]
    if row in partial:
        return None, _split_style(partial[row])[0]
    return False, "(unmarked)"


def _paper_rows(prepared: bv.Prepared) -> list[dict[str, Any]]:
    """Every name row of the drawn pages as bench_voters.write_paper wants it."""
    rows = []
    for d in prepared.drawn.values():
        plan = d.plan
        pen = _split_style(plan.style)[1]
        for line in prepared.sheets[plan.code].names:
            truth, label = _paper(plan, line.row)
            group = "struck" if truth else "partial" if truth is None else "unmarked"
            where = {"file": d.file, "dpi": plan.dpi, "wear": plan.wear, "mode": plan.mode}
            rows.append({"serial": plan.serial, "row": line.row, "paper": f"{group} {label} {pen}", **where})
    return rows


def check(prepared: bv.Prepared, report: scanning.ScanReport, out: Path) -> Checked:
    checked = Checked(pages=len(report.pages), seconds=report.seconds)
    with prepared.meeting_file.reading() as session:
        for outcome in report.pages:
            d = prepared.drawn[outcome.file]
            plan, s = d.plan, d.scanner
            sheet = prepared.sheets[plan.code]
            style, pen = _split_style(plan.style)
            cells = {c.row: c for c in outcome.cells if c.kind == "name"}
            review = str(outcome.status) == "pending"
            if str(outcome.outcome) not in ("read", "review"):
                checked.refused.append(f"{d.file}: {outcome.outcome}: {'; '.join(map(bv._full, outcome.reasons))}")
            if not plan.partial:
                checked.clear += 1
                checked.clear_review += review
            wrong = []
            for line in sheet.names:
                truth, label = _paper(plan, line.row)
                group = ("struck" if truth else "partial" if truth is None else "unmarked", label, pen)
                t = checked.tallies.setdefault((*group, str(plan.dpi), plan.mode, plan.wear), Tally())
                t.names += 1
                cell = cells.get(line.row)
                if cell is None:
                    t.unread += 1
                    continue
                if not cell.certain:
                    t.person += 1
                    continue
                if cell.value:
                    t.struck += 1
                else:
                    t.kept += 1
                if truth is None or bool(cell.value) != truth:
                    t.silent += 1
                    paper = "struck" if truth else "partly struck" if truth is None else "unmarked"
                    read = "struck" if cell.value else "kept"
                    wrong.append(f"name {line.row} {line.text!r} ({paper}: {label}) read {read} certain")
            problems = list(wrong)
            if wrong:  # every name as read: + struck, - kept (certain), ? to a person
                problems.append(
                    "read "
                    + " ".join(
                        f"{row}{'?' if not c.certain else '+' if c.value else '-'}" for row, c in sorted(cells.items())
                    )
                    + f", paper {' '.join(str(r) + '+' for r, _ in sorted(plan.strikes))}"
                    + "".join(f" {r}?" for r, _, _ in sorted(plan.partial))
                )
            if outcome.ballot is not None:
                problems += bv._stored_problems(session, plan, bv.truth(plan, sheet))
            if problems:
                bilevel = "/" + s.bilevel if s.bilevel else ""
                scan = f"{plan.mode}{bilevel} {s.suffix[1:]} turn {plan.turn + s.skew:.1f}°"
                checked.errors.append(
                    f"{plan.dpi} dpi {plan.wear} {d.file} [{outcome.outcome}/{outcome.status}] style {style} pen {pen}"
                    f" ({plan.pen}, {scan}, seed {plan.seed}): " + "; ".join(problems)
                )
                folder = out / str(plan.dpi)
                folder.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(prepared.scans / outcome.file, folder / outcome.file)
    return checked


# ------------------------------------------------------------------------------------------ report


def _line(name: str, t: Tally) -> str:
    pct = (lambda v: f"{100 * v / t.names:5.1f}%") if t.names else (lambda v: "  –  ")
    return (
        f"{name:<46}{t.names:>6}{t.struck:>7} {pct(t.struck)}{t.person:>6} {pct(t.person)}{t.kept:>6} {pct(t.kept)}"
        f"{t.unread:>7}{t.silent:>7}"
    )


HEAD = f"{'':<46}{'names':>6}{'struck certain':>14}{'to a person':>13}{'kept certain':>13}{'unread':>7}{'SILENT':>7}"


def show(results: list[Checked]) -> None:
    tallies: dict[tuple[str, ...], Tally] = defaultdict(Tally)
    for r in results:
        for key, t in r.tallies.items():
            tallies[key].add(t)

    def grouped(pick: Any) -> dict[tuple[str, ...], Tally]:
        out: dict[tuple[str, ...], Tally] = defaultdict(Tally)
        for key, t in tallies.items():
            out[pick(key)].add(t)
        return out

    print("\n== per truth × style × pen (all dpi, modes, wears) ==")
    print(HEAD)
    for key, t in sorted(grouped(lambda k: k[:3]).items()):
        print(_line(" ".join(key), t))
    print("\n== per truth × pen × scan mode ==")
    print(HEAD)
    for key, t in sorted(grouped(lambda k: (k[0], k[2], k[4])).items()):
        print(_line(" ".join(key), t))
    print("\n== per truth × pen × dpi ==")
    print(HEAD)
    for key, t in sorted(grouped(lambda k: (k[0], k[2], k[3])).items()):
        print(_line(" ".join(key), t))
    print("\n== per truth × style × pen × dpi × mode × wear ==")
    print(HEAD)
    for key, t in sorted(tallies.items()):
        print(_line(" ".join(key), t))
    print("\n== pages ==")
    for r in results:
        rate = r.pages / r.seconds if r.seconds else 0.0
        print(
            f"  {r.pages} pages ({rate:.1f} pages/s); pages needing no person sent to one: "
            f"{bv._ratio(r.clear_review, r.clear)}; refused: {len(r.refused)}"
        )
    for line in (e for r in results for e in r.refused):
        print(f"  REFUSED {line}")
    errors = [e for r in results for e in r.errors]
    print(f"\nSILENT ERRORS ({len(errors)} pages):")
    for line in errors:
        print(f"  {line}")


# ------------------------------------------------------------------------------------------ main


def _bch_shape(seed: int) -> tuple[list[int], int]:
    """The rows and seats of the example meeting's election poll."""
    with tempfile.TemporaryDirectory(prefix="bench-strokes-shape-") as tmp:
        from app.services import meetings
        from app.services.demo import example_spec_path
        from app.services.polls import get_poll, poll_def
        from app.services.spec import read_spec
        from app.store.db import open_meeting_file

        path = Path(tmp) / "shape.kiemphieu"
        meetings.create_meeting(path, read_spec(example_spec_path()), actor="bench").close()
        meeting_file = open_meeting_file(path)
        with meeting_file.reading() as session:
            pdef = poll_def(get_poll(session, CODE))
        meeting_file.close()
        return list(range(1, len(pdef.items) + 1)), pdef.seats or len(pdef.items)


def run_dpi(args: argparse.Namespace, dpi: int, n: int, rows: list[int], seats: int) -> Checked:
    given = plans(
        n=n,
        dpi=dpi,
        styles=args.styles,
        partials=args.partial_styles,
        pens=args.pens,
        modes=args.modes,
        wears=args.wear,
        rows=rows,
        seats=seats,
        partial=args.partial,
        seed=args.seed,
        reach=args.reach,
    )
    if args.only:  # the same plans, only these pages (to reproduce a case)
        given = [p for i, p in enumerate(given) if i in args.only]
    with tempfile.TemporaryDirectory(prefix="bench-strokes-") as tmp:
        prepared = bv.prepare(
            Path(tmp),
            dpi=dpi,
            wears=args.wear,
            pages=0,
            seed=args.seed,
            gen_workers=args.gen_workers,
            given=given,
            kinds=("strike",),
            names=args.names,
            drawer=draw,
        )
        if args.look:
            args.look.mkdir(parents=True, exist_ok=True)
            for name in sorted(prepared.drawn):
                with Image.open(prepared.scans / name) as image:
                    image.convert("RGB").save(args.look / f"{dpi}-{Path(name).stem}.png")
            prepared.meeting_file.close()
            return Checked()
        with bv.traced(args.trace, dpi):
            report = scanning.scan_files(
                prepared.meeting_file, [prepared.scans], operator="bench", workers=args.workers
            )
        bv.write_paper(args.trace, dpi, _paper_rows(prepared))
        checked = check(prepared, report, args.out)
        prepared.meeting_file.close()
        return checked


def _names(text: str, allowed: Sequence[str], option: str, parser: argparse.ArgumentParser) -> list[str]:
    out = [v.strip() for v in text.split(",") if v.strip()]
    bad = [v for v in out if v not in allowed]
    if bad:
        parser.error(f"{option}: unknown {', '.join(bad)} (known: {', '.join(allowed)})")
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=120, help="pages per resolution")
    parser.add_argument("--dpi", default="150,200,300", help="scan resolutions, comma-separated")
    parser.add_argument("--styles", default=",".join(st.STEEP), help=f"strike styles: {', '.join(st.STYLES)}")
    parser.add_argument(
        "--partial-styles", default=",".join(st.PARTIAL_STYLES), help=f"partial strikes: {', '.join(st.PARTIAL_STYLES)}"
    )
    parser.add_argument(
        "--reach", type=float, default=st.REACH, help="mm a diagonal's ends may go past the row's rules (centre line)"
    )
    parser.add_argument("--partial", type=float, default=0.25, help="share of pages with one partial strike")
    parser.add_argument("--pens", default=",".join(st.PENS), help=f"pens: {', '.join(st.PENS)}")
    parser.add_argument("--modes", default="grey,colour,bilevel", help="scan modes, in turn")
    parser.add_argument("--wear", default="moderate,strong", help="wears, in turn")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--names", action="store_true", help="people on the ballot named at random (from the seed)")
    parser.add_argument("--workers", type=int, default=1, help="scan_files worker processes")
    parser.add_argument("--gen-workers", type=int, default=1, help="processes drawing the sheets")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "bench_strokes", help="error scans")
    parser.add_argument(
        "--trace", type=Path, help="write every name's readings and paper to TRACE-DPI.*.jsonl (trace_names.py)"
    )
    parser.add_argument(
        "--only", default="", help="only these pages (the numbers their files start with, comma-separated)"
    )
    parser.add_argument("--look", type=Path, help="only draw the sheets into this folder as PNG, read nothing")
    args = parser.parse_args(argv)
    args.styles = _names(args.styles, st.STYLES, "--styles", parser)
    args.partial_styles = _names(args.partial_styles, st.PARTIAL_STYLES, "--partial-styles", parser)
    args.pens = _names(args.pens, st.PENS, "--pens", parser)
    args.modes = _names(args.modes, tuple(bv.MODES), "--modes", parser)
    args.wear = _names(args.wear, bv.WEARS, "--wear", parser)
    dpis = [int(d) for d in args.dpi.split(",")]
    args.only = {int(v) for v in args.only.split(",") if v.strip()}
    if args.out.exists():
        shutil.rmtree(args.out)
    rows, seats = _bch_shape(args.seed)
    started = time.perf_counter()
    results = []
    for dpi in dpis:
        print(f"{dpi} dpi: {args.pages} pages…", flush=True)
        results.append(run_dpi(args, dpi, args.pages, rows, seats))
    if args.look:
        print(f"sheets in {args.look}")
        return
    show(results)
    print(f"\ntotal time {time.perf_counter() - started:.0f} s; error scans: {args.out}")


if __name__ == "__main__":
    main()
