"""The ``clean`` stage: paragraph spans, word count and the language gate for later stages.

Text clean-up itself (boilerplate, promo lines, lifted metadata) happens at ingest, before the
text is stored, so that every offset storyline reports points into the stored text. This stage
records the structure later stages rely on and decides whether an article is analysed at all.
"""

from __future__ import annotations

import logging

from storyline.models import StageResult
from storyline.parsing import blank_line_paragraphs
from storyline.pipeline.registry import ArticleDoc, stage

log = logging.getLogger(__name__)

# Still version 1 with the summary-only gate: only articles ingested since then carry the flag,
# and they get a fresh result, so no stored result is outdated (a bump would re-parse every article).
@stage("clean", version="1", assigns=("paragraphs", "words", "language", "analysable"), gate="analysable")
def clean(docs: list[ArticleDoc]) -> list[StageResult]:
    """Paragraph spans, word count and whether the article is analysed (English full texts only)."""
    out = []
    for doc in docs:
        art = doc.article
        # A feed item that carries only its summary is no article to analyse (see ingest.feed).
        summary_only = bool(art.meta.get("summary_only"))
        analysable = art.is_english and bool(art.text.strip()) and not summary_only
        if not art.is_english:
            log.info("article %r is in %r, not English: stored but skipped by analysis", art.id, art.language)
        elif summary_only:
            log.info("article %r is a feed summary, not a full text: stored but skipped by analysis", art.id)
        out.append(
            StageResult(
                {
                    "paragraphs": blank_line_paragraphs(art.text),
                    "words": len(art.text.split()),
                    "language": art.language or "en",
                    "analysable": analysable,
                }
            )
        )
    return out
