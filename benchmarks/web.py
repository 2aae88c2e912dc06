"""Per-page latency of the web app on the sample corpus (target: under 200 ms a page).

    .venv/bin/python benchmarks/web.py                 # analyses examples/corpus into a temporary database
    .venv/bin/python benchmarks/web.py --db story.db   # or measure an analysed database

The app runs under uvicorn in a background thread; pages are fetched over HTTP on localhost, so a
time includes routing, the data function, rendering and the transfer. It prints the time from start
to the first answer (imports and the bundle build, once per database state), then for each page
kind the slowest first visit (an event's comparison is computed then) and the median, 95th
percentile and maximum of the warm requests, over every story, event and entity and a sample of
articles. Measured, not asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]


def _analysed(corpus: Path, directory: str) -> str:
    from storyline import engine
    from storyline.store import open_store

    db = os.path.join(directory, "web-bench.db")
    with open_store(db) as store:
        engine.ingest(store, [corpus])
        engine.analyze(store)
    return db


def _urls(client: httpx.Client, articles: int) -> dict[str, list[str]]:
    index = client.get("/index.json").json()
    listed = client.get("/articles.json").json()["articles"]
    bundle_events = sorted({a["event"] for a in listed if a["event"]})
    arts = [a["id"] for a in listed]
    step = max(1, len(arts) // articles)
    entities = [e["name"] for e in client.get("/entities.json").json()["entities"]][:10]
    kinds = {
        "stories (/)": ["/"],
        "story": [f"/story/{quote(s['id'], safe='')}" for s in index["stories"]],
        "event": [f"/event/{quote(e, safe='')}" for e in bundle_events],
        "article": [f"/article/{quote(a, safe='')}" for a in arts[::step][:articles]],
        "entity": [f"/entity/{quote(n, safe='')}" for n in entities],
        "entities": ["/entities"],
        "articles": ["/articles"],
        "search": ["/search?q=police", "/search?q=%22fuel+subsidy%22", "/search?q=flood+OR+dam"],
    }
    return {k: v for k, v in kinds.items() if v}


def _twin(url: str) -> str:
    path, _, query = url.partition("?")
    path = "/index.json" if path == "/" else path + ".json"
    return path + (f"?{query}" if query else "")


def _time(client: httpx.Client, url: str) -> float:
    t0 = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - t0) * 1000
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an analysed database (default: analyse --corpus into a temporary one)")
    parser.add_argument("--corpus", type=Path, default=ROOT / "examples" / "corpus")
    parser.add_argument("--repeat", type=int, default=5, help="warm requests per URL")
    parser.add_argument("--articles", type=int, default=15, help="how many articles to time")
    args = parser.parse_args()

    from storyline.web import create_app
    from storyline.web.server import BackgroundServer

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            t0 = time.perf_counter()
            db = _analysed(args.corpus, tmp)
            print(f"analysed {args.corpus} in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        # As `storyline serve` runs it: the bundle and the stories' comparisons are built on startup.
        app = create_app(db, warm=True)
        with BackgroundServer(app) as server, httpx.Client(base_url=server.url, timeout=60) as client:
            client.get("/index.json")
            first_build = (time.perf_counter() - t0) * 1000
            app.state.warm.wait(120)
            warmed = (time.perf_counter() - t0) * 1000
            urls = _urls(client, args.articles)
            rows = []
            for kind, pages in urls.items():
                for twin in (False, True):
                    batch = [_twin(u) if twin else u for u in pages]
                    first = [_time(client, u) for u in batch]  # first visit: the page's comparison is computed
                    warm = [_time(client, u) for _ in range(args.repeat) for u in batch]
                    warm.sort()
                    rows.append((kind + (" .json" if twin else ""), len(batch), max(first), statistics.median(warm),
                                 warm[min(len(warm) - 1, int(len(warm) * 0.95))], warm[-1]))

    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"machine: {platform.node()} · {platform.machine()} · {os.cpu_count()} CPUs · Python {platform.python_version()}")
    print(f"start to first answer (imports, bundle build): {first_build:.0f} ms; warm-up done after {warmed:.0f} ms")
    print(f"{'page':<18}{'urls':>5}{'first max':>11}{'median':>9}{'p95':>8}{'max':>8}   (ms; warm: {args.repeat} rounds)")
    for kind, n, first, median, p95, worst in rows:
        flag = "" if p95 < 200 else "  over 200 ms"
        print(f"{kind:<18}{n:>5}{first:>11.1f}{median:>9.1f}{p95:>8.1f}{worst:>8.1f}{flag}")


if __name__ == "__main__":
    main()
