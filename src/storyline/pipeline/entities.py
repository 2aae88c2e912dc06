"""The ``entities`` stage: canonical people, organisations and places across the whole corpus.

A corpus stage over each article's groups (the ``people`` stage), merged across articles by
:func:`storyline.people.corpus.merge_corpus`. The result holds the bundle's ``entities``; per
article, the entity id of each in-article group (``resolution``), which the ``speakers`` stage
uses to give quotes their canonical speaker; and, per entity, what the speakers stage looks
roles and genders up in (``index``).
"""

from __future__ import annotations

from storyline.models import StageResult
from storyline.people.corpus import merge_corpus
from storyline.pipeline.people import people_of
from storyline.pipeline.registry import CorpusContext, stage


@stage("entities", version="3", scope="corpus", requires=("people",), assigns=("entities", "resolution", "index"))
def entities_stage(ctx: CorpusContext) -> StageResult:
    """Canonical people, organisations and places across all articles, with aliases and titles."""
    per_article = [(doc.article.id, doc.article.published, people_of(doc)) for doc in ctx.docs()]
    merged, resolution = merge_corpus(per_article)
    items = [e.as_item() for e in merged]
    index = {
        e.id: {"roles": sorted(e.titles), "dates": sorted({d.isoformat() for d in e.dates}), "gender": e.gender, "key": e.key}
        for e in merged
    }
    return StageResult({"entities": items, "resolution": resolution, "index": index})
