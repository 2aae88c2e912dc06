"""The ``storyline`` command line: each command parses options, calls one engine function and
turns named errors into a clean message and an exit code.

Exit codes: 0 ok · 1 some input was rejected · 2 usage error · 3 the database could not be used ·
4 analysis finished, but some articles failed a stage (their results are missing; the rest are stored).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from storyline import engine
from storyline.cli_text import count as _count
from storyline.cli_text import print_changes
from storyline.errors import StorylineError, StoreError
from storyline.fetch.client import DEFAULT_USER_AGENT
from storyline.store import DEFAULT_URL, Store, open_store

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_STORE, EXIT_FAILED = 0, 1, 2, 3, 4

app = typer.Typer(
    help="storyline: follow a news story across many outlets — deduplicated, dated and sourced.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

from storyline.eval.cli import eval_app  # noqa: E402

app.add_typer(eval_app, name="eval")

from storyline.train_cli import train_app  # noqa: E402

app.add_typer(train_app, name="train")

console = Console(stderr=True)
out = Console()

DbOpt = Annotated[
    str,
    typer.Option("--db", envvar="STORYLINE_DB", help="Database URL: a SQLite file path or sqlite:///…, or postgresql://…", show_default=True),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors; no progress bars.")]


def _cores() -> int:
    """Cores this process may use (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


PathsArg = Annotated[
    list[str], typer.Argument(help="Files or directories (recursive) to read, or http(s) urls to fetch.", show_default=False)
]
OutletOpt = Annotated[Optional[str], typer.Option("--outlet", help="Use this outlet for every article read.")]
PublishedOpt = Annotated[
    Optional[str], typer.Option("--published", help="Use this publication date (YYYY-MM-DD) for every article read.")
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Store nothing if any record is rejected.")]
ColumnsOpt = Annotated[
    Optional[str],
    typer.Option(
        "--columns",
        help="Name the input's own CSV columns or JSON fields: FIELD=COLUMN pairs, e.g. text=body,published=date "
        "(fields: text, html, title, published, outlet, url, id, language, byline).",
    ),
]

UserAgentOpt = Annotated[
    Optional[str],
    typer.Option("--user-agent", envvar="STORYLINE_USER_AGENT",
                 help=f"User-Agent for http(s) fetches: name yourself and a contact (default: {DEFAULT_USER_AGENT!r})."),
]


def _setup_logging(quiet: bool) -> None:
    logging.basicConfig(
        level=logging.ERROR if quiet else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=console, show_time=False, show_path=False)],
        force=True,
    )


@contextmanager
def _store(db: str) -> Iterator[Store]:
    try:
        store = open_store(db)
    except StoreError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_STORE) from None
    try:
        yield store
    except StoreError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_STORE) from None
    except StorylineError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_REJECTED) from None
    finally:
        store.close()


