"""Reading ballots marked as voters mark them: strikes through the printed name, boxes, creases, seals, scanners.

Unlike bench_scan.py, nothing is drawn where the reader's template says a cell is: every mark is placed from
the printed page itself (benchmarks/voters.py finds each name's first and last letter, baseline and x-height
in the PDF's text, the boxes' outlines and the table rules in the ink of the blank page, the organisation's
name for the seal). The template is used only to check that the rows and columns found are the ones the
reader names (name:ROW:0, box:ROW:COL, score:PERSON:CRITERION).

For each resolution a fresh example meeting is made, sheets of each poll are issued (strike election `bch`;
grids `tin-nhiem`, `danh-gia`, `nghi-quyet`, `bi-thu`, `ubkt`; scoring `cham-diem`), marked, stamped (or not),
creased now and then, worn by a moderate or strong scan (colour JPEG, greyscale, or bilevel; upright, upside
down or sideways on the feeder's grey backing), and read by `scanning.scan_files`. Then every cell the reader
reported and every counted ballot is compared with what is on the paper.

    .venv/bin/python benchmarks/bench_voters.py                 # 1080 pages: 150/200/300 dpi, both wears
    .venv/bin/python benchmarks/bench_voters.py --quick         # about 100 pages
    .venv/bin/python benchmarks/bench_voters.py --pages 300 --dpi 200 --wear moderate
    .venv/bin/python benchmarks/bench_voters.py --look /tmp/look  # draw showcase sheets to look at, no reading

Strikes drawn diagonally, as an X, hatched or zigzagged, and pens of other kinds (pencil, marker, ruler, a
skipping ballpoint), are benchmarks/bench_strokes.py's: it uses `prepare` here with a drawer of its own.

Figures: silent errors (a cell read with certainty against the paper, on a counted page or one waiting for
review; a counted ballot whose stored marks differ; each listed, its image and a crop saved under --out);
review rate on pages that need no person (stamped, no partial strike, no circled or scribbled box), for grid
and strike ballots apart (targets on moderate wear: ≤ 3 % grid, ≤ 10 % strike); pages that need a person and
went to one; refused pages (target 0); pages/s of scan_files (target ≥ 20 at 200 dpi with 2 workers).
Tables per poll kind × dpi × wear and per mark kind. Run on demand, not by pytest.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import math
import multiprocessing
import os
import random
import secrets
import shutil
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import penmarks as pm
import pypdfium2
import voters as vt
from bench_scan import _issue
from PIL import Image

from app.recognition.pipeline import TRACE_ENV
from app.rules.model import PollDef
from app.services import meetings, scanning
from app.services.ballots import ballot_by_key
from app.services.demo import example_spec_path
from app.services.meetings import get_meeting
from app.services.polls import get_poll, poll_def
from app.services.spec import MeetingSpec, read_spec
from app.store.db import MeetingFile, open_meeting_file

STRIKE_POLLS = ("bch",)
GRID_POLLS = ("tin-nhiem", "danh-gia", "nghi-quyet", "bi-thu", "ubkt")
SCORE_POLLS = ("cham-diem",)
KIND_SHARE = {"strike": 0.46, "grid": 0.46, "score": 0.08}
WEARS = ("moderate", "strong")
TURNS = {0: 78, 180: 8, 90: 7, 270: 7}
MODES = {"grey": 45, "colour": 35, "bilevel": 20}
UNSTAMPED = 0.06
PARTIAL = 0.15  # strike pages with one partial strike
CREASE_NAME = 0.15  # strike pages with a crease along an unmarked name row
PERSON_BOX = 0.12  # grid pages with a circled or scribbled box
CREASE_BOX = 0.18  # grid pages with a crease through an empty box
MIXED_STYLES = 0.2  # strike pages whose rows are struck in different styles
BOX_WEIGHTS = {"cross": 45, "tick": 20, "fill": 10, "dot_fill": 10, "spill_cross": 15}
CREASE_BOX_WEIGHTS = {"box-h": 55, "box-v": 25, "box-d": 20}

Key = tuple[str, int, int]


@dataclass(frozen=True)
class Mix:
    """How pages are scanned and creased: the scan modes' weights and the shares of creased pages."""

    modes: tuple[tuple[str, int], ...] = tuple(MODES.items())
    crease_name: float = CREASE_NAME
    crease_box: float = CREASE_BOX
    partials: float | None = None  # each free name row struck in part with this chance (None: PARTIAL a page)


# ------------------------------------------------------------------------------------------ plans


@dataclass(frozen=True)
class Plan:
    """What one sheet carries and how it is scanned."""

    code: str
    kind: str  # strike / grid / score
    dpi: int
    wear: str
    turn: int
    mode: str
    stamped: bool
    pen: str  # black / blue
    seed: str
    serial: str = ""
    index: int = 0  # the sheet's page in the poll's blank PDF
    file: str = ""  # file name without suffix
    style: str = ""  # strike pages: the style of their strikes, or "mixed"
    strikes: tuple[tuple[int, str], ...] = ()  # (row, style)
    partial: tuple[tuple[int, str, str], ...] = ()  # (row, band, where)
    boxes: tuple[tuple[int, int, str], ...] = ()  # (row, col, style)
    scores: tuple[tuple[int, int, str], ...] = ()  # (person, criterion, written text)
    crease: str | None = None  # voters.CREASE_KINDS
    crease_at: Key | None = None  # the cell the crease is laid through
    scanner: tuple[tuple[str, Any], ...] = ()  # fixed scanner settings (the showcase)
    seal: tuple[tuple[str, float], ...] = ()  # fixed seal settings (the showcase): dx, dy, diameter (mm)


@dataclass(frozen=True)
class Drawn:
    """A sheet as drawn and scanned: where it went and what the crease crossed."""

    file: str
    plan: Plan
    scanner: vt.Scanner
    matrix: list[list[float]]  # page points -> image pixels
    crossed: tuple[Key, ...] = ()


