"""The results screen and the projector: numbers equal the tally, live updates, keys."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QKeySequence, QShortcut
from PySide6.QtWidgets import QTableView

from app.rules.model import Ballot
from app.services import ballots
from app.services.ballots import EntryDraft
from app.services.polls import get_poll, poll_def
from app.services.tallying import tally_json, tally_poll
from ui.context import MeetingContext
from ui.main_window import MainWindow
from ui.models import ROW_ROLE, SORT_ROLE
from ui.projector import ProjectorWindow
from ui.screens.results import ResultsScreen
from ui.tally_view import GOOD_BACKGROUND, TallyTableModel, level_label, outcome_label

DISPLAY = Qt.ItemDataRole.DisplayRole


def expected_tally(context: MeetingContext, code: str) -> dict[str, Any]:
    return context.read(lambda s: tally_json(tally_poll(s, code)))


def cell(model: TallyTableModel, row: int, key: Any, role: int = DISPLAY) -> Any:
    column = model.column_of(key)
    assert column >= 0, f"no column {key!r} in {model.column_keys()}"
    return model.data(model.index(row, column), role)


@pytest.fixture
def screen(qtbot, context: MeetingContext) -> ResultsScreen:
    widget = ResultsScreen(context)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    return widget


def check_against_tally(screen: ResultsScreen, tally: dict[str, Any]) -> None:
    model = screen.model
    assert model.rowCount() == len(tally["items"])
    for key in ("issued", "collected", "entered", "valid", "invalid"):
        assert screen.stat[key].text() == str(tally[key])
    for row, item in enumerate(tally["items"]):
        assert cell(model, row, "name") == item["name"]
        assert cell(model, row, "position") == str(item["position"])
        assert model.data(model.index(row, 0), ROW_ROLE) == item
        layout = tally["layout"]
        if layout in ("strike", "names"):
            assert cell(model, row, "votes", SORT_ROLE) == item["votes"]
            assert cell(model, row, "percent") == f"{item['percent']}%"
        elif layout == "scores":
            assert cell(model, row, "mean") == (item["mean"] or "—")
            assert cell(model, row, "scored", SORT_ROLE) == item["scored"]
            assert cell(model, row, "level") == level_label(item["level"])
        else:
            for i, (count, percent) in enumerate(zip(item["counts"], item["percents"], strict=True)):
                assert cell(model, row, ("count", i), SORT_ROLE) == count
                assert cell(model, row, ("count", i)) == f"{count} ({percent}%)"
        if "outcome" in model.column_keys():
            assert cell(model, row, "outcome") == outcome_label(item["outcome"])
        if tally["kind"] == "evaluation":
            assert cell(model, row, "level") == level_label(item["level"])
    reasons = tally["invalid_reasons"]
    for reason, count in reasons.items():
        assert f"{reason} ({count})" in screen.reasons_label.text()


@pytest.mark.parametrize(
    "code", ["bch", "bi-thu", "ubkt", "tin-nhiem", "danh-gia", "cham-diem", "nghi-quyet", "gioi-thieu"]
)
def test_the_table_shows_the_tally(screen: ResultsScreen, context: MeetingContext, code: str) -> None:
    context.select_poll(code)
    screen.refresh()
    tally = expected_tally(context, code)
    check_against_tally(screen, tally)
    assert tally["title"] in screen.poll_label.text()
    if tally["kind"] == "election":
        assert ", ".join(tally["elected"]) in screen.summary_label.text()


def test_elected_rows_are_highlighted(screen: ResultsScreen, context: MeetingContext) -> None:
    context.select_poll("bch")
    screen.refresh()
    tally = expected_tally(context, "bch")
    model = screen.model
    for row, item in enumerate(tally["items"]):
        brush = model.data(model.index(row, 1), Qt.ItemDataRole.BackgroundRole)
        if item["outcome"] == "elected":
            assert isinstance(brush, QBrush)
            assert brush.color().name() == GOOD_BACKGROUND
            assert model.data(model.index(row, 1), Qt.ItemDataRole.FontRole).bold()
        else:
            assert brush is None


def test_the_model_needs_no_window(context: MeetingContext) -> None:
    model = TallyTableModel()
    assert model.rowCount() == 0
    tally = expected_tally(context, "danh-gia")
    model.set_tally(tally)
    assert model.column_keys() == ["position", "name", ("count", 0), ("count", 1), ("count", 2), ("count", 3), "level"]
    assert model.headerData(2, Qt.Orientation.Horizontal) == "HTXS"
    assert model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == tally["columns"][0]
    compact = TallyTableModel(compact=True)
    compact.set_tally(tally)
    assert cell(compact, 0, "level") in {"HTXS", "HTT", "HT", "KHT", "—"}
    model.set_tally(None)
    assert model.rowCount() == 0
    assert model.columnCount() == 0


def test_updates_after_an_override_and_a_new_ballot(qtbot, screen: ResultsScreen, context: MeetingContext) -> None:
    context.select_poll("bch")
    screen.show()
    screen.refresh()
    before = expected_tally(context, "bch")
    context.write(
        lambda s: ballots.override_validity(
            s, code="bch", key="BCH-0002", valid=False, reason="Phiếu có ký tên", actor="Người kiểm thử"
        )
    )
    after = expected_tally(context, "bch")
    assert after["valid"] == before["valid"] - 1
    qtbot.waitUntil(lambda: screen.stat["valid"].text() == str(after["valid"]))
    check_against_tally(screen, after)
    assert "kết luận lại 1 phiếu" in screen.summary_label.text()

    def enter(session):
        poll = get_poll(session, "bch")
        ballots.record_ballot(
            session,
            poll=poll,
            pdef=poll_def(poll),
            draft=EntryDraft(serial=None, ballot=Ballot(key="", struck=frozenset({1, 2}))),
            operator="Người kiểm thử",
            station="test",
        )

    context.write(enter)
    qtbot.waitUntil(lambda: screen.stat["entered"].text() == str(after["entered"] + 1))
    check_against_tally(screen, expected_tally(context, "bch"))


def test_follows_the_current_poll_and_polls_while_visible(
    qtbot, screen: ResultsScreen, context: MeetingContext
) -> None:
    assert not screen.timer.isActive()
    screen.show()
    assert screen.timer.isActive()
    assert screen.timer.interval() == 2000
    context.select_poll("nghi-quyet")
    screen.refresh()
    assert screen.model.tally["poll"] == "nghi-quyet"
    screen.hide()
    assert not screen.timer.isActive()


def test_no_poll_selected(screen: ResultsScreen, context: MeetingContext) -> None:
    context.select_poll(None)
    screen.refresh()
    assert screen.model.rowCount() == 0
    assert "Chưa chọn" in screen.error_label.text()


def test_projector_opens_switches_polls_and_closes(qtbot, screen: ResultsScreen, context: MeetingContext) -> None:
    codes = [p.code for p in context.polls()]
    context.select_poll(codes[0])
    screen.show()
    screen.open_projector()
    projector = screen.projector
    assert isinstance(projector, ProjectorWindow)
    qtbot.waitExposed(projector)
    assert projector.isFullScreen()
    assert projector.code == codes[0]
    assert projector.model.rowCount() == len(expected_tally(context, codes[0])["items"])
    elected = expected_tally(context, codes[0])["elected"]
    assert ", ".join(elected) in projector.summary_label.text()
    qtbot.keyClick(projector, Qt.Key.Key_PageDown)
    assert projector.code == codes[1]
    assert projector.model.tally["poll"] == codes[1]
    assert f"Nội dung 2/{len(codes)}" in projector.footer.text()
    qtbot.keyClick(projector, Qt.Key.Key_Right)
    assert projector.code == codes[2]
    qtbot.keyClick(projector, Qt.Key.Key_PageUp)
    qtbot.keyClick(projector, Qt.Key.Key_Left)
    qtbot.keyClick(projector, Qt.Key.Key_Up)  # already the first: stays there
    assert projector.code == codes[0]
    qtbot.keyClick(projector, Qt.Key.Key_End)
    assert projector.code == codes[-1]
    context.select_poll("bi-thu")  # choosing a poll in the main window shows it on the projector
    assert projector.code == "bi-thu"
    screen.open_projector()  # a second request reuses the open window
    assert screen.projector is projector
    qtbot.keyClick(projector, Qt.Key.Key_Escape)
    assert not projector.isVisible()
    qtbot.waitUntil(lambda: screen.projector is None)  # deleted on close; the next F11 opens a new one


def test_the_projector_fits_its_rows_to_the_columns_it_shows(
    qtbot, screen: ResultsScreen, context: MeetingContext
) -> None:
    """The tally read before the projector shows (show_on_projector reads, then shows; at once when the read is
    shared) was fitted on the hidden window, at columns not laid out yet: "Không trúng cử" wrapped over three
    lines, every row 100 px at 1366×768 and the table scrolled (docs/screens/14-projector-1366.png). Fitted once
    shown, each row is one line and every row is seen."""
    context.select_poll("bch")
    assert expected_tally(context, "bch")["elected"]  # a finished count: the outcome column shows
    projector = ProjectorWindow(context, screen)  # the screen owns it; closing it deletes it
    projector.setGeometry(0, 0, 1366, 768)  # as show_on_projector does: the screen's size, then the read
    projector.refresh()  # jobs run inline here: the tally arrives before the window shows
    assert projector.model.rowCount() > 0
    projector.show()
    qtbot.waitExposed(projector)
    table = projector.table
    assert "outcome" in projector.model.column_keys()
    rows = projector.model.rowCount()
    for row in range(rows):
        assert table.rowHeight(row) < 1.5 * table.sizeHintForRow(row), (row, table.rowHeight(row))
    shown = table.horizontalHeader().height() + sum(table.rowHeight(r) for r in range(rows))
    assert shown <= table.height(), (shown, table.height())  # every row seen
    qtbot.waitUntil(lambda: not table.verticalScrollBar().isVisible(), timeout=2000)  # its range set after layout
    projector.close()


def test_f11_opens_the_projector_from_the_main_window(window: MainWindow) -> None:
    screen = next(s for s in window.screens if isinstance(s, ResultsScreen))
    window.show()
    window.go_to(window.screens.index(screen))
    assert window.current_screen() is screen
    # Offscreen windows are not reliably "active", so trigger the shortcut itself rather than a key press.
    (f11,) = [s for s in screen.findChildren(QShortcut) if s.key() == QKeySequence(Qt.Key.Key_F11)]
    f11.activated.emit()
    assert screen.projector is not None
    assert screen.projector.code == window.context.current_poll
    screen.projector.close()


def test_a_binding_vote_shows_its_own_verdict(qtbot) -> None:
    """#15: a binding confidence vote's rows say 'Quá nửa không tín nhiệm', highlighted, never a 2/3 band."""
    from app.minutes_data import PollTally
    from app.profiles import get_profile
    from app.rules.model import Context, Item, PollDef, PollKind
    from app.rules.tally import tally
    from ui.tally_view import WARN_BACKGROUND

    poll = PollDef(
        kind=PollKind.CONFIDENCE,
        seats=0,
        items=(Item("Bùi Quang Huy"), Item("Lê Thị Lan")),
        profile=get_profile("council-confidence"),
        binding=True,
    )
    votes = [Ballot(key=str(k), choices=(frozenset({2}), frozenset({2 if k < 3 else 1}))) for k in range(8)]
    result = tally(poll, votes, Context(convened=10, present=8, excluded=0))  # Huy 8 of 10, Lan 3 of 10
    data = tally_json(PollTally(code="bp", title="Bỏ phiếu tín nhiệm", round_no=1, seats=0, tally=result))
    model = TallyTableModel()
    model.set_tally(data)
    outcomes = [cell(model, row, "outcome") for row in range(2)]
    assert outcomes == ["Quá nửa không tín nhiệm", "Không quá nửa không tín nhiệm"]
    brush = model.data(model.index(0, 1), Qt.ItemDataRole.BackgroundRole)
    assert isinstance(brush, QBrush)
    assert brush.color().name() == WARN_BACKGROUND


