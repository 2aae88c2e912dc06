"""Which day a relative expression means: tense cues, plans, and what was said when (issue 10 §4, issue 11)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from storyline.temporal import extract

# A Friday.
FRI = date(2024, 3, 15)


@pytest.fixture(scope="module")
def nlp() -> Any:
    from storyline.pipeline.dates import spacy_model

    return spacy_model()


def _values(nlp: Any, text: str, dct: date | None) -> dict[str, str | None]:
    out = {}
    for t in extract(text, dct, nlp(text)):
        assert text[t.start : t.end] == t.text
        out[t.text] = t.value
    return out


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
