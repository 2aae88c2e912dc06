"""The sample corpus analysed once per test session up to the stories stage, for the
duplicates, events, stories and eval-gate tests (a helper module, not a test module)."""

from __future__ import annotations

import functools
import json
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
STAGES = ["clean", "nlp", "mentions", "duplicates", "events", "stories"]


def gold() -> dict[str, Any]:
    return json.loads((CORPUS / "gold.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=1)
def analysed_bundle() -> dict[str, Any]:
    """Ingest and analyse examples/corpus into a fresh SQLite store; returns the validated bundle."""
    from storyline import engine
    from storyline.store import open_store

    folder = tempfile.mkdtemp(prefix="storyline-sample-")
    store = open_store(f"sqlite:///{folder}/sample.db")
    try:
        engine.ingest(store, [CORPUS])
        engine.analyze(store, stages=STAGES)
        return engine.bundle(store)
    finally:
        store.close()