def _weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _plan_strike(plan: Plan, sheet: vt.Sheet, pdef: PollDef, rng: random.Random, style: str, mix: Mix) -> Plan:
    rows = [line.row for line in sheet.names]
    seats = pdef.seats or len(rows)
    least = max(0, len(rows) - seats)  # strike at least this many to keep no more than the seats
    k = rng.choices(
        [max(0, least - 1), least, least + 1, least + 2, least + 3, len(rows)], weights=[8, 35, 28, 15, 9, 5]
    )[0]
    k = min(k, len(rows))
    struck = sorted(rng.sample(rows, k))
    mixed = rng.random() < MIXED_STYLES
    strikes = tuple((r, rng.choice(vt.FULL_STRIKES) if mixed else style) for r in struck)
    free = [r for r in rows if r not in struck]
    partial: tuple[tuple[int, str, str], ...] = ()
    if mix.partials is not None:  # the partial strikes' own run: many a page
        chosen = [row for row in free if rng.random() < mix.partials]
        partial = tuple((row, rng.choice(list(vt.PARTIAL_BANDS)), rng.choice(vt.PARTIAL_FROM)) for row in chosen)
        free = [r for r in free if r not in chosen]
    elif free and rng.random() < PARTIAL:
        row = rng.choice(free)
        partial = ((row, rng.choice(list(vt.PARTIAL_BANDS)), rng.choice(vt.PARTIAL_FROM)),)
        free.remove(row)
    crease, at = None, None
    if free and rng.random() < mix.crease_name:
        crease, at = "name", ("name", rng.choice(free), 0)
    return dataclasses.replace(
        plan, style="mixed" if mixed else style, strikes=strikes, partial=partial, crease=crease, crease_at=at
    )


def _plan_grid(plan: Plan, sheet: vt.Sheet, rng: random.Random, mix: Mix) -> Plan:
    cells = [(b.row, b.col) for b in sheet.boxes]
    rows = sorted({r for r, _ in cells})
    marks = []
    for row in rows:
        cols = sorted(c for r, c in cells if r == row)
        how = rng.random()
        chosen = [] if how < 0.06 else rng.sample(cols, 2) if how < 0.11 and len(cols) > 1 else [rng.choice(cols)]
        marks.extend((row, col, _weighted(rng, BOX_WEIGHTS)) for col in sorted(chosen))
    taken = {(r, c) for r, c, _ in marks}
    free = [c for c in cells if c not in taken]
    if free and rng.random() < PERSON_BOX:
        row, col = rng.choice(free)
        marks.append((row, col, rng.choice(vt.PERSON_BOXES)))
        free.remove((row, col))
    crease, at = None, None
    if free and rng.random() < mix.crease_box:
        row, col = rng.choice(free)
        crease, at = _weighted(rng, CREASE_BOX_WEIGHTS), ("box", row, col)
    return dataclasses.replace(plan, boxes=tuple(sorted(marks)), crease=crease, crease_at=at)


