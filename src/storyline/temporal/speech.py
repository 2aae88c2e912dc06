"""When a reported statement was made: the day its speech verb names ("…, he said on Wednesday").

A deictic word inside a quote or a reported statement ("tomorrow", "today", "last night") counts
from the day the words were said, not from the publication date, when the article gives that day:
in an article of Friday, '"We sign tomorrow," the minister said on Wednesday' means Thursday. With
no day on the speech verb, the statement is taken as said on the publication date.

Two ways to the speech verb, both hand-written because no library links a quote to its
attribution's date:

* the parse: from the expression up the dependency tree to the first speech verb ("said on
  Wednesday that the bridge would open tomorrow");
* the quotation marks: a quote that runs over several sentences takes the attribution right
  after its closing mark (", she said Tuesday") or right before its opening one ("told
  reporters on Monday: “…").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from storyline.temporal.calendar import Point

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Stems, because the shared pass runs no lemmatizer.
_SPEECH_STEMS = (
    "say", "said", "tell", "told", "announc", "add", "stat", "declar", "warn", "insist", "explain", "report",
    "predict", "promis", "pledg", "confirm", "deni", "deny", "claim", "assert", "note", "wrote", "write", "tweet",
    "comment", "remark", "vow", "urg", "caution", "acknowledg", "admit", "argu", "recall", "repli", "replie",
)  # fmt: skip
_SPEECH_WORD = re.compile(r"\b(?:" + "|".join(_SPEECH_STEMS) + r")\w*", re.IGNORECASE)
# Quotation marks: curly pairs, TeX-style pairs (``…'') as wire copy writes them, and straight
# double quotes paired in order within a paragraph.
_QUOTE = re.compile(r"“[^”\n]{1,2000}”|``(?:(?!'')[^\n]){1,2000}''|\"[^\"\n]{1,2000}\"")
_SENTENCE_END = re.compile(r"[.!?][\"'”’]*\s+[\"'“‘`]*[A-Z]")
# How far after its speech word the day of an attribution may come ("said in a statement on").
_SPEECH_GAP = 30
# How far an attribution may sit from the quote it belongs to.
_ATTRIBUTION_CHARS = 90

DaySpan = tuple[int, int, Point]  # start, end, the resolved day


def _is_speech_verb(tok: "Token") -> bool:
    return tok.tag_.startswith("VB") and tok.lower_.startswith(_SPEECH_STEMS)


def _day_within(lo: int, hi: int, days: Sequence[DaySpan], skip: tuple[int, int]) -> Point | None:
    for start, end, point in days:
        if lo <= start and end <= hi and not (start < skip[1] and skip[0] < end):
            return point
    return None


def _speech_day(text: str, lo: int, hi: int, days: Sequence[DaySpan]) -> Point | None:
    """The day right after a speech word between ``lo`` and ``hi`` ("said on Wednesday", "told
    reporters Tuesday"), with no comma between them (", whose town flooded on Monday, said")."""
    for word in _SPEECH_WORD.finditer(text, lo, hi):
        for start, end, point in days:
            if word.end() <= start and end <= hi and start - word.end() <= _SPEECH_GAP and not re.search(r"[,;:]", text[word.end() : start]):
                return point
    return None


def _by_parse(doc: "Doc", start: int, end: int, days: Sequence[DaySpan]) -> tuple[bool, Point | None]:
    """(a speech verb governs the span, the day named on it)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False, None
    tok = span.root
    for _ in range(10):
        if tok.head is tok:
            return False, None
        tok = tok.head
        if _is_speech_verb(tok):
            lo_v, hi_v = sorted((tok.idx, start))
            if _SENTENCE_END.search(doc.text, lo_v, hi_v):
                return False, None  # the parse ran two sentences together
            for child in tok.children:
                if not (child.dep_ in ("npadvmod", "tmod") or (child.dep_ == "prep" and child.lower_ in ("on", "at"))):
                    continue
                lo = child.left_edge.idx
                hi = child.right_edge.idx + len(child.right_edge)
                if lo <= start < hi:
                    continue  # the expression itself hangs here ("said today")
                point = _day_within(lo, hi, days, (start, end))
                if point is not None:
                    return True, point
            return True, None
    return False, None


def _by_quote(text: str, start: int, end: int, days: Sequence[DaySpan]) -> tuple[bool, Point | None]:
    """(the span is inside quotation marks, the day its attribution names)."""
    for m in _QUOTE.finditer(text, max(0, start - 2000), min(len(text), end + 2000)):
        if not (m.start() < start and end <= m.end()):
            continue
        after = text[m.end() : m.end() + _ATTRIBUTION_CHARS]
        cut = re.search(r"[.!?](?:\s|$)|[“\"`]", after)
        after_end = m.end() + (cut.start() if cut else len(after))
        point = _speech_day(text, m.end(), after_end, days)
        if point is not None:
            return True, point
        before_start = max(0, m.start() - _ATTRIBUTION_CHARS)
        before = text[before_start : m.start()]
        cut = None
        for cut in re.finditer(r"[.!?]\s|[”\"']", before):
            pass
        lo = before_start + (cut.end() if cut else 0)
        point = _speech_day(text, lo, m.start(), days)
        if point is not None:
            return True, point
        return True, None
    return False, None


def said_on(text: str, doc: "Doc | None", start: int, end: int, days: Sequence[DaySpan]) -> tuple[bool, Point | None]:
    """Whether ``text[start:end]`` is inside a statement, and the day the article says it was made.

    Args:
        days: the day-precise dates found in the text, as (start, end, Point).
    """
    governed = False
    if doc is not None:
        governed, point = _by_parse(doc, start, end, days)
        if point is not None:
            return True, point
    quoted, point = _by_quote(text, start, end, days)
    return governed or quoted, point


def news_day(text: str, days: Sequence[DaySpan]) -> Point | None:
    """The day the lead sentence says the news was told ("…, health officials said on Friday")."""
    lead = re.search(r"[.!?][\"'”’]*\s+[\"'“‘`]*[A-Z]|\n", text)
    return _speech_day(text, 0, lead.start() if lead else len(text), days)
