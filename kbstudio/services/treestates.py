"""Every translation's state for the studio's tree, read in a few large JSON chunks.

The tree needs all 70,000 translations of a 10,000-article workspace at start-up, while the
GUI thread builds the window. Fetching them as rows hands the GIL back and forth once per
row (sqlite3 releases it around each step), so a busy GUI thread starved the read for most
of a second. Here the database builds each chunk of 4,096 translations as one JSON text
with the GIL released, and Python decodes it in one C call; the GIL changes hands only
between chunks. Each state is a NamedTuple built by ``_make`` (no Python ``__init__``):
about a quarter of what a frozen dataclass costs, and the collector stops tracking it.
"""

from __future__ import annotations

import datetime as dt
import json
from operator import itemgetter
from sys import intern
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Badges beyond the workflow states: a translation behind its source, a source past review-by.
OUTDATED = "outdated"
STALE = "stale"


class LocaleState(NamedTuple):
    """One translation as the tree shows it."""

    locale: str
    status: str
    title: str
    author: str | None
    revision: int | None
    outdated: bool = False
    stale: bool = False

    @property
    def badge(self) -> str:
        """The one word the tree shows: outdated or stale win over the workflow state."""
        if self.outdated:
            return OUTDATED
        if self.stale:
            return STALE
        return self.status


# Per translation: article, then the LocaleState fields in order. A translation is
# outdated (domain.model.is_outdated) when the source version its working revision follows
# is older than the source's accepted version: its approved revision's, else its live one's
# (services.revisions.approved_version). Stale needs today's date; tree() sets it.
_COLUMNS = """
    t.article_id, t.locale, t.status, coalesce(w.title, ''), w.author, w.number, {outdated},
    {false}
"""
_FROM = """
FROM translations AS t
LEFT JOIN revisions AS w ON w.id = t.working_revision_id
LEFT JOIN revisions AS b ON b.id = w.source_revision_id
LEFT JOIN translations AS st ON st.article_id = t.article_id AND st.locale = :src
LEFT JOIN revisions AS s ON s.id = coalesce(st.approved_revision_id, st.live_revision_id)
"""
_OUTDATED = "t.locale <> :src AND b.version IS NOT NULL AND s.version IS NOT NULL"
_SQLITE = (
    "SELECT json_group_array(json_array("
    + _COLUMNS.format(
        outdated=f"CASE WHEN {_OUTDATED} AND b.version < s.version"
        " THEN json('true') ELSE json('false') END",
        false="json('false')",
    )
    + "))"
    + _FROM
)
_POSTGRESQL = (
    "SELECT json_agg(json_build_array("
    + _COLUMNS.format(
        outdated=f"coalesce({_OUTDATED} AND b.version < s.version, false)", false="false"
    )
    + "))"
    + _FROM
)
_CHUNK = 1024


def read_states(
    session: Session, source_locale: str, only: str | None = None
) -> dict[str, dict[str, LocaleState]]:
    """Every translation's state by article id and locale (with *only*: that article's)."""
    dialect = session.get_bind().dialect.name
    sql = _POSTGRESQL if dialect == "postgresql" else _SQLITE
    params: dict[str, object] = {"src": source_locale}
    if only is not None:
        sql += " WHERE t.article_id = :only"
        params["only"] = only
    else:
        sql += f" GROUP BY t.id / {_CHUNK}"
    make = LocaleState._make
    states_by: dict[str, dict[str, LocaleState]] = {}
    for (chunk,) in session.execute(text(sql), params):
        for row in _decode(chunk):
            states = states_by.get(row[0])
            if states is None:
                states = states_by[row[0]] = {}
            # Interned: the filters look states up by locale and compare statuses with
            # literals 70,000 times a keystroke, and identical strings compare at once.
            row[1], row[2] = intern(row[1]), intern(row[2])
            states[row[1]] = make(row[1:])
    return states_by


class ArticleFields(NamedTuple):
    """An article's columns that the tree shows or filters on."""

    id: str
    section_id: str
    type: str
    owner: str | None
    review_by: dt.date | None
    visibility: str
    ends_at: dt.datetime | None


_ARTICLES = """
SELECT {agg}({array}(id, section_id, type, owner, review_by, visibility, ends_at, position))
FROM articles
"""
_ARTICLES_SQLITE = _ARTICLES.format(agg="json_group_array", array="json_array")
_ARTICLES_POSTGRESQL = _ARTICLES.format(agg="json_agg", array="json_build_array")


def read_articles(session: Session, only: str | None = None) -> list[ArticleFields]:
    """Every article (with *only*: that one) by section, position and id, in one JSON text."""
    dialect = session.get_bind().dialect.name
    sql = _ARTICLES_POSTGRESQL if dialect == "postgresql" else _ARTICLES_SQLITE
    params: dict[str, object] = {}
    if only is not None:
        sql += " WHERE id = :only"
        params["only"] = only
    rows = _decode(session.execute(text(sql), params).scalar_one())
    # Neither engine promises an aggregate's order (SQLite has no ORDER BY inside one).
    rows.sort(key=itemgetter(1, 7, 0))
    return [
        ArticleFields(
            art_id,
            section_id,
            kind,
            owner,
            dt.date.fromisoformat(review_by) if review_by else None,
            visibility,
            _utc(ends_at) if ends_at else None,
        )
        for art_id, section_id, kind, owner, review_by, visibility, ends_at, _position in rows
    ]


def _utc(stamp: str) -> dt.datetime:
    """A stored timestamp as storage.models.UTCDateTime returns it: aware, in UTC."""
    value = dt.datetime.fromisoformat(stamp)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _decode(chunk: Any) -> list[Any]:
    """A JSON aggregate as Python lists: SQLite returns its text, psycopg decodes it
    itself, and PostgreSQL aggregates an empty set to NULL."""
    if isinstance(chunk, str):
        rows: list[Any] = json.loads(chunk)
        return rows
    return list(chunk or [])
