"""``storyline eval timeline``: Timeline17 with the news-tls protocol.

For each of the set's gold timelines (Gholipour Ghalandari & Ifrim, ACL 2020, ``experiments/evaluate.py``):

* the input is the topic's articles published between the timeline's first and last day;
* the system makes a timeline of as many days as the gold one, each with as many sentences as
  the gold timeline has per day on average (rounded), and only days within that span;
* the measures are date F1 (exact days) and ROUGE-1/ROUGE-2 F1 under concat, agreement and
  align+ m:1 (Martschat & Markert 2017; see :mod:`storyline.eval.timeline_metrics`);
* averages follow news-tls: precision and recall are averaged over timelines and F1 is taken
  of those means.

The system is :func:`storyline.tls.build_timeline`, the same function the ``timeline`` stage
calls, over sentences dated by our own ``dates`` extraction (see
:mod:`storyline.eval.timeline_corpus`). Baselines run in the same pass over the same input.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from storyline.errors import StorylineError
from storyline.eval.timeline_corpus import GoldTimeline, T17Article, find_copies, load_topic, topic_dirs
from storyline.eval.timeline_metrics import METRICS, MEASURES, RougeMode, date_prf, rouge_scores
from storyline.tls import TlsConfig, TlsSentence, build_timeline, days_named, display_text, with_length
from storyline.tls.sentences import eligible

log = logging.getLogger(__name__)

DEFAULT_CACHE = Path(".cache") / "timeline17"

Predict = Callable[[list[TlsSentence], dict[str, date | None], int, int, date, date], dict[date, list[str]]]


def article_sentences(article: T17Article) -> list[TlsSentence]:
    """An annotated Timeline17 article as the summariser's sentences, dated by their day expressions."""
    out = []
    for i, text in enumerate(article.sentences):
        mentions = article.mentions[i] if i < len(article.mentions) else []
        days, anchored = days_named(text, ((value, at) for value, _, at in mentions))
        out.append(TlsSentence(text, article.id, article.published, i, days, article.outlet, anchored=anchored))
    return out


def _ours(config: TlsConfig) -> Predict:
    def predict(sents: list[TlsSentence], published: dict[str, date | None], l: int, k: int, start: date, end: date) -> dict[date, list[str]]:
        entries = build_timeline(sents, with_length(config, l, k, start, end), published=published)
        return {e.day: e.texts for e in entries}

    return predict


def first_sentence_baseline(
    sents: list[TlsSentence], published: dict[str, date | None], l: int, k: int, start: date, end: date
) -> dict[date, list[str]]:
    """Baseline: the days named by the most articles, each told by the first sentences that name it."""
    config = TlsConfig(rank="mentions", start=start, end=end)
    from storyline.tls.days import day_evidence, rank_days

    ranked = rank_days(day_evidence(sents, published), config)
    naming: dict[date, list[TlsSentence]] = {}
    for s in sents:  # publication order, then position
        if eligible(s, config):
            for d in s.days:
                naming.setdefault(d, []).append(s)
    out: dict[date, list[str]] = {}
    for day, _ in ranked:
        if len(out) >= l:
            break
        texts = list(dict.fromkeys(display_text(s.text) for s in naming.get(day, [])))[:k]
        if texts:
            out[day] = texts
    return out


def methods() -> dict[str, Predict]:
    """The systems compared, by name: ours first, then its publication-dated variant and baselines."""
    base = TlsConfig()
    return {
        "storyline": _ours(base),
        "storyline, publication dating": _ours(replace(base, assign="publication")),
        "baseline: publication days, lead sentences": _ours(replace(base, rank="publications", assign="publication")),
        "baseline: most-named days, first sentence": first_sentence_baseline,
    }


def gold_length(timeline: GoldTimeline) -> tuple[int, int]:
    """news-tls's requested length: the number of days and the mean sentences per day, rounded."""
    sizes = [len(s) for s in timeline.entries.values()]
    return len(sizes), round(sum(sizes) / len(sizes))


