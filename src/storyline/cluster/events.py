"""Events: articles that report one happening, found by streaming clustering in publication order.

Each article joins the best-matching open event or founds a new one (see
:mod:`storyline.cluster.stream`); copies and rewrites join their original's event directly.
Fragments of one event are then merged by average linkage (:mod:`storyline.cluster.merge`),
and each large event is re-clustered on its own (:func:`refine`): with document frequencies
taken over its members only, the words every member shares (the kind of happening) weigh
little and the names, places and numbers that tell two happenings of one kind apart weigh
most, so that two same-kind events merged on shared vocabulary come apart again.
An event gets the most representative member headline as its title, its date span and its
articles; a compact profile (top terms and entities of its centroid) is kept for linking
events into stories (:mod:`storyline.cluster.stories`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from storyline.cluster.dedup import day_of
from storyline.cluster.merge import MergeConfig, consolidate
from storyline.cluster.stream import Cluster, DocFreq, Item, StreamClusterer, StreamConfig, weigh
from storyline.cluster.terms import content_terms, split_sentences, term_counts, tokens
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


@dataclass(frozen=True)
class RefineConfig:
    """Knobs of the second pass that re-clusters each large event on its own (:func:`refine`).

    Attributes:
        min_size: events with fewer members are left as they are.
        max_size: events with more members are left as they are (the pass is quadratic in size).
        distance: average-linkage cut, in cosine distance over the members' local TF-IDF vectors.
        min_part: a part with fewer members is not an event of its own: it joins the part it is
            most similar to (by mean cosine).
        entity_weight: share of the similarity from the entity vectors (when both have entities).
    """

    min_size: int = 8
    max_size: int = 2000
    distance: float = 0.88
    min_part: int = 3
    entity_weight: float = 0.4


# Tuned on ECB+ dev (benchmarks/results/clustering.md): same-kind events of one story (two
# earthquakes, two arrests of players of one team) share at most about 0.12 local cosine on average.
DEFAULT_REFINE = RefineConfig()


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
    items: Iterable[Item],
    config: StreamConfig | None = None,
    merge: MergeConfig | None = None,
    refine_config: RefineConfig | None = None,
) -> list[Cluster]:
    """Cluster articles (as :func:`event_item` gives them, in publication order) into events.

    Three steps: the streaming pass places each article in turn, fragments of one event
    are merged by average linkage (:func:`storyline.cluster.merge.consolidate`), and large
    events are re-clustered on their own (:func:`refine`). Document
    frequencies are taken over all the articles of the run, so an incremental analyze (which
    reruns the stage over the store) gives what a batch run over the same articles gives.

    Args:
        items: the articles, earliest first.
        config: streaming settings; the tuned defaults when None.
        merge: consolidation settings; the tuned defaults when None.
        refine_config: the second pass's settings; the tuned defaults when None.
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
    merged = consolidate(clusterer.clusters, merge or DEFAULT_MERGE, order)
    return refine(merged, items, refine_config or DEFAULT_REFINE, clusterer, order)


def local_similarities(members: Sequence[Item], entity_weight: float) -> np.ndarray:
    """Cosine similarities of ``members`` over TF-IDF vectors whose IDF is taken over them alone.

    Sublinear TF and smoothed IDF, as the stream's weights (scikit-learn's TfidfTransformer);
    terms and entities are two vectors, mixed by ``entity_weight`` where both items have entities.
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer

    def cosines(rows: list[Mapping[str, float]]) -> np.ndarray:
        if not any(rows):
            return np.zeros((len(rows), len(rows)))
        x = TfidfTransformer(sublinear_tf=True).fit_transform(DictVectorizer().fit_transform(rows))
        return np.asarray((x @ x.T).todense())

    st = cosines([dict(m.terms) for m in members])
    se = cosines([dict(m.entities) for m in members])
    has = np.array([bool(m.entities) for m in members])
    both = np.outer(has, has)
    return np.where(both, (1.0 - entity_weight) * st + entity_weight * se, st)


def split_parts(sim: np.ndarray, config: RefineConfig) -> list[list[int]]:
    """The members (by index) of each part of one event, by an average-linkage cut of ``sim``.

    Parts smaller than ``min_part`` join the large part with the highest mean similarity; with
    fewer than two large parts the event stays whole (one part).
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    n = len(sim)
    dist = np.clip(1.0 - sim, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    labels = fcluster(linkage(squareform(dist, checks=False), method="average"), t=config.distance, criterion="distance")
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    large = [g for g in groups.values() if len(g) >= config.min_part]
    if len(large) < 2:
        return [list(range(n))]
    parts = [list(g) for g in large]
    for g in groups.values():
        if len(g) < config.min_part:
            best = max(range(len(large)), key=lambda k: (float(sim[np.ix_(g, large[k])].mean()), -k))
            parts[best].extend(g)
    return [sorted(p) for p in parts]


def refine(
    clusters: Sequence[Cluster],
    items: Sequence[Item],
    config: RefineConfig,
    clusterer: StreamClusterer,
    order: Mapping[str, int],
) -> list[Cluster]:
    """Re-cluster each event of ``min_size`` to ``max_size`` members on its own; returns clusters by first member.

    An event that splits is replaced by one cluster per part, rebuilt from its members' item
    vectors (weighted as the stream weighed them), so profiles and titles follow the parts.
    Copies and rewrites stay with their original: a member joined to another one of the same
    event goes where that one goes.
    """
    by_id = {item.id: item for item in items}
    out: list[Cluster] = []
    next_id = max((c.id for c in clusters), default=-1) + 1
    for cluster in clusters:
        n = len(cluster.members)
        # Headlines alone are too short for the local weights to tell events apart.
        if n < config.min_size or n > config.max_size or cluster.mostly_headlines():
            out.append(cluster)
            continue
        members = [by_id[m] for m in cluster.members]
        parts = split_parts(local_similarities(members, config.entity_weight), config)
        if len(parts) == 1:
            out.append(cluster)
            continue
        part_of = {members[i].id: k for k, part in enumerate(parts) for i in part}
        for m in members:
            if m.join is not None and m.join in part_of:
                part_of[m.id] = part_of[m.join]
        for k in range(len(parts)):
            group = [m for m in members if part_of[m.id] == k]
            if group:
                out.append(build_cluster(next_id, group, clusterer))
                next_id += 1
    out.sort(key=lambda c: order.get(c.members[0], 0))
    return out


def build_cluster(cid: int, members: Sequence[Item], clusterer: StreamClusterer) -> Cluster:
    """A cluster holding ``members`` (in order), with the sums of their stream-weighted unit vectors."""
    cfg = clusterer.config
    term_df = clusterer.term_df if cfg.use_idf else None
    entity_df = clusterer.entity_df if cfg.use_idf else None
    cluster = Cluster(id=cid)
    for item in members:
        cluster.add(item, weigh(item.terms, term_df, cfg.max_features), weigh(item.entities, entity_df, cfg.max_features))
    return cluster


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
