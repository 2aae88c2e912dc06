"""Average-linkage consolidation of clusters over a sparse candidate graph.

The streaming pass (:mod:`storyline.cluster.stream`) decides each item once, in order, so
an event whose first reports used different words can end up split in two. This pass
merges such fragments, and it is also how events are linked into stories.

The similarity of two clusters is the average-linkage one: the mean cosine over all pairs
of their members. With each cluster holding the sum of its members' unit vectors, that
mean is exactly ``sum_A . sum_B / (|A| |B|)``, so it is computed from the sums, and the
sum of a merged cluster is the sum of the two. Candidate pairs come from an inverted index
over each cluster's strongest features (no all-pairs comparison); pairs are merged best
first until no candidate pair reaches the threshold, which is agglomerative
average-linkage clustering restricted to the candidate graph.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from storyline.cluster.stream import Cluster, _dot, _top


@dataclass(frozen=True)
class MergeConfig:
    """Knobs of the consolidation.

    Attributes:
        threshold: minimum average-linkage score for two clusters to merge.
        entity_weight: share of the score from the entity part (when both clusters have entities).
        grace_days: day gap between two clusters' spans with no penalty.
        scale_days: e-folding scale of the time penalty beyond the grace period.
        window_days: clusters further apart than this are never candidates.
        index_features: strongest features per cluster used to find candidates.
        posting_cap: clusters remembered per feature (the most recent).
        short_factor: two clusters made mostly of headline-only items merge at ``short_factor``
            times the threshold.
    """

    threshold: float = 0.1
    entity_weight: float = 0.4
    grace_days: float = 3.0
    scale_days: float = 10.0
    window_days: float = 60.0
    index_features: int = 24
    posting_cap: int = 64
    short_factor: float = 1.0


@dataclass
class _Node:
    cluster: Cluster
    neighbours: set[int] = field(default_factory=set)


def _gap(a: Cluster, b: Cluster) -> float | None:
    if a.first_day is None or b.first_day is None or a.last_day is None or b.last_day is None:
        return None
    if a.last_day < b.first_day:
        return float(b.first_day - a.last_day)
    if b.last_day < a.first_day:
        return float(a.first_day - b.last_day)
    return 0.0


def linkage_score(a: Cluster, b: Cluster, config: MergeConfig) -> float:
    """Mean pairwise cosine of the members of ``a`` and ``b`` (terms and entities), times the time factor."""
    n = len(a.members) * len(b.members)
    st = _dot(a.terms, b.terms) / n
    if a.entities and b.entities:
        se = _dot(a.entities, b.entities) / n
        sim = (1.0 - config.entity_weight) * st + config.entity_weight * se
    else:
        sim = st
    gap = _gap(a, b)
    if gap is not None and gap > config.grace_days:
        sim *= math.exp(-(gap - config.grace_days) / config.scale_days)
    return sim


def merge_two(a: Cluster, b: Cluster, new_id: int, order: Mapping[str, int]) -> Cluster:
    terms = dict(a.terms)
    for f, w in b.terms.items():
        terms[f] = terms.get(f, 0.0) + w
    entities = dict(a.entities)
    for f, w in b.entities.items():
        entities[f] = entities.get(f, 0.0) + w
    days = [d for d in (a.first_day, b.first_day) if d is not None]
    last = [d for d in (a.last_day, b.last_day) if d is not None]
    members = sorted(a.members + b.members, key=lambda m: order.get(m, 0))
    titles = a.titles + b.titles
    return Cluster(
        id=new_id,
        members=members,
        first_day=min(days) if days else None,
        last_day=max(last) if last else None,
        terms=terms,
        terms_norm2=sum(w * w for w in terms.values()),
        entities=entities,
        entities_norm2=sum(w * w for w in entities.values()),
        titles=titles,
        headline_members=a.headline_members + b.headline_members,
    )


def _threshold(a: Cluster, b: Cluster, config: MergeConfig) -> float:
    short = a.mostly_headlines() and b.mostly_headlines()
    return config.threshold * (config.short_factor if short else 1.0)


def consolidate(clusters: Sequence[Cluster], config: MergeConfig, order: Mapping[str, int] | None = None) -> list[Cluster]:
    """Merge clusters by average linkage over candidate pairs; returns the clusters in order of first member.

    Args:
        clusters: clusters with summed unit vectors (as the stream clusterer builds them).
        config: the knobs.
        order: position of each member in publication order (members are kept sorted by it).
    """
    order = order or {}
    nodes: dict[int, _Node] = {}
    postings: dict[str, list[int]] = {}
    heap: list[tuple[float, int, int]] = []
    for c in clusters:
        node = _Node(c)
        nodes[c.id] = node
        feats = [f for f, _ in _top(c.terms, config.index_features)]
        feats += ["\x00" + f for f, _ in _top(c.entities, config.index_features)]
        seen: set[int] = set()
        for f in feats:
            posting = postings.setdefault(f, [])
            for other in posting:
                if other in seen:
                    continue
                seen.add(other)
                o = nodes[other].cluster
                gap = _gap(c, o)
                if gap is not None and gap > config.window_days:
                    continue
                s = linkage_score(c, o, config)
                node.neighbours.add(other)
                nodes[other].neighbours.add(c.id)
                if s >= _threshold(c, o, config):
                    heapq.heappush(heap, (-s, other, c.id))
            posting.append(c.id)
            if len(posting) > config.posting_cap:
                posting.pop(0)

    next_id = max((c.id for c in clusters), default=-1) + 1
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in nodes or b not in nodes:
            continue
        na, nb = nodes.pop(a), nodes.pop(b)
        merged = _Node(merge_two(na.cluster, nb.cluster, next_id, order))
        next_id += 1
        neighbours = (na.neighbours | nb.neighbours) - {a, b}
        for other in sorted(neighbours):
            on = nodes.get(other)
            if on is None:
                continue
            on.neighbours.discard(a)
            on.neighbours.discard(b)
            on.neighbours.add(merged.cluster.id)
            merged.neighbours.add(other)
            s = linkage_score(merged.cluster, on.cluster, config)
            if s >= _threshold(merged.cluster, on.cluster, config):
                heapq.heappush(heap, (-s, other, merged.cluster.id))
        nodes[merged.cluster.id] = merged
    out = [n.cluster for n in nodes.values()]
    out.sort(key=lambda c: order.get(c.members[0], 0))
    return out
