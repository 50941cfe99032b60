"""The main window: a start page, the navigation that follows the counting committee's work, and the
polls at a glance."""

from __future__ import annotations

import datetime as dt
import html
import importlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QDate, QEvent, QModelIndex, QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QResizeEvent, QScreen, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.errors import KiemPhieuError
from app.services import integrity, meetings, polls
from app.services.demo import build_demo
from app.services.polls import PollSummary
from app.services.spec import MeetingSpec
from app.store.db import SUFFIX
from ui.context import Changes, MeetingContext
from ui.errors import show_error
from ui.help import HelpWindow
from ui.i18n import LANGUAGES, chosen_language, tr
from ui.models import ROW_ROLE, PollTableModel
from ui.ops import CollectionOp
from ui.screens.base import Screen, heading, hint
from ui.widgets import DateField
from ui.workers import LatestRead, run_in_background

# Screens in the order of the real work (module name under ui/screens, each defines SCREEN).
SCREEN_ORDER = ["meeting", "committee", "polls", "printing", "entry", "scanning", "results", "minutes"]
# After the window is first shown: when to fit it to the screen again (the window manager frames it meanwhile).
FRAME_CHECKS_MS = (0, 300, 1000)
#: The left column's width on a wide window, and the poll list's width below which its status column goes: a narrow
#: list keeps its titles readable (walk 17h: a 225-px column on a 1366-px window showed the titles a word a line).
LEFT_WIDTH = 330
STATUS_ROOM = 300


def load_screens() -> list[type[Screen]]:
    """The screen classes, in working order (a screen whose module is missing is an error, not skipped)."""
    return [importlib.import_module(f"ui.screens.{name}").SCREEN for name in SCREEN_ORDER]


