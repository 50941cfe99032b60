"""The service calls a screen made on the UI thread after #17's first pass, now off it: whether the meeting has a
head's PIN (asked before each head-only action), setting the PIN (a deliberately slow hash check and a new hash),
the first poll read on opening a file, and the projector's list of polls. Each test fails if its call comes back to
the UI thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QInputDialog

from tests.ui.thread_spy import settle as _settle
from tests.ui.thread_spy import threads as _threads
from ui.context import Changes
from ui.main_window import SCREEN_ORDER, MainWindow


def _set_pin(window: MainWindow, qtbot: Any, pin: str = "2468") -> None:
    from app.services import roles

    window.context.transact(lambda s: roles.set_head_pin(s, new_pin=pin, current_pin=None, actor="Trưởng ban"))
    window.context.head_pin_set = None
    window.context.announce(Changes(meeting=True))
    _settle(qtbot, lambda: window.context.head_pin_set is True)


def test_the_head_pin_question_reads_nothing_on_the_ui_thread(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch, background: None
) -> None:
    """Whether the meeting has a PIN is read in the background (on opening, and after a write that touched the
    meeting); the question itself only looks at what was read."""
    seen = _threads(monkeypatch, "app.services.roles", "pin_required")
    window.go_to(SCREEN_ORDER.index("entry"))
    screen = window.current_screen()
    assert screen is not None
    asked: list[str] = []

    def get_text(*_a: Any, **_k: Any) -> tuple[str, bool]:
        asked.append("PIN")
        return "2468", True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    window.context.announce(Changes(meeting=True))
    _settle(qtbot, lambda: bool(seen))
    _settle(qtbot, lambda: window.context.head_pin_set is False)
    seen.clear()
    assert screen.ask_head_pin() == (True, None)  # no PIN set: nothing asked
    assert not asked
    _set_pin(window, qtbot)
    assert seen
    assert not any(seen)  # never on the UI thread
    seen.clear()
    assert screen.ask_head_pin() == (True, "2468")
    assert asked == ["PIN"]
    assert not seen  # the question read nothing


def test_setting_the_head_pin_checks_and_hashes_it_on_the_writer_thread(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch, background: None
) -> None:
    """A PIN is checked against its stored hash and the new one hashed (each a fifth of a second or more, on
    purpose) in the background; the window says so when it is done."""
    from app.services import roles

    _set_pin(window, qtbot)
    written = _threads(monkeypatch, "app.services.roles", "set_head_pin")
    checked = _threads(monkeypatch, "app.services.roles", "_matches")
    answers = iter([("2468", True), ("13579", True)])  # the current PIN, then the new one
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    window.set_head_pin()
    assert not written or not any(written)
    _settle(qtbot, lambda: "Đã đặt mã PIN" in window.statusBar().currentMessage())
    assert written
    assert checked
    assert not any(written + checked)  # never on the UI thread
    with window.context.meeting_file.reading() as session:  # type: ignore[union-attr]
        roles.require_head(session, "13579", "Thử")  # the new PIN is the one stored
    assert window.context.head_pin_set is True


def test_a_wrong_pin_when_setting_a_new_one_is_said_and_nothing_changes(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch, background: None
) -> None:
    from app.services import roles

    _set_pin(window, qtbot)
    errors: list[str] = []
    monkeypatch.setattr("ui.ops.show_error", lambda parent, exc: errors.append(str(exc)))
    answers = iter([("1111", True), ("13579", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    window.set_head_pin()
    _settle(qtbot, lambda: bool(errors))
    assert "Mã PIN không đúng" in errors[0]
    with window.context.meeting_file.reading() as session:  # type: ignore[union-attr]
        roles.require_head(session, "2468", "Thử")  # the old PIN still holds


def test_opening_a_file_reads_its_first_poll_off_the_ui_thread(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch, background: None
) -> None:
    """The first poll (chosen on opening) and whether there is a PIN are read in the background; the screens follow
    when they arrive."""
    codes = _threads(monkeypatch, "app.services.polls", "poll_codes")
    pins = _threads(monkeypatch, "app.services.roles", "pin_required")
    lists = _threads(monkeypatch, "app.services.polls", "list_polls")
    path = window.context.path
    assert isinstance(path, Path)
    window.show()
    window.go_to(SCREEN_ORDER.index("results"))
    window.context.open(path)
    selected: list[str] = []
    window.context.poll_selected.connect(selected.append)
    _settle(qtbot, lambda: window.context.current_poll is not None and window.context.head_pin_set is not None)
    _settle(qtbot, lambda: window.poll_model.rowCount() > 0)
    assert codes
    assert pins
    assert lists
    assert not any(codes + pins + lists)  # never on the UI thread
    first = window.poll_model.data(window.poll_model.index(0, 0), __import__("ui.models").models.ROW_ROLE).code
    assert window.context.current_poll == first
    assert selected == [first]  # the screens were told


def test_the_projector_reads_the_polls_off_the_ui_thread(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch, background: None
) -> None:
    """The projector's list of polls (to step through them) comes with each tally read, in the background; with no
    poll chosen, the list alone is read there, and the first shown."""
    from ui.projector import ProjectorWindow

    codes = _threads(monkeypatch, "ui.projector", "poll_codes")
    summaries = _threads(monkeypatch, "app.services.polls", "list_polls")
    window.context.current_poll = None
    projector = ProjectorWindow(window.context, window)
    qtbot.addWidget(projector)
    assert projector.code is None
    projector.refresh()
    _settle(qtbot, lambda: projector.code is not None and projector.model.rowCount() > 0)
    assert codes
    assert not any(codes)  # never on the UI thread
    assert not summaries  # the whole list (every poll's counts) is not needed
    first = projector.code
    assert projector.codes()[0] == first
    projector.step(1)
    assert projector.code == projector.codes()[1]
    _settle(qtbot, lambda: not projector.reader.busy)
    projector.close()


def test_the_backup_and_the_witness_file_are_written_off_the_ui_thread(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch, background: None, tmp_path: Path
) -> None:
    """Every five minutes the whole file is copied and the anchor code appended (and synced) to the witness file,
    often on a USB stick; when the head chooses that file, and when a poll is closed, the code goes there too: all on
    the writer thread, a failure said on the window when it comes back."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog

    from app.services import witness

    backed = _threads(monkeypatch, "app.services.backups", "rotating_backup")
    recorded = _threads(monkeypatch, "app.services.witness", "record")
    window.context.backup_timer.timeout.emit()  # the five-minute tick
    _settle(qtbot, lambda: len(recorded) == 1)
    assert backed
    beside = window.context.witness_path()
    assert beside is not None
    _settle(qtbot, lambda: beside.exists() and "định kỳ" in beside.read_text(encoding="utf-8"))
    usb = tmp_path / "usb.neo.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(usb), ""))
    window.choose_witness()
    _settle(qtbot, lambda: len(recorded) == 2)
    window.context.witness_soon(witness.Event.POLL_CLOSED)  # what the minutes screen does after closing a poll
    _settle(qtbot, lambda: len(recorded) == 3)
    assert not any(backed + recorded)  # never on the UI thread
    _settle(qtbot, lambda: usb.exists() and "ghi theo lệnh" in usb.read_text(encoding="utf-8"))
    # A witness file that cannot be written (the stick pulled out) is said when the tick comes back.
    QSettings().setValue(window.context._witness_key(), str(tmp_path / "rut-ra" / "dai-hoi.neo.txt"))
    window.context.backup_timer.timeout.emit()
    _settle(qtbot, lambda: "Chưa ghi được mã neo" in window.statusBar().currentMessage())
    assert not any(backed + recorded)


def test_a_change_announced_after_the_file_closed_reads_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job's outcome may come back after the file was closed (the minutes made in the background, announced when
    done): nothing is read from a file no longer open (the poll list's read failed: a crash dialog)."""
    shown: list[BaseException] = []
    monkeypatch.setattr("ui.main_window.show_error", lambda _parent, exc: shown.append(exc))
    monkeypatch.setattr("ui.errors.show_error", lambda _parent, exc: shown.append(exc))
    heard: list[Changes] = []
    window.context.changes.connect(heard.append)
    window.context.close()
    window.context.announce(Changes.all())
    assert window.context.head_pin_set is None
    assert not heard
    assert not shown
