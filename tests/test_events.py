"""The events stage: streaming clustering, consolidation, copies joining their original's event,
incremental runs equal to batch runs, and the sample corpus's gold events."""

from __future__ import annotations

import pickle
from collections import defaultdict
from datetime import date
from pathlib import Path

from _clustering_sample import analysed_bundle, gold

from storyline import engine
from storyline.cluster.merge import MergeConfig, consolidate
from storyline.cluster.stream import Item, StreamClusterer, StreamConfig
import numpy as np

from storyline.cluster.events import RefineConfig, cluster_events, event_item, result_data, split_parts
from storyline.models import Article
from storyline.store import open_store

QUAKE = [
    "A magnitude 6.1 earthquake struck the mountain town of Velar on Monday, collapsing houses and killing at least 12 people, the civil protection agency said.",
    "Rescuers in Velar pulled survivors from collapsed houses after Monday's 6.1 magnitude earthquake; the agency put the toll at 12 dead.",
    "The earthquake that hit Velar on Monday left 12 people dead and hundreds homeless, with aftershocks shaking the mountain town overnight.",
]
BUDGET = [
    "Parliament passed the 2025 budget on Monday by 210 votes to 150 after finance minister Oskar Lind promised lower fuel taxes.",
    "Lawmakers approved finance minister Oskar Lind's 2025 budget, 210 to 150, with cuts to fuel taxes and a rise in pensions.",
]


def _doc(aid: str, text: str, day: date | None, mentions: list[str] = (), title: str = "", join: str | None = None) -> Item:  # type: ignore[assignment]
    """An article as the event clusterer sees it, with entity mentions as the ``mentions`` stage stores them."""
    items = []
    for name in mentions:
        start = text.find(name)
        if start >= 0:
            items.append({"text": name, "name": name, "label": "GPE", "start": start, "end": start + len(name), "sentence": 0})
    return event_item(Article(id=aid, text=text, title=title, published=day), items, join)


def _groups(clusters) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return sorted(sorted(c.members) for c in clusters)


def test_two_events_the_same_day_stay_apart() -> None:
    day = date(2024, 5, 6)
    docs = [_doc(f"q{i}", t, day, ["Velar"]) for i, t in enumerate(QUAKE)]
    docs += [_doc(f"b{i}", t, day, ["Oskar Lind"]) for i, t in enumerate(BUDGET)]
    assert _groups(cluster_events(docs)) == [["b0", "b1"], ["q0", "q1", "q2"]]


def test_the_same_words_weeks_apart_are_different_events() -> None:
    docs = [_doc("q0", QUAKE[0], date(2024, 5, 6), ["Velar"]), _doc("q1", QUAKE[1], date(2024, 7, 1), ["Velar"])]
    assert _groups(cluster_events(docs)) == [["q0"], ["q1"]]


def test_copies_join_their_originals_event_even_when_listed_first() -> None:
    day = date(2024, 5, 6)
    docs = [
        _doc("a-copy", BUDGET[0], day, join="z-wire"),  # sorts before its original on the same day
        _doc("q0", QUAKE[0], day),
        _doc("z-wire", QUAKE[1], day),
    ]
    clusters = cluster_events(docs, config=StreamConfig(threshold=0.99))
    together = [c for c in clusters if "a-copy" in c.members][0]
    assert "z-wire" in together.members


def test_event_output_has_title_dates_and_article_fields() -> None:
    docs = [_doc(f"q{i}", t, date(2024, 5, 6 + i), ["Velar"], title=f"Quake headline {i}") for i, t in enumerate(QUAKE)]
    data = result_data(cluster_events(docs))
    [event] = data["events"]
    assert event["date"] == "2024-05-06" and event["end"] == "2024-05-08"
    assert event["title"].startswith("Quake headline")
    assert event["articles"] == ["q0", "q1", "q2"] and event["story"] is None
    assert data["article_fields"] == {f"q{i}": {"event": event["id"]} for i in range(3)}
    assert data["profiles"][event["id"]]["terms"]


def test_event_without_titles_takes_a_sentence() -> None:
    item = _doc("x", "First sentence here. Second one.", None)
    assert item.title == "First sentence here"


def test_consolidation_merges_fragments_by_average_linkage() -> None:
    clusterer = StreamClusterer(StreamConfig(threshold=1.01))  # every item alone
    for i, terms in enumerate([{"quake": 2, "velar": 1}, {"quake": 1, "velar": 2}, {"budget": 2, "tax": 1}]):
        clusterer.add(Item(id=f"i{i}", day=None, terms=terms))
    merged = consolidate(clusterer.clusters, MergeConfig(threshold=0.3), {f"i{i}": i for i in range(3)})
    assert _groups(merged) == [["i0", "i1"], ["i2"]]


def test_stream_state_resumes_exactly() -> None:
    items = [Item(id=f"i{i}", day=100 + i, terms={"w": 1, f"t{i % 3}": 2}) for i in range(12)]
    whole = StreamClusterer()
    for it in items:
        whole.add(it)
    first = StreamClusterer()
    for it in items[:5]:
        first.add(it)
    resumed = pickle.loads(pickle.dumps(first))
    for it in items[5:]:
        resumed.add(it)
    assert resumed.assignment == whole.assignment


QUAKE_MORE = " Aftershocks rattled the valley while engineers inspected bridges, schools and the hospital for cracks."
BUDGET_MORE = " Opposition deputies called the spending plan reckless and vowed to challenge the pension rise in court."


