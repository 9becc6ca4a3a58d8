"""Import and export: lossless round trip, idempotence, and bad input named precisely."""

from __future__ import annotations

import filecmp
import shutil
from typing import TYPE_CHECKING

import pytest

from kbstudio.services.workspace import Workspace
from tests.conftest import CONTENT

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.backends("sqlite", "postgresql")

KB_TOML = """\
name = "Tiny"
source_locale = "en"
locales = ["en", "ja"]

[[categories]]
id = "basics"
name = { en = "Basics" }

[[categories.sections]]
id = "start"
name = { en = "Start" }

[[users]]
name = "mia"
display = "Mia"
roles = ["writer"]
locales = []
"""

GOOD = """\
---
title: Good article
slug: good
section: basics/start
type: faq
status: published
---
Body.
"""


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_sample_round_trip_is_lossless(sample_ws: Workspace, tmp_path: Path) -> None:
    first = tmp_path / "first"
    sample_ws.export(first)
    # The sample content is kept in canonical form: export reproduces it byte for byte.
    exported = _tree(first)
    original = {
        k: v
        for k, v in _tree(CONTENT).items()
        if k.startswith(("articles/", "snippets/")) or k in ("kb.toml", "glossary.yaml")
    }
    assert exported == original
    again = Workspace.init(tmp_path / "again")
    report = again.import_path(first)
    assert report.errors == []
    second = tmp_path / "second"
    again.export(second)
    assert _tree(first) == _tree(second)
    assert [
        (i.article_id, i.locale, i.status, i.outdated, i.revision) for i in again.translations()
    ] == [
        (i.article_id, i.locale, i.status, i.outdated, i.revision) for i in sample_ws.translations()
    ]
    again.close()


def test_reimport_is_idempotent(sample_ws: Workspace) -> None:
    revisions_before = sum(
        len(sample_ws.history(i.article_id, locale=i.locale)) for i in sample_ws.translations()
    )
    report = sample_ws.import_path(CONTENT)
    assert (report.created, report.updated, report.errors) == ([], [], [])
    revisions_after = sum(
        len(sample_ws.history(i.article_id, locale=i.locale)) for i in sample_ws.translations()
    )
    assert revisions_after == revisions_before


