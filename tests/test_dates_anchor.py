"""Which day a relative expression means: tense cues, plans, and what was said when (issue 10 §4, issue 11)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from test_dates_edge import _values, nlp  # noqa: F401  (the spaCy fixture and the text -> values helper)

# A Friday.
FRI = date(2024, 3, 15)


def test_until_with_a_past_perfect_looks_back(nlp: Any) -> None:
    got = _values(nlp, "Until Wednesday, the police had not named the driver.", FRI)
    assert got == {"Wednesday": "2024-03-13"}


def test_until_a_deadline_still_looks_ahead(nlp: Any) -> None:
    got = _values(nlp, "The council extended its offer until Tuesday.", FRI)
    assert got == {"Tuesday": "2024-03-19"}


def test_negated_could_reports_a_past_attempt(nlp: Any) -> None:
    got = _values(nlp, "The owner could not be reached Wednesday for comment.", FRI)
    assert got == {"Wednesday": "2024-03-13"}


def test_a_plan_with_its_object_lies_ahead(nlp: Any) -> None:
    got = _values(nlp, "Farmers planned a march on Saturday, a spokeswoman said.", FRI)
    assert got["Saturday"] == "2024-03-16"


def test_the_day_of_the_planning_is_not_moved(nlp: Any) -> None:
    # The date comes before the verb: the day the plan was made.
    got = _values(nlp, "On Wednesday, the ministry planned to pay the first claims.", FRI)
    assert got == {"Wednesday": "2024-03-13"}


def test_a_chance_of_something_in_a_month_lies_ahead(nlp: Any) -> None:
    got = _values(nlp, "The mayor said on Tuesday that there was a real chance of losing the vote in November.", FRI)
    assert got["November"] == "2024-11"


def test_present_perfect_progressive_looks_back(nlp: Any) -> None:
    got = _values(nlp, "Detectives have been looking for him since the Oct. 9 robbery.", FRI)
    assert got["Oct. 9"] == "2023-10-09"


@pytest.mark.parametrize(
    "text",
    [
        "Nobody knows who will govern the day after the rebels leave.",
        "He was last seen at home the day before police searched the house.",
        "The team rested later in the day before flying home.",
    ],
)
def test_the_day_after_an_event_is_no_date(nlp: Any, text: str) -> None:
    assert not any(k.lower().startswith("the day") for k in _values(nlp, text, FRI))


def test_the_day_before_on_its_own_is_a_date(nlp: Any) -> None:
    got = _values(nlp, "The talks ended on Tuesday. The day before, both sides met in Oslo.", FRI)
    assert got["The day before"] == "2024-03-11"


def test_tomorrow_in_a_quote_counts_from_the_day_it_was_said(nlp: Any) -> None:
    got = _values(nlp, '"The ferry sails again tomorrow," the harbour master said on Wednesday.', FRI)
    assert got == {"tomorrow": "2024-03-14", "Wednesday": "2024-03-13"}


def test_reported_speech_counts_from_the_day_it_was_said(nlp: Any) -> None:
    got = _values(nlp, "The harbour master said on Wednesday that the ferry would sail again tomorrow.", FRI)
    assert got["tomorrow"] == "2024-03-14"


def test_a_long_quote_takes_the_day_of_its_attribution(nlp: Any) -> None:
    text = 'The coach told reporters on Tuesday: "We train today. The squad travels at the weekend."'
    assert _values(nlp, text, FRI)["today"] == "2024-03-12"


def test_a_statement_without_its_own_day_keeps_the_publication_date(nlp: Any) -> None:
    got = _values(nlp, '"The ferry sails again tomorrow," the harbour master said. Repairs began on Wednesday.', FRI)
    assert got["tomorrow"] == "2024-03-16"


def test_a_day_that_is_not_the_speech_day_does_not_move_the_quote(nlp: Any) -> None:
    # The Monday is when the storm hit, not when the words were said.
    got = _values(nlp, 'The mayor, whose town flooded on Monday, said: "We reopen the school tomorrow."', FRI)
    assert got["tomorrow"] == "2024-03-16"


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The crossing took 3 1/2 hours in the fog.", "3 1/2 hours", "PT3H30M"),
        ("She served 4 1/2 years on the board.", "4 1/2 years", "P4Y6M"),
        ("The alarm rang for a minute and a half.", "a minute and a half", "PT1M30S"),
        ("Repairs will take the next couple of years.", "the next couple of years", "P2Y"),
    ],
)
def test_fractions_and_couples_of_units(nlp: Any, text: str, span: str, value: str) -> None:
    assert _values(nlp, text, FRI)[span] == value


def test_the_second_day_of_a_pair_takes_the_month_of_the_first(nlp: Any) -> None:
    got = _values(nlp, "The fair opens on July 6 and 7 in the old harbour. It sold 40 and 50 tickets.", FRI)
    assert got == {"July 6": "2024-07-06", "7": "2024-07-07"}


def test_the_week_of_a_day_is_its_iso_week(nlp: Any) -> None:
    assert _values(nlp, "Voting is set for the week of April 8.", FRI)["the week of April 8"] == "2024-W15"


def test_now_with_a_comma_opening_a_sentence_is_no_time(nlp: Any) -> None:
    got = _values(nlp, "The old plan failed. Now, the council wants a new one. It is now too late.", FRI)
    assert list(got) == ["now"]


def test_names_that_look_like_times_are_no_times(nlp: Any) -> None:
    text = "Thousands joined the annual March for Life. The film High Noon aired after 60 Minutes. The march ended at noon."
    got = _values(nlp, text, FRI)
    assert got == {"noon": "2024-03-15T12:00"}


def test_the_march_before_a_noun_is_the_month(nlp: Any) -> None:
    got = _values(nlp, "The March vote was delayed.", FRI)
    assert got == {"March": "2024-03"}


def test_a_weekday_naming_an_event_is_the_nearest_one(nlp: Any) -> None:
    # The modal future of the sentence is about the appeal, not about the ruling's day.
    got = _values(nlp, "The family said they would appeal Wednesday's ruling.", FRI)
    assert got == {"Wednesday": "2024-03-13"}


def test_a_quote_without_its_own_day_takes_the_day_the_lead_reports(nlp: Any) -> None:
    # A Saturday story whose lead reports Friday's news: the quote below it was given on Friday.
    text = (
        "LONDON - The port will reopen next month, officials said on Friday.\n"
        '"We have been worried since yesterday," the harbour master told reporters.'
    )
    got = _values(nlp, text, date(2024, 3, 16))
    assert got["yesterday"] == "2024-03-14"


def test_the_lead_day_is_no_news_day_when_it_is_days_old(nlp: Any) -> None:
    text = (
        "LONDON - The port will reopen next month, officials said on Tuesday.\n"
        '"We have been worried since yesterday," the harbour master told reporters.'
    )
    got = _values(nlp, text, date(2024, 3, 16))
    assert got["yesterday"] == "2024-03-15"


def test_todays_world_is_no_day(nlp: Any) -> None:
    got = _values(nlp, "In today's connected world, the results in today's edition came late.", FRI)
    assert got == {"today": "2024-03-15"}
