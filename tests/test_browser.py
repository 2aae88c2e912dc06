"""The web app in a real browser: headless Debian chromium driven by Playwright.

The app runs in a background thread over a database analysed from the sample corpus
(examples/corpus). The tests open every page kind, follow links from the stories to an article,
search, check that highlights and the figures chart render, use the keyboard and a phone-sized
screen, and open the static report offline. Screenshots go to test-artifacts/.

Skipped, with the reason shown, when /usr/bin/chromium is missing: `bash scripts/install-browser.sh`
installs it (make test does).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from storyline import engine
from storyline.web.report import write_report
from storyline.store import Store, open_store
from storyline.web import create_app
from storyline.web.server import BackgroundServer

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing: run `bash scripts/install-browser.sh` (make test does) to run the browser tests",
                allow_module_level=True)
if not any(CORPUS.rglob("*.txt")):
    pytest.skip(f"the sample corpus {CORPUS} is missing", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (pip install -e '.[dev]')")


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A SQLite store with the sample corpus ingested and analysed (once for the module)."""
    store = open_store(str(tmp_path_factory.mktemp("browser") / "corpus.db"))
    engine.ingest(store, [CORPUS])
    engine.analyze(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def site(analysed: Store) -> Iterator[str]:
    """The base URL of the app serving the analysed corpus."""
    with BackgroundServer(create_app(store=analysed)) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    opened.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield opened
    context.close()
    assert errors == [], f"the page logged errors: {errors}"


def shot(page: Any, name: str, *, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def _story_with_chart(site: str) -> dict[str, Any]:
    """The story whose figures chart has the most points (the one the README shows)."""
    stories = httpx.get(f"{site}/index.json").json()["stories"]
    assert stories, "the analysed sample corpus has no stories"

    def points(story: dict[str, Any]) -> int:
        data = httpx.get(f"{site}/story/{story['id']}.json", timeout=30).json()
        return sum(u["points"] for u in data["figures"]["units"])

    return max(stories, key=points)


def test_follow_links_from_stories_to_an_article(page: Any, site: str) -> None:
    story = _story_with_chart(site)
    page.goto(site + "/")
    shot(page, "stories")
    page.get_by_role("link", name=story["title"], exact=True).first.click()
    page.wait_for_url(re.compile(r"/story/"))
    assert page.locator("h1").first.inner_text() == story["title"]
    # The chart renders: an SVG with plotted points, laid out with a real size.
    chart = page.locator("svg.chart").first
    chart.wait_for()
    assert chart.locator("circle.point").count() > 0
    box = chart.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 80
    shot(page, "story")
    page.locator("ol.events a").first.click()
    page.wait_for_url(re.compile(r"/event/"))
    assert page.locator("h2", has_text="Articles, copies folded").count() == 1
    shot(page, "event")
    page.locator("ol.articles a.article-link").first.click()
    page.wait_for_url(re.compile(r"/article/"))
    assert page.locator("article.doc h1").count() == 1
    shot(page, "article")


def _article_with(site: str, analysed: Store, section: str) -> str:
    bundle = engine.bundle(analysed)
    counts: dict[str, int] = {}
    for item in bundle[section]:
        counts[item["article"]] = counts.get(item["article"], 0) + 1
    assert counts, f"the analysed sample corpus has no {section}"
    return max(counts, key=lambda a: counts[a])


def test_article_highlights_render_with_their_values(page: Any, site: str, analysed: Store) -> None:
    aid = _article_with(site, analysed, "dates")
    page.goto(f"{site}/article/{aid}")
    date = page.locator(".text mark.date").first
    date.wait_for()
    # The resolved value is drawn after the date by CSS, from its data-value attribute.
    after = date.evaluate("el => getComputedStyle(el, '::after').content")
    assert after.strip('"') == date.get_attribute("data-value") and after != "none"
    background = date.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    quoted = _article_with(site, analysed, "quotes")
    page.goto(f"{site}/article/{quoted}")
    quote = page.locator(".text mark.quote").first
    before = quote.evaluate("el => getComputedStyle(el, '::before').content")
    assert (quote.get_attribute("data-speaker") or "") in before
    shot(page, "article-quotes")


def test_search_finds_articles_and_marks_the_words(page: Any, site: str) -> None:
    title = httpx.get(f"{site}/articles.json").json()["articles"][0]["title"]
    word = max(re.findall(r"[A-Za-z]{5,}", title), key=len)
    page.goto(site + "/")
    page.get_by_label("Search the articles").fill(word)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    hits = page.locator("ol.hits li")
    assert hits.count() > 0
    assert page.locator(".snippet mark").count() > 0 or word.lower() in hits.first.inner_text().lower()
    shot(page, "search")
    hits.first.locator("a").first.click()
    page.wait_for_url(re.compile(r"/article/"))


def test_every_page_kind_opens(page: Any, site: str) -> None:
    entity = httpx.get(f"{site}/entities.json").json()["entities"]
    paths = ["/", "/articles", "/entities", "/search?q=police", "/problems", "/docs"]
    if entity:
        paths.append("/entity/" + httpx.URL("/x/").copy_with(path="/" + entity[0]["name"]).raw_path.decode()[1:])
    for path in paths:
        response = page.goto(site + path)
        assert response is not None and response.status == 200, path
        page.locator("h1, .swagger-ui").first.wait_for()
    # The API docs load Swagger UI from the app itself: it renders with no network.
    page.goto(site + "/docs")
    page.locator(".swagger-ui .opblock").first.wait_for()
    shot(page, "docs", full_page=False)


def test_keyboard_skip_link_and_search_shortcut(page: Any, site: str) -> None:
    page.goto(site + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # a visible focus style
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site-q"


def test_story_page_fits_a_phone(browser: Any, site: str) -> None:
    story = httpx.get(f"{site}/index.json").json()["stories"][0]
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    try:
        phone.goto(f"{site}/story/{story['id']}")
        # Wide tables scroll inside their own boxes; the page itself never scrolls sideways.
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390 + 1, f"the page is {width}px wide on a 390px screen"
        shot(phone, "story-phone")
    finally:
        context.close()


def test_coverage_table_fits_a_1280px_screen(page: Any, site: str) -> None:
    """Every outlet column and the "first" column of the sample story (eight outlets) are in view
    at 1280 px: the table does not need its scroll box."""
    story = httpx.get(f"{site}/index.json", timeout=60).json()["stories"][0]
    page.goto(f"{site}/story/{story['id']}")
    outlets = len(httpx.get(f"{site}/story/{story['id']}.json", timeout=60).json()["coverage"]["outlets"])
    assert outlets >= 8
    box = page.evaluate(
        """() => { const t = document.querySelector('table.coverage'); const s = t.closest('.scroll');
                  return {scrollWidth: s.scrollWidth, clientWidth: s.clientWidth,
                          columns: t.querySelectorAll('thead th').length,
                          last: t.querySelector('thead th:last-child').getBoundingClientRect().right,
                          viewport: window.innerWidth}; }"""
    )
    assert box["columns"] == outlets + 2
    assert box["scrollWidth"] <= box["clientWidth"] + 1, box
    assert box["last"] <= box["viewport"], box
    shot(page, "coverage-1280")


def test_changes_page_lists_what_is_new_and_remembers_the_last_visit(page: Any, site: str) -> None:
    story = httpx.get(f"{site}/index.json", timeout=60).json()["stories"][0]
    # Two visits of the story page: the first is what "since my last visit" goes back to.
    for _ in range(2):
        page.goto(f"{site}/story/{story['id']}")
    page.click("a.story-changes")
    page.wait_for_url(re.compile(r"/changes$"))
    assert "No poll recorded yet" in page.content()  # no follow has run on this database
    page.goto(f"{site}/story/{story['id']}/changes?since=3650d")
    assert page.locator("h1").inner_text().startswith("What changed since")
    outlets = page.locator("section[aria-labelledby=ch-outlets-h] li")
    assert outlets.count() >= 2
    last = page.locator("a.last-visit")
    assert last.is_visible() and "since=" in (last.get_attribute("href") or "")
    page.fill("#since", "2999-01-01")
    page.click("form.since button")
    page.wait_for_url(re.compile(r"since=2999-01-01"))
    assert "Nothing new in this story since then." in page.content()
    shot(page, "changes")


def test_an_unresolved_speaker_is_shown_as_unresolved(page: Any, site: str, analysed: Store) -> None:
    """A quote whose speaker the resolver could not tie to anyone is listed as unresolved, with what
    the text says, never under that text as if it were a name; the speakers table leaves it out."""
    data = engine.bundle(analysed)
    quote = next(q for q in data["quotes"] if q["speaker"] and q.get("speaker_type") == "unresolved")
    page.goto(f"{site}/article/{quote['article']}")
    items = page.locator("ul.quote-list li.unresolved")
    assert items.count() >= 1
    texts = [items.nth(i).inner_text() for i in range(items.count())]
    assert any("speaker unresolved" in t and quote["speaker"] in t for t in texts), texts
    mark = page.locator(f"mark.quote[data-speaker='unresolved']")
    assert mark.count() >= 1
    story = next(s for s in data["stories"] if any(quote["article"] in e["articles"] for e in data["events"] if e["id"] in s["events"]))
    twin = httpx.get(f"{site}/story/{story['id']}.json", timeout=60).json()
    assert quote["speaker"] not in {s["speaker"] for s in twin["quotes"]["speakers"]}
    assert twin["quotes"]["unattributed"] >= 1
    shot(page, "unresolved-speaker")


def test_static_report_opens_offline(browser: Any, analysed: Store, tmp_path: Path) -> None:
    report = tmp_path / "story.html"
    write_report(report, engine.bundle(analysed), analysed)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    fetched: list[str] = []
    context.on("request", lambda request: fetched.append(request.url))
    offline = context.new_page()
    try:
        offline.goto(report.as_uri())
        assert offline.locator("svg.chart circle.point").count() > 0
        assert "system-ui" in offline.evaluate("getComputedStyle(document.body).fontFamily")  # the inline CSS applies
        assert offline.locator("h2", has_text="Coverage by outlet").count() >= 1
        assert [url for url in fetched if not url.startswith("file:")] == []
        shot(offline, "report")
        shutil.copy(report, ARTIFACTS / "report.html")
    finally:
        context.close()


def test_problems_page_shows_a_failure_and_its_traceback(browser: Any, tmp_path: Path) -> None:
    """A stage failure is listed by stage and by article, and its traceback opens on demand."""
    from storyline.models import Article, StageFailure

    with open_store(str(tmp_path / "problems.db")) as store:
        store.add_articles([Article(id="wire-1", text="Harbour workers walked out on Tuesday.", title="Harbour strike")])
        store.put_failures([StageFailure("dates", "wire-1", "2", "h", "KeyError", "'ML'", 'File "span_rules.py", line 53\nKeyError: \'ML\'')])
        with BackgroundServer(create_app(store=store)) as server:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            try:
                page = context.new_page()
                page.goto(server.url + "/problems")
                assert page.locator("h1").inner_text() == "Analysis problems"
                rows = page.locator("table").first.locator("tbody tr")
                assert rows.count() == 1 and "dates" in rows.first.inner_text() and "KeyError" in rows.first.inner_text()
                trace = page.locator("details pre")
                assert not trace.is_visible()
                page.locator("details summary").first.click()
                assert trace.is_visible() and "span_rules.py" in trace.inner_text()
                shot(page, "problems")
                page.get_by_role("link", name="Harbour strike").click()
                page.wait_for_url(re.compile(r"/article/wire-1"))
                assert "dates failed" in page.locator(".problems").inner_text()
            finally:
                context.close()
