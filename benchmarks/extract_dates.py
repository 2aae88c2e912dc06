"""Speed of the dates extraction on top of the shared spaCy pass.

``bench_dates(texts)`` parses the texts once with the model and the components the ``dates``
stage declares (timed as the spaCy pass), unless the caller passes the Docs of the shared pass,
then times :func:`storyline.temporal.extract` alone over the parsed documents, as the ``dates``
stage runs it. Every text is anchored to the same publication date: anchoring costs the same
whatever the date.

    .venv/bin/python benchmarks/extract_dates.py --n 200      # alone, on generated articles
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from datetime import date
from typing import Any

DCT = date(2023, 10, 1)


def bench_dates(texts: Sequence[str], docs: Sequence[Any] | None = None, dct: date = DCT) -> dict[str, Any]:
    """Time the dates extractor over ``texts``.

    Args:
        texts: article texts.
        docs: their spaCy Docs when the caller already parsed them (the shared pass); else they
            are parsed here with the stage's components and that parse is timed too.
        dct: the publication date every text is anchored to.

    Returns:
        ``{stage, words, seconds, words_per_s, spacy_seconds, expressions, resolved}``;
        ``spacy_seconds`` is None when ``docs`` were given.
    """
    from storyline.pipeline.dates import spacy_model
    from storyline.temporal import extract

    words = sum(len(t.split()) for t in texts)
    spacy_seconds = None
    if docs is None:
        nlp = spacy_model()
        start = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=32))
        spacy_seconds = time.perf_counter() - start
    start = time.perf_counter()
    found = [extract(text, dct, doc) for text, doc in zip(texts, docs)]
    seconds = time.perf_counter() - start
    expressions = sum(len(f) for f in found)
    return {
        "stage": "dates",
        "words": words,
        "seconds": round(seconds, 3),
        "words_per_s": round(words / seconds) if seconds else None,
        "spacy_seconds": round(spacy_seconds, 3) if spacy_seconds is not None else None,
        "expressions": expressions,
        "resolved": sum(1 for f in found for t in f if t.value is not None),
    }


def main() -> None:
    import random
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from extract import load_texts

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="Timeline17 folder (read in place, never copied)")
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    random.seed(args.seed)
    result = bench_dates(load_texts(args.data, args.limit, args.n, args.seed))
    print(f"command: {' '.join(sys.argv)}")
    print(result)
    if result["spacy_seconds"]:
        print(f"dates adds {result['seconds'] / result['spacy_seconds']:.1%} on top of its spaCy pass")


if __name__ == "__main__":
    main()
