"""Numeric claims in a parsed article: value, what is counted, qualifier, source and as-of date.

For each number phrase (found by :mod:`storyline.figures.numbers`) the shared spaCy parse decides:

* whether it is a claim at all: years, dates, times, ages, durations, ordinals, phone numbers and
  labels ("Article 5", "Flight 370") are not;
* what is counted (``unit``) and its scope (:mod:`storyline.figures.counted`);
* whether the text marks it as a running total (``kind`` "cumulative": "since the truce began",
  "so far", "the toll") or one day's share (``kind`` "increment": "13 more", "on Friday"); the
  series and conflicts group figures by this marker;
* its kind in the words of docs/annotation.md §1 (``count_kind``, always given): "running_total",
  "period", "stock", "rate" or "estimate_range" (see :func:`_kind`);
* what is counted in the annotation's words (``what``: "killed", "cases", "oil flow", else the
  category or the unit);
* whether it counts anything at all: percentages, prices, measures, ratios and unit conversions in
  brackets are left out (with ``counts_only=False`` they are kept, marked ``not_count``: "percent",
  "price", "measure", "ratio" or "conversion");
* the attribution (``source``, :mod:`storyline.figures.sources`): "according to X", the subject of
  a reporting verb governing the claim ("the health ministry said"), a body of figures ("UN
  figures show"), or the speaker of the quote holding the claim when quotes are given;
* the as-of date: a date expression (from the ``dates`` items) attached to the claim's clause,
  else the article's publication date.

Why rules over the parse and not a trained model: there is no labelled data for these fields, and a
reader must be able to see why a number got its unit and source. All word lists live in
:mod:`storyline.figures.lexicon`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from storyline.figures import lexicon as lex
from storyline.figures.counted import Counted, anchor_token, clause_place, place_name, place_scope, read_counted
from storyline.figures.numbers import NumberPhrase, as_json, find_numbers
from storyline.figures.sources import Resolver, source_of
from storyline.parsing import lemma as _lemma

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_CLAUSE_BREAK = frozenset({",", ";", ":", "—", "–", "(", ")", "but", "while", "whereas", "and"})
_NOMINAL = ("NOUN", "PROPN")


# --- not a claim -----------------------------------------------------------------------------


def _not_a_claim(doc: "Doc", span: "Span", phrase: NumberPhrase) -> bool:
    """Years, dates, times, ages, ordinals, phone numbers and labels are numbers but not claims."""
    nums = [t for t in span if t.like_num or t.is_digit]
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt = doc[span.end] if span.end < len(doc) else None
    if any(t.ent_type_ in ("ORDINAL", "LAW") for t in nums):
        return True
    if phrase.value == 1 and not phrase.qualifier and (anchor_token(span).dep_ != "nummod" or (nxt is not None and nxt.lower_ == "of")):
        return True  # "one of the men", "no one", "one another": a pronoun, not a count
    if any(":" in t.text for t in nums):
        return True
    if any(len(t.text) == 2 and t.text[0] == "0" and t.text[1].isdigit() for t in nums):
        return True  # a zero-padded day, month or code ("04 25 08:50"): no one writes a count so
    if not phrase.percent and not phrase.currency:
        values = phrase.value if isinstance(phrase.value, tuple) else (phrase.value,)
        if all(_YEAR.match(_plain(v)) for v in values) and all("," not in t.text for t in nums):
            # A bare four-digit number is a year unless it plainly counts a noun ("2000 people").
            anchor = anchor_token(span)
            if not (anchor.dep_ == "nummod" and anchor.head.pos_ in _NOMINAL and _lemma(anchor.head) not in lex.TIME_UNITS):
                return True
            if anchor.ent_type_ == "DATE":
                return True
    if prev is not None:
        p = prev.lower_.rstrip(".")
        if (prev.lower_ in lex.LABEL_WORDS or p in lex.LABEL_WORDS) and phrase.qualifier is None:
            return True
        if prev.lower_ in ("aged", "age", "ages", "+", "#", "tel", "phone") or prev.text in ("№",):
            return True
        if prev.text in ("-", ".", "/") and span.start >= 2 and doc[span.start - 2].like_num:
            return True  # the tail of a phone number, an id or a date written with dashes
    if nxt is not None:
        if nxt.text in ("-", "/", ".") and span.end + 1 < len(doc) and doc[span.end + 1].is_digit and not phrase.percent:
            return True
        if nxt.tag_ == "HYPH" and span.end + 1 < len(doc) and doc[span.end + 1].lower_ != "strong":
            return True  # a compound modifier: "a 66-foot clock", "a three-drug cocktail", "a four-day truce"
        following = " ".join(t.lower_ for t in doc[span.end : span.end + 5])
        if re.match(r"^-? ?years? ?-? ?old\b|^-? ?(?:year|month|week|day)s? ?- ?old\b", following):
            return True
        if nxt.lower_ in lex.TIME_UNITS or nxt.lower_ in lex.TIME_ZONES or nxt.lower_ in ("a.m", "p.m", "st", "nd", "rd", "th"):
            return True
    if any(_in_name(t) for t in nums):
        return True
    # ", 45," after a person's name is an age: "John Smith, 45, said".
    if prev is not None and nxt is not None and prev.text == "," and nxt.text == "," and span.start >= 2:
        if doc[span.start - 2].ent_type_ == "PERSON" and len(nums) == 1 and isinstance(phrase.value, float) and phrase.value < 120:
            return True
    # Numbers inside a date or time expression ("Oct. 7", "the 1990s"), except the counts that the
    # small model sometimes swallows into a DATE span ("between 30 and 40 rockets").
    dated = next((t for t in nums if t.ent_type_ in ("DATE", "TIME")), None)
    if dated is not None:
        # The entity of the first numeral, else that of the dated one: in "from 5 to 10 March" only
        # "10 March" is a DATE and "5" lies in no entity. A token with an entity type lies in one.
        ent = next((e for e in doc.ents if e.start <= nums[0].i < e.end), None) or next(
            e for e in doc.ents if e.start <= dated.i < e.end
        )
        anchor = anchor_token(span)
        counts_a_noun = (
            anchor.dep_ == "nummod" and anchor.head.i >= ent.end and anchor.head.pos_ in _NOMINAL
            and _lemma(anchor.head) not in lex.TIME_UNITS
        )
        if ent.label_ in ("DATE", "TIME") and _looks_like_date(ent.text) and not counts_a_noun:
            return True
    return False


def _in_name(tok: "Token") -> bool:
    """A numeral inside a name ("10 Downing Street", "STOXX Europe 600"): part of a facility, body or
    work entity that also holds a capitalised word that is not a number."""
    if tok.ent_type_ not in lex.NAME_ENTITIES:
        return False
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    return ent is not None and any(t.pos_ == "PROPN" and not t.like_num for t in ent)


_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december"
_DATE_WORDS = re.compile(
    rf"\b(?:{_MONTHS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|year|years|month|months|week|weeks|"
    r"day|days|hour|hours|minute|minutes|night|nights|decade|decades|century|old|ago|today|yesterday|tomorrow|"
    r"morning|evening|afternoon|noon|midnight|a\.m|p\.m|am|pm|gmt|bc|ad)\b|\d{4}|\d+(?:st|nd|rd|th)\b|'\d\d|\d0s",
    re.IGNORECASE,
)


def _looks_like_date(text: str) -> bool:
    return bool(_DATE_WORDS.search(text))


def _plain(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


# --- as-of date and running totals ---------------------------------------------------------


def _region(sent: "Span", starts: Sequence[int], k: int) -> tuple[int, int]:
    """Token range of the stretch of ``sent`` that belongs to the k-th number of the sentence:
    from the last clause break after the previous number to the first clause break before the next."""
    lo, hi = sent.start, sent.end
    doc = sent.doc
    if k > 0:
        lo = starts[k - 1] + 1
        for i in range(starts[k] - 1, starts[k - 1], -1):
            if doc[i].lower_ in _CLAUSE_BREAK:
                lo = i
                break
    if k + 1 < len(starts):
        hi = starts[k + 1]
        for i in range(starts[k] + 1, starts[k + 1]):
            if doc[i].lower_ in _CLAUSE_BREAK and doc[i].lower_ != "and" or doc[i].lower_ in (";", "—"):
                hi = i
                break
    return lo, hi


def _has_phrase(words: Sequence[str], phrases: Iterable[tuple[str, ...]]) -> bool:
    for ph in phrases:
        k = len(ph)
        for i in range(len(words) - k + 1):
            if tuple(words[i : i + k]) == ph:
                return True
    return False


def _kind(
    doc: "Doc", sent: "Span", region: tuple[int, int], span: "Span", counted: Counted, period_start: bool, numbers: set[int],
    future: bool = False,
) -> tuple[str, bool]:
    """The figure's kind in the words of docs/annotation.md §1, and whether the text marks it.

    In the order the cues are trusted:

    * ``estimate_range``: a projection ("the worst case", "could reach", a date after publication);
    * ``rate``: an amount per unit of time ("a day", "per year", "bpd", "daily");
    * ``period`` (one period's or one round's count): "13 more", "nine new cases", "a rise of 1,000
      in 24 hours", the historic present of a chronology ("Seven people are killed");
    * ``running_total``: "so far", "since", "the toll", "has released";
    * ``stock``: a state that can go down as well as up ("remain", "in hospital", "aboard");
    * unmarked: a count of an event (killed, cases, released) is a running total, and any other
      count ("33 seats", "two daughters") a stock.

    ``numbers`` holds the token indexes of the sentence's number phrases: their qualifiers ("more
    than") are not cues."""
    lo, hi = region
    noun = counted.own if counted.own is not None else counted.noun
    end = max(span.end, noun.i + 1 if noun is not None and noun.i >= span.end else span.end)
    words = [t.lower_ if t.i not in numbers else "#" for t in doc[lo:hi]]
    ahead = [t for t in doc[span.start : min(hi, end + 6)] if t.i not in numbers]
    behind = [t for t in doc[max(lo, span.start - 4) : span.start]]
    verbs = _governing_verbs(span, counted)
    if future or any(t.lower_ in lex.ESTIMATE_WORDS for t in behind) or (
        noun is not None and any(_lemma(c) in lex.ESTIMATE_WORDS for c in noun.subtree)
    ):
        return "estimate_range", True
    if _per_time(doc, ahead) or any(t.lower_ in lex.RATE_WORDS for t in [*behind, *ahead]):
        return "rate", True
    if any(any(c.dep_ == "aux" and c.lower_ in lex.MODALS for c in v.children) for v in verbs):
        return "estimate_range", True
    before = [doc[span.start - 1].lower_] if span.start > lo else []
    near = before + [t.lower_ for t in doc[span.end : min(hi, span.end + 2)] if t.i not in numbers]
    if any(w in ("more", "another", "further", "additional") for w in near):
        return "period", True
    if noun is not None and any(c.dep_ == "amod" and c.lower_ in lex.PERIOD_WORDS for c in noun.children):
        return "period", True
    if counted.toll or period_start or _has_phrase(words, lex.CUMULATIVE_PHRASES):
        return "running_total", True
    if _has_phrase(words, lex.PERIOD_PHRASES) or any(w in lex.PERIOD_WORDS for w in near):
        return "period", True
    sentence = [t.lower_ if t.i not in numbers else "#" for t in sent]
    if _has_phrase(sentence, (("since",), ("so", "far"), ("to", "date"), ("in", "total"), ("thus", "far"))):
        return "running_total", True
    verb = counted.event_token
    if verb is not None and verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("has", "have", "'ve") for c in verb.children):
        return "running_total", True  # "Hamas has released 110 hostages"
    if _in_state(span, counted, verbs):
        return "stock", True
    if verb is not None and verb.tag_ in ("VBP", "VBZ") and _lemma(verb) not in lex.STOCK_VERBS:
        return "period", True  # the historic present of a chronology: "Seven people are killed in clashes"
    if verb is not None and verb.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "auxpass" and c.tag_ in ("VBP", "VBZ") for c in verb.children
    ):
        return "period", True
    unit = counted.unit or ""
    if unit in lex.STOCK_UNITS or any(unit.endswith(" " + u) for u in lex.STOCK_UNITS):
        return "stock", False
    if unit in lex.EVENT_UNITS or unit.split()[-1:] and unit.split()[-1] in lex.STATE_WORDS:
        return "running_total", False
    if noun is not None and _lemma(noun) in lex.REACHED_PLACES:
        return "running_total", False  # places an outbreak or a war has reached: "29 countries"
    return "stock", False


