"""The web app over a hand-built corpus: every page and its JSON twin, on SQLite and PostgreSQL.

The articles are stored for real (text, search, mentions); the analysis bundle is built by hand
from their texts (offsets are found, not typed), so these tests do not depend on how well the
analysis stages do. The browser tests and the benchmark run on the analysed sample corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import warnings

import pytest
from fastapi.routing import APIRoute

with warnings.catch_warnings():
    # Starlette 1.x asks for the "httpx2" package, which PyPI does not carry; httpx works the same.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from fastapi.testclient import TestClient

from storyline.bundle import validate_bundle
from storyline.models import Article, StageResult
from storyline.store import Store, open_store
from storyline.web import create_app
from storyline.web.app import json_path

TEXTS = {
    "w1": "Gunmen attacked the central market in Port Ellis on Monday, police said. At least 12 people were killed, "
          "according to police spokesman Tomas Brandt.\n\n\"We are hunting the attackers,\" Brandt said.",
    "h1": "Attackers hit the central market in Port Ellis on Monday. At least 12 people were killed, "
          "according to police spokesman Tomas Brandt.\n\nOfficers were hunting the attackers, Brandt said.",
    "l1": "A massacre at the Port Ellis market on Monday left 20 civilians dead, witnesses said. The massacre was the "
          "work of militants, and the slaughtered were buried on Tuesday. The massacre shocked the city.",
    "r1": "Clashes broke out at the Port Ellis market on Monday. Police said 12 people died in the clashes. The clashes "
          "followed weeks of unrest, and both sides blamed each other for the clashes.",
    "w2": "The port reopened on Friday, harbour master Alma Reyes said.\n\n\"We are open for business,\" Reyes said.",
    "l2": "The port reopened on Friday after the massacre, and mourners gathered at the market. They remembered the massacre.",
    "f1": "Le port a rouvert vendredi.",
}
TEXTS["d1"] = TEXTS["w1"]

META = {  # id: (outlet, published, title, event)
    "w1": ("Meridian Wire", "2024-03-04", "Gunmen attack Port Ellis market", "E1"),
    "d1": ("Daily Courier", "2024-03-04", "Gunmen attack Port Ellis market", "E1"),
    "h1": ("Harbour Herald", "2024-03-05", "Attackers hit market", "E1"),
    "l1": ("Left Voice", "2024-03-05", "Massacre at the market", "E1"),
    "r1": ("Right Herald", "2024-03-06", "Clashes at the market", "E1"),
    "w2": ("Meridian Wire", "2024-03-08", "Port reopens", "E2"),
    "l2": ("Left Voice", "2024-03-09", "Port reopens after massacre", "E2"),
    "f1": ("Le Courrier", "2024-03-09", "Le port rouvre", None),
}


def span(aid: str, words: str, nth: int = 0) -> tuple[int, int]:
    """The offsets of the ``nth`` occurrence of ``words`` in article ``aid``."""
    starts = [m.start() for m in re.finditer(re.escape(words), TEXTS[aid])]
    return starts[nth], starts[nth] + len(words)


def _item(aid: str, words: str, **fields: Any) -> dict[str, Any]:
    start, end = span(aid, words)
    return {"article": aid, "text": words, "start": start, "end": end, **fields}


def _figure(aid: str, words: str, value: Any, source: str | None, day: str | None) -> dict[str, Any]:
    return _item(aid, words, value=value, unit="killed", source=source, date=day)


def hand_bundle() -> dict[str, Any]:
    """The analysis of the corpus above, as the stages would export it."""
    dupe_duplicate_of = {"d1": "w1", "h1": "w1"}
    articles = [
        {"id": aid, "outlet": o, "title": t, "published": p, "url": f"https://{aid}.example/story", "event": e,
         "duplicate_of": dupe_duplicate_of.get(aid), "language": "fr" if aid == "f1" else "en", "analysed": aid != "f1"}
        for aid, (o, p, t, e) in META.items()
    ]
    w1_sentence = span("w1", "At least 12 people were killed, according to police spokesman Tomas Brandt.")
    h1_sentence = span("h1", "At least 12 people were killed, according to police spokesman Tomas Brandt.")
    figures = [
        _figure("w1", "At least 12 people were killed", 12, "police", "2024-03-04"),
        _figure("h1", "At least 12 people were killed", 12, "police", "2024-03-04"),
        _figure("l1", "20 civilians dead", 20, "witnesses", "2024-03-04"),
        _figure("r1", "12 people died", 12, "police", None),
    ]
    figures.sort(key=lambda f: (f["article"], f["start"]))
    bundle = {
        "schema": "storyline/1",
        "articles": articles,
        "duplicates": [
            {"articles": ["w1", "d1"], "kind": "copy", "score": 1.0,
             "passages": [{"source": [0, len(TEXTS["w1"])], "target": [0, len(TEXTS["d1"])], "score": 1.0}]},
            {"articles": ["w1", "h1"], "kind": "rewrite", "score": 0.62,
             "passages": [{"source": list(w1_sentence), "target": list(h1_sentence), "score": 1.0}]},
        ],
        "events": [
            {"id": "E1", "title": "Attack on the Port Ellis market", "date": "2024-03-04",
             "articles": ["w1", "d1", "h1", "l1", "r1"], "story": "S1"},
            {"id": "E2", "title": "The port reopens", "date": "2024-03-08", "articles": ["w2", "l2"], "story": "S1"},
        ],
        "stories": [{"id": "S1", "title": "Violence in Port Ellis", "events": ["E1", "E2"]}],
        "dates": sorted(
            [_item("w1", "Monday", value="2024-03-04"), _item("w2", "Friday", value="2024-03-08"),
             _item("l1", "Tuesday", value="2024-03-05"), _item("r1", "weeks", value=None)],
            key=lambda d: (d["article"], d["start"]),
        ),
        "quotes": sorted(
            [_item("w1", "We are hunting the attackers,", speaker="Tomas Brandt", kind="direct"),
             _item("h1", "Officers were hunting the attackers", speaker="Tomas Brandt", kind="indirect"),
             _item("w2", "We are open for business,", speaker="Alma Reyes", kind="direct")],
            key=lambda q: (q["article"], q["start"]),
        ),
        "figures": figures,
        "entities": [
            {"name": "Tomas Brandt", "type": "PERSON", "aliases": ["Brandt"], "articles": ["w1", "d1", "h1"],
             "titles": ["police spokesman", "mayor"]},
            {"name": "Port Ellis", "type": "GPE", "aliases": [], "articles": ["w1", "d1", "h1", "l1", "r1"]},
            {"name": "Alma Reyes", "type": "PERSON", "aliases": ["Reyes"], "articles": ["w2"]},
        ],
        "timeline": [
            {"date": "2024-03-04", "text": "Gunmen attacked the central market in Port Ellis.", "articles": ["w1", "l1"], "event": "E1"},
            {"date": "2024-03-08", "text": "The port reopened.", "articles": ["w2"], "event": "E2"},
        ],
        "conflicts": [
            {"figures": [{"article": "l1", "start": span("l1", "20 civilians dead")[0], "end": span("l1", "20 civilians dead")[1]},
                         {"article": "w1", "start": span("w1", "At least 12")[0], "end": span("w1", "At least 12")[0] + 30}],
             "note": "killed as of 2024-03-04: 20 (witnesses) vs at least 12 (police)"}
        ],
    }
    validate_bundle(bundle)
    return bundle


def _mentions(aid: str) -> list[dict[str, Any]]:
    found = []
    for words, label in (("Tomas Brandt", "PERSON"), ("Brandt", "PERSON"), ("Port Ellis", "GPE"), ("Alma Reyes", "PERSON"), ("Reyes", "PERSON")):
        for m in re.finditer(re.escape(words), TEXTS[aid]):
            if any(f["start"] <= m.start() < f["end"] for f in found):
                continue
            found.append({"text": words, "name": words, "label": label, "start": m.start(), "end": m.end(), "sentence": 0})
    return sorted(found, key=lambda m: m["start"])


def fill_store(store: Store) -> None:
    """Store the corpus's articles and their entity mentions."""
    store.add_articles(
        Article(id=aid, text=TEXTS[aid], title=t, outlet=o, published=date.fromisoformat(p), url=f"https://{aid}.example/story",
                language="fr" if aid == "f1" else "en")
        for aid, (o, p, t, _e) in META.items()
    )
    store.put_article_results("mentions", "1", [(aid, "test", StageResult({"mentions": _mentions(aid)})) for aid in TEXTS if aid != "f1"])


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    fill_store(store)
    bundle = hand_bundle()
    with TestClient(create_app(store=store, build=lambda s: bundle)) as test_client:
        yield test_client


