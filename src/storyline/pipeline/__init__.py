"""Analysis stages. Importing this package registers the built-in stages in pipeline order."""

from storyline.pipeline.registry import (
    DEFAULT_PIPELINE,
    ArticleDoc,
    CorpusContext,
    Stage,
    get_stage,
    registered,
    resolve,
    stage,
)

# Registration order is pipeline order: each import registers its stage(s).
from storyline.pipeline import clean as _clean  # noqa: E402,F401
from storyline.pipeline import nlp as _nlp  # noqa: E402,F401
from storyline.pipeline import mentions as _mentions  # noqa: E402,F401
from storyline.pipeline import people as _people  # noqa: E402,F401
from storyline.pipeline import entities as _entities  # noqa: E402,F401
from storyline.pipeline import duplicates as _duplicates  # noqa: E402,F401
from storyline.pipeline import events as _events  # noqa: E402,F401
from storyline.pipeline import stories as _stories  # noqa: E402,F401
from storyline.pipeline import dates as _dates  # noqa: E402,F401
from storyline.pipeline import quotes as _quotes  # noqa: E402,F401
from storyline.pipeline import speakers as _speakers  # noqa: E402,F401
from storyline.pipeline import figures as _figures  # noqa: E402,F401
from storyline.pipeline import figure_series as _figure_series  # noqa: E402,F401
from storyline.pipeline import timeline as _timeline  # noqa: E402,F401

__all__ = [
    "DEFAULT_PIPELINE",
    "ArticleDoc",
    "CorpusContext",
    "Stage",
    "get_stage",
    "registered",
    "resolve",
    "stage",
]
