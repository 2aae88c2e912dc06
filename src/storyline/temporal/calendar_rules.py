"""Rules for dates fixed on the calendar: full and partial dates, months, years, decades,
centuries, quarters and halves.

The rules in :mod:`.relative_rules` register after these (the order breaks ties between equally
long matches), so :mod:`.grammar` imports this module first."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from storyline.temporal import lexicon as lx
from storyline.temporal.calendar import NEAR_DAYS, Point, choose, month_point, shift, yearly
from storyline.temporal.rules import (
    PART_CODE,
    Resolved,
    as_date,
    capitalised,
    direction_of,
    pre_gran,
    rule,
    year_of,
)

if TYPE_CHECKING:
    from storyline.temporal.extract import Context

# --- absolute and month-day dates ---------------------------------------------------------


def _month_ok(m: re.Match[str], cx: "Context") -> bool:
    word = m.group("mon")
    if not capitalised(word):
        return False
    # Bare "May"/"March" without a day must be a proper noun, not the modal or the verb.
    return True


@rule(
    r"\b(?:the\s+(?P<pod>morning|afternoon|evening|night)\s+of\s+)?(?:(?P<wd>@WEEKDAY@|@WDABBR@),?\s+)?(?P<mon>@MONTH@)\s*(?:the\s+)?(?P<day>[0-3]?\d(?:st|nd|rd|th)?|@DAYWORD@)\b(?![:.]\d|,\d{3})"
    r"(?:(?:,\s*|\s+)(?P<year>@YEAR@|@YEARWORDS@)\b(?!,\d|\.\d))?",
    check=_month_ok,
    needs="M",
)
def date_mdy(m: re.Match[str], cx: "Context") -> Resolved | None:
    """Oct. 7 / Friday, Oct. 7 / October 7th, 2023 / the night of Nov. 8."""
    found = _month_day(m, cx, _day_number(m.group("day")))
    if found is not None and m.group("pod") and found[2] is not None:
        point = replace(found[2], time=PART_CODE[m.group("pod").lower()])
        return as_date(point, "TIME")
    return found


@rule(
    r"\b(?:the\s+)?(?P<day>[0-3]?\d(?:st|nd|rd|th)?|@DAYWORD@)\s+(?:of\s+)?(?P<mon>@MONTH@)(?:,?\s+(?P<year>@YEAR@|@YEARWORDS@)\b)?(?!\s*\d)",
    check=_month_ok,
    needs="M",
)
def date_dmy(m: re.Match[str], cx: "Context") -> Resolved | None:
    """7 October 2023 / the 7th of October."""
    if not m.group("day")[0].isdigit() and "of" not in m.group(0).lower():
        return None
    return _month_day(m, cx, _day_number(m.group("day")))


def _day_number(text: str) -> int:
    digits = re.match(r"\d+", text)
    return int(digits.group(0)) if digits else (lx.parse_ordinal(text) or 0)


def _month_day(m: re.Match[str], cx: "Context", day: int) -> Resolved | None:
    month = lx.month_number(m.group("mon"))
    if month is None or not 1 <= day <= 31:
        return None
    year = year_of(m.group("year"))
    if year is not None:
        return as_date(month_point(year, month, day))
    if cx.dct is None:
        return ("DATE", None, None)
    candidates = yearly(cx.dct, lambda y: month_point(y, month, day))
    weekday = lx.weekday_number(m.group("wd")) if m.groupdict().get("wd") else None
    if weekday is not None:
        # "Friday, Oct. 7": the weekday names the year.
        fits = [p for p in candidates if p.day.isoweekday() == weekday]
        if len(fits) == 1:
            return as_date(fits[0])
    return as_date(choose(candidates, cx.dct, cx.direction(m.start(), m.end()), window=NEAR_DAYS))


@rule(r"\b@DPRE@(?P<mon>@MONTH@),?\s+(?:of\s+)?(?P<year>@YEAR@|@YEARWORDS@)\b(?!,\d|\.\d)", check=_month_ok, needs="M")
def month_year(m: re.Match[str], cx: "Context") -> Resolved | None:
    """August 1988 / early Aug. 1998 / January nineteen ninety-seven."""
    month = lx.month_number(m.group("mon"))
    year = year_of(m.group("year"))
    return as_date(month_point(year, month)) if month and year else None


@rule(r"\b(?P<y>@YEAR@)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T ](?P<h>[0-2]\d):(?P<mi>[0-5]\d))?\b", needs="D")
def date_iso(m: re.Match[str], cx: "Context") -> Resolved | None:
    """2023-11-30, 2023-11-30T14:00."""
    point = month_point(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if point is None:
        return None
    if m.group("h"):
        return as_date(replace(point, time=f"{m.group('h')}:{m.group('mi')}"), "TIME")
    return as_date(point)


@rule(r"(?<![\d/])(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>\d{4}|\d{2})(?![\d/])", needs="D")
def date_slash(m: re.Match[str], cx: "Context") -> Resolved | None:
    """11/30/2023 (US order, as in American news copy)."""
    year = int(m.group("y"))
    if year < 100:
        century = (cx.dct.year // 100 * 100) if cx.dct else 2000
        year += century if year <= (cx.dct.year % 100 if cx.dct else 30) + 1 else century - 100
    point = month_point(year, int(m.group("m")), int(m.group("d")))
    return as_date(point) if point else None


# "the annual March for Life", "a March on the capital": the noun, not the month ("the March
# accession" is the month).
_MARCH_NOUN = re.compile(r"\b(?:the|a|an|annual|mass|protest|silent)\s+$", re.IGNORECASE)


def _bare_month_ok(m: re.Match[str], cx: "Context") -> bool:
    word = m.group("mon")
    if not capitalised(word):
        return False
    if word.lower() == "march" and not m.group("rel") and _MARCH_NOUN.search(cx.text, max(0, m.start() - 10), m.start()):
        after = cx.text[m.end() : m.end() + 14]
        if re.match(r"\s+(?:for|of|on|to|against|through|from)\b", after) and not re.match(r"\s+of\s+(?:1[0-9]|20)\d\d\b", after):
            return False
    tag = cx.tag(m.start("mon"))
    if tag is not None:
        return tag == "NNP"
    # Without a parse, "May" and "March" need a date-like word before them.
    if word.lower() in ("may", "march"):
        before = cx.text[max(0, m.start("mon") - 12) : m.start("mon")].lower()
        return bool(re.search(r"\b(in|since|until|by|last|next|this|early|late|mid|of|from|through|before|after)\s+$", before))
    return True


@rule(
    r"\b@DPRE@(?:(?P<rel>last|next|this|coming|past|previous)\s+)?(?P<mon>@MONTHFULL@|sept\.)"
    r"(?:\s+(?:of\s+)?(?:(?P<yrel>last|this|next)\s+year|(?P<that>that)\s+year))?(?![\w-])",
    check=_bare_month_ok,
    needs="M",
)
def month_alone(m: re.Match[str], cx: "Context") -> Resolved | None:
    """October / last October / early November / October of last year / June last year."""
    month = lx.month_number(m.group("mon"))
    if month is None:
        return None
    if m.group("that"):
        ref = cx.reference(m.start(), ("day", "month", "year"))
        return as_date(month_point(ref.day.year, month) if ref else None)
    if cx.dct is None:
        return ("DATE", None, None)
    if m.group("yrel"):
        offset = {"last": -1, "this": 0, "next": 1}[m.group("yrel").lower()]
        return as_date(month_point(cx.dct.year + offset, month))
    direction = direction_of(m, cx, m.group("rel"))
    if direction == "this":
        return as_date(month_point(cx.dct.year, month))
    return as_date(choose(yearly(cx.dct, lambda y: month_point(y, month)), cx.dct, direction, window=NEAR_DAYS))


# --- years, decades, centuries --------------------------------------------------------------

_YEAR_CONTEXT = re.compile(
    r"(?:\b(?:in|since|from|until|till|to|through|by|before|after|during|of|for|and|or|between|fiscal|year|early|late|"
    r"mid|around|about|circa|ca|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of)\s+|mid-|[-–]\s*)$",
    re.IGNORECASE,
)


def _year_ok(m: re.Match[str], cx: "Context") -> bool:
    after = cx.text[m.end() : m.end() + 12].lower()
    if re.match(r"\s*(?:%|percent|per\s*cent|[-\s](?:year|pound|ton|acre|foot|feet|meter|mile|kilo|room|seat|member|people|troops))", after):
        return False
    if m.group("fy") or m.groupdict().get("pre") or not m.group("year")[0].isdigit():
        return True
    entity = cx.in_date_entity(m.start("year"), m.end("year"))
    if entity:
        return True
    before = cx.text[max(0, m.start() - 24) : m.start()]
    if _YEAR_CONTEXT.search(before):
        return True
    # A year alone at a sentence start or in a headline ("1998: a look back").
    return entity is None and bool(re.search(r"(?:^|\n)\s*$", before))


@rule(
    r"(?<![\d$£€.,/-])\b@DPRE@(?P<fy>fiscal\s+(?:year\s+)?|the\s+year\s+)?(?P<year>@YEAR@|@YEARWORDS@)(?![\d\w]|,\d|\.\d|-\d|'s\b)",
    check=_year_ok,
    needs="DUY",
)
def year(m: re.Match[str], cx: "Context") -> Resolved | None:
    """1998 / fiscal 1989 / mid-1996 / the first half of 1990 / nineteen ninety-six."""
    value = year_of(m.group("year"))
    return as_date(pre_gran(m, Point(date(value, 1, 1), "year"))) if value else None


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8, "nineties": 9}


@rule(r"\b(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?P<full>(?:1[0-9]|20)\d0)'?s|'(?P<short>\d0)s|(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b", needs="DY")
def decade(m: re.Match[str], cx: "Context") -> Resolved | None:
    """the 1990s / the '90s / the late eighties."""
    if m.group("full"):
        year = int(m.group("full"))
        if year % 100 == 0:
            return ("DATE", f"{year // 100:02d}", None)
        return ("DATE", f"{year // 10:03d}", None)
    if m.group("word") and not m.group(0).lower().startswith("the"):
        return None
    digit = int(m.group("short")[0]) if m.group("short") else _DECADE_WORDS[m.group("word").lower()]
    if cx.dct is None:
        return ("DATE", None, None)
    century = cx.dct.year // 100
    # "the '90s" read in 2005 is the 1990s: a decade after the current one lies in the last century.
    if digit > (cx.dct.year % 100) // 10:
        century -= 1
    return ("DATE", f"{century:02d}{digit}", None)


