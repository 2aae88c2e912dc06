"""Streaming single-pass clustering of dated items, used for events and for stories.

Items arrive in publication order. Each one is compared with the open clusters that an
inverted index over terms and entities retrieves, and joins the best match when its score
reaches the threshold; otherwise it founds a new cluster. This follows the design of the
news-stream clustering of Miranda et al. (EMNLP 2018): TF-IDF on separate feature families
(here content terms and named entities) with document frequencies accumulated from the
stream itself, a cluster centroid per family, and a time factor, with retrieval limited to
candidates so that the cost per item does not grow with the number of clusters.

Per-item cost is bounded: the query uses at most ``query_terms`` features, each posting
list holds the ``posting_cap`` most recently updated clusters, and at most ``candidates``
clusters are scored exactly.
"""

from __future__ import annotations

import heapq
import math
from operator import itemgetter
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class StreamConfig:
    """Knobs of the streaming clusterer (defaults tuned on ECB+ train; see benchmarks/results).

    Attributes:
        threshold: minimum score for an item to join a cluster.
        entity_weight: share of the score that comes from the entity cosine (the rest from terms),
            used when both the item and the cluster have entities.
        use_idf: weigh raw counts by stream IDF (False: the given weights are used as they are).
        max_features: features kept per item vector (highest weights).
        query_terms: term features used to query the index.
        posting_cap: clusters remembered per posting list (most recently updated).
        candidates: clusters scored exactly per item.
        grace_days: time gap with no penalty.
        scale_days: e-folding scale of the time penalty beyond the grace period.
        window_days: clusters not updated for longer than this are closed.
        short_factor: a headline-only item (no body beyond its headline) needs only
            ``short_factor`` times the threshold: two headlines of one story share one or two
            words, which is a low cosine.
        linkage: "centroid" scores an item by its cosine with the cluster centroid; "mean" by its
            mean cosine with the members (as average-linkage does), which keeps broad clusters
            from absorbing items that resemble only their shared vocabulary.
    """

    threshold: float = 0.3
    entity_weight: float = 0.4
    linkage: str = "centroid"
    short_factor: float = 1.0
    use_idf: bool = True
    max_features: int = 120
    query_terms: int = 24
    posting_cap: int = 48
    candidates: int = 24
    grace_days: float = 3.0
    scale_days: float = 10.0
    window_days: float = 45.0


@dataclass
class Item:
    """One item to cluster.

    Attributes:
        id: unique id.
        day: publication day as a proleptic ordinal (``date.toordinal()``), or None if unknown.
        terms: raw counts (or weights when ``use_idf`` is off) of content terms.
        entities: raw counts (or weights) of normalised entity names.
        title_terms: terms of the item's title, used to pick a cluster's representative title.
        title: the display title.
        headline_only: the item has no body beyond its headline.
        join: id of another item whose cluster this one must join (copies and rewrites). When
            that item comes later (same-day originals), it joins this one's cluster instead.
        title_rank: how good a source of the cluster's title the item is, best first: 0 a
            headline of an original report, 1 a title cut from an original's lead, 2 a copy's.
    """

    id: str
    day: int | None
    terms: Mapping[str, float]
    entities: Mapping[str, float] = field(default_factory=dict)
    title_terms: tuple[str, ...] = ()
    title: str = ""
    join: str | None = None
    headline_only: bool = False
    title_rank: int = 0


