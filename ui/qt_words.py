"""Vietnamese for the words Qt itself draws (standard dialog buttons, line-edit menus).

PySide6 ships no Vietnamese Qt translations, so without this the OK / Cancel / Yes / No buttons of
every dialog would stay in English.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

WORDS = {
    "OK": "Đồng ý",
    "&OK": "Đồng ý",
    "Cancel": "Hủy",
    "&Cancel": "&Hủy",
    "Yes": "Có",
    "&Yes": "&Có",
    "No": "Không",
    "&No": "&Không",
    "Yes to &All": "Có với &tất cả",
    "N&o to All": "Không với tất &cả",
    "Close": "Đóng",
    "&Close": "Đó&ng",
    "Save": "Lưu",
    "&Save": "&Lưu",
    "Open": "Mở",
    "&Open": "&Mở",
    "Apply": "Áp dụng",
    "Reset": "Đặt lại",
    "Help": "Trợ giúp",
    "Discard": "Bỏ",
    "Don't Save": "Không lưu",
    "Close without Saving": "Đóng, không lưu",
    "Abort": "Dừng",
    "Retry": "Thử lại",
    "Ignore": "Bỏ qua",
    "Restore Defaults": "Khôi phục mặc định",
    "Show Details...": "Xem chi tiết…",
    "Hide Details...": "Ẩn chi tiết…",
    "&Undo": "&Hoàn tác",
    "&Redo": "&Làm lại",
    "Cu&t": "&Cắt",
    "&Copy": "&Chép",
    "&Paste": "&Dán",
    "Delete": "Xóa",
    "Select All": "Chọn tất cả",
}
CONTEXTS = {"QPlatformTheme", "QDialogButtonBox", "QMessageBox", "QWidgetTextControl", "QLineEdit"}


class QtWords(QTranslator):
    """Answers Qt's own translation requests for the standard button and menu words."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        # None, not "": Qt takes any non-null answer, even an empty one, as the translation.
        if context in CONTEXTS:
            return WORDS.get(source)
        return None

    def isEmpty(self) -> bool:  # Qt's name
        return False


def install(app: QCoreApplication) -> QtWords:
    """Install the Vietnamese Qt words into `app` (kept alive by being parented to it)."""
    words = QtWords(app)
    app.installTranslator(words)
    return words
