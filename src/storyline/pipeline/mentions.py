"""The ``mentions`` stage: each article's named-entity mentions, normalised for linking."""

from __future__ import annotations

import re

from storyline.models import StageResult
from storyline.pipeline.registry import ArticleDoc, stage

# Entity types that name a who or a where; numbers and dates are handled by their own stages.
MENTION_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW"})

_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")


def normalize_name(text: str) -> str:
    """A mention's name without a leading article, possessive ending or extra whitespace."""
    name = " ".join(text.split())
    name = _LEADING_THE.sub("", name)
    name = _POSSESSIVE.sub("", name)
    return name.strip(" .,;:")


@stage("mentions", version="1", requires=("nlp",), assigns=("mentions",))
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
            norm = normalize_name(text)
            if not norm:
                continue
            items.append({"text": text, "name": norm, "label": label, "start": start, "end": end, "sentence": sent_i})
        out.append(StageResult({"mentions": items}))
    return out
