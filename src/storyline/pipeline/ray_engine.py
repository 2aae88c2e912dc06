"""The article stages on Ray: ``storyline analyze --engine ray [--address ...]``.

Another way to produce the runner's outcomes (:func:`storyline.pipeline.runner.compute_isolated`),
so that failures, retries and writes stay the runner's:

* the driver (this process) cuts the articles to compute into batches and makes them a Ray Data
  dataset, one row per batch, carrying the articles (their text and metadata);
* ``map_batches`` runs them over a pool of actors. Each actor opens the store for reading, loads
  the spaCy model once and keeps it, reads the results of the stages the running stage requires
  (the nlp stage's parse among them) straight from the store, and returns the batch's outcomes;
* the driver writes them, with the store's one writer, as it does for its own processes.

An actor that dies (killed for memory, a crash in native code) is restarted and its batch run
again, up to :data:`RETRIES` times; after that the rest of the stage runs in the driver, as the
local pool does. Writes are idempotent: a result is upserted by (stage, article) with its input
hash, and a batch whose outcomes were already written is not written twice.

The actors read the store, so it must be one they can reach: PostgreSQL for a cluster of several
machines, or an SQLite file for a Ray started on this machine. Ray is an extra:
``pip install 'storyline[ray]'``.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import logging
import math
import pickle
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from storyline.errors import PipelineError
from storyline.models import Article
from storyline.pipeline.registry import Stage
from storyline.store import Store, open_store

if TYPE_CHECKING:
    import numpy as np

    from storyline.pipeline.runner import Outcome, RunState

log = logging.getLogger(__name__)

# Restarts of a dead actor, and re-runs of the batch it held, before the stage gives up on Ray.
RETRIES = 3
# The addresses that mean "start Ray on this machine" (anything else may be a cluster).
LOCAL = (None, "", "local")


def check_target(url: str, address: str | None) -> None:
    """Refuse what the Ray engine cannot run: Ray not installed, a store the actors cannot open,
    or a cluster (``address``) with an SQLite store, which the other machines cannot reach.

    Raises:
        PipelineError: saying what to do instead.
    """
    if not url.startswith(("sqlite", "postgresql")):
        raise PipelineError("the Ray engine needs a store opened by URL (an SQLite file or PostgreSQL)")
    if url.startswith("sqlite"):
        if address not in LOCAL:
            raise PipelineError(
                f"a Ray cluster (--address {address!r}) needs a store every machine can reach: "
                "give --db postgresql://…, or leave out --address to run Ray on this machine with SQLite"
            )
        if url.rstrip("/") in ("sqlite:", "sqlite://") or ":memory:" in url:
            raise PipelineError("the Ray engine's workers read the store: give an SQLite file or PostgreSQL, not an in-memory database")
    if importlib.util.find_spec("ray") is None:
        raise PipelineError("the Ray engine needs Ray: pip install 'storyline[ray]'")


class Cluster:
    """This run's connection to Ray: started (or joined) on first use, shut down by :meth:`close`
    when this run started it."""

    def __init__(self, address: str | None) -> None:
        import ray

        self.started = not ray.is_initialized()
        if self.started:
            ray.init(address=None if address in LOCAL else address, logging_level=logging.WARNING,
                     log_to_driver=False, include_dashboard=False)
        self.cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))  # type: ignore[no-untyped-call]
        # Ray Data logs each dataset's start and end at INFO: one pair per stage, noise here.
        logging.getLogger("ray.data").setLevel(logging.WARNING)

    def close(self) -> None:
        if self.started:
            import ray

            ray.shutdown()


class StageActor:
    """One actor of a stage's pool: holds the store (read only) and, after its first batch, the
    loaded spaCy model (:func:`storyline.parsing.load_model` caches it per process)."""

    def __init__(self, url: str, stage: Stage, article_stages: list[str]) -> None:
        import storyline.pipeline  # noqa: F401 - registers every stage (the nlp stage asks the registry)

        self.store: Store = open_store(url)
        self.stage = stage
        self.article_stages = frozenset(article_stages)

    def __call__(self, batch: dict[str, "np.ndarray[Any, Any]"]) -> dict[str, Any]:
        import numpy as np

        from storyline.pipeline.runner import compute_isolated, read_docs

        outcomes = []
        for payload in batch["articles"]:
            articles: list[Article] = pickle.loads(payload)
            docs = read_docs(self.store, self.stage, articles, self.article_stages)
            outcomes.append(pickle.dumps(compute_isolated(self.stage, docs)))
        return {"index": batch["index"], "outcomes": np.array(outcomes, dtype=object)}


def computed_batches(state: "RunState", st: Stage, todo: list[str]) -> Iterator[tuple[list[str], list["Outcome"]]]:
    """Each batch of ``todo`` with its outcomes, computed by a Ray Data actor pool, in order."""
    import ray.data

    if state.cluster is None:
        state.cluster = Cluster(state.address)
    actors = state.workers or state.cluster.cpus
    # As in the local pool: several batches per actor, each large enough to amortise the transfer.
    size = max(8, min(200, math.ceil(len(todo) / (actors * 4))))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    rows = [{"index": i, "articles": pickle.dumps([state.by_id[aid] for aid in chunk])} for i, chunk in enumerate(chunks)]
    ray.data.DataContext.get_current().execution_options.preserve_order = True
    ray.data.DataContext.get_current().enable_progress_bars = False
    # The stage travels by value (its function by reference), with its version resolved here.
    shipped = dataclasses.replace(st, version_spec=st.version)
    with warnings.catch_warnings():
        # Ray 2.60 deprecates passing actor options this way and offers no other for these two;
        # its default (retry forever) would never end on a batch that kills every actor.
        warnings.filterwarnings("ignore", message="`ray_remote_args` is deprecated")
        dataset = ray.data.from_items(rows).map_batches(
            StageActor,
            batch_size=1,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=actors),
            fn_constructor_args=(state.store.url, shipped, sorted(state.article_hashes)),
            num_cpus=1,
            max_restarts=RETRIES,
            max_task_retries=RETRIES,
        )
    done: set[int] = set()
    try:
        for row in dataset.iter_rows():
            index = int(row["index"])
            if index in done:  # a batch re-run after its first outcomes arrived: written once
                continue
            done.add(index)
            yield chunks[index], pickle.loads(row["outcomes"])
    except Exception as exc:  # noqa: BLE001 - whatever stopped Ray, the stage still completes
        # Retries spent (a batch that kills every actor it meets): the rest runs here, where a
        # crash would at least name its article.
        log.warning("stage %r: the Ray pool failed (%s); the rest of the stage runs in the driver", st.name, exc)
        from storyline.pipeline.runner import compute_isolated

        for index, chunk in enumerate(chunks):
            if index not in done:
                yield chunk, compute_isolated(st, state.load_docs(st, chunk))