def run(
    data: str | Path,
    *,
    topics: Sequence[str] | None = None,
    only: Sequence[str] | None = None,
    rouge: RougeMode = "perl",
    cache_dir: str | Path | None = DEFAULT_CACHE,
    dedup: bool = True,
) -> dict[str, Any]:
    """Evaluate on every gold timeline under ``data`` (Timeline17's folder).

    Args:
        topics: only these topic folders (names); all when None.
        only: only these methods (names from :func:`methods`); all when None.
        rouge: ``"perl"`` for ROUGE-1.5.5 (reported numbers) or ``"reimpl"`` (fast approximation).
        cache_dir: where the spaCy pass and the resolved dates are cached; None disables caching.
        dedup: leave out copies and rewrites of earlier articles, as the ``timeline`` stage does
            with the ``duplicates`` stage's findings (for every method alike).

    Returns:
        ``{data, rouge, methods, timelines: [{topic, name, days, k, articles, scores: {method: ...}}],
        average: {method: {date: prf, <metric>: {rouge_1: prf, rouge_2: prf}}}, seconds}``.

    Raises:
        InputError: the folder is not Timeline17's layout.
        StorylineError: an unknown topic or method, or the metrics cannot run.
    """
    started = time.perf_counter()
    dirs = topic_dirs(data)
    if topics:
        known = {d.name for d in dirs}
        missing = [t for t in topics if t not in known]
        if missing:
            raise StorylineError(f"unknown topic(s) {missing!r} in {str(data)!r} (known: {', '.join(sorted(known))})")
        dirs = [d for d in dirs if d.name in set(topics)]
    systems = methods()
    if only:
        missing = [m for m in only if m not in systems]
        if missing:
            raise StorylineError(f"unknown method(s) {missing!r} (known: {', '.join(systems)})")
        systems = {m: systems[m] for m in only}
    cache = Path(cache_dir) if cache_dir is not None else None
    rows: list[dict[str, Any]] = []
    annotate_seconds = 0.0
    for folder in dirs:
        t0 = time.perf_counter()
        topic = load_topic(folder, cache)
        copies = find_copies(topic.articles) if dedup else {}
        annotate_seconds += time.perf_counter() - t0
        articles = [a for a in topic.articles if a.id not in copies]
        for gold in topic.timelines:
            row = _evaluate_timeline(topic.name, articles, gold, systems, rouge)
            row["copies_left_out"] = sum(1 for a in topic.articles if a.id in copies and row["start"] <= a.published <= row["end"])
            rows.append(row)
            log.info("%s %s done", topic.name, gold.name)
    return {
        "data": str(data),
        "rouge": rouge,
        "dedup": dedup,
        "methods": list(systems),
        "metrics": list(METRICS),
        "timelines": rows,
        "average": {m: _average([r["scores"][m] for r in rows]) for m in systems},
        "seconds": round(time.perf_counter() - started, 1),
        "annotate_seconds": round(annotate_seconds, 1),
    }


def _evaluate_timeline(
    topic: str, articles: list[T17Article], gold: GoldTimeline, systems: dict[str, Predict], rouge: RougeMode
) -> dict[str, Any]:
    ref_days = sorted(gold.entries)
    start, end = ref_days[0], ref_days[-1]
    inside = [a for a in articles if start <= a.published <= end]
    sents = [s for a in inside for s in article_sentences(a)]
    published: dict[str, date | None] = {a.id: a.published for a in inside}
    l, k = gold_length(gold)
    preds = {name: predict(sents, published, l, k, start, end) for name, predict in systems.items()}
    scores = rouge_scores([(preds[name], gold.entries) for name in systems], rouge=rouge)
    out: dict[str, Any] = {}
    for name, score in zip(systems, scores):
        out[name] = {"date": date_prf(list(preds[name]), ref_days), **score, "days": len(preds[name])}
    return {
        "topic": topic, "name": gold.name, "days": l, "k": k, "start": start, "end": end, "articles": len(inside), "scores": out,
    }


def _average(per_timeline: list[dict[str, Any]]) -> dict[str, Any]:
    """news-tls's average: mean precision and mean recall over timelines, F1 of the two means."""

    def prf(items: list[dict[str, float]]) -> dict[str, float]:
        n = len(items) or 1
        p = sum(i["precision"] for i in items) / n
        r = sum(i["recall"] for i in items) / n
        return {"precision": p, "recall": r, "f_score": 2 * p * r / (p + r) if p + r else 0.0}

    out: dict[str, Any] = {"date": prf([s["date"] for s in per_timeline])}
    for metric in METRICS:
        if per_timeline and metric in per_timeline[0]:
            out[metric] = {m: prf([s[metric][m] for s in per_timeline]) for m in MEASURES}
    return out
