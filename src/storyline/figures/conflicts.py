"""Conflicts: two figures of one quantity and as-of day, from different sources, that cannot both be true.

A conflict needs all of these (issue 10, docs/annotation.md §2):

* **the same quantity**: what is counted, its scope, the places its clause ties it to
  (:func:`storyline.figures.series.places_of`) and its kind. A figure tied to a place is not compared
  with one tied to none, and two figures of different articles are compared only when their clauses
  tie them to one place (a count tied to none is not known to be the same count); a rate only with a rate; a count for one period
  only with another count for a period; a running total, a stock and an unmarked count each with
  their own kind (an unmarked count is read as a running total). Projections (``estimate_range``) and
  vague counts ("dozens", "tens of thousands") take part in none. A bare count
  (:func:`storyline.figures.series.is_bare`) is compared only with bare counts of the same anchor,
  except a rate of a thing ("5,000 barrels a day"), whose unit says what flows.
* **the same as-of day** (figures without one are not compared);
* **different sources** (a figure without attribution speaks for its outlet, or for the wire agency
  whose copy the article is);
* **values that cannot both be true**: each figure stands for the interval its qualifier and ordinary
  rounding allow (:func:`storyline.figures.series.interval`), and the two intervals do not meet;
* **no explanation**: a part of a larger figure ("including 80 Israelis") or, in one article, a lower
  figure beside a running total and not marked as one (one day's or one town's share) is explained,
  and so is a later figure the same sentence marks as an update ("BP's initial estimate was 1,000
  barrels a day, and NOAA later put it at 5,000"); the replaced figure counts an earlier day the text
  does not give, and is set against nothing.

Within one article a journalist who gives two counts of one noun from two sources almost always gives
them for different places, periods or groups, which a reading of the sentence alone can miss. So two
figures of one article are set against each other only when the text does so itself: both are rates
(rival estimates of one flow), or they stand at most two sentences apart and one of their sentences,
or the sentence before one of them, marks a dispute or a contrast, and no other figure of the
quantity stands between them ("puts it at 31, the opposition at 47", "while organisers put
it at more than 20,000", "frankly lacks credibility"). Across articles, the quantity, the day and the
values decide.

Each conflict sets one value against another on one day; the figures that state either value (from
every source that gives it, and the articles that repeat it) are listed together, so every two of its
figures with different values clash. It carries a ``note`` (what disagrees), a one-sentence ``why``, and its two
``sides``: a figure of each, with its value, its source and the sentence it stands in.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from collections.abc import Sequence
from typing import Any

from storyline.figures.numbers import as_json
from storyline.figures.series import Claim, Quantity, compatible, is_bare

# Kinds never set against each other: a projection is no claim about how many there are.
_NOT_COMPARED = frozenset({"estimate_range"})
# Words by which a sentence sets one figure against another: a contrast or a dispute. Hand-written:
# a short closed list, read on the sentence's words.
_DISPUTE = re.compile(
    r"\b(?:while|whereas|but|however|dispute[sd]?|disputing|contest(?:s|ed)?|credibility|credible|own (?:count|tally|figures?|estimate)|"
    r"reject(?:s|ed)?|contradict(?:s|ed)?|too (?:low|high)|far (?:higher|lower|above|below)|well (?:above|below)|"
    r"instead|differ(?:s|ed)?|discrepan\w+|at odds|underestimat\w+|overestimat\w+)\b",
    re.IGNORECASE,
)
# How many sentences apart two figures of one article may stand and still be set against each other.
_NEAR = 2
# What stands between the two ends of a range read as two figures: "a day or up to", "per day (…) to".
_RANGE_JOIN = re.compile(
    r"^\s*(?:barrels?\s+)?(?:(?:a|per)\s+day\s+)?(?:or\s+(?:up\s+)?to|to|and|or|-|–)\s*$", re.IGNORECASE
)
# A rate of what can be handled or was collected, not of a flow: "capable of processing 18,000 barrels a day".
_CAPACITY = re.compile(r"\b(?:capable|capacity|collect(?:s|ed|ing|ion)?|process(?:ing|es)?|siphon\w*|recover\w*|captur\w*)\b", re.IGNORECASE)
# Words between two figures of one sentence that mark the second as an update of the first.
_UPDATE = re.compile(r"\b(?:later|since|then|now|revised|raised|lowered|increased|updated|up from|down from)\b", re.IGNORECASE)


def find_conflicts(claims: Sequence[Claim]) -> list[dict[str, Any]]:
    """Every pair of figures that conflict (module docstring), ordered by day and quantity."""
    groups: dict[tuple[Quantity, str], list[Claim]] = defaultdict(list)
    for claim in _join_ranges(claims):
        if not claim.date or claim.vague or claim.quantity.kind in _NOT_COMPARED or not claim.bounds[1] > 0:
            continue
        if claim.quantity.kind == "rate" and _CAPACITY.search(claim.sentence):
            continue  # what a ship can process or a tube collects is not the flow it is set against
        anchor = ""
        if is_bare(claim.quantity.unit, claim.quantity.scope) and not _tracked_rate(claim.quantity):
            if not claim.anchor:
                continue
            anchor = claim.anchor
        groups[(_where(claim.quantity), anchor)].append(claim)
    # Clashing pairs, gathered by what they set against each other: one value against another on one
    # day. The sources that give either value, and the copies that repeat it, make one conflict.
    pairs: dict[tuple[Any, ...], list[tuple[Claim, Claim]]] = defaultdict(list)
    for (quantity, anchor), members in groups.items():
        members = sorted(members, key=lambda c: (c.date or "", c.source, c.article, c.start))
        starts: dict[str, list[int]] = defaultdict(list)
        for c in members:
            starts[c.article].append(c.start)
        old = _superseded(members)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a.date != b.date or a.source == b.source or compatible(a, b) or _explained(a, b):
                    continue
                if a in old or b in old:
                    continue
                if a.article == b.article and quantity.kind != "rate" and _apart(a, b, starts[a.article]):
                    continue
                if a.article != b.article and not quantity.places:
                    # Across articles, a count tied to no place is not known to be one count: on a real
                    # archive "cases" is Scotland's in one report and Mexico's or the world's in another,
                    # "killed" this outbreak's toll or 1918's (a H1N1 slice of Timeline17 gave 574
                    # conflicts, nearly all of this sort, before this rule).
                    continue
                first, second = sorted((a, b), key=lambda c: (c.bounds, c.source))
                pairs[(quantity, anchor, a.date, first.value, second.value)].append((first, second))
    made = sorted((_conflict(key[0], found) for key, found in pairs.items()), key=lambda c: (c["day"], c["note"]))
    return [{k: v for k, v in c.items() if k != "day"} for c in made]


def _join_ranges(claims: Sequence[Claim]) -> list[Claim]:
    """Claims with a range read as two figures joined again: "between 20,000 barrels a day or up to
    100,000", "12,000 barrels per day (…) to 19,000 bpd" are one figure of one source, 20,000..100,000.

    Two figures of one sentence, quantity and source join when only a range word (and the unit, or a
    conversion in brackets) stands between them. The joined figure keeps the first one's place.
    """
    out: list[Claim] = []
    for c in sorted(claims, key=lambda c: (c.article, c.start)):
        prev = next((p for p in reversed(out[-4:]) if p.quantity == c.quantity), None)
        if (
            prev is not None and prev.article == c.article and prev.sentence_no == c.sentence_no >= 0
            and prev.quantity == c.quantity and prev.source == c.source and prev.date == c.date
            and prev.qualifier in (None, "between") and c.qualifier in (None, "up to")
        ):
            between = _between(prev, c)
            if between is not None and _RANGE_JOIN.match(re.sub(r"\([^)]*\)", " ", between)):
                lo = prev.value if isinstance(prev.value, float) else prev.value[0]
                hi = c.value if isinstance(c.value, float) else c.value[1]
                if lo < hi:
                    out[out.index(prev)] = replace(prev, value=(lo, hi), qualifier=None)
                    continue
        out.append(c)
    return out


def _where(quantity: Quantity) -> Quantity:
    """The quantity with its scope words and the places its clause names as one set, case folded:
    "Mexico" given as the claim's scope and "mexico" read from its clause are one place."""
    where = tuple(sorted({w.casefold() for w in (*quantity.scope, *quantity.places)}))
    return replace(quantity, scope=(), places=where)


