"""The background merge: built without the index's lock, swapped in under it.

Saves that land while the merged segment is being built must neither wait for it nor be
undone by it: what they deleted from the small segments stays deleted after the swap.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kbstudio.search import merge
from kbstudio.search.analysis import analyzer_for
from kbstudio.search.index import IndexDoc, LocaleIndex
from kbstudio.search.tuning import load_tuning

TUNING = Path(__file__).resolve().parents[1] / "search_index"


@pytest.fixture
def index(tmp_path: Path) -> LocaleIndex:
    tuning = load_tuning(TUNING, "zh-Hans", [])
    idx = LocaleIndex(
        tmp_path / "zh-Hans", analyzer_for("zh-Hans", tuning.synonyms), tuning, view="working"
    )
    idx.rebuild([_doc("big-0", "大段落 提现 说明")])
    return idx


def _doc(article_id: str, text: str) -> IndexDoc:
    return IndexDoc(article_id=article_id, title=article_id, keywords=[], markdown=text)


def _ids(index: LocaleIndex, query: str) -> list[str]:
    return [hit.article_id for hit in index.search(query, limit=50).hits]


def _tiny_segments(index: LocaleIndex, count: int) -> None:
    """*count* saves, each leaving a one-document segment."""
    for n in range(count):
        index.update([_doc(f"a{n}", f"充值 记录 zqa{n}x")])


def _snapshot(index: LocaleIndex) -> list[object]:
    from whoosh import index as windex

    toc = windex.open_dir(str(index.path))._read_toc()
    return [seg for seg in toc.segments if seg.doc_count_all() < merge.TINY]


def test_saves_during_the_merge_stay_saved(index: LocaleIndex, tmp_path: Path) -> None:
    from whoosh import index as windex

    _tiny_segments(index, 6)
    tiny = _snapshot(index)
    ix = windex.open_dir(str(index.path))
    folder = tmp_path / "building"
    merged = merge._build(ix, ix.schema, tiny, folder)
    # Meanwhile, a writer replaces a2 and removes a4; it did not wait for the merge.
    index.update([_doc("a2", "提币 手续费 已更新")], remove=["a4"])
    assert merge._swap_in(index.path, tiny, merged, folder)
    # The rebuilt one-document segment counts as tiny too: merged, plus a2's new one.
    assert index.segment_count() == 2
    assert _ids(index, "手续费") == ["a2"]
    assert "a2" not in _ids(index, "zqa2x")  # its old text is gone, not back from the merge
    assert _ids(index, "zqa4x") == []
    assert sorted(_ids(index, "充值")) == ["a0", "a1", "a3", "a5"]
    assert index.doc_count() == 6  # big-0, a0-a3, a5


def test_the_merge_gives_way_when_the_index_changed_under_it(
    index: LocaleIndex, tmp_path: Path
) -> None:
    from whoosh import index as windex

    _tiny_segments(index, 4)
    tiny = _snapshot(index)
    ix = windex.open_dir(str(index.path))
    merged = merge._build(ix, ix.schema, tiny, tmp_path / "building")
    assert index.maintain(max_segments=1)  # another merge got there first
    assert not merge._swap_in(index.path, tiny, merged, tmp_path / "building")
    assert index.segment_count() == 1
    assert sorted(_ids(index, "充值")) == ["a0", "a1", "a2", "a3"]


def test_a_merge_in_another_process_merges_the_tiny_segments(index: LocaleIndex) -> None:
    _tiny_segments(index, merge.MERGE_TINY_AT)
    # The save that made them MERGE_TINY_AT started the merge process.
    assert index.wait_for_merge() == 0
    assert index.segment_count() == 1
    assert len(_ids(index, "充值")) == merge.MERGE_TINY_AT
    # Too few tiny segments: nothing to do.
    assert not merge.merge_tiny_segments(index.path)
    # No folder of the merge is left behind.
    assert [p.name for p in index.path.parent.iterdir()] == ["zh-Hans"]


def test_folders_of_dead_merges_are_swept(index: LocaleIndex) -> None:
    dead = index.path.with_name(f"{index.path.name}{merge.BUILDING}999999999")
    dead.mkdir()
    (dead / "MAIN_x.seg").write_bytes(b"half a segment")
    mine = index.path.with_name(f"{index.path.name}{merge.BUILDING}{os.getpid()}")
    mine.mkdir()
    merge.merge_tiny_segments(index.path)
    assert not dead.exists()
    assert mine.exists()  # a live process's merge is left alone


def test_the_dump_numbers_postings_in_article_order_after_a_merge(index: LocaleIndex) -> None:
    """A merge appends re-indexed texts after the others: one segment whose documents are
    not in article id order. The published site's export needs each term's postings in
    document-number order (it writes gaps), so the dump must sort them."""
    from kbstudio.search.dump import dump_index

    _tiny_segments(index, 3)
    index.update([_doc("a0", "充值 记录 again")])  # a0 now sorts first but comes last
    assert index.maintain(max_segments=1)
    dump = dump_index(index)
    assert list(dump.doc_ids) == sorted(dump.doc_ids)
    for key, (_idf, docs, _weights) in dump.postings.items():
        assert list(docs) == sorted(set(docs.tolist())), key
    docs = dump.postings[("all", "充值")][1].tolist()
    assert [dump.doc_ids[d] for d in docs] == ["a0", "a1", "a2"]


def _segments(index: LocaleIndex) -> list[tuple[str, int, int]]:
    from whoosh import index as windex

    toc = windex.open_dir(str(index.path))._read_toc()
    return [(seg.segment_id(), seg.doc_count_all(), seg.doc_count()) for seg in toc.segments]


def test_maintenance_leaves_the_biggest_segment_alone(tmp_path: Path) -> None:
    """Its dump is kept by segment id: rewriting it made the next publish read it again."""
    tuning = load_tuning(TUNING, "zh-Hans", [])
    index = LocaleIndex(
        tmp_path / "zh-Hans", analyzer_for("zh-Hans", tuning.synonyms), tuning, view="working"
    )
    index.rebuild([_doc(f"big-{n}", f"大段落 提现 说明 {n}") for n in range(20)])
    (big,) = _segments(index)
    _tiny_segments(index, 9)
    index.update([_doc("big-3", "充值 again")])  # one of the big one's documents, replaced
    assert index.maintain()
    after = _segments(index)
    assert len(after) == 2
    assert after[0][:2] == big[:2]  # the same segment (one document deleted since)
    assert after[1][1] == 10  # the saves' documents, in one
    assert sorted(_ids(index, "充值")) == sorted([*(f"a{n}" for n in range(9)), "big-3"])
    # Once a fifth of the biggest one's documents are deleted, all are merged.
    for n in range(4, 12):
        index.update([_doc(f"big-{n}", "充值 again")])
    _tiny_segments(index, 9)
    assert index.maintain()
    ((_, slots, live),) = _segments(index)
    assert slots == live == 29
