"""The benchmark's other names (bench_voters --names): the reader is measured on names it was not tuned on."""

from __future__ import annotations

import random
from pathlib import Path

import bench_voters

from app.services import meetings
from app.services.demo import example_spec_path
from app.services.spec import read_spec


def test_every_person_on_the_ballots_gets_another_name_and_motions_keep_theirs(tmp_path: Path) -> None:
    spec = read_spec(example_spec_path())
    renamed = bench_voters.other_names(spec, random.Random("names-7-200"))
    lengths = set()
    for before, after in zip(spec.polls, renamed.polls, strict=True):
        names = [item.name for item in after.items]
        if str(before.kind) == "motion":
            assert after == before
            continue
        assert len(names) == len(before.items)
        assert not set(names) & {item.name for item in before.items}
        # none inside another of its poll: each is found on the printed page by its text alone
        assert not [(a, b) for a in names for b in names if a != b and a in b]
        for name in names:
            assert 2 <= len(name.split()) <= 6
            lengths.add(len(name.split()))
        # everything else about a person stays as it was
        assert [(i.position, i.birth_year, i.is_head) for i in after.items] == [
            (i.position, i.birth_year, i.is_head) for i in before.items
        ]
    assert min(lengths) == 2  # short names
    assert max(lengths) >= 4  # and long ones
    meetings.create_meeting(tmp_path / "renamed.kiemphieu", renamed, actor="test").close()


def test_the_same_seed_gives_the_same_names() -> None:
    spec = read_spec(example_spec_path())
    first = bench_voters.other_names(spec, random.Random("names-3-150"))
    again = bench_voters.other_names(spec, random.Random("names-3-150"))
    other = bench_voters.other_names(spec, random.Random("names-4-150"))
    assert first == again
    assert first != other
