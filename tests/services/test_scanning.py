"""The scan service end to end: filled ballots of real issued sheets, scanned as files, counted or queued."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import select

from app.errors import AccessError, EntryError, ScanFileError, StateError
from app.recognition.outcomes import Check, Outcome, ReasonCode, Region, Status
from app.recognition.words import vietnamese
from app.rules.model import Ballot
from app.services import ballots, closing, integrity, meetings, minutes, passes, printing, roles, scanning, sheets
from app.services.demo import example_spec_path
from app.services.spec import read_spec
from app.services.tallying import tally_json, tally_poll
from app.store.db import MeetingFile, open_meeting_file
from app.store.orm import AuditEntry, BallotRecord, ScannedPage
from benchmarks.filled import filled_sheets

GRID = [Ballot(key="", choices=tuple(frozenset({(row + k) % 3 + 1}) for row in range(3))) for k in range(3)] + [
    Ballot(key="", choices=(frozenset({1, 2}), *(frozenset({1}) for _ in range(2))))
]
STRIKE = [Ballot(key="", struck=frozenset(s)) for s in ({1, 2}, {3, 4}, {5, 6}, {1}, set())]


def _save(pages: list[tuple[str, list[Image.Image]]], folder: Path, prefix: str) -> list[Path]:
    folder.mkdir(exist_ok=True)
    out = []
    for n, (_, images) in enumerate(pages):
        for k, image in enumerate(images, start=1):
            path = folder / f"{prefix}-{n + 1}-{k}.png"
            image.save(path, dpi=(200, 200))
            out.append(path)
    return out


@pytest.fixture
def scanned(example_meeting: MeetingFile, tmp_path: Path) -> tuple[MeetingFile, Path, dict[str, list[str]]]:
    """Filled grid (confidence) and strike (election) ballots saved as a folder of PNG scans."""
    folder = tmp_path / "may-quet"
    serials = {}
    for code, marks in (("tin-nhiem", GRID), ("bch", STRIKE)):
        pages = filled_sheets(example_meeting, code, marks, tmp_path)
        _save(pages, folder, code)
        serials[code] = [s for s, _ in pages]
    return example_meeting, folder, serials


def test_a_folder_of_filled_ballots_gives_the_same_tally_as_keyed_entry(scanned, tmp_path: Path) -> None:
    meeting_file, folder, serials = scanned
    report = scanning.scan_files(meeting_file, [folder], operator="quet-1")
    assert report.totals == {"read": len(GRID) + len(STRIKE)}
    assert report.counted == len(GRID) + len(STRIKE)
    # The same ballots keyed in by hand as pass 2 agree with the scan ballot by ballot, and so do the tallies.
    with meeting_file.transaction() as session:
        for code, marks in (("tin-nhiem", GRID), ("bch", STRIKE)):
            for serial, ballot in zip(serials[code], marks, strict=True):
                ballots.enter_ballot(
                    session, code=code, serial=serial, ballot=ballot, operator="nhap-tay", station="may-2", pass_no=2
                )
    with meeting_file.reading() as session:
        for code in ("tin-nhiem", "bch"):
            assert passes.compare_passes(session, code=code) == []
            assert tally_json(tally_poll(session, code, 1)) == tally_json(tally_poll(session, code, 2))
        sources = set(session.scalars(select(BallotRecord.source).where(BallotRecord.pass_no == 1)))
        assert sources == {"scan"}
        invalid = [p for p in report.pages if p.valid is False and p.poll == "tin-nhiem"]
        assert [p.serial for p in invalid] == [serials["tin-nhiem"][3]]  # two boxes on row 1


def test_every_page_is_kept_with_its_hash_and_audited(scanned) -> None:
    meeting_file, folder, _ = scanned
    report = scanning.scan_files(meeting_file, [folder], operator="quet-1")
    with meeting_file.reading() as session:
        pages = list(session.scalars(select(ScannedPage)))
        logged = list(session.scalars(select(AuditEntry).where(AuditEntry.action == "scan.page")))
    assert len(pages) == len(report.pages) == len(logged)
    for page in pages:
        kept = scanning.stored_file(meeting_file, page.file_sha256, page.file_name)
        assert kept.read_bytes() == (folder / page.file_name).read_bytes()
        assert page.ballot_id is not None
        assert page.status == "counted"


def test_a_second_run_over_the_same_files_counts_nothing_twice(scanned) -> None:
    meeting_file, folder, _ = scanned
    first = scanning.scan_files(meeting_file, [folder], operator="quet-1")
    again = scanning.scan_files(meeting_file, [folder], operator="quet-1")
    assert again.counted == 0
    assert {p.outcome for p in again.pages} == {"duplicate"}
    assert [(r.code, r.file) for p in again.pages for r in p.reasons] == [
        (ReasonCode.SCANNED_BEFORE, p.file) for p in first.pages
    ]
    assert all(p.reasons[0].at is not None for p in again.pages)
    # The same sheet scanned again as a new image (another scan of the paper) is a duplicate too.
    copy = folder.parent / "quet-lai"
    copy.mkdir()
    image = Image.open(folder / first.pages[0].file).rotate(0.4, fillcolor=255)
    image.save(copy / "lai.png")
    third = scanning.scan_files(meeting_file, [copy], operator="quet-2")
    assert third.pages[0].outcome == "duplicate"
    (reason,) = third.pages[0].reasons
    assert (reason.code, reason.serial, reason.by) == (ReasonCode.ALREADY_SCANNED, first.pages[0].serial, "quet-1")
    with meeting_file.reading() as session:
        assert session.scalar(select(BallotRecord.id).where(BallotRecord.pass_no == 1).order_by(BallotRecord.id.desc()))
        assert len(session.scalars(select(BallotRecord)).all()) == len(GRID) + len(STRIKE)


def test_a_sheet_already_keyed_in_is_a_duplicate_naming_who_keyed_it(scanned) -> None:
    meeting_file, folder, serials = scanned
    with meeting_file.transaction() as session:
        ballots.enter_ballot(
            session, code="bch", serial=serials["bch"][0], ballot=STRIKE[0], operator="an", station="may-1"
        )
    report = scanning.scan_files(meeting_file, [folder / "bch-1-1.png"], operator="quet-1")
    page = report.pages[0]
    assert page.outcome == "duplicate"
    (reason,) = page.reasons
    assert (reason.code, reason.serial, reason.by, reason.station) == (
        ReasonCode.ALREADY_KEYED,
        serials["bch"][0],
        "an",
        "may-1",
    )


def test_pages_that_are_not_ballots_of_this_meeting_are_reported_never_counted(
    example_meeting: MeetingFile, tmp_path: Path
) -> None:
    folder = tmp_path / "lan"
    folder.mkdir()
    # A spoiled sheet, a test-deck sheet, a blank back, a page with no code, and another meeting's ballot.
    spoiled = filled_sheets(example_meeting, "tin-nhiem", GRID[:1], tmp_path)
    with example_meeting.transaction() as session:
        sheets.spoil_sheets(session, serials=[spoiled[0][0]], actor="t")
    spoiled[0][1][0].save(folder / "1-huy.png")
    printing.print_ballots(
        example_meeting, code="tin-nhiem", copies=0, out=tmp_path / "thu.pdf", actor="t", test_deck=True
    )
    shutil.copyfile(tmp_path / "thu.pdf", folder / "2-thu.pdf")
    Image.new("L", (1654, 2339), 250).save(folder / "3-trang.png")
    scribble = Image.new("L", (1654, 2339), 250)
    ImageDraw.Draw(scribble).rectangle((200, 300, 1400, 900), outline=0, width=12)
    scribble.save(folder / "4-khong-ma.png")
    other_path = tmp_path / "khac.kiemphieu"
    meetings.create_meeting(other_path, read_spec(example_spec_path()), actor="t").close()
    with open_meeting_file(other_path) as other:
        foreign = filled_sheets(other, "tin-nhiem", GRID[:1], tmp_path)
    foreign[0][1][0].save(folder / "5-hoi-nghi-khac.png")
    report = scanning.scan_files(example_meeting, [folder], operator="quet-1")
    outcomes = [(p.file, p.outcome) for p in report.pages]
    assert outcomes[0] == ("1-huy.png", "unissued")
    assert {o for f, o in outcomes if f == "2-thu.pdf"} == {"test"}
    assert ("3-trang.png", "blank") in outcomes
    assert ("4-khong-ma.png", "unreadable") in outcomes
    assert ("5-hoi-nghi-khac.png", "foreign") in outcomes
    assert report.counted == 0
    first_reason = {p.file: p.reasons[0] for p in report.pages}
    assert (first_reason["1-huy.png"].code, first_reason["1-huy.png"].serial) == (
        ReasonCode.SHEET_SPOILED,
        spoiled[0][0],
    )
    assert first_reason["2-thu.pdf"].code is ReasonCode.TEST_SHEET
    assert first_reason["3-trang.png"].code is ReasonCode.BLANK_BACK
    assert first_reason["4-khong-ma.png"].code is ReasonCode.NO_QR
    assert first_reason["5-hoi-nghi-khac.png"].code is ReasonCode.CODE_FOREIGN
    with example_meeting.reading() as session:
        queue = scanning.review_queue(session, "tin-nhiem")
        assert [q.file for q in queue] == ["4-khong-ma.png"]  # a page of no known poll may be anyone's ballot
        problems = {p.code for p in closing.check_gate(session, "tin-nhiem")}
        assert "scan_review" in problems
    # It cannot be decided cell by cell (nothing was read); the head sets it aside with a reason.
    with pytest.raises(StateError, match="nhập tay"):
        scanning.decide(example_meeting, page_id=queue[0].page_id, values={}, actor="b")
    with pytest.raises(EntryError, match="lý do"):
        scanning.dismiss(example_meeting, page_id=queue[0].page_id, note=" ", actor="b")
    scanning.dismiss(example_meeting, page_id=queue[0].page_id, note="trang nháp, không phải phiếu", actor="b")
    with example_meeting.reading() as session:
        assert scanning.review_queue(session) == []


def test_uncertain_pages_wait_for_a_person_whose_decision_counts_and_is_never_overwritten(
    example_meeting: MeetingFile, tmp_path: Path
) -> None:
    scores = Ballot(key="", scores=((17, 18), (20, 12)))
    pages = filled_sheets(example_meeting, "cham-diem", [scores], tmp_path)
    folder = tmp_path / "diem"
    _save(pages, folder, "diem")
    report = scanning.scan_files(example_meeting, [folder], operator="quet-1")
    page = report.pages[0]
    assert (page.outcome, page.status) == (Outcome.REVIEW, Status.PENDING)
    assert {(r.code, r.cell) for r in page.reasons} == {
        (ReasonCode.SCORE_WRITTEN, (Region.SCORE, row, col)) for row in (1, 2) for col in (1, 2)
    }
    with example_meeting.reading() as session:
        assert "scan_review" in {p.code for p in closing.check_gate(session, "cham-diem")}
        shown = scanning.review_page(example_meeting, session, page.page_id)
    assert shown.template is not None
    assert shown.transform is not None
    assert shown.image_path.exists()
    with pytest.raises(EntryError, match="không âm"):
        scanning.decide(example_meeting, page_id=page.page_id, values={("score", 1, 1): -3}, actor="chi")
    decided = scanning.decide(
        example_meeting,
        page_id=page.page_id,
        values={("score", 1, 1): 17, ("score", 1, 2): 18, ("score", 2, 1): 20, ("score", 2, 2): 12},
        actor="chi",
    )
    assert decided.ballot == pages[0][0]
    assert decided.status == "counted"
    with example_meeting.reading() as session:
        stored = ballots.ballot_by_key(session, code="cham-diem", key=pages[0][0])
        assert stored.scores == scores.scores
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "scan.reviewed")).one()
        assert entry.actor == "chi"
        assert len(entry.details["cells"]) == 4
        assert "scan_review" not in {p.code for p in closing.check_gate(session, "cham-diem")}
    with pytest.raises(StateError, match="không chờ"):
        scanning.decide(example_meeting, page_id=page.page_id, values={("score", 1, 1): 2}, actor="chi")
    # The minutes list what the person decided, with who and when (annex 4).
    with example_meeting.reading() as session:
        annex = minutes.minutes_data(session, "cham-diem", closure=None).reviewed
    assert [r.key for r in annex] == [pages[0][0]]
    assert annex[0].by == "chi"
    assert "người 1, tiêu chí 1: 8,5 điểm" in annex[0].decisions[0]
    assert {r.code for r in annex[0].reasons} == {ReasonCode.SCORE_WRITTEN}
    # The PDF's annex 4 puts the reasons in words.
    import pypdfium2 as pdfium

    minutes.make_minutes(example_meeting, code="cham-diem", actor="t", pdf=tmp_path / "bb.pdf", draft=True)
    document = pdfium.PdfDocument(tmp_path / "bb.pdf")
    text = " ".join(" ".join(str(page.get_textpage().get_text_range()) for page in document).split())
    document.close()
    annex_text = text[text.index("PHỤ LỤC 4") :]
    for row, col in ((1, 1), (1, 2), (2, 1), (2, 2)):
        assert f"- người thứ {row}, tiêu chí {col}: điểm viết tay — cần người đọc" in annex_text
    rerun = scanning.scan_files(example_meeting, [folder], operator="quet-2")
    assert rerun.pages[0].outcome == "duplicate"
    with example_meeting.reading() as session:
        assert ballots.ballot_by_key(session, code="cham-diem", key=pages[0][0]).scores == scores.scores


def test_an_unstamped_ballot_goes_to_review_and_can_be_ruled_invalid(
    example_meeting: MeetingFile, tmp_path: Path
) -> None:
    pages = filled_sheets(example_meeting, "tin-nhiem", GRID[:1], tmp_path, stamped=False)
    folder = tmp_path / "khong-dau"
    _save(pages, folder, "kd")
    page = scanning.scan_files(example_meeting, [folder], operator="q").pages[0]
    assert page.status == "pending"
    assert [r.code for r in page.reasons] == [ReasonCode.STAMP_UNCLEAR]
    with example_meeting.reading() as session:
        assert scanning.review_page(example_meeting, session, page.page_id).checks == (Check.STAMP,)
    decided = scanning.decide(
        example_meeting, page_id=page.page_id, values={}, actor="chi", physical_invalid="phiếu không có dấu"
    )
    assert decided.valid is False
    with example_meeting.reading() as session:
        record = session.scalars(select(BallotRecord)).one()
        assert record.physical_invalid == "phiếu không có dấu"
        assert record.source == "scan"
    # Without the stamp check (a meeting that does not stamp its ballots), the same page reads straight through.
    other = filled_sheets(example_meeting, "tin-nhiem", GRID[:1], tmp_path, stamped=False)
    _save(other, tmp_path / "kd2", "kd2")
    assert scanning.scan_files(example_meeting, [tmp_path / "kd2"], operator="q", stamp_check=False).counted == 1


def test_dismissing_a_page_is_for_the_head(example_meeting: MeetingFile, tmp_path: Path) -> None:
    pages = filled_sheets(example_meeting, "tin-nhiem", GRID[:1], tmp_path, stamped=False)
    _save(pages, tmp_path / "f", "f")
    page = scanning.scan_files(example_meeting, [tmp_path / "f"], operator="q").pages[0]
    with example_meeting.transaction() as session:
        roles.set_head_pin(session, new_pin="2468", current_pin=None, actor="truong-ban")
    with pytest.raises(AccessError):
        scanning.dismiss(example_meeting, page_id=page.page_id, note="quét lại", actor="q")
    scanning.dismiss(example_meeting, page_id=page.page_id, note="quét lại", actor="tb", pin="2468")


def test_multi_page_files_and_two_workers(example_meeting: MeetingFile, tmp_path: Path) -> None:
    pages = filled_sheets(example_meeting, "tin-nhiem", GRID, tmp_path)
    images = [im for _, ims in pages for im in ims]
    folder = tmp_path / "nhieu-trang"
    folder.mkdir()
    images[0].save(folder / "a.tif", save_all=True, append_images=images[1:2], compression="tiff_deflate")
    buffer = io.BytesIO()
    images[2].convert("RGB").save(
        buffer, "PDF", resolution=200, save_all=True, append_images=[images[3].convert("RGB")]
    )
    (folder / "b.pdf").write_bytes(buffer.getvalue())
    report = scanning.scan_files(example_meeting, [folder], operator="q", workers=2)
    assert [(p.file, p.page_no, p.outcome) for p in report.pages] == [
        ("a.tif", 1, "read"),
        ("a.tif", 2, "read"),
        ("b.pdf", 1, "read"),
        ("b.pdf", 2, "read"),
    ]
    assert [p.serial for p in report.pages] == [s for s, _ in pages]


def test_a_file_that_cannot_be_hashed_after_the_workers_started_stores_nothing_and_is_named(
    example_meeting: MeetingFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The worker processes start once two pages are known to need reading, while later files are still hashed:
    # a later file that cannot be read then still stops the batch before any page is stored, in words.
    from app.services.scanning import ingest

    pages = filled_sheets(example_meeting, "tin-nhiem", GRID[:3], tmp_path)
    files = _save(pages, tmp_path / "ba-tep", "p")
    hash_of = ingest.file_sha256

    def failing(path: Path) -> str:
        if path == files[2]:
            raise ScanFileError(f"{path.name}: không đọc được tệp (Input/output error).")
        return hash_of(path)

    monkeypatch.setattr(ingest, "file_sha256", failing)
    started = []
    start_pool = ingest._start_pool
    monkeypatch.setattr(ingest, "_start_pool", lambda *a: started.append(a) or start_pool(*a))
    with pytest.raises(ScanFileError, match=rf"^{files[2].name}: không đọc được tệp"):
        scanning.scan_files(example_meeting, files, operator="q", workers=2)
    assert len(started) == 1  # the pool had started (and was shut down)
    with example_meeting.reading() as session:
        assert session.scalars(select(ScannedPage)).all() == []


def test_a_file_that_cannot_be_kept_mid_batch_is_named_and_the_pages_before_it_stay(
    example_meeting: MeetingFile, tmp_path: Path
) -> None:
    # Files are kept (copied beside the meeting file) as their pages come up, while earlier pages are read and
    # stored: one that can no longer be copied then stops the batch with its name, keeping what was stored.
    pages = filled_sheets(example_meeting, "tin-nhiem", GRID[:2], tmp_path)
    folder = tmp_path / "giua-chung"
    first, second = _save(pages, folder, "p")
    spare = tmp_path / second.name
    shutil.copyfile(second, spare)

    def progress(done: int, total: int) -> None:
        assert total == 2
        second.unlink()  # gone after it was hashed, before it is kept

    with pytest.raises(ScanFileError, match=rf"^{second.name}: không chép được ảnh quét .*chạy lại để đọc tiếp"):
        scanning.scan_files(example_meeting, [first, second], operator="q", progress=progress)
    with example_meeting.reading() as session:
        assert [p.file_name for p in session.scalars(select(ScannedPage))] == [first.name]

    shutil.copyfile(spare, second)
    report = scanning.scan_files(example_meeting, [first, second], operator="q")
    assert [(p.file, p.outcome) for p in report.pages] == [(first.name, "duplicate"), (second.name, "read")]


def test_bad_input_is_refused_with_the_file_named(example_meeting: MeetingFile, tmp_path: Path) -> None:
    with pytest.raises(ScanFileError, match="không tìm thấy"):
        scanning.scan_files(example_meeting, [tmp_path / "khong-co.png"], operator="q")
    (tmp_path / "rong").mkdir()
    with pytest.raises(ScanFileError, match="không có tệp ảnh"):
        scanning.scan_files(example_meeting, [tmp_path / "rong"], operator="q")
    broken = tmp_path / "hong.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    report = scanning.scan_files(example_meeting, [broken], operator="q")
    assert report.pages[0].outcome == "unreadable"
    (reason,) = report.pages[0].reasons
    assert reason.code is ReasonCode.FILE_FAULT
    assert reason.text is not None
    assert reason.text.startswith("hong.png")  # named as the user named it, not by the kept copy's hash


def test_a_watched_folder_takes_files_once_they_stop_growing(scanned, tmp_path: Path) -> None:
    meeting_file, folder, _ = scanned
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    files = sorted(folder.iterdir())[:2]
    polls = iter(range(100))
    seen: list[str] = []

    def should_stop() -> bool:
        n = next(polls)
        if n == 0:
            shutil.copyfile(files[0], inbox / files[0].name)
        if n == 2:
            shutil.copyfile(files[1], inbox / files[1].name)
        return n >= 6

    report = scanning.watch(
        meeting_file, inbox, operator="q", should_stop=should_stop, interval=0.01, on_page=lambda p: seen.append(p.file)
    )
    assert seen == [files[0].name, files[1].name]
    assert report.counted == 2


def test_verify_finds_a_scan_replaced_or_a_page_deleted_behind_the_apps_back(scanned, tmp_path: Path) -> None:
    import sqlite3
    import zipfile

    meeting_file, folder, _ = scanned
    scanning.scan_files(meeting_file, [folder], operator="q")
    kept = scanning.scans_folder(meeting_file)
    with meeting_file.reading() as session:
        assert integrity.verify(session, scans=kept) == []
    # The sealed archive holds every kept scan, listed in the manifest with its SHA-256.
    report = integrity.archive(meeting_file, tmp_path / "luu-tru.zip", actor="t")
    with zipfile.ZipFile(report.path) as bundle:
        manifest = bundle.read("MANIFEST.sha256").decode()
        names = set(bundle.namelist())
    stored = sorted(kept.iterdir())
    assert len(stored) == len(GRID) + len(STRIKE)
    for path in stored:
        assert f"{path.name[:64]}  {kept.name}/{path.name}" in manifest
        assert f"{kept.name}/{path.name}" in names
    # A kept scan swapped for another image, and a page row deleted with the sqlite3 shell.
    victim = stored[0]
    victim.write_bytes(stored[1].read_bytes())
    connection = sqlite3.connect(meeting_file.path)
    with connection:
        connection.execute("DELETE FROM scanned_page WHERE file_sha256 = ?", (stored[-1].name[:64],))
    connection.close()
    with meeting_file.reading() as session:
        problems = [f.problem for f in integrity.verify(session, scans=kept)]
    assert any("đã bị thay đổi sau khi quét" in p for p in problems)
    assert any("có trong nhật ký nhưng đã mất" in p for p in problems)


LONG_LIST = (
    """
