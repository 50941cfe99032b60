"""Independent double and triple entry across stations (docs/regulations.md §7), end to end through the CLI.

Station A makes the meeting file and copies it to stations B (and C) before any ballot is entered:
the copies share the meeting's secret and fingerprint. A enters pass 1, B enters pass 2 of the same
paper ballots (in another order), B exports its pass, A imports it, compares, corrects and closes.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.services import passes
from app.services.meetings import get_meeting
from app.store.orm import BallotRecord


def reading_of(marks: dict[str, Any]) -> str:
    """How `passes` shows what one pass has for a ballot (the entries-file line without its serial)."""
    return json.dumps(marks, ensure_ascii=False)


@dataclass(frozen=True)
class Case:
    poll: str
    same: list[dict[str, Any]]  # ballots both passes read alike
    key: str  # the ballot the passes read differently
    first: dict[str, Any]  # its marks as station A read them (right: the paper agrees)
    second: dict[str, Any]  # its marks as station B read them (wrong)
    serials: bool = True


CASES = {
    "strike": Case(
        "bch",
        [
            {"serial": "BCH-0001", "struck": [2, 5]},
            {"serial": "BCH-0002", "struck": [1, 9]},
            {"serial": "BCH-0003", "physical_invalid": "no_stamp"},
            {"serial": "BCH-0005", "struck": [1, 2, 3]},
        ],
        "BCH-0004",
        {"struck": [3, 4, 6]},
        {"struck": [3, 4]},
    ),
    "physically-invalid": Case(
        "bch",
        [
            {"serial": "BCH-0001", "struck": [2, 5]},
            {"serial": "BCH-0002", "struck": [1, 9]},
            {"serial": "BCH-0004", "struck": [3, 4, 6]},
        ],
        "BCH-0003",
        {"physical_invalid": "no_stamp"},
        {"struck": [2, 5]},
    ),
    "grid": Case(
        "tin-nhiem",
        [
            {"serial": "TN-0001", "choices": [1, 2, 3]},
            {"serial": "TN-0002", "choices": [1, 1, 1]},
            {"serial": "TN-0003", "choices": [[1, 3], 2, 0]},
        ],
        "TN-0004",
        {"choices": [3, 3, 3]},
        {"choices": [3, 2, 3]},
    ),
    "single": Case(
        "bi-thu",
        [{"serial": "BT-0001", "choices": [1]}, {"serial": "BT-0002", "choices": [2]}],
        "BT-0003",
        {"choices": [1]},
        {"choices": [2]},
    ),
    "scores": Case(
        "cham-diem",
        [
            {"serial": "CD-0001", "scores": [[25.0, 60.5], [20.0, None]]},
            {"serial": "CD-0002", "scores": [[30.0, 70.0], [28.5, 65.0]]},
        ],
        "CD-0003",
        {"scores": [[27.5, 60.0], [20.0, 50.0]]},
        {"scores": [[27.5, 66.0], [20.0, 50.0]]},
    ),
    "names": Case(
        "gioi-thieu",
        [
            {"serial": "GT-0001", "names": ["Lê Văn Cường", "Phạm Thị Dung"]},
            {"serial": "GT-0002", "names": ["Bùi Quang Huy"]},
        ],
        "GT-0003",
        {"names": ["Đỗ Minh Đức", "Lê Văn Cường"]},
        {"names": ["Đỗ Minh Đức"]},
    ),
    "no-serials": Case(
        "ubkt",
        [{"choices": [1, 1, 1]}, {"choices": [1, 2, 1]}, {"choices": [2, 2, 0]}],
        "#4",
        {"choices": [1, 1, 2]},
        {"choices": [1, 1, 1]},
        serials=False,
    ),
}


def pass_lines(case: Case, marks: dict[str, Any], *, shuffled: bool) -> list[dict[str, Any]]:
    """The ballots of one pass; station B takes the pile in another order (ballots with a serial only:
    ballots without one are matched by the order they were entered in)."""
    odd = {"serial": case.key, **marks} if case.serials else marks
    lines = [*case.same, odd]
    return lines[::-1] if shuffled and case.serials else lines


def stations(cli: Any, *, new: bool = False) -> tuple[Path, Path]:
    """Station A makes the meeting file (with `kiemphieu new`, or a copy of the session's example meeting);
    station B gets a copy before any ballot is entered."""
    cli.station("may-A")
    a = cli.new("hoinghi-A.kiemphieu") if new else cli.meeting("hoinghi-A.kiemphieu")
    b = cli.dir / "hoinghi-B.kiemphieu"
    shutil.copyfile(a, b)
    return a, b


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_double_entry_on_two_stations_finds_the_one_mismatch_and_the_correction_clears_the_gate(
    cli: Any, case: Case
) -> None:
    a, b = stations(cli)
    code = case.poll
    first = pass_lines(case, case.first, shuffled=False)
    second = pass_lines(case, case.second, shuffled=True)
    count = len(first)

    # Station A: pass 1, and the committee's count of ballots collected.
    cli.station("may-A")
    cli.enter(a, code, first, operator="Trần Quốc Toản")
    cli.ok("counts", a, "--poll", code, "--collected", count)
    tally_before = cli.ok("tally", a, "--poll", code)
    assert "KẾT QUẢ TẠM THỜI" not in cli("tally", a, "--poll", code).out  # every identity holds: the outcome stands

    # Station B: pass 2 of the same paper ballots, exported to a signed file.
    cli.station("may-B")
    cli.enter(b, code, second, pass_no=2, operator="Lê Thị Mai")
    out = cli.dir / "luot-2.json"
    exported = cli.ok("export-pass", b, "--poll", code, "--pass", "2", "--out", out)
    assert exported == {"poll": code, "pass": 2, "ballots": count, "out": str(out)}
    assert out.exists()

    # Station A takes pass 2 in.
    cli.station("may-A")
    imported = cli.ok("import-pass", a, out)
    assert imported == {"poll": code, "pass": 2, "ballots": count}
    with cli.reading(a) as session:
        records = session.scalars(select(BallotRecord).where(BallotRecord.pass_no == 2)).all()
        assert len(records) == count
        assert {(r.operator, r.station, r.source) for r in records} == {("Lê Thị Mai", "may-B", "import")}
    # The tally (pass 1) does not move when another pass arrives; while the passes disagree it is provisional (#17).
    assert cli.ok("tally", a, "--poll", code) == tally_before
    assert "KẾT QUẢ TẠM THỜI" in cli("tally", a, "--poll", code).out

    # `passes` names exactly the ballot the passes disagree on, with both readings.
    run = cli("passes", a, "--poll", code, "--json")
    assert run.rc == 1, run.err
    data = run.data()
    assert [(p["pass_no"], p["entered"]) for p in data["passes"]] == [(1, count), (2, count)]
    assert data["mismatches"] == [
        {"ballot": case.key, "entries": {"1": reading_of(case.first), "2": reading_of(case.second)}}
    ]
    run = cli("passes", a, "--poll", code)
    assert run.rc == 1
    assert "1 phiếu không khớp" in run.out
    listed = [line.strip() for line in run.out.splitlines() if line.startswith("  ")]
    assert listed == [f"{case.key}: lượt 1: {reading_of(case.first)} | lượt 2: {reading_of(case.second)}"]

    # The gate refuses the minutes while the passes disagree, naming the ballot.
    run = cli("check", a, "--poll", code, "--json")
    assert run.rc == 1
    problems = run.data()["problems"]
    assert [p["code"] for p in problems] == ["passes_disagree"]
    assert case.key in problems[0]["message"]

    # The paper agrees with station A: pass 2 is corrected, with a reason.
    saved = cli.ok(
        "correct",
        a,
        "--poll",
        code,
        "--ballot",
        case.key,
        "--pass",
        "2",
        "--entry",
        json.dumps(case.first, ensure_ascii=False),
        "--reason",
        "Đối chiếu phiếu giấy: lượt 2 nhập sai",
    )
    assert saved["key"] == case.key

    run = cli("passes", a, "--poll", code, "--json")
    assert run.rc == 0, run.out
    assert run.data()["mismatches"] == []
    assert "khớp nhau hoàn toàn" in cli("passes", a, "--poll", code).out
    gate = cli("check", a, "--poll", code, "--json")
    assert "passes_disagree" not in [p["code"] for p in gate.data()["problems"]]
    assert gate.rc == 0, gate.out
    assert cli.ok("tally", a, "--poll", code) == tally_before
    assert "KẾT QUẢ TẠM THỜI" not in cli("tally", a, "--poll", code).out


TRIPLE_FIRST = [
    {"serial": "BCH-0001", "struck": [2, 5]},
    {"serial": "BCH-0002", "struck": [1, 9]},
    {"serial": "BCH-0003", "physical_invalid": "torn"},
    {"serial": "BCH-0004", "struck": [3, 4, 6]},
    {"serial": "BCH-0005", "struck": [7, 8]},
]


def test_triple_entry_on_three_stations(cli: Any) -> None:
    a, b = stations(cli, new=True)
    c = cli.dir / "hoinghi-C.kiemphieu"
    shutil.copyfile(a, c)
    identities = set()
    for meeting in (a, b, c):
        with cli.reading(meeting) as session:
            identities.add((get_meeting(session).fingerprint, get_meeting(session).secret))
    assert len(identities) == 1  # the copies are the same meeting

    cli.station("may-A")
    cli.enter(a, "bch", TRIPLE_FIRST)
    cli.ok("counts", a, "--poll", "bch", "--collected", 5)
    cli.station("may-B")
    cli.enter(b, "bch", TRIPLE_FIRST[::-1], pass_no=2, operator="B")
    cli.station("may-C")
    # Station C misreads BCH-0002 and has not entered BCH-0005 yet.
    third = [*TRIPLE_FIRST[:1], {"serial": "BCH-0002", "struck": [1]}, *TRIPLE_FIRST[2:4]]
    cli.enter(c, "bch", third, pass_no=3, operator="C")
    cli.station("may-B")
    cli.ok("export-pass", b, "--poll", "bch", "--pass", "2", "--out", cli.dir / "luot-2.json")
    cli.station("may-C")
    cli.ok("export-pass", c, "--poll", "bch", "--pass", "3", "--out", cli.dir / "luot-3.json")

    cli.station("may-A")
    # The order the files arrive in does not matter.
    assert cli.ok("import-pass", a, cli.dir / "luot-3.json") == {"poll": "bch", "pass": 3, "ballots": 4}
    assert cli.ok("import-pass", a, cli.dir / "luot-2.json") == {"poll": "bch", "pass": 2, "ballots": 5}

    run = cli("passes", a, "--poll", "bch", "--json")
    assert run.rc == 1
    data = run.data()
    assert [(p["pass_no"], p["entered"]) for p in data["passes"]] == [(1, 5), (2, 5), (3, 4)]
    assert data["mismatches"] == [
        {
            "ballot": "BCH-0002",
            "entries": {"1": '{"struck": [1, 9]}', "2": '{"struck": [1, 9]}', "3": '{"struck": [1]}'},
        },
        {
            "ballot": "BCH-0005",
            "entries": {"1": '{"struck": [7, 8]}', "2": '{"struck": [7, 8]}', "3": None},
        },
    ]
    text = cli("passes", a, "--poll", "bch").out
    assert "2 phiếu không khớp" in text
    assert 'BCH-0005: lượt 1: {"struck": [7, 8]} | lượt 2: {"struck": [7, 8]} | lượt 3: chưa nhập' in text

    run = cli("check", a, "--poll", "bch", "--json")
    assert run.rc == 1
    (problem,) = run.data()["problems"]
    assert problem["code"] == "passes_disagree"
    assert "2 phiếu" in problem["message"]
    assert "BCH-0002" in problem["message"]
    assert "BCH-0005" in problem["message"]

    cli.ok(
        "correct",
        a,
        "--poll",
        "bch",
        "--ballot",
        "BCH-0002",
        "--pass",
        "3",
        "--entry",
        '{"struck": [1, 9]}',
        "--reason",
        "Lượt 3 bỏ sót một tên bị gạch",
    )
    # The third pass's missing ballot is entered (here, at station A).
    cli.enter(a, "bch", [TRIPLE_FIRST[4]], pass_no=3, operator="C")

    run = cli("passes", a, "--poll", "bch", "--json")
    assert run.rc == 0, run.out
    assert [(p["pass_no"], p["entered"]) for p in run.data()["passes"]] == [(1, 5), (2, 5), (3, 5)]
    assert cli("check", a, "--poll", "bch").rc == 0
    with cli.reading(a) as session:
        assert passes.compare_passes(session, code="bch") == []
