"""Saves that lost a race: kept as conflict revisions, never dropped, never saved over.

A client says which revision it started from (``base_revision``). When someone else
saved in between, the client's text is stored as a revision of kind "conflict": it
is in the history (and diffable) but is not the working text, and the client is told
who saved first. A save repeated after a lost connection is recognized, not doubled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from kbstudio.domain.errors import ConflictError, KBError
from kbstudio.services import audit, lookup
from kbstudio.services.revisions import content_hash
from kbstudio.storage.models import RevisionRow, TranslationRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kbstudio.domain.workflow import Actor

CONFLICT = "conflict"
# Two saves raced at the database (same revision number, or a stale lock_version):
# the loser runs again and then sees the winner's revision.
RACES = (StaleDataError, IntegrityError)


@dataclass(frozen=True)
class Kept:
    """The outcome of a conflicting save: whose revision won, and where ours went."""

    article_id: str
    locale: str
    winner: str
    winner_revision: int
    kept_revision: int | None  # None: the same text was already saved by us
    status: str


def lock_translation(session: Session, ref: str, locale: str) -> None:
    """Hold the translation's row until commit, so that saves to it take turns.

    PostgreSQL: SELECT ... FOR UPDATE, and the row (and its working revision) is read
    again after the wait, so the base-revision check sees the save that went first.
    SQLite lets one writer in at a time anyway (the clause is left out there).
    """
    art = lookup.article(session, ref, locale)
    session.scalars(
        select(TranslationRow)
        .where(TranslationRow.article_id == art.id, TranslationRow.locale == locale)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()


def keep(
    session: Session,
    *,
    actor: Actor,
    ref: str,
    locale: str,
    body: str,
    title: str | None,
    comment: str,
    base_revision: int,
) -> Kept:
    """Store *body* as a conflict revision beside the working one that won the race."""
    lock_translation(session, ref, locale)
    art = lookup.article(session, ref, locale)
    tr = lookup.require_translation(session, art, locale)
    working = tr.working
    assert working is not None
    new_title = title or working.title
    if working.author == actor.name and working.content_hash == content_hash(new_title, body):
        # Our own save committed, but the answer was lost (connection dropped): done.
        return Kept(art.id, locale, working.author, working.number, None, tr.status)
    last = session.scalar(
        select(func.max(RevisionRow.number)).where(RevisionRow.translation_id == tr.id)
    )
    rev = RevisionRow(
        translation_id=tr.id,
        number=(last or 0) + 1,
        title=new_title,
        body=body,
        author=actor.name,
        comment=comment,
        significance=None,
        version=None,
        source_revision_id=working.source_revision_id,
        machine_translated=False,
        content_hash=content_hash(new_title, body),
        kind=CONFLICT,
    )
    session.add(rev)
    audit.record(
        session,
        actor=actor.name,
        action="conflict",
        entity="translation",
        entity_id=f"{art.id}/{locale}",
        reason=comment,
        revision=rev.number,
        base=base_revision,
        winner=working.author,
        winner_revision=working.number,
    )
    session.flush()
    return Kept(art.id, locale, working.author, working.number, rev.number, tr.status)


def conflict_error(kept: Kept, base_revision: int) -> ConflictError:
    return ConflictError(
        "conflict",
        f"{kept.winner} saved revision {kept.winner_revision} of {kept.article_id}/{kept.locale}"
        f" first (you started from revision {base_revision}); your text was kept as conflict"
        f" revision {kept.kept_revision}, not saved over theirs: compare with"
        f" `kbstudio history {kept.article_id} -l {kept.locale} --diff"
        f" {kept.winner_revision} {kept.kept_revision}`",
    )


def connection_lost(exc: DBAPIError) -> bool:
    """Whether *exc* means the server went away (restart, network), not a refused change.

    psycopg raises OperationalError only for such trouble (refused connections, shut
    down servers, cancelled or deadlocked transactions): each one is worth a retry.
    SQLite's OperationalError ("database is locked") is not about a connection.
    """
    driver_error = type(exc.orig).__module__.startswith("psycopg")
    return bool(exc.connection_invalidated) or (driver_error and isinstance(exc, OperationalError))


def lost_error(exc: DBAPIError) -> KBError:
    detail = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
    return KBError(
        "db-unavailable",
        f"the connection to the database was lost or refused ({detail}); nothing was"
        " half-saved: the change either committed whole or not at all. Try again"
        " (a repeated save of the same text is recognized)",
    )