@contextmanager
def _progress(quiet: bool) -> Iterator[engine.Progress]:
    if quiet:
        yield lambda task, advance, total: None
        return
    columns = (TextColumn("{task.description:>10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(task: str, advance: int, total: int | None) -> None:
            if task not in tasks:
                tasks[task] = bar.add_task(task, total=total)
            bar.update(tasks[task], advance=advance, total=total)

        yield update


def _parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2023-11-24", param_hint="--published") from None


def _parse_columns(value: str | None) -> dict[str, str]:
    try:
        return engine.parse_columns(value)
    except StorylineError as exc:
        raise typer.BadParameter(str(exc), param_hint="--columns") from None


def _ingest(store: Store, paths: list[str], outlet: str | None, published: str | None, strict: bool, quiet: bool,
            columns: str | None = None, user_agent: str | None = None) -> bool:
    from storyline.fetch.feeds import is_url

    urls = [p for p in paths if is_url(p)]
    files = [Path(p) for p in paths if not is_url(p)]
    missing = [str(p) for p in files if not p.exists()]
    if missing:
        console.print(f"[red]error:[/red] no such file or directory: {', '.join(map(repr, missing))}")
        raise typer.Exit(EXIT_USAGE)
    ok = True
    if urls:
        options = _fetch_options(user_agent or DEFAULT_USER_AGENT, 1.0, 4, 20.0, 5_000_000)
        fetched = engine.ingest_urls(store, urls, options=options)
        _print_follow(fetched, quiet, title="fetch")
        ok = not fetched.failures
    if not files:
        return ok
    with _progress(quiet) as progress:
        report = engine.ingest(store, files, outlet=outlet, published=_parse_day(published), columns=_parse_columns(columns),
                               strict=strict, progress=progress)
    for message in report.rejected:
        console.print(f"[red]rejected:[/red] {message}", highlight=False)
    if not quiet:
        for message in report.warnings:
            console.print(f"[yellow]warning:[/yellow] {message}", highlight=False)
        console.print(
            f"ingest: {report.added} added, {report.revised} revised, {report.unchanged} unchanged, "
            f"{len(report.rejected)} rejected"
        )
    return report.ok and ok


@app.command()
def ingest(paths: PathsArg, db: DbOpt = DEFAULT_URL, outlet: OutletOpt = None, published: PublishedOpt = None,
           columns: ColumnsOpt = None, strict: StrictOpt = False, user_agent: UserAgentOpt = None,
           quiet: QuietOpt = False) -> None:
    """Store articles from text, HTML, JSON/JSONL, CSV, RSS/Atom/JSON Feed and crawler output files or directories,
    or from http(s) urls (fetched politely, as `storyline follow` does).
    """
    _setup_logging(quiet)
    with _store(db) as store:
        ok = _ingest(store, paths, outlet, published, strict, quiet, columns, user_agent)
    raise typer.Exit(EXIT_OK if ok else EXIT_REJECTED)


@app.command()
def analyze(
    paths: Annotated[
        Optional[list[str]], typer.Argument(help="Files, directories or http(s) urls to ingest first (optional).", show_default=False)
    ] = None,
    db: DbOpt = DEFAULT_URL,
    json_path: Annotated[Optional[Path], typer.Option("--json", help="Write the storyline/1 bundle here.")] = None,
    html_path: Annotated[Optional[Path], typer.Option("--html", help="Write the self-contained HTML report here.")] = None,
    outlet: OutletOpt = None,
    published: PublishedOpt = None,
    columns: ColumnsOpt = None,
    strict: StrictOpt = False,
    user_agent: UserAgentOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Recompute every stage, even where stored results are current.")] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Run again the articles a stage failed on (they are otherwise skipped until their text or the stage changes).")
    ] = False,
    workers: Annotated[
        Optional[int], typer.Option("--workers", min=1, help="Processes for the article stages (default: the number of cores; with Ray, the cluster's CPUs).", show_default=False)
    ] = None,
    engine_name: Annotated[str, typer.Option("--engine", help="Where article stages run: local (this machine's processes) or ray (see docs/scale.md).")] = "local",
    address: Annotated[Optional[str], typer.Option("--address", help="The Ray cluster to join, e.g. ray://host:10001 (needs a PostgreSQL --db).", show_default=False)] = None,
    quiet: QuietOpt = False,
) -> None:
    """Ingest PATHs, run every analysis stage (only what is new or outdated), then export.

    An article that a stage fails on is recorded and skipped: the run goes on, prints a table of
    failures and exits 4 (1 when input was also rejected).
    """
    _setup_logging(quiet)
    try:
        engine.check_engine(db, engine_name, address)
    except StorylineError as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    with _store(db) as store:
        ok = _ingest(store, paths, outlet, published, strict, quiet, columns, user_agent) if paths else True
        with _progress(quiet) as progress:
            report = engine.analyze(store, force=force, retry_failed=retry_failed, progress=progress, engine=engine_name,
                                    address=address, workers=workers or (None if engine_name == "ray" else _cores()))
        data = engine.export(store, json_path=json_path)
        if html_path:
            from storyline.web.report import write_report

            write_report(html_path, data, store)
        failed = engine.failure_table(engine.failures(store))
    if failed:
        _print_failures(failed)
    if not quiet:
        table = Table(title="analysis", show_edge=False)
        table.add_column("stage")
        table.add_column("computed", justify="right")
        table.add_column("reused", justify="right")
        for name in report.computed:
            table.add_row(name, str(report.computed[name]), str(report.reused.get(name, 0)))
        console.print(table)
        if report.skipped_articles:
            console.print(
                f"[yellow]warning:[/yellow] {_count(len(report.skipped_articles), 'articles')} not analysed "
                f"(not English): {', '.join(report.skipped_articles)}"
            )
        console.print("bundle: " + ", ".join(_count(n, k) for k, n in engine.summary(data).items()))
        for target in (json_path, html_path):
            if target:
                console.print(f"wrote {target}")
    raise typer.Exit(EXIT_REJECTED if not ok else EXIT_FAILED if failed else EXIT_OK)


