"""The entry screen's keys reach what a person's keyboard reaches (#17): every key goes to
QApplication.focusWidget(), never straight to a chosen widget or slot."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.printing.ballot_code import shown_serial
from app.services.ballots import recent_entries
from tests.ui.entry_helpers import entered as _entered
from tests.ui.entry_helpers import entry_screen as _screen
from tests.ui.entry_helpers import key as _key
from tests.ui.entry_helpers import type_text as _type
from tests.ui.test_entry_screen import _printed
from ui.main_window import SCREEN_ORDER, MainWindow
from ui.screens.entry import EntryScreen


def test_ctrl_z_after_a_save_takes_back_that_ballot_and_names_it(
    window: MainWindow, qtbot, tmp_path: Path, questions, rejections
) -> None:
    code = "bch"
    screen = _screen(window, code)
    qr = _printed(window, code, tmp_path)[0]
    before = _entered(window, code)
    _type(qr)
    _key(Qt.Key.Key_Return)
    _key(Qt.Key.Key_2)
    _key(Qt.Key.Key_5)  # nine candidates, seven seats: strike two
    _key(Qt.Key.Key_Return)
    assert questions == []  # valid: saved without a question
    assert _entered(window, code) == before + 1
    key = window.context.read(lambda s: recent_entries(s, code=code))[0].key
    assert QApplication.focusWidget() is screen.scan  # ready for the next scan: the code field has the focus
    _key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(questions) == 1
    assert shown_serial(key) in questions[0]  # as printed on the sheet, "2V3F2-XLZCU"
    assert "Hoàn tác phiếu" in questions[0]
    assert _entered(window, code) == before
    assert shown_serial(key) in screen.sheet_label.text()
    # A second Ctrl+Z does not walk back further: only the ballot this screen saved last.
    _key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(questions) == 1
    assert rejections
    assert "F3" in rejections[-1]
    assert _entered(window, code) == before


def test_ctrl_z_from_the_marking_table_and_from_a_text_field(window: MainWindow, questions, rejections) -> None:
    code = "nghi-quyet"
    screen = _screen(window, code)
    before = _entered(window, code)
    _key(Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    _key(Qt.Key.Key_1)
    _key(Qt.Key.Key_1)
    _key(Qt.Key.Key_Return)
    assert _entered(window, code) == before + 1
    screen.editor.setEnabled(True)
    screen.editor.view.setFocus()
    _key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _entered(window, code) == before
    # Ctrl+Z while a ballot is being marked: refused, the marks stay.
    _key(Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    _key(Qt.Key.Key_1)
    _key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert screen.sheet_ready
    assert screen.editor.has_marks()
    assert "chưa được ghi" in rejections[-1]


def test_ctrl_z_in_the_score_fields_is_the_ballot_undo(window: MainWindow, questions, rejections) -> None:
    from PySide6.QtWidgets import QLineEdit

    code = "cham-diem"
    screen = _screen(window, code)
    before = _entered(window, code)
    _key(Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert screen.sheet_ready
    # Type a score in each field, Tab to the next, Enter to save.
    fields = [w for w in screen.editor.findChildren(QLineEdit) if w.isVisible()]
    assert fields
    for n, _ in enumerate(fields):
        if n:
            _key(Qt.Key.Key_Tab)
        _type("5")
    _key(Qt.Key.Key_Return)
    assert _entered(window, code) == before + 1, rejections
    _key(Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    _key(Qt.Key.Key_Escape)  # nothing marked: dropped; the focus is back in the code field
    fields[0].setEnabled(True)
    fields[0].setFocus()
    assert isinstance(QApplication.focusWidget(), QLineEdit)
    _key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _entered(window, code) == before


def test_enter_after_the_not_saved_hint_saves_the_marked_ballot(
    window: MainWindow, tmp_path: Path, questions, rejections
) -> None:
    code = "bch"
    screen = _screen(window, code)
    first, second = _printed(window, code, tmp_path)[:2]
    before = _entered(window, code)
    _type(first)
    _key(Qt.Key.Key_Return)
    _key(Qt.Key.Key_3)
    _key(Qt.Key.Key_4)
    # The next ballot is scanned before this one was saved: refused, with the hint to press Enter.
    _type(second)
    _key(Qt.Key.Key_Return)
    assert "Hãy bấm Enter để ghi" in rejections[-1]
    assert screen.sheet_ready
    assert screen.editor.has_marks()
    _key(Qt.Key.Key_Return)
    assert _entered(window, code) == before + 1
    assert not screen.sheet_ready


def test_enter_in_the_empty_code_field_saves_a_marked_ballot(window: MainWindow, questions, rejections) -> None:
    """Even with the focus in the code field (the real box puts it there), Enter saves what is marked."""
    code = "nghi-quyet"
    screen = _screen(window, code)
    before = _entered(window, code)
    _key(Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    _key(Qt.Key.Key_1)
    _key(Qt.Key.Key_2)
    screen.scan.setFocus()
    assert QApplication.focusWidget() is screen.scan
    _key(Qt.Key.Key_Return)
    assert _entered(window, code) == before + 1
    assert not screen.sheet_ready


def test_the_poll_list_follows_the_arrow_keys(window: MainWindow, questions, rejections) -> None:
    """Moving through Nội dung bỏ phiếu with the keyboard chooses the poll the entry screen works on."""
    screen = _screen(window, "bch")
    assert "Bầu Ban Chấp hành" in screen.heading.text()
    _key(Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # Nội d&ung bỏ phiếu: the keyboard goes to the list
    assert QApplication.focusWidget() is window.poll_view
    row = window.poll_model.row_of("tin-nhiem")
    for _ in range(row - window.poll_model.row_of("bch")):
        _key(Qt.Key.Key_Down)
    assert window.context.current_poll == "tin-nhiem"
    assert "Lấy phiếu tín nhiệm" in screen.heading.text()
    _key(Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert window.context.current_poll == "bch"
    assert "Bầu Ban Chấp hành" in screen.heading.text()
    # A scan arriving while the focus is still on the list goes to the code field, not to a list search.
    assert QApplication.focusWidget() is window.poll_view
    _type("ABC")
    assert QApplication.focusWidget() is screen.scan
    assert screen.scan.text() == "ABC"


def test_leaving_a_marked_ballot_for_another_poll_asks(window: MainWindow, questions, rejections, monkeypatch) -> None:
    import ui.main_window as main_window

    answers = ["cancel", "discard"]
    monkeypatch.setattr(main_window, "ask_save", lambda _parent, _what: answers.pop(0))
    screen = _screen(window, "nghi-quyet")
    _key(Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    _key(Qt.Key.Key_1)
    window.poll_view.setFocus()
    _key(Qt.Key.Key_Up)
    assert window.context.current_poll == "nghi-quyet"  # Hủy: still on the ballot, marks kept
    assert screen.sheet_ready
    assert screen.editor.has_marks()
    assert screen.isAncestorOf(QApplication.focusWidget())  # Hủy brings the keyboard back to the ballot
    window.poll_view.setFocus()
    _key(Qt.Key.Key_Up)
    assert window.context.current_poll != "nghi-quyet"  # Không ghi: the marks are dropped
    assert not screen.sheet_ready


def test_a_typed_check_code_of_another_meeting_is_called_so(window: MainWindow, tmp_path: Path, rejections) -> None:
    """Another meeting's sheet has a serial nowhere in this registry: "Phiếu của hội nghị khác", not a typo."""
    import secrets

    from app.printing import ballot_code
    from app.services.sheets import list_sheets

    screen = _screen(window, "bch")
    foreign = ballot_code.check_code(ballot_code.new_serial(), secrets.token_bytes(32))
    _type(foreign)
    _key(Qt.Key.Key_Return)
    assert rejections[-1].startswith("Phiếu của hội nghị khác")
    assert "gõ nhầm" not in rejections[-1]
    assert not screen.sheet_ready
    # One character mistyped in a code of this meeting: a typing slip, retype the code printed above the QR.
    _printed(window, "bch", tmp_path)
    sheet = next(s for s in window.context.read(lambda s: list_sheets(s, "bch")) if not s.entered)
    last = sheet.check[-1]
    slip = sheet.check[:-1] + ("A" if last != "A" else "B")
    _type(slip)
    _key(Qt.Key.Key_Return)
    assert "gõ nhầm" in rejections[-1]
    assert "ngay trên mã QR" in rejections[-1]
    slip = ("A" if sheet.check[0] != "A" else "B") + sheet.check[1:]
    _type(slip)
    _key(Qt.Key.Key_Return)
    assert "gõ nhầm" in rejections[-1]
    _type(sheet.check)
    _key(Qt.Key.Key_Return)
    assert screen.sheet_ready


