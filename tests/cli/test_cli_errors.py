"""Exit codes and messages of `kiemphieu`: 0 success, 2 usage errors, 1 every other error with one
line in Vietnamese on stderr ("Lỗi: …") and never a traceback."""

from __future__ import annotations

import os
import sqlite3
import textwrap
from pathlib import Path
from typing import Any

import pytest
from cli_runner import one_error_line

SPEC = """
    [meeting]
    title = "Hội nghị Chi bộ"
    organization = "CHI BỘ 1"
    place = "An Bình"
    date = 2025-06-20

    [attendance]
    convened = 10
    present = 9

    [[polls]]
    id = "bch"
    kind = "election"
    title = "Bầu Chi ủy"
    seats = 2
    candidates = ["An", "Bình", "Cường"]

    [[polls]]
    id = "cham-diem"
    kind = "scoring"
    title = "Chấm điểm"
    criteria = [{ name = "Chung", max = 30 }, { name = "Nhiệm vụ", max = 70 }]
    subjects = ["An"]

    [[polls]]
    id = "tin-nhiem"
    kind = "confidence"
    title = "Lấy phiếu tín nhiệm"
    subjects = ["An", "Bình"]
"""


@pytest.fixture
def meeting(cli: Any) -> Path:
    path: Path = cli.meeting(SPEC)
    return path


# --------------------------------------------------------------------------- usage errors: exit 2


def test_no_arguments_prints_help_and_exits_2(cli: Any) -> None:
    run = cli()
    assert run.rc == 2
    assert "Cách dùng:" in run.err
    assert run.out == ""


@pytest.mark.parametrize(
    "args",
    [
        ["dem-phieu", "x.kiemphieu"],  # unknown subcommand
        ["tally", "x.kiemphieu"],  # missing --poll
        ["enter", "x.kiemphieu", "--poll", "bch"],  # missing --entries
        ["new", "x.kiemphieu"],  # missing --spec
        ["override", "x.kiemphieu", "--poll", "bch", "--ballot", "1", "--reason", "r"],  # no verdict
        ["override", "x", "--poll", "p", "--ballot", "1", "--valid", "--invalid", "--reason", "r"],
        ["counts", "x.kiemphieu", "--poll", "bch", "--issued", "nhiều"],  # not a number
        ["tally", "--poll", "bch"],  # missing file
    ],
    ids=[
        "unknown-command",
        "no-poll",
        "no-entries",
        "no-spec",
        "no-verdict",
        "two-verdicts",
        "nan",
        "no-file",
    ],
)
def test_usage_errors_exit_2(cli: Any, args: list[str], tmp_path: Path) -> None:
    run = cli(*args)
    assert run.rc == 2
    assert "Cách dùng:" in run.err
    assert not (tmp_path / "x.kiemphieu").exists()


def test_version_and_help_exit_0(cli: Any) -> None:
    version = cli("--version")
    assert version.rc == 0
    assert "KiểmPhiếu" in version.out
    assert cli("tally", "--help").rc == 0


def test_process_without_arguments_exits_2(run_process: Any) -> None:
    proc = run_process()
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "Cách dùng:" in proc.stderr


def test_process_unknown_command_exits_2(run_process: Any) -> None:
    proc = run_process("dem-phieu")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "dem-phieu" in proc.stderr


# --------------------------------------------------------------------------- unknown poll


@pytest.mark.parametrize(
    "args",
    [
        ["tally", "--poll", "bi-thu"],
        ["counts", "--poll", "bi-thu", "--issued", "5"],
        ["override", "--poll", "bi-thu", "--ballot", "#1", "--invalid", "--reason", "Rách"],
        ["next-round", "--poll", "bi-thu"],
        ["enter", "--poll", "bi-thu", "--entries", "ENTRIES"],
    ],
    ids=["tally", "counts", "override", "next-round", "enter"],
)
def test_unknown_poll_lists_the_known_ids(cli: Any, meeting: Path, args: list[str]) -> None:
    entries = cli.entries([{"struck": [1]}])

    run = cli(args[0], meeting, *(entries if a == "ENTRIES" else a for a in args[1:]))

    assert run.rc == 1
    line = one_error_line(run.err)
    assert "'bi-thu'" in line
    assert "bch, cham-diem, tin-nhiem" in line
    assert run.out == ""


