"""The ``figures`` stage: numeric claims, with what they count, who reported them and as of when.

For each number phrase in an article (found by :mod:`storyline.figures.numbers`), the stage reads the shared
spaCy parse to decide:

* whether it is a claim at all: years, dates, times, ages, durations, ordinals, phone numbers and
  labels ("Article 5", "Flight 370") are not;
* what is counted (``unit``): the noun the number modifies ("240 hostages"), or the event when the
  noun only describes the people ("31 people were killed" → ``killed``), or the quantity a toll
  names ("the death toll rose to 84" → ``killed``);
* the scope: nationality, kind of people and place words ("Israeli", "children", "Gaza"), and
  whether the figure is part of a larger one ("110 hostages, including 80 Israelis");
* whether it is a running total (``cumulative``: "since the truce began", "so far", "the toll")
  or one day's share (``increment``: "13 more", "on Friday");
* the attribution (``source``): "according to X", the subject of a reporting verb governing the
  claim ("the health ministry said"), a body of figures ("UN figures show"), or the speaker of the
  quote holding the claim when the ``quotes`` stage ran;
* the as-of date: a date expression of the ``dates`` stage attached to the claim's clause, else
  the article's publication date.

Why rules over the parse and not a trained model: there is no labelled data for these fields, and a
reader must be able to see why a number got its unit and source. All word lists live in
:mod:`storyline.figures.lexicon`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from storyline.models import StageResult
from storyline.figures.numbers import NumberPhrase, as_json, find_numbers
from storyline.figures import lexicon as lex
from storyline.figures.sources import Resolver, source_of
from storyline.pipeline.registry import ArticleDoc, registered, stage

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

VERSION = "4"
# Stages whose results refine figures when they are registered before this one.
OPTIONAL_INPUTS = ("dates", "quotes", "entities")

_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_CLAUSE_BREAK = frozenset({",", ";", ":", "—", "–", "(", ")", "but", "while", "whereas", "and"})
_SUBJ = ("nsubj", "nsubjpass", "csubj", "csubjpass")
_NOMINAL = ("NOUN", "PROPN")
_SCOPE_LABELS = ("NORP", "GPE", "LOC")
_SCOPE_WORDS = frozenset({"foreign", "civilian", "military", "local", "international", "dual"})
_CLAUSE_DEPS = ("advcl", "ccomp", "conj", "relcl", "parataxis", "acl", "xcomp", "csubj")


@dataclass
class Counted:
    """What a number counts, as read from the parse."""

    unit: str | None = None
    noun: "Token | None" = None
    event_token: "Token | None" = None
    scope: set[str] = field(default_factory=set)
    parent: "Token | None" = None  # the larger figure's noun, for "including 80 Israelis"
    own: "Token | None" = None  # the noun written with the number when it differs from ``noun``
    toll: bool = False


def _optional_inputs() -> tuple[str, ...]:
    reg = registered()
    return tuple(name for name in OPTIONAL_INPUTS if name in reg and reg[name].scope == "article")


# --- what is counted -------------------------------------------------------------------------


def _anchor(span: "Span") -> "Token":
    """The numeral token whose head lies outside the number: it links the number to the sentence."""
    for tok in span:
        if not (span.start <= tok.head.i < span.end) or tok.head is tok:
            return tok
    return span[-1]


def _lemma(tok: "Token") -> str:
    return tok.lemma_.lower()


def _event_of_verb(verb: "Token") -> tuple[str | None, "Token"]:
    """The canonical event a verb names, following "were reported killed", "taken hostage"."""
    for _ in range(3):
        if _lemma(verb) in ("report", "believe", "fear", "confirm", "say", "know", "think", "presume", "feared"):
            nxt = next((c for c in verb.children if c.dep_ in ("xcomp", "oprd", "acomp")), None)
            if nxt is None:
                break
            verb = nxt
        else:
            break
    lemma = _lemma(verb)
    for child in verb.children:
        key = (lemma, _lemma(child))
        if key in lex.PARTICLE_EVENTS and child.dep_ in ("prt", "oprd", "dobj", "acomp", "xcomp", "prep", "advmod", "pobj"):
            return lex.PARTICLE_EVENTS[key], verb
        if child.dep_ in ("oprd", "acomp") and _lemma(child) in lex.EVENT_LEMMAS and lemma in ("leave", "find", "declare", "pronounce"):
            return lex.EVENT_LEMMAS[_lemma(child)], child
        if child.dep_ == "prep":
            for obj in child.children:
                if obj.dep_ == "pobj" and (lemma, _lemma(obj)) in lex.PARTICLE_EVENTS:
                    return lex.PARTICLE_EVENTS[(lemma, _lemma(obj))], verb
    if lemma == "lose":
        if any(_lemma(c) == "life" for c in verb.children):
            return "killed", verb
    if lemma in lex.NEEDS_PARTICLE:
        return None, verb
    return lex.EVENT_LEMMAS.get(lemma), verb


# Subjects of these verbs undergo the event; subjects of other event verbs are its agents.
_UNDERGO = frozenset({"die", "perish", "flee", "drown", "enter", "cross", "miss", "arrive", "disappear", "go"})


def _event_for(tok: "Token") -> tuple[str | None, "Token | None"]:
    """The event that happened to ``tok`` (a counted noun or a bare number), if any.

    The verb governing the count comes first ("released 110 people detained in the protests"
    counts people *released*); a participle describing the noun is the fallback."""
    event, where = _governing_event(tok)
    if event:
        return event, where
    for child in tok.children:
        if child.dep_ in ("acl", "relcl") and child.pos_ in ("VERB", "AUX", "ADJ"):
            event, where = _event_of_verb(child)
            if event:
                return event, where
        if child.dep_ == "amod" and _lemma(child) in lex.EVENT_LEMMAS and child.tag_ in ("VBN", "JJ"):
            return lex.EVENT_LEMMAS[_lemma(child)], child
    return None, None


def _governing_event(tok: "Token") -> tuple[str | None, "Token | None"]:
    head = tok.head
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if tok.dep_ == "conj" and nxt is not None and nxt.dep_ in ("aux", "auxpass") and nxt.head.i > tok.i:
        # "… and 240 were taken hostage": the small model often attaches the number as a conjunct
        # of the noun before, but its own auxiliary shows which verb it is the subject of.
        return _event_of_verb(nxt.head)
    if tok.dep_ == "nsubjpass" or (tok.dep_ in ("dobj", "oprd") and head.pos_ in ("VERB", "AUX")):
        return _event_of_verb(head)
    if tok.dep_ == "nsubj" and head.pos_ in ("VERB", "ADJ", "AUX"):
        event, where = _event_of_verb(head)
        if event and (_lemma(where) in _UNDERGO or where.tag_ == "VBN" or where.pos_ == "ADJ"):
            return event, where
        if _lemma(head) in ("be", "remain") :
            for child in head.children:
                if child.dep_ in ("acomp", "attr") and _lemma(child) in lex.EVENT_LEMMAS:
                    return lex.EVENT_LEMMAS[_lemma(child)], child
    if tok.dep_ == "conj" and tok.head.pos_ in _NOMINAL + ("NUM",):
        return _event_for(tok.head)
    return None, None


def _scope_of(noun: "Token") -> set[str]:
    """Nationality, kind-of-people and place words that narrow what ``noun`` counts."""
    scope: set[str] = set()
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "nmod", "poss") and (
            child.ent_type_ in _SCOPE_LABELS or _lemma(child) in _SCOPE_WORDS
        ):
            scope.add(_demonym(child))
    return scope


def _place_scope(tokens: Iterable["Token"]) -> set[str]:
    """Places a claim is limited to: "in Gaza", "across the West Bank"."""
    out: set[str] = set()
    tokens = list(tokens)
    tokens += [c for t in tokens for c in t.children if c.dep_ in ("oprd", "acomp", "xcomp")]
    for tok in tokens:
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "across", "throughout", "inside"):
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.ent_type_ in ("GPE", "LOC"):
                        ent = next((e for e in obj.doc.ents if e.start <= obj.i < e.end), None)
                        text = ent.text if ent is not None else obj.text
                        out.add(re.sub(r"^the\s+", "", text.lower()))
    return out


def _demonym(tok: "Token") -> str:
    """"Israelis" → "israeli"; other words lower-cased."""
    word = tok.text.lower()
    if tok.ent_type_ == "NORP" and tok.tag_ in ("NNPS", "NNS") and word.endswith("s"):
        return word[:-1]
    return word


def _of_object(tok: "Token") -> "Token | None":
    """The object of "of" after ``tok``: "dozens of protesters" → protesters."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def _toll_target(tok: "Token") -> "Token | None":
    """For a bare number carried by a toll verb ("rose to 84", "stood at 84", "is 84", "put … at 84"),
    the toll noun it is the value of."""
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ in ("prep", "dative") and head.lower_ in ("to", "at", "of", "past", "above"):
        head = head.head
        if head.pos_ in _NOMINAL and _lemma(head) in lex.TOLL_NOUNS:  # "a toll of 84"
            return head
    elif tok.dep_ in ("dobj", "attr", "npadvmod", "advmod", "appos"):
        if head.pos_ in _NOMINAL and _lemma(head) in lex.TOLL_NOUNS:
            return head
    else:
        return None
    while head.dep_ in ("acl", "xcomp") and head.head.pos_ in _NOMINAL + ("VERB", "AUX"):
        if head.head.pos_ in _NOMINAL and _lemma(head.head) in lex.TOLL_NOUNS:
            return head.head
        head = head.head
    if head.pos_ not in ("VERB", "AUX") or _lemma(head) not in lex.TOLL_VERBS:
        return None
    for child in head.children:
        if child.dep_ in _SUBJ + ("dobj",) and child.pos_ in _NOMINAL and _lemma(child) in lex.TOLL_NOUNS:
            return child
    return None


