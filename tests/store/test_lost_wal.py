"""#17: ballots confirmed on screen ("Đã ghi") vanished after a crash while another program had had the same meeting
file open. How: SQLite's locks on Linux and macOS are POSIX advisory locks, held per process, and closing ANY
descriptor of the file in a process drops every lock that process holds on it — Qt's file dialog does, naming the
meeting file's type from its first bytes (QMimeDatabase). The window's connections then hold no lock on the file;
the other program, closing as it believes the last connection, folds the WAL into the file and deletes the WAL;
the window goes on committing into the deleted WAL, and a crash takes those ballots with it.

Now a program that only reads opens the file read-only (it never folds nor deletes the WAL), and a second program
of this computer that would write is refused while the window has the file open."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from app.errors import MeetingFileError
from app.store.db import open_meeting_file
from app.store.orm import BallotRecord

ROOT = Path(__file__).resolve().parents[2]

WINDOW = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from PySide6.QtCore import QMimeDatabase
    from app.rules.model import Ballot
    from app.services import ballots
    from app.store.db import open_meeting_file

    path = Path(sys.argv[1])
    meeting_file = open_meeting_file(path)

    def enter(first, count):
        for i in range(first, first + count):
            with meeting_file.transaction() as session:
                ballots.enter_ballot(
                    session, code="bch", serial=f"K-{i:03d}", ballot=Ballot(key="", struck=frozenset({1, 2})),
                    operator="may", station="may-1",
                )
            print(f"K-{i:03d}", flush=True)  # "Đã ghi": the commit returned

    enter(0, 10)
    # A file dialog opened on the meeting's folder names the file's type from its first bytes.
    QMimeDatabase().mimeTypeForFile(str(path))
    print("dialog", flush=True)
    sys.stdin.readline()
    enter(10, 15)
    os.abort()  # Fatal Python error: SIGABRT
    """
)


@pytest.fixture
def meeting(_example_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "hoi-nghi.kiemphieu"
    shutil.copyfile(_example_template, path)
    return path


def _window(path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WINDOW, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
    )


def _confirmed_until_dialog(window: subprocess.Popen[str]) -> list[str]:
    assert window.stdout is not None
    confirmed = []
    for line in window.stdout:
        if line.strip() == "dialog":
            return confirmed
        confirmed.append(line.strip())
    raise AssertionError("the window stopped before its file dialog")


def _stored(path: Path) -> set[str]:
    with open_meeting_file(path, read_only=True) as meeting_file, meeting_file.reading() as session:
        return set(session.scalars(select(BallotRecord.serial)))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX advisory locks (Windows locks are per handle)")
def test_a_reader_closing_while_the_window_works_loses_nothing_the_window_confirmed(meeting: Path) -> None:
    window = _window(meeting)
    assert window.stdin is not None
    assert window.stdout is not None
    confirmed = _confirmed_until_dialog(window)
    # `kiemphieu info` (or a second window) reads the file and closes it while the window works on.
    assert _stored(meeting) == set(confirmed)
    window.stdin.write("\n")
    window.stdin.flush()
    confirmed += [line.strip() for line in window.stdout]
    window.wait(timeout=60)
    assert window.returncode == -signal.SIGABRT
    assert len(confirmed) == 25
    assert _stored(meeting) == set(confirmed)  # every ballot the window confirmed is in the file


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX advisory locks (Windows locks are per handle)")
def test_a_second_program_of_this_computer_may_not_write_while_the_window_has_the_file(meeting: Path) -> None:
    window = _window(meeting)
    assert window.stdin is not None
    assert window.stdout is not None
    try:
        _confirmed_until_dialog(window)
        with pytest.raises(MeetingFileError, match=r"đang được mở để ghi trong một cửa sổ KiểmPhiếu khác trên máy này"):
            open_meeting_file(meeting)
    finally:
        window.kill()
        window.wait(timeout=60)
    # The window gone (killed, its marker left behind), the file opens for writing again at once.
    open_meeting_file(meeting).close()


def test_a_marker_left_by_a_program_of_this_computer_that_ended_is_taken_over_at_once(meeting: Path) -> None:
    import json

    from app import clock
    from app.store import sharing

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    marker = sharing.marker_path(meeting)
    marker.write_text(
        json.dumps({"may": sharing.computer(), "mo": "ab12", "pid": int(ended.stdout), "luc": clock.now().isoformat()}),
        encoding="utf-8",
    )  # fresh by its time on disk (just written), its program gone
    with open_meeting_file(meeting):
        assert json.loads(marker.read_text(encoding="utf-8"))["pid"] == os.getpid()
    assert not marker.exists()
