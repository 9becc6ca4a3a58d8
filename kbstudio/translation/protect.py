"""Placeholders: what a machine translator must not touch, swapped out and back.

Before a unit goes to a provider, its protected pieces (inline code, URLs, link
destinations, snippet and variable references, HTML tags), its do-not-translate terms and
its glossary terms become numbered placeholders ``{0}``, ``{1}``... After the reply,
each placeholder is replaced by the original piece, or by the glossary's approved
rendering in the target locale. A reply that lost or repeated a placeholder is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kbstudio.translation.segmentation import inline_parts

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kbstudio.translation.glossary import Term

_SLOT = re.compile(r"\{\s*(\d+)\s*\}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


class PlaceholderError(ValueError):
    """A provider's reply lost, repeated or invented a placeholder."""


@dataclass(frozen=True)
class Protected:
    """A unit ready to send: its text with placeholders, and what each one stands for."""

    text: str
    slots: tuple[str, ...]
    glossary: tuple[str, ...] = ()  # ids of glossary terms applied

    def restore(self, reply: str) -> str:
        """Put the pieces back into a provider's *reply*; refuse a damaged reply."""
        seen: list[int] = []

        def put(m: re.Match[str]) -> str:
            k = int(m.group(1))
            if k >= len(self.slots):
                raise PlaceholderError(f"the reply invented placeholder {{{k}}}")
            seen.append(k)
            return self.slots[k]

        out = _SLOT.sub(put, reply)
        missing = sorted(set(range(len(self.slots))) - set(seen))
        if missing:
            shown = ", ".join(f"{{{k}}}" for k in missing)
            raise PlaceholderError(f"the reply lost placeholder(s) {shown}")
        if len(seen) != len(set(seen)):
            raise PlaceholderError("the reply repeated a placeholder")
        return out


def term_pattern(term: str) -> re.Pattern[str]:
    """A case-insensitive pattern for *term* as a whole word (CJK: as a substring)."""
    body = re.escape(term)
    if _CJK.search(term):
        return re.compile(body)
    # An English plural of a glossary term is still the term.
    return re.compile(rf"(?<!\w){body}(?:s|es)?(?!\w)", re.IGNORECASE)


def protect(
    text: str, *, terms: Sequence[Term] = (), source_locale: str = "", target_locale: str = ""
) -> Protected:
    """Swap *text*'s protected pieces and glossary terms for placeholders."""
    slots: list[str] = []
    applied: list[str] = []

    def slot(value: str) -> str:
        slots.append(value)
        return "{" + str(len(slots) - 1) + "}"

    rules = _glossary_rules(terms, source_locale, target_locale)
    out: list[str] = []
    for piece, is_protected in inline_parts(text):
        if is_protected:
            out.append(slot(piece))
            continue
        # Literal "{3}" in the text would read as a placeholder: protect it too.
        piece = _SLOT.sub(lambda m: slot(m.group(0)), piece)
        for term_id, pattern, rendering in rules:

            def swap(
                m: re.Match[str], rendering: str | None = rendering, tid: str = term_id
            ) -> str:
                applied.append(tid)
                return slot(m.group(0) if rendering is None else rendering)

            piece = _replace_outside_slots(piece, pattern, swap)
        out.append(piece)
    return Protected("".join(out), tuple(slots), tuple(dict.fromkeys(applied)))


def _glossary_rules(
    terms: Sequence[Term], source_locale: str, target_locale: str
) -> list[tuple[str, re.Pattern[str], str | None]]:
    """(term id, source pattern, replacement or None to keep as is), longest first."""
    rules: list[tuple[str, str, str | None]] = []
    for term in terms:
        src = term.rendering(source_locale)
        if src is None:
            continue
        if term.dnt:
            rules += [(term.id, form, None) for form in src.accepted()]
            continue
        dst = term.rendering(target_locale)
        if dst is not None:
            rules.append((term.id, src.term, dst.term))
    rules.sort(key=lambda r: len(r[1]), reverse=True)
    return [(tid, term_pattern(form), rep) for tid, form, rep in rules]


def _replace_outside_slots(text: str, pattern: re.Pattern[str], swap: object) -> str:
    """Apply *pattern* only to the text between existing placeholders."""
    pieces = _SLOT.split(text)
    # split keeps the slot numbers at odd positions.
    for k in range(0, len(pieces), 2):
        pieces[k] = pattern.sub(swap, pieces[k])  # type: ignore[call-overload]
    return "".join(p if k % 2 == 0 else "{" + p + "}" for k, p in enumerate(pieces))
