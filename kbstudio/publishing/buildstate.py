"""What a build leaves beside OUT for the next one (not in the site: it names index
segments and caches, which differ between workspaces holding the same content).

``.<OUT>.search-state.json``: ``{"search": {locale: [inputs, SHA-256 of meta.js]},
"facts": {body digest: [kb: link targets, heading anchors or null]}}``. A missing or
unreadable file only makes the next build do more work.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path


def _path(out: Path) -> Path:
    return out.with_name(f".{out.name}.search-state.json")


def read_state(out: Path) -> dict[str, Any]:
    try:
        data = json.loads(_path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_state(out: Path, state: dict[str, Any]) -> None:
    path = _path(out)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(state, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
