"""Property tests: no analysis stage raises on hostile text, and every offset it emits is sound.

Texts are built from unicode of every category, right-to-left scripts, emoji, control
characters, runs of digits or punctuation, quotes that never close, thousands of quote marks,
impossible dates and tables flattened to text, mixed with ordinary English sentences so the
parser finds entities, numbers and quote cues.

The property, for every article stage (run in pipeline order, each fed the results of the
stages it requires, as the engine does) and for the corpus stages (through ``engine.analyze``
on a temporary SQLite store, for a few examples):

* nothing raises;
* every ``start``/``end`` pair and every ``[start, end]`` span list in a result lies inside the
  text, with start <= end;
* an item that carries its own ``text`` next to ``start``/``end`` carries ``text[start:end]``
  (quotes made of several parts are checked part by part only).

Run longer with ``pytest tests/test_fuzz_stages.py --hypothesis-profile=long``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from storyline import engine
from storyline.bundle import validate_bundle
from storyline.ingest.language import detect_language
from storyline.models import Article
from storyline.pipeline import ArticleDoc, resolve
from storyline.pipeline.nlp import components_for_pipeline, load_model, summarize
from storyline.store import open_store

MAX_CHARS = 5_000

ENGLISH = [
    "Police in Port Calder said on Tuesday that 45 people had been killed.",
    '"We will not give up," said Mayor Alma Reyes, adding that 1,200 homes were flooded.',
    "The ministry reported 3.5 million dollars in damage, according to officials.",
    "Prices rose 4.2% in March from a year earlier, the statistics office said.",
    "Between 30 and 40 rockets were fired at the town of Brennmoor last week.",
    "John Smith, 45, told reporters the talks would resume next Friday at 3 p.m.",
    "A millennium ago the river ran further west, historians say.",
    "The company, which employs 20,000 people, expects sales of $4 billion in 2025.",
    "She said: “The vote was stolen.” He denied it on Twitter.",
    "Two days later, the army said it had withdrawn some 5,000 troops.",
    "In the 1990s, about half a million refugees crossed the border.",
    "The report, published on 7 October 2023, counted 1,139 dead.",
]

ODD_DATES = [
    "31 February 2023",
    "February 30",
    "the 45th of March",
    "0000-00-00",
    "9999-12-31T25:61",
    "32/13/2020",
    "the year 0",
    "99999999999 days ago",
    "a millennium from now",
    "Q5 2024",
    "week 54",
    "on the 29th of February, 2023",
]

QUOTE_CHARS = "\"“”„«»'‘’‹›「」"
PUNCT = ".,;:!?-–—()[]{}…/\\|*&%$#@^~`+=<>" + QUOTE_CHARS

rtl = st.text(
    alphabet=st.characters(min_codepoint=0x0590, max_codepoint=0x06FF) | st.sampled_from(" \u200f\u200e\u202b\u202e\u202c\u2067\u2069"),
    min_size=1,
    max_size=200,
)
emoji = st.text(
    alphabet=st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF) | st.sampled_from("\u200d\ufe0f \U0001F1FA\U0001F1F8"),
    min_size=1,
    max_size=60,
)
# Surrogates cannot reach an article: no input format can carry them.
any_unicode = st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=1, max_size=300)
controls = st.text(alphabet=st.characters(categories=("Cc", "Cf", "Zl", "Zp", "Zs")), min_size=1, max_size=50)
only_numbers = st.text(alphabet="0123456789 .,-\n", min_size=1, max_size=300)
only_punct = st.text(alphabet=PUNCT + " \n", min_size=1, max_size=300)
unclosed = st.tuples(st.sampled_from(QUOTE_CHARS), st.sampled_from(ENGLISH)).map(lambda p: p[0] + p[1])
many_marks = st.tuples(st.sampled_from(QUOTE_CHARS + '"'), st.integers(100, 3000), st.sampled_from(["", " ", "said "])).map(
    lambda p: (p[2] + p[0]) * p[1]
)
cells = st.one_of(st.integers(-10**9, 10**9).map(str), st.floats(allow_nan=False, allow_infinity=False).map(lambda f: f"{f:,.2f}"))
table = st.tuples(
    st.sampled_from(["\t", " | ", "|", ";"]),
    st.lists(st.lists(cells, min_size=1, max_size=8), min_size=1, max_size=20),
).map(lambda p: "\n".join(p[0].join(row) for row in p[1]))
odd_date = st.sampled_from(ODD_DATES).map(lambda d: f"The deal was signed on {d}, the ministry said.")
english = st.sampled_from(ENGLISH)

piece = st.one_of(english, english, english, rtl, emoji, any_unicode, controls, only_numbers, only_punct, unclosed, many_marks, table, odd_date)
separator = st.sampled_from([" ", "\n", "\n\n", "\r\n", "\t", ""])


@st.composite
def texts(draw: st.DrawFn) -> str:
    """A text of a few pieces, bounded to ``MAX_CHARS`` characters."""
    parts = draw(st.lists(piece, min_size=1, max_size=10))
    sep = draw(separator)
    return sep.join(parts)[:MAX_CHARS]


published = st.sampled_from([None, date(2024, 3, 1), date(2000, 2, 29), date(1, 1, 1), date(9999, 12, 31)])

ARTICLE_STAGES = [s for s in resolve() if s.scope == "article"]


@pytest.fixture(scope="module")
def nlp() -> Any:
    """The shared spaCy model with every component the registered stages need, loaded once."""
    components = components_for_pipeline()
    return components, load_model(components)


def run_article_stages(nlp: Any, text: str, when: date | None) -> ArticleDoc:
    """Run every article stage on one English article, as the engine does (stopping where clean says so)."""
    components, model = nlp
    doc = ArticleDoc(Article(id="fuzz", text=text, language="en", published=when))
    for stage in ARTICLE_STAGES:
        if stage.name == "nlp":
            parsed = model(text)
            doc.results["nlp"] = summarize(parsed, components)
            doc._spacy_doc = parsed
        else:
            doc.results[stage.name] = stage.func([doc])[0]
        if stage.name == "clean" and not doc.data("clean").get("analysable", True):
            break
    return doc


def _spans(value: Any, key: str = "") -> Iterator[tuple[str, dict[str, Any] | list[Any]]]:
    """Every item with offsets in a result: dicts with start/end, and [start, end, ...] lists."""
    if isinstance(value, dict):
        if isinstance(value.get("start"), int) and isinstance(value.get("end"), int):
            yield key, value
        for k, v in value.items():
            yield from _spans(v, k)
    elif isinstance(value, list):
        if key in ("paragraphs", "sentences", "entities", "parts", "cue") and len(value) >= 2 and all(
            isinstance(v, int) for v in value[:2]
        ):
            yield key, value
            return
        for v in value:
            yield from _spans(v, key)


def check_offsets(text: str, data: dict[str, Any], where: str) -> None:
    """Every offset in ``data`` lies inside ``text``; an item's own text is the text at its offsets."""
    for key, item in _spans(data):
        if isinstance(item, list):
            start, end = item[0], item[1]
            assert 0 <= start <= end <= len(text), f"{where}: {key} {item!r} outside a text of {len(text)}"
            continue
        start, end = item["start"], item["end"]
        assert 0 <= start <= end <= len(text), f"{where}: {key} item {item!r} outside a text of {len(text)}"
        own = item.get("text")
        if isinstance(own, str) and len(item.get("parts") or [[start, end]]) == 1:
            assert text[start:end] == own, f"{where}: {key} item says {own!r} but the text there is {text[start:end]!r}"


