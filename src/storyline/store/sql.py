"""SQLStore: the :class:`Store` for SQLite and PostgreSQL, one code path over SQLAlchemy Core.

Dialect-specific pieces are few and kept apart: engine settings (:mod:`.connection`), the
upsert statement (:func:`_upsert`), full-text search (:mod:`.search`) and the writer lock.

One writer at a time: in SQLite a process-wide lock plus ``BEGIN IMMEDIATE`` (other processes
wait on the busy timeout); in PostgreSQL a transaction-level advisory lock, so concurrent
ingests cannot both decide that the same article is new. Reads never take the lock.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import date, datetime, timezone
from typing import Any

from alembic.util.exc import CommandError
from sqlalchemy import Connection, Row, Table, and_, bindparam, func, insert, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError

from storyline.errors import StoreError, StoreUnavailableError
from storyline.models import Article, IngestReport, StageFailure, StageResult, StoredResult
from storyline.store import migrate
from storyline.store import search as fulltext
from storyline.store.base import Store
from storyline.store.batch import FIELDS, BatchPlan, BatchPlanner, KnownArticle
from storyline.store.connection import WRITE_OPTION, create_store_engine, first_line, mask_url, unavailable
from storyline.store.fetchstate import FetchStateMixin
from storyline.store.tables import article_revisions, articles, corpus_results, outlets, stage_failures, stage_results

log = logging.getLogger(__name__)

# Key of the PostgreSQL advisory lock held by every write transaction (any fixed bigint).
_PG_WRITER_LOCK = 0x5354_4F52_594C_494E  # "STORYLIN"
# Rows per statement for IN lists and bulk writes: far below SQLite's bound-parameter limit.
_CHUNK = 500
_PAGE = 500


class _RollBack(Exception):
    """Raised inside a write transaction to undo it."""


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _iso(moment: datetime | None) -> str | None:
    # SQLite hands back naive datetimes; everything we store is UTC.
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.isoformat()


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _article(row: Row[Any]) -> Article:
    return Article(
        id=row.id,
        text=row.text,
        title=row.title,
        outlet=row.outlet,
        published=row.published,
        url=row.url,
        language=row.language,
        source_path=row.source_path,
        source_line=row.source_line,
        meta=dict(row.meta or {}),
    )


def _row_values(row: KnownArticle, now: datetime) -> dict[str, Any]:
    """The column values to write for a planned article (all but ``id`` and ``seq``)."""
    article = row.incoming
    assert article is not None
    return {
        "title": article.title or "",
        "text": article.text,
        "outlet": article.outlet,
        "published": article.published,
        "url": article.url,
        "language": article.language,
        "content_hash": row.content_hash,
        "source_path": article.source_path,
        "source_line": article.source_line,
        "meta": dict(article.meta or {}),
        "revision": row.revision,
        "stored_at": now,
    }


_ENGLISH = or_(articles.c.language.is_(None), articles.c.language == "en")
_ARTICLE_COLUMNS = [c for c in articles.c if c.name not in ("seq", "content_hash", "revision", "stored_at")]


class SQLStore(FetchStateMixin, Store):
    """The store in a SQLite file or a PostgreSQL database, migrated to the newest schema on open.

    Args:
        url: ``sqlite:///path.db``, a bare file path, ``sqlite://`` (in memory, for tests), or
            ``postgresql://user@host:port/db``.

    Raises:
        StoreUnavailableError: the database cannot be reached, opened or migrated.
    """

    def __init__(self, url: str) -> None:
        from storyline.store import normalize_url

        self._given = url
        self.url = normalize_url(url)
        self._engine = create_store_engine(url, self.url)
        self.dialect: str = self._engine.dialect.name
        self._lock = threading.Lock()
        # An in-memory SQLite database is a single shared connection: reads must queue too.
        self._memory = self.dialect == "sqlite" and (self._engine.url.database or ":memory:") == ":memory:"
        self._closed = False
        try:
            self._migrate()
        except BaseException:
            self._engine.dispose()
            raise

    @property
    def display_url(self) -> str:
        """The URL as given, with any password masked: safe for messages and logs."""
        return mask_url(self._given)

    # --- connections ----------------------------------------------------------------
    def _migrate(self) -> None:
        try:
            with self._engine.connect() as conn:
                if migrate.is_current(conn):
                    return
                current = migrate.current_revision(conn)
            log.info("migrating %s from schema %s to %s", self.display_url, current, migrate.head_revision())
            with self._write("migrating the schema") as conn:
                migrate.upgrade(conn)
        except CommandError as exc:
            raise StoreError(
                f"the store at {self.display_url!r} has a schema this version of storyline does not know "
                f"({exc}); it was written by a newer storyline"
            ) from None
        except StoreError as exc:
            if not isinstance(exc.__cause__, DBAPIError):
                raise
            raise unavailable(self._given, first_line(exc.__cause__)) from None
        except DBAPIError as exc:
            raise unavailable(self._given, first_line(exc)) from None

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """Turn driver errors into StoreError (StoreUnavailableError for a lost connection)."""
        if self._closed:
            raise StoreError(f"the store at {self.display_url!r} is closed ({doing})")
        try:
            yield
        except DBAPIError as exc:
            kind = StoreUnavailableError if exc.connection_invalidated else StoreError
            raise kind(f"{doing} failed in the store at {self.display_url!r}: {first_line(exc)}") from exc
        except StatementError as exc:  # e.g. a value the JSON serialiser rejects
            raise StoreError(f"{doing} failed in the store at {self.display_url!r}: {first_line(exc)}") from exc

    @contextmanager
    def _read(self, doing: str) -> Iterator[Connection]:
        with self._errors(doing), (self._lock if self._memory else nullcontext()), self._engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self, doing: str) -> Iterator[Connection]:
        """A write transaction: committed when the block ends, rolled back if it raises."""
        with self._errors(doing), self._lock, self._engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                if self.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_WRITER_LOCK})
                yield conn

    def _upsert(self, conn: Connection, table: Table, rows: list[dict[str, Any]], keys: Sequence[str]) -> None:
        dialect_insert = sqlite_insert if self.dialect == "sqlite" else postgresql_insert
        statement = dialect_insert(table)
        replace = {c.name: statement.excluded[c.name] for c in table.c if c.name not in keys}
        conn.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=replace), rows)

    # --- articles -------------------------------------------------------------------
    def add_articles(
        self, articles: Iterable[Article], *, batch_size: int = 500, atomic: bool = False
    ) -> IngestReport:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size!r}")
        iterator = iter(articles)
        if atomic:
            return self._add_atomically(iterator, batch_size)
        report = IngestReport()
        # The batch is read from the input before its transaction starts: an input that fails
        # midway leaves the earlier batches committed and nothing of the failing one.
        while batch := list(itertools.islice(iterator, batch_size)):
            with self._write(f"storing {len(batch)} articles") as conn:
                report.merge(self._add_batch(conn, batch))
        return report

    def _add_atomically(self, iterator: Iterator[Article], batch_size: int) -> IngestReport:
        report = IngestReport()
        try:
            with self._write("storing articles") as conn:
                # Batches still bound memory; later batches see the earlier ones' uncommitted rows.
                while batch := list(itertools.islice(iterator, batch_size)):
                    report.merge(self._add_batch(conn, batch))
                if report.rejected:
                    raise _RollBack
        except _RollBack:
            return IngestReport(
                rejected=report.rejected,
                warnings=[*report.warnings, f"nothing was stored: {len(report.rejected)} article(s) rejected"],
            )
        return report

    def _add_batch(self, conn: Connection, batch: list[Article]) -> IngestReport:
        # Hashing the text is the costliest Python step of an ingest: do it once.
        digests = [a.hash if isinstance(a.text, str) else None for a in batch]
        planner = BatchPlanner(self._known(conn, batch, {d for d in digests if d}))
        for article, digest in zip(batch, digests):
            planner.add(article, digest)
        self._apply(conn, planner.plan)
        return planner.plan.report

    def _known(self, conn: Connection, batch: list[Article], digests: set[str]) -> list[KnownArticle]:
        """The stored articles sharing an id, url or content hash with the batch."""
        columns = [articles.c.id, articles.c.url, articles.c.content_hash, articles.c.revision]
        columns += [articles.c[name] for name in FIELDS]
        keys = (
            (articles.c.id, {a.id for a in batch if isinstance(a.id, str)}),
            (articles.c.url, {a.url for a in batch if a.url}),
            (articles.c.content_hash, digests),
        )
        known: dict[str, KnownArticle] = {}
        for column, values in keys:
            for chunk in _chunks(sorted(values)):
                for row in conn.execute(select(*columns).where(column.in_(chunk))):
                    fields = {name: row._mapping[name] for name in FIELDS}
                    known[row.id] = KnownArticle(row.id, row.url, row.outlet, row.content_hash, row.revision, fields)
        return list(known.values())

    def _apply(self, conn: Connection, plan: BatchPlan) -> None:
        now = _utcnow()
        # Earlier texts first, before the updates below overwrite them.
        for chunk in _chunks([article_id for article_id, _revision in plan.copy_to_revisions]):
            current = select(
                articles.c.id, articles.c.revision, articles.c.title, articles.c.text, articles.c.content_hash,
                bindparam("now", now, type_=article_revisions.c.stored_at.type),
            ).where(articles.c.id.in_(chunk))
            columns = ["article_id", "revision", "title", "text", "content_hash", "stored_at"]
            conn.execute(insert(article_revisions).from_select(columns, current))
        if plan.updates:
            # executemany: the SET clause is made from the keys of the parameter dicts.
            statement = update(articles).where(articles.c.id == bindparam("b_id"))
            conn.execute(statement, [{**_row_values(row, now), "b_id": row.id} for row in plan.updates.values()])
        if plan.inserts:
            seq = conn.execute(select(func.coalesce(func.max(articles.c.seq), 0))).scalar_one()
            rows = [
                {**_row_values(row, now), "id": row.id, "seq": seq + offset}
                for offset, row in enumerate(plan.inserts.values(), start=1)
            ]
            for chunk in _chunks(rows):
                conn.execute(insert(articles), chunk)
        if plan.revisions_from_batch:
            conn.execute(insert(article_revisions), [
                {"article_id": r.article_id, "revision": r.revision, "title": r.title, "text": r.text,
                 "content_hash": r.content_hash, "stored_at": now}
                for r in plan.revisions_from_batch
            ])

    def get_article(self, article_id: str) -> Article | None:
        with self._read("reading an article") as conn:
            row = conn.execute(select(*_ARTICLE_COLUMNS).where(articles.c.id == article_id)).first()
        return _article(row) if row is not None else None

    def iter_articles(self, *, english_only: bool = False) -> Iterator[Article]:
        """All articles in (published, id) order, undated ones last, read in pages.

        Pages are separate short reads (keyset pagination), so a long iteration holds no
        transaction open while the caller writes results; an article stored meanwhile may or may
        not be seen.
        """
        base = select(*_ARTICLE_COLUMNS).limit(_PAGE)
        if english_only:
            base = base.where(_ENGLISH)
        dated = base.where(articles.c.published.isnot(None)).order_by(articles.c.published, articles.c.id)
        after: tuple[date, str] | None = None
        while True:
            query = dated
            if after is not None:
                published, last_id = after
                query = query.where(or_(
                    articles.c.published > published,
                    and_(articles.c.published == published, articles.c.id > last_id),
                ))
            page = self._page(query)
            yield from page
            if len(page) < _PAGE:
                break
            final = page[-1]
            assert final.published is not None
            after = (final.published, final.id)
        undated = base.where(articles.c.published.is_(None)).order_by(articles.c.id)
        last: str | None = None
        while True:
            page = self._page(undated if last is None else undated.where(articles.c.id > last))
            yield from page
            if len(page) < _PAGE:
                break
            last = page[-1].id

    def _page(self, query: Any) -> list[Article]:
        with self._read("reading articles") as conn:
            return [_article(row) for row in conn.execute(query)]

    def count_articles(self) -> int:
        with self._read("counting articles") as conn:
            return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())

    def revisions(self, article_id: str) -> list[dict[str, Any]]:
        query = (
            select(article_revisions)
            .where(article_revisions.c.article_id == article_id)
            .order_by(article_revisions.c.revision)
        )
        with self._read("reading revisions") as conn:
            rows = conn.execute(query).all()
        return [
            {"revision": r.revision, "title": r.title, "text": r.text, "hash": r.content_hash,
             "stored_at": _iso(r.stored_at)}
            for r in rows
        ]

    # --- stage results --------------------------------------------------------------
    def article_results(
        self, stage: str, article_ids: Sequence[str] | None = None, *, with_blob: bool = True
    ) -> dict[str, StoredResult]:
        names = ["article_id", "version", "input_hash", "data", *(["blob"] if with_blob else [])]
        columns = [stage_results.c[name] for name in names]
        base = select(*columns).where(stage_results.c.stage == stage)
        queries = [base] if article_ids is None else [
            base.where(stage_results.c.article_id.in_(chunk)) for chunk in _chunks(list(dict.fromkeys(article_ids)))
        ]
        results: dict[str, StoredResult] = {}
        with self._read(f"reading results of stage {stage!r}") as conn:
            for query in queries:
                for row in conn.execute(query):
                    blob = row.blob if with_blob else None
                    results[row.article_id] = StoredResult(
                        stage, row.version, row.input_hash, row.data, bytes(blob) if blob is not None else None
                    )
        return results

    def put_article_results(self, stage: str, version: str, items: Sequence[tuple[str, str, StageResult]]) -> None:
        if not items:
            return
        now = _utcnow()
        rows = [
            {"stage": stage, "article_id": article_id, "version": version, "input_hash": input_hash,
             "data": result.data, "blob": result.blob, "stored_at": now}
            for article_id, input_hash, result in items
        ]
        try:
            with self._write(f"storing results of stage {stage!r}") as conn:
                for chunk in _chunks(rows):
                    self._upsert(conn, stage_results, chunk, ["stage", "article_id"])
        except StoreError as exc:
            if not isinstance(exc.__cause__, IntegrityError):
                raise
            missing = self._missing([article_id for article_id, _h, _r in items])
            if not missing:
                raise
            raise StoreError(
                f"results of stage {stage!r} name {len(missing)} article(s) that are not stored, "
                f"e.g. {missing[0]!r}; store the articles first"
            ) from exc

    def drop_article_results(self, stage: str, article_ids: Sequence[str]) -> None:
        self._delete_keys(f"removing outdated results of stage {stage!r}", stage_results, stage, "article_id", article_ids)

    def _delete_keys(self, doing: str, table: Table, stage: str, key: str, keys: Sequence[str]) -> None:
        """Delete a stage's rows whose ``key`` column is one of ``keys``, in one transaction."""
        unique = list(dict.fromkeys(keys))
        if not unique:
            return
        with self._write(doing) as conn:
            for chunk in _chunks(unique):
                conn.execute(table.delete().where(table.c.stage == stage, table.c[key].in_(chunk)))

    def _missing(self, article_ids: list[str]) -> list[str]:
        found: set[str] = set()
        with self._read("checking article ids") as conn:
            for chunk in _chunks(list(dict.fromkeys(article_ids))):
                found.update(conn.execute(select(articles.c.id).where(articles.c.id.in_(chunk))).scalars())
        return [article_id for article_id in dict.fromkeys(article_ids) if article_id not in found]

    def corpus_result(self, stage: str) -> StoredResult | None:
        with self._read(f"reading the result of stage {stage!r}") as conn:
            row = conn.execute(select(corpus_results).where(corpus_results.c.stage == stage)).first()
        if row is None:
            return None
        blob = bytes(row.blob) if row.blob is not None else None
        return StoredResult(stage, row.version, row.input_hash, row.data, blob)

    def put_corpus_result(self, stage: str, version: str, input_hash: str, result: StageResult) -> None:
        row = {"stage": stage, "version": version, "input_hash": input_hash, "data": result.data,
               "blob": result.blob, "stored_at": _utcnow()}
        with self._write(f"storing the result of stage {stage!r}") as conn:
            self._upsert(conn, corpus_results, [row], ["stage"])

    # --- failures -------------------------------------------------------------------
    def put_failures(self, failures: Sequence[StageFailure]) -> None:
        if not failures:
            return
        now = _utcnow()
        rows = [
            {"stage": f.stage, "target": f.article or "", "version": f.version, "input_hash": f.input_hash,
             "error": f.error, "message": f.message, "traceback": f.traceback, "failed_at": now}
            for f in failures
        ]
        with self._write("recording stage failures") as conn:
            for chunk in _chunks(rows):
                self._upsert(conn, stage_failures, chunk, ["stage", "target"])
            # A failed article has no result for the stage: an outdated one must not stand in for it.
            for f in failures:
                if f.article is not None:
                    conn.execute(
                        stage_results.delete().where(stage_results.c.stage == f.stage, stage_results.c.article_id == f.article)
                    )

    def clear_failures(self, stage: str, article_ids: Sequence[str | None]) -> None:
        self._delete_keys(f"clearing failures of stage {stage!r}", stage_failures, stage, "target", [a or "" for a in article_ids])

    def failures(self, stage: str | None = None) -> list[StageFailure]:
        query = select(stage_failures).order_by(stage_failures.c.stage, stage_failures.c.target)
        if stage is not None:
            query = query.where(stage_failures.c.stage == stage)
        with self._read("reading stage failures") as conn:
            rows = conn.execute(query).all()
        return [
            StageFailure(r.stage, r.target or None, r.version, r.input_hash, r.error, r.message, r.traceback,
                         _iso(r.failed_at))
            for r in rows
        ]

    # --- the outlet registry --------------------------------------------------------
    def outlets(self) -> list[dict[str, Any]]:
        query = select(outlets.c.key, outlets.c.kind, outlets.c.name, outlets.c.origin).order_by(
            outlets.c.kind, outlets.c.key
        )
        with self._read("reading the outlet registry") as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def learn_outlets(self, entries: Sequence[dict[str, str]]) -> int:
        wanted: dict[str, dict[str, str]] = {}
        for entry in entries:
            held = wanted.get(entry["key"])
            if held is None or (held["origin"] == "guessed" and entry["origin"] == "seen"):
                wanted[entry["key"]] = entry
        if not wanted:
            return 0
        now = _utcnow()
        with self._write("learning outlets") as conn:
            known: dict[str, str] = {}
            for chunk in _chunks(sorted(wanted)):
                known.update((row.key, row.origin) for row in conn.execute(select(outlets.c.key, outlets.c.origin).where(outlets.c.key.in_(chunk))))
            new = [{**e, "updated_at": now} for k, e in wanted.items() if k not in known]
            upgrades = [e for k, e in wanted.items() if known.get(k) == "guessed" and e["origin"] == "seen"]
            for chunk in _chunks(new):
                conn.execute(insert(outlets), chunk)
            for entry in upgrades:
                conn.execute(
                    update(outlets).where(outlets.c.key == entry["key"], outlets.c.origin == "guessed")
                    .values(name=entry["name"], origin="seen", updated_at=now)
                )
        return len(new) + len(upgrades)

    def set_outlet(self, key: str, kind: str, name: str) -> None:
        row = {"key": key, "kind": kind, "name": name, "origin": "user", "updated_at": _utcnow()}
        with self._write(f"setting outlet {key!r}") as conn:
            self._upsert(conn, outlets, [row], ["key"])

    # --- reporting ------------------------------------------------------------------
    def fingerprint(self) -> str:
        """A cheap token that changes whenever anything stored changes: row counts and the newest
        write time of each table (results are replaced in place, so their count alone is not enough)."""
        parts = []
        with self._read("reading the store's fingerprint") as conn:
            for table, at in ((articles, articles.c.stored_at), (article_revisions, article_revisions.c.stored_at),
                              (stage_results, stage_results.c.stored_at), (corpus_results, corpus_results.c.stored_at),
                              (stage_failures, stage_failures.c.failed_at)):
                n, newest = conn.execute(select(func.count(), func.max(at))).one()
                parts.append(f"{n}:{_iso(newest)}")
        return "|".join(parts)

    def stats(self) -> dict[str, Any]:
        """Counts for ``storyline stats``.

        Returns:
            ``{url, backend, schema, articles, analysable, outlets: [{outlet, articles}],
            languages: [{language, articles}], published: {first, last, undated},
            revisions, revised_articles, results: [{stage, scope, version, count, stored_at}],
            failed: [{stage, count}]}``;
            outlets and languages by descending count, dates as ISO strings.
        """
        count = func.count().label("n")
        with self._read("computing statistics") as conn:
            total = conn.execute(select(func.count()).select_from(articles)).scalar_one()
            analysable = conn.execute(select(func.count()).select_from(articles).where(_ENGLISH)).scalar_one()
            outlets = conn.execute(
                select(articles.c.outlet, count).group_by(articles.c.outlet).order_by(count.desc(), articles.c.outlet)
            ).all()
            languages = conn.execute(
                select(articles.c.language, count).group_by(articles.c.language)
                .order_by(count.desc(), articles.c.language)
            ).all()
            first, last = conn.execute(select(func.min(articles.c.published), func.max(articles.c.published))).one()
            undated = conn.execute(
                select(func.count()).select_from(articles).where(articles.c.published.is_(None))
            ).scalar_one()
            revisions = conn.execute(select(func.count()).select_from(article_revisions)).scalar_one()
            revised = conn.execute(
                select(func.count()).select_from(articles).where(articles.c.revision > 1)
            ).scalar_one()
            per_stage = conn.execute(
                select(stage_results.c.stage, stage_results.c.version, count, func.max(stage_results.c.stored_at))
                .group_by(stage_results.c.stage, stage_results.c.version)
                .order_by(stage_results.c.stage, stage_results.c.version)
            ).all()
            corpus = conn.execute(
                select(corpus_results.c.stage, corpus_results.c.version, corpus_results.c.stored_at)
                .order_by(corpus_results.c.stage)
            ).all()
            failed = conn.execute(
                select(stage_failures.c.stage, count).group_by(stage_failures.c.stage).order_by(stage_failures.c.stage)
            ).all()
        results = [
            {"stage": s, "scope": "article", "version": v, "count": n, "stored_at": _iso(at)}
            for s, v, n, at in per_stage
        ] + [{"stage": s, "scope": "corpus", "version": v, "count": 1, "stored_at": _iso(at)} for s, v, at in corpus]
        return {
            "url": self.display_url,
            "backend": self.dialect,
            "schema": migrate.head_revision(),
            "articles": total,
            "analysable": analysable,
            "outlets": [{"outlet": o, "articles": n} for o, n in outlets],
            "languages": [{"language": lang, "articles": n} for lang, n in languages],
            "published": {
                "first": first.isoformat() if first else None,
                "last": last.isoformat() if last else None,
                "undated": undated,
            },
            "revisions": revisions,
            "revised_articles": revised,
            "results": results,
            "failed": [{"stage": s, "count": n} for s, n in failed],
        }

    def search(self, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over title and text, best match first.

        ``query`` is web-search style (words, ``"phrases"``, ``OR``, ``-excluded``); any input
        is accepted. Each hit is ``{article, title, snippet, snippet_html, rank}``: ``snippet``
        is plain text, ``snippet_html`` is HTML-escaped with matches in ``<mark>``, and ``rank``
        is larger for better matches (its scale differs between SQLite and PostgreSQL).
        """
        with self._read("searching") as conn:
            return fulltext.search(conn, query, limit)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._engine.dispose()


__all__ = ["SQLStore"]
