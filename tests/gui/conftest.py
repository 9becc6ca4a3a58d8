"""GUI fixtures: a main window on a private copy of the sample workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from kbstudio.gui import ops

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pytestqt.qtbot import QtBot

    from kbstudio.gui.mainwindow import MainWindow
    from kbstudio.services.workspace import Workspace


@pytest.fixture
def window(qtbot: QtBot, sample_ws: Workspace) -> Iterator[MainWindow]:
    from kbstudio.gui.app import open_window

    win = open_window(sample_ws, user="mia")
    # Not qtbot.addWidget: pytest-qt closes those before this teardown runs, and a window
    # with unsaved text would then wait for an answer to "save changes?".
    win.show()
    qtbot.waitUntil(lambda: win.tree_loaded, timeout=30000)
    wait_ops(qtbot)  # completions and the first preview too
    yield win
    ops.wait_idle()
    win.doc.timer.stop()
    win.doc.key = None  # never ask on teardown
    win.close()
    win.deleteLater()


def wait_ops(qtbot: QtBot) -> None:
    """Let the worker finish and its queued callbacks run on the GUI thread."""
    qtbot.waitUntil(lambda: not ops._running, timeout=30000)
