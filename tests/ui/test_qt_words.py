"""Qt's own file dialog in Vietnamese (#17, item 9): PySide6 ships no Vietnamese Qt translation, so the
words it draws come from ui.qt_words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QFileDialog, QHeaderView, QLabel

from ui import qt_words

ENGLISH = ("Look in", "File name", "Files of type", "Save", "Open", "Cancel", "Back", "Forward", "Detail View")


def _texts(dialog: QFileDialog) -> list[str]:
    texts: list[str] = []
    for label in dialog.findChildren(QLabel):
        texts.append(label.text())
    for button in dialog.findChildren(QAbstractButton):
        texts += [button.text(), button.toolTip()]
    for header in dialog.findChildren(QHeaderView):
        model = header.model()
        if model is not None:
            texts += [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(model.columnCount())]
    return [t for t in texts if t]


def test_the_file_dialog_speaks_vietnamese(qtbot, tmp_path) -> None:
    app = QApplication.instance()
    words = qt_words.install(app)
    try:
        for mode in (QFileDialog.AcceptMode.AcceptSave, QFileDialog.AcceptMode.AcceptOpen):
            dialog = QFileDialog(None, "Lưu tệp hội nghị", str(tmp_path), "Tệp hội nghị (*.kiemphieu)")
            dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
            dialog.setAcceptMode(mode)
            dialog.setViewMode(QFileDialog.ViewMode.Detail)
            qtbot.addWidget(dialog)
            dialog.show()
            texts = _texts(dialog)
            joined = " | ".join(texts)
            for english in ENGLISH:
                assert english not in joined, (english, joined)
            assert any("Tên tệp" in t for t in texts)
            assert any("Loại tệp" in t for t in texts)
            assert any(t in ("&Lưu", "Lưu", "&Mở", "Mở") for t in texts), joined
            combo_items = [c.itemText(i) for c in dialog.findChildren(QComboBox) for i in range(c.count())]
            assert "Tệp hội nghị (*.kiemphieu)" in combo_items
            dialog.close()
    finally:
        app.removeTranslator(words)


def test_the_file_dialog_names_file_types_in_vietnamese(app_in, qtbot, tmp_path) -> None:
    """The walk at the keyboard: the Loại column said "PDF document" (from the locale, not a translator)."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QFileSystemModel

    app_in("vi")
    assert QLocale().language() == QLocale.Language.Vietnamese
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
    assert "document" not in model.type(index)
    assert model.type(index) == "Tài liệu PDF"
    dialog.close()
