"""The rules' reasons and notes are typed values worded at the edge (#17, item 9): the English UI shows them in
English after valid, invalid and refused ballots are keyed, while the Vietnamese UI, the CLI's JSON and the
minutes keep the exact Vietnamese words."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, QTranslator
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.rules.model import Ballot
from app.rules.reasons import Code, Reason, reason
from app.rules.tally import shape_error
from app.rules.words import TEMPLATES, vietnamese
from app.services import tallying
from app.services.polls import get_poll, poll_def
from tests.ui.test_entry_screen import _printed
from ui.main_window import MainWindow
from ui.rule_words import words
from ui.screens.entry import EntryScreen
from ui.screens.results import ResultsScreen

QM = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "kiemphieu_en.qm"


def vietnamese_letters(text: str) -> list[str]:
    """The letters of `text` only Vietnamese has here: đ, ư, ơ, ă, â, ê, ô and any letter with a tone mark."""
    return [ch for ch in text if ch in "đĐ" or (ch.isalpha() and unicodedata.normalize("NFD", ch) != ch)]


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    translator = QTranslator()
    assert translator.load(str(QM))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer every yes/no question with Yes and keep its text; keep refusals instead of showing them."""
    texts: list[str] = []

    def question(_parent: object, _title: str, text: str, *a: object, **k: object) -> QMessageBox.StandardButton:
        texts.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QApplication, "beep", lambda: None)
    monkeypatch.setattr(EntryScreen, "reject", lambda self, message: texts.append(message))
    return texts


def _key(key: Qt.Key) -> None:
    QTest.keyClick(QApplication.focusWidget(), key)


def _type(text: str) -> None:
    for char in text:
        QTest.keyClicks(QApplication.focusWidget(), char)


def _pick_torn() -> None:
    """In the F2 dialog (modal, so from a timer): the second reason of the list (a ballot known by its code is
    not offered "Không phải phiếu do Ban kiểm phiếu phát ra": no stamp, then torn), then Enter."""
    dialog = QApplication.activeModalWidget()
    assert dialog is not None
    dialog.activateWindow()  # as the window manager does for a new dialog
    QApplication.processEvents()
    _key(Qt.Key.Key_Down)
    _key(Qt.Key.Key_Return)


def key_three_ballots(window: MainWindow, tmp_path: Path) -> list[str]:
    """Scan and key, with the keyboard only, a valid, an invalid and a refused (F2: torn) ballot of "bch"
    (nine names, seven seats); the hints the screen showed after each step."""
    code = "bch"
    window.context.select_poll(code)
    entry = next(s for s in window.screens if isinstance(s, EntryScreen))
    window.go_to(window.screens.index(entry))
    window.show()
    window.activateWindow()
    QApplication.processEvents()
    entry.refresh()
    hints: list[str] = []

    def seen() -> None:
        hints.extend([entry.validity.text(), entry.sheet_label.text()])

    valid, invalid, torn = _printed(window, code, tmp_path)
    _type(valid)
    _key(Qt.Key.Key_Return)
    _key(Qt.Key.Key_2)
    _key(Qt.Key.Key_5)
    seen()
    _key(Qt.Key.Key_Return)
    seen()
    _type(invalid)
    _key(Qt.Key.Key_Return)
    _key(Qt.Key.Key_0)  # a mark and its removal: nothing struck, nine kept for seven seats
    seen()
    _key(Qt.Key.Key_Return)
    seen()
    _type(torn)
    _key(Qt.Key.Key_Return)
    QTimer.singleShot(0, _pick_torn)
    _key(Qt.Key.Key_F2)
    window.activateWindow()  # the window manager gives the window back its focus when the dialog closes
    QApplication.processEvents()
    seen()
    _key(Qt.Key.Key_Return)
    seen()
    return hints


