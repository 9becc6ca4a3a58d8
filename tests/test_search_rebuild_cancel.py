"""A search-index rebuild can be cancelled, and the index it was replacing stays whole."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import pytest

from kbstudio.search.index import IndexDoc, RebuildCancelledError

if TYPE_CHECKING:
    from kbstudio.services.workspace import Workspace


def _hits(ws: Workspace, text: str) -> list[str]:
    return [h.article_id for h in ws.search.search(text, locale="en", limit=50).hits]


def test_cancel_mid_build_keeps_the_old_index(sample_ws: Workspace) -> None:
    before = _hits(sample_ws, "withdrawal")
    assert before
    index = sample_ws.search.index("en", "working")
    docs = [
        IndexDoc(f"synthetic-{n}", f"Zebra crossing {n}", [], "zebra stripes\n") for n in range(450)
    ]
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int, total: int, label: str) -> None:
        seen.append(done)
        cancel.set()  # the user presses Cancel after the first progress report

    with pytest.raises(RebuildCancelledError):
        index.rebuild(docs, total=len(docs), progress=progress, cancel=cancel)
    assert seen == [200]  # stopped at the next check, before the build finished
    assert not index.path.with_name(index.path.name + ".building").exists()
    assert _hits(sample_ws, "withdrawal") == before
    assert not _hits(sample_ws, "zebra")


def test_service_rebuild_stops_before_the_next_index(sample_ws: Workspace) -> None:
    cancel = threading.Event()
    built: list[str] = []

    def progress(done: int, total: int, label: str) -> None:
        if done == total:  # the first index finished: cancel before the next starts
            built.append(label)
            cancel.set()

    with pytest.raises(RebuildCancelledError) as caught:
        sample_ws.search.rebuild(progress=progress, cancel=cancel)
    assert caught.value.code == "cancelled"
    assert len(built) == 1
    assert _hits(sample_ws, "withdrawal")
