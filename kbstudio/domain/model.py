"""Small value types shared by every layer."""

from __future__ import annotations

from enum import StrEnum


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


def is_outdated(*, based_on_version: int | None, approved_source_version: int | None) -> bool:
    """Say whether a translation made from one source version lags the approved source.

    Only an approved major source revision raises the version that counts, so a draft
    rewrite of the source does not flag translations before a reviewer accepts it.
    """
    if based_on_version is None or approved_source_version is None:
        return False
    return based_on_version < approved_source_version
