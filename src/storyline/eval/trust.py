"""Measures and targets on the real-news gold: can a reader trust the figures, sources and speakers?

The gold (``eval/gold/realnews/<dataset>.jsonl``, format in ``/work/scratch/gold/FORMAT.md``) marks,
by character offsets into each public reader's text, the counts an article gives (value, what,
scope, kind, source, as-of day), how counts across articles relate (agrees, updates, revises,
conflicts), who said each reported statement, the relative dates inside quotes, and spans that
are no quotes (headlines, captions). :func:`run` reads each gold article's text through the
set's reader, stores it unchanged (ids ``<dataset>:<doc>``) in one temporary SQLite store per
dataset, so that the articles of one story meet in one corpus, analyses it, and scores the
bundle for the dev split, the test split and both.

Matching rules (each measure keeps its counts beside it):

* A system figure matches a gold figure when their spans overlap; pairs are made one to one,
  largest overlap first. Gold ``not_a_count`` figures (ages, years, prices…) are figures the
  system should *not* report: one it reports is a false positive.
* Quantity: the system's category/unit is mapped to gold's vocabulary by :data:`WHAT_SYNONYMS`;
  "what" is right when the mapped label equals gold's or all its words occur in gold's (so
  "killed" fits "killed", "dollars" fits "dollars paid in taxes", "people" fits "people aboard").
  Scope is right when both are empty or one place/group names the same thing. The system's kind
  is mapped by :func:`system_kind` (cumulative→running_total, increment→period, percent→rate,
  a range→estimate_range, else stock).
* Source: names compared by :func:`same_name`; an unattributed system figure (no source) speaks
  for the outlet, and gold names the outlet itself (:data:`OUTLET_NAMES`) when it is unattributed.
* Conflicts: gold pairs come from ``conflicts`` relations, extended over ``agrees`` relations
  (a figure that agrees with one side conflicts with the other side too). The system flags a pair
  when both figures sit in one bundle conflict, from different sources, with different values.
* Speakers: a system quote matches a gold statement when they overlap by at least half of the
  shorter span. Names: :func:`same_name`; where gold names no one ("anonymous", "unresolved") the
  system is right when it names no one either (an anonymous speaker).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from storyline.errors import InputError, StorylineError

log = logging.getLogger(__name__)

GOLD_DIR = Path(__file__).resolve().parent / "gold" / "realnews"
SPLITS = ("dev", "test", "all")

# The targets: measure name -> the floor a trustworthy tool reaches.
TARGETS: dict[str, float] = {
    "figures found recall": 0.90,
    "figures found precision": 0.90,
    "quantity right (what+scope+kind)": 0.85,
    "source right": 0.85,
    "as-of right": 0.90,
    "conflicts precision": 0.90,
    "conflicts recall": 0.60,
    "updates/revisions told from conflicts": 0.85,
    "speaker accuracy (resolved)": 0.90,
    "speaker resolved": 0.85,
    "relative dates in quotes right": 0.85,
}

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
_RATE_UNITS = frozenset({"percent", "%", "per cent", "percentage points", "points"})

_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir"})
_UNRESOLVED = frozenset({"", "unresolved", "unknown"})


# --- gold ---------------------------------------------------------------------------


def load_gold(gold_dir: str | Path = GOLD_DIR, *, datasets: Sequence[str] | None = None, annotator: str = "a1") -> list[dict[str, Any]]:
    """The gold article records of ``annotator`` from every ``<dataset>*.jsonl`` (not stories.jsonl).

    Raises:
        InputError: the folder holds no gold file, or a line is not a JSON object with doc, dataset, split.
    """
    root = Path(gold_dir)
    files = sorted(p for p in root.glob("*.jsonl") if p.name != "stories.jsonl") if root.is_dir() else []
    if not files:
        raise InputError(root, None, "no gold .jsonl files found", "eval/gold/realnews/<dataset>.jsonl")
    out: list[dict[str, Any]] = []
    for file in files:
        for lineno, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(file, lineno, f"not JSON: {e}", "one gold article record per line") from None
            if not isinstance(rec, dict) or not all(k in rec for k in ("dataset", "doc", "split")):
                raise InputError(file, lineno, f"not a gold article record: {line[:80]!r}", "an object with dataset, doc, split")
            if rec.get("annotator", "a1") != annotator:
                continue
            if datasets and rec["dataset"] not in datasets:
                continue
            out.append(rec)
    return out


def article_id(dataset: str, doc: str) -> str:
    """The store id of a gold article."""
    return f"{dataset}:{doc}"


def gold_stories(gold_dir: str | Path = GOLD_DIR) -> list[dict[str, Any]]:
    """The story records of ``stories.jsonl`` ([] when absent)."""
    file = Path(gold_dir) / "stories.jsonl"
    if not file.is_file():
        return []
    return [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]


# --- texts and analysis -------------------------------------------------------------


def _read_dataset(data: Path, dataset: str, docs: set[str]) -> Iterator[tuple[str, str, date | None, str | None, str]]:
    """(doc id, text, published, outlet, title) for the wanted docs of one dataset, through its reader."""
    if dataset == "timeline17":
        from storyline.eval.readers.timeline17 import read_timeline17

        for topic in sorted({d.split("/", 1)[0] for d in docs}):
            for t in read_timeline17(data / "timeline17" / topic):
                doc = f"{topic}/{t.id}"
                if doc in docs:
                    yield doc, t.text, t.published, t.outlet, ""
        return
    if dataset == "basil":
        from storyline.eval.readers.basil import read_basil as reader
    elif dataset.startswith("giveme5w1h"):
        from storyline.eval.readers.giveme5w1h import read_giveme5w1h as reader
    elif dataset == "newswcl50":
        from storyline.eval.readers.newswcl50 import read_newswcl50 as reader
    else:
        raise StorylineError(f"no reader for gold dataset {dataset!r} (known: timeline17, basil, giveme5w1h_news, newswcl50)")
    for d in reader(data / dataset):
        if d.id in docs:
            yield d.id, d.text, d.published, d.outlet, d.title


def outlet_name(outlet: str | None) -> str | None:
    """A readable outlet name for a reader's outlet code or domain (NewsWCL50's codes as "outlet X")."""
    if not outlet:
        return None
    if outlet in OUTLET_NAMES:
        return OUTLET_NAMES[outlet]
    if re.fullmatch(r"[LRM]{1,2}", outlet):
        return f"outlet {outlet}"
    return outlet


def build_articles(data: str | Path, records: Sequence[dict[str, Any]]) -> tuple[list[Any], list[str]]:
    """Articles for the gold records (text unchanged), and the problems met (missing doc, text changed)."""
    from storyline.models import Article

    by_dataset: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for rec in records:
        by_dataset[rec["dataset"]][rec["doc"]] = rec
    articles, problems = [], []
    for dataset, recs in sorted(by_dataset.items()):
        seen = set()
        for doc, text, published, outlet, title in _read_dataset(Path(data), dataset, set(recs)):
            rec = recs[doc]
            seen.add(doc)
            if hashlib.sha1(text.encode("utf-8")).hexdigest() != rec.get("text_sha1"):
                problems.append(f"{dataset}:{doc}: the reader's text differs from the gold's (text_sha1); left out")
                continue
            if published is None and rec.get("published"):
                published = date.fromisoformat(rec["published"])
            articles.append(
                Article(id=article_id(dataset, doc), text=text, title=title, outlet=outlet_name(outlet), published=published, language="en")
            )
        problems += [f"{dataset}:{doc}: not found by the reader; left out" for doc in sorted(set(recs) - seen)]
    return articles, problems


def analyse(articles: Sequence[Any]) -> dict[str, Any]:
    """The bundle of ``articles`` analysed together in a temporary SQLite store."""
    from storyline import engine
    from storyline.store import open_store

    with tempfile.TemporaryDirectory(prefix="storyline-trust-") as tmp:
        store = open_store(f"sqlite:///{tmp}/trust.db")
        try:
            store.add_articles(articles)
            engine.analyze(store)
            return engine.bundle(store)
        finally:
            store.close()


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
    """The system figure's kind in gold's vocabulary (KIND_MAP, then percent→rate, range→estimate_range, else stock)."""
    kind = fig.get("kind")
    if kind in KIND_MAP:
        return KIND_MAP[kind]
    if (fig.get("unit") or "").lower() in _RATE_UNITS:
        return "rate"
    if isinstance(fig.get("value"), (list, tuple)):
        return "estimate_range"
    return "stock"


def system_what(fig: dict[str, Any]) -> str | None:
    """The system's label of what a figure counts: its category when it has one, else its unit."""
    return fig.get("category") or fig.get("unit")


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


