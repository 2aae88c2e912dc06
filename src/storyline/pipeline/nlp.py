"""The ``nlp`` stage: one shared spaCy pass (sentences and named entities, plus whatever
components later stages declare), stored as Doc bytes so no later stage parses again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.models import StageResult
from storyline.parsing import MODEL, component_closure, doc_from_result, load_model, parse_bytes

from storyline.pipeline.registry import ArticleDoc, stage

if TYPE_CHECKING:
    from spacy.tokens import Doc

# This stage itself needs entities and sentence boundaries.
BASE_COMPONENTS = frozenset({"ner"})

__all__ = ["BASE_COMPONENTS", "MODEL", "component_closure", "components_for_pipeline", "doc_from_result", "load_model", "summarize"]


def components_for_pipeline() -> tuple[str, ...]:
    """Components needed by every registered stage, closed under their own needs."""
    from storyline.pipeline.registry import registered, spacy_components_needed

    return component_closure(BASE_COMPONENTS | spacy_components_needed(list(registered().values())))


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
    # Stored compact (storyline.parsing.PARSE_ATTRS). Later stages read the same parse either way,
    # so results stored in the older, larger form stay valid and keep the stage's version.
    return StageResult(data, blob=parse_bytes(doc))


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
