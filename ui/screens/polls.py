"""Nội dung bỏ phiếu: the poll editor. The meeting's polls on the left (add, delete); on the right the
selected poll's settings, its list (candidates, subjects, motions, eligible names) and, for scoring, its
criteria. Lists and rules are locked by the services once ballots are printed or entered."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    QSize,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QKeySequence, QRegularExpressionValidator, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.errors import KiemPhieuError
from app.profiles import load_profiles
from app.rules.model import LEVEL_COLUMNS, PollKind
from app.rules.profile import Profile
from app.services import drafting, editing, importing, polls
from app.services.drafting import item_rows, suggest_code
from app.services.editing import PollSettings
from app.services.polls import PollSummary
from app.services.spec import DEFAULT_PROFILE, POLL_CODE, CriterionSpec, ItemSpec, PollSpec
from ui.context import Changes, MeetingContext
from ui.errors import show_error
from ui.i18n import tr
from ui.models import ROW_ROLE, STATUS_COLOURS, kind_label, status_label
from ui.ops import CollectionOp, QueryOp, in_words
from ui.screens.base import Screen, heading, hint
from ui.widgets import BOOL, CHOICE, HALVES, INT, Column, RowEditor, RowTableModel, RowTableView, format_halves
from ui.workers import run_in_background

MAX_SEATS = 999
MAX_BALLOTS = 100_000


# ---------------------------------------------------------------------- words for kinds


def kind_choices() -> list[tuple[PollKind, str]]:
    """The six kinds with the words the committee knows them by."""
    return [
        (PollKind.ELECTION, tr("polls", "Bầu cử (gạch tên, hoặc Đồng ý / Không đồng ý)")),
        (PollKind.CONFIDENCE, tr("polls", "Lấy phiếu tín nhiệm")),
        (PollKind.EVALUATION, tr("polls", "Đánh giá, xếp loại chất lượng (4 mức)")),
        (PollKind.SCORING, tr("polls", "Chấm điểm theo tiêu chí")),
        (PollKind.MOTION, tr("polls", "Biểu quyết thông qua")),
        (PollKind.NOMINATION, tr("polls", "Giới thiệu nhân sự (ghi tên)")),
    ]


def seats_label(kind: str) -> str | None:
    """What `seats` means for this kind, or None when the kind has no seats."""
    if kind == PollKind.ELECTION:
        return tr("polls", "Số cần bầu:")
    if kind == PollKind.NOMINATION:
        return tr("polls", "Số tên được ghi tối đa:")
    return None


def list_title(kind: str) -> str:
    """The heading of the poll's list."""
    titles = {
        PollKind.ELECTION: tr("polls", "Danh sách bầu cử"),
        PollKind.CONFIDENCE: tr("polls", "Người được lấy phiếu tín nhiệm"),
        PollKind.EVALUATION: tr("polls", "Người được đánh giá, xếp loại"),
        PollKind.SCORING: tr("polls", "Người được chấm điểm"),
        PollKind.MOTION: tr("polls", "Các nội dung biểu quyết"),
        PollKind.NOMINATION: tr("polls", "Người đủ điều kiện được giới thiệu (không bắt buộc)"),
    }
    return titles.get(PollKind(kind), tr("polls", "Danh sách"))


def level_labels() -> tuple[str, ...]:
    """The four levels, best first (value 1 … 4)."""
    return tuple(tr("columns", label) for label in LEVEL_COLUMNS)


def cap_labels() -> tuple[str, ...]:
    """The best level a subject may get (value 1 … 4); 1 is no cap at all."""
    return (
        tr("polls", "Không giới hạn"),
        tr("polls", "Hoàn thành tốt"),
        tr("polls", "Hoàn thành"),
        tr("polls", "Không hoàn thành"),
    )


def item_columns(kind: str) -> list[Column]:
    """The list's columns for a poll kind."""
    if kind == PollKind.MOTION:
        return [Column("name", tr("polls", "Nội dung biểu quyết"), default="", stretch=True)]
    columns = [
        Column("name", tr("polls", "Họ và tên"), default=""),
        Column("birth_year", tr("polls", "Năm sinh"), INT, minimum=1900, maximum=2100, optional=True),
        Column("position", tr("polls", "Chức vụ, đơn vị công tác"), default="", stretch=True),
        Column("note", tr("polls", "Ghi chú"), default=""),
    ]
    if kind == PollKind.EVALUATION:
        columns.append(
            Column(
                "head",
                tr("polls", "Đứng đầu"),
                BOOL,
                default=False,
                tooltip=tr("polls", "Người đứng đầu tập thể: không được xếp mức cao hơn tập thể"),
            )
        )
    if kind in (PollKind.EVALUATION, PollKind.SCORING):
        columns.append(
            Column(
                "max_level",
                tr("polls", "Mức cao nhất"),
                CHOICE,
                default=1,
                choices=cap_labels(),
                tooltip=tr("polls", "Mức cao nhất được xếp, khi điều kiện của người này chỉ cho phép đến một mức"),
            )
        )
    return columns


def criterion_columns() -> list[Column]:
    """The criteria's columns."""
    return [
        Column("name", tr("polls", "Tiêu chí"), default="", stretch=True),
        Column("max_halves", tr("polls", "Điểm tối đa"), HALVES, maximum=2000, default=20),
    ]


def list_items(rows: list[dict[str, Any]], kind: str) -> tuple[ItemSpec, ...]:
    """The table's rows as ItemSpecs (`app.services.drafting`), errors naming the list as this screen does."""
    return drafting.list_items(rows, kind, tr("polls", "Danh sách"))


@cache
def _all_profiles() -> tuple[Profile, ...]:
    return tuple(load_profiles().values())


def profiles_for(kind: str) -> list[Profile]:
    """The rule profiles a poll of `kind` may use, the default one first."""
    default = DEFAULT_PROFILE[PollKind(kind)]
    matching = [p for p in _all_profiles() if kind in p.kinds]
    return sorted(matching, key=lambda p: (p.id != default, p.name))


