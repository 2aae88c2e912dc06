"""A fake web for the fetch tests: many host names served by one pytest-httpserver on 127.0.0.1.

:class:`Site` routes each request by its Host header and path to a response, answers
conditional GETs with 304 when the validator matches, and keeps a log of what was asked.
:class:`FakeClock` stands in for time.monotonic and time.sleep, so backoff never really waits.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from storyline.fetch import FetchOptions, PoliteClient
from storyline.fetch.local import LocalTransport
from storyline.fetch.robots import RobotsCache

FIXTURES = Path(__file__).parent / "fixtures" / "follow"
Handler = Callable[[Request], Response]


@dataclass(frozen=True)
class Hit:
    """One request the site received."""

    host: str
    path: str
    conditional: bool
    user_agent: str


class FakeClock:
    """Monotonic seconds that move only when something sleeps; ``now`` is the matching wall clock."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.slept: list[float] = []
        self.start = datetime(2026, 3, 5, 12, 0, tzinfo=timezone.utc)
        self._lock = threading.Lock()

    def __call__(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)
            self.t += seconds

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.t - 1000.0)

    def advance(self, seconds: float) -> None:
        self.t += seconds


class Site:
    """Routes (host, path) to responses on one local server."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.routes: dict[tuple[str, str], Handler] = {}
        self.hits: list[Hit] = []
        server.expect_request(re.compile(".*")).respond_with_handler(self._dispatch)

    def _dispatch(self, request: Request) -> Response:
        host = request.host.split(":")[0]
        conditional = "If-None-Match" in request.headers or "If-Modified-Since" in request.headers
        self.hits.append(Hit(host, request.path, conditional, request.headers.get("User-Agent", "")))
        handler = self.routes.get((host, request.path))
        if handler is None:
            return Response("not found", status=404)
        return handler(request)

    def route(self, host: str, path: str, handler: Handler) -> None:
        self.routes[(host, path)] = handler

    def serve(self, host: str, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8",
              etag: str | None = None) -> None:
        """A document with an ETag (derived from the body unless given), answering 304 when it matches."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        tag = etag or f'"{hashlib.sha1(data).hexdigest()[:12]}"'

        def handler(request: Request) -> Response:
            if request.headers.get("If-None-Match") == tag:
                return Response(status=304, headers={"ETag": tag})
            return Response(data, status=200, content_type=content_type, headers={"ETag": tag})

        self.route(host, path, handler)

    def robots(self, host: str, text: str) -> None:
        self.route(host, "/robots.txt", lambda r: Response(text, content_type="text/plain"))

    def page(self, host: str, path: str, fixture: str) -> str:
        """Serve a fixture page; returns its url."""
        self.serve(host, path, (FIXTURES / fixture).read_text(encoding="utf-8"))
        return f"http://{host}{path}"

    def requests(self, host: str | None = None, path: str | None = None) -> list[Hit]:
        return [h for h in self.hits if (host is None or h.host == host) and (path is None or h.path == path)]

    def client(self, clock: FakeClock, robots_cache: RobotsCache | None = None, **options: object) -> PoliteClient:
        """A polite client whose every host name reaches this server, on the fake clock."""
        settings = {"delay": 0.5, "timeout": 2.0, "backoff": 1.0, **options}
        return PoliteClient(
            FetchOptions(user_agent="storyline-test/1 (+mailto:test@example.org)", **settings),  # type: ignore[arg-type]
            transport=LocalTransport(self.server.port), clock=clock, sleep=clock.sleep, now=clock.now,
            robots_cache=robots_cache,
        )


def rss(items: list[dict[str, str]], title: str = "Harbour Post") -> str:
    """An RSS 2.0 feed of items with link, guid, title, pubDate and a description or content:encoded."""
    parts = []
    for item in items:
        body = (
            f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>" if "content" in item
            else f"<description>{item.get('summary', '')}</description>"
        )
        parts.append(
            f"<item><title>{item['title']}</title><link>{item['link']}</link><guid>{item['link']}</guid>"
            f"<pubDate>{item.get('date', 'Mon, 02 Mar 2026 08:00:00 GMT')}</pubDate>{body}</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{title}</title><link>http://harbour.example/</link>{''.join(parts)}</channel></rss>"
    )


def news_sitemap(urls: list[tuple[str, str, str]]) -> str:
    """A Google News sitemap of (url, title, date) entries."""
    entries = "".join(
        f"<url><loc>{u}</loc><news:news><news:publication><news:name>Coastal Wire</news:name>"
        f"<news:language>en</news:language></news:publication><news:publication_date>{d}</news:publication_date>"
        f"<news:title>{t}</news:title></news:news></url>"
        for u, t, d in urls
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{entries}</urlset>'
    )
