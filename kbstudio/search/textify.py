"""Markdown to the plain text that search indexes: headings apart from the body.

A fast line-based pass, not a full Markdown parser: search needs the words, not the
structure. Link targets, image paths, HTML tags, heading anchors and snippet or variable
references are dropped; link text, image alt text, table cells and code are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_ANCHOR = re.compile(r"\s*\{#[^}]*\}\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REF = re.compile(r"\{\{\s*(?:snippet|var)\s*:[^}]*\}\}")
_TAG = re.compile(r"<[^>\n]+>")
_MARKUP = re.compile(r"[*_`~>|]+|^\s*(?:[-+*]|\d+[.)])\s+|^\s*:?-{3,}:?\s*$", re.MULTILINE)


@dataclass(frozen=True)
class PlainText:
    headings: str
    body: str


def inline(text: str) -> str:
    text = _REF.sub(" ", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    return _MARKUP.sub(" ", text)


def plain_text(markdown: str) -> PlainText:
    headings: list[str] = []
    body: list[str] = []
    fence: str | None = None
    for line in markdown.splitlines():
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            else:
                body.append(line)
            continue
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            continue
        match = _HEADING.match(line)
        if match:
            headings.append(inline(_ANCHOR.sub("", match.group(1))).strip())
            continue
        body.append(inline(line))
    text = "\n".join(b for b in body)
    return PlainText("\n".join(headings), re.sub(r"[ \t]{2,}", " ", text).strip())
