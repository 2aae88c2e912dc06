"""What changed in a story since a moment: the pure computation over a hand-built bundle, ``since``
parsing, the poll records of both stores, the CLI, the page with its JSON twin, and a real
``follow`` cycle whose new article is exactly what the change list shows."""

from __future__ import annotations

import json
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline import engine
from storyline.cli import app
from storyline.compare.changes import story_changes
from storyline.errors import StorylineError
from storyline.store import Store, open_store

from _sample_corpus import analysed_db

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from fastapi.testclient import TestClient

runner = CliRunner()


def _figure(article: str, start: int, value: Any, source: str) -> dict[str, Any]:
    return {"article": article, "start": start, "end": start + 3, "value": value, "source": source}


def _point(article: str, date: str, value: Any, source: str, also: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"article": article, "date": date, "value": value, "source": source, "qualifier": None, "text": str(value),
            "start": 10, "end": 13, "also": [{"article": a, "start": 10, "end": 13} for a in also]}


def _bundle() -> dict[str, Any]:
    """A two-event story: e1 holds old articles a1, a2 and the fresh c1; e2 holds the fresh b1, b2."""
    arts = [("a1", "Harbour Post", "2026-03-01"), ("a2", "Coastal Wire", "2026-03-01"), ("c1", "Coastal Wire", "2026-03-03"),
            ("b1", "Harbour Post", "2026-03-04"), ("b2", "Island Radio", "2026-03-04"), ("z9", "Elsewhere", "2026-03-04")]
    return {
        "articles": [{"id": i, "outlet": o, "title": f"Title {i}", "published": d, "url": None} for i, o, d in arts],
        "events": [
            {"id": "e1", "title": "Ferry stops", "date": "2026-03-01", "articles": ["a1", "a2", "c1"]},
            {"id": "e2", "title": "Second ferry ordered", "date": "2026-03-04", "articles": ["b1", "b2"]},
            {"id": "e3", "title": "Unrelated", "date": "2026-03-04", "articles": ["z9"]},
        ],
        "stories": [{"id": "s1", "title": "The ferry", "events": ["e1", "e2"]}, {"id": "s2", "title": "Other", "events": ["e3"]}],
        "series": [
            {"quantity": "stranded", "unit": "people", "scope": [], "kind": "running_total",
             "points": [_point("a1", "2026-03-01", 300, "council"), _point("b1", "2026-03-04", 250, "council")]},
            {"quantity": "ferries", "unit": "ferries", "scope": [], "kind": "stock",
             "points": [_point("a2", "2026-03-01", 1, "Coastal Wire"), _point("b2", "2026-03-04", 2, "Island Radio", also=("a1",))]},
            {"quantity": "crew", "unit": "people", "scope": [], "kind": "stock", "points": [_point("c1", "2026-03-03", 12, "operator")]},
        ],
        "figures": [_figure("a1", 10, 300, "council"), _figure("a2", 10, 500, "union"), _figure("c1", 10, 300, "council"),
                    _figure("b1", 10, 250, "council"), _figure("b2", 10, 900, "operator")],
        "conflicts": [
            {"figures": [{"article": "a1", "start": 10, "end": 13}, {"article": "a2", "start": 10, "end": 13},
                         {"article": "c1", "start": 10, "end": 13}], "why": "old: council 300 against union 500"},
            {"figures": [{"article": "b1", "start": 10, "end": 13}, {"article": "b2", "start": 10, "end": 13}],
             "why": "new: council 250 against the operator's 900"},
        ],
        "quotes": [
            {"article": "a1", "speaker": "Mara Holm", "text": "We wait.", "kind": "direct", "start": 1},
            {"article": "b1", "speaker": "Mara Holm", "text": "We are still waiting.", "kind": "direct", "start": 1},
            {"article": "b2", "speaker": "Ivo Brand", "text": "A second ferry comes.", "kind": "direct", "start": 1},
            {"article": "b2", "speaker": "unresolved", "text": "Nobody knows.", "kind": "direct", "start": 9},
        ],
        "timeline": [
            {"date": "2026-03-01", "text": "The ferry stopped.", "articles": ["a1", "c1"], "story": "s1", "event": "e1"},
            {"date": "2026-03-04", "text": "A second ferry was ordered.", "articles": ["b1", "b2"], "story": "s1", "event": "e2"},
        ],
    }