def _plan_scores(plan: Plan, sheet: vt.Sheet, pdef: PollDef, rng: random.Random) -> Plan:
    written = []
    for cell in sheet.scores:
        if rng.random() < 0.85 or (not written and cell is sheet.scores[-1]):
            top = pdef.criteria[cell.col - 1].max_halves // 2
            value = rng.randint(max(0, top // 2), top)
            written.append((cell.row, cell.col, f"{value},5" if rng.random() < 0.2 and value < top else str(value)))
    return dataclasses.replace(plan, scores=tuple(written))


def _halves(text: str) -> int:
    whole, _, half = text.partition(",")
    return int(whole) * 2 + (1 if half else 0)


# ------------------------------------------------------------------------------------------ drawing (workers)


_documents: dict[str, Any] = {}


@dataclass(frozen=True)
class Job:
    pdf: str
    sheet: vt.Sheet
    plan: Plan
    folder: str


def start_page(job: Job) -> tuple[Image.Image, random.Random, vt.Ink]:
    """A job's blank sheet rendered at its dpi (each PDF opened once per process), the page's own random
    generator and an empty ink layer to draw on."""
    document = _documents.get(job.pdf)
    if document is None:
        document = _documents[job.pdf] = pypdfium2.PdfDocument(job.pdf)
    k = job.plan.dpi / 72
    blank = document[job.plan.index].render(scale=k, grayscale=True).to_pil().convert("L")
    return blank, random.Random(job.plan.seed), vt.Ink(blank.size)


def scan_page(
    job: Job, page: Image.Image, rng: random.Random, scanner_changes: Sequence[tuple[str, Any]] = ()
) -> tuple[str, vt.Scanner, list[list[float]]]:
    """A marked page through a scanner of the plan's wear, turn and mode (with `scanner_changes`), saved in the
    job's folder: the file's name, the scanner, and the matrix from template points to the scan's pixels."""
    plan = job.plan
    scanner = vt.random_scanner(rng, plan.wear, turn=plan.turn, mode=plan.mode)
    if scanner_changes:
        scanner = dataclasses.replace(scanner, **dict(scanner_changes))
    image, matrix = vt.scan(page, scanner, rng)
    path = vt.save(image, scanner, Path(job.folder) / plan.file, plan.dpi)
    k = plan.dpi / 72
    to_points = matrix @ np.diag([k, k, 1.0])
    return path.name, scanner, to_points.tolist()


def draw(job: Job) -> Drawn:
    """Render the blank sheet, mark it as planned, stamp and crease it, scan it and save the file."""
    plan, sheet = job.plan, job.sheet
    dpi = plan.dpi
    blank, rng, ink = start_page(job)
    palest = 110 if plan.mode == "bilevel" else 140
    pen = vt.random_pen(rng, plan.pen, palest)
    names = {line.row: line for line in sheet.names}
    boxes = {(b.row, b.col): b for b in sheet.boxes}
    scores = {(b.row, b.col): b for b in sheet.scores}
    for row, style in plan.strikes:
        if rng.random() < 0.1:  # now and then a voter changes pens
            pen = vt.random_pen(rng, plan.pen, palest)
        vt.draw_strike(ink.canvas(pen.absorb), names[row], dpi, style, pen.hand, rng)
    for row, band, where in plan.partial:
        vt.draw_partial(ink.canvas(pen.absorb), names[row], dpi, band, where, pen.hand, rng)
    for row, col, style in plan.boxes:
        if rng.random() < 0.1:
            pen = vt.random_pen(rng, plan.pen, palest)
        pm.draw_box(ink.canvas(pen.absorb), boxes[(row, col)].rect, dpi, style, pen.hand, rng)
    for person, criterion, text in plan.scores:
        pm.draw_digits(ink.canvas(pen.absorb), scores[(person, criterion)].rect, dpi, text, pen.hand, rng)
    if plan.stamped:
        x0, y0, x1, y1 = sheet.organisation
        fixed = dict(plan.seal)
        dx = fixed.get("dx", rng.uniform(-4, 4)) * vt.MM
        dy = fixed.get("dy", rng.uniform(-1, 9)) * vt.MM
        vt.draw_seal(
            ink.canvas(vt.RED_SEAL),
            ((x0 + x1) / 2 + dx, (y0 + y1) / 2 + dy),
            fixed.get("diameter", rng.uniform(30, 40)),
            dpi,
            rng,
        )
    layer, crossed = None, ()
    if plan.crease is not None and plan.crease_at is not None:
        crease = _crease(plan, sheet, rng)
        layer = vt.crease_layer(blank.size, dpi, crease, rng)
        crossed = _crossed(crease, sheet)
    name, scanner, to_points = scan_page(job, ink.lay_on(blank, layer), rng, plan.scanner)
    return Drawn(name, plan, scanner, to_points, crossed)


def _crease(plan: Plan, sheet: vt.Sheet, rng: random.Random) -> vt.Crease:
    assert plan.crease_at is not None
    _, row, col = plan.crease_at
    if plan.crease == "name":
        line = next(line for line in sheet.names if line.row == row)
        x = rng.uniform(line.first, line.last)
        y = line.baseline - line.x_height * rng.uniform(0.25, 0.75)
        return vt.random_crease(rng, x, y, rng.uniform(-0.4, 0.4))
    box = next(b for b in sheet.boxes if (b.row, b.col) == (row, col))
    cx, cy = box.centre
    side = box.rect[3]
    if plan.crease == "box-h":
        return vt.random_crease(rng, cx, cy + rng.uniform(-0.3, 0.3) * side, rng.uniform(-1.5, 1.5))
    if plan.crease == "box-v":
        return vt.random_crease(rng, cx + rng.uniform(-0.3, 0.3) * side, cy, 90 + rng.uniform(-1.5, 1.5))
    angle = rng.uniform(15, 40) * rng.choice((-1, 1))
    return vt.random_crease(rng, cx + rng.uniform(-0.2, 0.2) * side, cy, angle)


def _crossed(crease: vt.Crease, sheet: vt.Sheet) -> tuple[Key, ...]:
    """The cells the crease passes through: boxes (inside their outline), name rows (inside their band)."""
    out: list[Key] = []
    for b in sheet.boxes:
        x, y, w, h = b.rect
        if vt.crosses(crease, (x + 0.15 * w, y + 0.15 * h, 0.7 * w, 0.7 * h)):
            out.append(("box", b.row, b.col))
    for line in sheet.names:
        top, bottom = line.band
        pad = 0.2 * (bottom - top)
        if vt.crosses(crease, (line.cell[0], top + pad, line.cell[1] - line.cell[0], bottom - top - 2 * pad)):
            out.append(("name", line.row, 0))
    return tuple(out)


# ------------------------------------------------------------------------------------------ one resolution


@dataclass
class Prepared:
    meeting_file: MeetingFile
    scans: Path
    drawn: dict[str, Drawn]  # by file name
    sheets: dict[str, vt.Sheet]
    pdefs: dict[str, PollDef]


def _poll_kind(code: str) -> str:
    return "strike" if code in STRIKE_POLLS else "grid" if code in GRID_POLLS else "score"


def _split(n: int, shares: dict[str, float]) -> dict[str, int]:
    counts = {name: math.floor(n * share) for name, share in shares.items()}
    for name in sorted(shares, key=lambda s: -shares[s])[: n - sum(counts.values())]:
        counts[name] += 1
    return counts


def _sheets(meeting_file: MeetingFile, code: str, pdf: Path, template_pages: list[dict[str, Any]]) -> vt.Sheet:
    """Measure the poll's printed sheet and check that its rows and columns are the reader's."""
    with meeting_file.reading() as session:
        pdef = poll_def(get_poll(session, code))
        organisation = get_meeting(session).organization
    sheet = vt.find_sheet(
        str(pdf),
        0,
        names=[item.name for item in pdef.items] if code in STRIKE_POLLS else [],
        organisation=organisation,
        criteria=len(pdef.criteria),
    )
    keys = {(r["kind"], r["row"], r["col"]) for r in template_pages[0]["regions"]}
    found: set[Key] = (
        {("name", line.row, 0) for line in sheet.names}
        | {("box", b.row, b.col) for b in sheet.boxes}
        | {("score", b.row, b.col) for b in sheet.scores}
    )
    wanted = {key for key in keys if key[0] == {"strike": "name", "grid": "box", "score": "score"}[_poll_kind(code)]}
    if found != wanted:
        raise SystemExit(
            f"{code}: the cells found on the printed page {sorted(found)} are not the reader's {sorted(wanted)}"
        )
    return sheet


SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Đinh", "Trịnh", "Lương", "Mai", "Quách", "Triệu", "Tạ", "Thái", "Khúc", "Ưng", "Âu", "Tôn Nữ",
)  # fmt: skip
MIDDLES = (
    "Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Xuân", "Thu", "Kim", "Bảo", "Phương", "Hoài",
    "Diệu", "Thế", "Công", "Khắc", "Mỹ", "Tường",
)  # fmt: skip
GIVEN = (
    "An", "Ánh", "Bích", "Cúc", "Dũng", "Duyên", "Giang", "Hà", "Hải", "Hằng", "Hiếu", "Hòa", "Hưng", "Hường",
    "Khánh", "Khuê", "Lộc", "Lũy", "Nga", "Nghĩa", "Nhung", "Oanh", "Phúc", "Quý", "Quỳnh", "Sơn", "Thắng",
    "Thủy", "Tiến", "Trinh", "Tuấn", "Uyên", "Vỹ", "Xuyến", "Yến", "Ý", "Ân", "Ơn", "Huyền", "Nguyệt", "Khiêm",
    "Thường", "Luyến", "Ngữ", "Dự", "Ưng",
)  # fmt: skip
PERSON_KINDS = ("election", "confidence", "evaluation", "scoring", "nomination")


def _person_name(rng: random.Random) -> str:
    """A Vietnamese name: a surname, none to three middle names, a given name (2 to 5 words, short and long)."""
    middles = rng.choices((0, 1, 2, 3), weights=(10, 60, 25, 5))[0]
    return " ".join([rng.choice(SURNAMES), *rng.sample(MIDDLES, middles), rng.choice(GIVEN)])


def other_names(spec: MeetingSpec, rng: random.Random) -> MeetingSpec:
    """The example meeting with every person on its ballots given another name (motions keep theirs). No name of
    a poll lies inside another of the same poll, so each is found on the printed page by its text alone."""
    polls = []
    for poll in spec.polls:
        if str(poll.kind) not in PERSON_KINDS:
            polls.append(poll)
            continue
        names: list[str] = []
        while len(names) < len(poll.items):
            name = _person_name(rng)
            if not any(name in other or other in name for other in names):
                names.append(name)
        items = tuple(dataclasses.replace(item, name=name) for item, name in zip(poll.items, names, strict=True))
        polls.append(dataclasses.replace(poll, items=items))
    return dataclasses.replace(spec, polls=tuple(polls))


@contextlib.contextmanager
def _seeded_secrets(seed: str) -> Iterator[None]:
    """The meeting's secret and the sheets' serials drawn from `seed`, not the system: the QR codes, and with
    them each page's fit to a few hundredths of a pixel, are the same in every run of a seed, so a page a run
    reports (`--only` in bench_strokes) is drawn and read again exactly."""
    seeded = random.Random(seed)
    saved = secrets.token_bytes, secrets.token_hex
    secrets.token_bytes = lambda n=32: seeded.randbytes(n)  # type: ignore[assignment]
    secrets.token_hex = lambda n=32: seeded.randbytes(n).hex()  # type: ignore[assignment]
    try:
        yield
    finally:
        secrets.token_bytes, secrets.token_hex = saved


def prepare(
    folder: Path,
    *,
    dpi: int,
    wears: Sequence[str],
    pages: int,
    seed: int,
    gen_workers: int,
    given: list[Plan] | None = None,
    kinds: Sequence[str] = tuple(KIND_SHARE),
    names: bool = False,
    mix: Mix = Mix(),
    drawer: Callable[[Job], Drawn] | None = None,
) -> Prepared:
    """A fresh example meeting in `folder` (with `names`, its people named at random from `seed`); its sheets
    issued, planned, drawn (by `drawer`, a module-level function for the worker processes; `draw` unless
    given) and scanned into `folder/scans`."""
    path = folder / "bench.kiemphieu"
    spec = read_spec(example_spec_path())
    if names:
        spec = other_names(spec, random.Random(f"names-{seed}-{dpi}"))
    with _seeded_secrets(f"secrets-{seed}-{dpi}"):
        meetings.create_meeting(path, spec, actor="bench").close()
    meeting_file = open_meeting_file(path)
    scans = folder / "scans"
    scans.mkdir()
    rng = random.Random(f"{seed}-{dpi}")
    # how many pages of each poll: kinds by share, polls of a kind in turn
    wanted: list[tuple[str, str]] = []  # (code, wear)
    per_wear = _split(pages, {w: 1 / len(wears) for w in wears})
    for wear in wears:
        shares = {kind: share for kind, share in KIND_SHARE.items() if kind in kinds}
        for kind, n in _split(per_wear[wear], {k: v / sum(shares.values()) for k, v in shares.items()}).items():
            codes = {"strike": STRIKE_POLLS, "grid": GRID_POLLS, "score": SCORE_POLLS}[kind]
            offset = rng.randrange(len(codes))
            wanted.extend((codes[(offset + i) % len(codes)], wear) for i in range(n))
    counts = Counter(code for code, _ in wanted) if given is None else Counter(p.code for p in given)
    pdefs: dict[str, PollDef] = {}
    sheets: dict[str, vt.Sheet] = {}
    serials: dict[str, list[str]] = {}
    pdfs: dict[str, Path] = {}
    for code, n in counts.items():
        with _seeded_secrets(f"secrets-{seed}-{dpi}-{code}"):
            serials[code], template_pages, pdfs[code] = _issue(meeting_file, code, n, folder)
        with meeting_file.reading() as session:
            pdefs[code] = poll_def(get_poll(session, code))
        sheets[code] = _sheets(meeting_file, code, pdfs[code], template_pages)
    plans = given if given is not None else _plans(wanted, sheets, pdefs, dpi, seed, rng, mix)
    used: Counter[str] = Counter()
    jobs = []
    for i, plan in enumerate(plans):
        index = used[plan.code]
        used[plan.code] += 1
        plan = dataclasses.replace(
            plan, serial=serials[plan.code][index], index=index, file=plan.file or f"{i:04d}-{plan.code}-{index:03d}"
        )
        jobs.append(Job(str(pdfs[plan.code]), sheets[plan.code], plan, str(scans)))
    started = time.perf_counter()
    drawn: dict[str, Drawn] = {}
    with multiprocessing.get_context("spawn").Pool(gen_workers) as pool:
        for result in pool.imap(drawer or draw, jobs, chunksize=2):
            drawn[result.file] = result
    print(f"  ({len(jobs)} sheets drawn and scanned in {time.perf_counter() - started:.0f} s)", flush=True)
    return Prepared(meeting_file, scans, drawn, sheets, pdefs)


def _plans(
    wanted: list[tuple[str, str]],
    sheets: dict[str, vt.Sheet],
    pdefs: dict[str, PollDef],
    dpi: int,
    seed: int,
    rng: random.Random,
    mix: Mix,
) -> list[Plan]:
    plans = []
    styles: dict[str, list[str]] = defaultdict(list)  # per wear: the strike styles in turn
    for i, (code, wear) in enumerate(wanted):
        kind = _poll_kind(code)
        plan = Plan(
            code=code,
            kind=kind,
            dpi=dpi,
            wear=wear,
            turn=_weighted(rng, TURNS),
            mode=_weighted(rng, dict(mix.modes)),
            stamped=rng.random() >= UNSTAMPED,
            pen=rng.choice(("black", "blue")),
            seed=f"{seed}-{dpi}-{wear}-{i}",
        )
        if kind == "strike":
            if not styles[wear]:
                styles[wear] = list(vt.FULL_STRIKES)
                rng.shuffle(styles[wear])
            plan = _plan_strike(plan, sheets[code], pdefs[code], rng, styles[wear].pop(), mix)
        elif kind == "grid":
            plan = _plan_grid(plan, sheets[code], rng, mix)
        else:
            plan = _plan_scores(plan, sheets[code], pdefs[code], rng)
        plans.append(plan)
    return plans


# ------------------------------------------------------------------------------------------ what the paper says


def truth(plan: Plan, sheet: vt.Sheet) -> dict[Key, tuple[Any, str]]:
    """Every cell's right reading (True / False; None: only a person may decide; halves for a score) and a
    label for the mark on it."""
    out: dict[Key, tuple[Any, str]] = {}
    if plan.kind == "strike":
        struck = dict(plan.strikes)
        partial = {row: (band, where) for row, band, where in plan.partial}
        for line in sheet.names:
            key = ("name", line.row, 0)
            if line.row in struck:
                out[key] = (True, f"strike {struck[line.row]}")
            elif line.row in partial:
                band, where = partial[line.row]
                out[key] = (None, f"partial {band}% from {where}")
            elif plan.crease_at == key:
                out[key] = (False, "crease along the name")
            else:
                out[key] = (False, "kept")
    elif plan.kind == "grid":
        marked = {(row, col): style for row, col, style in plan.boxes}
        for b in sheet.boxes:
            key = ("box", b.row, b.col)
            style = marked.get((b.row, b.col))
            if style is None:
                out[key] = (False, "empty")
            else:
                out[key] = (None if style in vt.PERSON_BOXES else True, f"box {style}")
        for row in {b.row for b in sheet.boxes}:
            out[("name", row, 0)] = (False, "grid name")
    else:
        written = {(p, c): text for p, c, text in plan.scores}
        for b in sheet.scores:
            text = written.get((b.row, b.col))
            out[("score", b.row, b.col)] = (None if text is None else _halves(text), "score")
    return out


def needs_person(plan: Plan) -> bool:
    return (
        not plan.stamped
        or bool(plan.partial)
        or any(style in vt.PERSON_BOXES for _, _, style in plan.boxes)
        or plan.kind == "score"
    )


def page_tags(d: Drawn) -> list[str]:
    """The groups a page is counted in, in the per-kind table."""
    plan, s = d.plan, d.scanner
    tags = [f"scan: {plan.mode}" + (f" ({s.bilevel})" if s.bilevel else "")]
    tags.append(
        {0: "fed upright", 180: "fed upside down", 90: "fed sideways (90°)", 270: "fed sideways (270°)"}[plan.turn]
    )
    tags.append("backing: grey" if s.backing is not None else "backing: white lid")
    tags.append("seal over the name" if plan.stamped else "no seal")
    if s.streak:
        tags.append("dirt streak")
    if plan.mode == "colour" and plan.kind != "score":
        tags.append(f"pen on colour scan: {plan.pen}")
    if plan.kind == "strike":
        tags.append(f"page struck: {plan.style}")
    if plan.crease:
        tags.append(f"crease {plan.crease}")
    return tags


# ------------------------------------------------------------------------------------------ evaluation


@dataclass
class Figures:
    """Counts for one group of pages."""

    pages: int = 0
    refused: int = 0
    other: int = 0  # foreign / unissued / blank / duplicate: never right here
    counted: int = 0
    review: int = 0
    silent: int = 0
    clear: int = 0
    clear_review: int = 0
    person: int = 0
    person_review: int = 0
    cells: int = 0
    cells_right: int = 0
    cells_unsure: int = 0
    cells_wrong: int = 0

    def add(self, other: Figures) -> None:
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass
class CellFigures:
    """Readings of the cells carrying one kind of mark."""

    cells: int = 0
    right: int = 0  # certain and right
    unsure: int = 0  # left to a person
    wrong: int = 0  # certain and wrong: a silent error
    as_true: int = 0  # certain: marked / struck
    as_false: int = 0  # certain: empty / kept
    missing: int = 0  # not reported by the reader (page refused...)


@dataclass
class Result:
    dpi: int
    pages: int
    seconds: float
    by_kind: dict[tuple[str, int, str], Figures] = field(default_factory=dict)
    by_tag: dict[tuple[str, str], Figures] = field(default_factory=dict)
    by_mark: dict[tuple[str, str], CellFigures] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    reviewed: list[str] = field(default_factory=list)  # pages needing no person sent to one, and why
    reasons: dict[str, Counter[str]] = field(default_factory=dict)
    refusals: list[str] = field(default_factory=list)


def _short(reason: Any) -> str:
    """A reason without the row it names, to count reasons of one kind together (text or a typed reason)."""
    if isinstance(reason, str):
        return reason.split(": ", 1)[-1][:70]
    code = getattr(reason, "code", reason)
    return str(getattr(code, "value", code))


def _full(reason: Any) -> str:
    return reason if isinstance(reason, str) else repr(reason)


def evaluate(prepared: Prepared, report: scanning.ScanReport, dpi: int, out: Path, crops: bool) -> Result:
    result = Result(dpi, len(report.pages), report.seconds)
    with prepared.meeting_file.reading() as session:
        for outcome in report.pages:
            d = prepared.drawn[outcome.file]
            plan = d.plan
            sheet = prepared.sheets[plan.code]
            paper = truth(plan, sheet)
            fig = Figures(pages=1)
            review = str(outcome.status) == "pending"
            counted = outcome.ballot is not None
            fig.review, fig.counted = int(review), int(counted)
            if str(outcome.outcome) not in ("read", "review"):
                if str(outcome.outcome) == "unreadable":
                    fig.refused = 1
                else:
                    fig.other = 1
                result.refusals.append(
                    f"{_where(d)}: {outcome.outcome}: {'; '.join(_full(r) for r in outcome.reasons)}"
                )
                _save(out / f"{dpi}", prepared.scans / outcome.file, "refused", d, sheet, [])
            wrong: list[tuple[Key, str]] = []
            seen = set()
            for cell in outcome.cells:
                key = (cell.kind, cell.row, cell.col)
                if key not in paper:
                    continue
                seen.add(key)
                value, label = paper[key]
                marks = result.by_mark.setdefault((plan.kind, label), CellFigures())
                if plan.crease and key in d.crossed and label in ("empty", "kept", "grid name"):
                    marks = result.by_mark.setdefault(
                        (plan.kind, f"{label}, crease {plan.crease} across"), CellFigures()
                    )
                marks.cells += 1
                fig.cells += 1
                if not cell.certain:
                    marks.unsure += 1
                    fig.cells_unsure += 1
                    continue
                if plan.kind == "score":
                    bad = cell.value != value
                else:
                    marks.as_true += bool(cell.value)
                    marks.as_false += not cell.value
                    bad = value is None or bool(cell.value) != value
                if bad:
                    marks.wrong += 1
                    fig.cells_wrong += 1
                    wrong.append((key, f"{key[0]}:{key[1]}:{key[2]} {label} read {cell.value!r} certain"))
                else:
                    marks.right += 1
                    fig.cells_right += 1
            for key, (_, label) in paper.items():
                if key not in seen and (key[0] != "name" or plan.kind == "strike"):
                    result.by_mark.setdefault((plan.kind, label), CellFigures()).missing += 1
            problems = [text for _, text in wrong]
            if counted:
                problems += _stored_problems(session, plan, paper)
            if problems:
                fig.silent = 1
                result.errors.append(f"{_where(d)} [{outcome.outcome}/{outcome.status}]: " + "; ".join(problems))
                _save(out / f"{dpi}", prepared.scans / outcome.file, "silent", d, sheet, [k for k, _ in wrong])
            person = needs_person(plan)
            if person:
                fig.person, fig.person_review = 1, int(review)
                if not review and not problems:
                    result.missed.append(f"{_where(d)}: {outcome.outcome}/{outcome.status}")
            else:
                fig.clear, fig.clear_review = 1, int(review)
                if review:
                    result.reasons.setdefault(plan.kind, Counter()).update(_short(r) for r in outcome.reasons)
                    unsure_marks = [
                        f"{c.kind}:{c.row}:{c.col} {paper[(c.kind, c.row, c.col)][1]}"
                        for c in outcome.cells
                        if not c.certain and (c.kind, c.row, c.col) in paper
                    ]
                    result.reviewed.append(
                        f"{_where(d)}: "
                        + "; ".join(_full(r) for r in outcome.reasons)
                        + (f" [on the paper: {', '.join(unsure_marks)}]" if unsure_marks else "")
                    )
                    if crops:
                        unsure = [(c.kind, c.row, c.col) for c in outcome.cells if not c.certain]
                        _save(out / f"{dpi}", prepared.scans / outcome.file, "review", d, sheet, unsure)
            result.by_kind.setdefault((plan.kind, dpi, plan.wear), Figures()).add(fig)
            for tag in page_tags(d):
                result.by_tag.setdefault((plan.kind, tag), Figures()).add(fig)
    return result


def _where(d: Drawn) -> str:
    plan, s = d.plan, d.scanner
    scan = f"{plan.mode}{'/' + s.bilevel if s.bilevel else ''} turn {plan.turn + s.skew:.1f}° ×{s.scale:.3f}"
    seal = "" if plan.stamped else ", unstamped"
    return f"{plan.dpi} dpi {plan.wear} {d.file} ({plan.code} {plan.serial}, {scan}{seal})"


def _stored_problems(session: Any, plan: Plan, paper: dict[Key, tuple[Any, str]]) -> list[str]:
    """What is wrong with the counted ballot's stored marks."""
    if plan.kind == "score":
        return ["handwritten scores counted without a person"]
    stored = ballot_by_key(session, code=plan.code, key=plan.serial)
    problems = []
    if plan.kind == "strike":
        want = frozenset(row for (kind, row, _), (v, _) in paper.items() if kind == "name" and v)
        if stored.struck != want:
            problems.append(f"stored struck {sorted(stored.struck)} ≠ paper {sorted(want)}")
    else:
        rows = max(row for (kind, row, _) in paper if kind == "box")
        want_rows = tuple(
            frozenset(col for (kind, r, col), (v, _) in paper.items() if kind == "box" and r == row and v)
            for row in range(1, rows + 1)
        )
        if stored.choices != want_rows:
            problems.append(f"stored {_describe(stored.choices)} ≠ paper {_describe(want_rows)}")
    for key, (value, label) in paper.items():
        if value is None:
            problems.append(f"{key[0]}:{key[1]}:{key[2]} {label} counted without a person")
    return problems


def _describe(rows: Sequence[frozenset[int]]) -> str:
    return "[" + " ".join("".join(str(c) for c in sorted(row)) or "-" for row in rows) + "]"


def _cell_rect(sheet: vt.Sheet, key: Key) -> tuple[float, float, float, float] | None:
    kind, row, col = key
    if kind == "box":
        b = next((b for b in sheet.boxes if (b.row, b.col) == (row, col)), None)
        return b.rect if b else None
    if kind == "score":
        b = next((b for b in sheet.scores if (b.row, b.col) == (row, col)), None)
        return b.rect if b else None
    line = next((line for line in sheet.names if line.row == row), None)
    if line is None:
        return None
    return line.table_left, line.band[0], line.cell[1] - line.table_left, line.band[1] - line.band[0]


def _save(folder: Path, source: Path, tag: str, d: Drawn, sheet: vt.Sheet, keys: Sequence[Key]) -> None:
    """Keep the scan, and crops of the given cells (from where this harness drew them), for a person."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, folder / f"{tag}-{source.name}")
    with Image.open(source) as image:
        image.load()
        for key in keys:
            rect = _cell_rect(sheet, key)
            if rect is None:
                continue
            x, y, w, h = rect
            pad = 10.0
            corners = np.array(
                [[x - pad, y - pad], [x + w + pad, y - pad], [x + w + pad, y + h + pad], [x - pad, y + h + pad]]
            )
            mapped = vt.apply(np.asarray(d.matrix), corners)
            box = (
                max(0, int(mapped[:, 0].min())),
                max(0, int(mapped[:, 1].min())),
                min(image.width, int(mapped[:, 0].max()) + 1),
                min(image.height, int(mapped[:, 1].max()) + 1),
            )
            crop = image.convert("RGB").crop(box)
            crop.save(folder / f"{tag}-{source.stem}-{key[0]}{key[1]}.{key[2]}.png")


# ------------------------------------------------------------------------------------------ report


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    – "


def _ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} {_pct(part, whole).strip()}" if whole else "–"


HEAD = (
    f"{'':<34}{'pages':>6}{'refused':>8}{'silent':>7}{'cells right':>13}{'unsure':>7}{'wrong':>6}"
    f"{'review (clear)':>19}{'to a person':>18}{'counted':>8}"
)


def _row(name: str, f: Figures) -> str:
    return (
        f"{name:<34}{f.pages:>6}{f.refused + f.other:>8}{f.silent:>7}{_pct(f.cells_right, f.cells):>13}"
        f"{f.cells_unsure:>7}{f.cells_wrong:>6}{_ratio(f.clear_review, f.clear):>19}"
        f"{_ratio(f.person_review, f.person):>18}{f.counted:>8}"
    )


def show(results: list[Result], verbose: bool = False) -> None:
    by_kind: dict[tuple[str, int, str], Figures] = {}
    by_tag: dict[tuple[str, str], Figures] = defaultdict(Figures)
    by_mark: dict[tuple[str, str], CellFigures] = defaultdict(CellFigures)
    reasons: dict[str, Counter[str]] = defaultdict(Counter)
    for r in results:
        by_kind.update(r.by_kind)
        for key, f in r.by_tag.items():
            by_tag[key].add(f)
        for key, c in r.by_mark.items():
            total = by_mark[key]
            for name in ("cells", "right", "unsure", "wrong", "as_true", "as_false", "missing"):
                setattr(total, name, getattr(total, name) + getattr(c, name))
        for kind, counter in r.reasons.items():
            reasons[kind].update(counter)

    print("\n== by poll kind, resolution and wear ==")
    print(
        "   review (clear): pages needing no person sent to one (targets on moderate wear: grid ≤ 3 %, strike ≤ 10 %)"
    )
    print("   to a person: pages that need one (unstamped, partial strike, circled/scribbled box, scores) sent to one")
    print(HEAD)
    totals: dict[str, Figures] = defaultdict(Figures)
    for (kind, dpi, wear), f in sorted(by_kind.items()):
        print(_row(f"{kind} {dpi} dpi {wear}", f))
        totals[kind].add(f)
        totals[f"{kind}, {wear}"].add(f)
    for name in sorted(totals):
        print(_row(f"all {name}", totals[name]))
    every = Figures()
    for kind in ("strike", "grid", "score"):
        every.add(totals.get(kind, Figures()))
    print(_row("all pages", every))

    print("\n== by page kind (pages) ==")
    print(HEAD)
    for kind in ("strike", "grid", "score"):
        for (k, tag), f in sorted(by_tag.items()):
            if k == kind:
                print(_row(f"{kind}: {tag}", f))

    print("\n== by mark (cells) ==")
    print(
        f"{'':<52}{'cells':>6}{'right':>8}{'to a person':>13}{'WRONG':>7}{'certain yes':>12}{'certain no':>11}"
        f"{'unread':>7}"
    )
    for (kind, label), c in sorted(by_mark.items()):
        print(
            f"{kind + ': ' + label:<52}{c.cells:>6}{_pct(c.right, c.cells):>8}{c.unsure:>13}{c.wrong:>7}"
            f"{c.as_true:>12}{c.as_false:>11}{c.missing:>7}"
        )
    print("   right: certain and as on the paper; WRONG: certain and not as on the paper (a person-only mark read")
    print("   with certainty counts as wrong); unread: the reader reported no reading for it (page refused...)")

    for kind, counter in sorted(reasons.items()):
        print(
            f"\nwhy {kind} pages needing no person went to one: "
            + "; ".join(f"{n}× {r}" for r, n in counter.most_common(8))
        )
    print("\n== speed (scan_files, whole pipeline) ==")
    for r in results:
        rate = r.pages / r.seconds if r.seconds else 0.0
        print(f"  {r.dpi} dpi: {r.pages} pages in {r.seconds:.1f} s = {rate:.1f} pages/s")
    errors = [e for r in results for e in r.errors]
    refusals = [e for r in results for e in r.refusals]
    missed = [e for r in results for e in r.missed]
    if errors:
        print(f"\nSILENT ERRORS ({len(errors)} pages):")
        for line in errors:
            print(f"  {line}")
    if refusals:
        print(f"\nREFUSED or not read ({len(refusals)} pages):")
        for line in refusals:
            print(f"  {line}")
    reviewed = [e for r in results for e in r.reviewed]
    if reviewed and verbose:
        print(f"\npages needing no person sent to one ({len(reviewed)}):")
        for line in reviewed:
            print(f"  {line}")
    if missed:
        print(f"\nneeding a person but not sent to one, read right ({len(missed)}):")
        for line in missed[:40]:
            print(f"  {line}")


# ------------------------------------------------------------------------------------------ the showcase


def showcase() -> list[Plan]:
    """Sheets like each of the seven classes of /work/shared/scan-examples, and one of each strike style."""

    def base(code: str, **kw: Any) -> Plan:
        kind = _poll_kind(code)
        settings = {"dpi": 200, "wear": "moderate", "turn": 0, "mode": "grey", "stamped": True, "pen": "black"}
        settings.update(kw)
        return Plan(code=code, kind=kind, seed=f"look-{code}-{kw.get('file', '')}", **settings)

    straight = (("skew", 0.4), ("scale", 1.0), ("backing", None), ("streak", False), ("blur", 0.5), ("noise", 2.0))
    plans = [
        base("bch", file="01-full-strikes", strikes=((1, "exact"), (3, "middle"), (6, "low")), scanner=straight),
        base(
            "bch",
            file="02-partial",
            strikes=((6, "cell"), (7, "cell")),
            partial=((3, "35-60", "start"),),
            scanner=straight,
        ),
        base(
            "ubkt",
            file="03-crease-grid",
            boxes=((1, 1, "cross"), (2, 1, "cross"), (3, 2, "cross")),
            crease="box-h",
            crease_at=("box", 2, 2),
            scanner=straight,
        ),
        base(
            "bch",
            file="04-crease-names",
            strikes=((6, "cell"), (7, "cell")),
            crease="name",
            crease_at=("name", 2, 0),
            scanner=straight,
        ),
        base(
            "bch",
            file="05-sideways",
            dpi=200,
            turn=270,
            mode="colour",
            pen="blue",
            strikes=((5, "cell"), (6, "row"), (7, "from_stt")),
            scanner=(("skew", -0.6), ("backing", 179), ("jpeg", 85)),
        ),
        base(
            "tin-nhiem",
            file="06-seal",
            mode="colour",
            boxes=((1, 1, "cross"), (2, 2, "cross"), (3, 3, "cross")),
            seal=(("dx", 0.0), ("dy", 1.0), ("diameter", 35.0)),
        ),
        base(
            "cham-diem",
            file="07-skewed-scores",
            scores=((1, 1, "25"), (1, 2, "61,5"), (2, 1, "28"), (2, 2, "64")),
            scanner=(("skew", -3.0), ("scale", 0.972), ("backing", 210), ("paper", 252)),
        ),
        base(
            "danh-gia",
            file="08-bilevel-dither",
            mode="bilevel",
            boxes=((1, 1, "cross"), (2, 2, "tick"), (3, 3, "fill"), (4, 4, "dot_fill"), (5, 1, "spill_cross")),
            crease="box-d",
            crease_at=("box", 2, 3),
            scanner=(("bilevel", "dither"), ("suffix", ".png")),
        ),
        base(
            "nghi-quyet",
            file="09-person-boxes-vertical-crease",
            wear="strong",
            boxes=((1, 1, "circled"), (1, 2, "cross"), (2, 3, "scribbled")),
            crease="box-v",
            crease_at=("box", 2, 1),
        ),
    ]
    styles = list(vt.FULL_STRIKES)
    for n, start in enumerate(range(0, len(styles), 9)):
        chunk = styles[start : start + 9]
        plans.append(
            base("bch", file=f"1{n}-styles", strikes=tuple((i + 1, s) for i, s in enumerate(chunk)), scanner=straight)
        )
    bands = [(b, w) for b in vt.PARTIAL_BANDS for w in vt.PARTIAL_FROM]
    plans.extend(
        base("bch", file=f"2{i}-partial-{b}-{w}", partial=((i + 1, b, w),), strikes=(), scanner=straight)
        for i, (b, w) in enumerate(bands)
    )
    return plans


def look(folder: Path, seed: int) -> None:
    """Draw the showcase sheets into `folder` as the scanner delivers them, plus a PNG of each to look at."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-voters-look-") as tmp:
        prepared = prepare(Path(tmp), dpi=200, wears=("moderate",), pages=0, seed=seed, gen_workers=2, given=showcase())
        for name, d in sorted(prepared.drawn.items()):
            source = prepared.scans / name
            shutil.copyfile(source, folder / name)
            with Image.open(source) as image:
                image.convert("RGB").save(folder / f"{Path(name).stem}.view.png")
            print(f"  {name}: {d.scanner.mode}, turn {d.plan.turn + d.scanner.skew:.1f}°, crease crosses {d.crossed}")
        prepared.meeting_file.close()
    print(f"showcase in {folder}")


