"""The reconciliation gate, closing a poll with its minutes, reopening it and the next revision.

The gate (app.services.closing.check_gate, `kiemphieu check`, `kiemphieu minutes`) refuses each failing
identity with its own code and message; the data that the command line would never let in is made
directly through the ORM or raw SQL, as a damaged or hand-edited file would hold it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from app.errors import StateError
from app.rules.model import Ballot
from app.services import audit
from app.services import ballots as ballot_service
from app.services.closing import check_gate, close_poll, digest_of, reopen_poll
from app.services.polls import get_poll, poll_def
from app.services.tallying import tally_json, tally_poll, tally_text
from app.store.db import open_meeting_file
from app.store.orm import AuditEntry, BallotRecord, Exclusion, Mark, Meeting, MinutesRecord, Poll

POLL = "chi-uy"
SPEC = """
    [meeting]
    title = "Đại hội Chi bộ Khu phố 3 nhiệm kỳ 2025–2027"
    organization = "CHI BỘ KHU PHỐ 3"
    place = "An Bình"
    date = 2025-05-10

    [attendance]
    convened = 25
    present = 21
    excluded = [ { reason = "Vắng mặt suốt thời gian đại hội có lý do được chấp nhận", count = 3 } ]

    [[committee]]
    name = "Nguyễn Văn Hùng"
    role = "Trưởng ban"

    [[committee]]
    name = "Lê Thị Mai"

    [[polls]]
    id = "chi-uy"
    kind = "election"
    profile = "party-election"
    title = "Bầu Chi ủy Chi bộ Khu phố 3"
    seats = 3
    candidates = ["An", "Bình", "Cường", "Dũng"]
