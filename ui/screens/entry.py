"""Nhập phiếu: keyed entry of returned ballots with a handheld QR scanner (a keyboard wedge).

The operator scans (or types the check code, or takes the next number for ballots without a code),
marks with the keyboard, and presses Enter; the ballot is stored in its own transaction and the
screen is at once ready for the next scan. A scan is caught wherever the focus is: letters never
mark a ballot, so the first letter of a scanned code moves the keystrokes into the scan field.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QKeyCombination, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app import clock, dates
from app.errors import KiemPhieuError
from app.printing.ballot_code import shown_serial
from app.rules import tally as rules
from app.rules.model import Ballot, PollDef, Tally, Verdict
from app.rules.points import format_mean
from app.rules.reasons import PHYSICAL, Code, Reason, physical, stated
from app.rules.words import vietnamese
from app.services import ballots, passes, polls, sheets, tallying
from app.sources import SOURCE_WORDS, BallotSource
from app.store.db import MeetingFile
from ui.ballot_editors import Editor, RowsEditor, ScoresEditor, editor_for
from ui.context import MeetingContext
from ui.errors import log_exception, sentence, show_error
from ui.i18n import tr
from ui.ops import Changes, CollectionOp, FileOp, QueryOp, in_words
from ui.rule_words import all_words, words
from ui.screens.base import Screen, heading
from ui.widgets import ask_text
from ui.workers import LatestRead


class PhysicalDialog(QDialog):
    """Choose why a ballot is invalid on its face (not the issued form, no stamp, torn, signed …)."""

    def __init__(self, parent: QWidget | None = None, *, issued: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("entry", "Phiếu không hợp lệ về hình thức"))
        form = QFormLayout(self)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        # Enter keeps typed words as they are: inserted into the list, they became an item without a code and
        # the ballot was stored with the reason "None" (found in the walk at the keyboard, #17).
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code in PHYSICAL:
            # A sheet known by its code (QR or check code) was issued by the committee: that reason is not
            # offered, let alone first (#17, item 12).
            if not (issued and code is Code.NOT_ISSUED):
                self.reason.addItem(words(Reason(code)), str(code))
        form.addRow(tr("entry", "Lý do:"), self.reason)
        line = self.reason.lineEdit()
        if line is not None:  # Enter after the typed reason is Đồng ý (the combo keeps the key otherwise)
            line.returnPressed.connect(self.accept)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, 0)

    def value(self) -> str:
        """A reason code, or the reason as typed."""
        text = self.reason.currentText().strip()
        index = self.reason.findText(text)
        code = self.reason.itemData(index) if index >= 0 else None
        return str(code) if code is not None else text


class EntryScreen(Screen):
    """Keyed entry of one poll's ballots."""

    title = str(QT_TRANSLATE_NOOP("nav", "Nhập phiếu"))  # str: the stubs say object

    def __init__(self, context: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.pdef: PollDef | None = None
        self.code: str | None = None
        self.serial: str | None = None  # the sheet being marked
        self.sheet_ready = False  # a code was scanned (or "no code" chosen) and accepted
        self.correcting: str | None = None  # key of the ballot being corrected
        self.physical: str | None = None
        self.last_saved: tuple[str, int, str] | None = None  # (poll, pass, ballot) Ctrl+Z may take back
        self.editor: Editor | None = None
        self._shown_counts = (-1, -1)
        self._view_asked = 0  # the newest read of the side panels (older answers are dropped)
        self._saving = False  # a ballot is being stored on the writer thread (ui/ops.py)
        self._queued_scan: str | None = None  # a code scanned meanwhile, taken when it is stored
        # A read the next keys depend on, running off the UI thread (#17): the poll's definition ("poll"), a scanned
        # code's check ("code"), whether Ctrl+Z may take back the last ballot ("undo"). Meanwhile the screen's keys
        # are held, in order, and replayed when it is answered: a handheld scanner's burst is never lost, and no
        # mark is keyed on a sheet not yet known good.
        self._waiting: str | None = None
        self._wait_no = 0  # the newest wait (an answer to an older one is dropped)
        self._wait_text = ""  # what the sheet line said when the newest wait began
        self._held: list[_Held] = []
        self.printed: sheets.SheetCounts | None = None
        layout = QVBoxLayout(self)
        self.heading = heading(tr("entry", "Nhập phiếu"))
        self.heading.setWordWrap(True)  # a long poll title wraps instead of widening the window
        layout.addWidget(self.heading)
        self.counters = QLabel()
        self.counters.setTextFormat(Qt.TextFormat.RichText)
        self.counters.setWordWrap(True)
        counts_row = QHBoxLayout()
        counts_row.addWidget(self.counters, 1)
        counts_row.addWidget(QLabel(tr("entry", "Phát ra:")))
        self.issued = QSpinBox()
        self.issued.setRange(-1, 100_000)
        self.issued.setSpecialValueText(tr("entry", "theo sổ in"))
        self.issued.setToolTip(tr("entry", "Số phiếu phát ra; để 'theo sổ in' khi phiếu in từ chương trình"))
        counts_row.addWidget(self.issued)
        counts_row.addWidget(QLabel(tr("entry", "Thu về:")))
        self.collected = QSpinBox()
        self.collected.setRange(-1, 100_000)
        self.collected.setSpecialValueText(tr("entry", "chưa đếm"))
        self.collected.setToolTip(tr("entry", "Số phiếu Ban kiểm phiếu đếm được khi mở hòm phiếu"))
        counts_row.addWidget(self.collected)
        self.counts_button = QPushButton(tr("entry", "Ghi số phiếu"))
        self.counts_button.clicked.connect(self.save_counts)
        counts_row.addWidget(self.counts_button)
        layout.addLayout(counts_row)
        registry_row = QHBoxLayout()
        self.registry_label = QLabel()
        self.registry_label.setWordWrap(True)
        registry_row.addWidget(self.registry_label, 1)
        self.registry_button = QPushButton(tr("entry", "Ghi phiếu chưa phát / hủy…"))
        self.registry_button.setToolTip(
            tr("entry", "Phiếu đã in nhưng không phát ra, hoặc phiếu hỏng đã đổi: quét hoặc gõ mã từng phiếu")
        )
        self.registry_button.clicked.connect(self.record_spares)
        registry_row.addWidget(self.registry_button)
        layout.addLayout(registry_row)
        scan_row = QHBoxLayout()
        scan_row.addWidget(QLabel(tr("entry", "Mã phiếu:")))
        self.scan = QLineEdit()
        self.scan.setPlaceholderText(tr("entry", "Quét mã QR, hoặc gõ mã kiểm tra in trên phiếu, rồi Enter (Ctrl+L)"))
        self.scan.returnPressed.connect(self.take_scan)
        scan_row.addWidget(self.scan, 1)
        self.no_code = QPushButton(tr("entry", "Phiếu không có mã (Ctrl+M)"))
        self.no_code.clicked.connect(self.take_unnumbered)
        scan_row.addWidget(self.no_code)
        scan_row.addWidget(QLabel(tr("entry", "Lượt nhập:")))
        self.pass_no = QSpinBox()
        self.pass_no.setRange(1, 3)
        self.pass_no.setToolTip(tr("entry", "Nhập hai, ba lượt độc lập trên các máy khác nhau rồi đối chiếu"))
        self.pass_no.valueChanged.connect(lambda _v: self.refresh())
        scan_row.addWidget(self.pass_no)
        layout.addLayout(scan_row)
        self.sheet_label = QLabel()
        layout.addWidget(self.sheet_label)
        split = QSplitter()
        left = QWidget()
        self.left_layout = QVBoxLayout(left)
        self.left_layout.setContentsMargins(0, 0, 0, 0)
        self.editors = QStackedWidget()
        self.left_layout.addWidget(self.editors, 1)
        self.validity = QLabel()
        self.validity.setWordWrap(True)
        self.left_layout.addWidget(self.validity)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(tr("entry", "Ghi (Enter)"))
        self.save_button.clicked.connect(self.save)
        self.physical_button = QPushButton(tr("entry", "Không hợp lệ… (F2)"))
        self.physical_button.clicked.connect(self.mark_physical)
        self.undo_button = QPushButton(tr("entry", "Hoàn tác (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo)
        self.correct_button = QPushButton(tr("entry", "Sửa phiếu… (F3)"))
        self.correct_button.clicked.connect(self.start_correction)
        for button in (self.save_button, self.physical_button, self.undo_button, self.correct_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.left_layout.addLayout(buttons)
        more = QHBoxLayout()
        self.compare_button = QPushButton(tr("entry", "Đối chiếu lượt…"))
        self.compare_button.clicked.connect(self.compare)
        self.export_button = QPushButton(tr("entry", "Xuất lượt…"))
        self.export_button.clicked.connect(self.export_pass)
        self.import_button = QPushButton(tr("entry", "Nhận lượt…"))
        self.import_button.clicked.connect(self.import_pass)
        self.log_button = QPushButton(tr("entry", "Nhật ký…"))
        self.log_button.clicked.connect(self.print_log)
        self.ruling_button = QPushButton(tr("entry", "Kết luận lại… (F4)"))
        self.ruling_button.clicked.connect(self.rule_on_ballot)
        tips = (
            (self.save_button, tr("entry", "Ghi phiếu đang nhập và chờ phiếu tiếp theo")),
            (
                self.physical_button,
                tr(
                    "entry",
                    "Phiếu không hợp lệ về hình thức: không phải phiếu do Ban kiểm phiếu phát ra, "
                    "không có dấu, rách, có ký tên…",
                ),
            ),
            (self.undo_button, tr("entry", "Xóa phiếu vừa nhập ở máy này (nhật ký vẫn giữ lại)")),
            (self.correct_button, tr("entry", "Sửa các dấu của một phiếu đã nhập, có ghi lý do")),
            (self.compare_button, tr("entry", "Đối chiếu các lượt nhập độc lập, liệt kê phiếu chưa khớp")),
            (self.export_button, tr("entry", "Xuất lượt nhập của máy này ra tệp có chữ ký để chuyển sang máy chính")),
            (self.import_button, tr("entry", "Nhận lượt nhập do máy khác xuất ra")),
            (self.log_button, tr("entry", "Lưu nhật ký nhập phiếu (PDF) để in và lưu trữ")),
        )
        for button, tip in tips:
            button.setToolTip(tip)
        self.ruling_button.setToolTip(
            tr("entry", "Ban kiểm phiếu kết luận lại một phiếu là hợp lệ hoặc không hợp lệ, có ghi lý do")
        )
        for button in (
            self.ruling_button,
            self.compare_button,
            self.export_button,
            self.import_button,
            self.log_button,
        ):
            more.addWidget(button)
        more.addStretch(1)
        self.left_layout.addLayout(more)
        split.addWidget(left)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.partial_title = QLabel(tr("entry", "<b>Kết quả tạm thời</b>"))
        right_layout.addWidget(self.partial_title)
        self.partial = QListWidget()
        self.partial.setWordWrap(True)
        right_layout.addWidget(self.partial, 3)
        right_layout.addWidget(QLabel(tr("entry", "<b>Phiếu vừa nhập</b>")))
        self.recent = QListWidget()
        self.recent.setWordWrap(True)  # a long operator's name or station wraps instead of being cut (#17, item 12)
        right_layout.addWidget(self.recent, 2)
        split.addWidget(right)
        self.split = split
        layout.addWidget(split, 1)
        # The keys that also work from the poll list beside the screen (see eventFilter).
        self.beside_keys = [
            ("Ctrl+L", self.focus_scan),
            ("Ctrl+M", self.take_unnumbered),
            ("F2", self.mark_physical),
            ("F3", self.start_correction),
            ("F4", self.rule_on_ballot),
            ("Ctrl+Z", self.undo),
        ]
        self.screen_keys: list[tuple[str, Callable[[], None]]] = [
            *self.beside_keys,
            ("Return", self.save_from_editor),
            ("Enter", self.save_from_editor),
            ("Escape", self.cancel_sheet),
        ]
        for keys, slot in self.screen_keys:
            shortcut = QShortcut(QKeySequence(keys), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._watching = False  # following the focus (while shown)
        self._watched: QWidget | None = None  # the focused widget whose keys the scan filter sees
        self.partial_reader = LatestRead(self)
        self.partial_timer = QTimer(self)
        self.partial_timer.setSingleShot(True)
        self.partial_timer.setInterval(250)
        self.partial_timer.timeout.connect(self.refresh_partial)
        context.opened.connect(self._forget)
        context.closed.connect(self._forget)

    def showEvent(self, event: QEvent) -> None:  # Qt's name
        """Catch scans anywhere while shown; give the side panels a fair share of the width."""
        super().showEvent(event)  # type: ignore[arg-type]
        # The filter sits on the focused widget only, and follows the focus while the screen is shown: on the
        # application it ran Python for every Qt event (paint, timers, the mouse), each waiting for the interpreter
        # while the tally was read in the background (#17: blocks of 140 ms and more on the UI thread).
        app = QApplication.instance()
        if isinstance(app, QApplication) and not self._watching:
            app.focusChanged.connect(self._watch_focus)
            self._watching = True
        self._watch_focus(None, QApplication.focusWidget())
        width = max(self.split.width(), 800)
        self.split.setSizes([int(width * 0.62), int(width * 0.38)])

    def hideEvent(self, event: QEvent) -> None:  # Qt's name
        """Stop watching the application's keys (another screen, or the window closed)."""
        app = QApplication.instance()
        if isinstance(app, QApplication) and self._watching:
            app.focusChanged.disconnect(self._watch_focus)
            self._watching = False
        self._watch_focus(None, None)
        super().hideEvent(event)  # type: ignore[arg-type]

    def _watch_focus(self, old: QWidget | None, new: QWidget | None) -> None:
        """Keys reach the focused widget first: the scan filter moves to it (on this screen or the poll list)."""
        watched = self._watched
        if watched is not None and shiboken6.isValid(watched):
            watched.removeEventFilter(self)
        self._watched = None
        if new is not None and (self.isAncestorOf(new) or new is getattr(self.window(), "poll_view", None)):
            new.installEventFilter(self)
            self._watched = new

    # ------------------------------------------------------------------ closing

    def pending_work(self) -> str | None:
        """A sheet scanned and marked (or ruled invalid) but not yet stored."""
        if not self.sheet_ready or self.editor is None:
            return None
        if not (self.editor.has_marks() or self.physical is not None or self.correcting is not None):
            return None
        if self.correcting is not None:
            return tr("entry", "Phiếu {key} đang sửa chưa được ghi.").format(key=self.correcting)
        if self.serial is not None:
            return tr("entry", "Phiếu số {serial} đã đánh dấu nhưng chưa được ghi.").format(
                serial=shown_serial(self.serial)
            )
        return tr("entry", "Phiếu không có mã đang nhập đã đánh dấu nhưng chưa được ghi.")

    def save_pending(self) -> bool:
        self.save(here=True)
        return not self.sheet_ready

    def drop_pending(self) -> None:
        self.cancel_sheet()

    # ------------------------------------------------------------------ scanner wedge

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        """Send a scanned code to the scan field wherever the focus is; hold the keys while a read they depend on
        runs."""
        if self._waiting is not None and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            if self.isVisible() and self._holds(watched, event):
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()  # no shortcut now: the key comes as a key press, and is held
                else:
                    self._held.append((event.keyCombination(), event.text()))
                return True
        if event.type() == QEvent.Type.ShortcutOverride and self.isVisible():
            # Ctrl+Z on this screen is "take back the last ballot", wherever the focus is: a text
            # field (the code field, a score or a name) must not claim it for its own text undo.
            assert isinstance(event, QKeyEvent)
            focus = QApplication.focusWidget()
            undo = QKeySequence(event.keyCombination()) == QKeySequence("Ctrl+Z")
            # True without accepting the event: the field does not claim the key, the screen's shortcut runs.
            return focus is not None and undo and self.isAncestorOf(focus)
        if event.type() != QEvent.Type.KeyPress or not self.isVisible() or not self.context.is_open:
            return False
        target = watched if isinstance(watched, QWidget) else QApplication.focusWidget()
        # The poll list beside the screen counts as the screen: a scan there is a scan, not a search.
        beside = target is getattr(self.window(), "poll_view", None)
        if target is None or not (self.isAncestorOf(target) or beside) or target is self.scan:
            return False
        assert isinstance(event, QKeyEvent)
        if beside:
            # The screen's shortcuts do not reach the list beside it (a shortcut of this screen needs
            # the focus inside it); its keys work there all the same.
            pressed = QKeySequence(event.keyCombination())
            for keys, slot in self.beside_keys:
                if pressed == QKeySequence(keys):
                    slot()
                    return True
        text = event.text()
        chord = event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
        )
        # A check code typed on the list may start with a digit; on the screen a digit marks a ballot.
        starts = text.isalpha() or (beside and text.isdigit())
        if len(text) == 1 and text.isascii() and starts and not chord and not isinstance(target, QLineEdit):
            # Letters never mark a ballot: this is a scan (or a typed check code) starting. The rest
            # of the burst follows the focus into the scan field.
            self.scan.clear()
            self.scan.setFocus()
            self.scan.insert(text)
            return True
        return False

    def _holds(self, watched: QObject, event: QKeyEvent) -> bool:
        """Whether a key pressed while waiting is the screen's (held until the answer): its shortcuts, and every
        key without Ctrl, Alt or a function key; on the poll list beside it, not the keys that move in the list."""
        target = watched if isinstance(watched, QWidget) else QApplication.focusWidget()
        beside = target is getattr(self.window(), "poll_view", None)
        if target is None or not (self.isAncestorOf(target) or beside):
            return False
        pressed = QKeySequence(event.keyCombination())
        if any(pressed == QKeySequence(keys) for keys, _slot in self.screen_keys):
            return True
        chord = event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
        )
        key = event.key()
        if chord or Qt.Key.Key_F1.value <= key <= Qt.Key.Key_F35.value:
            return False  # the window's own keys (Ctrl+1 …, F1, F11) work meanwhile
        moves = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home)
        return not (beside and key in (*(k.value for k in moves), Qt.Key.Key_End.value, Qt.Key.Key_Tab.value))

    def _wait(self, what: str, label: str | None = None) -> int:
        """Hold the screen's keys until the read `what` is answered; the number of this wait."""
        self._waiting = what
        self._wait_no += 1
        if label is not None:
            self.sheet_label.setText(label)
        self._wait_text = self.sheet_label.text()
        return self._wait_no

    def _answered(self, no: int) -> bool:
        """The wait `no` is answered: True when it is still the newest (then the keys are no longer held)."""
        if no != self._wait_no:
            return False
        self._waiting = None
        return True

    def _release(self) -> None:
        """Replay the keys held while waiting, in order, as if typed now; should one start another wait (a scan
        held behind a scan), the rest wait for it in turn."""
        while self._held and self._waiting is None:
            item = self._held.pop(0)
            if isinstance(item, str):  # a code handed to take_scan while waiting
                self.scan.setText(item)
                self.take_scan()
                continue
            if callable(item):  # a button pressed while waiting
                item()
                continue
            combination, text = item
            pressed = QKeySequence(combination)
            slot = next((slot for keys, slot in self.screen_keys if pressed == QKeySequence(keys)), None)
            if slot is not None:
                slot()
                continue
            target = QApplication.focusWidget() or self.scan
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    target, QKeyEvent(kind, combination.key(), combination.keyboardModifiers(), text)
                )

    def _held_back(self, action: Callable[[], None]) -> bool:
        """While a read is waited for, a button's `action` waits for it too (True: held)."""
        if self._waiting is None:
            return False
        self._held.append(action)
        return True

    def _forget(self) -> None:
        """Another meeting file (or none): no read of the previous one is waited for, its poll is read again."""
        self._waiting = None
        self._wait_no += 1
        self._held.clear()
        self.code = None

    # ------------------------------------------------------------------ state

    def refresh(self) -> None:
        code = self.context.current_poll
        if code is None:
            self.heading.setText(tr("entry", "Nhập phiếu — chưa có nội dung bỏ phiếu"))
            self.setEnabled(False)
            return
        self.setEnabled(True)
        if code != self.code:
            self.code = code
            self.pdef = None
            self._drop_editor()
            # Chosen from the poll list with the arrow keys: the focus stays there to move on.
            focus = QApplication.focusWidget()
            self.cancel_sheet(take_focus=focus is None or self.isAncestorOf(focus))
            # Off the UI thread (#17); the keys typed meanwhile are held and go to its editor once it is made.
            no = self._wait("poll", tr("entry", "Đang đọc nội dung bỏ phiếu…"))
            QueryOp(self, self.context, lambda s: polls.definition(s, code)).success(
                lambda pdef: self._poll_read(no, pdef)
            ).failure(lambda exc: self._poll_not_read(no, exc)).run()
        pass_no = self.pass_no.value()
        self._view_asked += 1
        asked = self._view_asked
        # The counters, the registry and the last ballots in one read off the UI thread; the newest ask wins.
        QueryOp(self, self.context, lambda s: _read_view(s, code, pass_no)).success(
            lambda view: self._show_view(code, asked, view) if asked == self._view_asked else None
        ).run()
        self.partial_timer.start()

    def apply(self, changes: Changes) -> None:
        """After a write: only what it touched (a ballot of another poll leaves this screen as it is)."""
        if changes.everything or changes.poll_list or changes.touches_poll(self.context.current_poll):
            self.refresh()

    def _show_view(self, code: str, asked: int, view: _EntryView) -> None:
        if self.code != code:
            return
        summary = view.summary
        self.heading.setText(tr("entry", "Nhập phiếu — {title}").format(title=summary.title))
        pass_no = self.pass_no.value()
        # Each pass sees only its own numbers: the passes stay blind to one another.
        mine = view.counts.get(pass_no)
        entered = mine.entered if mine else 0
        valid = mine.valid if mine else 0
        remaining = (summary.collected - entered) if summary.collected is not None else None
        if remaining is None:
            rest = tr("entry", "còn <b>—</b>")
        elif remaining >= 0:
            rest = tr("entry", "còn <b>{n}</b>").format(n=remaining)
        else:  # more entered than the committee counted collected (walk 17h: it read 'còn -1')
            rest = tr("entry", "thừa <b>{n}</b> so với số thu về").format(n=-remaining)
        mismatch_note = ""
        if view.mismatches is not None:
            mismatch_note = tr("entry", " · <b>{n}</b> phiếu các lượt chưa khớp").format(n=view.mismatches)
        self.counters.setText(
            tr(
                "entry",
                "Đã nhập <b>{entered}</b> / thu về <b>{collected}</b> ({rest}) · "
                "hợp lệ <b>{valid}</b> · không hợp lệ <b>{invalid}</b> · lượt nhập {pass_no}",
            ).format(
                entered=entered,
                collected=summary.collected if summary.collected is not None else "—",
                rest=rest,
                valid=valid,
                invalid=entered - valid,
                pass_no=pass_no,
            )
            + mismatch_note
        )
        self.issued.setValue(summary.issued if summary.issued is not None else -1)
        self.collected.setValue(summary.collected if summary.collected is not None else -1)
        self._shown_counts = (self.issued.value(), self.collected.value())
        self._show_registry(view.printed)
        closed = summary.status == "closed"
        for widget in (
            self.registry_button,
            self.scan,
            self.no_code,
            self.save_button,
            self.physical_button,
            self.undo_button,
            self.counts_button,
        ):
            widget.setEnabled(not closed)
        # A closed poll's numbers are its results, no longer provisional (walk 17h).
        self.partial_title.setText(
            tr("entry", "<b>Kết quả</b> (đã kết thúc)") if closed else tr("entry", "<b>Kết quả tạm thời</b>")
        )
        if closed:
            self.sheet_label.setText(tr("entry", "Nội dung này đã kết thúc: muốn sửa phải mở lại ở màn hình Biên bản."))
        self._show_recent(view.recent)

    def _poll_read(self, no: int, pdef: PollDef) -> None:
        """The chosen poll's definition: its editor is made, then the keys typed meanwhile are replayed."""
        if not self._answered(no):
            return
        self.pdef = pdef
        self._build_editor()
        assert self.editor is not None
        self.editor.setEnabled(False)  # until a code is scanned
        # Only in place of "Đang đọc…": what a job that finished meanwhile said ("Đã xuất …", "Đã nhận …") stays — a
        # poll read answered after it wiped it (#17; a person exporting as the screen opens saw the line go blank).
        if self.sheet_label.text() == self._wait_text:
            self.sheet_label.setText(tr("entry", "Chờ quét phiếu tiếp theo…"))
        self._release()

    def _poll_not_read(self, no: int, exc: BaseException) -> None:
        if not self._answered(no):
            return
        self._held.clear()
        self.code = None  # read again at the next refresh
        self.sheet_label.setText(tr("entry", "Không đọc được nội dung bỏ phiếu."))
        show_error(self, in_words(self.context, exc))

    def _drop_editor(self) -> None:
        while self.editors.count():
            old = self.editors.widget(0)
            if old is None:
                break
            self.editors.removeWidget(old)
            old.deleteLater()
        self.editor = None

    def _build_editor(self) -> None:
        self._drop_editor()
        assert self.pdef is not None
        self.editor = editor_for(self.pdef)
        self.editor.changed.connect(self.show_validity)
        self.editor.submitted.connect(self.save)
        self.editors.addWidget(self.editor)

    def focus_start(self) -> None:
        """The code field, or the marking when a ballot is on screen."""
        if self.sheet_ready and self.editor is not None:
            self.editor.start()
        else:
            self.focus_scan()

    def focus_scan(self) -> None:
        """Put the cursor in the scan field."""
        self.scan.setFocus()
        self.scan.selectAll()

    def cancel_sheet(self, *, take_focus: bool = True) -> None:
        """Forget the sheet being marked (Esc) and wait for the next scan."""
        self.serial = None
        self.sheet_ready = False
        self.correcting = None
        self.physical = None
        if self.editor is not None:
            self.editor.clear()
            self.editor.setEnabled(False)
            if hasattr(self.editor, "view"):
                self.editor.view.clearSelection()  # a grey "selected" row could be read as a mark
        self.sheet_label.setText(tr("entry", "Chờ quét phiếu tiếp theo…"))
        self.validity.clear()
        self.scan.clear()
        if take_focus:
            self.scan.setFocus()

    def _ready(self, label: str) -> None:
        self.sheet_ready = True
        self.physical = None
        assert self.editor is not None
        self.editor.clear()
        self.editor.setEnabled(True)
        self.sheet_label.setText(label)
        self.editor.start()
        self.show_validity()

    # ------------------------------------------------------------------ actions

    def take_scan(self) -> None:
        """A code arrived (scanner or typed): check it at once, loudly refuse what cannot be entered."""
        text = self.scan.text().strip()
        self.scan.clear()
        if self._waiting is not None:
            if text:
                self._held.append(text)  # taken when the read waited for is answered
            return
        if self._saving:
            if text:
                self._queued_scan = text  # taken when the ballot being stored is
            return
        if not text and self.pending_work() is not None:
            self.save()  # Enter in the empty code field: save the ballot being marked
            return
        if not text or self.code is None or self.editor is None:
            return
        if self.sheet_ready and self.editor is not None and self.editor.has_marks() and self.correcting is None:
            self.reject(
                tr("entry", "Phiếu đang nhập chưa được ghi. Hãy bấm Enter để ghi, hoặc Esc để bỏ, rồi quét lại.")
            )
            self.editor.start()  # Enter now saves the marked ballot
            return
        code, pass_no, label = self.code, self.pass_no.value(), self.sheet_label.text()
        # Off the UI thread (#17): the marks typed next belong to this sheet, so they are held until it is known good.
        no = self._wait("code", tr("entry", "Đang kiểm tra mã phiếu…"))
        QueryOp(self, self.context, lambda s: ballots.check_sheet(s, code=code, text=text, pass_no=pass_no)).success(
            lambda serial: self._sheet_checked(no, text, pass_no, serial)
        ).failure(lambda exc: self._sheet_refused(no, label, exc)).run()

    def _sheet_checked(self, no: int, text: str, pass_no: int, serial: str) -> None:
        """The scanned code is good: the sheet is ready for its marks (held meanwhile, replayed now)."""
        if not self._answered(no):
            return
        if self.pass_no.value() != pass_no:
            self._held.insert(0, text)  # the pass changed meanwhile: checked again for the pass now chosen
        else:
            self.serial = serial
            self.correcting = None
            self._ready(
                tr("entry", "Phiếu số <b>{serial}</b> — đánh dấu rồi Enter").format(serial=shown_serial(serial))
            )
        self._release()

    def _sheet_refused(self, no: int, label: str, exc: BaseException) -> None:
        """The scanned code cannot be entered: said loudly. The keys typed after it were its marks and are dropped;
        a next scan begun meanwhile (from its first letter) is kept and taken once the message is closed."""
        if not self._answered(no):
            return
        held, self._held = self._held, []
        start = next(
            (i for i, item in enumerate(held) if not isinstance(item, tuple) or item[1][:1].isalpha()),
            len(held),
        )
        self.sheet_label.setText(label)  # as before the scan
        exc = in_words(self.context, exc)
        if isinstance(exc, KiemPhieuError):
            self.reject(sentence(str(exc)))
        else:
            show_error(self, exc)
        self._held = held[start:] + self._held
        self._release()

    def take_unnumbered(self) -> None:
        """A ballot printed without a code: the app numbers it when it is stored.

        In a poll whose ballots were printed with codes, the committee confirms it first (#15)."""
        if self._held_back(self.take_unnumbered) or self.code is None or not self.scan.isEnabled():
            return
        if self.printed is not None:
            answer = QMessageBox.question(
                self,
                tr("entry", "Phiếu không có mã"),
                tr(
                    "entry",
                    "Nội dung này đã in phiếu có mã QR. Ban kiểm phiếu xác nhận nhận phiếu không có mã này? "
                    "Phiếu được đánh số riêng và ghi vào biên bản.",
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.scan.setFocus()
                return
        self.serial = None
        self.correcting = None
        self._ready(tr("entry", "Phiếu không có mã — chương trình sẽ đánh số tiếp theo; đánh dấu rồi Enter"))

    def current_ballot(self) -> Ballot:
        """The ballot as marked, with any physical fault chosen."""
        assert self.editor is not None
        ballot = self.editor.ballot()
        if self.physical is not None:
            has = self.editor.has_marks()
            ballot = Ballot(
                key="",
                struck=ballot.struck,
                choices=ballot.choices if has else (),
                scores=ballot.scores if has else (),
                names=ballot.names,
                physical_invalid=self.physical,
                marks_entered=has,
            )
        return ballot

    def show_validity(self) -> None:
        """Say at once, in plain words, whether the ballot as marked is valid."""
        if self.pdef is None or self.editor is None or not self.sheet_ready:
            return
        if isinstance(self.editor, ScoresEditor) and self.editor.problem():
            self._say(False, self.editor.problem() or "")
            return
        ballot = self.current_ballot()
        problem = rules.shape_error(self.pdef, ballot)
        if problem:
            self._say(False, words(problem))
            return
        verdict = rules.check(self.pdef, ballot)
        if verdict.valid:
            extra = (
                [
                    tr("entry", "dòng {rows} không tính (không đánh dấu hoặc nhiều dấu)").format(
                        rows=", ".join(map(str, sorted(verdict.skipped_rows)))
                    )
                ]
                if verdict.skipped_rows
                else []
            )
            self._say(True, "; ".join([tr("entry", "Hợp lệ"), *extra, *all_words(verdict.warnings)]))
        else:
            self._say(False, tr("entry", "Không hợp lệ: {reason}").format(reason=self._reason(verdict.reason)))

    @staticmethod
    def _ruled(verdict: Verdict, stored: str | None) -> Reason | None:
        """Why a saved ballot is invalid: the rules' reason, unless the service gave the committee's own ruling
        (a corrected ballot they had ruled on), which is shown as they typed it."""
        if stored is None or (verdict.reason is not None and stored == vietnamese(verdict.reason)):
            return verdict.reason
        return stated(stored)

    @staticmethod
    def _reason(reason: Reason | None) -> str:
        """Why a ballot is invalid, in the UI language ("Không hợp lệ" when the rules gave no reason)."""
        return words(reason) if reason is not None else tr("entry", "không rõ lý do")

    def _say(self, ok: bool, text: str) -> None:
        colour = "#2e7d32" if ok else "#b00020"
        self.validity.setText(f"<span style='color:{colour}; font-weight:bold'>{text}</span>")

    def save_from_editor(self) -> None:
        """Enter: in the scan field, take the code; anywhere else, save the ballot being marked."""
        if QApplication.focusWidget() is self.scan:
            self.take_scan()
            return
        self.save()

    def save(self, *, here: bool = False) -> None:
        """Store the ballot in one transaction (off the UI thread; `here`: on it, done when this returns) and get
        ready for the next scan."""
        if self._saving:
            return  # Enter again while the ballot is being stored
        if not here and self._held_back(self.save):
            return
        if not self.sheet_ready or self.code is None or self.pdef is None or self.editor is None:
            self.focus_scan()
            return
        if isinstance(self.editor, ScoresEditor) and self.editor.problem():
            self.reject(self.editor.problem() or "")
            return
        if isinstance(self.editor, RowsEditor) and self.editor.pending_number():
            self.editor.key(QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier, " "))
        ballot = self.current_ballot()
        problem = rules.shape_error(self.pdef, ballot)
        if problem:
            self.reject(words(problem))
            return
        verdict = rules.check(self.pdef, ballot)
        if not verdict.valid and self.physical is None:
            answer = QMessageBox.question(
                self,
                tr("entry", "Phiếu không hợp lệ"),
                tr("entry", "Phiếu này không hợp lệ: {reason}.\nVẫn ghi phiếu như đã đánh dấu?").format(
                    reason=self._reason(verdict.reason)
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        code, pass_no, actor = self.code, self.pass_no.value(), self.context.actor()
        write: Callable[[Session], ballots.BallotSaved]
        if self.correcting is not None:
            reason, ok = ask_text(
                self,
                tr("entry", "Sửa phiếu"),
                tr("entry", "Lý do sửa phiếu {key}:").format(key=shown_serial(self.correcting)),
            )
            if not ok:
                return
            go_on, pin = self.ask_head_pin()
            if not go_on:
                return
            key = self.correcting

            def write(s: Session) -> ballots.BallotSaved:
                return ballots.correct_ballot(
                    s,
                    code=code,
                    key=key,
                    draft=ballots.EntryDraft(None, ballot),
                    reason=reason,
                    actor=actor,
                    pass_no=pass_no,
                    pin=pin,
                )

        else:
            serial, station = self.serial, clock.station()

            def write(s: Session) -> ballots.BallotSaved:
                return ballots.enter_ballot(
                    s,
                    code=code,
                    serial=serial,
                    ballot=ballot,
                    operator=actor,
                    station=station,
                    pass_no=pass_no,
                    without_code=serial is None,  # confirmed in take_unnumbered
                )

        corrected = self.correcting is not None
        focused = QApplication.focusWidget()
        op = (
            CollectionOp(self, self.context, write, Changes.poll(code))
            .success(lambda saved: self._saved(code, pass_no, saved, verdict, corrected=corrected))
            .failure(lambda exc: self._not_saved(exc, focused))
        )
        if here:
            # The close prompt's last save: the window closes right after, so the answer must be known now.
            op.run_here()
            return
        # Stored on the writer thread: the scan field is ready at once (a scan arriving meanwhile waits for the
        # outcome, `take_scan`), the ballot stays on screen until "Đã ghi", and comes back to the keys if refused.
        self._saving = True
        self.editor.setEnabled(False)
        self.sheet_label.setText(tr("entry", "Đang ghi phiếu…"))
        self.scan.setFocus()
        op.run()

    def _saved(self, code: str, pass_no: int, saved: ballots.BallotSaved, verdict: Verdict, *, corrected: bool) -> None:
        """The ballot is stored: say so, and take the scan that came meanwhile, if any."""
        self._saving = False
        self.last_saved = (code, pass_no, saved.key)
        verdict_text = (
            tr("entry", "hợp lệ")
            if saved.valid
            else tr("entry", "không hợp lệ ({reason})").format(reason=self._reason(self._ruled(verdict, saved.reason)))
        )
        typed = self.scan.text()  # the next code, being typed while this ballot was stored
        self.cancel_sheet()
        done = (
            tr("entry", "Đã sửa phiếu {key}: {verdict}. Chờ quét phiếu tiếp theo…")
            if corrected
            else tr("entry", "Đã ghi phiếu {key}: {verdict}. Chờ quét phiếu tiếp theo…")
        )
        self.sheet_label.setText(done.format(key=shown_serial(saved.key), verdict=verdict_text))
        self.scan.setText(typed)
        queued, self._queued_scan = self._queued_scan, None
        if queued is not None:
            self.scan.setText(queued)
            self.take_scan()

    def _not_saved(self, exc: BaseException, focused: QWidget | None) -> None:
        """The ballot was refused (or the disk failed): it stays on screen, marked, for the keys to fix or Esc."""
        self._saving = False
        self._queued_scan = None
        if self.editor is not None:
            self.editor.setEnabled(True)
        self.sheet_label.setText(tr("entry", "Phiếu CHƯA được ghi."))
        show_error(self, in_words(self.context, exc))
        if focused is not None and shiboken6.isValid(focused) and focused.isEnabled():
            focused.setFocus()
        elif self.editor is not None:
            self.editor.start()

    def mark_physical(self) -> None:
        """F2: the committee rules the ballot invalid on its face (with a reason from the list or typed)."""
        if self._held_back(self.mark_physical):
            return
        if not self.sheet_ready:
            self.reject(tr("entry", "Hãy quét mã phiếu (hoặc chọn 'Phiếu không có mã') trước."))
            return
        dialog = PhysicalDialog(self, issued=self.serial is not None)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.value():
            self.physical = dialog.value()
            self.show_validity()
            self._say(
                False,
                tr("entry", "Không hợp lệ: {reason} — Enter để ghi").format(reason=words(physical(self.physical))),
            )
            assert self.editor is not None
            self.editor.start()

    def undo(self) -> None:
        """Ctrl+Z: take back the ballot this screen saved last (kept in the audit log).

        Only that one ballot: an earlier ballot, or one entered since in another window of this
        station, is corrected with F3 (a reason, and the head's PIN when one is set), never undone.
        """
        if self._held_back(self.undo) or self.code is None or self._refuse_undo():
            return
        code, pass_no, station = self.code, self.pass_no.value(), clock.station()
        # Off the UI thread (#17); the keys typed meanwhile are held until it is said whether Ctrl+Z may take it back.
        no = self._wait("undo")
        QueryOp(
            self,
            self.context,
            lambda s: ballots.recent_entries(s, code=code, pass_no=pass_no, station=station, limit=1),
        ).success(lambda last: self._undo_checked(no, code, pass_no, last)).failure(
            lambda exc: self._undo_not_checked(no, exc)
        ).run()

    def _refuse_undo(self) -> bool:
        """Refuse Ctrl+Z while a sheet is being marked (True: refused, said)."""
        if self.pending_work() is None:
            return False
        self.reject(
            tr(
                "entry",
                "Phiếu đang nhập chưa được ghi: bấm Enter để ghi hoặc Esc để bỏ, rồi mới hoàn tác phiếu trước.",
            ),
            tr("entry", "Không hoàn tác được"),
        )
        return True

    def _undo_not_checked(self, no: int, exc: BaseException) -> None:
        if self._answered(no):
            show_error(self, in_words(self.context, exc))
            self._release()

    def _undo_checked(self, no: int, code: str, pass_no: int, last: list[ballots.RecentEntry]) -> None:
        """The last ballot this station entered: taken back if it is the one this screen saved (after asking);
        then the keys typed meanwhile."""
        if not self._answered(no):
            return
        if self.code == code and self.pass_no.value() == pass_no and not self._refuse_undo():
            self._undo(code, pass_no, last)
        self._release()

    def _undo(self, code: str, pass_no: int, last: list[ballots.RecentEntry]) -> None:
        """Take back `last` (read off the UI thread) if it is the ballot this screen saved last, after asking."""
        if not last or self.last_saved != (code, pass_no, last[0].key):
            self.reject(
                tr(
                    "entry",
                    "Chỉ hoàn tác được phiếu vừa ghi trên màn hình này. Muốn sửa phiếu khác, bấm F3 (Sửa phiếu).",
                ),
                tr("entry", "Không hoàn tác được"),
            )
            return
        entry = last[0]
        answer = QMessageBox.question(
            self,
            tr("entry", "Hoàn tác"),
            tr(
                "entry",
                "Hoàn tác phiếu {key} ({verdict}, ghi lúc {at})?\n"
                "Phiếu này bị xóa khỏi kết quả; nhật ký vẫn lưu lại. Sau đó nhập lại phiếu giấy.",
            ).format(
                key=shown_serial(entry.key),
                verdict=tr("entry", "hợp lệ") if entry.valid else tr("entry", "không hợp lệ"),
                at=f"{entry.at:%H:%M:%S}",
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        station, actor = clock.station(), self.context.actor()

        def undone(saved: ballots.BallotSaved) -> None:
            self.last_saved = None
            self.cancel_sheet()
            self.sheet_label.setText(
                tr("entry", "Đã hoàn tác phiếu {key}. Chờ quét phiếu tiếp theo…").format(key=shown_serial(saved.key))
            )

        CollectionOp(
            self,
            self.context,
            lambda s: ballots.undo_last_ballot(s, code=code, station=station, actor=actor, pass_no=pass_no),
            Changes.poll(code),
        ).success(undone).run()

    def start_correction(self) -> None:
        """F3: load an entered ballot by its number to correct it (a reason is asked when saving)."""
        if self._held_back(self.start_correction) or self.code is None:
            return
        key, ok = QInputDialog.getText(
            self, tr("entry", "Sửa phiếu đã nhập"), tr("entry", "Số phiếu, mã kiểm tra hoặc #số thứ tự:")
        )
        if not ok or not key.strip():
            return
        code, pass_no, wanted = self.code, self.pass_no.value(), key.strip()
        QueryOp(self, self.context, lambda s: ballots.ballot_by_key(s, code=code, key=wanted, pass_no=pass_no)).success(
            lambda ballot: self._load_for_correction(code, pass_no, ballot)
        ).run()

    def _load_for_correction(self, code: str, pass_no: int, ballot: Ballot) -> None:
        """F3's ballot, read off the UI thread: into the editor, unless the poll or the pass changed meanwhile."""
        if self.code != code or self.pass_no.value() != pass_no or self.editor is None:
            return
        self._ready(
            tr("entry", "Sửa phiếu <b>{key}</b> — sửa dấu rồi Enter (sẽ hỏi lý do)").format(
                key=shown_serial(ballot.key)
            )
        )
        self.correcting = ballot.key
        self.physical = ballot.physical_invalid
        if ballot.marks_entered:
            self.editor.set_ballot(ballot)
        self.show_validity()

    def rule_on_ballot(self) -> None:
        """F4: the committee's ruling on an entered ballot (valid or invalid, with a reason; logged)."""
        if self._held_back(self.rule_on_ballot) or self.code is None:
            return
        key, ok = QInputDialog.getText(
            self, tr("entry", "Kết luận lại phiếu"), tr("entry", "Số phiếu, mã kiểm tra hoặc #số thứ tự:")
        )
        if not ok or not key.strip():
            return
        choices = [tr("entry", "Hợp lệ"), tr("entry", "Không hợp lệ")]
        verdict, ok = QInputDialog.getItem(
            self,
            tr("entry", "Kết luận lại phiếu"),
            tr("entry", "Ban kiểm phiếu kết luận phiếu {key}:").format(key=key),
            choices,
            0,
            False,
        )
        if not ok:
            return
        reason, ok = ask_text(self, tr("entry", "Kết luận lại phiếu"), tr("entry", "Lý do:"))
        if not ok:
            return
        go_on, pin = self.ask_head_pin()
        if not go_on:
            return
        code, valid, actor, typed = self.code, verdict == choices[0], self.context.actor(), key.strip()

        def ruled(saved: ballots.BallotSaved) -> None:
            words = tr("entry", "hợp lệ") if saved.valid else tr("entry", "không hợp lệ")
            self.sheet_label.setText(
                tr("entry", "Ban kiểm phiếu kết luận phiếu {key}: {verdict}.").format(
                    key=shown_serial(saved.key), verdict=words
                )
            )

        CollectionOp(
            self,
            self.context,
            lambda s: ballots.override_validity(
                s, code=code, key=typed, valid=valid, reason=reason, actor=actor, pin=pin
            ),
            Changes.poll(code),
        ).success(ruled).run()

    def reject(self, message: str, title: str | None = None) -> None:
        """Loud: a beep and a message that stays until dismissed (titled as a refused ballot unless told)."""
        QApplication.beep()
        title = title or tr("entry", "Không nhận phiếu này")
        box = QMessageBox(QMessageBox.Icon.Critical, title, message, parent=self)
        box.exec()
        self.scan.setFocus()

    def _show_registry(self, printed: sheets.SheetCounts | None) -> None:
        """The printed sheets: issued, unused, spoiled and how many are not yet accounted for (#15)."""
        self.printed = printed
        self.registry_button.setVisible(self.printed is not None)
        if self.printed is None:
            self.registry_label.setText(tr("entry", "Phiếu không in từ chương trình (không có sổ phiếu in)."))
            return
        text = tr(
            "entry",
            "Đã in {printed} · phát ra {issued} · chưa phát {unused} · hủy (đổi phiếu) {spoiled}",
        ).format(
            printed=self.printed.printed,
            issued=self.printed.issued,
            unused=self.printed.unused,
            spoiled=self.printed.spoiled,
        )
        if self.printed.without_code:
            text += tr("entry", " · không có mã {n}").format(n=len(self.printed.without_code))
        if self.printed.unaccounted > 0:
            text += tr("entry", " — còn {n} phiếu đã in chưa rõ: ghi phiếu chưa phát hoặc hủy").format(
                n=self.printed.unaccounted
            )
        elif self.printed.unaccounted < 0:
            text += tr("entry", " — phát ra nhiều hơn số đã in {n} phiếu: kiểm tra lại số phát ra").format(
                n=-self.printed.unaccounted
            )
        self.registry_label.setText(text)

    def record_spares(self) -> None:
        """Record printed sheets never handed out, or spoiled ones taken back in an exchange."""
        if self.code is None:
            return
        kinds = [tr("entry", "Phiếu in thừa, không phát ra"), tr("entry", "Phiếu hỏng đã đổi (hủy)")]
        kind, ok = QInputDialog.getItem(
            self, tr("entry", "Ghi phiếu chưa phát / hủy"), tr("entry", "Loại phiếu:"), kinds, 0, False
        )
        if not ok:
            return
        text, ok = QInputDialog.getMultiLineText(
            self,
            tr("entry", "Ghi phiếu chưa phát / hủy"),
            tr("entry", "Quét hoặc gõ mã kiểm tra (hay số phiếu) của từng phiếu, mỗi phiếu một dòng:"),
        )
        codes = [line.strip() for line in text.splitlines() if line.strip()]
        if not ok or not codes:
            return
        change = sheets.return_unused if kind == kinds[0] else sheets.spoil_sheets
        actor = self.context.actor()
        CollectionOp(self, self.context, lambda s: change(s, serials=codes, actor=actor), Changes.all()).success(
            lambda done: self.sheet_label.setText(
                tr("entry", "Đã ghi {n} phiếu: {what}.").format(n=len(done), what=kind.lower())
            )
        ).run()

    def save_counts(self) -> None:
        """Record the ballots issued and collected, as the committee counted them before opening the box."""
        if self.code is None:
            return
        code = self.code
        shown = self._shown_counts
        # Only what the committee changed is recorded: an unchanged "issued" keeps following the registry.
        issued = self.issued.value() if self.issued.value() >= 0 and self.issued.value() != shown[0] else None
        collected = self.collected.value() if self.collected.value() >= 0 else None

        actor = self.context.actor()
        CollectionOp(
            self,
            self.context,
            lambda s: polls.set_ballot_counts(s, code=code, issued=issued, collected=collected, actor=actor),
            Changes.poll(code),
        ).success(lambda _summary: self.sheet_label.setText(tr("entry", "Đã ghi số phiếu phát ra và thu về."))).run()

    # ------------------------------------------------------------------ passes and the log

    def compare(self) -> None:
        """Show the ballots whose passes disagree; the committee checks the paper and corrects a pass (F3)."""
        if self.code is None:
            return
        code = self.code
        QueryOp(self, self.context, lambda s: passes.compare_passes(s, code=code)).success(self._show_mismatches).run()

    def _show_mismatches(self, mismatches: list[passes.Mismatch]) -> None:
        if not mismatches:
            QMessageBox.information(
                self, tr("entry", "Đối chiếu"), tr("entry", "Các lượt nhập khớp nhau (hoặc chưa có lượt thứ hai).")
            )
            return
        lines = [
            f"{shown_serial(m.key)}: "  # as printed on the sheet the committee looks up (walk 17h)
            + " | ".join(
                tr("entry", "lượt {p}: {v}").format(
                    p=p, v=passes.json_marks(json.loads(v)) if v else tr("entry", "chưa nhập")
                )
                for p, v in m.entries
            )
            for m in mismatches
        ]
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            tr("entry", "Các lượt nhập chưa khớp"),
            tr("entry", "{n} phiếu chưa khớp. Xem lại phiếu giấy, chọn đúng lượt nhập rồi sửa (F3).").format(
                n=len(mismatches)
            ),
            parent=self,
        )
        box.setDetailedText("\n".join(lines))
        box.exec()

    def export_pass(self) -> None:
        """Write this station's pass to a signed file for the main station."""
        if self.code is None or self.context.meeting_file is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("entry", "Xuất lượt nhập"),
            str(self.context.start_folder() / f"luot-{self.pass_no.value()}-{self.code}.json"),
            "JSON (*.json)",
        )
        if not path:
            return
        code, pass_no, actor = self.code, self.pass_no.value(), self.context.actor()
        FileOp(
            self, self.context, lambda f: passes.export_pass(f, code=code, pass_no=pass_no, out=Path(path), actor=actor)
        ).success(
            lambda count: self.sheet_label.setText(
                tr("entry", "Đã xuất {n} phiếu của lượt {p} ra {path}").format(n=count, p=pass_no, path=path)
            )
        ).run()

    def import_pass(self) -> None:
        """Take in a pass exported by another station (all of it, or nothing)."""
        if self.context.meeting_file is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, tr("entry", "Nhận lượt nhập"), str(self.context.start_folder()), "JSON (*.json)"
        )
        if not path:
            return
        actor = self.context.actor()

        def take_in(meeting_file: MeetingFile) -> tuple[int, int, str]:
            code, pass_no, count = passes.import_pass(meeting_file, path=Path(path), actor=actor)
            with meeting_file.reading() as session:
                title = polls.summary(session, code).title
            return pass_no, count, title

        FileOp(self, self.context, take_in, Changes.all()).success(
            lambda taken: self.sheet_label.setText(
                tr("entry", "Đã nhận {n} phiếu của lượt {p} (“{title}”).").format(
                    n=taken[1], p=taken[0], title=taken[2]
                )
            )
        ).run()

    def print_log(self) -> None:
        """Save the entry log of this pass as a PDF to print and archive."""
        if self.code is None or self.context.meeting_file is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("entry", "Nhật ký nhập phiếu"),
            str(self.context.start_folder() / f"nhat-ky-{self.code}.pdf"),
            "PDF (*.pdf)",
        )
        if not path:
            return
        code, pass_no = self.code, self.pass_no.value()
        FileOp(
            self, self.context, lambda f: passes.write_entry_log(f, code=code, out=Path(path), pass_no=pass_no)
        ).success(
            lambda pages: self.sheet_label.setText(
                tr("entry", "Đã lưu nhật ký nhập phiếu: {path} ({n} trang)").format(path=path, n=pages)
            )
        ).run()

    # ------------------------------------------------------------------ side panels

    def refresh_partial(self) -> None:
        """The partial tally beside the form (debounced: entry never waits for it)."""
        if self.code is None or not self.context.is_open:
            return
        code, pass_no, context = self.code, self.pass_no.value(), self.context
        meeting_file = context.meeting_file

        def deliver(result: Tally) -> None:
            if context.meeting_file is meeting_file and self.code == code and self.pass_no.value() == pass_no:
                self._show_partial(result)

        def failed(exc: BaseException) -> None:
            if context.meeting_file is meeting_file and not isinstance(exc, KiemPhieuError):
                log_exception(exc)  # beside the form only: the next ballot refreshes it again

        # Off the UI thread (a 10,000-ballot poll takes a quarter of a second or more), the latest ask winning.
        self.partial_reader.ask(
            lambda: context.read(lambda s: tallying.tally_poll(s, code, pass_no)).tally, deliver, failed
        )

    def _show_partial(self, result: Tally) -> None:
        """Fill the partial tally beside the form."""
        self.partial.clear()
        for item in result.items:
            if item.votes is not None:
                text = f"{item.position}. {item.name}: {item.votes} ({item.percent}%)"
            elif item.counts is not None:
                editor = self.editor
                labels = [c.split(" · ")[-1] for c in editor.model.columns] if isinstance(editor, RowsEditor) else []
                parts = [f"{label} {count}" for label, count in zip(labels, item.counts, strict=False)] or [
                    str(c) for c in item.counts
                ]
                text = f"{item.position}. {item.name}: " + " · ".join(parts)
            else:
                mean = (item.mean_text or format_mean(item.mean)) if item.mean is not None else "—"
                text = f"{item.position}. {item.name}: {mean}"
            QListWidgetItem(text, self.partial)

    def _show_recent(self, rows: list[ballots.RecentEntry]) -> None:
        """The last ballots entered (the entry log), corrections marked, and where a ballot was not keyed here by
        hand — read from a scanned image, or taken in from another station — the words of its source (#17)."""
        self.recent.clear()
        for r in rows:
            verdict = tr("entry", "hợp lệ") if r.valid else tr("entry", "không hợp lệ")
            fixed = tr("entry", " · đã sửa") if r.corrected else ""
            source = (
                f" · {tr('ballot_source', SOURCE_WORDS[r.source])}"
                if r.source not in (BallotSource.KEYED, None)
                else ""
            )
            at = dates.time(r.at, seconds=True)
            line = f"{at}  {shown_serial(r.key)}  {verdict}{fixed}{source}  ({r.operator}, {r.station})"
            QListWidgetItem(line, self.recent).setToolTip(line)


# A key held while the screen waits for a read (its key combination and text), a code handed to take_scan, or a
# button's action.
_Held = tuple[QKeyCombination, str] | str | Callable[[], None]


@dataclass(frozen=True)
class _EntryView:
    """What the entry screen shows beside the form, read in one snapshot off the UI thread."""

    summary: polls.PollSummary
    counts: dict[int, passes.PassCounts]
    mismatches: int | None  # ballots the passes disagree on (None: a single pass)
    printed: sheets.SheetCounts | None
    recent: list[ballots.RecentEntry]


def _read_view(session: Session, code: str, pass_no: int) -> _EntryView:
    summary = polls.summary(session, code)
    counts = {c.pass_no: c for c in passes.pass_counts(session, code=code)}
    mismatches = len(passes.compare_passes(session, code=code)) if len(counts) > 1 else None
    return _EntryView(
        summary,
        counts,
        mismatches,
        sheets.registry(session, code),
        list(ballots.recent_entries(session, code=code, pass_no=pass_no)),
    )


SCREEN = EntryScreen
