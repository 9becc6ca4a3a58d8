"""What a build leaves beside OUT for the next one (not in the site: it names index
segments and caches, which differ between workspaces holding the same content).

``.<OUT>.state/`` holds parts, each a JSON file named by its name and content
(``<name>.<hash>.json``), and ``index.json``: ``{"manifest": SHA-256 of the site's
manifest.json, "parts": {name: file}, "version": 3}``. The index is written last and
replaced in one step, so it never names a part half written; it belongs to the site whose
manifest it names, so a site replaced by other means (or a build killed after its swap)
leaves a state that is not used. A build rewrites only the parts that changed, and reads
a part only when it needs it: an incremental build of a 30,000-page site reads and writes
a few of them. A missing or unreadable part only makes the next build do more work.

Parts (their owners say what they hold): ``facts-<hex digit>`` (site.py, builder.py),
``search-<locale>`` and ``terms-<locale>`` (builder.py), ``site`` (builder.py),
``collect`` and ``collect-<n>`` (services/sitechanges.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from typing import TYPE_CHECKING, Any

from kbstudio.publishing import manifest

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

VERSION = 3  # 3: parts in a folder, tied to the manifest; 2: one file, facts by text_hash
INDEX = "index.json"


def folder(out: Path) -> Path:
    return out.with_name(f".{out.name}.state")


class State:
    """The last build's state, read a part at a time; empty when it does not describe the
    site at OUT (whose manifest.json has the SHA-256 *manifest*)."""

    def __init__(self, out: Path, manifest: str | None) -> None:
        self.manifest = manifest  # the site it was read for
        self.folder = folder(out)
        self._legacy = out.with_name(f".{out.name}.search-state.json")
        self._files: dict[str, str] = {}
        self._loaded: dict[str, Any] = {}
        if manifest is None:
            return
        try:
            index = json.loads((self.folder / INDEX).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        parts = index.get("parts") if isinstance(index, dict) else None
        if (
            index.get("version") == VERSION
            and index.get("manifest") == manifest
            and isinstance(parts, dict)
            and all(isinstance(v, str) and _safe(v) for v in parts.values())
        ):
            self._files = parts

    @classmethod
    def of_site(cls, out: Path) -> State:
        """The state of the site now at *out* (empty when there is none)."""
        try:
            text = (out / "manifest.json").read_bytes()
        except OSError:
            return cls(out, None)
        return cls(out, manifest.digest(text))

    def names(self) -> list[str]:
        return sorted(self._files)

    def get(self, name: str) -> Any:
        """The part *name*, or None when the last build left none (or it is unreadable)."""
        if name not in self._loaded:
            value = None
            if name in self._files:
                try:
                    value = json.loads((self.folder / self._files[name]).read_text("utf-8"))
                except (OSError, ValueError):
                    value = None
            self._loaded[name] = value
        return self._loaded[name]

    def save(self, manifest: str, parts: dict[str, Any], keep: Iterable[str] = ()) -> None:
        """The state of the site whose manifest has the SHA-256 *manifest*: *parts* as
        given, the parts named in *keep* as the last build left them, no others."""
        self.folder.mkdir(parents=True, exist_ok=True)
        files = {name: self._files[name] for name in keep if name in self._files}
        for name, value in parts.items():
            text = encode_state(value).encode("utf-8")
            files[name] = f"{name}.{hashlib.sha256(text).hexdigest()[:20]}.json"
            path = self.folder / files[name]
            if not path.exists():  # named by its content: one already there is this one
                _write(path, text)
        index = {"manifest": manifest, "parts": files, "version": VERSION}
        _write(self.folder / INDEX, json.dumps(index, sort_keys=True).encode("utf-8"))
        self._files, self._loaded = files, {}
        wanted = {*files.values(), INDEX}
        for path in self.folder.iterdir():
            if path.name not in wanted:
                with contextlib.suppress(OSError):
                    path.unlink() if path.is_file() else shutil.rmtree(path)
        with contextlib.suppress(OSError):
            self._legacy.unlink()  # version 2's single file


def _safe(name: str) -> bool:
    return "/" not in name and "\\" not in name and not name.startswith(".")


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


# Items per json.dumps call. One call over 30,000 pages' facts held the GIL for 50-90 ms
# (a C call never lets another thread in), freezing the studio's window while it published.
_PIECE = 2000


def encode_state(state: Any) -> str:
    """``json.dumps(state, sort_keys=True, ensure_ascii=False)``, a big dict (or a dict of
    big dicts) built in pieces."""
    if not isinstance(state, dict):
        return _dumps(state)
    if len(state) > _PIECE:
        keys = sorted(state)
        return (
            "{"
            + ", ".join(
                _dumps({k: state[k] for k in keys[i : i + _PIECE]})[1:-1]
                for i in range(0, len(keys), _PIECE)
            )
            + "}"
        )
    if not any(isinstance(v, dict) and len(v) > _PIECE for v in state.values()):
        return _dumps(state)
    return "{" + ", ".join(f"{_dumps(k)}: {encode_state(state[k])}" for k in sorted(state)) + "}"


def _dumps(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
