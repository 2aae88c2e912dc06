"""Rules for dates named relative to the publication date or to the story: today and
yesterday, parts of the day, now and recently, weekdays, last week and next year, seasons,
weekends, the end of the month, and holidays.

These rules register after those in :mod:`.calendar_rules` (the order breaks ties between
equally long matches), so :mod:`.grammar` imports this module second."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from storyline.temporal import lexicon as lx
from storyline.temporal.calendar import (
    SEASON_MONTH,
    Direction,
    Point,
    choose,
    easter,
    nth_weekday,
    shift,
    weekday_candidates,
    yearly,
)
from storyline.temporal.rules import (
    CYCLE_GRAN,
    CYCLE_UNIT,
    FINER,
    PART_CODE,
    REL_DIRECTION,
    Resolved,
    as_date,
    capitalised,
    direction_of,
    pre_gran,
    rule,
)

if TYPE_CHECKING:
    from storyline.temporal.extract import Context

# --- days around the publication date ---------------------------------------------------------

_DAY_OFFSET = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2}
_PART = r"(?:(?:early|late|mid)[\s-]?)?(?:morning|afternoon|evening|night)"


def _part_code(text: str | None) -> str | None:
    """MO, AF, EV or NI for "morning", "mid-afternoon", "late night"…"""
    if not text:
        return None
    return PART_CODE.get(re.sub(r"^(?:early|late|mid)[\s-]?", "", text.lower()))


# "today's world", "tomorrow's leaders": the present or the future age, not a day.
_GENERIC_AGE = re.compile(
    r"['’]s\s+(?:\w+\s+)?(?:world|youth|young|kids|children|generation|society|leaders|economy|technology|standards|terms|"
    r"culture|computers|consumers|workers|families|students|teenagers|politics|media)\b",
    re.IGNORECASE,
)


def _relative_day_ok(m: re.Match[str], cx: "Context") -> bool:
    return m.group("w").lower() not in ("today", "tomorrow") or not _GENERIC_AGE.match(cx.text, m.end())


@rule(
    r"\b@DPRE@(?:(?P<part0>" + _PART + r")\s+)?(?P<w>today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|"
    r"the\s+day\s+after\s+tomorrow)(?:\s+(?P<part>" + _PART + r"))?\b",
    check=_relative_day_ok,
    needs="R",
)
def relative_day(m: re.Match[str], cx: "Context") -> Resolved | None:
    """today / yesterday morning / late yesterday / mid-afternoon yesterday / tonight."""
    word = re.sub(r"\s+", " ", m.group("w").lower())
    part = _part_code(m.group("part") or m.group("part0")) or PART_CODE.get(word)
    if cx.dct is None:
        return ("TIME" if part else "DATE", None, None)
    point = Point(cx.dct + timedelta(days=_DAY_OFFSET[word]))
    if part:
        return as_date(replace(point, time=part), "TIME")
    return as_date(point)


@rule(
    r"\b(?P<rel>this|last|tomorrow|the)\s+(?P<part>" + _PART + r")\b(?!\s+(?:of|before|after)\b)|\b(?P<over>overnight)\b"
    r"|\b(?P<mid>(?:early|late|mid)[\s-]?(?:morning|afternoon|evening))\b|(?<=\bby\s)(?P<by>morning|afternoon|evening|nightfall)\b",
    needs="P",
)
def part_of_day(m: re.Match[str], cx: "Context") -> Resolved | None:
    """this morning / last night / overnight / the morning / mid-afternoon."""
    if cx.dct is None:
        return ("TIME", None, None)
    if m.group("over"):
        return as_date(Point(cx.dct - timedelta(days=1), time="NI"), "TIME")
    rel = (m.group("rel") or "the").lower()
    code = _part_code(m.group("part") or m.group("mid") or m.group("by")) or "NI"
    if m.group("by"):
        rel = "the"  # "by evening": of the day being told about
    if rel == "the":
        # "the morning": of the day being told about, else of the publication day; "during the
        # night" told in the past tense with no day in sight is last night.
        day = cx.reference(m.start(), ("day",), within=0)
        if day is None and code == "NI" and cx.direction(m.start(), m.end(), none=None) == "past":
            day = Point(cx.dct - timedelta(days=1))
        day = day or cx.today
    else:
        day = Point(cx.dct + timedelta(days={"this": 0, "last": -1, "tomorrow": 1}[rel]))
    return as_date(replace(day, time=code) if day else None, "TIME")


def _future_ok(m: re.Match[str], cx: "Context") -> bool:
    """A bare 'future' must not modify a noun ("future earnings"); "Now," opening a sentence is a
    discourse marker ("Now, the hard part"), not a time."""
    if m.group(0) == "Now" and cx.text.startswith(",", m.end()):
        return False
    text = m.group("fut")
    if not text or text.lower() != "future":
        return True
    nxt = re.match(r"\s+([A-Za-z-]+)", cx.text[m.end() :])
    if nxt is None:
        return True
    tag = cx.tag(m.end() + nxt.start(1))
    if tag is not None:
        return not (tag.startswith("NN") or tag.startswith("JJ"))
    return nxt.group(1).lower() in ("and", "or", "but", "as", "is", "was", "will")


@rule(
    r"\b(?:(?P<present>now|currently|nowadays|presently|at\s+present|these\s+days|at\s+the\s+moment|"
    r"the\s+present(?:\s+time)?|current)|(?P<past>recently|lately|the\s+past|formerly|recent\s+years|recent)|"
    r"(?P<fut>(?:the\s+)?(?:near|foreseeable|distant|immediate|not-too-distant)\s+future|the\s+future|future))\b"
    r"(?!\s+(?:years|months|weeks|days|quarters)\b)",
    check=_future_ok,
    needs="RU",
)
def deictic_ref(m: re.Match[str], cx: "Context") -> Resolved | None:
    """now / currently / recently / the past / the future: TIMEX3 PRESENT_REF, PAST_REF, FUTURE_REF."""
    if m.group("present"):
        return ("DATE", "PRESENT_REF", None)
    if m.group("past"):
        return ("DATE", "PAST_REF", None)
    return ("DATE", "FUTURE_REF", None)


# --- weekdays ----------------------------------------------------------------------------------------


def _weekday_ok(m: re.Match[str], cx: "Context") -> bool:
    return capitalised(m.group("wd"))


@rule(
    r"\b@DPRE@(?:(?P<rel>last|next|this|coming|this\s+coming|this\s+past|past|overnight|the\s+previous|the\s+following|"
    r"the\s+next|the\s+preceding)\s+)?(?P<wd>@WEEKDAY@)(?:\s+(?P<part>" + _PART + r"|overnight))?(?![\w-])",
    check=_weekday_ok,
    needs="W",
)
def weekday(m: re.Match[str], cx: "Context") -> Resolved | None:
    """Thursday / last Friday / Wednesday night / overnight Thursday / the previous Friday."""
    wd = lx.weekday_number(m.group("wd"))
    rel = re.sub(r"\s+", " ", (m.group("rel") or "").lower())
    part = _part_code(m.group("part")) or ("NI" if rel == "overnight" else None)
    ttype = "TIME" if part else "DATE"
    if cx.dct is None or wd is None:
        return (ttype, None, None)
    anchor = cx.dct
    if rel.startswith("the "):
        # "the previous Friday": counted from the day being told about.
        ref = cx.reference(m.start(), ("day",))
        anchor = ref.day if ref else cx.dct
        direction: Direction = "last" if rel.split()[-1] in ("previous", "preceding") else "next"
    elif rel in ("last", "next", "this", "coming", "past", "this coming", "this past"):
        direction = REL_DIRECTION[rel.split()[-1]]
        if direction == "this":
            direction = cx.direction(m.start(), m.end(), none="future", present="future")
    elif cx.text.startswith(("'s", "’s"), m.end()):
        # "Wednesday's ruling": the day of an event named by a noun, whatever the verb of the
        # sentence does with it; the nearest such day.
        direction = None
    else:
        # News reports what happened, so no tense means the past; the present ("Vanek ends his
        # visit on Thursday") is the nearest such day, usually the coming one.
        direction = cx.direction(m.start(), m.end(), present=None)
    point = choose(weekday_candidates(anchor, wd), anchor, direction)
    if point is not None and part:
        point = replace(point, time=part)
    return as_date(point, ttype)


@rule(
    r"\b(?P<wd>@WEEKDAY@)(?:s(?:\s+(?P<part>mornings|afternoons|evenings|nights))?|\s+(?P<part2>mornings|afternoons|evenings|nights))\b",
    check=_weekday_ok,
    needs="W",
)
def weekday_plural(m: re.Match[str], cx: "Context") -> Resolved | None:
    """Sundays / Tuesday nights: a recurring weekday."""
    wd = lx.weekday_number(m.group("wd"))
    part = PART_CODE.get((m.group("part") or m.group("part2") or "").lower().rstrip("s"))
    return ("SET", f"XXXX-WXX-{wd}" + (f"T{part}" if part else ""), None)


# --- last week, this month, next year ------------------------------------------------------------------



@rule(
    r"\b@DPRE@(?P<the>the\s+)?(?P<rel>last|this|next|coming|past|previous|following|current|same|prior|upcoming|this\s+past|this\s+coming)\s+"
    r"(?P<unit>week|weekend|month|year|decade|@SEASON@)\b(?!-)(?:\s+or\s+so\b)?",
    needs="US",
)
def relative_period(m: re.Match[str], cx: "Context") -> Resolved | None:
    """last week / this month / next year / earlier this month / last fall / the following week."""
    unit = m.group("unit").lower()
    rel = m.group("rel").lower().split()[-1]
    the = bool(m.group("the"))
    if unit in lx.SEASONS:
        return _season(m, cx, lx.SEASONS[unit], rel)
    gran = CYCLE_GRAN[unit]
    offset = {"last": -1, "past": -1, "previous": -1, "prior": -1, "this": 0, "current": 0, "same": 0,
              "next": 1, "coming": 1, "following": 1, "upcoming": 1}[rel]  # fmt: skip
    if the and rel in ("following", "previous", "prior", "same", "next"):
        # Anaphoric: relative to the last date mentioned, else to the publication date.
        base = cx.reference(m.start(), FINER[gran]) or cx.today
    else:
        base = cx.today
    if base is None:
        return ("DATE", None, None)
    point = shift(base.at(gran), CYCLE_UNIT[unit], offset)  # type: ignore[arg-type]
    if unit == "weekend":
        point = point.at("weekend")
    return as_date(pre_gran(m, point))


def _season(m: re.Match[str], cx: "Context", code: str, rel: str | None) -> Resolved | None:
    if cx.dct is None:
        return ("DATE", None, None)
    month = SEASON_MONTH[code]

    def make(y: int) -> Point:
        return Point(date(y, month, 1), "season")

    if rel in ("this", "current"):
        candidates = [make(cx.dct.year)] if code != "WI" else yearly(cx.dct, make)
        return as_date(choose(candidates, cx.dct, None))
    direction = REL_DIRECTION.get(rel or "", None) if rel else cx.direction(m.start(), m.end())
    return as_date(choose(yearly(cx.dct, make), cx.dct, direction))


def _season_ok(m: re.Match[str], cx: "Context") -> bool:
    # "the fall of Tarvik", "the fall in prices": a noun, not a season.
    if m.group("year") or m.group("year2"):
        return True
    after = cx.text[m.end() : m.end() + 6]
    return not (re.match(r"\s+of\b", after) or (m.group("unit").lower() == "fall" and re.match(r"\s+in\b", after)))


@rule(
    r"\b@DPRE@(?P<the>the)\s+(?P<unit>@SEASON@)(?:\s+of\s+(?P<year>@YEAR@))?\b|\b(?P<unit2>@SEASON@)\s+(?P<year2>@YEAR@)\b",
    check=_season_ok,
    needs="S",
)
def season(m: re.Match[str], cx: "Context") -> Resolved | None:
    """the summer / summer 1998 / the fall of 1997."""
    code = lx.SEASONS[(m.group("unit") or m.group("unit2")).lower()]
    year_text = m.group("year") or m.group("year2")
    if year_text:
        return as_date(Point(date(int(year_text), SEASON_MONTH[code], 1), "season"))
    return _season(m, cx, code, None)


@rule(r"\b(?P<det>the|this|that|last|next)\s+weekend\b", needs="U")
def weekend(m: re.Match[str], cx: "Context") -> Resolved | None:
    """the weekend / that weekend (last/this/next weekend: see relative_period)."""
    det = m.group("det").lower()
    if det == "that":
        ref = cx.reference(m.start(), FINER["weekend"])
        return as_date(ref.at("weekend") if ref else None)
    if cx.dct is None:
        return ("DATE", None, None)
    candidates = [Point(cx.dct + timedelta(days=7 * k), "weekend") for k in (-1, 0, 1)]
    return as_date(choose(candidates, cx.dct, cx.direction(m.start(), m.end(), present="past")))


@rule(r"\b(?P<pre>(?:the\s+)?(?:end|beginning|start|middle|close|turn)\s+of\s+the\s+)(?P<unit>week|month|year|decade|quarter)\b|\byear[- ]end\b", needs="U")
def period_edge(m: re.Match[str], cx: "Context") -> Resolved | None:
    """the end of the year / the beginning of the month / year-end."""
    unit = (m.group("unit") or "year").lower()
    ref = cx.reference(m.start(), FINER.get(unit, ("day",)), within=0) or cx.today
    if ref is None:
        return ("DATE", None, None)
    return as_date(ref.at(CYCLE_GRAN[unit]))  # type: ignore[arg-type]



# --- holidays -------------------------------------------------------------------------------------------------------------


def _fixed(month: int, day: int) -> Callable[[int], date]:
    return lambda y: date(y, month, day)


_HOLIDAYS: dict[str, Callable[[int], date]] = {
    "christmas": _fixed(12, 25),
    "christmas day": _fixed(12, 25),
    "christmas eve": _fixed(12, 24),
    "new year's day": _fixed(1, 1),
    "new year's eve": _fixed(12, 31),
    "independence day": _fixed(7, 4),
    "halloween": _fixed(10, 31),
    "valentine's day": _fixed(2, 14),
    "veterans day": _fixed(11, 11),
    "boxing day": _fixed(12, 26),
    "thanksgiving": lambda y: nth_weekday(y, 11, 4, 4),
    "thanksgiving day": lambda y: nth_weekday(y, 11, 4, 4),
    "labor day": lambda y: nth_weekday(y, 9, 1, 1),
    "memorial day": lambda y: nth_weekday(y, 5, 1, -1),
    "easter": easter,
    "easter sunday": easter,
    "good friday": lambda y: easter(y) - timedelta(days=2),
    "election day": lambda y: nth_weekday(y, 11, 1, 1) + timedelta(days=1),
}


def _holiday_ok(m: re.Match[str], cx: "Context") -> bool:
    return capitalised(m.group("h"))


@rule(
    r"\b(?:(?P<rel>last|next|this)\s+)?(?P<h>christmas(?:\s+day|\s+eve)?|new\s+year's\s+(?:day|eve)|thanksgiving(?:\s+day)?|"
    r"easter(?:\s+sunday)?|good\s+friday|independence\s+day|labor\s+day|memorial\s+day|veterans\s+day|halloween|"
    r"valentine's\s+day|election\s+day|boxing\s+day)(?:\s+(?P<year>@YEAR@))?\b",
    check=_holiday_ok,
    needs="H",
)
def holiday(m: re.Match[str], cx: "Context") -> Resolved | None:
    """Christmas / last Thanksgiving / Easter 1998."""
    when = _HOLIDAYS[re.sub(r"\s+", " ", m.group("h").lower())]
    if m.group("year"):
        return as_date(Point(when(int(m.group("year")))))
    if cx.dct is None:
        return ("DATE", None, None)
    candidates = yearly(cx.dct, lambda y: Point(when(y)))
    return as_date(choose(candidates, cx.dct, direction_of(m, cx, m.group("rel"))))