@given(text=texts(), when=published)
def test_article_stages_never_raise_and_keep_offsets_inside(nlp: Any, text: str, when: date | None) -> None:
    doc = run_article_stages(nlp, text, when)
    assert "clean" in doc.results
    for name, result in doc.results.items():
        check_offsets(text, result.data, name)


@given(text=texts())
def test_language_detection_never_raises(text: str) -> None:
    code, confidence = detect_language(text)
    assert code is None or (isinstance(code, str) and code)
    assert 0.0 <= confidence <= 1.0 + 1e-9


# A few examples through the whole engine: corpus stages see several articles at once.
ENGINE_EXAMPLES = max(3, settings().max_examples // 15)
BIG_PARAGRAPH = " ".join(ENGLISH[i % len(ENGLISH)] for i in range(3_000))[:200_000]


@pytest.mark.slow
@settings(max_examples=ENGINE_EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(bodies=st.lists(texts(), min_size=1, max_size=4))
@example(bodies=[BIG_PARAGRAPH])
def test_corpus_stages_through_analyze(tmp_path: Path, bodies: list[str]) -> None:
    db = tmp_path / f"fuzz-{uuid.uuid4().hex}.db"
    store = open_store(f"sqlite:///{db}")
    try:
        articles = [
            Article(id=f"a{i}", text=body, title=f"Article {i}", outlet=f"Outlet {i % 2}", published=date(2024, 3, 1 + i), language="en")
            for i, body in enumerate(bodies)
        ]
        store.add_articles(articles)
        engine.analyze(store)
        data = engine.bundle(store)
    finally:
        store.close()
    validate_bundle(data)
    texts_by_id = {a.id: a.text for a in articles}
    for section in ("dates", "quotes", "figures"):
        for item in data.get(section, []):
            text = texts_by_id.get(item.get("article", ""))
            if text is not None:
                check_offsets(text, item, section)
