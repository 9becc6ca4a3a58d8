"""Team mode: optimistic locking on every editable table, conflict revisions, history
that the database itself keeps append-only, and (PostgreSQL) roles checked in the database.

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-23 01:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kbstudio.storage.teamsql import POSTGRES_DOWN, POSTGRES_UP, SQLITE_DOWN, SQLITE_UP

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None

LOCKED = ("users", "categories", "sections", "glossary_renderings", "search_log")


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
