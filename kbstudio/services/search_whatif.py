"""Where an article would rank if its unsaved text were saved: nothing is saved or indexed.

The "after" ranks come from a throw-away copy of the suite's index in a temporary folder,
with the article's document replaced by the unsaved title and body. A copy, not a fresh
build from the database, because BM25 scores depend on the whole collection and copying
a folder costs far less than analysing every article again.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kbstudio.search.index import IndexDoc, LocaleIndex
from kbstudio.search.suites import load_suite, rank_of
from kbstudio.services.search import _documents

if TYPE_CHECKING:
    from kbstudio.services.search import SearchService


@dataclass(frozen=True)
class RankChange:
    """One suite query that expects the article: its rank now and with the unsaved text."""

    locale: str
    q: str
    before: int | None  # 1-based rank in the top 10, None when not in it
    after: int | None

    @property
    def regressed(self) -> bool:
        if self.before is None:
            return False
        return self.after is None or self.after > self.before

    @property
    def improved(self) -> bool:
        return self.after is not None and (self.before is None or self.after < self.before)


def ranks_if_saved(
    search: SearchService, article_id: str, *, locale: str, title: str, body: str
) -> list[RankChange]:
    """For each *locale* suite query expecting *article_id*: rank now and if saved as given."""
    out: list[RankChange] = []
    for path in search.suite_paths(locale):
        suite = load_suite(path)
        queries = [q for q in suite.queries if article_id in q.expect]
        if not queries:
            continue
        index = search.ensure(suite.locale, suite.view)
        before = [_rank(index, q.q, article_id) for q in queries]
        with tempfile.TemporaryDirectory(prefix="kbstudio-whatif-") as tmp:
            shadow = _shadow(search, index, Path(tmp), article_id, title, body)
            try:
                after = [_rank(shadow, q.q, article_id) for q in queries]
            finally:
                shadow.close()
        out += [
            RankChange(suite.locale, q.q, b, a)
            for q, b, a in zip(queries, before, after, strict=True)
        ]
    return out


def _rank(index: LocaleIndex, query: str, article_id: str) -> int | None:
    return rank_of([article_id], [h.article_id for h in index.search(query, limit=10).hits])


def _shadow(
    search: SearchService, index: LocaleIndex, folder: Path, article_id: str, title: str, body: str
) -> LocaleIndex:
    """A copy of *index* in *folder* with the article's document replaced."""
    index.wait_for_merge()  # a merge running meanwhile would leave a half-copied index
    copy = folder / "index"
    shutil.copytree(index.path, copy)
    shadow = LocaleIndex(copy, index.analyzer, index.tuning, view=index.view)
    shadow.update([_document(search, index, article_id, title, body)])
    return shadow


def _document(
    search: SearchService, index: LocaleIndex, article_id: str, title: str, body: str
) -> IndexDoc:
    with search.sessions() as s:
        # The document as the view shows it now; else as the working text (not yet live).
        found = list(_documents(s, index.locale, index.view, only={article_id})) or list(
            _documents(s, index.locale, "working", only={article_id})
        )
    if not found:
        return IndexDoc(article_id=article_id, title=title, keywords=[], markdown=body)
    return dataclasses.replace(found[0], title=title, markdown=body)
