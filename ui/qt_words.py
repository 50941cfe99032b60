"""Vietnamese for the words Qt itself draws (standard dialog buttons, line-edit menus, the file dialog).

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
    # Qt's own file dialog (the one drawn by Qt when the platform has no localised native dialog).
    "&Look in:": "&Thư mục:",
    "Look in:": "Thư mục:",
    "File &name:": "&Tên tệp:",
    "File name:": "Tên tệp:",
    "Files of &type:": "&Loại tệp:",
    "Files of type:": "Loại tệp:",
    "&Choose": "&Chọn",
    "&Delete": "&Xóa",
    "&Rename": "Đổi &tên",
    "&New Folder": "Thư mục &mới",
    "New Folder": "Thư mục mới",
    "Show &hidden files": "Hiện tệp ẩ&n",
    "All Files (*)": "Mọi tệp (*)",
    "Back": "Lùi",
    "Forward": "Tiến",
    "Parent Directory": "Thư mục cha",
    "Create New Folder": "Tạo thư mục mới",
    "Create a New Folder": "Tạo một thư mục mới",
    "List View": "Xem danh sách",
    "Detail View": "Xem chi tiết",
    "Change to list view mode": "Chuyển sang xem danh sách",
    "Change to detail view mode": "Chuyển sang xem chi tiết",
    "Go back": "Lùi lại",
    "Go forward": "Tiến tới",
    "Go to the parent directory": "Lên thư mục cha",
    "List of places and bookmarks": "Các nơi thường dùng",
    "Sidebar": "Thanh bên",
    "Files": "Tệp",
    "Recent Places": "Nơi mở gần đây",
    "My Computer": "Máy tính",
    "Computer": "Máy tính",
    "Directory:": "Thư mục:",
    "Save As": "Lưu thành",
    "Find Directory": "Tìm thư mục",
    "Are you sure you want to delete '%1'?": "Có chắc muốn xóa '%1'?",
    "Could not delete directory.": "Không xóa được thư mục.",
    "%1 already exists.\nDo you want to replace it?": "%1 đã có.\nGhi đè lên tệp này?",
    "%1\nFile not found.\nPlease verify the correct file name was given.": (
        "%1\nKhông tìm thấy tệp.\nHãy kiểm tra lại tên tệp."
    ),
    "%1\nDirectory not found.\nPlease verify the correct directory name was given.": (
        "%1\nKhông tìm thấy thư mục.\nHãy kiểm tra lại tên thư mục."
    ),
    "Name": "Tên",
    "Size": "Cỡ",
    "Type": "Loại",
    "Kind": "Loại",
    "Date Modified": "Ngày sửa",
    "Folder": "Thư mục",
    "File Folder": "Thư mục",
    "Drive": "Ổ đĩa",
    "File": "Tệp",
    "%1 File": "Tệp %1",
    "Unknown": "Không rõ",
}
CONTEXTS = {
    "QPlatformTheme",
    "QDialogButtonBox",
    "QMessageBox",
    "QWidgetTextControl",
    "QLineEdit",
    "QFileDialog",
    "QFileSystemModel",
    "QAbstractFileIconProvider",
    "QFileIconProvider",
}


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
