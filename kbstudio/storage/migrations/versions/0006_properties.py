"""Editable article properties and per-unit machine-translation marks.

Revisions get ``machine_units``: the SHA-256 of each unit (title or body segment) whose
text in that revision is machine output no human has edited. NULL means unknown (a
revision saved before this migration, or imported): only the revision-level flag applies.

PostgreSQL: team members may update an article's properties (type, owner, review-by
date, visibility, end date) and its lock_version, and nothing else of it; a row trigger
applies the rules of kbstudio.domain.properties to their logins.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 03:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The SQL is written out here, not imported, so that this migration never changes.
TEAM_ROLE = "kbstudio_team"
COLUMNS = "type, owner, review_by, visibility, ends_at, lock_version"

_FUNCTIONS = r"""
CREATE FUNCTION kb_may_article(want text, article_owner text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT kb_trusted() OR EXISTS (
    SELECT 1 FROM users u
    WHERE u.name = current_user AND u.active AND (
      u.roles::jsonb ? 'admin' OR u.roles::jsonb ? 'writer' OR u.roles::jsonb ? 'publisher'
      OR u.name = article_owner
      OR (want = 'review_by' AND u.roles::jsonb ? 'reviewer')))
$$;

CREATE FUNCTION kb_check_article() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF kb_trusted() THEN RETURN NEW; END IF;
  IF (NEW.type IS DISTINCT FROM OLD.type OR NEW.owner IS DISTINCT FROM OLD.owner
      OR NEW.visibility IS DISTINCT FROM OLD.visibility
      OR NEW.ends_at IS DISTINCT FROM OLD.ends_at)
     AND NOT kb_may_article('properties', OLD.owner) THEN
    RAISE EXCEPTION 'kbstudio: % may not change the properties of %', current_user, OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.review_by IS DISTINCT FROM OLD.review_by
     AND NOT kb_may_article('review_by', OLD.owner) THEN
    RAISE EXCEPTION 'kbstudio: % may not change the review-by date of %', current_user, OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.ends_at IS NOT NULL AND NEW.type <> 'announcement' THEN
    RAISE EXCEPTION 'kbstudio: only announcements have an end date (% is a %)', OLD.id, NEW.type
      USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.lock_version < OLD.lock_version THEN
    RAISE EXCEPTION 'kbstudio: the lock version of % only grows', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
"""

POSTGRES_UP = [
    _FUNCTIONS,
    "CREATE TRIGGER articles_roles BEFORE UPDATE ON articles "
    "FOR EACH ROW EXECUTE FUNCTION kb_check_article()",
    f"GRANT UPDATE ({COLUMNS}) ON articles TO {TEAM_ROLE}",
]

POSTGRES_DOWN = [
    f"REVOKE UPDATE ({COLUMNS}) ON articles FROM {TEAM_ROLE}",
    "DROP TRIGGER IF EXISTS articles_roles ON articles",
    "DROP FUNCTION IF EXISTS kb_check_article(), kb_may_article(text, text)",
]


def upgrade() -> None:
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("machine_units", sa.JSON(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_DOWN:
            op.execute(statement)
        op.drop_column("revisions", "machine_units")
    else:
        # Natively (SQLite >= 3.35): a batch copy of the table would drop its append-only
        # triggers from 0005.
        op.execute("ALTER TABLE revisions DROP COLUMN machine_units")
