"""Everything the published site's search needs from one index, as plain values.

The site ranks in the browser with the same numbers the preview uses: each term's idf as
the searcher computes it, the stored (float32) weights, the decoded field lengths and the
searcher's average lengths. Deleted documents are left out; the rest are numbered in
article id order, so "ties broken by article id" is "ties broken by number".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kbstudio.search.analysis import ANALYSIS_VERSION

if TYPE_CHECKING:
    from kbstudio.search.index import LocaleIndex

FIELDS = ("all", "chars")


@dataclass(frozen=True)
class IndexDump:
    doc_ids: tuple[str, ...]
    # field -> (average length, length per document in doc_ids order)
    lengths: dict[str, tuple[float, tuple[float, ...]]]
    # (field, term) -> (idf, ((document number, weight), ...))
    postings: dict[tuple[str, str], tuple[float, tuple[tuple[int, float], ...]]]
    stopwords: tuple[str, ...]
    synonyms: dict[tuple[str, ...], str]


def dump_index(index: LocaleIndex) -> IndexDump:
    """Read the whole of *index* (call SearchService.ensure first)."""
    searcher, _scorer = index._current()
    reader = searcher.reader()
    live = [d for d in range(reader.doc_count_all()) if not reader.is_deleted(d)]
    ids = {d: reader.stored_fields(d)["id"] for d in live}
    order = sorted(live, key=lambda d: ids[d])
    number = {d: i for i, d in enumerate(order)}
    lengths = {
        f: (
            float(searcher.avg_field_length(f) or 1),
            tuple(float(reader.doc_field_length(d, f, 1)) for d in order),
        )
        for f in FIELDS
    }
    found: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for sub, offset in searcher.leaf_searchers():
        leaf = sub.reader()
        for fieldname, raw in leaf.all_terms():
            if fieldname in FIELDS:
                term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                rows = found.setdefault((fieldname, term), [])
                for d, weight in _read_postings(leaf, fieldname, raw):
                    if d + offset in number:
                        rows.append((number[d + offset], weight))
    postings: dict[tuple[str, str], tuple[float, tuple[tuple[int, float], ...]]] = {}
    for (fieldname, term), rows in sorted(found.items()):
        if rows:
            rows.sort()
            postings[(fieldname, term)] = (float(searcher.idf(fieldname, term)), tuple(rows))
    analyzer = index.analyzer
    return IndexDump(
        doc_ids=tuple(ids[d] for d in order),
        lengths=lengths,
        postings=postings,
        stopwords=tuple(sorted(analyzer.stopwords)),
        synonyms=dict(analyzer.synonyms),
    )


def _read_postings(reader: Any, fieldname: str, raw: Any) -> list[tuple[int, float]]:
    """(docnum, weight) of one term in one segment, read a block at a time (as scoring.py
    does: the matcher's per-posting calls would dominate the export)."""
    m = reader.postings(fieldname, raw)
    while not hasattr(m, "_read_ids") and hasattr(m, "child"):
        m = m.child
    if not hasattr(m, "_read_ids"):  # another matcher type: the slow, general way
        out = []
        while m.is_active():
            out.append((m.id(), float(m.weight())))
            m.next()
        return out
    ids: list[int] = []
    weights: list[float] = []
    while m.is_active():
        m._read_ids()
        m._read_weights()
        ids.extend(m._ids)
        weights.extend(m._weights)
        m._next_block()
    return [(int(d), float(w)) for d, w in zip(ids, weights, strict=True)]


def index_state(index: LocaleIndex) -> str:
    """Names what the index holds: changes with every commit, rebuild or tuning change."""
    toc = index._open()._read_toc()
    segments = ",".join(f"{seg.segment_id()}-{seg.deleted_count()}" for seg in toc.segments)
    return f"{ANALYSIS_VERSION}:{index.tuning.fingerprint()}:{toc.generation}:{segments}"


def holds(index: LocaleIndex, article_id: str) -> bool:
    """Say whether the index has a document for *article_id*."""
    searcher, _scorer = index._current()
    return searcher.document_number(id=article_id) is not None
