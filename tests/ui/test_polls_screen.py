"""The poll editor: adding and deleting polls, settings, lists (reorder, ABC, Excel), criteria, locking."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QDoubleSpinBox, QFileDialog, QLineEdit, QMessageBox

import ui.screens.polls as polls_screen
from app.profiles import load_profiles
from app.rules.model import PollKind
from app.services import editing, polls
from app.services.drafting import suggest_code
from app.services.spec import DEFAULT_PROFILE, CriterionSpec, ItemSpec, PollSpec
from ui import workers
from ui.main_window import MainWindow
from ui.models import ROW_ROLE
from ui.screens.polls import AddPollDialog, ImportPreviewDialog, PollsScreen
from ui.widgets import Column, RowTableModel

ACCEPTED = QDialog.DialogCode.Accepted
REJECTED = QDialog.DialogCode.Rejected


# ---------------------------------------------------------------------- helpers


@pytest.fixture
def screen(window: MainWindow) -> PollsScreen:
    """The poll editor, shown."""
    found = next(s for s in window.screens if isinstance(s, PollsScreen))
    window.go_to(window.screens.index(found))
    return found


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages the user would see in a warning box (instead of blocking on it)."""
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *args: messages.append(text))
    return messages


def type_into(edit: QLineEdit, text: str) -> None:
    """Type `text` key by key (QTest.keyClicks cannot type Vietnamese letters)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(edit, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def add_draft(screen: PollsScreen, kind: PollKind, code: str, *names: str, seats: int = 0) -> None:
    """A new draft poll (as the Thêm dialog would create it), selected."""
    items = tuple(ItemSpec(n) for n in names)
    spec = PollSpec(code, kind, DEFAULT_PROFILE[kind], f"Nội dung {code}", seats, items)
    assert screen.create_poll(spec)
    # With background jobs (#17) the poll is added on the writer thread and shown when read back.
    deadline = time.monotonic() + 10
    while screen.code != code and time.monotonic() < deadline:
        workers.wait_for_all(100)
        QApplication.processEvents()
    assert screen.code == code


def stored_items(window: MainWindow, code: str) -> list[ItemSpec]:
    return window.context.read(lambda s: editing.item_specs(s, code))


def stored_names(window: MainWindow, code: str) -> list[str]:
    return [i.name for i in stored_items(window, code)]


def shown_names(screen: PollsScreen) -> list[str]:
    return [row["name"] for row in screen.items_model.rows()]


def window_codes(window: MainWindow) -> list[str]:
    model = window.poll_model
    return [model.data(model.index(r, 0), ROW_ROLE).code for r in range(model.rowCount())]


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


# ---------------------------------------------------------------------- the poll list


def test_lists_the_polls_and_follows_the_current_poll(window: MainWindow, screen: PollsScreen) -> None:
    assert screen.poll_model.rowCount() == 9
    first = screen.poll_model.index(0, 0)
    assert screen.poll_model.data(first).splitlines() == [
        "Bầu Ban Chấp hành Đảng bộ xã khóa XX, nhiệm kỳ 2025–2030",
        "Bầu cử · Đang kiểm phiếu",
    ]
    assert screen.code == window.context.current_poll == "bch"
    screen.poll_view.setCurrentIndex(screen.poll_model.index(4, 0))
    assert window.context.current_poll == "tin-nhiem"
    assert screen.code == "tin-nhiem"
    window.context.select_poll("danh-gia")  # chosen in the main window's list
    assert screen.code == "danh-gia"
    assert screen.poll_view.currentIndex().row() == 5


@pytest.mark.parametrize(
    ("kind", "title", "seats"),
    [
        (PollKind.ELECTION, "Bầu Ủy ban Kiểm tra Đảng ủy xã khóa XX", 3),
        (PollKind.CONFIDENCE, "Lấy phiếu tín nhiệm Chủ tịch HĐND xã", None),
        (PollKind.EVALUATION, "Đánh giá, xếp loại Ban Thường vụ năm 2026", None),
        (PollKind.SCORING, "Chấm điểm cán bộ diện Ban Thường vụ quản lý năm 2026", None),
        (PollKind.MOTION, "Biểu quyết thông qua Chương trình đại hội", None),
        (PollKind.NOMINATION, "Giới thiệu nhân sự Phó Chủ tịch UBND xã", 2),
    ],
)
def test_adding_a_poll_of_every_kind(
    window: MainWindow,
    screen: PollsScreen,
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
    kind: PollKind,
    title: str,
    seats: int | None,
) -> None:
    def fill(dialog: AddPollDialog) -> int:
        dialog.set_kind(kind.value)
        type_into(dialog.title_edit, title)
        assert dialog.form.isRowVisible(dialog.seats) is (seats is not None)
        if seats is not None:
            dialog.seats.setValue(seats)
        assert dialog.profile.profile_id() == DEFAULT_PROFILE[kind]
        return ACCEPTED

    monkeypatch.setattr(AddPollDialog, "exec", fill)
    click(qtbot, screen.add_poll_button)
    code = suggest_code(title, set())
    assert code in window_codes(window)  # the main window's list
    assert window.context.current_poll == code == screen.code
    summary = next(p for p in window.context.polls() if p.code == code)
    assert (summary.kind, summary.title, summary.status, summary.profile) == (
        kind.value,
        title,
        "draft",
        DEFAULT_PROFILE[kind],
    )
    assert summary.seats == (seats or 0)
    assert screen.tabs.isTabVisible(1) is (kind is PollKind.SCORING)
    assert screen.items_model.editable
    assert screen.items_model.columns[0].header == ("Nội dung biểu quyết" if kind is PollKind.MOTION else "Họ và tên")


def test_the_add_dialog_suggests_a_code_and_filters_profiles(qtbot) -> None:
    dialog = AddPollDialog({"bau-bi-thu-dang-uy-xa"})
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    type_into(dialog.title_edit, "Bầu Bí thư Đảng ủy xã")
    assert dialog.code.text() == "bau-bi-thu-dang-uy-xa-2"  # the first suggestion is taken
    assert ok.isEnabled()
    profiles = load_profiles()
    dialog.set_kind("election")
    ids = [dialog.profile.combo.itemData(i) for i in range(dialog.profile.combo.count())]
    assert ids == ["party-election", "state-election"]
    dialog.profile.combo.setCurrentIndex(1)
    assert dialog.profile.explanation.text() == profiles["state-election"].describe()
    dialog.set_kind("confidence")
    ids = [dialog.profile.combo.itemData(i) for i in range(dialog.profile.combo.count())]
    assert ids == ["party-confidence", "council-confidence"]
    assert dialog.profile.explanation.text() == profiles["party-confidence"].describe()
    assert not dialog.form.isRowVisible(dialog.seats)
    # a code typed by hand is kept, and a code already in use is refused
    dialog.code.clear()
    type_into(dialog.code, "bau-bi-thu-dang-uy-xa")
    assert dialog.code_note.text() == "Mã 'bau-bi-thu-dang-uy-xa' đã có trong hội nghị."
    assert not ok.isEnabled()
    type_into(dialog.title_edit, " khóa XX")
    assert dialog.code.text() == "bau-bi-thu-dang-uy-xa"
    dialog.code.clear()
    type_into(dialog.code, "tn 2026")  # the validator keeps out what a code cannot hold
    assert dialog.code.text() == "tn2026"
    assert ok.isEnabled()
    spec = dialog.spec()
    assert (spec.code, spec.kind, spec.profile, spec.seats, spec.items) == (
        "tn2026",
        PollKind.CONFIDENCE,
        "party-confidence",
        0,
        (),
    )


def test_suggested_codes() -> None:
    assert suggest_code("Bầu Ban Chấp hành Đảng bộ xã khóa XX, nhiệm kỳ 2025–2030", set()) == "bau-ban-chap-hanh-dang"
    assert suggest_code("Đánh giá", {"danh-gia", "danh-gia-2"}) == "danh-gia-3"
    assert suggest_code("!!!", set()) == "noi-dung"


def test_cancelling_the_add_dialog_adds_nothing(
    window: MainWindow, screen: PollsScreen, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(AddPollDialog, "exec", lambda dialog: REJECTED)
    click(qtbot, screen.add_poll_button)
    assert len(window_codes(window)) == 9


# ---------------------------------------------------------------------- settings


def test_draft_settings_are_saved(window: MainWindow, screen: PollsScreen, qtbot) -> None:
    add_draft(screen, PollKind.ELECTION, "bch-moi", "Nguyễn Văn An", seats=5)
    assert screen.seats.isEnabled()
    assert screen.profile.isEnabled()
    screen.seats.setValue(7)
    screen.profile.combo.setCurrentIndex(screen.profile.combo.findData("state-election"))
    assert screen.profile.explanation.text() == load_profiles()["state-election"].describe()
    screen.issued.setValue(120)
    screen.title_edit.clear()
    type_into(screen.title_edit, "Bầu Ban Chấp hành khóa mới")
    assert screen.settings_dirty
    assert "Chưa ghi: thiết lập." in screen.state_label.text()
    click(qtbot, screen.save_settings_button)
    settings = window.context.read(lambda s: editing.poll_settings(s, "bch-moi"))
    assert (settings.title, settings.seats, settings.profile, settings.issued) == (
        "Bầu Ban Chấp hành khóa mới",
        7,
        "state-election",
        120,
    )
    assert not screen.settings_dirty
    window_titles = [window.poll_model.data(window.poll_model.index(r, 0)) for r in range(10)]
    assert "Bầu Ban Chấp hành khóa mới" in window_titles  # refreshed through context.changed
    screen.issued.setValue(-1)  # back to "theo sổ phiếu in"
    screen.save_settings()
    assert window.context.read(lambda s: editing.poll_settings(s, "bch-moi")).issued is None


def test_binding_and_collective_level(window: MainWindow, screen: PollsScreen) -> None:
    add_draft(screen, PollKind.CONFIDENCE, "tn", "Lê Văn Cường")
    assert screen.settings_form.isRowVisible(screen.binding)
    assert not screen.settings_form.isRowVisible(screen.collective)
    screen.binding.setChecked(True)
    assert screen.save_settings()
    assert window.context.read(lambda s: editing.poll_settings(s, "tn")).binding
    add_draft(screen, PollKind.EVALUATION, "dg", "Lê Văn Cường")
    assert screen.settings_form.isRowVisible(screen.collective)
    assert not screen.settings_form.isRowVisible(screen.binding)
    screen.collective.setCurrentIndex(screen.collective.findData(2))
    assert screen.save_settings()
    assert window.context.read(lambda s: editing.poll_settings(s, "dg")).collective_level == 2


# ---------------------------------------------------------------------- the list


def test_editing_reordering_and_saving_a_draft_list(window: MainWindow, screen: PollsScreen, qtbot) -> None:
    add_draft(screen, PollKind.ELECTION, "bch-moi", seats=2)
    model, view = screen.items_model, screen.items_view
    for name in ("Trần Thị Bình", "Lê Văn Cường", "Nguyễn Văn An"):
        click(qtbot, screen.items_editor.add_button)
        view.commit_pending()
        model.setData(model.index(view.current_row(), 0), name)
    model.setData(model.index(0, 1), "1978")
    model.setData(model.index(0, 2), "Phó Bí thư Thường trực Đảng ủy")
    model.setData(model.index(1, 3), "Tái cử")
    assert model.dirty
    assert "Chưa ghi: danh sách." in screen.state_label.text()
    assert screen.tabs.tabText(0) == "Danh sách bầu cử · 3 dòng"
    # Lên / Xuống
    view.select_row(2)
    click(qtbot, screen.items_editor.up_button)
    assert shown_names(screen) == ["Trần Thị Bình", "Nguyễn Văn An", "Lê Văn Cường"]
    assert view.current_row() == 1
    click(qtbot, screen.items_editor.down_button)
    assert shown_names(screen) == ["Trần Thị Bình", "Lê Văn Cường", "Nguyễn Văn An"]
    # drag and drop: the last row dropped above the first
    mime = model.mimeData([model.index(2, 0)])
    assert not model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())  # the view deletes nothing
    assert shown_names(screen) == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    assert model.rowCount() == 3
    click(qtbot, screen.save_items_button)
    assert stored_items(window, "bch-moi") == [
        ItemSpec("Nguyễn Văn An"),
        ItemSpec("Trần Thị Bình", 1978, "Phó Bí thư Thường trực Đảng ủy"),
        ItemSpec("Lê Văn Cường", note="Tái cử"),
    ]
    assert not screen.items_model.dirty
    # Xóa dòng
    view.select_row(1)
    click(qtbot, screen.items_editor.remove_button)
    assert screen.save_items()
    assert stored_names(window, "bch-moi") == ["Nguyễn Văn An", "Lê Văn Cường"]


def test_cell_editors_take_years_and_half_points(screen: PollsScreen) -> None:
    add_draft(screen, PollKind.SCORING, "cd", "Lê Văn Cường")
    view, model = screen.items_view, screen.items_model
    index = model.index(0, 1)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    editor.setText("1975")
    view.commit_pending()
    assert model.rows()[0]["birth_year"] == 1975
    assert not model.setData(index, "1800")  # not a birth year
    criteria = screen.criteria_model
    row = criteria.add_row({"name": "Tiêu chí chung"})
    index = criteria.index(row, 1)
    screen.criteria_editor.view.setCurrentIndex(index)
    screen.criteria_editor.view.edit(index)
    points = screen.criteria_editor.view.indexWidget(index)
    assert isinstance(points, QDoubleSpinBox)
    points.setValue(27.5)
    screen.criteria_editor.view.commit_pending()
    assert criteria.rows()[row]["max_halves"] == 55
    assert criteria.data(index) == "27,5"


def test_evaluation_list_has_head_and_best_level(window: MainWindow, screen: PollsScreen) -> None:
    add_draft(screen, PollKind.EVALUATION, "dg", "Nguyễn Văn An", "Trần Thị Bình")
    model = screen.items_model
    keys = [c.key for c in model.columns]
    assert keys == ["name", "birth_year", "position", "note", "head", "max_level"]
    assert model.setData(model.index(0, 4), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.setData(model.index(1, 5), 2)
    assert model.data(model.index(1, 5)) == "Hoàn thành tốt"
    assert screen.save_items()
    assert stored_items(window, "dg") == [
        ItemSpec("Nguyễn Văn An", is_head=True),
        ItemSpec("Trần Thị Bình", max_level=2),
    ]


def test_a_list_with_an_empty_or_repeated_name_is_refused(
    window: MainWindow, screen: PollsScreen, warnings: list[str]
) -> None:
    add_draft(screen, PollKind.ELECTION, "bch-moi", "Nguyễn Văn An", seats=1)
    model = screen.items_model
    model.add_row()
    assert not screen.save_items()
    assert warnings == ["Dòng 2 chưa có họ và tên."]
    model.setData(model.index(1, 0), "nguyễn  văn an")
    assert not screen.save_items()
    assert "'nguyễn văn an' trùng với mục 1" in warnings[1]
    assert model.dirty  # nothing lost
    assert stored_names(window, "bch-moi") == ["Nguyễn Văn An"]


def test_abc_sort_includes_unsaved_rows(window: MainWindow, screen: PollsScreen, qtbot) -> None:
    add_draft(screen, PollKind.ELECTION, "bch-moi", "Đỗ Minh Đức", "Trần Thị Bình", seats=2)
    screen.items_model.add_row({"name": "Nguyễn Văn An"})
    click(qtbot, screen.sort_button)
    expected = ["Nguyễn Văn An", "Trần Thị Bình", "Đỗ Minh Đức"]
    assert stored_names(window, "bch-moi") == expected
    assert shown_names(screen) == expected
    assert not screen.items_model.dirty


def test_motion_lists_have_no_abc_or_excel(screen: PollsScreen) -> None:
    add_draft(screen, PollKind.MOTION, "bq", "Thông qua Báo cáo chính trị")
    assert screen.sort_button.isHidden()
    assert screen.import_button.isHidden()
    assert [c.key for c in screen.items_model.columns] == ["name"]


def test_excel_import_shows_a_preview_then_replaces_the_list(
    window: MainWindow, screen: PollsScreen, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_draft(screen, PollKind.ELECTION, "bch-moi", "Người cũ", seats=2)
    path = write_xlsx(
        tmp_path / "danh-sach.xlsx",
        [
            ["DANH SÁCH BẦU CỬ BAN CHẤP HÀNH"],
            [],
            ["STT", "Họ và tên", "Năm sinh", "Chức vụ", "Ghi chú"],
            [1, "Nguyễn Văn An", 1972, "Bí thư Đảng ủy xã", None],
            [2, "Trần Thị Bình", "1978", "Phó Bí thư", "Nữ"],
            [3, "Lê Văn Cường", None, None, None],
        ],
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    previews: list[list[str]] = []

    def preview(dialog: ImportPreviewDialog) -> int:
        previews.append([row["name"] for row in dialog.model.rows()])
        assert not dialog.model.editable
        return ACCEPTED

    monkeypatch.setattr(ImportPreviewDialog, "exec", preview)
    click(qtbot, screen.import_button)
    assert previews == [["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]]
    assert stored_items(window, "bch-moi") == [
        ItemSpec("Nguyễn Văn An", 1972, "Bí thư Đảng ủy xã"),
        ItemSpec("Trần Thị Bình", 1978, "Phó Bí thư", "Nữ"),
        ItemSpec("Lê Văn Cường"),
    ]
    assert shown_names(screen) == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]


def test_excel_import_cancelled_at_the_preview_changes_nothing(
    window: MainWindow, screen: PollsScreen, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_draft(screen, PollKind.ELECTION, "bch-moi", "Người cũ", seats=1)
    path = write_xlsx(tmp_path / "ds.xlsx", [["Họ và tên"], ["Nguyễn Văn An"]])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    monkeypatch.setattr(ImportPreviewDialog, "exec", lambda dialog: REJECTED)
    click(qtbot, screen.import_button)
    assert stored_names(window, "bch-moi") == ["Người cũ"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ([["STT", "Tên đơn vị"], [1, "Xã An Bình"]], "không tìm thấy cột 'Họ và tên'"),
        ([["Họ và tên", "Năm sinh"], ["Nguyễn Văn An", "năm 72"]], "năm sinh 'năm 72' không hợp lệ"),
        (None, "không phải tệp Excel .xlsx hợp lệ"),
    ],
)
def test_excel_import_of_a_bad_file_says_why(
    window: MainWindow,
    screen: PollsScreen,
    qtbot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[str],
    content: list[list[object]] | None,
    message: str,
) -> None:
    add_draft(screen, PollKind.ELECTION, "bch-moi", "Người cũ", seats=1)
    path = tmp_path / "ds.xlsx"
    if content is None:
        path.write_bytes(b"PK\x03\x04 not really a workbook")
    else:
        write_xlsx(path, content)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    monkeypatch.setattr(ImportPreviewDialog, "exec", lambda dialog: pytest.fail("no preview for a bad file"))
    click(qtbot, screen.import_button)
    assert len(warnings) == 1
    assert message in warnings[0]
    assert stored_names(window, "bch-moi") == ["Người cũ"]


# ---------------------------------------------------------------------- criteria


def test_scoring_criteria_with_half_points(window: MainWindow, screen: PollsScreen, qtbot, warnings) -> None:
    add_draft(screen, PollKind.SCORING, "cd", "Lê Văn Cường")
    assert screen.tabs.isTabVisible(1)
    screen.tabs.setCurrentIndex(1)
    criteria, editor = screen.criteria_model, screen.criteria_editor
    assert screen.save_criteria() is False
    assert warnings == ["Phiếu chấm điểm cần ít nhất một tiêu chí."]
    for name, points in (("Kết quả thực hiện chức trách, nhiệm vụ", 69.5), ("Tiêu chí chung", "30,5")):
        click(qtbot, editor.add_button)
        editor.view.commit_pending()
        row = editor.view.current_row()
        criteria.setData(criteria.index(row, 0), name)
        assert criteria.setData(criteria.index(row, 1), points)
    assert criteria.data(criteria.index(1, 1)) == "30,5"
    assert "Tổng điểm tối đa: <b>100</b>" in screen.criteria_total.text()
    assert screen.tabs.tabText(1) == "Tiêu chí chấm điểm · 2"
    editor.view.select_row(1)
    click(qtbot, editor.up_button)
    click(qtbot, screen.save_criteria_button)
    assert window.context.read(lambda s: editing.criterion_specs(s, "cd")) == [
        CriterionSpec("Tiêu chí chung", 61),
        CriterionSpec("Kết quả thực hiện chức trách, nhiệm vụ", 139),
    ]
    assert stored_names(window, "cd") == ["Lê Văn Cường"]  # the list is untouched


def test_ctrl_s_saves_every_changed_section(window: MainWindow, screen: PollsScreen) -> None:
    add_draft(screen, PollKind.SCORING, "cd", "Lê Văn Cường")
    screen.items_model.add_row({"name": "Bùi Quang Huy"})
    screen.criteria_model.add_row({"name": "Tiêu chí chung", "max_halves": 200})
    screen.title_edit.setText("Chấm điểm năm 2026")
    screen._settings_touched()
    shortcut = next(s for s in screen.findChildren(QShortcut) if s.key() == QKeySequence(QKeySequence.StandardKey.Save))
    shortcut.activated.emit()
    assert stored_names(window, "cd") == ["Lê Văn Cường", "Bùi Quang Huy"]
    assert window.context.read(lambda s: editing.criterion_specs(s, "cd")) == [CriterionSpec("Tiêu chí chung", 200)]
    assert window.context.read(lambda s: editing.poll_settings(s, "cd")).title == "Chấm điểm năm 2026"


# ---------------------------------------------------------------------- unsaved edits and locking


def test_unsaved_edits_are_kept_while_looking_at_another_poll(window: MainWindow, screen: PollsScreen) -> None:
    add_draft(screen, PollKind.ELECTION, "bch-moi", "Nguyễn Văn An", seats=1)
    screen.items_model.add_row({"name": "Chưa ghi"})
    window.context.select_poll("bch")
    assert screen.code == "bch"
    row = screen.poll_model.row_of("bch-moi")
    assert screen.poll_model.data(screen.poll_model.index(row, 0)).startswith("✎ ")
    window.context.select_poll("bch-moi")
    assert shown_names(screen) == ["Nguyễn Văn An", "Chưa ghi"]
    assert screen.items_model.dirty
    assert stored_names(window, "bch-moi") == ["Nguyễn Văn An"]


def test_a_counting_poll_is_read_only_but_its_title_can_change(window: MainWindow, screen: PollsScreen, qtbot) -> None:
    window.context.select_poll("bch")  # every demo poll has ballots entered
    assert screen.summary is not None
    assert screen.summary.status == "counting"
    assert "Trạng thái: <b style='color:#b36b00'>Đang kiểm phiếu</b>" in screen.state_label.text()
    assert "chỉ còn sửa được tên nội dung" in screen.state_label.text()
    model = screen.items_model
    assert not model.editable
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    assert not model.setData(model.index(0, 0), "Tên khác")
    assert model.move_row(0, 1) == 0
    assert screen.items_view.editTriggers() == screen.items_view.EditTrigger.NoEditTriggers
    for button in (
        screen.items_editor.add_button,
        screen.items_editor.remove_button,
        screen.items_editor.up_button,
        screen.items_editor.down_button,
        screen.sort_button,
        screen.import_button,
        screen.save_items_button,
    ):
        assert not button.isEnabled(), button.text()
    for widget in (screen.seats, screen.profile, screen.issued):
        assert not widget.isEnabled()
    assert screen.title_edit.isEnabled()
    assert screen.save_settings_button.isEnabled()
    screen.title_edit.clear()
    type_into(screen.title_edit, "Bầu Ban Chấp hành Đảng bộ xã khóa XX")
    click(qtbot, screen.save_settings_button)
    assert (
        window.context.read(lambda s: editing.poll_settings(s, "bch")).title == "Bầu Ban Chấp hành Đảng bộ xã khóa XX"
    )
    window.context.select_poll("cham-diem")
    assert not screen.criteria_model.editable
    assert not screen.save_criteria_button.isEnabled()


def test_a_poll_printed_meanwhile_drops_its_unsaved_list(window: MainWindow, screen: PollsScreen) -> None:
    add_draft(screen, PollKind.ELECTION, "bch-moi", "Nguyễn Văn An", seats=1)
    screen.items_model.add_row({"name": "Chưa ghi"})
    window.context.select_poll("bch")
    # another screen prints the ballots: the poll leaves the draft state
    window.context.write(lambda s: setattr(polls.get_poll(s, "bch-moi"), "status", "issued"))
    window.context.select_poll("bch-moi")
    assert shown_names(screen) == ["Nguyễn Văn An"]
    assert not screen.items_model.editable
    assert not screen.items_model.dirty


# ---------------------------------------------------------------------- deleting


def test_delete_refuses_a_poll_with_ballots(
    window: MainWindow, screen: PollsScreen, qtbot, monkeypatch: pytest.MonkeyPatch, warnings: list[str]
) -> None:
    questions: list[str] = []

    def yes(parent, title, text, action):
        questions.append(text)
        return True

    monkeypatch.setattr(polls_screen, "confirm", yes)
    window.context.select_poll("ubkt")
    click(qtbot, screen.delete_poll_button)
    assert questions == ["Xóa nội dung “Bầu Ủy ban Kiểm tra Đảng ủy xã” (mã ubkt) cùng danh sách của nó?"]
    assert warnings == ["Nội dung “Bầu Ủy ban Kiểm tra Đảng ủy xã” đã có phiếu đã nhập: không xóa được."]
    assert "ubkt" in window_codes(window)


def test_delete_removes_a_fresh_poll_after_asking(
    window: MainWindow, screen: PollsScreen, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_draft(screen, PollKind.MOTION, "bq", "Thông qua Quy chế làm việc")
    monkeypatch.setattr(polls_screen, "confirm", lambda *args: False)
    click(qtbot, screen.delete_poll_button)
    assert "bq" in window_codes(window)
    monkeypatch.setattr(polls_screen, "confirm", lambda *args: True)
    click(qtbot, screen.delete_poll_button)
    assert "bq" not in window_codes(window)
    assert "bq" not in [p.code for p in window.context.polls()]
    qtbot.waitUntil(lambda: screen.code is not None, timeout=10_000)  # the list is read back off the UI thread
    assert window.context.current_poll == screen.code == "bch"


# ---------------------------------------------------------------------- the row model on its own


def test_row_model_moves_rows_and_refuses_bad_values() -> None:
    model = RowTableModel([Column("name", "Tên"), Column("n", "Số", "int", minimum=1, maximum=9, default=1)])
    model.set_rows([{"name": n} for n in "ABCD"])
    assert not model.dirty
    drop = model.mimeData([model.index(0, 0)])
    assert model.canDropMimeData(drop, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    model.dropMimeData(drop, Qt.DropAction.MoveAction, 3, 0, QModelIndex())  # A dropped above D
    assert [r["name"] for r in model.rows()] == ["B", "C", "A", "D"]
    model.dropMimeData(model.mimeData([model.index(1, 0)]), Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert [r["name"] for r in model.rows()] == ["B", "A", "D", "C"]  # dropped below the last row
    assert model.move_row(0, -1) == 0  # already first
    assert model.move_row(3, -1) == 2
    assert [r["name"] for r in model.rows()] == ["B", "A", "C", "D"]
    assert model.dirty
    assert not model.setData(model.index(0, 1), 10)
    assert not model.setData(model.index(0, 1), "")
    assert model.setData(model.index(0, 1), "9")
    assert model.rows()[0]["n"] == 9
    assert model.headerData(2, Qt.Orientation.Vertical) == "3"


def test_confirm_asks_with_vietnamese_buttons(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []

    def click_first(box: QMessageBox) -> int:
        seen.append(sorted(b.text() for b in box.buttons()))
        assert box.defaultButton().text() == "Không"
        next(b for b in box.buttons() if b.text() == "Xóa").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click_first)
    assert polls_screen.confirm(None, "Xóa nội dung bỏ phiếu", "Xóa?", "Xóa")
    assert seen == [["Không", "Xóa"]]


def test_deleting_a_poll_is_written_on_the_writer_thread_and_leaves_the_poll_list(
    window: MainWindow,
    screen: PollsScreen,
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[str],
    background: None,
) -> None:
    """#17: the deletion goes through the operations layer: off the UI thread, then the change record (the poll
    list) reaches the main window's list; a refusal is said in Vietnamese."""
    import threading

    add_draft(screen, PollKind.MOTION, "bq", "Thông qua Quy chế làm việc")
    threads: list[threading.Thread] = []
    delete = editing.delete_poll

    def recorded(*args, **kwargs):
        threads.append(threading.current_thread())
        return delete(*args, **kwargs)

    monkeypatch.setattr(editing, "delete_poll", recorded)
    monkeypatch.setattr(polls_screen, "confirm", lambda *args: True)
    qtbot.waitUntil(lambda: "bq" in window_codes(window) and screen.code == "bq", timeout=10_000)
    click(qtbot, screen.delete_poll_button)
    qtbot.waitUntil(lambda: bool(threads) and "bq" not in window_codes(window), timeout=10_000)
    assert len(threads) == 1
    assert threads[0] is not threading.main_thread()
    qtbot.waitUntil(lambda: screen.code is not None, timeout=10_000)  # the list is read back off the UI thread
    assert window.context.current_poll == screen.code == "bch"
    window.context.select_poll("ubkt")
    qtbot.waitUntil(lambda: screen.code == "ubkt", timeout=10_000)
    click(qtbot, screen.delete_poll_button)
    qtbot.waitUntil(lambda: bool(warnings), timeout=10_000)
    assert warnings == ["Nội dung “Bầu Ủy ban Kiểm tra Đảng ủy xã” đã có phiếu đã nhập: không xóa được."]
    assert "ubkt" in window_codes(window)
