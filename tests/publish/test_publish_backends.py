"""Publishing reads the workspace with plain Core queries (no ORM rows, no bodies until a
page needs one): the same site from SQLite and from PostgreSQL, whose driver hands JSON
columns back decoded."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from kbstudio.services.publish import collect, publish_site
from tests.publish.test_site import NOW, _files, _publish_edit

if TYPE_CHECKING:
    from pathlib import Path

    from kbstudio.services.workspace import Workspace

pytestmark = pytest.mark.backends("sqlite", "postgresql")


def test_collect_reads_tags_and_text_hashes(sample_ws: Workspace) -> None:
    site = collect(sample_ws, now=NOW)
    text = site.articles[("anti-phishing-code", "en")]
    assert text.body is None
    assert text.tags[:2] == ("anti-phishing code", "phishing")
    _info, body = sample_ws.show("anti-phishing-code", locale="en")  # working = live here
    assert site.body(text) == body
    assert site.text_key(text) == text.text_hash


def test_an_incremental_build_equals_a_full_build(sample_ws: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish_site(sample_ws, out, now=NOW)
    _publish_edit(sample_ws, "withdraw-crypto", title=None, extra="\n\nZebra llama.")
    again = publish_site(sample_ws, out, now=NOW)
    assert again.pages_written == 1
    publish_site(sample_ws, tmp_path / "full", now=NOW)
    got, want = _files(out), _files(tmp_path / "full")
    assert sorted(got) == sorted(want)
    assert [rel for rel in want if got[rel] != want[rel]] == []
    assert b"Zebra llama." in got["en/articles/withdraw-crypto.html"]


def test_the_collector_finds_exactly_what_changed(sample_ws: Workspace, tmp_path: Path) -> None:
    """Row versions read the same way twice (PostgreSQL hands times back as datetimes),
    and an edit changes its article's."""
    from kbstudio.publishing.buildstate import State

    out = tmp_path / "site"
    publish_site(sample_ws, out, now=NOW)
    assert collect(sample_ws, now=NOW, state=State.of_site(out)).changes == {}
    _publish_edit(sample_ws, "withdraw-crypto", title=None, extra="\n\nZebra llama.")
    site = collect(sample_ws, now=NOW, state=State.of_site(out))
    assert set(site.changes or {}) == {("withdraw-crypto", "en")}
    assert site.body(site.articles[("withdraw-crypto", "en")]).endswith("Zebra llama.")
