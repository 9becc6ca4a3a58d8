"""The allow-list every piece of article HTML passes before it reaches a page.

Markdown may carry raw HTML, and article bodies come from many hands (and from imports),
so nothing executable survives: no script or style elements, no event handlers, no
`javascript:` or `data:` URLs, no iframes, objects or forms. Headings keep their `id`
(nh3 drops it by default, which would break anchors and links to them).
"""

from __future__ import annotations

import nh3

TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl",
        "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "mark",
        "ol", "p", "pre", "s", "samp", "small", "span", "strong", "sub", "summary", "sup",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    }
)  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title", "class", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"style", "align", "colspan", "rowspan"},
    "th": {"style", "align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    **{f"h{n}": {"id"} for n in range(1, 7)},
}
# kb: links stay in the studio's preview (the site resolves them before cleaning).
SCHEMES = frozenset({"http", "https", "mailto", "kb"})
# Only text alignment may be styled (markdown-it writes table alignment that way).
STYLE_PROPERTIES = frozenset({"text-align"})

# The page's own policy: scripts, styles and images only from the site itself.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-src 'none'; object-src 'none'"
)


def clean(html: str) -> str:
    """*html* with everything outside the allow-list removed."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        url_schemes=set(SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
