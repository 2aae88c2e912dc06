"""Speed of the figures extraction on top of the shared spaCy pass.

``bench_figures(texts)`` parses the texts once with the pipeline's model and components (timed as
the spaCy pass), then times the figures extractor alone over the parsed documents, as the
``figures`` stage runs it (no dates or quotes inputs: those are timed by their own stages).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any


def bench_figures(texts: Sequence[str], docs: Sequence[Any] | None = None) -> dict[str, Any]:
    """Time the figures extractor over ``texts``.

    Args:
        texts: article texts.
        docs: their spaCy Docs when the caller already parsed them (the shared pass); else they
            are parsed here and that parse is timed too.

    Returns:
        ``{stage, words, seconds, words_per_s, spacy_seconds, figures}``; ``spacy_seconds`` is None
        when ``docs`` were given.
    """
    from storyline.figures.claims import extract
    from storyline.parsing import component_closure, load_model

    words = sum(len(t.split()) for t in texts)
    spacy_seconds = None
    if docs is None:
        nlp = load_model(component_closure({"parser", "lemmatizer", "ner"}))
        start = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=32))
        spacy_seconds = time.perf_counter() - start
    start = time.perf_counter()
    found = sum(len(extract(doc, None)) for doc in docs)
    seconds = time.perf_counter() - start
    return {
        "stage": "figures",
        "words": words,
        "seconds": round(seconds, 3),
        "words_per_s": round(words / seconds) if seconds else None,
        "spacy_seconds": round(spacy_seconds, 3) if spacy_seconds is not None else None,
        "figures": found,
    }
