"""Identifiers and slugs: the rules that keep them safe in URLs and file paths."""

from __future__ import annotations

import re
import unicodedata
from typing import NewType

from kbstudio.domain.errors import ValidationError

ArticleId = NewType("ArticleId", str)
SnippetId = NewType("SnippetId", str)
UserName = NewType("UserName", str)

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
# Slugs may be in any script (readers share links in their language), but never carry
# separators, dots or whitespace, so a slug can never name a path outside its folder.
_SLUG_RE = re.compile(r"^[^\W_]+(?:-[^\W_]+)*$")
MAX_SLUG = 120


def check_id(value: object, *, field: str = "id") -> str:
    """Return *value* if it is a valid id, else raise ValidationError."""
    if not isinstance(value, str) or not _ID_RE.match(value):
        raise ValidationError(
            "invalid-id",
            f"{value!r} is not a valid id (lowercase letters, digits and '-', max 64)",
            field=field,
        )
    return value


def check_slug(value: object, *, field: str = "slug") -> str:
    """Return *value* if it is a valid slug, else raise ValidationError."""
    if (
        not isinstance(value, str)
        or len(value) > MAX_SLUG
        or value != value.lower()
        or not _SLUG_RE.match(value)
    ):
        raise ValidationError(
            "invalid-slug",
            f"{value!r} is not a valid slug (lowercase words joined by '-', no '/', '.' or spaces)",
            field=field,
        )
    return value


def slugify(text: str) -> str:
    """Make a slug from a title: NFKC, lowercase, words joined by '-'."""
    text = unicodedata.normalize("NFKC", text).lower()
    words = re.findall(r"[^\W_]+", text)
    slug = "-".join(words)[:MAX_SLUG].strip("-")
    return slug or "article"
