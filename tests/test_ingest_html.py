"""HTML ingest: trafilatura's text and metadata, htmldate's date, fragments, encodings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from storyline.errors import InputError
from storyline.ingest import iter_path
from storyline.ingest.html import extract_html, fragment_to_text
from storyline.models import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

PARAGRAPHS = [
    "The harbour council of Brennmoor voted on Thursday to close the north ferry line at the end of the year.",
    "Councillor Mara Olsen, who chairs the transport committee, said the decision had not been taken lightly.",
    "Passenger numbers fell by a third over the past decade, according to figures the council published.",
]


def page(head: str = "", body_paragraphs: list[str] = PARAGRAPHS, charset: str = "utf-8") -> str:
    ps = "".join(f"<p>{p}</p>" for p in body_paragraphs)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='{charset}'><title>Ferry vote</title>{head}</head>"
        f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Ferry vote</h1>{ps}</article>"
        "<footer>Copyright The Coastal Ledger</footer></body></html>"
    )


def test_article_page_text_and_metadata() -> None:
    items = list(iter_path(FIXTURES / "ledger_page.html"))
    assert len(items) == 1 and isinstance(items[0], Article), items
    article = items[0]
    assert article.title == "Island ferry passengers plan protest"
    assert article.outlet == "The Coastal Ledger"
    assert article.url == "https://ledger.example/news/2023/11/ferry-protest"
    assert article.published == date(2023, 11, 27)
    assert article.language == "en"
    assert article.meta["byline"] == "Sanne Brekke"
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("Passengers who depend on the north ferry line")
    assert paragraphs[-1].startswith("The council has said the line loses about 400,000 crowns")
    # navigation, the repeated headline, the promo line, the sidebar and the footer are gone
    for junk in ("Home", "Most read", "Click here", "All rights reserved", "Storm warning"):
        assert junk not in article.text
    assert article.id  # derived from the canonical url
    assert article.source_line is None


def test_og_site_name_is_the_outlet_and_og_url_the_url(tmp_path: Path) -> None:
    head = (
        "<meta property='og:site_name' content='Fjord Times'>"
        "<meta property='og:url' content='https://fjord.example/ferry'>"
        "<meta property='article:published_time' content='2023-11-24T23:30:00-05:00'>"
    )
    path = tmp_path / "p.html"
    path.write_text(page(head), encoding="utf-8")
    article = next(iter(iter_path(path)))
    assert isinstance(article, Article), article
    assert (article.outlet, article.url, article.published) == ("Fjord Times", "https://fjord.example/ferry", date(2023, 11, 24))
    assert article.text == "\n\n".join(PARAGRAPHS)


def test_page_without_a_date_has_none_rather_than_a_guess(tmp_path: Path) -> None:
    # The body mentions dates; only the page's metadata may give the publication date.
    paragraphs = [*PARAGRAPHS, "The line first sailed on 3 March 1981 and was extended on 12 May 1990."]
    path = tmp_path / "p.html"
    path.write_text(page(body_paragraphs=paragraphs), encoding="utf-8")
    article = next(iter(iter_path(path)))
    assert isinstance(article, Article), article
    assert article.published is None


def test_section_front_is_no_article() -> None:
    items = list(iter_path(FIXTURES / "section_front.html"))
    assert len(items) == 1
    assert isinstance(items[0], InputError)
    assert "no article text" in items[0].message
    assert str(FIXTURES / "section_front.html") in items[0].message


def test_declared_legacy_charset_is_honoured(tmp_path: Path) -> None:
    paragraphs = [p.replace("Brennmoor", "Brønnmoor") for p in PARAGRAPHS]
    path = tmp_path / "latin.html"
    path.write_bytes(page(body_paragraphs=paragraphs, charset="iso-8859-1").encode("iso-8859-1"))
    article = next(iter(iter_path(path)))
    assert isinstance(article, Article), article
    assert "Brønnmoor" in article.text


def test_extract_html_returns_none_for_a_page_of_scripts() -> None:
    assert extract_html("<html><head><script>var a = 1;</script></head><body></body></html>") is None


def test_fragment_to_text_keeps_paragraphs() -> None:
    fragment = (
        "<p>The council <b>voted</b> on Thursday.</p><p>Second &amp; last<br>line.</p>"
        "<ul><li>one</li><li>two</li></ul><script>track()</script>"
    )
    assert fragment_to_text(fragment) == "The council voted on Thursday.\n\nSecond & last line.\n\none\n\ntwo"
    assert fragment_to_text("Plain text &amp; no tags.") == "Plain text & no tags."
