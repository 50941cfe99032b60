"""Killing the process (SIGKILL) in the middle of a burst of entries loses nothing confirmed and
leaves nothing half-written (issue: crash safety; SQLite WAL + synchronous=FULL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.services import audit
from app.services.demo import example_spec_path
from app.services.meetings import create_meeting
from app.services.spec import read_spec
from app.store.db import open_meeting_file
from app.store.orm import BallotRecord, Mark

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from app.rules.model import Ballot
    from app.services import ballots
    from app.store.db import open_meeting_file

    meeting_file = open_meeting_file(Path(sys.argv[1]))
    for i in range(100000):
        with meeting_file.transaction() as session:
            ballots.enter_ballot(
                session, code="bch", serial=f"K-{i:06d}", ballot=Ballot(key="", struck=frozenset({1, 2})),
                operator="may", station="may-1",
            )
        # Shown on screen only after the commit returned: this ballot is confirmed.
        print(f"K-{i:06d}", flush=True)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_during_a_burst_of_entries(tmp_path: Path) -> None:
    path = tmp_path / "crash.kiemphieu"
    create_meeting(path, read_spec(example_spec_path()), actor="t").close()
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert process.stdout is not None
    confirmed = []
    for line in process.stdout:
        confirmed.append(line.strip())
        if len(confirmed) == 60:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    with open_meeting_file(path) as meeting_file, meeting_file.reading() as session:
        stored = set(session.scalars(select(BallotRecord.serial)))
        records = session.scalar(select(func.count()).select_from(BallotRecord))
        marks = session.scalar(select(func.count()).select_from(Mark))
        problems = audit.verify_chain(session)
    assert set(confirmed) <= stored  # nothing confirmed is lost
    assert marks == 2 * records  # nothing half-written: every ballot has both its marks
    assert len(stored) - len(confirmed) <= 1  # at most the one being written when the kill came
    assert problems == []
