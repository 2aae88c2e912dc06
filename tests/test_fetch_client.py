"""The polite client over a local server: robots.txt, conditional GETs, backoff, redirects, caps."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from _fetch_site import FakeClock, Site
from storyline.fetch.client import _retry_after
from storyline.fetch.robots import Robots


@pytest.fixture
def site(httpserver: HTTPServer) -> Iterator[Site]:
    yield Site(httpserver)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_user_agent_and_conditional_get(site: Site, clock: FakeClock) -> None:
    url = site.page("news.example", "/a", "ferry-resumes.html")
    with site.client(clock) as client:
        first = client.get(url)
        again = client.get(url, etag=first.etag)
    assert first.status == 200 and first.error is None and b"Brennmoor" in first.body
    assert again.not_modified and again.body == b""
    hits = site.requests("news.example", "/a")
    assert [h.conditional for h in hits] == [False, True]
    assert all(h.user_agent == "storyline-test/1 (+mailto:test@example.org)" for h in site.hits)


def test_robots_disallow_is_respected_and_fetched_once_per_host(site: Site, clock: FakeClock) -> None:
    site.robots("news.example", "User-agent: *\nDisallow: /private/\n\nUser-agent: storyline-test\nDisallow: /drafts/\n")
    site.page("news.example", "/private/x", "ferry-resumes.html")
    site.page("news.example", "/drafts/y", "ferry-resumes.html")
    open_url = site.page("news.example", "/open", "ferry-resumes.html")
    with site.client(clock) as client:
        drafts = client.get("http://news.example/drafts/y")
        private = client.get("http://news.example/private/x")
        opened = client.get(open_url)
    assert drafts.blocked and "robots.txt of news.example disallows" in (drafts.error or "")
    # Our own group applies, not the * group: /private/ is open to us.
    assert not private.blocked and private.status == 200
    assert opened.status == 200
    assert len(site.requests("news.example", "/robots.txt")) == 1
    assert site.requests("news.example", "/drafts/y") == []


def test_robots_unreachable_blocks_the_host_and_missing_allows_all(site: Site, clock: FakeClock) -> None:
    site.route("down.example", "/robots.txt", lambda r: Response("busy", status=503))
    site.page("down.example", "/a", "ferry-resumes.html")
    url = site.page("open.example", "/a", "ferry-resumes.html")  # no robots.txt: 404
    with site.client(clock, retries=0) as client:
        down = client.get("http://down.example/a")
        opened = client.get(url)
    assert down.blocked and site.requests("down.example", "/a") == []
    assert opened.status == 200


def test_robots_cache_is_used_for_a_day(clock: FakeClock) -> None:
    class Cache:
        def __init__(self) -> None:
            self.saved: dict[str, tuple[int, str, str]] = {}

        def robots_txt(self, host: str) -> tuple[int, str, str] | None:
            return self.saved.get(host)

        def put_robots_txt(self, host: str, status: int, body: str) -> None:
            self.saved[host] = (status, body, clock.now().isoformat())

    from storyline.fetch.client import Response as Reply

    asked: list[str] = []

    def fetch(url: str) -> Reply:
        asked.append(url)
        return Reply(url, url, 200, b"User-agent: *\nDisallow: /no\n")

    cache = Cache()
    assert not Robots(fetch, "storyline", cache, clock.now).allowed("http://h.example/no")
    assert Robots(fetch, "storyline", cache, clock.now).allowed("http://h.example/yes")
    assert asked == ["http://h.example/robots.txt"]  # the second run read the cache
    clock.advance(86400 + 1)
    Robots(fetch, "storyline", cache, clock.now).allowed("http://h.example/yes")
    assert len(asked) == 2


def test_per_host_spacing_and_crawl_delay(site: Site, clock: FakeClock) -> None:
    site.robots("slow.example", "User-agent: *\nCrawl-delay: 3\n")
    for n in range(3):
        site.page("slow.example", f"/{n}", "ferry-resumes.html")
        site.page("fast.example", f"/{n}", "ferry-resumes.html")
    with site.client(clock, delay=0.5) as client:
        start = clock()
        for n in range(3):
            client.get(f"http://slow.example/{n}")
        slow = clock() - start
        start = clock()
        for n in range(3):
            client.get(f"http://fast.example/{n}")
        fast = clock() - start
    assert slow >= 6.0  # two gaps of Crawl-delay 3s (robots.txt came before the first page)
    assert 1.0 <= fast < 3.0  # two gaps of the 0.5s delay (plus robots.txt's own)


def test_retry_after_is_honoured_on_429(site: Site, clock: FakeClock) -> None:
    calls = {"n": 0}

    def busy(request: Request) -> Response:
        calls["n"] += 1
        if calls["n"] == 1:
            return Response("slow down", status=429, headers={"Retry-After": "7"})
        return Response("<html><body><p>ok</p></body></html>", content_type="text/html")

    site.route("busy.example", "/a", busy)
    with site.client(clock, delay=0.0) as client:
        reply = client.get("http://busy.example/a")
    assert reply.status == 200 and reply.error is None
    assert 7 in clock.slept
    assert calls["n"] == 2


def test_5xx_backs_off_exponentially_then_reports(site: Site, clock: FakeClock) -> None:
    site.route("broken.example", "/a", lambda r: Response("oops", status=503))
    with site.client(clock, delay=0.0, retries=3, backoff=1.0) as client:
        reply = client.get("http://broken.example/a")
    assert reply.status == 503 and reply.error == "HTTP 503"
    assert [s for s in clock.slept if s >= 1] == [1.0, 2.0, 4.0]
    assert len(site.requests("broken.example", "/a")) == 4


def test_a_long_retry_after_is_not_waited_but_returned(site: Site, clock: FakeClock) -> None:
    site.route("busy.example", "/a", lambda r: Response("later", status=429, headers={"Retry-After": "3600"}))
    with site.client(clock, delay=0.0, max_wait=60) as client:
        reply = client.get("http://busy.example/a")
    assert reply.wait == 3600 and "asks to wait 3600s" in (reply.error or "")
    assert len(site.requests("busy.example", "/a")) == 1 and max(clock.slept, default=0) < 60


def test_redirects_are_followed_and_loops_reported(site: Site, clock: FakeClock) -> None:
    url = site.page("news.example", "/final", "ferry-resumes.html")
    site.route("news.example", "/old", lambda r: Response(status=301, headers={"Location": "/final"}))
    site.route("news.example", "/loop-a", lambda r: Response(status=302, headers={"Location": "/loop-b"}))
    site.route("news.example", "/loop-b", lambda r: Response(status=302, headers={"Location": "http://news.example/loop-a"}))
    with site.client(clock) as client:
        moved = client.get("http://news.example/old")
        loop = client.get("http://news.example/loop-a")
    assert moved.status == 200 and moved.final_url == url
    assert loop.error == (
        "redirect loop: http://news.example/loop-a -> http://news.example/loop-b -> http://news.example/loop-a"
    )


def test_size_cap(site: Site, clock: FakeClock) -> None:
    site.serve("big.example", "/huge", "x" * 50_000)

    def chunked(request: Request) -> Response:
        return Response((b"y" * 10_000 for _ in range(5)), content_type="text/html")  # no Content-Length

    site.route("big.example", "/stream", chunked)
    with site.client(clock, max_bytes=20_000) as client:
        huge = client.get("http://big.example/huge")
        stream = client.get("http://big.example/stream")
    assert "larger than the size cap" in (huge.error or "")
    assert "larger than the size cap" in (stream.error or "")


def test_slow_response_times_out(site: Site, clock: FakeClock) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response("late", content_type="text/html")

    site.route("slow.example", "/a", slow)
    with site.client(clock, timeout=0.2, retries=0) as client:
        reply = client.get("http://slow.example/a")
    assert reply.status == 0 and reply.error == "timed out (limit 0.2s)"


def test_retry_after_values() -> None:
    from datetime import datetime, timezone

    now = datetime(2026, 3, 5, 12, 0, tzinfo=timezone.utc)
    assert _retry_after("120", now) == 120
    assert _retry_after("Thu, 05 Mar 2026 12:01:30 GMT", now) == 90
    assert _retry_after("soon", now) is None and _retry_after(None, now) is None
