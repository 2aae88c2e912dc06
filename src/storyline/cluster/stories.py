"""Stories: events that continue one thread, linked on shared central entities and terms.

Each event is represented by its profile (:func:`storyline.cluster.events.profile`: its
centroid's strongest terms and central entities). Events are merged by the same
average-linkage consolidation that merges event fragments (:mod:`storyline.cluster.merge`),
with a lower threshold and a time factor measured in weeks rather than days, so that a truce,
its extension and later talks meet across gaps. A story of several events is titled by its
central entities and its main developments ("Tarvik, Highland Front: truce, rebels, talks"), not
by one event's headline; a story of one event keeps that event's title.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from storyline.cluster.events import cluster_id
from storyline.cluster.merge import MergeConfig, consolidate
from storyline.cluster.stream import Cluster
from storyline.cluster.terms import content_terms, tokens

DEFAULT_CONFIG = MergeConfig(
    threshold=0.1,
    entity_weight=0.3,
    grace_days=14.0,
    scale_days=200.0,
    window_days=400.0,
)


def event_clusters(events: Sequence[Mapping[str, Any]], profiles: Mapping[str, Mapping[str, Any]]) -> list[Cluster]:
    """One single-member cluster per event, holding the unit vectors of its profile, in date order."""
    out = []
    for i, ev in enumerate(sorted(events, key=lambda e: (e.get("date") is None, e.get("date") or "", e["id"]))):
        prof = profiles.get(ev["id"], {})
        terms = _unit({t: w for t, w in prof.get("terms", [])})
        entities = _unit({e: w for e, w in prof.get("entities", [])})
        out.append(
            Cluster(
                id=i,
                members=[ev["id"]],
                first_day=prof.get("first_day"),
                last_day=prof.get("last_day"),
                terms=terms,
                terms_norm2=1.0 if terms else 0.0,
                entities=entities,
                entities_norm2=1.0 if entities else 0.0,
                titles=[(ev.get("title", ""), tuple(content_terms(tokens(ev.get("title", "")))), 0)],
            )
        )
    return out


def _unit(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {f: w / norm for f, w in vec.items()} if norm > 0 else {}


def link_stories(clusters: Sequence[Cluster], config: MergeConfig | None = None) -> list[Cluster]:
    """Merge event clusters into stories by average linkage over candidate pairs."""
    order = {c.members[0]: i for i, c in enumerate(clusters)}
    return consolidate(clusters, config or DEFAULT_CONFIG, order)


# How many central entities and development words a story's title names.
TITLE_ENTITIES = 2
TITLE_TERMS = 3


def story_title(cluster: Cluster) -> str:
    """A story's title from its central entities and its strongest development terms, each
    written as its event titles write it (a term no title uses is left out); the single
    event's title for a story of one event."""
    titles = [t for t, _, _ in cluster.titles if t]
    if len(cluster.members) < 2 or not titles:
        return cluster.representative_title()
    text = " \n ".join(titles)
    names: list[str] = []
    for entity, _ in cluster.top_entities(4 * TITLE_ENTITIES):
        found = re.search(rf"(?<!\w){re.escape(entity)}(?!\w)", text, re.IGNORECASE)
        if found and not any(entity in n.lower() or n.lower() in entity for n in names):
            names.append(found.group(0))
        if len(names) == TITLE_ENTITIES:
            break
    named = {w for n in names for w in content_terms(tokens(n))}
    named |= {w for e, _ in cluster.top_entities(8 * TITLE_ENTITIES) for w in content_terms(tokens(e))}
    surface: dict[str, Counter[str]] = {}
    # Development words are the common nouns and verbs the titles write in lower case (a
    # capitalised "Libyan" or "Gaddafi's" inside a title belongs to the entities).
    for title in titles:
        for i, word in enumerate(re.findall(r"[^\W\d_][\w'’-]*", title)):
            if word.islower() or (i == 0 and word[1:].islower()):  # a title's first word is capitalised anyway
                for term in content_terms(tokens(word)):
                    surface.setdefault(term, Counter())[word.lower()] += 1
    words: list[str] = []
    for term, _ in cluster.top_terms(8 * TITLE_TERMS):
        if term in named or term not in surface:
            continue
        # The commonest spelling, ties broken by the word: the title must not follow a hash seed.
        word = sorted(surface[term].items(), key=lambda wc: (-wc[1], wc[0]))[0][0]
        if any(word in w or w in word for w in words):
            continue  # "quake" after "earthquake"
        words.append(word)
        if len(words) == TITLE_TERMS:
            break
    if not names and not words:
        return cluster.representative_title()
    return f"{', '.join(names)}: {', '.join(words)}" if names and words else ", ".join(names or words)


def result_data(clusters: Sequence[Cluster]) -> dict[str, Any]:
    """Bundle ``stories`` and the story of each event (``event_fields``)."""
    stories = []
    event_fields: dict[str, dict[str, Any]] = {}
    for cluster in clusters:
        sid = cluster_id("st-", cluster.members[0])
        stories.append({"id": sid, "title": story_title(cluster), "events": list(cluster.members)})
        for eid in cluster.members:
            event_fields[eid] = {"story": sid}
    return {"stories": stories, "event_fields": event_fields}