def _tracked_rate(quantity: Quantity) -> bool:
    """A rate of a thing rather than of people ("5,000 barrels a day"): its unit says what flows, so it
    needs no anchor; "5,000 people a day" may count anyone and stays a bare count."""
    return quantity.kind == "rate" and quantity.unit not in ("people", "persons")


def _explained(a: Claim, b: Claim) -> bool:
    """The text explains the difference, or (in one article) does not set the two figures against each other."""
    if a.article != b.article:
        return False
    if (a.start, a.end) == b.part_of or (b.start, b.end) == a.part_of:
        return True  # "110 hostages, including 80 Israelis"
    if _part_of_total(a, b):
        return True
    first, second = (a, b) if a.start < b.start else (b, a)
    if first.sentence and first.sentence == second.sentence and first.sentence_no == second.sentence_no:
        between = _between(first, second)
        if between is not None and _UPDATE.search(between):
            return True  # "BP's initial estimate was 1,000 barrels a day, and NOAA later put it at 5,000"
    if a.quantity.kind == "rate":
        return False  # rival estimates of one flow
    if a.sentence_no < 0 or b.sentence_no < 0 or abs(a.sentence_no - b.sentence_no) > _NEAR:
        return True
    return not any(_DISPUTE.search(text) for text in (a.sentence, b.sentence, a.previous, b.previous))


