"""Find and replace over the editor (the form is ui/find_bar.ui)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from kbstudio.gui.forms.ui_find_bar import Ui_FindBar


class FindBar(QWidget):
    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_FindBar()
        self.ui.setupUi(self)
        self.editor = editor
        self.ui.nextButton.clicked.connect(lambda: self.find(backward=False))
        self.ui.previousButton.clicked.connect(lambda: self.find(backward=True))
        self.ui.findEdit.returnPressed.connect(lambda: self.find(backward=False))
        self.ui.replaceButton.clicked.connect(self.replace)
        self.ui.replaceAllButton.clicked.connect(self.replace_all)
        self.ui.closeButton.clicked.connect(self.close_bar)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.ui.retranslateUi(self)
        super().changeEvent(event)

    def open(self) -> None:
        selected = self.editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.ui.findEdit.setText(selected)
        self.show()
        self.ui.findEdit.setFocus()
        self.ui.findEdit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.editor.setFocus()

    def _flags(self, *, backward: bool) -> QTextDocument.FindFlag:
        flags = QTextDocument.FindFlag(0)
        if self.ui.caseCheck.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        return flags

    def find(self, *, backward: bool = False) -> bool:
        """Select the next match, wrapping around the document once."""
        needle = self.ui.findEdit.text()
        if not needle:
            return False
        if self.editor.find(needle, self._flags(backward=backward)):
            return True
        cursor = self.editor.textCursor()
        cursor.movePosition(
            QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
        )
        self.editor.setTextCursor(cursor)
        return self.editor.find(needle, self._flags(backward=backward))

    def _selection_matches(self) -> bool:
        selected = self.editor.textCursor().selectedText()
        needle = self.ui.findEdit.text()
        if self.ui.caseCheck.isChecked():
            return selected == needle
        return selected.casefold() == needle.casefold()

    def replace(self) -> bool:
        """Replace the current match (if selected) and move to the next one."""
        if self.ui.findEdit.text() and self._selection_matches():
            self.editor.textCursor().insertText(self.ui.replaceEdit.text())
        return self.find()

    def replace_all(self) -> int:
        """Replace every match as one undo step; return how many were replaced."""
        needle, count = self.ui.findEdit.text(), 0
        if not needle:
            return 0
        doc = self.editor.document()
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        found = doc.find(needle, 0, self._flags(backward=False))
        while not found.isNull():
            # Edit through the one cursor that holds the edit block: one undo step.
            cursor.setPosition(found.selectionStart())
            cursor.setPosition(found.selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(self.ui.replaceEdit.text())
            count += 1
            found = doc.find(needle, cursor.position(), self._flags(backward=False))
        cursor.endEditBlock()
        return count
