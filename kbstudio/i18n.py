"""The one gettext facade: every module takes `_`, `N_` and `ngettext` from here.

Catalogs live in the repository's ``i18n/`` folder: ``<lang>/LC_MESSAGES/kbstudio.po`` are
the sources, and the ``.mo`` files beside them are compiled by ``make`` (never committed).
With no catalog for the language, text stays English.
"""

from __future__ import annotations

import gettext as _gettext
import os
from pathlib import Path

DOMAIN = "kbstudio"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "i18n"

# gettext looks up zh_CN, zh_TW...; our catalogs are named by script, as BCP 47 does.
_ALIASES = {
    "zh": "zh_Hans",
    "zh_CN": "zh_Hans",
    "zh_SG": "zh_Hans",
    "zh_Hans": "zh_Hans",
    "zh_TW": "zh_Hant",
    "zh_HK": "zh_Hant",
    "zh_MO": "zh_Hant",
    "zh_Hant": "zh_Hant",
}

_translations: _gettext.NullTranslations = _gettext.NullTranslations()


def languages_from_env() -> list[str]:
    """The user's languages, in gettext's order of environment variables."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            tags = [t.split(".")[0].split("@")[0].replace("-", "_") for t in value.split(":")]
            return [t for t in tags if t and t not in ("C", "POSIX")]
    return []


def normalize(languages: list[str]) -> list[str]:
    out: list[str] = []
    for tag in languages:
        tag = tag.replace("-", "_")
        for candidate in (_ALIASES.get(tag), tag, _ALIASES.get(tag.split("_")[0])):
            if candidate and candidate not in out:
                out.append(candidate)
    return out


def install(languages: list[str] | None = None, *, localedir: Path | None = None) -> str | None:
    """Load the catalog for *languages* (default: from the environment).

    Returns the language whose catalog was loaded, or None when text stays English.
    """
    global _translations
    wanted = normalize(languages if languages is not None else languages_from_env())
    folder = str(localedir or Path(os.environ.get("KBSTUDIO_LOCALEDIR", LOCALE_DIR)))
    for lang in wanted:
        found = _gettext.find(DOMAIN, folder, [lang])
        if found:
            _translations = _gettext.translation(DOMAIN, folder, [lang])
            return lang
        if lang.startswith("en"):
            break
    _translations = _gettext.NullTranslations()
    return None


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark *message* for extraction without translating it now."""
    return message