"""


def spec(issued: int | None = 21, collected: int | None = 21) -> str:
    extra = "".join(f"    {key} = {value}\n" for key, value in (("issued", issued), ("collected", collected)) if value)
    return SPEC + extra


def build(cli: Any, ballots: Any, issued: int | None = 21, collected: int | None = 21) -> Path:
    """Example 1 of docs/regulations.md §8: 21 ballots, 19 valid (An 18, Bình 12, Cường 11, Dũng 10)."""
    meeting = cli.meeting(spec(issued, collected))
    lines = ballots.strike(4, [18, 12, 11, 10], count=19, seats=3, prefix="CU")
    lines.insert(7, {"serial": "CU-9001", "struck": []})
    lines.insert(15, {"serial": "CU-9002", "physical_invalid": "extra_names"})
    cli.enter(meeting, POLL, lines)
    return meeting


@contextmanager
def transaction(meeting: Path) -> Iterator[Session]:
    with open_meeting_file(meeting) as meeting_file, meeting_file.transaction() as session:
        yield session


@contextmanager
def reading(meeting: Path) -> Iterator[Session]:
    with open_meeting_file(meeting) as meeting_file, meeting_file.reading() as session:
        yield session


def gate(meeting: Path) -> list[tuple[str, str]]:
    with reading(meeting) as session:
        return [(p.code, p.message) for p in check_gate(session, POLL)]


def second_pass(session: Session, *, skip: str | None = None, change: str | None = None) -> None:
    """Copy every first-pass ballot into pass 2 through the ORM; `change` gets different marks."""
    records = session.scalars(select(BallotRecord).where(BallotRecord.pass_no == 1).order_by(BallotRecord.id)).all()
    for record in records:
        if record.serial == skip:
            continue
        copy = BallotRecord(
            poll_id=record.poll_id,
            pass_no=2,
            serial=record.serial,
            app_number=record.app_number,
            source="keyed",
            operator="nguoi-nhap-2",
            station="may-2",
            entered_at=record.entered_at,
            physical_invalid=record.physical_invalid,
            marks_entered=record.marks_entered,
            auto_valid=record.auto_valid,
            auto_reason=record.auto_reason,
        )
        session.add(copy)
        session.flush()
        marks = session.scalars(select(Mark).where(Mark.ballot_id == record.id)).all()
        rows = {(m.row, m.col, m.value, m.text) for m in marks}
        if record.serial == change:
            struck = {row for row, _, _, _ in rows}
            other = min(set(range(1, 5)) - struck)
            rows = {(other, 0, None, None)} | {r for r in rows if r[0] != max(struck)}
        for row, col, value, mark_text in sorted(rows, key=str):
            session.add(Mark(ballot_id=copy.id, row=row, col=col, value=value, text=mark_text))


def counted_ballot_id(session: Session, serial: str = "CU-0001") -> int:
    ballot_id = session.scalar(select(BallotRecord.id).where(BallotRecord.serial == serial))
    assert ballot_id is not None
    return ballot_id


# --------------------------------------------------------------------------- the gate


def test_a_clean_poll_passes_the_gate(cli: Any, ballots: Any) -> None:
    meeting = build(cli, ballots)

    assert gate(meeting) == []
    run = cli("check", meeting, "--poll", POLL)
    assert (run.rc, run.err) == (0, "")
    assert "có thể lập biên bản" in run.out
    assert cli("check", meeting, "--poll", POLL, "--json").data() == {
        "poll": POLL,
        "ready": True,
        "problems": [],
        "without_code": [],
    }


def _issued_unknown(cli: Any, ballots: Any) -> Path:
    return build(cli, ballots, issued=None)


def _collected_unknown(cli: Any, ballots: Any) -> Path:
    return build(cli, ballots, collected=None)


def _collected_over_issued(cli: Any, ballots: Any) -> Path:
    meeting = build(cli, ballots)
    with transaction(meeting) as session:  # the `counts` command refuses this
        session.scalar(select(Poll).where(Poll.code == POLL)).issued = 20
    return meeting


def _fewer_entered(cli: Any, ballots: Any) -> Path:
    meeting = build(cli, ballots, issued=22)
    with transaction(meeting) as session:  # 22 ballots given to 22 people present
        session.scalar(select(Meeting)).present = 22
    cli.ok("counts", meeting, "--poll", POLL, "--collected", 22)
    return meeting


def _issued_over_present(cli: Any, ballots: Any) -> Path:
    # 21 present but 23 ballots issued: two ballots went to nobody (#15).
    return build(cli, ballots, issued=23)


def _base_zero(cli: Any, ballots: Any) -> Path:
    # Every convened person excluded, ballots entered all the same: nobody is elected on a base of 0 (#15).
    meeting = build(cli, ballots)
    with transaction(meeting) as session:
        for exclusion in session.scalars(select(Exclusion)):
            exclusion.count = 25
    return meeting


def _more_entered(cli: Any, ballots: Any) -> Path:
    meeting = build(cli, ballots)
    with transaction(meeting) as session:  # the `counts` command refuses this
        session.scalar(select(Poll).where(Poll.code == POLL)).collected = 20
    return meeting


def _passes_disagree(cli: Any, ballots: Any) -> Path:
    meeting = build(cli, ballots)
    with transaction(meeting) as session:
        second_pass(session, change="CU-0005")
    return meeting


def _pass_missing(cli: Any, ballots: Any) -> Path:
    meeting = build(cli, ballots)
    with transaction(meeting) as session:
        second_pass(session, skip="CU-0012")
    return meeting


def _duplicate_struck_mark(cli: Any, ballots: Any) -> Path:
    meeting = build(cli, ballots)
    with transaction(meeting) as session:
        ballot_id = counted_ballot_id(session)  # CU-0001 strikes row 4 (Dũng)
        session.execute(text("INSERT INTO mark (ballot_id, row, col) VALUES (:b, 4, 0)"), {"b": ballot_id})
    return meeting


GATE_CASES: dict[str, tuple[Callable[[Any, Any], Path], str, str]] = {
    "issued-unknown": (
        _issued_unknown,
        "issued_unknown",
        "chưa có số phiếu phát ra (in phiếu từ chương trình, hoặc ghi số phiếu phát ra)",
    ),
    "collected-unknown": (
        _collected_unknown,
        "collected_unknown",
        "chưa ghi số phiếu thu về do Ban kiểm phiếu đếm được",
    ),
    "collected-over-issued": (
        _collected_over_issued,
        "collected_over_issued",
        "số phiếu thu về (21) lớn hơn số phiếu phát ra (20)",
    ),
    "fewer-entered-than-collected": (
        _fewer_entered,
        "entered_not_collected",
        "đã nhập 21 phiếu nhưng thu về 22 phiếu (còn 1 phiếu chưa nhập)",
    ),
    "more-entered-than-collected": (
        _more_entered,
        "entered_not_collected",
        "đã nhập 21 phiếu nhưng thu về 20 phiếu (nhập thừa 1 phiếu)",
    ),
    "issued-over-present": (
        _issued_over_present,
        "issued_over_present",
        "số phiếu phát ra (23) lớn hơn số người có mặt (21)",
    ),
    "base-zero": (
        _base_zero,
        "base_zero",
        "có 19 phiếu hợp lệ nhưng mẫu số để tính kết quả bằng 0: không công bố được kết quả; "
        "hãy kiểm tra số được triệu tập và các trường hợp không tính",
    ),
    "passes-disagree": (
        _passes_disagree,
        "passes_disagree",
        "1 phiếu nhập các lượt không khớp nhau (CU-0005); hãy đối chiếu với phiếu giấy",
    ),
    "ballot-missing-from-second-pass": (
        _pass_missing,
        "passes_disagree",
        "1 phiếu nhập các lượt không khớp nhau (CU-0012); hãy đối chiếu với phiếu giấy",
    ),
    "kept-plus-struck": (
        _duplicate_struck_mark,
        "kept_struck",
        "số tên giữ lại (51) cộng số tên bị gạch (26) khác số ứng cử viên × số phiếu hợp lệ (4 × 19)",
    ),
}


@pytest.mark.parametrize("case", list(GATE_CASES))
def test_the_gate_refuses_each_failing_identity(cli: Any, ballots: Any, case: str) -> None:
    make, code, message = GATE_CASES[case]
    meeting = make(cli, ballots)

    assert gate(meeting) == [(code, message)]

    run = cli("check", meeting, "--poll", POLL)
    assert run.rc == 1
    assert run.out.splitlines() == ["Chưa lập được biên bản:", f"  – {message}"]
    data = cli("check", meeting, "--poll", POLL, "--json").data()
    assert data == {"poll": POLL, "ready": False, "problems": [{"code": code, "message": message}], "without_code": []}

    pdf, xlsx = cli.dir / "bb.pdf", cli.dir / "bb.xlsx"
    refused = cli("minutes", meeting, "--poll", POLL, "--pdf", pdf, "--xlsx", xlsx)
    assert refused.rc == 1
    assert refused.out == ""
    assert refused.err == f"Lỗi: Chưa lập được biên bản: {message}.\n"
    assert not pdf.exists()
    assert not xlsx.exists()
    assert not list(cli.dir.glob(".bb.*"))  # no temporary file left behind
    with reading(meeting) as session:
        assert get_poll(session, POLL).status == "counting"
        assert session.scalar(select(func.count()).select_from(MinutesRecord)) == 0
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "poll.closed" not in actions
    assert "minutes.printed" not in actions


def test_every_failing_identity_is_listed_at_once(cli: Any, ballots: Any) -> None:
    meeting = build(cli, ballots, issued=None, collected=None)

    assert [code for code, _ in gate(meeting)] == ["issued_unknown", "collected_unknown"]
    refused = cli("minutes", meeting, "--poll", POLL, "--pdf", cli.dir / "bb.pdf")
    assert refused.rc == 1
    assert refused.err == ("Lỗi: Chưa lập được biên bản: " + "; ".join(message for _, message in gate(meeting)) + ".\n")


def test_agreeing_entry_passes_pass_the_gate(cli: Any, ballots: Any) -> None:
    meeting = build(cli, ballots)
    with transaction(meeting) as session:
        second_pass(session)

    assert gate(meeting) == []
    # The second pass is not counted twice.
    assert cli.tally(meeting, POLL)["entered"] == 21


def test_the_service_gate_names_the_problem_codes(cli: Any, ballots: Any) -> None:
    meeting = build(cli, ballots, collected=None)
    with transaction(meeting) as session:
        second_pass(session, change="CU-0003")
        second_pass_ids = session.scalars(select(BallotRecord.id).where(BallotRecord.pass_no == 2)).all()
        assert len(second_pass_ids) == 21
        session.execute(  # CU-0001 strikes Dũng (row 4): the same mark twice
            text("INSERT INTO mark (ballot_id, row, col) VALUES (:b, 4, 0)"), {"b": counted_ballot_id(session)}
        )
        problems = check_gate(session, POLL)
    assert [p.code for p in problems] == ["collected_unknown", "passes_disagree", "kept_struck"]
    # The passes are compared as sets of marks: the doubled mark of CU-0001 is not a disagreement.
    assert problems[1].message.startswith("1 phiếu nhập các lượt không khớp nhau (CU-0003)")


def test_the_gate_refuses_a_struck_mark_beyond_the_list(cli: Any, ballots: Any) -> None:
    meeting = build(cli, ballots)
    with transaction(meeting) as session:
        session.execute(
            text("INSERT INTO mark (ballot_id, row, col) VALUES (:b, 5, 0)"), {"b": counted_ballot_id(session)}
        )

    problems = gate(meeting)

    assert problems
    run = cli("check", meeting, "--poll", POLL)
    assert run.rc == 1
    assert "Lỗi không mong đợi" not in run.err


def test_the_gate_refuses_a_struck_mark_with_row_zero(cli: Any, ballots: Any) -> None:
    meeting = build(cli, ballots)
    with transaction(meeting) as session:
        # CU-0019 strikes An and Dũng and stays valid with a third "struck" row.
        session.execute(
            text("INSERT INTO mark (ballot_id, row, col) VALUES (:b, 0, 0)"),
            {"b": counted_ballot_id(session, "CU-0019")},
        )

    # A mark no entry could make is never counted silently: the tally refuses with where it is.
    run = cli("tally", meeting, "--poll", POLL)
    assert run.rc == 1
    assert "CU-0019" in run.err
    assert "dòng 0" in run.err
    assert gate(meeting) != []


def test_deleting_a_struck_mark_is_a_different_ballot_not_a_broken_identity(cli: Any, ballots: Any) -> None:
    """kept + struck is an identity of the stored marks: a deleted mark is a ballot that kept one more name."""
    meeting = build(cli, ballots)
    with transaction(meeting) as session:
        # CU-0019 strikes An and Dũng; without its An mark it keeps three names for three seats.
        session.execute(delete(Mark).where(Mark.ballot_id == counted_ballot_id(session, "CU-0019"), Mark.row == 1))

    assert gate(meeting) == []
    assert [item["votes"] for item in cli.tally(meeting, POLL)["items"]] == [19, 12, 11, 10]


# --------------------------------------------------------------------------- closing


def test_close_poll_records_revision_1_with_the_digest_of_the_tally(cli: Any, ballots: Any) -> None:
    meeting = build(cli, ballots)
    printed = cli.tally(meeting, POLL)

    with transaction(meeting) as session:
        closure = close_poll(session, code=POLL, actor="truong-ban")

    assert (closure.code, closure.revision, closure.closed_by) == (POLL, 1, "truong-ban")
    assert closure.reopen_reason is None
    assert closure.changes == ()
    assert closure.tally == printed
    assert closure.digest == digest_of(printed)
    assert len(closure.digest) == 64
    with reading(meeting) as session:
        assert get_poll(session, POLL).status == "closed"
        records = session.scalars(select(MinutesRecord)).all()
        assert [(r.revision, r.digest, r.closed_by) for r in records] == [(1, closure.digest, "truong-ban")]
        assert records[0].tally == printed
        assert digest_of(tally_json(tally_poll(session, POLL))) == closure.digest
        closed = [
            (e.actor, e.subject, e.details)
            for e in session.scalars(select(AuditEntry).where(AuditEntry.action == "poll.closed"))
        ]
    assert closed == [("truong-ban", POLL, {"revision": 1, "digest": closure.digest, "head_pin": False})]
    # Closing again returns the same revision and records nothing new.
    with transaction(meeting) as session:
        again = close_poll(session, code=POLL, actor="nguoi-khac")
    assert (again.revision, again.digest, again.closed_by) == (1, closure.digest, "truong-ban")
    with reading(meeting) as session:
        assert session.scalar(select(func.count()).select_from(MinutesRecord)) == 1


def test_digest_is_canonical_json() -> None:
    assert digest_of({"b": 1, "a": "Đ"}) == digest_of({"a": "Đ", "b": 1})
    assert digest_of({"a": 1}) != digest_of({"a": 2})
    assert len(digest_of({})) == 64


def test_a_closed_poll_refuses_ballots_overrides_and_counts(cli: Any, ballots: Any) -> None:
    meeting = build(cli, ballots)
    cli.minutes(meeting, POLL)

    run = cli("enter", meeting, "--poll", POLL, "--entries", cli.entries([{"serial": "CU-7777", "struck": [1]}]))
    assert run.rc == 1
    closed = "Nội dung “Bầu Chi ủy Chi bộ Khu phố 3” đã kết thúc kiểm phiếu"
    assert run.err == f"Lỗi: {closed}, không nhập thêm phiếu được.\n"
    run = cli("override", meeting, "--poll", POLL, "--ballot", "CU-0001", "--invalid", "--reason", "Có chữ ký")
    assert run.rc == 1
    assert run.err == "Lỗi: Nội dung “Bầu Chi ủy Chi bộ Khu phố 3” đã kết thúc kiểm phiếu; phải mở lại trước khi sửa.\n"
    run = cli("counts", meeting, "--poll", POLL, "--collected", 21)
    assert run.rc == 1
    assert "đã kết thúc" in run.err

    with transaction(meeting) as session:
        poll = get_poll(session, POLL)
        with pytest.raises(StateError):
            ballot_service.record_ballot(
                session,
                poll=poll,
                pdef=poll_def(poll),
                draft=ballot_service.EntryDraft(serial="CU-7777", ballot=Ballot(key="CU-7777", struck=frozenset({1}))),
                operator="thu-ky",
                station="may",
            )
        with pytest.raises(StateError):
            ballot_service.override_validity(
                session, code=POLL, key="CU-0001", valid=False, reason="Có chữ ký", actor="thu-ky"
            )
    assert cli.tally(meeting, POLL)["entered"] == 21


def test_reopen_needs_a_reason_and_a_closed_poll(cli: Any, ballots: Any) -> None:
    meeting = build(cli, ballots)

    assert cli("reopen", meeting, "--poll", POLL).rc == 2  # --reason is required
    not_closed = cli("reopen", meeting, "--poll", POLL, "--reason", "Sửa phiếu")
    assert not_closed.rc == 1
    assert not_closed.err == "Lỗi: Nội dung “Bầu Chi ủy Chi bộ Khu phố 3” chưa kết thúc, không cần mở lại.\n"
    cli.minutes(meeting, POLL)
    blank = cli("reopen", meeting, "--poll", POLL, "--reason", "   ")
    assert blank.rc == 1
    assert blank.err == "Lỗi: Phải ghi lý do mở lại nội dung bỏ phiếu đã kết thúc.\n"
    with transaction(meeting) as session, pytest.raises(Exception, match="Phải ghi lý do"):
        reopen_poll(session, code=POLL, reason="\t", actor="thu-ky")

    done = cli.ok("reopen", meeting, "--poll", POLL, "--reason", "  Phiếu  CU-0001 có chữ ký ")

    assert done == {"poll": POLL, "status": "counting"}
    with reading(meeting) as session:
        assert get_poll(session, POLL).status == "counting"
        reopened = [
            (e.actor, e.details)
            for e in session.scalars(select(AuditEntry).where(AuditEntry.action == "poll.reopened"))
        ]
    assert reopened == [("thu-ky", {"reason": "Phiếu CU-0001 có chữ ký"})]


# --------------------------------------------------------------------------- revisions

EXAMPLE_2 = """
    [meeting]
    title = "Đại hội đại biểu Đảng bộ xã An Bình lần thứ XX, nhiệm kỳ 2025–2030"
    organization = "ĐẢNG BỘ XÃ AN BÌNH"
    place = "An Bình"
    date = 2025-06-20

    [attendance]
    convened = 150
    present = 146
    excluded = [ { reason = "Vắng mặt suốt thời gian đại hội, không có đại biểu dự khuyết thay thế", count = 3 } ]

    [[committee]]
    name = "Nguyễn Văn Hùng"
    role = "Trưởng ban"

    [[polls]]
    id = "dai-bieu"
    kind = "election"
    profile = "party-election"
    title = "Bầu đại biểu chính thức dự Đại hội Đảng bộ huyện"
    seats = 4
    issued = 146
    collected = 145
    candidates = ["A", "B", "C", "D", "E", "F"]
