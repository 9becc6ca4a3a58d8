"""The site's Jinja2 theme: templates and static files in the package, chrome strings from
the `site` gettext domain (i18n/<lang>/LC_MESSAGES/site.po), one environment per locale.

A locale without a compiled catalog shows English chrome (and the build warns).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from babel.support import NullTranslations, Translations

from kbstudio.domain.locales import is_rtl

DOMAIN = "site"
LOCALE_DIR = Path(__file__).resolve().parents[2] / "i18n"
THEME = resources.files("kbstudio.publishing") / "theme"


def catalog_name(locale: str) -> str:
    """Catalog folder of a BCP 47 tag: zh-Hans -> zh_Hans."""
    return locale.replace("-", "_")


@lru_cache(maxsize=32)
def translations(locale: str) -> NullTranslations:
    found = Translations.load(str(LOCALE_DIR), [catalog_name(locale)], DOMAIN)
    return found


def has_catalog(locale: str) -> bool:
    if locale == "en":
        return True
    return (LOCALE_DIR / catalog_name(locale) / "LC_MESSAGES" / f"{DOMAIN}.mo").exists()


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kbstudio.publishing", "theme/templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return env


def render(template: str, locale: str, context: dict[str, Any]) -> str:
    """Render *template* with the chrome strings of *locale*.

    One environment serves every locale (compiling templates costs more than rendering
    them); the locale's gettext goes in with the context and overrides the null one.
    """
    tr = translations(locale)
    return (
        _environment()
        .get_template(template)
        .render(
            context,
            gettext=tr.gettext,
            _=tr.gettext,
            ngettext=tr.ngettext,
            direction="rtl" if is_rtl(locale) else "ltr",
        )
    )


def static_files() -> dict[str, bytes]:
    """Files under theme/static, by path relative to it (the site's assets/ folder)."""
    out: dict[str, bytes] = {}
    base = THEME / "static"

    def walk(node: resources.abc.Traversable, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            elif not child.name.startswith("."):
                out[f"{prefix}{child.name}"] = child.read_bytes()

    walk(base, "")
    return out


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Changes whenever a template, asset or catalog changes: every page depends on them."""
    digest = hashlib.sha256()
    for name, data in sorted(static_files().items()):
        digest.update(name.encode() + b"\0" + data)
    templates = THEME / "templates"
    for child in sorted(templates.iterdir(), key=lambda c: c.name):
        digest.update(child.name.encode() + b"\0" + child.read_bytes())
    for mo in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")):
        digest.update(mo.read_bytes())
    return digest.hexdigest()
