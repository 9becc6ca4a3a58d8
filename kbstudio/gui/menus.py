"""The window's actions, menus and toolbar, with their shortcuts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from kbstudio.gui.indexing import rebuild_index
from kbstudio.gui.review import NEXT_KEY, PREVIOUS_KEY
from kbstudio.i18n import N_, _

if TYPE_CHECKING:
    from collections.abc import Callable

    from kbstudio.gui.mainwindow import MainWindow

# Language names are written in their own language, never translated.
LANGUAGES = (("", N_("System language")), ("en", "English"), ("zh_Hans", "简体中文"))
SHORTCUTS = {
    "save": QKeySequence.StandardKey.Save,
    "submit": "Ctrl+Return",
    "publish": "Ctrl+Shift+P",
    "quit": QKeySequence.StandardKey.Quit,
    "find": QKeySequence.StandardKey.Find,
    "snippet": "Ctrl+Shift+I",
    "link": "Ctrl+K",
    "queue": "Ctrl+Shift+R",
    "next": NEXT_KEY,
    "previous": PREVIOUS_KEY,
}


class Menus:
    """Holds every action so the window can retranslate them in place."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.actions: dict[str, QAction] = {}
        self.labels: dict[str, str] = {}
        self.menus: list[tuple[QMenu, str]] = []

    def action(self, key: str, label: str, slot: Callable[[], object]) -> QAction:
        act = QAction(self.window)
        act.setObjectName(f"action_{key}")
        if key in SHORTCUTS:
            act.setShortcut(QKeySequence(SHORTCUTS[key]))
        act.triggered.connect(lambda _checked=False: slot())
        self.actions[key], self.labels[key] = act, label
        return act

    def menu(self, label: str) -> QMenu:
        menu = self.window.menuBar().addMenu("")
        self.menus.append((menu, label))
        return menu

    def retranslate(self) -> None:
        for key, act in self.actions.items():
            act.setText(_(self.labels[key]))
        for menu, label in self.menus:
            menu.setTitle(_(label))


def build_menus(w: MainWindow) -> Menus:
    m = Menus(w)
    file = m.menu(N_("&File"))
    file.addAction(m.action("save", N_("&Save"), w.save))
    file.addAction(m.action("submit", N_("Submit for &review"), w.submit))
    file.addSeparator()
    file.addAction(m.action("publish", N_("&Publish…"), w.open_publish_dialog))
    file.addAction(m.action("index", N_("Rebuild search &indexes"), lambda: rebuild_index(w)))
    file.addSeparator()
    file.addAction(m.action("quit", N_("&Quit"), w.close))

    edit = m.menu(N_("&Edit"))
    edit.addAction(m.action("find", N_("&Find and replace…"), w.find))
    edit.addSeparator()
    edit.addAction(
        m.action("snippet", N_("Insert &snippet"), lambda: w.editor.insert_markup("{{snippet:"))
    )
    edit.addAction(
        m.action(
            "term", N_("Insert glossary &term"), lambda: w.editor.update_completion(explicit=True)
        )
    )
    edit.addAction(
        m.action("link", N_("Insert &link to article"), lambda: w.editor.insert_markup("[](kb:"))
    )

    review = m.menu(N_("&Review"))
    review.addAction(m.action("queue", N_("Review &queue"), w.show_review_queue))
    review.addAction(m.action("next", N_("&Next item"), w.next_queue_item))
    review.addAction(m.action("previous", N_("&Previous item"), w.previous_queue_item))
    review.addSeparator()
    review.addAction(m.action("approve", N_("&Approve"), w.review.approve))
    review.addAction(m.action("request", N_("Request &changes"), w.review.request_changes))

    view = m.menu(N_("&View"))
    themes = QActionGroup(w)
    for theme, label in (("light", N_("&Light theme")), ("dark", N_("&Dark theme"))):
        act = m.action(f"theme_{theme}", label, lambda t=theme: w.set_theme(t))
        act.setCheckable(True)
        act.setChecked(str(w.settings.value("theme", "light")) == theme)
        themes.addAction(act)
        view.addAction(act)
    view.addSeparator()
    languages = QActionGroup(w)
    current = str(w.settings.value("language", "") or "")
    for code, label in LANGUAGES:
        act = m.action(f"lang_{code or 'system'}", label, lambda c=code: w.set_language(c))
        act.setCheckable(True)
        act.setChecked(code == current)
        languages.addAction(act)
        view.addAction(act)
    view.addSeparator()
    view.addAction(w.tree_dock.toggleViewAction())
    view.addAction(w.details_dock.toggleViewAction())

    bar = QToolBar(w)
    bar.setObjectName("mainToolbar")
    bar.setMovable(False)
    w.addToolBar(bar)
    bar.addWidget(w.user_label)
    bar.addWidget(w.user_box)
    bar.addWidget(w.locale_label)
    bar.addWidget(w.locale_box)
    bar.addSeparator()
    for key in ("save", "submit", "queue", "publish"):
        bar.addAction(m.actions[key])
    return m
