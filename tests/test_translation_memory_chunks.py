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
