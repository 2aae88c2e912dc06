"""RSS and Atom feed files, read with feedparser: one article per entry.

The entry's id (RSS guid, Atom id) becomes the article id; its link the url; its full content
(or, failing that, its summary) the text, HTML turned into paragraphs. The outlet is the
entry's own <source> when it names one (a feed re-publishing wire copy), else the feed title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.errors import InputError
from storyline.ingest.html import fragment_to_text
from storyline.ingest.record import RawRecord

FEED_ACCEPTED = "a well-formed RSS 2.0, RSS 1.0 or Atom feed whose entries carry content or a summary"
ENTRY_TEXT = "an entry with <content>, <content:encoded> or <description>/<summary> text"

_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_ENTRY_TAG = re.compile(r"<(?:[A-Za-z0-9_]+:)?(?:item|entry)[\s>/]")


def parse_feed(path: str | Path, data: bytes) -> Iterator[RawRecord | InputError]:
    """Yield a record per feed entry, and an InputError when the feed is malformed or empty."""
    import feedparser

    decoded = _decode(path, data)
    if isinstance(decoded, InputError):
        yield decoded
        return
    parsed = feedparser.parse(data)
    entries = list(parsed.entries)
    problem = _malformed(parsed)
    if problem and not entries:
        yield InputError(path, problem[0], problem[1], FEED_ACCEPTED)
        return
    if not entries:
        yield InputError(path, None, "feed has no entries", FEED_ACCEPTED)
        return

    lines = _entry_lines(decoded, len(entries))
    feed_info = parsed.feed
    feed_title = _plain(dict.get(feed_info, "title_detail")) or dict.get(feed_info, "title") or None
    feed_language = dict.get(feed_info, "language")
    for index, entry in enumerate(entries):
        yield _record(entry, lines[index], feed_title, feed_language)
    if problem:
        # feedparser recovers what it can from a broken feed; the entries above were kept,
        # but the user must know the file is damaged (the last entry may be cut short).
        yield InputError(path, problem[0], problem[1] + f"; {len(entries)} entries before it were read", FEED_ACCEPTED)


def _record(entry: Any, line: int | None, feed_title: str | None, feed_language: str | None) -> RawRecord:
    # dict.get reads what the feed said: feedparser's own .get maps missing keys to
    # neighbours (updated -> published) with a deprecation warning.
    get = dict.get
    source = get(entry, "source") or {}
    text = _entry_text(entry)
    meta: dict[str, Any] = {}
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
        outlet=(dict.get(source, "title") if isinstance(source, dict) else None) or feed_title,
        published=published,
        url=get(entry, "link"),
        id=get(entry, "id"),
        language=_entry_language(entry) or feed_language,
        meta=meta,
        text_fields=ENTRY_TEXT,
    )


def _entry_text(entry: Any) -> str:
    """The longest content block, else the summary, as text."""
    blocks = [b for b in dict.get(entry, "content") or [] if isinstance(b, dict) and b.get("value")]
    summary = dict.get(entry, "summary_detail")
    if not blocks and isinstance(summary, dict) and summary.get("value"):
        blocks = [summary]
    if not blocks:
        return str(dict.get(entry, "summary") or "")
    best = max(blocks, key=lambda b: len(b["value"]))
    return _plain(best)


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
