"""Alembic environment for storyline's store.

storyline runs migrations itself (see :mod:`storyline.store.migrate`), handing over an open
connection in ``config.attributes["connection"]`` so that the upgrade runs inside its own
locked write transaction. Run by the ``alembic`` command instead (for writing a new migration),
the URL comes from ``-x url=...`` or the ``sqlalchemy.url`` option.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from storyline.store.tables import metadata

# Objects the migrations create by hand for full-text search; autogenerate must not drop them.
_FTS_OBJECTS = {"articles_fts", "search", "ix_articles_search"}


def _include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    return not (name in _FTS_OBJECTS or (name or "").startswith("articles_fts_"))


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_object=_include_object,
        # SQLite cannot ALTER most things; batch mode recreates the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from storyline.store import normalize_url

    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("give the database with: alembic -x url=sqlite:///storyline.db ...")
    engine = create_engine(normalize_url(url))
    try:
        with engine.begin() as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("storyline's migrations run online only (they inspect the dialect)")
run_migrations_online()
