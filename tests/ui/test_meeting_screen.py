"""The meeting screen: details, attendance and the exclusions that leave the election base."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QTextDocumentFragment
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QMessageBox

from app.services import meetings
from ui.main_window import MainWindow
from ui.screens.meeting import EXCLUSION_REASONS, MeetingScreen


@pytest.fixture
def screen(window: MainWindow) -> MeetingScreen:
    """The meeting screen, shown."""
    found = next(s for s in window.screens if isinstance(s, MeetingScreen))
    window.go_to(window.screens.index(found))
    return found


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages the user would see in a warning box (instead of blocking on it)."""
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *args: messages.append(text))
    return messages


def retype(qtbot, edit: QLineEdit, text: str) -> None:
    """Clear `edit` and type `text` key by key (QTest.keyClicks cannot type Vietnamese letters)."""
    edit.clear()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(edit, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def plain(label: QLabel) -> str:
    """A rich-text label as the user reads it."""
    return " ".join(QTextDocumentFragment.fromHtml(label.text()).toPlainText().split())


def info(window: MainWindow) -> meetings.MeetingInfo:
    return window.context.read(meetings.meeting_info)


def test_shows_the_stored_meeting(screen: MeetingScreen) -> None:
    assert screen.title_edit.text() == "Đại hội đại biểu Đảng bộ xã An Bình lần thứ XX, nhiệm kỳ 2025–2030"
    assert screen.organization.text() == "ĐẢNG BỘ XÃ AN BÌNH"
    assert screen.superior.text() == "ĐẢNG BỘ HUYỆN YÊN LẠC"
    assert screen.date.date() == QDate(2025, 6, 20)
    assert screen.electorate.currentText() == "đại biểu chính thức"
    assert (screen.convened.value(), screen.present.value()) == (150, 146)
    assert plain(screen.absent).startswith("4 ")
    assert screen.exclusion_rows()[1][1] == 2
    assert "147 = 150 − 3" in plain(screen.base_label)
    assert not screen.dirty


def test_editing_and_saving_stores_the_details(window: MainWindow, screen: MeetingScreen, qtbot) -> None:
    retype(qtbot, screen.title_edit, "Đại hội đại biểu Đảng bộ xã An Bình lần thứ XXI, nhiệm kỳ 2030–2035")
    retype(qtbot, screen.place, "Hội trường UBND xã An Bình")
    retype(qtbot, screen.congress, "")
    retype(qtbot, screen.term, "2030–2035")
    screen.date.setDate(QDate(2030, 5, 12))
    screen.electorate.setCurrentText("đảng viên chính thức")
    screen.convened.setValue(160)
    screen.present.setValue(151)
    assert screen.dirty
    assert plain(screen.absent).startswith("9 ")
    assert "157 = 160 − 3" in plain(screen.base_label)
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    stored = info(window)
    assert stored.title == "Đại hội đại biểu Đảng bộ xã An Bình lần thứ XXI, nhiệm kỳ 2030–2035"
    assert stored.place == "Hội trường UBND xã An Bình"
    assert stored.congress is None
    assert stored.term == "2030–2035"
    assert stored.date == dt.date(2030, 5, 12)
    assert stored.electorate == "đảng viên chính thức"
    assert (stored.convened, stored.present, stored.election_base) == (160, 151, 157)
    assert [c for _, c in stored.exclusions] == [1, 2]  # unchanged
    assert not screen.dirty
    assert screen.status.text() == "Đã ghi thông tin hội nghị."


def test_ctrl_s_saves(window: MainWindow, screen: MeetingScreen, qtbot) -> None:
    shortcuts = [s for s in screen.findChildren(QShortcut) if s.key() == QKeySequence(QKeySequence.StandardKey.Save)]
    assert len(shortcuts) == 1
    retype(qtbot, screen.place, "Nhà văn hóa xã")
    shortcuts[0].activated.emit()
    assert info(window).place == "Nhà văn hóa xã"


def test_present_above_convened_is_refused_and_nothing_is_stored(
    window: MainWindow, screen: MeetingScreen, qtbot, warnings: list[str]
) -> None:
    before = info(window)
    retype(qtbot, screen.title_edit, "Tên mới không được ghi")
    screen.present.setValue(151)
    assert plain(screen.absent) == "Số có mặt lớn hơn số được triệu tập"
    screen.exclusions.add_row({"reason": "Đảng viên được giới thiệu sinh hoạt tạm thời ở đảng bộ khác", "count": 4})
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert warnings == ["Số có mặt (151) lớn hơn số được triệu tập (150)."]
    assert info(window) == before  # neither the details nor the exclusions
    assert screen.dirty  # what was typed is still there to fix
    assert screen.title_edit.text() == "Tên mới không được ghi"


def test_exclusions_edit_changes_the_election_base(window: MainWindow, screen: MeetingScreen, qtbot) -> None:
    editor = screen.exclusion_editor
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    model = screen.exclusions
    assert model.rowCount() == 3
    model.setData(model.index(2, 0), "Đảng viên bị đình chỉ sinh hoạt đảng, bị khởi tố, truy tố, tạm giam")
    model.setData(model.index(2, 1), 5)
    assert "142 = 150 − 8" in plain(screen.base_label)
    editor.view.select_row(0)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert "143 = 150 − 7" in plain(screen.base_label)
    screen.save()
    stored = info(window)
    assert stored.exclusions == (
        ("Đại biểu chính thức vắng mặt suốt thời gian đại hội, không có đại biểu dự khuyết thay thế", 2),
        ("Đảng viên bị đình chỉ sinh hoạt đảng, bị khởi tố, truy tố, tạm giam", 5),
    )
    assert stored.election_base == 143


def test_an_exclusion_needs_a_reason_and_a_count(screen: MeetingScreen, warnings: list[str]) -> None:
    model = screen.exclusions
    row = model.add_row()
    assert not model.setData(model.index(row, 1), 0)  # fewer than one person is not a category
    assert model.rows()[row]["count"] == 1
    screen.save()
    assert warnings == ["Chưa nhập lý do ở dòng 3."]


def test_convened_and_exclusions_may_shrink_or_grow_together(window: MainWindow, screen: MeetingScreen) -> None:
    screen.exclusions.set_rows([{"reason": "Vắng mặt suốt đại hội, có lý do", "count": 1}], dirty=True)
    screen.convened.setValue(2)
    screen.present.setValue(2)
    screen.save()
    assert (info(window).convened, info(window).election_base) == (2, 1)
    screen.exclusions.set_rows([{"reason": "Sinh hoạt tạm thời ở đảng bộ khác", "count": 200}], dirty=True)
    screen.convened.setValue(300)
    screen.save()
    assert (info(window).convened, info(window).election_base) == (300, 100)


def test_unsaved_edits_survive_a_visit_to_another_screen(window: MainWindow, screen: MeetingScreen, qtbot) -> None:
    retype(qtbot, screen.place, "Chưa ghi")
    window.go_to(1)
    window.go_to(window.screens.index(screen))
    assert screen.place.text() == "Chưa ghi"
    assert screen.status.text() == "Có thay đổi chưa ghi."


def test_tab_follows_the_form(screen: MeetingScreen) -> None:
    fields = _fields(screen)
    order = []
    widget = screen.title_edit
    for _ in range(500):  # the focus chain of the whole window, from the title on
        owner = next((f for f in fields if f is widget or f.isAncestorOf(widget)), None)
        if owner is not None and owner not in order:
            order.append(owner)
        widget = widget.nextInFocusChain()
        if widget is screen.title_edit:
            break
    assert order == fields


def _fields(screen: MeetingScreen) -> list:
    return [
        screen.title_edit,
        screen.organization,
        screen.superior,
        screen.congress,
        screen.place,
        screen.term,
        screen.date,
        screen.electorate,
        screen.convened,
        screen.present,
        screen.exclusion_editor.view,
        screen.exclusion_editor.add_button,
        screen.save_button,
    ]


def test_the_reason_editor_offers_the_categories_of_the_rule(screen: MeetingScreen) -> None:
    view = screen.exclusion_editor.view
    row = screen.exclusions.add_row()
    index = screen.exclusions.index(row, 0)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    assert isinstance(editor, QComboBox)
    assert editor.isEditable()
    assert [editor.itemText(i) for i in range(editor.count())] == list(EXCLUSION_REASONS)
    editor.setCurrentIndex(2)
    view.commit_pending()
    assert screen.exclusions.rows()[row]["reason"] == "Đảng viên được giới thiệu sinh hoạt tạm thời ở đảng bộ khác"


def test_ctrl_s_saves_on_the_writer_thread_and_a_refusal_keeps_the_typing(
    window: MainWindow, screen: MeetingScreen, qtbot, warnings: list[str], background: None, monkeypatch
) -> None:
    """#17: the save goes through the operations layer: off the UI thread, announced to every screen; refused, the
    reason is said in Vietnamese and what was typed stays to fix."""
    import threading

    from app.services import editing

    threads: list[threading.Thread] = []
    update = editing.update_meeting

    def recorded(*args, **kwargs):
        threads.append(threading.current_thread())
        return update(*args, **kwargs)

    monkeypatch.setattr(editing, "update_meeting", recorded)
    heard = []
    window.context.changes.connect(heard.append)
    window.show()
    window.activateWindow()
    QApplication.processEvents()
    retype(qtbot, screen.place, "Hội trường Ủy ban")
    screen.place.setFocus()
    assert QApplication.focusWidget() is screen.place
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: info(window).place == "Hội trường Ủy ban", timeout=10_000)
    qtbot.waitUntil(lambda: bool(heard), timeout=10_000)
    assert threads
    assert threading.main_thread() not in threads
    assert heard[0].everything
    assert screen.status.text() == "Đã ghi thông tin hội nghị."
    screen.present.setValue(151)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(warnings), timeout=10_000)
    assert warnings == ["Số có mặt (151) lớn hơn số được triệu tập (150)."]
    assert screen.dirty