def test_ctrl_5_takes_the_keyboard_to_the_entry_screen(window: MainWindow, questions, rejections) -> None:
    """From the steps list, Ctrl+5 shows Nhập phiếu and its keys (Ctrl+M, digits, Enter) work at once."""
    window.context.select_poll("nghi-quyet")
    window.show()
    window.activateWindow()
    window.go_to(0)
    window.nav.setFocus()
    QApplication.processEvents()
    screen = next(s for s in window.screens if isinstance(s, EntryScreen))
    before = _entered(window, "nghi-quyet")
    _key(Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen() is screen
    assert QApplication.focusWidget() is screen.scan
    _key(Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    _key(Qt.Key.Key_1)
    _key(Qt.Key.Key_2)
    _key(Qt.Key.Key_Return)
    assert _entered(window, "nghi-quyet") == before + 1


def test_the_scan_filter_follows_the_focus_and_leaves_with_the_screen(
    window: MainWindow, questions, rejections
) -> None:
    """#17: the filter that catches a scan sits on the focused widget, not on the application (which ran Python for
    every Qt event); it still catches a scan on the poll list, and goes when another screen is shown."""
    screen = _screen(window, "bch")
    _key(Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is window.poll_view
    _type("A")
    assert QApplication.focusWidget() is screen.scan
    assert screen.scan.text() == "A"
    _key(Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    _type("B")  # back on the list: the filter followed the focus there again
    assert screen.scan.text() == "B"
    window.go_to(SCREEN_ORDER.index("results"))
    window.poll_view.setFocus()
    QApplication.processEvents()
    _type("X")  # another screen: the list's own search, nothing for the entry screen's code field
    assert QApplication.focusWidget() is window.poll_view
    assert screen.scan.text() == "B"
