"""The ``speakers`` stage: the bundle's quotes, each with its speaker's canonical name.

A corpus stage after ``quotes`` (per-article attributions whose source is resolved within the
article) and ``entities`` (canonical entities and each article's group → entity map). Each
attribution shown in the bundle (speech and belief, :data:`~storyline.quotes.canonical.BUNDLE_CLASSES`)
becomes a bundle quote through :func:`storyline.quotes.canonical.canonical_quote`.
"""

from __future__ import annotations

from storyline.models import StageResult
from storyline.pipeline.registry import CorpusContext, stage
from storyline.quotes.canonical import BUNDLE_CLASSES, canonical_quote, org_lookup



@stage("speakers", version="3", scope="corpus", requires=("quotes", "entities"), assigns=("quotes",))
def speakers_stage(ctx: CorpusContext) -> StageResult:
    """Every article's quotes with canonical speakers: the bundle's quotes section."""
    ent_result = ctx.corpus_results.get("entities")
    ent_data = ent_result.data if ent_result is not None else {}
    entities = {e["id"]: e for e in ent_data.get("entities", []) if "id" in e}
    resolution = ent_data.get("resolution", {})
    index = ent_data.get("index", {})
    orgs = org_lookup(entities, index)
    quotes = []
    for doc in ctx.docs():
        aid = doc.article.id
        for att in doc.data("quotes").get("attributions", []):
            if att.get("cls", "speech") not in BUNDLE_CLASSES:
                continue
            item = canonical_quote(att, resolution.get(aid, {}), entities, index, doc.article.published, orgs)
            quotes.append({"article": aid, **item})
    return StageResult({"quotes": quotes})
