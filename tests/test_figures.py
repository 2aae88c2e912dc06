"""The figures stage on hand-written sentences, parsed by the same spaCy model the pipeline uses."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from storyline.figures.claims import extract
from storyline.models import Article
from storyline.pipeline.figures import figures
from storyline.pipeline.mentions import mentions
from storyline.pipeline.people import people
from storyline.pipeline.nlp import component_closure, load_model, summarize
from storyline.pipeline.registry import ArticleDoc

PUBLISHED = date(2023, 11, 28)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_model(component_closure({"parser", "lemmatizer", "ner"}))


def claims(nlp: Any, text: str, **kw: Any) -> list[dict[str, Any]]:
    return extract(nlp(text), PUBLISHED, **kw)


def only(nlp: Any, text: str, **kw: Any) -> dict[str, Any]:
    items = claims(nlp, text, **kw)
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier", "source"),
    [
        ("At least 31 people were killed in Gaza, the health ministry said.", 31, "killed", "at least", "health ministry"),
        ("Some 1,200 people were killed in the attack, according to Israeli officials.", 1200, "killed", "about", "Israeli officials"),
        ("More than twenty Palestinian prisoners were freed, prison authorities said.", 20, "prisoners released", "more than", "prison authorities"),
        ("Between 30 and 40 rockets were fired at the city.", [30, 40], "rockets fired", "between", None),
        ("About 1.7 million people have been displaced, the UN says.", 1_700_000, "displaced", "about", "UN"),
        ("A dozen soldiers were wounded in the clash.", 12, "wounded", None, None),
        ("Police arrested dozens of protesters.", [24, 99], "arrested", None, None),
        ("The death toll has risen to 84, officials said.", 84, "killed", None, "officials"),
        ("Officials put the death toll at 84.", 84, "killed", None, "officials"),
        ("Israeli airstrikes killed 27 people in the town, Palestinian medics said.", 27, "killed", None, "Palestinian medics"),
        ("31 people were reported killed in the attack.", 31, "killed", None, None),
        ("At least 84 are believed to have died.", 84, "killed", "at least", None),
        ("Hamas took about 240 hostages during the raid.", 240, "hostages taken", "about", None),
        ("The number of Palestinians killed has risen to 14,800, according to the Hamas government.", 14800, "killed", None, "Hamas government"),
        ("Ashraf al-Qudra, a spokesman for the health ministry, said 31 people were killed.", 31, "killed", None, "Ashraf al-Qudra"),
    ],
)
def test_value_unit_qualifier_source(nlp: Any, text: str, value: Any, unit: str, qualifier: str | None, source: str | None) -> None:
    item = only(nlp, text)
    assert (item["value"], item["unit"], item["qualifier"], item["source"]) == (value, unit, qualifier, source)
    assert text[item["start"] : item["end"]] == item["text"]


def test_attribution_to_a_body_of_figures(nlp: Any) -> None:
    item = only(nlp, "Hamas released 50 hostages since the truce began, according to official Israeli figures.")
    assert item["source"] == "official Israeli figures"
    assert item["unit"] == "hostages released" and item["kind"] == "cumulative"


def test_two_counts_in_one_sentence(nlp: Any) -> None:
    got = [(i["value"], i["unit"]) for i in claims(nlp, "The blast left 31 dead and 50 injured.")]
    assert got == [(31, "killed"), (50, "wounded")]
    got = [(i["value"], i["unit"]) for i in claims(nlp, "The attack killed 1,200 people and 240 were taken hostage.")]
    assert got == [(1200, "killed"), (240, "hostages taken")]


def test_a_part_takes_the_whole_unit_and_its_own_scope(nlp: Any) -> None:
    text = "The group has freed 110 hostages, including 80 Israelis, since the truce began."
    whole, part = claims(nlp, text)
    assert (whole["value"], whole["unit"], whole["scope"]) == (110, "hostages released", [])
    assert (part["value"], part["unit"], part["scope"]) == (80, "hostages released", ["israeli"])
    assert part["part_of"] == [whole["start"], whole["end"]]
    assert part["text"] == "80 Israelis"


def test_running_total_and_increment(nlp: Any) -> None:
    text = "The ministry said 13 more hostages were freed, bringing the total released to 50."
    more, total = claims(nlp, text)
    assert (more["value"], more["kind"], more["unit"]) == (13, "increment", "hostages released")
    assert (total["value"], total["kind"], total["unit"]) == (50, "cumulative", "hostages released")
    assert more["source"] == total["source"] == "ministry"


@pytest.mark.parametrize(
    "text",
    [
        "The 45-year-old man was born in 1978.",
        "Call 555-123-4567 before 10:30 p.m.",
        "Under Article 5 of the treaty, Resolution 2334 was adopted.",
        "John Smith, 45, said one of the men had left.",
        "The four-day truce began at 7 a.m. after 48 hours of talks.",
        "She came third in the 2019 race on Oct. 7.",
        "He spent 12 years in prison.",
    ],
)
def test_numbers_that_are_not_claims(nlp: Any, text: str) -> None:
    assert claims(nlp, text) == []


def test_as_of_date_from_the_dates_stage(nlp: Any) -> None:
    text = "The health ministry said on Friday that at least 31 people had been killed."
    friday = text.index("Friday")
    dates = [{"text": "Friday", "start": friday, "end": friday + 6, "value": "2023-11-24"}]
    assert only(nlp, text, dates=dates)["date"] == "2023-11-24"
    # Without a resolved value the clause's date is unknown: no date rather than a wrong one.
    assert only(nlp, text)["date"] is None
    # A date on the event dates the event; the count is as of the report.
    text = "At least 31 people were killed in Gaza on Friday, the health ministry said."
    friday = text.index("Friday")
    assert only(nlp, text, dates=[{"text": "Friday", "start": friday, "end": friday + 6, "value": "2023-11-24"}])["date"] == "2023-11-28"
    # A date after publication is a plan, not an as-of date.
    text = "The army will send 400 soldiers to the valley by Friday."
    friday = text.index("Friday")
    assert only(nlp, text, dates=[{"text": "Friday", "start": friday, "end": friday + 6, "value": "2023-12-01"}])["date"] == "2023-11-28"
    # A date that starts a period makes a running total, and the as-of date stays the article's.
    text = "Since Oct. 7, 1.7 million people have been displaced."
    dates = [{"text": "Oct. 7", "start": 6, "end": 12, "value": "2023-10-07"}]
    item = only(nlp, text, dates=dates)
    assert (item["date"], item["kind"]) == ("2023-11-28", "cumulative")
    # A date inside a noun phrase ("the Oct. 7 attack") dates the attack, not the count.
    text = "Some 1,200 people were killed in the Oct. 7 attack."
    start = text.index("Oct.")
    assert only(nlp, text, dates=[{"text": "Oct. 7", "start": start, "end": start + 6, "value": "2023-10-07"}])["date"] == "2023-11-28"


def test_quote_speaker_resolves_a_pronoun_source(nlp: Any) -> None:
    text = "He said 40 trucks had entered Gaza."
    speaker = {"text": "He", "start": 0, "end": 2, "type": "person", "name": "Martin Griffiths"}
    quotes = [{"speaker": speaker, "start": 8, "end": len(text) - 1, "kind": "indirect"}]
    assert only(nlp, text, quotes=quotes)["source"] == "Martin Griffiths"
    assert only(nlp, text)["source"] is None


def test_stage_runs_on_stored_docs(nlp: Any) -> None:
    text = "Officials said 12 people were wounded. Another 3 people were killed on the road."
    components = tuple(nlp.pipe_names)
    art = Article(id="a1", text=text, published=PUBLISHED)
    doc = ArticleDoc(art, results={"nlp": summarize(nlp(text), components)})
    (found,) = mentions([doc])
    doc.results["mentions"] = found
    (groups,) = people([doc])
    doc.results["people"] = groups
    (result,) = figures([doc])
    units = [(f["value"], f["unit"], f["kind"]) for f in result.data["claims"]]
    assert units == [(12, "wounded", None), (3, "killed", "increment")]


@pytest.mark.parametrize(("lemma", "unit"), [
    ("hostage", "hostages"), ("gunman", "gunmen"), ("spokeswoman", "spokeswomen"), ("gunmen", "gunmen"),
    ("policemen", "policemen"), ("children", "children"), ("human", "humans"), ("specimen", "specimens"),
    ("casualty", "casualties"), ("church", "churches"), ("person", "people"),
])
def test_plural_of_a_unit_noun(lemma: str, unit: str) -> None:
    from storyline.figures.lexicon import plural

    # a compound of "man" takes "men", and a word already plural stays as it is ("gunmans" was the bug)
    assert plural(lemma) == unit


# --- kinds, non-counts and as-of dates of docs/annotation.md (sentences of our own) ---------------


@pytest.mark.parametrize(
    ("text", "count_kind"),
    [
        ("The broken pipe spills 40,000 barrels a day into the bay.", "rate"),
        ("The fever kills 3,000 people each year in the province.", "rate"),
        ("In the worst case the pipe could leak 90,000 barrels into the bay.", "estimate_range"),
        ("Officials fear the number of cases could reach 5,000.", "estimate_range"),
        ("Nine new infections were confirmed in the county.", "period"),
        ("The clinic reported a rise of 40 cases in 24 hours.", "period"),
        ("So far 215 people have died of the fever.", "running_total"),
        ("Gunmen killed 14 villagers near the river.", "running_total"),
        ("Forty patients remain in hospital.", "stock"),
        ("The committee has 21 seats.", "stock"),
        ("Eight sailors were aboard the ferry.", "stock"),
    ],
)
def test_count_kind(nlp: Any, text: str, count_kind: str) -> None:
    assert only(nlp, text)["count_kind"] == count_kind


def test_a_part_takes_the_kind_of_its_whole(nlp: Any) -> None:
    whole, part = claims(nlp, "The fever has killed 60 people so far, including 25 children.")
    assert whole["count_kind"] == part["count_kind"] == "running_total"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Turnout fell 4.5 percent in the northern district.", "percent"),
        ("The ferry tickets cost $45 each.", "price"),
        ("Crude sold for $80 a barrel on Monday.", "price"),
        ("The village lies 40 km from the border.", "measure"),
        ("The bus was travelling at 70 mph.", "measure"),
        ("Pollsters give the mayor a 2 in 3 chance of winning.", "ratio"),
    ],
)
def test_numbers_that_count_nothing_are_left_out(nlp: Any, text: str, why: str) -> None:
    assert claims(nlp, text) == []
    kept = claims(nlp, text, counts_only=False)
    assert kept and kept[-1]["not_count"] == why


def test_a_sum_that_is_not_a_price_is_a_count(nlp: Any) -> None:
    assert only(nlp, "The couple paid $12,000 in property taxes.")["value"] == 12000


def test_a_conversion_in_brackets_belongs_to_the_figure_before_it(nlp: Any) -> None:
    items = claims(nlp, "The pipe leaks 12,000 barrels a day (504,000 gallons) into the bay.")
    assert [(i["value"], i["what"]) for i in items] == [(12000, "oil flow")]


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("The new cap is collecting 9,000 barrels of oil a day.", "oil collected"),
        ("The tanker spilled 30,000 barrels of crude into the sea.", "oil spilled"),
        ("Some 350 people remain in custody.", "in custody"),
    ],
)
def test_what_is_counted_in_the_annotation_words(nlp: Any, text: str, what: str) -> None:
    assert only(nlp, text)["what"] == what


def test_clock_times_and_numbers_inside_names_are_not_figures(nlp: Any) -> None:
    assert claims(nlp, "Updated 14.27 BST by the night desk.") == []
    assert claims(nlp, "Filed 2021 06 03 09:15 by the night desk.") == []


def test_a_multiple_is_not_a_count(nlp: Any) -> None:
    assert claims(nlp, "The reservoir has lost nearly eight times the amount lost in May.") == []


def test_every_conversion_in_one_bracket_belongs_to_the_figure_before_it(nlp: Any) -> None:
    items = claims(nlp, "The pipe leaks 12,000 barrels a day (504,000 gallons or 1.9 million litres) into the bay.")
    assert [i["value"] for i in items] == [12000]


def test_as_of_from_a_reporting_verb_outside_the_claims_clause(nlp: Any) -> None:
    text = "The agency said on Friday that 12 towns had reported 300 cases."
    friday = text.index("Friday")
    dates = [{"text": "Friday", "start": friday, "end": friday + 6, "value": "2023-11-24"}]
    towns, cases = claims(nlp, text, dates=dates)
    assert (cases["value"], cases["date"]) == (300, "2023-11-24")


def test_as_of_of_a_finished_year_is_its_last_day(nlp: Any) -> None:
    text = "The firm paid 40 fines in 2019."
    year = text.index("2019")
    dates = [{"text": "2019", "start": year, "end": year + 4, "value": "2019"}]
    item = only(nlp, text, dates=dates)
    assert (item["date"], item.get("period")) == ("2019-12-31", "2019")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("Peru has reported 312 confirmed cases of the fever.", ["peru"]),
        ("The fever has killed 40 people in the United States.", ["us"]),
        ("The agency counted 900 cases in Chile and said 12 people had died there.", ["chile"]),
        ("The fever has now reached 31 countries.", ["worldwide"]),
        ("Nine patients were admitted on Tuesday.", []),
    ],
)
def test_where_a_count_is(nlp: Any, text: str, where: list[str]) -> None:
    assert claims(nlp, text)[-1]["where"] == where


def test_a_bare_amount_after_a_rate_of_the_same_unit_is_a_rate(nlp: Any) -> None:
    items = claims(nlp, "The pipe leaks 8,000 barrels a day, up from an earlier guess of 2,000 barrels.")
    assert [(i["value"], i["count_kind"]) for i in items] == [(8000, "rate"), (2000, "rate")]


@pytest.mark.parametrize(
    ("text", "count_kind"),
    [
        ("Six fishermen are missing after the storm.", "stock"),
        ("The virus has now reached 31 countries.", "running_total"),
        ("The mill spews 300 barrels-a-day into the river.", "rate"),
    ],
)
def test_unmarked_kinds(nlp: Any, text: str, count_kind: str) -> None:
    assert claims(nlp, text)[-1]["count_kind"] == count_kind


def test_the_dead_included_counts_the_dead(nlp: Any) -> None:
    assert only(nlp, "The dead included four nurses from the city hospital.")["what"] == "killed"


def test_a_count_with_no_day_of_its_own_is_as_of_the_day_the_lead_says_it_was_said(nlp: Any) -> None:
    text = "Health officials said on Monday that 40 people had caught the fever. The town has 12 clinics."
    monday = text.index("Monday")
    dates = [{"text": "Monday", "start": monday, "end": monday + 6, "value": "2023-11-27"}]
    cases, clinics = claims(nlp, text, dates=dates)
    assert cases["date"] == clinics["date"] == "2023-11-27"
    # A statement dated further down is background: the lead's day (here none) stands.
    text = "The town has 12 clinics. It is small. It is quiet. Officials said on Monday it was calm."
    monday = text.index("Monday")
    dates = [{"text": "Monday", "start": monday, "end": monday + 6, "value": "2023-11-27"}]
    assert claims(nlp, text, dates=dates)[0]["date"] == "2023-11-28"


def test_a_part_that_names_its_own_event_counts_that_event(nlp: Any) -> None:
    whole, part = claims(nlp, "The agency has confirmed 900 cases, including 14 deaths.")
    assert (whole["what"], part["what"]) == ("cases", "killed")
    assert part["part_of"] == [whole["start"], whole["end"]]


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("Doctors said 30 people were in hospital with the fever.", "hospitalised"),
        ("The storm put 25 people in hospital.", "hospitalised"),
        ("The blast killed two miners and three drivers.", "killed"),
    ],
)
def test_what_happened_is_what_is_counted(nlp: Any, text: str, what: str) -> None:
    assert claims(nlp, text)[-1]["what"] == what


def test_a_count_of_countries_is_the_worlds(nlp: Any) -> None:
    items = claims(nlp, "The fever has infected 2,000 people in 18 countries, with Chile the latest.")
    assert [(i["value"], i["where"]) for i in items] == [(2000, ["worldwide"]), (18, ["worldwide"])]


def test_a_rate_of_people_holds_for_its_sentence_only(nlp: Any) -> None:
    text = "The fever kills 3,000 people a year. This week it killed 12 people in the port."
    yearly, week = claims(nlp, text)
    assert (yearly["count_kind"], week["count_kind"]) == ("rate", "running_total")


def test_a_flow_stated_once_makes_later_bare_amounts_of_it_rates(nlp: Any) -> None:
    text = "The pipe leaks 8,000 barrels a day. Engineers first said 1,000 barrels."
    assert [i["count_kind"] for i in claims(nlp, text)] == ["rate", "rate"]


def test_a_count_between_two_past_dates_is_a_period_as_of_its_last_day(nlp: Any) -> None:
    text = "Records show 40 people were hurt between May 2021 and May 2022."
    a, b = text.index("May 2021"), text.index("May 2022")
    dates = [
        {"text": "May 2021", "start": a, "end": a + 8, "value": "2021-05"},
        {"text": "May 2022", "start": b, "end": b + 8, "value": "2022-05"},
    ]
    item = only(nlp, text, dates=dates)
    assert (item["count_kind"], item["date"]) == ("period", "2022-05-31")


def test_the_one_event_a_count_is_limited_to_is_part_of_where(nlp: Any) -> None:
    assert "crash" in only(nlp, "A helicopter crash near the lake killed six tourists.")["where"]
    assert "clash" in only(nlp, "Nine police officers were wounded in the clashes.")["where"]


def test_a_world_bodys_count_with_no_place_is_the_worlds(nlp: Any) -> None:
    assert only(nlp, "The World Health Organization said 7,400 people had been infected.")["where"] == ["worldwide"]
    assert only(nlp, "Residents who fled said 40 homes had burned.")["where"] == []


def test_an_earlier_count_up_from_is_as_of_its_own_day(nlp: Any) -> None:
    text = "The agency said the country has reported 900 cases, up from 700 on Monday."
    monday = text.index("Monday")
    dates = [{"text": "Monday", "start": monday, "end": monday + 6, "value": "2023-11-27"}]
    now, before = claims(nlp, text, dates=dates)
    assert (now["date"], before["date"]) == ("2023-11-28", "2023-11-27")
