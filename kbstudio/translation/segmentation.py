"""Markdown-aware segmentation: the translatable units of an article body.

A document is its text plus the spans that a translator translates: headings,
paragraphs, list items, table cells and block quotes (link text and image alt text are
translated inside their unit). Everything between the spans — list markers, heading
marks and anchors, fenced and indented code, table rules, snippet lines — is kept
byte for byte, so :meth:`Document.rebuild` with the segments' own texts gives back the
original, and with translated texts gives Markdown of the same structure.

Inside a unit, :func:`inline_parts` separates the words from what must never change:
inline code, URLs and link destinations, ``{{snippet:...}}``/``{{var:...}}`` references,
HTML tags with their attributes and heading anchors.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

HEADING, PARAGRAPH, LIST_ITEM, TABLE_CELL, QUOTE = (
    "heading",
    "paragraph",
    "list_item",
    "table_cell",
    "quote",
)

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^( {0,3}#{1,6}[ \t]+)(.*?)((?:[ \t]*\{#[\w.:-]+\})?[ \t#]*)$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_LIST = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+)(\[[ xX]\][ \t]+)?")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_SNIPPET_LINE = re.compile(r"^[ \t]*\{\{snippet:[^}\n]*\}\}[ \t]*$")
_HTML_ONLY = re.compile(r"^[ \t]*(<[^>\n]*>[ \t]*)+$")

# Inline spans that are never translated, most specific first.
_PROTECTED = re.compile(
    r"(?P<code>(`+)(?:(?!\2).)+?\2)"
    r"|(?P<ref>\{\{(?:snippet|var):[^}\n]*\}\})"
    r"|(?P<anchor>\{#[\w.:-]+\})"
    r"|(?P<autolink><(?:https?|mailto|kb):[^>\s]+>)"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<tag></?[A-Za-z][^<>\n]*>)"
    r"|(?P<dest>\]\([^)\s]*(?:[ \t]+\"[^\"\n]*\")?\))"
    r"|(?P<refdest>\]\[[^\]\n]*\])"
    r"|(?P<url>(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"])",
    re.DOTALL,
)
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Segment:
    """One translatable unit: its kind and its span in the document."""

    index: int
    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    text: str
    segments: tuple[Segment, ...]

    def rebuild(self, texts: Sequence[str]) -> str:
        """The document with each segment's text replaced by the matching one of *texts*."""
        if len(texts) != len(self.segments):
            raise ValueError(f"{len(texts)} texts for {len(self.segments)} segments")
        out: list[str] = []
        pos = 0
        for seg, new in zip(self.segments, texts, strict=True):
            out.append(self.text[pos : seg.start])
            out.append(new)
            pos = seg.end
        out.append(self.text[pos:])
        return "".join(out)

    def kinds(self) -> Counter[str]:
        return Counter(s.kind for s in self.segments)


def inline_parts(text: str) -> list[tuple[str, bool]]:
    """Split a unit into (piece, protected) pairs; joined, they give *text* back."""
    parts: list[tuple[str, bool]] = []
    pos = 0
    for m in _PROTECTED.finditer(text):
        if m.start() > pos:
            parts.append((text[pos : m.start()], False))
        parts.append((m.group(0), True))
        pos = m.end()
    if pos < len(text):
        parts.append((text[pos:], False))
    return parts


def protected_spans(text: str, kind: str | None = None) -> list[str]:
    """The protected pieces of *text*, optionally only one kind (code, ref, url, dest...)."""
    return [m.group(0) for m in _PROTECTED.finditer(text) if kind is None or m.lastgroup == kind]


def translatable(text: str) -> bool:
    """Say whether a unit has words outside its protected pieces."""
    return any(_LETTER.search(p) for p, prot in inline_parts(text) if not prot)


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.segments: list[Segment] = []

    def add(self, kind: str, start: int, end: int) -> None:
        # Surrounding blanks stay in the skeleton so a translation cannot eat them.
        raw = self.text[start:end]
        start += len(raw) - len(raw.lstrip())
        end -= len(raw) - len(raw.rstrip())
        if end > start and translatable(self.text[start:end]):
            self.segments.append(
                Segment(len(self.segments), kind, self.text[start:end], start, end)
            )


