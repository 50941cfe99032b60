"""Test decks through the scanner: each test sheet's reading against the deck's expected entries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app import limits
from app.errors import ImportFileError
from app.recognition.interpret import assemble
from app.recognition.outcomes import Outcome, ReasonCode
from app.services.ballots import entry_json
from app.services.polls import poll_def
from app.services.scanning.ingest import ScanReport
from app.services.scanning.storage import poll_with_items
from app.store.db import MeetingFile
from app.store.orm import BallotSheet


class DeckVerdict(StrEnum):
    """How a test-deck sheet read back (the words are the caller's: `kiemphieu scan --expected`)."""

    RIGHT = "right"
    WRONG = "wrong"  # read as something else, or an unstamped sheet the stamp check let through
    UNSURE = "unsure"  # the reader would have asked a person
    MISSING = "missing"  # not in the scan


@dataclass(frozen=True)
class DeckCheck:
    """One test-deck sheet: what it should read as, what the scanner read, and whether they agree."""

    serial: str
    label: str
    expected: str
    read: str
    verdict: DeckVerdict


def _entry_text(entry: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in entry.items() if k not in ("serial", "label", "unstamped")}, ensure_ascii=False)


def check_test_deck(meeting_file: MeetingFile, report: ScanReport, expected: Path) -> list[DeckCheck]:
    """Compare the test-deck pages of a scan with the `*.expected.jsonl` printed beside the deck: the
    committee's proof, on its own printer and scanner, that every kind of mark reads back right."""
    try:
        text = limits.read_bounded(expected, limits.MAX_EXPECTED_BYTES, "tệp kết quả mong đợi").decode("utf-8")
        lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError, ValueError, RecursionError, limits.InputLimitError) as exc:
        raise ImportFileError(
            f"{expected.name}: không đọc được tệp kết quả mong đợi của bộ phiếu thử ({exc})."
        ) from None
    pages = {p.serial: p for p in report.pages if p.outcome is Outcome.TEST and p.serial}
    checks = []
    with meeting_file.reading() as session:
        for line in lines:
            serial = str(line.get("serial", ""))
            sheet = session.scalar(select(BallotSheet).where(BallotSheet.serial == serial))
            page = pages.get(serial)
            want = _entry_text(line)
            if sheet is None or page is None or not page.cells:
                checks.append(DeckCheck(serial, str(line.get("label", "")), want, "", DeckVerdict.MISSING))
                continue
            poll = poll_with_items(session, sheet.poll_id)
            assert poll is not None
            pdef = poll_def(poll)
            got = _entry_text(entry_json(assemble(pdef, page.cells, serial), pdef.layout, serial))
            stamp_flagged = any(r.code is ReasonCode.STAMP_UNCLEAR for r in page.reasons)
            unsure = any(not c.certain for c in page.cells)
            verdict = DeckVerdict.UNSURE if unsure else DeckVerdict.RIGHT if got == want else DeckVerdict.WRONG
            if verdict is DeckVerdict.RIGHT and bool(line.get("unstamped")) and not stamp_flagged:
                verdict = DeckVerdict.WRONG  # the sheet left unstamped on purpose must be caught
            checks.append(DeckCheck(serial, str(line.get("label", "")), want, got, verdict))
    return checks
