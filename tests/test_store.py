"""The store: every test that takes ``store`` or ``store_url`` runs on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from storyline.errors import StoreError, StoreUnavailableError
from storyline.models import Article, StageResult
from storyline.store import Store, normalize_url, open_store
from storyline.store import migrate
from storyline.store import sql as sql_module
from storyline.store.connection import ACCEPTED_URLS
from storyline.store.search import fts5_query
from storyline.store.tables import metadata

MakeArticle = Callable[..., Article]

WIRE_TEXT = "Storm Nadia flooded the coastal town of Brindle on Monday, officials said."


def ids(store: Store, *, english_only: bool = False) -> list[str]:
    return [a.id for a in store.iter_articles(english_only=english_only)]


def _numbered(make_article: MakeArticle, count: int) -> list[Article]:
    return [make_article(f"n{i:03d}", f"Numbered article {i} on the council budget.") for i in range(count)]


# --- idempotent ingest ------------------------------------------------------------------------


def test_reingest_same_ids_adds_nothing(store: Store, make_article: MakeArticle) -> None:
    batch = [make_article(f"a{i}", f"Article number {i} about the harbour.") for i in range(5)]
    first = store.add_articles(batch)
    again = store.add_articles(batch)
    assert (first.added, first.unchanged, first.revised) == (5, 0, 0)
    assert (again.added, again.unchanged, again.revised) == (0, 5, 0)
    assert store.count_articles() == 5


def test_reingest_same_url_under_another_id_adds_nothing(store: Store, make_article: MakeArticle) -> None:
    store.add_articles([make_article("given-id", WIRE_TEXT, url="https://wire.example/nadia")])
    report = store.add_articles([make_article("derived-id", WIRE_TEXT, url="https://wire.example/nadia")])
    assert (report.added, report.unchanged) == (0, 1)
    assert store.get_article("derived-id") is None
    assert store.count_articles() == 1


def test_reingest_same_text_same_outlet_adds_nothing(store: Store, make_article: MakeArticle) -> None:
    store.add_articles([make_article("x1", WIRE_TEXT, outlet="Wire")])
    # Only whitespace differs: the content hash is the same.
    respaced = WIRE_TEXT.replace(" ", "  ") + "\n"
    report = store.add_articles([make_article("x2", respaced, outlet="Wire"), make_article("x3", WIRE_TEXT)])
    assert (report.added, report.unchanged) == (0, 2)
    assert ids(store) == ["x1"]


def test_verbatim_copy_by_another_outlet_is_a_separate_article(store: Store, make_article: MakeArticle) -> None:
    store.add_articles([make_article("wire", WIRE_TEXT, outlet="Wire", url="https://wire.example/1")])
    report = store.add_articles([
        make_article("paper", WIRE_TEXT, outlet="Daily Paper", url="https://paper.example/1"),
        make_article("other-url", WIRE_TEXT, outlet="Wire", url="https://wire.example/2"),
    ])
    assert report.added == 2
    assert sorted(ids(store)) == ["other-url", "paper", "wire"]


def test_duplicates_within_one_batch(store: Store, make_article: MakeArticle) -> None:
    report = store.add_articles([
        make_article("a", WIRE_TEXT, url="https://w.example/a"),
        make_article("a", WIRE_TEXT, url="https://w.example/a"),
        make_article("b", WIRE_TEXT, url="https://w.example/a"),
        make_article("c", WIRE_TEXT),
        make_article("d", "Another story entirely."),
    ])
    assert (report.added, report.unchanged, report.revised) == (2, 3, 0)
    assert sorted(ids(store)) == ["a", "d"]


# --- revisions --------------------------------------------------------------------------------


def test_changed_text_at_same_id_is_kept_as_revision(store: Store, make_article: MakeArticle) -> None:
    store.add_articles([make_article("n1", "First version of the report.", title="Report v1")])
    report = store.add_articles([make_article("n1", "Second, corrected version of the report.", title="Report v2")])
    assert (report.added, report.revised) == (0, 1)
    article = store.get_article("n1")
    assert article is not None and article.text == "Second, corrected version of the report."
    assert article.title == "Report v2"
    [old] = store.revisions("n1")
    assert (old["revision"], old["text"], old["title"]) == (1, "First version of the report.", "Report v1")
    assert old["hash"] == Article("n1", "First version of the report.").hash
    assert old["stored_at"].endswith("+00:00")
    assert store.count_articles() == 1


def test_changed_text_at_same_url_revises_the_stored_article(store: Store, make_article: MakeArticle) -> None:
    url = "https://paper.example/story"
    store.add_articles([make_article("p1", "Ten people were hurt.", url=url, outlet="Paper", language="en")])
    report = store.add_articles([
        make_article("p-new-id", "Twelve people were hurt.", url=url, outlet=None, published=None, language=None)
    ])
    assert report.revised == 1 and report.added == 0
    assert any("'p-new-id'" in w and "'p1'" in w for w in report.warnings)
    article = store.get_article("p1")
    assert article is not None and article.text == "Twelve people were hurt."
    # Fields the new record leaves unknown keep their known values.
    assert (article.outlet, article.published, article.language) == ("Paper", date(2024, 3, 1), "en")
    assert [r["text"] for r in store.revisions("p1")] == ["Ten people were hurt."]
    assert store.get_article("p-new-id") is None


def test_several_revisions_in_one_batch_are_all_kept(store: Store, make_article: MakeArticle) -> None:
    store.add_articles([make_article("live", "08:00 Blog opens.")])
    report = store.add_articles([
        make_article("live", "09:00 Update one. 08:00 Blog opens."),
        make_article("live", "10:00 Update two. 09:00 Update one. 08:00 Blog opens."),
        make_article("new", "A brand new piece."),
        make_article("new", "A brand new piece, corrected."),
    ])
    assert (report.added, report.revised) == (1, 3)
    assert [r["revision"] for r in store.revisions("live")] == [1, 2]
    assert [r["text"][:5] for r in store.revisions("live")] == ["08:00", "09:00"]
    assert [r["text"] for r in store.revisions("new")] == ["A brand new piece."]
    assert store.get_article("new").text == "A brand new piece, corrected."  # type: ignore[union-attr]
    assert store.stats()["revised_articles"] == 2


def test_unstorable_articles_are_rejected_with_their_source(store: Store, make_article: MakeArticle) -> None:
    report = store.add_articles([
        make_article("ok", "Fine text."),
        make_article("nul", "Bad\x00text.", source_path="feed.jsonl", source_line=7),
        make_article("", "No id."),
    ])
    assert report.added == 1
    assert len(report.rejected) == 2
    assert report.rejected[0].startswith("feed.jsonl:7: ") and "NUL" in report.rejected[0]
    assert "''" in report.rejected[1]
    assert ids(store) == ["ok"]


def test_batches_larger_than_one_statement(store: Store, make_article: MakeArticle) -> None:
    articles = _numbered(make_article, 1200)
    assert store.add_articles(articles, batch_size=1200).added == 1200
    changed = [make_article(a.id, a.text + " Corrected.") for a in articles[:700]]
    report = store.add_articles([*changed, *articles[700:]], batch_size=1200)
    assert (report.revised, report.unchanged) == (700, 500)
    assert store.stats()["revisions"] == 700
    assert len(store.article_results("none", [a.id for a in articles])) == 0
    with pytest.raises(ValueError, match="batch_size"):
        store.add_articles(articles, batch_size=0)


# --- transactions -----------------------------------------------------------------------------


def test_failing_input_keeps_earlier_batches_and_rerun_completes(store: Store, make_article: MakeArticle) -> None:
    articles = _numbered(make_article, 30)

    def failing() -> Iterator[Article]:
        for index, article in enumerate(articles):
            if index == 25:  # the middle of batch 3 (articles 20-29)
                raise RuntimeError("input broke")
            yield article

    with pytest.raises(RuntimeError, match="input broke"):
        store.add_articles(failing(), batch_size=10)
    assert ids(store) == [a.id for a in articles[:20]]
    report = store.add_articles(articles, batch_size=10)
    assert (report.added, report.unchanged) == (10, 20)
    assert ids(store) == [a.id for a in articles]


def test_atomic_ingest_is_all_or_nothing(store: Store, make_article: MakeArticle) -> None:
    articles = _numbered(make_article, 30)
    bad = make_article("bad", "Broken\x00record.", source_path="in.jsonl", source_line=3)
    report = store.add_articles([*articles[:25], bad, *articles[25:]], batch_size=10, atomic=True)
    assert (report.added, report.unchanged, report.revised) == (0, 0, 0)
    assert report.rejected and report.rejected[0].startswith("in.jsonl:3: ")
    assert any("nothing was stored" in w for w in report.warnings)
    assert store.count_articles() == 0

    def failing() -> Iterator[Article]:
        yield from articles[:25]
        raise RuntimeError("input broke")

    with pytest.raises(RuntimeError):
        store.add_articles(failing(), batch_size=10, atomic=True)
    assert store.count_articles() == 0
    # Duplicates across batches of one atomic call are still found.
    report = store.add_articles([*articles, *articles[:15]], batch_size=10, atomic=True)
    assert (report.added, report.unchanged) == (30, 15)
    assert store.count_articles() == 30


_KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from sqlalchemy import event
    from storyline.models import Article
    from storyline.store import open_store

    url, marker = sys.argv[1], Path(sys.argv[2])
    store = open_store(url)
    inserts = 0

    @event.listens_for(store._engine, "after_cursor_execute")
    def stall_in_third_batch(conn, cursor, statement, parameters, context, executemany):
        global inserts
        if statement.startswith("INSERT INTO articles "):
            inserts += 1
            if inserts == 3:  # batch 3 is written but not committed
                marker.write_text("in batch 3")
                time.sleep(120)

    store.add_articles(
        (Article(id=f"n{i:03d}", text=f"Numbered article {i} on the council budget.") for i in range(30)),
        batch_size=10,
    )
    """
)


