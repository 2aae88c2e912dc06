"""The ``figure_series`` stage: the same quantity followed across articles, and conflicts between sources.

A corpus stage over every article's claims (the ``figures`` stage). It publishes the bundle's
``figures`` (each claim with its source named by its canonical entity, :mod:`storyline.figures.series`),
each quantity's ``series`` over time, and the ``conflicts`` between sources
(:mod:`storyline.figures.conflicts`). The claims live in an article stage because reading them
needs the parse; naming their sources needs the whole corpus.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from datetime import date
from typing import Any

from storyline.figures.conflicts import find_conflicts
from storyline.figures.series import (
    Claim,
    Context,
    SpeakerNamer,
    alias_map,
    anchor_of,
    build_series,
    canonical_figures,
    claims_of,
    is_bare,
    is_change,
    per_time,
    places_of,
)
from storyline.figures.sources import wire_agency
from storyline.models import StageResult
from storyline.pipeline.registry import CorpusContext, stage
from storyline.quotes.canonical import canonical_quote

# The series' version is "6": figures of two articles are compared only when tied to one place;
# "5" (a series is one quantity: what, scope, places and kind, with rates and
# revisions; a conflict is one pair of figures with its why and both sentences; wire copy speaks for
# its agency); "+entities" is kept from the time that input was optional.
VERSION = "6+entities"


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
        wire = wire_agency(art.text)
        if wire:
            for item in items:
                if not item.get("source"):
                    item["source"] = wire  # wire copy: its unattributed figures are the agency's (docs/annotation.md §7.11)
        figures.extend(items)
        # The parse is read again only for articles with a dated figure: the rest take part in no conflict.
        dated = [f for f in items if f.get("date") and f.get("unit")]
        sdoc = doc.spacy_doc if dated else None
        bare = [f for f in dated if is_bare(f["unit"], f.get("scope") or ())]
        anchors = {int(f["start"]): anchor_of(sdoc, int(f["start"]), int(f["end"])) for f in bare} if sdoc is not None else {}
        places = {int(f["start"]): places_of(sdoc, int(f["start"]), int(f["end"])) for f in dated} if sdoc is not None else {}
        context = _context(sdoc, dated) if sdoc is not None else {}
        claims.extend(claims_of(art.id, art.outlet, published, items, {}, anchors, places, context))
    return StageResult({"figures": figures, "series": build_series(claims), "conflicts": find_conflicts(claims)})


def _context(sdoc: Any, figures: list[dict[str, Any]]) -> dict[int, Context]:
    """Each figure's sentence (number and text) and whether the words around it make it a rate."""
    sents = list(sdoc.sents)
    starts = [s.start_char for s in sents]
    text = sdoc.text
    out: dict[int, Context] = {}
    for f in figures:
        start, end = int(f["start"]), int(f["end"])
        k = bisect_right(starts, start) - 1
        sent = sents[k] if k >= 0 else None
        out[start] = Context(
            sentence_no=k,
            sentence=sent.text if sent is not None else "",
            previous=sents[k - 1].text if k > 0 else "",
            per=per_time(text[max(0, start - 40) : start], text[end : end + 40]),
            change=is_change(text[max(0, start - 30) : start]),
        )
    return out
