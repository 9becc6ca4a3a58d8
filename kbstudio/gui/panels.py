"""Where the issue-9 panels join the main window: search preview and content health.

Kept apart from windowlayout so the window's own layout stays small: ``install`` adds the
panels and wires them to the window's signals, ``retranslate`` names their tabs. The
Translate tab is built the first time it is needed (``translate_view``): its module and the
translation services it imports cost ~0.1 s of a start-up that must stay under 1.5 s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kbstudio.gui.healthpanel import HealthPanel, problem_line
from kbstudio.gui.searchpanel import SearchPanel
from kbstudio.i18n import _

if TYPE_CHECKING:
    from kbstudio.gui.mainwindow import MainWindow
    from kbstudio.gui.translateview import TranslationView
    from kbstudio.health.model import Finding


# Findings a translator fixes in the side-by-side view rather than the editor.
TRANSLATE_KINDS = ("outdated", "missing")


def install(w: MainWindow) -> None:
    w.search_panel = SearchPanel(w.ws, w.locales, w)
    w.search_panel.set_source(lambda: _open_text(w))
    w.editor.textChanged.connect(w.search_panel.text_changed)
    w.title_edit.textChanged.connect(lambda _t: w.search_panel.text_changed())
    w.doc.opened.connect(lambda _a, _l: w.search_panel.text_changed())
    w.search_panel.open_requested.connect(lambda a, loc: open_in_editor(w, a, loc))
    w.details.addTab(w.search_panel, "")
    w.health = HealthPanel(w.ws, w)
    w.health.open_requested.connect(lambda f: open_finding(w, f))
    # Counts follow the work: every "what changed" result asks for a fresh check.
    w.doc.saved.connect(w.health.changed)
    w.doc.acted.connect(w.health.changed)
    w.review.decided.connect(w.health.changed)
    w.tabs.addTab(w.health, "")
    # The Translate tab's page; the view inside it is built by translate_view().
    w.translate_page = QWidget(w)
    w.translate_built = None
    QVBoxLayout(w.translate_page).setContentsMargins(0, 0, 0, 0)
    w.tabs.addTab(w.translate_page, "")
    w.tabs.currentChanged.connect(lambda _i: _tab_shown(w))


def translate_view(w: MainWindow) -> TranslationView:
    """The Translate tab's view, built and wired on first use."""
    if w.translate_built is not None:
        return w.translate_built
    from kbstudio.gui.translateview import TranslationView

    view = w.translate_built = TranslationView(w.ws, w.user, w.translate_page)
    view.saved.connect(w._changed)
    view.acted.connect(w._changed)
    view.saved.connect(w.health.changed)
    view.acted.connect(w.health.changed)
    view.failed.connect(w.show_error)
    # The docks follow the Translate tab's article when it is the one in front.
    view.loaded.connect(lambda: _translation_shown(w))
    layout = w.translate_page.layout()
    assert layout is not None
    layout.addWidget(view)
    return view


def retranslate(w: MainWindow) -> None:
    w.details.setTabText(w.details.indexOf(w.search_panel), _("Search preview"))
    w.tabs.setTabText(w.tabs.indexOf(w.health), _("Content health"))
    w.tabs.setTabText(w.tabs.indexOf(w.translate_page), _("Translate"))
    view = w.translate_built
    if view is not None:
        view.retranslate()
    w.search_panel.retranslate()
    w.health.retranslate()


def _tab_shown(w: MainWindow) -> None:
    if w.tabs.currentWidget() is w.health and w.health.report is None:
        w.health.reload()
    if w.tabs.currentWidget() is w.translate_page:
        view = translate_view(w)
        article = w.tree_panel.current_article()
        if view.key is None and article and w.locale != w.source_locale:
            view.open(article, w.locale)


def _translation_shown(w: MainWindow) -> None:
    view = w.translate_built
    if w.tabs.currentWidget() is w.translate_page and view is not None and view.key is not None:
        w.set_current(*view.key)


def translate(w: MainWindow, article_id: str, locale: str) -> None:
    """Show the article's *locale* translation side by side with its source."""
    w.tabs.setCurrentWidget(w.translate_page)
    translate_view(w).open(article_id, locale)


def _open_text(w: MainWindow) -> tuple[str, str, str, str] | None:
    if w.doc.key is None:
        return None
    return (w.doc.key[0], w.doc.key[1], w.title_edit.text(), w.editor.toPlainText())


def show_health(w: MainWindow) -> None:
    w.tabs.setCurrentWidget(w.health)


def open_in_editor(w: MainWindow, article_id: str, locale: str) -> bool:
    """Open the article in *locale* in the editor (asking first if typed text is unsaved)."""
    if locale != w.locale:
        w.set_locale(locale)
    if w.locale != locale or not w.open_article(article_id):
        return False
    w.tree_panel.select_article(article_id, emit=False)
    w.tabs.setCurrentIndex(0)
    return True


def open_finding(w: MainWindow, finding: Finding) -> bool:
    """Open the finding's article in its locale, selected in the tree, cursor on the line."""
    if not finding.article_id:
        return False
    if finding.kind in TRANSLATE_KINDS and finding.locale != w.source_locale:
        translate(w, finding.article_id, finding.locale)
        return True
    if not open_in_editor(w, finding.article_id, finding.locale):
        return False
    line = problem_line(finding, w.editor.toPlainText())
    if line is not None:
        block = w.editor.document().findBlockByNumber(line - 1)
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        w.editor.setTextCursor(cursor)
        w.editor.centerCursor()
    w.editor.setFocus()
    return True
