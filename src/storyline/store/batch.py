"""Deciding what one batch of incoming articles does to the stored ones (pure Python, no SQL).

Rules, applied to each incoming article in order, against the stored articles *and* the
earlier articles of the same batch:

1. Same id as a known article (else same url): the same text (by :func:`content_hash`, so
   whitespace-only changes count as the same) is ``unchanged``; a changed text makes the known
   article's current text a revision and stores the new one (``revised``).
2. Otherwise, the same text as a known article is ``unchanged`` when the two could be the
   same publication: their outlets agree (or one is unknown) and their urls agree (or one is
   unknown). A verbatim reprint by another outlet or at another url is a separate article:
   the duplicates stage links such copies, so ingest must not swallow them.
3. Anything else is ``added``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from storyline.models import Article, IngestReport


@dataclass
class KnownArticle:
    """What deduplication needs to know of a stored article (texts stay in the database)."""

    id: str
    url: str | None
    outlet: str | None
    content_hash: str
    revision: int
    # Current values of KEPT_FIELDS and the source path/line (see _keep_known_fields).
    fields: dict[str, Any] = field(default_factory=dict)
    in_db: bool = True
    # The incoming article whose values will be written; None while the row is untouched.
    incoming: Article | None = None


@dataclass
class RevisionFromBatch:
    """An earlier text that only ever existed within this batch."""

    article_id: str
    revision: int
    title: str
    text: str
    content_hash: str


@dataclass
class BatchPlan:
    """The writes one batch needs, in the order they must run."""

    # (article_id, revision): copy the stored row into article_revisions before it is updated.
    copy_to_revisions: list[tuple[str, int]] = field(default_factory=list)
    updates: dict[str, KnownArticle] = field(default_factory=dict)
    inserts: dict[str, KnownArticle] = field(default_factory=dict)
    # Inserted after the articles they belong to exist.
    revisions_from_batch: list[RevisionFromBatch] = field(default_factory=list)
    report: IngestReport = field(default_factory=IngestReport)


def problem_with(article: Article) -> str | None:
    """Why ``article`` cannot be stored, or None. The reason quotes the bad value."""
    if not isinstance(article.id, str) or not article.id.strip():
        return f"article id {article.id!r} is empty (accepted: a non-empty string)"
    if not isinstance(article.text, str):
        return f"article {article.id!r} has text of type {type(article.text).__name__} (accepted: a string)"
    # PostgreSQL text cannot hold NUL; refusing it on SQLite too keeps the backends identical.
    for name, value in (("text", article.text), ("title", article.title or "")):
        if "\x00" in value:
            return f"article {article.id!r} has a NUL (0x00) character in its {name} at offset {value.index(chr(0))}"
    return None


def where(article: Article) -> str:
    """Where an article came from, for messages: ``path:line``, else its id."""
    if article.source_path:
        line = article.source_line
        return f"{article.source_path}:{line}" if line is not None else article.source_path
    return f"article {article.id!r}"


# Fields a revision keeps from the earlier version when the new record leaves them unknown
# (None; for meta, empty): a re-fetched page without a date has not lost its date. The source
# path and line travel together.
KEPT_FIELDS = ("outlet", "published", "language", "meta")
FIELDS = (*KEPT_FIELDS, "source_path", "source_line")


def fields_of(article: Article) -> dict[str, Any]:
    """The values of :data:`FIELDS` of ``article``."""
    return {name: getattr(article, name) for name in FIELDS}


def _keep_known_fields(new: Article, old: dict[str, Any]) -> Article:
    kept = {name: old[name] for name in KEPT_FIELDS if not getattr(new, name) and old.get(name)}
    if new.source_path is None and old.get("source_path") is not None:
        kept.update(source_path=old["source_path"], source_line=old.get("source_line"))
    return dataclasses.replace(new, **kept) if kept else new


class BatchPlanner:
    """Plans one batch against the stored articles that share an id, url or hash with it."""

    def __init__(self, known: list[KnownArticle]) -> None:
        self.plan = BatchPlan()
        self._by_id: dict[str, KnownArticle] = {}
        self._by_url: dict[str, KnownArticle] = {}
        self._by_hash: dict[str, list[KnownArticle]] = {}
        for row in known:
            self._index(row)

    def _index(self, row: KnownArticle) -> None:
        self._by_id[row.id] = row
        if row.url:
            self._by_url[row.url] = row
        self._by_hash.setdefault(row.content_hash, []).append(row)

    def add(self, article: Article, digest: str | None = None) -> None:
        """Decide what ``article`` does and record it in the plan.

        ``digest`` is ``article.hash`` when the caller already computed it.
        """
        report = self.plan.report
        problem = problem_with(article)
        if problem is not None:
            report.rejected.append(f"{where(article)}: {problem}")
            return
        digest = digest or article.hash
        match = self._by_id.get(article.id) or (self._by_url.get(article.url) if article.url else None)
        if match is not None:
            if match.content_hash == digest:
                report.unchanged += 1
            else:
                self._revise(match, article, digest)
            return
        if any(self._same_publication(row, article) for row in self._by_hash.get(digest, ())):
            report.unchanged += 1
            return
        row = KnownArticle(
            article.id, article.url, article.outlet, digest, 1, fields_of(article), in_db=False, incoming=article
        )
        self._index(row)
        self.plan.inserts[row.id] = row
        report.added += 1

    @staticmethod
    def _same_publication(row: KnownArticle, article: Article) -> bool:
        outlets_agree = row.outlet is None or article.outlet is None or row.outlet == article.outlet
        urls_agree = row.url is None or article.url is None or row.url == article.url
        return outlets_agree and urls_agree

    def _revise(self, row: KnownArticle, article: Article, digest: str) -> None:
        plan = self.plan
        if row.incoming is None:
            plan.copy_to_revisions.append((row.id, row.revision))
        else:
            previous = row.incoming
            plan.revisions_from_batch.append(
                RevisionFromBatch(row.id, row.revision, previous.title or "", previous.text, row.content_hash)
            )
        url = self._url_after_revision(row, article)
        if article.id != row.id:
            plan.report.warnings.append(
                f"{where(article)}: article {article.id!r} has the url {article.url!r} of stored article "
                f"{row.id!r}; its text was stored as a new revision of {row.id!r}"
            )
        self._by_hash[row.content_hash].remove(row)
        self._by_hash.setdefault(digest, []).append(row)
        row.content_hash = digest
        row.revision += 1
        incoming = _keep_known_fields(dataclasses.replace(article, id=row.id, url=url), row.fields)
        row.outlet = incoming.outlet
        row.fields = fields_of(incoming)
        row.incoming = incoming
        if row.in_db:
            plan.updates[row.id] = row
        plan.report.revised += 1

    def _url_after_revision(self, row: KnownArticle, article: Article) -> str | None:
        """The url a revised article keeps: the new one unless another article owns it."""
        if not article.url or article.url == row.url:
            return row.url
        owner = self._by_url.get(article.url)
        if owner is not None and owner is not row:
            self.plan.report.warnings.append(
                f"{where(article)}: url {article.url!r} already belongs to article {owner.id!r}; "
                f"article {row.id!r} keeps its url {row.url!r}"
            )
            return row.url
        if row.url:
            del self._by_url[row.url]
        row.url = article.url
        self._by_url[article.url] = row
        return article.url


__all__ = [
    "FIELDS", "BatchPlan", "BatchPlanner", "KnownArticle", "RevisionFromBatch", "fields_of", "problem_with", "where"
]
