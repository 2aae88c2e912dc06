"""Run the registered stages over a store, recomputing only what is new or outdated.

An article stage's result is reused when its input hash (the article text, the stage version and
the input hashes of the stages it requires) is unchanged; a corpus stage's when the hash over all
of its inputs is unchanged.

No article can stop a run. When an article stage raises on a batch, the batch is split in halves
until the articles that fail are alone; each failure is recorded in the store (stage, version,
exception type, message, a short traceback) and every other article keeps its result. A failed
article has *no* result for that stage, so the stages that require it skip the article rather
than read an empty result; and a failure is not retried on the next run while its input is the
same (it would fail again), unless ``retry_failed`` asks for it. A new stage version or a changed
text retries it anyway. A corpus stage that raises keeps its previous stored result, if any.

Every core. With ``workers`` > 1 an article stage's batches are computed in a pool of worker
processes (each loads the spaCy model once, on its first batch) while this process alone reads
the inputs and writes the results: the store keeps one writer. A batch is computed the same way
in a worker as in this process (:func:`compute_isolated`), so the results do not depend on the
number of workers. Small stages (fewer than :data:`MIN_PARALLEL` articles to compute) run in this
process, where starting workers would cost more than it saves.

With ``engine="ray"`` the same batches are computed by a Ray Data actor pool, on this machine or
a cluster (:mod:`storyline.pipeline.ray_engine`); failures, retries and writes stay here.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import math
import multiprocessing
import traceback
from collections import deque
from collections.abc import Collection, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from storyline.errors import PipelineError
from storyline.models import AnalyzeReport, Article, Progress, StageFailure, StageResult, no_progress
from storyline.pipeline.registry import ArticleDoc, CorpusContext, RequiredResults, Stage, check_assigns, resolve
from storyline.store import Store

log = logging.getLogger(__name__)

BATCH = 200
# Below this many articles to compute, a stage runs in this process (a worker's start and model
# load cost seconds).
MIN_PARALLEL = 48
ENGINES = ("local", "ray")
# Frames kept of a failure's traceback: enough to find the line, short enough to store per article.
TRACEBACK_FRAMES = 6


@dataclass
class RunState:
    """Everything one analyze run carries from stage to stage."""

    store: Store
    articles: list[Article]
    force: bool
    retry_failed: bool
    config: dict[str, Any]
    progress: Progress
    workers: int = 1
    engine: str = "local"
    address: str | None = None
    report: AnalyzeReport = field(default_factory=AnalyzeReport)
    # Input hashes of every stage's current results: article stages by article id (an article
    # with no result, because it failed or was blocked, is absent), corpus stages as one.
    article_hashes: dict[str, dict[str, str]] = field(default_factory=dict)
    corpus_hashes: dict[str, str] = field(default_factory=dict)
    analysable: list[str] = field(default_factory=list)
    pool: "ProcessPoolExecutor | None" = None
    # The Ray engine's connection (storyline.pipeline.ray_engine.Cluster), made on first use.
    cluster: Any = None

    def __post_init__(self) -> None:
        self.by_id = {a.id: a for a in self.articles}
        self.analysable = [a.id for a in self.articles]

    def required_hash(self, st: Stage, aid: str) -> str | None:
        """The input hashes of the stages ``st`` requires, for one article; None when one of its
        required article stages has no result for it."""
        parts = []
        for req in st.requires:
            if req in self.article_hashes:
                h = self.article_hashes[req].get(aid)
                if h is None:
                    return None
                parts.append(h)
            else:
                parts.append(self.corpus_hashes.get(req, ""))
        return "|".join(parts)

    def load_docs(self, st: Stage, ids: Sequence[str]) -> list[ArticleDoc]:
        """Documents for ``ids`` with the results of the article stages ``st`` requires."""
        return read_docs(self.store, st, [self.by_id[aid] for aid in ids], self.article_hashes.keys())

    def worker_pool(self) -> ProcessPoolExecutor:
        """The run's worker processes, started on first use (``spawn``: a worker never inherits
        this process's threads or open database connections)."""
        if self.pool is None:
            ctx = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx, initializer=_worker_init)
        return self.pool

    def close(self) -> None:
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


