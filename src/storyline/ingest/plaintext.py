"""Plain-text articles: an optional ``Key: value`` header, then the title line, then the body.

    Outlet: Meridian Wire
    Published: 2023-11-24
    URL: https://wire.example/ferry

    Harbour council votes to close ferry line
    BRENNMOOR, Nov 24 (Meridian Wire) - The harbour council...

The header is recognised only when every line of the leading block is ``Key: value`` and
at least one key is one storyline knows (so a title such as "Breaking: storm hits coast"
stays a title). Keys are case-insensitive; unknown keys go to ``meta``. When the header
gives a Title, everything after the header is body (a repeated title line is removed by
the clean-up); otherwise the first non-empty line is the title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from storyline.errors import InputError
from storyline.ingest.record import RawRecord

TEXT_ACCEPTED = "a title line followed by the article body, optionally after 'Key: value' header lines"

# Header keys, by the field they fill.
_KEYS: dict[str, str] = {
    **dict.fromkeys(["id", "article id", "article-id", "guid", "uuid"], "id"),
    **dict.fromkeys(["outlet", "source", "publisher", "publication", "site", "site name", "sitename"], "outlet"),
    **dict.fromkeys(
        ["published", "date", "pubdate", "pub date", "date published", "published at", "publication date"],
        "published",
    ),
    **dict.fromkeys(["url", "link", "canonical", "permalink"], "url"),
    **dict.fromkeys(["title", "headline"], "title"),
    **dict.fromkeys(["language", "lang"], "language"),
    **dict.fromkeys(["author", "authors", "byline", "by"], "byline"),
}
_HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z _-]{0,30}?)\s*:\s*(?P<value>.*)$")


def parse_text(path: str | Path, content: str) -> Iterator[RawRecord | InputError]:
    """Yield the one article of a plain-text file.

    Args:
        path: the file, for provenance and error messages.
        content: the file's decoded text.
    """
    lines = content.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        yield InputError(path, None, "file is empty", TEXT_ACCEPTED)
        return
    raw = RawRecord(text="", line=first + 1, text_fields=TEXT_ACCEPTED)
    body_start = _read_header(lines, first, raw)

    if not raw.title:
        title_at = next((i for i in range(body_start, len(lines)) if lines[i].strip()), None)
        if title_at is None:
            yield InputError(path, first + 1, "file has a header but no title or text after it", TEXT_ACCEPTED)
            return
        raw.title = lines[title_at].strip()
        body_start = title_at + 1
    raw.text = "\n".join(lines[body_start:])
    yield raw


def _read_header(lines: list[str], first: int, raw: RawRecord) -> int:
    """Fill ``raw`` from a leading header block; the index where the rest starts."""
    block: list[tuple[int, str, str]] = []
    index = first
    while index < len(lines) and lines[index].strip():
        match = _HEADER_LINE.match(lines[index].strip())
        if not match:
            return first
        block.append((index + 1, " ".join(match.group("key").lower().replace("_", " ").split()), match.group("value").strip()))
        index += 1
    if index >= len(lines) or not any(key in _KEYS for _, key, _ in block):
        return first  # no blank line after it, or no key we know: it is the article itself
    for line_no, key, value in block:
        if not value:
            continue
        target = _KEYS.get(key)
        if target == "published":
            raw.published, raw.published_line = value, line_no
        elif target == "byline":
            raw.meta["byline"] = value
        elif target is not None:
            setattr(raw, target, value)
        else:
            raw.meta.setdefault("header", {})[key] = value
    return index + 1
