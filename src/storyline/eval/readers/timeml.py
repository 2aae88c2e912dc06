"""Readers for temporal-expression gold: TimeML (TempEval-3 TBAQ) and NewsReader CAT (MEANTIME).

Both yield :class:`TimexDoc`: the plain document text, its creation time (DCT) and the gold
TIMEX3 spans as character offsets into that text. The DCT TIMEX3 itself is never part of the
gold, as in the official TempEval-3 scorer (which drops ``tid="t0"``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from storyline.errors import InputError


@dataclass(frozen=True)
class GoldTimex:
    """One gold TIMEX3: character span into the document text, type and value ("" when absent)."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TimexDoc:
    """A gold document: its text, DCT value and TIMEX3s.

    ``excluded`` holds spans of the text that are not scored at all (MEANTIME keeps the DCT
    inside the text, as the dateline; a system mention of it is neither right nor wrong).
    """

    doc_id: str
    text: str
    dct: str
    timexes: list[GoldTimex]
    excluded: list[tuple[int, int]] = field(default_factory=list)
    group: str = ""


def _parse_xml(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as e:
        line = e.position[0] if e.position else None
        raise InputError(path, line, f"not well-formed XML ({e})", "a TimeML .tml or MEANTIME CAT .xml file") from e


# --- TimeML -------------------------------------------------------------------------


def read_timeml(path: Path, group: str = "") -> TimexDoc:
    """Read one TimeML file: the text of <TEXT> with tags removed, the DCT and gold TIMEX3s.

    Raises:
        InputError: the file is not XML, or has no <TEXT> or no DCT TIMEX3.
    """
    root = _parse_xml(path)
    dct_el = root.find("DCT/TIMEX3")
    if dct_el is None:
        dct_el = next((t for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"), None)
    text_el = root.find("TEXT")
    if dct_el is None or text_el is None:
        raise InputError(path, None, "no <DCT> TIMEX3 or no <TEXT> element", "TimeML with a DCT and a TEXT element")
    dct = dct_el.get("value") or ""
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    pos = 0

    def walk(el: ET.Element) -> None:
        nonlocal pos
        start = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if el.tag == "TIMEX3" and el.get("tid") != "t0" and el.get("functionInDocument") != "CREATION_TIME":
            timexes.append(GoldTimex(start, pos, "", el.get("type") or "", el.get("value") or ""))

    walk(text_el)
    text = "".join(parts)
    timexes = [GoldTimex(t.start, t.end, text[t.start : t.end], t.type, t.value) for t in timexes]
    timexes.sort(key=lambda t: (t.start, t.end))
    return TimexDoc(path.stem, text, dct, timexes, group=group)


# --- MEANTIME CAT -------------------------------------------------------------------

_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "%", "'s", "n't", "''", "'"})
_NO_SPACE_AFTER = frozenset({"(", "[", "``", "$"})


def read_cat(path: Path, group: str = "") -> TimexDoc:
    """Read one MEANTIME CAT file, rebuilding the text from its tokens (one line per sentence).

    Tokens are joined by a space except around closing/opening punctuation, so the text reads
    naturally for the parser. TIMEX3 markables without token anchors (implicit times) are not
    gold spans; the DCT's own span (the dateline) is excluded from scoring.
    """
    root = _parse_xml(path)
    tokens = root.findall("token")
    if not tokens:
        raise InputError(path, None, "no <token> elements", "a MEANTIME CAT XML document")
    spans: dict[str, tuple[int, int]] = {}
    sentence_of: dict[str, int] = {}
    parts: list[str] = []
    pos = 0
    prev_sentence: str | None = None
    prev_text = ""
    for tok in tokens:
        word = tok.text or ""
        sentence = tok.get("sentence")
        if prev_sentence is not None:
            sep = "\n" if sentence != prev_sentence else ("" if word in _NO_SPACE_BEFORE or prev_text in _NO_SPACE_AFTER else " ")
            parts.append(sep)
            pos += len(sep)
        spans[tok.get("t_id") or ""] = (pos, pos + len(word))
        sentence_of[tok.get("t_id") or ""] = int(sentence or 0)
        parts.append(word)
        pos += len(word)
        prev_sentence, prev_text = sentence, word
    text = "".join(parts)

    dct = ""
    timexes: list[GoldTimex] = []
    excluded: list[tuple[int, int]] = []
    for el in root.iter("TIMEX3"):
        anchors = [spans[a.get("t_id") or ""] for a in el.findall("token_anchor") if a.get("t_id") in spans]
        span = (min(s for s, _ in anchors), max(e for _, e in anchors)) if anchors else None
        if el.get("functionInDocument") == "CREATION_TIME":
            dct = el.get("value") or ""
            if span:
                excluded.append(span)
            continue
        if span:
            timexes.append(GoldTimex(span[0], span[1], text[span[0] : span[1]], el.get("type") or "", el.get("value") or ""))
    if not dct:
        raise InputError(path, None, "no TIMEX3 with functionInDocument=CREATION_TIME", "a MEANTIME document with its DCT")
    # MEANTIME annotates only the title and the first sentences of each article: text after the
    # last sentence holding any markable is outside the gold and not scored.
    last = max((sentence_of[a.get("t_id") or ""] for a in root.iter("token_anchor") if a.get("t_id") in sentence_of), default=None)
    ends = [spans[t.get("t_id") or ""][1] for t in tokens if last is not None and t.get("sentence") == str(last)]
    if ends and max(ends) < len(text):
        excluded.append((max(ends), len(text)))
    timexes.sort(key=lambda t: (t.start, t.end))
    return TimexDoc(root.get("doc_name") or path.stem, text, dct, timexes, excluded, group=group)


# --- folders ------------------------------------------------------------------------


def iter_corpus(path: Path) -> Iterator[TimexDoc]:
    """Every gold document under ``path`` (a file or a folder, searched recursively).

    ``.tml`` files are read as TimeML, ``.xml`` files as MEANTIME CAT. The group of a document
    is the name of the folder that holds it (e.g. ``TimeBank``, ``AQUAINT``, ``corpus_apple``).
    Files with the same name and content in two folders (TBAQ ships one TimeBank file again
    under ``testpipeline``) are read once.

    Raises:
        InputError: the path holds no such file.
    """
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.suffix in (".tml", ".xml"))
    if not files:
        raise InputError(path, None, "no .tml or .xml files found", "a folder of TimeML (.tml) or MEANTIME CAT (.xml) files")
    seen: set[str] = set()
    # The intra-doc and intra+cross-doc MEANTIME folders hold the same documents: keep the first.
    for f in files:
        key = f.name
        if key in seen:
            continue
        seen.add(key)
        group = f.parent.name
        yield read_timeml(f, group) if f.suffix == ".tml" else read_cat(f, group)
