"""The static report written by ``export --html``: the story view of every story, in one HTML file.

The file is self-contained and opens offline: the stylesheet is inlined, the charts are inline SVG,
and nothing is loaded from anywhere. It renders the same data functions and templates as the web
app's story and event pages (:mod:`storyline.web.pages`), with links pointing inside the file;
articles link to their original URL, which is the source a reader checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storyline.files import atomic_write
from storyline.store import Store

# Articles listed in the "in no event" section at most; a large corpus would make the file huge.
MAX_LOOSE_ARTICLES = 500


def render_report(bundle: dict[str, Any], store: Store | None = None) -> str:
    """Render the bundle's stories, events and outlet comparison as one self-contained HTML page.

    Args:
        bundle: a ``storyline/1`` bundle.
        store: the store it came from; it supplies article texts for the framing comparison.
            Without it, framing is left empty and says so.
    """
    from storyline.web import pages
    from storyline.web.render import ReportLinks, environment
    from storyline.web.view import CorpusView

    ctx = pages.PageContext(CorpusView(bundle, fingerprint="report"), store)
    index = pages.index(ctx)
    stories = [pages.story(ctx, s["id"]) for s in index["stories"]]
    events = {e["id"]: pages.event(ctx, e["id"]) for e in bundle["events"]}
    in_event = {aid for e in bundle["events"] for aid in e["articles"]}
    loose = [a for a in pages.articles(ctx)["articles"] if a["id"] not in in_event]
    return environment().get_template("report.html").render(
        links=ReportLinks(),
        index=index,
        stories=stories,
        events=events,
        loose=loose[:MAX_LOOSE_ARTICLES],
        loose_total=len(loose),
        has_texts=store is not None,
    )


def write_report(path: str | Path, bundle: dict[str, Any], store: Store | None = None) -> None:
    """Render the report and write it to ``path`` atomically (never half-written)."""
    atomic_write(Path(path), render_report(bundle, store))
