"""Everything the published site's search needs from one index, as plain values.

The site ranks in the browser with the same numbers the preview uses: each term's idf
and each field's average length over the live documents, as the preview's scorer computes
them (scoring.live_idf), the stored (float32) weights and the decoded field lengths.
Deleted documents are left out; the rest are numbered in
article id order, so "ties broken by article id" is "ties broken by number".
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from kbstudio.search.analysis import ANALYSIS_VERSION
from kbstudio.search.scoring import live_idf, term_text

if TYPE_CHECKING:
    from pathlib import Path

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
    Each segment is read from Whoosh once and kept beside the index (see SegmentDump):
    after an edit, only the new small segment is read.
    """
    searcher, scorer = index._current()
    reader = searcher.reader()
    slots = reader.doc_count_all()
    cache = index.path.with_name(index.path.name + CACHE_SUFFIX)
    leaves = [
        (_segment_dump(sub.reader(), cache), offset) for sub, offset in searcher.leaf_searchers()
    ]
    _sweep(cache, {seg.name for seg, _ in leaves})
    live = [d for d in range(slots) if not reader.is_deleted(d)]
    slot_ids = [seg_id for seg, _ in leaves for seg_id in seg.ids]
    order = sorted(live, key=slot_ids.__getitem__)
    number = np.full(slots, -1, dtype=np.int64)  # document slot -> number, -1 if deleted
    number[np.asarray(order, dtype=np.int64)] = np.arange(len(order), dtype=np.int64)
    lengths = {}
    for f in FIELDS:
        per_slot = np.concatenate([seg.lengths[f] for seg, _ in leaves]) if leaves else np.zeros(0)
        picked = per_slot[np.asarray(order, dtype=np.int64)] if order else per_slot[:0]
        lengths[f] = (scorer.avg[f], tuple(picked.tolist()))
    found: dict[tuple[str, str], list[tuple[np.ndarray, np.ndarray]]] = {}
    for seg, offset in leaves:
        numbers = number[seg.slots + offset]
        for i, key in enumerate(seg.keys):
            a, b = int(seg.starts[i]), int(seg.starts[i + 1])
            docs = numbers[a:b]
            keep = docs >= 0
            found.setdefault(key, []).append((docs[keep], seg.weights[a:b][keep]))
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
            # The scorer's idf (scoring.live_idf) from the postings at hand: asking the
            # scorer would read every term's postings from Whoosh again.
            idf = live_idf(len(order), len(docs))
            postings[(fieldname, term)] = (idf, docs, weights)
    analyzer = index.analyzer
    return IndexDump(
        doc_ids=tuple(slot_ids[d] for d in order),
        lengths=lengths,
        postings=postings,
        stopwords=tuple(sorted(analyzer.stopwords)),
        synonyms=dict(analyzer.synonyms),
    )


# -- one segment's content, kept between dumps ----------------------------------------

CACHE_SUFFIX = ".dump"  # <index folder>.dump/<segment id>.<CACHE_FORMAT>.npz
CACHE_FORMAT = "v2"
_SEP = "\x1f"  # between keys and ids in the cache (analysis never keeps control characters)


@dataclass(frozen=True)
class SegmentDump:
    """Everything a dump needs from one Whoosh segment, deleted documents included (they
    are dropped when the segments are combined, as deletions change but segments do not).

    A segment never changes once written, so this is read from Whoosh once and kept in
    the index's cache folder under the segment's id.
    """

    name: str
    keys: list[tuple[str, str]]  # (field, term), as Whoosh lists them
    starts: np.ndarray  # where each key's postings start in slots/weights; one more: the end
    slots: np.ndarray  # segment-local document numbers
    weights: np.ndarray
    ids: list[str]  # article id per slot
    lengths: dict[str, np.ndarray]  # field -> length per slot


