"""Realistic pen marks through the whole scanning service: what is counted is what the voter marked.

Sheets of a strike poll (bch) and a grid poll (tin-nhiem) are issued in the example meeting, marked by hand
as benchmarks/penmarks.py draws it (random hands, fixed seeds) at 200 dpi, stamped with a real seal, worn by a
moderate scan and read by `scan_files`. No counted ballot may differ from what was meant; ambiguous marks
(a circle round a box, a mark scribbled out, a line through part of a row), a missing stamp and a signature
must wait for a person. The accuracy harness (benchmarks/bench_scan.py) does the same at scale.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.printing.layout import template
from app.recognition.outcomes import ReasonCode
from app.rules.model import Ballot
from app.services import printing, scanning
from app.services.ballots import ballot_by_key
from app.store.db import MeetingFile
from benchmarks import penmarks as pm
from benchmarks.filled import filled_sheets

DPI = 200


@dataclass(frozen=True)
class Sheet:
    """What one sheet carries and what must become of it."""

    name: str
    marks: tuple[tuple[int, int, str], ...]  # (row, col, style); col 0 is a name row's strike
    ambiguous: tuple[tuple[int, int, str], ...] = ()
    stamped: bool = True
    signed: bool = False
    expect: str = "counted"  # counted / pending / either (a faint dot: a person looks, or it reads as no mark)
    reason: ReasonCode | None = None  # a reason the page must be given


STRIKE_SHEETS = (
    Sheet("bch-thang", ((2, 0, "straight"), (5, 0, "slanted"))),
    Sheet("bch-song", ((1, 0, "wavy"), (3, 0, "double"), (4, 0, "past_row"), (9, 0, "straight"))),
    Sheet("bch-khong-gach", ()),  # keeps every name: invalid (too many kept), yet counted as marked
    Sheet(
        "bch-mot-phan",
        ((2, 0, "straight"), (6, 0, "past_row")),
        ((8, 0, "partial"),),
        expect="pending",
        reason=ReasonCode.NAME_PARTLY_STRUCK,
    ),
    Sheet(
        "bch-khong-dau",
        ((3, 0, "straight"), (7, 0, "double")),
        stamped=False,
        expect="pending",
        reason=ReasonCode.STAMP_UNCLEAR,
    ),
    Sheet(
        "bch-ky-ten",
        ((1, 0, "slanted"), (9, 0, "wavy")),
        signed=True,
        expect="pending",
        reason=ReasonCode.OUTSIDE_MARKS,
    ),
)
GRID_SHEETS = (
    Sheet("tn-ro", ((1, 1, "cross"), (2, 2, "tick"), (3, 3, "fill"))),
    Sheet("tn-tron", ((1, 3, "dot_fill"), (2, 1, "spill_cross"))),  # row 3 left blank
    Sheet("tn-hai-dau", ((1, 1, "cross"), (1, 2, "tick"), (2, 3, "cross"), (3, 2, "spill_cross"))),
    Sheet(
        "tn-khoanh",
        ((1, 2, "cross"), (3, 1, "tick")),
        ((2, 3, "circled"),),
        expect="pending",
        reason=ReasonCode.BOX_HALO,
    ),
    Sheet(
        "tn-xoa",
        ((1, 1, "fill"), (2, 2, "cross")),
        ((3, 2, "scribbled"),),
        expect="pending",
        reason=ReasonCode.BOX_HALO,
    ),
    Sheet(
        "tn-ky-ten",
        ((1, 2, "tick"), (2, 2, "cross"), (3, 1, "cross")),
        signed=True,
        expect="pending",
        reason=ReasonCode.OUTSIDE_MARKS,
    ),
)
FAINT = Sheet("tn-cham-mo", ((1, 1, "cross"), (2, 3, "tick")), ((3, 2, "faint_dot"),), expect="either")


def _draw(meeting_file: MeetingFile, code: str, sheets: tuple[Sheet, ...], folder: Path, seed: int) -> dict[str, Sheet]:
    """Issue the sheets, mark, stamp, sign and wear them; save each as a scan in `folder`. File name → sheet."""
    issued = filled_sheets(meeting_file, code, [Ballot(key="")] * len(sheets), folder.parent, dpi=DPI, stamped=False)
    with meeting_file.reading() as session:
        _, layout = printing.poll_layout(session, code, "A4")
    page = template(code, "A4", layout)["pages"][0]
    rects = {(r["row"], r["col"]): r["rect"] for r in page["regions"] if r["kind"] in ("box", "name")}
    names = {r["row"]: r["rect"] for r in page["regions"] if r["kind"] == "name"}
    files = {}
    for n, (sheet, (_, (image,))) in enumerate(zip(sheets, issued, strict=True)):
        rng = random.Random(f"{seed}-{sheet.name}")
        hand = pm.random_hand(rng)
        for row, col, style in (*sheet.marks, *sheet.ambiguous):
            if col == 0:
                pm.draw_strike(image, names[row], DPI, style, hand, rng)
            else:
                pm.draw_box(image, rects[(row, col)], DPI, style, hand, rng)
        if sheet.stamped:
            pm.draw_stamp(image, page["stamp"], DPI, rng)
        if sheet.signed:
            pm.draw_signature(image, page, DPI, pm.random_hand(rng), rng)
        scan = pm.degrade(image, pm.moderate(rng), rng)
        name = f"{code}-{n:02d}-{sheet.name}.png"
        scan.save(folder / name, dpi=(DPI, DPI))
        files[name] = sheet
    return files


def _intended(code: str, sheet: Sheet) -> Any:
    if code == "bch":
        return frozenset(row for row, _, _ in sheet.marks)
    chosen: list[set[int]] = [set(), set(), set()]
    for row, col, _ in sheet.marks:
        chosen[row - 1].add(col)
    return tuple(frozenset(c) for c in chosen)


def test_counted_ballots_hold_exactly_the_marks_made_and_doubtful_sheets_wait(
    example_meeting: MeetingFile, tmp_path: Path
) -> None:
    scans = tmp_path / "scans"
    scans.mkdir()
    plans: dict[str, tuple[str, Sheet]] = {}
    for code, sheets, seed in (("bch", STRIKE_SHEETS, 7), ("tin-nhiem", (*GRID_SHEETS, FAINT), 11)):
        plans.update((name, (code, sheet)) for name, sheet in _draw(example_meeting, code, sheets, scans, seed).items())
    report = scanning.scan_files(example_meeting, [scans], operator="kiem-thu", workers=1)
    assert len(report.pages) == len(plans)
    with example_meeting.reading() as session:
        for page in report.pages:
            code, sheet = plans[page.file]
            where = (page.file, page.outcome, page.status, page.reasons)
            assert page.outcome in ("read", "review"), where
            if page.ballot is not None:  # whatever else holds, a counted ballot is what the voter marked
                stored = ballot_by_key(session, code=code, key=page.serial)
                assert (stored.struck if code == "bch" else stored.choices) == _intended(code, sheet), where
            if sheet.expect == "counted":
                assert page.status == "counted", where
            elif sheet.expect == "pending":
                assert page.status == "pending", where
                assert page.ballot is None, where
                if sheet.reason is not None:
                    assert sheet.reason in {r.code for r in page.reasons}, where
            else:  # a faint dot: a person looks, or it reads as no mark (checked above)
                assert page.status in ("counted", "pending"), where
