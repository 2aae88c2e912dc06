"""``storyline eval clustering --format timeline17``: stories over a long archive, on a fixed slice.

Timeline17 (9 topics, 4.6k articles, 2005-2012) analysed whole as one store takes about 70
minutes here, too slow for a check while tuning. This reads a fixed slice instead and feeds it
through the same stage functions as the other sets (:func:`storyline.eval.clustering.run_stages`),
scoring our stories against the topics by BCubed (there is no event gold). The numbers are those
of the slice, not of the whole set: a slice has fewer articles per week, hence more single-article
events, and shorter candidate lists than the whole store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from storyline.errors import StorylineError
from storyline.eval.clustering import Prediction, TfidfAgglomerative, kmeans_rows, nlp_results, run_stages, score
from storyline.eval.readers.common import EvalDoc

# Timeline17 as one store is too slow to analyse whole for a quick check (about 70 minutes here),
# so the "timeline17" format reads a fixed slice: per topic, this many articles spread evenly over
# the topic's articles in date order (first and last included), so that every month of a
# long-running topic is present, with the quiet weeks between its peaks.
T17_PER_TOPIC = 60


def t17_topic(folder: str) -> str:
    """The Timeline17 topic of a ``<topic>_<outlet>`` folder (the five BP oil spill folders are one topic)."""
    return folder.rsplit("_", 1)[0]


def read_timeline17_slice(path: str | Path, per_topic: int = T17_PER_TOPIC, second: bool = False) -> list[EvalDoc]:
    """A fixed slice of Timeline17: ``per_topic`` articles per topic, evenly spaced in (date, path) order.

    ``second`` picks the slice "b" instead of "a": the articles half-way between those of "a",
    none of them in "a" (topics of fewer than twice ``per_topic`` articles may share a few).

    Gold: the story is the topic (9 in all); there is no event gold, so ``event`` repeats the topic
    and :func:`run_timeline17` scores stories only. The headline is left empty, as the set has none of its own
    (its first line is a headline, a dateline or a byline).
    """
    from storyline.eval.readers.timeline17 import read_timeline17

    by_topic: dict[str, list[Any]] = {}
    for doc in read_timeline17(path):
        by_topic.setdefault(t17_topic(doc.id.split("/", 1)[0]), []).append(doc)
    out = []
    for topic, docs in sorted(by_topic.items()):
        docs.sort(key=lambda d: (d.published, d.id))
        points = np.linspace(0, len(docs) - 1, num=min(per_topic, len(docs)))
        if second:
            points = points[:-1] + np.diff(points) / 2 if len(points) > 1 else points
        picks = sorted({int(round(i)) for i in points})
        for i in picks:
            d = docs[i]
            out.append(EvalDoc(d.id, "", d.text, d.published, d.outlet, topic, topic))
    return out


def story_summary(docs: Sequence[EvalDoc], pred: Prediction) -> list[str]:
    """Lines on how the stories hold a long archive: counts, single-article ones, each topic's largest share."""
    events = Counter(pred.events.values())
    stories = Counter(pred.stories.values())
    lines = [
        f"{len(events)} events, {sum(1 for n in events.values() if n == 1)} of them single articles; "
        f"{len(stories)} stories, {sum(1 for n in stories.values() if n == 1)} of them single articles"
    ]
    shares = []
    for topic in sorted({str(d.story) for d in docs}):
        ids = [d.id for d in docs if d.story == topic]
        spread = Counter(pred.stories[i] for i in ids)
        shares.append(f"{topic} {spread.most_common(1)[0][1] / len(ids):.2f} (in {len(spread)} stories)")
    lines.append("share of each topic in its largest story: " + ", ".join(shares))
    return lines


def run_timeline17(
    path: str | Path, *, split: str | None = None, config: Mapping[str, Any] | None = None, baselines: bool = True
) -> dict[str, Any]:
    """Stories on the Timeline17 slice (:func:`read_timeline17_slice`) against the 9 topics, as one store.

    Rows: ours; with baselines, TF-IDF + average-linkage at its best cut on this data (oracle) and
    K-means with k = 9 given and k by silhouette. Notes: event and story counts and each topic's
    share in its largest story, the measures the whole-set run is read by.
    """
    split = split or "a"
    if split not in ("a", "b"):
        raise StorylineError(f"split {split!r}: the Timeline17 slices are 'a' (default) and 'b'")
    docs = read_timeline17_slice(path, second=split == "b")
    pred = run_stages(docs, nlp_results(docs, "timeline17"), config)
    gold = {d.id: str(d.story) for d in docs}
    rows = [{"level": "stories", "method": "storyline (stages)", **score(pred.stories, gold).as_dict()}]
    notes = [
        f"a SLICE of Timeline17 ({split}), not the whole set: {T17_PER_TOPIC} articles per topic, evenly spaced in date order"
    ]
    notes += story_summary(docs, pred)
    if baselines:
        t, s = TfidfAgglomerative(docs).best(gold)
        rows.append({"level": "stories", "method": f"tfidf+agglo @ {t} (oracle: best on this data)", **s.as_dict()})
        km_rows, km_notes = kmeans_rows(docs, gold)
        rows.extend({**r, "level": "stories", "method": r["method"].replace("gold events", "gold topics")} for r in km_rows)
        notes.extend(km_notes)
    return {
        "format": "timeline17",
        "path": str(path),
        "split": f"slice {split}",
        "tuned_on": None,
        "documents": len(docs),
        "gold_events": len(set(gold.values())),
        "gold_stories": len(set(gold.values())),
        "duplicates_found": len(pred.duplicates),
        "rows": rows,
        "notes": notes,
    }
