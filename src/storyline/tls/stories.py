"""Timelines per story, from a corpus's stored analysis: the bundle's ``timeline`` items.

Each story's articles (through its events; the whole corpus when no story was found) become
the summariser's sentences: sentence spans from the shared spaCy pass, each sentence dated by
the days its resolved date expressions name. Copies and rewrites are left out of the evidence,
so a wire story printed by five outlets counts once, and are credited instead on the entry
whose sentence they carry. Days are kept within the span of the story's coverage: a date the
articles only look back to (last year's election) is background, not a step of the story. Every
event of a story then gets an entry told by its main development (:mod:`storyline.tls.events`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from storyline.cluster.terms import split_sentences
from storyline.models import Article
from storyline.tls.days import days_named
from storyline.tls.events import with_main_developments
from storyline.tls.model import TlsConfig, TlsEntry, TlsSentence
from storyline.tls.summarize import build_timeline


def article_sentences(
    article: Article, spans: Iterable[Sequence[int]], dates: Iterable[Mapping[str, Any]]
) -> list[TlsSentence]:
    """An article as the summariser's sentences.

    Args:
        article: the article.
        spans: its sentences' [start, end] offsets (split by regex when there are none).
        dates: its date expressions (``start`` and TIMEX3 ``value`` of each, as the ``dates`` stage gives them).
    """
    sentence_spans = [(int(s), int(e)) for s, e in spans] or split_sentences(article.text)
    starts = [s for s, _ in sentence_spans]
    mentions: list[list[tuple[str | None, int]]] = [[] for _ in sentence_spans]
    for item in dates:
        i = bisect.bisect_right(starts, int(item["start"])) - 1
        if i >= 0:
            mentions[i].append((item.get("value"), int(item["start"]) - starts[i]))
    out = []
    for i, (s, e) in enumerate(sentence_spans):
        text = article.text[s:e]
        if text.strip():
            days, anchored = days_named(text, mentions[i])
            out.append(TlsSentence(text, article.id, article.published, i, days, article.outlet, s, e, anchored))
    return out


@dataclass
class Coverage:
    """What the timelines need of a corpus's articles: the originals' sentences and days, the copies' texts.

    Attributes:
        duplicate_of: copy or rewrite id -> its original.
    """

    duplicate_of: Mapping[str, str]
    sentences: dict[str, list[TlsSentence]] = field(default_factory=dict)
    published: dict[str, date | None] = field(default_factory=dict)
    outlet_of: dict[str, str | None] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def is_copy(self, article_id: str) -> bool:
        """Whether the article copies or rewrites another (its sentences are not evidence)."""
        return article_id in self.duplicate_of

    def add(self, article: Article, sentences: list[TlsSentence] | None = None) -> None:
        """Record an article; an original with its sentences, a copy with its text."""
        self.outlet_of[article.id] = article.outlet
        if self.is_copy(article.id):
            self.texts[article.id] = article.text
            return
        self.published[article.id] = article.published
        self.sentences[article.id] = sentences or []

    def copies(self) -> dict[str, list[str]]:
        """Original id -> ids of its copies and rewrites."""
        out: dict[str, list[str]] = {}
        for aid, original in self.duplicate_of.items():
            out.setdefault(original, []).append(aid)
        return out


@dataclass
class StoryInput:
    """One story's articles and events, as the stage gathers them."""

    id: str | None
    articles: set[str]
    events: list[str] = field(default_factory=list)


def story_inputs(stories: Iterable[Mapping[str, Any]], events: Iterable[Mapping[str, Any]], all_articles: Iterable[str]) -> list[StoryInput]:
    """The articles of each story (through its events); one input of every article when there is no story."""
    event_articles = {ev["id"]: list(ev.get("articles", [])) for ev in events}
    out = [
        StoryInput(st["id"], {a for eid in st.get("events", []) for a in event_articles.get(eid, [])}, list(st.get("events", [])))
        for st in stories
    ]
    return out or [StoryInput(None, set(all_articles), list(event_articles))]


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
    # On a tie in votes and distance the event listed first wins (events come in a fixed order).
    return max(covering, key=lambda ev: (votes[ev], -abs((event_days[ev][0] - entry.day).days)))


def story_timelines(
    coverage: Coverage,
    stories: Sequence[Mapping[str, Any]],
    events: Sequence[Mapping[str, Any]],
    event_of: Mapping[str, str | None],
    config: TlsConfig,
) -> list[dict[str, Any]]:
    """Bundle ``timeline`` items of every story (of the whole corpus when there is no story).

    Args:
        coverage: the corpus's articles.
        stories: bundle ``stories`` (their ``id`` and ``events``).
        events: bundle ``events`` (their ``id``, ``articles``, ``date`` and ``end``).
        event_of: article id -> its event.
        config: the summariser's settings.
    """
    event_days = {
        e["id"]: (date.fromisoformat(e["date"]), date.fromisoformat(e.get("end") or e["date"])) for e in events if e.get("date")
    }
    copies = coverage.copies()
    published = coverage.published
    by_id = {e["id"]: e for e in events}
    items: list[dict[str, Any]] = []
    for story in story_inputs(stories, events, published):
        ids = sorted((a for a in story.articles if a in published), key=lambda a: (published[a] or date.min, a))
        if not ids:
            continue
        sents = [s for a in ids for s in coverage.sentences[a]]
        entries = story_timeline(sents, {a: published[a] for a in ids}, config)
        story_items = timeline_items(
            story.id, entries, copies=copies, texts=coverage.texts, event_of=event_of,
            outlet_of=coverage.outlet_of, event_days=event_days,
        )
        story_events = [by_id[e] for e in story.events if e in by_id]
        items.extend(
            with_main_developments(
                story_items, story_events, coverage.sentences, coverage.duplicate_of, config, story.id, coverage.outlet_of
            )
        )
    return items
