"""The matching rules of ``storyline eval trust``: how a system item is judged against a gold one.

Pure functions over plain values and bundle items (no store, no parse), so each rule is tested alone
in ``tests/test_eval_trust.py``; :mod:`storyline.eval.trust` applies them to whole articles.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

# Display names of the outlets in the gold sets (readers give codes or web domains); gold names
# the outlet itself as the source of an unattributed figure.
OUTLET_NAMES: dict[str, str] = {
    "nyt": "The New York Times",
    "fox": "Fox News",
    "hpo": "HuffPost",
    "www.nytimes.com": "The New York Times",
    "www.washingtonpost.com": "The Washington Post",
    "edition.cnn.com": "CNN",
    "www.cnn.com": "CNN",
    "www.telegraph.co.uk": "The Telegraph",
    "www.rt.com": "RT",
    "abcnews.go.com": "ABC News",
    "www.dailymail.co.uk": "Daily Mail",
    "www.express.co.uk": "Daily Express",
    "www.usatoday.com": "USA Today",
    "www.hindustantimes.com": "Hindustan Times",
    "www.bbc.co.uk": "BBC",
    "www.bbc.com": "BBC",
    "www.reuters.com": "Reuters",
    "www.theguardian.com": "The Guardian",
    "cnn": "CNN",
    "bbc": "BBC",
    "reuters": "Reuters",
    "guardian": "The Guardian",
    "washingtonpost": "The Washington Post",
}

# The system's category or unit -> the gold "what" labels it stands for. A system label absent
# here stands for itself.
WHAT_SYNONYMS: dict[str, frozenset[str]] = {
    "killed": frozenset({"killed", "deaths", "dead", "died", "death toll", "deaths(disease)"}),
    "dead": frozenset({"killed", "deaths", "dead", "died"}),
    "deaths": frozenset({"killed", "deaths", "dead", "died", "deaths(disease)"}),
    "wounded": frozenset({"injured", "wounded"}),
    "injured": frozenset({"injured", "wounded"}),
    "displaced": frozenset({"displaced", "evacuated", "homeless"}),
    "evacuated": frozenset({"evacuated", "displaced"}),
    "arrested": frozenset({"arrested", "detained"}),
    "kidnapped": frozenset({"kidnapped", "held hostage", "abducted"}),
    "hostages": frozenset({"held hostage", "hostages"}),
    "missing": frozenset({"missing"}),
    "released": frozenset({"released", "freed"}),
    "cases": frozenset({"cases", "infected", "confirmed cases"}),
    "infected": frozenset({"cases", "infected", "confirmed cases"}),
}

# Currency codes and signs the system gives as units, in gold's words.
UNIT_WORDS: dict[str, str] = {"usd": "dollars", "$": "dollars", "eur": "euros", "€": "euros", "gbp": "pounds", "£": "pounds", "%": "percent"}

# The system's kind -> gold's kind; None is decided by unit and value (see system_kind).
KIND_MAP: dict[str, str] = {"cumulative": "running_total", "increment": "period"}
GOLD_KINDS = frozenset({"running_total", "period", "stock", "rate", "estimate_range"})
_RATE_UNITS = frozenset({"percent", "%", "per cent", "percentage points", "points"})

_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir"})
_UNRESOLVED = frozenset({"", "unresolved", "unknown"})


def ratio(num: int, den: int, target: float | None = None) -> dict[str, Any]:
    """A measure with its counts: {"value", "num", "den"} (value None when nothing was counted)."""
    out: dict[str, Any] = {"value": num / den if den else None, "num": num, "den": den}
    if target is not None:
        out["target"] = target
    return out


def outlet_name(outlet: str | None) -> str | None:
    """A readable outlet name for a reader's outlet code or domain (NewsWCL50's codes as "outlet X")."""
    if not outlet:
        return None
    if outlet in OUTLET_NAMES:
        return OUTLET_NAMES[outlet]
    if re.fullmatch(r"[LRM]{1,2}", outlet):
        return f"outlet {outlet}"
    return outlet



# --- matching helpers ---------------------------------------------------------------


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters two [start, end) spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def half_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Spans that overlap by at least half of the shorter one."""
    shorter = max(1, min(a[1] - a[0], b[1] - b[0]))
    return overlap(a, b) * 2 >= shorter


