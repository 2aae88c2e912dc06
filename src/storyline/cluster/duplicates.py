"""Duplicates over a corpus: every later article matched to the earlier one it copies or rewrites.

Articles are visited in publication order, so the earlier article of a pair is always the
original. An article that copies a copy points at the first original (``duplicate_of``).
The detection itself lives in :mod:`storyline.cluster.dedup`.

Sentence spans come from a regex splitter inside the article's paragraphs rather than from
the shared spaCy pass: reading every article's stored Doc would cost more than the whole
detection, and alignment only needs rough sentence boundaries.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from storyline.cluster.dedup import DedupConfig, DedupDoc, DuplicateFinder, Match, day_of
from storyline.cluster.terms import split_sentences
from storyline.models import Article


def sentence_spans(article: Article, paragraphs: Iterable[Iterable[int]] | None = None) -> list[tuple[int, int]]:
    """Sentence spans of an article's text, split inside its paragraphs when they are known."""
    text = article.text
    if not paragraphs:
        return split_sentences(text)
    spans: list[tuple[int, int]] = []
    for para in paragraphs:
        start, end = list(para)[:2]
        spans.extend((start + s, start + e) for s, e in split_sentences(text[start:end]))
    return spans


def dedup_doc(article: Article, paragraphs: Iterable[Iterable[int]] | None = None) -> DedupDoc:
    """The view of an article that duplicate detection needs (``paragraphs``: [start, end] spans)."""
    return DedupDoc(article.id, day_of(article.published), article.text, sentence_spans(article, paragraphs), article.outlet)


def find_duplicates(docs: Iterable[DedupDoc], config: DedupConfig | None = None) -> tuple[list[Match], dict[str, str]]:
    """Every later article matched to the earlier article it copies or rewrites, in order.

    Returns:
        The matches (each pair as aligned, so passages point into both of its articles) and,
        for each matched article, its root original (the first article of a chain of copies).
    """
    finder = DuplicateFinder(config)
    out = []
    for doc in docs:
        match = finder.add(doc)
        if match is not None:
            out.append(match)
    return out, finder.roots()


def result_data(matches: list[Match], roots: dict[str, str]) -> dict[str, Any]:
    """Bundle ``duplicates`` items and ``articles[].duplicate_of`` (the root original)."""
    return {
        "duplicates": [
            {"articles": [m.original, m.target], "kind": m.kind, "score": m.score, "passages": m.passages}
            for m in matches
        ],
        "article_fields": {m.target: {"duplicate_of": roots[m.target]} for m in matches},
    }
