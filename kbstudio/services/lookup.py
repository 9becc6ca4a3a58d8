"""Finding articles, translations and users by the names people type."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from kbstudio.domain.errors import NotFoundError, ValidationError
from kbstudio.domain.workflow import Actor, Role
from kbstudio.services import identity
from kbstudio.storage.models import ArticleRow, RevisionRow, TranslationRow, UserRow, WorkspaceRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def settings(session: Session) -> WorkspaceRow:
    row = session.get(WorkspaceRow, 1)
    if row is None:
        raise NotFoundError("no-workspace", "the database holds no workspace; run `kbstudio init`")
    return row


def actor(session: Session, name: str | None) -> Actor:
    if not name:
        raise ValidationError(
            "no-user", "say who you are: pass --as USER or set KBSTUDIO_USER", field="--as"
        )
    identity.check_acting_as(session, name)
    row = session.get(UserRow, name)
    if row is None or not row.active:
        raise NotFoundError("unknown-user", f"no user named {name!r}", field="--as")
    roles = frozenset(Role(r) for r in row.roles)
    return Actor(row.name, roles, frozenset(row.locales))


def article(session: Session, ref: str, locale: str | None = None) -> ArticleRow:
    """An article by id, or by slug in *locale*, or by slug in any locale."""
    found = session.get(ArticleRow, ref)
    if found is not None:
        return found
    query = select(TranslationRow).where(TranslationRow.slug == ref)
    if locale:
        hit = session.scalars(query.where(TranslationRow.locale == locale)).first()
        if hit is not None:
            return hit.article
    hits = {t.article_id: t for t in session.scalars(query)}
    if len(hits) == 1:
        return next(iter(hits.values())).article
    if len(hits) > 1:
        raise ValidationError(
            "ambiguous", f"slug {ref!r} names several articles; use an article id or --locale"
        )
    raise NotFoundError("unknown-article", f"no article with id or slug {ref!r}")


def translation(session: Session, art: ArticleRow, locale: str) -> TranslationRow | None:
    return session.scalars(
        select(TranslationRow).where(
            TranslationRow.article_id == art.id, TranslationRow.locale == locale
        )
    ).first()


def require_translation(session: Session, art: ArticleRow, locale: str) -> TranslationRow:
    found = translation(session, art, locale)
    if found is None:
        raise NotFoundError("no-translation", f"{art.id} has no {locale} text yet")
    return found


def revision(session: Session, tr: TranslationRow, number: int) -> RevisionRow:
    found = session.scalars(
        select(RevisionRow).where(RevisionRow.translation_id == tr.id, RevisionRow.number == number)
    ).first()
    if found is None:
        raise NotFoundError(
            "unknown-revision", f"{tr.article_id}/{tr.locale} has no revision {number}"
        )
    return found


def source_translation(session: Session, art: ArticleRow) -> TranslationRow | None:
    return translation(session, art, settings(session).source_locale)
