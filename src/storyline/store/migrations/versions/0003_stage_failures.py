"""Stage failures: why an article (or a corpus stage) has no result, kept until the stage succeeds.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stage_failures",
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("target", sa.String(), nullable=False),
        sa.Column("version", sa.String(), nullable=False),
        sa.Column("input_hash", sa.String(), nullable=False),
        sa.Column("error", sa.String(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("traceback", sa.Text(), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("stage", "target", name="pk_stage_failures"),
    )


def downgrade() -> None:
    op.drop_table("stage_failures")
