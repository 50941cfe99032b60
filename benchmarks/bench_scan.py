"""Accuracy and speed of reading scanned ballots: real issued sheets, marked by pen, worn by a scanner.

For every ballot kind read by marks (strike election `bch`; grids `tin-nhiem`, `danh-gia`, `nghi-quyet`;
single name `bi-thu`) and the handwriting kinds (`cham-diem`, `gioi-thieu`, reported apart), N sheets per
poll are issued in a fresh meeting, each sheet's intended marks decided at random (valid and invalid
ballots alike), drawn with random hands and styles (benchmarks/penmarks.py) on the blank sheet rendered
at 150, 200 and 300 dpi, stamped, worn by a moderate (or, with --heavy, a bad) scan and saved as PNG or
JPEG. Some sheets are meant for a person: one ambiguous mark (circled, scribbled out, a faint dot, a
partial strike), no stamp, or a signature. Then `scan_files` reads the folder and every counted ballot's
stored marks are compared with the intended ones.

    .venv/bin/python benchmarks/bench_scan.py            # 60 sheets per poll, 150/200/300 dpi, moderate
    .venv/bin/python benchmarks/bench_scan.py --quick    # a small run
    .venv/bin/python benchmarks/bench_scan.py --heavy    # badly worn scans instead
    .venv/bin/python benchmarks/bench_scan.py --sheets 100 --dpi 200 --degradation moderate,heavy

Figures (targets): silent errors — a counted ballot whose stored marks differ from the intended ones
(must be 0; each is listed and its image and crops saved under --out); review rate on clear, stamped,
unsigned OMR ballots (< 3 % on moderate wear); pages per second of the whole `scan_files` call (≥ 20 at
200 dpi with 2 workers on a 2-core machine).

Run on demand, not by pytest. Prints its figures.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import multiprocessing
import random
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import penmarks as pm
import pypdfium2
from PIL import Image
from sqlalchemy import select

from app.printing import ballot_code
from app.printing.ballot_code import SheetCode
from app.printing.ballot_pdf import SheetCodes, render
from app.printing.layout import template
from app.recognition import reading
from app.rules.model import Layout, PollDef
from app.services import meetings, printing, scanning
from app.services.ballots import ballot_by_key
from app.services.demo import example_spec_path
from app.services.meetings import get_meeting
from app.services.polls import get_poll, poll_def
from app.services.scanning import storage
from app.services.spec import read_spec
from app.store.db import MeetingFile, open_meeting_file
from app.store.orm import BallotSheet, ScannedPage

OMR_POLLS = ("bch", "bi-thu", "tin-nhiem", "danh-gia", "nghi-quyet")
HANDWRITING_POLLS = ("cham-diem", "gioi-thieu")
PAPER = "A4"

# Shares of the OMR sheets meant for a person (the rest are clear: stamped, unsigned, every mark plain).
AMBIGUOUS_SHARE = 0.12
UNSTAMPED_SHARE = 0.05
SIGNED_SHARE = 0.05
HANDWRITING_SHARE = 1 / 4  # handwriting polls get this share of N sheets (they always go to a person)

# How voters mark: plain styles by how often they are seen.
BOX_WEIGHTS = {"cross": 45, "tick": 20, "fill": 10, "dot_fill": 10, "spill_cross": 15}
STRIKE_WEIGHTS = {"straight": 40, "slanted": 20, "wavy": 10, "double": 10, "past_row": 20}
# An ambiguous mark read with certainty is still right when it reads as this (None: only a person may decide).
AMBIGUOUS_READS_AS: dict[str, bool | None] = {"circled": None, "scribbled": None, "faint_dot": False, "partial": None}


# ------------------------------------------------------------------------------------------ sheets


@dataclass(frozen=True)
class Mark:
    """One pen mark: on box (row, col) or name row `row` (col 0), in a penmarks style."""

    kind: str  # box / name
    row: int
    col: int
    style: str


@dataclass(frozen=True)
class Plan:
    """What one sheet should say, and how it is drawn."""

    code: str
    serial: str
    index: int  # the sheet's place in the poll's PDF
    file: str
    category: str  # clear / ambiguous / unstamped / signed / writing / blank
    marks: tuple[Mark, ...] = ()
    ambiguous: tuple[Mark, ...] = ()
    writing: tuple[tuple[str, int, int, str], ...] = ()  # (kind, row, col, text) for score cells and name lines

    @property
    def omr(self) -> bool:
        return self.code in OMR_POLLS

    @property
    def should_review(self) -> bool:
        return self.category in ("ambiguous", "unstamped", "signed", "writing")


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _categories(n: int, rng: random.Random, omr: bool) -> list[str]:
    if not omr:
        return ["writing"] * n
    special = (
        ["ambiguous"] * max(1, round(AMBIGUOUS_SHARE * n))
        + ["unstamped"] * max(1, round(UNSTAMPED_SHARE * n))
        + ["signed"] * max(1, round(SIGNED_SHARE * n))
    )[:n]
    categories = special + ["clear"] * (n - len(special))
    rng.shuffle(categories)
    return categories


def _plan_marks(
    pdef: PollDef, page: dict[str, Any], rng: random.Random, ambiguous: bool
) -> tuple[tuple[Mark, ...], tuple[Mark, ...]]:
    """(marks, ambiguous marks) for one OMR sheet: most rows one mark, some blank, some two (invalid)."""
    marks: list[Mark] = []
    extra: list[Mark] = []
    if pdef.layout is Layout.STRIKE:
        names = sorted(r["row"] for r in page["regions"] if r["kind"] == "name")
        # keep ≤ seats to be valid; a few keep too many (strike too few) or strike every name
        k = rng.choices([0, 1, 2, 3, 4, 5, len(names)], weights=[4, 5, 38, 25, 15, 8, 5])[0]
        for row in sorted(rng.sample(names, min(k, len(names)))):
            marks.append(Mark("name", row, 0, _weighted(rng, STRIKE_WEIGHTS)))
        if ambiguous:
            if len(marks) == len(names):  # every name struck: leave one for the ambiguous line
                marks.pop(rng.randrange(len(marks)))
            free = [r for r in names if r not in {m.row for m in marks}]
            extra.append(Mark("name", rng.choice(free), 0, rng.choice(pm.AMBIGUOUS_STRIKE)))
        return tuple(marks), tuple(extra)
    boxes = [(r["row"], r["col"]) for r in page["regions"] if r["kind"] == "box"]
    rows = sorted({r for r, _ in boxes})
    for row in rows:
        cols = sorted(c for r, c in boxes if r == row)
        how = rng.random()
        chosen = [] if how < 0.06 else rng.sample(cols, 2) if how < 0.11 and len(cols) > 1 else [rng.choice(cols)]
        marks.extend(Mark("box", row, col, _weighted(rng, BOX_WEIGHTS)) for col in sorted(chosen))
    if ambiguous:
        taken = {(m.row, m.col) for m in marks}
        free = [b for b in boxes if b not in taken]
        if free:
            row, col = rng.choice(free)
            extra.append(Mark("box", row, col, rng.choice(pm.AMBIGUOUS_BOX)))
    return tuple(marks), tuple(extra)


def _plan_writing(pdef: PollDef, page: dict[str, Any], rng: random.Random) -> tuple[tuple[str, int, int, str], ...]:
    """Scores or names written by hand; about one sheet in eight left blank."""
    if rng.random() < 0.12:
        return ()
    out = []
    for region in page["regions"]:
        kind, row, col = region["kind"], region["row"], region["col"]
        if kind == "score" and rng.random() < 0.85:
            top = pdef.criteria[col - 1].max_halves // 2
            value = rng.randint(max(0, top // 2), top)
            text = f"{value},5" if rng.random() < 0.2 and value < top else str(value)
            out.append((kind, row, col, text))
        elif kind == "line" and rng.random() < 0.75:
            out.append((kind, row, col, rng.choice(pdef.items).name if pdef.items else "Nguyễn Văn An"))
    return tuple(out)


def intended_ballot(plan: Plan, pdef: PollDef) -> tuple[frozenset[int], ...] | frozenset[int]:
    """The marks the voter meant, as the rules' Ballot holds them: struck rows, or the chosen columns per row."""
    if pdef.layout is Layout.STRIKE:
        return frozenset(m.row for m in plan.marks)
    chosen: list[set[int]] = [set() for _ in pdef.items]
    for m in plan.marks:
        chosen[m.row - 1].add(m.col)
    return tuple(frozenset(s) for s in chosen)


