"""Read-only views of the help center for lists, detail pages and history."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from kbstudio.services import lookup
from kbstudio.services.revisions import approved_version, based_on_version, translation_outdated
from kbstudio.storage.models import ArticleRow, RevisionRow, SectionRow, TranslationRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class TranslationInfo:
    article_id: str
    locale: str
    slug: str
    title: str
    status: str
    type: str
    category: str
    section: str
    visibility: str
    owner: str | None
    review_by: str | None
    revision: int | None
    author: str | None
    updated_at: str | None
    live_revision: int | None
    outdated: bool
    based_on_version: int | None
    source_version: int | None
    tags: list[str]
    # Machine translation in the text that no human edit plus approval has cleared yet.
    machine_translated: bool = False
    ends_at: str | None = None
    # The article's lock_version: pass it back to set_properties to refuse stale changes.
    article_version: int = 0


@dataclass(frozen=True)
class RevisionInfo:
    number: int
    title: str
    author: str
    created_at: str
    comment: str
    significance: str | None
    version: int | None
    based_on_version: int | None
    machine_translated: bool
    working: bool
    approved: bool
    live: bool
    kind: str = "normal"  # "conflict": a save that lost a race, kept beside the winner


def _stamp(value: object) -> str | None:
    from datetime import datetime

    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if isinstance(value, datetime) else None


def list_translations(
    session: Session, *, locale: str | None = None, status: str | None = None
) -> list[TranslationInfo]:
    ws = lookup.settings(session)
    sections = {s.id: s.category_id for s in session.scalars(select(SectionRow))}
    articles = session.scalars(
        select(ArticleRow)
        .order_by(ArticleRow.section_id, ArticleRow.position, ArticleRow.id)
        .options(
            selectinload(ArticleRow.translations)
            .selectinload(TranslationRow.working)
            .selectinload(RevisionRow.source_revision),
            selectinload(ArticleRow.translations).selectinload(TranslationRow.approved),
            selectinload(ArticleRow.translations).selectinload(TranslationRow.live),
        )
    )
    machine = newest_machine_revisions(session)
    out: list[TranslationInfo] = []
    for art in articles:
        by_locale = {t.locale: t for t in art.translations}
        source = by_locale.get(ws.source_locale)
        for tr in sorted(
            art.translations,
            key=lambda t: ws.locales.index(t.locale) if t.locale in ws.locales else 999,
        ):
            if locale and tr.locale != locale:
                continue
            if status and tr.status != status:
                continue
            out.append(_info(art, tr, source, sections.get(art.section_id, ""), machine.get(tr.id)))
    return out


def newest_machine_revisions(session: Session, tr_id: int | None = None) -> dict[int, int]:
    """Translation id -> number of its newest machine-translated revision."""
    query = (
        select(RevisionRow.translation_id, func.max(RevisionRow.number))
        .where(RevisionRow.machine_translated.is_(True))
        .group_by(RevisionRow.translation_id)
    )
    if tr_id is not None:
        query = query.where(RevisionRow.translation_id == tr_id)
    return {row[0]: row[1] for row in session.execute(query)}


def machine_mark(tr: TranslationRow, newest_machine: int | None) -> bool:
    """Machine output stays marked until a later human revision is approved."""
    if newest_machine is None:
        return False
    return tr.approved is None or tr.approved.number <= newest_machine


def _info(
    art: ArticleRow,
    tr: TranslationRow,
    source: TranslationRow | None,
    category: str,
    newest_machine: int | None = None,
) -> TranslationInfo:
    rev = tr.working
    return TranslationInfo(
        article_id=art.id,
        locale=tr.locale,
        slug=tr.slug,
        title=rev.title if rev else "",
        status=tr.status,
        type=art.type,
        category=category,
        section=art.section_id,
        visibility=art.visibility,
        owner=art.owner,
        review_by=art.review_by.isoformat() if art.review_by else None,
        revision=rev.number if rev else None,
        author=rev.author if rev else None,
        updated_at=_stamp(rev.created_at) if rev else None,
        live_revision=tr.live.number if tr.live else None,
        outdated=translation_outdated(tr, source),
        based_on_version=based_on_version(rev),
        source_version=approved_version(source),
        tags=list(tr.tags),
        machine_translated=machine_mark(tr, newest_machine),
        ends_at=_stamp(art.ends_at),
        article_version=art.lock_version,
    )


def translation_info(session: Session, art: ArticleRow, locale: str) -> TranslationInfo:
    ws = lookup.settings(session)
    tr = lookup.require_translation(session, art, locale)
    source = lookup.translation(session, art, ws.source_locale)
    section = session.get(SectionRow, art.section_id)
    machine = newest_machine_revisions(session, tr.id).get(tr.id)
    return _info(art, tr, source, section.category_id if section else "", machine)


def history(session: Session, art: ArticleRow, locale: str) -> list[RevisionInfo]:
    tr = lookup.require_translation(session, art, locale)
    revisions = session.scalars(
        select(RevisionRow).where(RevisionRow.translation_id == tr.id).order_by(RevisionRow.number)
    )
    return [
        RevisionInfo(
            number=r.number,
            title=r.title,
            author=r.author,
            created_at=_stamp(r.created_at) or "",
            comment=r.comment,
            significance=r.significance,
            version=r.version,
            based_on_version=based_on_version(r),
            machine_translated=r.machine_translated,
            working=r.id == tr.working_revision_id,
            approved=r.id == tr.approved_revision_id,
            live=r.id == tr.live_revision_id,
            kind=r.kind,
        )
        for r in revisions
    ]


def diff(session: Session, art: ArticleRow, locale: str, a: int, b: int) -> str:
    """A unified diff of revision *a* and *b* (title and body)."""
    tr = lookup.require_translation(session, art, locale)
    old, new = lookup.revision(session, tr, a), lookup.revision(session, tr, b)
    old_lines = [f"# {old.title}\n", "\n", *old.body.splitlines(keepends=True)]
    new_lines = [f"# {new.title}\n", "\n", *new.body.splitlines(keepends=True)]
    name = f"{art.id}/{locale}"
    return "".join(
        difflib.unified_diff(old_lines, new_lines, f"{name} r{a}", f"{name} r{b}", lineterm="\n")
    )
