"""Remembering the window between runs, and asking before unsaved text is dropped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from kbstudio.i18n import _

if TYPE_CHECKING:
    from kbstudio.gui.mainwindow import MainWindow


def save(w: MainWindow) -> None:
    w.settings.setValue("geometry", w.saveGeometry())
    w.settings.setValue("state", w.saveState())
    w.settings.setValue("split", w.split.saveState())
    w.settings.setValue("locale", w.locale)
    if w.doc.key:
        w.settings.setValue("article", w.doc.key[0])
    w.settings.sync()


def restore(w: MainWindow) -> None:
    """Geometry, docks, editor/preview split and locale of the last run (or defaults)."""
    geometry: Any = w.settings.value("geometry")
    if isinstance(geometry, QByteArray):
        w.restoreGeometry(geometry)
    else:
        w.resize(1400, 860)
        w.split.setSizes([700, 500])
    state: Any = w.settings.value("state")
    if isinstance(state, QByteArray):
        w.restoreState(state)
    else:
        # Dock sizes set before the window is shown do not stick: size them once it is.
        w.default_docks_pending = True
    split: Any = w.settings.value("split")
    if isinstance(split, QByteArray):
        w.split.restoreState(split)
    locale = str(w.settings.value("locale", "") or "")
    if locale in w.locales and locale != w.locale:
        w.set_locale(locale)


# The tree dock's share of the window at most, and the details dock's width, by default.
TREE_SHARE = 0.34
DETAILS_WIDTH = 300


def shown(w: MainWindow) -> None:
    """On first show without a saved state, give the docks their default widths."""
    if getattr(w, "default_docks_pending", False):
        w.default_docks_pending = False
        QTimer.singleShot(0, lambda: default_docks(w))
        # Once more when the tree arrives: the docks' contents (the properties form, the
        # tree's columns) settle only then, and the first layout pass can undo the widths.
        if not w.tree_loaded:

            def once() -> None:
                w.tree_ready.disconnect(once)  # later reloads keep what the user chose
                QTimer.singleShot(0, lambda: default_docks(w))

            w.tree_ready.connect(once)


def default_docks(w: MainWindow) -> None:
    """The tree dock as wide as its titles and badges need, up to a share of the window."""
    panel = w.tree_panel
    tree = max(min(panel.preferred_width(), int(w.width() * TREE_SHARE)), panel.minimumWidth())
    w.resizeDocks([w.tree_dock, w.details_dock], [tree, DETAILS_WIDTH], Qt.Orientation.Horizontal)


def ask_unsaved(w: MainWindow) -> str:
    """A modal question: "save", "discard" or "cancel"."""
    box = QMessageBox(w)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Unsaved changes"))
    box.setText(_("The open text has changes that are not saved."))
    buttons = QMessageBox.StandardButton
    box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
    box.setDefaultButton(buttons.Save)
    answer = box.exec()
    return {buttons.Save: "save", buttons.Discard: "discard"}.get(buttons(answer), "cancel")
