"""What every comparison shares: outlet names, the articles in scope, duplicate kinds, placeholders."""

from __future__ import annotations

from collections.abc import Mapping
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


def sort_outlets(counts: Mapping[str, int]) -> list[str]:
    """Outlet names, those with the highest count first, then alphabetically (case aside)."""
    return sorted(counts, key=lambda o: (-counts[o], o.lower()))
