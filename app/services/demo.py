"""The demo meeting: the example spec with every poll kind, filled with realistic ballots."""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy import select

from app import clock
from app.errors import MeetingFileError
from app.resources import data_dir
from app.rules.model import Ballot, Layout, PollDef
from app.services import ballots, meetings
from app.services.ballots import EntryDraft
from app.services.polls import get_poll, poll_def
from app.services.spec import read_spec
from app.store.db import MeetingFile, check_header, open_meeting_file
from app.store.orm import AuditEntry

DEMO_OPERATOR = "demo"


def example_spec_path() -> Path:
    """The full example spec shipped in data/."""
    return data_dir() / "example-spec.toml"


def _ballot(pdef: PollDef, rng: random.Random, appeal: list[float], serial: str) -> Ballot:
    n = len(pdef.items)
    layout = pdef.layout
    if layout is Layout.STRIKE:
        ranked = sorted(range(n), key=lambda i: rng.random() / appeal[i])
        keep = pdef.seats if rng.random() < 0.85 else rng.randint(1, pdef.seats)
        return Ballot(key=serial, struck=frozenset(i + 1 for i in ranked[keep:]))
    if layout in (Layout.GRID, Layout.SINGLE):
        ncols = len(pdef.columns)
        choices: list[frozenset[int]] = []
        for i in range(n):
            r = rng.random()
            if r < 0.01:
                choices.append(frozenset())
            elif ncols == 2:
                # Better-liked rows lean to the first column (Đồng ý / Tín nhiệm).
                choices.append(frozenset({1 if rng.random() < appeal[i] else 2}))
            else:
                # Each row has a level most delegates agree on; the others scatter around it.
                target = 1 if appeal[i] > 0.88 else 2 if appeal[i] > 0.62 else 3
                col = target if rng.random() < 0.68 else rng.randint(1, ncols)
                choices.append(frozenset({col}))
        return Ballot(key=serial, choices=tuple(choices))
    if layout is Layout.SCORES:
        rows = []
        for i in range(n):
            rows.append(
                tuple(
                    min(c.max_halves, max(0, round(c.max_halves * (appeal[i] + rng.uniform(-0.1, 0.08)))))
                    for c in pdef.criteria
                )
            )
        return Ballot(key=serial, scores=tuple(rows))
    names = [item.name for item in pdef.items]
    count = rng.randint(1, pdef.seats)
    picked = rng.sample(names, k=min(count, len(names)))
    if rng.random() < 0.03:
        picked[-1] = "Trần Văn Tâm"  # a name not on the eligible list
    return Ballot(key=serial, names=tuple(picked))


def _refuse_unless_demo(path: Path) -> None:
    """Only an earlier demo meeting may be replaced, never a real meeting or another document."""
    try:
        check_header(path)
        with open_meeting_file(path) as meeting_file, meeting_file.reading() as session:
            creator = session.scalar(select(AuditEntry.actor).where(AuditEntry.action == "meeting.created").limit(1))
    except MeetingFileError:
        creator = None
    if creator != DEMO_OPERATOR:
        raise MeetingFileError(
            f"{path}: tệp đã tồn tại và không phải hội nghị mẫu; hãy chọn tên khác cho hội nghị mẫu."
        )


def build_demo(path: Path, *, seed: int = 2025) -> MeetingFile:
    """Create (or re-create) the demo meeting at `path` and enter ballots for every poll."""
    if path.exists():
        _refuse_unless_demo(path)
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
    spec = read_spec(example_spec_path())
    meeting_file = meetings.create_meeting(path, spec, actor=DEMO_OPERATOR)
    rng = random.Random(seed)
    station = clock.station()
    with meeting_file.transaction() as session:
        for poll_spec in spec.polls:
            poll = get_poll(session, poll_spec.code)
            pdef = poll_def(poll)
            appeal = [rng.uniform(0.55, 0.97) for _ in pdef.items]
            collected = (poll_spec.issued or spec.present) - rng.randint(0, 1)
            for number in range(1, collected + 1):
                serial = f"{poll_spec.code.upper()}-{number:04d}"
                ballot = _ballot(pdef, rng, appeal, serial)
                if rng.random() < 0.012:
                    reason = rng.choice(["no_stamp", "extra_names", "torn"])
                    ballot = Ballot(key=serial, physical_invalid=reason, marks_entered=False)
                ballots.record_ballot(
                    session,
                    poll=poll,
                    pdef=pdef,
                    draft=EntryDraft(serial=serial, ballot=ballot),
                    operator=DEMO_OPERATOR,
                    station=station,
                )
            poll.collected = collected
    return meeting_file