def test_a_binding_vote_closed_under_the_earlier_bands_says_so(qtbot, tmp_path) -> None:
    """#15, decision record 0013: the binding vote tests/data/binding-banded.kiemphieu closed before its own rule is
    shown as its minutes say (banded), with a note naming the earlier rule."""
    import shutil
    from pathlib import Path

    old = Path(__file__).resolve().parent.parent / "data" / "binding-banded.kiemphieu"
    path = tmp_path / "hdnd.kiemphieu"
    shutil.copyfile(old, path)
    context = MeetingContext()
    context.operator = "Người kiểm thử"
    context.open(path)
    try:
        screen = ResultsScreen(context)
        qtbot.addWidget(screen)
        context.select_poll("bo-phieu-tn")
        screen.refresh()
        assert cell(screen.model, 0, "outcome") == "Quá nửa đến dưới 2/3 tín nhiệm thấp"
        assert "Biên bản được lập theo quy tắc cũ: bỏ phiếu tín nhiệm chia mức như lấy phiếu tín nhiệm" in (
            screen.summary_label.text()
        )
    finally:
        context.close()


def python_called_by(action: Callable[[], object]) -> list[str]:
    """The Python functions run on this thread while `action` runs, other than `action` itself."""
    called: list[str] = []

    def hook(frame: FrameType, event: str, arg: object) -> None:
        if event == "call":
            called.append(f"{frame.f_code.co_filename}:{frame.f_code.co_name}")

    sys.setprofile(hook)
    try:
        action()
    finally:
        sys.setprofile(None)
    return called[1:]  # the first: `action`


