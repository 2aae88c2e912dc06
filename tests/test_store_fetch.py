"""The fetch state in the store (SQLite and PostgreSQL): round trips, replacement, robots.txt cache."""

from __future__ import annotations

from datetime import datetime, timezone

from storyline.models import FetchState
from storyline.store import Store, open_store


def test_fetch_states_round_trip_and_replace(store: Store) -> None:
    assert store.fetch_states() == {}
    first = FetchState("http://a.example/feed", "source", "ok", etag='"v1"', last_modified="Mon, 02 Mar 2026 08:00:00 GMT",
                       checked_at="2026-03-05T12:00:00+00:00")
    failed = FetchState("http://a.example/p", "page", "failed", attempts=2, next_try="2026-03-05T12:10:00+00:00",
                        error="HTTP 503", checked_at="2026-03-05T12:00:00+00:00")
    store.put_fetch_states([first, failed])
    assert store.fetch_states() == {first.url: first, failed.url: failed}
    assert store.fetch_states(["http://a.example/p", "http://other.example/"]) == {failed.url: failed}
    assert list(store.fetch_states(status="failed")) == [failed.url]
    done = FetchState("http://a.example/p", "page", "ok", article="abc123", checked_at="2026-03-05T12:20:00+00:00")
    store.put_fetch_states([done])
    assert store.fetch_states([done.url])[done.url] == done
    assert store.fetch_states(status="failed") == {}


def test_fetch_state_survives_reopening(store_url: str) -> None:
    state = FetchState("http://a.example/x", "page", "skipped", error="robots.txt disallows it")
    with open_store(store_url) as first:
        first.put_fetch_states([state])
    with open_store(store_url) as second:
        assert second.fetch_states() == {state.url: state}


def test_many_fetch_states_in_one_call(store: Store) -> None:
    states = [FetchState(f"http://a.example/{n}", "page", "ok") for n in range(1203)]
    store.put_fetch_states(states)
    found = store.fetch_states([s.url for s in states])
    assert len(found) == 1203 and found["http://a.example/1202"].status == "ok"


def test_robots_txt_cache(store: Store) -> None:
    assert store.robots_txt("a.example") is None
    store.put_robots_txt("a.example", 200, "User-agent: *\nDisallow: /x\n")
    store.put_robots_txt("a.example:8080", 404, "")
    status, body, fetched = store.robots_txt("a.example") or (0, "", "")
    assert (status, body) == (200, "User-agent: *\nDisallow: /x\n")
    age = datetime.now(timezone.utc) - datetime.fromisoformat(fetched)
    assert 0 <= age.total_seconds() < 60
    store.put_robots_txt("a.example", 200, "")
    assert store.robots_txt("a.example")[1] == ""  # type: ignore[index]
    assert store.robots_txt("a.example:8080")[0] == 404  # type: ignore[index]
