"""Changing an article's properties: type, owner, review-by date, visibility, end date, tags.

Only the fields a caller gives change (``UNSET`` means "leave it"; ``None`` clears a
date or the owner). Every value is checked and every refusal names its field. The
article's lock_version guards against saving over someone else's change: a caller that
read version N and passes ``expected_lock_version=N`` is refused once anyone changed
the properties since, and told who. Each call that changes something appends one audit
event ("properties", entity "article") with every field's old and new value.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from kbstudio.domain.errors import ConflictError, NotFoundError, ValidationError, WorkflowError
from kbstudio.domain.model import ArticleType, Visibility
from kbstudio.domain.properties import (
    check_ends,
    check_tags,
    may_change,
    may_tag,
    refusal,
    tag_refusal,
)
from kbstudio.services import audit, lookup
from kbstudio.storage.models import ArticleRow, AuditRow, UserRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kbstudio.domain.workflow import Actor

ACTION = "properties"


class Unset(enum.Enum):
    UNSET = "unset"


UNSET = Unset.UNSET


@dataclass(frozen=True)
class PropertiesChange:
    """What a call changed: field -> (old, new), tags as "tags:<locale>"."""

    article_id: str
    lock_version: int
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    # Locales whose search documents and badges follow (all, for article fields).
    locales: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def parse_date(value: str | dt.date | None, *, field: str = "review_by") -> dt.date | None:
    """A date from ISO text ("2027-03-01"); "" and "none" clear it."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    if value.strip().lower() in ("", "none"):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(
            "bad-field", f"{field} must be a date like 2027-03-01 (got {value!r})", field=field
        ) from None


def parse_moment(value: str | dt.datetime | None, *, field: str = "ends_at") -> dt.datetime | None:
    """A UTC time from ISO text ("2026-12-09T06:00Z"; no offset means UTC); "none" clears it."""
    if isinstance(value, str):
        text = value.strip()
        if text.lower() in ("", "none"):
            return None
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                "bad-field",
                f"{field} must be a time like 2026-12-09T06:00:00Z (got {text!r})",
                field=field,
            ) from None
    if value is None:
        return None
    moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _choice(value: str, options: type[enum.StrEnum], name: str) -> str:
    known = [o.value for o in options]
    if value not in known:
        raise ValidationError(
            "bad-field", f"{name} must be one of: {', '.join(known)} (got {value!r})", field=name
        )
    return value


def _owner(session: Session, name: str | None) -> str | None:
    if name is None or not name.strip() or name.strip().lower() == "none":
        return None
    row = session.get(UserRow, name.strip())
    if row is None or not row.active:
        raise NotFoundError("unknown-user", f"owner {name!r} is not a user here", field="owner")
    return row.name


