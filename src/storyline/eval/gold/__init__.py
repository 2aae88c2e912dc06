"""The real-news gold: hand annotations of public articles, stored as references only.

Each record names a document of a public set (``dataset``, ``doc``), the sha1 of the text our
reader gives for it, and character offsets into that text with spans of at most 12 words. The
article text itself is never stored here: :func:`reader_text` reads it from the set's folder
(``../shared/data`` or ``$STORYLINE_DATA``). The guidelines are in docs/annotation.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from storyline.errors import InputError

__all__ = [
    "DATASETS",
    "GOLD_DIR",
    "MAX_SPAN_WORDS",
    "data_root",
    "doc_exists",
    "gold_path",
    "load_gold",
    "load_stories",
    "load_story_judgements",
    "numbered_records",
    "read_records",
    "reader_text",
    "text_sha1",
    "validate",
    "validate_judgements",
    "validate_story",
]

GOLD_DIR = Path(__file__).resolve().parent / "realnews"
MAX_SPAN_WORDS = 12
DATASETS = ("timeline17", "basil", "giveme5w1h_news", "newswcl50")

KINDS = frozenset({"running_total", "period", "stock", "rate", "estimate_range", "not_a_count"})
QUALIFIERS = frozenset({"at least", "about", "more than", "up to", "fewer than"})
RELATIONS = frozenset({"agrees", "updates", "revises", "explained", "conflicts"})
REFS = frozenset({"named", "role", "pronoun", "nominal", "none"})
QUOTE_KINDS = frozenset({"direct", "indirect", "mixed"})
NOT_QUOTE_WHY = frozenset({"headline", "caption", "byline", "dateline", "title"})
_DAY = re.compile(r"\d{4}-\d\d-\d\d")
# A resolved quoted date is a day, a month or a year ("last year"), as TIMEX3 values are.
_DAY_OR_MONTH = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?")
SPLITS = frozenset({"dev", "test"})
ANNOTATORS = frozenset({"a1", "a2"})


def data_root() -> Path:
    """The folder holding the public sets: ``$STORYLINE_DATA``, else ``../shared/data`` beside the checkout."""
    env = os.environ.get("STORYLINE_DATA")
    if env:
        return Path(env)
    # src/storyline/eval/gold/__init__.py -> the checkout is parents[4]; the sets sit beside it.
    return Path(__file__).resolve().parents[4].parent / "shared" / "data"


def text_sha1(text: str) -> str:
    """The sha1 of ``text`` encoded as UTF-8, as stored in ``text_sha1``."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def numbered_records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """The JSON objects of a .jsonl gold file with their line numbers, blank lines skipped.

    Raises:
        InputError: a line is not JSON, or not a JSON object (naming the file and line).
    """
    out: list[tuple[int, dict[str, Any]]] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(path, lineno, f"not JSON: {e}", "one gold record (a JSON object) per line") from None
        if not isinstance(rec, dict):
            raise InputError(path, lineno, f"not a JSON object: {line[:80]!r}", "one gold record (a JSON object) per line")
        out.append((lineno, rec))
    return out


def read_records(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a .jsonl gold file (see :func:`numbered_records`)."""
    return [rec for _, rec in numbered_records(path)]


def gold_path(dataset: str, annotator: str = "a1") -> Path:
    """The file holding one annotator's records of ``dataset``: ``<dataset>.jsonl`` for a1, else ``<dataset>.<annotator>.jsonl``."""
    return GOLD_DIR / (f"{dataset}.jsonl" if annotator == "a1" else f"{dataset}.{annotator}.jsonl")


def load_gold(dataset: str | None = None, annotator: str | None = "a1") -> list[dict[str, Any]]:
    """The article records of the gold (or of one dataset), in file order.

    By default only the first pass (a1), the reference; ``annotator=None`` gives every annotator's
    records (a1 first, then the second annotator's), as the validator and the agreement need them.
    """
    records: list[dict[str, Any]] = []
    for name in DATASETS:
        if dataset is not None and name != dataset:
            continue
        for who in sorted(ANNOTATORS):
            if annotator is not None and who != annotator:
                continue
            path = gold_path(name, who)
            if path.is_file():
                records.extend(read_records(path))
    return records


def load_stories() -> list[dict[str, Any]]:
    """Every story record (events with dates, titles and main developments)."""
    path = GOLD_DIR / "stories.jsonl"
    return read_records(path) if path.is_file() else []


def load_story_judgements() -> list[dict[str, Any]]:
    """The second annotator's judgements of the story titles and main developments (``stories.a2.jsonl``)."""
    path = GOLD_DIR / "stories.a2.jsonl"
    return read_records(path) if path.is_file() else []


