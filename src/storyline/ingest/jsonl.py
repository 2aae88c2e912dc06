"""JSON and JSON Lines articles, under the field names scrapers and news APIs commonly use.

JSON Lines is read line by line: a file of any size is never held in memory, and a
malformed line is reported while the lines around it are still read. A JSON file is
streamed too when its top level is an array (see :mod:`storyline.ingest.jsonstream`); a
single top-level object is read whole. An object that wraps the records in a list
(``{"articles": [...]}``, as news APIs answer) is read whole as well.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from storyline.errors import InputError
from storyline.ingest.detect import UTF8_ACCEPTED
from storyline.ingest.html import extract_html, fragment_to_text
from storyline.ingest.jsonstream import JsonStreamError, iter_json
from storyline.ingest.outlets import FROM_DOMAIN, FROM_FEED, domain_of, is_site_name, looks_like_url, name_or_domain
from storyline.ingest.record import RawRecord

Columns = Mapping[str, str]

# Field names by what they hold, first match wins. They cover news APIs, database exports and
# the crawlers' own names: news-please (maintext, date_publish, source_domain), trafilatura
# --json (source = the url, source-hostname = the site name, hostname), newspaper4k
# (meta_site_name, publish_date, meta_lang), Media Cloud (stories_id, media_name, media_url)
# and JSON Feed (content_text, content_html, date_published).
TEXT_KEYS = (
    "text", "body", "content", "maintext", "article", "article_text", "full_text", "fulltext", "story", "content_text",
)  # fmt: skip
HTML_KEYS = ("html", "raw_html", "content_html", "body_html", "html_content")
PUBLISHED_KEYS = (
    "published", "date", "date_publish", "date_published", "datePublished", "published_at", "publishedAt",
    "pubDate", "pub_date", "publish_date", "publication_date", "created_at", "timestamp",
)  # fmt: skip
# Names of the outlet; a value that is a host name counts as a domain, a url as nothing.
OUTLET_KEYS = (
    "outlet", "source", "publisher", "source_name", "site_name", "sitename", "source-hostname", "meta_site_name",
    "media_name", "publication",
)  # fmt: skip
# Domains of the outlet, used (without "www.") when no name is given.
DOMAIN_KEYS = ("source_domain", "domain", "hostname", "media_url")
TITLE_KEYS = ("title", "headline", "heading")
URL_KEYS = ("url", "link", "canonical_url", "permalink", "uri", "canonical_link", "external_url")
ID_KEYS = ("id", "article_id", "guid", "uuid", "doc_id", "docid", "_id", "stories_id")
LANGUAGE_KEYS = ("language", "lang", "locale", "meta_lang")
BYLINE_KEYS = ("byline", "author", "authors", "creator")
WRAPPER_KEYS = ("articles", "items", "data", "results", "records", "documents", "docs", "entries", "posts", "stories")
_KNOWN = {
    *TEXT_KEYS, *HTML_KEYS, *PUBLISHED_KEYS, *OUTLET_KEYS, *DOMAIN_KEYS, *TITLE_KEYS, *URL_KEYS, *ID_KEYS,
    *LANGUAGE_KEYS, *BYLINE_KEYS,
}  # fmt: skip
# What --columns may name, each the first (canonical) key of its group above.
COLUMN_FIELDS = {
    "text": TEXT_KEYS, "html": HTML_KEYS, "title": TITLE_KEYS, "published": PUBLISHED_KEYS, "outlet": OUTLET_KEYS,
    "url": URL_KEYS, "id": ID_KEYS, "language": LANGUAGE_KEYS, "byline": BYLINE_KEYS,
}  # fmt: skip
JSON_FEED_VERSION = "https://jsonfeed.org/version/"

TEXT_ACCEPTED = "a non-empty " + ", ".join(repr(k) for k in TEXT_KEYS[:4] + HTML_KEYS[:1]) + " field"
RECORD_EXAMPLE = '{"title": "...", "text": "...", "published": "2023-11-24", "outlet": "..."}'
JSONL_ACCEPTED = f"one JSON object per line, like {RECORD_EXAMPLE}"
JSON_ACCEPTED = f"a JSON object like {RECORD_EXAMPLE}, an array of them, or {{\"articles\": [...]}}"
_QUOTE_CHARS = 80


def parse_jsonl(path: str | Path, columns: Columns | None = None) -> Iterator[RawRecord | InputError]:
    """Yield a record (or an InputError) per non-blank line, streaming the file.

    ``columns`` maps storyline's fields to this input's own names (``{"text": "body"}``).
    """
    seen = 0
    with Path(path).open("rb") as fh:
        for line_no, raw_line in enumerate(fh, start=1):
            if not raw_line.strip():
                continue
            seen += 1
            try:
                line = raw_line.decode("utf-8-sig" if line_no == 1 else "utf-8")
            except UnicodeDecodeError as e:
                bad = raw_line[e.start : e.start + 4]
                yield InputError(path, line_no, f"bytes {bad!r} are not valid UTF-8", UTF8_ACCEPTED)
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as e:
                snippet = _quote(line.strip())
                yield InputError(path, line_no, f"malformed JSON ({e.msg}, column {e.colno}): {snippet}", JSONL_ACCEPTED)
                continue
            yield record_from_value(path, line_no, value, accepted=JSONL_ACCEPTED, columns=columns)
    if not seen:
        yield InputError(path, None, "file is empty", JSONL_ACCEPTED)


def parse_json(path: str | Path, columns: Columns | None = None) -> Iterator[RawRecord | InputError]:
    """Yield the records of a JSON file: an object, an array of objects, a wrapper object or a JSON Feed."""
    seen = 0
    with Path(path).open("rb") as fh:
        try:
            for line_no, value, in_array in iter_json(fh):
                seen += 1
                if not in_array and isinstance(value, Mapping) and not has_text(remap(value, columns)):
                    wrapped = _wrapped_records(path, line_no, value, columns)
                    if wrapped is not None:
                        yield from wrapped
                        continue
                yield record_from_value(path, line_no, value, accepted=JSON_ACCEPTED, columns=columns)
        except JsonStreamError as e:
            rest = "; reading stopped there" + (f" after {seen} record(s)" if seen else "")
            yield InputError(path, e.line, e.problem + rest, JSON_ACCEPTED if "JSON" in e.problem else UTF8_ACCEPTED)
            return
    if not seen:
        yield InputError(path, None, "file is empty (no JSON value in it)", JSON_ACCEPTED)


def record_from_value(
    path: str | Path, line: int | None, value: Any, *, accepted: str, label: str = "", columns: Columns | None = None
) -> RawRecord | InputError:
    """A RawRecord from one decoded JSON value, or an InputError if it is not an article object."""
    if isinstance(value, Mapping):
        value = remap(value, columns)
    if not isinstance(value, Mapping):
        kind = type(value).__name__
        return InputError(path, line, f"{label}record is a JSON {kind} ({_quote(json.dumps(value))}), not an object", accepted)
    if not has_text(value):
        fields = ", ".join(repr(k) for k in list(value)[:12]) or "none"
        return InputError(path, line, f"{label}record has no text (its fields: {fields})", TEXT_ACCEPTED)
    return record_from_mapping(value, line=line, label=label)


def remap(obj: Mapping[str, Any], columns: Columns | None) -> Mapping[str, Any]:
    """``obj`` with the fields ``columns`` names moved to storyline's own names (``body`` -> ``text``)."""
    if not columns:
        return obj
    moved = {field: obj[name] for field, name in columns.items() if name in obj}
    rest = {k: v for k, v in obj.items() if k not in columns.values() and k not in moved}
    return {**moved, **rest}


