"""The help-center tree stays readable in the left dock, at its default width and narrower."""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from kbstudio.gui.models.tree import ArticleIdRole

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from kbstudio.gui.mainwindow import MainWindow
    from kbstudio.gui.treepanel import TreePanel

TITLE, STATUS, LOCALES = 0, 1, 2


def _typical_title(panel: TreePanel) -> int:
    """The median width of the sample's article titles, as the tree's font draws them."""
    metrics = QFontMetrics(panel.view.font())
    tree = panel.model.tree
    titles = [a.title(tree.source_locale, tree.source_locale) for a in tree.articles()]
    return int(statistics.median(metrics.horizontalAdvance(t) for t in titles))


def _title_text_room(panel: TreePanel) -> int:
    """The title column's width left for text in an article row (after the indentation)."""
    return panel.view.header().sectionSize(TITLE) - 3 * panel.view.indentation()


def _settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.default_docks_pending)
    for _ in range(5):
        QApplication.processEvents()


def test_default_width_gives_the_title_room_for_a_typical_title(
    window: MainWindow, qtbot: QtBot
) -> None:
    _settle(qtbot, window)
    panel = window.tree_panel
    header = panel.view.header()
    assert window.width() == 1400  # no saved geometry: the default size
    assert header.sectionSize(TITLE) > header.sectionSize(LOCALES)
    assert header.sectionSize(TITLE) > header.sectionSize(STATUS)
    assert _title_text_room(panel) >= _typical_title(panel)
    # The dock took its default width, wider than its minimum.
    assert window.tree_dock.width() > panel.minimumWidth()
    # Every locale's pill is drawn: the column is as wide as the pills need.
    delegate_width = header.sectionSize(LOCALES)
    assert delegate_width >= panel.badges_width("dots")


def test_a_narrow_dock_gives_up_status_and_pill_labels_before_the_title(
    window: MainWindow, qtbot: QtBot
) -> None:
    _settle(qtbot, window)
    panel = window.tree_panel
    header = panel.view.header()
    wide_title = header.sectionSize(TITLE)
    window.resizeDocks([window.tree_dock], [260], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: window.tree_dock.width() < 300)
    QApplication.processEvents()
    assert panel.view.isColumnHidden(STATUS)
    assert header.sectionSize(LOCALES) == panel.badges_width("dots")
    assert header.sectionSize(TITLE) > 2 * header.sectionSize(LOCALES)
    assert header.sectionSize(TITLE) < wide_title
    # Wide again: the status column comes back.
    window.resizeDocks(
        [window.tree_dock], [panel.preferred_width() + 40], Qt.Orientation.Horizontal
    )
    qtbot.waitUntil(lambda: not panel.view.isColumnHidden(STATUS))
    assert header.sectionSize(LOCALES) == panel.badges_width("full")
    assert _title_text_room(panel) >= _typical_title(panel)


def test_the_tooltip_carries_the_full_title(window: MainWindow) -> None:
    panel = window.tree_panel
    index = panel.model.find_article("withdrawal-fees")
    assert index.isValid()
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    title = index.data(Qt.ItemDataRole.DisplayRole)
    assert tooltip.splitlines()[:2] == [title, index.data(ArticleIdRole)]
    section = index.parent()
    assert section.data(Qt.ItemDataRole.ToolTipRole) == section.data(Qt.ItemDataRole.DisplayRole)


def test_a_tree_reload_keeps_the_width_the_user_gave_the_dock(
    window: MainWindow, qtbot: QtBot
) -> None:
    _settle(qtbot, window)
    window.resizeDocks([window.tree_dock], [330], Qt.Orientation.Horizontal)
    QApplication.processEvents()
    chosen = window.tree_dock.width()
    window.reload_tree(background=False)
    for _ in range(5):
        QApplication.processEvents()
    assert window.tree_dock.width() == chosen
