"""app.services.meetings, polls and rounds on real meeting files: creation, info, counts, lists, rounds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.errors import EntryError, MeetingFileError, NotFoundError, StateError
from app.rules.model import Ballot, PollKind
from app.services import meetings, polls
from app.services.ballots import EntryDraft, record_ballot
from app.services.rounds import create_next_round
from app.services.spec import ItemSpec, MeetingSpec, PollSpec
from app.services.tallying import tally_poll
from app.store.db import MeetingFile, open_meeting_file
from app.store.orm import AuditEntry, Poll, PollItem

EXAMPLE_CODES = [
    "bch",
    "bi-thu",
    "ubkt",
    "dai-bieu",
    "tin-nhiem",
    "danh-gia",
    "cham-diem",
    "nghi-quyet",
    "gioi-thieu",
]

# docs/regulations.md §8 Example 2: 150 convened, 3 excluded (base 147), 6 candidates for 4 seats.
NAMES = ["Lê Văn An", "Trần Thị Bình", "Phạm Văn Cường", "Đỗ Thị Dung", "Hoàng Văn Em", "Vũ Thị Phương"]
A, B, C, D, E, F = NAMES
EXAMPLE_2 = f"""
    [meeting]
    title = "Đại hội đại biểu Đảng bộ xã Tân Lập lần thứ XX"
    organization = "ĐẢNG BỘ XÃ TÂN LẬP"
    place = "Tân Lập"
    date = 2025-06-20

    [attendance]
    convened = 150
    present = 146
    excluded = [
      {{ reason = "Cấp ủy viên cấp triệu tập vắng mặt suốt thời gian đại hội", count = 1 }},
      {{ reason = "Đại biểu vắng mặt, không có đại biểu dự khuyết thay thế", count = 2 }},
    ]

    [[polls]]
    id = "dbo"
    kind = "election"
    title = "Bầu đại biểu chính thức dự Đại hội Đảng bộ huyện"
    seats = 4
    issued = 146
    collected = 145
    candidates = [
      {{ name = "{A}", birth_year = 1970 }},
      {{ name = "{B}", birth_year = 1975 }},
      {{ name = "{C}", birth_year = 1972, position = "Chủ tịch UBND xã" }},
      {{ name = "{D}", birth_year = 1980, position = "Phó Chủ tịch UBND xã" }},
      {{ name = "{E}", birth_year = 1965, note = "Tái cử" }},
      {{ name = "{F}", birth_year = 1990 }},
    ]

    [[polls]]
    id = "nq"
    kind = "motion"
    title = "Biểu quyết Nghị quyết"
    motions = ["Thông qua Nghị quyết Đại hội"]
