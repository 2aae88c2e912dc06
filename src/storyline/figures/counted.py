"""What a number counts, read from the sentence's parse.

For a number phrase the parse says which noun it modifies ("240 hostages"), or which event
happened when the noun only describes the people ("31 people were killed" → ``killed``), or which
quantity a toll names ("the death toll rose to 84" → ``killed``). It also gives the scope:
nationality, kind of people and place words ("Israeli", "children", "Gaza"), and whether the
figure is part of a larger one ("110 hostages, including 80 Israelis"). All word lists live in
:mod:`storyline.figures.lexicon`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.figures import lexicon as lex
from storyline.parsing import lemma as _lemma

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_SUBJ = ("nsubj", "nsubjpass", "csubj", "csubjpass")
_NOMINAL = ("NOUN", "PROPN")
_SCOPE_LABELS = ("NORP", "GPE", "LOC")
_SCOPE_WORDS = frozenset({"foreign", "civilian", "military", "local", "international", "dual"})


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


def anchor_token(span: "Span") -> "Token":
    """The numeral token whose head lies outside the number: it links the number to the sentence."""
    for tok in span:
        if not (span.start <= tok.head.i < span.end) or tok.head is tok:
            return tok
    return span[-1]


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
# "remain" and "stay" put their subject in a state: "350 people remain in custody".
_UNDERGO = frozenset({"die", "perish", "flee", "drown", "enter", "cross", "miss", "arrive", "disappear", "go", "remain", "stay"})


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
        if child.dep_ == "prep" and child.lower_ == "in" and any(_lemma(o) == "hospital" for o in child.children):
            return "hospitalised", child  # "104 people in hospital"
    return None, None


def _governing_event(tok: "Token") -> tuple[str | None, "Token | None"]:
    head = tok.head
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if tok.dep_ == "conj" and nxt is not None and nxt.dep_ in ("aux", "auxpass") and nxt.head.i > tok.i:
        # "… and 240 were taken hostage": the small model often attaches the number as a conjunct
        # of the noun before, but its own auxiliary shows which verb it is the subject of.
        return _event_of_verb(nxt.head)
    if tok.dep_ == "dobj" and _lemma(head) in ("include", "comprise"):
        # "the dead included two doctors": the count shares the event of the group it is part of
        for subj in head.children:
            if subj.dep_ == "nsubj" and _lemma(subj) in lex.EVENT_LEMMAS:
                return lex.EVENT_LEMMAS[_lemma(subj)], subj
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
                if child.dep_ == "prep" and child.lower_ == "in" and any(_lemma(o) == "hospital" for o in child.children):
                    return "hospitalised", child  # "30 people were in hospital"
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
            scope.add(place_name(child) if child.ent_type_ in _PLACE_LABELS else _demonym(child))
    return scope


_PLACE_LABELS = ("GPE", "LOC")


def place_name(tok: "Token") -> str:
    """The place entity ``tok`` lies in, as a scope word: lower case, no leading "the", and one name
    for one country (docs/annotation.md decision 1: "the United States", "U.S." → "us")."""
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    text = re.sub(r"^the\s+", "", (ent.text if ent is not None else tok.text).lower()).strip()
    return lex.PLACE_NAMES.get(text, text)


def clause_place(anchor: "Token", counted: "Counted") -> set[str]:
    """Where the claim's clause says the count is: the place that has it ("Mexico has reported 1,626
    cases", "Costa Rica, which had eight cases") or a place the verbs above it are in ("confirmed 91
    cases across the country in the United States")."""
    out: set[str] = set()
    start = counted.event_token if counted.event_token is not None else anchor
    for tok in [start, *start.ancestors]:
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.ent_type_ in _PLACE_LABELS:
                out.add(place_name(child))
        if tok.dep_ == "relcl" and tok.head.ent_type_ in _PLACE_LABELS:
            out.add(place_name(tok.head))
        out |= place_scope([tok])
        if out:
            break
    return out


def place_scope(tokens: Iterable["Token"]) -> set[str]:
    """Places a claim is limited to: "in Gaza", "across the West Bank"."""
    out: set[str] = set()
    tokens = list(tokens)
    tokens += [c for t in tokens for c in t.children if c.dep_ in ("oprd", "acomp", "xcomp")]
    for tok in tokens:
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "across", "throughout", "inside"):
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.ent_type_ in ("GPE", "LOC"):
                        out.add(place_name(obj))
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


def read_counted(span: "Span", previous: "Counted | None") -> Counted | None:
    """What the number ``span`` counts, or None when it counts nothing we can name."""
    anchor = anchor_token(span)
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
        if lemma in lex.EVENT_NOUNS and lex.EVENT_NOUNS[lemma] != previous.unit:
            # "8,451 cases, including 72 deaths": a part that names its own event counts that event
            part = Counted(unit=lex.EVENT_NOUNS[lemma], noun=noun, scope=set(previous.scope), parent=parent, event_token=noun)
            part.own = noun
            return part
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
