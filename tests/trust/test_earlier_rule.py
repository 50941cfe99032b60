"""Minutes made under an earlier rule (#15, decision record 0013).

Before #15 a binding confidence vote was banded like the three-level poll; its minutes' digest is the tally of
those bands. Recounted under today's rule (one threshold over `binding_base`) it differed, and `verify` called an
intact file changed ("kết quả tính lại … khác với kết quả trên biên bản"), a reprint was refused. A closed poll is
now counted under the rule its minutes were made under; `verify` says so in a note, with what today's rule would
conclude.

tests/data/binding-banded.kiemphieu was made by the version just before #15's binding rule (commit f372b6b, the
parent of b046247) with `kiemphieu new`, `enter` and `minutes`: a People's Council of 12 deputies, 10 present, one
binding vote on Bùi Quang Huy, 4 Tín nhiệm and 6 Không tín nhiệm. Under the bands: 6 of the 10 ballots collected
is more than half → "Quá nửa đến dưới 2/3 tín nhiệm thấp". Under today's rule: 6 of the 12 deputies is not more
than half → no verdict.
"""

from __future__ import annotations

import shutil
import sqlite3
import textwrap
import tomllib
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from cli_runner import CliRunner
from sqlalchemy import select

from app.rules.applied import BANDED_BINDING_RULE
from app.rules.model import Ballot
from app.services import ballots, closing, integrity, meetings, tallying
from app.services.spec import parse_spec
from app.store.db import MeetingFile, open_meeting_file
from app.store.orm import MinutesRecord, Poll

OLD_FILE = Path(__file__).resolve().parent.parent / "data" / "binding-banded.kiemphieu"
OLD_DIGEST = "a7c3f9533c4905c047e6c51211b88390895a20d423c9c77849d56b1cc77f5081"
POLL = "bo-phieu-tn"
SPEC = """
    [meeting]
    title = "Kỳ họp Hội đồng nhân dân xã An Bình"
    organization = "HỘI ĐỒNG NHÂN DÂN XÃ AN BÌNH"
    place = "An Bình"
    date = 2025-06-20

    [attendance]
    convened = 12
    present = 10

    [[committee]]
    name = "Nguyễn Văn Hùng"
    role = "Trưởng ban"

    [[polls]]
    id = "bo-phieu-tn"
    kind = "confidence"
    profile = "council-confidence"
    title = "Bỏ phiếu tín nhiệm"
    binding = true
    issued = 10
    collected = 10
    subjects = ["Bùi Quang Huy"]
"""
NOTE = (
    "được lập theo quy tắc cũ (bỏ phiếu tín nhiệm chia mức như lấy phiếu tín nhiệm: quá nửa đến dưới 2/3, từ 2/3 trở "
    "lên); verify tính lại theo đúng quy tắc đó. Theo quy tắc hiện hành (quá một nửa tổng số được triệu tập bỏ phiếu "
    "Không tín nhiệm) kết quả sẽ khác: Bùi Quang Huy: kết quả Quá nửa đến dưới 2/3 tín nhiệm thấp → không. Muốn lập "
    "biên bản theo quy tắc hiện hành: mở lại nội dung (kiemphieu reopen) và lập bản sửa."
)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> CliRunner:
    return CliRunner(tmp_path, capsys)


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    """A copy of the file the earlier version made (opening it may upgrade it: never the committed one)."""
    path = tmp_path / "hdnd.kiemphieu"
    shutil.copyfile(OLD_FILE, path)
    return path


def pdf_text(path: Path) -> str:
    doc = pdfium.PdfDocument(str(path))
    try:
        return " ".join(" ".join(doc[i].get_textpage().get_text_range().split()) for i in range(len(doc)))
    finally:
        doc.close()


def test_minutes_the_earlier_version_made_verify_with_a_note(cli: CliRunner, old_file: Path) -> None:
    run = cli("verify", old_file)
    assert (run.rc, run.err) == (0, "")
    lines = run.out.splitlines()
    assert lines[0].startswith("Tệp toàn vẹn: ")
    assert lines[2:] == ["Ghi chú:", f"  – biên bản '{POLL}' bản 1: {NOTE}"]
    data = cli.ok("verify", old_file)
    assert (data["ok"], data["findings"]) == (True, [])
    assert data["notes"] == [{"where": f"biên bản '{POLL}' bản 1", "problem": NOTE}]