def pair_up(gold: Sequence[tuple[int, int]], system: Sequence[tuple[int, int]], ok: Any = None) -> dict[int, int]:
    """One-to-one matches gold index -> system index, largest overlap first (``ok`` filters pairs)."""
    cands = []
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            n = overlap(g, s)
            if n > 0 and (ok is None or ok(g, s)):
                cands.append((-n, i, j))
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in sorted(cands):
        if i not in out and j not in used:
            out[i] = j
            used.add(j)
    return out


def as_interval(value: Any) -> tuple[float, float] | None:
    """A value or [lo, hi] as a (lo, hi) pair of floats; None when there is none."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return (float(value[0]), float(value[1])) if len(value) == 2 else None
    return (float(value), float(value))


def same_value(a: Any, b: Any) -> bool:
    """Equal values (ranges equal as [lo, hi]), allowing float noise."""
    x, y = as_interval(a), as_interval(b)
    if x is None or y is None:
        return False
    return all(abs(p - q) <= 1e-9 * max(1.0, abs(p), abs(q)) for p, q in zip(x, y))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def name_tokens(name: str) -> list[str]:
    """A name's words, lower-cased, accents and punctuation gone, honorifics and a leading "the" dropped."""
    # "U.S." is "us"; a possessive and an abbreviation in brackets ("(WHO)") are no part of the name.
    name = re.sub(r"\s*\(.*$", "", name)
    words = re.findall(r"[a-z0-9]+", _fold(name).replace(".", "").replace("'s", ""))
    # British and American spellings of one body ("Organisation", "Organization") are one name.
    words = [re.sub(r"isation$", "ization", w) for w in words if w not in _HONORIFICS]
    if words and words[0] == "the":
        words = words[1:]
    return words


def _person_like(name: str) -> bool:
    """Every word capitalised, as in a person's name ("Hillary Clinton", not "U.S. officials")."""
    words = re.findall(r"[^\W\d_][\w'.-]*", name)
    return bool(words) and all(w[0].isupper() for w in words)


def same_name(a: str | None, b: str | None) -> bool:
    """The same person or body: equal names, a lone surname of a person's name, or the same first and last names.

    Strict on purpose: "Bill Clinton" and "Hillary Clinton" differ; "Clinton" and "Hillary Clinton" are
    the same (a lone capitalised surname refers to a capitalised name of two or three words), but
    "officials" and "U.S. officials" are not; "Donald J. Trump" equals "Donald Trump".
    """
    x, y = name_tokens(a or ""), name_tokens(b or "")
    if not x or not y:
        return False
    if x == y:
        return True
    if len(x) == 1 or len(y) == 1:
        (short, short_raw), (full, full_raw) = sorted(((x, a or ""), (y, b or "")), key=lambda t: len(t[0]))
        return len(full) in (2, 3) and short[0] == full[-1] and _person_like(short_raw) and _person_like(full_raw)
    return x[0] == y[0] and x[-1] == y[-1] and len(x) >= 2 and len(y) >= 2 and _person_like(a or "") and _person_like(b or "")


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z0-9]+", _fold(text))}


def what_right(system_label: str | None, gold_what: str) -> bool:
    """The system's category/unit names gold's thing counted (see WHAT_SYNONYMS and the module docstring)."""
    if not system_label:
        return False
    label = _fold(system_label).strip()
    label = UNIT_WORDS.get(label, label)
    gold = _fold(gold_what).strip()
    if gold in WHAT_SYNONYMS.get(label, frozenset({label})):
        return True
    words = _words(label)
    return bool(words) and words <= _words(gold)


