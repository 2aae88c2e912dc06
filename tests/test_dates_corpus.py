"""The sample corpus's gold dates, through the engine: ingest into a fresh SQLite store, analyse
with the stages ``dates`` needs, score the exported bundle against examples/corpus/gold.json.

A gold date is matched by our expression in the same article whose span overlaps the gold
snippet (its n-th occurrence). The floors are the ``dates.sample_corpus`` gate in
tests/eval_gate/floors.json (raise them as the stage improves, never lower them silently); the
year-boundary cases the corpus was written for must all be right.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import eval_gate
import pytest

from test_figures_gold import _nth
from test_figures_series import stages_for
from _sample_corpus import analysed

GOLD_PATH = Path(__file__).resolve().parent.parent / "examples" / "corpus" / "gold.json"

# Measured 318 gold dates: 318 found, 310 with the gold value; 2 extra in the complete articles.
GATE = "dates.sample_corpus"


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    gold = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
    run = analysed(tuple(stages_for("dates")))
    bundle, texts, published = run.bundle, run.texts, run.published
    ours: dict[str, list[dict[str, Any]]] = {}
    for d in bundle["dates"]:
        ours.setdefault(d["article"], []).append(d)
    matched: list[tuple[dict[str, Any], dict[str, Any]]] = []
    used: set[int] = set()
    for g in gold["dates"]:
        start = _nth(texts[g["article"]], g["text"], g["occurrence"])
        assert start >= 0, f"gold snippet {g['text']!r} not in {g['article']}"
        end = start + len(g["text"])
        for d in ours.get(g["article"], []):
            if d["start"] < end and start < d["end"] and id(d) not in used:
                matched.append((g, d))
                used.add(id(d))
                break
    complete = set(gold["complete"]["dates"])
    extra = [d for d in bundle["dates"] if d["article"] in complete and id(d) not in used]
    return {"gold": gold, "bundle": bundle, "texts": texts, "published": published, "matched": matched, "extra": extra}


def test_every_expression_has_offsets_into_the_stored_text(scored: dict[str, Any]) -> None:
    for d in scored["bundle"]["dates"]:
        assert scored["texts"][d["article"]][d["start"] : d["end"]] == d["text"]
        assert d["type"] in ("DATE", "TIME", "DURATION", "SET")


def test_gold_dates_keep_their_floors(scored: dict[str, Any]) -> None:
    gold, matched = scored["gold"]["dates"], scored["matched"]
    ours_complete = sum(1 for d in scored["bundle"]["dates"] if d["article"] in set(scored["gold"]["complete"]["dates"]))
    measures = {
        "recall": len(matched) / len(gold),
        "value": sum(g["value"] == d["value"] for g, d in matched) / len(gold),
        "precision": 1 - len(scored["extra"]) / max(ours_complete, 1),
    }
    kinds = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "last week", "earlier this month")
    weekdays = [(g, d) for g, d in matched if g["text"] in kinds]
    measures["weekdays_value"] = sum(g["value"] == d["value"] for g, d in weekdays) / max(len(weekdays), 1)
    wrong = [(g["article"], g["text"], g["value"], d["value"]) for g, d in matched if g["value"] != d["value"]]
    eval_gate.check(GATE, measures, f"wrong values: {wrong}")


def test_dates_across_the_year_boundary_are_all_right(scored: dict[str, Any]) -> None:
    # February and January articles that look back to October and December of the year before.
    crossing = [
        (g, d)
        for g, d in scored["matched"]
        if scored["published"][g["article"]].year == 2024 and g["value"] and g["value"].startswith("2023")
    ]
    assert len(crossing) >= 5
    assert [(g["text"], d["value"]) for g, d in crossing if d["value"] != g["value"]] == []


def test_weekdays_and_relative_weeks_are_right(scored: dict[str, Any]) -> None:
    kinds = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "last week", "earlier this month")
    cases = [(g, d) for g, d in scored["matched"] if g["text"] in kinds]
    assert len(cases) >= 40
    right = sum(g["value"] == d["value"] for g, d in cases) / len(cases)
    floor = eval_gate.floors(GATE)["weekdays_value"]
    assert right >= floor, [(g["article"], g["text"], g["value"], d["value"]) for g, d in cases if g["value"] != d["value"]]
