"""Shared set-up for the benchmarks: a meeting file with N ballots of a 30-candidate election."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

from app import clock
from app.rules.model import Ballot
from app.services import ballots, meetings
from app.services.ballots import EntryDraft
from app.services.polls import get_poll, poll_def, set_ballot_counts
from app.services.spec import parse_spec
from app.store.db import MeetingFile

SPEC = """
[meeting]
title = "Đại hội đại biểu (đo hiệu năng)"
organization = "ĐẢNG BỘ TỈNH MẪU"
place = "Hà Nội"
date = 2025-10-01
[attendance]
convened = {n}
present = {n}
[[committee]]
name = "Nguyễn Văn Hùng"
role = "Trưởng ban"
[[committee]]
name = "Lê Thị Mai"
role = "Ủy viên"
[[polls]]
id = "bch"
kind = "election"
title = "Bầu Ban Chấp hành khóa mới"
seats = 25
issued = {n}
candidates = [{names}]
"""


def election_with_ballots(path: Path, n: int, *, seed: int = 1) -> tuple[MeetingFile, float]:
    """Create `path` with n ballots entered (one transaction); returns the file and the entry seconds."""
    import time

    names = ", ".join(f'"Ứng cử viên số {i:02d}"' for i in range(1, 31))
    spec = parse_spec(tomllib.loads(SPEC.format(n=n, names=names)), "bench")
    rng = random.Random(seed)
    meeting_file = meetings.create_meeting(path, spec, actor="bench")
    started = time.perf_counter()
    with meeting_file.transaction() as session:
        poll = get_poll(session, "bch")
        pdef = poll_def(poll)
        station = clock.station()
        for i in range(n):
            struck = frozenset(rng.sample(range(1, 31), k=rng.randint(5, 8)))
            ballots.record_ballot(
                session,
                poll=poll,
                pdef=pdef,
                draft=EntryDraft(serial=f"S{i:06d}", ballot=Ballot(key="", struck=struck)),
                operator="bench",
                station=station,
            )
        set_ballot_counts(session, code="bch", issued=None, collected=n, actor="bench")
    return meeting_file, time.perf_counter() - started