def read_docs(store: Store, st: Stage, articles: Sequence[Article], article_stages: Collection[str]) -> list[ArticleDoc]:
    """Documents for ``articles`` with the stored results of the article stages (among
    ``article_stages``) that ``st`` requires."""
    readable = frozenset(st.requires)
    docs = [ArticleDoc(a, readable=readable) for a in articles]
    ids = [a.id for a in articles]
    for req in st.requires:
        if req not in article_stages:
            continue
        # Only the nlp stage stores a blob (the spaCy Doc); skip reading blobs for the rest.
        stored = store.article_results(req, ids, with_blob=(req == "nlp"))
        for doc in docs:
            if doc.article.id in stored:
                doc.results[req] = stored[doc.article.id]
    return docs


@dataclass(frozen=True)
class ArticleError:
    """An exception raised by a stage on one article, as text (a traceback cannot cross processes)."""

    error: str
    message: str
    traceback: str

    @classmethod
    def of(cls, exc: BaseException) -> "ArticleError":
        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__, limit=-TRACEBACK_FRAMES))
        return cls(type(exc).__name__, (str(exc) or repr(exc))[:2000], tb[-4000:])


# One article's outcome of a stage: its result, or the error it raised when run alone.
Outcome = tuple[str, "StageResult | ArticleError"]


def compute_isolated(st: Stage, docs: list[ArticleDoc]) -> list[Outcome]:
    """Run ``st`` on ``docs``, halving the batch around failures until each failing article is alone.

    Pure: reads and writes nothing but its arguments, so a worker process runs it as this one does.
    """
    try:
        results = st.func(docs)
        if len(results) != len(docs):
            raise PipelineError(f"stage {st.name!r} returned {len(results)} results for {len(docs)} articles")
        for result in results:
            check_assigns(st, result.data)
    except Exception as exc:  # noqa: BLE001 - any error of a stage is the article's failure, never the run's
        if len(docs) > 1:
            half = len(docs) // 2
            return compute_isolated(st, docs[:half]) + compute_isolated(st, docs[half:])
        return [(docs[0].article.id, ArticleError.of(exc))]
    return [(d.article.id, r) for d, r in zip(docs, results)]


def _worker_init() -> None:
    # Importing the pipeline registers every stage in the worker (the nlp stage asks the registry
    # which spaCy components the pipeline needs).
    import storyline.pipeline  # noqa: F401


def content_hash(*parts: str) -> str:
    """A SHA-1 over the parts, each terminated so that ("ab", "c") and ("a", "bc") differ."""
    h = hashlib.sha1()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def run(
    store: Store,
    *,
    stages: Sequence[str] | None = None,
    force: bool = False,
    retry_failed: bool = False,
    config: dict[str, Any] | None = None,
    progress: Progress = no_progress,
    workers: int | None = 1,
    engine: str = "local",
    address: str | None = None,
) -> AnalyzeReport:
    """Run ``stages`` (default: the whole pipeline) in order over every stored article.

    Args:
        force: recompute every result, even current ones.
        retry_failed: run again the articles whose failure was recorded with the same input.
        config: options passed to corpus stages (and hashed into their inputs).
        progress: called as work advances.
        workers: processes that compute article stages (1: all in this process); with the Ray
            engine, the actors in its pool (None: one per CPU of the cluster).
        engine: "local" (this machine's processes) or "ray" (a Ray Data actor pool).
        address: the Ray cluster to connect to (None: start one on this machine).

    Returns:
        What was computed, reused, set aside, failed and blocked.

    Raises:
        PipelineError: the stage list is unknown or out of order.
    """
    if engine not in ENGINES:
        raise PipelineError(f"unknown engine {engine!r}; use one of: {', '.join(ENGINES)}")
    if workers is None and engine == "local":
        workers = 1
    if workers is not None and workers < 1:
        raise PipelineError(f"workers must be at least 1, not {workers}")
    if engine == "ray":
        from storyline.pipeline.ray_engine import check_target

        check_target(store.url, address)
    plan = resolve(stages)
    state = RunState(store, list(store.iter_articles()), force, retry_failed, dict(config or {}), progress,
                     workers or 0, engine, address)
    try:
        for st in plan:
            if st.scope == "article":
                _run_article_stage(state, st)
                if st.gate is not None:
                    _apply_gate(state, st)
            else:
                _run_corpus_stage(state, st)
    finally:
        state.close()
    return state.report


