"""The ``timeline`` corpus stage: for each story, the days that matter, each told by a sentence.

Each story's articles (from the ``stories`` and ``events`` stages; the whole corpus when no
story was found) become the summariser's sentences (:mod:`storyline.tls`): sentence spans come
from the shared spaCy pass, and a sentence is dated by the days its resolved date expressions
name (the ``dates`` stage). Copies and rewrites (``duplicates``) are left out of the evidence, so
a wire story printed by five outlets counts once, and are credited instead on the entry whose
sentence they carry. Days are kept within the span of the story's coverage: a date the articles
only look back to (last year's election) is background, not a step of the story.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from storyline.cluster.options import with_overrides
from storyline.models import StageResult
from storyline.pipeline.registry import ArticleDoc, CorpusContext, stage
from storyline.tls import TlsConfig, TlsEntry, TlsSentence, build_timeline, days_named

VERSION = "2"

DEFAULT_CONFIG = TlsConfig()


def article_sentences(doc: ArticleDoc) -> list[TlsSentence]:
    """An article as the summariser's sentences: spaCy's sentence spans, dated by the ``dates`` stage."""
    art = doc.article
    spans = [(int(s), int(e)) for s, e in doc.data("nlp").get("sentences", [])]
    if not spans:
        from storyline.cluster.terms import split_sentences

        spans = split_sentences(art.text)
    starts = [s for s, _ in spans]
    mentions: list[list[tuple[str | None, int]]] = [[] for _ in spans]
    for item in doc.data("dates").get("dates", []):
        i = bisect.bisect_right(starts, int(item["start"])) - 1
        if i >= 0:
            mentions[i].append((item.get("value"), int(item["start"]) - starts[i]))
    out = []
    for i, (s, e) in enumerate(spans):
        text = art.text[s:e]
        if text.strip():
            days, anchored = days_named(text, mentions[i])
            out.append(TlsSentence(text, art.id, art.published, i, days, art.outlet, s, e, anchored))
    return out


@dataclass
class StoryInput:
    """One story's articles, as the stage gathers them."""

    id: str | None
    articles: set[str]


def story_inputs(stories: Iterable[Mapping[str, Any]], events: Iterable[Mapping[str, Any]], all_articles: Iterable[str]) -> list[StoryInput]:
    """The articles of each story (through its events); one input of every article when there is no story."""
    event_articles = {ev["id"]: list(ev.get("articles", [])) for ev in events}
    out = [
        StoryInput(st["id"], {a for eid in st.get("events", []) for a in event_articles.get(eid, [])})
        for st in stories
    ]
    return out or [StoryInput(None, set(all_articles))]


def story_timeline(
    sentences: list[TlsSentence], published: Mapping[str, date | None], config: TlsConfig
) -> list[TlsEntry]:
    """A story's timeline, its days kept within the span of the story's coverage: from its first
    article's day (or the day before, when enough articles name it) to its last article's day."""
    days = [d for d in published.values() if d is not None]
    if days and config.start is None and config.end is None:
        first = min(days)
        eve = first - timedelta(days=1)
        naming = {s.article for s in sentences if eve in s.days}
        start = eve if len(naming) >= config.lookback_min_articles else first
        config = replace(config, start=start, end=max(days))
    return build_timeline(sentences, config, published=published)


