"""The same quantity followed across articles: figures as comparable claims, and their series.

Figures measure the same *quantity* when they count the same thing (``unit``), within the same scope
(nationality, kind of people, place: "Israeli", "children", "Gaza") and in the same way (a running
total, one day's share, or unmarked). Each quantity's dated figures, ordered by as-of date, form a
*series*: hostages released 50 → 80 → 110. Each figure stands for the interval its qualifier and
ordinary rounding allow ("about 1,200" is within 5% of 1,200, "at least 31" is 31 up to rounding
above it, "between 30 and 40" is 30..40);
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
from dataclasses import dataclass, replace
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
# Relative width of "about N" (and the lower side of "nearly N"), and the rounding a bare round
# figure allows ("8,000" stands for 7,600..8,400): "about 8,000" and "8,200" agree, 39 and 36 do not
# (docs/annotation.md §2, ordinary rounding of about 5%).
APPROX = 0.05
# A series needs this many distinct points to be worth plotting.
MIN_POINTS = 2

# A figure's kind, in the vocabulary of docs/annotation.md (the claims' ``kind``): a running total
# grows, a period count is one day's or one event's share, a stock can go down as well as up, a rate
# is an amount per unit of time, an estimate range is a projection. Older claims say "cumulative" and
# "increment"; an unmarked count (None) is read as a level, with running totals.
KINDS = ("running_total", "period", "stock", "rate", "estimate_range")
_OLD_KINDS = {"cumulative": "running_total", "increment": "period"}
# Kinds that are no count of anything in the story (an age, a price, a spec): never in a series.
NOT_COUNTS = frozenset({"not_a_count"})
_KIND_LABEL = {
    "running_total": "running total", "period": "per report", "stock": "at the time", "rate": "rate",
    "estimate_range": "projection", None: "",
}
# A rate's time unit right after the number and its noun ("5,000 barrels a day", "12,000 bpd"), or
# "daily" just before it in the same clause ("the daily spill estimate of 5,000 barrels"). A fallback
# for claims that do not carry the kind "rate" themselves; hand-written because it is one pattern.
_PER_TIME_AFTER = re.compile(
    r"^[^.;:()]{0,30}?\b(?:a|an|per|each|every)\s+(?P<per>day|week|month|year|hour)\b(?!\s+(?:after|before|earlier|later|ago)\b)"
    r"|^\s*(?:barrels\s+)?(?:bpd|b/d)\b",
    re.IGNORECASE,
)
_PER_TIME_BEFORE = re.compile(r"\bdaily\b[^,.;:]{0,30}$", re.IGNORECASE)
_RATE_UNITS = {"bpd": "barrels", "bpds": "barrels"}


# A change rather than a level: "a rise of nearly 1,000 in 24 hours", "up by 51", "increased by 20".
_CHANGE_BEFORE = re.compile(
    r"\b(?:(?:a|an)\s+(?:rise|increase|jump|drop|fall|decline|decrease)\s+of|(?:rose|fell|grew|increased|decreased|jumped|dropped|up|down)\s+by)\s*$",
    re.IGNORECASE,
)


def is_change(before: str) -> bool:
    """Whether the words right before a figure make it a change of a count, one period's share of it."""
    return bool(_CHANGE_BEFORE.search(before))


def per_time(before: str, after: str) -> str | None:
    """The time unit that makes a figure a rate ("day" for "5,000 barrels a day", "12,000 bpd" or
    "the daily estimate of 5,000"), else None: ``after`` starts right after its number phrase,
    ``before`` ends right before it."""
    hit = _PER_TIME_AFTER.search(after)
    if hit is not None:
        return (hit.group("per") or "day").lower()
    return "day" if _PER_TIME_BEFORE.search(before) else None


def kind_of(fig: Mapping[str, Any], rate: bool = False) -> str | None:
    """A figure's kind in the annotation vocabulary (:data:`KINDS`), None when unmarked.

    ``rate`` says the words around it make it a rate (:func:`per_time`); it counts only when the
    claim's own kind is not in the annotation vocabulary already."""
    kind = fig.get("kind")
    if kind in KINDS or kind in NOT_COUNTS:
        return kind  # type: ignore[no-any-return]
    if rate or fig.get("unit") in _RATE_UNITS:
        return "rate"
    return _OLD_KINDS.get(kind)  # type: ignore[arg-type]


def what_of(fig: Mapping[str, Any]) -> str:
    """What a figure counts, normalised: the claim's ``what`` when it has one, else its unit's class."""
    what = fig.get("what")
    if isinstance(what, str) and what:
        return what
    unit = str(fig.get("unit") or "")
    unit = _RATE_UNITS.get(unit, unit)
    return QUANTITY_CLASS.get(unit, unit)


@dataclass(frozen=True)
class Quantity:
    """What a figure measures: what is counted, the scope words, the places it is tied to and its kind."""

    unit: str
    scope: tuple[str, ...]
    kind: str | None
    places: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """A readable name: "hostages released · israeli in gaza (running total)"."""
        scope = f" · {', '.join(self.scope)}" if self.scope else ""
        places = f" in {', '.join(self.places)}" if self.places else ""
        kind = f" ({_KIND_LABEL[self.kind]})" if _KIND_LABEL.get(self.kind) else ""
        return f"{self.unit}{scope}{places}{kind}"

    @property
    def level(self) -> bool:
        """A running total or an unmarked count (kind None): the level a count has reached."""
        return self.kind is None