def _apply_gate(state: RunState, st: Stage) -> None:
    assert st.gate is not None
    results = state.store.article_results(st.name, state.analysable, with_blob=False)
    kept = [aid for aid in state.analysable if aid in results and results[aid].data.get(st.gate, True)]
    kept_set = set(kept)
    state.report.skipped_articles.extend(
        aid for aid in state.analysable if aid not in kept_set and aid in results
    )
    state.analysable = kept


def _failure(st: Stage, aid: str | None, input_hash: str, err: ArticleError) -> StageFailure:
    return StageFailure(st.name, aid, st.version, input_hash, err.error, err.message, err.traceback)


def _run_article_stage(state: RunState, st: Stage) -> None:
    version = st.version
    report = state.report
    stored = state.store.article_results(st.name, with_blob=False)
    failed = {f.article: f for f in state.store.failures(st.name) if f.article is not None}
    wanted: dict[str, str] = {}
    blocked: list[str] = []
    for aid in state.analysable:
        required = state.required_hash(st, aid)
        if required is None:
            blocked.append(aid)
            continue
        wanted[aid] = content_hash(version, state.by_id[aid].hash, required)
    todo = []
    still_failed = 0
    for aid, h in wanted.items():
        if not state.force and aid in stored and stored[aid].input_hash == h:
            continue
        old = failed.get(aid)
        if old is not None and old.input_hash == h and old.version == version and not state.retry_failed:
            still_failed += 1
            continue
        todo.append(aid)
    current = {aid: h for aid, h in wanted.items() if aid in stored and stored[aid].input_hash == h}
    report.reused[st.name] = len(current) if not state.force else 0
    report.computed[st.name] = 0
    if blocked:
        report.blocked[st.name] = len(blocked)
        # A stage they require failed for these articles: what this stage stored for them came
        # from an input that no longer holds, and must not stand in the record.
        state.store.drop_article_results(st.name, [aid for aid in blocked if aid in stored])
    if state.force:
        current = {}
    for chunk, outcomes in _computed_batches(state, st, todo):
        ok = _write_outcomes(state, st, outcomes, wanted)
        current.update({aid: wanted[aid] for aid in ok})
        report.computed[st.name] += len(ok)
        state.progress(st.name, len(chunk), len(todo))
    state.article_hashes[st.name] = current
    if still_failed:
        log.info("stage %r: %d article(s) keep an earlier failure (same input)", st.name, still_failed)


def _computed_batches(state: RunState, st: Stage, todo: list[str]) -> Iterator[tuple[list[str], list[Outcome]]]:
    """Each batch of ``todo`` with its outcomes, in order: computed here, or by the worker pool
    with at most two batches per worker in flight (so memory stays bounded by the batch size)."""
    if state.engine == "ray" and len(todo) >= MIN_PARALLEL:
        from storyline.pipeline.ray_engine import computed_batches

        yield from computed_batches(state, st, todo)
        return
    if state.workers <= 1 or len(todo) < MIN_PARALLEL:
        for i in range(0, len(todo), BATCH):
            chunk = todo[i : i + BATCH]
            yield chunk, compute_isolated(st, state.load_docs(st, chunk))
        return
    # Batches small enough that every worker gets several, large enough to amortise the transfer.
    size = max(8, min(BATCH, math.ceil(len(todo) / (state.workers * 4))))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    pending: deque[tuple[list[str], Future[list[Outcome]]]] = deque()
    pool = state.worker_pool()
    # The stage travels by value (its function by reference), with its version resolved here.
    shipped = dataclasses.replace(st, version_spec=st.version)
    nxt = 0
    while nxt < len(chunks) or pending:
        while nxt < len(chunks) and len(pending) < 2 * state.workers:
            pending.append((chunks[nxt], pool.submit(compute_isolated, shipped, state.load_docs(st, chunks[nxt]))))
            nxt += 1
        chunk, fut = pending.popleft()
        try:
            outcomes = fut.result()
        except BrokenProcessPool as exc:
            # A worker died (killed for memory, a crash in native code): the pool is lost. This
            # batch and the rest run here, where a crash would at least name its article.
            log.warning("stage %r: a worker process died (%s); the rest of the stage runs in the main process", st.name, exc)
            state.close()
            state.workers = 1
            yield chunk, compute_isolated(st, state.load_docs(st, chunk))
            for chunk, _ in pending:
                yield chunk, compute_isolated(st, state.load_docs(st, chunk))
            for chunk in chunks[nxt:]:
                yield chunk, compute_isolated(st, state.load_docs(st, chunk))
            return
        yield chunk, outcomes


