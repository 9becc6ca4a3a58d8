"""Automatic garbage collection paused for a bulk operation (a publish).

An incremental publish of a 30,000-text site makes a few hundred thousand objects that
live until it ends (the texts kept from the last build, the manifest, the build state).
Each of CPython's automatic collections walks the young ones and promotes them, and the
full passes walk all of them: 0.4 s of a one-second republish went to collections that
found almost nothing (reference counting frees the rest). While paused, none runs; the
collector comes back when the last paused block ends, and frees any cycles then.
Processes forked meanwhile turn it back on (the render workers: publishing/builder.py).
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

_lock = threading.Lock()
_depth = 0
_was_enabled = True


@contextmanager
def paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
