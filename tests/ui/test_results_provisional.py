"""Results and the projector during the count (#17, item 5): "Kết quả tạm thời", votes only, no outcome
announced, until the poll's numbers reconcile (or it is closed)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.services import ballots, polls
from app.services.tallying import tally_json, tally_poll
from ui.context import MeetingContext
from ui.projector import ProjectorWindow
from ui.screens.results import ResultsScreen

OUTCOME_WORDS = ("Trúng cử", "Không trúng cử", "không có ai", "Không thông qua", "tín nhiệm thấp", "Hoàn thành")


def _mid_count(context: MeetingContext, code: str) -> dict:
    """Half the collected ballots entered: record more collected ballots than are entered."""
    tally = context.read(lambda s: tally_json(tally_poll(s, code)))
    collected = tally["entered"] * 2
    context.write(
        lambda s: polls.set_ballot_counts(s, code=code, issued=collected, collected=collected, actor="Người kiểm thử")
    )
    return tally


def _all_text(screen_model, *labels) -> str:
    cells = [
        str(screen_model.data(screen_model.index(r, c), Qt.ItemDataRole.DisplayRole))
        for r in range(screen_model.rowCount())
        for c in range(screen_model.columnCount())
    ]
    headers = [str(screen_model.headerData(c, Qt.Orientation.Horizontal)) for c in range(screen_model.columnCount())]
    return " | ".join(cells + headers + [label.text() for label in labels])


def test_mid_count_results_say_provisional_and_announce_no_outcome(qtbot, context: MeetingContext) -> None:
    for code in ("bch", "tin-nhiem", "nghi-quyet", "danh-gia"):
        _mid_count(context, code)
        screen = ResultsScreen(context)
        qtbot.addWidget(screen)
        context.select_poll(code)
        screen.refresh()
        assert "KẾT QUẢ TẠM THỜI" in screen.poll_label.text()
        assert "outcome" not in screen.model.column_keys()
        assert "level" not in screen.model.column_keys()
        text = _all_text(screen.model, screen.summary_label)
        for word in OUTCOME_WORDS:
            assert word not in text, (code, word)
        assert "Kết quả tạm thời" in screen.summary_label.text()
        # No row is highlighted as the winner.
        for row in range(screen.model.rowCount()):
            assert screen.model.data(screen.model.index(row, 1), Qt.ItemDataRole.BackgroundRole) is None
        if code == "bch":
            assert screen.model.column_of("votes") >= 0


def test_the_projector_says_provisional_mid_count(qtbot, context: MeetingContext) -> None:
    _mid_count(context, "bch")
    context.select_poll("bch")
    projector = ProjectorWindow(context)
    qtbot.addWidget(projector)
    projector.refresh()
    assert "KẾT QUẢ TẠM THỜI" in projector.title_label.text()
    text = _all_text(projector.model, projector.summary_label)
    for word in OUTCOME_WORDS:
        assert word not in text


def test_when_the_numbers_reconcile_the_outcome_is_shown(qtbot, context: MeetingContext) -> None:
    screen = ResultsScreen(context)
    qtbot.addWidget(screen)
    context.select_poll("bch")
    screen.refresh()
    assert "TẠM THỜI" not in screen.poll_label.text()
    assert "outcome" in screen.model.column_keys()
    assert "Trúng cử" in screen.summary_label.text()
    # One more ballot than collected: not reconciled any more, provisional again.
    from app.rules.model import Ballot
    from app.services.polls import get_poll, poll_def

    def enter(session) -> None:
        poll = get_poll(session, "bch")
        ballots.record_ballot(
            session,
            poll=poll,
            pdef=poll_def(poll),
            draft=ballots.EntryDraft(serial=None, ballot=Ballot(key="", struck=frozenset({1, 2}))),
            operator="Người kiểm thử",
            station="test",
        )

    context.write(enter)
    screen.refresh()
    assert "KẾT QUẢ TẠM THỜI" in screen.poll_label.text()
    assert "Trúng cử" not in screen.summary_label.text()
    # #15: every view of an inconsistent poll says it is inconsistent, the projector too.
    inconsistent = "SỐ LIỆU CHƯA KHỚP: đã nhập 147 phiếu nhưng chỉ thu về 146 phiếu"
    assert inconsistent in screen.summary_label.text()
    projector = ProjectorWindow(context)
    qtbot.addWidget(projector)
    projector.refresh()
    assert inconsistent in projector.summary_label.text()
