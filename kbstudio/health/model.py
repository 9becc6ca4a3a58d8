"""Findings, their severities, and the snapshots of content the checks read."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    """One thing a person should act on, in one locale."""

    kind: str
    severity: Severity
    locale: str
    article_id: str | None
    title: str
    reason: str
    # Higher means more readers are affected (live, public, a notice, a frequent query).
    impact: int = 0
    age_days: int = 0
    detail: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class TextState:
    """What the checks need to know of one article in one locale."""

    article_id: str
    locale: str
    title: str
    status: str
    type: str
    visibility: str
    is_source: bool
    body: str  # the working text
    live: bool
    review_by: dt.date | None
    ends_at: dt.datetime | None
    approved_at: dt.datetime | None  # when its current approved text was approved
    outdated: bool
    based_on_version: int | None
    source_version: int | None
    source_approved_at: dt.datetime | None

    @cached_property
    def prose(self) -> str:
        """The body without code (links and terms in code are examples, not content)."""
        from kbstudio.health.links import prose

        return prose(self.body)


@dataclass(frozen=True)
class GlossaryEntry:
    term_id: str
    dnt: bool
    # locale -> (approved rendering, forbidden variants)
    renderings: dict[str, tuple[str, list[str]]]


@dataclass(frozen=True)
class HealthConfig:
    now: dt.datetime
    due_days: int = 14  # review-by dates this close are "due soon"
    verify_days: int = 365  # source texts not approved for this long are "unverified"


TYPE_WEIGHT = {"notice": 4, "announcement": 3, "faq": 2, "guide": 2}


def impact_of(text: TextState) -> int:
    """Reader impact: live public texts first, risk notices and announcements before guides."""
    reach = 3 if text.live and text.visibility == "public" else 2 if text.live else 1
    return reach * 10 + TYPE_WEIGHT.get(text.type, 1)
