"""The Markdown editor: highlighting, completion of snippets, terms and links, focus-out."""

from __future__ import annotations

import re

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QCompleter, QPlainTextEdit, QWidget

from kbstudio.gui.highlighter import MarkdownHighlighter
from kbstudio.services.studio import Completions

# What is being typed before the cursor decides what to offer.
SNIPPET_PREFIX = re.compile(r"\{\{snippet:([a-z0-9-]*)$")
LINK_PREFIX = re.compile(r"\]\(kb:([a-z0-9-]*)$")
WORD_PREFIX = re.compile(r"(\w{2,})$")


class MarkdownEditor(QPlainTextEdit):
    """A plain-text Markdown editor that completes {{snippet:id}}, (kb:id) and glossary terms.

    ``focus_left`` fires when focus leaves the editor (the window autosaves then).
    """

    focus_left = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editor")
        self.setTabChangesFocus(False)
        self.highlighter = MarkdownHighlighter(self.document())
        self._words = Completions([], [], [])
        self._kind = ""
        self._completion_model = QStringListModel(self)
        self.completer = QCompleter(self._completion_model, self)
        self.completer.setWidget(self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.activated.connect(self.insert_completion)

    def set_completions(self, words: Completions) -> None:
        self._words = words

    # -- completion ----------------------------------------------------------------

    def _before_cursor(self) -> str:
        cursor = self.textCursor()
        block = cursor.block().text()
        return block[: cursor.positionInBlock()]

    def candidates(self, *, explicit: bool = False) -> tuple[str, str, list[str]]:
        """(kind, typed prefix, choices) for the text before the cursor."""
        before = self._before_cursor()
        if m := SNIPPET_PREFIX.search(before):
            return "snippet", m.group(1), self._words.snippets
        if m := LINK_PREFIX.search(before):
            return "link", m.group(1), [a for a, _title in self._words.articles]
        if (m := WORD_PREFIX.search(before)) and (explicit or len(m.group(1)) >= 3):
            prefix = m.group(1).casefold()
            terms = [t for t in self._words.terms if t.casefold().startswith(prefix)]
            if terms:
                return "term", m.group(1), terms
        return "", "", []

    def update_completion(self, *, explicit: bool = False) -> bool:
        kind, prefix, choices = self.candidates(explicit=explicit)
        if not choices:
            self.completer.popup().hide()
            return False
        self._kind = kind
        self._completion_model.setStringList(choices)
        self.completer.setCompletionPrefix(prefix)
        if self.completer.completionCount() == 0:
            self.completer.popup().hide()
            return False
        rect = self.cursorRect()
        rect.setWidth(
            self.completer.popup().sizeHintForColumn(0)
            + self.completer.popup().verticalScrollBar().sizeHint().width()
        )
        self.completer.complete(rect)
        return True

    def insert_completion(self, choice: str) -> None:
        """Replace the typed prefix with *choice*, closing the markup it belongs to."""
        prefix = self.completer.completionPrefix()
        cursor = self.textCursor()
        cursor.movePosition(
            QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(prefix)
        )
        tail = {"snippet": "}}", "link": ")"}.get(self._kind, "")
        cursor.insertText(choice + tail)
        self.setTextCursor(cursor)

    def insert_markup(self, opening: str) -> None:
        """Insert the start of some markup and offer completions for it."""
        self.textCursor().insertText(opening)
        self.setFocus()
        self.update_completion(explicit=True)

    # -- events --------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        popup = self.completer.popup()
        if popup.isVisible() and event.key() in (
            Qt.Key.Key_Enter,
            Qt.Key.Key_Return,
            Qt.Key.Key_Escape,
            Qt.Key.Key_Tab,
        ):
            event.ignore()  # the completer's popup handles these
            return
        explicit = (
            event.key() == Qt.Key.Key_Space
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        )
        if not explicit:
            super().keyPressEvent(event)
        if explicit or (event.text() and event.text().isprintable()):
            self.update_completion(explicit=bool(explicit))
        elif popup.isVisible() and event.key() == Qt.Key.Key_Backspace:
            self.update_completion()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        if not self.completer.popup().isVisible():
            self.focus_left.emit()