@dataclass(frozen=True)
class Claim:
    """One figure as series and conflicts compare it."""

    article: str
    start: int
    end: int
    quantity: Quantity
    value: float | tuple[float, float]
    qualifier: str | None
    source: str  # canonical attribution, or the outlet (or the wire agency whose copy it is)
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
    # The figure's sentence, its number in the article (-1 when unknown) and the sentence before it.
    sentence: str = ""
    sentence_no: int = -1
    previous: str = ""
    # A vague count ("dozens", "tens of thousands"): it agrees with any figure in its span.
    vague: bool = False
    # The larger figure of the same article this one is a part of ("including 80 Israelis").
    part_of: tuple[int, int] | None = None

    @property
    def ref(self) -> dict[str, Any]:
        return {"article": self.article, "start": self.start, "end": self.end}

    @property
    def bounds(self) -> tuple[float, float]:
        """The values this figure allows, given its qualifier."""
        return interval(self.value, self.qualifier)


def _round_figure(value: float) -> bool:
    """A figure given to round hundreds or more ("8,000", "1.2 million"), which ordinary rounding blurs."""
    return value >= 100 and float(value).is_integer() and int(value) % 100 == 0


def interval(value: float | Sequence[float], qualifier: str | None) -> tuple[float, float]:
    """The interval of true values a figure claims: "about 100" → [95, 105], "at least 31" → [31, 32.55].

    Read as docs/annotation.md §2 reads a qualified figure: as the count its source claims. The
    qualifier hedges that count on one side, within ordinary rounding; it does not make every larger
    (or smaller) number compatible, so "at least 31" and "47" disagree while "at least 150" and "152"
    agree. A bare round figure ("8,000") allows ordinary rounding, as "about" does.

    Args:
        value: the number, or a [low, high] range.
        qualifier: the canonical qualifier of :mod:`storyline.figures.numbers` or None.
    """
    if isinstance(value, (int, float)):
        lo = hi = float(value)
    else:
        lo, hi = float(value[0]), float(value[1])
    if qualifier == "about" or (qualifier is None and lo == hi and _round_figure(lo)):
        return lo * (1 - APPROX), hi * (1 + APPROX)
    if qualifier == "nearly":
        return lo * (1 - APPROX), hi
    if qualifier == "at least":
        return lo, max(hi * (1 + APPROX), hi + 1)
    if qualifier == "more than":
        return math.nextafter(lo, math.inf), max(hi * (1 + APPROX), hi + 1)
    if qualifier == "up to":
        return min(lo * (1 - APPROX), lo - 1), hi
    if qualifier == "fewer than":
        return min(lo * (1 - APPROX), lo - 1), math.nextafter(hi, -math.inf)
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
    """{folded name or alias: canonical name} from the ``entities`` section.

    An alias that several entities share ("government" for the Syrian and the Haitian government) names
    none of them and is left out; an entity's own name always stands for itself.
    """
    names: dict[str, str] = {}
    shared: dict[str, set[str]] = defaultdict(set)
    for ent in entities:
        name = ent.get("name")
        if not isinstance(name, str):
            continue
        names.setdefault(fold(name), name)
        for alias in ent.get("aliases", []):
            shared[fold(alias)].add(name)
    out = {alias: next(iter(owners)) for alias, owners in shared.items() if len(owners) == 1}
    out.update(names)
    return out


def canonical_source(source: str, aliases: Mapping[str, str]) -> str:
    """The entity name a source string refers to, else the source as written (tidied).

    A known name inside a longer source stands for it only when the words left over belong to that
    name too ("Gaza's health ministry" → "Gaza Health Ministry"); "Costa Rican government" is not the
    corpus's entity "government", and "Mexico's government" not the "Syrian government".
    """
    key = fold(source)
    if key in aliases:
        return aliases[key]
    words = key.split()
    for n in range(len(words) - 1, 0, -1):
        for part, rest in ((words[-n:], words[:-n]), (words[:n], words[n:])):
            joined = " ".join(part)
            if joined in aliases and len(joined) > 3 and set(rest) <= set(fold(aliases[joined]).split()):
                return aliases[joined]
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
            named = name_speaker(speaker, claim)
            if named and not _loses_words(named, source):
                source = named
        if isinstance(source, str) and source:
            item["source_text"] = claim.get("source")
            item["source"] = canonical_source(source, aliases)
        out.append({"article": article_id, **item})
    return out


def _what(fig: Mapping[str, Any], kind: str | None, per: str | None) -> str:
    """What a figure counts; a rate says per what time ("barrels a day"): a day's and a year's flow differ.
    A claim that names its own ``what`` ("oil flow") is taken as it is."""
    what = what_of(fig)
    if fig.get("unit") in _RATE_UNITS:
        per = per or "day"  # "bpd": barrels per day
    if kind == "rate" and per and not fig.get("what") and not what.endswith(f" a {per}"):
        return f"{what} a {per}"
    return what