@lru_cache(maxsize=16)
def _timeline17_topic(root: str, topic: str) -> dict[str, str]:
    """The texts of one Timeline17 topic folder, keyed by ``<topic>/InputDocs/<day>/<n>.htm.txt``."""
    from storyline.eval.readers.timeline17 import read_timeline17

    return {f"{topic}/{d.id}": d.text for d in read_timeline17(Path(root) / "timeline17" / topic)}


@lru_cache(maxsize=8)
def _eval_set(root: str, dataset: str) -> dict[str, str]:
    """The texts of a whole clustering set (BASIL, Giveme5W1H, NewsWCL50), keyed by the reader's id."""
    base = Path(root) / dataset
    if dataset == "basil":
        from storyline.eval.readers.basil import read_basil

        docs = read_basil(base)
    elif dataset == "giveme5w1h_news":
        from storyline.eval.readers.giveme5w1h import read_giveme5w1h

        docs = read_giveme5w1h(base)
    elif dataset == "newswcl50":
        from storyline.eval.readers.newswcl50 import read_newswcl50

        docs = read_newswcl50(base)
    else:
        raise ValueError(f"unknown dataset {dataset!r} (known: {', '.join(DATASETS)})")
    return {d.id: d.text for d in docs}


def reader_text(dataset: str, doc: str, root: Path | None = None) -> str:
    """The text our reader gives for ``doc`` of ``dataset``: the text every gold offset indexes.

    Timeline17 ids are paths below the set's folder (``haiti_bbc/InputDocs/2010-01-13/1004.htm.txt``);
    only that topic folder is read. Raises KeyError when the set holds no such document.
    """
    base = str(root or data_root())
    if dataset == "timeline17":
        topic = doc.split("/", 1)[0]
        texts = _timeline17_topic(base, topic)
    else:
        texts = _eval_set(base, dataset)
    if doc not in texts:
        raise KeyError(f"{dataset} has no document {doc!r}")
    return texts[doc]


def _words(span: str) -> int:
    return len(span.split())


def _check_offsets(where: str, item: dict[str, Any], text: str, exact: bool) -> list[str]:
    """Problems with one item's start/end/span: outside the text, too long, or not the text there."""
    problems: list[str] = []
    start, end, span = item.get("start"), item.get("end"), item.get("span")
    if not isinstance(start, int) or not isinstance(end, int) or not isinstance(span, str):
        return [f"{where}: start, end and span are required (got {start!r}, {end!r}, {span!r})"]
    if not 0 <= start < end <= len(text):
        return [f"{where}: offsets {start}-{end} outside the text (length {len(text)})"]
    if _words(span) > MAX_SPAN_WORDS:
        problems.append(f"{where}: span has {_words(span)} words (at most {MAX_SPAN_WORDS}): {span!r}")
    there = text[start:end]
    if exact and there != span:
        problems.append(f"{where}: text[{start}:{end}] is {there!r}, not the span {span!r}")
    if not exact and not there.startswith(span):
        problems.append(f"{where}: span {span!r} is not a prefix of text[{start}:{end}] {there[:80]!r}")
    return problems


def _check_pair(where: str, pair: Any, text: str) -> list[str]:
    """Problems with a [start, end] pair (a cue or mention), None allowed."""
    if pair is None:
        return []
    if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, int) for x in pair)):
        return [f"{where}: expected [start, end] or null (got {pair!r})"]
    if not 0 <= pair[0] < pair[1] <= len(text):
        return [f"{where}: offsets {pair} outside the text (length {len(text)})"]
    return []


def _enum(where: str, value: Any, known: frozenset[str], nullable: bool = False) -> list[str]:
    if value is None and nullable:
        return []
    return [] if value in known else [f"{where}: {value!r} is not one of {sorted(known)}"]


