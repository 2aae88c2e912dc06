"""Clustering machinery behind the duplicates, events and stories stages.

Pure data structures with no store or pipeline dependency, so that the stages, the
evaluation and the benchmarks all run the same code.
"""

from storyline.cluster.dedup import DedupConfig, DedupDoc, DuplicateFinder, Match
from storyline.cluster.stream import Cluster, Item, StreamClusterer, StreamConfig

__all__ = [
    "Cluster",
    "DedupConfig",
    "DedupDoc",
    "DuplicateFinder",
    "Item",
    "Match",
    "StreamClusterer",
    "StreamConfig",
]
