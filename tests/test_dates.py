"""The temporal grammar and its anchoring, on hand-built sentences (one rule family per test).

Each case is a sentence, the publication date (DCT) and the expressions expected in it with
their TIMEX3 values. The shared spaCy model supplies the tense, as in the ``dates`` stage.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from storyline.temporal import Timex, extract


@pytest.fixture(scope="module")
def nlp() -> Any:
    from storyline.pipeline.dates import spacy_model

    return spacy_model()


def found(nlp: Any, text: str, dct: date | str | None) -> dict[str, Timex]:
    """Expressions by their text; every offset must point at that text."""
    out = {}
    for t in extract(text, dct, nlp(text)):
        assert text[t.start : t.end] == t.text
        out[t.text] = t
    return out


def values(nlp: Any, text: str, dct: date | str | None) -> dict[str, str | None]:
    return {k: t.value for k, t in found(nlp, text, dct).items()}


FRIDAY = date(2023, 12, 1)  # a Friday


# --- weekdays ----------------------------------------------------------------------------------


def test_weekday_in_the_past_tense_is_the_most_recent_one(nlp: Any) -> None:
    assert values(nlp, "The minister said Thursday that the dam was safe.", FRIDAY) == {"Thursday": "2023-11-30"}
    assert values(nlp, "Rescuers reached the village on Monday.", FRIDAY) == {"Monday": "2023-11-27"}


def test_weekday_in_the_future_tense_points_forward(nlp: Any) -> None:
    wednesday = date(2023, 11, 29)
    assert values(nlp, "The committee will meet on Friday to decide.", wednesday) == {"Friday": "2023-12-01"}
    assert values(nlp, "Talks are expected to resume Monday.", FRIDAY) == {"Monday": "2023-12-04"}


def test_weekday_named_today_is_today(nlp: Any) -> None:
    assert values(nlp, "Officials said Friday that 40 people were missing.", FRIDAY) == {"Friday": "2023-12-01"}


def test_last_and_next_weekday(nlp: Any) -> None:
    got = values(nlp, "It rained last Friday and the vote is next Tuesday.", FRIDAY)
    assert got == {"last Friday": "2023-11-24", "next Tuesday": "2023-12-05"}


def test_weekday_with_part_of_day_is_a_time(nlp: Any) -> None:
    got = found(nlp, "The convoy was shelled overnight Thursday and again on Wednesday evening.", FRIDAY)
    assert (got["overnight Thursday"].type, got["overnight Thursday"].value) == ("TIME", "2023-11-30TNI")
    assert got["Wednesday evening"].value == "2023-11-29TEV"


# --- month and day without a year ---------------------------------------------------------------


def test_month_day_resolves_across_the_year_boundary(nlp: Any) -> None:
    february = date(2024, 2, 7)
    assert values(nlp, "The attack on Oct. 7 shocked the country.", february) == {"Oct. 7": "2023-10-07"}
    assert values(nlp, "Militants stormed the border on Oct. 7, the report said.", february) == {"Oct. 7": "2023-10-07"}


def test_month_day_in_the_future_tense_points_forward(nlp: Any) -> None:
    december = date(2023, 12, 20)
    assert values(nlp, "The talks will resume on Jan. 9 in Geneva.", december) == {"Jan. 9": "2024-01-09"}


def test_payable_and_effective_dates_lie_ahead(nlp: Any) -> None:
    got = values(nlp, "The board declared a dividend payable Jan. 15 and named a chief effective Feb. 1.", date(2023, 11, 2))
    assert got == {"Jan. 15": "2024-01-15", "Feb. 1": "2024-02-01"}


def test_full_dates_and_month_years(nlp: Any) -> None:
    got = values(nlp, "The plant opened on March 3, 1998 and closed in August 2001; see 2023-11-30.", FRIDAY)
    assert got == {"March 3, 1998": "1998-03-03", "August 2001": "2001-08", "2023-11-30": "2023-11-30"}


def test_bare_month_and_a_modal_may(nlp: Any) -> None:
    got = values(nlp, "Prices may rise, the bank said. Exports fell in March.", date(2023, 11, 2))
    assert got == {"March": "2023-03"}


# --- relative weeks, months, years ----------------------------------------------------------------


def test_relative_periods(nlp: Any) -> None:
    monday = date(2023, 11, 27)
    text = "Last week the river rose; earlier this month it froze. Elections are next year, not this year or last year."
    got = values(nlp, text, monday)
    assert got == {
        "Last week": "2023-W47",
        "earlier this month": "2023-11",
        "next year": "2024",
        "this year": "2023",
        "last year": "2022",
    }


def test_offsets_from_the_publication_date(nlp: Any) -> None:
    got = values(nlp, "The bridge fell two days ago; the first warning came three weeks ago.", FRIDAY)
    assert got == {"two days ago": "2023-11-29", "three weeks ago": "2023-W45"}


def test_days_around_the_publication_date(nlp: Any) -> None:
    got = found(nlp, "Yesterday the mayor spoke; today she flies out, and last night the lights failed.", FRIDAY)
    assert got["Yesterday"].value == "2023-11-30"
    assert got["today"].value == "2023-12-01"
    assert (got["last night"].type, got["last night"].value) == ("TIME", "2023-11-30TNI")


def test_seasons_and_quarters(nlp: Any) -> None:
    got = values(nlp, "Sales fell last fall.", date(2024, 2, 10))
    assert got == {"last fall": "2023-FA"}
    got = values(nlp, "The company reported a third-quarter loss, against a profit a year earlier.", date(2023, 10, 25))
    assert got == {"third-quarter": "2023-Q3", "a year earlier": "2022-Q3"}


def test_anaphoric_days_follow_the_story(nlp: Any) -> None:
    got = values(nlp, "The dam broke on Nov. 8. The next day, troops arrived.", date(2023, 11, 20))
    assert got == {"Nov. 8": "2023-11-08", "The next day": "2023-11-09"}


def test_a_day_named_in_apposition(nlp: Any) -> None:
    text = "The prime minister flies over the dam on Wednesday, the second day of his 48-hour visit."
    got = found(nlp, text, date(2023, 11, 14))
    assert got["Wednesday"].value == "2023-11-15"
    assert got["the second day"].value == "2023-11-15"
    assert (got["48-hour"].type, got["48-hour"].value) == ("DURATION", "PT48H")


# --- durations, sets, references, times -------------------------------------------------------------------


def test_durations(nlp: Any) -> None:
    got = found(nlp, "The siege lasted three days, then a two-week truce held for nearly six months.", FRIDAY)
    assert {k: (t.type, t.value) for k, t in got.items()} == {
        "three days": ("DURATION", "P3D"),
        "two-week": ("DURATION", "P2W"),
        "nearly six months": ("DURATION", "P6M"),
    }


def test_ages_are_not_durations(nlp: Any) -> None:
    assert values(nlp, "A 19-year-old student was hurt.", FRIDAY) == {}


def test_sets(nlp: Any) -> None:
    got = found(nlp, "Inspectors visit every week, the ferry sails daily and the board meets twice a year.", FRIDAY)
    assert {k: (t.type, t.value) for k, t in got.items()} == {
        "every week": ("SET", "P1W"),
        "daily": ("SET", "P1D"),
        "twice a year": ("SET", "P1Y"),
    }


def test_present_past_and_future_references(nlp: Any) -> None:
    got = values(nlp, "The camp is now full; it was recently enlarged and may close in the future.", FRIDAY)
    assert got == {"now": "PRESENT_REF", "recently": "PAST_REF", "the future": "FUTURE_REF"}


def test_clock_times_take_their_day(nlp: Any) -> None:
    got = found(nlp, "Police fired at 2 p.m. Thursday. The truce begins at noon on Saturday.", FRIDAY)
    assert (got["2 p.m. Thursday"].type, got["2 p.m. Thursday"].value) == ("TIME", "2023-11-30T14:00")
    assert got["noon"].value == "2023-12-02T12:00"
    assert got["Saturday"].value == "2023-12-02"


def test_live_blog_time_stamps_are_of_the_publication_day(nlp: Any) -> None:
    text = "Updates from the valley.\n\n18:05 - The water is falling.\n\n09:20 - On Wednesday the road was cut."
    got = values(nlp, text, FRIDAY)
    assert got["18:05"] == "2023-12-01T18:05"
    assert got["09:20"] == "2023-12-01T09:20"


# --- unresolvable: null, never a guess ---------------------------------------------------------------------


def test_without_a_publication_date_relative_expressions_are_null(nlp: Any) -> None:
    got = values(nlp, "He arrived on Thursday, two days after the Nov. 30, 2023 vote.", None)
    assert got["Thursday"] is None
    assert got["Nov. 30, 2023"] == "2023-11-30"


def test_a_day_of_an_undated_event_is_null(nlp: Any) -> None:
    got = values(nlp, "The violence broke out on the second day of the strike.", FRIDAY)
    assert got == {"the second day": None}


def test_works_without_a_parse() -> None:
    text = "The minister said Thursday that talks begin on Dec. 4."
    got = {t.text: t.value for t in extract(text, FRIDAY, None)}
    assert got == {"Thursday": "2023-11-30", "Dec. 4": "2023-12-04"}


def test_bundle_items_carry_offsets_type_and_value(nlp: Any) -> None:
    text = "Officials said Thursday that the water was falling."
    (item,) = [t.as_item() for t in extract(text, FRIDAY, nlp(text))]
    assert item == {"text": "Thursday", "start": 15, "end": 23, "value": "2023-11-30", "type": "DATE"}


# --- trigger windows: a speed-up that must never change the result ------------------------------


RICH = (
    "On Friday, Oct. 6, 2023, at 3 p.m. EST the board met; by 18:05 it had voted. Sales fell in the third "
    "quarter and a year earlier, over the past two weeks and in recent months. The 1990s, mid-1996 and "
    "nineteen ninety-six were cited, as were Christmas, last fall, these days, tonight and the day before."
    "\n\n09:20 - Officials now say the truce begins at noon on Saturday and lasts 72 hours, every week."
)


def test_windows_give_the_same_expressions_as_a_full_scan(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from storyline.temporal.triggers import KINDS

    extract_module = importlib.import_module("storyline.temporal.extract")

    for doc in (nlp(RICH), None):
        windowed = extract(RICH, FRIDAY, doc)
        with monkeypatch.context() as m:
            m.setattr(extract_module, "windows", lambda text: [(0, len(text), frozenset(KINDS))])
            full = extract(RICH, FRIDAY, doc)
        assert windowed == full
        assert len(windowed) >= 20


def test_trigger_kinds() -> None:
    from storyline.temporal.triggers import kinds_of, windows

    assert (kinds_of("Oct."), kinds_of("Tuesday's"), kinds_of("weeks"), kinds_of("1998"), kinds_of("18:05")) == ("M", "W", "U", "D", "D")
    assert kinds_of("market") == "" and kinds_of("48") == ""
    assert windows("Nothing to see here at all.") == []
    ((lo, hi, kinds),) = windows("A long preamble that says nothing in particular, then Friday came.")
    assert kinds == frozenset("W") and hi == len("A long preamble that says nothing in particular, then Friday came.")
