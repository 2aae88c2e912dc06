"""trafilatura's XML output (``trafilatura --xml``): ``<doc>`` elements, metadata in attributes.

One article per ``<doc>``: its attributes give ``title``, ``author``, ``date``, ``url``,
``hostname``, ``sitename``, ``language`` and ``id``; its ``<main>`` holds the text, one block
element (``<p>``, ``<head>``, ``<quote>``, a ``<list>``'s items) per paragraph. ``<comments>``
are readers' comments, not the article, and are left out. A file may hold one ``<doc>`` (as
trafilatura writes it) or several under any root.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.errors import InputError
from storyline.ingest.outlets import FROM_DOMAIN, domain_of, name_or_domain
from storyline.ingest.record import RawRecord

TRAFILATURA_ACCEPTED = "trafilatura's XML output: <doc title=... url=... date=...><main><p>...</p></main></doc>"
_ITEMS = ("list", "table")


def parse_trafilatura_xml(path: str | Path, data: bytes) -> Iterator[RawRecord | InputError]:
    """Yield a record per ``<doc>`` element, or an InputError when the XML is broken or holds none."""
    from lxml import etree

    try:
        root = etree.fromstring(data.lstrip(), parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as e:
        yield InputError(path, e.lineno, f"malformed XML: {e.msg}; nothing in the file was read", TRAFILATURA_ACCEPTED)
        return
    docs = [root] if root.tag == "doc" else list(root.iter("doc"))
    if not docs:
        yield InputError(path, root.sourceline, f"no <doc> element (the root is <{root.tag}>)", TRAFILATURA_ACCEPTED)
        return
    for doc in docs:
        yield _record(doc)


def _record(doc: Any) -> RawRecord:
    attrs = {k: (v or "").strip() for k, v in doc.attrib.items()}
    main = doc.find("main")
    paragraphs: list[str] = []
    if main is not None:
        for block in main:
            if not isinstance(block.tag, str):
                continue  # comments and processing instructions
            parts = list(block) if block.tag in _ITEMS else [block]
            paragraphs.extend(" ".join("".join(p.itertext()).split()) for p in parts)
    meta: dict[str, Any] = {}
    if attrs.get("author"):
        meta["byline"] = attrs["author"]
    if attrs.get("description"):
        meta["description"] = attrs["description"]
    outlet, guessed = name_or_domain(attrs.get("sitename"))
    if outlet is None:
        outlet = domain_of(attrs.get("hostname"))
        guessed = outlet is not None
    if guessed:
        meta["outlet_from"] = FROM_DOMAIN
    return RawRecord(
        text="\n\n".join(p for p in paragraphs if p),
        line=doc.sourceline,
        title=attrs.get("title", ""),
        outlet=outlet,
        published=attrs.get("date") or None,
        url=attrs.get("url") or None,
        id=attrs.get("id") or None,
        language=attrs.get("language") or None,
        meta=meta,
        text_fields="a <doc> whose <main> holds the article's paragraphs",
    )
