"""Everything the published site's search needs from one index, as plain values.

The site ranks in the browser with the same numbers the preview uses: each term's idf as
the searcher computes it, the stored (float32) weights, the decoded field lengths and the
searcher's average lengths. Deleted documents are left out; the rest are numbered in
article id order, so "ties broken by article id" is "ties broken by number".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from kbstudio.search.analysis import ANALYSIS_VERSION

if TYPE_CHECKING:
    from kbstudio.search.index import LocaleIndex

FIELDS = ("all", "chars")


@dataclass(frozen=True)
class IndexDump:
    doc_ids: tuple[str, ...]
    # field -> (average length, length per document in doc_ids order)
    lengths: dict[str, tuple[float, tuple[float, ...]]]
    # (field, term) -> (idf, document numbers ascending (int64), their weights (float64))
    postings: dict[tuple[str, str], tuple[float, np.ndarray, np.ndarray]]
    stopwords: tuple[str, ...]
    synonyms: dict[tuple[str, ...], str]


def dump_index(index: LocaleIndex) -> IndexDump:
    """Read the whole of *index* (call SearchService.ensure first).

    Postings stay numpy arrays: a 10,000-article locale has millions of them, and a
    Python tuple per posting made the dump the slowest part of an incremental publish.
    """
    searcher, _scorer = index._current()
    reader = searcher.reader()
    slots = reader.doc_count_all()
    live = [d for d in range(slots) if not reader.is_deleted(d)]
    ids = {d: reader.stored_fields(d)["id"] for d in live}
    order = sorted(live, key=lambda d: ids[d])
    number = np.full(slots, -1, dtype=np.int64)  # document slot -> number, -1 if deleted
    number[np.asarray(order, dtype=np.int64)] = np.arange(len(order), dtype=np.int64)
    lengths = {
        f: (
            float(searcher.avg_field_length(f) or 1),
            tuple(float(reader.doc_field_length(d, f, 1)) for d in order),
        )
        for f in FIELDS
    }
    found: dict[tuple[str, str], list[tuple[np.ndarray, np.ndarray]]] = {}
    for sub, offset in searcher.leaf_searchers():
        leaf = sub.reader()
        for fieldname, raw in leaf.all_terms():
            if fieldname in FIELDS:
                term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                docs, weights = _read_postings(leaf, fieldname, raw)
                docs = number[docs + offset]
                keep = docs >= 0
                found.setdefault((fieldname, term), []).append((docs[keep], weights[keep]))
    postings: dict[tuple[str, str], tuple[float, np.ndarray, np.ndarray]] = {}
    for (fieldname, term), parts in sorted(found.items()):
        docs = np.concatenate([d for d, _ in parts]) if len(parts) > 1 else parts[0][0]
        if len(docs):
            weights = np.concatenate([w for _, w in parts]) if len(parts) > 1 else parts[0][1]
            # Segments are not in article id order, and neither is one segment where a
            # merge or a re-index put a text after others that sort later.
            if len(docs) > 1 and not bool((docs[1:] > docs[:-1]).all()):
                by_doc = np.argsort(docs, kind="stable")
                docs, weights = docs[by_doc], weights[by_doc]
            idf = float(searcher.idf(fieldname, term))
            postings[(fieldname, term)] = (idf, docs, weights)
    analyzer = index.analyzer
    return IndexDump(
        doc_ids=tuple(ids[d] for d in order),
        lengths=lengths,
        postings=postings,
        stopwords=tuple(sorted(analyzer.stopwords)),
        synonyms=dict(analyzer.synonyms),
    )


def _read_postings(reader: Any, fieldname: str, raw: Any) -> tuple[np.ndarray, np.ndarray]:
    """Docnums and weights of one term in one segment, read a block at a time (as
    scoring.py does: the matcher's per-posting calls would dominate the export)."""
    m = reader.postings(fieldname, raw)
    while not hasattr(m, "_read_ids") and hasattr(m, "child"):
        m = m.child
    ids: list[int] = []
    weights: list[float] = []
    if not hasattr(m, "_read_ids"):  # another matcher type: the slow, general way
        while m.is_active():
            ids.append(m.id())
            weights.append(float(m.weight()))
            m.next()
    else:
        while m.is_active():
            m._read_ids()
            m._read_weights()
            ids.extend(m._ids)
            weights.extend(m._weights)
            m._next_block()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)


def index_state(index: LocaleIndex) -> str:
    """Names what the index holds: changes with every commit, rebuild or tuning change."""
    toc = index._open()._read_toc()
    segments = ",".join(f"{seg.segment_id()}-{seg.deleted_count()}" for seg in toc.segments)
    return f"{ANALYSIS_VERSION}:{index.tuning.fingerprint()}:{toc.generation}:{segments}"


def holds(index: LocaleIndex, article_id: str) -> bool:
    """Say whether the index has a document for *article_id*."""
    searcher, _scorer = index._current()
    return searcher.document_number(id=article_id) is not None