@dataclass
class Cluster:
    """A cluster's running state: members, day span and one centroid per feature family."""

    id: int
    members: list[str] = field(default_factory=list)
    first_day: int | None = None
    last_day: int | None = None
    terms: dict[str, float] = field(default_factory=dict)
    terms_norm2: float = 0.0
    entities: dict[str, float] = field(default_factory=dict)
    entities_norm2: float = 0.0
    # (title, its terms, its rank: see Item.title_rank)
    titles: list[tuple[str, tuple[str, ...], int]] = field(default_factory=list)
    headline_members: int = 0

    def add(self, item: Item, tv: Mapping[str, float], ev: Mapping[str, float]) -> None:
        """Add ``item``, whose weighted unit vectors are ``tv`` (terms) and ``ev`` (entities)."""
        self.terms_norm2 += 2.0 * _dot(tv, self.terms) + sum(w * w for w in tv.values())
        for f, w in tv.items():
            self.terms[f] = self.terms.get(f, 0.0) + w
        self.entities_norm2 += 2.0 * _dot(ev, self.entities) + sum(w * w for w in ev.values())
        for f, w in ev.items():
            self.entities[f] = self.entities.get(f, 0.0) + w
        self.members.append(item.id)
        self.headline_members += int(item.headline_only)
        self.titles.append((item.title, item.title_terms, item.title_rank))
        if item.day is not None:
            self.first_day = item.day if self.first_day is None else min(self.first_day, item.day)
            self.last_day = item.day if self.last_day is None else max(self.last_day, item.day)

    def mostly_headlines(self) -> bool:
        """Whether most members are headline-only items."""
        return 2 * self.headline_members > len(self.members)

    def top_terms(self, n: int) -> list[tuple[str, float]]:
        return _top(self.terms, n)

    def top_entities(self, n: int) -> list[tuple[str, float]]:
        return _top(self.entities, n)

    def representative_title(self) -> str:
        """The title of the best-ranked members (an original's headline before a title cut from
        a lead, an original before a copy or rewrite) whose terms weigh most in the centroid
        (length-normalised)."""
        ranked = [t for t in self.titles if t[1]]
        top = min((rank for _, _, rank in ranked), default=0)
        best, best_score = "", -1.0
        for title, terms, rank in ranked:
            if rank != top:
                continue
            # Distinct terms in title order: summing floats in a set's order (which follows the
            # hash seed) could change the last bits and so which of two equal titles wins.
            distinct = dict.fromkeys(terms)
            score = sum(self.terms.get(t, 0.0) for t in distinct) / math.sqrt(len(distinct))
            if score > best_score:
                best, best_score = title, score
        return best or (self.titles[0][0] if self.titles else "")


_BY_WEIGHT = itemgetter(1, 0)


def _top(vec: Mapping[str, float], n: int) -> list[tuple[str, float]]:
    """The ``n`` strongest features, ties broken by name (a C-level sort beats a heap here)."""
    return sorted(vec.items(), key=_BY_WEIGHT, reverse=True)[:n]


class DocFreq:
    """Document frequencies accumulated from the stream, for IDF weights."""

    def __init__(self) -> None:
        self.n = 0
        self.df: dict[str, int] = {}
        self._idf: dict[str, float] = {}

    def add(self, features: Mapping[str, float]) -> None:
        self.n += 1
        df = self.df
        for f in features:
            df[f] = df.get(f, 0) + 1
        if self._idf:
            self._idf = {}

    def idf(self, feature: str) -> float:
        """Smoothed IDF, ln((n + 1) / (df + 1)) + 1 (as scikit-learn's), memoised until the next add."""
        value = self._idf.get(feature)
        if value is None:
            value = math.log((self.n + 1) / (self.df.get(feature, 0) + 1)) + 1.0
            self._idf[feature] = value
        return value


def weigh(raw: Mapping[str, float], df: DocFreq | None, max_features: int) -> dict[str, float]:
    """Sublinear TF times IDF (when ``df`` is given), truncated to the strongest features, L2-normalised."""
    if df is not None:
        vec = {f: (1.0 + math.log(c)) * df.idf(f) for f, c in raw.items() if c > 0}
    else:
        vec = {f: float(c) for f, c in raw.items() if c > 0}
    if len(vec) > max_features:
        vec = dict(_top(vec, max_features))
    norm = math.sqrt(sum(w * w for w in vec.values()))
    if norm == 0:
        return {}
    return {f: w / norm for f, w in vec.items()}


def _dot(small: Mapping[str, float], big: Mapping[str, float]) -> float:
    if len(small) > len(big):
        small, big = big, small
    return sum(w * big.get(f, 0.0) for f, w in small.items())


