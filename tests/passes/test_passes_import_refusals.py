"""`import-pass` refuses what it must, all or nothing: the meeting file is left exactly as it was
(ballot, mark and audit rows counted), and the one-line Vietnamese message names the file."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.services import passes
from app.services.meetings import get_meeting
from app.store.orm import BallotRecord

FIRST = [
    {"serial": "BCH-0001", "struck": [2, 5]},
    {"serial": "BCH-0002", "struck": [1, 9]},
    {"serial": "BCH-0003", "physical_invalid": "no_stamp"},
    {"serial": "BCH-0004", "struck": [3, 4, 6]},
    {"serial": "BCH-0005", "struck": [7, 8]},
]


@dataclass(frozen=True)
class Stations:
    a: Path  # the station that imports
    b: Path  # the station that entered pass 2
    exported: Path  # B's signed pass-2 file


@pytest.fixture
def stations(cli: Any) -> Stations:
    cli.station("may-A")
    a = cli.meeting("hoinghi-A.kiemphieu")
    b = cli.dir / "hoinghi-B.kiemphieu"
    shutil.copyfile(a, b)
    cli.enter(a, "bch", FIRST)
    cli.station("may-B")
    cli.enter(b, "bch", FIRST, pass_no=2, operator="B")
    exported = cli.dir / "luot-2-may-B.json"
    cli.ok("export-pass", b, "--poll", "bch", "--pass", "2", "--out", exported)
    cli.station("may-A")
    return Stations(a, b, exported)


def pass_rows(cli: Any, meeting: Path, pass_no: int) -> int:
    with cli.reading(meeting) as session:
        return int(session.scalar(select(func.count()).where(BallotRecord.pass_no == pass_no)) or 0)


def refused(cli: Any, meeting: Path, pass_file: Path) -> str:
    """Import `pass_file`; it must be refused with one line naming it, and change nothing."""
    before = cli.state(meeting)
    run = cli("import-pass", meeting, pass_file)
    line: str = run.one_error_line()
    assert run.out == ""
    assert cli.state(meeting) == before
    return line


def resign(cli: Any, meeting: Path, document: dict[str, Any], out: Path) -> Path:
    """Sign `document` with the meeting's own secret, as export-pass does (a genuine-looking file)."""
    with cli.reading(meeting) as session:
        secret = get_meeting(session).secret
    body = {k: v for k, v in document.items() if k != "mac"}
    out.write_text(json.dumps({**body, "mac": passes._mac(secret, body)}, ensure_ascii=False), encoding="utf-8")
    return out


def test_a_pass_of_another_meeting_is_refused(cli: Any, stations: Stations) -> None:
    # A meeting made separately from the same spec: same polls and serials, its own secret.
    other = cli.new("hoinghi-khac.kiemphieu")
    with cli.reading(other) as session, cli.reading(stations.a) as here:
        assert get_meeting(session).fingerprint != get_meeting(here).fingerprint
        assert get_meeting(session).secret != get_meeting(here).secret
    cli.enter(other, "bch", FIRST, pass_no=2)
    foreign = cli.dir / "luot-2-hoi-nghi-khac.json"
    cli.ok("export-pass", other, "--poll", "bch", "--pass", "2", "--out", foreign)
    line = refused(cli, stations.a, foreign)
    assert foreign.name in line
    assert "hội nghị khác" in line
    assert pass_rows(cli, stations.a, 2) == 0


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda d: d["ballots"][0].update(struck=[2]), id="one-mark"),
        pytest.param(lambda d: d["ballots"][2].update(physical_invalid="torn"), id="physical-reason"),
        pytest.param(lambda d: d["ballots"].pop(), id="ballot-removed"),
        pytest.param(lambda d: d.update({"pass": 3}), id="pass-number"),
        pytest.param(lambda d: d["ballots"][1].update(operator="ai-do"), id="operator"),
        pytest.param(lambda d: d.pop("mac"), id="signature-removed"),
    ],
)
def test_a_file_changed_after_export_is_refused(cli: Any, stations: Stations, tamper: Any) -> None:
    document = json.loads(stations.exported.read_text(encoding="utf-8"))
    tamper(document)
    changed = cli.dir / "luot-2-da-sua.json"
    changed.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    line = refused(cli, stations.a, changed)
    assert changed.name in line
    assert "chữ ký" in line
    assert pass_rows(cli, stations.a, 2) == 0
    # The untouched file is still taken in.
    assert cli.ok("import-pass", stations.a, stations.exported)["ballots"] == 5


def test_a_file_of_another_round_is_refused(cli: Any, stations: Stations) -> None:
    document = json.loads(stations.exported.read_text(encoding="utf-8"))
    other_round = resign(cli, stations.a, {**document, "round": 2}, cli.dir / "luot-2-lan-bau-2.json")
    line = refused(cli, stations.a, other_round)
    assert other_round.name in line
    assert "lần bầu khác" in line