def _counted(span: "Span", previous: "Counted | None") -> Counted | None:
    """What the number ``span`` counts, or None when it counts nothing we can name."""
    anchor = _anchor(span)
    tok = anchor
    # Climb from the numeral through words that only qualify it ("13 more hostages").
    while (
        tok.head is not tok
        and tok.dep_ in ("nummod", "npadvmod", "quantmod", "compound", "advmod", "amod", "nmod")
        and (tok.head.pos_ in ("ADJ", "ADV", "NUM") or tok.head.lower_ in ("more", "other", "further"))
        and tok.head.lower_ not in lex.EVENT_LEMMAS
    ):
        tok = tok.head
    noun: Token | None = None
    for cand in (tok, tok.head):
        if cand.i != anchor.i and cand.pos_ == "ADJ" and _lemma(cand) in lex.EVENT_LEMMAS:
            return Counted(unit=lex.EVENT_LEMMAS[_lemma(cand)], event_token=cand)  # "left 31 dead"
    if tok.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "nsubj") and tok.head.pos_ in _NOMINAL and tok.head.i > tok.i:
        noun = tok.head
    of_obj = _of_object(anchor)
    if of_obj is not None and (noun is None or noun.i < anchor.i):
        if of_obj.lower_ in ("them", "whom", "those", "these", "us"):
            noun = None
        elif of_obj.pos_ in _NOMINAL:
            noun = of_obj  # "dozens of protesters", "80 of the hostages"
    counted = Counted()
    if noun is None:
        toll = _toll_target(tok)
        if toll is not None:
            noun, counted.toll = toll, True
    if noun is not None and _lemma(noun) in lex.TIME_UNITS:
        return None
    if noun is not None and _lemma(noun) in lex.TOLL_NOUNS:
        return _toll_counted(noun, counted, previous)
    # "110 hostages, including 80 Israelis": the part takes the whole's unit.
    part_anchor = noun if noun is not None else tok
    parent = _including_parent(part_anchor)
    event, where = _event_for(noun if noun is not None else tok)
    if event is None and noun is not None and noun.i > anchor.i and noun.dep_ == "pobj":
        event, where = _event_for(tok)  # "thousands of people were killed": the number is the subject
    counted.event_token = where
    if noun is None:
        if event is None:
            if parent is not None and previous is not None:
                return _part_of(previous, _part_scope(tok), parent)
            if previous is not None and previous.unit:
                # "up from 3,400", "against 1.1 billion", "puts it at 31, the opposition at 47",
                # "80 of them": a bare number after a count in the same sentence is more of that count.
                return Counted(unit=previous.unit, noun=previous.noun, scope=set(previous.scope), toll=previous.toll)
            toll = _toll_before(tok)
            if toll is not None:
                return _toll_counted(toll, Counted(), None)  # "the national toll …: the ministry puts it at 31"
            return None
        counted.unit = event
        if previous is not None and previous.noun is not None and _lemma(previous.noun) in lex.ROLE_NOUNS:
            # "Of the 240 hostages, 105 have been freed": the bare number counts the same people.
            counted.unit = _role_unit(previous.noun, event)
            counted.noun = previous.noun
        return counted
    lemma = _lemma(noun)
    scope = _scope_of(noun)
    if noun.ent_type_ == "NORP" and noun.pos_ == "PROPN" or lemma.rstrip("s") in _norp_plural(noun):
        scope.add(_demonym(noun))
        lemma = "people"
    if parent is not None and previous is not None and (
        parent.pos_ in ("VERB", "AUX") or (previous.noun is not None and previous.noun.i == parent.i)
    ):
        if lemma not in lex.GENERIC and lemma != "people":
            scope.add(lemma)
        part = _part_of(previous, scope, parent)
        part.own = noun
        return part
    if lemma in lex.EVENT_NOUNS:
        return Counted(unit=lex.EVENT_NOUNS[lemma], noun=noun, scope=scope, event_token=noun)
    counted.noun = noun
    counted.scope = scope
    if event is not None and lemma in lex.DESCRIPTORS and lemma not in lex.ROLE_NOUNS:
        counted.unit = event
        if lemma not in lex.GENERIC and lemma != "people":
            counted.scope.add(lemma)
    elif lemma in lex.ROLE_NOUNS or event is None:
        counted.unit = _role_unit(noun, event)
    else:
        counted.unit = f"{lex.plural(lemma)} {event}"
    return counted


