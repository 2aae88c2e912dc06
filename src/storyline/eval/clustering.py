"""``storyline eval clustering``: events and stories against public gold, beside baselines.

The documents of a set are fed through the very stage functions ``analyze`` runs
(``duplicates`` -> ``events`` -> ``stories``), after the ``mentions`` stage over a spaCy NER
pass (cached under ``.cache/`` because it dominates the run time and never changes for a set).

Measures, per their published definitions:

* BCubed precision/recall (Bagga & Baldwin 1998; Amigó et al. 2009): for each item, the share
  of its predicted cluster that shares its gold class (precision) and the share of its gold
  class that shares its predicted cluster (recall), each item counting itself, averaged over
  items; F1 is the harmonic mean of the averaged precision and recall.
* Pairwise precision/recall/F1: over unordered pairs of distinct items, pairs placed together
  in both the prediction and the gold over pairs placed together in the prediction (precision)
  or in the gold (recall). A prediction with no pair gets precision 0.

Baselines in the same run: (a) TF-IDF with average-linkage agglomerative clustering on cosine
distance, cut at the threshold that is best on the tuning split (ECB+ train; for the sets without a
split, a deterministic third of their gold events, see :func:`hashed_split`), and the same
baseline at its best threshold on the evaluated data itself (an oracle that favours it);
(b) BERTopic when the ``embeddings`` extra is installed; (c) K-means over the same TF-IDF vectors,
at the event level, as Barhom et al. (2019) cluster ECB+ documents: once with k given (the gold
number of events, an oracle input) and once with k chosen by the best cosine silhouette on the
evaluated data itself (no gold used, but chosen on the same data).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from storyline.errors import StorylineError
from storyline.eval.readers.common import EvalDoc
from storyline.models import Article, StageResult

log = logging.getLogger(__name__)

FORMATS = ("ecbplus", "basil", "giveme5w1h", "newswcl50", "uci", "timeline17")


THRESHOLD_GRID = tuple(round(x, 3) for x in np.arange(0.30, 1.0001, 0.025))


# --- measures -----------------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    """BCubed and pairwise precision, recall and F1 of one clustering."""

    bcubed_p: float
    bcubed_r: float
    bcubed_f1: float
    pairwise_p: float
    pairwise_r: float
    pairwise_f1: float
    clusters: int

    def as_dict(self) -> dict[str, float]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in self.__dict__.items()}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def score(pred: Mapping[str, str], gold: Mapping[str, str]) -> Scores:
    """BCubed and pairwise scores of ``pred`` (item -> cluster) against ``gold`` (item -> class).

    Raises:
        StorylineError: the two cover different items.
    """
    if set(pred) != set(gold):
        missing = sorted(set(gold) ^ set(pred))[:5]
        raise StorylineError(f"prediction and gold cover different items (e.g. {missing!r})")
    n = len(gold)
    if n == 0:
        return Scores(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0)
    cells = Counter((pred[i], gold[i]) for i in gold)
    csize = Counter(pred.values())
    gsize = Counter(gold.values())
    bp = sum(m * m / csize[c] for (c, _), m in cells.items()) / n
    br = sum(m * m / gsize[g] for (_, g), m in cells.items()) / n
    tp = sum(_pairs(m) for m in cells.values())
    pp = sum(_pairs(m) for m in csize.values())
    gp = sum(_pairs(m) for m in gsize.values())
    pw_p = tp / pp if pp else 0.0
    pw_r = tp / gp if gp else 0.0
    return Scores(bp, br, _f1(bp, br), pw_p, pw_r, _f1(pw_p, pw_r), len(csize))


# --- reading ------------------------------------------------------------------------


def readers() -> dict[str, Callable[[str | Path], Iterable[EvalDoc]]]:
    """The reader of each supported format."""
    from storyline.eval.clustering_t17 import read_timeline17_slice
    from storyline.eval.readers.basil import read_basil
    from storyline.eval.readers.ecbplus import read_ecbplus
    from storyline.eval.readers.giveme5w1h import read_giveme5w1h
    from storyline.eval.readers.newswcl50 import read_newswcl50
    from storyline.eval.readers.uci import read_uci

    return {
        "timeline17": read_timeline17_slice,
        "ecbplus": read_ecbplus,
        "basil": read_basil,
        "giveme5w1h": read_giveme5w1h,
        "newswcl50": read_newswcl50,
        "uci": read_uci,
    }


def read_set(path: str | Path, fmt: str) -> list[EvalDoc]:
    """Every document of a set, in its native form."""
    table = readers()
    if fmt not in table:
        raise StorylineError(f"unknown format {fmt!r} (accepted: {', '.join(FORMATS)})")
    return list(table[fmt](path))


def hashed_split(docs: Sequence[EvalDoc]) -> list[EvalDoc]:
    """Give sets without a split a deterministic one by gold event: a third "dev", the rest "test".

    Whole events go to one side (by the SHA-1 of their label), so tuning never sees a test
    event. ECB+ keeps its own train/dev split.
    """
    out = []
    for d in docs:
        if d.split != "all":
            out.append(d)
            continue
        side = "dev" if int(hashlib.sha1(d.event.encode()).hexdigest(), 16) % 3 == 0 else "test"
        out.append(EvalDoc(d.id, d.title, d.text, d.published, d.outlet, d.event, d.story, side))
    return out


def subsample(docs: Sequence[EvalDoc], max_clusters: int | None) -> list[EvalDoc]:
    """Keep whole gold events, the ``max_clusters`` whose labels hash lowest (deterministic)."""
    if not max_clusters:
        return list(docs)
    labels = sorted({d.event for d in docs}, key=lambda e: hashlib.sha1(e.encode()).hexdigest())[:max_clusters]
    keep = set(labels)
    return [d for d in docs if d.event in keep]


# --- the pipeline over a set ------------------------------------------------------------


def cache_dir() -> Path:
    """Where NER results are cached: $STORYLINE_CACHE or ./.cache/storyline."""
    return Path(os.environ.get("STORYLINE_CACHE", ".cache/storyline"))


def nlp_results(docs: Sequence[EvalDoc], name: str) -> dict[str, dict[str, Any]]:
    """The ``nlp`` stage's data (sentences, entities) per document, from the cache or a NER pass.

    The cache (one JSON file per set under :func:`cache_dir`) is keyed by document id and a
    hash of the model, its components and the text; only documents missing from it are parsed.
    """
    from storyline.pipeline.nlp import MODEL, component_closure, load_model

    components = component_closure({"ner"})
    path = cache_dir() / f"ner-{name}.json"
    cache: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def key(d: EvalDoc) -> str:
        return hashlib.sha1(f"{MODEL}|{components}|{d.text}".encode()).hexdigest()

    todo = [d for d in docs if cache.get(d.id, {}).get("key") != key(d)]
    if todo:
        log.info("NER over %d documents of %s", len(todo), name)
        nlp = load_model(components)
        for d, doc in zip(todo, nlp.pipe((d.text for d in todo), batch_size=64)):
            cache[d.id] = {
                "key": key(d),
                "components": list(components),
                "sentences": [[s.start_char, s.end_char] for s in doc.sents],
                "entities": [[e.start_char, e.end_char, e.label_] for e in doc.ents],
            }
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(cache), encoding="utf-8")
        tmp.replace(path)
    return {d.id: cache[d.id] for d in docs}


@dataclass
class Prediction:
    """What the stages made of a set: article -> event, article -> story, and the duplicates."""

    events: dict[str, str]
    stories: dict[str, str]
    duplicates: list[dict[str, Any]] = field(default_factory=list)


def publication_order(docs: Iterable[EvalDoc]) -> list[EvalDoc]:
    """The store's order: (published, id), undated last."""
    return sorted(docs, key=lambda d: (d.published is None, d.published or date.min, d.id))