def _shown(value: object) -> object:
    """A value as the audit trail stores it (JSON)."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def last_change(session: Session, article_id: str) -> AuditRow | None:
    """The newest properties event of an article (who changed it last, and when)."""
    return session.scalars(
        select(AuditRow)
        .where(AuditRow.entity == "article", AuditRow.entity_id == article_id)
        .where(AuditRow.action == ACTION)
        .order_by(AuditRow.id.desc())
    ).first()


def _check_version(session: Session, art: ArticleRow, expected: int | None) -> None:
    if expected is None or expected == art.lock_version:
        return
    last = last_change(session, art.id)
    who = (
        f"{last.actor} changed them at {last.at:%Y-%m-%d %H:%M} UTC"
        if last is not None
        else "they were changed (by an import)"
    )
    raise ConflictError(
        "conflict",
        f"the properties of {art.id} changed after you read them: {who}; you started from"
        f" version {expected}, it is now {art.lock_version}. Nothing was saved: reload and"
        " apply your change again",
        field="lock_version",
    )


def _lock(session: Session, art: ArticleRow) -> ArticleRow:
    """Hold the article row until commit (PostgreSQL), and read it again after the wait."""
    found = session.scalars(
        select(ArticleRow)
        .where(ArticleRow.id == art.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    assert found is not None
    return found


def _wanted(
    session: Session,
    art: ArticleRow,
    *,
    type: str | Unset,
    owner: str | Unset | None,
    review_by: str | dt.date | Unset | None,
    visibility: str | Unset,
    ends_at: str | dt.datetime | Unset | None,
) -> dict[str, Any]:
    """The article fields asked for, checked, that differ from what is stored."""
    new: dict[str, Any] = {}
    if not isinstance(type, Unset):
        new["type"] = _choice(type, ArticleType, "type")
    if not isinstance(owner, Unset):
        new["owner"] = _owner(session, owner)
    if not isinstance(review_by, Unset):
        new["review_by"] = parse_date(review_by)
    if not isinstance(visibility, Unset):
        new["visibility"] = _choice(visibility, Visibility, "visibility")
    if not isinstance(ends_at, Unset):
        new["ends_at"] = parse_moment(ends_at)
    return {k: v for k, v in new.items() if getattr(art, k) != v}


def set_properties(
    session: Session,
    *,
    actor: Actor,
    art: ArticleRow,
    expected_lock_version: int | None = None,
    type: str | Unset = UNSET,
    owner: str | Unset | None = UNSET,
    review_by: str | dt.date | Unset | None = UNSET,
    visibility: str | Unset = UNSET,
    ends_at: str | dt.datetime | Unset | None = UNSET,
    tags: dict[str, list[str]] | None = None,
    comment: str = "",
) -> PropertiesChange:
    """Change the given properties of *art*; refuse whole when any field is refused."""
    art = _lock(session, art)
    _check_version(session, art, expected_lock_version)
    ws = lookup.settings(session)
    fields = _wanted(
        session, art, type=type, owner=owner, review_by=review_by,
        visibility=visibility, ends_at=ends_at,
    )  # fmt: skip
    for name in fields:
        if not may_change(actor, name, owner=art.owner):
            raise WorkflowError("forbidden", refusal(actor, name, owner=art.owner), field=name)
    if "type" in fields or "ends_at" in fields:
        check_ends(fields.get("type", art.type), fields.get("ends_at", art.ends_at))
    texts = {t.locale: t for t in art.translations}
    new_tags: dict[str, list[str]] = {}
    for locale, wanted in (tags or {}).items():
        if locale not in texts:
            raise NotFoundError(
                "no-translation", f"{art.id} has no {locale} text to tag", field="tags"
            )
        checked = check_tags(wanted)
        if checked == list(texts[locale].tags):
            continue
        if not may_tag(actor, locale, source_locale=ws.source_locale):
            message = tag_refusal(actor, locale, source_locale=ws.source_locale)
            raise WorkflowError("forbidden", message, field="tags")
        new_tags[locale] = checked
    changes: dict[str, tuple[Any, Any]] = {
        name: (_shown(getattr(art, name)), _shown(value)) for name, value in fields.items()
    }
    changes.update({f"tags:{loc}": (list(texts[loc].tags), t) for loc, t in new_tags.items()})
    if not changes:
        return PropertiesChange(art.id, art.lock_version)
    for name, value in fields.items():
        setattr(art, name, value)
    for locale, value in new_tags.items():
        texts[locale].tags = value
    if not fields:
        # Tags alone: the article's version still moves, so readers of the old tags
        # see a conflict rather than save over them.
        flag_modified(art, "type")
    session.flush()
    audit.record(
        session,
        actor=actor.name,
        action=ACTION,
        entity="article",
        entity_id=art.id,
        reason=comment,
        changes={k: list(v) for k, v in changes.items()},
        lock_version=art.lock_version,
    )
    locales = tuple(sorted(texts)) if fields else tuple(sorted(new_tags))
    return PropertiesChange(art.id, art.lock_version, changes, locales)
