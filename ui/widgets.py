"""Shared widgets: an editable list of rows (model, delegate, view, buttons) used by the meeting, committee and
poll screens for exclusions, the committee, candidate lists and scoring criteria (docs/architecture.md §1: a model,
not a QTableWidget)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QIntValidator, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.rules.points import PointsError, format_points, parse_points
from ui.i18n import tr

TEXT, INT, BOOL, HALVES, CHOICE = "text", "int", "bool", "halves", "choice"
ROWS_MIME = "application/x-kiemphieu-rows"

Index = QModelIndex | QPersistentModelIndex


class DateField(QDateEdit):
    """A date field that one Tab leaves, as any other field (QDateEdit's Tab walks day, month, year first).

    The day, month and year are still reached with the arrow keys, and typing a full day or month moves on."""

    def focusNextPrevChild(self, next: bool) -> bool:  # Qt's names
        return QWidget.focusNextPrevChild(self, next)


@dataclass(frozen=True)
class Column:
    """One column of an editable row list.

    `kind` is TEXT, INT (whole number in [minimum, maximum], None allowed when `optional`), BOOL (a
    check box), HALVES (points stored in half points, edited as 30 or 30,5) or CHOICE (a value 1, 2, …
    shown as choices[value - 1]). `suggestions` offers ready-made texts for a TEXT column.
    """

    key: str
    header: str
    kind: str = TEXT
    minimum: int = 0
    maximum: int = 100_000
    optional: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    stretch: bool = False
    tooltip: str = ""


def format_halves(halves: int | None) -> str:
    """Half points as the committee writes them: 30, 30,5."""
    return format_points(halves)


class RowTableModel(QAbstractTableModel):
    """Rows (dicts keyed by Column.key) that the user edits, adds, removes and reorders.

    `dirty` is set by every user change and cleared by set_rows(); `edited` fires after each change.
    Reordering by drag and drop moves rows with moveRows (the view never deletes the dragged row).
    """

    edited = Signal()

    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._rows: list[dict[str, Any]] = []
        self._editable = True
        self.dirty = False

    # ------------------------------------------------------------------ content

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns, left to right."""
        return self._columns

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Change the columns (keeps the rows' values for keys that remain)."""
        self.beginResetModel()
        self._columns = tuple(columns)
        self.endResetModel()

    def set_rows(self, rows: Iterable[Mapping[str, Any]], *, dirty: bool = False) -> None:
        """Replace every row; `dirty` says whether these rows are unsaved edits."""
        self.beginResetModel()
        self._rows = [self._complete(row) for row in rows]
        self.endResetModel()
        self.dirty = dirty

    def rows(self) -> list[dict[str, Any]]:
        """A copy of the rows."""
        return [dict(row) for row in self._rows]

    def new_row(self) -> dict[str, Any]:
        """A row of default values."""
        return {c.key: c.default for c in self._columns}

    def _complete(self, row: Mapping[str, Any]) -> dict[str, Any]:
        result = self.new_row()
        result.update(row)
        return result

    @property
    def editable(self) -> bool:
        """Whether the user may change the rows."""
        return self._editable

    def set_editable(self, editable: bool) -> None:
        """Allow or refuse edits (e.g. a poll whose ballots are printed)."""
        if editable != self._editable:
            self.beginResetModel()
            self._editable = editable
            self.endResetModel()

    def _changed(self) -> None:
        self.dirty = True
        self.edited.emit()

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._columns):
                return None
            column = self._columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.header
            if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
                return column.tooltip
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)  # the row number is the order on the ballot (STT)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self._columns[index.column()]
        row = self._rows[index.row()]
        value = row.get(column.key)
        if column.kind == BOOL:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return ""
            if column.kind == HALVES:
                return format_halves(value)
            if column.kind == CHOICE:
                return column.choices[value - 1] if 1 <= value <= len(column.choices) else str(value)
            return str(value)
        if role == Qt.ItemDataRole.EditRole:
            if column.kind == HALVES:
                return None if value is None else value / 2
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in (INT, HALVES):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column.kind == TEXT and value:
            return str(value)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not self._editable:
            return False
        column = self._columns[index.column()]
        if column.kind == BOOL:
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            checked = value == Qt.CheckState.Checked or value == Qt.CheckState.Checked.value
            new: Any = bool(checked)
        elif role != Qt.ItemDataRole.EditRole:
            return False
        else:
            try:
                new = self._convert(column, value)
            except ValueError:
                return False
        row = self._rows[index.row()]
        if row.get(column.key) == new:
            return True
        row[column.key] = new
        self.dataChanged.emit(index, index, [role, Qt.ItemDataRole.DisplayRole])
        self._changed()
        return True

    @staticmethod
    def _convert(column: Column, value: Any) -> Any:
        if column.kind == TEXT:
            return "" if value is None else str(value)
        if column.kind == HALVES:
            if value is None or str(value).strip() == "":
                raise ValueError(value)
            try:
                halves = parse_points(str(value))  # a spin box's 8.5 or a typed 8,5; never rounded
            except PointsError:
                raise ValueError(value) from None
            if halves is None or halves < 1:
                raise ValueError(value)
            return halves
        # INT and CHOICE: a whole number in range (CHOICE: 1 … len(choices))
        if value is None or str(value).strip() == "":
            if column.optional:
                return None
            raise ValueError(value)
        number = int(str(value).strip())
        high = len(column.choices) if column.kind == CHOICE else column.maximum
        low = 1 if column.kind == CHOICE else column.minimum
        if not low <= number <= high:
            raise ValueError(value)
        return number

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            # Drops land between rows, never on a row: rows are moved, not merged.
            return Qt.ItemFlag.ItemIsDropEnabled if self._editable else Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
            if self._columns[index.column()].kind == BOOL:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            else:
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def insertRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or count < 1 or not 0 <= row <= len(self._rows):
            return False
        self.beginInsertRows(QModelIndex(), row, row + count - 1)
        self._rows[row:row] = [self.new_row() for _ in range(count)]
        self.endInsertRows()
        self._changed()
        return True

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or count < 1 or row < 0 or row + count > len(self._rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self._rows[row : row + count]
        self.endRemoveRows()
        self._changed()
        return True

    def moveRows(
        self, source_parent: Index, source_row: int, count: int, destination_parent: Index, destination_child: int
    ) -> bool:
        """Move `count` rows from `source_row` to before row `destination_child` (numbered before the move)."""
        if source_parent.isValid() or destination_parent.isValid() or count < 1:
            return False
        if source_row < 0 or source_row + count > len(self._rows) or not 0 <= destination_child <= len(self._rows):
            return False
        if source_row <= destination_child <= source_row + count:
            return False  # already there
        if not self.beginMoveRows(QModelIndex(), source_row, source_row + count - 1, QModelIndex(), destination_child):
            return False
        block = self._rows[source_row : source_row + count]
        del self._rows[source_row : source_row + count]
        at = destination_child if destination_child < source_row else destination_child - count
        self._rows[at:at] = block
        self.endMoveRows()
        self._changed()
        return True

    # ------------------------------------------------------------------ row helpers

    def add_row(self, values: Mapping[str, Any] | None = None, at: int | None = None) -> int:
        """Insert a row (defaults, then `values`) at `at` (default: the end); returns its number."""
        row = len(self._rows) if at is None else at
        if not self._editable or not self.insertRows(row, 1):
            return -1
        if values:
            self._rows[row].update(values)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._columns) - 1))
        return row

    def move_row(self, row: int, step: int) -> int:
        """Move row `row` up (step -1) or down (+1); returns where it is now."""
        target = row + step
        if not self._editable or not (0 <= row < len(self._rows) and 0 <= target < len(self._rows)):
            return row
        destination = target if step < 0 else target + 1
        return target if self.moveRows(QModelIndex(), row, 1, QModelIndex(), destination) else row

    # ------------------------------------------------------------------ drag and drop

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROWS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime = QMimeData()
        mime.setData(ROWS_MIME, QByteArray(",".join(str(r) for r in rows).encode()))
        return mime

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        return self._editable and data.hasFormat(ROWS_MIME) and action == Qt.DropAction.MoveAction

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        """Move the dragged rows to the drop position.

        Returns False on purpose: the move is done here, so the view must not delete the source rows
        as it would after an accepted move.
        """
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        text = bytes(data.data(ROWS_MIME).data()).decode()
        rows = [int(r) for r in text.split(",") if r.strip().isdigit()]
        if not rows:
            return False
        first, count = rows[0], len(rows)
        if rows != list(range(first, first + count)):
            count = 1  # a scattered selection: move the first row only
        destination = row if row >= 0 else (parent.row() if parent.isValid() else len(self._rows))
        self.moveRows(QModelIndex(), first, count, QModelIndex(), destination)
        return False


