"""``manifest.json``: the SHA-256 of every file of the site, and each page's input
fingerprint. ``{"files": {path: entry}, "format": 1}``, one file a line, in path order.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

MANIFEST = "manifest.json"
_HEAD, _TAIL = '{"files":{\n', '\n},"format":1}\n'
_entry = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read(out: Path) -> tuple[dict[str, Any], str, str | None]:
    """The entries of the manifest of the site at *out*, its text and its SHA-256 (empty
    and None when there is none, or it is unreadable)."""
    try:
        data = (out / MANIFEST).read_bytes()
        files = json.loads(data).get("files", {})
        return dict(files), data.decode("utf-8"), digest(data)
    except (OSError, ValueError, AttributeError):
        return {}, "", None


def text(files: dict[str, Any]) -> str:
    """The manifest of *files*.

    One call of the C encoder, then a line break after each entry: ``},"`` occurs only
    between entries (an entry holds strings and lists of strings, and a string's ``"``
    is escaped). json.dumps(indent=...) takes the pure-Python encoder, which cost a third
    of a second for 33,000 files; an encoder call per entry, a tenth.
    """
    body = json.dumps(files, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return _HEAD + body[1:-1].replace('},"', '},\n"') + _TAIL


def patch(old: str, changes: dict[str, Any]) -> str | None:
    """text() of *old*'s files with *changes* made (path -> entry, or None: gone), by
    editing *old*'s lines: an incremental build changes a few entries of 33,000, and
    encoding them all again took a tenth of a second. None when *old* is not as text()
    makes it (the caller makes it whole)."""
    if not (old.startswith(_HEAD) and old.endswith(_TAIL)):
        return None
    body = old[len(_HEAD) : -len(_TAIL)]
    lines = body.split(",\n") if body else []
    try:
        for rel in sorted(changes):
            i = bisect.bisect_left(lines, rel, key=_path_of)
            here = i < len(lines) and _path_of(lines[i]) == rel
            entry = changes[rel]
            if entry is None:
                if here:
                    del lines[i]
            elif here:
                lines[i] = _line(rel, entry)
            else:
                lines.insert(i, _line(rel, entry))
    except ValueError:  # a line that is not one entry of ours
        return None
    return _HEAD + ",\n".join(lines) + _TAIL


def _line(rel: str, entry: Any) -> str:
    return f"{_entry(rel)}:{_entry(entry)}"


def _path_of(line: str) -> str:
    """The path a line is for. Paths are checked file names (_check_rel: ids, slugs and
    locale codes): none has a character JSON escapes, so the key is the path itself."""
    end = line.index('":{', 1)
    if not line.startswith('"') or "\\" in line[:end]:
        raise ValueError(line)
    return line[1:end]