def scope_right(system_scope: Sequence[str] | None, gold_scope: Sequence[str] | None) -> bool:
    """Both empty, or a system place/group names one of gold's (equal or contained, case-folded)."""
    s = [_fold(x).strip() for x in system_scope or [] if x and x.strip()]
    g = [_fold(x).strip() for x in gold_scope or [] if x and x.strip()]
    if not s or not g:
        return not s and not g
    return any(a == b or a in b or b in a for a in s for b in g)


def scope_not_contradicted(system_scope: Sequence[str] | None, gold_scope: Sequence[str] | None) -> bool:
    """The system gives no scope, or one that scope_right accepts: it says nothing wrong."""
    if not [x for x in system_scope or [] if x and x.strip()]:
        return True
    return scope_right(system_scope, gold_scope)


def system_kind(fig: dict[str, Any]) -> str:
    """The system figure's kind in gold's vocabulary: its ``count_kind`` when it states one in that
    vocabulary, else KIND_MAP, then percent→rate, range→estimate_range, else stock."""
    if fig.get("count_kind") in GOLD_KINDS:
        return str(fig["count_kind"])
    kind = fig.get("kind")
    if kind in KIND_MAP:
        return KIND_MAP[kind]
    if (fig.get("unit") or "").lower() in _RATE_UNITS:
        return "rate"
    if isinstance(fig.get("value"), (list, tuple)):
        return "estimate_range"
    return "stock"


def system_scope(fig: dict[str, Any]) -> list[str]:
    """The system figure's scope in gold's sense (who and where): its ``scope`` words and the places
    of its ``where``."""
    return [*(fig.get("scope") or []), *(w for w in fig.get("where") or [] if w not in (fig.get("scope") or []))]


def system_what(fig: dict[str, Any]) -> str | None:
    """The system's label of what a figure counts: its ``what`` (the annotation's words) when it
    has one, else its category, else its unit."""
    return fig.get("what") or fig.get("category") or fig.get("unit")


def outlet_aliases(outlet: str | None) -> set[str]:
    """The normalised names that stand for an outlet's own voice."""
    out = set()
    for name in (outlet, outlet_name(outlet)):
        if name:
            out.add(" ".join(name_tokens(name)))
    return out


def source_right(system_source: str | None, gold_source: str, outlet: str | None) -> bool:
    """Same source by name; an unattributed system figure is right when gold names the outlet."""
    aliases = outlet_aliases(outlet)
    gold_is_outlet = " ".join(name_tokens(gold_source)) in aliases
    if not system_source or not system_source.strip():
        return gold_is_outlet
    if gold_is_outlet and " ".join(name_tokens(system_source)) in aliases:
        return True
    return same_name(system_source, gold_source)


def speaker_resolved(quote: dict[str, Any]) -> bool:
    """The system named someone (a person, a body, or an anonymous source), not "unresolved"."""
    if (quote.get("speaker_type") or "") == "unresolved":
        return False
    return _fold(quote.get("speaker") or "").strip() not in _UNRESOLVED


def speaker_right(quote: dict[str, Any], gold_speaker: str) -> bool:
    """The system's speaker is gold's: anonymous for gold's anonymous or unresolved, else the same name (same_name)."""
    if gold_speaker in ("anonymous", "unresolved"):
        # Gold names no one: the system is right when it names no one either.
        return quote.get("speaker_type") == "anonymous"
    speaker = quote.get("speaker") or ""
    if quote.get("speaker_type") == "anonymous":
        # "anonymous: health officials" names the group gold calls "health officials".
        speaker = speaker.split(":", 1)[1] if ":" in speaker else quote.get("speaker_text") or ""
    return same_name(speaker, gold_speaker)


