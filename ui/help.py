"""Help inside the program (#17, item 11): F1 and Trợ giúp open the user guide (README.md's section on the
window, with its screenshots) and a sheet of the keys, offline, from files shipped with the program."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QUrl
from PySide6.QtGui import QImage, QPixmap, QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from app.resources import guide_dir, user_guide
from ui.i18n import tr

# Pictures in the guide are drawn at most this wide (they are 1366-px screenshots).
PICTURE_WIDTH = 760

# The keys of the program, by where they work (each place named once): the sheet the Phím tắt tab shows.
SHORTCUTS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        str(QT_TRANSLATE_NOOP("help", "Mọi nơi")),
        (
            ("F1", str(QT_TRANSLATE_NOOP("help", "Hướng dẫn sử dụng và phím tắt"))),
            ("Ctrl+N", str(QT_TRANSLATE_NOOP("help", "Tạo hội nghị mới"))),
            ("Ctrl+O", str(QT_TRANSLATE_NOOP("help", "Mở tệp hội nghị"))),
            ("Ctrl+W", str(QT_TRANSLATE_NOOP("help", "Đóng hội nghị"))),
            ("Ctrl+Q", str(QT_TRANSLATE_NOOP("help", "Thoát (hỏi nếu còn phiếu hay thay đổi chưa ghi)"))),
            ("Ctrl+1 … Ctrl+8", str(QT_TRANSLATE_NOOP("help", "Đi tới bước 1 … 8"))),
            ("Alt+U", str(QT_TRANSLATE_NOOP("help", "Về bảng Nội dung bỏ phiếu; ↑↓ chọn nội dung"))),
        ),
    ),
    (
        str(QT_TRANSLATE_NOOP("help", "Thông tin, Ban kiểm phiếu, Nội dung")),
        (("Ctrl+S", str(QT_TRANSLATE_NOOP("help", "Ghi mọi thay đổi của màn hình (kể cả ô đang gõ)"))),),
    ),
    (
        str(QT_TRANSLATE_NOOP("help", "Bảng danh sách")),
        (("F2", str(QT_TRANSLATE_NOOP("help", "Sửa ô đang chọn (gõ chữ cũng được)"))),),
    ),
    (
        str(QT_TRANSLATE_NOOP("help", "Nhập phiếu")),
        (
            ("Ctrl+L", str(QT_TRANSLATE_NOOP("help", "Về ô Mã phiếu"))),
            ("Ctrl+M", str(QT_TRANSLATE_NOOP("help", "Phiếu không có mã"))),
            ("1 … 9", str(QT_TRANSLATE_NOOP("help", "Gạch người số …; phiếu theo cột: cột 1 … k của dòng"))),
            ("Ctrl+1 … Ctrl+9", str(QT_TRANSLATE_NOOP("help", "Thêm dấu thứ hai vào dòng (phiếu theo cột)"))),
            ("0", str(QT_TRANSLATE_NOOP("help", "Để trống dòng (phiếu theo cột)"))),
            ("Backspace", str(QT_TRANSLATE_NOOP("help", "Lùi một dòng"))),
            ("Tab", str(QT_TRANSLATE_NOOP("help", "Sang ô điểm sau (phiếu chấm điểm)"))),
            ("Enter", str(QT_TRANSLATE_NOOP("help", "Ghi phiếu"))),
            ("Esc", str(QT_TRANSLATE_NOOP("help", "Bỏ phiếu đang nhập"))),
            ("F2", str(QT_TRANSLATE_NOOP("help", "Phiếu không hợp lệ về hình thức (chọn lý do)"))),
            ("F3", str(QT_TRANSLATE_NOOP("help", "Sửa một phiếu đã nhập (hỏi lý do)"))),
            ("F4", str(QT_TRANSLATE_NOOP("help", "Ban kiểm phiếu kết luận lại một phiếu"))),
            ("Ctrl+Z", str(QT_TRANSLATE_NOOP("help", "Hoàn tác phiếu vừa ghi (hỏi lại, nêu số phiếu)"))),
        ),
    ),
    (
        str(QT_TRANSLATE_NOOP("help", "Quét phiếu, hàng chờ")),
        (
            ("X", str(QT_TRANSLATE_NOOP("help", "Đổi ô đang chọn: có dấu / không"))),
            ("Ctrl+Enter", str(QT_TRANSLATE_NOOP("help", "Xác nhận cả trang"))),
        ),
    ),
    (
        str(QT_TRANSLATE_NOOP("help", "Kết quả")),
        (("F11", str(QT_TRANSLATE_NOOP("help", "Màn hình chiếu"))),),
    ),
    (
        str(QT_TRANSLATE_NOOP("help", "Màn hình chiếu")),
        (
            ("PgDn / PgUp", str(QT_TRANSLATE_NOOP("help", "Nội dung sau / trước"))),
            ("Home / End", str(QT_TRANSLATE_NOOP("help", "Nội dung đầu / cuối"))),
            ("Esc, F11", str(QT_TRANSLATE_NOOP("help", "Đóng màn hình chiếu"))),
        ),
    ),
)


def shortcut_sheet() -> str:
    """The keys as an HTML table in the UI language."""
    where_word, keys_word, what_word = tr("help", "Ở đâu"), tr("help", "Phím"), tr("help", "Làm gì")
    head = (
        f"<tr><th align='left'>{where_word}</th><th align='left'>{keys_word}</th><th align='left'>{what_word}</th></tr>"
    )
    rows = "".join(
        (f"<tr><td rowspan='{len(keys_of)}' valign='top'>{tr('help', where)}</td>" if i == 0 else "<tr>")
        + f"<td><b>{keys}</b></td><td>{tr('help', what)}</td></tr>"
        for where, keys_of in SHORTCUTS
        for i, (keys, what) in enumerate(keys_of)
    )
    return f"<table cellpadding='4' cellspacing='0' border='1'>{head}{rows}</table>"


def fit_pictures(document: QTextDocument, width: int) -> int:
    """Draw every picture of `document` at most `width` pixels wide, its proportions kept; how many."""
    cursor = QTextCursor(document)
    count = 0
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid() and fragment.charFormat().isImageFormat():
                image_format = fragment.charFormat().toImageFormat()
                image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(image_format.name()))
                size = image.size() if isinstance(image, QImage | QPixmap) else None  # a browser loads pixmaps
                if size is not None and size.width() > width:
                    image_format.setWidth(width)
                    image_format.setHeight(round(size.height() * width / size.width()))
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(image_format)
                    count += 1
            it += 1
        block = block.next()
    return count


class HelpWindow(QDialog):
    """The user guide and the key sheet, in tabs; not modal, so the work goes on beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("help", "Trợ giúp — KiểmPhiếu"))
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.guide = QTextBrowser()
        self.guide.setOpenExternalLinks(False)
        self.guide.setSearchPaths([str(guide_dir())])
        text = user_guide()
        if text:
            self.guide.setMarkdown(text)
            fit_pictures(self.guide.document(), PICTURE_WIDTH)
        else:
            self.guide.setPlainText(tr("help", "Không tìm thấy hướng dẫn sử dụng (README.md) bên cạnh chương trình."))
        self.keys = QTextBrowser()
        self.keys.setHtml(shortcut_sheet())
        self.tabs.addTab(self.guide, tr("help", "Hướng dẫn sử dụng"))
        self.tabs.addTab(self.keys, tr("help", "Phím tắt"))
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(880, 640)

    def show_tab(self, index: int) -> None:
        """Show tab `index` (0: the guide, 1: the keys) and bring the window up."""
        self.tabs.setCurrentIndex(index)
        self.show()
        self.raise_()
        self.activateWindow()
