"""Starting the studio: the QApplication, its language, its theme and the main window."""

from __future__ import annotations

import os
import runpy
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kbstudio.gui import settings as prefs
from kbstudio.gui.qtranslator import Translators

if TYPE_CHECKING:
    from kbstudio.gui.mainwindow import MainWindow
    from kbstudio.services.workspace import Workspace

# A file run after the window shows, with `window` in its globals: how the crash-recovery
# test drives a real `kbstudio gui` process (types text, then waits to be killed).
ENV_DRIVER = "KBSTUDIO_GUI_DRIVER"

translators = Translators()
# Processes the studio forks for background work (the search-index writers, publishing's
# page renderers) run at this lower priority: on two cores they otherwise take the CPU the
# window needs to answer within 100 ms. 0 leaves them as they are.
HELPER_NICE = 10
SWITCH_INTERVAL = 0.001  # seconds; see application()
_fork_hook: list[bool] = []


def _lower_helper_priority() -> None:
    if HELPER_NICE:
        os.nice(HELPER_NICE)


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, created on first use, with language and theme applied."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
        app.setApplicationName("KB Studio")
        app.setOrganizationName("kbstudio")
    if not _fork_hook:  # once per process: hooks cannot be unregistered
        os.register_at_fork(after_in_child=_lower_helper_priority)
        _fork_hook.append(True)
        # A worker running Python hands the GIL over only every switch interval (5 ms by
        # default), and the window needs it many times to handle one event: with two busy
        # workers that added up to stalls of 100-250 ms. At 1 ms the window gets it back
        # sooner; workers lose a little to the extra switches.
        sys.setswitchinterval(SWITCH_INTERVAL)
    settings = prefs.settings()
    language = str(settings.value("language", "") or "")
    translators.apply(language or None)
    app.setStyleSheet(prefs.stylesheet(str(settings.value("theme", "light"))))
    return app


def open_window(ws: Workspace, *, user: str | None = None) -> MainWindow:
    from kbstudio.gui.mainwindow import MainWindow

    application()
    window = MainWindow(ws, user=user)
    window.set_theme(str(window.settings.value("theme", "light")))
    return window


def run(ws: Workspace, *, user: str | None = None) -> int:
    """Show the studio on *ws* until the user quits; return the exit code."""
    app = application()
    window = open_window(ws, user=user)
    window.show()
    # After the event loop starts, so a dialog-free recovery bar appears in a shown window.
    QTimer.singleShot(0, window.check_recovery)
    driver = os.environ.get(ENV_DRIVER)
    if driver:
        QTimer.singleShot(50, lambda: runpy.run_path(driver, init_globals={"window": window}))
    return app.exec()
