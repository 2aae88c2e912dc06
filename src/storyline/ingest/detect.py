"""Which format a file is in (by extension, then by content), and strict UTF-8 decoding."""

from __future__ import annotations

import json
import re
from pathlib import Path

from storyline.errors import InputError

SUPPORTED_FORMATS = (
    ".txt, .html/.htm, .json (also JSON Feed), .jsonl, .csv/.tsv, .xml/.rss/.atom feeds, trafilatura .xml, or a directory"
)
UTF8_ACCEPTED = "UTF-8 encoded text; re-save the file as UTF-8"

# Extensions whose format is certain; .xml is a feed or XHTML, decided by content.
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".csv": "csv",
    ".tsv": "csv",
}
SNIFFED_EXTENSIONS = {".xml", ""}
HEAD_BYTES = 1 << 16

_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]", re.IGNORECASE)
_TRAFILATURA_ROOT = re.compile(rb"^(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<doc[\s>]", re.DOTALL)
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html|head|body|article|main|div|p|h1|section)[\s>]", re.IGNORECASE)


def sniff(head: bytes) -> str | None:
    """Guess the format from the first bytes of a file: feed, html, json, jsonl, text or None."""
    body = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not body:
        return None
    if body[:1] == b"<":
        if _FEED_ROOT.search(body[:4096]):
            return "feed"
        if _TRAFILATURA_ROOT.match(body[:4096]):
            return "trafilatura"
        if _HTML_ROOT.search(body[:4096]):
            return "html"
        return None
    if body[:1] in (b"{", b"["):
        return json_flavour(body)
    if b"\x00" in head:  # binary; a text file that is merely not UTF-8 is reported as such later
        return None
    return "text"


def json_flavour(head: bytes) -> str:
    """"jsonl" when the first line is a complete JSON value and another line follows, else "json"."""
    first, _, rest = head.lstrip().partition(b"\n")
    if not rest.strip():
        return "json"
    try:
        json.loads(first)
    except ValueError:
        return "json"
    return "jsonl"


def detect_format(path: Path) -> str | None:
    """The format of ``path``: by extension, with content deciding for .xml, no extension and JSON flavour."""
    suffix = path.suffix.lower()
    known = EXTENSIONS.get(suffix)
    if known is None and suffix not in SNIFFED_EXTENSIONS:
        return None
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    if known in ("json", "jsonl"):
        # JSON Lines saved as .json, or one pretty-printed array saved as .jsonl, both happen.
        body = head.removeprefix(b"\xef\xbb\xbf").lstrip()
        if b"\n" in body[: HEAD_BYTES - 1] or len(head) < HEAD_BYTES:
            return json_flavour(body) if body[:1] in (b"{", b"[") else known
        return known
    if known is not None:
        return known
    found = sniff(head)
    if suffix == ".xml" and found not in ("feed", "html", "trafilatura"):
        return None
    return found


def decode_utf8(path: str | Path, data: bytes) -> str | InputError:
    """Strict UTF-8 (a byte-order mark is allowed); an InputError naming the first bad byte's line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        bad = data[e.start : e.start + 4]
        return InputError(path, line, f"bytes {bad!r} are not valid UTF-8", UTF8_ACCEPTED)