# ------------------------------------------------------------------------------------------ main


@contextlib.contextmanager
def traced(prefix: Path | None, dpi: int) -> Iterator[None]:
    """With a trace prefix, the reader (in every worker) appends each name row's readings to
    PREFIX-DPI.names.jsonl while the pages are read (pipeline.TRACE_ENV; see benchmarks/trace_names.py)."""
    if prefix is None:
        yield
        return
    path = Path(f"{prefix}-{dpi}.names.jsonl")
    path.unlink(missing_ok=True)
    before = os.environ.get(TRACE_ENV)
    os.environ[TRACE_ENV] = str(path)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(TRACE_ENV, None)
        else:
            os.environ[TRACE_ENV] = before


def write_paper(prefix: Path | None, dpi: int, rows: Sequence[dict[str, Any]]) -> None:
    """What is on the paper of each name row (serial, row, a label, the page's scan), as JSON lines in
    PREFIX-DPI.paper.jsonl, for benchmarks/trace_names.py to join to the readings."""
    if prefix is not None:
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        Path(f"{prefix}-{dpi}.paper.jsonl").write_text(text, encoding="utf-8")


def _paper_rows(prepared: Prepared) -> list[dict[str, Any]]:
    rows = []
    for d in prepared.drawn.values():
        plan = d.plan
        for (kind, row, _), (_, label) in truth(plan, prepared.sheets[plan.code]).items():
            if kind == "name" and plan.kind == "strike":
                where = {"file": d.file, "dpi": plan.dpi, "wear": plan.wear, "mode": plan.mode}
                rows.append({"serial": plan.serial, "row": row, "paper": label, **where})
    return rows


