"""Generated articles for benchmarks: English news-like prose with names, places, dates and figures.

Deterministic for a given seed, so runs compare like with like.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

FIRST = ["Alma", "Tomas", "Ines", "Viktor", "Lena", "Marek", "Odile", "Rafael", "Sunniva", "Kofi", "Mira", "Jonas"]
LAST = ["Reyes", "Halvorsen", "Okafor", "Brandt", "Castell", "Morrow", "Ilves", "Tanaka", "Duarte", "Novak"]
PLACES = ["Port Calder", "Brennmoor", "Veltrana", "Ostrava Bay", "Kessing", "Lorn Valley", "Marisol", "Eastgate"]
ORGS = ["the interior ministry", "the harbour authority", "the Red Lantern Society", "the national assembly",
        "the river commission", "the teachers' union", "the coast guard"]
OUTLETS = ["Meridian Wire", "The Calder Post", "Northern Ledger", "Harbour Live", "The Veltrana Times", "Daily Beacon"]
VERBS = ["said", "told reporters", "announced", "warned", "confirmed"]
TOPICS = ["flooding", "a port strike", "the ferry collapse", "the ceasefire talks", "the election recount", "a wildfire"]
UNITS = ["people were evacuated", "homes were damaged", "workers joined the strike", "people were injured",
         "detainees were released"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def sentence(rng: random.Random) -> str:
    who = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    kind = rng.randrange(5)
    if kind == 0:
        return f'"We will not leave {rng.choice(PLACES)} until the work is done," {who} {rng.choice(VERBS)} on {rng.choice(WEEKDAYS)}.'
    if kind == 1:
        return f"At least {rng.randrange(3, 4000):,} {rng.choice(UNITS)} in {rng.choice(PLACES)}, according to {rng.choice(ORGS)}."
    if kind == 2:
        return f"{who}, who leads {rng.choice(ORGS)}, {rng.choice(VERBS)} that {rng.choice(TOPICS)} had reached {rng.choice(PLACES)} last week."
    if kind == 3:
        return f"Officials in {rng.choice(PLACES)} expect talks on {rng.choice(TOPICS)} to resume early next month."
    return f"The dispute over {rng.choice(TOPICS)} has lasted {rng.randrange(2, 30)} days, and {rng.choice(ORGS)} has called for calm."


def article(i: int, rng: random.Random, start: date) -> dict:
    paras = []
    for _ in range(rng.randrange(4, 8)):
        paras.append(" ".join(sentence(rng) for _ in range(rng.randrange(2, 5))))
    return {
        "id": f"bench-{i:07d}",
        "outlet": rng.choice(OUTLETS),
        "published": (start + timedelta(days=rng.randrange(0, 120))).isoformat(),
        "title": f"{rng.choice(TOPICS).capitalize()} in {rng.choice(PLACES)}: update {i}",
        "url": f"https://news.example/{i}",
        "text": "\n\n".join(paras),
    }


def write_jsonl(path: Path, n: int, seed: int = 7) -> int:
    """Write ``n`` articles as JSONL; returns the number of words written."""
    rng = random.Random(seed)
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            art = article(i, rng, date(2023, 10, 1))
            words += len(art["text"].split())
            fh.write(json.dumps(art) + "\n")
    return words