[meeting]
title = "Đại hội đại biểu Đảng bộ xã An Bình lần thứ XX"
organization = "ĐẢNG BỘ XÃ AN BÌNH"
superior = "ĐẢNG BỘ HUYỆN YÊN LẠC"
place = "An Bình"
date = 2025-06-20

[attendance]
convened = 150
present = 146

[[polls]]
id = "dai"
kind = "election"
profile = "party-election"
title = "Bầu Ban Chấp hành (danh sách dài)"
seats = 50
candidates = [
"""
    + ",\n".join(f'  {{ name = "Ứng Cử Viên Số {i:03d}", birth_year = 1970 }}' for i in range(1, 61))
    + "\n]\n"
)


def test_a_two_page_sheet_counts_once_both_pages_are_in(make_meeting, tmp_path: Path) -> None:
    meeting_file = make_meeting(LONG_LIST)
    struck = frozenset({2, 9, 17, 25, 33, 41, 44, 50, 55, 60})  # on both pages of the sheet
    ((serial, images),) = filled_sheets(meeting_file, "dai", [Ballot(key="", struck=struck)], tmp_path)
    assert len(images) == 2
    for n, image in enumerate(images, start=1):
        image.save(tmp_path / f"trang-{n}.png", dpi=(200, 200))
    first = scanning.scan_files(meeting_file, [tmp_path / "trang-1.png"], operator="q").pages[0]
    assert (first.outcome, first.status, first.ballot) == ("read", "waiting", None), first.reasons
    with meeting_file.reading() as session:
        assert "scan_incomplete" in {p.code for p in closing.check_gate(session, "dai")}
    second = scanning.scan_files(meeting_file, [tmp_path / "trang-2.png"], operator="q").pages[0]
    assert (second.status, second.ballot, second.valid) == ("counted", serial, True)
    with meeting_file.reading() as session:
        assert ballots.ballot_by_key(session, code="dai", key=serial).struck == struck
        assert "scan_incomplete" not in {p.code for p in closing.check_gate(session, "dai")}
        pages = session.scalars(select(ScannedPage).order_by(ScannedPage.sheet_page)).all()
        assert [(p.sheet_page, p.status) for p in pages] == [(1, "counted"), (2, "counted")]
        assert pages[0].ballot_id == pages[1].ballot_id


def test_sideways_pages_are_read_and_a_shrunken_print_is_refused(example_meeting: MeetingFile, tmp_path: Path) -> None:
    marks = [Ballot(key="", choices=(frozenset({1}), frozenset({2}), frozenset({3})))] * 3
    pages = filled_sheets(example_meeting, "tin-nhiem", marks, tmp_path)
    folder = tmp_path / "xoay"
    folder.mkdir()
    pages[0][1][0].rotate(90, expand=True).save(folder / "1-xoay-trai.png", dpi=(200, 200))
    pages[1][1][0].rotate(270, expand=True).save(folder / "2-xoay-phai.png", dpi=(200, 200))
    # Printed "fit to page" at 94 %: every box is smaller than the template says. The scan's own dpi shows it.
    small = pages[2][1][0]
    small = small.resize((round(small.width * 0.94), round(small.height * 0.94)))
    small.save(folder / "3-in-thu-nho.png", dpi=(200, 200))
    report = scanning.scan_files(example_meeting, [folder], operator="q")
    outcomes = [(p.outcome, p.ballot) for p in report.pages]
    assert outcomes[:2] == [("read", pages[0][0]), ("read", pages[1][0])]
    assert report.pages[2].outcome == "unreadable"
    (refusal,) = report.pages[2].reasons
    assert refusal.code is ReasonCode.PRINT_SCALE
    assert refusal.share is not None
    assert 0.93 < refusal.share < 0.95
    assert "sai tỉ lệ" in vietnamese(refusal)
    assert report.pages[2].status == "pending"
    with example_meeting.reading() as session:
        for serial, _ in pages[:2]:
            stored = ballots.ballot_by_key(session, code="tin-nhiem", key=serial)
            assert stored.choices == (frozenset({1}), frozenset({2}), frozenset({3}))
    # The same sheet scanned again as printed: it counts, and the page nothing could be read from gives way.
    pages[2][1][0].save(tmp_path / "3-quet-lai.png", dpi=(200, 200))
    again = scanning.scan_files(example_meeting, [tmp_path / "3-quet-lai.png"], operator="q2").pages[0]
    assert (again.outcome, again.ballot) == ("read", pages[2][0])
    with example_meeting.reading() as session:
        assert scanning.review_queue(session) == []
        old = session.scalars(select(ScannedPage).where(ScannedPage.file_name == "3-in-thu-nho.png")).one()
        assert (old.status, old.review_note) == ("dismissed", "đã quét lại: 3-quet-lai.png, trang 1")
        assert integrity.verify(session) == []


EVERY_KIND = ("bch", "bi-thu", "ubkt", "dai-bieu", "tin-nhiem", "danh-gia", "cham-diem", "nghi-quyet", "gioi-thieu")


def test_every_kind_scanned_and_reviewed_gives_the_same_tally_as_keyed_entry(
    example_meeting: MeetingFile, tmp_path: Path
) -> None:
    """The issue's "done when": a folder of filled ballots of every kind, scanned; a person types only what the
    reader was unsure of (handwritten scores and names); the tallies equal those of the same ballots keyed in."""
    from app.printing.test_deck import build_deck
    from app.services.polls import get_poll, poll_def

    folder = tmp_path / "moi-loai"
    intended: dict[str, tuple[str, Ballot]] = {}
    for code in EVERY_KIND:
        with example_meeting.reading() as session:
            pdef = poll_def(get_poll(session, code))
        marks = [sheet.ballot for sheet in build_deck(pdef) if not sheet.unstamped]
        pages = filled_sheets(example_meeting, code, marks, tmp_path)
        _save(pages, folder, code)
        for (serial, _), ballot in zip(pages, marks, strict=True):
            intended[serial] = (code, ballot)
    report = scanning.scan_files(example_meeting, [folder], operator="may-quet")
    assert {p.outcome for p in report.pages} <= {"read", "review"}
    reviewed = 0
    for page in report.pages:
        if page.status != "pending":
            continue
        code, ballot = intended[page.serial]
        assert code in ("cham-diem", "gioi-thieu")  # only handwriting needed a person
        values: dict[tuple[str, int, int], object] = {}
        for cell in page.cells:
            if cell.certain:
                continue
            if cell.kind == "score":
                values[(cell.kind, cell.row, cell.col)] = ballot.scores[cell.row - 1][cell.col - 1]
            else:
                values[(cell.kind, cell.row, cell.col)] = ballot.names[cell.row - 1]
        scanning.decide(example_meeting, page_id=page.page_id, values=values, actor="thu-ky")
        reviewed += 1
    assert reviewed > 0
    with example_meeting.transaction() as session:
        for serial, (code, ballot) in intended.items():
            ballots.enter_ballot(
                session, code=code, serial=serial, ballot=ballot, operator="nhap", station="m2", pass_no=2
            )
    with example_meeting.reading() as session:
        assert scanning.review_queue(session) == []
        for code in EVERY_KIND:
            assert passes.compare_passes(session, code=code) == [], code
            assert tally_json(tally_poll(session, code, 1)) == tally_json(tally_poll(session, code, 2)), code


def test_a_page_the_maths_cannot_align_waits_for_a_person_and_the_batch_goes_on(
    scanned, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    from app.recognition import pipeline

    meeting_file, folder, _ = scanned
    real = pipeline._read
    calls = iter(range(100))

    def degenerate_first(*args, **kwargs):
        if next(calls) == 0:
            raise np.linalg.LinAlgError("SVD did not converge")
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "_read", degenerate_first)
    report = scanning.scan_files(meeting_file, [folder], operator="q")
    assert report.pages[0].outcome == "unreadable"
    assert [(r.code, r.text) for r in report.pages[0].reasons] == [(ReasonCode.ALIGN_FAULT, "LinAlgError")]
    assert report.pages[0].status == "pending"
    assert report.counted == len(GRID) + len(STRIKE) - 1


def test_a_reader_process_that_dies_stops_the_batch_with_the_page_named(
    scanned, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures
    import concurrent.futures.process

    meeting_file, folder, _ = scanned

    class DyingPool:
        """A pool whose worker died (killed for memory, or a decoder crashed on a file)."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def submit(self, *args: object) -> concurrent.futures.Future:
            future: concurrent.futures.Future = concurrent.futures.Future()
            future.set_exception(concurrent.futures.process.BrokenProcessPool("a child process terminated abruptly"))
            return future

        def shutdown(self, **kwargs: object) -> None:
            pass

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", DyingPool)
    with pytest.raises(ScanFileError, match="dừng đột ngột") as raised:
        scanning.scan_files(meeting_file, [folder], operator="q", workers=2)
    assert "bch-1-1.png, trang 1" in str(raised.value)


def test_a_watched_folder_that_is_missing_or_goes_away_is_said_in_words(tmp_path: Path) -> None:
    with pytest.raises(ScanFileError, match="không có thư mục"):
        scanning.FolderWatch(tmp_path / "khong-co")
    inbox = tmp_path / "usb"
    inbox.mkdir()
    watch = scanning.FolderWatch(inbox)
    assert watch.ready() == []
    inbox.rmdir()  # the USB stick is pulled out
    with pytest.raises(ScanFileError, match="không xem được thư mục"):
        watch.ready()


def test_stored_pages_keep_reason_codes_not_words_and_read_back_as_reported(
    example_meeting: MeetingFile, tmp_path: Path
) -> None:
    from app.services.scanning import storage

    pages = filled_sheets(example_meeting, "tin-nhiem", GRID[:1], tmp_path, stamped=False)
    _save(pages, tmp_path / "f", "f")
    scores = filled_sheets(example_meeting, "cham-diem", [Ballot(key="", scores=((17, 18), (20, 12)))], tmp_path)
    _save(scores, tmp_path / "f", "g")
    report = scanning.scan_files(example_meeting, [tmp_path / "f"], operator="q")
    assert [[r.code for r in p.reasons] for p in report.pages] == [
        [ReasonCode.STAMP_UNCLEAR],
        [ReasonCode.SCORE_WRITTEN] * 4,
    ]
    with example_meeting.reading() as session:
        rows = {p.id: p for p in session.scalars(select(ScannedPage))}
        logged = [e.details for e in session.scalars(select(AuditEntry).where(AuditEntry.action == "scan.page"))]
        queue = {q.page_id: q for q in scanning.review_queue(session)}
        for page in report.pages:
            assert page.page_id is not None
            row = rows[page.page_id]
            assert row.reasons == [r.as_json() for r in page.reasons]  # codes and parameters, no words
            assert storage.reasons_of(row) == page.reasons == queue[page.page_id].reasons
            assert [c.as_list() for c in storage.cells_of(row)] == [c.as_list() for c in page.cells]
            measures = storage.measures_of(row)
            assert measures is not None
            assert measures.paper == "A4"
            assert len(measures.transform) == 3
        assert rows[report.pages[0].page_id].checks == [Check.STAMP]  # type: ignore[index]
        assert rows[report.pages[1].page_id].checks == []  # type: ignore[index]
    assert [d["reasons"] for d in logged] == [[r.as_json() for r in p.reasons] for p in report.pages]
    assert logged[0]["reasons"] == [{"code": "stamp_unclear", "params": {}}]


def test_a_dithered_black_and_white_qr_at_150_dpi_is_found(example_meeting: MeetingFile, tmp_path: Path) -> None:
    """A scanner set to black and white dithers the grey: the QR's modules become dots that the decoder cannot
    read as they are; averaged over 3 × 3 pixels they read. The file is the QR corner of a benchmark page that
    was refused for it ("no QR"); its code belongs to another meeting, which is what the reader must now say."""
    from app.recognition.reading import find_code

    source = Path(__file__).parents[1] / "data" / "dithered-qr-150dpi.tif"
    with Image.open(source) as image:
        assert image.mode == "1"
        assert find_code(image.convert("L")) is None  # as it comes, the decoder finds nothing
    shutil.copy(source, tmp_path / "trang-den.tif")
    (page,) = scanning.scan_files(example_meeting, [tmp_path / "trang-den.tif"], operator="q").pages
    assert page.outcome is Outcome.FOREIGN
    assert [r.code for r in page.reasons] == [ReasonCode.CODE_FOREIGN]


@pytest.mark.parametrize(("dpi", "bilevel"), [(150, False), (300, False), (200, True)])
def test_a_fold_crease_along_a_name_on_a_noisy_scan_is_not_a_strike(
    example_meeting: MeetingFile, tmp_path: Path, dpi: int, bilevel: bool
) -> None:
    """A fold crease runs along a name row across the whole sheet; the scan is grainy (strong wear: noise of
    14 grey levels), so single pixels of plain paper are as dark as the crease. The crease is found as a
    crease (the grey is averaged before it is compared) and the name is never read as struck. A black-and-white
    scanner cuts the crease into dashes where the grain takes it past its threshold: still a crease."""
    import random

    import numpy as np
    import voters
    from PIL import ImageChops

    from app.printing.layout import template

    (serial, (image,)), *_ = filled_sheets(
        example_meeting, "bch", [Ballot(key="", struck=frozenset({1, 2}))], tmp_path, dpi=dpi
    )
    with example_meeting.reading() as session:
        _, layout = printing.poll_layout(session, "bch", "A4")
    names = {r["row"]: r["rect"] for r in template("bch", "A4", layout)["pages"][0]["regions"] if r["kind"] == "name"}
    x, y, _, h = names[5]
    crease = voters.Crease(x=x, y=y + h * 0.55, angle=0.25, core_mm=0.3, darkest=172, shadow_mm=2.0, side=1)
    creased = ImageChops.multiply(image, voters.crease_layer(image.size, dpi, crease, random.Random(3)))
    grain = np.random.default_rng(5).normal(0, 14, (creased.height, creased.width))
    noisy = Image.fromarray(np.clip(np.asarray(creased, dtype=float) * 0.94 + grain, 0, 255).astype(np.uint8))
    if bilevel:
        noisy = noisy.point(lambda v: 255 if v > 168 else 0).convert("1", dither=Image.Dither.NONE)
    noisy.save(tmp_path / "gap.png", dpi=(dpi, dpi))
    (page,) = scanning.scan_files(example_meeting, [tmp_path / "gap.png"], operator="q").pages
    cells = {(c.kind, c.row): c for c in page.cells}
    assert not (cells[("name", 5)].value and cells[("name", 5)].certain), page.cells  # never a certain strike
    assert {row for (kind, row), c in cells.items() if c.value and c.certain} == {1, 2}
    if page.outcome is Outcome.READ:
        assert page.ballot == serial
    else:  # the crease's shadow beside the band may still look like a line to a person's eye: they decide, and
        # only about the rows it runs along (row 5) or beside (row 6)
        assert {r.code for r in page.reasons} <= {ReasonCode.NAME_STRAY_LINE, ReasonCode.NAME_PARTLY_STRUCK}
        if dpi == 150:
            # Known limit, not a wrong reading: on this grainy 150 dpi page, in about one run in ten (it depends on
            # the meeting's QR code and the pen strokes of rows 1-2), the fine reading also sends unmarked rows 4
            # and 7 to a person (the same before stop 16's changes; seen in CI). Any unmarked row may be asked about.
            assert {r.row for r in page.reasons} <= set(range(3, 10)), page.reasons
        else:
            assert {r.row for r in page.reasons} <= {5, 6}, page.reasons


@pytest.mark.parametrize("dpi", [150, 200])
def test_a_scanner_streak_through_the_qr_code_does_not_hide_the_page(
    example_meeting: MeetingFile, tmp_path: Path, dpi: int
) -> None:
    """Dirt on the scanner's glass draws a dark line down the whole feed; through the QR code it breaks the
    modules and the decoder finds no code (bench --names seed 11: a motion ballot refused "no QR"). The streak is
    found in the scanner's own frame and filled in from the columns beside it before the code is looked for
    again: the page is read, and the streak is not a mark."""
    import numpy as np

    from app.recognition.reading import find_code

    (serial, (image,)), *_ = filled_sheets(
        example_meeting, "bch", [Ballot(key="", struck=frozenset({1, 2}))], tmp_path, dpi=dpi
    )
    grey = image.convert("L")
    found = find_code(np.asarray(grey))
    assert found is not None
    # through the left finder patterns, as on the bench page
    x = int(found.corners[:, 0].min() + 0.08 * (found.corners[:, 0].max() - found.corners[:, 0].min()))
    ImageDraw.Draw(grey).rectangle([x, 0, x + round(dpi / 30), grey.height], fill=90)
    assert find_code(np.asarray(grey)) is None  # as the decoder sees it, there is no code
    grey.save(tmp_path / "streak.png", dpi=(dpi, dpi))
    (page,) = scanning.scan_files(example_meeting, [tmp_path / "streak.png"], operator="q").pages
    assert page.serial == serial, page
    assert page.outcome in (Outcome.READ, Outcome.REVIEW), page
    assert {c.row for c in page.cells if c.kind == "name" and c.value and c.certain} == {1, 2}
