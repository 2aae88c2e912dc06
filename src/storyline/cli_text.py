"""Readable CLI text: counted nouns, and the change list of ``storyline changes`` (kept apart so that
cli.py stays a list of commands)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape


def count(n: int, many: str) -> str:
    """``n`` followed by the noun, singular when n is 1 (the noun is given in its plural)."""
    if n != 1 or many == "series":
        return f"{n} {many}"
    # the nouns the CLI counts: "stories" -> "story", "copies" -> "copy", "articles" -> "article"
    if many.endswith("ies"):
        return f"{n} {many[:-3]}y"
    return f"{n} {many.removesuffix('s')}"


def _point(p: dict[str, Any]) -> str:
    value = p["value"]
    shown = "-".join(f"{v:,}" for v in value) if isinstance(value, list) else f"{value:,}" if isinstance(value, (int, float)) else str(value)
    return f"{shown} ({p.get('source') or 'unattributed'}, {p.get('date') or 'undated'})"


def print_changes(out: Console, found: dict[str, Any]) -> None:
    """``storyline changes`` as readable lines: counts, then each new event, figure, conflict, speaker and entry."""
    counts = found["counts"]
    out.print(f"[bold]{escape(found['story']['title'])}[/bold]: since {found['since']}")
    if not found["new_articles"]:
        out.print("nothing new")
        return
    labels = {"articles": "new articles", "events": "new events", "figures": "figures", "conflicts": "new conflicts",
              "speakers": "new speakers", "quotes": "new quotes", "timeline": "new timeline entries"}
    out.print(", ".join(count(counts[k], label) for k, label in labels.items()))
    for ev in found["events"]:
        out.print(escape(f"  {'new event' if ev['status'] == 'new' else 'more on'}: {ev['title']} ({ev['date'] or 'undated'}, "
                         f"{count(ev['new_articles'], 'new articles')})"))
    out.print(escape("  articles: " + "; ".join(f"{o['outlet']} {len(o['articles'])}" for o in found["outlets"])))
    for fig in found["figures"]:
        now = fig["now"][-1]
        before = f"{_point(fig['before'])} -> " if fig["before"] else ""
        out.print(escape(f"  {fig['quantity']}: {before}{_point(now)} [{fig['change']}]"))
    for conflict in found["conflicts"]:
        out.print("  [yellow]new conflict[/yellow]: " + escape(conflict.get("why") or conflict.get("note") or ""))
    for sp in found["new_speakers"]:
        out.print(escape(f"  new speaker: {sp['speaker']} ({count(len(sp['quotes']), 'quotes')})"))
    for entry in found["timeline"]:
        out.print(escape(f"  timeline {entry['date']}: {entry['text']}"))
