"""Editing texts and moving them through the review workflow, with an audit event each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from kbstudio.domain.errors import ConflictError, NotFoundError, ValidationError
from kbstudio.domain.ids import check_slug, slugify
from kbstudio.domain.model import Significance
from kbstudio.domain.workflow import Action, Actor, Status, Subject, transition
from kbstudio.services import audit, lookup
from kbstudio.services.changes import Change
from kbstudio.services.revisions import (
    accepted_revision,
    add_revision,
    approved_version,
    content_hash,
    machine_hashes,
    translation_outdated,
)
from kbstudio.storage.models import ArticleRow, ReviewRow, RevisionRow, TranslationRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _subject(tr: TranslationRow, source_locale: str) -> Subject:
    author = tr.working.author if tr.working else None
    return Subject(tr.locale, tr.locale == source_locale, Status(tr.status), author)


def _slug_free(session: Session, locale: str, slug: str, article_id: str) -> None:
    clash = session.scalars(
        select(TranslationRow).where(
            TranslationRow.locale == locale,
            TranslationRow.slug == slug,
            TranslationRow.article_id != article_id,
        )
    ).first()
    if clash is not None:
        raise ValidationError(
            "duplicate-slug",
            f"slug {slug!r} is already used in {locale} by {clash.article_id}",
            field="slug",
        )


def edit(
    session: Session,
    *,
    actor: Actor,
    art: ArticleRow,
    locale: str,
    body: str,
    title: str | None = None,
    slug: str | None = None,
    tags: list[str] | None = None,
    comment: str = "",
    major: bool = False,
    base_revision: int | None = None,
    machine_translated: bool = False,
    based_on: RevisionRow | None = None,
    machine_units: list[str] | None = None,
) -> Change:
    """Save a new working revision of *art* in *locale* (creating the translation if new).

    *machine_units*: hashes of the units that are machine output (see
    revisions.unit_hash). Left out, the previous revision's marks carry over to the
    units a human left as they were: an edit clears only the units it touches.
    """
    ws = lookup.settings(session)
    if locale not in ws.locales:
        raise ValidationError("unknown-locale", f"{locale} is not enabled in this workspace")
    is_source = locale == ws.source_locale
    tr = lookup.translation(session, art, locale)
    subject = (
        _subject(tr, ws.source_locale)
        if tr is not None
        else Subject(locale, is_source, Status.DRAFT, None)
    )
    transition(Action.EDIT, actor=actor, subject=subject, comment=comment)
    source = None if is_source else lookup.source_translation(session, art)
    if not is_source and (source is None or source.working is None):
        raise NotFoundError("no-source", f"{art.id} has no source text to translate from")
    working = tr.working if tr is not None else None
    if working is not None and base_revision is not None and working.number != base_revision:
        raise ConflictError(
            "conflict",
            f"{working.author} saved revision {working.number} of {art.id}/{locale}"
            f" at {working.created_at:%Y-%m-%d %H:%M} UTC after you opened revision"
            f" {base_revision}; your text was not saved over theirs",
        )
    if tr is None:
        if not title:
            raise ValidationError("missing-field", "a new translation needs a title", field="title")
        new_slug = check_slug(slug) if slug else slugify(title)
        _slug_free(session, locale, new_slug, art.id)
        tr = TranslationRow(
            article=art, locale=locale, slug=new_slug, tags=tags or [], status=Status.DRAFT.value
        )
        session.add(tr)
        session.flush()
    elif slug and slug != tr.slug:
        _slug_free(session, locale, check_slug(slug), art.id)
        tr.slug = slug
    if tags is not None and tags != tr.tags:
        tr.tags = tags
    current = tr.working
    new_title = title or (current.title if current else "")
    source_rev = accepted_revision(source) or source.working if source is not None else None
    if based_on is not None and not is_source:
        # A partial update (some units still old) stays based on the older source.
        source_rev = based_on
    if (
        current is not None
        and current.content_hash == content_hash(new_title, body)
        and (source_rev is None or current.source_revision_id == source_rev.id)
    ):
        return Change("edit", art.id, locale, tr.status, current.number, changed=False)
    if machine_units is None and current is not None and current.machine_units:
        machine_units = _still_machine(current.machine_units, new_title, body)
    if is_source:
        accepted = approved_version(tr) or 0
        working_version = current.version if current and current.version else 1
        version: int | None = accepted + 1 if major or current is None else working_version
        significance = (
            Significance.MAJOR if major or current is None else Significance.MINOR
        ).value
    else:
        version, significance = None, None
    rev = add_revision(
        session,
        tr,
        title=new_title,
        body=body,
        author=actor.name,
        comment=comment,
        significance=significance,
        version=version,
        source_revision=source_rev,
        machine_translated=machine_translated,
        machine_units=machine_units,
    )
    tr.status = Status.DRAFT.value
    audit.record(
        session,
        actor=actor.name,
        action="edit",
        entity="translation",
        entity_id=f"{art.id}/{locale}",
        reason=comment,
        revision=rev.number,
        significance=significance,
        version=version,
    )
    session.flush()
    return Change("edit", art.id, locale, tr.status, rev.number)


def _still_machine(marked: list[str], title: str, body: str) -> list[str]:
    """The marked units that are still in the new text, unchanged."""
    # Imported here: segmentation is not needed to open a workspace.
    from kbstudio.translation.segmentation import segment

    texts = [title, *(s.text for s in segment(body).segments)]
    return sorted(set(marked) & set(machine_hashes(texts)))


def act(
    session: Session,
    *,
    actor: Actor,
    art: ArticleRow,
    locale: str,
    action: Action,
    comment: str = "",
) -> Change:
    """Apply a workflow *action* (submit, approve, ...) to *art* in *locale*."""
    ws = lookup.settings(session)
    tr = lookup.require_translation(session, art, locale)
    before = Status(tr.status)
    after = transition(action, actor=actor, subject=_subject(tr, ws.source_locale), comment=comment)
    if action is Action.SUBMIT and locale != ws.source_locale:
        # A fee, a link or a term that differs from the source never reaches a reviewer.
        # (Imported here: the QA's analyzers are not needed to open a workspace.)
        from kbstudio.services import translate_qa

        translate_qa.require_clean(session, art, locale)
    rev = tr.working
    assert rev is not None
    outdated: tuple[str, ...] = ()
    if action in (Action.APPROVE, Action.REQUEST_CHANGES):
        decision = "approved" if action is Action.APPROVE else "changes_requested"
        session.add(
            ReviewRow(revision_id=rev.id, reviewer=actor.name, decision=decision, comment=comment)
        )
    if action is Action.APPROVE:
        was_outdated = _outdated_locales(session, art, ws.source_locale)
        tr.approved_revision_id = rev.id
        tr.approved = rev
        if locale == ws.source_locale:
            session.flush()
            outdated = tuple(
                sorted(_outdated_locales(session, art, ws.source_locale) - was_outdated)
            )
    elif action is Action.PUBLISH:
        tr.live_revision_id = rev.id
        tr.live = rev
    tr.status = after.value
    audit.record(
        session,
        actor=actor.name,
        action=action.value,
        entity="translation",
        entity_id=f"{art.id}/{locale}",
        reason=comment,
        revision=rev.number,
        **{"from": before.value, "to": after.value},
        **({"outdated": list(outdated)} if outdated else {}),
    )
    session.flush()
    return Change(action.value, art.id, locale, after.value, rev.number, outdated=outdated)


def _outdated_locales(session: Session, art: ArticleRow, source_locale: str) -> set[str]:
    source = lookup.translation(session, art, source_locale)
    return {
        tr.locale
        for tr in art.translations
        if tr.locale != source_locale and translation_outdated(tr, source)
    }
