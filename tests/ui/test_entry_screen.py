"""The entry screen driven like an operator (keys only) and like a handheld scanner (a burst of keys + Enter)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from app.errors import MeetingFileError
from app.printing import ballot_code
from app.rules.model import Ballot
from app.rules.reasons import stated
from app.services import printing, tallying
from app.services.ballots import enter_ballot, recent_entries
from app.store.orm import AuditEntry, Meeting
from tests.ui.entry_helpers import entry_screen as _screen
from ui.main_window import MainWindow
from ui.screens.entry import EntryScreen


def _scanner(qtbot, text: str) -> None:
    """Type like a keyboard-wedge scanner: every key goes to whatever has the focus, then Enter."""
    for char in text:
        qtbot.keyClicks(QApplication.focusWidget(), char)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


@pytest.fixture
def rejections(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Collect loud rejections instead of showing modal boxes."""
    seen: list[str] = []
    monkeypatch.setattr(EntryScreen, "reject", lambda self, message: seen.append(message))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QApplication, "beep", lambda: None)
    return seen


def _printed(window: MainWindow, code: str, tmp_path: Path, copies: int = 3) -> list[str]:
    """QR texts of freshly printed sheets of poll `code` (registry + codes)."""
    assert window.context.meeting_file is not None
    printing.print_ballots(window.context.meeting_file, code=code, copies=copies, out=tmp_path / "b.pdf", actor="t")
    from app.services.sheets import list_sheets

    sheets = [s for s in window.context.read(lambda s: list_sheets(s, code)) if s.status == "issued" and not s.entered]
    meeting = window.context.read(lambda s: s.scalar(select(Meeting)))
    poll_id = window.context.read(
        lambda s: __import__("app.services.polls", fromlist=["get_poll"]).get_poll(s, code).id
    )
    round_no = 1
    return [
        ballot_code.encode(
            ballot_code.SheetCode(
                ballot_code.fingerprint_bytes(meeting.fingerprint), poll_id, round_no, 1, 1, False, sheet.serial
            ),
            meeting.secret,
        )
        for sheet in sheets
    ]


def test_scan_anywhere_mark_by_keys_enter_saves(window: MainWindow, qtbot, tmp_path: Path, rejections) -> None:
    code = "bch"
    before = window.context.read(lambda s: tallying.tally_poll(s, code)).tally
    screen = _screen(window, code)
    qr = _printed(window, code, tmp_path)[0]
    # The focus is somewhere else on the screen; the scanner types the code and Enter.
    screen.undo_button.setFocus()
    assert QApplication.focusWidget() is screen.undo_button
    _scanner(qtbot, qr)
    assert rejections == []
    assert screen.sheet_ready
    # Nine candidates, seven seats: strike 2 and 5 with one key each, then Enter.
    view = screen.editor.view
    qtbot.keyClick(view, Qt.Key.Key_2)
    qtbot.keyClick(view, Qt.Key.Key_5)
    assert "Hợp lệ" in screen.validity.text()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    after = window.context.read(lambda s: tallying.tally_poll(s, code)).tally
    assert after.totals.entered == before.totals.entered + 1
    assert [a.votes - b.votes for a, b in zip(after.items, before.items, strict=True)] == [1, 0, 1, 1, 0, 1, 1, 1, 1]
    assert not screen.sheet_ready
    assert QApplication.focusWidget() is screen.scan


def test_rejections_are_loud_and_store_nothing(window: MainWindow, qtbot, tmp_path: Path, rejections) -> None:
    screen = _screen(window, "bch")
    entered = window.context.read(lambda s: tallying.tally_poll(s, "bch")).tally.totals.entered
    for text in ("BCH-0001", "JNIA" + "A" * 43, "ABCDE-FGHIJ-KLMN"):
        screen.scan.setText(text)
        screen.take_scan()
    assert len(rejections) == 3
    assert "đã được nhập lúc" in rejections[0]
    assert not screen.sheet_ready
    assert window.context.read(lambda s: tallying.tally_poll(s, "bch")).tally.totals.entered == entered


def test_grid_one_key_per_row_and_invalid_confirmation(window: MainWindow, qtbot, rejections) -> None:
    screen = _screen(window, "tin-nhiem")
    screen.take_unnumbered()
    view = screen.editor.view
    qtbot.keyClick(view, Qt.Key.Key_1)
    qtbot.keyClick(view, Qt.Key.Key_3)
    qtbot.keyClick(view, Qt.Key.Key_0)
    assert "Không hợp lệ" in screen.validity.text()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    rows = window.context.read(lambda s: recent_entries(s, code="tin-nhiem"))
    assert rows[0].key.startswith("#")
    assert not rows[0].valid


