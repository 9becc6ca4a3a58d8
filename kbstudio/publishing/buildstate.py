"""What a build leaves beside OUT for the next one (not in the site: it names index
segments and caches, which differ between workspaces holding the same content).

``.<OUT>.search-state.json``: ``{"search": {locale: [inputs, SHA-256 of meta.js]},
"facts": {text_hash: [kb: link targets, heading anchors or null]}, "version": 2}``. A missing or
unreadable file only makes the next build do more work.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path


def _path(out: Path) -> Path:
    return out.with_name(f".{out.name}.search-state.json")


VERSION = 2  # 2: facts by text_hash (title and body), not by the body's digest


def read_state(out: Path) -> dict[str, Any]:
    try:
        data = json.loads(_path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("version") == VERSION else {}


def write_state(out: Path, state: dict[str, Any]) -> None:
    path = _path(out)
    tmp = path.with_name(path.name + ".tmp")
    data = {**state, "version": VERSION}
    tmp.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
