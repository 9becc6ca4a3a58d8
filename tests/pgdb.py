"""Databases on the test cluster: created fresh (from templates, which is fast) and dropped."""

from __future__ import annotations

import itertools
import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

_counter = itertools.count()


class PgDatabases:
    """CREATE / DROP DATABASE through the cluster's superuser."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.engine = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)

    def url(self, name: str, user: str | None = None) -> str:
        u = make_url(self.admin_url).set(database=name)
        if user is not None:
            u = u.set(username=user, password=None)
        return u.render_as_string(hide_password=False)

    def create(self, *, template: str | None = None, name: str | None = None) -> str:
        """A new empty (or template-copied) database; returns its URL."""
        name = name or f"kbt_{os.getpid()}_{next(_counter)}"
        clause = f" TEMPLATE {template}" if template else ""
        with self.engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        return self.url(name)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def execute(self, sql: str) -> None:
        with self.engine.connect() as conn:
            conn.execute(text(sql))

    def close(self) -> None:
        self.engine.dispose()
