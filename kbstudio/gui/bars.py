"""Non-modal bars above the editor: a recovered draft, a conflicting save."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kbstudio.i18n import _

if TYPE_CHECKING:
    from kbstudio.gui.document import Conflict
    from kbstudio.gui.recovery import Draft


class RecoveryBar(QFrame):
    """Offers back text that was typed but never saved (after a crash)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryBar")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.restore_button = QPushButton(self)
        self.discard_button = QPushButton(self)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.discard_button)
        self.draft: Draft | None = None
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.restore_button.setText(_("Restore unsaved text"))
        self.discard_button.setText(_("Discard it"))
        if self.draft is not None:
            self.offer(self.draft)

    def offer(self, draft: Draft) -> None:
        self.draft = draft
        self.label.setText(
            _(
                "Unsaved text of this article from {when} (by {user}) was recovered."
                " Restore it into the editor?"
            ).format(when=draft.saved_at.replace("T", " ").replace("Z", " UTC"), user=draft.user)
        )
        self.show()

    def clear(self) -> None:
        self.draft = None
        self.hide()


class ConflictBar(QFrame):
    """Says that someone saved first, shows their text, keeps mine in the editor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictBar")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.theirs = QPlainTextEdit(self)
        self.theirs.setReadOnly(True)
        self.theirs.setMaximumHeight(140)
        self.keep_mine_button = QPushButton(self)
        self.take_theirs_button = QPushButton(self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_mine_button)
        buttons.addWidget(self.take_theirs_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.theirs)
        layout.addLayout(buttons)
        self.conflict: Conflict | None = None
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.keep_mine_button.setText(_("Save mine as the newest revision"))
        self.take_theirs_button.setText(_("Take theirs (mine stays in recovery)"))
        if self.conflict is not None:
            self.show_conflict(self.conflict)

    def show_conflict(self, conflict: Conflict) -> None:
        self.conflict = conflict
        self.label.setText(
            _(
                "Not saved: {message}. Your text is still in the editor and in the recovery"
                " file; theirs is below."
            ).format(message=conflict.message)
        )
        self.theirs.setPlainText(f"# {conflict.their_title}\n\n{conflict.their_body}")
        self.show()

    def clear(self) -> None:
        self.conflict = None
        self.hide()