def _relation_pairs(records: Iterable[dict[str, Any]], kinds: set[str]) -> list[tuple[FigKey, FigKey, str]]:
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

    for a, b, _ in _relation_pairs(records, {"agrees"}):
        parent[find(a)] = find(b)
    members: dict[FigKey, set[FigKey]] = defaultdict(set)
    for x in list(parent):
        members[find(x)].add(x)
    out: dict[frozenset[FigKey], set[frozenset[FigKey]]] = {}
    for a, b, _ in _relation_pairs(records, {"conflicts"}):
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


# --- scoring ------------------------------------------------------------------------


def ratio(num: int, den: int, target: float | None = None) -> dict[str, Any]:
    """A measure with its counts: {"value", "num", "den"} (value None when nothing was counted)."""
    out: dict[str, Any] = {"value": num / den if den else None, "num": num, "den": den}
    if target is not None:
        out["target"] = target
    return out


def _by_article(items: Iterable[dict[str, Any]], ids: set[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        if item.get("article") in ids:
            out[item["article"]].append(item)
    return out


def _short(text: str, words: int = 12) -> str:
    return " ".join(str(text).split()[:words])


def score(records: Sequence[dict[str, Any]], bundle: dict[str, Any]) -> dict[str, Any]:
    """Every measure for ``records`` against ``bundle`` (which may hold other articles too).

    Returns:
        {"measures": {name: {value, num, den, target?}}, "speakers_by_ref": {ref: {...}}, "errors": {class: [examples]}}.
    """
    outlets = {a["id"]: a.get("outlet") for a in bundle.get("articles") or []}
    ids = {article_id(r["dataset"], r["doc"]) for r in records}
    figs = _by_article(bundle.get("figures") or [], ids)
    quotes = _by_article(bundle.get("quotes") or [], ids)
    dates = _by_article(bundle.get("dates") or [], ids)
    errors: dict[str, list[dict[str, Any]]] = defaultdict(list)
    c: dict[str, int] = defaultdict(int)
    gold_to_sys: dict[FigKey, SysKey] = {}
    sys_to_gold: dict[SysKey, FigKey] = {}
    by_ref: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    for rec in records:
        aid = article_id(rec["dataset"], rec["doc"])
        outlet = outlets.get(aid)
        gold = rec.get("figures") or []
        system = figs.get(aid, [])
        match = pair_up([(g["start"], g["end"]) for g in gold], [(s["start"], s["end"]) for s in system])
        c["system figures"] += len(system)
        for i, g in enumerate(gold):
            countable = g.get("kind") != "not_a_count"
            s = system[match[i]] if i in match else None
            if s is not None:
                gold_to_sys[(aid, g["id"])] = (aid, s["start"], s["end"])
                sys_to_gold[(aid, s["start"], s["end"])] = (aid, g["id"])
            if not countable:
                c["gold not_a_count"] += 1
                if s is not None:
                    c["not_a_count reported"] += 1
                    errors["not_a_count reported"].append({"article": aid, "gold": g["span"], "system": s.get("text"), "unit": s.get("unit")})
                continue
            c["gold figures"] += 1
            if s is None:
                errors["figure missed"].append({"article": aid, "gold": g["span"], "what": g.get("what")})
                continue
            c["found"] += 1
            if same_value(g.get("value"), s.get("value")):
                c["value right"] += 1
            else:
                errors["value wrong"].append({"article": aid, "gold": g["span"], "gold_value": g.get("value"), "system": s.get("text"), "value": s.get("value")})
            w = what_right(system_what(s), g.get("what") or "")
            sc = scope_right(s.get("scope"), g.get("scope"))
            k = system_kind(s) == g.get("kind")
            c["what right"] += w
            c["scope right"] += sc
            c["scope not contradicted"] += scope_not_contradicted(s.get("scope"), g.get("scope"))
            c["kind right"] += k
            c["quantity right"] += w and sc and k
            if not w:
                errors["what wrong"].append({"article": aid, "gold": g["span"], "gold_what": g.get("what"), "system": system_what(s)})
            if not sc:
                errors["scope wrong"].append({"article": aid, "gold": g["span"], "gold_scope": g.get("scope"), "system": s.get("scope")})
            if not k:
                errors["kind wrong"].append({"article": aid, "gold": g["span"], "gold_kind": g.get("kind"), "system": s.get("kind"), "mapped": system_kind(s)})
            gsrc = g.get("source") or ""
            if gsrc and gsrc != "unresolved":
                c["sources checked"] += 1
                if source_right(s.get("source"), gsrc, outlet):
                    c["source right"] += 1
                else:
                    errors["source wrong"].append({"article": aid, "gold": g["span"], "gold_source": gsrc, "system": s.get("source")})
            if g.get("as_of"):
                c["as-of checked"] += 1
                if s.get("date") == g["as_of"]:
                    c["as-of right"] += 1
                else:
                    errors["as-of wrong"].append({"article": aid, "gold": g["span"], "gold_as_of": g["as_of"], "system": s.get("date")})
        matched = set(match.values())
        for j, s in enumerate(system):
            if j not in matched:
                errors["figure not in gold"].append({"article": aid, "system": s.get("text"), "unit": s.get("unit")})

        # Reported speech.
        qs = quotes.get(aid, [])
        spans = [(q["start"], q["end"]) for q in qs]
        smatch = pair_up([(g["start"], g["end"]) for g in rec.get("speakers") or []], spans, ok=half_overlap)
        for i, g in enumerate(rec.get("speakers") or []):
            ref = g.get("ref") or "none"
            row = by_ref[ref]
            row["gold"] += 1
            c["gold statements"] += 1
            if i not in smatch:
                continue
            q = qs[smatch[i]]
            row["found"] += 1
            c["statements found"] += 1
            gold_speaker = g.get("speaker") or "unresolved"
            if gold_speaker != "unresolved":
                c["speakers resolvable"] += 1
                row["resolvable"] += 1
            if not speaker_resolved(q):
                if gold_speaker != "unresolved":
                    errors["speaker unresolved"].append({"article": aid, "ref": ref, "gold": gold_speaker, "span": _short(g.get("span", ""), 8)})
                continue
            if gold_speaker != "unresolved":
                c["speakers resolved"] += 1
                row["resolved"] += 1
            c["speakers judged"] += 1
            row["judged"] += 1
            if speaker_right(q, gold_speaker):
                c["speakers right"] += 1
                row["right"] += 1
            else:
                errors["speaker wrong"].append({"article": aid, "ref": ref, "gold": gold_speaker, "system": q.get("speaker"), "span": _short(g.get("span", ""), 8)})

        # Relative dates inside quotes.
        ds = dates.get(aid, [])
        gd = rec.get("quoted_dates") or []
        dmatch = pair_up([(g["start"], g["end"]) for g in gd], [(d["start"], d["end"]) for d in ds])
        for i, g in enumerate(gd):
            c["gold quoted dates"] += 1
            if i in dmatch:
                c["quoted dates found"] += 1
            if not g.get("value"):
                c["quoted dates without value"] += 1
                continue
            c["quoted dates valued"] += 1
            sv = ds[dmatch[i]].get("value") if i in dmatch else None
            if date_value_right(sv, g["value"]):
                c["quoted dates right"] += 1
            else:
                errors["quoted date wrong"].append({"article": aid, "gold": g["span"], "gold_value": g["value"], "system": sv})

        # Spans that are no quotes.
        for g in rec.get("not_quotes") or []:
            c["gold not_quotes"] += 1
            if any(half_overlap((g["start"], g["end"]), sp) for sp in spans):
                c["not_quotes reported"] += 1
                errors["not_quote reported"].append({"article": aid, "why": g.get("why"), "gold": g["span"]})

    # Conflicts between figures.
    relations = gold_conflicts(records)
    gpairs = {p for pairs in relations.values() for p in pairs}
    spairs = {p for p in system_conflict_pairs(bundle) if all(k[0] in ids for k in p)}

    def flagged(p: frozenset[FigKey]) -> bool:
        a, b = tuple(p)
        return a in gold_to_sys and b in gold_to_sys and frozenset((gold_to_sys[a], gold_to_sys[b])) in spairs

    recalled = 0
    for rel, pairs in relations.items():
        if any(flagged(p) for p in pairs):
            recalled += 1
        else:
            errors["conflict missed"].append({"pair": sorted(f"{x[0]}#{x[1]}" for x in rel), "found": [x in gold_to_sys for x in rel]})
    right = 0
    for p in spairs:
        a, b = tuple(p)
        if a in sys_to_gold and b in sys_to_gold and frozenset((sys_to_gold[a], sys_to_gold[b])) in gpairs:
            right += 1
        else:
            errors["conflict not in gold"].append({"pair": sorted(f"{x[0]}@{x[1]}-{x[2]}" for x in p)})
    upd_total = upd_found = upd_apart = 0
    for a, b, rel in _relation_pairs(records, {"updates", "revises"}):
        upd_total += 1
        if a in gold_to_sys and b in gold_to_sys:
            upd_found += 1
            if frozenset((gold_to_sys[a], gold_to_sys[b])) not in spairs:
                upd_apart += 1
            else:
                errors["update flagged as conflict"].append({"relation": rel, "pair": [f"{a[0]}#{a[1]}", f"{b[0]}#{b[1]}"]})

    m: dict[str, Any] = {}
    m["figures found recall"] = ratio(c["found"], c["gold figures"], TARGETS["figures found recall"])
    m["figures found precision"] = ratio(c["found"], c["system figures"], TARGETS["figures found precision"])
    m["not_a_count figures reported"] = ratio(c["not_a_count reported"], c["gold not_a_count"])
    m["value right"] = ratio(c["value right"], c["found"])
    m["what right"] = ratio(c["what right"], c["found"])
    m["scope right"] = ratio(c["scope right"], c["found"])
    m["scope not contradicted"] = ratio(c["scope not contradicted"], c["found"])
    m["kind right"] = ratio(c["kind right"], c["found"])
    m["quantity right (what+scope+kind)"] = ratio(c["quantity right"], c["found"], TARGETS["quantity right (what+scope+kind)"])
    m["source right"] = ratio(c["source right"], c["sources checked"], TARGETS["source right"])
    m["as-of right"] = ratio(c["as-of right"], c["as-of checked"], TARGETS["as-of right"])
    m["conflicts precision"] = ratio(right, len(spairs), TARGETS["conflicts precision"])
    m["conflicts recall"] = ratio(recalled, len(relations), TARGETS["conflicts recall"])
    m["updates/revisions told from conflicts"] = ratio(upd_apart, upd_found, TARGETS["updates/revisions told from conflicts"])
    m["updates/revisions with both figures found"] = ratio(upd_found, upd_total)
    m["statements found (speaker spans)"] = ratio(c["statements found"], c["gold statements"])
    m["speaker accuracy (resolved)"] = ratio(c["speakers right"], c["speakers judged"], TARGETS["speaker accuracy (resolved)"])
    m["speaker resolved"] = ratio(c["speakers resolved"], c["speakers resolvable"], TARGETS["speaker resolved"])
    m["relative dates in quotes found"] = ratio(c["quoted dates found"], c["gold quoted dates"])
    m["relative dates in quotes right"] = ratio(c["quoted dates right"], c["quoted dates valued"], TARGETS["relative dates in quotes right"])
    m["not_quotes reported as quotes"] = ratio(c["not_quotes reported"], c["gold not_quotes"])
    refs = {}
    for ref in ("named", "role", "pronoun", "nominal", "none"):
        row = by_ref.get(ref, {})
        refs[ref] = {
            "gold": row.get("gold", 0),
            "found": row.get("found", 0),
            "resolved": ratio(row.get("resolved", 0), row.get("resolvable", 0)),
            "accuracy": ratio(row.get("right", 0), row.get("judged", 0)),
        }
    return {"measures": m, "speakers_by_ref": refs, "errors": dict(errors)}


# --- the run ------------------------------------------------------------------------


def run(
    data: str | Path,
    *,
    datasets: Sequence[str] | None = None,
    splits: Sequence[str] = SPLITS,
    gold_dir: str | Path = GOLD_DIR,
    annotator: str = "a1",
) -> dict[str, Any]:
    """Analyse every gold article (one store per dataset) and score each split.

    Returns:
        {"datasets", "articles" (per split), "problems", "splits": {split: score(...)}, "not_measured"}.

    Raises:
        InputError: the gold or a data set cannot be read.
        StorylineError: no gold article is left to score.
    """
    import time

    t0 = time.perf_counter()
    records = load_gold(gold_dir, datasets=datasets, annotator=annotator)
    if not records:
        raise StorylineError(f"no gold articles of annotator {annotator!r} for datasets {list(datasets or [])!r} in {str(gold_dir)!r}")
    bundle: dict[str, Any] = {"articles": [], "figures": [], "quotes": [], "dates": [], "conflicts": []}
    problems: list[str] = []
    kept: set[str] = set()
    names = sorted({r["dataset"] for r in records})
    for name in names:
        recs = [r for r in records if r["dataset"] == name]
        articles, probs = build_articles(data, recs)
        problems += probs
        if not articles:
            continue
        log.info("trust: analysing %d %s articles", len(articles), name)
        part = analyse(articles)
        kept |= {a.id for a in articles}
        for key in bundle:
            bundle[key].extend(part.get(key) or [])
    records = [r for r in records if article_id(r["dataset"], r["doc"]) in kept]
    if not records:
        raise StorylineError("no gold article could be read: " + "; ".join(problems[:5]))
    out: dict[str, Any] = {"datasets": names, "annotator": annotator, "articles": {}, "problems": problems, "splits": {}}
    for split in splits:
        chosen = [r for r in records if split == "all" or r["split"] == split]
        out["articles"][split] = len(chosen)
        out["splits"][split] = score(chosen, bundle)
    stories = [s for s in gold_stories(gold_dir) if not datasets or s.get("dataset") in datasets]
    out["not_measured"] = (
        [
            {"measure": "events with a timeline entry", "gold": sum(len(s.get("events") or []) for s in stories), "note": "not measured yet"},
            {"measure": "event titles", "gold": sum(len(s.get("events") or []) for s in stories), "note": "not measured yet"},
        ]
        if stories
        else []
    )
    out["seconds"] = round(time.perf_counter() - t0, 1)
    return out
