"""Issue #14: every change of a scanned page — read and counted, decided by a person, set aside by the head, given
way to a new scan of its sheet — is an audit record that carries it (page, status, note, who, when), and `verify`
replays the log and says what no record accounts for: an edit with the sqlite3 shell, a record added or taken
away, or a change written with the app's own code but without the head's PIN."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from realistic_meeting import DISMISSED, PENDING, REVIEWED, SUPERSEDED, WAITING, Realistic
from sqlalchemy import select

from app import clock
from app.errors import AccessError
from app.recognition.outcomes import Status
from app.services import audit, integrity, roles, scanning
from app.services.scanning import review
from app.store.db import MeetingFile, open_meeting_file
from app.store.orm import AuditEntry, ScannedPage


@pytest.fixture
def meeting(realistic: Realistic) -> Iterator[MeetingFile]:
    with open_meeting_file(realistic.path) as meeting_file:
        yield meeting_file


@pytest.fixture
def without_pin(monkeypatch: pytest.MonkeyPatch) -> None:
    """The insider's copy of the source: the PIN check returns "checked" without a PIN."""
    monkeypatch.setattr(roles, "require_head", lambda *_args, **_kwargs: True)


def _findings(path: Path) -> list[str]:
    with open_meeting_file(path) as meeting_file, meeting_file.reading() as session:
        return [f"{f.where}: {f.problem}" for f in integrity.verify(session)]


def _shell(path: Path, *sql: str, params: tuple[object, ...] = ()) -> None:
    """Edit with the sqlite3 shell, the append-only triggers dropped first and put back after."""
    with sqlite3.connect(path) as connection:
        triggers = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        for name, _ in triggers:
            connection.execute(f'DROP TRIGGER "{name}"')
        for statement in sql:
            connection.execute(statement, params if "?" in statement else ())
        for _, statement in triggers:
            connection.execute(statement)
    connection.close()


def _entries(path: Path, action: str) -> list[AuditEntry]:
    with open_meeting_file(path) as meeting_file, meeting_file.reading() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def test_every_change_of_a_page_is_in_its_record_and_the_file_verifies(realistic: Realistic) -> None:
    pages = realistic.pages
    (dismissed,) = _entries(realistic.path, "scan.dismissed")
    assert (dismissed.actor, dismissed.details["page_id"], dismissed.details["note"]) == (
        "tb",
        pages[DISMISSED],
        "đã nhập tay phiếu này",
    )
    assert dismissed.details["status"] == Status.DISMISSED
    (reviewed,) = _entries(realistic.path, "scan.reviewed")
    assert reviewed.actor == "chi"
    assert reviewed.details["page_id"] == pages[REVIEWED]
    assert reviewed.details["note"] == "đã xem phiếu giấy"
    assert reviewed.details["physical_invalid"] == "phiếu không có dấu"
    assert reviewed.details["status"] == Status.WAITING  # then counted with the ballot it makes, in one transaction
    (superseded,) = _entries(realistic.path, "scan.superseded")
    assert superseded.details["page_id"] == pages[SUPERSEDED]
    assert superseded.details["status"] == Status.DISMISSED
    # Each of them is followed by the state record of its transaction holding the page's new row.
    with open_meeting_file(realistic.path) as meeting_file, meeting_file.reading() as session:
        for entry, page_id in ((dismissed, pages[DISMISSED]), (reviewed, pages[REVIEWED])):
            state = session.scalar(
                select(AuditEntry)
                .where(AuditEntry.id > entry.id, AuditEntry.action == audit.STATE)
                .order_by(AuditEntry.id)
                .limit(1)
            )
            assert state is not None
            row = state.details["rows"]["scanned_page"][str(page_id)]
            assert (row["reviewed_by"], row["review_note"]) == (entry.actor, entry.details["note"])
        statuses = set(session.scalars(select(ScannedPage.status)))
    assert statuses == set(Status)
    assert _findings(realistic.path) == []


