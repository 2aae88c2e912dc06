"""Storage: one interface, selected by URL (SQLite by default, PostgreSQL with postgresql://)."""

from storyline.store.base import Store

DEFAULT_URL = "sqlite:///storyline.db"


def open_store(url: str | None = None) -> Store:
    """Open (and migrate to the newest schema) the store at ``url``.

    Accepts ``sqlite:///path``, a bare file path (taken as SQLite), or ``postgresql://...``.

    Raises:
        StoreUnavailableError: the database cannot be reached or opened.
    """
    from storyline.store.sql import SQLStore

    return SQLStore(url or DEFAULT_URL)


def normalize_url(url: str) -> str:
    """The SQLAlchemy URL for what a user typed: a bare path means SQLite, PostgreSQL uses psycopg 3."""
    url = url.strip()
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


__all__ = ["DEFAULT_URL", "Store", "normalize_url", "open_store"]
