"""Qt's strings through our gettext catalogs, and Qt's own catalogs for its built-in texts.

Designer forms call ``QCoreApplication.translate(context, text)``; GettextTranslator answers
those from kbstudio.i18n (as Frescobaldi's qtranslator does). On a miss it returns None, not
"", so Qt asks the next translator: qtbase_<lang>.qm from PySide6's own translations, which
covers Qt's dialogs, context menus and button boxes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from kbstudio import i18n

# Our catalogs are named by script (zh_Hans); Qt ships its catalogs by region (zh_CN).
QT_CATALOG = {"zh_Hans": "zh_CN", "zh_Hant": "zh_TW"}


class GettextTranslator(QTranslator):
    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        text = i18n._(source)
        return text if text != source else None

    def isEmpty(self) -> bool:  # noqa: N802
        return False


class Translators:
    """The translators installed on the application, swapped when the language changes."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []

    def apply(self, language: str | None) -> str | None:
        """Load *language* (None: follow the OS); return the catalog in use, or None."""
        app = QCoreApplication.instance()
        assert app is not None
        for old in self._installed:
            app.removeTranslator(old)
        self._installed = []
        loaded = i18n.install([language] if language else None)
        if loaded is None:
            # English: still send a LanguageChange so the widgets retranslate.
            app.installTranslator(self._keep(GettextTranslator()))
            return None
        qt = QTranslator()
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        name = QT_CATALOG.get(loaded, loaded)
        if qt.load(f"qtbase_{name}", folder) or qt.load(f"qtbase_{name}", _bundled()):
            app.installTranslator(self._keep(qt))
        # Installed last, so it is asked first.
        app.installTranslator(self._keep(GettextTranslator()))
        return loaded

    def _keep(self, translator: QTranslator) -> QTranslator:
        self._installed.append(translator)
        return translator


def _bundled() -> str:
    import PySide6

    return str(Path(PySide6.__file__).parent / "Qt" / "translations")
