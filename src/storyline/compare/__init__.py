"""Outlet comparison over a story or an event: coverage, figures by source, quotes by speaker, framing.

Every function reads a ``storyline/1`` bundle (plus article texts for framing) and returns plain,
JSON-able data, so the web pages, their JSON twins and the static report share one computation.

* :func:`coverage`: which outlets covered which events, and who reported first.
* :func:`figures_by_source`: each counted quantity as series per source over time, conflicts marked.
* :func:`quotes_by_speaker`: who quoted whom, and which outlets covering the same events left a speaker out.
* :func:`framing`: the words that set each outlet apart, by log-odds ratios with an informative
  Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words", section 3.5), shown with counts.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

UNKNOWN_OUTLET = "(unknown outlet)"
NO_EVENT = "(no event)"
UNATTRIBUTED = "(unattributed)"
NO_UNIT = "(no unit)"

Span = tuple[int, int]


def outlet_of(article: Mapping[str, Any]) -> str:
    """An article's outlet name, or a placeholder when the input gave none."""
    return str(article.get("outlet") or UNKNOWN_OUTLET)


def scope_articles(bundle: Mapping[str, Any], *, story: str | None = None, event: str | None = None) -> list[str]:
    """The ids of the articles of one story or one event (all articles when neither is given)."""
    if event is not None:
        events = [e for e in bundle["events"] if e["id"] == event]
    elif story is not None:
        wanted = {eid for s in bundle["stories"] if s["id"] == story for eid in s["events"]}
        events = [e for e in bundle["events"] if e["id"] in wanted or e.get("story") == story]
    else:
        return [a["id"] for a in bundle["articles"]]
    ids: dict[str, None] = {}
    for ev in events:
        ids.update(dict.fromkeys(ev["articles"]))
    return list(ids)


def duplicate_kinds(bundle: Mapping[str, Any]) -> dict[str, tuple[str, str, float]]:
    """For each later article of a duplicate group: (original id, "copy"|"rewrite", score)."""
    kinds: dict[str, tuple[str, str, float]] = {}
    for group in bundle["duplicates"]:
        original, *later = group["articles"]
        for aid in later:
            kinds[aid] = (original, group["kind"], float(group["score"]))
    return kinds


def _sort_outlets(counts: Mapping[str, int]) -> list[str]:
    return sorted(counts, key=lambda o: (-counts[o], o.lower()))


# --- coverage ------------------------------------------------------------------------------------


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
    outlets = _sort_outlets(per_outlet)
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


# --- figures --------------------------------------------------------------------------------------


def _figure_key(ref: Any, figures: Sequence[Mapping[str, Any]], by_place: Mapping[tuple[str, int], int]) -> int | None:
    """The index in ``figures`` of one reference from ``conflicts[].figures``.

    The contract leaves the reference's form open; accepted: an index, ``{article, start}`` (a full
    figure item is one), or ``"article:start"``.
    """
    if isinstance(ref, bool):
        return None
    if isinstance(ref, int):
        return ref if 0 <= ref < len(figures) else None
    if isinstance(ref, Mapping) and "article" in ref and "start" in ref:
        return by_place.get((str(ref["article"]), int(ref["start"])))
    if isinstance(ref, str) and ":" in ref:
        article, _, start = ref.rpartition(":")
        if start.isdigit():
            return by_place.get((article, int(start)))
    return None


def resolve_conflicts(bundle: Mapping[str, Any]) -> list[dict[str, Any]]:
    """``conflicts[]`` with each figure reference resolved to its index in ``figures[]``.

    Returns:
        ``[{note, figures: [indices]}]``; references that match no figure are dropped.
    """
    figures = bundle["figures"]
    by_place = {(f["article"], int(f["start"])): i for i, f in enumerate(figures)}
    out = []
    for conflict in bundle["conflicts"]:
        keys = [_figure_key(ref, figures, by_place) for ref in conflict.get("figures", [])]
        out.append({"note": conflict["note"], "figures": [k for k in keys if k is not None]})
    return out


def figure_value(value: Any) -> tuple[float, float]:
    """A figure's value as (low, high); a single number gives low == high."""
    if isinstance(value, (list, tuple)):
        return float(value[0]), float(value[1])
    return float(value), float(value)


def quantity_labels(bundle: Mapping[str, Any]) -> dict[tuple[str, int], str]:
    """What each figure measures, by (article, start): the label of the ``series[]`` it belongs to.

    ``series`` is an optional bundle section (the figure_series stage): it tells apart figures of one
    unit that count different things ("hostages" vs "hostages · israeli").
    """
    labels: dict[tuple[str, int], str] = {}
    for series in bundle.get("series", []):
        for point in series["points"]:
            for ref in [point, *point.get("also", [])]:
                labels[(ref["article"], int(ref["start"]))] = series["quantity"]
    return labels


