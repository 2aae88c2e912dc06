"""The ``figure_series`` stage: the same quantity followed across articles, and conflicts between sources.

A corpus stage over every article's claims (the ``figures`` stage). It publishes the bundle's
``figures`` (each claim with its source named by its canonical entity, :mod:`storyline.figures.series`),
each quantity's ``series`` over time, and the ``conflicts`` between sources
(:mod:`storyline.figures.conflicts`). The claims live in an article stage because reading them
needs the parse; naming their sources needs the whole corpus.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from storyline.figures.conflicts import find_conflicts
from storyline.figures.series import Claim, SpeakerNamer, alias_map, anchor_of, places_of, build_series, canonical_figures, claims_of, is_bare
from storyline.models import StageResult
from storyline.pipeline.registry import CorpusContext, stage
from storyline.quotes.canonical import canonical_quote

# The series' version is "4" (conflicts compare figures of one place only and carry a ``why``);
# "+entities" is kept from the time that input was optional.
VERSION = "4+entities"


def _speaker_namer(
    entities: dict[str, dict[str, Any]], index: dict[str, Any], resolution: dict[str, str], published: date | None
) -> SpeakerNamer:
    """Names a claim's in-article speaker the way the ``speakers`` stage names a quote's.

    Args:
        entities: the corpus entities by id.
        index: the entities stage's index (roles and genders by entity id).
        resolution: the article's in-article group → entity id map.
        published: the article's publication date (a role is held at a time).
    """

    def name(speaker: Mapping[str, Any], claim: Mapping[str, Any]) -> str | None:
        att = {"speaker": speaker, "text": "", "kind": "indirect", "start": claim["start"], "end": claim["end"]}
        named: str | None = canonical_quote(att, resolution, entities, index, published).get("speaker")
        return named

    return name


@stage(
    "figure_series",
    version=VERSION,
    scope="corpus",
    requires=("nlp", "figures", "entities"),
    assigns=("figures", "series", "conflicts"),
)
def figure_series(ctx: CorpusContext) -> StageResult:
    """Follow each quantity over time and flag figures that conflict between sources."""
    ents = ctx.corpus_results.get("entities")
    aliases = alias_map(ents.data.get("entities", [])) if ents is not None else {}
    by_id = {e["id"]: e for e in ents.data.get("entities", []) if "id" in e} if ents is not None else {}
    figures: list[dict[str, Any]] = []
    claims: list[Claim] = []
    for doc in ctx.docs():
        art = doc.article
        published = art.published.isoformat() if art.published else None
        namer = None
        if ents is not None:
            namer = _speaker_namer(by_id, ents.data.get("index", {}), ents.data.get("resolution", {}).get(art.id, {}), art.published)
        items = canonical_figures(art.id, doc.data("figures").get("claims", []), aliases, namer)
        figures.extend(items)
        # The parse is rebuilt only for articles with a dated figure: the rest take part in no conflict.
        dated = [f for f in items if f.get("date") and f.get("unit")]
        bare = [f for f in dated if is_bare(f["unit"], f.get("scope") or ())]
        anchors = {int(f["start"]): anchor_of(doc.spacy_doc, int(f["start"]), int(f["end"])) for f in bare} if bare else {}
        places = {int(f["start"]): places_of(doc.spacy_doc, int(f["start"]), int(f["end"])) for f in dated}
        claims.extend(claims_of(art.id, art.outlet, published, items, {}, anchors, places))
    return StageResult({"figures": figures, "series": build_series(claims), "conflicts": find_conflicts(claims)})
