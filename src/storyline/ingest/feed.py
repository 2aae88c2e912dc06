"""RSS and Atom feed files, read with feedparser: one article per entry.

The entry's id (RSS guid, Atom id) becomes the article id; its link the url; its full content
(or, failing that, its summary) the text, HTML turned into paragraphs. The outlet is the
entry's own <source> when it names one (a feed re-publishing wire copy), else the feed title
when it reads as a site's name ("Harbour Post", not "World News - Breaking News, Top Stories"),
else the domain of the feed's or the entry's link; the feed title is kept in
``meta["feed_title"]`` so that the outlet registry can map it.

An entry with no full content whose summary is short (under :data:`SUMMARY_WORDS` words) is a
summary, not an article: it is stored with ``meta["summary_only"] = True`` and the ``clean``
stage leaves it out of the analysis.

Whitespace before the ``<?xml`` declaration (common in feeds written by templates) is dropped
before parsing; line numbers still count from the file's first line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.errors import InputError
from storyline.ingest.html import fragment_to_text
from storyline.ingest.outlets import FROM_DOMAIN, FROM_FEED, domain_of, is_site_name
from storyline.ingest.record import RawRecord

FEED_ACCEPTED = "a well-formed RSS 2.0, RSS 1.0 or Atom feed whose entries carry content or a summary"
ENTRY_TEXT = "an entry with <content>, <content:encoded> or <description>/<summary> text"
# A summary this long or longer is taken as the article itself (feeds that put it all in <description>).
SUMMARY_WORDS = 100

_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_ENTRY_TAG = re.compile(r"<(?:[A-Za-z0-9_]+:)?(?:item|entry)[\s>/]")


def parse_feed(path: str | Path, data: bytes) -> Iterator[RawRecord | InputError]:
    """Yield a record per feed entry, and an InputError when the feed is malformed or empty."""
    import feedparser

    # An XML declaration must open the file: drop what templates put before it, counting lines.
    body = data.removeprefix(b"\xef\xbb\xbf")
    stripped = body.lstrip()
    offset = body[: len(body) - len(stripped)].count(b"\n")
    decoded = _decode(path, stripped)
    if isinstance(decoded, InputError):
        if decoded.line is not None:
            decoded.line += offset
        yield decoded
        return
    parsed = feedparser.parse(stripped)
    entries = list(parsed.entries)
    problem = _malformed(parsed)
    if problem and not entries:
        line = problem[0] + offset if problem[0] is not None else None
        yield InputError(path, line, f"{problem[1]}; reading stopped there and no entry was read", FEED_ACCEPTED)
        return
    if not entries:
        yield InputError(path, None, "feed has no entries", FEED_ACCEPTED)
        return

    lines = [line + offset if line is not None else None for line in _entry_lines(decoded, len(entries))]
    feed_info = parsed.feed
    feed_title = _plain(dict.get(feed_info, "title_detail")) or dict.get(feed_info, "title") or None
    feed_language = dict.get(feed_info, "language")
    feed_link = dict.get(feed_info, "link")
    for index, entry in enumerate(entries):
        yield _record(entry, lines[index], feed_title, feed_language, feed_link)
    if problem:
        # feedparser recovers what it can from a broken feed: the entries above are kept (a
        # last one may be cut short) and only the rest of the file is rejected; say both.
        line = problem[0] + offset if problem[0] is not None else None
        where = f"line {line}" if line is not None else "the break"
        yield InputError(
            path, line,
            f"{problem[1]}; reading stopped there: the {len(entries)} entries before it were read, "
            f"anything after {where} was not",
            FEED_ACCEPTED,
        )


def _record(
    entry: Any, line: int | None, feed_title: str | None, feed_language: str | None, feed_link: str | None = None
) -> RawRecord:
    # dict.get reads what the feed said: feedparser's own .get maps missing keys to
    # neighbours (updated -> published) with a deprecation warning.
    get = dict.get
    source = get(entry, "source") or {}
    text, full = _entry_text(entry)
    meta: dict[str, Any] = {}
    if not full and text and len(text.split()) < SUMMARY_WORDS:
        meta["summary_only"] = True
    if feed_title:
        meta["feed_title"] = feed_title
    outlet = dict.get(source, "title") if isinstance(source, dict) else None
    if not outlet:
        outlet, meta["outlet_from"] = _feed_outlet(feed_title, feed_link, get(entry, "link"))
        if outlet is None:
            del meta["outlet_from"]
    author = get(entry, "author")
    if author:
        meta["byline"] = author
    published = get(entry, "published") or get(entry, "updated") or get(entry, "created")
    updated = get(entry, "updated")
    if updated and updated != published:
        meta["updated_raw"] = updated
    return RawRecord(
        text=text,
        line=line,
        title=_plain(get(entry, "title_detail")) or get(entry, "title") or "",
        outlet=outlet,
        published=published,
        url=get(entry, "link"),
        id=get(entry, "id"),
        language=_entry_language(entry) or feed_language,
        meta=meta,
        text_fields=ENTRY_TEXT,
    )


def _feed_outlet(title: str | None, feed_link: str | None, entry_link: str | None) -> tuple[str | None, str]:
    """The outlet of an entry that names none, and where it came from (see the module docstring)."""
    if title and is_site_name(title):
        return title, FROM_FEED
    domain = domain_of(feed_link) or domain_of(entry_link)
    if domain:
        return domain, FROM_DOMAIN
    return title or None, FROM_FEED


def _entry_text(entry: Any) -> tuple[str, bool]:
    """The longest content block, else the summary, as text; and whether it was full content."""
    blocks = [b for b in dict.get(entry, "content") or [] if isinstance(b, dict) and b.get("value")]
    if blocks:
        return _plain(max(blocks, key=lambda b: len(b["value"]))), True
    summary = dict.get(entry, "summary_detail")
    if isinstance(summary, dict) and summary.get("value"):
        return _plain(summary), False
    return str(dict.get(entry, "summary") or ""), False


def _plain(detail: Any) -> str:
    """Text of a feedparser text construct, turning HTML into paragraphs."""
    if not isinstance(detail, dict) or not detail.get("value"):
        return ""
    value = str(detail["value"])
    kind = str(detail.get("type") or "")
    return fragment_to_text(value) if "html" in kind or "xml" in kind else value


def _entry_language(entry: Any) -> str | None:
    for key in ("content", "summary_detail", "title_detail"):
        value = dict.get(entry, key)
        detail = value[0] if isinstance(value, list) and value else value
        if isinstance(detail, dict) and detail.get("language"):
            return str(detail["language"])
    return None


def _decode(path: str | Path, data: bytes) -> str | InputError:
    declared = _XML_ENCODING.match(data[:200])
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return data.decode("utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding)
    except LookupError:
        return InputError(path, 1, f"unknown encoding {encoding!r} in the XML declaration", "an encoding Python knows, such as UTF-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        bad = data[e.start : e.start + 4]
        return InputError(path, line, f"bytes {bad!r} are not valid {encoding}", "UTF-8 encoded XML, or the encoding its XML declaration names")


def _malformed(parsed: Any) -> tuple[int | None, str] | None:
    """(line, problem) when feedparser found the XML broken, else None."""
    if not parsed.get("bozo"):
        return None
    error = parsed.get("bozo_exception")
    name = type(error).__name__
    if "Encoding" in name:  # a declared/actual encoding mismatch it worked around
        return None
    get_line = getattr(error, "getLineNumber", None)
    line = get_line() if callable(get_line) else None
    detail = str(getattr(error, "getMessage", lambda: error)()) if error is not None else "unknown error"
    if not parsed.get("version") and not parsed.entries:
        return line, f"not an RSS or Atom feed ({detail})"
    return line, f"malformed feed XML: {detail}"


def _entry_lines(text: str, count: int) -> list[int | None]:
    """The line each entry starts on, when the entry tags can be matched one to one."""
    starts = [m.start() for m in _ENTRY_TAG.finditer(text)]
    if len(starts) != count:
        return [None] * count
    lines: list[int | None] = []
    line, pos = 1, 0
    for start in starts:
        line += text.count("\n", pos, start)
        pos = start
        lines.append(line)
    return lines
