"""Two computers on one file over a network share: refused (README, fault table).

A file on a network file system is not written by any computer (WAL's index is shared only between processes
of one computer; locks over a share are unreliable); read-only commands read a snapshot. A file another computer
has open for writing (its marker beside the file is fresh) is refused to this one; a stale marker is taken over.
The mount tables here are written by the test, line by line in the kernel's format (proc(5), mountinfo).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path, PureWindowsPath

import pytest
from cli_runner import CliRunner
from conftest import FROZEN_NOW

from app import clock
from app.errors import MeetingFileError
from app.services import polls
from app.services.demo import example_spec_path
from app.store import sharing
from app.store.db import MeetingFile, open_for_work, open_meeting_file


def _mount_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mounts: list[tuple[str, str]]) -> None:
    """A mountinfo of a root file system plus `mounts` (mount point as the kernel escapes it, type)."""
    lines = ["22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw"]
    for number, (point, kind) in enumerate(mounts, start=40):
        lines.append(f"{number} 22 0:{number} / {point} rw,relatime shared:{number} - {kind} //nas/hoi-nghi rw")
    table = tmp_path / "mountinfo"
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(sharing, "MOUNTINFO", table)
    monkeypatch.setattr(sharing.sys, "platform", "linux")


@pytest.fixture
def meeting(_example_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "chung"
    folder.mkdir()
    path = folder / "hoi-nghi.kiemphieu"
    shutil.copyfile(_example_template, path)
    return path


@pytest.mark.parametrize("kind", ["cifs", "nfs4", "smb3", "fuse.sshfs"])
def test_a_file_on_a_network_share_is_not_written_but_can_be_read(
    meeting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    _mount_table(tmp_path, monkeypatch, [(str(meeting.parent.resolve()), kind)])
    before = meeting.read_bytes()
    with pytest.raises(MeetingFileError, match=rf"ổ mạng dùng chung \({kind}\).*export-pass"):
        open_meeting_file(meeting)
    with open_meeting_file(meeting, read_only=True) as meeting_file, meeting_file.reading() as session:
        assert session.connection().exec_driver_sql("SELECT count(*) FROM poll").scalar()
    assert meeting.read_bytes() == before
    assert sorted(p.name for p in meeting.parent.iterdir()) == [meeting.name]


def test_the_deepest_mount_decides_and_escaped_names_are_read(
    meeting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A local disk mounted inside a share: the file on it is local.
    inner = tmp_path / "o dia"
    inner.mkdir()
    local = inner / "rieng.kiemphieu"
    shutil.copyfile(meeting, local)
    escaped_inner = str(inner.resolve()).replace(" ", "\\040")
    _mount_table(tmp_path, monkeypatch, [(str(tmp_path.resolve()), "cifs"), (escaped_inner, "ext4")])
    assert sharing.network_file_system(meeting) == "cifs"
    assert sharing.network_file_system(local) is None
    open_meeting_file(local).close()
    # The same folder, its name with a space, as the share itself.
    _mount_table(tmp_path, monkeypatch, [(escaped_inner, "nfs")])
    assert sharing.network_file_system(local) == "nfs"
    # A folder whose name only begins like the mount point is not under it.
    _mount_table(tmp_path, monkeypatch, [(str(meeting.parent.resolve()) + "-khac", "nfs")])
    assert sharing.network_file_system(meeting) is None


def test_the_command_line_refuses_a_share_in_one_line(
    meeting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _mount_table(tmp_path, monkeypatch, [(str(meeting.parent.resolve()), "cifs")])
    cli = CliRunner(tmp_path, capsys)
    line = cli("counts", meeting, "--poll", "bch", "--issued", "90", "--collected", "88").one_error_line()
    assert "ổ mạng dùng chung" in line
    made = meeting.parent / "moi.kiemphieu"
    assert "ổ mạng dùng chung" in cli("new", made, "--spec", example_spec_path()).one_error_line()
    assert not made.exists()
    assert cli("info", meeting).rc == 0


def test_windows_network_paths() -> None:
    assert sharing._windows_is_remote(PureWindowsPath(r"\\nas\hoi-nghi\dai-hoi.kiemphieu"))
    assert not sharing._windows_is_remote(PureWindowsPath(r"\\?\C:\hoi-nghi\dai-hoi.kiemphieu"))


def _marker_of(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(sharing.marker_path(path).read_text(encoding="utf-8"))
    return data


def test_a_file_another_computer_has_open_is_refused_until_it_closes(
    meeting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sharing, "computer", lambda: "may-1")
    first = open_meeting_file(meeting)
    assert _marker_of(meeting)["may"] == "may-1"
    # Another opening in the same program: allowed (another program of this computer: tests/store/test_lost_wal.py).
    open_meeting_file(meeting).close()
    monkeypatch.setattr(sharing, "computer", lambda: "may-2")
    with pytest.raises(MeetingFileError, match=r"đang được mở để ghi trên máy may-1.*export-pass"):
        open_meeting_file(meeting)
    # Reading (verify, info) is not writing.
    open_meeting_file(meeting, read_only=True).close()
    monkeypatch.setattr(sharing, "computer", lambda: "may-1")
    first.close()
    assert not sharing.marker_path(meeting).exists()
    monkeypatch.setattr(sharing, "computer", lambda: "may-2")
    second = open_meeting_file(meeting)
    assert _marker_of(meeting)["may"] == "may-2"
    second.close()


def test_a_marker_left_by_a_computer_that_stopped_is_taken_over_after_five_minutes(meeting: Path) -> None:
    marker = sharing.marker_path(meeting)

    def left_at(when: dt.datetime) -> None:
        marker.write_text(json.dumps({"may": "may-da-tat", "mo": "ab12", "luc": when.isoformat()}), encoding="utf-8")
        os.utime(marker, (when.timestamp(), when.timestamp()))

    left_at(FROZEN_NOW - dt.timedelta(minutes=4, seconds=59))
    with pytest.raises(MeetingFileError, match=r"máy may-da-tat.*chờ 5 phút"):
        open_meeting_file(meeting)
    left_at(FROZEN_NOW - dt.timedelta(minutes=5))
    with open_meeting_file(meeting):
        assert _marker_of(meeting)["may"] == sharing.computer()
    assert not marker.exists()
    # A torn marker (a crash while it was written) names nobody.
    marker.write_text('{"may": "may-da', encoding="utf-8")
    open_meeting_file(meeting).close()


def test_an_open_file_keeps_its_marker_fresh(meeting: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    meeting_file = open_meeting_file(meeting)
    marker = sharing.marker_path(meeting)
    try:
        later = FROZEN_NOW + dt.timedelta(minutes=1)
        monkeypatch.setattr(clock, "now", lambda: later)
        with meeting_file.transaction() as session:
            session.connection().exec_driver_sql("SELECT 1")
        assert _marker_of(meeting)["luc"] == later.isoformat()
        # Within the minute a transaction does not write the marker again; the window's timer forces it.
        monkeypatch.setattr(clock, "now", lambda: later + dt.timedelta(seconds=30))
        with meeting_file.transaction() as session:
            session.connection().exec_driver_sql("SELECT 1")
        assert _marker_of(meeting)["luc"] == later.isoformat()
        meeting_file.keep_marked(force=True)
        assert _marker_of(meeting)["luc"] == (later + dt.timedelta(seconds=30)).isoformat()
    finally:
        meeting_file.close()
    assert not marker.exists()


def test_when_the_window_holding_the_marker_closes_another_window_of_the_computer_takes_it(meeting: Path) -> None:
    holder, other = open_meeting_file(meeting), open_meeting_file(meeting)
    held_by = _marker_of(meeting)["mo"]
    other.close()
    assert _marker_of(meeting)["mo"] == held_by
    holder.close()
    assert not sharing.marker_path(meeting).exists()
    holder, other = open_meeting_file(meeting), open_meeting_file(meeting)
    holder.close()
    other.keep_marked(force=True)
    assert _marker_of(meeting)["may"] == sharing.computer()
    other.close()
    assert not sharing.marker_path(meeting).exists()


def test_a_new_file_where_another_computer_has_one_open_is_refused_before_anything_is_made(tmp_path: Path) -> None:
    from app.services.meetings import create_meeting
    from app.services.spec import read_spec

    path = tmp_path / "moi.kiemphieu"
    sharing.marker_path(path).write_text(
        json.dumps({"may": "may-khac", "mo": "cd34", "luc": FROZEN_NOW.isoformat()}), encoding="utf-8"
    )
    with pytest.raises(MeetingFileError, match="máy may-khac"):
        create_meeting(path, read_spec(example_spec_path()), actor="t")
    assert sorted(p.name for p in tmp_path.iterdir()) == [sharing.marker_path(path).name]


def _age_marker(path: Path, when: dt.datetime) -> None:
    """Set the marker's modification time (the tests' clock is frozen in the past; the disk's is not)."""
    os.utime(sharing.marker_path(path), (when.timestamp(), when.timestamp()))


