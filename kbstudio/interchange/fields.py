"""Checking front-matter fields one by one, each error naming its field and line."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from kbstudio.domain.errors import ValidationError
from kbstudio.domain.ids import check_slug, slugify
from kbstudio.domain.model import ArticleType, Visibility
from kbstudio.domain.workflow import Status

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kbstudio.interchange.textfile import Document

SOURCE_FIELDS = frozenset(
    {
        "title",
        "slug",
        "section",
        "type",
        "position",
        "tags",
        "owner",
        "review_by",
        "visibility",
        "ends",
        "status",
        "version",
    }
)
TRANSLATION_FIELDS = frozenset(
    {"title", "slug", "tags", "status", "source_version", "machine_translated", "machine_units"}
)


HEX64 = re.compile(r"[0-9a-f]{64}")


class Fields:
    """Typed access to a document's front matter that raises precise errors."""

    def __init__(self, doc: Document, shown: str) -> None:
        self.doc = doc
        self.shown = shown

    def fail(self, key: str, message: str, code: str = "bad-field") -> ValidationError:
        return ValidationError(
            code, message, file=self.shown, line=self.doc.line_of(key), field=key
        )

    def lines(self) -> dict[str, int]:
        found = {str(key): self.doc.line_of(str(key)) for key in self.doc.meta}
        return {key: line for key, line in found.items() if line is not None}

    def only(self, allowed: Iterable[str]) -> None:
        allowed = frozenset(allowed)
        for key in self.doc.meta:
            if key not in allowed:
                raise self.fail(str(key), f"unknown field {key!r}", "unknown-field")

    def text(self, key: str, *, required: bool = False, max_len: int = 500) -> str | None:
        value = self.doc.meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.fail(key, f"missing {key}", "missing-field")
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise self.fail(key, f"{key} must be text")
        value = str(value).strip()
        if len(value) > max_len:
            raise self.fail(key, f"{key} is longer than {max_len} characters")
        return value

    def choice(self, key: str, options: Iterable[str], default: str | None = None) -> str:
        value = self.doc.meta.get(key, default)
        opts = list(options)
        if value not in opts:
            if value is None:
                raise self.fail(key, f"missing {key} (one of: {', '.join(opts)})", "missing-field")
            raise self.fail(key, f"{key} must be one of: {', '.join(opts)} (got {value!r})")
        return str(value)

    def integer(self, key: str, default: int, *, minimum: int = 0) -> int:
        value = self.doc.meta.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self.fail(key, f"{key} must be a whole number >= {minimum}")
        return value

    def flag(self, key: str) -> bool:
        value = self.doc.meta.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(key, f"{key} must be true or false (got {value!r})")
        return value

    def strings(self, key: str) -> list[str]:
        value = self.doc.meta.get(key, [])
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            raise self.fail(key, f"{key} must be a list of text")
        return [str(v).strip() for v in value if str(v).strip()]

    def hashes(self, key: str) -> list[str] | None:
        """A list of SHA-256 hex digests, or None when the field is absent."""
        value = self.doc.meta.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(
            isinstance(v, str) and HEX64.fullmatch(v) for v in value
        ):
            raise self.fail(key, f"{key} must be a list of SHA-256 hex digests")
        return sorted(set(value))

    def date(self, key: str) -> dt.date | None:
        value = self.doc.meta.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(key, f"{key} must be a date like 2027-03-01") from None

    def moment(self, key: str) -> dt.datetime | None:
        value: Any = self.doc.meta.get(key)
        if value is None:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = dt.datetime.combine(value, dt.time(), dt.UTC)
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value)
            except ValueError:
                raise self.fail(key, f"{key} must be a time like 2026-12-09T06:00:00Z") from None
        if not isinstance(value, dt.datetime):
            raise self.fail(key, f"{key} must be a time like 2026-12-09T06:00:00Z")
        moment: dt.datetime = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return moment.astimezone(dt.UTC)

    def slug(self, fallback_title: str) -> str:
        value = self.doc.meta.get("slug")
        if value is None:
            return slugify(fallback_title)
        try:
            return check_slug(value)
        except ValidationError as exc:
            raise self.fail("slug", exc.message, exc.code) from None

    def status(self) -> str:
        return self.choice("status", [s.value for s in Status], default=Status.DRAFT.value)

    def article_type(self) -> str:
        return self.choice("type", [t.value for t in ArticleType])

    def visibility(self) -> str:
        return self.choice("visibility", [v.value for v in Visibility], Visibility.PUBLIC.value)
