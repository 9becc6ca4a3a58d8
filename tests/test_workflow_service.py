"""The workflow through the Workspace facade: revisions, live text, outdated, audit."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from kbstudio.domain.errors import ConflictError, KBError, WorkflowError
from kbstudio.domain.workflow import Action

if TYPE_CHECKING:
    from kbstudio.services.workspace import Workspace

pytestmark = pytest.mark.backends("sqlite", "postgresql")


def _info(ws: Workspace, aid: str, locale: str):
    return ws.show(aid, locale=locale)[0]


def _to_published(ws: Workspace, aid: str, locale: str, *, author: str, reviewer: str) -> None:
    ws.act(Action.SUBMIT, aid, locale=locale, actor=author)
    ws.act(Action.APPROVE, aid, locale=locale, actor=reviewer, comment="ok")
    ws.act(Action.PUBLISH, aid, locale=locale, actor="sam")


def test_draft_to_published_keeps_the_live_revision_until_publish(sample_ws: Workspace) -> None:
    ws = sample_ws
    before = _info(ws, "withdraw-crypto", "en")
    assert before.status == "published"
    change = ws.edit("withdraw-crypto", locale="en", body="New text.\n", actor="mia", comment="c")
    assert change.changed
    assert change.status == "draft"
    draft = _info(ws, "withdraw-crypto", "en")
    # The published revision stays live while the draft is worked on.
    assert draft.live_revision == before.revision
    assert draft.revision == before.revision + 1
    _to_published(ws, "withdraw-crypto", "en", author="mia", reviewer="grace")
    after = _info(ws, "withdraw-crypto", "en")
    assert (after.status, after.live_revision) == ("published", draft.revision)


def test_every_transition_writes_an_audit_event(sample_ws: Workspace) -> None:
    ws = sample_ws
    ws.edit("enable-2fa", locale="en", body="Body\n", actor="omar", comment="tighten steps")
    ws.act(Action.SUBMIT, "enable-2fa", locale="en", actor="omar")
    ws.act(Action.REQUEST_CHANGES, "enable-2fa", locale="en", actor="grace", comment="too short")
    ws.act(Action.SUBMIT, "enable-2fa", locale="en", actor="omar")
    ws.act(Action.APPROVE, "enable-2fa", locale="en", actor="grace")
    ws.act(Action.PUBLISH, "enable-2fa", locale="en", actor="sam")
    ws.act(Action.ARCHIVE, "enable-2fa", locale="en", actor="sam", comment="replaced")
    events = [e for e in ws.audit(entity_id="enable-2fa/en") if e.action != "import"]
    assert [(e.actor, e.action, e.reason) for e in events] == [
        ("omar", "edit", "tighten steps"),
        ("omar", "submit", ""),
        ("grace", "request-changes", "too short"),
        ("omar", "submit", ""),
        ("grace", "approve", ""),
        ("sam", "publish", ""),
        ("sam", "archive", "replaced"),
    ]
    assert events[2].details["from"] == "in_review"
    assert events[2].details["to"] == "draft"


def test_major_source_change_outdates_translations_only_once_approved(sample_ws: Workspace) -> None:
    ws = sample_ws
    assert not _info(ws, "enable-2fa", "zh-Hans").outdated
    ws.edit("enable-2fa", locale="en", body="Major rewrite\n", actor="mia", major=True)
    ws.act(Action.SUBMIT, "enable-2fa", locale="en", actor="mia")
    assert not _info(ws, "enable-2fa", "zh-Hans").outdated  # not yet approved
    change = ws.act(Action.APPROVE, "enable-2fa", locale="en", actor="grace")
    assert "zh-Hans" in change.outdated
    assert _info(ws, "enable-2fa", "zh-Hans").outdated


def test_minor_source_change_does_not_outdate(sample_ws: Workspace) -> None:
    ws = sample_ws
    ws.edit("enable-2fa", locale="en", body="Typo fixed\n", actor="mia")
    ws.act(Action.SUBMIT, "enable-2fa", locale="en", actor="mia")
    change = ws.act(Action.APPROVE, "enable-2fa", locale="en", actor="grace")
    assert change.outdated == ()
    assert not _info(ws, "enable-2fa", "zh-Hans").outdated


def test_updating_a_translation_clears_outdated(sample_ws: Workspace) -> None:
    ws = sample_ws
    assert _info(ws, "withdrawal-fees", "ja").outdated
    ws.edit("withdrawal-fees", locale="ja", body="新しい翻訳\n", actor="yuki")
    assert not _info(ws, "withdrawal-fees", "ja").outdated
    assert _info(ws, "withdrawal-fees", "ja").based_on_version == 2


def test_new_translation_needs_a_title_and_a_translator(sample_ws: Workspace) -> None:
    ws = sample_ws
    with pytest.raises(WorkflowError, match="translators for ko"):
        ws.edit("liquidation", locale="ko", body="x\n", actor="yuki", title="청산")
    with pytest.raises(KBError, match="title"):
        ws.edit("api-key-permissions", locale="ko", body="x\n", actor="jisoo")
    change = ws.edit(
        "api-key-permissions", locale="ko", body="본문\n", actor="jisoo", title="API 키 권한"
    )
    assert (change.status, change.revision) == ("draft", 1)


def test_forbidden_actions_are_refused_and_change_nothing(sample_ws: Workspace) -> None:
    ws = sample_ws
    ws.edit("memo-tag", locale="en", body="Draft\n", actor="mia")
    ws.act(Action.SUBMIT, "memo-tag", locale="en", actor="mia")
    with pytest.raises(WorkflowError, match="only reviewers for en"):
        ws.act(Action.APPROVE, "memo-tag", locale="en", actor="lin")  # a translator
    ws.act(Action.APPROVE, "memo-tag", locale="en", actor="grace")
    with pytest.raises(WorkflowError, match="only publishers"):
        ws.act(Action.PUBLISH, "memo-tag", locale="en", actor="mia")  # a writer
    with pytest.raises(WorkflowError, match="reviewers for ko"):
        ws.act(Action.APPROVE, "reset-password", locale="ko", actor="grace")
    assert _info(ws, "memo-tag", "en").status == "approved"


def test_a_stale_base_revision_is_a_conflict(sample_ws: Workspace) -> None:
    ws = sample_ws
    base = _info(ws, "memo-tag", "en").revision
    ws.edit("memo-tag", locale="en", body="Omar's text\n", actor="omar", base_revision=base)
    with pytest.raises(ConflictError, match="omar saved revision"):
        ws.edit("memo-tag", locale="en", body="Mia's text\n", actor="mia", base_revision=base)
    assert ws.show("memo-tag", locale="en")[1] == "Omar's text\n"


def test_unchanged_save_creates_no_revision(sample_ws: Workspace) -> None:
    ws = sample_ws
    info, body = ws.show("memo-tag", locale="en")
    change = ws.edit("memo-tag", locale="en", body=body, actor="mia")
    assert not change.changed
    assert len(ws.history("memo-tag", locale="en")) == info.revision


def test_history_and_diff(sample_ws: Workspace) -> None:
    ws = sample_ws
    ws.edit("memo-tag", locale="en", body="Only line\n", actor="mia", comment="shorter")
    revs = ws.history("memo-tag", locale="en")
    assert revs[-1].working
    assert not revs[-1].live
    assert revs[-2].live
    diff = ws.diff("memo-tag", locale="en", a=revs[-2].number, b=revs[-1].number)
    assert "+Only line" in diff
    assert diff.startswith("--- memo-tag/en r")