@rule(r"\b(?:the\s+)?(?:(?P<ord>@ORD@)|(?P<rel>this|last|next|past|previous))[\s-]+century\b", needs="U")
def century(m: re.Match[str], cx: "Context") -> Resolved | None:
    """the 20th century / this century."""
    if m.group("ord"):
        n = lx.parse_ordinal(m.group("ord"))
        return ("DATE", f"{n - 1:02d}", None) if n else None
    if cx.dct is None:
        return ("DATE", None, None)
    rel = m.group("rel").lower()
    if m.group(0).lower().startswith("the") and rel in ("last", "past"):
        return ("DURATION", "P100Y", None)
    offset = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1}[rel]
    return ("DATE", f"{cx.dct.year // 100 + offset:02d}", None)


# --- quarters and halves --------------------------------------------------------------------------

_QREL = (
    r"current|latest|last|past|previous|next|coming|final|same|comparable|corresponding|recent|most\s+recent|"
    r"year[- ]earlier|year[- ]ago|prior[- ]year|just[- ]ended|just[- ]completed|fiscal|calendar"
)


def _quarter_ok(m: re.Match[str], cx: "Context") -> bool:
    after = cx.text[m.end() : m.end() + 14].lower()
    if re.match(r"(?:[- ](?:point|mile|century|hour|inch|percent|pound|of\s+(?:a|an|the|its|their|all|those)\b)|ly)", after):
        return False
    det = (m.group("det") or "").lower()
    kind = m.group("kind").lower()
    if det == "a" and not m.group("ord"):
        return False  # "a quarter of the votes"
    if not m.group("ord") and not m.group("rel") and not det and not m.group("y1"):
        return False
    if kind == "half" and not m.group("ord"):
        return False  # "half" alone is a fraction
    if kind == "period":
        # "the latest period" is a quarter only where quarters are being reported.
        reported = re.search(r"\bquarter", cx.text[max(0, m.start() - 1500) : m.start()], re.IGNORECASE)
        return bool(reported) and bool(m.group("rel") or m.group("y1"))
    return True


