"""Choosing and switching the interface language.

Translations live in resources/translations (source .ts and compiled .qm): playground_<lang> for the
interface, core_<lang> for the core's messages. Switching installs new
QTranslators; Qt then sends every widget a LanguageChange event and each panel re-applies its texts, so no
restart is needed.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
# A source checkout or editable install reads them from the repository; a regular install gets them as data
# files under <prefix>/share (see pyproject.toml).
_SOURCE_DIR = Path(__file__).resolve().parents[2] / "resources" / "translations"
_INSTALLED_DIR = Path(sys.prefix) / "share" / "transformer-playground" / "translations"
TRANSLATIONS_DIR = _SOURCE_DIR if _SOURCE_DIR.is_dir() else _INSTALLED_DIR

_installed: list[QTranslator] = []
_current = "en"


def pick_language(requested: str | None, saved: str | None) -> str:
    """--lang wins, then the saved choice, then the system locale; anything unknown falls back to English."""
    for lang in (requested, saved):
        if lang in LANGUAGES:
            return lang
    system = QLocale.system().name()
    if system in LANGUAGES:
        return system
    if system.startswith("zh"):
        return "zh_CN"
    return "en"


def current_language() -> str:
    return _current


def set_language(lang: str) -> bool:
    """Install the translators for `lang` ("en" removes them). Returns False if its file is missing."""
    global _current
    app = QCoreApplication.instance()
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    _current = "en"
    if lang == "en" or lang not in LANGUAGES:
        return lang == "en"
    ours = QTranslator(app)
    if not ours.load(f"playground_{lang}", str(TRANSLATIONS_DIR)):
        log.warning("translation for %s not found in %s", lang, TRANSLATIONS_DIR)
        return False
    qt = QTranslator(app)
    # Qt's own strings (standard buttons, file dialogs) come from Qt's translations when they ship
    if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    # the core's messages (see playground.qt.messages)
    core = QTranslator(app)
    if core.load(f"core_{lang}", str(TRANSLATIONS_DIR)):
        app.installTranslator(core)
        _installed.append(core)
    else:
        log.warning("translation of the core's messages for %s not found in %s", lang, TRANSLATIONS_DIR)
    app.installTranslator(ours)
    _installed.append(ours)
    _current = lang
    return True
