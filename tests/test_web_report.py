"""The static report (``export --html``): the story view in one self-contained file."""

from __future__ import annotations

import re
from pathlib import Path

from test_web import fill_store, hand_bundle

from storyline import engine
from storyline.web.report import render_report, write_report
from storyline.store import Store


def _external_resources(html: str) -> list[str]:
    """Everything that would make a browser fetch something: scripts, styles, images, fonts, frames."""
    found = re.findall(r"<(?:script|img|iframe|audio|video|source|embed|object)\b[^>]*\bsrc=[^>]*>", html, re.I)
    found += re.findall(r"<link\b[^>]*>", html, re.I)
    found += re.findall(r"url\([^)]*\)|@import", html, re.I)
    return found


def test_report_is_one_self_contained_file(store: Store) -> None:
    fill_store(store)
    html = render_report(hand_bundle(), store)
    assert _external_resources(html) == []
    assert "<style>" in html and ':root' in html and '"Segoe UI"' in html  # the stylesheet is inlined, unescaped
    assert html.count('<svg class="chart"') == 1 and 'class="conflict"' in html
    # The story view's sections, with the framing computed from the stored texts.
    for heading in ("Timeline", "Events", "Figures by source over time", "Quotes by speaker", "Coverage by outlet", "Framing"):
        assert f">{heading}" in html
    assert "massacre" in html and "Violence in Port Ellis" in html


def test_report_links_stay_inside_the_file_or_go_to_the_source(store: Store) -> None:
    fill_store(store)
    html = render_report(hand_bundle(), store)
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs
    for href in hrefs:
        if href.startswith("#"):
            assert href[1:] in ids, f"anchor {href} points nowhere"
        else:
            assert re.fullmatch(r"https://\w+\.example/story", href), f"unexpected link {href}"
    # Copies are folded under their original in the event's article list.
    event = html[html.index('id="event-E1"'):]
    assert event.index("Daily Courier") < event.index("</details>")


def test_report_from_a_bundle_alone_says_framing_needs_texts() -> None:
    html = render_report(hand_bundle())
    assert "framing needs the article texts" in html
    assert "Framing compares outlets" in html or "No word sets" in html


def test_report_of_an_empty_database_says_so(store: Store) -> None:
    html = render_report(engine.bundle(store), store)
    assert "holds no articles" in html


def test_export_html_writes_the_report(store: Store, tmp_path: Path) -> None:
    fill_store(store)
    target = tmp_path / "story.html"
    write_report(target, engine.bundle(store), store)
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and _external_resources(html) == []
