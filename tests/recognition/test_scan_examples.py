"""Seven scanned ballots that an earlier reader got wrong, each read right now (issue #13).

The images are scans as an office scanner delivers them, of ballots printed from `meeting.kiemphieu` (kept
here as it stood after printing, before any scan). Each is one instance of a failure class; the class is
measured over many generated pages by benchmarks/bench_voters.py, and these pages stay as fixed cases:

- scan-01: a strike ballot with three names struck by a line from the name's first letter to its last
  (the name fills a third of its cell): struck, certain; the ballot counted.
- scan-02: a line through about half of one name: that name goes to a person, with the share struck.
- scan-03: a fold crease across the sheet through an empty box of a grid ballot: never a mark.
- scan-04: a fold crease along a name row, through the printed name: never a strike.
- scan-05: a colour page fed sideways at 150 dpi with the feeder's grey backing round it: the strike lines,
  vertical on the image, are pen ink, not scanner streaks.
- scan-06: the committee's red seal pressed over the organisation's name, running above the stamp zone: the
  stamp, not writing outside the regions.
- scan-07: a scoring ballot skewed 3° on a grey backing, all four registration marks visible: aligned and
  sent to a person for its handwritten scores, not refused.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.recognition.interpret import Cell
from app.services import scanning
from app.services.ballots import ballot_by_key
from app.store.db import MeetingFile, open_meeting_file

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "scan_examples"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[MeetingFile, dict[str, object]]:
    """All seven pages scanned in one call into a fresh copy of the meeting file."""
    folder = tmp_path_factory.mktemp("examples")
    shutil.copyfile(EXAMPLES / "meeting.kiemphieu", folder / "case.kiemphieu")
    meeting_file = open_meeting_file(folder / "case.kiemphieu")
    images = sorted(EXAMPLES.glob("scan-*.jpg"))
    report = scanning.scan_files(meeting_file, images, operator="kiem-thu", workers=1)
    pages = {page.file: page for page in report.pages}
    assert sorted(pages) == [p.name for p in images]
    yield meeting_file, pages
    meeting_file.close()


def _cells(page: object) -> dict[str, Cell]:
    return {f"{c.kind}:{c.row}:{c.col}": c for c in page.cells}  # type: ignore[attr-defined]


def _certain(cells: dict[str, Cell], key: str, value: bool) -> None:
    cell = cells[key]
    assert cell.certain, (key, cell)
    assert cell.value is value, (key, cell)


def _never_certainly(cells: dict[str, Cell], key: str, value: bool) -> None:
    """At worst a person decides; never read with certainty as `value`."""
    cell = cells[key]
    assert not (cell.certain and cell.value is value), (key, cell)


def _struck_ballot(meeting_file: MeetingFile, code: str, page: object) -> frozenset[int]:
    with meeting_file.reading() as session:
        return ballot_by_key(session, code=code, key=page.serial).struck  # type: ignore[attr-defined]


def test_names_struck_from_first_letter_to_last_are_struck_with_certainty(scanned) -> None:
    meeting_file, pages = scanned
    page = pages["scan-01.jpg"]
    assert page.outcome == "read", page.reasons
    cells = _cells(page)
    for row in range(1, 8):
        _certain(cells, f"name:{row}:0", row in (1, 3, 6))
    assert _struck_ballot(meeting_file, "bch", page) == {1, 3, 6}


def test_a_name_struck_through_half_goes_to_a_person_with_the_share_struck(scanned) -> None:
    _, pages = scanned
    page = pages["scan-02.jpg"]
    assert page.outcome == "review"
    assert page.ballot is None  # nothing counted before a person decides
    cells = _cells(page)
    partial = cells["name:3:0"]
    assert not partial.certain, partial
    assert 0.3 <= partial.score <= 0.7, partial
    for row in (1, 2, 4, 5):
        _certain(cells, f"name:{row}:0", False)
    for row in (6, 7):
        _certain(cells, f"name:{row}:0", True)


def test_a_fold_crease_through_an_empty_box_is_not_a_mark(scanned) -> None:
    meeting_file, pages = scanned
    page = pages["scan-03.jpg"]
    cells = _cells(page)
    for key in ("box:1:1", "box:2:1", "box:3:2"):
        _certain(cells, key, True)
    for key in ("box:1:2", "box:3:1"):
        _certain(cells, key, False)
    _never_certainly(cells, "box:2:2", True)
    if page.outcome == "read":
        with meeting_file.reading() as session:
            ballot = ballot_by_key(session, code="ubkt", key=page.serial)
        assert ballot.choices == (frozenset({1}), frozenset({1}), frozenset({2}))


def test_a_fold_crease_along_a_name_is_not_a_strike(scanned) -> None:
    _, pages = scanned
    page = pages["scan-04.jpg"]
    cells = _cells(page)
    _never_certainly(cells, "name:2:0", True)
    for row in (1, 3, 4, 5):
        _certain(cells, f"name:{row}:0", False)
    for row in (6, 7):
        _certain(cells, f"name:{row}:0", True)


def test_strikes_on_a_sideways_colour_page_on_grey_backing_are_ink_not_streaks(scanned) -> None:
    meeting_file, pages = scanned
    page = pages["scan-05.jpg"]
    assert page.outcome == "read", page.reasons
    cells = _cells(page)
    for row in range(1, 8):
        _certain(cells, f"name:{row}:0", row >= 5)
    assert _struck_ballot(meeting_file, "bch", page) == {5, 6, 7}


def test_the_seal_over_the_organisation_name_is_the_stamp_not_writing(scanned) -> None:
    _, pages = scanned
    page = pages["scan-06.jpg"]
    assert page.outcome == "read", page.reasons
    cells = _cells(page)
    marked = {(1, 1), (2, 2), (3, 1), (4, 1)}
    for row in range(1, 5):
        for col in range(1, 4):
            _certain(cells, f"box:{row}:{col}", (row, col) in marked)


def test_a_skewed_page_on_grey_backing_with_its_marks_visible_is_aligned_not_refused(scanned) -> None:
    _, pages = scanned
    page = pages["scan-07.jpg"]
    assert page.outcome == "review", page.reasons
    cells = _cells(page)
    for key in ("score:1:1", "score:1:2", "score:2:1", "score:2:2"):
        assert not cells[key].certain  # handwriting is never guessed: a person types the score
