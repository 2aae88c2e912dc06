"""The polite HTTP client: robots.txt, per-host spacing, a concurrency cap, conditional GETs,
backoff on 429 and 5xx with ``Retry-After`` honoured, timeouts and a size cap.

It never raises for what a server does: every outcome, failures included, is a :class:`Response`
whose ``error`` says what went wrong, so that one bad page never stops a run. Time is read and
waited through the ``clock`` and ``sleep`` given to it, so tests run a fake clock and never wait.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from storyline.fetch.robots import Robots, RobotsCache

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "storyline/0.1 (+mailto:you@example.org; set --user-agent to name yourself)"
REDIRECTS = frozenset({301, 302, 303, 307, 308})


def _retryable(status: int) -> bool:
    return status == 429 or 500 <= status < 600


@dataclass(frozen=True)
class FetchOptions:
    """How politely to fetch.

    Attributes:
        user_agent: the User-Agent header; name yourself and a contact.
        delay: seconds between two requests to one host (robots.txt's Crawl-delay may raise it).
        concurrency: requests in flight at once, over all hosts.
        timeout: seconds to connect, and to wait for each read; a whole body gets four times this.
        max_bytes: a larger response is abandoned and reported.
        retries: further tries after a 429, a 5xx or a network error, within one run.
        backoff: the first wait before such a retry, in seconds; it doubles each try.
        max_wait: the longest wait honoured within a run; a longer ``Retry-After`` is kept for a later run.
        max_redirects: redirects followed before giving up.
    """

    user_agent: str = DEFAULT_USER_AGENT
    delay: float = 1.0
    concurrency: int = 4
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    retries: int = 3
    backoff: float = 2.0
    max_wait: float = 120.0
    max_redirects: int = 5


@dataclass
class Response:
    """The outcome of one GET, redirects and retries included.

    ``status`` is the final HTTP status, 0 when no response came. ``error`` is None when the
    body is usable (200) or unchanged (304). ``wait`` is how long the server asked us to stay
    away, in seconds, when that was too long to wait within the run. ``blocked`` marks a url
    that robots.txt disallows.
    """

    url: str
    final_url: str
    status: int = 0
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    error: str | None = None
    wait: float | None = None
    blocked: bool = False

    @property
    def not_modified(self) -> bool:
        return self.status == 304 and self.error is None

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class _TooLarge(Exception):
    pass


class _HostGate:
    """Spaces the requests to one host: each waits until ``delay`` after the one before."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.lock = threading.Lock()
        self.next_at = 0.0

    def wait(self, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
        with self.lock:
            pause = self.next_at - clock()
            if pause > 0:
                sleep(pause)
            self.next_at = clock() + self.delay

    def hold(self, seconds: float, clock: Callable[[], float]) -> None:
        with self.lock:
            self.next_at = max(self.next_at, clock() + seconds)


def host_of(url: str) -> str:
    """The host and port part of a url, lower case ("example.com", "example.com:8080")."""
    return urlsplit(url).netloc.rpartition("@")[2].lower()


class PoliteClient:
    """GETs that respect robots.txt and the server (see the module docstring). Safe across threads.

    Args:
        options: how politely to fetch.
        transport: an httpx transport (tests map host names to a local server through one).
        clock, sleep: monotonic seconds and a way to wait them (fakes in tests).
        robots_cache: where robots.txt is cached between runs (the store); None keeps it in memory.
        now: the wall clock, for the robots.txt cache's age and HTTP-date ``Retry-After`` values.
    """

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        robots_cache: RobotsCache | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ) -> None:
        self.options = options or FetchOptions()
        self.clock, self.sleep, self.now = clock, sleep, now
        timeout = httpx.Timeout(self.options.timeout)
        self._http = httpx.Client(
            transport=transport, timeout=timeout, follow_redirects=False, headers={"User-Agent": self.options.user_agent}
        )
        self._gates: dict[str, _HostGate] = {}
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max(1, self.options.concurrency))
        self.robots = Robots(self._get_robots, self.options.user_agent, robots_cache, now)
        self.requests = 0
        self.conditional = 0

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "PoliteClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET ``url``, conditionally when validators are given, following redirects politely.

        Each hop is checked against its host's robots.txt and spaced like any request; a
        redirect back to a url already visited is reported as a loop.
        """
        return self._follow(url, etag, last_modified, check_robots=True)

    def _get_robots(self, url: str) -> Response:
        return self._follow(url, None, None, check_robots=False)

    def _follow(self, url: str, etag: str | None, last_modified: str | None, *, check_robots: bool) -> Response:
        visited = [url]
        current = url
        validators = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        for _ in range(self.options.max_redirects + 1):
            if urlsplit(current).scheme not in ("http", "https"):
                return Response(url, current, error=f"not an http(s) url: {current!r}")
            if check_robots and not self.robots.allowed(current):
                return Response(url, current, error=f"robots.txt of {host_of(current)} disallows {current}", blocked=True)
            response = self._request(url, current, validators, check_robots)
            location = response.headers.get("location")
            if response.status not in REDIRECTS or not location or response.error:
                return response
            target = urljoin(current, location)
            if target in visited:
                loop = " -> ".join([*visited[visited.index(target):], target])
                return Response(url, current, response.status, error=f"redirect loop: {loop}")
            visited.append(target)
            current = target
            validators = {}  # validators belong to the url they came with
        return Response(url, current, error=f"more than {self.options.max_redirects} redirects: {' -> '.join(visited)}")

    def _gate(self, url: str) -> _HostGate:
        host = host_of(url)
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = _HostGate(self.options.delay)
        return gate

    def _request(self, url: str, current: str, headers: dict[str, str], check_robots: bool) -> Response:
        """One url with retries: 429, 5xx and network errors back off (``Retry-After`` first)."""
        gate = self._gate(current)
        # robots.txt itself is fetched before its Crawl-delay is known.
        delay = self.robots.crawl_delay(current) if check_robots else None
        if delay:
            gate.delay = max(gate.delay, min(delay, 60.0))
        last = Response(url, current)
        for attempt in range(self.options.retries + 1):
            gate.wait(self.clock, self.sleep)
            with self._slots:
                last = self._send(url, current, headers)
            if last.error is None and not _retryable(last.status):
                return last
            if last.status and not _retryable(last.status):
                return last  # a 4xx other than 429: asking again changes nothing
            asked = _retry_after(last.headers.get("retry-after"), self.now())
            pause = asked if asked is not None else self.options.backoff * 2**attempt
            if last.status and last.error is None:
                last.error = f"HTTP {last.status}"
            if pause > self.options.max_wait:
                last.wait = pause
                last.error = f"{last.error}; the server asks to wait {pause:.0f}s, longer than this run waits"
                return last
            if attempt < self.options.retries:
                log.info("%s: %s; trying again in %.1fs", current, last.error, pause)
                gate.hold(pause, self.clock)
        return last

    def _send(self, url: str, current: str, headers: dict[str, str]) -> Response:
        limit = self.options.max_bytes
        with self._lock:
            self.requests += 1
            self.conditional += bool(headers)
        try:
            with self._http.stream("GET", current, headers=headers) as reply:
                found = {k.lower(): v for k, v in reply.headers.items()}
                length = found.get("content-length", "")
                if length.isdigit() and int(length) > limit:
                    raise _TooLarge(int(length))
                chunks, total = [], 0
                deadline = time.monotonic() + 4 * self.options.timeout
                for chunk in reply.iter_bytes():
                    total += len(chunk)
                    if total > limit:
                        raise _TooLarge(total)
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("the body took too long")
                    chunks.append(chunk)
                return Response(url, current, reply.status_code, b"".join(chunks), found)
        except _TooLarge as exc:
            return Response(url, current, error=f"response larger than the size cap ({exc.args[0]:,} > {limit:,} bytes)")
        except httpx.TimeoutException:
            return Response(url, current, error=f"timed out (limit {self.options.timeout:g}s)")
        except httpx.HTTPError as exc:
            return Response(url, current, error=f"{type(exc).__name__}: {exc}")


def _retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds a ``Retry-After`` header asks for (a number or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return max(0.0, (moment - now).total_seconds())


__all__ = ["DEFAULT_USER_AGENT", "FetchOptions", "PoliteClient", "Response", "host_of"]