# ------------------------------------------------------------------------------------------ drawing


_documents: dict[str, Any] = {}


@dataclass(frozen=True)
class DrawJob:
    pdf: str
    page: dict[str, Any]
    dpi: int
    degradation: str
    plan: Plan
    seed: str
    folder: str


def draw_sheet(job: DrawJob) -> str:
    """Render the blank issued sheet, mark it as planned, wear it as a scanner would and save it."""
    document = _documents.get(job.pdf)
    if document is None:
        document = _documents[job.pdf] = pypdfium2.PdfDocument(job.pdf)
    image = document[job.plan.index].render(scale=job.dpi / 72, grayscale=True).to_pil().convert("L")
    rng = random.Random(job.seed)
    plan, page, dpi = job.plan, job.page, job.dpi
    rects = {(r["kind"], r["row"], r["col"]): r["rect"] for r in page["regions"]}
    hand = pm.random_hand(rng)
    for mark in (*plan.marks, *plan.ambiguous):
        if rng.random() < 0.1:  # now and then a voter changes pens
            hand = pm.random_hand(rng)
        rect = rects[(mark.kind, mark.row, mark.col)]
        if mark.kind == "box":
            pm.draw_box(image, rect, dpi, mark.style, hand, rng)
        else:
            pm.draw_strike(image, rect, dpi, mark.style, hand, rng)
    for kind, row, col, text in plan.writing:
        if kind == "score":
            pm.draw_digits(image, rects[(kind, row, col)], dpi, text, hand, rng)
        else:
            pm.draw_name(image, rects[(kind, row, col)], dpi, text, hand, rng)
    if plan.category != "unstamped":
        pm.draw_stamp(image, page["stamp"], dpi, rng)
    if plan.category == "signed":
        pm.draw_signature(image, page, dpi, pm.random_hand(rng), rng)
    wear = pm.heavy(rng) if job.degradation == "heavy" else pm.moderate(rng)
    quality = wear.jpeg
    scan = pm.degrade(image, dataclasses.replace(wear, jpeg=None), rng)
    path = Path(job.folder) / plan.file
    if quality is not None:  # the scanner writes JPEG: one compression, as a real file has
        path = path.with_suffix(".jpg")
        scan.save(path, "JPEG", quality=quality, dpi=(dpi, dpi))
    else:
        scan.save(path, "PNG", compress_level=1, dpi=(dpi, dpi))
    return path.name


