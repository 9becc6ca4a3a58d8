"""The append-only audit trail: recording events and reading them back."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from kbstudio.storage.models import AuditRow, utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    reason: str
    details: dict[str, Any]


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    reason: str = "",
    **details: Any,
) -> None:
    """Append one event; it is written in the same transaction as the change itself."""
    session.add(
        AuditRow(
            at=utcnow(),
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            reason=reason,
            details=details,
        )
    )


def events(
    session: Session,
    *,
    entity_id: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    limit: int | None = None,
) -> list[AuditEvent]:
    query = select(AuditRow).order_by(AuditRow.id)
    if entity_id:
        query = query.where(AuditRow.entity_id == entity_id)
    if actor:
        query = query.where(AuditRow.actor == actor)
    if action:
        query = query.where(AuditRow.action == action)
    rows = list(session.scalars(query))
    if limit is not None:
        rows = rows[-limit:]
    return [
        AuditEvent(
            r.id,
            r.at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            r.actor,
            r.action,
            r.entity,
            r.entity_id,
            r.reason,
            dict(r.details),
        )
        for r in rows
    ]


def to_json(items: list[AuditEvent]) -> str:
    return json.dumps([asdict(e) for e in items], ensure_ascii=False, indent=2)


def to_csv(items: list[AuditEvent]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "at", "actor", "action", "entity", "entity_id", "reason", "details"])
    for e in items:
        details = json.dumps(e.details, ensure_ascii=False, sort_keys=True)
        writer.writerow([e.id, e.at, e.actor, e.action, e.entity, e.entity_id, e.reason, details])
    return out.getvalue()
