"""Locale tags (BCP 47, as Babel knows them) and their text direction."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from kbstudio.domain.errors import ValidationError


def _parse(tag: str) -> Locale:
    return Locale.parse(tag.replace("-", "_"))


def check_locale(tag: object, *, field: str = "locale") -> str:
    """Return *tag* if Babel knows it as a locale, else raise ValidationError."""
    if not isinstance(tag, str) or not tag or "_" in tag or "/" in tag or "." in tag:
        raise ValidationError("unknown-locale", f"{tag!r} is not a locale tag", field=field)
    try:
        _parse(tag)
    except (UnknownLocaleError, ValueError):
        raise ValidationError(
            "unknown-locale", f"unknown locale {tag!r} (not in Babel's locale data)", field=field
        ) from None
    return tag


def is_rtl(tag: str) -> bool:
    """Say whether text in *tag* runs right to left, from Babel's locale data."""
    return _parse(tag).character_order == "right-to-left"
