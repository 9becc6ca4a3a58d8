"""The build state beside a site: written in pieces, read back as json.dumps would give it."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from kbstudio.publishing import buildstate

if TYPE_CHECKING:
    from pathlib import Path


def _state(pages: int) -> dict[str, object]:
    facts = {
        f"{n * 7919 % 100_003:064x}": [[f"page-{n % 97}", "提现"], None if n % 3 else ["a"]]
        for n in range(pages)
    }
    return {"search": {"en": ["inputs", "digest"], "zh-Hans": []}, "facts": facts}


def test_the_state_in_pieces_is_exactly_one_json_dumps(tmp_path: Path) -> None:
    for pages in (0, 1, buildstate._PIECE, buildstate._PIECE + 1, 3 * buildstate._PIECE + 17):
        state = _state(pages)
        whole = json.dumps(state, sort_keys=True, ensure_ascii=False)
        assert buildstate.encode_state(state) == whole
        out = tmp_path / f"site-{pages}"
        buildstate.write_state(out, state)
        assert buildstate.read_state(out) == {**state, "version": buildstate.VERSION}
