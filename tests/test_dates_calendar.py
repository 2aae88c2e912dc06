"""Calendar arithmetic and number words behind the dates stage (storyline.temporal.calendar, .lexicon)."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.temporal import lexicon as lx
from storyline.temporal.calendar import Point, choose, easter, month_point, nth_weekday, shift, weekday_candidates, yearly


@pytest.mark.parametrize(
    ("point", "value"),
    [
        (Point(date(2023, 11, 30)), "2023-11-30"),
        (Point(date(2023, 11, 30), time="14:00"), "2023-11-30T14:00"),
        (Point(date(2023, 11, 30), time="NI"), "2023-11-30TNI"),
        (Point(date(2023, 11, 22), "week"), "2023-W47"),
        (Point(date(2024, 1, 1), "week"), "2024-W01"),
        (Point(date(2023, 11, 22), "weekend"), "2023-W47-WE"),
        (Point(date(2023, 11, 22), "month"), "2023-11"),
        (Point(date(2023, 11, 22), "quarter"), "2023-Q4"),
        (Point(date(2023, 5, 2), "half"), "2023-H1"),
        (Point(date(2023, 10, 1), "season"), "2023-FA"),
        (Point(date(2024, 1, 15), "season"), "2023-WI"),
        (Point(date(2023, 11, 22), "year"), "2023"),
        (Point(date(1995, 1, 1), "decade"), "199"),
        (Point(date(1995, 1, 1), "century"), "19"),
    ],
)
def test_timex3_values(point: Point, value: str) -> None:
    assert point.value == value


def test_periods_have_bounds() -> None:
    assert (Point(date(2023, 11, 22), "week").start(), Point(date(2023, 11, 22), "week").end()) == (date(2023, 11, 20), date(2023, 11, 26))
    assert Point(date(2024, 2, 10), "season").start() == date(2023, 12, 1)
    assert Point(date(2023, 8, 5), "quarter").end() == date(2023, 9, 30)


def test_shifts_keep_the_granularity_and_clamp_days() -> None:
    assert shift(Point(date(2024, 1, 31), "month"), "M", 1).value == "2024-02"
    assert shift(Point(date(2024, 3, 31)), "M", -1).value == "2024-02-29"
    assert shift(Point(date(2023, 10, 5), "quarter"), "Y", -1).value == "2022-Q4"
    assert shift(Point(date(2023, 11, 30), "week"), "W", -1).value == "2023-W47"


def test_choosing_an_occurrence() -> None:
    dct = date(2024, 2, 7)
    oct7 = yearly(dct, lambda y: month_point(y, 10, 7))
    assert choose(oct7, dct, "past").value == "2023-10-07"  # type: ignore[union-attr]
    assert choose(oct7, dct, "future").value == "2024-10-07"  # type: ignore[union-attr]
    assert choose(oct7, dct, None).value == "2023-10-07"  # type: ignore[union-attr]
    # Within the window, the near occurrence wins over the tense: "declared … payable Feb. 20".
    feb20 = yearly(dct, lambda y: month_point(y, 2, 20))
    assert choose(feb20, dct, "past", window=62).value == "2024-02-20"  # type: ignore[union-attr]
    assert choose(feb20, dct, "past").value == "2023-02-20"  # type: ignore[union-attr]


def test_weekday_choice_includes_today_for_past_and_future() -> None:
    friday = date(2023, 12, 1)
    fridays = weekday_candidates(friday, 5)
    assert choose(fridays, friday, "past").value == "2023-12-01"  # type: ignore[union-attr]
    assert choose(fridays, friday, "future").value == "2023-12-01"  # type: ignore[union-attr]
    assert choose(fridays, friday, "last").value == "2023-11-24"  # type: ignore[union-attr]
    assert choose(fridays, friday, "next").value == "2023-12-08"  # type: ignore[union-attr]


def test_holiday_arithmetic() -> None:
    assert easter(2024) == date(2024, 3, 31)
    assert nth_weekday(2023, 11, 4, 4) == date(2023, 11, 23)  # Thanksgiving
    assert nth_weekday(2024, 5, 1, -1) == date(2024, 5, 27)  # Memorial Day


@pytest.mark.parametrize(
    ("text", "value"),
    [("twenty-four", 24.0), ("1,200", 1200.0), ("a", 1.0), ("a couple of", 2.0), ("three hundred and five", 305.0), ("several", None)],
)
def test_number_words(text: str, value: float | None) -> None:
    assert lx.parse_number(text) == value


def test_year_words_and_ordinals() -> None:
    assert lx.parse_year_words("nineteen ninety-six") == 1996
    assert lx.parse_year_words("two thousand one") == 2001
    assert lx.parse_year_words("nineteen") is None
    assert lx.parse_ordinal("twenty-first") == 21
    assert lx.parse_ordinal("3rd") == 3
    assert lx.month_number("Sept.") == 9
    assert lx.weekday_number("Tuesdays") == 2
    assert lx.unit_code("decades") == "DE"
