"""Each client's search index follows other people's changes through the change feed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from kbstudio.domain.workflow import Action
from kbstudio.services.workspace import Workspace
from tests.conftest import CONTENT
from tests.team_helpers import second_client

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.backends("sqlite", "postgresql")


def _ids(ws: Workspace, query: str, view: str = "working") -> list[str]:
    return [h.article_id for h in ws.search.search(query, locale="en", view=view).hits]


def test_another_clients_saves_are_searchable_without_a_rebuild(
    sample_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = second_client(sample_ws, tmp_path / "other")
    # Build the other client's indexes once; after that, only the feed may update them.
    assert _ids(other, "zebracorn") == []
    assert _ids(other, "zebracorn", view="published") == []
    rebuilds: list[object] = []
    monkeypatch.setattr(other.search, "rebuild", lambda **kw: rebuilds.append(kw))
    sample_ws.edit("memo-tag", locale="en", body="The zebracorn tag.\n", actor="mia")
    assert _ids(other, "zebracorn") == ["memo-tag"]
    # Publishing elsewhere reaches the other client's published view as well.
    sample_ws.act(Action.SUBMIT, "memo-tag", locale="en", actor="mia")
    sample_ws.act(Action.APPROVE, "memo-tag", locale="en", actor="grace")
    assert _ids(other, "zebracorn", view="published") == []
    sample_ws.act(Action.PUBLISH, "memo-tag", locale="en", actor="sam")
    assert _ids(other, "zebracorn", view="published") == ["memo-tag"]
    assert rebuilds == []
    other.close()


def test_the_feed_position_survives_a_restart_of_the_client(
    sample_ws: Workspace, tmp_path: Path
) -> None:
    other = second_client(sample_ws, tmp_path / "other")
    assert _ids(other, "quokkaflux") == []
    other.close()
    # While the other client is closed, someone saves; it catches up when it opens.
    sample_ws.edit("memo-tag", locale="en", body="Quokkaflux here.\n", actor="mia")
    again = Workspace.open(tmp_path / "other")
    changes = again.search.catch_up()
    assert ("memo-tag", "en") in changes.keys
    assert not changes.everything
    assert _ids(again, "quokkaflux") == ["memo-tag"]
    again.close()


def test_an_import_by_another_client_rebuilds_its_own_does_not(
    sample_ws: Workspace, tmp_path: Path
) -> None:
    other = second_client(sample_ws, tmp_path / "other")
    assert _ids(other, "zebracorn") == []
    assert _ids(sample_ws, "zebracorn") == []
    sample_ws.import_path(CONTENT)  # an unchanged re-import: only the audit event is new
    assert not sample_ws.search.catch_up().everything  # ours: already in step
    assert other.search.catch_up().everything  # theirs: article data may have changed
    other.close()


def test_a_change_after_this_clients_own_save_of_the_same_text_is_not_skipped(
    sample_ws: Workspace, tmp_path: Path
) -> None:
    other = second_client(sample_ws, tmp_path / "other")
    assert _ids(other, "zebracorn") == []
    # The other client saves and searches: its own save needs no second look ...
    other.edit("memo-tag", locale="en", body="The zebracorn tag.\n", actor="mia")
    assert _ids(other, "zebracorn") == ["memo-tag"]
    # ... but a later save of the same text by someone else does.
    sample_ws.edit("memo-tag", locale="en", body="The quokkaflux tag.\n", actor="omar")
    assert _ids(other, "quokkaflux") == ["memo-tag"]
    assert _ids(other, "zebracorn") == []
    # And so does a workflow change of it there, in the view it touches.
    for action, who in ((Action.SUBMIT, "omar"), (Action.APPROVE, "grace")):
        sample_ws.act(action, "memo-tag", locale="en", actor=who)
    sample_ws.act(Action.PUBLISH, "memo-tag", locale="en", actor="sam")
    assert _ids(other, "quokkaflux", view="published") == ["memo-tag"]
    other.close()
