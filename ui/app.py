"""Starting the GUI: QApplication, the shipped font, translations, error hooks, the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLocale
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.resources import resources_dir
from ui.errors import install_excepthooks, show_error
from ui.i18n import chosen_language, install_translator
from ui.main_window import MainWindow
from ui.none_refs import NoneKeeper

UI_SWITCH_INTERVAL = 0.0005  # seconds (Python's default: 0.005)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the organisation name (for settings), the UI font and translations."""
    QCoreApplication.setOrganizationName("KiemPhieu")
    QCoreApplication.setApplicationName("KiemPhieu")
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    if app.findChild(NoneKeeper) is None:
        NoneKeeper(app)  # PySide6 6.12 on Python 3.11 gives back references to None it never took
    # A tally read off the UI thread is Python work that holds the interpreter lock; the UI thread takes the lock
    # back for every call into Python (each cell a table paints asks the model), and by default waits up to 5 ms
    # each time for the reading thread to let go: a table painted while a tally was read blocked for hundreds of
    # milliseconds (#17, benchmarks/bench_ui_refresh.py). 0.5 ms keeps the UI thread's waits short.
    sys.setswitchinterval(UI_SWITCH_INTERVAL)
    font_id = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / "DejaVuSans.ttf"))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if families:
        app.setFont(QFont(families[0], 10))
    language = chosen_language()
    if language == "vi":
        # Qt's own words that come from the locale: the file dialog's file types ("Tài liệu PDF", not "PDF
        # document" as the walk at the keyboard saw), its dates, the number fields' separators.
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    install_translator(app, language)
    return app


def run(file: Path | None = None, *, demo: bool = False) -> int:
    """Open the main window (on `file`, or on the demo meeting) and run the event loop."""
    app = make_application()
    install_excepthooks()
    window = MainWindow()
    window.show()
    if demo:
        window.open_demo()
    elif file is not None:
        try:
            window.context.open(file)
        except Exception as exc:  # shown to the user; the window stays usable
            show_error(window, exc)
    code = int(app.exec())
    # Delete the window while Python is still fully alive: Qt tearing it down during interpreter
    # shutdown would call Python overrides (events, filters) too late.
    window.context.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, int(QEvent.Type.DeferredDelete.value))
    return code


def self_test() -> int:
    """Start the application without showing it (packaging check): build every screen, print the version."""
    import os

    from app import __version__

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_application([])
    window = MainWindow()
    screens = len(window.screens)
    window.close()
    app.processEvents()
    print(f"KiểmPhiếu {__version__}: giao diện khởi động được ({screens} màn hình).")
    return 0
