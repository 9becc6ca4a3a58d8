"""What a build leaves beside OUT for the next one (not in the site: it names index
segments and caches, which differ between workspaces holding the same content).

``.<OUT>.search-state.json``: ``{"search": {locale: [inputs, SHA-256 of meta.js, {term
key: [signature, entry size]}]}, "facts": {text_hash: [kb: link targets, heading anchors
or null]}, "version": 2}``. A missing or unreadable file only makes the next build do more
work.
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
    tmp.write_text(encode_state({**state, "version": VERSION}), encoding="utf-8")
    tmp.replace(path)


# Items per json.dumps call. One call over 30,000 pages' facts held the GIL for 50-90 ms
# (a C call never lets another thread in), freezing the studio's window while it published.
_PIECE = 2000


def encode_state(state: dict[str, Any]) -> str:
    """``json.dumps(state, sort_keys=True, ensure_ascii=False)``, built in pieces."""
    parts = []
    for key in sorted(state):
        value = state[key]
        if isinstance(value, dict) and len(value) > _PIECE:
            keys = sorted(value)
            text = (
                "{"
                + ", ".join(
                    _dumps({k: value[k] for k in keys[i : i + _PIECE]})[1:-1]
                    for i in range(0, len(keys), _PIECE)
                )
                + "}"
            )
        else:
            text = _dumps(value)
        parts.append(f"{_dumps(key)}: {text}")
    return "{" + ", ".join(parts) + "}"


def _dumps(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