# Example values for every path parameter, so each page route can be requested.
EXAMPLES = {"story_id": "S1", "event_id": "E1", "article_id": "w1", "name": "Tomas Brandt"}
QUERIES = {"/search": "?q=market", "/story/{story_id}/changes": "?since=3650d"}


def _page_routes() -> list[APIRoute]:
    store = open_store("sqlite://")
    try:
        routes = [r for r in create_app(store=store).routes if isinstance(r, APIRoute)]
    finally:
        store.close()
    # /docs (and its OAuth redirect) is the API's own page: its data is /openapi.json (checked in test_openapi_lists_the_json_twins).
    return [r for r in routes if not r.path.endswith(".json") and not r.path.startswith("/docs")]


def _fill(path: str) -> str:
    for param, value in EXAMPLES.items():
        path = re.sub(r"\{" + param + r"(:\w+)?\}", value.replace(" ", "%20"), path)
    assert "{" not in path, f"no example value for a parameter of {path!r}: add it to EXAMPLES"
    return path


@pytest.mark.parametrize("route", _page_routes(), ids=lambda r: r.path)
def test_every_page_has_a_json_twin(client: TestClient, route: APIRoute) -> None:
    twins = {r.path for r in client.app.routes if isinstance(r, APIRoute)}
    assert json_path(route.path) in twins, f"{route.path} has no JSON twin"
    url = _fill(route.path) + QUERIES.get(route.path, "")
    html = client.get(url)
    twin = client.get(_fill(json_path(route.path)) + QUERIES.get(route.path, ""))
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert twin.status_code == 200 and twin.headers["content-type"].startswith("application/json")
    data = twin.json()
    assert isinstance(data, dict) and data
    # The HTML names its twin, and shows the same data (a title it carries).
    assert f'href="{_fill(json_path(route.path))}' in html.text
    titles = re.findall(r'"title": "([^"]+)"', twin.text)
    assert not titles or any(t.replace("'", "&#39;") in html.text for t in titles)


