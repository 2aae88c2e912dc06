"""The plain records of the timeline summariser: the sentences it reads, its settings, what it writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Assignment = Literal["mention", "publication"]
Ranking = Literal["combined", "mentions", "publications"]


@dataclass(frozen=True)
class TlsSentence:
    """One sentence of one article, as the summariser sees it.

    Attributes:
        text: the sentence.
        article: the id of its article.
        published: the article's publication day (None when unknown).
        index: its position in the article, 0 for the first sentence.
        days: the days its resolved day-granularity date expressions name, without repeats,
            the day the sentence is about first (see :func:`storyline.tls.days.days_named`);
            "said Thursday" in an article of Friday 2023-12-01 names 2023-11-30.
        outlet: the article's outlet, when known.
        start: character offset of the sentence in its article's text.
        end: end offset of the sentence in its article's text.
        anchored: its days are only reference points ("since Monday", "by Friday"): they count
            as references to those days, but the sentence does not tell about any of them.
    """

    text: str
    article: str
    published: date | None
    index: int
    days: tuple[date, ...] = ()
    outlet: str | None = None
    start: int = 0
    end: int = 0
    anchored: bool = False


@dataclass(frozen=True)
class TlsConfig:
    """How the timeline is made.

    Attributes:
        max_dates: how many days the timeline has; None picks them automatically
            (days scoring at least ``auto_ratio`` of the best, at most ``auto_max``).
        per_date: how many sentences each day gets.
        start: the first day allowed on the timeline (None: no bound).
        end: the last day allowed on the timeline (None: no bound).
        assign: how a sentence is dated. ``"mention"``: by the day its date expression names,
            else (for the first ``lead`` sentences) by its article's publication day;
            ``"publication"``: always by the publication day (the news-tls "P" variant).
        rank: how days are ranked. ``"combined"``: references and publications together;
            ``"mentions"``: how many articles name the day; ``"publications"``: how many
            articles appeared on it.
        lead: how many leading sentences of an article its publication day may date.
        pub_lag: an article published on day p also reports on the ``pub_lag`` days before p.
        centroid: how the day's centroid is made from its named and its published candidates:
            ``"pooled"`` (the mean of all of them), ``"mean"`` (the average of the two groups'
            means) or ``"shared"`` (the element-wise geometric mean of the two groups' means,
            which keeps only the terms both kinds of report use).
        min_words: shorter sentences are never chosen.
        max_words: longer sentences are never chosen.
        redundancy: a sentence whose cosine similarity to one already on the timeline
            exceeds this is skipped.
        later_weight: weight of references made by articles published after the day.
        lead_weight: weight of references made in an article's first ``lead`` sentences (a day
            named in the lead is what the article is about).
        pub_weight: weight of the publication count in the combined day score.
        mention_bonus: added to the score of a sentence that names its day explicitly.
        topic_weight: weight of a sentence's similarity to the whole collection, which keeps
            off-topic sentences (asides, boilerplate) off the timeline.
        position_weight: weight of a sentence's place in its article (``1 / sqrt(1 + index)``):
            news puts what happened first, background and reactions later.
        keywords: when above 0, a sentence must use one of this many terms that the most
            articles of the collection use (its own topic words), so asides stay off.
        auto_ratio: in automatic mode, the least score a day needs, relative to the best day.
        auto_max: in automatic mode, the most days a timeline gets.
        auto_min_articles: in automatic mode, the fewest articles that must support a day.
        lookback_min_articles: the ``timeline`` stage keeps a story's days within its coverage,
            but also takes the day before its first article when at least this many articles
            name it (a story reported on Monday morning often began on Sunday night).
    """

    max_dates: int | None = None
    per_date: int = 1
    start: date | None = None
    end: date | None = None
    assign: Assignment = "mention"
    rank: Ranking = "combined"
    lead: int = 5
    pub_lag: int = 1
    centroid: Literal["pooled", "mean", "shared"] = "shared"
    min_words: int = 6
    max_words: int = 50
    redundancy: float = 0.5
    later_weight: float = 1.0
    lead_weight: float = 1.0
    pub_weight: float = 0.5
    mention_bonus: float = 0.1
    topic_weight: float = 0.5
    position_weight: float = 0.0
    keywords: int = 10
    auto_ratio: float = 0.25
    auto_max: int = 20
    auto_min_articles: int = 2
    lookback_min_articles: int = 3


@dataclass
class TlsEntry:
    """One day of a timeline.

    Attributes:
        day: the day.
        sentences: the chosen sentences, best first.
        articles: every article that carries a chosen sentence or a near-identical copy of it.
        score: the day's score (comparable within one timeline only).
    """

    day: date
    sentences: list[TlsSentence]
    articles: list[str] = field(default_factory=list)
    score: float = 0.0

    @property
    def texts(self) -> list[str]:
        """The chosen sentences as shown, without datelines."""
        from storyline.tls.display import display_text

        return [display_text(s.text) for s in self.sentences]

    @property
    def text(self) -> str:
        """The chosen sentences joined into one text."""
        return " ".join(self.texts)