def _series_kind(
    doc: "Doc", sent: "Span", region: tuple[int, int], span: "Span", counted: Counted, period_start: bool, numbers: set[int]
) -> str | None:
    """The series' marker (``kind``): "cumulative" for a running total, "increment" for one day's or
    one round's share, else None. The series and conflicts group figures by it; :func:`_kind` reads the
    finer kind of the annotation guidelines (``count_kind``).

    ``numbers`` holds the token indexes of the sentence's number phrases: their qualifiers ("more
    than") are not cues."""
    before = [doc[span.start - 1].lower_] if span.start > region[0] else []
    near = before + [t.lower_ for t in doc[span.end : min(region[1], span.end + 2)] if t.i not in numbers]
    if any(w in ("more", "another", "further", "additional") for w in near):
        return "increment"
    words = [t.lower_ if t.i not in numbers else "#" for t in doc[region[0] : region[1]]]
    if counted.toll or period_start or _has_phrase(words, lex.CUMULATIVE_PHRASES):
        return "cumulative"
    if _has_phrase(words, lex.INCREMENT_PHRASES):
        return "increment"
    sentence = [t.lower_ if t.i not in numbers else "#" for t in sent]
    if _has_phrase(sentence, (("since",), ("so", "far"), ("to", "date"), ("in", "total"), ("thus", "far"))) and not _has_phrase(
        sentence, lex.INCREMENT_PHRASES
    ):
        return "cumulative"
    verb = counted.event_token
    if verb is not None and verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("has", "have", "'ve") for c in verb.children):
        return "cumulative"  # "Hamas has released 110 hostages"
    return None