def _norp_plural(noun: "Token") -> set[str]:
    # spaCy tags plural demonyms inconsistently ("Gazans" as NORP, "Palestinians" sometimes not).
    return {noun.lower_.rstrip("s")} if noun.ent_type_ == "NORP" else set()


def _role_unit(noun: "Token", event: str | None) -> str:
    lemma = _lemma(noun)
    name = lex.plural(lemma)
    if event is None or event == "held":
        return name
    if event in ("kidnapped", "hostages taken", "hostages") and lemma in ("hostage", "captive"):
        return "hostages" if event == "hostages" else "hostages taken"
    return f"{name} {event}"


def _toll_counted(noun: "Token", counted: Counted, previous: "Counted | None") -> Counted | None:
    """The quantity a toll noun names: "death toll", "the number of Palestinians killed", "the total released"."""
    counted.toll = True
    for child in noun.children:
        if child.dep_ in ("compound", "amod") and _lemma(child) in lex.TOLL_KINDS:
            counted.unit = lex.TOLL_KINDS[_lemma(child)]
            counted.scope = _scope_of(noun)
            return counted
    obj = _of_object(noun)
    if obj is not None and obj.pos_ in _NOMINAL:
        inner = Counted(noun=obj, toll=True, scope=_scope_of(obj))
        event, where = _event_for(obj)
        if event is None:
            event, where = _event_for(noun)
        lemma = _lemma(obj)
        if obj.ent_type_ == "NORP":
            inner.scope.add(_demonym(obj))
            lemma = "people"
        if lemma in lex.EVENT_NOUNS:
            inner.unit = lex.EVENT_NOUNS[lemma]
        elif event is not None and (lemma in lex.DESCRIPTORS or lemma == "people") and lemma not in lex.ROLE_NOUNS:
            inner.unit = event
            if lemma not in lex.GENERIC and lemma != "people":
                inner.scope.add(lemma)
        else:
            inner.unit = _role_unit(obj, event) if lemma in lex.ROLE_NOUNS or event is None else f"{lex.plural(lemma)} {event}"
        inner.event_token = where
        return inner
    event, where = _event_for(noun)
    if event is not None and previous is not None and previous.noun is not None:
        # "bringing the total released to 50": the total of the thing counted just before.
        return Counted(unit=_role_unit(previous.noun, event) if _lemma(previous.noun) in lex.ROLE_NOUNS else event,
                       noun=previous.noun, scope=set(previous.scope), event_token=where, toll=True)
    if _lemma(noun) == "toll":
        counted.unit = "killed"  # a toll without a kind is a death toll in news usage
        return counted
    if _lemma(noun) in lex.CROWD_NOUNS:
        counted.unit, counted.noun = "people", noun  # "police estimated the crowd at about 8,000"
        return counted
    if previous is not None and previous.unit:
        return Counted(unit=previous.unit, noun=previous.noun, scope=set(previous.scope), toll=True)
    return None


