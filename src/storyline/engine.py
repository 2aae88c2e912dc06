"""The library API: ingest, analyze, export and stats. The CLI and the web app call only this."""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.errors import InputError, PipelineError, StoreError, StorylineError
from storyline.files import atomic_write
from storyline.models import AnalyzeReport, Article, IngestReport, Progress, StageFailure
from storyline.models import no_progress as _no_progress
from storyline.store import Store, normalize_url

if TYPE_CHECKING:
    from storyline.fetch.client import FetchOptions, PoliteClient
    from storyline.fetch.follow import FollowReport

log = logging.getLogger(__name__)

BATCH = 200


# --- ingest -------------------------------------------------------------------------


def _iter_inputs(
    paths: Sequence[str | Path],
    outlet: str | None,
    published: date | None,
    columns: Mapping[str, str] | None = None,
    skipped: Counter[str] | None = None,
) -> Iterator[Article | InputError]:
    from storyline.ingest import iter_path

    for path in paths:
        yield from iter_path(Path(path), outlet=outlet, published=published, columns=columns, skipped=skipped)


def parse_columns(spec: str | None) -> dict[str, str]:
    """``--columns text=body,published=date`` as ``{"text": "body", "published": "date"}``.

    Raises:
        StorylineError: a part is not FIELD=COLUMN or names a field storyline does not have.
    """
    from storyline.ingest.jsonl import COLUMN_FIELDS

    columns: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        field, sep, column = part.partition("=")
        field, column = field.strip().lower(), column.strip()
        if not sep or not column or field not in COLUMN_FIELDS:
            raise StorylineError(
                f"--columns: {part.strip()!r} is not FIELD=COLUMN with FIELD one of {', '.join(COLUMN_FIELDS)} "
                "(e.g. --columns text=body,published=date)"
            )
        columns[field] = column
    return columns


def ingest(
    store: Store,
    paths: Sequence[str | Path],
    *,
    outlet: str | None = None,
    published: date | None = None,
    columns: Mapping[str, str] | None = None,
    strict: bool = False,
    progress: Progress = _no_progress,
) -> IngestReport:
    """Read articles from files or directories and store them.

    Good records are stored even when others are rejected, unless ``strict``: then the input
    is read once to validate it and nothing is written if any record is rejected. Outlets are
    mapped through the outlet registry, which learns the domains and feed titles seen.

    Args:
        columns: storyline's field names mapped to the input's own column or field names.

    Returns:
        The report: added, unchanged, revised and rejected counts (rejected hold messages).
    """
    from storyline.ingest.detect import SUPPORTED_FORMATS

    report = IngestReport()
    if strict:
        for item in _iter_inputs(paths, outlet, published, columns):
            if isinstance(item, InputError):
                report.rejected.append(item.message)
        if report.rejected:
            report.warnings.append("--strict: nothing was stored because some input was rejected")
            return report

    summaries: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    _store_articles(store, _iter_inputs(paths, outlet, published, columns, skipped), report,
                    forced=outlet is not None, atomic=strict, summaries=summaries, progress=progress)
    for source, n in summaries.items():
        report.warnings.append(
            f"{source}: {n} feed item(s) carry only a short summary, no full text: stored as summaries, not analysed"
        )
    if skipped:
        kinds = ", ".join(f"{ext} ({n})" for ext, n in sorted(skipped.items()))
        report.warnings.append(
            f"skipped {sum(skipped.values())} file(s) of types storyline does not read: {kinds}; "
            f"accepted: {SUPPORTED_FORMATS}"
        )
    return report


