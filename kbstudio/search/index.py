"""One Whoosh index per locale and view: build, update, query, explain.

The index is a cache of the database: deleting its folder loses nothing. It records the
analysis version and tuning fingerprint it was built with, and says when it is stale.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from whoosh import index as windex
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.query import Or, Term
from whoosh.scoring import BM25F

from kbstudio.search.analysis import ANALYSIS_VERSION, Analyzer
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


def _schema() -> Schema:
    text = dict(analyzer=SpaceSeparatedTokenizer(), phrase=False)
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(**text),
        keywords=TEXT(**text),
        headings=TEXT(**text),
        body=TEXT(**text),
        chars=TEXT(**text),
        display=STORED(),
    )


class LocaleIndex:
    """The Whoosh index of one locale in one view ('working' or 'published')."""

    def __init__(self, path: Path, analyzer: Analyzer, tuning: Tuning, *, view: str) -> None:
        self.path = path
        self.analyzer = analyzer
        self.tuning = tuning
        self.view = view
        self.locale = analyzer.locale
        self.weighting = BM25F(
            B=tuning.b, K1=tuning.k1, **{f"{f}_B": b for f, b in tuning.field_b.items()}
        )

    # -- state ------------------------------------------------------------------

    def _meta(self) -> dict[str, Any]:
        return {
            "analysis": ANALYSIS_VERSION,
            "tuning": self.tuning.fingerprint(),
            "locale": self.locale,
            "view": self.view,
        }

    def is_current(self) -> bool:
        meta = self.path / META
        if not meta.exists() or not windex.exists_in(str(self.path)):
            return False
        try:
            return bool(json.loads(meta.read_text(encoding="utf-8")) == self._meta())
        except (OSError, ValueError):
            return False

    def _open(self) -> windex.Index:
        return windex.open_dir(str(self.path))

    # -- writing ----------------------------------------------------------------

    def fields_of(self, doc: IndexDoc) -> dict[str, Any]:
        a = self.analyzer
        text = plain_text(doc.markdown)
        title_tokens = a.tokens(doc.title)
        body_tokens = a.tokens(text.body)
        head_tokens = a.tokens(text.headings)
        chars = [t.term for t in (*title_tokens, *head_tokens, *body_tokens) if t.unigram]
        display = {
            "title": doc.title,
            "slug": doc.slug,
            "category": doc.category,
            "section": doc.section,
            "type": doc.type,
            "status": doc.status,
            "revision": doc.revision,
            "visibility": doc.visibility,
            "body": text.body[:STORED_BODY],
        }
        return {
            "id": doc.article_id,
            "title": " ".join(t.term for t in title_tokens if not t.unigram),
            "keywords": " ".join(a.terms(" \n ".join(doc.keywords))),
            "headings": " ".join(t.term for t in head_tokens if not t.unigram),
            "body": " ".join(t.term for t in body_tokens if not t.unigram),
            "chars": " ".join(chars),
            "display": json.dumps(display, ensure_ascii=False),
        }

    def rebuild(
        self, docs: Iterable[IndexDoc], *, total: int = 0, progress: Progress | None = None
    ) -> int:
        """Build the index from scratch in a new folder, then swap it in."""
        tmp = self.path.with_name(self.path.name + ".building")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        ix = windex.create_in(str(tmp), _schema())
        writer = ix.writer(limitmb=256)
        count = 0
        try:
            for doc in docs:
                writer.add_document(**self.fields_of(doc))
                count += 1
                if progress and count % 200 == 0:
                    progress(count, total, f"{self.view}/{self.locale}")
            writer.commit(optimize=True)
        except BaseException:
            writer.cancel()
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        (tmp / META).write_text(json.dumps(self._meta()), encoding="utf-8")
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
        """Add or replace *docs* and drop the ids in *remove*, in one commit."""
        ix = self._open()
        writer = ix.writer()
        try:
            for article_id in remove:
                writer.delete_by_term("id", article_id)
            for doc in docs:
                writer.update_document(**self.fields_of(doc))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise

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
        boosts = self.tuning.boosts
        leaves = [
            Term(name, term, boost=boosts[name] * weight)
            for name in ("title", "keywords", "headings", "body")
            for term, weight in plan.weights.items()
        ]
        leaves += [Term("chars", t, boost=boosts["chars"]) for t in plan.singles]
        return Or(leaves)

    def search(self, text: str, *, limit: int = 10, explain: bool = False) -> SearchResult:
        plan = self.plan(text)
        terms = list(plan.weights)
        result = SearchResult(text, self.locale, self.view, terms, [], 0, notes=plan.notes)
        if not terms:
            return result
        query = self.build_query(plan)
        with self._open().searcher(weighting=self.weighting) as searcher:
            found = searcher.search(query, limit=limit + 20, scored=True)
            result.total = len(found)
            # Ties are broken by article id, so the ranking is the same everywhere.
            ranked = sorted(
                ((round(h.score, 9), h.docnum) for h in found),
                key=lambda x: (-x[0], searcher.stored_fields(x[1])["id"]),
            )[:limit]
            for score, docnum in ranked:
                result.hits.append(self._hit(searcher, query, docnum, score, explain))
            if not result.hits:
                result.suggestion = self._suggest(searcher, plan.text)
        return result

    def _hit(self, searcher: Any, query: Or, docnum: int, score: float, explain: bool) -> Hit:
        stored = searcher.stored_fields(docnum)
        display = json.loads(stored["display"])
        contributions: list[Contribution] = []
        for leaf in query.subqueries:
            matcher = leaf.matcher(searcher, searcher.context())
            if not matcher.is_active():
                continue
            matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                contributions.append(Contribution(leaf.fieldname, leaf.text, matcher.score()))
        per_field: dict[str, float] = {}
        for c in contributions:
            per_field[c.field] = per_field.get(c.field, 0.0) + c.score
        matched = list(dict.fromkeys(c.term for c in contributions))
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
            snippet=highlight(self.analyzer, display["body"], set(matched)),
            contributions=contributions if explain else [],
        )

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
            if any((f, term) in reader for f in ("title", "keywords", "headings", "body")):
                continue
            best: tuple[int, str] | None = None
            for name in ("title", "body"):
                for candidate in reader.terms_within(name, term, 2):
                    if candidate.startswith("~"):
                        continue
                    freq = reader.doc_frequency(name, candidate)
                    if best is None or (freq, candidate) > best:
                        best = (freq, candidate)
            if best is not None:
                original = _surface(text, token.start, token.end)
                suggestion = suggestion.replace(original, best[1], 1)
                changed = True
        return suggestion if changed else None


def _surface(text: str, start: int, end: int) -> str:
    from kbstudio.search.analysis import normalize

    # Offsets are into the NFKC/lowercased text; map back by normalizing the prefix.
    norm = normalize(text)
    return text[start:end] if norm == text.lower() else norm[start:end]
