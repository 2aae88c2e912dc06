"""Timeline entries and event titles on the real-news gold stories (``storyline eval trust``).

The rules are those of ``docs/annotation.md`` §5.1, written before any score was computed:

* a gold event's system events are those holding its docs; its *main* system event holds most of them;
* it **has an entry** when the system timeline has an item of one of its system events;
* **its entry** is that item dated nearest to the gold date (ties: the earlier); **its title** is the
  title of its main system event;
* the **automatic** judgement: the Dice coefficient of content-term sets
  (:func:`storyline.cluster.terms.content_terms`) against the gold references (the a1 title and
  main development, and the a2 replacement where a2 rejected one) reaches :data:`DICE_FITS`; a title
  must also pass :func:`title_form_ok`;
* the **hand** judgements: ``stories.judged.jsonl`` holds, per (story, event, kind, SHA-1 of the
  system text), a verdict of judge ``j1`` and of judge ``j2`` (a later blind pass). No system text is
  stored: the SHA-1 keys the verdict to the text it was given for.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from storyline.cluster.terms import content_terms, tokens
from storyline.eval.gold import GOLD_DIR, read_records
from storyline.eval.trust_match import ratio

# Fixed before measuring (docs/annotation.md §5.1); not tuned on test.
DICE_FITS = 0.25
TITLE_MAX_WORDS = 15
JUDGED_FILE = "stories.judged.jsonl"
KINDS = ("entry", "title")

# What a title never holds: a wire dateline ("PARIS | Wed Apr 20, 2011", "GENEVA (Reuters) -"), a
# byline, a clock timestamp, a "Last updated" stamp, a live-blog heading, a photo credit.
_NOT_TITLE = re.compile(
    r"\|\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b"
    r"|\([A-Z][\w.& ]{1,20}\)\s*[-—–]"
    r"|^\s*By\s+[A-Z]"
    r"|\b\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?\s*)?(?:GMT|BST|EDT|EST|ET|UTC|JST|IST)?\b"
    r"|\blast\s+updated\b"
    r"|\blive(?:\s+updates?|\s*:|\s+blog)\b|\bas\s+it\s+happened\b"
    r"|\bPhotograph:",
    re.IGNORECASE,
)


def text_sha1(text: str) -> str:
    """The key of a system text in the judgement file."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()


def terms(text: str) -> set[str]:
    """The content terms of ``text``, as the clusterer reads them."""
    return set(content_terms(tokens(text)))


def dice(a: str, b: str) -> float:
    """Dice coefficient of the two texts' content-term sets (0 when either has none)."""
    ta, tb = terms(a), terms(b)
    return 2 * len(ta & tb) / (len(ta) + len(tb)) if ta and tb else 0.0


def title_form_ok(title: str) -> bool:
    """Whether a title has a title's form: 1 to 15 words, no dateline, byline, stamp or live heading."""
    words = title.split()
    return 0 < len(words) <= TITLE_MAX_WORDS and not _NOT_TITLE.search(title)


def references(event: Mapping[str, Any], second: Mapping[str, Any] | None) -> list[str]:
    """The gold texts an output is judged against: a1's title and development, a2's replacements."""
    refs = [event.get("title") or "", event.get("main_development") or ""]
    if second:
        refs += [second.get("title") or "", second.get("main_development") or ""]
    return [r for r in refs if r]


def fits(text: str | None, refs: Sequence[str], *, title: bool = False) -> bool:
    """The automatic verdict (docs/annotation.md §5.1)."""
    if not text or (title and not title_form_ok(text)):
        return False
    return max((dice(text, r) for r in refs), default=0.0) >= DICE_FITS


def event_outputs(event: Mapping[str, Any], dataset: str, bundle: Mapping[str, Any]) -> dict[str, Any]:
    """What the system shows for one gold event: its system events, whether it has an entry, its entry and title."""
    event_of = {a["id"]: a.get("event") for a in bundle.get("articles") or []}
    order = [e["id"] for e in bundle.get("events") or []]
    titles = {e["id"]: e.get("title") or "" for e in bundle.get("events") or []}
    votes: dict[str, int] = defaultdict(int)
    for doc in event.get("docs") or []:
        ev = event_of.get(f"{dataset}:{doc}")
        if ev:
            votes[ev] += 1
    mine = sorted(votes, key=lambda e: (-votes[e], order.index(e) if e in order else len(order)))
    items = [t for t in bundle.get("timeline") or [] if t.get("event") in votes]
    day = date.fromisoformat(event["date"])
    items.sort(key=lambda t: (abs((date.fromisoformat(t["date"]) - day).days), t["date"]))
    return {
        "system_events": mine,
        "has_entry": bool(items),
        "entry": items[0]["text"] if items else None,
        "entry_date": items[0]["date"] if items else None,
        "title": titles.get(mine[0]) if mine else None,
    }


