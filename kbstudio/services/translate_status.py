"""What changed for a translator: outdated translations and per-unit views of an article.

The views carry what a translation editor shows beside each unit: the old and new source,
the translator's own text at that place, memory matches with their score, glossary hints
and QA warnings. Plain data, so the GUI can show them without asking again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kbstudio.domain.errors import NotFoundError
from kbstudio.services import lookup
from kbstudio.services.revisions import translation_outdated, unit_hash
from kbstudio.services.translate import docs_of
from kbstudio.services.translate_common import TITLE, articles, sources, terms_of
from kbstudio.translation import qa
from kbstudio.translation.diff import ADDED, SAME, diff_source
from kbstudio.translation.segmentation import Document

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kbstudio.storage.models import ArticleRow
    from kbstudio.translation.glossary import Term
    from kbstudio.translation.memory import Match, TranslationMemory


@dataclass(frozen=True)
class UnitView:
    """One unit as a translator sees it: source, old source, own text, help and warnings."""

    index: int  # -1 is the title
    kind: str
    source: str
    old_source: str | None
    status: str  # same, changed, added (against the old source); added for a new text
    translation: str | None
    memory: tuple[Match, ...] = ()
    glossary: tuple[str, ...] = ()  # "term → rendering" hints for this unit
    warnings: tuple[str, ...] = ()
    machine: bool = False  # the translation here is machine output no human has edited


@dataclass(frozen=True)
class OutdatedInfo:
    article_id: str
    locale: str
    title: str
    based_on_version: int | None
    source_version: int | None
    since: str  # when the source revision it lags was made
    age_days: int
    changed_units: int
    total_units: int
    changed_share: float


def outdated(
    session: Session, *, locale: str | None = None, now: dt.datetime | None = None
) -> list[OutdatedInfo]:
    ws = lookup.settings(session)
    now = now or dt.datetime.now(dt.UTC)
    out: list[OutdatedInfo] = []
    for art in articles(session):
        by_locale = {t.locale: t for t in art.translations}
        source = by_locale.get(ws.source_locale)
        for tr in sorted(art.translations, key=lambda t: t.locale):
            if tr is source or (locale and tr.locale != locale):
                continue
            if not translation_outdated(tr, source):
                continue
            found = sources(session, art, tr.locale)
            assert found is not None
            assert tr.working is not None
            current, base, own = docs_of(found)
            diff = diff_source(base or Document("", ()), current, own)
            stamp = found.current.created_at
            out.append(
                OutdatedInfo(
                    art.id,
                    tr.locale,
                    tr.working.title,
                    found.base.version if found.base else None,
                    found.current.version,
                    stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    max((now - stamp).days, 0),
                    diff.changed,
                    len(current.segments),
                    round(diff.share, 3),
                )
            )
    return out


def unit_views(
    session: Session,
    art: ArticleRow,
    locale: str,
    memory: TranslationMemory,
    terms: list[Term],
) -> list[UnitView]:
    """Every unit of the current source with what a translator needs beside it."""
    ws = lookup.settings(session)
    found = sources(session, art, locale)
    if found is None:
        raise NotFoundError("no-source", f"{art.id} has no source text to translate from")
    current, base, own = docs_of(found)
    working = found.translation.working if found.translation else None
    own_title = working.title if working is not None else None
    old_title = found.base.title if found.base else None
    views = [
        _view(
            -1,
            TITLE,
            found.current.title,
            old_title,
            own_title,
            memory,
            terms,
            ws.source_locale,
            locale,
        )
    ]
    if base is None:
        for s in current.segments:
            views.append(
                _view(s.index, s.kind, s.text, None, None, memory, terms, ws.source_locale, locale)
            )
        return views
    for unit in diff_source(base, current, own).units:
        if unit.new_index is None:
            continue
        views.append(
            _view(
                unit.new_index,
                unit.kind,
                unit.new or "",
                unit.old,
                unit.translation,
                memory,
                terms,
                ws.source_locale,
                locale,
            )
        )
    marked = set(working.machine_units or []) if working is not None else set()
    if marked:
        views = [
            replace(v, machine=True)
            if v.translation is not None and unit_hash(v.translation) in marked
            else v
            for v in views
        ]
    return views


def _view(
    index: int,
    kind: str,
    source: str,
    old: str | None,
    own: str | None,
    memory: TranslationMemory,
    terms: list[Term],
    source_locale: str,
    locale: str,
) -> UnitView:
    if old is None:
        status = ADDED
    else:
        status = SAME if " ".join(old.split()) == " ".join(source.split()) else "changed"
    hints = tuple(
        f"{t.rendering(source_locale).term} → {t.rendering(locale).term}"  # type: ignore[union-attr]
        for t in terms
        if t.rendering(source_locale) is not None
        and t.rendering(locale) is not None
        and qa.Matcher(source_locale, terms_of(source_locale)).contains(
            source,
            t.rendering(source_locale).term,  # type: ignore[union-attr]
        )
    )
    warnings: tuple[str, ...] = ()
    if own is not None and status == SAME:
        warnings = tuple(
            i.message
            for i in qa.glossary(
                source,
                own,
                terms,
                qa.Matcher(source_locale, terms_of(source_locale)),
                qa.Matcher(locale, terms_of(locale)),
            )
        ) + tuple(i.message for i in qa.number_issues(source, own, None))
    return UnitView(
        index,
        kind,
        source,
        old,
        status,
        own if own is not None else None,
        tuple(memory.lookup(source)),
        hints,
        warnings,
    )
