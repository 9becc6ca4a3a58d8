"""Relevance suites: queries written the way readers type, each with the answer expected.

``search_index/suites/<locale>.toml``::

    view = "published"            # or "working"
    [thresholds]
    mrr_at_10 = 0.7
    recall_at_3 = 0.8
    [[query]]
    q = "2fa lost phone"
    expect = ["lost-2fa-device"]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kbstudio.domain.errors import ValidationError

if TYPE_CHECKING:
    from pathlib import Path


@dataclass(frozen=True)
class SuiteQuery:
    q: str
    expect: list[str]
    note: str = ""


@dataclass
class Suite:
    locale: str
    view: str
    mrr_at_10: float
    recall_at_3: float
    queries: list[SuiteQuery]
    path: str


@dataclass(frozen=True)
class QueryOutcome:
    q: str
    expect: list[str]
    rank: int | None  # 1-based rank of the best expected article within the top 10
    top: list[str]


@dataclass
class SuiteReport:
    locale: str
    view: str
    outcomes: list[QueryOutcome]
    mrr_at_10: float
    recall_at_3: float
    thresholds: dict[str, float] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return self.mrr_at_10 >= self.thresholds.get(
            "mrr_at_10", 0.0
        ) and self.recall_at_3 >= self.thresholds.get("recall_at_3", 0.0)


def load_suite(path: Path) -> Suite:
    shown = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError("bad-suite", str(exc), file=shown) from None
    queries = []
    for i, entry in enumerate(data.get("query", [])):
        q, expect = entry.get("q"), entry.get("expect")
        if not isinstance(q, str) or not isinstance(expect, list) or not expect:
            raise ValidationError(
                "bad-suite", f"query #{i + 1} needs q and a non-empty expect list", file=shown
            )
        queries.append(SuiteQuery(q, [str(e) for e in expect], str(entry.get("note", ""))))
    thresholds = data.get("thresholds", {})
    view = str(data.get("view", "published"))
    if view not in ("published", "working"):
        raise ValidationError("bad-suite", "view must be published or working", file=shown)
    return Suite(
        locale=path.stem,
        view=view,
        mrr_at_10=float(thresholds.get("mrr_at_10", 0.0)),
        recall_at_3=float(thresholds.get("recall_at_3", 0.0)),
        queries=queries,
        path=shown,
    )


def rank_of(expect: list[str], ranked_ids: list[str]) -> int | None:
    for i, article_id in enumerate(ranked_ids[:10], start=1):
        if article_id in expect:
            return i
    return None


def score(suite: Suite, outcomes: list[QueryOutcome]) -> SuiteReport:
    n = len(outcomes) or 1
    mrr = sum(1 / o.rank for o in outcomes if o.rank) / n
    recall = sum(1 for o in outcomes if o.rank is not None and o.rank <= 3) / n
    return SuiteReport(
        suite.locale,
        suite.view,
        outcomes,
        mrr,
        recall,
        {"mrr_at_10": suite.mrr_at_10, "recall_at_3": suite.recall_at_3},
    )