def run_stages(
    docs: Sequence[EvalDoc], nlp_data: Mapping[str, Mapping[str, Any]], config: Mapping[str, Any] | None = None
) -> Prediction:
    """Feed ``docs`` through the mentions, duplicates, events and stories stage functions."""
    from storyline.pipeline import ArticleDoc, CorpusContext
    from storyline.parsing import blank_line_paragraphs
    from storyline.pipeline.duplicates import duplicates
    from storyline.pipeline.events import events
    from storyline.pipeline.mentions import mentions
    from storyline.pipeline.stories import stories

    adocs = []
    for d in publication_order(docs):
        art = Article(id=d.id, text=d.text, title=d.title, outlet=d.outlet, published=d.published)
        adoc = ArticleDoc(art, {"clean": StageResult({"paragraphs": blank_line_paragraphs(d.text)})})
        adoc.results["nlp"] = StageResult(dict(nlp_data.get(d.id, {"sentences": [], "entities": []})))
        adocs.append(adoc)
    for adoc, res in zip(adocs, mentions(adocs)):
        adoc.results["mentions"] = res
    cfg = dict(config or {})

    def ctx(results: dict[str, Any]) -> Any:
        return CorpusContext(docs=lambda: iter(adocs), corpus_results=results, config=cfg)

    dup = duplicates(ctx({}))
    ev = events(ctx({"duplicates": dup}))
    st = stories(ctx({"events": ev}))
    event_of = {aid: f["event"] for aid, f in ev.data["article_fields"].items()}
    story_of_event = {eid: f["story"] for eid, f in st.data["event_fields"].items()}
    return Prediction(
        events=event_of,
        stories={aid: story_of_event[eid] for aid, eid in event_of.items()},
        duplicates=dup.data["duplicates"],
    )


