"""What to follow and what a fetched source lists: OPML files, url lists, feeds and sitemaps.

:func:`read_sources` turns the command line's arguments (urls, OPML files, text files of urls)
into source urls. :func:`discover` reads a fetched source: an RSS or Atom feed (through
:mod:`storyline.ingest.feed`), a JSON Feed, a sitemap or sitemap index (news sitemaps
included), or an HTML page, which is then the article itself.

A feed item with its full text becomes an article at once; a summary-only item, a sitemap
entry or a JSON Feed item without content becomes a page to fetch.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from storyline.errors import InputError
from storyline.ingest.record import RawRecord

SOURCES_ACCEPTED = (
    "an http(s) url, an OPML file (<opml> with <outline xmlUrl=...>), or a text file with one http(s) url per line "
    "(blank lines and # comments allowed)"
)
OPML_ACCEPTED = "an OPML file: <opml><body><outline xmlUrl=\"https://...\"/>...</body></opml>"

_URL = re.compile(r"^https?://[^\s/]+\S*$", re.IGNORECASE)
_SITEMAP_ROOT = re.compile(rb"<(?:[A-Za-z0-9_]+:)?(urlset|sitemapindex)[\s>]")
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def is_url(value: str) -> bool:
    """Whether ``value`` is an http(s) url."""
    return bool(_URL.match(value.strip()))


def read_sources(arguments: Sequence[str]) -> list[str]:
    """The source urls named by ``arguments``, in order, each once.

    Raises:
        InputError: an argument is neither a url nor a readable file, an OPML file is not
            OPML, or a line of a url list is not a url (the error names the file and line).
    """
    found: dict[str, None] = {}
    for argument in arguments:
        if is_url(argument):
            found[argument.strip()] = None
            continue
        path = Path(argument)
        if not path.is_file():
            raise InputError(path, None, "is neither an http(s) url nor a file", SOURCES_ACCEPTED)
        data = path.read_bytes()
        head = data[:2048].lstrip().lower()
        if path.suffix.lower() == ".opml" or head.startswith(b"<?xml") or head.startswith(b"<opml"):
            found.update(dict.fromkeys(read_opml(path, data)))
        else:
            found.update(dict.fromkeys(read_url_list(path, data)))
    return list(found)


def read_opml(path: str | Path, data: bytes) -> list[str]:
    """The feed urls (``xmlUrl``, else ``url``) of an OPML file's outlines, nested ones included.

    Raises:
        InputError: the file is not well-formed XML, its root is not <opml>, or it lists no feed.
    """
    from lxml import etree

    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise InputError(path, exc.lineno, f"not well-formed XML ({exc.msg})", OPML_ACCEPTED) from None
    if not isinstance(root.tag, str) or etree.QName(root).localname.lower() != "opml":
        raise InputError(path, root.sourceline, f"the root element is <{etree.QName(root).localname}>, not <opml>", OPML_ACCEPTED)
    urls = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or outline.get("url") or "").strip()
        if url:
            if not is_url(url):
                raise InputError(path, outline.sourceline, f"outline url {url!r} is not an http(s) url", OPML_ACCEPTED)
            urls.append(url)
    if not urls:
        raise InputError(path, None, "the OPML file lists no feed (no <outline xmlUrl=...>)", OPML_ACCEPTED)
    return urls


def read_url_list(path: str | Path, data: bytes) -> list[str]:
    """The urls of a text file, one per line; blank lines and lines starting with # are skipped.

    Raises:
        InputError: the file is not UTF-8, a line is not an http(s) url, or no line is.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, None, "is not UTF-8 text", SOURCES_ACCEPTED) from None
    urls = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not is_url(line):
            raise InputError(path, number, f"{line[:80]!r} is not an http(s) url", SOURCES_ACCEPTED)
        urls.append(line)
    if not urls:
        raise InputError(path, None, "lists no url", SOURCES_ACCEPTED)
    return urls


@dataclass
class Item:
    """One article a source lists: its url, and the record when the source carried the full text."""

    url: str
    record: RawRecord | None = None
    hint: RawRecord | None = None  # a summary-only feed record: title, date and outlet for the page


