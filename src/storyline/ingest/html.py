"""HTML pages: trafilatura for the article text and metadata, htmldate for the date.

Also turns HTML *fragments* (feed entries, JSON ``html`` fields holding a body only) into
text, for which trafilatura is the wrong tool: it is built to find the article inside a page
and discards fragments shorter than a page's worth of text.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from storyline.errors import InputError
from storyline.ingest.record import RawRecord

HTML_ACCEPTED = "an HTML page whose body holds the article's paragraphs, not only links or scripts"
# Extracted text made mostly of link labels is a section front or a menu, not an article.
MAX_LINK_SHARE = 0.5

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_LANG = re.compile(r"""<html\b[^>]*\blang\s*=\s*["']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)""", re.IGNORECASE)
_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr",
    "table", "section", "article", "header", "footer", "figure", "figcaption", "dd", "dt", "hr",
}  # fmt: skip
_DROPPED_TAGS = ("script", "style", "noscript", "iframe", "template", "svg", "button", "form")


@dataclass
class HtmlArticle:
    """What an HTML page yields: the text (paragraphs separated by blank lines) and metadata."""

    text: str
    title: str = ""
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    author: str | None = None
    description: str | None = None
    html_lang: str | None = None


def decode_html(path: str | Path, data: bytes) -> str | InputError:
    """UTF-8, or the charset the page declares in a <meta> tag; else an InputError."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        found = _CHARSET.search(data[:4096])
        declared = found.group(1).decode("ascii").lower().replace("_", "-") if found else ""
        if declared and declared not in ("utf-8", "utf8"):
            try:
                return data.decode(declared)
            except (LookupError, UnicodeDecodeError):
                pass
        line = data.count(b"\n", 0, e.start) + 1
        bad = data[e.start : e.start + 4]
        return InputError(
            path, line, f"bytes {bad!r} are not valid UTF-8 and the page declares no charset that reads them",
            "UTF-8 encoded HTML, or a <meta charset> naming the page's real encoding",
        )


def extract_html(page: str, *, url: str | None = None) -> HtmlArticle | None:
    """The article in an HTML page, or None when the page holds no article text.

    Args:
        page: the page's HTML.
        url: the page's address when known (helps trafilatura resolve the site name).
    """
    import htmldate
    import trafilatura
    from lxml import etree
    from trafilatura.settings import Document

    try:
        doc = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False, include_tables=True)
    except (ValueError, etree.LxmlError):  # markup lxml cannot build a tree from: no article to find
        return None
    if not isinstance(doc, Document):  # None (nothing found); a dict comes only with as_dict=True
        return None
    text = (doc.text or "").strip()
    if not text or _link_share(page, text) > MAX_LINK_SHARE:
        return None
    # Meta tags only (no search of the visible text), so a date mentioned in the story is never
    # mistaken for the publication date; original_date prefers "published" over "modified".
    published = htmldate.find_date(page, extensive_search=False, original_date=True, url=url)
    lang = _HTML_LANG.search(page[:4096])
    return HtmlArticle(
        # trafilatura writes one block per line; storyline separates paragraphs by a blank line
        text="\n\n".join(line for line in text.split("\n") if line.strip()),
        title=doc.title or "",
        outlet=doc.sitename or None,
        published=published,
        url=doc.url or url,
        author=doc.author or None,
        description=doc.description or None,
        html_lang=lang.group(1) if lang else None,
    )


def parse_html(path: str | Path, page: str) -> Iterator[RawRecord | InputError]:
    """Yield the one article of an HTML page, or an InputError when it holds none."""
    found = extract_html(page)
    if found is None:
        yield InputError(path, None, "no article text found in the HTML page", HTML_ACCEPTED)
        return
    meta: dict[str, object] = {}
    if found.author:
        meta["byline"] = found.author
    if found.description:
        meta["description"] = found.description
    if found.html_lang:
        # Page templates set <html lang> site-wide, so it is kept as a hint; detection decides.
        meta["html_lang"] = found.html_lang
    yield RawRecord(
        text=found.text,
        title=found.title,
        outlet=found.outlet,
        published=found.published,
        url=found.url,
        meta=meta,
        text_fields=HTML_ACCEPTED,
    )


def fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment, one paragraph per block element, separated by blank lines."""
    if "<" not in fragment:
        return html_lib.unescape(fragment)
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment))
    for tag in _DROPPED_TAGS:
        for element in root.findall(f".//{tag}"):
            element.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        if element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in _BLOCK_TAGS:
            element.text = "\n\n" + (element.text or "")
            element.tail = "\n\n" + (element.tail or "")
    text = root.text_content()
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def _link_share(page: str, text: str) -> float:
    """Share of the extracted text's characters that are link labels on the page."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return 0.0
    labels = {" ".join(a.text_content().split()) for a in root.iter("a")}
    flat = " ".join(text.split())
    if not flat:
        return 0.0
    remaining = flat
    for label in sorted((lab for lab in labels if len(lab) > 3), key=len, reverse=True):
        remaining = remaining.replace(label, "")
    return 1.0 - len(remaining.replace(" ", "")) / len(flat.replace(" ", ""))
