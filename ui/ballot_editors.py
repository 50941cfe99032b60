"""Keyboard-first editors of one ballot's marks, one per ballot layout.

- Strike (election with surplus): type the row numbers to cross out (a number toggles as soon as
  it cannot grow into a longer one), or move with the arrows and press Space.
- Grid (agree/disagree, confidence, evaluation, motion): one key per row, 1…k for the column,
  0 for no mark; Ctrl+digit adds a second mark to the row; Backspace goes back a row.
- Scores: a field per criterion per subject, Tab between them, half points with "," or ".".
- Names: a line per name, with the eligible names offered as you type.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.rules.model import Ballot, Layout, PollDef, PollKind
from app.rules.points import PointsError, format_points, parse_points
from ui.i18n import tr


class BallotEditor(QWidget):
    """Base of the editors: holds the poll definition; `changed` fires on every mark."""

    changed = Signal()
    submitted = Signal()  # Enter: the operator is done with this ballot

    def __init__(self, pdef: PollDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdef = pdef

    # Every editor also provides: ballot() -> Ballot (the marks so far), set_ballot(ballot) (show a
    # stored ballot for a correction), clear() and has_marks().

    def start(self) -> None:
        """Put the keyboard focus where marking begins."""
        self.setFocus()


# The four levels of an evaluation (app.rules.model.LEVEL_COLUMNS), best first, as the column headers abbreviate them.
LEVEL_ABBREVIATIONS = (
    str(QT_TRANSLATE_NOOP("editor", "HTXS")),
    str(QT_TRANSLATE_NOOP("editor", "HTT")),
    str(QT_TRANSLATE_NOOP("editor", "HT")),
    str(QT_TRANSLATE_NOOP("editor", "KHT")),
)


class _RowsModel(QAbstractTableModel):
    """Rows of a strike or grid ballot with their marks."""

    def __init__(self, pdef: PollDef) -> None:
        super().__init__()
        self.pdef = pdef
        self.strike = pdef.layout is Layout.STRIKE
        # Column headers carry the key that marks them; the long level names are abbreviated.
        if self.strike:
            self.columns = [tr("editor", "Gạch")]
        elif pdef.kind is PollKind.EVALUATION:
            self.columns = [f"{i} · {tr('editor', short)}" for i, short in enumerate(LEVEL_ABBREVIATIONS, start=1)]
        else:
            self.columns = [f"{i} · {tr('columns', c)}" for i, c in enumerate(pdef.columns, start=1)]
        self.marks: list[set[int]] = [set() for _ in pdef.items]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.marks)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 2 + len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [tr("editor", "STT"), tr("editor", "Họ và tên"), *self.columns][section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        marks = self.marks[row]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(row + 1)
            if col == 1:
                return self.pdef.items[row].name
            if self.strike:
                return tr("editor", "✗ gạch") if marks else ""
            return "X" if (col - 1) in marks else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and col != 1:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and col == 1 and self.strike and marks:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            if not self.strike and len(marks) > 1:
                return QBrush(QColor("#f8d7da"))
            if col >= 2 and ((self.strike and marks) or (col - 1) in marks):
                return QBrush(QColor("#dbe9f7"))
        return None

    def set_marks(self, marks: list[set[int]]) -> None:
        self.beginResetModel()
        self.marks = [set(m) for m in marks]
        self.endResetModel()

    def toggle(self, row: int, col: int = 1) -> None:
        if self.strike:
            self.marks[row] = set() if self.marks[row] else {1}
        else:
            self.marks[row] ^= {col}
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def put(self, row: int, cols: set[int]) -> None:
        self.marks[row] = set(cols)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))


class _RowsView(QTableView):
    """The table that takes the marking keys."""

    def __init__(self, editor: RowsEditor) -> None:
        super().__init__()
        self.editor = editor

    def event(self, event: QEvent) -> bool:  # Qt's name
        # Ctrl+digit marks a second column on a grid row (README): the table claims it before the window's
        # Ctrl+1 … Ctrl+8 (go to a step) would take it, only for the digits that name a column.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and self.editor.claims(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt's name
        if not self.editor.key(event):
            super().keyPressEvent(event)


class RowsEditor(BallotEditor):
    """Strike and grid ballots: a table of rows with keyboard marking."""

    def __init__(self, pdef: PollDef, parent: QWidget | None = None) -> None:
        super().__init__(pdef, parent)
        self.model = _RowsModel(pdef)
        self.view = _RowsView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, *range(2, self.model.columnCount())):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.view.clicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        n = len(pdef.items)
        if self.model.strike:
            text = tr(
                "editor", "Gõ số thứ tự người bị gạch (gõ lại để bỏ gạch); ↑↓ và phím cách cũng được; Enter để ghi."
            )
        else:
            # The columns' words in the language shown, as over the table (walk 17h: Vietnamese in the English UI).
            keys = ", ".join(f"{i} = {tr('columns', c)}" for i, c in enumerate(pdef.columns, start=1))
            text = tr(
                "editor", "Mỗi dòng một phím: {keys}, 0 = để trống; Ctrl+số thêm dấu thứ hai; Enter để ghi."
            ).format(keys=keys)
        self.help = QLabel(text)
        self.help.setWordWrap(True)
        layout.addWidget(self.help)
        self._number = ""
        self._n = n

    def _clicked(self, index: QModelIndex) -> None:
        if self.model.strike or index.column() >= 2:
            self.model.toggle(index.row(), 1 if self.model.strike else index.column() - 1)
            self.changed.emit()

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else 0

    def go_row(self, row: int) -> None:
        row = max(0, min(row, self._n - 1))
        self.view.setCurrentIndex(self.model.index(row, 1))

    def claims(self, event: QKeyEvent) -> bool:
        """Whether a key with Ctrl is this table's: Ctrl+digit naming a column of a grid ballot (a second mark)."""
        if (
            self.model.strike
            or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier != Qt.KeyboardModifier.ControlModifier
        ):
            return False
        digit = _digit(event)
        return digit is not None and 1 <= digit <= len(self.pdef.columns)

    def key(self, event: QKeyEvent) -> bool:
        """Handle a marking key; False lets the view (or the screen) have it."""
        key = event.key()
        text = event.text()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if self.model.strike:
            if text.isdigit() and not ctrl:
                self._number += text
                self._flush_number(final=False)
                return True
            if key == Qt.Key.Key_Space or text in ("+", ","):
                if self._number:
                    self._flush_number(final=True)
                else:
                    self.model.toggle(self.current_row())
                    self.changed.emit()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._flush_number(final=True)
                self.submitted.emit()
                return True
            return False
        columns = len(self.pdef.columns)
        digit = _digit(event)
        if digit is not None and 0 <= digit <= columns:
            row = self.current_row()
            if ctrl and digit:
                self.model.toggle(row, digit)
            else:
                self.model.put(row, {digit} if digit else set())
                self.go_row(row + 1)
            self.changed.emit()
            return True
        if key == Qt.Key.Key_Backspace:
            self.go_row(self.current_row() - 1)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
            return True
        return False

    def _flush_number(self, *, final: bool) -> None:
        if not self._number:
            return
        number = int(self._number)
        # Toggle as soon as no longer number could start with what was typed.
        if final or number * 10 > self._n:
            self._number = ""
            if 1 <= number <= self._n:
                self.model.toggle(number - 1)
                self.go_row(number - 1)
                self.changed.emit()

    def pending_number(self) -> str:
        """Digits typed that do not yet name a row (strike ballots with 10 or more names)."""
        return self._number

    def ballot(self) -> Ballot:
        if self.model.strike:
            return Ballot(key="", struck=frozenset(i + 1 for i, m in enumerate(self.model.marks) if m))
        return Ballot(key="", choices=tuple(frozenset(m) for m in self.model.marks))

    def set_ballot(self, ballot: Ballot) -> None:
        if self.model.strike:
            self.model.set_marks([{1} if i + 1 in ballot.struck else set() for i in range(self._n)])
        else:
            self.model.set_marks([set(c) for c in ballot.choices] or [set() for _ in range(self._n)])
        self.changed.emit()

    def clear(self) -> None:
        self._number = ""
        self.model.set_marks([set() for _ in range(self._n)])
        self.go_row(0)
        self.changed.emit()

    def has_marks(self) -> bool:
        return any(self.model.marks) or bool(self._number)

    def start(self) -> None:
        self.go_row(0)
        self.view.setFocus()


