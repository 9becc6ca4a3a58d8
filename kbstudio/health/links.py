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


def kb_links(markdown: str) -> list[tuple[str, str | None]]:
    return [(m.group(1), m.group(2)) for m in KB_LINK.finditer(prose(markdown))]


def anchors(markdown: str) -> set[str]:
    return set(ANCHOR.findall(markdown))


def snippet_refs(markdown: str) -> list[str]:
    return SNIPPET.findall(prose(markdown))


def variable_refs(markdown: str) -> list[str]:
    return VARIABLE.findall(prose(markdown))


def external_links(markdown: str) -> list[str]:
    return [url.rstrip(".,;:!?。，") for url in EXTERNAL.findall(prose(markdown))]