def ask_save(parent: QWidget, what: str) -> str:
    """Ask whether to store unsaved work before closing: "save", "discard" or "cancel"."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        tr("main", "Chưa ghi"),
        what + "\n\n" + tr("main", "Ghi lại trước khi đóng?"),
        parent=parent,
    )
    save = box.addButton(tr("main", "&Ghi"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(tr("main", "&Không ghi"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(tr("main", "&Hủy"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return "save"
    if clicked is discard:
        return "discard"
    return "cancel"


class NewMeetingDialog(QDialog):
    """Ask for the facts a meeting file starts with; everything else is edited on the screens."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("new", "Tạo hội nghị mới"))
        form = QFormLayout(self)
        self.title = QLineEdit()
        self.title.setPlaceholderText(tr("new", "Đại hội đại biểu Đảng bộ xã … lần thứ …, nhiệm kỳ 2025–2030"))
        self.organization = QLineEdit()
        self.organization.setPlaceholderText(tr("new", "ĐẢNG BỘ XÃ …"))
        self.superior = QLineEdit()
        self.place = QLineEdit()
        self.date = DateField(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.convened = QSpinBox()
        self.convened.setRange(0, 100_000)
        self.present = QSpinBox()
        self.present.setRange(0, 100_000)
        form.addRow(tr("new", "Tên hội nghị:"), self.title)
        form.addRow(tr("new", "Tổ chức (cấp ủy):"), self.organization)
        form.addRow(tr("new", "Cấp trên:"), self.superior)
        form.addRow(tr("new", "Địa điểm:"), self.place)
        form.addRow(tr("new", "Ngày:"), self.date)
        form.addRow(tr("new", "Số được triệu tập:"), self.convened)
        form.addRow(tr("new", "Số có mặt:"), self.present)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(620, 0)

    def spec(self) -> MeetingSpec:
        """The meeting as entered (no polls yet)."""
        qdate = self.date.date()
        return MeetingSpec(
            title=self.title.text(),
            organization=self.organization.text(),
            superior=self.superior.text() or None,
            place=self.place.text(),
            date=dt.date(qdate.year(), qdate.month(), qdate.day()),
            convened=self.convened.value(),
            present=self.present.value(),
            electorate=meetings.default_electorate(self.organization.text(), self.title.text()),
        )


class StartPage(QWidget):
    """Shown while no meeting is open: create, open, the demo meeting, recent files."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("start", "KiểmPhiếu — kiểm phiếu hội nghị")))
        layout.addWidget(
            hint(
                tr(
                    "start",
                    "Mỗi hội nghị là một tệp .kiemphieu. Mọi thay đổi được ghi ngay vào tệp, không cần bấm Lưu.",
                )
            )
        )
        row = QHBoxLayout()
        for text, slot, key in (
            (tr("start", "Tạo hội &nghị mới…"), window.new_meeting, "Ctrl+N"),
            (tr("start", "&Mở tệp hội nghị…"), window.open_meeting, "Ctrl+O"),
            (tr("start", "Mở hội nghị mẫ&u"), window.open_demo, ""),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            if key:
                button.setToolTip(key)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(QLabel(tr("start", "Mở gần đây:")))
        self.recent = QListWidget()
        self.recent.itemActivated.connect(lambda item: window.open_path(Path(item.data(Qt.ItemDataRole.UserRole))))
        layout.addWidget(self.recent, 1)

    def refresh(self) -> None:
        """List the recent files."""
        self.recent.clear()
        for path in MeetingContext.recent_files():
            item = QListWidgetItem(f"{path.name}    —    {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.recent.addItem(item)


class MainWindow(QMainWindow):
    """The application window."""

    def __init__(self, context: MeetingContext | None = None) -> None:
        super().__init__()
        self.context = context or MeetingContext(self)
        self.help_window: HelpWindow | None = None
        self._shown_size: QSize | None = None  # the size when first shown, until fitted with the window's frame
        self.setWindowTitle("KiểmPhiếu")
        self.resize(1366, 768)
        self.start = StartPage(self)
        self.nav = QListWidget()
        self.stack = QStackedWidget()
        self.screens: list[Screen] = []
        for cls in load_screens():
            screen = cls(self.context)
            self.screens.append(screen)
            # Each screen scrolls when the window is narrower or lower than it needs (a 1024×768
            # projector mirror), instead of the window growing past the screen's edge.
            scroller = QScrollArea()
            scroller.setWidget(screen)
            scroller.setWidgetResizable(True)
            scroller.setFrameShape(QFrame.Shape.NoFrame)
            self.stack.addWidget(scroller)
            QListWidgetItem(f"{len(self.screens)}. {tr('nav', cls.title)}", self.nav)
        self.nav.currentRowChanged.connect(self._show_screen)
        # The steps list is exactly as tall as its steps.
        self.nav.setFixedHeight(self.nav.sizeHintForRow(0) * max(self.nav.count(), 1) + 2 * self.nav.frameWidth() + 4)
        self.poll_model = PollTableModel()
        self.poll_view = QTableView()
        self.poll_view.setModel(self.poll_model)
        self.poll_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.poll_view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.poll_view.verticalHeader().hide()
        header = self.poll_view.horizontalHeader()
        header.setSectionResizeMode(PollTableModel.COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (PollTableModel.COL_KIND, PollTableModel.COL_STATUS, PollTableModel.COL_BALLOTS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.poll_view.setWordWrap(True)
        self.poll_view.setColumnHidden(PollTableModel.COL_KIND, True)  # in the tooltip; the title needs the room
        self.poll_view.clicked.connect(self._poll_clicked)
        # The arrow keys, Home/End and PgUp/PgDn move the current row: that is a choice too.
        self.poll_view.selectionModel().currentRowChanged.connect(lambda current, _prev: self._poll_clicked(current))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 6, 0, 6)
        steps_label = QLabel(tr("main", "<b>Các bước</b>"))
        left_layout.addWidget(steps_label)
        left_layout.addWidget(self.nav)
        self.poll_panel = QWidget()
        panel_layout = QVBoxLayout(self.poll_panel)
        panel_layout.setContentsMargins(0, 0, 0, 0)
        polls_label = QLabel(tr("main", "<b>Nội d&ung bỏ phiếu</b> (chọn để làm việc)"))
        polls_label.setWordWrap(True)  # the left column may be narrow on a 1024-px screen
        polls_label.setBuddy(self.poll_view)  # Alt+U: the keyboard goes to the poll list (then ↑↓ choose)
        panel_layout.addWidget(polls_label)
        panel_layout.addWidget(self.poll_view)
        left_layout.addWidget(self.poll_panel, 1)
        self.left_filler = QWidget()  # keeps the steps at the top when the poll list is hidden
        self.left_filler.hide()
        left_layout.addWidget(self.left_filler, 1)
        # A copy nobody can write is open for reading: the banner says so above every screen (#15); so it does
        # when another computer may have taken the file over while this one slept (#14, _on_write_lost).
        self.read_only_banner = QLabel()
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet("background: #fff3cd; color: #5c4400; padding: 6px;")
        self.read_only_banner.hide()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.read_only_banner)
        right_layout.addWidget(self.stack, 1)
        self.work = QSplitter()
        self.work.addWidget(left)
        self.work.addWidget(right)
        self.work.setStretchFactor(1, 1)
        self.work.setSizes([LEFT_WIDTH, 1036])
        self.work.setChildrenCollapsible(False)
        self._left_wanted: int | None = None  # the left column's width before a narrow window took it in
        self.work.splitterMoved.connect(self._split_moved)
        # The steps are never squeezed below their words, whatever a screen on the right asks for (#17, item 8).
        self.nav.setMinimumWidth(self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 4)
        self.fit_to_screen()
        self.work.setSizes([min(LEFT_WIDTH, self.width() // 4), self.width() - min(LEFT_WIDTH, self.width() // 4)])
        if self.width() // 4 < LEFT_WIDTH:
            self._left_wanted = LEFT_WIDTH  # a small screen: a wider window later gives the column its width
        self.restore_window_state()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.start)
        self.pages.addWidget(self.work)
        self.setCentralWidget(self.pages)
        self._menus()
        # The poll list and the anchor code after a change: read off the UI thread, one read at a time, the latest
        # ask winning (a burst of ballots never shows an older list last).
        self._polls_reader = LatestRead(self)
        self._polls_pending: set[str] = set()  # polls a write touched whose line is not read again yet
        self._polls_whole = False  # the whole list is to be read again
        self._anchor_reader = LatestRead(self)
        self.context.opened.connect(self._on_opened)
        self.context.closed.connect(self._on_closed)
        self.context.changes.connect(self._on_changes)
        self.context.write_lost.connect(self._on_write_lost)
        self.context.poll_selected.connect(lambda _code: self._select_poll_row())  # a new poll: redraw
        self.context.backup_failed.connect(
            lambda why: self.statusBar().showMessage(
                tr("main", "Chưa sao lưu được ({why}); tệp hội nghị vẫn an toàn.").format(why=why)
            )
        )
        self.context.witness_failed.connect(
            lambda why: self.statusBar().showMessage(
                tr("main", "Chưa ghi được mã neo ({why}); tệp hội nghị vẫn an toàn.").format(why=why)
            )
        )
        # The file and the operator, in view whenever no passing message covers them (walk 17h: written as a
        # message themselves, the next passing one left the bar blank).
        self.file_label = QLabel()
        self.statusBar().addWidget(self.file_label, 1)
        # The anchor code of the log, always in view: written down on paper, it proves the file later.
        self.anchor_label = QLabel()
        self.anchor_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.anchor_label)
        self._on_closed()

    def fit_to_screen(self, free: QRect | None = None) -> None:
        """Never larger than the screen's free area `free` (by default the window's screen, without its panels:
        a 1024×768 projector mirror, a 768-px laptop), and wholly inside it, so the status bar stays in view."""
        if free is None:
            screen: QScreen | None = self.screen()  # None while the window is not on a screen yet
            if screen is None:
                return
            free = screen.availableGeometry()
        if self.isMaximized() or self.isFullScreen():
            return  # the window manager keeps such a window on its screen
        frame = self.frameGeometry().size() - self.geometry().size()  # title bar and borders, once shown
        extra_width, extra_height = max(frame.width(), 0), max(frame.height(), 0)
        width = min(self.width(), free.width() - extra_width)
        height = min(self.height(), free.height() - extra_height)
        self.resize(width, height)
        corner = self.pos()  # the frame's top left corner
        x = min(max(corner.x(), free.left()), free.left() + free.width() - width - extra_width)
        y = min(max(corner.y(), free.top()), free.top() + free.height() - height - extra_height)
        if (x, y) != (corner.x(), corner.y()):
            self.move(x, y)

    def showEvent(self, event: QShowEvent) -> None:  # Qt's name
        """The first time the window is shown, fit it to the screen again once the window manager has framed it:
        before that its title bar is unknown, and a window as high as the screen had its status bar below the
        screen's edge (seen under a real window manager, #17, item 8)."""
        super().showEvent(event)
        if self._shown_size is None:
            self._shown_size = self.size()
            for delay in FRAME_CHECKS_MS:
                QTimer.singleShot(delay, self._fit_framed)

    def _fit_framed(self) -> None:
        """Fit the window to the screen if a window manager has framed it meanwhile, unless its size was chosen
        since it was shown (a person, or a test, resized it: that size stays)."""
        if self.size() == self._shown_size and self.frameGeometry().size() != self.geometry().size():
            self.fit_to_screen()
            self._shown_size = self.size()

    def save_window_state(self) -> None:
        """Remember the window's size, place and split for the next start."""
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/split", self.work.saveState())
        # The width a narrow window took from the left column, given back by a wider one after the next start too.
        settings.setValue("window/left_wanted", self._left_wanted or 0)

    def restore_window_state(self, free: QRect | None = None) -> None:
        """The size, place and split the window had when it was last closed, brought inside the screen's free
        area `free` (by default the window's screen): a window saved on a 1366×768 screen and opened on a
        1024×768 projector keeps its status bar in view."""
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        split = settings.value("window/split")
        if isinstance(split, QByteArray) and not split.isEmpty():
            self.work.restoreState(split)
            wanted = int(str(settings.value("window/left_wanted", 0) or 0) or 0)
            self._left_wanted = wanted or None
        self.fit_to_screen(free)

    # ------------------------------------------------------------------ menus

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu(tr("menu", "&Tệp"))
        for text, key, slot in (
            (tr("menu", "Tạo hội &nghị mới…"), QKeySequence.StandardKey.New, self.new_meeting),
            (tr("menu", "&Mở…"), QKeySequence.StandardKey.Open, self.open_meeting),
            (tr("menu", "Mở hội nghị mẫ&u"), None, self.open_demo),
            (tr("menu", "Đón&g hội nghị"), QKeySequence.StandardKey.Close, self.close_meeting),
            # Ctrl+Q on every platform (the platform's "Quit" key is empty on some of them).
            (tr("menu", "&Thoát"), QKeySequence("Ctrl+Q"), self.close),
        ):
            action = QAction(text, self)
            if isinstance(key, QKeySequence.StandardKey):
                # Every key the platform binds (Close: Ctrl+F4 and Ctrl+W); setShortcut kept only the first, so the
                # key sheet's Ctrl+W did nothing.
                action.setShortcuts(key)
            elif key is not None:
                action.setShortcut(key)
            action.triggered.connect(slot)
            file_menu.addAction(action)
        go = self.menuBar().addMenu(tr("menu", "Đ&i tới"))
        for i, screen in enumerate(self.screens):
            action = QAction(tr("nav", screen.title), self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _=False, row=i: self.go_to(row))
            go.addAction(action)
        operator = QAction(tr("menu", "Người &thao tác…"), self)
        operator.triggered.connect(self.ask_operator)
        options = self.menuBar().addMenu(tr("menu", "Tùy &chọn"))
        options.addAction(operator)
        head_pin = QAction(tr("menu", "Mã PIN Trưởng ban…"), self)
        head_pin.triggered.connect(self.set_head_pin)
        options.addAction(head_pin)
        witness_file = QAction(tr("menu", "Nơi ghi mã neo (USB)…"), self)
        witness_file.triggered.connect(self.choose_witness)
        options.addAction(witness_file)
        language_menu = options.addMenu(tr("menu", "Ngôn ngữ / Language"))
        languages = QActionGroup(self)  # the language in use is marked (#17, item 12)
        current = chosen_language()
        for code, name in LANGUAGES.items():
            action = QAction(name, self)
            action.setCheckable(True)
            action.setChecked(code == current)
            action.setData(code)
            languages.addAction(action)
            action.triggered.connect(lambda _=False, code=code: self.set_language(code))
            language_menu.addAction(action)
        self.language_actions = languages
        about = QAction(tr("menu", "&Giới thiệu"), self)
        about.triggered.connect(
            lambda: QMessageBox.about(
                self,
                "KiểmPhiếu",
                tr("menu", "KiểmPhiếu {version} — phần mềm kiểm phiếu offline cho hội nghị cán bộ.").format(
                    version=__version__
                ),
            )
        )
        help_menu = self.menuBar().addMenu(tr("menu", "Trợ &giúp"))
        guide = QAction(tr("menu", "&Hướng dẫn sử dụng"), self)
        guide.setShortcut(QKeySequence(Qt.Key.Key_F1))
        guide.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)  # F1 also from the projector, a dialog
        guide.triggered.connect(lambda: self.show_help(0))
        keys = QAction(tr("menu", "&Phím tắt"), self)
        keys.triggered.connect(lambda: self.show_help(1))
        help_menu.addAction(guide)
        help_menu.addAction(keys)
        help_menu.addSeparator()
        help_menu.addAction(about)

    def show_help(self, tab: int = 0) -> None:
        """F1, Trợ giúp: the user guide (tab 0) or the key sheet (tab 1), beside the window."""
        if self.help_window is None:
            self.help_window = HelpWindow(self)
        self.help_window.show_tab(tab)

    # ------------------------------------------------------------------ actions

    def go_to(self, row: int) -> None:
        """Show screen number `row` (0-based)."""
        if self.context.is_open and 0 <= row < len(self.screens):
            self.nav.setCurrentRow(row)
            # Ctrl+1 … Ctrl+8: the keyboard follows to the screen (its shortcuts work at once).
            self.screens[row].focus_start()

    def confirm_leave(self) -> bool:
        """Before the open meeting is closed (quit, close, open another file): ask about unsaved work.

        Each screen with a marked ballot or typed edits not yet stored is asked in turn: Ghi stores it,
        Không ghi drops it, Hủy keeps everything open. False means: do not close.
        """
        if not self.context.is_open:
            return True
        return self._confirm(self.screens)

    def _confirm(self, screens: list[Screen]) -> bool:
        for screen in screens:
            what = screen.pending_work()
            if what is None:
                continue
            answer = ask_save(self, what)
            if answer == "cancel":
                self.show_screen_of(screen)
                return False
            if answer == "save":
                self.show_screen_of(screen)
                if not screen.save_pending():
                    return False
            else:
                screen.drop_pending()
        return True

    def show_screen_of(self, screen: Screen) -> None:
        """Bring `screen` to the front."""
        if screen in self.screens:
            self.go_to(self.screens.index(screen))

    def close_meeting(self) -> None:
        """Close the meeting file (asking about unsaved work first)."""
        if self.confirm_leave():
            self.context.close()

    def new_meeting(self) -> None:
        """Create a meeting file from a short form."""
        if not self.confirm_leave():
            return
        dialog = NewMeetingDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("main", "Lưu tệp hội nghị"),
            str(self.context.start_folder() / ("hoi-nghi" + SUFFIX)),
            tr("main", "Tệp hội nghị (*.kiemphieu)"),
        )
        if not path:
            return
        target = Path(path if path.endswith(SUFFIX) else path + SUFFIX)
        try:
            meeting_file = meetings.create_meeting(target, dialog.spec(), actor=self.context.actor())
        except KiemPhieuError as exc:
            show_error(self, exc)
            return
        self.context.adopt(meeting_file)

    def open_meeting(self) -> None:
        """Choose and open a meeting file."""
        if not self.confirm_leave():
            return
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("main", "Mở tệp hội nghị"),
            str(self.context.start_folder()),
            tr("main", "Tệp hội nghị (*.kiemphieu);;Mọi tệp (*)"),
        )
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> None:
        """Open `path`, telling the user plainly if it cannot be."""
        if not self.confirm_leave():
            return
        try:
            self.context.open(path)
        except KiemPhieuError as exc:
            show_error(self, exc)

    def open_demo(self) -> None:
        """Build (or rebuild) the demo meeting as ~/kiemphieu-demo.kiemphieu (the home folder) and open it."""
        path = Path.home() / "kiemphieu-demo.kiemphieu"
        if not self.confirm_leave():
            return
        self.context.close()
        run_in_background(
            self,
            lambda job: build_demo(path),
            self.context.adopt,
            progress_title=tr("main", "Đang dựng hội nghị mẫu…"),
        )

    def set_language(self, code: str) -> None:
        """Remember the interface language; it applies from the next start."""

        QSettings().setValue("language", code)
        QMessageBox.information(
            self,
            "KiểmPhiếu",
            tr("main", "Ngôn ngữ mới có hiệu lực khi mở lại chương trình. / The new language applies after a restart."),
        )

    def set_head_pin(self) -> None:
        """Set or change the PIN that head-only actions ask for (rulings, corrections, closing, reopening)."""
        from PySide6.QtWidgets import QLineEdit

        from app.services import roles

        if not self.context.is_open:
            return
        current = None
        if self.context.head_pin_set is not False:  # as last read off the UI thread; not read yet: asked
            current, ok = QInputDialog.getText(
                self, tr("main", "Mã PIN Trưởng ban"), tr("main", "Mã PIN hiện tại:"), QLineEdit.EchoMode.Password
            )
            if not ok:
                return
        new, ok = QInputDialog.getText(
            self,
            tr("main", "Mã PIN Trưởng ban"),
            tr(
                "main",
                "Mã PIN mới (4 đến 12 chữ số). Kết luận lại phiếu, sửa phiếu, lập biên bản chính thức và mở lại "
                "sẽ cần mã này:",
            ),
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return
        # On the writer thread (#17): the PIN is checked against its stored hash and the new one hashed and its
        # signing key sealed, each deliberately slow (a fifth of a second or more).
        actor = self.context.actor()
        CollectionOp(
            self,
            self.context,
            lambda s: roles.set_head_pin(s, new_pin=new, current_pin=current, actor=actor),
            Changes(meeting=True),
        ).success(lambda _none: self.statusBar().showMessage(tr("main", "Đã đặt mã PIN của Trưởng ban."), 5000)).run()

    def choose_witness(self) -> None:
        """Let the head choose where the anchor codes go (a file on a USB stick), then write the current one."""
        current = self.context.witness_path()
        if current is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("main", "Tệp ghi mã neo (nên đặt trên USB, ngoài máy)"),
            str(current),
            tr("main", "Tệp mã neo (*.neo.txt);;Mọi tệp (*)"),
        )
        if path:
            self.context.set_witness_path(Path(path))
            self._show_anchor()

    def ask_operator(self) -> None:
        """Ask who is working at this station (recorded with every action)."""

        name, ok = QInputDialog.getText(
            self,
            tr("main", "Người thao tác"),
            tr("main", "Họ tên người thao tác trên máy này:"),
            text=self.context.operator,
        )
        if ok:
            self.context.operator = " ".join(name.split())
            QSettings().setValue("operator", self.context.operator)
            self._status()

    # ------------------------------------------------------------------ state

    def _on_opened(self) -> None:
        self.pages.setCurrentWidget(self.work)
        self.read_only_banner.setText(
            tr(
                "main",
                "<b>Tệp chỉ cho đọc.</b> Xem được thông tin, kết quả, biên bản nháp và kiểm tra toàn vẹn; "
                "mọi thao tác ghi (nhập phiếu, sửa, lập biên bản chính thức…) đều bị từ chối. Muốn làm tiếp, "
                "hãy chép tệp sang một thư mục ghi được rồi mở bản chép.",
            )
        )
        self.read_only_banner.setVisible(self.read_only)
        self._reload_polls()
        if self.nav.currentRow() < 0 and self.screens:
            self.nav.setCurrentRow(0)
        else:
            self._refresh_current()
        self._status()
        self._show_anchor()

    @property
    def read_only(self) -> bool:
        """Whether the open meeting file is a copy that can only be read."""
        return self.context.meeting_file is not None and self.context.meeting_file.read_only

    def _on_write_lost(self) -> None:
        """The file is read-only in this window from now on: another computer may have written it meanwhile."""
        lost = self.context.meeting_file.lost if self.context.meeting_file is not None else None
        if lost is None:
            return
        minutes = int(lost.paused.total_seconds()) // 60
        if lost.host is not None:
            happened = tr(
                "main", "<b>Máy {host} đã mở tệp này để ghi</b> trong lúc máy này tạm dừng ({minutes} phút)."
            ).format(host=html.escape(lost.host), minutes=minutes)
        else:
            happened = tr(
                "main",
                "<b>Máy này đã tạm dừng {minutes} phút</b> (ngủ hoặc bị treo) và dấu đang mở tệp không còn là của "
                "nó: trong lúc đó một máy khác có thể đã ghi vào tệp.",
            ).format(minutes=minutes)
        self.read_only_banner.setText(
            happened
            + " "
            + tr(
                "main",
                "Để hai máy không cùng ghi làm hỏng tệp, cửa sổ này từ giờ chỉ đọc tệp: mọi thao tác ghi đều bị từ "
                "chối. Hãy đóng tệp rồi mở lại (nếu máy khác đang mở, chương trình sẽ báo) và kiểm tra toàn vẹn.",
            )
        )
        self.read_only_banner.show()
        self._status()

    def _on_closed(self) -> None:
        self.read_only_banner.hide()
        self.start.refresh()
        self.pages.setCurrentWidget(self.start)
        self.setWindowTitle("KiểmPhiếu")
        self.file_label.setText(tr("main", "Chưa mở hội nghị nào."))
        self.statusBar().clearMessage()
        self._show_anchor()

    def _on_changes(self, changes: Changes) -> None:
        """After a write: the poll list when it touched a poll, the screen shown as far as it touched it."""
        if changes.touches_polls:
            context, meeting_file = self.context, self.context.meeting_file
            # Asks in a burst are dropped but the last (LatestRead): it carries every poll not shown yet.
            self._polls_pending |= changes.polls
            self._polls_whole |= changes.everything or changes.poll_list
            whole, touched = self._polls_whole, sorted(self._polls_pending)

            def show(summaries: list[PollSummary]) -> None:
                if context.meeting_file is not meeting_file:
                    return
                self._polls_pending -= set(touched)
                self._polls_whole = self._polls_whole and not whole
                # Only the lines of the polls a ballot touched (a full list counts every poll's ballots again).
                if whole:
                    self._show_polls(summaries)
                elif not self.poll_model.update_rows(summaries):
                    self._reload_polls()  # a poll not listed yet (another window added it): the whole list

            def read() -> list[PollSummary]:
                if whole:
                    return context.read(polls.list_polls)
                return context.read(lambda s: [polls.summary(s, code) for code in touched])

            self._polls_reader.ask(read, show, lambda exc: show_error(self, exc))
        screen = self.current_screen()
        if screen is not None and self.context.is_open:
            screen.apply(changes)
        self._show_anchor()

    def _show_anchor(self) -> None:
        if self.context.is_open:
            context, meeting_file = self.context, self.context.meeting_file

            def show(code: str | None) -> None:
                if context.meeting_file is meeting_file:
                    self._show_anchor_code(code)

            self._anchor_reader.ask(lambda: context.read(integrity.anchor_code), show, lambda _exc: show(None))
        else:
            self._show_anchor_code(None)

    def _show_anchor_code(self, code: str | None) -> None:
        self.anchor_label.setText(tr("main", "Mã neo: {code}").format(code=code) if code else "")
        self.anchor_label.setToolTip(
            tr(
                "main",
                "Mã neo của nhật ký. Ghi nó ra giấy: kiemphieu verify TỆP --anchor MÃ chứng minh sau này tệp chỉ được "
                "ghi thêm, không bị sửa hay dựng lại. Các mã cũng được ghi vào {path}.",
            ).format(path=self.context.witness_path())
            if code
            else ""
        )

    def _status(self) -> None:
        if self.context.path is None:
            return
        suffix = tr("main", " (chỉ đọc)") if self.read_only else ""
        self.setWindowTitle(f"KiểmPhiếu — {self.context.path.name}{suffix}")
        who = self.context.operator or tr("main", "(chưa đặt tên — menu Tùy chọn)")
        # The operator first: on a 1024-px window a long path is cut at the right, never the name (walk 17h).
        line = tr("main", "Người thao tác: {who}    Tệp: {path}").format(path=self.context.path, who=who)
        self.file_label.setText(line)
        self.file_label.setToolTip(line)
        self.statusBar().clearMessage()

    def _reload_polls(self) -> None:
        """Read the whole poll list off the UI thread (#17: every poll's counts), then show it; reads queue on one
        thread, the newest ask winning (LatestRead)."""
        if not self.context.is_open:
            return
        context, meeting_file = self.context, self.context.meeting_file
        self._polls_reader.ask(
            lambda: context.read(polls.list_polls),
            lambda summaries: self._show_polls(summaries) if context.meeting_file is meeting_file else None,
            lambda exc: show_error(self, exc) if context.meeting_file is meeting_file else None,
        )

    def _show_polls(self, summaries: list[PollSummary]) -> None:
        self.poll_model.set_rows(summaries)
        self.poll_view.resizeRowsToContents()  # long titles wrap instead of being cut
        codes = [
            self.poll_model.data(self.poll_model.index(r, 0), ROW_ROLE).code for r in range(self.poll_model.rowCount())
        ]
        if self.context.current_poll not in codes:
            self.context.select_poll(codes[0] if codes else None)
        self._select_poll_row(refresh=False)

    def _select_poll_row(self, *, refresh: bool = True) -> None:
        row = self.poll_model.row_of(self.context.current_poll or "")
        if row >= 0:
            self.poll_view.selectRow(row)
        if refresh:
            self._refresh_current()

    def _poll_clicked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        summary = self.poll_model.data(index, ROW_ROLE)
        if summary is None or summary.code == self.context.current_poll:
            return
        # A ballot marked on the entry screen belongs to the poll it was scanned for: ask before leaving it.
        entry = [screen for screen in self.screens if type(screen).__name__ == "EntryScreen"]
        if not self._confirm(entry):
            self._select_poll_row(refresh=False)  # back to the poll being entered
            return
        self.context.select_poll(summary.code)

    def _show_screen(self, row: int) -> None:
        if 0 <= row < len(self.screens):
            self.stack.setCurrentIndex(row)
            # A screen with its own list of polls (the poll editor) needs no second one beside it.
            own_list = getattr(self.screens[row], "lists_polls", False)
            self.poll_panel.setVisible(not own_list)
            self.left_filler.setVisible(own_list)
            self._refresh_current()

    def _refresh_current(self) -> None:
        """Read the poll list and the screen shown at the same moment: another window (another station on the
        same file) may have entered ballots since, and the list must not show an older count than the screen."""
        if not self.context.is_open:
            return
        # Off the UI thread (#17: every poll's counts, on each screen change and each return to the window), asked
        # before the screen's own read: reads queue on one thread, so the list is never older than the screen.
        self._reload_polls()
        screen = self.current_screen()
        if screen is not None:
            screen.refresh()

    def event(self, event: QEvent) -> bool:  # Qt's name
        if event.type() == QEvent.Type.WindowActivate:
            self._refresh_current()  # back from another window, which may have written to the same file
        return super().event(event)

    def current_screen(self) -> Screen | None:
        """The screen shown."""
        row = self.stack.currentIndex()
        return self.screens[row] if 0 <= row < len(self.screens) else None

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt's name
        """The left column never takes more than a quarter of the window, so a screen made on a wide window still
        fits a narrow one (1024 px) without a scroll bar; on a wider window again it gets back the width the narrow
        one took. A narrow poll list keeps its titles readable: the status column goes (each screen's heading
        says the status) — by the list's own width, not the window's (walk 17h)."""
        super().resizeEvent(event)
        left, right = self.work.sizes()
        most = max(self.nav.minimumWidth() + 8, self.width() // 4)
        if left > most:
            self._left_wanted = max(self._left_wanted or 0, left)
            self.work.setSizes([most, left + right - most])
        elif self._left_wanted is not None and left < min(self._left_wanted, most):
            grown = min(self._left_wanted, most)
            self.work.setSizes([grown, left + right - grown])
        self._fit_poll_columns()

    def _split_moved(self, _pos: int, _index: int) -> None:
        """The user chose the left column's width: it stays as chosen."""
        self._left_wanted = None
        self._fit_poll_columns()

    def _fit_poll_columns(self) -> None:
        self.poll_view.setColumnHidden(PollTableModel.COL_STATUS, self.work.sizes()[0] < STATUS_ROOM)
        self.poll_view.resizeRowsToContents()

    def closeEvent(self, event: QCloseEvent) -> None:
        from ui.workers import wait_for_all

        if not self.confirm_leave():  # the close button, Alt+F4 and Ctrl+Q all come here
            event.ignore()
            return
        wait_for_all()
        self.save_window_state()
        self.context.close()
        event.accept()
