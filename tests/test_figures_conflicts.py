"""Conflicts between sources: places, shares of a running total, and the one-sentence ``why``."""

from __future__ import annotations

from typing import Any

import pytest
from _figures import claims_at

from storyline.figures.conflicts import find_conflicts
from storyline.figures.series import Context, places_of


claims_of = claims_at("norland")


def fig(value: Any, unit: str = "killed", *, start: int = 0, source: str | None = "army", day: str = "2031-04-02",
        qualifier: str | None = None, kind: str | None = None) -> dict[str, Any]:
    return {"value": value, "unit": unit, "text": str(value), "source": source, "date": day, "start": start,
            "end": start + 3, "qualifier": qualifier, "scope": [], "kind": kind}


def test_figures_tied_to_different_places_do_not_conflict() -> None:
    claims = claims_of("a", "Wire", "2031-04-02", [fig(40, source="ministry")], {}, places={0: ("norland",)})
    claims += claims_of("b", "Post", "2031-04-02", [fig(9, source="agency")], {}, places={0: ("sudmark",)})
    # a count tied to no place (a national or world total) is not set against a local one
    claims += claims_of("c", "Herald", "2031-04-02", [fig(300, source="monitor")], {}, places={})
    assert find_conflicts(claims) == []
    claims += claims_of("d", "Daily", "2031-04-02", [fig(12, source="rebels")], {}, places={0: ("norland",)})
    (conflict,) = find_conflicts(claims)
    assert conflict["note"].startswith("killed in norland as of 2031-04-02")


def test_a_lower_figure_beside_a_running_total_is_a_share_of_it() -> None:
    total = fig(84, source="watchdog", kind="cumulative")
    day_count = fig(7, source="medics", start=40)
    both = {0: Context(0, "The watchdog counts 84 dead since March, but medics report 7."), 40: Context(0, "The watchdog counts 84 dead since March, but medics report 7.")}
    assert find_conflicts(claims_of("a", "Wire", "2031-04-02", [total, day_count], {}, context=both)) == []
    # in two articles nothing ties the two together: they disagree
    claims = claims_of("a", "Wire", "2031-04-02", [total], {}) + claims_of("b", "Post", "2031-04-02", [day_count], {})
    assert len(find_conflicts(claims)) == 1
    # a higher unmarked figure cannot be a share of the total
    higher = fig(120, source="medics", start=40)
    assert len(find_conflicts(claims_of("a", "Wire", "2031-04-02", [total, higher], {}, context=both))) == 1


def test_in_one_article_two_counts_conflict_only_when_the_text_sets_them_against_each_other() -> None:
    army, rebels = fig(12, "missing", source="army"), fig(30, "missing", source="rebels", start=60)

    def run(first: str, second: str, gap: int = 1) -> list[dict[str, Any]]:
        ctx = {0: Context(3, first), 60: Context(3 + gap, second)}
        return find_conflicts(claims_of("a", "Wire", "2031-04-02", [army, rebels], {}, context=ctx))

    # listed one after the other, they may count different places or days: no conflict
    assert run("The army said 12 soldiers were missing in the north.", "Rebels said they held 30 soldiers in the south.") == []
    # the second sentence disputes the first: a conflict
    (c,) = run("The army said 12 soldiers were missing.", "Rebels rejected the figure and said they held 30.")
    assert c["sides"][0]["sentence"].startswith("The army said") and c["sides"][1]["source"] == "rebels"
    # a dispute three sentences away ties nothing together
    assert run("The army said 12 soldiers were missing.", "Rebels disputed that and said 30.", gap=3) == []
    # across articles, the quantity, the day and the values decide
    claims = claims_of("a", "Wire", "2031-04-02", [army], {}) + claims_of("b", "Post", "2031-04-02", [fig(30, "missing", source="rebels")], {})
    assert len(find_conflicts(claims)) == 1


def test_rival_rates_in_one_article_conflict_but_a_stated_update_does_not() -> None:
    sentence = "The company put the leak at 1,000 barrels a day; scientists later put it at 5,000 barrels a day."
    low = fig(1000, "barrels", source="company", start=28, kind="rate")
    high = fig(5000, "barrels", source="scientists", start=69, kind="rate")
    low["text"], high["text"] = "1,000 barrels", "5,000 barrels"
    ctx = {28: Context(2, sentence), 69: Context(2, sentence)}
    assert find_conflicts(claims_of("a", "Wire", "2031-04-02", [low, high], {}, context=ctx)) == []  # "later": an update
    apart = {28: Context(2, "The company puts the leak at 1,000 barrels a day."), 69: Context(9, "Scientists say 5,000 barrels a day escape.")}
    (c,) = find_conflicts(claims_of("a", "Wire", "2031-04-02", [low, high], {}, context=apart))
    assert "rate" in c["note"] and "company gives 1,000" in c["why"]
    # a rate is never set against a level of the same noun
    level = fig(8000, "barrels", source="scientists", start=69)
    other = claims_of("b", "Post", "2031-04-02", [level], {})
    assert find_conflicts(claims_of("a", "Wire", "2031-04-02", [low], {}) + other) == []


def test_ordinary_rounding_qualifiers_and_vague_counts() -> None:
    def pair(a: dict[str, Any], b: dict[str, Any]) -> int:
        return len(find_conflicts(claims_of("a", "Wire", "2031-04-02", [a], {}) + claims_of("b", "Post", "2031-04-02", [b], {})))

    assert pair(fig(8000, source="police", qualifier="about"), fig(8200, source="organisers")) == 0  # "about 8,000" and "8,200" agree
    assert pair(fig(8000, source="police"), fig(8300, source="organisers")) == 0  # a bare round figure is rounded too
    assert pair(fig(39, source="agency", qualifier="about"), fig(36, source="ministry")) == 1  # "some 39" is not 36
    assert pair(fig(150, source="agency", qualifier="at least"), fig(152, source="ministry")) == 0
    vague = fig([2000, 9999], source="agency")
    vague["vague"] = True
    assert pair(vague, fig(12000, source="ministry")) == 0  # "thousands" is no rival count
    assert pair(fig(200000, source="agency", kind="estimate_range"), fig(9000, source="ministry", kind="estimate_range")) == 0