@dataclass(frozen=True)
class Context:
    """What the parse tells about one figure beyond its claim: its sentence and whether it is a rate."""

    sentence_no: int = -1
    sentence: str = ""
    # The time unit of a rate ("day"), when the words around the figure make it one.
    per: str | None = None
    change: bool = False
    # The sentence before it, which may announce a dispute ("The opposition disputes the official figure.").
    previous: str = ""


def _loses_words(named: str, written: Any) -> bool:
    """Whether a speaker's name drops words the source as written had: "government" for "the Costa
    Rican government", "health officials" for "Mexican health officials". The longer phrase says more."""
    if not isinstance(written, str) or not written:
        return False
    have, had = set(fold(named).split()), set(fold(written).split())
    return bool(have) and have < had


def claims_of(
    article_id: str,
    outlet: str | None,
    published: str | None,
    figures: Iterable[Mapping[str, Any]],
    aliases: Mapping[str, str],
    anchors: Mapping[int, str | None] | None = None,
    places: Mapping[int, tuple[str, ...]] | None = None,
    context: Mapping[int, Context] | None = None,
) -> list[Claim]:
    """One article's figures as comparable claims (untracked units and non-counts left out).

    ``anchors`` gives, by a figure's start offset, what a bare count counts (:func:`anchor_of`);
    ``places`` the places its clause ties it to (:func:`places_of`); ``context`` its sentence and
    whether it is a rate. A figure without attribution speaks for ``outlet`` (the outlet, or the wire
    agency whose copy the article is).
    """
    out = []
    for fig in figures:
        unit = fig.get("unit")
        if not unit or unit in UNTRACKED_UNITS:
            continue
        start = int(fig["start"])
        ctx = (context or {}).get(start, Context())
        kind = kind_of(fig, ctx.per is not None)
        if ctx.change and kind in (None, "running_total"):
            kind = "period"  # "a rise of nearly 1,000": one period's share, not the level
        if kind in NOT_COUNTS:
            continue
        raw = fig.get("value")
        value: float | tuple[float, float] = (
            (float(raw[0]), float(raw[1])) if isinstance(raw, list) else float(raw)  # type: ignore[arg-type]
        )
        source = fig.get("source")
        attributed = isinstance(source, str) and bool(source)
        where = (places or {}).get(start, ())
        part = fig.get("part_of")
        out.append(
            Claim(
                article=article_id,
                start=start,
                end=int(fig["end"]),
                # A running total and an unmarked count both give the level a count has reached.
                quantity=Quantity(_what(fig, kind, ctx.per), tuple(fig.get("scope") or ()), None if kind == "running_total" else kind, tuple(where)),
                value=value,
                qualifier=fig.get("qualifier"),
                source=canonical_source(source, aliases) if attributed else (outlet or article_id),  # type: ignore[arg-type]
                attributed=attributed,
                date=fig.get("as_of", fig.get("date")),
                published=published,
                text=str(fig.get("text", "")),
                anchor=(anchors or {}).get(start),
                places=tuple(where),
                running=kind == "running_total",
                sentence=ctx.sentence,
                sentence_no=ctx.sentence_no,
                previous=ctx.previous,
                vague=bool(fig.get("vague")),
                part_of=(int(part[0]), int(part[1])) if isinstance(part, (list, tuple)) and len(part) == 2 else None,
            )
        )
    return out


def build_series(claims: Sequence[Claim]) -> list[dict[str, Any]]:
    """Per quantity (what, scope and kind), its dated figures in as-of order.

    The places a figure's clause names keep figures apart in conflicts but not in series: a toll
    given for one town and then for the whole region is still followed as one count.

    Repeats of one point (copies, re-runs) are merged. In a running total, a figure lower than an
    earlier one of the same source is that source's *revision* (``revises``: the earlier point), not
    a conflict: running totals only grow, so a lower one corrects the count.
    """
    groups: dict[Quantity, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.date:
            groups[replace(claim.quantity, places=())].append(claim)
    out: list[dict[str, Any]] = []
    for quantity, members in groups.items():
        members.sort(key=lambda c: (c.date or "", c.published or "", c.article, c.start))
        points: list[dict[str, Any]] = []
        seen: dict[tuple[Any, ...], dict[str, Any]] = {}
        latest: dict[str, tuple[Claim, dict[str, Any]]] = {}
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
            before = latest.get(c.source)
            if quantity.level and before is not None and (before[0].date or "") < (c.date or "") and c.bounds[1] < before[0].bounds[0]:
                point["revises"] = {k: before[1][k] for k in ("article", "start", "end")}
            latest[c.source] = (c, point)
            seen[key] = point
            points.append(point)
        if len(points) < MIN_POINTS:
            continue
        out.append(
            {
                "quantity": quantity.label,
                "what": quantity.unit,
                "unit": quantity.unit,
                "scope": list(quantity.scope),
                "kind": quantity.kind,
                "points": points,
            }
        )
    out.sort(key=lambda s: (-len(s["points"]), s["quantity"]))
    return out