def test_killed_writer_leaves_store_consistent(store_url: str, tmp_path: Path, make_article: MakeArticle) -> None:
    open_store(store_url).close()  # migrate first, so the child's stall is in an ingest batch
    marker = tmp_path / "marker"
    child = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, store_url, str(marker)])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, f"the writer exited early with status {child.returncode}"
            assert time.monotonic() < deadline, "the writer never reached batch 3"
            time.sleep(0.05)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    with open_store(store_url) as store:
        assert ids(store) == [f"n{i:03d}" for i in range(20)]
        report = store.add_articles(
            [Article(id=f"n{i:03d}", text=f"Numbered article {i} on the council budget.") for i in range(30)],
            batch_size=10,
        )
        assert (report.added, report.unchanged) == (10, 20)
        assert store.count_articles() == 30


def test_concurrent_writers_do_not_collide(store_url: str, make_article: MakeArticle) -> None:
    stores = [open_store(store_url), open_store(store_url)]
    errors: list[BaseException] = []

    def ingest(store: Store, prefix: str) -> None:
        try:
            for start in range(0, 40, 10):
                batch = [make_article(f"{prefix}{i}", f"{prefix} story {i}") for i in range(start, start + 10)]
                store.add_articles(batch)
        except BaseException as exc:  # reported below: an exception in a thread would be lost
            errors.append(exc)

    threads = [threading.Thread(target=ingest, args=(s, p)) for s, p in zip(stores, "ab")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        assert stores[0].count_articles() == 80
    finally:
        for opened in stores:
            opened.close()


# --- stage results ----------------------------------------------------------------------------


def test_article_results_round_trip_and_replacement(store: Store, make_article: MakeArticle) -> None:
    store.add_articles([make_article("a", "Alpha text."), make_article("b", "Beta text.")])
    blob = bytes(range(256)) * 4
    store.put_article_results("nlp", "1", [
        ("a", "hash-a", StageResult({"sents": [[0, 11]], "ü": "ok"}, blob)),
        ("b", "hash-b", StageResult({"sents": []})),
    ])
    results = store.article_results("nlp")
    assert set(results) == {"a", "b"}
    assert results["a"].data == {"sents": [[0, 11]], "ü": "ok"}
    assert results["a"].blob == blob
    assert (results["a"].stage, results["a"].version, results["a"].input_hash) == ("nlp", "1", "hash-a")
    assert results["b"].blob is None

    store.put_article_results("nlp", "2", [("a", "hash-a2", StageResult({"sents": [[0, 5]]}))])
    replaced = store.article_results("nlp", ["a"], with_blob=False)
    assert list(replaced) == ["a"]
    again = replaced["a"]
    assert (again.version, again.input_hash, again.data) == ("2", "hash-a2", {"sents": [[0, 5]]})
    assert store.article_results("nlp", ["a"])["a"].blob is None  # replaced, not merged
    assert store.article_results("nlp", ["b", "missing"])["b"].version == "1"
    assert store.article_results("other-stage") == {}


def test_results_for_unknown_articles_are_refused(store: Store, make_article: MakeArticle) -> None:
    store.add_articles([make_article("a", "Alpha text.")])
    with pytest.raises(StoreError, match="'ghost'"):
        store.put_article_results("nlp", "1", [("a", "h", StageResult({})), ("ghost", "h", StageResult({}))])
    assert store.article_results("nlp") == {}  # the whole call was one transaction


def test_corpus_result_round_trip_and_replacement(store: Store) -> None:
    assert store.corpus_result("events") is None
    store.put_corpus_result("events", "1", "in-1", StageResult({"events": [{"id": "e1"}]}, b"\x00model"))
    first = store.corpus_result("events")
    assert first is not None
    assert (first.version, first.input_hash, first.blob) == ("1", "in-1", b"\x00model")
    assert first.data == {"events": [{"id": "e1"}]}
    store.put_corpus_result("events", "2", "in-2", StageResult({"events": []}))
    second = store.corpus_result("events")
    assert second is not None
    assert (second.version, second.input_hash, second.data, second.blob) == ("2", "in-2", {"events": []}, None)


def test_meta_with_dates_is_stored_as_iso_strings(store: Store, make_article: MakeArticle) -> None:
    store.add_articles([make_article("m", "Meta text.", meta={"modified": date(2024, 3, 2), "tags": ("a", "b")})])
    article = store.get_article("m")
    assert article is not None and article.meta == {"modified": "2024-03-02", "tags": ["a", "b"]}


# --- reading ----------------------------------------------------------------------------------


def test_iter_articles_order_and_english_only(
    store: Store, make_article: MakeArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sql_module, "_PAGE", 2)  # several pages of each kind
    store.add_articles([
        make_article("z-undated", "No date here.", published=None),
        make_article("b", "Second of March.", published=date(2024, 3, 2)),
        make_article("a", "Also second of March.", published=date(2024, 3, 2)),
        make_article("c", "First of March.", published=date(2024, 3, 1)),
        make_article("d", "Premier mars.", published=date(2024, 3, 1), language="fr"),
        make_article("e", "Year before.", published=date(2023, 12, 31), language="en"),
        make_article("a-undated", "Also undated.", published=None, language="de"),
    ])
    assert ids(store) == ["e", "c", "d", "a", "b", "a-undated", "z-undated"]
    assert ids(store, english_only=True) == ["e", "c", "a", "b", "z-undated"]
    article = store.get_article("d")
    assert article is not None
    assert (article.language, article.published, article.title) == ("fr", date(2024, 3, 1), "Premier mars.")
    assert store.get_article("nope") is None


def test_stats(store: Store, make_article: MakeArticle) -> None:
    empty = store.stats()
    assert (empty["articles"], empty["outlets"], empty["published"]["first"]) == (0, [], None)
    store.add_articles([
        make_article("w1", "Wire one.", outlet="Wire", published=date(2024, 1, 5)),
        make_article("w2", "Wire two.", outlet="Wire", published=date(2024, 2, 9), language="en"),
        make_article("p1", "Paper one.", outlet="Paper", published=None, language="fr"),
    ])
    store.add_articles([make_article("w1", "Wire one, updated.", outlet="Wire", published=None)])
    store.put_article_results("nlp", "1", [("w1", "h", StageResult({})), ("w2", "h", StageResult({}))])
    store.put_article_results("nlp", "2", [("p1", "h", StageResult({}))])
    store.put_corpus_result("events", "3", "h", StageResult({}))
    stats = store.stats()
    assert stats["articles"] == 3
    assert stats["analysable"] == 2
    assert stats["outlets"] == [{"outlet": "Wire", "articles": 2}, {"outlet": "Paper", "articles": 1}]
    assert {(x["language"], x["articles"]) for x in stats["languages"]} == {(None, 1), ("en", 1), ("fr", 1)}
    assert stats["published"] == {"first": "2024-01-05", "last": "2024-02-09", "undated": 1}
    assert (stats["revisions"], stats["revised_articles"]) == (1, 1)
    assert [(r["stage"], r["scope"], r["version"], r["count"]) for r in stats["results"]] == [
        ("nlp", "article", "1", 2), ("nlp", "article", "2", 1), ("events", "corpus", "3", 1)
    ]
    assert stats["backend"] in ("sqlite", "postgresql")


# --- search -----------------------------------------------------------------------------------


def _search_corpus(store: Store, make_article: MakeArticle) -> None:
    store.add_articles([
        make_article("flood", "The river flooded again. Floods closed the bridge and floods reached the mill.",
                     title="Floods close bridge"),
        make_article("budget", "The council passed its budget. A flood defence line was funded.", title="Budget"),
        make_article("sport", "The home side won the cup <b>final</b> & celebrated.", title="Cup final"),
    ])


def test_search_ranks_and_highlights(store: Store, make_article: MakeArticle) -> None:
    _search_corpus(store, make_article)
    hits = store.search("flood")
    assert [h["article"] for h in hits] == ["flood", "budget"]
    assert hits[0]["rank"] > hits[1]["rank"]
    assert hits[0]["title"] == "Floods close bridge"
    assert "<mark>" in hits[0]["snippet_html"] and "<mark>" not in hits[0]["snippet"]
    assert "flood" in hits[1]["snippet"].lower()
    assert store.search("flood", limit=1)[0]["article"] == "flood"


def test_search_syntax(store: Store, make_article: MakeArticle) -> None:
    _search_corpus(store, make_article)
    assert [h["article"] for h in store.search('"flood defence"')] == ["budget"]
    assert [h["article"] for h in store.search("flood -budget")] == ["flood"]
    assert {h["article"] for h in store.search("cup OR council")} == {"sport", "budget"}
    [hit] = store.search("final")
    # The article's own markup never reaches the HTML unescaped (PostgreSQL drops tags, SQLite escapes them).
    assert "<b>" not in hit["snippet_html"] and "&amp;" in hit["snippet_html"]


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "AND OR (", "NOT", '"" ""', "*", "flood) OR (", "-", "col:umn ^x", "\x00", "   ", "'; DROP TABLE x; --"],
)
def test_hostile_search_queries_never_raise(store: Store, make_article: MakeArticle, query: str) -> None:
    _search_corpus(store, make_article)
    assert isinstance(store.search(query), list)
    assert store.count_articles() == 3