class StreamClusterer:
    """Single-pass clustering over items given in publication order.

    The whole state is plain Python data, so a clusterer can be pickled after a run and
    resumed with later items; resuming gives exactly what one run over all items gives.
    """

    def __init__(
        self, config: StreamConfig | None = None, term_df: DocFreq | None = None, entity_df: DocFreq | None = None
    ) -> None:
        """Args:
        config: the knobs.
        term_df, entity_df: fixed document frequencies (e.g. over the whole corpus of a run);
            when None, they are accumulated from the stream as items arrive.
        """
        self.config = config or StreamConfig()
        self.clusters: list[Cluster] = []
        self.assignment: dict[str, int] = {}
        self._fixed_df = term_df is not None
        self.term_df = term_df or DocFreq()
        self.entity_df = entity_df or DocFreq()
        self._postings: dict[str, dict[int, None]] = {}
        # Originals not seen yet -> the first of their copies, whose cluster they will join.
        self._awaited: dict[str, str] = {}
        self.scores: dict[str, float] = {}

    # --- public ------------------------------------------------------------------------

    def add(self, item: Item) -> int:
        """Place one item; returns the index of its cluster."""
        cfg = self.config
        if cfg.use_idf:
            if not self._fixed_df:
                self.term_df.add(item.terms)
                self.entity_df.add(item.entities)
            tv = weigh(item.terms, self.term_df, cfg.max_features)
            ev = weigh(item.entities, self.entity_df, cfg.max_features)
        else:
            tv = weigh(item.terms, None, cfg.max_features)
            ev = weigh(item.entities, None, cfg.max_features)

        query = self._query(tv, ev)
        target: int | None = None
        score = 0.0
        if item.join is not None and item.join in self.assignment:
            target = self.assignment[item.join]
            score = 1.0
        elif item.id in self._awaited:
            target = self.assignment[self._awaited.pop(item.id)]
            score = 1.0
        else:
            best = self._best(tv, ev, item.day, query)
            threshold = cfg.threshold * (cfg.short_factor if item.headline_only else 1.0)
            if best is not None and best[1] >= threshold:
                target, score = best
        if target is None:
            target = len(self.clusters)
            self.clusters.append(Cluster(id=target))
        self._join(self.clusters[target], item, tv, ev, query)
        self.assignment[item.id] = target
        self.scores[item.id] = score
        if item.join is not None and item.join not in self.assignment:
            self._awaited.setdefault(item.join, item.id)
        return target

    def score(self, tv: Mapping[str, float], ev: Mapping[str, float], day: int | None, cluster: Cluster) -> float:
        """Similarity of a weighted item to a cluster, with the time factor applied."""
        cfg = self.config
        mean = cfg.linkage == "mean"
        n = len(cluster.members)
        st = 0.0
        if cluster.terms_norm2 > 0:
            st = _dot(tv, cluster.terms) / (n if mean else math.sqrt(cluster.terms_norm2))
        if ev and cluster.entities_norm2 > 0:
            se = _dot(ev, cluster.entities) / (n if mean else math.sqrt(cluster.entities_norm2))
            sim = (1.0 - cfg.entity_weight) * st + cfg.entity_weight * se
        else:
            sim = st
        return sim * self._time_factor(day, cluster)

    # --- internals ---------------------------------------------------------------------

    def _time_factor(self, day: int | None, cluster: Cluster) -> float:
        if day is None or cluster.last_day is None:
            return 1.0
        gap = abs(day - cluster.last_day)
        if cluster.first_day is not None and cluster.first_day <= day <= cluster.last_day:
            gap = 0
        cfg = self.config
        if gap <= cfg.grace_days:
            return 1.0
        return math.exp(-(gap - cfg.grace_days) / cfg.scale_days)

    def _query(self, tv: Mapping[str, float], ev: Mapping[str, float]) -> dict[str, float]:
        q = dict(_top(tv, self.config.query_terms))
        # Entities share the index with terms under a prefix that no term can carry.
        for f, w in _top(ev, self.config.query_terms):
            q["\x00" + f] = w
        return q

    def _best(
        self, tv: Mapping[str, float], ev: Mapping[str, float], day: int | None, query: Mapping[str, float]
    ) -> tuple[int, float] | None:
        cfg = self.config
        acc: dict[int, float] = {}
        for f, w in query.items():
            posting = self._postings.get(f)
            if not posting:
                continue
            for cid in posting:
                acc[cid] = acc.get(cid, 0.0) + w
        if not acc:
            return None
        best: tuple[int, float] | None = None
        for cid, _ in heapq.nlargest(cfg.candidates, acc.items(), key=lambda kv: (kv[1], -kv[0])):
            cluster = self.clusters[cid]
            if day is not None and cluster.last_day is not None and day - cluster.last_day > cfg.window_days:
                continue
            s = self.score(tv, ev, day, cluster)
            if best is None or s > best[1] or (s == best[1] and cid < best[0]):
                best = (cid, s)
        return best

    def _join(
        self, cluster: Cluster, item: Item, tv: Mapping[str, float], ev: Mapping[str, float], query: Mapping[str, float]
    ) -> None:
        cluster.add(item, tv, ev)
        cap = self.config.posting_cap
        for f in query:
            posting = self._postings.setdefault(f, {})
            posting.pop(cluster.id, None)
            posting[cluster.id] = None
            if len(posting) > cap:
                del posting[next(iter(posting))]
