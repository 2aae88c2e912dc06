"""Build and validate the ``storyline/1`` bundle from what the store holds.

Each section is gathered from the stored results of the registered stages: the keys of a result
that are section names are collected in pipeline order. A section no stage has produced yet
stays an empty list.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from storyline.errors import BundleError
from storyline.store import Store

SCHEMA = "storyline/1"
SECTIONS = ("duplicates", "events", "stories", "dates", "quotes", "figures", "entities", "timeline", "conflicts")
# Sections added within storyline/1 after its first release: emitted the same way, optional in the schema.
OPTIONAL_SECTIONS = ("series",)
_COLLECTED = SECTIONS + OPTIONAL_SECTIONS
# Sections whose items carry an article id and are sorted by (article, start).
_PER_ARTICLE = ("dates", "quotes", "figures")


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """The bundle's JSON Schema, shipped inside the package."""
    text = resources.files("storyline").joinpath("schema/bundle.schema.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def validate_bundle(data: dict[str, Any]) -> None:
    """Raise BundleError naming the first violation when ``data`` does not match the schema."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(load_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise BundleError(f"bundle does not match {SCHEMA} at {where}: {error.message}")


def build_bundle(store: Store) -> dict[str, Any]:
    """Assemble the bundle from every stored stage result."""
    from storyline.pipeline import resolve

    sections: dict[str, list[Any]] = {name: [] for name in _COLLECTED}
    article_fields: dict[str, dict[str, Any]] = {}
    # A later corpus stage may fill fields of earlier stages' events (the stories stage sets events[].story).
    event_fields: dict[str, dict[str, Any]] = {}
    analysed: set[str] | None = None
    for st in resolve():
        if st.scope == "article":
            results = store.article_results(st.name, with_blob=False)
            if st.name == "clean":
                analysed = {aid for aid, r in results.items() if r.data.get("analysable", True)}
            # Article stages contribute only per-article sections: other keys of theirs (the nlp
            # stage's raw "entities", say) are working data, not bundle content.
            for aid in sorted(results):
                data = results[aid].data
                for name in _PER_ARTICLE:
                    for item in data.get(name, []):
                        sections[name].append({"article": aid, **item})
        else:
            res = store.corpus_result(st.name)
            if res is None:
                continue
            for name in _COLLECTED:
                sections[name].extend(res.data.get(name, []))
            for aid, fields in res.data.get("article_fields", {}).items():
                article_fields.setdefault(aid, {}).update(fields)
            for eid, fields in res.data.get("event_fields", {}).items():
                event_fields.setdefault(eid, {}).update(fields)

    articles = []
    for art in store.iter_articles():
        fields = article_fields.get(art.id, {})
        articles.append(
            {
                "id": art.id,
                "outlet": art.outlet,
                "title": art.title,
                "published": art.published.isoformat() if art.published else None,
                "url": art.url,
                "event": fields.get("event"),
                "duplicate_of": fields.get("duplicate_of"),
                "language": art.language,
                "analysed": analysed is not None and art.id in analysed,
            }
        )
    for event in sections["events"]:
        event.update(event_fields.get(event["id"], {}))
    for name in _PER_ARTICLE:
        sections[name].sort(key=lambda item: (item["article"], item["start"], item["end"]))
    return {"schema": SCHEMA, "articles": articles, **sections}
