"""The ``stories`` corpus stage: events that continue one thread, linked into stories.

Events are visited in date order and clustered with the same streaming clusterer as
articles, over the profiles the ``events`` stage stored (centroid terms and central
entities), with a lower threshold and a time factor measured in weeks rather than days, so
that a truce, its extension and later talks meet across gaps. A story's title is its most
representative event title.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from storyline.cluster.options import with_overrides
from storyline.cluster.stream import Item, StreamClusterer, StreamConfig
from storyline.cluster.text import content_terms, tokens
from storyline.models import StageResult
from storyline.pipeline.events import cluster_id
from storyline.pipeline.registry import CorpusContext, stage

VERSION = "1"

DEFAULT_CONFIG = StreamConfig(
    threshold=0.2,
    entity_weight=0.5,
    use_idf=False,
    grace_days=14.0,
    scale_days=60.0,
    window_days=400.0,
)


def story_items(events: Sequence[Mapping[str, Any]], profiles: Mapping[str, Mapping[str, Any]]) -> list[Item]:
    """One item per event, in date order (undated last), built from the event profiles."""
    items = []
    for ev in events:
        prof = profiles.get(ev["id"], {})
        items.append(
            Item(
                id=ev["id"],
                day=prof.get("first_day"),
                terms={t: w for t, w in prof.get("terms", [])},
                entities={e: w for e, w in prof.get("entities", [])},
                title_terms=tuple(content_terms(tokens(ev.get("title", "")))),
                title=ev.get("title", ""),
            )
        )
    items.sort(key=lambda it: (it.day is None, it.day or 0))
    return items


def link_stories(items: Sequence[Item], config: StreamConfig | None = None) -> StreamClusterer:
    """Cluster event items into stories."""
    clusterer = StreamClusterer(config or DEFAULT_CONFIG)
    for item in items:
        clusterer.add(item)
    return clusterer


def result_data(clusterer: StreamClusterer) -> dict[str, Any]:
    """Bundle ``stories`` and the story of each event (``event_fields``)."""
    stories = []
    event_fields: dict[str, dict[str, Any]] = {}
    for cluster in clusterer.clusters:
        sid = cluster_id("st-", cluster.members[0])
        stories.append({"id": sid, "title": cluster.representative_title(), "events": list(cluster.members)})
        for eid in cluster.members:
            event_fields[eid] = {"story": sid}
    return {"stories": stories, "event_fields": event_fields}


@stage("stories", version=VERSION, scope="corpus", requires=("events",), assigns=("stories", "event_fields"))
def stories(ctx: CorpusContext) -> StageResult:
    """Link events into stories on shared central entities and terms, across time gaps."""
    config = with_overrides(DEFAULT_CONFIG, ctx.config.get("stories"), "stories")
    ev = ctx.corpus_results.get("events")
    if ev is None:
        return StageResult({"stories": [], "event_fields": {}})
    items = story_items(ev.data.get("events", []), ev.data.get("profiles", {}))
    return StageResult(result_data(link_stories(items, config)))
