"""A story's title comes from its central entities and developments, not from one event's headline
(written for the test)."""

from __future__ import annotations

from storyline.cluster.stories import story_title
from storyline.cluster.stream import Cluster
from storyline.cluster.terms import content_terms, tokens


def _cluster(titles: list[str], terms: dict[str, float], entities: dict[str, float]) -> Cluster:
    return Cluster(
        id=0,
        members=[f"e{i}" for i in range(len(titles))],
        terms=terms,
        entities=entities,
        titles=[(t, tuple(content_terms(tokens(t))), 0) for t in titles],
    )


def test_a_story_is_titled_by_its_entities_and_developments() -> None:
    titles = [
        "Rebels agree a 72-hour truce in Tarvik",
        "Tarvik truce extended as prisoners are exchanged",
        "Talks with the Highland Front open in Ostrevik",
    ]
    cluster = _cluster(titles, {"truce": 0.9, "tarvik": 0.8, "prisoner": 0.4, "talk": 0.3, "rebel": 0.5}, {"tarvik": 0.9, "highland front": 0.7, "ostrevik": 0.2})
    title = story_title(cluster)
    assert title == "Tarvik, Highland Front: truce, rebels, prisoners"
    assert title not in titles  # not one event's headline


def test_a_story_of_one_event_keeps_the_events_title() -> None:
    cluster = _cluster(["Dam gives way at Kessin"], {"dam": 1.0}, {"kessin": 1.0})
    assert story_title(cluster) == "Dam gives way at Kessin"
