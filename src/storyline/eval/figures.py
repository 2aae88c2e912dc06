"""GDELT-style casualty and arrest counts as a cross-check of the figures stage.

No public gold exists for numeric claims with their units, so this evaluation measures what can be
measured without one:

* **coverage**: over a news set read from a path (Timeline17's input articles), how many articles
  and how many claims get a count of each GDELT-style category (killed, wounded, arrested,
  displaced, kidnapped);
* **a sample for hand-checking**: a seeded random sample of the extracted counts, written with the
  sentence each came from to a file *outside* the repository (the text belongs to its publishers).
  A person reads each sentence and records a verdict; precision is correct / checked. The verdicts
  (ids, correct or not, and a reason in our words) are what the repository keeps.

The articles go through the same spaCy model, components and extractor as the pipeline's
``figures`` stage, without the ``dates`` and ``quotes`` refinements (they change as-of dates and
sources, not the counts checked here).
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from storyline.errors import InputError

CATEGORIES = ("killed", "wounded", "arrested", "displaced", "kidnapped")
SAMPLE_SIZE = 50
SEED = 17
_REPO_ROOT = Path(__file__).resolve().parents[3]


def _check_outside_repo(path: Path) -> None:
    """Refuse to write publisher text into the repository."""
    resolved = path.resolve()
    if resolved == _REPO_ROOT or _REPO_ROOT in resolved.parents:
        raise InputError(
            path, None, "the sample holds publishers' sentences and must not be written inside the repository",
            "a path outside the repository, e.g. /tmp/figures_sample.jsonl",
        )


def _sentence(text: str, start: int, end: int) -> tuple[int, str]:
    """The line holding a claim (Timeline17 has one sentence per line): its start and its text."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    return lo, text[lo:hi]


def run(
    data: str | Path,
    *,
    limit: int | None = None,
    seed: int = SEED,
    sample_out: str | Path | None = None,
    sample_size: int = SAMPLE_SIZE,
) -> dict[str, Any]:
    """Extract figures from the set at ``data`` and report GDELT-style coverage.

    Args:
        data: Timeline17's folder (or one of its topic folders).
        limit: read only this many articles, picked at random with ``seed``.
        seed: seeds the article pick and the sample.
        sample_out: where to write the hand-check sample (JSON lines); must lie outside the repository.
        sample_size: how many counts the sample holds.

    Returns:
        ``{data, articles, words, seconds, figures, categories: {name: {articles, claims}},
        any_category_articles, sample: {path, size} | None}``.

    Raises:
        InputError: the folder is not a Timeline17 layout, or ``sample_out`` lies in the repository.
    """
    from storyline.eval.readers.timeline17 import read_timeline17
    from storyline.figures.claims import extract
    from storyline.parsing import component_closure, load_model

    if sample_out is not None:
        _check_outside_repo(Path(sample_out))
    docs = list(read_timeline17(data, limit=limit, seed=seed))
    nlp = load_model(component_closure({"parser", "lemmatizer", "ner"}))
    started = time.perf_counter()
    words = 0
    total = 0
    claims: Counter[str] = Counter()
    articles: Counter[str] = Counter()
    any_category = 0
    counts: list[dict[str, Any]] = []
    for art, doc in zip(docs, nlp.pipe((d.text for d in docs), batch_size=32)):
        words += len(art.text.split())
        items = extract(doc, art.published)
        total += len(items)
        seen = set()
        for item in items:
            cat = item.get("category")
            if cat not in CATEGORIES:
                continue
            claims[cat] += 1
            seen.add(cat)
            lo, sentence = _sentence(art.text, item["start"], item["end"])
            counts.append(
                {
                    "doc": art.id,
                    "published": art.published.isoformat(),
                    "start": item["start"],
                    "end": item["end"],
                    "sentence": sentence,
                    "in_sentence": [item["start"] - lo, item["end"] - lo],
                    "text": item["text"],
                    "value": item["value"],
                    "unit": item["unit"],
                    "category": cat,
                    "qualifier": item["qualifier"],
                    "source": item["source"],
                }
            )
        articles.update(seen)
        any_category += bool(seen)
    seconds = time.perf_counter() - started
    sample = None
    if sample_out is not None:
        sample = write_sample(counts, Path(sample_out), size=sample_size, seed=seed)
    n = len(docs)
    return {
        "data": str(data),
        "articles": n,
        "words": words,
        "seconds": round(seconds, 2),
        "figures": total,
        "categories": {
            c: {"articles": articles[c], "article_share": round(articles[c] / n, 4) if n else 0.0, "claims": claims[c]}
            for c in CATEGORIES
        },
        "any_category_articles": any_category,
        "counts": len(counts),
        "sample": sample,
    }


def write_sample(counts: list[dict[str, Any]], path: Path, *, size: int = SAMPLE_SIZE, seed: int = SEED) -> dict[str, Any]:
    """Write a seeded random sample of ``counts`` as JSON lines, each with an id ("f01"…) to give verdicts by."""
    _check_outside_repo(path)
    ordered = sorted(counts, key=lambda c: (c["doc"], c["start"]))
    picked = random.Random(seed).sample(ordered, min(size, len(ordered)))
    picked.sort(key=lambda c: (c["doc"], c["start"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for i, count in enumerate(picked, 1):
            out.write(json.dumps({"id": f"f{i:02d}", **count}, ensure_ascii=False) + "\n")
    return {"path": str(path), "size": len(picked)}


def precision(verdicts: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Precision of hand-checked counts: ``verdicts`` are ``{id, correct: bool, reason}``.

    Returns:
        ``{checked, correct, precision}``.
    """
    rows = list(verdicts)
    correct = sum(1 for v in rows if v.get("correct") is True)
    return {"checked": len(rows), "correct": correct, "precision": round(correct / len(rows), 4) if rows else 0.0}
