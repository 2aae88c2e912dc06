"""Bring a database to the newest schema with Alembic, from code (no alembic.ini needed).

The migration scripts ship inside the package (``storyline/store/migrations``), so this works
from an installed wheel. Opening an up-to-date database costs one ``SELECT`` of the version
table: the head revision is read from the scripts once per process.
"""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"


def alembic_config() -> Config:
    """An Alembic config pointing at the packaged migration scripts."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@functools.cache
def head_revision() -> str:
    """The newest migration revision shipped with this version of storyline."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, f"no migrations found in {MIGRATIONS_DIR}"
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at, or None for a database storyline never opened."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    return connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def is_current(connection: Connection) -> bool:
    """Whether the database is already at the head revision."""
    return current_revision(connection) == head_revision()


def upgrade(connection: Connection) -> None:
    """Run every pending migration inside the caller's (write) transaction on ``connection``."""
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


__all__ = ["MIGRATIONS_DIR", "alembic_config", "current_revision", "head_revision", "is_current", "upgrade"]
