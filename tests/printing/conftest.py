"""Fixtures for the printing tests: one printed copy of every example poll, shared by the modules.

`pytest tests/printing --update-golden` rewrites the golden references in tests/printing/golden/.
(The option is registered here, so pass it with tests/printing on the command line.)
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.printing import ballot_code
from app.services import printing, sheets
from app.services.meetings import get_meeting
from app.services.polls import get_poll, poll_def
from app.services.printing import PrintReport
from app.services.sheets import SheetInfo
from app.store.db import MeetingFile, open_meeting_file

EXAMPLE_POLLS = (
    "bch",
    "bi-thu",
    "ubkt",
    "dai-bieu",
    "tin-nhiem",
    "danh-gia",
    "cham-diem",
    "nghi-quyet",
    "gioi-thieu",
)
COPIES = 2


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden ballot references in tests/printing/golden/",
    )


@dataclass(frozen=True)
class PrintedPoll:
    """One poll of the example meeting, printed once: its PDF, report and registry rows."""

    code: str
    poll_id: int
    round_no: int
    kind: str
    title: str
    wording: str
    names: tuple[str, ...]  # items as stored (NFC), in ballot order
    criteria: tuple[str, ...]
    report: PrintReport
    pdf: Path
    sheets: tuple[SheetInfo, ...]


@dataclass(frozen=True)
class PrintedMeeting:
    """The example meeting with every poll printed (copies=2, A4)."""

    meeting_file: MeetingFile
    fingerprint: bytes
    secret: bytes
    organization: str
    superior: str | None
    title: str
    polls: dict[str, PrintedPoll]


@pytest.fixture(scope="session")
def printed_example(_example_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrintedMeeting]:
    """A copy of the example meeting with 2 ballots of every poll printed; read-only for the tests."""
    folder = tmp_path_factory.mktemp("printed")
    path = folder / "example.kiemphieu"
    shutil.copyfile(_example_template, path)
    meeting_file = open_meeting_file(path)
    polls: dict[str, PrintedPoll] = {}
    for code in EXAMPLE_POLLS:
        out = folder / f"{code}.pdf"
        report = printing.print_ballots(meeting_file, code=code, copies=COPIES, out=out, actor="kiem-thu")
        with meeting_file.reading() as session:
            poll = get_poll(session, code)
            pdef = poll_def(poll)
            polls[code] = PrintedPoll(
                code=code,
                poll_id=poll.id,
                round_no=poll.round_no,
                kind=poll.kind,
                title=poll.title,
                wording=pdef.profile.wording,
                names=tuple(i.name for i in pdef.items),
                criteria=tuple(c.name for c in pdef.criteria),
                report=report,
                pdf=out,
                sheets=tuple(sheets.list_sheets(session, code)),
            )
    with meeting_file.reading() as session:
        meeting = get_meeting(session)
        printed = PrintedMeeting(
            meeting_file=meeting_file,
            fingerprint=ballot_code.fingerprint_bytes(meeting.fingerprint),
            secret=meeting.secret,
            organization=meeting.organization,
            superior=meeting.superior,
            title=meeting.title,
            polls=polls,
        )
    yield printed
    meeting_file.close()
