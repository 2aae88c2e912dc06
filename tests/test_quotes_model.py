"""The trained attribution model: what ships, what it adds to the rules, and that training is reproducible.

The training test builds a tiny PolNeAR-shaped folder (brat standoff) from sentences written here,
so it needs no gold data.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from storyline.quotes.model import MODEL_PATH, AttributionModel, load_model, span_candidates, use_model

ROOT = Path(__file__).resolve().parents[1]


def test_the_model_ships_inside_the_package_with_its_card() -> None:
    assert MODEL_PATH.is_file()
    assert MODEL_PATH.stat().st_size <= 25 * 2**20
    card = (MODEL_PATH.parent / "MODEL_CARD.md").read_text(encoding="utf-8")
    for needed in ("PolNeAR", "License", "seed", "dev", "Trained"):
        assert needed in card, f"the model card does not say {needed!r}"
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["storyline"]
    assert "quotes/model/*.json.gz" in data and "quotes/model/*.md" in data
    model = load_model()
    assert isinstance(model, AttributionModel)
    assert model.cue.weights and model.span.weights and 0 < model.threshold < 1


@pytest.fixture(scope="module")
def analyse() -> Any:
    from storyline.models import Article
    from storyline.pipeline import ArticleDoc
    from storyline.pipeline.clean import clean
    from storyline.pipeline.mentions import mentions
    from storyline.pipeline.nlp import BASE_COMPONENTS, component_closure, summarize
    from storyline.pipeline.nlp import load_model as load_spacy
    from storyline.pipeline.people import people
    from storyline.pipeline.quotes import quotes_stage

    components = component_closure(BASE_COMPONENTS | {"parser", "tagger", "attribute_ruler", "lemmatizer"})
    nlp = load_spacy(components)

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


STANCE_TEXT = "Senator Mira Koval has been a fierce critic of the harbour tunnel since the vote in March."


def test_the_model_adds_a_noun_cue_as_a_stance(analyse: Any) -> None:
    stances = [a for a in analyse(STANCE_TEXT) if a["kind"] == "stance"]
    assert any("harbour tunnel" in a["text"] for a in stances), stances
    with use_model(None):
        assert not [a for a in analyse(STANCE_TEXT) if "harbour tunnel" in a["text"]]


def test_the_rules_keep_their_speech_cues(analyse: Any) -> None:
    # An estimate is reported speech to the rules; PolNeAR does not annotate it, and the model
    # leaves the rules' speech cues as they are.
    atts = analyse("Police put the crowd at about 8,000 people.")
    assert [a["kind"] for a in atts if "8,000" in a["text"]] == ["indirect"]


def test_span_candidates_hold_the_clause_of_a_speech_verb() -> None:
    from storyline.pipeline.nlp import load_model as load_spacy

    doc = load_spacy(("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"))("The mayor said the bridge would reopen in May.")
    said = next(t for t in doc if t.lower_ == "said")
    cands = dict((how, ranges) for how, ranges in span_candidates(said, said.sent))
    i, j = cands["child:ccomp"][0]
    assert doc[i:j].text == "the bridge would reopen in May"


# --- training on a tiny folder of our own ---------------------------------------------------

_SENTENCES = [
    ("The mayor", "said", "the bridge would reopen in May"),
    ("Officials", "warned", "the river could rise again overnight"),
    ("The union", "claimed", "the talks had collapsed on Friday"),
    ("A spokeswoman", "said", "the ferry would run on Sunday"),
    ("The council", "announced", "the market would move to the harbour"),
    ("Residents", "complained", "the water had been cut for days"),
]


def _write_split(root: Path, split: str, offset: int) -> None:
    (root / split / "text").mkdir(parents=True)
    (root / split / "attributions").mkdir(parents=True)
    for n in range(3):
        lines, ann, pos = [], [], 0
        for k, (source, cue, content) in enumerate(_SENTENCES[(n + offset) % 6 :] + _SENTENCES[: (n + offset) % 6]):
            sentence = f"{source} {cue} {content}."
            s0 = pos
            c0 = s0 + len(source) + 1
            t0 = c0 + len(cue) + 1
            ann += [
                f"T{4 * k + 1}\tSource {s0} {s0 + len(source)}\t{source}",
                f"T{4 * k + 2}\tCue {c0} {c0 + len(cue)}\t{cue}",
                f"T{4 * k + 3}\tContent {t0} {t0 + len(content)}\t{content}",
                f"T{4 * k + 4}\tAttribution {c0} {c0 + len(cue)}\t{cue}",
                f"E{k + 1}\tAttribution:T{4 * k + 4} Content:T{4 * k + 3} Cue:T{4 * k + 2} Source:T{4 * k + 1}",
            ]
            lines.append(sentence)
            pos += len(sentence) + 1
        (root / split / "text" / f"paper_2016-0{n + 1}-01_story{n}.txt").write_text("\n".join(lines), encoding="utf-8")
        (root / split / "attributions" / f"paper_2016-0{n + 1}-01_story{n}_a1.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")


def test_training_is_reproducible_and_writes_a_card(tmp_path: Path) -> None:
    from storyline.eval.train_quotes import train

    data = tmp_path / "polnear"
    _write_split(data, "train", 0)
    _write_split(data, "dev", 3)
    first = train(data, tmp_path / "a" / "attribution.json.gz", cache_dir=None)
    second = train(data, tmp_path / "b" / "attribution.json.gz", cache_dir=None)
    assert (tmp_path / "a" / "attribution.json.gz").read_bytes() == (tmp_path / "b" / "attribution.json.gz").read_bytes()
    assert first["threshold"] == second["threshold"]
    assert (tmp_path / "a" / "MODEL_CARD.md").is_file()
    model = load_model(tmp_path / "a" / "attribution.json.gz")
    assert model is not None and "say" in model.lexicon