def _write(meeting_file: MeetingFile, issued: int) -> None:
    with meeting_file.transaction() as session:
        polls.set_ballot_counts(session, code="bch", issued=issued, collected=None, actor="thu-ky")


def _issued(path: Path) -> int | None:
    with open_meeting_file(path, read_only=True) as meeting_file, meeting_file.reading() as session:
        return polls.get_poll(session, "bch").issued


def test_a_computer_that_slept_while_another_took_the_file_over_stops_writing(
    meeting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sharing, "computer", lambda: "may-1")
    first = open_meeting_file(meeting)
    _write(first, 100)
    _age_marker(meeting, FROZEN_NOW)
    # may-1 sleeps for six minutes; may-2 finds a stale marker, takes the file over and writes.
    woke = FROZEN_NOW + dt.timedelta(minutes=6)
    monkeypatch.setattr(clock, "now", lambda: woke)
    monkeypatch.setattr(sharing, "computer", lambda: "may-2")
    second = open_meeting_file(meeting)
    _write(second, 200)
    # may-1 wakes up: its next write is refused before anything is written, and so is every one after it.
    monkeypatch.setattr(sharing, "computer", lambda: "may-1")
    for _ in range(2):
        with pytest.raises(MeetingFileError, match=r"CHƯA được ghi.*máy may-2 đã mở tệp để ghi.*chỉ đọc tệp này"):
            _write(first, 300)
    assert first.lost == sharing.Lost("may-2", dt.timedelta(minutes=6))
    assert first.read_only
    with first.reading() as session:  # it still reads
        assert polls.get_poll(session, "bch").issued == 200
    first.close()
    assert _marker_of(meeting)["may"] == "may-2"  # may-1 leaves may-2's marker alone
    monkeypatch.setattr(sharing, "computer", lambda: "may-2")
    _write(second, 201)
    second.close()
    assert _issued(meeting) == 201