# ------------------------------------------------------------------------------------------ one run


@dataclass
class PollFigures:
    pages: int = 0
    cells: int = 0
    cells_right: int = 0
    cells_uncertain: int = 0
    cells_wrong_certain: int = 0
    counted: int = 0
    silent: int = 0
    clear: int = 0
    clear_review: int = 0
    should: int = 0
    should_review: int = 0
    unreadable: int = 0
    ambiguous_read_right: int = 0  # sheets with an ambiguous mark counted with the right reading (faint dots)
    reasons: Counter[str] = field(default_factory=Counter)


@dataclass
class RunResult:
    dpi: int
    degradation: str
    pages: int
    seconds: float
    figures: dict[str, PollFigures]
    errors: list[str]
    missed: list[str]  # sheets meant for a person that were not sent to one (without being wrong)
    writing: dict[str, Counter[str]]


def _issue(meeting_file: MeetingFile, code: str, n: int, folder: Path) -> tuple[list[str], list[dict[str, Any]], Path]:
    """Issue n sheets of `code`; their serials, the template pages, and a PDF of them blank with their QR codes."""
    printing.print_ballots(meeting_file, code=code, copies=n, out=folder / f"issued-{code}.pdf", actor="bench")
    with meeting_file.reading() as session:
        _, pages = printing.poll_layout(session, code, PAPER)
        poll = get_poll(session, code)
        meeting = get_meeting(session)
        # The register stores a batch's rows in random order (a row's place must not tell the PDF's page, #14):
        # sorted, the serials are handed to the plans in the same order in every run of a seed.
        serials = sorted(
            list(
                session.scalars(
                    select(BallotSheet.serial).where(BallotSheet.poll_id == poll.id).order_by(BallotSheet.id)
                )
            )[-n:]
        )
        secret, fingerprint = meeting.secret, ballot_code.fingerprint_bytes(meeting.fingerprint)
        poll_id, round_no = poll.id, poll.round_no
    assert len(pages) == 1, f"{code}: the harness draws one-page sheets"
    sheets = [
        SheetCodes(
            qr_texts=(ballot_code.encode(SheetCode(fingerprint, poll_id, round_no, 1, 1, False, serial), secret),),
            check=ballot_code.check_code(serial, secret),
        )
        for serial in serials
    ]
    pdf = folder / f"blank-{code}.pdf"
    with pdf.open("wb") as out:
        render(out, pages, sheets, title="bench")
    return serials, template(code, PAPER, pages)["pages"], pdf