# --- baselines ------------------------------------------------------------------------


def tfidf_vectors(docs: Sequence[EvalDoc]) -> Any:
    """The L2-normalised TF-IDF rows (sparse) of title and text, as baselines (a) and (c) use them."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"{d.title}\n{d.text}" if d.title and d.title != d.text else d.text for d in docs]
    # TfidfVectorizer's default norm="l2" gives unit rows: dot product = cosine similarity.
    return TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)


class TfidfAgglomerative:
    """Baseline (a): TF-IDF vectors, average-linkage agglomerative clustering on cosine distance.

    The dendrogram is built once (scipy) and cut at any threshold, which is what sklearn's
    AgglomerativeClustering(distance_threshold=t, metric="cosine", linkage="average") returns.
    """

    def __init__(self, docs: Sequence[EvalDoc]) -> None:
        from scipy.cluster.hierarchy import linkage
        from scipy.spatial.distance import squareform

        self.ids = [d.id for d in docs]
        x = tfidf_vectors(docs)
        if len(docs) < 2:
            self.tree = None
            return
        sim = (x @ x.T).toarray()
        dist = np.clip(1.0 - sim, 0.0, None)
        np.fill_diagonal(dist, 0.0)
        self.tree = linkage(squareform(dist, checks=False), method="average")

    def cut(self, threshold: float) -> dict[str, str]:
        from scipy.cluster.hierarchy import fcluster

        if self.tree is None:
            return {i: "0" for i in self.ids}
        labels = fcluster(self.tree, t=threshold, criterion="distance")
        return {i: str(int(c)) for i, c in zip(self.ids, labels)}

    def best(self, gold: Mapping[str, str]) -> tuple[float, Scores]:
        """The threshold of THRESHOLD_GRID with the best BCubed F1 against ``gold``, and its scores."""
        results = [(t, score(self.cut(t), gold)) for t in THRESHOLD_GRID]
        return max(results, key=lambda ts: (ts[1].bcubed_f1, -ts[0]))


# K-means with k chosen by silhouette: k is searched in 2..min(n - 1, KMEANS_MAX_K), and the
# silhouette is taken on at most SILHOUETTE_SAMPLE documents (a fixed-seed sample) so that UCI's
# 3.6k headlines need no full n x n distance matrix.
KMEANS_MAX_K = 200
SILHOUETTE_SAMPLE = 2000
# Starts per K-means fit while searching k (the reported clustering is refitted with ten): the
# search fits some twenty k, which with ten starts each took over a minute on UCI.
SEARCH_N_INIT = 3


class TfidfKMeans:
    """Baseline (c): K-means over the same TF-IDF vectors as baseline (a).

    This is the document clustering Barhom et al. (2019) put before cross-document coreference
    on ECB+ (K-means over TF-IDF, k = the gold number of sub-topics). Unit rows make K-means'
    Euclidean distance a monotone function of cosine distance.
    """

    def __init__(self, docs: Sequence[EvalDoc]) -> None:
        self.ids = [d.id for d in docs]
        self.x: Any = tfidf_vectors(docs) if docs else None
        self._labels: dict[tuple[int, int], np.ndarray] = {}

    def labels(self, k: int, n_init: int = 10) -> np.ndarray:
        """Cluster numbers for ``k`` clusters (fixed seed, ``n_init`` starts; cached)."""
        import warnings

        from sklearn.cluster import KMeans
        from sklearn.exceptions import ConvergenceWarning

        k = max(1, min(k, len(self.ids)))
        if (k, n_init) not in self._labels:
            with warnings.catch_warnings():
                # Identical documents leave fewer distinct points than k; K-means then says so
                # and returns fewer clusters, which is the honest answer here.
                warnings.simplefilter("ignore", ConvergenceWarning)
                model = KMeans(n_clusters=k, n_init=n_init, random_state=0).fit(self.x)
            self._labels[k, n_init] = model.labels_
        return self._labels[k, n_init]

    def cut(self, k: int) -> dict[str, str]:
        """Item -> cluster for ``k`` clusters."""
        if not self.ids:
            return {}
        return {i: str(int(c)) for i, c in zip(self.ids, self.labels(k))}

    def by_silhouette(self, max_k: int = KMEANS_MAX_K, sample: int = SILHOUETTE_SAMPLE) -> tuple[int, int]:
        """The k of 2..min(n - 1, max_k) with the best mean cosine silhouette, and the sample size used.

        Coarse to fine: ten k spread geometrically over the range, then a few k between the best
        one's nearest tried neighbours, again until both neighbours are adjacent to it. Each k is
        fitted with SEARCH_N_INIT starts during the search.
        Returns (1, n) when there are fewer than three documents (no k to choose).
        """
        from sklearn.metrics import silhouette_score

        n = len(self.ids)
        hi = min(n - 1, max_k)
        if hi < 2:
            return 1, n
        rows = np.arange(n)
        if n > sample:
            rows = np.sort(np.random.default_rng(0).choice(n, size=sample, replace=False))
        xs = self.x[rows]
        # Cosine distances of the sample, computed once for every k tried.
        dist = np.clip(1.0 - (xs @ xs.T).toarray(), 0.0, None)
        np.fill_diagonal(dist, 0.0)
        tried: dict[int, float] = {}

        def silhouette(k: int) -> float:
            if k not in tried:
                lab = self.labels(k, SEARCH_N_INIT)[rows]
                m = len(set(lab.tolist()))
                tried[k] = float(silhouette_score(dist, lab, metric="precomputed")) if 2 <= m < len(rows) else -1.0
            return tried[k]

        for k in sorted({int(round(v)) for v in np.geomspace(2, hi, num=10)}):
            silhouette(k)
        while True:
            best = max(tried, key=lambda k: (tried[k], -k))
            # The nearest k tried on each side: nothing between them and ``best`` was tried yet.
            left = max((k for k in tried if k < best), default=best)
            right = min((k for k in tried if k > best), default=best)
            span = [k for k in range(left + 1, right) if k != best]
            if not span:
                break
            if len(span) > 4:
                # Four evenly spaced k inside (left, right), all untried: progress every round.
                span = sorted({int(round(v)) for v in np.linspace(left, right, num=6)[1:-1]} - {best})
            for k in span:
                silhouette(k)
        return max(tried, key=lambda k: (tried[k], -k)), len(rows)


def kmeans_rows(docs: Sequence[EvalDoc], gold: Mapping[str, str]) -> tuple[list[dict[str, Any]], list[str]]:
    """Baseline (c)'s two event rows, k given (the gold count) and k by silhouette, with their notes."""
    km = TfidfKMeans(docs)
    k_gold = len(set(gold.values()))
    rows = [
        {
            "level": "events",
            "method": f"tfidf+k-means, k = {k_gold} gold events (given: oracle input)",
            **score(km.cut(k_gold), gold).as_dict(),
        }
    ]
    notes = []
    k, used = km.by_silhouette()
    if k < 2:
        notes.append("tfidf+k-means by silhouette skipped: fewer than three documents")
    else:
        rows.append(
            {
                "level": "events",
                "method": f"tfidf+k-means, k = {k} by silhouette (chosen on this data)",
                **score(km.cut(k), gold).as_dict(),
            }
        )
        if used < len(docs):
            notes.append(
                f"tfidf+k-means by silhouette: silhouette taken on a fixed-seed sample of {used} of {len(docs)} documents"
            )
    return rows, notes


