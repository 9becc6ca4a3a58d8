"""End to end in one window: edit, save, submit, review as someone else, approve, publish."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt

from kbstudio.domain.errors import ConflictError
from kbstudio.gui.keyboard import type_text
from tests.gui.conftest import wait_ops

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from kbstudio.gui.mainwindow import MainWindow

ARTICLE = "create-account"


def _edit_save_submit(window: MainWindow, qtbot: QtBot) -> None:
    assert window.open_article(ARTICLE)
    assert window.doc.key == (ARTICLE, "en")
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    type_text(window.editor, "\nA new closing line. 新的一行")
    assert window.doc.is_dirty()
    assert window.windowTitle().startswith("*")
    window.actions_.actions["save"].trigger()
    wait_ops(qtbot)
    assert not window.doc.is_dirty()
    info, body = window.ws.show(ARTICLE, locale="en")
    assert body.endswith("A new closing line. 新的一行")
    assert info.author == "mia"
    assert window.history.model.rowCount() == info.revision
    window.actions_.actions["submit"].trigger()
    wait_ops(qtbot)
    assert window.ws.show(ARTICLE, locale="en")[0].status == "in_review"


def _approve_as_grace(window: MainWindow, qtbot: QtBot) -> None:
    window.set_user("grace")
    window.actions_.actions["queue"].trigger()
    queue = window.review
    ids = [(q.article_id, q.locale) for q in queue.model.rows]
    assert (ARTICLE, "en") in ids
    while queue.current() is None or queue.current().article_id != ARTICLE:
        before = queue.current_row()
        qtbot.keyClick(queue.ui.queueView, Qt.Key.Key_F8)
        assert queue.current_row() > before, "F8 must move to the next item"
    assert "A new closing line." in queue.ui.diffView.toPlainText()
    queue.ui.commentEdit.setPlainText("Looks good")
    queue.ui.approveButton.click()
    wait_ops(qtbot)
    assert window.ws.show(ARTICLE, locale="en")[0].status == "approved"
    assert (ARTICLE, "en") not in [(q.article_id, q.locale) for q in queue.model.rows]
    review = window.ws.audit(entity_id=f"{ARTICLE}/en", action="approve")[-1]
    assert review.actor == "grace"
    assert review.reason == "Looks good"


def test_edit_save_submit_and_approve_as_reviewer(window: MainWindow, qtbot: QtBot) -> None:
    _edit_save_submit(window, qtbot)
    _approve_as_grace(window, qtbot)


def test_end_to_end_to_a_published_page(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    _edit_save_submit(window, qtbot)
    _approve_as_grace(window, qtbot)
    window.set_user("sam")
    dialog = window.open_publish_dialog(modal=False)
    dialog.ui.folderEdit.setText(str(tmp_path / "site"))
    dialog.ui.publishButton.click()
    qtbot.waitUntil(lambda: dialog.op is None, timeout=120000)
    assert dialog.report is not None, dialog.ui.summaryView.toPlainText()
    assert "written" in dialog.ui.summaryView.toPlainText()
    pages = [p for p in (tmp_path / "site").rglob("*.html") if ARTICLE in str(p)]
    assert pages, "the article's page was not written"
    assert any("新的一行" in p.read_text(encoding="utf-8") for p in pages), "edit not published"
    assert f"{ARTICLE}/en" in dialog.marked
    assert dialog.index_page() is not None
    dialog.close()


def test_conflicting_save_says_so_and_keeps_both_texts(window: MainWindow, qtbot: QtBot) -> None:
    window.open_article(ARTICLE)
    window.editor.setPlainText("My version of the text.\n")
    # Someone else saves while the text is open here.
    window.ws.edit(ARTICLE, locale="en", body="Omar's version.\n", actor="omar")
    window.save()
    wait_ops(qtbot)
    bar = window.conflict_bar
    assert bar.isVisible()
    assert "omar" in bar.label.text()
    assert "Omar's version." in bar.theirs.toPlainText()
    assert window.editor.toPlainText() == "My version of the text.\n"
    assert window.ws.show(ARTICLE, locale="en")[1] == "Omar's version.\n"
    draft = window.doc.store.read(ARTICLE, "en")
    assert draft is not None
    assert draft.body == "My version of the text.\n"
    bar.keep_mine_button.click()
    wait_ops(qtbot)
    history = window.ws.history(ARTICLE, locale="en")
    assert "omar" in [h.author for h in history]  # theirs stays in the history
    assert history[-1].author == "mia"
    assert history[-1].working
    assert window.ws.show(ARTICLE, locale="en")[1] == "My version of the text.\n"
    assert window.doc.store.read(ARTICLE, "en") is None


def test_service_conflict_is_a_conflict_error(window: MainWindow) -> None:
    info, _body = window.ws.show(ARTICLE, locale="en")
    window.ws.edit(ARTICLE, locale="en", body="x\n", actor="omar")
    with pytest.raises(ConflictError):
        window.ws.edit(ARTICLE, locale="en", body="y\n", actor="mia", base_revision=info.revision)
