"""What the translation use cases share: glossary terms, analyzers, sources and the memory."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kbstudio.search.analysis import analyzer_for
from kbstudio.services import lookup
from kbstudio.services.revisions import accepted_revision
from kbstudio.storage.models import (
    ArticleRow,
    GlossaryTermRow,
    RevisionRow,
    TMUnitRow,
    TranslationRow,
)
from kbstudio.translation.diff import align
from kbstudio.translation.glossary import Rendering, Term
from kbstudio.translation.memory import TranslationMemory, Unit, normalize
from kbstudio.translation.segmentation import Document, segment

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session

TITLE = "title"


def load_terms(session: Session) -> list[Term]:
    query = select(GlossaryTermRow).options(selectinload(GlossaryTermRow.renderings))
    return [
        Term(
            row.id,
            row.dnt,
            {
                r.locale: Rendering(r.term, tuple(r.variants), tuple(r.forbidden))
                for r in row.renderings
            },
        )
        for row in session.scalars(query.order_by(GlossaryTermRow.position))
    ]


@lru_cache(maxsize=16)
def terms_of(locale: str) -> Callable[[str], list[str]]:
    """The locale's search analyzer, as used for inflected glossary matches."""
    return analyzer_for(locale).terms


@dataclass(frozen=True)
class Sources:
    """The texts a translation is judged against."""

    current: RevisionRow  # the source text to translate now
    base: RevisionRow | None  # the source revision the translation was made from
    translation: TranslationRow | None


def current_source(session: Session, art: ArticleRow) -> RevisionRow | None:
    """The source revision translations follow: the accepted one, else the working one."""
    src = lookup.source_translation(session, art)
    if src is None:
        return None
    return accepted_revision(src) or src.working


def sources(session: Session, art: ArticleRow, locale: str) -> Sources | None:
    current = current_source(session, art)
    if current is None:
        return None
    tr = lookup.translation(session, art, locale)
    base = tr.working.source_revision if tr is not None and tr.working is not None else None
    return Sources(current, base, tr)


def units_with_title(title: str, body: str) -> list[tuple[str, str]]:
    """(kind, text) of the title and the body's units."""
    return [(TITLE, title)] + [(s.kind, s.text) for s in segment(body).segments]


def source_key(text: str) -> str:
    return hashlib.sha256(normalize(text).encode()).hexdigest()


def approved_pairs(session: Session, locale: str) -> list[Unit]:
    """Unit pairs of every accepted translation in *locale* and the source it was made from."""
    ws = lookup.settings(session)
    rows = session.scalars(
        select(TranslationRow)
        .where(TranslationRow.locale == locale)
        .options(selectinload(TranslationRow.approved), selectinload(TranslationRow.live))
    )
    out: list[Unit] = []
    for tr in rows:
        rev = accepted_revision(tr)
        if rev is None or rev.source_revision is None or locale == ws.source_locale:
            continue
        src = rev.source_revision
        origin = f"approved:{tr.article_id}/{locale}"
        out.append(Unit(src.title, rev.title, origin))
        out += pairs_of(segment(src.body), segment(rev.body), origin)
    return out


def pairs_of(source: Document, target: Document, origin: str) -> list[Unit]:
    """Aligned unit pairs of a source and its translation (units of the same structure)."""
    mapping = align(source, target)
    return [
        Unit(source.segments[i].text, target.segments[j].text, origin) for i, j in mapping.items()
    ]


def memory(session: Session, locale: str) -> TranslationMemory:
    """The memory for *locale*: imported TMX units, then approved translations (newer wins)."""
    ws = lookup.settings(session)
    tm = TranslationMemory(ws.source_locale, locale)
    imported = session.scalars(
        select(TMUnitRow)
        .where(TMUnitRow.source_locale == ws.source_locale, TMUnitRow.target_locale == locale)
        .order_by(TMUnitRow.id)
    )
    tm.extend(Unit(r.source, r.target, r.origin) for r in imported)
    tm.extend(approved_pairs(session, locale))
    return tm


def articles(session: Session) -> list[ArticleRow]:
    return list(
        session.scalars(
            select(ArticleRow)
            .order_by(ArticleRow.section_id, ArticleRow.position, ArticleRow.id)
            .options(
                selectinload(ArticleRow.translations)
                .selectinload(TranslationRow.working)
                .selectinload(RevisionRow.source_revision)
            )
        )
    )
