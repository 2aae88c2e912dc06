"""RSS and Atom ingest through feedparser."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from storyline.errors import InputError
from storyline.ingest import iter_path
from storyline.models import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def test_rss_entries() -> None:
    items = list(iter_path(FIXTURES / "harbour_post.rss"))
    assert all(isinstance(i, Article) for i in items), items
    wire, own = items
    assert isinstance(wire, Article) and isinstance(own, Article)
    assert wire.id == "hp-ferry-0001"
    assert wire.url == "https://post.example/2023/11/24/ferry"
    assert wire.title == "Ferry line to close at year end"
    # The entry's <source> names the wire agency; the other entry falls back to the feed title.
    assert wire.outlet == "Meridian Wire"
    assert own.outlet == "Harbour Post"
    # The day as written (23:30 at -05:00 is still the 24th), not shifted to UTC.
    assert wire.published == date(2023, 11, 24)
    assert wire.meta["published_at"] == "2023-11-24T23:30:00-05:00"
    assert wire.language == "en"  # the feed's "en-gb"
    # Full content preferred over the one-line description; the syndication note is removed.
    assert wire.text == (
        "BRENNMOOR, Nov 24 (Meridian Wire) - The harbour council of Brennmoor voted on Thursday to close "
        "the north ferry line at the end of the year.\n\n"
        "Councillor Mara Olsen said the decision had not been taken lightly."
    )
    assert own.text.split("\n\n") == [
        "Island residents will march on the harbour office on Saturday.",
        "Organisers said more than 1,200 people had signed their petition against the closure.",
    ]
    # Entries know the line their <item> starts on.
    lines = (FIXTURES / "harbour_post.rss").read_text(encoding="utf-8").split("\n")
    assert lines[wire.source_line - 1].startswith("<item")  # type: ignore[operator]
    assert lines[own.source_line - 1].startswith("<item")  # type: ignore[operator]
    assert wire.source_line != own.source_line


def test_atom_entry() -> None:
    (entry,) = list(iter_path(FIXTURES / "fjord_times.atom"))
    assert isinstance(entry, Article), entry
    assert entry.id == "tag:fjord.example,2023:ferry-costs"
    assert entry.title == "Ferry costs & the council's sums"
    assert entry.outlet == "Fjord Times"
    assert entry.published == date(2023, 11, 28)
    assert entry.url == "https://fjord.example/2023/ferry-costs"
    assert entry.meta["byline"] == "Ola Strand"
    assert entry.text.startswith("The council says the north ferry line loses about 400,000 crowns a year.")
    assert "\n\nBoth sides cite the same audit" in entry.text


def test_xml_extension_is_sniffed_as_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes((FIXTURES / "fjord_times.atom").read_bytes())
    (entry,) = list(iter_path(path))
    assert isinstance(entry, Article)


def test_broken_feed_keeps_what_it_can_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Harbour Post</title>\n'
        "<item><title>Ferry vote</title><guid>a1</guid><description>The harbour council voted on Thursday "
        "to close the north ferry line.</description></item>\n"
        "<item><title>Cut off</title><description>Half an entr",
        encoding="utf-8",
    )
    items = list(iter_path(path))
    assert isinstance(items[0], Article) and items[0].id == "a1"
    error = items[-1]
    assert isinstance(error, InputError)
    assert "malformed feed XML" in error.message and str(path) in error.message
    assert error.line is not None


def test_feed_without_entries(tmp_path: Path) -> None:
    path = tmp_path / "empty.rss"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>', encoding="utf-8")
    (error,) = list(iter_path(path))
    assert isinstance(error, InputError)
    assert "no entries" in error.message and "RSS" in error.accepted


def test_entry_without_content_is_a_record_without_text(tmp_path: Path) -> None:
    path = tmp_path / "f.rss"
    path.write_text(
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Harbour Post</title>\n'
        "<item><title>Headline only</title><link>https://post.example/x</link></item>\n</channel></rss>",
        encoding="utf-8",
    )
    (error,) = list(iter_path(path))
    assert isinstance(error, InputError)
    assert error.line == 3 and "no text" in error.message and "summary" in error.accepted


CRAWLERS = Path(__file__).parent / "fixtures" / "crawlers"


def test_whitespace_before_the_xml_declaration_is_no_error() -> None:
    items = list(iter_path(CRAWLERS / "summary_feed.rss"))
    assert len(items) == 3 and all(isinstance(i, Article) for i in items), items
    lines = (CRAWLERS / "summary_feed.rss").read_text(encoding="utf-8").split("\n")
    first = items[0]
    assert isinstance(first, Article) and first.source_line is not None
    assert lines[first.source_line - 1].startswith("<item")  # lines count from the file's own first line


def test_a_section_title_is_no_outlet_the_domain_is() -> None:
    first = next(iter(iter_path(CRAWLERS / "summary_feed.rss")))
    assert isinstance(first, Article)
    assert first.outlet == "worldwire.example"
    assert first.meta["feed_title"] == "World News - Breaking News, Top Stories"
    assert first.meta["outlet_from"] == "domain"


def test_summary_only_items_are_flagged_full_content_is_not() -> None:
    summaries = list(iter_path(CRAWLERS / "summary_feed.rss"))
    assert all(isinstance(a, Article) and a.meta["summary_only"] is True for a in summaries)
    (post,) = list(iter_path(CRAWLERS / "wordpress.rss"))
    assert isinstance(post, Article) and "summary_only" not in post.meta


def test_summary_only_items_warn_at_ingest_and_are_not_analysed(tmp_path: Path) -> None:
    from storyline import engine
    from storyline.models import Article as Art
    from storyline.pipeline.clean import clean
    from storyline.pipeline.registry import ArticleDoc
    from storyline.store import open_store

    with open_store(str(tmp_path / "s.db")) as store:
        report = engine.ingest(store, [CRAWLERS / "summary_feed.rss"])
        assert report.added == 3 and not report.rejected
        assert any("3 feed item(s) carry only a short summary" in w for w in report.warnings), report.warnings
        stored = next(store.iter_articles())
    (result,) = clean([ArticleDoc(stored)])
    assert result.data["analysable"] is False
    full = Art(id="x", text="The council voted to close the ferry line on Thursday.", language="en")
    (ok,) = clean([ArticleDoc(full)])
    assert ok.data["analysable"] is True


def test_wordpress_footers_are_removed_from_the_text() -> None:
    (post,) = list(iter_path(CRAWLERS / "wordpress.rss"))
    assert isinstance(post, Article)
    assert post.outlet == "Island Post"
    assert post.text == (
        "Island residents will march on the harbour office on Saturday.\n\n"
        "Organisers said more than 1,200 people had signed their petition against the closure of the north ferry line."
    )
    rules = {r["rule"] for r in post.meta["removed"]}
    assert "cms-footer" in rules


def test_broken_feed_message_says_what_was_read_and_where_it_stopped(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text(
        '\n<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Harbour Post</title>\n'
        "<item><title>Ferry vote</title><guid>a1</guid><description>The harbour council voted on Thursday "
        "to close the north ferry line.</description></item>\n"
        "<item><title>Cut off</title><description>Half an entr",
        encoding="utf-8",
    )
    items = list(iter_path(path))
    error = items[-1]
    assert isinstance(error, InputError)
    assert "malformed feed XML" in error.message and "reading stopped there" in error.message
    assert f"the {len(items) - 1} entries before it were read" in error.message
    assert f"anything after line {error.line} was not" in error.message


def test_unreadable_feed_says_nothing_was_read(tmp_path: Path) -> None:
    path = tmp_path / "bad.rss"
    path.write_text('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>X</title><<</channel>', encoding="utf-8")
    items = list(iter_path(path))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "no entry was read" in items[0].message or "no entries" in items[0].message
