"""The ``figures`` stage: each article's numeric claims, read by :mod:`storyline.figures.claims`.

The claims are stored as ``claims``; the ``figure_series`` stage names their sources by their
canonical entities and publishes them as the bundle's ``figures``.
"""

from __future__ import annotations

from storyline.figures.claims import extract
from storyline.models import StageResult
from storyline.people.speakers import SpeakerResolver
from storyline.pipeline.people import people_of
from storyline.pipeline.registry import ArticleDoc, stage

# The extractor's version is "14" (count_kind, what, where; non-counts left out; the lead's
# said-on day); "+dates+quotes" is kept from the time those inputs were optional, and "+people"
# since the article's people come from the people stage.
VERSION = "14+dates+quotes+people"


@stage(
    "figures",
    version=VERSION,
    requires=("nlp", "people", "dates", "quotes"),
    assigns=("claims",),
    spacy_components=("parser", "lemmatizer", "ner"),
)
def figures(docs: list[ArticleDoc]) -> list[StageResult]:
    """Numeric claims: value, what is counted, qualifier, source and as-of date."""
    out = []
    for doc in docs:
        # Figure sources are resolved within the article the way quote speakers are ("he", "the colonel").
        people = people_of(doc)
        items = extract(
            doc.spacy_doc,
            doc.article.published,
            doc.data("dates").get("dates", []),
            doc.data("quotes").get("attributions", []),
            SpeakerResolver(doc.spacy_doc, people).resolve,
        )
        out.append(StageResult({"claims": items}))
    return out
