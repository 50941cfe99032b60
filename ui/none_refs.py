"""Keeps Python's None alive under PySide6 6.12 on Python 3.11 (found in the walk at the keyboard, #17).

On Python 3.11, every PySide6 6.12 call that answers a null Qt pointer with None (QApplication.focusWidget()
while no widget has the focus, QWidget.parentWidget() of a window, QApplication.activePopupWidget() …) gives
back one reference to None it never took. None starts with about 46,000 references in this program; the
entry screen asks for the focus widget on every key, so after a few minutes of scanning — a 47-character QR
code is 47 keys — None's count reached zero and the program ended with "Fatal Python error: none_dealloc"
and the marked ballot on screen was lost (the same error ended an exit in the issue's walk). Python 3.12 and
later never count None's references (PEP 683): nothing to do there.

`NoneKeeper` holds spare references to None in a list and tops it up every quarter second, so the count never
comes near zero whatever the bindings give back: a spare reference costs 8 bytes, a whole day's keys a few
megabytes. The list itself is never freed, not even when Python shuts down: freeing it would give back the
spare references while the ones the bindings took are still missing, and None would reach zero at the exit.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, QTimer

# Spare references kept above the count None had when the keeper started; topped up every TOP_UP_MS.
MARGIN = 1_000_000
TOP_UP_MS = 250
NEEDED = sys.version_info < (3, 12)  # from 3.12 on, None is immortal

# The spare references to None, in a list that is never freed (one reference to it is never given back).
_SPARE: list[None] = []
if NEEDED:
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(_SPARE))


class NoneKeeper(QObject):
    """Tops up the references to None that PySide6 gives back without having taken them (Python 3.11)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.floor = sys.getrefcount(None) + MARGIN
        self.timer = QTimer(self)
        self.timer.setInterval(TOP_UP_MS)
        self.timer.timeout.connect(self.top_up)
        if NEEDED:
            self.top_up()
            self.timer.start()

    def top_up(self) -> int:
        """Bring None's reference count back to the floor; how many references were added."""
        missing = self.floor - sys.getrefcount(None)
        if missing > 0:
            _SPARE.extend([None] * missing)
            return missing
        return 0