def _governing_verbs(span: "Span", counted: Counted) -> list["Token"]:
    """The verbs above the number up to its clause's head: "could have been spilled", "would need"."""
    out: list[Token] = []
    tok = counted.event_token if counted.event_token is not None else anchor_token(span)
    for t in [tok, *tok.ancestors]:
        if t.pos_ in ("VERB", "AUX"):
            out.append(t)
            if t.dep_ not in ("xcomp", "aux", "auxpass", "conj", "acl"):
                break
        if len(out) >= 3:
            break
    return out


def _per_time(doc: "Doc", tokens: Sequence["Token"]) -> bool:
    """ "a day", "per year", "each winter" among ``tokens``, but not "a day after", "in a day" or "for a week"."""
    for t in tokens:
        if t.lower_ in ("a", "an", "per", "each", "every") and t.i + 1 < len(doc):
            nxt = t.i + 2 if doc[t.i + 1].text == "-" and t.i + 2 < len(doc) else t.i + 1  # "barrels-a-day"
            unit = doc[nxt]
            if unit.lemma_.lower() not in lex.PER_TIME and unit.lower_ not in lex.PER_TIME:
                continue
            after = doc[nxt + 1].lower_ if nxt + 1 < len(doc) else ""
            prev = doc[t.i - 1].lower_ if t.i > 0 else ""
            if after in lex.NOT_PER_TIME or prev in ("in", "within", "for", "over", "than", "once", "twice"):
                continue
            return True
    return False


