"""The stage runner: the stage contract (requires/assigns) and fault isolation.

A stage that raises on one article costs that article its result, never the run: the failure is
stored, reported by `analyze` (exit 4), `stats` and the Problems page, and `--retry-failed` runs it
again once the cause is gone.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import warnings

import pytest

with warnings.catch_warnings():
    # Starlette 1.x asks for the "httpx2" package, which PyPI does not carry; httpx works the same.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from fastapi.testclient import TestClient
from typer.testing import CliRunner

from storyline import engine
from storyline.cli import app
from storyline.errors import PipelineError
from storyline.models import Article, StageResult
from storyline.pipeline import registry
from storyline.pipeline.registry import ArticleDoc, CorpusContext, stage
from storyline.store import Store, open_store
from storyline.web import create_app

from _sample_corpus import analysed_db

runner = CliRunner()


@pytest.fixture
def scratch_registry() -> Iterator[None]:
    """Stages registered by a test are forgotten after it."""
    saved, pipeline = dict(registry._REGISTRY), list(registry.DEFAULT_PIPELINE)
    yield
    registry._REGISTRY.clear()
    registry._REGISTRY.update(saved)
    registry.DEFAULT_PIPELINE[:] = pipeline


def _articles(n: int) -> list[Article]:
    return [Article(id=f"a{i}", text=f"Article number {i} about the harbour strike.", title=f"A{i}") for i in range(n)]


def _failures(store: Store, stage_name: str) -> dict[str | None, Any]:
    return {f.article: f for f in store.failures(stage_name)}


# --- the contract ----------------------------------------------------------------------------


def test_a_result_with_an_undeclared_key_is_refused_by_name(store: Store, scratch_registry: None) -> None:
    @stage("t_extra_key", version="1", requires=("clean",), assigns=("words",), default=False)
    def extra(docs: list[ArticleDoc]) -> list[StageResult]:
        return [StageResult({"words": 1, "surprise": 2}) for _ in docs]

    store.add_articles(_articles(2))
    report = engine.analyze(store, stages=["clean", "t_extra_key"])
    assert {f.article for f in report.failed} == {"a0", "a1"}
    message = report.failed[0].message
    assert report.failed[0].error == "PipelineError"
    assert "'t_extra_key'" in message and "undeclared 'surprise'" in message


def test_a_missing_declared_key_is_refused(store: Store, scratch_registry: None) -> None:
    @stage("t_missing_key", version="1", scope="corpus", requires=("clean",), assigns=("a", "b"), default=False)
    def missing(ctx: CorpusContext) -> StageResult:
        return StageResult({"a": []})

    store.add_articles(_articles(1))
    report = engine.analyze(store, stages=["clean", "t_missing_key"])
    assert [f.article for f in report.failed] == [None]
    assert "missing 'b'" in report.failed[0].message


def test_reading_a_stage_that_was_not_required_fails_clearly(store: Store, scratch_registry: None) -> None:
    @stage("t_sneaky", version="1", requires=("clean",), assigns=("n",), default=False)
    def sneaky(docs: list[ArticleDoc]) -> list[StageResult]:
        return [StageResult({"n": len(d.data("mentions"))}) for d in docs]

    store.add_articles(_articles(1))
    report = engine.analyze(store, stages=["clean", "t_sneaky"])
    assert len(report.failed) == 1
    assert "'mentions', which it does not require" in report.failed[0].message


def test_a_corpus_stage_cannot_read_an_unrequired_corpus_result(scratch_registry: None) -> None:
    results = registry.RequiredResults({"events": StageResult({})}, ["events"])
    assert results.get("events") is not None
    with pytest.raises(PipelineError, match="'stories', which it does not require"):
        results["stories"]


def test_a_gate_must_be_an_assigned_key(scratch_registry: None) -> None:
    with pytest.raises(PipelineError, match="gate 'ok' must be one of the keys"):
        stage("t_bad_gate", version="1", assigns=("n",), gate="ok", default=False)(lambda docs: [])


def test_every_bundle_export_names_an_assigned_key() -> None:
    from storyline.bundle import check_exports

    check_exports()


# --- fault isolation -----------------------------------------------------------------------


def test_one_bad_article_costs_only_its_own_result(store: Store, scratch_registry: None) -> None:
    @stage("t_picky", version="1", requires=("clean",), assigns=("n",), default=False)
    def picky(docs: list[ArticleDoc]) -> list[StageResult]:
        if any(d.article.id == "a3" for d in docs):
            raise ValueError("cannot read article a3")
        return [StageResult({"n": len(d.article.text)}) for d in docs]

    @stage("t_after", version="1", requires=("t_picky",), assigns=("m",), default=False)
    def after(docs: list[ArticleDoc]) -> list[StageResult]:
        return [StageResult({"m": d.data("t_picky")["n"] + 1}) for d in docs]

    store.add_articles(_articles(7))
    report = engine.analyze(store, stages=["clean", "t_picky", "t_after"])
    stored = store.article_results("t_picky")
    assert sorted(stored) == ["a0", "a1", "a2", "a4", "a5", "a6"]
    failure = _failures(store, "t_picky")["a3"]
    assert (failure.error, failure.message, failure.version) == ("ValueError", "cannot read article a3", "1")
    assert "cannot read article a3" in failure.traceback and "picky" in failure.traceback
    # The stage after it skips the failed article instead of reading an empty result.
    assert sorted(store.article_results("t_after")) == ["a0", "a1", "a2", "a4", "a5", "a6"]
    assert report.blocked == {"t_after": 1}
    assert report.computed["t_picky"] == 6

    # The same input is not retried (it would fail again) ...
    again = engine.analyze(store, stages=["clean", "t_picky", "t_after"])
    assert again.failed == [] and again.computed["t_picky"] == 0
    assert "a3" in _failures(store, "t_picky")
    # ... until asked to, and a success clears the failure.
    registry._REGISTRY["t_picky"] = dataclasses.replace(
        registry._REGISTRY["t_picky"], func=lambda docs: [StageResult({"n": 0}) for _ in docs]
    )
    engine.analyze(store, stages=["clean", "t_picky", "t_after"], retry_failed=True)
    assert _failures(store, "t_picky") == {}
    assert store.article_results("t_after")["a3"].data == {"m": 1}


def test_a_new_stage_version_retries_failures(store: Store, scratch_registry: None) -> None:
    calls: list[str] = []

    def flaky(docs: list[ArticleDoc]) -> list[StageResult]:
        calls.extend(d.article.id for d in docs)
        if len(calls) < 2:
            raise RuntimeError("first try fails")
        return [StageResult({"n": 1}) for _ in docs]

    stage("t_flaky", version="1", requires=("clean",), assigns=("n",), default=False)(flaky)
    store.add_articles(_articles(1))
    assert len(engine.analyze(store, stages=["clean", "t_flaky"]).failed) == 1
    registry._REGISTRY["t_flaky"] = dataclasses.replace(registry._REGISTRY["t_flaky"], version_spec="2")
    report = engine.analyze(store, stages=["clean", "t_flaky"])
    assert report.failed == [] and report.computed["t_flaky"] == 1
    assert store.failures() == []


def test_a_failing_corpus_stage_keeps_its_previous_result(store: Store, scratch_registry: None) -> None:
    state = {"fail": False}

    @stage("t_corpus", version="1", scope="corpus", requires=("clean",), assigns=("count",), default=False)
    def count(ctx: CorpusContext) -> StageResult:
        if state["fail"]:
            raise KeyError("ML")
        return StageResult({"count": sum(1 for _ in ctx.docs())})

    store.add_articles(_articles(2))
    engine.analyze(store, stages=["clean", "t_corpus"])
    state["fail"] = True
    store.add_articles(_articles(3))
    report = engine.analyze(store, stages=["clean", "t_corpus"])
    assert [(f.stage, f.article, f.error) for f in report.failed] == [("t_corpus", None, "KeyError")]
    assert store.corpus_result("t_corpus").data == {"count": 2}
    state["fail"] = False
    engine.analyze(store, stages=["clean", "t_corpus"], retry_failed=True)
    assert store.corpus_result("t_corpus").data == {"count": 3}
    assert store.failures() == []


# --- the sample corpus with a fault injected, through the CLI and the web ---------------------


def _inject(stage_name: str, article_id: str) -> None:
    """Make ``stage_name`` raise for one article (a new version, so that it runs again)."""
    real = registry._REGISTRY[stage_name]

    def broken(docs: list[ArticleDoc]) -> list[StageResult]:
        if any(d.article.id == article_id for d in docs):
            raise IndexError(f"injected fault on {article_id}")
        return real.func(docs)  # type: ignore[no-any-return]

    registry._REGISTRY[stage_name] = dataclasses.replace(real, func=broken, version_spec=real.version + "+fault")


def test_an_injected_fault_on_the_sample_corpus(tmp_path: Path, scratch_registry: None) -> None:
    db = tmp_path / "sample.db"
    shutil.copy(analysed_db(), db)
    victim = "mpa-20231109-kessin-dam"
    with open_store(f"sqlite:///{db}") as store:
        before = {aid: r.data for aid, r in store.article_results("dates", with_blob=False).items()}
    assert victim in before

    _inject("dates", victim)
    out = tmp_path / "story.json"
    result = runner.invoke(app, ["analyze", "--db", str(db), "--json", str(out)])
    assert result.exit_code == 4, result.output
    assert "dates" in result.output and "injected fault on" in result.output and "Traceback" not in result.output
    bundle = json.loads(out.read_text(encoding="utf-8"))  # the bundle is still written

    with open_store(f"sqlite:///{db}") as store:
        after = {aid: r.data for aid, r in store.article_results("dates", with_blob=False).items()}
        # Every other article's dates are stored, as they were; the victim has none, nor figures.
        assert set(after) == set(before) - {victim}
        assert all(after[aid] == before[aid] for aid in after)
        assert victim not in store.article_results("figures", with_blob=False)
        assert not any(d["article"] == victim for d in bundle["dates"])
        assert any(d["article"] != victim for d in bundle["dates"])

        stats = runner.invoke(app, ["stats", "--db", str(db), "--json"])
        failures = json.loads(stats.output)["failures"]
        assert [(f["stage"], f["article"], f["error"]) for f in failures] == [("dates", victim, "IndexError")]
        plain = runner.invoke(app, ["stats", "--db", str(db)])
        assert "analysis problems: 1 failure" in plain.output and victim in plain.output

        with TestClient(create_app(store=store)) as client:
            page = client.get("/problems.json").json()
            assert page["total"] == 1 and page["stages"][0]["stage"] == "dates"
            assert page["failures"][0]["article"] == victim and page["failures"][0]["title"]
            html = client.get("/problems").text
            assert "injected fault on" in html and "1 failure recorded" in html

    # Unchanged input: still failed, still exit 4. Fault removed + --retry-failed: cleared, exit 0.
    assert runner.invoke(app, ["analyze", "--db", str(db), "--quiet"]).exit_code == 4
    real = registry._REGISTRY["dates"]
    registry._REGISTRY["dates"] = dataclasses.replace(real, func=lambda docs: _original("dates")(docs))
    result = runner.invoke(app, ["analyze", "--db", str(db), "--retry-failed", "--json", str(out)])
    assert result.exit_code == 0, result.output
    with open_store(f"sqlite:///{db}") as store:
        assert store.failures() == []
        assert store.article_results("dates", with_blob=False)[victim].data == before[victim]
    assert any(d["article"] == victim for d in json.loads(out.read_text(encoding="utf-8"))["dates"])


_ORIGINAL = dict(registry._REGISTRY)


def _original(name: str) -> Any:
    return _ORIGINAL[name].func


# --- every core: article stages in worker processes ------------------------------------------


def _poisoned_upper(docs: list[ArticleDoc]) -> list[StageResult]:
    """A stage for the pool tests: defined at module level so that a worker process can import it."""
    if any("poison" in d.article.text for d in docs):
        raise ValueError("poisoned article")
    return [StageResult({"upper": d.article.text.upper()}) for d in docs]


def test_a_worker_pool_gives_the_results_of_one_process(store: Store, scratch_registry: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.pipeline import runner as runner_module

    monkeypatch.setattr(runner_module, "MIN_PARALLEL", 1)
    stage("t_upper", version="1", assigns=("upper",), default=False)(_poisoned_upper)
    articles = _articles(30)
    articles[7] = dataclasses.replace(articles[7], text="A poison pen letter.")
    articles[21] = dataclasses.replace(articles[21], text="Another poison story.")
    store.add_articles(articles)

    report = engine.analyze(store, stages=["t_upper"], workers=2)
    results = store.article_results("t_upper", with_blob=False)
    assert report.computed["t_upper"] == 28
    assert set(results) == {a.id for a in articles} - {"a7", "a21"}
    assert results["a3"].data == {"upper": "ARTICLE NUMBER 3 ABOUT THE HARBOUR STRIKE."}
    # The failures crossed the process boundary with their type, message and traceback.
    failed = _failures(store, "t_upper")
    assert set(failed) == {"a7", "a21"}
    assert failed["a7"].error == "ValueError" and failed["a7"].message == "poisoned article"
    assert "_poisoned_upper" in failed["a7"].traceback


def test_worker_count_must_be_positive(store: Store) -> None:
    with pytest.raises(PipelineError, match="workers must be at least 1"):
        engine.analyze(store, workers=0)


def test_the_sample_corpus_bundle_is_the_same_with_two_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.pipeline import runner as runner_module

    monkeypatch.setattr(runner_module, "MIN_PARALLEL", 1)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    shutil.copy(analysed_db(), one)
    shutil.copy(analysed_db(), two)
    bundles, computed = [], []
    for db, workers in ((one, 1), (two, 2)):
        with open_store(f"sqlite:///{db}") as store:
            report = engine.analyze(store, force=True, workers=workers)
            assert not report.failed
            computed.append(report.computed)
            bundles.append(json.dumps(engine.export(store), sort_keys=True, default=str))
    assert computed[0] == computed[1] and computed[0]["nlp"] >= 40
    assert bundles[0] == bundles[1]
