"""The kind of a figure (docs/annotation.md §1): a running total, one period's count, a stock, a
rate or a projection, read from the words around the number and the verbs above it.

:func:`count_kind` gives the annotation's kind (the claim's ``count_kind``); :func:`series_kind`
the marker the series and conflicts group figures by (the claim's ``kind``: "cumulative",
"increment" or None). Word lists live in :mod:`storyline.figures.lexicon`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from storyline.figures import lexicon as lex
from storyline.figures.counted import Counted, anchor_token
from storyline.parsing import lemma as _lemma

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def has_phrase(words: Sequence[str], phrases: Iterable[tuple[str, ...]]) -> bool:
    for ph in phrases:
        k = len(ph)
        for i in range(len(words) - k + 1):
            if tuple(words[i : i + k]) == ph:
                return True
    return False


def count_kind(
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
    if counted.toll or period_start or has_phrase(words, lex.CUMULATIVE_PHRASES):
        return "running_total", True
    if has_phrase(words, lex.PERIOD_PHRASES) or any(w in lex.PERIOD_WORDS for w in near):
        return "period", True
    sentence = [t.lower_ if t.i not in numbers else "#" for t in sent]
    if has_phrase(sentence, (("since",), ("so", "far"), ("to", "date"), ("in", "total"), ("thus", "far"))):
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


def series_kind(
    doc: "Doc", sent: "Span", region: tuple[int, int], span: "Span", counted: Counted, period_start: bool, numbers: set[int]
) -> str | None:
    """The series' marker (``kind``): "cumulative" for a running total, "increment" for one day's or
    one round's share, else None. The series and conflicts group figures by it; :func:`count_kind` reads the
    finer kind of the annotation guidelines (``count_kind``).

    ``numbers`` holds the token indexes of the sentence's number phrases: their qualifiers ("more
    than") are not cues."""
    before = [doc[span.start - 1].lower_] if span.start > region[0] else []
    near = before + [t.lower_ for t in doc[span.end : min(region[1], span.end + 2)] if t.i not in numbers]
    if any(w in ("more", "another", "further", "additional") for w in near):
        return "increment"
    words = [t.lower_ if t.i not in numbers else "#" for t in doc[region[0] : region[1]]]
    if counted.toll or period_start or has_phrase(words, lex.CUMULATIVE_PHRASES):
        return "cumulative"
    if has_phrase(words, lex.INCREMENT_PHRASES):
        return "increment"
    sentence = [t.lower_ if t.i not in numbers else "#" for t in sent]
    if has_phrase(sentence, (("since",), ("so", "far"), ("to", "date"), ("in", "total"), ("thus", "far"))) and not has_phrase(
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
