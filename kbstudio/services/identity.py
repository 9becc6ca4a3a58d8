"""Who is acting, in team mode: the PostgreSQL login is the KB Studio user.

A login whose name is a KB Studio user acts as that user only (``--as`` may name
nobody else). The login that owns the tables (the administrator's, which ran the
migrations) is trusted and may act as any user, as it could with plain SQL anyway.
SQLite has no logins: a workspace file is one person's, or a trusted group's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text

from kbstudio.domain.errors import KBError, WorkflowError
from kbstudio.storage.teamsql import TEAM_ROLE

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Login:
    name: str
    trusted: bool


def database_login(session: Session) -> Login | None:
    """The PostgreSQL login of this session, or None on SQLite."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    name, trusted = session.execute(text("SELECT current_user, kb_trusted()")).one()
    return Login(str(name), bool(trusted))


def check_acting_as(session: Session, name: str) -> None:
    """Refuse to act as *name* unless the database login is that user, or trusted."""
    login = database_login(session)
    if login is not None and not login.trusted and login.name != name:
        raise WorkflowError(
            "not-you",
            f"you are logged in to the database as {login.name}: you cannot act as {name}",
            field="--as",
        )


def default_actor(session: Session) -> str | None:
    """The user a member's login acts as when no --as is given (None: say who you are)."""
    login = database_login(session)
    return login.name if login is not None and not login.trusted else None


def grant_login(session: Session, name: str) -> bool:
    """Give user *name* a PostgreSQL login in the team group; False if it had one.

    The role gets no password here: set one with ``ALTER ROLE`` or let pg_hba.conf
    authenticate (peer, cert, LDAP). Needs CREATEROLE on the administrator's login.
    """
    if session.get_bind().dialect.name != "postgresql":
        raise KBError("not-team", "logins exist only in team mode (a PostgreSQL workspace)")
    exists = session.scalar(text("SELECT count(*) FROM pg_roles WHERE rolname = :n"), {"n": name})
    if not exists:
        session.execute(text(f'CREATE ROLE "{name}" LOGIN'))
    session.execute(text(f'GRANT {TEAM_ROLE} TO "{name}"'))
    return not exists
