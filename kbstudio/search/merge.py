"""The background merge of the small segments that saves leave in an index.

Run as `python -m kbstudio.search.merge INDEX_DIR` by LocaleIndex.update, so that the
merge (a third of a second of pure Python for a zh-Hans index) holds neither the saving
process's GIL nor its time.
"""

from __future__ import annotations

import sys
from typing import Any

from whoosh import index as windex
from whoosh.reading import SegmentReader

MERGE_TINY_AT = 32
TINY = 1_000
# How long a writer waits for another process's Whoosh lock before failing.
WRITER_TIMEOUT = 30.0


def merge_tiny_segments(path: str) -> None:
    """Merge the tiny segments of the index in *path*."""
    writer = windex.open_dir(path).writer(timeout=WRITER_TIMEOUT)
    try:
        writer.commit(mergetype=_merge_tiny)
    except BaseException:
        writer.cancel()
        raise


def _merge_tiny(writer: Any, segments: list[Any]) -> list[Any]:
    """Merge policy of the background merge: the tiny segments, once MERGE_TINY_AT pile up.

    Each save adds a one-document segment. Merging them costs about as much as fifteen
    saves (the fixed cost of each segment's files), so it waits for 32 of them and runs
    in another process (LocaleIndex.update); searches handle dozens of small segments well
    (their readers and postings are cached), and closing the workspace merges them anyway
    (SearchService.close). docs/performance.md has the numbers.
    """
    tiny = [seg for seg in segments if seg.doc_count_all() < TINY]
    if len(tiny) < MERGE_TINY_AT:
        return segments
    for seg in tiny:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [seg for seg in segments if seg not in tiny]


if __name__ == "__main__":
    merge_tiny_segments(sys.argv[1])