def results_texts(window: MainWindow) -> tuple[list[str], list[str]]:
    """What the results screen shows for the current poll: (its words, the names of the table)."""
    results = next(s for s in window.screens if isinstance(s, ResultsScreen))
    window.go_to(window.screens.index(results))
    results.refresh()
    model = results.model
    name = model.column_of("name")
    shown = [results.reasons_label.text(), results.summary_label.text()]
    names = []
    for column in range(model.columnCount()):
        shown.append(str(model.headerData(column, Qt.Orientation.Horizontal)))
        for row in range(model.rowCount()):
            index = model.index(row, column)
            value = str(model.data(index) or "")
            (names if column == name else shown).append(value)
            shown.append(str(model.data(index, Qt.ItemDataRole.ToolTipRole) or ""))
    return shown, names


def test_english_ui_words_rule_reasons_in_english(
    english: None, window: MainWindow, tmp_path: Path, asked: list[str]
) -> None:
    hints = key_three_ballots(window, tmp_path)
    assert any("Invalid: More names kept than seats to fill" in h for h in hints), hints
    assert any("Torn, not intact" in h for h in hints), hints
    assert any("More names kept than seats to fill" in a for a in asked), asked  # the question before saving
    assert len(window.context.read(lambda s: tallying.tally_poll(s, "bch")).tally.totals.invalid_reasons) >= 2
    for text in hints + asked:
        assert not vietnamese_letters(text), text
    shown, _names = results_texts(window)
    assert "More names kept than seats to fill" in shown[0]
    assert "Torn, not intact" in shown[0]
    for text in shown:
        assert not vietnamese_letters(text), text


def test_vietnamese_ui_cli_and_minutes_keep_the_exact_words(
    window: MainWindow, tmp_path: Path, asked: list[str]
) -> None:
    hints = key_three_ballots(window, tmp_path)
    assert any("Không hợp lệ: Bầu quá số lượng cần bầu" in h for h in hints), hints
    assert any("Phiếu bị rách, không còn nguyên vẹn" in h for h in hints), hints
    shown, _names = results_texts(window)
    assert "Bầu quá số lượng cần bầu (" in shown[0]
    assert "Phiếu bị rách, không còn nguyên vẹn (" in shown[0]
    result = window.context.read(lambda s: tallying.tally_poll(s, "bch"))
    data = tallying.tally_json(result)
    assert "Bầu quá số lượng cần bầu" in data["invalid_reasons"]
    assert "Phiếu bị rách, không còn nguyên vẹn" in data["invalid_reasons"]
    text = tallying.tally_text(result)
    assert "  – Phiếu bị rách, không còn nguyên vẹn: " in text
    invalid = dict(result.tally.invalid_ballots)
    assert Reason(Code.TORN) in invalid.values()
    assert Reason(Code.TOO_MANY_KEPT) in invalid.values()


def test_every_code_has_words_and_each_parameter_its_place(english: None) -> None:
    """The catalog is complete; each template's placeholders are what its reasons carry; English fills them."""
    assert set(TEMPLATES) == set(Code)
    note = reason(Code.REVOTE, names=("Lê Văn A", "Trần Thị B"), seats=1)
    assert vietnamese(note) == "Chưa xác định – cần bầu lại giữa Lê Văn A và Trần Thị B cho 1 chỉ tiêu."
    assert words(note) == "Undecided – a new vote is needed among Lê Văn A, Trần Thị B for 1 seats."
    band = reason(Code.BAND_TWO_THIRDS, column="Tín nhiệm thấp")
    assert vietnamese(band) == "Có từ 2/3 trở lên số phiếu tín nhiệm thấp"
    assert words(band) == "2/3 or more of the ballots say low confidence"
    assert words(reason(Code.STATED, text="Phiếu viết bằng bút chì")) == "Phiếu viết bằng bút chì"  # as typed


def test_a_refused_shape_is_worded_in_english(english: None, context: object) -> None:
    pdef = context.read(lambda s: poll_def(get_poll(s, "nghi-quyet")))  # type: ignore[attr-defined]
    problem = shape_error(pdef, Ballot(key="x", choices=(frozenset({1}),)))
    assert problem is not None
    assert problem.code is Code.CHOICES_ROWS
    assert not vietnamese_letters(words(problem))
    assert vietnamese(problem).startswith("phiếu có ")
