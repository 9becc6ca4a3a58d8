"""The review queue: what waits for the acting user, the diff since approval, decisions."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHeaderView, QWidget

from kbstudio.domain.workflow import Action
from kbstudio.gui.diffview import diff_html
from kbstudio.gui.forms.ui_review_queue import Ui_ReviewQueue
from kbstudio.gui.models.tables import QueueModel
from kbstudio.gui.ops import run_op
from kbstudio.i18n import _, ngettext
from kbstudio.services import lookup, studio

if TYPE_CHECKING:
    from collections.abc import Callable

    from kbstudio.services.changes import Change
    from kbstudio.services.studio import QueueItem
    from kbstudio.services.workspace import Workspace

# The window's Review menu binds these keys (one binding, so they are never ambiguous).
NEXT_KEY = "F8"
PREVIOUS_KEY = "Shift+F8"


class ReviewQueue(QWidget):
    """Approve or request changes item by item; F8 / Shift+F8 move through the queue."""

    decided = Signal(object)  # Change
    failed = Signal(object)
    current_changed = Signal(str, str)  # (article id, locale) of the item shown

    def __init__(
        self, ws: Workspace, user: Callable[[], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ws, self.user = ws, user
        self.ui = Ui_ReviewQueue()
        self.ui.setupUi(self)
        self.model = QueueModel(self)
        self.ui.queueView.setModel(self.model)
        self.ui.queueView.verticalHeader().hide()
        header = self.ui.queueView.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.ui.splitter.setStretchFactor(1, 2)
        self.ui.splitter.setSizes([400, 600])
        self.ui.queueView.selectionModel().currentRowChanged.connect(lambda *_: self.show_current())
        self.ui.nextButton.clicked.connect(self.next_item)
        self.ui.previousButton.clicked.connect(self.previous_item)
        self.ui.approveButton.clicked.connect(self.approve)
        self.ui.requestButton.clicked.connect(self.request_changes)
        self.busy = False

    # -- content -------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.ui.retranslateUi(self)
        super().changeEvent(event)

    def reload(self) -> None:
        """Ask the services again what waits for the acting user."""
        row = max(self.current_row(), 0)
        with self.ws.session() as s:
            actor = lookup.actor(s, self.user())
            items = studio.review_queue(s, actor)
        self.model.set_rows(items)
        count = len(items)
        self.ui.headerLabel.setText(
            ngettext(
                "{n} text waits for your review", "{n} texts wait for your review", count
            ).format(n=count)
        )
        if count:
            self.select(min(row, count - 1))
        else:
            self.show_current()

    def current_row(self) -> int:
        return self.ui.queueView.currentIndex().row()

    def current(self) -> QueueItem | None:
        row = self.current_row()
        return self.model.row_at(row) if 0 <= row < self.model.rowCount() else None

    def select(self, row: int) -> None:
        self.ui.queueView.setCurrentIndex(self.model.index(row, 0))

    def next_item(self) -> None:
        if self.model.rowCount():
            self.select(min(self.current_row() + 1, self.model.rowCount() - 1))

    def previous_item(self) -> None:
        if self.model.rowCount():
            self.select(max(self.current_row() - 1, 0))

    def diff_text(self, item: QueueItem) -> str:
        """The change since the last approved revision (the whole text if never approved)."""
        if item.approved_revision is not None and item.revision is not None:
            return self.ws.diff(
                item.article_id, locale=item.locale, a=item.approved_revision, b=item.revision
            )
        info, body = self.ws.show(item.article_id, locale=item.locale)
        new = [f"# {info.title}\n", "\n", *body.splitlines(keepends=True)]
        name = f"{item.article_id}/{item.locale}"
        return "".join(difflib.unified_diff([], new, f"{name} (new)", f"{name} r{item.revision}"))

    def show_current(self) -> None:
        item = self.current()
        enabled = item is not None and not self.busy
        for button in (self.ui.approveButton, self.ui.requestButton):
            button.setEnabled(enabled)
        if item is None:
            self.ui.itemLabel.setText(_("Nothing waits for you."))
            self.ui.diffView.clear()
            return
        since = (
            _("changes since approved revision {a}").format(a=item.approved_revision)
            if item.approved_revision
            else _("never approved: the whole text")
        )
        self.ui.itemLabel.setText(
            f"<b>{item.title}</b> · {item.article_id} · {item.locale} · "
            + _("revision {n} by {author}").format(n=item.revision, author=item.author)
            + f" — {since}"
        )
        self.ui.diffView.setHtml(diff_html(self.diff_text(item)))
        self.current_changed.emit(item.article_id, item.locale)

    # -- decisions -------------------------------------------------------------------

    def approve(self) -> None:
        self._decide(Action.APPROVE)

    def request_changes(self) -> None:
        if not self.ui.commentEdit.toPlainText().strip():
            self.ui.itemLabel.setText(_("Say what needs to change before requesting changes."))
            self.ui.commentEdit.setFocus()
            return
        self._decide(Action.REQUEST_CHANGES)

    def _decide(self, action: Action) -> None:
        item = self.current()
        if item is None or self.busy:
            return
        comment, user, ws = self.ui.commentEdit.toPlainText().strip(), self.user(), self.ws
        self.busy = True
        self.show_current()

        def work(progress: object, cancel: object) -> Change:
            return ws.act(action, item.article_id, locale=item.locale, actor=user, comment=comment)

        def done(change: Change) -> None:
            self.busy = False
            self.ui.commentEdit.clear()
            self.reload()
            self.decided.emit(change)

        def error(exc: BaseException) -> None:
            self.busy = False
            self.show_current()
            self.failed.emit(exc)

        run_op(self, work, label=action.value, on_done=done, on_error=error)