def bertopic_labels(docs: Sequence[EvalDoc]) -> dict[str, str] | None:
    """Baseline (b): BERTopic topics, or None when the ``embeddings`` extra is not installed."""
    try:
        from bertopic import BERTopic  # type: ignore[import-not-found]
    except ImportError:
        return None
    model = BERTopic(min_topic_size=2)
    topics, _ = model.fit_transform([f"{d.title}\n{d.text}" for d in docs])
    # Outliers (topic -1) are singletons: each is its own cluster, not one big one.
    return {d.id: (str(t) if t != -1 else f"outlier-{d.id}") for d, t in zip(docs, topics)}


# Event consolidation settings tried when tuning ours on a set's tuning split.
MERGE_THRESHOLDS = (0.1, 0.15, 0.2)
MERGE_SCALES = (2.0, 10.0, 60.0)


def tune_events(
    docs: Sequence[EvalDoc], nlp_data: Mapping[str, Mapping[str, Any]], config: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], str]:
    """The event-merge threshold and time scale with the best event BCubed F1 on ``docs``."""
    gold = {d.id: d.event for d in docs}
    best: tuple[float, dict[str, Any], str] | None = None
    for threshold in MERGE_THRESHOLDS:
        for scale in MERGE_SCALES:
            cfg = {k: dict(v) for k, v in (config or {}).items()}
            cfg.setdefault("events_merge", {}).update({"threshold": threshold, "scale_days": scale})
            f1 = score(run_stages(docs, nlp_data, cfg).events, gold).bcubed_f1
            if best is None or f1 > best[0]:
                best = (f1, cfg, f"merge {threshold} / {scale:g} days")
    assert best is not None
    return best[1], best[2]