# ---------------------------------------------------------------------- the poll list


class _PanelScroll(QScrollArea):
    """A panel that scrolls up and down but is never narrower than its widgets: the splitter beside it and the
    window's own scroll area see its real least width (the poll editor was cut on its right at 1024 px)."""

    def setWidget(self, widget: QWidget) -> None:  # Qt's name
        """Show `widget`, and tell the layouts around when its least width changes (another poll's fields)."""
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:  # Qt's name
        hint = super().minimumSizeHint()
        inner = self.widget()
        if inner is None:
            return hint
        width = inner.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        return QSize(max(hint.width(), width), hint.height())


class PollListModel(QAbstractListModel):
    """The meeting's polls, two lines each: title, then kind and status; ✎ marks unsaved edits."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[PollSummary] = []
        self._unsaved: set[str] = set()

    def set_rows(self, rows: list[PollSummary], unsaved: set[str]) -> None:
        """Replace every row (in place when the polls are the same, so the selection stays)."""
        if [r.code for r in rows] == [r.code for r in self._rows]:
            self._rows, self._unsaved = list(rows), set(unsaved)
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, 0))
            return
        self.beginResetModel()
        self._rows, self._unsaved = list(rows), set(unsaved)
        self.endResetModel()

    def row_of(self, code: str | None) -> int:
        """The row of poll `code`, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.code == code), -1)

    def shown(self) -> list[PollSummary]:
        """The polls as last read (in the list's order)."""
        return list(self._rows)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            mark = "✎ " if row.code in self._unsaved else ""
            suffix = tr("polls", " (lần {n})").format(n=row.round_no) if row.round_no > 1 else ""
            return f"{mark}{row.title}{suffix}\n{kind_label(row.kind)} · {status_label(row.status)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            text = tr("polls", "Mã: {code} · {count} dòng trong danh sách").format(code=row.code, count=len(row.items))
            if row.code in self._unsaved:
                text += "\n" + tr("polls", "Có thay đổi chưa ghi")
            return text
        if role == Qt.ItemDataRole.ForegroundRole and row.status != "draft":
            return QBrush(QColor("#444444"))
        return None


# ---------------------------------------------------------------------- dialogs


