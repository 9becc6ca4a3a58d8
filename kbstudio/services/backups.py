"""Backing up and restoring a workspace's whole database, on either engine."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

from kbstudio.domain.errors import KBError
from kbstudio.storage.backup import (
    backup_sqlite,
    check_postgres_backup,
    check_sqlite_backup,
    dump_postgres,
    restore_postgres,
    restore_sqlite,
)
from kbstudio.storage.engine import sqlite_path, stamp_now

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Engine


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def backup(engine: Engine, target: Path) -> Path:
    """Write the whole database to *target*: a SQLite file or a pg_dump archive."""
    if target.is_dir():
        raise KBError("is-folder", "the backup target is a folder; name a file", file=str(target))
    db_file = sqlite_path(engine)
    if db_file is not None:
        return backup_sqlite(db_file, target)
    if engine.dialect.name == "postgresql":
        return dump_postgres(_url(engine), target)
    raise KBError("no-backup", f"cannot back up a {engine.dialect.name} database in memory")


def check(engine: Engine, source: Path) -> None:
    """Refuse a file that is not a backup this engine can restore."""
    if engine.dialect.name == "postgresql":
        check_postgres_backup(source)
    else:
        check_sqlite_backup(source)


def restore(engine: Engine, source: Path, *, safety_dir: Path) -> Path:
    """Replace the database with *source*, after checking it and saving the current one.

    The engine's connections are closed first; returns the safety copy's path.
    """
    check(engine, source)
    suffix = "dump" if engine.dialect.name == "postgresql" else "db"
    safety = backup(engine, safety_dir / f"before-restore-{stamp_now()}.{suffix}")
    engine.dispose()
    db_file = sqlite_path(engine)
    if db_file is not None:
        restore_sqlite(source, db_file)
    else:
        restore_postgres(_url(engine), source)
    engine.dispose()
    return safety


def forget_caches(data_dir: Path) -> None:
    """Search indexes describe the old database: drop them (rebuilt at next use)."""
    shutil.rmtree(data_dir / "search", ignore_errors=True)
