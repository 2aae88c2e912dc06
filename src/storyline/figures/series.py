"""The same quantity followed across articles: figures as comparable claims, and their series.

Figures measure the same *quantity* when they count the same thing (``unit``), within the same scope
(nationality, kind of people, place: "Israeli", "children", "Gaza") and in the same way (a running
total, one day's share, or unmarked). Each quantity's dated figures, ordered by as-of date, form a
*series*: hostages released 50 → 80 → 110. Each figure stands for the interval its qualifier allows
("at least 31" is 31 or more, "about 1,200" is within 10% of 1,200, "between 30 and 40" is 30..40);
:mod:`storyline.figures.conflicts` compares those intervals.

A bare count — a unit that names no event or state ("people", "thalers") and no scope — says
too little to be compared: the 1.7 million people living in a valley and the 2,000 people given
blankets there are not two estimates of one number. What such a count counts is its *anchor*, read
from the parse (the toll noun it is the value of, "the crowd at about 8,000"; else the verb it hangs
on with that verb's subject and object, "the subsidy cost taxpayers …"; else the noun it
qualifies, "payments of 150 thalers").

A figure's source is its attribution, made canonical with the entities' names and aliases; a
figure without attribution speaks for its outlet.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storyline.figures import lexicon as lex
from storyline.figures.lexicon import QUANTITY_CLASS
from storyline.figures.numbers import as_json

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Names a claim's in-article speaker (the quotes resolver's speaker dict) by its canonical entity:
# (speaker, claim) -> the canonical name, or None when the corpus does not know it.
SpeakerNamer = Callable[[Mapping[str, Any], Mapping[str, Any]], "str | None"]

# Units that say how something is measured, not what is counted: a percentage or a sum of money
# of an unnamed whole cannot be matched across articles.
UNTRACKED_UNITS = frozenset({"percent", "USD", "EUR", "GBP", "JPY", "ILS", "CNY"})
# Relative width of "about N" (and the lower side of "nearly N").
APPROX = 0.10
# A series needs this many distinct points to be worth plotting.
MIN_POINTS = 2

_KIND_LABEL = {"cumulative": "running total", "increment": "per report", None: ""}


@dataclass(frozen=True)
class Quantity:
    """What a figure measures: the unit, the scope words and whether it is a running total."""

    unit: str
    scope: tuple[str, ...]
    kind: str | None

    @property
    def label(self) -> str:
        """A readable name: "hostages released · israeli (running total)"."""
        scope = f" · {', '.join(self.scope)}" if self.scope else ""
        kind = f" ({_KIND_LABEL[self.kind]})" if _KIND_LABEL.get(self.kind) else ""
        return f"{self.unit}{scope}{kind}"


@dataclass(frozen=True)
class Claim:
    """One figure as series and conflicts compare it."""

    article: str
    start: int
    end: int
    quantity: Quantity
    value: float | tuple[float, float]
    qualifier: str | None
    source: str  # canonical attribution, or the outlet
    attributed: bool
    date: str | None
    published: str | None
    text: str
    # What a bare count counts, from its sentence (see the module docstring); None elsewhere.
    anchor: str | None = None
    # The places the figure's clause ties it to ("Canada has seen 15 deaths"), see places_of.
    places: tuple[str, ...] = ()
    # Whether the text marks the figure as a running total ("the toll rose to 84", "so far").
    running: bool = False

    @property
    def ref(self) -> dict[str, Any]:
        return {"article": self.article, "start": self.start, "end": self.end}

    @property
    def bounds(self) -> tuple[float, float]:
        """The values this figure allows, given its qualifier."""
        return interval(self.value, self.qualifier)


def interval(value: float | Sequence[float], qualifier: str | None) -> tuple[float, float]:
    """The interval of true values a figure allows: "at least 31" → [31, ∞), "about 100" → [90, 110].

    Args:
        value: the number, or a [low, high] range.
        qualifier: the canonical qualifier of :mod:`storyline.figures.numbers` or None.
    """
    if isinstance(value, (int, float)):
        lo = hi = float(value)
    else:
        lo, hi = float(value[0]), float(value[1])
    if qualifier == "about":
        return lo * (1 - APPROX), hi * (1 + APPROX)
    if qualifier == "nearly":
        return lo * (1 - APPROX), hi
    if qualifier == "at least":
        return lo, math.inf
    if qualifier == "more than":
        return math.nextafter(lo, math.inf), math.inf
    if qualifier == "up to":
        return 0.0, hi
    if qualifier == "fewer than":
        return 0.0, math.nextafter(hi, -math.inf)
    return lo, hi


def compatible(a: Claim, b: Claim) -> bool:
    """True when one true value satisfies both figures."""
    alo, ahi = a.bounds
    blo, bhi = b.bounds
    return alo <= bhi and blo <= ahi


# --- canonical sources --------------------------------------------------------------------------------

_FOLD = re.compile(r"[^a-z0-9]+")


def fold(name: str) -> str:
    """A name reduced for matching: lower case, no articles, possessives or punctuation."""
    low = name.lower().replace("’", "'")
    low = re.sub(r"'s\b", "", low)
    low = re.sub(r"^(?:the|a|an)\s+", "", low)
    return _FOLD.sub(" ", low).strip()


def alias_map(entities: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """{folded name or alias: canonical name} from the ``entities`` section."""
    out: dict[str, str] = {}
    for ent in entities:
        name = ent.get("name")
        if not isinstance(name, str):
            continue
        for alias in [name, *ent.get("aliases", [])]:
            out.setdefault(fold(alias), name)
    return out


def canonical_source(source: str, aliases: Mapping[str, str]) -> str:
    """The entity name a source string refers to, else the source as written (tidied)."""
    key = fold(source)
    if key in aliases:
        return aliases[key]
    # "Israel's health ministry", "Gaza health ministry officials": try the longest known tail/head.
    words = key.split()
    for n in range(len(words) - 1, 0, -1):
        for part in (" ".join(words[-n:]), " ".join(words[:n])):
            if part in aliases and len(part) > 3:
                return aliases[part]
    return source


# --- what a bare count counts ------------------------------------------------------------------------


def is_bare(unit: str, scope: Sequence[str]) -> bool:
    """True for a count whose unit names no event or state and which has no scope ("people", "thalers")."""
    return not scope and not any(w in lex.STATE_WORDS for w in unit.split())


def _toll_noun(tok: "Token") -> "Token | None":
    """The toll noun a subject or object stands for: itself, or for "it", the last toll noun before it
    in the sentence ("police estimated the crowd at 8,000, while organisers put it at 20,000")."""
    if tok.lemma_.lower() in lex.TOLL_NOUNS:
        return tok
    if tok.pos_ == "PRON" and tok.lower_ == "it":
        for prev in reversed(list(tok.sent[: tok.i - tok.sent.start])):
            if prev.lemma_.lower() in lex.TOLL_NOUNS:
                return prev
    return None


def _named(tok: "Token", skip: set[int]) -> str:
    """A noun (or toll noun) with the modifiers that narrow it: "number displace", "payment cash monthly"."""
    mods = sorted(
        c.lemma_.lower() for c in tok.children
        if c.dep_ in lex.ANCHOR_MODIFIERS and c.pos_ in ("NOUN", "PROPN", "VERB", "ADJ") and c.i not in skip
    )
    return " ".join([tok.lemma_.lower(), *mods])


def anchor_of(doc: "Doc", start: int, end: int) -> str | None:
    """What the number at ``doc.text[start:end]`` counts, read from the parse (module docstring), or None.

    Hand-written because no library names the predicate of a number phrase: it is a short walk up
    the dependency tree from the phrase, through prepositions ("at about 8,000"), to a verb or noun.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    inside = {t.i for t in span}
    tok = span.root
    for _ in range(8):  # a bounded walk: prepositions chain at most a few deep
        head = tok.head
        if head.i == tok.i:
            return None
        if head.i in inside or head.dep_ == "prep" or head.pos_ == "ADP":
            tok = head
            continue
        break
    else:
        return None
    skip = inside | {tok.i}
    if head.pos_ in ("NOUN", "PROPN"):
        return _named(head, skip)  # "home to 1.7 million people", "payments of 150 thalers"
    if head.pos_ not in ("VERB", "AUX"):
        return None
    args = [c for c in head.children if c.dep_ in lex.ANCHOR_ARGS and c.i not in skip]
    for arg in args:
        toll = _toll_noun(arg)
        if toll is not None:
            return _named(toll, skip)  # the value of a named count, whoever reports it
    nouns = sorted(c.lemma_.lower() for c in args if c.pos_ in ("NOUN", "PROPN"))
    if not nouns and head.lemma_.lower() in lex.LIGHT_VERBS:
        return None
    return " ".join([head.lemma_.lower(), *nouns])


