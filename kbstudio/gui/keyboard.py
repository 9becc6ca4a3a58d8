"""Type text into a widget as key events, any script included (tests, drivers, benchmarks).

QTest.keyClicks aborts Python on non-ASCII text; a QKeyEvent that carries the text as its
`text` works for every character, and Return for newlines.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    for char in text:
        key = Qt.Key.Key_Return if char == "\n" else Qt.Key.Key_unknown
        sent = "\r" if char == "\n" else char
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, sent)
            QApplication.sendEvent(widget, event)