def _store_articles(
    store: Store,
    items: Iterable[Article | InputError],
    report: IngestReport,
    *,
    forced: bool = False,
    atomic: bool = False,
    summaries: Counter[str] | None = None,
    progress: Progress = _no_progress,
) -> None:
    """Store the articles among ``items`` through the outlet registry; rejections go to ``report``.

    Outlets are mapped through the registry, which learns the domains and feed titles seen.
    ``forced``: the outlet was set by the user (--outlet), so the registry does not rename it.
    """
    from storyline.ingest.outlets import GUESSED, SEEN, OutletEntry, apply_registry, registry_seeds

    registry = {row["key"]: OutletEntry(**row) for row in store.outlets()}
    learnt: dict[str, OutletEntry] = {}

    def good() -> Iterator[Article]:
        for item in items:
            if isinstance(item, InputError):
                log.info("rejected %s", item.message)
                report.rejected.append(item.message)
                continue
            item = apply_registry(item, registry, forced=forced)
            for entry in registry_seeds(item):
                known = registry.get(entry.key)
                if known is None or (known.origin == GUESSED and entry.origin == SEEN):
                    # Later articles of this run see it too: a domain named once is named everywhere.
                    registry[entry.key] = learnt[entry.key] = entry
            if item.meta.get("summary_only") and summaries is not None:
                summaries[item.source_path or item.id] += 1
            if not item.is_english:
                report.warnings.append(
                    f"{item.source_path or item.id}: language {item.language!r} is not English; stored, not analysed"
                )
            progress("ingest", 1, None)
            yield item

    # In strict mode the store writes all or nothing, so a record the store itself refuses
    # (after the validation pass above) still leaves nothing written.
    stored = store.add_articles(good(), batch_size=BATCH, atomic=atomic)
    report.merge(stored)
    if learnt and (stored.added or stored.revised or stored.unchanged):
        store.learn_outlets([e.as_dict() for e in learnt.values()])


def outlets(store: Store) -> list[dict[str, Any]]:
    """The outlet registry with the number of stored articles per outlet name: [{key, kind, name, origin, articles}]."""
    counts = {row["outlet"]: row["articles"] for row in store.stats()["outlets"]}
    return [{**row, "articles": counts.get(row["name"], 0)} for row in store.outlets()]


def set_outlet(store: Store, key: str, name: str) -> dict[str, str]:
    """Map a domain or feed title to an outlet name; later ingests use it. Returns the entry.

    A key that reads as a domain or url is stored as its domain (without ``www.``); anything
    else is a feed title.

    Raises:
        StorylineError: the key or the name is empty.
    """
    from storyline.ingest.outlets import domain_of, registry_key

    if not key.strip() or not name.strip():
        raise StorylineError(f"outlets set: give a domain or feed title and a name (not {key!r}, {name!r})")
    kind = "domain" if domain_of(key) and " " not in key.strip() else "feed"
    entry = {"key": registry_key(key), "kind": kind, "name": " ".join(name.split())}
    store.set_outlet(entry["key"], entry["kind"], entry["name"])
    return {**entry, "origin": "user"}


# --- follow -------------------------------------------------------------------------

_EVERY = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)", re.IGNORECASE)
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_EVERY = 60.0
EVERY_ACCEPTED = "a duration of at least 1 minute: 15m, 1h, 1h30m, 90s or seconds (900)"


def parse_every(value: str) -> float:
    """``--every 15m`` as seconds (900.0).

    Raises:
        StorylineError: the value is not a duration, or is shorter than a minute (too impolite).
    """
    text = value.strip().replace(" ", "")
    parts = _EVERY.findall(text)
    if not text or "".join(n + u for n, u in parts).lower() != text.lower():
        raise StorylineError(f"--every: {value!r} is not a duration; accepted: {EVERY_ACCEPTED}")
    seconds = sum(float(n) * _UNIT[u.lower()] for n, u in parts)
    if seconds < MIN_EVERY:
        raise StorylineError(f"--every: {value!r} is shorter than a minute; accepted: {EVERY_ACCEPTED}")
    return seconds


SINCE_ACCEPTED = "a duration back from now (24h, 2d, 90m, 1h30m), an ISO date or time (2026-12-07, 2026-12-07T09:30), or nothing for the last poll"


def parse_since(value: str | None, store: Store, *, now: datetime | None = None) -> str:
    """``--since`` / ``?since=`` as an ISO time (UTC): a duration back from ``now``, a date or time,
    or, when None or empty, the start of the last ``follow`` poll.

    Raises:
        StorylineError: the value is none of those, or no poll is recorded and no value was given.
    """
    now = now or datetime.now(timezone.utc)
    text = (value or "").strip()
    if not text:
        polls = store.polls(limit=1)
        if not polls:
            raise StorylineError(f"no poll recorded yet (storyline follow records them): give since as {SINCE_ACCEPTED}")
        return str(polls[0]["started_at"])
    compact = text.replace(" ", "")
    parts = _EVERY.findall(compact)
    if parts and all(u for _, u in parts) and "".join(n + u for n, u in parts).lower() == compact.lower():
        return (now - timedelta(seconds=sum(float(n) * _UNIT[u.lower()] for n, u in parts))).isoformat()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise StorylineError(f"since: {value!r} is not understood; accepted: {SINCE_ACCEPTED}") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat()


