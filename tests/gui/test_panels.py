"""History diffs, review decisions, the OS language, and the `kbstudio gui` command."""

from __future__ import annotations

from typing import TYPE_CHECKING

from click.testing import CliRunner

from kbstudio import i18n
from kbstudio.cli import cli
from kbstudio.domain.workflow import Action
from tests.gui.conftest import wait_ops

if TYPE_CHECKING:
    import pytest
    from pytestqt.qtbot import QtBot

    from kbstudio.gui.mainwindow import MainWindow

ARTICLE = "create-account"


def test_history_diffs_any_two_revisions(window: MainWindow) -> None:
    ws = window.ws
    ws.edit(ARTICLE, locale="en", body="First line\n", actor="mia")
    ws.edit(ARTICLE, locale="en", body="First line\nSecond line\n", actor="omar")
    window.open_article(ARTICLE)
    panel = window.history
    rows = panel.model.rows
    assert [r.author for r in rows[-2:]] == ["mia", "omar"]
    first, last = 0, len(rows) - 1
    selection = panel.view.selectionModel()
    panel.view.selectRow(first)
    selection.select(
        panel.model.index(last, 0),
        selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
    )
    panel.compare.click()
    text = panel.diff.toPlainText()
    assert f"r{rows[first].number}" in text
    assert f"r{rows[last].number}" in text
    assert "+Second line" in text
    # One revision selected: what it changed against the one before.
    panel.view.clearSelection()
    panel.view.selectRow(last)
    panel.compare.click()
    assert "+Second line" in panel.diff.toPlainText()
    assert "-Opening" not in panel.diff.toPlainText()


def test_request_changes_needs_a_comment_and_sends_the_text_back(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.ws.edit(ARTICLE, locale="en", body="Draft\n", actor="mia")
    window.ws.act(Action.SUBMIT, ARTICLE, locale="en", actor="mia")
    window.set_user("grace")
    window.show_review_queue()
    queue = window.review
    row = [q.article_id for q in queue.model.rows].index(ARTICLE)
    queue.select(row)
    queue.ui.requestButton.click()
    wait_ops(qtbot)
    assert window.ws.show(ARTICLE, locale="en")[0].status == "in_review"
    assert "Say what needs to change" in queue.ui.itemLabel.text()
    queue.ui.commentEdit.setPlainText("Add the fee table back")
    queue.ui.requestButton.click()
    wait_ops(qtbot)
    assert window.ws.show(ARTICLE, locale="en")[0].status == "draft"
    event = window.ws.audit(entity_id=f"{ARTICLE}/en", action="request-changes")[-1]
    assert event.actor == "grace"
    assert event.reason == "Add the fee table back"


def test_language_follows_the_os_when_no_preference(monkeypatch: pytest.MonkeyPatch) -> None:
    from kbstudio.gui.app import translators

    monkeypatch.setenv("LANGUAGE", "zh_CN:en")
    try:
        assert translators.apply(None) == "zh_Hans"
        assert i18n._("Review queue") == "审阅队列"
    finally:
        translators.apply("en")
    assert i18n._("Review queue") == "Review queue"


def test_gui_command_is_registered() -> None:
    result = CliRunner().invoke(cli, ["gui", "--help"])
    assert result.exit_code == 0
    assert "WORKSPACE" in result.output
