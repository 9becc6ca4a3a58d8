"""Engines for SQLite (default) and PostgreSQL, and schema migrations with a backup first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

from kbstudio.storage.backup import backup_sqlite, dump_postgres

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


def normalize_url(url: str) -> str:
    """``postgresql://`` means the psycopg 3 driver, the one KB Studio installs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout.

    PostgreSQL connections are checked before use, so that a client whose server
    restarted reconnects on its next call instead of failing again.
    """
    url = normalize_url(url)
    if make_url(url).get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    if not _is_memory(dbapi_conn):
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _is_memory(dbapi_conn: Any) -> bool:
    rows = dbapi_conn.execute("PRAGMA database_list").fetchall()
    return any(r[1] == "main" and not r[2] for r in rows)


def _alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


# The newest migration. Kept as a constant (a test checks it against Alembic's own head) so
# that opening an up-to-date workspace does not import Alembic: a third of the studio's
# start-up went there.
SCHEMA_HEAD = "0006"


def head_revision() -> str:
    return SCHEMA_HEAD


def current_revision(engine: Engine) -> str | None:
    """The schema revision Alembic recorded in the database, or None for a new one."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def sqlite_path(engine: Engine) -> Path | None:
    """The file behind a SQLite engine, or None (PostgreSQL, in-memory)."""
    url = make_url(str(engine.url))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def stamp_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def migrate(engine: Engine, *, backup_dir: Path | None = None) -> Path | None:
    """Bring the schema to the newest revision; back up an existing database first.

    SQLite is copied with the online backup API, PostgreSQL dumped with pg_dump.

    Returns the backup's path when one was made.
    """
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return None
    backup: Path | None = None
    db_file = sqlite_path(engine)
    if current is not None and db_file is not None and db_file.exists():
        folder = backup_dir or db_file.parent / "backups"
        backup = backup_sqlite(db_file, folder / f"{db_file.stem}-{current}-{stamp_now()}.db")
    elif current is not None and engine.dialect.name == "postgresql":
        folder = backup_dir or Path.cwd() / "backups"
        name = make_url(str(engine.url)).database or "kbstudio"
        url = engine.url.render_as_string(hide_password=False)
        backup = dump_postgres(url, folder / f"{name}-{current}-{stamp_now()}.dump")
    from alembic import command

    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return backup