def test_process_unknown_poll(cli: Any, meeting: Path, run_process: Any) -> None:
    proc = run_process("tally", meeting.name, "--poll", "bi-thu")

    assert proc.returncode == 1
    line = one_error_line(proc.stderr)
    assert "bi-thu" in line
    assert "bch, cham-diem, tin-nhiem" in line
    assert proc.stdout == ""


# --------------------------------------------------------------------------- the spec file


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("convened = 10", 'convened = "mười"', "'convened' phải là số nguyên"),  # wrong type
        ('place = "An Bình"', 'place = "An Bình"\nchairman = "Hùng"', "'chairman'"),  # unknown key
        ("seats = 2", "seat = 2", "'seat'"),  # unknown key in a poll
        ('kind = "election"', 'kind = "lottery"', "'lottery'"),
        ("seats = 2", 'seats = 2\nprofile = "scoring"', "'scoring'"),  # profile of another kind
        ('subjects = ["An"]', 'subjects = ["An"]\nrules = { aggregate = "mode" }', "'aggregate'"),
        ("present = 9", "present = 11", "11"),  # more present than convened
        ('title = "Bầu Chi ủy"', 'title = "Bầu Chi ủy', "TOML"),  # syntax error
    ],
    ids=[
        "wrong-type",
        "unknown-meeting-key",
        "unknown-poll-key",
        "unknown-kind",
        "wrong-profile",
        "bad-rule",
        "present-over-convened",
        "toml-syntax",
    ],
)
def test_malformed_spec_names_the_file(cli: Any, tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in SPEC
    spec = cli.spec(SPEC.replace(old, new, 1), name="dai-hoi.toml")
    target = tmp_path / "dai-hoi.kiemphieu"

    run = cli("new", target, "--spec", spec)

    assert run.rc == 1
    line = one_error_line(run.err)
    assert "dai-hoi.toml" in line
    assert expected in line
    assert not target.exists()  # nothing half-made is left behind
    assert not list(tmp_path.glob("dai-hoi.kiemphieu*"))


def test_process_malformed_spec(cli: Any, tmp_path: Path, run_process: Any) -> None:
    cli.spec(SPEC.replace("seats = 2", "seat = 2"), name="dai-hoi.toml")

    proc = run_process("new", "dai-hoi.kiemphieu", "--spec", "dai-hoi.toml")

    assert proc.returncode == 1
    line = one_error_line(proc.stderr)
    assert "dai-hoi.toml" in line
    assert "'seat'" in line
    assert not (tmp_path / "dai-hoi.kiemphieu").exists()


def test_missing_spec(cli: Any, tmp_path: Path) -> None:
    run = cli("new", tmp_path / "m.kiemphieu", "--spec", tmp_path / "khong-co.toml")

    assert run.rc == 1
    line = one_error_line(run.err)
    assert "khong-co.toml" in line
    assert "không tìm thấy" in line
    assert not (tmp_path / "m.kiemphieu").exists()


def test_spec_not_utf8(cli: Any, tmp_path: Path) -> None:
    spec = tmp_path / "cp1258.toml"
    spec.write_bytes(SPEC.replace("Hội nghị", "H\xf4i ngh\xf2").encode("latin-1", "replace"))

    run = cli("new", tmp_path / "m.kiemphieu", "--spec", spec)

    assert run.rc == 1
    line = one_error_line(run.err)
    assert "cp1258.toml" in line
    assert "UTF-8" in line


def test_spec_with_utf8_bom_is_read(cli: Any, tmp_path: Path) -> None:
    # Notepad's and PowerShell's "UTF-8 with BOM" is still UTF-8.
    spec = tmp_path / "bom.toml"
    spec.write_bytes(b"\xef\xbb\xbf" + textwrap.dedent(SPEC).encode("utf-8"))

    run = cli("new", tmp_path / "m.kiemphieu", "--spec", spec)

    assert run.rc == 0, run.err
    assert cli.ok("info", tmp_path / "m.kiemphieu")["title"] == "Hội nghị Chi bộ"


def test_new_refuses_an_existing_file(cli: Any, meeting: Path) -> None:
    before = meeting.read_bytes()
    spec = cli.spec(SPEC, name="lai.toml")

    run = cli("new", meeting, "--spec", spec)

    assert run.rc == 1
    line = one_error_line(run.err)
    assert "đã tồn tại" in line
    assert meeting.read_bytes() == before
    assert [p["id"] for p in cli.ok("info", meeting)["polls"]] == ["bch", "cham-diem", "tin-nhiem"]


def test_new_in_a_missing_folder(cli: Any, tmp_path: Path) -> None:
    spec = cli.spec(SPEC)

    run = cli("new", tmp_path / "khong-co" / "m.kiemphieu", "--spec", spec)

    assert run.rc == 1
    assert "khong-co" in one_error_line(run.err)


# --------------------------------------------------------------------------- files that are not meetings


@pytest.mark.parametrize(
    "command", [["info"], ["tally", "--poll", "bch"], ["counts", "--poll", "bch", "--issued", "3"]]
)
def test_a_text_file_is_not_a_meeting(cli: Any, tmp_path: Path, command: list[str]) -> None:
    text = tmp_path / "ghi-chu.kiemphieu"
    text.write_text("Danh sách đại biểu\n" * 50, encoding="utf-8")
    before = text.read_bytes()

    run = cli(command[0], text, *command[1:])

    assert run.rc == 1
    assert "không phải tệp hội nghị" in one_error_line(run.err)
    assert text.read_bytes() == before


def test_an_empty_file_is_not_a_meeting(cli: Any, tmp_path: Path) -> None:
    empty = tmp_path / "rong.kiemphieu"
    empty.write_bytes(b"")

    run = cli("info", empty)

    assert run.rc == 1
    assert "không phải tệp hội nghị" in one_error_line(run.err)


def test_missing_meeting_file(cli: Any, tmp_path: Path) -> None:
    run = cli("info", tmp_path / "khong-co.kiemphieu")

    assert run.rc == 1
    line = one_error_line(run.err)
    assert "khong-co.kiemphieu" in line
    assert "không tìm thấy" in line
    assert not (tmp_path / "khong-co.kiemphieu").exists()


def other_app_database(path: Path) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO contacts (name) VALUES ('Nguyễn Văn An')")
    connection.close()
    return path


def test_an_sqlite_file_of_another_app_is_refused(cli: Any, tmp_path: Path) -> None:
    other = other_app_database(tmp_path / "danh-ba.kiemphieu")
    before = other.read_bytes()

    run = cli("info", other)

    assert run.rc == 1
    line = one_error_line(run.err)
    assert "SQLite" in line
    assert "không phải tệp hội nghị" in line
    assert other.read_bytes() == before  # no tables were added to someone else's database


def set_schema_revision(path: Path, revision: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    connection.close()


def schema_revision(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    connection.close()
    return str(revision)


def test_a_meeting_from_a_newer_version_is_refused(cli: Any, meeting: Path) -> None:
    set_schema_revision(meeting, "9999")

    for args in (["info", meeting], ["tally", meeting, "--poll", "bch"]):
        run = cli(*args)
        assert run.rc == 1
        line = one_error_line(run.err)
        assert "phiên bản" in line
        assert "mới hơn" in line
        assert "9999" in line
    assert schema_revision(meeting) == "9999"  # left as it was


def test_process_file_errors_are_one_line(cli: Any, meeting: Path, tmp_path: Path, run_process: Any) -> None:
    (tmp_path / "ghi-chu.kiemphieu").write_text("không phải SQLite\n" * 20, encoding="utf-8")
    other_app_database(tmp_path / "danh-ba.kiemphieu")
    set_schema_revision(meeting, "9999")

    for name, expected in [
        ("ghi-chu.kiemphieu", "không phải tệp hội nghị"),
        ("danh-ba.kiemphieu", "không phải tệp hội nghị"),
        (meeting.name, "mới hơn"),
    ]:
        proc = run_process("info", name)
        assert proc.returncode == 1, name
        assert expected in one_error_line(proc.stderr)
        assert proc.stdout == ""


# --------------------------------------------------------------------------- entering ballots


def test_malformed_lines_are_rejected_with_their_numbers(cli: Any, meeting: Path) -> None:
    entries = cli.entries(
        [
            {"serial": "B-01", "struck": [3]},
            '{"serial": "B-02", "struck": [3]',  # 2: not JSON (unclosed)
            {"serial": "B-03", "struck": [2]},
            {"serial": "B-04", "struck": [9]},  # 4: there is no 9th name
            {"serial": "B-05", "gach": [1]},  # 5: unknown key
            "",  # 6: blank, skipped
            {"serial": "B-01", "struck": [1]},  # 7: serial already entered (line 1)
            "[1, 2]",  # 8: not an object
            {"serial": "B-09", "choices": [1, 2, 1]},  # 9: wrong kind of marks for a strike ballot
            {"serial": "B-10", "struck": [1, 1]},  # 10: a row struck twice
            {"serial": "B-11", "physical_invalid": "no_stamp"},
            {"struck": []},  # keeps 3 for 2 seats: stored, invalid
        ]
    )

    data = cli.partly("enter", meeting, "--poll", "bch", "--entries", entries)

    assert (data["accepted"], data["valid"], data["invalid"]) == (4, 2, 2)
    assert [r["line"] for r in data["rejected"]] == [2, 4, 5, 7, 8, 9, 10]
    reasons = {r["line"]: r["reason"] for r in data["rejected"]}
    assert "JSON" in reasons[2]
    assert "9" in reasons[4]
    assert "'gach'" in reasons[5]
    assert "B-01" in reasons[7]
    assert "đã được nhập" in reasons[7]
    t = cli.tally(meeting, "bch")
    assert (t["entered"], t["valid"], t["invalid"]) == (4, 2, 2)
    assert [i["votes"] for i in t["items"]] == [2, 1, 1]

    text = cli("enter", meeting, "--poll", "bch", "--entries", entries)
    assert text.rc == 1
    assert text.err == "Lỗi: 1 ghi, 10 từ chối.\n"
    assert "Dòng 2:" in text.out
    assert "Dòng 4:" in text.out
    # The second run stores the serial-less ballot again (it has no serial to recognise it by);
    # every ballot with a serial is refused as already entered.
    assert cli.tally(meeting, "bch")["entered"] == 5


def test_running_an_entries_file_twice_does_not_count_twice(cli: Any, meeting: Path, ballots: Any) -> None:
    lines = ballots.strike(3, [5, 4, 3], count=6, seats=2, prefix="B")
    entries = cli.entries(lines)
    cli.ok("enter", meeting, "--poll", "bch", "--entries", entries)

    again = cli.partly("enter", meeting, "--poll", "bch", "--entries", entries)

    assert again["accepted"] == 0
    assert [r["line"] for r in again["rejected"]] == list(range(1, 7))
    assert all("đã được nhập" in r["reason"] for r in again["rejected"])
    t = cli.tally(meeting, "bch")
    assert t["entered"] == 6
    assert [i["votes"] for i in t["items"]] == [5, 4, 3]


def test_scores_that_are_not_half_points_are_rejected(cli: Any, meeting: Path) -> None:
    entries = cli.entries(
        [
            {"scores": [[25, 60.5]]},
            {"scores": [[25.25, 60]]},  # 2: not a multiple of 0,5
            {"scores": [[25, "sáu mươi"]]},  # 3: not a number
            {"scores": [[25]]},  # 4: one criterion missing
            {"scores": [[31, 60]]},  # over the maximum: stored, invalid
        ]
    )

    data = cli.partly("enter", meeting, "--poll", "cham-diem", "--entries", entries)

    assert (data["accepted"], data["valid"], data["invalid"]) == (2, 1, 1)
    assert [r["line"] for r in data["rejected"]] == [2, 3, 4]
    assert cli.tally(meeting, "cham-diem")["items"][0]["mean"] == "85,50"


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_score_is_a_rejected_line(cli: Any, meeting: Path, bad: str) -> None:
    entries = cli.entries(['{"scores": [[25, 60]]}', f'{{"scores": [[{bad}, 60]]}}', '{"scores": [[20, 50]]}'])

    data = cli.partly("enter", meeting, "--poll", "cham-diem", "--entries", entries)

    assert data["accepted"] == 2
    assert [r["line"] for r in data["rejected"]] == [2]


@pytest.mark.parametrize("bad", ["100000000000000000000", "1e300"])
def test_huge_score_does_not_abort_the_file(cli: Any, meeting: Path, bad: str) -> None:
    entries = cli.entries(['{"scores": [[25, 60]]}', f'{{"scores": [[{bad}, 60]]}}', '{"scores": [[20, 50]]}'])

    run = cli("enter", meeting, "--poll", "cham-diem", "--entries", entries, "--json")

    assert run.rc == (1 if run.data()["rejected"] else 0), run.err
    data = run.data()
    # Either refused as an entry mistake or stored as an invalid ballot; the other lines are kept.
    assert data["valid"] == 2
    assert data["accepted"] + len(data["rejected"]) == 3
    assert cli.tally(meeting, "cham-diem")["valid"] == 2


def test_entries_with_utf8_bom_keep_the_first_line(cli: Any, meeting: Path, tmp_path: Path) -> None:
    entries = tmp_path / "bom.jsonl"
    entries.write_bytes(b'\xef\xbb\xbf{"serial": "B-01", "struck": [3]}\n{"serial": "B-02", "struck": [2]}\n')

    data = cli.ok("enter", meeting, "--poll", "bch", "--entries", entries)

    assert data["rejected"] == []
    assert data["accepted"] == 2
    assert [i["votes"] for i in cli.tally(meeting, "bch")["items"]] == [2, 1, 1]


def test_missing_entries_file(cli: Any, meeting: Path, tmp_path: Path) -> None:
    run = cli("enter", meeting, "--poll", "bch", "--entries", tmp_path / "khong-co.jsonl")

    assert run.rc == 1
    assert "khong-co.jsonl" in one_error_line(run.err)
    assert cli.tally(meeting, "bch")["entered"] == 0


def test_entries_not_utf8(cli: Any, meeting: Path, tmp_path: Path) -> None:
    entries = tmp_path / "latin.jsonl"
    entries.write_bytes('{"names": ["Lê Văn Cường"]}\n'.encode("utf-16"))

    run = cli("enter", meeting, "--poll", "bch", "--entries", entries)

    assert run.rc == 1
    assert "UTF-8" in one_error_line(run.err)


# --------------------------------------------------------------------------- other commands


def test_tally_of_a_poll_without_ballots(cli: Any, meeting: Path) -> None:
    t = cli.tally(meeting, "bch")

    assert (t["issued"], t["collected"], t["entered"], t["valid"], t["invalid"]) == (None, 0, 0, 0, 0)
    assert t["invalid_reasons"] == {}
    assert t["base"] == 10
    assert [(i["votes"], i["percent"], i["outcome"]) for i in t["items"]] == [(0, "0,00", "not_elected")] * 3
    assert (t["elected"], t["revote"], t["open_seats"]) == ([], None, 2)
    scoring = cli.tally(meeting, "cham-diem")
    assert pick_item(scoring) == {"mean": None, "scored": 0, "level": None, "outcome": "unscored"}
    confidence = cli.tally(meeting, "tin-nhiem")
    assert (confidence["base"], confidence["items"][0]["percents"]) == (0, ["0,00", "0,00", "0,00"])
    assert confidence["items"][0]["outcome"] == "none"
    text = cli("tally", meeting, "--poll", "tin-nhiem")
    assert text.rc == 0
    assert "chưa nhập" in text.out  # no ballots issued yet


def pick_item(tally: dict[str, Any]) -> dict[str, Any]:
    return {k: tally["items"][0][k] for k in ("mean", "scored", "level", "outcome")}


def test_spec_warnings_go_to_stderr_and_the_meeting_is_created(cli: Any, tmp_path: Path) -> None:
    # 9 names for 6 seats: a surplus of 3 is over 30 % of 6 (190-QĐ/TW Art. 14), worth a warning.
    names = ", ".join(f'"Ứng viên {c}"' for c in "ABCDEFGHI")
    spec = cli.spec(
        SPEC.replace('seats = 2\n    candidates = ["An", "Bình", "Cường"]', f"seats = 6\n    candidates = [{names}]")
    )
    target = tmp_path / "m.kiemphieu"

    run = cli("new", target, "--spec", spec, "--json")

    assert run.rc == 0
    assert run.err.startswith("Lưu ý: ")
    assert "30%" in run.err
    assert [p["id"] for p in run.data()["polls"]] == ["bch", "cham-diem", "tin-nhiem"]
    assert target.exists()


def test_process_success_prints_nothing_on_stderr(cli: Any, meeting: Path, run_process: Any) -> None:
    proc = run_process("tally", meeting.name, "--poll", "bch", "--json")

    assert proc.returncode == 0
    assert proc.stderr == ""
    assert '"poll": "bch"' in proc.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["counts", "--poll", "bch"], "--issued"),
        (["counts", "--poll", "bch", "--issued", "5", "--collected", "6"], "lớn hơn"),
        (["override", "--poll", "bch", "--ballot", "B-99", "--invalid", "--reason", "Rách"], "B-99"),
        (["override", "--poll", "bch", "--ballot", "B-01", "--invalid", "--reason", "  "], "lý do"),
        (["next-round", "--poll", "tin-nhiem"], "bầu cử"),
        (["import-candidates", "--poll", "bch", "--xlsx", "khong-co.xlsx"], "khong-co.xlsx"),
    ],
    ids=[
        "counts-nothing",
        "collected-over-issued",
        "unknown-ballot",
        "blank-reason",
        "next-round-not-election",
        "missing-xlsx",
    ],
)
def test_command_errors(cli: Any, meeting: Path, args: list[str], expected: str) -> None:
    cli.enter(meeting, "bch", [{"serial": "B-01", "struck": [3]}])

    run = cli(args[0], meeting, *args[1:])

    assert run.rc == 1
    assert expected in one_error_line(run.err)
    t = cli.tally(meeting, "bch")
    assert (t["issued"], t["valid"], t["overrides"]) == (None, 1, [])


