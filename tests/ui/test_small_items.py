"""The smaller things of #17, item 12, as the walk at the keyboard saw them. Keys go to
QApplication.focusWidget()."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from app.printing.ballot_code import shown_serial
from app.services import meetings
from tests.ui.entry_helpers import entry_screen as _screen
from tests.ui.test_entry_screen import _printed
from ui.main_window import MainWindow
from ui.screens import entry as entry_module


def _key(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), key, modifier)


def _scan(text: str) -> None:
    """A handheld scanner in keyboard mode: the code's characters, then Enter, into whatever has the focus."""
    QTest.keyClicks(QApplication.focusWidget(), text)
    _key(Qt.Key.Key_Return)


def test_a_duplicate_is_refused_in_a_sentence_naming_the_serial_as_printed(
    window: MainWindow, tmp_path: Path, questions, rejections
) -> None:
    codes = _printed(window, "bch", tmp_path, copies=1)
    screen = _screen(window, "bch")
    _scan(codes[0])
    _key(Qt.Key.Key_3)
    _key(Qt.Key.Key_Return)
    serial = screen.last_saved[2] if screen.last_saved else ""
    assert shown_serial(serial) in screen.sheet_label.text()  # "Đã ghi phiếu F6UFE-RI46Q: hợp lệ"
    assert "-" in shown_serial(serial)
    _scan(codes[0])
    assert rejections[-1].startswith("Phiếu số ")  # was "phiếu số …" (#17, item 12)
    assert shown_serial(serial) in rejections[-1]


def test_f2_on_a_ballot_known_by_its_code_does_not_offer_not_issued(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, questions, rejections
) -> None:
    codes = _printed(window, "bch", tmp_path, copies=1)
    _screen(window, "bch")
    offered: list[list[str]] = []

    def look(dialog: entry_module.PhysicalDialog) -> int:
        offered.append([dialog.reason.itemText(i) for i in range(dialog.reason.count())])
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(entry_module.PhysicalDialog, "exec", look)
    _scan(codes[0])
    _key(Qt.Key.Key_F2)
    assert offered
    assert "Không phải phiếu do Ban kiểm phiếu phát ra" not in offered[0]
    assert offered[0][0] == "Phiếu không có dấu của cấp ủy (tổ chức) triệu tập"  # the first reason now
    _key(Qt.Key.Key_Escape)
    _key(Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # a ballot without a code: the reason stays offered
    _key(Qt.Key.Key_F2)
    assert "Không phải phiếu do Ban kiểm phiếu phát ra" in offered[-1]


def test_a_correction_says_corrected_and_its_reason_field_is_wide(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, questions, rejections
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QInputDialog

    from app.services.ballots import recent_entries

    screen = _screen(window, "nghi-quyet")
    _key(Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    _key(Qt.Key.Key_1)
    _key(Qt.Key.Key_Return)
    key = window.context.read(lambda s: recent_entries(s, code="nghi-quyet"))[0].key
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (key, True))
    widths: list[int] = []

    def answer() -> None:  # the question as shown: how wide its field is, then the reason typed and Enter
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        dialog.activateWindow()
        QApplication.processEvents()
        widths.append(QApplication.focusWidget().width())
        QTest.keyClicks(QApplication.focusWidget(), "Go nham dong 1")
        _key(Qt.Key.Key_Return)

    _key(Qt.Key.Key_F3)
    assert screen.correcting == key
    _key(Qt.Key.Key_2)
    QTimer.singleShot(100, answer)
    _key(Qt.Key.Key_Return)
    assert widths
    assert widths[0] >= 480  # the field as drawn (Qt's own question was 212 px wide: the walk saw it)
    assert screen.sheet_label.text().startswith(f"Đã sửa phiếu {shown_serial(key)}")


def test_recent_ballots_wrap_instead_of_being_cut(window: MainWindow, questions, rejections) -> None:
    screen = _screen(window, "bch")
    assert screen.recent.wordWrap()
    assert screen.recent.count() > 0
    assert screen.recent.item(0).toolTip() == screen.recent.item(0).text()


def test_the_language_menu_marks_the_language_in_use(window: MainWindow) -> None:
    checked = [a.data() for a in window.language_actions.actions() if a.isChecked()]
    assert checked == ["vi"]


@pytest.mark.parametrize(
    ("organization", "title", "electorate"),
    [
        ("CHI BỘ THÔN ĐÔNG", "Đại hội Chi bộ thôn Đông nhiệm kỳ 2025–2027", "đảng viên chính thức"),
        ("ĐẢNG BỘ XÃ TÂN PHÚ", "Hội nghị Ban Chấp hành Đảng bộ xã lần thứ 5", "ủy viên"),
        ("ĐẢNG BỘ XÃ AN BÌNH", "Đại hội đại biểu Đảng bộ xã An Bình lần thứ XX", "đại biểu chính thức"),
        ("HỘI NÔNG DÂN XÃ", "Hội nghị cán bộ", "đại biểu"),
    ],
)
def test_a_new_meeting_names_the_people_convened_from_its_organisation(
    organization: str, title: str, electorate: str, qtbot: object
) -> None:
    from ui.main_window import NewMeetingDialog

    assert meetings.default_electorate(organization, title) == electorate
    dialog = NewMeetingDialog()
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    dialog.organization.setText(organization)
    dialog.title.setText(title)
    assert dialog.spec().electorate == electorate


def test_a_reason_typed_into_f2_is_the_reason_stored(window: MainWindow, questions, rejections) -> None:
    """Found in the walk: Enter in F2's reason field added the typed words to the list as an item without a
    code, and the ballot was stored with the reason "None"."""
    from PySide6.QtCore import QEvent, QTimer
    from PySide6.QtGui import QKeyEvent

    from app.services.ballots import ballot_by_key, recent_entries

    screen = _screen(window, "nghi-quyet")
    _key(Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # a ballot without a code

    def type_reason() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, entry_module.PhysicalDialog)
        dialog.activateWindow()  # as the window manager does with a new dialog
        QApplication.processEvents()
        field = QApplication.focusWidget()
        assert field is not None
        assert field.window() is dialog
        _key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        for char in "Phiếu bị rách đôi":  # as an input method gives the letters: as text
            event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(QApplication.focusWidget(), event)
        _key(Qt.Key.Key_Return)

    QTimer.singleShot(100, type_reason)
    _key(Qt.Key.Key_F2)
    assert screen.physical == "Phiếu bị rách đôi"
    window.activateWindow()  # as the window manager does when the dialog closes
    QApplication.processEvents()
    _key(Qt.Key.Key_Return)  # save the ballot
    key = window.context.read(lambda s: recent_entries(s, code="nghi-quyet"))[0].key
    stored = window.context.read(lambda s: ballot_by_key(s, code="nghi-quyet", key=key))
    assert stored.physical_invalid == "Phiếu bị rách đôi"


def test_f3_takes_the_serial_as_the_screen_shows_it(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, questions, rejections
) -> None:
    """The walk: F3 with 'ELBBR-PWQSU', as the entry screen now shows serials, said there was no such ballot."""
    from PySide6.QtWidgets import QInputDialog

    codes = _printed(window, "bch", tmp_path, copies=1)
    screen = _screen(window, "bch")
    _scan(codes[0])
    _key(Qt.Key.Key_3)
    _key(Qt.Key.Key_Return)
    serial = screen.last_saved[2] if screen.last_saved else ""
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (shown_serial(serial), True))
    _key(Qt.Key.Key_F3)
    assert screen.correcting == serial
