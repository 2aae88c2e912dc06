"""examples/corpus analysed through the real engine into a fresh SQLite store, once per stage list
per test session (a helper module, not a test module)."""

from __future__ import annotations

import functools
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"


@dataclass(frozen=True)
class Analysed:
    bundle: dict[str, Any]
    texts: dict[str, str]
    published: dict[str, date | None]


@functools.lru_cache(maxsize=None)
def analysed(stages: tuple[str, ...]) -> Analysed:
    """Ingest examples/corpus, run ``stages`` and return the validated bundle with the stored texts."""
    from storyline import engine
    from storyline.store import open_store

    folder = tempfile.mkdtemp(prefix="storyline-sample-")
    store = open_store(f"sqlite:///{folder}/sample.db")
    try:
        engine.ingest(store, [CORPUS])
        engine.analyze(store, stages=list(stages))
        articles = list(store.iter_articles())
        return Analysed(engine.bundle(store), {a.id: a.text for a in articles}, {a.id: a.published for a in articles})
    finally:
        store.close()


@functools.lru_cache(maxsize=None)
def analysed_db() -> Path:
    """A SQLite file holding examples/corpus with every default stage run (made once per session):
    copy it before changing it."""
    from storyline import engine
    from storyline.store import open_store

    path = Path(tempfile.mkdtemp(prefix="storyline-sample-db-")) / "sample.db"
    store = open_store(f"sqlite:///{path}")
    try:
        engine.ingest(store, [CORPUS])
        report = engine.analyze(store)
        assert not report.failed, [f.as_dict() for f in report.failed]
    finally:
        store.close()
    return path
