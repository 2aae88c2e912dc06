"""``follow`` end to end over a local server: feeds, sitemaps and pages on several host names.

Every request goes to 127.0.0.1 (the client's transport maps the names there); a fake clock
stands in for time, so backoff and spacing never really wait.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from _fetch_site import FIXTURES, FakeClock, Site, news_sitemap, rss
from storyline import engine
from storyline.cli import app
from storyline.errors import InputError, StorylineError
from storyline.fetch import FollowReport
from storyline.store import Store, open_store

HARBOUR = "http://harbour.example"
WIRE = "http://wire.example"
SCHOOL_TEXT = (FIXTURES / "schools-reopen.html").read_text(encoding="utf-8")


def _full_content() -> str:
    """The schools story as a feed's full content: the article's paragraphs, well over 100 words."""
    start, end = SCHOOL_TEXT.index("<p>"), SCHOOL_TEXT.rindex("</p>") + 4
    return SCHOOL_TEXT[start:end] + "<p>" + " ".join(["Teachers thanked the ferry crew for the early crossing."] * 6) + "</p>"


@pytest.fixture
def site(httpserver: HTTPServer) -> Iterator[Site]:
    web = Site(httpserver)
    web.robots("harbour.example", "User-agent: *\nDisallow: /private/\n")
    web.page("harbour.example", "/2026/ferry-resumes", "ferry-resumes.html")
    web.page("harbour.example", "/private/draft", "ferry-resumes.html")
    web.serve("harbour.example", "/feed.xml", rss([
        {"title": "Ferry to Brennmoor resumes", "link": f"{HARBOUR}/2026/ferry-resumes", "summary": "The ferry sailed again."},
        {"title": "Brennmoor school reopens", "link": f"{HARBOUR}/2026/schools-reopen", "content": _full_content()},
        {"title": "Draft", "link": f"{HARBOUR}/private/draft", "summary": "Not for robots."},
    ]), content_type="application/rss+xml")
    web.page("wire.example", "/council-asks", "council-asks.html")
    web.page("wire.example", "/menu", "not-an-article.html")
    web.route("wire.example", "/loop", lambda r: Response(status=302, headers={"Location": "/loop"}))
    web.serve("wire.example", "/sitemap-news.xml", news_sitemap([
        (f"{WIRE}/council-asks", "Island council asks for a second ferry", "2026-03-03T10:30:00Z"),
        (f"{WIRE}/menu", "Menu", "2026-03-03T11:00:00Z"),
        (f"{WIRE}/loop", "Loop", "2026-03-03T12:00:00Z"),
    ]), content_type="application/xml")
    yield web


SOURCES = [f"{HARBOUR}/feed.xml", f"{WIRE}/sitemap-news.xml"]


def _follow(store: Store, site: Site, clock: FakeClock, *, analyze: bool = False, **kwargs: object) -> FollowReport:
    with site.client(clock, robots_cache=store) as client:
        return engine.follow(store, SOURCES, once=True, client=client, analyze=analyze, **kwargs)  # type: ignore[arg-type]


def test_follow_once_ingests_and_analyzes_exactly_the_new_articles(store: Store, site: Site) -> None:
    clock = FakeClock()
    report = _follow(store, site, clock, analyze=True)
    assert (report.added, report.revised) == (3, 0)
    assert report.analyzed is not None and report.analyzed.computed["clean"] == 3
    urls = {a.url: a for a in store.iter_articles()}
    assert set(urls) == {f"{HARBOUR}/2026/ferry-resumes", f"{HARBOUR}/2026/schools-reopen", f"{WIRE}/council-asks"}
    ferry = urls[f"{HARBOUR}/2026/ferry-resumes"]
    # A summary-only item: the page's full text, the feed's outlet and title.
    assert "eleven days after a winter storm" in ferry.text and ferry.outlet == "Harbour Post"
    assert ferry.meta["text_from"] == "page" and "summary_only" not in ferry.meta
    assert urls[f"{WIRE}/council-asks"].outlet == "Coastal Wire"
    assert str(urls[f"{WIRE}/council-asks"].published) == "2026-03-03"
    # Only the summary-only item and the sitemap's urls were fetched; the full-text item was not.
    assert site.requests("harbour.example", "/2026/schools-reopen") == []
    assert site.requests("harbour.example", "/private/draft") == []  # robots.txt
    assert [f.url for f in report.failures] == [f"{WIRE}/loop"]
    assert "redirect loop" in report.failures[0].error
    assert any("/menu" in s and "no article text" in s for s in report.skipped)
    assert any("/private/draft" in s and "robots.txt" in s for s in report.skipped)

    # A second run, with a new client as after a restart: conditional GETs of the two sources, nothing else.
    before = len(site.hits)
    again = _follow(store, site, clock, analyze=True)
    second = site.hits[before:]
    assert sorted((h.host, h.path) for h in second) == [("harbour.example", "/feed.xml"), ("wire.example", "/sitemap-news.xml")]
    assert all(h.conditional for h in second)
    assert (again.added, again.not_modified, again.pages, again.analyzed) == (0, 2, 0, None)
    assert store.count_articles() == 3


def _publish_schools_wire(site: Site) -> None:
    """The wire's sitemap gains one new article."""
    site.page("wire.example", "/schools-wire", "schools-reopen.html")
    site.serve("wire.example", "/sitemap-news.xml", news_sitemap([
        (f"{WIRE}/council-asks", "Island council asks for a second ferry", "2026-03-03T10:30:00Z"),
        (f"{WIRE}/schools-wire", "School reopens", "2026-03-04T08:00:00Z"),
    ]), content_type="application/xml")


