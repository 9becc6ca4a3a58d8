"""The database schema as typed SQLAlchemy 2 models.

Revisions are immutable: an edit adds a row. A translation points at three of its
revisions: the *working* one (being edited or reviewed), the last *approved* one, and
the *live* one (published). The live one stays put while a newer draft is worked on.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp that always comes back timezone-aware, in UTC.

    SQLite stores no offset and returns naive datetimes even for DateTime(timezone=True);
    normalizing here means no caller has to remember to.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON, dict[str, str]: JSON}  # noqa: RUF012


class WorkspaceRow(Base):
    """The single row of workspace settings."""

    __tablename__ = "workspace"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    source_locale: Mapped[str] = mapped_column(String(35))
    locales: Mapped[list[str]]
    # Names this workspace in files that leave it (XLIFF), so they come back to it only.
    uid: Mapped[str] = mapped_column(String(36), default=lambda: uuid.uuid4().hex)
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012


class UserRow(Base):
    __tablename__ = "users"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    display: Mapped[str] = mapped_column(String(200), default="")
    roles: Mapped[list[str]]
    locales: Mapped[list[str]]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012


class CategoryRow(Base):
    __tablename__ = "categories"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int]
    names: Mapped[dict[str, str]]
    sections: Mapped[list[SectionRow]] = relationship(
        back_populates="category", order_by="SectionRow.position"
    )
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012


class SectionRow(Base):
    __tablename__ = "sections"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    category_id: Mapped[str] = mapped_column(ForeignKey("categories.id"), index=True)
    position: Mapped[int]
    names: Mapped[dict[str, str]]
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012
    category: Mapped[CategoryRow] = relationship(back_populates="sections")


class ArticleRow(Base):
    __tablename__ = "articles"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    section_id: Mapped[str] = mapped_column(ForeignKey("sections.id"), index=True)
    type: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(default=0)
    owner: Mapped[str | None] = mapped_column(ForeignKey("users.name"))
    review_by: Mapped[dt.date | None] = mapped_column(Date)
    visibility: Mapped[str] = mapped_column(String(20), default="public")
    ends_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012
    translations: Mapped[list[TranslationRow]] = relationship(back_populates="article")


class TranslationRow(Base):
    """One article in one locale (the source locale included) and its workflow state."""

    __tablename__ = "translations"
    __table_args__ = (
        UniqueConstraint("article_id", "locale"),
        UniqueConstraint("locale", "slug", name="uq_translations_locale_slug"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    locale: Mapped[str] = mapped_column(String(35))
    slug: Mapped[str] = mapped_column(String(200))
    tags: Mapped[list[str]]
    status: Mapped[str] = mapped_column(String(20))
    working_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("revisions.id", use_alter=True)
    )
    approved_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("revisions.id", use_alter=True)
    )
    live_revision_id: Mapped[int | None] = mapped_column(ForeignKey("revisions.id", use_alter=True))
    # Optimistic concurrency: every save names the lock_version it started from.
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012
    article: Mapped[ArticleRow] = relationship(back_populates="translations")
    working: Mapped[RevisionRow | None] = relationship(foreign_keys=[working_revision_id])
    approved: Mapped[RevisionRow | None] = relationship(foreign_keys=[approved_revision_id])
    live: Mapped[RevisionRow | None] = relationship(foreign_keys=[live_revision_id])


class RevisionRow(Base):
    """An immutable text of a translation. Source revisions carry a major version."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("translation_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    translation_id: Mapped[int] = mapped_column(ForeignKey("translations.id"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    comment: Mapped[str] = mapped_column(Text, default="")
    significance: Mapped[str | None] = mapped_column(String(10))
    version: Mapped[int | None]
    source_revision_id: Mapped[int | None] = mapped_column(ForeignKey("revisions.id"))
    machine_translated: Mapped[bool] = mapped_column(Boolean, default=False)
    # SHA-256 of each unit (title, body segment) that is machine output no human edited;
    # None: not known (saved before per-unit marks, or imported), the flag above applies.
    machine_units: Mapped[list[str] | None] = mapped_column(JSON, default=None)
    content_hash: Mapped[str] = mapped_column(String(64))
    # "normal", or "conflict": a save that lost a race, kept so that no text is lost.
    kind: Mapped[str] = mapped_column(String(20), default="normal", server_default="normal")
    source_revision: Mapped[RevisionRow | None] = relationship(
        remote_side=[id], foreign_keys=[source_revision_id]
    )


class ReviewRow(Base):
    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"), index=True)
    reviewer: Mapped[str] = mapped_column(String(64))
    decision: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class SnippetRow(Base):
    """A reusable Markdown block in one locale, included from articles by id."""

    __tablename__ = "snippets"
    __table_args__ = (UniqueConstraint("snippet_id", "locale"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    snippet_id: Mapped[str] = mapped_column(String(64), index=True)
    locale: Mapped[str] = mapped_column(String(35))
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64))
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012


class GlossaryTermRow(Base):
    __tablename__ = "glossary_terms"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int]
    dnt: Mapped[bool] = mapped_column(Boolean, default=False)
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012
    renderings: Mapped[list[GlossaryRenderingRow]] = relationship(
        back_populates="glossary_term",
        cascade="all, delete-orphan",
        order_by="GlossaryRenderingRow.id",
    )


class GlossaryRenderingRow(Base):
    __tablename__ = "glossary_renderings"
    __table_args__ = (UniqueConstraint("term_id", "locale"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[str] = mapped_column(ForeignKey("glossary_terms.id"), index=True)
    locale: Mapped[str] = mapped_column(String(35))
    term: Mapped[str] = mapped_column(String(200), default="")
    variants: Mapped[list[str]]
    forbidden: Mapped[list[str]]
    definition: Mapped[str] = mapped_column(Text, default="")
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012
    glossary_term: Mapped[GlossaryTermRow] = relationship(back_populates="renderings")


class AuditRow(Base):
    """One append-only audit event: who did what, to what, when and why."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(200), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]]


class SearchLogRow(Base):
    """How often readers searched a query, as imported from a help center's search log."""

    __tablename__ = "search_log"
    __table_args__ = (UniqueConstraint("source", "locale", "query"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(35), index=True)
    query: Mapped[str] = mapped_column(String(500))
    count: Mapped[int]
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012


class VariableRow(Base):
    """A workspace variable: a named fact declared once and referenced from articles."""

    __tablename__ = "variables"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(20), default="")
    terms: Mapped[dict[str, Any]]
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012


class TMUnitRow(Base):
    """A translation-memory unit imported from TMX (approved translations are read live)."""

    __tablename__ = "tm_units"
    __table_args__ = (UniqueConstraint("source_locale", "target_locale", "source_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    source_locale: Mapped[str] = mapped_column(String(35))
    target_locale: Mapped[str] = mapped_column(String(35), index=True)
    source_key: Mapped[str] = mapped_column(String(64))  # sha256 of the normalized source
    source: Mapped[str] = mapped_column(Text)
    target: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012


def _refuse_change(_mapper: object, _conn: object, target: object) -> None:
    raise PermissionError(f"{type(target).__name__} rows are append-only: never updated or deleted")


# Revisions and audit events are history: the app may add them, never rewrite them.
for _model in (RevisionRow, AuditRow, ReviewRow):
    event.listen(_model, "before_update", _refuse_change)
    event.listen(_model, "before_delete", _refuse_change)