def segment(text: str) -> Document:
    """Cut a Markdown body into translatable units."""
    b = _Builder(text)
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    i, n = 0, len(lines)
    last_block = ""
    while i < n:
        line = lines[i].rstrip("\r\n")
        at = offsets[i]
        fence = _FENCE.match(line)
        if fence:
            i = _skip_fence(lines, i, fence.group(1))
            last_block = "code"
            continue
        if not line.strip():
            i += 1
            if last_block != LIST_ITEM:
                last_block = ""
            continue
        if (line.startswith(("    ", "\t"))) and last_block in ("", "code"):
            i += 1
            last_block = "code"
            continue
        if _SNIPPET_LINE.match(line) or _RULE.match(line) or _HTML_ONLY.match(line):
            i += 1
            last_block = "other"
            continue
        if line.lstrip().startswith("|"):
            i = _table(b, lines, offsets, i)
            last_block = "table"
            continue
        quote = _QUOTE.match(line)
        if quote:
            _line_unit(b, line[quote.end() :], at + quote.end(), QUOTE)
            i += 1
            last_block = QUOTE
            continue
        heading = _ATX.match(line)
        if heading:
            b.add(HEADING, at + heading.end(1), at + heading.end(2))
            i += 1
            last_block = HEADING
            continue
        item = _LIST.match(line)
        if item:
            j = _continuation(lines, i + 1)
            b.add(LIST_ITEM, at + item.end(), offsets[j - 1] + len(lines[j - 1].rstrip("\r\n")))
            i = j
            last_block = LIST_ITEM
            continue
        j = _continuation(lines, i + 1)
        if j < n and j == i + 1 and _SETEXT.match(lines[j].rstrip("\r\n")):
            b.add(HEADING, at, at + len(line))
            i = j + 1
            last_block = HEADING
            continue
        b.add(PARAGRAPH, at, offsets[j - 1] + len(lines[j - 1].rstrip("\r\n")))
        i = j
        last_block = PARAGRAPH
    return Document(text, tuple(b.segments))


def _skip_fence(lines: list[str], i: int, marker: str) -> int:
    """The line after the fence that closes the one opened at line *i*."""
    closing = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
    for j in range(i + 1, len(lines)):
        if closing.match(lines[j].rstrip("\r\n")):
            return j + 1
    return len(lines)  # an unclosed fence runs to the end, as in CommonMark


def _starts_block(line: str) -> bool:
    return bool(
        not line.strip()
        or _FENCE.match(line)
        or _ATX.match(line)
        or _LIST.match(line)
        or _QUOTE.match(line)
        or _RULE.match(line)
        or _SNIPPET_LINE.match(line)
        or _HTML_ONLY.match(line)
        or line.lstrip().startswith("|")
        or _SETEXT.match(line)
    )


def _continuation(lines: list[str], j: int) -> int:
    """The first line after *j* that does not continue the current paragraph or item."""
    while j < len(lines) and not _starts_block(lines[j].rstrip("\r\n")):
        j += 1
    return j


def _line_unit(b: _Builder, rest: str, at: int, kind: str) -> None:
    heading = _ATX.match(rest)
    if heading:
        b.add(kind, at + heading.end(1), at + heading.end(2))
        return
    item = _LIST.match(rest)
    if item:
        b.add(kind, at + item.end(), at + len(rest))
        return
    b.add(kind, at, at + len(rest))


def _table(b: _Builder, lines: list[str], offsets: list[int], i: int) -> int:
    while i < len(lines) and lines[i].lstrip().startswith("|"):
        line = lines[i].rstrip("\r\n")
        if not _TABLE_RULE.match(line):
            for start, end in _cells(line):
                b.add(TABLE_CELL, offsets[i] + start, offsets[i] + end)
        i += 1
    return i


def _cells(line: str) -> list[tuple[int, int]]:
    """Spans of the cells of a table row: split at pipes outside code and escapes."""
    bounds: list[int] = []
    ticks = 0
    k = 0
    while k < len(line):
        ch = line[k]
        if ch == "\\":
            k += 2
            continue
        if ch == "`":
            run = len(line[k:]) - len(line[k:].lstrip("`"))
            ticks = 0 if ticks == run else (run if ticks == 0 else ticks)
            k += run
            continue
        if ch == "|" and ticks == 0:
            bounds.append(k)
        k += 1
    return [(a + 1, z) for a, z in itertools.pairwise(bounds)] + (
        [(bounds[-1] + 1, len(line))] if bounds and line[bounds[-1] + 1 :].strip() else []
    )
