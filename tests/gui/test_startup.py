"""What the studio defers at start-up still arrives when it is needed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kbstudio.gui import panels
from kbstudio.gui.app import open_window
from kbstudio.gui.translateview import TranslationView
from tests.gui.conftest import wait_ops

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from kbstudio.gui.mainwindow import MainWindow
    from kbstudio.services.workspace import Workspace


def test_the_translate_tab_is_built_once_when_first_shown(window: MainWindow, qtbot: QtBot) -> None:
    assert window.translate_built is None
    window.tree_panel.select_article("liquidation")
    window.set_locale("es")
    wait_ops(qtbot)
    with qtbot.waitSignal(window.tabs.currentChanged):
        window.tabs.setCurrentWidget(window.translate_page)
    view = window.translate_built
    assert isinstance(view, TranslationView)
    assert view.parent() is window.translate_page
    qtbot.waitUntil(lambda: view.key == ("liquidation", "es"), timeout=30000)
    wait_ops(qtbot)
    assert window.current == ("liquidation", "es")
    # Built once: showing the tab again or asking for the view keeps the same one.
    window.tabs.setCurrentIndex(0)
    window.tabs.setCurrentWidget(window.translate_page)
    assert window.translate_view is view is panels.translate_view(window)
    assert window.tabs.tabText(window.tabs.indexOf(window.translate_page))


def test_completions_load_after_the_tree(qtbot: QtBot, sample_ws: Workspace) -> None:
    win = open_window(sample_ws, user="mia")
    try:
        assert win.completions_pending
        assert win.editor._words.articles == []
        qtbot.waitUntil(lambda: win.tree_loaded, timeout=30000)
        wait_ops(qtbot)
        assert not win.completions_pending
        assert "create-account" in {a for a, _title in win.editor._words.articles}
    finally:
        wait_ops(qtbot)
        win.doc.key = None
        win.close()
        win.deleteLater()


def test_workers_hand_the_gil_back_to_the_window_often(window: MainWindow) -> None:
    """Busy workers release the GIL every switch interval; at 5 ms the window's event
    handling, which needs it many times, stalled for 100-250 ms behind two of them."""
    import sys

    from kbstudio.gui import app

    assert window.tree_panel is not None  # the studio exists: application() ran
    assert sys.getswitchinterval() == app.SWITCH_INTERVAL
    assert app.SWITCH_INTERVAL <= 0.001
