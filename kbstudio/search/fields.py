"""Whoosh field types that index with our analysis, so Whoosh never tokenizes.

They are pickled into each index's schema, so they live here, in an importable module.
Their configuration (locale, synonyms, boosts) travels with them; the analyzer is rebuilt
on first use in whatever process indexes (Whoosh's writer may fork).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import TEXT
from whoosh.system import pack_uint

from kbstudio.search.analysis import Analyzer, analyzer_for, cjk_unigrams


def _postings(weights: dict[str, float], counts: Counter[str]) -> Any:
    for term, freq in counts.items():
        yield term.encode("utf-8"), freq, weights[term], pack_uint(freq)


class WeightedText(TEXT):  # type: ignore[misc]
    """One field for title, keywords, headings and body: BM25F's weighted term frequency.

    The value is a sequence of (part, text) pairs; each occurrence of a term adds its
    part's boost to the term's weight, and 1 to the field length.
    """

    def __init__(self, locale: str, synonyms: dict[str, list[str]], boosts: dict[str, float]):
        super().__init__(analyzer=SpaceSeparatedTokenizer(), phrase=False)
        self.locale = locale
        self.synonyms = synonyms
        self.boosts = boosts
        self._analyzer: Analyzer | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_analyzer"] = None
        return state

    @property
    def text_analyzer(self) -> Analyzer:
        if self._analyzer is None:
            self._analyzer = analyzer_for(self.locale, self.synonyms)
        return self._analyzer

    def part_counts(self, parts: Any) -> dict[str, Counter[str]]:
        analyzer = self.text_analyzer
        return {part: Counter(analyzer.index_terms(text)) for part, text in parts}

    def index(self, value: Any, **kwargs: Any) -> Any:
        counts: Counter[str] = Counter()
        weights: dict[str, float] = {}
        for part, part_counts in self.part_counts(value).items():
            boost = self.boosts.get(part, 1.0)
            for term, n in part_counts.items():
                counts[term] += n
                weights[term] = weights.get(term, 0.0) + boost * n
        return _postings(weights, counts)


class CjkChars(TEXT):  # type: ignore[misc]
    """Every CJK character of the value, for one-character queries."""

    def __init__(self) -> None:
        super().__init__(analyzer=SpaceSeparatedTokenizer(), phrase=False)

    def index(self, value: Any, **kwargs: Any) -> Any:
        counts = Counter(cjk_unigrams(value))
        return _postings({t: float(n) for t, n in counts.items()}, counts)
