"""Where temporal expressions can be: trigger words, and the windows of text around them.

Every expression of the grammar holds a trigger: a month or weekday name, a calendar unit, a
four-digit number or a clock time, a word such as "today" or "recently". Most of an article's
text holds none, and scanning all of it with thirty patterns would cost more than the rest of
the stage, so the rules run only in windows around triggers, and each rule only in windows that
hold a trigger of a kind it can use (``Rule.needs``).

Trigger kinds, one letter each:

    M month   W weekday   U calendar unit ("days", "weekly")   D digits (1998, 18:05, 11/30, '90s)
    R now / past / future words   P part of day or clock word   S season   H holiday   Q half, period
    Y spelled-out years and decades ("nineteen", "the nineties")
"""

from __future__ import annotations

import functools
import re

from storyline.temporal import lexicon as lx

KINDS = "MWUDRPSHQY"


def _vocabulary() -> dict[str, str]:
    words: dict[str, str] = {}

    def add(kind: str, *items: str) -> None:
        for item in items:
            words[item] = "".join(sorted(set(words.get(item, "") + kind)))

    for name in lx.MONTHS:
        add("M", name)
    for name in lx.WEEKDAYS:
        add("W", name, name + "s")
    for unit in lx.UNITS:
        add("U", unit, unit + "s", unit + "ly")
    add("U", "centuries", "daily", "annually", "biweekly", "semiannually", "nightly")
    add("R", "today", "tonight", "yesterday", "tomorrow", "now", "nowadays", "currently", "current", "presently")
    add("R", "present", "recent", "recently", "lately", "past", "future", "formerly", "moment")
    add("P", *lx.PARTS_OF_DAY, "noon", "midnight", "midday", "nightfall", "o'clock", "am", "pm", "a.m", "p.m")
    add("S", *lx.SEASONS)
    # Holidays named "… Day" are found by "day" (a unit) as well.
    add("H", "christmas", "thanksgiving", "easter", "halloween", "day")
    add("Q", "half", "period", "quarter")
    add("Y", "nineteen", "twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties")
    return words


_WORDS = _vocabulary()
# Words (letters, apostrophes, a final dot as in "Oct."), the dotted "a.m.", and digit shapes.
_TOKEN = re.compile(r"[ap]\.m\.?|[A-Za-z][A-Za-z'’]*\.?|'?\d+(?:[:/]\d+)*(?:s|[ap]m)?")
_DIGITS = re.compile(r"\d{4}|\d:\d\d|\d/\d|'\d0s|\d[ap]m$")
# How far an expression reaches before and after its trigger ("the better part of the past
# twenty-four hours" ends in its trigger; "5 p.m. EST, Nov. 6" starts with one).
BEFORE, AFTER = 60, 40


@functools.lru_cache(maxsize=1 << 16)
def kinds_of(token: str) -> str:
    """The trigger kinds of one token ("" when it is no trigger)."""
    if token[0].isdigit() or token[0] == "'":
        return "D" if _DIGITS.search(token) else ""
    word = token.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return _WORDS.get(word) or _WORDS.get(word.rstrip(".")) or ""


def windows(text: str) -> list[tuple[int, int, frozenset[str]]]:
    """Merged stretches of ``text`` around triggers, each with the trigger kinds it holds.

    A window ends only at a space, so that a rule's look-ahead never sees a word cut short.
    """
    out: list[tuple[int, int, frozenset[str]]] = []
    lo_w = hi_w = -1
    kinds: set[str] = set()
    size = len(text)
    for m in _TOKEN.finditer(text):
        found = kinds_of(m.group())
        if not found:
            continue
        lo, hi = max(0, m.start() - BEFORE), min(size, m.end() + AFTER)
        while hi < size and not text[hi].isspace():
            hi += 1
        if lo <= hi_w:
            hi_w = max(hi, hi_w)
            kinds.update(found)
            continue
        if hi_w >= 0:
            out.append((lo_w, hi_w, frozenset(kinds)))
        lo_w, hi_w, kinds = lo, hi, set(found)
    if hi_w >= 0:
        out.append((lo_w, hi_w, frozenset(kinds)))
    return out