def test_while_closed_it_is_counted_and_reprinted_as_its_minutes_say(cli: CliRunner, old_file: Path) -> None:
    tally = cli.ok("tally", old_file, "--poll", POLL)
    assert "binding" not in tally  # the tally its minutes hold
    assert (tally["base"], tally["base_kind"]) == (10, "collected")
    (item,) = tally["items"]
    assert (item["counts"], item["percents"], item["outcome"]) == ([4, 6], ["40,00", "60,00"], "low_over_half")
    text = cli("tally", old_file, "--poll", POLL).out
    assert f"  – {BANDED_BINDING_RULE}" in text

    reprint = cli.ok("minutes", old_file, "--poll", POLL, "--pdf", cli.dir / "bb.pdf")
    assert (reprint["revision"], reprint["digest"]) == (1, OLD_DIGEST)
    printed = pdf_text(cli.dir / "bb.pdf")
    assert "Biên bản được lập theo quy tắc cũ" in printed
    assert "Bùi Quang Huy 4 – 40,00% 6 – 60,00% Quá nửa đến dưới 2/3 thấp" in printed
    assert "Đồng chí Bùi Quang Huy: có quá nửa đến dưới 2/3 số phiếu không tín nhiệm" in printed


def test_reopened_it_is_counted_under_todays_rule(cli: CliRunner, old_file: Path) -> None:
    cli.ok("reopen", old_file, "--poll", POLL, "--reason", "Lập lại theo quy tắc bỏ phiếu tín nhiệm hai mức")
    tally = cli.ok("tally", old_file, "--poll", POLL)
    assert (tally["binding"], tally["base"], tally["base_kind"]) == (True, 12, "convened")
    assert tally["items"][0]["outcome"] == "none"  # 6 of 12 deputies is not more than half
    revised = cli.ok("minutes", old_file, "--poll", POLL, "--pdf", cli.dir / "bb-2.pdf")
    assert revised["revision"] == 2
    printed = pdf_text(cli.dir / "bb-2.pdf")
    assert "Bùi Quang Huy: kết quả Quá nửa đến dưới 2/3 tín nhiệm thấp → không" in printed
    assert "quy tắc cũ" not in printed
    data = cli.ok("verify", old_file)
    assert (data["ok"], data["notes"]) == (True, [])


def _banded_meeting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MeetingFile:
    """The same poll built through the services, closed with the earlier setting: the binding vote banded."""
    spec = parse_spec(tomllib.loads(textwrap.dedent(SPEC)), "spec.toml")
    meeting_file = meetings.create_meeting(tmp_path / "dung-lai.kiemphieu", spec, actor="thu-ky")
    with meeting_file.transaction() as session:
        for column in (1, 1, 1, 1, 2, 2, 2, 2, 2, 2):
            ballots.enter_ballot(
                session,
                code=POLL,
                serial=None,
                ballot=Ballot(key="", choices=(frozenset({column}),)),
                operator="thu-ky",
                station="may-1",
            )
    with monkeypatch.context() as old_setting, meeting_file.transaction() as session:
        old_setting.setattr(tallying, "closed_under_bands", lambda _session, poll: poll.binding)
        closing.close_poll(session, code=POLL, actor="thu-ky")
    return meeting_file


def test_built_with_the_old_setting_it_verifies_and_a_changed_ballot_is_still_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_file = _banded_meeting(tmp_path, monkeypatch)
    path = meeting_file.path
    with meeting_file.reading() as session:
        stored = session.scalar(select(MinutesRecord.tally))
        assert "binding" not in stored
        assert stored["items"][0]["outcome"] == "low_over_half"
        assert integrity.verify(session) == []
        assert [(n.where, n.problem) for n in integrity.notes(session)] == [(f"biên bản '{POLL}' bản 1", NOTE)]
    meeting_file.close()

    # One Tín nhiệm turned Không tín nhiệm behind the app's back: the recount under the old rule no longer
    # reproduces the minutes, and the finding says which rule the recount used.
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE mark SET col = 2 WHERE ballot_id = (SELECT MIN(id) FROM ballot)")
    connection.close()
    with open_meeting_file(path, read_only=True) as reopened, reopened.reading() as session:
        problems = [f.problem for f in integrity.verify(session) if f.where == f"biên bản '{POLL}' bản 1"]
    assert problems == [
        "kết quả tính lại từ các phiếu đã lưu theo quy tắc cũ mà biên bản được lập (bỏ phiếu tín nhiệm chia mức như "
        "lấy phiếu tín nhiệm: quá nửa đến dưới 2/3, từ 2/3 trở lên) khác với kết quả trên biên bản"
    ]


def test_an_open_binding_vote_is_counted_under_todays_rule(make_meeting: Callable[[str], MeetingFile]) -> None:
    """Only a closed poll whose minutes lack the binding mark is counted the old way: never one being counted."""
    meeting_file = make_meeting(SPEC)
    with meeting_file.reading() as session:
        poll = session.scalars(select(Poll)).one()
        assert not tallying.closed_under_bands(session, poll)
        assert tallying.tally_poll(session, POLL).tally.binding