def _print_failures(rows: list[dict[str, Any]]) -> None:
    """The failure table: one row per stage, with the count and the first example."""
    total = sum(r["count"] for r in rows)
    table = Table(title=f"{_count(total, 'failures')}: these articles lack the stage's results", show_edge=False, title_justify="left")
    table.add_column("stage")
    table.add_column("failed", justify="right")
    table.add_column("first example")
    for r in rows:
        ex = r["example"]
        where = ex["article"] or "(the corpus stage)"
        table.add_row(r["stage"], str(r["count"]), f"{where}: {ex['error']}: {ex['message'][:200]}")
    console.print(table)
    console.print("see `storyline stats` or the web app's /problems page; `storyline analyze --retry-failed` runs them again")


def _fetch_options(user_agent: str, delay: float, concurrency: int, timeout: float, max_bytes: int) -> Any:
    from storyline.fetch import FetchOptions

    for name, value, least in (("--delay", delay, 0), ("--concurrency", concurrency, 1), ("--timeout", timeout, 0.1),
                               ("--max-bytes", max_bytes, 1024)):
        if value < least:
            raise typer.BadParameter(f"{value!r} is too small; give at least {least}", param_hint=name)
    return FetchOptions(user_agent=user_agent, delay=delay, concurrency=concurrency, timeout=timeout, max_bytes=max_bytes)


def _print_follow(report: Any, quiet: bool, *, title: str = "follow") -> None:
    """One cycle's outcome: failures always (they are retried later), the rest unless quiet."""
    for failure in report.failures:
        console.print(f"[red]failed:[/red] {failure.url}: {failure.error} (attempt {failure.attempts}; "
                      f"next try after {failure.next_try})", highlight=False)
    if quiet:
        return
    for message in report.warnings:
        console.print(f"[yellow]warning:[/yellow] {message}", highlight=False)
    for message in report.skipped:
        console.print(f"[dim]skipped:[/dim] {message}", highlight=False)
    console.print(
        f"{title}: {_count(report.sources, 'sources')} polled ({report.not_modified} unchanged), {_count(report.pages, 'pages')} fetched, "
        f"{_count(report.requests, 'requests')}; articles: {report.added} added, {report.revised} revised, "
        f"{report.unchanged} unchanged; {_count(len(report.failures), 'failures')}"
    )
    if report.analyzed is not None:
        computed = sum(report.analyzed.computed.values())
        console.print(f"{title}: analysis computed {_count(computed, 'results')} over {_count(len(report.analyzed.computed), 'stages')}")