def _superseded(members: Sequence[Claim]) -> set[Claim]:
    """Figures their own sentence marks as replaced by a later one ("BP's initial estimate was 1,000
    barrels a day, and NOAA later put it at 5,000"): they count an earlier day than the article's,
    which the text does not give, so they are set against nothing."""
    out: set[Claim] = set()
    for a in members:
        for b in members:
            if a.article == b.article and a.start < b.start and a.sentence_no == b.sentence_no >= 0:
                between = _between(a, b)
                if between is not None and _UPDATE.search(between):
                    out.add(a)
    return out


def _apart(a: Claim, b: Claim, starts: Sequence[int]) -> bool:
    """Another figure of the same quantity stands between two of one article: the text sets each
    against its neighbour, not against one further away."""
    lo, hi = sorted((a.start, b.start))
    return any(lo < s < hi for s in starts)


def _between(first: Claim, second: Claim) -> str | None:
    """The words of a sentence between two of its figures, when both texts can be found in it."""
    i = first.sentence.find(first.text)
    j = second.sentence.find(second.text, i + len(first.text)) if i >= 0 else -1
    return first.sentence[i + len(first.text) : j] if j >= 0 else None


def _part_of_total(a: Claim, b: Claim) -> bool:
    """True when one article gives a running total and, beside it, a lower figure not marked as one.

    The lower figure is then read as a share of the total (one day's deaths, one city's): "84 people
    have been killed since Tuesday" and "seven people were killed in clashes" do not disagree.
    """
    if a.article != b.article or a.running == b.running:
        return False
    total, other = (a, b) if a.running else (b, a)
    return other.bounds[1] < total.bounds[0]


def _shown(c: Claim) -> str:
    """A figure's value as its qualifier gives it: "at least 31", "20,000–40,000"."""
    value = as_json(c.value)
    shown = f"{value[0]:,}–{value[1]:,}" if isinstance(value, list) else f"{value:,}"
    return f"{c.qualifier} {shown}" if c.qualifier and c.qualifier != "between" else shown


def _conflict(quantity: Quantity, found: Sequence[tuple[Claim, Claim]]) -> dict[str, Any]:
    """One conflict: every figure stating either side (copies included), the first pair as its sides."""
    a, b = found[0]
    label = a.quantity.label  # the quantity as the figure gives it (``quantity`` folds scope and places)
    day = a.date or ""
    figures: list[dict[str, Any]] = []
    for c in sorted({c for pair in found for c in pair}, key=lambda c: (c.source, c.article, c.start)):
        figures.append(c.ref)
    low = sorted({p[0].source for p in found})
    high = sorted({p[1].source for p in found})
    return {
        "figures": figures,
        "note": f"{label} as of {day}: {_shown(a)} ({', '.join(low)}) vs {_shown(b)} ({', '.join(high)})",
        "why": _why(label, day, a, b),
        "sides": [_side(a), _side(b)],
        "day": day,
    }


def _side(c: Claim) -> dict[str, Any]:
    """One figure of a conflict as a reader checks it: value, source, and the sentence it stands in."""
    return {
        **c.ref,
        "value": as_json(c.value),
        "qualifier": c.qualifier,
        "source": c.source,
        "attributed": c.attributed,
        "date": c.date,
        "sentence": " ".join(c.sentence.split()) or c.text,
    }


def _why(label: str, day: str, a: Claim, b: Claim) -> str:
    """One sentence saying why two figures conflict."""
    same = "the same article" if a.article == b.article else "two articles"
    return (
        f"For {label} on {day}, {a.source} gives {_shown(a)} and {b.source} gives {_shown(b)} in {same}; "
        "no single value fits both, and neither text explains the gap by parts, an update or another scope."
    )
