"""The entry screen's reads the next keys depend on run off the UI thread (#17, item 2): the chosen poll's definition,
a scanned code's check and Ctrl+Z's check. Meanwhile the screen's keys are held and replayed in order once the answer
is in: a handheld scanner's burst (the code, then Enter) and the marks typed right after it are never lost, and no
mark is keyed on a sheet not yet known good. Keys go to QApplication.focusWidget(), as a person's keyboard does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services.ballots import recent_entries
from tests.ui.entry_helpers import entered as _entered
from tests.ui.entry_helpers import key as _key
from tests.ui.entry_helpers import type_text as _type
from tests.ui.test_entry_screen import _printed
from tests.ui.thread_spy import gated as _gated
from ui import workers
from ui.main_window import SCREEN_ORDER, MainWindow
from ui.screens.entry import EntryScreen


def _settled(qtbot: Any, screen: EntryScreen) -> None:
    """Every background read and write done, the screen waiting for nothing."""
    qtbot.waitUntil(lambda: screen._waiting is None and not screen._saving, timeout=10_000)
    workers.wait_for_all()
    QApplication.processEvents()


def _entry(window: MainWindow, qtbot: Any, code: str) -> EntryScreen:
    window.context.select_poll(code)
    window.go_to(SCREEN_ORDER.index("entry"))
    window.show()
    window.activateWindow()
    screen = window.current_screen()
    assert isinstance(screen, EntryScreen)
    _settled(qtbot, screen)
    return screen


def test_keys_typed_while_the_chosen_poll_is_read_go_to_its_ballot(
    window: MainWindow,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rejections: list[str],
    background: None,
) -> None:
    screen = _entry(window, qtbot, "nghi-quyet")
    qr = _printed(window, "bch", tmp_path)[0]
    before = _entered(window, "bch")
    read, gate = _gated(monkeypatch, "app.services.polls", "definition", open_=True)
    gate.clear()
    screen.focus_scan()
    window.context.select_poll("bch")  # the definition is read in the background, and waits at the gate
    assert screen._waiting == "poll"
    assert "Đang đọc" in screen.sheet_label.text()
    _type(qr)  # the scanner's burst, then the marks, all before the definition is in
    _key(Qt.Key.Key_Return)
    _key(Qt.Key.Key_2)
    _key(Qt.Key.Key_5)
    _key(Qt.Key.Key_Return)
    assert screen.editor is None  # nothing was keyed yet: every key is held
    assert screen.scan.text() == ""
    gate.set()
    qtbot.waitUntil(lambda: _entered(window, "bch") == before + 1, timeout=10_000)
    _settled(qtbot, screen)
    assert read
    assert not any(read)  # never on the UI thread
    assert rejections == []
    last = window.context.read(lambda s: recent_entries(s, code="bch"))[0]
    assert last.valid
    assert QApplication.focusWidget() is screen.scan  # ready for the next scan


def test_the_scanned_code_is_checked_off_the_ui_thread_and_the_marks_typed_meanwhile_are_kept(
    window: MainWindow,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rejections: list[str],
    background: None,
) -> None:
    screen = _entry(window, qtbot, "bch")
    first, second = _printed(window, "bch", tmp_path)[:2]
    before = _entered(window, "bch")
    checked, gate = _gated(monkeypatch, "app.services.ballots", "check_sheet", open_=True)
    gate.clear()
    screen.focus_scan()
    _type(first)
    _key(Qt.Key.Key_Return)
    assert screen._waiting == "code"
    assert "Đang kiểm tra" in screen.sheet_label.text()
    _key(Qt.Key.Key_2)  # the marks, typed before the check is back
    _key(Qt.Key.Key_5)
    _key(Qt.Key.Key_Return)
    _type(second)  # and the next sheet's scan right behind
    _key(Qt.Key.Key_Return)
    assert not screen.sheet_ready  # no mark is keyed on a sheet not yet known good
    gate.set()
    qtbot.waitUntil(lambda: _entered(window, "bch") == before + 1 and screen.sheet_ready, timeout=10_000)
    _settled(qtbot, screen)
    assert len(checked) == 2
    assert not any(checked)  # never on the UI thread
    assert rejections == []
    assert screen.serial is not None
    assert "đánh dấu rồi Enter" in screen.sheet_label.text()  # the second sheet waits for its marks
    _key(Qt.Key.Key_3)
    _key(Qt.Key.Key_6)
    _key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _entered(window, "bch") == before + 2, timeout=10_000)
    _settled(qtbot, screen)


def test_a_refused_code_drops_its_marks_and_keeps_the_next_scan(
    window: MainWindow,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rejections: list[str],
    background: None,
) -> None:
    screen = _entry(window, qtbot, "bch")
    good = _printed(window, "bch", tmp_path)[0]
    _checked, gate = _gated(monkeypatch, "app.services.ballots", "check_sheet", open_=True)
    gate.clear()
    screen.focus_scan()
    _type("XYZ")  # not a code of this meeting
    _key(Qt.Key.Key_Return)
    _key(Qt.Key.Key_4)  # its marks: dropped with it
    _type(good)
    _key(Qt.Key.Key_Return)
    gate.set()
    qtbot.waitUntil(lambda: screen.sheet_ready, timeout=10_000)
    _settled(qtbot, screen)
    assert len(rejections) == 1  # said once, loudly
    assert screen.serial is not None  # the next scan was taken
    assert screen.editor is not None
    assert not screen.editor.has_marks()  # the refused sheet's mark went nowhere


def test_ctrl_z_is_checked_off_the_ui_thread_and_asks_before_taking_back(
    window: MainWindow,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    questions: list[str],
    rejections: list[str],
    background: None,
) -> None:
    screen = _entry(window, qtbot, "bch")
    qr = _printed(window, "bch", tmp_path)[0]
    before = _entered(window, "bch")
    screen.focus_scan()
    _type(qr)
    _key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.sheet_ready, timeout=10_000)
    _key(Qt.Key.Key_2)
    _key(Qt.Key.Key_5)
    _key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _entered(window, "bch") == before + 1, timeout=10_000)
    _settled(qtbot, screen)
    seen, gate = _gated(monkeypatch, "app.services.ballots", "recent_entries", open_=True)
    gate.clear()
    seen.clear()
    _key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert screen._waiting == "undo"
    assert questions == []  # asked once the check is back
    gate.set()
    qtbot.waitUntil(lambda: _entered(window, "bch") == before, timeout=10_000)
    _settled(qtbot, screen)
    assert seen
    assert not any(seen)  # never on the UI thread
    assert len(questions) == 1
    assert "Hoàn tác phiếu" in questions[0]
    assert rejections == []