def _segment_dump(leaf: Any, cache: Path) -> SegmentDump:
    segment = leaf.segment() if hasattr(leaf, "segment") else None
    if segment is None:  # not a plain segment reader: read it, keep nothing
        return _read_segment(leaf, "")
    name = f"{segment.segment_id()}.{CACHE_FORMAT}"
    path = cache / f"{name}.npz"
    try:
        with np.load(path) as data:
            return _from_arrays(name, data)
    except (OSError, ValueError, KeyError):
        pass  # not kept yet, or unreadable: read the segment again
    dump = _read_segment(leaf, name)
    _save(dump, path)
    return dump


def _read_segment(leaf: Any, name: str) -> SegmentDump:
    keys: list[tuple[str, str]] = []
    starts, slots, weights = [0], [], []
    for fieldname, raw in leaf.all_terms():
        if fieldname in FIELDS:
            term = term_text(raw)
            docs, w = _read_postings(leaf, fieldname, raw)
            keys.append((fieldname, term))
            slots.append(docs)
            weights.append(w)
            starts.append(starts[-1] + len(docs))
    count = leaf.doc_count_all()
    ids = [_stored_id(leaf, d) for d in range(count)]
    return SegmentDump(
        name=name,
        keys=keys,
        starts=np.asarray(starts, dtype=np.int64),
        slots=np.concatenate(slots) if slots else np.zeros(0, dtype=np.int64),
        weights=np.concatenate(weights) if weights else np.zeros(0, dtype=np.float64),
        ids=ids,
        lengths={
            f: np.asarray([float(leaf.doc_field_length(d, f, 1)) for d in range(count)])
            for f in FIELDS
        },
    )


def _stored_id(leaf: Any, docnum: int) -> str:
    fields = leaf.stored_fields(docnum) or {}
    return str(fields.get("id", ""))


def _save(dump: SegmentDump, path: Path) -> None:
    """Written under a temporary name and renamed: a reader never meets half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = _SEP.join(f"{f}{_SEP}{t}" for f, t in dump.keys).encode("utf-8")
    ids = _SEP.join(dump.ids).encode("utf-8")
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
    try:
        arrays: dict[str, Any] = {
            "keys": np.frombuffer(keys, dtype=np.uint8),
            "ids": np.frombuffer(ids, dtype=np.uint8),
            "starts": dump.starts,
            "slots": dump.slots.astype(np.int32),  # half the disk: a segment has < 2**31 slots
            "weights": _narrow(dump.weights),
        }
        arrays.update({f"len_{f}": dump.lengths[f] for f in FIELDS})
        np.savez(tmp, **arrays)
        os.replace(tmp, path)
    except OSError:  # a cache: the next dump reads the segment again
        tmp.unlink(missing_ok=True)


def _narrow(weights: np.ndarray) -> np.ndarray:
    """Whoosh stores weights as float32: kept so when that loses nothing (it never should)."""
    narrow = weights.astype(np.float32)
    return narrow if np.array_equal(narrow.astype(np.float64), weights) else weights


def _from_arrays(name: str, data: Any) -> SegmentDump:
    words = data["keys"].tobytes().decode("utf-8")
    parts = words.split(_SEP) if words else []
    ids_text = data["ids"].tobytes().decode("utf-8")
    lengths = {f: data[f"len_{f}"] for f in FIELDS}
    count = len(lengths[FIELDS[0]])
    ids = ids_text.split(_SEP) if count else []
    starts = data["starts"]
    if len(parts) % 2 or len(starts) != len(parts) // 2 + 1 or len(ids) != count:
        raise ValueError(f"damaged search dump cache {name}")
    return SegmentDump(
        name=name,
        keys=list(zip(parts[0::2], parts[1::2], strict=True)),
        starts=starts,
        slots=data["slots"].astype(np.int64),
        weights=data["weights"].astype(np.float64),
        ids=ids,
        lengths=lengths,
    )


def _sweep(cache: Path, keep: set[str]) -> None:
    """Drop what is kept for segments the index no longer has (merged away, rebuilt)."""
    if not cache.is_dir():
        return
    for path in cache.glob("*.npz"):
        if path.name.removesuffix(".npz") not in keep and ".tmp." not in path.name:
            path.unlink(missing_ok=True)


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
