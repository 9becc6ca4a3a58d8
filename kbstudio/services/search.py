"""Search preview over the workspace: keeps each locale's indexes in step with the database."""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kbstudio.domain.errors import ValidationError
from kbstudio.domain.model import Visibility, has_ended
from kbstudio.domain.workflow import Status
from kbstudio.search.analysis import analyzer_for
from kbstudio.search.index import (
    IndexDoc,
    LocaleIndex,
    Progress,
    RebuildCancelledError,
    SearchResult,
)
from kbstudio.search.suites import QueryOutcome, SuiteReport, load_suite, rank_of, score
from kbstudio.search.tuning import load_tuning
from kbstudio.services import feed, lookup
from kbstudio.storage.models import ArticleRow, GlossaryTermRow, SectionRow, TranslationRow

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable, Iterator
    from contextlib import AbstractContextManager

    from sqlalchemy.orm import Session

VIEWS = ("working", "published")
PARALLEL_FROM = 500
FEED_WRITE_EVERY = 1.0
BUNDLED_TUNING = Path(__file__).resolve().parents[2] / "search_index"


@dataclass(frozen=True)
class BuildReport:
    locale: str
    view: str
    documents: int
    seconds: float


@dataclass(frozen=True)
class ArticleRank:
    """Where one article ranks for a suite query that expects it."""

    locale: str
    q: str
    rank: int | None


