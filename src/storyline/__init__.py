"""storyline: follow a news story across many outlets, deduplicated, dated and sourced.

The public API is the engine (ingest, analyze, export, stats), the store, the records and errors.
"""

from storyline.engine import AnalyzeReport, analyze, bundle, export, ingest, stats
from storyline.errors import (
    BundleError,
    InputError,
    PipelineError,
    StoreError,
    StoreUnavailableError,
    StorylineError,
    UnknownFormatError,
)
from storyline.models import Article, IngestReport, StageResult, StoredResult
from storyline.store import Store, open_store

__version__ = "0.1.0"

__all__ = [
    "AnalyzeReport",
    "Article",
    "BundleError",
    "IngestReport",
    "InputError",
    "PipelineError",
    "StageResult",
    "Store",
    "StoreError",
    "StoreUnavailableError",
    "StoredResult",
    "StorylineError",
    "UnknownFormatError",
    "analyze",
    "bundle",
    "export",
    "ingest",
    "open_store",
    "stats",
]
