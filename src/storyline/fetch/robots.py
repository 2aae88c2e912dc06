"""robots.txt: fetched once per host per run, cached in the store for a day, read with urllib.robotparser.

What a robots.txt answer means follows RFC 9309: a 200 is parsed; any other 4xx (404 and the
like) means no rules, so everything is allowed; a 5xx or no answer at all means the site is
unreachable, so nothing on it is fetched in this run (and nothing is cached, so a later run asks again).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

if TYPE_CHECKING:
    from storyline.fetch.client import Response

log = logging.getLogger(__name__)

CACHE_FOR = timedelta(days=1)


class RobotsCache(Protocol):
    """Where robots.txt files outlive a run (the Store implements it)."""

    def robots_txt(self, host: str) -> tuple[int, str, str] | None: ...

    def put_robots_txt(self, host: str, status: int, body: str) -> None: ...


def _parser(status: int, body: str) -> RobotFileParser:
    parser = RobotFileParser()
    if status == 200:
        parser.parse(body.splitlines())
    elif 400 <= status < 500:
        parser.parse([])  # no rules: everything allowed
    else:
        parser.parse(["User-agent: *", "Disallow: /"])
    return parser


class Robots:
    """The robots.txt rules of every host met in one run.

    Args:
        fetch: GETs a robots.txt url (without checking robots.txt itself).
        user_agent: our User-Agent; its first word is matched against robots.txt's groups.
        cache: the store, or None to keep robots.txt in memory only.
        now: the wall clock, for the cache's age.
    """

    def __init__(
        self, fetch: Callable[[str], Response], user_agent: str, cache: RobotsCache | None, now: Callable[[], datetime]
    ) -> None:
        self._fetch, self._agent, self._cache, self._now = fetch, user_agent, cache, now
        self._parsers: dict[str, RobotFileParser] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self.fetched: list[str] = []

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets us fetch ``url``."""
        return self._rules(url).can_fetch(self._agent, url)

    def crawl_delay(self, url: str) -> float | None:
        """The Crawl-delay robots.txt asks of us on this url's host, in seconds, or None."""
        delay = self._rules(url).crawl_delay(self._agent)
        return float(delay) if delay is not None else None

    def _rules(self, url: str) -> RobotFileParser:
        parts = urlsplit(url)
        host = parts.netloc.rpartition("@")[2].lower()
        with self._lock:
            lock = self._locks.setdefault(host, threading.Lock())
        # One fetch per host, even when several threads reach a new host at once.
        with lock:
            if host not in self._parsers:
                self._parsers[host] = self._load(f"{parts.scheme}://{host}/robots.txt", host)
            return self._parsers[host]

    def _load(self, robots_url: str, host: str) -> RobotFileParser:
        cached = self._cache.robots_txt(host) if self._cache is not None else None
        if cached is not None and self._now() - datetime.fromisoformat(cached[2]) < CACHE_FOR:
            return _parser(cached[0], cached[1])
        self.fetched.append(robots_url)
        reply = self._fetch(robots_url)
        if reply.error is not None or reply.status >= 500 or reply.status < 200:
            log.warning("%s: %s; nothing on %s is fetched in this run", robots_url, reply.error or f"HTTP {reply.status}", host)
            return _parser(503, "")
        body = reply.body.decode("utf-8", errors="replace") if reply.status == 200 else ""
        if self._cache is not None:
            self._cache.put_robots_txt(host, reply.status, body)
        return _parser(reply.status, body)


__all__ = ["CACHE_FOR", "Robots", "RobotsCache"]