# --- the run --------------------------------------------------------------------------


def run(
    path: str | Path,
    fmt: str,
    *,
    split: str | None = None,
    max_clusters: int | None = None,
    config: Mapping[str, Any] | None = None,
    baselines: bool = True,
) -> dict[str, Any]:
    """Evaluate events (and stories where the set has them) on one set; returns plain data.

    Args:
        path: the set's folder or file, in its native form.
        fmt: one of FORMATS.
        split: for ECB+, "dev" (default), "train" or "all"; for Timeline17, the slice "a"
            (default) or "b"; for the other sets, "test" (default), "dev" or "all" (see :func:`hashed_split`).
        max_clusters: keep only this many gold events (deterministic by label hash), for quick runs.
        config: stage overrides, as for ``analyze(config=...)``.
        baselines: also run the baselines.
    """
    if fmt == "timeline17":
        from storyline.eval.clustering_t17 import run_timeline17

        return run_timeline17(path, split=split, config=config, baselines=baselines)
    all_docs = hashed_split(read_set(path, fmt))
    tune_split = "train" if fmt == "ecbplus" else "dev"
    split = split or ("dev" if fmt == "ecbplus" else "test")
    if split != "all":
        docs = [d for d in all_docs if d.split == split]
        if not docs:
            raise StorylineError(f"split {split!r} selects no document (splits here: {sorted({d.split for d in all_docs})})")
    else:
        docs = all_docs
    docs = subsample(docs, max_clusters)
    nlp_data = nlp_results(docs, fmt)
    pred = run_stages(docs, nlp_data, config)

    levels = {"events": {d.id: d.event for d in docs}}
    if all(d.story is not None for d in docs):
        levels["stories"] = {d.id: str(d.story) for d in docs}
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    for level, gold in levels.items():
        ours = pred.events if level == "events" else pred.stories
        rows.append({"level": level, "method": "storyline (stages)", **score(ours, gold).as_dict()})
    if "stories" not in levels:
        # Sets whose gold "events" are whole threads (Giveme5W1H's panama_papers spans years)
        # are also scored against our stories, the level that matches that granularity.
        rows.append(
            {"level": "events", "method": "storyline stories (thread level)", **score(pred.stories, levels["events"]).as_dict()}
        )
    if baselines:
        base = TfidfAgglomerative(docs)
        tune_docs = [d for d in all_docs if d.split == tune_split]
        if not tune_docs or split == tune_split:
            tune_docs, tune_split, tune_base = list(docs), split, base
        else:
            tune_base = TfidfAgglomerative(tune_docs)
        if tune_split != split:
            # Ours with its event consolidation tuned on the same split as the baseline's threshold,
            # for a like-for-like row; the stage defaults stay one setting for every set.
            tuned, label = tune_events(tune_docs, nlp_results(tune_docs, fmt), config)
            pred_t = run_stages(docs, nlp_data, tuned)
            rows.append(
                {
                    "level": "events",
                    "method": f"storyline, {label} (tuned on {fmt} {tune_split})",
                    **score(pred_t.events, levels["events"]).as_dict(),
                }
            )
        for level, gold in levels.items():
            tune_gold = {d.id: (d.event if level == "events" else str(d.story)) for d in tune_docs}
            fixed, _ = tune_base.best(tune_gold)
            rows.append(
                {
                    "level": level,
                    "method": f"tfidf+agglo @ {fixed} (tuned on {fmt} {tune_split})",
                    **score(base.cut(fixed), gold).as_dict(),
                }
            )
            t, s = base.best(gold)
            rows.append({"level": level, "method": f"tfidf+agglo @ {t} (oracle: best on this data)", **s.as_dict()})
        km_rows, km_notes = kmeans_rows(docs, levels["events"])
        rows.extend(km_rows)
        notes.extend(km_notes)
        bt = bertopic_labels(docs)
        if bt is None:
            notes.append("BERTopic skipped: install storyline[embeddings] (with bertopic) to run baseline (b)")
        else:
            for level, gold in levels.items():
                rows.append({"level": level, "method": "BERTopic (default settings)", **score(bt, gold).as_dict()})
    return {
        "format": fmt,
        "path": str(path),
        "split": split,
        "tuned_on": tune_split,
        "documents": len(docs),
        "gold_events": len(set(levels["events"].values())),
        "gold_stories": len(set(levels["stories"].values())) if "stories" in levels else None,
        "duplicates_found": len(pred.duplicates),
        "rows": rows,
        "notes": notes,
    }

