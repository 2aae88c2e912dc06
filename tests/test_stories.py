"""The stories stage: events linked on central entities and terms across time gaps."""

from __future__ import annotations

from collections import defaultdict

from _clustering_sample import analysed_bundle, gold

from storyline.cluster.stories import event_clusters
from storyline.models import StageResult
from storyline.pipeline import CorpusContext
from storyline.pipeline.stories import stories


def _event(eid: str, day: int, title: str, terms: dict[str, float], entities: dict[str, float], size: int = 1) -> tuple[dict, dict]:  # type: ignore[type-arg]
    from datetime import date

    articles = [f"{eid}-a{i}" for i in range(size)]
    ev = {"id": eid, "title": title, "date": date.fromordinal(day).isoformat(), "articles": articles, "story": None}
    prof = {"terms": list(terms.items()), "entities": list(entities.items()), "first_day": day, "last_day": day, "size": size}
    return ev, prof


def _run(events: list[tuple[dict, dict]], config: dict | None = None) -> dict:  # type: ignore[type-arg]
    data = {"events": [e for e, _ in events], "profiles": {e["id"]: p for e, p in events}}
    ctx = CorpusContext(docs=lambda: iter(()), corpus_results={"events": StageResult(data)}, config=config or {})
    return stories(ctx).data


BASE = 738000


def test_truce_extension_and_talks_weeks_apart_form_one_story() -> None:
    truce = {"truce": 0.6, "ceasefire": 0.4, "rebel": 0.4, "tarvik": 0.5}
    front = {"highland front": 0.7, "tarvik": 0.6, "ostrevik": 0.2}
    events = [
        _event("e1", BASE, "Rebels agree a 72-hour truce in Tarvik", truce, front),
        _event("e2", BASE + 4, "Tarvik truce extended, prisoners exchanged", {**truce, "prisoner": 0.5}, front),
        _event("e3", BASE + 20, "Talks with the Highland Front open in Ostrevik", {"talks": 0.7, "rebel": 0.3, "tarvik": 0.4}, front),
        _event("e4", BASE + 6, "Parliament passes the budget", {"budget": 0.8, "tax": 0.5, "vote": 0.3}, {"parliament": 0.9}),
    ]
    data = _run(events)
    groups = sorted(sorted(s["events"]) for s in data["stories"])
    assert groups == [["e1", "e2", "e3"], ["e4"]]
    story_of = {eid: f["story"] for eid, f in data["event_fields"].items()}
    assert story_of["e1"] == story_of["e3"] != story_of["e4"]
    first = [s for s in data["stories"] if "e1" in s["events"]][0]
    assert first["id"].startswith("st-") and "Tarvik" in first["title"]


def test_a_year_apart_is_too_far_for_one_story() -> None:
    terms, ents = {"flood": 0.8, "dam": 0.5}, {"kessin": 0.9}
    data = _run([_event("e1", BASE, "Dam floods", terms, ents), _event("e2", BASE + 900, "Dam floods again", terms, ents)])
    assert len(data["stories"]) == 2


def test_no_events_no_stories() -> None:
    ctx = CorpusContext(docs=lambda: iter(()), corpus_results={})
    assert stories(ctx).data == {"stories": [], "event_fields": {}}


def test_event_clusters_are_in_date_order_with_unit_profiles() -> None:
    ev1, p1 = _event("late", BASE + 5, "Late", {"a": 3.0, "b": 4.0}, {})
    ev2, p2 = _event("early", BASE, "Early", {"a": 1.0}, {"x": 2.0})
    clusters = event_clusters([ev1, ev2], {"late": p1, "early": p2})
    assert [c.members for c in clusters] == [["early"], ["late"]]
    assert abs(sum(w * w for w in clusters[1].terms.values()) - 1.0) < 1e-9


def test_sample_corpus_stories_match_the_gold() -> None:
    data, g = analysed_bundle(), gold()
    event_of = {a["id"]: a["event"] for a in data["articles"]}
    story_of_event = {e["id"]: e["story"] for e in data["events"]}
    ours: dict[str, set[str]] = defaultdict(set)
    for aid, eid in event_of.items():
        if eid is not None:
            ours[story_of_event[eid]].add(aid)
    gold_events = {e["id"]: e["articles"] for e in g["events"]}
    expected = sorted(sorted(a for eid in s["events"] for a in gold_events[eid]) for s in g["stories"])
    assert sorted(sorted(m) for m in ours.values()) == expected
    assert {s["id"] for s in data["stories"]} == set(story_of_event.values())


def test_sample_corpus_duplicates_match_the_gold() -> None:
    data, g = analysed_bundle(), gold()
    duplicate_of = {a["id"]: a["duplicate_of"] for a in data["articles"] if a["duplicate_of"]}
    assert duplicate_of == {d["duplicate"]: d["original"] for d in g["duplicates"]}
    kinds = {d["articles"][1]: d["kind"] for d in data["duplicates"]}
    assert kinds == {d["duplicate"]: d["kind"] for d in g["duplicates"]}
    flagged = {frozenset(d["articles"]) for d in data["duplicates"]}
    for a, b in g["not_duplicates"]:
        assert frozenset((a, b)) not in flagged and duplicate_of.get(a) != b and duplicate_of.get(b) != a


def test_a_lone_article_folds_under_the_nearest_story_past_the_window_and_a_stranger_stays_apart() -> None:
    spill = {"oil": 0.7, "spill": 0.6, "well": 0.4, "gulf": 0.4}
    rig = {"deepwater rig": 0.8, "gulf": 0.5}
    events = [
        _event("s1", BASE, "Oil spill spreads in the gulf", spill, rig, size=3),
        _event("s2", BASE + 3, "Engineers try to cap the leaking well", {**spill, "cap": 0.6}, rig, size=2),
        # One article, fifteen months on: past the linking window, but it shares the central entity.
        _event("late", BASE + 450, "Fishermen count the cost a year after the spill", {"fishermen": 0.8, "season": 0.5, "spill": 0.3}, rig),
        _event("odd", BASE + 2, "A chess prodigy wins the city open", {"chess": 0.8, "prodigy": 0.6}, {"kessin": 0.9}),
    ]
    unfolded = _run(events, {"stories_fold": {"threshold": 1.01}})
    assert sorted(sorted(s["events"]) for s in unfolded["stories"]) == [["late"], ["odd"], ["s1", "s2"]]
    data = _run(events)
    assert sorted(sorted(s["events"]) for s in data["stories"]) == [["late", "s1", "s2"], ["odd"]]