def test_a_computer_that_slept_while_another_wrote_and_closed_stops_writing(
    meeting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sharing, "computer", lambda: "may-1")
    first = open_meeting_file(meeting)
    _age_marker(meeting, FROZEN_NOW)
    woke = FROZEN_NOW + dt.timedelta(minutes=12)
    monkeypatch.setattr(clock, "now", lambda: woke)
    monkeypatch.setattr(sharing, "computer", lambda: "may-2")
    with open_meeting_file(meeting) as second:
        _write(second, 200)
    assert not sharing.marker_path(meeting).exists()
    monkeypatch.setattr(sharing, "computer", lambda: "may-1")
    # The window's timer finds it first (on waking); the next write is refused in words.
    why = first.keep_marked(force=True)
    assert why == sharing.Lost(None, dt.timedelta(minutes=12))
    with pytest.raises(MeetingFileError, match=r"tạm dừng 12 phút.*một máy khác có thể đã ghi"):
        _write(first, 300)
    assert not sharing.marker_path(meeting).exists()  # not written again by the computer that lost it
    first.close()
    assert _issued(meeting) == 200


def test_a_computer_that_slept_with_nobody_taking_over_goes_on_writing(
    meeting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_file = open_meeting_file(meeting)
    _age_marker(meeting, FROZEN_NOW)
    woke = FROZEN_NOW + dt.timedelta(hours=1)
    monkeypatch.setattr(clock, "now", lambda: woke)
    _write(meeting_file, 150)  # its own marker is still there: no other computer claimed the file meanwhile
    assert meeting_file.lost is None
    assert _marker_of(meeting)["luc"] == woke.isoformat()
    meeting_file.close()
    assert _issued(meeting) == 150


def test_a_fresh_marker_of_another_computer_stops_writing_without_a_pause(
    meeting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its own marker could not be written, or the clocks disagree: another computer holds a fresh marker."""
    meeting_file = open_meeting_file(meeting)
    sharing.marker_path(meeting).write_text(
        json.dumps({"may": "may-khac", "mo": "ef56", "luc": FROZEN_NOW.isoformat()}), encoding="utf-8"
    )
    monkeypatch.setattr(clock, "now", lambda: FROZEN_NOW + dt.timedelta(minutes=1))
    with pytest.raises(MeetingFileError, match="máy may-khac đã mở tệp để ghi"):
        _write(meeting_file, 150)
    meeting_file.close()
    assert _marker_of(meeting)["may"] == "may-khac"


def test_the_window_opens_for_writing_with_its_marker_or_for_reading_where_it_may_not_write(
    meeting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's way (`open_for_work`): a local file opens for writing and holds the marker, so another computer
    is refused; a file another computer holds is refused; a file on a share opens for reading and is left alone."""
    monkeypatch.setattr(sharing, "computer", lambda: "may-1")
    with open_for_work(meeting) as meeting_file:
        assert not meeting_file.read_only
        assert _marker_of(meeting)["may"] == "may-1"
        monkeypatch.setattr(sharing, "computer", lambda: "may-2")
        with pytest.raises(MeetingFileError, match="đang được mở để ghi trên máy may-1"):
            open_for_work(meeting)
        monkeypatch.setattr(sharing, "computer", lambda: "may-1")
    assert not sharing.marker_path(meeting).exists()
    _mount_table(tmp_path, monkeypatch, [(str(meeting.parent.resolve()), "cifs")])
    with open_for_work(meeting) as meeting_file:
        assert meeting_file.read_only
        with pytest.raises(MeetingFileError, match="chỉ để đọc"):
            _write(meeting_file, 1)
    assert sorted(p.name for p in meeting.parent.iterdir()) == [meeting.name]
