"""Alembic environment: runs on the connection that kbstudio.storage.engine hands it."""

from __future__ import annotations

from alembic import context

from kbstudio.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only via `alembic` on the command line
    raise SystemExit("run migrations through kbstudio (kbstudio.storage.engine.migrate)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
