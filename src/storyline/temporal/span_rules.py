"""Rules for expressions measured from an anchor or in units: "two days ago", "the next day",
durations ("48-hour"), sets ("every week") and clock times ("3 p.m. Friday")."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

from storyline.temporal import lexicon as lx
from storyline.temporal.calendar import NEAR_DAYS, UNIT_GRAN, Point, choose, month_point, shift, weekday_candidates, yearly
from storyline.temporal.rules import FINER, PART_CODE, Resolved, as_date, rule

if TYPE_CHECKING:
    from storyline.temporal.extract import Context


# --- N units ago / later ---------------------------------------------------------------------------------


def _offset_ok(m: re.Match[str], cx: "Context") -> bool:
    # "a year earlier" dates the period under discussion; "three days later" is a duration in
    # TimeML extents (the duration rule takes "three days").
    direction = m.group("dir").lower()
    return direction != "earlier" or lx.unit_code(m.group("unit")) == "Y"


@rule(
    r"\b@QPRE@(?P<num>@NUM@|@VAGUE@)[\s-]+(?P<unit>@UNIT@)(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|from\s+now|hence|back)\b"
    r"(?!\s+(?:the|a|an|his|her|its|their|that|this|he|she|it|they|we|i)\b)",
    check=_offset_ok,
    needs="U",
)
def offset_from_anchor(m: re.Match[str], cx: "Context") -> Resolved | None:
    """two days ago / three weeks from now / a year earlier."""
    unit = lx.unit_code(m.group("unit"))
    direction = re.sub(r"\s+", " ", m.group("dir").lower())
    n = lx.parse_number(m.group("num"))
    sign = -1 if direction in ("ago", "earlier", "back") else 1
    if unit is None:
        return None
    if n is None or n != int(n):
        return ("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", None)
    if unit in ("H", "TM", "S"):
        return _clock_offset(cx, unit, int(n) * sign)
    if unit == "Y" and int(n) == 1:
        back = _year_back(m, cx, same_day=direction == "earlier")
        if back is not None:
            return back
    if cx.dct is None:
        return ("DATE", None, None)
    return as_date(shift(Point(cx.dct, UNIT_GRAN[unit]), unit, int(n) * sign))


def _year_back(m: re.Match[str], cx: "Context", *, same_day: bool, within: int | None = 2) -> Resolved | None:
    """"a year ago", "a year earlier", "year-earlier": the period under discussion, a year back.

    In earnings copy that period is the quarter reported on a sentence or two before; after a
    day in the same sentence ("on Nov. 1 … a year earlier") it is that day. The result is not
    remembered as a new reference: it compares, it does not move the story.
    """
    topic = cx.reference(m.start(), ("quarter",), within=within, ended=True)
    if topic is not None:
        return ("DATE", shift(topic, "Y", -1).value, None)
    day = cx.reference(m.start(), ("day",), within=0) if same_day else None
    if day is not None:
        return ("DATE", shift(day.at("day"), "Y", -1).value, None)
    if cx.dct is None:
        return ("DATE", None, None)
    return ("DATE", shift(Point(cx.dct, "year"), "Y", -1).value, None)


def _clock_offset(cx: "Context", unit: str, n: int) -> Resolved:
    if cx.dct is None:
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


@rule(r"\b(?P<the>the\s+)?(?:comparable\s+)?year[- ](?:earlier|ago)(?:\s+(?P<what>period|level|quarter))?\b", needs="U")
def year_earlier(m: re.Match[str], cx: "Context") -> Resolved | None:
    """year-earlier / the year-ago period: the period under discussion, a year back."""
    return _year_back(m, cx, same_day=False, within=None)


# --- anaphoric days: the next day, that week ------------------------------------------------------------------


# "the day before" followed by a noun, a clause or a gerund ("the day after the vote", "the day
# before police arrived", "the day after Hamas") counts from an event, not from a date: no value we
# could give, so it is no expression here. These words may follow a date use of it.
_CLAUSE_OK = r"(?:and|or|but|in|on|at|with|to|for|from|by|than)\b"


@rule(
    r"\b(?P<det>that|the\s+same|the\s+next|the\s+following|the\s+previous|the\s+preceding|the\s+prior|the\s+very\s+next)\s+"
    r"(?P<unit>day|night|morning|afternoon|evening|week|month|year)\b(?!-)"
    r"|\bthe\s+(?P<unit2>day|night|week|month|year)\s+(?P<dir>before|after|earlier|later)\b(?!\s+(?!" + _CLAUSE_OK + r")[A-Za-z])",
    needs="UP",
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
    part = PART_CODE.get(unit)
    gran = "day" if part or unit == "day" else unit
    base = cx.reference(m.start(), FINER[gran]) or cx.today
    ttype = "TIME" if part else "DATE"
    if base is None:
        return (ttype, None, None)
    step = {"day": "D", "week": "W", "month": "M", "year": "Y"}[gran]
    point = shift(base.at(gran), step, offset)  # type: ignore[arg-type]
    if part:
        point = replace(point, time=part)
    return as_date(point, ttype)


@rule(r"\b(?:the\s+)?(?P<ord>@ORD@|last|final|opening|closing)\s+(?P<unit>day|night|week|month|year|weekend)(?=\s+of\b)|\bday\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})\b(?=\s+of\b)", needs="U")
def day_of_event(m: re.Match[str], cx: "Context") -> Resolved | None:
    """the second day of his visit: the day named just before it, or unresolved.

    "on Wednesday, the second day of his visit" and "Tuesday was day two of the strike" say
    which day it is; otherwise the day hangs on an event we cannot date, and stays null.
    """
    previous = cx.previous
    if previous is not None and previous[1].gran == "day" and previous[1].time is None:
        between = cx.text[previous[0] : m.start()]
        if re.fullmatch(r"\s*(?:,|—|–|-|\(|\bwas|\bis|\bwill\s+be|\bbecame|\bmarked|\bmarks)\s*", between):
            return as_date(previous[1])
    return ("DATE", None, None)


# --- durations -----------------------------------------------------------------------------------------------------

_DURATION_REL = r"first|last|past|next|previous|coming|following|final|initial|remaining|entire|whole|full|latest|preceding|ensuing|same|other|additional|further|extra|straight|consecutive"


def _duration_ok(m: re.Match[str], cx: "Context") -> bool:
    if m.group("num")[:1].isdigit() and m.group("unit")[:1].isupper() and m.start() > 0 and not cx.text[m.start() - 1] in "\n":
        return False  # "60 Minutes", "24 Hours of Le Mans": a title, not a period
    after = cx.text[m.end() : m.end() + 8].lower()
    if re.match(r"[\s-]+old\b", after):
        return False  # an age ("a 19-year-old"), not a period of time
    unit_word = m.group("unit").lower()
    num = m.group("num").lower()
    if num in ("a", "an") and unit_word in ("second", "minute") and not m.group("half2"):
        return False  # "a second time", "a minute's silence": an ordinal or an idiom
    # "a days" is not a phrase; "a year" after a count or a price is a rate (see set_every).
    return not (num in ("a", "an", "another") and unit_word.endswith("s") and unit_word != "centuries")


@rule(
    # "the" belongs to "the nine months" and "the past two weeks", not to "the 48-hour visit".
    r"\b@QPRE@(?:(?P<det>the)\s+(?!(?:@NUM@)-))?(?:(?P<rel>(?:(?:" + _DURATION_REL + r")\s+)+))?"
    r"(?P<num>@NUM@|@VAGUE@|another)(?P<half>\s+and\s+a\s+half)?[\s-]+(?:(?:straight|consecutive|full|long|more|additional|extra)\s+)?(?P<unit>@UNIT@)"
    r"(?P<half2>\s+and\s+a\s+half)?(?P<long>[\s-]long\b)?(?:\s+or\s+so\b)?(?![\w-])",
    check=_duration_ok,
    needs="U",
)
def duration(m: re.Match[str], cx: "Context") -> Resolved | None:
    """two days / 48-hour / the first nine months / several years / up to 180 days."""
    unit = lx.unit_code(m.group("unit"))
    if unit is None:
        return None
    n = 1.0 if m.group("num").lower() == "another" else lx.parse_number(m.group("num"))
    if n is not None and (m.group("half") or m.group("half2")):
        n += 0.5
    rel = (m.group("rel") or "").lower().split()
    if n is None and rel and rel[0] in ("past", "last"):
        # "the past few months": TimeBank reads a vague stretch up to now as the past.
        return ("DATE", "PAST_REF", None)
    return ("DURATION", _period(n, unit), None)


@rule(r"\bthe\s+(?:fiscal\s+)?year(?=\s+(?:that\s+)?(?:ended|ending|ends|through)\b)", needs="U")
def fiscal_year(m: re.Match[str], cx: "Context") -> Resolved | None:
    """the year ended Sept. 30: a year-long period ending on the date that follows."""
    return ("DURATION", "P1Y", None)


def _period(n: float | None, unit: str) -> str:
    """TIMEX3 duration value: P3D, PT2H, P10Y (for a decade), PXY (for "several years")."""
    if unit == "DE":
        return f"P{_num(n * 10)}Y" if n is not None else "PXDE"
    if unit == "CE":
        return f"P{_num(n * 100)}Y" if n is not None else "PXCE"
    if unit == "2W":
        return f"P{_num(n * 2)}W" if n is not None else "PXW"
    if unit == "Q":
        return f"P{_num(n * 3)}M" if n is not None else "PXM"
    letter = {"TM": "M"}.get(unit, unit)
    if n is not None and n != int(n) and unit in _SPLIT:
        # TIMEX3 writes a fraction in the next smaller unit: 2 1/2 years = P2Y6M, 5 1/2 hours = PT5H30M.
        small, per = _SPLIT[unit]
        whole, rest = int(n), round((n - int(n)) * per)
        head = f"{whole}{letter}" if whole else ""
        return ("PT" if unit in ("H", "TM", "S") else "P") + head + ("T" if unit == "D" else "") + f"{rest}{small}"
    count = _num(n) if n is not None else "X"
    return f"PT{count}{letter}" if unit in ("H", "TM", "S") else f"P{count}{letter}"


_SPLIT = {"Y": ("M", 12), "D": ("H", 24), "H": ("M", 60), "TM": ("S", 60)}


def _num(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def _plural_ok(m: re.Match[str], cx: "Context") -> bool:
    if m.group("q") or re.match(r"\s+of\s+(?!the\b|age\b|a\b)[a-z]", cx.text[m.end() : m.end() + 12]):
        return True  # "in recent months", "ends months of disruption"
    return bool(re.search(r"\b(?:for|in|over|within|after|took|take|takes|spent|lasted|last|of)\s+$", cx.text[max(0, m.start() - 10) : m.start()], re.I))


@rule(
    r"\b(?:(?P<q>recent|coming)\s+)?(?P<unit>years|months|weeks|days|hours|minutes|decades|centuries|quarters)\b"
    r"(?!\s+(?:ago|of\s+(?:age|the)|old)\b)",
    check=_plural_ok,
    needs="U",
)
def plural_unit(m: re.Match[str], cx: "Context") -> Resolved | None:
    """for years / in weeks / in recent months: an unspecified number of units."""
    unit = lx.unit_code(m.group("unit"))
    return ("DURATION", _period(None, unit), None) if unit else None


# --- sets ---------------------------------------------------------------------------------------------------------------

_ADVERB_SET = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y", "quarterly": "P3M",
    "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W", "semiannually": "P6M", "semi-annually": "P6M",
}  # fmt: skip


@rule(r"\b(?P<adv>daily|weekly|monthly|yearly|annually|hourly|nightly|biweekly|semiannually|semi-annually)\b", needs="U")
def set_adverb(m: re.Match[str], cx: "Context") -> Resolved | None:
    """daily / weekly / annually."""
    return ("SET", _ADVERB_SET[m.group("adv").lower()], None)


_NOT_A_RATE = re.compile(
    r"\b(?:for|in|within|after|about|around|nearly|almost|than|over|under|only|just|half|past|last|next|first|"
    r"entire|whole|than|of|by|from|to|take|took|takes|spent|lasted|least|most|roughly|some)\s+$",
    re.IGNORECASE,
)


def _set_ok(m: re.Match[str], cx: "Context") -> bool:
    """"a year" is a rate after a count or a price ("$2 million a year", "700 seats a week")."""
    if not m.group("unit2") or m.group("freq"):
        return True
    before = cx.text[max(0, m.start() - 24) : m.start()]
    if _NOT_A_RATE.search(before):
        return False
    word = re.search(r"(\S+)\s+$", before)
    if word is None:
        return False
    tag = cx.tag(m.start() - len(word.group(0)))
    if tag is not None:
        return tag in ("NNS", "NN", "CD", "NNPS") or word.group(1).endswith("%")
    return bool(re.search(r"(?:\d|%|s)$", word.group(1)))


@rule(
    r"\b(?:every|each|per)\s+(?P<other>other\s+|single\s+)?(?:(?P<num>@NUM@)\s+)?"
    r"(?P<what>@UNIT@|@WEEKDAY@|@MONTHFULL@|@PART@|@SEASON@)\b"
    r"|(?:(?P<freq>once|twice|three\s+times|four\s+times|\d+\s+times|several\s+times)\s+)?\b(?:a|an|per)\s+"
    r"(?P<unit2>day|week|month|year|hour|minute|quarter|decade)\b",
    check=_set_ok,
    needs="UWMPS",
)
def set_every(m: re.Match[str], cx: "Context") -> Resolved | None:
    """every week / each Sunday / twice a year / $2 million a year."""
    if m.group("unit2"):
        return ("SET", _period(1, lx.unit_code(m.group("unit2")) or "D"), None)
    what = m.group("what").lower()
    step = 2 if m.group("other") and "other" in m.group("other").lower() else 1
    n = lx.parse_number(m.group("num")) if m.group("num") else 1
    wd = lx.weekday_number(what)
    if wd is not None:
        return ("SET", f"XXXX-WXX-{wd}", None)
    month = lx.month_number(what)
    if month is not None:
        return ("SET", f"XXXX-{month:02d}", None)
    if what in PART_CODE:
        return ("SET", f"XXXX-XX-XXT{PART_CODE[what]}", None)
    if what in lx.SEASONS:
        return ("SET", f"XXXX-{lx.SEASONS[what]}", None)
    unit = lx.unit_code(what)
    if unit is None:
        return None
    return ("SET", _period(n * step if n is not None else None, unit), None)


# --- clock times ------------------------------------------------------------------------------------------------------


_CLOCK_CUE = re.compile(r"(?:^|\n)[ \t]*$|\b(?:at|by|until|till|from|since|around|about|before|after|to)\s+$", re.IGNORECASE)


def _clock_ok(m: re.Match[str], cx: "Context") -> bool:
    # A bare "18:05" is a time at the head of a live-blog entry or after "at", "until" …;
    # elsewhere it may be a score or a ratio.
    if m.group("named") and re.search(r"\bhigh\s+$", cx.text[max(0, m.start() - 6) : m.start()], re.IGNORECASE):
        return False  # "high noon": a showdown, not a clock time
    if m.group("bare") is None:
        return True
    return bool(_CLOCK_CUE.search(cx.text, max(0, m.start() - 8), m.start()))


@rule(
    r"(?<![\d:.])(?:(?:around|about|approximately|roughly)\s+)?\b"
    r"(?:(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\. ?m\.|[ap]m\b|[ap]\.m\b)"
    r"|(?P<h24>[01]?\d|2[0-3]):(?P<mi24>[0-5]\d)(?![\d:])(?:(?=\s*(?:[ap]\.?m\.?|GMT|UTC|EST|EDT|ET|local|hours|h\b))|(?P<bare>))"
    r"|(?P<named>noon|midnight|midday)\b|(?P<hw>[01]?\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+o'clock"
    r"|(?P<hm>[01]?\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+in\s+the\s+(?P<mpart>morning|afternoon|evening))"
    r"(?:\s+(?P<tz>GMT|UTC|EST|EDT|CST|CDT|PST|PDT|ET|local\s+time))?"
    r"(?:\s+(?P<day>@WEEKDAY@|today|yesterday|tomorrow|tonight)|,?\s+(?:on\s+)?(?P<mon>@MONTH@)\s*(?P<mday>[0-3]?\d)\b)?",
    check=_clock_ok,
    needs="PD",
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
    return as_date(point, "TIME")


_ON_DAY = re.compile(r"\s+on\s+(@WEEKDAY@|today|yesterday|tomorrow)\b".replace("@WEEKDAY@", lx.WEEKDAY_RE), re.IGNORECASE)


def _clock_day(m: re.Match[str], cx: "Context") -> Point | None:
    word = (m.group("day") or "").lower()
    following = _ON_DAY.match(cx.text, m.end())
    if not word and following:
        # "at noon on Saturday": the day is its own expression but names the clock time's day.
        named = following.group(1)
        if named.lower() in ("today", "yesterday", "tomorrow") or named[0].isupper():
            word = named.lower()
    if cx.dct is None:
        return None
    if m.group("mon") and m.group("mon")[0].isupper():
        month, mday = lx.month_number(m.group("mon")), int(m.group("mday"))
        if month is None:
            return None
        candidates = yearly(cx.dct, lambda y: month_point(y, month, mday))
        return choose(candidates, cx.dct, cx.direction(m.start(), m.end()), window=NEAR_DAYS)
    if word in ("today", "tonight", "yesterday", "tomorrow"):
        return Point(cx.dct + timedelta(days={"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]))
    wd = lx.weekday_number(word) if word else None
    if wd is not None:
        return choose(weekday_candidates(cx.dct, wd), cx.dct, cx.direction(m.start(), m.end(), present=None))
    if m.group("bare") is not None and re.search(r"(?:^|\n)[ \t]*$", cx.text[max(0, m.start() - 4) : m.start()]):
        return cx.today  # a live-blog entry's time stamp: the day of the blog
    return cx.reference(m.start(), ("day",), within=3) or cx.today
