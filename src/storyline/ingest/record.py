"""From a format's raw record to a stored Article: overrides, date, clean-up, language, id.

Every format module yields :class:`RawRecord` values (or InputErrors); :func:`finish` applies
the steps all formats share, so a rule changes in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from storyline.errors import InputError
from storyline.ingest.cleanup import clean_text, normalize_title
from storyline.ingest.outlets import is_site_title
from storyline.ingest.titles import clean_title, first_line_headline, is_live_heading
from storyline.ingest.published import ACCEPTED_DATES, DateParseError, parse_published
from storyline.ingest.language import detect_language, normalize_language
from storyline.ingest.outlets import FROM_DOMAIN, domain_of
from storyline.models import Article, derive_id


@dataclass
class RawRecord:
    """One article as a format module read it, before the shared steps.

    Args:
        text: the body text (HTML already turned into text).
        line: 1-based line (or record number) where the record starts, or None for whole files.
        published: the date value as written, parsed later so its error names its own line.
        published_line: the line of the date value when it differs from ``line``.
        text_fields: how this format names the text, for the "no text" message.
        label: prefix for error messages when ``line`` alone cannot locate the record
            (e.g. "element 3 of 'articles': ").
    """

    text: str
    line: int | None = None
    title: str = ""
    outlet: str | None = None
    published: object = None
    published_line: int | None = None
    url: str | None = None
    id: str | None = None
    language: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    text_fields: str = "a non-empty article body"
    label: str = ""


def finish(
    raw: RawRecord,
    path: str | Path,
    *,
    outlet: str | None = None,
    published: date | None = None,
) -> Article | InputError:
    """Turn a raw record into an Article, or an InputError saying what is wrong with it.

    Args:
        raw: the record a format module read.
        path: the file it came from, for the article's provenance and for error messages.
        outlet: replaces the record's outlet when given (the --outlet override).
        published: replaces the record's date when given (the --published override); the
            record's own date is then not parsed at all, so a bad one is no error.
    """
    title = normalize_title(raw.title or "")
    meta = dict(raw.meta)

    day: date | None = published
    if day is None and raw.published not in (None, ""):
        try:
            day, moment = parse_published(raw.published)
        except DateParseError:
            where = raw.published_line if raw.published_line is not None else raw.line
            return InputError(path, where, f"{raw.label}unparseable published date {raw.published!r}", ACCEPTED_DATES)
        if moment is not None:
            meta["published_at"] = moment.isoformat()

    cleaned = clean_text(raw.text or "", title=title)
    title = article_title(title, cleaned.text, raw.outlet, meta)
    if not cleaned.text:
        if (raw.text or "").strip():
            problem = "record has no text left after removing promo and syndication lines"
        else:
            problem = "record has no text"
        return InputError(path, raw.line, raw.label + problem, raw.text_fields)
    for key, value in cleaned.meta.items():
        meta.setdefault(key, value)
    if day is None and cleaned.published is not None:
        day = cleaned.published
        meta["published_from"] = "text"

    language = normalize_language(raw.language)
    if language is None:
        language, confidence = detect_language(cleaned.text)
        if confidence:
            meta["language_confidence"] = round(confidence, 3)
        if raw.language:
            meta["declared_language"] = raw.language

    url = (raw.url or "").strip() or None
    record_id = str(raw.id).strip() if raw.id not in (None, "") else ""
    outlet_name = outlet or (normalize_title(raw.outlet) if raw.outlet else None) or None
    if outlet_name is None and domain_of(url):
        # No site name anywhere in the record: its domain is the best name there is.
        outlet_name = domain_of(url)
        meta["outlet_from"] = FROM_DOMAIN
    elif outlet:
        meta.pop("outlet_from", None)
    return Article(
        id=record_id or derive_id(url, cleaned.text),
        text=cleaned.text,
        title=title,
        outlet=outlet_name,
        published=day,
        url=url,
        language=language,
        source_path=str(path),
        source_line=raw.line,
        meta=meta,
    )


def article_title(title: str, text: str, outlet: str | None, meta: dict[str, Any]) -> str:
    """The title an article keeps: its own without dateline or byline, unless that is a live-blog
    heading or a site or CMS name (kept in ``meta["dropped_title"]``); else the headline its text
    opens with on a line of its own (the text itself is left as it is)."""
    own = clean_title(title)
    if own and (is_live_heading(own) or is_site_title(own, outlet)):
        meta["dropped_title"] = title
        own = ""
    if own:
        return own
    found = first_line_headline(text)
    if found:
        meta["title_from"] = "text"
    return found
