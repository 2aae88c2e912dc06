"""Which sentences tell a day: candidates dated to the day, scored against the day's centroid.

A day's candidates are the sentences that tell about it (dated by their own date expression)
and the leading sentences, without a date of their own, of the articles published on it or
just after it (dated by publication). The day's centroid keeps the terms that both kinds of
report use (the element-wise geometric mean of the two groups' mean TF-IDF vectors): what the
fresh reports of the day and the sentences naming it agree on is what happened. Each
candidate is scored by its cosine similarity to that centroid, plus its similarity to the
whole collection (which keeps asides and boilerplate out), plus a bonus when it names the day
itself and when several articles carry a near-identical copy of it (a fact every outlet
repeats is representative). Only third-person statements of reasonable length that use one of
the collection's topic words are eligible. Sentences too close to one already on the timeline
are skipped, so copies and wire rewrites from other outlets collapse into one entry that lists
all their articles.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from storyline.tls.model import TlsConfig, TlsSentence
from storyline.tls.display import display_text

# Two sentences this similar (TF-IDF cosine) are copies of each other.
SAME = 0.8
# Candidates considered per day after the first, cheap scoring pass.
SHORTLIST = 60
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# First and second person: an opinion, a reader's comment or a quotation, not a report of what
# happened ("us" in lower case only: "US" is the country).
_PERSON = re.compile(r"\b(?:I|[Ww]e|[Yy]ou|[Mm]y|[Oo]ur|[Yy]our|me|us)\b")
_OPENING_QUOTE = ('"', "“", "‘", "'", "«")


class SentenceSpace:
    """TF-IDF vectors of a collection's sentences and their similarity to the whole collection."""

    def __init__(self, sentences: Sequence[TlsSentence]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import normalize

        texts = [s.text for s in sentences]
        self.vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, lowercase=True)
        try:
            self.matrix = self.vectorizer.fit_transform(texts).tocsr()
        except ValueError:
            # Only stop words (or nothing) in the collection: every similarity is zero.
            from scipy import sparse

            self.matrix = sparse.csr_matrix((len(texts), 1))
        centroid = normalize(np.asarray(self.matrix.mean(axis=0)))
        self.topic_sim = np.asarray(self.matrix @ centroid.T).ravel()
        self._sentences = sentences
        self._on_topic: dict[int, np.ndarray] = {}

    def on_topic(self, keywords: int) -> np.ndarray:
        """Whether each sentence uses one of the ``keywords`` terms found in the most articles
        (the collection's own topic words: "oil", "spill", "bp" for a spill)."""
        if keywords not in self._on_topic:
            from collections import Counter

            analyze = self.vectorizer.build_analyzer()
            terms = [set(analyze(s.text)) for s in self._sentences]
            per_article: dict[str, set[str]] = {}
            for sent, words in zip(self._sentences, terms):
                per_article.setdefault(sent.article, set()).update(words)
            df = Counter(w for words in per_article.values() for w in words)
            # Ties broken by the word: Counter.most_common keeps insertion order, and that
            # order comes from iterating sets of strings, which changes with the hash seed.
            top = {w for w, _ in sorted(df.items(), key=lambda wc: (-wc[1], wc[0]))[:keywords]}
            self._on_topic[keywords] = np.array([bool(words & top) for words in terms])
        return self._on_topic[keywords]

    def centroid(self, rows: Sequence[int]) -> np.ndarray:
        """The mean vector of ``rows`` (a dense row vector)."""
        return np.asarray(self.matrix[list(rows)].mean(axis=0))

    def sims(self, rows: Sequence[int], vector: np.ndarray) -> np.ndarray:
        """Cosine similarities of ``rows`` (L2-normalised already) to ``vector``."""
        norm = float(np.linalg.norm(vector))
        if norm == 0:
            return np.zeros(len(rows))
        return np.asarray(self.matrix[list(rows)] @ (vector / norm).T).ravel()


def eligible(sent: TlsSentence, config: TlsConfig) -> bool:
    """Whether a sentence may go on a timeline: a statement of reasonable length in the third
    person, not a question and not a bare quotation (quotes carry reactions, rarely what happened)."""
    text = display_text(sent.text)
    words = len(_WORD.findall(text))
    if words < config.min_words or words > config.max_words:
        return False
    if _PERSON.search(text):
        return False
    return not text.endswith("?") and not text.startswith(_OPENING_QUOTE) and not _mostly_quoted(text)