def test_fts5_query_quotes_every_term() -> None:
    assert fts5_query("flood bridge") == '"flood" AND "bridge"'
    assert fts5_query('"river bank" OR levee -drought') == '("river bank" OR "levee") NOT "drought"'
    assert fts5_query("storm surge -drought") == '("storm" AND "surge") NOT "drought"'
    assert fts5_query('"unbalanced phrase') == '"unbalanced phrase"'
    assert fts5_query("AND OR (") == '"AND"'
    assert fts5_query("-only -negative") is None
    assert fts5_query("((  ))") is None


# --- opening ----------------------------------------------------------------------------------


def test_unreachable_postgresql_is_a_clear_error() -> None:
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError) as caught:
        open_store("postgresql://analyst:s3cret@127.0.0.1:1/newsroom")
    message = str(caught.value)
    assert "postgresql://analyst:***@127.0.0.1:1/newsroom" in message
    assert "s3cret" not in message
    assert ACCEPTED_URLS in message
    assert time.monotonic() - started < 30


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///{tmp}/no/such/dir/store.db", "does not exist"),
        ("{tmp}/no/such/dir/store.db", "does not exist"),
        ("sqlite:///{tmp}", "unable to open"),  # a directory, not a file
        ("mysql://user:pw@localhost/db", "unsupported database 'mysql'"),
        ("nonsense://x", "nonsense"),
    ],
)
def test_unopenable_urls_are_clear_errors(tmp_path: Path, url: str, expected: str) -> None:
    url = url.format(tmp=tmp_path)
    with pytest.raises(StoreUnavailableError) as caught:
        open_store(url)
    message = str(caught.value)
    assert expected in message
    assert ACCEPTED_URLS in message
    assert "pw@" not in message


