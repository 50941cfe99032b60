"""Screens that edit what the meeting file stores of the meeting itself (its details, its committee)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from app.services import meetings
from ui.context import MeetingContext
from ui.ops import QueryOp
from ui.screens.base import Screen


class StoredForm(Screen):
    """A form over the meeting's stored details, read off the UI thread (#17). Until they first arrive for the open
    file the form is off (what is typed before would be saved with the rest still blank); only the newest read's
    answer is shown, and never over what was typed meanwhile (the typing wins). A subclass gives `show`, which
    fills the form with the stored details, and sets `dirty` when the user changes something."""

    def __init__(
        self, context: MeetingContext, show: Callable[[meetings.MeetingInfo], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self._show_info = show
        self.dirty = False  # changed by the user and not yet stored
        self._loaded = False  # the stored details have been shown for the open file
        self._asked = 0  # reads asked for (only the newest one's answer is shown)
        self._focus_wanted = False  # focus_start() came while the form was off
        self._writing = 0  # writes of this form queued and not yet answered

    def show_loading(self, loading: bool) -> None:
        """Say that the stored details are being read (`loading`), or no longer."""

    def forget_loaded(self) -> None:
        """Another meeting file: its details are read before the form is used again (a write to the previous file
        is answered to nobody)."""
        self._loaded = False
        self._writing = 0

    def write_started(self) -> None:
        """A write of what the form shows is queued: until it is answered no read replaces what is on screen (a
        read that began before the write would bring the old details back, and the typing with them would be lost
        should the write be refused)."""
        self.dirty = False
        self._writing += 1
        self._asked += 1  # the answer to a read in flight is stale

    def write_answered(self, stored: bool) -> None:
        """The write is answered: stored, the form shows what is stored now; refused, what is typed stays, not
        saved."""
        self._writing -= 1
        if not stored:
            self.dirty = True
        elif not self._writing:
            self.refresh()

    def refresh(self) -> None:
        """Show the stored details, unless the user has changes not yet saved (or being saved)."""
        if self.dirty or self._writing:
            return
        if not self._loaded:
            self.setEnabled(False)
            self.show_loading(True)
        self._asked += 1
        asked = self._asked
        QueryOp(self, self.context, meetings.meeting_info).success(lambda info: self._answer(asked, info)).run()

    def focus_start(self) -> None:
        """The first field, once the stored details are shown."""
        if not self._loaded:
            self._focus_wanted = True
            return
        super().focus_start()

    def _answer(self, asked: int, info: meetings.MeetingInfo) -> None:
        if asked != self._asked or self.dirty or self._writing:
            return  # a newer read is coming, or the user typed (or saves) meanwhile: what is typed is kept
        self._show_info(info)
        self.dirty = False
        if not self._loaded:
            self._loaded = True
            self.setEnabled(True)
            self.show_loading(False)
            if self._focus_wanted and self.isVisible():
                super().focus_start()
        self._focus_wanted = False
