"""The shared spaCy pass: component selection, stored Doc bytes, and the stage's outputs."""

import pytest

from storyline.models import Article, StageResult
from storyline.pipeline import ArticleDoc, get_stage
from storyline.pipeline.nlp import component_closure, doc_from_result, load_model, summarize
from storyline.parsing import blank_line_paragraphs


def test_component_closure_adds_dependencies_and_senter():
    assert component_closure({"ner"}) == ("tok2vec", "senter", "ner")
    assert component_closure({"parser", "ner"}) == ("tok2vec", "parser", "ner")
    assert component_closure({"lemmatizer"}) == ("tok2vec", "tagger", "senter", "attribute_ruler", "lemmatizer")


def test_component_closure_rejects_unknown():
    with pytest.raises(ValueError, match="unknown spaCy component 'coref'"):
        component_closure({"coref"})


def test_paragraph_spans():
    text = "Title line\n\nFirst para\ncontinues.\n\n\n  Second para.  \n"
    spans = blank_line_paragraphs(text)
    assert [text[s:e] for s, e in spans] == ["Title line", "First para\ncontinues.", "Second para."]


def test_nlp_stage_roundtrips_doc():
    text = "Minister Alma Reyes visited Port Calder on Tuesday. She said the harbour would reopen."
    doc = ArticleDoc(Article(id="a1", text=text))
    (result,) = get_stage("nlp").func([doc])
    assert len(result.data["sentences"]) == 2
    labels = {text[s:e]: label for s, e, label in result.data["entities"]}
    assert labels.get("Alma Reyes") == "PERSON"
    rebuilt = doc_from_result(result)
    assert rebuilt.text == text
    assert [e.text for e in rebuilt.ents] == [text[s:e] for s, e, _ in result.data["entities"]]


def test_mentions_stage_normalizes_names():
    text = "The Harbour Authority's chief met Alma Reyes in Port Calder."
    doc = ArticleDoc(Article(id="a1", text=text))
    doc.results["nlp"] = get_stage("nlp").func([doc])[0]
    (result,) = get_stage("mentions").func([doc])
    names = {m["name"] for m in result.data["mentions"]}
    assert "Alma Reyes" in names
    for m in result.data["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]


def test_the_stored_parse_is_compact_and_the_older_form_still_reads() -> None:
    from storyline.parsing import doc_from_result, parse_bytes

    components = component_closure({"parser", "lemmatizer", "ner"})
    nlp = load_model(components)
    text = (
        "Harbour workers in Port Calder walked out on Tuesday, union leader Alma Reyes said. "
        "About 1,200 people marched to the port authority, where police said 14 were arrested.\n\n"
        "\"We have waited long enough,\" Reyes told reporters on Wednesday."
    )
    doc = nlp(text)
    compact = summarize(doc, components)
    older = StageResult(compact.data, blob=doc.to_bytes(exclude=["user_data"]))
    assert compact.blob is not None and older.blob is not None
    # The tensor and the unused attributes are gone: far smaller than the whole Doc.
    assert len(compact.blob) * 5 < len(older.blob)
    assert compact.blob == parse_bytes(doc)
    for stored in (compact, older):
        back = doc_from_result(stored)
        assert back.text == text
        assert [(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in back] == [
            (t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in doc
        ]
        assert [(s.start, s.end) for s in back.sents] == [(s.start, s.end) for s in doc.sents]
        assert [(e.start, e.end, e.label_) for e in back.ents] == [(e.start, e.end, e.label_) for e in doc.ents]
