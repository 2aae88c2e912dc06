"""Coverage: which outlets covered which events, and who reported each event first."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from storyline.compare.scope import NO_EVENT, duplicate_kinds, outlet_of, sort_outlets

def coverage(bundle: Mapping[str, Any], article_ids: Iterable[str]) -> dict[str, Any]:
    """Which outlets covered which events, and who reported each event first.

    "First" is the earliest publication date among an event's articles. Dates carry no time of
    day, so several outlets can share it; a copy or rewrite of another article on that day is
    never counted as first, since its original came before it.

    Returns:
        ``{outlets: [names], events: [{id, title, date, cells: {outlet: [{id, published, kind}]},
        first: {date, outlets, articles} | None}], totals: {outlet: {articles, events, first,
        copies, rewrites}}}``; rows are in event-date order, undated events and articles that belong
        to no event last.
    """
    by_id = {a["id"]: a for a in bundle["articles"]}
    dupes = duplicate_kinds(bundle)
    arts = [by_id[aid] for aid in dict.fromkeys(article_ids) if aid in by_id]
    events = {e["id"]: e for e in bundle["events"]}
    rows: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for art in arts:
        rows[art["event"] if art.get("event") in events else NO_EVENT].append(art)

    per_outlet = Counter(outlet_of(a) for a in arts)
    outlets = sort_outlets(per_outlet)
    totals = {o: {"articles": per_outlet[o], "events": 0, "first": 0, "copies": 0, "rewrites": 0} for o in outlets}
    out_rows = []
    for eid, members in rows.items():
        ev = events.get(eid)
        cells: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for art in sorted(members, key=lambda a: (a["published"] or "9999", a["id"])):
            kind = dupes[art["id"]][1] if art["id"] in dupes else "original"
            cells[outlet_of(art)].append({"id": art["id"], "title": art["title"], "published": art["published"], "kind": kind})
            if kind != "original":
                totals[outlet_of(art)]["copies" if kind == "copy" else "rewrites"] += 1
        for outlet in cells:
            totals[outlet]["events"] += 1
        first = _first_report(members, dupes)
        if first is not None and eid != NO_EVENT:
            for outlet in first["outlets"]:
                totals[outlet]["first"] += 1
        out_rows.append(
            {
                "id": None if eid == NO_EVENT else eid,
                "title": ev["title"] if ev else NO_EVENT,
                "date": ev["date"] if ev else None,
                "cells": dict(cells),
                "first": first,
            }
        )
    out_rows.sort(key=lambda r: (r["id"] is None, r["date"] is None, r["date"] or "", r["title"]))
    return {"outlets": outlets, "events": out_rows, "totals": totals}


def _first_report(members: Sequence[Mapping[str, Any]], dupes: Mapping[str, tuple[str, str, float]]) -> dict[str, Any] | None:
    dated = [a for a in members if a["published"]]
    if not dated:
        return None
    day = min(a["published"] for a in dated)
    firsts = [a for a in dated if a["published"] == day and a["id"] not in dupes]
    if not firsts:  # every article of that day copies an earlier-dated or unknown original
        firsts = [a for a in dated if a["published"] == day]
    return {
        "date": day,
        "outlets": sorted({outlet_of(a) for a in firsts}),
        "articles": [a["id"] for a in firsts],
    }
