"""Issue #14: the audit log carries the new value of every row a transaction changes, and `verify` rebuilds
every table from it and names what differs (the edits the issue measured, one by one)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from realistic_meeting import Realistic
from sqlalchemy import create_engine, select

from app import clock
from app.rules.model import Ballot
from app.services import audit, ballots, integrity, polls
from app.services.ballots import EntryDraft
from app.store.db import MIGRATIONS, open_meeting_file
from app.store.orm import AuditEntry, BallotRecord


def _findings(path: Path) -> list[str]:
    with open_meeting_file(path) as meeting_file, meeting_file.reading() as session:
        return [f"{f.where}: {f.problem}" for f in integrity.verify(session)]


def _shell(path: Path, *sql: str) -> None:
    """Edit with the sqlite3 shell, the append-only triggers dropped first and put back after."""
    with sqlite3.connect(path) as connection:
        triggers = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        for name, _ in triggers:
            connection.execute(f'DROP TRIGGER "{name}"')
        for statement in sql:
            connection.execute(statement)
        for _, statement in triggers:
            connection.execute(statement)
    connection.close()


def test_each_transaction_ends_with_the_rows_it_changed(demo: Path) -> None:
    with open_meeting_file(demo) as meeting_file:
        with meeting_file.transaction() as session:
            polls.set_ballot_counts(session, code="bch", issued=300, collected=None, actor="thu-ky")
        with meeting_file.reading() as session:
            last, before = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(2)).all()
            poll_id = polls.get_poll(session, "bch").id
    assert (before.action, last.action) == ("poll.counts_set", audit.STATE)
    assert {table: list(rows) for table, rows in last.details["rows"].items()} == {"poll": [str(poll_id)]}
    assert last.details["rows"]["poll"][str(poll_id)]["issued"] == 300
    assert _findings(demo) == []


def test_two_candidates_names_swapped_are_named(demo: Path) -> None:
    """The votes stay with the rows: swapping two names elects another person."""
    with sqlite3.connect(demo) as connection:
        first, second = (
            name
            for (name,) in connection.execute(
                "SELECT name FROM poll_item WHERE poll_id = 1 AND role = 'item' AND ordinal IN (1, 2) ORDER BY ordinal"
            )
        )
    connection.close()
    _shell(
        demo,
        f"UPDATE poll_item SET name = '{second}' WHERE poll_id = 1 AND role = 'item' AND ordinal = 1",
        f"UPDATE poll_item SET name = '{first}' WHERE poll_id = 1 AND role = 'item' AND ordinal = 2",
    )
    found = _findings(demo)
    assert len([f for f in found if f.startswith("bảng poll_item") and "cột name" in f]) == 2


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("UPDATE meeting SET head_pin = 'pbkdf2_sha256$1$00$00'", "bảng meeting, dòng 1: cột head_pin"),
        ("UPDATE meeting SET present = present - 5", "bảng meeting, dòng 1: cột present"),
        ("UPDATE exclusion SET count = count + 3", "cột count"),
        ("DELETE FROM exclusion", "có trong nhật ký nhưng đã mất khỏi tệp"),
        ("UPDATE poll SET seats = seats + 1 WHERE code = 'bch'", "cột seats"),
        ("UPDATE poll SET rules = json_set(rules, '$.x', 1) WHERE code = 'bch'", "cột rules"),
        ("UPDATE poll SET status = 'draft' WHERE code = 'bch'", "cột status"),
        (
            "INSERT INTO ballot_sheet (poll_id, serial, status, created_at) VALUES (1, 'X-1', 'issued', '2025-06-20')",
            "có trong tệp nhưng không có trong nhật ký",
        ),
    ],
)
def test_the_measured_edits_are_named(demo: Path, sql: str, expected: str) -> None:
    _shell(demo, sql)
    assert any(expected in f for f in _findings(demo))


def _migrate(path: Path, revision: str, *, down: bool) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)
    engine.dispose()


def test_a_file_of_an_earlier_version_gets_a_baseline_and_later_edits_are_found(demo: Path) -> None:
    _migrate(demo, "0005", down=True)
    with open_meeting_file(demo) as meeting_file, meeting_file.reading() as session:  # upgraded on opening
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(2)))
    assert actions == [audit.BASELINE, "state.downgraded"]
    assert _findings(demo) == []
    _shell(demo, "UPDATE poll SET title = 'khác' WHERE code = 'bch'")
    assert any("cột title" in f for f in _findings(demo))


def test_an_edit_then_a_faked_schema_version_gets_no_new_baseline(demo: Path) -> None:
    """Setting alembic_version back with the shell (no downgrade marker) does not legitimise an edit."""
    _shell(demo, "UPDATE poll SET seats = 9 WHERE code = 'bch'", "UPDATE alembic_version SET version_num = '0005'")
    assert any("cột seats" in f for f in _findings(demo))


def test_a_reprint_after_an_edit_is_refused_and_its_code_not_confirmed(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    assert main(["minutes", str(demo), "--poll", "bch", "--pdf", str(tmp_path / "m1.pdf")]) == 0
    digest = capsys.readouterr().out.strip().split()[-1]
    _shell(demo, "UPDATE mark SET row = CASE row WHEN 1 THEN 2 ELSE 1 END WHERE ballot_id = 1 AND row IN (1, 2)")
    _shell(demo, "DELETE FROM mark WHERE id = (SELECT min(id) FROM mark WHERE ballot_id = 2)")
    assert main(["minutes", str(demo), "--poll", "bch", "--pdf", str(tmp_path / "m2.pdf")]) == 1
    assert "không còn khớp biên bản “Bầu Ban Chấp hành Đảng bộ xã khóa XX, nhiệm kỳ 2025–2030” bản 1" in (
        capsys.readouterr().err
    )
    assert not (tmp_path / "m2.pdf").exists()
    assert main(["verify", str(demo), "--code", digest]) == 1
    assert "không xác nhận được" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("UPDATE meeting SET convened = convened + 10", "bảng meeting, dòng 1: cột convened"),
        ("UPDATE meeting SET head_pin = NULL", "bảng meeting, dòng 1: cột head_pin"),
        ("UPDATE poll SET status = 'counting' WHERE code = 'bch'", 'cột status: theo nhật ký là "closed"'),
        *(
            (f"UPDATE ballot_sheet SET status = 'issued' WHERE status = '{s}'", f'cột status: theo nhật ký là "{s}"')
            for s in ("spoiled", "unused", "test")
        ),
    ],
)
def test_the_measured_edits_of_a_file_with_a_pin_printed_sheets_and_a_closed_poll_are_named(
    realistic: Realistic, sql: str, expected: str
) -> None:
    _shell(realistic.path, sql)
    assert any(expected in f for f in _findings(realistic.path))


def test_a_pin_dropped_with_the_shell_then_a_correction_without_it_is_named(realistic: Realistic) -> None:
    """The PIN's hash set to NULL, after which the app asks no PIN: the correction it lets through is unsigned."""
    _shell(realistic.path, "UPDATE meeting SET head_pin = NULL")
    with open_meeting_file(realistic.path) as meeting_file:
        with meeting_file.reading() as session:
            poll = ballots.get_poll(session, "dai-bieu")
            record = session.scalars(select(BallotRecord).where(BallotRecord.poll_id == poll.id).limit(1)).one()
            key = ballots.ballot_key(record)
            struck = ballots.ballot_by_key(session, code="dai-bieu", key=key).struck ^ frozenset({1})
        with meeting_file.transaction() as session:
            ballots.correct_ballot(
                session,
                code="dai-bieu",
                key=key,
                draft=EntryDraft(record.serial, Ballot(key=key, struck=struck)),
                reason="gõ nhầm",
                actor="ai-do",
                pin=None,
            )
    found = _findings(realistic.path)
    assert any("cột head_pin" in f for f in found)
    assert any("sửa dấu trên phiếu đã nhập" in f and "không có chữ ký (mã PIN)" in f for f in found)


def test_marks_changed_with_the_shell_and_a_correction_record_claiming_the_pin_are_named(demo: Path) -> None:
    """The measured forgery: ballots changed with the shell, plus an appended `ballot.corrected` record that says
    `head_pin: true` (the chain intact)."""
    _shell(demo, "UPDATE mark SET col = CASE col WHEN 1 THEN 2 ELSE 1 END WHERE ballot_id = 1")
    with open_meeting_file(demo) as meeting_file, meeting_file.transaction() as session:
        record = session.get(BallotRecord, 1)
        assert record is not None
        audit.record(
            session,
            action="ballot.corrected",
            actor="truong-ban",
            at=clock.now(),
            poll_id=record.poll_id,
            subject=ballots.ballot_key(record),
            details={"head_pin": True, "reason": "gõ nhầm", "after": {"marks": []}},
        )
    found = _findings(demo)
    assert any(f.startswith("bảng mark, dòng") and "cột col" in f for f in found)
