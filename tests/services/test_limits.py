"""Each bound of the README's limits table at its edge (#15): the last value taken, the first refused, in words.

The larger bounds (lines of an entries file, bytes of a pass file or a test deck's expected results) are
lowered with monkeypatch so the files stay small; the code reads the bound from app/limits.py each time.
"""

from __future__ import annotations

import json
import re
import textwrap
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from app import limits
from app.errors import EntryError, ImportFileError, SpecError
from app.rules.model import Ballot
from app.services import ballots, closing, tallying
from app.services.spec import parse_spec
from app.store.db import MeetingFile

SPEC = """
    [meeting]
    title = "{title}"
    organization = "CHI BỘ 1"
    place = "An Bình"
    date = 2025-06-20

    [attendance]
    convened = 10
    present = 9

    [[polls]]
    id = "bch"
    kind = "election"
    title = "Bầu Chi ủy"
    seats = 1
    candidates = {candidates}

    [[polls]]
    id = "cd"
    kind = "scoring"
    title = "Chấm điểm"
    subjects = ["An"]
    criteria = {criteria}
"""


def spec_text(title: str = "Hội nghị", candidates: int = 2, criteria: int = 1) -> str:
    return textwrap.dedent(
        SPEC.format(
            title=title,
            candidates=json.dumps([f"Người {i}" for i in range(candidates)], ensure_ascii=False),
            criteria="[" + ", ".join(f'{{ name = "Tiêu chí {i}", max = 10 }}' for i in range(criteria)) + "]",
        )
    )


def parse(text: str) -> object:
    return parse_spec(tomllib.loads(text), "spec.toml")


# --------------------------------------------------------------------------- the spec


def test_a_title_of_2000_characters_is_taken_2001_refused() -> None:
    parse(spec_text(title="T" * limits.MAX_TEXT_CHARS))
    with pytest.raises(SpecError, match="dài quá"):
        parse(spec_text(title="T" * (limits.MAX_TEXT_CHARS + 1)))


def test_a_ballot_of_1000_items_is_taken_1001_refused() -> None:
    parse(spec_text(candidates=limits.MAX_ITEMS))
    with pytest.raises(SpecError, match=f"1001 mục, quá {limits.MAX_ITEMS} mục trên một phiếu"):
        parse(spec_text(candidates=limits.MAX_ITEMS + 1))


def test_100_scoring_criteria_are_taken_101_refused() -> None:
    parse(spec_text(criteria=limits.MAX_CRITERIA))
    with pytest.raises(SpecError, match=f"101 tiêu chí, quá {limits.MAX_CRITERIA}"):
        parse(spec_text(criteria=limits.MAX_CRITERIA + 1))


def test_a_spec_nested_20_deep_is_read_21_refused(tmp_path: Path) -> None:
    from app.services.spec import read_spec

    path = tmp_path / "spec.toml"
    # An array nested `depth` deep under a key the spec does not know: within the bound, the key is what is
    # refused; beyond it, the nesting is, before the TOML parser recurses.
    for depth, refused in ((limits.MAX_TOML_DEPTH, False), (limits.MAX_TOML_DEPTH + 1, True)):
        nested = "[" * depth + "]" * depth
        path.write_text(spec_text() + f"\n[extra]\nx = {nested}\n", encoding="utf-8")
        with pytest.raises(SpecError) as raised:
            read_spec(path)
        assert ("lồng nhau quá 20 tầng" in str(raised.value)) is refused, str(raised.value)


# --------------------------------------------------------------------------- an entries file


@pytest.fixture
def meeting(make_meeting: Callable[[str], MeetingFile]) -> MeetingFile:
    return make_meeting(spec_text())


def test_an_entries_line_nested_10_deep_is_read_11_refused() -> None:
    assert ballots.parse_json_line("[" * limits.MAX_JSON_DEPTH + "]" * limits.MAX_JSON_DEPTH) is not None
    with pytest.raises(EntryError, match=f"lồng nhau quá {limits.MAX_JSON_DEPTH} tầng"):
        ballots.parse_json_line("[" * (limits.MAX_JSON_DEPTH + 1) + "]" * (limits.MAX_JSON_DEPTH + 1))


