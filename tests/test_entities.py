"""Canonical entities: in-article grouping, corpus merging, titles, aliases, counts, and the
sample corpus's gold entities through ingest and analyze."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from storyline import engine
from storyline.people.article import ArticlePeople, Group, article_people
from storyline.people.corpus import merge_corpus
from storyline.people.names import org_key, role_key, title_after, title_before
from storyline.store import Store, open_store

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
GOLD = CORPUS / "gold.json"


def mention(text: str, name: str, label: str, occurrence: int = 1) -> dict[str, Any]:
    """A mentions-stage item for the ``occurrence``-th ``name`` in ``text``."""
    start = -1
    for _ in range(occurrence):
        start = text.index(name, start + 1)
    return {"text": name, "name": name, "label": label, "start": start, "end": start + len(name), "sentence": 0}


def people(text: str, *names: tuple[str, str] | tuple[str, str, int]) -> ArticlePeople:
    return article_people(text, sorted((mention(text, *n) for n in names), key=lambda m: m["start"]))


def merged(*articles: tuple[str, date | None, ArticlePeople]) -> dict[str, dict[str, Any]]:
    ents, _ = merge_corpus(articles)
    return {e.name: e.as_item() for e in ents}


# --- titles and keys -------------------------------------------------------------------


def test_titles_before_and_after_a_name() -> None:
    text = "Israeli Prime Minister Benjamin Netanyahu met Blinken, the U.S. secretary of state, on Monday."
    before = title_before(text, text.index("Benjamin"))
    after = title_after(text, text.index("Blinken") + len("Blinken"))
    assert before is not None and (before.text, before.role) == ("Israeli Prime Minister", "prime minister")
    assert after is not None and after.role == "secretary of state"
    assert title_before("On Tuesday Antony Blinken said", 11) is None
    assert title_before("the commander of the Highland Liberation Front", 21) is None
    assert title_after("Irina Holt, rather than its commander, spoke", 10) is None


def test_role_and_organisation_keys() -> None:
    assert role_key("White House national security spokesman") == "national security spokesman"
    assert org_key("Ministry of the Interior") == org_key("the interior ministry") == "interior ministry"
    assert org_key("Marrovia's health ministry") == "health ministry"


# --- one article -------------------------------------------------------------------------


def test_full_name_title_and_surname_form_one_person() -> None:
    text = "Secretary of State Antony Blinken arrived on Monday. Blinken said the talks went well."
    ap = people(text, ("Antony Blinken", "PERSON"), ("Blinken", "PERSON", 2))
    (person,) = ap.people()
    assert person.name == "Antony Blinken" and person.forms["Blinken"] == 1
    assert [t.role for t in person.titles] == ["secretary of state"]


def test_the_title_word_is_no_organisation() -> None:
    text = "Secretary of State Antony Blinken arrived."
    ap = people(text, ("State", "ORG"), ("Antony Blinken", "PERSON"))
    assert [g.type for g in ap.groups] == ["person"]


def test_same_surname_in_one_article_goes_to_the_nearest_full_name() -> None:
    text = (
        "Opposition leader Lidia Mareck spoke first. Mareck said the army had failed. "
        "Army spokesman Colonel Tomas Mareck replied. Mareck said the army had held its ground."
    )
    ap = people(text, ("Lidia Mareck", "PERSON"), ("Mareck", "PERSON", 2), ("Tomas Mareck", "PERSON"), ("Mareck", "PERSON", 4))
    by_name = {g.name: g for g in ap.people()}
    assert set(by_name) == {"Lidia Mareck", "Tomas Mareck"}
    assert by_name["Lidia Mareck"].forms["Mareck"] == 1 and by_name["Tomas Mareck"].forms["Mareck"] == 1
    assert by_name["Tomas Mareck"].roles == {"army spokesman colonel"}


def test_gender_from_honorifics_and_pronouns() -> None:
    text = "Ms. Rosa Tamar waited at the gate. Vitor Kallas spoke later; he said he would stay. Kallas added that his men were ready."
    ap = people(text, ("Rosa Tamar", "PERSON"), ("Vitor Kallas", "PERSON"), ("Kallas", "PERSON", 2))
    genders = {g.name: g.gender for g in ap.people()}
    assert genders == {"Rosa Tamar": "f", "Vitor Kallas": "m"}


def test_acronym_and_head_word_join_the_long_form() -> None:
    text = "The Israel Defense Forces (IDF) said the IDF had withdrawn. The Highland Liberation Front said the Front would talk."
    ap = people(
        text,
        ("Israel Defense Forces", "ORG"),
        ("IDF", "ORG"),
        ("IDF", "ORG", 2),
        ("Highland Liberation Front", "ORG"),
        ("Front", "ORG", 2),
    )
    assert sorted((g.name, len(g.spans)) for g in ap.groups) == [("Highland Liberation Front", 2), ("Israel Defense Forces", 3)]


def test_labels_are_corrected_from_context() -> None:
    text = "Orva Hydro, the state company that runs the dam, said it was safe. Taxi driver Dragan Hollis said he was worried."
    ap = people(text, ("Orva Hydro", "PERSON"), ("Dragan Hollis", "ORG"))
    assert {g.name: g.type for g in ap.groups} == {"Orva Hydro": "organization", "Dragan Hollis": "person"}


def test_institutions_named_by_common_nouns() -> None:
    text = "Marrovia's health ministry said 31 people had died. The army said it had withdrawn."
    ap = people(text, ("Marrovia", "GPE"))
    assert {g.key for g in ap.groups} == {"marrovia", "health ministry", "army"}


# --- across articles -----------------------------------------------------------------------


def test_surname_only_article_joins_the_full_name_entity() -> None:
    a = "Israeli Prime Minister Benjamin Netanyahu flew to Washington."
    b = "Netanyahu said the war would go on."
    ents = merged(("a", date(2023, 11, 1), people(a, ("Benjamin Netanyahu", "PERSON"))), ("b", date(2023, 11, 2), people(b, ("Netanyahu", "PERSON"))))
    item = ents["Benjamin Netanyahu"]
    assert item["aliases"] == ["Netanyahu"] and item["articles"] == ["a", "b"]
    assert item["titles"] == ["Israeli Prime Minister"] and item["mentions"] == 2 and item["article_mentions"] == {"a": 1, "b": 1}


def test_different_first_names_never_merge() -> None:
    a = "Joe Biden spoke. Hunter Biden listened."
    ents = merged(("a", None, people(a, ("Joe Biden", "PERSON"), ("Hunter Biden", "PERSON"))))
    assert {"Joe Biden", "Hunter Biden"} <= set(ents)


def test_surname_with_two_candidates_follows_the_title() -> None:
    a = "President Joe Biden spoke. His son Hunter Biden listened."
    b = "President Biden signed the bill."
    ents = merged(
        ("a", date(2023, 1, 1), people(a, ("Joe Biden", "PERSON"), ("Hunter Biden", "PERSON"))),
        ("b", date(2023, 1, 2), people(b, ("Biden", "PERSON"))),
    )
    assert ents["Joe Biden"]["articles"] == ["a", "b"] and ents["Hunter Biden"]["articles"] == ["a"]


def test_surname_with_two_candidates_and_no_evidence_stays_apart() -> None:
    a = "Lidia Mareck and Tomas Mareck both spoke."
    b = "Mareck said nothing."
    ents = merged(
        ("a", date(2024, 1, 15), people(a, ("Lidia Mareck", "PERSON"), ("Tomas Mareck", "PERSON"))),
        ("b", date(2024, 1, 15), people(b, ("Mareck", "PERSON"))),
    )
    assert ents["Mareck"]["articles"] == ["b"]
    assert ents["Lidia Mareck"]["articles"] == ents["Tomas Mareck"]["articles"] == ["a"]


def test_conflicting_title_keeps_people_apart() -> None:
    a = "Colonel Tomas Mareck spoke for the army."
    b = "Opposition leader Mareck criticised the army."
    ents = merged(("a", date(2024, 1, 1), people(a, ("Tomas Mareck", "PERSON"))), ("b", date(2024, 1, 2), people(b, ("Mareck", "PERSON"))))
    assert ents["Tomas Mareck"]["articles"] == ["a"]


def test_places_and_acronyms_across_articles() -> None:
    a = "Troops from the United States arrived."
    b = "The U.S. sent troops to Tarvik. Fighting in Tarvik went on."
    ents = merged(
        ("a", None, people(a, ("United States", "GPE"))),
        ("b", None, people(b, ("U.S.", "GPE"), ("Tarvik", "ORG"), ("Tarvik", "ORG", 2))),
    )
    assert ents["United States"]["type"] == "GPE" and ents["United States"]["articles"] == ["a", "b"]
    assert ents["Tarvik"]["type"] == "GPE"


# --- the sample corpus -------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    if not GOLD.is_file():
        pytest.skip("examples/corpus/gold.json is not there")
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('entities') / 'store.db'}")
    try:
        engine.ingest(store, [CORPUS])
        engine.analyze(store, stages=["clean", "nlp", "mentions", "people", "entities"])
        yield store
    finally:
        store.close()


@pytest.fixture(scope="module")
def corpus_entities(corpus_store: Store) -> tuple[dict[str, Any], dict[str, str]]:
    texts = {a.id: a.text for a in corpus_store.iter_articles()}
    return engine.bundle(corpus_store), texts


def _group_fields(g: Group) -> dict[str, Any]:
    """Every field of a group, in a form that compares order and title offsets too."""
    return {
        "type": g.type,
        "key": g.key,
        "forms": list(g.forms.items()),
        "spans": list(g.spans),
        "titles": [(t.text, t.role, t.start) for t in g.titles],
        "gender": g.gender,
        "first": g.first,
        "last": g.last,
        "kinds": g.kinds,
        "places": g.places,
    }


def test_people_data_round_trips_exactly(corpus_store: Store) -> None:
    texts = {a.id: a.text for a in corpus_store.iter_articles()}
    mentions = corpus_store.article_results("mentions", with_blob=False)
    stored = corpus_store.article_results("people", with_blob=False)
    assert stored and set(stored) == set(mentions)
    groups = 0
    for aid, result in stored.items():
        fresh = article_people(texts[aid], mentions[aid].data["mentions"])
        back = ArticlePeople.from_data(json.loads(json.dumps(result.data["people"])))
        assert [_group_fields(g) for g in back.groups] == [_group_fields(g) for g in fresh.groups], aid
        assert list(back.of_mention.items()) == list(fresh.of_mention.items()), aid
        assert back.to_data() == fresh.to_data() == result.data["people"], aid
        groups += len(back.groups)
    assert groups > 100


def _norm(name: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", " ".join(name.replace("’", "'").lower().split()))


def _find(bundle: dict[str, Any], gold: dict[str, Any]) -> dict[str, Any] | None:
    names = {_norm(n) for n in [gold["name"], *gold["aliases"]]}
    cands = [e for e in bundle["entities"] if e["type"] == gold["type"] and names & {_norm(n) for n in [e["name"], *e["aliases"]]}]
    return next((e for e in cands if _norm(e["name"]) == _norm(gold["name"])), cands[0] if cands else None)


def test_gold_entities_are_found(corpus_entities: tuple[dict[str, Any], dict[str, str]]) -> None:
    bundle, _ = corpus_entities
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["entities"]
    missing = [g["name"] for g in gold if _find(bundle, g) is None]
    # Floor: several gold organisations carry names that never occur in the texts
    # ("Ministry of Health" for "the health ministry"); they are found through their aliases.
    assert len(missing) <= 5, missing


def test_gold_people_sharing_a_surname_stay_apart(corpus_entities: tuple[dict[str, Any], dict[str, str]]) -> None:
    bundle, _ = corpus_entities
    by_name = {e["name"]: e for e in bundle["entities"] if e["type"] == "PERSON"}
    for pair in (("Lidia Mareck", "Tomas Mareck"), ("Henrietta Voss", "Lena Voss"), ("Vitor Kallas", "Dunja Kallas")):
        assert all(name in by_name for name in pair), pair
        assert by_name[pair[0]]["id"] != by_name[pair[1]]["id"]


def test_gold_people_have_their_aliases_and_titles(corpus_entities: tuple[dict[str, Any], dict[str, str]]) -> None:
    bundle, _ = corpus_entities
    by_name = {e["name"]: e for e in bundle["entities"] if e["type"] == "PERSON"}
    assert "Vanek" in by_name["Teodor Vanek"]["aliases"]
    assert any("prime minister" in t.lower() for t in by_name["Teodor Vanek"]["titles"])
    assert any("finance minister" in t.lower() for t in by_name["Oskar Brenn"]["titles"])


def test_entity_articles_and_counts_agree_with_the_texts(corpus_entities: tuple[dict[str, Any], dict[str, str]]) -> None:
    bundle, texts = corpus_entities
    for e in bundle["entities"]:
        assert sorted(e["article_mentions"]) == e["articles"]
        assert sum(e["article_mentions"].values()) == e["mentions"]
    vanek = next(e for e in bundle["entities"] if e["name"] == "Teodor Vanek")
    naming = {aid for aid, text in texts.items() if "Teodor Vanek" in text}
    assert naming <= set(vanek["articles"])
