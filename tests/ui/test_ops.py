"""The operations layer (#17, ui/ops.py): reads and writes off the UI thread, the result back by signal, a change
record that reaches the screens, errors in Vietnamese; the entry screen's save goes through it."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.exc import OperationalError

from app.errors import EntryError
from app.services import ballots, polls, tallying
from ui import workers
from ui.context import Changes
from ui.main_window import SCREEN_ORDER, MainWindow
from ui.models import ROW_ROLE
from ui.ops import CollectionOp, QueryOp
from ui.screens.entry import EntryScreen


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: said.append(text))
    crashes: list[BaseException] = []
    monkeypatch.setattr("ui.errors.show_crash", lambda _parent, exc: crashes.append(exc))
    yield said
    assert crashes == []  # nothing reached the crash dialog (a traceback)


def _on_ui_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def test_a_write_runs_on_the_writer_thread_and_its_result_comes_back_on_the_ui_thread(
    window: MainWindow, qtbot: Any, warnings: list[str], background: None
) -> None:
    ran: list[bool] = []
    answered: list[tuple[bool, int]] = []

    def write(session: Any) -> int:
        ran.append(_on_ui_thread())
        polls.set_ballot_counts(session, code="bch", issued=500, collected=401, actor="thu-ky")
        return 401

    CollectionOp(window, window.context, write, Changes.poll("bch")).success(
        lambda result: answered.append((_on_ui_thread(), result))
    ).run()
    qtbot.waitUntil(lambda: bool(answered), timeout=10_000)
    assert ran == [False]  # off the UI thread
    assert answered == [(True, 401)]
    assert window.context.read(lambda s: polls.summary(s, "bch")).collected == 401


def test_a_read_runs_off_the_ui_thread(window: MainWindow, qtbot: Any, warnings: list[str], background: None) -> None:
    ran: list[bool] = []
    answered: list[list[str]] = []

    def read(session: Any) -> list[str]:
        ran.append(_on_ui_thread())
        return polls.poll_codes(session)

    QueryOp(window, window.context, read).success(answered.append).run()
    qtbot.waitUntil(lambda: bool(answered), timeout=10_000)
    assert ran == [False]
    assert answered[0][0] == window.context.polls()[0].code


def test_reads_run_one_at_a_time_on_one_reading_thread(
    window: MainWindow, qtbot: Any, warnings: list[str], background: None
) -> None:
    """#17: reads side by side only made the UI thread wait longer for Python's lock; they queue on one thread,
    neither the UI thread nor the writer's."""
    import threading

    threads: list[int] = []
    inside = [0]
    most = [0]
    answered: list[int] = []
    lock = threading.Lock()

    def read(session: Any) -> int:
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
            threads.append(threading.get_ident())
        codes = polls.poll_codes(session)
        with lock:
            inside[0] -= 1
        return len(codes)

    written: list[int] = []
    CollectionOp(window, window.context, lambda s: written.append(threading.get_ident())).run()
    for _ in range(4):
        QueryOp(window, window.context, read).success(answered.append).run()
    qtbot.waitUntil(lambda: len(answered) == 4 and bool(written), timeout=10_000)
    assert most == [1]
    assert len(set(threads)) == 1
    assert threads[0] != threading.get_ident()
    assert threads[0] != written[0]


def test_the_change_record_reaches_the_screen_shown_and_the_poll_list(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, warnings: list[str]
) -> None:
    window.context.select_poll("bch")
    window.go_to(SCREEN_ORDER.index("results"))
    screen = window.current_screen()
    assert screen is not None
    applied: list[Changes] = []
    monkeypatch.setattr(screen, "apply", applied.append)
    heard: list[Changes] = []
    window.context.changes.connect(heard.append)
    CollectionOp(
        window,
        window.context,
        lambda s: polls.set_ballot_counts(s, code="bch", issued=500, collected=402, actor="thu-ky"),
        Changes.poll("bch"),
    ).run()
    assert heard == [Changes.poll("bch")]
    assert applied == [Changes.poll("bch")]
    assert applied[0].touches_poll("bch")
    assert not applied[0].touches_poll("nghi-quyet")
    row = window.poll_model.row_of("bch")
    summary = window.poll_model.data(window.poll_model.index(row, 0), ROW_ROLE)
    assert summary.collected == 402  # the poll list at a glance was read again


