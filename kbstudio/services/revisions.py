"""Adding immutable revisions and reading the versions that decide 'outdated'."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from kbstudio.domain.model import is_outdated
from kbstudio.storage.models import RevisionRow, TranslationRow

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import Session


def content_hash(title: str, body: str) -> str:
    return hashlib.sha256(f"{title}\0{body}".encode()).hexdigest()


def unit_hash(text: str) -> str:
    """Names one unit's text (title or body segment) in a revision's machine_units."""
    return hashlib.sha256(text.strip().encode()).hexdigest()


def machine_hashes(texts: Iterable[str]) -> list[str]:
    """The sorted, distinct hashes of the non-empty *texts* (units that are machine output)."""
    return sorted({unit_hash(t) for t in texts if t.strip()})


def add_revision(
    session: Session,
    tr: TranslationRow,
    *,
    title: str,
    body: str,
    author: str,
    comment: str = "",
    significance: str | None = None,
    version: int | None = None,
    source_revision: RevisionRow | None = None,
    machine_translated: bool = False,
    machine_units: list[str] | None = None,
) -> RevisionRow:
    """Append a revision to *tr* and make it the working one.

    *machine_units* (hashes of units still machine output) is set here or never:
    revisions are append-only.
    """
    if tr.id is None:
        session.flush()
    last = session.scalar(
        select(func.max(RevisionRow.number)).where(RevisionRow.translation_id == tr.id)
    )
    rev = RevisionRow(
        translation_id=tr.id,
        number=(last or 0) + 1,
        title=title,
        body=body,
        author=author,
        comment=comment,
        significance=significance,
        version=version,
        source_revision_id=source_revision.id if source_revision else None,
        machine_translated=machine_translated or bool(machine_units),
        machine_units=machine_units,
        content_hash=content_hash(title, body),
    )
    session.add(rev)
    session.flush()
    tr.working_revision_id = rev.id
    tr.working = rev
    return rev


def accepted_revision(tr: TranslationRow) -> RevisionRow | None:
    """The newest revision a reviewer accepted: approved, else live."""
    return tr.approved or tr.live


def approved_version(source: TranslationRow | None) -> int | None:
    """The source's major version that translations must follow."""
    if source is None:
        return None
    rev = accepted_revision(source)
    return rev.version if rev is not None else None


def based_on_version(rev: RevisionRow | None) -> int | None:
    if rev is None or rev.source_revision is None:
        return None
    return rev.source_revision.version


def translation_outdated(tr: TranslationRow, source: TranslationRow | None) -> bool:
    if source is None or tr.id == source.id:
        return False
    return is_outdated(
        based_on_version=based_on_version(tr.working),
        approved_source_version=approved_version(source),
    )


def latest_source_revision(
    session: Session, source: TranslationRow, version: int
) -> RevisionRow | None:
    """The newest source revision of a given major *version*."""
    return session.scalars(
        select(RevisionRow)
        .where(RevisionRow.translation_id == source.id, RevisionRow.version == version)
        .order_by(RevisionRow.number.desc())
    ).first()