def _write_corpus(folder: Path, names: list[str]) -> None:
    texts = {f"q{i}": (t + QUAKE_MORE, "2024-05-06") for i, t in enumerate(QUAKE)} | {
        f"b{i}": (t + BUDGET_MORE, "2024-05-07") for i, t in enumerate(BUDGET)
    }
    for name in names:
        text, day = texts[name]
        (folder / f"{name}.txt").write_text(f"Id: {name}\nPublished: {day}\n\nHeadline {name}\n\n{text}\n", encoding="utf-8")


def _event_groups(store_url: str) -> list[list[str]]:
    with open_store(store_url) as store:
        data = engine.bundle(store)
    groups: dict[str, list[str]] = defaultdict(list)
    for art in data["articles"]:
        groups[art["event"]].append(art["id"])
    return sorted(sorted(g) for g in groups.values())


def test_incremental_runs_equal_a_batch_run(tmp_path: Path) -> None:
    stages = ["clean", "nlp", "mentions", "duplicates", "events", "stories"]
    (tmp_path / "part1").mkdir()
    (tmp_path / "part2").mkdir()
    _write_corpus(tmp_path / "part1", ["q0", "b0"])
    _write_corpus(tmp_path / "part2", ["q1", "q2", "b1"])
    inc = f"sqlite:///{tmp_path / 'inc.db'}"
    with open_store(inc) as store:
        engine.ingest(store, [tmp_path / "part1"])
        engine.analyze(store, stages=stages)
        engine.ingest(store, [tmp_path / "part2"])
        engine.analyze(store, stages=stages)
    batch = f"sqlite:///{tmp_path / 'batch.db'}"
    with open_store(batch) as store:
        engine.ingest(store, [tmp_path / "part1", tmp_path / "part2"])
        engine.analyze(store, stages=stages)
    assert _event_groups(inc) == _event_groups(batch) == [["b0", "b1"], ["q0", "q1", "q2"]]


def test_sample_corpus_events_match_the_gold() -> None:
    data, g = analysed_bundle(), gold()
    ours: dict[str, set[str]] = defaultdict(set)
    for art in data["articles"]:
        if art["event"] is not None:
            ours[art["event"]].add(art["id"])
    expected = sorted(sorted(e["articles"]) for e in g["events"])
    assert sorted(sorted(members) for members in ours.values()) == expected
    for event in data["events"]:
        assert event["title"] and event["date"] is not None and event["story"] is not None


# Two floods of one kind in two towns: the kind's words are shared, the names and numbers are not.
FLOOD_A = [
    "Floods in the river town of Dornach forced 300 families from their homes on Tuesday, mayor Ilse Kern said.",
    "Mayor Ilse Kern said 300 families left Dornach as the river burst its banks and floods reached the homes.",
    "Rescue boats carried families from flooded homes in Dornach, where mayor Ilse Kern counted 300 evacuated.",
    "The river flooded Dornach overnight; Ilse Kern, the mayor, asked the 300 evacuated families to stay away.",
]
FLOOD_B = [
    "Governor Piet Alder ordered 80 households out of Varn on Friday after the river rose above its banks.",
    "In Varn, 80 households spent Friday night in a school gym; governor Piet Alder promised pumps by morning.",
    "Piet Alder, governor of the Varn district, said water stood a metre deep in 80 houses by Friday noon.",
    "Soldiers built sandbag walls around Varn while governor Piet Alder toured the 80 damaged houses.",
]


def _flood_docs() -> list[Item]:
    docs = [_doc(f"a{i}", t, None, ["Dornach", "Ilse Kern"]) for i, t in enumerate(FLOOD_A)]
    return docs + [_doc(f"b{i}", t, None, ["Varn", "Piet Alder"]) for i, t in enumerate(FLOOD_B)]


def test_the_second_pass_splits_two_same_kind_events_merged_on_shared_words() -> None:
    docs = _flood_docs()
    merged_everything = StreamConfig(threshold=0.0)
    assert _groups(cluster_events(docs, merged_everything, refine_config=RefineConfig(min_size=99))) == [
        sorted(d.id for d in docs)
    ]
    split = cluster_events(docs, merged_everything, refine_config=RefineConfig(min_size=6))
    assert _groups(split) == [["a0", "a1", "a2", "a3"], ["b0", "b1", "b2", "b3"]]
    # The parts are whole clusters again: profiles and titles follow their own members.
    for cluster in split:
        assert cluster.titles and len(cluster.titles) == 4
        assert ("varn" in cluster.entities) == (cluster.members[0].startswith("b"))


def test_the_second_pass_leaves_one_event_whole_and_small_parts_rejoin() -> None:
    docs = [_doc(f"a{i}", t, None, ["Dornach", "Ilse Kern"]) for i, t in enumerate(FLOOD_A * 2)]
    docs = [Item(f"a{i}", d.day, d.terms, d.entities, d.title_terms, d.title) for i, d in enumerate(docs)]
    assert len(cluster_events(docs, StreamConfig(threshold=0.0), refine_config=RefineConfig(min_size=6))) == 1
    # A cut that leaves a single stray member: it joins the part it resembles most.
    sim = np.array([[1.0, 0.9, 0.8, 0.05, 0.04], [0.9, 1.0, 0.85, 0.05, 0.04], [0.8, 0.85, 1.0, 0.1, 0.3],
                    [0.05, 0.05, 0.1, 1.0, 0.0], [0.04, 0.04, 0.3, 0.0, 1.0]])
    assert split_parts(sim, RefineConfig(distance=0.5, min_part=2)) == [[0, 1, 2, 3, 4]]
    assert split_parts(sim, RefineConfig(distance=0.5, min_part=1)) == [[0, 1, 2], [3], [4]]
