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
    out_units: list[dict[str, Any]] = []
    for unit, by_source in units.items():
        series: list[dict[str, Any]] = [
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