"""
REASON = "Phiếu DB-0001 có chữ ký của người bỏ phiếu, Ban kiểm phiếu kết luận lại"


def example_2(cli: Any, ballots: Any) -> Path:
    meeting = cli.meeting(EXAMPLE_2)
    lines = ballots.strike(6, [130, 110, 95, 80, 80, 73], count=143, seats=4, prefix="DB")
    assert lines[0] == {"serial": "DB-0001", "struck": [4, 6]}  # keeps A, B, C and E
    lines.insert(40, {"serial": "DB-9001", "physical_invalid": "no_stamp"})
    lines.insert(90, {"serial": "DB-9002", "struck": [6]})
    cli.enter(meeting, "dai-bieu", lines)
    return meeting


def test_a_correction_after_reopening_prints_revision_2(cli: Any, ballots: Any, checks: Any) -> None:
    meeting = example_2(cli, ballots)
    first = cli.minutes(meeting, "dai-bieu")
    assert first.report["revision"] == 1
    assert "Bản sửa" not in first.text
    assert "V. NỘI DUNG ĐIỀU CHỈNH" not in first.text

    cli.ok("reopen", meeting, "--poll", "dai-bieu", "--reason", REASON)
    cli.ok("override", meeting, "--poll", "dai-bieu", "--ballot", "DB-0001", "--invalid", "--reason", "Phiếu có chữ ký")
    tally = cli.tally(meeting, "dai-bieu")
    second = cli.minutes(meeting, "dai-bieu")

    assert second.report["revision"] == 2
    assert second.report["digest"] == digest_of(tally)
    assert second.report["digest"] != first.report["digest"]
    text_ = second.text
    assert "Bản sửa lần thứ 1 (thay thế các bản trước)" in text_
    assert "- Số phiếu hợp lệ: 142" in text_
    assert "- Số phiếu không hợp lệ: 3, trong đó:" in text_
    assert "+ Phiếu có chữ ký: 1 phiếu" in text_
    assert "- Ban kiểm phiếu đã xem xét, kết luận lại 1 phiếu (Phụ lục 2)." in text_
    changes = text_.split("V. NỘI DUNG ĐIỀU CHỈNH SO VỚI BẢN TRƯỚC", 1)[1].split("Biên bản lập xong", 1)[0]
    assert f"- Lý do mở lại: {REASON}" in changes
    for line in (
        "- Số phiếu hợp lệ: 143 → 142",
        "- Số phiếu không hợp lệ: 2 → 3",
        "- A: số phiếu 130 → 129",
        "- B: số phiếu 110 → 109",
        "- C: số phiếu 95 → 94",
        "- E: số phiếu 80 → 79",
        "- Danh sách trúng cử thay đổi: A, B, C, D",
    ):
        assert line in changes
    assert "D: số phiếu" not in changes  # DB-0001 had struck D
    assert "Số phiếu phát ra:" not in changes
    # The tie is broken by the correction: D is elected, nobody has to be voted on again.
    assert "4 D 80 54,42 Trúng cử 5 E 79 53,74 6 F" in text_
    assert "cần bầu lại" not in text_
    assert all(f.startswith(f"Mã kiểm tra kết quả (bản 2): {second.report['digest'][:32]}") for f in second.footers)
    annex = text_.split("PHỤ LỤC 2. CÁC PHIẾU BAN KIỂM PHIẾU KẾT LUẬN LẠI", 1)[1].split("PHỤ LỤC 3", 1)[0]
    assert "DB-0001 hợp lệ không hợp lệ Phiếu có chữ ký thu-ky, 09:30 20/06/2025" in " ".join(annex.split())
    # The workbook says it is revision 2 and holds the corrected numbers.
    wb = second.workbook()
    status = wb["Tổng hợp"].cell(row=4, column=1).value
    assert status.startswith("Bản số 2; lập lúc 09:30 ngày 20/06/2025; mã kiểm tra " + second.report["digest"])
    checks.summary_matches(wb["Tổng hợp"], tally)
    row = next(r for r in checks.ballots(wb)[1] if r["Số phiếu"] == "DB-0001")
    assert (row["Hợp lệ"], row["Lý do không hợp lệ"], row["Kết luận lại"]) == (
        "không",
        "Phiếu có chữ ký",
        "Phiếu có chữ ký",
    )

    with reading(meeting) as session:
        records = [
            (r.revision, r.digest, r.reopen_reason)
            for r in session.scalars(select(MinutesRecord).order_by(MinutesRecord.revision))
        ]
        # Without the state entry each transaction ends with (tests/trust).
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.action != audit.STATE).order_by(AuditEntry.id)
        ).all()
    assert records == [
        (1, first.report["digest"], None),
        (2, second.report["digest"], REASON),
    ]
    tail = actions[actions.index("poll.closed") :]
    assert tail == [
        "poll.closed",
        "minutes.printed",
        "poll.reopened",
        "ballot.override",
        "poll.closed",
        "minutes.printed",
    ]


def test_the_changes_of_a_revision_are_in_vietnamese(cli: Any, ballots: Any) -> None:
    meeting = example_2(cli, ballots)
    cli.minutes(meeting, "dai-bieu")
    cli.ok("reopen", meeting, "--poll", "dai-bieu", "--reason", REASON)
    cli.ok("override", meeting, "--poll", "dai-bieu", "--ballot", "DB-0001", "--invalid", "--reason", "Có chữ ký")

    second = cli.minutes(meeting, "dai-bieu")

    changes = second.text.split("V. NỘI DUNG ĐIỀU CHỈNH SO VỚI BẢN TRƯỚC", 1)[1].split("Biên bản lập xong", 1)[0]
    lines = [line for line in changes.split(" - ") if line.startswith(("D:", "E:"))]
    assert any("kết quả" in line for line in lines)
    for word in ("tie", "elected", "not_elected"):
        assert f" {word}" not in changes, changes
    assert "D: kết quả Bằng phiếu – bầu lại → Trúng cử" in changes


def test_minutes_twice_without_changes_keep_the_revision_and_digest(cli: Any, ballots: Any) -> None:
    meeting = build(cli, ballots)

    first = cli.minutes(meeting, POLL)
    second = cli.minutes(meeting, POLL)

    assert (second.report["revision"], second.report["digest"]) == (1, first.report["digest"])
    assert second.pages == first.pages
    assert second.pdf_bytes == first.pdf_bytes  # the same document, byte for byte
    with reading(meeting) as session:
        assert session.scalar(select(func.count()).select_from(MinutesRecord)) == 1
        entries = [
            (e.action, e.actor, e.subject, e.details)
            for e in session.scalars(
                select(AuditEntry)
                .where(AuditEntry.action.in_(["poll.closed", "minutes.printed"]))
                .order_by(AuditEntry.id)
            )
        ]
    assert [e[0] for e in entries] == ["poll.closed", "minutes.printed", "minutes.printed"]
    for _, actor, subject, details in entries[1:]:
        assert details == {"revision": 1, "digest": first.report["digest"], "pdf": True, "xlsx": True}
        assert (actor, subject) == ("thu-ky", POLL)


def test_a_draft_while_the_gate_fails_does_not_close_the_poll(cli: Any, ballots: Any, checks: Any) -> None:
    meeting = build(cli, ballots, collected=None)
    assert [code for code, _ in gate(meeting)] == ["collected_unknown"]

    draft = cli.minutes(meeting, POLL, "--draft")

    assert draft.report["revision"] is None
    with reading(meeting) as session:
        assert draft.report["digest"] == digest_of(tally_json(tally_poll(session, POLL)))
        assert get_poll(session, POLL).status == "counting"
        assert session.scalar(select(func.count()).select_from(MinutesRecord)) == 0
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "minutes.draft_printed" in actions
    assert "minutes.printed" not in actions
    assert "poll.closed" not in actions
    for page in draft.pages:
        assert "BẢN NHÁP" in page
    assert all(f.startswith("Mã kiểm tra kết quả (bản nháp): ") for f in draft.footers)
    assert "BIÊN BẢN KIỂM PHIẾU" in draft.text
    assert "1 An 18 81,82 Trúng cử" in draft.text
    status = draft.workbook()["Tổng hợp"].cell(row=4, column=1).value
    assert status.startswith("BẢN NHÁP; lập lúc 09:30 ngày 20/06/2025")
    # The file can still take ballots and counts, and the final minutes come later.
    cli.ok("counts", meeting, "--poll", POLL, "--collected", 21)
    final = cli.minutes(meeting, POLL)
    assert final.report["revision"] == 1
    assert "BẢN NHÁP" not in " ".join(final.pages)


def test_a_draft_before_the_collected_count_does_not_take_the_entered_count_for_it(cli: Any, ballots: Any) -> None:
    """#17: while the committee has not recorded the ballots collected, the draft minutes, its workbook and the
    CLI's tally say "chưa ghi" — never the 21 ballots entered as if they were the count of the box."""
    meeting = build(cli, ballots, collected=None)

    draft = cli.minutes(meeting, POLL, "--draft")

    assert "- Số phiếu thu về: chưa ghi (Ban kiểm phiếu chưa ghi số phiếu đếm được; đã nhập 21 phiếu)" in draft.text
    assert "- Số phiếu thu về: 21" not in draft.text
    facts = {
        row[1]: row[2] for row in draft.workbook()["Tổng hợp"].iter_rows(values_only=True) if len(row) > 2 and row[1]
    }
    assert facts["Số phiếu thu về"] == "chưa ghi (Ban kiểm phiếu chưa ghi số phiếu đếm được)"
    with reading(meeting) as session:
        assert "Số phiếu thu về: chưa ghi   Đã nhập: 21" in tally_text(tally_poll(session, POLL))
    cli.ok("counts", meeting, "--poll", POLL, "--collected", 21)
    recorded = cli.minutes(meeting, POLL, "--draft")
    assert "- Số phiếu thu về: 21" in recorded.text