@dataclass
class Discovery:
    """What a fetched source holds: its kind, the articles it lists, further sitemaps, or a problem."""

    kind: str
    items: list[Item] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    problem: str | None = None


def discover(url: str, body: bytes, content_type: str = "") -> Discovery:
    """Read a fetched source: feed, JSON Feed, sitemap (index), or an HTML page (the article itself)."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"[") or "json" in content_type:
        return _json_feed(url, body)
    if _SITEMAP_ROOT.search(head):
        return _sitemap(url, body)
    if _FEED_ROOT.search(head):
        return _feed(url, body)
    if head[:1] == b"<" or "html" in content_type:
        return Discovery("page", [Item(url)])
    return Discovery("unknown", problem=f"not a feed, sitemap or HTML page (content type {content_type or 'unknown'!r})")


def _feed(url: str, body: bytes) -> Discovery:
    from storyline.ingest.feed import parse_feed

    found = Discovery("feed")
    for record in parse_feed(url, body):
        if isinstance(record, InputError):
            found.problem = record.problem
            continue
        link = (record.url or "").strip()
        if record.meta.get("summary_only") or not record.text.strip():
            if is_url(link):
                found.items.append(Item(link, hint=record))
        elif is_url(link) or record.id:
            found.items.append(Item(link or str(record.id), record=record))
    return found


def _json_feed(url: str, body: bytes) -> Discovery:
    from storyline.ingest.jsonl import JSON_FEED_VERSION, record_from_mapping
    from storyline.ingest.outlets import FROM_FEED, is_site_name

    try:
        feed = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Discovery("unknown", problem=f"not valid JSON ({exc})")
    if not isinstance(feed, dict) or not str(feed.get("version", "")).startswith(JSON_FEED_VERSION):
        return Discovery("unknown", problem=f"JSON, but not a JSON Feed (no version {JSON_FEED_VERSION}…)")
    found = Discovery("jsonfeed")
    title = feed.get("title") if isinstance(feed.get("title"), str) else None
    for item in feed.get("items") or []:
        if not isinstance(item, dict):
            continue
        link = str(item.get("url") or item.get("external_url") or "").strip()
        record = record_from_mapping(item, line=None)
        if title:
            record.meta["feed_title"] = title
            if record.outlet is None and is_site_name(title):
                record.outlet, record.meta["outlet_from"] = title, FROM_FEED
        if item.get("content_html") or item.get("content_text"):
            found.items.append(Item(link or str(item.get("id") or ""), record=record))
        elif is_url(link):
            found.items.append(Item(link, hint=record))
    return found


def _sitemap(url: str, body: bytes) -> Discovery:
    from lxml import etree

    try:
        root = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    except etree.XMLSyntaxError as exc:
        return Discovery("sitemap", problem=f"malformed sitemap XML ({exc.msg})")
    if root is None:
        return Discovery("sitemap", problem="malformed sitemap XML")
    found = Discovery("sitemap")
    index = etree.QName(root).localname == "sitemapindex"
    for entry in root:
        if not isinstance(entry.tag, str):
            continue
        loc = (entry.findtext(f"{_SITEMAP_NS}loc") or entry.findtext("loc") or "").strip()
        if not is_url(loc):
            continue
        if index:
            found.sitemaps.append(loc)
            continue
        news = entry.find(f"{_NEWS_NS}news")
        hint = None
        if news is not None:
            hint = RawRecord(
                text="", title=(news.findtext(f"{_NEWS_NS}title") or "").strip(),
                published=(news.findtext(f"{_NEWS_NS}publication_date") or "").strip() or None,
                outlet=(news.findtext(f"{_NEWS_NS}publication/{_NEWS_NS}name") or "").strip() or None,
                url=loc,
            )
        found.items.append(Item(loc, hint=hint))
    return found


__all__ = ["Discovery", "Item", "OPML_ACCEPTED", "SOURCES_ACCEPTED", "discover", "is_url", "read_opml", "read_sources", "read_url_list"]
