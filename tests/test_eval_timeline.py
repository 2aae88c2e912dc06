"""Timeline measures on tiny hand-computed examples, the Timeline17 reader on a hand-built folder,
and the evaluation itself on ../shared's Timeline17 (skipped visibly when absent)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.eval.timeline_corpus import read_gold, sentence_mentions, topic_dirs
from storyline.eval.timeline_metrics import date_prf, perl_available, rouge_scores

T17 = Path(__file__).resolve().parents[2] / "shared" / "data" / "timeline17"

D1, D2, D3 = date(2010, 1, 1), date(2010, 1, 2), date(2010, 1, 3)
# Content words only (none is a ROUGE stop word); "hits" and "grows" stem the same on both sides.
PRED = {D1: ["gulf oil spill"], D3: ["storm hits coast"]}
REF = {D1: ["oil spill grows"], D2: ["storm hits coast"]}


def test_date_prf() -> None:
    assert date_prf([D1, D3], [D1, D2]) == {"precision": 0.5, "recall": 0.5, "f_score": 0.5}
    assert date_prf([], [D1])["f_score"] == 0.0


def _expected() -> dict[str, dict[str, float]]:
    """Worked by hand (Martschat & Markert 2017), as F1 per metric and ROUGE order.

    concat: 6 unigrams each side, 5 shared; bigrams run across sentences, 5 each side, 3 shared
    (oil spill, storm hit, hit coast).
    agreement: only Jan 1 is on both timelines: 2 of 3 unigrams and 1 of 2 bigrams match; Jan 2
    adds 3 unigrams (2 bigrams) to the recall denominator, Jan 3 as many to the precision one.
    align+ m:1: Jan 3 aligns to Jan 2 (identical content, so zero cost) with weight 1/(1+1):
    unigrams (2 + 3/2) / 6 both ways; bigrams (1 + 2/2) / 4 both ways.
    """
    return {
        "concat": {"rouge_1": 5 / 6, "rouge_2": 3 / 5},
        "agreement": {"rouge_1": 1 / 3, "rouge_2": 1 / 4},
        "align+ m:1": {"rouge_1": 7 / 12, "rouge_2": 1 / 2},
    }


def _check(scores: dict[str, dict[str, dict[str, float]]]) -> None:
    for metric, per in _expected().items():
        for measure, f1 in per.items():
            assert scores[metric][measure]["f_score"] == pytest.approx(f1), (metric, measure)
            # Every example is symmetric enough that precision equals recall.
            assert scores[metric][measure]["precision"] == pytest.approx(scores[metric][measure]["recall"])


def _need_tilse(perl: bool) -> None:
    pytest.importorskip("tilse", reason="tilse is not installed (pip install 'storyline[eval]')")
    if perl and not perl_available():
        pytest.skip("perl or tilse's ROUGE-1.5.5 is not available")


@pytest.mark.parametrize("mode", ["reimpl", "perl"])
def test_metrics_hand_computed(mode: str) -> None:
    _need_tilse(perl=mode == "perl")
    [scores] = rouge_scores([(PRED, REF)], rouge=mode)  # type: ignore[arg-type]
    _check(scores)


def test_batched_perl_equals_tilse_calling_perl_itself() -> None:
    """One ROUGE-1.5.5 run for every pair gives exactly what tilse gets calling it pair by pair."""
    _need_tilse(perl=True)
    from tilse.data.timelines import GroundTruth, Timeline
    from tilse.evaluation import rouge

    pred = {D1: ["The oil spill started in the Gulf .", "BP says it will pay"], D3: ["BP capped the leaking well"]}
    ref = {D1: ["Oil spill begins in the Gulf of Mexico ."], D2: ["Obama visits the coast ."], D3: ["BP caps the well ."]}
    ours = rouge_scores([(pred, ref), (ref, pred)], rouge="perl")
    evaluator = rouge.TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"])
    for (p, g), got in zip([(pred, ref), (ref, pred)], ours):
        tp, tg = Timeline(p), GroundTruth([Timeline(g)])
        assert got["concat"] == evaluator.evaluate_concat(tp, tg)
        assert got["agreement"] == evaluator.evaluate_agreement(tp, tg)
        assert got["align+ m:1"] == evaluator.evaluate_align_date_content_costs_many_to_one(tp, tg)


def test_read_gold_from_a_hand_built_topic(tmp_path: Path) -> None:
    topic = tmp_path / "floods_meridian"
    (topic / "timelines").mkdir(parents=True)
    (topic / "timelines" / "a.txt").write_text("", encoding="utf-8")
    lines = [[
        ["2023-11-06", ["The river bursts its banks .", "Crews evacuate 1,200 ."]],
        ["2023-11-08T00:00:00", ["The dam holds ."]],
        # A day listed twice: the later entry wins, as news-tls reads the file.
        ["2023-11-08", ["The dam fails ."]],
    ]]
    (topic / "timelines.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    assert topic_dirs(tmp_path) == [topic]
    [gold] = read_gold(topic)
    assert gold.name == "a"
    assert gold.entries == {date(2023, 11, 6): ["The river bursts its banks .", "Crews evacuate 1,200 ."], date(2023, 11, 8): ["The dam fails ."]}


def test_read_gold_rejects_a_bad_day(tmp_path: Path) -> None:
    topic = tmp_path / "t"
    topic.mkdir()
    (topic / "timelines.jsonl").write_text(json.dumps([["6 Nov 2023", ["x"]]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="'6 Nov 2023'.*YYYY-MM-DD"):
        read_gold(topic)


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such folder"):
        topic_dirs(tmp_path / "nope")
    with pytest.raises(InputError, match="timelines.jsonl"):
        topic_dirs(tmp_path)


def test_sentence_mentions_groups_resolved_days_by_line() -> None:
    from storyline.temporal import extract

    lines = ["BP said on Thursday it would try again.", "No date here at all.", "The well was capped on April 20 and again in May."]
    found = sentence_mentions(lines, date(2010, 5, 21), None, extract)
    assert ("2010-05-20", "DATE", lines[0].index("Thursday")) in found[0]
    assert found[1] == []
    assert ("2010-04-20", "DATE", lines[2].index("April 20")) in found[2]


@pytest.mark.slow
def test_eval_runs_on_timeline17_topic() -> None:
    """The whole evaluation on the smallest topic of ../shared's Timeline17 (fast ROUGE)."""
    if not T17.is_dir():
        pytest.skip(f"{T17} is absent: the Timeline17 evaluation test needs ../shared")
    _need_tilse(perl=False)
    from storyline.eval.timeline import run

    result = run(T17, topics=["H1N1_guardian"], rouge="reimpl")
    [row] = result["timelines"]
    assert row["days"] > 0 and row["articles"] > 0
    ours = row["scores"]["storyline"]
    assert 0 < ours["days"] <= row["days"]
    assert 0.0 <= ours["date"]["f_score"] <= 1.0
    assert ours["align+ m:1"]["rouge_1"]["f_score"] > 0.0
    assert set(result["average"]) == set(result["methods"])