def _digit(event: QKeyEvent) -> int | None:
    key = event.key()
    if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
        return int(key - Qt.Key.Key_0)
    return None


def _parse_points(text: str) -> int | str | None:
    """Half points from "25", "25,5" or "25.5"; None when blank; the raw text when it is not a number."""
    try:
        return parse_points(text)
    except PointsError:
        return text


class ScoresEditor(BallotEditor):
    """A field per criterion per subject."""

    def __init__(self, pdef: PollDef, parent: QWidget | None = None) -> None:
        super().__init__(pdef, parent)
        grid = QGridLayout(self)
        grid.addWidget(QLabel(tr("editor", "<b>Người được chấm</b>")), 0, 0)
        for c, criterion in enumerate(pdef.criteria, start=1):
            maximum = criterion.max_halves / 2
            label = QLabel(f"<b>{criterion.name}</b><br>" + tr("editor", "(tối đa {m})").format(m=f"{maximum:g}"))
            label.setWordWrap(True)
            grid.addWidget(label, 0, c)
        self.fields: list[list[QLineEdit]] = []
        for r, item in enumerate(pdef.items, start=1):
            grid.addWidget(QLabel(f"{r}. {item.name}"), r, 0)
            row = []
            for c in range(1, len(pdef.criteria) + 1):
                field = QLineEdit()
                field.setMaximumWidth(90)
                field.textChanged.connect(self.changed)
                field.returnPressed.connect(self.submitted)
                grid.addWidget(field, r, c)
                row.append(field)
            self.fields.append(row)
        grid.setRowStretch(len(pdef.items) + 1, 1)
        hint = QLabel(tr("editor", "Tab để sang ô tiếp theo; có thể chấm 0,5 điểm; để trống nếu người chấm bỏ trống."))
        hint.setWordWrap(True)
        grid.addWidget(hint, len(pdef.items) + 2, 0, 1, len(pdef.criteria) + 1)

    def problem(self) -> str | None:
        """Why the typed text cannot be a score (not a number, not a multiple of 0,5), or None."""
        for r, row in enumerate(self.fields, start=1):
            for c, field in enumerate(row, start=1):
                if isinstance(_parse_points(field.text()), str):
                    return tr("editor", "Dòng {r}, tiêu chí {c}: '{t}' không phải số điểm (bội số của 0,5).").format(
                        r=r, c=c, t=field.text()
                    )
        return None

    def ballot(self) -> Ballot:
        scores = []
        for row in self.fields:
            values = [_parse_points(f.text()) for f in row]
            scores.append(tuple(v if isinstance(v, int) else None for v in values))
        return Ballot(key="", scores=tuple(scores))

    def set_ballot(self, ballot: Ballot) -> None:
        for row, values in zip(self.fields, ballot.scores, strict=False):
            for field, value in zip(row, values, strict=False):
                field.setText(format_points(value))

    def clear(self) -> None:
        for row in self.fields:
            for field in row:
                field.clear()

    def has_marks(self) -> bool:
        return any(f.text().strip() for row in self.fields for f in row)

    def start(self) -> None:
        if self.fields and self.fields[0]:
            self.fields[0][0].setFocus()


