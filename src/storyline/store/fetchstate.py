"""The SQL side of the fetch state: what ``storyline follow`` remembers per url, robots.txt per host,
and its poll cycles (with when each article was stored, for "what changed since the last poll").

A mixin of :class:`~storyline.store.sql.SQLStore`, kept apart so that the article store stays
readable; it uses the store's own read, write and upsert helpers, so writes take the one writer lock.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Row, select

from storyline.models import FetchState
from storyline.store.tables import articles, fetch_state, polls, robots_txt

_CHUNK = 500


def _moment(value: str | None) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _iso(moment: datetime | None) -> str | None:
    # SQLite hands back naive datetimes; everything stored is UTC.
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat()


def _state(row: Row[Any]) -> FetchState:
    return FetchState(
        url=row.url, kind=row.kind, status=row.status, etag=row.etag, last_modified=row.last_modified,
        attempts=row.attempts, next_try=_iso(row.next_try), error=row.error, article=row.article_id,
        checked_at=_iso(row.checked_at),
    )


class FetchStateMixin:
    """Fetch-state methods of the Store, over the SQL store's connection helpers."""

    # Provided by SQLStore.
    _read: Any
    _write: Any
    _upsert: Any

    def fetch_states(self, urls: Sequence[str] | None = None, *, status: str | None = None) -> dict[str, FetchState]:
        """The remembered state of these urls (all when None), by url; only ``status`` ones when given."""
        found: dict[str, FetchState] = {}
        with self._read("reading the fetch state") as conn:
            for query in _queries(urls, status):
                found.update((row.url, _state(row)) for row in conn.execute(query))
        return found

    def put_fetch_states(self, states: Sequence[FetchState]) -> None:
        """Remember these states, replacing any earlier state of the same url, in one transaction."""
        rows = {
            s.url: {
                "url": s.url, "kind": s.kind, "status": s.status, "etag": s.etag, "last_modified": s.last_modified,
                "attempts": s.attempts, "next_try": _moment(s.next_try), "error": s.error, "article_id": s.article,
                "checked_at": _moment(s.checked_at),
            }
            for s in states
        }
        if not rows:
            return
        values = list(rows.values())
        with self._write("recording the fetch state") as conn:
            for start in range(0, len(values), _CHUNK):
                self._upsert(conn, fetch_state, values[start : start + _CHUNK], ["url"])

    def robots_txt(self, host: str) -> tuple[int, str, str] | None:
        """The cached robots.txt of ``host`` as (HTTP status, body, ISO fetch time), or None."""
        with self._read("reading robots.txt") as conn:
            row = conn.execute(select(robots_txt).where(robots_txt.c.host == host)).first()
        if row is None:
            return None
        return row.status, row.body, _iso(row.fetched_at) or ""

    def put_robots_txt(self, host: str, status: int, body: str) -> None:
        """Cache the robots.txt of ``host`` (fetched now), replacing any earlier copy."""
        row = {"host": host, "status": status, "body": body, "fetched_at": datetime.now(timezone.utc)}
        with self._write(f"caching robots.txt of {host!r}") as conn:
            self._upsert(conn, robots_txt, [row], ["host"])

    def record_poll(self, started_at: str, finished_at: str, *, sources: int, added: int, revised: int, failed: int) -> None:
        """Remember one poll cycle of ``follow`` (times as ISO strings, UTC when naive)."""
        row = {"started_at": _moment(started_at), "finished_at": _moment(finished_at), "sources": sources,
               "added": added, "revised": revised, "failed": failed}
        with self._write("recording a poll") as conn:
            conn.execute(polls.insert().values(**row))

    def polls(self, *, limit: int = 20) -> list[dict[str, Any]]:
        """The newest ``limit`` poll cycles, newest first: ``{started_at, finished_at, sources, added, revised, failed}``."""
        query = select(polls).order_by(polls.c.started_at.desc(), polls.c.id.desc()).limit(limit)
        with self._read("reading the polls") as conn:
            return [
                {"started_at": _iso(r.started_at), "finished_at": _iso(r.finished_at), "sources": r.sources,
                 "added": r.added, "revised": r.revised, "failed": r.failed}
                for r in conn.execute(query)
            ]

    def stored_since(self, since: str) -> dict[str, str]:
        """Articles stored (added or revised) at or after ``since`` (ISO), with when: ``{id: ISO time}``."""
        query = select(articles.c.id, articles.c.stored_at).where(articles.c.stored_at >= _moment(since))
        with self._read("reading what was stored since a time") as conn:
            return {r.id: _iso(r.stored_at) or "" for r in conn.execute(query)}


def _queries(urls: Sequence[str] | None, status: str | None) -> Iterator[Any]:
    base = select(fetch_state).order_by(fetch_state.c.url)
    if status is not None:
        base = base.where(fetch_state.c.status == status)
    if urls is None:
        yield base
        return
    wanted = sorted(set(urls))
    for start in range(0, len(wanted), _CHUNK):
        yield base.where(fetch_state.c.url.in_(wanted[start : start + _CHUNK]))


__all__ = ["FetchStateMixin"]
