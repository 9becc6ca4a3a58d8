"""The one gettext facade: every module takes `_`, `N_` and `ngettext` from here.

Catalogs live in the repository's ``i18n/`` folder (``<locale>/LC_MESSAGES/kbstudio.mo``,
compiled from the ``.po`` sources). With no catalog for the language, text stays English.
"""

from __future__ import annotations

import gettext as _gettext
import os
from pathlib import Path

DOMAIN = "kbstudio"
LOCALE_DIR = Path(
    os.environ.get("KBSTUDIO_LOCALEDIR", Path(__file__).resolve().parents[1] / "i18n")
)

_translations: _gettext.NullTranslations = _gettext.NullTranslations()


def install(languages: list[str] | None = None) -> None:
    """Load the catalog for *languages* (default: from the environment, like gettext)."""
    global _translations
    _translations = _gettext.translation(
        DOMAIN, localedir=str(LOCALE_DIR), languages=languages, fallback=True
    )


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark *message* for extraction without translating it now."""
    return message