def test_a_ballot_entered_only_as_physically_invalid_cannot_be_ruled_valid(cli: Any, meeting: Path) -> None:
    # Its marks were never entered: ruling it valid would count it as keeping every name.
    cli.enter(
        meeting,
        "bch",
        [{"serial": "B-01", "struck": [3]}, {"serial": "B-02", "physical_invalid": "no_stamp"}],
    )

    run = cli("override", meeting, "--poll", "bch", "--ballot", "B-02", "--valid", "--reason", "Có dấu")

    assert run.rc == 1
    assert "B-02" in one_error_line(run.err)
    t = cli.tally(meeting, "bch")
    assert (t["valid"], t["invalid"], t["overrides"]) == (1, 1, [])
    assert [i["votes"] for i in t["items"]] == [1, 1, 0]


def test_next_round_needs_ballots_and_open_seats(cli: Any, meeting: Path, ballots: Any) -> None:
    empty = cli("next-round", meeting, "--poll", "bch")
    assert empty.rc == 1
    assert "chưa có phiếu" in one_error_line(empty.err)

    cli.enter(meeting, "bch", ballots.strike(3, [9, 8, 1], count=9, seats=2, prefix="B"))
    full = cli("next-round", meeting, "--poll", "bch")

    assert full.rc == 1
    assert "đã bầu đủ" in one_error_line(full.err)
    assert [p["id"] for p in cli.ok("info", meeting)["polls"]] == ["bch", "cham-diem", "tin-nhiem"]


def test_an_unexpected_error_is_one_line_and_logged(cli: Any, meeting: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.services import tallying

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("hỏng giữa chừng")

    monkeypatch.setattr(tallying, "tally_poll", broken)

    run = cli("tally", meeting, "--poll", "bch")

    assert run.rc == 1
    assert "Traceback" not in run.err
    (line,) = run.err.splitlines()
    assert line.startswith("Lỗi không mong đợi: RuntimeError: hỏng giữa chừng.")
    log = Path(os.environ["XDG_STATE_HOME"]) / "kiemphieu" / "kiemphieu.log"
    assert str(log) in line
    logged = log.read_text(encoding="utf-8")
    assert "Traceback" in logged
    assert "hỏng giữa chừng" in logged


def test_interrupted_by_the_user(cli: Any, meeting: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.services import tallying

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(tallying, "tally_poll", interrupted)

    run = cli("tally", meeting, "--poll", "bch")

    assert run.rc == 130
    assert len(run.err.splitlines()) == 1
    assert "Traceback" not in run.err
