"""Figures in a real browser (headless Chromium through Playwright): conflicts with their *why* and
both sentences on the story and article pages, one quantity per chart with the quantity in words and
its unit on the value axis, and the outlet named for a figure it states without attribution.

Reuses the app, store and browser fixtures of tests/test_browser.py (the sample corpus, analysed once
per module); skipped like it when Chromium is missing.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from test_browser import analysed, browser, page, shot, site  # noqa: F401  (pytest fixtures)

pytestmark = pytest.mark.browser


def _stories(site: str) -> list[dict[str, Any]]:  # noqa: F811
    out = []
    for story in httpx.get(f"{site}/index.json").json()["stories"]:
        out.append({**story, "data": httpx.get(f"{site}/story/{story['id']}.json", timeout=30).json()})
    return out


def test_story_page_shows_each_conflict_with_its_why_and_both_sentences(page: Any, site: str) -> None:  # noqa: F811
    story = next((s for s in _stories(site) if s["data"]["figures"]["conflicts"]), None)
    assert story is not None, "the sample corpus has conflicting figures"
    conflict = story["data"]["figures"]["conflicts"][0]
    assert conflict["why"] and len(conflict["sides"]) == 2
    page.goto(f"{site}/story/{story['id']}")
    item = page.locator("ul.conflicts li.conflict-item").first
    item.wait_for()
    assert conflict["why"] in item.locator(".why").inner_text()
    sides = item.locator("blockquote.side")
    assert sides.count() == 2
    for i, side in enumerate(conflict["sides"]):
        shown = sides.nth(i).inner_text()
        # whose figure it is, and the sentence it stands in, as the bundle gives them
        assert side["source"] in shown and side["sentence"][:40] in " ".join(shown.split())
    assert "unattributed" not in page.locator("ul.conflicts").inner_text()
    shot(page, "story-conflicts")


def test_each_chart_is_one_quantity_in_words_with_its_unit_on_the_axis(page: Any, site: str) -> None:  # noqa: F811
    story = max(_stories(site), key=lambda s: len(s["data"]["figures"]["units"]))
    units = story["data"]["figures"]["units"]
    assert units, "the sample corpus has figures"
    for unit in units:
        # one quantity per chart: every point of every series measures the chart's quantity
        assert {p["unit"] for s in unit["series"] for p in s["points"]} == {unit["unit"]}
        assert unit["title"] and unit["axis"]
    page.goto(f"{site}/story/{story['id']}")
    boxes = page.locator("figure.chart-box")
    boxes.first.wait_for()
    for i in range(boxes.count()):
        box = boxes.nth(i)
        unit = units[i]
        assert box.locator("figcaption strong.quantity").inner_text() == unit["title"]
        chart = box.locator("svg.chart")
        if chart.count() == 0:
            continue  # a quantity without a dated figure is listed, not drawn
        label = chart.locator("text.axis-label")
        assert label.count() == 1 and label.text_content() == unit["axis"]
        # the label is drawn along the value axis: left of the plot, turned upright
        assert "rotate(-90" in (label.get_attribute("transform") or "")
        lbox, cbox = label.bounding_box(), chart.bounding_box()
        assert lbox and cbox and lbox["x"] < cbox["x"] + 0.15 * cbox["width"] and lbox["height"] > lbox["width"]
    shot(page, "story-charts")


def test_article_page_lists_its_conflicts_and_names_the_outlet_for_its_own_figures(page: Any, site: str, analysed: Any) -> None:  # noqa: F811
    from storyline import engine

    bundle = engine.bundle(analysed)
    conflict = bundle["conflicts"][0]
    aid = conflict["sides"][0]["article"]
    page.goto(f"{site}/article/{aid}")
    section = page.locator("section[aria-labelledby=conflicts-h]")
    section.wait_for()
    assert conflict["why"] in section.inner_text()
    assert section.locator("blockquote.side").count() >= 2
    # the figures table names the outlet for a figure the article states on its own authority
    table = page.locator("section[aria-labelledby=figures-h] table")
    assert "unattributed" not in table.inner_text()
    own = [f for f in bundle["figures"] if f["article"] == aid and not f["source"]]
    if own:
        outlet = next(a["outlet"] for a in bundle["articles"] if a["id"] == aid)
        assert outlet and outlet in table.inner_text()
    shot(page, "article-conflicts")