def test_in_memory_store_is_shared_between_threads(make_article: MakeArticle) -> None:
    with open_store("sqlite://") as store:
        store.add_articles([make_article("m1", "Memory only article about tides.")])
        seen: list[int] = []
        thread = threading.Thread(target=lambda: seen.append(store.count_articles()))
        thread.start()
        thread.join()
        assert seen == [1]
        assert [h["article"] for h in store.search("tides")] == ["m1"]


def test_normalize_url() -> None:
    assert normalize_url("news.db") == "sqlite:///news.db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgresql://u@h:5432/db") == "postgresql+psycopg://u@h:5432/db"
    assert normalize_url("sqlite:///a.db") == "sqlite:///a.db"


def test_reopening_is_idempotent_and_keeps_data(store_url: str, make_article: MakeArticle) -> None:
    with open_store(store_url) as first:
        first.add_articles([make_article("keep", "Kept across reopening.")])
    with open_store(store_url) as second, open_store(store_url) as third:
        assert second.count_articles() == 1
        assert [h["article"] for h in third.search("reopening")] == ["keep"]
    engine = create_engine(normalize_url(store_url))
    try:
        with engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            assert inspect(conn).get_table_names().count("articles") == 1
    finally:
        engine.dispose()


def _not_fts(obj: object, name: str | None, type_: str, reflected: bool, other: object) -> bool:
    fts = name in ("search", "ix_articles_search", "alembic_version") or str(name).startswith("articles_fts")
    return not fts


def test_tables_match_migrations(store: Store, store_url: str) -> None:
    """tables.py and the migrations describe the same schema (a change to one needs the other)."""
    engine = create_engine(normalize_url(store_url))
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": _not_fts})
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()


def test_closed_store_refuses_work(store_url: str) -> None:
    opened = open_store(store_url)
    opened.close()
    opened.close()  # closing twice is harmless
    with pytest.raises(StoreError, match="closed"):
        opened.count_articles()


def test_fingerprint_changes_with_every_write(store, make_article):
    empty = store.fingerprint()
    assert store.fingerprint() == empty
    store.add_articles([make_article("fp-1", "The ferry to Brennmoor sailed again on Monday.")])
    after_ingest = store.fingerprint()
    assert after_ingest != empty
    store.put_article_results("clean", "1", [("fp-1", "h1", StageResult({"words": 3}))])
    after_stage = store.fingerprint()
    assert after_stage != after_ingest
    store.put_corpus_result("events", "1", "h", StageResult({"events": []}))
    assert store.fingerprint() != after_stage
