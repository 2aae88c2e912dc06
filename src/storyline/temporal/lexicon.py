"""Words of English temporal expressions, and turning number words and ordinals into numbers.

The regular-expression fragments here are the vocabulary the grammar (:mod:`.grammar`) is
built from; each table maps a lower-cased word to what it means.
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sept", "sep"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ],
    start=1,
):
    for _n in _names:
        MONTHS[_n] = _i

WEEKDAYS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        ("monday", "mon"),
        ("tuesday", "tues", "tue"),
        ("wednesday", "wed"),
        ("thursday", "thurs", "thur", "thu"),
        ("friday", "fri"),
        ("saturday", "sat"),
        ("sunday", "sun"),
    ],
    start=1,
):
    for _n in _names:
        WEEKDAYS[_n] = _i

# TIMEX3 codes for parts of the day and seasons.
PARTS_OF_DAY = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "overnight": "NI",
    "tonight": "NI",
}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

# Calendar units: TIMEX3 duration letter and whether it is a time (PT…) unit.
UNITS: dict[str, str] = {
    "second": "S",
    "sec": "S",
    "minute": "TM",
    "min": "TM",
    "hour": "H",
    "hr": "H",
    "day": "D",
    "night": "D",
    "week": "W",
    "weekend": "WE",
    "fortnight": "2W",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "yr": "Y",
    "decade": "DE",
    "century": "CE",
    "centuries": "CE",
    "millennium": "ML",
}

ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}
# Quantities that are not numbers: the TIMEX3 value uses X for the count ("P" + "X" + unit).
VAGUE = ("a few", "few", "several", "some", "many", "a number of", "numerous")


def _alt(words: object) -> str:
    """A regex alternation of ``words``, longest first so that the longest wins."""
    return "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))  # type: ignore[attr-defined]


MONTH_RE = r"(?:%s)" % "|".join(
    [
        r"jan(?:uary|\.)?",
        r"feb(?:ruary|\.)?",
        r"mar(?:ch|\.)?",
        r"apr(?:il|\.)?",
        r"may",
        r"june?\.?",
        r"july?\.?",
        r"aug(?:ust|\.)?",
        r"sep(?:t(?:ember)?)?\.?",
        r"oct(?:ober|\.)?",
        r"nov(?:ember|\.)?",
        r"dec(?:ember|\.)?",
    ]
) + r"(?![a-z])"  # not the start of a longer word: "Marines", "Augusta"
MONTH_FULL_RE = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
WEEKDAY_RE = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
WEEKDAY_ABBR_RE = r"(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\."
UNDER_100_RE = r"(?:(?:%s)(?:[- ](?:%s))?|%s)" % (
    _alt(TENS),
    _alt([w for w, v in ONES.items() if 0 < v < 10]),
    _alt(ONES),
)
NUMBER_WORD_RE = r"(?:%s(?:[- ]hundred(?:[- ](?:and[- ])?%s)?)?|(?:a|one)[- ]hundred)" % (UNDER_100_RE, UNDER_100_RE)
NUMBER_RE = r"(?:\d+\s+[13]/[24]|\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|%s|(?:a\s+)?couple\s+of|a dozen|dozens of|a half|half an?|an?|one and a half)" % NUMBER_WORD_RE
VAGUE_RE = r"(?:%s)" % _alt(VAGUE)
ORDINAL_RE = r"(?:%s|\d{1,2}(?:st|nd|rd|th))" % _alt(ORDINALS)
UNIT_RE = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|weekends?|fortnights?|months?|quarters?|years?|yrs?|decades?|century|centuries|millennium)"
PART_OF_DAY_RE = r"(?:morning|afternoon|evening|night)"
SEASON_RE = r"(?:spring|summer|fall|autumn|winter)"


def parse_number(text: str) -> float | None:
    """The value of a number written in digits or English words; None for vague counts.

    >>> parse_number("twenty-four"), parse_number("1,200"), parse_number("a"), parse_number("several")
    (24.0, 1200.0, 1.0, None)
    """
    t = text.lower().strip().replace(",", "")
    if not t:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t)
    frac = re.fullmatch(r"(\d+)\s+([13])/([24])", t)
    if frac:  # "5 1/2 hours", "2 3/4 years"
        return int(frac.group(1)) + int(frac.group(2)) / int(frac.group(3))
    specials = {"a": 1.0, "an": 1.0, "a couple of": 2.0, "a couple": 2.0, "couple of": 2.0, "a dozen": 12.0, "a half": 0.5, "half a": 0.5, "half an": 0.5, "one and a half": 1.5}
    if t in specials:
        return specials[t]
    if t in VAGUE or t == "dozens of":
        return None
    total = 0.0
    current = 0.0
    for word in re.split(r"[- ]+", t):
        if word in ("and", ""):
            continue
        if word in ONES:
            current += ONES[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word == "thousand":
            total += (current or 1) * 1000
            current = 0
        elif word in ("a", "one") and current == 0:
            current = 1
        else:
            return None
    return total + current


def parse_year_words(text: str) -> int | None:
    """The year of "nineteen ninety-six", "nineteen hundred", "two thousand one"; None otherwise."""
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w and w != "and"]
    if len(words) >= 2 and words[0] == "two" and words[1] == "thousand":
        rest = parse_number(" ".join(words[2:])) if words[2:] else 0.0
        return 2000 + int(rest) if rest is not None and rest < 100 else None
    if len(words) >= 2 and words[0] in ("eighteen", "nineteen", "twenty"):
        century = ONES.get(words[0]) or TENS[words[0]]
        if words[1] == "hundred":
            rest = parse_number(" ".join(words[2:])) if words[2:] else 0.0
        else:
            rest = parse_number(" ".join(words[1:]))
        if rest is None or rest >= 100:
            return None
        return century * 100 + int(rest)
    return None


def parse_ordinal(text: str) -> int | None:
    """The value of "third", "3rd" or "twenty-first"; None when it is not an ordinal."""
    t = text.lower().strip()
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)", t)
    if m:
        return int(m.group(1))
    if t in ORDINALS:
        return ORDINALS[t]
    parts = re.split(r"[- ]", t)
    if len(parts) == 2 and parts[0] in TENS and parts[1] in ORDINALS:
        return TENS[parts[0]] + ORDINALS[parts[1]]
    return None


def month_number(word: str) -> int | None:
    """1–12 for a month name or abbreviation ("Sept.", "october"); None otherwise."""
    return MONTHS.get(word.lower().rstrip("."))


def weekday_number(word: str) -> int | None:
    """1 (Monday) – 7 (Sunday) for a weekday name or abbreviation; None otherwise."""
    w = word.lower().rstrip(".")
    if w.endswith("s") and w[:-1] in WEEKDAYS and w[:-1].endswith("day"):
        w = w[:-1]
    return WEEKDAYS.get(w)


def unit_code(word: str) -> str | None:
    """The unit letter for "days", "hour", "decades"…; None when it is not a calendar unit."""
    w = word.lower()
    if w in UNITS:
        return UNITS[w]
    if w.endswith("s") and w[:-1] in UNITS:
        return UNITS[w[:-1]]
    return None
