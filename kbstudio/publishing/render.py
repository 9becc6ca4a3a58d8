"""Markdown to article HTML: snippets and variables expanded, kb: links resolved, heading
anchors kept, the first occurrence of each glossary term linked to the glossary.

The same renderer serves the published site and the studio's live preview, so what a
writer previews is what readers get. The HTML it returns is not yet safe: pass it through
sanitize.clean() (render_article() does).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.token import Token

from kbstudio.domain.variables import expand as expand_variables
from kbstudio.publishing.sanitize import clean

if TYPE_CHECKING:
    from kbstudio.domain.variables import Variable
    from kbstudio.publishing.model import GlossaryEntry

SNIPPET = re.compile(r"^[ \t]*\{\{\s*snippet\s*:\s*([a-z0-9][a-z0-9-]*)\s*\}\}[ \t]*$", re.M)
ANCHOR_SUFFIX = re.compile(r"\s*\{#([A-Za-z0-9][\w-]*)\}\s*$")
HEADING_ANCHOR = re.compile(r"^\s{0,3}#{1,6}\s.*\{#([A-Za-z0-9][\w-]*)\}\s*$", re.M)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")

# (article id, anchor or None) -> (href, problem or None); problem is "error: ..." or
# "warning: ..." text for the build report.
Resolver = Callable[[str, str | None], tuple[str, str | None]]

_MD: MarkdownIt | None = None


def markdown() -> MarkdownIt:
    """The one parser (building it costs more than rendering a page)."""
    global _MD
    if _MD is None:
        _MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return _MD


@dataclass
class RenderContext:
    locale: str
    source_locale: str
    resolve: Resolver
    glossary_href: str = ""  # URL of the locale's glossary page ("" = no glossary links)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    snippets: dict[tuple[str, str], str] = field(default_factory=dict)
    variables: dict[str, Variable] = field(default_factory=dict)


@dataclass
class Rendered:
    html: str
    problems: list[str]
    external_links: list[str]
    anchors: list[str]


def expand_snippets(
    body: str, locale: str, source: str, snippets: dict[tuple[str, str], str]
) -> str:
    """Replace snippet lines by the snippet of *locale*, else of the source locale."""

    def swap(match: re.Match[str]) -> str:
        sid = match.group(1)
        text = snippets.get((sid, locale), snippets.get((sid, source)))
        return text.strip("\n") if text is not None else match.group(0)

    if "{{" not in body:  # most texts: a substring test is much cheaper than the pattern
        return body
    return SNIPPET.sub(swap, body)


def expand(body: str, ctx: RenderContext) -> str:
    body = expand_snippets(body, ctx.locale, ctx.source_locale, ctx.snippets)
    return expand_variables(body, ctx.variables, ctx.locale)


def anchors_of(markdown_text: str) -> set[str]:
    """Explicit heading anchors (`## Title {#id}`) of an expanded body."""
    if "{#" not in markdown_text:  # cheap test first: this runs for every link target
        return set()
    return set(HEADING_ANCHOR.findall(markdown_text))


def _heading_ids(tokens: list[Token]) -> list[str]:
    found = []
    for i, tok in enumerate(tokens):
        if tok.type != "heading_open" or i + 1 >= len(tokens):
            continue
        inline = tokens[i + 1]
        match = ANCHOR_SUFFIX.search(inline.content)
        if not match or not inline.children:
            continue
        last = inline.children[-1]
        if last.type == "text":
            last.content = ANCHOR_SUFFIX.sub("", last.content)
            tok.attrSet("id", match.group(1))
            found.append(match.group(1))
    return found


def _links(
    tokens: list[Token], ctx: RenderContext, problems: list[str], external: list[str]
) -> None:
    for tok in _inline_children(tokens):
        if tok.type != "link_open":
            continue
        href = str(tok.attrGet("href") or "")
        if href.startswith("kb:"):
            target, _, anchor = href[3:].partition("#")
            url, problem = ctx.resolve(target, anchor or None)
            tok.attrSet("href", url)
            if problem:
                problems.append(problem)
        elif href.startswith(("http://", "https://")):
            external.append(href)
            tok.attrSet("rel", "noopener noreferrer")


def _inline_children(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for tok in tokens:
        if tok.type == "inline" and tok.children:
            out.extend(tok.children)
    return out


@dataclass(frozen=True)
class _Phrase:
    lower: str
    entry: GlossaryEntry
    pattern: re.Pattern[str]


@lru_cache(maxsize=64)
def _phrases(entries: tuple[GlossaryEntry, ...]) -> tuple[_Phrase, ...]:
    """Each term and variant once, longest first (a longer phrase wins at one position)."""
    found: dict[str, GlossaryEntry] = {}
    for entry in entries:
        for phrase in (entry.term, *entry.variants):
            if phrase and phrase.lower() not in found:
                found[phrase.lower()] = entry
    out = []
    for phrase in sorted(found, key=lambda p: (-len(p), p)):
        bare = re.escape(phrase)
        # Latin words match whole words only; CJK text has no spaces to bound a word.
        rx = bare if _CJK.search(phrase) else rf"(?<!\w){bare}(?!\w)"
        out.append(_Phrase(phrase, found[phrase], re.compile(rx, re.IGNORECASE)))
    return tuple(out)


def _glossary_links(tokens: list[Token], ctx: RenderContext) -> None:
    """Link the first occurrence of each term (in prose, outside links, code and headings)."""
    if not ctx.glossary_href or not ctx.glossary:
        return
    phrases = _phrases(tuple(ctx.glossary))
    seen: set[str] = set()
    in_heading = False
    for tok in tokens:
        if tok.type == "heading_open":
            in_heading = True
        elif tok.type == "heading_close":
            in_heading = False
        if tok.type != "inline" or in_heading or not tok.children:
            continue
        out: list[Token] = []
        depth = 0
        for child in tok.children:
            if child.type == "link_open":
                depth += 1
            elif child.type == "link_close":
                depth -= 1
            if child.type != "text" or depth:
                out.append(child)
                continue
            out.extend(_split_terms(child.content, phrases, seen, ctx.glossary_href))
        tok.children = out


def _split_terms(text: str, phrases: tuple[_Phrase, ...], seen: set[str], href: str) -> list[Token]:
    """*text* as text tokens with links around the first occurrence of unseen terms."""
    low = text.lower()
    # A substring test first: most phrases are not in most texts, and it is cheap.
    matches: list[tuple[int, int, _Phrase]] = []
    for p in phrases:
        if p.entry.id in seen or p.lower not in low:
            continue
        m = p.pattern.search(text)
        if m is not None:
            matches.append((m.start(), -(m.end() - m.start()), p))
    out: list[Token] = []
    pos = 0
    for start, neg_len, p in sorted(matches, key=lambda x: (x[0], x[1], x[2].lower)):
        if start < pos or p.entry.id in seen:
            continue
        seen.add(p.entry.id)
        end = start - neg_len
        if start > pos:
            out.append(_text(text[pos:start]))
        link = Token("link_open", "a", 1)
        link.attrs = {
            "href": f"{href}#term-{p.entry.id}",
            "class": "term",
            "title": p.entry.definition or p.entry.term,
        }
        out += [link, _text(text[start:end]), Token("link_close", "a", -1)]
        pos = end
    if pos < len(text):
        out.append(_text(text[pos:]))
    return out if matches else [_text(text)]


def _text(content: str) -> Token:
    tok = Token("text", "", 0)
    tok.content = content
    return tok


def render_markdown(body: str, ctx: RenderContext) -> Rendered:
    """Expanded, linked and sanitized HTML of one article body."""
    md = markdown()
    expanded = expand(body, ctx)
    tokens = md.parse(expanded)
    problems: list[str] = []
    external: list[str] = []
    anchors = _heading_ids(tokens)
    _links(tokens, ctx, problems, external)
    _glossary_links(tokens, ctx)
    html = md.renderer.render(tokens, md.options, {})
    return Rendered(clean(html), problems, external, anchors)
