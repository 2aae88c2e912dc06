"""The figure_series stage: quantities over time and conflicts between sources."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest
from _figures import claims_at

from storyline import engine
from storyline.bundle import validate_bundle
from storyline.figures.conflicts import find_conflicts
from storyline.figures.series import (
    Context,
    alias_map,
    anchor_of,
    build_series,
    canonical_figures,
    canonical_source,
    interval,
    is_bare,
    is_change,
    per_time,
)
from storyline.models import Article


claims_of = claims_at("gaza")
from storyline.pipeline import DEFAULT_PIPELINE, get_stage


def fig(value: Any, unit: str = "hostages released", *, start: int = 0, source: str | None = "army", day: str = "2023-11-25",
        qualifier: str | None = None, scope: list[str] | None = None, kind: str | None = "cumulative") -> dict[str, Any]:
    return {"value": value, "unit": unit, "text": str(value), "source": source, "date": day, "start": start,
            "end": start + 3, "qualifier": qualifier, "scope": scope or [], "kind": kind}


def test_interval_follows_the_qualifier() -> None:
    # a qualified figure is the count its source claims, hedged within rounding on one side
    assert interval(31, "at least") == pytest.approx((31, 32.55)) and interval(150, "at least")[1] >= 152
    # ordinary rounding of about 5% (docs/annotation.md §2): "about 8,000" allows 7,600..8,400
    assert interval(8000, "about") == pytest.approx((7600, 8400))
    assert interval(8000, None) == pytest.approx((7600, 8400))  # a bare round figure is rounded too
    assert interval(8451, None) == (8451, 8451) and interval(39, None) == (39, 39)
    assert interval([30, 40], "between") == (30, 40)
    assert interval(50, "up to") == pytest.approx((47.5, 50))
    lo, _ = interval(20, "more than")
    assert lo > 20


def test_series_orders_one_quantity_by_date_and_merges_repeats() -> None:
    claims = (
        claims_of("a", "Wire", "2023-11-25", [fig(50, day="2023-11-25")], {})
        + claims_of("b", "Post", "2023-11-27", [fig(110, day="2023-11-27")], {})
        + claims_of("c", "Herald", "2023-11-26", [fig(80, day="2023-11-26")], {})
        + claims_of("d", "Daily", "2023-11-26", [fig(80, day="2023-11-26", start=9)], {})  # a re-run
        + claims_of("e", "Post", "2023-11-26", [fig(13, kind="increment")], {})
    )
    (series,) = build_series(claims)
    assert series["unit"] == "hostages released" and series["kind"] is None  # a level, not one day's share
    assert [p["value"] for p in series["points"]] == [50, 80, 110]
    assert series["points"][1]["also"] == [{"article": "d", "start": 9, "end": 12}]


def test_conflict_between_sources_on_one_day() -> None:
    claims = claims_of("a", "Wire", "2023-11-25", [fig(31, "killed", source="health ministry", qualifier="at least")], {})
    claims += claims_of("b", "Post", "2023-11-25", [fig(12, "killed", source="army", start=5)], {})
    (conflict,) = find_conflicts(claims)
    assert conflict["figures"] == [{"article": "b", "start": 5, "end": 8}, {"article": "a", "start": 0, "end": 3}]
    assert "at least 31 (health ministry)" in conflict["note"] and "12 (army)" in conflict["note"]


def test_explained_differences_are_not_conflicts() -> None:
    claims = claims_of("a", "Wire", "2023-11-25", [fig(110, source="Qatar"), fig(80, source="Qatar", scope=["israeli"], start=20)], {})
    claims += claims_of("b", "Post", "2023-11-25", [fig(80, source="army", scope=["israeli"])], {})
    # the qualifier and ordinary rounding allow both: "at least 31" and 32 (but not 40, see below)
    claims += claims_of("c", "Post", "2023-11-25", [fig(31, "killed", source="ministry", qualifier="at least")], {})
    claims += claims_of("d", "Wire", "2023-11-25", [fig(32, "killed", source="medics")], {})
    # a running total and one day's share measure different things
    claims += claims_of("e", "Herald", "2023-11-25", [fig(13, source="police", kind="increment")], {})
    # the same source updating itself is a series, not a conflict
    claims += claims_of("f", "Herald", "2023-11-25", [fig(17, source="police", kind="increment")], {})
    # other dates are other points
    claims += claims_of("g", "Herald", "2023-11-26", [fig(150, source="army", day="2023-11-26")], {})
    assert find_conflicts(claims) == []
    # "at least 31" claims 31: a count of 40 from another source disagrees (docs/annotation.md §2)
    claims += claims_of("h", "Daily", "2023-11-25", [fig(40, "killed", source="rebels")], {})
    notes = [c["note"] for c in find_conflicts(claims)]
    assert any("at least 31 (ministry)" in n and "40 (rebels)" in n for n in notes) and len(notes) == 2  # and 32 vs 40


def test_unattributed_figures_speak_for_their_outlet() -> None:
    claims = claims_of("a", "Wire", "2023-11-25", [fig(50, source=None)], {})
    claims += claims_of("b", "Wire", "2023-11-25", [fig(52, source=None)], {})
    assert find_conflicts(claims) == []  # one outlet, updated
    claims += claims_of("c", "Post", "2023-11-25", [fig(60, source=None)], {})
    conflicts = find_conflicts(claims)
    assert len(conflicts) == 2  # one pair each: 50 vs 60 and 52 vs 60
    # the outlet's name, not "(unattributed)"; the side says whether the text attributes the figure
    assert all("(Post)" in c["note"] and "unattributed" not in c["note"] for c in conflicts)
    assert all(side["attributed"] is False for c in conflicts for side in c["sides"])


def test_sources_are_made_canonical_with_entity_aliases() -> None:
    aliases = alias_map([{"name": "Israel Defense Forces", "aliases": ["IDF", "the army"]}, {"name": "Gaza Health Ministry", "aliases": ["health ministry"]}])
    assert canonical_source("the IDF", aliases) == "Israel Defense Forces"
    assert canonical_source("Gaza's health ministry", aliases) == "Gaza Health Ministry"
    assert canonical_source("prison authorities", aliases) == "prison authorities"
    claims = claims_of("a", "Wire", "2023-11-25", [fig(50, source="IDF")], aliases)
    claims += claims_of("b", "Post", "2023-11-25", [fig(51, source="the army")], aliases)
    assert find_conflicts(claims) == []  # one source under two names


def stages_for(name: str) -> list[str]:
    """The registered stages ``name`` needs, itself included, in pipeline order."""
    needed, todo = set(), [name]
    while todo:
        st = get_stage(todo.pop())
        if st.name not in needed:
            needed.add(st.name)
            todo.extend(st.requires)
    return [s for s in DEFAULT_PIPELINE if s in needed]


def _article(aid: str, outlet: str, day: date, text: str) -> Article:
    return Article(id=aid, text=text, title=text.split(".")[0], outlet=outlet, published=day, language="en")


def test_end_to_end_through_the_engine(store: Any) -> None:
    store.add_articles(
        [
            _article("w1", "Meridian Wire", date(2023, 11, 25),
                     "Truce holds.\n\nHamas has released 24 hostages in Gaza since the truce began, the Qatari foreign ministry said."),
            _article("p1", "Calder Post", date(2023, 11, 26),
                     "Second day.\n\nHamas has released 41 hostages in Gaza since the truce began, the Qatari foreign ministry said."),
            _article("h1", "Harbour Herald", date(2023, 11, 26),
                     "Second day.\n\nHamas has released 39 hostages in Gaza since the truce began, the Israeli army said."),
        ]
    )
    engine.analyze(store, stages=stages_for("figure_series"))
    data = engine.bundle(store)
    validate_bundle(data)
    assert [(f["article"], f["value"], f["unit"], f["kind"]) for f in data["figures"]] == [
        ("h1", 39, "hostages released", "cumulative"),
        ("p1", 41, "hostages released", "cumulative"),
        ("w1", 24, "hostages released", "cumulative"),
    ]
    (series,) = data["series"]
    assert [(p["date"], p["value"]) for p in series["points"]] == [("2023-11-25", 24), ("2023-11-26", 39), ("2023-11-26", 41)]
    (conflict,) = data["conflicts"]
    assert {ref["article"] for ref in conflict["figures"]} == {"h1", "p1"}
    assert "Israeli army" in conflict["note"] and "Qatari foreign ministry" in conflict["note"]


def test_bare_counts_conflict_only_when_their_sentences_count_the_same_thing() -> None:
    # "people" and a currency name no event and no scope: alone they say nothing comparable
    assert is_bare("people", []) and is_bare("thalers", [])
    assert not is_bare("killed", []) and not is_bare("people", ["children"]) and not is_bare("hostages released", [])
    assert not is_bare("in custody", []) and not is_bare("missing or captured", [])
    people = [
        claims_of("a", "Wire", "2023-11-25", [fig(1_700_000, "people", source=None)], {}, {0: "home"}),
        claims_of("b", "Post", "2023-11-25", [fig(2_000, "people", source="charity")], {}, {0: "send blanket"}),
        claims_of("c", "Herald", "2023-11-25", [fig(2, "people", source="mayor")], {}, {}),  # no anchor
    ]
    flat = [c for cs in people for c in cs]
    assert find_conflicts(flat) == []
    (series,) = build_series(flat)  # still followed as one unit's series
    assert len(series["points"]) == 3
    # the value of the same named count from two sources is a conflict: "the crowd at 8,000" vs "it at 20,000"
    crowd = claims_of("d", "Wire", "2023-12-01", [fig(8_000, "people", source="police", day="2023-12-01")], {}, {0: "crowd"})
    crowd += claims_of("e", "Post", "2023-12-01", [fig(20_000, "people", source="organisers", day="2023-12-01")], {}, {0: "crowd"})
    (conflict,) = find_conflicts(crowd)
    assert "8,000 (police)" in conflict["note"] and "20,000 (organisers)" in conflict["note"]
    # money: a budget and a per-household payment are not one amount
    money = claims_of("f", "Wire", "2023-12-01", [fig(1.1e9, "thalers", source="minister", day="2023-12-01")], {}, {0: "cost taxpayer"})
    money += claims_of("g", "Post", "2023-12-01", [fig(150, "thalers", source="government", day="2023-12-01")], {}, {0: "payment cash monthly"})
    assert find_conflicts(money) == []
    # an event unit needs no anchor
    killed = claims_of("h", "Wire", "2023-12-06", [fig(31, "killed", source="ministry", day="2023-12-06")], {})
    killed += claims_of("i", "Post", "2023-12-06", [fig(47, "killed", source="party", day="2023-12-06")], {})
    assert len(find_conflicts(killed)) == 1


@pytest.mark.parametrize(
    ("text", "number", "anchor"),
    [
        ("Police estimated the crowd at about 8,000, while organisers put it at more than 20,000.", "20,000", "crowd"),
        ("Police estimated the crowd at about 8,000, while organisers put it at more than 20,000.", "8,000", "crowd"),
        ("The charity said it had sent blankets to about 2,000 people.", "2,000 people", "send blanket"),
        ("The valley is home to some 1.7 million people.", "1.7 million people", "home"),
        ("More than 3,000 people were there.", "3,000 people", None),
    ],
)
def test_anchor_is_read_from_the_parse(text: str, number: str, anchor: str | None) -> None:
    from storyline.pipeline.nlp import component_closure, load_model

    doc = load_model(component_closure({"parser", "lemmatizer"}))(text)
    start = text.index(number)
    assert anchor_of(doc, start, start + len(number)) == anchor


# --- sources, rates and revisions ---------------------------------------------------------------


@pytest.fixture(scope="module")
def parse() -> Any:
    from storyline.pipeline.nlp import component_closure, load_model

    return load_model(component_closure({"parser", "lemmatizer", "ner"}))


def _source(parse: Any, text: str, number: str) -> str | None:
    from storyline.figures.claims import extract

    (item,) = [f for f in extract(parse(text), date(2031, 4, 2)) if f["text"].startswith(number)]
    return item["source"]


@pytest.mark.parametrize(
    ("text", "number", "source"),
    [
        # the reporter the outlet quotes, not the country whose count it relays
        ("The World Health Organization said Peru has reported 1,626 confirmed cases.", "1,626", "World Health Organization"),
        ("The agency said tests showed the virus in 12 patients.", "12", "agency"),
        # a place or a counted phrase reports nothing: the outlet speaks (no source)
        ("Some 39 countries have reported 8,453 cases of the fever.", "8,453", None),
        # the owner of an estimate
        ("The flow is well above the company's estimate of 5,000 barrels a day.", "5,000", "company"),
    ],
)
def test_the_source_is_who_reports_the_figure_to_the_outlet(parse: Any, text: str, number: str, source: str | None) -> None:
    assert _source(parse, text, number) == source


def test_wire_copy_speaks_for_its_agency() -> None:
    from storyline.figures.sources import wire_agency

    assert wire_agency("VELDT, May 3 (Reuters) - Nine people died in floods.") == "Reuters"
    assert wire_agency("ORSK (AP) — Rescuers found 40 survivors.") == "Associated Press"
    assert wire_agency("Our reporter saw 40 survivors. The AP style guide is long.") is None


def test_shared_aliases_and_shortened_names_do_not_rename_a_source() -> None:
    aliases = alias_map([{"name": "Syrian government", "aliases": ["government"]}, {"name": "Haitian government", "aliases": ["government"]}])
    assert canonical_source("government", aliases) == "government"  # shared by two: names neither
    assert canonical_source("Costa Rican government", aliases) == "Costa Rican government"
    named = canonical_figures("a", [{**fig(12), "source": "the Costa Rican government", "speaker": {"name": "government"}}], {}, lambda sp, c: "government")
    assert named[0]["source"] == "the Costa Rican government"


@pytest.mark.parametrize(
    ("before", "after", "per"),
    [("put the leak at ", " barrels a day, the company said", "day"), ("", " bpd from the well", "day"),
     ("the daily spill estimate of ", " barrels", "day"), ("exports ", " tonnes a year", "year"),
     ("killed ", " people a day after the storm", None), ("killed ", " people on Monday", None)],
)
def test_a_rate_is_read_from_the_words_around_the_figure(before: str, after: str, per: str | None) -> None:
    assert per_time(before, after) == per


def test_a_change_is_one_periods_count() -> None:
    assert is_change("8,453 cases, a rise of ") and is_change("the toll rose by ")
    assert not is_change("the toll rose to ")
    change = claims_of("a", "Wire", "2031-04-02", [fig(1000, "cases", kind=None)], {}, context={0: Context(0, "x", change=True)})
    assert change[0].quantity.kind == "period"


def test_a_lower_running_total_from_the_same_source_is_a_revision() -> None:
    claims = (
        claims_of("a", "Wire", "2031-04-01", [fig(230, source="ministry", day="2031-04-01")], {})
        + claims_of("b", "Post", "2031-04-03", [fig(210, source="ministry", day="2031-04-03")], {})
        + claims_of("c", "Herald", "2031-04-04", [fig(205, source="monitor", day="2031-04-04")], {})
    )
    (series,) = build_series(claims)
    points = {p["article"]: p for p in series["points"]}
    assert points["b"]["revises"] == {"article": "a", "start": 0, "end": 3}
    assert "revises" not in points["a"] and "revises" not in points["c"]  # another source's lower total is no revision
    assert find_conflicts(claims) == []  # different days