class ProfileChooser(QWidget):
    """A rule-profile combo filtered by kind, with the profile's one-line explanation under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(24)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet("color: #555;")
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(2)
        self.column.addWidget(self.combo)
        self.column.addWidget(self.explanation)
        self.combo.currentIndexChanged.connect(self._explain)

    def set_kind(self, kind: str, selected: str | None = None) -> None:
        """Offer the profiles of `kind`; select `selected` (default: the kind's default profile)."""
        self.combo.blockSignals(True)
        self.combo.clear()
        for profile in profiles_for(kind):
            self.combo.addItem(profile.name, profile.id)
            self.combo.setItemData(self.combo.count() - 1, profile.describe(), Qt.ItemDataRole.ToolTipRole)
        wanted = selected or DEFAULT_PROFILE[PollKind(kind)]
        row = self.combo.findData(wanted)
        if row < 0 and selected:  # a profile no longer shipped: show it rather than change it silently
            self.combo.addItem(selected, selected)
            row = self.combo.count() - 1
        self.combo.setCurrentIndex(max(row, 0))
        self.combo.blockSignals(False)
        self._explain()

    def profile_id(self) -> str:
        """The chosen profile's id."""
        return str(self.combo.currentData() or "")

    def _explain(self) -> None:
        profile = next((p for p in _all_profiles() if p.id == self.profile_id()), None)
        self.explanation.setText(profile.describe() if profile else "")


def title_example(kind: str) -> str:
    """An example title for a new poll of `kind` (walk 17h: a confidence poll was offered an election's)."""
    examples = {
        PollKind.ELECTION: tr("polls", "Bầu Ban Chấp hành Đảng bộ … khóa …, nhiệm kỳ …"),
        PollKind.CONFIDENCE: tr("polls", "Lấy phiếu tín nhiệm đối với cán bộ lãnh đạo, quản lý năm …"),
        PollKind.EVALUATION: tr("polls", "Đánh giá, xếp loại chất lượng cán bộ năm …"),
        PollKind.SCORING: tr("polls", "Chấm điểm cán bộ … năm …"),
        PollKind.MOTION: tr("polls", "Biểu quyết thông qua Nghị quyết Đại hội …"),
        PollKind.NOMINATION: tr("polls", "Giới thiệu nhân sự quy hoạch … nhiệm kỳ …"),
    }
    return examples.get(PollKind(kind), "") if kind in {k.value for k in PollKind} else ""


class AddPollDialog(QDialog):
    """Ask for a new poll's kind, title, code, seats and rule profile; its list is edited afterwards."""

    def __init__(self, taken: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("polls", "Thêm nội dung bỏ phiếu"))
        self.taken = set(taken)
        self._code_typed = False
        self.kind = QComboBox()
        for kind, label in kind_choices():
            self.kind.addItem(label, kind.value)
        self.title_edit = QLineEdit()
        self.code = QLineEdit()
        self.code.setValidator(QRegularExpressionValidator(QRegularExpression(POLL_CODE.pattern), self.code))
        self.code.setToolTip(
            tr("polls", "Mã ngắn để gọi nội dung này (chữ không dấu, số, - _ .); in trong mã QR, không đổi được.")
        )
        self.code_note = QLabel()
        self.code_note.setStyleSheet("color: #b00020;")
        self.seats = QSpinBox()
        self.seats.setRange(1, MAX_SEATS)
        self.profile = ProfileChooser()
        self.form = QFormLayout(self)
        self.form.addRow(tr("polls", "Loại phiếu:"), self.kind)
        self.form.addRow(tr("polls", "Tên nội dung:"), self.title_edit)
        self.form.addRow(tr("polls", "Mã:"), self.code)
        self.form.addRow("", self.code_note)
        self.seats_label = QLabel()
        self.form.addRow(self.seats_label, self.seats)
        self.form.addRow(tr("polls", "Hồ sơ quy tắc:"), self.profile)
        self.form.addRow(
            "",
            hint(tr("polls", "Danh sách (ứng cử viên, người được lấy phiếu, nội dung biểu quyết…) nhập sau khi thêm.")),
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("polls", "Thêm"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("polls", "Hủy"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form.addRow(self.buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.title_edit.textChanged.connect(self._title_changed)
        self.code.textEdited.connect(self._code_edited)
        self.code.textChanged.connect(self._check)
        self.setMinimumWidth(680)
        # The height is set by _fit: the layout's own minimum measures the wrapped lines at a narrower width.
        self.form.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._kind_changed()

    def showEvent(self, event: QShowEvent) -> None:  # Qt's name
        super().showEvent(event)
        self._fit()

    def _fit(self) -> None:
        """As tall as the rows need at the dialog's width: the wrapped explanation is measured at that width (the
        size hint measures it narrower, and a kind with a shorter explanation would leave empty space)."""
        width = max(self.width(), self.minimumWidth())
        # The explanation's new text, measured afresh now (Qt would do it on its next layout pass, after this).
        self.profile.column.invalidate()
        self.profile.updateGeometry()
        self.form.invalidate()
        height = self.form.totalHeightForWidth(width)
        self.setMinimumHeight(height)
        self.resize(width, height)

    def kind_value(self) -> str:
        """The chosen kind."""
        return str(self.kind.currentData())

    def set_kind(self, kind: str) -> None:
        """Choose a kind (as the user would)."""
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def _kind_changed(self) -> None:
        kind = self.kind_value()
        self.title_edit.setPlaceholderText(title_example(kind))
        label = seats_label(kind)
        self.seats_label.setText(label or "")
        self.form.setRowVisible(self.seats, label is not None)
        self.profile.set_kind(kind)
        self._check()

    def _title_changed(self, title: str) -> None:
        if not self._code_typed:
            self.code.setText(suggest_code(title, self.taken) if title.strip() else "")
        self._check()

    def _code_edited(self, _text: str) -> None:
        self._code_typed = True

    def _check(self) -> None:
        code = self.code.text()
        clash = code in self.taken
        self.code_note.setText(tr("polls", "Mã '{code}' đã có trong hội nghị.").format(code=code) if clash else "")
        self.form.setRowVisible(self.code_note, clash)  # the hidden row takes no space
        ok = bool(self.title_edit.text().strip()) and bool(POLL_CODE.match(code)) and not clash
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        self._fit()

    def spec(self) -> PollSpec:
        """The new poll (empty list)."""
        kind = PollKind(self.kind_value())
        return PollSpec(
            code=self.code.text(),
            kind=kind,
            profile=self.profile.profile_id(),
            title=self.title_edit.text(),
            seats=self.seats.value() if seats_label(kind) else 0,
            items=(),
        )


class ImportPreviewDialog(QDialog):
    """Show the rows read from an Excel file before they replace the list."""

    def __init__(self, items: tuple[ItemSpec, ...], path: Path, current: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("polls", "Nhập danh sách từ Excel"))
        self.items = items
        layout = QVBoxLayout(self)
        text = tr("polls", "Đọc được <b>{n}</b> người từ tệp <b>{file}</b>.").format(n=len(items), file=path.name)
        if current:
            text += " " + tr("polls", "Danh sách hiện có ({m} dòng) sẽ được thay bằng danh sách này.").format(m=current)
        message = QLabel(text)
        message.setWordWrap(True)
        layout.addWidget(message)
        self.model = RowTableModel(item_columns(PollKind.ELECTION), self)
        self.model.set_rows(item_rows(items))
        self.model.set_editable(False)
        self.view = RowTableView(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("polls", "Thay danh sách"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("polls", "Hủy"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(860, 520)


def confirm(parent: QWidget, title: str, text: str, action: str) -> bool:
    """Ask before an action that cannot be undone; Vietnamese buttons, the safe one is the default."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    no = box.addButton(tr("polls", "Không"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


# ---------------------------------------------------------------------- the screen


class _NotMade(KiemPhieuError):
    """A section queued with others (Ctrl+S) not made because an earlier one was refused."""

    def __init__(self) -> None:
        super().__init__("")


class _Stored(NamedTuple):
    """The shown poll as stored: its settings, its list and its criteria (read off the UI thread)."""

    settings: PollSettings
    items: Any
    criteria: Any


@dataclass
class _Draft:
    """Unsaved edits of a poll the user moved away from (restored when it is shown again)."""

    settings: PollSettings | None = None
    items: list[dict[str, Any]] | None = None
    criteria: list[dict[str, Any]] | None = None

    def __bool__(self) -> bool:
        return self.settings is not None or self.items is not None or self.criteria is not None


class PollsScreen(Screen):
    """Add and delete polls; edit the selected poll's settings, list and criteria."""

    lists_polls = True  # the main window hides its own poll list on this screen

    title = str(QT_TRANSLATE_NOOP("nav", "Nội dung bỏ phiếu"))  # str: the stubs say object

    def __init__(self, context: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.code: str | None = None
        self.summary: PollSummary | None = None
        self.settings: PollSettings | None = None
        self.settings_dirty = False
        self._drafts: dict[str, _Draft] = {}
        self._loading = False
        # The list and the shown poll are read off the UI thread (#17): the newest read asked wins, and none is shown
        # while this screen's own writes are queued (each one's change brings a read of what it stored).
        self._asked = 0
        self._asked_for: str | None = None  # the poll the newest read is for
        self._writes = 0  # this screen's writes queued, not yet answered
        self._refresh_owed = False  # a read was dropped while they ran

        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("polls", "Nội dung bỏ phiếu")))
        layout.addWidget(
            hint(
                tr(
                    "polls",
                    "Danh sách, số cần bầu và quy tắc chỉ sửa được khi chưa in phiếu và chưa nhập phiếu. "
                    "Ctrl+S ghi mọi thay đổi.",
                )
            )
        )
        splitter = QSplitter()
        splitter.addWidget(self._build_left())
        splitter.addWidget(self._build_right())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 750])
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_all)
        context.opened.connect(self._forget)
        self._show_nothing()

    # ------------------------------------------------------------------ building

    def _build_left(self) -> QWidget:
        self.poll_model = PollListModel()
        # A one-column table rather than a QListView: its rows grow to fit the wrapped titles exactly.
        self.poll_view = QTableView()
        self.poll_view.setModel(self.poll_model)
        self.poll_view.setWordWrap(True)
        self.poll_view.setShowGrid(False)
        self.poll_view.setAlternatingRowColors(True)
        self.poll_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.poll_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.poll_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.poll_view.horizontalHeader().hide()
        self.poll_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.poll_view.verticalHeader().hide()
        self.poll_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.poll_view.setMinimumWidth(170)
        self.poll_view.setItemDelegate(_RoomyDelegate(self.poll_view))
        self.poll_view.selectionModel().currentRowChanged.connect(self._poll_chosen)
        self.add_poll_button = QPushButton(tr("polls", "Thê&m…"))
        self.add_poll_button.setToolTip(tr("polls", "Thêm một nội dung bỏ phiếu"))
        self.delete_poll_button = QPushButton(tr("polls", "&Xóa"))
        self.delete_poll_button.setToolTip(tr("polls", "Xóa nội dung đang chọn (chỉ khi chưa in, chưa nhập phiếu)"))
        self.add_poll_button.clicked.connect(self.add_poll)
        self.delete_poll_button.clicked.connect(self.delete_poll)
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.poll_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_poll_button)
        buttons.addWidget(self.delete_poll_button)
        box.addLayout(buttons)
        return left

    def _build_right(self) -> QWidget:
        right = QWidget()
        box = QVBoxLayout(right)
        box.setContentsMargins(4, 0, 0, 0)
        self.poll_heading = QLabel()
        self.poll_heading.setWordWrap(True)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        box.addWidget(self.poll_heading)
        box.addWidget(self.state_label)

        # --- settings
        self.settings_box = QGroupBox(tr("polls", "Thiết lập"))
        self.settings_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        form = QFormLayout(self.settings_box)
        self.title_edit = QLineEdit()
        self.seats = QSpinBox()
        self.seats.setRange(0, MAX_SEATS)
        self.seats_caption = QLabel()
        self.profile = ProfileChooser()
        self.binding = QCheckBox(tr("polls", "Hai mức: Tín nhiệm / Không tín nhiệm (bỏ phiếu tín nhiệm)"))
        self.collective = QComboBox()
        self.collective.addItem(tr("polls", "(chưa xếp loại tập thể)"), None)
        for value, label in enumerate(level_labels(), start=1):
            self.collective.addItem(label, value)
        self.collective.setToolTip(tr("polls", "Để kiểm tra người đứng đầu không được xếp mức cao hơn tập thể"))
        self.issued = QSpinBox()
        self.issued.setRange(-1, MAX_BALLOTS)
        self.issued.setSpecialValueText(tr("polls", "theo sổ phiếu in"))
        self.issued.setToolTip(
            tr("polls", "Chỉ nhập khi phiếu không in từ chương trình; nếu không, lấy từ sổ phiếu đã in.")
        )
        self.save_settings_button = QPushButton(tr("polls", "Ghi thiết lập"))
        # The seats and the issued count on rows of their own: side by side with the button they made the
        # nomination poll's editor (its seats are "Số tên được ghi tối đa") too wide for a 1024-px window.
        self.seats_row = QWidget()
        seats_line = QHBoxLayout(self.seats_row)
        seats_line.setContentsMargins(0, 0, 0, 0)
        seats_line.addWidget(self.seats)
        seats_line.addStretch(1)
        issued_row = QWidget()
        issued_line = QHBoxLayout(issued_row)
        issued_line.setContentsMargins(0, 0, 0, 0)
        issued_line.addWidget(self.issued)
        issued_line.addStretch(1)
        issued_line.addWidget(self.save_settings_button)
        form.addRow(tr("polls", "Tên nội dung:"), self.title_edit)
        form.addRow(tr("polls", "Hồ sơ quy tắc:"), self.profile)
        form.addRow(tr("polls", "Tín nhiệm:"), self.binding)
        form.addRow(tr("polls", "Mức của tập thể:"), self.collective)
        form.addRow(self.seats_caption, self.seats_row)
        form.addRow(tr("polls", "Số phiếu phát ra:"), issued_row)
        self.settings_form = form
        box.addWidget(self.settings_box)

        # --- the list and the criteria
        self.items_model = RowTableModel(item_columns(PollKind.ELECTION), self)
        self.items_editor = RowEditor(
            self.items_model, add_text=tr("polls", "Thêm &dòng"), remove_text=tr("polls", "Xóa dò&ng"), vertical=True
        )
        self.items_view = self.items_editor.view
        self.sort_button = QPushButton(tr("polls", "Xếp &vần A, B, C"))
        self.sort_button.setToolTip(tr("polls", "Xếp theo tên, rồi họ, rồi tên đệm (như danh sách bầu cử)"))
        self.import_button = QPushButton(tr("polls", "Nhập từ &Excel…"))
        self.import_button.setToolTip(
            tr("polls", "Tệp .xlsx có dòng tiêu đề 'Họ và tên', 'Năm sinh', 'Chức vụ', 'Ghi chú'")
        )
        self.save_items_button = QPushButton(tr("polls", "Ghi danh sách"))
        self.items_editor.buttons.addSpacing(8)
        self.items_editor.buttons.addWidget(self.sort_button)
        self.items_editor.buttons.addWidget(self.import_button)
        self.items_editor.finish_buttons(self.save_items_button)

        self.criteria_model = RowTableModel(criterion_columns(), self)
        self.criteria_editor = RowEditor(
            self.criteria_model,
            add_text=tr("polls", "Thêm tiêu chí"),
            remove_text=tr("polls", "Xóa tiêu chí"),
            vertical=True,  # the buttons beside the table, as for the list: a row of them was too wide for 1024 px
        )
        self.criteria_total = QLabel()
        self.criteria_total.setWordWrap(True)
        self.save_criteria_button = QPushButton(tr("polls", "Ghi tiêu chí"))
        self.criteria_editor.buttons.addSpacing(12)
        self.criteria_editor.buttons.addWidget(self.criteria_total)
        self.criteria_editor.finish_buttons(self.save_criteria_button)

        # The list and the criteria share the space as tabs: a 768-pixel screen has no room for both.
        self.tabs = QTabWidget()
        self.tabs.addTab(self.items_editor, "")
        self.tabs.addTab(self.criteria_editor, tr("polls", "Tiêu chí chấm điểm"))
        self.tabs.setTabToolTip(1, tr("polls", "Tên tiêu chí và điểm tối đa (cho phép nửa điểm, ví dụ 7,5)"))
        box.addWidget(self.tabs, 1)

        # --- signals
        self.title_edit.textEdited.connect(self._settings_touched)
        self.seats.valueChanged.connect(self._settings_touched)
        self.profile.combo.currentIndexChanged.connect(self._settings_touched)
        self.binding.toggled.connect(self._settings_touched)
        self.collective.currentIndexChanged.connect(self._settings_touched)
        self.issued.valueChanged.connect(self._settings_touched)
        self.items_model.edited.connect(self._update_state)
        self.criteria_model.edited.connect(self._update_state)
        self.save_settings_button.clicked.connect(self.save_settings)
        self.save_items_button.clicked.connect(self.save_items)
        self.save_criteria_button.clicked.connect(self.save_criteria)
        self.sort_button.clicked.connect(self.sort_abc)
        self.import_button.clicked.connect(self.import_excel)
        # Nothing is squeezed on a small screen: the panel scrolls instead (word-wrapped labels keep their lines).
        scroll = _PanelScroll()
        scroll.setWidget(right)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return scroll

    # ------------------------------------------------------------------ showing

    def _forget(self) -> None:
        """Another meeting file was opened: drop every unsaved edit of the previous one."""
        self._drafts.clear()
        self.code = None
        self._writes = 0  # an answer for the previous file is dropped (ui/ops.py): none is waited for
        self._refresh_owed = False
        self.settings_dirty = False
        self.items_model.dirty = False
        self.criteria_model.dirty = False

    def refresh(self) -> None:
        """Reload the poll list and show the current poll (keeping edits not yet saved)."""
        if not self.context.is_open:
            return
        code = self.context.current_poll
        self._asked += 1
        self._asked_for = code
        asked = self._asked

        def read(session: Session) -> tuple[list[PollSummary], _Stored | None]:
            summaries = polls.list_polls(session)
            if code is None or all(s.code != code for s in summaries):
                return summaries, None
            return summaries, _Stored(
                editing.poll_settings(session, code),
                editing.item_specs(session, code),
                editing.criterion_specs(session, code),
            )

        # Off the UI thread (#17). The edits not yet saved are stashed when the answer is shown, not when it is asked
        # for: what is typed meanwhile is kept with them.
        QueryOp(self, self.context, read).success(lambda got: self._refreshed(asked, code, *got)).run()

    def _refreshed(self, asked: int, code: str | None, summaries: list[PollSummary], stored: _Stored | None) -> None:
        if asked != self._asked:
            return  # a newer read is coming
        if self._writes:
            self._refresh_owed = True  # read before this screen's writes are all stored: read again after them
            return
        self._stash()
        codes = {s.code for s in summaries}
        self._drafts = {code: draft for code, draft in self._drafts.items() if code in codes}
        self._loading = True
        try:
            self.poll_model.set_rows(summaries, set(self._drafts))
            row = self.poll_model.row_of(code)
            if row >= 0:
                self.poll_view.setCurrentIndex(self.poll_model.index(row, 0))
        finally:
            self._loading = False
        summary = next((s for s in summaries if s.code == code), None)
        if summary is None or stored is None:
            self.code = None
            self._show_nothing()
        else:
            self._show(summary, stored)
        self.delete_poll_button.setEnabled(summary is not None)

    def _poll_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._loading or not current.isValid():
            return
        summary = self.poll_model.data(current, ROW_ROLE)
        if summary is not None and summary.code != self.context.current_poll:
            self.context.select_poll(summary.code)  # the main window refreshes this screen
            if self._asked_for != summary.code:
                self.refresh()  # shown on its own (tests, or outside the main window)

    def _stash(self) -> None:
        """Keep the shown poll's unsaved edits aside."""
        if self.code is None:
            return
        self.items_view.commit_pending()
        self.criteria_editor.view.commit_pending()
        draft = _Draft(
            settings=self.form_settings() if self.settings_dirty else None,
            items=self.items_model.rows() if self.items_model.dirty else None,
            criteria=self.criteria_model.rows() if self.criteria_model.dirty else None,
        )
        if draft:
            self._drafts[self.code] = draft
        else:
            self._drafts.pop(self.code, None)

    def _show(self, summary: PollSummary, stored: _Stored) -> None:
        code = summary.code
        settings, items, criteria = stored
        draft = self._drafts.pop(code, _Draft())
        editable = summary.status == "draft"
        if not editable:  # printed meanwhile: only a new title can still be saved
            draft = _Draft(settings=replace(settings, title=draft.settings.title) if draft.settings else None)
        self.code, self.summary, self.settings = code, summary, settings
        kind = summary.kind
        self._loading = True
        try:
            shown = draft.settings or settings
            self.title_edit.setText(shown.title)
            self.title_edit.setCursorPosition(0)
            caption = seats_label(kind)
            self.seats_caption.setText(caption or "")
            self.settings_form.setRowVisible(self.seats_row, caption is not None)
            self.seats.setMinimum(1 if caption else 0)
            self.seats.setValue(shown.seats)
            self.profile.set_kind(kind, shown.profile)
            self.binding.setChecked(shown.binding)
            self.collective.setCurrentIndex(max(0, self.collective.findData(shown.collective_level)))
            self.issued.setValue(-1 if shown.issued is None else shown.issued)
            self.settings_form.setRowVisible(self.binding, kind == PollKind.CONFIDENCE)
            self.settings_form.setRowVisible(self.collective, kind == PollKind.EVALUATION)
            self.settings_dirty = draft.settings is not None
            self.items_model.set_columns(item_columns(kind))
            self.items_model.set_rows(
                draft.items if draft.items is not None else item_rows(items), dirty=draft.items is not None
            )
            self.criteria_model.set_rows(
                draft.criteria
                if draft.criteria is not None
                else [{"name": c.name, "max_halves": c.max_halves} for c in criteria],
                dirty=draft.criteria is not None,
            )
        finally:
            self._loading = False
        self.tabs.setTabVisible(1, kind == PollKind.SCORING)
        if kind != PollKind.SCORING:
            self.tabs.setCurrentIndex(0)
        is_motion = kind == PollKind.MOTION
        self.sort_button.setVisible(not is_motion)
        self.import_button.setVisible(not is_motion)
        self.poll_heading.setText(f"<span style='font-size:large'><b>{_html(summary.title)}</b></span>")
        self._apply_lock(editable)
        self._update_state()

    def _show_nothing(self) -> None:
        self.summary = self.settings = None
        self.title_edit.clear()
        self.poll_heading.setText(
            tr("polls", "<i>Chưa có nội dung bỏ phiếu nào. Bấm “Thêm…” để thêm nội dung đầu tiên.</i>")
            if self.context.is_open
            else ""
        )
        self.state_label.setText("")
        self.settings_box.setEnabled(False)
        for row in (self.seats_row, self.binding, self.collective):  # no poll: no kind's own fields
            self.settings_form.setRowVisible(row, False)
        self.tabs.setEnabled(False)
        self.tabs.setTabVisible(1, False)
        self.items_model.set_rows([])
        self.delete_poll_button.setEnabled(False)

    def _apply_lock(self, editable: bool) -> None:
        """A printed or counted poll keeps its list and rules; only its title may still change."""
        self.settings_box.setEnabled(True)
        self.tabs.setEnabled(True)
        for widget in (self.seats, self.profile, self.binding, self.collective, self.issued):
            widget.setEnabled(editable)
        self.items_model.set_editable(editable)
        self.criteria_model.set_editable(editable)
        for button in (self.sort_button, self.import_button, self.save_items_button, self.save_criteria_button):
            button.setEnabled(editable)
        edit_triggers = (
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        for view in (self.items_view, self.criteria_editor.view):
            view.setEditTriggers(edit_triggers if editable else QAbstractItemView.EditTrigger.NoEditTriggers)

    def _update_state(self) -> None:
        """The status line: where the poll stands and what is not saved yet."""
        if self.summary is None:
            return
        summary = self.summary
        status, kind = summary.status, summary.kind
        colour = STATUS_COLOURS.get(status, "#000000")
        text = tr("polls", "{kind} · mã {code}{round} · Trạng thái: <b style='color:{colour}'>{status}</b>").format(
            kind=kind_label(kind),
            code=summary.code,
            round=tr("polls", " · lần bầu {n}").format(n=summary.round_no) if summary.round_no > 1 else "",
            colour=colour,
            status=status_label(status),
        )
        if status != "draft":
            text += " — " + tr(
                "polls",
                "đã in phiếu hoặc đã nhập phiếu nên danh sách, số cần bầu và quy tắc đã khóa; "
                "chỉ còn sửa được tên nội dung.",
            )
        pending = [
            label
            for label, dirty in (
                (tr("polls", "thiết lập"), self.settings_dirty),
                (tr("polls", "danh sách"), self.items_model.dirty),
                (tr("polls", "tiêu chí"), self.criteria_model.dirty),
            )
            if dirty
        ]
        if status == "draft":
            missing = []
            if self.items_model.rowCount() == 0 and kind != PollKind.NOMINATION:
                missing.append(tr("polls", "danh sách chưa có dòng nào"))
            if kind == PollKind.SCORING and self.criteria_model.rowCount() == 0:
                missing.append(tr("polls", "chưa có tiêu chí chấm điểm"))
            if missing:
                text += "<br><span style='color:#b00020'>{}</span>".format(
                    tr("polls", "Chưa in phiếu được: {what}.").format(what="; ".join(missing))
                )
        if pending:
            text += "<br><span style='color:#b36b00'>✎ {}</span>".format(
                tr("polls", "Chưa ghi: {what}.").format(what=", ".join(pending))
            )
        self.state_label.setText(text)
        self.tabs.setTabText(
            0, tr("polls", "{title} · {n} dòng").format(title=list_title(kind), n=self.items_model.rowCount())
        )
        if kind == PollKind.SCORING:
            rows = self.criteria_model.rows()
            total = format_halves(sum(row["max_halves"] or 0 for row in rows))
            self.criteria_total.setText(tr("polls", "Tổng điểm tối đa: <b>{total}</b>").format(total=total))
            self.tabs.setTabText(1, tr("polls", "Tiêu chí chấm điểm · {n}").format(n=len(rows)))

    def _settings_touched(self) -> None:
        if not self._loading:
            self.settings_dirty = True
            self._update_state()

    def form_settings(self) -> PollSettings:
        """The settings as shown in the form."""
        assert self.settings is not None
        issued = self.issued.value()
        return PollSettings(
            title=self.title_edit.text(),
            seats=self.seats.value() if self.summary and seats_label(self.summary.kind) else self.settings.seats,
            profile=self.profile.profile_id(),
            binding=self.binding.isChecked() if self.summary and self.summary.kind == PollKind.CONFIDENCE else False,
            collective_level=self.collective.currentData(),
            issued=None if issued < 0 else issued,
            rules=self.settings.rules,
        )

    # ------------------------------------------------------------------ writing

    def _write(
        self,
        store: Callable[[Session], Any],
        *sections: str,
        code: str,
        said: Callable[[Any], str] | None = None,
        here: bool = False,
        stop: threading.Event | None = None,
        changes: Changes | None = None,
    ) -> bool:
        """Run `store(session)` in one transaction on the writer thread (`here`: on this one, done when this returns:
        the close prompt's last save). The sections it saves count as clean while it runs, so the refresh that
        follows shows what is stored; if it fails, they stay unsaved. `said(result)`: the status-bar message.

        `stop`, shared by writes queued together (Ctrl+S): after one is refused, the next ones are not made.
        True when stored, or queued (its refusal is said when it comes); False when refused."""
        before = {s: self._dirty(s) for s in sections}
        for section in sections:
            self._set_dirty(section, False)
        outcome: list[bool] = []

        def guarded(session: Session) -> Any:
            if stop is not None and stop.is_set():
                raise _NotMade()
            try:
                return store(session)
            except BaseException:
                if stop is not None:
                    stop.set()
                raise

        def answered() -> None:
            self._writes -= 1
            if not self._writes and self._refresh_owed:
                self._refresh_owed = False
                self.refresh()

        def stored(result: Any) -> None:
            outcome.append(True)
            answered()
            if said is not None:
                self._done(said(result))

        def refused(exc: BaseException) -> None:
            outcome.append(False)
            answered()
            for section, dirty in before.items():
                self._set_dirty(section, dirty or self._dirty(section))
            self._update_state()
            if not isinstance(exc, _NotMade):
                show_error(self, in_words(self.context, exc))

        self._writes += 1
        op = CollectionOp(self, self.context, guarded, changes or Changes.poll(code)).success(stored).failure(refused)
        if not here:
            op.run()
            return not outcome or outcome[0]
        try:
            op.run_here()
        finally:
            if not outcome:  # not run (no file) or an unexpected error on its way to the crash dialog
                answered()
        return bool(outcome) and outcome[0]

    def _dirty(self, section: str) -> bool:
        if section == "settings":
            return self.settings_dirty
        return (self.items_model if section == "items" else self.criteria_model).dirty

    def _set_dirty(self, section: str, value: bool) -> None:
        if section == "settings":
            self.settings_dirty = value
        else:
            (self.items_model if section == "items" else self.criteria_model).dirty = value

    def _title(self, code: str) -> str:
        """The title of poll `code` as last read (its code when it is gone)."""
        return next((p.title for p in self.poll_model.shown() if p.code == code), code)

    def _done(self, message: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, 4000)

    def save_settings(self, *, here: bool = False, stop: threading.Event | None = None) -> bool:
        """Store the title, seats, profile and options (update_poll)."""
        if self.code is None or self.settings is None:
            return False
        code, settings, actor = self.code, self.form_settings(), self.context.actor()

        def store(session: Session) -> PollSummary:
            return editing.update_poll(session, code=code, settings=settings, actor=actor)

        def said(_result: object) -> str:
            return tr("polls", "Đã ghi thiết lập của nội dung “{title}”.").format(title=settings.title)

        return self._write(store, "settings", code=code, said=said, here=here, stop=stop)

    def _rows_for_saving(self) -> tuple[str, list[dict[str, Any]]]:
        assert self.summary is not None
        self.items_view.commit_pending()
        return self.summary.kind, self.items_model.rows()

    def save_items(self, *, here: bool = False, stop: threading.Event | None = None) -> bool:
        """Store the list in the order shown (replace_items)."""
        if self.code is None:
            return False
        code, actor = self.code, self.context.actor()
        kind, rows = self._rows_for_saving()

        def store(session: Session) -> PollSummary:
            return polls.replace_items(session, code=code, items=list_items(rows, kind), actor=actor)

        def said(summary: PollSummary) -> str:
            return tr("polls", "Đã ghi danh sách của nội dung “{title}”.").format(title=summary.title)

        return self._write(store, "items", code=code, said=said, here=here, stop=stop)

    def save_criteria(self, *, here: bool = False, stop: threading.Event | None = None) -> bool:
        """Store the scoring criteria (replace_criteria)."""
        if self.code is None:
            return False
        self.criteria_editor.view.commit_pending()
        code, actor = self.code, self.context.actor()
        criteria = [CriterionSpec(r["name"] or "", r["max_halves"] or 0) for r in self.criteria_model.rows()]

        def store(session: Session) -> bool:
            editing.replace_criteria(session, code=code, criteria=criteria, actor=actor)
            return True

        def said(_result: object) -> str:
            return tr("polls", "Đã ghi tiêu chí chấm điểm của nội dung “{title}”.").format(title=self._title(code))

        return self._write(store, "criteria", code=code, said=said, here=here, stop=stop)

    def save_all(self, *, here: bool = False) -> bool:
        """Ctrl+S: store every section that has changes (a cell still being typed in included), one after another
        on the writer thread, stopping at the first refusal (`here`: on this thread, done when this returns)."""
        self.items_view.commit_pending()
        self.criteria_editor.view.commit_pending()
        stop = threading.Event()
        if self.settings_dirty and not self.save_settings(here=here, stop=stop):
            return False
        if self.items_model.dirty and not self.save_items(here=here, stop=stop):
            return False
        return not (self.criteria_model.dirty and not self.save_criteria(here=here, stop=stop))

    # ------------------------------------------------------------------ closing

    def _unsaved_titles(self) -> list[str]:
        self.items_view.commit_pending()
        self.criteria_editor.view.commit_pending()
        codes = set(self._drafts)
        if self.code is not None and (self.settings_dirty or self.items_model.dirty or self.criteria_model.dirty):
            codes.add(self.code)
        titles = {s.code: s.title for s in self.poll_model.shown()}
        return [titles.get(code, code) for code in sorted(codes)]

    def pending_work(self) -> str | None:
        titles = self._unsaved_titles()
        if not titles:
            return None
        return tr("polls", "Nội dung bỏ phiếu có thay đổi chưa ghi: {titles}.").format(titles="; ".join(titles))

    def save_pending(self) -> bool:
        """The close prompt's Lưu: the shown poll's edits, then the other polls' (their drafts), each section in its
        own transaction on this thread (the file closes right after), stopping at the first refusal, which shows
        that poll."""
        if not self.save_all(here=True):
            return False
        kinds = {s.code: s.kind for s in self.poll_model.shown()}
        for code, draft in list(self._drafts.items()):
            if not self._save_draft(code, kinds.get(code), draft):
                self.context.select_poll(code)
                return False
            self._drafts.pop(code, None)
        return not self._unsaved_titles()

    def _save_draft(self, code: str, kind: str | None, draft: _Draft) -> bool:
        """Store the unsaved edits of poll `code`, not shown (the close prompt): True when all are stored."""
        actor = self.context.actor()
        stores: list[Callable[[Session], Any]] = []
        if draft.settings is not None:
            settings = draft.settings
            stores.append(lambda s: editing.update_poll(s, code=code, settings=settings, actor=actor))
        if draft.items is not None and kind is not None:
            items = list_items(draft.items, kind)
            stores.append(lambda s: polls.replace_items(s, code=code, items=items, actor=actor))
        if draft.criteria is not None:
            criteria = [CriterionSpec(r["name"] or "", r["max_halves"] or 0) for r in draft.criteria]
            stores.append(lambda s: editing.replace_criteria(s, code=code, criteria=criteria, actor=actor))
        return all(CollectionOp(self, self.context, store, Changes.poll(code)).run_here() for store in stores)

    def drop_pending(self) -> None:
        self._forget()
        if self.context.is_open:
            self.refresh()  # show what is stored again

    def sort_abc(self) -> None:
        """Put the list in ABC order (after storing the rows as shown, in the same transaction)."""
        if self.code is None:
            return
        code, actor = self.code, self.context.actor()
        kind, rows = self._rows_for_saving()
        unsaved = self.items_model.dirty

        def store(session: Session) -> list[str]:
            if unsaved:
                polls.replace_items(session, code=code, items=list_items(rows, kind), actor=actor)
            return polls.sort_items_abc(session, code=code, actor=actor)

        self._write(store, "items", code=code, said=lambda _result: tr("polls", "Đã xếp danh sách theo vần A, B, C."))

    def import_excel(self) -> None:
        """Read a list from an .xlsx file, show it, and replace the list if the user agrees."""
        if self.code is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("polls", "Chọn tệp Excel danh sách"),
            str(self.context.start_folder()),
            tr("polls", "Tệp Excel (*.xlsx);;Mọi tệp (*)"),
        )
        if not path:
            return
        code = self.code
        run_in_background(
            self,
            lambda job: importing.read_items_xlsx(Path(path)),
            lambda items: self._preview_import(code, Path(path), items),
            writes=False,
        )

    def _preview_import(self, code: str, path: Path, items: tuple[ItemSpec, ...]) -> None:
        if code != self.code:
            return
        dialog = ImportPreviewDialog(items, path, self.items_model.rowCount(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        actor = self.context.actor()

        def store(session: Session) -> PollSummary:
            return polls.replace_items(session, code=code, items=items, actor=actor)

        def said(_result: object) -> str:
            return tr("polls", "Đã nhập {n} người từ {file}.").format(n=len(items), file=path.name)

        self._write(store, "items", code=code, said=said)

    # ------------------------------------------------------------------ adding and deleting polls

    def add_poll(self) -> None:
        """Ask for a new poll and add it (its list is edited afterwards)."""
        taken = {s.code for s in self.poll_model.shown()}  # as last read (the service refuses a code taken since)
        dialog = AddPollDialog(taken, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.create_poll(dialog.spec())

    def create_poll(self, poll: PollSpec) -> bool:
        """Store `poll` (on the writer thread) and select it. True when stored or queued, False when refused."""
        actor = self.context.actor()

        def store(session: Session) -> str:
            polls.add_poll(session, poll, actor=actor)
            return poll.code

        outcome: list[bool] = []

        def added(_code: str) -> None:
            outcome.append(True)
            self.context.select_poll(poll.code)
            if self._asked_for != poll.code:
                self.refresh()
            self.tabs.setCurrentIndex(0)
            self.items_view.setFocus()  # its list is typed next
            self._done(tr("polls", "Đã thêm nội dung '{title}'. Hãy nhập danh sách.").format(title=poll.title))

        def refused(exc: BaseException) -> None:
            outcome.append(False)
            show_error(self, in_words(self.context, exc))

        CollectionOp(self, self.context, store, Changes(polls=frozenset({poll.code}), poll_list=True)).success(
            added
        ).failure(refused).run()
        return not outcome or outcome[0]

    def delete_poll(self) -> None:
        """Delete the selected poll after asking (the service refuses one with ballots)."""
        if self.code is None or self.summary is None:
            return
        code, title, actor = self.code, self.summary.title, self.context.actor()
        question = tr("polls", "Xóa nội dung “{title}” (mã {code}) cùng danh sách của nó?").format(
            title=title, code=code
        )
        if not confirm(self, tr("polls", "Xóa nội dung bỏ phiếu"), question, tr("polls", "Xóa")):
            return

        def deleted(_result: object) -> None:
            self._drafts.pop(code, None)
            if self.code == code:
                self.code = None
                self.settings_dirty = False
                self.items_model.dirty = self.criteria_model.dirty = False
                self.refresh()
            self._done(tr("polls", "Đã xóa nội dung “{title}”.").format(title=title))

        CollectionOp(
            self,
            self.context,
            lambda s: editing.delete_poll(s, code=code, actor=actor),
            Changes(polls=frozenset({code}), poll_list=True),
        ).success(deleted).run()


class _RoomyDelegate(QStyledItemDelegate):
    """A little air between the polls of the list."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + 8)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


SCREEN = PollsScreen
