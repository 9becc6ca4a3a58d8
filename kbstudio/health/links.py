"""Links inside Markdown: kb: links between articles, anchors, references, external URLs."""

from __future__ import annotations

import re

KB_LINK = re.compile(r"\]\(kb:([a-z0-9][a-z0-9-]*)(?:#([^)\s]+))?\)")
ANCHOR = re.compile(r"^\s{0,3}#{1,6}\s.*\{#([^}\s]+)\}\s*$", re.MULTILINE)
SNIPPET = re.compile(r"\{\{\s*snippet\s*:\s*([a-z0-9][a-z0-9-]*)\s*\}\}")
VARIABLE = re.compile(r"\{\{\s*var\s*:\s*([a-z0-9][a-z0-9-]*)\s*\}\}")
EXTERNAL = re.compile(r"https?://[^\s)<>\]\"'`]+")
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_CODE = re.compile(r"`[^`\n]+`")


def prose(markdown: str) -> str:
    """Markdown without code blocks and inline code (links in code are examples)."""
    return _CODE.sub("", _FENCE.sub("", markdown))


# The functions below take prose (see prose()): text with code removed.


def kb_links(text: str) -> list[tuple[str, str | None]]:
    return [(m.group(1), m.group(2)) for m in KB_LINK.finditer(text)]


def anchors(markdown: str) -> set[str]:
    return set(ANCHOR.findall(markdown))


def snippet_refs(text: str) -> list[str]:
    return SNIPPET.findall(text)


def variable_refs(text: str) -> list[str]:
    return VARIABLE.findall(text)


def external_links(text: str) -> list[str]:
    return [url.rstrip(".,;:!?。，") for url in EXTERNAL.findall(text)]
