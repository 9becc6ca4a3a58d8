"""The search dump keeps each Whoosh segment's content beside the index: a dump after an
edit reads only the new segment, and gives what a dump from scratch gives."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import numpy as np
import pytest

from kbstudio.search import dump as dumpmod
from kbstudio.search.analysis import analyzer_for
from kbstudio.search.index import IndexDoc, LocaleIndex
from kbstudio.search.tuning import load_tuning
from tests.conftest import ROOT

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def index(tmp_path: Path) -> LocaleIndex:
    tuning = load_tuning(ROOT / "search_index", "en", [])
    idx = LocaleIndex(
        tmp_path / "en", analyzer_for("en", tuning.synonyms), tuning, view="published"
    )
    idx.rebuild([_doc(f"a{n}", f"deposit withdraw fee number{n} " * (n + 1)) for n in range(8)])
    return idx


def _doc(article_id: str, text: str) -> IndexDoc:
    return IndexDoc(article_id=article_id, title=article_id, keywords=[], markdown=text)


def _cache(index: LocaleIndex) -> Path:
    return index.path.with_name(index.path.name + dumpmod.CACHE_SUFFIX)


def _same(a: dumpmod.IndexDump, b: dumpmod.IndexDump) -> None:
    assert a.doc_ids == b.doc_ids
    assert a.lengths == b.lengths
    assert sorted(a.postings) == sorted(b.postings)
    for key, (idf, docs, weights) in a.postings.items():
        other = b.postings[key]
        assert idf == other[0], key
        assert np.array_equal(docs, other[1]), key
        assert np.array_equal(weights, other[2]), key


def _fresh(index: LocaleIndex) -> dumpmod.IndexDump:
    """A dump with nothing kept: every segment read from Whoosh."""
    shutil.rmtree(_cache(index), ignore_errors=True)
    return dumpmod.dump_index(index)


def test_a_kept_segment_gives_the_same_dump(
    index: LocaleIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _fresh(index)
    assert len(list(_cache(index).glob("*.npz"))) == 1
    read: list[str] = []
    original = dumpmod._read_segment
    monkeypatch.setattr(
        dumpmod, "_read_segment", lambda leaf, name: read.append(name) or original(leaf, name)
    )
    _same(dumpmod.dump_index(index), first)
    assert read == []  # from the cache
    index.update([_doc("a3", "deposit fee changed entirely")])
    after = dumpmod.dump_index(index)
    assert len(read) == 1  # only the new one-document segment
    assert after.postings[("all", "chang")][1].tolist() == [3]
    _same(after, _fresh(index))


def test_a_damaged_cache_file_is_read_again(index: LocaleIndex) -> None:
    first = _fresh(index)
    (kept,) = _cache(index).glob("*.npz")
    kept.write_bytes(b"not an npz file")
    _same(dumpmod.dump_index(index), first)
    assert kept.stat().st_size > 100  # written again


def test_segments_merged_away_leave_the_cache(index: LocaleIndex) -> None:
    _fresh(index)
    for n in range(3):
        index.update([_doc(f"a{n}", f"edit {n}")])
    dumpmod.dump_index(index)
    assert len(list(_cache(index).glob("*.npz"))) == 4
    assert index.maintain(max_segments=1)
    merged = dumpmod.dump_index(index)
    assert len(list(_cache(index).glob("*.npz"))) == 1
    _same(merged, _fresh(index))


def test_the_dump_has_the_scorers_idf_and_average_lengths(index: LocaleIndex) -> None:
    """What the published site ranks with is what the preview ranks with, deletions or not."""
    index.update([_doc("a3", "deposit fee changed entirely")])
    dump = dumpmod.dump_index(index)
    _searcher, scorer = index._current()
    assert scorer.live_count < scorer.count  # a deleted version is in the index
    for (fieldname, term), (idf, _docs, _weights) in dump.postings.items():
        assert idf == scorer.idf(fieldname, term), (fieldname, term)
    for fieldname, (avg, _lengths) in dump.lengths.items():
        assert avg == scorer.avg[fieldname]
