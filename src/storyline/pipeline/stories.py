"""The ``stories`` corpus stage: events that continue one thread, linked into stories.

The linking lives in :mod:`storyline.cluster.stories`; it reads the events and the profiles
that the ``events`` stage stored.
"""

from __future__ import annotations

from storyline.cluster.options import with_overrides
from storyline.cluster.stories import DEFAULT_CONFIG, DEFAULT_FOLD, event_clusters, link_stories, result_data
from storyline.models import StageResult
from storyline.pipeline.registry import CorpusContext, stage

# "2": a story of several events is titled by its central entities and developments; a looser
# link (threshold 0.04, entity weight 0.5) and single-article stories folded under the nearest
# story (fold_singles).
VERSION = "2"


@stage("stories", version=VERSION, scope="corpus", requires=("events",), assigns=("stories", "event_fields"))
def stories(ctx: CorpusContext) -> StageResult:
    """Link events into stories on shared central entities and terms, across time gaps."""
    config = with_overrides(DEFAULT_CONFIG, ctx.config.get("stories"), "stories")
    fold = with_overrides(DEFAULT_FOLD, ctx.config.get("stories_fold"), "stories")
    ev = ctx.corpus_results.get("events")
    if ev is None:
        return StageResult({"stories": [], "event_fields": {}})
    profiles = ev.data.get("profiles", {})
    clusters = event_clusters(ev.data.get("events", []), profiles)
    sizes = {eid: int(p.get("size", 1)) for eid, p in profiles.items()}
    return StageResult(result_data(link_stories(clusters, config, fold, sizes)))
