"""storyline: follow a news story across many outlets, deduplicated, dated and sourced.

The library API is :mod:`storyline.engine` (``engine.ingest``, ``engine.analyze``, ``engine.bundle``,
``engine.export``, ``engine.stats``); the most used of its functions, the store, the records and the
errors are re-exported here. ``ingest`` and ``bundle`` are not re-exported because
``storyline.ingest`` and ``storyline.bundle`` are subpackages/modules of those names.
"""

from storyline import engine
from storyline.engine import AnalyzeReport, analyze, export, stats
from storyline.errors import (
    BundleError,
    InputError,
    PipelineError,
    StoreError,
    StoreUnavailableError,
    StorylineError,
    UnknownFormatError,
)
from storyline.models import Article, IngestReport, StageFailure, StageResult, StoredResult
from storyline.store import Store, open_store

__version__ = "0.1.0"

__all__ = [
    "AnalyzeReport",
    "Article",
    "BundleError",
    "IngestReport",
    "InputError",
    "PipelineError",
    "StageFailure",
    "StageResult",
    "Store",
    "StoreError",
    "StoreUnavailableError",
    "StoredResult",
    "StorylineError",
    "UnknownFormatError",
    "analyze",
    "engine",
    "export",
    "open_store",
    "stats",
]