def _crop(path: Path, transform: list[list[float]], rect: Sequence[float], out: Path) -> None:
    """Save the scan around a template rect (points), enlarged, for a person to look at."""
    x, y, w, h = rect
    pad = 12.0
    corners = np.array([[x - pad, y - pad], [x + w + pad, y - pad], [x + w + pad, y + h + pad], [x - pad, y + h + pad]])
    mapped = reading.apply(np.asarray(transform), corners)
    box = (
        int(mapped[:, 0].min()),
        int(mapped[:, 1].min()),
        int(mapped[:, 0].max()) + 1,
        int(mapped[:, 1].max()) + 1,
    )
    with Image.open(path) as image:
        crop = image.convert("L").crop(box)
    factor = max(1, round(240 / max(crop.width, crop.height, 1)))
    crop.resize((crop.width * factor, crop.height * factor), Image.Resampling.NEAREST).save(out)


@dataclass
class Prepared:
    """A fresh meeting with its sheets issued, drawn, worn and saved in `scans`."""

    meeting_file: MeetingFile
    scans: Path
    plans: dict[str, Plan]  # by file name
    pdefs: dict[str, PollDef]
    pages: dict[str, dict[str, Any]]  # template page by poll


def prepare(folder: Path, *, sheets: int, dpi: int, degradation: str, seed: int, gen_workers: int) -> Prepared:
    """Issue, plan, draw and wear the sheets of every poll in a fresh meeting in `folder`."""
    path = folder / "bench.kiemphieu"
    meetings.create_meeting(path, read_spec(example_spec_path()), actor="bench").close()
    meeting_file = open_meeting_file(path)
    scans = folder / "scans"
    scans.mkdir()
    plans: dict[str, Plan] = {}
    pdefs: dict[str, PollDef] = {}
    pages: dict[str, dict[str, Any]] = {}
    jobs: list[DrawJob] = []
    for code in OMR_POLLS + HANDWRITING_POLLS:
        omr = code in OMR_POLLS
        n = sheets if omr else max(2, round(sheets * HANDWRITING_SHARE))
        serials, template_pages, pdf = _issue(meeting_file, code, n, folder)
        page = pages[code] = template_pages[0]
        with meeting_file.reading() as session:
            pdef = pdefs[code] = poll_def(get_poll(session, code))
        rng = random.Random(f"{seed}-{dpi}-{degradation}-{code}")
        for index, (serial, category) in enumerate(zip(serials, _categories(n, rng, omr), strict=True)):
            file = f"{code}-{index:03d}.png"
            if omr:
                marks, extra = _plan_marks(pdef, page, rng, category == "ambiguous")
                plan = Plan(code, serial, index, file, category, marks, extra)
            else:
                writing = _plan_writing(pdef, page, rng)
                plan = Plan(code, serial, index, file, "writing" if writing else "blank", writing=writing)
            jobs.append(
                DrawJob(str(pdf), page, dpi, degradation, plan, f"{seed}-{dpi}-{degradation}-{index}", str(scans))
            )
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(gen_workers) as pool:
        for job, name in zip(jobs, pool.imap(draw_sheet, jobs, chunksize=4), strict=True):
            plans[name] = job.plan
    print(f"  ({len(jobs)} sheets drawn and worn in {time.perf_counter() - started:.0f} s)", flush=True)
    return Prepared(meeting_file, scans, plans, pdefs, pages)