class RowDelegate(QStyledItemDelegate):
    """Editors that fit each column: year fields, half-point spin boxes, level choices, suggestions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._combo_widths: dict[tuple[str, ...], int] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """A column edited in a combo box is as wide as the box with its longest choice and its arrow (the column
        fits its contents, and the text alone left "Trưởng ban" cut to "ởng ban" while it was edited)."""
        hint = super().sizeHint(option, index)
        column = self._column(index)
        if column is None:
            return hint
        choices = column.suggestions or (column.choices if column.kind == CHOICE else ())
        if choices:
            if choices not in self._combo_widths:
                combo = QComboBox()
                combo.setFont(option.font)
                combo.setEditable(bool(column.suggestions))
                combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
                combo.addItems(list(choices))
                self._combo_widths[choices] = combo.sizeHint().width()
                combo.deleteLater()
            hint.setWidth(max(hint.width(), self._combo_widths[choices]))
        return hint

    def _column(self, index: Index) -> Column | None:
        model = index.model()
        return model.columns[index.column()] if isinstance(model, RowTableModel) else None

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        column = self._column(index)
        if column is None:
            return super().createEditor(parent, option, index)
        if column.kind == INT and column.optional:
            edit = QLineEdit(parent)
            edit.setValidator(QIntValidator(0, column.maximum, edit))
            return edit
        if column.kind == INT:
            spin = QSpinBox(parent)
            spin.setRange(column.minimum, column.maximum)
            return spin
        if column.kind == HALVES:
            points = QDoubleSpinBox(parent)
            points.setDecimals(1)
            points.setSingleStep(0.5)
            points.setRange(0.5, column.maximum / 2)
            return points
        if column.kind == CHOICE:
            combo = QComboBox(parent)
            combo.addItems(list(column.choices))
            return combo
        if column.suggestions:
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.addItems(list(column.suggestions))
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            return combo
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox) and editor.isEditable():
            editor.setCurrentText("" if value is None else str(value))
            line = editor.lineEdit()
            if line is not None:  # what is typed replaces the value, as in a plain text cell ("Ủy viênTrưởng ban")
                line.selectAll()
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, int(value or 1) - 1))
        elif isinstance(editor, QLineEdit) and self._kind(index) == INT:
            editor.setText("" if value is None else str(value))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value or 0))
        elif isinstance(editor, QDoubleSpinBox):
            editor.setValue(float(value or 0))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox) and editor.isEditable():
            model.setData(index, editor.currentText())
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentIndex() + 1)
        elif isinstance(editor, QLineEdit) and self._kind(index) == INT:
            model.setData(index, editor.text())  # out of range or half typed: the old value stays
        elif isinstance(editor, QSpinBox | QDoubleSpinBox):
            editor.interpretText()
            model.setData(index, editor.value())
        else:
            super().setModelData(editor, model, index)

    def _kind(self, index: Index) -> str:
        column = self._column(index)
        return column.kind if column else TEXT


HEADER_ALIGNMENT = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap


def header_label_height(header: QHeaderView, one_line: int) -> int:
    """The height `header` needs for every label wrapped at its section's width; `one_line`: a line's height."""
    model = header.model()
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    metrics = header.fontMetrics()
    tallest = one_line
    for section in range(header.count()):
        text = str(model.headerData(section, header.orientation()) or "")
        width = max(1, header.sectionSize(section) - 2 * margin)
        tallest = max(tallest, metrics.boundingRect(QRect(0, 0, width, 10_000), HEADER_ALIGNMENT, text).height())
    # What Qt gives a one-line label around its text, around the lines the tallest label needs.
    padding = header.sizeHint().height() - metrics.height() if header.count() else 2 * margin
    return tallest + max(padding, 2 * margin)


class RowTableView(QTableView):
    """A table over a RowTableModel: row numbers at the left, drag a row to move it, F2 or typing to edit."""

    def __init__(self, model: RowTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(RowDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setDropIndicatorShown(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # A column squeezed narrower than its label (the poll editor's list in a 1024-px window: "Chức vụ, đơn vị
        # công tác" in 90 px) wraps the label's words over two lines; it was cut at both ends (#17).
        self._fitting = False
        self.horizontalHeader().setDefaultAlignment(HEADER_ALIGNMENT)
        self.horizontalHeader().sectionResized.connect(self._fit_header)
        model.modelReset.connect(self._fit_columns)
        self._fit_columns()

    def row_model(self) -> RowTableModel:
        """The model (typed)."""
        model = self.model()
        assert isinstance(model, RowTableModel)
        return model

    def _fit_columns(self) -> None:
        header = self.horizontalHeader()
        for i, column in enumerate(self.row_model().columns):
            mode = QHeaderView.ResizeMode.Stretch if column.stretch else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(i, mode)
        self.setDragEnabled(self.row_model().editable)
        self._fit_header()

    def _fit_header(self) -> None:
        """A stretched column never narrower than the longest word of its label (the English evaluation list gave
        "Position, workplace" 28 px at 1024: the table scrolls sideways instead), and the header as tall as its
        most wrapped label at the columns' widths now."""
        if self._fitting:
            return  # the widths set here announce themselves again
        self._fitting = True
        try:
            header = self.horizontalHeader()
            margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
            metrics = header.fontMetrics()
            model = self.row_model()
            for i, column in enumerate(model.columns):
                if not column.stretch:
                    continue
                least = max((metrics.horizontalAdvance(w) for w in column.header.split()), default=0) + 2 * margin + 2
                others = sum(header.sectionSize(j) for j in range(header.count()) if j != i)
                if self.viewport().width() - others >= least:
                    if header.sectionResizeMode(i) != QHeaderView.ResizeMode.Stretch:
                        header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
                else:
                    if header.sectionResizeMode(i) != QHeaderView.ResizeMode.Fixed:
                        header.setSectionResizeMode(i, QHeaderView.ResizeMode.Fixed)
                    header.resizeSection(i, least)
            needed = header_label_height(header, metrics.height())
            if header.minimumHeight() != needed:
                header.setMinimumHeight(needed)
        finally:
            self._fitting = False

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt's name
        super().resizeEvent(event)
        self._fit_header()  # wider again: a column held at its longest word stretches again

    def current_row(self) -> int:
        """The selected row, or -1."""
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        """Make `row` current (and visible)."""
        if 0 <= row < self.row_model().rowCount():
            self.setCurrentIndex(self.row_model().index(row, 0))
            self.scrollTo(self.currentIndex())

    def commit_pending(self) -> None:
        """Store the value of a cell that is still being edited (before saving with Ctrl+S)."""
        if self.state() == QAbstractItemView.State.EditingState:
            editor = self.indexWidget(self.currentIndex())
            if editor is not None:
                self.commitData(editor)
                self.closeEditor(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def add_row(self) -> None:
        """Add a row after the selected one (or at the end) and start typing its first cell."""
        current = self.current_row()
        row = self.row_model().add_row(at=current + 1 if current >= 0 else None)
        if row >= 0:
            self.select_row(row)
            first = next((i for i, c in enumerate(self.row_model().columns) if c.kind != BOOL), 0)
            self.edit(self.row_model().index(row, first))

    def remove_current(self) -> None:
        """Remove the selected row."""
        row = self.current_row()
        if row >= 0 and self.row_model().editable:
            self.row_model().removeRows(row, 1)
            self.select_row(min(row, self.row_model().rowCount() - 1))

    def move_current(self, step: int) -> None:
        """Move the selected row up (-1) or down (+1)."""
        row = self.current_row()
        if row >= 0:
            self.select_row(self.row_model().move_row(row, step))


class RowEditor(QWidget):
    """A RowTableView with its buttons: add, remove, up, down (and any the screen adds).

    `vertical` puts the buttons in a column at the right of the table (saves height on busy screens).
    """

    def __init__(
        self,
        model: RowTableModel,
        *,
        add_text: str | None = None,
        remove_text: str | None = None,
        movable: bool = True,
        vertical: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.view = RowTableView(model, self)
        self.add_button = QPushButton(add_text or tr("rows", "Thêm dòng"))
        self.remove_button = QPushButton(remove_text or tr("rows", "Xóa dòng"))
        self.up_button = QPushButton(tr("rows", "Lên"))
        self.down_button = QPushButton(tr("rows", "Xuống"))
        self.up_button.setToolTip(tr("rows", "Đưa dòng đang chọn lên trên (hoặc kéo thả dòng bằng chuột)"))
        self.down_button.setToolTip(tr("rows", "Đưa dòng đang chọn xuống dưới (hoặc kéo thả dòng bằng chuột)"))
        self.add_button.clicked.connect(self.view.add_row)
        self.remove_button.clicked.connect(self.view.remove_current)
        self.up_button.clicked.connect(lambda: self.view.move_current(-1))
        self.down_button.clicked.connect(lambda: self.view.move_current(1))
        if not movable:
            self.up_button.hide()
            self.down_button.hide()
        outer: QBoxLayout = QHBoxLayout(self) if vertical else QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.view, 1)
        self.buttons: QBoxLayout = QVBoxLayout() if vertical else QHBoxLayout()
        self.buttons.addWidget(self.add_button)
        self.buttons.addWidget(self.remove_button)
        if vertical and movable:  # side by side: a column of buttons must not make the screen taller
            pair = QHBoxLayout()
            fm = self.up_button.fontMetrics()
            width = max(fm.horizontalAdvance(b.text()) for b in (self.up_button, self.down_button)) + 24
            for button in (self.up_button, self.down_button):
                button.setFixedWidth(width)  # narrower than a button's usual 80 px minimum
            pair.addWidget(self.up_button)
            pair.addWidget(self.down_button)
            self.buttons.addLayout(pair)
        elif movable:
            self.buttons.addWidget(self.up_button)
            self.buttons.addWidget(self.down_button)
        outer.addLayout(self.buttons)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        model.modelReset.connect(self._update_buttons)
        model.rowsInserted.connect(self._update_buttons)
        model.rowsRemoved.connect(self._update_buttons)
        model.rowsMoved.connect(self._update_buttons)
        self._update_buttons()

    def finish_buttons(self, *after: QWidget) -> None:
        """Put a stretch, then `after` (e.g. the save button) at the end of the button row/column."""
        self.buttons.addStretch(1)
        for widget in after:
            self.buttons.addWidget(widget)

    def _update_buttons(self) -> None:
        editable = self.model.editable
        row = self.view.current_row()
        count = self.model.rowCount()
        self.add_button.setEnabled(editable)
        self.remove_button.setEnabled(editable and row >= 0)
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < count - 1)


# Wide enough for a reason of a sentence (Qt's own text question was 212 px wide and kept no minimum width set on
# it when shown, #17 item 12).
TEXT_QUESTION_WIDTH = 480


class TextQuestion(QDialog):
    """A line of text asked for, as QInputDialog.getText asks, in a field wide enough for a sentence."""

    def __init__(self, parent: QWidget | None, title: str, label: str, text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        prompt = QLabel(label)
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        self.field = QLineEdit(text)
        self.field.setMinimumWidth(TEXT_QUESTION_WIDTH)
        prompt.setBuddy(self.field)
        layout.addWidget(self.field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> tuple[str, bool]:
    """Ask for a line of text (QInputDialog.getText's answer: the text, and whether it was given)."""
    dialog = TextQuestion(parent, title, label, text)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    value = dialog.field.text()
    dialog.deleteLater()
    return value, accepted
