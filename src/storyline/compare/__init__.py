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

from storyline.compare.coverage import coverage
from storyline.compare.figures import figure_value, figures_by_source, quantity_labels, resolve_conflicts
from storyline.compare.framing import framing, log_odds, tokens
from storyline.compare.quotes import quotes_by_speaker, speaker_unresolved
from storyline.compare.scope import (
    NO_EVENT,
    NO_UNIT,
    UNATTRIBUTED,
    UNKNOWN_OUTLET,
    Span,
    duplicate_kinds,
    outlet_of,
    scope_articles,
    sort_outlets,
)

__all__ = [
    "NO_EVENT",
    "NO_UNIT",
    "UNATTRIBUTED",
    "UNKNOWN_OUTLET",
    "Span",
    "coverage",
    "duplicate_kinds",
    "figure_value",
    "figures_by_source",
    "framing",
    "log_odds",
    "outlet_of",
    "quantity_labels",
    "quotes_by_speaker",
    "resolve_conflicts",
    "scope_articles",
    "sort_outlets",
    "speaker_unresolved",
    "tokens",
]
