"""The base of the expression grammar: the rule registry, the vocabulary and shared helpers.

A rule is a regular expression (built from the vocabulary in :mod:`.lexicon` through @NAME@
placeholders) and a resolver that turns a match into a TIMEX3 type and value using the
:class:`~.extract.Context` (DCT, tense, earlier dates). A rule may also carry a check that
rejects a match before spans compete (a lower-case "may" is not a month). The longest match
wins; among equally long ones, the rule registered first.

The rules themselves live in :mod:`.calendar_rules` (dates fixed on the calendar),
:mod:`.relative_rules` (dates named relative to the publication date or the story) and
:mod:`.span_rules` (offsets, durations, sets and clock times).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from storyline.temporal import lexicon as lx
from storyline.temporal.calendar import Direction, Point
from storyline.temporal.triggers import KINDS

if TYPE_CHECKING:
    from storyline.temporal.extract import Context

Resolved = tuple[str, str | None, Point | None]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], "Context"], Resolved | None]
    check: Callable[[re.Match[str], "Context"], bool] | None = None
    # The trigger kinds (see .triggers) a match of this rule holds at least one of.
    needs: frozenset[str] = frozenset(KINDS)


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
    # Years as broadcast transcripts spell them: "nineteen ninety-six", "two thousand one".
    "YEARWORDS": r"(?:nineteen[\s-]+(?:hundred[\s-]+(?:and[\s-]+)?)?" + lx.UNDER_100_RE
    + r"|(?<=year\s)two[\s-]+thousand(?:[\s-]+(?:and[\s-]+)?" + lx.UNDER_100_RE + r")?)",
    "DAYWORD": r"(?:(?:twenty|thirty)[\s-]+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)",
    # Modifiers that TimeML keeps inside a date's extent: "early next year", "the end of 1990".
    "DPRE": r"(?:(?P<pre>(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|close|turn|first\s+half|second\s+half|"
    r"latter\s+half|latter\s+part|early\s+part|first\s+part|last\s+part)\s+of\s+(?:the\s+)?|"
    r"(?:early|late|mid)(?:\s+|-)|(?:earlier|later)\s+)?)",
    # Modifiers kept inside a duration's extent: "nearly three years", "up to 180 days".
    "QPRE": r"(?:(?P<qpre>(?:about|around|approximately|roughly|nearly|almost|some|(?:no\s+)?more\s+than|(?:no\s+)?less\s+than|"
    r"fewer\s+than|at\s+least|at\s+most|up\s+to|just\s+over|just\s+under|well\s+over|barely|little\s+more\s+than|"
    r"as\s+many\s+as|as\s+much\s+as|as\s+long\s+as|as\s+little\s+as|the\s+better\s+part\s+of)\s+)?)",
}


def _x(pattern: str) -> re.Pattern[str]:
    """Compile ``pattern`` with its @NAME@ vocabulary placeholders filled in."""
    return re.compile(re.sub(r"@([A-Z]+)@", lambda m: _VOCAB[m.group(1)], pattern), re.IGNORECASE)


def rule(
    pattern: str, *, needs: str, check: Callable[[re.Match[str], "Context"], bool] | None = None
) -> Callable[[Callable[[re.Match[str], "Context"], Resolved | None]], Callable[[re.Match[str], "Context"], Resolved | None]]:
    """Register the decorated resolver with its pattern, the trigger kinds it needs and an optional check."""
    if set(needs) - set(KINDS):
        raise ValueError(f"unknown trigger kinds {needs!r} (known: {KINDS})")

    def register(fn: Callable[[re.Match[str], "Context"], Resolved | None]) -> Callable[[re.Match[str], "Context"], Resolved | None]:
        RULES.append(Rule(fn.__name__.lstrip("_"), _x(pattern), fn, check, frozenset(needs)))
        return fn

    return register


# --- shared helpers ---------------------------------------------------------------------


def capitalised(word: str | None) -> bool:
    return bool(word) and word[0].isupper()  # type: ignore[index]


def as_date(point: Point | None, ttype: str = "DATE") -> Resolved:
    return (ttype, point.value if point else None, point)


def pre_gran(m: re.Match[str], point: Point | None) -> Point | None:
    """Apply a "first half of" / "second half of" prefix to a year."""
    pre = (m.groupdict().get("pre") or "").lower()
    if point is not None and point.gran == "year" and "half" in pre:
        month = 1 if "first" in pre else 7
        return Point(date(point.day.year, month, 1), "half")
    return point


REL_DIRECTION: dict[str, Direction] = {
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


def direction_of(m: re.Match[str], cx: "Context", rel: str | None, default: Direction = None) -> Direction:
    if rel:
        return REL_DIRECTION.get(rel.lower().split()[-1], default)
    return cx.direction(m.start(), m.end(), none=default or "past")


def year_of(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if text.isdigit() else lx.parse_year_words(text)


PART_CODE = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI", "tonight": "NI"}

CYCLE_GRAN = {"week": "week", "weekend": "weekend", "month": "month", "year": "year", "decade": "decade", "quarter": "quarter"}
CYCLE_UNIT = {"week": "W", "weekend": "W", "month": "M", "year": "Y", "decade": "DE", "quarter": "Q"}

FINER: dict[str, tuple[str, ...]] = {
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
