"""Issue #14: typed check codes and serials are checked against the registry whether or not the poll they are
typed into has printed ballots, and keys are folded (case, dashes, invisible characters) before they are
stored or compared."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from conftest import FROZEN_NOW
from sqlalchemy import select

from app import clock
from app.errors import EntryError
from app.rules.model import Ballot
from app.services import ballots, printing, rounds, sheets
from app.store.db import MeetingFile
from app.store.orm import BallotSheet

STRUCK = Ballot(key="", struck=frozenset({1, 2}))


def _enter(meeting_file: MeetingFile, code: str, serial: str) -> str:
    with meeting_file.transaction() as session:
        return ballots.enter_ballot(
            session, code=code, serial=serial, ballot=STRUCK, operator="an", station="may-1"
        ).key


def _refused(meeting_file: MeetingFile, code: str, serial: str, fragment: str) -> None:
    with pytest.raises(EntryError, match=fragment):
        _enter(meeting_file, code, serial)


@pytest.fixture
def printed(example_meeting: MeetingFile, tmp_path: Path) -> dict[str, list[sheets.SheetInfo]]:
    printing.print_ballots(example_meeting, code="bch", copies=3, out=tmp_path / "bch.pdf", actor="in")
    printing.print_ballots(example_meeting, code="bch", copies=0, out=tmp_path / "thu.pdf", actor="in", test_deck=True)
    with example_meeting.reading() as session:
        rows = sheets.list_sheets(session, "bch")
    issued = [r for r in rows if r.status == "issued"]
    with example_meeting.transaction() as session:
        sheets.spoil_sheets(session, serials=[issued[0].serial], actor="in")
    return {
        "issued": issued[1:],
        "spoiled": issued[:1],
        "test": [r for r in rows if r.status == "test"],
    }


def test_codes_into_a_poll_without_printed_ballots_are_checked(
    example_meeting: MeetingFile, printed: dict[str, list[sheets.SheetInfo]]
) -> None:
    sheet = printed["issued"][0]
    for typed in (sheet.check, sheet.serial, sheet.serial.lower()):
        _refused(example_meeting, "dai-bieu", typed, "nội dung bỏ phiếu khác")
    _refused(example_meeting, "dai-bieu", printed["test"][0].check, "nội dung bỏ phiếu khác")
    # A hand-numbered ballot of a poll without printed ballots is still accepted.
    assert _enter(example_meeting, "dai-bieu", "BT-1") == "BT-1"


def test_test_deck_and_spoiled_codes_are_refused(
    example_meeting: MeetingFile, printed: dict[str, list[sheets.SheetInfo]]
) -> None:
    _refused(example_meeting, "bch", printed["test"][0].check, "phiếu thử")
    _refused(example_meeting, "bch", printed["spoiled"][0].check, "đã hủy")
    assert _enter(example_meeting, "bch", printed["issued"][0].check) == printed["issued"][0].serial


def test_a_round_1_code_in_round_2_says_another_round(
    example_meeting: MeetingFile, printed: dict[str, list[sheets.SheetInfo]]
) -> None:
    _enter(example_meeting, "bch", printed["issued"][1].check)
    with example_meeting.transaction() as session:
        second = rounds.create_next_round(session, code="bch", actor="truong-ban")
    code = second.code if hasattr(second, "code") else str(second)
    for typed in (printed["issued"][0].check, printed["issued"][0].serial):
        _refused(example_meeting, code, typed, "lần bầu khác")


@pytest.mark.parametrize("spelling", ["x-1", "X-1\u200b", "X\u2010\u200d1", " X - 1 ", "\uff38-1", "X\u20131"])
def test_one_ballot_under_every_spelling(example_meeting: MeetingFile, spelling: str) -> None:
    assert _enter(example_meeting, "dai-bieu", "X-1") == "X-1"
    _refused(example_meeting, "dai-bieu", spelling, "đã được nhập")


def test_the_registry_rows_are_not_in_print_order(
    example_meeting: MeetingFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Serials handed out from the top of the stack cannot be put back in order from the file (#14)."""
    from app.printing import ballot_code

    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

    def serial(n: int) -> str:  # base32 letters only, so text order is number order
        return "AAAAAAAA" + letters[n // 26] + letters[n % 26]

    numbers = iter(range(1, 1000))
    monkeypatch.setattr(ballot_code, "new_serial", lambda: serial(next(numbers)))
    seconds = itertools.count()  # the clock moves a second each time it is read
    monkeypatch.setattr(clock, "now", lambda: FROZEN_NOW + dt.timedelta(seconds=next(seconds)))
    printing.print_ballots(example_meeting, code="bch", copies=30, out=tmp_path / "bch.pdf", actor="in")
    with example_meeting.reading() as session:
        by_row = list(session.scalars(select(BallotSheet.serial).order_by(BallotSheet.id)))
        times = set(session.scalars(select(BallotSheet.created_at)))
    printed_order = [serial(n) for n in range(1, 31)]  # the PDF's page order
    assert sorted(by_row) == printed_order
    assert by_row != printed_order
    assert len(times) == 1  # the print job's time, no finer time per sheet
