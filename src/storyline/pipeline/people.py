"""The ``people`` stage: who is named in each article, grouped once for every later stage.

It runs :func:`storyline.people.article.article_people` over the article's text and its
``mentions`` and stores the groups in their JSON-able form; the ``entities`` and ``quotes``
stages read them back with :func:`people_of` instead of grouping the mentions again.
"""

from __future__ import annotations

from storyline.errors import PipelineError
from storyline.models import StageResult
from storyline.people.article import ArticlePeople, article_people
from storyline.pipeline.registry import ArticleDoc, stage


@stage("people", version="2", requires=("mentions",), assigns=("people",))
def people(docs: list[ArticleDoc]) -> list[StageResult]:
    """People, organisations and places named in each article, with their titles and mentions."""
    out = []
    for doc in docs:
        found = article_people(doc.article.text, doc.data("mentions").get("mentions", []))
        out.append(StageResult({"people": found.to_data()}))
    return out


def people_of(doc: ArticleDoc) -> ArticlePeople:
    """The article's groups as the ``people`` stage stored them.

    Raises:
        PipelineError: the article has no ``people`` result (the stage did not run before).
    """
    data = doc.data("people").get("people")
    if data is None:
        raise PipelineError(f"article {doc.article.id!r} has no 'people' result; run the people stage first")
    return ArticlePeople.from_data(data)
