"""Conflicts between sources: places, shares of a running total, and the one-sentence ``why``."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.figures.conflicts import find_conflicts
from storyline.figures.series import claims_of, places_of


def fig(value: Any, unit: str = "killed", *, start: int = 0, source: str | None = "army", day: str = "2031-04-02",
        qualifier: str | None = None, kind: str | None = None) -> dict[str, Any]:
    return {"value": value, "unit": unit, "text": str(value), "source": source, "date": day, "start": start,
            "end": start + 3, "qualifier": qualifier, "scope": [], "kind": kind}


def test_figures_tied_to_different_places_do_not_conflict() -> None:
    claims = claims_of("a", "Wire", "2031-04-02", [fig(40, source="ministry")], {}, places={0: ("norland",)})
    claims += claims_of("b", "Post", "2031-04-02", [fig(9, source="agency")], {}, places={0: ("sudmark",)})
    # a count tied to no place (a national or world total) is not set against a local one
    claims += claims_of("c", "Herald", "2031-04-02", [fig(300, source="monitor")], {})
    assert find_conflicts(claims) == []
    claims += claims_of("d", "Daily", "2031-04-02", [fig(12, source="rebels")], {}, places={0: ("norland",)})
    (conflict,) = find_conflicts(claims)
    assert conflict["note"].startswith("killed in norland as of 2031-04-02")


def test_a_lower_figure_beside_a_running_total_is_a_share_of_it() -> None:
    total = fig(84, source="watchdog", kind="cumulative")
    day_count = fig(7, source="medics", start=40)
    assert find_conflicts(claims_of("a", "Wire", "2031-04-02", [total, day_count], {})) == []
    # in two articles nothing ties the two together: they disagree
    claims = claims_of("a", "Wire", "2031-04-02", [total], {}) + claims_of("b", "Post", "2031-04-02", [day_count], {})
    assert len(find_conflicts(claims)) == 1
    # a higher unmarked figure cannot be a share of the total
    higher = fig(120, source="medics", start=40)
    assert len(find_conflicts(claims_of("a", "Wire", "2031-04-02", [total, higher], {}))) == 1


def test_each_conflict_says_why_in_one_sentence() -> None:
    claims = claims_of("a", "Wire", "2031-04-02", [fig(1200, source="opposition", qualifier="about")], {})
    claims += claims_of("b", "Post", "2031-04-02", [fig(300, source="government")], {})
    (conflict,) = find_conflicts(claims)
    why = conflict["why"]
    assert "opposition gives about 1,200" in why and "government gives 300" in why
    assert why.endswith(".") and why.count(". ") == 0


@pytest.mark.parametrize(
    ("text", "number", "places"),
    [
        ("Canada has seen 15 deaths, the ministry said.", "15 deaths", ("canada",)),
        ("Twelve people have died of the fever in Peru since March.", "Twelve people", ("peru",)),
        ("The outbreak began in Chile, which has recorded 40 cases.", "40 cases", ("chile",)),
        ("Officials said 300 cases have been confirmed worldwide.", "300 cases", ()),
    ],
)
def test_places_are_read_from_the_parse(text: str, number: str, places: tuple[str, ...]) -> None:
    from storyline.pipeline.nlp import component_closure, load_model

    doc = load_model(component_closure({"parser", "lemmatizer", "ner"}))(text)
    start = text.index(number)
    assert places_of(doc, start, start + len(number)) == places
