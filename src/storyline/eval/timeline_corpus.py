"""Timeline17 as the timeline summariser sees it: articles split into sentences, each sentence
with the days its date expressions resolve to, computed by our own ``dates`` extraction.

The set ships no temporal tagging of its own, so every article goes through the same spaCy pass
and :func:`storyline.temporal.extract` that the ``dates`` stage runs. That pass is the expensive
part (about 5.8 million words), so two layers are cached under ``.cache/timeline17/`` (gitignored):

* the spaCy Docs of a topic, keyed by the model's components and a hash of the topic's texts;
* the resolved expressions of a topic, keyed additionally by a hash of the temporal code, so a
  change to the grammar re-runs only the cheap second step.

The set's own layout gives each article's publication day (its ``InputDocs/<YYYY-MM-DD>`` folder)
and one sentence per line; the gold timelines come from ``timelines.jsonl`` (news-tls form).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from storyline.errors import InputError

log = logging.getLogger(__name__)

CACHE_FORMAT = "2"
_ACCEPTED = "the Timeline17 folder: <topic>_<outlet>/InputDocs/<YYYY-MM-DD>/*.txt and <topic>_<outlet>/timelines.jsonl"


@dataclass
class T17Article:
    """One input article: sentences (one per line of the file) and, per sentence, its resolved dates.

    ``mentions[i]`` lists ``(value, type, offset)`` for every expression in sentence ``i`` whose value
    the dates extraction resolved (TIMEX3 values such as ``2010-05-20``, ``2010-05`` or ``2010-W20``),
    with its character offset in the sentence.
    """

    id: str
    published: date
    outlet: str
    sentences: list[str]
    mentions: list[list[tuple[str, str, int]]] = field(default_factory=list)


@dataclass
class GoldTimeline:
    """One reference timeline: its name and, per day, the summary sentences."""

    name: str
    entries: dict[date, list[str]]


@dataclass
class T17Topic:
    """A topic folder: its articles and its gold timelines."""

    name: str
    articles: list[T17Article]
    timelines: list[GoldTimeline]


def topic_dirs(root: str | Path) -> list[Path]:
    """The topic folders of the set (those holding ``timelines.jsonl``), sorted by name.

    Raises:
        InputError: ``root`` is missing or holds no topic folder.
    """
    base = Path(root)
    if not base.is_dir():
        raise InputError(base, None, f"no such folder: {str(base)!r}", _ACCEPTED)
    if (base / "timelines.jsonl").is_file():
        return [base]
    found = sorted(p for p in base.iterdir() if (p / "timelines.jsonl").is_file())
    if not found:
        raise InputError(base, None, "no <topic>/timelines.jsonl found", _ACCEPTED)
    return found


def read_gold(topic: Path) -> list[GoldTimeline]:
    """The gold timelines of a topic from ``timelines.jsonl`` (one timeline per line: ``[[day, [sentences]], ...]``).

    They are named after the files in ``timelines/`` when the counts agree (sorted by name), else
    by their line number. A few timelines list a day twice; the later entry wins, as in news-tls.

    Raises:
        InputError: a line is not JSON of that shape or a day is not YYYY-MM-DD.
    """
    path = topic / "timelines.jsonl"
    names = sorted(p.stem for p in (topic / "timelines").glob("*.txt")) if (topic / "timelines").is_dir() else []
    raw_lines = [line for line in path.read_text(encoding="utf-8").splitlines()]
    timelines: list[GoldTimeline] = []
    for lineno, line in enumerate(raw_lines, 1):
        if not line.strip():
            continue
        try:
            items = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(path, lineno, f"not JSON: {line[:60]!r} ({e.msg})", "[[\"YYYY-MM-DD\", [sentence, ...]], ...]") from None
        entries: dict[date, list[str]] = {}
        for item in items:
            if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], list)):
                raise InputError(path, lineno, f"timeline item {str(item)[:60]!r} is not [day, [sentences]]", "[\"YYYY-MM-DD\", [sentence, ...]]")
            try:
                day = date.fromisoformat(str(item[0])[:10])
            except ValueError:
                raise InputError(path, lineno, f"unreadable day {item[0]!r}", "YYYY-MM-DD") from None
            # A day listed twice keeps its last summary, as news-tls reads these files (a dict
            # built from the items), so that our references are the anchor's references.
            entries[day] = [" ".join(str(s).split()) for s in item[1] if str(s).strip()]
        timelines.append(GoldTimeline(name="", entries=entries))
    for i, tl in enumerate(timelines):
        tl.name = names[i] if len(names) == len(timelines) else f"{topic.name}#{i + 1}"
    return timelines


def read_articles(topic: Path) -> list[T17Article]:
    """The topic's non-empty articles, in (day, path) order, one sentence per line of each file."""
    from storyline.eval.readers.timeline17 import read_timeline17

    out = [
        T17Article(id=doc.id, published=doc.published, outlet=doc.outlet, sentences=doc.text.split("\n"))
        for doc in read_timeline17(topic)
    ]
    out.sort(key=lambda a: (a.published, a.id))
    return out


