"""Files that carry translations in and out: XLIFF for CAT tools, TMX for memories."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from kbstudio.domain.errors import NotFoundError, ValidationError
from kbstudio.services import audit, lookup
from kbstudio.services.translate import TranslateResult, pending, translate_article
from kbstudio.services.translate_common import (
    TITLE,
    current_source,
    memory,
    source_key,
    sources,
)
from kbstudio.storage.models import TMUnitRow
from kbstudio.translation import xliff
from kbstudio.translation.diff import SAME, diff_source
from kbstudio.translation.memory import TranslationMemory, from_tmx, normalize, to_tmx
from kbstudio.translation.segmentation import segment

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kbstudio.domain.workflow import Actor
    from kbstudio.storage.models import ArticleRow


@dataclass
class XliffReport:
    applied: list[TranslateResult] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def export_xliff(session: Session, locale: str, refs: list[str] | None = None) -> bytes:
    """XLIFF of the missing and outdated units of *locale* (or of the named articles)."""
    ws = lookup.settings(session)
    if locale not in ws.locales or locale == ws.source_locale:
        raise ValidationError("unknown-locale", f"{locale} is not a target locale here")
    chosen = [lookup.article(session, r) for r in refs] if refs else pending(session, locale)
    files = [f for f in (_xfile(session, art, locale) for art in chosen) if f.units]
    doc = xliff.XDocument(ws.uid, ws.source_locale, locale, tuple(files))
    return xliff.write(doc)


def _xfile(session: Session, art: ArticleRow, locale: str) -> xliff.XFile:
    found = sources(session, art, locale)
    if found is None:
        raise NotFoundError("no-source", f"{art.id} has no source text to translate from")
    current = segment(found.current.body)
    own = found.translation.working if found.translation else None
    units: list[xliff.XUnit] = []
    context = f"article {art.id}: {found.current.title}"
    if found.base is None or own is None:
        units.append(xliff.XUnit(TITLE, found.current.title, kind=TITLE, notes=(context,)))
        units += [
            xliff.XUnit(str(s.index), s.text, kind=s.kind, notes=(context,))
            for s in current.segments
        ]
    else:
        if found.base.title != found.current.title:
            units.append(
                xliff.XUnit(
                    TITLE,
                    found.current.title,
                    own.title,
                    TITLE,
                    (context, f"old source: {found.base.title}"),
                    needs_review=True,
                )
            )
        for u in diff_source(segment(found.base.body), current, segment(own.body)).units:
            if u.status == SAME or u.new_index is None or u.new is None:
                continue
            notes = [context] + ([f"old source: {u.old}"] if u.old else [])
            units.append(
                xliff.XUnit(
                    str(u.new_index),
                    u.new,
                    u.translation or "",
                    u.kind,
                    tuple(notes),
                    needs_review=u.translation is not None,
                )
            )
    return xliff.XFile(art.id, found.current.id, tuple(units))


def import_xliff(session: Session, data: bytes, *, actor: Actor, shown: str) -> XliffReport:
    """Apply an XLIFF file's translations; report, never apply, units whose source changed."""
    ws = lookup.settings(session)
    try:
        doc = xliff.read(data, shown=shown)
    except ValueError as exc:
        raise ValidationError("bad-xliff", str(exc), file=shown) from None
    if not doc.workspace:
        raise ValidationError(
            "wrong-workspace",
            "this XLIFF file does not name its workspace (kb:workspace on <file>)",
            file=shown,
        )
    if doc.workspace != ws.uid:
        raise ValidationError(
            "wrong-workspace", "this XLIFF file was exported from another workspace", file=shown
        )
    locale = doc.target_locale
    if locale not in ws.locales or locale == ws.source_locale:
        raise ValidationError("unknown-locale", f"{locale} is not a target locale here", file=shown)
    report = XliffReport()
    for xf in doc.files:
        try:
            art = lookup.article(session, xf.article_id)
        except NotFoundError:
            report.skipped.append(f"{xf.article_id}: no such article here")
            continue
        current = current_source(session, art)
        if current is None:
            report.skipped.append(f"{art.id}: no source text")
            continue
        now = {TITLE: current.title} | {
            str(s.index): s.text for s in segment(current.body).segments
        }
        imported = TranslationMemory(ws.source_locale, locale)
        for unit in xf.units:
            if not unit.target.strip():
                continue
            here = now.get(unit.id)
            if here is None or normalize(here) != normalize(unit.source):
                changed = "was removed" if here is None else "changed since the export"
                report.conflicts.append(
                    f"{art.id} unit {unit.id}: the source {changed}"
                    f" (exported from revision {xf.source_revision}, now {current.id})"
                )
                continue
            imported.add(unit.source, unit.target, f"xliff:{shown}")
        if len(imported) == 0:
            report.skipped.append(f"{art.id}: nothing to apply")
            continue
        report.applied.append(
            translate_article(
                session,
                art=art,
                locale=locale,
                actor=actor,
                memory=imported,
                engine=None,
                comment=f"imported from {shown}",
            )
        )
    return report


def export_tmx(session: Session, locale: str) -> bytes:
    return to_tmx(memory(session, locale))


def import_tmx(
    session: Session, data: bytes, *, locale: str, shown: str, actor: str = "admin"
) -> int:
    """Store a TMX file's units for *locale*; a unit for a known source replaces the old one."""
    ws = lookup.settings(session)
    if locale not in ws.locales or locale == ws.source_locale:
        raise ValidationError("unknown-locale", f"{locale} is not a target locale here", file=shown)
    try:
        units = from_tmx(
            data, source_locale=ws.source_locale, target_locale=locale, origin=f"tmx:{shown}"
        )
    except ValueError as exc:
        raise ValidationError("bad-tmx", str(exc), file=shown) from None
    existing = {
        r.source_key: r
        for r in session.scalars(
            select(TMUnitRow).where(
                TMUnitRow.source_locale == ws.source_locale, TMUnitRow.target_locale == locale
            )
        )
    }
    for unit in units:
        key = source_key(unit.source)
        row = existing.get(key)
        if row is None:
            row = TMUnitRow(source_locale=ws.source_locale, target_locale=locale, source_key=key)
            session.add(row)
            existing[key] = row
        row.source, row.target, row.origin = unit.source, unit.target, unit.origin
    audit.record(
        session,
        actor=actor,
        action="tm-import",
        entity="translation-memory",
        entity_id=f"{ws.source_locale}>{locale}",
        source=shown,
        units=len(units),
    )
    session.flush()
    return len(units)
