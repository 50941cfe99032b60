"""What every screen shares: access to the meeting, a refresh hook, and safe service calls."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QBoxLayout, QLabel, QLayoutItem, QSpacerItem, QVBoxLayout, QWidget

from app.errors import KiemPhieuError
from ui.context import Changes, MeetingContext
from ui.errors import show_error

T = TypeVar("T")


class Screen(QWidget):
    """A page of the main window. Subclasses build widgets in __init__ and reload data in refresh()."""

    # Title in the navigation (Vietnamese source text; translated with tr()).
    title = ""

    def __init__(self, context: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

    def heightForWidth(self, width: int) -> int:  # Qt's name
        """The least height the screen's layout can take at `width`.

        The main window shows each screen in a resizable scroll area, which takes a screen's height-for-width
        as the least height it may have. Qt's own answer for a box layout is its preferred height (a box layout
        has no minimum height for a width), which brought a scroll bar on a 768-px screen although every widget
        fits at its minimum: the scanning screen's review by the page picture's and the table's wishes
        (#17, item 8). Word-wrapped labels still get every line they need at `width` (least_height).
        """
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            return least_height(layout, width)
        return super().heightForWidth(width)

    def refresh(self) -> None:
        """Reload what the screen shows from the services (called when shown and after changes)."""

    def apply(self, changes: Changes) -> None:
        """After a write (shown screen only): refresh what `changes` touches; all of it unless a screen says more."""
        self.refresh()

    def focus_start(self) -> None:
        """Put the keyboard focus where work on this screen begins (its first field)."""
        self.setFocus()
        self.focusNextChild()

    def pending_work(self) -> str | None:
        """What closing the meeting now would lose (one sentence for the user), or None."""
        return None

    def save_pending(self) -> bool:
        """Store the pending work; True when nothing is left unsaved (False: keep the meeting open)."""
        return True

    def drop_pending(self) -> None:
        """Forget the pending work (the user chose not to save it)."""

    def ask_head_pin(self) -> tuple[bool, str | None]:
        """(go on?, PIN) for a head-only action: asks only when the meeting has a head's PIN.

        Whether it has one is known from the context's last read, off the UI thread (`head_pin_set`; #17); not read
        yet, the PIN is asked. Only what to ask: the write checks the PIN, on the writer thread (an answer asked
        needlessly is ignored there; a PIN set since and not asked is refused there in words)."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        from ui.i18n import tr

        if self.context.head_pin_set is False:
            return True, None
        pin, ok = QInputDialog.getText(
            self,
            tr("roles", "Mã PIN Trưởng ban"),
            tr("roles", "Thao tác này chỉ Trưởng ban kiểm phiếu được làm. Mã PIN:"),
            QLineEdit.EchoMode.Password,
        )
        return ok, pin or None

    def call(self, fn: Callable[[], T]) -> T | None:
        """Run a service call; show a user error instead of raising. Returns None on error."""
        try:
            return fn()
        except KiemPhieuError as exc:
            show_error(self, exc)
            return None


def least_height(item: QLayoutItem, width: int) -> int:
    """The least height a layout item can take at `width`: a word-wrapped label its lines at that width, a
    vertical box layout the sum of its items' least heights with its margins and spacing, anything else its
    minimum size (a horizontal row: its tallest item; a wrapped label in it at the width it has now)."""
    layout = item.layout()
    if isinstance(layout, QBoxLayout):
        margins = layout.contentsMargins()
        inner = width - margins.left() - margins.right()
        children = [layout.itemAt(i) for i in range(layout.count())]
        shown = [child for child in children if child is not None and not child.isEmpty()]
        spacers = [child for child in children if isinstance(child, QSpacerItem)]
        vertical = layout.direction() in (QBoxLayout.Direction.TopToBottom, QBoxLayout.Direction.BottomToTop)
        if vertical:
            heights = [least_height(child, inner) for child in shown]
            total = sum(heights) + sum(s.minimumSize().height() for s in spacers)
            total += max(layout.spacing(), 0) * max(len(shown) - 1, 0)
        else:
            total = max((least_height(child, child.geometry().width() or inner) for child in shown), default=0)
        return max(total + margins.top() + margins.bottom(), layout.minimumSize().height() if not vertical else 0)
    widget = item.widget()
    if isinstance(widget, QLabel) and widget.wordWrap() and not widget.isHidden():
        return max(widget.heightForWidth(max(width, widget.minimumSizeHint().width())), widget.minimumHeight())
    return item.minimumSize().height()


def heading(text: str) -> QLabel:
    """A screen heading."""
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    label.setFont(font)
    return label


def hint(text: str) -> QLabel:
    """A one-line explanation under a heading."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


def page(*widgets: QWidget) -> QVBoxLayout:
    """A vertical layout holding `widgets`."""
    layout = QVBoxLayout()
    for widget in widgets:
        layout.addWidget(widget)
    return layout