def poll_missing_here(cli: Any, stations: Stations) -> Path:
    """Station B started a second round (a poll A does not have) and exported a pass of it."""
    cli.station("may-B")
    cli.enter(stations.b, "dai-bieu", [{"serial": "DB-0001", "struck": [6]}])
    created = cli.ok("next-round", stations.b, "--poll", "dai-bieu", "--id", "dai-bieu-2")
    assert created["round_no"] == 2
    cli.enter(stations.b, "dai-bieu-2", [{"serial": "DB2-0001", "struck": [len(created["items"])]}], pass_no=2)
    out = cli.dir / "luot-2-dai-bieu-2.json"
    cli.ok("export-pass", stations.b, "--poll", "dai-bieu-2", "--pass", "2", "--out", out)
    cli.station("may-A")
    return out


def test_a_file_of_a_poll_this_meeting_file_does_not_have_is_refused(cli: Any, stations: Stations) -> None:
    out = poll_missing_here(cli, stations)
    before = cli.state(stations.a)
    run = cli("import-pass", stations.a, out)
    line = run.one_error_line()
    assert "dai-bieu-2" in line
    assert cli.state(stations.a) == before


def test_the_refusal_of_a_poll_this_meeting_file_does_not_have_names_the_file(cli: Any, stations: Stations) -> None:
    out = poll_missing_here(cli, stations)
    line = refused(cli, stations.a, out)
    assert out.name in line


@pytest.mark.parametrize(
    ("content", "words"),
    [
        pytest.param(b"day khong phai JSON {", "không phải tệp lượt nhập", id="not-json"),
        pytest.param(b"\xff\xfe\x00 nhi phan", "không phải tệp lượt nhập", id="binary"),
        pytest.param(b"", "không phải tệp lượt nhập", id="empty"),
        pytest.param(b'{"serial": "BCH-0001", "struck": [2, 5]}', "không phải tệp lượt nhập", id="entries-line"),
        pytest.param(b"[1, 2, 3]", "không phải tệp lượt nhập", id="json-list"),
        pytest.param(b'{"format": "kiemphieu-pass", "version": 99}', "phiên bản khác", id="other-version"),
    ],
)
def test_a_file_that_is_not_a_pass_file_is_refused(cli: Any, stations: Stations, content: bytes, words: str) -> None:
    path = cli.dir / "khong-phai-luot-nhap.json"
    path.write_bytes(content)
    line = refused(cli, stations.a, path)
    assert path.name in line
    assert words in line


def test_a_missing_file_is_refused(cli: Any, stations: Stations) -> None:
    missing = cli.dir / "khong-co-tep-nay.json"
    line = refused(cli, stations.a, missing)
    assert missing.name in line
    assert "không tìm thấy" in line


def test_a_file_whose_ballots_are_already_in_that_pass_stores_none_of_them(cli: Any, stations: Stations) -> None:
    # Someone at station A already keyed one ballot of pass 2 (BCH-0004, the 4th ballot of B's file).
    cli.enter(stations.a, "bch", [{"serial": "BCH-0004", "struck": [3, 4, 6]}], pass_no=2, operator="A2")
    line = refused(cli, stations.a, stations.exported)
    assert stations.exported.name in line
    assert "BCH-0004" in line
    assert "phiếu thứ 4" in line
    assert "không nhập phiếu nào" in line
    # All or nothing: ballots 1-3 of the file, read before the clash, were not kept either.
    assert pass_rows(cli, stations.a, 2) == 1


def test_importing_the_same_file_twice_is_refused_the_second_time(cli: Any, stations: Stations) -> None:
    assert cli.ok("import-pass", stations.a, stations.exported) == {"poll": "bch", "pass": 2, "ballots": 5}
    line = refused(cli, stations.a, stations.exported)
    assert stations.exported.name in line
    assert pass_rows(cli, stations.a, 2) == 5
    assert pass_rows(cli, stations.a, 1) == 5
    run = cli("passes", stations.a, "--poll", "bch", "--json")
    assert run.rc == 0
    assert [(p["pass_no"], p["entered"]) for p in run.data()["passes"]] == [(1, 5), (2, 5)]


def test_importing_a_pass_of_ballots_without_serials_twice_does_not_double_them(cli: Any) -> None:
    cli.station("may-A")
    a = cli.meeting("hoinghi-A.kiemphieu")
    b = cli.dir / "hoinghi-B.kiemphieu"
    shutil.copyfile(a, b)
    lines = [{"choices": [1, 1, 1]}, {"choices": [1, 2, 1]}, {"choices": [2, 2, 0]}]
    cli.enter(a, "ubkt", lines)
    cli.station("may-B")
    cli.enter(b, "ubkt", lines, pass_no=2)
    out = cli.dir / "luot-2.json"
    cli.ok("export-pass", b, "--poll", "ubkt", "--pass", "2", "--out", out)
    cli.station("may-A")
    assert cli.ok("import-pass", a, out)["ballots"] == 3
    second = cli("import-pass", a, out)
    assert pass_rows(cli, a, 2) == 3
    assert second.rc == 1