def _including_parent(tok: "Token") -> "Token | None":
    """The larger count a part belongs to: "110 hostages, including 80 Israelis"; "80 of them Israelis".

    When "including" hangs on the verb ("released 110 people …, including 80 held in the capital")
    the part belongs to the count before it; the verb stands in for it here."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in ("including", "among", "includes", "include"):
        return head.head
    if tok.dep_ == "appos" and head.pos_ in _NOMINAL:
        return head
    return None


def _part_scope(tok: "Token") -> set[str]:
    """What sets a part apart when the number stands alone: "80 held in the capital" → {"capital"}.
    A part with no such words is still not the whole: it is marked as a part."""
    out: set[str] = set()
    for node in [tok, *[c for c in tok.children if c.dep_ in ("acl", "relcl")]]:
        for prep in node.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "from", "at", "inside"):
                out.update(_lemma(o) for o in prep.children if o.dep_ == "pobj")
    return out or {"part"}


def _toll_before(tok: "Token") -> "Token | None":
    """ "The national toll remains in dispute: the ministry puts it at 31": the toll that "it" stands for."""
    head = tok.head.head if tok.dep_ == "pobj" else tok.head
    if not any(c.dep_ == "dobj" and c.lower_ == "it" for c in head.children):
        return None
    for cand in reversed(tok.doc[tok.sent.start : tok.i]):
        if cand.pos_ in _NOMINAL and _lemma(cand) in lex.TOLL_NOUNS:
            return cand
    return None


def _part_of(whole: Counted, scope: set[str], parent: "Token") -> Counted:
    return Counted(unit=whole.unit, noun=whole.noun, scope=set(whole.scope) | scope, parent=parent,
                   event_token=whole.event_token, toll=whole.toll)


# --- not a claim -----------------------------------------------------------------------------


def _not_a_claim(doc: "Doc", span: "Span", phrase: NumberPhrase) -> bool:
    """Years, dates, times, ages, ordinals, phone numbers and labels are numbers but not claims."""
    nums = [t for t in span if t.like_num or t.is_digit]
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt = doc[span.end] if span.end < len(doc) else None
    if any(t.ent_type_ in ("ORDINAL", "LAW") for t in nums):
        return True
    if phrase.value == 1 and not phrase.qualifier and (_anchor(span).dep_ != "nummod" or (nxt is not None and nxt.lower_ == "of")):
        return True  # "one of the men", "no one", "one another": a pronoun, not a count
    if any(":" in t.text for t in nums):
        return True
    if not phrase.percent and not phrase.currency:
        values = phrase.value if isinstance(phrase.value, tuple) else (phrase.value,)
        if all(_YEAR.match(_plain(v)) for v in values) and all("," not in t.text for t in nums):
            # A bare four-digit number is a year unless it plainly counts a noun ("2000 people").
            anchor = _anchor(span)
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
        if nxt.lower_ in lex.TIME_UNITS or nxt.lower_ in ("a.m", "p.m", "st", "nd", "rd", "th"):
            return True
    # ", 45," after a person's name is an age: "John Smith, 45, said".
    if prev is not None and nxt is not None and prev.text == "," and nxt.text == "," and span.start >= 2:
        if doc[span.start - 2].ent_type_ == "PERSON" and len(nums) == 1 and isinstance(phrase.value, float) and phrase.value < 120:
            return True
    # Numbers inside a date or time expression ("Oct. 7", "the 1990s"), except the counts that the
    # small model sometimes swallows into a DATE span ("between 30 and 40 rockets").
    if any(t.ent_type_ in ("DATE", "TIME") for t in nums):
        ent = next(e for e in doc.ents if e.start <= nums[0].i < e.end)
        anchor = _anchor(span)
        counts_a_noun = (
            anchor.dep_ == "nummod" and anchor.head.i >= ent.end and anchor.head.pos_ in _NOMINAL
            and _lemma(anchor.head) not in lex.TIME_UNITS
        )
        if ent.label_ in ("DATE", "TIME") and _looks_like_date(ent.text) and not counts_a_noun:
            return True
    return False


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
    doc: "Doc", sent: "Span", region: tuple[int, int], span: "Span", counted: Counted, period_start: bool, numbers: set[int]
) -> str | None:
    """ "cumulative" for a running total, "increment" for one day's or one round's share, else None.

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
    the event itself ("killed on Tuesday") dates the event, and the count is as of the report.
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
) -> tuple[str | None, str | None, bool]:
    """(as-of day or None, coarser TIMEX3 period or None, a period-start date such as "since Oct. 7")."""
    lo_char = doc[region[0]].idx
    hi_char = doc[region[1] - 1].idx + len(doc[region[1] - 1]) if region[1] > region[0] else lo_char
    pub = published.isoformat() if published else None
    period_start = False
    candidates: list[tuple[int, int, Any, Any]] = []
    if dates:
        candidates = [
            (d["start"], d["end"], d.get("value"), d.get("type")) for d in dates if lo_char <= d["start"] and d["end"] <= hi_char
        ]
        resolved = True
    else:
        candidates = [
            (e.start_char, e.end_char, None, None)
            for e in doc.ents
            if e.label_ == "DATE" and lo_char <= e.start_char and e.end_char <= hi_char
        ]
        resolved = False
    path = {anchor.i} | {t.i for t in anchor.ancestors}
    if counted.noun is not None:
        path |= {counted.noun.i} | {t.i for t in counted.noun.ancestors}
    chosen: tuple[str | None, str | None] | None = None
    for start, end, value, dtype in candidates:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        if (root.dep_ == "pobj" and root.head.lower_ in lex.PERIOD_START) or before in lex.PERIOD_START:
            period_start = True
            continue
        if not _date_attaches(root, anchor, counted, path):
            continue
        if (isinstance(value, str) and value.startswith(("P", "R"))) or dtype in ("DURATION", "SET"):
            continue  # a duration or a set ("every day") dates nothing
        if value == "PRESENT_REF" or span.text.lower() in ("today", "now", "tonight", "this morning"):
            chosen = (pub, None)
        elif isinstance(value, str) and _DAY.match(value):
            if pub is not None and value[:10] > pub:
                continue  # "will send 400 soldiers by Friday": a plan, as of the report
            chosen = (value[:10], None)
        elif isinstance(value, str) and value:
            chosen = (None, value)
        elif not resolved or value is None:
            chosen = (None, None)  # a date we cannot resolve: no confident wrong date
    if chosen is None:
        return pub, None, period_start
    return chosen[0], chosen[1], period_start