# Entity types that name a place a count can be limited to.
_PLACE_TYPES = frozenset({"GPE", "LOC"})
# Prepositions that limit a count to a place: "deaths in Canada", "cases across 44 states".
_PLACE_PREPS = frozenset({"in", "across", "throughout", "inside", "within"})


def _place_name(tok: "Token") -> str:
    """The whole entity a place token belongs to, lower case and without a leading "the"."""
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    text = ent.text if ent is not None else tok.text
    return re.sub(r"^the\s+", "", text.lower())


def places_of(doc: "Doc", start: int, end: int) -> tuple[str, ...]:
    """The places the clause of the number at ``doc.text[start:end]`` ties it to, read from the parse.

    A count is limited to a place by a place preposition on the way up to its verb ("15 deaths in
    Canada"), by a place that is the verb's subject ("Canada has seen 15 deaths") or by a place a
    relative clause describes ("Mexico, which has recorded 113 deaths"; "Argentina, where 1,294 cases
    were reported"). Figures of one unit in different places are different quantities; a figure
    tied to no place is compared only with others tied to none.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return ()
    out: set[str] = set()
    tok = span.root
    path = [tok]
    for _ in range(8):  # a bounded walk up to the first verb; "including" is a verb that acts as a preposition
        if (tok.pos_ in ("VERB", "AUX") and tok.dep_ != "prep") or tok.head.i == tok.i:
            break
        tok = tok.head
        path.append(tok)
    # "died of the virus in Mexico": a place preposition on the object of a preposition on the path
    nested = [o for node in path for p in node.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
    for node in path + nested:
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in _PLACE_PREPS:
                out.update(_place_name(o) for o in child.children if o.dep_ == "pobj" and o.ent_type_ in _PLACE_TYPES)
            elif child.dep_ == "advmod" and child.lower_ == "there":
                # "80 deaths there": the place named last before it in the sentence
                before = [t for t in doc[child.sent.start : child.i] if t.ent_type_ in _PLACE_TYPES]
                if before:
                    out.add(_place_name(before[-1]))
    if tok.pos_ in ("VERB", "AUX"):
        out.update(_place_name(c) for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.ent_type_ in _PLACE_TYPES)
        if tok.dep_ == "relcl":
            # "Chile, which has seen …", "Mexico, where there have been …": the place the clause follows
            first = min([tok.i, *(c.i for c in tok.subtree)])
            prev = first - 1
            while prev >= 0 and doc[prev].is_punct:
                prev -= 1
            if tok.head.ent_type_ in _PLACE_TYPES:
                out.add(_place_name(tok.head))
            elif prev >= 0 and doc[prev].ent_type_ in _PLACE_TYPES:
                out.add(_place_name(doc[prev]))
    return tuple(sorted(out))


# --- figures and claims --------------------------------------------------------------------------


def canonical_figures(
    article_id: str,
    claims: Iterable[Mapping[str, Any]],
    aliases: Mapping[str, str],
    name_speaker: SpeakerNamer | None = None,
) -> list[dict[str, Any]]:
    """One article's claims as bundle figures: the source named by its canonical entity.

    A source resolved within the article (``speaker``, from the quotes resolver) is named by
    ``name_speaker``, as quote speakers are; any other source string is matched against entity
    names and aliases.
    """
    out = []
    for claim in claims:
        item = {k: v for k, v in claim.items() if k != "speaker"}
        speaker = claim.get("speaker")
        source = claim.get("source")
        if isinstance(speaker, dict) and name_speaker is not None:
            source = name_speaker(speaker, claim) or source
        if isinstance(source, str) and source:
            item["source_text"] = claim.get("source")
            item["source"] = canonical_source(source, aliases)
        out.append({"article": article_id, **item})
    return out


def claims_of(
    article_id: str,
    outlet: str | None,
    published: str | None,
    figures: Iterable[Mapping[str, Any]],
    aliases: Mapping[str, str],
    anchors: Mapping[int, str | None] | None = None,
    places: Mapping[int, tuple[str, ...]] | None = None,
) -> list[Claim]:
    """One article's figures as comparable claims (untracked units left out).

    ``anchors`` gives, by a figure's start offset, what a bare count counts (:func:`anchor_of`);
    ``places`` the places its clause ties it to (:func:`places_of`).
    """
    out = []
    for fig in figures:
        unit = fig.get("unit")
        if not unit or unit in UNTRACKED_UNITS:
            continue
        raw = fig.get("value")
        value: float | tuple[float, float] = (
            (float(raw[0]), float(raw[1])) if isinstance(raw, list) else float(raw)  # type: ignore[arg-type]
        )
        source = fig.get("source")
        attributed = isinstance(source, str) and bool(source)
        out.append(
            Claim(
                article=article_id,
                start=int(fig["start"]),
                end=int(fig["end"]),
                quantity=Quantity(
                    QUANTITY_CLASS.get(unit, unit),
                    tuple(fig.get("scope") or ()),
                    # A running total and an unmarked count both give the level; one day's share does not.
                    "increment" if fig.get("kind") == "increment" else None,
                ),
                value=value,
                qualifier=fig.get("qualifier"),
                source=canonical_source(source, aliases) if attributed else (outlet or article_id),  # type: ignore[arg-type]
                attributed=attributed,
                date=fig.get("date"),
                published=published,
                text=str(fig.get("text", "")),
                anchor=(anchors or {}).get(int(fig["start"])),
                places=(places or {}).get(int(fig["start"]), ()),
                running=fig.get("kind") == "cumulative",
            )
        )
    return out


def build_series(claims: Sequence[Claim]) -> list[dict[str, Any]]:
    """Per quantity, its dated figures in as-of order; repeats of one point (copies, re-runs) merged."""
    groups: dict[Quantity, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.date:
            groups[claim.quantity].append(claim)
    out: list[dict[str, Any]] = []
    for quantity, members in groups.items():
        members.sort(key=lambda c: (c.date or "", c.published or "", c.article, c.start))
        points: list[dict[str, Any]] = []
        seen: dict[tuple[Any, ...], dict[str, Any]] = {}
        for c in members:
            key = (c.date, c.value, c.qualifier, c.source)
            if key in seen:
                seen[key]["also"].append(c.ref)
                continue
            point = {
                "date": c.date,
                "value": as_json(c.value),
                "qualifier": c.qualifier,
                "source": c.source,
                "attributed": c.attributed,
                **c.ref,
                "text": c.text,
                "also": [],
            }
            seen[key] = point
            points.append(point)
        if len(points) < MIN_POINTS:
            continue
        out.append(
            {
                "quantity": quantity.label,
                "unit": quantity.unit,
                "scope": list(quantity.scope),
                "kind": quantity.kind,
                "points": points,
            }
        )
    out.sort(key=lambda s: (-len(s["points"]), s["quantity"]))
    return out
