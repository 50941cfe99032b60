"""Qt's own dialogs in Vietnamese (#17): Qt ships no Vietnamese translation, so the app ships qtbase_vi (built by
tools/i18n.py from Qt's own source strings); every Qt dialog the app opens must show no English word."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QFileSystemModel,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from tests.ui.test_i18n import tool

# Words of Qt's English that may stay: units, key names, the names of Unicode marks.
KEPT = {
    "alt",
    "left",
    "right",
    "up",
    "kb",
    "mb",
    "gb",
    "tb",
    "unicode",
    "fsi",
    "lre",
    "lri",
    "lrm",
    "lro",
    "pdf",
    "pdi",
}
KEPT |= {"rle", "rli", "rlm", "rlo", "zwj", "zwnj", "zwsp", "qt"}


def english_words() -> set[str]:
    """Every word of the English source strings of the Qt contexts the app covers."""
    words = set()
    for message in tool.qt_messages():
        words |= set(ascii_words(re.sub(r"<[^>]*>|%\d", " ", message.source)))
    return words - KEPT


def ascii_words(text: str) -> list[str]:
    """The words of `text` written in plain Latin letters, three or more (Vietnamese words have diacritics or are
    short: "do", "in", "to" are Vietnamese too)."""
    return [w.lower() for w in re.findall(r"\w+", text) if len(w) >= 3 and w.isascii() and w.isalpha()]


ENGLISH = english_words()


def english_in(texts: Iterable[str]) -> list[str]:
    """The texts that hold a word of Qt's English (mnemonic '&' taken out)."""
    return [t for t in texts if set(ascii_words(t.replace("&", ""))) & ENGLISH]


def model_texts(model: QAbstractItemModel | None) -> list[str]:
    if model is None:
        return []
    texts = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(model.columnCount())]
    return texts + [str(model.index(r, 0).data() or "") for r in range(model.rowCount())]


def menu_texts(menu: QMenu) -> list[str]:
    texts = []
    for action in menu.actions():
        texts += [action.text(), action.toolTip() if action.toolTip() != action.text().replace("&", "") else ""]
        if action.menu() is not None:
            texts += menu_texts(action.menu())
    return texts


def visible_texts(widget: QWidget) -> list[str]:
    """What a person can read in `widget`: its title, labels, buttons and their tips, lists, headers, combo items."""
    texts = [widget.windowTitle()]
    texts += [label.text() for label in widget.findChildren(QLabel)]
    for button in widget.findChildren(QAbstractButton):
        texts += [button.text(), button.toolTip()]
    for view in widget.findChildren(QAbstractItemView):
        if not isinstance(view.model(), QFileSystemModel):  # the files themselves: their names are the user's
            texts += model_texts(view.model())
    for header in widget.findChildren(QHeaderView):
        texts += model_texts(header.model())[: header.count()]
    for combo in widget.findChildren(QComboBox):
        if combo.objectName() != "lookInCombo":  # the folder's path
            texts += [combo.itemText(i) for i in range(combo.count())]
    return [t for t in texts if t and not Path(t).is_absolute()]  # a folder's path is the user's, not Qt's words


@pytest.fixture
def vietnamese(app_in) -> None:
    app_in("vi")
    assert QLocale().language() == QLocale.Language.Vietnamese


