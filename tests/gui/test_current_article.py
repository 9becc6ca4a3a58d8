"""One current article for the window: whichever view changes it, the docks follow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kbstudio.domain.workflow import Action
from kbstudio.gui import panels
from tests.gui.conftest import wait_ops

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from kbstudio.gui.mainwindow import MainWindow

EDITED = ("create-account", "en")
TRANSLATED = ("liquidation", "es")  # outdated in Spanish in the sample


def _docks_show(window: MainWindow, article_id: str, locale: str) -> None:
    """Properties, history and audit trail all show (article, locale)."""
    assert window.current == (article_id, locale)
    assert window.properties.ui.idValue.text() == f"{article_id} · {locale}"
    assert window.history._key == (article_id, locale)
    history = window.ws.history(article_id, locale=locale)
    assert [r.number for r in window.history.model.rows] == [r.number for r in history]
    audit = window.audit.model.rows
    assert audit, "the sample's texts all have an audit trail"
    # The text's events and the article's own (its properties), of this article only.
    entities = {e.entity_id for e in audit}
    assert f"{article_id}/{locale}" in entities
    assert entities <= {f"{article_id}/{locale}", article_id}


def _translate(window: MainWindow, qtbot: QtBot, article_id: str, locale: str) -> None:
    with qtbot.waitSignal(window.translate_view.loaded, timeout=30000):
        panels.translate(window, article_id, locale)
    wait_ops(qtbot)


def test_the_translate_tab_takes_the_docks_from_the_editor(
    window: MainWindow, qtbot: QtBot
) -> None:
    seen: list[tuple[str, str]] = []
    window.current_changed.connect(lambda a, loc: seen.append((a, loc)))
    assert window.open_article(EDITED[0])
    _docks_show(window, *EDITED)
    _translate(window, qtbot, *TRANSLATED)
    _docks_show(window, *TRANSLATED)
    assert window.tree_panel.current_article() == TRANSLATED[0]
    # Back on the Write tab, the docks show the editor's text again.
    window.tabs.setCurrentIndex(0)
    _docks_show(window, *EDITED)
    assert seen == [EDITED, TRANSLATED, EDITED]


def test_the_editor_takes_the_docks_from_the_translate_tab(
    window: MainWindow, qtbot: QtBot
) -> None:
    _translate(window, qtbot, *TRANSLATED)
    _docks_show(window, *TRANSLATED)
    # Choosing another article in the tree opens it in the editor, and the docks follow.
    assert window.tree_panel.select_article(EDITED[0])
    assert window.doc.key == EDITED
    assert window.tabs.currentIndex() == 0
    _docks_show(window, *EDITED)
    # Showing the Translate tab again brings its article back to the docks.
    window.tabs.setCurrentWidget(window.translate_page)
    _docks_show(window, *TRANSLATED)


def test_the_review_queue_item_is_the_current_article(window: MainWindow) -> None:
    for article_id in ("create-account", "liquidation"):
        window.ws.edit(article_id, locale="en", body="Draft\n", actor="mia")
        window.ws.act(Action.SUBMIT, article_id, locale="en", actor="mia")
    window.open_article("withdrawal-fees")
    window.set_user("grace")
    window.show_review_queue()
    queue = window.review
    item = queue.current()
    assert item is not None
    _docks_show(window, item.article_id, item.locale)
    queue.next_item()
    other = queue.current()
    assert other is not None
    assert other != item
    _docks_show(window, other.article_id, other.locale)


def test_a_search_preview_hit_opens_in_its_locale(window: MainWindow, qtbot: QtBot) -> None:
    window.open_article(EDITED[0])
    panel = window.search_panel
    panel.locale_box.setCurrentText("es")
    panel.query.setText("liquidación")
    panel.run_search()
    wait_ops(qtbot)
    assert panel.hits.rowCount() > 0
    hit = panel.hits.row_at(0)
    panel.hits_view.activated.emit(panel.hits.index(0, 0))
    assert window.doc.key == (hit.article_id, "es")
    assert window.locale == "es"
    _docks_show(window, hit.article_id, "es")