def load_judged(gold_dir: str | Path = GOLD_DIR) -> dict[tuple[str, str, str, str], dict[str, bool]]:
    """(story, event, kind, sha1) -> {judge: fits} from the judgement file ({} when absent)."""
    path = Path(gold_dir) / JUDGED_FILE
    out: dict[tuple[str, str, str, str], dict[str, bool]] = defaultdict(dict)
    if path.is_file():
        for rec in read_records(path):
            out[(rec["story"], rec["event"], rec["kind"], rec["sha1"])][rec["judge"]] = bool(rec["fits"])
    return dict(out)


def second_opinions(gold_dir: str | Path = GOLD_DIR) -> dict[tuple[str, str], dict[str, Any]]:
    """(story, event) -> the a2 record of that event (its replacements where it rejected a1's)."""
    path = Path(gold_dir) / "stories.a2.jsonl"
    if not path.is_file():
        return {}
    return {(rec["story"], ev["id"]): ev for rec in read_records(path) for ev in rec.get("events") or []}


def outputs(stories: Iterable[Mapping[str, Any]], bundle: Mapping[str, Any], gold_dir: str | Path = GOLD_DIR) -> list[dict[str, Any]]:
    """One row per gold event: the gold, the system's outputs, the automatic and hand verdicts."""
    second = second_opinions(gold_dir)
    judged = load_judged(gold_dir)
    rows = []
    for story in stories:
        for ev in story.get("events") or []:
            out = event_outputs(ev, story.get("dataset") or "", bundle)
            refs = references(ev, second.get((story["story"], ev["id"])))
            row = {"story": story["story"], "split": story.get("split"), "event": ev["id"], "date": ev["date"], **out}
            for kind in KINDS:
                text = out[kind]
                row[f"{kind}_sha1"] = text_sha1(text) if text else None
                row[f"{kind}_auto"] = fits(text, refs, title=kind == "title")
                row[f"{kind}_hand"] = judged.get((story["story"], ev["id"], kind, row[f"{kind}_sha1"]), {}) if text else {}
            rows.append(row)
    return rows


def measures(rows: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The story measures of ``rows``; a missing entry or title counts as not fitting, and the
    hand-judged measures count only the outputs judge j1 has seen (with how many there are)."""
    n = len(rows)
    m: dict[str, dict[str, Any]] = {
        "events with a timeline entry": ratio(sum(r["has_entry"] for r in rows), n, 1.0),
        "entry is the main development (auto)": ratio(sum(r["entry_auto"] for r in rows), n, 0.80),
    }
    judged = [r for r in rows if not r["entry"] or "j1" in r["entry_hand"]]
    m["entry is the main development (judged j1)"] = ratio(sum(bool(r["entry"]) and r["entry_hand"]["j1"] for r in judged), len(judged), 0.80)
    m["event titles fitting (auto)"] = ratio(sum(r["title_auto"] for r in rows), n, 0.90)
    judged = [r for r in rows if not r["title"] or "j1" in r["title_hand"]]
    m["event titles fitting (judged j1)"] = ratio(sum(bool(r["title"]) and r["title_hand"]["j1"] for r in judged), len(judged), 0.90)
    return m


def kappa(pairs: Sequence[tuple[bool, bool]]) -> float | None:
    """Cohen's kappa of two binary judgements (None when undefined: no pairs, or chance agreement 1)."""
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    pa, pb = sum(a for a, _ in pairs) / n, sum(b for _, b in pairs) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return None if expected == 1 else (observed - expected) / (1 - expected)


def agreement(rows: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per kind: j1 against j2, and the automatic rule against j1 (raw agreement and kappa)."""
    out: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        hand = [r[f"{kind}_hand"] for r in rows if r[kind]]
        autos = [(r[f"{kind}_auto"], r[f"{kind}_hand"]["j1"]) for r in rows if r[kind] and "j1" in r[f"{kind}_hand"]]
        judges = [(h["j1"], h["j2"]) for h in hand if "j1" in h and "j2" in h]
        for name, pairs in ((f"{kind}: j1 vs j2", judges), (f"{kind}: auto vs j1", autos)):
            out[name] = {**ratio(sum(a == b for a, b in pairs), len(pairs)), "kappa": kappa(pairs)}
    return out