def test_a_ballot_read_from_a_scan_shows_as_scanned_in_the_minutes_and_the_workbook(cli: Any, ballots: Any) -> None:
    """#17, item 1: the minutes' entry-log annex and the workbook say the same words for where a ballot came from;
    one read from a scanned image is "đọc từ ảnh quét" in both, a keyed one "nhập tay"."""
    from app.rules.model import Ballot
    from app.services.ballots import enter_ballot
    from app.sources import BallotSource

    meeting = build(cli, ballots, issued=22, collected=22)
    with transaction(meeting) as session:
        enter_ballot(
            session,
            code=POLL,
            serial=None,
            ballot=Ballot(key="", physical_invalid="torn"),
            operator="may-quet",
            station="MAY-QUET",
            source=BallotSource.SCAN,
            without_code=True,
        )

    draft = cli.minutes(meeting, POLL, "--draft")

    assert "may-quet MAY-QUET đọc từ ảnh quét 1" in draft.text
    assert " nhập tay 21 " in draft.text
    assert "Đọc từ ảnh quét: chương trình đọc các dấu từ ảnh quét của phiếu." in draft.text
    rows = list(draft.workbook()["Từng phiếu"].iter_rows(values_only=True))
    sources = [row[2] for row in rows[1:]]
    assert sources.count("đọc từ ảnh quét") == 1
    assert sources.count("nhập tay") == 21