def validate(record: dict[str, Any], text: str, known: dict[tuple[str, str], set[str]] | None = None) -> list[str]:
    """Every problem of one article record against its document's ``text`` (empty when sound).

    ``known`` maps (dataset, doc) to the figure ids of every record of the gold; when given, each
    relation's target must be among them (a relation within the record is always checked).
    """
    problems: list[str] = []
    doc = record.get("doc")
    if record.get("text_sha1") != text_sha1(text):
        problems.append(f"{doc}: text_sha1 {record.get('text_sha1')!r} is not the reader text's {text_sha1(text)!r}")
    problems += _enum(f"{doc} dataset", record.get("dataset"), frozenset(DATASETS))
    problems += _enum(f"{doc} split", record.get("split"), SPLITS)
    problems += _enum(f"{doc} annotator", record.get("annotator"), ANNOTATORS)
    if not record.get("story"):
        problems.append(f"{doc}: no story")
    ids: set[str] = set()
    for fig in record.get("figures", []):
        where = f"{doc} figure {fig.get('id')}"
        if fig.get("id") in ids:
            problems.append(f"{where}: duplicate id")
        ids.add(fig.get("id"))
        problems += _check_offsets(where, fig, text, exact=True)
        problems += _enum(f"{where} kind", fig.get("kind"), KINDS)
        problems += _enum(f"{where} qualifier", fig.get("qualifier"), QUALIFIERS, nullable=True)
        value = fig.get("value")
        if not (isinstance(value, (int, float)) or (isinstance(value, list) and len(value) == 2)):
            problems.append(f"{where}: value must be a number or [lo, hi] (got {value!r})")
        if fig.get("as_of") is not None and not _DAY.fullmatch(str(fig.get("as_of"))):
            problems.append(f"{where}: as_of must be YYYY-MM-DD or null (got {fig.get('as_of')!r})")
        if not isinstance(fig.get("scope"), list):
            problems.append(f"{where}: scope must be a list")
    for rel in record.get("relations", []):
        where = f"{doc} relation of {rel.get('figure')}"
        if rel.get("figure") not in ids:
            problems.append(f"{where}: no figure {rel.get('figure')!r} in this record")
        problems += _enum(where, rel.get("relation"), RELATIONS)
        to = rel.get("to") or {}
        target = (record.get("dataset"), to.get("doc"))
        if to.get("doc") == doc and to.get("figure") not in ids:
            problems.append(f"{where}: target figure {to.get('figure')!r} not in this record")
        elif known is not None and to.get("figure") not in known.get(target, set()):  # type: ignore[arg-type]
            problems.append(f"{where}: target {to.get('doc')}#{to.get('figure')} does not exist in the gold")
        if not rel.get("why"):
            problems.append(f"{where}: no why")
    for i, sp in enumerate(record.get("speakers", [])):
        where = f"{doc} speaker {i}"
        problems += _check_offsets(where, sp, text, exact=False)
        problems += _check_pair(f"{where} cue", sp.get("cue"), text)
        problems += _check_pair(f"{where} mention", sp.get("mention"), text)
        problems += _enum(f"{where} ref", sp.get("ref"), REFS)
        problems += _enum(f"{where} kind", sp.get("kind"), QUOTE_KINDS)
        if not sp.get("speaker"):
            problems.append(f"{where}: no speaker")
    for i, qd in enumerate(record.get("quoted_dates", [])):
        problems += _check_offsets(f"{doc} quoted date {i}", qd, text, exact=True)
        for key, pattern in (("value", _DAY_OR_MONTH), ("said_on", _DAY)):
            if qd.get(key) is not None and not pattern.fullmatch(str(qd.get(key))):
                problems.append(f"{doc} quoted date {i}: bad {key} {qd.get(key)!r}")
    for i, nq in enumerate(record.get("not_quotes", [])):
        # a headline or credit line may run past 12 words: like a statement, its span is then a prefix
        problems += _check_offsets(f"{doc} not-quote {i}", nq, text, exact=False)
        problems += _enum(f"{doc} not-quote {i} why", nq.get("why"), NOT_QUOTE_WHY)
    return problems


def doc_exists(dataset: str, doc: str, root: Path | None = None) -> bool:
    """Whether our reader gives a text for ``doc`` of ``dataset``."""
    try:
        reader_text(dataset, doc, root)
    except (KeyError, ValueError):
        return False
    return True


def validate_story(story: dict[str, Any], exists: Callable[[str, str], bool]) -> list[str]:
    """Problems of one story record: events without date, title or development, or naming docs ``exists`` denies."""
    problems: list[str] = []
    name = story.get("story")
    problems += _enum(f"story {name} split", story.get("split"), SPLITS)
    for ev in story.get("events", []):
        where = f"story {name} event {ev.get('id')}"
        for key in ("date", "title", "main_development"):
            if not ev.get(key):
                problems.append(f"{where}: no {key}")
        for d in ev.get("docs", []):
            if not exists(str(story.get("dataset")), d):
                problems.append(f"{where}: doc {d!r} is not in {story.get('dataset')}")
    return problems


def validate_judgements(judgement: dict[str, Any], stories: list[dict[str, Any]]) -> list[str]:
    """Problems of one story's a2 judgements: unknown events, missing verdicts, or a rejection without a replacement."""
    name = judgement.get("story")
    events = {ev.get("id") for st in stories if st.get("story") == name for ev in st.get("events", [])}
    if not events:
        return [f"judgements of {name}: no such story"]
    problems: list[str] = []
    for ev in judgement.get("events", []):
        where = f"judgement {name} {ev.get('id')}"
        if ev.get("id") not in events:
            problems.append(f"{where}: no such event")
        for flag, text in (("title_ok", "title"), ("development_ok", "main_development")):
            if not isinstance(ev.get(flag), bool):
                problems.append(f"{where}: {flag} must be true or false")
            elif ev[flag] is False and not ev.get(text):
                problems.append(f"{where}: {flag} is false but no {text} is given")
    return problems