@pytest.mark.parametrize("code", ["bch", "danh-gia", "nghi-quyet"])
def test_laying_out_and_painting_the_tally_table_runs_no_python(
    qtbot, screen: ResultsScreen, context: MeetingContext, code: str
) -> None:
    """#17: a table sized to its contents asks every cell for every role again and again; each call into a Python
    model waited for the interpreter lock while a tally was read on the reading thread (the results screen's first
    show of a poll blocked the UI thread up to 161 ms). The cells are the model's own: no Python runs."""
    context.select_poll(code)
    screen.show()
    screen.refresh()
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0, timeout=10_000)
    screen.open_projector()
    projector = screen.projector
    assert isinstance(projector, ProjectorWindow)
    qtbot.waitUntil(lambda: projector.model.rowCount() > 0, timeout=10_000)
    for table in (screen.table, projector.table):

        def lay_out_and_paint(table: QTableView = table) -> None:
            table.resizeRowsToContents()
            table.resizeColumnsToContents()
            table.viewport().repaint()
            table.horizontalHeader().viewport().repaint()

        python_called_by(lay_out_and_paint)  # the first: PySide6 makes some enum types when first used
        assert python_called_by(lay_out_and_paint) == []
    projector.close()


def test_new_numbers_are_shown_and_no_tally_clears(context: MeetingContext) -> None:
    """A tally with the same rows and new numbers (a ballot more) updates the cells in place."""
    import copy

    tally = expected_tally(context, "bch")
    model = TallyTableModel()
    model.set_tally(tally)
    first = cell(model, 0, "votes")
    resets: list[bool] = []
    changes: list[tuple[int, int, int, int]] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(lambda a, b: changes.append((a.row(), a.column(), b.row(), b.column())))
    more = copy.deepcopy(tally)
    more["items"][0]["votes"] = int(first) + 7
    model.set_tally(more)
    assert cell(model, 0, "votes") == str(int(first) + 7)
    assert cell(model, 0, "votes", SORT_ROLE) == int(first) + 7
    assert model.data(model.index(0, 0), ROW_ROLE) == more["items"][0]
    # One change of every cell, no reset (a reset laid out every row and column again).
    assert resets == []
    assert changes == [(0, 0, model.rowCount() - 1, model.columnCount() - 1)]
    model.set_tally(None)
    assert model.rowCount() == 0
    assert model.data(model.index(0, 0), DISPLAY) is None
