"""The library API: ingest, analyze, export and stats. The CLI and the web app call only this."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from storyline.errors import InputError, StorylineError
from storyline.models import Article, IngestReport, StageResult, StoredResult
from storyline.store import Store

log = logging.getLogger(__name__)

# progress(task, advance, total): called by long operations; total is None when unknown.
Progress = Callable[[str, int, int | None], None]


def _no_progress(task: str, advance: int, total: int | None) -> None:
    return None


BATCH = 200


# --- ingest -------------------------------------------------------------------------


def _iter_inputs(
    paths: Sequence[str | Path], outlet: str | None, published: date | None
) -> Iterator[Article | InputError]:
    from storyline.ingest import iter_path

    for path in paths:
        yield from iter_path(Path(path), outlet=outlet, published=published)


def ingest(
    store: Store,
    paths: Sequence[str | Path],
    *,
    outlet: str | None = None,
    published: date | None = None,
    strict: bool = False,
    progress: Progress = _no_progress,
) -> IngestReport:
    """Read articles from files or directories and store them.

    Good records are stored even when others are rejected, unless ``strict``: then the input
    is read once to validate it and nothing is written if any record is rejected.

    Returns:
        The report: added, unchanged, revised and rejected counts (rejected hold messages).
    """
    report = IngestReport()
    if strict:
        for item in _iter_inputs(paths, outlet, published):
            if isinstance(item, InputError):
                report.rejected.append(item.message)
        if report.rejected:
            report.warnings.append("--strict: nothing was stored because some input was rejected")
            return report

    def good() -> Iterator[Article]:
        for item in _iter_inputs(paths, outlet, published):
            if isinstance(item, InputError):
                log.info("rejected %s", item.message)
                report.rejected.append(item.message)
                continue
            if not item.is_english:
                report.warnings.append(
                    f"{item.source_path or item.id}: language {item.language!r} is not English; stored, not analysed"
                )
            progress("ingest", 1, None)
            yield item

    # In strict mode the store writes all or nothing, so a record the store itself refuses
    # (after the validation pass above) still leaves nothing written.
    stored = store.add_articles(good(), batch_size=BATCH, atomic=strict)
    report.merge(stored)
    return report


# --- analyze ------------------------------------------------------------------------


@dataclass
class AnalyzeReport:
    """What one analyze run computed, per stage."""

    computed: dict[str, int] = field(default_factory=dict)
    reused: dict[str, int] = field(default_factory=dict)
    skipped_articles: list[str] = field(default_factory=list)


def _hash(*parts: str) -> str:
    h = hashlib.sha1()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def analyze(
    store: Store,
    *,
    stages: Sequence[str] | None = None,
    force: bool = False,
    config: dict[str, Any] | None = None,
    progress: Progress = _no_progress,
) -> AnalyzeReport:
    """Run the analysis stages, recomputing only what is new or outdated.

    An article stage's result is reused when its input hash (the article text, the stage version
    and the input hashes of the stages it requires) is unchanged; a corpus stage's when the hash
    over all of its inputs is unchanged. ``force`` recomputes everything.
    """
    from storyline.pipeline import resolve

    plan = resolve(stages)
    report = AnalyzeReport()
    articles = list(store.iter_articles())
    by_id = {a.id: a for a in articles}
    # Hashes of every stage's current results: article stages by article id, corpus stages as one.
    article_hashes: dict[str, dict[str, str]] = {}
    corpus_hashes: dict[str, str] = {}
    analysable = [a.id for a in articles]

    for st in plan:
        if st.scope == "article":
            _run_article_stage(st, store, by_id, analysable, article_hashes, corpus_hashes, force, report, progress)
            if st.name == "clean":
                results = store.article_results("clean", with_blob=False)
                analysable = [aid for aid in analysable if results[aid].data.get("analysable", True)]
                report.skipped_articles = [a.id for a in articles if a.id not in set(analysable)]
        else:
            _run_corpus_stage(st, store, by_id, analysable, article_hashes, corpus_hashes, force, config, report)
    return report


def _required_hash(st: Any, aid: str, article_hashes: dict[str, dict[str, str]], corpus_hashes: dict[str, str]) -> str:
    parts = []
    for req in st.requires:
        if req in article_hashes:
            parts.append(article_hashes[req].get(aid, ""))
        else:
            parts.append(corpus_hashes.get(req, ""))
    return "|".join(parts)


def _load_docs(store: Store, ids: Sequence[str], by_id: dict[str, Article], requires: Iterable[str]) -> list[Any]:
    from storyline.pipeline import ArticleDoc

    docs = [ArticleDoc(by_id[aid]) for aid in ids]
    for req in requires:
        # Only the nlp stage stores a blob (the spaCy Doc); skip reading blobs for the rest.
        stored = store.article_results(req, ids, with_blob=(req == "nlp"))
        for doc in docs:
            if doc.article.id in stored:
                doc.results[req] = stored[doc.article.id]
    return docs


def _run_article_stage(st, store, by_id, analysable, article_hashes, corpus_hashes, force, report, progress) -> None:  # type: ignore[no-untyped-def]
    version = st.version
    stored = store.article_results(st.name, with_blob=False)
    wanted: dict[str, str] = {}
    for aid in analysable:
        wanted[aid] = _hash(version, by_id[aid].hash, _required_hash(st, aid, article_hashes, corpus_hashes))
    todo = [aid for aid, h in wanted.items() if force or aid not in stored or stored[aid].input_hash != h]
    report.reused[st.name] = len(wanted) - len(todo)
    report.computed[st.name] = len(todo)
    article_hashes[st.name] = wanted
    article_requires = [r for r in st.requires if r in article_hashes]
    for i in range(0, len(todo), BATCH):
        chunk = todo[i : i + BATCH]
        docs = _load_docs(store, chunk, by_id, article_requires)
        results = st.func(docs)
        if len(results) != len(docs):
            raise StorylineError(f"stage {st.name!r} returned {len(results)} results for {len(docs)} articles")
        store.put_article_results(st.name, version, [(d.article.id, wanted[d.article.id], r) for d, r in zip(docs, results)])
        progress(st.name, len(chunk), len(todo))


def _run_corpus_stage(st, store, by_id, analysable, article_hashes, corpus_hashes, force, config, report) -> None:  # type: ignore[no-untyped-def]
    from storyline.pipeline import CorpusContext

    version = st.version
    per_article = [
        f"{aid}:{_required_hash(st, aid, article_hashes, corpus_hashes)}:{by_id[aid].hash}" for aid in analysable
    ]
    input_hash = _hash(version, json.dumps(config or {}, sort_keys=True, default=str), *per_article)
    corpus_hashes[st.name] = input_hash
    previous = store.corpus_result(st.name)
    if not force and previous is not None and previous.input_hash == input_hash and previous.version == version:
        report.reused[st.name] = 1
        report.computed[st.name] = 0
        return
    article_requires = [r for r in st.requires if r in article_hashes]
    corpus_requires = {r: store.corpus_result(r) for r in st.requires if r not in article_hashes}

    def docs() -> Iterator[Any]:
        for i in range(0, len(analysable), BATCH):
            yield from _load_docs(store, analysable[i : i + BATCH], by_id, article_requires)

    ctx = CorpusContext(
        docs=docs,
        corpus_results={k: v for k, v in corpus_requires.items() if v is not None},
        previous=previous if previous is not None and previous.version == version else None,
        config=dict(config or {}),
    )
    result: StageResult = st.func(ctx)
    store.put_corpus_result(st.name, version, input_hash, result)
    report.reused[st.name] = 0
    report.computed[st.name] = 1


# --- export -------------------------------------------------------------------------


def bundle(store: Store) -> dict[str, Any]:
    """The storyline/1 bundle of everything stored, validated against its JSON Schema."""
    from storyline.bundle import build_bundle, validate_bundle

    data = build_bundle(store)
    validate_bundle(data)
    return data


def export(store: Store, *, json_path: str | Path | None = None, html_path: str | Path | None = None) -> dict[str, Any]:
    """Write the bundle as JSON and/or the self-contained HTML report. Returns the bundle.

    Files are written to a temporary name and renamed, so a failed export never leaves a
    half-written file.
    """
    data = bundle(store)
    if json_path:
        _atomic_write(Path(json_path), json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    if html_path:
        from storyline.web.report import render_report

        _atomic_write(Path(html_path), render_report(data, store))
    return data


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def stats(store: Store) -> dict[str, Any]:
    """Counts of what is stored."""
    return store.stats()


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