def record_from_mapping(obj: Mapping[str, Any], *, line: int | None, label: str = "") -> RawRecord:
    """Map the common field names of one JSON object (or CSV row) onto a RawRecord."""
    raw = RawRecord(text="", line=line, text_fields=TEXT_ACCEPTED, label=label)
    text = _first_text(obj, TEXT_KEYS)
    page = None
    if not text:
        html_value = _first_text(obj, HTML_KEYS)
        if html_value:
            if _is_page(html_value):
                page = extract_html(html_value, url=_first_scalar(obj, URL_KEYS))
                text = page.text if page else ""  # a page with no article in it: no text
            else:
                text = fragment_to_text(html_value)
    elif text.lstrip().startswith("<") and ("</p>" in text or "<br" in text):
        text = fragment_to_text(text)  # a "text" field that actually holds markup
    raw.text = text or ""
    raw.title = _first_scalar(obj, TITLE_KEYS) or (page.title if page else "")
    raw.outlet, guessed = _outlet(obj)
    if raw.outlet is None and page is not None:
        raw.outlet = page.outlet
    elif guessed:
        raw.meta["outlet_from"] = FROM_DOMAIN
    raw.published = _first_present(obj, PUBLISHED_KEYS) or (page.published if page else None)
    # trafilatura --json writes the page's url as "source".
    source = obj.get("source")
    source_url = source.strip() if isinstance(source, str) and looks_like_url(source) else None
    raw.url = _first_scalar(obj, URL_KEYS) or source_url or (page.url if page else None)
    raw.id = _first_scalar(obj, ID_KEYS)
    raw.language = _first_scalar(obj, LANGUAGE_KEYS)
    byline = _byline(obj.get(next((k for k in BYLINE_KEYS if obj.get(k)), ""), None))
    if byline:
        raw.meta["byline"] = byline
    extra = {k: v for k, v in obj.items() if k not in _KNOWN and k not in WRAPPER_KEYS and _is_small_scalar(v)}
    if extra:
        raw.meta["extra"] = extra
    return raw


