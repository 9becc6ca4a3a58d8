"""Swapping a new site in for the old one, and deleting the old one afterwards.

The new site is complete in a folder beside OUT before anything at OUT changes; on Linux
the two folders trade places in one step (renameat2 RENAME_EXCHANGE), elsewhere by two
renames. The replaced site is renamed aside and deleted in a background thread.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import itertools
import os
import shutil
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where that is not available."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(rc == 0)


def swap(tmp: Path, out: Path) -> bool:
    """Put the new site at *out*. True when the two traded places in one step: *tmp* then
    holds the old site, for the caller to keep or discard(); otherwise the old one is
    deleted here, once the new one is there."""
    if not out.exists():
        tmp.rename(out)
        return False
    if _exchange(tmp, out):
        return True
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    out.rename(old)
    tmp.rename(out)
    discard(old, out)
    return False


# -- deleting the old site, after the swap

_CLEANERS: dict[Path, threading.Thread] = {}  # old site being deleted -> its thread
_counter = itertools.count()


def _trash_prefix(out: Path) -> str:
    return f".{out.name}.old-"


def discard(old: Path, out: Path) -> None:
    """Delete the replaced site in a background thread: the new one is already live, and
    unlinking tens of thousands of files took longer than the rest of an incremental
    build. Renamed first (one step) so the next build never meets it half deleted; a
    process that exits still waits for the thread (not a daemon), and what a killed
    process left behind is removed by the next build (remove_leftovers)."""
    trash = out.with_name(f"{_trash_prefix(out)}{os.getpid()}-{next(_counter)}")
    try:
        old.rename(trash)
    except OSError:
        shutil.rmtree(old, ignore_errors=True)
        return
    thread = threading.Thread(target=shutil.rmtree, args=(trash, True), name="kb-site-cleanup")
    _CLEANERS[trash] = thread
    thread.start()


def remove_leftovers(out: Path) -> None:
    """Old sites that a killed process did not finish deleting."""
    if not out.parent.exists():
        return
    for path in out.parent.glob(f"{glob.escape(_trash_prefix(out))}*"):
        thread = _CLEANERS.get(path)
        if thread is None or not thread.is_alive():
            shutil.rmtree(path, ignore_errors=True)


def wait_for_cleanup() -> None:
    """Wait until the replaced sites are deleted (tests and benchmarks call it)."""
    while _CLEANERS:
        _CLEANERS.popitem()[1].join()
