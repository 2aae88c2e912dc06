"""Build and validate the ``storyline/1`` bundle from what the store holds.

What the bundle exports is declared here, in one place: :data:`EXPORTS` maps each bundle section
to the stage and the assigned key that fill it, and :data:`ARTICLE_FIELDS` / :data:`EVENT_FIELDS`
name the stage outputs that add fields to articles and events. A stage's other keys are its
working data. A section whose stage has produced nothing yet stays an empty list.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from storyline.errors import BundleError, PipelineError
from storyline.store import Store

SCHEMA = "storyline/1"
SECTIONS = ("duplicates", "events", "stories", "dates", "quotes", "figures", "entities", "timeline", "conflicts")
# Sections added within storyline/1 after its first release: emitted the same way, optional in the schema.
OPTIONAL_SECTIONS = ("series",)
_COLLECTED = SECTIONS + OPTIONAL_SECTIONS

# Bundle section -> (stage, key of that stage's result). An article stage's items gain the
# article's id.
EXPORTS: dict[str, tuple[str, str]] = {
    "duplicates": ("duplicates", "duplicates"),
    "events": ("events", "events"),
    "stories": ("stories", "stories"),
    "dates": ("dates", "dates"),
    "quotes": ("speakers", "quotes"),
    "figures": ("figure_series", "figures"),
    "entities": ("entities", "entities"),
    "timeline": ("timeline", "timeline"),
    "conflicts": ("figure_series", "conflicts"),
    "series": ("figure_series", "series"),
}
# Corpus stage outputs of the form {article id: {field: value}}, merged into ``articles[]`` in this order.
ARTICLE_FIELDS: tuple[tuple[str, str], ...] = (("duplicates", "article_fields"), ("events", "article_fields"))
# Likewise {event id: {field: value}} merged into ``events[]``.
EVENT_FIELDS: tuple[tuple[str, str], ...] = (("stories", "event_fields"),)
# Sections whose items carry an article id and offsets into its text: sorted by (article, start, end).
PER_ARTICLE = ("dates", "quotes", "figures")


def check_exports() -> None:
    """Raise PipelineError when an export names a stage that is not registered or a key it does not assign."""
    from storyline.pipeline import registered

    stages = registered()
    for what, (stage_name, key) in [*EXPORTS.items(), *(("fields", s) for s in ARTICLE_FIELDS + EVENT_FIELDS)]:
        st = stages.get(stage_name)
        if st is None or key not in st.assigns:
            raise PipelineError(
                f"bundle export {what!r} reads {stage_name!r}.{key!r}, which "
                + ("is not a registered stage" if st is None else f"that stage does not assign (it assigns {', '.join(st.assigns)})")
            )


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
    """Assemble the bundle from every stored stage result, as :data:`EXPORTS` declares."""
    from storyline.pipeline import registered, resolve

    check_exports()
    stages = registered()
    sections: dict[str, list[Any]] = {name: [] for name in _COLLECTED}
    corpus = {st.name: store.corpus_result(st.name) for st in stages.values() if st.scope == "corpus"}
    for name in _COLLECTED:
        stage_name, key = EXPORTS[name]
        if stages[stage_name].scope == "article":
            results = store.article_results(stage_name, with_blob=False)
            for aid in sorted(results):
                for item in results[aid].data.get(key, []):
                    sections[name].append({"article": aid, **item})
        else:
            res = corpus[stage_name]
            if res is not None:
                sections[name].extend(res.data.get(key, []))
    article_fields = _fields(corpus, ARTICLE_FIELDS)
    event_fields = _fields(corpus, EVENT_FIELDS)
    # An article is analysed when it passed every gate stage (clean's language gate, say).
    gates = [(st.name, st.gate) for st in resolve() if st.gate is not None]
    analysed: set[str] | None = None
    for stage_name, gate in gates:
        results = store.article_results(stage_name, with_blob=False)
        passed = {aid for aid, r in results.items() if r.data.get(gate, True)}
        analysed = passed if analysed is None else analysed & passed

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
    for name in PER_ARTICLE:
        sections[name].sort(key=lambda item: (item["article"], item["start"], item["end"]))
    return {"schema": SCHEMA, "articles": articles, **sections}


def _fields(corpus: dict[str, Any], sources: tuple[tuple[str, str], ...]) -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for stage_name, key in sources:
        res = corpus.get(stage_name)
        if res is None:
            continue
        for item_id, fields in res.data.get(key, {}).items():
            merged.setdefault(item_id, {}).update(fields)
    return merged
