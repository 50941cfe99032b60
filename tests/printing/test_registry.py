"""The issued-ballot registry: printing records sheets, spoiling and returning them, and entering by code."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import zxingcpp
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import EntryError, NotFoundError, OutputFileError, StateError
from app.printing import ballot_code
from app.printing.ballot_code import SheetCode
from app.services import audit, ballots, printing, sheets
from app.services.ballots import BallotSaved, parse_entry
from app.services.meetings import get_meeting
from app.services.polls import get_poll, poll_def, sort_items_abc, summarize
from app.services.printing import PrintReport
from app.services.tallying import tally_poll
from app.store.db import MeetingFile
from app.store.orm import AuditEntry, BallotRecord

MEETING = """
[meeting]
title = "Hội nghị Chi bộ Thôn Đông"
organization = "Chi bộ Thôn Đông"
place = "An Bình"
date = 2025-06-20

[attendance]
convened = 40
present = 38

[[polls]]
id = "chi-uy"
kind = "election"
title = "Bầu Chi ủy"
seats = 5
candidates = [{names}]
"""
UNSORTED = [
    "Trần Văn Đức",
    "Nguyễn Thị Dung",
    "Đinh Văn An",
    "Dương Văn An",
    "Phạm Thị Ánh",
    "Lê Thị Anh",
    "Bùi Văn Bình",
]
# Given name first (An < Anh < Ánh < Bình < Dung < Đức), then family name (Dương before Đinh: Đ after D).
SORTED = [
    "Dương Văn An",
    "Đinh Văn An",
    "Lê Thị Anh",
    "Phạm Thị Ánh",
    "Bùi Văn Bình",
    "Nguyễn Thị Dung",
    "Trần Văn Đức",
]
STRUCK = {"struck": [1, 2]}  # bch: 9 candidates, 7 seats


# --- helpers ------------------------------------------------------------------------------------------


def print_poll(meeting_file: MeetingFile, tmp_path: Path, code: str, copies: int = 3, **kw: Any) -> PrintReport:
    name = f"{code}-{'deck' if kw.get('test_deck') else copies}-{len(list(tmp_path.glob('*.pdf')))}.pdf"
    return printing.print_ballots(meeting_file, code=code, copies=copies, out=tmp_path / name, actor="in-an", **kw)


def registry(meeting_file: MeetingFile, code: str) -> list[sheets.SheetInfo]:
    with meeting_file.reading() as session:
        return sheets.list_sheets(session, code)


def statuses(meeting_file: MeetingFile, code: str) -> dict[str, str]:
    return {s.serial: s.status for s in registry(meeting_file, code)}


def keys(meeting_file: MeetingFile) -> tuple[bytes, bytes]:
    with meeting_file.reading() as session:
        meeting = get_meeting(session)
        return ballot_code.fingerprint_bytes(meeting.fingerprint), meeting.secret


def poll_id(meeting_file: MeetingFile, code: str) -> int:
    with meeting_file.reading() as session:
        return get_poll(session, code).id


def status_of_poll(meeting_file: MeetingFile, code: str) -> str:
    with meeting_file.reading() as session:
        return get_poll(session, code).status


def record_in(session: Session, code: str, entry: dict[str, Any]) -> BallotSaved:
    poll = get_poll(session, code)
    return ballots.record_ballot(
        session, poll=poll, pdef=poll_def(poll), draft=parse_entry(entry), operator="Lê Thị Mai", station="may-1"
    )


def record(meeting_file: MeetingFile, code: str, entry: dict[str, Any]) -> BallotSaved:
    with meeting_file.transaction() as session:
        return record_in(session, code, entry)


def refused(meeting_file: MeetingFile, code: str, entry: dict[str, Any], *fragments: str) -> str:
    with meeting_file.transaction() as session, pytest.raises(EntryError) as info:
        record_in(session, code, entry)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


def entered_serials(meeting_file: MeetingFile, code: str) -> list[str | None]:
    with meeting_file.reading() as session:
        poll = get_poll(session, code)
        return list(
            session.scalars(
                select(BallotRecord.serial).where(BallotRecord.poll_id == poll.id).order_by(BallotRecord.id)
            )
        )


def qr_of(meeting_file: MeetingFile, code: str, serial: str, *, test: bool = False, round_no: int = 1) -> str:
    """The QR text print_ballots puts on page 1 of sheet `serial` (same inputs, same HMAC)."""
    fingerprint, secret = keys(meeting_file)
    sheet = SheetCode(fingerprint, poll_id(meeting_file, code), round_no, 1, 1, test, serial)
    return ballot_code.encode(sheet, secret)


def scanned_qr(pdf: Path) -> list[str]:
    """The QR texts of a printed PDF, page by page, as a scanner reads them."""
    document = pdfium.PdfDocument(pdf)
    texts = [zxingcpp.read_barcodes(page.render(scale=200 / 72).to_pil())[0].text for page in document]
    document.close()
    return texts


@dataclass(frozen=True)
class Logged:
    action: str
    actor: str
    subject: str | None
    details: dict[str, Any]


def audit_entries(meeting_file: MeetingFile) -> list[Logged]:
    with meeting_file.reading() as session:
        return [
            Logged(e.action, e.actor, e.subject, e.details)
            for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]


def names_meeting(make_meeting: Callable[..., MeetingFile], names: list[str]) -> MeetingFile:
    return make_meeting(MEETING.replace("{names}", ", ".join(f'"{n}"' for n in names)))


# --- printing and the registry --------------------------------------------------------------------------


def test_print_records_issued_sheets_and_moves_the_poll_to_issued(example_meeting: MeetingFile, tmp_path: Path) -> None:
    assert status_of_poll(example_meeting, "bch") == "draft"
    report = print_poll(example_meeting, tmp_path, "bch", copies=3)
    assert report.out.is_file()
    assert report.sheets == 3
    _, secret = keys(example_meeting)
    rows = registry(example_meeting, "bch")
    assert len(rows) == 3
    for row in rows:
        assert row.status == "issued"
        assert not row.entered
        assert len(row.serial) == 10
        assert row.check == ballot_code.check_code(row.serial, secret)
    assert [r.serial for r in rows] == sorted(r.serial for r in rows)  # listed by serial, not print order
    assert status_of_poll(example_meeting, "bch") == "issued"
    assert status_of_poll(example_meeting, "dai-bieu") == "draft"
    assert not list(tmp_path.glob(".*.tmp"))
    # A second print run adds sheets with new serials.
    print_poll(example_meeting, tmp_path, "bch", copies=2)
    assert len(set(statuses(example_meeting, "bch"))) == 5


def test_test_deck_is_registered_as_test_and_leaves_the_poll_alone(
    example_meeting: MeetingFile, tmp_path: Path
) -> None:
    report = print_poll(example_meeting, tmp_path, "ubkt", copies=0, test_deck=True)
    assert report.test
    found = statuses(example_meeting, "ubkt")
    assert len(found) == report.sheets == len(report.expected)
    assert set(found.values()) == {"test"}
    assert {e["serial"] for e in report.expected} == set(found)
    assert status_of_poll(example_meeting, "ubkt") == "draft"
    with example_meeting.reading() as session:
        assert summarize(session, get_poll(session, "ubkt")).issued == 146  # from the spec, untouched


def test_printing_a_closed_poll_is_refused_and_writes_nothing(example_meeting: MeetingFile, tmp_path: Path) -> None:
    with example_meeting.transaction() as session:
        get_poll(session, "bch").status = "closed"
    out = tmp_path / "closed.pdf"
    with pytest.raises(StateError):
        printing.print_ballots(example_meeting, code="bch", copies=2, out=out, actor="in-an")
    with pytest.raises(StateError):
        printing.print_ballots(example_meeting, code="bch", copies=0, out=out, actor="in-an", test_deck=True)
    assert not out.exists()
    assert not list(tmp_path.glob("*.pdf"))
    assert not list(tmp_path.glob(".*.tmp"))
    assert registry(example_meeting, "bch") == []


@pytest.mark.parametrize("copies", [0, -1, 20_001])
def test_copies_out_of_range_are_refused(example_meeting: MeetingFile, tmp_path: Path, copies: int) -> None:
    out = tmp_path / "x.pdf"
    with pytest.raises(EntryError, match="20000"):
        printing.print_ballots(example_meeting, code="bch", copies=copies, out=out, actor="in-an")
    assert not out.exists()
    assert registry(example_meeting, "bch") == []
    assert status_of_poll(example_meeting, "bch") == "draft"


@pytest.mark.parametrize(
    ("kw", "fragment"),
    [
        ({"two_up": True}, "A5"),
        ({"two_up": True, "paper": "A4"}, "A5"),
        ({"paper": "Letter"}, "Letter"),
        ({"paper": "a4"}, "A4"),
    ],
)
def test_bad_paper_options_are_refused(
    example_meeting: MeetingFile, tmp_path: Path, kw: dict[str, Any], fragment: str
) -> None:
    out = tmp_path / "x.pdf"
    with pytest.raises(EntryError, match=fragment):
        printing.print_ballots(example_meeting, code="bch", copies=1, out=out, actor="in-an", **kw)
    assert not out.exists()
    assert registry(example_meeting, "bch") == []


def test_missing_output_folder_is_refused(example_meeting: MeetingFile, tmp_path: Path) -> None:
    out = tmp_path / "khong-co" / "bch.pdf"
    with pytest.raises(OutputFileError, match="khong-co"):
        printing.print_ballots(example_meeting, code="bch", copies=1, out=out, actor="in-an")
    assert registry(example_meeting, "bch") == []


def test_unknown_poll_is_not_found(example_meeting: MeetingFile, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        printing.print_ballots(example_meeting, code="khong-co", copies=1, out=tmp_path / "x.pdf", actor="in-an")


def test_issued_count_comes_from_the_registry(make_meeting: Callable[..., MeetingFile], tmp_path: Path) -> None:
    meeting_file = names_meeting(make_meeting, UNSORTED)

    def issued() -> int | None:
        with meeting_file.reading() as session:
            return tally_poll(session, "chi-uy").tally.totals.issued

    assert issued() is None  # nothing printed, nothing typed in
    print_poll(meeting_file, tmp_path, "chi-uy", copies=5)
    assert issued() == 5
    serials = sorted(statuses(meeting_file, "chi-uy"))
    with meeting_file.transaction() as session:
        sheets.spoil_sheets(session, serials=[serials[0]], actor="bkp")
    assert issued() == 4
    with meeting_file.transaction() as session:
        sheets.return_unused(session, serials=[serials[1]], actor="bkp")
    assert issued() == 3
    print_poll(meeting_file, tmp_path, "chi-uy", copies=0, test_deck=True)
    assert issued() == 3  # test ballots are never issued
    with meeting_file.reading() as session:
        assert summarize(session, get_poll(session, "chi-uy")).issued == 3


# --- spoiled and unused sheets ----------------------------------------------------------------------------


def test_spoil_and_return_change_statuses(example_meeting: MeetingFile, tmp_path: Path) -> None:
    print_poll(example_meeting, tmp_path, "bch", copies=4)
    rows = registry(example_meeting, "bch")
    with example_meeting.transaction() as session:
        done = sheets.spoil_sheets(session, serials=[rows[0].serial], actor="bkp")
        assert done == [rows[0].serial]
        # A check code works too, typed in lowercase with spaces.
        typed = rows[1].check.lower().replace("-", " ")
        assert sheets.return_unused(session, serials=[typed], actor="bkp") == [rows[1].serial]
        # … or as printed.
        assert sheets.spoil_sheets(session, serials=[rows[2].check], actor="bkp") == [rows[2].serial]
    assert statuses(example_meeting, "bch") == {
        rows[0].serial: "spoiled",
        rows[1].serial: "unused",
        rows[2].serial: "spoiled",
        rows[3].serial: "issued",
    }


def test_unknown_serial_is_not_found(example_meeting: MeetingFile, tmp_path: Path) -> None:
    print_poll(example_meeting, tmp_path, "bch", copies=1)
    for text in ["AAAAAAAAAA", "BCH-0001", "", "AAAAA-AAAAA-AAAA"]:
        with pytest.raises(NotFoundError), example_meeting.transaction() as session:
            sheets.spoil_sheets(session, serials=[text], actor="bkp")


def test_a_wrong_check_code_does_not_name_a_sheet(example_meeting: MeetingFile, tmp_path: Path) -> None:
    print_poll(example_meeting, tmp_path, "bch", copies=1)
    check = registry(example_meeting, "bch")[0].check
    typo = check[:-1] + ("A" if check[-1] != "A" else "B")
    with pytest.raises(NotFoundError), example_meeting.transaction() as session:
        sheets.spoil_sheets(session, serials=[typo], actor="bkp")
    assert set(statuses(example_meeting, "bch").values()) == {"issued"}


def test_a_sheet_cannot_be_voided_twice(example_meeting: MeetingFile, tmp_path: Path) -> None:
    print_poll(example_meeting, tmp_path, "bch", copies=2)
    first, second = (r.serial for r in registry(example_meeting, "bch"))
    with example_meeting.transaction() as session:
        sheets.spoil_sheets(session, serials=[first], actor="bkp")
    for change in (sheets.spoil_sheets, sheets.return_unused):
        with pytest.raises(StateError, match="đã hủy"), example_meeting.transaction() as session:
            change(session, serials=[first], actor="bkp")
    # The same sheet twice in one request, too.
    with pytest.raises(StateError), example_meeting.transaction() as session:
        sheets.return_unused(session, serials=[second, second], actor="bkp")
    assert statuses(example_meeting, "bch") == {first: "spoiled", second: "issued"}  # all or nothing


def test_a_failing_batch_changes_nothing(example_meeting: MeetingFile, tmp_path: Path) -> None:
    print_poll(example_meeting, tmp_path, "bch", copies=2)
    first, _ = (r.serial for r in registry(example_meeting, "bch"))
    with pytest.raises(NotFoundError), example_meeting.transaction() as session:
        sheets.spoil_sheets(session, serials=[first, "ZZZZZZZZZZ"], actor="bkp")
    assert set(statuses(example_meeting, "bch").values()) == {"issued"}


def test_an_entered_sheet_cannot_be_voided(example_meeting: MeetingFile, tmp_path: Path) -> None:
    print_poll(example_meeting, tmp_path, "bch", copies=1)
    serial = registry(example_meeting, "bch")[0].serial
    record(example_meeting, "bch", {"serial": serial, **STRUCK})
    assert registry(example_meeting, "bch")[0].entered
    for change in (sheets.spoil_sheets, sheets.return_unused):
        with pytest.raises(StateError, match="đã được nhập"), example_meeting.transaction() as session:
            change(session, serials=[serial], actor="bkp")
    assert statuses(example_meeting, "bch") == {serial: "issued"}


def test_a_test_sheet_cannot_be_voided(example_meeting: MeetingFile, tmp_path: Path) -> None:
    report = print_poll(example_meeting, tmp_path, "bch", copies=0, test_deck=True)
    serial = report.expected[0]["serial"]
    with pytest.raises(StateError, match="phiếu thử"), example_meeting.transaction() as session:
        sheets.spoil_sheets(session, serials=[serial], actor="bkp")


# --- entering ballots by serial, QR text or check code ----------------------------------------------------


@pytest.fixture
def printed_bch(example_meeting: MeetingFile, tmp_path: Path) -> tuple[MeetingFile, PrintReport, list[str]]:
    """bch printed with 6 sheets; returns the meeting, the report and the serials (sorted)."""
    report = print_poll(example_meeting, tmp_path, "bch", copies=6)
    return example_meeting, report, sorted(statuses(example_meeting, "bch"))


def test_enter_by_registered_serial(printed_bch) -> None:
    meeting_file, _, serials = printed_bch
    saved = record(meeting_file, "bch", {"serial": serials[0], **STRUCK})
    assert saved.key == serials[0]
    assert saved.valid
    assert entered_serials(meeting_file, "bch") == [serials[0]]


def test_enter_by_scanned_qr_text_is_stored_under_its_serial(printed_bch) -> None:
    meeting_file, report, serials = printed_bch
    texts = scanned_qr(report.out)
    assert len(texts) == 6
    saved = record(meeting_file, "bch", {"serial": texts[0], **STRUCK})
    assert saved.key in serials
    assert entered_serials(meeting_file, "bch") == [saved.key]
    # The QR a scanner reads is exactly the one this test computes for that serial.
    assert texts[0] == qr_of(meeting_file, "bch", saved.key)
    # Entering the same sheet again, by its check code or serial, is refused as a duplicate.
    check = ballot_code.check_code(saved.key, keys(meeting_file)[1])
    refused(meeting_file, "bch", {"serial": check, **STRUCK}, "đã được nhập")
    refused(meeting_file, "bch", {"serial": saved.key, **STRUCK}, "đã được nhập")
    refused(meeting_file, "bch", {"serial": texts[0].lower(), **STRUCK}, "đã được nhập")


def test_enter_by_printed_check_code(printed_bch) -> None:
    meeting_file, _, serials = printed_bch
    check = ballot_code.check_code(serials[1], keys(meeting_file)[1])
    saved = record(meeting_file, "bch", {"serial": check, **STRUCK})
    assert saved.key == serials[1]
    saved = record(
        meeting_file,
        "bch",
        {"serial": f"  {ballot_code.check_code(serials[2], keys(meeting_file)[1]).lower()} ", **STRUCK},
    )
    assert saved.key == serials[2]
    assert entered_serials(meeting_file, "bch") == [serials[1], serials[2]]


def test_mistyped_check_code_is_refused(printed_bch) -> None:
    meeting_file, _, serials = printed_bch
    check = ballot_code.check_code(serials[0], keys(meeting_file)[1])
    typo = check[:-1] + ("A" if check[-1] != "A" else "B")
    refused(meeting_file, "bch", {"serial": typo, **STRUCK}, "Mã kiểm tra", "sai")
    assert entered_serials(meeting_file, "bch") == []


@pytest.mark.parametrize("separator", [" ", ""])
def test_check_code_typed_without_dashes_is_accepted(printed_bch, separator: str) -> None:
    meeting_file, _, serials = printed_bch
    typed = ballot_code.check_code(serials[0], keys(meeting_file)[1]).replace("-", separator)
    assert record(meeting_file, "bch", {"serial": typed, **STRUCK}).key == serials[0]


def test_qr_of_a_test_deck_sheet_is_refused(printed_bch, tmp_path: Path) -> None:
    meeting_file, _, _ = printed_bch
    deck = print_poll(meeting_file, tmp_path, "bch", copies=0, test_deck=True)
    scanned = scanned_qr(deck.out)[0]
    refused(meeting_file, "bch", {"serial": scanned, **STRUCK}, "Phiếu thử")
    # Its bare serial is refused too: the registry says it is a test sheet.
    refused(meeting_file, "bch", {"serial": deck.expected[0]["serial"], **STRUCK}, "phiếu thử")
    assert entered_serials(meeting_file, "bch") == []


def test_qr_of_another_poll_is_refused(printed_bch, tmp_path: Path) -> None:
    meeting_file, _, _ = printed_bch
    other = print_poll(meeting_file, tmp_path, "dai-bieu", copies=1)
    scanned = scanned_qr(other.out)[0]
    refused(meeting_file, "bch", {"serial": scanned, **STRUCK}, "nội dung bỏ phiếu khác", "Bầu đại biểu")
    serial = registry(meeting_file, "dai-bieu")[0].serial
    refused(meeting_file, "bch", {"serial": serial, **STRUCK}, "nội dung bỏ phiếu khác")
    assert entered_serials(meeting_file, "bch") == []


def test_qr_of_another_round_is_refused(printed_bch) -> None:
    meeting_file, _, serials = printed_bch
    text = qr_of(meeting_file, "bch", serials[0], round_no=2)
    refused(meeting_file, "bch", {"serial": text, **STRUCK}, "lần bầu khác")


def test_qr_from_another_meeting_file_is_refused(
    printed_bch, make_meeting: Callable[..., MeetingFile], tmp_path: Path
) -> None:
    meeting_file, _, _ = printed_bch
    other = names_meeting(make_meeting, UNSORTED)
    report = print_poll(other, tmp_path, "chi-uy", copies=1)
    scanned = scanned_qr(report.out)[0]
    refused(meeting_file, "bch", {"serial": scanned, **STRUCK}, "hội nghị khác")
    # Even one that names the same poll number: the fingerprint is another meeting's.
    fingerprint, secret = keys(other)
    forged = ballot_code.encode(
        SheetCode(fingerprint, poll_id(meeting_file, "bch"), 1, 1, 1, False, "AAAAAAAAAA"), secret
    )
    refused(meeting_file, "bch", {"serial": forged, **STRUCK}, "hội nghị khác")


@pytest.mark.parametrize("position", [5, 20, 30, 40])
def test_qr_with_a_changed_character_is_refused(printed_bch, position: int) -> None:
    meeting_file, report, _ = printed_bch
    text = scanned_qr(report.out)[0]
    changed = text[:position] + ("B" if text[position] != "B" else "C") + text[position + 1 :]
    message = refused(meeting_file, "bch", {"serial": changed, **STRUCK})
    assert any(word in message for word in ("giả mạo", "hội nghị khác", "không đọc được"))
    assert entered_serials(meeting_file, "bch") == []


def test_spoiled_and_unused_serials_are_refused(printed_bch) -> None:
    meeting_file, _, serials = printed_bch
    with meeting_file.transaction() as session:
        sheets.spoil_sheets(session, serials=[serials[0]], actor="bkp")
        sheets.return_unused(session, serials=[serials[1]], actor="bkp")
    refused(meeting_file, "bch", {"serial": serials[0], **STRUCK}, "đã hủy")
    refused(meeting_file, "bch", {"serial": qr_of(meeting_file, "bch", serials[0]), **STRUCK}, "đã hủy")
    refused(meeting_file, "bch", {"serial": serials[1], **STRUCK}, "chưa phát")
    assert entered_serials(meeting_file, "bch") == []


def test_unknown_serial_is_refused_once_the_poll_has_a_registry(printed_bch) -> None:
    meeting_file, _, _ = printed_bch
    for serial in ("BCH-0001", "AAAAAAAAAA"):
        refused(meeting_file, "bch", {"serial": serial, **STRUCK}, "không có trong sổ")
    # A poll that was never printed takes any serial (ballots printed elsewhere).
    saved = record(meeting_file, "dai-bieu", {"serial": "DB-0001", "struck": [1]})
    assert saved.key == "DB-0001"
    # A ballot without a code in a poll printed with codes needs the committee's confirmation (#15);
    # with it, the app numbers it.
    refused(meeting_file, "bch", STRUCK, "phiếu không có mã trong nội dung đã in phiếu có mã QR")
    with meeting_file.transaction() as session:
        poll = get_poll(session, "bch")
        saved = ballots.record_ballot(
            session,
            poll=poll,
            pdef=poll_def(poll),
            draft=parse_entry(STRUCK),
            operator="Lê Thị Mai",
            station="may-1",
            without_code=True,
        )
    assert saved.key == "#1"


def test_enter_file_with_codes(printed_bch, make_meeting: Callable[..., MeetingFile], tmp_path: Path) -> None:
    meeting_file, report, serials = printed_bch
    deck = print_poll(meeting_file, tmp_path, "bch", copies=0, test_deck=True)
    other = names_meeting(make_meeting, UNSORTED)
    fingerprint, secret = keys(other)
    foreign = ballot_code.encode(SheetCode(fingerprint, 1, 1, 1, 1, False, "AAAAAAAAAA"), secret)
    scanned = scanned_qr(report.out)
    by_qr = ballot_code.decode(scanned[0], fingerprint=keys(meeting_file)[0], secret=keys(meeting_file)[1])
    assert by_qr.code is not None
    rest = [s for s in serials if s != by_qr.code.serial]
    lines = [
        {"serial": scanned[0], **STRUCK},  # 1 ok
        {"serial": ballot_code.check_code(rest[0], keys(meeting_file)[1]), **STRUCK},  # 2 ok
        {"serial": rest[1], "struck": [3, 4]},  # 3 ok
        {"serial": scanned_qr(deck.out)[0], **STRUCK},  # 4 test sheet
        {"serial": foreign, **STRUCK},  # 5 another meeting
        {"serial": "Z" * 47, **STRUCK},  # 6 garbage in QR form
        {"serial": rest[0], **STRUCK},  # 7 duplicate of line 2
        {"serial": "BCH-0001", **STRUCK},  # 8 not in the registry
    ]
    path = tmp_path / "phieu.jsonl"
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in lines), encoding="utf-8")
    result = ballots.enter_file(meeting_file, code="bch", path=path, operator="Lê Thị Mai")
    assert [b.key for b in result.accepted] == [by_qr.code.serial, rest[0], rest[1]]
    assert [n for n, _ in result.rejected] == [4, 5, 6, 7, 8]
    reasons = dict(result.rejected)
    assert "Phiếu thử" in reasons[4]
    assert "hội nghị khác" in reasons[5]
    assert "không đọc được" in reasons[6]
    assert "đã được nhập" in reasons[7]
    assert "không có trong sổ" in reasons[8]
    assert entered_serials(meeting_file, "bch") == [by_qr.code.serial, rest[0], rest[1]]
    entered = {s.serial for s in registry(meeting_file, "bch") if s.entered}
    assert entered == {by_qr.code.serial, rest[0], rest[1]}


# --- ABC order --------------------------------------------------------------------------------------------


def test_sort_abc_puts_names_in_vietnamese_order(make_meeting: Callable[..., MeetingFile], tmp_path: Path) -> None:
    meeting_file = names_meeting(make_meeting, UNSORTED)
    with meeting_file.transaction() as session:
        assert sort_items_abc(session, code="chi-uy", actor="bkp") == SORTED
    with meeting_file.reading() as session:
        assert [i.name for i in poll_def(get_poll(session, "chi-uy")).items] == SORTED
    report = print_poll(meeting_file, tmp_path, "chi-uy", copies=1)
    regions = sorted(report.template["pages"][0]["regions"], key=lambda r: r["rect"][1])
    assert [r["row"] for r in regions] == list(range(1, 8))
    document = pdfium.PdfDocument(report.out)
    text = " ".join(document[0].get_textpage().get_text_range().split())
    document.close()
    positions = [text.index(f"{n} {name}") for n, name in enumerate(SORTED, start=1)]
    assert positions == sorted(positions)
    with pytest.raises(StateError), meeting_file.transaction() as session:
        sort_items_abc(session, code="chi-uy", actor="bkp")
    with meeting_file.reading() as session:
        assert [i.name for i in poll_def(get_poll(session, "chi-uy")).items] == SORTED
    kinds = [e.action for e in audit_entries(meeting_file)]
    assert "poll.sorted_abc" in kinds


# --- the audit log keeps no serial list ------------------------------------------------------------------


def test_audit_log_records_printing_without_the_serials(example_meeting: MeetingFile, tmp_path: Path) -> None:
    print_poll(example_meeting, tmp_path, "bch", copies=4, paper="A5", two_up=True)
    deck = print_poll(example_meeting, tmp_path, "bch", copies=0, test_deck=True)
    rows = registry(example_meeting, "bch")
    issued = sorted(r.serial for r in rows if r.status == "issued")
    tests = sorted(r.serial for r in rows if r.status == "test")
    assert len(issued) == 4
    assert len(tests) == deck.sheets
    entries = audit_entries(example_meeting)
    printed = [e for e in entries if e.action == "ballots.printed"]
    assert len(printed) == 1
    assert printed[0].subject == "bch"
    assert printed[0].actor == "in-an"
    assert printed[0].details == {
        "sheets": 4,
        "paper": "A5",
        "two_up": True,
        "serials_sha256": hashlib.sha256("\n".join(issued).encode()).hexdigest(),
    }
    deck_entries = [e for e in entries if e.action == "ballots.test_deck_printed"]
    assert len(deck_entries) == 1
    assert deck_entries[0].details["serials_sha256"] == hashlib.sha256("\n".join(tests).encode()).hexdigest()
    everything = json.dumps([[e.subject, e.details] for e in entries], ensure_ascii=False)
    _, secret = keys(example_meeting)
    for serial in issued + tests:
        assert serial not in everything
        assert ballot_code.check_code(serial, secret) not in everything
    # Voiding a sheet names that one sheet (it was never voted), and nothing else.
    with example_meeting.transaction() as session:
        sheets.spoil_sheets(session, serials=[issued[0]], actor="bkp")
        sheets.return_unused(session, serials=[issued[1]], actor="bkp")
    entries = audit_entries(example_meeting)
    voided = [(e.action, e.subject, e.details) for e in entries if e.action.startswith("sheet.")]
    assert voided == [("sheet.spoiled", issued[0], {}), ("sheet.unused", issued[1], {})]
    everything = json.dumps([[e.subject, e.details] for e in entries], ensure_ascii=False)
    for serial in issued[2:]:
        assert serial not in everything
    with example_meeting.reading() as session:
        assert audit.verify_chain(session) == []
