"""The ``dates`` stage: every temporal expression of an article, resolved to a TIMEX3 value.

Expressions are found and anchored by :mod:`storyline.temporal` against the article's
publication date (the document creation time), using the tense from the shared spaCy pass.
Articles without a publication date keep only their absolute dates resolved; relative ones
("Thursday", "last week") get value null rather than a guess.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.models import StageResult
from storyline.pipeline.registry import ArticleDoc, stage
from storyline.temporal import extract

if TYPE_CHECKING:
    from spacy.language import Language

# The tagger gives verb tenses, the parser the verb an expression hangs from, NER whether a
# bare number is a year.
SPACY_COMPONENTS = frozenset({"tagger", "parser", "ner"})
VERSION = "3"  # bump whenever the output changes: stored results of another version are recomputed


def spacy_model() -> "Language":
    """The spaCy model with the components this stage needs (as the shared nlp pass loads it)."""
    from storyline.pipeline.nlp import BASE_COMPONENTS, component_closure, load_model

    return load_model(component_closure(BASE_COMPONENTS | SPACY_COMPONENTS))


@stage("dates", version=VERSION, requires=("nlp",), assigns=("dates",), spacy_components=SPACY_COMPONENTS)
def dates(docs: list[ArticleDoc]) -> list[StageResult]:
    """Temporal expressions with offsets, TIMEX3 type and value, anchored to the publication date."""
    out = []
    for doc in docs:
        art = doc.article
        found = extract(art.text, art.published, doc.spacy_doc)
        out.append(StageResult({"dates": [t.as_item() for t in found]}))
    return out