def test_changed_file_creates_one_revision(sample_ws: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    path = folder / "articles" / "memo-tag" / "en.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    before = sample_ws.show("memo-tag", locale="en")[0].revision
    report = sample_ws.import_path(folder)
    assert report.updated == ["text memo-tag/en"]
    info = sample_ws.show("memo-tag", locale="en")[0]
    assert info.revision == before + 1
    # A minor change (same version) outdates nothing.
    assert not sample_ws.show("memo-tag", locale="zh-Hans")[0].outdated


def test_export_removes_files_of_a_previous_export(sample_ws: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "out"
    sample_ws.export(out)
    stray = out / "articles" / "gone" / "en.md"
    stray.parent.mkdir()
    stray.write_text("old", encoding="utf-8")
    sample_ws.export(out)
    assert not stray.exists()
    assert not stray.parent.exists()


def test_export_refuses_a_folder_that_is_not_an_export(
    sample_ws: Workspace, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(Exception, match="not empty"):
        sample_ws.export(tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def _tiny(root: Path) -> Path:
    (root / "articles" / "good").mkdir(parents=True)
    (root / "kb.toml").write_text(KB_TOML, encoding="utf-8")
    (root / "articles" / "good" / "en.md").write_text(GOOD, encoding="utf-8")
    return root


def _article(slug: str, extra: str = "", title: str = "A title") -> str:
    return (
        f"---\ntitle: {title}\nslug: {slug}\nsection: basics/start\ntype: faq\n{extra}---\nBody\n"
    )


BAD_CASES: dict[str, tuple[str, bytes, str]] = {
    # name: (relative path, bytes, expected message fragment incl. file and line)
    "malformed-yaml": (
        "articles/bad/en.md",
        b"---\ntitle: Bad\nslug: [unclosed\nsection: basics/start\n---\nBody\n",
        "articles/bad/en.md:4: front matter is not valid YAML",
    ),
    "missing-title": (
        "articles/bad/en.md",
        b"---\nslug: bad\nsection: basics/start\ntype: faq\n---\nBody\n",
        "articles/bad/en.md [title]: missing title",
    ),
    "unknown-locale": (
        "articles/good/xx.md",
        b"---\ntitle: X\n---\nBody\n",
        "articles/good/xx.md [file name]: unknown locale 'xx'",
    ),
    "locale-not-enabled": (
        "articles/good/ko.md",
        b"---\ntitle: X\n---\nBody\n",
        "articles/good/ko.md: locale 'ko' is not enabled",
    ),
    "duplicate-slug": (
        "articles/zz-dup/en.md",
        _article("good").encode(),
        "articles/zz-dup/en.md [slug]: slug 'good' is already used in en by articles/good/en.md",
    ),
    "invalid-utf8": (
        "articles/bad/en.md",
        b"---\ntitle: Caf\xe9\nslug: bad\n---\nBody\n",
        "articles/bad/en.md:2: not valid UTF-8",
    ),
    "five-megabytes": (
        "articles/bad/en.md",
        _article("bad").encode() + b"x" * (5 * 1024 * 1024),
        "articles/bad/en.md: file is 5.0 MB; the limit is 2 MB",
    ),
    "binary": (
        "articles/bad/en.md",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "articles/bad/en.md:3: binary file",
    ),
    "path-escaping-slug": (
        "articles/bad/en.md",
        _article("../../x").encode(),
        "articles/bad/en.md:3 [slug]: '../../x' is not a valid slug",
    ),
    "unknown-field": (
        "articles/bad/en.md",
        _article("bad", "titel: typo\n").encode(),
        "articles/bad/en.md:6 [titel]: unknown field 'titel'",
    ),
    "unknown-section": (
        "articles/bad/en.md",
        b"---\ntitle: T\nsection: nowhere/none\ntype: faq\n---\nB\n",
        "articles/bad/en.md:3 [section]: unknown section 'nowhere/none'",
    ),
    "bad-type": (
        "articles/bad/en.md",
        b"---\ntitle: T\nsection: basics/start\ntype: blog\n---\nB\n",
        "articles/bad/en.md:4 [type]: type must be one of",
    ),
    "bad-folder-name": (
        "articles/Bad Name/en.md",
        _article("bad").encode(),
        "articles/Bad Name [article folder]: 'Bad Name' is not a valid id",
    ),
    "unknown-source-version": (
        "articles/good/ja.md",
        b"---\ntitle: J\nsource_version: 3\n---\nB\n",
        "articles/good/ja.md:3 [source_version]: source_version 3 does not exist",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_file_is_named_and_the_rest_still_imports(
    case: str, empty_ws: Workspace, tmp_path: Path
) -> None:
    root = _tiny(tmp_path / "content")
    rel, data, expected = BAD_CASES[case]
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    report = empty_ws.import_path(root)
    assert len(report.errors) == 1, report.errors
    assert expected in report.errors[0]
    ids = {(i.article_id, i.locale) for i in empty_ws.translations()}
    assert ("good", "en") in ids  # the good file is imported all the same
    assert ("bad", "en") not in ids  # nothing of the bad file is
    assert ("zz-dup", "en") not in ids
    assert not any(i.slug == "../../x" for i in empty_ws.translations())


def test_import_fixed_file_after_error(empty_ws: Workspace, tmp_path: Path) -> None:
    root = _tiny(tmp_path / "content")
    bad = root / "articles" / "later" / "en.md"
    bad.parent.mkdir()
    bad.write_text("---\ntitle: Later\nsection: basics/start\n---\nB\n", encoding="utf-8")
    assert empty_ws.import_path(root).errors
    bad.write_text(_article("later"), encoding="utf-8")
    report = empty_ws.import_path(root)
    assert report.errors == []
    assert "text later/en" in report.created


def test_translation_of_a_failed_source_is_reported(empty_ws: Workspace, tmp_path: Path) -> None:
    root = _tiny(tmp_path / "content")
    (root / "articles" / "orphan").mkdir()
    (root / "articles" / "orphan" / "en.md").write_text("---\ntitle: [x\n---\n", encoding="utf-8")
    (root / "articles" / "orphan" / "ja.md").write_text("---\ntitle: J\n---\nB\n", encoding="utf-8")
    report = empty_ws.import_path(root)
    assert any("articles/orphan/ja.md: not imported" in e for e in report.errors)


def test_version_going_backwards_is_refused(empty_ws: Workspace, tmp_path: Path) -> None:
    root = _tiny(tmp_path / "content")
    path = root / "articles" / "good" / "en.md"
    path.write_text(GOOD.replace("status: published\n", "status: published\nversion: 2\n"))
    assert empty_ws.import_path(root).errors == []
    path.write_text(GOOD.replace("Body.", "Changed."))
    errors = empty_ws.import_path(root).errors
    assert errors
    assert "version 1 is older than the stored version 2" in errors[0]


def test_bad_workspace_file_is_fatal_and_named(empty_ws: Workspace, tmp_path: Path) -> None:
    root = _tiny(tmp_path / "content")
    (root / "kb.toml").write_text('name = "x"\nlocales = ["en", "qq-ZZ"]\n', encoding="utf-8")
    with pytest.raises(Exception, match=r"kb.toml \[locales\]: unknown locale 'qq-ZZ'"):
        empty_ws.import_path(root)
    assert empty_ws.translations() == []


def test_sample_content_is_canonical() -> None:
    assert not filecmp.dircmp(CONTENT, CONTENT).diff_files