def timeline_items(
    story: str | None,
    entries: list[TlsEntry],
    *,
    copies: Mapping[str, list[str]],
    texts: Mapping[str, str],
    event_of: Mapping[str, str | None],
    outlet_of: Mapping[str, str | None],
    event_days: Mapping[str, tuple[date, date]] | None = None,
) -> list[dict[str, Any]]:
    """Bundle ``timeline`` items for one story.

    Args:
        copies: original article id -> ids of its copies and rewrites (left out of the evidence).
        texts: article id -> text, to check that a copy carries the chosen sentence.
        event_of: article id -> its event.
        outlet_of: article id -> its outlet.
        event_days: event id -> its first and last day of coverage.
    """
    event_days = event_days or {}
    items = []
    for entry in entries:
        articles = list(entry.articles)
        for aid in entry.articles:
            for copy in copies.get(aid, []):
                body = " ".join(texts.get(copy, "").split())
                if copy not in articles and all(t in body for t in entry.texts):
                    articles.append(copy)
        items.append(
            {
                "date": entry.day.isoformat(),
                "text": entry.text,
                "articles": articles,
                "event": entry_event(entry, event_of, event_days),
                "story": story,
                "outlets": sorted({o for a in articles if (o := outlet_of.get(a))}),
            }
        )
    return items


def entry_event(entry: TlsEntry, event_of: Mapping[str, str | None], event_days: Mapping[str, tuple[date, date]]) -> str | None:
    """The event an entry belongs to: that of the article it quotes, unless that event's coverage
    began after the day (a later article recalling it); then the event covered on the day (or
    the day after) that the entry's articles belong to most, else the article's own event."""
    own = event_of.get(entry.sentences[0].article)
    span = event_days.get(own) if own else None
    if span is None or span[0] - timedelta(days=1) <= entry.day <= span[1]:
        return own
    covering = [
        ev for ev, (first, last) in event_days.items() if first - timedelta(days=1) <= entry.day <= last
    ]
    if not covering:
        return own
    votes = {ev: sum(event_of.get(a) == ev for a in entry.articles) for ev in covering}
    return max(covering, key=lambda ev: (votes[ev], -abs((event_days[ev][0] - entry.day).days)))


@stage(
    "timeline",
    version=VERSION,
    scope="corpus",
    requires=("nlp", "dates", "duplicates", "events", "stories"),
    assigns=("timeline",),
)
def timeline(ctx: CorpusContext) -> StageResult:
    """Per story, the days that matter (how often and how prominently articles name them) and the
    most representative sentence for each, deduplicated across outlets and copies."""
    config = with_overrides(DEFAULT_CONFIG, ctx.config.get("timeline"), "timeline")
    dup = ctx.corpus_results.get("duplicates")
    duplicate_of: dict[str, str] = {
        aid: f["duplicate_of"] for aid, f in (dup.data.get("article_fields", {}) if dup else {}).items() if f.get("duplicate_of")
    }
    ev = ctx.corpus_results.get("events")
    st = ctx.corpus_results.get("stories")
    events = ev.data.get("events", []) if ev else []
    event_of = {aid: f.get("event") for aid, f in (ev.data.get("article_fields", {}) if ev else {}).items()}
    event_days = {
        e["id"]: (date.fromisoformat(e["date"]), date.fromisoformat(e.get("end") or e["date"])) for e in events if e.get("date")
    }

    sentences: dict[str, list[TlsSentence]] = {}
    published: dict[str, date | None] = {}
    outlet_of: dict[str, str | None] = {}
    texts: dict[str, str] = {}
    for doc in ctx.docs():
        art = doc.article
        outlet_of[art.id] = art.outlet
        if art.id in duplicate_of:
            texts[art.id] = art.text
            continue
        published[art.id] = art.published
        sentences[art.id] = article_sentences(doc)
    copies: dict[str, list[str]] = {}
    for aid, original in duplicate_of.items():
        copies.setdefault(original, []).append(aid)

    items: list[dict[str, Any]] = []
    for story in story_inputs(st.data.get("stories", []) if st else [], events, published):
        ids = sorted((a for a in story.articles if a in published), key=lambda a: (published[a] or date.min, a))
        if not ids:
            continue
        sents = [s for a in ids for s in sentences[a]]
        entries = story_timeline(sents, {a: published[a] for a in ids}, config)
        items.extend(
            timeline_items(story.id, entries, copies=copies, texts=texts, event_of=event_of, outlet_of=outlet_of, event_days=event_days)
        )
    return StageResult({"timeline": items})
