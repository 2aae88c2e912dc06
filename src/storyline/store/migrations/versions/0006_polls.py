"""Poll cycles of ``storyline follow``, so that "what changed since the last poll" knows when that was;
and an index on when each article was stored, which that question reads.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "polls",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sources", sa.Integer(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("revised", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_polls"),
    )
    op.create_index("ix_polls_started_at", "polls", ["started_at"])
    op.create_index("ix_articles_stored_at", "articles", ["stored_at"])


def downgrade() -> None:
    op.drop_index("ix_articles_stored_at", table_name="articles")
    op.drop_index("ix_polls_started_at", table_name="polls")
    op.drop_table("polls")
