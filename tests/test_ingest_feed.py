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
