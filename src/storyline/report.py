"""The self-contained static HTML report written by ``export --html``."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape


def _env() -> Environment:
    return Environment(loader=PackageLoader("storyline", "templates"), autoescape=select_autoescape(["html"]))


def render_report(bundle: dict[str, Any]) -> str:
    """Render the bundle as one HTML file with inline CSS and no external resources."""
    by_outlet: dict[str, int] = {}
    for art in bundle["articles"]:
        by_outlet[art["outlet"] or "(unknown)"] = by_outlet.get(art["outlet"] or "(unknown)", 0) + 1
    articles = {a["id"]: a for a in bundle["articles"]}
    return _env().get_template("report.html").render(b=bundle, by_outlet=sorted(by_outlet.items()), articles=articles)