class SearchService:
    """Per-locale, per-view Whoosh indexes under the workspace's data folder."""

    def __init__(
        self,
        data_dir: Path,
        sessions: Callable[[], AbstractContextManager[Session]],
        tuning_dir: Path | None = None,
    ) -> None:
        self.root = data_dir / "search"
        self.sessions = sessions
        self.tuning_dir = tuning_dir if tuning_dir and tuning_dir.is_dir() else BUNDLED_TUNING
        self._indexes: dict[tuple[str, str], LocaleIndex] = {}
        # What this process last indexed per (locale, view, article): None when removed.
        self._indexed: dict[tuple[str, str, str], IndexDoc | None] = {}
        # Import events of this client: the feed need not re-index everything for them.
        self._own_imports: set[int] = set()
        # The feed position the indexes have caught up with (kept in memory; the file is
        # for the next process, and written at most every FEED_WRITE_EVERY seconds).
        self._seen: feed.Position | None = None
        self._seen_written = 0.0
        # Per (locale, view, article): the feed position at which this process re-indexed
        # it after a change of its own. The feed names those changes again; a document
        # re-indexed at or after the feed's position needs no second look.
        self._fresh: dict[tuple[str, str, str], feed.Position] = {}

    # -- indexes ------------------------------------------------------------------

    def index(self, locale: str, view: str) -> LocaleIndex:
        if view not in VIEWS:
            raise ValidationError("bad-view", f"view must be one of {', '.join(VIEWS)}")
        key = (locale, view)
        cached = self._indexes.get(key)
        if cached is None:
            with self.sessions() as s:
                if locale not in lookup.settings(s).locales:
                    raise ValidationError("unknown-locale", f"{locale} is not enabled here")
                glossary = _glossary_groups(s, locale)
            tuning = load_tuning(self.tuning_dir, locale, glossary)
            cached = LocaleIndex(
                self.root / view / locale, analyzer_for(locale, tuning.synonyms), tuning, view=view
            )
            self._indexes[key] = cached
        return cached

    def forget_tuning(self) -> None:
        """Drop cached analyzers (the glossary or tuning files changed)."""
        self.close(maintain=False)

    def close(self, *, maintain: bool = True) -> None:
        """Close open searchers; merge the segments that saves left behind, if many.

        Merging here, not on each save, keeps saves fast; a workspace is closed when a
        command ends or the studio quits.
        """
        for index in self._indexes.values():
            index.close()
            if maintain and index.is_current():
                index.maintain()
        self._indexes.clear()
        self._write_feed(force=True)

    def locales(self) -> list[str]:
        with self.sessions() as s:
            return list(lookup.settings(s).locales)

    def rebuild(
        self,
        *,
        locales: list[str] | None = None,
        views: tuple[str, ...] = VIEWS,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> list[BuildReport]:
        """Rebuild the indexes; a set *cancel* stops at the next check (RebuildCancelledError).

        Indexes already rebuilt stay rebuilt; the one being built keeps its old version.
        """
        reports = []
        for locale in locales or self.locales():
            for view in views:
                if cancel is not None and cancel.is_set():
                    raise RebuildCancelledError
                index = self.index(locale, view)
                start = time.perf_counter()
                with self.sessions() as s:
                    docs = list(_documents(s, locale, view))
                # Worker processes pay off only for larger builds.
                procs = min(2, os.cpu_count() or 1) if len(docs) >= PARALLEL_FROM else 1
                count = index.rebuild(
                    docs, total=len(docs), progress=progress, procs=procs, cancel=cancel
                )
                self._indexed = {k: v for k, v in self._indexed.items() if k[:2] != (locale, view)}
                reports.append(BuildReport(locale, view, count, time.perf_counter() - start))
        return reports

    def catch_up(self) -> feed.Changes:
        """Re-index what other clients changed since this one last looked (the change feed).

        Reads the feed position before the changes, so a change made meanwhile is
        picked up next time rather than missed.
        """
        seen = self._seen if self._seen is not None else feed.read(self.root)
        with self.sessions() as s:
            now = feed.position(s)
            changes = (
                feed.changes_since(s, seen, now, frozenset(self._own_imports))
                if seen is not None and seen != now
                else feed.Changes()
            )
        if changes.glossary:
            self.forget_tuning()
        if changes.everything:
            built = [(loc, view) for loc in self.locales() for view in VIEWS]
            for loc, view in built:
                if self.index(loc, view).is_current():
                    self.rebuild(locales=[loc], views=(view,))
        elif changes.keys:
            self.refresh(sorted(changes.keys), only_changed=True, fresh_at=now)
        if seen != now:
            self._seen = now
            self._write_feed()
        return changes

    def _write_feed(self, *, force: bool = False) -> None:
        """Tell the next process where the indexes stand; an older position only costs
        it a second look at changes already indexed, never a missed one."""
        due = time.monotonic() - self._seen_written >= FEED_WRITE_EVERY
        if self._seen is not None and (force or due):
            feed.write(self.root, self._seen)
            self._seen_written = time.monotonic()

    def note_own_import(self, actor: str) -> None:
        """Remember the import this client just made (its texts are re-indexed already)."""
        with self.sessions() as s:
            event_id = feed.last_import(s, actor)
        if event_id is not None:
            self._own_imports.add(event_id)

    def ensure(self, locale: str, view: str) -> LocaleIndex:
        """The index, caught up with others' changes; rebuilt first if missing or
        built with other analysis or tuning."""
        self.catch_up()
        index = self.index(locale, view)
        if not index.is_current():
            self.rebuild(locales=[locale], views=(view,))
        return index

    def refresh(
        self,
        keys: list[tuple[str, str]],
        *,
        views: tuple[str, ...] = VIEWS,
        only_changed: bool = False,
        fresh_at: feed.Position | None = None,
    ) -> None:
        """Re-index (article id, locale) pairs in *views*, without a full rebuild.

        With *only_changed*, skip documents this process already indexed as they are
        now (the change feed names our own saves too), and, with *fresh_at*, those it
        re-indexed at that feed position or later without looking at them again.
        """
        by_locale: dict[str, set[str]] = {}
        for article_id, locale in keys:
            by_locale.setdefault(locale, set()).add(article_id)
        for locale, ids in by_locale.items():
            for view in views:
                index = self.index(locale, view)
                if not index.is_current():
                    continue  # built in full at its next use
                wanted = ids
                if fresh_at is not None:
                    wanted = {a for a in ids if self._stale(locale, view, a, fresh_at)}
                    if not wanted:
                        continue
                with self.sessions() as s:
                    # Read before the texts: a change committed in between lies beyond
                    # this position, so the feed has it looked at again. The feed's own
                    # position, when given, was read before them already.
                    at = fresh_at if fresh_at is not None else feed.position(s)
                    docs = list(_documents(s, locale, view, only=wanted))
                self._fresh.update({(locale, view, a): at for a in wanted})
                present = {d.article_id for d in docs}
                removed = sorted(wanted - present)
                seen = self._indexed
                if only_changed:
                    docs = [d for d in docs if not self._holds(index, view, d, locale)]
                    removed = [a for a in removed if seen.get((locale, view, a), True) is not None]
                if docs or removed:
                    index.update(docs, remove=removed)
                seen.update({(locale, view, d.article_id): d for d in docs})
                seen.update({(locale, view, a): None for a in removed})

    def _stale(self, locale: str, view: str, article_id: str, now: feed.Position) -> bool:
        fresh = self._fresh.get((locale, view, article_id))
        return fresh is None or fresh.behind(now)

    def _holds(self, index: LocaleIndex, view: str, doc: IndexDoc, locale: str) -> bool:
        """Whether *index* holds *doc* as it is: known from this process's own updates,
        or else read from the index (a view this process has not written yet)."""
        key = (locale, view, doc.article_id)
        if key in self._indexed:
            return self._indexed[key] == doc
        return index.holds(doc)

    # -- queries ------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        locale: str,
        view: str = "working",
        limit: int = 10,
        explain: bool = False,
    ) -> SearchResult:
        if limit < 1:
            raise ValidationError("bad-limit", "--limit must be at least 1", field="--limit")
        return self.ensure(locale, view).search(query, limit=limit, explain=explain)

    def suite_paths(self, locale: str | None = None) -> list[Path]:
        folder = self.tuning_dir / "suites"
        paths = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        return [p for p in paths if locale is None or p.stem == locale]

    def run_suite(self, path: Path) -> SuiteReport:
        suite = load_suite(path)
        index = self.ensure(suite.locale, suite.view)
        outcomes = []
        for query in suite.queries:
            ids = [h.article_id for h in index.search(query.q, limit=10).hits]
            outcomes.append(QueryOutcome(query.q, query.expect, rank_of(query.expect, ids), ids))
        return score(suite, outcomes)

    def where_ranks(self, article_id: str, *, locale: str | None = None) -> list[ArticleRank]:
        """For each suite query that expects *article_id*, its rank now."""
        out = []
        for path in self.suite_paths(locale):
            suite = load_suite(path)
            index = self.ensure(suite.locale, suite.view)
            for query in suite.queries:
                if article_id in query.expect:
                    ids = [h.article_id for h in index.search(query.q, limit=10).hits]
                    out.append(ArticleRank(suite.locale, query.q, rank_of([article_id], ids)))
        return out


