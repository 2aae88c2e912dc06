"""Quote speakers checked on BASIL: a second, small check beside PolNeAR.

BASIL marks 722 quote spans in 300 articles (NYT, Fox News, HuffPost), each with a speaker label:
a name ("Donald_Trump"), a group ("House_Democrats"), or "other_pro" / "other_anti" /
"other_neutral" for everyone else. The articles go through the quotes stage, the corpus goes
through the entities stage's merge, and each quote gets its canonical speaker as the bundle
would give it. Then, for every gold span:

* **found** when one of our bundle quotes (speech and belief attributions) covers at least half
  of the span's alphanumeric characters;
* for spans whose label names one person or body (not "other_…" and not a group such as
  "Democratic_lawmakers" or "House_Republicans", whose quotes come from individual members),
  the speaker is **correct** when our canonical speaker, with case and accents ignored, equals
  the label's words joined by spaces, or ends in the label's last word ("Trump" ~
  "Donald_Trump"; BASIL cuts a label at its first non-ASCII letter, so "Felipe_Calder" ~
  "Felipe Calderón"). Group labels are counted apart, for coverage only.

Parsed documents are cached like the PolNeAR run's.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

from storyline.eval.quotes import alnum_chars, parse_all, stage_results
from storyline.eval.readers.basil_quotes import read_basil_quotes
from storyline.people.names import fold

_OTHER = "other_"
# Words of BASIL labels that name a group of people rather than one speaker.
_GROUP_WORDS = frozenset(
    "lawmakers democrats republicans members committee campaign party house senate gop administration "
    "officials supporters critics police protesters voters leaders democratic republican tea".split()
)


def names_one(label: str) -> bool:
    """Whether a BASIL speaker label names one person or body (not "other_…", not a group)."""
    return bool(label) and not label.startswith(_OTHER) and not any(w.lower() in _GROUP_WORDS for w in label.split("_"))


def speaker_matches(ours: str | None, label: str) -> bool:
    """Whether our canonical speaker names BASIL's speaker label (see the module docstring)."""
    if not ours:
        return False
    want = fold(label.replace("_", " ")).split()
    got = fold(ours).split()
    if not want or not got:
        return False
    # BASIL cuts a label at its first non-ASCII letter ("Felipe_Calder" for Calderón): a cut
    # last word must begin ours.
    return got == want or got[-1] == want[-1] or (len(want[-1]) >= 4 and got[-1].startswith(want[-1]) and label.isascii())


def run_basil(data: str | Path, *, cache_dir: str | Path | None = ".cache/quotes-eval") -> dict[str, Any]:
    """Coverage of BASIL's quote spans and speaker accuracy on the named ones.

    Returns:
        Plain data: article and span counts, found spans (all and named), correct speakers,
        and seconds.
    """
    from storyline.people.corpus import merge_corpus
    from storyline.quotes.canonical import BUNDLE_CLASSES, canonical_quote, org_lookup

    started = time.perf_counter()
    articles = list(read_basil_quotes(data))
    docs = parse_all([a.text for a in articles], Path(cache_dir) if cache_dir else None)
    per_article = []
    grouped = []
    for art, doc in zip(articles, docs):
        people, attributions = stage_results(doc, art.id)
        per_article.append(attributions)
        when = date.fromisoformat(art.published) if len(art.published) == 10 else None
        grouped.append((art.id, when, people))
    entities, resolution = merge_corpus(grouped)
    items = [e.as_item() for e in entities]
    by_id = {e["id"]: e for e in items}
    index = {e.id: {"roles": sorted(e.titles), "dates": sorted({d.isoformat() for d in e.dates}), "key": e.key} for e in entities}
    orgs = org_lookup(by_id, index)
    counts = {"spans": 0, "found": 0, "named": 0, "named_found": 0, "speaker_correct": 0}
    for art, attributions, (_, when, _) in zip(articles, per_article, grouped):
        quotes = [
            canonical_quote(a, resolution.get(art.id, {}), by_id, index, when, orgs)
            for a in attributions
            if a["cls"] in BUNDLE_CLASSES
        ]
        spans = [(alnum_chars(art.text, [tuple(p) for p in q.get("parts") or [[q["start"], q["end"]]]]), q) for q in quotes]
        for gold in art.quotes:
            chars = alnum_chars(art.text, [(gold.start, gold.end)])
            if not chars:
                continue
            hits = [q for c, q in spans if len(c & chars) >= 0.5 * len(chars)]
            named = names_one(gold.speaker)
            counts["spans"] += 1
            counts["found"] += bool(hits)
            counts["named"] += named
            if named and hits:
                counts["named_found"] += 1
                best = min(hits, key=lambda q: q["end"] - q["start"])
                counts["speaker_correct"] += speaker_matches(best.get("speaker"), gold.speaker)
    return {
        "articles": len(articles),
        **counts,
        "coverage": counts["found"] / counts["spans"] if counts["spans"] else 0.0,
        "speaker_accuracy": counts["speaker_correct"] / counts["named_found"] if counts["named_found"] else 0.0,
        "seconds": round(time.perf_counter() - started, 1),
    }
