"""Fixtures shared by every test module.

``store`` and ``store_url`` are parametrized over both backends, so any test that takes one
of them runs on SQLite and on PostgreSQL:

* ``sqlite``: a fresh database file under the test's ``tmp_path``;
* ``postgresql``: the server named by ``STORYLINE_TEST_PG`` (for instance
  ``postgresql://postgres@127.0.0.1:5432/test``), skipped with a visible reason when unset.
  Each test gets its own schema, selected through the connection's ``search_path`` option
  carried in the URL, and dropped afterwards: tests never see each other's rows and can run
  any number of times.

Hypothesis profiles (``tests/test_fuzz_stages.py``): ``ci``, the default, keeps the property
tests to a minute or two; ``pytest --hypothesis-profile=long`` runs many more examples locally.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from storyline.models import Article
from storyline.store import Store, normalize_url, open_store

PG_ENV = "STORYLINE_TEST_PG"

# Stages parse with spaCy, so one example takes from milliseconds to seconds: no deadline, and
# generated texts may be large or slow to build without that being a failure.
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=_SLOW_OK, print_blob=True)
settings.register_profile("long", max_examples=2000, deadline=None, suppress_health_check=_SLOW_OK, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine | None]:
    """An engine on the ``STORYLINE_TEST_PG`` server for creating test schemas, or None when unset."""
    base = os.environ.get(PG_ENV)
    if not base:
        yield None
        return
    engine = create_engine(normalize_url(base), poolclass=NullPool, connect_args={"connect_timeout": 5})
    yield engine
    engine.dispose()


def _pg_schema_url(base: str, schema: str) -> str:
    url = make_url(normalize_url(base))
    options = f"{url.query['options']} " if "options" in url.query else ""
    url = url.update_query_dict({"options": f"{options}-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Any, pg_admin: Engine | None) -> Iterator[str]:
    """A URL of an empty store, on each backend in turn."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    if pg_admin is None:
        pytest.skip(f"{PG_ENV} is not set: PostgreSQL tests skipped")
    schema = f"test_{uuid.uuid4().hex[:16]}"
    with pg_admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _pg_schema_url(os.environ[PG_ENV], schema)
    finally:
        with pg_admin.begin() as conn:
            # A test that leaks an open transaction would otherwise block this forever.
            conn.execute(text("SET LOCAL lock_timeout = '30s'"))
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An open, empty store, on each backend in turn."""
    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def make_article() -> Callable[..., Article]:
    """A factory of hand-built articles: ``make_article("a1", "Text.", outlet="Wire")``.

    The title defaults to the first words of the text and the date to 2024-03-01 (pass
    ``published=None`` for an undated article).
    """

    def make(article_id: str, text: str, **fields: Any) -> Article:
        fields.setdefault("title", " ".join(text.split()[:5]))
        fields.setdefault("published", date(2024, 3, 1))
        return Article(id=article_id, text=text, **fields)

    return make