def _quantity(fig: Mapping[str, Any], labels: Mapping[tuple[str, int], str]) -> str:
    known = labels.get((fig["article"], int(fig["start"])))
    if known:
        return known
    unit = fig["unit"] or NO_UNIT
    scope = fig.get("scope") or []
    return f"{unit} · {', '.join(scope)}" if scope else unit


def figures_by_source(bundle: Mapping[str, Any], article_ids: Iterable[str]) -> dict[str, Any]:
    """The figures of some articles as series per source over time, one chart per quantity.

    A quantity is the label of the bundle's ``series[]`` item the figure belongs to, else its unit
    and scope. A point's date is the figure's as-of date, else its article's publication date;
    points with neither are listed but not plotted. A point in any of the bundle's conflicts is marked.

    Returns:
        ``{units: [{unit, series: [{source, points: [...]}], points, days, conflicts}], conflicts: [{note,
        figures: [point]}], undated: n}``; ``unit`` is the quantity's label and each point is
        ``{index, article, outlet, source, date, low, high, text, unit, conflict: [notes]}``.
    """
    scope = set(article_ids)
    by_id = {a["id"]: a for a in bundle["articles"]}
    conflicts = resolve_conflicts(bundle)
    notes: dict[int, list[str]] = defaultdict(list)
    for conflict in conflicts:
        for idx in conflict["figures"]:
            notes[idx].append(conflict["note"])

    labels = quantity_labels(bundle)
    points: dict[int, dict[str, Any]] = {}
    for idx, fig in enumerate(bundle["figures"]):
        if fig["article"] not in scope:
            continue
        art = by_id.get(fig["article"], {})
        low, high = figure_value(fig["value"])
        points[idx] = {
            "index": idx,
            "article": fig["article"],
            "outlet": outlet_of(art) if art else UNKNOWN_OUTLET,
            "source": fig["source"] or UNATTRIBUTED,
            "date": fig["date"] or art.get("published"),
            "low": low,
            "high": high,
            "text": fig["text"],
            "unit": _quantity(fig, labels),
            "conflict": notes.get(idx, []),
        }

    units: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for point in points.values():
        units[point["unit"]][point["source"]].append(point)
    out_units = []
    for unit, by_source in units.items():
        series = [
            {"source": source, "points": sorted(pts, key=lambda p: (p["date"] or "9999", p["index"]))}
            for source, pts in sorted(by_source.items(), key=lambda kv: (-len(kv[1]), kv[0].lower()))
        ]
        flat = [p for s in series for p in s["points"]]
        out_units.append(
            {
                "unit": unit,
                "series": series,
                "points": len(flat),
                "days": len({p["date"] for p in flat if p["date"]}),
                "conflicts": sum(1 for p in flat if p["conflict"]),
            }
        )
    # Disputed quantities first, then those followed over the most days: the ones worth a chart.
    out_units.sort(key=lambda u: (-u["conflicts"], -u["days"], -u["points"], u["unit"]))
    in_scope = [
        {"note": c["note"], "figures": [points[i] for i in c["figures"] if i in points]}
        for c in conflicts
        if any(i in points for i in c["figures"])
    ]
    return {"units": out_units, "conflicts": in_scope, "undated": sum(1 for p in points.values() if not p["date"])}


# --- quotes ---------------------------------------------------------------------------------------


_NON_WORD = re.compile(r"[^\w]+")


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
        the most outlets first.
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
        if not quote["speaker"]:
            unattributed += 1
            continue
        grouped[quote["speaker"]].append(quote)

    speakers = []
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
    return {"outlets": _sort_outlets(all_outlets), "speakers": speakers, "unattributed": unattributed}


# --- framing --------------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    # spaCy's English stop list: function words carry no framing and would crowd out content words.
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def tokens(text: str, exclude: Sequence[Span] = ()) -> list[str]:
    """Lower-cased content words of ``text``, leaving out stop words and the ``exclude`` spans."""
    stop = _stop_words()
    spans = sorted(exclude)
    out = []
    j = 0
    for m in _WORD.finditer(text):
        while j < len(spans) and spans[j][1] <= m.start():
            j += 1
        if j < len(spans) and spans[j][0] < m.end() and m.start() < spans[j][1]:
            continue
        word = m.group().lower().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if word not in stop and len(word) > 1:
            out.append(word)
    return out


