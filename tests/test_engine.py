"""The engine on both backends: analyze recomputes only what changed; bundles validate."""

import json
from datetime import date

from storyline import engine
from storyline.web.report import write_report
from storyline.bundle import validate_bundle
from storyline.models import Article

TEXT_A = (
    "Harbour workers in Port Calder walked out on Tuesday.\n\n"
    "Union leader Alma Reyes said the strike would last until wages rose. "
    "The harbour authority said 40 ships were waiting offshore."
)
TEXT_B = (
    "Flood water reached Brennmoor overnight.\n\n"
    "Mayor Tomas Halvorsen told reporters that 1,200 people had been evacuated."
)
TEXT_DE = "Die Hafenarbeiter in Port Calder haben am Dienstag die Arbeit niedergelegt. Die Gewerkschaft fordert mehr Lohn."


def _articles():
    return [
        Article(id="a", text=TEXT_A, title="Port strike", outlet="Meridian Wire", published=date(2023, 11, 21), language="en"),
        Article(id="b", text=TEXT_B, title="Brennmoor floods", outlet="The Calder Post", published=date(2023, 11, 22), language="en"),
        Article(id="de", text=TEXT_DE, title="Streik", outlet="Nordblatt", published=date(2023, 11, 21), language="de"),
    ]


def test_analyze_is_incremental(store):
    store.add_articles(_articles())
    first = engine.analyze(store, stages=["clean", "nlp", "mentions"])
    assert first.computed == {"clean": 3, "nlp": 2, "mentions": 2}
    assert first.skipped_articles == ["de"]

    again = engine.analyze(store, stages=["clean", "nlp", "mentions"])
    assert again.computed == {"clean": 0, "nlp": 0, "mentions": 0}
    assert again.reused == {"clean": 3, "nlp": 2, "mentions": 2}

    # A changed text at a known id is a revision, and only that article is recomputed.
    changed = _articles()[1]
    changed.text = TEXT_B + " The river commission said 300 homes were damaged."
    report = store.add_articles([changed])
    assert report.revised == 1
    third = engine.analyze(store, stages=["clean", "nlp", "mentions"])
    assert third.computed == {"clean": 1, "nlp": 1, "mentions": 1}


def test_force_recomputes(store):
    store.add_articles(_articles()[:1])
    engine.analyze(store, stages=["clean", "nlp"])
    forced = engine.analyze(store, stages=["clean", "nlp"], force=True)
    assert forced.computed == {"clean": 1, "nlp": 1}


def test_bundle_marks_skipped_articles_and_validates(store):
    store.add_articles(_articles())
    engine.analyze(store)
    data = engine.bundle(store)
    validate_bundle(data)
    analysed = {a["id"]: a["analysed"] for a in data["articles"]}
    assert analysed == {"a": True, "b": True, "de": False}
    # Per-article items point into the stored text.
    texts = {a.id: a.text for a in _articles()}
    for section in ("dates", "quotes", "figures"):
        for item in data[section]:
            assert item["article"] != "de"
            assert texts[item["article"]][item["start"] : item["end"]]


def test_export_writes_files_atomically(store, tmp_path):
    store.add_articles(_articles()[:2])
    engine.analyze(store)
    out_json, out_html = tmp_path / "story.json", tmp_path / "story.html"
    data = engine.export(store, json_path=out_json)
    write_report(out_html, data, store)
    assert json.loads(out_json.read_text(encoding="utf-8")) == data
    html = out_html.read_text(encoding="utf-8")
    assert "<html" in html and "Port strike" in html
    assert not list(tmp_path.glob(".*.tmp"))


def test_overview_digest(store):
    store.add_articles(_articles())
    engine.analyze(store)
    view = engine.overview(engine.bundle(store))
    assert view["articles"] == 3
    assert dict(view["outlets"]) == {"Meridian Wire": 1, "The Calder Post": 1, "Nordblatt": 1}
    assert view["counts"]["articles"] == 3
