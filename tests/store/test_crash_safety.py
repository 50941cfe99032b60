"""Killing the process (SIGKILL) in the middle of a burst of entries loses nothing confirmed and
leaves nothing half-written; killing it while printing leaves neither a PDF nor issued serials
(issue: crash safety; SQLite WAL + synchronous=FULL; PDF written beside its name, renamed last)."""

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
from app.services.printing import print_ballots
from app.services.spec import read_spec
from app.store.db import open_meeting_file
from app.store.orm import BallotRecord, BallotSheet, Mark

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


PRINTER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from app.services import printing
    from app.store.db import open_meeting_file

    def progress(done, total):
        print(done, flush=True)

    meeting_file = open_meeting_file(Path(sys.argv[1]))
    printing.print_ballots(
        meeting_file, code="bch", copies=3000, out=Path(sys.argv[2]), actor="may", progress=progress
    )
    print("printed", flush=True)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_while_printing_leaves_no_pdf_and_no_issued_serials(tmp_path: Path) -> None:
    path = tmp_path / "crash.kiemphieu"
    out = tmp_path / "phieu-bch.pdf"
    create_meeting(path, read_spec(example_spec_path()), actor="t").close()
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(
        [sys.executable, "-c", PRINTER, str(path), str(out)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() != "printed" and int(line) >= 200:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert not out.exists()  # no PDF that the registry does not know
    # ReportLab builds the PDF in memory; a power cut while it is saved leaves a temporary like this one.
    (tmp_path / ".phieu-bch.pdf.0badc0de.tmp").write_bytes(b"%PDF-1.4 half")
    with open_meeting_file(path) as meeting_file:
        with meeting_file.reading() as session:
            assert session.scalar(select(func.count()).select_from(BallotSheet)) == 0  # no serial issued
            assert audit.verify_chain(session) == []
        report = print_ballots(meeting_file, code="bch", copies=5, out=out, actor="t")
        with meeting_file.reading() as session:
            assert session.scalar(select(func.count()).select_from(BallotSheet)) == 5
    assert report.sheets == 5
    assert out.exists()
    assert list(tmp_path.glob(".phieu-bch.pdf.*.tmp")) == []  # the next print cleared the leftover


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_during_a_scan_batch(example_meeting, tmp_path: Path) -> None:
    """`kiemphieu scan` killed after some pages: every page it reported is stored with its ballot, nothing is
    half-written, the chain and the kept scans verify, and scanning the folder again counts each sheet once."""
    from app.rules.model import Ballot
    from app.services import integrity, scanning
    from app.store.orm import ScannedPage
    from benchmarks.filled import filled_sheets

    marks = [Ballot(key="", choices=(frozenset({1}), frozenset({2}), frozenset({3})))] * 12
    folder = tmp_path / "quet"
    folder.mkdir()
    for n, (_, images) in enumerate(filled_sheets(example_meeting, "tin-nhiem", marks, tmp_path)):
        images[0].save(folder / f"p{n + 1:02d}.png", dpi=(200, 200))
    path = example_meeting.path
    example_meeting.close()
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "scan", str(path), str(folder), "--workers", "1"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert process.stdout is not None
    reported = []
    for line in process.stdout:
        if ".png, trang 1:" in line:
            reported.append(line.split(",")[0].strip())  # printed only after the page's transaction committed
        if len(reported) == 4:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    with open_meeting_file(path) as meeting_file:
        with meeting_file.reading() as session:
            pages = {p.file_name: p for p in session.scalars(select(ScannedPage))}
            ballots_stored = session.scalar(select(func.count()).select_from(BallotRecord))
            marks_stored = session.scalar(select(func.count()).select_from(Mark))
            findings = integrity.verify(session, scans=scanning.scans_folder(meeting_file))
        assert set(reported) <= set(pages)  # nothing reported is lost
        assert all(p.status == "counted" and p.ballot_id is not None for p in pages.values())  # nothing half-done
        assert ballots_stored == len(pages)
        assert marks_stored == 3 * ballots_stored
        assert len(pages) - len(reported) <= 1
        assert findings == []
        again = scanning.scan_files(meeting_file, [folder], operator="may-2")
        assert sorted(p.outcome for p in again.pages) == ["duplicate"] * len(pages) + ["read"] * (12 - len(pages))
        with meeting_file.reading() as session:
            assert session.scalar(select(func.count()).select_from(BallotRecord)) == 12
            assert integrity.verify(session, scans=scanning.scans_folder(meeting_file)) == []
