"""`kiemphieu correct`: replace the marks of an entered ballot, with a reason; the audit log keeps
what it was. Every refusal is one Vietnamese line and changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.services import closing
from app.store.orm import AuditEntry

LINES = [
    {"serial": "BCH-0001", "struck": [2, 5]},
    {"serial": "BCH-0002", "struck": [1, 9]},
    {"serial": "BCH-0003", "physical_invalid": "no_stamp"},
]


@pytest.fixture
def meeting(cli: Any) -> Path:
    path = cli.meeting("hoinghi.kiemphieu")
    cli.enter(path, "bch", LINES)
    return path


def correct(
    cli: Any, meeting: Path, *extra: object, ballot: str = "BCH-0001", entry: str = '{"struck": [2, 6]}'
) -> Any:
    return cli("correct", meeting, "--poll", "bch", "--ballot", ballot, "--entry", entry, *extra)


def corrections(cli: Any, meeting: Path) -> list[AuditEntry]:
    with cli.reading(meeting) as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == "ballot.corrected")))


def test_a_correction_changes_the_count_and_the_audit_log_keeps_the_original(cli: Any, meeting: Path) -> None:
    before = cli.ok("tally", meeting, "--poll", "bch")
    run = correct(cli, meeting, "--reason", "Đối chiếu phiếu giấy", "--operator", "Lê Thị Mai")
    assert run.rc == 0, run.err
    assert run.out.strip() == "Đã sửa phiếu BCH-0001 (lượt 1): hợp lệ."
    after = cli.ok("tally", meeting, "--poll", "bch")
    votes = [item["votes"] for item in after["items"]]
    assert [v - item["votes"] for v, item in zip(votes, before["items"], strict=True)] == [0, 0, 0, 0, 1, -1, 0, 0, 0]
    (entry,) = corrections(cli, meeting)
    assert entry.subject == "BCH-0001"
    assert entry.actor == "Lê Thị Mai"
    assert entry.details["reason"] == "Đối chiếu phiếu giấy"
    assert entry.details["pass"] == 1
    assert entry.details["before"] == {"marks": [[2, 0, None, None], [5, 0, None, None]], "physical_invalid": None}
    assert entry.details["after"] == {"marks": [[2, 0, None, None], [6, 0, None, None]], "physical_invalid": None}


def test_correcting_a_physically_invalid_ballot_keeps_its_reason_in_the_log(cli: Any, meeting: Path) -> None:
    data = cli.ok(
        "correct", meeting, "--poll", "bch", "--ballot", "BCH-0003", "--entry", '{"struck": [4, 7]}',
        "--reason", "Phiếu có dấu, nhìn nhầm",
    )  # fmt: skip
    assert data == {"key": "BCH-0003", "valid": True, "reason": None}
    (entry,) = corrections(cli, meeting)
    assert entry.details["before"] == {"marks": [], "physical_invalid": "no_stamp"}
    # And back to invalid: the verdict is given.
    data = cli.ok(
        "correct", meeting, "--poll", "bch", "--ballot", "BCH-0003", "--entry", '{"physical_invalid": "torn"}',
        "--reason", "Phiếu rách",
    )  # fmt: skip
    assert data["valid"] is False
    assert data["reason"] == "Phiếu bị rách, không còn nguyên vẹn"


def test_a_correction_needs_a_reason(cli: Any, meeting: Path) -> None:
    before = cli.state(meeting)
    run = correct(cli, meeting)
    assert run.rc == 2  # --reason is required by the command line
    assert "--reason" in run.err
    for blank in ("", "   "):
        run = correct(cli, meeting, "--reason", blank)
        assert "lý do" in run.one_error_line()
    assert cli.state(meeting) == before


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        pytest.param('{"struck": [2, 6]', "--entry không phải JSON hợp lệ", id="bad-json"),
        pytest.param("struck 2 6", "--entry không phải JSON hợp lệ", id="not-json"),
        pytest.param('{"struck": [99]}', "99", id="row-99"),
        pytest.param('{"choices": [1, 2]}', "struck", id="other-layout"),
        pytest.param('{"struck": [2], "hack": 1}', "hack", id="unknown-key"),
        pytest.param('{"struck": [2, 2]}', "hai lần", id="row-twice"),
        pytest.param("[2, 6]", "đối tượng JSON", id="not-an-object"),
        pytest.param("{}", "thiếu nội dung phiếu", id="empty"),
    ],
)
def test_a_wrong_entry_is_refused_in_one_line(cli: Any, meeting: Path, entry: str, words: str) -> None:
    before = cli.state(meeting)
    run = correct(cli, meeting, "--reason", "sửa", entry=entry)
    assert words in run.one_error_line()
    assert cli.state(meeting) == before


def test_a_ballot_not_in_that_pass_is_refused(cli: Any, meeting: Path) -> None:
    before = cli.state(meeting)
    run = correct(cli, meeting, "--reason", "sửa", "--pass", "2")
    assert "BCH-0001" in run.one_error_line()
    run = correct(cli, meeting, "--reason", "sửa", ballot="BCH-0099")
    assert "BCH-0099" in run.one_error_line()
    run = correct(cli, meeting, "--reason", "sửa", "--pass", "4")
    assert run.rc == 2
    assert cli.state(meeting) == before


def test_a_closed_poll_cannot_be_corrected_until_reopened(cli: Any, meeting: Path) -> None:
    cli.ok("counts", meeting, "--poll", "bch", "--collected", 3)
    with cli.writing(meeting) as session:
        closing.close_poll(session, code="bch", actor="Nguyễn Văn Hùng")
    before = cli.state(meeting)
    run = correct(cli, meeting, "--reason", "Đối chiếu phiếu giấy")
    line = run.one_error_line()
    assert "“Bầu Ban Chấp hành Đảng bộ xã khóa XX" in line
    assert "kết thúc" in line
    assert cli.state(meeting) == before
    cli.ok("reopen", meeting, "--poll", "bch", "--reason", "Sửa phiếu BCH-0001 theo phiếu giấy")
    assert correct(cli, meeting, "--reason", "Đối chiếu phiếu giấy").rc == 0
