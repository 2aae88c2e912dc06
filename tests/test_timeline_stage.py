"""The ``timeline`` stage: hand-built stories, then the sample corpus against its gold, and the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline import engine
from storyline.cli import app
from storyline.errors import StorylineError
from storyline.models import Article, StageResult
from storyline.pipeline import ArticleDoc, CorpusContext
from storyline.pipeline.timeline import timeline
from storyline.store import open_store
from storyline.tls import TlsEntry, TlsSentence
from storyline.tls.stories import article_sentences, timeline_items

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
MON = date(2023, 11, 6)


def _doc(aid: str, published: date, outlet: str, sentences: list[str], dates: list[tuple[str, str]]) -> ArticleDoc:
    """An article with its nlp sentence spans and dates items, as the stored stage results give them."""
    text = " ".join(sentences)
    spans, pos = [], 0
    for s in sentences:
        spans.append([pos, pos + len(s)])
        pos += len(s) + 1
    items = []
    for phrase, value in dates:
        start = text.index(phrase)
        items.append({"text": phrase, "start": start, "end": start + len(phrase), "value": value, "type": "DATE"})
    doc = ArticleDoc(Article(id=aid, text=text, outlet=outlet, published=published))
    doc.results["nlp"] = StageResult({"sentences": spans})
    doc.results["dates"] = StageResult({"dates": items})
    return doc


def _docs() -> list[ArticleDoc]:
    return [
        _doc("a1", MON, "Meridian", [
            "BRENNICK, Nov 6 (MPA) - The Orva river burst its banks on Monday, forcing 1,200 people from their homes.",
            "Rain had fallen for four days across the upper valley before the flood.",
        ], [("Nov 6", "2023-11-06"), ("Monday", "2023-11-06")]),
        # A copy of a1 by another outlet: left out of the evidence, credited on the entry.
        _doc("a1c", MON, "Courier", [
            "BRENNICK, Nov 6 (MPA) - The Orva river burst its banks on Monday, forcing 1,200 people from their homes.",
            "Rain had fallen for four days across the upper valley before the flood.",
        ], [("Nov 6", "2023-11-06"), ("Monday", "2023-11-06")]),
        _doc("a2", MON + timedelta(days=3), "Herald", [
            "The Kessin dam spillway collapsed on Wednesday, the water authority said on Thursday.",
            "Thousands of people had already left the flooded valley before the dam gave way.",
        ], [("Wednesday", "2023-11-08"), ("Thursday", "2023-11-09")]),
        _doc("a3", MON + timedelta(days=3), "Chronicle", [
            "Engineers said the spillway of the Kessin dam gave way on Wednesday night after days of rain.",
            "Residents compared it with Monday, when the first flood in a decade came.",
        ], [("Wednesday night", "2023-11-08TNI"), ("Monday", "2023-11-06")]),
    ]


def _sentences(doc: ArticleDoc) -> list[TlsSentence]:
    """The summariser's sentences of an article, from its stored ``nlp`` spans and ``dates`` items."""
    return article_sentences(doc.article, doc.data("nlp").get("sentences", []), doc.data("dates").get("dates", []))


def _context(stories: bool) -> CorpusContext:
    events = [
        {"id": "ev-1", "title": "floods", "date": "2023-11-06", "articles": ["a1", "a1c"], "story": None},
        {"id": "ev-2", "title": "dam", "date": "2023-11-09", "articles": ["a2", "a3"], "story": None},
    ]
    results: dict[str, Any] = {
        "duplicates": StageResult({"article_fields": {"a1c": {"duplicate_of": "a1"}}}),
        "events": StageResult({"events": events, "article_fields": {
            "a1": {"event": "ev-1"}, "a1c": {"event": "ev-1"}, "a2": {"event": "ev-2"}, "a3": {"event": "ev-2"}}}),
        "stories": StageResult({"stories": [{"id": "st-1", "title": "Orva floods", "events": ["ev-1", "ev-2"]}] if stories else []}),
    }
    return CorpusContext(docs=lambda: iter(_docs()), corpus_results=results)


def test_article_sentences_are_dated_without_the_dateline() -> None:
    first, second = _sentences(_docs()[0])
    # "Nov 6" sits in the dateline: only "Monday" dates the sentence, once.
    assert first.days == (MON,) and first.index == 0 and first.outlet == "Meridian" and not first.anchored
    assert second.days == ()
    # "said on Thursday" is when it was said; the sentence is about Wednesday.
    dam = _sentences(_docs()[2])[0]
    assert dam.days == (date(2023, 11, 8),)


