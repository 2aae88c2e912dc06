"""Stories: events that continue one thread, linked on shared central entities and terms.

Each event is represented by its profile (:func:`storyline.cluster.events.profile`: its
centroid's strongest terms and central entities). Events are merged by the same
average-linkage consolidation that merges event fragments (:mod:`storyline.cluster.merge`),
with a lower threshold and a time factor measured in weeks rather than days, so that a truce,
its extension and later talks meet across gaps. A story's title is its most representative
event title.
"""

from __future__ import annotations

import math
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
                titles=[(ev.get("title", ""), tuple(content_terms(tokens(ev.get("title", "")))))],
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


def result_data(clusters: Sequence[Cluster]) -> dict[str, Any]:
    """Bundle ``stories`` and the story of each event (``event_fields``)."""
    stories = []
    event_fields: dict[str, dict[str, Any]] = {}
    for cluster in clusters:
        sid = cluster_id("st-", cluster.members[0])
        stories.append({"id": sid, "title": cluster.representative_title(), "events": list(cluster.members)})
        for eid in cluster.members:
            event_fields[eid] = {"story": sid}
    return {"stories": stories, "event_fields": event_fields}