@pytest.mark.parametrize(
    ("mode", "files"),
    [
        (QFileDialog.AcceptMode.AcceptSave, QFileDialog.FileMode.AnyFile),
        (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.FileMode.ExistingFile),
        (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.FileMode.ExistingFiles),
        (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.FileMode.Directory),
    ],
)
def test_the_file_dialogs_speak_vietnamese(vietnamese, qtbot, tmp_path, mode, files) -> None:
    (tmp_path / "bien-ban.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "thu-muc").mkdir()
    dialog = QFileDialog(None, "Mở tệp hội nghị", str(tmp_path), "Tệp hội nghị (*.kiemphieu);;Mọi tệp (*)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own: the one Linux without a portal shows
    dialog.setAcceptMode(mode)
    dialog.setFileMode(files)
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.findChild(QFileSystemModel)
    assert model is not None
    index = model.index(str(tmp_path / "thu-muc"))
    qtbot.waitUntil(lambda: bool(model.type(index)))
    for view_mode in (QFileDialog.ViewMode.Detail, QFileDialog.ViewMode.List):
        dialog.setViewMode(view_mode)
        texts = [*visible_texts(dialog), model.type(index), model.type(model.index(str(tmp_path / "bien-ban.pdf")))]
        assert not english_in(texts), (english_in(texts), texts)
    assert any("Tên tệp" in t or "Thư mục" in t for t in texts), texts
    if files != QFileDialog.FileMode.Directory:
        assert "Tệp hội nghị (*.kiemphieu)" in visible_texts(dialog)
    dialog.close()


def test_message_boxes_speak_vietnamese(vietnamese, qtbot) -> None:
    button = QMessageBox.StandardButton
    every = button.Ok | button.Cancel | button.Yes | button.No | button.Save | button.Discard | button.Close
    every |= button.Apply | button.Reset | button.Help | button.Abort | button.Retry | button.Ignore
    every |= button.YesToAll | button.NoToAll | button.RestoreDefaults | button.Open | button.SaveAll
    for buttons in (button.Yes | button.No, button.Ok, button.Ok | button.Cancel, every):
        box = QMessageBox(QMessageBox.Icon.Question, "Xóa cuộc bầu?", "Xóa cuộc bầu này?", buttons)
        box.setDetailedText("Chi tiết")
        qtbot.addWidget(box)
        box.show()
        texts = visible_texts(box)
        assert not english_in(texts), (english_in(texts), texts)
        assert len([b for b in box.buttons() if b.text()]) == len(box.buttons())
        box.close()


def _context_menu(qtbot, field: QWidget, show: Callable[[], None]) -> list[str]:
    """Open `field`'s own context menu (as the right mouse button does), read it and close it."""
    from PySide6.QtCore import QTimer

    found: list[str] = []

    def read() -> None:
        for menu in QApplication.topLevelWidgets():
            if isinstance(menu, QMenu) and menu.isVisible() and not found:
                found.extend(menu_texts(menu))
                menu.close()
                timer.stop()

    timer = QTimer()
    timer.timeout.connect(read)
    timer.start(10)  # the spin box's menu runs its own loop (exec), the line edit's does not (popup)
    show()
    qtbot.waitUntil(lambda: bool(found))
    timer.stop()
    return found


def test_the_context_menus_of_fields_speak_vietnamese(vietnamese, qtbot) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QDateEdit, QPlainTextEdit, QSpinBox

    widgets = [QLineEdit("Nguyễn Văn A"), QPlainTextEdit("Ghi chú"), QSpinBox(), QDateEdit()]
    for field in widgets:
        qtbot.addWidget(field)
        field.show()
        field.setFocus()
        event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5), field.mapToGlobal(QPoint(5, 5)))
        target = field.viewport() if isinstance(field, QPlainTextEdit) else field  # a text view's menu is its page's
        texts = _context_menu(qtbot, field, lambda t=target, e=event: QApplication.sendEvent(t, e))
        assert len(texts) >= 3, texts
        assert not english_in(texts), (field, english_in(texts), texts)
    line = QLineEdit("x")
    qtbot.addWidget(line)
    assert any(t.startswith("&Chép") for t in menu_texts(line.createStandardContextMenu()))


def test_the_input_and_progress_dialogs_speak_vietnamese(vietnamese, qtbot) -> None:
    ask = QInputDialog()
    ask.setWindowTitle("Lý do")
    ask.setLabelText("Lý do hủy:")
    progress = QProgressDialog("Đang in…", "Hủy", 0, 0)
    plain = QProgressDialog()
    plain.setLabelText("Đang in…")
    for dialog in (ask, progress, plain):
        qtbot.addWidget(dialog)
        dialog.show()
        texts = visible_texts(dialog)
        assert not english_in(texts), (english_in(texts), texts)
        assert any(t in ("Đồng ý", "Đồng &ý", "Hủy", "&Hủy") for t in texts), texts
        dialog.close()


