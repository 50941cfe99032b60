"""entry_json and parse_entry are inverses for every layout: the entries-file line of any ballot the app
can hold reads back to the same marks (the passes are compared, exported and imported through it)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.rules.common import PHYSICAL_REASONS
from app.rules.model import Ballot, Layout, PollDef
from app.services import ballots, passes
from app.services.polls import get_poll, poll_def
from app.store.db import MeetingFile, open_meeting_file
from app.text import nfc, serial_key

CODES = ["bch", "bi-thu", "ubkt", "dai-bieu", "tin-nhiem", "danh-gia", "cham-diem", "nghi-quyet", "gioi-thieu"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def meeting(tmp_path_factory: pytest.TempPathFactory, _example_template: Path) -> Iterator[MeetingFile]:
    """One copy of the example meeting for the whole module (ballots pile up in pass 3, harmlessly)."""
    path = tmp_path_factory.mktemp("roundtrip") / "hoinghi.kiemphieu"
    shutil.copyfile(_example_template, path)
    with open_meeting_file(path) as meeting_file:
        yield meeting_file


@pytest.fixture(scope="module")
def defs(meeting: MeetingFile) -> dict[str, PollDef]:
    """The rules' definition of every example poll."""
    with meeting.reading() as session:
        return {code: poll_def(get_poll(session, code)) for code in CODES}


def test_the_example_polls_cover_every_layout(defs: dict[str, PollDef]) -> None:
    assert {d.layout for d in defs.values()} == set(Layout)


TEXT = st.text(alphabet="ABCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYaăâđeêioôơuưyàáạảãầấậẩẫèéẹẻẽìíịỉĩòóọỏõờớợởỡùúụủũ '-\t", max_size=30)
NAME = TEXT.map(nfc).filter(bool)
SERIAL = st.one_of(st.none(), NAME.filter(lambda s: 0 < len(serial_key(s)) <= 64 and not serial_key(s).startswith("#")))
PHYSICAL = st.one_of(st.sampled_from(sorted(PHYSICAL_REASONS)), NAME)


@st.composite
def stored_ballots(draw: st.DrawFn, pdef: PollDef) -> Ballot:
    """A ballot as the app may hold it: marks of the poll's shape (valid or not by the rules), or only a
    physical fault with no marks entered, or marks and a physical fault."""
    n = len(pdef.items)
    if draw(st.integers(0, 4)) == 0:
        return Ballot(key="", physical_invalid=draw(PHYSICAL), marks_entered=False)
    physical = draw(st.one_of(st.none(), PHYSICAL))
    layout = pdef.layout
    if layout is Layout.STRIKE:
        marks: dict[str, Any] = {"struck": draw(st.frozensets(st.integers(1, n)))}
    elif layout in (Layout.GRID, Layout.SINGLE):
        cols = st.frozensets(st.integers(1, len(pdef.columns)))
        marks = {"choices": tuple(draw(cols) for _ in range(n))}
    elif layout is Layout.SCORES:
        marks = {
            "scores": tuple(
                tuple(draw(st.one_of(st.none(), st.integers(0, c.max_halves + 20))) for c in pdef.criteria)
                for _ in range(n)
            )
        }
    else:
        marks = {"names": tuple(draw(st.lists(NAME, max_size=4)))}
    return Ballot(key="", physical_invalid=physical, **marks)


@pytest.mark.parametrize("code", CODES)
@SETTINGS
@given(data=st.data())
def test_parse_entry_reads_back_what_entry_json_wrote(defs: dict[str, PollDef], code: str, data: st.DataObject) -> None:
    pdef = defs[code]
    ballot = data.draw(stored_ballots(pdef), label="ballot")
    serial = data.draw(SERIAL, label="serial")
    line = ballots.entry_json(ballot, pdef.layout, serial)
    # Through real JSON text, as in an entries file or an exported pass.
    draft = ballots.parse_entry(json.loads(json.dumps(line, ensure_ascii=False)))
    folded = serial_key(serial) if serial is not None else None  # one spelling per serial (#14)
    assert draft.serial == folded
    assert draft.ballot == replace(ballot, key=folded or "")
    # Without a serial, the line is what `passes` shows for the ballot and what the entry log puts in words.
    assert "serial" not in ballots.entry_json(ballot, pdef.layout)
    assert passes.json_marks(line)


@pytest.mark.parametrize("code", CODES)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_stored_ballot_loads_back_with_the_same_entries_line(
    meeting: MeetingFile, defs: dict[str, PollDef], code: str, data: st.DataObject
) -> None:
    """Store a ballot, load it as the passes comparison does: its line is the line it was entered from."""
    pdef = defs[code]
    ballot = data.draw(stored_ballots(pdef), label="ballot")
    line = ballots.entry_json(ballot, pdef.layout)
    with meeting.transaction() as session:
        saved = ballots.record_ballot(
            session,
            poll=get_poll(session, code),
            pdef=pdef,
            draft=ballots.parse_entry(line),
            operator="kiem-thu",
            station="may",
            pass_no=3,
        )
    with meeting.reading() as session:
        stored = ballots.ballot_by_key(session, code=code, key=saved.key, pass_no=3)
        (loaded,) = [b for b in ballots.load_ballots(session, get_poll(session, code), pdef, 3) if b.key == saved.key]
    assert ballots.entry_json(loaded, pdef.layout) == line
    assert ballots.entry_json(stored, pdef.layout) == line