def log_odds(
    counts: Mapping[str, Counter[str]], *, prior_share: float = 0.1
) -> dict[str, dict[str, tuple[float, float]]]:
    """Log-odds ratio of each word in each group against all other groups, with an informative prior.

    Follows Monroe, Colaresi & Quinn (2008), eq. 22 with an informative Dirichlet prior: the prior
    for word w is ``alpha_w = alpha_0 * pi_w``, where ``pi_w`` is w's share of the pooled counts of all
    groups and ``alpha_0 = prior_share * n`` with n the pooled token count: the prior weighs as much as
    that share of the data, so it shrinks rare words the same way on a small story and a large one.
    For group i against the rest j::

        delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
        var_w   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)

    Returns:
        ``{group: {word: (delta, z)}}`` with ``z = delta / sqrt(var)``, for words the group uses.
    """
    pooled: Counter[str] = Counter()
    for c in counts.values():
        pooled.update(c)
    n_pooled = sum(pooled.values())
    if not n_pooled:
        return {g: {} for g in counts}
    a0 = prior_share * n_pooled
    totals = {g: sum(c.values()) for g, c in counts.items()}
    out: dict[str, dict[str, tuple[float, float]]] = {}
    for group, c in counts.items():
        n_i = totals[group]
        n_j = n_pooled - n_i
        scores = {}
        for word, y_i in c.items():
            a_w = a0 * pooled[word] / n_pooled
            y_j = pooled[word] - y_i
            delta = math.log((y_i + a_w) / (n_i + a0 - y_i - a_w)) - math.log((y_j + a_w) / (n_j + a0 - y_j - a_w))
            var = 1.0 / (y_i + a_w) + 1.0 / (y_j + a_w)
            scores[word] = (delta, delta / math.sqrt(var))
        out[group] = scores
    return out


def framing(
    bundle: Mapping[str, Any],
    texts: Mapping[str, str],
    article_ids: Iterable[str],
    *,
    exclude: Mapping[str, Sequence[Span]] | None = None,
    top: int = 8,
    min_z: float = 1.96,
    prior_share: float = 0.1,
) -> dict[str, Any]:
    """The words that set each outlet's articles apart from the other outlets' on the same story.

    Each outlet's content words are compared with all other outlets' by :func:`log_odds`. Left out,
    because they are not the outlet's own word choice: verbatim copies of another outlet's article,
    direct quotes, and the ``exclude`` spans (typically named-entity mentions, so that names do not
    pass for framing). A word is listed for an outlet when its z-score is at least ``min_z`` (1.96:
    p < 0.05 two-sided) and the outlet used it at least twice.

    Returns:
        ``{outlets: [{outlet, tokens, articles, words: [{word, z, delta, count, others}]}],
        words: [{word, counts: {outlet: n}}], left_out: {copies: n, quotes: n},
        prior_share, min_z}``; ``words`` is the union of listed words with every outlet's count.
    """
    by_id = {a["id"]: a for a in bundle["articles"]}
    dupes = duplicate_kinds(bundle)
    scope = [aid for aid in dict.fromkeys(article_ids) if aid in by_id and aid in texts]
    quote_spans: dict[str, list[Span]] = defaultdict(list)
    for q in bundle["quotes"]:
        if q["kind"] == "direct" and q["article"] in texts:
            quote_spans[q["article"]].append((q["start"], q["end"]))
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    n_articles: Counter[str] = Counter()
    copies = 0
    for aid in scope:
        if aid in dupes and dupes[aid][1] == "copy":
            copies += 1
            continue
        spans = list(quote_spans.get(aid, ())) + list((exclude or {}).get(aid, ()))
        outlet = outlet_of(by_id[aid])
        counts[outlet].update(tokens(texts[aid], spans))
        n_articles[outlet] += 1

    scores = log_odds(counts, prior_share=prior_share) if len(counts) > 1 else {g: {} for g in counts}
    pooled: Counter[str] = Counter()
    for c in counts.values():
        pooled.update(c)
    outlets = []
    listed: dict[str, None] = {}
    for outlet in _sort_outlets(Counter({o: sum(c.values()) for o, c in counts.items()})):
        ranked = sorted(
            ((w, d, z) for w, (d, z) in scores[outlet].items() if z >= min_z and counts[outlet][w] >= 2),
            key=lambda t: (-t[2], t[0]),
        )[:top]
        words = [
            {"word": w, "z": round(z, 2), "delta": round(d, 3), "count": counts[outlet][w], "others": pooled[w] - counts[outlet][w]}
            for w, d, z in ranked
        ]
        listed.update(dict.fromkeys(w["word"] for w in words))
        outlets.append({"outlet": outlet, "tokens": sum(counts[outlet].values()), "articles": n_articles[outlet], "words": words})
    table = [{"word": w, "counts": {o["outlet"]: counts[o["outlet"]][w] for o in outlets}} for w in listed]
    return {
        "outlets": outlets,
        "words": table,
        "left_out": {"copies": copies, "quotes": sum(len(quote_spans.get(aid, ())) for aid in scope)},
        "prior_share": prior_share,
        "min_z": min_z,
    }
