"""The store's tables as SQLAlchemy Core objects, shared by SQLite and PostgreSQL.

These definitions describe the schema that the Alembic migrations in
``storyline/store/migrations`` build; a test compares the two, so a change here needs a new
migration. Full-text search objects are dialect-specific and live only in the migrations:
SQLite has the FTS5 table ``articles_fts`` (kept in sync by triggers), PostgreSQL a generated
``articles.search`` tsvector column. Neither is declared here, so ordinary selects never read them.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

# Explicit constraint names, so migrations on both dialects can refer to them.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

articles = Table(
    "articles",
    metadata,
    Column("id", String, primary_key=True),
    # A stable integer per article: the FTS5 table needs an integer key, and SQLite's implicit
    # rowid may be renumbered by VACUUM for tables whose primary key is not an integer.
    Column("seq", BigInteger, nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("outlet", String, nullable=True),
    Column("published", Date, nullable=True),
    Column("url", Text, nullable=True),
    Column("language", String, nullable=True),
    Column("content_hash", String(64), nullable=False),
    Column("source_path", Text, nullable=True),
    Column("source_line", Integer, nullable=True),
    Column("meta", JSON, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False),
)

# One url belongs to one article; many articles may have none.
Index(
    "ux_articles_url",
    articles.c.url,
    unique=True,
    sqlite_where=articles.c.url.isnot(None),
    postgresql_where=articles.c.url.isnot(None),
)
Index("ix_articles_content_hash", articles.c.content_hash)
# iter_articles walks (published, id) pages; stats groups by outlet and language.
Index("ix_articles_published_id", articles.c.published, articles.c.id)
Index("ix_articles_outlet", articles.c.outlet)
Index("ix_articles_language", articles.c.language)
Index("ix_articles_stored_at", articles.c.stored_at)

article_revisions = Table(
    "article_revisions",
    metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("article_id", "revision"),
)

stage_results = Table(
    "stage_results",
    metadata,
    Column("stage", String, nullable=False),
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("version", String, nullable=False),
    Column("input_hash", String, nullable=False),
    Column("data", JSON, nullable=False),
    Column("blob", LargeBinary, nullable=True),
    Column("stored_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("stage", "article_id"),
)
# Deleting an article cascades here; without this index each cascade would scan the table.
Index("ix_stage_results_article_id", stage_results.c.article_id)

corpus_results = Table(
    "corpus_results",
    metadata,
    Column("stage", String, primary_key=True),
    Column("version", String, nullable=False),
    Column("input_hash", String, nullable=False),
    Column("data", JSON, nullable=False),
    Column("blob", LargeBinary, nullable=True),
    Column("stored_at", DateTime(timezone=True), nullable=False),
)

# Why a stage failed, per article (``target`` is the article id) or for a corpus stage (``target``
# is ""). A row stays until the stage next succeeds for that target. There is no foreign key: a
# corpus stage's row names no article.
stage_failures = Table(
    "stage_failures",
    metadata,
    Column("stage", String, nullable=False),
    Column("target", String, nullable=False),
    Column("version", String, nullable=False),
    Column("input_hash", String, nullable=False),
    Column("error", String, nullable=False),
    Column("message", Text, nullable=False),
    Column("traceback", Text, nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("stage", "target"),
)

# The outlet registry: a domain or feed title (``key``, lower case) and the one outlet name it
# stands for. ``origin`` is "seen" (learnt from a site name at ingest), "guessed" (learnt from a
# domain alone) or "user" (set with ``storyline outlets set``, never overwritten by ingest).
outlets = Table(
    "outlets",
    metadata,
    Column("key", String, primary_key=True),
    Column("kind", String, nullable=False),
    Column("name", String, nullable=False),
    Column("origin", String, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# What ``storyline follow`` remembers between runs, one row per url (see models.FetchState):
# validators for conditional GETs, failures with their backoff, and the article a page became.
fetch_state = Table(
    "fetch_state",
    metadata,
    Column("url", Text, primary_key=True),
    Column("kind", String, nullable=False),
    Column("status", String, nullable=False),
    Column("etag", Text, nullable=True),
    Column("last_modified", Text, nullable=True),
    Column("attempts", Integer, nullable=False),
    Column("next_try", DateTime(timezone=True), nullable=True),
    Column("error", Text, nullable=True),
    Column("article_id", String, nullable=True),
    Column("checked_at", DateTime(timezone=True), nullable=True),
)
Index("ix_fetch_state_status", fetch_state.c.status)

# robots.txt per host ("example.com:8080"), kept a day so that a restart does not fetch it again.
robots_txt = Table(
    "robots_txt",
    metadata,
    Column("host", String, primary_key=True),
    Column("status", Integer, nullable=False),
    Column("body", Text, nullable=False),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
)

# One row per `follow` poll cycle: "what changed since the last poll" starts at the newest one.
polls = Table(
    "polls",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=False),
    Column("sources", Integer, nullable=False),
    Column("added", Integer, nullable=False),
    Column("revised", Integer, nullable=False),
    Column("failed", Integer, nullable=False),
)
Index("ix_polls_started_at", polls.c.started_at)

__all__ = [
    "article_revisions", "articles", "corpus_results", "fetch_state", "metadata", "outlets", "polls", "robots_txt",
    "stage_failures", "stage_results",
]
