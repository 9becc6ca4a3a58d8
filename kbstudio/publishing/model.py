"""What the site builder takes: plain values that services collect from the workspace."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    import numpy as np

    from kbstudio.domain.variables import Variable


@dataclass(frozen=True)
class SiteSection:
    id: str
    category: str
    names: dict[str, str]


@dataclass(frozen=True)
class SiteCategory:
    id: str
    names: dict[str, str]
    sections: tuple[SiteSection, ...]


@dataclass(frozen=True)
class SiteArticle:
    """One published text: an article in one locale."""

    id: str
    locale: str
    slug: str
    title: str
    body: str  # Markdown as written (snippets and variables not yet expanded)
    type: str
    category: str
    section: str
    position: int
    updated_at: dt.datetime
    outdated: bool = False
    tags: tuple[str, ...] = ()
    ends_at: dt.datetime | None = None


@dataclass(frozen=True)
class GlossaryEntry:
    id: str
    term: str
    variants: tuple[str, ...]
    definition: str


@dataclass(frozen=True)
class SearchDump:
    """A locale's published search index as exported from Whoosh (see searchexport.py)."""

    locale: str
    k1: float
    b: float
    synonym_weight: float
    chars_boost: float
    stemmer: str | None
    stopwords: tuple[str, ...]
    fold: bool
    extra_folds: dict[str, str]
    synonyms: dict[tuple[str, ...], str]
    # Per live document, in article id order: article id.
    doc_ids: tuple[str, ...]
    # field -> (avg length, per-document length in doc_ids order)
    lengths: dict[str, tuple[float, tuple[float, ...]]]
    # (field, term) -> (idf, document numbers ascending, their weights): numpy arrays
    postings: dict[tuple[str, str], tuple[float, np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class SearchSource:
    """A locale's search index, read only when it changed since the last build.

    *state* names the index's content (its segments and tuning): the same state gives the
    same dump, so the builder keeps the previous export instead of calling *load*.
    """

    state: str
    load: Callable[[], SearchDump]


@dataclass
class SiteInput:
    """Everything one build needs; the same input gives the same site, byte for byte."""

    name: str
    source_locale: str
    locales: list[str]
    categories: list[SiteCategory]
    articles: dict[tuple[str, str], SiteArticle]
    glossary: dict[str, list[GlossaryEntry]] = field(default_factory=dict)
    snippets: dict[tuple[str, str], str] = field(default_factory=dict)
    variables: dict[str, Variable] = field(default_factory=dict)
    search: dict[str, SearchSource] = field(default_factory=dict)
    # Announcements that already ended are left out by the collector; the next end
    # date of those still shown tells when the site must be rebuilt.
    next_rebuild: dt.datetime | None = None
    base_url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
