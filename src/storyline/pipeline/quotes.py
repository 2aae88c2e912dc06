"""The ``quotes`` stage: direct quotes and reported speech in each article, with their source.

Design. Quotes need two scopes: finding a quote and its source phrase is article work (it
needs the parse), while giving the source its canonical name needs the whole corpus (the
``entities`` stage). Article stages cannot read corpus results, so the work is split in two:

* ``quotes`` (this module, article scope) finds each quote's content, cue and source phrase
  (:func:`storyline.quotes.extract.extract`) and resolves the source within the article ("he"
  → "Antony Blinken", "the secretary of state" → the person holding that title here, "a source
  close to the group" → anonymous), against the article's groups from the ``people`` stage.
  It stores them as ``attributions``, not yet as bundle quotes;
* ``speakers`` (:mod:`storyline.pipeline.speakers`, corpus scope, after ``entities``)
  maps each resolved source to its canonical entity and emits the bundle's ``quotes``.
"""

from __future__ import annotations

from storyline.models import StageResult
from storyline.pipeline.people import people_of
from storyline.pipeline.registry import ArticleDoc, stage
from storyline.quotes.extract import extract
from storyline.quotes.marks import line_paragraphs


@stage(
    "quotes",
    version="4",
    requires=("clean", "nlp", "people"),
    assigns=("attributions",),
    spacy_components=("parser", "tagger", "attribute_ruler", "lemmatizer"),
)
def quotes_stage(docs: list[ArticleDoc]) -> list[StageResult]:
    """Direct quotes and reported speech per article, with the source resolved in the article."""
    out = []
    for doc in docs:
        text = doc.article.text
        atts = extract(doc.spacy_doc, people_of(doc), line_paragraphs(text), text)
        out.append(StageResult({"attributions": [a.as_json(text) for a in atts]}))
    return out
