"""Shared fixtures of the recognition tests."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from app.services import printing
from app.store.db import open_meeting_file
from app.store.orm import Meeting


@dataclass(frozen=True)
class Deck:
    """A printed test deck: its PDF, what the printing reported (template, expected marks) and the meeting."""

    pdf: Path
    report: printing.PrintReport
    meeting: Meeting


@pytest.fixture(scope="session")
def evaluation_deck(_example_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Deck:
    """The evaluation poll's (danh-gia) test deck, printed once for the session from the example meeting."""
    folder = tmp_path_factory.mktemp("deck")
    path = folder / "m.kiemphieu"
    shutil.copyfile(_example_template, path)
    with open_meeting_file(path) as meeting_file:
        report = printing.print_ballots(
            meeting_file, code="danh-gia", copies=0, out=folder / "d.pdf", actor="t", test_deck=True
        )
        with meeting_file.reading() as session:
            meeting = session.scalar(select(Meeting))
    assert meeting is not None
    return Deck(folder / "d.pdf", report, meeting)


def expected_marks(entry: dict) -> set[tuple[int, int]]:
    """The boxes (row, column) a test-deck sheet is marked in, from what the printing reported for it."""
    marks = set()
    for row, choice in enumerate(entry["choices"], start=1):
        for col in choice if isinstance(choice, list) else [choice]:
            if col:
                marks.add((row, col))
    return marks


@pytest.fixture(scope="session")
def evaluation_pages(evaluation_deck: Deck):
    """The evaluation poll's test deck at 200 dpi: page images, the template page, the expected marks of each
    sheet, and the blank reference."""
    from app.recognition.images import load_pages
    from app.recognition.pipeline import blank_reference

    report = evaluation_deck.report
    page = report.template["pages"][0]
    images = [p.image.convert("L") for p in load_pages(evaluation_deck.pdf)]
    blank = blank_reference(evaluation_deck.pdf.read_bytes(), page)
    return images, page, [expected_marks(entry) for entry in report.expected], blank
