"""Nothing frozen (#17): the results screen, the projector and the entry screen's partial tally read a poll's
tally off the UI thread (a 10,000-ballot poll took a quarter of a second or more on it, every two seconds;
benchmarks/bench_ui_refresh.py measures it), one read at a time, the latest ask winning."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.thread_spy import gated as _gated
from tests.ui.thread_spy import settle as _settle
from tests.ui.thread_spy import threads as _threads
from ui.main_window import SCREEN_ORDER, MainWindow
from ui.workers import LatestRead


def test_results_and_projector_read_the_tally_off_the_ui_thread(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch, background: None
) -> None:
    seen_results = _threads(monkeypatch, "ui.screens.results", "read_tally_since")
    seen_projector = _threads(monkeypatch, "ui.projector", "read_tally_since")
    window.show()
    window.context.select_poll("bch")
    window.go_to(SCREEN_ORDER.index("results"))
    results = window.current_screen()
    assert results is not None
    results.refresh()
    _settle(qtbot, lambda: results.model.rowCount() > 0)  # type: ignore[attr-defined]
    assert seen_results
    assert not any(seen_results)  # never on the UI thread
    results.open_projector()  # type: ignore[attr-defined]
    projector = results.projector  # type: ignore[attr-defined]
    _settle(qtbot, lambda: projector.table.model().rowCount() > 0)
    assert seen_projector
    assert not any(seen_projector)
    projector.close()


def test_the_entry_screens_partial_tally_is_read_off_the_ui_thread(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch, background: None
) -> None:
    seen = _threads(monkeypatch, "app.services.tallying", "tally_poll")
    window.show()
    window.context.select_poll("bch")
    window.go_to(SCREEN_ORDER.index("entry"))
    entry = window.current_screen()
    assert entry is not None
    entry.partial.clear()  # type: ignore[attr-defined]
    seen.clear()
    entry.refresh_partial()  # type: ignore[attr-defined]
    _settle(qtbot, lambda: entry.partial.count() > 0)  # type: ignore[attr-defined]
    assert seen
    assert not any(seen)


def test_asks_while_reading_wait_and_only_the_latest_runs(qtbot: Any, background: None) -> None:
    from PySide6.QtCore import QObject

    owner = QObject()
    reader = LatestRead(owner)
    gate = threading.Event()
    delivered: list[str] = []

    def slow() -> str:
        gate.wait(5)
        return "first"

    reader.ask(slow, delivered.append, lambda exc: delivered.append(repr(exc)))
    assert reader.busy
    for n in range(5):  # a burst of changes while the first read runs
        reader.ask(lambda n=n: f"ask {n}", delivered.append, lambda exc: delivered.append(repr(exc)))
    gate.set()
    qtbot.waitUntil(lambda: len(delivered) == 2, timeout=5000)
    QApplication.processEvents()
    assert delivered == ["first", "ask 4"]  # two reads, not six
    assert not reader.busy


def test_a_poll_missing_from_the_window_list_brings_the_whole_list_off_the_ui_thread(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch, background: None
) -> None:
    """#17, item 5: a change to a poll the list beside the screens does not show (another window added it) reads
    the whole list again, in the background."""
    from ui.context import Changes
    from ui.models import ROW_ROLE

    window.show()
    window.go_to(SCREEN_ORDER.index("results"))
    _settle(qtbot, lambda: window.poll_model.rowCount() > 1 and not window._polls_reader.busy)
    qtbot.wait(50)
    _settle(qtbot, lambda: not window._polls_reader.busy)
    rows = [
        window.poll_model.data(window.poll_model.index(r, 0), ROW_ROLE) for r in range(window.poll_model.rowCount())
    ]
    window.poll_model.set_rows([row for row in rows if row.code != "bch"])  # as if "bch" were added elsewhere
    seen = _threads(monkeypatch, "app.services.polls", "list_polls")
    window.context.announce(Changes.poll("bch"))
    _settle(qtbot, lambda: window.poll_model.row_of("bch") >= 0)
    assert seen
    assert not any(seen)  # never on the UI thread
    assert window.poll_model.rowCount() == len(rows)


@pytest.mark.parametrize("screen_name", ["meeting", "committee"])
def test_the_meeting_and_committee_screens_read_off_the_ui_thread_and_keep_what_is_typed_meanwhile(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch, background: None, screen_name: str
) -> None:
    """#17, item 3: the stored details (the committee) are read in the background; the form is off until they first
    arrive (a field typed before would be saved with the others blank); a later read never overwrites typing."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from app.services import meetings

    seen, gate = _gated(monkeypatch, "app.services.meetings", "meeting_info")
    gate.set()
    window.show()
    window.activateWindow()
    window.go_to(SCREEN_ORDER.index(screen_name))
    screen = window.current_screen()
    assert screen is not None
    _settle(qtbot, lambda: screen.isEnabled())
    gate.clear()
    path = window.context.path
    assert path is not None
    window.context.open(path)  # the file opened again: its details are not known yet
    window.go_to(SCREEN_ORDER.index(screen_name))
    assert not screen.isEnabled()  # the first read is still running
    seen.clear()
    gate.set()
    _settle(qtbot, lambda: screen.isEnabled())
    assert seen
    assert not any(seen)  # never on the UI thread
    stored = window.context.read(meetings.meeting_info)
    if screen_name == "meeting":
        assert screen.title_edit.text() == stored.title  # type: ignore[attr-defined]
    else:
        assert screen.members() == list(stored.committee)  # type: ignore[attr-defined]
    focus = QApplication.focusWidget()
    assert focus is not None
    assert screen.isAncestorOf(focus)  # the keyboard followed to the screen

    # A read asked before the user types, answered after: the typing is kept, and counts as unsaved.
    gate.clear()
    seen.clear()
    screen.refresh()
    if screen_name == "meeting":
        screen.title_edit.setFocus()  # type: ignore[attr-defined]
        screen.title_edit.selectAll()  # type: ignore[attr-defined]
        QTest.keyClicks(QApplication.focusWidget(), "Hoi nghi moi")
    else:
        screen.table.setFocus()  # type: ignore[attr-defined]
        screen.table.setCurrentIndex(screen.model.index(0, 0))  # type: ignore[attr-defined]
        for char in "Hoang Van Em":  # the first key opens the cell's editor, which takes the focus
            QTest.keyClicks(QApplication.focusWidget(), char)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    gate.set()
    _settle(qtbot, lambda: bool(seen))
    from ui import workers

    workers.wait_for_all()
    QApplication.processEvents()
    assert screen.dirty  # type: ignore[attr-defined]
    if screen_name == "meeting":
        assert screen.title_edit.text() == "Hoi nghi moi"  # type: ignore[attr-defined]
    else:
        assert screen.members()[0][0] == "Hoang Van Em"  # type: ignore[attr-defined]
    screen.drop_pending()
    workers.wait_for_all()
    QApplication.processEvents()