# --- the stage --------------------------------------------------------------------------------


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
) -> list[dict[str, Any]]:
    """Every numeric claim of a parsed article, as figure items without the ``article`` field.

    Args:
        doc: the article's parse.
        published: its publication date (the default as-of date).
        dates: the ``dates`` stage's items for the article, when it ran.
        quotes: the ``quotes`` stage's attributions for the article, when it ran.
        resolver: resolves a source phrase (token span) to an in-article speaker, when available.
    """
    items: list[dict[str, Any]] = []
    for sent in doc.sents:
        words = [t.text for t in sent]
        phrases = find_numbers(words)
        if not phrases:
            continue
        kept = [(p, doc[sent.start + p.start : sent.start + p.end]) for p in phrases]
        kept = [(p, span) for p, span in kept if not _not_a_claim(doc, span, p)]
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
                counted = _counted(num_span, previous)
            if counted is None or not counted.unit:
                continue
            if counted.noun is not None and _lemma(counted.noun) in lex.NOT_COUNTED and counted.unit == lex.plural(_lemma(counted.noun)):
                continue  # "two things", "on one side", "three times"
            if phrase.value == 1 and counted.unit not in lex.EVENT_UNITS and not counted.unit.endswith(tuple(lex.EVENT_UNITS)):
                continue  # "one woman", "one reporter": a single person is a story, not a figure
            anchor = _anchor(num_span)
            start, end = _claim_span(doc, span, counted)
            region = _region(sent, starts, k)
            as_of, period, period_start = _as_of(doc, region, dates, published, anchor, counted)
            scope = set(counted.scope)
            scope |= _place_scope([t for t in (counted.noun, counted.event_token) if t is not None])
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
                "kind": _kind(doc, sent, region, span, counted, period_start, numbers),
                "category": lex.CATEGORIES.get(counted.unit),
            }
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
                if item["kind"] is None:
                    item["kind"] = whole["kind"]
                if item["source"] is None:
                    item["source"] = whole["source"]
                    if "speaker" in whole:
                        item["speaker"] = whole["speaker"]
            if counted.noun is not None and counted.parent is None:
                by_noun[counted.noun.i] = item
            if counted.parent is None:
                last_whole = item
            items.append(item)
            if counted.parent is None:
                previous = counted
    return items


