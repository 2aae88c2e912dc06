"""The as-of date of a figure (docs/annotation.md §1 ``as_of``): the day the text ties the count
to, else the day the lead says the news was said, else the publication day.

:func:`as_of` reads the resolved dates of the ``dates`` stage that attach to the claim (to its
number, its noun, a deadline on its clause, a reporting or stative verb above it); :func:`said_on`
the lead's reporting day. Word lists live in :mod:`storyline.figures.lexicon`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from storyline.figures import lexicon as lex
from storyline.figures.counted import Counted
from storyline.parsing import lemma as _lemma

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


# Verbs whose date is the date a count held: "stood at 84 on Sunday", "said on Monday that …".
_STATIVE = frozenset({
    "hold", "stand", "remain", "reach", "rise", "climb", "be", "have", "number", "total", "put", "bring",
    "increase", "grow", "top", "exceed", "hit", "jump", "count", "estimate", "keep",
})


def _date_attaches(root: "Token", anchor: "Token", counted: Counted, path: set[int]) -> bool:
    """Whether a date expression (its root token) dates the claim rather than something else.

    It does when it modifies the number or the counted noun ("3,400 on Thursday"), when it is a
    deadline on the claim's clause ("by Monday afternoon"), or when it dates a reporting or stative
    verb above the claim ("officials said on Thursday", "the toll stood at 84 on Sunday"). A date on
    the event itself ("killed on Tuesday") dates the event, and the count is as of the report: on the
    real-news dev set, tying such counts to the event's day loses more as-of dates than it gains.
    """
    prep = root.head.lower_ if root.dep_ == "pobj" else ""
    attach = root.head.head if root.dep_ == "pobj" else root.head
    if root.dep_ not in ("pobj", "npadvmod", "tmod", "advmod", "obl", "nmod", "appos"):
        return False
    own = {anchor.i} | ({counted.noun.i} if counted.noun is not None else set())
    if attach.i in own or (root.dep_ == "pobj" and root.head.head.i in own):
        return True
    if attach.pos_ == "ADP" and any(c.dep_ == "pobj" and c.i in own for c in attach.children):
        return True  # "up from 700 on Monday": the date sits on the phrase that holds the number
    if attach.i not in path:
        return False
    if prep in ("by", "as", "until", "through", "till"):
        return True
    if counted.event_token is not None and attach.i == counted.event_token.i and _lemma(attach) not in _STATIVE:
        return False
    return attach.pos_ in ("VERB", "AUX") and (_lemma(attach) in lex.REPORT_VERBS or _lemma(attach) in _STATIVE)


def as_of(
    doc: "Doc",
    region: tuple[int, int],
    dates: Sequence[dict[str, Any]],
    published: date | None,
    anchor: "Token",
    counted: Counted,
    said_on: str | None = None,
) -> tuple[str | None, str | None, bool, bool, bool]:
    """(as-of day or None, coarser TIMEX3 period or None, a period-start date such as "since Oct. 7",
    a date after publication such as "by the end of June": a projection, a finished period such as
    "between March 2015 and March 2016").

    Dates in the claim's own stretch of the sentence come first; failing those, a date elsewhere in
    the sentence on a reporting verb above the claim ("The WHO said on Thursday that 41 countries had
    reported 11,034 cases") dates it too. A finished month or year ("in 2013") gives its last day
    (docs/annotation.md decision 9)."""
    lo_char = doc[region[0]].idx
    hi_char = doc[region[1] - 1].idx + len(doc[region[1] - 1]) if region[1] > region[0] else lo_char
    sent = doc[region[0]].sent
    pub = published.isoformat() if published else None
    period_start = future = closed = False
    closed_from: int | None = None
    if dates:
        found = [(d["start"], d["end"], d.get("value"), d.get("type")) for d in dates]
        resolved = True
    else:
        found = [(e.start_char, e.end_char, None, None) for e in doc.ents if e.label_ == "DATE"]
        resolved = False
    inside = [c for c in found if lo_char <= c[0] and c[1] <= hi_char]
    outside = [c for c in found if sent.start_char <= c[0] and c[1] <= sent.end_char and c not in inside]
    path = {anchor.i} | {t.i for t in anchor.ancestors}
    if counted.noun is not None:
        path |= {counted.noun.i} | {t.i for t in counted.noun.ancestors}
    chosen: tuple[str | None, str | None] | None = None
    for near, candidates in ((True, inside), (False, outside)):
        for start, end, value, dtype in candidates:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            before = doc[span.start - 1].lower_ if span.start > 0 else ""
            if (root.dep_ == "pobj" and root.head.lower_ in lex.PERIOD_START) or before in lex.PERIOD_START:
                period_start = period_start or near
                if near and "between" in (before, root.head.lower_):
                    closed_from = span.end
                continue
            if closed_from is not None and near and closed_from <= span.start <= closed_from + 2:
                # "between March 2015 and March 2016": a finished period, as of its last day (decision 9)
                day = value[:10] if isinstance(value, str) and _DAY.match(value) else _last_day(value, pub) if isinstance(value, str) else None
                if day is not None and (pub is None or day <= pub):
                    closed = True
                    chosen = (day, None if _DAY.match(str(value)) else value)
                continue
            if not _date_attaches(root, anchor, counted, path) and not (
                isinstance(value, str) and _last_day(value, pub) is not None and _on_the_event(root, counted, path)
            ):
                continue  # a finished year or month on the event is the period the count covers (decision 9)
            if not near:
                attach = root.head.head if root.dep_ == "pobj" else root.head
                if _lemma(attach) not in lex.REPORT_VERBS or attach.i not in path:
                    continue
            if (isinstance(value, str) and value.startswith(("P", "R"))) or dtype in ("DURATION", "SET"):
                continue  # a duration or a set ("every day") dates nothing
            if value == "PRESENT_REF" or span.text.lower() in ("today", "now", "tonight", "this morning"):
                chosen = (pub, None)
            elif isinstance(value, str) and _DAY.match(value):
                if pub is not None and value[:10] > pub:
                    future = True
                    continue  # "will send 400 soldiers by Friday": a plan, as of the report
                chosen = (value[:10], None)
            elif isinstance(value, str) and value:
                chosen = (_last_day(value, pub), value)
            elif not resolved or value is None:
                chosen = (None, None)  # a date we cannot resolve: no confident wrong date
        if chosen is not None:
            break
    if chosen is None:
        return said_on or pub, None, period_start, future, closed
    return chosen[0], chosen[1], period_start, future, closed


# How many sentences make an article's lead (headline lines and the first paragraph's sentences).
_LEAD_SENTENCES = 3


def said_on(doc: "Doc", dates: Sequence[dict[str, Any]], published: date | None) -> str | None:
    """The day the article's news was said, when its lead dates it ("health officials said on
    Friday" in Saturday's paper): the latest day on a reporting verb in the first sentences, within
    the week before publication. A figure the text ties to no day is as of the day it was said
    (docs/annotation.md §1 ``as_of``), else of the publication day. Only the lead counts: a
    statement dated further down is background to the day's news, not its day."""
    if published is None:
        return None
    lead = list(doc.sents)[:_LEAD_SENTENCES]
    lead_end = lead[-1].end_char if lead else 0
    pub = published.isoformat()
    # At the calendar's first week there is no week before (date.min - 7 days overflows).
    week = (published - timedelta(days=7)).isoformat() if published > date.min + timedelta(days=7) else date.min.isoformat()
    days = []
    for d in dates:
        value = d.get("value")
        if not (isinstance(value, str) and _DAY.match(value) and week <= value[:10] <= pub) or d["start"] >= lead_end:
            continue
        span = doc.char_span(d["start"], d["end"], alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        attach = root.head.head if root.dep_ == "pobj" else root.head
        if attach.pos_ in ("VERB", "AUX") and _lemma(attach) in lex.REPORT_VERBS:
            days.append(value[:10])
    return max(days) if days else None


def _on_the_event(root: "Token", counted: Counted, path: set[int]) -> bool:
    """A date on the counted event's verb or on a verb above the claim: "paid 40 fines in 2019"."""
    attach = root.head.head if root.dep_ == "pobj" else root.head
    event = counted.event_token
    return attach.pos_ in ("VERB", "AUX") and (attach.i in path or (event is not None and attach.i == event.i))


def _last_day(value: str, pub: str | None) -> str | None:
    """The last day of a month or year that ended before publication ("2013" → "2013-12-31"), else None."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", value)
    if m is None:
        return None
    year = int(m[1])
    last = f"{year}-12-31" if m[2] is None else f"{year}-{m[2]}-{calendar.monthrange(year, int(m[2]))[1]:02d}"
    return last if pub is not None and last < pub else None
