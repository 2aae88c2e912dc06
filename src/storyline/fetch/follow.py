"""One poll cycle of ``storyline follow``: poll the sources, fetch the new pages, remember it all.

:func:`poll` fetches every source (conditionally, so an unchanged feed costs a 304), reads what
it lists, fetches the pages not fetched before (and the failed ones whose backoff is over), and
returns the articles with the fetch state to remember. The caller (``engine.follow``) stores the
articles first and the state second, so a crash in between costs a refetch, never an article.

A url that fails is kept as "failed" with ``next_try`` set by exponential backoff (or by the
server's ``Retry-After``), reported, and tried again in a later cycle; nothing stops the cycle.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from storyline.errors import InputError
from storyline.fetch.client import PoliteClient, Response
from storyline.fetch.feeds import Discovery, Item, discover
from storyline.ingest.html import HTML_ACCEPTED, decode_html, parse_html
from storyline.ingest.record import RawRecord, finish
from storyline.models import Article, FetchState
from storyline.models import Progress, no_progress

if TYPE_CHECKING:
    from storyline.models import AnalyzeReport
    from storyline.store import Store

log = logging.getLogger(__name__)

RETRY_FIRST = timedelta(minutes=5)
RETRY_MOST = timedelta(days=1)
SITEMAP_DEPTH = 2


@dataclass
class FetchFailure:
    """A url that failed: why, how many times in a row, and when it is tried again."""

    url: str
    error: str
    attempts: int
    next_try: str | None


@dataclass
class FollowReport:
    """What ``follow`` did, over all its cycles.

    Attributes:
        sources: sources polled; ``not_modified`` of them answered 304.
        pages: article pages fetched; ``requests`` counts every HTTP request, robots.txt included.
        added, revised, unchanged: what the store made of the articles found.
        failures: urls that failed and will be retried (the latest failure of each).
        skipped: urls not fetched or not stored, with why (robots.txt, no article in the page).
        analyzed: the analysis run after the last cycle that stored something, if any.
    """

    cycles: int = 0
    sources: int = 0
    not_modified: int = 0
    pages: int = 0
    requests: int = 0
    added: int = 0
    revised: int = 0
    unchanged: int = 0
    failures: list[FetchFailure] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    analyzed: AnalyzeReport | None = None

    def merge(self, other: FollowReport) -> None:
        """Add another cycle's counts and messages to this report."""
        for name in ("cycles", "sources", "not_modified", "pages", "requests", "added", "revised", "unchanged"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        latest = {f.url: f for f in [*self.failures, *other.failures]}
        self.failures = list(latest.values())
        self.skipped += other.skipped
        self.warnings += other.warnings
        self.analyzed = other.analyzed or self.analyzed


@dataclass
class Harvest:
    """One cycle's outcome before storing: articles, the fetch state to remember, and the report."""

    articles: list[Article] = field(default_factory=list)
    states: list[FetchState] = field(default_factory=list)
    report: FollowReport = field(default_factory=FollowReport)


def _due(state: FetchState | None, now: datetime) -> bool:
    if state is None or state.status != "failed":
        return state is None or state.kind == "source"
    return not state.next_try or datetime.fromisoformat(state.next_try) <= now


def _failed(url: str, kind: str, reply: Response, before: FetchState | None, now: datetime) -> FetchState:
    attempts = (before.attempts if before and before.status == "failed" else 0) + 1
    backoff = min(RETRY_FIRST * 2 ** (attempts - 1), RETRY_MOST)
    if reply.wait is not None:
        backoff = max(backoff, timedelta(seconds=reply.wait))
    return FetchState(
        url, kind, "failed", before.etag if before else None, before.last_modified if before else None, attempts,
        (now + backoff).isoformat(), reply.error, before.article if before else None, now.isoformat(),
    )


class _Cycle:
    """The work of one cycle; the fetches run on a thread pool, the store is read on the caller's thread."""

    def __init__(self, store: Store, client: PoliteClient, now: datetime, progress: Progress) -> None:
        self.store, self.client, self.now, self.progress = store, client, now, progress
        self.harvest = Harvest()
        self.report = self.harvest.report

    def _remember(self, state: FetchState) -> None:
        self.harvest.states.append(state)
        if state.status == "failed":
            self.report.failures.append(FetchFailure(state.url, state.error or "", state.attempts, state.next_try))
            log.info("%s: %s (attempt %d; next try after %s)", state.url, state.error, state.attempts, state.next_try)
        elif state.status == "skipped":
            self.report.skipped.append(f"{state.url}: {state.error}")
            log.info("skipped %s: %s", state.url, state.error)

    def _map(self, fn: Callable[[str], Response], urls: Sequence[str]) -> Iterator[Response]:
        workers = max(1, min(self.client.options.concurrency, len(urls)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            yield from pool.map(fn, urls)

    def sources(self, urls: Sequence[str]) -> list[Item]:
        """Poll the sources (and the sitemaps an index names); the items they list."""
        items: list[Item] = []
        frontier, depth = list(dict.fromkeys(urls)), 0
        while frontier and depth <= SITEMAP_DEPTH:
            known = self.store.fetch_states(frontier)
            due = [u for u in frontier if _due(known.get(u), self.now)]
            for url in frontier:
                if url not in due:
                    log.info("%s: failed earlier, next try after %s", url, known[url].next_try)
            nested: list[str] = []

            def get(url: str) -> Response:
                state = known.get(url)
                return self.client.get(url, etag=state.etag if state else None,
                                       last_modified=state.last_modified if state else None)

            for url, reply in zip(due, self._map(get, due)):
                self.report.sources += 1
                self.progress("sources", 1, None)
                found = self._source(url, reply, known.get(url))
                if found is not None:
                    items += found.items
                    nested += found.sitemaps
            frontier, depth = list(dict.fromkeys(nested)), depth + 1
        return items

    def _source(self, url: str, reply: Response, before: FetchState | None) -> Discovery | None:
        now = self.now.isoformat()
        if reply.not_modified:
            self.report.not_modified += 1
            self._remember(FetchState(url, "source", "ok", before.etag if before else None,
                                      before.last_modified if before else None, 0, None, None, None, now))
            return None
        if reply.blocked:
            self._remember(FetchState(url, "source", "skipped", error=reply.error, checked_at=now))
            return None
        if reply.error is not None or reply.status != 200:
            reply.error = reply.error or f"HTTP {reply.status}"
            self._remember(_failed(url, "source", reply, before, self.now))
            return None
        found = discover(url, reply.body, reply.content_type)
        state = FetchState(url, "source", "ok", reply.etag, reply.last_modified, 0, None, None, None, now)
        if found.kind == "page":
            # The source is an article page itself: it is read now, not fetched again.
            self.report.pages += 1
            article = self._article(Item(url), reply.body)
            if isinstance(article, InputError):
                state.status, state.error = "skipped", article.problem
            else:
                self.harvest.articles.append(article)
                state.article = article.id
        elif found.problem and not found.items and not found.sitemaps:
            reply.error = found.problem
            state = _failed(url, "source", reply, before, self.now)
        elif found.problem:
            self.report.warnings.append(f"{url}: {found.problem}")
        self._remember(state)
        return found

    def pages(self, items: Sequence[Item]) -> None:
        """Turn the items into articles: full-text items at once, the others by fetching their page."""
        unique = list({i.url: i for i in items if i.url}.values())
        known = self.store.fetch_states([i.url for i in unique])
        new = [i for i in unique if _due(known.get(i.url), self.now)]
        now = self.now.isoformat()
        to_fetch: list[Item] = []
        for item in new:
            if item.record is not None:
                self._found(item.url, finish(item.record, item.url), None)
            else:
                to_fetch.append(item)
        by_url = {i.url: i for i in to_fetch}
        for url, reply in zip(by_url, self._map(self.client.get, list(by_url))):
            self.progress("pages", 1, len(by_url))
            before = known.get(url)
            if reply.blocked:
                self._remember(FetchState(url, "page", "skipped", error=reply.error, checked_at=now))
                continue
            if reply.error is not None or reply.status != 200:
                reply.error = reply.error or f"HTTP {reply.status}"
                self._remember(_failed(url, "page", reply, before, self.now))
                continue
            self.report.pages += 1
            self._found(url, self._article(by_url[url], reply.body), reply)

    def _found(self, url: str, article: Article | InputError, reply: Response | None) -> None:
        now = self.now.isoformat()
        if isinstance(article, InputError):
            self._remember(FetchState(url, "page", "skipped", error=article.problem, checked_at=now))
            return
        self.harvest.articles.append(article)
        etag, modified = (reply.etag, reply.last_modified) if reply else (None, None)
        self._remember(FetchState(url, "page", "ok", etag, modified, article=article.id, checked_at=now))

    def _article(self, item: Item, body: bytes) -> Article | InputError:
        page = decode_html(item.url, body)
        if isinstance(page, InputError):
            return page
        raw = next(iter(parse_html(item.url, page)))
        if isinstance(raw, InputError):
            return InputError(item.url, None, "no article text found in the page", HTML_ACCEPTED)
        return finish(_with_hint(raw, item.url, item.hint), item.url)


def _with_hint(raw: RawRecord, url: str, hint: RawRecord | None) -> RawRecord:
    """The page's record, under the url it was listed at, completed by what the feed said of it."""
    if raw.url and raw.url != url:
        raw.meta["canonical_url"] = raw.url
    raw.url = url
    if hint is None:
        return raw
    meta = {k: v for k, v in hint.meta.items() if k != "summary_only"}
    meta.update(raw.meta)
    meta["text_from"] = "page"
    raw.meta = meta
    raw.id = hint.id
    raw.title = raw.title or hint.title
    raw.published = raw.published or hint.published
    # The feed names the outlet as ingest from the feed file would, so both agree.
    raw.outlet = hint.outlet or raw.outlet
    raw.language = raw.language or hint.language
    return raw


def poll(
    store: Store, client: PoliteClient, sources: Sequence[str], *, now: datetime, progress: Progress = no_progress
) -> Harvest:
    """One cycle over ``sources``: the articles found and the fetch state to remember (nothing is stored)."""
    requests = client.requests
    cycle = _Cycle(store, client, now, progress)
    items = cycle.sources(sources)
    # Failed pages are retried on their own: their source may answer 304 and not list them again.
    retry = [Item(url) for url, state in store.fetch_states(status="failed").items() if state.kind == "page"]
    cycle.pages(retry + items)  # a source's own listing (with its hints) wins over the bare retry
    cycle.report.cycles = 1
    cycle.report.requests = client.requests - requests
    return cycle.harvest


__all__ = ["FetchFailure", "FollowReport", "Harvest", "poll"]
