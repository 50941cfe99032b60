"""Found in #17's walk (17d) on the workbook and minutes of a meeting made in the window: the log sheet
named the poll's kind, its rule profile and a ballot's physical fault by their codes ("election",
"party-election", "no_stamp", "serials_sha256"), and serials were not shown as printed ("NC5FA-JNHBM")."""

from __future__ import annotations

import re
from typing import Any

from app.excel.workbook import _detail_text, _subject
from app.printing.ballot_code import shown_serial
from tests.minutes.test_printed_spares import POLL, printed_meeting


def test_the_codes_in_the_log_details_are_words() -> None:
    created = _detail_text({"kind": "election", "title": "Bầu", "profile": "party-election", "seats": 7})
    assert "election" not in created
    assert "loại: Bầu cử" in created
    assert "hồ sơ quy tắc: Bầu cử trong Đảng" in created
    entered = _detail_text({"physical_invalid": "no_stamp", "valid": False})
    assert "no_stamp" not in entered
    assert "Phiếu không có dấu" in entered
    assert "stated" not in _detail_text({"physical_invalid": "Phiếu rách"})
    assert "Phiếu rách" in _detail_text({"physical_invalid": "Phiếu rách"})
    printed = _detail_text({"sheets": 30, "serials_sha256": "ab" * 32})
    assert "serials" not in printed
    assert "sha256" not in printed


def test_a_ballot_is_named_by_its_serial_as_printed() -> None:
    assert _subject("ballot.entered", "NC5FAJNHBM") == shown_serial("NC5FAJNHBM") == "NC5FA-JNHBM"
    assert _subject("poll.created", "BAUCUBCHXV") == "BAUCUBCHXV"  # a poll's code stays as typed


def test_the_minutes_annex_and_the_workbook_show_serials_as_printed(cli: Any, ballots: Any) -> None:
    meeting, spare = printed_meeting(cli, ballots)
    cli.ok("unused", meeting, "--serial", *spare)
    files = cli.minutes(meeting, POLL)
    rows = list(files.workbook()["Từng phiếu"].iter_rows(values_only=True))
    keys = [row[1] for row in rows[1:]]
    assert keys
    assert all(re.fullmatch(r"[A-Z2-7]{5}-[A-Z2-7]{5}", key) for key in keys), keys
    log = list(files.workbook()["Nhật ký"].iter_rows(values_only=True))
    assert not [row for row in log if row[3] == "Nhập phiếu" and re.fullmatch(r"[A-Z2-7]{10}", row[4])]
    annex = files.text.split("PHỤ LỤC 1.", 1)[1]
    assert re.search(r"\b[A-Z2-7]{5}-[A-Z2-7]{5}\b", annex)
    assert not re.search(r"\b[A-Z2-7]{10}\b", annex)
