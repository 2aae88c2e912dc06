"""Speed of the quotes stage (and of the entities stage) on top of the shared spaCy pass.

``bench_quotes(texts)`` parses the texts once with the model and the components the pipeline
declares (timed as the spaCy pass), unless the caller passes the Docs of the shared pass, then
times the quotes work per article: group the article's mentions (the ``people`` stage,
:func:`storyline.people.article.article_people`), find quotes and resolve their speakers
(the ``quotes`` stage, :func:`storyline.quotes.extract.extract`), and serialise the attributions. Rebuilding each Doc
from its stored bytes, which the pipeline does once per stage that reads the parse, is timed
apart (``doc_from_bytes_seconds``) and not counted in the stage's time.

    .venv/bin/python benchmarks/extract_quotes.py --n 200      # alone, on generated articles
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))


def mention_items(doc: Any) -> list[dict[str, Any]]:
    """The mentions stage's items for a parsed Doc (its entities, normalised)."""
    from storyline.pipeline.mentions import MENTION_LABELS, normalize_name

    out = []
    for ent in doc.ents:
        if ent.label_ in MENTION_LABELS:
            name = normalize_name(ent.text)
            if name:
                out.append({"text": ent.text, "name": name, "label": ent.label_, "start": ent.start_char, "end": ent.end_char, "sentence": 0})
    return out


def parse(texts: Sequence[str]) -> tuple[list[Any], float]:
    """Parse with the pipeline's model and components; return the Docs and the seconds spent."""
    from storyline.pipeline.nlp import components_for_pipeline, load_model

    nlp = load_model(components_for_pipeline())
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    return docs, time.perf_counter() - start


def bench_quotes(texts: Sequence[str], docs: Sequence[Any] | None = None) -> dict[str, Any]:
    """Time the quotes stage's work over ``texts``.

    Args:
        texts: article texts.
        docs: their spaCy Docs when the caller already parsed them (the shared pass); else they
            are parsed here and that parse is timed too.

    Returns:
        ``{stage, words, seconds, words_per_s, spacy_seconds, doc_from_bytes_seconds, quotes,
        direct, with_speaker}``; ``spacy_seconds`` is None when ``docs`` were given.
    """
    from spacy.tokens import Doc

    from storyline.people.article import article_people
    from storyline.quotes.extract import extract
    from storyline.quotes.marks import line_paragraphs

    words = sum(len(t.split()) for t in texts)
    spacy_seconds = None
    if docs is None:
        docs, spacy_seconds = parse(texts)
    mentions = [mention_items(d) for d in docs]  # the mentions stage's output, not timed here
    blobs = [d.to_bytes(exclude=["user_data"]) for d in docs]
    start = time.perf_counter()
    for blob, d in zip(blobs, docs):
        Doc(d.vocab).from_bytes(blob)
    from_bytes = time.perf_counter() - start
    start = time.perf_counter()
    found = []
    for text, doc, items in zip(texts, docs, mentions):
        atts = extract(doc, article_people(text, items), line_paragraphs(text), text)
        found.append([a.as_json(text) for a in atts])
    seconds = time.perf_counter() - start
    flat = [a for f in found for a in f]
    return {
        "stage": "quotes",
        "words": words,
        "seconds": round(seconds, 3),
        "words_per_s": round(words / seconds) if seconds else None,
        "spacy_seconds": round(spacy_seconds, 3) if spacy_seconds is not None else None,
        "doc_from_bytes_seconds": round(from_bytes, 3),
        "quotes": len(flat),
        "direct": sum(1 for a in flat if a["kind"] == "direct"),
        "with_speaker": sum(1 for a in flat if a["speaker"] is not None),
    }


def bench_entities(texts: Sequence[str], docs: Sequence[Any] | None = None) -> dict[str, Any]:
    """Time the entities stage's work over ``texts``: group each article's mentions, then merge
    the corpus. Arguments and the parse as for :func:`bench_quotes`."""
    from storyline.people.article import article_people
    from storyline.people.corpus import merge_corpus

    words = sum(len(t.split()) for t in texts)
    spacy_seconds = None
    if docs is None:
        docs, spacy_seconds = parse(texts)
    mentions = [mention_items(d) for d in docs]
    day = date(2023, 10, 1)
    start = time.perf_counter()
    grouped = [(str(i), day, article_people(text, m)) for i, (text, m) in enumerate(zip(texts, mentions))]
    entities, _ = merge_corpus(grouped)
    items = [e.as_item() for e in entities]
    seconds = time.perf_counter() - start
    return {
        "stage": "entities",
        "words": words,
        "seconds": round(seconds, 3),
        "words_per_s": round(words / seconds) if seconds else None,
        "spacy_seconds": round(spacy_seconds, 3) if spacy_seconds is not None else None,
        "entities": len(items),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Speed of the quotes and entities stages.")
    parser.add_argument("--n", type=int, default=200, help="generated articles")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    from _corpus import article

    rng = random.Random(args.seed)
    texts = [article(i, rng, date(2023, 10, 1))["text"] for i in range(args.n)]
    docs, spacy_seconds = parse(texts)
    for result in (bench_quotes(texts, docs), bench_entities(texts, docs)):
        share = result["seconds"] / spacy_seconds
        print(f"{result['stage']}: {result['seconds']:.2f} s, {result['words_per_s']:,} words/s, {share:.1%} of the spaCy pass ({spacy_seconds:.2f} s)")
        print(result)


if __name__ == "__main__":
    main()
