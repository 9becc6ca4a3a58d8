"""Quality checks of a translation against the source it was made from.

Errors block a submission for review: a changed fee or limit, a lost link or reference,
a broken structure, a glossary term rendered otherwise than approved, a forbidden
variant, a changed do-not-translate term. Warnings help: extra numbers, units left
untranslated, units much longer or shorter than their neighbours.

When both documents have the same units (the translation mirrors its source), checks run
unit by unit and name the unit; otherwise they run on the whole text.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kbstudio.translation.segmentation import (
    HEADING,
    LIST_ITEM,
    Document,
    inline_parts,
    protected_spans,
    segment,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from kbstudio.translation.glossary import Term

ERROR, WARNING = "error", "warning"
_CJK_LANGS = frozenset({"zh", "ja", "ko"})
_NUMBER = re.compile(r"(?<![A-Za-z\d])\d+(?:[.,\u00a0\u202f' ]\d+)*(?![A-Za-z\d])")
_REF = re.compile(r"\{\{(?:snippet|var):[^}\n]*\}\}")
_ANCHOR = re.compile(r"\{#[\w.:-]+\}")
_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Issue:
    code: str
    severity: str
    message: str
    segment: int | None = None  # index of the unit in the translation, when aligned


@dataclass(frozen=True)
class Matcher:
    """Finds glossary forms in text of one locale: analyzed phrases, or CJK substrings."""

    locale: str
    terms_of: Callable[[str], list[str]] | None = None

    @property
    def cjk(self) -> bool:
        return self.locale.split("-")[0].lower() in _CJK_LANGS

    def contains(self, text: str, form: str) -> bool:
        norm_text, norm_form = _norm(text), _norm(form)
        if not norm_form:
            return False
        if self.cjk or self.terms_of is None:
            if self.cjk:
                return norm_form in norm_text
            return re.search(rf"(?<!\w){re.escape(norm_form)}(?!\w)", norm_text) is not None
        phrase = self.terms_of(form)
        if not phrase:
            return norm_form in norm_text
        words = self.terms_of(text)
        size = len(phrase)
        return any(words[i : i + size] == phrase for i in range(len(words) - size + 1))


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def numbers(text: str) -> Counter[str]:
    """The numbers of a text's words (not of its code, URLs or references), normalized."""
    words = " ".join(p for p, protected in inline_parts(text) if not protected)
    words = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in words)
    return Counter(_number_value(m.group(0)) for m in _NUMBER.finditer(words))


def _number_value(token: str) -> str:
    """One spelling per value: 1,000 = 1.000 = 1 000 and 0,5 = 0.5."""
    token = re.sub(r"[\u00a0\u202f' ]", "", token)
    seps = [c for c in token if c in ",."]
    if not seps:
        return str(int(token))
    if len(set(seps)) == 2:
        decimal = seps[-1]
        whole, frac = token.rsplit(decimal, 1)
        token = re.sub(r"[.,]", "", whole) + "." + frac
    elif len(seps) > 1:
        token = token.replace(seps[0], "")
    else:
        whole, frac = token.split(seps[0])
        # A single separator before three digits groups thousands (1,000), unless it
        # follows a lone zero (0.075).
        token = whole + frac if len(frac) == 3 and whole.lstrip("0") else whole + "." + frac
    whole, _, frac = token.partition(".")
    frac = frac.rstrip("0")
    return f"{int(whole or '0')}" + (f".{frac}" if frac else "")


def links(text: str) -> Counter[str]:
    found = [d[2:-1].split()[0] if d[2:-1].split() else "" for d in protected_spans(text, "dest")]
    found += protected_spans(text, "url") + [a[1:-1] for a in protected_spans(text, "autolink")]
    return Counter(found)


def check(
    source: str,
    target: str,
    *,
    source_locale: str,
    target_locale: str,
    terms: Sequence[Term] = (),
    source_terms: Callable[[str], list[str]] | None = None,
    target_terms: Callable[[str], list[str]] | None = None,
) -> list[Issue]:
    """Every issue of *target* (a translation) against *source*, errors first."""
    src_doc, dst_doc = segment(source), segment(target)
    issues = _structure(src_doc, dst_doc)
    issues += _multiset("ref", _REF.findall(source), _REF.findall(target), "reference")
    issues += _multiset(
        "link", list(links(source).elements()), list(links(target).elements()), "link"
    )
    aligned = [s.kind for s in src_doc.segments] == [s.kind for s in dst_doc.segments]
    pairs: list[tuple[int | None, str, str]] = (
        [(d.index, s.text, d.text) for s, d in zip(src_doc.segments, dst_doc.segments, strict=True)]
        if aligned
        else [(None, source, target)]
    )
    src_match = Matcher(source_locale, source_terms)
    dst_match = Matcher(target_locale, target_terms)
    for index, src, dst in pairs:
        issues += number_issues(src, dst, index)
        issues += glossary(src, dst, terms, src_match, dst_match, index)
    if aligned:
        issues += _untranslated(pairs, source_locale, target_locale)
        issues += _length_outliers(pairs)
    return sorted(issues, key=lambda i: (i.severity != ERROR, i.segment or -1))


