"""app.services.ballots: parsing entries, recording ballots, entering files, overrides and loading back."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.errors import EntryError, ImportFileError, NotFoundError, StateError
from app.rules.model import Ballot, Layout, Override
from app.rules.words import vietnamese
from app.services import ballots
from app.services.ballots import BallotSaved, EntryDraft, parse_entry
from app.services.polls import get_poll, poll_def, summarize
from app.services.tallying import tally_poll
from app.store.db import MeetingFile
from app.store.orm import AuditEntry, BallotRecord, BallotSheet, Mark

# --- helpers -----------------------------------------------------------------------------------------


def record(meeting_file: MeetingFile, code: str, entry: dict[str, Any], *, operator: str = "Lê Thị Mai") -> BallotSaved:
    """Parse one JSON entry and record it in its own transaction."""
    with meeting_file.transaction() as session:
        return record_in(session, code, entry, operator=operator)


def record_in(session: Session, code: str, entry: dict[str, Any], *, operator: str = "Lê Thị Mai") -> BallotSaved:
    poll = get_poll(session, code)
    return ballots.record_ballot(
        session,
        poll=poll,
        pdef=poll_def(poll),
        draft=parse_entry(entry),
        operator=operator,
        station="may-kiem-thu",
    )


def refused(meeting_file: MeetingFile, code: str, entry: dict[str, Any], *fragments: str) -> str:
    """Recording `entry` raises EntryError (inside a transaction that still commits); return the message."""
    with meeting_file.transaction() as session:
        with pytest.raises(EntryError) as info:
            record_in(session, code, entry)
        message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


def counts(meeting_file: MeetingFile) -> tuple[int, int, int]:
    """(ballot rows, mark rows, ballot.entered audit rows), counted with plain SQL."""
    with meeting_file.reading() as session:
        return (
            session.execute(text("SELECT count(*) FROM ballot")).scalar_one(),
            session.execute(text("SELECT count(*) FROM mark")).scalar_one(),
            session.execute(text("SELECT count(*) FROM audit_log WHERE action = 'ballot.entered'")).scalar_one(),
        )


def status(meeting_file: MeetingFile, code: str) -> str:
    with meeting_file.reading() as session:
        return get_poll(session, code).status


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- parse_entry: accepted shapes -----------------------------------------------------------------------


def test_parse_struck() -> None:
    draft = parse_entry({"serial": "BCH-0001", "struck": [2, 5]})
    assert draft == EntryDraft(serial="BCH-0001", ballot=Ballot(key="BCH-0001", struck=frozenset({2, 5})))


def test_parse_choices_with_blank_rows_and_multi_marks() -> None:
    assert parse_entry({"serial": "TN-0001", "choices": [1, 0, 2]}).ballot.choices == (
        frozenset({1}),
        frozenset(),
        frozenset({2}),
    )
    assert parse_entry({"serial": "TN-0002", "choices": [1, [1, 3], 2]}).ballot.choices == (
        frozenset({1}),
        frozenset({1, 3}),
        frozenset({2}),
    )
    assert parse_entry({"choices": [[], [0], [0, 2]]}).ballot.choices == (
        frozenset(),
        frozenset(),
        frozenset({2}),
    )


def test_parse_scores_in_half_points_with_blanks() -> None:
    draft = parse_entry({"serial": "CD-0001", "scores": [[25, 60.5], [20, None]]})
    assert draft.ballot.scores == ((50, 121), (40, None))
    assert parse_entry({"scores": [[0, 0.5], [30.0, 70]]}).ballot.scores == ((0, 1), (60, 140))


def test_parse_names_normalised_and_blanks_dropped() -> None:
    nfd = unicodedata.normalize("NFD", "Lê Văn Cường")
    draft = parse_entry({"serial": "GT-0001", "names": [nfd, "  Phạm  Thị Dung ", "", "   "]})
    assert draft.ballot.names == ("Lê Văn Cường", "Phạm Thị Dung")


def test_parse_physical_invalid_alone_and_with_marks() -> None:
    draft = parse_entry({"serial": "BCH-0002", "physical_invalid": "no_stamp"})
    assert draft.ballot == Ballot(key="BCH-0002", physical_invalid="no_stamp", marks_entered=False)
    free = parse_entry({"physical_invalid": "  Phiếu   viết thêm  ", "struck": [1]})
    assert free.ballot.physical_invalid == "Phiếu viết thêm"
    assert free.ballot.struck == frozenset({1})
    assert free.ballot.marks_entered is True
    assert parse_entry({"struck": []}).ballot.marks_entered is True


def test_parse_without_serial() -> None:
    draft = parse_entry({"struck": [1]})
    assert draft.serial is None
    assert draft.ballot == Ballot(key="", struck=frozenset({1}))
    assert parse_entry({"serial": None, "struck": []}).serial is None


def test_parse_serial_is_normalised() -> None:
    nfd = unicodedata.normalize("NFD", "PHIẾU-01")
    draft = parse_entry({"serial": f"  {nfd} ", "struck": [1]})
    assert draft.serial == "PHIẾU-01"
    assert draft.ballot.key == "PHIẾU-01"


def test_parse_every_readme_line() -> None:
    readme_lines = [
        '{"serial": "BCH-0001", "struck": [2, 5]}',
        '{"serial": "TN-0001", "choices": [1, 0, 2]}',
        '{"serial": "TN-0002", "choices": [1, [1, 3], 2]}',
        '{"serial": "CD-0001", "scores": [[25, 60.5], [20, null]]}',
        '{"serial": "GT-0001", "names": ["Lê Văn Cường", "Phạm Thị Dung"]}',
        '{"serial": "BCH-0002", "physical_invalid": "no_stamp"}',
        '{"struck": [1]}',
    ]
    drafts = [parse_entry(json.loads(line)) for line in readme_lines]
    assert [d.serial for d in drafts] == [
        "BCH-0001",
        "TN-0001",
        "TN-0002",
        "CD-0001",
        "GT-0001",
        "BCH-0002",
        None,
    ]


# --- parse_entry: refused shapes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ([1, 2], "đối tượng JSON"),
        ("BCH-0001", "đối tượng JSON"),
        (None, "đối tượng JSON"),
        ({"serial": "X", "strike": [1]}, "khóa không hợp lệ 'strike'"),
        ({"serial": "X", "struck": [1], "note": "x"}, "khóa không hợp lệ 'note'"),
        ({"struck": [1], "choices": [1]}, "chỉ ghi một trong"),
        ({"scores": [[1]], "names": ["An"]}, "chỉ ghi một trong"),
        ({"struck": 2}, "'struck' phải là một danh sách"),
        ({"choices": "1,0,2"}, "'choices' phải là một danh sách"),
        ({"scores": 5}, "'scores' phải là một danh sách"),
        ({"names": "Lê Văn Cường"}, "'names' phải là một danh sách"),
        ({"struck": {"1": True}}, "'struck' phải là một danh sách"),
        ({"struck": [True]}, "phải là số nguyên"),
        ({"struck": [1.0]}, "phải là số nguyên"),
        ({"struck": ["2"]}, "phải là số nguyên"),
        ({"struck": [2, 2]}, "hai lần"),
        ({"choices": [1, True]}, "dòng 2 phải là số nguyên"),
        ({"choices": [[1, False]]}, "dòng 1 phải là số nguyên"),
        ({"choices": [1, "2"]}, "dòng 2 phải là số nguyên"),
        ({"scores": [[True, 1]]}, "'scores' dòng 1"),
        ({"scores": [[10, "5"]]}, "'scores' dòng 1"),
        ({"scores": [[10], 5]}, "'scores' dòng 2 phải là danh sách"),
        ({"scores": [[25.25, 60]]}, "bội số của 0,5"),
        ({"scores": [[10], [0.1]]}, "bội số của 0,5"),
        ({"names": ["An", 3]}, "'names' phải là danh sách họ tên"),
        ({"names": [None]}, "'names' phải là danh sách họ tên"),
        ({"serial": "", "struck": [1]}, "'serial'"),
        ({"serial": "   ", "struck": [1]}, "'serial'"),
        ({"serial": 12, "struck": [1]}, "'serial'"),
        ({"serial": "#3", "struck": [1]}, "'#'"),
        ({"serial": " #3", "struck": [1]}, "'#'"),
        ({"serial": "X" * 65, "struck": [1]}, "64"),
        ({"serial": "X"}, "thiếu nội dung phiếu"),
        ({}, "thiếu nội dung phiếu"),
        ({"physical_invalid": ""}, "'physical_invalid'"),
        ({"physical_invalid": 1}, "'physical_invalid'"),
        ({"physical_invalid": True}, "'physical_invalid'"),
    ],
)
def test_parse_entry_refuses(data: Any, fragment: str) -> None:
    with pytest.raises(EntryError) as info:
        parse_entry(data)
    assert fragment in str(info.value)


def test_serial_of_64_characters_is_fine() -> None:
    assert parse_entry({"serial": "X" * 64, "struck": [1]}).serial == "X" * 64


# --- record_ballot ---------------------------------------------------------------------------------------


def test_record_ballot_stores_marks_and_audit(example_meeting: MeetingFile) -> None:
    saved = record(example_meeting, "bch", {"serial": "BCH-0001", "struck": [8, 9]})
    assert saved == BallotSaved(key="BCH-0001", valid=True, reason=None)
    assert counts(example_meeting) == (1, 2, 1)
    assert status(example_meeting, "bch") == "counting"
    with example_meeting.reading() as session:
        row = session.scalar(select(BallotRecord))
        assert row is not None
        assert (row.serial, row.app_number, row.source, row.operator, row.station, row.pass_no) == (
            "BCH-0001",
            None,
            "keyed",
            "Lê Thị Mai",
            "may-kiem-thu",
            1,
        )
        assert row.entered_at == dt.datetime(2025, 6, 20, 9, 30)
        assert (row.auto_valid, row.auto_reason, row.override_valid) == (True, None, None)
        marks = session.execute(select(Mark.row, Mark.col, Mark.value, Mark.text).order_by(Mark.row)).all()
        assert [tuple(m) for m in marks] == [(8, 0, None, None), (9, 0, None, None)]
        details = session.scalar(select(AuditEntry.details).where(AuditEntry.action == "ballot.entered"))
    assert details["marks"] == [[8, 0, None, None], [9, 0, None, None]]
    assert details["valid"] is True


def test_record_ballot_reports_invalid_ballots(example_meeting: MeetingFile) -> None:
    saved = record(example_meeting, "bch", {"serial": "BCH-0001", "struck": [9]})  # keeps 8 for 7 seats
    assert saved.valid is False
    assert saved.reason
    physical = record(example_meeting, "bch", {"serial": "BCH-0002", "physical_invalid": "no_stamp"})
    assert physical.valid is False
    assert physical.reason is not None
    assert "no_stamp" not in physical.reason  # the code becomes the minutes wording
    with example_meeting.reading() as session:
        summary = summarize(session, get_poll(session, "bch"))
    assert (summary.entered, summary.valid, summary.invalid) == (2, 0, 2)


@pytest.mark.parametrize(
    ("code", "entry", "fragment"),
    [
        ("bch", {"struck": [10]}, "10"),
        ("bch", {"struck": [0]}, "0"),
        ("bch", {"struck": [1, -1]}, "-1"),
        ("bch", {"choices": [1] * 9}, "'struck'"),
        ("ubkt", {"choices": [1, 1]}, "3 dòng"),
        ("ubkt", {"choices": [1, 1, 1, 1]}, "3 dòng"),
        ("ubkt", {"choices": [1, 3, 1]}, "dòng 2: cột 3"),
        ("ubkt", {"struck": [1]}, "'choices'"),
        ("bi-thu", {"choices": [1, 2]}, "1 dòng"),
        ("nghi-quyet", {"choices": [1, 4]}, "dòng 2: cột 4"),
        ("danh-gia", {"choices": [1, 2, 3, 5, 1]}, "dòng 4: cột 5"),
        ("cham-diem", {"scores": [[25, 60]]}, "2 người"),
        ("cham-diem", {"scores": [[25, 60], [20, 50, 10]]}, "dòng 2: cần 2 điểm"),
        ("cham-diem", {"scores": [[25], [20, 50]]}, "dòng 1: cần 2 điểm"),
        ("gioi-thieu", {"struck": [1]}, "'names'"),
    ],
)
def test_shape_errors_store_nothing(
    example_meeting: MeetingFile, code: str, entry: dict[str, Any], fragment: str
) -> None:
    refused(example_meeting, code, {"serial": "X-1", **entry}, fragment)
    assert counts(example_meeting) == (0, 0, 0)
    assert status(example_meeting, code) == "draft"
    with example_meeting.reading() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.poll_id.is_not(None))) == 9


def test_duplicate_serial_names_time_and_station(example_meeting: MeetingFile) -> None:
    record(example_meeting, "bch", {"serial": "BCH-0001", "struck": [8, 9]}, operator="Trần Quốc Toản")
    message = refused(
        example_meeting,
        "bch",
        {"serial": "BCH-0001", "struck": [1]},
        "BCH-0001",
        "09:30:00",
        "20/06/2025",
        "may-kiem-thu",
        "Trần Quốc Toản",
    )
    assert "đã được nhập" in message
    refused(
        example_meeting,
        "bch",
        {"serial": unicodedata.normalize("NFD", " BCH-0001 "), "struck": [1]},
        "đã được",
    )
    assert counts(example_meeting) == (1, 2, 1)


def test_same_serial_in_another_poll_is_fine_without_a_registry(example_meeting: MeetingFile) -> None:
    record(example_meeting, "bch", {"serial": "P-1", "struck": [8, 9]})
    assert record(example_meeting, "dai-bieu", {"serial": "P-1", "struck": [6]}).key == "P-1"


def test_app_numbers_for_ballots_without_serial(example_meeting: MeetingFile) -> None:
    keys = [
        record(example_meeting, "bch", {"struck": [1, 2]}).key,
        record(example_meeting, "bch", {"serial": "BCH-0007", "struck": [1, 2]}).key,
        record(example_meeting, "bch", {"physical_invalid": "torn"}).key,
        record(example_meeting, "bch", {"struck": [3, 4]}).key,
    ]
    assert keys == ["#1", "BCH-0007", "#2", "#3"]
    assert record(example_meeting, "dai-bieu", {"struck": [6]}).key == "#1"  # numbering is per poll
    with example_meeting.reading() as session:
        rows = session.execute(select(BallotRecord.serial, BallotRecord.app_number).order_by(BallotRecord.id)).all()
    assert [tuple(r) for r in rows] == [(None, 1), ("BCH-0007", None), (None, 2), (None, 3), (None, 1)]


def test_registry_serials(example_meeting: MeetingFile) -> None:
    at = dt.datetime(2025, 6, 20, 7, 0)
    with example_meeting.transaction() as session:
        bch, bi_thu = get_poll(session, "bch"), get_poll(session, "bi-thu")
        session.add_all(
            [
                BallotSheet(poll_id=bch.id, serial="BCH-0001", status="issued", created_at=at),
                BallotSheet(poll_id=bch.id, serial="BCH-0002", status="issued", created_at=at),
                BallotSheet(poll_id=bch.id, serial="BCH-0003", status="spoiled", created_at=at),
                BallotSheet(poll_id=bch.id, serial="BCH-0004", status="unused", created_at=at),
                BallotSheet(poll_id=bch.id, serial="BCH-0005", status="test", created_at=at),
                BallotSheet(poll_id=bi_thu.id, serial="BT-0001", status="issued", created_at=at),
            ]
        )
    assert record(example_meeting, "bch", {"serial": "BCH-0001", "struck": [8, 9]}).valid is True
    messages = {
        "unknown": refused(example_meeting, "bch", {"serial": "BCH-9999", "struck": [1]}, "BCH-9999", "sổ phiếu"),
        "spoiled": refused(example_meeting, "bch", {"serial": "BCH-0003", "struck": [1]}, "BCH-0003", "đã hủy"),
        "unused": refused(example_meeting, "bch", {"serial": "BCH-0004", "struck": [1]}, "BCH-0004", "chưa phát"),
        "test": refused(example_meeting, "bch", {"serial": "BCH-0005", "struck": [1]}, "BCH-0005", "phiếu thử"),
        "other": refused(example_meeting, "bch", {"serial": "BT-0001", "struck": [1]}, "BT-0001", "nội dung"),
        "again": refused(example_meeting, "bch", {"serial": "BCH-0001", "struck": [1]}, "đã được nhập"),
    }
    assert len(set(messages.values())) == len(messages)
    assert counts(example_meeting) == (1, 2, 1)
    # The sheet of the other poll is good for its own poll.
    assert record(example_meeting, "bi-thu", {"serial": "BT-0001", "choices": [1]}).valid is True
    assert record(example_meeting, "bch", {"serial": "BCH-0002", "struck": [1, 2]}).key == "BCH-0002"


def test_registry_gives_issued_when_the_committee_has_not(example_meeting: MeetingFile) -> None:
    at = dt.datetime(2025, 6, 20, 7, 0)
    with example_meeting.transaction() as session:
        poll = get_poll(session, "nghi-quyet")
        poll.issued = None
        session.add_all(
            [
                BallotSheet(poll_id=poll.id, serial=f"NQ-{i}", status=s, created_at=at)
                for i, s in enumerate(["issued", "issued", "issued", "spoiled", "test"])
            ]
        )
    with example_meeting.reading() as session:
        assert summarize(session, get_poll(session, "nghi-quyet")).issued == 3
        assert tally_poll(session, "nghi-quyet").tally.totals.issued == 3


def test_closed_poll_refuses_entries(example_meeting: MeetingFile, tmp_path: Path) -> None:
    with example_meeting.transaction() as session:
        get_poll(session, "bch").status = "closed"
    with example_meeting.transaction() as session, pytest.raises(StateError, match="“Bầu Ban Chấp hành"):
        record_in(session, "bch", {"serial": "BCH-0001", "struck": [8, 9]})
    path = write_lines(tmp_path / "phieu.jsonl", ['{"struck": [8, 9]}'])
    with pytest.raises(StateError):
        ballots.enter_file(example_meeting, code="bch", path=path, operator="x")
    assert counts(example_meeting) == (0, 0, 0)


# --- enter_file ------------------------------------------------------------------------------------------


def test_enter_file_good_and_bad_lines(example_meeting: MeetingFile, tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "phieu.jsonl",
        [
            '{"serial": "BCH-0001", "struck": [8, 9]}',  # 1 good
            "",  # 2 blank
            '{"serial": "BCH-0002", "struck": [1, 2]}',  # 3 good
            '{"serial": "BCH-0003", "struck": [1, 2]',  # 4 bad JSON
            '{"serial": "BCH-0004", "strike": [1, 2]}',  # 5 unknown key
            '{"serial": "BCH-0001", "struck": [3, 4]}',  # 6 duplicate serial within the file
            '{"serial": "BCH-0005", "struck": [10]}',  # 7 shape error
            '{"struck": [1, 9]}',  # 8 good, #1
            "    ",  # 9 blank
            '{"physical_invalid": "no_stamp"}',  # 10 good, invalid, #2
            "[1, 2]",  # 11 not an object
            '{"serial": "BCH-0006", "struck": []}',  # 12 good, keeps 9 for 7 seats: invalid
            '{"serial": "BCH-0007", "scores": [[1, 2]]}',  # 13 shape error (wrong layout)
        ],
    )
    report = ballots.enter_file(example_meeting, code="bch", path=path, operator="Lê Thị Mai")
    assert [b.key for b in report.accepted] == ["BCH-0001", "BCH-0002", "#1", "#2", "BCH-0006"]
    assert [b.valid for b in report.accepted] == [True, True, True, False, False]
    assert report.valid == 3
    assert [n for n, _ in report.rejected] == [4, 5, 6, 7, 11, 13]
    reasons = dict(report.rejected)
    assert "JSON" in reasons[4]
    assert "'strike'" in reasons[5]
    assert "BCH-0001" in reasons[6]
    assert "may-kiem-thu" in reasons[6]
    assert "10" in reasons[7]
    assert "đối tượng JSON" in reasons[11]
    assert "'struck'" in reasons[13]
    # Rows: 5 ballots; marks 2 + 2 + 2 + 0 + 0; one audit entry per stored ballot.
    assert counts(example_meeting) == (5, 6, 5)
    with example_meeting.reading() as session:
        serials = session.scalars(select(BallotRecord.serial).order_by(BallotRecord.id)).all()
        marks_of_first = session.execute(
            select(Mark.row)
            .join(BallotRecord, BallotRecord.id == Mark.ballot_id)
            .where(BallotRecord.serial == "BCH-0001")
            .order_by(Mark.row)
        ).all()
        summary = summarize(session, get_poll(session, "bch"))
    assert serials == ["BCH-0001", "BCH-0002", None, None, "BCH-0006"]
    assert [r for (r,) in marks_of_first] == [8, 9]  # not the 3, 4 of the rejected duplicate
    assert (summary.entered, summary.valid, summary.invalid) == (5, 3, 2)


def test_enter_file_again_rejects_the_serials(example_meeting: MeetingFile, tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "phieu.jsonl",
        ['{"serial": "BCH-0001", "struck": [8, 9]}', '{"serial": "BCH-0002", "struck": [1]}'],
    )
    first = ballots.enter_file(example_meeting, code="bch", path=path, operator="x")
    assert len(first.accepted) == 2
    second = ballots.enter_file(example_meeting, code="bch", path=path, operator="x")
    assert second.accepted == ()
    assert [n for n, _ in second.rejected] == [1, 2]
    assert all("đã được nhập" in reason and "may-kiem-thu" in reason for _, reason in second.rejected)
    assert counts(example_meeting) == (2, 3, 2)


def test_enter_file_every_layout(example_meeting: MeetingFile, tmp_path: Path) -> None:
    cases = {
        "ubkt": '{"choices": [1, 2, [1, 2]]}',
        "bi-thu": '{"choices": [2]}',
        "tin-nhiem": '{"choices": [1, 0, 3]}',
        "danh-gia": '{"choices": [2, 2, 1, 3, 4]}',
        "cham-diem": '{"scores": [[25, 60.5], [20, null]]}',
        "nghi-quyet": '{"choices": [1, 3]}',
        "gioi-thieu": '{"names": ["Lê Văn Cường", "Phạm Thị Dung"]}',
    }
    for code, line in cases.items():
        path = write_lines(tmp_path / f"{code}.jsonl", [line])
        report = ballots.enter_file(example_meeting, code=code, path=path, operator="x")
        assert report.rejected == (), code
        assert [b.key for b in report.accepted] == ["#1"], code


def test_enter_file_empty_file(example_meeting: MeetingFile, tmp_path: Path) -> None:
    path = tmp_path / "rong.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    report = ballots.enter_file(example_meeting, code="bch", path=path, operator="x")
    assert (report.accepted, report.rejected, report.valid) == ((), (), 0)
    assert status(example_meeting, "bch") == "draft"


def test_enter_file_missing_file(example_meeting: MeetingFile, tmp_path: Path) -> None:
    path = tmp_path / "khong-co.jsonl"
    with pytest.raises(ImportFileError) as info:
        ballots.enter_file(example_meeting, code="bch", path=path, operator="x")
    assert str(path) in str(info.value)
    assert "không tìm thấy" in str(info.value)


def test_enter_file_not_utf8(example_meeting: MeetingFile, tmp_path: Path) -> None:
    path = tmp_path / "cp1258.jsonl"
    path.write_bytes('{"names": ["Lê Văn Cường"]}\n'.encode("utf-16"))
    with pytest.raises(ImportFileError, match=r"cp1258\.jsonl.*UTF-8"):
        ballots.enter_file(example_meeting, code="gioi-thieu", path=path, operator="x")
    assert counts(example_meeting) == (0, 0, 0)


def test_enter_file_unknown_poll(example_meeting: MeetingFile, tmp_path: Path) -> None:
    path = write_lines(tmp_path / "phieu.jsonl", ['{"struck": [1]}'])
    with pytest.raises(NotFoundError, match="'bch9'"):
        ballots.enter_file(example_meeting, code="bch9", path=path, operator="x")


def test_enter_file_with_utf8_bom(example_meeting: MeetingFile, tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes('{"serial": "BCH-0001", "struck": [8, 9]}\n{"struck": [1, 2]}\n'.encode("utf-8-sig"))
    report = ballots.enter_file(example_meeting, code="bch", path=path, operator="x")
    assert report.rejected == ()
    assert [b.key for b in report.accepted] == ["BCH-0001", "#1"]


# --- override_validity -----------------------------------------------------------------------------------


def test_override_requires_a_reason(example_meeting: MeetingFile) -> None:
    record(example_meeting, "bch", {"serial": "BCH-0001", "struck": [8, 9]})
    for reason in ("", "   "):
        with pytest.raises(EntryError, match="lý do"), example_meeting.transaction() as session:
            ballots.override_validity(session, code="bch", key="BCH-0001", valid=False, reason=reason, actor="x")
    with example_meeting.reading() as session:
        assert session.scalar(select(BallotRecord.override_valid)) is None
        assert session.scalar(select(func.count()).where(AuditEntry.action == "ballot.override")) == 0


def test_override_valid_to_invalid_and_back(example_meeting: MeetingFile) -> None:
    record(example_meeting, "bch", {"serial": "BCH-0001", "struck": [8, 9]})
    record(example_meeting, "bch", {"serial": "BCH-0002", "struck": [7, 8]})
    with example_meeting.transaction() as session:
        saved = ballots.override_validity(
            session,
            code="bch",
            key="BCH-0001",
            valid=False,
            reason=" Phiếu  có ký tên ",
            actor="Nguyễn Văn Hùng",
        )
    assert saved == BallotSaved(key="BCH-0001", valid=False, reason="Phiếu có ký tên")
    with example_meeting.reading() as session:
        row = session.scalar(select(BallotRecord).where(BallotRecord.serial == "BCH-0001"))
        assert row is not None
        assert (
            row.auto_valid,
            row.override_valid,
            row.override_reason,
            row.override_by,
            row.override_at,
        ) == (
            True,
            False,
            "Phiếu có ký tên",
            "Nguyễn Văn Hùng",
            dt.datetime(2025, 6, 20, 9, 30),
        )
        t = tally_poll(session, "bch").tally
        summary = summarize(session, get_poll(session, "bch"))
        audit = session.scalar(select(AuditEntry).where(AuditEntry.action == "ballot.override"))
        assert audit is not None
        assert (audit.actor, audit.subject) == ("Nguyễn Văn Hùng", "BCH-0001")
        assert audit.details == {
            "head_pin": False,  # no PIN set in this meeting
            "automatic": [True, None],
            "before": None,
            "valid": False,
            "reason": "Phiếu có ký tên",
        }
    assert (t.totals.valid, t.totals.invalid) == (1, 1)
    assert {vietnamese(r): n for r, n in t.totals.invalid_reasons} == {"Phiếu có ký tên": 1}
    assert [(o.key, o.automatic_valid, o.automatic_reason, o.valid, o.reason) for o in t.overrides] == [
        ("BCH-0001", True, None, False, "Phiếu có ký tên")
    ]
    assert [i.votes for i in t.items] == [1, 1, 1, 1, 1, 1, 0, 0, 1]  # only BCH-0002 counts
    assert (summary.valid, summary.invalid) == (1, 1)

    with example_meeting.transaction() as session:
        ballots.override_validity(session, code="bch", key="BCH-0001", valid=True, reason="Xem lại", actor="x")
    with example_meeting.reading() as session:
        t = tally_poll(session, "bch").tally
        befores = session.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "ballot.override").order_by(AuditEntry.id)
        ).all()
    assert (t.totals.valid, t.totals.invalid) == (2, 0)
    assert t.overrides == ()  # agreeing with the automatic ruling is no longer an override
    assert [d["before"] for d in befores] == [None, False]


def test_override_invalid_to_valid(example_meeting: MeetingFile) -> None:
    record(example_meeting, "bch", {"serial": "BCH-0001", "struck": [8, 9], "physical_invalid": "signed"})
    record(example_meeting, "bch", {"struck": [1, 2]})
    with example_meeting.reading() as session:
        before = tally_poll(session, "bch").tally
    assert (before.totals.valid, before.totals.invalid) == (1, 1)
    with example_meeting.transaction() as session:
        saved = ballots.override_validity(
            session, code="bch", key="BCH-0001", valid=True, reason="Chữ ký là của tổ in phiếu", actor="x"
        )
    assert saved == BallotSaved(key="BCH-0001", valid=True, reason=None)
    with example_meeting.reading() as session:
        after = tally_poll(session, "bch").tally
    assert (after.totals.valid, after.totals.invalid) == (2, 0)
    assert [i.votes for i in after.items] == [1, 1, 2, 2, 2, 2, 2, 1, 1]
    [override] = after.overrides
    assert (override.key, override.automatic_valid, override.valid) == ("BCH-0001", False, True)
    assert override.automatic_reason is not None


def test_override_by_app_number(example_meeting: MeetingFile) -> None:
    record(example_meeting, "ubkt", {"choices": [1, 1, 1]})
    with example_meeting.transaction() as session:
        ballots.override_validity(session, code="ubkt", key="#1", valid=False, reason="Rách", actor="x")
    with example_meeting.reading() as session:
        assert tally_poll(session, "ubkt").tally.totals.invalid == 1


def test_override_unknown_ballot(example_meeting: MeetingFile) -> None:
    record(example_meeting, "bch", {"serial": "BCH-0001", "struck": [8, 9]})
    for key in ("BCH-9999", "#1", "#x"):
        with pytest.raises(NotFoundError, match="“Bầu Ban Chấp hành"), example_meeting.transaction() as session:
            ballots.override_validity(session, code="bch", key=key, valid=False, reason="x", actor="x")
    with pytest.raises(NotFoundError), example_meeting.transaction() as session:
        ballots.override_validity(session, code="dai-bieu", key="BCH-0001", valid=False, reason="x", actor="x")
    with pytest.raises(NotFoundError), example_meeting.transaction() as session:
        ballots.override_validity(session, code="khong-co", key="BCH-0001", valid=False, reason="x", actor="x")


def test_override_on_a_closed_poll(example_meeting: MeetingFile) -> None:
    record(example_meeting, "bch", {"serial": "BCH-0001", "struck": [8, 9]})
    with example_meeting.transaction() as session:
        get_poll(session, "bch").status = "closed"
    with pytest.raises(StateError), example_meeting.transaction() as session:
        ballots.override_validity(session, code="bch", key="BCH-0001", valid=False, reason="x", actor="x")


@pytest.mark.parametrize(("code", "serial"), [("bch", "BCH-0001"), ("cham-diem", "CD-0001"), ("ubkt", "UB-1")])
def test_markless_physical_ballot_cannot_be_ruled_valid(example_meeting: MeetingFile, code: str, serial: str) -> None:
    """With no marks entered there is nothing to count: a valid ruling would invent votes (or crash)."""
    record(example_meeting, code, {"serial": serial, "physical_invalid": "signed"})
    with example_meeting.reading() as session:
        assert session.scalar(select(BallotRecord.marks_entered)) is False
    with pytest.raises(EntryError, match=serial), example_meeting.transaction() as session:
        ballots.override_validity(session, code=code, key=serial, valid=True, reason="x", actor="x")
    with example_meeting.reading() as session:
        t = tally_poll(session, code).tally
        overrides = session.scalar(select(func.count()).where(AuditEntry.action == "ballot.override"))
    assert (t.totals.valid, t.totals.invalid, t.overrides, overrides) == (0, 1, (), 0)
    # Ruling it invalid (again) needs no marks.
    with example_meeting.transaction() as session:
        ballots.override_validity(session, code=code, key=serial, valid=False, reason="Có ký tên", actor="x")


# --- load_ballots round trips -------------------------------------------------------------------------------

ROUND_TRIPS: list[tuple[str, Layout, list[dict[str, Any]]]] = [
    (
        "bch",
        Layout.STRIKE,
        [
            {"serial": "S-1", "struck": [2, 5]},
            {"serial": "S-2", "struck": []},
            {"serial": "S-3", "struck": list(range(1, 10))},
            {"serial": "S-4", "physical_invalid": "torn"},
            {"serial": "S-5", "physical_invalid": "signed", "struck": [1, 9]},
            {"struck": [3]},
        ],
    ),
    (
        "ubkt",
        Layout.GRID,
        [
            {"serial": "G-1", "choices": [1, 0, [1, 2]]},
            {"serial": "G-2", "choices": [0, 0, 0]},
            {"serial": "G-3", "physical_invalid": "no_stamp"},
        ],
    ),
    ("tin-nhiem", Layout.GRID, [{"serial": "T-1", "choices": [3, [1, 2, 3], 2]}]),
    ("bi-thu", Layout.SINGLE, [{"serial": "B-1", "choices": [2]}, {"serial": "B-2", "choices": [0]}]),
    (
        "cham-diem",
        Layout.SCORES,
        [
            {"serial": "C-1", "scores": [[25, 60.5], [20, None]]},
            {"serial": "C-2", "scores": [[None, None], [0, 70]]},
            {"serial": "C-3", "physical_invalid": "torn"},
        ],
    ),
    (
        "gioi-thieu",
        Layout.NAMES,
        [
            {"serial": "N-1", "names": ["Lê Văn Cường", "Trần Văn Tâm"]},
            {"serial": "N-2", "names": []},
            {"serial": "N-3", "physical_invalid": "extra_names"},
        ],
    ),
]


@pytest.mark.parametrize(("code", "layout", "entries"), ROUND_TRIPS, ids=[c for c, _, _ in ROUND_TRIPS])
def test_load_ballots_round_trips(
    example_meeting: MeetingFile, code: str, layout: Layout, entries: list[dict[str, Any]]
) -> None:
    expected = []
    with example_meeting.transaction() as session:
        for entry in entries:
            saved = record_in(session, code, entry)
            expected.append(replace(parse_entry(entry).ballot, key=saved.key))
    with example_meeting.reading() as session:
        poll = get_poll(session, code)
        pdef = poll_def(poll)
        assert pdef.layout is layout
        loaded = ballots.load_ballots(session, poll, pdef)
    assert loaded == expected


def test_load_ballots_carries_overrides_and_keeps_order(example_meeting: MeetingFile) -> None:
    record(example_meeting, "nghi-quyet", {"serial": "NQ-2", "choices": [1, 1]})
    record(example_meeting, "nghi-quyet", {"serial": "NQ-1", "choices": [2, 3]})
    with example_meeting.transaction() as session:
        ballots.override_validity(session, code="nghi-quyet", key="NQ-1", valid=False, reason="Rách", actor="x")
    with example_meeting.reading() as session:
        poll = get_poll(session, "nghi-quyet")
        loaded = ballots.load_ballots(session, poll, poll_def(poll))
    assert [b.key for b in loaded] == ["NQ-2", "NQ-1"]
    assert loaded[0].override is None
    assert loaded[1].override == Override(False, "Rách")
    assert loaded[1].choices == (frozenset({2}), frozenset({3}))


def test_load_ballots_only_reads_its_own_poll(example_meeting: MeetingFile) -> None:
    record(example_meeting, "ubkt", {"serial": "X", "choices": [1, 1, 1]})
    record(example_meeting, "nghi-quyet", {"serial": "X", "choices": [2, 2]})
    with example_meeting.reading() as session:
        poll = get_poll(session, "nghi-quyet")
        loaded = ballots.load_ballots(session, poll, poll_def(poll))
    assert loaded == [Ballot(key="X", choices=(frozenset({2}), frozenset({2})))]
