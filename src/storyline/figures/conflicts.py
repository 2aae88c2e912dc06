"""Conflicts: figures of one quantity and as-of date, from different sources, that no single value satisfies.

Each figure stands for the interval its qualifier allows (:func:`storyline.figures.series.interval`),
so differences the wording explains are not conflicts. Differences of scope are not either: "110
hostages, including 80 Israelis" gives a figure for Israeli hostages (80) that is compared with
other counts of Israeli hostages only, never with the 110. A bare count
(:func:`storyline.figures.series.is_bare`) conflicts only with bare counts of the same anchor, and
one with no anchor takes part in no conflict.
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
    groups: dict[tuple[Quantity, str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        if not claim.date:
            continue
        anchor = ""
        if is_bare(claim.quantity.unit, claim.quantity.scope):
            if not claim.anchor:
                continue
            anchor = claim.anchor
        groups[(claim.quantity, claim.date, anchor)].append(claim)
    out = []
    for (quantity, day, _), members in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0].label, kv[0][2])):
        by_source: dict[str, list[Claim]] = defaultdict(list)
        for c in members:
            by_source[c.source].append(c)
        if len(by_source) < 2:
            continue
        clashing: list[Claim] = []
        sources = sorted(by_source)
        for i, s1 in enumerate(sources):
            for s2 in sources[i + 1 :]:
                for a in by_source[s1]:
                    for b in by_source[s2]:
                        if not compatible(a, b):
                            clashing.extend(c for c in (a, b) if c not in clashing)
        if not clashing:
            continue
        clashing.sort(key=lambda c: (c.source, c.article, c.start))
        out.append({"figures": [c.ref for c in clashing], "note": _note(quantity, day, clashing)})
    return out


def _note(quantity: Quantity, day: str, claims: Sequence[Claim]) -> str:
    parts = []
    for c in claims:
        value = as_json(c.value)
        shown = f"{value[0]}–{value[1]}" if isinstance(value, list) else f"{value:,}"
        shown = f"{c.qualifier} {shown}" if c.qualifier and c.qualifier != "between" else shown
        who = c.source if c.attributed else f"{c.source} (unattributed)"
        part = f"{shown} ({who})"
        if part not in parts:
            parts.append(part)
    return f"{quantity.label} as of {day}: " + " vs ".join(parts)