@pytest.mark.parametrize(
    ("page", "column", "value"),
    [
        (DISMISSED, "status", "counted"),
        (DISMISSED, "status", "pending"),
        (DISMISSED, "review_note", "quét nhầm"),
        (DISMISSED, "reviewed_by", "ai-do"),
        (DISMISSED, "reviewed_at", "2025-06-20 09:00:00.000000"),
        (PENDING, "status", "dismissed"),
        (REVIEWED, "physical_invalid", None),
        (SUPERSEDED, "status", "pending"),
        (WAITING, "status", "turned_away"),
    ],
)
def test_a_page_edited_with_the_shell_is_named(realistic: Realistic, page: str, column: str, value: object) -> None:
    page_id = realistic.pages[page]
    _shell(realistic.path, f"UPDATE scanned_page SET {column} = ? WHERE id = ?", params=(value, page_id))
    found = _findings(realistic.path)
    assert any(f.startswith(f"bảng scanned_page, dòng {page_id}: cột {column}:") for f in found), found


def _rewrite_chain(path: Path, *, drop: int) -> None:
    """Delete one audit record with the shell and recompute every hash after it (a consistent chain)."""
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TRIGGER audit_log_no_update")
        connection.execute("DROP TRIGGER audit_log_no_delete")
        connection.execute("DELETE FROM audit_log WHERE id = ?", (drop,))
        prev = audit.GENESIS
        rows = connection.execute(
            "SELECT id, at, actor, action, poll_id, subject, details FROM audit_log ORDER BY id"
        ).fetchall()
        for entry_id, at, actor, action, poll_id, subject, details in rows:
            data = json.loads(details)
            digest = audit._digest(prev, dt.datetime.fromisoformat(at), actor, action, poll_id, subject, data)
            connection.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, entry_id))
            prev = digest
    connection.close()


def test_a_deleted_dismissal_record_is_named(realistic: Realistic) -> None:
    (entry,) = _entries(realistic.path, "scan.dismissed")
    _shell(realistic.path, "DELETE FROM audit_log WHERE id = ?", params=(entry.id,))
    found = _findings(realistic.path)
    assert any(f"bản ghi số {entry.id + 1}: liên kết với bản ghi trước bị sai" in f for f in found), found
    where = f"trang quét {DISMISSED}, trang 1"
    assert any(f.startswith(where) and "không có bản ghi bỏ trang" in f for f in found), found


def test_a_deleted_dismissal_record_with_the_chain_rewritten_is_named(realistic: Realistic) -> None:
    (entry,) = _entries(realistic.path, "scan.dismissed")
    _rewrite_chain(realistic.path, drop=entry.id)
    found = _findings(realistic.path)
    assert not any("liên kết" in f or "đã bị sửa sau khi ghi" in f for f in found)  # the chain is consistent
    where = f"trang quét {DISMISSED}, trang 1"
    assert any(f.startswith(where) and "không có bản ghi bỏ trang" in f for f in found), found
    # The head's signature covered the record before the state record: it no longer matches.
    assert any("bỏ trang quét khỏi hàng chờ mà không có chữ ký (mã PIN)" in f for f in found), found


def test_an_added_dismissal_record_is_named(meeting: MeetingFile, realistic: Realistic) -> None:
    """Appended with the app's own code (the chain intact), for a page that stays in the queue."""
    with meeting.transaction() as session:
        audit.record(
            session,
            action="scan.dismissed",
            actor="tb",
            at=clock.now(),
            subject=f"{PENDING}#1",
            details={"page_id": realistic.pages[PENDING], "file": PENDING, "page": 1, "note": "quét lại"},
        )
    (finding,) = _findings(realistic.path)
    assert "bỏ trang quét" in finding
    assert f"trang quét {PENDING}, trang 1" in finding
    assert "trang không được bỏ khỏi hàng chờ" in finding


def test_dismissing_without_the_pin_is_named(meeting: MeetingFile, realistic: Realistic, without_pin: None) -> None:
    scanning.dismiss(meeting, page_id=realistic.pages[PENDING], note="quét lại", actor="ai-do")
    (finding,) = _findings(realistic.path)
    assert "bỏ trang quét khỏi hàng chờ mà không có chữ ký (mã PIN) của Trưởng ban" in finding


def test_setting_aside_a_whole_file_without_the_pin_is_named(
    meeting: MeetingFile, realistic: Realistic, without_pin: None
) -> None:
    assert review.dismiss_many(meeting, note="tệp quét nhầm", actor="ai-do", file_name=PENDING) == 1
    (finding,) = _findings(realistic.path)
    assert "bỏ trang quét khỏi hàng chờ mà không có chữ ký" in finding