def test_a_new_item_is_fetched_alone_and_only_it_is_analyzed(tmp_path: Path, site: Site) -> None:
    clock = FakeClock()
    with open_store(str(tmp_path / "s.db")) as store:
        _follow(store, site, clock, analyze=True)
        _publish_schools_wire(site)
        before = len(site.hits)
        report = _follow(store, site, clock, analyze=True)
    fetched = [h.path for h in site.hits[before:] if not h.conditional]
    assert fetched == ["/schools-wire"]
    assert report.added == 1 and report.analyzed is not None and report.analyzed.computed["clean"] == 1


def test_restart_fetches_nothing_twice_and_a_failure_is_retried_after_its_backoff(tmp_path: Path, site: Site) -> None:
    db = str(tmp_path / "s.db")
    clock = FakeClock()
    with open_store(db) as store:
        first = _follow(store, site, clock)
    assert first.added == 3 and first.failures[0].attempts == 1
    robots_fetches = len(site.requests(path="/robots.txt"))

    with open_store(db) as store:  # a new store and a new client: as a new process
        before = len(site.hits)
        _follow(store, site, clock)
        assert all(h.conditional for h in site.hits[before:])
        assert len(site.requests(path="/robots.txt")) == robots_fetches  # cached in the store for a day

        # The loop is fixed on the server; after the backoff (5 minutes) the url is tried again.
        site.page("wire.example", "/loop", "schools-reopen.html")
        clock.advance(301)
        retried = _follow(store, site, clock)
        assert retried.added == 1 and retried.failures == []
        assert store.fetch_states([f"{WIRE}/loop"])[f"{WIRE}/loop"].status == "ok"


def test_failure_backoff_grows_and_honours_a_long_retry_after(store: Store, site: Site) -> None:
    clock = FakeClock()
    _follow(store, site, clock)
    site.route("wire.example", "/sitemap-news.xml", lambda r: Response("later", status=429, headers={"Retry-After": "7200"}))
    report = _follow(store, site, clock)
    failure = next(f for f in report.failures if f.url.endswith("sitemap-news.xml"))
    assert "asks to wait 7200s" in failure.error
    assert failure.next_try is not None and failure.next_try.startswith("2026-03-05T14:00")
    # Within the backoff the source is not asked again, and the rest of the run goes on.
    before = len(site.hits)
    clock.advance(600)
    _follow(store, site, clock)
    assert site.requests("wire.example", "/sitemap-news.xml")[-1] in site.hits[:before]


def test_json_feed_and_a_page_as_source(store: Store, site: Site) -> None:
    import json

    site.serve("json.example", "/feed.json", json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "Coastal Wire",
        "items": [{"id": "w-1", "url": f"{WIRE}/council-asks", "title": "Council", "summary": "Short."}],
    }), content_type="application/feed+json")
    page = site.page("pages.example", "/ferry", "ferry-resumes.html")
    with site.client(FakeClock()) as client:
        report = engine.follow(store, [f"http://json.example/feed.json", page], once=True, client=client, analyze=False)
    assert report.added == 2
    assert {a.id for a in store.iter_articles()} >= {"w-1"}


def test_ingest_urls(store: Store, site: Site) -> None:
    with site.client(FakeClock()) as client:
        report = engine.ingest_urls(store, [f"{WIRE}/council-asks"], client=client)
    assert report.added == 1 and report.analyzed is None
    assert next(store.iter_articles()).title == "Island council asks for a second ferry"


