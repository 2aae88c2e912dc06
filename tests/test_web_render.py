"""The web layer's pieces: span markup, the SVG chart, and the bundle cache keyed by the store's state."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from storyline.models import Article
from storyline.store import Store
from storyline.web.chart import figure_chart, has_conflict, nice_ticks
from storyline.web.markup import Span, annotate, paragraphs
from storyline.web.view import ViewCache, store_fingerprint


class _Nesting(HTMLParser):
    """Fails on a closing tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()


def well_formed(html: str) -> bool:
    parser = _Nesting()
    parser.feed(html)
    return parser.stack == []


def test_annotate_nests_and_escapes() -> None:
    text = 'Reyes said "<open> on Friday".'
    quote = Span(12, 28, "quote", {"data-speaker": "Alma Reyes"}, rank=1)
    date = Span(22, 28, "date", {"data-value": "2024-03-08"}, rank=2)
    html = str(annotate(text, [date, quote]))
    assert html == ('Reyes said "<mark class="quote" data-speaker="Alma Reyes">&lt;open&gt; on '
                    '<mark class="date" data-value="2024-03-08">Friday</mark></mark>".')


def test_annotate_splits_crossing_spans_and_keeps_the_id_on_the_first_piece() -> None:
    text = "one two three four"
    a = Span(0, 13, "shared", {"id": "p1"}, tag="span", rank=0)
    b = Span(8, 18, "quote", {"id": "q1"}, rank=1)
    html = str(annotate(text, [a, b]))
    assert well_formed(html)
    assert html.count('id="q1"') == 1 and html.count('id="p1"') == 1
    # The quote is cut where the shared passage ends: its first piece is "split", its second "cont".
    assert '<mark class="quote split" id="q1">' in html and '<mark class="quote cont">' in html
    assert re.sub(r"<[^>]+>", "", html) == text  # the text is intact


def test_annotate_skips_spans_outside_the_text() -> None:
    assert str(annotate("abc", [Span(2, 9, "x"), Span(1, 1, "y"), Span(-1, 2, "z")])) == "abc"


def test_paragraphs_split_spans_at_blank_lines() -> None:
    text = "First para.\n\nSecond para."
    html = str(paragraphs(text, [Span(6, 19, "quote", {"id": "q"})]))
    assert html.count("<p>") == 2 and well_formed(html)
    assert html.count('id="q"') == 1 and html.count('class="quote') == 2


def test_nice_ticks_are_round_and_cover_the_range() -> None:
    assert nice_ticks(0, 97) == [0, 20, 40, 60, 80, 100]
    assert nice_ticks(0, 0.3)[-1] >= 0.3
    assert nice_ticks(5, 5) == [5, 5.2, 5.4, 5.6, 5.8, 6.0]


def _point(day: str | None, low: float, high: float, conflict: list[str] | None = None) -> dict[str, object]:
    return {"date": day, "low": low, "high": high, "conflict": conflict or [], "text": "t", "outlet": "O",
            "unit": "killed", "article": "a", "index": 0}


def test_chart_draws_series_ranges_conflicts_and_links() -> None:
    unit = {"unit": "killed", "series": [
        {"source": "police", "points": [_point("2024-03-04", 12, 12), _point("2024-03-06", 14, 14, ["12 vs 20"])]},
        {"source": "witnesses", "points": [_point("2024-03-04", 20, 25), _point(None, 1, 1)]},
    ]}
    svg = str(figure_chart(unit, href=lambda p: "/article/a#fig-0"))
    assert svg.startswith('<svg class="chart"') and well_formed(svg)
    assert svg.count('class="point"') == 3  # the undated point is not plotted
    assert svg.count('class="conflict"') == 1 and "conflict: 12 vs 20" in svg
    assert svg.count("<polyline") == 1  # only the police series has two dated points
    assert svg.count('<a href="/article/a#fig-0">') == 3
    assert "20–25" in svg  # the range's tooltip


def test_chart_has_conflict_only_when_a_drawn_point_is_in_one() -> None:
    calm = {"unit": "killed", "series": [{"source": "police", "points": [_point("2024-03-04", 12, 12)]}]}
    assert not has_conflict(calm)
    # an undated point is not drawn, so its conflict gets no ring and no legend entry
    undated = {"unit": "killed", "series": [{"source": "police", "points": [_point(None, 12, 12, ["12 vs 20"])]}]}
    assert not has_conflict(undated)
    calm["series"][0]["points"].append(_point("2024-03-05", 20, 20, ["12 vs 20"]))
    assert has_conflict(calm)


def test_chart_without_dated_points_is_empty() -> None:
    assert str(figure_chart({"unit": "x", "series": [{"source": "s", "points": [_point(None, 1, 1)]}]})) == ""


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_view_is_rebuilt_only_when_the_store_changes(store: Store) -> None:
    clock = _Clock()
    builds: list[int] = []

    def build(s: Store) -> dict[str, object]:
        builds.append(s.count_articles())
        return {"articles": [], "events": [], "stories": [], "dates": [], "quotes": [], "figures": [],
                "duplicates": [], "entities": []}

    cache = ViewCache(store, recheck_s=5, clock=clock, build=build)
    first = cache.current()
    clock.now = 1
    assert cache.current() is first  # within recheck_s: not even the fingerprint is read
    clock.now = 10
    assert cache.current() is first and builds == [0]  # checked, unchanged
    store.add_articles([Article(id="a1", text="The harbour reopened on Friday.")])
    assert cache.current() is first  # not checked again yet
    clock.now = 20
    second = cache.current()
    assert second is not first and builds == [0, 1]


def test_fingerprint_changes_with_articles_and_results(store: Store) -> None:
    empty = store_fingerprint(store)
    store.add_articles([Article(id="a1", text="The harbour reopened on Friday.")])
    added = store_fingerprint(store)
    assert added != empty and store_fingerprint(store) == added
    from storyline.models import StageResult

    store.put_corpus_result("events", "1", "h", StageResult({"events": []}))
    assert store_fingerprint(store) != added


@pytest.mark.parametrize("kind", ["dates", "figures"])
def test_memo_computes_once(kind: str) -> None:
    from storyline.web.view import CorpusView

    view = CorpusView({"articles": [], "events": [], "stories": [], "dates": [], "quotes": [], "figures": [],
                       "duplicates": [], "entities": []}, "f")
    calls: list[int] = []
    assert view.memo(kind, lambda: calls.append(1) or 7) == 7
    assert view.memo(kind, lambda: calls.append(1) or 8) == 7 and calls == [1] and view.has(kind)
