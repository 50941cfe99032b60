"""The realistic meeting file of the trust tests (issue #14): the demo with what a real meeting file holds by the
end of a day, scanned pages in every status among it. Built by tests/trust/conftest.py once per session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from app.rules.model import Ballot, PollKind
from app.services import closing, polls, roles, scanning, sheets
from app.services.demo import build_demo
from app.services.printing import print_ballots
from app.services.spec import ItemSpec, PollSpec
from app.store.orm import ScannedPage
from benchmarks.filled import filled_sheets

PIN = "24681357"  # the head's PIN in the realistic file


@dataclass(frozen=True)
class Realistic:
    """A realistic meeting file and the scanned pages it holds (scanned file name → page id)."""

    path: Path
    pages: dict[str, int]
    pin: str


# What each scanned page of the realistic file is, by its file name.
PENDING = "1-khong-dau-1.png"  # unstamped: waits for a person
DISMISSED = "1-khong-dau-2.png"  # set aside by the head (PIN)
REVIEWED = "1-khong-dau-3.png"  # decided by a person (ruled invalid on its face), counted
COUNTED = "2-doc-duoc.png"  # read with certainty, counted
TURNED_AWAY = "3-phieu-huy.png"  # a spoiled sheet: kept, never counted
DONE = "4-trang.png"  # a blank page
WAITING = "5-trang-1.png"  # page 1 of a two-page sheet: waits for page 2
SUPERSEDED = "6-in-thu-nho.png"  # printed shrunk (unreadable), set aside when its sheet was scanned again
RESCANNED = "7-quet-lai.png"  # that sheet scanned again, counted

PRINTED_POLL = "bi-thu"
CLOSED_POLL = "bch"
SCANNED_POLL = "tin-nhiem"
LONG_POLL = "dai"


def build_realistic(path: Path, pin: str) -> dict[str, int]:
    """The demo with what a real meeting file holds by the end of a day: a PIN, ballots printed for a poll (a sheet
    of them spoiled, one returned unused, its test deck), scanned pages in every status (one waiting for a person,
    one set aside by the head, one decided by a person, one counted as read, one turned away, a blank one, page 1
    of a two-page sheet, one given way to a scan of the same sheet), and one poll closed."""
    with build_demo(path) as meeting_file:
        with meeting_file.transaction() as session:
            roles.set_head_pin(session, new_pin=pin, current_pin=None, actor="truong-ban")
            polls.add_poll(
                session,
                PollSpec(
                    code=LONG_POLL,
                    kind=PollKind.ELECTION,
                    profile="party-election",
                    title="Bầu Ban Chấp hành (danh sách dài)",
                    seats=50,
                    items=tuple(ItemSpec(name=f"Ứng Cử Viên Số {i:03d}") for i in range(1, 61)),
                ),
                actor="thu-ky",
            )
        print_ballots(meeting_file, code=PRINTED_POLL, copies=3, out=path.parent / "phieu.pdf", actor="in-phieu")
        deck = path.parent / "thu.pdf"
        print_ballots(meeting_file, code=PRINTED_POLL, copies=0, out=deck, actor="in-phieu", test_deck=True)
        with meeting_file.reading() as session:
            serials = [s.serial for s in sheets.list_sheets(session, PRINTED_POLL) if s.status == "issued"]
        with meeting_file.transaction() as session:
            sheets.spoil_sheets(session, serials=serials[:1], actor="in-phieu")
        with meeting_file.transaction() as session:
            sheets.return_unused(session, serials=serials[1:2], actor="in-phieu")
        marks = Ballot(key="", choices=(frozenset({1}), frozenset({2}), frozenset({3})))
        unstamped = filled_sheets(meeting_file, SCANNED_POLL, [marks] * 3, path.parent, stamped=False)
        stamped = filled_sheets(meeting_file, SCANNED_POLL, [marks] * 3, path.parent)
        ((_, two_pages),) = filled_sheets(
            meeting_file, LONG_POLL, [Ballot(key="", struck=frozenset({2, 55}))], path.parent
        )
        folder = path.parent / "quet"
        folder.mkdir()
        for n, (_, images) in enumerate(unstamped, start=1):
            images[0].save(folder / f"1-khong-dau-{n}.png", dpi=(200, 200))
        stamped[0][1][0].save(folder / COUNTED, dpi=(200, 200))
        with meeting_file.transaction() as session:
            sheets.spoil_sheets(session, serials=[stamped[1][0]], actor="in-phieu")
        stamped[1][1][0].save(folder / TURNED_AWAY, dpi=(200, 200))
        Image.new("L", (1654, 2339), 250).save(folder / DONE)
        two_pages[0].save(folder / WAITING, dpi=(200, 200))
        shrunk = stamped[2][1][0]
        shrunk.resize((round(shrunk.width * 0.94), round(shrunk.height * 0.94))).save(
            folder / SUPERSEDED, dpi=(200, 200)
        )
        scanning.scan_files(meeting_file, [folder], operator="quet")
        stamped[2][1][0].save(path.parent / RESCANNED, dpi=(200, 200))
        scanning.scan_files(meeting_file, [path.parent / RESCANNED], operator="quet")
        with meeting_file.reading() as session:
            pages = {name: page_id for page_id, name in session.execute(select(ScannedPage.id, ScannedPage.file_name))}
        scanning.dismiss(meeting_file, page_id=pages[DISMISSED], note="đã nhập tay phiếu này", actor="tb", pin=pin)
        scanning.decide(
            meeting_file,
            page_id=pages[REVIEWED],
            values={},
            actor="chi",
            physical_invalid="phiếu không có dấu",
            note="đã xem phiếu giấy",
        )
        with meeting_file.transaction() as session:
            closing.close_poll(session, code=CLOSED_POLL, actor="truong-ban", pin=pin)
    return pages