def _in_state(span: "Span", counted: Counted, verbs: Sequence["Token"]) -> bool:
    """A count of things in a state: "remain missing", "are held", "104 people in hospital", "aboard"."""
    noun = counted.noun if counted.noun is not None else anchor_token(span)
    heads = [noun, *verbs]
    for t in heads:
        for c in t.children:
            if c.dep_ == "prep" and any(o.dep_ == "pobj" and o.lower_ in lex.STOCK_PLACES for o in c.children):
                return True
            if c.lower_ in ("aboard", "onboard") or (c.dep_ == "advmod" and c.lower_ in ("currently", "still")):
                return True
    for v in verbs:
        lemma = _lemma(v)
        if lemma in ("remain", "stay"):
            return True
        if lemma in ("hold", "keep", "treat", "detain") and (v.tag_ in ("VBG",) or any(c.dep_ == "auxpass" for c in v.children)):
            return True
    return False


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
    if attach.i not in path:
        return False
    if prep in ("by", "as", "until", "through", "till"):
        return True
    if counted.event_token is not None and attach.i == counted.event_token.i and _lemma(attach) not in _STATIVE:
        return False
    return attach.pos_ in ("VERB", "AUX") and (_lemma(attach) in lex.REPORT_VERBS or _lemma(attach) in _STATIVE)


