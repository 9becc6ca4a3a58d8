"""Team mode: optimistic locking on every editable table, conflict revisions, history
that the database itself keeps append-only, and (PostgreSQL) roles checked in the database.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 01:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The SQL is written out here, not imported, so that this migration never changes.
TEAM_ROLE = "kbstudio_team"  # also kbstudio.storage.teamsql.TEAM_ROLE
APPEND_ONLY = ("revisions", "reviews", "audit_log")

SQLITE_UP = [
    stmt
    for table in APPEND_ONLY
    for verb in ("UPDATE", "DELETE")
    for stmt in [
        f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
    ]
]
SQLITE_DOWN = [
    f"DROP TRIGGER IF EXISTS {table}_no_{verb.lower()}"
    for table in APPEND_ONLY
    for verb in ("UPDATE", "DELETE")
]

_FUNCTIONS = r"""
CREATE FUNCTION kb_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are append-only: never updated or deleted', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE FUNCTION kb_trusted() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT pg_has_role(current_user,
                     (SELECT relowner FROM pg_class WHERE oid = 'revisions'::regclass),
                     'USAGE')
$$;

CREATE FUNCTION kb_may(want text, loc text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT kb_trusted() OR EXISTS (
    SELECT 1 FROM users u, workspace w
    WHERE u.name = current_user AND u.active AND w.id = 1 AND (
      u.roles::jsonb ? 'admin'
      OR (want = 'write' AND loc = w.source_locale AND u.roles::jsonb ? 'writer')
      OR (want = 'write' AND loc <> w.source_locale AND u.roles::jsonb ? 'translator'
          AND u.locales::jsonb ? loc)
      OR (want = 'review' AND u.roles::jsonb ? 'reviewer' AND u.locales::jsonb ? loc)
      OR (want = 'publish' AND u.roles::jsonb ? 'publisher')))
$$;

CREATE FUNCTION kb_require(want text, loc text, what text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF NOT kb_may(want, loc) THEN
    RAISE EXCEPTION 'kbstudio: % may not % (% in %)', current_user, want, what, loc
      USING ERRCODE = 'insufficient_privilege';
  END IF;
END $$;

CREATE FUNCTION kb_not_own(revision integer) RETURNS void LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF (SELECT author FROM revisions WHERE id = revision) = current_user THEN
    RAISE EXCEPTION 'kbstudio: % may not approve their own revision', current_user
      USING ERRCODE = 'insufficient_privilege';
  END IF;
END $$;

CREATE FUNCTION kb_check_translation() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  checked boolean := false;
BEGIN
  IF kb_trusted() THEN RETURN NEW; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM kb_require('write', NEW.locale, 'a new translation');
    RETURN NEW;
  END IF;
  IF NEW.article_id <> OLD.article_id OR NEW.locale <> OLD.locale THEN
    RAISE EXCEPTION 'kbstudio: a translation never moves' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.live_revision_id IS DISTINCT FROM OLD.live_revision_id
     OR (NEW.status IS DISTINCT FROM OLD.status
         AND (NEW.status IN ('published', 'archived') OR OLD.status = 'archived')) THEN
    PERFORM kb_require('publish', NEW.locale, 'publishing');
    checked := true;
  END IF;
  IF NEW.approved_revision_id IS DISTINCT FROM OLD.approved_revision_id
     OR (NEW.status = 'approved' AND OLD.status <> 'approved')
     OR (OLD.status = 'in_review' AND NEW.status = 'draft'
         AND NEW.working_revision_id IS NOT DISTINCT FROM OLD.working_revision_id) THEN
    PERFORM kb_require('review', NEW.locale, 'a review decision');
    PERFORM kb_not_own(NEW.approved_revision_id);
    checked := true;
  END IF;
  IF NEW.working_revision_id IS DISTINCT FROM OLD.working_revision_id
     OR NEW.slug <> OLD.slug OR NEW.tags::text <> OLD.tags::text
     OR (NEW.status = 'in_review' AND OLD.status <> 'in_review') THEN
    PERFORM kb_require('write', NEW.locale, 'editing or submitting');
    checked := true;
  END IF;
  -- Any other change of state (say, approved back to draft) needs a writer of the text.
  IF NEW.status IS DISTINCT FROM OLD.status AND NOT checked THEN
    PERFORM kb_require('write', NEW.locale, 'a change of state');
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION kb_check_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF kb_trusted() THEN RETURN NEW; END IF;
  IF NEW.author <> current_user THEN
    RAISE EXCEPTION 'kbstudio: % may not write a revision as %', current_user, NEW.author
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM kb_require('write', (SELECT locale FROM translations WHERE id = NEW.translation_id),
                     'a revision');
  RETURN NEW;
END $$;

CREATE FUNCTION kb_check_review() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF kb_trusted() THEN RETURN NEW; END IF;
  IF NEW.reviewer <> current_user THEN
    RAISE EXCEPTION 'kbstudio: % may not review as %', current_user, NEW.reviewer
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM kb_require('review', (SELECT t.locale FROM translations t JOIN revisions r
                                ON r.translation_id = t.id WHERE r.id = NEW.revision_id),
                     'a review');
  IF NEW.decision = 'approved' THEN
    PERFORM kb_not_own(NEW.revision_id);
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION kb_check_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT kb_trusted() AND NEW.actor <> current_user THEN
    RAISE EXCEPTION 'kbstudio: % may not record events as %', current_user, NEW.actor
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION kb_check_tm_unit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT kb_trusted() THEN
    PERFORM kb_require('write', NEW.target_locale, 'translation memory');
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION kb_check_snippet() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT kb_trusted() THEN
    PERFORM kb_require('write', NEW.locale, 'a snippet');
  END IF;
  RETURN NEW;
END $$;
"""

_TEAM_ROLE = f"""
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{TEAM_ROLE}') THEN
    CREATE ROLE {TEAM_ROLE} NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;  -- another database on this cluster created it at the same moment
END $$
"""

POSTGRES_UP = [
    _FUNCTIONS,
    *[
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION kb_append_only()"
        for table in APPEND_ONLY
    ],
    *[
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION kb_append_only()"
        for table in APPEND_ONLY
    ],
    "CREATE TRIGGER translations_roles BEFORE INSERT OR UPDATE ON translations "
    "FOR EACH ROW EXECUTE FUNCTION kb_check_translation()",
    "CREATE TRIGGER revisions_roles BEFORE INSERT ON revisions "
    "FOR EACH ROW EXECUTE FUNCTION kb_check_revision()",
    "CREATE TRIGGER reviews_roles BEFORE INSERT ON reviews "
    "FOR EACH ROW EXECUTE FUNCTION kb_check_review()",
    "CREATE TRIGGER audit_log_actor BEFORE INSERT ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION kb_check_audit()",
    "CREATE TRIGGER snippets_roles BEFORE INSERT OR UPDATE ON snippets "
    "FOR EACH ROW EXECUTE FUNCTION kb_check_snippet()",
    "CREATE TRIGGER tm_units_roles BEFORE INSERT OR UPDATE ON tm_units "
    "FOR EACH ROW EXECUTE FUNCTION kb_check_tm_unit()",
    _TEAM_ROLE,
    f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {TEAM_ROLE}",
    f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {TEAM_ROLE}",
    f"GRANT INSERT ON revisions, reviews, audit_log, translations TO {TEAM_ROLE}",
    f"GRANT UPDATE ON translations, snippets TO {TEAM_ROLE}",
    f"GRANT INSERT ON snippets, tm_units TO {TEAM_ROLE}",
    f"GRANT UPDATE ON tm_units TO {TEAM_ROLE}",
]

POSTGRES_DOWN = [
    *[f"DROP TRIGGER IF EXISTS {t}_append_only ON {t}" for t in APPEND_ONLY],
    *[f"DROP TRIGGER IF EXISTS {t}_no_truncate ON {t}" for t in APPEND_ONLY],
    "DROP TRIGGER IF EXISTS translations_roles ON translations",
    "DROP TRIGGER IF EXISTS revisions_roles ON revisions",
    "DROP TRIGGER IF EXISTS reviews_roles ON reviews",
    "DROP TRIGGER IF EXISTS audit_log_actor ON audit_log",
    "DROP TRIGGER IF EXISTS snippets_roles ON snippets",
    "DROP TRIGGER IF EXISTS tm_units_roles ON tm_units",
    f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {TEAM_ROLE}",
    f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {TEAM_ROLE}",
    "DROP FUNCTION IF EXISTS kb_check_tm_unit(), kb_check_snippet(), kb_check_audit(), "
    "kb_check_review(), kb_check_revision(), kb_check_translation(), kb_not_own(integer), "
    "kb_require(text, text, text), "
    "kb_may(text, text), kb_trusted(), kb_append_only()",
]


LOCKED = ("users", "categories", "sections", "glossary_renderings", "search_log", "tm_units")


def upgrade() -> None:
    for table in LOCKED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("lock_version", sa.Integer(), nullable=False, server_default="1")
            )
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=20), nullable=False, server_default="normal")
        )
    dialect = op.get_bind().dialect.name
    for statement in POSTGRES_UP if dialect == "postgresql" else SQLITE_UP:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in POSTGRES_DOWN if dialect == "postgresql" else SQLITE_DOWN:
        op.execute(statement)
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.drop_column("kind")
    for table in LOCKED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("lock_version")
