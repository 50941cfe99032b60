"""Translations: Vietnamese is the source language; English comes from resources/i18n/kiemphieu_en.qm, and the
Vietnamese of Qt's own dialogs (file and message dialogs, standard buttons, context menus) from qtbase_vi.qm."""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTranslator

from app.resources import resources_dir

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}


def tr(context: str, text: str) -> str:
    """Translate `text` (Vietnamese source) in `context` through Qt's translation system."""
    return QCoreApplication.translate(context, text)


def chosen_language() -> str:
    """The language the user picked (settings), or KIEMPHIEU_LANG, Vietnamese by default."""
    env = os.environ.get("KIEMPHIEU_LANG")
    if env in LANGUAGES:
        return env
    value = QSettings().value("language", "vi")
    return value if value in LANGUAGES else "vi"


def install_qt_translator(app: QCoreApplication) -> QTranslator | None:
    """Load the Vietnamese of Qt's own words into `app` (tools/i18n.py builds it: Qt ships none)."""
    translator = QTranslator(app)
    if translator.load(str(resources_dir() / "i18n" / "qtbase_vi.qm")):
        app.installTranslator(translator)
        return translator
    return None


def install_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Load the compiled translation for `language` into `app`: for Vietnamese, only Qt's own words."""
    if language == "vi":
        return install_qt_translator(app)
    translator = QTranslator(app)
    path = resources_dir() / "i18n" / f"kiemphieu_{language}.qm"
    if translator.load(str(path)):
        app.installTranslator(translator)
        QLocale.setDefault(QLocale(QLocale.Language.English))
        return translator
    return None