def test_a_draft_of_a_poll_that_passes_the_gate_does_not_close_it(cli: Any, ballots: Any) -> None:
    meeting = build(cli, ballots)

    report = cli.ok("minutes", meeting, "--poll", POLL, "--pdf", cli.dir / "nhap.pdf", "--draft")

    assert report["revision"] is None
    assert report["xlsx"] is None
    info = cli.ok("info", meeting)
    assert [p["status"] for p in info["polls"]] == ["counting"]
    cli.enter(meeting, POLL, [{"serial": "CU-8888", "physical_invalid": "torn"}])  # still open


def test_the_audit_log_of_closing_and_reopening(cli: Any, ballots: Any) -> None:
    meeting = build(cli, ballots)
    first = cli.minutes(meeting, POLL)
    cli.ok("reopen", meeting, "--poll", POLL, "--reason", "Kiểm tra lại phiếu CU-0001")
    second = cli.minutes(meeting, POLL)

    with reading(meeting) as session:
        seen = [
            (e.action, json.dumps(e.details, ensure_ascii=False, sort_keys=True))
            for e in session.scalars(
                select(AuditEntry)
                .where(AuditEntry.action.in_(["poll.closed", "poll.reopened", "minutes.printed"]))
                .order_by(AuditEntry.id)
            )
        ]
    digest = first.report["digest"]
    assert seen == [
        ("poll.closed", json.dumps({"digest": digest, "head_pin": False, "revision": 1}, sort_keys=True)),
        ("minutes.printed", json.dumps({"digest": digest, "pdf": True, "revision": 1, "xlsx": True}, sort_keys=True)),
        ("poll.reopened", json.dumps({"reason": "Kiểm tra lại phiếu CU-0001"}, ensure_ascii=False, sort_keys=True)),
        ("poll.closed", json.dumps({"digest": digest, "head_pin": False, "revision": 2}, sort_keys=True)),
        ("minutes.printed", json.dumps({"digest": digest, "pdf": True, "revision": 2, "xlsx": True}, sort_keys=True)),
    ]
    # Nothing changed: revision 2 has the same digest and says so.
    assert second.report["revision"] == 2
    assert "- Lý do mở lại: Kiểm tra lại phiếu CU-0001 - Không có thay đổi về số liệu." in second.text
    # The workbook's log sheet lists the closing of revision 2 (the printing is logged after it is written).
    log = [row[3] for row in second.workbook()["Nhật ký"].iter_rows(min_row=2, values_only=True)]
    assert log[-3:] == ["Lập biên bản", "Mở lại để sửa", "Kết thúc kiểm phiếu (biên bản chính thức)"]


def test_a_confirming_ruling_gives_one_reason_in_pdf_and_workbook(cli: Any, ballots: Any, checks: Any) -> None:
    meeting = build(cli, ballots)
    cli.ok("override", meeting, "--poll", POLL, "--ballot", "CU-9001", "--invalid", "--reason", "Phiếu có chữ ký")

    minutes = cli.minutes(meeting, POLL)

    annex = minutes.text.split("PHỤ LỤC 1. DANH SÁCH PHIẾU KHÔNG HỢP LỆ", 1)[1].split("PHỤ LỤC 3", 1)[0]
    row = next(r for r in checks.ballots(minutes.workbook())[1] if r["Số phiếu"] == "CU-9001")
    assert row["Hợp lệ"] == "không"
    assert f"CU-9001 {row['Lý do không hợp lệ']}" in annex