class NamesEditor(BallotEditor):
    """A line per written-in name."""

    def __init__(self, pdef: PollDef, parent: QWidget | None = None) -> None:
        super().__init__(pdef, parent)
        form = QFormLayout(self)
        completer = QCompleter([i.name for i in pdef.items], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.fields = []
        for i in range(1, max(pdef.seats, 1) + 1):
            field = QLineEdit()
            field.setCompleter(completer)
            field.textChanged.connect(self.changed)
            field.returnPressed.connect(self.submitted)
            form.addRow(tr("editor", "Tên thứ {i}:").format(i=i), field)
            self.fields.append(field)

    def ballot(self) -> Ballot:
        return Ballot(key="", names=tuple(f.text().strip() for f in self.fields if f.text().strip()))

    def set_ballot(self, ballot: Ballot) -> None:
        for field, name in zip(self.fields, [*ballot.names, *[""] * len(self.fields)], strict=False):
            field.setText(name)

    def clear(self) -> None:
        for field in self.fields:
            field.clear()

    def has_marks(self) -> bool:
        return any(f.text().strip() for f in self.fields)

    def start(self) -> None:
        if self.fields:
            self.fields[0].setFocus()


Editor = RowsEditor | ScoresEditor | NamesEditor


def editor_for(pdef: PollDef, parent: QWidget | None = None) -> Editor:
    """The editor that fits the poll's ballot layout."""
    if pdef.layout in (Layout.STRIKE, Layout.GRID, Layout.SINGLE):
        return RowsEditor(pdef, parent)
    if pdef.layout is Layout.SCORES:
        return ScoresEditor(pdef, parent)
    return NamesEditor(pdef, parent)
