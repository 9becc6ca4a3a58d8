"""The studio's main window: tree left, editor and preview centre, details right."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
)

from kbstudio.domain.errors import KBError
from kbstudio.domain.workflow import Action, Role
from kbstudio.gui import panels, windowlayout, windowstate
from kbstudio.gui import settings as prefs
from kbstudio.gui.menus import build_menus
from kbstudio.gui.ops import run_op, wait_idle
from kbstudio.gui.publish_dialog import PublishDialog
from kbstudio.i18n import _
from kbstudio.services import studio

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QCloseEvent, QShowEvent

    from kbstudio.gui.translateview import TranslationView
    from kbstudio.services.changes import Change
    from kbstudio.services.workspace import Workspace


class MainWindow(QMainWindow):
    tree_ready = Signal()  # the help-center tree is loaded (or reloaded)
    # The window's one current article, (id, locale): the docks show it. Whichever view
    # changes it (tree, editor, Translate tab, review queue, health, search) calls
    # set_current; nothing else writes the docks.
    current_changed = Signal(str, str)

    def __init__(
        self, ws: Workspace, *, user: str | None = None, settings: QSettings | None = None
    ) -> None:
        super().__init__()
        self.ws = ws
        self.tree_loaded = False
        # The editor's completions load once the tree is in (see reload_tree): read beside
        # it, they took the CPU and the GIL the tree needed on two cores.
        self.completions_pending = True
        # What start-up made so far (modules, mostly) stays alive: keep it out of the full
        # collections that the tree's 80,000 new objects set off (~0.1 s of start-up).
        gc.freeze()
        # First, in the background: the database builds the tree's JSON with the GIL
        # released (treestates) while this thread builds the window.
        self.reload_tree(background=True)
        self.settings = settings or prefs.settings()
        self.users = {u.name: u for u in ws.users() if u.active}
        wanted = user or str(self.settings.value("user", "") or "")
        self.user_name = wanted if wanted in self.users else next(iter(self.users), "admin")
        with ws.session() as s:
            self.source_locale = studio.lookup.settings(s).source_locale
        self.locale = self.source_locale
        self.last_error: BaseException | None = None
        self.current: tuple[str, str] | None = None
        self.default_docks_pending = False  # see windowstate.restore
        self._build()
        self.actions_ = build_menus(self)
        self.retranslate()
        self._restore_state()

    # -- construction -----------------------------------------------------------------

    def _build(self) -> None:
        windowlayout.build(self)
        panels.install(self)

    def retranslate(self) -> None:
        self.tabs.setTabText(0, _("Write"))
        self.tabs.setTabText(1, _("Review queue"))
        self.details.setTabText(0, _("Properties"))
        self.details.setTabText(1, _("History"))
        self.details.setTabText(2, _("Audit trail"))
        self.tree_dock.setWindowTitle(_("Help center"))
        self.details_dock.setWindowTitle(_("Details"))
        self.title_edit.setPlaceholderText(_("Title"))
        self.user_label.setText(_("Acting as:"))
        self.locale_label.setText(_("Locale:"))
        self.status_user.setText(_("Acting as {user}").format(user=self.user_name))
        self.actions_.retranslate()
        panels.retranslate(self)
        for part in (
            self.tree_panel,
            self.history,
            self.index_bar,
            self.recovery_bar,
            self.conflict_bar,
            self.preview,
        ):
            part.retranslate()
        self._update_title()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @property
    def translate_view(self) -> TranslationView:
        """The Translate tab's view, built on first use (panels.translate_view)."""
        return panels.translate_view(self)

    # -- who and where ---------------------------------------------------------------

    def user(self) -> str:
        return self.user_name

    def actor(self) -> studio.Actor:
        with self.ws.session() as s:
            return studio.lookup.actor(s, self.user_name)

    def set_user(self, name: str) -> None:
        """Act as another workspace user: the queue and "needs my action" follow."""
        if name not in self.users or name == self.user_name:
            return
        self.user_name = name
        self.settings.setValue("user", name)
        self.user_box.setCurrentIndex(self.user_box.findData(name))
        self.tree_panel.set_actor(self.actor())
        self.status_user.setText(_("Acting as {user}").format(user=name))
        if self.tabs.currentWidget() is self.review:
            self.review.reload()

    def set_locale(self, locale: str) -> None:
        if locale == self.locale or locale not in self.locales:
            return
        article = self.doc.key[0] if self.doc.key else None
        if article and not self.confirm_leave():
            self.locale_box.setCurrentText(self.locale)
            return
        self.locale = locale
        self.locale_box.setCurrentText(locale)
        self.tree_panel.model.set_display_locale(locale)
        self.refresh_completions()
        if article:
            self._open(article, locale)

    # -- loading -------------------------------------------------------------------

    def reload_tree(self, *, background: bool = False) -> None:
        """Load the tree snapshot: at start-up directly, after a change off the GUI thread.

        With 10,000 articles the query takes a few hundred ms; after a save it runs on the
        worker, queued behind the save, so typing never waits for it.
        """
        ws = self.ws

        def load(progress: object = None, cancel: object = None) -> studio.Tree:
            with ws.session() as s:
                return studio.tree(s)

        def show(tree: studio.Tree) -> None:
            self.tree_panel.set_actor(self.actor())
            self.tree_panel.set_tree(tree)
            self.tree_panel.model.set_display_locale(self.locale)
            self.tree_loaded = True
            # What is alive now (modules, Qt wrappers, the tree: hundreds of thousands of
            # objects with 10,000 articles) stays alive: keep it out of the cyclic garbage
            # collector's full passes. Each pass holds the GIL, in whichever thread
            # allocates; over this heap it froze the window for 0.2-1.3 s during indexing.
            gc.freeze()
            if self.completions_pending:
                self.completions_pending = False
                self.refresh_completions()
            self.tree_ready.emit()

        if background:
            run_op(self, load, label="tree", on_done=show)
        else:
            show(load())

    def refresh_article(self, article_id: str) -> None:
        """Re-read one article after a change (cheap), or the whole tree if it moved."""
        ws = self.ws

        def load(progress: object, cancel: object) -> studio.ArticleNode | None:
            with ws.session() as s:
                return studio.article_node(s, article_id)

        def done(node: studio.ArticleNode | None) -> None:
            if node is None or not self.tree_panel.replace_article(node):
                self.reload_tree(background=True)

        run_op(self, load, label="tree row", on_done=done)

    def refresh_completions(self) -> None:
        """Load what the editor completes for the current locale, off the GUI thread."""
        ws, locale = self.ws, self.locale

        def load(progress: object, cancel: object) -> studio.Completions:
            with ws.session() as s:
                return studio.completions(s, locale)

        def done(words: studio.Completions) -> None:
            if locale == self.locale:
                self.editor.set_completions(words)

        # Read-only: the preview lane, so it loads beside the tree instead of after it.
        run_op(self, load, label="completions", lane="preview", on_done=done)

    def open_article(self, article_id: str) -> bool:
        """Open *article_id* in the current locale, asking first if typed text is unsaved."""
        if self.doc.key == (article_id, self.locale):
            return True
        if not self.confirm_leave():
            if self.doc.key:
                self.tree_panel.select_article(self.doc.key[0], emit=False)
            return False
        return self._open(article_id, self.locale)

    def _open(self, article_id: str, locale: str) -> bool:
        self.recovery_bar.clear()
        self.conflict_bar.clear()
        try:
            self.doc.open(article_id, locale)
        except KBError as exc:
            self.doc.close_text()
            self.properties.show_info(None)
            self.statusBar().showMessage(exc.message, 8000)
            return False
        self.tabs.setCurrentIndex(0)
        return True

    def _text_opened(self, article_id: str, locale: str) -> None:
        self.tree_panel.select_article(article_id, emit=False)
        self.set_current(article_id, locale)
        self.preview.render_now()
        self._update_title()

    def set_current(self, article_id: str, locale: str) -> None:
        """Make (article, locale) the window's current article; every dock follows."""
        if self.current == (article_id, locale):
            return
        self.current = (article_id, locale)
        self.tree_panel.select_article(article_id, emit=False)
        self._show_details()
        self.current_changed.emit(article_id, locale)

    def _show_details(self) -> None:
        if self.current is None:
            return
        article_id, locale = self.current
        info, _body = self.ws.show(article_id, locale=locale)
        node = next((a for a in self.tree_panel.model.tree.articles() if a.id == article_id), None)
        ends = node.ends_at.strftime("%Y-%m-%d %H:%M UTC") if node and node.ends_at else None
        self.properties.show_info(info, ends)
        self.history.load(self.ws, article_id, locale)
        self.audit.load(self.ws, article_id, locale)

    def _preview_source(self) -> tuple[Workspace, str, str, str] | None:
        if self.doc.key is None:
            return None
        return self.ws, self.doc.key[0], self.doc.key[1], self.editor.toPlainText()

    def _tab_changed(self, index: int) -> None:
        """The docks follow the article of the tab brought forward."""
        shown = self.tabs.widget(index)
        key: tuple[str, str] | None = None
        if index == 0:
            key = self.doc.key
        elif shown is self.review:
            self.review.reload()
            item = self.review.current()
            key = (item.article_id, item.locale) if item else None
        elif shown is getattr(self, "translate_page", None):  # added after the first tabs
            key = self.translate_view.key
        if key is not None:
            self.set_current(*key)

    # -- actions -------------------------------------------------------------------

    def save(self) -> bool:
        if self.tabs.currentWidget() is self.translate_page:  # Ctrl+S saves what is shown
            self.translate_view.save()
            return True
        return self.doc.save()

    def submit(self) -> None:
        if self.tabs.currentWidget() is self.translate_page:
            self.translate_view.submit()
            return
        self.doc.act(Action.SUBMIT)

    def find(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.find_bar.open()

    def show_review_queue(self) -> None:
        self.tabs.setCurrentWidget(self.review)
        self.review.ui.queueView.setFocus()

    def next_queue_item(self) -> None:
        self.show_review_queue()
        self.review.next_item()

    def previous_queue_item(self) -> None:
        self.show_review_queue()
        self.review.previous_item()

    def open_publish_dialog(self, *, modal: bool = True) -> PublishDialog:
        out = Path(str(self.settings.value("publish_dir", "") or self.ws.config.root / "site"))
        dialog = PublishDialog(
            self.ws,
            self.locales,
            out,
            self,
            user=self.user_name,
            can_publish=self.actor().has(Role.PUBLISHER),
        )
        dialog.finished.connect(lambda _r: self.settings.setValue("publish_dir", str(dialog.out())))
        dialog.finished.connect(lambda _r: self.reload_tree(background=True))
        if modal:
            dialog.open()
        else:
            dialog.show()
        return dialog

    def _changed(self, change: Change) -> None:
        """Refresh what a change touched: the tree row, the details, the queue."""
        self.statusBar().showMessage(
            _("{action}: {article} ({locale}) is now {status}").format(
                action=change.action,
                article=change.article_id,
                locale=change.locale,
                status=change.status,
            ),
            6000,
        )
        self.refresh_article(change.article_id)
        if self.current == (change.article_id, change.locale):
            self._show_details()
        if self.tabs.currentWidget() is self.review and change.action not in (
            "approve",
            "request-changes",
        ):
            self.review.reload()

    def show_error(self, exc: BaseException) -> None:
        """Errors become a message; a KBError says what and where, others are bugs."""
        self.last_error = exc
        text = str(exc) if isinstance(exc, KBError) else f"{type(exc).__name__}: {exc}"
        self.statusBar().showMessage(text, 10000)
        if QApplication.platformName() != "offscreen":
            QMessageBox.warning(self, _("KB Studio"), text)

    # -- never lose work ---------------------------------------------------------------

    def check_recovery(self) -> bool:
        """After a crash: open the newest text with a draft left behind, offering it back."""
        pending = self.doc.store.pending()
        if not pending:
            return False
        draft = pending[0]
        if draft.locale != self.locale and draft.locale in self.locales:
            self.locale = draft.locale
            self.locale_box.setCurrentText(draft.locale)
            self.tree_panel.model.set_display_locale(draft.locale)
        return self._open(draft.article_id, draft.locale)

    def _restore_draft(self) -> None:
        if self.recovery_bar.draft is not None:
            self.doc.restore(self.recovery_bar.draft)
        self.recovery_bar.clear()

    def _discard_draft(self) -> None:
        self.doc.discard_draft()
        self.recovery_bar.clear()

    def _keep_mine(self) -> None:
        if self.conflict_bar.conflict is not None:
            self.doc.keep_mine(self.conflict_bar.conflict)
        self.conflict_bar.clear()

    def _take_theirs(self) -> None:
        if self.conflict_bar.conflict is not None:
            self.doc.take_theirs(self.conflict_bar.conflict)
        self.conflict_bar.clear()

    def ask_unsaved(self) -> str:
        """Ask what to do with unsaved text: "save", "discard" or "cancel"."""
        return windowstate.ask_unsaved(self)

    def confirm_leave(self) -> bool:
        """True when the open text may be replaced (saved, discarded or unchanged)."""
        if not self.doc.is_dirty():
            return True
        self.doc.autosave()
        answer = self.ask_unsaved()
        if answer == "save":
            self.doc.save()
            wait_idle()
            QApplication.processEvents()
            return not self.doc.is_dirty()
        if answer == "discard":
            self.doc.discard_draft()
            self.doc.close_text()
            return True
        return False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        windowstate.shown(self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.confirm_leave():
            event.ignore()
            return
        self._save_state()
        event.accept()

    # -- look and state ---------------------------------------------------------------

    def _update_title(self) -> None:
        name = _("KB Studio")
        if self.doc.key:
            mark = "*" if self.doc.is_dirty() else ""
            name = f"{mark}{self.title_edit.text() or self.doc.key[0]} ({self.doc.key[1]}) — {name}"
        self.setWindowTitle(name)

    def set_theme(self, theme: str) -> None:
        app = QApplication.instance()
        sheet = prefs.stylesheet(theme)
        # Setting even the same sheet again re-polishes every widget (~0.1-0.3 s at start-up,
        # where application() has already set it).
        if isinstance(app, QApplication) and app.styleSheet() != sheet:
            app.setStyleSheet(sheet)
        self.editor.highlighter.set_dark(theme == "dark")
        self.settings.setValue("theme", theme)

    def set_language(self, language: str) -> None:
        """Switch the interface language now ("" follows the OS)."""
        from kbstudio.gui.app import translators

        self.settings.setValue("language", language)
        translators.apply(language or None)

    def _save_state(self) -> None:
        windowstate.save(self)

    def _restore_state(self) -> None:
        windowstate.restore(self)