def _as_of(
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


def _said_on(doc: "Doc", dates: Sequence[dict[str, Any]], published: date | None) -> str | None:
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
    week = (published - timedelta(days=7)).isoformat()
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
    import calendar

    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", value)
    if m is None:
        return None
    year = int(m[1])
    last = f"{year}-12-31" if m[2] is None else f"{year}-{m[2]}-{calendar.monthrange(year, int(m[2]))[1]:02d}"
    return last if pub is not None and last < pub else None


# --- not counts -----------------------------------------------------------------------------


def _non_count(phrase: NumberPhrase, counted: Counted, span: "Span") -> str | None:
    """Why a number counts nothing in the story (docs/annotation.md §1 ``not_a_count``, decisions 7
    and 13), or None for a count: a percentage ("percent"), a price ("price": "$1,100 a barrel",
    "traded at 582 pence", "tickets cost $45"), a measure ("measure": 230 km, 12 mph, 5,000 feet
    deep) or a ratio or chance ("ratio": "a 2 in 3 chance"). Other sums of money are counts of what
    they pay for ("speaking fees", "aid pledged", decision 12)."""
    if phrase.percent:
        return "percent"
    if phrase.currency and _price(span):
        return "price"
    noun = counted.own if counted.own is not None else counted.noun
    if noun is None:
        return None
    if noun.i > span.end and any(t.lower_ in ("times", "fold") for t in span.doc[span.end : noun.i]):
        return "ratio"  # "eight times the amount"
    lemma, low = _lemma(noun), noun.lower_
    if lemma in lex.MEASURE_NOUNS or low in lex.MEASURE_NOUNS:
        return "measure"
    if lemma in lex.RATIO_NOUNS:
        return "ratio"
    return None


def _where(
    doc: "Doc", sent: "Span", region: tuple[int, int], anchor: "Token", counted: Counted, last_place: set[str]
) -> set[str]:
    """Where a count is when its noun and verb name no place (docs/annotation.md §1 ``scope``): the
    place its clause gives (:func:`clause_place`); "there" for the place of the figure before; the
    place named nearest to it in its stretch of the sentence; "worldwide" for a count of the world
    ("in 29 countries", "the global tally"); else none."""
    where = clause_place(anchor, counted)
    if where:
        return where
    lo, hi = region
    noun = counted.own if counted.own is not None else counted.noun
    if (noun is not None and _lemma(noun) == "country") or any(
        t.dep_ == "pobj" and _lemma(t) in ("country", "world") and t.head.lower_ in ("in", "across", "around") for t in doc[lo:hi]
    ):
        return {"worldwide"}  # "29 countries", "infected 4,379 people in 29 countries", "around the world"
    if any(t.lower_ == "there" and t.dep_ == "advmod" for t in doc[lo:hi]):
        return set(last_place)
    near = [
        e for e in doc.ents
        if e.label_ in ("GPE", "LOC") and lo <= e.start and e.end <= hi and not e.text.isupper()
    ]
    if near:
        best = min(near, key=lambda e: min(abs(e.start - anchor.i), abs(e.end - anchor.i)))
        return {place_name(best[0])}
    if any(_lemma(t) in lex.WORLD_WORDS for t in sent):
        return {"worldwide"}
    return set()


def _limiting_event(anchor: "Token", counted: Counted) -> set[str]:
    """The one event a count is limited to (docs/annotation.md decision 10): the crash that killed
    them ("a plane crash killed 12 people"), the clashes they were hurt in ("wounded in the clashes")."""
    start = counted.event_token if counted.event_token is not None else anchor
    for tok in [start, *start.ancestors][:3]:
        for child in tok.children:
            if child.dep_ in ("nsubj", "agent") and _lemma(child) in lex.EVENT_SCOPES:
                return {_lemma(child)}
            if child.dep_ == "prep" and child.lower_ in ("in", "during"):
                for obj in child.children:
                    if obj.dep_ == "pobj" and _lemma(obj) in lex.EVENT_SCOPES:
                        return {_lemma(obj)}
    return set()


def _price(span: "Span") -> bool:
    """A sum of money that is a price: per unit ("$1,100 a barrel", "$45 each"), at a level
    ("traded at 582 pence") or what something costs ("tickets cost $45")."""
    doc = span.doc
    nxt = [t.lower_ for t in doc[span.end : span.end + 2]]
    if nxt[:1] == ["each"] or (nxt[:1] in (["a"], ["an"], ["per"]) and len(nxt) == 2 and nxt[1] not in lex.PER_TIME):
        return True
    prev = doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.lower_ == "at":
        return True
    head = anchor_token(span).head
    return _lemma(head) in lex.PRICE_VERBS


def _conversion(doc: "Doc", span: "Span", earlier: Sequence[tuple[NumberPhrase, "Span"]]) -> str | None:
    """ "conversion" for a figure restated in other units inside brackets right after another one:
    "12,000 barrels (504,000 gallons)", "$1m (£612,000)"; such a figure belongs to the one before it."""
    if not earlier:
        return None
    opened = None
    for i in range(span.start - 1, max(span.sent.start, span.start - 12) - 1, -1):
        if doc[i].text == ")":
            return None
        if doc[i].text == "(":
            opened = i
            break
    if opened is None:
        return None
    before = [sp for _, sp in earlier if sp.end <= opened]
    return "conversion" if before and opened - before[-1].end <= 4 else None


def _what(counted: Counted, item: dict[str, Any]) -> str:
    """What the figure counts, in the annotation's words (docs/annotation.md decision 12): the
    event's category ("killed", "cases"), oil in barrels as "oil flow" (a rate), "oil collected" or
    "oil spilled", else the unit."""
    unit = counted.unit or ""
    noun = counted.own if counted.own is not None else counted.noun
    words = unit.split()
    if noun is not None and (_lemma(noun) in lex.OIL_UNITS or noun.lower_ in lex.OIL_UNITS) or words[:1] and words[0] in lex.OIL_UNITS:
        verb = counted.event_token
        heads = [verb] if verb is not None else []
        if noun is not None:
            heads += [noun.head, noun.head.head]
        if any(_lemma(h) in lex.OIL_COLLECT for h in heads):
            return "oil collected"
        if item.get("count_kind") == "rate" or item.get("count_kind") == "estimate_range" and any(_lemma(h) in lex.OIL_FLOW for h in heads):
            return "oil flow"
        return "oil spilled"
    if item.get("category"):
        return str(item["category"])
    if len(words) >= 2 and words[-1] in lex.EVENT_UNITS:
        return words[-1]  # "pilots killed": what happened is counted; who it happened to is scope
    return unit


# --- claims ---------------------------------------------------------------------------------


def _claim_span(doc: "Doc", span: "Span", counted: Counted) -> tuple[int, int]:
    """Characters of the claim's text: the number phrase, and the counted noun when it follows closely."""
    end_tok = span.end - 1
    noun = counted.own if counted.own is not None else counted.noun
    if noun is not None and span.end <= noun.i <= span.end + 3 and noun.sent == span.sent:
        end_tok = noun.i
    elif counted.event_token is not None and span.end <= counted.event_token.i <= span.end + 3:
        end_tok = counted.event_token.i
    last = doc[end_tok]
    return doc[span.start].idx, last.idx + len(last.text)


def extract(
    doc: "Doc",
    published: date | None,
    dates: Sequence[dict[str, Any]] = (),
    quotes: Sequence[dict[str, Any]] = (),
    resolver: Resolver | None = None,
    counts_only: bool = True,
) -> list[dict[str, Any]]:
    """Every numeric claim of a parsed article, as figure items without the ``article`` field.

    Args:
        doc: the article's parse.
        published: its publication date (the default as-of date).
        dates: the article's resolved date expressions (the ``dates`` stage's items), if any.
        quotes: the article's quote attributions (the ``quotes`` stage's items), if any.
        resolver: resolves a source phrase (token span) to an in-article speaker, when available.
        counts_only: leave out numbers that count nothing in the story (percentages, sums of money,
            measures, ratios, unit conversions); with False they are kept, marked ``not_count``.
    """
    items: list[dict[str, Any]] = []
    places = {place_name(e[0]) for e in doc.ents if e.label_ in ("GPE", "LOC")} | {"worldwide"}
    last_place: set[str] = set()
    said_on = _said_on(doc, dates, published)
    last_rate: str | None = None  # the unit of the last rate: a bare amount of it is one too
    for sent in doc.sents:
        if last_rate in lex.EVENT_UNITS or (last_rate or "").split()[-1:] and (last_rate or "").split()[-1] in lex.EVENT_UNITS:
            # A rate of people ("kills 500,000 a year") holds for its sentence only; a flow stated
            # once ("5,000 barrels a day") is what an article's later bare barrels are.
            last_rate = None
        words = [t.text for t in sent]
        phrases = find_numbers(words)
        if not phrases:
            continue
        kept = [(p, doc[sent.start + p.start : sent.start + p.end]) for p in phrases]
        kept = [(p, span) for p, span in kept if not _not_a_claim(doc, span, p)]
        conversions = {k for k in range(len(kept)) if _conversion(doc, kept[k][1], kept[:k])}
        if counts_only:  # a restatement in other units neither counts nor splits the sentence's stretches
            kept = [pair for k, pair in enumerate(kept) if k not in conversions]
            conversions = set()
        starts = [span.start for _, span in kept]
        numbers = {i for _, span in kept for i in range(span.start, span.end)}
        previous: Counted | None = None
        by_noun: dict[int, dict[str, Any]] = {}
        last_whole: dict[str, Any] | None = None
        for k, (phrase, span) in enumerate(kept):
            num_span = doc[sent.start + phrase.num_start : sent.start + phrase.num_end]
            if phrase.percent:
                counted: Counted | None = Counted(unit="percent")
            elif phrase.currency:
                counted = Counted(unit=phrase.currency)
            else:
                counted = read_counted(num_span, previous)
            if counted is None or not counted.unit:
                continue
            if counted.noun is not None and _lemma(counted.noun) in lex.NOT_COUNTED and counted.unit == lex.plural(_lemma(counted.noun)):
                continue  # "two things", "on one side", "three times"
            if phrase.value == 1 and counted.unit not in lex.EVENT_UNITS and not counted.unit.endswith(tuple(lex.EVENT_UNITS)):
                continue  # "one woman", "one reporter": a single person is a story, not a figure
            anchor = anchor_token(num_span)
            not_count = _non_count(phrase, counted, span) or ("conversion" if k in conversions else None)
            if not_count and counts_only:
                continue
            start, end = _claim_span(doc, span, counted)
            region = _region(sent, starts, k)
            as_of, period, period_start, future, closed = _as_of(doc, region, dates, published, anchor, counted, said_on)
            scope = set(counted.scope)
            scope |= place_scope([t for t in (counted.noun, counted.event_token) if t is not None])
            where = scope & places or _where(doc, sent, region, anchor, counted, last_place)
            last_place = where or last_place
            where = where | _limiting_event(anchor, counted)
            item: dict[str, Any] = {
                "value": as_json(phrase.value),
                "unit": counted.unit,
                "text": doc.text[start:end],
                "source": None,
                "date": as_of,
                "start": start,
                "end": end,
                "qualifier": phrase.qualifier,
                "scope": sorted(scope),
                "where": sorted(where),
                "kind": None,
                "category": lex.CATEGORIES.get(counted.unit),
            }
            if not_count:
                item["not_count"] = not_count
            count_kind, marked = _kind(doc, sent, region, span, counted, period_start and not closed, numbers, future)
            if closed and count_kind in ("running_total", "stock"):
                count_kind, marked = "period", True
            if not marked and counted.unit and counted.unit == last_rate:
                count_kind = "rate"  # "up from an earlier estimate of 1,000 barrels" after "5,000 barrels a day"
            if count_kind == "rate":
                last_rate = counted.unit
            item["count_kind"] = count_kind
            item["kind"] = _series_kind(doc, sent, region, span, counted, period_start, numbers)
            item["source"], speaker = source_of(sent, anchor, start, end, quotes, resolver)
            if speaker is not None:
                item["speaker"] = speaker
            if period:
                item["period"] = period
            if phrase.vague:
                item["vague"] = True
            whole = None
            if counted.parent is not None:
                # the whole is the figure of the parent noun, or, when "including" hangs on the
                # verb, the count just before the part
                whole = by_noun.get(counted.parent.i, last_whole)
            if whole is not None:
                item["part_of"] = [whole["start"], whole["end"]]
                # a part is counted the way its whole is
                item["kind"], item["count_kind"] = whole["kind"], whole["count_kind"]
                if item["source"] is None:
                    item["source"] = whole["source"]
                    if "speaker" in whole:
                        item["speaker"] = whole["speaker"]
            if counted.noun is not None and counted.parent is None:
                by_noun[counted.noun.i] = item
            if counted.parent is None:
                last_whole = item
            item["what"] = _what(counted, item)
            items.append(item)
            if counted.parent is None:
                previous = counted
    return items
