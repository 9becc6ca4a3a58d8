"""The change feed: what other clients changed since this one last looked.

Revision and audit ids only grow, so the pair (max revision id, max audit id) is a
position in the feed. Each client keeps the last position its search indexes saw in
its data folder; what lies beyond it names the texts to re-index.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from kbstudio.storage.models import AuditRow, RevisionRow, TranslationRow

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.orm import Session

FEED_FILE = "feed.json"


@dataclass(frozen=True)
class Position:
    revision: int
    audit: int

    def behind(self, other: Position) -> bool:
        return self.revision < other.revision or self.audit < other.audit


@dataclass
class Changes:
    """What changed between two positions."""

    keys: set[tuple[str, str]] = field(default_factory=set)  # (article id, locale)
    everything: bool = False  # an import, a restore: re-index all built indexes
    glossary: bool = False  # synonyms may have changed: analyzers must be reloaded


def position(session: Session) -> Position:
    return Position(
        session.scalar(select(func.max(RevisionRow.id))) or 0,
        session.scalar(select(func.max(AuditRow.id))) or 0,
    )


def changes_since(
    session: Session, seen: Position, now: Position, own_imports: frozenset[int] = frozenset()
) -> Changes:
    """What lies between *seen* and *now*; *own_imports* are this client's import events,
    whose texts it has already re-indexed."""
    if now.behind(seen):  # the database went back in time (restored from a backup)
        return Changes(everything=True, glossary=True)
    out = Changes()
    revised = session.execute(
        select(TranslationRow.article_id, TranslationRow.locale)
        .join(RevisionRow, RevisionRow.translation_id == TranslationRow.id)
        .where(RevisionRow.id > seen.revision, RevisionRow.id <= now.revision)
        .distinct()
    )
    out.keys.update((str(a), str(loc)) for a, loc in revised)
    events = session.execute(
        select(AuditRow.id, AuditRow.entity, AuditRow.entity_id, AuditRow.action).where(
            AuditRow.id > seen.audit, AuditRow.id <= now.audit
        )
    )
    articles: set[str] = set()
    for event_id, entity, entity_id, action in events:
        if entity == "translation" and "/" in entity_id:
            article_id, locale = entity_id.split("/", 1)
            out.keys.add((article_id, locale))
        elif entity == "article":
            articles.add(entity_id)  # its properties: every locale's document shows them
        elif action == "import" and event_id not in own_imports:
            out.everything = out.glossary = True
    if articles:
        texts = session.execute(
            select(TranslationRow.article_id, TranslationRow.locale).where(
                TranslationRow.article_id.in_(sorted(articles))
            )
        )
        out.keys.update((str(a), str(loc)) for a, loc in texts)
    return out


def last_import(session: Session, actor: str) -> int | None:
    """The id of *actor*'s newest import event (just committed by this client)."""
    return session.scalar(
        select(func.max(AuditRow.id)).where(AuditRow.action == "import", AuditRow.actor == actor)
    )


def read(folder: Path) -> Position | None:
    try:
        data = json.loads((folder / FEED_FILE).read_text(encoding="utf-8"))
        return Position(int(data["revision"]), int(data["audit"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no feed yet, or a damaged one: start from now


def write(folder: Path, pos: Position) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{FEED_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps({"revision": pos.revision, "audit": pos.audit}), encoding="utf-8")
    os.replace(tmp, folder / FEED_FILE)  # atomic: another process may read it right now
