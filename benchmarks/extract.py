"""Words per second of each extraction stage, and the whole extraction as a ratio to the spaCy pass.

    .venv/bin/python benchmarks/extract.py --data ../shared/data/timeline17 --limit 300
    .venv/bin/python benchmarks/extract.py --n 200          # generated articles, no data needed

The texts are parsed once with spaCy's own ``nlp.pipe`` using the pipeline's model and components
(the shared pass, and our physical limit); each stage's extractor is then timed over the same parsed
documents. A section per stage: a stage whose benchmark module (``extract_<stage>.py`` with
``bench_<stage>(texts, docs=...)``) is not there yet is listed as missing. Measured, not asserted.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import random
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

STAGES = ("dates", "quotes", "entities", "figures")


def load_texts(data: str | None, limit: int, n: int, seed: int) -> list[str]:
    """Timeline17 articles read from ``data`` (a random, seeded pick), else ``n`` generated ones."""
    if data:
        from storyline.eval.readers.timeline17 import read_timeline17

        return [d.text for d in read_timeline17(data, limit=limit, seed=seed)]
    from _corpus import article

    rng = random.Random(seed)
    return [article(i, rng, date(2023, 10, 1))["text"] for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="Timeline17 folder (read in place, never copied)")
    parser.add_argument("--limit", type=int, default=300, help="articles to read from --data")
    parser.add_argument("--n", type=int, default=200, help="generated articles when no --data")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()

    from storyline.pipeline.nlp import components_for_pipeline, load_model

    texts = load_texts(args.data, args.limit, args.n, args.seed)
    words = sum(len(t.split()) for t in texts)
    components = components_for_pipeline()
    nlp = load_model(components)
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    spacy_s = time.perf_counter() - start
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    print(f"command: {' '.join(sys.argv)}")
    print(f"texts: {len(texts)} articles, {words:,} words; spaCy components: {', '.join(components)}")
    print(f"spaCy nlp.pipe: {spacy_s:.2f} s, {words / spacy_s:,.0f} words/s")
    total = 0.0
    rows = []
    for name in STAGES:
        try:
            module = importlib.import_module(f"extract_{name}")
        except ModuleNotFoundError:
            print(f"## {name}: no benchmarks/extract_{name}.py yet")
            continue
        result = getattr(module, f"bench_{name}")(texts, docs=docs)
        total += result["seconds"]
        rows.append(result)
        rate = result.get("words_per_s")
        print(f"## {name}: {result['seconds']:.2f} s, {rate:,} words/s" if rate else f"## {name}: {result}")
    print(f"extraction stages together: {total:.2f} s = {total / spacy_s:.1%} on top of the spaCy pass")
    print(json.dumps({"spacy_seconds": round(spacy_s, 3), "words": words, "stages": rows}))


if __name__ == "__main__":
    main()
