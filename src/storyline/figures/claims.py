"""Numeric claims in a parsed article: value, what is counted, qualifier, source and as-of date.

For each number phrase (found by :mod:`storyline.figures.numbers`) the shared spaCy parse decides:

* whether it is a claim at all: years, dates, times, ages, durations, ordinals, phone numbers and
  labels ("Article 5", "Flight 370") are not;
* what is counted (``unit``) and its scope (:mod:`storyline.figures.counted`);
* whether the text marks it as a running total (``kind`` "cumulative": "since the truce began",
  "so far", "the toll") or one day's share (``kind`` "increment": "13 more", "on Friday"); the
  series and conflicts group figures by this marker;
* its kind in the words of docs/annotation.md §1 (``count_kind``, always given): "running_total",
  "period", "stock", "rate" or "estimate_range" (:mod:`storyline.figures.kinds`);
* what is counted in the annotation's words (``what``: "killed", "cases", "oil flow", else the
  category or the unit);
* whether it counts anything at all: percentages, prices, measures, ratios and unit conversions in
  brackets are left out (with ``counts_only=False`` they are kept, marked ``not_count``: "percent",
  "price", "measure", "ratio" or "conversion");
* the attribution (``source``, :mod:`storyline.figures.sources`): "according to X", the subject of
  a reporting verb governing the claim ("the health ministry said"), a body of figures ("UN
  figures show"), or the speaker of the quote holding the claim when quotes are given;
* where the count is (``where``: the places of its scope, else the place its clause or sentence
  gives, "worldwide" for a count of the world, and the one event it is limited to: "crash");
* the as-of date (``date``, :mod:`storyline.figures.asof`): a date expression (from the ``dates``
  items) attached to the claim's clause, else the day the lead says the news was said, else the
  article's publication date.

Keys of a claim, for the stages that read them: ``value``, ``unit``, ``text``, ``start``, ``end``,
``qualifier``, ``source`` (and ``speaker``), ``date`` (and ``period``), ``scope`` (the noun's own
words: nationality, kind of people, place), ``where``, ``kind`` (the series' marker),
``count_kind``, ``what``, ``category``, optional ``vague``, ``part_of`` and, only with
``counts_only=False``, ``not_count``. The quantity of docs/annotation.md is ``what`` + ``scope``
and ``where`` + ``count_kind``.

Why rules over the parse and not a trained model: there is no labelled data for these fields, and a
reader must be able to see why a number got its unit and source. All word lists live in
:mod:`storyline.figures.lexicon`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from storyline.figures import lexicon as lex
from storyline.figures.asof import as_of, said_on
from storyline.figures.counted import Counted, anchor_token, clause_place, place_name, place_scope, read_counted
from storyline.figures.kinds import count_kind, series_kind
from storyline.figures.numbers import NumberPhrase, as_json, find_numbers
from storyline.figures.sources import Resolver, source_of
from storyline.parsing import lemma as _lemma

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")
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


def _world_body(source: str | None) -> bool:
    """A body that counts for the whole world ("the World Health Organization", "WHO", "UN agencies").

    Matched on the source as written, capitals included, so that "who" in "residents who fled" is
    not the WHO."""
    return bool(source) and bool(lex.WORLD_BODIES.search(source or ""))


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
    said_on_day = said_on(doc, dates, published)
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
            day, period, period_start, future, closed = as_of(doc, region, dates, published, anchor, counted, said_on_day)
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
                "date": day,
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
            kind, marked = count_kind(doc, sent, region, span, counted, period_start and not closed, numbers, future)
            if closed and kind in ("running_total", "stock"):
                kind, marked = "period", True
            if not marked and counted.unit and counted.unit == last_rate:
                kind = "rate"  # "up from an earlier estimate of 1,000 barrels" after "5,000 barrels a day"
            if kind == "rate":
                last_rate = counted.unit
            item["count_kind"] = kind
            item["kind"] = series_kind(doc, sent, region, span, counted, period_start, numbers)
            item["source"], speaker = source_of(sent, anchor, start, end, quotes, resolver)
            if not item["where"] and _world_body(item["source"]):
                item["where"] = ["worldwide"]  # a world body's count with no place is the world's
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
