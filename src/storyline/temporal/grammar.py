"""The expression grammar: one rule per kind of English temporal expression, in TimeML extents.

Each rule is a regular expression (built from the vocabulary in :mod:`.lexicon`) and a resolver
that turns a match into a TIMEX3 type and value using the :class:`~.extract.Context` (DCT, tense,
earlier dates). A rule may also carry a check that rejects a match before spans compete (a
lower-case "may" is not a month). Rules are tried in list order only to break ties between
equally long matches; the longest match wins otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from storyline.temporal import lexicon as lx
from storyline.temporal.calendar import (
    SEASON_MONTH,
    UNIT_GRAN,
    Direction,
    Point,
    choose,
    easter,
    month_point,
    nth_weekday,
    shift,
    weekday_candidates,
    yearly,
)

if TYPE_CHECKING:
    from storyline.temporal.extract import Context

Resolved = tuple[str, str | None, Point | None]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], "Context"], Resolved | None]
    check: Callable[[re.Match[str], "Context"], bool] | None = None


RULES: list[Rule] = []

_VOCAB = {
    "MONTH": lx.MONTH_RE,
    "MONTHFULL": lx.MONTH_FULL_RE,
    "WEEKDAY": lx.WEEKDAY_RE,
    "WDABBR": lx.WEEKDAY_ABBR_RE,
    "NUM": lx.NUMBER_RE,
    "VAGUE": lx.VAGUE_RE,
    "ORD": lx.ORDINAL_RE,
    "UNIT": lx.UNIT_RE,
    "PART": lx.PART_OF_DAY_RE,
    "SEASON": lx.SEASON_RE,
    "YEAR": r"(?:1[0-9]|20)\d\d",
    # Modifiers that TimeML keeps inside a date's extent: "early next year", "the end of 1990".
    "DPRE": r"(?:(?P<pre>(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|close|turn|first\s+half|second\s+half|"
    r"latter\s+half|latter\s+part|early\s+part|first\s+part|last\s+part)\s+of\s+(?:the\s+)?|"
    r"(?:early|late|mid)(?:\s+|-)|(?:earlier|later)\s+)?)",
    # Modifiers kept inside a duration's extent: "nearly three years", "up to 180 days".
    "QPRE": r"(?:(?P<qpre>(?:about|around|approximately|roughly|nearly|almost|some|over|more\s+than|less\s+than|"
    r"fewer\s+than|at\s+least|at\s+most|up\s+to|just\s+over|just\s+under|well\s+over|barely|little\s+more\s+than|"
    r"as\s+many\s+as|as\s+much\s+as|as\s+long\s+as|as\s+little\s+as|the\s+better\s+part\s+of|within)\s+)?)",
}


def _x(pattern: str) -> re.Pattern[str]:
    """Compile ``pattern`` with its @NAME@ vocabulary placeholders filled in."""
    return re.compile(re.sub(r"@([A-Z]+)@", lambda m: _VOCAB[m.group(1)], pattern), re.IGNORECASE)


def rule(
    pattern: str, *, check: Callable[[re.Match[str], "Context"], bool] | None = None
) -> Callable[[Callable[[re.Match[str], "Context"], Resolved | None]], Callable[[re.Match[str], "Context"], Resolved | None]]:
    """Register the decorated resolver with its pattern (and optional check)."""

    def register(fn: Callable[[re.Match[str], "Context"], Resolved | None]) -> Callable[[re.Match[str], "Context"], Resolved | None]:
        RULES.append(Rule(fn.__name__.lstrip("_"), _x(pattern), fn, check))
        return fn

    return register


# --- shared helpers ---------------------------------------------------------------------


def _capitalised(word: str | None) -> bool:
    return bool(word) and word[0].isupper()  # type: ignore[index]


def _date(point: Point | None, ttype: str = "DATE") -> Resolved:
    return (ttype, point.value if point else None, point)


def _pre_gran(m: re.Match[str], point: Point | None) -> Point | None:
    """Apply a "first half of" / "second half of" prefix to a year."""
    pre = (m.groupdict().get("pre") or "").lower()
    if point is not None and point.gran == "year" and "half" in pre:
        month = 1 if "first" in pre else 7
        return Point(date(point.day.year, month, 1), "half")
    return point


_REL_DIRECTION: dict[str, Direction] = {
    "last": "last",
    "past": "last",
    "previous": "last",
    "prior": "last",
    "next": "next",
    "coming": "next",
    "following": "next",
    "upcoming": "next",
    "this": "this",
    "current": "this",
}


def _direction(m: re.Match[str], cx: "Context", rel: str | None, default: Direction = None) -> Direction:
    if rel:
        return _REL_DIRECTION.get(rel.lower().split()[-1], default)
    return cx.direction(m.start(), m.end(), default)


def _year(text: str | None) -> int | None:
    return int(text) if text else None


# --- absolute and month-day dates ---------------------------------------------------------


def _month_ok(m: re.Match[str], cx: "Context") -> bool:
    word = m.group("mon")
    if not _capitalised(word):
        return False
    # Bare "May"/"March" without a day must be a proper noun, not the modal or the verb.
    return True


@rule(
    r"\b(?:(?P<wd>@WEEKDAY@|@WDABBR@),?\s+)?(?P<mon>@MONTH@)\s*(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?![:.]\d|,\d{3})"
    r"(?:(?:,\s*|\s+)(?P<year>@YEAR@)\b(?!,\d|\.\d))?",
    check=_month_ok,
)
def date_mdy(m: re.Match[str], cx: "Context") -> Resolved | None:
    """Oct. 7 / Friday, Oct. 7 / October 7th, 2023."""
    return _month_day(m, cx, int(m.group("day")))


@rule(
    r"\b(?:the\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>@MONTH@)(?:,?\s+(?P<year>@YEAR@)\b)?(?!\s*\d)",
    check=_month_ok,
)
def date_dmy(m: re.Match[str], cx: "Context") -> Resolved | None:
    """7 October 2023 / the 7th of October."""
    return _month_day(m, cx, int(m.group("day")))


def _month_day(m: re.Match[str], cx: "Context", day: int) -> Resolved | None:
    month = lx.month_number(m.group("mon"))
    if month is None or not 1 <= day <= 31:
        return None
    year = _year(m.group("year"))
    if year is not None:
        return _date(month_point(year, month, day))
    if cx.dct is None:
        return ("DATE", None, None)
    candidates = yearly(cx.dct, lambda y: month_point(y, month, day))
    weekday = lx.weekday_number(m.group("wd")) if m.groupdict().get("wd") else None
    if weekday is not None:
        # "Friday, Oct. 7": the weekday names the year.
        fits = [p for p in candidates if p.day.isoweekday() == weekday]
        if len(fits) == 1:
            return _date(fits[0])
    return _date(choose(candidates, cx.dct, cx.direction(m.start(), m.end())))


@rule(r"\b@DPRE@(?P<mon>@MONTH@),?\s+(?:of\s+)?(?P<year>@YEAR@)\b(?!,\d|\.\d)", check=_month_ok)
def month_year(m: re.Match[str], cx: "Context") -> Resolved | None:
    """August 1988 / early Aug. 1998."""
    month = lx.month_number(m.group("mon"))
    return _date(month_point(int(m.group("year")), month)) if month else None


@rule(r"\b(?P<y>@YEAR@)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T ](?P<h>[0-2]\d):(?P<mi>[0-5]\d))?\b")
def date_iso(m: re.Match[str], cx: "Context") -> Resolved | None:
    """2023-11-30, 2023-11-30T14:00."""
    point = month_point(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if point is None:
        return None
    if m.group("h"):
        return _date(replace(point, time=f"{m.group('h')}:{m.group('mi')}"), "TIME")
    return _date(point)


@rule(r"(?<![\d/])(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>\d{4}|\d{2})(?![\d/])")
def date_slash(m: re.Match[str], cx: "Context") -> Resolved | None:
    """11/30/2023 (US order, as in American news copy)."""
    year = int(m.group("y"))
    if year < 100:
        century = (cx.dct.year // 100 * 100) if cx.dct else 2000
        year += century if year <= (cx.dct.year % 100 if cx.dct else 30) + 1 else century - 100
    point = month_point(year, int(m.group("m")), int(m.group("d")))
    return _date(point) if point else None


def _bare_month_ok(m: re.Match[str], cx: "Context") -> bool:
    word = m.group("mon")
    if not _capitalised(word):
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
    r"(?:\s+of\s+(?:(?P<yrel>last|this|next)\s+year|(?P<that>that)\s+year))?(?![\w-])",
    check=_bare_month_ok,
)
def month_alone(m: re.Match[str], cx: "Context") -> Resolved | None:
    """October / last October / early November / October of last year."""
    month = lx.month_number(m.group("mon"))
    if month is None:
        return None
    if m.group("that"):
        ref = cx.reference(m.start(), ("day", "month", "year"))
        return _date(month_point(ref.day.year, month) if ref else None)
    if cx.dct is None:
        return ("DATE", None, None)
    if m.group("yrel"):
        offset = {"last": -1, "this": 0, "next": 1}[m.group("yrel").lower()]
        return _date(month_point(cx.dct.year + offset, month))
    direction = _direction(m, cx, m.group("rel"))
    if direction == "this":
        return _date(month_point(cx.dct.year, month))
    return _date(choose(yearly(cx.dct, lambda y: month_point(y, month)), cx.dct, direction))


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
    if m.group("fy") or m.groupdict().get("pre"):
        return True
    entity = cx.in_date_entity(m.start("year"), m.end("year"))
    if entity:
        return True
    before = cx.text[max(0, m.start() - 24) : m.start()]
    if _YEAR_CONTEXT.search(before):
        return True
    # A year alone at a sentence start or in a headline ("1998: a look back").
    return entity is None and bool(re.search(r"(?:^|\n)\s*$", before))


@rule(r"(?<![\d$£€.,/-])\b@DPRE@(?P<fy>fiscal\s+(?:year\s+)?)?(?P<year>@YEAR@)(?!\d|,\d|\.\d|-\d|s\b|'s\b)", check=_year_ok)
def year(m: re.Match[str], cx: "Context") -> Resolved | None:
    """1998 / fiscal 1989 / mid-1996 / the first half of 1990."""
    return _date(_pre_gran(m, Point(date(int(m.group("year")), 1, 1), "year")))


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8, "nineties": 9}


@rule(r"\b(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?P<full>(?:1[0-9]|20)\d0)'?s|'(?P<short>\d0)s|(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b")
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


@rule(r"\b(?:the\s+)?(?:(?P<ord>@ORD@)|(?P<rel>this|last|next|past|previous))[\s-]+century\b")
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

_QREL = r"current|latest|last|past|previous|next|coming|final|same|comparable|recent|most\s+recent|year[- ]earlier|year[- ]ago|prior[- ]year|just[- ]ended|just[- ]completed|fiscal|calendar"


def _quarter_ok(m: re.Match[str], cx: "Context") -> bool:
    after = cx.text[m.end() : m.end() + 14].lower()
    if re.match(r"(?:[- ](?:point|mile|century|hour|inch|percent|pound|of\s+(?:a|an|the|its|their|all|those)\b)|ly)", after):
        return False
    det = (m.group("det") or "").lower()
    if det == "a":
        return False
    # "half" alone is a fraction; "the quarter" needs a determiner or a qualifier.
    if not m.group("ord") and not m.group("rel") and not det:
        return False
    return not (m.group("kind").lower() == "half" and not m.group("ord"))


@rule(
    r"\b(?:(?P<det>the|its|their|this|that|a|his|her|our|last\s+year's|this\s+year's|next\s+year's)\s+)?"
    r"(?:(?P<y1>@YEAR@)(?:'s)?\s+)?(?:(?P<rel>(?:(?:" + _QREL + r")[\s-]+)+))?"
    r"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+)?(?:fiscal\s+)?(?P<kind>quarter|half)\b"
    r"(?:\s+(?:of|in)\s+(?:fiscal\s+)?(?:(?P<y2>@YEAR@)|(?P<yrel>this|last|next)\s+year))?",
    check=_quarter_ok,
)
def quarter(m: re.Match[str], cx: "Context") -> Resolved | None:
    """the third quarter / third-quarter / the year-earlier quarter / the first half of 1990."""
    kind = m.group("kind").lower()
    gran = "quarter" if kind == "quarter" else "half"
    months = 3 if gran == "quarter" else 6
    rel = re.sub(r"[\s-]+", " ", (m.group("rel") or "").lower()).strip()
    det = (m.group("det") or "").lower()
    ordinal = lx.parse_ordinal(m.group("ord") or "") if m.group("ord") else None
    if ordinal is not None and ordinal > 12 // months:
        return None
    year = _year(m.group("y1") or m.group("y2"))
    back_a_year = bool(re.search(r"year earlier|year ago|prior year", rel)) or det.startswith("last year")
    if year is None and m.group("yrel") and cx.dct:
        year = cx.dct.year + {"last": -1, "this": 0, "next": 1}[m.group("yrel").lower()]
    if year is None and det in ("this year's", "next year's") and cx.dct:
        year = cx.dct.year + (det == "next year's")

    def nth(y: int) -> Point:
        return Point(date(y, (ordinal - 1) * months + 1, 1), gran)  # type: ignore[operator]

    point: Point | None
    if ordinal is not None and year is not None:
        point = nth(year)
    elif ordinal is not None:
        if back_a_year:
            ref = cx.reference(m.start(), (gran,))
            base = ref.day.year if ref else (cx.dct.year if cx.dct else None)
            point = nth(base - 1) if base else None
            back_a_year = False
        elif cx.dct is None:
            point = None
        else:
            point = choose(yearly(cx.dct, nth), cx.dct, cx.direction(m.start(), m.end()))
    else:
        point = _unnumbered_quarter(m, cx, gran, rel, det)
    if point is not None and back_a_year:
        point = shift(point, "Y", -1)
    return _date(point)


def _unnumbered_quarter(m: re.Match[str], cx: "Context", gran: str, rel: str, det: str) -> Point | None:
    if cx.dct is None:
        return None
    here = Point(cx.dct, gran)  # type: ignore[arg-type]
    step = "Q" if gran == "quarter" else "M"
    n = 1 if gran == "quarter" else 6
    if re.search(r"\b(current|this)\b", rel) or det == "this":
        return here
    if re.search(r"\b(next|coming)\b", rel):
        return shift(here, step, n)
    ref = cx.reference(m.start(), (gran,))
    if re.search(r"\b(same|comparable|year earlier|year ago|prior year)\b", rel) or (not rel and ref is not None):
        if ref is not None:
            return ref
    # "the latest quarter", "last quarter", "the quarter" with nothing before it: the one just ended.
    return shift(here, step, -n)


# --- days around the publication date ---------------------------------------------------------


_PART_CODE = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI", "tonight": "NI"}


@rule(
    r"\b@DPRE@(?P<w>today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)"
    r"(?:'s)?(?:\s+(?P<part>morning|afternoon|evening|night))?\b"
)
def relative_day(m: re.Match[str], cx: "Context") -> Resolved | None:
    """today / yesterday morning / late yesterday / tonight."""
    word = re.sub(r"\s+", " ", m.group("w").lower())
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2}[word]
    part = _PART_CODE.get((m.group("part") or "").lower()) or _PART_CODE.get(word)
    if cx.dct is None:
        return ("TIME" if part else "DATE", None, None)
    point = Point(cx.dct + timedelta(days=offset))
    if part:
        return _date(replace(point, time=part), "TIME")
    return _date(point)


@rule(r"\b(?P<rel>this|last|tomorrow)\s+(?P<part>morning|afternoon|evening|night)\b|\b(?P<over>overnight)\b")
def part_of_day(m: re.Match[str], cx: "Context") -> Resolved | None:
    """this morning / last night / overnight."""
    if cx.dct is None:
        return ("TIME", None, None)
    if m.group("over"):
        return _date(Point(cx.dct - timedelta(days=1), time="NI"), "TIME")
    rel = m.group("rel").lower()
    offset = {"this": 0, "last": -1, "tomorrow": 1}[rel]
    return _date(Point(cx.dct + timedelta(days=offset), time=_PART_CODE[m.group("part").lower()]), "TIME")


@rule(
    r"\b(?:(?P<present>now|currently|nowadays|presently|at\s+present|these\s+days|right\s+now|at\s+the\s+moment|"
    r"the\s+present(?:\s+time)?|current)|(?P<past>recently|lately|the\s+past|formerly|previously|recent\s+(?:years|months|weeks|days|times|decades))|"
    r"(?P<future>the\s+future|future|soon|shortly|someday|the\s+coming\s+(?:days|weeks|months|years)|in\s+coming\s+(?:days|weeks|months|years)))\b"
)
def deictic_ref(m: re.Match[str], cx: "Context") -> Resolved | None:
    """now / recently / the past / the future: TIMEX3 PRESENT_REF, PAST_REF, FUTURE_REF."""
    if m.group("present"):
        return ("DATE", "PRESENT_REF", None)
    if m.group("past"):
        return ("DATE", "PAST_REF", None)
    return ("DATE", "FUTURE_REF", None)


# --- weekdays ----------------------------------------------------------------------------------------


def _weekday_ok(m: re.Match[str], cx: "Context") -> bool:
    return _capitalised(m.group("wd"))


@rule(
    r"\b@DPRE@(?:(?P<rel>last|next|this|coming|this\s+coming|this\s+past|past|overnight)\s+)?(?P<wd>@WEEKDAY@)(?:'s)?"
    r"(?:\s+(?P<part>morning|afternoon|evening|night|overnight))?(?![\w-])",
    check=_weekday_ok,
)
def weekday(m: re.Match[str], cx: "Context") -> Resolved | None:
    """Thursday / last Friday / Wednesday night / overnight Thursday."""
    wd = lx.weekday_number(m.group("wd"))
    rel = (m.group("rel") or "").lower()
    part = _PART_CODE.get((m.group("part") or "").lower()) or ("NI" if rel == "overnight" else None)
    ttype = "TIME" if part else "DATE"
    if cx.dct is None or wd is None:
        return (ttype, None, None)
    if rel in ("last", "next", "this", "coming", "past", "this coming", "this past"):
        direction: Direction = _REL_DIRECTION[rel.split()[-1]]
        if direction == "this":
            direction = cx.direction(m.start(), m.end(), "future")
    else:
        direction = cx.direction(m.start(), m.end(), "past")
    point = choose(weekday_candidates(cx.dct, wd), cx.dct, direction)
    if point is not None and part:
        point = replace(point, time=part)
    return _date(point, ttype)


# --- last week, this month, next year ------------------------------------------------------------------

_CYCLE_GRAN = {"week": "week", "weekend": "weekend", "month": "month", "year": "year", "decade": "decade", "quarter": "quarter"}
_CYCLE_UNIT = {"week": "W", "weekend": "W", "month": "M", "year": "Y", "decade": "DE", "quarter": "Q"}


@rule(
    r"\b@DPRE@(?P<the>the\s+)?(?P<rel>last|this|next|coming|past|previous|following|current|same|prior|upcoming|this\s+past|this\s+coming)\s+"
    r"(?P<unit>week|weekend|month|year|decade|@SEASON@)\b(?!-)"
)
def relative_period(m: re.Match[str], cx: "Context") -> Resolved | None:
    """last week / this month / next year / earlier this month / last fall / the following week."""
    unit = m.group("unit").lower()
    rel = m.group("rel").lower().split()[-1]
    the = bool(m.group("the"))
    if unit in lx.SEASONS:
        return _season(m, cx, lx.SEASONS[unit], rel)
    if the and rel in ("past", "last") and not m.group("pre"):
        # "the past week" is a stretch of time, not a calendar week.
        code = {"week": "P1W", "weekend": "P1WE", "month": "P1M", "year": "P1Y", "decade": "P10Y"}[unit]
        return ("DURATION", code, None)
    gran = _CYCLE_GRAN[unit]
    step = _CYCLE_UNIT[unit]
    offset = {"last": -1, "past": -1, "previous": -1, "prior": -1, "this": 0, "current": 0, "same": 0,
              "next": 1, "coming": 1, "following": 1, "upcoming": 1}[rel]  # fmt: skip
    if the and rel in ("following", "previous", "prior", "same", "next"):
        # Anaphoric: relative to the last date mentioned, else to the publication date.
        base = cx.reference(m.start(), _FINER[gran]) or cx.today
    else:
        base = cx.today
    if base is None:
        return ("DATE", None, None)
    point = shift(base.at(gran), step, offset)  # type: ignore[arg-type]
    if unit == "weekend":
        point = point.at("weekend")
    return _date(_pre_gran(m, point))


_FINER: dict[str, tuple[str, ...]] = {
    "day": ("day",),
    "week": ("day", "week", "weekend"),
    "weekend": ("day", "week", "weekend"),
    "month": ("day", "week", "month"),
    "quarter": ("day", "month", "quarter"),
    "half": ("day", "month", "quarter", "half"),
    "season": ("day", "month", "season"),
    "year": ("day", "week", "month", "quarter", "half", "season", "year"),
    "decade": ("day", "month", "quarter", "year", "decade"),
}


def _season(m: re.Match[str], cx: "Context", code: str, rel: str | None) -> Resolved | None:
    if cx.dct is None:
        return ("DATE", None, None)
    month = SEASON_MONTH[code]

    def make(y: int) -> Point:
        return Point(date(y, month, 1), "season")

    if rel in ("this", "current"):
        candidates = [make(cx.dct.year)] if code != "WI" else yearly(cx.dct, make)
        return _date(choose(candidates, cx.dct, None))
    direction = _REL_DIRECTION.get(rel or "", None) if rel else cx.direction(m.start(), m.end())
    return _date(choose(yearly(cx.dct, make), cx.dct, direction))


@rule(r"\b@DPRE@(?:in\s+)?(?P<the>the)\s+(?P<unit>@SEASON@)(?:\s+of\s+(?P<year>@YEAR@))?\b|\b(?P<unit2>@SEASON@)\s+(?P<year2>@YEAR@)\b")
def season(m: re.Match[str], cx: "Context") -> Resolved | None:
    """the summer / summer 1998 / the fall of 1997."""
    code = lx.SEASONS[(m.group("unit") or m.group("unit2")).lower()]
    year_text = m.group("year") or m.group("year2")
    if year_text:
        return _date(Point(date(int(year_text), SEASON_MONTH[code], 1), "season"))
    return _season(m, cx, code, None)


@rule(r"\b(?P<det>the|this|that|last|next)\s+weekend\b")
def weekend(m: re.Match[str], cx: "Context") -> Resolved | None:
    """the weekend / that weekend (last/this/next weekend: see relative_period)."""
    det = m.group("det").lower()
    if det == "that":
        ref = cx.reference(m.start(), _FINER["weekend"])
        return _date(ref.at("weekend") if ref else None)
    if cx.dct is None:
        return ("DATE", None, None)
    candidates = [Point(cx.dct + timedelta(days=7 * k), "weekend") for k in (-1, 0, 1)]
    return _date(choose(candidates, cx.dct, cx.direction(m.start(), m.end(), "past")))


@rule(r"\b(?P<pre>(?:the\s+)?(?:end|beginning|start|middle|close|turn)\s+of\s+the\s+)(?P<unit>week|month|year|decade|quarter)\b|\byear[- ]end\b")
def period_edge(m: re.Match[str], cx: "Context") -> Resolved | None:
    """the end of the year / the beginning of the month / year-end."""
    unit = (m.group("unit") or "year").lower()
    ref = cx.reference(m.start(), _FINER.get(unit, ("day",)), same_sentence=True) or cx.today
    if ref is None:
        return ("DATE", None, None)
    return _date(ref.at(_CYCLE_GRAN[unit]))  # type: ignore[arg-type]


# --- N units ago / later ---------------------------------------------------------------------------------


def _count(text: str) -> float | None:
    return lx.parse_number(text)


@rule(
    r"\b@QPRE@(?P<num>@NUM@|@VAGUE@)[\s-]+(?P<unit>@UNIT@)(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|from\s+now|hence|back|"
    r"before|after|previously)\b(?!\s+(?:the|a|an|his|her|its|their|that|this|he|she|it|they|we|i)\b)"
)
def offset_from_anchor(m: re.Match[str], cx: "Context") -> Resolved | None:
    """two days ago / a year earlier / three weeks from now / a day later."""
    unit = lx.unit_code(m.group("unit"))
    direction = re.sub(r"\s+", " ", m.group("dir").lower())
    n = _count(m.group("num"))
    sign = -1 if direction in ("ago", "earlier", "back", "before", "previously") else 1
    if unit is None:
        return None
    if n is None or n != int(n):
        return ("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", None)
    deictic = direction in ("ago", "from now", "hence", "back")
    if unit in ("H", "TM", "S"):
        return _clock_offset(cx, unit, int(n) * sign, deictic)
    gran = UNIT_GRAN[unit]
    if deictic:
        base = cx.today
        # "a year ago" beside a quarter is that quarter a year back (earnings copy).
        near = cx.reference(m.start(), ("quarter",), same_sentence=True)
        if unit == "Y" and near is not None:
            base, gran = near, "quarter"
    else:
        base = cx.reference(m.start(), _FINER[gran if gran != "weekend" else "week"] + ("quarter",)) or cx.today
        if base is not None and base.gran not in (gran, "day") and _coarser(gran, base.gran):
            gran = base.gran
    if base is None:
        return ("DATE", None, None)
    point = shift(base.at(gran), unit, int(n) * sign)
    return _date(point)


def _coarser(unit_gran: str, ref_gran: str) -> bool:
    """Whether a shift by ``unit_gran`` keeps the finer ``ref_gran`` of the reference (a quarter a year back)."""
    order = ["day", "week", "weekend", "month", "quarter", "half", "season", "year", "decade", "century"]
    return order.index(ref_gran) < order.index(unit_gran)


def _clock_offset(cx: "Context", unit: str, n: int, deictic: bool) -> Resolved:
    if cx.dct is None or not deictic:
        return ("TIME", None, None)
    if cx.dct_time is None:
        # Without a publication time, "two hours ago" is only known to the day, which may be wrong near midnight.
        return ("TIME", None, None)
    from datetime import datetime

    hour, minute = map(int, cx.dct_time.split(":"))
    base = datetime(cx.dct.year, cx.dct.month, cx.dct.day, hour, minute)
    delta = {"H": timedelta(hours=n), "TM": timedelta(minutes=n), "S": timedelta(seconds=n)}[unit]
    t = base + delta
    return ("TIME", t.strftime("%Y-%m-%dT%H:%M"), Point(t.date(), time=t.strftime("%H:%M")))


@rule(r"\b(?P<the>the\s+)?(?:comparable\s+)?year[- ](?:earlier|ago)(?:\s+(?P<what>period|level|quarter))?\b")
def year_earlier(m: re.Match[str], cx: "Context") -> Resolved | None:
    """year-earlier / the year-ago period: the period under discussion, a year back."""
    ref = cx.reference(m.start(), ("quarter", "half", "month", "day"))
    near = ref is not None and cx.sentence(m.start()) - cx.sentence(next(at for at, p in reversed(cx.refs) if p is ref)) <= 2
    if ref is not None and near:
        return _date(shift(ref, "Y", -1))
    if cx.dct is None:
        return ("DATE", None, None)
    return _date(shift(Point(cx.dct, "year"), "Y", -1))


# --- anaphoric days: the next day, that week ------------------------------------------------------------------


@rule(
    r"\b(?P<det>that|the\s+same|the\s+next|the\s+following|the\s+previous|the\s+preceding|the\s+prior|the\s+very\s+next)\s+"
    r"(?P<unit>day|night|morning|afternoon|evening|week|month|year)\b(?!-)"
    r"|\bthe\s+(?P<unit2>day|night|week|month|year)\s+(?P<dir>before|after|earlier|later)\b(?!\s+(?:the|a|an|his|her|its|their|that|this)\b)"
)
def anaphoric(m: re.Match[str], cx: "Context") -> Resolved | None:
    """the next day / that night / the following week / the day before."""
    unit = (m.group("unit") or m.group("unit2")).lower()
    det = re.sub(r"\s+", " ", (m.group("det") or m.group("dir") or "").lower())
    offset = 0
    if any(w in det for w in ("next", "following", "after", "later")):
        offset = 1
    elif any(w in det for w in ("previous", "preceding", "prior", "before", "earlier")):
        offset = -1
    part = _PART_CODE.get(unit)
    gran = "day" if part or unit == "day" else unit
    base = cx.reference(m.start(), _FINER[gran]) or cx.today
    ttype = "TIME" if part else "DATE"
    if base is None:
        return (ttype, None, None)
    step = {"day": "D", "week": "W", "month": "M", "year": "Y"}[gran]
    point = shift(base.at(gran), step, offset)  # type: ignore[arg-type]
    if part:
        point = replace(point, time=part)
    return _date(point, ttype)


@rule(r"\b(?:the\s+)?(?P<ord>@ORD@|last|final|opening|closing)\s+(?P<unit>day|night|week|month|year|weekend)(?=\s+of\b)|\bday\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})\b(?=\s+of\b)")
def day_of_event(m: re.Match[str], cx: "Context") -> Resolved | None:
    """the second day of his visit: a date that hangs on an event we cannot date, so unresolved."""
    return ("DATE", None, None)


# --- durations -----------------------------------------------------------------------------------------------------

_DURATION_REL = r"first|last|past|next|previous|coming|following|final|initial|remaining|entire|whole|full|latest|preceding|ensuing|same|other|additional|further|extra|straight|consecutive"


@rule(
    r"\b@QPRE@(?:(?P<det>the)\s+)?(?:(?P<rel>(?:(?:" + _DURATION_REL + r")\s+)+))?"
    r"(?P<num>@NUM@|@VAGUE@)(?P<half>\s+and\s+a\s+half)?[\s-]+(?:(?:straight|consecutive|full|long)\s+)?(?P<unit>@UNIT@)(?P<long>[\s-]long\b)?(?![\w-])"
)
def duration(m: re.Match[str], cx: "Context") -> Resolved | None:
    """two days / 48-hour / the first nine months / several years / up to 180 days."""
    after = cx.text[m.end() : m.end() + 8].lower()
    if re.match(r"[\s-]+old\b", after) or re.match(r"-old\b", after):
        return None  # an age, not a period of time
    unit = lx.unit_code(m.group("unit"))
    if unit is None:
        return None
    num_text = m.group("num").lower()
    n = _count(num_text)
    if n is not None and m.group("half"):
        n += 0.5
    if n is not None and num_text in ("a", "an") and not m.group("unit").lower().rstrip("s") == m.group("unit").lower():
        return None  # "a days" is not a phrase
    return ("DURATION", _period(n, unit), None)


def _period(n: float | None, unit: str) -> str:
    """TIMEX3 duration value: P3D, PT2H, P10Y (for a decade), PXY (for "several years")."""
    if unit == "DE":
        return f"P{_num(n * 10)}Y" if n is not None else "PXDE"
    if unit == "CE":
        return f"P{_num(n * 100)}Y" if n is not None else "PXCE"
    if unit == "2W":
        return f"P{_num(n * 2)}W" if n is not None else "PXW"
    letter = {"TM": "M"}.get(unit, unit)
    count = _num(n) if n is not None else "X"
    return f"PT{count}{letter}" if unit in ("H", "TM", "S") else f"P{count}{letter}"


def _num(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def _plural_ok(m: re.Match[str], cx: "Context") -> bool:
    return bool(re.search(r"\b(?:for|in|over|within|after|took|take|takes|spent|lasted|last|of)\s+$", cx.text[max(0, m.start() - 10) : m.start()], re.I))


@rule(r"\b(?P<unit>years|months|weeks|days|hours|minutes|decades|centuries)\b(?!\s+(?:ago|of\s+(?:age|the)|old)\b)", check=_plural_ok)
def plural_unit(m: re.Match[str], cx: "Context") -> Resolved | None:
    """for years / in weeks: an unspecified number of units."""
    unit = lx.unit_code(m.group("unit"))
    return ("DURATION", _period(None, unit), None) if unit else None


# --- sets ---------------------------------------------------------------------------------------------------------------

_ADVERB_SET = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y", "quarterly": "P3M",
    "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W", "semiannually": "P6M", "semi-annually": "P6M",
}  # fmt: skip


@rule(r"\b(?P<adv>daily|weekly|monthly|yearly|annually|hourly|nightly|biweekly|semiannually|semi-annually)\b")
def set_adverb(m: re.Match[str], cx: "Context") -> Resolved | None:
    """daily / weekly / annually."""
    return ("SET", _ADVERB_SET[m.group("adv").lower()], None)


@rule(
    r"\b(?:every|each|per)\s+(?P<other>other\s+|single\s+)?(?:(?P<num>@NUM@)\s+)?"
    r"(?P<what>@UNIT@|@WEEKDAY@|@MONTHFULL@|@PART@|@SEASON@)\b"
    r"|(?:(?P<freq>once|twice|three\s+times|four\s+times|\d+\s+times|several\s+times)\s+)?\b(?:a|an|per)\s+(?P<unit2>day|week|month|year|hour|minute|quarter|decade)\b"
)
def set_every(m: re.Match[str], cx: "Context") -> Resolved | None:
    """every week / each Sunday / twice a year / per day."""
    if m.group("unit2"):
        before = cx.text[max(0, m.start() - 16) : m.start()].lower()
        if not m.group("freq") and not re.search(r"(?:\d|%|percent|cents?|dollars?|times|hours|miles|calls|barrels|tons|pounds)\s*$", before):
            return None  # "a year" alone is a duration, not a frequency
        return ("SET", _period(1, lx.unit_code(m.group("unit2")) or "D"), None)
    what = m.group("what").lower()
    step = 2 if m.group("other") and "other" in m.group("other").lower() else 1
    n = _count(m.group("num")) if m.group("num") else 1
    wd = lx.weekday_number(what)
    if wd is not None:
        return ("SET", f"XXXX-WXX-{wd}", None)
    month = lx.month_number(what)
    if month is not None:
        return ("SET", f"XXXX-{month:02d}", None)
    if what in _PART_CODE:
        return ("SET", f"XXXX-XX-XXT{_PART_CODE[what]}", None)
    if what in lx.SEASONS:
        return ("SET", f"XXXX-{lx.SEASONS[what]}", None)
    unit = lx.unit_code(what)
    if unit is None:
        return None
    return ("SET", _period(n * step if n is not None else None, unit), None)


@rule(r"\b(?:on\s+)?(?P<wd>@WEEKDAY@)s(?:\s+(?P<part>mornings|afternoons|evenings|nights))?\b", check=_weekday_ok)
def weekday_plural(m: re.Match[str], cx: "Context") -> Resolved | None:
    """on Sundays / Tuesday nights: a recurring weekday."""
    wd = lx.weekday_number(m.group("wd"))
    part = _PART_CODE.get((m.group("part") or "").lower().rstrip("s"))
    if m.group(0).lower().startswith("on "):
        return None  # keep "on" out of the extent: the shorter match without it wins
    return ("SET", f"XXXX-WXX-{wd}" + (f"T{part}" if part else ""), None)


# --- clock times ------------------------------------------------------------------------------------------------------


@rule(
    r"(?<![\d:.])(?:(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.\s?m\.|[ap]m\b|[ap]\.m\b)"
    r"|(?P<h24>[01]?\d|2[0-3]):(?P<mi24>[0-5]\d)(?![\d:])(?=\s*(?:[ap]\.?m\.?|GMT|UTC|EST|EDT|ET|local|hours|h\b))"
    r"|(?P<named>noon|midnight|midday)|(?P<hw>[01]?\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+o'clock"
    r"|(?P<hm>[01]?\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+in\s+the\s+(?P<mpart>morning|afternoon|evening))"
    r"(?:\s+(?P<tz>GMT|UTC|EST|EDT|CST|CDT|PST|PDT|ET|local\s+time))?"
    r"(?:\s+(?:on\s+)?(?P<day>@WEEKDAY@|today|yesterday|tomorrow|tonight))?"
)
def clock_time(m: re.Match[str], cx: "Context") -> Resolved | None:
    """3 p.m. / 10:35 a.m. Friday / midnight Friday / 4 in the morning."""
    hour: int | None
    minute = 0
    if m.group("named"):
        hour = {"noon": 12, "midday": 12, "midnight": 24}[m.group("named").lower()]
    elif m.group("h24"):
        hour, minute = int(m.group("h24")), int(m.group("mi24"))
    else:
        raw = m.group("h") or m.group("hw") or m.group("hm")
        hour = int(raw) if raw.isdigit() else int(lx.parse_number(raw) or 0)
        minute = int(m.group("mi") or 0)
        pm = (m.group("ap") or "").lower().startswith("p") or (m.group("mpart") or "").lower() in ("afternoon", "evening")
        if hour > 12 or hour == 0 and not m.group("h"):
            return None
        if pm and hour < 12:
            hour += 12
        elif not pm and hour == 12 and m.group("ap"):
            hour = 0
    day = _clock_day(m, cx)
    if day is None:
        return ("TIME", None, None)
    point = replace(day, time=f"{hour:02d}:{minute:02d}" if hour != 24 else "24:00")
    return _date(point, "TIME")


def _clock_day(m: re.Match[str], cx: "Context") -> Point | None:
    word = (m.group("day") or "").lower()
    if cx.dct is None:
        return None
    if word in ("today", "tonight", "yesterday", "tomorrow"):
        return Point(cx.dct + timedelta(days={"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]))
    wd = lx.weekday_number(word) if word else None
    if wd is not None:
        return choose(weekday_candidates(cx.dct, wd), cx.dct, cx.direction(m.start(), m.end(), "past"))
    return cx.reference(m.start(), ("day",), same_sentence=True) or cx.today


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
    return _capitalised(m.group("h"))


@rule(
    r"\b(?:(?P<rel>last|next|this)\s+)?(?P<h>christmas(?:\s+day|\s+eve)?|new\s+year's\s+(?:day|eve)|thanksgiving(?:\s+day)?|"
    r"easter(?:\s+sunday)?|good\s+friday|independence\s+day|labor\s+day|memorial\s+day|veterans\s+day|halloween|"
    r"valentine's\s+day|election\s+day|boxing\s+day)(?:\s+(?P<year>@YEAR@))?\b",
    check=_holiday_ok,
)
def holiday(m: re.Match[str], cx: "Context") -> Resolved | None:
    """Christmas / last Thanksgiving / Easter 1998."""
    when = _HOLIDAYS[re.sub(r"\s+", " ", m.group("h").lower())]
    if m.group("year"):
        return _date(Point(when(int(m.group("year")))))
    if cx.dct is None:
        return ("DATE", None, None)
    candidates = yearly(cx.dct, lambda y: Point(when(y)))
    return _date(choose(candidates, cx.dct, _direction(m, cx, m.group("rel"))))
