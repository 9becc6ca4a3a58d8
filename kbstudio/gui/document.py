"""The open text: loading, dirty state, autosave, recovery, saving with conflict checks.

Kept apart from the window so the rules that protect typed text read in one place:
a save sends the revision the text was opened at; if someone saved since, the services
raise ConflictError, and then the typed text stays in the editor AND in the recovery file,
while their text is shown beside it — both are kept, nothing is overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from kbstudio.domain.errors import ConflictError
from kbstudio.gui.ops import run_op
from kbstudio.gui.recovery import Draft, RecoveryStore

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QLineEdit

    from kbstudio.domain.workflow import Action
    from kbstudio.gui.editor import MarkdownEditor
    from kbstudio.services.changes import Change
    from kbstudio.services.workspace import Workspace

AUTOSAVE_MS = 3000


@dataclass(frozen=True)
class Conflict:
    message: str
    their_title: str
    their_body: str
    their_revision: int | None
    my_body: str


class DocumentController(QObject):
    """Owns what the editor shows and when it is written anywhere."""

    opened = Signal(str, str)  # article id, locale
    saved = Signal(object)  # Change
    acted = Signal(object)  # Change of a workflow action
    conflicted = Signal(object)  # Conflict
    recovery_offered = Signal(object)  # Draft
    dirty_changed = Signal(bool)
    failed = Signal(object)  # an exception the window shows

    def __init__(
        self,
        ws: Workspace,
        editor: MarkdownEditor,
        title_edit: QLineEdit,
        user: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws, self.editor, self.title_edit, self.user = ws, editor, title_edit, user
        self.store = RecoveryStore(ws.config.data_dir)
        self.key: tuple[str, str] | None = None
        self.base_revision: int | None = None
        self.saved_title = ""
        self.saved_body = ""
        self.busy = False
        self._autosaved: tuple[str, str] | None = None
        self._was_dirty = False
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.autosave)
        self.timer.start()
        editor.textChanged.connect(self._on_edit)
        title_edit.textEdited.connect(self._on_edit)
        editor.focus_left.connect(self.autosave)

    # -- state ---------------------------------------------------------------------

    def is_dirty(self) -> bool:
        if self.key is None:
            return False
        return (
            self.editor.toPlainText() != self.saved_body
            or self.title_edit.text() != self.saved_title
        )

    def _on_edit(self, *_args: object) -> None:
        dirty = self.is_dirty()
        if dirty != self._was_dirty:
            self._was_dirty = dirty
            self.dirty_changed.emit(dirty)

    # -- opening -------------------------------------------------------------------

    def open(self, article_id: str, locale: str) -> None:
        """Show the working text of *article_id* in *locale*; offer a draft left behind."""
        info, body = self.ws.show(article_id, locale=locale)
        self.key = (info.article_id, locale)
        self.base_revision = info.revision
        self.saved_title, self.saved_body = info.title, body
        self._autosaved = (info.title, body)
        self.title_edit.setText(info.title)
        self.editor.setPlainText(body)
        self._on_edit()
        self.opened.emit(info.article_id, locale)
        draft = self.store.read(info.article_id, locale)
        if draft is not None:
            if (draft.title, draft.body) == (info.title, body):
                self.store.discard(info.article_id, locale)  # nothing the database lacks
            else:
                self.recovery_offered.emit(draft)

    def close_text(self) -> None:
        self.key = None
        self.base_revision = None
        self.saved_title = self.saved_body = ""
        self.title_edit.clear()
        self.editor.clear()
        self._on_edit()

    # -- never lose work -------------------------------------------------------------

    def autosave(self) -> Draft | None:
        """Write the typed text to the recovery file if it changed since the last write."""
        if self.key is None or not self.is_dirty():
            return None
        current = (self.title_edit.text(), self.editor.toPlainText())
        if current == self._autosaved:
            return None
        self._autosaved = current
        return self.store.write(
            article_id=self.key[0],
            locale=self.key[1],
            title=current[0],
            body=current[1],
            base_revision=self.base_revision,
            user=self.user(),
        )

    def restore(self, draft: Draft) -> None:
        """Put a recovered draft back in the editor, based on the revision it started from.

        If someone saved after that revision, the next save reports a conflict instead of
        silently replacing their text.
        """
        self.base_revision = draft.base_revision
        self.title_edit.setText(draft.title)
        self.editor.setPlainText(draft.body)
        self._on_edit()

    def discard_draft(self) -> None:
        if self.key is not None:
            self.store.discard(*self.key)
            self._autosaved = (self.saved_title, self.saved_body)

    # -- saving --------------------------------------------------------------------

    def save(self, *, then: Callable[[], None] | None = None) -> bool:
        """Save in the background; return False when there was nothing to do."""
        if self.key is None or self.busy:
            return False
        if not self.is_dirty():
            if then:
                then()
            return False
        article_id, locale = self.key
        title, body, base = self.title_edit.text(), self.editor.toPlainText(), self.base_revision
        user, ws = self.user(), self.ws
        self.busy = True

        def work(progress: object, cancel: object) -> Change:
            return ws.edit(
                article_id, locale=locale, body=body, title=title, actor=user, base_revision=base
            )

        def done(change: Change) -> None:
            self.busy = False
            if self.key != (article_id, locale):
                return
            self.base_revision = change.revision
            self.saved_title, self.saved_body = title, body
            if not self.is_dirty():
                self.discard_draft()
            self._on_edit()
            self.saved.emit(change)
            if then:
                then()

        def error(exc: BaseException) -> None:
            self.busy = False
            if isinstance(exc, ConflictError) and self.key == (article_id, locale):
                self._conflict(exc, body)
            else:
                self.failed.emit(exc)

        run_op(self, work, label="save", on_done=done, on_error=error)
        return True

    def _conflict(self, exc: ConflictError, my_body: str) -> None:
        self._autosaved = None
        self.autosave()  # my text is on disk before anything else happens
        assert self.key is not None
        info, theirs = self.ws.show(self.key[0], locale=self.key[1])
        self.conflicted.emit(Conflict(exc.message, info.title, theirs, info.revision, my_body))

    def keep_mine(self, conflict: Conflict) -> None:
        """Save my text as the newest revision; theirs stays in the history."""
        self.base_revision = conflict.their_revision
        self.saved_title, self.saved_body = conflict.their_title, conflict.their_body
        self.save()

    def take_theirs(self, conflict: Conflict) -> None:
        """Show their text; mine stays in the recovery file until discarded."""
        self.base_revision = conflict.their_revision
        self.saved_title, self.saved_body = conflict.their_title, conflict.their_body
        self.title_edit.setText(conflict.their_title)
        self.editor.setPlainText(conflict.their_body)
        self._on_edit()

    # -- workflow --------------------------------------------------------------------

    def act(self, action: Action, *, comment: str = "") -> None:
        """Save first if needed, then apply *action* to the open text."""
        if self.key is None or self.busy:
            return
        if self.is_dirty():
            self.save(then=lambda: self.act(action, comment=comment))
            return
        article_id, locale = self.key
        user, ws = self.user(), self.ws
        self.busy = True

        def work(progress: object, cancel: object) -> Change:
            return ws.act(action, article_id, locale=locale, actor=user, comment=comment)

        def done(change: Change) -> None:
            self.busy = False
            self.acted.emit(change)

        def error(exc: BaseException) -> None:
            self.busy = False
            self.failed.emit(exc)

        run_op(self, work, label=action.value, on_done=done, on_error=error)
