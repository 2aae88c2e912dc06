"""The eval gate: clustering and Timeline17 measures against the floors in
tests/eval_gate/floors.json, and the rule that no floor is lowered without a line in
benchmarks/results/CHANGES.md.

Clustering is measured on the sample corpus (duplicates, events, stories, end to end through
ingest and analyze) and on every public set under ../shared/data that is present (each skipped
visibly when absent). To keep the gate quick, the larger sets are cut to a fixed number of whole
gold events chosen by label hash (``max_clusters`` in the floors file), so the same documents are
scored on every run. Timeline17 is gated on a fixed small subset, the three H1N1 timelines: date
F1 needs only our own code; the ROUGE floors need tilse (the ``eval`` extra) and perl, and are
skipped visibly without them. The dates, figures and quotes gates live in their own test modules
and read the same file.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date

import eval_gate
import pytest
from _clustering_sample import analysed_bundle, gold

from storyline.eval.clustering import run, score

FLOORS = eval_gate.load()
DATA = eval_gate.DATA
CLUSTER_SETS = sorted(n for n in FLOORS["gates"] if n.startswith("clustering.") and "data" in FLOORS["gates"][n])
T17 = DATA / "timeline17"
H1N1 = tuple(FLOORS["gates"]["timeline17.h1n1_dates"]["topics"])


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
    spec = FLOORS["gates"][name]
    result = run(DATA / spec["data"], spec["format"], split=spec.get("split"), max_clusters=spec.get("max_clusters"), baselines=False)
    out: dict[str, float] = {}
    for row in result["rows"]:
        if row["method"] == "storyline (stages)":
            out[f"{row['level']}_bcubed_f1"] = row["bcubed_f1"]
            out[f"{row['level']}_pairwise_f1"] = row["pairwise_f1"]
    return out


def test_sample_corpus_meets_its_floors() -> None:
    measured = sample_scores()
    assert measured["not_duplicate_violations"] == 0, "an independent report was flagged as a copy or rewrite"
    eval_gate.check("clustering.sample_corpus", measured)


@pytest.mark.parametrize("name", CLUSTER_SETS)
def test_public_set_meets_its_floors(name: str) -> None:
    spec = FLOORS["gates"][name]
    if not (DATA / spec["data"]).exists():
        pytest.skip(f"{DATA / spec['data']} is absent: clustering gate {name} skipped")
    eval_gate.check(name, set_scores(name))


# --- Timeline17, on the three H1N1 timelines ---------------------------------------------------------


def _need_t17() -> None:
    if not T17.is_dir():
        pytest.skip(f"{T17} is absent: the Timeline17 gate needs ../shared")


def h1n1_date_scores() -> dict[str, float]:
    """Date F1 of our timelines on the H1N1 timelines (news-tls protocol, no tilse needed).

    Follows :func:`storyline.eval.timeline.run` for the ``storyline`` method up to the ROUGE step:
    copies left out, articles inside the gold span, as many days and sentences as the gold asks.
    """
    from storyline.eval.timeline import DEFAULT_CACHE, article_sentences, gold_length, methods
    from storyline.eval.timeline_corpus import find_copies, load_topic
    from storyline.eval.timeline_metrics import date_prf

    predict = methods()["storyline"]
    out: dict[str, float] = {}
    per: list[dict[str, float]] = []
    for name in H1N1:
        topic = load_topic(T17 / name, eval_gate.ROOT / DEFAULT_CACHE)
        copies = find_copies(topic.articles)
        articles = [a for a in topic.articles if a.id not in copies]
        for timeline in topic.timelines:
            days = sorted(timeline.entries)
            start, end = days[0], days[-1]
            inside = [a for a in articles if start <= a.published <= end]
            published: dict[str, date | None] = {a.id: a.published for a in inside}
            sents = [s for a in inside for s in article_sentences(a)]
            length, k = gold_length(timeline)
            prf = date_prf(list(predict(sents, published, length, k, start, end)), days)
            out[f"{name}.date_f1"] = prf["f_score"]
            per.append(prf)
    p = sum(x["precision"] for x in per) / len(per)
    r = sum(x["recall"] for x in per) / len(per)
    out["date_f1"] = 2 * p * r / (p + r) if p + r else 0.0
    return out


@pytest.mark.slow
def test_timeline17_h1n1_dates_meet_their_floors() -> None:
    _need_t17()
    eval_gate.check("timeline17.h1n1_dates", h1n1_date_scores())


@pytest.mark.slow
def test_timeline17_h1n1_rouge_meets_its_floors() -> None:
    _need_t17()
    pytest.importorskip("tilse", reason="tilse is not installed (pip install 'storyline[eval]'): Timeline17 ROUGE gate skipped")
    from storyline.eval.timeline import run as run_timeline
    from storyline.eval.timeline_metrics import perl_available

    if not perl_available():
        pytest.skip("perl or tilse's ROUGE-1.5.5 is not available: Timeline17 ROUGE gate skipped")
    result = run_timeline(T17, topics=list(H1N1), only=["storyline"], rouge="perl", cache_dir=eval_gate.ROOT / ".cache" / "timeline17")
    measured: dict[str, float] = {}
    for row in result["timelines"]:
        ours = row["scores"]["storyline"]["align+ m:1"]
        measured[f"{row['topic']}.align_rouge_1"] = ours["rouge_1"]["f_score"]
        measured[f"{row['topic']}.align_rouge_2"] = ours["rouge_2"]["f_score"]
    eval_gate.check("timeline17.h1n1_rouge", measured)


def trust_scores(result: dict[str, object]) -> dict[str, float]:
    """Every trust measure that has a target (issue 10), on all gold articles (dev and test),
    named by a slug of its printed name: "figures found recall" -> "figures_found_recall"."""
    measures = result["splits"]["all"]["measures"]  # type: ignore[index]
    # Hand-judged measures cover only the system outputs someone judged, which change with the
    # system: they are reported, not gated.
    return {
        re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_"): m["value"]
        for name, m in measures.items()
        if "target" in m and m.get("value") is not None and "judged" not in name
    }


@pytest.mark.slow
def test_realnews_trust_meets_its_floors() -> None:
    """The real-news gold (src/storyline/eval/gold/realnews): figures, conflicts, speakers, quoted
    dates, timeline entries and titles. A guard against regressions, on dev and test together;
    tuning reads dev only (benchmarks/results/trust.md)."""
    from storyline.eval.trust import run as run_trust

    spec = FLOORS["gates"]["trust.realnews"]
    missing = [d for d in spec["datasets"] if not (DATA / d).is_dir()]
    if missing:
        pytest.skip(f"{', '.join(missing)} not found under {DATA}: the real-news trust gate is skipped")
    eval_gate.check("trust.realnews", trust_scores(run_trust(DATA, datasets=spec["datasets"])))


# --- the floors file and its history -----------------------------------------------------------------


def test_floors_file_is_well_formed() -> None:
    assert FLOORS["gates"]
    for name, spec in FLOORS["gates"].items():
        assert re.fullmatch(r"[a-z0-9_]+\.[a-z0-9_]+", name), name
        assert (eval_gate.ROOT / spec["test"]).is_file(), f"{name}: no test file {spec['test']}"
        assert spec["floors"], name
        for measure, entry in spec["floors"].items():
            assert set(entry) == {"floor", "set_by"}, f"{name}/{measure}: {entry}"
            assert 0.0 < entry["floor"] <= 1.0, f"{name}/{measure}: {entry['floor']}"
            assert re.fullmatch(r"[0-9a-f]{7,40}", entry["set_by"]), f"{name}/{measure}: set_by {entry['set_by']!r}"


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=eval_gate.ROOT, capture_output=True, text=True, check=True).stdout


def committed_floors() -> list[tuple[str, dict[str, float]]]:
    """Every committed version of floors.json (newest first) as (commit, flat floors)."""
    if shutil.which("git") is None:
        pytest.skip("git is not available: the floors history check is skipped")
    try:
        _git("rev-parse", "--git-dir")
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the floors history check is skipped")
    rel = eval_gate.FLOORS_PATH.relative_to(eval_gate.ROOT).as_posix()
    versions = []
    for sha in _git("log", "--format=%h", "HEAD", "--", rel).split():
        try:
            versions.append((sha, eval_gate.flat(json.loads(_git("show", f"{sha}:{rel}")))))
        except (subprocess.CalledProcessError, ValueError):
            continue  # a commit that deleted the file, or an unreadable version
    return versions


def lowered_without_a_reason(current: dict[str, float], history: list[tuple[str, dict[str, float]]], changes: str) -> list[str]:
    """Floors lower now than in some committed version, and not named in CHANGES.md."""
    named = set(re.findall(r"`([a-z0-9_.]+/[A-Za-z0-9_.]+)`", changes))
    out = []
    for floor_id, value in sorted(current.items()):
        higher = [(sha, old[floor_id]) for sha, old in history if floor_id in old and old[floor_id] > value]
        if higher and floor_id not in named:
            sha, old = max(higher, key=lambda h: h[1])
            out.append(f"{floor_id}: {value} now, {old} in {sha}; add a line naming `{floor_id}` and why to CHANGES.md")
    return out


def test_no_floor_is_lowered_without_a_line_in_changes() -> None:
    history = committed_floors()
    assert history, "floors.json has no committed version"
    changes = eval_gate.CHANGES_PATH.read_text(encoding="utf-8")
    problems = lowered_without_a_reason(eval_gate.flat(FLOORS), history, changes)
    assert not problems, "\n".join(problems)


def test_history_check_catches_a_silent_lowering() -> None:
    history = [("abc1234", {"clustering.basil/events_bcubed_f1": 0.984})]
    current = {"clustering.basil/events_bcubed_f1": 0.95}
    assert lowered_without_a_reason(current, history, "") != []
    assert lowered_without_a_reason(current, history, "- lowered `clustering.basil/events_bcubed_f1`: new gold") == []
    assert lowered_without_a_reason({"clustering.basil/events_bcubed_f1": 0.99}, history, "") == []


def test_old_floors_layout_reads_as_the_new_one() -> None:
    old = {"sample_corpus": {"events_bcubed_f1": 0.99}, "sets": {"basil": {"dir": "basil", "floors": {"events_bcubed_f1": 0.984}}}}
    assert eval_gate.flat(old) == {"clustering.sample_corpus/events_bcubed_f1": 0.99, "clustering.basil/events_bcubed_f1": 0.984}
