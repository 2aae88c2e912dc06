"""Events: articles that report one happening, found by streaming clustering in publication order.

Each article joins the best-matching open event or founds a new one (see
:mod:`storyline.cluster.stream`); copies and rewrites join their original's event directly.
Fragments of one event are then merged by average linkage (:mod:`storyline.cluster.merge`).
An event gets the most representative member headline as its title, its date span and its
articles; a compact profile (top terms and entities of its centroid) is kept for linking
events into stories (:mod:`storyline.cluster.stories`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from storyline.cluster.dedup import day_of
from storyline.cluster.merge import MergeConfig, consolidate
from storyline.cluster.stream import Cluster, DocFreq, Item, StreamClusterer, StreamConfig
from storyline.cluster.terms import content_terms, term_counts, tokens
from storyline.ingest.outlets import is_site_title
from storyline.ingest.titles import clean_title, headline_from_text, is_live_heading
from storyline.models import Article

# Entity types that identify an event's actors and places. NORP (nationalities, parties) is
# left out: "American" or "Republican" recur across unrelated events.
EVENT_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "LAW"})
# Headline words count this many times on top of their occurrences in the body.
TITLE_BOOST = 2
PROFILE_TERMS = 40
PROFILE_ENTITIES = 20

# Tuned on ECB+ train, the dev thirds of BASIL/Giveme5W1H/NewsWCL50 and the sample corpus
# (benchmarks/results/clustering.md). Reports of one event appear within a day or two of it;
# later developments are new events of the same story, so the time factor is steep.
# Posting lists and index sizes are kept small: they bound the work per article once the
# indexes fill (measured by benchmarks/cluster.py), and larger ones changed no eval score.
DEFAULT_CONFIG = StreamConfig(
    threshold=0.35,
    entity_weight=0.4,
    grace_days=1.0,
    scale_days=2.0,
    window_days=30.0,
    short_factor=0.25,
    posting_cap=24,
)
DEFAULT_MERGE = MergeConfig(
    threshold=0.15,
    entity_weight=0.4,
    grace_days=1.0,
    scale_days=2.0,
    window_days=30.0,
    short_factor=0.15,
    posting_cap=24,
    index_features=16,
)


def event_item(article: Article, mentions: Iterable[Mapping[str, Any]] = (), join: str | None = None) -> Item:
    """An article as the event clusterer sees it: term and entity counts, day, title.

    Args:
        article: the article.
        mentions: its named-entity mentions (``name`` and ``label`` of each, as the ``mentions`` stage gives them).
        join: the original it copies or rewrites, whose event it joins.
    """
    mentions = list(mentions)
    terms = term_counts(article.text)
    title_terms = content_terms(tokens(article.title)) if article.title else []
    # A feed entry or aggregator row often carries only its headline as text.
    headline_only = bool(title_terms) and set(terms) <= set(title_terms)
    for t in title_terms:
        terms[t] += TITLE_BOOST
    entities = Counter(m["name"].lower() for m in mentions if m.get("label") in EVENT_ENTITY_LABELS)
    title, rank = event_title(article, [m["name"] for m in mentions if m.get("name")])
    return Item(
        article.id, day_of(article.published), terms, entities, tuple(content_terms(tokens(title))), title, join,
        headline_only, title_rank=2 if join else rank,
    )


def event_title(article: Article, names: Sequence[str] = ()) -> tuple[str, int]:
    """The title an article lends its event, and its rank (0 a headline, 1 cut from the lead):
    its own title without dateline or byline, unless that is a live-blog heading or a site's
    name; else the headline its text opens with; else its lead cut short."""
    title = clean_title(article.title)
    if title and not is_live_heading(title) and not is_site_title(title, article.outlet):
        return title, 0
    found, how = headline_from_text(article.text, names)
    if not found:
        return article.id, 1
    return found, 0 if how == "headline" else 1


def cluster_events(
    items: Iterable[Item], config: StreamConfig | None = None, merge: MergeConfig | None = None
) -> list[Cluster]:
    """Cluster articles (as :func:`event_item` gives them, in publication order) into events.

    Two steps: the streaming pass places each article in turn, then fragments of one event
    are merged by average linkage (:func:`storyline.cluster.merge.consolidate`). Document
    frequencies are taken over all the articles of the run, so an incremental analyze (which
    reruns the stage over the store) gives what a batch run over the same articles gives.

    Args:
        items: the articles, earliest first.
        config: streaming settings; the tuned defaults when None.
        merge: consolidation settings; the tuned defaults when None.
    """
    items = list(items)
    term_df, entity_df = DocFreq(), DocFreq()
    for item in items:
        term_df.add(item.terms)
        entity_df.add(item.entities)
    clusterer = StreamClusterer(config or DEFAULT_CONFIG, term_df, entity_df)
    for item in items:
        clusterer.add(item)
    order = {item.id: i for i, item in enumerate(items)}
    return consolidate(clusterer.clusters, merge or DEFAULT_MERGE, order)


def cluster_id(prefix: str, first_member: str) -> str:
    """A stable id for a cluster, derived from its founding member (fixed by publication order)."""
    return prefix + hashlib.sha1(first_member.encode("utf-8")).hexdigest()[:12]


def _iso(day: int | None) -> str | None:
    return date.fromordinal(day).isoformat() if day is not None else None


def result_data(clusters: Iterable[Cluster]) -> dict[str, Any]:
    """Bundle ``events`` (story left to the stories stage), ``articles[].event`` and profiles."""
    events = []
    fields: dict[str, dict[str, Any]] = {}
    profiles: dict[str, Any] = {}
    for cluster in clusters:
        eid = cluster_id("ev-", cluster.members[0])
        events.append(
            {
                "id": eid,
                "title": cluster.representative_title(),
                "date": _iso(cluster.first_day),
                "end": _iso(cluster.last_day),
                "articles": list(cluster.members),
                "story": None,
            }
        )
        for aid in cluster.members:
            fields[aid] = {"event": eid}
        profiles[eid] = profile(cluster)
    return {"events": events, "article_fields": fields, "profiles": profiles}


def profile(cluster: Cluster) -> dict[str, Any]:
    """What linking into stories needs of an event: its strongest terms and entities and its days."""
    n = len(cluster.members)
    return {
        "terms": [[t, round(w / n, 5)] for t, w in cluster.top_terms(PROFILE_TERMS)],
        "entities": [[e, round(w / n, 5)] for e, w in cluster.top_entities(PROFILE_ENTITIES)],
        "first_day": cluster.first_day,
        "last_day": cluster.last_day,
        "size": n,
    }