def test_story_changes_reads_what_is_new_from_the_articles() -> None:
    got = story_changes(_bundle(), "s1", {"c1", "b1", "b2", "z9"})
    assert got["new_articles"] == 3  # z9 belongs to another story
    assert [(e["id"], e["status"], e["new_articles"]) for e in got["events"]] == [("e2", "new", 2), ("e1", "grew", 1)]
    assert [(o["outlet"], [a["id"] for a in o["articles"]]) for o in got["outlets"]] == [
        ("Coastal Wire", ["c1"]), ("Harbour Post", ["b1"]), ("Island Radio", ["b2"])]
    figures = {f["quantity"]: f for f in got["figures"]}
    # A lower running total from the same source is a revision; crew is a first figure. The
    # ferries point is not new: one of its copies (a1) was already there.
    assert figures["stranded"]["change"] == "revised" and figures["stranded"]["before"]["value"] == 300
    assert figures["crew"]["change"] == "first" and figures["crew"]["before"] is None
    assert "ferries" not in figures
    # The old conflict re-reported by c1 is not new; the one between b1 and b2 is.
    assert [c["why"] for c in got["conflicts"]] == ["new: council 250 against the operator's 900"]
    assert [s["speaker"] for s in got["new_speakers"]] == ["Ivo Brand"]
    assert {s["speaker"] for s in got["known_speakers"]} == {"Mara Holm", "unresolved"}
    assert [t["date"] for t in got["timeline"]] == ["2026-03-04"]
    assert got["counts"] == {"articles": 3, "events": 1, "figures": 2, "conflicts": 1, "speakers": 1, "quotes": 3, "timeline": 1}


def test_nothing_fresh_means_nothing_changed() -> None:
    got = story_changes(_bundle(), "s1", set())
    assert got["new_articles"] == 0 and not any(got[k] for k in ("events", "outlets", "figures", "conflicts", "new_speakers", "timeline"))


def test_parse_since(store: Store) -> None:
    now = datetime(2026, 3, 5, 12, 0, tzinfo=timezone.utc)
    assert engine.parse_since("24h", store, now=now) == "2026-03-04T12:00:00+00:00"
    assert engine.parse_since("1h30m", store, now=now) == "2026-03-05T10:30:00+00:00"
    assert engine.parse_since("2026-03-01", store, now=now) == "2026-03-01T00:00:00+00:00"
    for bad in ("yesterday", "24", "3 weeks"):
        with pytest.raises(StorylineError, match="accepted: a duration back from now"):
            engine.parse_since(bad, store, now=now)
    with pytest.raises(StorylineError, match="no poll recorded yet"):
        engine.parse_since(None, store, now=now)
    store.record_poll("2026-03-05T09:00:00+00:00", "2026-03-05T09:01:00+00:00", sources=2, added=1, revised=0, failed=0)
    store.record_poll("2026-03-05T11:00:00", "2026-03-05T11:02:00", sources=2, added=0, revised=0, failed=1)
    assert engine.parse_since("", store, now=now) == "2026-03-05T11:00:00+00:00"
    newest = store.polls(limit=5)
    assert [p["failed"] for p in newest] == [1, 0] and newest[0]["finished_at"] == "2026-03-05T11:02:00+00:00"


def test_stored_since_lists_articles_by_when_they_were_stored(store: Store) -> None:
    from storyline.models import Article

    store.add_articles([Article(id="old", text="The ferry stopped on Monday.")])
    middle = datetime.now(timezone.utc).isoformat()
    store.add_articles([Article(id="new", text="A second ferry was ordered on Thursday.")])
    found = store.stored_since(middle)
    assert set(found) == {"new"} and found["new"] >= middle
    assert set(store.stored_since("2000-01-01T00:00:00+00:00")) == {"old", "new"}


def test_cli_changes(tmp_path: Path) -> None:
    db = tmp_path / "sample.db"
    db.write_bytes(analysed_db().read_bytes())
    result = runner.invoke(app, ["changes", "1", "--db", str(db), "--since", "3650d", "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["new_articles"] == found["story"]["articles"] > 0  # every article is new over ten years
    plain = runner.invoke(app, ["changes", "1", "--db", str(db), "--since", "2999-01-01"])
    assert plain.exit_code == 0 and "nothing new" in plain.output
    bad = runner.invoke(app, ["changes", "1", "--db", str(db)])
    assert bad.exit_code == 1 and "no poll recorded yet" in bad.output and "Traceback" not in bad.output


def test_changes_page_and_its_json_twin(tmp_path: Path) -> None:
    from storyline.web import create_app

    db = tmp_path / "sample.db"
    db.write_bytes(analysed_db().read_bytes())
    with open_store(f"sqlite:///{db}") as store, TestClient(create_app(store=store)) as client:
        sid = client.get("/index.json").json()["stories"][0]["id"]
        twin = client.get(f"/story/{sid}/changes.json", params={"since": "3650d"})
        assert twin.status_code == 200 and twin.json()["new_articles"] > 0
        page = client.get(f"/story/{sid}/changes", params={"since": "3650d"})
        assert page.status_code == 200 and "What changed since" in page.text and "New articles by outlet" in page.text
        assert client.get(f"/story/{sid}/changes.json", params={"since": "soon"}).status_code == 400
        no_poll = client.get(f"/story/{sid}/changes")  # the form, and why there is no list yet
        assert no_poll.status_code == 200 and "No poll recorded yet" in no_poll.text and 'id="since"' in no_poll.text
        assert client.get(f"/story/{sid}/changes.json").json()["since"] is None
        assert client.get("/story/nope/changes.json", params={"since": "1h"}).status_code == 404
        # No poll yet: the stories list marks nothing as new.
        assert all(s["new_since_poll"] is None for s in client.get("/index.json").json()["stories"])
