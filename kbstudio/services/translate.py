"""Translating articles: what changed, what memory offers, and a machine pre-fill as a draft.

A translation is rebuilt on the current source's skeleton, unit by unit, from the first
of: the translator's own unit where the source unit did not change; a translation-memory
match at or above the fill threshold; the provider. A unit nobody could translate keeps
the old translation at that place, or the source text (QA then flags it). The result is
saved through the normal editing path as a draft revision, marked machine-translated when
any unit came from a provider; provider failures are reported per unit and do not stop
the units already done from being saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kbstudio.domain.errors import NotFoundError
from kbstudio.domain.workflow import Action, Status, Subject, transition
from kbstudio.services import editing, lookup
from kbstudio.services.revisions import machine_hashes, translation_outdated, unit_hash
from kbstudio.services.translate_common import (
    TITLE,
    Sources,
    articles,
    load_terms,
    sources,
)
from kbstudio.translation.diff import SAME, diff_source
from kbstudio.translation.protect import PlaceholderError, protect
from kbstudio.translation.providers import ProviderError, ProviderSettings, translate_text
from kbstudio.translation.segmentation import Document, segment

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from kbstudio.domain.workflow import Actor
    from kbstudio.services.changes import Change
    from kbstudio.storage.models import ArticleRow
    from kbstudio.translation.glossary import Term
    from kbstudio.translation.memory import TranslationMemory

KEEP, TM, MT, STALE, UNTRANSLATED = "kept", "memory", "machine", "stale", "untranslated"
# Errors after which the provider is not asked again in this run: they hit every unit.
_PER_TEXT = frozenset({"malformed", "placeholders"})


@dataclass(frozen=True)
class UnitOutcome:
    index: int
    kind: str
    origin: str  # kept, memory, machine, stale, untranslated
    text: str
    sent: str | None = None  # what went (or would go) to the provider, after protection
    score: float | None = None  # memory match %
    error_kind: str | None = None
    error: str | None = None


@dataclass
class TranslateResult:
    article_id: str
    locale: str
    units: list[UnitOutcome] = field(default_factory=list)
    change: Change | None = None
    dry_run: bool = False

    @property
    def errors(self) -> list[UnitOutcome]:
        return [u for u in self.units if u.error]

    def count(self, origin: str) -> int:
        return sum(u.origin == origin for u in self.units)


def docs_of(src: Sources) -> tuple[Document, Document | None, Document | None]:
    current = segment(src.current.body)
    base = segment(src.base.body) if src.base is not None else None
    own = (
        segment(src.translation.working.body)
        if src.translation and src.translation.working
        else None
    )
    return current, base, own


@dataclass
class Engine:
    """A provider for one run; after a failure that would hit every unit, it stops asking."""

    settings: ProviderSettings | None
    client: Callable[[str], str] | None
    sleep: Callable[[float], None] | None = None
    broken: ProviderError | None = None

    def translate(self, text: str) -> str:
        if self.client is None or self.settings is None:
            raise ProviderError("config", "no provider")
        if self.broken is not None:
            raise ProviderError(
                self.broken.kind, f"not sent: {self.broken}", status=self.broken.status
            )
        try:
            if self.sleep is None:
                return translate_text(self.client, text, self.settings)
            return translate_text(self.client, text, self.settings, sleep=self.sleep)
        except ProviderError as exc:
            if exc.kind not in _PER_TEXT:
                self.broken = exc
            raise


def translate_article(
    session: Session,
    *,
    art: ArticleRow,
    locale: str,
    actor: Actor | None,
    memory: TranslationMemory,
    engine: Engine | None,
    dry_run: bool = False,
    fill_threshold: float = 100.0,
    comment: str = "",
) -> TranslateResult:
    """Build the article's translation unit by unit and save it as a draft (unless *dry_run*)."""
    ws = lookup.settings(session)
    found = sources(session, art, locale)
    if found is None:
        raise NotFoundError("no-source", f"{art.id} has no source text to translate from")
    if actor is not None:
        _may_edit(actor, found, locale)  # before anything is sent to a provider
    terms = load_terms(session)
    current, base, own = docs_of(found)
    if base is None and own is not None:
        # A translation that names no source revision is taken to follow the current one:
        # its words are kept, never replaced by a machine's.
        base = current
    plan: list[tuple[int, str, str, str | None, bool]] = []  # index, kind, source, own, same
    own_title = (
        found.translation.working.title if found.translation and found.translation.working else None
    )
    if found.base is not None:
        title_same = found.base.title == found.current.title
    else:
        title_same = own_title is not None  # a translation with no base follows the current source
    plan.append((-1, TITLE, found.current.title, own_title, title_same))
    if base is not None:
        for u in diff_source(base, current, own).units:
            if u.new_index is not None:
                plan.append((u.new_index, u.kind, u.new or "", u.translation, u.status == SAME))
    else:
        plan += [(s.index, s.kind, s.text, None, False) for s in current.segments]
    result = TranslateResult(art.id, locale, dry_run=dry_run)
    for index, kind, text, mine, same in plan:
        result.units.append(
            _unit(
                index,
                kind,
                text,
                mine,
                same,
                memory,
                engine,
                terms,
                ws.source_locale,
                locale,
                dry_run,
                fill_threshold,
            )
        )
    if dry_run:
        return result
    title = result.units[0].text
    body = current.rebuild([u.text for u in result.units[1:]])
    if not any(u.origin in (TM, MT) for u in result.units):
        return result  # nothing new: no draft (and the translator's layout stays as it is)
    machine = any(u.origin == MT for u in result.units)
    # Units kept from the old text stay marked if they were machine output there.
    before = found.translation.working if found.translation else None
    marked_before = set(before.machine_units or []) if before is not None else set()
    machine_units = machine_hashes(
        u.text
        for u in result.units
        if u.origin == MT or (u.origin in (KEEP, STALE) and unit_hash(u.text) in marked_before)
    )
    # Units left old or untranslated keep the translation outdated, so it stays on the list.
    incomplete = any(u.origin in (STALE, UNTRANSLATED) for u in result.units)
    based_on = found.base if incomplete and found.base is not None else None
    failed = len(result.errors)
    note = (
        f"pre-fill: {result.count(KEEP)} kept, {result.count(TM)} from memory,"
        f" {result.count(MT)} machine"
    )
    if failed:
        note += f", {failed} failed"
    note = comment or note
    result.change = editing.edit(
        session,
        actor=actor,  # type: ignore[arg-type]
        art=art,
        locale=locale,
        body=body,
        title=title,
        slug=None if found.translation else lookup.source_translation(session, art).slug,  # type: ignore[union-attr]
        comment=note,
        machine_translated=machine,
        based_on=based_on,
        machine_units=machine_units,
    )
    return result


