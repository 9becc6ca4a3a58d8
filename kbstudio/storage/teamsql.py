"""Team mode in the database: the names its SQL (migration 0005) and the services share.

Both engines: revisions, reviews and the audit log refuse UPDATE and DELETE (triggers),
so history stays append-only even for someone with direct SQL access.

PostgreSQL also checks roles in the database. A login that is a KB Studio user (its
name equals users.name) is a *member*: it belongs to the group role ``kbstudio_team``,
which may read everything but only add history and move translations and snippets,
and row triggers check every such change against that user's roles and locales —
exactly the rules of kbstudio.domain.workflow. The login that owns the tables (and
superusers) is *trusted*: it runs migrations, imports, user admin and restores.
The SQL itself lives in migration 0005 (kbstudio/storage/migrations/versions/), which
never changes once released; later rules come in later migrations.
"""

from __future__ import annotations

TEAM_ROLE = "kbstudio_team"
APPEND_ONLY = ("revisions", "reviews", "audit_log")
