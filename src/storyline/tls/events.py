"""Each event's main development on its story's timeline: what most of its articles lead with.

The day-ranking summariser (:mod:`storyline.tls.summarize`) picks a story's days and tells each
with the sentence nearest the day's centroid; an event can end up with no entry, or with a side
incident from one paragraph. Here every event gets one entry told by its **main development**:
among the leading sentences of its original reports (copies and rewrites left out), the one that
the event's other reports lead with too (their best similarity to it, averaged) and that sums up
the event's coverage (similarity to the centroid of all its sentences), a little ahead for coming
first in its article; a copy or rewrite votes as its original does. An event reported over
several days gets one such entry on its first day and on each later day that two reports or
more cover, from that day's reports. The entry is dated by the day the sentence tells about when that falls
within the event's coverage (from the day before its first report to its last), else by its
article's publication day. It replaces the event's summariser entry on that day or the days
next to it; the event's entries on other days stay. A timeline asked for a fixed number of days
(``TlsConfig.max_dates``) gets no extra day: only the entries it has are retold.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import numpy as np

from storyline.ingest.titles import is_caption, lead_of
from storyline.tls.display import display_text
from storyline.tls.model import TlsConfig, TlsSentence
from storyline.tls.sentences import SentenceSpace, eligible

# How many of an article's first reporting sentences may tell its main development.
LEAD = 3
# Weights of a lead candidate's score: the other reports' agreement, the event's centroid,
# its place among its article's leading sentences (1 / sqrt(1 + place)).
SUPPORT_WEIGHT = 1.0
CENTROID_WEIGHT = 1.0
POSITION_WEIGHT = 0.6
LEAD_MAX_WORDS = 80
# Reports whose leading sentences are this similar to the chosen one carry it too.
CARRIES = 0.3


def main_development(
    articles: Sequence[str],
    sentences: Mapping[str, list[TlsSentence]],
    config: TlsConfig,
    copies: Mapping[str, int] | None = None,
) -> tuple[TlsSentence, list[str]] | None:
    """The sentence telling an event's main development, and the reports that lead with it.

    Each report votes for the candidates (the leading sentences of the other reports) by how
    close its own leading sentences come to them, its first one counting most; a copy or
    rewrite votes as its original does, so a wire story printed five times counts five times.

    Args:
        articles: the event's original reports (copies left out).
        sentences: article id -> its sentences.
        config: the summariser's settings (which sentences are eligible).
        copies: original id -> how many copies and rewrites of it the event holds.

    Returns:
        None when no report has an eligible leading sentence.
    """
    copies = copies or {}
    # Each sentence as shown: a leading one without the headline, dateline or stamp glued before it.
    rows: list[TlsSentence] = [
        replace(s, text=lead_of(display_text(s.text)) if s.index < LEAD else display_text(s.text))
        for a in articles
        for s in sentences.get(a, [])
    ]
    if not rows:
        return None
    space = SentenceSpace(rows)
    # A lead may run longer than the summariser's sentences: it is what the report leads with.
    config = replace(config, max_words=max(config.max_words, LEAD_MAX_WORDS))
    # An article leads with its first LEAD reporting sentences (questions, captions and bare
    # datelines before them skipped).
    leads: list[int] = []
    taken: dict[str, int] = {}
    for i, s in enumerate(rows):
        if taken.get(s.article, 0) < LEAD and eligible(s, config) and not is_caption(s.text):
            leads.append(i)
            taken[s.article] = taken.get(s.article, 0) + 1
    if not leads:
        return None
    to_centroid = space.sims(leads, space.centroid(range(len(rows))))
    lead_vectors = space.matrix[leads]
    sims = np.asarray((lead_vectors @ lead_vectors.T).todense())
    owner = [rows[i].article for i in leads]
    # 0 for an article's first lead, 1 for its second...; a lead's weight is 1 / sqrt(1 + place).
    weight = [1 / math.sqrt(1 + owner[:k].count(owner[k])) for k in range(len(leads))]
    voters = sorted(set(owner))
    votes = {a: 1 + copies.get(a, 0) for a in voters}
    scores = []
    for k in range(len(leads)):
        support = total = 0.0
        for a in voters:
            mine = [j for j in range(len(leads)) if owner[j] == a]
            n = votes[a] - 1 if a == owner[k] else votes[a]  # an article does not vote for itself
            support += n * max(sims[k, j] * weight[j] for j in mine)
            total += n
        agree = support / total if total else 0.0
        scores.append(SUPPORT_WEIGHT * agree + CENTROID_WEIGHT * float(to_centroid[k]) + POSITION_WEIGHT * weight[k])
    # Ties keep the earlier report's earlier sentence (rows come in report order).
    best = max(range(len(leads)), key=lambda k: (scores[k], -k))
    carriers = [owner[best]] + [a for a in voters if a != owner[best] and any(
        sims[best, j] >= CARRIES for j in range(len(leads)) if owner[j] == a
    )]
    return rows[leads[best]], carriers


def entry_day(sentence: TlsSentence, first: date, last: date) -> date:
    """The day an event's main development is told on: the day its sentence tells about when it
    lies within the event's coverage (from the day before the first report), else its publication day."""
    if sentence.days and not sentence.anchored and first - timedelta(days=1) <= sentence.days[0] <= last:
        return sentence.days[0]
    return sentence.published or first


