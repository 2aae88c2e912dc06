"""``analyze --engine ray``: the article stages on a Ray Data actor pool, the rest on the driver.

The Ray tests start a local Ray (two CPUs) and are skipped, with the reason shown, when Ray is not
installed (``pip install 'storyline[ray]'``; ``make test`` installs it). The bundle test also needs
PostgreSQL (``STORYLINE_TEST_PG``), the store a cluster shares.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline import engine
from storyline.cli import app
from storyline.errors import PipelineError
from storyline.models import Article, StageResult
from storyline.pipeline import registry, runner as runner_module
from storyline.pipeline.registry import ArticleDoc, stage
from storyline.store import open_store

from _sample_corpus import CORPUS

cli = CliRunner()


@pytest.fixture(scope="module")
def local_ray() -> Iterator[Any]:
    ray = pytest.importorskip("ray", reason="Ray is not installed: pip install 'storyline[ray]'")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING)
    try:
        yield ray
    finally:
        ray.shutdown()


@pytest.fixture
def ray_batches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every article stage sent to Ray (batches as small as the pool allows), by name."""
    from storyline.pipeline import ray_engine

    monkeypatch.setattr(runner_module, "MIN_PARALLEL", 1)
    seen: list[str] = []
    original = ray_engine.computed_batches

    def spy(state: Any, st: Any, todo: list[str]) -> Any:
        seen.append(st.name)
        return original(state, st, todo)

    monkeypatch.setattr(ray_engine, "computed_batches", spy)
    return seen


def _no_fallback(caplog: pytest.LogCaptureFixture) -> None:
    fallbacks = [r.getMessage() for r in caplog.records if "the Ray pool failed" in r.getMessage()]
    assert not fallbacks, fallbacks


@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_the_sample_corpus_bundle_on_ray_is_the_local_engines(
    store_url: str, local_ray: Any, ray_batches: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    bundles, computed = [], []
    with open_store(store_url) as store:
        engine.ingest(store, [CORPUS])
        for options in ({"engine": "local", "workers": 1}, {"engine": "ray", "workers": 2}):
            report = engine.analyze(store, force=True, **options)
            assert not report.failed, [f.as_dict() for f in report.failed]
            computed.append(report.computed)
            bundles.append(engine.export(store))
    assert computed[0] == computed[1] and computed[0]["nlp"] >= 40
    # Every article stage went through Ray; the corpus stages did not.
    article_stages = [st.name for st in registry.resolve() if st.scope == "article"]
    assert ray_batches == article_stages and "stories" not in ray_batches
    _no_fallback(caplog)
    assert bundles[0] == bundles[1]


def test_an_actor_that_dies_has_its_batch_retried(
    tmp_path: Path, local_ray: Any, ray_batches: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    marker = tmp_path / "died-once"
    saved, pipeline = dict(registry._REGISTRY), list(registry.DEFAULT_PIPELINE)
    try:
        @stage("t_dies_once", version="1", requires=("clean",), assigns=("words",), default=False)
        def dies_once(docs: list[ArticleDoc]) -> list[StageResult]:
            if not marker.exists():
                marker.touch()
                os._exit(1)  # the actor's process dies, as if killed for memory
            return [StageResult({"words": len(d.article.text.split())}) for d in docs]

        with open_store(f"sqlite:///{tmp_path / 'store.db'}") as store:
            store.add_articles([Article(id=f"a{i}", text=f"Article {i} on the strike at the harbour.", title=f"A{i}") for i in range(12)])
            report = engine.analyze(store, stages=["clean", "t_dies_once"], engine="ray", workers=2)
            results = store.article_results("t_dies_once", with_blob=False)
    finally:
        registry._REGISTRY.clear()
        registry._REGISTRY.update(saved)
        registry.DEFAULT_PIPELINE[:] = pipeline
    assert marker.exists(), "the stage never ran in an actor"
    assert not report.failed and report.computed["t_dies_once"] == 12
    assert sorted(results) == sorted(f"a{i}" for i in range(12))
    assert results["a3"].data == {"words": 8}
    assert "t_dies_once" in ray_batches
    _no_fallback(caplog)


def test_a_cluster_over_sqlite_is_refused_before_any_work(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    result = cli.invoke(app, ["analyze", "--db", str(db), "--engine", "ray", "--address", "ray://head:10001", "-q"])
    output = " ".join(result.output.split())
    assert result.exit_code == 2, output
    assert "needs a store every machine can reach" in output and "give --db postgresql://" in output
    assert "Traceback" not in output and isinstance(result.exception, SystemExit)
    assert not db.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "spark"], "unknown engine 'spark'"),
        (["--address", "ray://head:10001"], "give it with --engine ray"),
        (["--engine", "ray", "--db", "sqlite://"], "not an in-memory database"),
    ],
)
def test_engine_options_that_cannot_run_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    db = ["--db", str(tmp_path / "store.db")] if "--db" not in args else []
    result = cli.invoke(app, ["analyze", *db, *args, "-q"])
    output = " ".join(result.output.split())
    assert result.exit_code == 2 and message in output, output


def test_the_library_refuses_a_cluster_over_sqlite_too(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        with pytest.raises(PipelineError, match="needs a store every machine can reach"):
            engine.analyze(store, engine="ray", address="10.0.0.5:6379")
