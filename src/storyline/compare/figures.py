"""Figures by source: each counted quantity as series per source over time, conflicts marked."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from storyline.compare.scope import NO_UNIT, UNATTRIBUTED, UNKNOWN_OUTLET, outlet_of

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
        ``[{note, why, sides, figures: [indices]}]``; references that match no figure are dropped.
        ``sides`` are the conflict's two figures as the bundle gives them (value, source, sentence),
        each with its ``index`` in ``figures[]`` (None when it matches none).
    """
    figures = bundle["figures"]
    by_place = {(f["article"], int(f["start"])): i for i, f in enumerate(figures)}
    out = []
    for conflict in bundle["conflicts"]:
        keys = [_figure_key(ref, figures, by_place) for ref in conflict.get("figures", [])]
        sides = [{**side, "index": _figure_key(side, figures, by_place)} for side in conflict.get("sides", [])]
        out.append({"note": conflict["note"], "why": conflict.get("why", ""), "sides": sides, "figures": [k for k in keys if k is not None]})
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
    return {key: s["quantity"] for key, s in _series_of(bundle).items()}


def _series_of(bundle: Mapping[str, Any]) -> dict[tuple[str, int], Mapping[str, Any]]:
    """The ``series[]`` item each figure belongs to, by (article, start)."""
    out: dict[tuple[str, int], Mapping[str, Any]] = {}
    for series in bundle.get("series", []):
        for point in series["points"]:
            for ref in [point, *point.get("also", [])]:
                out[(ref["article"], int(ref["start"]))] = series
    return out


_KIND_WORDS = {"running_total": "running total", "period": "count for one day or event", "stock": "count at the time",
               "rate": "rate", "estimate_range": "projection", "cumulative": "running total", "increment": "count for one day or event"}


def quantity_words(series: Mapping[str, Any]) -> tuple[str, str]:
    """A quantity in words for a chart's title, and the unit for its value axis.

    ``series`` is a ``series[]`` item: "killed · israeli (running total)" reads "Killed, israeli: running
    total" with the axis "killed"; "barrels a day" (a rate) has the axis "barrels a day".
    """
    what = str(series.get("what") or series.get("unit") or NO_UNIT)
    scope = ", ".join(series.get("scope") or [])
    kind = _KIND_WORDS.get(series.get("kind") or "", "")
    title = what[:1].upper() + what[1:] + (f", {scope}" if scope else "") + (f": {kind}" if kind else "")
    return title, what


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
        ``{units: [{unit, title, axis, series: [{source, points: [...]}], points, days, conflicts}],
        conflicts: [{note, why, sides, figures: [point]}], undated: n}``; ``unit`` is the quantity's
        label, ``title`` the quantity in words and ``axis`` the unit of its values (:func:`quantity_words`);
        each point is ``{index, article, outlet, source, attributed, date, low, high, text, unit,
        conflict: [notes]}``, and a figure without attribution has its outlet as ``source``.
    """
    scope = set(article_ids)
    by_id = {a["id"]: a for a in bundle["articles"]}
    conflicts = resolve_conflicts(bundle)
    notes: dict[int, list[str]] = defaultdict(list)
    for conflict in conflicts:
        for idx in conflict["figures"]:
            notes[idx].append(conflict["note"])

    labels = quantity_labels(bundle)
    series_of = _series_of(bundle)
    words: dict[str, tuple[str, str]] = {}
    points: dict[int, dict[str, Any]] = {}
    for idx, fig in enumerate(bundle["figures"]):
        if fig["article"] not in scope:
            continue
        art = by_id.get(fig["article"], {})
        low, high = figure_value(fig["value"])
        outlet = outlet_of(art) if art else UNKNOWN_OUTLET
        quantity = _quantity(fig, labels)
        found = series_of.get((fig["article"], int(fig["start"])))
        words.setdefault(quantity, quantity_words(found) if found else (quantity[:1].upper() + quantity[1:], fig["unit"] or NO_UNIT))
        points[idx] = {
            "index": idx,
            "article": fig["article"],
            "outlet": outlet,
            # A figure the outlet states on its own authority is the outlet's (not "unattributed").
            "source": fig["source"] or (outlet if art else UNATTRIBUTED),
            "attributed": bool(fig["source"]),
            "date": fig["date"] or art.get("published"),
            "low": low,
            "high": high,
            "text": fig["text"],
            "unit": quantity,
            "conflict": notes.get(idx, []),
        }

    units: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for point in points.values():
        units[point["unit"]][point["source"]].append(point)
    out_units: list[dict[str, Any]] = []
    for unit, by_source in units.items():
        series: list[dict[str, Any]] = [
            {"source": source, "points": sorted(pts, key=lambda p: (p["date"] or "9999", p["index"]))}
            for source, pts in sorted(by_source.items(), key=lambda kv: (-len(kv[1]), kv[0].lower()))
        ]
        flat = [p for s in series for p in s["points"]]
        title, axis = words.get(unit, (unit, unit))
        out_units.append(
            {
                "unit": unit,
                "title": title,
                "axis": axis,
                "series": series,
                "points": len(flat),
                "days": len({p["date"] for p in flat if p["date"]}),
                "conflicts": sum(1 for p in flat if p["conflict"]),
            }
        )
    # Disputed quantities first, then those followed over the most days: the ones worth a chart.
    out_units.sort(key=lambda u: (-u["conflicts"], -u["days"], -u["points"], u["unit"]))
    in_scope = [
        {"note": c["note"], "why": c["why"], "sides": c["sides"], "figures": [points[i] for i in c["figures"] if i in points]}
        for c in conflicts
        if any(i in points for i in c["figures"])
    ]
    return {"units": out_units, "conflicts": in_scope, "undated": sum(1 for p in points.values() if not p["date"])}