def changes(store: Store, story: str, since: str | None = None, *, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """What ``story`` gained since ``since`` (see :func:`parse_since`; default: the last poll):
    new events, articles per outlet, figures that moved, new conflicts, speakers, quotes and
    timeline entries (:func:`storyline.compare.changes.story_changes`).

    Args:
        story: a story id, its 1-based number, or a part of its title matching one story.
        data: the bundle, when the caller holds it already (the web app's cached view).

    Raises:
        StorylineError: ``since`` is not understood, or ``story`` matches no story or several.
    """
    from storyline.compare.changes import story_changes

    moment = parse_since(since, store)
    data = data if data is not None else bundle(store)
    chosen = _find_story([{"id": s["id"], "title": s["title"]} for s in data["stories"]], story)
    fresh = store.stored_since(moment)
    return {"since": moment, **story_changes(data, chosen["id"], fresh)}


def read_sources(arguments: Sequence[str]) -> list[str]:
    """The source urls named by urls, OPML files and url-list files, in order, each once.

    Raises:
        InputError: an argument is no url and no readable file, or a file is not OPML nor a url list.
    """
    from storyline.fetch.feeds import read_sources as read

    return read(arguments)


def follow(
    store: Store,
    sources: Sequence[str],
    *,
    once: bool = False,
    every: float = 900.0,
    options: FetchOptions | None = None,
    client: PoliteClient | None = None,
    analyze: bool = True,
    cycles: int | None = None,
    progress: Progress = _no_progress,
    on_cycle: Callable[[FollowReport], None] | None = None,
) -> FollowReport:
    """Poll feeds, sitemaps and pages; store the new articles and analyze them; repeat every ``every`` seconds.

    Each cycle fetches politely (see :mod:`storyline.fetch`) and only what is new: sources are
    asked with conditional GETs and a page fetched once is never fetched again. Fetch state
    lives in the store, so a restarted run goes on where the last one stopped. A failing url
    is reported and retried in a later cycle; nothing stops the loop but Ctrl+C (or ``once``).

    Args:
        sources: urls, OPML files or text files of urls.
        once: run one cycle and return.
        every: seconds between the starts of two cycles.
        options: how politely to fetch (ignored when ``client`` is given).
        client: the HTTP client (tests give one with a local transport and a fake clock).
        analyze: run the incremental analysis after a cycle that stored something.
        cycles: stop after this many cycles (None: as ``once`` says).
        on_cycle: called with each cycle's report, for a running display.

    Returns:
        The counts and failures over all cycles run.

    Raises:
        InputError: a source argument is not a url, OPML file or url list.
    """
    from storyline.fetch.client import PoliteClient
    from storyline.fetch.follow import FollowReport

    urls = read_sources(sources)
    own = client is None
    client = client or PoliteClient(options, robots_cache=store)
    total = FollowReport()
    limit = 1 if once else cycles
    try:
        while limit is None or total.cycles < limit:
            started = client.clock()
            # Wall-clock times, comparable with when the store saved each article.
            began = datetime.now(timezone.utc)
            try:
                report = _cycle(store, client, urls, then_analyze=analyze, progress=progress)
            except StoreError:
                raise
            except Exception as exc:  # one bad cycle must not stop a follow that runs for days
                log.exception("follow: the cycle failed: %s", exc)
                report = FollowReport(cycles=1, warnings=[f"the cycle failed: {type(exc).__name__}: {exc}"])
            store.record_poll(began.isoformat(), datetime.now(timezone.utc).isoformat(), sources=len(urls),
                              added=report.added, revised=report.revised, failed=len(report.failures))
            total.merge(report)
            if on_cycle is not None:
                on_cycle(report)
            if limit is not None and total.cycles >= limit:
                break
            client.sleep(max(0.0, every - (client.clock() - started)))
    finally:
        if own:
            client.close()
    return total


def ingest_urls(
    store: Store, urls: Sequence[str], *, options: FetchOptions | None = None, client: PoliteClient | None = None
) -> FollowReport:
    """Fetch these urls with the polite client and store what they hold, without analysing it.

    A page is stored as its article; a feed or sitemap stores the articles it lists (fetching the
    pages it only summarises). This is one ``follow`` cycle, so the fetch state is remembered too.
    """
    return follow(store, urls, once=True, options=options, client=client, analyze=False)


def _cycle(
    store: Store, client: PoliteClient, urls: Sequence[str], *, then_analyze: bool, progress: Progress
) -> FollowReport:
    from storyline.fetch.follow import poll

    harvest = poll(store, client, urls, now=client.now(), progress=progress)
    report = harvest.report
    stored = IngestReport()
    # Articles first, then the state that says they were fetched: a crash between costs a refetch only.
    _store_articles(store, harvest.articles, stored, progress=progress)
    store.put_fetch_states(harvest.states)
    report.added, report.revised, report.unchanged = stored.added, stored.revised, stored.unchanged
    report.skipped += stored.rejected
    report.warnings += stored.warnings
    if then_analyze and (stored.added or stored.revised):
        report.analyzed = analyze(store, progress=progress)
    return report


# --- analyze ------------------------------------------------------------------------


def analyze(
    store: Store,
    *,
    stages: Sequence[str] | None = None,
    force: bool = False,
    retry_failed: bool = False,
    config: dict[str, Any] | None = None,
    progress: Progress = _no_progress,
    workers: int | None = 1,
    engine: str = "local",
    address: str | None = None,
) -> AnalyzeReport:
    """Run the analysis stages, recomputing only what is new or outdated.

    ``workers`` > 1 computes the article stages in that many processes (the CLI defaults to the
    number of cores); the results are the same for any number of workers.

    ``engine="ray"`` computes them on a Ray Data actor pool instead (``workers`` actors, None: one
    per CPU of the cluster), started on this machine or joined at ``address``; corpus stages run
    here and results are written here (:mod:`storyline.pipeline.ray_engine`). A cluster needs a
    PostgreSQL store. Raises :class:`PipelineError` for what cannot run (see :func:`check_engine`).

    An article that makes a stage raise is recorded as that stage's failure and the run goes on
    (see :mod:`storyline.pipeline.runner`); ``retry_failed`` runs such articles again.

    Returns:
        What was computed, reused, set aside and failed, per stage.
    """
    from storyline.pipeline.runner import run

    return run(store, stages=stages, force=force, retry_failed=retry_failed, config=config, progress=progress,
               workers=workers, engine=engine, address=address)


def check_engine(db: str, engine: str, address: str | None) -> None:
    """Refuse, before any work, an engine that cannot run on the store at ``db``: an unknown
    engine, ``address`` without Ray, Ray not installed, or a Ray cluster over SQLite.

    Raises:
        PipelineError: saying what to give instead.
    """
    from storyline.pipeline.runner import ENGINES

    if engine not in ENGINES:
        raise PipelineError(f"unknown engine {engine!r}; use one of: {', '.join(ENGINES)}")
    if engine != "ray":
        if address is not None:
            raise PipelineError("--address names a Ray cluster: give it with --engine ray")
        return
    from storyline.pipeline.ray_engine import check_target

    check_target(normalize_url(db), address)


def failures(store: Store) -> list[StageFailure]:
    """Every recorded stage failure of the stages in the pipeline, by stage then article."""
    from storyline.pipeline import resolve

    order = {st.name: i for i, st in enumerate(resolve())}
    return sorted(
        (f for f in store.failures() if f.stage in order), key=lambda f: (order[f.stage], f.article or "")
    )


def failure_table(items: Sequence[StageFailure]) -> list[dict[str, Any]]:
    """Failures grouped by stage: ``[{stage, count, example: {article, error, message}}]`` in pipeline order."""
    rows: dict[str, dict[str, Any]] = {}
    for f in items:
        row = rows.setdefault(
            f.stage, {"stage": f.stage, "count": 0, "example": {"article": f.article, "error": f.error, "message": f.message}}
        )
        row["count"] += 1
    return list(rows.values())


# --- export -------------------------------------------------------------------------


def bundle(store: Store) -> dict[str, Any]:
    """The storyline/1 bundle of everything stored, validated against its JSON Schema."""
    from storyline.bundle import build_bundle, validate_bundle

    data = build_bundle(store)
    validate_bundle(data)
    return data


def export(store: Store, *, json_path: str | Path | None = None) -> dict[str, Any]:
    """Write the bundle as JSON (when ``json_path`` is given). Returns the bundle.

    The file is written to a temporary name and renamed, so a failed export never leaves a
    half-written file. The HTML report is rendered by :mod:`storyline.web.report`.
    """
    data = bundle(store)
    if json_path:
        atomic_write(Path(json_path), json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return data


def stats(store: Store) -> dict[str, Any]:
    """Counts of what is stored, and every recorded stage failure (``failures``)."""
    data = store.stats()
    data["failures"] = [f.as_dict() for f in failures(store)]
    return data


def summary(data: dict[str, Any]) -> dict[str, int]:
    """Item counts per bundle section, for a readable overview."""
    return {k: len(v) for k, v in data.items() if isinstance(v, list)}


def overview(data: dict[str, Any], *, top: int = 8) -> dict[str, Any]:
    """A short, readable digest of a bundle: outlets, stories with their events, top speakers."""
    from collections import Counter

    outlets = Counter(a["outlet"] or "(unknown)" for a in data["articles"])
    events = {e["id"]: e for e in data["events"]}
    stories = []
    for story in data["stories"]:
        evs = sorted((events[i] for i in story["events"] if i in events), key=lambda e: e["date"] or "")
        stories.append(
            {"title": story["title"], "events": [{"date": e["date"], "title": e["title"], "articles": len(e["articles"])} for e in evs]}
        )
    speakers = Counter(q["speaker"] for q in data["quotes"] if q["speaker"])
    kinds = Counter(d["kind"] for d in data["duplicates"])
    return {
        "articles": len(data["articles"]),
        "outlets": outlets.most_common(),
        "counts": summary(data),
        "stories": stories,
        "speakers": speakers.most_common(top),
        "duplicates": {"copy": kinds.get("copy", 0), "rewrite": kinds.get("rewrite", 0)} if kinds else {},
        "conflicts": [c["note"] for c in data["conflicts"]][:top],
    }


def timeline(store: Store, story: str | None = None) -> list[dict[str, Any]]:
    """The stored timelines, one per story: ``[{id, title, entries}]`` with entries in date order.

    Args:
        story: a story id, its 1-based number in the stories' order, or a part of its title
            (case-insensitive, matching one story); None for every story. When the corpus has
            no stories, the single timeline over all articles has id None and title "all articles".

    Raises:
        StorylineError: the timeline stage has not run, or ``story`` matches no story or several.
    """
    result = store.corpus_result("timeline")
    if result is None:
        raise StorylineError("no timeline stored yet: run `storyline analyze` first")
    stored = store.corpus_result("stories")
    stories = [{"id": s["id"], "title": s["title"]} for s in (stored.data.get("stories", []) if stored else [])]
    entries = result.data.get("timeline", [])
    if not stories:
        stories = [{"id": None, "title": "all articles"}]
    chosen = stories if story is None else [_find_story(stories, story)]
    return [
        {**s, "entries": sorted((e for e in entries if e.get("story") == s["id"]), key=lambda e: e["date"])}
        for s in chosen
    ]


def _find_story(stories: list[dict[str, Any]], key: str) -> dict[str, Any]:
    for s in stories:
        if s["id"] == key:
            return s
    if key.isdigit() and 1 <= int(key) <= len(stories):
        return stories[int(key) - 1]
    hits = [s for s in stories if key.lower() in s["title"].lower()]
    if len(hits) == 1:
        return hits[0]
    listing = "; ".join(f"{i}. {s['title']} ({s['id']})" for i, s in enumerate(stories, 1))
    problem = "matches several stories" if hits else "matches no story"
    raise StorylineError(f"{key!r} {problem}; give an id, a number or part of one title: {listing}")
