"""Migration 0005 (issue #13): scanned pages stored by earlier versions — prose reasons and the `cells` grab-bag —
open in this version, read as typed values, can still be decided and counted, and `verify` stays clean; the
downgrade gives the earlier shape back."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, select, text

from app.recognition.outcomes import Check, Outcome, ReasonCode, Status
from app.recognition.words import vietnamese
from app.rules.model import Ballot
from app.services import integrity
from app.services.scanning import annex, ingest, kept, review, storage
from app.store.db import MIGRATIONS, MeetingFile, head_revision, open_meeting_file
from app.store.orm import AuditEntry, Poll, ScannedPage
from benchmarks.filled import filled_sheets

OLD_REASONS = [
    "dòng 2, ô 'Tín nhiệm': dấu mờ hoặc nhỏ",
    "không thấy rõ dấu đóng trên phiếu (góc trên bên trái)",
]


def _migrate(path: Path, revision: str, *, down: bool) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)
    engine.dispose()


def _row(path: Path, page_id: int) -> dict[str, Any]:
    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        row = dict(connection.execute("SELECT * FROM scanned_page WHERE id = ?", (page_id,)).fetchone())
    connection.close()
    return row


def _old_page(example_meeting: MeetingFile, tmp_path: Path) -> tuple[Path, int, str, dict[str, Any]]:
    """A pending page (an unstamped grid ballot) as version 0004 stored it: prose reasons, one `cells` bag."""
    pages = filled_sheets(
        example_meeting,
        "tin-nhiem",
        [Ballot(key="", choices=(frozenset({1}), frozenset({2}), frozenset({3})))],
        tmp_path,
        stamped=False,
    )
    folder = tmp_path / "quet"
    folder.mkdir()
    pages[0][1][0].save(folder / "cu.png", dpi=(200, 200))
    page = ingest.scan_files(example_meeting, [folder], operator="q").pages[0]
    assert page.status is Status.PENDING
    assert page.page_id is not None
    path = example_meeting.path
    example_meeting.close()
    _migrate(path, "0004", down=True)
    new = _row(path, page.page_id)
    measured = dict(json.loads(new["cells"]))
    cells = {
        "cells": measured.pop("cells"),
        "checks": ["stamp"],
        **{k: v for k, v in measured.items() if k not in ("checks", "physical_invalid", "decided")},
    }
    assert set(cells) == {"cells", "checks", "paper", "transform", "stamp", "extra", "extra_at", "skew"} | {
        "print_scale",
        "size",
    }
    with sqlite3.connect(path) as connection:
        connection.execute(
            "UPDATE scanned_page SET reasons = ?, cells = ? WHERE id = ?",
            (json.dumps({"list": OLD_REASONS}, ensure_ascii=False), json.dumps(cells), page.page_id),
        )
    connection.close()
    return path, page.page_id, pages[0][0], cells


def test_pages_stored_by_an_earlier_version_open_typed_and_can_still_be_decided(
    example_meeting: MeetingFile, tmp_path: Path
) -> None:
    path, page_id, serial, old_cells = _old_page(example_meeting, tmp_path)
    with open_meeting_file(path) as meeting_file:  # opening upgrades the file
        with meeting_file.reading() as session:
            assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
            (queued,) = review.review_queue(session)
            assert queued.outcome is Outcome.REVIEW
            assert [r.code for r in queued.reasons] == [ReasonCode.LEGACY, ReasonCode.LEGACY]
            assert [vietnamese(r) for r in queued.reasons] == OLD_REASONS  # shown as they were stored
            shown = review.review_page(meeting_file, session, page_id)
            assert shown.checks == (Check.STAMP,)
            assert shown.transform is not None
            assert [list(row) for row in shown.transform] == old_cells["transform"]
            assert shown.template is not None  # the paper size was found: the regions can be outlined
            assert len(shown.cells) == len(old_cells["cells"]) == 9
            stored = session.scalars(select(ScannedPage)).one()
            assert stored.cells == old_cells["cells"]
            assert stored.decisions == []
            assert stored.physical_invalid is None
            assert storage.measures_of(stored) is not None
            assert integrity.verify(session, scans=kept.scans_folder(meeting_file)) == []
        decided = review.decide(
            meeting_file, page_id=page_id, values={("box", 1, 1): False}, actor="chi", physical_invalid="không có dấu"
        )
        assert (decided.status, decided.ballot, decided.valid) == (Status.COUNTED, serial, False)
        with meeting_file.reading() as session:
            poll = session.scalars(select(Poll).where(Poll.code == "tin-nhiem")).one()
            (row,) = annex.reviewed_rows(session, poll.id)
            assert [vietnamese(r) for r in row.reasons] == OLD_REASONS
            assert len(row.decisions) == 2
            assert row.decisions[0].startswith("dòng 1, ô '")
            assert ": không có dấu (mực " in row.decisions[0]
            assert row.decisions[1] == "không hợp lệ: không có dấu"
            assert integrity.verify(session, scans=kept.scans_folder(meeting_file)) == []
            logged = session.scalars(select(AuditEntry).where(AuditEntry.action == "scan.page")).one()
            assert [r["code"] for r in logged.details["reasons"]] == ["stamp_unclear"]  # written by this version


def test_downgrade_gives_the_earlier_shape_back(example_meeting: MeetingFile, tmp_path: Path) -> None:
    path, page_id, _, old_cells = _old_page(example_meeting, tmp_path)
    _migrate(path, "head", down=False)
    upgraded = _row(path, page_id)
    assert json.loads(upgraded["reasons"]) == [{"code": "legacy", "params": {"text": t}} for t in OLD_REASONS]
    assert json.loads(upgraded["checks"]) == ["stamp"]
    assert set(json.loads(upgraded["measures"])) == set(old_cells) - {"cells", "checks"}
    _migrate(path, "0004", down=True)
    back = _row(path, page_id)
    assert json.loads(back["reasons"]) == {"list": OLD_REASONS}
    assert json.loads(back["cells"]) == {**old_cells, "physical_invalid": None, "decided": []}
    assert "measures" not in back
