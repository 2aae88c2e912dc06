"""The quotes stage with and without its trained model, and all extraction stages together, against
spaCy's own pass over the same texts, in one run.

    PYTHONPATH=src .venv/bin/python benchmarks/quotes_speed.py --data ../shared/data/polnear
    PYTHONPATH=src .venv/bin/python benchmarks/quotes_speed.py            # generated articles

Reads PolNeAR dev texts in place (news full of attributions), parses them once with ``nlp.pipe``
and the pipeline's components (timed: the spaCy pass), then times each extraction stage's
benchmark (``extract_<stage>.py``) over the same Docs; the quotes stage is timed twice, rules
alone and with the shipped model. The budget (issue 11): all extraction stages together within
+30% of the spaCy pass. Measured, not asserted.
"""

from __future__ import annotations

import argparse
import importlib
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine  # noqa: E402
from extract import STAGES  # noqa: E402

BUDGET = 0.30


def load_texts(data: str | None, n: int, seed: int) -> list[str]:
    if data:
        from storyline.eval.readers.polnear import read_split

        return sorted({g.text for g in read_split(data, "dev")})
    from _corpus import article

    rng = random.Random(seed)
    return [article(i, rng, date(2023, 10, 1))["text"] for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="PolNeAR folder (its dev texts are read in place)")
    parser.add_argument("--n", type=int, default=200, help="generated articles when no --data")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()

    from extract_quotes import bench_quotes

    from storyline.pipeline.nlp import components_for_pipeline, load_model
    from storyline.quotes.model import use_model

    texts = load_texts(args.data, args.n, args.seed)
    words = sum(len(t.split()) for t in texts)
    nlp = load_model(components_for_pipeline())
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    spacy_s = time.perf_counter() - start
    print(f"machine: {machine()}")
    print(f"command: {' '.join(sys.argv)}")
    print(f"texts: {len(texts)}, {words:,} words; spaCy pass {spacy_s:.2f} s ({words / spacy_s:,.0f} words/s)")
    with use_model(None):
        rules = bench_quotes(texts, docs=docs)["seconds"]
    print(f"quotes, rules alone: {rules:.2f} s = {rules / spacy_s:.1%} of the spaCy pass")
    total = 0.0
    for name in STAGES:
        module = importlib.import_module(f"extract_{name}")
        seconds = getattr(module, f"bench_{name}")(texts, docs=docs)["seconds"]
        total += seconds
        label = "quotes, with the model" if name == "quotes" else name
        print(f"{label}: {seconds:.2f} s = {seconds / spacy_s:.1%} of the spaCy pass")
    verdict = "within" if total <= BUDGET * spacy_s else "over"
    print(f"extraction stages together: {total:.2f} s = +{total / spacy_s:.1%} on top of the spaCy pass ({verdict} the +{BUDGET:.0%} budget)")


if __name__ == "__main__":
    main()