@app.command()
def follow(
    sources: Annotated[
        list[str],
        typer.Argument(help="Feed, sitemap or page urls; OPML files; or text files with one url per line.", show_default=False),
    ],
    db: DbOpt = DEFAULT_URL,
    every: Annotated[str, typer.Option("--every", help="Time between polls: 15m, 1h, 1h30m, 90s (at least 1 minute).")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll once, store and analyze what is new, and exit.")] = False,
    user_agent: UserAgentOpt = None,
    delay: Annotated[float, typer.Option("--delay", help="Seconds between two requests to one host (robots.txt's Crawl-delay may raise it).")] = 1.0,
    concurrency: Annotated[int, typer.Option("--concurrency", help="Requests in flight at once, over all hosts.")] = 4,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for a server to connect or answer.")] = 20.0,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Abandon a response larger than this.")] = 5_000_000,
    quiet: QuietOpt = False,
) -> None:
    """Follow a story live: poll RSS, Atom, JSON Feed and news sitemaps, fetch each new article page, store and analyze it.

    Politely: robots.txt is honoured, each host gets one request per --delay, a 304 costs nothing,
    429 and 5xx back off. Fetch state lives in the database, so a restart fetches nothing twice;
    a failed page is reported and retried later. Ctrl+C stops.
    """
    _setup_logging(quiet)
    try:
        seconds = engine.parse_every(every)
        urls = engine.read_sources(sources)
    except StorylineError as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    options = _fetch_options(user_agent or DEFAULT_USER_AGENT, delay, concurrency, timeout, max_bytes)
    if not quiet:
        if user_agent is None:
            console.print(f"[yellow]warning:[/yellow] set --user-agent to name yourself and a contact (now {DEFAULT_USER_AGENT!r})",
                          highlight=False)
        console.print(f"follow: {_count(len(urls), 'sources')}" + ("" if once else f", every {every}; Ctrl+C stops"))
    with _store(db) as store, _progress(quiet) as progress:
        try:
            engine.follow(store, urls, once=once, every=seconds, options=options, progress=progress,
                          on_cycle=lambda report: _print_follow(report, quiet))
        except KeyboardInterrupt:
            console.print("follow: stopped")


@app.command()
def export(
    db: DbOpt = DEFAULT_URL,
    json_path: Annotated[Optional[Path], typer.Option("--json", help="Write the storyline/1 bundle here.")] = None,
    html_path: Annotated[Optional[Path], typer.Option("--html", help="Write the self-contained HTML report here.")] = None,
    quiet: QuietOpt = False,
) -> None:
    """Write the stored analysis as a JSON bundle and/or an HTML report."""
    _setup_logging(quiet)
    if not json_path and not html_path:
        console.print("[red]error:[/red] nothing to write: give --json FILE and/or --html FILE")
        raise typer.Exit(EXIT_USAGE)
    with _store(db) as store:
        data = engine.export(store, json_path=json_path)
        if html_path:
            from storyline.web.report import write_report

            write_report(html_path, data, store)
    if not quiet:
        console.print("bundle: " + ", ".join(_count(n, k) for k, n in engine.summary(data).items()))


