"""Measures and targets on the real-news gold: can a reader trust the figures, sources and speakers?

The gold (``eval/gold/realnews/<dataset>.jsonl``, format in ``/work/scratch/gold/FORMAT.md``) marks,
by character offsets into each public reader's text, the counts an article gives (value, what,
scope, kind, source, as-of day), how counts across articles relate (agrees, updates, revises,
conflicts), who said each reported statement, the relative dates inside quotes, and spans that
are no quotes (headlines, captions). :func:`run` reads each gold article's text through the
set's reader, stores it unchanged (ids ``<dataset>:<doc>``) in one temporary SQLite store per
dataset, so that the articles of one story meet in one corpus, analyses it, and scores the
bundle for the dev split, the test split and both.

Matching rules (in :mod:`storyline.eval.trust_match`; each measure keeps its counts beside it):

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
* Timeline entries and event titles of the gold stories (``stories.jsonl``): see
  :mod:`storyline.eval.trust_stories` and ``docs/annotation.md`` §5.1.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from storyline.errors import InputError, StorylineError
from storyline.eval import trust_stories
from storyline.eval.gold import GOLD_DIR, numbered_records, read_records
from storyline.eval.trust_match import (
    FigKey,
    SysKey,
    article_id,
    date_value_right,
    gold_conflicts,
    half_overlap,
    outlet_name,
    pair_up,
    ratio,
    relation_pairs,
    same_value,
    scope_not_contradicted,
    scope_right,
    source_right,
    speaker_resolved,
    speaker_right,
    system_conflict_pairs,
    system_kind,
    system_scope,
    system_what,
    what_right,
)

log = logging.getLogger(__name__)

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


# --- gold ---------------------------------------------------------------------------


def load_gold(gold_dir: str | Path = GOLD_DIR, *, datasets: Sequence[str] | None = None, annotator: str = "a1") -> list[dict[str, Any]]:
    """The gold article records of ``annotator`` from every ``<dataset>*.jsonl`` (not the stories files).

    Raises:
        InputError: the folder holds no gold file, or a line is not a JSON object with doc, dataset, split.
    """
    root = Path(gold_dir)
    files = sorted(p for p in root.glob("*.jsonl") if not p.name.startswith("stories.")) if root.is_dir() else []
    if not files:
        raise InputError(root, None, "no gold .jsonl files found", "eval/gold/realnews/<dataset>.jsonl")
    out: list[dict[str, Any]] = []
    for file in files:
        for lineno, rec in numbered_records(file):
            if not all(k in rec for k in ("dataset", "doc", "split")):
                raise InputError(file, lineno, f"not a gold article record: {str(rec)[:80]!r}", "an object with dataset, doc, split")
            if rec.get("annotator", "a1") != annotator:
                continue
            if datasets and rec["dataset"] not in datasets:
                continue
            out.append(rec)
    return out


def gold_stories(gold_dir: str | Path = GOLD_DIR) -> list[dict[str, Any]]:
    """The story records of ``stories.jsonl`` ([] when absent)."""
    file = Path(gold_dir) / "stories.jsonl"
    if not file.is_file():
        return []
    return read_records(file)


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


# --- scoring ------------------------------------------------------------------------


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
            sc = scope_right(system_scope(s), g.get("scope"))
            k = system_kind(s) == g.get("kind")
            c["what right"] += w
            c["scope right"] += sc
            c["scope not contradicted"] += scope_not_contradicted(system_scope(s), g.get("scope"))
            c["kind right"] += k
            c["quantity right"] += w and sc and k
            if not w:
                errors["what wrong"].append({"article": aid, "gold": g["span"], "gold_what": g.get("what"), "system": system_what(s)})
            if not sc:
                errors["scope wrong"].append({"article": aid, "gold": g["span"], "gold_scope": g.get("scope"), "system": system_scope(s)})
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
    for sp in spairs:
        sa, sb = tuple(sp)
        if sa in sys_to_gold and sb in sys_to_gold and frozenset((sys_to_gold[sa], sys_to_gold[sb])) in gpairs:
            right += 1
        else:
            errors["conflict not in gold"].append({"pair": sorted(f"{x[0]}@{x[1]}-{x[2]}" for x in sp)})
    upd_total = upd_found = upd_apart = 0
    for ga, gb, kind in relation_pairs(records, {"updates", "revises"}):
        upd_total += 1
        if ga in gold_to_sys and gb in gold_to_sys:
            upd_found += 1
            if frozenset((gold_to_sys[ga], gold_to_sys[gb])) not in spairs:
                upd_apart += 1
            else:
                errors["update flagged as conflict"].append({"relation": kind, "pair": [f"{ga[0]}#{ga[1]}", f"{gb[0]}#{gb[1]}"]})

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
    bundle: dict[str, Any] = {k: [] for k in ("articles", "figures", "quotes", "dates", "conflicts", "events", "stories", "timeline")}
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
    stories = [s for s in gold_stories(gold_dir) if s.get("dataset") in names]
    rows = trust_stories.outputs(stories, bundle, gold_dir)
    for split in splits:
        chosen = [r for r in rows if split == "all" or r["split"] == split]
        if chosen:
            out["splits"][split]["measures"].update(trust_stories.measures(chosen))
    out["stories"] = {"events": rows, "agreement": trust_stories.agreement(rows)}
    out["not_measured"] = []
    out["seconds"] = round(time.perf_counter() - t0, 1)
    return out
