"""What the site builder takes: plain values that services collect from the workspace."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kbstudio.domain.errors import ConflictError

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable

    import numpy as np

    from kbstudio.domain.variables import Variable

    BodyLoader = Callable[[list[tuple[str, str]]], dict[tuple[str, str], str]]


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


@dataclass(slots=True)
class SiteArticle:
    """One published text: an article in one locale. Not changed once made (not frozen:
    a frozen dataclass's __init__ cost three times as much, 30,000 times a publish)."""

    id: str
    locale: str
    slug: str
    title: str
    # Markdown as written (snippets and variables not yet expanded); None when the
    # collector left it in the database: SiteInput.body() reads it when a page needs it.
    body: str | None
    type: str
    category: str
    section: str
    position: int
    updated_at: dt.datetime
    outdated: bool = False
    tags: tuple[str, ...] = ()
    ends_at: dt.datetime | None = None
    # text_hash(title, body), from the database's revision when the body was left there.
    text_hash: str = ""


def text_hash(title: str, body: str) -> str:
    """Names a text's content (the same as the revisions table's content_hash)."""
    return hashlib.sha256(f"{title}\0{body}".encode()).hexdigest()


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
    # Reads the bodies the collector left in the database, by (article, locale).
    load_bodies: BodyLoader | None = None
    # What changed since the site at OUT was built, when the collector knows (from the
    # build state): each text added, removed or changed, with its previous value (None
    # for one added). None: not known, so the builder checks every page.
    changes: dict[tuple[str, str], SiteArticle | None] | None = None
    # Build-state parts the collector leaves for the next build (buildstate.py): those
    # to write, and those to keep as the last build left them.
    state_parts: dict[str, Any] = field(default_factory=dict)
    state_keep: set[str] = field(default_factory=set)
    _bodies: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)

    def body(self, a: SiteArticle) -> str:
        if a.body is not None:
            return a.body
        key = (a.id, a.locale)
        if key not in self._bodies:
            self.fill_bodies([key])
        return self._bodies[key]

    def fill_bodies(self, keys: Iterable[tuple[str, str]]) -> None:
        """Read the bodies of *keys* in one go (a page job reads one at a time otherwise)."""
        wanted = [k for k in keys if k not in self._bodies and self.articles[k].body is None]
        if not wanted:
            return
        if self.load_bodies is None:
            raise ValueError("the site has texts without a body and no way to read them")
        found = self.load_bodies(wanted)
        for key in wanted:
            if key not in found:
                raise ConflictError(
                    "changed-while-publishing",
                    f"{key[0]} ({key[1]}) changed while the site was built; publish again",
                )
            self._bodies[key] = found[key]

    def text_key(self, a: SiteArticle) -> str:
        """text_hash of the article's text, without reading the body when it is known."""
        return a.text_hash if a.body is None else text_hash(a.title, a.body)
