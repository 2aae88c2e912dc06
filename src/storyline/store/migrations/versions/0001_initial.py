"""The initial schema: articles, their revisions, article and corpus stage results.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("outlet", sa.String(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("language", sa.String(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source_path", sa.Text(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("seq", name="uq_articles_seq"),
    )
    url_not_null = sa.text("url IS NOT NULL")
    op.create_index(
        "ux_articles_url", "articles", ["url"], unique=True,
        sqlite_where=url_not_null, postgresql_where=url_not_null,
    )
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])
    op.create_index("ix_articles_published_id", "articles", ["published", "id"])
    op.create_index("ix_articles_outlet", "articles", ["outlet"])
    op.create_index("ix_articles_language", "articles", ["language"])

    op.create_table(
        "article_revisions",
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_article_revisions_article_id_articles", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("article_id", "revision", name="pk_article_revisions"),
    )

    op.create_table(
        "stage_results",
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("version", sa.String(), nullable=False),
        sa.Column("input_hash", sa.String(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("blob", sa.LargeBinary(), nullable=True),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_stage_results_article_id_articles", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("stage", "article_id", name="pk_stage_results"),
    )
    op.create_index("ix_stage_results_article_id", "stage_results", ["article_id"])

    op.create_table(
        "corpus_results",
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("version", sa.String(), nullable=False),
        sa.Column("input_hash", sa.String(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("blob", sa.LargeBinary(), nullable=True),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("stage", name="pk_corpus_results"),
    )


def downgrade() -> None:
    op.drop_table("corpus_results")
    op.drop_index("ix_stage_results_article_id", table_name="stage_results")
    op.drop_table("stage_results")
    op.drop_table("article_revisions")
    for name in ("ix_articles_language", "ix_articles_outlet", "ix_articles_published_id",
                 "ix_articles_content_hash", "ux_articles_url"):
        op.drop_index(name, table_name="articles")
    op.drop_table("articles")
