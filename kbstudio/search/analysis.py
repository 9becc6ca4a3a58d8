"""Turning text into index terms, one set of rules per locale.

The rules, in order (documented in search_index/README.md, mirrored in the site's JS):
1. Unicode NFKC (full-width letters and digits become ASCII, half-width kana full-width),
   then lowercase.
2. Runs of letters, marks and digits are split into CJK runs (Han, Hiragana, Katakana,
   Hangul) and other words; a number keeps its decimal point (0.0005).
3. Words: letter folds of the locale (ru: ё = е), stop words dropped, the Snowball
   stemmer of the locale's language, then diacritics folded where the locale says so
   (es: depósito = deposito).
4. CJK runs: overlapping character bigrams; a one-character run is kept as a unigram.
   The CJK characters of titles, keywords and headings also go to a separate unigram
   field, searched only for one-character queries.
5. Synonyms: where a run of terms spells one member of a synonym group, a group term
   ("~<group>") is added, so that every member of the group matches every other.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import regex
import snowballstemmer
from whoosh.lang import NoStopWords, stopwords_for_language

ANALYSIS_VERSION = 2

_CJK_CLASS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u30fc\u3005\u3006"
# One pass: a decimal number, a CJK run, or a run of other letters, marks and digits.
_SPLIT = regex.compile(
    r"(\p{N}+(?:[.,]\p{N}+)+)|([" + _CJK_CLASS + r"]+)"
    r"|([[\p{L}\p{M}\p{N}]--[" + _CJK_CLASS + r"]]+)",
    regex.V1,
)
_CJK_CHAR = regex.compile(r"[" + _CJK_CLASS + r"]")
_MARKS = regex.compile(r"\p{Mn}+")
MAX_TERM = 64
STOP = "\x00"  # marks a stop word inside the fast path; never reaches the index

# Whoosh's language list, each with the Snowball algorithm of that language.
SNOWBALL = {
    "ar": "arabic",
    "da": "danish",
    "de": "german",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "it": "italian",
    "nl": "dutch",
    "no": "norwegian",
    "nb": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "tr": "turkish",
}
# Languages whose readers often type without accents.
FOLD_DIACRITICS = frozenset({"es", "pt", "fr", "it", "ca", "ro", "de", "nl", "da", "no", "sv"})
EXTRA_FOLDS = {"ru": {"ё": "е"}}


@dataclass(frozen=True)
class Token:
    term: str
    start: int  # offsets in the NFKC-normalized text
    end: int
    unigram: bool = False  # a CJK character for the one-character stream


@dataclass
class Analyzer:
    """The analysis of one locale; build with :func:`analyzer_for`.

    ``tokens`` gives terms with offsets (queries, highlighting); ``index_terms`` gives the
    same terms without offsets, fast, for indexing. Tests hold the two equal.
    """

    locale: str
    language: str
    stemmer_name: str | None
    stopwords: frozenset[str]
    fold: bool
    extra_folds: dict[str, str]
    # Synonym groups: tuple of terms -> group term, and the longest member length.
    synonyms: dict[tuple[str, ...], str] = field(default_factory=dict)
    max_synonym: int = 0

    def __post_init__(self) -> None:
        stem = snowballstemmer.stemmer(self.stemmer_name).stemWord if self.stemmer_name else None
        fold, extra, stop = self.fold, self.extra_folds, self.stopwords

        @lru_cache(maxsize=200_000)
        def word_term(word: str) -> tuple[str, bool] | None:
            """(term, is a stop word) of a word; None for an over-long word."""
            if len(word) > MAX_TERM:
                return None
            for a, b in extra.items():
                word = word.replace(a, b)
            if word in stop:
                return word, True
            term = stem(word) if stem is not None else word
            if fold:
                bare = _MARKS.sub("", unicodedata.normalize("NFD", term))
                term = unicodedata.normalize("NFC", bare)
            return term, False

        self._word_term = word_term
        self._first_terms: frozenset[str] = frozenset()

    def set_synonyms(self, table: dict[tuple[str, ...], str]) -> None:
        self.synonyms = table
        self.max_synonym = max((len(k) for k in table), default=0)
        self._first_terms = frozenset(k[0] for k in table)

    # -- with offsets ------------------------------------------------------------

    def tokens(
        self, text: str, *, keep_stopwords: bool = False, unigrams: bool = True
    ) -> list[Token]:
        """Analyze *text* into terms with offsets (into the NFKC form of the text)."""
        text = normalize(text)
        out: list[Token] = []
        stops: set[int] = set()  # ids of stop-word tokens: kept for synonyms, then dropped
        for match in _SPLIT.finditer(text):
            number, cjk, word = match.groups()
            start = match.start()
            if cjk:
                out.extend(_cjk_tokens(cjk, start, unigrams))
                continue
            found = self._word_term(number or word)
            if found is not None:
                token = Token(found[0], start, match.end())
                if found[1]:
                    stops.add(id(token))
                out.append(token)
        if self.synonyms:
            main = [t for t in out if not t.unigram]
            spans = self._synonym_spans([t.term for t in main])
            out += [Token(g, main[i].start, main[j - 1].end) for g, i, j in spans]
        if keep_stopwords:
            return out
        return [t for t in out if id(t) not in stops]

    def terms(self, text: str) -> list[str]:
        return [t.term for t in self.tokens(text) if not t.unigram]

    def unigrams(self, text: str) -> list[str]:
        return [t.term for t in self.tokens(text) if t.unigram]

    # -- fast path for indexing ----------------------------------------------------

    def index_terms(self, text: str) -> list[str]:
        """The main terms of *text*, synonym terms last: what ``terms`` gives, faster."""
        word_term = self._word_term
        out: list[str] = []
        has_stops = False
        for number, cjk, word in _SPLIT.findall(normalize(text)):
            if cjk:
                if len(cjk) == 1:
                    out.append(cjk)
                else:
                    out.extend([cjk[i : i + 2] for i in range(len(cjk) - 1)])
                continue
            found = word_term(number or word)
            if found is not None:
                if found[1]:
                    has_stops = True
                    out.append(STOP + found[0])
                else:
                    out.append(found[0])
        groups = [g for g, _, _ in self._synonym_spans(out)] if self.synonyms else []
        if has_stops:
            out = [t for t in out if not t.startswith(STOP)]
        return out + groups

    def _synonym_spans(self, terms: list[str]) -> list[tuple[str, int, int]]:
        """(group term, start, end) of synonym phrases in *terms*.

        Longest first, left to right, never nested: "two-step verification" is one
        idea, not also the "verification" inside it.
        """
        firsts, table, longest = self._first_terms, self.synonyms, self.max_synonym
        terms = [t.removeprefix(STOP) for t in terms]
        found: list[tuple[str, int, int]] = []
        i, n = 0, len(terms)
        while i < n:
            step = 1
            if terms[i] in firsts:
                for size in range(min(longest, n - i), 0, -1):
                    group = table.get(tuple(terms[i : i + size]))
                    if group is not None:
                        found.append((group, i, i + size))
                        step = size
                        break
            i += step
        return found


def _cjk_tokens(run: str, base: int, unigrams: bool = True) -> list[Token]:
    out = [Token(run, base, base + 1)] if len(run) == 1 else []
    out += [Token(run[i : i + 2], base + i, base + i + 2) for i in range(len(run) - 1)]
    if unigrams:
        out += [Token(ch, base + i, base + i + 1, unigram=True) for i, ch in enumerate(run)]
    return out


def cjk_unigrams(text: str) -> list[str]:
    """Every CJK character of *text*, for one-character queries."""
    return list(_CJK_CHAR.findall(normalize(text)))


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def language_of(locale: str) -> str:
    return locale.replace("_", "-").split("-")[0].lower()


def analyzer_for(locale: str, synonym_groups: dict[str, list[str]] | None = None) -> Analyzer:
    """The analyzer of *locale*, with synonym groups (group id -> member phrases)."""
    lang = language_of(locale)
    stemmer = SNOWBALL.get(lang)
    try:
        stop = frozenset(stopwords_for_language(lang)) if stemmer else frozenset()
    except (KeyError, NoStopWords):
        stop = frozenset()
    base = Analyzer(
        locale=locale,
        language=lang,
        stemmer_name=stemmer,
        stopwords=stop,
        fold=lang in FOLD_DIACRITICS,
        extra_folds=EXTRA_FOLDS.get(lang, {}),
    )
    if synonym_groups:
        table: dict[tuple[str, ...], str] = {}
        for group, phrases in sorted(synonym_groups.items()):
            for phrase in phrases:
                tokens = base.tokens(phrase, keep_stopwords=True)
                key = tuple(t.term for t in tokens if not t.unigram)
                if key and key not in table:
                    table[key] = f"~{group}"
        base.set_synonyms(table)
    return base
