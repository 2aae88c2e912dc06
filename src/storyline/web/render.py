"""The Jinja2 environment shared by the web app and the static report, with the helpers templates call.

Templates never build URLs themselves: they ask ``links``, which points at the app's routes when
served and at anchors inside the one file when rendered as the static report.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from storyline.web import chart, markup


def slug(value: str) -> str:
    """An HTML id fragment for any id or name (ids may hold characters ids can't)."""
    return "".join(c if c.isalnum() or c in "-_" else f"_{ord(c):x}" for c in value)


class Links:
    """Link targets of the web app."""

    static = False

    def index(self) -> str | None:
        return "/"

    def story(self, story_id: str) -> str | None:
        return f"/story/{quote(story_id, safe='')}"

    def changes(self, story_id: str, since: str | None = None) -> str | None:
        return f"/story/{quote(story_id, safe='')}/changes" + (f"?{urlencode({'since': since})}" if since else "")

    def event(self, event_id: str) -> str | None:
        return f"/event/{quote(event_id, safe='')}"

    def article(self, article_id: str, anchor: str = "", url: str | None = None) -> str | None:
        return f"/article/{quote(article_id, safe='')}" + (f"#{anchor}" if anchor else "")

    def entity(self, name: str) -> str | None:
        return f"/entity/{quote(name, safe='')}"

    def entities(self, type: str | None = None) -> str | None:
        return "/entities" + (f"?{urlencode({'type': type})}" if type else "")

    def articles(self, outlet: str | None = None) -> str | None:
        return "/articles" + (f"?{urlencode({'outlet': outlet})}" if outlet else "")

    def search(self, q: str = "") -> str | None:
        return "/search" + (f"?{urlencode({'q': q})}" if q else "")


class ReportLinks(Links):
    """Link targets inside the one-file static report: stories and events are anchors, articles link
    to their original URL, and pages the report does not contain are not linked."""

    static = True

    def index(self) -> str | None:
        return "#top"

    def story(self, story_id: str) -> str | None:
        return f"#story-{slug(story_id)}"

    def changes(self, story_id: str, since: str | None = None) -> str | None:
        return None

    def event(self, event_id: str) -> str | None:
        return f"#event-{slug(event_id)}"

    def article(self, article_id: str, anchor: str = "", url: str | None = None) -> str | None:
        return url

    def entity(self, name: str) -> str | None:
        return None

    def entities(self, type: str | None = None) -> str | None:
        return None

    def articles(self, outlet: str | None = None) -> str | None:
        return None

    def search(self, q: str = "") -> str | None:
        return None


def fmt_value(value: Any) -> str:
    """A figure's value for display: ``12``, ``1,200``, ``20–25``."""
    if isinstance(value, (list, tuple)):
        return "–".join(fmt_value(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, (int, float)) else str(value)


def article_body(data: Mapping[str, Any], links: Links) -> Markup:
    """The text of an :func:`storyline.web.pages.article` page with every annotation highlighted."""
    spans: list[markup.Span] = []
    for rel in data["related"]:
        for p in rel["passages"]:
            spans.append(markup.Span(p["own"][0], p["own"][1], f"shared {rel['kind']}", {
                "title": f"shared with {rel['outlet']} ({rel['relation']} {rel['title']})"}, tag="span", rank=0))
    for q in data["quotes"]:
        spans.append(markup.Span(q["start"], q["end"], f"quote {q['kind']}", {
            "id": f"quote-{q['index']}", "data-speaker": "unresolved" if q.get("unresolved") else q["speaker"],
            "title": f"{q['kind']} quote, speaker unresolved" if q.get("unresolved") else f"{q['kind']} quote of {q['speaker']}"}, rank=1))
    for d in data["dates"]:
        spans.append(markup.Span(d["start"], d["end"], "date", {
            "id": f"date-{d['index']}", "data-value": d["value"] or "unresolved",
            "title": f"resolves to {d['value']}" if d["value"] else "not resolved"}, rank=2))
    for f in data["figures"]:
        note = f"{fmt_value(f['value'])} {f['unit'] or ''} · {f['source'] or 'unattributed'}".strip()
        spans.append(markup.Span(f["start"], f["end"], "figure conflict" if f["conflict"] else "figure", {
            "id": f"fig-{f['index']}", "data-note": note,
            "title": note + ("; conflict: " + "; ".join(f["conflict"]) if f["conflict"] else "")}, rank=2))
    for m in data["mentions"]:
        href = links.entity(m["entity"]) if m["entity"] else None
        spans.append(markup.Span(m["start"], m["end"], f"entity {m['label'].lower()}",
                                 {"href": href, "title": f"{m['label']}: {m['entity'] or m['name']}"},
                                 tag="a" if href else "span", rank=3))
    return markup.paragraphs(data["text"], spans)


def figure_chart(unit: Mapping[str, Any], links: Links) -> Markup:
    """The chart of one unit, each point linked to the figure in its article where links exist."""
    return chart.figure_chart(unit, href=lambda p: links.article(p["article"], f"fig-{p['index']}"))


@lru_cache(maxsize=4)
def static_text(name: str) -> str:
    """A file of ``storyline/web/static`` (inlined by the static report)."""
    return resources.files("storyline.web").joinpath("static", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment over the web templates and the report template."""
    env = Environment(
        loader=ChoiceLoader([PackageLoader("storyline.web", "templates"), PackageLoader("storyline", "templates")]),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["value"] = fmt_value
    env.filters["slug"] = slug
    env.globals["colour"] = chart.colour
    env.globals["article_body"] = article_body
    env.globals["figure_chart"] = figure_chart
    env.globals["chart_has_conflict"] = chart.has_conflict
    env.globals["static_text"] = static_text
    return env