def run(
    *, sheets: int, dpi: int, degradation: str, seed: int, out: Path, gen_workers: int, workers: int, crops: bool
) -> RunResult:
    with tempfile.TemporaryDirectory(prefix="bench-scan-") as tmp:
        prepared = prepare(
            Path(tmp), sheets=sheets, dpi=dpi, degradation=degradation, seed=seed, gen_workers=gen_workers
        )
        report = scanning.scan_files(prepared.meeting_file, [prepared.scans], operator="bench", workers=workers)
        result = _evaluate(prepared, report, dpi, degradation, out, crops)
        prepared.meeting_file.close()
        return result


def _short(reason: Any) -> str:
    """A review reason by its code, to count reasons of one kind together."""
    return str(getattr(reason, "code", reason))


def _save(
    folder: Path,
    source: Path,
    tag: str,
    cells: Sequence[tuple[str, int, int]],
    *,
    transform: list[list[float]] | None,
    rects: dict[tuple[str, int, int], Sequence[float]],
) -> None:
    """Keep a copy of a scan, and crops of the given cells, in `folder` for a person to look at."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, folder / f"{tag}-{source.name}")
    if transform is not None:
        for kind, row, col in cells:
            _crop(source, transform, rects[(kind, row, col)], folder / f"{tag}-{source.stem}-{kind}{row}.{col}.png")


def _evaluate(
    prepared: Prepared,
    report: scanning.ScanReport,
    dpi: int,
    degradation: str,
    out: Path,
    crops: bool,
) -> RunResult:
    figures = {code: PollFigures() for code in OMR_POLLS + HANDWRITING_POLLS}
    errors: list[str] = []
    missed: list[str] = []
    writing: dict[str, Counter[str]] = {code: Counter() for code in HANDWRITING_POLLS}
    plans, pdefs, pages, scans = prepared.plans, prepared.pdefs, prepared.pages, prepared.scans
    with prepared.meeting_file.reading() as session:
        for outcome in report.pages:
            plan = plans[outcome.file]
            pdef = pdefs[plan.code]
            fig = figures[plan.code]
            fig.pages += 1
            counted = outcome.ballot is not None
            review = outcome.status == "pending"
            what = ", ".join(m.style for m in plan.ambiguous) or plan.category
            where = f"{dpi} dpi {degradation} {outcome.file} (serial {plan.serial}, {what})"
            stored_page = session.get(ScannedPage, outcome.page_id) if outcome.page_id is not None else None
            measures = storage.measures_of(stored_page) if stored_page is not None else None
            transform = [list(row) for row in measures.transform] if measures is not None else None
            rects = {(r["kind"], r["row"], r["col"]): r["rect"] for r in pages[plan.code]["regions"]}

            save = functools.partial(
                _save, out / f"{dpi}-{degradation}", scans / outcome.file, transform=transform, rects=rects
            )

            if outcome.outcome == "unreadable":
                fig.unreadable += 1
            if not plan.omr:
                writing[plan.code][plan.category] += 1
                if plan.category == "writing":
                    writing[plan.code]["writing to review"] += review
                    if counted:
                        fig.silent += 1
                        errors.append(f"{where}: handwriting counted without a person reading it")
                        save("silent", [(k, r, c) for k, r, c, _ in plan.writing])
                else:
                    writing[plan.code]["blank counted"] += counted
                continue
            # cell by cell: what the reader proposed against what the voter meant
            want = {(m.kind, m.row, m.col) for m in plan.marks}  # every other cell is meant empty
            unsure = {(m.kind, m.row, m.col) for m in plan.ambiguous}
            kind = "name" if pdef.layout is Layout.STRIKE else "box"
            wrong_cells = []
            for cell in outcome.cells:
                key = (cell.kind, cell.row, cell.col)
                if cell.kind != kind or key in unsure:
                    continue
                fig.cells += 1
                if not cell.certain:
                    fig.cells_uncertain += 1
                elif bool(cell.value) == (key in want):
                    fig.cells_right += 1
                else:
                    fig.cells_wrong_certain += 1
                    wrong_cells.append(key)
            if plan.should_review:
                fig.should += 1
                fig.should_review += review
            else:
                fig.clear += 1
                fig.clear_review += review
                if review:
                    fig.reasons.update(_short(r) for r in outcome.reasons)
                    if crops:
                        uncertain = [(c.kind, c.row, c.col) for c in outcome.cells if not c.certain]
                        save("review", uncertain)
            if counted:
                fig.counted += 1
                stored = ballot_by_key(session, code=plan.code, key=plan.serial)
                got = stored.struck if pdef.layout is Layout.STRIKE else stored.choices
                problems = []
                if got != intended_ballot(plan, pdef):
                    problems.append(f"stored {_describe(got)} ≠ intended {_describe(intended_ballot(plan, pdef))}")
                for mark in plan.ambiguous:
                    allowed = AMBIGUOUS_READS_AS[mark.style]
                    value = (
                        mark.row in stored.struck if mark.kind == "name" else mark.col in stored.choices[mark.row - 1]
                    )
                    if allowed is None or value != allowed:
                        problems.append(
                            f"ambiguous {mark.style} at {mark.kind} {mark.row}.{mark.col} counted as {value}"
                        )
                if problems:
                    fig.silent += 1
                    cells = wrong_cells + [(m.kind, m.row, m.col) for m in plan.ambiguous]
                    errors.append(f"{where}: " + "; ".join(problems) + f"; cells {cells}")
                    save("silent", cells)
                elif plan.category == "ambiguous":
                    fig.ambiguous_read_right += 1  # a faint dot read as no mark: a right reading
                elif plan.should_review:
                    missed.append(f"{where}: counted, read right")
            elif plan.should_review and not review:
                missed.append(f"{where}: {outcome.outcome}/{outcome.status}")
            if wrong_cells and not counted and crops:
                save("certain-wrong", wrong_cells)
    return RunResult(dpi, degradation, len(report.pages), report.seconds, figures, errors, missed, writing)


def _describe(value: Any) -> str:
    if isinstance(value, frozenset):
        return "{" + ",".join(str(v) for v in sorted(value)) + "}"
    return "[" + " ".join("".join(str(c) for c in sorted(row)) or "-" for row in value) + "]"


# ------------------------------------------------------------------------------------------ report


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    – "


def show(result: RunResult) -> None:
    print(f"\n== {result.dpi} dpi, {result.degradation} wear: {result.pages} pages ==")
    head = (
        f"{'poll':<11}{'pages':>6}{'cells right':>13}{'unsure':>8}{'wrong*':>8}{'counted':>9}{'silent':>8}"
        f"{'review clear':>19}{'review should':>16}{'unread':>8}"
    )
    print(head)
    total = PollFigures()
    for code in OMR_POLLS:
        f = result.figures[code]
        for name in ("pages", "cells", "cells_right", "cells_uncertain", "cells_wrong_certain", "counted", "silent"):
            setattr(total, name, getattr(total, name) + getattr(f, name))
        for name in ("clear", "clear_review", "should", "should_review", "unreadable", "ambiguous_read_right"):
            setattr(total, name, getattr(total, name) + getattr(f, name))
        total.reasons.update(f.reasons)
        _row(code, f)
    _row("all OMR", total)
    print("  wrong*: cells read with certainty but wrong (a counted ballot with one is a silent error)")
    sent = total.clear_review + total.should_review
    print(f"  OMR pages sent to review: {sent}/{total.pages} = {_pct(sent, total.pages).strip()} of ballots")
    print(
        f"  review rate on clear, stamped, unsigned OMR ballots: {total.clear_review}/{total.clear}"
        f" = {_pct(total.clear_review, total.clear).strip()}"
    )
    print(
        f"  sheets meant for a person that went to one: {total.should_review}/{total.should}"
        f" (and {total.ambiguous_read_right} with a faint dot counted, read right as no mark)"
    )
    if total.reasons:
        print("  why clear ballots went to review: " + "; ".join(f"{n}× {r}" for r, n in total.reasons.most_common(6)))
    for code in HANDWRITING_POLLS:
        f = result.figures[code]
        w = result.writing[code]
        print(
            f"  handwriting {code}: {f.pages} pages — written on, sent to a person: "
            f"{w['writing to review']}/{w['writing']}; left blank, counted: {w['blank counted']}/{w['blank']}; "
            f"silent {f.silent}; unreadable {f.unreadable}"
        )
    rate = result.pages / result.seconds if result.seconds else 0.0
    print(f"  speed: {result.pages} pages in {result.seconds:.1f} s = {rate:.1f} pages/s (scan_files, whole pipeline)")
    if result.errors:
        print(f"  SILENT ERRORS ({len(result.errors)}):")
        for line in result.errors:
            print(f"    {line}")
    if result.missed:
        print(f"  meant for a person but not sent to one ({len(result.missed)}):")
        for line in result.missed:
            print(f"    {line}")


def _row(name: str, f: PollFigures) -> None:
    print(
        f"{name:<11}{f.pages:>6}{_pct(f.cells_right, f.cells):>13}{f.cells_uncertain:>8}{f.cells_wrong_certain:>8}"
        f"{f.counted:>9}{f.silent:>8}"
        f"{f'{f.clear_review}/{f.clear} ' + _pct(f.clear_review, f.clear).strip():>19}"
        f"{f'{f.should_review}/{f.should}':>16}{f.unreadable:>8}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sheets", type=int, default=60, help="sheets per OMR poll (handwriting polls: a third)")
    parser.add_argument("--dpi", default="150,200,300", help="scan resolutions, comma-separated")
    parser.add_argument("--degradation", default="moderate", help="moderate, heavy or both (comma-separated)")
    parser.add_argument("--heavy", action="store_true", help="badly worn scans (same as --degradation heavy)")
    parser.add_argument("--quick", action="store_true", help="a small run: 15 sheets per poll at 200 dpi")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="scan_files worker processes")
    parser.add_argument("--gen-workers", type=int, default=2, help="processes drawing the sheets")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "bench_scan", help="error images")
    parser.add_argument("--crops", action="store_true", help="also save crops of review and certain-wrong cells")
    args = parser.parse_args(argv)
    sheets, dpis = args.sheets, [int(d) for d in args.dpi.split(",")]
    if args.quick:
        sheets, dpis = 15, [200]
    degradations = ["heavy"] if args.heavy else args.degradation.split(",")
    if args.out.exists():
        shutil.rmtree(args.out)
    started = time.perf_counter()
    results = []
    for degradation in degradations:
        for dpi in dpis:
            print(f"{dpi} dpi, {degradation}: {sheets} sheets per OMR poll…", flush=True)
            result = run(
                sheets=sheets,
                dpi=dpi,
                degradation=degradation,
                seed=args.seed,
                out=args.out,
                gen_workers=args.gen_workers,
                workers=args.workers,
                crops=args.crops,
            )
            results.append(result)
            show(result)
    silent = sum(len(r.errors) for r in results)
    print(f"\nsilent errors in all runs: {silent}; total time {time.perf_counter() - started:.0f} s")
    if silent or args.crops:
        print(f"images: {args.out}")


if __name__ == "__main__":
    main()