def _glossary_groups(session: Session, locale: str) -> list[tuple[str, list[str]]]:
    """Each glossary term with its variants in *locale*: one synonym group per term."""
    groups = []
    terms = session.scalars(
        select(GlossaryTermRow)
        .order_by(GlossaryTermRow.position)
        .options(selectinload(GlossaryTermRow.renderings))
    )
    for term in terms:
        renderings = {r.locale: r for r in term.renderings}
        phrases: list[str] = []
        for loc in [locale, "en"] if term.dnt else [locale]:
            r = renderings.get(loc)
            if r is not None:
                phrases += [p for p in [r.term, *r.variants] if p]
        if term.dnt and "en" in renderings:
            phrases += [renderings["en"].term]
        groups.append((term.id, list(dict.fromkeys(phrases))))
    return groups


def _documents(
    session: Session, locale: str, view: str, only: set[str] | None = None
) -> Iterator[IndexDoc]:
    """The texts a view shows: working revisions, or live public ones still current."""
    now = dt.datetime.now(dt.UTC)
    categories = {s.id: s.category_id for s in session.scalars(select(SectionRow))}
    query = (
        select(TranslationRow)
        .where(TranslationRow.locale == locale)
        .options(
            selectinload(TranslationRow.article),
            selectinload(TranslationRow.working),
            selectinload(TranslationRow.live),
        )
        .order_by(TranslationRow.article_id)
    )
    if only is not None:
        query = query.where(TranslationRow.article_id.in_(sorted(only)))
    for tr in session.scalars(query):
        art: ArticleRow = tr.article
        if tr.status == Status.ARCHIVED.value:
            continue
        rev = tr.working if view == "working" else tr.live
        if rev is None:
            continue
        if view == "published":
            if art.visibility != Visibility.PUBLIC.value:
                continue
            if has_ended(art.type, art.ends_at, now):
                continue
        yield IndexDoc(
            article_id=art.id,
            title=rev.title,
            keywords=list(tr.tags),
            markdown=rev.body,
            slug=tr.slug,
            category=categories.get(art.section_id, ""),
            section=art.section_id,
            type=art.type,
            # A published hit is the live text, whatever state a newer draft is in:
            # so editing a draft leaves the published view's document as it is.
            status=tr.status if view == "working" else Status.PUBLISHED.value,
            revision=rev.number,
            visibility=art.visibility,
        )
