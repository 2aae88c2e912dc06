"""The sample corpus's gold quotes and entities, through ingest and analyze on a SQLite store.

How a gold quote is matched (examples/corpus/README.md describes the gold):

* the gold ``text`` is a snippet of the article's body; its offsets are found in the stored
  text (the ``occurrence``-th match);
* our quote for it is the shortest quote of the same article whose content covers at least
  half of the snippet's characters;
* the kind must be equal; the speaker is right when, with case, a leading article and
  spacing ignored, our speaker is the gold entity's name or one of its gold aliases; for an
  anonymous gold source, when our speaker is typed anonymous and shares a content word with
  the gold description ("a woman in the audience" ~ "one woman");
* precision is measured on the articles the gold marks complete for quotes: a quote of ours
  there that covers no gold snippet is a false positive. The gold annotates words (direct
  quotes and reported speech), not stances, so quotes of ``kind: "stance"`` ("endorsed
  Vanek", "criticism of the deal") are outside its scope and not counted there; a stance
  still counts for recall, where its kind must equal the gold's.

The floors are the ``quotes.sample_corpus`` gate in tests/eval_gate/floors.json; raise them as
the stages improve, never lower them silently.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import eval_gate
import pytest

from storyline import engine
from storyline.store import Store, open_store

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
GOLD = CORPUS / "gold.json"
STAGES = ["clean", "nlp", "mentions", "people", "entities", "quotes", "speakers"]

GATE = "quotes.sample_corpus"
# The kinds of quote the gold annotates (examples/corpus/README.md): stances are out of its scope.
GOLD_KINDS = ("direct", "indirect")

pytestmark = pytest.mark.skipif(not GOLD.is_file(), reason="examples/corpus/gold.json is not there")

_STOP = frozenset("a an the of in at on near from by for to and with who whose one some most several many".split())


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, dict[str, Any]]]:
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'store.db'}")
    engine.ingest(store, [CORPUS])
    engine.analyze(store, stages=STAGES)
    try:
        yield store, engine.bundle(store)
    finally:
        store.close()


def _norm(name: str | None) -> str:
    text = (name or "").replace("’", "'").lower()
    text = re.sub(r"^(the|a|an)\s+", "", text.strip())
    return " ".join(text.split())


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]+", text.lower()) if w not in _STOP}


def _find(text: str, snippet: str, occurrence: int = 1) -> tuple[int, int] | None:
    pos = -1
    for _ in range(occurrence):
        pos = text.find(snippet, pos + 1)
        if pos < 0:
            return None
    return pos, pos + len(snippet)


def _parts(q: dict[str, Any]) -> list[list[int]]:
    return q.get("parts") or [[q["start"], q["end"]]]


def _covered(q: dict[str, Any], start: int, end: int) -> int:
    return sum(max(0, min(end, e) - max(start, s)) for s, e in _parts(q))


def compare(store: Store, bundle: dict[str, Any]) -> dict[str, Any]:
    """Match the gold quotes against the bundle's quotes; return counts and the misses."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    texts = {a.id: a.text for a in store.iter_articles()}
    names = {_norm(e["name"]): {_norm(n) for n in [e["name"], *e["aliases"]]} for e in gold["entities"]}
    ours: dict[str, list[dict[str, Any]]] = {}
    for q in bundle["quotes"]:
        ours.setdefault(q["article"], []).append(q)
    complete = set(gold["complete"]["quotes"])
    out: dict[str, Any] = {"gold": 0, "found": 0, "kind": 0, "speaker": 0, "misses": []}
    for g in gold["quotes"]:
        text = texts.get(g["article"], "")
        span = _find(text, g["text"], g.get("occurrence", 1))
        assert span is not None, f"gold snippet not in the stored text: {g}"
        out["gold"] += 1
        s, e = span
        cands = [q for q in ours.get(g["article"], []) if _covered(q, s, e) >= 0.5 * (e - s)]
        if not cands:
            out["misses"].append(("not found", g, None))
            continue
        q = min(cands, key=lambda q: q["end"] - q["start"])
        out["found"] += 1
        out["kind"] += q["kind"] == g["kind"]
        if g.get("anonymous"):
            ok = q.get("speaker_type") == "anonymous" and bool(_words(g["speaker"]) & _words(q.get("speaker") or ""))
        else:
            ok = _norm(q["speaker"]) in names.get(_norm(g["speaker"]), {_norm(g["speaker"])})
        out["speaker"] += ok
        if not ok or q["kind"] != g["kind"]:
            out["misses"].append(("wrong", g, q))
    spans: dict[str, list[tuple[int, int]]] = {}
    for g in gold["quotes"]:
        found = _find(texts.get(g["article"], ""), g["text"], g.get("occurrence", 1))
        if found is not None:
            spans.setdefault(g["article"], []).append(found)
    in_complete = [q for a, qs in ours.items() if a in complete for q in qs if q["kind"] in GOLD_KINDS]
    out["predicted"] = len(in_complete)
    out["false_positives"] = [q for q in in_complete if not any(_covered(q, s, e) for s, e in spans.get(q["article"], []))]
    out["true_positive"] = out["predicted"] - len(out["false_positives"])
    return out


def _report(result: dict[str, Any]) -> str:
    lines = []
    for why, g, q in result["misses"]:
        got = f"{q['kind']} {q['speaker']!r} ({q.get('speaker_type')}, as written {q.get('speaker_text')!r})" if q else "-"
        lines.append(f"{why}: {g['kind']} {g['speaker']!r} | {g['text'][:60]!r} | ours: {got}")
    return "\n".join(lines)


def test_gold_quotes_meet_their_floors(analysed: tuple[Store, dict[str, Any]]) -> None:
    store, bundle = analysed
    r = compare(store, bundle)
    measured = {
        "recall": r["found"] / r["gold"],
        "kind": r["kind"] / max(1, r["found"]),
        "speaker": r["speaker"] / max(1, r["found"]),
        "precision": r["true_positive"] / max(1, r["predicted"]),
    }
    extra = "\n".join(f"{q['article']}: {q['kind']} {q['speaker']!r} {q['text'][:70]!r}" for q in r["false_positives"])
    eval_gate.check(GATE, measured, f"misses and wrong ones:\n{_report(r)}\nfalse positives:\n{extra}")
