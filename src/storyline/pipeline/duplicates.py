"""The ``duplicates`` corpus stage: copies and rewrites, with the passages they share.

The detection lives in :mod:`storyline.cluster.duplicates` and :mod:`storyline.cluster.dedup`;
sentences are split inside the ``clean`` stage's paragraphs.
"""

from __future__ import annotations

from storyline.cluster.dedup import DedupConfig
from storyline.cluster.duplicates import dedup_doc, find_duplicates, result_data
from storyline.cluster.options import with_overrides
from storyline.models import StageResult
from storyline.pipeline.registry import CorpusContext, stage

# "2": float sums over terms in a fixed order (no longer in set order).
VERSION = "2"


@stage("duplicates", version=VERSION, scope="corpus", requires=("clean",), assigns=("duplicates", "article_fields"))
def duplicates(ctx: CorpusContext) -> StageResult:
    """Copies (MinHash LSH + exact containment) and rewrites (sentence alignment), earliest article first."""
    config = with_overrides(DedupConfig(), ctx.config.get("duplicates"), "duplicates")
    docs = (dedup_doc(doc.article, doc.data("clean").get("paragraphs")) for doc in ctx.docs())
    return StageResult(result_data(*find_duplicates(docs, config)))