def _may_edit(actor: Actor, found: Sources, locale: str) -> None:
    tr = found.translation
    subject = Subject(
        locale,
        False,
        Status(tr.status) if tr is not None else Status.DRAFT,
        tr.working.author if tr is not None and tr.working is not None else None,
    )
    transition(Action.EDIT, actor=actor, subject=subject)


def _unit(
    index: int,
    kind: str,
    text: str,
    mine: str | None,
    same: bool,
    memory: TranslationMemory,
    engine: Engine | None,
    terms: list[Term],
    source_locale: str,
    locale: str,
    dry_run: bool,
    fill_threshold: float,
) -> UnitOutcome:
    if same and mine is not None:
        return UnitOutcome(index, kind, KEEP, mine)
    hits = memory.lookup(text, threshold=fill_threshold, limit=1)
    if hits:
        return UnitOutcome(index, kind, TM, hits[0].target, score=hits[0].score)
    fallback = (STALE, mine) if mine is not None else (UNTRANSLATED, text)
    if engine is None:
        return UnitOutcome(index, kind, fallback[0], fallback[1])
    prepared = protect(text, terms=terms, source_locale=source_locale, target_locale=locale)
    if dry_run:
        return UnitOutcome(index, kind, MT, text, sent=prepared.text)
    try:
        reply = engine.translate(prepared.text)
        return UnitOutcome(index, kind, MT, prepared.restore(reply), sent=prepared.text)
    except ProviderError as exc:
        return UnitOutcome(
            index,
            kind,
            fallback[0],
            fallback[1],
            prepared.text,
            error_kind=exc.kind,
            error=str(exc),
        )
    except PlaceholderError as exc:
        return UnitOutcome(
            index,
            kind,
            fallback[0],
            fallback[1],
            prepared.text,
            error_kind="placeholders",
            error=str(exc),
        )


def pending(session: Session, locale: str) -> list[ArticleRow]:
    """Articles whose translation into *locale* is missing or outdated, in list order."""
    ws = lookup.settings(session)
    out = []
    for art in articles(session):
        by_locale = {t.locale: t for t in art.translations}
        source = by_locale.get(ws.source_locale)
        if source is None or source.working is None or source.status == "archived":
            continue
        tr = by_locale.get(locale)
        if tr is None or translation_outdated(tr, source):
            out.append(art)
    return out
