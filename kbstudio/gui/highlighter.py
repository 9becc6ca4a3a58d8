"""Markdown syntax highlighting for the editor, including KB Studio's own markup."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument


def _fmt(
    color: str, *, bold: bool = False, italic: bool = False, mono: bool = False
) -> QTextCharFormat:
    f = QTextCharFormat()
    f.setForeground(QColor(color))
    if bold:
        f.setFontWeight(QFont.Weight.Bold)
    if italic:
        f.setFontItalic(True)
    if mono:
        f.setFontFamilies(["monospace"])
    return f


# (pattern, format name); applied in order, later rules paint over earlier ones.
RULES = [
    (re.compile(r"^#{1,6} .*$"), "heading"),
    (re.compile(r"\*\*[^*]+\*\*|__[^_]+__"), "bold"),
    (re.compile(r"(?<![*\w])\*[^*\s][^*]*\*(?!\*)|(?<!\w)_[^_\s][^_]*_(?!\w)"), "italic"),
    (re.compile(r"^\s*(?:[-*+]|\d+\.)\s"), "list"),
    (re.compile(r"^>.*$"), "quote"),
    (re.compile(r"\[[^\]]*\]\([^)]*\)"), "link"),
    (re.compile(r"`[^`]+`"), "code"),
    (re.compile(r"\{\{(?:snippet|var):[a-z0-9-]+\}\}"), "macro"),
]
FENCE = re.compile(r"^\s*(```|~~~)")


class MarkdownHighlighter(QSyntaxHighlighter):
    """Headings, emphasis, lists, links, code and {{snippet:...}} / {{var:...}} markup.

    Block state 1 means "inside a fenced code block", carried from line to line.
    """

    def __init__(self, document: QTextDocument, *, dark: bool = False) -> None:
        super().__init__(document)
        self.set_dark(dark)

    def set_dark(self, dark: bool) -> None:
        c = (
            {
                "heading": "#8fb4ff",
                "link": "#6cc4a1",
                "code": "#e0a96d",
                "macro": "#d49cf0",
                "quote": "#9aa4b2",
                "list": "#8fb4ff",
                "text": "#d8dee9",
            }
            if dark
            else {
                "heading": "#0b4fb3",
                "link": "#1a7f5a",
                "code": "#9a4d00",
                "macro": "#8250df",
                "quote": "#57606a",
                "list": "#0b4fb3",
                "text": "#1f2328",
            }
        )
        self.formats = {
            "heading": _fmt(c["heading"], bold=True),
            "bold": _fmt(c["text"], bold=True),
            "italic": _fmt(c["text"], italic=True),
            "list": _fmt(c["list"], bold=True),
            "quote": _fmt(c["quote"], italic=True),
            "link": _fmt(c["link"]),
            "code": _fmt(c["code"], mono=True),
            "macro": _fmt(c["macro"], bold=True),
        }
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:  # noqa: N802
        in_fence = self.previousBlockState() == 1
        if FENCE.match(text):
            self.setFormat(0, len(text), self.formats["code"])
            self.setCurrentBlockState(0 if in_fence else 1)
            return
        if in_fence:
            self.setFormat(0, len(text), self.formats["code"])
            self.setCurrentBlockState(1)
            return
        self.setCurrentBlockState(0)
        for pattern, name in RULES:
            for m in pattern.finditer(text):
                self.setFormat(m.start(), m.end() - m.start(), self.formats[name])