@pytest.mark.parametrize("stories", [True, False])
def test_stage_builds_story_timelines(stories: bool) -> None:
    items = timeline(_context(stories)).data["timeline"]
    assert [i["date"] for i in items] == ["2023-11-06", "2023-11-08"]
    monday, wednesday = items
    assert all(i["story"] == ("st-1" if stories else None) for i in items)
    # Monday belongs to the flood event even when its sentence comes from a later article.
    assert monday["event"] == "ev-1" and wednesday["event"] == "ev-2"
    assert "Monday" in monday["text"] and "Kessin" in wednesday["text"]
    assert all(i["articles"] and i["outlets"] for i in items)
    # The copy a1c is never the source of a sentence: it is left out of the evidence.
    assert all(i["articles"][0] != "a1c" for i in items)


def test_copies_are_credited_with_the_sentence_they_carry() -> None:
    docs = {d.article.id: d for d in _docs()}
    sentence = _sentences(docs["a1"])[0]
    entry = TlsEntry(day=MON, sentences=[sentence], articles=["a1"])
    texts = {"a1c": docs["a1c"].article.text, "other": "A different article about the dam."}
    [item] = timeline_items(
        "st-1", [entry], copies={"a1": ["a1c", "other"]}, texts=texts,
        event_of={"a1": "ev-1"}, outlet_of={"a1": "Meridian", "a1c": "Courier", "other": "Herald"},
    )
    assert item["articles"] == ["a1", "a1c"]
    assert item["outlets"] == ["Courier", "Meridian"]
    # The wire dateline is not part of the entry's text.
    assert item["text"].startswith("The Orva river burst its banks on Monday")


def test_stage_options_are_checked() -> None:
    ctx = _context(True)
    ctx.config = {"timeline": {"max_dates": 1}}
    assert len(timeline(ctx).data["timeline"]) == 1
    ctx.config = {"timeline": {"max_days": 1}}
    with pytest.raises(StorylineError, match="max_days"):
        timeline(ctx)


# --- the sample corpus ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not (CORPUS / "gold.json").is_file():
        pytest.skip("examples/corpus/gold.json is absent")
    url = f"sqlite:///{tmp_path_factory.mktemp('timeline') / 'sample.db'}"
    store = open_store(url)
    try:
        engine.ingest(store, [CORPUS])
        engine.analyze(store)
    finally:
        store.close()
    yield url


def test_sample_corpus_timelines_follow_the_gold_stories(analysed: str) -> None:
    gold = json.loads((CORPUS / "gold.json").read_text(encoding="utf-8"))
    gold_events = {e["id"]: e for e in gold["events"]}
    store = open_store(analysed)
    try:
        stories = engine.timeline(store)
        data = engine.bundle(store)
    finally:
        store.close()
    our_events = {e["id"]: set(e["articles"]) for e in data["events"]}
    found_days = total_days = 0
    for story in stories:
        assert story["entries"], f"story {story['title']!r} has an empty timeline"
        ours = {a for e in data["stories"] if e["id"] == story["id"] for ev in e["events"] for a in our_events[ev]}
        # The gold story sharing most articles with ours.
        match = max(gold["stories"], key=lambda g: len(ours & {a for ev in g["events"] for a in gold_events[ev]["articles"]}))
        days = sorted(date.fromisoformat(gold_events[ev]["date"]) for ev in match["events"])
        for entry in story["entries"]:
            assert days[0] <= date.fromisoformat(entry["date"]) <= days[-1], (match["title"], entry)
            assert entry["articles"] and entry["outlets"] and entry["text"]
        ours_days = {e["date"] for e in story["entries"]}
        found_days += sum(d.isoformat() in ours_days for d in days)
        total_days += len(days)
    # The gold events' days are the days that matter: nearly all must be on the timelines.
    assert found_days >= 0.75 * total_days, (found_days, total_days)
    texts = [e["text"] for s in stories for e in s["entries"]]
    assert len(texts) == len(set(texts))


def test_cli_prints_a_story_timeline(analysed: str) -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["timeline", "1", "--db", analysed])
    assert shown.exit_code == 0, shown.output
    assert "what happened" in shown.output
    as_json = runner.invoke(app, ["timeline", "--db", analysed, "--json"])
    assert as_json.exit_code == 0
    stories = json.loads(as_json.stdout)
    assert len(stories) >= 2 and all(s["entries"] for s in stories)
    by_title = runner.invoke(app, ["timeline", stories[0]["title"][:12], "--db", analysed, "--json"])
    assert json.loads(by_title.stdout)[0]["id"] == stories[0]["id"]
    missing = runner.invoke(app, ["timeline", "no such story", "--db", analysed])
    assert missing.exit_code == 1
    assert "'no such story' matches no story" in missing.output


def test_timeline_before_analysis_is_a_clear_error(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        with pytest.raises(StorylineError, match="run `storyline analyze` first"):
            engine.timeline(store)
    finally:
        store.close()
