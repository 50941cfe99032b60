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