@rule(
    # The article belongs to a spelled-out quarter ("the third quarter") but not to an adjective
    # ("a third-quarter loss"), as in TimeML extents.
    r"\b(?:(?P<det>the|this|that|a|last\s+year's|this\s+year's|next\s+year's)\s+(?!(?:first|second|third|fourth)-quarter))?"
    r"(?:(?P<y1>@YEAR@)(?:'s)?\s+)?(?:(?P<rel>(?:(?:" + _QREL + r")[\s-]+)+))?"
    r"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+)?(?:fiscal\s+)?(?P<kind>quarter|half|period)\b"
    r"(?:\s+(?:of|in)\s+(?:fiscal\s+)?(?:(?P<y2>@YEAR@)|(?P<yrel>this|last|next)\s+year))?",
    check=_quarter_ok,
    needs="UQ",
)
def quarter(m: re.Match[str], cx: "Context") -> Resolved | None:
    """the third quarter / third-quarter / the year-earlier quarter / the first half of 1990 / the 1988 period."""
    kind = m.group("kind").lower()
    gran = "half" if kind == "half" else "quarter"
    months = 6 if gran == "half" else 3
    rel = re.sub(r"[\s-]+", " ", (m.group("rel") or "").lower()).strip()
    det = (m.group("det") or "").lower()
    ordinal = lx.parse_ordinal(m.group("ord")) if m.group("ord") else None
    if ordinal is not None and ordinal > 12 // months:
        return None
    year = year_of(m.group("y1") or m.group("y2"))
    if year is None and cx.dct is not None:
        if m.group("yrel"):
            year = cx.dct.year + {"last": -1, "this": 0, "next": 1}[m.group("yrel").lower()]
        elif det in ("this year's", "next year's"):
            year = cx.dct.year + (det == "next year's")
    back = bool(re.search(r"year earlier|year ago|prior year", rel)) or det.startswith("last year")
    topic = cx.reference(m.start(), (gran,))

    def nth(y: int) -> Point:
        return Point(date(y, (ordinal - 1) * months + 1, 1), gran)  # type: ignore[operator,arg-type]

    if ordinal is None and year is not None:
        # "the 1988 quarter": the quarter under discussion, in that year; a comparison, not a new topic.
        if topic is None:
            return ("DATE", None, None)
        return ("DATE", Point(date(year, topic.day.month, 1), gran).value, None)  # type: ignore[arg-type]
    if ordinal is not None and year is not None:
        return as_date(nth(year))
    if back:
        # "the year-earlier quarter": the quarter under discussion, a year back.
        base: Point | None = topic
        if ordinal is not None:
            known = topic.day if topic is not None else cx.dct
            base = nth(known.year) if known is not None else None
        return ("DATE", shift(base, "Y", -1).value if base is not None else None, None)
    if ordinal is not None:
        if cx.dct is None:
            return ("DATE", None, None)
        return as_date(choose(yearly(cx.dct, nth), cx.dct, cx.direction(m.start(), m.end()), window=NEAR_DAYS))
    return as_date(_unnumbered_quarter(cx, gran, rel, det, topic))


