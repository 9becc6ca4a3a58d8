"""Whole-database backups: SQLite through its online backup API, PostgreSQL through
pg_dump / pg_restore (custom format). Restores check the file before touching anything.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from kbstudio.domain.errors import KBError

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
# Tables every KB Studio database holds; a backup without them is not ours.
REQUIRED_TABLES = frozenset({"alembic_version", "workspace", "translations", "revisions"})


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy a live SQLite database with the online backup API (safe under WAL)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def check_sqlite_backup(path: Path) -> None:
    """Refuse a file that is not a SQLite database of KB Studio."""
    _check_magic(path, SQLITE_MAGIC, "a SQLite database")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise KBError(
            "bad-backup", f"not a readable SQLite database: {exc}", file=str(path)
        ) from None
    missing = REQUIRED_TABLES - names
    if missing:
        raise KBError(
            "bad-backup",
            f"not a KB Studio backup: tables {', '.join(sorted(missing))} are missing",
            file=str(path),
        )


def restore_sqlite(source: Path, target: Path) -> None:
    """Replace the database *target* with the backup *source* (online backup API)."""
    check_sqlite_backup(source)
    backup_sqlite(source, target)


def _check_magic(path: Path, magic: bytes, kind: str) -> None:
    if not path.is_file():
        raise KBError("not-found", "no such backup file", file=str(path))
    with path.open("rb") as fh:
        head = fh.read(len(magic))
    if head != magic:
        raise KBError("bad-backup", f"not a backup made by KB Studio ({kind})", file=str(path))


def pg_tool(name: str) -> str:
    """The newest installed pg_dump/pg_restore: the server's own, else the one on PATH."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3])
    )
    if versions:
        return str(versions[-1])
    found = shutil.which(name)
    if found is None:
        raise KBError("no-pg-tools", f"{name} is not installed (Debian: postgresql-client)")
    return found


def _libpq(url: str) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for the PostgreSQL command-line tools."""
    u = make_url(url)
    args = ["--host", u.host or "localhost", "--port", str(u.port or 5432)]
    if u.username:
        args += ["--username", u.username]
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = str(u.password)
    return [*args, "--dbname", u.database or "postgres"], env


def _run(argv: list[str], env: dict[str, str], what: str, path: Path) -> str:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise KBError(f"{what}-failed", f"{what} failed: {' '.join(detail[-3:])}", file=str(path))
    return done.stdout


def dump_postgres(url: str, target: Path) -> Path:
    """Write a custom-format pg_dump of the database at *url* to *target*."""
    target.parent.mkdir(parents=True, exist_ok=True)
    args, env = _libpq(url)
    _run(
        [pg_tool("pg_dump"), "--format=custom", "--file", str(target), *args], env, "backup", target
    )
    return target


def check_postgres_backup(path: Path) -> None:
    """Refuse a file pg_restore cannot read, or one that holds no KB Studio tables."""
    _check_magic(path, PGDUMP_MAGIC, "a pg_dump custom-format archive")
    listing = _run([pg_tool("pg_restore"), "--list", str(path)], dict(os.environ), "restore", path)
    tables = {
        parts[-2]
        for line in listing.splitlines()
        if " TABLE " in line and "TABLE DATA" not in line
        for parts in [line.split()]
        if len(parts) >= 2
    }
    missing = REQUIRED_TABLES - tables
    if missing:
        raise KBError(
            "bad-backup",
            f"not a KB Studio backup: tables {', '.join(sorted(missing))} are missing",
            file=str(path),
        )


def restore_postgres(url: str, source: Path) -> None:
    """Replace the database's tables with the backup's, in one transaction."""
    check_postgres_backup(source)
    args, env = _libpq(url)
    _run(
        [pg_tool("pg_restore"), "--clean", "--if-exists", "--single-transaction",
         "--exit-on-error", "--no-owner", *args, str(source)],
        env, "restore", source,
    )  # fmt: skip
