"""One Whoosh index per locale and view: build, update, query, explain.

The index is a cache of the database: deleting its folder loses nothing. It records the
analysis version and tuning fingerprint it was built with, and says when it is stale.
"""

from __future__ import annotations

import functools
import json
import logging
import shutil
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from whoosh import index as windex
from whoosh.fields import ID, STORED, Schema
from whoosh.query import Or, Term
from whoosh.query.compound import DefaultOr
from whoosh.reading import MultiReader, SegmentReader
from whoosh.searching import Searcher

from kbstudio.domain.errors import KBError
from kbstudio.search.analysis import ANALYSIS_VERSION, Analyzer
from kbstudio.search.fields import CjkChars, WeightedText
from kbstudio.search.merge import MERGE_TINY_AT, TINY, WRITER_DELAY, WRITER_TIMEOUT
from kbstudio.search.scoring import LiveBM25F, TopScorer
from kbstudio.search.snippet import highlight
from kbstudio.search.textify import plain_text
from kbstudio.search.tuning import FIELDS, Tuning

if TYPE_CHECKING:
    from pathlib import Path

META = "kbstudio-index.json"
MAX_QUERY_TERMS = 64
MAX_QUERY_CHARS = 2_000
MAX_SUGGEST_WORDS = 8
STORED_BODY = 20_000

Progress = Callable[[int, int, str], None]


class RebuildCancelledError(KBError):
    def __init__(self) -> None:
        super().__init__("cancelled", "index rebuild cancelled; the previous index is unchanged")


@dataclass(frozen=True)
class IndexDoc:
    """What the search index knows of one article in one locale."""

    article_id: str
    title: str
    keywords: list[str]
    markdown: str
    slug: str = ""
    category: str = ""
    section: str = ""
    type: str = ""
    status: str = ""
    revision: int = 0
    visibility: str = "public"


@dataclass(frozen=True)
class Contribution:
    field: str
    term: str
    score: float


@dataclass
class Hit:
    article_id: str
    score: float
    title: str
    slug: str
    category: str
    section: str
    type: str
    status: str
    revision: int
    matched_terms: list[str]
    fields: dict[str, float]
    snippet: str
    contributions: list[Contribution] = field(default_factory=list)


@dataclass(frozen=True)
class QueryPlan:
    """A query as the index sees it: terms with their weights, in query order."""

    weights: dict[str, float]
    singles: list[str]  # one-character CJK terms, also searched in the `chars` field
    notes: list[str]
    text: str


@dataclass
class SearchResult:
    query: str
    locale: str
    view: str
    terms: list[str]
    hits: list[Hit]
    total: int
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)


PARTS = ("title", "keywords", "headings", "body")


def _schema(locale: str, tuning: Tuning) -> Schema:
    boosts = {part: tuning.boosts[part] for part in PARTS}
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        all=WeightedText(locale, tuning.synonyms, boosts),
        chars=CjkChars(),
        display=STORED(),
        text=STORED(),
    )


