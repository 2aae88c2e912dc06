"""Which days matter: evidence per day from date references and publication counts, and a ranking.

A day matters when many articles name it, especially in their first sentences (prominence: a
day named in the lead is what the article is about) and in articles written after it (a day
that later coverage keeps referring back to is a turning point), and when many articles
appear on it or right after it. References count per article, not per sentence, so one long
piece that repeats a date does not outweigh several outlets that each mention it once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from storyline.tls.model import TlsConfig, TlsSentence
from storyline.tls.display import content_start, is_timestamp


# A speech verb right before a date expression: "said on Wednesday", "told reporters late Monday".
_REPORTED = re.compile(
    r"\b(?:said|says|say|told|tells|announced|added|reported|confirmed|stated|declared|wrote|"
    r"statement|briefing|interview)\b(?:\s+\w+){0,2}\s+(?:on\s+|late\s+|early\s+)?$",
    re.IGNORECASE,
)
# A preposition that makes a day a reference point rather than the time of an event.
_ANCHOR = re.compile(r"\b(?:since|until|till|by|before|after|from|ahead\s+of)\s+(?:late\s+|early\s+)?$", re.IGNORECASE)
_DAY_VALUE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")


def value_day(value: str | None) -> date | None:
    """The day a TIMEX3 value names, when it names one ("2023-11-30", "2023-11-30TNI");
    None for coarser or fuzzy values ("2023-11", "2023-W48", "PAST_REF") and for impossible days."""
    m = _DAY_VALUE.match(value or "")
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def days_named(text: str, mentions: Iterable[tuple[str | None, int]]) -> tuple[tuple[date, ...], bool]:
    """The days a sentence names, without repeats, the day it tells about first.

    Args:
        text: the sentence.
        mentions: each expression's TIMEX3 value and its offset in the sentence. Expressions
            inside a dateline ("KESSIN, Nov 9 (MPA) -") or that are timestamps ("June 16, 2010
            5:17 PM") are skipped: they name the filing or posting day.

    Returns:
        The days, and whether they are all mere reference points. Days the sentence tells
        about come first (in text order), then the day something was said ("the ministry said
        on Wednesday"), dropped when the sentence names an event's day too ("31 were killed on
        Tuesday, the ministry said on Wednesday" is about Tuesday), then the days it only
        measures from ("since Monday", "by Friday"). When only such reference points are left,
        the flag is True: the sentence names those days but tells about none of them.
    """
    skip = content_start(text)
    ranked = []
    for value, at in mentions:
        day = value_day(value)
        if at < skip or day is None or is_timestamp(text, at):
            continue
        before = text[max(0, at - 30) : at]
        kind = 2 if _ANCHOR.search(before) else 1 if _REPORTED.search(before) else 0
        ranked.append((kind, at, day))
    ranked.sort()
    if any(kind == 0 for kind, _, _ in ranked):
        events = {d for k, _, d in ranked if k == 0}
        ranked = [r for r in ranked if r[0] != 1 or r[2] in events]
    days = tuple(dict.fromkeys(day for _, _, day in ranked))
    return days, bool(ranked) and ranked[0][0] == 2


@dataclass
class DayEvidence:
    """What the collection says about one day.

    Attributes:
        articles: ids of the articles that name the day in some sentence.
        later: those of them published after the day.
        leads: those of them that name it in their first sentences (prominently).
        sentences: how many sentences name the day.
        published: how many articles were published on the day.
    """

    articles: set[str] = field(default_factory=set)
    later: set[str] = field(default_factory=set)
    leads: set[str] = field(default_factory=set)
    sentences: int = 0
    published: int = 0


def day_evidence(
    sentences: Iterable[TlsSentence], published: Mapping[str, date | None], lead: int = 5
) -> dict[date, DayEvidence]:
    """Count, for every day, the articles and sentences that name it and the articles published on it.

    Args:
        sentences: every sentence of the collection (duplicates already left out).
        published: article id -> publication day, for every article of the collection.
        lead: how many first sentences of an article count as its lead.
    """
    evidence: dict[date, DayEvidence] = {}
    for aid, day in published.items():
        if day is not None:
            evidence.setdefault(day, DayEvidence()).published += 1
    for sent in sentences:
        for day in sent.days:
            ev = evidence.setdefault(day, DayEvidence())
            ev.sentences += 1
            ev.articles.add(sent.article)
            if sent.published is not None and sent.published > day:
                ev.later.add(sent.article)
            if sent.index < lead:
                ev.leads.add(sent.article)
    return evidence


def _published_near(evidence: Mapping[date, DayEvidence], day: date, lag: int) -> int:
    """Articles published on ``day`` or in the ``lag`` days after it (which report on it)."""
    total = 0
    for k in range(lag + 1):
        ev = evidence.get(day + timedelta(days=k))
        if ev is not None:
            total += ev.published
    return total


def day_score(evidence: Mapping[date, DayEvidence], day: date, config: TlsConfig) -> float:
    """The score of one day under ``config.rank``."""
    ev = evidence.get(day, DayEvidence())
    if config.rank == "mentions":
        # Sentences only break ties between days named by as many articles.
        return len(ev.articles) + ev.sentences / (1000.0 + ev.sentences)
    if config.rank == "publications":
        return float(ev.published)
    return (
        math.log1p(len(ev.articles))
        + config.lead_weight * math.log1p(len(ev.leads))
        + config.later_weight * math.log1p(len(ev.later))
        + config.pub_weight * math.log1p(_published_near(evidence, day, config.pub_lag))
    )


def rank_days(evidence: Mapping[date, DayEvidence], config: TlsConfig) -> list[tuple[date, float]]:
    """Every day inside ``[config.start, config.end]`` with its score, best first (earlier day on ties)."""
    scored = []
    for day in evidence:
        if config.start is not None and day < config.start:
            continue
        if config.end is not None and day > config.end:
            continue
        score = day_score(evidence, day, config)
        if score > 0:
            scored.append((day, score))
    scored.sort(key=lambda ds: (-ds[1], ds[0]))
    return scored


def supporting_articles(evidence: Mapping[date, DayEvidence], day: date) -> int:
    """How many articles back a day: those that name it plus those published on it (an article
    can count twice: it appeared that day and says what happened that day)."""
    ev = evidence.get(day, DayEvidence())
    return len(ev.articles) + ev.published