def test_the_poll_editor_reads_and_writes_off_the_ui_thread_and_keeps_what_is_typed_meanwhile(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch, background: None
) -> None:
    """#17, item 1: the poll editor's list and shown poll are read in the background (what is typed while a read runs
    is kept, as an unsaved edit), its saves and a new poll are written on the writer thread."""
    from PySide6.QtTest import QTest

    from app.rules.model import PollKind
    from app.services import editing
    from app.services.spec import DEFAULT_PROFILE, ItemSpec, PollSpec
    from ui.screens.polls import PollsScreen

    listed, gate = _gated(monkeypatch, "app.services.polls", "list_polls")
    gate.set()
    window.show()
    window.activateWindow()
    window.context.select_poll("nghi-quyet")
    window.go_to(SCREEN_ORDER.index("polls"))
    screen = window.current_screen()
    assert isinstance(screen, PollsScreen)
    _settle(qtbot, lambda: screen.code == "nghi-quyet")
    assert listed
    assert not any(listed)  # never on the UI thread

    # A read asked before the user types, answered after: the typed title stays, as an unsaved edit.
    gate.clear()
    screen.refresh()
    screen.title_edit.setFocus()
    screen.title_edit.selectAll()
    QTest.keyClicks(QApplication.focusWidget(), "Nghi quyet moi")
    gate.set()
    _settle(qtbot, lambda: not window._polls_reader.busy)
    from ui import workers

    workers.wait_for_all()
    QApplication.processEvents()
    assert screen.title_edit.text() == "Nghi quyet moi"
    assert screen.settings_dirty

    # Ctrl+S: on the writer thread; the stored title comes back to the form and the window's list.
    written = _threads(monkeypatch, "app.services.editing", "update_poll")
    QTest.keyClick(QApplication.focusWidget(), "s", Qt.KeyboardModifier.ControlModifier)
    _settle(qtbot, lambda: bool(written) and not screen.settings_dirty and screen._writes == 0)
    assert not any(written)
    stored = window.context.read(lambda s: editing.poll_settings(s, "nghi-quyet"))
    assert stored.title == "Nghi quyet moi"
    _settle(
        qtbot,
        lambda: screen.poll_model.data(screen.poll_model.index(screen.poll_model.row_of("nghi-quyet"), 0)).startswith(
            "Nghi quyet moi"
        ),
    )

    # A new poll: on the writer thread, then selected and shown.
    added = _threads(monkeypatch, "app.services.polls", "add_poll")
    spec = PollSpec(
        "bq2", PollKind.MOTION, DEFAULT_PROFILE[PollKind.MOTION], "Thông qua Quy chế", 0, (ItemSpec("Quy chế"),)
    )
    assert screen.create_poll(spec)
    _settle(qtbot, lambda: screen.code == "bq2")
    assert added == [False]
    assert window.context.current_poll == "bq2"