# --- annotation: spaCy pass + our dates extraction, both cached ---------------------------------


def _temporal_hash() -> str:
    """A hash of the temporal code, so cached expressions are recomputed when the grammar changes."""
    h = hashlib.sha1()
    pkg = resources.files("storyline.temporal")
    for name in sorted(p.name for p in pkg.iterdir() if p.name.endswith(".py")):
        h.update(name.encode())
        h.update(pkg.joinpath(name).read_bytes())
    from storyline.pipeline.dates import VERSION

    h.update(VERSION.encode())
    return h.hexdigest()[:12]


def _texts_hash(articles: list[T17Article]) -> str:
    h = hashlib.sha1()
    for art in articles:
        h.update(art.id.encode())
        h.update("\n".join(art.sentences).encode())
    return h.hexdigest()[:12]


def annotate(topic_name: str, articles: list[T17Article], cache_dir: Path | None) -> None:
    """Fill ``mentions`` of every article with our dates extraction, using and filling the cache."""
    from storyline.pipeline.dates import spacy_model

    nlp = spacy_model()
    texts_key = _texts_hash(articles)
    dates_file = None
    if cache_dir is not None:
        dates_file = cache_dir / f"{topic_name}.dates.{CACHE_FORMAT}.{texts_key}.{_temporal_hash()}.json"
        if dates_file.is_file():
            cached = json.loads(dates_file.read_text(encoding="utf-8"))
            for art in articles:
                art.mentions = [[(v, t, int(o)) for v, t, o in sent] for sent in cached[art.id]]
            return
    docs = _docs(topic_name, articles, nlp, cache_dir, texts_key)
    from storyline.temporal import extract

    failed = 0
    for art, doc in zip(articles, docs):
        try:
            art.mentions = sentence_mentions(art.sentences, art.published, doc, extract)
        except Exception:  # noqa: BLE001 - one article the grammar trips on must not sink the run
            log.warning("dates extraction failed on %s/%s; its sentences stay undated", topic_name, art.id, exc_info=True)
            art.mentions = [[] for _ in art.sentences]
            failed += 1
    if failed:
        log.warning("%s: dates extraction failed on %d of %d articles", topic_name, failed, len(articles))
    if dates_file is not None:
        dates_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = dates_file.with_suffix(".tmp")
        tmp.write_text(json.dumps({a.id: a.mentions for a in articles}), encoding="utf-8")
        tmp.replace(dates_file)


def sentence_mentions(sentences: list[str], published: date, doc: Any, extract: Any) -> list[list[tuple[str, str, int]]]:
    """Run the dates extraction over the article (sentences joined by newlines) and group the
    resolved values by sentence."""
    text = "\n".join(sentences)
    starts = []
    pos = 0
    for sent in sentences:
        starts.append(pos)
        pos += len(sent) + 1
    out: list[list[tuple[str, str, int]]] = [[] for _ in sentences]
    for timex in extract(text, published, doc):
        if timex.value is None:
            continue
        i = bisect.bisect_right(starts, timex.start) - 1
        out[i].append((timex.value, timex.type, timex.start - starts[i]))
    return out


def _docs(topic_name: str, articles: list[T17Article], nlp: Any, cache_dir: Path | None, texts_key: str) -> list[Any]:
    from spacy.tokens import DocBin

    key = hashlib.sha1(("|".join(nlp.pipe_names) + nlp.meta.get("version", "")).encode()).hexdigest()[:8]
    path = cache_dir / f"{topic_name}.spacy.{key}.{texts_key}.bin" if cache_dir is not None else None
    if path is not None and path.is_file():
        return list(DocBin().from_bytes(path.read_bytes()).get_docs(nlp.vocab))
    log.info("spaCy pass over %s (%d articles)", topic_name, len(articles))
    docs = list(nlp.pipe(("\n".join(a.sentences) for a in articles), batch_size=16))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(DocBin(docs=docs, store_user_data=False).to_bytes())
        tmp.replace(path)
    return docs


def load_topic(topic: Path, cache_dir: Path | None) -> T17Topic:
    """Read one topic folder and annotate its articles (from the cache where possible)."""
    articles = read_articles(topic)
    annotate(topic.name, articles, cache_dir)
    return T17Topic(name=topic.name, articles=articles, timelines=read_gold(topic))


def find_copies(articles: list[T17Article]) -> dict[str, str]:
    """Copies and rewrites among a topic's articles (article id -> its original), found by the
    same detector as the ``duplicates`` stage, visiting articles in publication order."""
    from storyline.cluster.dedup import DedupDoc, DuplicateFinder, day_of

    finder = DuplicateFinder()
    for art in articles:
        spans, pos = [], 0
        for sent in art.sentences:
            spans.append((pos, pos + len(sent)))
            pos += len(sent) + 1
        finder.add(DedupDoc(art.id, day_of(art.published), "\n".join(art.sentences), spans))
    return finder.roots()