def _wrapped_records(
    path: str | Path, line: int, obj: Mapping[str, Any], columns: Columns | None = None
) -> Iterator[RawRecord | InputError] | None:
    """The records of ``{"articles": [...]}``-style wrappers and JSON Feeds; None when ``obj`` is neither."""
    if str(obj.get("schema", "")).startswith("storyline/"):
        return iter([InputError(path, line, f"this is an exported storyline bundle ({obj['schema']!r}), not articles", JSON_ACCEPTED)])
    key = next((k for k in WRAPPER_KEYS if isinstance(obj.get(k), list)), None)
    if key is None:
        return None
    items = obj[key]
    # The elements' own lines are unknown once the wrapper is decoded: say which element instead.
    records = (
        record_from_value(path, line, item, accepted=JSON_ACCEPTED, label=f"element {i} of {key!r}: ", columns=columns)
        for i, item in enumerate(items, start=1)
    )
    if str(obj.get("version", "")).startswith(JSON_FEED_VERSION):
        return (_json_feed_item(record, obj) for record in records)
    return records


def _json_feed_item(record: RawRecord | InputError, feed: Mapping[str, Any]) -> RawRecord | InputError:
    """A JSON Feed item completed from its feed: the outlet and language the item does not give."""
    if isinstance(record, InputError):
        return record
    title = feed.get("title") if isinstance(feed.get("title"), str) else ""
    if title:
        record.meta["feed_title"] = title
    if record.outlet is None or record.meta.get("outlet_from") == FROM_DOMAIN:
        home = feed.get("home_page_url") if isinstance(feed.get("home_page_url"), str) else None
        if title and is_site_name(title):
            record.outlet, record.meta["outlet_from"] = title, FROM_FEED
        elif record.outlet is None and domain_of(home):
            record.outlet, record.meta["outlet_from"] = domain_of(home), FROM_DOMAIN
    if record.language is None and isinstance(feed.get("language"), str):
        record.language = feed["language"]
    return record


def has_text(obj: Mapping[str, Any]) -> bool:
    """Whether ``obj`` has a non-empty text or HTML field."""
    return bool(_first_text(obj, TEXT_KEYS) or _first_text(obj, HTML_KEYS))


def _first_text(obj: Mapping[str, Any], keys: tuple[str, ...]) -> str:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            value = "\n\n".join(value)  # a body given as a list of paragraphs
        if isinstance(value, str) and value.strip():
            return value
    return ""


def _first_scalar(obj: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, Mapping) and len(value) == 1:
            value = next(iter(value.values()))  # {"$oid": "..."} as database exports write ids
        if isinstance(value, bool) or value is None or isinstance(value, Mapping | list):
            continue
        text = str(value).strip()
        if text:
            return text
    return None


def _first_present(obj: Mapping[str, Any], keys: tuple[str, ...]) -> object:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, Mapping) and len(value) == 1:
            value = next(iter(value.values()))  # {"$date": "..."} as database exports write dates
        if value not in (None, "") and not isinstance(value, Mapping | list):
            return value
    return None


def _outlet(obj: Mapping[str, Any]) -> tuple[str | None, bool]:
    """The outlet's name, and whether it was only a domain (then without ``www.``)."""
    domain = None
    for key in OUTLET_KEYS:
        value = obj.get(key)
        if isinstance(value, Mapping):  # {"source": {"id": ..., "name": "The Ledger"}}
            value = value.get("name") or value.get("title")
        name, is_domain = name_or_domain(value if isinstance(value, str) else None)
        if name and not is_domain:
            return name, False
        domain = domain or name
    for key in DOMAIN_KEYS:
        value = obj.get(key)
        if domain is None and isinstance(value, str):
            domain = domain_of(value)
    return domain, domain is not None


def _byline(value: object) -> str | None:
    """Authors as one string: a name, a list of names, or JSON Feed's ``[{"name": ...}]``."""
    if isinstance(value, Mapping):
        value = [value]
    if isinstance(value, list):
        names = [str(v.get("name") or "") if isinstance(v, Mapping) else str(v) for v in value]
        return ", ".join(n for n in names if n.strip()) or None
    return str(value) if value else None


def _is_page(markup: str) -> bool:
    head = markup[:2048].lower()
    return "<html" in head or "<!doctype" in head or "<body" in head


def _is_small_scalar(value: object) -> bool:
    return isinstance(value, int | float | bool) or (isinstance(value, str) and len(value) <= 500)


def _quote(text: str) -> str:
    return repr(text if len(text) <= _QUOTE_CHARS else text[:_QUOTE_CHARS] + "…")
