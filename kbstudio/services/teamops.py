"""Team-mode operations of the Workspace: conflict revisions, logins, backups, restores."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kbstudio.domain.errors import KBError
from kbstudio.domain.workflow import Role
from kbstudio.services import audit, backups, conflicts, identity, lookup
from kbstudio.services.changes import Change
from kbstudio.storage.engine import migrate
from kbstudio.storage.models import UserRow

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from pathlib import Path

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from kbstudio.services.config import WorkspaceConfig
    from kbstudio.services.search import SearchService

# A save that loses a race at the database runs again (then sees the winner).
EDIT_ATTEMPTS = 5


class TeamOps:
    """Mixed into Workspace; uses its engine, config, search and session()."""

    engine: Engine
    config: WorkspaceConfig
    search: SearchService
    backup: Path | None

    def session(self) -> AbstractContextManager[Session]:
        raise NotImplementedError

    def _keep_conflict(
        self,
        ref: str,
        *,
        locale: str,
        body: str,
        actor: str,
        title: str | None,
        comment: str,
        base_revision: int,
    ) -> Change:
        for attempt in range(EDIT_ATTEMPTS):
            try:
                with self.session() as s:
                    kept = conflicts.keep(
                        s, actor=lookup.actor(s, actor), ref=ref, locale=locale, body=body,
                        title=title, comment=comment, base_revision=base_revision,
                    )  # fmt: skip
                break
            except conflicts.RACES:
                if attempt + 1 == EDIT_ATTEMPTS:
                    raise
        if kept.kept_revision is None:
            return Change(
                "edit", kept.article_id, locale, kept.status, kept.winner_revision, changed=False
            )
        raise conflicts.conflict_error(kept, base_revision)

    def default_actor(self) -> str | None:
        """Who a PostgreSQL member login acts as without --as (None on SQLite)."""
        with self.session() as s:
            return identity.default_actor(s)

    def grant_login(self, name: str, *, actor: str) -> Change:
        """Give user *name* a PostgreSQL login in the team group (admins only)."""
        with self.session() as s:
            if not lookup.actor(s, actor).has(Role.ADMIN):
                raise KBError("forbidden", f"{actor} cannot grant logins: only admins may")
            if s.get(UserRow, name) is None:
                raise KBError("unknown-user", f"no user named {name!r}", field="NAME")
            created = identity.grant_login(s, name)
            audit.record(s, actor=actor, action="login-grant", entity="user", entity_id=name)
        verb = "created" if created else "already existed; granted the team role"
        return Change("login-grant", "", "", "", message=f"{name}: login {verb}")

    def backup_to(self, target: Path, *, actor: str) -> Path:
        """Write the whole database to *target* (SQLite backup API or pg_dump)."""
        with self.session() as s:
            lookup.actor(s, actor)
        return backups.backup(self.engine, target)

    def restore_from(self, source: Path, *, actor: str) -> Path:
        """Replace the database with a backup (admins only); returns the safety copy."""
        with self.session() as s:
            if not lookup.actor(s, actor).has(Role.ADMIN):
                raise KBError("forbidden", f"{actor} cannot restore: only admins may")
        self.search.close(maintain=False)
        safety = backups.restore(self.engine, source, safety_dir=self.config.backup_dir)
        self.backup = migrate(self.engine, backup_dir=self.config.backup_dir)
        backups.forget_caches(self.config.data_dir)
        with self.session() as s:
            audit.record(
                s, actor=actor, action="restore", entity="workspace", entity_id="workspace",
                source=str(source), safety_copy=str(safety),
            )  # fmt: skip
        return safety