def test_openapi_lists_the_json_twins(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text
    script = re.search(r'<script src="([^"]+swagger-ui-bundle\.js)"', docs.text)
    assert script and client.get(script.group(1)).status_code == 200  # served by the app: works offline
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/index.json", "/story/{story_id}.json", "/event/{event_id}.json", "/search.json"} <= set(paths)
    assert "/story/{story_id}" not in paths  # HTML pages are not the API


def test_index_lists_stories_and_outlets(client: TestClient) -> None:
    data = client.get("/index.json").json()
    assert [s["id"] for s in data["stories"]] == ["S1"]
    assert data["stories"][0]["articles"] == 7 and data["stories"][0]["first"] == "2024-03-04"
    page = client.get("/").text
    assert '<a href="/story/S1">Violence in Port Ellis</a>' in page
    assert 'class="skip" href="#main"' in page


def test_index_twin_also_answers_at_slash_json(client: TestClient) -> None:
    # "/" + ".json" is the obvious guess for the index's twin; it serves the same data as /index.json
    alias = client.get("/.json")
    assert alias.status_code == 200 and alias.headers["content-type"].startswith("application/json")
    assert alias.json() == client.get("/index.json").json()
    assert "/.json" not in client.get("/openapi.json").json()["paths"]  # one documented path per page


def test_story_page_shows_every_section_with_real_data(client: TestClient) -> None:
    data = client.get("/story/S1.json").json()
    assert [e["id"] for e in data["events"]] == ["E1", "E2"]
    assert [t["date"] for t in data["timeline"]] == ["2024-03-04", "2024-03-08"]
    assert data["coverage"]["events"][0]["first"]["outlets"] == ["Meridian Wire"]
    brandt = next(s for s in data["quotes"]["speakers"] if s["speaker"] == "Tomas Brandt")
    assert "Left Voice" in brandt["left_out"] and "Harbour Herald" not in brandt["left_out"]
    killed = data["figures"]["units"][0]
    assert killed["unit"] == "killed" and {s["source"] for s in killed["series"]} == {"police", "witnesses"}
    assert len(data["figures"]["conflicts"]) == 1
    left = next(o for o in data["framing"]["outlets"] if o["outlet"] == "Left Voice")
    assert left["words"][0]["word"] == "massacre" and left["words"][0]["count"] == 5
    page = client.get("/story/S1").text
    assert page.count('<svg class="chart"') == 1 and 'class="conflict"' in page
    assert page.count("conflict-ring") == 1  # the chart has a conflict: its legend says what the ring means
    assert "The port reopened." in page and "★" in page and "massacre" in page


def test_event_page_folds_copies_under_the_original(client: TestClient) -> None:
    data = client.get("/event/E1.json").json()
    originals = {a["id"]: a for a in data["articles"]}
    assert set(originals) == {"w1", "l1", "r1"}
    assert [(c["id"], c["kind"]) for c in originals["w1"]["copies"]] == [("d1", "copy"), ("h1", "rewrite")]
    page = client.get("/event/E1").text
    details = page[page.index('<details class="copies">'):]
    assert details.index("/article/d1") < details.index("</details>")


def test_article_page_highlights_dates_quotes_figures_entities_and_shared_passages(client: TestClient) -> None:
    page = client.get("/article/w1").text
    assert re.search(r'<mark class="date" id="date-\d+" data-value="2024-03-04"[^>]*>Monday</mark>', page)
    assert 'data-speaker="Tomas Brandt"' in page
    assert re.search(r'<mark class="figure conflict" id="fig-\d+"', page)
    assert '<a class="entity person" href="/entity/Tomas%20Brandt"' in page
    assert '<span class="shared copy"' in page and '<span class="shared rewrite"' in page
    data = client.get("/article/h1.json").json()
    assert data["related"][0]["relation"] == "rewrite of" and data["related"][0]["passages"][0]["own"] == list(
        span("h1", "At least 12 people were killed, according to police spokesman Tomas Brandt."))
    assert data["event"]["id"] == "E1" and data["story"]["id"] == "S1"


def test_not_analysed_article_still_has_a_page(client: TestClient) -> None:
    page = client.get("/article/f1")
    assert page.status_code == 200 and "not analysed" in page.text


def test_entity_page_mentions_quotes_and_roles(client: TestClient) -> None:
    data = client.get("/entity/Tomas%20Brandt.json").json()
    assert data["entity"]["name"] == "Tomas Brandt"
    assert {m["id"] for m in data["mentions"]} == {"w1", "d1", "h1"}
    assert [q["kind"] for q in data["quotes"]] == ["direct", "indirect"]
    assert data["roles"][0] == {"date": "2024-03-04", "mentioned": 4, "quoted": 1, "source": 0,
                                "outlets": ["Daily Courier", "Meridian Wire"], "titles": ["police spokesman"]}
    # An alias finds the entity too.
    assert client.get("/entity/brandt.json").json()["entity"]["name"] == "Tomas Brandt"


def test_search_uses_the_full_text_index(client: TestClient) -> None:
    data = client.get("/search.json?q=massacre").json()
    assert {h["id"] for h in data["hits"]} == {"l1", "l2"}
    page = client.get("/search?q=massacre").text
    assert "<mark>" in page and "2 results" in page
    assert client.get("/search.json?q=").json()["hits"] == []


def test_lists_filter_by_type_and_outlet(client: TestClient) -> None:
    assert [e["name"] for e in client.get("/entities.json?type=PERSON").json()["entities"]] == ["Tomas Brandt", "Alma Reyes"]
    assert {a["id"] for a in client.get("/articles.json?outlet=Left%20Voice").json()["articles"]} == {"l1", "l2"}


def test_articles_list_names_each_event_by_its_title(client: TestClient) -> None:
    rows = {a["id"]: a for a in client.get("/articles.json").json()["articles"]}
    assert rows["w2"]["event"] == "E2" and rows["w2"]["event_title"] == "The port reopens"  # the id stays in the JSON
    page = client.get("/articles").text
    assert '<a href="/event/E2">The port reopens</a>' in page
    assert '>E2</a>' not in page


@pytest.mark.parametrize("path", ["/story/nope", "/event/nope", "/article/nope", "/entity/Nobody", "/no/such/page"])
def test_unknown_pages_are_404_in_html_and_json(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 404 and "Not found" in page.text
    twin = client.get(path + ".json")
    assert twin.status_code == 404 and "detail" in twin.json()


def test_empty_database_shows_honest_empty_states(store: Store) -> None:
    with TestClient(create_app(store=store)) as test_client:
        page = test_client.get("/").text
        assert "holds no articles" in page
        assert test_client.get("/index.json").json()["stories"] == []
        assert "No entities" in test_client.get("/entities").text


def test_chart_legend_leaves_out_conflict_when_there_is_none(store: Store) -> None:
    fill_store(store)
    calm = {**hand_bundle(), "conflicts": []}  # the same figures, none of them in a conflict
    with TestClient(create_app(store=store, build=lambda s: calm)) as test_client:
        page = test_client.get("/story/S1").text
    assert '<svg class="chart"' in page
    assert 'class="conflict"' not in page and "conflict-ring" not in page


def test_story_without_figures_quotes_or_timeline_says_so(store: Store) -> None:
    fill_store(store)
    bare = {**hand_bundle(), "figures": [], "quotes": [], "timeline": [], "conflicts": []}
    with TestClient(create_app(store=store, build=lambda s: bare)) as test_client:
        page = test_client.get("/story/S1").text
    assert "No figures" in page and "No attributed quotes" in page and "No timeline entries" in page
    assert "<svg" not in page


def test_serve_app_reads_the_analysed_store(store_url: str) -> None:
    """Without an injected bundle the app builds it with the engine, from the stored analysis."""
    with open_store(store_url) as store:
        fill_store(store)
    with TestClient(create_app(store_url)) as test_client:
        data = test_client.get("/articles.json").json()
    assert {a["id"] for a in data["articles"]} == set(META)


def test_warm_up_builds_the_view_and_story_comparisons_before_the_first_visit(store: Store) -> None:
    fill_store(store)
    bundle = hand_bundle()
    app = create_app(store=store, build=lambda s: bundle, warm=True)
    with TestClient(app):
        assert app.state.warm.wait(30)
        view = app.state.cache.current()
        assert app.state.cache.builds == 1 and view.has(("compare", "story", "S1"))
