"""The clustering eval gate: quality may not fall below the floors pinned in
tests/eval_gate/floors.json.

Measured here: the sample corpus (duplicates, events, stories, end to end through ingest and
analyze) and every public set under ../shared/data that is present (each skipped visibly when
absent). To keep the gate quick, the larger sets are cut to a fixed number of whole gold
events chosen by label hash (``max_clusters`` in the floors file), so the same documents are
scored on every run. Floors are raised as quality improves; lowering one is a reviewed
change to floors.json with its reason in the commit, never a side effect of a run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _clustering_sample import ROOT, analysed_bundle, gold

from storyline.eval.clustering import run, score

FLOORS = json.loads((Path(__file__).parent / "eval_gate" / "floors.json").read_text(encoding="utf-8"))
DATA = ROOT.parent / "shared" / "data"


def sample_scores() -> dict[str, float]:
    """Quality on the sample corpus: event and story BCubed F1, duplicate-pair F1, violations."""
    data, g = analysed_bundle(), gold()
    gold_event = {a: e["id"] for e in g["events"] for a in e["articles"]}
    story_of_gold_event = {e: s["id"] for s in g["stories"] for e in s["events"]}
    ours_event = {a["id"]: a["event"] for a in data["articles"] if a["id"] in gold_event}
    story_of = {e["id"]: e["story"] for e in data["events"]}
    events = score(ours_event, gold_event)
    stories = score({a: story_of[e] for a, e in ours_event.items()}, {a: story_of_gold_event[e] for a, e in gold_event.items()})
    found = {(a["id"], a["duplicate_of"]) for a in data["articles"] if a["duplicate_of"]}
    expected = {(d["duplicate"], d["original"]) for d in g["duplicates"]}
    hits = len(found & expected)
    p = hits / len(found) if found else 0.0
    r = hits / len(expected) if expected else 0.0
    flagged = {frozenset(d["articles"]) for d in data["duplicates"]}
    violations = sum(1 for a, b in g["not_duplicates"] if frozenset((a, b)) in flagged)
    return {
        "events_bcubed_f1": events.bcubed_f1,
        "stories_bcubed_f1": stories.bcubed_f1,
        "duplicates_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "not_duplicate_violations": float(violations),
    }


def set_scores(name: str) -> dict[str, float]:
    """Quality on one public set, with the gate's fixed subsample."""
    spec = FLOORS["sets"][name]
    result = run(DATA / spec["dir"], spec["format"], split=spec.get("split"), max_clusters=spec.get("max_clusters"), baselines=False)
    out: dict[str, float] = {}
    for row in result["rows"]:
        if row["method"] == "storyline (stages)":
            out[f"{row['level']}_bcubed_f1"] = row["bcubed_f1"]
            out[f"{row['level']}_pairwise_f1"] = row["pairwise_f1"]
    return out


def _check(measured: dict[str, float], floors: dict[str, Any], where: str) -> None:
    failures = [
        f"{where} {key}: {measured.get(key, 0.0):.4f} is below its floor {floor}"
        for key, floor in floors.items()
        if measured.get(key, 0.0) < floor
    ]
    assert not failures, "\n".join(failures)


def test_sample_corpus_meets_its_floors() -> None:
    measured = sample_scores()
    assert measured["not_duplicate_violations"] == 0, "an independent report was flagged as a copy or rewrite"
    _check(measured, FLOORS["sample_corpus"], "sample corpus")


@pytest.mark.parametrize("name", sorted(FLOORS["sets"]))
def test_public_set_meets_its_floors(name: str) -> None:
    spec = FLOORS["sets"][name]
    if not (DATA / spec["dir"]).exists():
        pytest.skip(f"{DATA / spec['dir']} is absent: clustering gate for {name} skipped")
    _check(set_scores(name), spec["floors"], name)


def test_floors_file_is_well_formed() -> None:
    assert FLOORS["sample_corpus"] and FLOORS["sets"]
    for name, spec in FLOORS["sets"].items():
        assert {"dir", "format", "floors"} <= set(spec), name
        assert all(0.0 < v <= 1.0 for v in spec["floors"].values()), name
