"""Thông tin hội nghị: the meeting's details, its attendance and the categories that leave the election
base (docs/regulations.md §2.4), saved together in one transaction."""

from __future__ import annotations

import datetime as dt
import itertools

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.services import editing, meetings
from app.services.editing import MeetingDetails
from ui.context import Changes, MeetingContext
from ui.errors import show_error
from ui.i18n import tr
from ui.ops import CollectionOp, in_words
from ui.screens.base import heading, hint
from ui.screens.stored import StoredForm
from ui.widgets import INT, Column, DateField, RowEditor, RowTableModel

MAX_PEOPLE = 100_000

# The suggestions below are words of the minutes (Vietnamese documents): translators should keep them.

# How the minutes name the people convened (editable: any wording the congress uses).
ELECTORATE_SUGGESTIONS = ("đại biểu chính thức", "đảng viên chính thức", "đại biểu", "ủy viên", "thành viên")

# The categories QĐ 190-QĐ/TW, Điều 30 takes out of the base (docs/regulations.md §2.4), offered when typing a reason.
EXCLUSION_REASONS = (
    "Đại biểu chính thức vắng mặt suốt thời gian đại hội, không có đại biểu dự khuyết thay thế",
    "Cấp ủy viên cấp triệu tập đại hội vắng mặt suốt thời gian đại hội",
    "Đảng viên được giới thiệu sinh hoạt tạm thời ở đảng bộ khác",
    "Đảng viên được miễn công tác và sinh hoạt đảng không có mặt tại đại hội",
    "Đảng viên bị đình chỉ sinh hoạt đảng, bị khởi tố, truy tố, tạm giam",
    "Đảng viên chính thức vắng mặt suốt thời gian đại hội có lý do được cấp ủy triệu tập đồng ý",
)


def exclusion_columns() -> list[Column]:
    """The columns of the exclusions list."""
    return [
        Column(
            "reason",
            tr("meeting", "Trường hợp không tính vào tổng số"),
            default="",
            suggestions=tuple(tr("meeting", r) for r in EXCLUSION_REASONS),
            stretch=True,
        ),
        Column("count", tr("meeting", "Số người"), INT, minimum=1, maximum=MAX_PEOPLE, default=1),
    ]


