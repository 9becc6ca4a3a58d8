"""Memory lookups scan in chunks (so other threads run between them) and rank as one scan."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from kbstudio.translation import memory

if TYPE_CHECKING:
    import pytest


def test_chunked_lookup_ranks_like_one_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "SCAN_CHUNK", 50)
    rng = random.Random(3)
    words = ["fee", "fees", "withdrawal", "network", "account", "the", "a", "of", "per", "is"]
    tm = memory.TranslationMemory("en", "es")
    for n in range(2000):
        tm.add(" ".join(rng.choice(words) for _ in range(rng.randint(3, 9))), f"t{n}")
    keys = [memory.normalize(u.source) for u in tm.units()]
    compared = 0
    for _ in range(200):
        query = " ".join(rng.choice(words) for _ in range(rng.randint(3, 9)))
        if tm.exact(query) is not None:
            continue
        one_scan = process.extract(query, keys, scorer=fuzz.ratio, score_cutoff=75, limit=3)
        found = tm.lookup(query, limit=3)
        assert [(memory.normalize(m.source), m.score) for m in found] == [
            (key, round(float(score), 1)) for key, score, _ in one_scan
        ]
        compared += bool(found)
    assert len(tm._chunks or []) == 40  # 2,000 sources in chunks of 50
    assert compared > 50  # most queries found fuzzy matches, spread over the chunks


def test_units_are_held_where_the_garbage_collector_stops_looking() -> None:
    """Full GC passes hold the GIL; a big memory of tracked objects made them long."""
    import gc

    tm = memory.TranslationMemory("en", "es")
    for n in range(100):
        tm.add(f"source {n}", f"target {n}", "approved:a/es")
    gc.collect()
    assert not gc.is_tracked(tm._units)
    assert not any(gc.is_tracked(unit) for unit in tm._units.values())
    assert tm.units()[0] == memory.Unit("source 0", "target 0", "approved:a/es")
    assert tm.lookup("source 7")[0].target == "target 7"
