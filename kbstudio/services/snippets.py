"""Editing snippets, and sending the texts that include a changed snippet back to review."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from kbstudio.domain.errors import ValidationError
from kbstudio.domain.ids import check_id
from kbstudio.domain.workflow import Action, Status, Subject, transition
from kbstudio.health.links import prose, snippet_refs
from kbstudio.services import audit, lookup
from kbstudio.storage.models import SnippetRow, TranslationRow, utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kbstudio.domain.workflow import Actor


@dataclass(frozen=True)
class SnippetChange:
    snippet_id: str
    locale: str
    changed: bool
    # (article id, locale) of texts sent back to review because they include it.
    back_to_review: tuple[tuple[str, str], ...] = ()


def send_dependants_to_review(
    session: Session, *, snippet_id: str, locale: str, actor: str
) -> list[tuple[str, str]]:
    """Approved or published texts that include the snippet go back to in_review.

    A text in another locale is affected too when it has no snippet of its own locale
    and so shows the changed one. The live revision stays live until a new publish.
    """
    ws = lookup.settings(session)
    own = {
        s.locale
        for s in session.scalars(select(SnippetRow).where(SnippetRow.snippet_id == snippet_id))
    }
    affected = []
    query = select(TranslationRow).where(
        TranslationRow.status.in_([Status.APPROVED.value, Status.PUBLISHED.value])
    )
    for tr in session.scalars(query):
        shows = tr.locale == locale or (locale == ws.source_locale and tr.locale not in own)
        if (
            not shows
            or tr.working is None
            or snippet_id not in snippet_refs(prose(tr.working.body))
        ):
            continue
        before = tr.status
        tr.status = Status.IN_REVIEW.value
        audit.record(
            session,
            actor=actor,
            action="needs-review",
            entity="translation",
            entity_id=f"{tr.article_id}/{tr.locale}",
            reason=f"snippet {snippet_id} ({locale}) changed",
            **{"from": before, "to": tr.status, "snippet": snippet_id},
        )
        affected.append((tr.article_id, tr.locale))
    return sorted(affected)


def edit_snippet(
    session: Session,
    *,
    actor: Actor,
    snippet_id: str,
    locale: str,
    body: str,
    title: str | None = None,
    comment: str = "",
) -> SnippetChange:
    ws = lookup.settings(session)
    check_id(snippet_id, field="SNIPPET")
    if locale not in ws.locales:
        raise ValidationError("unknown-locale", f"{locale} is not enabled in this workspace")
    subject = Subject(locale, locale == ws.source_locale, Status.DRAFT)
    transition(Action.EDIT, actor=actor, subject=subject)
    row = session.scalars(
        select(SnippetRow).where(SnippetRow.snippet_id == snippet_id, SnippetRow.locale == locale)
    ).first()
    if row is None:
        if not title:
            raise ValidationError("missing-field", "a new snippet needs a title", field="title")
        row = SnippetRow(snippet_id=snippet_id, locale=locale, status=Status.PUBLISHED.value)
        session.add(row)
    elif row.body == body and (title is None or title == row.title):
        return SnippetChange(snippet_id, locale, changed=False)
    row.title = title or row.title
    row.body = body
    row.updated_at, row.updated_by = utcnow(), actor.name
    audit.record(
        session,
        actor=actor.name,
        action="snippet-edit",
        entity="snippet",
        entity_id=f"{snippet_id}/{locale}",
        reason=comment,
    )
    session.flush()
    affected = send_dependants_to_review(
        session, snippet_id=snippet_id, locale=locale, actor=actor.name
    )
    return SnippetChange(snippet_id, locale, True, tuple(affected))