def test_a_cycle_that_crashes_is_reported_and_the_loop_goes_on(store: Store, site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.fetch import follow as cycle

    calls = {"n": 0}
    real = cycle.poll

    def flaky(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("disk hiccup")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cycle, "poll", flaky)
    clock = FakeClock()
    with site.client(clock) as client:
        report = engine.follow(store, SOURCES, cycles=2, every=900, client=client, analyze=False)
    assert report.cycles == 2 and report.added == 3
    assert report.warnings[0] == "the cycle failed: RuntimeError: disk hiccup"
    assert 900 in clock.slept  # the wait between the two cycles, on the fake clock


@pytest.mark.parametrize(
    ("value", "seconds"), [("15m", 900), ("1h", 3600), ("1h30m", 5400), ("90s", 90), ("900", 900), ("1d", 86400)]
)
def test_parse_every(value: str, seconds: float) -> None:
    assert engine.parse_every(value) == seconds


@pytest.mark.parametrize("value", ["soon", "10s", "", "15x", "-5m"])
def test_bad_every_is_a_clear_error(value: str) -> None:
    with pytest.raises(StorylineError, match="--every: .* accepted: a duration"):
        engine.parse_every(value)


def test_sources_from_opml_and_url_list(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text("# the story\nhttp://a.example/feed.xml\n\nhttps://b.example/sitemap.xml\n", encoding="utf-8")
    found = engine.read_sources([str(FIXTURES / "feeds.opml"), str(listing), "http://a.example/feed.xml"])
    assert found == [
        "http://harbour.example/feed.xml", "http://wire.example/sitemap-news.xml",
        "http://a.example/feed.xml", "https://b.example/sitemap.xml",
    ]


def test_bad_sources_name_the_file_and_line(tmp_path: Path) -> None:
    not_opml = tmp_path / "feeds.opml"
    not_opml.write_text("<?xml version='1.0'?><rss><channel/></rss>", encoding="utf-8")
    with pytest.raises(InputError, match=r"feeds.opml:1: the root element is <rss>, not <opml> \(accepted: an OPML file"):
        engine.read_sources([str(not_opml)])
    listing = tmp_path / "list.txt"
    listing.write_text("http://a.example/\nftp://b.example/\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"list.txt:2: 'ftp://b.example/' is not an http\(s\) url"):
        engine.read_sources([str(listing)])
    with pytest.raises(InputError, match="is neither an http\\(s\\) url nor a file"):
        engine.read_sources(["no-such-thing"])


def test_cli_follow_once_and_ingest_url(tmp_path: Path, httpserver: HTTPServer) -> None:
    """The CLI over the local server's own address (the CLI has no host mapping)."""
    web = Site(httpserver)
    base = f"http://127.0.0.1:{httpserver.port}"
    web.page("127.0.0.1", "/council", "council-asks.html")
    web.page("127.0.0.1", "/ferry", "ferry-resumes.html")
    web.serve("127.0.0.1", "/feed.xml", rss([
        {"title": "Council", "link": f"{base}/council", "summary": "The council voted."},
    ]), content_type="application/rss+xml")
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    common = ["--db", db, "--delay", "0", "--user-agent", "storyline-test/1 (+mailto:test@example.org)"]
    result = runner.invoke(app, ["follow", f"{base}/feed.xml", "--once", "--quiet", *common])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["ingest", f"{base}/ferry", "--db", db, "--user-agent", "storyline-test/1"])
    assert result.exit_code == 0, result.output
    assert "1 added" in " ".join(result.output.split())  # the line wraps at the terminal's width
    with open_store(db) as store:
        assert store.count_articles() == 2
    assert {h.user_agent for h in web.hits} == {"storyline-test/1 (+mailto:test@example.org)", "storyline-test/1"}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--every", "soon"], "--every: 'soon' is not a duration; accepted: a duration of at least 1 minute"),
        ([str(FIXTURES / "ferry-resumes.html")], "ferry-resumes.html:1: '<!DOCTYPE html>' is not an http(s) url"),
        ([str(FIXTURES / "missing.opml")], "missing.opml: is neither an http(s) url nor a file"),
    ],
)
def test_cli_follow_bad_input(tmp_path: Path, args: list[str], expected: str) -> None:
    result = CliRunner().invoke(app, ["follow", "http://a.example/feed.xml", *args, "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert expected in " ".join(result.output.split())


def test_what_changed_since_the_last_poll_is_what_that_poll_brought(tmp_path: Path, site: Site) -> None:
    clock = FakeClock()
    with open_store(str(tmp_path / "s.db")) as store:
        _follow(store, site, clock, analyze=True)
        _publish_schools_wire(site)
        _follow(store, site, clock, analyze=True)
        polls = store.polls()
        assert [(p["sources"], p["added"]) for p in polls] == [(2, 1), (2, 3)]
        data = engine.bundle(store)
        new = next(a for a in data["articles"] if a["url"] == f"{WIRE}/schools-wire")
        story = next(s for s in data["stories"] if new["event"] in s["events"])
        found = engine.changes(store, story["id"])  # since the last poll
        assert found["since"] == polls[0]["started_at"]
        assert found["new_articles"] == 1
        assert [(o["outlet"], [a["id"] for a in o["articles"]]) for o in found["outlets"]] == [("Coastal Wire", [new["id"]])]
        # The stories list marks the story that the last poll added to, and only it.
        from storyline.web import pages
        from storyline.web.view import CorpusView

        listed = pages.index(pages.PageContext(CorpusView(data, "test"), store))["stories"]
        assert {s["id"]: s["new_since_poll"] for s in listed if s["new_since_poll"]} == {story["id"]: 1}
