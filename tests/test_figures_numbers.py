"""The number-phrase grammar (storyline.figures.numbers) on hand-written token lists."""

from __future__ import annotations

import pytest

from storyline.figures.numbers import as_json, find_numbers, is_numeral


def _one(text: str):
    phrases = find_numbers(text.split())
    assert len(phrases) == 1, phrases
    return phrases[0]


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("some 1,200 people", 1200, "about"),
        ("1.7 million displaced", 1_700_000, None),
        ("more than twenty prisoners", 20, "more than"),
        ("between 30 and 40 rockets", [30, 40], "between"),
        ("30 to 40 rockets", [30, 40], None),
        ("two or three trucks", [2, 3], None),
        ("a dozen soldiers", 12, None),
        ("dozens of protesters", [24, 99], None),
        ("tens of thousands of people", [20_000, 99_999], None),
        ("thirty - one killed", 31, None),
        ("one hundred and five hostages", 105, None),
        ("nearly half a million people", 500_000, "nearly"),
        ("at least 31 people", 31, "at least"),
        ("up to 1.5 to 2 million people", [1_500_000, 2_000_000], "up to"),
        ("an estimated 240 hostages", 240, "about"),
        ("no fewer than 50 trucks", 50, "at least"),
        ("50 or more trucks", 50, "at least"),
        ("fewer than 10 people", 10, "fewer than"),
    ],
)
def test_values_and_qualifiers(text: str, value: object, qualifier: str | None) -> None:
    phrase = _one(text)
    assert as_json(phrase.value) == value
    assert phrase.qualifier == qualifier


def test_percent_and_money_marks() -> None:
    pct = _one("rose 3.5 % in October")
    assert pct.percent and as_json(pct.value) == 3.5
    assert _one("fell 20 per cent").percent
    money = _one("$ 1.7 million in aid")
    assert money.currency == "USD" and as_json(money.value) == 1_700_000
    assert _one("$ 2bn").value == 2e9
    assert _one("400 shekels").currency == "ILS"


def test_spans_cover_qualifier_and_numerals() -> None:
    words = "officials said at least 1.7 million were displaced".split()
    (phrase,) = find_numbers(words)
    assert words[phrase.start : phrase.end] == ["at", "least", "1.7", "million"]
    assert words[phrase.num_start : phrase.num_end] == ["1.7", "million"]


def test_a_range_needs_ascending_ends() -> None:
    # "3 - 1" is a score or part of an identifier, not a range: two separate numbers.
    assert [as_json(p.value) for p in find_numbers("won 3 - 1 on Sunday".split())] == [3, 1]


def test_words_that_are_not_numbers() -> None:
    assert find_numbers("a man said an hour".split()) == []
    assert not is_numeral("several")
    assert is_numeral("1,200") and is_numeral("twenty") and is_numeral("1.7m")
