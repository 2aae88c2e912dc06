"""Speed of the entities stage: see :func:`extract_quotes.bench_entities` (one module measures both)."""

from extract_quotes import bench_entities

__all__ = ["bench_entities"]