def test_undo_and_correct(window: MainWindow, qtbot, monkeypatch, rejections) -> None:
    from PySide6.QtWidgets import QInputDialog

    screen = _screen(window, "nghi-quyet")
    screen.take_unnumbered()
    view = screen.editor.view
    qtbot.keyClick(view, Qt.Key.Key_1)
    qtbot.keyClick(view, Qt.Key.Key_2)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    key = window.context.read(lambda s: recent_entries(s, code="nghi-quyet"))[0].key
    answers = iter([(key, True), ("Gõ nhầm dòng 2", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    monkeypatch.setattr("ui.screens.entry.ask_text", lambda *a, **k: next(answers))
    screen.start_correction()
    assert screen.correcting == key
    qtbot.keyClick(view, Qt.Key.Key_1)
    qtbot.keyClick(view, Qt.Key.Key_1)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    rows = window.context.read(lambda s: recent_entries(s, code="nghi-quyet"))
    assert rows[0].key == key
    assert rows[0].corrected
    screen.undo()
    rows_after = window.context.read(lambda s: recent_entries(s, code="nghi-quyet"))
    assert rows_after[0].key != key
    actions = window.context.read(lambda s: list(s.scalars(select(AuditEntry.action).where(AuditEntry.subject == key))))
    assert actions == ["ballot.entered", "ballot.corrected", "ballot.undone"]


def test_a_second_pass_is_blind_to_the_first(window: MainWindow, qtbot, rejections) -> None:
    screen = _screen(window, "ubkt")
    assert "Đã nhập <b>146</b>" in screen.counters.text()
    screen.pass_no.setValue(2)
    assert "Đã nhập <b>0</b>" in screen.counters.text()
    screen.refresh_partial()
    assert all(": 0 (0,00%)" in screen.partial.item(i).text() for i in range(screen.partial.count()))
    # The same sheet may be entered again in pass 2 (it was entered in pass 1).
    screen.scan.setText("UBKT-0001")
    screen.take_scan()
    assert rejections == []
    view = screen.editor.view
    for key in (Qt.Key.Key_1, Qt.Key.Key_1, Qt.Key.Key_2):
        qtbot.keyClick(view, key)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert "Đã nhập <b>1</b>" in screen.counters.text()
    assert "phiếu các lượt chưa khớp" in screen.counters.text()


def test_committee_ruling_from_the_entry_screen(window: MainWindow, monkeypatch, rejections) -> None:
    from PySide6.QtWidgets import QInputDialog

    screen = _screen(window, "bch")
    answers = iter([("BCH-0005", True), ("Phiếu có ký tên", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    monkeypatch.setattr("ui.screens.entry.ask_text", lambda *a, **k: next(answers))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Không hợp lệ", True))
    before = window.context.read(lambda s: tallying.tally_poll(s, "bch")).tally.totals.invalid
    screen.rule_on_ballot()
    tally = window.context.read(lambda s: tallying.tally_poll(s, "bch")).tally
    assert tally.totals.invalid == before + 1
    assert (stated("Phiếu có ký tên"), 1) in tally.totals.invalid_reasons
    assert "BCH-0005" in screen.sheet_label.text()


def test_a_ruling_asks_the_heads_pin_once_one_is_set(window: MainWindow, monkeypatch, rejections) -> None:
    from PySide6.QtWidgets import QInputDialog

    from app.services import roles

    window.context.write(lambda s: roles.set_head_pin(s, new_pin="2468", current_pin=None, actor="Trưởng ban"))
    screen = _screen(window, "bch")
    errors: list[str] = []
    monkeypatch.setattr("ui.ops.show_error", lambda parent, exc: errors.append(str(exc)))  # the ruling is an op
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Không hợp lệ", True))
    answers = iter([("BCH-0006", True), ("Có ký tên", True), ("1111", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    monkeypatch.setattr("ui.screens.entry.ask_text", lambda *a, **k: next(answers))
    screen.rule_on_ballot()
    assert errors
    assert "Mã PIN không đúng" in errors[0]
    answers = iter([("BCH-0006", True), ("Có ký tên", True), ("2468", True)])
    screen.rule_on_ballot()
    tally = window.context.read(lambda s: tallying.tally_poll(s, "bch")).tally
    assert (stated("Có ký tên"), 1) in tally.totals.invalid_reasons


def _fill_the_last_free_space(window: MainWindow, code: str) -> int:
    """Enter one-mark ballots until SQLite has no room left in the file; how many went in."""
    for count in range(10_000):
        try:
            window.context.write(
                lambda s: enter_ballot(
                    s,
                    code=code,
                    serial=None,
                    ballot=Ballot(key="", struck=frozenset({1})),
                    operator="t",
                    station="t",
                    without_code=True,
                )
            )
        except MeetingFileError:
            return count
    raise AssertionError("the disk never filled")


def test_a_full_disk_keeps_the_marked_ballot_on_screen_until_there_is_room(
    window: MainWindow, qtbot, tmp_path: Path, rejections, monkeypatch, full_disk
) -> None:
    code = "bch"
    screen = _screen(window, code)
    qr = _printed(window, code, tmp_path)[0]
    entered = window.context.read(lambda s: tallying.tally_poll(s, code)).tally.totals.entered
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: warnings.append(text))
    _scanner(qtbot, qr)
    qtbot.keyClick(screen.editor.view, Qt.Key.Key_2)
    full_disk.fill(window.context.meeting_file)
    entered += _fill_the_last_free_space(window, code)
    qtbot.keyClick(screen.editor.view, Qt.Key.Key_Return)
    assert len(warnings) == 1
    assert "CHƯA được ghi" in warnings[0]
    assert "ổ đĩa đã đầy" in warnings[0]
    assert screen.sheet_ready  # the ballot and its marks wait on screen
    assert screen.editor.has_marks()
    assert window.context.read(lambda s: tallying.tally_poll(s, code)).tally.totals.entered == entered
    full_disk.free()  # the secretary frees some space; Enter again
    qtbot.keyClick(screen.editor.view, Qt.Key.Key_Return)
    assert len(warnings) == 1
    assert not screen.sheet_ready
    assert window.context.read(lambda s: tallying.tally_poll(s, code)).tally.totals.entered == entered + 1


def test_printed_spares_and_a_ballot_without_a_code(window: MainWindow, qtbot, tmp_path: Path, monkeypatch) -> None:
    """#15: the printed sheets are shown beside the counts and spares are recorded by scanning them; a
    ballot without a code in a poll printed with codes is taken only when the committee confirms it."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QInputDialog

    code = "nghi-quyet"
    asked: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(
        QMessageBox, "question", lambda parent, title, text, *a, **k: (asked.append(text), answers.pop(0))[1]
    )
    monkeypatch.setattr(EntryScreen, "reject", lambda self, message: pytest.fail(message))
    monkeypatch.setattr(QApplication, "beep", lambda: None)
    codes = _printed(window, code, tmp_path, copies=5)
    screen = _screen(window, code)
    assert screen.registry_label.text().startswith("Đã in 5 · phát ra ")
    before = window.context.read(lambda s: tallying.tally_poll(s, code)).tally.totals.entered

    screen.scan.setFocus()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1
    assert "đã in phiếu có mã QR" in asked[0]
    assert not screen.sheet_ready
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 2
    assert screen.sheet_ready
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_Return):
        QTest.keyClick(QApplication.focusWidget(), key)
    assert window.context.read(lambda s: tallying.tally_poll(s, code)).tally.totals.entered == before + 1
    assert window.context.read(lambda s: recent_entries(s, code=code))[0].key.startswith("#")

    # Two of the five printed sheets were never handed out: scanned into the dialog, one a line.
    monkeypatch.setattr(QInputDialog, "getItem", lambda parent, title, label, items, *a, **k: (items[0], True))
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("\n".join(codes[:2]), True))
    screen.record_spares()
    assert "Đã ghi 2 phiếu" in screen.sheet_label.text()
    assert "chưa phát 2 · hủy (đổi phiếu) 0" in screen.registry_label.text()


def test_the_side_panel_shows_a_mean_as_the_minutes_print_it(window: MainWindow, rejections) -> None:
    """#15: a mean of 65/8 showed as "8,12" beside the form (float formatting) while the minutes printed "8,13";
    the side panel now uses the one formatter (half up, decimal comma)."""
    code = "cham-diem"
    screen = _screen(window, code)
    screen.pass_no.setValue(2)  # a pass of its own: only these eight ballots

    def enter(session, points: int) -> None:
        enter_ballot(
            session,
            code=code,
            serial=None,
            ballot=Ballot(key="", scores=((points, 0), (points, 0))),
            operator="Lê Thị Mai",
            station="may-2",
            pass_no=2,
        )

    for points in [16] * 7 + [18]:  # 7 × 8 points + 9 points = 65 points over 8 ballots
        window.context.write(lambda s, points=points: enter(s, points))
    screen.refresh_partial()
    shown = [screen.partial.item(i).text() for i in range(screen.partial.count())]
    assert shown == ["1. Lê Văn Cường: 8,13", "2. Bùi Quang Huy: 8,13"]
    tally = window.context.read(lambda s: tallying.tally_poll(s, code, 2))
    assert tallying.tally_json(tally)["items"][0]["mean"] == "8,13"  # what the CLI, PDF and workbook print
