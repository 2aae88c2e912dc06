"""The ``mentions`` stage: each article's named-entity mentions, normalised for linking."""

from __future__ import annotations

import re

from storyline.models import StageResult
from storyline.pipeline.registry import ArticleDoc, stage

# Entity types that name a who or a where; numbers and dates are handled by their own stages.
MENTION_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW"})

_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
# "Name (ACR)", "Name (ACR", "Name (": the name, then an acronym in an opened bracket.
_BRACKETED = re.compile(r"^(.*?\S)\s*\(\s*([A-Z][A-Za-z.&]{1,11})?\s*\)?\s*$")


def normalize_name(text: str) -> str:
    """A mention's name without a leading article, possessive ending or extra whitespace."""
    name = " ".join(text.split())
    name = _LEADING_THE.sub("", name)
    name = _POSSESSIVE.sub("", name)
    return name.strip(" .,;:")


def split_acronym(text: str, start: int) -> list[tuple[int, int]]:
    """A mention's spans: a name followed by its acronym in brackets ("Harbour Safety Board
    (HSB)", or with the bracket left open by the recogniser) is two mentions of one body, the
    name and the acronym, which the ``people`` stage joins; a stray bracket is dropped."""
    m = _BRACKETED.match(text)
    if m is None:
        return [(start, start + len(text))]
    out = [(start + m.start(1), start + m.end(1))]
    if m.group(2):
        out.append((start + m.start(2), start + m.end(2)))
    return out


@stage("mentions", version="2", requires=("nlp",), assigns=("mentions",))
def mentions(docs: list[ArticleDoc]) -> list[StageResult]:
    """Named-entity mentions per article, with sentence index and a normalised name."""
    out = []
    for doc in docs:
        nlp_data = doc.data("nlp")
        sentences = nlp_data.get("sentences", [])
        items = []
        sent_i = 0
        for start, end, label in nlp_data.get("entities", []):
            if label not in MENTION_LABELS:
                continue
            while sent_i + 1 < len(sentences) and sentences[sent_i][1] <= start:
                sent_i += 1
            text = doc.article.text[start:end]
            for s, e in split_acronym(text, start):
                norm = normalize_name(doc.article.text[s:e])
                if norm:
                    items.append({"text": doc.article.text[s:e], "name": norm, "label": label, "start": s, "end": e, "sentence": sent_i})
        out.append(StageResult({"mentions": items}))
    return out
