"""The figures-over-time chart as inline SVG, drawn on the server.

Hand-written rather than a plotting library: the chart must be inline markup that works offline in
the static report and without JavaScript, with links and tooltips on its points. matplotlib's SVG
has neither, and a JavaScript charting library would be an external resource or a large inline blob.

One chart per quantity: x is the as-of date, y the value with the quantity's unit written along the
axis, one coloured series per source. A range ("20 to 25") is drawn as a vertical bar. A point in a
conflict gets a red ring.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from html import escape
from typing import Any

from markupsafe import Markup

# Eight colours that stay distinguishable for the common colour-vision deficiencies (Okabe & Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
CONFLICT = "#c1121f"
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 66, 16, 14, 34


def colour(i: int) -> str:
    """The colour of the ``i``-th series (cycling)."""
    return PALETTE[i % len(PALETTE)]


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` round tick values covering [low, high] (steps of 1, 2 or 5 times a power of ten)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value - round(value)) < 1e-9 else f"{value:,.2f}".rstrip("0").rstrip(".")


def _short(value: float) -> str:
    """A tick label that fits the margin: 1,500 → 1.5k, 2,000,000 → 2M."""
    for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return _fmt(value)


def _day(value: str | None) -> date | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def has_conflict(unit: Mapping[str, Any]) -> bool:
    """Whether the chart of ``unit`` draws a conflict ring: a dated point that is in a conflict."""
    return any(p["conflict"] and _day(p["date"]) is not None for s in unit["series"] for p in s["points"])


def figure_chart(unit: Mapping[str, Any], href: Callable[[Mapping[str, Any]], str | None] = lambda p: None) -> Markup:
    """An SVG line chart of one unit from :func:`storyline.compare.figures_by_source`.

    Args:
        unit: ``{unit, series: [{source, points: [{date, low, high, conflict, text, outlet}]}]}``.
        href: the link of a point (its article), or None for no link.

    Returns:
        The ``<svg>`` element, or an empty string when no point has a date.
    """
    series = [(s["source"], [(p, _day(p["date"])) for p in s["points"]]) for s in unit["series"]]
    dated = [(p, d) for _, pts in series for p, d in pts if d is not None]
    if not dated:
        return Markup("")
    days = [d.toordinal() for _, d in dated]
    x0, x1 = min(days) - 1, max(days) + 1
    ys = nice_ticks(min(0.0, min(p["low"] for p, _ in dated)), max(p["high"] for p, _ in dated))
    y0, y1 = ys[0], ys[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def sx(d: date) -> float:
        return LEFT + (d.toordinal() - x0) / (x1 - x0) * plot_w

    def sy(v: float) -> float:
        return TOP + (1 - (v - y0) / (y1 - y0)) * plot_h

    axis = str(unit.get("axis") or unit["unit"])
    title = f"{unit.get('title') or unit['unit']} over time: {len(dated)} dated figures from {len(series)} sources"
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">',
        f"<title>{escape(title)}</title>",
    ]
    for v in ys:
        y = sy(v)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_short(v)}</text>')
    # The unit on the value axis, written along it: "killed", "barrels a day".
    mid = TOP + plot_h / 2
    parts.append(
        f'<text class="axis-label" x="14" y="{mid:.1f}" text-anchor="middle" transform="rotate(-90 14 {mid:.1f})">{escape(axis)}</text>'
    )
    for d in _date_ticks(x0 + 1, x1 - 1):
        x = sx(d)
        parts.append(f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}"/>')
        parts.append(f'<text class="tick" x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{d.isoformat()}</text>')
    for i, (source, pts) in enumerate(series):
        parts.append(_series(i, source, [(p, d) for p, d in pts if d is not None], sx, sy, href))
    parts.append("</svg>")
    return Markup("".join(parts))


def _date_ticks(first: int, last: int, count: int = 6) -> list[date]:
    if last <= first:
        return [date.fromordinal(first)]
    step = max(1, math.ceil((last - first) / (count - 1)))
    return [date.fromordinal(o) for o in range(first, last + 1, step)]


def _series(
    i: int,
    source: str,
    pts: Sequence[tuple[Mapping[str, Any], date]],
    sx: Callable[[date], float],
    sy: Callable[[float], float],
    href: Callable[[Mapping[str, Any]], str | None],
) -> str:
    c = colour(i)
    out = [f'<g class="series" data-source="{escape(source)}">']
    if len(pts) > 1:
        path = " ".join(f"{sx(d):.1f},{sy((p['low'] + p['high']) / 2):.1f}" for p, d in pts)
        out.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" points="{path}"/>')
    for p, d in pts:
        x, mid = sx(d), sy((p["low"] + p["high"]) / 2)
        value = _fmt(p["low"]) if p["low"] == p["high"] else f"{_fmt(p['low'])}–{_fmt(p['high'])}"
        tip = f"{source}: {value} {p.get('unit', '')} as of {d.isoformat()} ({p['outlet']}: “{p['text']}”)"
        if p["conflict"]:
            tip += " — conflict: " + "; ".join(p["conflict"])
        mark = [f"<title>{escape(tip)}</title>"]
        if p["low"] != p["high"]:
            mark.append(f'<line stroke="{c}" stroke-width="3" x1="{x:.1f}" x2="{x:.1f}" y1="{sy(p["low"]):.1f}" y2="{sy(p["high"]):.1f}"/>')
        if p["conflict"]:
            mark.append(f'<circle class="conflict" cx="{x:.1f}" cy="{mid:.1f}" r="8" fill="none" stroke="{CONFLICT}" stroke-width="2.5"/>')
        mark.append(f'<circle class="point" cx="{x:.1f}" cy="{mid:.1f}" r="4.5" fill="{c}"/>')
        link = href(p)
        body = "".join(mark)
        out.append(f'<a href="{escape(link)}">{body}</a>' if link else f"<g>{body}</g>")
    out.append("</g>")
    return "".join(out)
