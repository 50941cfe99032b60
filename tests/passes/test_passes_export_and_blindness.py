"""export-pass of an empty pass, what an exported file holds, and blindness: the result counts pass 1
only, whatever the other passes hold; a pass's own partial count counts that pass only."""

from __future__ import annotations

import json
import shutil
from typing import Any

import pytest

from app.services import passes
from app.services.tallying import tally_json, tally_poll

FIRST = [
    {"serial": "BCH-0001", "struck": [2, 5]},
    {"serial": "BCH-0002", "struck": [1, 9]},
    {"serial": "BCH-0003", "physical_invalid": "no_stamp"},
    {"serial": "BCH-0004", "struck": [3, 4]},
]
# Pass 2 reads every ballot differently and has one more: none of it may reach the result.
SECOND = [
    {"serial": "BCH-0001", "struck": [1, 2]},
    {"serial": "BCH-0002", "struck": [1, 2]},
    {"serial": "BCH-0003", "struck": [1, 2]},
    {"serial": "BCH-0004", "struck": [1, 2, 3, 4, 5, 6, 7, 8, 9]},
    {"serial": "BCH-0006", "struck": [1, 2]},
]


@pytest.mark.parametrize("pass_no", [1, 2, 3])
def test_exporting_a_pass_without_ballots_is_refused_and_writes_nothing(cli: Any, pass_no: int) -> None:
    meeting = cli.meeting("hoinghi.kiemphieu")
    if pass_no != 1:
        cli.enter(meeting, "bch", FIRST)  # pass 1 has ballots; the pass asked for has none
    out = cli.dir / "luot.json"
    run = cli("export-pass", meeting, "--poll", "bch", "--pass", pass_no, "--out", out)
    line = run.one_error_line()
    assert f"Lượt nhập {pass_no}" in line
    assert "“Bầu Ban Chấp hành Đảng bộ xã khóa XX" in line
    assert "chưa có phiếu nào" in line
    assert not out.exists()


def test_exporting_a_poll_that_does_not_exist_is_refused(cli: Any) -> None:
    meeting = cli.meeting("hoinghi.kiemphieu")
    run = cli("export-pass", meeting, "--poll", "khong-co", "--pass", "2", "--out", cli.dir / "x.json")
    assert "khong-co" in run.one_error_line()


def test_an_exported_pass_holds_its_ballots_who_entered_them_where_and_a_signature(cli: Any) -> None:
    cli.station("may-B")
    meeting = cli.meeting("hoinghi.kiemphieu")
    cli.enter(meeting, "bch", FIRST)
    cli.enter(meeting, "bch", SECOND, pass_no=2, operator="Lê Thị Mai")
    out = cli.dir / "luot-2.json"
    assert cli.ok("export-pass", meeting, "--poll", "bch", "--pass", "2", "--out", out)["ballots"] == 5
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == passes.FORMAT
    assert (document["poll"], document["round"], document["pass"]) == ("bch", 1, 2)
    assert len(document["mac"]) == 64
    rows = document["ballots"]
    assert [{k: v for k, v in r.items() if k in ("serial", "struck", "physical_invalid")} for r in rows] == SECOND
    assert {(r["operator"], r["station"]) for r in rows} == {("Lê Thị Mai", "may-B")}
    # Only the pass asked for: none of pass 1's readings.
    assert all(r.get("struck") != [2, 5] for r in rows)


def test_other_passes_never_change_the_result(cli: Any) -> None:
    a = cli.meeting("hoinghi-A.kiemphieu")
    b = cli.dir / "hoinghi-B.kiemphieu"
    shutil.copyfile(a, b)
    cli.enter(a, "bch", FIRST)
    before = cli.ok("tally", a, "--poll", "bch")
    info_before = cli.ok("info", a)

    # Pass 2 typed at this station, pass 3 taken in from another station.
    cli.enter(a, "bch", SECOND, pass_no=2)
    cli.enter(b, "bch", SECOND[:2], pass_no=3)
    cli.ok("export-pass", b, "--poll", "bch", "--pass", "3", "--out", cli.dir / "luot-3.json")
    cli.ok("import-pass", a, cli.dir / "luot-3.json")
    # Correcting pass 2 does not touch the result either.
    cli.ok(
        "correct", a, "--poll", "bch", "--ballot", "BCH-0001", "--pass", "2", "--entry", '{"struck": [9]}',
        "--reason", "sửa thử",
    )  # fmt: skip

    assert cli.ok("tally", a, "--poll", "bch") == before
    assert cli.ok("info", a) == info_before
    assert before["entered"] == 4
    assert before["valid"] == 3
    assert [item["votes"] for item in before["items"]] == [2, 2, 2, 2, 2, 3, 3, 3, 2]


def test_the_partial_count_of_a_pass_counts_that_pass_only(cli: Any) -> None:
    meeting = cli.meeting("hoinghi.kiemphieu")
    cli.enter(meeting, "bch", FIRST)
    cli.enter(meeting, "bch", SECOND, pass_no=2)
    cli.enter(meeting, "bch", SECOND[:1], pass_no=3)
    with cli.reading(meeting) as session:
        first = tally_poll(session, "bch")
        assert tally_json(tally_poll(session, "bch", pass_no=1)) == tally_json(first)
        second = tally_poll(session, "bch", pass_no=2).tally
        third = tally_poll(session, "bch", pass_no=3).tally
    assert (first.tally.totals.entered, first.tally.totals.valid) == (4, 3)
    # Pass 2: four ballots strike 1 and 2; the one striking every name is invalid (party rule).
    assert (second.totals.entered, second.totals.valid, second.totals.invalid) == (5, 4, 1)
    assert [item.votes for item in second.items] == [0, 0, 4, 4, 4, 4, 4, 4, 4]
    assert (third.totals.entered, third.totals.valid) == (1, 1)
    assert [item.votes for item in third.items] == [0, 0, 1, 1, 1, 1, 1, 1, 1]
