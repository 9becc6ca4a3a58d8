"""BM25F top-N over a Whoosh index, vectorized: the same scores as Whoosh's BM25F, faster.

Whoosh scores a query posting by posting in Python; for top-10 previews over 10,000
articles that dominates the time. This reads each term's postings (docnums and weights,
block by block) once, keeps document lengths as arrays, and computes Whoosh's formula for
all documents at once:

    idf * w*(k1+1) / (w + k1*((1-b) + b*len/avglen))      (whoosh.scoring.bm25)

with idf and average lengths over the live documents (live_idf), decoded lengths and
stored (float32) weights; LiveBM25F gives Whoosh's own matchers the same numbers, and
tests/test_search_service.py checks the scores against Whoosh's own search.

A segment never changes once written (only its deletions do), so its lengths and postings
are cached per segment id and survive the small segments that each save adds.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

import numpy as np
from whoosh.scoring import BM25F, BM25FScorer

if TYPE_CHECKING:
    from collections.abc import Callable

CACHE_TERMS = 4_096
_EMPTY = np.empty(0, dtype=np.float64)
_SEGMENTS: OrderedDict[tuple[str, str], _SegmentData] = OrderedDict()
MAX_SEGMENTS = 256


class _SegmentData:
    """Lengths and postings of one field of one (immutable) segment."""

    def __init__(self, reader: Any, fieldname: str) -> None:
        self.fieldname = fieldname
        count = reader.doc_count_all()
        self.lengths = np.fromiter(
            (reader.doc_field_length(d, fieldname, 1) for d in range(count)),
            dtype=np.float64,
            count=count,
        )
        self._postings: OrderedDict[str, tuple[np.ndarray, np.ndarray]] = OrderedDict()

    def postings(self, reader: Any, term: str) -> tuple[np.ndarray, np.ndarray]:
        cached = self._postings.get(term)
        if cached is not None:
            self._postings.move_to_end(term)
            return cached
        ids: list[int] = []
        weights: list[float] = []
        if (self.fieldname, term) in reader:
            m = reader.postings(self.fieldname, term)
            # Deleted documents are masked by the caller: read the raw postings.
            while not hasattr(m, "_read_ids") and hasattr(m, "child"):
                m = m.child
            # Whole blocks at a time: the matcher's own per-posting calls are the cost.
            while m.is_active():
                m._read_ids()
                m._read_weights()
                ids.extend(m._ids)
                weights.extend(m._weights)
                m._next_block()
        found = (np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64))
        self._postings[term] = found
        if len(self._postings) > CACHE_TERMS:
            self._postings.popitem(last=False)
        return found


def live_idf(live_count: int, df: int) -> float:
    """Whoosh's BM25F idf, ``log(N / (df + 1)) + 1``, over the live documents only.

    Whoosh counts the slots of deleted documents too, so every save (a delete and an add)
    nudged every idf of the saved text's terms until the next merge: the ranking of a query
    changed with the edit history of unrelated articles, and a published site's search
    export changed in every term with every edit. Over live documents the ranking depends
    on what the index holds, not on how it got there.
    """
    return math.log(live_count / (df + 1)) + 1 if live_count else 0.0


def _segment_data(reader: Any, fieldname: str) -> _SegmentData:
    key = (reader.segment().segment_id(), fieldname)
    data = _SEGMENTS.get(key)
    if data is None:
        data = _SegmentData(reader, fieldname)
        _SEGMENTS[key] = data
        if len(_SEGMENTS) > MAX_SEGMENTS:
            _SEGMENTS.popitem(last=False)
    else:
        _SEGMENTS.move_to_end(key)
    return data


class LiveBM25F(BM25F):  # type: ignore[misc]
    """Whoosh's BM25F with idf and average field lengths over the live documents, taken
    from the TopScorer of the searcher asked (*stats*), so explanations and Whoosh's own
    search give the scores the ranking uses."""

    def __init__(self, stats: Callable[[Any], TopScorer], *, b: float, k1: float) -> None:
        super().__init__(B=b, K1=k1)
        self.stats = stats

    def idf(self, searcher: Any, fieldname: str, text: str) -> float:
        return self.stats(searcher.get_parent()).idf(fieldname, term_text(text))

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: float = 1) -> Any:
        found = super().scorer(searcher, fieldname, text, qf=qf)
        if isinstance(found, BM25FScorer):
            found.avgfl = self.stats(searcher.get_parent()).avg[fieldname]
        return found


def term_text(term: Any) -> str:
    """A term as Whoosh lists it (bytes from a segment's term list) as text."""
    return term.decode("utf-8") if isinstance(term, bytes) else str(term)


class TopScorer:
    """Scores weighted term queries over one opened searcher."""

    def __init__(self, searcher: Any, k1: float, b: float, fields: tuple[str, ...]) -> None:
        self.searcher = searcher
        self.k1 = k1
        self.count = searcher.doc_count_all()
        self.live = np.ones(self.count, dtype=bool)
        self._idf: dict[tuple[str, str], float] = {}
        # (segment reader, docnum offset, {field: segment data})
        self.segments: list[tuple[Any, int, dict[str, _SegmentData]]] = []
        self.norm: dict[str, np.ndarray] = {}
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            if reader.has_deletions():
                for d in reader.segment().deleted_docs():
                    self.live[offset + d] = False
            self.segments.append((reader, offset, {f: _segment_data(reader, f) for f in fields}))
        self.live_count = int(self.live.sum())
        self.avg: dict[str, float] = {}
        for f in fields:
            lengths = np.concatenate([data[f].lengths for _, _, data in self.segments] or [_EMPTY])
            # Whole-number lengths: the sum is exact, so is the average, in any order.
            total = float(lengths[self.live].sum())
            self.avg[f] = (total / self.live_count if self.live_count else 0.0) or 1.0
            self.norm[f] = k1 * ((1 - b) + b * lengths / self.avg[f])

    def _postings(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        parts = [data[fieldname].postings(reader, term) for reader, _, data in self.segments]
        offsets = [offset for _, offset, _ in self.segments]
        ids = np.concatenate([p[0] + o for p, o in zip(parts, offsets, strict=True)] or [_EMPTY])
        weights = np.concatenate([p[1] for p in parts] or [_EMPTY])
        return ids.astype(np.int64), weights

    def idf(self, fieldname: str, term: str) -> float:
        """The term's idf over the live documents (see live_idf)."""
        key = (fieldname, term)
        found = self._idf.get(key)
        if found is None:
            ids = self._postings(fieldname, term)[0]
            df = int(np.count_nonzero(self.live[ids])) if len(ids) else 0
            found = self._idf[key] = live_idf(self.live_count, df)
        return found

    def top(self, leaves: list[tuple[str, str, float]], limit: int) -> list[tuple[float, int]]:
        """(score, docnum) of the best *limit* documents, plus any tied with the last."""
        scores = np.zeros(self.count, dtype=np.float64)
        for fieldname, term, boost in leaves:
            ids, weights = self._postings(fieldname, term)
            if not len(ids):
                continue
            idf = self.idf(fieldname, term)
            norm = self.norm[fieldname][ids]
            scores[ids] += idf * ((weights * (self.k1 + 1)) / (weights + norm)) * boost
        scores[~self.live] = 0.0
        matched = np.flatnonzero(scores > 0)
        if len(matched) > limit:
            kth = np.partition(scores[matched], -limit)[-limit]
            matched = matched[scores[matched] >= kth - 1e-9]
        return [(float(scores[d]), int(d)) for d in matched]

    def total(self, leaves: list[tuple[str, str, float]]) -> int:
        hit = np.zeros(self.count, dtype=bool)
        for fieldname, term, _ in leaves:
            hit[self._postings(fieldname, term)[0]] = True
        return int((hit & self.live).sum())
