"""The GUI's words for scanned pages: every reason code, outcome and status through Qt's tr, so the English UI
shows them in English with their parameters filled in (issue #13)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication
from reason_samples import SAMPLES

from app.recognition.outcomes import Outcome, Reason, Status
from app.recognition.words import vietnamese
from ui.screens.scanning import words

QM = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "kiemphieu_en.qm"


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    """The compiled English translation installed for the test, and removed after it."""
    translator = QTranslator()
    assert translator.load(str(QM))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


@pytest.mark.parametrize(("reason", "_words", "english_words"), SAMPLES, ids=[str(r.code) for r, _, _ in SAMPLES])
def test_each_reason_in_english_with_its_parameters(
    english: None, reason: Reason, _words: str, english_words: str
) -> None:
    assert words(reason) == english_words


@pytest.mark.parametrize(("reason", "vietnamese_words", "_english"), SAMPLES, ids=[str(r.code) for r, _, _ in SAMPLES])
def test_without_a_translation_the_gui_says_what_the_cli_says(
    qapp: QApplication, reason: Reason, vietnamese_words: str, _english: str
) -> None:
    assert words(reason) == vietnamese_words == vietnamese(reason)


def test_outcomes_and_statuses_in_english(english: None) -> None:
    assert words(Outcome.READ) == "read, counted"
    assert words(Status.PENDING) == "waiting for review"
    for value in (*Outcome, *Status):
        assert words(value) != vietnamese(value), value  # every one translated
