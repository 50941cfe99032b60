"""What a read page says: one proposed value per marking region, and why a person must look, if they must.

Pure: a SheetReading and the poll in, plain values out. Every region becomes a Cell (a box marked or not,
a name struck or not, a score or a written name) with its score and whether the reading is certain; a
page is "read" only when every cell is certain and nothing else (stamp, writing outside the regions)
needs a look. Handwriting (scores, names) is never guessed: a written cell always goes to a person, who
types what it says. Each reason is a typed `Reason` (app.recognition.outcomes), naming the cell it is about;
its words are made at the edge. Pages of one sheet are put together into the rules' Ballot by `assemble`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.recognition.outcomes import Reason, ReasonCode, Region
from app.recognition.reading import EXTRA, HALO, MARKED, NOT_STRUCK, SheetReading
from app.rules.model import Ballot, Layout, PollDef


@dataclass(frozen=True)
class Cell:
    """One marking region's reading. `value`: True/False for a box or a name row; half points or None for a
    score; the written name or "" for a name line. Uncertain cells carry the proposal a person starts from."""

    kind: str  # box / name / score / line (app.recognition.outcomes.Region)
    row: int
    col: int
    score: float
    value: bool | int | str | None
    certain: bool

    def as_list(self) -> list[Any]:
        """Stored form: [kind, row, col, score, value, certain]."""
        return [self.kind, self.row, self.col, round(self.score, 4), self.value, self.certain]

    @staticmethod
    def from_list(data: Sequence[Any]) -> Cell:
        """The inverse of as_list."""
        kind, row, col, score, value, certain = data
        return Cell(str(kind), int(row), int(col), float(score), value, bool(certain))


@dataclass(frozen=True)
class PageProposal:
    """The cells of one page and the reasons (empty: read with certainty) it needs a person."""

    cells: tuple[Cell, ...]
    reasons: tuple[Reason, ...]


def _column(col: int, pdef: PollDef) -> str:
    """The printed heading of a box's column (its number if the poll has no such column)."""
    return pdef.columns[col - 1] if 0 < col <= len(pdef.columns) else str(col)


def propose(reading: SheetReading, pdef: PollDef, *, stamp_check: bool = True) -> PageProposal:
    """The proposed cells of a read page and every reason a person must look at it."""
    cells: list[Cell] = []
    reasons: list[Reason] = []
    for box in reading.boxes:
        state = box.state
        certain = state != "review"
        # (a line through the box and on beyond it is proposed as no mark: a crease, most likely)
        proposed = state == "marked" or (box.fill >= MARKED and not box.line)
        cells.append(Cell("box", box.row, box.col, box.fill, proposed, certain))
        if not certain:
            code = (
                ReasonCode.BOX_HALO if box.halo >= HALO else ReasonCode.BOX_LINE if box.line else ReasonCode.BOX_FAINT
            )
            column = _column(box.col, pdef)
            reasons.append(Reason(code, region=Region.BOX, row=box.row, col=box.col, column=column))
    # On grid ballots the names are only printed rows: a line through one is not a vote (the boxes are).
    for name in reading.names if pdef.layout is Layout.STRIKE else ():
        state = name.state
        cells.append(Cell("name", name.row, 0, name.coverage, state != "kept", state != "review"))
        if state == "review" and name.coverage < NOT_STRUCK:  # only a line beside the name, none through it
            reasons.append(
                Reason(ReasonCode.NAME_STRAY_LINE, region=Region.NAME, row=name.row, col=0, mm=name.stray_mm)
            )
        elif state == "review":
            share = min(max(name.coverage, 0.0), 1.0)
            reasons.append(Reason(ReasonCode.NAME_PARTLY_STRUCK, region=Region.NAME, row=name.row, col=0, share=share))
    for written in reading.writing:
        state = written.state
        empty_value: int | str | None = None if written.kind == "score" else ""
        cells.append(Cell(written.kind, written.row, written.col, written.ink, empty_value, state == "blank"))
        if state != "blank":
            code = ReasonCode.SCORE_WRITTEN if written.kind == "score" else ReasonCode.NAME_WRITTEN
            reasons.append(Reason(code, region=Region(written.kind), row=written.row, col=written.col))
    if stamp_check and reading.stamp_state in ("missing", "review"):
        reasons.append(Reason(ReasonCode.STAMP_UNCLEAR))
    if reading.extra >= EXTRA:
        reasons.append(Reason(ReasonCode.OUTSIDE_MARKS))
    return PageProposal(tuple(cells), tuple(reasons))


def assemble(pdef: PollDef, cells: Iterable[Cell], key: str = "") -> Ballot:
    """The rules' Ballot from the (decided) cells of every page of one sheet."""
    cells = list(cells)
    layout = pdef.layout
    if layout is Layout.STRIKE:
        return Ballot(key=key, struck=frozenset(c.row for c in cells if c.kind == "name" and c.value is True))
    if layout in (Layout.GRID, Layout.SINGLE):
        chosen: list[set[int]] = [set() for _ in pdef.items]
        for c in cells:
            if c.kind == "box" and c.value is True and 0 < c.row <= len(chosen):
                chosen[c.row - 1].add(c.col)
        return Ballot(key=key, choices=tuple(frozenset(s) for s in chosen))
    if layout is Layout.SCORES:
        grid: list[list[int | None]] = [[None] * len(pdef.criteria) for _ in pdef.items]
        for c in cells:
            if c.kind == "score" and isinstance(c.value, int) and not isinstance(c.value, bool):
                grid[c.row - 1][c.col - 1] = c.value
        return Ballot(key=key, scores=tuple(tuple(r) for r in grid))
    names = [str(c.value).strip() for c in sorted(cells, key=lambda c: c.row) if c.kind == "line" and c.value]
    return Ballot(key=key, names=tuple(n for n in names if n))
