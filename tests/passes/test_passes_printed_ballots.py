"""Passes of ballots printed by the app (serials in the registry, typed as check codes), a ballot only one
pass has, checking a scanned sheet per pass, and what an import into a closed poll does."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from app.errors import EntryError
from app.services import ballots, closing, passes


def printed(cli: Any, meeting: Path, copies: int) -> list[dict[str, Any]]:
    """Print `copies` ballots of bch; returns the registry (serial, check code, status)."""
    cli.ok("print", meeting, "--poll", "bch", "--copies", copies, "--out", cli.dir / "phieu-bch.pdf")
    sheets: list[dict[str, Any]] = cli.ok("ballots", meeting, "--poll", "bch")
    assert len(sheets) == copies
    return sheets


def test_printed_ballots_typed_by_check_code_on_two_stations(cli: Any) -> None:
    a = cli.meeting("hoinghi-A.kiemphieu")
    sheets = printed(cli, a, 4)
    b = cli.dir / "hoinghi-B.kiemphieu"
    shutil.copyfile(a, b)  # after printing: station B knows the registry too
    marks = [[2, 5], [1, 9], [3, 4], [6, 7]]
    first = [{"serial": s["check"], "struck": m} for s, m in zip(sheets, marks, strict=True)]
    cli.station("may-A")
    cli.enter(a, "bch", first)
    cli.station("may-B")
    second = [{"serial": s["check"].replace("-", "").lower(), "struck": m} for s, m in zip(sheets, marks, strict=True)]
    cli.enter(b, "bch", second[::-1], pass_no=2)
    out = cli.dir / "luot-2.json"
    cli.ok("export-pass", b, "--poll", "bch", "--pass", "2", "--out", out)
    cli.station("may-A")
    assert cli.ok("import-pass", a, out)["ballots"] == 4
    run = cli("passes", a, "--poll", "bch", "--json")
    assert run.rc == 0, run.out
    assert run.data()["mismatches"] == []
    # Both passes stored the sheet's serial, whatever was typed.
    with cli.reading(a) as session:
        assert passes.compare_passes(session, code="bch") == []
        assert [p.entered for p in passes.pass_counts(session, code="bch")] == [4, 4]


def test_a_pass_holding_a_sheet_spoiled_here_since_is_refused_whole(cli: Any) -> None:
    a = cli.meeting("hoinghi-A.kiemphieu")
    sheets = printed(cli, a, 3)
    b = cli.dir / "hoinghi-B.kiemphieu"
    shutil.copyfile(a, b)
    cli.ok("spoil", a, "--serial", sheets[2]["check"])  # at A, after B's copy was made
    cli.station("may-B")
    cli.enter(b, "bch", [{"serial": s["serial"], "struck": [1, 2]} for s in sheets], pass_no=2)
    out = cli.dir / "luot-2.json"
    cli.ok("export-pass", b, "--poll", "bch", "--pass", "2", "--out", out)
    cli.station("may-A")
    before = cli.state(a)
    line = cli("import-pass", a, out).one_error_line()
    assert out.name in line
    assert "phiếu thứ 3" in line
    assert sheets[2]["serial"] in line
    assert "đã hủy" in line
    assert cli.state(a) == before


def test_checking_a_scanned_sheet_is_per_pass(cli: Any) -> None:
    a = cli.meeting("hoinghi-A.kiemphieu")
    sheets = printed(cli, a, 2)
    cli.enter(a, "bch", [{"serial": sheets[0]["serial"], "struck": [1, 2]}], operator="Nguyễn Văn Hùng")
    with cli.reading(a) as session:
        # Entered in pass 1: refused there, with when, where and by whom; still open in passes 2 and 3.
        with pytest.raises(EntryError, match="đã được nhập lúc 09:30:00 ngày 20/06/2025 tại máy may-kiem-thu"):
            ballots.check_sheet(session, code="bch", text=sheets[0]["check"])
        for pass_no in (2, 3):
            assert (
                ballots.check_sheet(session, code="bch", text=sheets[0]["check"], pass_no=pass_no)
                == (sheets[0]["serial"])
            )
        assert ballots.check_sheet(session, code="bch", text=sheets[1]["check"]) == sheets[1]["serial"]
    cli.enter(a, "bch", [{"serial": sheets[0]["serial"], "struck": [1, 2]}], pass_no=2)
    with cli.reading(a) as session:
        with pytest.raises(EntryError, match=r"đã được nhập lúc .* \(người nhập: A\)"):
            ballots.check_sheet(session, code="bch", text=sheets[0]["check"], pass_no=2)
        assert ballots.check_sheet(session, code="bch", text=sheets[0]["check"], pass_no=3) == sheets[0]["serial"]


def test_a_ballot_only_one_pass_has_is_a_mismatch_until_undone(cli: Any) -> None:
    meeting = cli.meeting("hoinghi.kiemphieu")
    lines = [{"serial": "BCH-0001", "struck": [2, 5]}, {"serial": "BCH-0002", "struck": [1, 9]}]
    cli.enter(meeting, "bch", lines)
    cli.ok("counts", meeting, "--poll", "bch", "--collected", 2)
    cli.station("may-B")
    cli.enter(meeting, "bch", [*lines, {"serial": "BCH-0003", "struck": [4]}], pass_no=2)
    run = cli("passes", meeting, "--poll", "bch", "--json")
    assert run.rc == 1
    assert run.data()["mismatches"] == [{"ballot": "BCH-0003", "entries": {"1": None, "2": '{"struck": [4]}'}}]
    assert "BCH-0003: lượt 1: chưa nhập | lượt 2:" in cli("passes", meeting, "--poll", "bch").out
    assert cli("check", meeting, "--poll", "bch").rc == 1
    # Station B's operator takes back the ballot typed by mistake (no such paper ballot).
    with cli.writing(meeting) as session:
        undone = ballots.undo_last_ballot(session, code="bch", station="may-B", actor="B", pass_no=2)
    assert undone.key == "BCH-0003"
    assert cli("passes", meeting, "--poll", "bch").rc == 0
    assert cli("check", meeting, "--poll", "bch").rc == 0


def test_undo_takes_back_only_this_stations_last_ballot_of_this_pass(cli: Any) -> None:
    meeting = cli.meeting("hoinghi.kiemphieu")
    cli.station("may-A")
    cli.enter(meeting, "bch", [{"serial": "BCH-0001", "struck": [2]}, {"serial": "BCH-0002", "struck": [3]}])
    cli.station("may-B")
    cli.enter(meeting, "bch", [{"serial": "BCH-0001", "struck": [2]}], pass_no=2)
    cli.enter(meeting, "bch", [{"serial": "BCH-0003", "struck": [4]}])
    with cli.writing(meeting) as session:
        assert ballots.undo_last_ballot(session, code="bch", station="may-A", actor="A").key == "BCH-0002"
        assert ballots.undo_last_ballot(session, code="bch", station="may-B", actor="B", pass_no=2).key == "BCH-0001"
    with cli.reading(meeting) as session:
        counts = {c.pass_no: c.entered for c in passes.pass_counts(session, code="bch")}
    assert counts == {1: 2}


def test_an_import_into_a_closed_poll_is_refused_and_changes_nothing(cli: Any) -> None:
    a = cli.meeting("hoinghi-A.kiemphieu")
    b = cli.dir / "hoinghi-B.kiemphieu"
    shutil.copyfile(a, b)
    lines = [{"serial": "BCH-0001", "struck": [2, 5]}, {"serial": "BCH-0002", "struck": [1, 9]}]
    cli.enter(a, "bch", lines)
    cli.ok("counts", a, "--poll", "bch", "--collected", 2)
    with cli.writing(a) as session:
        closing.close_poll(session, code="bch", actor="Nguyễn Văn Hùng")
    cli.enter(b, "bch", lines, pass_no=2)
    out = cli.dir / "luot-2.json"
    cli.ok("export-pass", b, "--poll", "bch", "--pass", "2", "--out", out)
    before = cli.state(a)
    line = cli("import-pass", a, out).one_error_line()
    assert "kết thúc" in line
    assert cli.state(a) == before