def with_main_developments(
    items: list[dict[str, Any]],
    events: Sequence[Mapping[str, Any]],
    sentences: Mapping[str, list[TlsSentence]],
    duplicate_of: Mapping[str, str],
    config: TlsConfig,
    story: str | None,
    outlet_of: Mapping[str, str | None],
) -> list[dict[str, Any]]:
    """A story's timeline items with each event's main development in place (see the module doc).

    Args:
        items: the summariser's items of the story (bundle ``timeline`` items).
        events: the story's events (``id``, ``articles``, ``date``, ``end``).
        sentences: article id -> its sentences (originals only).
        duplicate_of: copy or rewrite id -> its original.
    """
    out = list(items)
    added: list[dict[str, Any]] = []
    for ev in events:
        if not ev.get("date"):
            continue
        originals = [a for a in ev.get("articles", []) if a not in duplicate_of and a in sentences]
        # One main development per day of coverage: an event reported over several days is
        # told, on its first day and on each later day with two reports or more, by what that
        # day's reports lead with.
        by_day: dict[date | None, list[str]] = {}
        for a in originals:
            by_day.setdefault(sentences[a][0].published if sentences[a] else None, []).append(a)
        days = sorted(by_day.items(), key=lambda kv: (kv[0] is None, kv[0] or date.min))
        for n, (published, group) in enumerate(days):
            copies = Counter(duplicate_of[a] for a in ev.get("articles", []) if duplicate_of.get(a) in group)
            if n and len(group) + sum(copies.values()) < 2:
                continue  # one later report alone is a follow-up: the summariser's day, if any, stays
            found = main_development(group, sentences, config, copies)
            if found is None:
                continue
            sentence, carriers = found
            span = published or date.fromisoformat(ev["date"])
            day = entry_day(sentence, span, span)
            near = {(day + timedelta(days=k)).isoformat() for k in (-1, 0, 1)}
            mine = [it for it in out if it.get("event") == ev["id"] and it["date"] in near and not any(it is x for x in added)]
            if config.max_dates is not None and not mine:
                continue  # a timeline of a fixed length gets no extra day
            out = [it for it in out if not any(it is m for m in mine)]
            articles = carriers + [a for a in ev.get("articles", []) if duplicate_of.get(a) in carriers]
            item = {
                "date": day.isoformat(),
                "text": sentence.text,
                "articles": articles,
                "event": ev["id"],
                "story": story,
                "outlets": sorted({o for a in articles if (o := outlet_of.get(a))}),
            }
            out.append(item)
            added.append(item)
    # Date order; on one day, the order the events come in.
    rank = {ev["id"]: i for i, ev in enumerate(events)}
    return sorted(out, key=lambda it: (it["date"], rank.get(it.get("event"), len(rank))))
