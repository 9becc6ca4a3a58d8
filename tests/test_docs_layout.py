"""Importing a plain docs folder: <locale>/<path>.md, as MkDocs and Docusaurus i18n keep it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from kbstudio.services.workspace import Workspace


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _docs(root: Path) -> Path:
    _write(root, "en/index.md", "# Welcome\n\nStart with [deposits](deposits/how-to-deposit.md).\n")
    _write(
        root,
        "en/deposits/how-to-deposit.md",
        "---\ntags: [deposit]\n---\n# How to deposit\n\nSee [fees](../fees.md#network) and "
        "[the web](https://example.test/x.md).\n",
    )
    _write(root, "en/fees.md", "---\ntitle: Fees\n---\n## Network {#network}\n\nLow.\n")
    _write(root, "ja/deposits/how-to-deposit.md", "# 入金方法\n\n[手数料](../fees.md#network)\n")
    _write(root, "ja/orphan.md", "# 孤立\n")
    _write(root, "assets/logo.md", "not a locale folder\n")
    return root


def test_docs_folder_imports_with_titles_translations_and_links(
    empty_ws: Workspace, tmp_path: Path
) -> None:
    report = empty_ws.import_path(_docs(tmp_path / "docs"), layout="docs")
    assert report.errors == ["ja/orphan.md: no en/orphan.md to translate from"]
    rows = {(r.article_id, r.locale): r for r in empty_ws.translations()}
    assert set(rows) == {
        ("index", "en"),
        ("deposits-how-to-deposit", "en"),
        ("deposits-how-to-deposit", "ja"),
        ("fees", "en"),
    }
    assert rows[("deposits-how-to-deposit", "en")].title == "How to deposit"
    assert rows[("deposits-how-to-deposit", "ja")].title == "入金方法"
    assert rows[("deposits-how-to-deposit", "en")].tags == ["deposit"]
    assert rows[("fees", "en")].title == "Fees"
    assert rows[("deposits-how-to-deposit", "en")].status == "published"
    body = empty_ws.show("deposits-how-to-deposit", locale="en")[1]
    # The title heading moves into the title; relative links become kb: links.
    assert not body.startswith("# How to deposit")
    assert "[fees](kb:fees#network)" in body
    assert "(https://example.test/x.md)" in body
    assert "(kb:deposits-how-to-deposit)" in empty_ws.show("index", locale="en")[1]
    assert "ja" in empty_ws.summary().locales


def test_auto_layout_detects_docs_and_reimport_is_idempotent(
    empty_ws: Workspace, tmp_path: Path
) -> None:
    root = _docs(tmp_path / "docs")
    empty_ws.import_path(root)
    again = empty_ws.import_path(root)
    assert again.created == []
    assert again.updated == []


def test_source_locale_can_be_chosen(tmp_path: Path) -> None:
    from kbstudio.services.workspace import Workspace

    root = tmp_path / "docs"
    _write(root, "ja/a.md", "# あ\n")
    _write(root, "en/a.md", "# A\n")
    ws = Workspace.init(tmp_path / "ws", source_locale="ja")
    report = ws.import_path(root, layout="docs", source_locale="ja")
    assert report.errors == []
    en = ws.show("a", locale="en")[0]
    assert en.based_on_version == 1
    assert ws.summary().source_locale == "ja"
    ws.close()


def test_folder_without_locales_is_refused(empty_ws: Workspace, tmp_path: Path) -> None:
    import pytest

    (tmp_path / "plain").mkdir()
    _write(tmp_path / "plain", "readme.md", "# Hi\n")
    with pytest.raises(Exception, match="no <locale>/ folders"):
        empty_ws.import_path(tmp_path / "plain", layout="docs")