def _write_outcomes(state: RunState, st: Stage, outcomes: list[Outcome], wanted: dict[str, str]) -> list[str]:
    """Store a batch's results and failures. Returns the ids that succeeded."""
    ok = [(aid, out) for aid, out in outcomes if isinstance(out, StageResult)]
    for aid, out in outcomes:
        if isinstance(out, ArticleError):
            failure = _failure(st, aid, wanted[aid], out)
            log.warning("stage %r failed on article %r: %s: %s", st.name, aid, failure.error, failure.message)
            state.store.put_failures([failure])
            state.report.failed.append(failure)
    state.store.put_article_results(st.name, st.version, [(aid, wanted[aid], r) for aid, r in ok])
    state.store.clear_failures(st.name, [aid for aid, _ in ok])
    return [aid for aid, _ in ok]


def _run_corpus_stage(state: RunState, st: Stage) -> None:
    version = st.version
    report = state.report
    members = []
    per_article = []
    for aid in state.analysable:
        required = state.required_hash(st, aid)
        if required is None:
            continue
        members.append(aid)
        per_article.append(f"{aid}:{required}:{state.by_id[aid].hash}")
    if len(members) < len(state.analysable):
        report.blocked[st.name] = len(state.analysable) - len(members)
    input_hash = content_hash(version, json.dumps(state.config, sort_keys=True, default=str), *per_article)
    previous = state.store.corpus_result(st.name)
    report.computed[st.name] = 0
    report.reused[st.name] = 0
    if not state.force and previous is not None and previous.input_hash == input_hash and previous.version == version:
        state.corpus_hashes[st.name] = input_hash
        report.reused[st.name] = 1
        return
    old = next(iter(state.store.failures(st.name)), None)
    if old is not None and old.input_hash == input_hash and old.version == version and not state.retry_failed and not state.force:
        # The same input failed before: keep the previous result, as the failed run did.
        state.corpus_hashes[st.name] = previous.input_hash if previous is not None else ""
        return
    corpus_requires = {r: state.store.corpus_result(r) for r in st.requires if r not in state.article_hashes}

    def docs() -> Iterator[ArticleDoc]:
        for i in range(0, len(members), BATCH):
            yield from state.load_docs(st, members[i : i + BATCH])

    ctx = CorpusContext(
        docs=docs,
        corpus_results=RequiredResults({k: v for k, v in corpus_requires.items() if v is not None}, st.requires),
        previous=previous if previous is not None and previous.version == version else None,
        config=dict(state.config),
    )
    try:
        result: StageResult = st.func(ctx)
        check_assigns(st, result.data)
    except Exception as exc:  # noqa: BLE001 - a corpus stage's error keeps its previous result
        failure = _failure(st, None, input_hash, ArticleError.of(exc))
        log.warning("corpus stage %r failed: %s: %s", st.name, failure.error, failure.message)
        state.store.put_failures([failure])
        report.failed.append(failure)
        state.corpus_hashes[st.name] = previous.input_hash if previous is not None else ""
        return
    state.store.put_corpus_result(st.name, version, input_hash, result)
    state.store.clear_failures(st.name, [None])
    state.corpus_hashes[st.name] = input_hash
    report.computed[st.name] = 1
