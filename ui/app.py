"""Starting the GUI: QApplication, the shipped font, translations, error hooks, the main window."""

from __future__ import annotations

import contextlib
import locale
import os
import sys
from collections.abc import Mapping, MutableMapping
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLocale
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.resources import resources_dir
from ui.collector import Collector
from ui.errors import install_excepthooks, show_error
from ui.i18n import chosen_language, install_translator
from ui.main_window import MainWindow
from ui.none_refs import NoneKeeper

UI_SWITCH_INTERVAL = 0.0005  # seconds (Python's default: 0.005)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the organisation name (for settings), the UI font and translations."""
    QCoreApplication.setOrganizationName("KiemPhieu")
    QCoreApplication.setApplicationName("KiemPhieu")
    existing = QApplication.instance()
    changed = False
    if existing is None:
        # Before anything of Qt reads the system locale (a QSettings does: the language chosen is not known yet).
        changed = vietnamese_system_locale(os.environ.get("KIEMPHIEU_LANG") or "vi")
        existing = QApplication(argv if argv is not None else sys.argv)
        if changed:
            c_library_locale()
    app = existing
    assert isinstance(app, QApplication)
    if app.findChild(NoneKeeper) is None:
        NoneKeeper(app)  # PySide6 6.12 on Python 3.11 gives back references to None it never took
    if app.findChild(Collector) is None:
        Collector(app)  # cyclic garbage collected on the UI thread only, in small steps (#17)
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
    elif changed:
        QLocale.setDefault(QLocale.c())  # English chosen in the settings: the fields' numbers as under C before
    install_translator(app, language)
    return app


#: The environment's locale when it names none: Qt's "system" locale is then C, in English.
_NO_LOCALE = ("", "C", "POSIX")
#: What Qt reads for its system locale (qlocale_unix.cpp): LC_ALL first, then the category, then LANG.
_QT_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LC_NUMERIC", "LC_TIME", "LANG")
#: The categories the system locale takes its words (LC_MESSAGES: "byte"), numbers and dates from.
_QT_CATEGORIES = {"LC_MESSAGES": locale.LC_MESSAGES, "LC_NUMERIC": locale.LC_NUMERIC, "LC_TIME": locale.LC_TIME}
VIETNAMESE_LOCALE = "vi_VN.UTF-8"


def names_no_locale(environ: Mapping[str, str]) -> bool:
    """Whether the environment leaves Qt's system locale at C (LANG unset or C/POSIX, as on many kiosks)."""
    effective = next((environ[name] for name in _QT_LOCALE_VARIABLES if environ.get(name)), "")
    return effective.split(".", 1)[0] in _NO_LOCALE


def vietnamese_system_locale(language: str, environ: MutableMapping[str, str] = os.environ) -> bool:
    """Before the QApplication is made: when the environment names no locale and the app speaks Vietnamese, give
    Qt a Vietnamese *system* locale; returns whether it did (a locale the user set — en_US, vi_VN… — is kept).

    Qt's file dialog writes its size and date columns with the system locale (QFileSystemModel:
    `QLocale::system().formattedDataSize`), neither with the default the app sets nor through a translation: under
    C a Vietnamese dialog said "0 bytes", "4.88 KiB" and "6 12 2026 15:23" (#17). Qt reads the system locale from
    the environment (and reads it again on a locale change), so LC_MESSAGES (the unit's word), LC_NUMERIC and
    LC_TIME say vi_VN for the whole run; LC_ALL=C, which would override them, moves to LANG, keeping everything
    else C. The C library is given back its C numbers, dates and messages once the QApplication exists
    (`c_library_locale`): Qt's `setlocale(LC_ALL, "")` would otherwise take them from these variables.

    It must happen before anything of Qt reads the system locale — a QSettings does, so the language the settings
    hold is not known yet: `make_application` decides by KIEMPHIEU_LANG (Vietnamese unless it says English) and,
    when the settings then say English, sets the default locale back to C for the fields.
    """
    if language != "vi" or not names_no_locale(environ):
        return False
    everything = environ.pop("LC_ALL", "")
    if everything:
        environ["LANG"] = everything
    for name in _QT_CATEGORIES:
        environ[name] = VIETNAMESE_LOCALE
    return True


def c_library_locale() -> None:
    """The C library's numbers, dates and messages as before `vietnamese_system_locale` (C): only Qt's changed."""
    for category in _QT_CATEGORIES.values():
        with contextlib.suppress(locale.Error):
            locale.setlocale(category, "C")


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
