"""Quotes by speaker: who quoted whom across outlets, and which outlets left a speaker out."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from storyline.compare.scope import NO_EVENT, outlet_of, sort_outlets

_NON_WORD = re.compile(r"[^\w]+")


def speaker_unresolved(quote: Mapping[str, Any]) -> bool:
    """Whether a quote names no one: no speaker, or one the resolver could not tie to a person, a body
    or a document ("I" in a reader's comment, "the moderators"). Such a speaker is shown as
    unresolved, never as a name."""
    return not quote.get("speaker") or quote.get("speaker_type") in ("unresolved", "unknown")


def _quote_key(text: str) -> str:
    # The same quote carried by several outlets differs at most in punctuation, case and spacing.
    return _NON_WORD.sub(" ", text.lower()).strip()


def quotes_by_speaker(bundle: Mapping[str, Any], article_ids: Iterable[str]) -> dict[str, Any]:
    """Who quoted whom across outlets, and which outlets left a speaker out.

    An outlet "left out" a speaker when it covered at least one event in which another outlet
    quoted that speaker but did not quote them itself in any of those events. Without events
    (before clustering has run) the whole scope counts as one event.

    Returns:
        ``{outlets: [names], speakers: [{speaker, total, outlets: {outlet: n}, left_out: [outlets],
        quotes: [{text, kind, outlets, carriers: [{article, outlet}], first}]}], unattributed: n}``, speakers quoted by
        the most outlets first; ``unattributed`` counts the quotes whose speaker is unresolved
        (:func:`speaker_unresolved`), which are listed under no name.
    """
    by_id = {a["id"]: a for a in bundle["articles"]}
    scope = [aid for aid in dict.fromkeys(article_ids) if aid in by_id]
    scope_set = set(scope)
    event_of = {aid: by_id[aid].get("event") or NO_EVENT for aid in scope}
    outlets_per_event: dict[str, set[str]] = defaultdict(set)
    for aid in scope:
        outlets_per_event[event_of[aid]].add(outlet_of(by_id[aid]))
    all_outlets = Counter(outlet_of(by_id[aid]) for aid in scope)

    grouped: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    unattributed = 0
    for quote in bundle["quotes"]:
        if quote["article"] not in scope_set:
            continue
        if speaker_unresolved(quote):
            unattributed += 1
            continue
        grouped[quote["speaker"]].append(quote)

    speakers: list[dict[str, Any]] = []
    for speaker, quotes in grouped.items():
        per_outlet = Counter(outlet_of(by_id[q["article"]]) for q in quotes)
        quoted_in = {event_of[q["article"]] for q in quotes}
        covering = set().union(*(outlets_per_event[e] for e in quoted_in))
        distinct: dict[str, dict[str, Any]] = {}
        for q in sorted(quotes, key=lambda q: (by_id[q["article"]]["published"] or "9999", q["article"], q["start"])):
            item = distinct.setdefault(
                _quote_key(q["text"]),
                {"text": q["text"], "kind": q["kind"], "outlets": [], "carriers": [], "first": by_id[q["article"]]["published"]},
            )
            outlet = outlet_of(by_id[q["article"]])
            if outlet not in item["outlets"]:
                item["outlets"].append(outlet)
            if all(c["article"] != q["article"] for c in item["carriers"]):
                item["carriers"].append({"article": q["article"], "outlet": outlet})
        speakers.append(
            {
                "speaker": speaker,
                "total": len(quotes),
                "outlets": dict(per_outlet),
                "left_out": sorted(covering - set(per_outlet)),
                "quotes": sorted(distinct.values(), key=lambda d: (-len(d["outlets"]), d["first"] or "9999")),
            }
        )
    speakers.sort(key=lambda s: (-len(s["outlets"]), -s["total"], s["speaker"]))
    return {"outlets": sort_outlets(all_outlets), "speakers": speakers, "unattributed": unattributed}