def test_the_claims_new_keys_are_read_when_present() -> None:
    # what / kind / as_of of the claims reader, and non-counts left out
    a = {**fig(40, "people", source="ministry", kind="running_total"), "what": "killed", "as_of": "2031-04-01", "date": "2031-04-02"}
    b = {**fig(55, "dead", source="rebels", kind="running_total"), "what": "killed", "as_of": "2031-04-01"}
    age = {**fig(41, "years", source="rebels", kind="not_a_count"), "what": "age"}
    claims = claims_of("a", "Wire", "2031-04-02", [a, age], {}) + claims_of("b", "Post", "2031-04-03", [b], {})
    assert len(claims) == 2 and all(c.date == "2031-04-01" for c in claims)
    (c,) = find_conflicts(claims)
    assert c["note"].startswith("killed in norland as of 2031-04-01")
    # one period's count is a different quantity from the running total
    day = {**fig(55, source="rebels", kind="period"), "what": "killed", "as_of": "2031-04-01"}
    assert find_conflicts(claims_of("a", "Wire", "2031-04-02", [a], {}) + claims_of("b", "Post", "2031-04-02", [day], {})) == []


def test_a_range_read_as_two_figures_is_one_figure() -> None:
    sentence = "Experts said the flow is between 20,000 barrels a day or up to 100,000 barrels a day."
    lo = {**fig(20000, "barrels", source="experts", start=32, kind="rate"), "text": "20,000 barrels"}
    hi = {**fig(100000, "barrels", source="experts", start=61, kind="rate", qualifier="up to"), "text": "up to 100,000 barrels"}
    ctx = {32: Context(1, sentence), 61: Context(1, sentence)}
    mid = claims_of("b", "Post", "2031-04-02", [fig(95000, "barrels", source="engineer", kind="rate")], {})
    # 95,000 lies in the experts' range: no conflict with either end
    assert find_conflicts(claims_of("a", "Wire", "2031-04-02", [lo, hi], {}, context=ctx) + mid) == []
    low = claims_of("b", "Post", "2031-04-02", [fig(5000, "barrels", source="company", kind="rate")], {})
    (c,) = find_conflicts(claims_of("a", "Wire", "2031-04-02", [lo, hi], {}, context=ctx) + low)
    assert "20,000–100,000" in c["why"] and c["figures"][0]["start"] in (0, 32)


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


def test_a_figure_its_sentence_replaces_is_set_against_nothing() -> None:
    sentence = "The firm first put the flow at 1,000 barrels a day; engineers later put it at 5,000 barrels a day."
    old = {**fig(1000, "barrels", source="firm", start=31, kind="rate"), "text": "1,000 barrels"}
    new = {**fig(5000, "barrels", source="engineers", start=77, kind="rate"), "text": "5,000 barrels"}
    quoted = {**fig(5000, "barrels", source="professor", start=200, kind="rate"), "text": "5,000 barrels"}
    ctx = {31: Context(1, sentence), 77: Context(1, sentence), 200: Context(6, "A professor said 5,000 barrels a day was plausible.")}
    assert find_conflicts(claims_of("a", "Wire", "2031-04-02", [old, new, quoted], {}, context=ctx)) == []


def test_in_one_article_a_count_is_set_against_its_neighbour_only() -> None:
    text = ["Rebels said 1,000 had died.", "Officials put the toll at 250, a figure rebels dispute.", "A hospital counted 240 dead in one city."]
    figs = [fig(1000, source="rebels"), fig(250, source="officials", start=40), fig(240, source="hospital", start=90)]
    ctx = {0: Context(0, text[0]), 40: Context(1, text[1], previous=text[0]), 90: Context(2, text[2], previous=text[1])}
    held = [{f["start"] for f in c["figures"]} for c in find_conflicts(claims_of("a", "Wire", "2031-04-02", figs, {}, context=ctx))]
    # 1,000 against 250; the 240 two sentences on is not set against the 1,000 across the 250
    assert {0, 40} in held and not any({0, 90} <= h for h in held)


def test_a_place_given_as_scope_or_read_from_the_clause_is_one_place() -> None:
    a = {**fig(40, source="ministry"), "scope": ["Norland"]}
    b = fig(55, source="rebels")
    claims = claims_of("a", "Wire", "2031-04-02", [a], {}) + claims_of("b", "Post", "2031-04-02", [b], {}, places={0: ("norland",)})
    (c,) = find_conflicts(claims)
    assert "norland" in c["note"].lower()


def test_figures_of_two_articles_tied_to_no_place_are_not_compared() -> None:
    # "cases" in one report may be one country's and the world's in another: not known to be one count
    loose = claims_of("a", "Wire", "2031-04-02", [fig(2, "cases", source="minister")], {}, places={})
    loose += claims_of("b", "Post", "2031-04-02", [fig(80, "cases", source="agency")], {}, places={})
    assert find_conflicts(loose) == []
    placed = claims_of("a", "Wire", "2031-04-02", [fig(2, "cases", source="minister")], {})
    placed += claims_of("b", "Post", "2031-04-02", [fig(80, "cases", source="agency")], {})
    assert len(find_conflicts(placed)) == 1