def run(
    *,
    dpi: int,
    wears: Sequence[str],
    pages: int,
    seed: int,
    out: Path,
    gen_workers: int,
    workers: int,
    crops: bool,
    kinds: Sequence[str] = tuple(KIND_SHARE),
    names: bool = False,
    mix: Mix = Mix(),
    trace: Path | None = None,
) -> Result:
    with tempfile.TemporaryDirectory(prefix="bench-voters-") as tmp:
        prepared = prepare(
            Path(tmp),
            dpi=dpi,
            wears=wears,
            pages=pages,
            seed=seed,
            gen_workers=gen_workers,
            kinds=kinds,
            names=names,
            mix=mix,
        )
        with traced(trace, dpi):
            report = scanning.scan_files(prepared.meeting_file, [prepared.scans], operator="bench", workers=workers)
        write_paper(trace, dpi, _paper_rows(prepared))
        result = evaluate(prepared, report, dpi, out, crops)
        prepared.meeting_file.close()
        return result


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=1080, help="pages in all, spread over the resolutions and wears")
    parser.add_argument("--quick", action="store_true", help="about 100 pages")
    parser.add_argument("--dpi", default="150,200,300", help="scan resolutions, comma-separated")
    parser.add_argument("--wear", default="moderate,strong", help="moderate, strong or both (comma-separated)")
    parser.add_argument("--kinds", default=",".join(KIND_SHARE), help="poll kinds, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--names", action="store_true", help="people on the ballots named at random (from the seed)")
    parser.add_argument("--modes", default=",".join(MODES), help="scan modes, comma-separated (grey, colour, bilevel)")
    parser.add_argument(
        "--creases", action="store_true", help="crease every page (along a free name row, through a free box)"
    )
    parser.add_argument(
        "--partials",
        type=float,
        help="strike each unstruck name in part with this chance (0-1), for many partial strikes a page",
    )
    parser.add_argument("--workers", type=int, default=2, help="scan_files worker processes")
    parser.add_argument("--gen-workers", type=int, default=2, help="processes drawing the sheets")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "bench_voters", help="error images")
    parser.add_argument("--crops", action="store_true", help="also save pages needing no person sent to review")
    parser.add_argument(
        "--trace", type=Path, help="write every name's readings and paper to TRACE-DPI.*.jsonl (trace_names.py)"
    )
    parser.add_argument("--verbose", action="store_true", help="list every page needing no person sent to one")
    parser.add_argument("--look", type=Path, help="only draw the showcase sheets into this folder, read nothing")
    args = parser.parse_args(argv)
    if args.look:
        look(args.look, args.seed)
        return
    dpis = [int(d) for d in args.dpi.split(",")]
    wears = [w.strip() for w in args.wear.split(",")]
    if any(w not in WEARS for w in wears):
        parser.error(f"--wear: {', '.join(WEARS)}")
    kinds = [k.strip() for k in args.kinds.split(",")]
    if not kinds or any(k not in KIND_SHARE for k in kinds):
        parser.error(f"--kinds: {', '.join(KIND_SHARE)}")
    modes = [m.strip() for m in args.modes.split(",")]
    if not modes or any(m not in MODES for m in modes):
        parser.error(f"--modes: {', '.join(MODES)}")
    if args.partials is not None and not 0.0 <= args.partials <= 1.0:
        parser.error("--partials: a chance from 0 to 1")
    mix = Mix(
        modes=tuple((m, w) for m, w in MODES.items() if m in modes),
        crease_name=1.0 if args.creases else CREASE_NAME,
        crease_box=1.0 if args.creases else CREASE_BOX,
        partials=args.partials,
    )
    pages = 102 if args.quick else args.pages
    if args.out.exists():
        shutil.rmtree(args.out)
    started = time.perf_counter()
    results = []
    for dpi, n in zip(dpis, _split(pages, {str(d): 1 / len(dpis) for d in dpis}).values(), strict=True):
        print(f"{dpi} dpi: {n} pages, wear {', '.join(wears)}…", flush=True)
        results.append(
            run(
                dpi=dpi,
                wears=wears,
                pages=n,
                seed=args.seed,
                out=args.out,
                gen_workers=args.gen_workers,
                workers=args.workers,
                crops=args.crops,
                kinds=kinds,
                names=args.names,
                mix=mix,
                trace=args.trace,
            )
        )
    show(results, args.verbose)
    silent = sum(len(r.errors) for r in results)
    print(f"\nsilent errors: {silent} pages; total time {time.perf_counter() - started:.0f} s")
    if silent or args.crops:
        print(f"images: {args.out}")


if __name__ == "__main__":
    main()
