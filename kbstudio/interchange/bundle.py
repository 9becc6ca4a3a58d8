"""A help center as plain values, the way the file format holds it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from kbstudio.domain.variables import Variable


@dataclass
class CategorySpec:
    id: str
    names: dict[str, str]
    sections: list[SectionSpec] = field(default_factory=list)


@dataclass
class SectionSpec:
    id: str
    names: dict[str, str]


@dataclass
class UserSpec:
    name: str
    display: str = ""
    roles: list[str] = field(default_factory=list)
    locales: list[str] = field(default_factory=list)


@dataclass
class TextSpec:
    """One locale's text of an article (a source or a translation)."""

    locale: str
    title: str
    slug: str
    body: str
    tags: list[str]
    status: str
    path: str
    # Source files: the major version. Translations: the source version they follow.
    version: int
    # Front-matter field -> line in the file, so later checks can name the line too.
    lines: dict[str, int] = field(default_factory=dict)
    # Translations: machine output that no human-edited revision has replaced in review yet.
    machine_translated: bool = False
    # Translations: SHA-256 of each unit still machine output (None: not known).
    machine_units: list[str] | None = None


@dataclass
class ArticleSpec:
    id: str
    section: str  # section id
    type: str
    position: int = 0
    owner: str | None = None
    review_by: dt.date | None = None
    visibility: str = "public"
    ends_at: dt.datetime | None = None
    source: TextSpec | None = None
    translations: list[TextSpec] = field(default_factory=list)
    # Older source texts by version, kept because a translation is based on them.
    history: dict[int, tuple[str, str]] = field(default_factory=dict)  # version -> (title, body)


@dataclass
class SnippetSpec:
    id: str
    locale: str
    title: str
    body: str
    status: str
    path: str


@dataclass
class RenderingSpec:
    term: str = ""
    variants: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    definition: str = ""


@dataclass
class TermSpec:
    id: str
    dnt: bool
    renderings: dict[str, RenderingSpec]


@dataclass
class Bundle:
    name: str = ""
    source_locale: str = "en"
    locales: list[str] = field(default_factory=list)
    categories: list[CategorySpec] = field(default_factory=list)
    users: list[UserSpec] = field(default_factory=list)
    articles: list[ArticleSpec] = field(default_factory=list)
    snippets: list[SnippetSpec] = field(default_factory=list)
    glossary: list[TermSpec] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    # False for a plain docs folder: it names no workspace settings of its own.
    has_settings: bool = True
