"""Speed and memory of the duplicates + events stages alone, on generated articles.

NLP is excluded: each generated article comes with its entity mentions already made, as the
``mentions`` stage would store them, and the stage functions run on in-memory ArticleDocs
exactly as ``analyze`` calls them (a CorpusContext whose docs() yields them in order).

The generated corpus: events of 4-16 articles published over 1-3 days, about 100 articles a
day; each article is a few hundred words drawn from its event's own words and names plus
a shared Zipfian background vocabulary; one article in eight re-runs an earlier one of its
event verbatim (a copy) and one in eight condenses one (a rewrite).

Usage:
    .venv/bin/python benchmarks/cluster.py [--sizes 1000,5000,20000] [--seed 1]

Each size runs in a fresh process, so peak memory (max RSS) is that size's alone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from typing import Any

WORDS_PER_ARTICLE = (250, 500)
ARTICLES_PER_DAY = 100


def _word(rng: random.Random, syllables: int) -> str:
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    return "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(syllables))


def generate(n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` articles as dicts: id, title, text, published, mentions, event."""
    rng = random.Random(seed)
    background = [_word(rng, rng.randint(2, 4)) for _ in range(20000)]
    weights = [1.0 / (i + 1) for i in range(len(background))]
    start = date(2024, 1, 1)
    articles: list[dict[str, Any]] = []
    event = 0
    while len(articles) < n:
        size = rng.randint(4, 16)
        words = [_word(rng, 3) for _ in range(40)]
        names = [_word(rng, 2).capitalize() + " " + _word(rng, 3).capitalize() for _ in range(6)]
        numbers = [str(rng.randint(10, 99999)) for _ in range(5)]
        first_day = len(articles) // ARTICLES_PER_DAY
        members: list[dict[str, Any]] = []
        for _ in range(size):
            if len(articles) >= n:
                break
            day = start + timedelta(days=first_day + rng.randint(0, 2))
            roll = rng.random()
            if members and roll < 0.125:
                src = rng.choice(members)
                text, mentions = src["text"] + "\n\nRead more on our site.", list(src["mentions"])
            elif members and roll < 0.25:
                src = rng.choice(members)
                sentences = [s for s in src["text"].split(". ") if s]
                kept = sentences[: max(5, len(sentences) * 2 // 3)]
                text = ". ".join(" ".join(s.split()[1:]) for s in kept) + "."
                mentions = _mentions(text, names)
            else:
                text = _article_text(rng, background, weights, words, names, numbers)
                mentions = _mentions(text, names)
            art = {
                "id": f"a{len(articles):07d}",
                "title": " ".join(rng.sample(words, 5)).capitalize(),
                "text": text,
                "published": day.isoformat(),
                "mentions": mentions,
                "event": event,
            }
            articles.append(art)
            members.append(art)
        event += 1
    articles.sort(key=lambda a: (a["published"], a["id"]))
    return articles


def _article_text(rng: random.Random, background: list[str], weights: list[float], words: list[str], names: list[str], numbers: list[str]) -> str:
    n_words = rng.randint(*WORDS_PER_ARTICLE)
    sentences = []
    count = 0
    while count < n_words:
        length = rng.randint(12, 28)
        sent = rng.choices(background, weights=weights, k=length)
        for _ in range(rng.randint(2, 5)):
            sent[rng.randrange(length)] = rng.choice(words)
        if rng.random() < 0.6:
            sent[rng.randrange(length)] = rng.choice(names)
        if rng.random() < 0.3:
            sent[rng.randrange(length)] = rng.choice(numbers)
        sentences.append(" ".join(sent).capitalize() + ".")
        count += length
    return " ".join(sentences)


def _mentions(text: str, names: list[str]) -> list[dict[str, Any]]:
    out = []
    for name in names:
        pos = text.find(name)
        while pos >= 0:
            out.append({"text": name, "name": name, "label": "PERSON", "start": pos, "end": pos + len(name), "sentence": 0})
            pos = text.find(name, pos + 1)
    out.sort(key=lambda m: m["start"])
    return out


def run_size(n: int, seed: int) -> dict[str, Any]:
    """Time the duplicates and events stages on ``n`` generated articles (in this process)."""
    from storyline.models import Article, StageResult
    from storyline.pipeline import ArticleDoc, CorpusContext
    from storyline.parsing import blank_line_paragraphs
    from storyline.pipeline.duplicates import duplicates
    from storyline.pipeline.events import events

    raw = generate(n, seed)
    docs = []
    for a in raw:
        art = Article(id=a["id"], text=a["text"], title=a["title"], published=date.fromisoformat(a["published"]))
        docs.append(
            ArticleDoc(
                art,
                {
                    "clean": StageResult({"paragraphs": blank_line_paragraphs(a["text"])}),
                    "mentions": StageResult({"mentions": a["mentions"]}),
                },
            )
        )
    del raw
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    c0 = time.process_time()
    t0 = time.perf_counter()
    dup = duplicates(CorpusContext(docs=lambda: iter(docs), corpus_results={}))
    t1 = time.perf_counter()
    ev = events(CorpusContext(docs=lambda: iter(docs), corpus_results={"duplicates": dup}))
    t2 = time.perf_counter()
    c2 = time.process_time()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "articles": n,
        "duplicates_s": round(t1 - t0, 2),
        "events_s": round(t2 - t1, 2),
        "total_s": round(t2 - t0, 2),
        "articles_per_s": round(n / (t2 - t0), 1),
        "ms_per_article": round(1000 * (t2 - t0) / n, 3),
        "cpu_s": round(c2 - c0, 2),
        "articles_per_cpu_s": round(n / (c2 - c0), 1),
        "pairs_found": len(dup.data["duplicates"]),
        "events_found": len(ev.data["events"]),
        "peak_rss_mib": round(rss_after / 1024, 1),
        "rss_growth_in_stages_mib": round((rss_after - rss_before) / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_size(args.one, args.seed)))
        return
    print(f"command: {' '.join([os.path.basename(sys.executable)] + sys.argv)}")
    print(f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--seed", str(args.seed)], capture_output=True, text=True, check=True)
        res = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(res)
        print(
            f"{n:>7} articles: {res['articles_per_s']:>8.1f} articles/s wall, {res['articles_per_cpu_s']:.1f} per CPU-second "
            f"({res['ms_per_article']:.3f} ms/article; "
            f"duplicates {res['duplicates_s']} s, events {res['events_s']} s), peak RSS {res['peak_rss_mib']} MiB "
            f"(+{res['rss_growth_in_stages_mib']} MiB in the stages), {res['pairs_found']} duplicate pairs, {res['events_found']} events",
            flush=True,
        )
    if len(results) > 1:
        ratio = results[-1]["ms_per_article"] / results[0]["ms_per_article"]
        print(f"time per article at {results[-1]['articles']} / at {results[0]['articles']}: {ratio:.2f}x")


if __name__ == "__main__":
    main()
