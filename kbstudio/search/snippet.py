"""A highlighted excerpt: the window of the body with the most query terms."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kbstudio.search.analysis import Analyzer

WIDTH = 180
# The excerpt comes from the start of the body: analyzing all of a long text per hit
# would cost more than the search itself.
SCAN = 2_500


def highlight(analyzer: Analyzer, body: str, terms: set[str], *, width: int = WIDTH) -> str:
    """HTML: the best window of *body* with matches in <mark>, everything else escaped."""
    from kbstudio.search.analysis import normalize

    text = normalize(body[:SCAN])
    body = body[:SCAN] if len(text) == len(body[:SCAN]) else text  # NFKC changed lengths
    spans = [(t.start, t.end) for t in analyzer.tokens(text, unigrams=False) if t.term in terms]
    if not spans:
        excerpt = body[:width]
        return html.escape(excerpt + ("…" if len(body) > width else ""))
    best_start, best_count = 0, -1
    for start, _ in spans:
        count = sum(1 for s, e in spans if start <= s and e <= start + width)
        if count > best_count:
            best_start, best_count = start, count
    begin = max(0, best_start - width // 4)
    end = min(len(body), begin + width)
    inside: list[tuple[int, int]] = []
    for s, e in sorted({(s, e) for s, e in spans if begin <= s and e <= end}):
        if inside and s <= inside[-1][1]:  # overlapping CJK bigrams: one mark
            inside[-1] = (inside[-1][0], max(e, inside[-1][1]))
        else:
            inside.append((s, e))
    out: list[str] = ["…" if begin > 0 else ""]
    pos = begin
    for s, e in inside:
        if s < pos:
            continue
        out.append(html.escape(body[pos:s]))
        out.append(f"<mark>{html.escape(body[s:e])}</mark>")
        pos = e
    out.append(html.escape(body[pos:end]))
    out.append("…" if end < len(body) else "")
    return " ".join("".join(out).split())
