"""Copies and rewrites among articles given in publication order.

* **Copies** (re-run wire copy, new headline, extra boilerplate): MinHash LSH over word
  5-gram shingles (datasketch) proposes candidates; for each candidate the exact shingle
  containment is computed, and a pair is a copy when most of the shorter text's shingles
  occur in the other.
* **Rewrites** (an outlet condenses or paraphrases another's report): shingles no longer
  match, so candidates come from an inverted index over each article's rarest anchors
  (numbers, names and content words), and the pair is confirmed by aligning sentences on
  the numbers, names and content words they share. A rewrite keeps a large share of the
  original's sentences, in roughly the original order; two independent reports of the
  same event share facts and maybe a quote, but only a few sentences and in no common
  order. Both conditions are checked.

Every index holds only articles inside a sliding time window and a bounded number of
recent articles, so the cost per article stays flat as the corpus grows.
"""

from __future__ import annotations

import bisect
import zlib
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH

from storyline.cluster.stream import DocFreq
from storyline.cluster.text import content_terms, is_number, tokens

_MASK32 = np.uint64(0xFFFFFFFF)
_MULT = np.uint64(1099511628211)  # FNV prime: mixes token hashes into a shingle hash


@dataclass(frozen=True)
class DedupConfig:
    """Thresholds of copy and rewrite detection (tuned on the sample corpus; see tests).

    Attributes:
        shingle: words per shingle.
        num_perm: MinHash permutations.
        lsh_threshold: Jaccard level at which LSH proposes a candidate.
        copy_containment: share of the shorter text's shingles found in the other for a copy.
        min_shingles: texts with fewer shingles are never called copies (headlines, stubs).
        window_days: how far back an original may lie.
        max_recent: most articles kept in the indexes (the oldest leave first).
        anchors: rarest features per article used to find rewrite candidates.
        posting_cap: articles remembered per anchor.
        rewrite_candidates: candidates aligned per article.
        sentence_sim: weighted Dice of two sentences' features for them to align.
        min_sentence_terms: sentences with fewer features are ignored in alignment.
        rewrite_coverage: share of the later article's sentences that must align.
        rewrite_min_aligned: at least this many aligned sentences.
        rewrite_order: share of aligned sentences that must keep the original's order.
    """

    shingle: int = 5
    num_perm: int = 64
    lsh_threshold: float = 0.4
    copy_containment: float = 0.8
    min_shingles: int = 12
    window_days: int = 21
    max_recent: int = 20000
    anchors: int = 16
    posting_cap: int = 40
    rewrite_candidates: int = 6
    sentence_sim: float = 0.5
    min_sentence_terms: int = 4
    rewrite_coverage: float = 0.35
    rewrite_min_aligned: int = 3
    rewrite_order: float = 0.6


@dataclass
class DedupDoc:
    """An article as duplicate detection sees it."""

    id: str
    day: int | None
    text: str
    sentences: Sequence[tuple[int, int]]


@dataclass
class Match:
    """A later article found to copy or rewrite an earlier one."""

    original: str
    target: str
    kind: str
    score: float
    passages: list[dict[str, object]] = field(default_factory=list)


@dataclass
class _Entry:
    id: str
    day: int | None
    shingles: np.ndarray
    sentences: list[tuple[tuple[int, int], frozenset[str]]]
    anchors: list[str]
    seq: int = 0


def shingle_hashes(toks: Sequence[str], k: int) -> np.ndarray:
    """Sorted unique 32-bit hashes of the word k-grams of ``toks`` (stable across processes)."""
    if not toks:
        return np.zeros(0, dtype=np.uint64)
    th = np.fromiter((zlib.crc32(t.encode("utf-8")) for t in toks), dtype=np.uint64, count=len(toks))
    if len(th) < k:
        k = len(th)
    n = len(th) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        h = h * _MULT + th[j : j + n]
    return np.unique((h ^ (h >> np.uint64(32))) & _MASK32)


