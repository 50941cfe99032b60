"""GUI test fixtures: offscreen Qt, synchronous background jobs, a main window on a real meeting file."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from ui import workers
from ui.context import MeetingContext
from ui.main_window import MainWindow
from ui.screens.entry import EntryScreen


@pytest.fixture(autouse=True)
def _qt_settings(tmp_path_factory: pytest.TempPathFactory, qapp: object) -> Iterator[None]:
    """Settings (recent files, operator) go to a temporary folder; jobs run inline."""
    QCoreApplication.setOrganizationName("KiemPhieuTest")
    QCoreApplication.setApplicationName("KiemPhieuTest")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path_factory.mktemp("settings")))
    QSettings().clear()
    workers.set_synchronous(True)
    yield
    workers.set_synchronous(False)


@pytest.fixture
def context(demo_path: Path) -> Iterator[MeetingContext]:
    """A MeetingContext with the demo meeting open."""
    ctx = MeetingContext()
    ctx.operator = "Người kiểm thử"
    ctx.open(demo_path)
    yield ctx
    ctx.close()


@pytest.fixture
def window(qtbot: object, demo_path: Path) -> Iterator[MainWindow]:
    """The main window with the demo meeting open."""
    win = MainWindow()
    win.context.operator = "Người kiểm thử"
    win.context.open(demo_path)
    yield win
    # Closed here rather than by qtbot (which closes widgets before fixtures end): the meeting is
    # closed first, so a test that leaves a marked ballot on screen is not asked "save before closing?".
    win.context.close()
    win.close()
    win.deleteLater()


@pytest.fixture
def app_in(monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Iterator[object]:
    """Run ui.app.make_application with a language; undo what it does to the shared QApplication afterwards."""
    names = (QCoreApplication.organizationName(), QCoreApplication.applicationName())
    font, locale = qapp.font(), QLocale()
    before = qapp.findChildren(QTranslator)

    def start(language: str | None) -> QApplication:
        from ui.app import make_application

        if language is None:
            monkeypatch.delenv("KIEMPHIEU_LANG", raising=False)
        else:
            monkeypatch.setenv("KIEMPHIEU_LANG", language)
        return make_application([])

    yield start
    from ui.collector import Collector

    for collector in qapp.findChildren(Collector):  # Python's own garbage collection again for the other tests
        collector.stop()
        collector.setParent(None)
        collector.deleteLater()
    for translator in qapp.findChildren(QTranslator):
        if not any(translator is old for old in before):
            qapp.removeTranslator(translator)
            translator.setParent(None)
    QCoreApplication.setOrganizationName(names[0])
    QCoreApplication.setApplicationName(names[1])
    qapp.setFont(font)
    QLocale.setDefault(locale)


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer every yes/no question with Yes; keep its text."""
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *a: object, **k: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QApplication, "beep", lambda: None)
    return asked


@pytest.fixture
def rejections(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    original = EntryScreen.reject

    def reject(self: EntryScreen, message: str, title: str | None = None) -> None:
        seen.append(message)
        self.scan.setFocus()
        # what the real box does afterwards (focus), without the modal box
        if "chưa được ghi" in message and self.editor is not None and self.sheet_ready:
            self.editor.start()

    monkeypatch.setattr(EntryScreen, "reject", reject)
    assert original is not None
    return seen


@pytest.fixture
def background() -> Iterator[None]:
    """Background jobs as in the program (the GUI tests run them inline otherwise).

    The garbage of the tests before (their windows, screens and dialogs) is collected here, on the UI thread: left
    for the collector to find while a background job allocates, Qt objects were destroyed on the job's thread and
    the test process crashed (a segmentation fault in list_polls, "Garbage-collecting")."""
    gc.collect()
    workers.set_synchronous(False)
    yield
    workers.wait_for_all()
    QApplication.processEvents()
    workers.set_synchronous(True)
