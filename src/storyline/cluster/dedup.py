"""Copies and rewrites among articles given in publication order.

* **Copies** (re-run wire copy, new headline, extra boilerplate): MinHash LSH over word
  5-gram shingles (datasketch) proposes candidates; for each candidate the exact shingle
  containment is computed, and a pair is a copy when most of the shorter text's shingles
  occur in the other.
* **Rewrites** (an outlet condenses or paraphrases another's report): shingles no longer
  match, so candidates come from an inverted index over each article's rarest anchors
  (numbers, names and content words), and the pair is confirmed by aligning sentences on
  the numbers, names and content words they share (quoted speech left out, since
  independent reports quote the same people word for word). A rewrite follows its source
  through: at least five of its sentences align in the source's order (or its exact
  reverse, as a live blog runs newest first). Two independent reports of the same event
  share facts and quotes, but fewer sentences and not in a common order.

Every index holds only articles inside a sliding time window and a bounded number of
recent articles, so the cost per article stays flat as the corpus grows.
"""

from __future__ import annotations

import bisect
import math
import re
import zlib
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np
from datasketch import MinHash, MinHashLSH

from storyline.cluster.stream import DocFreq
from storyline.cluster.terms import _term, content_terms, tokens

# Quoted speech: straight or curly double quotes, at most one sentence long.
_QUOTED = re.compile(r'"[^"\n]{3,}?"|“[^”\n]{3,}?”')
_BY_WEIGHT = itemgetter(1, 0)
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
        anchors: rarest features per article put in the index.
        query_anchors: rarest features per article looked up in the index (more than are put
            in, since a paraphrase keeps only some of its source's rare words).
        posting_cap: articles remembered per anchor.
        rewrite_candidates: candidates aligned per article.
        min_term_overlap: weighted share of the later article's terms that must occur in the
            other before sentences are aligned at all (a cheap filter; rewrites on the sample
            corpus share 36% or more).
        sentence_sim: weighted Dice of two sentences' features for them to align.
        min_sentence_terms: sentences with fewer features are ignored in alignment.
        rewrite_coverage: share of the later article's sentences that must align.
        rewrite_run: aligned sentences that must keep the original's order (or its exact
            reverse, as a live blog runs newest first): a rewrite follows its source through,
            while an independent report shares a few facts and quotes in its own order.
        short_run_share: a shorter run also counts when it covers this share of the later
            article's sentences (short rewrites of short reports).
        ignore_quotes: leave quoted speech out of sentence alignment: independent reports of one
            event quote the same people word for word, so shared quotes say little about copying.
    """

    shingle: int = 5
    num_perm: int = 64
    lsh_threshold: float = 0.4
    copy_containment: float = 0.8
    min_shingles: int = 12
    window_days: int = 21
    max_recent: int = 20000
    anchors: int = 24
    query_anchors: int = 32
    posting_cap: int = 16
    rewrite_candidates: int = 4
    min_term_overlap: float = 0.3
    sentence_sim: float = 0.4
    min_sentence_terms: int = 4
    rewrite_coverage: float = 0.25
    rewrite_run: int = 5
    short_run_share: float = 0.75
    ignore_quotes: bool = True


@dataclass
class DedupDoc:
    """An article as duplicate detection sees it."""

    id: str
    day: int | None
    text: str
    sentences: Sequence[tuple[int, int]]
    outlet: str | None = None


# A dateline credit such as "BRENNICK, Nov 6 (MPA) -" or "(Reuters) -" near the start of a text.
_CREDIT = re.compile(r"\(([A-Z][A-Za-z.&' -]{1,40})\)\s*[-–—]")


def credits_own_outlet(text: str, outlet: str | None) -> bool:
    """Whether the text's dateline credits the article's own outlet (by name or initials).

    A wire agency's report carries its own credit; a paper that re-runs it carries the
    agency's, not its own. On a day with no publication times this tells the original.
    """
    if not outlet:
        return False
    m = _CREDIT.search(text[:300])
    if not m:
        return False
    credit = m.group(1).replace(".", "").strip().lower()
    words = [w for w in re.findall(r"[A-Za-z]+", outlet) if w.lower() not in ("the", "of", "and")]
    initials = "".join(w[0] for w in words).lower()
    name = " ".join(w.lower() for w in words)
    return credit in (initials, name) or (len(credit) > 3 and credit in name)


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
    text: str
    spans: Sequence[tuple[int, int]]
    anchors: list[str]
    weights: dict[str, float]
    seq: int = 0
    has_original: bool = False
    self_credit: bool = False
    ignore_quotes: bool = True
    _sentences: list[tuple[tuple[int, int], tuple[str, ...], float]] | None = None
    _index: dict[str, list[int]] | None = None

    @property
    def sentences(self) -> list[tuple[tuple[int, int], tuple[str, ...], float]]:
        """(span, distinct terms in text order, summed term weight) per sentence, built on first
        use: most articles are never aligned, so their sentences are never split into terms."""
        if self._sentences is None:
            out = []
            w = self.weights
            for span in self.spans:
                sentence = self.text[span[0] : span[1]]
                if self.ignore_quotes:
                    sentence = _QUOTED.sub(" ", sentence)
                # Text order, not a set's: float sums over a set follow the hash seed.
                terms = tuple(dict.fromkeys(t for t in content_terms(tokens(sentence)) if t in w))
                out.append((span, terms, sum(w[t] for t in terms)))
            self._sentences = out
        return self._sentences

    def sentence_index(self) -> dict[str, list[int]]:
        """Term -> positions of the sentences holding it (built on first use as a source)."""
        if self._index is None:
            index: dict[str, list[int]] = {}
            for i, (_, terms, _) in enumerate(self.sentences):
                for t in terms:
                    index.setdefault(t, []).append(i)
            self._index = index
        return self._index


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
        # Permutations are drawn once; datasketch would redraw them for every MinHash.
        self._perms = MinHash(num_perm=cfg.num_perm, seed=7).permutations
        self._entries: dict[str, _Entry] = {}
        self._order: deque[str] = deque()
        self._anchor_postings: dict[str, dict[str, None]] = {}
        self.df = DocFreq()
        self._seq = 0
        self.parent: dict[str, str] = {}

    def add(self, doc: DedupDoc) -> Match | None:
        """Index ``doc`` and return its match among earlier articles, or None."""
        cfg = self.config
        self._expire(doc.day)
        toks = tokens(doc.text)
        sh = shingle_hashes(toks, cfg.shingle)
        # Sorted, so that the weights (and every float sum over them) come in the same order
        # whatever the hash seed.
        doc_terms = sorted(set(map(_term, set(toks))) - {""})
        self.df.add(dict.fromkeys(doc_terms, 1))
        # Term weights are fixed when an article arrives, so a pair's alignment never depends
        # on articles that came after it.
        n1 = self.df.n + 1
        df = self.df.df
        weight = {t: math.log(n1 / (df[t] + 1)) + 1.0 for t in doc_terms}
        # Numbers are the strongest sign of shared reporting, rare words next. Numbers of one
        # or two digits (clock times, days, small counts) are too common to find anything.
        boosted = {t: w * 1.5 if t[0].isdigit() else w for t, w in weight.items() if not t[0].isdigit() or len(t) > 2}
        query = [t for t, _ in sorted(boosted.items(), key=_BY_WEIGHT, reverse=True)[: cfg.query_anchors]]
        anchors = query[: cfg.anchors]
        entry = _Entry(doc.id, doc.day, sh, doc.text, doc.sentences, anchors, weight, self._seq)
        entry.ignore_quotes = cfg.ignore_quotes
        entry.self_credit = credits_own_outlet(doc.text, doc.outlet)
        self._seq += 1

        mh = None
        if len(sh) >= cfg.min_shingles:
            mh = MinHash(num_perm=cfg.num_perm, hashfunc=int, permutations=self._perms)
            mh.update_batch(sh.tolist())
        match = self._match(entry, mh, query)

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
            self.parent[match.target] = match.original
            self._entries[match.target].has_original = True
        return match

    def roots(self) -> dict[str, str]:
        """For every matched article, the first original up its chain of copies and rewrites."""
        out = {}
        for target in self.parent:
            seen = {target}
            node = self.parent[target]
            while node in self.parent and self.parent[node] not in seen:
                seen.add(node)
                node = self.parent[node]
            out[target] = node
        return out

    # --- candidates --------------------------------------------------------------------

    @staticmethod
    def _term_overlap(target: _Entry, source: _Entry) -> float:
        """Weighted share of the target's terms found in the source (a cheap pre-filter)."""
        w = target.weights
        total = sum(w.values())
        shared = source.weights
        return sum(wt for t, wt in w.items() if t in shared) / total if total else 0.0

    def _candidates(self, entry: _Entry, mh: MinHash | None, query: Sequence[str]) -> list[str]:
        cands: list[str] = []
        if mh is not None:
            cands.extend(sorted(k for k in self._lsh.query(mh) if k in self._entries))
        acc: dict[str, float] = {}
        for a in query:
            w = entry.weights[a] * (1.5 if a[0].isdigit() else 1.0)
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

    def _match(self, entry: _Entry, mh: MinHash | None, query: Sequence[str]) -> Match | None:
        """The best copy or rewrite relation between ``entry`` and an indexed article.

        The earlier article is the original. Articles of the same day (or undated) come in id
        order, which says nothing about which came first. Then an article whose dateline
        credits its own outlet (the agency's report) is the original; failing that, for a copy
        the original is the text found whole inside the other (a re-run adds boilerplate), and
        for a rewrite the direction in which the later side aligns better.
        """
        cfg = self.config
        # Rank: copies before rewrites, then the higher score, then the earlier article.
        best: tuple[tuple[int, float, int], Match] | None = None
        for cid in self._candidates(entry, mh, query):
            other = self._entries[cid]
            same_day = entry.day is None or other.day is None or entry.day == other.day
            # Reversing makes ``other`` the copy, allowed only while it has no original yet.
            may_reverse = same_day and not other.has_original
            for match in self._relations(other, entry, may_reverse):
                key = (int(match.kind == "copy"), match.score, -other.seq)
                if best is None or key > best[0]:
                    best = (key, match)
        return best[1] if best is not None else None

    def _relations(self, other: _Entry, entry: _Entry, may_reverse: bool) -> list[Match]:
        cfg = self.config
        forward = not (may_reverse and entry.self_credit and not other.self_credit)
        backward = may_reverse and not (other.self_credit and not entry.self_credit)
        inter = len(np.intersect1d(entry.shingles, other.shingles, assume_unique=True))
        small = min(len(entry.shingles), len(other.shingles))
        if small >= cfg.min_shingles and inter / small >= cfg.copy_containment:
            source, target = other, entry
            if not forward or (
                backward and inter / max(len(entry.shingles), 1) > inter / max(len(other.shingles), 1)
            ):
                source, target = entry, other
            passages = self.align(source, target, cfg.sentence_sim)[0]
            return [Match(source.id, target.id, "copy", round(inter / small, 4), passages)]
        out = []
        directions = ([(other, entry)] if forward else []) + ([(entry, other)] if backward else [])
        for source, target in directions:
            if self._term_overlap(target, source) < cfg.min_term_overlap:
                continue
            passages, coverage, run = self.align(source, target, cfg.sentence_sim)
            considered = len(passages) / coverage if coverage else 0.0
            long_run = run >= cfg.rewrite_run
            short_run = run >= 3 and run >= cfg.short_run_share * considered
            if coverage >= cfg.rewrite_coverage and (long_run or short_run):
                out.append(Match(source.id, target.id, "rewrite", round(coverage, 4), passages))
        return out

    def align(self, source: _Entry, target: _Entry, threshold: float) -> tuple[list[dict[str, object]], float, int]:
        """Align each sentence of ``target`` with its closest sentence of ``source``.

        Sentence similarity is the weighted Dice coefficient of their terms (IDF weights), so
        shared numbers, names and rare words count most.

        Returns:
            The passages ``[{source: [start, end], target: [start, end], score}]``, the share of
            the target's (non-trivial) sentences that aligned, and the longest run of aligned
            sentences that follows the source's order forwards or backwards.
        """
        idf = target.weights
        min_terms = self.config.min_sentence_terms
        index = source.sentence_index()
        source_sentences = source.sentences
        passages: list[dict[str, object]] = []
        order: list[int] = []
        considered = 0
        for span, terms, weight in target.sentences:
            if len(terms) < min_terms:
                continue
            considered += 1
            shared: dict[int, float] = {}
            for t in terms:
                w = idf[t]
                for i in index.get(t, ()):
                    shared[i] = shared.get(i, 0.0) + w
            best_i, best_s = -1, 0.0
            for i, w in shared.items():
                s = 2.0 * w / (weight + source_sentences[i][2])
                if s > best_s or (s == best_s and i < best_i):
                    best_i, best_s = i, s
            if best_i >= 0 and best_s >= threshold:
                order.append(best_i)
                src_span = source_sentences[best_i][0]
                passages.append({"source": list(src_span), "target": list(span), "score": round(best_s, 4)})
        if not considered:
            return passages, 0.0, 0
        run = max(_lis_length(order), _lis_length([-i for i in order])) if order else 0
        return passages, len(passages) / considered, run


def day_of(value: object) -> int | None:
    """A date's proleptic ordinal, or None."""
    toordinal = getattr(value, "toordinal", None)
    return int(toordinal()) if toordinal is not None else None

