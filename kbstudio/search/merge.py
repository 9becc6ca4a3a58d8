"""The background merge of the small segments that saves leave in an index.

Run as `python -m kbstudio.search.merge INDEX_DIR` by LocaleIndex.update, so that the
merge (a third of a second of pure Python for a zh-Hans index) holds neither the saving
process's GIL nor its time.

Nor its index: Whoosh's own merge runs inside a writer, holding the index's write lock
for the whole merge, so every save that came meanwhile waited for it (a tenth of the
saves of a busy writer). Here the merged segment is built without the lock, in a folder
of its own, from the segments as they were; the lock is taken only to swap it in, and
the documents that saves deleted from the small segments meanwhile are deleted from the
merged one too.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files
from whoosh.reading import SegmentReader
from whoosh.util import filelock

MERGE_TINY_AT = 32
TINY = 1_000
# How long a writer waits for another process's Whoosh lock before failing, and how
# often it looks (Whoosh's default, a tenth of a second, is a whole save).
WRITER_TIMEOUT = 30.0
WRITER_DELAY = 0.002
BUILDING = ".merging-"


def merge_tiny_segments(path: Path) -> bool:
    """Merge the tiny segments of the index in *path*; say whether it merged.

    It does not when fewer than MERGE_TINY_AT are left, or when the index changed under
    the merge in a way it cannot follow (another merge, a rebuild): nothing is lost then,
    the segments stay as they are.
    """
    _sweep(path)
    ix = windex.open_dir(str(path))
    snapshot = ix._read_toc()
    tiny = [seg for seg in snapshot.segments if seg.doc_count_all() < TINY]
    if len(tiny) < MERGE_TINY_AT:
        return False
    folder = path.with_name(f"{path.name}{BUILDING}{os.getpid()}")
    shutil.rmtree(folder, ignore_errors=True)
    try:
        merged = _build(ix, snapshot.schema, tiny, folder)
        return _swap_in(path, tiny, merged, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _build(ix: Any, schema: Any, tiny: list[Any], folder: Path) -> Any:
    """One segment of the live documents of *tiny*, written in *folder*."""
    folder.mkdir()
    out = windex.create_in(str(folder), schema, indexname=ix.indexname)
    writer = out.writer()
    try:
        for seg in tiny:
            reader = SegmentReader(ix.storage, schema, seg)
            writer.add_reader(reader)
            reader.close()
        writer.commit(merge=False)
    except BaseException:
        writer.cancel()
        raise
    (merged,) = out._read_toc().segments
    return merged


def _swap_in(path: Path, tiny: list[Any], merged: Any, folder: Path) -> bool:
    ix = windex.open_dir(str(path))
    lock = ix.lock("WRITELOCK")
    if not filelock.try_for(lock.acquire, timeout=WRITER_TIMEOUT, delay=WRITER_DELAY):
        return False
    try:
        toc = ix._read_toc()
        current = {seg.segment_id(): seg for seg in toc.segments}
        if any(seg.segment_id() not in current for seg in tiny):
            return False
        _carry_deletions(tiny, current, merged)
        files = merged.list_files(FileStorage(str(folder)))
        for name in files:
            os.replace(folder / name, path / name)
        gone = {seg.segment_id() for seg in tiny}
        segments = [seg for seg in toc.segments if seg.segment_id() not in gone] + [merged]
        TOC(toc.schema, segments, toc.generation + 1).write(ix.storage, ix.indexname)
        clean_files(ix.storage, ix.indexname, toc.generation + 1, segments)
        return True
    finally:
        lock.release()


def _carry_deletions(tiny: list[Any], current: dict[str, Any], merged: Any) -> None:
    """Delete from *merged* what saves deleted from the small segments after the snapshot.

    The merged segment holds each small segment's live documents in order (that is how
    Whoosh's add_reader copies them), so a document's new number follows from the count
    of live documents before it.
    """
    docnum = 0
    for old in tiny:
        now = current[old.segment_id()]
        for n in range(old.doc_count_all()):
            if old.is_deleted(n):
                continue
            if now.is_deleted(n):
                merged.delete_document(docnum)
            docnum += 1
    if docnum != merged.doc_count_all():
        raise RuntimeError(f"merged {merged.doc_count_all()} documents, expected {docnum}")


def _sweep(path: Path) -> None:
    """Remove the folders of merges whose process died (killed, or the machine stopped)."""
    for folder in path.parent.glob(f"{path.name}{BUILDING}*"):
        pid = folder.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


if __name__ == "__main__":
    merge_tiny_segments(Path(sys.argv[1]))