def _mostly_quoted(text: str) -> bool:
    """A piece of a longer quotation (an odd number of double quote marks) or a sentence that is
    largely quoted speech."""
    marks = [m.start() for m in re.finditer(r'["“”]', text)]
    if len(marks) % 2:
        return True
    quoted = sum(marks[i + 1] - marks[i] for i in range(0, len(marks), 2))
    return quoted > 0.4 * len(text)


@dataclass
class DayCandidates:
    """Row indices of the sentences dated to each day, by how they were dated."""

    mention: dict[date, list[int]]
    publication: dict[date, list[int]]


def day_candidates(sentences: Sequence[TlsSentence], config: TlsConfig) -> DayCandidates:
    """Date every sentence: by the days it names, or by its article's publication day."""
    mention: dict[date, list[int]] = {}
    publication: dict[date, list[int]] = {}
    for i, sent in enumerate(sentences):
        if config.assign == "mention" and sent.days:
            # A sentence tells the day it is about; the other days it names (since Monday, by
            # Friday) still count as references to them in the day ranking.
            if not sent.anchored:
                mention.setdefault(sent.days[0], []).append(i)
            continue
        if sent.published is None or sent.index >= config.lead:
            continue
        for k in range(config.pub_lag + 1):
            publication.setdefault(sent.published - timedelta(days=k), []).append(i)
    return DayCandidates(mention, publication)


def choose(
    day: date,
    candidates: DayCandidates,
    sentences: Sequence[TlsSentence],
    space: SentenceSpace,
    taken: list[int],
    config: TlsConfig,
) -> list[tuple[int, list[str]]]:
    """Pick up to ``config.per_date`` sentences for ``day``.

    Args:
        taken: rows already on the timeline (extended with the rows chosen here).

    Returns:
        For each chosen sentence: its row and the articles carrying it or a near-identical copy.
    """
    mention = candidates.mention.get(day, [])
    publication = candidates.publication.get(day, [])
    rows = list(dict.fromkeys(mention + publication))
    if not rows:
        return []
    centroid = _centroid(space, mention, publication, config)
    named = set(mention)
    base = space.sims(rows, centroid) + config.topic_weight * space.topic_sim[rows]
    base = base + np.array([_prior(sentences[r], r in named, config) for r in rows])
    order = np.argsort(-base, kind="stable")
    on_topic = space.on_topic(config.keywords) if config.keywords else None
    shortlist = [
        rows[i] for i in order if eligible(sentences[rows[i]], config) and (on_topic is None or on_topic[rows[i]])
    ][:SHORTLIST]
    if not shortlist:
        return []
    # Copies among all of the day's candidates, for the shortlisted ones.
    same = np.asarray((space.matrix[shortlist] @ space.matrix[rows].T).todense()) >= SAME
    score = {}
    copies: dict[int, list[str]] = {}
    base_of = dict(zip(rows, base))
    for i, row in enumerate(shortlist):
        arts = list(dict.fromkeys([sentences[row].article] + [sentences[rows[j]].article for j in np.flatnonzero(same[i])]))
        copies[row] = arts
        score[row] = base_of[row] + config.mention_bonus * math.log(len(arts))
    chosen: list[tuple[int, list[str]]] = []
    # Equal scores keep the shortlist's order (best first stage score, then collection order).
    for _, row in sorted(enumerate(shortlist), key=lambda ir: (-score[ir[1]], ir[0])):
        if len(chosen) >= config.per_date:
            break
        if taken and _max_sim(space, row, taken) > config.redundancy:
            continue
        chosen.append((row, copies[row]))
        taken.append(row)
    return chosen


def _centroid(space: SentenceSpace, mention: list[int], publication: list[int], config: TlsConfig) -> np.ndarray:
    """The day's centroid from its named and its published candidates (see ``TlsConfig.centroid``)."""
    if config.centroid == "pooled" or not (mention and publication):
        return space.centroid(list(dict.fromkeys(mention + publication)))
    named, published = space.centroid(mention), space.centroid(publication)
    if config.centroid == "shared":
        shared = np.sqrt(named * published)
        if shared.any():
            return shared
    return (named + published) / 2


def _prior(sent: TlsSentence, named: bool, config: TlsConfig) -> float:
    """What a sentence's dating and its place in the article add to its score."""
    return (config.mention_bonus if named else 0.0) + config.position_weight / math.sqrt(1 + sent.index)


def _max_sim(space: SentenceSpace, row: int, others: list[int]) -> float:
    sims: Any = space.matrix[others] @ space.matrix[row].T
    return float(sims.max()) if sims.nnz else 0.0