def test_the_head_sets_pages_aside_and_the_file_verifies(meeting: MeetingFile, realistic: Realistic) -> None:
    with pytest.raises(AccessError):
        scanning.dismiss(meeting, page_id=realistic.pages[PENDING], note="quét lại", actor="ai-do")
    scanning.dismiss(meeting, page_id=realistic.pages[PENDING], note="quét lại", actor="tb", pin=realistic.pin)
    assert _findings(realistic.path) == []


def _set(meeting: MeetingFile, page_id: int, **values: object) -> None:
    """A change written with the app's own code (its state record follows, the chain intact), no PIN asked."""
    with meeting.transaction() as session:
        page = session.get(ScannedPage, page_id)
        assert page is not None
        for column, value in values.items():
            setattr(page, column, value)


def test_a_page_set_aside_brought_back_with_the_app_s_code_is_named(meeting: MeetingFile, realistic: Realistic) -> None:
    _set(meeting, realistic.pages[DISMISSED], status=Status.PENDING)
    (finding,) = _findings(realistic.path)
    assert f"trang quét {DISMISSED}, trang 1" in finding
    assert "đã bỏ khỏi hàng chờ" in finding
    assert "chương trình không sửa trang đã xử lý xong" in finding


def test_the_note_of_a_page_set_aside_changed_with_the_app_s_code_is_named(
    meeting: MeetingFile, realistic: Realistic
) -> None:
    _set(meeting, realistic.pages[DISMISSED], review_note="quét nhầm tệp")
    (finding,) = _findings(realistic.path)
    assert "chương trình không sửa trang đã xử lý xong" in finding


def test_a_page_marked_counted_without_its_ballot_is_named(meeting: MeetingFile, realistic: Realistic) -> None:
    _set(meeting, realistic.pages[PENDING], status=Status.COUNTED)
    found = _findings(realistic.path)
    assert any("được ghi là đã tính mà không có phiếu nào được nhập từ trang" in f for f in found), found
    assert any("không có bản ghi xác nhận của người xem" in f for f in found), found


def test_a_decision_without_its_record_is_named(meeting: MeetingFile, realistic: Realistic) -> None:
    _set(meeting, realistic.pages[PENDING], reviewed_by="ai-do", reviewed_at=clock.now(), physical_invalid="rách")
    (finding,) = _findings(realistic.path)
    assert f"trang quét {PENDING}, trang 1" in finding
    assert "không có bản ghi xác nhận của người xem" in finding


def test_a_decision_record_that_disagrees_with_the_page_is_named(meeting: MeetingFile, realistic: Realistic) -> None:
    """The page decided by the app, then a record appended that claims another person and another note."""
    scanning.decide(meeting, page_id=realistic.pages[PENDING], values={}, actor="chi", physical_invalid="rách")
    with meeting.transaction() as session:
        audit.record(
            session,
            action="scan.reviewed",
            actor="ai-do",
            at=clock.now(),
            details={"page_id": realistic.pages[PENDING], "file": PENDING, "page": 1, "cells": [], "note": "khác"},
        )
    (finding,) = _findings(realistic.path)
    assert "bản ghi xác nhận trang quét" in finding
    assert "không khớp với trang" in finding


def test_a_forged_supersession_is_named(meeting: MeetingFile, realistic: Realistic) -> None:
    """A page set aside as "scanned again" with the app's own code, though no new scan of its sheet came in."""
    page_id = realistic.pages[PENDING]
    with meeting.transaction() as session:
        page = session.get(ScannedPage, page_id)
        assert page is not None
        note = "đã quét lại: khac.png, trang 1"
        page.status, page.reviewed_by, page.reviewed_at, page.review_note = Status.DISMISSED, "q", clock.now(), note
        audit.record(
            session,
            action="scan.superseded",
            actor="q",
            at=clock.now(),
            details={"page_id": page_id, "file": PENDING, "page": 1, "by": "khac.png", "by_page": 1},
        )
    found = _findings(realistic.path)
    assert any("bỏ trang quét khỏi hàng chờ mà không có chữ ký" in f for f in found), found
