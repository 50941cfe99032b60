"""Issue #14: an insider with the file and the source code but without the head's PIN appends records that the
app's own code would write (the chain is intact, the tables match the log). What only the head may do is
refused by `verify` for want of the head's signature; the same actions done with the PIN pass."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from app import clock
from app.rules.model import Ballot
from app.services import audit, ballots, closing, integrity, meetings, polls, roles, signing
from app.services.ballots import EntryDraft
from app.store.db import MeetingFile

PIN = "24681357"
SPEC = """
    [meeting]
    title = "Đại hội Chi bộ"
    organization = "Chi bộ A"
    place = "Hội trường"
    date = 2025-06-20

    [attendance]
    convened = 5
    present = 5

    [[polls]]
    id = "bch"
    kind = "election"
    profile = "party-election"
    title = "Bầu Chi ủy"
    seats = 1
    issued = 5
    candidates = [{ name = "Nguyễn Văn An" }, { name = "Trần Thị Bình" }]
"""


@pytest.fixture
def meeting(make_meeting: Callable[[str], MeetingFile]) -> MeetingFile:
    meeting_file = make_meeting(SPEC)
    with meeting_file.transaction() as session:
        roles.set_head_pin(session, new_pin=PIN, current_pin=None, actor="truong-ban")
    for number, struck in enumerate(([2], [1], [2], [2], [1]), start=1):
        with meeting_file.transaction() as session:
            ballots.enter_ballot(
                session,
                code="bch",
                serial=f"S-{number}",
                ballot=Ballot(key=f"S-{number}", struck=frozenset(struck)),
                operator="an",
                station="may-1",
            )
    with meeting_file.transaction() as session:
        polls.set_ballot_counts(session, code="bch", issued=5, collected=5, actor="thu-ky")
    return meeting_file


def _findings(meeting_file: MeetingFile) -> list[str]:
    with meeting_file.reading() as session:
        return [f"{f.where}: {f.problem}" for f in integrity.verify(session)]


@pytest.fixture
def without_pin(monkeypatch: pytest.MonkeyPatch) -> None:
    """The insider's copy of the source: the PIN check returns "checked" without a PIN."""
    monkeypatch.setattr(roles, "require_head", lambda *_args, **_kwargs: True)


def _correct(meeting_file: MeetingFile, pin: str | None) -> None:
    with meeting_file.transaction() as session:
        ballots.correct_ballot(
            session,
            code="bch",
            key="S-1",
            draft=EntryDraft("S-1", Ballot(key="S-1", struck=frozenset({1}))),
            reason="gõ nhầm",
            actor="truong-ban",
            pin=pin,
        )


def test_the_head_s_actions_with_the_pin_verify(meeting: MeetingFile) -> None:
    _correct(meeting, PIN)
    with meeting.transaction() as session:
        ballots.override_validity(session, code="bch", key="S-2", valid=False, reason="có chữ ký", actor="tb", pin=PIN)
    with meeting.transaction() as session:
        closing.close_poll(session, code="bch", actor="tb", pin=PIN)
    with meeting.transaction() as session:
        closing.reopen_poll(session, code="bch", reason="kiểm lại", actor="tb", pin=PIN)
    with meeting.transaction() as session:
        roles.set_head_pin(session, new_pin="13572468", current_pin=PIN, actor="tb")
    with meeting.transaction() as session:
        closing.close_poll(session, code="bch", actor="tb", pin="13572468")
    assert _findings(meeting) == []


def test_a_forged_correction_is_refused(meeting: MeetingFile, without_pin: None) -> None:
    _correct(meeting, None)
    (finding,) = _findings(meeting)
    assert "sửa dấu trên phiếu đã nhập" in finding
    assert "không có chữ ký (mã PIN) của Trưởng ban" in finding


def test_a_forged_ruling_is_refused(meeting: MeetingFile, without_pin: None) -> None:
    with meeting.transaction() as session:
        ballots.override_validity(session, code="bch", key="S-2", valid=False, reason="x", actor="tb")
    (finding,) = _findings(meeting)
    assert "sửa một phiếu đã nhập hoặc kết luận lại phiếu" in finding


def test_forged_minutes_are_refused(meeting: MeetingFile, without_pin: None) -> None:
    with meeting.transaction() as session:
        closing.close_poll(session, code="bch", actor="tb")
    assert any("lập hoặc xóa biên bản chính thức" in f for f in _findings(meeting))


def test_a_forged_reopening_is_refused(meeting: MeetingFile, monkeypatch: pytest.MonkeyPatch) -> None:
    with meeting.transaction() as session:
        closing.close_poll(session, code="bch", actor="tb", pin=PIN)
    monkeypatch.setattr(roles, "require_head", lambda *_args, **_kwargs: True)
    with meeting.transaction() as session:
        closing.reopen_poll(session, code="bch", reason="x", actor="ai-do")
    (finding,) = _findings(meeting)
    assert "mở lại nội dung đã kết thúc" in finding


def test_dropping_or_replacing_the_pin_is_refused(meeting: MeetingFile) -> None:
    with meeting.transaction() as session:
        meetings.get_meeting(session).head_pin = None
    (finding,) = _findings(meeting)
    assert "đổi hoặc bỏ mã PIN" in finding


def test_a_new_pin_set_without_the_old_one_is_refused(meeting: MeetingFile, without_pin: None) -> None:
    with meeting.transaction() as session:
        roles.set_head_pin(session, new_pin="11112222", current_pin=None, actor="ai-do")
    assert any("đổi hoặc bỏ mã PIN" in f for f in _findings(meeting))


def test_undoing_the_last_ballot_needs_no_pin_but_an_older_one_does(meeting: MeetingFile) -> None:
    with meeting.transaction() as session:
        assert ballots.undo_last_ballot(session, code="bch", station="may-1", actor="an").key == "S-5"
    assert _findings(meeting) == []
    # Walking back to S-4 with the app's own code (the service refuses it now; the insider's copy does not).
    with meeting.transaction() as session:
        poll = ballots.get_poll(session, "bch")
        session.delete(ballots.find_ballot(session, poll, "S-4"))
    assert any("xóa một phiếu đã nhập" in f for f in _findings(meeting))


def test_a_key_of_the_insider_s_own_is_not_adopted(meeting: MeetingFile, monkeypatch: pytest.MonkeyPatch) -> None:
    """An appended roles.pin_set with the insider's public key, then corrections signed with it."""
    seed, sealed = signing.new_sealed_key("00000000")
    with meeting.transaction() as session:
        audit.record(
            session, action="roles.pin_set", actor="ai-do", at=clock.now(), details={"changed": True, **sealed}
        )
        polls.set_ballot_counts(session, code="bch", issued=6, collected=5, actor="ai-do")

    def signs_with_own_key(session: Session, *_args: object, **_kwargs: object) -> bool:
        session.info[audit.HEAD_SEED] = seed
        return True

    monkeypatch.setattr(roles, "require_head", signs_with_own_key)
    _correct(meeting, None)
    found = _findings(meeting)
    assert any("khóa mới của Trưởng ban" in f and "không được công nhận" in f for f in found)
    assert any("sửa dấu trên phiếu đã nhập" in f for f in found)