def test_english_words_are_found() -> None:
    """The walk above would see English: Qt's words, untranslated, are caught."""
    assert english_in(["&Cancel", "Files of type:", "Detail View", "Scroll here"]) == [
        "&Cancel",
        "Files of type:",
        "Detail View",
        "Scroll here",
    ]
    assert not english_in(["&Hủy", "Loại tệp:", "Tệp PDF (*.pdf)", "Alt+Left"])


def test_without_the_translation_the_dialogs_are_english(qtbot) -> None:
    """Qt has no Vietnamese of its own: the check is not passing by accident."""
    box = QMessageBox(
        QMessageBox.Icon.Question, "?", "?", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    )
    qtbot.addWidget(box)
    assert english_in(visible_texts(box))


def test_the_file_dialog_names_file_types_in_vietnamese(vietnamese, qtbot, tmp_path) -> None:
    """The walk at the keyboard: the Loại column said "PDF document" (from the locale, not a translator)."""
    (tmp_path / "bien-ban.pdf").write_bytes(b"%PDF-1.4\n")
    dialog = QFileDialog(None, "Lưu biên bản", str(tmp_path), "Tệp PDF (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.findChild(QFileSystemModel)
    assert model is not None
    index = model.index(str(tmp_path / "bien-ban.pdf"))
    qtbot.waitUntil(lambda: bool(model.type(index)))
    assert model.type(index) == "Tài liệu PDF"
    dialog.close()


def test_qtbase_vi_is_complete_and_compiled() -> None:
    """tools/i18n.py --check fails while a string of a covered Qt context has no Vietnamese; the .qm is built."""
    from PySide6.QtCore import QTranslator

    report, stale = tool.check_qt()
    assert not stale, "run tools/i18n.py: Qt's strings changed"
    assert not report.untranslated, [m.source for m in report.untranslated]
    assert not report.broken, report.broken
    assert {m.context for m in report.current} == set(tool.QT_CONTEXTS)
    translator = QTranslator()
    assert translator.load(str(tool.QT_QM_FILE))
    assert translator.translate("QDialogButtonBox", "&Cancel") == "&Hủy"
    assert translator.translate("QFileDialog", "Files of type:") == "Loại tệp:"
    for message in tool.qt_messages():
        assert translator.translate(message.context, message.source, message.comment or None), message


def test_qt_s_own_qm_files_are_read_with_their_source_strings() -> None:
    messages = tool.read_qm(tool.qt_translations_dir() / "qtbase_fr.qm")
    assert len(messages) > 1000
    assert tool.QtMessage("QFileDialog", "Files of type:") in messages


def test_the_print_dialog_speaks_vietnamese(vietnamese, qtbot) -> None:
    """Qt's own print dialog (Linux; Windows shows its own): every page of it, the options unfolded."""
    from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
    from PySide6.QtWidgets import QPushButton, QTabWidget

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer)
    option = QAbstractPrintDialog.PrintDialogOption
    dialog.setOptions(option.PrintToFile | option.PrintShowPageSize | option.PrintPageRange | option.PrintCollateCopies)
    qtbot.addWidget(dialog)
    dialog.show()
    more = next((b for b in dialog.findChildren(QPushButton) if b.text().startswith("&Tùy chọn")), None)
    assert more is not None, visible_texts(dialog)
    more.click()  # the options: copies, pages, paper, layout, job
    texts = visible_texts(dialog)
    for tabs in dialog.findChildren(QTabWidget):
        texts += [tabs.tabText(i) for i in range(tabs.count())]
    assert not english_in(texts), (english_in(texts), texts)
    assert any(t in ("&In", "In") for t in texts), texts
    dialog.reject()
