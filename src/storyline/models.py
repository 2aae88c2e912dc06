"""Plain data records shared by ingest, the pipeline, the store and the exporters."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any


def content_hash(text: str) -> str:
    """A stable hash of an article's text, insensitive to whitespace runs."""
    normal = " ".join(text.split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def derive_id(url: str | None, text: str) -> str:
    """Content-derived article id used when the input gives none: the url if known, else the text."""
    basis = f"url:{url}" if url else f"text:{content_hash(text)}"
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    """One news article as stored.

    ``text`` is the cleaned text; every offset in storyline's output points into it.
    ``language`` is an ISO 639-1 code or None before detection; articles whose language
    is not English are stored but skipped by analysis.
    """

    id: str
    text: str
    title: str = ""
    outlet: str | None = None
    published: date | None = None
    url: str | None = None
    language: str | None = None
    source_path: str | None = None
    source_line: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def hash(self) -> str:
        return content_hash(self.text)

    @property
    def is_english(self) -> bool:
        return self.language in (None, "en")


@dataclass
class IngestReport:
    """What one ingest run did."""

    added: int = 0
    unchanged: int = 0
    revised: int = 0
    rejected: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def merge(self, other: "IngestReport") -> None:
        self.added += other.added
        self.unchanged += other.unchanged
        self.revised += other.revised
        self.rejected.extend(other.rejected)
        self.warnings.extend(other.warnings)


@dataclass
class StageResult:
    """The stored output of one stage: JSON-able data and an optional binary blob."""

    data: dict[str, Any]
    blob: bytes | None = None


@dataclass
class StoredResult:
    """A stage result as read back from the store."""

    stage: str
    version: str
    input_hash: str
    data: dict[str, Any]
    blob: bytes | None = None


@dataclass
class StageFailure:
    """Why a stage produced no result for one article, or (``article`` None) for the corpus.

    ``input_hash`` is the stage's input hash when it failed: the same input is not retried on
    the next run (it would fail again) unless asked to, while a changed text or a new stage
    version retries it.
    """

    stage: str
    article: str | None
    version: str
    input_hash: str
    error: str
    message: str
    traceback: str = ""
    failed_at: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "article": self.article,
            "version": self.version,
            "error": self.error,
            "message": self.message,
            "traceback": self.traceback,
            "failed_at": self.failed_at,
        }


# progress(task, advance, total): called by long operations; total is None when unknown.
Progress = Callable[[str, int, int | None], None]


def no_progress(task: str, advance: int, total: int | None) -> None:
    """A progress callback that shows nothing."""
    return None


@dataclass
class AnalyzeReport:
    """What one analyze run did, per stage.

    Attributes:
        computed: results computed this run, by stage.
        reused: stored results that were still current, by stage.
        skipped_articles: articles a gate stage set aside (not English, say).
        failed: failures recorded this run.
        blocked: by stage, articles not run because a stage they require failed for them.
    """

    computed: dict[str, int] = field(default_factory=dict)
    reused: dict[str, int] = field(default_factory=dict)
    skipped_articles: list[str] = field(default_factory=list)
    failed: list[StageFailure] = field(default_factory=list)
    blocked: dict[str, int] = field(default_factory=dict)


@dataclass
class FetchState:
    """What ``follow`` remembers about one url between runs (see :mod:`storyline.fetch`).

    Attributes:
        url: the address, as listed by a feed or given by the user.
        kind: "source" (a feed, sitemap or page polled each cycle) or "page" (an article page).
        status: "ok" (fetched; a page is stored), "failed" (to retry after ``next_try``) or
            "skipped" (robots.txt disallows it, or the page holds no article).
        etag, last_modified: the validators of the last 200 response, for conditional GETs.
        attempts: failures in a row (0 once it succeeds).
        next_try: ISO time before which a failed url is not fetched again.
        error: the last failure or skip reason.
        article: the stored article's id, for a page.
        checked_at: ISO time of the last fetch.
    """

    url: str
    kind: str
    status: str = "ok"
    etag: str | None = None
    last_modified: str | None = None
    attempts: int = 0
    next_try: str | None = None
    error: str | None = None
    article: str | None = None
    checked_at: str | None = None
