"""How the studio keeps the garbage collector's full passes out of its background work.

CPython's cyclic collector runs a full (oldest-generation) pass in whichever thread
allocates, holding the GIL throughout: a worker building 30,000 pages or loading a
translation memory froze the window for 0.1-0.15 s per pass, each pass walking everything
the op held. While a bulk op runs (`hold()`), automatic full passes are off; the young
generations are still collected, so short-lived garbage is freed as usual. When the last
held op ends, the thresholds come back and one full collection runs there, on the worker,
after the op's data is released: it frees what cycles the op left and counts in the op's
own time, not some later moment's. Then glibc is asked to hand its free pages back to the
system (``malloc_trim``): a publish of 30,000 pages otherwise left the process 150-250 MB
larger, in freed blocks of the worker thread's malloc arena.
"""

from __future__ import annotations

import ctypes
import gc
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

# Full passes happen after this many young (generation 1) collections: never, in practice.
HELD_THRESHOLD = 1 << 30

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, int, int] | None = None
_trim: Callable[[int], int] | Literal[False] | None = None


def held() -> bool:
    """Whether some op holds the full passes back now."""
    return _depth > 0


@contextmanager
def hold() -> Iterator[None]:
    """No automatic full collection until the block (and every other held one) ends."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(_saved[0], _saved[1], HELD_THRESHOLD)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            last = _depth == 0
            if last and _saved is not None:
                gc.set_threshold(*_saved)
                _saved = None
        if last:
            gc.collect()
            trim_heap()


def trim_heap() -> bool:
    """Give the C heap's free pages back to the system (glibc only; False elsewhere)."""
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False


def _malloc_trim() -> Callable[[int], int] | None:
    global _trim
    if _trim is None:
        try:
            # The symbols the process already has (libc's among them); ctypes releases
            # the GIL during the call, so the window keeps running while it trims.
            _trim = getattr(ctypes.CDLL(None), "malloc_trim", False)
        except OSError:
            _trim = False
    return _trim or None
