"""Calendar arithmetic for TIMEX3 values: points of a given granularity, shifts and formatting.

A resolved date is a :class:`Point`: a representative day plus the granularity it is known to
(day, week, month, quarter, year …). Shifting a point moves the day by whole units; formatting
writes the TIMEX3 value at the point's granularity ("2023-11-30", "2023-W47", "2023-Q4" …).
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

Granularity = Literal["day", "week", "weekend", "month", "quarter", "half", "season", "year", "decade", "century"]
Direction = Literal["past", "future", "last", "next", "this"] | None

# Representative month of each season.
SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}
_MONTH_SEASON = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU", 9: "FA", 10: "FA", 11: "FA"}


@dataclass(frozen=True)
class Point:
    """A calendar point: ``day`` stands for the whole period of granularity ``gran`` holding it.

    ``time`` is a TIMEX3 time suffix ("14:00", "NI", "MO" …) for day points, or None.
    """

    day: date
    gran: Granularity = "day"
    time: str | None = None

    @property
    def value(self) -> str:
        """The TIMEX3 value of this point."""
        d = self.day
        if self.gran == "day":
            return d.isoformat() + (f"T{self.time}" if self.time else "")
        if self.gran == "month":
            return f"{d.year:04d}-{d.month:02d}"
        if self.gran == "year":
            return f"{d.year:04d}"
        if self.gran in ("week", "weekend"):
            iso = d.isocalendar()
            return f"{iso[0]:04d}-W{iso[1]:02d}" + ("-WE" if self.gran == "weekend" else "")
        if self.gran == "quarter":
            return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
        if self.gran == "half":
            return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
        if self.gran == "season":
            season = _MONTH_SEASON[d.month]
            # A winter is named after the year it begins in (December).
            year = d.year - 1 if d.month <= 2 else d.year
            return f"{year:04d}-{season}"
        if self.gran == "decade":
            return f"{d.year // 10:03d}"
        return f"{d.year // 100:02d}"

    def start(self) -> date:
        """The first day of the period."""
        d = self.day
        if self.gran == "day":
            return d
        if self.gran in ("week", "weekend"):
            monday = d - timedelta(days=d.weekday())
            return monday + timedelta(days=5) if self.gran == "weekend" else monday
        if self.gran == "month":
            return d.replace(day=1)
        if self.gran == "quarter":
            return date(d.year, (d.month - 1) // 3 * 3 + 1, 1)
        if self.gran == "half":
            return date(d.year, 1 if d.month <= 6 else 7, 1)
        if self.gran == "season":
            first = {"SP": 3, "SU": 6, "FA": 9}.get(_MONTH_SEASON[d.month])
            if first is None:
                return date(d.year - 1 if d.month <= 2 else d.year, 12, 1)
            return date(d.year, first, 1)
        if self.gran == "year":
            return date(d.year, 1, 1)
        if self.gran == "decade":
            return date(max(1, d.year // 10 * 10), 1, 1)
        return date(max(1, d.year // 100 * 100), 1, 1)

    def end(self) -> date:
        """The last day of the period."""
        s = self.start()
        if self.gran == "day":
            return s
        if self.gran == "week":
            return s + timedelta(days=6)
        if self.gran == "weekend":
            return s + timedelta(days=1)
        months = {"month": 1, "quarter": 3, "half": 6, "season": 3, "year": 12, "decade": 120, "century": 1200}[self.gran]
        return add_months(s, months) - timedelta(days=1)

    def at(self, gran: Granularity) -> "Point":
        """The same day seen at another granularity (without a time of day)."""
        return replace(self, gran=gran, time=None)


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole months, the day clamped to the target month's length."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    year = min(max(year, 1), 9999)
    return date(year, month + 1, min(d.day, _cal.monthrange(year, month + 1)[1]))


# Unit letters (see lexicon.UNITS) as (days, months) steps.
_STEP = {
    "D": (1, 0),
    "W": (7, 0),
    "WE": (7, 0),
    "2W": (14, 0),
    "M": (0, 1),
    "Q": (0, 3),
    "Y": (0, 12),
    "DE": (0, 120),
    "CE": (0, 1200),
    "ML": (0, 12000),
}
UNIT_GRAN: dict[str, Granularity] = {
    "D": "day",
    "W": "week",
    "WE": "weekend",
    "2W": "week",
    "M": "month",
    "Q": "quarter",
    "Y": "year",
    "DE": "year",
    "CE": "year",
    "ML": "year",
}


def shift(point: Point, unit: str, n: int) -> Point:
    """``point`` moved by ``n`` units (a unit letter from the lexicon: D, W, M, Q, Y, DE, CE, ML)."""
    days, months = _STEP[unit]
    try:
        day = point.day + timedelta(days=days * n) if days else add_months(point.day, months * n)
    except OverflowError:
        return point
    return replace(point, day=day)


def distance(p: Point, anchor: date) -> int:
    """Days between ``anchor`` and the period ``p`` (0 when the period holds it)."""
    if p.start() <= anchor <= p.end():
        return 0
    return (p.start() - anchor).days if p.start() > anchor else (anchor - p.end()).days


def choose(candidates: Sequence[Point], anchor: date, direction: Direction, *, window: int = 0) -> Point | None:
    """Pick the occurrence of a cyclic date (weekday, month, season, holiday …) meant relative to ``anchor``.

    Args:
        candidates: the occurrences around the anchor, in any order.
        anchor: the reference day (usually the publication date).
        direction: ``past`` — the latest one that has begun by the anchor (today included);
            ``future`` — the earliest one not yet over; ``last``/``next`` — strictly before/after
            the period holding the anchor; ``this`` and None — the nearest, the past one on a tie.
        window: for ``past`` and ``future``, an occurrence on the other side of the anchor that
            is at most this many days away still wins: a past-tense report of a dividend
            "payable Dec. 7" a month ahead, or a future-tense report on the quarter just ended.
    """
    if not candidates:
        return None
    ordered = sorted(candidates, key=lambda p: p.start())
    nearest = min(ordered, key=lambda p: (distance(p, anchor), 0 if p.start() <= anchor else 1))
    if direction == "past":
        if nearest.start() > anchor and distance(nearest, anchor) <= window:
            return nearest
        fit = [p for p in ordered if p.start() <= anchor]
        return fit[-1] if fit else None
    if direction == "future":
        if nearest.end() < anchor and distance(nearest, anchor) <= window:
            return nearest
        fit = [p for p in ordered if p.end() >= anchor]
        return fit[0] if fit else None
    if direction == "last":
        fit = [p for p in ordered if p.end() < anchor]
        return fit[-1] if fit else None
    if direction == "next":
        fit = [p for p in ordered if p.start() > anchor]
        return fit[0] if fit else None
    return nearest


# How far a month, a day of a month or a quarter may lie on the "wrong" side of the publication
# date and still be the one meant (see ``choose``); tuned on TimeBank.
NEAR_DAYS = 62


def yearly(anchor: date, make: Callable[[int], Point | None]) -> list[Point]:
    """The occurrences ``make(year)`` for the anchor's year and the years on either side."""
    out = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        if 1 <= year <= 9999:
            p = make(year)
            if p is not None:
                out.append(p)
    return out


def weekday_candidates(anchor: date, weekday: int) -> list[Point]:
    """Every day with ISO ``weekday`` (1 = Monday) within two weeks either side of ``anchor``."""
    base = anchor - timedelta(days=anchor.isoweekday() - weekday)
    return [Point(base + timedelta(days=7 * k)) for k in (-2, -1, 0, 1, 2)]


def month_point(year: int, month: int, day: int | None = None) -> Point | None:
    """The point for a month (or a day in it); None when the day does not exist."""
    try:
        return Point(date(year, month, day or 1), "day" if day else "month")
    except ValueError:
        return None


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ISO ``weekday`` of a month; ``n = -1`` is the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = date(year, month, _cal.monthrange(year, month)[1])
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)
