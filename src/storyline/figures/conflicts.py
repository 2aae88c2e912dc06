"""Conflicts: figures of one quantity and as-of date, from different sources, that no single value satisfies.

Each figure stands for the interval its qualifier allows (:func:`storyline.figures.series.interval`),
so differences the wording explains are not conflicts. Differences of scope are not either: "110
hostages, including 80 Israelis" gives a figure for Israeli hostages (80) that is compared with
other counts of Israeli hostages only, never with the 110. A bare count
(:func:`storyline.figures.series.is_bare`) conflicts only with bare counts of the same anchor, and
one with no anchor takes part in no conflict. Figures tied to different places ("Canada has seen 15
deaths", "deaths in Mexico", :func:`storyline.figures.series.places_of`) measure different
quantities, and a figure tied to a place is not compared with one tied to none (a national or world
count). Within one article, a lower figure set beside a running total, and not marked as one, is read
as a share of that total (one day's, one town's), not as a rival count.

Each conflict carries a ``note`` (what disagrees) and a ``why``: one sentence naming two sources
whose figures no single value satisfies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from storyline.figures.numbers import as_json
from storyline.figures.series import Claim, Quantity, compatible, is_bare


def find_conflicts(claims: Sequence[Claim]) -> list[dict[str, Any]]:
    """Figures of one quantity and as-of date, from different sources, that no single value satisfies.

    A bare count is compared only with bare counts of the same anchor, and not at all without one.
    """
    # The key: the quantity, the as-of day, a bare count's anchor and the places the figure is tied to.
    groups: dict[tuple[Quantity, str, str, tuple[str, ...]], list[Claim]] = defaultdict(list)
    for claim in claims:
        if not claim.date:
            continue
        anchor = ""
        if is_bare(claim.quantity.unit, claim.quantity.scope):
            if not claim.anchor:
                continue
            anchor = claim.anchor
        groups[(claim.quantity, claim.date, anchor, claim.places)].append(claim)
    out = []
    for (quantity, day, _, places), members in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0].label, kv[0][2], kv[0][3])):
        by_source: dict[str, list[Claim]] = defaultdict(list)
        for c in members:
            by_source[c.source].append(c)
        if len(by_source) < 2:
            continue
        clashing: list[Claim] = []
        first: tuple[Claim, Claim] | None = None
        sources = sorted(by_source)
        for i, s1 in enumerate(sources):
            for s2 in sources[i + 1 :]:
                for a in by_source[s1]:
                    for b in by_source[s2]:
                        if not compatible(a, b) and not _part_of_total(a, b):
                            clashing.extend(c for c in (a, b) if c not in clashing)
                            first = first or (a, b)
        if not clashing or first is None:
            continue
        clashing.sort(key=lambda c: (c.source, c.article, c.start))
        label = _label(quantity, places)
        out.append({"figures": [c.ref for c in clashing], "note": _note(label, day, clashing), "why": _why(label, day, *first)})
    return out


def _label(quantity: Quantity, places: tuple[str, ...]) -> str:
    """The quantity's label with the places it is tied to: "killed in mexico"."""
    return f"{quantity.label} in {', '.join(places)}" if places else quantity.label


def _shown(c: Claim) -> str:
    """A figure's value as its qualifier gives it: "at least 31", "20,000–40,000"."""
    value = as_json(c.value)
    shown = f"{value[0]:,}–{value[1]:,}" if isinstance(value, list) else f"{value:,}"
    return f"{c.qualifier} {shown}" if c.qualifier and c.qualifier != "between" else shown


def _why(label: str, day: str, a: Claim, b: Claim) -> str:
    """One sentence saying why two figures conflict."""
    return (
        f"For {label} on {day}, {a.source} gives {_shown(a)} and {b.source} gives {_shown(b)}; "
        "no single value fits both, and neither is marked as a part, an update or another scope."
    )


def _note(label: str, day: str, claims: Sequence[Claim]) -> str:
    """What disagrees: "killed in mexico as of 2009-05-10: 48 (Guardian (unattributed)) vs 45 (WHO)"."""
    parts = []
    for c in claims:
        value = as_json(c.value)
        shown = f"{value[0]}–{value[1]}" if isinstance(value, list) else f"{value:,}"
        shown = f"{c.qualifier} {shown}" if c.qualifier and c.qualifier != "between" else shown
        who = c.source if c.attributed else f"{c.source} (unattributed)"
        part = f"{shown} ({who})"
        if part not in parts:
            parts.append(part)
    return f"{label} as of {day}: " + " vs ".join(parts)


def _part_of_total(a: Claim, b: Claim) -> bool:
    """True when one article gives a running total and, beside it, a lower figure not marked as one.

    The lower figure is then read as a share of the total (one day's deaths, one city's): "84 people
    have been killed since Tuesday" and "seven people were killed in clashes" do not disagree.
    """
    if a.article != b.article or a.running == b.running:
        return False
    total, other = (a, b) if a.running else (b, a)
    return other.bounds[1] < total.bounds[0]
