"""The ``events`` corpus stage: streaming event clustering in publication order.

The clustering lives in :mod:`storyline.cluster.events`. Copies and rewrites found by the
``duplicates`` stage join their original's event directly; entity mentions come from the
``mentions`` stage.
"""

from __future__ import annotations

from storyline.cluster.events import DEFAULT_CONFIG, DEFAULT_MERGE, DEFAULT_REFINE, cluster_events, event_item, result_data
from storyline.cluster.options import with_overrides
from storyline.models import StageResult
from storyline.pipeline.registry import CorpusContext, stage

# "2": representative titles summed in title order (no longer in set order).
# "3": titles: an original's headline first, never a dateline, byline, live heading or site name;
# and a second pass splits large events that hold two same-kind happenings (refine).
VERSION = "3"


@stage(
    "events",
    version=VERSION,
    scope="corpus",
    requires=("mentions", "duplicates"),
    assigns=("events", "article_fields", "profiles"),
)
def events(ctx: CorpusContext) -> StageResult:
    """Streaming event clustering over articles in publication order; copies join their original's event."""
    config = with_overrides(DEFAULT_CONFIG, ctx.config.get("events"), "events")
    merge = with_overrides(DEFAULT_MERGE, ctx.config.get("events_merge"), "events")
    refine = with_overrides(DEFAULT_REFINE, ctx.config.get("events_refine"), "events")
    dup = ctx.corpus_results.get("duplicates")
    roots = {aid: f["duplicate_of"] for aid, f in (dup.data.get("article_fields", {}) if dup else {}).items()}
    items = (
        event_item(doc.article, doc.data("mentions").get("mentions", []), roots.get(doc.article.id))
        for doc in ctx.docs()
    )
    return StageResult(result_data(cluster_events(items, config, merge, refine)))