def test_the_results_screen_reads_the_tally_again_only_when_a_change_touches_its_poll(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, warnings: list[str]
) -> None:
    import ui.tally_view

    reads: list[str] = []
    original = ui.tally_view.read_tally
    monkeypatch.setattr(
        ui.tally_view, "read_tally", lambda context, code: (reads.append(code), original(context, code))[1]
    )
    window.show()
    window.context.select_poll("bch")
    window.go_to(SCREEN_ORDER.index("results"))
    screen = window.current_screen()
    assert screen is not None
    reads.clear()
    screen.refresh()
    screen.refresh()  # the timer: the file did not change, the tally is not read
    assert reads == ["bch"] or reads == []
    reads.clear()
    screen.refresh()
    assert reads == []
    other = next(p.code for p in window.context.polls() if p.code != "bch")
    CollectionOp(
        window,
        window.context,
        lambda s: polls.set_ballot_counts(s, code=other, issued=500, collected=404, actor="thu-ky"),
        Changes.poll(other),
    ).run()
    QApplication.processEvents()
    screen.refresh()
    assert reads == ["bch"]  # the file changed (its version moved): read once more, then quiet again
    reads.clear()
    CollectionOp(
        window,
        window.context,
        lambda s: polls.set_ballot_counts(s, code="bch", issued=500, collected=403, actor="thu-ky"),
        Changes.poll("bch"),
    ).run()
    QApplication.processEvents()
    assert reads == ["bch"]
    screen.refresh()
    assert reads == ["bch"]


def test_a_refused_write_is_said_in_vietnamese(window: MainWindow, warnings: list[str]) -> None:
    def refuse(_session: Any) -> None:
        raise EntryError("phiếu số 12 đã được nhập lúc 09:14 tại máy may-1")

    done: list[object] = []
    CollectionOp(window, window.context, refuse, Changes.poll("bch")).success(done.append).run()
    assert done == []
    assert warnings == ["Phiếu số 12 đã được nhập lúc 09:14 tại máy may-1"]


def test_a_full_disk_during_a_write_is_said_in_vietnamese_not_as_a_traceback(
    window: MainWindow, warnings: list[str]
) -> None:
    import sqlite3

    def full(_session: Any) -> None:
        orig = sqlite3.OperationalError("database or disk is full")
        orig.sqlite_errorname = "SQLITE_FULL"  # type: ignore[attr-defined]
        raise OperationalError("INSERT", {}, orig)

    CollectionOp(window, window.context, full, Changes.poll("bch")).run()
    assert len(warnings) == 1
    assert "CHƯA được ghi vì ổ đĩa đã đầy" in warnings[0]
    assert "Traceback" not in warnings[0]


def test_a_read_that_ends_after_its_file_was_closed_is_dropped(
    window: MainWindow, qtbot: Any, warnings: list[str], background: None
) -> None:
    gate = threading.Event()
    answered: list[object] = []

    def slow(session: Any) -> list[str]:
        gate.wait(5)
        return polls.poll_codes(session)

    QueryOp(window, window.context, slow).success(answered.append).run()
    path = window.context.path
    assert path is not None
    window.context.close()
    gate.set()
    workers.wait_for_all()
    QApplication.processEvents()
    assert answered == []
    window.context.open(path)


def test_the_entry_screen_saves_on_the_writer_thread_and_says_saved_when_it_is(
    window: MainWindow,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    questions: list[str],
    warnings: list[str],
    background: None,
) -> None:
    threads: list[bool] = []
    original = ballots.enter_ballot

    def spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(_on_ui_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(ballots, "enter_ballot", spy)
    window.context.select_poll("bch")
    screen = next(s for s in window.screens if isinstance(s, EntryScreen))
    window.go_to(window.screens.index(screen))
    window.show()
    window.activateWindow()
    QApplication.processEvents()
    before = window.context.read(lambda s: tallying.tally_poll(s, "bch")).tally.totals.entered
    screen.take_unnumbered()
    for key in (Qt.Key.Key_2, Qt.Key.Key_5, Qt.Key.Key_Return):
        QTest.keyClick(QApplication.focusWidget(), key)
    assert QApplication.focusWidget() is screen.scan  # ready for the next scan at once
    qtbot.waitUntil(lambda: screen.sheet_label.text().startswith("Đã ghi phiếu"), timeout=10_000)
    assert threads == [False]
    assert window.context.read(lambda s: tallying.tally_poll(s, "bch")).tally.totals.entered == before + 1
    assert QApplication.focusWidget() is screen.scan
    assert not screen.sheet_ready


def test_the_results_screen_and_the_projector_share_one_tally_read_per_change(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, warnings: list[str]
) -> None:
    import ui.tally_view

    reads: list[str] = []
    original = ui.tally_view.read_tally

    def counting(context: Any, code: str) -> Any:
        reads.append(code)
        return original(context, code)

    monkeypatch.setattr(ui.tally_view, "read_tally", counting)
    window.show()
    window.context.select_poll("bch")
    window.go_to(SCREEN_ORDER.index("results"))
    results = window.current_screen()
    results.open_projector()  # type: ignore[union-attr]
    projector = results.projector  # type: ignore[union-attr]
    reads.clear()
    CollectionOp(
        window,
        window.context,
        lambda s: polls.set_ballot_counts(s, code="bch", issued=500, collected=405, actor="thu-ky"),
        Changes.poll("bch"),
    ).run()
    QApplication.processEvents()
    assert reads == ["bch"]  # both show the new tally from one read
    assert projector.totals_label.text().count("405") == 1
    projector.close()
