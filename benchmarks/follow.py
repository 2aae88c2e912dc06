"""One ``follow`` poll cycle over 50 feeds on 50 host names, all served locally, with 10 new articles.

    .venv/bin/python benchmarks/follow.py

A local server (pytest-httpserver, threaded) serves 50 RSS feeds, one per host name
(``feed00.example`` …), each host with its robots.txt; the client's transport sends every name to
127.0.0.1, so per-host politeness applies as on the web. A first cycle (not measured) stores and
analyses one article per feed and caches robots.txt; then 10 feeds gain a summary-only item, and the
measured cycle polls all 50 (conditional GETs: 40 answer 304), fetches the 10 new pages, stores and
analyses them. Default politeness: 1 s between requests to one host, 4 in flight. Prints the wall
time, the requests sent by kind, and the analysis's share of the wall time. Measured, not asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _corpus import article  # noqa: E402
from _machine import machine  # noqa: E402

FEEDS, NEW = 50, 10


def page(title: str, outlet: str, day: str, text: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:site_name" content="{outlet}"><meta property="article:published_time" content="{day}">'
        f"</head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


def feed(host: str, outlet: str, items: list[tuple[str, str, str, str]]) -> str:
    """RSS with (link, title, date, content-or-empty) items; an empty content makes a summary-only item."""
    parts = []
    for link, title, day, content in items:
        body = (f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content
                else "<description>A short summary.</description>")
        parts.append(f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid><pubDate>{day}</pubDate>{body}</item>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{outlet}</title><link>http://{host}/</link>{''.join(parts)}</channel></rss>"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()

    from pytest_httpserver import HTTPServer
    from werkzeug import Request, Response

    from storyline import engine
    from storyline.fetch import FetchOptions, PoliteClient
    from storyline.fetch.local import LocalTransport
    from storyline.store import open_store

    docs: dict[tuple[str, str], tuple[str, str]] = {}
    hits: Counter[str] = Counter()

    def handle(request: Request) -> Response:
        host = request.host.split(":")[0]
        found = docs.get((host, request.path))
        kind = "robots.txt" if request.path == "/robots.txt" else "feed" if request.path == "/feed.xml" else "page"
        conditional = "If-None-Match" in request.headers
        hits[f"{kind}{' (conditional)' if conditional else ''}"] += 1
        if found is None:
            return Response("not found", status=404)
        body, ctype = found
        tag = f'"{abs(hash(body)) % 10**12}"'
        if request.headers.get("If-None-Match") == tag:
            hits["304 answers"] += 1
            return Response(status=304, headers={"ETag": tag})
        return Response(body, content_type=ctype, headers={"ETag": tag})

    rng = random.Random(11)
    hosts = [f"feed{n:02d}.example" for n in range(FEEDS)]
    items: dict[str, list[tuple[str, str, str, str]]] = {}
    for n, host in enumerate(hosts):
        row = article(n, rng, date(2026, 3, 1))
        paragraphs = "".join(f"<p>{p}</p>" for p in row["text"].split("\n\n"))
        items[host] = [(f"http://{host}/old-{n}", row["title"], "Sun, 01 Mar 2026 08:00:00 GMT", paragraphs)]
        docs[(host, "/robots.txt")] = ("User-agent: *\nDisallow: /private/\n", "text/plain")
        docs[(host, "/feed.xml")] = (feed(host, f"Outlet {n:02d}", items[host]), "application/rss+xml")

    server = HTTPServer(threaded=True)
    server.expect_request(re.compile(".*")).respond_with_handler(handle)
    server.start()
    options = FetchOptions(user_agent="storyline-benchmark/1 (+mailto:bench@example.org)")
    timings: dict[str, float] = {}
    real_analyze = engine.analyze

    def timed_analyze(*a: object, **k: object) -> object:
        t0 = time.perf_counter()
        try:
            return real_analyze(*a, **k)  # type: ignore[arg-type]
        finally:
            timings["analyze"] = timings.get("analyze", 0.0) + time.perf_counter() - t0

    engine.analyze = timed_analyze  # type: ignore[assignment]
    sources = [f"http://{h}/feed.xml" for h in hosts]
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or f"sqlite:///{Path(tmp) / 'follow.db'}"
        with open_store(db) as store:
            with PoliteClient(options, transport=LocalTransport(server.port), robots_cache=store) as client:
                t0 = time.perf_counter()
                first = engine.follow(store, sources, once=True, client=client)
                warm = time.perf_counter() - t0
            print(f"warm-up cycle (not measured): {first.added} articles stored and analysed in {warm:.1f}s, "
                  f"{first.requests} requests")

            for n, host in enumerate(hosts[:NEW]):
                row = article(100 + n, rng, date(2026, 3, 2))
                link = f"http://{host}/new-{n}"
                items[host].insert(0, (link, row["title"], "Mon, 02 Mar 2026 09:00:00 GMT", ""))
                docs[(host, "/feed.xml")] = (feed(host, f"Outlet {n:02d}", items[host]), "application/rss+xml")
                docs[(host, f"/new-{n}")] = (page(row["title"], f"Outlet {n:02d}", "2026-03-02", row["text"]), "text/html")

            hits.clear()
            timings.clear()
            with PoliteClient(options, transport=LocalTransport(server.port), robots_cache=store) as client:
                t0 = time.perf_counter()
                report = engine.follow(store, sources, once=True, client=client)
                wall = time.perf_counter() - t0
    server.stop()

    analyse = timings.get("analyze", 0.0)
    print(f"machine: {machine()}")
    print(f"measured cycle: {FEEDS} feeds on {FEEDS} host names, {NEW} new articles (summary-only items, pages fetched)")
    print(f"  wall time: {wall:.2f}s")
    print(f"  requests sent: {report.requests} ({', '.join(f'{k}: {v}' for k, v in sorted(hits.items()))})")
    print(f"  stored: {report.added} added, {report.revised} revised; sources unchanged (304): {report.not_modified}")
    print(f"  analyze of the new articles: {analyse:.2f}s = {100 * analyse / wall:.0f}% of the wall time; "
          f"fetching, extraction and storing: {wall - analyse:.2f}s")
    print(f"  politeness: {options.delay:g}s between requests to one host, {options.concurrency} in flight")


if __name__ == "__main__":
    main()