def date_value_right(system_value: str | None, gold_value: str) -> bool:
    """The system's resolved value agrees with gold's day or month.

    Gold gives a month where the text names a vaguer time ("last week"); a system day in that month,
    or an ISO week whose Thursday falls in it, agrees with it.
    """
    if not system_value:
        return False
    value = system_value.split("T", 1)[0]
    if value == gold_value:
        return True
    if len(gold_value) != 7:
        return False
    week = re.fullmatch(r"(\d{4})-W(\d{2})", value)
    if week:
        try:
            thursday = date.fromisocalendar(int(week[1]), int(week[2]), 4)
        except ValueError:
            return False
        return thursday.isoformat()[:7] == gold_value
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and value[:7] == gold_value


# --- conflicts ----------------------------------------------------------------------

FigKey = tuple[str, str]  # (article id, gold figure id)


def article_id(dataset: str, doc: str) -> str:
    """The store id of a gold article."""
    return f"{dataset}:{doc}"


def relation_pairs(records: Iterable[dict[str, Any]], kinds: set[str]) -> list[tuple[FigKey, FigKey, str]]:
    """(figure, other figure, relation) for each gold relation of the given kinds."""
    out = []
    for rec in records:
        aid = article_id(rec["dataset"], rec["doc"])
        for rel in rec.get("relations") or []:
            if rel.get("relation") in kinds:
                to = rel.get("to") or {}
                other = article_id(rec["dataset"], to.get("doc", rec["doc"]))
                out.append(((aid, rel["figure"]), (other, to.get("figure", "")), rel["relation"]))
    return out


def gold_conflicts(records: Iterable[dict[str, Any]]) -> dict[frozenset[FigKey], set[frozenset[FigKey]]]:
    """Each gold "conflicts" relation (an unordered pair) with the pairs it implies over "agrees" relations.

    When A conflicts with B and C agrees with A, C conflicts with B too: the relation stands for
    every pair across the two groups of agreeing figures.
    """
    records = list(records)
    parent: dict[FigKey, FigKey] = {}

    def find(x: FigKey) -> FigKey:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _ in relation_pairs(records, {"agrees"}):
        parent[find(a)] = find(b)
    members: dict[FigKey, set[FigKey]] = defaultdict(set)
    for x in list(parent):
        members[find(x)].add(x)
    out: dict[frozenset[FigKey], set[frozenset[FigKey]]] = {}
    for a, b, _ in relation_pairs(records, {"conflicts"}):
        pairs = out.setdefault(frozenset((a, b)), set())
        for x in (members.get(find(a)) or set()) | {a}:
            for y in (members.get(find(b)) or set()) | {b}:
                if x != y:
                    pairs.add(frozenset((x, y)))
    return out


def gold_conflict_pairs(records: Iterable[dict[str, Any]]) -> set[frozenset[FigKey]]:
    """Every unordered gold figure pair in conflict (gold_conflicts, flattened)."""
    return {p for pairs in gold_conflicts(records).values() for p in pairs}


SysKey = tuple[str, int, int]  # (article id, start, end) of a bundle figure


def system_conflict_pairs(bundle: dict[str, Any]) -> set[frozenset[SysKey]]:
    """Unordered bundle figure pairs flagged as conflicting: in one conflict, from different sources, with different values.

    A bundle conflict lists every figure that clashes with another source's; two figures of the same
    source in it were not compared with each other, and two equal values agree.
    """
    outlets = {a["id"]: a.get("outlet") for a in bundle.get("articles") or []}
    figs = {(f["article"], f["start"], f["end"]): f for f in bundle.get("figures") or []}

    def source(key: SysKey) -> str:
        f = figs.get(key) or {}
        return f.get("source") or f"{outlets.get(key[0])} (unattributed)"

    pairs: set[frozenset[SysKey]] = set()
    for c in bundle.get("conflicts") or []:
        refs = [(r["article"], r["start"], r["end"]) for r in c.get("figures") or []]
        for i, a in enumerate(refs):
            for b in refs[i + 1 :]:
                if a == b or source(a) == source(b):
                    continue
                if not same_value((figs.get(a) or {}).get("value"), (figs.get(b) or {}).get("value")):
                    pairs.add(frozenset((a, b)))
    return pairs