def _lis_length(seq: Sequence[int]) -> int:
    """Length of the longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []
    for x in seq:
        i = bisect.bisect_left(tails, x)
        if i == len(tails):
            tails.append(x)
        else:
            tails[i] = x
    return len(tails)


class DuplicateFinder:
    """Finds, for each arriving article, the earlier article it copies or rewrites (if any)."""

    def __init__(self, config: DedupConfig | None = None) -> None:
        self.config = config or DedupConfig()
        cfg = self.config
        self._lsh = MinHashLSH(threshold=cfg.lsh_threshold, num_perm=cfg.num_perm)
        self._perm_seed = 7
        self._entries: dict[str, _Entry] = {}
        self._order: deque[str] = deque()
        self._anchor_postings: dict[str, dict[str, None]] = {}
        self.df = DocFreq()
        self._seq = 0
        self.root: dict[str, str] = {}

    def add(self, doc: DedupDoc) -> Match | None:
        """Index ``doc`` and return its match among earlier articles, or None."""
        cfg = self.config
        self._expire(doc.day)
        toks = tokens(doc.text)
        sh = shingle_hashes(toks, cfg.shingle)
        sentences = []
        doc_terms: set[str] = set()
        for span in doc.sentences:
            terms = frozenset(content_terms(tokens(doc.text[span[0] : span[1]])))
            sentences.append((span, terms))
            doc_terms |= terms
        self.df.add(dict.fromkeys(doc_terms, 1))
        anchors = sorted(doc_terms, key=lambda t: (-self._anchor_weight(t), t))[: cfg.anchors]
        entry = _Entry(doc.id, doc.day, sh, sentences, anchors, self._seq)
        self._seq += 1

        mh = None
        if len(sh) >= cfg.min_shingles:
            mh = MinHash(num_perm=cfg.num_perm, seed=self._perm_seed, hashfunc=int)
            mh.update_batch(sh.tolist())
        match = self._match(entry, mh)

        self._entries[doc.id] = entry
        self._order.append(doc.id)
        if mh is not None:
            self._lsh.insert(doc.id, mh)
        for a in anchors:
            posting = self._anchor_postings.setdefault(a, {})
            posting[doc.id] = None
            if len(posting) > cfg.posting_cap:
                del posting[next(iter(posting))]
        if match is not None:
            self.root[doc.id] = self.root.get(match.original, match.original)
        return match

    # --- candidates --------------------------------------------------------------------

    def _anchor_weight(self, term: str) -> float:
        # Numbers are the strongest sign of shared reporting; rare words next.
        return self.df.idf(term) * (1.5 if is_number(term) else 1.0)

    def _candidates(self, entry: _Entry, mh: MinHash | None) -> list[str]:
        cands: list[str] = []
        if mh is not None:
            cands.extend(sorted(k for k in self._lsh.query(mh) if k in self._entries))
        acc: dict[str, float] = {}
        for a in entry.anchors:
            w = self._anchor_weight(a)
            for other in self._anchor_postings.get(a, ()):
                acc[other] = acc.get(other, 0.0) + w
        ranked = sorted(acc.items(), key=lambda kv: (-kv[1], kv[0]))[: self.config.rewrite_candidates]
        for other, _ in ranked:
            if other not in cands:
                cands.append(other)
        return cands

    def _expire(self, day: int | None) -> None:
        cfg = self.config
        while self._order:
            oldest = self._entries[self._order[0]]
            too_old = day is not None and oldest.day is not None and day - oldest.day > cfg.window_days
            if not too_old and len(self._order) < cfg.max_recent:
                break
            self._order.popleft()
            del self._entries[oldest.id]
            if oldest.id in self._lsh.keys:
                self._lsh.remove(oldest.id)
            for a in oldest.anchors:
                posting = self._anchor_postings.get(a)
                if posting is not None:
                    posting.pop(oldest.id, None)
                    if not posting:
                        del self._anchor_postings[a]

    # --- decisions ---------------------------------------------------------------------

    def _match(self, entry: _Entry, mh: MinHash | None) -> Match | None:
        cfg = self.config
        # Rank: copies before rewrites, then the higher score, then the earlier article.
        best: tuple[tuple[int, float, int], Match] | None = None
        for cid in self._candidates(entry, mh):
            other = self._entries[cid]
            containment = self._containment(entry.shingles, other.shingles)
            if containment >= cfg.copy_containment:
                passages = self.align(other, entry, cfg.sentence_sim)[0]
                key = (1, round(containment, 4), -other.seq)
                if best is None or key > best[0]:
                    best = (key, Match(cid, entry.id, "copy", round(containment, 4), passages))
                continue
            if best is not None and best[0][0] == 1:
                continue
            passages, coverage, ordered = self.align(other, entry, cfg.sentence_sim)
            if (
                len(passages) >= cfg.rewrite_min_aligned
                and coverage >= cfg.rewrite_coverage
                and ordered >= cfg.rewrite_order
            ):
                key = (0, round(coverage, 4), -other.seq)
                if best is None or key > best[0]:
                    best = (key, Match(cid, entry.id, "rewrite", round(coverage, 4), passages))
        return best[1] if best is not None else None

    def _containment(self, a: np.ndarray, b: np.ndarray) -> float:
        small = min(len(a), len(b))
        if small < self.config.min_shingles:
            return 0.0
        return len(np.intersect1d(a, b, assume_unique=True)) / small

    def align(self, source: _Entry, target: _Entry, threshold: float) -> tuple[list[dict[str, object]], float, float]:
        """Align each sentence of ``target`` with its closest sentence of ``source``.

        Returns:
            The passages ``[{source: [start, end], target: [start, end], score}]``, the share of
            the target's (non-trivial) sentences that aligned, and the share of aligned sentences
            that keep the source's order (longest increasing run of source positions).
        """
        idf = self.df.idf
        min_terms = self.config.min_sentence_terms
        index: dict[str, list[int]] = {}
        src_weight = []
        for i, (_, terms) in enumerate(source.sentences):
            src_weight.append(sum(idf(t) for t in terms))
            for t in terms:
                index.setdefault(t, []).append(i)
        passages: list[dict[str, object]] = []
        order: list[int] = []
        considered = 0
        for span, terms in target.sentences:
            if len(terms) < min_terms:
                continue
            considered += 1
            weight = sum(idf(t) for t in terms)
            shared: dict[int, float] = {}
            for t in terms:
                for i in index.get(t, ()):
                    shared[i] = shared.get(i, 0.0) + idf(t)
            best_i, best_s = -1, 0.0
            for i, w in shared.items():
                s = 2.0 * w / (weight + src_weight[i])
                if s > best_s or (s == best_s and i < best_i):
                    best_i, best_s = i, s
            if best_i >= 0 and best_s >= threshold:
                order.append(best_i)
                src_span = source.sentences[best_i][0]
                passages.append({"source": list(src_span), "target": list(span), "score": round(best_s, 4)})
        if not considered:
            return passages, 0.0, 0.0
        ordered = _lis_length(order) / len(order) if order else 0.0
        return passages, len(passages) / considered, ordered


def day_of(value: object) -> int | None:
    """A date's proleptic ordinal, or None."""
    toordinal = getattr(value, "toordinal", None)
    return int(toordinal()) if toordinal is not None else None