@app.command()
def stats(db: DbOpt = DEFAULT_URL, as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Show what the database holds."""
    _setup_logging(False)
    with _store(db) as store:
        data = engine.stats(store)
    if as_json:
        import json

        out.print_json(json.dumps(data, default=str))
        return
    failures = data.pop("failures")
    _print_stats(data)
    if failures:
        failed = Table(title=f"analysis problems: {_count(len(failures), 'failures')}", show_edge=False, title_justify="left")
        for column in ("stage", "article", "error"):
            failed.add_column(column)
        for f in failures:
            failed.add_row(f"{f['stage']} v{f['version']}", f["article"] or "(corpus)", f"{f['error']}: {f['message'][:160]}")
        out.print(failed)


def _print_stats(data: dict[str, Any]) -> None:
    """The stats as readable lines ("outlets: A 11 · B 7"), then the stored results per stage as a table."""
    data = dict(data)
    results = data.pop("results", [])
    lines: list[tuple[str, str]] = []
    if "url" in data:
        lines.append(("database", f"{data.pop('url')} ({data.pop('backend', '?')}, schema {data.pop('schema', '?')})"))
    if "articles" in data:
        total, analysable = data.pop("articles"), data.pop("analysable", None)
        lines.append(("articles", str(total) + ("" if analysable is None else f" ({analysable} analysable)")))
    for key, name in (("outlets", "outlet"), ("languages", "language")):
        if key in data:
            lines.append((key, " · ".join(f"{row[name] or '(unknown)'} {row['articles']}" for row in data.pop(key)) or "none"))
    if isinstance(data.get("published"), dict):
        pub = data.pop("published")
        span = f"{pub['first']} to {pub['last']}" if pub.get("first") else "no dated articles"
        lines.append(("published", span + (f" ({pub['undated']} undated)" if pub.get("undated") else "")))
    if "revisions" in data:
        revised = data.pop("revised_articles", 0)
        lines.append(("revisions", f"{_count(data.pop('revisions'), 'revisions')} ({_count(revised, 'articles')} revised)"))
    if "failed" in data:
        lines.append(("failed", " · ".join(f"{row['stage']} {row['count']}" for row in data.pop("failed")) or "none"))
    lines += [(str(key), _cell(value)) for key, value in data.items()]  # anything a store adds later
    table = Table(show_header=False, show_edge=False, box=None)
    table.add_column(style="bold")
    table.add_column()
    for key, text in lines:
        table.add_row(key, text)
    out.print(table)
    if results:
        stages = Table(title="results per stage", show_edge=False, title_justify="left")
        for column in ("stage", "scope", "version", "results", "stored at"):
            stages.add_column(column, justify="right" if column == "results" else "left")
        for row in results:
            stored = str(row.get("stored_at") or "-")[:19].replace("T", " ")  # to the second: enough to tell runs apart
            stages.add_row(row["stage"], row["scope"], str(row["version"]), str(row["count"]), stored)
        out.print(stages)


def _cell(value: Any) -> str:
    """A value the stats printer has no layout for, as one readable cell: "k v · k v", one list item per line."""
    if isinstance(value, dict):
        return " · ".join(f"{k} {v}" for k, v in value.items())
    if isinstance(value, list):
        return "\n".join(_cell(v) for v in value) or "-"
    return str(value)


@app.command()
def summary(db: DbOpt = DEFAULT_URL) -> None:
    """Print a readable overview of the analysed story: stories, events, speakers, figures."""
    _setup_logging(False)
    with _store(db) as store:
        view = engine.overview(engine.bundle(store))
    out.print(f"[bold]{_count(view['articles'], 'articles')}[/bold] from {_count(len(view['outlets']), 'outlets')}: " + ", ".join(
        f"{name} ({n})" for name, n in view["outlets"]))
    out.print("in the bundle: " + ", ".join(_count(n, k) for k, n in view["counts"].items()))
    for story in view["stories"]:
        out.print(f"\n[bold]{story['title']}[/bold]")
        for ev in story["events"]:
            out.print(f"  {ev['date'] or 'undated':>10}  {ev['title']}  [dim]({_count(ev['articles'], 'articles')})[/dim]")
    if view["speakers"]:
        out.print("\n[bold]most quoted[/bold]: " + ", ".join(f"{name} ({n})" for name, n in view["speakers"]))
    if view["duplicates"]:
        out.print(f"[bold]copies and rewrites[/bold]: {_count(view['duplicates']['copy'], 'copies')}, "
                  f"{_count(view['duplicates']['rewrite'], 'rewrites')}")
    for conflict in view["conflicts"]:
        out.print(f"[yellow]conflict[/yellow]: {conflict}")


@app.command()
def timeline(
    story: Annotated[
        Optional[str], typer.Argument(help="Story id, number (1 = first) or part of its title; omit for every story.", show_default=False)
    ] = None,
    db: DbOpt = DEFAULT_URL,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print a story's timeline: each day that matters, what happened, and who reported it."""
    _setup_logging(False)
    with _store(db) as store:
        stories = engine.timeline(store, story)
    if as_json:
        import json

        out.print_json(json.dumps(stories, ensure_ascii=False))
        return
    for st in stories:
        table = Table(title=st["title"], show_edge=False, show_lines=True, title_justify="left")
        table.add_column("date", no_wrap=True)
        table.add_column("what happened")
        table.add_column("sources")
        for entry in st["entries"]:
            sources = ", ".join(entry.get("outlets") or []) or _count(len(entry["articles"]), "articles")
            table.add_row(entry["date"], entry["text"], sources)
        if not st["entries"]:
            table.add_row("-", "[dim]no dated entries[/dim]", "")
        out.print(table)


@app.command()
def changes(
    story: Annotated[str, typer.Argument(help="Story id, number (1 = first) or part of its title.", show_default=False)],
    since: Annotated[
        Optional[str], typer.Option("--since", help="24h, 2d, 90m, or an ISO date/time; default: the last `follow` poll.", show_default=False)
    ] = None,
    db: DbOpt = DEFAULT_URL,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """What changed in a story since a time: new events, articles per outlet, figures that moved,
    new conflicts, new speakers and quotes, new timeline entries."""
    _setup_logging(False)
    with _store(db) as store:
        found = engine.changes(store, story, since)
    if as_json:
        import json

        out.print_json(json.dumps(found, ensure_ascii=False))
        return
    print_changes(out, found)


@app.command()
def outlets(
    action: Annotated[Optional[str], typer.Argument(help="Omit to list the registry; `set` to map KEY to NAME.", show_default=False)] = None,
    key: Annotated[Optional[str], typer.Argument(help="A domain (example.com) or a feed's title, as the list shows it.", show_default=False)] = None,
    name: Annotated[Optional[str], typer.Argument(help="The outlet name KEY stands for.", show_default=False)] = None,
    db: DbOpt = DEFAULT_URL,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the outlet registry (each domain and feed title seen at ingest, and the outlet name it maps to),
    or edit it: `storyline outlets set DOMAIN_OR_FEED_TITLE NAME`. Later ingests use the mapping.
    """
    _setup_logging(False)
    if action is not None and (action != "set" or not key or not name):
        console.print(f"[red]error:[/red] expected `storyline outlets` or `storyline outlets set KEY NAME`, not {action!r}")
        raise typer.Exit(EXIT_USAGE)
    with _store(db) as store:
        if action == "set":
            assert key is not None and name is not None
            entry = engine.set_outlet(store, key, name)
            console.print(f"outlets: {entry['kind']} {entry['key']!r} is now {entry['name']!r} (applies to articles ingested from now on)")
            return
        rows = engine.outlets(store)
    if as_json:
        import json

        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(show_edge=False)
    for column in ("domain or feed title", "kind", "outlet", "from", "articles"):
        table.add_column(column)
    for row in rows:
        table.add_row(row["key"], row["kind"], row["name"], row["origin"], str(row["articles"]))
    out.print(table if rows else "the outlet registry is empty: it fills as articles are ingested")


@app.command()
def serve(
    db: DbOpt = DEFAULT_URL,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web UI and JSON API over the database (every page has a .json twin; API docs at /docs)."""
    _setup_logging(False)
    import uvicorn

    from storyline.web import create_app

    try:
        web = create_app(db, warm=True)
    except StoreError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_STORE) from None
    console.print(f"storyline: serving {db} at http://{host}:{port}/ (API docs: /docs). Ctrl+C stops.")
    uvicorn.run(web, host=host, port=port, log_level="warning")



def main() -> None:  # pragma: no cover - console entry point
    app()
