"""Build a timeline from a collection's sentences: rank the days, then tell each in a sentence or two.

Days are visited best first; each gets its most representative sentences not yet on the
timeline, and a day with no usable sentence is passed over for the next one. The same
function serves the ``timeline`` stage (one call per story) and the Timeline17 evaluation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from storyline.tls.days import DayEvidence, day_evidence, rank_days, supporting_articles
from storyline.tls.model import TlsConfig, TlsEntry, TlsSentence
from storyline.tls.sentences import SentenceSpace, choose, day_candidates


def build_timeline(
    sentences: Sequence[TlsSentence],
    config: TlsConfig | None = None,
    *,
    published: Mapping[str, date | None] | None = None,
) -> list[TlsEntry]:
    """The timeline of a collection, in date order.

    Args:
        sentences: every sentence of the collection's articles, copies of other articles left out.
        config: the settings; ``TlsConfig()`` when None.
        published: article id -> publication day for every article (articles without a
            sentence still count as published); taken from the sentences when None.

    Returns:
        One entry per chosen day, earliest first.
    """
    config = config or TlsConfig()
    if not sentences:
        return []
    if published is None:
        published = {s.article: s.published for s in sentences}
    evidence = day_evidence(sentences, published, config.lead)
    ranked = rank_days(evidence, config)
    limit = config.max_dates
    if limit is None:
        ranked = _automatic(ranked, evidence, config)
        limit = len(ranked)
    space = SentenceSpace(sentences)
    candidates = day_candidates(sentences, config)
    taken: list[int] = []
    entries: list[TlsEntry] = []
    for day, score in ranked:
        if len(entries) >= limit:
            break
        picked = choose(day, candidates, sentences, space, taken, config)
        if not picked:
            continue
        articles = list(dict.fromkeys(a for _, arts in picked for a in arts))
        entries.append(TlsEntry(day=day, sentences=[sentences[row] for row, _ in picked], articles=articles, score=round(score, 4)))
    entries.sort(key=lambda e: e.day)
    return entries


def _automatic(ranked: list[tuple[date, float]], evidence: Mapping[date, DayEvidence], config: TlsConfig) -> list[tuple[date, float]]:
    """The days worth a place when no length is asked for: strong enough and backed by enough articles."""
    if not ranked:
        return []
    best = ranked[0][1]
    kept = [
        (day, score)
        for day, score in ranked
        if score >= config.auto_ratio * best and supporting_articles(evidence, day) >= config.auto_min_articles
    ]
    # A small collection where no day has enough support still gets its strongest day.
    return (kept or ranked[:1])[: config.auto_max]


def with_length(config: TlsConfig, max_dates: int, per_date: int, start: date | None, end: date | None) -> TlsConfig:
    """``config`` asked for a timeline of ``max_dates`` days of ``per_date`` sentences within [start, end]."""
    return replace(config, max_dates=max_dates, per_date=per_date, start=start, end=end)