def _unnumbered_quarter(cx: "Context", gran: str, rel: str, det: str, topic: Point | None) -> Point | None:
    if cx.dct is None:
        return None
    here = Point(cx.dct, gran)  # type: ignore[arg-type]
    step, n = ("Q", 1) if gran == "quarter" else ("M", 6)
    if re.search(r"\b(current|this)\b", rel) or det == "this":
        return here
    if re.search(r"\b(next|coming)\b", rel):
        return shift(here, step, n)
    if re.search(r"\b(latest|recent|just ended|just completed)\b", rel) and topic is not None and topic.end() >= cx.dct:
        topic = None  # "the latest quarter" has been reported, so it is over
    if topic is not None and not re.search(r"\b(last|past|previous)\b", rel):
        # "the quarter", "the latest period", "the same quarter": the one being reported on.
        return topic
    # Nothing reported yet: the quarter that ended last.
    return shift(here, step, -n)


# --- around a month-day: "April 24 and 25", "the week of March 6" -------------------------------------------

_SECOND_DAY_CUE = re.compile(r"\b" + lx.MONTH_RE + r"\s*[0-3]?\d(?:st|nd|rd|th)?\s+(?:and|or|&)\s+$", re.IGNORECASE)


def _second_day_ok(m: re.Match[str], cx: "Context") -> bool:
    return bool(_SECOND_DAY_CUE.search(cx.text, max(0, m.start() - 24), m.start()))


@rule(r"(?<=\s)(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?![:.,]?\d)(?!\s*(?:%|percent|[ap]\.?m\.?))", check=_second_day_ok, needs="M")
def second_day(m: re.Match[str], cx: "Context") -> Resolved | None:
    """The 25 of "April 24 and 25": the month and year of the date just before it."""
    if cx.previous is None or cx.previous[1] is None or cx.previous[1].gran != "day":
        return None
    end, point = cx.previous
    if m.start() - end > 8:
        return None
    try:
        return as_date(replace(point, day=point.day.replace(day=int(m.group("day")))))
    except ValueError:
        return None


@rule(
    r"\bthe\s+week\s+of\s+(?P<mon>@MONTH@)\s*(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?![:.]\d|,\d{3})(?:(?:,\s*|\s+)(?P<year>@YEAR@)\b)?",
    check=_month_ok,
    needs="M",
)
def week_of(m: re.Match[str], cx: "Context") -> Resolved | None:
    """the week of March 6: the ISO week holding that day."""
    found = _month_day(m, cx, _day_number(m.group("day")))
    if found is None or found[2] is None:
        return found
    return as_date(replace(found[2], gran="week"))
