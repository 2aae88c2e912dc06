"""The one storage interface. SQLite (default) and PostgreSQL implement it and pass the same tests."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from storyline.models import Article, FetchState, IngestReport, StageFailure, StageResult, StoredResult


class Store(ABC):
    """Articles, their revisions, and every stage's stored results.

    Writes are transactional per batch: a batch is either wholly stored or not at all.
    """

    url: str

    # --- articles -------------------------------------------------------------------
    @abstractmethod
    def add_articles(
        self, articles: Iterable[Article], *, batch_size: int = 500, atomic: bool = False
    ) -> IngestReport:
        """Store articles idempotently, one transaction per batch.

        An article whose id, url or content hash is already stored with the same text adds
        nothing (``unchanged``). A known id or url with a changed text keeps the old text as a
        revision and stores the new one (``revised``). Anything else is ``added``.

        With ``atomic=True`` (for ``--strict``) the whole input is one transaction: if the
        input raises or any article is rejected, nothing is stored and the report's counts
        are zero.
        """

    @abstractmethod
    def get_article(self, article_id: str) -> Article | None: ...

    @abstractmethod
    def iter_articles(self, *, english_only: bool = False) -> Iterator[Article]:
        """All articles in (published, id) order; undated articles last."""

    @abstractmethod
    def count_articles(self) -> int: ...

    @abstractmethod
    def revisions(self, article_id: str) -> list[dict[str, Any]]:
        """Earlier texts of an article: [{revision, text, hash, stored_at}], oldest first."""

    # --- stage results --------------------------------------------------------------
    @abstractmethod
    def article_results(
        self, stage: str, article_ids: Sequence[str] | None = None, *, with_blob: bool = True
    ) -> dict[str, StoredResult]:
        """Stored results of an article stage, by article id."""

    @abstractmethod
    def put_article_results(self, stage: str, version: str, items: Sequence[tuple[str, str, StageResult]]) -> None:
        """Store (article_id, input_hash, result) triples for a stage, replacing older ones, in one transaction."""

    @abstractmethod
    def drop_article_results(self, stage: str, article_ids: Sequence[str]) -> None:
        """Remove a stage's results for these articles (outdated ones that cannot be recomputed)."""

    @abstractmethod
    def corpus_result(self, stage: str) -> StoredResult | None: ...

    @abstractmethod
    def put_corpus_result(self, stage: str, version: str, input_hash: str, result: StageResult) -> None: ...

    # --- failures -------------------------------------------------------------------
    @abstractmethod
    def put_failures(self, failures: Sequence[StageFailure]) -> None:
        """Record failures, replacing any earlier failure of the same stage and article.

        A failed article's stored result for that stage, now outdated, is removed in the same
        transaction: a failure never leaves an old result standing in for the missing one.
        """

    @abstractmethod
    def clear_failures(self, stage: str, article_ids: Sequence[str | None]) -> None:
        """Forget the failures of a stage for these articles (None: the corpus stage's own)."""

    @abstractmethod
    def failures(self, stage: str | None = None) -> list[StageFailure]:
        """Recorded failures, by stage then article; all stages when ``stage`` is None."""

    # --- the outlet registry --------------------------------------------------------
    @abstractmethod
    def outlets(self) -> list[dict[str, Any]]:
        """The outlet registry: [{key, kind, name, origin}] by kind then key."""

    @abstractmethod
    def learn_outlets(self, entries: Sequence[dict[str, str]]) -> int:
        """Add what ingest saw ({key, kind, name, origin}) to the registry; returns rows written.

        A key not yet known is added. A known key changes only from "guessed" (a domain used as
        the name) to "seen" (a real site name); "seen" and "user" rows are never overwritten.
        """

    @abstractmethod
    def set_outlet(self, key: str, kind: str, name: str) -> None:
        """Map ``key`` (a domain or feed title) to ``name``, as the user's own choice."""

    # --- fetch state (storyline follow) -----------------------------------------------
    @abstractmethod
    def fetch_states(self, urls: Sequence[str] | None = None, *, status: str | None = None) -> dict[str, FetchState]:
        """The remembered state of these urls (all when None), by url; only ``status`` ones when given."""

    @abstractmethod
    def put_fetch_states(self, states: Sequence[FetchState]) -> None:
        """Remember these states, replacing any earlier state of the same url, in one transaction."""

    @abstractmethod
    def robots_txt(self, host: str) -> tuple[int, str, str] | None:
        """The cached robots.txt of ``host`` as (HTTP status, body, ISO fetch time), or None."""

    @abstractmethod
    def put_robots_txt(self, host: str, status: int, body: str) -> None:
        """Cache the robots.txt of ``host`` (fetched now), replacing any earlier copy."""

    @abstractmethod
    def record_poll(self, started_at: str, finished_at: str, *, sources: int, added: int, revised: int, failed: int) -> None:
        """Remember one poll cycle of ``follow`` (times as ISO strings, UTC when naive)."""

    @abstractmethod
    def polls(self, *, limit: int = 20) -> list[dict[str, Any]]:
        """The newest ``limit`` poll cycles, newest first: ``{started_at, finished_at, sources, added, revised, failed}``."""

    @abstractmethod
    def stored_since(self, since: str) -> dict[str, str]:
        """Articles stored (added or revised) at or after ``since`` (ISO), with when: ``{id: ISO time}``."""

    # --- reporting ------------------------------------------------------------------
    @abstractmethod
    def fingerprint(self) -> str:
        """A cheap token that changes whenever anything stored changes (for caches)."""

    @abstractmethod
    def stats(self) -> dict[str, Any]:
        """Counts: articles, outlets, languages, date range, results per stage and version."""

    @abstractmethod
    def search(self, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over title and text: [{article, title, snippet, rank}]."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
