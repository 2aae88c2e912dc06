"""What a story gained since a moment: new events, new articles per outlet, figures that moved,
new conflicts, new speakers and new quotes from known ones, new timeline entries.

The moment is given as the set of articles stored since then (``fresh``); everything else in the
story is what the reader had already seen. Every item of the bundle points to the articles it
comes from, so "new" is read from them:

* an event, a timeline entry or a series point is **new** when all its articles are fresh; an
  event that also holds earlier articles **grew**;
* a figure **moved** when a series has a new point and an earlier one: the change is told against
  the latest earlier point (a lower running total from the same source is a revision);
* a conflict is **new** when its earlier figures alone would not make it, that is, they give
  fewer than two different values;
* a speaker is **new** when all their quotes in the story come from fresh articles; the other
  quotes of fresh articles are new quotes from known speakers.

Pure: reads a ``storyline/1`` bundle and returns plain data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any

from storyline.compare.quotes import speaker_unresolved
from storyline.compare.scope import UNKNOWN_OUTLET, outlet_of


def story_changes(bundle: dict[str, Any], story_id: str, fresh: Collection[str]) -> dict[str, Any]:
    """What story ``story_id`` of ``bundle`` gained from the articles in ``fresh``.

    Raises:
        KeyError: the bundle has no story ``story_id``.
    """
    stories = {s["id"]: s for s in bundle["stories"]}
    story = stories[story_id]
    events = {e["id"]: e for e in bundle["events"]}
    event_ids = [e for e in story["events"] if e in events]
    ids = {a for e in event_ids for a in events[e]["articles"]}
    new = ids.intersection(fresh)
    articles = {a["id"]: a for a in bundle["articles"]}
    out = {
        "story": {"id": story_id, "title": story["title"], "articles": len(ids)},
        "new_articles": len(new),
        "events": _events(events, event_ids, new),
        "outlets": _outlets(articles, new),
        "figures": _figures(bundle.get("series", []), ids, new),
        "conflicts": _conflicts(bundle.get("conflicts", []), bundle.get("figures", []), ids, new),
        **_speakers(bundle.get("quotes", []), ids, new, articles),
        "timeline": [
            {"date": t["date"], "text": t["text"], "outlets": t.get("outlets", []), "articles": t["articles"]}
            for t in sorted(bundle.get("timeline", []), key=lambda t: t["date"])
            if t.get("story") == story_id and t["articles"] and new.issuperset(t["articles"])
        ],
    }
    out["counts"] = {
        "articles": len(new),
        "events": len([e for e in out["events"] if e["status"] == "new"]),
        "figures": len(out["figures"]),
        "conflicts": len(out["conflicts"]),
        "speakers": len(out["new_speakers"]),
        "quotes": sum(len(s["quotes"]) for s in out["new_speakers"]) + sum(len(s["quotes"]) for s in out["known_speakers"]),
        "timeline": len(out["timeline"]),
    }
    return out


def _events(events: dict[str, dict[str, Any]], event_ids: list[str], new: set[str]) -> list[dict[str, Any]]:
    out = []
    for eid in event_ids:
        ev = events[eid]
        added = [a for a in ev["articles"] if a in new]
        if not added:
            continue
        status = "new" if len(added) == len(ev["articles"]) else "grew"
        out.append({"id": eid, "title": ev["title"], "date": ev["date"], "status": status, "new_articles": len(added),
                    "articles": len(ev["articles"])})
    return sorted(out, key=lambda e: (e["status"] != "new", e["date"] or "9999", e["id"]))


def _outlets(articles: dict[str, dict[str, Any]], new: set[str]) -> list[dict[str, Any]]:
    by_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for aid in sorted(new):
        art = articles.get(aid)
        outlet = outlet_of(art) if art else UNKNOWN_OUTLET
        by_outlet[outlet].append({"id": aid, "title": art["title"] if art else aid, "published": art["published"] if art else None})
    return [
        {"outlet": o, "articles": sorted(items, key=lambda a: (a["published"] or "", a["id"]))}
        for o, items in sorted(by_outlet.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]


def _point_articles(point: dict[str, Any]) -> list[str]:
    return [point["article"], *(also["article"] for also in point.get("also", []))]


def _figures(series: Iterable[dict[str, Any]], ids: set[str], new: set[str]) -> list[dict[str, Any]]:
    out = []
    for s in series:
        points = [p for p in s["points"] if ids.intersection(_point_articles(p))]
        fresh = [p for p in points if new.issuperset(_point_articles(p))]
        if not fresh:
            continue
        earlier = sorted((p for p in points if p not in fresh), key=lambda p: p["date"] or "")
        before = earlier[-1] if earlier else None
        latest = sorted(fresh, key=lambda p: p["date"] or "")[-1]
        out.append(
            {
                "quantity": s["quantity"],
                "unit": s.get("unit"),
                "scope": s.get("scope", []),
                "kind": s.get("kind"),
                "before": _point(before) if before else None,
                "now": [_point(p) for p in sorted(fresh, key=lambda p: (p["date"] or "", p["start"]))],
                "change": _change(s.get("kind"), before, latest),
            }
        )
    return sorted(out, key=lambda f: (f["before"] is None, f["quantity"]))


def _point(p: dict[str, Any]) -> dict[str, Any]:
    return {k: p.get(k) for k in ("date", "value", "qualifier", "source", "text", "article")}


def _number(value: Any) -> float | None:
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, list) and value and all(isinstance(v, (int, float)) for v in value):
        return float(value[-1])  # a range: its top
    return None


def _change(kind: str | None, before: dict[str, Any] | None, latest: dict[str, Any]) -> str:
    """"first" (no earlier figure), "up", "down", "same" or "revised" (a lower running total from the same source)."""
    if before is None:
        return "first"
    old, now = _number(before["value"]), _number(latest["value"])
    if old is None or now is None or old == now:
        return "same"
    if now < old and kind == "running_total" and before.get("source") == latest.get("source"):
        return "revised"
    return "up" if now > old else "down"


def _conflicts(
    conflicts: Iterable[dict[str, Any]], figures: Iterable[dict[str, Any]], ids: set[str], new: set[str]
) -> list[dict[str, Any]]:
    value_of = {(f["article"], f["start"], f["end"]): (f.get("source"), repr(f.get("value"))) for f in figures}
    out = []
    for c in conflicts:
        refs = [r for r in c["figures"] if r["article"] in ids]
        if not refs or not new.intersection(r["article"] for r in refs):
            continue
        earlier = {value_of.get((r["article"], r["start"], r["end"]), (None, None))[1] for r in refs if r["article"] not in new}
        if len(earlier - {None}) >= 2:
            continue  # the earlier articles already held this conflict
        out.append({k: c[k] for k in c if k != "figures"} | {"articles": sorted({r["article"] for r in refs})})
    return out


def _speakers(quotes: Iterable[dict[str, Any]], ids: set[str], new: set[str], articles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    by_speaker: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in quotes:
        if q["article"] in ids:
            by_speaker["unresolved" if speaker_unresolved(q) else q["speaker"]].append(q)
    new_speakers: list[dict[str, Any]] = []
    known: list[dict[str, Any]] = []
    for speaker, items in sorted(by_speaker.items()):
        fresh = [q for q in items if q["article"] in new]
        if not fresh:
            continue
        listed = [
            {"text": q["text"], "kind": q.get("kind"), "article": q["article"],
             "outlet": outlet_of(articles[q["article"]]) if q["article"] in articles else UNKNOWN_OUTLET}
            for q in sorted(fresh, key=lambda q: (q["article"], q["start"]))
        ]
        nobody = speaker == "unresolved" or speaker.startswith("anonymous")
        (new_speakers if len(fresh) == len(items) and not nobody else known).append({"speaker": speaker, "quotes": listed})
    return {"new_speakers": new_speakers, "known_speakers": known}


__all__ = ["story_changes"]
