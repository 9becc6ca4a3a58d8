"""Small value types shared by every layer."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt


class ArticleType(StrEnum):
    FAQ = "faq"
    GUIDE = "guide"
    ANNOUNCEMENT = "announcement"
    NOTICE = "notice"


class Visibility(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"


class Significance(StrEnum):
    """How much a source revision changes: major changes outdate translations."""

    MINOR = "minor"
    MAJOR = "major"


def has_ended(article_type: str, ends_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Say whether an announcement's end time has passed (other types never end)."""
    return (
        article_type == ArticleType.ANNOUNCEMENT.value and ends_at is not None and (ends_at <= now)
    )


def is_outdated(*, based_on_version: int | None, approved_source_version: int | None) -> bool:
    """Say whether a translation made from one source version lags the approved source.

    Only an approved major source revision raises the version that counts, so a draft
    rewrite of the source does not flag translations before a reviewer accepts it.
    """
    if based_on_version is None or approved_source_version is None:
        return False
    return based_on_version < approved_source_version