"""


def strike_sheets(n_items: int, votes: list[int], n_ballots: int) -> list[frozenset[int]]:
    """Strike ballots whose kept names give exactly `votes` (item i kept on votes[i] ballots)."""
    kept: list[set[int]] = [set() for _ in range(n_ballots)]
    slot = 0
    for item, count in enumerate(votes, start=1):
        assert count <= n_ballots
        for _ in range(count):
            kept[slot % n_ballots].add(item)
            slot += 1
    everyone = set(range(1, n_items + 1))
    return [frozenset(everyone - k) for k in kept]


def enter(meeting_file: MeetingFile, code: str, ballots: list[Ballot]) -> None:
    with meeting_file.transaction() as session:
        poll = polls.get_poll(session, code)
        pdef = polls.poll_def(poll)
        for ballot in ballots:
            draft = EntryDraft(serial=ballot.key or None, ballot=ballot)
            record_ballot(session, poll=poll, pdef=pdef, draft=draft, operator="Lê Thị Mai", station="may-1")


def example_2(make_meeting: Callable[[str], MeetingFile]) -> MeetingFile:
    """The Example 2 meeting with its 145 ballots entered: A130 B110 C95 D80 E80 F73, 143 valid."""
    meeting_file = make_meeting(EXAMPLE_2)
    sheets = strike_sheets(6, [130, 110, 95, 80, 80, 73], 143)
    assert all(1 <= 6 - len(s) <= 4 for s in sheets)
    ballots = [Ballot(key="", struck=s) for s in sheets]
    ballots.append(Ballot(key="", physical_invalid="no_stamp"))
    ballots.append(Ballot(key="", struck=frozenset({6})))  # keeps 5 names for 4 seats
    enter(meeting_file, "dbo", ballots)
    return meeting_file


# --- create_meeting --------------------------------------------------------------------------------


def small_spec(*poll_specs: PollSpec) -> MeetingSpec:
    return MeetingSpec(
        title="Hội nghị",
        organization="Chi bộ",
        place="Xã",
        date=dt.date(2025, 6, 20),
        convened=10,
        present=10,
        polls=poll_specs,
    )


def election_spec(code: str) -> PollSpec:
    return PollSpec(
        code=code,
        kind=PollKind.ELECTION,
        profile="party-election",
        title="Bầu chi ủy",
        seats=1,
        items=(ItemSpec("Nguyễn Văn An"), ItemSpec("Trần Thị Bình")),
    )


def test_create_meeting_refuses_an_existing_path(tmp_path: Path) -> None:
    path = tmp_path / "hoinghi.kiemphieu"
    path.write_bytes(b"van ban quan trong")
    with pytest.raises(MeetingFileError, match="đã tồn tại"):
        meetings.create_meeting(path, small_spec(election_spec("bch")), actor="kiem-thu")
    assert path.read_bytes() == b"van ban quan trong"


def test_create_meeting_refuses_an_existing_meeting_file(tmp_path: Path) -> None:
    path = tmp_path / "hoinghi.kiemphieu"
    meetings.create_meeting(path, small_spec(election_spec("bch")), actor="kiem-thu").close()
    with pytest.raises(MeetingFileError, match="đã tồn tại"):
        meetings.create_meeting(path, small_spec(election_spec("khac")), actor="kiem-thu")
    with open_meeting_file(path) as meeting_file, meeting_file.reading() as session:
        assert [p.code for p in meetings.meeting_info(session).polls] == ["bch"]


def test_create_meeting_in_a_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "khong-co" / "hoinghi.kiemphieu"
    with pytest.raises(MeetingFileError, match="không tồn tại"):
        meetings.create_meeting(path, small_spec(election_spec("bch")), actor="kiem-thu")
    assert not path.parent.exists()


def test_create_meeting_leaves_no_file_when_population_fails(tmp_path: Path) -> None:
    path = tmp_path / "hoinghi.kiemphieu"
    spec = small_spec(election_spec("bch"), election_spec("bch"))  # duplicate codes, past parse_spec
    with pytest.raises(EntryError, match="'bch'"):
        meetings.create_meeting(path, spec, actor="kiem-thu")
    assert not path.exists()
    assert not Path(f"{path}-wal").exists()
    assert not Path(f"{path}-shm").exists()
    assert list(tmp_path.iterdir()) == []
    # The same path can then be used for a good spec.
    meetings.create_meeting(path, small_spec(election_spec("bch")), actor="kiem-thu").close()
    assert path.exists()


def test_created_file_reopens_with_everything(tmp_path: Path, make_meeting: Callable[..., MeetingFile]) -> None:
    meeting_file = make_meeting(EXAMPLE_2, "dh.kiemphieu")
    meeting_file.close()
    with open_meeting_file(tmp_path / "dh.kiemphieu") as reopened, reopened.reading() as session:
        info = meetings.meeting_info(session)
        items = [
            (i.name, i.birth_year, i.position, i.note)
            for i in session.scalars(select(PollItem).order_by(PollItem.poll_id, PollItem.ordinal))
        ]
    assert info.title == "Đại hội đại biểu Đảng bộ xã Tân Lập lần thứ XX"
    assert [p.code for p in info.polls] == ["dbo", "nq"]
    assert items[:2] == [(A, 1970, None, None), (B, 1975, None, None)]
    assert items[2][2] == "Chủ tịch UBND xã"
    assert items[4][3] == "Tái cử"
    assert items[6] == ("Thông qua Nghị quyết Đại hội", None, None, None)


# --- meeting_info and get_poll ---------------------------------------------------------------------


def test_meeting_info_of_the_example(example_meeting: MeetingFile) -> None:
    with example_meeting.reading() as session:
        info = meetings.meeting_info(session)
    assert info.title.startswith("Đại hội đại biểu Đảng bộ xã An Bình")
    assert info.organization == "ĐẢNG BỘ XÃ AN BÌNH"
    assert info.superior == "ĐẢNG BỘ HUYỆN YÊN LẠC"
    assert info.term == "2025–2030"
    assert info.place == "An Bình"
    assert info.date == dt.date(2025, 6, 20)
    assert (info.convened, info.present) == (150, 146)
    assert [count for _, count in info.exclusions] == [1, 2]
    assert info.exclusions[0][0].startswith("Cấp ủy viên")
    assert info.excluded == 3
    assert info.election_base == 147
    assert info.committee == (
        ("Nguyễn Văn Hùng", "Trưởng ban"),
        ("Lê Thị Mai", "Ủy viên"),
        ("Trần Quốc Toản", "Ủy viên"),
    )
    assert [p.code for p in info.polls] == EXAMPLE_CODES
    bch = info.polls[0]
    assert isinstance(bch, polls.PollSummary)
    assert (bch.kind, bch.round_no, bch.seats, bch.profile, bch.status) == (
        "election",
        1,
        7,
        "party-election",
        "draft",
    )
    assert len(bch.items) == 9
    assert bch.items[0] == "Nguyễn Văn An"
    assert (bch.issued, bch.collected, bch.entered, bch.valid, bch.invalid) == (146, None, 0, 0, 0)
    kinds = {p.code: p.kind for p in info.polls}
    assert kinds["tin-nhiem"] == "confidence"
    assert kinds["cham-diem"] == "scoring"
    cham_diem = info.polls[6]
    assert cham_diem.items == ("Lê Văn Cường", "Bùi Quang Huy")  # criteria are not items
    assert info.polls[8].seats == 2


def test_poll_summary_counts_follow_entries(example_meeting: MeetingFile) -> None:
    enter(
        example_meeting,
        "ubkt",
        [
            Ballot(key="UB-1", choices=(frozenset({1}), frozenset({2}), frozenset({1}))),
            Ballot(key="UB-2", physical_invalid="torn"),
        ],
    )
    with example_meeting.reading() as session:
        ubkt = meetings.meeting_info(session).polls[2]
    assert ubkt.code == "ubkt"
    assert (ubkt.status, ubkt.entered, ubkt.valid, ubkt.invalid) == ("counting", 2, 1, 1)


def test_get_poll_unknown_lists_the_ids(example_meeting: MeetingFile) -> None:
    with example_meeting.reading() as session, pytest.raises(NotFoundError) as info:
        polls.get_poll(session, "bch2")
    message = str(info.value)
    assert "'bch2'" in message
    assert ", ".join(EXAMPLE_CODES) in message


def test_get_poll_loads_items_in_order(example_meeting: MeetingFile) -> None:
    with example_meeting.reading() as session:
        poll = polls.get_poll(session, "cham-diem")
        roles = [(i.role, i.ordinal, i.max_halves) for i in poll.items]
    assert [r[1] for r in roles] == sorted(r[1] for r in roles)
    assert sorted(roles) == [
        ("criterion", 1, 60),
        ("criterion", 2, 140),
        ("item", 1, None),
        ("item", 2, None),
    ]


# --- set_ballot_counts --------------------------------------------------------------------------------


def counts_entries(meeting_file: MeetingFile) -> list[tuple[str, str | None, dict[str, object], dt.datetime]]:
    """(actor, subject, details, at) of every poll.counts_set audit entry."""
    with meeting_file.reading() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "poll.counts_set").order_by(AuditEntry.id)
        )
        return [(e.actor, e.subject, e.details, e.at) for e in entries]


def test_set_ballot_counts_stores_and_logs(example_meeting: MeetingFile) -> None:
    with example_meeting.transaction() as session:
        summary = polls.set_ballot_counts(session, code="bch", issued=None, collected=145, actor="Lê Thị Mai")
    assert (summary.issued, summary.collected) == (146, 145)
    with example_meeting.reading() as session:
        poll = polls.get_poll(session, "bch")
        assert (poll.issued, poll.collected) == (146, 145)
    assert counts_entries(example_meeting) == [
        (
            "Lê Thị Mai",
            "bch",
            {"issued": [146, 146], "collected": [None, 145]},
            dt.datetime(2025, 6, 20, 9, 30),
        )
    ]

    with example_meeting.transaction() as session:
        summary = polls.set_ballot_counts(session, code="bch", issued=148, collected=None, actor="Lê Thị Mai")
    assert (summary.issued, summary.collected) == (148, 145)
    assert counts_entries(example_meeting)[-1][2] == {"issued": [146, 148], "collected": [145, 145]}


def test_set_ballot_counts_refuses_collected_over_issued(example_meeting: MeetingFile) -> None:
    with pytest.raises(EntryError, match=r"\(147\).*\(146\)"), example_meeting.transaction() as session:
        polls.set_ballot_counts(session, code="bch", issued=None, collected=147, actor="x")
    with pytest.raises(EntryError, match=r"\(101\).*\(100\)"), example_meeting.transaction() as session:
        polls.set_ballot_counts(session, code="bch", issued=100, collected=101, actor="x")
    with pytest.raises(EntryError, match="âm"), example_meeting.transaction() as session:
        polls.set_ballot_counts(session, code="bch", issued=-1, collected=None, actor="x")
    assert counts_entries(example_meeting) == []
    with example_meeting.reading() as session:
        poll = polls.get_poll(session, "bch")
        assert (poll.issued, poll.collected) == (146, None)


def test_set_ballot_counts_on_unknown_and_closed_polls(example_meeting: MeetingFile) -> None:
    with pytest.raises(NotFoundError), example_meeting.transaction() as session:
        polls.set_ballot_counts(session, code="khong-co", issued=1, collected=1, actor="x")
    with example_meeting.transaction() as session:
        polls.get_poll(session, "bch").status = "closed"
    with pytest.raises(StateError, match="“Bầu Ban Chấp hành"), example_meeting.transaction() as session:
        polls.set_ballot_counts(session, code="bch", issued=146, collected=140, actor="x")


# --- replace_items ------------------------------------------------------------------------------------

NEW_LIST = (
    ItemSpec("Nguyễn Thị Hoa", birth_year=1981, position="Bí thư Chi bộ"),
    ItemSpec("Lương Văn Sơn"),
)


def test_replace_items_on_a_draft_poll(example_meeting: MeetingFile) -> None:
    with example_meeting.transaction() as session:
        summary = polls.replace_items(session, code="dai-bieu", items=NEW_LIST, actor="Trần Quốc Toản")
    assert summary.items == ("Nguyễn Thị Hoa", "Lương Văn Sơn")
    with example_meeting.reading() as session:
        poll = polls.get_poll(session, "dai-bieu")
        stored = [(i.role, i.ordinal, i.name, i.birth_year, i.position) for i in poll.items]
        details = session.scalar(select(AuditEntry.details).where(AuditEntry.action == "poll.items_replaced"))
    assert stored == [
        ("item", 1, "Nguyễn Thị Hoa", 1981, "Bí thư Chi bộ"),
        ("item", 2, "Lương Văn Sơn", None, None),
    ]
    assert details is not None
    assert details["new"] == ["Nguyễn Thị Hoa", "Lương Văn Sơn"]
    assert details["old"][:2] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert len(details["old"]) == 6


def test_replace_items_keeps_scoring_criteria(example_meeting: MeetingFile) -> None:
    with example_meeting.transaction() as session:
        polls.replace_items(session, code="cham-diem", items=NEW_LIST, actor="x")
    with example_meeting.reading() as session:
        pdef = polls.poll_def(polls.get_poll(session, "cham-diem"))
    assert [i.name for i in pdef.items] == ["Nguyễn Thị Hoa", "Lương Văn Sơn"]
    assert [c.max_halves for c in pdef.criteria] == [60, 140]


def test_replace_items_refused_once_a_ballot_is_entered(example_meeting: MeetingFile) -> None:
    enter(example_meeting, "dai-bieu", [Ballot(key="DB-1", struck=frozenset({6}))])
    with pytest.raises(StateError, match="“Bầu đại biểu chính thức"), example_meeting.transaction() as session:
        polls.replace_items(session, code="dai-bieu", items=NEW_LIST, actor="x")
    with example_meeting.reading() as session:
        assert len(polls.get_poll(session, "dai-bieu").items) == 6
        assert session.scalar(select(AuditEntry).where(AuditEntry.action == "poll.items_replaced")) is None


def test_replace_items_refuses_an_empty_list(example_meeting: MeetingFile) -> None:
    with pytest.raises(EntryError), example_meeting.transaction() as session:
        polls.replace_items(session, code="bch", items=(), actor="x")
    with example_meeting.reading() as session:
        assert len(polls.get_poll(session, "bch").items) == 9


# --- next rounds --------------------------------------------------------------------------------------


def test_example_2_round_one_tally(make_meeting: Callable[[str], MeetingFile]) -> None:
    meeting_file = example_2(make_meeting)
    with meeting_file.reading() as session:
        t = tally_poll(session, "dbo").tally
    assert (t.totals.issued, t.totals.collected, t.totals.valid, t.totals.invalid) == (146, 145, 143, 2)
    assert t.base == 147
    assert [i.votes for i in t.items] == [130, 110, 95, 80, 80, 73]
    assert [i.percent for i in t.items] == ["88,44", "74,83", "64,63", "54,42", "54,42", "49,66"]
    assert t.elected == (A, B, C)
    assert t.revote is not None
    assert (t.revote.names, t.revote.seats) == ((D, E), 1)
    assert t.open_seats == 1


def test_next_round_after_example_2(make_meeting: Callable[[str], MeetingFile]) -> None:
    meeting_file = example_2(make_meeting)
    with meeting_file.transaction() as session:
        summary = create_next_round(session, code="dbo", actor="Nguyễn Văn Hùng")
    assert summary.code == "dbo-2"
    assert summary.round_no == 2
    assert summary.items == (D, E)
    assert summary.seats == 1
    assert summary.kind == "election"
    assert summary.profile == "party-election"
    assert (summary.status, summary.entered) == ("draft", 0)
    with meeting_file.reading() as session:
        new = polls.get_poll(session, "dbo-2")
        old = polls.get_poll(session, "dbo")
        assert new.previous_id == old.id
        assert new.title == old.title
        assert [(i.name, i.birth_year, i.position, i.note) for i in new.items] == [
            (D, 1980, "Phó Chủ tịch UBND xã", None),
            (E, 1965, None, "Tái cử"),
        ]
        assert new.ordinal == 3
        entry = session.scalar(
            select(AuditEntry).where(AuditEntry.action == "poll.created", AuditEntry.subject == "dbo-2")
        )
        assert entry is not None
        assert entry.details["round"] == 2
        assert entry.details["items"] == [D, E]


def test_round_two_elects_d_then_no_third_round(make_meeting: Callable[[str], MeetingFile]) -> None:
    meeting_file = example_2(make_meeting)
    with meeting_file.transaction() as session:
        create_next_round(session, code="dbo", actor="x")
    enter(meeting_file, "dbo-2", [Ballot(key="", struck=s) for s in strike_sheets(2, [80, 65], 145)])
    with meeting_file.reading() as session:
        t = tally_poll(session, "dbo-2").tally
    assert t.base == 147
    assert t.elected == (D,)
    assert t.open_seats == 0
    with pytest.raises(EntryError, match="đã bầu đủ 1"), meeting_file.transaction() as session:
        create_next_round(session, code="dbo-2", actor="x")
    with meeting_file.reading() as session:
        assert session.scalar(select(func.count()).select_from(Poll)) == 3


def test_round_two_without_majority_gives_round_three(make_meeting: Callable[[str], MeetingFile]) -> None:
    meeting_file = example_2(make_meeting)
    with meeting_file.transaction() as session:
        create_next_round(session, code="dbo", actor="x")
    enter(meeting_file, "dbo-2", [Ballot(key="", struck=s) for s in strike_sheets(2, [73, 72], 145)])
    with meeting_file.reading() as session:
        t = tally_poll(session, "dbo-2").tally
    assert t.elected == ()
    assert t.revote is None
    assert t.open_seats == 1
    with meeting_file.transaction() as session:
        summary = create_next_round(session, code="dbo-2", actor="x")
    assert (summary.code, summary.round_no, summary.seats, summary.items) == ("dbo-3", 3, 1, (D, E))


def test_a_poll_has_only_one_next_round(make_meeting: Callable[[str], MeetingFile]) -> None:
    meeting_file = example_2(make_meeting)
    with meeting_file.transaction() as session:
        first = create_next_round(session, code="dbo", actor="x")
    assert first.code == "dbo-2"
    with pytest.raises(EntryError, match=r"đã được tạo \(mã 'dbo-2'\)"), meeting_file.transaction() as session:
        create_next_round(session, code="dbo", actor="x")


def test_next_round_with_explicit_names_and_seats(make_meeting: Callable[[str], MeetingFile]) -> None:
    meeting_file = example_2(make_meeting)
    with meeting_file.transaction() as session:
        summary = create_next_round(
            session,
            code="dbo",
            actor="x",
            new_code="dbo-bau-lai",
            names=[E, "  Đỗ   Thị Dung ", F, "Ngô Văn Mới"],
            seats=2,
        )
    assert summary.code == "dbo-bau-lai"
    assert summary.seats == 2
    assert summary.round_no == 2
    assert summary.items == (E, D, F, "Ngô Văn Mới")
    with meeting_file.reading() as session:
        items = polls.get_poll(session, "dbo-bau-lai").items
        assert [i.birth_year for i in items] == [1965, 1980, 1990, None]


def test_next_round_refuses_a_bad_code_or_empty_names(make_meeting: Callable[[str], MeetingFile]) -> None:
    meeting_file = example_2(make_meeting)
    with pytest.raises(EntryError, match="bầu lại"), meeting_file.transaction() as session:
        create_next_round(session, code="dbo", actor="x", new_code="bầu lại")
    with pytest.raises(EntryError, match="không có ai"), meeting_file.transaction() as session:
        create_next_round(session, code="dbo", actor="x", names=[])
    with pytest.raises(EntryError, match="để trống"), meeting_file.transaction() as session:
        create_next_round(session, code="dbo", actor="x", names=[D, "  "])
    with pytest.raises(EntryError, match="'dbo'"), meeting_file.transaction() as session:
        create_next_round(session, code="dbo", actor="x", new_code="dbo")
    with meeting_file.reading() as session:
        assert session.scalar(select(func.count()).select_from(Poll)) == 2


def test_next_round_refused_when_fully_elected(make_meeting: Callable[[str], MeetingFile]) -> None:
    meeting_file = make_meeting(
        """
        [meeting]
        title = "Đại hội Chi bộ"
        organization = "Chi bộ"
        place = "Xã"
        date = 2025-06-20
        [attendance]
        convened = 5
        present = 5
        [[polls]]
        id = "chi-uy"
        kind = "election"
        title = "Bầu Chi ủy"
        seats = 2
        candidates = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
        """
    )
    enter(meeting_file, "chi-uy", [Ballot(key=f"CU-{i}", struck=frozenset({3})) for i in range(1, 4)])
    with meeting_file.reading() as session:
        assert tally_poll(session, "chi-uy").tally.elected == ("Nguyễn Văn An", "Trần Thị Bình")
    with pytest.raises(EntryError, match="đã bầu đủ 2"), meeting_file.transaction() as session:
        create_next_round(session, code="chi-uy", actor="x")


def test_next_round_refused_for_a_non_election(example_meeting: MeetingFile) -> None:
    enter(example_meeting, "tin-nhiem", [Ballot(key="TN-1", choices=(frozenset({1}),) * 3)])
    for code in ("tin-nhiem", "nghi-quyet", "gioi-thieu"):
        with (
            pytest.raises(EntryError, match="không phải cuộc bầu cử"),
            example_meeting.transaction() as session,
        ):
            create_next_round(session, code=code, actor="x")


def test_next_round_refused_before_any_ballot(example_meeting: MeetingFile) -> None:
    with pytest.raises(EntryError, match="chưa có phiếu"), example_meeting.transaction() as session:
        create_next_round(session, code="bch", actor="x")


def test_next_round_of_unknown_poll(example_meeting: MeetingFile) -> None:
    with pytest.raises(NotFoundError), example_meeting.transaction() as session:
        create_next_round(session, code="bch-9", actor="x")