_INPUTS = _optional_inputs()


@stage(
    "figures",
    version=VERSION + ("+" + "+".join(_INPUTS) if _INPUTS else ""),
    requires=("nlp", "mentions") + _INPUTS,
    assigns=("claims",),
    spacy_components=("parser", "lemmatizer", "ner"),
)
def figures(docs: list[ArticleDoc]) -> list[StageResult]:
    """Numeric claims: value, what is counted, qualifier, source and as-of date.

    The claims are stored as ``claims``; the ``figure_series`` stage names their sources by their
    canonical entities and publishes them as the bundle's ``figures``."""
    out = []
    for doc in docs:
        dates = doc.data("dates").get("dates", []) if "dates" in _INPUTS else []
        quotes = doc.data("quotes").get("attributions", []) if "quotes" in _INPUTS else []
        resolver = _resolver(doc) if "quotes" in _INPUTS else None
        items = extract(doc.spacy_doc, doc.article.published, dates, quotes, resolver)
        out.append(StageResult({"claims": items}))
    return out


def _resolver(doc: ArticleDoc) -> Resolver:
    """The quotes stage's in-article source resolution, for figure sources (present with that stage)."""
    from storyline.people.article import article_people
    from storyline.people.speakers import SpeakerResolver

    people = article_people(doc.article.text, doc.data("mentions").get("mentions", []))
    return SpeakerResolver(doc.spacy_doc, people).resolve