class MeetingScreen(StoredForm):
    """Edit the meeting's details and attendance; Ghi (Ctrl+S) stores everything in one transaction."""

    title = str(QT_TRANSLATE_NOOP("nav", "Thông tin hội nghị"))  # str: the stubs say object

    def __init__(self, context: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(context, self.show_info, parent)  # the stored details are read off the UI thread (StoredForm)
        self._loading = False
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("meeting", "Thông tin hội nghị")))
        layout.addWidget(
            hint(
                tr(
                    "meeting",
                    "Các thông tin này được in trên phiếu và trong biên bản kiểm phiếu. Sửa xong bấm Ghi (Ctrl+S).",
                )
            )
        )

        # --- the meeting: full-width lines for the long names
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(tr("meeting", "Đại hội đại biểu Đảng bộ xã … lần thứ …, nhiệm kỳ …"))
        self.organization = QLineEdit()
        self.organization.setPlaceholderText(tr("meeting", "ĐẢNG BỘ XÃ … (in ở góc trái phiếu, chỗ đóng dấu)"))
        self.superior = QLineEdit()
        self.superior.setPlaceholderText(tr("meeting", "ĐẢNG BỘ HUYỆN … (không bắt buộc)"))
        # The congress ("Đại hội đại biểu lần thứ XX") is a long line too: in the half-width column beside the
        # attendance its field showed a third of it on a 1024-px window.
        self.congress = QLineEdit()
        self.congress.setPlaceholderText(tr("meeting", "Đại hội đại biểu lần thứ … (không bắt buộc)"))
        top = QFormLayout()
        top.addRow(tr("meeting", "Tên hội nghị:"), self.title_edit)
        top.addRow(tr("meeting", "Tổ chức (cấp ủy triệu tập):"), self.organization)
        top.addRow(tr("meeting", "Cấp ủy cấp trên:"), self.superior)
        top.addRow(tr("meeting", "Đại hội (lần thứ):"), self.congress)
        self.place = QLineEdit()  # "Hội trường Ủy ban nhân dân xã …": a long line as well
        top.addRow(tr("meeting", "Địa điểm:"), self.place)
        layout.addLayout(top)

        # --- two columns: when and where | who
        self.term = QLineEdit()
        self.term.setPlaceholderText(tr("meeting", "2025–2030"))
        self.date = DateField()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        when = QGroupBox(tr("meeting", "Đại hội, hội nghị"))
        when_form = QFormLayout(when)
        when_form.addRow(tr("meeting", "Nhiệm kỳ:"), self.term)
        when_form.addRow(tr("meeting", "Ngày:"), self.date)

        self.electorate = QComboBox()
        self.electorate.setEditable(True)
        self.electorate.addItems([tr("meeting", e) for e in ELECTORATE_SUGGESTIONS])
        self.electorate.setToolTip(tr("meeting", "Cách biên bản gọi những người được triệu tập"))
        self.convened = QSpinBox()
        self.convened.setRange(0, MAX_PEOPLE)
        self.convened.setGroupSeparatorShown(True)
        self.present = QSpinBox()
        self.present.setRange(0, MAX_PEOPLE)
        self.absent = QLabel()
        who = QGroupBox(tr("meeting", "Tham dự"))
        who_form = QFormLayout(who)
        who_form.addRow(tr("meeting", "Người được triệu tập là:"), self.electorate)
        who_form.addRow(tr("meeting", "Số được triệu tập:"), self.convened)
        who_form.addRow(tr("meeting", "Số có mặt:"), self.present)
        who_form.addRow(tr("meeting", "Số vắng mặt:"), self.absent)
        self.base_label = QLabel()
        self.base_label.setToolTip(tr("meeting", "Mẫu số để tính quá một nửa khi bầu cử (Quy định 190-QĐ/TW, Điều 30)"))
        who_form.addRow(tr("meeting", "Mẫu số bầu cử:"), self.base_label)

        columns = QGridLayout()
        columns.addWidget(when, 0, 0)
        columns.addWidget(who, 0, 1)
        columns.setColumnStretch(0, 1)
        columns.setColumnStretch(1, 1)
        layout.addLayout(columns)

        # --- the exclusions and the base they give
        base_box = QGroupBox(tr("meeting", "Các trường hợp không tính vào tổng số (mẫu số để tính trúng cử)"))
        base_layout = QVBoxLayout(base_box)
        base_layout.addWidget(
            hint(
                tr(
                    "meeting",
                    "Theo Quy định 190-QĐ/TW (Điều 30), người trúng cử phải được quá một nửa tổng số đại biểu "
                    "chính thức (đảng viên chính thức) được triệu tập, trừ: đại biểu chính thức vắng mặt suốt "
                    "thời gian đại hội không có dự khuyết thay thế, cấp ủy viên cấp triệu tập vắng mặt suốt đại "
                    "hội; ở đại hội đảng viên: đảng viên sinh hoạt tạm thời ở đảng bộ khác, được miễn sinh hoạt "
                    "mà không có mặt, bị đình chỉ sinh hoạt, bị khởi tố, truy tố, tạm giam, vắng mặt suốt đại "
                    "hội có lý do được cấp ủy triệu tập đồng ý.",
                )
            )
        )
        self.exclusions = RowTableModel(exclusion_columns(), self)
        self.exclusion_editor = RowEditor(
            self.exclusions,
            add_text=tr("meeting", "Thêm trường hợp"),
            remove_text=tr("meeting", "Xóa trường hợp"),
            movable=False,
        )
        self.exclusion_editor.finish_buttons()
        base_layout.addWidget(self.exclusion_editor, 1)
        layout.addWidget(base_box, 1)

        # --- save
        self.save_button = QPushButton(tr("meeting", "Ghi thông tin hội nghị"))
        self.save_button.setToolTip(tr("meeting", "Ghi mọi thông tin trên trang này (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.status = QLabel()
        self.status.setStyleSheet("color: #555;")
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout.addLayout(bottom)
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

        for edit in (self.title_edit, self.organization, self.superior, self.congress, self.term, self.place):
            edit.textChanged.connect(self._touched)
        self.electorate.currentTextChanged.connect(self._touched)
        self.date.dateChanged.connect(self._touched)
        for spin in (self.convened, self.present):
            spin.valueChanged.connect(self._touched)
        self.exclusions.edited.connect(self._touched)
        context.opened.connect(self._forget)

        order: list[QWidget] = [
            self.title_edit,
            self.organization,
            self.superior,
            self.congress,
            self.place,
            self.term,
            self.date,
            self.electorate,
            self.convened,
            self.present,
            self.exclusion_editor.view,
            self.exclusion_editor.add_button,
            self.exclusion_editor.remove_button,
            self.save_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self._update_numbers()

    # ------------------------------------------------------------------ loading

    def _forget(self) -> None:
        """Another meeting was opened: nothing typed for the previous one applies."""
        self.dirty = False
        self.forget_loaded()

    def show_loading(self, loading: bool) -> None:
        """Say so while the stored details are first read."""
        if loading:
            self.status.setText(tr("meeting", "Đang đọc thông tin hội nghị…"))
        else:
            self.status.clear()

    def show_info(self, info: meetings.MeetingInfo) -> None:
        """The stored details in the form."""
        self._loading = True
        try:
            self.title_edit.setText(info.title)
            self.title_edit.setCursorPosition(0)
            self.organization.setText(info.organization)
            self.superior.setText(info.superior or "")
            self.congress.setText(info.congress or "")
            self.term.setText(info.term or "")
            self.place.setText(info.place)
            self.date.setDate(QDate(info.date.year, info.date.month, info.date.day))
            self.electorate.setCurrentText(info.electorate)
            self.convened.setValue(info.convened)
            self.present.setValue(info.present)
            self.exclusions.set_rows([{"reason": r, "count": c} for r, c in info.exclusions])
        finally:
            self._loading = False
        self._update_numbers()

    def _touched(self) -> None:
        if not self._loading:
            self.dirty = True
            self.status.setText(tr("meeting", "Có thay đổi chưa ghi."))
        self._update_numbers()

    def _update_numbers(self) -> None:
        convened, present = self.convened.value(), self.present.value()
        absent = convened - present
        if absent >= 0:
            self.absent.setText(tr("meeting", "<b>{n}</b> (được triệu tập − có mặt)").format(n=absent))
        else:
            self.absent.setText(tr("meeting", "<span style='color:#b00020'>Số có mặt lớn hơn số được triệu tập</span>"))
        excluded = sum(row["count"] or 0 for row in self.exclusions.rows())
        base = convened - excluded
        colour = "#b00020" if base < 0 else "#000"
        self.base_label.setText(
            tr(
                "meeting",
                "<span style='color:{colour}'><b>{base}</b></span> = {convened} − {excluded} "
                "(được triệu tập − không tính)",
            ).format(colour=colour, base=base, convened=convened, excluded=excluded)
        )

    # ------------------------------------------------------------------ closing

    def pending_work(self) -> str | None:
        self.exclusion_editor.view.commit_pending()
        if not self.dirty:
            return None
        return tr("meeting", "Thông tin hội nghị có thay đổi chưa ghi.")

    def save_pending(self) -> bool:
        self.save(here=True)
        return not self.dirty

    def drop_pending(self) -> None:
        self.dirty = False
        self.status.clear()
        if self.context.is_open:
            self.refresh()  # show what is stored again

    # ------------------------------------------------------------------ saving

    def details(self) -> MeetingDetails:
        """The details as typed."""
        qdate = self.date.date()
        return MeetingDetails(
            title=self.title_edit.text(),
            organization=self.organization.text(),
            superior=self.superior.text() or None,
            congress=self.congress.text() or None,
            term=self.term.text() or None,
            place=self.place.text(),
            date=dt.date(qdate.year(), qdate.month(), qdate.day()),
            electorate=self.electorate.currentText(),
            convened=self.convened.value(),
            present=self.present.value(),
        )

    def exclusion_rows(self) -> list[tuple[str, int]]:
        """The exclusions as typed: (reason, count)."""
        return [(row["reason"] or "", row["count"] or 0) for row in self.exclusions.rows()]

    def save(self, *, here: bool = False) -> None:
        """Store the details, the attendance and the exclusions in one transaction (logged; off the UI thread, or
        on it with `here`: closing, done when this returns)."""
        self.exclusion_editor.view.commit_pending()
        details, rows = self.details(), self.exclusion_rows()
        actor = self.context.actor()

        def store(session: Session) -> bool:
            """Whether anything changed (nothing changed: nothing is written, no audit entry)."""
            # Each service checks the exclusions against the convened number it sees, so grow the
            # number first and shrink it last: the final state is always the one checked.
            before = editing.meeting_details(session)
            grows = details.convened >= before.convened
            changed = False
            if grows:
                changed = editing.update_meeting(session, details, actor=actor) != before
            if tuple(rows) != meetings.exclusions(session):
                editing.set_exclusions(session, rows, actor=actor)
                changed = True
            if not grows:
                changed = editing.update_meeting(session, details, actor=actor) != before or changed
            return changed

        def saved(changed: bool) -> None:
            self.write_answered(True)
            text = (
                tr("meeting", "Đã ghi thông tin hội nghị.") if changed else tr("meeting", "Không có thay đổi để ghi.")
            )
            self.status.setText(text)
            window = self.window()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(text, 4000)

        def failed(exc: BaseException) -> None:
            self.write_answered(False)
            show_error(self, in_words(self.context, exc))

        self.write_started()
        # Everything: the attendance is the base of the percentages on every poll.
        op = CollectionOp(self, self.context, store, Changes.all()).success(saved).failure(failed)
        if here:
            op.run_here()  # closing: the window closes right after
        else:
            op.run()


SCREEN = MeetingScreen
