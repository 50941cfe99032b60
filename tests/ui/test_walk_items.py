"""The smaller things a later walk at the keyboard found (#17). Keys go to QApplication.focusWidget()."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ui.context import MeetingContext


def _key(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    QTest.keyClick(focus, key, modifier)


def test_the_english_ui_names_an_unnamed_operator_in_english(app_in) -> None:
    app_in("en")
    context = MeetingContext()
    assert context.operator == ""
    assert context.actor() == "user"


def test_the_vietnamese_ui_names_an_unnamed_operator_in_vietnamese(app_in) -> None:
    app_in("vi")
    assert MeetingContext().actor() == "người dùng"


def test_saving_a_poll_names_it_by_its_title(window, qtbot) -> None:
    """The status line said "Đã ghi danh sách của nội dung 'bch-moi'": a person knows the poll by its title."""
    from app.rules.model import PollKind
    from tests.ui.test_polls_screen import add_draft
    from ui.screens.polls import PollsScreen

    screen = next(s for s in window.screens if isinstance(s, PollsScreen))
    window.go_to(window.screens.index(screen))
    add_draft(screen, PollKind.ELECTION, "bch-moi", seats=1)
    screen.items_editor.add_button.click()
    screen.items_view.commit_pending()
    screen.items_model.setData(screen.items_model.index(screen.items_view.current_row(), 0), "Nguyễn Văn An")
    assert screen.save_items()
    message = window.statusBar().currentMessage()
    assert message == "Đã ghi danh sách của nội dung “Nội dung bch-moi”."
    assert screen.save_settings()
    assert window.statusBar().currentMessage() == "Đã ghi thiết lập của nội dung “Nội dung bch-moi”."


def _dialog_folders(monkeypatch) -> list[Path]:
    """Where each file dialog would open (its directory argument), the dialog itself cancelled."""
    from PySide6.QtWidgets import QFileDialog

    seen: list[Path] = []

    def remember(_parent, _caption="", directory="", *_args, **_kwargs):
        start = Path(directory)
        seen.append(start if start.is_dir() else start.parent)
        return ("", "")

    def remember_files(*args, **kwargs):
        remember(*args, **kwargs)
        return ([], "")

    def remember_folder(*args, **kwargs):
        remember(*args, **kwargs)
        return ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", remember)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", remember)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", remember_files)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", remember_folder)
    return seen


def test_file_dialogs_start_in_the_meeting_file_s_folder(window, monkeypatch, tmp_path: Path) -> None:
    """They started in the working folder (where the program was started from), not beside the meeting."""
    from ui.screens.entry import EntryScreen
    from ui.screens.polls import PollsScreen
    from ui.screens.scanning import ScanningScreen

    monkeypatch.chdir(tmp_path.parent)
    seen = _dialog_folders(monkeypatch)
    folder = window.context.path.parent
    window.open_meeting()
    polls_screen = next(s for s in window.screens if isinstance(s, PollsScreen))
    window.go_to(window.screens.index(polls_screen))
    polls_screen.import_excel()
    scanning = next(s for s in window.screens if isinstance(s, ScanningScreen))
    scanning._choose_files()
    scanning._choose_folder()
    window.context.select_poll("bch")
    entry = next(s for s in window.screens if isinstance(s, EntryScreen))
    entry.import_pass()
    assert len(seen) == 5
    assert seen == [folder] * 5


def test_without_a_meeting_file_dialogs_start_in_the_documents_folder(qtbot, monkeypatch, tmp_path: Path) -> None:
    from PySide6.QtCore import QStandardPaths

    from ui.main_window import MainWindow

    monkeypatch.chdir(tmp_path)
    seen = _dialog_folders(monkeypatch)
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_meeting()
    documents = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    assert seen == [documents if documents.is_dir() else Path.home()]
    assert seen != [tmp_path]


def test_the_add_poll_dialog_keeps_no_empty_space(qtbot) -> None:
    """It kept the height of its first layout (the wrapped lines measured at a narrower width), and the kinds
    with a shorter explanation left a band of empty space under the buttons."""
    from ui.screens.polls import AddPollDialog

    dialog = AddPollDialog(set())
    qtbot.addWidget(dialog)
    dialog.show()
    for kind in ("election", "confidence", "motion", "scoring", "nomination", "evaluation", "election"):
        dialog.set_kind(kind)
        QApplication.processEvents()
        needed = dialog.layout().totalHeightForWidth(dialog.width())
        assert needed <= dialog.height() <= needed + 2, (kind, dialog.height(), needed)
        margin = dialog.layout().contentsMargins().bottom()
        assert dialog.height() - dialog.buttons.geometry().bottom() - 1 <= margin + 2, kind


def test_the_add_poll_dialog_grows_for_a_code_clash_and_shrinks_back(qtbot) -> None:
    from ui.screens.polls import AddPollDialog

    dialog = AddPollDialog({"bch"})
    qtbot.addWidget(dialog)
    dialog.show()
    before = dialog.height()
    dialog.code.setText("bch")
    assert dialog.code_note.isVisible()
    assert dialog.height() > before
    assert dialog.code_note.geometry().bottom() < dialog.buttons.geometry().top()
    dialog.code.setText("bch-2")
    assert dialog.height() == before


def test_the_committee_role_editor_is_not_cut(window) -> None:
    """The "Chức danh" column was as wide as its text, and its editor (a combo box with an arrow) showed
    "ởng ban" for "Trưởng ban"."""
    from PySide6.QtWidgets import QComboBox

    from ui.screens.committee import CommitteeScreen

    screen = next(s for s in window.screens if isinstance(s, CommitteeScreen))
    window.go_to(window.screens.index(screen))
    window.show()
    window.activateWindow()
    QApplication.processEvents()
    screen.table.setFocus()
    screen.table.setCurrentIndex(screen.model.index(0, 1))
    _key(Qt.Key.Key_F2)
    focus = QApplication.focusWidget()
    combo = focus if isinstance(focus, QComboBox) else focus.parent()
    assert isinstance(combo, QComboBox)
    assert combo.currentText() == "Trưởng ban"
    assert combo.width() >= combo.sizeHint().width(), (combo.width(), combo.sizeHint())
    _key(Qt.Key.Key_Escape)


def test_one_tab_leaves_the_date_field(window) -> None:
    """Tab went from the day to the month to the year before leaving the date field: three presses."""
    from PySide6.QtWidgets import QDateEdit

    from ui.screens.meeting import MeetingScreen

    screen = next(s for s in window.screens if isinstance(s, MeetingScreen))
    window.go_to(window.screens.index(screen))
    window.show()
    window.activateWindow()
    QApplication.processEvents()
    screen.date.setFocus()
    assert QApplication.focusWidget() is screen.date
    _key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not screen.date
    _key(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is screen.date
    _key(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is not screen.date
    assert isinstance(screen.date, QDateEdit)


def test_one_tab_leaves_the_new_meeting_date_field(qtbot) -> None:
    from ui.main_window import NewMeetingDialog

    dialog = NewMeetingDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    QApplication.processEvents()
    dialog.date.setFocus()
    _key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not dialog.date


def test_a_confidence_poll_s_result_column_says_what_it_found(window) -> None:
    """A person below every low-confidence band showed "—" in the result column."""
    from app.services import tallying
    from ui.tally_view import TallyTableModel

    tally = window.context.read(lambda s: tallying.tally_json(tallying.tally_poll(s, "tin-nhiem")))
    assert not tally.get("provisional")
    model = TallyTableModel()
    model.set_tally(tally)
    outcome = model.column_of("outcome")
    shown = [model.index(r, outcome).data() for r in range(model.rowCount())]
    assert shown
    assert "—" not in shown
    assert all(shown), shown
    assert "Không quá nửa tín nhiệm thấp" in shown


def _listed_and_headed(other, code: str) -> tuple[int, int]:
    """What the second window shows for `code`: the poll list's entered count, the entry header's."""
    import re

    from ui.models import PollTableModel
    from ui.screens.entry import EntryScreen

    model = other.poll_model
    listed = str(model.index(model.row_of(code), PollTableModel.COL_BALLOTS).data()).split("/")[0]
    entry = next(s for s in other.screens if isinstance(s, EntryScreen))
    found = re.search(r"Đã nhập <b>(\d+)</b>", entry.counters.text())
    assert found is not None, entry.counters.text()
    return int(listed), int(found.group(1))


def test_a_second_window_s_poll_list_and_header_read_the_same_count(window, qtbot) -> None:
    """Two windows on one file: the first enters ballots; the second's entry header read the new count when its
    screen was refreshed, its poll list kept the old one (1/29 beside "Đã nhập 2")."""
    from PySide6.QtCore import QEvent

    from app.rules.model import Ballot
    from app.services.ballots import enter_ballot
    from ui.main_window import MainWindow
    from ui.screens.entry import EntryScreen
    from ui.screens.results import ResultsScreen

    other = MainWindow()
    qtbot.addWidget(other)
    other.context.operator = "Máy 2"
    other.context.open(window.context.path)
    try:
        code = next(p.code for p in other.context.polls() if p.kind == "election" and p.status != "closed")
        other.context.select_poll(code)
        entry = next(s for s in other.screens if isinstance(s, EntryScreen))
        results = next(s for s in other.screens if isinstance(s, ResultsScreen))
        other.go_to(other.screens.index(entry))
        before = _listed_and_headed(other, code)
        assert before[0] == before[1]

        def one_more(s):
            return enter_ballot(
                s,
                code=code,
                serial=None,
                ballot=Ballot(key="", struck=frozenset({1})),
                operator="A",
                station="a",
                without_code=True,
            )

        window.context.write(one_more)  # the first window
        other.go_to(other.screens.index(results))
        other.go_to(other.screens.index(entry))
        assert _listed_and_headed(other, code) == (before[0] + 1, before[0] + 1)
        window.context.write(one_more)
        QApplication.sendEvent(other, QEvent(QEvent.Type.WindowActivate))  # the user comes back to it
        assert _listed_and_headed(other, code) == (before[0] + 2, before[0] + 2)
    finally:
        other.context.close()
        other.close()
