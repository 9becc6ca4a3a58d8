"""The relevance suites stay green on the sample help center (run by the test command)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kbstudio.search.suites import load_suite

if TYPE_CHECKING:
    from kbstudio.services.workspace import Workspace

SUITES = Path(__file__).resolve().parents[1] / "search_index" / "suites"
MINIMUM = {"en": 40, "zh-Hans": 30, "ja": 15, "ko": 15}


@pytest.mark.parametrize("locale", sorted(MINIMUM))
def test_suite_has_enough_queries(locale: str) -> None:
    suite = load_suite(SUITES / f"{locale}.toml")
    assert len(suite.queries) >= MINIMUM[locale]
    assert suite.mrr_at_10 > 0.5
    assert suite.recall_at_3 > 0.5


@pytest.mark.parametrize("path", sorted(SUITES.glob("*.toml")), ids=lambda p: p.stem)
def test_suite_passes_its_thresholds(sample_ws: Workspace, path: Path) -> None:
    report = sample_ws.search.run_suite(path)
    failing = [(o.q, o.rank) for o in report.outcomes if o.rank is None]
    assert report.passed, (report.mrr_at_10, report.recall_at_3, failing)


def test_expected_articles_exist_and_are_published(sample_ws: Workspace) -> None:
    for path in sorted(SUITES.glob("*.toml")):
        suite = load_suite(path)
        published = {
            i.article_id
            for i in sample_ws.translations(locale=suite.locale)
            if i.live_revision is not None
        }
        for query in suite.queries:
            assert set(query.expect) & published, (path.name, query.q)


def test_where_an_article_ranks(sample_ws: Workspace) -> None:
    ranks = sample_ws.search.where_ranks("withdrawal-fees")
    assert {r.locale for r in ranks} >= {"en", "zh-Hans"}
    assert all(r.rank is None or 1 <= r.rank <= 10 for r in ranks)
    assert any(r.rank == 1 for r in ranks)
