"""The shared spaCy pass: component selection, stored Doc bytes, and the stage's outputs."""

import pytest

from storyline.models import Article
from storyline.pipeline import ArticleDoc, get_stage
from storyline.pipeline.nlp import component_closure, doc_from_result
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
