"""Translation: a workspace uid for XLIFF round trips, and translation-memory units.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 01:00:00
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workspace") as batch:
        batch.add_column(sa.Column("uid", sa.String(length=36), nullable=True))
    workspace = sa.table("workspace", sa.column("id", sa.Integer), sa.column("uid", sa.String))
    conn = op.get_bind()
    for (row_id,) in conn.execute(sa.select(workspace.c.id)).all():
        conn.execute(
            workspace.update().where(workspace.c.id == row_id).values(uid=uuid.uuid4().hex)
        )
    with op.batch_alter_table("workspace") as batch:
        batch.alter_column("uid", existing_type=sa.String(length=36), nullable=False)
    op.create_table(
        "tm_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_locale", sa.String(length=35), nullable=False),
        sa.Column("target_locale", sa.String(length=35), nullable=False),
        sa.Column("source_key", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tm_units")),
        sa.UniqueConstraint(
            "source_locale", "target_locale", "source_key", name=op.f("uq_tm_units_source_locale")
        ),
    )
    op.create_index(op.f("ix_tm_units_target_locale"), "tm_units", ["target_locale"])


def downgrade() -> None:
    op.drop_index(op.f("ix_tm_units_target_locale"), table_name="tm_units")
    op.drop_table("tm_units")
    with op.batch_alter_table("workspace") as batch:
        batch.drop_column("uid")
