"""Opening a database: URL checks, engine settings per dialect, and errors users can act on.

SQLite connections run in WAL mode with foreign keys on and a busy timeout; transactions are
begun by us (``BEGIN IMMEDIATE`` for writes) rather than by the sqlite3 module, whose implicit
transactions would let two writers deadlock on a lock upgrade. PostgreSQL connects through
psycopg 3 with a short connect timeout.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from storyline.errors import StoreUnavailableError

ACCEPTED_URLS = "sqlite:///path.db, a file path, or postgresql://user@host:port/db"

# Execution option that marks a connection's transaction as a write (see _begin_sqlite).
WRITE_OPTION = "storyline_write"

PG_CONNECT_TIMEOUT_S = 5
SQLITE_BUSY_TIMEOUT_MS = 30_000


def mask_url(url: str) -> str:
    """``url`` with any password replaced by ``***``, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def unavailable(given: str, reason: str) -> StoreUnavailableError:
    """The error for a database that cannot be opened, quoting the (masked) URL."""
    return StoreUnavailableError(
        f"cannot open the store at {mask_url(given)!r}: {reason} (accepted: {ACCEPTED_URLS})"
    )


def first_line(exc: BaseException) -> str:
    """The driver's own message without SQLAlchemy's statement dump and background link."""
    original = getattr(exc, "orig", None) or exc
    text = str(original).strip()
    return text.splitlines()[0] if text else type(original).__name__


def _json_default(value: Any) -> Any:
    # Ingest metadata may carry dates (feed and HTML metadata); everything else is a bug.
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} value {value!r} is not JSON-serialisable")


def dump_json(value: Any) -> str:
    """Serialise a JSON column value (dates become ISO strings)."""
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def create_store_engine(given: str, url: str) -> Engine:
    """An engine for the normalised ``url``; ``given`` is what the user typed, for messages.

    Raises:
        StoreUnavailableError: the URL is malformed, names an unsupported database, or points
            at a SQLite file in a directory that does not exist.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise unavailable(given, "this is not a database URL") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(given, parsed)
    if backend == "postgresql":
        return _postgresql_engine(given, parsed)
    raise unavailable(given, f"unsupported database {backend!r}")


def _sqlite_engine(given: str, url: URL) -> Engine:
    database = url.database or ""
    memory = database in ("", ":memory:")
    if not memory:
        path = Path(database).expanduser()
        if not path.parent.is_dir():
            raise unavailable(given, f"the directory {str(path.parent)!r} does not exist")
        url = url.set(database=str(path))
    try:
        if memory:
            # One shared connection, or every pooled connection would see its own empty database.
            engine = create_engine(
                url, poolclass=StaticPool, connect_args={"check_same_thread": False}, json_serializer=dump_json
            )
        else:
            engine = create_engine(
                url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, json_serializer=dump_json
            )
    except (ArgumentError, NoSuchModuleError, TypeError) as exc:
        raise unavailable(given, first_line(exc)) from None
    event.listen(engine, "connect", _connect_sqlite)
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def _connect_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Let the "begin" hook below issue BEGIN; the sqlite3 module's own would be DEFERRED.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # Safe with WAL: a crash may lose the last commits but never corrupts the database.
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _begin_sqlite(conn: Connection) -> None:
    # A writer takes the write lock up front, so it waits (busy_timeout) instead of failing
    # with SQLITE_BUSY when it later upgrades a read lock another writer is waiting on.
    mode = "IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


def _postgresql_engine(given: str, url: URL) -> Engine:
    connect_args: dict[str, Any] = {"application_name": "storyline"}
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
    try:
        return create_engine(url, connect_args=connect_args, pool_pre_ping=True, json_serializer=dump_json)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise unavailable(given, first_line(exc)) from None


__all__ = [
    "ACCEPTED_URLS", "WRITE_OPTION", "create_store_engine", "dump_json", "first_line", "mask_url", "unavailable"
]
