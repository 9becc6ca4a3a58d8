"""The synthetic benchmark corpus: deterministic, valid, and imports without errors."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kbstudio.services.workspace import Workspace
from tests.perf.corpus import generate

if TYPE_CHECKING:
    from pathlib import Path

LOCALES = ("en", "zh-Hans", "ja")
KB_LINK = re.compile(r"\]\(kb:([^)#\s]*)(?:#([^)\s]*))?\)")
ANCHOR = re.compile(r"^#+ .* \{#([a-z0-9-]+)\}$", re.MULTILINE)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_same_seed_gives_identical_bytes_and_another_seed_differs(tmp_path: Path) -> None:
    first = _tree(generate(tmp_path / "a", articles=30, locales=LOCALES, seed=7))
    again = _tree(generate(tmp_path / "b", articles=30, locales=LOCALES, seed=7))
    other = _tree(generate(tmp_path / "c", articles=30, locales=LOCALES, seed=8))
    assert len(first) == 1 + 30 * len(LOCALES)
    assert first == again
    assert first != other
    assert b"\r\n" not in b"".join(first.values())


def test_corpus_imports_cleanly_and_links_resolve(tmp_path: Path) -> None:
    folder = generate(tmp_path / "corpus", articles=30, locales=LOCALES)
    ws = Workspace.init(tmp_path / "ws")
    try:
        report = ws.import_path(folder)
        assert report.errors == []
        assert len(ws.translations()) == 30 * len(LOCALES)
    finally:
        ws.close()

    ids = {p.name for p in (folder / "articles").iterdir()}
    assert len(ids) == 30
    assert all(re.fullmatch(r"a\d{5}-[a-z0-9-]+", aid) and len(aid) <= 64 for aid in ids)
    anchors = {
        aid: set(ANCHOR.findall((folder / "articles" / aid / "en.md").read_text())) for aid in ids
    }
    links = 0
    for path in sorted(folder.glob("articles/*/*.md")):
        for target, anchor in KB_LINK.findall(path.read_text(encoding="utf-8")):
            links += 1
            assert target in ids, f"{path}: kb:{target} is not a generated article"
            assert target != path.parent.name
            assert not anchor or anchor in anchors[target], f"{path}: no #{anchor} in {target}"
    assert links >= 30 * len(LOCALES)


def test_bodies_have_about_the_requested_length_in_the_locale_script(tmp_path: Path) -> None:
    folder = generate(tmp_path / "corpus", articles=10, locales=LOCALES, words=500)
    cjk = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")
    for path in sorted(folder.glob("articles/*/*.md")):
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        if path.stem == "en":
            assert 480 <= len(body.split()) <= 600, path
        else:  # about 1.6 CJK characters per English word
            assert 780 <= len(cjk.findall(body)) <= 900, path
            kana = len(re.findall(r"[\u3040-\u30ff]", body))
            assert kana > 100 if path.stem == "ja" else kana == 0, path
