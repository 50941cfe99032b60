"""#17 (the counting-day walk repeated in a real window, walk 17h): what it found."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from app import clock
from app.store import sharing
from ui.errors import sentence
from ui.main_window import MainWindow


def test_a_refusal_that_starts_with_the_file_name_keeps_the_name_as_it_is_spelt(
    qtbot, demo_path: Path, monkeypatch
) -> None:
    """The walk opened a file another window had open (Ctrl+O): the refusal began 'Hn1.kiemphieu: …' for the file
    hn1.kiemphieu — the message box's capital went onto the file name, which is another file's on Linux."""
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        sharing.marker_path(demo_path).write_text(
            json.dumps({"may": sharing.computer(), "mo": "ab12", "pid": other.pid, "luc": clock.now().isoformat()}),
            encoding="utf-8",
        )
        messages: list[str] = []
        monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *args: messages.append(text))
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(demo_path), ""))
        win = MainWindow()
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        win.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
        assert not win.context.is_open
        assert len(messages) == 1
        assert messages[0].startswith(f"{demo_path.name}: tệp đang được mở để ghi"), messages[0]
    finally:
        other.kill()
        other.wait()


def test_a_sentence_starts_with_a_capital_unless_it_starts_with_a_file_name() -> None:
    assert sentence("phiếu số AB12C-DE34F đã được nhập lúc 08:00") == "Phiếu số AB12C-DE34F đã được nhập lúc 08:00"
    assert sentence("mã kiểm tra 'X' sai (gõ nhầm)") == "Mã kiểm tra 'X' sai (gõ nhầm)"
    assert sentence("hn1.kiemphieu: tệp chỉ cho đọc.") == "hn1.kiemphieu: tệp chỉ cho đọc."
    assert sentence("danh-sach.xlsx: không phải tệp Excel .xlsx hợp lệ.") == (
        "danh-sach.xlsx: không phải tệp Excel .xlsx hợp lệ."
    )
    assert sentence("anh-quet.pdf, trang 3: ảnh bị cắt dở.") == "anh-quet.pdf, trang 3: ảnh bị cắt dở."
    assert sentence("/tmp/x: thư mục không tồn tại.") == "/tmp/x: thư mục không tồn tại."
    assert sentence("") == ""
