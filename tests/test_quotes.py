"""The quotes stage on hand-built sentences: each quote form and each kind of speaker."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.models import Article
from storyline.pipeline import ArticleDoc
from storyline.pipeline.clean import clean
from storyline.pipeline.mentions import mentions
from storyline.pipeline.nlp import BASE_COMPONENTS, component_closure, load_model, summarize
from storyline.pipeline.people import people
from storyline.pipeline.quotes import quotes_stage
from storyline.quotes.marks import find_quoted, line_paragraphs


@pytest.fixture(scope="module")
def analyse() -> Any:
    """Run clean, nlp, mentions, people and quotes on one text; return its attributions."""
    components = component_closure(BASE_COMPONENTS | {"parser", "tagger", "attribute_ruler", "lemmatizer"})
    nlp = load_model(components)

    def run(text: str) -> list[dict[str, Any]]:
        doc = ArticleDoc(Article(id="t", text=text, language="en"))
        doc.results["clean"] = clean([doc])[0]
        parsed = nlp(text)
        doc.results["nlp"] = summarize(parsed, components)
        doc._spacy_doc = parsed
        doc.results["mentions"] = mentions([doc])[0]
        doc.results["people"] = people([doc])[0]
        return quotes_stage([doc])[0].data["attributions"]  # type: ignore[no-any-return]

    return run


def _one(atts: list[dict[str, Any]], kind: str, containing: str) -> dict[str, Any]:
    found = [a for a in atts if a["kind"] == kind and containing in a["text"]]
    assert len(found) == 1, f"expected one {kind} quote with {containing!r}, got {[(a['kind'], a['text']) for a in atts]}"
    return found[0]


def _speaker(att: dict[str, Any]) -> str | None:
    sp = att["speaker"]
    return sp["name"] if sp else None


# --- quotation marks ------------------------------------------------------------------


def test_marks_straight_curly_and_apostrophes() -> None:
    text = "He said \"no deal\". “It is over,” she said. The players’ union doesn’t care. Biden says ‘no deal’ today."
    got = [text[q.content_start : q.content_end] for q in find_quoted(text)]
    assert got == ["no deal", "It is over,", "no deal"]


def test_marks_join_a_quote_running_over_paragraphs() -> None:
    text = "“First paragraph of the quote.\n\n“Second paragraph.\n\n“And the end,” he said.\n\nNext."
    (q,) = find_quoted(text)
    assert [text[s:e] for s, e in q.pieces] == ["First paragraph of the quote.", "Second paragraph.", "And the end,"]
    assert q.paragraphs == 3 and q.closed


def test_marks_inside_markup_are_ignored() -> None:
    assert find_quoted('<tweet author="someone">Hello</tweet> and a "real one" here.')[0].content_start > 30


def test_paragraphs_are_lines_unless_the_text_is_hard_wrapped() -> None:
    assert line_paragraphs("One.\nTwo.\n\nThree.") == [(0, 4), (5, 9), (11, 17)]
    wrapped = "\n".join(["this line of a wrapped text goes on and on to the margin and"] * 5)
    assert len(line_paragraphs(wrapped)) == 1


# --- direct quotes ----------------------------------------------------------------------


def test_direct_quote_straight_marks(analyse: Any) -> None:
    att = _one(analyse('"We will rebuild every house," Teodor Vanek said on Monday.'), "direct", "We will rebuild")
    assert att["text"] == "We will rebuild every house"
    assert _speaker(att) == "Teodor Vanek"


def test_direct_quote_split_around_its_cue(analyse: Any) -> None:
    text = "Antony Blinken landed in Tel Aviv on Monday.\n\n“We are working around the clock,” he told reporters, “and we will not stop.”"
    att = _one(analyse(text), "direct", "around the clock")
    assert len(att["parts"]) == 2
    assert text[att["parts"][1][0] : att["parts"][1][1]] == "and we will not stop."
    assert _speaker(att) == "Antony Blinken"


def test_quote_resumed_in_the_next_sentence_keeps_its_speaker(analyse: Any) -> None:
    text = "“The wall is safe,” said Kamil Strausz. “We check it every hour.”"
    att = _one(analyse(text), "direct", "The wall is safe")
    assert "We check it every hour." in att["text"] and _speaker(att) == "Kamil Strausz"


def test_multi_paragraph_quote(analyse: Any) -> None:
    text = (
        "Jonas Pellar spoke after the vote.\n\n"
        "“We did not want this strike.\n\n"
        "“But the government left us no choice,” Pellar said."
    )
    att = _one(analyse(text), "direct", "did not want this strike")
    assert len(att["parts"]) == 2 and "no choice" in att["text"]
    assert _speaker(att) == "Jonas Pellar"


def test_partial_quote_inside_a_sentence(analyse: Any) -> None:
    att = _one(analyse("Lidia Mareck called the aid package “welcome but late”."), "direct", "welcome but late")
    assert att["text"] == "welcome but late" and _speaker(att) == "Lidia Mareck"


def test_partial_quote_inside_reported_speech_is_kept_twice(analyse: Any) -> None:
    atts = analyse("Lidia Mareck said the aid was “welcome but late” and should have come sooner.")
    partial = _one(atts, "direct", "welcome but late")
    clause = _one(atts, "indirect", "should have come sooner")
    assert partial["partial"] and _speaker(partial) == _speaker(clause) == "Lidia Mareck"


def test_scare_quotes_are_not_quotes(analyse: Any) -> None:
    assert analyse("The so-called “moderates” stayed at home on polling day.") == []


def test_quote_paragraph_after_reported_speech_goes_to_that_speaker(analyse: Any) -> None:
    text = "Jonas Pellar said the union had accepted the deal without joy.\n\n\"I will not pretend that we are celebrating.\""
    att = _one(analyse(text), "direct", "I will not pretend")
    assert att["continued"] and _speaker(att) == "Jonas Pellar"


def test_colon_introduces_a_quote(analyse: Any) -> None:
    text = "Patrick Caddell continued:\n\n\"The health issue is very much a partisan issue for the voters.\""
    att = _one(analyse(text), "direct", "partisan issue")
    assert _speaker(att) == "Patrick Caddell"


# --- reported speech -------------------------------------------------------------------


def test_said_that(analyse: Any) -> None:
    att = _one(analyse("Secretary of State Antony Blinken said that the truce would hold."), "indirect", "the truce would hold")
    assert att["lemma"] == "say" and _speaker(att) == "Antony Blinken"


@pytest.mark.parametrize(
    "text",
    [
        "According to the State Department, the talks were productive.",
        "The talks were productive, according to the State Department.",
    ],
)
def test_according_to(analyse: Any, text: str) -> None:
    att = _one(analyse(text), "indirect", "talks were productive")
    assert att["speaker"]["type"] == "organization" and "State Department" in _speaker(att)


def test_told_reporters(analyse: Any) -> None:
    att = _one(analyse("Benny Gantz told reporters on Tuesday that the hostages must come home."), "indirect", "hostages must come home")
    assert att["lemma"] == "tell" and _speaker(att) == "Benny Gantz"


def test_in_a_post_on_x(analyse: Any) -> None:
    att = _one(analyse("In a post on X, Benny Gantz said the hostages must come home."), "indirect", "hostages must come home")
    assert "post" not in att["text"] and _speaker(att) == "Benny Gantz"


def test_estimate_with_at(analyse: Any) -> None:
    att = _one(analyse("Police put the crowd at about 8,000 people."), "indirect", "the crowd at about 8,000")
    assert att["cls"] == "speech"


def test_stances_are_marked_apart(analyse: Any) -> None:
    atts = analyse("Senator Ted Cruz praised the bill on Monday.")
    assert [a["cls"] for a in atts] == ["stance"]


# --- speakers ------------------------------------------------------------------------------


def test_pronoun_goes_to_the_nearest_fitting_subject(analyse: Any) -> None:
    text = "Antony Blinken met Benjamin Netanyahu on Tuesday. “We had a frank talk,” he said."
    assert _speaker(_one(analyse(text), "direct", "frank talk")) == "Antony Blinken"


def test_pronoun_skips_a_person_of_the_other_gender(analyse: Any) -> None:
    text = "Ms. Lidia Mareck spoke after Mr. Oskar Brenn left the chamber. “It was a useful debate,” she said."
    assert _speaker(_one(analyse(text), "direct", "useful debate")) == "Lidia Mareck"


def test_surname_goes_to_the_full_name(analyse: Any) -> None:
    text = "Prime Minister Teodor Vanek visited Brennick on Tuesday. Vanek said the aid would arrive within days."
    assert _speaker(_one(analyse(text), "indirect", "aid would arrive")) == "Teodor Vanek"


def test_title_goes_to_the_person_holding_it(analyse: Any) -> None:
    text = "Interior Minister Radomir Kasza spoke in parliament. The interior minister said the police had acted with restraint."
    assert _speaker(_one(analyse(text), "indirect", "acted with restraint")) == "Radomir Kasza"


def test_office_of_a_person(analyse: Any) -> None:
    text = "Yair Lapid spoke on Monday. Lapid's office said the meeting had been cancelled."
    sp = _one(analyse(text), "indirect", "meeting had been cancelled")["speaker"]
    assert (sp["type"], sp["name"], sp["proxy"]) == ("organization", "Yair Lapid", "office")


def test_the_army_goes_to_the_named_army(analyse: Any) -> None:
    text = "The Marrovian army left Tarvik on Sunday. The army said it had withdrawn to protect civilians."
    sp = _one(analyse(text), "indirect", "it had withdrawn")["speaker"]
    assert sp["type"] == "organization" and sp["name"].lower().endswith("army")


def test_anonymous_source(analyse: Any) -> None:
    sp = _one(analyse("A source close to the group said the deal was off."), "indirect", "the deal was off")["speaker"]
    assert sp["type"] == "anonymous" and sp["name"] == "anonymous: A source close to the group"


def test_unknown_title_is_kept_for_the_corpus(analyse: Any) -> None:
    sp = _one(analyse("The finance minister said the subsidy would end."), "indirect", "subsidy would end")["speaker"]
    assert sp["type"] == "unresolved" and sp["role"] == "finance minister"


def test_not_quote_spans_headlines_captions_and_datelines() -> None:
    from storyline.quotes.marks import not_quote_spans

    text = (
        "Harbour workers say the new cranes are unsafe\n"
        "Photo: Dock crews at the northern pier last spring\n"
        "Stack of crates wins local art prize Velmora city council said (Pier Wire) - The council said the award would be given on Friday.\n"
        "Union leaders voiced concern on Monday.\n"
    )
    spans = not_quote_spans(text, line_paragraphs(text))
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    # The headline and the caption (no closing punctuation) are never quotes; the sentence is.
    assert (starts[0], starts[0] + len(lines[0])) in spans
    assert (starts[1], starts[1] + len(lines[1])) in spans
    assert not any(s <= starts[3] < e for s, e in spans)
    # In the opening paragraphs, everything up to the wire dateline is headline matter.
    dash = text.index("(Pier Wire) - ") + len("(Pier Wire) - ")
    assert (starts[2], dash) in spans


def test_headline_and_dateline_are_no_quotes(analyse: Any) -> None:
    text = (
        "Farmers say the drought will ruin the harvest\n"
        "Grain prices rise as rivers fall Officials warn of shortages Tormund (Valley Wire) - "
        "The agriculture minister, Petra Lind, said on Tuesday that the state would buy seed for farmers.\n"
    )
    atts = analyse(text)
    headline_end = text.index("\n")
    dateline_end = text.index("(Valley Wire) - ") + len("(Valley Wire) - ")
    assert not any(a["start"] < headline_end for a in atts), [a["text"] for a in atts]
    assert all(a["start"] >= dateline_end for a in atts), [a["text"] for a in atts]
    lind = _one(atts, "indirect", "the state would buy seed")
    assert _speaker(lind) == "Petra Lind"
