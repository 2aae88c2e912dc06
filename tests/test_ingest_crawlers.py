"""Every crawler's output read as it is: news-please, trafilatura (JSON and XML), newspaper4k
(JSON and CSV), Media Cloud CSV exports and JSON Feed. Fixtures are in each tool's real shape."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyline import engine
from storyline.ingest import iter_path
from storyline.ingest.detect import detect_format
from storyline.models import Article
from storyline.store import Store

CRAWLERS = Path(__file__).parent / "fixtures" / "crawlers"
URL = "https://www.harbourtimes.example/2023/11/24/ferry"
TITLE = "Ferry line to close at year end"
FIRST = "The harbour council of Brennmoor voted on Thursday to close the north ferry line at the end of the year."
SECOND = "Councillor Mara Olsen said the decision had not been taken lightly and that buses would replace the boats."


def articles(name: str) -> list[Article]:
    items = list(iter_path(CRAWLERS / name))
    assert all(isinstance(i, Article) for i in items), items
    return [i for i in items if isinstance(i, Article)]


@pytest.mark.parametrize(
    ("name", "outlet"),
    [
        ("newsplease.json", "harbourtimes.example"),  # source_domain without "www."
        ("trafilatura.json", "The Harbour Times"),  # source-hostname; "source" is the url
        ("trafilatura.xml", "The Harbour Times"),
        ("newspaper4k.json", "The Harbour Times"),  # meta_site_name
        ("newspaper4k.csv", "The Harbour Times"),
        ("mediacloud.csv", "The Harbour Times"),  # media_name
        ("jsonfeed.json", "The Harbour Times"),  # the feed's title, a site name
    ],
)
def test_crawler_output_gives_outlet_url_title_date_and_text(name: str, outlet: str) -> None:
    article = articles(name)[0]
    assert article.outlet == outlet
    assert article.url == URL
    assert article.title == TITLE
    assert article.published == date(2023, 11, 24)
    assert article.text == f"{FIRST}\n\n{SECOND}"
    assert article.language == "en"


def test_crawler_bylines_and_ids() -> None:
    assert articles("newsplease.json")[0].meta["byline"] == "Mara Lind"
    assert articles("trafilatura.xml")[0].meta["byline"] == "Mara Lind"
    assert articles("jsonfeed.json")[0].meta["byline"] == "Mara Lind"  # [{"name": ...}]
    assert articles("mediacloud.csv")[0].id == "2718281828"


def test_trafilatura_xml_leaves_readers_comments_out() -> None:
    assert "disgrace" not in articles("trafilatura.xml")[0].text


def test_trafilatura_xml_is_told_from_a_feed_by_content() -> None:
    assert detect_format(CRAWLERS / "trafilatura.xml") == "trafilatura"
    assert detect_format(CRAWLERS / "summary_feed.rss") == "feed"


def test_outlet_without_a_name_is_the_domain_and_says_so() -> None:
    article = articles("newsplease.json")[0]
    assert article.meta["outlet_from"] == "domain"
    second = articles("mediacloud.csv")[1]  # no media_name: media_url's domain
    assert second.outlet == "islandpost.example" and second.meta["outlet_from"] == "domain"
    assert "outlet_from" not in articles("trafilatura.json")[0].meta


def test_same_article_through_every_format_is_stored_once(store: Store) -> None:
    names = ["newspaper4k.json", "trafilatura.json", "trafilatura.xml", "newsplease.json", "newspaper4k.csv", "jsonfeed.json"]
    first = engine.ingest(store, [CRAWLERS / names[0]])
    assert first.added == 1 and not first.rejected
    for name in names[1:]:
        report = engine.ingest(store, [CRAWLERS / name])
        assert (report.added, report.revised, report.unchanged, report.rejected) == (0, 0, 1, []), name
    assert store.count_articles() == 1
    # news-please named only the domain: the registry, which learnt the site name, maps it.
    (stored,) = list(store.iter_articles())
    assert stored.outlet == "The Harbour Times"
