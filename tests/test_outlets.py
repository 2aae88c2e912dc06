"""The outlet registry: names from site names or domains, learnt at ingest, edited by the user,
on both backends (the ``store`` fixture runs each test on SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from storyline import engine
from storyline.cli import app
from storyline.ingest.outlets import domain_of, is_site_name, name_or_domain
from storyline.store import Store

BODY = "The harbour council voted on Thursday to close the north ferry line at the end of the year."


def record(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_domain_and_site_name_rules() -> None:
    assert domain_of("https://WWW.Harbour.example/a?b=1") == "harbour.example"
    assert domain_of("www.harbour.example") == "harbour.example"
    assert domain_of("The Harbour Times") is None
    assert name_or_domain("https://harbour.example/a") == (None, False)
    assert name_or_domain("www.harbour.example") == ("harbour.example", True)
    assert name_or_domain("The Harbour Times") == ("The Harbour Times", False)
    assert is_site_name("Harbour Post")
    assert not is_site_name("World News - Breaking News, Top Stories")
    assert not is_site_name("Top Stories")


def test_store_learns_keeps_and_upgrades(store: Store) -> None:
    store.learn_outlets([{"key": "harbour.example", "kind": "domain", "name": "harbour.example", "origin": "guessed"}])
    store.learn_outlets([
        {"key": "harbour.example", "kind": "domain", "name": "The Harbour Times", "origin": "seen"},
        {"key": "post.example", "kind": "domain", "name": "Harbour Post", "origin": "seen"},
    ])
    store.learn_outlets([{"key": "post.example", "kind": "domain", "name": "Other", "origin": "seen"}])
    assert store.outlets() == [
        {"key": "harbour.example", "kind": "domain", "name": "The Harbour Times", "origin": "seen"},
        {"key": "post.example", "kind": "domain", "name": "Harbour Post", "origin": "seen"},
    ]
    store.set_outlet("post.example", "domain", "The Harbour Post")
    store.learn_outlets([{"key": "post.example", "kind": "domain", "name": "Again", "origin": "seen"}])
    assert store.outlets()[1] == {"key": "post.example", "kind": "domain", "name": "The Harbour Post", "origin": "user"}


def test_ingest_seeds_the_registry_and_applies_the_users_names(store: Store, tmp_path: Path) -> None:
    first = record(tmp_path / "a.jsonl", [
        {"url": "https://www.harbour.example/1", "text": BODY, "sitename": "The Harbour Times"},
        {"url": "https://post.example/1", "text": BODY + " Second.", "source_domain": "www.post.example"},
    ])
    engine.ingest(store, [first])
    rows = {r["key"]: r for r in engine.outlets(store)}
    assert rows["harbour.example"]["name"] == "The Harbour Times" and rows["harbour.example"]["origin"] == "seen"
    assert rows["post.example"]["name"] == "post.example" and rows["post.example"]["origin"] == "guessed"
    assert rows["post.example"]["articles"] == 1

    entry = engine.set_outlet(store, "www.post.example", "Harbour Post")
    assert entry == {"key": "post.example", "kind": "domain", "name": "Harbour Post", "origin": "user"}
    later = record(tmp_path / "b.jsonl", [
        {"url": "https://post.example/2", "text": BODY + " Third.", "outlet": "HARBOUR POST ONLINE"},
        {"url": "https://harbour.example/2", "text": BODY + " Fourth.", "hostname": "harbour.example"},
    ])
    engine.ingest(store, [later])
    outlets = {a.url: a.outlet for a in store.iter_articles()}
    assert outlets["https://post.example/2"] == "Harbour Post"  # the user's name wins over the record's
    assert outlets["https://harbour.example/2"] == "The Harbour Times"  # a learnt name replaces a bare domain


def test_feed_titles_are_registry_keys(store: Store, tmp_path: Path) -> None:
    feed = Path(__file__).parent / "fixtures" / "crawlers" / "summary_feed.rss"
    engine.ingest(store, [feed])
    engine.set_outlet(store, "World News - Breaking News, Top Stories", "World Wire")
    assert any(r["kind"] == "feed" and r["name"] == "World Wire" for r in engine.outlets(store))
    copy = tmp_path / "again.rss"
    copy.write_text(feed.read_text(encoding="utf-8").replace("ferry-123", "ferry-999"), encoding="utf-8")
    engine.ingest(store, [copy])
    assert {a.outlet for a in store.iter_articles() if a.url and a.url.endswith("ferry-999")} == {"World Wire"}


def test_outlet_override_is_never_remapped(store: Store, tmp_path: Path) -> None:
    engine.set_outlet(store, "post.example", "Harbour Post")
    path = record(tmp_path / "a.jsonl", [{"url": "https://post.example/9", "text": BODY}])
    engine.ingest(store, [path], outlet="Given")
    assert [a.outlet for a in store.iter_articles()] == ["Given"]


def test_outlets_command_lists_and_sets(tmp_path: Path) -> None:
    db = str(tmp_path / "o.db")
    path = record(tmp_path / "a.jsonl", [{"url": "https://www.post.example/1", "text": BODY}])
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(path), "--db", db, "--quiet"]).exit_code == 0
    listed = runner.invoke(app, ["outlets", "--db", db, "--json"])
    assert listed.exit_code == 0 and json.loads(listed.stdout)[0]["key"] == "post.example"
    assert runner.invoke(app, ["outlets", "set", "post.example", "Harbour Post", "--db", db]).exit_code == 0
    assert json.loads(runner.invoke(app, ["outlets", "--db", db, "--json"]).stdout)[0]["name"] == "Harbour Post"
    bad = runner.invoke(app, ["outlets", "rename", "x", "--db", db])
    assert bad.exit_code == 2
