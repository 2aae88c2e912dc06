"""Publication dates as inputs write them, and language codes and detection."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from storyline.ingest.published import DateParseError, parse_published
from storyline.ingest.language import detect_language, normalize_language


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2023-11-24", date(2023, 11, 24)),
        ("2023-11-24T09:30:00Z", date(2023, 11, 24)),
        ("2023-11-24T23:30:00-05:00", date(2023, 11, 24)),  # the day as written, not UTC's
        ("2023-11-24 10:15:00", date(2023, 11, 24)),
        ("Fri, 24 Nov 2023 23:30:00 -0500", date(2023, 11, 24)),
        ("Nov 24, 2023", date(2023, 11, 24)),
        ("Nov. 24, 2023", date(2023, 11, 24)),
        ("24 November 2023", date(2023, 11, 24)),
        ("Friday, 24 November 2023 14:02 GMT", date(2023, 11, 24)),
        (1700812800, date(2023, 11, 24)),
        ("1700812800", date(2023, 11, 24)),
        (1700812800000, date(2023, 11, 24)),  # milliseconds
        (date(2023, 11, 24), date(2023, 11, 24)),
    ],
)
def test_accepted_notations(value: object, day: date) -> None:
    assert parse_published(value)[0] == day


def test_time_is_kept_only_when_given() -> None:
    assert parse_published("2023-11-24")[1] is None
    assert parse_published("Nov 24, 2023")[1] is None
    moment = parse_published("2023-11-24T23:30:00-05:00")[1]
    assert moment == datetime(2023, 11, 24, 23, 30, tzinfo=timezone(timedelta(hours=-5)))


@pytest.mark.parametrize(
    "value",
    ["", "   ", "soon", "Thursday", "last week", "yesterday", "November 2023", "2023", "2023-13-45", "Nov 24, 2023 " * 20, None, True],
)
def test_unreadable_or_incomplete_dates_are_refused(value: object) -> None:
    # Relative and partial dates have no anchor in metadata: refusing beats guessing today.
    with pytest.raises(DateParseError):
        parse_published(value)


@pytest.mark.parametrize(
    ("declared", "code"),
    [("en", "en"), ("EN-us", "en"), ("de_DE", "de"), ("eng", None), ("English", None), ("", None), (None, None), ("und", None)],
)
def test_declared_language_codes(declared: object, code: str | None) -> None:
    assert normalize_language(declared) == code


def test_language_detection() -> None:
    english = "The harbour council voted on Thursday to close the north ferry line at the end of the year."
    french = "Le conseil du port a voté jeudi la fermeture de la ligne de ferry du nord à la fin de l'année."
    assert detect_language(english)[0] == "en"
    assert detect_language(french)[0] == "fr"
    code, confidence = detect_language("Ferry vote")
    assert code is None and confidence == 0.0  # too short to tell
