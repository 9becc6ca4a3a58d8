"""Pseudo-localization: accented, about a third longer and bracketed, for layout tests.

Only the words change; protected pieces (code, URLs, references, tags) stay as they are,
so pseudo-localized Markdown renders and links like the source.
"""

from __future__ import annotations

from kbstudio.translation.segmentation import inline_parts

_ACCENTS = str.maketrans(
    "AaBCcDdEeFGgHhIiJjKkLlNnOoRrSsTtUuWwYyZz",
    "ÅåßÇçÐðÉéƑĜĝĤĥÎîĴĵĶķĻļÑñÖöŔŕŠšŢţÛûŴŵÝýŽž",
)
EXPANSION = 0.35  # between the 30 and 40 % that German or Russian add to English
_PAD = "·"


def pseudo(text: str) -> str:
    """Pseudo-localize one unit of Markdown."""
    body = "".join(p if prot else p.translate(_ACCENTS) for p, prot in inline_parts(text))
    words = sum(len(p) for p, prot in inline_parts(text) if not prot)
    extra = max(round(len(text) * EXPANSION) - 2, 0)  # the brackets count towards it
    if words == 0:
        return text
    return f"[{body}{' ' + _PAD * (extra - 1) if extra > 1 else ''}]"
