"""The spare: the replaced site kept equal to the live one and reused by the next build."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import threading
from typing import TYPE_CHECKING

import pytest

from kbstudio.publishing import spare
from kbstudio.publishing.builder import BuildCancelledError, build_site
from kbstudio.publishing.model import SiteArticle, SiteCategory, SiteInput, SiteSection
from kbstudio.publishing.swap import wait_for_cleanup

if TYPE_CHECKING:
    from pathlib import Path

NOW = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)


def _site(*texts: tuple[str, str, str], locales: tuple[str, ...] = ("en",)) -> SiteInput:
    """Articles (id, slug, body) in every locale of *locales*."""
    sec = SiteSection("s", "c", {"en": "S"})
    articles = {
        (aid, loc): SiteArticle(aid, loc, slug, aid.upper(), body, "guide", "c", "s", n, NOW)
        for n, (aid, slug, body) in enumerate(texts)
        for loc in locales
    }
    return SiteInput("KB", "en", list(locales), [SiteCategory("c", {"en": "C"}, (sec,))], articles)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _folders(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir()}


def _inodes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*") if p.is_file()}


def _assert_spare_is_the_site(out: Path) -> None:
    wait_for_cleanup()
    shadow = spare.spare_path(out)
    assert _inodes(shadow) == _inodes(out)  # the same files, shared: no copies
    assert _folders(shadow) == _folders(out)


def test_the_replaced_site_becomes_a_spare_equal_to_the_new_one(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(_site(("a", "one", "Hello")), out)
    _assert_spare_is_the_site(out)  # made by linking: nothing was replaced yet
    build_site(_site(("a", "one", "Hello"), ("b", "two", "More")), out)
    _assert_spare_is_the_site(out)
    # The next build starts from the spare; its result equals a build from nothing.
    third = _site(("a", "one", "Hello again"), ("c", "three", "New"))
    build_site(third, out)
    _assert_spare_is_the_site(out)
    build_site(third, tmp_path / "fresh")
    assert _tree(out) == _tree(tmp_path / "fresh")
    assert not (out / "en/articles/two.html").exists()


def test_a_build_from_the_spare_writes_only_what_changed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    texts = [(f"a{n}", f"s{n}", f"Text {n}") for n in range(12)]
    build_site(_site(*texts), out)
    build_site(_site(*texts), out)  # the spare exists from here on
    before = _inodes(out)
    texts[3] = ("a3", "s3", "Text three, edited")
    result = build_site(_site(*texts), out)
    assert result.pages_written == 1
    after = _inodes(out)
    changed = {rel for rel in after if before.get(rel) != after[rel]}
    assert "en/articles/s3.html" in changed
    assert "en/articles/s4.html" not in changed
    assert {rel for rel in changed if rel.endswith(".html")} == {"en/articles/s3.html"}
    _assert_spare_is_the_site(out)


def test_a_spare_left_half_refreshed_is_never_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed while the replaced site was being brought up to date: its manifest is not
    the live one's, so the next build deletes it and links every file as before."""
    out = tmp_path / "site"
    build_site(_site(("a", "one", "Hello")), out)
    build_site(_site(("a", "one", "Hello"), ("b", "two", "More")), out)
    wait_for_cleanup()
    shadow = spare.spare_path(out)
    (shadow / "manifest.json").unlink()  # as _refresh leaves it until its last step
    (shadow / "en/articles/two.html").unlink()
    (shadow / "en/articles/stale.html").write_text("left by the killed refresh")
    final = _site(("a", "one", "Hello"), ("b", "two", "More, edited"))
    build_site(final, out)
    build_site(final, tmp_path / "fresh")
    assert _tree(out) == _tree(tmp_path / "fresh")
    _assert_spare_is_the_site(out)


def test_a_file_put_into_the_site_by_hand_does_not_come_back(tmp_path: Path) -> None:
    out = tmp_path / "site"
    site = _site(("a", "one", "Hello"))
    build_site(site, out)
    build_site(site, out)
    (out / "CNAME").write_text("help.example.com")
    (out / "extra").mkdir()
    (out / "extra/notes.txt").write_text("mine")
    for body in ("Two", "Three", "Four"):  # the site with CNAME is the spare twice over
        build_site(_site(("a", "one", body)), out)
        assert not (out / "CNAME").exists()
        assert not (out / "extra").exists()
    _assert_spare_is_the_site(out)


def test_a_dropped_locale_leaves_no_empty_folders(tmp_path: Path) -> None:
    out = tmp_path / "site"
    both = _site(("a", "one", "Hello"), locales=("en", "ja"))
    build_site(both, out)
    build_site(both, out)
    only_en = _site(("a", "one", "Hello"), locales=("en",))
    build_site(only_en, out)
    assert not (out / "ja").exists()
    build_site(only_en, tmp_path / "fresh")
    assert _folders(out) == _folders(tmp_path / "fresh")
    _assert_spare_is_the_site(out)


def test_cancel_in_a_build_from_the_spare_leaves_the_site_untouched(tmp_path: Path) -> None:
    out = tmp_path / "site"
    site = _site(*[(f"a{n}", f"s{n}", f"Text {n}") for n in range(5)])
    build_site(site, out)
    build_site(site, out)
    before = _tree(out)
    cancel = threading.Event()
    edited = dataclasses.replace(site, articles=dict(site.articles))
    key = ("a2", "en")
    edited.articles[key] = dataclasses.replace(site.articles[key], body="changed")

    def progress(done: int, total: int, label: str) -> None:
        cancel.set()

    with pytest.raises(BuildCancelledError):
        build_site(edited, out, progress=progress, cancel=cancel)
    assert _tree(out) == before
    assert not (tmp_path / ".site.building").exists()
    build_site(edited, out)  # no spare now: every file linked again
    assert b"changed" in (out / "en/articles/s2.html").read_bytes()
    _assert_spare_is_the_site(out)


def test_no_spare_where_files_cannot_be_linked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    site = _site(("a", "one", "Hello"))
    build_site(site, out)

    def refuse(src: object, dst: object) -> None:
        raise OSError(1, "no hard links here")

    monkeypatch.setattr(os, "link", refuse)
    build_site(_site(("a", "one", "Hello, two")), out)
    build_site(_site(("a", "one", "Hello, three")), out)
    wait_for_cleanup()
    assert not spare.spare_path(out).exists()
    assert b"Hello, three" in (out / "en/articles/one.html").read_bytes()