def _structure(src: Document, dst: Document) -> list[Issue]:
    issues = []
    for kind, label in ((HEADING, "headings"), (LIST_ITEM, "list items")):
        a, b = src.kinds()[kind], dst.kinds()[kind]
        if a != b:
            issues.append(Issue("structure", ERROR, f"{b} {label} where the source has {a}"))
    issues += _multiset("anchor", _ANCHOR.findall(src.text), _ANCHOR.findall(dst.text), "anchor")
    return issues


def _multiset(code: str, src: list[str], dst: list[str], label: str) -> list[Issue]:
    a, b = Counter(src), Counter(dst)
    out = [Issue(code, ERROR, f"{label} {x} is missing") for x in sorted((a - b).elements())]
    out += [
        Issue(code, ERROR, f"{label} {x} is not in the source") for x in sorted((b - a).elements())
    ]
    return out


_CJK_DIGITS = dict(
    zip(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"], "一二三四五六七八九十", strict=True)
)


def number_issues(src: str, dst: str, index: int | None) -> list[Issue]:
    a, b = numbers(src), numbers(dst)
    out = []
    for x in sorted((a - b).elements()):
        # "Level 1" may read 一级 in Chinese or Japanese: worth a look, not a refusal.
        if x in _CJK_DIGITS and _CJK_DIGITS[x] in dst:
            message = f"number {x} of the source is written as {_CJK_DIGITS[x]}?"
            out.append(Issue("number", WARNING, message, index))
        else:
            out.append(Issue("number", ERROR, f"number {x} of the source is missing", index))
    out += [
        Issue("number", WARNING, f"number {x} is not in the source", index)
        for x in sorted((b - a).elements())
    ]
    return out


def glossary(
    src: str,
    dst: str,
    terms: Sequence[Term],
    src_match: Matcher,
    dst_match: Matcher,
    index: int | None = None,
) -> list[Issue]:
    """Glossary issues of one unit: approved renderings, forbidden variants, DNT terms."""
    out: list[Issue] = []
    src_words = " ".join(p for p, prot in inline_parts(src) if not prot)
    dst_words = " ".join(p for p, prot in inline_parts(dst) if not prot)
    for term in terms:
        there = term.rendering(dst_match.locale)
        if there is not None:
            for bad in there.forbidden:
                if dst_match.contains(dst_words, bad) and not _approved_form_of(
                    bad, there.term, dst_words, dst_match
                ):
                    out.append(
                        Issue(
                            "forbidden", ERROR, f"{bad!r} is forbidden: use {there.term!r}", index
                        )
                    )
        here = term.rendering(src_match.locale)
        if here is None:
            continue
        # Variants ("send" for "withdrawal") are too loose to demand the term; the approved
        # term, in any inflection, is not.
        triggers = here.accepted() if term.dnt else (here.term,)
        if not any(src_match.contains(src_words, f) for f in triggers):
            continue
        if term.dnt:
            if not any(f.lower() in dst_words.lower() for f in here.accepted()):
                out.append(Issue("dnt", ERROR, f"{here.term!r} must stay untranslated", index))
        elif there is not None and not any(
            dst_match.contains(dst_words, f) for f in there.accepted()
        ):
            out.append(
                Issue(
                    "glossary",
                    ERROR,
                    f"{here.term!r} must be rendered as {there.term!r}",
                    index,
                )
            )
    return out


def _approved_form_of(bad: str, approved: str, text: str, match: Matcher) -> bool:
    """True when *bad* matched only because it analyzes like the approved term.

    Stemming and stop words can make a forbidden variant and the approved term one phrase
    ("precio marcado" and "precio de marca" both read "preci marc"): then only the
    forbidden words as written count, or the approved term would be refused.
    """
    if match.terms_of is None or match.cjk:
        return False
    if match.terms_of(bad) != match.terms_of(approved):
        return False
    return re.search(rf"(?<!\w){re.escape(_norm(bad))}(?!\w)", _norm(text)) is None


def _untranslated(
    pairs: list[tuple[int | None, str, str]], source_locale: str, target_locale: str
) -> list[Issue]:
    if source_locale.split("-")[0] == target_locale.split("-")[0]:
        return []
    out = []
    for index, src, dst in pairs:
        words = _LETTERS.findall(" ".join(p for p, prot in inline_parts(src) if not prot))
        if len(words) >= 3 and " ".join(src.split()) == " ".join(dst.split()):
            out.append(Issue("untranslated", WARNING, "this unit is not translated", index))
    return out


def _length_outliers(pairs: list[tuple[int | None, str, str]]) -> list[Issue]:
    """Units whose length ratio is far from the document's usual one."""
    ratios = [(i, len(d) / len(s)) for i, s, d in pairs if len(s) >= 20]
    if len(ratios) < 4:
        return []
    usual = statistics.median(r for _, r in ratios)
    return [
        Issue("length", WARNING, f"{r / usual:.1f}x the usual length ratio of this text", i)
        for i, r in ratios
        if r > usual * 2.5 or r < usual / 2.5
    ]