class LocaleIndex:
    """The Whoosh index of one locale in one view ('working' or 'published')."""

    def __init__(self, path: Path, analyzer: Analyzer, tuning: Tuning, *, view: str) -> None:
        self.path = path
        self.analyzer = analyzer
        self.tuning = tuning
        self.view = view
        self.locale = analyzer.locale
        self.weighting = LiveBM25F(self._stats, b=tuning.b, k1=tuning.k1)
        # An open searcher and its scorer, kept while the index does not change.
        self._searcher: Any = None
        self._scorer: TopScorer | None = None
        # Threads of this process take turns writing; other processes (the background
        # merge, other clients) are kept out by Whoosh's file lock, waited for.
        self._write_lock = threading.Lock()
        self._merger: subprocess.Popen[bytes] | None = None
        # The meta file (inode, mtime, size) last found current; see is_current.
        self._current_stamp: tuple[int, int, int] | None = None

    def _current(self) -> tuple[Any, TopScorer]:
        """The open searcher, refreshed (with a new scorer) when the index changed."""
        if self._searcher is None or not self._searcher.up_to_date():
            self._searcher = self._open_searcher(self._searcher)
            self._scorer = None
        if self._scorer is None:
            self._scorer = self._stats(self._searcher)
        return self._searcher, self._scorer

    def _stats(self, searcher: Any) -> TopScorer:
        """The live-document statistics of *searcher* (its scorer): the weighting's source."""
        if searcher is self._searcher and self._scorer is not None:
            return self._scorer
        found: TopScorer | None = getattr(searcher, "_kb_stats", None)
        if found is None:
            found = TopScorer(searcher, self.tuning.k1, self.tuning.b, ("all", "chars"))
            searcher._kb_stats = found
        return found

    def _open_searcher(self, previous: Any) -> Any:
        """A searcher on the latest generation, reusing the readers of known segments.

        Opening a big segment's reader costs tens of milliseconds, and every save deletes
        a document from one, so a reader is kept and handed the segment's new deletions
        (segment files never change; only the deletions do). Whoosh's Searcher.refresh()
        is not used: it keeps a reader's old deletions and shows deleted documents.
        """
        ix = self._open()
        toc = ix._read_toc()
        old: dict[str, Any] = {}
        if previous is not None:
            for reader, _ in previous.reader().leaf_readers():
                old[reader.segment().segment_id()] = reader
        readers = []
        for seg in toc.segments:
            reader = old.pop(seg.segment_id(), None)
            if reader is None:
                reader = SegmentReader(ix.storage, toc.schema, seg, generation=toc.generation)
            elif reader.segment().deleted_count() != seg.deleted_count():
                # Deletions live on the segment object that both parts of the reader hold.
                reader._segment = seg
                reader._perdoc._segment = seg
            reader._gen = toc.generation  # so the searcher knows it is up to date
            readers.append(reader)
        for reader in old.values():
            reader.close()
        if len(readers) == 1:
            combined = readers[0]
        else:
            combined = MultiReader(readers, generation=toc.generation)
        return Searcher(combined, weighting=self.weighting, fromindex=ix)

    def close(self) -> None:
        self.wait_for_merge()
        if self._searcher is not None:
            self._searcher.close()
        self._searcher, self._scorer = None, None

    # -- state ------------------------------------------------------------------

    def _meta(self) -> dict[str, Any]:
        return {
            "analysis": ANALYSIS_VERSION,
            "tuning": self.tuning.fingerprint(),
            "locale": self.locale,
            "view": self.view,
        }

    def is_current(self) -> bool:
        """Whether the index exists, built with this analysis and tuning.

        Asked before every search and update, so the answer is kept while the meta file
        (rewritten by every build, here or in another process) stays the same file.
        """
        meta = self.path / META
        try:
            stat = meta.stat()
        except OSError:
            return False
        stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if stamp != self._current_stamp:
            self._current_stamp = stamp if self._check_current(meta) else None
        return self._current_stamp is not None

    def _check_current(self, meta: Path) -> bool:
        if not windex.exists_in(str(self.path)):
            return False
        try:
            return bool(json.loads(meta.read_text(encoding="utf-8")) == self._meta())
        except (OSError, ValueError):
            return False

    def _open(self) -> windex.Index:
        return windex.open_dir(str(self.path))

    # -- writing ----------------------------------------------------------------

    def fields_of(self, doc: IndexDoc) -> dict[str, Any]:
        """The document as Whoosh takes it; analysis happens in the field types."""
        text = plain_text(doc.markdown)
        keywords = "\n".join(doc.keywords)
        display = _display(doc)
        parts = (
            ("title", doc.title),
            ("keywords", keywords),
            ("headings", text.headings),
            ("body", text.body),
        )
        return {
            "id": doc.article_id,
            "all": parts,
            # Single CJK characters of the short parts only: one-character queries are
            # vague, a title or heading match answers them, and indexing every character
            # of every body would more than halve the build speed.
            "chars": "\n".join(p[1] for p in parts if p[0] != "body"),
            "display": json.dumps(display, ensure_ascii=False),
            "text": json.dumps(
                {"keywords": keywords, "headings": text.headings, "body": text.body[:STORED_BODY]},
                ensure_ascii=False,
            ),
        }

    def rebuild(
        self,
        docs: Iterable[IndexDoc],
        *,
        total: int = 0,
        progress: Progress | None = None,
        procs: int = 1,
        cancel: threading.Event | None = None,
    ) -> int:
        """Build the index from scratch in a new folder, then swap it in.

        A set *cancel* stops the build (RebuildCancelledError) and leaves the old index.
        """
        self.wait_for_merge()
        tmp = self.path.with_name(self.path.name + ".building")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        ix = windex.create_in(str(tmp), _schema(self.locale, self.tuning))
        # Analysis runs inside the field types, so two writer processes share it.
        writer = ix.writer(procs=procs, multisegment=procs > 1, limitmb=128)
        count = 0
        try:
            for doc in docs:
                writer.add_document(**self.fields_of(doc))
                count += 1
                if count % 200 == 0:
                    if cancel is not None and cancel.is_set():
                        raise RebuildCancelledError
                    if progress:
                        progress(count, total, f"{self.view}/{self.locale}")
            writer.commit()
        except BaseException:
            writer.cancel()
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        (tmp / META).write_text(json.dumps(self._meta()), encoding="utf-8")
        self.close()
        old = self.path.with_name(self.path.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.path.exists():
            self.path.rename(old)
        tmp.rename(self.path)
        shutil.rmtree(old, ignore_errors=True)
        if progress:
            progress(count, total or count, f"{self.view}/{self.locale}")
        return count

    def update(self, docs: Iterable[IndexDoc] = (), remove: Iterable[str] = ()) -> None:
        """Add or replace *docs* and drop the ids in *remove*, in one commit.

        The commit never merges: each save adds a small segment, and once MERGE_TINY_AT
        of them pile up another process merges them, so no save pays for a merge unless
        it races one. A process, not a thread: the merge is a third of a second of pure
        Python, which in a thread would hold the GIL and slow the saves that follow.
        """
        with self._write_lock:
            writer = self._open().writer(timeout=WRITER_TIMEOUT, delay=WRITER_DELAY)
            try:
                docs = list(docs)
                searcher = self._searcher_for(writer)
                for article_id in [*remove, *(doc.article_id for doc in docs)]:
                    writer.delete_by_term("id", article_id, searcher=searcher)
                added = 0
                for doc in docs:
                    writer.add_document(**self.fields_of(doc))
                    added = 1
                tiny = added + sum(1 for seg in writer.segments if seg.doc_count_all() < TINY)
                writer.commit(merge=False)
            except BaseException:
                writer.cancel()
                raise
        if tiny >= MERGE_TINY_AT:
            self._start_merge()

    def holds(self, doc: IndexDoc) -> bool:
        """Whether the index holds *doc* as it is: same revision, title, tags and facts.

        A revision's text never changes, so these name the whole document; comparing
        them spares a save that would write what is there already.
        """
        searcher, _ = self._current()
        stored = searcher.document(id=doc.article_id)
        if stored is None:
            return False
        keywords = json.loads(stored["text"])["keywords"]
        return bool(
            json.loads(stored["display"]) == _display(doc) and keywords == "\n".join(doc.keywords)
        )

    def _searcher_for(self, writer: Any) -> Any:
        """Our open searcher, if it sees the segments *writer* sees; else the writer's own.

        Whoosh's writer would open a reader of every segment to find the document a save
        replaces (a fifth of a zh-Hans save); ours is already open. Document numbers
        agree when the segments do.
        """
        searcher, _ = self._current()
        ours = [reader.segment().segment_id() for reader, _ in searcher.reader().leaf_readers()]
        if ours == [seg.segment_id() for seg in writer.segments]:
            return searcher
        return None

    def _start_merge(self) -> None:
        if self._merger is not None:
            if self._merger.poll() is None:
                return
            self.wait_for_merge()
        # A fresh interpreter, not fork (the studio has threads) nor multiprocessing's
        # spawn (which re-runs the caller's main script in the child).
        self._merger = subprocess.Popen(
            [sys.executable, "-m", "kbstudio.search.merge", str(self.path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )

    def wait_for_merge(self) -> int | None:
        """Wait for the background merge, if one was started; return its exit code."""
        merger, self._merger = self._merger, None
        if merger is None:
            return None
        code = merger.wait()
        if code:
            # The index stays correct unmerged; the next save or close merges again.
            log.warning(
                "merging the small segments of %s/%s failed (exit code %s)",
                self.view,
                self.locale,
                code,
            )
        return code

    def doc_count(self) -> int:
        with self._open().searcher() as s:
            return int(s.doc_count())

    # -- querying ---------------------------------------------------------------

    def plan(self, text: str) -> QueryPlan:
        """Analyze a plain-text user query into weighted terms (no operators, no syntax)."""
        notes: list[str] = []
        if len(text) > MAX_QUERY_CHARS:
            text = text[:MAX_QUERY_CHARS]
            notes.append("query cut to its first 2,000 characters")
        tokens = self.analyzer.tokens(text)
        words = [t for t in tokens if not t.unigram and not t.term.startswith("~")]
        weights: dict[str, float] = {}
        for t in words:
            weights.setdefault(t.term, 1.0)
        # A phrase matched as a synonym is one idea: its words share the weight of one
        # term, and the group term carries the synonym weight.
        for syn in (t for t in tokens if t.term.startswith("~")):
            inside = [w for w in words if syn.start <= w.start and w.end <= syn.end]
            if len(inside) > 1:
                for w in inside:
                    weights[w.term] = min(weights[w.term], 1.0 / len(inside))
            weights.setdefault(syn.term, self.tuning.synonym_weight)
        terms = list(weights)
        if len(terms) > MAX_QUERY_TERMS:
            terms = terms[:MAX_QUERY_TERMS]
            notes.append(f"only the first {MAX_QUERY_TERMS} terms were searched")
            weights = {t: weights[t] for t in terms}
        singles = [t for t in terms if len(t) == 1 and not t.isascii()]
        if not terms and text.strip():
            kept = self.analyzer.tokens(text, keep_stopwords=True)
            notes.append("only common words (stop words)" if kept else "no searchable words")
        return QueryPlan(weights, singles, notes, text)

    def build_query(self, plan: QueryPlan) -> Or:
        leaves = [Term("all", term, boost=weight) for term, weight in plan.weights.items()]
        chars = self.tuning.boosts["chars"]
        leaves += [Term("chars", t, boost=chars) for t in plan.singles]
        # A union tree lets Whoosh skip blocks that cannot reach the top N; the array
        # matcher it picks for small segments scores every posting.
        return DefaultOr(leaves)

    def segment_count(self) -> int:
        return len(self._open()._segments())

    def maintain(self, *, max_segments: int = 8) -> bool:
        """Merge segments left by saves once there are many; say whether it merged.

        The others are merged into one and the biggest segment is left as it is, unless
        that would still leave more than *max_segments* or a fifth of the biggest one's
        documents are deleted: then all of them. Rewriting the 10,000-document segment
        on every few closes cost a second each time, and made the next publish read it
        again (its dump is kept per segment, search/dump.py).
        """
        self.wait_for_merge()
        with self._write_lock:
            ix = self._open()
            segments = ix._segments()
            if len(segments) <= max_segments:
                return False
            biggest = max(segments, key=lambda seg: seg.doc_count_all())
            deleted = biggest.doc_count_all() - biggest.doc_count()
            if max_segments < 2 or deleted * 5 >= biggest.doc_count_all():
                ix.optimize()
                return True
            writer = ix.writer(timeout=WRITER_TIMEOUT, delay=WRITER_DELAY)
            try:
                writer.commit(mergetype=functools.partial(_merge_all_but, biggest))
            except BaseException:
                writer.cancel()
                raise
            return True

    def search(self, text: str, *, limit: int = 10, explain: bool = False) -> SearchResult:
        plan = self.plan(text)
        terms = list(plan.weights)
        result = SearchResult(text, self.locale, self.view, terms, [], 0, notes=plan.notes)
        if not terms:
            return result
        query = self.build_query(plan)
        searcher, scorer = self._current()
        leaves = [(leaf.fieldname, leaf.text, leaf.boost) for leaf in query.subqueries]
        found = scorer.top(leaves, limit)
        result.total = scorer.total(leaves) if found else 0
        ids = searcher.reader().column_reader("id")
        # Ties are broken by article id, so the ranking is the same everywhere.
        ranked = sorted(
            ((round(score, 9), ids[docnum], docnum) for score, docnum in found),
            key=lambda x: (-x[0], x[1]),
        )[:limit]
        # Leaf matchers only move forward: explain the hits in document order.
        matchers = _LeafMatchers(searcher, query)
        term_scores = {d: matchers.scores(d) for d in sorted(d for _, _, d in ranked)}
        for score, _aid, docnum in ranked:
            result.hits.append(self._hit(searcher, term_scores[docnum], docnum, score, explain))
        if not result.hits:
            result.suggestion = self._suggest(searcher, plan.text)
        return result

    def _hit(
        self,
        searcher: Any,
        term_scores: dict[tuple[str, str], float],
        docnum: int,
        score: float,
        explain: bool,
    ) -> Hit:
        stored = searcher.stored_fields(docnum)
        display = json.loads(stored["display"])
        text = json.loads(stored["text"])
        matched = list(dict.fromkeys(term for _, term in term_scores))
        contributions = self._attribute(display["title"], text, term_scores)
        per_field: dict[str, float] = {}
        for c in contributions:
            per_field[c.field] = per_field.get(c.field, 0.0) + c.score
        return Hit(
            article_id=stored["id"],
            score=score,
            title=display["title"],
            slug=display["slug"],
            category=display["category"],
            section=display["section"],
            type=display["type"],
            status=display["status"],
            revision=display["revision"],
            matched_terms=matched,
            fields={f: per_field[f] for f in FIELDS if f in per_field},
            snippet=highlight(self.analyzer, text["body"], set(matched)),
            contributions=contributions if explain else [],
        )

    def _attribute(
        self, title: str, text: dict[str, str], term_scores: dict[tuple[str, str], float]
    ) -> list[Contribution]:
        """Split each term's score over the parts it occurs in, by their share of its weight.

        BM25F scores a term once, on its weighted frequency over all parts; its share of
        the score per part is that part's share of the weight, so the parts add up.
        """
        parts = {
            "title": title,
            "keywords": text["keywords"],
            "headings": text["headings"],
            "body": text["body"],
        }
        counts = {p: Counter(self.analyzer.index_terms(t)) for p, t in parts.items()}
        out: list[Contribution] = []
        for (leaf_field, term), value in term_scores.items():
            if leaf_field == "chars":
                out.append(Contribution("chars", term, value))
                continue
            weights = {p: self.tuning.boosts[p] * counts[p][term] for p in PARTS}
            total = sum(weights.values())
            if total <= 0:  # text cut for storage: count it as body
                out.append(Contribution("body", term, value))
                continue
            out += [Contribution(p, term, value * w / total) for p, w in weights.items() if w > 0]
        return out

    def _suggest(self, searcher: Any, text: str) -> str | None:
        """A corrected query: each unknown word replaced by the most common close term."""
        reader = searcher.reader()
        suggestion, changed, tried = text, False, set()
        for token in self.analyzer.tokens(text):
            term = token.term
            # Edit distance means little for CJK bigrams; few words are worth trying.
            if token.unigram or term.startswith("~") or not term.isascii() or term in tried:
                continue
            tried.add(term)
            if len(tried) > MAX_SUGGEST_WORDS:
                break
            if ("all", term) in reader:
                continue
            best: tuple[int, str] | None = None
            for candidate in reader.terms_within("all", term, 2):
                if candidate.startswith("~"):
                    continue
                freq = reader.doc_frequency("all", candidate)
                if best is None or (freq, candidate) > best:
                    best = (freq, candidate)
            if best is not None:
                original = _surface(text, token.start, token.end)
                suggestion = suggestion.replace(original, best[1], 1)
                changed = True
        return suggestion if changed else None


def _display(doc: IndexDoc) -> dict[str, Any]:
    """The facts of *doc* stored for showing a hit."""
    return {
        "title": doc.title,
        "slug": doc.slug,
        "category": doc.category,
        "section": doc.section,
        "type": doc.type,
        "status": doc.status,
        "revision": doc.revision,
        "visibility": doc.visibility,
    }


def _surface(text: str, start: int, end: int) -> str:
    from kbstudio.search.analysis import normalize

    # Offsets are into the NFKC/lowercased text; map back by normalizing the prefix.
    norm = normalize(text)
    return text[start:end] if norm == text.lower() else norm[start:end]


class _LeafMatchers:
    """One matcher per query leaf, moved forward over the hits in document order."""

    def __init__(self, searcher: Any, query: Or) -> None:
        self.leaves = [
            (leaf.fieldname, leaf.text, leaf.matcher(searcher, searcher.context()))
            for leaf in query.subqueries
        ]

    def scores(self, docnum: int) -> dict[tuple[str, str], float]:
        """{(field, term): score} of the leaves that match *docnum*."""
        found: dict[tuple[str, str], float] = {}
        for name, term, matcher in self.leaves:
            if not matcher.is_active():
                continue
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                found[(name, term)] = matcher.score()
        return found


log = logging.getLogger(__name__)


def _merge_all_but(keep: Any, writer: Any, segments: list[Any]) -> list[Any]:
    """A Whoosh merge policy: every segment but *keep* into the writer's new one."""
    for seg in segments:
        if seg.segment_id() != keep.segment_id():
            reader = SegmentReader(writer.storage, writer.schema, seg)
            writer.add_reader(reader)
            reader.close()
    return [seg for seg in segments if seg.segment_id() == keep.segment_id()]