def test_a_number_of_18_digits_is_read_19_refused() -> None:
    assert ballots.parse_json_line("[" + "9" * limits.MAX_INT_DIGITS + "]") == [int("9" * limits.MAX_INT_DIGITS)]
    with pytest.raises(EntryError, match=f"dài quá {limits.MAX_INT_DIGITS} chữ số"):
        ballots.parse_json_line("[" + "9" * (limits.MAX_INT_DIGITS + 1) + "]")


def test_an_entries_file_beyond_its_line_bound_is_refused_whole(
    meeting: MeetingFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_ENTRY_LINES", 3)
    path = tmp_path / "phieu.jsonl"
    path.write_text('{"struck": [1]}\n' * 3, encoding="utf-8")
    assert len(ballots.enter_file(meeting, code="bch", path=path, operator="t").accepted) == 3
    path.write_text('{"struck": [1]}\n' * 4, encoding="utf-8")
    with pytest.raises(ImportFileError, match=re.escape("phieu.jsonl: tệp có hơn 3 dòng; hãy chia nhỏ")):
        ballots.enter_file(meeting, code="bch", path=path, operator="t")
    with meeting.reading() as session:
        assert tallying.tally_poll(session, "bch").tally.totals.entered == 3  # nothing of the refused file


# --------------------------------------------------------------------------- files read whole


def test_a_pass_file_beyond_its_bound_is_refused_unread(
    meeting: MeetingFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.services import passes

    monkeypatch.setattr(limits, "MAX_PASS_BYTES", 1024 * 1024)
    path = tmp_path / "luot.json"
    path.write_bytes(b" " * (1024 * 1024 + 1))
    with pytest.raises(ImportFileError, match=re.escape("luot.json: tệp lượt nhập lớn quá 1 MB; không đọc")):
        passes.import_pass(meeting, path=path, actor="t")


def test_a_test_decks_expected_results_beyond_their_bound_are_refused_unread(
    meeting: MeetingFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.services.scanning import deck

    monkeypatch.setattr(limits, "MAX_EXPECTED_BYTES", 1024 * 1024)
    path = tmp_path / "phieu-thu.expected.jsonl"
    path.write_bytes(b"{}\n" * (1024 * 1024 // 3 + 1))
    with pytest.raises(ImportFileError, match="tệp kết quả mong đợi lớn quá 1 MB"):
        deck.check_test_deck(meeting, None, path)  # type: ignore[arg-type]  # refused before the report is read


# --------------------------------------------------------------------------- typed reasons


def test_a_typed_reason_of_2000_characters_is_taken_2001_refused(meeting: MeetingFile) -> None:
    """A reason is printed in the minutes and kept in the log: it was unbounded before (README said 2 000)."""
    with meeting.transaction() as session:
        ballots.enter_ballot(
            session, code="bch", serial=None, ballot=Ballot(key="", struck=frozenset({2})), operator="t", station="s"
        )
    too_long = "x" * (limits.MAX_TEXT_CHARS + 1)
    calls = {
        "override": lambda s, reason: ballots.override_validity(
            s, code="bch", key="#1", valid=False, reason=reason, actor="t"
        ),
        "correct": lambda s, reason: ballots.correct_ballot(
            s,
            code="bch",
            key="#1",
            draft=ballots.EntryDraft(None, Ballot(key="", struck=frozenset({1}))),
            reason=reason,
            actor="t",
        ),
        "below quorum": lambda s, reason: closing.confirm_below_quorum(s, code="bch", reason=reason, actor="t"),
    }
    refused = f"Lý do dài 2001 ký tự, quá {limits.MAX_TEXT_CHARS} ký tự"
    for call in calls.values():
        with pytest.raises(EntryError, match=refused), meeting.transaction() as session:
            call(session, too_long)
        with meeting.transaction() as session:
            call(session, "y" * limits.MAX_TEXT_CHARS)  # the bound itself is taken


def test_reopening_and_setting_pages_aside_bound_their_reason(meeting: MeetingFile) -> None:
    from app.services.scanning import review

    too_long = "x" * (limits.MAX_TEXT_CHARS + 1)
    with pytest.raises(EntryError, match="Lý do dài 2001 ký tự"), meeting.transaction() as session:
        closing.reopen_poll(session, code="bch", reason=too_long, actor="t")
    with pytest.raises(EntryError, match="Lý do dài 2001 ký tự"):
        review.dismiss_many(meeting, note=too_long, actor="t", file_name="x.pdf")
    with pytest.raises(EntryError, match="Lý do dài 2001 ký tự"):
        review.dismiss(meeting, page_id=1, note=too_long, actor="t")
