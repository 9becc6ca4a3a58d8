"""Glossary and facts: forbidden variants, altered do-not-translate terms, numbers that
contradict a workspace variable.

The contradiction check is a heuristic. It looks at each sentence (or table row) that
names one of a variable's terms in that locale; if the sentence states a number with the
variable's unit (``0.0004 BTC``, ``0.2%``) and none of those numbers equals the variable,
it reports the sentence. It does not understand tables whose header names the term, prose
that spells numbers in words, or units written differently (``bitcoin`` for ``BTC``); and a
sentence that gives both the old and the new value is not reported, since it usually says
that the value changed.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from kbstudio.health.model import Finding, GlossaryEntry, Severity, TextState, impact_of

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from kbstudio.domain.variables import Variable

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# A sentence or a table row; a point inside a number (0.0002) does not end a sentence.
_SENTENCE = re.compile(r"(?:[^.!?。！？\n]|\.(?=\d))+")


def _contains(text: str, phrase: str) -> bool:
    if not phrase:
        return False
    if _CJK.search(phrase):
        return phrase in text
    pattern = r"(?<![\w])" + re.escape(phrase) + r"(?![\w])"
    return re.search(pattern, text, flags=re.IGNORECASE) is not None


def glossary(
    texts: Iterable[TextState], entries: list[GlossaryEntry], sources: dict[str, TextState]
) -> Iterator[Finding]:
    """Forbidden variants used, and do-not-translate terms changed in a translation."""
    for t in texts:
        if t.status == "archived":
            continue
        body = t.prose + "\n" + t.title
        for entry in entries:
            rendering = entry.renderings.get(t.locale)
            if rendering is not None:
                approved, forbidden = rendering
                # "phishing code" inside "anti-phishing code" is not a forbidden use.
                cleaned = _without(body, approved)
                for bad in forbidden:
                    if _contains(cleaned, bad):
                        yield Finding(
                            "glossary-forbidden",
                            Severity.WARNING,
                            t.locale,
                            t.article_id,
                            t.title,
                            f"uses {bad!r}; the glossary says {approved!r}",
                            impact=impact_of(t),
                            detail={"term": entry.term_id, "found": bad},
                        )
            if entry.dnt and not t.is_source:
                source = sources.get(t.article_id)
                term = entry.renderings.get(source.locale if source else "", ("", []))[0]
                if source and term and _case_word(source.prose, term) and term not in body:
                    yield Finding(
                        "glossary-dnt",
                        Severity.WARNING,
                        t.locale,
                        t.article_id,
                        t.title,
                        f"do-not-translate term {term!r} of the source is missing or altered",
                        impact=impact_of(t),
                        detail={"term": entry.term_id},
                    )


def _without(text: str, phrase: str) -> str:
    if not phrase:
        return text
    return re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)


def _case_word(text: str, term: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(term) + r"(?!\w)", text) is not None


def _numbers(sentence: str, unit: str) -> list[str]:
    if unit == "%":
        pattern = r"(\d[\d,.\u00a0\u202f ]*\d|\d)\s?%"
    else:
        pattern = r"(\d[\d,.\u00a0\u202f]*\d|\d)\s?" + re.escape(unit) + r"(?![A-Za-z])"
    return re.findall(pattern, sentence)


def _as_decimal(text: str, locale: str) -> Decimal | None:
    raw = re.sub(r"[\u00a0\u202f ]", "", text)
    # Comma decimals (es 0,0004; ru 0,0004) versus comma thousands (en 1,200).
    if "," in raw and "." not in raw and re.search(r",\d{1,2}$|^0,", raw):
        raw = raw.replace(",", ".")
    else:
        raw = raw.replace(",", "")
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def facts(texts: Iterable[TextState], variables: list[Variable]) -> Iterator[Finding]:
    """Sentences that state a variable's fact with another number (see module docstring)."""
    checked = [v for v in variables if v.kind in ("amount", "percent") and v.terms]
    for t in texts:
        if t.status == "archived":
            continue
        body = t.prose
        for var in checked:
            terms = var.terms.get(t.locale, [])
            unit = var.unit if var.kind == "amount" else "%"
            for sentence in _SENTENCE.findall(body):
                if not any(_contains(sentence, term) for term in terms):
                    continue
                numbers = [
                    n for n in (_as_decimal(s, t.locale) for s in _numbers(sentence, unit)) if n
                ]
                if numbers and var.number not in numbers:
                    stated = ", ".join(f"{n} {unit}" for n in numbers)
                    yield Finding(
                        "fact-mismatch",
                        Severity.ERROR,
                        t.locale,
                        t.article_id,
                        t.title,
                        f"says {stated} where variable {var.name} is {var.value} {unit}:"
                        f" “{sentence.strip()[:120]}”",
                        impact=impact_of(t),
                        detail={"variable": var.name},
                    )
