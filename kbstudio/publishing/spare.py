"""The spare: the replaced site, brought up to date after a swap and used as the next
build's folder.

Building a new folder beside OUT keeps the live site whole until the swap, but it meant
hard-linking every unchanged file again on each build: 30,000 links, a fifth of a second,
for one edited article. After the swap, the replaced folder is made equal to the new site
instead of being deleted: the files the build wrote are linked from OUT (so both folders
share them), the ones it dropped are removed. The next build starts from that folder and
touches only what changes.

A spare is whole only when its ``manifest.json`` is OUT's very file (same inode): that
link is made last, so a process killed half-way leaves a spare that is never used (it is
deleted, and the next build links every file as before). Nothing writes through a shared
file: the builder always unlinks a file before writing it.
"""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING, Any

from kbstudio.publishing.swap import discard

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

MANIFEST = "manifest.json"


def spare_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.spare")


def take(out: Path, folder: Path) -> bool:
    """Move the spare to *folder* when it holds exactly the site at OUT; else drop it."""
    spare = spare_path(out)
    if not spare.is_dir():
        return False
    try:
        mine, live = os.stat(spare / MANIFEST), os.stat(out / MANIFEST)
        whole = (mine.st_ino, mine.st_dev) == (live.st_ino, live.st_dev)
    except OSError:
        whole = False
    if whole:
        spare.rename(folder)
        return True
    discard(spare, out)
    return False


def keep(old: Path, out: Path, files: dict[str, Any], written: Iterable[str]) -> None:
    """Make *old* (the site just replaced) the spare of the site now at OUT, whose files
    are *files* (the manifest) and of which the build wrote *written*; the others are
    the same files in both. On any failure (a file system without hard links) it is
    deleted instead."""
    spare = spare_path(out)
    if spare.exists():
        discard(spare, out)
    try:
        old.rename(spare)
        _refresh(spare, out, files, set(written))
    except OSError:
        discard(spare, out)


def create(out: Path, files: dict[str, Any]) -> None:
    """A spare of the site at OUT when there was no site to replace (the first build):
    every file linked, so the next build already starts from one."""
    spare = spare_path(out)
    if spare.exists():
        discard(spare, out)
    folder = out.with_name(f".{out.name}.spare-new")
    shutil.rmtree(folder, ignore_errors=True)
    try:
        folder.mkdir()
        root, src = f"{folder}/", f"{out}/"
        made: set[str] = set()
        for rel in files:
            parent = rel.rpartition("/")[0]
            if parent and parent not in made:
                os.makedirs(root + parent, exist_ok=True)
                made.add(parent)
            os.link(src + rel, root + rel)
        os.link(out / MANIFEST, folder / MANIFEST)
        folder.rename(spare)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def _refresh(spare: Path, out: Path, files: dict[str, Any], written: set[str]) -> None:
    os.unlink(spare / MANIFEST)  # first: until the end, the spare is not whole
    root, src = f"{spare}/", f"{out}/"
    # A walk, not the old manifest: a file someone put into OUT by hand must not come
    # back in a later build. Set operations, not a test per file: 30,000 of them.
    have: set[str] = set()
    top = str(spare)
    for folder, _dirs, names in os.walk(spare):
        prefix = folder[len(root) :] + "/" if folder != top else ""
        have.update([prefix + name for name in names])
    wanted = files.keys()
    extra = have - wanted
    for rel in extra:
        os.unlink(root + rel)
    made: set[str] = set()
    for rel in sorted((wanted - have) | (written & have & wanted)):
        if rel in have:
            os.unlink(root + rel)
        else:
            parent = rel.rpartition("/")[0]
            if parent and parent not in made:
                os.makedirs(root + parent, exist_ok=True)
                made.add(parent)
        os.link(src + rel, root + rel)
    remove_empty(spare, {rel.rpartition("/")[0] for rel in extra})
    os.link(out / MANIFEST, spare / MANIFEST)


def remove_empty(root: Path, folders: set[str]) -> None:
    """Folders under *root* left empty (a locale or category dropped), deepest first."""
    for rel in sorted((f for f in folders if f), key=lambda f: -f.count("/")):
        path = root / rel
        while path != root:
            try:
                path.rmdir()
            except OSError:  # not empty: neither are its parents
                break
            path = path.parent


def clear(out: Path) -> None:
    """Remove the spare (the site at OUT is being replaced by other means)."""
    spare = spare_path(out)
    if spare.exists():
        shutil.rmtree(spare, ignore_errors=True)
