"""From measured ink to proposed cells: property-based checks of the pure step between reading and counting.

Whatever the scores, a reading in a review band is never proposed as certain, a page with anything uncertain
always gives a reason, and the cells of a fully certain page assemble into a ballot the rules accept as
well-formed (so a scanned ballot can always be stored like a keyed one).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.recognition.interpret import Cell, assemble, propose
from app.recognition.outcomes import Check, ReasonCode, Region
from app.recognition.reading import EMPTY, HALO, MARKED, NOT_STRUCK, STRUCK, BoxScore, SheetReading, StrikeScore
from app.rules import tally as rules
from app.rules.model import PollDef
from app.services.demo import example_spec_path
from app.services.polls import poll_def
from app.services.spec import read_spec

_defs: dict[str, PollDef] = {}


def _pdef(code: str) -> PollDef:
    """The example meeting's poll `code`, as the rules see it (built once)."""
    if not _defs:
        import tempfile
        from pathlib import Path

        from app.services import meetings
        from app.services.polls import get_poll

        spec = read_spec(example_spec_path())
        meeting_file = meetings.create_meeting(Path(tempfile.mkdtemp()) / "m.kiemphieu", spec, actor="t")
        with meeting_file, meeting_file.reading() as session:
            for poll in ("tin-nhiem", "danh-gia", "bch", "bi-thu", "nghi-quyet"):
                _defs[poll] = poll_def(get_poll(session, poll))
    return _defs[code]


scores = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), code=st.sampled_from(["tin-nhiem", "danh-gia", "bi-thu", "nghi-quyet"]))
def test_grid_pages_never_propose_a_certain_cell_in_the_review_band(data: st.DataObject, code: str) -> None:
    pdef = _pdef(code)
    boxes = tuple(
        BoxScore(
            row,
            col,
            fill := data.draw(scores),
            data.draw(st.sampled_from([0.0, 0.05, 0.5, 0.9])),
            fill >= EMPTY and data.draw(st.booleans()),  # a line across the box and on beyond it (a crease)
        )
        for row in range(1, len(pdef.items) + 1)
        for col in range(1, len(pdef.columns) + 1)
    )
    proposal = propose(SheetReading("X", ((1, 0, 0), (0, 1, 0), (0, 0, 1)), boxes), pdef, stamp_check=False)
    for cell, box in zip(proposal.cells, boxes, strict=True):
        if EMPTY <= box.fill < MARKED or box.line:
            assert not cell.certain
        if box.line:  # never proposed as a mark
            assert cell.value is False
        if cell.certain:
            assert cell.value is (box.fill >= MARKED)
    uncertain = [c for c in proposal.cells if not c.certain]
    assert len(proposal.reasons) == len(uncertain)  # one reason per uncertain box, naming it
    assert [r.cell for r in proposal.reasons] == [(c.kind, c.row, c.col) for c in uncertain]
    for reason, box in ((r, next(b for b in boxes if (b.row, b.col) == (r.row, r.col))) for r in proposal.reasons):
        expected = (
            ReasonCode.BOX_HALO if box.halo >= HALO else ReasonCode.BOX_LINE if box.line else ReasonCode.BOX_FAINT
        )
        assert reason.code is expected
        assert reason.column == pdef.columns[box.col - 1]
    if not uncertain:
        ballot = assemble(pdef, proposal.cells, "X")
        assert rules.shape_error(pdef, ballot) is None
        marked = {(c.row, c.col) for c in proposal.cells if c.value}
        assert {(r, c) for r, cols in enumerate(ballot.choices, 1) for c in cols} == marked


@settings(max_examples=300, deadline=None)
@given(coverage=st.lists(scores, min_size=9, max_size=9))
def test_strike_pages_strike_exactly_the_certain_lines(coverage: list[float]) -> None:
    pdef = _pdef("bch")
    names = tuple(StrikeScore(row, c) for row, c in enumerate(coverage, start=1))
    proposal = propose(SheetReading("X", ((1, 0, 0), (0, 1, 0), (0, 0, 1)), (), names), pdef, stamp_check=False)
    for cell, c in zip(proposal.cells, coverage, strict=True):
        assert cell.certain == (c >= STRUCK or c < NOT_STRUCK)
    uncertain = [(cell.row, c) for cell, c in zip(proposal.cells, coverage, strict=True) if not cell.certain]
    assert [(r.code, r.region, r.row, r.share) for r in proposal.reasons] == [
        (ReasonCode.NAME_PARTLY_STRUCK, Region.NAME, row, c) for row, c in uncertain
    ]  # each with the share of the printed name struck
    if all(c.certain for c in proposal.cells):
        assert not proposal.reasons
        ballot = assemble(pdef, proposal.cells, "X")
        assert ballot.struck == {row for row, c in enumerate(coverage, start=1) if c >= STRUCK}
        assert rules.shape_error(pdef, ballot) is None


def test_a_missing_stamp_and_writing_outside_the_boxes_are_reasons_even_with_every_cell_certain() -> None:
    pdef = _pdef("tin-nhiem")
    boxes = tuple(BoxScore(r, 1, 0.3) for r in (1, 2, 3))
    reading = SheetReading("X", ((1, 0, 0), (0, 1, 0), (0, 0, 1)), boxes, stamp=0.0, extra=200)
    proposal = propose(reading, pdef)
    assert all(c.certain for c in proposal.cells)
    assert [r.code for r in proposal.reasons] == [ReasonCode.STAMP_UNCLEAR, ReasonCode.OUTSIDE_MARKS]
    assert [r.check for r in proposal.reasons] == [Check.STAMP, Check.EXTRA]
    assert [r.code for r in propose(reading, pdef, stamp_check=False).reasons] == [ReasonCode.OUTSIDE_MARKS]


def test_cells_survive_their_stored_form() -> None:
    cell = Cell("score", 2, 3, 0.123456, 17, False)
    assert Cell.from_list(cell.as_list()) == Cell("score", 2, 3, 0.1235, 17, False)


def test_a_line_beside_a_name_asks_a_person_with_how_much_line_there_is() -> None:
    pdef = _pdef("bch")
    names = (StrikeScore(1, 0.0, stray_mm=6.5), StrikeScore(2, 0.0))
    proposal = propose(SheetReading("X", ((1, 0, 0), (0, 1, 0), (0, 0, 1)), (), names), pdef, stamp_check=False)
    assert [c.certain for c in proposal.cells] == [False, True]
    (reason,) = proposal.reasons
    assert (reason.code, reason.cell, reason.mm) == (ReasonCode.NAME_STRAY_LINE, ("name", 1, 0), 6.5)
