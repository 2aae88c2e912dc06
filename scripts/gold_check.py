"""Validate every real-news gold file (a1 and a2) against the texts of ../shared/data and print a summary.

Usage: python scripts/gold_check.py [--dataset NAME]   (src on PYTHONPATH; exit status 1 on any problem)
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from storyline.eval.gold import (
    doc_exists,
    load_gold,
    load_stories,
    load_story_judgements,
    reader_text,
    validate,
    validate_judgements,
    validate_story,
)


def main(argv: list[str] | None = None) -> int:
    """Check each record and story; print the problems, then the counts."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", default=None)
    args = ap.parse_args(argv)
    records = load_gold(args.dataset, annotator=None)
    known: dict[tuple[str, str], set[str]] = {}
    for rec in records:
        known.setdefault((rec["dataset"], rec["doc"]), set()).update(f["id"] for f in rec.get("figures", []))
    problems: list[str] = []
    seen: Counter[tuple[str, str, str]] = Counter()
    for rec in records:
        seen[(rec["dataset"], rec["doc"], rec.get("annotator", ""))] += 1
        try:
            text = reader_text(rec["dataset"], rec["doc"])
        except KeyError as e:
            problems.append(str(e))
            continue
        problems += validate(rec, text, known)
    problems += [f"{k}: {n} records for one (doc, annotator)" for k, n in seen.items() if n > 1]
    splits: dict[str, set[str]] = {}
    for rec in records:
        splits.setdefault(rec["story"], set()).add(rec["split"])
    problems += [f"story {s}: split over {sorted(v)}" for s, v in splits.items() if len(v) > 1]
    problems += [f"{rec['dataset']}:{rec['doc']}: a2 record without an a1 record" for rec in records
                 if rec.get("annotator") != "a1" and (rec["dataset"], rec["doc"]) not in
                 {(r["dataset"], r["doc"]) for r in records if r.get("annotator") == "a1"}]
    for story in load_stories():
        if args.dataset is None or story.get("dataset") == args.dataset:
            problems += validate_story(story, doc_exists)
    for judgement in load_story_judgements():
        problems += validate_judgements(judgement, load_stories())
    for p in problems:
        print(p)
    rel = Counter(r["relation"] for rec in records for r in rec.get("relations", []))
    refs = Counter(s["ref"] for rec in records for s in rec.get("speakers", []))
    per = Counter((rec["dataset"], rec["story"], rec["split"]) for rec in records if rec.get("annotator") == "a1")
    second = Counter(rec["dataset"] for rec in records if rec.get("annotator") != "a1")
    print(f"{len(records)} records, {len({r['dataset'] for r in records})} datasets, "
          f"{sum(len(r.get('figures', [])) for r in records)} figures, "
          f"{sum(len(r.get('speakers', [])) for r in records)} speakers, "
          f"{sum(len(r.get('quoted_dates', [])) for r in records)} quoted dates, "
          f"{sum(len(r.get('not_quotes', [])) for r in records)} not-quotes")
    print("relations:", dict(sorted(rel.items())), "| speaker refs:", dict(sorted(refs.items())))
    print("second annotator:", dict(sorted(second.items())))
    for (ds, story, split), n in sorted(per.items()):
        print(f"  {ds:16s} {story:24s} {split:5s} {n}")
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
