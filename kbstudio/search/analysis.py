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
   Every CJK character also goes to a separate unigram stream, used only for one-character
   queries.
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

ANALYSIS_VERSION = 1

_RUN = regex.compile(r"\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{M}\p{N}\u30fc\u3005\u3006]+")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u30fc\u3005\u3006]+")
_MARKS = regex.compile(r"\p{Mn}+")
MAX_TERM = 64

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
CJK_LANGUAGES = frozenset({"zh", "ja", "ko"})


@dataclass(frozen=True)
class Token:
    term: str
    start: int  # offsets in the NFKC-normalized text
    end: int
    unigram: bool = False  # a CJK character for the one-character stream


@dataclass
class Analyzer:
    """The analysis of one locale; build with :func:`analyzer_for`."""

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
        fold = self.fold

        @lru_cache(maxsize=200_000)
        def word_term(word: str) -> str:
            term = stem(word) if stem is not None else word
            if fold:
                term = unicodedata.normalize(
                    "NFC", _MARKS.sub("", unicodedata.normalize("NFD", term))
                )
            return term

        self._word_term = word_term

    def tokens(self, text: str, *, keep_stopwords: bool = False) -> list[Token]:
        """Analyze *text* into terms with offsets (into the NFKC form of the text)."""
        text = normalize(text)
        out: list[Token] = []
        for run in _RUN.finditer(text):
            self._run(run.group(), run.start(), out, keep_stopwords)
        if self.synonyms:
            out = self._with_synonyms(out)
        return out

    def terms(self, text: str) -> list[str]:
        return [t.term for t in self.tokens(text) if not t.unigram]

    def unigrams(self, text: str) -> list[str]:
        return [t.term for t in self.tokens(text) if t.unigram]

    def _run(self, run: str, base: int, out: list[Token], keep_stopwords: bool) -> None:
        pos = 0
        for cjk in _CJK.finditer(run):
            if cjk.start() > pos:
                self._words(run[pos : cjk.start()], base + pos, out, keep_stopwords)
            self._cjk(cjk.group(), base + cjk.start(), out)
            pos = cjk.end()
        if pos < len(run):
            self._words(run[pos:], base + pos, out, keep_stopwords)

    def _words(self, word: str, base: int, out: list[Token], keep_stopwords: bool) -> None:
        if len(word) > MAX_TERM:
            return
        for a, b in self.extra_folds.items():
            word = word.replace(a, b)
        if not keep_stopwords and word in self.stopwords:
            return
        out.append(Token(self._word_term(word), base, base + len(word)))

    @staticmethod
    def _cjk(run: str, base: int, out: list[Token]) -> None:
        if len(run) == 1:
            out.append(Token(run, base, base + 1))
        for i in range(len(run) - 1):
            out.append(Token(run[i : i + 2], base + i, base + i + 2))
        for i, ch in enumerate(run):
            out.append(Token(ch, base + i, base + i + 1, unigram=True))

    def _with_synonyms(self, tokens: list[Token]) -> list[Token]:
        main = [t for t in tokens if not t.unigram]
        extra: list[Token] = []
        i = 0
        # Longest match first, left to right, never nested: "two-step verification" is
        # one idea, not also the "verification" inside it.
        while i < len(main):
            step = 1
            for size in range(min(self.max_synonym, len(main) - i), 0, -1):
                key = tuple(t.term for t in main[i : i + size])
                group = self.synonyms.get(key)
                if group is not None:
                    extra.append(Token(group, main[i].start, main[i + size - 1].end))
                    step = size
                    break
            i += step
        return tokens + extra


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
                key = tuple(
                    t.term for t in base.tokens(phrase, keep_stopwords=True) if not t.unigram
                )
                if key and key not in table:
                    table[key] = f"~{group}"
        base.synonyms = table
        base.max_synonym = max((len(k) for k in table), default=0)
    return base
