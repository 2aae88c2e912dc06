"""The ``timeline`` corpus stage: for each story, the days that matter, each told by a sentence.

The summariser lives in :mod:`storyline.tls` (:mod:`storyline.tls.stories` for the per-story
part). The stage reads sentence spans from the shared spaCy pass (``nlp``), resolved date
expressions (``dates``), copies and rewrites (``duplicates``, left out of the evidence) and the
``events`` and ``stories`` that group the articles.
"""

from __future__ import annotations

from storyline.cluster.options import with_overrides
from storyline.models import StageResult
from storyline.pipeline.registry import CorpusContext, stage
from storyline.tls import TlsConfig
from storyline.tls.stories import Coverage, article_sentences, story_timelines

# "3": topic words tie-broken by word, so the same input gives the same timeline under any hash seed.
# "4": every event of a story gets an entry, told by its main development (what its reports lead with).
VERSION = "4"

DEFAULT_CONFIG = TlsConfig()


@stage(
    "timeline",
    version=VERSION,
    scope="corpus",
    requires=("nlp", "dates", "duplicates", "events", "stories"),
    assigns=("timeline",),
)
def timeline(ctx: CorpusContext) -> StageResult:
    """Per story, the days that matter (how often and how prominently articles name them) and the
    most representative sentence for each, deduplicated across outlets and copies."""
    config = with_overrides(DEFAULT_CONFIG, ctx.config.get("timeline"), "timeline")
    dup = ctx.corpus_results.get("duplicates")
    ev = ctx.corpus_results.get("events")
    st = ctx.corpus_results.get("stories")
    fields = dup.data.get("article_fields", {}) if dup else {}
    coverage = Coverage({aid: f["duplicate_of"] for aid, f in fields.items() if f.get("duplicate_of")})
    for doc in ctx.docs():
        art = doc.article
        if coverage.is_copy(art.id):
            coverage.add(art)
        else:
            coverage.add(art, article_sentences(art, doc.data("nlp").get("sentences", []), doc.data("dates").get("dates", [])))
    event_of = {aid: f.get("event") for aid, f in (ev.data.get("article_fields", {}) if ev else {}).items()}
    events = ev.data.get("events", []) if ev else []
    stories = st.data.get("stories", []) if st else []
    return StageResult({"timeline": story_timelines(coverage, stories, events, event_of, config)})
